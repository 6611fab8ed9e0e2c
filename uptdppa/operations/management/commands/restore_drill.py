from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uptdppa.operations.restore import drill_run


class Command(BaseCommand):
    help = """Prove a backup restores: the newest in BACKUP_DIR (or --file) is decrypted and restored
    into a scratch database (created and dropped here) and folder; row counts, checksums, a sample
    of every encrypted field and `migrate --check` are verified. The result is recorded (the head's
    backups page). Exits non-zero on any mismatch.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", help="a backup file (path, or name in BACKUP_DIR); default: the newest")

    def handle(self, *args: Any, file: str | None, **options: Any) -> None:
        drill = drill_run(file=file)
        summary = (
            f"{drill.file_name or '-'}: {drill.tables_checked} tables, {drill.files_checked} files, "
            f"{drill.values_decrypted} encrypted values checked; recovery point {drill.recovery_point}, "
            f"recovery time {drill.recovery_time}."
        )
        if not drill.passed:
            raise CommandError("Restore drill FAILED. " + summary + "\n- " + "\n- ".join(drill.problem_texts))
        self.stdout.write("Restore drill passed. " + summary)
