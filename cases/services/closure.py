"""Closure of a case and post-closure monitoring (issue 4 item 10, docs/domain.md#case-lifecycle).

The case manager requests the closure with a reason and a summary; the head approves it (the
case is closed and follow-up visits are scheduled) or returns it with a comment. A closed case
is read-only (common.require_open) until the head reopens it with a reason; only the monitoring
follow-ups are recorded on it.

Closure is refused while the case is not finished: plan items neither done nor waived, a victim
still in temporary shelter, or an objection of a check another app registered in
cases.closure_checks (the referrals app: referrals still open). The checks run at the request
and again at the approval, since things may change in between.

Who may call these is checked by the caller with cases.request_closure, cases.approve_closure,
cases.reopen_case and cases.record_follow_up; the head-only decisions are also refused here,
since they are recorded in the head's name.
"""

from __future__ import annotations

import calendar
from datetime import date as date_type
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.closure_checks import closure_check_refusals
from cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    ClosureRequest,
    ClosureStatus,
    EventKind,
    InterventionPlan,
    MonitoringFollowUp,
    PlanItemStatus,
    ShelterStay,
)
from uptdppa.accounts.models import Role

from .common import acting_user, event_add, future_date_error, lock_case, police_deadline_refresh, raise_if


def _require_head(actor: Any, message: str) -> None:
    if getattr(actor, "role", None) != Role.KEPALA_UPTD or not actor.is_active:
        raise ValidationError(message)


def closure_refusals(case: Case) -> list[str]:
    """Why ``case`` cannot be closed now; empty when it can. Also for pages that explain it."""
    refusals: list[str] = []
    plan = InterventionPlan.objects.filter(case=case).first()
    if plan is not None and plan.items.exclude(status__in=[PlanItemStatus.DONE, PlanItemStatus.WAIVED]).exists():
        refusals.append(_("Every item of the intervention plan must be done or waived first."))
    if ShelterStay.objects.filter(case=case, discharged_on__isnull=True).exists():
        refusals.append(_("A victim is still in temporary shelter; record the discharge first."))
    refusals.extend(closure_check_refusals(case))
    return refusals


def _refuse_unless_closable(case: Case) -> None:
    if refusals := closure_refusals(case):
        raise ValidationError({"__all__": refusals})


def add_months(day: date_type, months: int) -> date_type:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- Request and decision ---------------------------------------------------------------------


@transaction.atomic
def closure_request(*, actor: Any, case: Case, reason: str, summary: str) -> ClosureRequest:
    """Ask the head to close an open case; one request awaits a decision at a time."""
    case = lock_case(case.pk)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Only an open case can be closed."))
    if ClosureRequest.objects.filter(case=case, status=ClosureStatus.REQUESTED).exists():
        raise ValidationError(_("A closure request for this case is already awaiting a decision."))
    errors: dict[str, str] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = _("Choose the reason for closing the case.")
    if not summary.strip():
        errors["summary"] = _("Summarise the services given and the situation at closure.")
    raise_if(errors)
    _refuse_unless_closable(case)
    request = ClosureRequest(
        case=case,
        requested_by=acting_user(actor),
        requested_at=timezone.now(),
        reason=reason,
        summary=summary.strip(),
    )
    request.full_clean()
    request.save()
    event_add(case=case, kind=EventKind.CLOSURE_REQUESTED, actor=actor, request=str(request.code), reason=reason)
    return request


def _lock_request(request: ClosureRequest) -> tuple[ClosureRequest, Case]:
    # The case first, as every writer to it does, then the request.
    case = lock_case(request.case_id)
    request = ClosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ClosureStatus.REQUESTED:
        raise ValidationError(_("This closure request has already been decided."))
    return request, case


def _decide(request: ClosureRequest, *, actor: Any, status: str, comment: str) -> None:
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_comment = comment
    request.full_clean()
    request.save()


