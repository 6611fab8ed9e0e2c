"""Reads of reports with the access rules applied; nothing here writes but the audit trail of reads.

The figures of a period have one code path for the dashboard, the PDF report, the Excel tables
and the API, so that they always agree: ``figures_for`` reads them (from the period's snapshot,
else computed live) and ``figures_shown_to`` hides the small cells from whoever may not see them.
Making a missing snapshot is a write: ``reports.services.snapshot_ensure``. A snapshot read here
knows whether its data changed since it was made (``Snapshot.is_stale``, from the data versions
of its days: ``snapshots_with_staleness``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Case
from uptdppa.accounts.models import Role
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access

from .access import (
    kla_packs_visible_to,
    report_files_visible_to,
    simfoni_cases_visible_to,
    small_cells_hidden_from,
    taskforce_reports_visible_to,
)
from .kla_pack import pack_leadership_view
from .models import (
    KlaPack,
    ReportFile,
    Snapshot,
    SnapshotKind,
    SnapshotRun,
    SnapshotRunStatus,
    StatisticsDay,
    TaskForceReport,
)
from .statistics import Period, compute_figures
from .suppression import NOT_COUNTS, SUPPRESSION_VERSION, leadership_figures
from .taskforce import leadership_view, liaison_view

__all__ = ["NOT_COUNTS"]
# A report file queued longer than this was not picked up (broker down): the periodic job makes it.
PICKUP_DELAY = timedelta(minutes=2)
# Leadership's figures are a function of the figures alone: kept a day under their content's hash.
SUPPRESSED_CACHE_SECONDS = 24 * 60 * 60


# --- Figures ------------------------------------------------------------------------------------


def data_version_of(period: Period) -> int:
    """The data version of ``period`` now: the sum of its days' versions (``StatisticsDay``,
    kept by database triggers). It only grows, and grows with every committed write that changes
    what a figure of the period reads."""
    total = StatisticsDay.objects.filter(day__gte=period.start, day__lte=period.end).aggregate(v=Sum("version"))["v"]
    return int(total or 0)


def snapshots_with_staleness() -> QuerySet[Snapshot]:
    """Snapshots annotated with the data version of their period now (``current_data_version``),
    so that ``Snapshot.is_stale`` answers; one query, an index range over the period's days."""
    days = (
        StatisticsDay.objects.filter(day__gte=OuterRef("period_start"), day__lte=OuterRef("period_end"))
        .order_by()
        .values(total=Func(F("version"), function="SUM"))
    )
    return Snapshot.objects.annotate(current_data_version=Coalesce(Subquery(days), 0))


def snapshot_of(*, period: Period) -> Snapshot | None:
    """The latest stored snapshot of ``period``, if any, knowing whether it is stale."""
    return (
        snapshots_with_staleness()
        .filter(period_start=period.start, period_end=period.end)
        .order_by("-generated_at")
        .first()
    )


def snapshots_stale(today: Any = None) -> list[Snapshot]:
    """The stale snapshots the refresh job makes again: those of the monthly job's kinds, those of
    a period still running (the dashboard's default: the running year) and those a reader met
    stale (``refresh_requested``). Another custom period read long ago is made again when it is
    next read. Oldest first."""
    today = today or timezone.localdate()
    wanted = ~Q(kind=SnapshotKind.CUSTOM) | Q(period_end__gte=today) | Q(refresh_requested=True)
    return list(
        snapshots_with_staleness()
        .filter(wanted)
        .exclude(current_data_version=F("data_version"))  # type: ignore[misc]  # the annotation above
        .order_by("generated_at")
    )


def figures_for(*, period: Period) -> tuple[dict[str, Any], Snapshot | None]:
    """The figures of ``period`` and the snapshot they come from: the stored snapshot (its
    ``generated_at`` is when they were computed; ``is_stale`` when its data changed since: every
    output then says "angka sedang diperbarui"), else computed live and not stored (None). Reads
    only: the pages and the API first call ``reports.services.snapshot_ensure``, which stores the
    snapshot once and asks for a stale one to be made again."""
    snapshot = snapshot_of(period=period)
    if snapshot is not None:
        return snapshot.figures, snapshot
    return compute_figures(period), None


def figures_shown_to(user: Any, figures: dict[str, Any]) -> dict[str, Any]:
    """The figures (or any counts) as ``user`` may see them: when their small cells are hidden
    (``reports.access.small_cells_hidden_from``: leadership) every category is listed, every count
    from 1 to the limit reads "<limit" and every count that would let one be worked out reads "x"
    (``reports.suppression.leadership_figures``); for the unit's own staff they are exact. Every
    output's numbers pass through here: the dashboard with its headlines, the PDF, the Excel
    tables and the API."""
    if not small_cells_hidden_from(user):
        return figures
    return _suppress(figures)


