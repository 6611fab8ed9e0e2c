"""Who may see and do what with case conferences, task-force meetings and action items
(docs/architecture.md#roles-and-access; pattern: cases/access.py and referrals/access.py).

Seeing:
- a case conference is case content: the head and the case's team read all of it (agenda,
  attendance, minutes, decisions, action items);
- a partner organisation's liaison (penghubung_opd) reaches a conference their organisation was
  invited to or given a decision or an action item by, and is shown only its time and place, their
  organisation's attendance, the decisions that concern their organisation and their
  organisation's action items (coordination.selectors.liaison_conference_view), plus what a
  referral already shared with their organisation; never the agenda, the summary or the rest;
- task-force meetings: the head records them, the head and DPMPPA leadership read them;
- action items: the head all; the case's team those of its conferences; a liaison those of their
  organisation; anyone those assigned to them; leadership those of task-force meetings.

Doing: the head and the case manager schedule and cancel; they and the note-taker record the
minutes; an action item is updated by its assignee, a liaison of its organisation, the case
manager of the conference's case or the head (``may_update_action_item``).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.access import cases_visible_to, is_case_worker, is_head, is_manager_on_team, is_on_case_team
from cases.models import Case, CaseStatus
from uptdppa.accounts.access import has_role, who_may_declare
from uptdppa.accounts.models import Role

from .models import (
    ActionItem,
    ActionItemQuerySet,
    ActionItemStatus,
    Attendance,
    CaseConference,
    ConferenceStatus,
    Decision,
    TaskForceMeeting,
)

is_liaison = has_role(Role.PENGHUBUNG_OPD)
is_leadership = has_role(Role.PIMPINAN)


@rules.predicate
def case_is_open(user: Any, case: Case | None) -> bool:
    return case is not None and case.status == CaseStatus.OPEN


@rules.predicate
def works_on_conference_case(user: Any, conference: CaseConference | None) -> bool:
    return conference is not None and (
        is_head(user) or (is_case_worker(user) and is_on_case_team(user, conference.case))
    )


@rules.predicate
def manages_conference_case(user: Any, conference: CaseConference | None) -> bool:
    return conference is not None and (
        is_head(user) or (is_case_worker(user) and is_manager_on_team(user, conference.case))
    )


@rules.predicate
def is_note_taker(user: Any, conference: CaseConference | None) -> bool:
    return (
        conference is not None
        and conference.note_taker_id == user.pk
        and is_case_worker(user)
        and is_on_case_team(user, conference.case)
    )


@rules.predicate
def conference_scheduled(user: Any, conference: CaseConference | None) -> bool:
    return conference is not None and conference.status == ConferenceStatus.SCHEDULED


@rules.predicate
def conference_not_cancelled(user: Any, conference: CaseConference | None) -> bool:
    return conference is not None and conference.status != ConferenceStatus.CANCELLED


@rules.predicate
def concerns_liaison(user: Any, conference: CaseConference | None) -> bool:
    return conference is not None and conferences_visible_to(user).filter(pk=conference.pk).exists()


@rules.predicate
def may_update_action_item(user: Any, item: ActionItem | None) -> bool:
    """The rule of who updates an action item: its assignee, a liaison of its organisation, the
    case manager of the conference's case, or the head; only while it is open."""
    if item is None or not getattr(user, "is_active", False) or item.status != ActionItemStatus.OPEN:
        return False
    if is_head(user) or item.assignee_id == user.pk:
        return True
    if is_liaison(user):
        return user.organisation_id == item.organisation_id
    conference = item.conference if item.conference_id else None
    return bool(conference is not None and is_case_worker(user) and is_manager_on_team(user, conference.case))


