"""Reads of statistics with the access rules applied: one code path for the dashboard, the PDF
report, the Excel export and the API, so that they always agree."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Snapshot, SnapshotKind
from .services import snapshot_generate
from .statistics import Period, compute_figures, suppress_small

# Numbers in the figures that are not counts of people or cases (never suppressed).
NOT_COUNTS = frozenset({"definitions_version", "median_hours_to_registration"})


def figures_for(*, period: Period) -> tuple[dict[str, Any], Snapshot | None]:
    """The figures of ``period`` and the snapshot they come from.

    A period that has ended is served from its snapshot (made now, once, if the monthly job has
    not made it), so reading it again never touches the case tables. A period still running
    (ending today or later) is computed live and not stored: its figures still change."""
    snapshot = (
        Snapshot.objects.filter(period_start=period.start, period_end=period.end).order_by("-generated_at").first()
    )
    if snapshot is not None:
        return snapshot.figures, snapshot
    if period.end < timezone.localdate():
        snapshot = snapshot_generate(kind=SnapshotKind.CUSTOM, period=period)
        return snapshot.figures, snapshot
    return compute_figures(period), None


def figures_shown_to(user: Any, figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as ``user`` may see them: for leadership every count from 1 to the limit is
    replaced by "<limit" (reports.see_small_cells); for the unit's own staff they are exact."""
    if user.has_perm("reports.see_small_cells"):
        return figures
    return _suppress(figures)


def _suppress(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _suppress(v, k) for k, v in value.items()}
    if isinstance(value, bool) or key in NOT_COUNTS:
        return value
    if isinstance(value, int):
        return suppress_small(value)
    return value
