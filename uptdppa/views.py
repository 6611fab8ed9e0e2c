"""Project-level pages: the home page of each role. (It may read every app; the apps may not read it.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.access import CASE_ROLES
from cases.models import CaseStatus
from cases.selectors import case_worklist_for_user
from uptdppa.accounts.models import Organisation, Role
from uptdppa.accounts.selectors import user_counts_by_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context: dict[str, Any] = {}
    if user.role in CASE_ROLES:  # their home page lists cases; the others see what their role is about
        cases = case_worklist_for_user(user=user)
        context["open_case_count"] = cases.filter(status=CaseStatus.OPEN).count()
        context["recent_cases"] = cases[:10]
    elif user.role == Role.ADMIN:
        counts = user_counts_by_role()
        empty = {"active": 0, "inactive": 0}
        context["user_counts"] = [(label, counts.get(value, empty)) for value, label in Role.choices]
        context["organisation_count"] = Organisation.objects.filter(is_active=True).count()
    return render(request, "home.html", context)
