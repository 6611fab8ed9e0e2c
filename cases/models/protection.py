"""Protection and recovery of a victim: psychological sessions, temporary shelter, the legal basis
for processing their data (UU 27/2022 PDP) and the checklist of their rights (UU TPKS Pasal 66–70).

The rules (who may record, dates, one active stay) are enforced by cases.services.protection; the
constraints below keep the rows consistent whatever writes them.
"""

from __future__ import annotations

import uuid
from datetime import date as date_type
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel

from .cases import Case
from .people import Person


class PsychSession(BaseModel):
    """A psychologist's session with a victim. The notes are the psychologist's (and the head's)
    alone: everyone else who sees the case sees only that the session took place (date,
    psychologist), through cases.selectors.psych_sessions_for_user."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="psych_sessions")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    psychologist = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("psychologist"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    method = EncryptedCharField(
        _("method or instrument"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("E.g. counselling, play therapy, SDQ."),
    )
    observations = EncryptedTextField(_("observations"), null=True, blank=True)
    recommendations = EncryptedTextField(_("recommendations"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The fields nobody but the psychologists of the team and the head may read.
    NOTE_FIELDS = ("observations", "recommendations")
    # False on the sessions psych_sessions_for_user returns with the notes blanked (not a field).
    notes_visible: bool = True

    class Meta:
        verbose_name = _("psychological session")
        verbose_name_plural = _("psychological sessions")
        ordering = ["date", "created_at"]
        indexes = [models.Index(fields=["case", "date"], name="psych_session_case_date_idx")]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return str(self.code)


class ShelterStayQuerySet(models.QuerySet["ShelterStay"]):
    """The shelter limits in SQL; ShelterStay.is_warning / is_overdue are the same rules for one
    stay in memory (a test proves they agree)."""

    def active(self) -> ShelterStayQuerySet:
        return self.filter(discharged_on__isnull=True)

    def from_warning_day(self, today: date_type | None = None) -> ShelterStayQuerySet:
        """Active stays that reached SHELTER_WARNING_DAY: warning or already overdue."""
        today = today or timezone.localdate()
        return self.active().filter(admitted_on__lte=today - timedelta(days=settings.SHELTER_WARNING_DAY))

    def warning(self, today: date_type | None = None) -> ShelterStayQuerySet:
        today = today or timezone.localdate()
        return self.from_warning_day(today).filter(admitted_on__gte=today - timedelta(days=settings.SHELTER_LIMIT_DAYS))

    def overdue(self, today: date_type | None = None) -> ShelterStayQuerySet:
        today = today or timezone.localdate()
        return self.active().filter(admitted_on__lt=today - timedelta(days=settings.SHELTER_LIMIT_DAYS))


class ShelterStay(BaseModel):
    """A victim's stay in temporary shelter (penampungan sementara): at most SHELTER_LIMIT_DAYS
    (14), then an onward referral (rumah aman, Kemensos, LPSK). A warning from
    SHELTER_WARNING_DAY (12). Days count from admission: admitted today is day 0."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shelter_stays")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="shelter_stays")
    # Where a victim is kept safe: encrypted.
    place = EncryptedCharField(_("shelter"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        ordering = ["admitted_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="shelter_stay_discharge_not_before_admission",
            ),
            models.UniqueConstraint(
                fields=["victim"], condition=Q(discharged_on__isnull=True), name="shelter_stay_one_active_per_victim"
            ),
        ]
        indexes = [
            models.Index(
                fields=["admitted_on"], condition=Q(discharged_on__isnull=True), name="shelter_stay_active_idx"
            )
        ]

    def __str__(self) -> str:
        return str(self.code)

    objects = ShelterStayQuerySet.as_manager()

    @property
    def is_active(self) -> bool:
        return self.discharged_on is None

    @property
    def days(self) -> int:
        """Days since admission, up to the discharge or today (Asia/Jakarta)."""
        end: date_type = self.discharged_on or timezone.localdate()
        return (end - self.admitted_on).days

    @property
    def limit_on(self) -> date_type:
        """The last day of the stay within SHELTER_LIMIT_DAYS; overdue after it."""
        return self.admitted_on + timedelta(days=settings.SHELTER_LIMIT_DAYS)

    @property
    def is_overdue(self) -> bool:
        """Still in shelter after the limit (more than SHELTER_LIMIT_DAYS days)."""
        return self.is_active and self.days > settings.SHELTER_LIMIT_DAYS

    @property
    def is_warning(self) -> bool:
        """Still in shelter from the warning day up to the limit: time to arrange the next place."""
        return self.is_active and settings.SHELTER_WARNING_DAY <= self.days <= settings.SHELTER_LIMIT_DAYS


class LegalBasis(models.TextChoices):
    """UU 27/2022 (PDP) Pasal 20: the grounds for processing a victim's personal data. Consent is
    one ground among others; parental consent is never a hard gate, the parent may be the
    perpetrator."""

    CONSENT = "consent", _("Consent")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTEREST = "vital_interest", _("Vital interest of the victim")
    PUBLIC_TASK = "public_task", _("Public task of UPTD PPA")


class ConsentRecord(BaseModel):
    """The ground on which UPTD PPA processes a victim's data: consent (the lembar persetujuan;
    the scanned sheet is attached to the record) or another legal basis."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    victim = models.ForeignKey(
        Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="consent_records"
    )
    basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    consent_given_by = EncryptedCharField(
        _("consent given by"),
        max_length=100,
        null=True,
        blank=True,
        help_text=_("The victim, or their relation to the victim (e.g. mother, guardian). No name needed."),
    )
    given_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A consent withdrawn by the person (UU 27/2022 Pasal 9, 40): it no longer allows sharing
    # (referrals.services.referral_send); another legal basis is untouched.
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("consent or legal basis")
        verbose_name_plural = _("consents and legal bases")
        ordering = ["given_on", "created_at"]
        constraints = [
            # The encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=(Q(basis=LegalBasis.CONSENT) & Q(consent_given_by__isnull=False))
                | (~Q(basis=LegalBasis.CONSENT) & Q(consent_given_by__isnull=True)),
                name="consent_record_giver_only_for_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.basis}:{self.code}"


class VictimRightKind(models.TextChoices):
    """UU 12/2022 (TPKS) Pasal 66–70: the rights of a victim."""

    HANDLING = "handling", _("Right to handling")
    PROTECTION = "protection", _("Right to protection")
    RECOVERY = "recovery", _("Right to recovery")
    RESTITUTION = "restitution", _("Right to restitution")


class VictimRightStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class VictimRight(BaseModel):
    """One line of a victim's rights checklist. A right without a row is "not started"."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.CASCADE, related_name="rights")
    right = models.CharField(_("right"), max_length=20, choices=VictimRightKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=VictimRightStatus.choices, default=VictimRightStatus.NOT_STARTED
    )
    evidence_note = EncryptedTextField(_("evidence"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("victim's right")
        verbose_name_plural = _("victim's rights")
        ordering = ["victim", "right"]
        constraints = [
            models.UniqueConstraint(fields=["victim", "right"], name="victim_right_unique_per_victim"),
            # A right is fulfilled (or set aside) on evidence; the encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=~Q(status__in=[VictimRightStatus.FULFILLED, VictimRightStatus.NOT_APPLICABLE])
                | Q(evidence_note__isnull=False),
                name="victim_right_settled_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.right}:{self.status}:{self.code}"
