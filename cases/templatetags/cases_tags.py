"""Badges, deadlines and the rows of case tables, as simple tags in Python: they appear on every row
of the worklist, where an ``{% include %}`` per cell, Django's ``get_FOO_display`` (which rebuilds
the whole choice list each call) and the template engine's lookups were most of the page's time
beyond its SQL (docs/architecture.md#performance-budgets, bench/README.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from cases.models import Case, CaseStatus
from cases.vocabularies import Channel, Risk

register = template.Library()

STATUS_CLASSES = {CaseStatus.OPEN: "text-bg-success", CaseStatus.RECEIVED: "text-bg-primary"}
RISK_CLASSES = {Risk.TINGGI: "text-bg-danger", Risk.SEDANG: "text-bg-warning"}


@register.simple_tag
def status_badge(case: Case) -> SafeString:
    css = STATUS_CLASSES.get(case.status, "text-bg-secondary")  # type: ignore[call-overload]
    return format_html('<span class="badge {}">{}</span>', css, CaseStatus(case.status).label)


@register.simple_tag
def risk_badge(case: Case) -> SafeString:
    if not case.risk:
        return mark_safe('<span class="text-body-secondary">—</span>')  # noqa: S308 - a constant
    css = RISK_CLASSES.get(case.risk, "text-bg-info")  # type: ignore[call-overload]
    return format_html('<span class="badge {}">{}</span>', css, Risk(case.risk).label)


def _moment(value: datetime) -> tuple[str, str]:
    """A datetime as its ``datetime`` attribute and as shown (local time, the language's format)."""
    local = timezone.localtime(value)
    return local.isoformat(), date_format(local, get_format("DATETIME_FORMAT"))  # isoformat() is |date:"c"


@register.simple_tag
def deadline(due: datetime, now: datetime) -> SafeString:
    """A deadline: red with an "overdue" badge once past."""
    machine, shown = _moment(due)
    if due >= now:
        return format_html('<time class="text-nowrap" datetime="{}">{}</time>', machine, shown)
    return format_html(
        '<time class="text-nowrap text-danger fw-semibold" datetime="{}">{}</time> <span class="badge '
        'text-bg-danger"><i class="bi bi-exclamation-triangle-fill me-1" aria-hidden="true"></i>{}</span>',
        machine,
        shown,
        gettext("Overdue"),
    )


def _deadlines(case: Case, now: datetime) -> SafeString:
    """The deadlines cell: the response deadline of a complaint awaiting triage, the police report's."""
    shown = []
    if case.status == CaseStatus.RECEIVED and case.response_due_at:
        shown.append((gettext("Respond by"), deadline(case.response_due_at, now)))
    if case.police_report_due_at:
        shown.append((gettext("Police report by"), deadline(case.police_report_due_at, now)))
    if not shown:
        return format_html(
            '<span class="text-body-secondary" aria-hidden="true">—</span><span class="visually-hidden">{}</span>',
            gettext("No deadline"),
        )
    return format_html_join("", '<div class="small"><span class="text-body-secondary">{}</span> {}</div>', shown)


@register.simple_tag
def case_rows(cases: Iterable[Case], now: datetime) -> SafeString:
    """The body rows of templates/cases/includes/case_table.html (the cases from
    case_worklist_for_user, incident_region__parent selected)."""
    placeholder = str(UUID(int=0))
    detail_url = reverse("cases:detail", args=[placeholder])
    rows = []
    for case in cases:
        received_machine, received_shown = _moment(case.received_at)
        region = case.incident_region
        rows.append(
            (
                # A register number stays on one line; a complaint's longer name wraps.
                "fw-normal text-nowrap" if case.register_number else "fw-normal",
                detail_url.replace(placeholder, str(case.code)),
                case.label,
                status_badge(case),
                risk_badge(case),
                received_machine,
                received_shown,
                _deadlines(case, now),
                region.parent.name if region is not None and region.parent is not None else "—",
                Channel(case.channel).label,
            )
        )
    # position-relative on the deadlines cell keeps its visually hidden text inside the scrolling
    # table on phones.
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="{}"><a class="case-code" href="{}">{}</a></th>'
        '<td>{}</td><td>{}</td><td class="text-nowrap"><time datetime="{}">{}</time></td>'
        '<td class="position-relative">{}</td><td>{}</td><td>{}</td></tr>',
        rows,
    )


@register.simple_tag
def police_report_window() -> str:
    """The UU TPKS Pasal 41 window as people say it ("3 × 24 hours"), from POLICE_REPORT_WINDOW_HOURS."""
    hours = settings.POLICE_REPORT_WINDOW_HOURS
    if hours % 24 == 0:
        return gettext("%(days)s × 24 hours") % {"days": hours // 24}
    return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
