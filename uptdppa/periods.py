"""A period of calendar days, and its one reading from a page (``PeriodForm``) and from the API
(``PeriodQuery``).

Every page and operation that takes a period (the statistics, the SIMFONI work list, the head's
referral overview) reads it through these, so that the same input gives the same period and the
same refusal everywhere. Shared by the apps (reports, referrals), so it sits below them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from uptdppa.web import date_input

END_BEFORE_START = _("The end of the period must not be before its start.")
NOT_WHOLE_MONTHS = _(
    "Leadership's figures are for whole calendar months: a month, a quarter or a year, from the 1st "
    "of a month to the last day of a month, so that no child can be recognised from a few days' figures."
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) in local time (WIB)."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def months(self) -> list[str]:
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day.strftime("%Y-%m"))
            day = (day + timedelta(days=32)).replace(day=1)
        return months

    def __iter__(self) -> Iterator[date]:
        """``start, end = period``."""
        return iter((self.start, self.end))


def period_error(start: date | None, end: date | None) -> str | None:
    """Why ``start``–``end`` is no period (the end before the start), or None: the rule of every
    period typed in, on a page or through the API."""
    if start is not None and end is not None and start > end:
        return str(END_BEFORE_START)
    return None


def whole_months_error(start: date | None, end: date | None) -> str | None:
    """Why ``start``–``end`` is not whole calendar months (it starts after the 1st or ends before
    a month's last day), or None: the rule of every period leadership asks for, on a page, in a
    report file or through the API (``reports.access.period_refusal`` says whose)."""
    if start is None or end is None:
        return None
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return str(NOT_WHOLE_MONTHS)
    return None


def day_field(label: Any, **kwargs: Any) -> forms.DateField:
    """An optional day of a period, with the browser's date picker."""
    return forms.DateField(label=label, required=False, widget=date_input(), **kwargs)


class PeriodForm(forms.Form):
    """A period typed as two days, both included and both optional: an empty end is today, an
    empty start the 1st of January of the end's year. A page gives the fields its own labels by
    declaring them again with ``day_field``. Call ``period()`` after ``is_valid()``."""

    date_from = day_field(_("From"))
    date_to = day_field(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        error = period_error(data.get("date_from"), data.get("date_to"))
        if error is not None:
            self.add_error("date_to", error)
        return data

    def default_start(self, end: date) -> date:
        return date(end.year, 1, 1)

    def period(self) -> Period:
        """The chosen period; a form that is not valid gives the default period."""
        data = self.cleaned_data if self.is_valid() else {}
        end: date = data.get("date_to") or timezone.localdate()
        start: date = data.get("date_from") or self.default_start(end)
        return Period(start, end)


class PeriodQuery(serializers.Serializer):
    """A period of calendar days (WIB), both ends included, as the API takes it: ``from`` and
    ``to``. ``from`` is a Python keyword, so the field is declared as ``from_`` and published as
    ``from``. The validated data holds the ``period`` too."""

    from_ = serializers.DateField(help_text=_("First day of the period (YYYY-MM-DD)."))
    to = serializers.DateField(help_text=_("Last day of the period, included (YYYY-MM-DD)."))

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        error = period_error(attrs["from"], attrs["to"])
        if error is not None:
            raise serializers.ValidationError({"to": [error]})
        period = Period(attrs["from"], attrs["to"])
        check = self.context.get("period_refusal")  # e.g. whole months for leadership
        if check is not None and (refusal := check(period)) is not None:
            raise serializers.ValidationError({"from": [refusal]})
        return {**attrs, "period": period}
