"""``{% user_menu %}``: the notification bell and the user menu of the navigation bar.

They are on every page of a logged-in user and the same for everyone but for a few values, so
``templates/includes/user_menu.html`` is rendered once per process for each language and state,
with markers where those values go, and each request puts its values in, escaped: the layout's
share of every page (bench/README.md "case list") without a template engine pass.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from uptdppa.accounts.selectors import unread_notification_count
from uptdppa.navigation import urls_key

register = template.Library()

# Markers: characters no translation, address or name holds, left alone by escaping.
_MARKERS = {
    "unread_count": "\x00count\x00",
    "unread_badge": "\x00badge\x00",
    "display_name": "\x00name\x00",
    "role_label": "\x00role\x00",
    "next_path": "\x00next\x00",
    "csrf_token": "\x00csrf\x00",
}
_SHELLS: dict[tuple[Any, ...], str] = {}


def _shell(*, has_unread: bool, on_notifications: bool) -> str:
    key = (get_language(), has_unread, on_notifications, *urls_key())
    shell = _SHELLS.get(key)
    if shell is None:
        context = {
            **_MARKERS,
            "has_unread": has_unread,
            "on_notifications": on_notifications,
            "LANGUAGES": settings.LANGUAGES,
        }
        shell = _SHELLS[key] = render_to_string("includes/user_menu.html", context)
    return shell


@register.simple_tag(takes_context=True)
def user_menu(context: template.Context) -> SafeString:
    request = context["request"]
    user = request.user
    count = unread_notification_count(user=user)
    values = {
        "unread_count": str(count),
        "unread_badge": "99+" if count > 99 else str(count),
        "display_name": user.display_name,
        "role_label": user.get_role_display(),
        "next_path": request.get_full_path(),
        # The page's own token (the csrf context processor's, masked once per request), else a new one.
        "csrf_token": str(context.get("csrf_token") or get_token(request)),
    }
    html = _shell(has_unread=count > 0, on_notifications=request.path == reverse("accounts:notifications"))
    for name, marker in _MARKERS.items():
        html = html.replace(marker, escape(values[name]))
    return mark_safe(html)  # noqa: S308 - the shell is a rendered template; every value is escaped
