"""manage.py backup and restore: everything comes back, and damage or a wrong key is refused loudly."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone
from pyrage import x25519

from cases.services import intake_register
from cases.vocabularies import Channel
from tests.operations.conftest import media_tree, rewrite_backup, table_digests
from uptdppa.operations.models import BackupRun
from uptdppa.operations.pg import Target

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


QUIET = io.StringIO()


def only_backup(backup_dir):  # type: ignore[no-untyped-def]
    files = sorted(backup_dir.glob("uptdppa-*.tar.age"))
    assert len(files) == 1
    return files[0]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a process of its own, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_backup_restored_into_another_database_gives_every_row_and_file_back(
    world, attachment, backup_dir, other_database, settings, tmp_path
):
    call_command("backup", stdout=QUIET)
    path = only_backup(backup_dir)
    assert path.stat().st_mode & 0o077 == 0  # owner-only
    assert b"Kenanga" not in path.read_bytes() and b"%PDF" not in path.read_bytes()  # encrypted as a whole
    source_rows = table_digests(Target.configured())
    source_media = media_tree(settings.MEDIA_ROOT)
    assert attachment.stored_name in source_media

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", database_name=other_database.name, stdout=QUIET)

    restored_rows = table_digests(other_database)
    # The backup's own record was written after its snapshot (it says "running" in the backup).
    assert restored_rows.pop("operations_backuprun") != source_rows.pop("operations_backuprun")
    assert restored_rows == source_rows
    assert "auditlog_logentry" in restored_rows and restored_rows["auditlog_logentry"][0] > 0
    assert media_tree(settings.MEDIA_ROOT) == source_media


def test_restore_refuses_a_database_that_has_tables_unless_forced(world, backup_dir, other_database, tmp_path):
    call_command("backup", stdout=QUIET)
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    with pytest.raises(CommandError, match="Refusing to overwrite"):
        call_command("restore", stdout=QUIET)  # the test database itself: it has tables
    call_command("restore", database_name=other_database.name, stdout=QUIET)
    with pytest.raises(CommandError, match="Refusing to overwrite"):
        call_command("restore", database_name=other_database.name, stdout=QUIET)
    call_command("restore", database_name=other_database.name, force=True, stdout=QUIET)
    assert table_digests(other_database)["cases_case"][0] == 4


def flip_a_byte(path, offset: int) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: flip_a_byte(p, p.stat().st_size // 2), id="one-byte-changed"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size - 100]), id="truncated"),
    ],
)
def test_a_tampered_or_truncated_backup_is_refused_with_a_clear_error(world, backup_dir, other_database, damage):
    call_command("backup", stdout=QUIET)
    damage(only_backup(backup_dir))
    with pytest.raises(CommandError, match="cannot be decrypted.*damaged or truncated"):
        call_command("restore", database_name=other_database.name, stdout=QUIET)
    assert table_digests(other_database) == {}  # nothing half-restored


def test_a_backup_is_refused_with_a_wrong_backup_key(world, backup_dir, other_database, settings):
    call_command("backup", stdout=QUIET)
    settings.BACKUP_IDENTITY = str(x25519.Identity.generate())
    with pytest.raises(CommandError, match="BACKUP_IDENTITY is not the private key"):
        call_command("restore", database_name=other_database.name, stdout=QUIET)


def test_the_restore_command_exits_non_zero_on_a_damaged_backup(world, backup_dir, other_database):
    call_command("backup", stdout=QUIET)
    path = only_backup(backup_dir)
    flip_a_byte(path, 200)
    env = {**os.environ, "BACKUP_DIR": str(backup_dir), "DATABASE_URL": database_url(other_database.name)}
    result = manage("restore", "--file", str(path), env=env)
    assert result.returncode != 0
    assert "cannot be decrypted" in result.stderr


def database_url(name: str) -> str:
    target = Target.configured()
    return f"postgres://{target.user}@{target.host or '127.0.0.1'}:{target.port or 5432}/{name}"


def test_a_backup_taken_while_cases_are_registered_holds_only_whole_cases(world, backup_dir, other_database, tmp_path):
    """pg_dump reads one snapshot: a case registered during the dump is in it with its reporter
    and event, or not at all; the manifest's counts are that snapshot's."""
    stop = threading.Event()
    registered: list[int] = []

    def register_in_a_loop() -> None:
        try:
            while not stop.is_set():
                case = intake_register(
                    actor=world.pengaduan,
                    channel=Channel.TELEPON,
                    received_at=timezone.now() - timedelta(minutes=1),
                    chronology="Kronologi uji cadangan",
                    reporter={"full_name": "Pelapor Uji", "phone": "081234567890"},
                )
                registered.append(case.pk)
        finally:
            connections.close_all()

    writer = threading.Thread(target=register_in_a_loop)
    writer.start()
    try:
        while len(registered) < 3:
            threading.Event().wait(0.05)
        call_command("backup", stdout=QUIET)
    finally:
        stop.set()
        writer.join(timeout=60)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", database_name=other_database.name, stdout=QUIET)

    conn = other_database.connect()
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*),"
            " count(*) FILTER (WHERE"
            " NOT EXISTS (SELECT 1 FROM cases_person p WHERE p.case_id = c.id AND p.role = 'pelapor')"
            " OR NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id))"
            " FROM cases_case c WHERE c.id = ANY(%s)",
            [registered],
        )
        in_backup, half_written = cursor.fetchone()
    conn.close()
    assert half_written == 0
    # Some of the loop's cases are in the backup, and the loop went on after it: a real race.
    assert 3 <= in_backup < len(registered)


def test_every_backup_is_recorded_and_a_failure_alerts_the_head(world, backup_dir, settings):
    call_command("backup", stdout=QUIET)
    settings.BACKUP_PG_BIN_DIR = "/nonexistent"
    with pytest.raises(CommandError, match="pg_dump is not installed"):
        call_command("backup", stdout=QUIET)
    ok, failed = BackupRun.objects.order_by("started_at")
    assert ok.succeeded and ok.file_name.endswith(".tar.age") and ok.table_count > 50 and ok.row_count > 0
    assert not failed.succeeded and "pg_dump" in failed.error
    assert [n.url for n in world.kepala.notifications.filter(key__startswith="backup-failed:")] == [
        "/operasi/cadangan/"
    ]
    assert not world.manajer.notifications.filter(url="/operasi/cadangan/").exists()


def test_backup_names_carry_the_utc_time(world, backup_dir, time_machine):
    time_machine.move_to(datetime(2026, 12, 6, 19, 30, 5, tzinfo=UTC))
    call_command("backup", stdout=QUIET)
    assert only_backup(backup_dir).name == "uptdppa-20261206T193005Z.tar.age"


def test_sqlite_installs_are_told_to_copy_the_database_file(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "BACKUP_DIR": str(tmp_path)}
    result = manage("backup", env=env)
    assert result.returncode != 0
    assert "backed up by copying its database file" in result.stderr


def test_the_field_encryption_keys_are_not_in_the_backup(world, attachment, backup_dir):
    call_command("backup", stdout=QUIET)

    seen: dict[str, bytes] = {}
    rewrite_backup(only_backup(backup_dir), seen.update)
    everything = b"".join(seen.values())
    for key in [*settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY, settings.BACKUP_IDENTITY]:
        assert key.encode() not in everything
    assert set(seen) >= {"manifest.json", "database.dump", f"media/{attachment.stored_name}"}
