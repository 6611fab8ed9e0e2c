"""Backups: take one, prune old ones, and alert the head when they fail or stop.

Restore and the restore drill are in restore.py. Every backup attempt leaves a BackupRun row,
which is what the freshness check and the head's page read.
"""

from __future__ import annotations

import importlib.metadata
import logging
import subprocess
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from uptdppa.accounts.models import User
from uptdppa.accounts.selectors import active_data_protection_officers, active_heads
from uptdppa.accounts.services import notify

from . import archive, pg
from .models import BackupRun
from .pg import BackupError

logger = logging.getLogger(__name__)

BACKUP_FAILED = gettext_noop("The backup failed. Nothing new was saved; see the backups page.")
BACKUP_STALE = gettext_noop("The newest successful backup is %(hours)s hours old: backups have stopped.")


def backup_alert_recipients() -> QuerySet[User]:
    """Who is told that backups fail or have stopped: the head of the unit and the data
    protection officer (a lost backup is a breach of availability). Every backup alert reads
    this one list."""
    return active_heads() | active_data_protection_officers()


def app_version() -> dict[str, str]:
    version = {"package": importlib.metadata.version("uptdppa")}
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH; absent in the image, which is fine
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        version["commit"] = commit
    except (OSError, subprocess.SubprocessError):
        pass
    return version


def _storage_note() -> str:
    # Attachments in a bucket are not under MEDIA_ROOT: the bucket's own versioning and replication
    # keep them (README "Backups and restore"); the manifest says so, so a restore knows.
    return f"s3:{settings.ATTACHMENTS_S3_BUCKET}" if settings.ATTACHMENTS_S3_BUCKET else "filesystem"


def backup_create(*, now: datetime | None = None) -> BackupRun:
    """Take one backup into BACKUP_DIR and record it. On failure the run is recorded as failed,
    the head is alerted, and BackupError is raised again for the caller's exit status.

    Not one transaction, unlike other services: the run's row must outlive a failure, and the
    dump reads its own snapshot on its own connection."""
    target = pg.Target.configured()  # refuses SQLite before anything is recorded
    run = BackupRun.objects.create(started_at=now or timezone.now())
    try:
        name = archive.backup_name(run.started_at)
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(prefix="uptdppa-backup-") as work_dir:
            work = Path(work_dir)
            dump_path = work / archive.DUMP
            dumped = pg.dump(target=target, path=dump_path)
            # Files after the snapshot: every file a dumped row names existed when it was taken
            # (an upload after it adds a file no row names, which is harmless).
            files = archive.media_files(media_root)
            manifest: dict[str, Any] = {
                "format": archive.FORMAT,
                "created_at": run.started_at.astimezone(UTC).isoformat(),
                "app_version": app_version(),
                "database": {
                    "file": archive.DUMP,
                    "sha256": archive.sha256_of(dump_path),
                    "size": dump_path.stat().st_size,
                    "server_version": dumped.server_version,
                    "tables": dumped.tables,
                    "migrations": dumped.migrations,
                },
                "media": {"storage": _storage_note(), "files": files},
            }
            path = archive.write(
                folder=Path(settings.BACKUP_DIR),
                name=name,
                manifest=manifest,
                dump_path=dump_path,
                media_root=media_root,
                work=work,
            )
    except (BackupError, OSError) as exc:
        _record_failure(run, str(exc))
        raise BackupError(str(exc)) from exc
    except Exception as exc:
        # Anything else (a task's soft time limit, a bug) is recorded and alerted the same way.
        _record_failure(run, f"{type(exc).__name__}: {exc}")
        raise
    run.finished_at = timezone.now()
    run.succeeded = True
    run.file_name = path.name
    run.size = path.stat().st_size
    run.table_count = len(dumped.tables)
    run.row_count = sum(dumped.tables.values())
    run.file_count = len(files)
    run.save()
    logger.info(
        "backup %s written: %s tables, %s files, %s bytes", run.file_name, run.table_count, run.file_count, run.size
    )
    return run


def _record_failure(run: BackupRun, error: str) -> None:
    run.finished_at = timezone.now()
    run.error = error[-4000:]
    run.save(update_fields=["finished_at", "error"])
    logger.error("backup %s failed: %s", run.pk, error)
    notify(
        recipients=backup_alert_recipients(),
        message=BACKUP_FAILED,
        url=reverse("operations:backups"),
        key=f"backup-failed:{run.pk}",
    )


def backups_to_keep(names: Iterable[str], *, daily: int, weekly: int, monthly: int) -> set[str]:
    """Grandfather-father-son: the newest backup of each of the ``daily`` most recent days that
    have one, of each of the ``weekly`` most recent ISO weeks, and of each of the ``monthly`` most
    recent months (UTC). The newest backup is always kept."""
    dated = sorted(((archive.taken_at(n), n) for n in names if archive.taken_at(n)), reverse=True)
    keep: set[str] = set()
    for count, period in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen: list[Any] = []
        for when, name in dated:
            bucket = period(when)
            if bucket not in seen:
                seen.append(bucket)
                if len(seen) > count:
                    break
                keep.add(name)
    if dated:
        keep.add(dated[0][1])
    return keep


def backup_prune() -> list[str]:
    """Delete the backups of BACKUP_DIR that the retention rule no longer keeps; their names."""
    folder = Path(settings.BACKUP_DIR)
    files = archive.backups_in(folder)
    keep = backups_to_keep(
        [p.name for p in files],
        daily=settings.BACKUP_KEEP_DAILY,
        weekly=settings.BACKUP_KEEP_WEEKLY,
        monthly=settings.BACKUP_KEEP_MONTHLY,
    )
    removed = []
    for path in files:
        if path.name not in keep:
            path.unlink()
            removed.append(path.name)
    if removed:
        logger.info("pruned %s backups", len(removed))
    return removed


def _installed_at() -> datetime | None:
    """When this database was first migrated: a fresh install is not 'stale' before its first night."""
    # Through the ORM: SQLite (the embedded demo) answers a bare min() with text, not a datetime.
    value = MigrationRecorder(connection).migration_qs.aggregate(first=Min("applied"))["first"]
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def backup_freshness_check(*, now: datetime | None = None) -> bool:
    """Alert the head (once a day at most) when the newest successful backup, or the install if
    there has never been one, is older than BACKUP_MAX_AGE_HOURS. True when backups are fresh."""
    now = now or timezone.now()
    newest = BackupRun.objects.filter(succeeded=True).order_by("-finished_at").values_list("finished_at", flat=True)
    since = newest.first() or _installed_at()
    if since is None or now - since <= timedelta(hours=settings.BACKUP_MAX_AGE_HOURS):
        return True
    hours = int((now - since).total_seconds() // 3600)
    logger.error("no successful backup for %s hours", hours)
    notify(
        recipients=backup_alert_recipients(),
        message=BACKUP_STALE,
        params={"hours": hours},
        url=reverse("operations:backups"),
        key=f"backup-stale:{timezone.localdate(now).isoformat()}",
    )
    return False
