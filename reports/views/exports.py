"""Pages of reports: the exports (issue 6 items 5 and 6) — ask for a PDF report, the Excel tables
or the case-level Excel export of a period, follow it, download it.

Users who may export nothing get 404 (outside their scope). A file is made by a Celery task
(reports.tasks.generate_report_file) and downloaded only through :func:`export_download`, which
checks access, audits the download and forbids sniffing and caching.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from reports.access import kinds_for, report_files_visible_to
from reports.forms import PeriodForm
from reports.models import ReportFileKind, SnapshotRunStatus
from reports.selectors import report_file_get_for_user, report_file_open_for_user
from reports.services import ExportNotAllowed, report_file_request
from uptdppa.downloads import private_download
from uptdppa.web import add_service_errors

LIST_LENGTH = 50


class ExportRequestForm(PeriodForm):
    """The period (the dashboard's selector) and the kind of file, among those the user may ask for."""

    kind = forms.ChoiceField(label=_("File"), choices=ReportFileKind.choices)

    def __init__(self, *args: Any, kinds: list[ReportFileKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["kind"]
        field.choices = [(kind.value, kind.label) for kind in kinds]
        # Field order: what, then when.
        self.order_fields(["kind", "preset", "year", "month", "quarter", "date_from", "date_to"])


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    kinds = kinds_for(request.user)
    if not kinds:
        raise Http404
    if request.method == "POST" and request.POST.get("kind") not in (None, "", *kinds):
        raise Http404  # a kind outside the user's scope, e.g. the case-level export for leadership
    form = ExportRequestForm(request.POST if request.method == "POST" else None, kinds=kinds, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report_file_request(actor=request.user, kind=form.cleaned_data["kind"], period=form.period())
        except ExportNotAllowed as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The file is being made; it appears in the list below, ready to download when done.")
            )
            return redirect("reports:exports")
    files = list(report_files_visible_to(request.user)[:LIST_LENGTH])
    pending = any(f.status in (SnapshotRunStatus.QUEUED, SnapshotRunStatus.RUNNING) for f in files)
    template = "reports/includes/export_list.html" if request.htmx else "reports/exports.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"form": form, "files": files, "pending": pending, "done": SnapshotRunStatus.DONE},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def export_download(request: HttpRequest, code: UUID) -> HttpResponseBase:
    report_file = report_file_get_for_user(user=request.user, code=code)
    handle = report_file_open_for_user(user=request.user, report_file=report_file)
    if handle is None:  # not made yet, or lost from storage: the user asks again
        raise Http404
    return private_download(handle, filename=report_file.download_name, content_type=report_file.content_type)
