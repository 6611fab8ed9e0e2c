"""The navigation bar: which entries each role sees, and the unread count of its bell."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.access import CASE_ROLES
from uptdppa.accounts.models import Role


class NavItem(NamedTuple):
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str] | None  # None: every role
    group: str = ""  # a key of NAV_GROUPS: shown in that group's menu


# Menus of the navigation bar, so that the head's many entries fit one row at 1366 px: each is a
# dropdown when a role has two or more of its entries, a plain link when it has one.
NAV_GROUPS: dict[str, tuple[str | Promise, str]] = {
    "reports": (_("Reports"), "graph-up"),
    "data": (_("Data protection"), "shield-lock"),
}


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
        group="reports",
    ),
    NavItem(
        _("Referrals overview"), "referrals:overview", "bar-chart-line", frozenset({Role.KEPALA_UPTD}), group="reports"
    ),
    NavItem(
        _("Dashboard"), "reports:dashboard", "graph-up", frozenset({Role.PIMPINAN, Role.KEPALA_UPTD}), group="reports"
    ),
    NavItem(
        _("Statistics snapshots"), "reports:generate", "arrow-repeat", frozenset({Role.OPERATOR_DATA}), group="reports"
    ),
    NavItem(
        _("SIMFONI"),
        "reports:simfoni",
        "clipboard-check",
        frozenset({Role.OPERATOR_DATA, Role.KEPALA_UPTD}),
        group="reports",
    ),
    NavItem(
        _("Reports and exports"),
        "reports:exports",
        "file-earmark-arrow-down",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
        group="reports",
    ),
    NavItem(_("Role changes"), "accounts:role-changes", "person-check", frozenset({Role.KEPALA_UPTD}), group="data"),
    NavItem(
        _("Audit trail"),
        "accounts:audit",
        "journal-text",
        frozenset({Role.ADMIN, Role.KEPALA_UPTD, Role.DPO}),
        group="data",
    ),
    NavItem(
        _("Data breaches"),
        "dataprotection:list",
        "shield-exclamation",
        frozenset({Role.KEPALA_UPTD, Role.DPO}),
        group="data",
    ),
    NavItem(
        _("Task-force reports"),
        "reports:taskforce",
        "diagram-3",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.PENGHUBUNG_OPD}),
        group="reports",
    ),
    NavItem(
        _("KLA Klaster V evidence packs"),
        "reports:kla",
        "award",
        frozenset({Role.PIMPINAN, Role.KEPALA_UPTD, Role.OPERATOR_DATA}),
        group="reports",
    ),
    NavItem(
        _("Data-subject requests"),
        "dataprotection:request-list",
        "person-lock",
        frozenset({Role.KEPALA_UPTD, Role.DPO}),
        group="data",
    ),
    NavItem(
        _("Retention"), "dataprotection:retention", "archive", frozenset({Role.KEPALA_UPTD, Role.DPO}), group="data"
    ),
    NavItem(_("Backups"), "operations:backups", "hdd-stack", frozenset({Role.KEPALA_UPTD, Role.DPO}), group="data"),
    NavItem(
        _("Record of processing"),
        "dataprotection:processing-record",
        "list-check",
        frozenset({Role.KEPALA_UPTD, Role.DPO}),
        group="data",
    ),
    NavItem(_("DPIA"), "dataprotection:dpia", "clipboard-data", frozenset({Role.KEPALA_UPTD, Role.DPO}), group="data"),
    NavItem(_("Administration"), "admin:index", "gear", frozenset({Role.ADMIN})),
    NavItem(_("API documentation"), "api-docs", "braces", frozenset({Role.ADMIN, Role.OPERATOR_DATA, Role.DPO})),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": [], "nav_menu_html": ""}
    shown = _shown_to(user.role)
    # The entry whose address is the longest start of this page's: /cases/antrean/ is the
    # intake queue, not the case list; home only on its own address.
    matching = [url for _item, url in shown if request.path == url or (url != "/" and request.path.startswith(url))]
    active = max(matching, key=len, default=None)
    items = [
        {"label": item.label, "url": url, "icon": item.icon, "active": url == active, "group": item.group}
        for item, url in shown
    ]
    menu = nav_menu(items)
    return {"nav_items": items, "nav_menu": menu, "nav_menu_html": _menu_html(user.role, active, menu)}


# The bar is the same for everyone of a role on a page: its addresses and its HTML are made once per
# process (for each role, current entry, language and URLconf) rather than on every request.
_SHOWN: dict[tuple[Any, ...], list[tuple[NavItem, str]]] = {}
_MENU_HTML: dict[tuple[Any, ...], str] = {}


def urls_key() -> tuple[Any, ...]:
    """What a cached address depends on besides the name: the URLconf and the script prefix."""
    return (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


def _shown_to(role: str) -> list[tuple[NavItem, str]]:
    """The entries a role sees, with their addresses."""
    key = (role, *urls_key())
    shown = _SHOWN.get(key)
    if shown is None:
        shown = [(item, reverse(item.url_name)) for item in NAV_ITEMS if item.roles is None or role in item.roles]
        _SHOWN[key] = shown
    return shown


def _menu_html(role: str, active: str | None, menu: list[dict[str, Any]]) -> str:
    """templates/includes/nav_menu.html for ``menu`` (what ``role`` sees with ``active`` current)."""
    key = (role, active, get_language(), *urls_key())
    html = _MENU_HTML.get(key)
    if html is None:
        html = _MENU_HTML[key] = render_to_string("includes/nav_menu.html", {"nav_menu": menu}) if menu else ""
    return html


def nav_menu(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bar's entries in order: each item outside a group, and each group (where its first item
    is) as a dropdown of its items, or as its one item when the role has only one."""
    members: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item["group"]:
            members.setdefault(item["group"], []).append(item)
    menu: list[dict[str, Any]] = []
    for item in items:
        group = members.get(item["group"], [])
        if len(group) < 2:
            menu.append(item)
        elif item is group[0]:
            label, icon = NAV_GROUPS[item["group"]]
            menu.append(
                {
                    "label": label,
                    "icon": icon,
                    "id": f"nav-{item['group']}",
                    "children": group,
                    "active": any(member["active"] for member in group),
                }
            )
    return menu


def emergency_numbers(request: HttpRequest) -> dict[str, Any]:
    """The unit's own phone for the emergency bar of the public pages (templates/includes/emergency_bar.html)."""
    return {"unit_phone": settings.UNIT_PHONE}
