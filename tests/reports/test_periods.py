"""A period is read in one place (uptdppa/periods.py): the statistics' preset form, the SIMFONI work
list, the head's referral overview and the API all refuse an end before the start with the same
message beside the end, and read the same days."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from referrals.forms import OverviewPeriodForm
from reports.forms import PeriodForm, SimfoniPeriodForm
from reports.serializers import SimfoniCaseQuery, StatisticsQuery
from uptdppa.periods import END_BEFORE_START, Period

REVERSED = {"date_from": "2025-03-02", "date_to": "2025-03-01"}
MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}


def test_every_period_input_refuses_an_end_before_the_start_with_one_message():
    with translation.override("en"):
        message = str(END_BEFORE_START)
        forms = [
            PeriodForm({**REVERSED, "preset": "custom"}, today=date(2026, 1, 10)),
            SimfoniPeriodForm(REVERSED),
            OverviewPeriodForm(REVERSED),
        ]
        for form in forms:
            assert not form.is_valid() and form.errors["date_to"] == [message], type(form)
        for serializer in (StatisticsQuery, SimfoniCaseQuery):
            query = serializer(data={"from": "2025-03-02", "to": "2025-03-01"})
            assert not query.is_valid() and query.errors["to"] == [message], serializer


def test_every_period_input_reads_the_same_days():
    expected = Period(date(2025, 3, 1), date(2025, 3, 31))
    for form in (PeriodForm(MARCH, today=date(2026, 1, 10)), SimfoniPeriodForm(MARCH), OverviewPeriodForm(MARCH)):
        assert form.is_valid() and form.period() == expected
    query = StatisticsQuery(data={"from": "2025-03-01", "to": "2025-03-31"})
    assert query.is_valid() and query.validated_data["period"] == expected
    start, end = expected
    assert (start, end) == (expected.start, expected.end)  # a period unpacks as its two days
