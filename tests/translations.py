"""The Indonesian catalogue read as data, for the translation checks (docs/architecture.md#translations).

- ``catalogue()``: the entries of locale/id/LC_MESSAGES/django.po.
- ``extracted()``: every msgid the code and templates use, found by Django's own ``makemessages``
  run over a copy of the sources in a temporary directory (the real catalogue is never touched,
  and nothing needs the network).
- ``english_phrases()``: the app's own English texts that an Indonesian page must not show.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO_FILE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
# Where the interface's strings live: the apps, the project package and the templates.
SOURCES = ("cases", "coordination", "dataprotection", "referrals", "reports", "uptdppa", "templates")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


@dataclass(frozen=True)
class Entry:
    msgid: str
    context: str = ""
    plural: str = ""
    translations: tuple[str, ...] = ()
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return self.context, self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations) and not self.fuzzy

    def __str__(self) -> str:
        return f"{self.msgid!r}" + (f" (context {self.context!r})" if self.context else "")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header and obsolete ``#~`` entries left out). An entry ends
    where the next one's comments, msgctxt or msgid begin, blank line or not."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current, start = "", 0

    def flush() -> None:
        if fields.get("msgid"):
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    context=fields.get("msgctxt", ""),
                    plural=fields.get("msgid_plural", ""),
                    translations=tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr")),
                    fuzzy="fuzzy" in flags,
                    line=start,
                )
            )
        fields.clear()
        flags.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        keyword = "#" if line.startswith("#") else line.partition(" ")[0]
        if keyword in ("#", "msgctxt", "msgid") and current.startswith("msgstr"):
            flush()
            current = ""
        if keyword == "#":
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            fields[current] += _unquote(line)
        else:
            if not fields:
                start = number
            current = keyword
            fields[keyword] = _unquote(line.partition(" ")[2])
    flush()
    return entries


@cache
def catalogue() -> tuple[Entry, ...]:
    return tuple(parse_po(PO_FILE))


@cache
def extracted() -> tuple[Entry, ...]:
    """Every msgid of the code and templates, as ``makemessages -l id`` extracts it.

    The sources are copied to a temporary directory with an empty ``locale`` there, and the
    command runs inside it with the copy's settings, so its LOCALE_PATHS is the copy's: the
    project's catalogue is neither read nor rewritten.
    """
    with tempfile.TemporaryDirectory(prefix="uptdppa-msgids-") as tmp:
        work = Path(tmp)
        for name in SOURCES:
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (work / "locale").mkdir()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "uptdppa.settings", "PYTHONPATH": str(work)}
        env.setdefault("DATABASE_URL", "sqlite:///:memory:")
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "id", "--no-wrap", "-v0"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        return tuple(parse_po(work / "locale" / "id" / "LC_MESSAGES" / "django.po"))


_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^}]*\}")


def english_phrases(min_words: int = 2) -> list[str]:
    """The app's own English texts (msgids) whose Indonesian differs: each run of at least
    ``min_words`` words between placeholders, without the trailing full stop."""
    phrases: set[str] = set()
    for entry in catalogue():
        if not entry.translated or entry.msgid in entry.translations:
            continue
        for text in (entry.msgid, entry.plural):
            for fragment in _PLACEHOLDER.split(text):
                fragment = " ".join(fragment.split()).strip(" .,:;·()—-")
                if len(re.findall(r"[A-Za-z]+", fragment)) >= min_words:
                    phrases.add(fragment)
    translations = {" ".join(t.split()) for entry in catalogue() for t in entry.translations}
    # A phrase that is also Indonesian (a name, a code such as "SAPA 129") is no sign of English.
    return sorted(p for p in phrases if not any(p.lower() == t.lower() for t in translations))
