"""Badges, deadlines and the rows of case tables, as simple tags in Python: they appear on every row
of the worklist, where an ``{% include %}`` per cell, Django's ``get_FOO_display`` (which rebuilds
the whole choice list each call) and the template engine's lookups were most of the page's time
beyond its SQL (docs/architecture.md#performance-budgets, bench/README.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from html import escape
from typing import Any, NamedTuple
from uuid import UUID

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.dates import MONTHS
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext

from cases.models import Case, CaseEvent, CaseStatus, EventKind
from cases.vocabularies import Channel, Risk
from uptdppa.accounts.models import Role
from uptdppa.accounts.templatetags.audit_tags import audit_badge
from uptdppa.web import choice_labels

register = template.Library()

STATUS_CLASSES = {CaseStatus.OPEN: "text-bg-success", CaseStatus.RECEIVED: "text-bg-primary"}
RISK_CLASSES = {Risk.TINGGI: "text-bg-danger", Risk.SEDANG: "text-bg-warning"}


@register.simple_tag
def status_badge(case: Case) -> SafeString:
    return _texts().status.get(case.status) or _status_badge(case.status)


@register.simple_tag
def risk_badge(case: Case) -> SafeString:
    return _texts().risk.get(case.risk) or _risk_badge(case.risk)


def _status_badge(status: str) -> SafeString:
    css = STATUS_CLASSES.get(status, "text-bg-secondary")  # type: ignore[call-overload]
    return format_html('<span class="badge {}">{}</span>', css, CaseStatus(status).label)


def _risk_badge(risk: str) -> SafeString:
    if not risk:
        return mark_safe('<span class="text-body-secondary">—</span>')  # noqa: S308 - a constant
    css = RISK_CLASSES.get(risk, "text-bg-info")  # type: ignore[call-overload]
    return format_html('<span class="badge {}">{}</span>', css, Risk(risk).label)


# --- What every row repeats, built once per process and language ----------------------------------
# The rows of a page repeat a handful of labels (statuses, risks, channels, "Overdue") and one date
# format: translating, escaping and parsing them again for each of 25 rows was most of the rows'
# time. They depend only on the language (and the deployed translations), never on the user.


class _RowTexts(NamedTuple):
    status: dict[str, SafeString]
    risk: dict[str, SafeString]
    channel: dict[str, str]  # escaped
    overdue: str  # escaped
    respond_by: str  # escaped
    police_report_by: str  # escaped
    no_deadline: SafeString
    moment: Callable[[datetime], str]  # a local datetime as the language writes it (escaped)
    roles: dict[str, str]  # escaped
    system: str  # escaped
    event_kinds: dict[str, str]  # escaped


_ROW_TEXTS: dict[str, _RowTexts] = {}


def _escaped(labels: dict[str, str]) -> dict[str, str]:
    return {value: escape(label) for value, label in labels.items()}


def _texts() -> _RowTexts:
    language = get_language() or settings.LANGUAGE_CODE
    texts = _ROW_TEXTS.get(language)
    if texts is None:
        texts = _ROW_TEXTS[language] = _RowTexts(
            status={value: _status_badge(value) for value in CaseStatus.values},
            risk={value: _risk_badge(value) for value in ["", *Risk.values]},
            channel=_escaped(choice_labels(Channel)),
            overdue=escape(gettext("Overdue")),
            respond_by=escape(gettext("Respond by")),
            police_report_by=escape(gettext("Police report by")),
            no_deadline=format_html(
                '<span class="text-body-secondary" aria-hidden="true">—</span><span class="visually-hidden">{}</span>',
                gettext("No deadline"),
            ),
            moment=_compiled_format(str(get_format("DATETIME_FORMAT"))),
            roles=_escaped(choice_labels(Role)),
            system=escape(gettext("System")),
            event_kinds=_escaped(choice_labels(EventKind)),
        )
    return texts


# Format characters written here without Django's DateFormat (the others ask it): same output.
_FAST_FORMAT: dict[str, Callable[[datetime], str]] = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "Y": lambda value: f"{value.year:04d}",
    "y": lambda value: f"{value.year % 100:02d}",
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
    "s": lambda value: f"{value.second:02d}",
}


def _zone_name(value: datetime) -> str:
    """DateFormat's "T" (the zone's abbreviation, "WIB"): asked of the zone itself for a local time
    that is neither ambiguous nor imaginary, which a time from localtime() in a zone without daylight
    saving never is; DateFormat otherwise."""
    if value.tzinfo is not None and value.utcoffset() == value.replace(fold=1 - value.fold).utcoffset():
        return str(value.tzname())
    return str(DateFormat(value).T())


_FAST_FORMAT["T"] = _zone_name


def _by_django(char: str) -> Callable[[datetime], str]:
    return lambda value: str(getattr(DateFormat(value), char)())


def _compiled_format(format_string: str) -> Callable[[datetime], str]:
    """``django.utils.dateformat.format(value, format_string)`` (escaped), with the format parsed
    and the month names translated once rather than for every value."""
    months = {number: str(name) for number, name in MONTHS.items()}
    pieces: list[str | Callable[[datetime], str]] = []
    for i, piece in enumerate(re_formatchars.split(format_string)):
        if i % 2 == 0:
            if piece:
                pieces.append(re_escaped.sub(r"\1", piece))
        elif piece == "F":
            pieces.append(lambda value: months[value.month])
        elif piece in _FAST_FORMAT:
            pieces.append(_FAST_FORMAT[piece])
        else:
            pieces.append(_by_django(piece))

    def moment(value: datetime) -> str:
        return escape("".join([piece if isinstance(piece, str) else piece(value) for piece in pieces]))

    return moment


def _moment(value: datetime, texts: _RowTexts, zone: tzinfo) -> tuple[str, str]:
    """A datetime as its ``datetime`` attribute and as shown (in the current time ``zone``, as
    timezone.localtime, and the language's format; escaped)."""
    local = value.astimezone(zone)
    return local.isoformat(), texts.moment(local)  # isoformat() is |date:"c"


def _deadline(due: datetime, now: datetime, texts: _RowTexts, zone: tzinfo) -> str:
    machine, shown = _moment(due, texts, zone)
    if due >= now:
        return f'<time class="text-nowrap" datetime="{machine}">{shown}</time>'
    return (
        f'<time class="text-nowrap text-danger fw-semibold" datetime="{machine}">{shown}</time> <span class="badge '
        f'text-bg-danger"><i class="bi bi-exclamation-triangle-fill me-1" aria-hidden="true"></i>{texts.overdue}</span>'
    )


@register.simple_tag
def deadline(due: datetime, now: datetime) -> SafeString:
    """A deadline: red with an "overdue" badge once past."""
    return mark_safe(_deadline(due, now, _texts(), timezone.get_current_timezone()))  # noqa: S308 - escaped in _deadline


def _deadlines(case: Case, now: datetime, texts: _RowTexts, zone: tzinfo) -> str:
    """The deadlines cell: the response deadline of a complaint awaiting triage, the police report's."""
    shown = []
    if case.status == CaseStatus.RECEIVED and case.response_due_at:
        shown.append((texts.respond_by, _deadline(case.response_due_at, now, texts, zone)))
    if case.police_report_due_at:
        shown.append((texts.police_report_by, _deadline(case.police_report_due_at, now, texts, zone)))
    if not shown:
        return texts.no_deadline
    return "".join(
        f'<div class="small"><span class="text-body-secondary">{label}</span> {cell}</div>' for label, cell in shown
    )


def _label_html(label: str) -> str:
    """A case's label (``Case.label``) as HTML. A complaint's label wraps only between its words,
    never inside its date ("08-12-2026", at its hyphens), and a "·" ends the line of the word
    before it; its text is the label's, unchanged (each word a .label-part of static/css/app.css).
    A register number is written as it is."""
    if " · " not in label:
        return escape(label)
    words: list[str] = []
    for word in label.split(" "):
        if word == "·" and words:
            words[-1] += " ·"
        else:
            words.append(word)
    return " ".join(f'<span class="label-part">{escape(word)}</span>' for word in words)


@register.filter
def case_label(case: Case) -> SafeString:
    """``{{ case|case_label }}``: the case's label in a heading or a table (_label_html)."""
    return mark_safe(_label_html(case.label))  # noqa: S308 - escaped in _label_html


@register.simple_tag
def case_rows(cases: Iterable[Case], now: datetime) -> SafeString:
    """The body rows of templates/cases/includes/case_table.html (the cases from
    cases.selectors.for_case_rows), written directly: every value escaped, the repeated labels
    from _texts()."""
    texts, zone = _texts(), timezone.get_current_timezone()
    placeholder = str(UUID(int=0))
    detail_url = reverse("cases:detail", args=[placeholder])
    rows = []
    for case in cases:
        received_machine, received_shown = _moment(case.received_at, texts, zone)
        kecamatan = "—" if case.row_kecamatan is None else escape(case.row_kecamatan)  # type: ignore[attr-defined]
        # A register number stays on one line; a complaint's longer name wraps, and so does the time
        # received, so that the seven columns fit a laptop's 1366 px without scrolling. position-relative
        # on the deadlines cell keeps its visually hidden text inside the scrolling table on phones.
        rows.append(
            f'<tr><th scope="row" class="{"fw-normal text-nowrap" if case.register_number else "fw-normal"}">'
            f'<a class="case-code" href="{escape(detail_url.replace(placeholder, str(case.code)))}">'
            f"{_label_html(case.label)}</a></th>"
            f"<td>{texts.status.get(case.status) or _status_badge(case.status)}</td>"
            f"<td>{texts.risk.get(case.risk) or _risk_badge(case.risk)}</td>"
            f'<td class="case-received"><time datetime="{received_machine}">{received_shown}</time></td>'
            f'<td class="position-relative">{_deadlines(case, now, texts, zone)}</td><td>{kecamatan}</td>'
            f"<td>{texts.channel.get(case.channel) or escape(str(Channel(case.channel).label))}</td></tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag
def police_report_window() -> str:
    """The UU TPKS Pasal 41 window as people say it ("3 × 24 hours"), from POLICE_REPORT_WINDOW_HOURS."""
    hours = settings.POLICE_REPORT_WINDOW_HOURS
    if hours % 24 == 0:
        return gettext("%(days)s × 24 hours") % {"days": hours // 24}
    return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}


@register.simple_tag
def access_rows(rows: Iterable[dict[str, Any]]) -> SafeString:
    """The body rows of templates/cases/access_history.html (the rows of
    cases.selectors.access_history.entry_rows), written directly as case_rows is: two dates, a
    user and a role per row through the template engine were most of the page's time beyond its
    SQL (bench/README.md, "access history")."""
    texts, zone = _texts(), timezone.get_current_timezone()
    shown = []
    for row in rows:
        machine, moment = _moment(row["timestamp"], texts, zone)
        actor = row["actor"]
        if actor is None:
            who = f'<span class="fst-italic">{texts.system}</span>'
        else:
            role = texts.roles.get(actor.role) or escape(str(actor.role))
            who = f'{escape(str(actor))} <span class="d-block small text-body-secondary">{role}</span>'
        shown.append(
            f'<tr><td class="audit-time"><time datetime="{machine}">{moment}</time></td><td>{who}</td>'
            f"<td>{audit_badge(row['action'], row['action_label'])}</td>"
            f'<td class="audit-object"><span class="d-block">{escape(capfirst(row["record_kind"]) or "")}</span>'
            f'<span class="d-block small text-body-secondary text-break">{escape(row["record"])}</span></td>'
            f'<td class="text-nowrap small">{escape(row["remote_addr"] or "—")}</td></tr>'
        )
    return mark_safe("\n".join(shown))  # noqa: S308 - every value escaped above


@register.simple_tag
def timeline_items(events: Iterable[CaseEvent]) -> SafeString:
    """The items of a case's timeline (templates/cases/includes/case_timeline_events.html), written
    directly as case_rows is: each event's kind through ``get_kind_display`` (which rebuilds the
    long list of kinds) and its date through the template engine cost 0.3 ms an event, 90 ms
    for a case with 300 events (bench/README.md, "case detail")."""
    texts, zone = _texts(), timezone.get_current_timezone()
    recorded = escape(gettext("recorded"))
    items = []
    for event in events:
        machine, moment = _moment(event.at, texts, zone)
        when = f'<time datetime="{machine}">{moment}</time>'
        happened = _happened_on(event)
        if happened is not None and happened != event.at.astimezone(zone).date():
            # What was done on another day than it was recorded: that day first (a session held on
            # the 7th, typed in on the 8th), the recording after it.
            shown = escape(date_format(happened, "DATE_FORMAT"))
            when = f'<time datetime="{happened.isoformat()}">{shown}</time>&nbsp;· {recorded} {when}'
        who = texts.system if event.actor is None else escape(event.actor.display_name)
        kind = texts.event_kinds.get(event.kind) or escape(str(event.kind))
        items.append(
            f'<li class="list-group-item px-0 timeline-event" data-kind="{escape(str(event.kind))}">'
            f'<span class="d-block fw-semibold">{kind}</span><span class="small text-body-secondary">'
            f"{when}&nbsp;· {who}</span></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped above


# The keys under which the services record, in an event's data, the day something was done
# (cases.services: event_add(..., date=..., visited_on=...)); a due date is not among them.
_HAPPENED_ON_KEYS = ("date", "visited_on", "done_on", "assessed_on", "admitted_on", "discharged_on")


def _happened_on(event: CaseEvent) -> date | None:
    for key in _HAPPENED_ON_KEYS:
        value = event.data.get(key) if isinstance(event.data, dict) else None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
    return None
