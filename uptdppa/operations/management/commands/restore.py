from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uptdppa.operations.pg import BackupError
from uptdppa.operations.restore import restore_run


class Command(BaseCommand):
    help = """Restore a backup (the newest in BACKUP_DIR, or --file) into the configured database and
    MEDIA_ROOT. Run as the database owner with the app stopped, into an empty database: a database
    with tables, or a non-empty MEDIA_ROOT, is refused unless --force (which drops the schema and
    moves the old media folder aside). FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be the keys
    the backup's data were written with. README: Backups and restore.
    """

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--file", help="a backup file (path, or name in BACKUP_DIR); default: the newest")
        parser.add_argument("--force", action="store_true", help="overwrite a database that has tables")
        parser.add_argument("--database-name", default="", help="restore into this database of the same server")

    def handle(self, *args: Any, file: str | None, force: bool, database_name: str, **options: Any) -> None:
        try:
            restored = restore_run(file=file, force=force, database=database_name)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        checked = restored.checked
        if restored.media_moved_to:
            self.stdout.write(f"The previous media folder was moved to {restored.media_moved_to}.")
        if checked.problems:
            raise CommandError("Restored, but the checks FAILED:\n- " + "\n- ".join(checked.texts))
        self.stdout.write(
            f"Restored {restored.file.name}: {checked.tables} tables and {checked.files} files match the manifest; "
            f"{checked.values} encrypted values decrypt with the configured keys."
        )
