"""Forms of reports: input shape only; the services decide.

``PeriodForm`` is the period selector of the dashboard, "generate now" and the exports: a preset
(this month, last month, year to date, last year, January–October of a year) or a custom range
of days, read by the shared ``uptdppa.periods.PeriodForm`` (the end not before the start). An
empty form means the year to date. Bad input gives a message beside the field, never an error
page. ``SimfoniPeriodForm`` is the SIMFONI work list's: the shared form as it is, plus a filter.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from uptdppa import periods
from uptdppa.periods import Period, day_field

from .access import period_refusal

# No figures exist before the unit's records; an earlier date is a typing mistake (e.g. 0001).
EARLIEST = date(2000, 1, 1)


class Preset:
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    YEAR_TO_DATE = "year_to_date"
    LAST_YEAR = "last_year"
    JAN_OCT = "jan_oct"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"

    CHOICES = (
        (THIS_MONTH, _("This month")),
        (LAST_MONTH, _("Last month")),
        (YEAR_TO_DATE, _("This year to date")),
        (LAST_YEAR, _("Last year")),
        (JAN_OCT, _("January–October of a year")),
        (MONTH, _("A month")),
        (QUARTER, _("A quarter")),
        (YEAR, _("A year")),
        (CUSTOM, _("Custom period")),
    )
    # Leadership's names of the running periods: the whole month or year, its figures so far.
    WHOLE_LABELS = {THIS_MONTH: _("This month (running)"), YEAR_TO_DATE: _("This year (running)")}
    # Periods still running: shown live on the dashboard, never stored as a snapshot.
    RUNNING = frozenset({THIS_MONTH, YEAR_TO_DATE})
    # The presets that need a year.
    WITH_YEAR = frozenset({JAN_OCT, MONTH, QUARTER, YEAR})


MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]
QUARTER_CHOICES = [
    (1, _("January–March")),
    (2, _("April–June")),
    (3, _("July–September")),
    (4, _("October–December")),
]


class PeriodForm(periods.PeriodForm):
    """The period to show. Call ``period()`` after ``is_valid()``.

    For ``user`` whose figures must be whole calendar months (leadership,
    ``reports.access.period_refusal``) the form offers only whole periods: the running month and
    year are the whole month and year (their figures so far), a custom range is not offered, and a
    range typed anyway is refused with the reason."""

    preset = forms.ChoiceField(label=_("Period"), choices=Preset.CHOICES, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("For January–October, a month, a quarter or a year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTH_CHOICES, coerce=int, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False)
    date_from = day_field(_("From"), help_text=_("For a custom period."))

    field_order = ["preset", "year", "month", "quarter", "date_from", "date_to"]

    default_preset = Preset.YEAR_TO_DATE

    def __init__(
        self, data: Any = None, *args: Any, today: date | None = None, user: Any = None, **kwargs: Any
    ) -> None:
        if data is not None and not data.get("preset"):
            # No preset (an empty query, or a link with dates only): say which one applies, so
            # that the page shows it selected.
            data = data.copy()
            typed = data.get("date_from") or data.get("date_to")
            data["preset"] = Preset.CUSTOM if typed else self.default_preset
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        self.user = user
        # Whole calendar months only (leadership): the one rule, asked of a period once resolved.
        self.whole_only = user is not None and period_refusal(user, Period(self.today, self.today)) is not None
        if self.whole_only:
            field: Any = self.fields["preset"]
            # A custom range stays valid input (a link, an old bookmark) and is refused with the
            # reason; it is not offered.
            field.widget.choices = [
                (value, Preset.WHOLE_LABELS.get(value, label))
                for value, label in Preset.CHOICES
                if value != Preset.CUSTOM
            ]
        self.fields["year"].widget.attrs.update({"min": EARLIEST.year, "max": self.today.year})
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update({"min": EARLIEST.isoformat(), "max": self.today.isoformat()})

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # the days read, and the end not before the start
        if "preset" in self.errors:
            return data
        preset = data.get("preset") or self.default_preset
        # Only the fields of the chosen preset count: a leftover in a hidden field is ignored.
        ignored = {"year"} if preset not in Preset.WITH_YEAR else set()
        ignored |= {"month"} if preset != Preset.MONTH else set()
        ignored |= {"quarter"} if preset != Preset.QUARTER else set()
        ignored |= {"date_from", "date_to"} if preset != Preset.CUSTOM else set()
        for name in ignored:
            self.errors.pop(name, None)
        if self.errors:  # a field could not be read: its own message says why
            return data
        period = self._resolve(preset, data)
        if period is not None and self.user is not None:
            refusal = period_refusal(self.user, period)
            if refusal is not None:
                self.add_error("preset", refusal)  # offered beside the choice of whole periods
                return data
        if period is not None:
            data["period"] = period
        return data

    def _resolve(self, preset: str, data: dict[str, Any]) -> Period | None:
        today = self.today
        if preset == Preset.THIS_MONTH:
            return Period(today.replace(day=1), _month_end(today) if self.whole_only else today)
        if preset == Preset.LAST_MONTH:
            last = today.replace(day=1) - timedelta(days=1)
            return Period(last.replace(day=1), last)
        if preset == Preset.YEAR_TO_DATE:
            return Period(today.replace(month=1, day=1), date(today.year, 12, 31) if self.whole_only else today)
        if preset == Preset.LAST_YEAR:
            return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        if preset in Preset.WITH_YEAR:
            return self._of_year(preset, data)
        return self._custom(data.get("date_from"), data.get("date_to"))

    def _of_year(self, preset: str, data: dict[str, Any]) -> Period | None:
        """January–October, a month, a quarter or a year of the year typed: whole months, the
        running one included (its figures so far), never one that starts after today."""
        year: int | None = data.get("year")
        if year is None:
            message = _("Enter the year for January–October.") if preset == Preset.JAN_OCT else _("Enter the year.")
            self.add_error("year", message)
            return None
        if not EARLIEST.year <= year <= self.today.year:
            self.add_error(
                "year",
                _("Enter a year from %(first)s to %(last)s.") % {"first": EARLIEST.year, "last": self.today.year},
            )
            return None
        if preset == Preset.JAN_OCT:
            return Period(date(year, 1, 1), date(year, 10, 31))
        if preset == Preset.YEAR:
            return Period(date(year, 1, 1), date(year, 12, 31))
        field = "month" if preset == Preset.MONTH else "quarter"
        number: int | None = data.get(field)
        if number is None:
            self.add_error(field, _("Choose the month.") if preset == Preset.MONTH else _("Choose the quarter."))
            return None
        first, last = (number, number) if preset == Preset.MONTH else (3 * number - 2, 3 * number)
        start = date(year, first, 1)
        if start > self.today:
            self.add_error(field, _("The period cannot start after today."))
            return None
        return Period(start, _month_end(date(year, last, 1)))

    def _custom(self, start: date | None, end: date | None) -> Period | None:
        if start is None:
            self.add_error("date_from", _("Enter the first day of the period."))
        elif start < EARLIEST:
            self.add_error(
                "date_from", _("The period cannot start before 1 January %(year)s.") % {"year": EARLIEST.year}
            )
        if end is None:
            self.add_error("date_to", _("Enter the last day of the period."))
        elif end > self.today:
            self.add_error("date_to", _("The period cannot end after today."))
        if self.errors or start is None or end is None:
            return None
        return Period(start, end)

    def period(self) -> Period:
        return self.cleaned_data["period"]  # type: ignore[no-any-return]


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class SnapshotPeriodForm(PeriodForm):
    """The period of a "generate now": only a period that has ended can be stored (a running one
    is always computed live, and a snapshot of half a month would be served as if final)."""

    default_preset = Preset.LAST_MONTH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["preset"]
        field.choices = [(value, label) for value, label in Preset.CHOICES if value not in Preset.RUNNING]
        self.fields["date_to"].widget.attrs["max"] = (self.today - timedelta(days=1)).isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        period = data.get("period")
        if period is not None and period.end >= self.today:
            preset = data.get("preset")
            field = {Preset.MONTH: "month", Preset.QUARTER: "quarter"}.get(preset or "", "date_to")
            field = "year" if preset in (Preset.JAN_OCT, Preset.YEAR) else field
            self.add_error(field, _("Only a period that has ended can be stored: choose one that ends before today."))
        return data


class SimfoniPeriodForm(periods.PeriodForm):
    """The SIMFONI work list's period of registration (both days included; empty means this year
    up to today) and its filter."""

    date_from = day_field(_("Registered from"))
    date_to = day_field(_("Registered until"))
    pending = forms.BooleanField(label=_("Only cases not yet entered in SIMFONI"), required=False)
