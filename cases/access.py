"""Who may see a case and the people in it (DESIGN.md §5).

The predicates and the querysets below say the same thing twice, once per object and once for
lists; tests/cases/test_access.py checks that they agree for every user of the test world.

- kepala_uptd and operator_data: every case of the unit;
- manajer_kasus, psikolog, pendamping_hukum: the cases whose team they are on;
- petugas_pengaduan: the cases they registered;
- admin, penghubung_opd, pimpinan: no case content at all (liaisons see referrals, leadership
  aggregates, both through their own apps).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from uptdppa.accounts.access import has_role, is_admin
from uptdppa.accounts.models import Role

from .models import Case, Person

SEES_ALL_CASES = frozenset({Role.KEPALA_UPTD, Role.OPERATOR_DATA})
TEAM_ROLES = frozenset({Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM})

# Every role that works with case content (the case list is theirs; the others never see it).
CASE_ROLES = SEES_ALL_CASES | TEAM_ROLES | {Role.PETUGAS_PENGADUAN}

sees_all_cases = has_role(*SEES_ALL_CASES)
is_case_worker = has_role(*TEAM_ROLES)
is_intake_officer = has_role(Role.PETUGAS_PENGADUAN)


@rules.predicate
def is_on_case_team(user: Any, case: Case | None) -> bool:
    if case is None:
        return False
    return case.team.filter(user_id=user.pk).exists()


@rules.predicate
def registered_case(user: Any, case: Case | None) -> bool:
    return case is not None and case.created_by_id == user.pk


can_view_case = sees_all_cases | (is_case_worker & is_on_case_team) | (is_intake_officer & registered_case)

rules.add_perm("cases.view_case", can_view_case)
rules.add_perm(
    "cases.view_person", rules.predicate(lambda user, person: can_view_case(user, person.case if person else None))
)

# Regions are reference data: everyone reads them, the administrator edits them.
rules.add_perm("cases.view_region", rules.is_authenticated)
rules.add_perm("cases.add_region", is_admin)
rules.add_perm("cases.change_region", is_admin)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases ``user`` may see; mirrors ``can_view_case``."""
    if not getattr(user, "is_active", False):
        return Case.objects.none()
    if user.role in SEES_ALL_CASES:
        return Case.objects.all()
    if user.role in TEAM_ROLES:
        return Case.objects.filter(team__user=user).distinct()
    if user.role == Role.PETUGAS_PENGADUAN:
        return Case.objects.filter(created_by=user)
    return Case.objects.none()


def people_visible_to(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(case__in=cases_visible_to(user))
