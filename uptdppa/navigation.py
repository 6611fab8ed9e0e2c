"""The navigation bar: which entries each role sees."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.access import CASE_ROLES
from uptdppa.accounts.models import Role


class NavItem(NamedTuple):
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str] | None  # None: every role


NAV_ITEMS = (
    NavItem(_("Home"), "home", "house", None),
    NavItem(_("Cases"), "cases:list", "folder2-open", frozenset(CASE_ROLES)),
    NavItem(_("Audit trail"), "accounts:audit", "journal-text", frozenset({Role.ADMIN, Role.KEPALA_UPTD})),
    NavItem(_("Administration"), "admin:index", "gear", frozenset({Role.ADMIN})),
    NavItem(_("API documentation"), "api-docs", "braces", frozenset({Role.ADMIN, Role.OPERATOR_DATA})),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAV_ITEMS:
        if item.roles is None or user.role in item.roles:
            url = reverse(item.url_name)
            active = request.path == url if item.url_name == "home" else request.path.startswith(url)
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return {"nav_items": items}
