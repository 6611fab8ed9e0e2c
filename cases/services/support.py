"""Case management: outreach visits, health services, the biopsychosocial assessment and the
intervention plan with its approval by the head of the unit.

Who may call these is checked by the caller with the permissions of cases.access
(cases.record_outreach, cases.record_health_service, cases.record_assessment, cases.edit_plan,
cases.approve_plan); the rules about the records themselves live here. Approving or returning a
plan is also refused here for anyone but the head: the decision is recorded in their name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as date_type
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    ENDED_AT_INTAKE,
    PLAN_EDITABLE,
    Assessment,
    Case,
    CaseStatus,
    EventKind,
    HealthService,
    HealthServiceKind,
    InterventionPlan,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    Region,
    RegionLevel,
)
from cases.vocabularies import ServiceType
from uptdppa.accounts.models import Organisation, OrganisationKind, Role

from .common import (
    acting_user,
    event_add,
    future_date_error,
    lock_case,
    raise_if,
    require_open,
    require_open_registered,
    require_party,
)
from .legal import mediation_refusal
from .staff import ASSIGNEE_REFUSAL, is_among, unit_staff

# --- Outreach (penjangkauan) ------------------------------------------------------------------


@transaction.atomic
def outreach_record(
    *,
    actor: Any,
    case: Case,
    visited_on: date_type,
    team: Iterable[Any],
    purpose: str,
    region: Region | None = None,
    place_other: str = "",
    result: str = "",
    is_emergency: bool = False,
    partners: Iterable[Organisation] = (),
    next_step: str = "",
) -> OutreachVisit:
    """A visit by active unit staff, to a kelurahan of Kota Jambi or a place described elsewhere.
    Outreach may come before the complaint is accepted (a rescue cannot wait for triage)."""
    case = lock_case(case.pk)
    if case.status in ENDED_AT_INTAKE or case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Outreach is recorded for a complaint awaiting triage or an open case."))
    members = list(team)
    partner_list = list(partners)
    place = place_other.strip()
    errors: dict[str, str] = {}
    if future := future_date_error(visited_on):
        errors["visited_on"] = future
    if not members:
        errors["team"] = _("Choose who went on the visit.")
    elif not all(is_among(unit_staff(), member) for member in members):
        errors["team"] = _("The team is made of active staff of the unit.")
    if region is not None and region.level != RegionLevel.KELURAHAN:
        errors["region"] = _("Choose a kelurahan.")
    elif region is not None and place:
        errors["place_other"] = _("Choose a kelurahan or describe the place elsewhere, not both.")
    elif region is None and not place:
        errors["region"] = _("Choose the kelurahan, or describe the place if it is elsewhere.")
    if not purpose.strip():
        errors["purpose"] = _("Enter the purpose of the visit.")
    if not all(partner.is_active for partner in partner_list):
        errors["partners"] = _("Choose active partner organisations.")
    raise_if(errors)
    visit = OutreachVisit(
        case=case,
        visited_on=visited_on,
        region=region,
        place_other=place or None,
        purpose=purpose.strip(),
        result=result.strip() or None,
        is_emergency=is_emergency,
        next_step=next_step.strip() or None,
        recorded_by=acting_user(actor),
    )
    visit.full_clean()
    visit.save()
    visit.team.set(members)
    visit.partners.set(partner_list)
    event_add(
        case=case,
        kind=EventKind.OUTREACH_VISIT,
        actor=actor,
        visit=str(visit.code),
        visited_on=visited_on.isoformat(),
        emergency=is_emergency,
    )
    return visit


# --- Health services --------------------------------------------------------------------------


@transaction.atomic
def health_service_record(
    *,
    actor: Any,
    victim: Person,
    kind: str,
    requested_on: date_type,
    facility: Organisation | None = None,
    facility_other: str = "",
    done_on: date_type | None = None,
    result: str = "",
) -> HealthService:
    """Request a health service for a victim at a health partner (or another facility); when it
    is already done, record it with its result at once."""
    case = Case.objects.select_for_update().get(pk=victim.case_id)
    require_open_registered(case)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    other = facility_other.strip()
    errors: dict[str, str] = {}
    if kind not in HealthServiceKind.values:
        errors["kind"] = _("Choose the health service.")
    if facility is not None and other:
        errors["facility_other"] = _("Choose a partner facility or name another one, not both.")
    elif facility is None and not other:
        errors["facility"] = _("Choose the health facility.")
    elif facility is not None and (facility.kind != OrganisationKind.HEALTH or not facility.is_active):
        errors["facility"] = _("Choose an active health facility.")
    if future := future_date_error(requested_on):
        errors["requested_on"] = future
    raise_if(errors)
    service = HealthService(
        case=case,
        victim=victim,
        kind=kind,
        facility=facility,
        facility_other=other,
        requested_on=requested_on,
        recorded_by=acting_user(actor),
    )
    service.full_clean()
    service.save()
    event_add(
        case=case,
        kind=EventKind.HEALTH_SERVICE_REQUESTED,
        actor=actor,
        service=str(service.code),
        victim=str(victim.code),
        health_service=kind,
        date=requested_on.isoformat(),
    )
    if done_on is not None:
        service = health_service_complete(actor=actor, service=service, done_on=done_on, result=result)
    return service


@transaction.atomic
def health_service_complete(*, actor: Any, service: HealthService, done_on: date_type, result: str) -> HealthService:
    """Record that the service was given, with its documented result (e.g. the visum's findings)."""
    service = HealthService.objects.select_for_update().select_related("case").get(pk=service.pk)
    require_open(service.case)
    if service.is_done:
        raise ValidationError(_("This health service is already recorded as done."))
    errors: dict[str, str] = {}
    if future := future_date_error(done_on):
        errors["done_on"] = future
    elif done_on < service.requested_on:
        errors["done_on"] = _("The service cannot be done before it was requested.")
    if not result.strip():
        errors["result"] = _("Enter the result.")
    raise_if(errors)
    service.done_on = done_on
    service.result = result.strip()
    service.full_clean()
    service.save()
    event_add(
        case=service.case,
        kind=EventKind.HEALTH_SERVICE_DONE,
        actor=actor,
        service=str(service.code),
        health_service=service.kind,
        done_on=done_on.isoformat(),
    )
    return service


# --- Assessment -------------------------------------------------------------------------------


@transaction.atomic
def assessment_record(*, actor: Any, victim: Person, assessed_on: date_type, **areas: str) -> Assessment:
    """A biopsychosocial assessment by ``actor``. ``areas``: Assessment.AREAS and
    needs_and_hopes (the victim's own words); at least one must be filled in."""
    case = Case.objects.select_for_update().get(pk=victim.case_id)
    require_open_registered(case)
    require_party(case, victim, PersonRole.VICTIM, "victim")
    allowed = {*Assessment.AREAS, "needs_and_hopes"}
    if unknown := set(areas) - allowed:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")
    texts = {name: (value or "").strip() or None for name, value in areas.items()}
    errors: dict[str, str] = {}
    if future := future_date_error(assessed_on):
        errors["assessed_on"] = future
    if not any(texts.values()):
        errors["__all__"] = _("Describe at least one area of the assessment.")
    raise_if(errors)
    assessment = Assessment(case=case, victim=victim, assessed_on=assessed_on, assessor=actor, **texts)
    assessment.full_clean()
    assessment.save()
    event_add(
        case=case,
        kind=EventKind.ASSESSMENT_RECORDED,
        actor=actor,
        assessment=str(assessment.code),
        victim=str(victim.code),
        assessed_on=assessed_on.isoformat(),
    )
    return assessment


# --- Intervention plan ------------------------------------------------------------------------


def _plan_for_update(plan: InterventionPlan) -> InterventionPlan:
    return InterventionPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)


