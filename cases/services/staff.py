"""Who may be named as having acted for the unit on a case: one queryset per rule.

The services check a person against these (so the page and the API refuse the same person with
the same message), and the forms offer exactly these as choices (through cases.selectors). A
rule is the queryset; nothing else decides it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from uptdppa.accounts.models import UNIT_ROLES, Role, User

# What the services say when someone outside a rule is named; the forms say the same for a choice
# they do not offer (a stale page, a crafted request).
MEDIATOR_REFUSAL = _("Choose the mediator from the case team's staff who handle cases, or the head of the unit.")
COMPANION_REFUSAL = _("Choose active members of the case team or the head of the unit.")
ASSIGNEE_REFUSAL = _("Choose an active staff member of the unit.")

# Who may act as mediator: UPTD PPA staff who handle cases.
MEDIATOR_ROLES = frozenset({Role.KEPALA_UPTD, Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM})


def unit_staff() -> QuerySet[User]:
    """Active staff of the unit: who may go on an outreach visit or answer for a plan item."""
    return User.objects.filter(is_active=True, role__in=UNIT_ROLES).order_by("first_name", "last_name", "username")


def case_staff(case: Case) -> QuerySet[User]:
    """Active unit staff on the case's team, and the head of the unit: who may be recorded as having
    accompanied a victim. Nobody else sees the case, so nobody else can have acted on it in the
    unit's name; a partner's staff belong in the note."""
    return unit_staff().filter(Q(pk__in=case.team.values("user")) | Q(role=Role.KEPALA_UPTD))


def mediators_for(case: Case) -> QuerySet[User]:
    """Who may mediate on ``case``: the case staff whose role handles cases (MEDIATOR_ROLES)."""
    return case_staff(case).filter(role__in=MEDIATOR_ROLES)


def is_among(staff: QuerySet[User], user: Any) -> bool:
    """``user`` is one of ``staff`` (False for no user)."""
    return user is not None and getattr(user, "pk", None) is not None and staff.filter(pk=user.pk).exists()
