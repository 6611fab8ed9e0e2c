"""Input (shape only) and output of the breach register's API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.serializers import OptionalTextOutput, PlausibleDateTimeField

from ..models import IncidentKind, IncidentStatus, NoticeRecipient, RecordClass


def _text(max_length: int = 10000) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, required=False, default="")


class IncidentInput(serializers.Serializer):
    discovered_at = PlausibleDateTimeField()
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    record_classes = serializers.ListField(
        child=serializers.ChoiceField(choices=RecordClass.choices), min_length=1, max_length=len(RecordClass.choices)
    )
    description = serializers.CharField(max_length=10000)
    cause = _text()
    handling = _text()
    case_codes = serializers.ListField(
        child=serializers.CharField(max_length=60),
        max_length=500,
        required=False,
        default=list,
        help_text=_("Register numbers or case codes."),
    )
    person_codes = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=500, required=False, default=list
    )


class IncidentFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)


class CloseInput(serializers.Serializer):
    lessons = serializers.CharField(max_length=10000)
    measures = serializers.CharField(max_length=10000)


class NoticeInput(serializers.Serializer):
    recipient_kind = serializers.ChoiceField(choices=NoticeRecipient.choices)
    person = serializers.UUIDField(required=False, allow_null=True, default=None)
    on_behalf_of = serializers.UUIDField(required=False, allow_null=True, default=None)
    agency_name = _text(200)
    address = _text()
    data_exposed = _text()
    when_how = _text()
    handling = _text()


class NoticeSentInput(serializers.Serializer):
    sent_at = PlausibleDateTimeField(required=False, allow_null=True, default=None)


class NoticeOutput(serializers.Serializer):
    code = serializers.UUIDField()
    recipient_kind = serializers.CharField()
    person = serializers.SerializerMethodField()
    on_behalf_of = serializers.SerializerMethodField()
    agency_name = serializers.CharField()
    letter_number = OptionalTextOutput()
    data_exposed = OptionalTextOutput()
    when_how = OptionalTextOutput()
    handling = OptionalTextOutput()
    sent_at = serializers.DateTimeField(allow_null=True)

    def get_person(self, notice: Any) -> str | None:
        return str(notice.person.code) if notice.person_id else None

    def get_on_behalf_of(self, notice: Any) -> str | None:
        return str(notice.on_behalf_of.code) if notice.on_behalf_of_id else None


class IncidentSummaryOutput(serializers.Serializer):
    code = serializers.UUIDField()
    discovered_at = serializers.DateTimeField()
    notice_due_at = serializers.DateTimeField()
    kind = serializers.CharField()
    record_classes = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()


class ProposalOutput(serializers.Serializer):
    person = serializers.UUIDField(source="person.code")
    on_behalf_of = serializers.UUIDField(source="on_behalf_of.code", allow_null=True, default=None)
    perpetrator = serializers.BooleanField(help_text=_("An alleged perpetrator: a notice to them is refused."))


class IncidentOutput(IncidentSummaryOutput):
    description = OptionalTextOutput()
    cause = OptionalTextOutput()
    handling = OptionalTextOutput()
    cases = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    public_statement = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    lessons = OptionalTextOutput()
    measures = OptionalTextOutput()
    notices = NoticeOutput(many=True, source="notices.all")
    proposed_recipients = serializers.SerializerMethodField()

    def get_cases(self, incident: Any) -> list[str]:
        return [str(case.code) for case in incident.cases.all()]

    def get_people(self, incident: Any) -> list[str]:
        return [str(person.code) for person in incident.people.all()]

    @extend_schema_field(ProposalOutput(many=True))
    def get_proposed_recipients(self, incident: Any) -> list[dict[str, Any]]:
        from ..services import notice_recipients_proposed

        return ProposalOutput(notice_recipients_proposed(incident), many=True).data  # type: ignore[return-value]