def _mediation_item_refusal(plan: InterventionPlan) -> str | None:
    """A plan with a mediation item is neither submitted nor approved on a case where mediation is
    forbidden (UU TPKS Pasal 23: sexual violence may be recorded after the item was added)."""
    if plan.items.filter(service=ServiceType.MEDIASI).exists():
        return mediation_refusal(plan.case)
    return None


def _require_editable(plan: InterventionPlan) -> None:
    require_open(plan.case)
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(_("The plan is awaiting approval or approved: its items can no longer be changed."))


def _item_errors(
    case: Case, *, service: str, description: str, responsible_user: Any, responsible_organisation: Any
) -> dict[str, str]:
    """What is wrong with an item, added or changed: the service (no mediation where UU TPKS
    Pasal 23 forbids it), what will be done, and one responsible among the unit's staff or an
    active organisation."""
    errors: dict[str, str] = {}
    if service not in ServiceType.values:
        errors["service"] = _("Choose the service.")
    elif service == ServiceType.MEDIASI and (forbidden := mediation_refusal(case)):
        errors["service"] = forbidden
    if not description.strip():
        errors["description"] = _("Describe what will be done.")
    if (responsible_user is None) == (responsible_organisation is None):
        errors["responsible_user"] = _("Choose one responsible: a staff member or an organisation.")
    elif responsible_user is not None and not is_among(unit_staff(), responsible_user):
        errors["responsible_user"] = str(ASSIGNEE_REFUSAL)
    elif responsible_organisation is not None and not responsible_organisation.is_active:
        errors["responsible_organisation"] = _("Choose an active organisation.")
    return errors


@transaction.atomic
def plan_item_add(
    *,
    actor: Any,
    case: Case,
    service: str,
    description: str,
    due_on: date_type,
    responsible_user: Any = None,
    responsible_organisation: Organisation | None = None,
) -> PlanItem:
    """Add an item to the case's plan (started as a draft with its first item). Items are added
    while the plan is a draft or was returned."""
    case = lock_case(case.pk)
    refusal = _("The intervention plan is made for an open case.")
    require_open_registered(case, not_registered=refusal, closed=refusal)
    plan, _created = InterventionPlan.objects.get_or_create(case=case)
    _require_editable(plan)
    raise_if(
        _item_errors(
            case,
            service=service,
            description=description,
            responsible_user=responsible_user,
            responsible_organisation=responsible_organisation,
        )
    )
    item = PlanItem(
        plan=plan,
        service=service,
        description=description.strip(),
        due_on=due_on,
        responsible_user=responsible_user,
        responsible_organisation=responsible_organisation,
    )
    item.full_clean()
    item.save()
    event_add(case=case, kind=EventKind.PLAN_ITEM_ADDED, actor=actor, item=str(item.code), service=service)
    return item


