"""A staff member's tasks and deadlines across the cases they may see (issue 4 item 11).

One query per kind of task, whatever the number of tasks: each reads rows on an indexed due
field (plan_item_open_due_idx, case_response_due_idx, case_police_due_idx,
shelter_stay_active_idx, monitoring_pending_due_idx). The approvals waiting for the head read
the plans and closure requests awaiting a decision (few at any time; the closure requests
through the partial unique index closure_request_one_open_per_case). Every kind is narrowed to
the cases the user may see by cases.access.cases_visible_to (as a subquery), never by a scope
of its own; who among those gets which task is decided here.

Who gets what:
- plan items due: their responsible staff member and the case manager;
- response deadlines of complaints awaiting triage: the intake officers and the head;
- the police-report deadline (UU TPKS Pasal 41): the head, the case manager and the legal
  advisor on the team, and the intake officers while the complaint awaits triage;
- shelter stays from the warning day: the case's team and the head;
- post-closure follow-ups: the case manager, or the head when the case has none;
- approvals waiting (intervention plans, closure requests): the head.

A higher app adds its own kinds of task with ``register_task_source`` at start-up (the
coordination app: action items and the next review after a case conference); such a task may
carry its own label and link, and a task of no case (an action item of a task-force meeting) has
``case`` None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.access import TEAM_ROLES, cases_visible_to
from cases.models import (
    Case,
    CaseStatus,
    CaseTeamMember,
    ClosureRequest,
    ClosureStatus,
    InterventionPlan,
    MonitoringFollowUp,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    ShelterStay,
    TeamRole,
)
from uptdppa.accounts.models import Role

from . import MONITORING_DUE_WITHIN_DAYS, read_label_names

# Dated tasks show up this many days before they are due (as the monitoring reminders do).
TASK_DUE_WITHIN_DAYS = MONITORING_DUE_WITHIN_DAYS


class TaskKind:
    PLAN_ITEM = "plan_item"
    RESPONSE = "response"
    POLICE_REPORT = "police_report"
    SHELTER = "shelter"
    FOLLOW_UP = "follow_up"
    PLAN_APPROVAL = "plan_approval"
    CLOSURE_APPROVAL = "closure_approval"


TASK_LABELS: dict[str, Promise] = {
    TaskKind.PLAN_ITEM: _("Intervention plan item due"),
    TaskKind.RESPONSE: _("Respond to the complaint (triage)"),
    TaskKind.POLICE_REPORT: _("Report to the police (UU TPKS Pasal 41)"),
    TaskKind.SHELTER: _("Shelter stay reaches its limit: arrange the onward referral"),
    TaskKind.FOLLOW_UP: _("Post-closure follow-up visit"),
    TaskKind.PLAN_APPROVAL: _("Intervention plan awaits your approval"),
    TaskKind.CLOSURE_APPROVAL: _("Closure request awaits your decision"),
}

# The page each task is done on (the police report's form is reached from the case page).
_TASK_PAGES = {
    TaskKind.PLAN_ITEM: "cases:support",
    TaskKind.RESPONSE: "cases:triage",
    TaskKind.POLICE_REPORT: "cases:detail",
    TaskKind.SHELTER: "cases:protection",
    TaskKind.FOLLOW_UP: "cases:closure",
    TaskKind.PLAN_APPROVAL: "cases:support",
    TaskKind.CLOSURE_APPROVAL: "cases:closure",
}


@dataclass(frozen=True)
class Task:
    """Something a user has to do on a case by ``due`` (a day's end for dated tasks, the
    moment a request was made for approvals waiting). ``detail`` is a vocabulary label or
    empty: never a name or a narrative."""

    kind: str
    case: Case | None
    due: datetime
    overdue: bool
    dated: bool  # due on a day (shown as a date), not at a time
    detail: str | Promise = ""
    title: str | Promise = ""  # the label of a registered source's task
    link: str = ""  # the page of a registered source's task

    @property
    def label(self) -> str | Promise:
        return self.title or TASK_LABELS[self.kind]

    @property
    def url(self) -> str:
        if self.link or self.case is None:
            return self.link
        return reverse(_TASK_PAGES[self.kind], args=[self.case.code])


# (user, now, today, horizon) -> tasks: the tasks a higher app adds (register_task_source).
TaskSource = Callable[[Any, datetime, date, date], list[Task]]
_TASK_SOURCES: list[TaskSource] = []


def register_task_source(source: TaskSource) -> None:
    """Add the tasks of a higher app to every user's list (called from its AppConfig.ready)."""
    if source not in _TASK_SOURCES:
        _TASK_SOURCES.append(source)


def end_of(day: date) -> datetime:
    """A dated task is due at the end of its day."""
    return _end_of(day)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _on_team(user: Any, case_path: str, *team_roles: str) -> Exists:
    members = CaseTeamMember.objects.filter(case=OuterRef(case_path), user=user)
    return Exists(members.filter(team_role__in=team_roles) if team_roles else members)


