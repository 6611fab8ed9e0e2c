"""Date arithmetic of post-closure monitoring and the shelter limit, without a database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from cases.models import ShelterStay
from cases.services.closure import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),  # into the next year
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
        (date(2026, 11, 30), 25, date(2028, 12, 30)),
    ],
)
def test_months_are_added_keeping_the_day_or_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


TODAY = date(2026, 3, 20)


def stay(days_ago: int, discharged: bool = False) -> ShelterStay:
    admitted = TODAY - timedelta(days=days_ago)
    return ShelterStay(admitted_on=admitted, discharged_on=TODAY if discharged else None)


@time_machine.travel("2026-03-20 10:00 +0700", tick=False)
@pytest.mark.parametrize(
    ("days_ago", "warning", "overdue"),
    [(0, False, False), (11, False, False), (12, True, False), (14, True, False), (15, False, True), (40, False, True)],
)
def test_a_stay_warns_from_day_12_to_day_14_and_is_overdue_after(days_ago, warning, overdue):
    current = stay(days_ago)
    assert current.days == days_ago
    assert (current.is_warning, current.is_overdue) == (warning, overdue)


@time_machine.travel("2026-03-20 10:00 +0700", tick=False)
def test_a_discharged_stay_neither_warns_nor_is_overdue():
    assert (stay(30, discharged=True).is_warning, stay(30, discharged=True).is_overdue) == (False, False)


@time_machine.travel("2026-03-20 10:00 +0700", tick=False)
def test_the_limits_follow_the_settings(settings):
    settings.SHELTER_WARNING_DAY, settings.SHELTER_LIMIT_DAYS = 5, 7
    assert (stay(5).is_warning, stay(7).is_overdue, stay(8).is_overdue) == (True, False, True)
