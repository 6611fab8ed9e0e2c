"""Reads of conferences, meetings and action items with the access rules applied; every read of
minutes is audited (uptdppa.audit), a liaison's too."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus, CaseTeamMember, TeamRole
from cases.selectors.tasks import Task, end_of
from referrals.models import RECEIVER_STATUSES, Referral
from referrals.selectors import shared_table, shared_victims
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Role
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access, log_access_many

from .access import action_items_visible_to, conferences_visible_to, meetings_visible_to
from .models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    CaseConference,
    ConferenceStatus,
    Decision,
    TaskForceMeeting,
)


def _conference_queryset(user: Any) -> QuerySet[CaseConference]:
    return conferences_visible_to(user).select_related("case", "chair", "note_taker", "head_override_by")


def conference_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> CaseConference:
    """The conference ``code`` with its whole minutes, for the case's team and the head (a
    liaison gets Http404 here: their view is ``liaison_conference_view``); with ``perm``, also
    PermissionDenied unless the user may do that. Logs the read of the conference and of every
    decision and action item shown."""
    queryset = _conference_queryset(user).prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("organisation", "user")),
        Prefetch("decisions", queryset=Decision.objects.select_related("organisation")),
        Prefetch("action_items", queryset=ActionItem.objects.select_related("organisation", "assignee", "done_by")),
        Prefetch("case__team", queryset=CaseTeamMember.objects.select_related("user")),
    )
    if getattr(user, "role", None) == Role.PENGHUBUNG_OPD:
        queryset = queryset.none()
    conference = get_or_refuse(queryset, user=user, kind="case_conference", code=code)
    log_access_many(
        [conference, *conference.decisions.all(), *conference.action_items.all()],
        actor=user,
        detail={"case": str(conference.case.code), "conference": str(conference.code)},
    )
    if perm is not None and not user.has_perm(perm, conference):
        raise permission_refusal(perm)
    return conference


def conferences_of_case(*, user: Any, case: Case) -> list[CaseConference]:
    """The conferences of a case (fetched for ``user`` with case_get_for_user), newest first."""
    conferences = list(
        conferences_visible_to(user).filter(case=case).select_related("chair", "note_taker").order_by("-scheduled_at")
    )
    log_access_many(conferences, actor=user, detail={"case": str(case.code), "list": "conferences"})
    return conferences


def liaison_conference_view(*, user: Any, code: Any) -> dict[str, Any]:
    """What a liaison sees of a conference concerning their organisation: its time, place and
    status, their organisation's attendance, the decisions concerning their organisation, their
    organisation's action items, and the victims' fields already shared with their organisation
    by a referral of the case; never the agenda, the summary, other organisations' decisions or
    items, or the case. Http404 for any other conference. Logs every record shown."""
    org: int = getattr(user, "organisation_id", None) or 0
    queryset = conferences_visible_to(user).select_related("case")
    if getattr(user, "role", None) != Role.PENGHUBUNG_OPD:
        queryset = queryset.none()
    conference = get_or_refuse(queryset, user=user, kind="case_conference", code=code)
    attendance = list(conference.attendance.filter(organisation_id=org).select_related("organisation", "user"))
    decisions = list(conference.decisions.filter(organisation_id=org))
    items = list(conference.action_items.filter(organisation_id=org).select_related("assignee", "done_by"))
    referrals = list(
        Referral.objects.filter(case=conference.case, organisation_id=org, status__in=RECEIVER_STATUSES).order_by(
            "sent_at"
        )
    )
    shared = []
    for referral in referrals:
        columns, rows = shared_table(shared_victims(referral))
        shared.append({"referral": referral, "columns": columns, "rows": rows})
    log_access_many(
        [conference, *decisions, *items],
        actor=user,
        detail={"conference": str(conference.code), "liaison": True},
    )
    return {
        "conference": conference,
        "attendance": attendance,
        "decisions": decisions,
        "items": items,
        "shared": shared,
    }


def action_item_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> ActionItem:
    """The action item ``code`` if ``user`` may see it (Http404 otherwise: a liaison of another
    organisation too); with ``perm``, PermissionDenied unless they may do that. Logs the read."""
    item = get_or_refuse(
        action_items_visible_to(user).select_related(
            "organisation", "assignee", "done_by", "conference__case", "meeting"
        ),
        user=user,
        kind="action_item",
        code=code,
    )
    log_access(item, actor=user)
    if perm is not None and not user.has_perm(perm, item):
        raise permission_refusal(perm)
    return item


def action_items_for(*, user: Any, box: str = "open") -> QuerySet[ActionItem]:
    """The action items on ``user``'s list: a liaison's organisation's, a staff member's own
    (assigned to them) and, for the head, every one; ``box`` "open" (default), "overdue" or "all".
    The caller logs the page it shows."""
    items = action_items_visible_to(user)
    if user.role not in (Role.PENGHUBUNG_OPD, Role.KEPALA_UPTD, Role.PIMPINAN):
        items = items.filter(assignee=user)
    if box == "open":
        items = items.filter(status=ActionItemStatus.OPEN)
    elif box == "overdue":
        items = items.overdue()
    return items.select_related("organisation", "assignee", "conference__case", "meeting").order_by("due_on", "pk")


def meeting_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> TaskForceMeeting:
    meeting = get_or_refuse(
        meetings_visible_to(user).prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("organisation")),
            Prefetch("decisions", queryset=Decision.objects.select_related("organisation")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("organisation", "assignee")),
        ),
        user=user,
        kind="task_force_meeting",
        code=code,
    )
    log_access_many([meeting, *meeting.decisions.all(), *meeting.action_items.all()], actor=user)
    if perm is not None and not user.has_perm(perm, meeting):
        raise permission_refusal(perm)
    return meeting


def meetings_for(*, user: Any, year: int | None = None) -> QuerySet[TaskForceMeeting]:
    meetings = meetings_visible_to(user)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    return meetings.order_by("-held_on", "-pk")


def task_force_meeting_count(*, year: int) -> int:
    """The year's number of task-force meetings (issue 18 §2: part of the evidence pack)."""
    return TaskForceMeeting.objects.filter(held_on__year=year).count()


