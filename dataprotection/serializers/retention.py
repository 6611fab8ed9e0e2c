"""Input (shape only) and output of the retention API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import DisposalStatus, RetentionClass


class HoldInput(serializers.Serializer):
    case = serializers.CharField(max_length=60, help_text=_("Register number or case code."))
    reason = serializers.CharField(max_length=5000)


class LiftInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class ProposeInput(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.CharField(max_length=60), min_length=1, max_length=500, help_text=_("Register numbers.")
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ApprovalInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("The scan of the written approval: PDF, JPEG or PNG."))
    approval_reference = serializers.CharField(max_length=120)
    approval_date = serializers.DateField()
    approved_by_office = serializers.CharField(max_length=200)
    witnesses = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1, max_length=20)


class HoldOutput(serializers.Serializer):
    code = serializers.UUIDField()
    case = serializers.CharField(source="case.label")
    reason = serializers.CharField()
    placed_at = serializers.DateTimeField()
    lifted_at = serializers.DateTimeField(allow_null=True)


class DueCaseOutput(serializers.Serializer):
    case = serializers.SerializerMethodField()
    retention_class = serializers.ChoiceField(choices=RetentionClass.choices, source="retention.retention_class")
    closed_on = serializers.DateField(source="retention.closed_on")
    ends_on = serializers.DateField(source="retention.ends_on")
    held_by = serializers.ListField(child=serializers.CharField())
    in_batch = serializers.BooleanField()

    def get_case(self, row: Any) -> str:
        return str(row.case.label)


class ItemOutput(serializers.Serializer):
    register_number = serializers.CharField()
    retention_class = serializers.ChoiceField(choices=RetentionClass.choices)
    closed_on = serializers.DateField()
    retention_ends_on = serializers.DateField()
    destroyed_at = serializers.DateTimeField(allow_null=True)


class BatchOutput(serializers.Serializer):
    code = serializers.UUIDField()
    status = serializers.ChoiceField(choices=DisposalStatus.choices)
    proposed_at = serializers.DateTimeField()
    note = serializers.CharField()
    approval_reference = serializers.CharField()
    approval_date = serializers.DateField(allow_null=True)
    approved_by_office = serializers.CharField()
    witnesses = serializers.ListField(child=serializers.CharField(), source="witness_list")
    execution_ordered_at = serializers.DateTimeField(allow_null=True)
    executed_at = serializers.DateTimeField(allow_null=True)
    items = ItemOutput(many=True, source="items.all")
