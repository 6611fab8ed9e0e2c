"""The case team: who works on a case, and therefore who may see it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, CaseTeamMember, EventKind, TeamRole
from uptdppa.accounts.models import Role
from uptdppa.accounts.services import notify

from .common import event_add, require_open_registered

# Which account roles may fill which place on a case team.
_TEAM_ROLE_ACCOUNTS: dict[str, set[str]] = {
    TeamRole.MANAJER_KASUS: {Role.MANAJER_KASUS},
    TeamRole.PSIKOLOG: {Role.PSIKOLOG},
    TeamRole.PENDAMPING_HUKUM: {Role.PENDAMPING_HUKUM},
    TeamRole.PENDAMPING: {Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM},
}


@transaction.atomic
def case_team_add(*, actor: Any, case: Case, user: Any, team_role: str) -> CaseTeamMember:
    """Put ``user`` on the team of a registered case and tell them (in the app and by e-mail).

    A new case manager replaces the previous one.
    """
    # Lock the case: two assignments at once queue here instead of colliding on the one-manager rule.
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open_registered(case, not_registered=_("A team is assigned once the complaint is accepted as a case."))
    if user.role not in _TEAM_ROLE_ACCOUNTS.get(team_role, set()) or not user.is_active:
        raise ValidationError({"user": _("This user cannot be given that role in the team.")})
    if case.team.filter(user=user).exists():
        raise ValidationError({"user": _("This user is already on the team.")})
    if team_role == TeamRole.MANAJER_KASUS:
        for previous in case.team.filter(team_role=TeamRole.MANAJER_KASUS):
            case_team_remove(actor=actor, member=previous)
    member = CaseTeamMember(case=case, user=user, team_role=team_role)
    member.full_clean()
    member.save()
    event_add(case=case, kind=EventKind.TEAM_ADDED, actor=actor, user=str(user.code), team_role=team_role)
    notify(
        recipients=[user],
        message=gettext_noop("You were added to the team of case %(case)s."),
        params={"case": case.label},
        url=reverse("cases:detail", args=[case.code]),
    )
    return member


@transaction.atomic
def case_team_remove(*, actor: Any, member: CaseTeamMember) -> None:
    case = member.case
    event_add(
        case=case, kind=EventKind.TEAM_REMOVED, actor=actor, user=str(member.user.code), team_role=member.team_role
    )
    member.delete()
