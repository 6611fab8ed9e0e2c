"""Project-level pages: the home page of each role. (It may read every app; the apps may not read it.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.models import CaseStatus
from cases.selectors import case_list_for_user
from uptdppa.accounts.models import Organisation, Role
from uptdppa.accounts.selectors import user_counts_by_role

# Roles whose home page lists cases; the others see what their role is about.
_CASE_HOME_ROLES = {
    Role.KEPALA_UPTD,
    Role.PETUGAS_PENGADUAN,
    Role.MANAJER_KASUS,
    Role.PSIKOLOG,
    Role.PENDAMPING_HUKUM,
    Role.OPERATOR_DATA,
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context: dict[str, Any] = {}
    if user.role in _CASE_HOME_ROLES:
        cases = case_list_for_user(user=user)
        context["open_case_count"] = cases.filter(status=CaseStatus.OPEN).count()
        context["recent_cases"] = cases[:10]
    elif user.role == Role.ADMIN:
        counts = user_counts_by_role()
        empty = {"active": 0, "inactive": 0}
        context["user_counts"] = [(label, counts.get(value, empty)) for value, label in Role.choices]
        context["organisation_count"] = Organisation.objects.filter(is_active=True).count()
    return render(request, "home.html", context)
