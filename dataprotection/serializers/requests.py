"""Input (shape only) and output of the data-subject requests' API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.serializers import OptionalTextOutput, PlausibleDateTimeField
from cases.vocabularies import Sex

from ..models import Decision, IdentityCheck, Pasal15Exception, Requester, RequestKind, RequestStatus


def _text(max_length: int = 10000) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, required=False, default="")


class RequestInput(serializers.Serializer):
    case_code = serializers.CharField(max_length=60, help_text=_("The register number or the code of the case."))
    person = serializers.UUIDField(help_text=_("The code of the person concerned, a person of that case."))
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    requester = serializers.ChoiceField(choices=Requester.choices)
    requester_person = serializers.UUIDField(required=False, allow_null=True, default=None)
    requester_name = _text(200)
    requester_relation = _text(100)
    identity_check = serializers.ChoiceField(choices=IdentityCheck.choices)
    identity_note = _text()
    details = _text()
    received_at = PlausibleDateTimeField()


class RequestFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=RequestKind.choices, required=False)


class DecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = _text()
    exception = serializers.ChoiceField(choices=Pasal15Exception.choices, required=False, allow_blank=True, default="")


class CorrectionInput(serializers.Serializer):
    """Only the details given change."""

    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    nickname = serializers.CharField(max_length=100, required=False, allow_blank=True)
    nik = serializers.CharField(max_length=32, required=False, allow_blank=True)
    kk_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address_line = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    occupation = serializers.CharField(max_length=100, required=False, allow_blank=True)


class RequestSummaryOutput(serializers.Serializer):
    code = serializers.UUIDField()
    kind = serializers.CharField()
    person = serializers.UUIDField(source="person.code")
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    status = serializers.CharField()
    decision = serializers.CharField()


class RequestOutput(RequestSummaryOutput):
    person_initials = serializers.CharField(source="person.initials")
    person_restricted = serializers.BooleanField(source="person.is_restricted")
    requester = serializers.CharField()
    requester_person = serializers.SerializerMethodField()
    requester_name = OptionalTextOutput()
    requester_relation = OptionalTextOutput()
    identity_check = serializers.CharField()
    identity_note = OptionalTextOutput()
    details = OptionalTextOutput()
    decision_reason = OptionalTextOutput()
    exception = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    pasal33 = serializers.JSONField()  # codes and counts (Pasal33.as_data)
    pasal33_note = serializers.CharField()  # the same in words, in the request's language
    correction_made = serializers.SerializerMethodField()
    released_at = serializers.DateTimeField(allow_null=True)
    restriction_lifted_at = serializers.DateTimeField(allow_null=True)

    def get_requester_person(self, request: Any) -> str | None:
        return str(request.requester_person.code) if request.requester_person_id else None

    def get_correction_made(self, request: Any) -> str | None:
        """When the correction the request caused was made (its audit entry)."""
        return request.correction_entry.timestamp.isoformat() if request.correction_entry_id else None
