"""Reads of cases with the access rules applied. Views and the API fetch only through these."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from uptdppa.audit import log_access, log_access_many
from uptdppa.crypto import blind_match

from .access import cases_visible_to, people_visible_to
from .models import Case, CaseTeamMember, Person


def case_list_for_user(*, user: Any) -> QuerySet[Case]:
    """Cases the user may see, newest first. Callers log the page they show (log_access_many)."""
    return cases_visible_to(user).select_related("created_by").order_by("-created_at")


def case_get_for_user(*, user: Any, code: Any) -> Case:
    """The case ``code`` if ``user`` may see it, else Http404. Logs the read in the audit trail."""
    case = get_object_or_404(
        cases_visible_to(user)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("team", queryset=CaseTeamMember.objects.select_related("user").order_by("team_role")),
            Prefetch("people", queryset=Person.objects.order_by("role", "created_at")),
        ),
        code=code,
    )
    log_access(case, actor=user)
    log_access_many(case.people.all(), actor=user, detail={"case": str(case.code)})
    return case


def person_search_for_user(*, user: Any, nik: str = "", phone: str = "", name: str = "") -> QuerySet[Person]:
    """People the user may see whose identifiers match exactly (after normalisation)."""
    people = people_visible_to(user).select_related("case")
    if nik:
        people = people.filter(blind_match(Person, "nik", nik))
    if phone:
        people = people.filter(blind_match(Person, "phone", phone))
    if name:
        people = people.filter(blind_match(Person, "full_name", name))
    return people
