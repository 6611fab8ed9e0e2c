"""Data-subject requests (UU 27/2022 PDP Pasal 6–14, 30–33, 40–41): a person asks for access to
their data, a copy, a correction, a restriction, the withdrawal of their consent or deletion.

Every request is recorded (Pasal 14) with who asked (the person, or another on their behalf and
their relation), how their identity was checked and when it came in; it is due DSR_*_HOURS
later. The decision (granted, partly granted, refused) states its reason and, where Pasal 15
exempts the right, its exception. What the request caused is linked: the audit entry of a
correction, the restriction of the person, the consents withdrawn, the release of an access.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel


class RequestKind(models.TextChoices):
    ACCESS = "akses", _("Access to the data and their processing (Pasal 7, 32)")
    COPY = "salinan", _("A copy of the data (Pasal 13)")
    CORRECTION = "perbaikan", _("Correction (Pasal 6, 30)")
    RESTRICTION = "pembatasan", _("Restriction of processing (Pasal 11, 41)")
    WITHDRAWAL = "penarikan", _("Withdrawal of consent (Pasal 9, 40)")
    DELETION = "penghapusan", _("Deletion (Pasal 8, 43)")


# The kinds answered with the person's data (PDF and JSON) after the Pasal 33 check.
RELEASE_KINDS = frozenset({RequestKind.ACCESS, RequestKind.COPY})
# Pasal 15 exempts the rights of Pasal 8, 9, 10, 11 and 13(1)(2); never access or correction.
NOT_EXEMPTIBLE = frozenset({RequestKind.ACCESS, RequestKind.CORRECTION})

DEADLINE_SETTINGS = {
    RequestKind.ACCESS: "DSR_ACCESS_HOURS",
    RequestKind.COPY: "DSR_ACCESS_HOURS",
    RequestKind.CORRECTION: "DSR_CORRECTION_HOURS",
    RequestKind.RESTRICTION: "DSR_RESTRICTION_HOURS",
    RequestKind.WITHDRAWAL: "DSR_WITHDRAWAL_HOURS",
    RequestKind.DELETION: "DSR_DELETION_HOURS",
}


def deadline_hours(kind: str) -> int:
    """The hours the unit has to answer a request of ``kind`` (a setting per kind)."""
    return int(getattr(settings, DEADLINE_SETTINGS[RequestKind(kind)]))


class Requester(models.TextChoices):
    SELF = "sendiri", _("The person themself")
    OTHER = "lain", _("Another person on their behalf")


class IdentityCheck(models.TextChoices):
    KTP = "ktp", _("Identity card (KTP) or child identity card (KIA) seen")
    FAMILY_CARD = "kk", _("Family card (KK) seen")
    KNOWN = "dikenal", _("Known in person to the case team")
    MANDATE = "kuasa", _("Power of attorney or guardianship document seen")
    OTHER = "lainnya", _("Other (described in the note)")


class RequestStatus(models.TextChoices):
    OPEN = "terbuka", pgettext_lazy("state", "Open")
    DECIDED = "diputus", _("Decided")


class Decision(models.TextChoices):
    GRANTED = "dikabulkan", _("Granted")
    PARTLY = "sebagian", _("Partly granted")
    REFUSED = "ditolak", _("Refused")


class Pasal15Exception(models.TextChoices):
    """UU 27/2022 Pasal 15(1): the interests for which some rights are exempted."""

    DEFENCE = "a", _("a. national defence and security")
    LAW_ENFORCEMENT = "b", _("b. law enforcement")
    PUBLIC_INTEREST = "c", _("c. public interest in state administration")
    FINANCIAL = "d", _("d. financial sector supervision")
    STATISTICS = "e", _("e. statistics and scientific research")


@dataclass(frozen=True)
class Pasal33:
    """The Pasal 33 check of an access or a copy, as stored (codes and counts, never names nor
    sentences): whether the release must be refused (the requester is an alleged perpetrator of the
    person's case), and how many other victims and other people of the case are left out. The
    sentences are written when shown, in the reader's language."""

    refused: bool = False
    co_victims: int = 0
    others: int = 0

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Pasal33 | None:
        if not data:
            return None
        return cls(bool(data.get("refused")), int(data.get("co_victims", 0)), int(data.get("others", 0)))

    def as_data(self) -> dict[str, Any]:
        return {"refused": self.refused, "co_victims": self.co_victims, "others": self.others}

    @property
    def refusal(self) -> str | None:
        if not self.refused:
            return None
        return gettext(
            "The requester is an alleged perpetrator of the person's case: the release would endanger the "
            "person and is refused (Pasal 33)."
        )

    @property
    def redactions(self) -> list[str]:
        lines = []
        if self.co_victims:
            lines.append(
                gettext(
                    "The data of %(count)s other victim(s) of the case are left out: the release would expose them."
                )
                % {"count": self.co_victims}
            )
        if self.others:
            lines.append(
                gettext("The data of %(count)s other person(s) of the case are left out.") % {"count": self.others}
            )
        lines.append(gettext("The case chronology and staff notes are left out: they tell of other people."))
        return lines

    def note(self) -> str:
        return "\n".join([*([self.refusal] if self.refusal else []), *self.redactions])


class SubjectRequest(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person concerned"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    requester = models.CharField(_("who asked"), max_length=10, choices=Requester.choices)
    # Another person of the case when the requester is recorded there (the Pasal 33 check asks
    # whether they are an alleged perpetrator); else their name as they gave it.
    requester_person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("requester recorded in the case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requester_name = EncryptedCharField(_("requester's name"), max_length=200, null=True, blank=True)
    requester_relation = EncryptedCharField(_("relation to the person"), max_length=100, null=True, blank=True)
    identity_check = models.CharField(_("identity verified by"), max_length=10, choices=IdentityCheck.choices)
    identity_note = EncryptedTextField(_("identity note"), null=True, blank=True)
    details = EncryptedTextField(_("what is asked"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_at = models.DateTimeField(_("due at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = EncryptedTextField(_("reason"), null=True, blank=True)
    exception = models.CharField(_("Pasal 15 exception"), max_length=1, choices=Pasal15Exception.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Pasal 33: why the release was refused or redacted (Pasal33.as_data: a flag and counts).
    pasal33 = models.JSONField(_("Pasal 33 check"), default=dict, blank=True)
    # Outcomes: the audit entry of the correction the request caused; when the data were released.
    correction_entry = models.ForeignKey(
        "auditlog.LogEntry",
        verbose_name=_("correction made"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    restriction_lifted_at = models.DateTimeField(_("restriction lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="terbuka", decision="", decided_at__isnull=True)
                | (Q(status="diputus", decided_at__isnull=False) & ~Q(decision="")),
                name="subject_request_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(exception="") | ~Q(kind__in=["akses", "perbaikan"]),
                name="subject_request_no_exception_for_access_or_correction",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    @property
    def label(self) -> str:
        return str(self.code)[:8]

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_release_kind(self) -> bool:
        return self.kind in RELEASE_KINDS

    @property
    def pasal33_note(self) -> str:
        """The stored Pasal 33 check in words, in the reader's language ("" before a decision)."""
        check = Pasal33.from_data(self.pasal33)
        return check.note() if check else ""

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and now >= self.due_at

    @property
    def hours_allowed(self) -> timedelta:
        return self.due_at - self.received_at
