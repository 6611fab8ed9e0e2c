"""The public complaint form and status page (no login).

A sent complaint answers with a redirect to its receipt (Post/Redirect/Get): reloading the receipt on
a phone shows the same tracking code and PIN again rather than filing the complaint a second time.
The receipt is kept in the visitor's session (the PIN encrypted, as every secret at rest), which
ends with the browser or after SESSION_COOKIE_AGE."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.forms.public import PublicComplaintForm, StatusForm
from cases.models import PublicAction
from cases.public import (
    HONEYPOT_FIELD,
    NOT_RECOGNISED,
    STATUS_SENTENCES,
    THROTTLED_MESSAGE,
    complaint_file,
    service_errors,
    throttle_exceeded,
    throttle_record,
)
from cases.selectors import public_status_lookup
from uptdppa.crypto import decrypt, encrypt

_FORM_TEMPLATE = "cases/public/complaint_form.html"
_SENT_TEMPLATE = "cases/public/complaint_sent.html"
_STATUS_TEMPLATE = "cases/public/status.html"
RECEIPT_SESSION_KEY = "public_complaint_receipt"


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    page = "status" if template == _STATUS_TEMPLATE else "complaint"
    return render(request, template, {"page": page, "unit_phone": settings.UNIT_PHONE, **context}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest) -> HttpResponse:
    form = PublicComplaintForm(request.POST or None)
    if request.method != "POST":
        return _render(request, _FORM_TEMPLATE, {"form": form})
    if throttle_exceeded(request, PublicAction.COMPLAINT):
        return _render(request, _FORM_TEMPLATE, {"form": form, "throttled": THROTTLED_MESSAGE}, status=429)
    if form.is_valid():
        try:
            code, pin = complaint_file(form.cleaned_data, trap=bool(form.cleaned_data.get(HONEYPOT_FIELD)))
        except ValidationError as exc:
            for name, messages in service_errors(exc).items():
                for message in messages:
                    form.add_error(name, message)
        else:
            throttle_record(request, PublicAction.COMPLAINT)
            request.session[RECEIPT_SESSION_KEY] = {"code": code, "pin": encrypt(pin)}
            return redirect("public:sent")
    return _render(request, _FORM_TEMPLATE, {"form": form})


@never_cache
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    """The receipt of the complaint this browser sent last; the status page when there is none
    (another device, or the session has ended)."""
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt:
        return redirect("public:status")
    return _render(request, _SENT_TEMPLATE, {"tracking_code": receipt["code"], "pin": decrypt(receipt["pin"])})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return _render(request, _STATUS_TEMPLATE, context)
    if throttle_exceeded(request, PublicAction.STATUS):
        context["throttled"] = THROTTLED_MESSAGE
        return _render(request, _STATUS_TEMPLATE, context, status=429)
    throttle_record(request, PublicAction.STATUS)
    if form.is_valid():
        value = public_status_lookup(tracking_code=form.cleaned_data["tracking_code"], pin=form.cleaned_data["pin"])
        if value is None:
            form.add_error(None, NOT_RECOGNISED)
        else:
            context["status_sentence"] = STATUS_SENTENCES.get(value, STATUS_SENTENCES["in_progress"])
            context["form"] = StatusForm()  # the code and PIN are not echoed back
    return _render(request, _STATUS_TEMPLATE, context)
