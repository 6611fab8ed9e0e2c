"""Case management records: outreach visits (penjangkauan), health services (medical care, visum
et repertum), the biopsychosocial assessment and the intervention plan (docs/domain.md#service-functions).

The rules (who may be on a visit, dates, the plan's approval workflow) are enforced by
cases.services.support; the constraints below keep the rows consistent whatever writes them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.vocabularies import ServiceType
from uptdppa.crypto import EncryptedCharField, EncryptedTextField
from uptdppa.db import BaseModel

from .cases import Case
from .people import Person
from .regions import Region


class OutreachVisit(BaseModel):
    """A visit by the unit's team to a victim or a scene, possibly before the complaint is
    accepted. An emergency visit is a rescue, usually with the police or a health partner."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outreach_visits")
    visited_on = models.DateField(_("date of the visit"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="+")
    region = models.ForeignKey(
        Region,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Outside Kota Jambi, or a place a kelurahan does not describe: an address, so encrypted.
    place_other = EncryptedTextField(_("place (elsewhere)"), null=True, blank=True)
    purpose = EncryptedCharField(
        _("purpose"), max_length=200, help_text=_("E.g. home visit, rescue, school visit. No names.")
    )
    result = EncryptedTextField(_("result"), null=True, blank=True)
    is_emergency = models.BooleanField(_("emergency or rescue"), default=False)
    partners = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="+"
    )
    next_step = EncryptedTextField(_("next step"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outreach visit")
        verbose_name_plural = _("outreach visits")
        ordering = ["visited_on", "created_at"]
        indexes = [models.Index(fields=["case", "visited_on"], name="outreach_case_visited_idx")]
        constraints = [
            # The encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(place_other__isnull=True),
                name="outreach_visit_one_place",
            ),
        ]

    def __str__(self) -> str:
        # Also the audit trail's object_repr: codes only.
        return str(self.code)


class HealthServiceKind(models.TextChoices):
    MEDICAL_CARE = "medical_care", _("Medical care")
    VISUM = "visum_et_repertum", _("Visum et repertum")
    PSYCHIATRIC = "psychiatric", _("Psychiatric care")
    OTHER = "other", _("Other health service")


class HealthService(BaseModel):
    """Medical care or a forensic examination (visum et repertum) for a victim at a partner
    facility: requested, then done with its result."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="health_services")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("service"), max_length=20, choices=HealthServiceKind.choices)
    facility = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("health facility"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    facility_other = EncryptedCharField(
        _("other facility"), max_length=200, null=True, blank=True, help_text=_("A facility that is not a partner.")
    )
    requested_on = models.DateField(_("requested on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = EncryptedTextField(_("result"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("health service")
        verbose_name_plural = _("health services")
        ordering = ["requested_on", "created_at"]
        indexes = [models.Index(fields=["case", "requested_on"], name="health_service_case_req_idx")]
        constraints = [
            # The encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=(Q(facility__isnull=False) & Q(facility_other__isnull=True))
                | (Q(facility__isnull=True) & Q(facility_other__isnull=False)),
                name="health_service_one_facility",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=F("requested_on")),
                name="health_service_done_not_before_request",
            ),
            # Done means documented: the result comes with the date.
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(result__isnull=False),
                name="health_service_done_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Assessment(BaseModel):
    """The biopsychosocial assessment of a victim (one of the required instruments). A victim may
    be reassessed; the latest assessment is the current one."""

    AREAS = ("physical", "psychological", "social", "economic", "education", "spiritual")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    victim = models.ForeignKey(Person, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    physical = EncryptedTextField(_("physical condition"), null=True, blank=True)
    psychological = EncryptedTextField(_("psychological condition"), null=True, blank=True)
    social = EncryptedTextField(_("social situation"), null=True, blank=True)
    economic = EncryptedTextField(_("economic situation"), null=True, blank=True)
    education = EncryptedTextField(_("education"), null=True, blank=True)
    spiritual = EncryptedTextField(_("spiritual life"), null=True, blank=True)
    needs_and_hopes = EncryptedTextField(
        _("needs and hopes"), null=True, blank=True, help_text=_("In the victim's own words.")
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assessed_on", "created_at"]
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_date_idx")]

    def __str__(self) -> str:
        return str(self.code)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


# The items of a plan in these states may be added, changed and removed.
PLAN_EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})


class InterventionPlan(BaseModel):
    """The intervention plan of a case, made with the beneficiary and approved by the head of the
    unit: draft → submitted → approved, or returned with a comment, edited and submitted again."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    made_with_beneficiary = models.BooleanField(_("made with the beneficiary"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = EncryptedTextField(
        _("comment"), null=True, blank=True, help_text=_("What to change in the plan. No names or personal details.")
    )

    class Meta:
        verbose_name = _("intervention plan")
        verbose_name_plural = _("intervention plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | Q(submitted_at__isnull=False, made_with_beneficiary=True),
                name="intervention_plan_submitted_with_beneficiary",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.APPROVED, PlanStatus.RETURNED]) | Q(decided_at__isnull=False),
                name="intervention_plan_decision_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.RETURNED) | Q(decision_comment__isnull=False),
                name="intervention_plan_returned_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status}:{self.code}"

    @property
    def is_editable(self) -> bool:
        return self.status in PLAN_EDITABLE


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


class PlanItem(BaseModel):
    """One service of the plan, with one responsible: a staff member or a partner organisation."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(InterventionPlan, on_delete=models.CASCADE, related_name="items")
    service = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    description = EncryptedCharField(
        _("description"), max_length=300, help_text=_("What will be done. No names or personal details.")
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    waive_reason = EncryptedTextField(_("reason for waiving"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(status__in=["planned", "in_progress"]),
                name="plan_item_open_due_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False, responsible_organisation__isnull=True)
                | Q(responsible_user__isnull=True, responsible_organisation__isnull=False),
                name="plan_item_exactly_one_responsible",
            ),
            # The encrypted field stores NULL for "".
            models.CheckConstraint(
                condition=Q(status=PlanItemStatus.WAIVED, waive_reason__isnull=False)
                | (~Q(status=PlanItemStatus.WAIVED) & Q(waive_reason__isnull=True)),
                name="plan_item_waived_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}:{self.status}:{self.code}"
