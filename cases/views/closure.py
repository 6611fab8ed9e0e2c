"""The closure page of a case (request, the head's decision, reopening, post-closure monitoring)
and each staff member's task list (issue 4 items 10 and 11).

Shape of every write: access helper (404 outside scope, 403 without the perm) -> form ->
service -> redirect to the closure page, or the page again with the form, what was typed and
the service's errors beside the fields (uptdppa.web.form_page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms.closure import (
    CaseReopenForm,
    ClosureApproveForm,
    ClosureRequestForm,
    ClosureReturnForm,
    FollowUpRecordForm,
)
from cases.models import Case, CaseStatus, MonitoringFollowUp
from cases.selectors import case_get_for_user, registered_case_get_for_user
from cases.selectors.closure import (
    case_get_for_closure_action,
    closure_overview,
    closure_pending_request,
    follow_up_get_for_user,
)
from cases.selectors.tasks import tasks_for_user
from cases.services import case_reopen, closure_approve, closure_request, closure_return, monitoring_follow_up_record
from uptdppa.accounts.access import permission_refusal
from uptdppa.audit import log_access_many
from uptdppa.web import form_page, page_of


def _follow_up_prefix(follow_up: MonitoringFollowUp) -> str:
    # One form per follow-up on the page: distinct field names and ids (labels stay unique).
    return f"fu-{follow_up.code}"


def _closure_page(request: HttpRequest, case: Case, **bound: Any) -> HttpResponse:
    """The closure page; ``bound`` holds the form just posted (with its errors) by its name, or
    ``follow_up_form`` with the follow-up it was for."""
    user = request.user
    overview = closure_overview(case)
    can_record_follow_up = case.status == CaseStatus.CLOSED and user.has_perm("cases.record_follow_up", case)
    failed_follow_up: MonitoringFollowUp | None = bound.get("follow_up")
    follow_ups: list[tuple[MonitoringFollowUp, forms.Form | None]] = []
    for follow_up in overview.follow_ups:
        form: forms.Form | None = None
        if failed_follow_up is not None and failed_follow_up.pk == follow_up.pk:
            form = bound["follow_up_form"]
        elif can_record_follow_up and not follow_up.is_done:
            form = FollowUpRecordForm(prefix=_follow_up_prefix(follow_up))
        follow_ups.append((follow_up, form))
    context = {
        "case": case,
        "overview": overview,
        "follow_ups": follow_ups,
        "today": timezone.localdate(),
        # The perms include the case status; the pending request is checked here.
        # Nothing to send while something holds the case open: the refusals say what first.
        "can_request": user.has_perm("cases.request_closure", case)
        and overview.pending is None
        and not overview.refusals,
        "can_decide": user.has_perm("cases.approve_closure", case) and overview.pending is not None,
        "can_reopen": user.has_perm("cases.reopen_case", case),
        "request_form": bound.get("request_form") or ClosureRequestForm(),
        "approve_form": bound.get("approve_form") or ClosureApproveForm(),
        "return_form": bound.get("return_form") or ClosureReturnForm(),
        "reopen_form": bound.get("reopen_form") or CaseReopenForm(),
    }
    return render(request, "cases/closure/closure_page.html", context)


@login_required
def closure_page(request: HttpRequest, code: UUID) -> HttpResponse:
    case = registered_case_get_for_user(user=request.user, code=code)  # a complaint ends at triage
    return _closure_page(request, case)


def _closure_form(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    name: str,
    **bound: Any,
) -> HttpResponse:
    """A form of the closure page (uptdppa.web.form_page): back to the page, or the page again
    with the form as typed under ``name``."""
    return form_page(
        request,
        form,
        save,
        page=lambda typed: _closure_page(request, case, **{name: typed}, **bound),
        success=success,
        then=reverse("cases:closure", args=[case.code]),
    )


@login_required
@require_POST
def closure_request_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_closure_action(
        user=request.user, code=code, perm="cases.request_closure", status=CaseStatus.OPEN
    )
    return _closure_form(
        request,
        case,
        ClosureRequestForm(request.POST),
        lambda data: closure_request(actor=request.user, case=case, **data),
        success=_("The closure request was sent to the head of the unit."),
        name="request_form",
    )


def _decision_case(request: HttpRequest, code: UUID) -> Case:
    return case_get_for_closure_action(
        user=request.user, code=code, perm="cases.approve_closure", status=CaseStatus.OPEN
    )


@login_required
@require_POST
def closure_approve_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = _decision_case(request, code)
    return _closure_form(
        request,
        case,
        ClosureApproveForm(request.POST),
        lambda data: closure_approve(actor=request.user, request=closure_pending_request(case), **data),
        success=_("The case is closed; the follow-up visits are scheduled."),
        name="approve_form",
    )


@login_required
@require_POST
def closure_return_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = _decision_case(request, code)
    return _closure_form(
        request,
        case,
        ClosureReturnForm(request.POST),
        lambda data: closure_return(actor=request.user, request=closure_pending_request(case), **data),
        success=_("The closure request was returned to the case manager."),
        name="return_form",
    )


@login_required
@require_POST
def case_reopen_view(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_closure_action(user=request.user, code=code, perm="cases.reopen_case", status=CaseStatus.CLOSED)
    return _closure_form(
        request,
        case,
        CaseReopenForm(request.POST),
        lambda data: case_reopen(actor=request.user, case=case, **data),
        success=_("The case was reopened."),
        name="reopen_form",
    )


@login_required
@require_POST
def follow_up_record_view(request: HttpRequest, code: UUID, follow_up: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code, perm="cases.record_follow_up")
    found = follow_up_get_for_user(user=request.user, code=follow_up, case=case)
    return _closure_form(
        request,
        case,
        FollowUpRecordForm(request.POST, prefix=_follow_up_prefix(found)),
        lambda data: monitoring_follow_up_record(actor=request.user, follow_up=found, **data),
        success=_("The follow-up visit was recorded."),
        name="follow_up_form",
        follow_up=found,
    )


TASKS_PER_PAGE = 50


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's tasks across the cases they may see, overdue first."""
    if not request.user.has_perm("cases.view_worklist"):  # the roles that work with cases
        raise permission_refusal("cases.view_worklist")
    now = timezone.now()
    tasks = tasks_for_user(user=request.user, now=now)
    # A page at a time (overdue first): the cases logged as read are those of the tasks shown.
    page = page_of(request, tasks, TASKS_PER_PAGE)
    cases = list({task.case.pk: task.case for task in page.object_list if task.case is not None}.values())
    log_access_many(cases, actor=request.user, detail={"list": "tasks", "page": page.number})
    context = {
        "tasks": page.object_list,
        "page": page,
        "overdue": sum(1 for task in tasks if task.overdue),
        "now": now,
    }
    return render(request, "cases/tasks.html", context)
