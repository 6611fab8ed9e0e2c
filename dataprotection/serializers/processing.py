"""Input (shape only) and output of the record of processing and the DPIA in the API."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class FieldOutput(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(source="label")
    encrypted = serializers.BooleanField()
    blind_index = serializers.BooleanField()


class ModelOutput(serializers.Serializer):
    model = serializers.CharField(source="label")
    title = serializers.CharField()
    personal_fields = FieldOutput(many=True, source="fields")


class ReaderOutput(serializers.Serializer):
    role = serializers.CharField()
    scope = serializers.CharField()


class OrganisationsOutput(serializers.Serializer):
    kind = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField())


class SettingOutput(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField()


class RecordClassOutput(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(source="declaration.title")
    purpose = serializers.CharField(source="declaration.purpose")
    legal_basis = serializers.CharField(source="declaration.legal_basis")
    specific = serializers.BooleanField(source="declaration.specific")
    models = ModelOutput(many=True)
    readers = serializers.SerializerMethodField()
    recipients = serializers.CharField(source="declaration.recipients")
    organisations = serializers.SerializerMethodField()
    shared_fields = serializers.ListField(child=serializers.CharField())
    retention = serializers.CharField(source="declaration.retention")
    retention_settings = serializers.SerializerMethodField()

    @extend_schema_field(ReaderOutput(many=True))
    def get_readers(self, entry: Any) -> list[dict[str, str]]:
        return [{"role": role, "scope": scope} for role, scope in entry.roles]

    @extend_schema_field(OrganisationsOutput(many=True))
    def get_organisations(self, entry: Any) -> list[dict[str, Any]]:
        return [{"kind": kind, "names": names} for kind, names in entry.organisations]

    @extend_schema_field(SettingOutput(many=True))
    def get_retention_settings(self, entry: Any) -> list[dict[str, str]]:
        return [{"name": name, "value": str(value)} for name, value in entry.retention_values]


class DpiaInput(serializers.Serializer):
    description = serializers.CharField(max_length=20000, allow_blank=True)
    necessity = serializers.CharField(max_length=20000, allow_blank=True)
    risks = serializers.CharField(max_length=20000, allow_blank=True)
    measures = serializers.CharField(max_length=20000, allow_blank=True)
    next_review_on = serializers.DateField()


class DpiaSummaryOutput(serializers.Serializer):
    version = serializers.IntegerField()
    author = serializers.CharField(source="author.username")
    created_at = serializers.DateTimeField()
    next_review_on = serializers.DateField()


class DpiaOutput(DpiaSummaryOutput):
    description = serializers.CharField()
    necessity = serializers.CharField()
    risks = serializers.CharField()
    measures = serializers.CharField()
    review_state = serializers.SerializerMethodField()

    def get_review_state(self, version: Any) -> str:
        """Of this version as if it were in force: ok, due or overdue."""
        from ..services import dpia_review_state

        return dpia_review_state(version, timezone.localdate())
