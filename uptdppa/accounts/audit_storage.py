"""Where the audit trail lives: monthly partitions of ``auditlog_logentry`` (PostgreSQL).

Migration accounts 0012 partitions the table by month and defines the SQL functions used here;
docs/scaling.md ("The audit trail") says why. An entry whose month has no partition yet goes to
the default partition, so an insert never fails; the daily job makes the partitions of this month
and the next ``AHEAD_MONTHS`` before entries need them. Making a table needs the owner role: the
job runs on the "backup" queue, whose worker holds BACKUP_DATABASE_URL (as the destruction scrub
does); without it (development, tests) the default connection is used. SQLite has one table and
nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection

AHEAD_MONTHS = 3
PARENT = "auditlog_logentry"


def month_starts(today: date, ahead: int = AHEAD_MONTHS) -> list[date]:
    """The first days of this month and the next ``ahead`` months."""
    first = today.replace(day=1)
    return [date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1) for n in range(ahead + 1)]


@contextmanager
def _owner_cursor() -> Iterator[Any]:
    """A cursor as the owner role (BACKUP_DATABASE_URL), committed at the end; else Django's own."""
    if settings.BACKUP_DATABASE_URL:
        from uptdppa.operations.pg import Target

        owner = Target.configured().connect()
        try:
            with owner, owner.cursor() as cursor:
                yield cursor
        finally:
            owner.close()
        return
    with connection.cursor() as cursor:
        yield cursor


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return bool(row and row[0])


def audit_partitions_ensure(*, today: date, ahead: int = AHEAD_MONTHS) -> list[str]:
    """Make the partitions of this month and the next ``ahead`` months that do not exist yet;
    returns their names. A month whose entries already went to the default partition keeps them
    there (nothing is ever moved)."""
    if not is_partitioned():
        return []
    made = []
    with _owner_cursor() as cursor:
        for month in month_starts(today, ahead):
            cursor.execute("SELECT audit_partition_create(%s)", [month])
            name = cursor.fetchone()[0]
            if name:
                made.append(name)
    return made


def audit_partitions() -> list[tuple[str, int]]:
    """Every partition of the audit trail with its number of entries, oldest month first, the
    default partition last."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass ORDER BY c.relname = %s, c.relname",
            [PARENT, f"{PARENT}_default"],
        )
        names = [row[0] for row in cursor.fetchall()]
        counts = []
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - a catalogue name
            counts.append((name, cursor.fetchone()[0]))
    return counts
