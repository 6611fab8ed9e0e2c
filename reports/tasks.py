"""Celery tasks of reports: take ids or dates and call one service (reports.services)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .services import (
    kla_pack_due,
    report_file_generate,
    report_files_generate_pending,
    snapshot_run_execute,
    snapshot_runs_requeue,
    snapshots_generate_scheduled,
    snapshots_refresh_due,
    snapshots_refresh_stale,
    taskforce_report_due,
)
from .services.snapshots import REFRESH_QUEUED_KEY


@shared_task(acks_late=True)
def generate_monthly_snapshots(today: str | None = None) -> list[str]:
    """Beat, the 1st of each month at 01:00 WIB. Idempotent: rerunning it (or a redelivery after a
    worker was killed — acks_late) recomputes and replaces the same snapshots. ``today`` (ISO
    date) makes the snapshots a run on that day would have made, e.g. to catch up a missed month."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return [str(snapshot.code) for snapshot in snapshots_generate_scheduled(today=day)]


@shared_task(acks_late=True)
def generate_report_file(report_file_id: int) -> bool:
    """Make a requested PDF/Excel file. Idempotent: a file already done is not made again; a
    redelivery after a killed worker makes it."""
    return report_file_generate(report_file_id=report_file_id)


@shared_task
def generate_pending_report_files() -> int:
    """Periodic (beat): make the files whose task never ran (the broker was down when they were
    asked for) or whose worker was killed. Returns how many were made."""
    return report_files_generate_pending()


@shared_task(acks_late=True)
def run_snapshot(run_id: int) -> str | None:
    """A "generate now" (SnapshotRun): running, then done with its snapshot, or failed.
    Idempotent (reports.services.snapshot_run_execute)."""
    snapshot = snapshot_run_execute(run_id=run_id)
    return str(snapshot.code) if snapshot is not None else None


@shared_task
def requeue_snapshot_runs() -> int:
    """Every few minutes (beat): runs left queued (the broker was down) or running past the task
    time limit (the worker was killed) are queued again. Returns how many."""
    return snapshot_runs_requeue()


@shared_task(acks_late=True)
def refresh_stale_snapshots() -> int:
    """Queued (debounced) after writes that changed the data of stored snapshots: makes the stale
    ones again. Clears the debounce key first, so a write committed during the run queues the
    next run. Idempotent: a snapshot already fresh is not made again. Returns how many were made."""
    cache.delete(REFRESH_QUEUED_KEY)
    return snapshots_refresh_stale()


@shared_task
def refresh_due_snapshots() -> int:
    """Every few minutes (beat): the running year's snapshot if missing, and every stale snapshot
    a debounced run missed. Returns how many were made."""
    return snapshots_refresh_due()


@shared_task(acks_late=True)
def make_due_taskforce_report(today: str | None = None) -> str | None:
    """Beat, daily: the last quarter's task-force report once it is due (TASKFORCE_REPORT_DAY days
    after the quarter), if not made yet. Idempotent; returns the new report's code."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    report = taskforce_report_due(today=day)
    return str(report.code) if report is not None else None


@shared_task(acks_late=True)
def make_due_kla_pack(today: str | None = None) -> str | None:
    """Beat, daily: the last year's KLA evidence pack once, from KLA_PACK_JANUARY_DAY of January.
    Idempotent; returns the new pack's code."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    pack = kla_pack_due(today=day)
    return str(pack.code) if pack is not None else None
