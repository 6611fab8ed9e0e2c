"""API conventions shared by every app: errors are JSON, in the request's language (Indonesian by default).

Error body: ``{"detail": "<message>", "code": "<code>"}``, plus ``"errors": {field: [messages]}`` for
invalid input. Django's ValidationError raised by a service becomes a 400 like a serializer's.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import defaults
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from uptdppa.permissions import LiaisonScope
from uptdppa.web import error_body, json_error


class ErrorOutput(serializers.Serializer):
    """Every API error; ``errors`` only for invalid input, keyed by field."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # a field named like Serializer.errors
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class AutoSchema(SpectacularAutoSchema):
    """Documents the refusals every view shares, besides those a view declares: 415 for a body of
    an unsupported media type, 401 when a view needing a login gets no valid credentials, and the
    404 LiaisonScope answers a liaison outside their endpoints."""

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        shared = []
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            shared.append("415")  # a body without a content type, or one that no parser reads
        if self.view.get_authenticators():
            shared.append("401")
        liaison_scope = any(isinstance(p, LiaisonScope) for p in self.view.get_permissions())
        if liaison_scope and not getattr(self.view, "liaison_allowed", False):
            shared.append("404")
        for code in shared:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorOutput, code, direction=direction)
        return responses


# DRF's own Indonesian catalogue leaves these messages of its fields in English. Named here, so
# that makemessages keeps their translations in locale/id: invalid input is refused in Indonesian.
DRF_MESSAGES = (
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("String value too large."),
    gettext_noop("A valid number is required."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("This value does not match the required pattern."),
    gettext_noop("Datetime value out of range."),
    gettext_noop("Expected a date but got a datetime."),
    gettext_noop("Expected a datetime but got a date."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("The submitted data was not a file. Check the encoding type on the form."),
    gettext_noop("No filename could be determined."),
    gettext_noop("Invalid input."),
    gettext_noop("Malformed request."),
    gettext_noop('Method "{method}" not allowed.'),
)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        # A refusal names who may (uptdppa.accounts.access.permission_refusal); else DRF's sentence.
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.ParseError):
        # DRF's parsers explain in English and in their own terms ("JSON parse error - ...").
        exc = exceptions.ParseError(_("The request body could not be read. Send valid JSON."))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        errors = {field: _messages(value) for field, value in errors.items()}
        response.data = error_body(_("The submitted data is not valid."), "invalid", errors)
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = error_body(exc.detail, codes if isinstance(codes, str) else "error")
    return response


def _messages(error: Any) -> list[str]:
    """A field's messages as one flat list, as ErrorOutput documents: a nested object's errors
    (``{"phone": [...]}``) are prefixed with their field, a list item's (``{"0": [...]}``) are not."""
    found: list[str] = []
    if isinstance(error, dict):
        for key, value in error.items():
            found += [message if str(key).isdigit() else f"{key}: {message}" for message in _messages(value)]
    elif isinstance(error, list):
        for item in error:
            found += _messages(item)
    else:
        found.append(str(error))
    return list(dict.fromkeys(found))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/, the plain error page elsewhere (never a traceback)."""
    if request.path_info.startswith("/api/"):
        return json_error(_("A server error occurred. Please try again."), "server_error", status=500)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an unknown /api/ address answers JSON like every other API error."""
    if request.path_info.startswith("/api/"):
        return json_error(_("Not found."), "not_found", status=404)
    return defaults.page_not_found(request, exception)
