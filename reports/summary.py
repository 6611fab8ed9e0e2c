"""The one-sentence summary of a period's figures ("Periode Januari–Oktober 2024: 83 kasus kekerasan
terhadap anak — fisik 30, psikis 20, …"), shared by the PDF report and the dashboard.

It is built from the figures as the reader may see them (``figures_shown_to``), so a suppressed
count reads "<3" in the sentence as it does in the tables.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext, ngettext

from cases.vocabularies import ViolenceForm


def period_label(start: date, end: date) -> str:
    """The period as people say it: "Oktober 2024", "Januari–Oktober 2024", "November 2023–Februari
    2024", or the exact dates when the period does not follow whole months."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if not whole_months:
        return f"{formats.date_format(start, 'DATE_FORMAT')}–{formats.date_format(end, 'DATE_FORMAT')}"
    first, last = str(MONTHS[start.month]), str(MONTHS[end.month])
    if (start.year, start.month) == (end.year, end.month):
        return f"{first} {start.year}"
    if start.year == end.year:
        return f"{first}–{last} {end.year}"
    return f"{first} {start.year}–{last} {end.year}"


def _sort_key(item: tuple[str, int | str], order: list[str]) -> tuple[int, int]:
    code, count = item
    # Largest first; a suppressed "<3" sorts as the smallest; ties keep the vocabulary's order.
    size = count if isinstance(count, int) else 0
    return (-size, order.index(code) if code in order else len(order))


def summary_sentence(figures: dict[str, Any]) -> str:
    """The summary sentence of ``figures`` (the dict of ``figures_for`` or ``figures_shown_to``).

    Counts the cases of violence against children (totals.child_cases) and lists the violence forms
    of those cases (child_cases_by_form), largest first, forms with no case left out. Call it with
    the language to show active (e.g. inside ``translation.override("id")``)."""
    period = figures["period"]
    label = period_label(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]))
    count = figures["totals"]["child_cases"]
    if count == 0:
        return gettext("Period %(period)s: no cases of violence against children.") % {"period": label}
    head = ngettext(
        "Period %(period)s: %(count)s case of violence against children",
        "Period %(period)s: %(count)s cases of violence against children",
        count if isinstance(count, int) else 2,
    ) % {"period": label, "count": count}
    order = [str(form.value) for form in ViolenceForm]
    forms = [(code, n) for code, n in figures["child_cases_by_form"].items() if n != 0]
    forms.sort(key=lambda item: _sort_key(item, order))
    parts = [f"{_in_sentence(_form_label(code))} {n}" for code, n in forms]
    if not parts:
        return f"{head}."
    return f"{head} — {', '.join(parts)}."


def _in_sentence(label: str) -> str:
    """``label`` inside a sentence: its first letter in lower case, an abbreviation kept as it is
    ("perdagangan orang (TPPO)", "KDRT")."""
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def _form_label(code: str) -> str:
    try:
        return str(ViolenceForm(code).label)
    except ValueError:
        return code


def computed_label(computed_at: datetime) -> str:
    """When the figures were computed, as every output states it (local time)."""
    when = formats.date_format(timezone.localtime(computed_at), "DATETIME_FORMAT")
    return gettext("Figures computed on %(date)s.") % {"date": when}


def stale_notice(computed_at: datetime) -> str:
    """What every output says while it serves a stale snapshot ("angka sedang diperbarui"): the
    data changed after the figures shown were computed, and when those were computed."""
    when = formats.date_format(timezone.localtime(computed_at), "DATETIME_FORMAT")
    return gettext(
        "Figures being updated: the data changed after these figures were computed on %(date)s; "
        "the corrected figures follow shortly."
    ) % {"date": when}