@transaction.atomic
def closure_approve(*, actor: Any, request: ClosureRequest, comment: str = "") -> ClosureRequest:
    """The head closes the case, if nothing holds it open any more, and schedules the follow-ups
    (MONITORING_FOLLOW_UP_MONTHS after today)."""
    _require_head(actor, _("Only the head of the unit approves the closure of a case."))
    request, case = _lock_request(request)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Only an open case can be closed."))
    _refuse_unless_closable(case)
    _decide(request, actor=actor, status=ClosureStatus.APPROVED, comment=comment.strip())
    now = timezone.now()
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    # A closed case runs no police-report clock (common.CLOCK_STATUSES).
    police_deadline_refresh(case)
    today = timezone.localdate(now)
    follow_ups = MonitoringFollowUp.objects.bulk_create(
        [
            MonitoringFollowUp(case=case, due_on=add_months(today, months))
            for months in sorted(set(settings.MONITORING_FOLLOW_UP_MONTHS))
        ]
    )
    event_add(
        case=case,
        kind=EventKind.CLOSURE_APPROVED,
        actor=actor,
        request=str(request.code),
        reason=request.reason,
        follow_ups=[f.due_on.isoformat() for f in follow_ups],
    )
    request.case = case
    return request


@transaction.atomic
def closure_return(*, actor: Any, request: ClosureRequest, comment: str) -> ClosureRequest:
    """The head returns the request with what is still to be done; the case stays open."""
    _require_head(actor, _("Only the head of the unit decides on the closure of a case."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is still to be done before the case can close.")})
    request, case = _lock_request(request)
    _decide(request, actor=actor, status=ClosureStatus.RETURNED, comment=comment.strip())
    event_add(case=case, kind=EventKind.CLOSURE_RETURNED, actor=actor, request=str(request.code))
    return request


@transaction.atomic
def case_reopen(*, actor: Any, case: Case, reason: str) -> Case:
    """The head reopens a closed case (e.g. the violence happened again). The reason is kept
    (encrypted) on the approved closure it undoes; the timeline logs the reopening with codes
    only. The follow-ups not yet done are cancelled: closing the case again schedules new ones."""
    _require_head(actor, _("Only the head of the unit reopens a case."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    case = lock_case(case.pk)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Only a closed case can be reopened."))
    closure = (
        ClosureRequest.objects.select_for_update()
        .filter(case=case, status=ClosureStatus.APPROVED, reopened_at__isnull=True)
        .order_by("-decided_at")
        .first()
    )
    now = timezone.now()
    if closure is not None:
        closure.reopened_at = now
        closure.reopened_by = actor
        closure.reopen_reason = reason.strip()
        closure.full_clean()
        closure.save()
    case.status = CaseStatus.OPEN
    case.closed_at = None
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "updated_at"])
    cancelled, _deleted = MonitoringFollowUp.objects.filter(case=case, done_on__isnull=True).delete()
    police_deadline_refresh(case)
    event_add(
        case=case,
        kind=EventKind.CASE_REOPENED,
        actor=actor,
        request=str(closure.code) if closure else None,
        follow_ups_cancelled=cancelled,
    )
    return case


# --- Monitoring after closure -----------------------------------------------------------------


@transaction.atomic
def monitoring_follow_up_record(
    *, actor: Any, follow_up: MonitoringFollowUp, done_on: date_type, outcome: str
) -> MonitoringFollowUp:
    """Record a follow-up visit of a closed case with its outcome (the exception to read-only)."""
    follow_up = MonitoringFollowUp.objects.select_for_update().select_related("case").get(pk=follow_up.pk)
    if follow_up.is_done:
        raise ValidationError(_("This follow-up is already recorded."))
    if follow_up.case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Follow-ups are recorded on a closed case."))
    errors: dict[str, str] = {}
    if future := future_date_error(done_on):
        errors["done_on"] = future
    elif follow_up.case.closed_at and done_on < timezone.localdate(follow_up.case.closed_at):
        errors["done_on"] = _("A follow-up cannot be before the case was closed.")
    if not outcome.strip():
        errors["outcome"] = _("Describe the outcome of the follow-up.")
    raise_if(errors)
    follow_up.done_on = done_on
    follow_up.outcome = outcome.strip()
    follow_up.recorded_by = acting_user(actor)
    follow_up.full_clean()
    follow_up.save()
    event_add(
        case=follow_up.case,
        kind=EventKind.MONITORING_FOLLOW_UP,
        actor=actor,
        follow_up=str(follow_up.code),
        due_on=follow_up.due_on.isoformat(),
        done_on=done_on.isoformat(),
    )
    return follow_up
