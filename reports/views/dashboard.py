"""The leadership dashboard and "generate now" (issue 6 items 3 and 4).

- ``reports:dashboard`` (/laporan/dasbor/): the figures of a period for pimpinan and
  kepala_uptd (reports.view_dashboard): headline figures, a summary sentence, charts (drawn by
  static/js/dashboard.js from json_script data, each with its figures as a table), the other
  breakdowns and the definitions (the tables are the catalogue's, reports/tables.py). Every
  number comes from ``figures_for`` then ``figures_shown_to`` (the headlines through
  ``headlines_shown_to``): for pimpinan every count from 1 to 2 reads "<3" in the tables, the
  sentence and the chart data alike, and the page shows no personal data (it reads only the
  figures). Every period, the running year it opens on too, is served from its snapshot without
  touching the case tables; a snapshot whose data changed since is shown labelled "angka sedang
  diperbarui" with the time its figures were computed, while it is made again.
- ``reports:generate`` (/laporan/snapshot/): kepala_uptd and operator_data
  (reports.generate_snapshot) ask for the snapshot of an ended period to be (re)made now; the
  run is queued on Celery and ``reports:run`` follows it by HTMX polling of
  ``reports:run-status``.

Anyone without the perm gets 404, like every page outside one's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from reports.access import kinds_for, small_cells_hidden_from
from reports.forms import PeriodForm, Preset, SnapshotPeriodForm
from reports.models import ReportFileKind, SnapshotRunStatus
from reports.selectors import (
    figures_for,
    figures_shown_to,
    headlines_shown_to,
    snapshot_run_of,
    snapshot_runs_recent,
)
from reports.services import snapshot_ensure, snapshot_run_request
from reports.statistics import Period
from reports.summary import period_label, stale_notice, summary_sentence
from reports.suppression import SUPPRESSION_VERSION
from reports.tables import dashboard_charts, dashboard_kla, dashboard_tables
from uptdppa.web import require_or_404

VIEW_DASHBOARD = "reports.view_dashboard"
GENERATE_SNAPSHOT = "reports.generate_snapshot"

Count = int | str  # a count, or "<3" once suppressed
RECENT = 10
# The rendered figures of a snapshot version (``_figures_html``): a new version has a new key.
FIGURES_HTML_SECONDS = 60 * 60


@dataclass
class Headline:
    id: str
    label: str
    value: Count | float | None  # None: hidden (reports.selectors.headlines_shown_to) or not known
    note: str


def _headlines(user: Any, raw: dict[str, Any], shown: dict[str, Any]) -> list[Headline]:
    counts = headlines_shown_to(user, raw)
    return [
        Headline("new-cases", _("New cases"), counts["cases"], _("Registered in the period.")),
        Headline(
            "open-cases",
            _("Still open"),
            counts["open"],
            _("Cases of the period not closed when the figures were made (new cases minus closed)."),
        ),
        Headline("closed-cases", _("Closed"), counts["closed"], _("Cases of the period closed since.")),
        Headline(
            "overdue-referrals",
            _("Overdue referrals"),
            counts["overdue_referrals"],
            _("Now, whatever the period: referrals the receiver still has to act on after their due date."),
        ),
        Headline(
            "median-response",
            _("Median hours to first response"),
            shown.get("median_hours_to_registration"),
            _("From the complaint's arrival to its acceptance as a case."),
        ),
    ]


def _source(snapshot: Any, period: Period) -> str:
    if snapshot is None:
        return _("The period has not ended: the figures are computed now and will still change.")
    if snapshot.is_stale:
        return stale_notice(snapshot.generated_at)
    when = formats.date_format(timezone.localtime(snapshot.generated_at), "DATETIME_FORMAT")
    if period.end >= timezone.localdate():
        return _("The period has not ended: figures computed on %(date)s, made again whenever its data change.") % {
            "date": when
        }
    return _("Figures of the snapshot made on %(date)s.") % {"date": when}


def _figures_html(request: HttpRequest, snapshot: Any, shown: dict[str, Any], *, suppressed: bool) -> str:
    """The charts, breakdowns, KLA tables and definitions of the figures ``shown``: most of the
    page's time is the template engine writing them, yet they are a function of the snapshot's
    figures, of whether small cells are hidden from the reader and of the language. So they are
    rendered once per snapshot version and kept in the cache (aggregates only, never a person);
    figures computed live (no snapshot) are rendered each time."""

    def rendered() -> str:
        context = {
            "charts": dashboard_charts(shown),
            "tables": dashboard_tables(shown),
            "kla": dashboard_kla(shown),
            "limit": settings.STATISTICS_SMALL_CELL_LIMIT,
        }
        return render_to_string("reports/includes/dashboard_figures.html", context, request=request)

    if snapshot is None:
        return rendered()
    key = ":".join(
        str(part)
        for part in (
            "dashboard-figures",
            snapshot.code,
            snapshot.generated_at.timestamp(),
            snapshot.data_version,
            suppressed,
            SUPPRESSION_VERSION,
            settings.STATISTICS_SMALL_CELL_LIMIT,
            get_language(),
        )
    )
    html = cache.get(key)
    if html is None:
        html = rendered()
        cache.set(key, html, FIGURES_HTML_SECONDS)
    return html  # type: ignore[no-any-return]  # render_to_string's SafeString, kept as it is


def _period_query(period: Period) -> str:
    return urlencode({"preset": Preset.CUSTOM, "date_from": period.start, "date_to": period.end})


def _pdf_request(user: Any, form: PeriodForm) -> list[tuple[str, str]]:
    """The fields of the statistics PDF's request for the period shown (reports:exports), or none
    when the user may not ask for that file."""
    if ReportFileKind.PDF not in kinds_for(user):
        return []
    fields = ("preset", "year", "month", "quarter", "date_from", "date_to")
    return [("kind", ReportFileKind.PDF), *((name, form.data[name]) for name in fields if form.data.get(name))]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_or_404(user, VIEW_DASHBOARD)
    form = PeriodForm(request.GET, user=user)  # empty: this year to date (the whole year for leadership)
    context: dict[str, Any] = {"form": form, "can_generate": user.has_perm(GENERATE_SNAPSHOT)}
    if form.is_valid():
        period = form.period()
        # Stored once (a running period too), then read from its snapshot; a stale one is served
        # labelled while it is made again (issue 14).
        snapshot_ensure(period=period)
        raw, snapshot = figures_for(period=period)
        shown = figures_shown_to(user, raw)
        suppressed = small_cells_hidden_from(user)
        context.update(
            period=period,
            period_label=period_label(period.start, period.end),
            period_ended=period.end < timezone.localdate(),
            period_query=_period_query(period),
            source=_source(snapshot, period),
            stale=snapshot is not None and snapshot.is_stale,
            suppressed=suppressed,
            limit=settings.STATISTICS_SMALL_CELL_LIMIT,
            sentence=summary_sentence(shown),
            headlines=_headlines(user, raw, shown),
            figures_html=_figures_html(request, snapshot, shown, suppressed=suppressed),
            # "Download PDF": the exports page's request for this period, as the form read it.
            pdf_request=_pdf_request(user, form),
        )
    return render(request, "reports/dashboard.html", context)


# --- Generate now -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_or_404(user, GENERATE_SNAPSHOT)
    if request.method == "POST":
        form = SnapshotPeriodForm(request.POST)
        if form.is_valid():
            run, queued = snapshot_run_request(actor=user, period=form.period())
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
    context = {"form": form, "runs": snapshot_runs_recent(RECENT), "can_view_dashboard": user.has_perm(VIEW_DASHBOARD)}
    return render(request, "reports/generate.html", context)


def _run_context(request: HttpRequest, code: UUID) -> dict[str, Any]:
    user: Any = request.user
    require_or_404(user, GENERATE_SNAPSHOT)
    run = snapshot_run_of(code)
    if run is None:
        raise Http404
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
