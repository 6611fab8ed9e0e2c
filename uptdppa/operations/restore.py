"""Restoring a backup: the monthly drill into a scratch database, and the real thing.

The drill proves more than "pg_restore exits 0": every table has the manifest's row count, every
file its checksum, a sample of every encrypted field decrypts with the FIELD_ENCRYPTION_KEYS at
hand (and its blind index matches under BLIND_INDEX_KEY: the keys are not in the backup, so a
backup is only as good as the escrowed keys), and ``migrate --check`` finds the schema current.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from uptdppa.accounts.services import notify
from uptdppa.crypto import BlindIndexField, blind_index_fields, encrypted_fields
from uptdppa.db_roles import grant_statements

from . import archive, pg
from . import problems as p
from .models import DrillRun
from .pg import BackupError
from .services import backup_alert_recipients

logger = logging.getLogger(__name__)

DRILL_FAILED = gettext_noop("The monthly restore drill failed: a backup may not restore. See the backups page.")
DRILL_ALIAS = "restore_drill"


def latest_backup() -> Path:
    files = archive.backups_in(Path(settings.BACKUP_DIR))
    if not files:
        raise BackupError(f"There is no backup in {settings.BACKUP_DIR}.")
    return files[-1]


def resolve(file: str | None) -> Path:
    """A named backup (a path, or a name in BACKUP_DIR), else the newest one."""
    if not file:
        return latest_backup()
    path = Path(file)
    if not path.is_file():
        path = Path(settings.BACKUP_DIR) / file
    if not path.is_file():
        raise BackupError(f"No backup file {file}.")
    return path


@dataclass
class Checked:
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [p.problem_text(entry) for entry in self.problems]

    tables: int = 0
    files: int = 0
    values: int = 0


@contextmanager
def django_connection(target: pg.Target) -> Iterator[str]:
    """An ORM connection alias to ``target`` (the restored database), removed afterwards. It is
    not added to the DATABASES settings: only this code uses it, for the time of the checks."""
    config = {
        **connections["default"].settings_dict,
        "NAME": target.name,
        "USER": target.user,
        "PASSWORD": target.password,
        "HOST": target.host,
        "PORT": target.port,
    }
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, DRILL_ALIAS)
    connections[DRILL_ALIAS] = wrapper
    try:
        yield DRILL_ALIAS
    finally:
        wrapper.close()
        del connections[DRILL_ALIAS]


def _index_of(model: type[Any], source: str) -> BlindIndexField | None:
    return next((f for f in blind_index_fields(model) if f.source == source and not f.tokens), None)


def decrypt_sample(alias: str, *, size: int) -> tuple[int, list[dict[str, Any]]]:
    """Decrypt up to ``size`` values of every encrypted field in the database ``alias``; check
    the blind index beside a field against its recomputed value. Returns (values read, problems)."""
    read = 0
    problems: list[dict[str, Any]] = []
    for model in apps.get_models():
        for enc in encrypted_fields(model):
            label = f"{model._meta.label}.{enc.name}"
            index = _index_of(model, enc.name)
            columns = [enc.name, index.name] if index else [enc.name]
            rows = (
                model._base_manager.using(alias)
                .exclude(**{f"{enc.name}__isnull": True})
                .order_by("?")
                .values_list(*columns)[:size]
            )
            try:
                values = list(rows)
            except Exception:  # noqa: BLE001 - any failure to read is the finding
                logger.warning("restore check: %s cannot be decrypted", label, exc_info=True)
                problems.append(p.problem(p.FIELD_UNREADABLE, field=label))
                continue
            read += len(values)
            if index and any(index.compute(value) != stored for value, stored in values):
                problems.append(p.problem(p.INDEX_MISMATCH, field=label))
    return read, problems


def migration_problems(alias: str) -> list[dict[str, Any]]:
    try:
        call_command("migrate", check_unapplied=True, database=alias, verbosity=0)
    except SystemExit:
        return [p.problem(p.MIGRATIONS_MISSING)]
    return []


def check_restored(opened: archive.Opened, *, target: pg.Target) -> Checked:
    """Everything a restored database must pass (the drill's checks, and the real restore's)."""
    checked = Checked()
    expected = opened.manifest["database"]["tables"]
    checked.problems += archive.count_problems(expected, pg.counts_of(target))
    checked.tables = len(expected)
    checked.files = len(opened.manifest["media"]["files"])
    with django_connection(target) as alias:
        checked.values, problems = decrypt_sample(alias, size=settings.RESTORE_DRILL_SAMPLE_SIZE)
        checked.problems += problems
        checked.problems += migration_problems(alias)
    return checked


def drill_run(*, file: str | None = None) -> DrillRun:
    """Restore a backup (the newest, or ``file``) into a scratch database and folder, check it,
    record the result and drop the scratch copies. Alerts the head when it fails."""
    started = timezone.now()
    drill = DrillRun.objects.create(started_at=started)
    checked = Checked()
    try:
        path = resolve(file)
        drill.file_name = path.name
        drill.backup_taken_at = archive.taken_at(path.name)  # until the manifest says it exactly
        base = pg.Target.configured()
        with tempfile.TemporaryDirectory(prefix="uptdppa-drill-") as work_dir:
            opened = archive.open_backup(path, work=Path(work_dir))
            drill.backup_taken_at = datetime.fromisoformat(opened.manifest["created_at"])
            checked.problems += archive.file_problems(opened)
            # The unpacked media folder is the scratch media folder: its checksums were just checked.
            with pg.scratch_database(base) as scratch:
                pg.restore(target=scratch, path=opened.dump)
                restored = check_restored(opened, target=scratch)
        checked.problems += restored.problems
        checked.tables, checked.files, checked.values = restored.tables, restored.files, restored.values
    except BackupError as exc:
        checked.problems.append(p.problem(str(exc)))  # the operator's message, not translated
    except Exception as exc:
        # Whatever else stops a drill (a time limit, a bug) is a failed drill, recorded and alerted.
        logger.exception("restore drill %s stopped", drill.pk)
        checked.problems.append(p.problem(f"{type(exc).__name__}: {exc}"))
    finished = timezone.now()
    drill.finished_at = finished
    drill.recovery_time = finished - started
    drill.recovery_point = started - drill.backup_taken_at if drill.backup_taken_at else None
    drill.passed = not checked.problems
    drill.problems = checked.problems
    drill.tables_checked, drill.files_checked, drill.values_decrypted = checked.tables, checked.files, checked.values
    drill.save()
    if drill.passed:
        logger.info("restore drill %s passed in %s", drill.pk, drill.recovery_time)
    else:
        logger.error("restore drill %s failed: %s problems", drill.pk, len(checked.problems))
        notify(
            recipients=backup_alert_recipients(),
            message=DRILL_FAILED,
            url=reverse("operations:backups"),
            key=f"drill-failed:{drill.pk}",
        )
    return drill


@dataclass
class Restored:
    file: Path
    checked: Checked
    media_moved_to: Path | None


def restore_run(*, file: str | None = None, force: bool = False, database: str = "") -> Restored:
    """Restore a backup into the configured database (or ``database`` on the same server) and
    MEDIA_ROOT. Refuses a database with any table, or a non-empty MEDIA_ROOT, unless ``force``:
    then the schema is dropped and the old media folder is moved aside (never deleted).
    Precondition: the app is stopped."""
    path = resolve(file)
    target = pg.Target.configured()
    if database:
        target = target.other(database)
    media_root = Path(settings.MEDIA_ROOT)
    existing = pg.table_names(target)
    media_used = media_root.is_dir() and any(media_root.iterdir())
    if (existing or media_used) and not force:
        what = f"database {target.name} has {len(existing)} tables" if existing else f"{media_root} is not empty"
        raise BackupError(f"Refusing to overwrite: {what}. Restore into an empty database, or pass --force.")
    with tempfile.TemporaryDirectory(prefix="uptdppa-restore-") as work_dir:
        opened = archive.open_backup(path, work=Path(work_dir))
        problems = archive.file_problems(opened)
        if problems:
            texts = " ".join(p.problem_text(entry) for entry in problems)
            raise BackupError("The backup is damaged, nothing was restored: " + texts)
        if target.name == connections["default"].settings_dict["NAME"]:
            connections.close_all()  # our own session must not hold the tables being replaced
        if existing:
            pg.empty_public_schema(target)
        pg.restore(target=target, path=opened.dump)
        moved = None
        if media_used:
            moved = media_root.with_name(f"{media_root.name}.before-restore-{timezone.now():%Y%m%dT%H%M%S}")
            media_root.rename(moved)
        archive.copy_media(opened.media, media_root)
        checked = check_restored(opened, target=target)
    if settings.DATABASE_RUNTIME_ROLE:
        pg.execute(target, grant_statements(runtime_role=settings.DATABASE_RUNTIME_ROLE, database=target.name))
    return Restored(file=path, checked=checked, media_moved_to=moved)
