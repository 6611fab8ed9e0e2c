"""Input and output serializers of the referrals API (referrals/api.py).

Plain serializers only: they shape and check input and present what the selectors return;
writes go through referrals.services. Everything is named by its code (UUID), never a DB id.

Two views of a referral, never mixed:
- ``ReferralStaffOutput`` for UPTD PPA staff: the case, the victims' codes and the sender-side
  fields (reason, consent override, revoke reason, who drafted and sent it);
- ``ReferralSharedOutput`` for the receiving organisation's liaison: only what was shared
  (the victims as frozen at sending, services, urgency, due date, facts, cover note, letter
  number, status) and what the receiver did. No case, no person code, no sender-side field.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import AttachmentType
from cases.serializers import OrganisationBriefOutput, UserBriefOutput
from cases.vocabularies import ServiceType, Sex, ViolenceForm

from .models import (
    DEFAULT_SHARED_FIELDS,
    DeclineReason,
    Referral,
    ReferralActionFile,
    ReferralOutcome,
    ReferralStatus,
    ReferralUrgency,
    SharedField,
)
from .overview import STATUSES
from .selectors import receiver_events, shared_victims
from .services import step_deadlines

# What the receiver is shown of the referral's history: its own steps and the sending, never
# the sender-side entries (drafting, the consent override, a revoke) nor who did them.


# --- Input -------------------------------------------------------------------------------------


class ReferralInput(serializers.Serializer):
    victims = serializers.ListField(child=serializers.UUIDField(), help_text=_("Codes of victims of the case"))
    organisation = serializers.UUIDField(help_text=_("Code of the receiving organisation"))
    services = serializers.ListField(
        child=serializers.CharField(), help_text=_("Service types (the vocabulary of the intervention plan)")
    )
    reason = serializers.CharField(allow_blank=True, max_length=5000, help_text=_("Seen by UPTD PPA staff only"))
    urgency = serializers.ChoiceField(
        choices=ReferralUrgency.choices, default=ReferralUrgency.NORMAL, help_text=_("Sets the due date")
    )
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedField.choices),
        default=lambda: [str(f) for f in DEFAULT_SHARED_FIELDS],
        help_text=_("What of each victim the receiver sees; by default initials, age, sex and forms of violence"),
    )
    facts = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=10000, help_text=_("Shared with the receiver")
    )
    cover_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text=_("Shared with the receiver")
    )
    plan_item = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Code of the item of the case's intervention plan it carries out (done when it is completed)"),
    )


class SendInput(serializers.Serializer):
    consent_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=_("Only the head, and only when a victim has no recorded consent or legal basis"),
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class ActionInput(serializers.Serializer):
    date = serializers.DateField()
    action = serializers.CharField(allow_blank=True, max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class ActionUploadInput(ActionInput):
    """The same as ``ActionInput``, sent as multipart/form-data with files."""

    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=_(
            "Reports or photos of what was done: PDF, JPEG or PNG (detected from the content), at most "
            "ATTACHMENT_MAX_BYTES each. Repeat the field for several files."
        ),
    )


class CompleteInput(serializers.Serializer):
    outcome_code = serializers.ChoiceField(choices=ReferralOutcome.choices, help_text=_("How the referral ended"))
    outcome = serializers.CharField(allow_blank=True, max_length=10000)


class DeclineInput(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=DeclineReason.choices, help_text=_("Why the referral is declined"))
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=5000, help_text=_('Required for "other"')
    )


class StepDeadlinesOutput(serializers.Serializer):
    """The day by which each step is due (docs/domain.md#referral-steps)."""

    accept_by = serializers.DateField()
    first_service_by = serializers.DateField(allow_null=True)
    complete_by = serializers.DateField()


class InboxFilter(serializers.Serializer):
    box = serializers.ChoiceField(
        choices=[
            ("new", _("New (awaiting an answer)")),
            ("overdue", _("Overdue")),
            ("in_progress", _("In progress")),
            ("closed", _("Closed (completed or declined)")),
        ],
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Empty: all"),
    )


# --- Output ------------------------------------------------------------------------------------


class SharedVictimOutput(serializers.Serializer):
    """A victim as shared at sending: only the ticked fields are present. (The schema of the
    frozen copy, which the views return as it is: a key that was not shared is absent, not null.)"""

    initials = serializers.CharField(required=False)
    full_name = serializers.CharField(required=False)
    age = serializers.IntegerField(required=False, allow_null=True)
    sex = serializers.ChoiceField(
        choices=Sex.choices,
        required=False,
        allow_blank=True,
        help_text=_("Empty when the victim's sex is not recorded"),
    )
    birth_date = serializers.DateField(required=False)
    nik = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    kelurahan = serializers.CharField(required=False)
    violence_forms = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceForm.choices), required=False)


