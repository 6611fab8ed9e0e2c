"""Pages of the inter-agency accountability outputs (issue 18 §2-3): the quarterly task-force
report (list, make, detail, PDF, Excel) and the KLA Klaster V evidence pack (the same).

Whoever may not see them gets 404. Each reader sees the figures as they may
(reports.selectors.taskforce_figures_shown_to / kla_figures_shown_to); the files are made on
request from the stored figures, never stored."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from uptdppa.web import bound_data, form_page, require_or_404

from ..accountability_files import download, tables_pdf, tables_workbook
from ..accountability_tables import cut_off_label, kla_tables, quarter_label, taskforce_tables
from ..models import KlaPack, TaskForceReport
from ..selectors import (
    kla_figures_shown_to,
    kla_pack_get_for_user,
    kla_packs_for_user,
    taskforce_figures_shown_to,
    taskforce_report_get_for_user,
    taskforce_reports_for_user,
)
from ..services import kla_pack_make, taskforce_report_make


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, str(q)) for q in range(1, 5)])


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)


def _last_quarter() -> dict[str, int]:
    today = timezone.localdate()
    from ..taskforce import last_ended_quarter

    year, quarter = last_ended_quarter(today)
    return {"year": year, "quarter": quarter}


@login_required
@require_http_methods(["GET", "POST"])
def taskforce_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_or_404(user, "reports.view_taskforce_report")
    can_make = user.has_perm("reports.make_taskforce_report")
    if request.method == "POST":
        require_or_404(user, "reports.make_taskforce_report")
    form = QuarterForm(bound_data(request), initial=_last_quarter()) if can_make else None
    context = {"reports": taskforce_reports_for_user(user), "can_make": can_make}
    if form is None:
        return render(request, "reports/taskforce_list.html", {"form": None, **context})
    return form_page(
        request,
        form,
        lambda data: taskforce_report_make(actor=user, year=data["year"], quarter=data["quarter"]),
        page="reports/taskforce_list.html",
        success=gettext("The task-force report was made with the figures of now."),
        then=lambda report: reverse("reports:taskforce-detail", args=[report.code]),
        **context,
    )


def _taskforce(request: HttpRequest, code: UUID) -> tuple[TaskForceReport, dict[str, Any], list[Any], str]:
    user: Any = request.user
    report = taskforce_report_get_for_user(user=user, code=code)
    figures = taskforce_figures_shown_to(user, report)
    return report, figures, taskforce_tables(figures), quarter_label(report.year, report.quarter)


@login_required
@require_GET
def taskforce_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    report, figures, tables, label = _taskforce(request, code)
    return render(
        request,
        "reports/taskforce_detail.html",
        {"report": report, "figures": figures, "tables": tables, "label": label},
    )


def _taskforce_lines(report: TaskForceReport) -> list[str]:
    return [
        gettext("Measured at the end of the quarter; days from sending, medians and 90th percentiles."),
    ]


@login_required
@require_GET
def taskforce_file(request: HttpRequest, code: UUID, kind: str) -> HttpResponse:
    report, figures, tables, label = _taskforce(request, code)
    title = gettext("Task-force report on referrals")
    name = f"laporan-gugus-tugas-{report.year}-tw{report.quarter}"
    if kind == "pdf":
        content = tables_pdf(
            title=title,
            subtitle=label,
            lines=_taskforce_lines(report),
            tables=tables,
            suppressed=bool(figures.get("suppressed")),
            made_at=report.made_at,
            landscape=True,
        )
    else:
        content = tables_workbook(title=title, subtitle=label, lines=_taskforce_lines(report), tables=tables)
    return download(content, name=name, kind=kind)


@login_required
@require_http_methods(["GET", "POST"])
def kla_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_or_404(user, "reports.view_kla_pack")
    can_make = user.has_perm("reports.make_kla_pack")
    if request.method == "POST":
        require_or_404(user, "reports.make_kla_pack")
    context = {"packs": kla_packs_for_user(user), "can_make": can_make}
    if not can_make:
        return render(request, "reports/kla_list.html", {"form": None, **context})
    form = YearForm(bound_data(request), initial={"year": timezone.localdate().year - 1})
    return form_page(
        request,
        form,
        lambda data: kla_pack_make(actor=user, year=data["year"])[0],
        page="reports/kla_list.html",
        success=gettext("The evidence pack is frozen at today's figures."),
        then=lambda pack: reverse("reports:kla-detail", args=[pack.code]),
        **context,
    )


def _kla(request: HttpRequest, code: UUID) -> tuple[KlaPack, dict[str, Any], list[Any], str]:
    user: Any = request.user
    pack = kla_pack_get_for_user(user=user, code=code)
    figures = kla_figures_shown_to(user, pack)
    label = gettext("Year %(year)d, cut-off %(date)s") % {"year": pack.year, "date": cut_off_label(figures["cut_off"])}
    return pack, figures, kla_tables(figures), label


@login_required
@require_GET
def kla_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    pack, figures, tables, label = _kla(request, code)
    return render(
        request, "reports/kla_detail.html", {"pack": pack, "figures": figures, "tables": tables, "label": label}
    )


@login_required
@require_GET
def kla_file(request: HttpRequest, code: UUID, kind: str) -> HttpResponse:
    pack, figures, tables, label = _kla(request, code)
    title = gettext("KLA Klaster V evidence pack")
    lines = [gettext("Figures frozen at the cut-off date; a case counts in the year it was registered.")]
    name = f"bukti-kla-klaster-v-{pack.year}-{pack.cut_off.isoformat()}"
    if kind == "pdf":
        content = tables_pdf(
            title=title,
            subtitle=label,
            lines=lines,
            tables=tables,
            suppressed=bool(figures.get("suppressed")),
            made_at=pack.made_at,
        )
    else:
        content = tables_workbook(title=title, subtitle=label, lines=lines, tables=tables)
    return download(content, name=name, kind=kind)