# --- "Tugas saya" (cases.selectors.tasks.register_task_source) ----------------------------------

ACTION_ITEM_TASK = "action_item"
CONFERENCE_REVIEW_TASK = "conference_review"


def coordination_tasks(user: Any, now: datetime, today: date, horizon: date) -> list[Task]:
    """The action items assigned to ``user`` and due by ``horizon``, and the next review after a
    held conference (the case manager's, or the head's when the case has none) until a later
    conference is scheduled: two queries."""
    if user.role not in (Role.KEPALA_UPTD, Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM):
        return []
    from django.urls import reverse

    tasks: list[Task] = []
    items = (
        ActionItem.objects.filter(assignee=user, status=ActionItemStatus.OPEN, due_on__lte=horizon)
        .select_related("conference__case", "meeting")
        .order_by("due_on", "pk")
    )
    for item in items:
        case = item.conference.case if item.conference is not None else None
        tasks.append(
            Task(
                ACTION_ITEM_TASK,
                case,
                end_of(item.due_on),
                item.due_on < today,
                True,
                detail=_("Task-force meeting") if case is None else _("Case conference"),
                title=_("Follow-up action of a conference or meeting"),
                link=reverse("coordination:action-item", args=[item.code]),
            )
        )
    later = CaseConference.objects.filter(
        case=OuterRef("case"), created_at__gt=OuterRef("held_at"), status__in=[ConferenceStatus.SCHEDULED]
    )
    reviews = CaseConference.objects.filter(
        ~Exists(later),
        status=ConferenceStatus.HELD,
        next_review_on__isnull=False,
        next_review_on__lte=horizon,
        case__status=CaseStatus.OPEN,
        case__in=conferences_visible_to(user).values("case"),
    )
    if user.role == Role.KEPALA_UPTD:
        managers = CaseTeamMember.objects.filter(
            case=OuterRef("case"), team_role=TeamRole.MANAJER_KASUS, user__is_active=True
        )
        reviews = reviews.filter(~Exists(managers))
    else:
        reviews = reviews.filter(
            Exists(CaseTeamMember.objects.filter(case=OuterRef("case"), user=user, team_role=TeamRole.MANAJER_KASUS))
        )
    newest: dict[int, CaseConference] = {}
    for conference in reviews.select_related("case").order_by("held_at"):
        newest[conference.case_id] = conference  # one review per case: the latest conference's
    for conference in newest.values():
        due: date = conference.next_review_on  # type: ignore[assignment]  # filtered not null
        tasks.append(
            Task(
                CONFERENCE_REVIEW_TASK,
                conference.case,
                end_of(due),
                due < today,
                True,
                title=_("Case review after the conference: schedule the next conference"),
                link=reverse("coordination:case", args=[conference.case.code]),
            )
        )
    return tasks
