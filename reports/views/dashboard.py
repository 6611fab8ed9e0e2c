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

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Region, RegionLevel
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
from referrals.models import ACTIVE_STATUSES, Referral, ReferralStatus
from reports.forms import PeriodForm, Preset, SnapshotPeriodForm
from reports.models import SnapshotKind, SnapshotRun, SnapshotRunStatus
from reports.selectors import figures_for, figures_shown_to
from reports.statistics import OUTSIDE, UNKNOWN, Period, suppress_small
from reports.summary import period_label, summary_sentence
from reports.tasks import run_snapshot
from uptdppa.accounts.services import enqueue

VIEW_DASHBOARD = "reports.view_dashboard"
GENERATE_SNAPSHOT = "reports.generate_snapshot"
SEE_SMALL_CELLS = "reports.see_small_cells"

Count = int | str  # a count, or "<3" once suppressed
CHILD_BANDS = (AgeBand.B0_5, AgeBand.B6_12, AgeBand.B13_17)
KECAMATAN_CACHE_KEY = "reports:kecamatan-names:v1"
RECENT = 10


def _require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise Http404


# --- Labels -------------------------------------------------------------------------------------


def _label(vocabulary: type[TextChoices], code: str) -> str:
    if code == UNKNOWN:
        return _("Not recorded")
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code


def _ordered(vocabulary: type[TextChoices], counts: dict[str, Any], *, every: bool = False) -> list[str]:
    """The codes of ``counts`` in the vocabulary's order (every code of it with ``every``), then
    any code the vocabulary no longer has, then "unknown"."""
    codes = [str(choice.value) for choice in vocabulary if every or choice.value in counts]
    codes += sorted(code for code in counts if code not in codes and code != UNKNOWN)
    return codes + [UNKNOWN] if UNKNOWN in counts else codes


def kecamatan_names() -> dict[str, str]:
    """Kecamatan code → name (reference data, cached: reading a snapshot then touches no table of
    the cases app)."""
    names: dict[str, str] | None = cache.get(KECAMATAN_CACHE_KEY)
    if names is None:
        rows = Region.objects.filter(level=RegionLevel.KECAMATAN, valid_to__isnull=True).order_by("name")
        names = dict(rows.values_list("code", "name"))
        cache.set(KECAMATAN_CACHE_KEY, names, 6 * 60 * 60)
    return names


# --- What the page shows ------------------------------------------------------------------------


@dataclass
class Table:
    """A breakdown as a table: rows of labels, one column per series. Charts carry one too, so
    that their figures can be read without JavaScript."""

    id: str
    title: str
    counts: str  # what each number counts (DEFINITIONS.md)
    columns: list[str]
    rows: list[tuple[str, list[Count]]]
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


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
                for i, column in enumerate(self.table.columns)
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


def _simple(
    id: str, title: str, counts: str, figures: dict[str, Count], vocabulary: type[TextChoices], note: str = ""
) -> Table:
    column = [pgettext("statistics column", "Number")]
    rows = [(_label(vocabulary, code), [figures[code]]) for code in _ordered(vocabulary, figures)]
    return Table(id, title, counts, column, rows, note)


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
    return Referral.objects.filter(status__in=ACTIVE_STATUSES, due_on__lt=timezone.localdate()).count()


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


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return formats.date_format(date(int(year), int(number), 1), "YEAR_MONTH_FORMAT")