class ActionFileOutput(serializers.Serializer):
    """A file of an action, with the path to download it through the sender's endpoints."""

    # The API name of the download; the liaison's serializer below names their own endpoint.
    download_view = "api:referral-action-file"

    code = serializers.UUIDField()
    name = serializers.CharField(source="original_name", help_text=_("The name the file was uploaded with."))
    # Named as in the case attachments' API (one enum in the schema).
    mime_type = serializers.ChoiceField(choices=AttachmentType.choices, help_text=_("Detected from the content."))
    size = serializers.IntegerField(help_text=_("In bytes, as stored."))
    download_url = serializers.SerializerMethodField(help_text=_("Path of the download (audited)."))

    def get_download_url(self, file: ReferralActionFile) -> str:
        # file.action and action.referral come from the prefetch that fetched the files.
        return reverse(self.download_view, args=[file.action.referral.code, file.code])


class InboxActionFileOutput(ActionFileOutput):
    download_view = "api:inbox-referral-action-file"


class ReferralActionOutput(serializers.Serializer):
    code = serializers.UUIDField()
    date = serializers.DateField()
    action = serializers.CharField()
    notes = serializers.CharField(allow_null=True)
    recorded_by = UserBriefOutput()
    created_at = serializers.DateTimeField()
    files = ActionFileOutput(many=True, source="files.all")


class InboxActionOutput(ReferralActionOutput):
    """An action as the receiver sees it: the files download through the inbox endpoints."""

    files = InboxActionFileOutput(many=True, source="files.all")


class ReferralEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    at = serializers.DateTimeField()
    actor = UserBriefOutput(allow_null=True)


