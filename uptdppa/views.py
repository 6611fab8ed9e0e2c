"""Project-level pages: the home page of each role. (It may read every app; the apps may not read it.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases.access import CASE_ROLES
from cases.selectors import (
    case_counts_for_user,
    case_worklist_for_user,
    for_case_rows,
    intake_queue_for_user,
    read_label_names,
)
from dataprotection.selectors import dpia_current_for_user, open_incidents_for_user, open_requests_for_user
from dataprotection.services import dpia_review_state
from referrals.selectors import inbox_for_user
from uptdppa.accounts.models import Organisation, Role
from uptdppa.accounts.selectors import role_changes_pending, user_counts_by_role
from uptdppa.audit import log_access_many


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context: dict[str, Any] = {}
    if user.role in CASE_ROLES:  # their home page lists cases; the others see what their role is about
        case_counts = case_counts_for_user(user=user)
        context["open_case_count"] = case_counts["open"]
        context["listed_count"] = case_counts["listed"]  # what "Recent cases" lists the newest of
        context["overdue_count"] = case_counts["overdue"]
        context["recent_cases"] = recent = list(for_case_rows(case_worklist_for_user(user=user))[:10])
        read_label_names(recent)
        log_access_many(recent, actor=user, detail={"list": "home"})
        context["now"] = timezone.now()
        if user.has_perm("cases.register_intake"):  # the head and the intake officers work the queue
            queue = intake_queue_for_user(user=user)
            context["queue_count"] = queue.count()
            context["queue_overdue_count"] = queue.filter(response_due_at__lt=context["now"]).count()
        if user.has_perm("accounts.decide_role_change"):
            context["pending_role_changes"] = role_changes_pending().count()
    elif user.role == Role.PENGHUBUNG_OPD:  # the organisation's referral inbox, by tab
        context["inbox_counts"] = {
            box: inbox_for_user(user=user, box=box).count() for box in ("new", "overdue", "in_progress")
        }
    elif user.role == Role.ADMIN:
        counts = user_counts_by_role()
        empty = {"active": 0, "inactive": 0}
        context["user_counts"] = [(label, counts.get(value, empty)) for value, label in Role.choices]
        context["organisation_count"] = Organisation.objects.filter(is_active=True).count()
    if user.has_perm("dataprotection.view_incident"):  # the head and the data protection officer
        context["open_incidents"] = open_incidents_for_user(user=user)
        context["now"] = timezone.now()
    if user.has_perm("dataprotection.view_request"):  # the head and the DPO: data-subject requests due
        context["open_requests"] = open_requests_for_user(user=user)
        context["now"] = timezone.now()
    if user.has_perm("dataprotection.view_dpia"):  # the DPIA's review date (UU 27/2022 Pasal 34)
        context["dpia"] = dpia = dpia_current_for_user(user=user, log=False)
        context["dpia_state"] = dpia_review_state(dpia, timezone.localdate())
    return render(request, "home.html", context)
