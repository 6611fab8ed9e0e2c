"""Who may do what with accounts, organisations and the audit trail.

The pattern every app follows (see cases/access.py for one with objects):

1. ``rules`` predicates answer "may this user do X (to this object)?" and are registered as
   Django permissions with ``rules.add_perm``; ``user.has_perm(...)`` asks them.
2. A ``*_visible_to(user)`` queryset mirrors the "view" predicate for lists and lookups.
3. One access helper per object type in selectors.py fetches through that queryset and answers
   404 outside the user's scope, so that existence does not leak.
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import UNIT_ROLES, Role

# Who reads the API's schema and documentation: the unit's staff, whose work the API serves, the
# administrator, who sets up its clients, and the data protection officer, whose registers are in
# it (uptdppa.permissions.ApiDocsReaders).
API_DOCS_ROLES = UNIT_ROLES | {Role.ADMIN, Role.DPO}

# Apps whose admin screens the administrator sees (models inside still ask their own permission).
ADMIN_APP_LABELS = frozenset({"accounts", "cases", "auditlog"})


def has_role(*roles: str) -> rules.Predicate:
    """Predicate: the user is active and has one of ``roles``."""
    allowed = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(allowed))})")
    def _has_role(user: object) -> bool:
        return bool(getattr(user, "is_active", False) and getattr(user, "role", None) in allowed)

    return _has_role


is_admin = has_role(Role.ADMIN)
is_head = has_role(Role.KEPALA_UPTD)
is_dpo = has_role(Role.DPO)

# Accounts and organisations: the administrator manages them. Nobody deletes a user (they are
# deactivated, which keeps the audit trail whole).
for _perm in ("view_user", "add_user", "change_user", "view_organisation", "add_organisation", "change_organisation"):
    rules.add_perm(f"accounts.{_perm}", is_admin)
rules.add_perm("accounts.delete_user", rules.always_deny)
rules.add_perm("accounts.delete_organisation", rules.always_deny)

# Role changes to a role that opens case content: decided by the head of the unit (services.py
# also refuses the head's own account).
rules.add_perm("accounts.decide_role_change", is_head)

# The audit trail: read by the head of the unit, the administrator and the data protection
# officer; never changed by anyone.
rules.add_perm("accounts.view_audit_trail", is_admin | is_head | is_dpo)
rules.add_perm("auditlog.view_logentry", is_admin | is_head)
for _perm in ("add_logentry", "change_logentry", "delete_logentry"):
    rules.add_perm(f"auditlog.{_perm}", rules.always_deny)


# --- Who may: what a refusal (403) tells the user ----------------------------------------------
# Outside a user's scope the answer is 404; inside it, an action their role or the record's state
# does not allow is a 403 that says who may do it and when, never a bare "forbidden". Each app
# declares its sentences beside its rules (who_may_declare), and a test checks that every action
# permission has one.

_WHO_MAY: dict[str, Any] = {}


def who_may_declare(sentences: dict[str, Any]) -> None:
    """Declare, per permission, the sentence that says who may do it (and on what records)."""
    _WHO_MAY.update(sentences)


def who_may(perm: str) -> str:
    return str(_WHO_MAY.get(perm) or _("Your role does not allow this. Ask the head of the unit if you need it."))


def permission_refusal(perm: str) -> PermissionDenied:
    """The 403 to raise when ``user.has_perm(perm, ...)`` is false for a record the user may see."""
    return PermissionDenied(who_may(perm))
