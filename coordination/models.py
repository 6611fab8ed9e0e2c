"""Case conferences (konferensi kasus), the task-force meeting register and their action items
(issue 18 §1 and §2).

A conference is case content: its agenda, minutes and decisions are encrypted like case notes and
read by the case team and the head. A partner organisation's liaison reads only the decisions that
concern their organisation and their organisation's action items (coordination.access), plus what
a referral already shared with them. A task-force meeting is about the unit's coordination, not one
case; its action items are the same model as a conference's (exactly one source).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel


class ConferenceStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class SharingBasis(models.TextChoices):
    """The ground on which the case was discussed with partners at a held conference."""

    CONSENT_OR_BASIS = "consent_or_basis", _("Consent or legal basis recorded for every victim")
    HEAD_OVERRIDE = "head_override", _("Head's recorded override")


class CaseConference(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="conferences")
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("meeting link"), max_length=300, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("note-taker"), on_delete=models.PROTECT, related_name="+"
    )
    agenda = EncryptedTextField(_("agenda"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.SCHEDULED
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    sharing_basis = models.CharField(_("basis for sharing"), max_length=30, choices=SharingBasis.choices, blank=True)
    head_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    head_override_at = models.DateTimeField(_("override recorded at"), null=True, blank=True)
    head_override_reason = EncryptedTextField(_("reason to hold the conference without consent"), null=True, blank=True)
    summary = EncryptedTextField(_("summary"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-scheduled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ConferenceStatus.HELD) | (Q(held_at__isnull=False) & ~Q(sharing_basis="")),
                name="conference_held_has_time_and_basis",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConferenceStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="conference_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(sharing_basis=SharingBasis.HEAD_OVERRIDE)
                | (
                    Q(head_override_by__isnull=False)
                    & Q(head_override_at__isnull=False)
                    & Q(head_override_reason__isnull=False)
                ),
                name="conference_override_recorded",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return str(self.code)


class TaskForceMeeting(BaseModel):
    """A meeting of the task force (gugus tugas) with the partner organisations (issue 18 §2)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    summary = EncryptedTextField(_("summary"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("task-force meeting")
        verbose_name_plural = _("task-force meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return str(self.code)


ONE_SOURCE = (Q(conference__isnull=False) & Q(meeting__isnull=True)) | (
    Q(conference__isnull=True) & Q(meeting__isnull=False)
)


def _sources(related_name: str) -> tuple[models.ForeignKey, models.ForeignKey]:
    """A record's source: a case conference or a task-force meeting, exactly one (``ONE_SOURCE``)."""
    return (
        models.ForeignKey(
            CaseConference,
            verbose_name=_("case conference"),
            on_delete=models.CASCADE,
            null=True,
            blank=True,
            related_name=related_name,
        ),
        models.ForeignKey(
            TaskForceMeeting,
            verbose_name=_("task-force meeting"),
            on_delete=models.CASCADE,
            null=True,
            blank=True,
            related_name=related_name,
        ),
    )


class Attendance(BaseModel):
    """One organisation (and, for staff or a named liaison, one user) invited to or present at a
    conference or a meeting."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference, meeting = _sources("attendance")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited = models.BooleanField(_("invited"), default=True)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_SOURCE, name="attendance_one_source"),
            models.UniqueConstraint(
                fields=["conference", "organisation", "user"],
                condition=Q(conference__isnull=False),
                nulls_distinct=False,
                name="attendance_unique_in_conference",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation", "user"],
                condition=Q(meeting__isnull=False),
                nulls_distinct=False,
                name="attendance_unique_in_meeting",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)


class Decision(BaseModel):
    """A decision of a conference or a meeting; ``organisation`` when it concerns one partner (its
    liaisons read it)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference, meeting = _sources("decisions")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = EncryptedTextField(_("decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=ONE_SOURCE, name="decision_one_source")]

    def __str__(self) -> str:
        return str(self.code)


class ActionItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("state", "Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def overdue(self, today: date | None = None) -> ActionItemQuerySet:
        return self.filter(status=ActionItemStatus.OPEN, due_on__lt=today or timezone.localdate())


class ActionItem(BaseModel):
    """A follow-up a conference or a task-force meeting assigned to an organisation, with a due
    date; it lands in the assignee's "Tugas saya" and the organisation's liaison portal."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference, meeting = _sources("action_items")
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    # "Visit the grandmother in Telanaipura": may identify, so encrypted like case notes.
    title = EncryptedCharField(_("action"), max_length=300)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN, db_index=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = EncryptedTextField(_("note"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="action_item_org_status_idx"),
            models.Index(fields=["status", "due_on"], name="action_item_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=ONE_SOURCE, name="action_item_one_source"),
            models.CheckConstraint(
                condition=~Q(status=ActionItemStatus.DONE) | (Q(done_at__isnull=False) & Q(done_by__isnull=False)),
                name="action_item_done_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ActionItemStatus.DONE) | Q(done_at__isnull=True),
                name="action_item_done_at_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.status == ActionItemStatus.OPEN and self.due_on < (today or timezone.localdate())
