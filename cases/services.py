"""All writes to cases. Each function validates, saves and is audited in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from uptdppa.accounts.models import Role
from uptdppa.crypto import normalize_digits, normalize_phone

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
def person_add(
    *, case: Case, role: str, full_name: str | None = "", nik: str | None = "", phone: str | None = ""
) -> Person:
    """Record a person of ``case``. NIK is kept as digits, a phone number as E.164 where it parses."""
    person = Person(
        case=case,
        role=role,
        full_name=(full_name or "").strip() or None,
        nik=normalize_digits(nik or ""),
        phone=normalize_phone(phone or "") or (phone or "").strip() or None,
    )
    person.full_clean()
    person.save()
    return person
