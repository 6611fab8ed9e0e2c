"""The data-subject requests' pages (/pelindungan-data/permintaan/): the head of the unit and the
data protection officer; 404 for everybody else. Thin: access helper, form, one service call."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uptdppa.audit import log_access_many
from uptdppa.web import bound_data, form_page, page_of, query_without_page, require_or_404

from ..forms import CorrectionForm, DecideForm, RequestForm
from ..models import NOT_EXEMPTIBLE, Decision, RequestKind, RequestStatus, SubjectRequest
from ..selectors import case_people_for_request, request_get_for_user, requests_for_user
from ..services import (
    CORRECTABLE_FIELDS,
    pasal33_check,
    request_correct,
    request_decide,
    request_register,
    request_restriction_lift,
)
from ..subject_export import subject_data_response

VIEW = "dataprotection.view_request"
MANAGE = "dataprotection.manage_request"


def _detail_url(request: SubjectRequest) -> str:
    return reverse("dataprotection:request-detail", args=[request.code])


def _request_form(
    http: HttpRequest, item: SubjectRequest, form: Any, save: Any, *, success: str, heading: str, **context: Any
) -> HttpResponse:
    back = _detail_url(item)
    return form_page(
        http,
        form,
        save,
        page="dataprotection/requests/form.html",
        success=success,
        then=back,
        refusal_url=back,
        heading=heading,
        item=item,
        cancel_url=back,
        **context,
    )


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, VIEW)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    page = page_of(request, requests_for_user(user=request.user, status=status, kind=kind))
    log_access_many(page.object_list, actor=request.user, detail={"list": "subject requests"})
    return render(
        request,
        "dataprotection/requests/list.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": RequestStatus.choices,
            "kinds": RequestKind.choices,
            "query": query_without_page(request),
            "now": timezone.now(),
        },
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    require_or_404(request.user, MANAGE)
    data = bound_data(request)
    case_code = (data or request.GET).get("case_code", "")
    people = case_people_for_request(user=request.user, case_code=case_code)
    form = RequestForm(
        data,
        initial={"case_code": case_code, "received_at": timezone.localtime().replace(second=0, microsecond=0)},
        people=people,
    )
    return form_page(
        request,
        form,
        lambda values: request_register(actor=request.user, **values),
        page="dataprotection/requests/form.html",
        success=_("The request was recorded."),
        then=_detail_url,
        heading=_("Record a data-subject request"),
        cancel_url=reverse("dataprotection:request-list"),
        lookup=True,
    )


@login_required
def request_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    item = request_get_for_user(user=request.user, code=code, perm=VIEW)
    return render(
        request,
        "dataprotection/requests/detail.html",
        {
            "item": item,
            "check": pasal33_check(item) if item.is_release_kind else None,
            "can_manage": request.user.has_perm(MANAGE, item),
            "can_release": item.is_release_kind and item.decision in (Decision.GRANTED, Decision.PARTLY),
            "can_lift": item.kind == RequestKind.RESTRICTION
            and item.decision in (Decision.GRANTED, Decision.PARTLY)
            and item.restriction_lifted_at is None
            and item.person.is_restricted,
            "now": timezone.now(),
        },
    )


@login_required
def request_decide_view(request: HttpRequest, code: UUID) -> HttpResponse:
    item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
    form = DecideForm(bound_data(request))
    return _request_form(
        request,
        item,
        form,
        lambda data: request_decide(actor=request.user, request=item, **data),
        success=_("The decision was recorded."),
        heading=_("Decide the request"),
        check=pasal33_check(item) if item.is_release_kind else None,
        no_exception=item.kind in NOT_EXEMPTIBLE,
    )


@login_required
def request_correct_view(request: HttpRequest, code: UUID) -> HttpResponse:
    item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
    person = item.person
    initial = {name: getattr(person, name) for name in CORRECTABLE_FIELDS}
    form = CorrectionForm(bound_data(request), initial=initial)
    return _request_form(
        request,
        item,
        form,
        lambda data: request_correct(actor=request.user, request=item, **data),
        success=_("The correction was made and linked to the request."),
        heading=_("Correct the person's data"),
    )


@login_required
def request_lift(request: HttpRequest, code: UUID) -> HttpResponse:
    item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
    if request.method != "POST":
        return redirect(_detail_url(item))
    try:
        request_restriction_lift(actor=request.user, request=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The restriction was lifted."))
    return redirect(_detail_url(item))


def _export(request: HttpRequest, code: UUID, fmt: str) -> HttpResponseBase:
    item = request_get_for_user(user=request.user, code=code, perm=MANAGE)
    try:
        return subject_data_response(user=request.user, request=item, fmt=fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(item))


@login_required
def request_export_pdf(request: HttpRequest, code: UUID) -> HttpResponseBase:
    return _export(request, code, "pdf")


@login_required
def request_export_json(request: HttpRequest, code: UUID) -> HttpResponseBase:
    return _export(request, code, "json")
