"""The legal side of a case: legal-process events per perpetrator, UPTD mediation, restitution.

The legal rules (UU 12/2022 TPKS Pasal 23: no out-of-court settlement of sexual violence; UU 11/2012
SPPA Pasal 7: the conditions of diversion) are enforced by cases.services.legal; the constraints
below keep the rows consistent whatever writes them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.vocabularies import LegalStage
from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel

from .cases import Case
from .people import Person

# SPPA Pasal 7 (and Pasal 1 angka 3): diversion is for a child in conflict with the law aged 12
# to under 18, for an offence punishable by under 7 years' imprisonment, not a repeat offence.
DIVERSION_MIN_AGE = 12
DIVERSION_MAX_AGE = 17
DIVERSION_PENALTY_LIMIT_YEARS = 7


class LegalEvent(BaseModel):
    """One step of the legal process against one alleged perpetrator (docs/domain.md#vocabularies-and-simfoni)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_events")
    perpetrator = models.ForeignKey(
        Person, verbose_name=_("alleged perpetrator"), on_delete=models.PROTECT, related_name="legal_events"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=LegalStage.choices)
    date = models.DateField(_("date"))
    place = EncryptedCharField(_("place or institution"), max_length=200, null=True, blank=True)
    reference_number = EncryptedCharField(
        _("reference number"), max_length=60, null=True, blank=True, help_text=_("E.g. the police report (LP) number.")
    )
    unit = models.CharField(_("police unit"), max_length=120, blank=True)
    note = EncryptedTextField(_("note"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # --- Diversion only (stage "diversi"): the SPPA Pasal 7 conditions as checked ------------
    # Stored, not looked up: the check must stay readable even if the person's age is corrected later.
    perpetrator_age_at_offence = models.PositiveSmallIntegerField(
        _("perpetrator's age at the offence"), null=True, blank=True
    )
    offence_max_penalty_years = models.DecimalField(
        _("maximum penalty of the offence (years)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    repeat_offence = models.BooleanField(_("repeat offence"), default=False)
    victim_consent = models.BooleanField(_("victim or family consents"), default=False)
    victim_consent_by = EncryptedCharField(
        _("consent given by"),
        max_length=100,
        null=True,
        blank=True,
        help_text=_("The victim, or their relation to the victim (e.g. mother)."),
    )

    class Meta:
        verbose_name = _("legal process event")
        verbose_name_plural = _("legal process events")
        ordering = ["date", "created_at"]
        indexes = [models.Index(fields=["case", "date"], name="legal_event_case_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage=LegalStage.DIVERSI)
                | Q(
                    perpetrator_age_at_offence__isnull=True,
                    offence_max_penalty_years__isnull=True,
                    repeat_offence=False,
                    victim_consent=False,
                    victim_consent_by__isnull=True,
                ),
                name="legal_event_diversion_fields_only_for_diversion",
            ),
            models.CheckConstraint(
                condition=~Q(stage=LegalStage.DIVERSI)
                | Q(
                    perpetrator_age_at_offence__gte=DIVERSION_MIN_AGE,
                    perpetrator_age_at_offence__lte=DIVERSION_MAX_AGE,
                    offence_max_penalty_years__lt=DIVERSION_PENALTY_LIMIT_YEARS,
                    offence_max_penalty_years__gte=0,
                    repeat_offence=False,
                    victim_consent=True,
                ),
                name="legal_event_diversion_meets_sppa_pasal_7",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return f"{self.stage}:{self.code}"


class MediationDisputeKind(models.TextChoices):
    """The only matters UPTD PPA may mediate (docs/domain.md#service-functions)."""

    CIVIL_FAMILY = "perdata_keluarga", _("Civil or family dispute")
    COMPLAINT_ONLY = "delik_aduan", _("Complaint-only offence (delik aduan)")


class MediationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("state", "Open")
    AGREEMENT = "agreement", _("Agreement reached")
    NO_AGREEMENT = "no_agreement", _("No agreement")


class Mediation(BaseModel):
    """A UPTD PPA mediation between a victim and the other party. Never for sexual violence."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediations")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    perpetrator = models.ForeignKey(Person, verbose_name=_("other party"), on_delete=models.PROTECT, related_name="+")
    dispute_kind = models.CharField(_("kind of dispute"), max_length=20, choices=MediationDisputeKind.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=MediationStatus.choices, default=MediationStatus.OPEN)
    agreement_terms = EncryptedTextField(_("agreement terms"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(victim=F("perpetrator")), name="mediation_parties_differ"),
            models.UniqueConstraint(
                fields=["case", "victim", "perpetrator"],
                condition=Q(status=MediationStatus.OPEN),
                name="mediation_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(status=MediationStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=MediationStatus.OPEN) & Q(closed_at__isnull=False)),
                name="mediation_closed_has_closed_at",
            ),
            # The encrypted field stores NULL for an empty text, so "has terms" is "not null".
            models.CheckConstraint(
                condition=~Q(status=MediationStatus.AGREEMENT) | Q(agreement_terms__isnull=False),
                name="mediation_agreement_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status}:{self.code}"


class MediationSession(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="+"
    )
    parties_present = EncryptedCharField(
        _("parties present"), max_length=300, help_text=_("Roles, not names: e.g. victim, mother, other party.")
    )
    berita_acara = EncryptedTextField(_("minutes (berita acara)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return str(self.code)


class MediationFollowUp(BaseModel):
    """A check that the parties keep to the agreement."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    complied = models.BooleanField(_("agreement complied with"))
    note = EncryptedTextField(_("note"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mediation follow-up")
        verbose_name_plural = _("mediation follow-ups")
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return str(self.code)


class RestitutionPayer(models.TextChoices):
    PERPETRATOR = "pelaku", _("The perpetrator")
    PARENT = "orang_tua_pelaku", _("Parent of the child perpetrator")
    OTHER = "lainnya", _("Other (third party)")


class Restitution(BaseModel):
    """Restitution owed to one victim by one perpetrator (UU TPKS Pasal 30–38)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="restitutions")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    perpetrator = models.ForeignKey(
        Person, verbose_name=_("alleged perpetrator"), on_delete=models.PROTECT, related_name="+"
    )
    claimed = models.BooleanField(_("restitution claimed"), default=False)
    amount = models.DecimalField(_("amount claimed (Rp)"), max_digits=15, decimal_places=2, null=True, blank=True)
    lpsk_assessment = EncryptedTextField(_("LPSK assessment"), null=True, blank=True)
    lpsk_amount = models.DecimalField(
        _("amount assessed by LPSK (Rp)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    decision = EncryptedTextField(_("court decision"), null=True, blank=True)
    paid = models.BooleanField(_("paid"), default=False)
    paid_at = models.DateField(_("paid on"), null=True, blank=True)
    payer = models.CharField(_("paid by"), max_length=20, choices=RestitutionPayer.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("restitution")
        verbose_name_plural = _("restitutions")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["victim", "perpetrator"], name="restitution_unique_per_pair"),
            models.CheckConstraint(condition=~Q(victim=F("perpetrator")), name="restitution_parties_differ"),
            models.CheckConstraint(
                condition=Q(paid=True, paid_at__isnull=False) | Q(paid=False, paid_at__isnull=True),
                name="restitution_paid_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__gte=0))
                & (Q(lpsk_amount__isnull=True) | Q(lpsk_amount__gte=0)),
                name="restitution_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)


class AccompanimentStage(models.TextChoices):
    """Where staff accompanied the victim (pendampingan hukum)."""

    POLICE_REPORT = "pelaporan", _("Reporting to the police")
    POLICE_EXAMINATION = "pemeriksaan_polisi", _("Police examination (BAP)")
    VISUM = "visum", _("Visum et repertum")
    PROSECUTOR = "kejaksaan", _("Prosecutor's office")
    TRIAL = "persidangan", _("Court hearing")
    LPSK = "lpsk", _("LPSK")
    OTHER = "lainnya", _("Other")


class Accompaniment(BaseModel):
    """Staff accompanied a victim to a step of the legal process (e.g. the police examination or
    a court hearing)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accompaniments")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("accompanied to"), max_length=30, choices=AccompanimentStage.choices)
    date = models.DateField(_("date"))
    place = EncryptedCharField(_("place or institution"), max_length=200, null=True, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("accompanied by"), related_name="+")
    note = EncryptedTextField(_("note"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        ordering = ["date", "created_at"]
        indexes = [models.Index(fields=["case", "date"], name="accompaniment_case_date_idx")]

    def __str__(self) -> str:
        return str(self.code)


class LegalAid(BaseModel):
    """Who gives a victim legal aid: a partner organisation (LBH, Posbakum, P2TP2A…) or a named
    provider, with the advocate, from when to when."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_aid")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("legal aid organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    provider_name = EncryptedCharField(
        _("other provider"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("When the provider is not in the list."),
    )
    advocate = EncryptedCharField(_("advocate"), max_length=200, null=True, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = EncryptedTextField(_("note"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("legal aid")
        verbose_name_plural = _("legal aid")
        ordering = ["started_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                # The encrypted field stores NULL for "".
                condition=Q(organisation__isnull=False) | Q(provider_name__isnull=False),
                name="legal_aid_has_provider",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="legal_aid_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)
