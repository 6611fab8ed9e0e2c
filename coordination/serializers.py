"""Input and output serializers of the coordination API (coordination/api.py). Plain
serializers: shape and check input, present what the selectors return; writes go through
coordination.services. Everything is named by its code.

Two views of a conference, never mixed: ``ConferenceOutput`` (the case's team and the head:
the whole minutes) and ``LiaisonConferenceOutput`` (a partner's liaison: time, place, their
organisation's attendance, decisions and action items, and what a referral already shared)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.serializers import OptionalTextOutput, OrganisationBriefOutput, UserBriefOutput

from .models import ActionItemStatus

# --- Input --------------------------------------------------------------------------------------


class ConferenceInput(serializers.Serializer):
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    link = serializers.URLField(max_length=300, required=False, default="", allow_blank=True)
    chair = serializers.UUIDField(help_text=_("Code of a staff member of the case team or the head"))
    note_taker = serializers.UUIDField(help_text=_("Code of a staff member of the case team or the head"))
    agenda = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    staff = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    organisations = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, help_text=_("Codes of partner organisations")
    )


class ConferenceHoldInput(serializers.Serializer):
    summary = serializers.CharField(max_length=10000, allow_blank=True)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    override_reason = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class DecisionInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000, allow_blank=True)
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)


class ActionItemInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, allow_blank=True)
    organisation = serializers.UUIDField()
    assignee = serializers.UUIDField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField()


class ActionItemUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[ActionItemStatus.DONE, ActionItemStatus.CANCELLED])
    note = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class AttendanceInput(serializers.Serializer):
    present = serializers.BooleanField()


class MeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    chair = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    summary = serializers.CharField(max_length=10000, allow_blank=True)
    invited = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    present = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class ActionItemFilter(serializers.Serializer):
    box = serializers.ChoiceField(choices=["open", "overdue", "all"], required=False, default="open")


# --- Output -------------------------------------------------------------------------------------


class AttendanceOutput(serializers.Serializer):
    code = serializers.UUIDField()
    organisation = OrganisationBriefOutput()
    user = UserBriefOutput(allow_null=True)
    invited = serializers.BooleanField()
    present = serializers.BooleanField()


class DecisionOutput(serializers.Serializer):
    code = serializers.UUIDField()
    text = serializers.CharField()
    organisation = OrganisationBriefOutput(allow_null=True)


class ActionItemOutput(serializers.Serializer):
    code = serializers.UUIDField()
    conference = serializers.SerializerMethodField()
    case_label = serializers.SerializerMethodField(help_text=_("The case's register number (conferences only)"))
    meeting = serializers.SerializerMethodField()
    organisation = OrganisationBriefOutput()
    assignee = UserBriefOutput(allow_null=True)
    title = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    done_at = serializers.DateTimeField(allow_null=True)
    note = OptionalTextOutput()

    def get_conference(self, item: Any) -> str | None:
        return str(item.conference.code) if item.conference_id else None

    def get_case_label(self, item: Any) -> str | None:
        return item.conference.case.label if item.conference_id else None

    def get_meeting(self, item: Any) -> str | None:
        return str(item.meeting.code) if item.meeting_id else None


class ConferenceSummaryOutput(serializers.Serializer):
    code = serializers.UUIDField()
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField()
    link = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class ConferenceOutput(ConferenceSummaryOutput):
    case = serializers.UUIDField(source="case.code")
    case_label = serializers.CharField(source="case.label")
    chair = UserBriefOutput()
    note_taker = UserBriefOutput()
    agenda = OptionalTextOutput()
    held_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    sharing_basis = serializers.CharField()
    head_override_reason = OptionalTextOutput()
    summary = OptionalTextOutput()
    next_review_on = serializers.DateField(allow_null=True)
    attendance = AttendanceOutput(many=True, source="attendance.all")
    decisions = DecisionOutput(many=True, source="decisions.all")
    action_items = ActionItemOutput(many=True, source="action_items.all")


class SharedOutput(serializers.Serializer):
    letter_number = serializers.CharField(allow_null=True, source="referral.letter_number")
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_null=True)))


class LiaisonConferenceOutput(serializers.Serializer):
    code = serializers.UUIDField(source="conference.code")
    case_label = serializers.CharField(source="conference.case.label")
    scheduled_at = serializers.DateTimeField(source="conference.scheduled_at")
    place = serializers.CharField(source="conference.place")
    link = serializers.CharField(source="conference.link")
    status = serializers.CharField(source="conference.status")
    attendance = AttendanceOutput(many=True)
    decisions = DecisionOutput(many=True)
    action_items = ActionItemOutput(many=True, source="items")
    shared = SharedOutput(many=True)


class MeetingSummaryOutput(serializers.Serializer):
    code = serializers.UUIDField()
    held_on = serializers.DateField()
    place = serializers.CharField()


class MeetingOutput(MeetingSummaryOutput):
    chair = serializers.CharField()
    summary = OptionalTextOutput()
    attendance = AttendanceOutput(many=True, source="attendance.all")
    decisions = DecisionOutput(many=True, source="decisions.all")
    action_items = ActionItemOutput(many=True, source="action_items.all")