def _charts(figures: dict[str, Any]) -> list[Chart]:
    forms_all, forms_child = figures["cases_by_form"], figures["child_cases_by_form"]
    form_codes = _ordered(ViolenceForm, {**forms_all, **forms_child}, every=True)
    violence = Table(
        "table-chart-forms",
        _("Cases by violence form"),
        _("cases; a case counts once for each form any of its victims suffered"),
        [_("All cases"), _("Cases of violence against children")],
        [(_label(ViolenceForm, code), [forms_all.get(code, 0), forms_child.get(code, 0)]) for code in form_codes],
    )
    trend = Table(
        "table-chart-trend",
        _("New cases by month"),
        _("cases, by month of registration"),
        [_("New cases")],
        [(_month_label(month), [n]) for month, n in figures["cases_by_month"].items()],
    )
    names, by_place = kecamatan_names(), figures["cases_by_kecamatan"]
    codes = list(names) + sorted(code for code in by_place if code not in names and code not in (OUTSIDE, UNKNOWN))
    places: list[tuple[str, list[Count]]] = [(names.get(code) or code, [by_place.get(code, 0)]) for code in codes]
    if by_place.get(OUTSIDE):
        places.append((_("Outside Kota Jambi"), [by_place[OUTSIDE]]))
    if by_place.get(UNKNOWN):
        places.append((_("Not recorded"), [by_place[UNKNOWN]]))
    kecamatan = Table(
        "table-chart-kecamatan",
        _("Cases by kecamatan"),
        _("cases, by the kecamatan of the incident's kelurahan"),
        [_("Cases")],
        places,
    )
    age_sex: dict[str, dict[str, Count]] = figures["victims_by_age_sex"]
    bands = _ordered(AgeBand, age_sex, every=True)
    sexes = [Sex.PEREMPUAN.value, Sex.LAKI_LAKI.value]
    sexes += sorted({sex for row in age_sex.values() for sex in row} - set(sexes))
    victims = Table(
        "table-chart-age-sex",
        _("Victims by age and sex"),
        _("victims; age at the incident"),
        [_label(Sex, sex) for sex in sexes],
        [(_label(AgeBand, band), [age_sex.get(band, {}).get(sex, 0) for sex in sexes]) for band in bands],
    )
    return [
        Chart("chart-forms", violence),
        Chart("chart-trend", trend, kind="line"),
        Chart("chart-kecamatan", kecamatan, horizontal=True),
        Chart("chart-age-sex", victims),
    ]


def _tables(figures: dict[str, Any]) -> list[Table]:
    totals = figures["totals"]
    summary = Table(
        "table-totals",
        _("Totals"),
        _("cases, victims and complaints"),
        [pgettext("statistics column", "Number")],
        [
            (_("Complaints received"), [totals["complaints_received"]]),
            (_("Cases registered"), [totals["cases"]]),
            (_("Cases of violence against children"), [totals["child_cases"]]),
            (_("Victims"), [totals["victims"]]),
            (_("Child victims"), [totals["child_victims"]]),
        ],
        _("Complaints are counted by the day they came in, cases by the day they were registered."),
    )
    return [
        summary,
        _simple("table-case-type", _("Cases by case type"), _("cases"), figures["cases_by_type"], CaseType),
        _simple(
            "table-victims-form",
            _("Victims by violence form"),
            _("victims"),
            figures["victims_by_form"],
            ViolenceForm,
            _("A victim with two forms counts once in each form's row."),
        ),
        _simple("table-sex", _("Victims by sex"), _("victims"), figures["victims_by_sex"], Sex),
        _simple("table-age", _("Victims by age band"), _("victims"), figures["victims_by_age_band"], AgeBand),
        _simple("table-scene", _("Cases by scene"), _("cases"), figures["cases_by_scene"], Scene),
        _simple(
            "table-relations",
            _("Perpetrators by relation to the victim"),
            _("victim–perpetrator pairs"),
            figures["relations_by_group"],
            RelationGroup,
        ),
        _simple(
            "table-categories",
            _("Child victims by Pasal 59 category"),
            _("child victims × category"),
            figures["child_victims_by_category"],
            ProtectionCategory,
            _("A child in two categories counts in both rows."),
        ),
        _simple(
            "table-services",
            _("Victims by service received"),
            _("victims"),
            figures["victims_by_service"],
            ServiceType,
        ),
        _simple(
            "table-referrals",
            _("Referrals by status"),
            _("referrals sent in the period, by their status now"),
            figures["referrals_by_status"],
            ReferralStatus,
        ),
    ]


def _kla(figures: dict[str, Any]) -> tuple[Table, Table]:
    kla = figures["kla"]
    summary = Table(
        "table-kla",
        _("KLA Klaster V: child victims served, referred and monitored"),
        _("child victims"),
        [pgettext("statistics column", "Number")],
        [(_("Served"), [kla["served"]]), (_("Referred"), [kla["referred"]]), (_("Monitored"), [kla["monitored"]])],
    )
    table: dict[str, dict[str, dict[str, Count]]] = kla["by_category_age_sex"]
    bands = [str(band.value) for band in CHILD_BANDS]
    bands += sorted({band for row in table.values() for band in row} - set(bands))
    sexes = (Sex.PEREMPUAN.value, Sex.LAKI_LAKI.value)
    columns = [f"{_label(AgeBand, band)} · {_label(Sex, sex)}" for band in bands for sex in sexes]
    rows = [
        (
            _label(ProtectionCategory, category),
            [table[category].get(band, {}).get(sex, 0) for band in bands for sex in sexes],
        )
        for category in _ordered(ProtectionCategory, table)
    ]
    detail = Table(
        "table-kla-detail",
        _("Child victims served by Pasal 59 category, age and sex"),
        _("child victims × category"),
        columns,
        rows,
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
