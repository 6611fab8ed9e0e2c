"""The record of processing (Pasal 31) and the DPIA (Pasal 34) pages, under /pelindungan-data/:
the head of the unit and the data protection officer read them; the DPO edits the DPIA; 404 for
everybody else. Thin: access helper, form, one service call (uptdppa.web)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uptdppa.accounts.access import permission_refusal
from uptdppa.web import bound_data, form_page, require_or_404

from ..forms import DpiaForm
from ..letters import processing_record_response
from ..selectors import (
    dpia_current_for_user,
    dpia_version_get_for_user,
    dpia_versions_for_user,
    processing_record_for_user,
)
from ..services import dpia_latest_review_on, dpia_review_state, dpia_save

VIEW_DPIA = "dataprotection.view_dpia"
EDIT_DPIA = "dataprotection.edit_dpia"


@login_required
def processing_record(request: HttpRequest) -> HttpResponse:
    entries = processing_record_for_user(user=request.user)
    return render(request, "dataprotection/processing/record.html", {"entries": entries})


@login_required
def processing_record_pdf(request: HttpRequest) -> HttpResponseBase:
    entries = processing_record_for_user(user=request.user, detail={"download": "processing record pdf"})
    return processing_record_response(entries=entries)


@login_required
def dpia(request: HttpRequest) -> HttpResponse:
    current = dpia_current_for_user(user=request.user)
    versions = list(dpia_versions_for_user(user=request.user)[:50])
    return render(
        request,
        "dataprotection/processing/dpia.html",
        {
            "dpia": current,
            "shown": current,
            "versions": versions,
            "state": dpia_review_state(current, timezone.localdate()),
        },
    )


@login_required
def dpia_version(request: HttpRequest, version: int) -> HttpResponse:
    shown = dpia_version_get_for_user(user=request.user, version=version, perm=VIEW_DPIA)
    current = dpia_versions_for_user(user=request.user).first()
    versions = list(dpia_versions_for_user(user=request.user)[:50])
    return render(
        request,
        "dataprotection/processing/dpia.html",
        {
            "dpia": current,
            "shown": shown,
            "versions": versions,
            "state": dpia_review_state(current, timezone.localdate()),
        },
    )


@login_required
def dpia_edit(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, VIEW_DPIA)
    if not request.user.has_perm(EDIT_DPIA):
        raise permission_refusal(EDIT_DPIA)
    current = dpia_current_for_user(user=request.user)
    fields = ("description", "necessity", "risks", "measures")
    initial = {name: getattr(current, name) for name in fields} if current else {}
    initial["next_review_on"] = dpia_latest_review_on(timezone.localdate())
    form = DpiaForm(bound_data(request), initial=initial)
    back = reverse("dataprotection:dpia")
    return form_page(
        request,
        form,
        lambda data: dpia_save(actor=request.user, **data),
        page="dataprotection/processing/dpia_form.html",
        success=_("A new version of the DPIA was saved."),
        then=back,
        heading=_("Edit the DPIA"),
        cancel_url=back,
        dpia=current,
    )
