"""Celery tasks of reports: take ids or dates, re-fetch, call one service."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from .services import scheduled_periods, snapshot_generate


@shared_task(acks_late=True)
def generate_monthly_snapshots(today: str | None = None) -> list[str]:
    """Beat, the 1st of each month at 01:00 WIB. Idempotent: rerunning it (or a redelivery after a
    worker was killed — acks_late) recomputes and replaces the same snapshots. ``today`` (ISO
    date) makes the snapshots a run on that day would have made, e.g. to catch up a missed month."""
    made = []
    day = date.fromisoformat(today) if today else timezone.localdate()
    for kind, period in scheduled_periods(day):
        made.append(str(snapshot_generate(kind=kind, period=period).code))
    return made


@shared_task(acks_late=True)
def generate_report_file(report_file_id: int) -> bool:
    """Make a requested PDF/Excel file (reports.report_files). Idempotent: a file already done is
    not made again; a redelivery after a killed worker makes it."""
    from .report_files import report_file_generate

    return report_file_generate(report_file_id=report_file_id)


@shared_task
def generate_pending_report_files() -> int:
    """Periodic (beat): make the files whose task never ran (the broker was down when they were
    asked for) or whose worker was killed. Returns how many were made."""
    from .report_files import report_file_generate, report_files_pending

    return sum(report_file_generate(report_file_id=pk) for pk in report_files_pending())


@shared_task(acks_late=True)
def run_snapshot(run_id: int) -> str | None:
    """A "generate now" (SnapshotRun): running, then done with its snapshot, or failed.

    Idempotent: a run already done is not redone; a redelivery after a worker was killed
    (acks_late) finds the run still running and makes it again (snapshot_generate replaces the
    snapshot in one write, so the killed attempt left the previous one intact)."""
    import logging

    from .models import SnapshotRun, SnapshotRunStatus
    from .statistics import Period

    pending = SnapshotRun.objects.filter(pk=run_id).exclude(status=SnapshotRunStatus.DONE)
    run = pending.first()
    if run is None or not pending.update(status=SnapshotRunStatus.RUNNING, finished_at=None):
        return None
    try:
        snapshot = snapshot_generate(kind=run.kind, period=Period(run.period_start, run.period_end))
    except Exception:  # any failure is shown on the run's page; the worker carries on
        logging.getLogger(__name__).exception("snapshot run failed run=%s", run_id)
        SnapshotRun.objects.filter(pk=run_id).update(status=SnapshotRunStatus.FAILED, finished_at=timezone.now())
        return None
    SnapshotRun.objects.filter(pk=run_id).update(
        status=SnapshotRunStatus.DONE, snapshot=snapshot, finished_at=timezone.now()
    )
    return str(snapshot.code)


@shared_task
def requeue_snapshot_runs() -> int:
    """Every few minutes (beat): runs still queued a while after they were asked for (the broker
    was down when they were), and runs still running past the task time limit (their worker was
    killed; Redis would redeliver only after its visibility timeout) are queued again. Returns how
    many."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    from uptdppa.accounts.services import enqueue

    from .models import SnapshotRun, SnapshotRunStatus

    now = timezone.now()
    stuck_running = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 360))
    waiting = SnapshotRun.objects.filter(
        Q(status=SnapshotRunStatus.QUEUED, requested_at__lt=now - timedelta(minutes=2))
        | Q(status=SnapshotRunStatus.RUNNING, requested_at__lt=stuck_running)
    )
    return sum(enqueue(run_snapshot, pk) for pk in waiting.values_list("pk", flat=True))
