"""The leadership dashboard and "generate now" (issue 6 items 3 and 4).

- ``reports:dashboard`` (/laporan/dasbor/): the figures of a period for pimpinan and
  kepala_uptd (reports.view_dashboard): headline figures, a summary sentence, charts (drawn by
  static/js/dashboard.js from json_script data, each with its figures as a table), the other
  breakdowns and the definitions. Every number comes from ``figures_for`` then
  ``figures_shown_to``: for pimpinan every count from 1 to 2 reads "<3" in the tables, the
  sentence and the chart data alike, and the page shows no personal data (it reads only the
  figures). An ended period is served from its snapshot without touching the case tables.
- ``reports:generate`` (/laporan/snapshot/): kepala_uptd and operator_data
  (reports.generate_snapshot) ask for the snapshot of an ended period to be (re)made now; the
  run is queued on Celery and ``reports:run`` follows it by HTMX polling of
  ``reports:run-status``.

Anyone without the perm gets 404, like every page outside one's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods

from cases.vocabularies import (
    AgeBand,
    CaseType,
    ProtectionCategory,
    RelationGroup,
    Scene,
    ServiceType,
    Sex,
    ViolenceForm,
)
from referrals.models import Referral, ReferralStatus
from reports.forms import PeriodForm, Preset, SnapshotPeriodForm
from reports.models import SnapshotKind, SnapshotRun, SnapshotRunStatus
from reports.selectors import figures_for, figures_shown_to
from reports.statistics import Period, suppress_small
from reports.summary import period_label, summary_sentence
from reports.tables import (
    Table,
    age_sex_table,
    code_label,
    current_kecamatan_rows,
    month_label,
    ordered_codes,
    present_table,
)
from reports.tasks import run_snapshot
from uptdppa.accounts.services import enqueue

VIEW_DASHBOARD = "reports.view_dashboard"
GENERATE_SNAPSHOT = "reports.generate_snapshot"
SEE_SMALL_CELLS = "reports.see_small_cells"

Count = int | str  # a count, or "<3" once suppressed
CHILD_BANDS = (AgeBand.B0_5, AgeBand.B6_12, AgeBand.B13_17)
RECENT = 10


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise Http404


# --- What the page shows ------------------------------------------------------------------------
# The tables are reports/tables.py's (as the PDF and the Excel export use), with an HTML id and
# the dashboard's titles; charts carry one too, so that their figures can be read without
# JavaScript.


@dataclass
class Chart:
    id: str  # the canvas; its data is in the json_script "<id>-data"
    table: Table
    kind: str = "bar"  # "bar" or "line"
    horizontal: bool = False
    data: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.data = {
            "type": self.kind,
            "horizontal": self.horizontal,
            "title": self.table.title,
            "labels": [label for label, _values in self.table.rows],
            "datasets": [
                {"label": column, "values": [values[i] for _label, values in self.table.rows]}
                for i, column in enumerate(self.table.series)
            ],
            "limit": settings.STATISTICS_SMALL_CELL_LIMIT,
        }

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"


@dataclass
class Headline:
    id: str
    label: str
    value: Count | float | None  # None: hidden (see _open_and_closed) or not known
    note: str


def _number() -> str:
    return pgettext("statistics column", "Number")


def _open_and_closed(totals: dict[str, int], suppress: bool) -> tuple[Count | None, Count | None]:
    """Open (cases of the period not closed) and closed. With the number of cases shown, one of
    the two would give the other away: when only one of them is small, the other is hidden."""
    still_open, closed = totals["cases"] - totals["closed"], totals["closed"]
    if not suppress:
        return still_open, closed
    shown_open, shown_closed = suppress_small(still_open), suppress_small(closed)
    total_shown = isinstance(suppress_small(totals["cases"]), int)
    if total_shown and isinstance(shown_open, str) and isinstance(shown_closed, int):
        return shown_open, None
    if total_shown and isinstance(shown_closed, str) and isinstance(shown_open, int):
        return None, shown_closed
    return shown_open, shown_closed


def overdue_referral_count() -> int:
    """Referrals the receiver still has to act on after their due date, now (whatever the period)."""
    return Referral.objects.overdue().count()


def _headlines(raw: dict[str, Any], shown: dict[str, Any], suppress: bool) -> list[Headline]:
    still_open, closed = _open_and_closed(raw["totals"], suppress)
    overdue = overdue_referral_count()
    return [
        Headline("new-cases", _("New cases"), shown["totals"]["cases"], _("Registered in the period.")),
        Headline(
            "open-cases",
            _("Still open"),
            still_open,
            _("Cases of the period not closed when the figures were made (new cases minus closed)."),
        ),
        Headline("closed-cases", _("Closed"), closed, _("Cases of the period closed since.")),
        Headline(
            "overdue-referrals",
            _("Overdue referrals"),
            suppress_small(overdue) if suppress else overdue,
            _("Now, whatever the period: referrals the receiver still has to act on after their due date."),
        ),
        Headline(
            "median-response",
            _("Median hours to first response"),
            shown.get("median_hours_to_registration"),
            _("From the complaint's arrival to its acceptance as a case."),
        ),
    ]


def _charts(figures: dict[str, Any]) -> list[Chart]:
    forms_all, forms_child = figures["cases_by_form"], figures["child_cases_by_form"]
    form_codes = ordered_codes(ViolenceForm, {**forms_all, **forms_child}, every=True)
    violence = Table(
        "cases_by_form",
        _("Cases by violence form"),
        _("cases; a case counts once for each form any of its victims suffered"),
        ["", _("All cases"), _("Cases of violence against children")],
        [(code_label(ViolenceForm, code), [forms_all.get(code, 0), forms_child.get(code, 0)]) for code in form_codes],
        id="table-chart-forms",
    )
    trend = Table(
        "cases_by_month",
        _("New cases by month"),
        _("cases, by month of registration"),
        ["", _("New cases")],
        [(month_label(month), [n]) for month, n in figures["cases_by_month"].items()],
        id="table-chart-trend",
    )
    kecamatan = Table(
        "cases_by_kecamatan",
        _("Cases by kecamatan"),
        _("cases, by the kecamatan of the incident's kelurahan"),
        ["", _("Cases")],
        current_kecamatan_rows(figures["cases_by_kecamatan"]),
        id="table-chart-kecamatan",
    )
    victims = replace(
        age_sex_table(figures, women_first=True),
        title=_("Victims by age and sex"),
        counts=_("victims; age at the incident"),
        id="table-chart-age-sex",
    )
    return [
        Chart("chart-forms", violence),
        Chart("chart-trend", trend, kind="line"),
        Chart("chart-kecamatan", kecamatan, horizontal=True),
        Chart("chart-age-sex", victims),
    ]


# The breakdowns below the charts: (HTML id, key in the figures, title, what is counted,
# vocabulary, note).
BREAKDOWNS: tuple[tuple[str, str, Any, Any, Any, Any], ...] = (
    ("table-case-type", "cases_by_type", gettext_lazy("Cases by case type"), gettext_lazy("cases"), CaseType, ""),
    (
        "table-victims-form",
        "victims_by_form",
        gettext_lazy("Victims by violence form"),
        gettext_lazy("victims"),
        ViolenceForm,
        gettext_lazy("A victim with two forms counts once in each form's row."),
    ),
    ("table-sex", "victims_by_sex", gettext_lazy("Victims by sex"), gettext_lazy("victims"), Sex, ""),
    ("table-age", "victims_by_age_band", gettext_lazy("Victims by age band"), gettext_lazy("victims"), AgeBand, ""),
    ("table-scene", "cases_by_scene", gettext_lazy("Cases by scene"), gettext_lazy("cases"), Scene, ""),
    (
        "table-relations",
        "relations_by_group",
        gettext_lazy("Perpetrators by relation to the victim"),
        gettext_lazy("victim–perpetrator pairs"),
        RelationGroup,
        "",
    ),
    (
        "table-categories",
        "child_victims_by_category",
        gettext_lazy("Child victims by Pasal 59 category"),
        gettext_lazy("child victims × category"),
        ProtectionCategory,
        gettext_lazy("A child in two categories counts in both rows."),
    ),
    (
        "table-services",
        "victims_by_service",
        gettext_lazy("Victims by service received"),
        gettext_lazy("victims"),
        ServiceType,
        "",
    ),
    (
        "table-referrals",
        "referrals_by_status",
        gettext_lazy("Referrals by status"),
        gettext_lazy("referrals sent in the period, by their status now"),
        ReferralStatus,
        "",
    ),
)


def _tables(figures: dict[str, Any]) -> list[Table]:
    totals = figures["totals"]
    summary = Table(
        "totals",
        _("Totals"),
        _("cases, victims and complaints"),
        ["", _number()],
        [
            (_("Complaints received"), [totals["complaints_received"]]),
            (_("Cases registered"), [totals["cases"]]),
            (_("Cases of violence against children"), [totals["child_cases"]]),
            (_("Victims"), [totals["victims"]]),
            (_("Child victims"), [totals["child_victims"]]),
        ],
        id="table-totals",
        note=_("Complaints are counted by the day they came in, cases by the day they were registered."),
    )
    breakdowns = [
        replace(present_table(key, str(title), str(counts), figures, vocabulary, _number()), id=id, note=str(note))
        for id, key, title, counts, vocabulary, note in BREAKDOWNS
    ]
    return [summary, *breakdowns]


def _kla(figures: dict[str, Any]) -> tuple[Table, Table]:
    kla = figures["kla"]
    summary = Table(
        "kla",
        _("KLA Klaster V: child victims served, referred and monitored"),
        _("child victims"),
        ["", _number()],
        [(_("Served"), [kla["served"]]), (_("Referred"), [kla["referred"]]), (_("Monitored"), [kla["monitored"]])],
        id="table-kla",
    )
    table: dict[str, dict[str, dict[str, Count]]] = kla["by_category_age_sex"]
    bands = [str(band.value) for band in CHILD_BANDS]
    bands += sorted({band for row in table.values() for band in row} - set(bands))
    sexes = (Sex.PEREMPUAN.value, Sex.LAKI_LAKI.value)
    columns = [f"{code_label(AgeBand, band)} · {code_label(Sex, sex)}" for band in bands for sex in sexes]
    rows: list[tuple[str, list[Any]]] = [
        (
            code_label(ProtectionCategory, category),
            [table[category].get(band, {}).get(sex, 0) for band in bands for sex in sexes],
        )
        for category in ordered_codes(ProtectionCategory, table)
    ]
    detail = Table(
        "kla_by_category_age_sex",
        _("Child victims served by Pasal 59 category, age and sex"),
        _("child victims × category"),
        ["", *columns],
        rows,
        id="table-kla-detail",
    )
    return summary, detail


def _source(snapshot: Any) -> str:
    if snapshot is None:
        return _("The period has not ended: the figures are computed now and will still change.")
    return _("Figures of the snapshot made on %(date)s.") % {
        "date": formats.date_format(timezone.localtime(snapshot.generated_at), "DATETIME_FORMAT")
    }


def _period_query(period: Period) -> str:
    return urlencode({"preset": Preset.CUSTOM, "date_from": period.start, "date_to": period.end})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(user, VIEW_DASHBOARD)
    form = PeriodForm(request.GET)  # empty: this year to date
    context: dict[str, Any] = {"form": form, "can_generate": user.has_perm(GENERATE_SNAPSHOT)}
    if form.is_valid():
        period = form.period()
        raw, snapshot = figures_for(period=period)
        suppress = not user.has_perm(SEE_SMALL_CELLS)
        shown = figures_shown_to(user, raw)
        context.update(
            period=period,
            period_label=period_label(period.start, period.end),
            period_ended=period.end < timezone.localdate(),
            period_query=_period_query(period),
            source=_source(snapshot),
            suppressed=suppress,
            limit=settings.STATISTICS_SMALL_CELL_LIMIT,
            sentence=summary_sentence(shown),
            headlines=_headlines(raw, shown, suppress),
            charts=_charts(shown),
            tables=_tables(shown),
            kla=_kla(shown),
        )
    return render(request, "reports/dashboard.html", context)


# --- Generate now -------------------------------------------------------------------------------


def _kind_for(period: Period) -> str:
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


def _run_request(user: Any, period: Period) -> tuple[SnapshotRun, bool | None]:
    """Store the run and queue its task once the run is committed. Returns the run and whether
    the broker took the task (None when the queueing waits for an outer transaction)."""
    queued: list[bool] = []
    with transaction.atomic():
        run = SnapshotRun.objects.create(
            kind=_kind_for(period),
            period_start=period.start,
            period_end=period.end,
            requested_by=user,
            requested_at=timezone.now(),
        )
        transaction.on_commit(lambda: queued.append(enqueue(run_snapshot, run.pk)))
    return run, queued[0] if queued else None


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(user, GENERATE_SNAPSHOT)
    if request.method == "POST":
        form = SnapshotPeriodForm(request.POST)
        if form.is_valid():
            run, queued = _run_request(user, form.period())
            if queued is False:
                messages.warning(
                    request,
                    _("The background queue cannot be reached now: the request is kept and will be made later."),
                )
            else:
                messages.success(request, _("The snapshot was queued."))
            return redirect("reports:run", code=run.code)
    else:
        form = SnapshotPeriodForm(initial=request.GET.dict() or None)
    runs = list(SnapshotRun.objects.select_related("snapshot").order_by("-requested_at")[:RECENT])
    context = {"form": form, "runs": runs, "can_view_dashboard": user.has_perm(VIEW_DASHBOARD)}
    return render(request, "reports/generate.html", context)


def _run_context(request: HttpRequest, code: UUID) -> dict[str, Any]:
    user: Any = request.user
    _require(user, GENERATE_SNAPSHOT)
    run = get_object_or_404(SnapshotRun.objects.select_related("snapshot", "requested_by"), code=code)
    period = Period(run.period_start, run.period_end)
    finished = run.status in (SnapshotRunStatus.DONE, SnapshotRunStatus.FAILED)
    dashboard_url = None
    if run.status == SnapshotRunStatus.DONE and user.has_perm(VIEW_DASHBOARD):
        dashboard_url = f"{reverse('reports:dashboard')}?{_period_query(period)}"
    return {
        "run": run,
        "period_label": period_label(period.start, period.end),
        "finished": finished,
        "dashboard_url": dashboard_url,
        "retry_query": _period_query(period),
    }


@login_required
@require_GET
def run_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    return render(request, "reports/run.html", _run_context(request, code))


@login_required
@require_GET
def run_status(request: HttpRequest, code: UUID) -> HttpResponse:
    """The run's status (the partial the run page polls every 2 s until it is done or failed)."""
    return render(request, "reports/includes/run_status.html", _run_context(request, code))


urlpatterns: list[URLPattern] = [
    path("dasbor/", dashboard, name="dashboard"),
    path("snapshot/", generate, name="generate"),
    path("snapshot/<uuid:code>/", run_detail, name="run"),
    path("snapshot/<uuid:code>/status/", run_status, name="run-status"),
]