@transaction.atomic
def plan_item_edit(
    *,
    actor: Any,
    item: PlanItem,
    service: str,
    description: str,
    due_on: date_type,
    responsible_user: Any = None,
    responsible_organisation: Organisation | None = None,
) -> PlanItem:
    """Change an item of a plan that is a draft or was returned, by the rules of adding one."""
    plan = _plan_for_update(item.plan)
    _require_editable(plan)
    raise_if(
        _item_errors(
            plan.case,
            service=service,
            description=description,
            responsible_user=responsible_user,
            responsible_organisation=responsible_organisation,
        )
    )
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    item.service = service
    item.description = description.strip()
    item.due_on = due_on
    item.responsible_user = responsible_user
    item.responsible_organisation = responsible_organisation
    item.full_clean()
    item.save()
    event_add(case=plan.case, kind=EventKind.PLAN_ITEM_STATUS, actor=actor, item=str(item.code), status=item.status)
    return item


@transaction.atomic
def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    """Take an item out of a plan that is a draft or was returned."""
    plan = _plan_for_update(item.plan)
    _require_editable(plan)
    code, service = str(item.code), item.service
    item.delete()
    event_add(case=plan.case, kind=EventKind.PLAN_ITEM_REMOVED, actor=actor, item=code, service=service)


@transaction.atomic
def plan_item_set_status(*, actor: Any, item: PlanItem, status: str, waive_reason: str = "") -> PlanItem:
    """Follow an item of an approved plan: in progress, done, or waived (with the reason)."""
    plan = _plan_for_update(item.plan)
    require_open(plan.case)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Items are carried out once the plan is approved."))
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    reason = waive_reason.strip()
    if status not in PlanItemStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == PlanItemStatus.WAIVED and not reason:
        raise ValidationError({"waive_reason": _("Explain why the item is waived.")})
    item.status = status
    item.waive_reason = reason if status == PlanItemStatus.WAIVED else None
    item.full_clean()
    item.save()
    event_add(case=plan.case, kind=EventKind.PLAN_ITEM_STATUS, actor=actor, item=str(item.code), status=status)
    return item


@transaction.atomic
def plan_submit(*, actor: Any, plan: InterventionPlan, made_with_beneficiary: bool) -> InterventionPlan:
    """Ask the head to approve a draft or returned plan: it needs an item and must have been made
    with the beneficiary."""
    plan = _plan_for_update(plan)
    _require_editable(plan)
    errors: dict[str, str] = {}
    if not plan.items.exists():
        errors["__all__"] = _("Add at least one item to the plan.")
    elif refusal := _mediation_item_refusal(plan):
        errors["__all__"] = refusal
    if not made_with_beneficiary:
        errors["made_with_beneficiary"] = _("The plan is made with the beneficiary before it is submitted.")
    raise_if(errors)
    plan.status = PlanStatus.SUBMITTED
    plan.made_with_beneficiary = True
    plan.submitted_by = acting_user(actor)
    plan.submitted_at = timezone.now()
    plan.full_clean()
    plan.save()
    event_add(case=plan.case, kind=EventKind.PLAN_SUBMITTED, actor=actor, plan=str(plan.code))
    return plan


def _decide(*, actor: Any, plan: InterventionPlan, status: PlanStatus, comment: str) -> InterventionPlan:
    plan = _plan_for_update(plan)
    if getattr(actor, "role", None) != Role.KEPALA_UPTD or not actor.is_active:
        raise ValidationError(_("Only the head of the unit decides on a plan."))
    require_open(plan.case)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a plan awaiting approval can be decided on."))
    if status == PlanStatus.APPROVED and (refusal := _mediation_item_refusal(plan)):
        raise ValidationError(refusal)
    plan.status = status
    plan.decided_by = actor
    plan.decided_at = timezone.now()
    plan.decision_comment = comment
    plan.full_clean()
    plan.save()
    kind = EventKind.PLAN_APPROVED if status == PlanStatus.APPROVED else EventKind.PLAN_RETURNED
    event_add(case=plan.case, kind=kind, actor=actor, plan=str(plan.code))
    return plan


@transaction.atomic
def plan_approve(*, actor: Any, plan: InterventionPlan, comment: str = "") -> InterventionPlan:
    """The head approves a submitted plan; its items are then carried out."""
    return _decide(actor=actor, plan=plan, status=PlanStatus.APPROVED, comment=comment.strip())


@transaction.atomic
def plan_return(*, actor: Any, plan: InterventionPlan, comment: str) -> InterventionPlan:
    """The head returns a submitted plan with what to change; it can be edited and resubmitted."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change in the plan.")})
    return _decide(actor=actor, plan=plan, status=PlanStatus.RETURNED, comment=comment.strip())
