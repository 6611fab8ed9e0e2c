"""Writes of reports: snapshots of the statistics (functions named <entity>_<action>)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Snapshot, SnapshotKind
from .statistics import Period, compute_figures

logger = logging.getLogger(__name__)


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


def scheduled_periods(today: date) -> list[tuple[str, Period]]:
    """What the monthly job makes on ``today`` (the 1st, 01:00 WIB): the previous month and the
    year to date; on 1 January, the previous year instead of its year to date."""
    last_day = today.replace(day=1) - timedelta(days=1)
    month = Period(last_day.replace(day=1), last_day)
    year_start = last_day.replace(month=1, day=1)
    if last_day.month == 12:
        return [(SnapshotKind.MONTH, month), (SnapshotKind.YEAR, Period(year_start, last_day))]
    return [(SnapshotKind.MONTH, month), (SnapshotKind.YEAR_TO_DATE, Period(year_start, last_day))]
