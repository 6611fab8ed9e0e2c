"""Writes of statistics snapshots: the snapshot of a period, the monthly job's periods, the
"generate now" runs (asked on the page, made by a Celery task), and the refresh of stale
snapshots (their data changed: database triggers keep a data version per day, see
reports.models.StatisticsDay), debounced so that a burst of corrections is one run."""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from uptdppa.accounts.services import enqueue

from ..models import Snapshot, SnapshotKind, SnapshotRun, SnapshotRunStatus
from ..selectors import data_version_of, snapshot_of, snapshots_stale
from ..statistics import Period, compute_figures

logger = logging.getLogger(__name__)

# A run queued longer than this was not picked up (the broker was down): the periodic job queues it.
PICKUP_DELAY = timedelta(minutes=2)


# The debounce of the refresh: set while a refresh task is queued and has not started.
REFRESH_QUEUED_KEY = "reports:stale-refresh-queued"


@transaction.atomic
def _store(kind: str, period: Period, figures: dict[str, Any], data_version: int) -> Snapshot:
    """Store the figures computed at ``data_version``, unless figures of a later version were
    stored meanwhile (two runs overlapping: the later data wins, whichever run ends last)."""
    values = {"figures": figures, "generated_at": timezone.now(), "data_version": data_version}
    snapshot = (
        Snapshot.objects.select_for_update().filter(kind=kind, period_start=period.start, period_end=period.end).first()
    )
    if snapshot is None:
        return Snapshot.objects.create(kind=kind, period_start=period.start, period_end=period.end, **values)
    if snapshot.data_version > data_version:
        return snapshot
    for name, value in {**values, "refresh_requested": False}.items():
        setattr(snapshot, name, value)
    snapshot.save(update_fields=[*values, "refresh_requested"])
    return snapshot


def snapshot_generate(*, kind: str, period: Period) -> Snapshot:
    """Compute the figures of ``period`` and store them as the snapshot of (kind, period),
    replacing the previous one. The figures are computed before anything is written: a run killed
    half-way leaves the previous snapshot as it was; two runs store the same figures.

    The period's data version is read before the figures are computed, so a write committed
    while they are computed leaves the snapshot stale (made again), never fresh with old data."""
    data_version = data_version_of(period)
    figures = compute_figures(period)
    snapshot = _store(kind, period, figures, data_version)
    logger.info("snapshot stored kind=%s start=%s end=%s", kind, period.start, period.end)
    return snapshot


def snapshot_ensure(*, period: Period) -> Snapshot:
    """The snapshot of ``period`` the pages and the API serve: the stored one, or, when there is
    none, one made now, once, so that reading it again never touches the case tables; a running
    period too (the dashboard's default, the running year: its snapshot is refreshed when its
    data change, and the periodic job makes it each day before anyone opens the dashboard).

    A stale snapshot (its data changed since) is served as it is, labelled by every output; its
    refresh is asked for here (``refresh_requested``, then the debounced task) rather than made
    while the reader waits."""
    snapshot = snapshot_of(period=period)
    if snapshot is None:
        snapshot = snapshot_generate(kind=snapshot_kind_for(period), period=period)
        # Fresh by construction (made from the data version it was read at).
        snapshot.current_data_version = snapshot.data_version  # type: ignore[attr-defined]
    elif snapshot.is_stale:
        # The refresh makes the monthly kinds and running periods anyway; another period only
        # when asked (reports.selectors.snapshots_stale).
        unasked = snapshot.kind == SnapshotKind.CUSTOM and period.end < timezone.localdate()
        if unasked and not snapshot.refresh_requested:
            Snapshot.objects.filter(pk=snapshot.pk).update(refresh_requested=True)
        stale_refresh_soon()
    return snapshot


def snapshot_current(*, period: Period) -> Snapshot:
    """The snapshot of ``period`` made again first if it is stale: what a new PDF or Excel file
    is made from (in a Celery task), so a new file has the current figures."""
    snapshot = snapshot_ensure(period=period)
    if snapshot.is_stale:
        snapshot = snapshot_generate(kind=snapshot.kind, period=period)
        snapshot.current_data_version = snapshot.data_version  # type: ignore[attr-defined]
    return snapshot


# --- Refreshing stale snapshots -----------------------------------------------------------------


def stale_refresh_soon(*_changed: Any) -> None:
    """Ask for the stale snapshots to be made again, once the current transaction commits, in
    ``STATISTICS_REFRESH_DELAY_SECONDS``: the first write of a burst queues one task, the others
    find it queued and add nothing (a key in the cache until the task starts). Registered at
    start-up as a change hook of cases (cases.change_hooks, called by every timeline event), and
    called by ``snapshot_ensure`` when a reader meets a stale snapshot. Writes that record no
    timeline event still mark their days (database triggers): the periodic job makes those."""
    transaction.on_commit(_queue_refresh)


# When the broker last refused the refresh, this process leaves it to the periodic job for a while:
# with Redis down each publish waits for the connection timeout, and a page must not pay it per write.
_BROKER_BACKOFF_SECONDS = 60.0
_broker_down_until = 0.0


def _queue_refresh() -> None:
    global _broker_down_until
    from ..tasks import refresh_stale_snapshots

    if time.monotonic() < _broker_down_until:
        return  # the broker was down a moment ago: the periodic job makes them
    delay = settings.STATISTICS_REFRESH_DELAY_SECONDS
    if not cache.add(REFRESH_QUEUED_KEY, "1", timeout=int(delay) + 300):
        return  # a refresh is already queued: this write is made by it
    if not enqueue(refresh_stale_snapshots, countdown=delay):
        _broker_down_until = time.monotonic() + _BROKER_BACKOFF_SECONDS
        cache.delete(REFRESH_QUEUED_KEY)  # the broker is down: the periodic job makes them


def snapshots_refresh_stale(*, today: date | None = None) -> int:
    """Make again every stale snapshot the refresh is for (``reports.selectors.snapshots_stale``).
    Returns how many were made. The debounced task first clears its key, so a write committed
    while this runs queues the next run."""
    made = 0
    for snapshot in snapshots_stale(today):
        snapshot_generate(kind=snapshot.kind, period=Period(snapshot.period_start, snapshot.period_end))
        made += 1
    return made


def snapshots_refresh_due(*, today: date | None = None) -> int:
    """The periodic job (every few minutes): the running year's snapshot (the dashboard's default
    period) is made if it is not there yet, e.g. just after midnight, so that opening the
    dashboard never computes a year; then the stale snapshots any write left (also those whose
    debounced task was lost: broker down, worker killed). Returns how many were made."""
    today = today or timezone.localdate()
    running_year = Period(today.replace(month=1, day=1), today)
    made = 0
    if snapshot_of(period=running_year) is None:
        snapshot_generate(kind=snapshot_kind_for(running_year), period=running_year)
        made += 1
    return made + snapshots_refresh_stale(today=today)


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
