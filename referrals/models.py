"""Referrals of a case's victims to another organisation, and what the receiver did with them.

A referral is written by UPTD PPA staff and read by the receiving organisation's liaison officers
(penghubung_opd). Data minimisation is built into the record: at sending, the fields the sender
ticked are copied into ``shared_data`` (encrypted), and the receiver's pages, API and letter read
that copy only, never the case or its people. So nothing the sender did not choose can leak to the
receiver, and later edits of the case do not change what was sent.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import AttachmentType, Case, Person, YearlyCounter
from cases.models.attachments import EXTENSIONS
from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


# Still waiting for the receiver or being worked on: these keep a case from closing.
OPEN_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
# What the receiving organisation can see (a draft is not sent yet; a revoked one is withdrawn).
RECEIVER_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.IN_PROGRESS,
    ReferralStatus.COMPLETED,
)
# The receiver still has to act on these, so they can be late.
ACTIVE_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)


class ReferralUrgency(models.TextChoices):
    """Sets the due date (settings.REFERRAL_DUE_DAYS)."""

    EMERGENCY = "darurat", _("Emergency")
    HIGH = "tinggi", _("High")
    NORMAL = "biasa", _("Normal")


class DeclineReason(models.TextChoices):
    """Why a receiver declined a referral (a code, counted in the task-force report)."""

    NOT_OUR_MANDATE = "not_our_mandate", _("Not within our mandate")
    NO_CAPACITY = "no_capacity", _("No capacity at present")
    INCOMPLETE_INFORMATION = "incomplete_information", _("Information incomplete")
    VICTIM_UNREACHABLE = "victim_unreachable", _("Victim cannot be reached")
    ALREADY_SERVED = "already_served", _("Already served by us or another organisation")
    OTHER = "other", _("Other reason")


class ReferralOutcome(models.TextChoices):
    """How a completed referral ended (a code; the narrative stays in ``Referral.outcome``)."""

    SERVICE_PROVIDED = "service_provided", _("Service provided in full")
    PARTLY_PROVIDED = "partly_provided", _("Service provided in part")
    VICTIM_WITHDREW = "victim_withdrew", _("Victim or family withdrew")
    REFERRED_ONWARD = "referred_onward", _("Referred onward to another organisation")
    NOT_PROVIDED = "not_provided", _("Service could not be provided")


class SharedField(models.TextChoices):
    """What of each victim may be shared with the receiver. The first four and the facts written
    for the receiver are the minimum; names, identity numbers and contact only when ticked."""

    INITIALS = "initials", _("Initials")
    AGE = "age", _("Age")
    SEX = "sex", _("Sex")
    VIOLENCE_FORMS = "violence_forms", _("Forms of violence")
    FULL_NAME = "full_name", _("Full name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    NIK = "nik", _("NIK")
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    KELURAHAN = "kelurahan", _("Kelurahan")


DEFAULT_SHARED_FIELDS = (SharedField.INITIALS, SharedField.AGE, SharedField.SEX, SharedField.VIOLENCE_FORMS)


def letters_storage() -> Storage:
    """Letters are kept with the attachments: outside the web root, served only by a view that
    checks access."""
    return storages["attachments"] if "attachments" in settings.STORAGES else storages["default"]


class ReferralQuerySet(models.QuerySet["Referral"]):
    def overdue(self, today: date | None = None) -> ReferralQuerySet:
        """Referrals the receiver still has to act on (sent, accepted or in progress) whose due date
        has passed on ``today`` (default: today in WIB). The SQL twin of Referral.is_overdue."""
        return self.filter(status__in=ACTIVE_STATUSES, due_on__lt=today or timezone.localdate())


class Referral(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    victims = models.ManyToManyField(Person, verbose_name=_("victims"), related_name="referrals")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("referred to"), on_delete=models.PROTECT, related_name="referrals"
    )
    # ServiceType values (cases.vocabularies), checked by the services.
    services = models.JSONField(_("services requested"), default=list)
    reason = EncryptedTextField(_("reason for the referral"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=ReferralUrgency.choices, default=ReferralUrgency.NORMAL
    )
    due_on = models.DateField(_("respond by"), null=True, blank=True)
    shared_fields = models.JSONField(_("shared with the receiver"), default=list)
    facts = EncryptedTextField(
        _("facts the receiver needs"),
        null=True,
        blank=True,
        help_text=_("Only what the receiver needs to help; no names unless ticked above."),
    )
    cover_note = EncryptedTextField(_("cover note"), null=True, blank=True)
    # JSON of the shared fields of each victim, frozen at sending (see the module docstring).
    shared_data = EncryptedTextField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT, db_index=True
    )
    letter_number = models.CharField(_("letter number"), max_length=60, null=True, blank=True, unique=True)
    letter = models.FileField(storage=letters_storage, upload_to="referral-letters/", blank=True)
    consent_override_reason = EncryptedTextField(_("reason to send without consent"), null=True, blank=True)
    consent_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    decline_reason_code = models.CharField(
        _("reason for declining (code)"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_reason = EncryptedTextField(_("reason for declining"), null=True, blank=True)
    # When the receiver logged its first action (the first service): set by referral_action_add.
    first_service_at = models.DateTimeField(_("first service at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    outcome_code = models.CharField(_("outcome (code)"), max_length=30, choices=ReferralOutcome.choices, blank=True)
    outcome = EncryptedTextField(_("outcome"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = EncryptedTextField(_("reason for revoking"), null=True, blank=True)
    # The item of the case's intervention plan this referral carries out: it shows the referral's
    # status, and is done when the referral is completed (referrals.services.referral_complete).
    plan_item = models.ForeignKey(
        "cases.PlanItem",
        verbose_name=_("plan item carried out"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="referral_org_status_idx"),
            models.Index(fields=["status", "due_on"], name="referral_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                # A draft may be revoked (discarded) without ever being sent.
                condition=Q(status__in=[ReferralStatus.DRAFT, ReferralStatus.REVOKED]) | Q(sent_at__isnull=False),
                name="referral_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.REVOKED) | Q(revoked_at__isnull=False),
                name="referral_revoked_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.COMPLETED) | Q(completed_at__isnull=False),
                name="referral_completed_has_time",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return str(self.code)

    objects = ReferralQuerySet.as_manager()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        """The rule of ReferralQuerySet.overdue for one referral already in memory."""
        return (
            self.status in ACTIVE_STATUSES and self.due_on is not None and self.due_on < (today or timezone.localdate())
        )


class ReferralEventKind(models.TextChoices):
    CREATED = "created", _("Referral drafted")
    SENT = "sent", _("Referral sent")
    ACCEPTED = "accepted", _("Accepted by the receiver")
    DECLINED = "declined", _("Declined by the receiver")
    STARTED = "in_progress", _("Work started")
    ACTION = "action", _("Action recorded")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked by the sender")
    CONSENT_OVERRIDDEN = "consent_overridden", _("Sent without recorded consent (head's decision)")


class ReferralEvent(models.Model):
    """The referral's own history, shown to the sender and (except the sender-side entries) the
    receiver; the case timeline gets a CaseEvent for each change as well."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=ReferralEventKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["referral", "at"], name="referral_event_at_idx")]

    def __str__(self) -> str:
        return f"{self.referral_id}:{self.kind}"


