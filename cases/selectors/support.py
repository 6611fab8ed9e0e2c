"""Reads of case management (issue 4): outreach visits, health services, assessments and the
intervention plan, with the access rules applied.

The case itself is fetched (and its read logged) by cases.selectors.case_get_for_user; the
functions here take that case, so a page or an API answer runs a fixed number of queries
whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.access import cases_visible_to
from cases.models import (
    Assessment,
    Case,
    CaseEvent,
    EventKind,
    HealthService,
    InterventionPlan,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
)
from cases.selectors import case_get_for_user
from uptdppa.accounts.models import User
from uptdppa.accounts.watch import get_or_refuse

PLAN_DECISION_EVENTS = frozenset({EventKind.PLAN_SUBMITTED, EventKind.PLAN_APPROVED, EventKind.PLAN_RETURNED})
OPEN_ITEM_STATUSES = frozenset({PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS})


def plan_item_is_overdue(item: PlanItem, today: date | None = None) -> bool:
    """An item not yet done or waived whose due date has passed."""
    return item.status in OPEN_ITEM_STATUSES and item.due_on < (today or timezone.localdate())


def outreach_visits(case: Case) -> list[OutreachVisit]:
    """The visits of ``case``, oldest first, with their team, partners and kelurahan."""
    return list(
        OutreachVisit.objects.filter(case=case)
        .select_related("region__parent", "recorded_by")
        .prefetch_related(
            Prefetch("team", queryset=User.objects.order_by("first_name", "last_name", "username")),
            "partners",
        )
    )


def health_services(case: Case) -> list[HealthService]:
    """The health services of ``case`` (medical care, visum et repertum), oldest request first."""
    return list(HealthService.objects.filter(case=case).select_related("victim", "facility", "recorded_by"))


def assessments(case: Case) -> list[Assessment]:
    """The biopsychosocial assessments of ``case``, oldest first (the last per victim is current)."""
    return list(Assessment.objects.filter(case=case).select_related("victim", "assessor"))


def plan_of(case: Case) -> InterventionPlan | None:
    """The intervention plan of ``case`` with its items (each with ``is_overdue`` set), or None
    before its first item."""
    plan = (
        InterventionPlan.objects.filter(case=case)
        .select_related("submitted_by", "decided_by")
        .prefetch_related(
            # The referrals carrying an item out (the referrals app's, named only by relation).
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related(
                    "responsible_user", "responsible_organisation"
                ).prefetch_related("referrals"),
            )
        )
        .first()
    )
    if plan is not None:
        today = timezone.localdate()
        for item in plan.items.all():
            item.is_overdue = plan_item_is_overdue(item, today)  # type: ignore[attr-defined]
    return plan


def plan_required(case: Case) -> InterventionPlan:
    """The plan of ``case`` (as plan_of) for a workflow step; refused, as a service would
    refuse, before its first item."""
    plan = plan_of(case)
    if plan is None:
        raise ValidationError(_("This case has no intervention plan yet: add its first item."))
    return plan


@dataclass
class SupportOverview:
    """Everything the case management page shows about one case."""

    victims: list[Person]
    visits: list[OutreachVisit]
    health_services: list[HealthService] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    plan: InterventionPlan | None = None
    plan_history: list[CaseEvent] = field(default_factory=list)


def support_overview(case: Case) -> SupportOverview:
    """The case management records of ``case`` (fetched with case_get_for_user, whose prefetch
    of people is reused). A complaint still at intake has only outreach visits."""
    people = [p for p in case.people.all() if p.role == PersonRole.VICTIM]
    overview = SupportOverview(victims=people, visits=outreach_visits(case))
    if case.is_registered:
        overview.health_services = health_services(case)
        overview.assessments = assessments(case)
        overview.plan = plan_of(case)
        overview.plan_history = list(case.events.filter(kind__in=PLAN_DECISION_EVENTS).select_related("actor"))
    return overview


def case_victim(case: Case, code: Any) -> Person | None:
    """The person ``code`` of ``case`` (fetched with case_get_for_user: no query), or None.
    Whether they are a victim is the service's check, with its own message."""
    return next((p for p in case.people.all() if str(p.code) == str(code)), None)


def health_service_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> HealthService:
    """The health service ``code`` if ``user`` may see its case, else Http404; with ``perm``,
    also PermissionDenied unless the user may do that on the case. The case read is logged;
    ``service.case`` is that case (fetched with case_get_for_user)."""
    service = get_or_refuse(
        HealthService.objects.filter(case__in=cases_visible_to(user).values("pk")).select_related("case"),
        user=user,
        kind="health_service",
        code=code,
    )
    service.case = case_get_for_user(user=user, code=service.case.code, perm=perm)
    return service


def plan_item_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> PlanItem:
    """The plan item ``code`` if ``user`` may see its case, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that on the case. The case read is logged;
    ``item.plan.case`` is that case (fetched with case_get_for_user)."""
    item = get_or_refuse(
        PlanItem.objects.filter(plan__case__in=cases_visible_to(user).values("pk")).select_related(
            "plan__case", "responsible_user", "responsible_organisation"
        ),
        user=user,
        kind="plan_item",
        code=code,
    )
    item.plan.case = case_get_for_user(user=user, code=item.plan.case.code, perm=perm)
    return item


def case_health_service(case: Case, code: Any) -> HealthService:
    """The health service ``code`` of ``case`` (which the caller fetched with its rules), else Http404."""
    services = HealthService.objects.select_related("victim").filter(case=case)
    return get_or_refuse(services, user=None, kind="health_service", code=code)


def case_plan_item(case: Case, code: Any) -> PlanItem:
    """The plan item ``code`` of ``case`` (which the caller fetched with its rules), else Http404."""
    items = PlanItem.objects.select_related("responsible_user", "responsible_organisation").filter(plan__case=case)
    return get_or_refuse(items, user=None, kind="plan_item", code=code)
