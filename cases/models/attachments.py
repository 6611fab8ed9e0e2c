"""Files attached to a case or to one of its service records (issue 4 item 9): a scanned consent
sheet, a visum et repertum, a police report, a mediation's signed minutes.

The bytes live in the "attachments" storage (settings.STORAGES) under a random name that says
nothing about the file; the name the file had on the uploader's computer is encrypted, because it
often names the victim ("visum_Siti_Aminah.pdf"). Only cases.services.attachments writes these
rows, and files are read only through the download view, which checks access and audits the read.

The record an attachment belongs to is a (kind, code) pair rather than a generic foreign key:
codes are the public identifiers the pages and the API already use, so the API takes and returns
exactly what is stored, with no content-type ids that differ between databases; the kind is a
vocabulary, so "psychological-session attachments only for readers of the notes" is a filter on
one column. None of the target records is ever deleted on its own (only with its case, which
deletes the attachments too), so the missing referential integrity costs nothing in practice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel

from .cases import Case
from .closure import ClosureRequest
from .legal import LegalEvent, MediationSession
from .protection import ConsentRecord, PsychSession
from .services_records import Assessment, HealthService, OutreachVisit


class AttachmentTarget(models.TextChoices):
    """What an attachment belongs to: the case itself or one of its service records."""

    CASE = "case", _("The case")
    OUTREACH_VISIT = "outreach_visit", _("Outreach visit")
    HEALTH_SERVICE = "health_service", _("Health service or visum")
    ASSESSMENT = "assessment", _("Assessment")
    PSYCH_SESSION = "psych_session", _("Psychological session")
    CONSENT = "consent", _("Consent or legal basis")
    LEGAL_EVENT = "legal_event", _("Legal process event")
    MEDIATION_SESSION = "mediation_session", _("Mediation session")
    CLOSURE_REQUEST = "closure_request", _("Closure request")


# Each record kind: its model and the lookup from the record to its case.
TARGET_MODELS: dict[str, tuple[type[models.Model], str]] = {
    AttachmentTarget.OUTREACH_VISIT: (OutreachVisit, "case"),
    AttachmentTarget.HEALTH_SERVICE: (HealthService, "case"),
    AttachmentTarget.ASSESSMENT: (Assessment, "case"),
    AttachmentTarget.PSYCH_SESSION: (PsychSession, "case"),
    AttachmentTarget.CONSENT: (ConsentRecord, "victim__case"),
    AttachmentTarget.LEGAL_EVENT: (LegalEvent, "case"),
    AttachmentTarget.MEDIATION_SESSION: (MediationSession, "mediation__case"),
    AttachmentTarget.CLOSURE_REQUEST: (ClosureRequest, "case"),
}


class AttachmentType(models.TextChoices):
    """The only types accepted, as detected from the content (never the name or the browser)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


# The extension of the stored file, by detected type.
EXTENSIONS = {AttachmentType.PDF: "pdf", AttachmentType.JPEG: "jpg", AttachmentType.PNG: "png"}


class Attachment(BaseModel):
    """A file on a case. Removal is soft: the row (who, when, why, type, size, SHA-256) stays for
    the record, the bytes are deleted from storage (see attachment_remove)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    target_kind = models.CharField(
        _("attached to"), max_length=20, choices=AttachmentTarget.choices, default=AttachmentTarget.CASE
    )
    # The code of the record; empty when the attachment is on the case itself.
    target_code = models.UUIDField(_("record"), null=True, blank=True)
    # Random, e.g. "attachments/2026/11/3f2a….pdf": nothing of the original name.
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=40, choices=AttachmentType.choices)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = EncryptedTextField(_("description"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Often says whose document it really was: encrypted.
    removal_reason = EncryptedTextField(_("reason for removal"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "target_kind", "target_code"], name="attachment_case_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target_kind=AttachmentTarget.CASE) & Q(target_code__isnull=True))
                | (~Q(target_kind=AttachmentTarget.CASE) & Q(target_code__isnull=False)),
                name="attachment_target_code_unless_case",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | Q(removed_by__isnull=False),
                name="attachment_removal_has_remover",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only, never the file name.
        return str(self.code)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def extension(self) -> str:
        return EXTENSIONS[AttachmentType(self.mime_type)]
