"""The SIMFONI operator's pages (issue 6 item 7): the work list of a period's registered cases with
the "entered in SIMFONI" marker, the marker's button, and the export file.

Only reports.export_simfoni (operator_data, kepala_uptd); everybody else gets 404, like every
page outside one's scope. The work list shows register numbers, the SIMFONI number, the marker
and victims' initials — never names, identifiers or the chronology (the operator does not read
case content).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cases.services import case_mark_simfoni_entered
from reports.forms import SimfoniPeriodForm
from reports.selectors import simfoni_case_get_for_user
from reports.simfoni import simfoni_cases, simfoni_export, simfoni_filename, simfoni_workbook
from uptdppa.audit import log_access_many
from uptdppa.downloads import private_download
from uptdppa.web import page_of, query_without_page, require_or_404

EXPORT_SIMFONI = "reports.export_simfoni"
PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_simfoni(user: Any) -> None:
    """404 for anyone who does not work on national recording."""
    require_or_404(user, EXPORT_SIMFONI)


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    require_simfoni(request.user)
    form = SimfoniPeriodForm(request.GET)
    period = form.period()
    pending = form.is_valid() and form.cleaned_data["pending"]
    page = page_of(request, simfoni_cases(period, pending_only=pending), PAGE_SIZE)
    log_access_many(page.object_list, actor=request.user, detail={"list": "simfoni"})
    return render(
        request,
        "reports/simfoni.html",
        {
            "form": form,
            "period": period,
            "page": page,
            "query": query_without_page(request),
            "export_query": urlencode({"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    """The SIMFONI file of a period: one .xlsx with four sheets; every case in it is logged."""
    require_simfoni(request.user)
    form = SimfoniPeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, gettext("Choose a valid period for the SIMFONI export."))
        return redirect("reports:simfoni")
    period = form.period()
    data = simfoni_export(period)
    log_access_many(
        data.cases,
        actor=request.user,
        detail={"export": "simfoni", "period": [period.start.isoformat(), period.end.isoformat()]},
    )
    return private_download(BytesIO(simfoni_workbook(data)), filename=simfoni_filename(period), content_type=XLSX)


@login_required
@require_POST
def mark(request: HttpRequest, code: str) -> HttpResponse:
    """Mark a case as entered in SIMFONI (entered=1) or not yet (entered=0); back to the list."""
    require_simfoni(request.user)
    case = simfoni_case_get_for_user(user=request.user, code=code)
    entered = request.POST.get("entered") == "1"
    number = request.POST.get("simfoni_number", "")[:40]
    try:
        case = case_mark_simfoni_entered(actor=request.user, case=case, entered=entered, simfoni_number=number)
    except ValidationError as error:
        # The service's refusal, naming the case: the message stands above the whole list, and
        # the list opens on the case's row, marked (#simfoni-row-…, its :target in app.css).
        messages.error(request, f"{case.register_number}: {' '.join(error.messages)}")
        row = f"#simfoni-row-{case.code}"
    else:
        row = ""
        message = (
            gettext("%(number)s marked as entered in SIMFONI.")
            if entered
            else gettext("%(number)s marked as not yet entered.")
        )
        messages.success(request, message % {"number": case.register_number})
    # Back to the same list: only the list's own filters are carried over.
    back = QueryDict(request.POST.get("back", ""))
    keep = QueryDict(mutable=True)
    for name in ("date_from", "date_to", "pending", "page"):
        if name in back:
            keep[name] = back[name]
    url = reverse("reports:simfoni")
    return redirect((f"{url}?{keep.urlencode()}" if keep else url) + row)
