"""``{% audit_action_badge entry %}``: an audit entry's action as a badge, on the audit trail and
(through ``audit_badge``) on a case's access history."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Created, changed, deleted; every other action (read, downloaded, …) grey.
AUDIT_BADGE_CLASSES = {0: "text-bg-success", 1: "text-bg-primary", 2: "text-bg-danger"}


def audit_badge(action: int, label: str) -> str:
    """The badge of an entry's ``action``, showing ``label`` (escaped)."""
    return f'<span class="badge {AUDIT_BADGE_CLASSES.get(action, "text-bg-secondary")}">{escape(str(label))}</span>'


@register.simple_tag
def audit_action_badge(entry: Any) -> SafeString:
    """``entry``: a LogEntry with its ``action_label``."""
    return mark_safe(audit_badge(entry.action, entry.action_label))  # noqa: S308 - escaped in audit_badge
