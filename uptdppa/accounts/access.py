"""Who may do what with accounts, organisations and the audit trail.

The pattern every app follows (see cases/access.py for one with objects):

1. ``rules`` predicates answer "may this user do X (to this object)?" and are registered as
   Django permissions with ``rules.add_perm``; ``user.has_perm(...)`` asks them.
2. A ``*_visible_to(user)`` queryset mirrors the "view" predicate for lists and lookups.
3. One access helper per object type in selectors.py fetches through that queryset and answers
   404 outside the user's scope, so that existence does not leak.
"""

from __future__ import annotations

import rules

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
