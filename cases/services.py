"""All writes to cases. Each function validates, saves and is audited in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uptdppa.accounts.models import Role

from .models import Case, CaseTeamMember, Person, TeamRole

# Which account roles may fill which place on a case team.
_TEAM_ROLE_ACCOUNTS: dict[str, set[str]] = {
    TeamRole.MANAJER_KASUS: {Role.MANAJER_KASUS},
    TeamRole.PSIKOLOG: {Role.PSIKOLOG},
    TeamRole.PENDAMPING_HUKUM: {Role.PENDAMPING_HUKUM},
    TeamRole.PENDAMPING: {Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM},
}


@transaction.atomic
def case_create(*, created_by: Any, chronology: str = "") -> Case:
    case = Case(created_by=created_by, chronology=chronology or None)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_team_add(*, case: Case, user: Any, team_role: str) -> CaseTeamMember:
    """Put ``user`` on the team of ``case``; the account's role must fit the place."""
    if user.role not in _TEAM_ROLE_ACCOUNTS.get(team_role, set()) or not user.is_active:
        raise ValidationError({"user": _("This user cannot be assigned to that role.")})
    member = CaseTeamMember(case=case, user=user, team_role=team_role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def person_add(*, case: Case, role: str, full_name: str = "", nik: str = "", phone: str = "") -> Person:
    person = Person(case=case, role=role, full_name=full_name or None, nik=nik or None, phone=phone or None)
    person.full_clean()
    person.save()
    return person
