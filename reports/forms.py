"""Forms of reports: input shape only; the services decide.

``PeriodForm`` is the period selector of the dashboard, "generate now" and the exports: a preset
(this month, last month, year to date, last year, January–October of a year) or a custom range
of days, read by the shared ``uptdppa.periods.PeriodForm`` (the end not before the start). An
empty form means the year to date. Bad input gives a message beside the field, never an error
page. ``SimfoniPeriodForm`` is the SIMFONI work list's: the shared form as it is, plus a filter.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uptdppa import periods
from uptdppa.periods import Period, day_field

# No figures exist before the unit's records; an earlier date is a typing mistake (e.g. 0001).
EARLIEST = date(2000, 1, 1)


class Preset:
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    YEAR_TO_DATE = "year_to_date"
    LAST_YEAR = "last_year"
    JAN_OCT = "jan_oct"
    CUSTOM = "custom"

    CHOICES = (
        (THIS_MONTH, _("This month")),
        (LAST_MONTH, _("Last month")),
        (YEAR_TO_DATE, _("This year to date")),
        (LAST_YEAR, _("Last year")),
        (JAN_OCT, _("January–October of a year")),
        (CUSTOM, _("Custom period")),
    )
    # Periods still running: shown live on the dashboard, never stored as a snapshot.
    RUNNING = frozenset({THIS_MONTH, YEAR_TO_DATE})


class PeriodForm(periods.PeriodForm):
    """The period to show. Call ``period()`` after ``is_valid()``."""

    preset = forms.ChoiceField(label=_("Period"), choices=Preset.CHOICES, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("For January–October of a year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    date_from = day_field(_("From"), help_text=_("For a custom period."))

    field_order = ["preset", "year", "date_from", "date_to"]

    default_preset = Preset.YEAR_TO_DATE

    def __init__(self, data: Any = None, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        if data is not None and not data.get("preset"):
            # No preset (an empty query, or a link with dates only): say which one applies, so
            # that the page shows it selected.
            data = data.copy()
            typed = data.get("date_from") or data.get("date_to")
            data["preset"] = Preset.CUSTOM if typed else self.default_preset
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["year"].widget.attrs.update({"min": EARLIEST.year, "max": self.today.year})
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update({"min": EARLIEST.isoformat(), "max": self.today.isoformat()})

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # the days read, and the end not before the start
        if "preset" in self.errors:
            return data
        preset = data.get("preset") or self.default_preset
        # Only the fields of the chosen preset count: a leftover in a hidden field is ignored.
        ignored = {"year"} if preset != Preset.JAN_OCT else set()
        ignored |= {"date_from", "date_to"} if preset != Preset.CUSTOM else set()
        for name in ignored:
            self.errors.pop(name, None)
        if self.errors:  # a field could not be read: its own message says why
            return data
        period = self._resolve(preset, data)
        if period is not None:
            data["period"] = period
        return data

    def _resolve(self, preset: str, data: dict[str, Any]) -> Period | None:
        today = self.today
        if preset == Preset.THIS_MONTH:
            return Period(today.replace(day=1), today)
        if preset == Preset.LAST_MONTH:
            last = today.replace(day=1) - timedelta(days=1)
            return Period(last.replace(day=1), last)
        if preset == Preset.YEAR_TO_DATE:
            return Period(today.replace(month=1, day=1), today)
        if preset == Preset.LAST_YEAR:
            return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        if preset == Preset.JAN_OCT:
            return self._january_october(data.get("year"))
        return self._custom(data.get("date_from"), data.get("date_to"))

    def _january_october(self, year: int | None) -> Period | None:
        if year is None:
            self.add_error("year", _("Enter the year for January–October."))
            return None
        if not EARLIEST.year <= year <= self.today.year:
            self.add_error(
                "year",
                _("Enter a year from %(first)s to %(last)s.") % {"first": EARLIEST.year, "last": self.today.year},
            )
            return None
        return Period(date(year, 1, 1), date(year, 10, 31))

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
            field = "year" if data.get("preset") == Preset.JAN_OCT else "date_to"
            self.add_error(field, _("Only a period that has ended can be stored: choose one that ends before today."))
        return data


class SimfoniPeriodForm(periods.PeriodForm):
    """The SIMFONI work list's period of registration (both days included; empty means this year
    up to today) and its filter."""

    date_from = day_field(_("Registered from"))
    date_to = day_field(_("Registered until"))
    pending = forms.BooleanField(label=_("Only cases not yet entered in SIMFONI"), required=False)
