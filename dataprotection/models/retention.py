"""Retention and lawful destruction (UU 27/2022 PDP Pasal 42–44; UU 43/2009 Kearsipan, PP 28/2012).

A closed case is kept until the end date of its retention class (computed from settings:
``dataprotection.services.retention_of``), longer while a legal hold keeps it. Cases past their end
date are destroyed in a **disposal batch**: proposed with its appraisal list (the items), the written
approval attached (a scan, stored like a case attachment) with the witnesses named, then executed
by a Celery task. The batch is the *berita acara pemusnahan*: it is kept permanently (no delete
path: its items PROTECT the batch and the case), and holds no personal data (register numbers,
classes, dates, the approval and the witnesses, who act in an official capacity).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel


class RetentionClass(models.TextChoices):
    CHILD = "anak", _("Case with a child victim")
    ADULT = "dewasa", _("Case of adults only")


class LegalHold(BaseModel):
    """The head's decision to keep a case past its end date (an investigation, a claim, an
    inspection), with a reason; lifting it is recorded too. Open legal processes hold a case
    without a row here (``dataprotection.services.legal_hold_reasons``)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="legal_holds")
    reason = EncryptedTextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("placed at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(lifted_at__isnull=True), name="legal_hold_one_active"),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                name="legal_hold_lifted_has_who",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DisposalStatus(models.TextChoices):
    PROPOSED = "diusulkan", _("Proposed (awaiting written approval)")
    APPROVED = "disetujui", _("Approved (ready to execute)")
    QUEUED = "diproses", _("Being destroyed")
    DONE = "selesai", _("Destroyed")
    CANCELLED = "dibatalkan", _("Cancelled")


class DisposalBatch(BaseModel):
    """A batch of cases to destroy, and once executed its berita acara pemusnahan. Kept forever."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=DisposalStatus.choices, default=DisposalStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    note = models.TextField(_("appraisal note"), blank=True)
    # The written approval (e.g. the Wali Kota's letter for retention of 10 years or more).
    approval_reference = models.CharField(_("approval letter number"), max_length=120, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approved_by_office = models.CharField(_("approved by (office)"), max_length=200, blank=True)
    approval_stored_name = models.CharField(max_length=200, blank=True, editable=False)
    approval_original_name = EncryptedCharField(_("file name"), max_length=255, null=True, blank=True)
    approval_mime_type = models.CharField(max_length=40, blank=True)
    approval_size = models.PositiveBigIntegerField(null=True, blank=True)
    approval_sha256 = models.CharField(max_length=64, blank=True)
    # Officials witnessing the destruction, one "name — position" per line.
    witnesses = models.TextField(_("witnesses"), blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_recorded_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    execution_ordered_at = models.DateTimeField(_("execution ordered at"), null=True, blank=True)
    executed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disposal batch")
        verbose_name_plural = _("disposal batches")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["diusulkan", "dibatalkan"]) | ~Q(approval_stored_name=""),
                name="disposal_batch_approved_has_scan",
            ),
            models.CheckConstraint(
                condition=~Q(status="selesai") | Q(executed_at__isnull=False),
                name="disposal_batch_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def label(self) -> str:
        return str(self.code)[:8]

    @property
    def witness_list(self) -> list[str]:
        return [line.strip() for line in self.witnesses.splitlines() if line.strip()]


class DisposalItem(BaseModel):
    """One case of a batch (a line of the appraisal list), with what its retention was."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    register_number = models.CharField(_("register number"), max_length=40)
    retention_class = models.CharField(_("retention class"), max_length=10, choices=RetentionClass.choices)
    closed_on = models.DateField(_("closed on"))
    retention_ends_on = models.DateField(_("retention ends on"))
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disposal item")
        verbose_name_plural = _("disposal items")
        ordering = ["register_number", "pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "case"], name="disposal_item_once_per_batch")]

    def __str__(self) -> str:
        return self.register_number