def _suppress(figures: dict[str, Any]) -> dict[str, Any]:
    """``leadership_figures`` of ``figures``, cached by their content (and the method's version and
    limit): the exact check takes up to a second for a year, and every page, file and API call of
    the same period asks for the same figures. The cache holds aggregates only, never a person."""
    content = json.dumps(figures, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(content).hexdigest()
    key = f"leadership-figures:{SUPPRESSION_VERSION}:{settings.STATISTICS_SMALL_CELL_LIMIT}:{digest}"
    shown = cache.get(key)
    if shown is None:
        shown = leadership_figures(figures)
        cache.set(key, shown, SUPPRESSED_CACHE_SECONDS)
    return copy.deepcopy(shown)  # the caller's own copy


def overdue_referral_count() -> int:
    """Referrals the receiver still has to act on after their due date, now (whatever the period)."""
    from referrals.models import Referral  # reports sits above referrals

    return Referral.objects.overdue().count()


def headlines_shown_to(user: Any, figures: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's headline counts as ``user`` may see them (``figures_shown_to`` of the whole
    ``figures``, or of their ``totals`` alone): the new cases of the period, those still open and
    those closed, and the referrals overdue now.

    With the number of cases shown, open and closed would give each other away by subtraction:
    they are one more sum of the figures, hidden like every other ("x")."""
    totals = figures.get("totals", figures)
    shown = figures_shown_to(
        user,
        {
            **({} if "totals" not in figures else figures),
            "totals": {**totals, "open": totals["cases"] - totals["closed"]},
            "overdue_referrals": overdue_referral_count(),
        },
    )
    return {
        "cases": shown["totals"]["cases"],
        "open": shown["totals"]["open"],
        "closed": shown["totals"]["closed"],
        "overdue_referrals": shown["overdue_referrals"],
    }


# --- "Generate now" runs ------------------------------------------------------------------------


def snapshot_runs_recent(limit: int) -> list[SnapshotRun]:
    return list(SnapshotRun.objects.select_related("snapshot").order_by("-requested_at")[:limit])


def snapshot_run_of(code: Any) -> SnapshotRun | None:
    return SnapshotRun.objects.select_related("snapshot", "requested_by").filter(code=code).first()


# --- Report files -------------------------------------------------------------------------------


def report_file_get_for_user(*, user: Any, code: Any) -> ReportFile:
    """A file ``user`` may download, else 404 (whether it exists is not told)."""
    return get_or_refuse(report_files_visible_to(user), user=user, kind="report_file", code=code)


def report_file_open_for_user(*, user: Any, report_file: ReportFile) -> IO[bytes] | None:
    """The content of a file fetched with ``report_file_get_for_user``, its download logged; None
    when it is not made yet or was lost from storage (the user asks again)."""
    if report_file.status != SnapshotRunStatus.DONE or not report_file.file:
        return None
    try:
        handle = report_file.file.open("rb")
    except FileNotFoundError:
        return None
    log_access(report_file, actor=user, detail=report_file.audit_detail("download"))
    return handle  # type: ignore[no-any-return]


def report_files_pending(now: Any = None) -> list[int]:
    """Files asked for but not made: queued past the pick-up delay (the broker was down), or
    running past the task time limit (the worker was killed)."""
    now = now or timezone.now()
    stuck_running = now - timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 360))
    return list(
        ReportFile.objects.filter(
            Q(status=SnapshotRunStatus.QUEUED, requested_at__lt=now - PICKUP_DELAY)
            | Q(status=SnapshotRunStatus.RUNNING, requested_at__lt=stuck_running)
        )
        .order_by("requested_at")
        .values_list("pk", flat=True)
    )


# --- SIMFONI ------------------------------------------------------------------------------------


def simfoni_case_get_for_user(*, user: Any, code: Any) -> Case:
    """The registered case ``code`` for the SIMFONI marker, if ``user`` works on national
    recording (``reports.access.simfoni_cases_visible_to``), else 404 (a logged refusal)."""
    return get_or_refuse(simfoni_cases_visible_to(user), user=user, kind="case", code=code)


# --- The task-force report and the KLA evidence pack (issue 18 §2-3) ---------------------------


def taskforce_report_get_for_user(*, user: Any, code: Any) -> TaskForceReport:
    """A task-force report by its code; 404 for whoever may not see the reports."""
    return get_or_refuse(taskforce_reports_visible_to(user), user=user, kind="taskforce_report", code=code)


def taskforce_reports_for_user(user: Any) -> list[TaskForceReport]:
    return list(taskforce_reports_visible_to(user).select_related("made_by"))


def taskforce_figures_shown_to(user: Any, report: TaskForceReport) -> dict[str, Any]:
    """The report's figures as ``user`` may see them: a liaison their own organisation's row and
    the city's medians (``reports.taskforce.liaison_view``); leadership every row with small
    counts hidden (``leadership_view``); the head exact figures."""
    if user.role == Role.PENGHUBUNG_OPD:
        code = str(user.organisation.code) if user.organisation_id else ""
        return liaison_view(report.figures, code)
    if small_cells_hidden_from(user):
        return leadership_view(report.figures)
    return report.figures


def kla_pack_get_for_user(*, user: Any, code: Any) -> KlaPack:
    return get_or_refuse(kla_packs_visible_to(user), user=user, kind="kla_pack", code=code)


def kla_packs_for_user(user: Any) -> list[KlaPack]:
    return list(kla_packs_visible_to(user).select_related("made_by"))


def kla_figures_shown_to(user: Any, pack: KlaPack) -> dict[str, Any]:
    """The pack's figures as ``user`` may see them: exact for the unit's staff, leadership's
    suppression otherwise (``reports.kla_pack.pack_leadership_view``)."""
    if small_cells_hidden_from(user):
        return pack_leadership_view(pack.figures)
    return pack.figures
