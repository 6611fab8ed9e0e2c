"""Writes of statistics snapshots: the snapshot of a period, the monthly job's periods, and the
"generate now" runs (asked on the page, made by a Celery task)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from uptdppa.accounts.services import enqueue

from ..models import Snapshot, SnapshotKind, SnapshotRun, SnapshotRunStatus
from ..selectors import snapshot_of
from ..statistics import Period, compute_figures

logger = logging.getLogger(__name__)

# A run queued longer than this was not picked up (the broker was down): the periodic job queues it.
PICKUP_DELAY = timedelta(minutes=2)


@transaction.atomic
def _store(kind: str, period: Period, figures: dict[str, Any]) -> Snapshot:
    snapshot, _created = Snapshot.objects.update_or_create(
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        defaults={"figures": figures, "generated_at": timezone.now()},
    )
    return snapshot


def snapshot_generate(*, kind: str, period: Period) -> Snapshot:
    """Compute the figures of ``period`` and store them as the snapshot of (kind, period),
    replacing the previous one. The figures are computed before anything is written: a run killed
    half-way leaves the previous snapshot as it was; two runs store the same figures."""
    figures = compute_figures(period)
    snapshot = _store(kind, period, figures)
    logger.info("snapshot stored kind=%s start=%s end=%s", kind, period.start, period.end)
    return snapshot


def snapshot_ensure(*, period: Period) -> Snapshot | None:
    """The snapshot of ``period``: the stored one, or, for a period that has ended and has none
    (the monthly job did not make it), one made now, once, so that reading it again never touches
    the case tables. A period still running (ending today or later) gets none (None): its figures
    still change and are computed live (``reports.selectors.figures_for``)."""
    snapshot = snapshot_of(period=period)
    if snapshot is None and period.end < timezone.localdate():
        snapshot = snapshot_generate(kind=SnapshotKind.CUSTOM, period=period)
    return snapshot


def scheduled_periods(today: date) -> list[tuple[str, Period]]:
    """What the monthly job makes on ``today`` (the 1st, 01:00 WIB): the previous month and the
    year to date; on 1 January, the previous year instead of its year to date."""
    last_day = today.replace(day=1) - timedelta(days=1)
    month = Period(last_day.replace(day=1), last_day)
    year_start = last_day.replace(month=1, day=1)
    if last_day.month == 12:
        return [(SnapshotKind.MONTH, month), (SnapshotKind.YEAR, Period(year_start, last_day))]
    return [(SnapshotKind.MONTH, month), (SnapshotKind.YEAR_TO_DATE, Period(year_start, last_day))]


def snapshots_generate_scheduled(*, today: date) -> list[Snapshot]:
    """Make (or remake) the snapshots the monthly job makes on ``today``."""
    return [snapshot_generate(kind=kind, period=period) for kind, period in scheduled_periods(today)]


def snapshot_kind_for(period: Period) -> str:
    """The kind the monthly job gives the same period, so that "generate now" replaces that
    snapshot rather than adding a second one; anything else is a custom period."""
    start, end = period.start, period.end
    next_day = date.fromordinal(end.toordinal() + 1)
    whole_months = start.day == 1 and next_day.day == 1
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return SnapshotKind.MONTH
    if whole_months and start.month == 1 and start.year == end.year:
        return SnapshotKind.YEAR if end.month == 12 else SnapshotKind.YEAR_TO_DATE
    return SnapshotKind.CUSTOM


def _queue_run(run_id: int) -> bool:
    from ..tasks import run_snapshot

    return enqueue(run_snapshot, run_id)


def snapshot_run_request(*, actor: Any, period: Period) -> tuple[SnapshotRun, bool | None]:
    """Ask for the snapshot of ``period`` to be (re)made now: store the run and queue its task
    once the run is committed. Returns the run and whether the broker took the task (None when the
    queueing waits for an outer transaction). The caller checked reports.generate_snapshot and
    that the period has ended (``reports.forms.SnapshotPeriodForm``)."""
    queued: list[bool] = []
    with transaction.atomic():
        run = SnapshotRun.objects.create(
            kind=snapshot_kind_for(period),
            period_start=period.start,
            period_end=period.end,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        transaction.on_commit(lambda: queued.append(_queue_run(run.pk)))
    return run, queued[0] if queued else None


def snapshot_run_execute(*, run_id: int) -> Snapshot | None:
    """Make the snapshot of a run: running, then done with its snapshot, or failed.

    Idempotent: a run already done is not redone; a redelivery after a worker was killed
    (acks_late) finds the run still running and makes it again (snapshot_generate replaces the
    snapshot in one write, so the killed attempt left the previous one intact)."""
    pending = SnapshotRun.objects.filter(pk=run_id).exclude(status=SnapshotRunStatus.DONE)
    run = pending.first()
    if run is None or not pending.update(status=SnapshotRunStatus.RUNNING, finished_at=None):
        return None
    try:
        snapshot = snapshot_generate(kind=run.kind, period=Period(run.period_start, run.period_end))
    except Exception:  # any failure is shown on the run's page; the worker carries on
        logger.exception("snapshot run failed run=%s", run_id)
        SnapshotRun.objects.filter(pk=run_id).update(status=SnapshotRunStatus.FAILED, finished_at=timezone.now())
        return None
    SnapshotRun.objects.filter(pk=run_id).update(
        status=SnapshotRunStatus.DONE, snapshot=snapshot, finished_at=timezone.now()
    )
    return snapshot


def snapshot_runs_requeue(now: Any = None) -> int:
    """Queue again the runs still queued a while after they were asked for (the broker was down
    when they were), and the runs still running past the task time limit (their worker was
    killed; Redis would redeliver only after its visibility timeout). Returns how many."""
    now = now or timezone.now()
    stuck_running = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 360))
    waiting = SnapshotRun.objects.filter(
        Q(status=SnapshotRunStatus.QUEUED, requested_at__lt=now - PICKUP_DELAY)
        | Q(status=SnapshotRunStatus.RUNNING, requested_at__lt=stuck_running)
    )
    return sum(_queue_run(pk) for pk in waiting.values_list("pk", flat=True))
