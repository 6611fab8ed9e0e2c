"""Backups need committed data (pg_dump reads from its own connection) and PostgreSQL."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from django.conf import settings
from psycopg2 import sql
from pyrage import x25519

from cases.services import attachment_add, person_add
from tests.records import PDF
from uptdppa.operations.pg import Target, scratch_database, table_counts


@pytest.fixture
def backup_dir(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.BACKUP_DIR


@pytest.fixture
def attachment(world) -> Any:  # type: ignore[no-untyped-def]
    """A named victim on case_a and a PDF on the case: encrypted fields and a media file."""
    person_add(actor=world.kepala, case=world.case_a, role="korban", full_name="Kenanga Putri", nik="1571990101150001")
    return attachment_add(actor=world.kepala, case=world.case_a, file=io.BytesIO(PDF), file_name="visum_Kenanga.pdf")


@pytest.fixture
def other_database() -> Iterator[Target]:
    """An empty database on the test server, dropped afterwards (the drill's own scratch helper)."""
    with scratch_database(Target.configured()) as target:
        yield target


def table_digests(target: Target) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows (order-independent)."""
    conn = target.connect()
    try:
        with conn.cursor() as cursor:
            counts = table_counts(cursor)
            digests = {}
            for table in counts:
                cursor.execute(
                    sql.SQL("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t").format(
                        sql.Identifier("public", table)
                    )
                )
                digests[table] = (counts[table], cursor.fetchone()[0])
        return digests
    finally:
        conn.close()


def media_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def rewrite_backup(path: Path, change: Any) -> None:
    """Decrypt ``path``, let ``change(members)`` alter the tar's {name: bytes}, encrypt it again
    (with the dev key pair): a backup whose encryption is intact but whose contents were altered."""
    identity = x25519.Identity.from_str(settings.BACKUP_IDENTITY)
    plain = pyrage.decrypt(path.read_bytes(), [identity])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    change(members)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    recipient = x25519.Recipient.from_str(settings.BACKUP_RECIPIENTS[0])
    path.write_bytes(pyrage.encrypt(out.getvalue(), [recipient]))