def _plan_items(user: Any, horizon: date, today: date) -> list[Task]:
    items = PlanItem.objects.filter(
        Q(responsible_user=user) | _on_team(user, "plan__case", TeamRole.MANAJER_KASUS),
        status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS],
        due_on__lte=horizon,
        plan__case__status=CaseStatus.OPEN,
        plan__case__in=cases_visible_to(user).values("pk"),
    )
    return [
        Task(
            TaskKind.PLAN_ITEM,
            item.plan.case,
            _end_of(item.due_on),
            item.due_on < today,
            True,
            item.get_service_display(),
        )
        for item in items.select_related("plan__case")
    ]


def _clock_tasks(kind: str, cases: QuerySet[Case], field: str, now: datetime) -> list[Task]:
    """A task per case for the deadline in ``field`` (filtered on by the caller, typed optional)."""
    tasks = []
    for case in cases:
        due: datetime | None = getattr(case, field)
        if due is not None:
            tasks.append(Task(kind, case, due, due < now, False))
    return tasks


def _responses(user: Any, now: datetime) -> list[Task]:
    if user.role not in (Role.KEPALA_UPTD, Role.PETUGAS_PENGADUAN):
        return []
    cases = cases_visible_to(user).filter(status=CaseStatus.RECEIVED, response_due_at__isnull=False)
    return _clock_tasks(TaskKind.RESPONSE, cases, "response_due_at", now)


def _police_reports(user: Any, now: datetime) -> list[Task]:
    cases = cases_visible_to(user).filter(police_report_due_at__isnull=False)
    if user.role in TEAM_ROLES:
        cases = cases.filter(_on_team(user, "pk", TeamRole.MANAJER_KASUS, TeamRole.PENDAMPING_HUKUM))
    return _clock_tasks(TaskKind.POLICE_REPORT, cases, "police_report_due_at", now)


def _shelter_stays(user: Any, today: date) -> list[Task]:
    stays = (
        ShelterStay.objects.from_warning_day(today)
        .filter(case__in=cases_visible_to(user).values("pk"))
        .select_related("case")
    )
    return [Task(TaskKind.SHELTER, stay.case, _end_of(stay.limit_on), stay.limit_on < today, True) for stay in stays]


def _follow_ups(user: Any, horizon: date, today: date) -> list[Task]:
    follow_ups = MonitoringFollowUp.objects.filter(
        done_on__isnull=True,
        case__status=CaseStatus.CLOSED,
        due_on__lte=horizon,
        case__in=cases_visible_to(user).values("pk"),
    )
    if user.role == Role.KEPALA_UPTD:
        # As the reminders: a case without an active manager is the head's to follow up.
        managers = CaseTeamMember.objects.filter(
            case=OuterRef("case"), team_role=TeamRole.MANAJER_KASUS, user__is_active=True
        )
        follow_ups = follow_ups.filter(~Exists(managers))
    else:
        follow_ups = follow_ups.filter(_on_team(user, "case", TeamRole.MANAJER_KASUS))
    return [
        Task(TaskKind.FOLLOW_UP, f.case, _end_of(f.due_on), f.due_on < today, True)
        for f in follow_ups.select_related("case")
    ]


def _approvals(user: Any) -> list[Task]:
    if user.role != Role.KEPALA_UPTD:
        return []
    visible = cases_visible_to(user).values("pk")
    plans = InterventionPlan.objects.filter(status=PlanStatus.SUBMITTED, case__in=visible).select_related("case")
    requests = ClosureRequest.objects.filter(status=ClosureStatus.REQUESTED, case__in=visible).select_related("case")
    return [
        *(Task(TaskKind.PLAN_APPROVAL, p.case, p.submitted_at, False, False) for p in plans if p.submitted_at),
        *(Task(TaskKind.CLOSURE_APPROVAL, r.case, r.requested_at, False, False) for r in requests),
    ]


def tasks_for_user(*, user: Any, now: datetime | None = None) -> list[Task]:
    """The tasks of ``user`` on the cases they may see, overdue first, then by due date.

    Seven queries at most, whatever the number of tasks, plus those of the registered sources.
    Nothing is logged here: the caller logs the cases it shows."""
    if not getattr(user, "is_active", False):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + timedelta(days=TASK_DUE_WITHIN_DAYS)
    tasks = [
        *_plan_items(user, horizon, today),
        *_responses(user, now),
        *_police_reports(user, now),
        *_shelter_stays(user, today),
        *_follow_ups(user, horizon, today),
        *_approvals(user),
    ]
    for source in _TASK_SOURCES:
        tasks.extend(source(user, now, today, horizon))
    read_label_names(task.case for task in tasks if task.case is not None)
    return sorted(tasks, key=lambda task: (not task.overdue, task.due, task.case.pk if task.case else 0))
