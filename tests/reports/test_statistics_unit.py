"""The pure rules of the statistics, without a database: small-cell suppression, the period
arithmetic (bounds in WIB, months, the monthly job's periods, the period selector's presets)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from reports.forms import PeriodForm, SnapshotPeriodForm
from reports.models import SnapshotKind
from reports.selectors import _suppress
from reports.services import scheduled_periods
from reports.statistics import Period, suppress_small

WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, "<3"), (2, "<3"), (3, 3), (250, 250)])
def test_counts_from_1_to_under_the_limit_are_suppressed_and_zero_is_not(value, shown):
    assert suppress_small(value) == shown


def test_the_limit_may_be_given_or_comes_from_the_settings(settings):
    assert suppress_small(4, limit=5) == "<5" and suppress_small(5, limit=5) == 5
    settings.STATISTICS_SMALL_CELL_LIMIT = 10
    assert suppress_small(9) == "<10" and suppress_small(10) == 10


def test_every_count_in_nested_figures_is_suppressed_but_not_the_numbers_that_are_no_counts():
    figures = {
        "definitions_version": 1,
        "median_hours_to_registration": 2,
        "totals": {"cases": 2, "closed": 0, "victims": 7},
        "kla": {"by_category_age_sex": {"j": {"13-17": {"P": 1}}}},
        "flag": True,
    }
    shown = _suppress(figures)
    assert shown["definitions_version"] == 1 and shown["median_hours_to_registration"] == 2
    assert shown["flag"] is True
    # Two cases: the table of cases is hidden whole, its zeros too (issue 14 §3).
    assert shown["totals"] == {"cases": "<3", "closed": "<3", "victims": 7}
    assert shown["kla"]["by_category_age_sex"]["j"]["13-17"]["P"] == "<3"


def test_a_period_runs_from_its_first_midnight_to_the_midnight_after_its_last_day_in_wib():
    start, end = Period(date(2024, 1, 1), date(2024, 10, 31)).bounds()
    assert start == datetime(2024, 1, 1, tzinfo=WIB) and end == datetime(2024, 11, 1, tzinfo=WIB)
    assert start.utcoffset() == end.utcoffset() == timedelta(hours=7)


def test_a_one_day_period_is_24_hours():
    start, end = Period(date(2024, 2, 29), date(2024, 2, 29)).bounds()
    assert end - start == timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 1, 31), date(2024, 3, 1), ["2024-01", "2024-02", "2024-03"]),
        (date(2024, 11, 15), date(2025, 1, 2), ["2024-11", "2024-12", "2025-01"]),
        (date(2024, 5, 1), date(2024, 5, 31), ["2024-05"]),
    ],
)
def test_the_months_of_a_period_are_every_month_it_touches(start, end, months):
    assert Period(start, end).months() == months


def test_the_monthly_job_makes_the_last_month_and_the_year_to_date():
    assert scheduled_periods(date(2026, 3, 1)) == [
        (SnapshotKind.MONTH, Period(date(2026, 2, 1), date(2026, 2, 28))),
        (SnapshotKind.YEAR_TO_DATE, Period(date(2026, 1, 1), date(2026, 2, 28))),
    ]


def test_on_the_first_of_january_the_monthly_job_makes_december_and_the_whole_last_year():
    assert scheduled_periods(date(2027, 1, 1)) == [
        (SnapshotKind.MONTH, Period(date(2026, 12, 1), date(2026, 12, 31))),
        (SnapshotKind.YEAR, Period(date(2026, 1, 1), date(2026, 12, 31))),
    ]


TODAY = date(2026, 1, 10)


def period_of(data: dict[str, str], form_class: type[PeriodForm] = PeriodForm) -> Period | dict[str, list[str]]:
    form = form_class(data, today=TODAY)
    return form.period() if form.is_valid() else dict(form.errors)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Period(date(2026, 1, 1), TODAY)),  # the default: this year to date
        ({"preset": "this_month"}, Period(date(2026, 1, 1), TODAY)),
        ({"preset": "last_month"}, Period(date(2025, 12, 1), date(2025, 12, 31))),  # across the year
        ({"preset": "last_year"}, Period(date(2025, 1, 1), date(2025, 12, 31))),
        ({"preset": "jan_oct", "year": "2024"}, Period(date(2024, 1, 1), date(2024, 10, 31))),
        ({"date_from": "2025-03-01", "date_to": "2025-03-31"}, Period(date(2025, 3, 1), date(2025, 3, 31))),
    ],
)
def test_each_preset_gives_its_period(data, expected):
    assert period_of(data) == expected


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"preset": "jan_oct"}, "year"),
        ({"preset": "jan_oct", "year": "2027"}, "year"),
        ({"preset": "custom", "date_from": "2025-03-02", "date_to": "2025-03-01"}, "date_to"),
        ({"preset": "custom", "date_from": "1999-12-31", "date_to": "2000-01-31"}, "date_from"),
        ({"preset": "custom", "date_from": "2026-01-01", "date_to": "2026-01-11"}, "date_to"),  # after today
    ],
)
def test_a_wrong_period_is_an_error_on_its_field(data, field):
    result = period_of(data)
    assert isinstance(result, dict) and field in result


def test_a_snapshot_is_only_made_of_a_period_that_has_ended():
    assert period_of({"preset": "last_month"}, SnapshotPeriodForm) == Period(date(2025, 12, 1), date(2025, 12, 31))
    running = period_of({"preset": "custom", "date_from": "2026-01-01", "date_to": "2026-01-10"}, SnapshotPeriodForm)
    assert isinstance(running, dict) and "date_to" in running
    assert isinstance(period_of({"preset": "this_month"}, SnapshotPeriodForm), dict)  # not offered