# On a case (the object is the case).
rules.add_perm("coordination.view_case_conferences", is_head | (is_case_worker & is_on_case_team))
rules.add_perm("coordination.schedule_conference", (is_head | (is_case_worker & is_manager_on_team)) & case_is_open)
# On a conference.
rules.add_perm(
    "coordination.view_conference", (is_liaison & concerns_liaison) | (~is_liaison & works_on_conference_case)
)
rules.add_perm("coordination.cancel_conference", manages_conference_case & conference_scheduled)
rules.add_perm("coordination.record_minutes", (manages_conference_case | is_note_taker) & conference_not_cancelled)
rules.add_perm("coordination.override_sharing", is_head)
# On an action item.
rules.add_perm("coordination.update_action_item", may_update_action_item)
# Without an object.
rules.add_perm("coordination.view_portal", is_liaison)
rules.add_perm("coordination.view_action_items", is_head | is_case_worker | is_liaison)
rules.add_perm("coordination.view_meetings", is_head | is_leadership)
rules.add_perm("coordination.manage_meetings", is_head)


def conferences_visible_to(user: Any) -> QuerySet[CaseConference]:
    """Conferences ``user`` may reach; mirrors ``coordination.view_conference``."""
    if not getattr(user, "is_active", False):
        return CaseConference.objects.none()
    if user.role == Role.PENGHUBUNG_OPD:
        org = user.organisation_id
        if org is None:
            return CaseConference.objects.none()
        return CaseConference.objects.filter(
            Exists(Attendance.objects.filter(conference=OuterRef("pk"), organisation_id=org))
            | Exists(Decision.objects.filter(conference=OuterRef("pk"), organisation_id=org))
            | Exists(ActionItem.objects.filter(conference=OuterRef("pk"), organisation_id=org))
        )
    if user.role == Role.KEPALA_UPTD:
        return CaseConference.objects.all()
    if user.role in (Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM):
        return CaseConference.objects.filter(case__in=cases_visible_to(user).values("pk"))
    return CaseConference.objects.none()


def meetings_visible_to(user: Any) -> QuerySet[TaskForceMeeting]:
    if getattr(user, "is_active", False) and user.role in (Role.KEPALA_UPTD, Role.PIMPINAN):
        return TaskForceMeeting.objects.all()
    return TaskForceMeeting.objects.none()


def action_items_visible_to(user: Any) -> ActionItemQuerySet:
    """Action items ``user`` may see (see the module docstring)."""
    items: ActionItemQuerySet = ActionItem.objects.all()
    if not getattr(user, "is_active", False):
        return items.none()
    if user.role == Role.KEPALA_UPTD:
        return items
    if user.role == Role.PENGHUBUNG_OPD:
        return items.filter(organisation_id=user.organisation_id) if user.organisation_id else items.none()
    scope = Q(assignee=user)
    if user.role in (Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM):
        scope |= Q(conference__case__in=cases_visible_to(user).values("pk"))
    if user.role == Role.PIMPINAN:
        scope |= Q(meeting__isnull=False)
    return items.filter(scope)


who_may_declare(
    {
        "coordination.view_case_conferences": _("A case's conferences are seen by its team and the head of the unit."),
        "coordination.schedule_conference": _(
            "A case conference is scheduled by the case manager or the head of the unit, on an open case."
        ),
        "coordination.cancel_conference": _(
            "A scheduled conference is cancelled by the case manager or the head of the unit."
        ),
        "coordination.record_minutes": _(
            "The minutes are recorded by the case manager, the note-taker or the head of the unit."
        ),
        "coordination.override_sharing": _(
            "Only the head of the unit may hold a conference on a case whose sharing is blocked."
        ),
        "coordination.update_action_item": _(
            "An open action item is updated by its officer, a liaison officer of its organisation, the case "
            "manager or the head of the unit."
        ),
        "coordination.view_portal": _("The coordination portal is for the partner organisations' liaison officers."),
        "coordination.view_action_items": _(
            "Action items are listed for the head of the unit, case staff and liaison officers."
        ),
        "coordination.view_meetings": _("Task-force meetings are read by the head of the unit and DPMPPA leadership."),
        "coordination.manage_meetings": _("Task-force meetings are recorded by the head of the unit."),
    }
)
