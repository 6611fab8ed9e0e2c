"""The case: from the complaint as received, through triage, to the registered case and its team.

One record carries the whole life. A complaint is a Case in status RECEIVED (the intake queue);
triage turns it into an OPEN case with a register number, or ends it as OUTSIDE_MANDATE or
DUPLICATE. Keeping one record means nothing typed at intake is ever copied or lost.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.vocabularies import Authority, CaseType, Channel, Risk, Scene
from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel

from .regions import Region


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting triage")
    OPEN = "open", pgettext_lazy("state", "Open")
    CLOSED = "closed", _("Closed")
    OUTSIDE_MANDATE = "outside_mandate", _("Outside the mandate")
    DUPLICATE = "duplicate", _("Duplicate")


# A registered case (it has a register number) versus a complaint that never became one.
REGISTERED_STATUSES = frozenset({CaseStatus.OPEN, CaseStatus.CLOSED})
ENDED_AT_INTAKE = frozenset({CaseStatus.OUTSIDE_MANDATE, CaseStatus.DUPLICATE})


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month only (approximate)")
    YEAR = "year", _("Year only (approximate)")
    UNKNOWN = "unknown", _("Unknown")


class TriageOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted as a case")
    OUTSIDE_MANDATE = "outside_mandate", _("Outside the mandate (information given, possibly referred on)")
    DUPLICATE = "duplicate", _("Duplicate of an existing case")


def initials_of(name: str) -> str:
    """The initials of a name ("Siti Aminah" -> "S.A."), at most three."""
    return "".join(word[0].upper() + "." for word in (name or "").split()[:3])


class Case(BaseModel):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty for complaints sent through the public form."),
    )

    # --- The complaint -----------------------------------------------------------------------
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.DATANG_LANGSUNG)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reporter_anonymous = models.BooleanField(_("anonymous reporter"), default=False)
    # The victim reported it themself: a code, shown in the reader's language (never a sentence stored).
    reporter_is_victim = models.BooleanField(_("reported by the victim themself"), default=False)
    reporter_relation = EncryptedCharField(
        _("reporter's relation to the victim"), max_length=100, null=True, blank=True
    )
    chronology = EncryptedTextField(_("chronology"), null=True, blank=True)
    incident_date = models.DateField(_("incident date"), null=True, blank=True)
    incident_date_precision = models.CharField(
        _("incident date is"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    incident_region = models.ForeignKey(
        Region, verbose_name=_("incident kelurahan"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incident_place_other = EncryptedCharField(
        _("incident place outside Kota Jambi"), max_length=200, null=True, blank=True
    )
    scene = models.CharField(_("scene"), max_length=30, choices=Scene.choices, blank=True)
    # Public form only: the reporter's tracking code and the hash of their PIN.
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, null=True, blank=True)
    pin_hash = models.CharField(max_length=128, blank=True, editable=False)

    # --- Triage -------------------------------------------------------------------------------
    case_type = models.CharField(_("case type"), max_length=10, choices=CaseType.choices, blank=True)
    risk = models.CharField(_("risk"), max_length=10, choices=Risk.choices, blank=True)
    authority = models.CharField(_("authority"), max_length=10, choices=Authority.choices, blank=True)
    response_due_at = models.DateTimeField(_("respond by"), null=True, blank=True)
    triage_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triage_proposed_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    triage_note = EncryptedTextField(_("triage note"), null=True, blank=True)
    # Why a case with a child victim was typed KTP rather than AMPK (cases.services.triage).
    case_type_reason = EncryptedTextField(_("reason for the case type"), null=True, blank=True)
    referred_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred on to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    # --- Registry -----------------------------------------------------------------------------
    register_number = models.CharField(_("register number"), max_length=40, unique=True, null=True, blank=True)
    register_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    register_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    simfoni_number = models.CharField(_("SIMFONI register number"), max_length=40, blank=True)
    # Marked by the SIMFONI operator once the case is keyed into SIMFONI PPA (the work list of
    # what is left to enter); cleared again if the entry has to be redone.
    simfoni_entered_at = models.DateTimeField(_("entered in SIMFONI at"), null=True, blank=True)
    simfoni_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered in SIMFONI by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # With police access the LP number leads to the victim's file: encrypted like a NIK.
    police_report_number = EncryptedCharField(_("police report (LP) number"), max_length=60, null=True, blank=True)
    police_report_date = models.DateField(_("police report date"), null=True, blank=True)
    police_report_unit = models.CharField(_("police unit"), max_length=120, blank=True)
    # Set while a victim's forms include sexual violence and no police report is recorded (UU TPKS Pasal 41).
    police_report_due_at = models.DateTimeField(_("police report due"), null=True, blank=True)

    # --- Closure ------------------------------------------------------------------------------
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["register_year", "register_seq"], name="case_register_seq_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(REGISTERED_STATUSES)) | Q(register_number__isnull=False),
                name="case_registered_has_number",
            ),
            models.CheckConstraint(
                condition=Q(register_number__isnull=True)
                | Q(register_year__isnull=False, register_seq__isnull=False, registered_at__isnull=False),
                name="case_register_number_complete",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(status=CaseStatus.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="case_duplicate_has_original",
            ),
        ]
        indexes = [
            # The worklist: by status, newest first; overdue filters on the two deadlines.
            models.Index(fields=["status", "-received_at"], name="case_status_received_idx"),
            models.Index(fields=["police_report_due_at"], name="case_police_due_idx"),
            models.Index(fields=["response_due_at"], name="case_response_due_idx"),
            # The statistics: every figure of a period starts from the cases registered in it
            # (reports.statistics.counted_cases); without it each one read the whole table. (With the
            # register year and the status in it, the SIMFONI list counted a year from the index
            # alone, but every statistic of a year took 30% longer: bench/README.md.)
            models.Index(fields=["registered_at"], name="case_registered_at_idx"),
            # The worklist by kecamatan (the kelurahan of a kecamatan) and period, newest first.
            models.Index(fields=["incident_region", "-received_at"], name="case_region_received_idx"),
            # The worklist by kecamatan and status, its commonest pair: the page's count reads this
            # index alone (11 ms → 0.25 ms at 100,000 cases; bench/README.md, "Found and fixed").
            models.Index(fields=["incident_region", "status", "-received_at"], name="case_region_status_idx"),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: never a name.
        return self.register_number or str(self.code)

    @property
    def is_registered(self) -> bool:
        return self.status in REGISTERED_STATUSES

    @property
    def triaged_late(self) -> bool | None:
        """Whether the complaint was triaged after its response deadline (None: not triaged yet,
        or no deadline). Triage is what the response clock waits for (cases.selectors.overdue_condition)."""
        if self.triaged_at is None or self.response_due_at is None:
            return None
        return self.triaged_at > self.response_due_at

    @property
    def label(self) -> str:
        """What staff call the case: its register number; before that (a complaint), its channel,
        the time it was received and the victims' initials ("Telepon · 07-12-2026 09:15 · S.A.").
        A list reads the victims' names of its page's complaints at once (cases.selectors.read_label_names)."""
        if self.register_number:
            return self.register_number
        names = getattr(self, "label_victim_names", None)
        if names is None:
            names = [victim.full_name for victim in self.people.filter(role="korban").order_by("pk")]
        received = timezone.localtime(self.received_at).strftime("%d-%m-%Y %H:%M") if self.received_at else ""
        if names:
            initials = ", ".join(initials_of(name) for name in names if name) or str(_("victim not named"))
        else:
            initials = str(_("no victim yet"))
        return " · ".join(part for part in (str(Channel(self.channel).label), received, initials) if part)


class YearlyCounter(models.Model):
    """The last number of a gap-free yearly series issued in a year; locked while a number is
    issued (cases.services.registry.yearly_number_issue)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year}: {self.last_seq}"


class RegisterCounter(YearlyCounter):
    """The last register number issued in a year. Locked while a number is issued."""

    class Meta:
        verbose_name = _("register number counter")
        verbose_name_plural = _("register number counters")


class TeamRole(models.TextChoices):
    MANAJER_KASUS = "manajer_kasus", _("Case manager")
    PSIKOLOG = "psikolog", _("Psychologist")
    PENDAMPING_HUKUM = "pendamping_hukum", _("Legal advisor")
    PENDAMPING = "pendamping", _("Other support worker")


class CaseTeamMember(BaseModel):
    """Membership of a case team; it is what gives case workers access to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships")
    team_role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_team_member_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(team_role="manajer_kasus"), name="case_one_case_manager"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}:{self.team_role}"
