"""Backups by Celery beat (settings.CELERY_BEAT_SCHEDULE): nightly backup and pruning, the monthly
restore drill (both on the "backup" queue), and the hourly freshness check (default queue)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from .pg import BackupError

logger = logging.getLogger(__name__)

LIMITS = {"time_limit": settings.BACKUP_TASK_TIME_LIMIT, "soft_time_limit": settings.BACKUP_TASK_TIME_LIMIT - 60}


# No retries and acks_late off: a backup killed half-way is not repeated blindly (the failure is
# recorded and alerted, and the next night or the freshness check follows up).
@shared_task(acks_late=False, **LIMITS)
def run_backup() -> str:
    """Take the nightly backup, then prune. Returns the file name ('' on failure, which alerts)."""
    from .services import backup_create, backup_prune

    try:
        run = backup_create()
    except BackupError:
        return ""
    backup_prune()
    return run.file_name


@shared_task(acks_late=False, **LIMITS)
def run_restore_drill() -> bool:
    """Monthly: restore the newest backup into a scratch database and check it. Alerts on failure."""
    from .restore import drill_run

    return drill_run().passed


@shared_task
def check_backup_freshness() -> bool:
    """Hourly: alert the head (at most once a day) when the newest backup is too old."""
    from .services import backup_freshness_check

    return backup_freshness_check()
