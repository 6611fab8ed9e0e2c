from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uptdppa.operations.pg import BackupError
from uptdppa.operations.services import backup_create, backup_prune


class Command(BaseCommand):
    help = """Back up the PostgreSQL database and MEDIA_ROOT into one encrypted file in BACKUP_DIR.

    The file holds a pg_dump (custom format) and the media files with a manifest (row counts per
    table from the dump's own snapshot, checksums, app version, migrations), encrypted with age to
    BACKUP_RECIPIENT. The field encryption keys are not in it. README: Backups and restore.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--prune", action="store_true", help="then delete backups the retention rule drops")

    def handle(self, *args: Any, prune: bool, **options: Any) -> None:
        try:
            run = backup_create()
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written: {run.file_name} ({run.size} bytes; {run.table_count} tables, "
            f"{run.row_count} rows, {run.file_count} files)."
        )
        if prune:
            removed = backup_prune()
            self.stdout.write(f"Pruned {len(removed)} old backups.")
