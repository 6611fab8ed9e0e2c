"""The public complaint form and status lookup for a future mobile app (no login): the same
validation, honeypot and per-address limits as the pages (cases/views/public.py).

Both take JSON only (415 otherwise) and refuse a request a browser says comes from another site
(403): without these, a hostile page could make each visitor's browser post a plain HTML form
here (no CORS preflight for that) and file complaints, or try PINs, from the visitors' addresses,
past the per-address limit. The app sends no Origin or Referer and passes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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
from cases.selectors import (
    public_status_lookup,
)
from cases.serializers import (
    ErrorOutput,
    PublicComplaintInput,
    PublicReceiptOutput,
    PublicStatusInput,
    PublicStatusOutput,
)
from uptdppa.parsers import JSONParser


class SameSiteOnly(BasePermission):
    """Passes a request without Origin and Referer (not from a browser page), or one whose Origin
    (else Referer) is this site's own scheme and host or one of CSRF_TRUSTED_ORIGINS."""

    message = _("Requests from another website are not accepted.")
    code = "foreign_origin"

    def has_permission(self, request: Request, view: Any) -> bool:
        origin = request.META.get("HTTP_ORIGIN", "")
        if not origin:
            referer = urlsplit(request.META.get("HTTP_REFERER", ""))
            if not referer.scheme and not referer.netloc:
                return True
            origin = f"{referer.scheme}://{referer.netloc}"
        own = f"{request.scheme}://{request.get_host()}"
        return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


class PublicApiView(APIView):
    """No login, JSON only, this site's pages or no browser at all."""

    authentication_classes: list[type] = []
    permission_classes = [SameSiteOnly]
    parser_classes = [JSONParser]


class PublicComplaintApi(PublicApiView):
    """A complaint from the public, as on the form at /pengaduan/. Answers the tracking code and
    the PIN once; limited per client address; the honeypot field must stay empty."""

    @extend_schema(
        request=PublicComplaintInput,
        responses={201: PublicReceiptOutput, 400: ErrorOutput, 403: ErrorOutput, 429: ErrorOutput},
        auth=[],
        examples=[
            OpenApiExample(
                "An anonymous complaint",
                request_only=True,
                value={
                    "chronology": "Anak tetangga sering dipukul dan tidak sekolah.",
                    "incident_region": "15.71.01.1001",
                    "victim_age": 9,
                    "victim_sex": "P",
                    "reporter_anonymous": True,
                    "reporter_relation": "tetangga",
                    "acknowledgement": True,
                },
            ),
            OpenApiExample("The receipt", response_only=True, value={"tracking_code": "K7MQ2XR9TB", "pin": "042917"}),
        ],
    )
    def post(self, request: Request) -> Response:
        if throttle_exceeded(request, PublicAction.COMPLAINT):
            raise exceptions.Throttled(detail=THROTTLED_MESSAGE)
        data = PublicComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            code, pin = complaint_file(data.validated_data, trap=bool(data.validated_data.get(HONEYPOT_FIELD)))
        except DjangoValidationError as exc:
            errors = service_errors(exc)
            raise exceptions.ValidationError(
                {name or "non_field_errors": msgs for name, msgs in errors.items()}
            ) from exc
        throttle_record(request, PublicAction.COMPLAINT)
        return Response({"tracking_code": code, "pin": pin}, status=status.HTTP_201_CREATED)


class PublicStatusApi(PublicApiView):
    """The status of a complaint for its tracking code and PIN: a status value, never content."""

    @extend_schema(
        request=PublicStatusInput,
        responses={200: PublicStatusOutput, 400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput, 429: ErrorOutput},
        auth=[],
        examples=[
            OpenApiExample("A lookup", request_only=True, value={"tracking_code": "K7MQ2XR9TB", "pin": "042917"}),
        ],
    )
    def post(self, request: Request) -> Response:
        if throttle_exceeded(request, PublicAction.STATUS):
            raise exceptions.Throttled(detail=THROTTLED_MESSAGE)
        throttle_record(request, PublicAction.STATUS)
        data = PublicStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        value = public_status_lookup(**data.validated_data)
        if value is None:
            # The same answer for an unknown code and a wrong PIN.
            raise exceptions.NotFound(NOT_RECOGNISED, code="not_recognised")
        return Response({"status": value, "message": str(STATUS_SENTENCES.get(value, ""))})
