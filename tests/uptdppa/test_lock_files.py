"""What production runs is pinned: every dependency in pyproject.toml is in the lock files, at a
version its range allows, with hashes (README "Dependencies" says how to refresh them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: str) -> dict[str, Version]:
    """Canonical name -> pinned version, from a pip-compile lock file."""
    found: dict[str, Version] = {}
    for line in (ROOT / lock).read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = Version(match.group(2))
    return found


def unlocked(requirements: list[str], lock: str) -> list[str]:
    """The requirements the lock does not pin, or pins at a version outside their range."""
    locked = pins(lock)
    missing = []
    for line in requirements:
        requirement = Requirement(line)
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(line)
    return missing


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ["dependencies"]), ("requirements-dev.lock", ["dependencies", "dev"])],
)
def test_every_dependency_of_pyproject_is_pinned_in_the_lock_within_its_range(lock: str, groups: list[str]):
    requirements = [
        r
        for group in groups
        for r in (PYPROJECT[group] if group == "dependencies" else PYPROJECT["optional-dependencies"][group])
    ]
    assert unlocked(requirements, lock) == [], f"refresh {lock} (README: Dependencies)"


def test_the_dev_lock_installs_the_same_versions_as_production():
    production, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in production} == production


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pinned_package_carries_its_hashes(lock: str):
    text = (ROOT / lock).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    pinned = [block for block in blocks if PIN.match(block)]
    assert pinned and all("--hash=sha256:" in block for block in pinned)
