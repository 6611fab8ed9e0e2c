"""What a restore check found wrong, stored as a msgid and its parameters (names of tables,
files and fields only) so that each reader sees it in their language, as notifications are."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

DUMP_MISSING = gettext_noop("The database dump is missing from the backup.")
DUMP_CHECKSUM = gettext_noop("The database dump's checksum differs from the manifest.")
FILE_MISSING = gettext_noop("Media file %(file)s is missing.")
FILE_CHECKSUM = gettext_noop("Media file %(file)s: checksum differs from the manifest.")
FILE_EXTRA = gettext_noop("Media file %(file)s is not in the manifest.")
TABLE_MISSING = gettext_noop("Table %(table)s is missing after the restore.")
TABLE_EXTRA = gettext_noop("Table %(table)s is not in the manifest.")
TABLE_COUNT = gettext_noop("Table %(table)s: %(expected)s rows in the manifest, %(restored)s restored.")
FIELD_UNREADABLE = gettext_noop("%(field)s cannot be decrypted with FIELD_ENCRYPTION_KEYS.")
INDEX_MISMATCH = gettext_noop("%(field)s: the blind index does not match under BLIND_INDEX_KEY.")
MIGRATIONS_MISSING = gettext_noop(
    "migrate --check: the restored schema lacks migrations this version of the application has."
)


def problem(message: str, **params: Any) -> dict[str, Any]:
    return {"message": message, "params": params}


def problem_text(entry: dict[str, Any]) -> str:
    """The entry in the active language (an operator's error, stored as is, reads as written)."""
    message = gettext(entry.get("message", ""))
    params = entry.get("params") or {}
    try:
        return message % params if params else message
    except (KeyError, TypeError, ValueError):
        return message
