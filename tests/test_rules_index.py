"""docs/rules.md is the index of the business and legal rules: every row names the one function
that enforces a rule and the tests that prove it. These tests keep the index honest (no
database): every "enforced by" path imports, every "proved by" test is defined in its file, every
file:line the document cites exists, and every docs/…#anchor the code points to is a heading."""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RULES = DOCS / "rules.md"
COLUMNS = ("rule", "source", "enforced by", "proved by")
CODE = re.compile(r"`([^`]+)`")
SOURCE_FOLDERS = (
    "cases",
    "referrals",
    "coordination",
    "dataprotection",
    "reports",
    "uptdppa",
    "templates",
    "tests",
    "bench",
)


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    @property
    def label(self) -> str:
        return f"rules.md:{self.line} ({self.cells['rule'][:60]}…)"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def rules_table() -> tuple[list[str], list[Row]]:
    """The header and the rows of the table whose header has the rule columns."""
    lines = RULES.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|") and {c.lower() for c in _cells(line)} >= set(COLUMNS):
            header = [c.lower() for c in _cells(line)]
            rows = []
            for number, row in enumerate(lines[index + 2 :], start=index + 3):
                if not row.startswith("|"):
                    break
                cells = _cells(row)
                rows.append(Row(number, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))))
            return header, rows
    return [], []


def resolve(dotted: str) -> Any:
    """The object at ``dotted``: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(dotted)


def _defined_tests(path: Path) -> set[str]:
    """``name`` and ``Class::name`` of every test function and class in ``path``."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            names |= {
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    return names


def node_id_problem(node_id: str) -> str | None:
    """Why ``node_id`` does not name a test that exists, or None. Parameters ([...]) are allowed."""
    path, _, name = re.sub(r"\[.*\]$", "", node_id).partition("::")
    if not name:
        return f"{node_id}: not a node id (file::test)"
    file = ROOT / path
    if not file.is_file():
        return f"{node_id}: no file {path}"
    if not name.split("::")[-1].startswith(("test", "Test")):
        return f"{node_id}: {name} is not a test"
    if name not in _defined_tests(file):
        return f"{node_id}: {name} is not defined in {path}"
    return None


def test_the_table_has_the_columns_and_rows():
    header, rows = rules_table()
    assert header, f"no table with the columns {COLUMNS} in {RULES}"
    assert len(rows) >= 30, f"only {len(rows)} rules"
    empty = [row.label for row in rows if not all(row.cells[column] for column in COLUMNS)]
    assert not empty, "rows with an empty rule, source, enforced by or proved by:\n" + "\n".join(empty)


def test_every_rule_names_one_function_that_exists():
    problems = []
    for row in rules_table()[1]:
        paths = CODE.findall(row.cells["enforced by"])
        if len(paths) != 1:
            problems.append(f"{row.label}: names {len(paths)} functions, not one")
            continue
        try:
            target = resolve(paths[0])
        except (ImportError, AttributeError) as error:
            problems.append(f"{row.label}: {paths[0]} does not resolve ({error})")
            continue
        if not (callable(target) or isinstance(target, property)):
            problems.append(f"{row.label}: {paths[0]} is neither callable nor a property")
    assert not problems, "\n".join(problems)


def test_every_proof_is_a_test_that_exists():
    problems = []
    for row in rules_table()[1]:
        node_ids = CODE.findall(row.cells["proved by"])
        if not node_ids:
            problems.append(f"{row.label}: no test named")
        problems += [f"{row.label}: {problem}" for n in node_ids if (problem := node_id_problem(n))]
    assert not problems, "\n".join(problems)


def test_every_file_and_line_the_document_cites_exists():
    problems = []
    for path, line in re.findall(r"`?([\w/]+\.py):(\d+)", RULES.read_text(encoding="utf-8")):
        file = ROOT / path
        if not file.is_file():
            problems.append(f"{path}:{line}: no such file")
        elif int(line) > len(file.read_text(encoding="utf-8").splitlines()):
            problems.append(f"{path}:{line}: the file is shorter")
    assert not problems, "\n".join(problems)


def _anchors(document: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", document.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_every_docs_anchor_the_code_points_to_is_a_heading():
    pointer = re.compile(r"docs/(\w+\.md)#([\w-]+)")
    problems = []
    sources = [
        path for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".html")
    ]
    for source in [*sources, ROOT / "README.md"]:
        for document, anchor in pointer.findall(source.read_text(encoding="utf-8")):
            target = DOCS / document
            if not target.is_file() or anchor not in _anchors(target):
                problems.append(f"{source.relative_to(ROOT)}: docs/{document}#{anchor}")
    assert not problems, "pointers to missing docs or headings:\n" + "\n".join(problems)