class ReceiverEventOutput(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    at = serializers.DateTimeField()


class _ReferralBase(serializers.Serializer):
    code = serializers.UUIDField()
    organisation = OrganisationBriefOutput()
    services = serializers.ListField(child=serializers.CharField())
    service_labels = serializers.SerializerMethodField()
    urgency = serializers.ChoiceField(choices=ReferralUrgency.choices)
    urgency_label = serializers.CharField(source="get_urgency_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    letter_number = serializers.CharField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text=_("The receiver should respond by this day"))
    is_overdue = serializers.SerializerMethodField()

    def get_service_labels(self, referral: Referral) -> list[str]:
        return [str(ServiceType(value).label) for value in referral.services]

    def get_is_overdue(self, referral: Referral) -> bool:
        return referral.is_overdue()


class ReferralSummaryOutput(_ReferralBase):
    """A row of a case's referrals (staff)."""

    case = serializers.UUIDField(source="case.code", help_text=_("Code of the case"))
    created_at = serializers.DateTimeField()


class ReferralStaffOutput(ReferralSummaryOutput):
    """A referral as its sender sees it: everything, including what was shared."""

    victims = serializers.SerializerMethodField(help_text=_("Codes of the referred victims"))
    shared_fields = serializers.ListField(child=serializers.ChoiceField(choices=SharedField.choices))
    shared_victims = serializers.SerializerMethodField(
        help_text=_("What the receiver sees of each victim (frozen at sending; empty for a draft)")
    )
    reason = serializers.CharField(allow_null=True)
    facts = serializers.CharField(allow_null=True)
    cover_note = serializers.CharField(allow_null=True)
    created_by = UserBriefOutput()
    sent_by = UserBriefOutput(allow_null=True)
    consent_override_reason = serializers.CharField(allow_null=True)
    consent_override_by = UserBriefOutput(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    decline_reason_code = serializers.CharField(help_text=_("DeclineReason code; empty unless declined"))
    decline_reason = serializers.CharField(allow_null=True)
    first_service_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    outcome_code = serializers.CharField(help_text=_("ReferralOutcome code; empty unless completed"))
    outcome = serializers.CharField(allow_null=True)
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(StepDeadlinesOutput(allow_null=True))
    def get_deadlines(self, referral: Referral) -> dict[str, Any] | None:
        deadlines = step_deadlines(referral)
        return None if deadlines is None else StepDeadlinesOutput(deadlines).data  # type: ignore[return-value]

    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField(allow_null=True)
    has_letter = serializers.SerializerMethodField(help_text=_("The letter can be downloaded (sent referrals)"))
    events = ReferralEventOutput(many=True)
    actions = ReferralActionOutput(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_victims(self, referral: Referral) -> list[str]:
        return [str(person.code) for person in referral.victims.order_by("pk")]

    @extend_schema_field(SharedVictimOutput(many=True))
    def get_shared_victims(self, referral: Referral) -> list[dict[str, Any]]:
        return shared_victims(referral)

    def get_has_letter(self, referral: Referral) -> bool:
        return referral.status != ReferralStatus.DRAFT


class InboxItemOutput(_ReferralBase):
    """A row of a liaison's inbox."""


class ReferralSharedOutput(InboxItemOutput):
    """A referral as the receiving organisation's liaison sees it: the shared part only."""

    victims = serializers.SerializerMethodField(help_text=_("The victims, with only the fields shared with you"))
    facts = serializers.CharField(allow_null=True)
    cover_note = serializers.CharField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    decline_reason_code = serializers.CharField(help_text=_("DeclineReason code; empty unless declined"))
    decline_reason = serializers.CharField(allow_null=True)
    first_service_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    outcome_code = serializers.CharField(help_text=_("ReferralOutcome code; empty unless completed"))
    outcome = serializers.CharField(allow_null=True)
    deadlines = serializers.SerializerMethodField()

    @extend_schema_field(StepDeadlinesOutput(allow_null=True))
    def get_deadlines(self, referral: Referral) -> dict[str, Any] | None:
        deadlines = step_deadlines(referral)
        return None if deadlines is None else StepDeadlinesOutput(deadlines).data  # type: ignore[return-value]

    events = serializers.SerializerMethodField()
    actions = InboxActionOutput(many=True)

    @extend_schema_field(SharedVictimOutput(many=True))
    def get_victims(self, referral: Referral) -> list[dict[str, Any]]:
        return shared_victims(referral)

    @extend_schema_field(ReceiverEventOutput(many=True))
    def get_events(self, referral: Referral) -> list[dict[str, Any]]:
        return ReceiverEventOutput(receiver_events(referral), many=True).data  # type: ignore[return-value]


class StatusCountsOutput(serializers.Serializer):
    """The number of referrals in each status."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {str(status): serializers.IntegerField(label=status.label) for status in STATUSES}


class FiguresOutput(serializers.Serializer):
    counts = StatusCountsOutput()
    total = serializers.IntegerField()
    median_days_to_accept = serializers.FloatField(
        allow_null=True, help_text=_("Calendar days from sending to acceptance; null without any")
    )
    median_days_to_complete = serializers.FloatField(
        allow_null=True, help_text=_("Calendar days from sending to completion; null without any")
    )


class OrganisationFiguresOutput(FiguresOutput):
    organisation = OrganisationBriefOutput(source="*")


class OverdueOutput(serializers.Serializer):
    code = serializers.UUIDField(help_text=_("Code of the referral"))
    letter_number = serializers.CharField()
    organisation = serializers.SerializerMethodField()
    status = serializers.CharField()
    due_on = serializers.DateField()
    days_overdue = serializers.IntegerField()

    @extend_schema_field(OrganisationBriefOutput)
    def get_organisation(self, row: Any) -> dict[str, str]:
        return {"code": str(row.organisation_code), "name": row.organisation_name}


class OverviewOutput(serializers.Serializer):
    date_from = serializers.DateField(help_text=_("Referrals sent from this day…"))
    date_to = serializers.DateField(help_text=_("…to this day (inclusive)"))
    today = serializers.DateField(help_text=_("The day of the overdue list"))
    organisations = OrganisationFiguresOutput(many=True)
    overall = FiguresOutput()
    overdue = OverdueOutput(many=True, help_text=_("Every overdue referral today, whenever it was sent"))
