"""Browser tests: Playwright drives Debian's /usr/bin/chromium (never `playwright install`)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the same
# thread are safe here, and live_server serves from its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# tryfirst: xdist reads the xdist_group marks in its own pytest_collection_modifyitems; a group
# added after it has run is ignored and the tests are spread over both workers.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One xdist worker runs every browser test: two Chromiums on two cores thrash.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing (make test installs it with apt-get)")
        pytest.skip("/usr/bin/chromium is missing: run `make test` as root to install it")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_world(transactional_db, world):  # type: ignore[no-untyped-def]
    """The test world, committed so that the live server's thread sees it."""
    return world


@pytest.fixture
def csp_violations(page):  # type: ignore[no-untyped-def]
    """Console messages that report a Content-Security-Policy violation (must stay empty)."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_REPORTS = ARTIFACTS.parent / "axe"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_BLOCKING = {"serious", "critical"}


@functools.cache
def axe_source() -> str:
    """axe-core as a script for ``page.evaluate`` or ``context.add_init_script`` (both outside the CSP)."""
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined"


def axe_audit(page, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the page as it is now; keep the JSON report in test-artifacts/axe/<name>.json
    and return the violations. The app's CSP forbids inline scripts, so axe is evaluated through the
    DevTools protocol (which CSP does not govern) rather than added as a <script> tag; it is never
    served by the app."""
    import json

    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"url": results["url"], "axe": results["testEngine"]["version"], "violations": results["violations"]}
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return list(results["violations"])


def axe_summary(violations: list[dict]) -> str:
    """One line per violation and the first few offending elements, for a failure message."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:4]]
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} -> {targets}")
    return "\n".join(lines)
