"""manage.py restore_drill: passes on a good backup, fails (non-zero, recorded, alerted) otherwise."""

from __future__ import annotations

import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from tests.operations.conftest import rewrite_backup
from uptdppa.operations.models import DrillRun
from uptdppa.operations.pg import Target

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

QUIET = io.StringIO()


def drill_databases() -> set[str]:
    target = Target.configured()
    conn = target.connect()
    with conn.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{target.name}_drill_%"])
        names = {row[0] for row in cursor.fetchall()}
    conn.close()
    return names


def problems() -> list[str]:
    with translation.override("en"):
        return DrillRun.objects.get().problem_texts


def newest(backup_dir):  # type: ignore[no-untyped-def]
    return sorted(backup_dir.glob("uptdppa-*.tar.age"))[-1]


def test_the_drill_passes_on_a_good_backup_and_records_recovery_point_and_time(world, attachment, backup_dir):
    call_command("backup", stdout=QUIET)
    out = io.StringIO()
    call_command("restore_drill", stdout=out)
    assert "Restore drill passed" in out.getvalue()
    drill = DrillRun.objects.get()
    assert drill.passed and drill.problems == []
    assert drill.file_name == newest(backup_dir).name
    assert drill.tables_checked > 50 and drill.files_checked == 1
    assert drill.values_decrypted > 0  # the victim's name, NIK, the attachment's original name …
    assert drill.recovery_point is not None and drill.recovery_time is not None
    assert drill_databases() == set()  # the scratch database is dropped
    assert not world.kepala.notifications.filter(key__startswith="drill-failed:").exists()


def test_the_drill_fails_non_zero_on_a_tampered_backup_records_it_and_alerts_the_head(world, backup_dir):
    call_command("backup", stdout=QUIET)
    path = newest(backup_dir)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="Restore drill FAILED"):
        call_command("restore_drill", stdout=QUIET)
    drill = DrillRun.objects.get()
    assert not drill.passed and "damaged or truncated" in problems()[0]
    assert world.kepala.notifications.filter(key=f"drill-failed:{drill.pk}:{world.kepala.pk}").exists()


def test_the_drill_finds_a_media_file_that_differs_from_its_checksum(world, attachment, backup_dir):
    call_command("backup", stdout=QUIET)
    name = f"media/{attachment.stored_name}"
    rewrite_backup(newest(backup_dir), lambda members: members.update({name: members[name] + b"x"}))
    with pytest.raises(CommandError):
        call_command("restore_drill", stdout=QUIET)
    assert problems() == [f"Media file {attachment.stored_name}: checksum differs from the manifest."]


def test_the_drill_finds_a_table_whose_row_count_differs_from_the_manifest(world, backup_dir):
    call_command("backup", stdout=QUIET)

    def claim_one_more_case(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        manifest["database"]["tables"]["cases_case"] += 1
        members["manifest.json"] = json.dumps(manifest).encode()

    rewrite_backup(newest(backup_dir), claim_one_more_case)
    with pytest.raises(CommandError):
        call_command("restore_drill", stdout=QUIET)
    assert problems() == ["Table cases_case: 5 rows in the manifest, 4 restored."]


def test_the_drill_fails_when_the_field_keys_at_hand_do_not_decrypt_the_data(world, backup_dir, settings):
    """The keys are not in the backup: a drill with other keys must say the backup is useless."""
    call_command("backup", stdout=QUIET)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError):
        call_command("restore_drill", stdout=QUIET)
    found = problems()
    assert found and all("cannot be decrypted with FIELD_ENCRYPTION_KEYS" in p for p in found)
    assert "cases.Person.full_name cannot be decrypted with FIELD_ENCRYPTION_KEYS." in found


def test_the_drill_fails_when_the_blind_index_key_differs(world, backup_dir, settings):
    call_command("backup", stdout=QUIET)
    settings.BLIND_INDEX_KEY = "another-blind-index-key-of-at-least-32-characters"
    with pytest.raises(CommandError):
        call_command("restore_drill", stdout=QUIET)
    assert any("blind index does not match" in p for p in problems())


def test_the_drill_fails_when_the_restored_schema_lacks_migrations(world, backup_dir):
    """An old backup restored under newer code: migrate --check must say so."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM django_migrations WHERE app = 'operations' AND name = '0001_initial'")
        (row_id,) = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [row_id])
    try:
        call_command("backup", stdout=QUIET)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (id, app, name, applied) VALUES (%s, %s, %s, now())",
                [row_id, "operations", "0001_initial"],
            )
    with pytest.raises(CommandError):
        call_command("restore_drill", stdout=QUIET)
    assert any(p.startswith("migrate --check") for p in problems())


def test_the_drill_without_any_backup_fails_and_is_recorded(world, backup_dir):
    with pytest.raises(CommandError, match="There is no backup"):
        call_command("restore_drill", stdout=QUIET)
    assert not DrillRun.objects.get().passed