class ReferralAction(BaseModel):
    """Something the receiving organisation did for the referred victims (the liaison's log)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="actions")
    date = models.DateField(_("date"))
    # A title such as "visit to the grandmother in Telanaipura": identifying, so encrypted.
    action = EncryptedCharField(_("action taken"), max_length=200)
    notes = EncryptedTextField(_("notes"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("referral action")
        verbose_name_plural = _("referral actions")
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return str(self.code)


class ReferralActionFile(BaseModel):
    """A file on the receiver's log of actions (a report, a photo of a visit). Not a case
    attachment: the liaison who uploads it never sees the case, so it belongs to the action.
    The same file rules as case attachments (cases.services.attachments: type from the content,
    size limit, image metadata removed, random stored name, encrypted original name); served
    only by the download view, which checks who may see the referral and audits the read."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(ReferralAction, on_delete=models.CASCADE, related_name="files")
    # Random, e.g. "referral-action-files/2026/11/3f2a….pdf": nothing of the original name.
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("referral action file")
        verbose_name_plural = _("referral action files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only, never the file name.
        return str(self.code)

    @property
    def extension(self) -> str:
        return EXTENSIONS[AttachmentType(self.mime_type)]


class LetterCounter(YearlyCounter):
    """The last referral letter number issued in a year. Locked while a number is issued."""

    class Meta:
        verbose_name = _("letter number counter")
        verbose_name_plural = _("letter number counters")
