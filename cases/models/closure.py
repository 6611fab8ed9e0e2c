"""Closure of a case and the monitoring after it (docs/domain.md#case-lifecycle, issue 4 item 10).

The case manager asks for the case to be closed (reason, summary); the head approves or returns
the request. An approved closure schedules follow-up visits (MONITORING_FOLLOW_UP_MONTHS). The
rules live in cases.services.closure; the constraints keep the rows consistent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import EncryptedTextField
from uptdppa.db import BaseModel

from .cases import Case


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", _("The victim's needs are met")
    MOVED_AWAY = "moved_away", _("The victim moved away")
    REFERRED_ON = "referred_on", _("Referred on and handed over")
    WITHDREW = "withdrew", _("The victim withdrew")
    OTHER = "other", _("Other reason")


class ClosureStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ClosureRequest(BaseModel):
    """A request to close (terminate) a case, decided by the head of the unit."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closure_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.CharField(_("reason"), max_length=20, choices=ClosureReason.choices)
    summary = EncryptedTextField(_("summary"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClosureStatus.choices, default=ClosureStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = EncryptedTextField(
        _("comment"), null=True, blank=True, help_text=_("What is still to be done. No names or personal details.")
    )
    # An approved closure undone by the head: when, by whom and why (the reason may name people).
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = EncryptedTextField(_("reason for reopening"), null=True, blank=True)

    class Meta:
        verbose_name = _("closure request")
        verbose_name_plural = _("closure requests")
        ordering = ["requested_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="requested"), name="closure_request_one_open_per_case"
            ),
            models.CheckConstraint(
                condition=Q(status="requested") | Q(decided_at__isnull=False),
                name="closure_request_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | Q(decision_comment__isnull=False),
                name="closure_request_returned_has_comment",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | Q(status="approved", reopen_reason__isnull=False),
                name="closure_request_reopened_was_approved_with_reason",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return f"{self.status}:{self.code}"


class MonitoringFollowUp(BaseModel):
    """A follow-up visit after closure, due some months after it; done with its outcome."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="monitoring_follow_ups")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The last day a reminder was sent: at most one a day (cases.tasks.send_monitoring_reminders).
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("monitoring follow-up")
        verbose_name_plural = _("monitoring follow-ups")
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="monitoring_pending_due_idx")
        ]
        constraints = [
            # Done means documented; the encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(outcome__isnull=False),
                name="monitoring_follow_up_done_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
