"""Attachments of a complaint or case (issue 4 item 9): the list with the upload form, the
download, the removal.

Shape: access helper (404 outside scope) -> permission (403) -> form -> service -> redirect, or
the page again with the service's errors (uptdppa.web.form_page). Files are served only
by ``attachment_download``: access checked, the read audited, sent as a download with the type
detected at upload, ``nosniff`` and no caching — never from a public URL.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.downloads import attachment_response
from cases.forms.attachments import AttachmentForm, AttachmentRemoveForm
from cases.models import Case, CaseStatus
from cases.selectors import case_get_for_user
from cases.selectors.attachments import (
    attachment_get_for_user,
    attachment_targets_for_user,
    attachments_for_user,
    label_targets,
)
from cases.services import attachment_add, attachment_remove
from uptdppa.accounts.access import permission_refusal
from uptdppa.web import bound_data, form_page

MANAGE = "cases.manage_attachments"


def can_manage_attachments(user: Any, case: Case) -> bool:
    """Whether to offer upload and removal: the permission and a case that is not closed (the
    service refuses writes to a closed case anyway)."""
    return case.status != CaseStatus.CLOSED and bool(user.has_perm(MANAGE, case))


@login_required
def attachments(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    can_manage = can_manage_attachments(request.user, case)
    if request.method == "POST" and not request.user.has_perm(MANAGE, case):
        raise permission_refusal(MANAGE)
    targets = attachment_targets_for_user(user=request.user, case=case)

    def page(form: forms.Form | None) -> HttpResponse:
        context = {
            "case": case,
            "attachments": label_targets(attachments_for_user(user=request.user, case=case), targets),
            "form": form,
            "can_manage": can_manage,
        }
        return render(request, "cases/attachments/attachments.html", context)

    if request.method != "POST" and not can_manage:
        return page(None)
    initial = {"target": request.GET.get("target", "case")}
    form = AttachmentForm(bound_data(request), request.FILES or None, initial=initial, targets=targets)

    def save(data: dict[str, Any]) -> object:
        return attachment_add(
            actor=request.user,
            case=case,
            file=data["file"],
            file_name=data["file"].name,
            target_kind=data["target"].kind,
            target_code=data["target"].code,
            description=data["description"],
        )

    return form_page(
        request,
        form,
        save,
        page=page,
        success=_("The file was attached."),
        then=reverse("cases:attachments", args=[case.code]),
        error_fields={"target_kind": "target", "target_code": "target"},
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, code: UUID, attachment: UUID) -> HttpResponseBase:
    case = case_get_for_user(user=request.user, code=code)
    found = attachment_get_for_user(user=request.user, case=case, code=attachment)
    return attachment_response(request.user, found)


@login_required
def attachment_remove_view(request: HttpRequest, code: UUID, attachment: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    found = attachment_get_for_user(user=request.user, case=case, code=attachment, perm=MANAGE)
    form = AttachmentRemoveForm(bound_data(request))
    return form_page(
        request,
        form,
        lambda data: attachment_remove(actor=request.user, attachment=found, reason=data["reason"]),
        page="cases/attachments/remove.html",
        success=_("The file was removed."),
        then=reverse("cases:attachments", args=[case.code]),
        case=case,
        attachment=found,
        heading=_("Remove a file"),
    )
