"""Attachments of a complaint or case (issue 4 item 9): the list with the upload form, the
download, the removal.

Shape (as cases/views/case_edit.py): access helper (404 outside scope) -> permission (403) ->
form -> service -> redirect, or the page again with the service's errors. Files are served only
by ``attachment_download``: access checked, the read audited, sent as a download with the type
detected at upload, ``nosniff`` and no caching — never from a public URL.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.forms import add_service_errors
from cases.forms.attachments import AttachmentForm, AttachmentRemoveForm
from cases.models import Attachment, Case, CaseStatus
from cases.selectors import case_get_for_user
from cases.selectors.attachments import (
    attachment_get_for_user,
    attachment_open_for_user,
    attachment_targets_for_user,
    attachments_for_user,
    label_targets,
)
from cases.services import attachment_add, attachment_remove
from uptdppa.downloads import private_download, safe_file_name

MANAGE = "cases.manage_attachments"


def can_manage_attachments(user: Any, case: Case) -> bool:
    """Whether to offer upload and removal: the permission and a case that is not closed (the
    service refuses writes to a closed case anyway)."""
    return case.status != CaseStatus.CLOSED and bool(user.has_perm(MANAGE, case))


def file_response(user: Any, attachment: Attachment) -> HttpResponseBase:
    """The stored file as a download (the read is audited by the selector)."""
    handle = attachment_open_for_user(user=user, attachment=attachment)
    name = safe_file_name(attachment.original_name, attachment.extension)
    return private_download(handle, filename=name, content_type=attachment.mime_type)


@login_required
def attachments(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    can_manage = can_manage_attachments(request.user, case)
    targets = attachment_targets_for_user(user=request.user, case=case)
    form = None
    if request.method == "POST":
        if not request.user.has_perm(MANAGE, case):
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            target = form.cleaned_data["target"]
            upload = form.cleaned_data["file"]
            try:
                attachment_add(
                    actor=request.user,
                    case=case,
                    file=upload,
                    file_name=upload.name,
                    target_kind=target.kind,
                    target_code=target.code,
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error, {"target_kind": "target", "target_code": "target"})
            else:
                messages.success(request, _("The file was attached."))
                return redirect("cases:attachments", case.code)
    elif can_manage:
        form = AttachmentForm(initial={"target": request.GET.get("target", "case")}, targets=targets)
    context = {
        "case": case,
        "attachments": label_targets(attachments_for_user(user=request.user, case=case), targets),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "cases/attachments/attachments.html", context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, code: UUID, attachment: UUID) -> HttpResponseBase:
    case = case_get_for_user(user=request.user, code=code)
    found = attachment_get_for_user(user=request.user, case=case, code=attachment)
    return file_response(request.user, found)


@login_required
def attachment_remove_view(request: HttpRequest, code: UUID, attachment: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    found = attachment_get_for_user(user=request.user, case=case, code=attachment, perm=MANAGE)
    form = AttachmentRemoveForm(request.POST or None)
    if form.is_valid():
        try:
            attachment_remove(actor=request.user, attachment=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file was removed."))
            return redirect("cases:attachments", case.code)
    context = {"case": case, "attachment": found, "form": form, "heading": _("Remove a file")}
    return render(request, "cases/attachments/remove.html", context)


urlpatterns = [
    path("<uuid:code>/lampiran/", attachments, name="attachments"),
    path("<uuid:code>/lampiran/<uuid:attachment>/unduh/", attachment_download, name="attachment-download"),
    path("<uuid:code>/lampiran/<uuid:attachment>/hapus/", attachment_remove_view, name="attachment-remove"),
]
