"""The breach register (UU 27/2022 PDP Pasal 46): incidents and the written notices they need.

An incident is any loss of confidentiality, integrity or availability of personal data (a
mis-sent export, ransomware, a lost backup). The clock runs from ``discovered_at``: notices are
due BREACH_NOTICE_HOURS later. Narratives may hold personal data, so they are encrypted; the
affected cases and people are links (shown by their codes), never copies.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel


class IncidentKind(models.TextChoices):
    CONFIDENTIALITY = "kerahasiaan", _("Confidentiality (data disclosed or accessed)")
    INTEGRITY = "integritas", _("Integrity (data changed or corrupted)")
    AVAILABILITY = "ketersediaan", _("Availability (data lost or unreachable)")


class RecordClass(models.TextChoices):
    """What kind of records an incident touched."""

    CASE = "kasus", _("Case files")
    PERSON = "orang", _("People's identities")
    ATTACHMENT = "lampiran", _("Attachments (documents, visum)")
    REFERRAL = "rujukan", _("Referrals")
    REPORT = "laporan", _("Reports and exports")
    BACKUP = "cadangan", _("Backups")
    ACCOUNT = "akun", _("User accounts")
    AUDIT = "audit", _("Audit trail")
    OTHER = "lainnya", _("Other")


class IncidentStatus(models.TextChoices):
    OPEN = "terbuka", pgettext_lazy("state", "Open")
    CLOSED = "ditutup", _("Closed")


def validate_record_classes(value: object) -> None:
    """Every entry of an incident's record classes is one of RecordClass."""
    if not isinstance(value, list) or any(entry not in RecordClass.values for entry in value):
        raise ValidationError(_("Choose the kinds of records from the list."), code="invalid_choice")


class Incident(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    discovered_at = models.DateTimeField(_("discovered at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    # A list of RecordClass values (JSON: the embedded SQLite of `make run` has no arrays).
    record_classes = models.JSONField(_("records affected"), default=list, validators=[validate_record_classes])
    description = EncryptedTextField(_("what happened"), null=True, blank=True)
    cause = EncryptedTextField(_("how it happened"), null=True, blank=True)
    handling = EncryptedTextField(_("handling and recovery steps"), null=True, blank=True)
    cases = models.ManyToManyField("cases.Case", verbose_name=_("affected cases"), related_name="+", blank=True)
    people = models.ManyToManyField("cases.Person", verbose_name=_("affected people"), related_name="+", blank=True)
    # "In certain cases" the public is told too (Pasal 46(3)): a statement with no personal data.
    public_statement = models.TextField(_("public statement"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lessons = EncryptedTextField(_("lessons learned"), null=True, blank=True)
    measures = EncryptedTextField(_("measures taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("data breach incident")
        verbose_name_plural = _("data breach incidents")
        ordering = ["-discovered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="terbuka", closed_at__isnull=True) | Q(status="ditutup", closed_at__isnull=False),
                name="incident_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def label(self) -> str:
        return str(self.code)[:8]

    @property
    def record_class_labels(self) -> list[str]:
        return [str(RecordClass(value).label) for value in self.record_classes if value in RecordClass.values]

    @property
    def notice_due_at(self) -> datetime:
        """The end of the 3×24-hour clock (BREACH_NOTICE_HOURS after discovery)."""
        return self.discovered_at + timedelta(hours=settings.BREACH_NOTICE_HOURS)


class NoticeRecipient(models.TextChoices):
    PERSON = "orang", _("Affected person")
    AGENCY = "lembaga", _("Supervising agency")


class BreachNotice(BaseModel):
    """One written notice of an incident: to one affected person (for a child, to a guardian
    on the child's behalf) or to the supervising agency. It holds the three elements of Pasal
    46(2); it cannot be marked sent until all three are filled."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notices")
    recipient_kind = models.CharField(_("recipient"), max_length=10, choices=NoticeRecipient.choices)
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("recipient"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The affected child whom a guardian is told about (empty when the person is told about themselves).
    on_behalf_of = models.ForeignKey(
        "cases.Person",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    address = EncryptedTextField(_("address"), null=True, blank=True)
    # Pasal 46(2): what personal data were exposed; when and how; the handling and recovery.
    data_exposed = EncryptedTextField(_("personal data exposed"), null=True, blank=True)
    when_how = EncryptedTextField(_("when and how the data were exposed"), null=True, blank=True)
    handling = EncryptedTextField(_("handling and recovery"), null=True, blank=True)
    letter_number = EncryptedCharField(_("letter number"), max_length=60, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("breach notice")
        verbose_name_plural = _("breach notices")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_kind="orang", person__isnull=False)
                | Q(recipient_kind="lembaga", person__isnull=True),
                name="breach_notice_recipient_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["incident", "person"],
                condition=Q(person__isnull=False, on_behalf_of__isnull=True),
                name="breach_notice_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["incident", "person", "on_behalf_of"],
                condition=Q(on_behalf_of__isnull=False),
                name="breach_notice_one_per_guardian_and_child",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def elements_filled(self) -> bool:
        return all((value or "").strip() for value in (self.data_exposed, self.when_how, self.handling))
