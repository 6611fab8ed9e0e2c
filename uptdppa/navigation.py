"""The navigation bar: which entries each role sees, and the unread count of its bell."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from cases.access import CASE_ROLES
from uptdppa.accounts.models import Role
from uptdppa.accounts.selectors import unread_notification_count


class NavItem(NamedTuple):
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str] | None  # None: every role


NAV_ITEMS = (
    NavItem(_("Home"), "home", "house", None),
    NavItem(_("Cases"), "cases:list", "folder2-open", frozenset(CASE_ROLES)),
    NavItem(_("My tasks"), "cases:tasks", "list-check", frozenset(CASE_ROLES)),
    NavItem(_("Intake queue"), "cases:intake-queue", "inbox", frozenset({Role.KEPALA_UPTD, Role.PETUGAS_PENGADUAN})),
    NavItem(_("Inbox"), "referrals:inbox", "inbox", frozenset({Role.PENGHUBUNG_OPD})),
    NavItem(_("Coordination"), "coordination:portal", "people", frozenset({Role.PENGHUBUNG_OPD})),
    NavItem(
        _("Task-force meetings"),
        "coordination:meetings",
        "people",
        frozenset({Role.KEPALA_UPTD, Role.PIMPINAN}),
    ),
    NavItem(_("Referrals overview"), "referrals:overview", "bar-chart-line", frozenset({Role.KEPALA_UPTD})),
    NavItem(_("Dashboard"), "reports:dashboard", "graph-up", frozenset({Role.PIMPINAN, Role.KEPALA_UPTD})),
    NavItem(_("Statistics snapshots"), "reports:generate", "arrow-repeat", frozenset({Role.OPERATOR_DATA})),
    NavItem(_("SIMFONI"), "reports:simfoni", "clipboard-check", frozenset({Role.OPERATOR_DATA, Role.KEPALA_UPTD})),
    NavItem(
        _("Reports and exports"),
        "reports:exports",
        "file-earmark-arrow-down",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
    ),
    NavItem(
        _("Task-force reports"),
        "reports:taskforce",
        "diagram-3",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.PENGHUBUNG_OPD}),
    ),
    NavItem(
        _("KLA Klaster V evidence packs"),
        "reports:kla",
        "award",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
    ),
    NavItem(_("Role changes"), "accounts:role-changes", "person-check", frozenset({Role.KEPALA_UPTD})),
    NavItem(_("Audit trail"), "accounts:audit", "journal-text", frozenset({Role.ADMIN, Role.KEPALA_UPTD, Role.DPO})),
    NavItem(_("Data breaches"), "dataprotection:list", "shield-exclamation", frozenset({Role.KEPALA_UPTD, Role.DPO})),
    NavItem(
        _("Data-subject requests"),
        "dataprotection:request-list",
        "person-lock",
        frozenset({Role.KEPALA_UPTD, Role.DPO}),
    ),
    NavItem(_("Retention"), "dataprotection:retention", "archive", frozenset({Role.KEPALA_UPTD, Role.DPO})),
    NavItem(_("Backups"), "operations:backups", "hdd-stack", frozenset({Role.KEPALA_UPTD, Role.DPO})),
    NavItem(
        _("Record of processing"),
        "dataprotection:processing-record",
        "list-check",
        frozenset({Role.KEPALA_UPTD, Role.DPO}),
    ),
    NavItem(_("DPIA"), "dataprotection:dpia", "clipboard-data", frozenset({Role.KEPALA_UPTD, Role.DPO})),
    NavItem(_("Administration"), "admin:index", "gear", frozenset({Role.ADMIN})),
    NavItem(_("API documentation"), "api-docs", "braces", frozenset({Role.ADMIN, Role.OPERATOR_DATA, Role.DPO})),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    shown = [(item, reverse(item.url_name)) for item in NAV_ITEMS if item.roles is None or user.role in item.roles]
    # The entry whose address is the longest start of this page's: /cases/antrean/ is the
    # intake queue, not the case list; home only on its own address.
    matching = [url for _item, url in shown if request.path == url or (url != "/" and request.path.startswith(url))]
    active = max(matching, key=len, default=None)
    items = [{"label": item.label, "url": url, "icon": item.icon, "active": url == active} for item, url in shown]
    return {"nav_items": items}


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the bell in the navigation bar, counted only if a page shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_notification_count(user=user))}
