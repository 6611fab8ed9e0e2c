"""Leadership's periods are whole calendar months (issue 14 §3): a single day, or any period that
does not run from a 1st to a month's last day, is refused with one Indonesian message on the
dashboard, for a report file and through the API; the page offers only whole periods and says why.
The unit's own staff keep any period of days."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from reports.access import period_refusal
from reports.models import ReportFile, ReportFileKind
from reports.services import report_file_request
from reports.statistics import Period
from tests.conftest import World
from uptdppa.periods import NOT_WHOLE_MONTHS, whole_months_error

pytestmark = pytest.mark.django_db

STATS = "/api/v1/statistics/"
ONE_DAY = {"from": "2024-03-08", "to": "2024-03-08"}
MESSAGE = str(NOT_WHOLE_MONTHS)


def test_the_rule_takes_whole_months_only() -> None:
    assert whole_months_error(date(2024, 3, 8), date(2024, 3, 8)) == MESSAGE
    assert whole_months_error(date(2024, 3, 1), date(2024, 3, 30)) == MESSAGE  # a day short
    assert whole_months_error(date(2024, 3, 2), date(2024, 3, 31)) == MESSAGE
    assert whole_months_error(date(2024, 2, 1), date(2024, 2, 29)) is None  # leap year
    assert whole_months_error(date(2024, 1, 1), date(2024, 3, 31)) is None  # a quarter
    assert whole_months_error(date(2024, 1, 1), date(2024, 12, 31)) is None
    assert whole_months_error(date(2024, 1, 1), date(2024, 10, 31)) is None  # KLA's January–October


def test_only_leadership_is_held_to_whole_months(world: World) -> None:
    day = Period(date(2024, 3, 8), date(2024, 3, 8))
    assert period_refusal(world.pimpinan, day) == MESSAGE
    assert period_refusal(world.kepala, day) is None
    assert period_refusal(world.operator, day) is None


def test_the_api_refuses_a_single_day_to_leadership_in_indonesian(world: World, client: Any) -> None:
    client.force_login(world.pimpinan)
    response = client.get(STATS, ONE_DAY)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["from"] == [
        "Angka bagi pimpinan selalu untuk bulan kalender penuh: satu bulan, satu triwulan, atau satu tahun, "
        "dari tanggal 1 sampai tanggal terakhir suatu bulan, agar tidak ada anak yang dapat dikenali dari "
        "angka beberapa hari."
    ]
    assert client.get(STATS, {"from": "2024-03-01", "to": "2024-03-31"}).status_code == 200
    client.force_login(world.kepala)
    assert client.get(STATS, ONE_DAY).status_code == 200


def test_the_dashboard_refuses_a_typed_day_and_keeps_it(world: World, client: Any) -> None:
    client.force_login(world.pimpinan)
    response = client.get(
        reverse("reports:dashboard"), {"preset": "custom", "date_from": "2024-03-08", "date_to": "2024-03-08"}
    )
    assert response.status_code == 200 and "period" not in response.context
    html = response.content.decode()
    assert "angka beberapa hari" in html and 'value="2024-03-08"' in html
    assert 'id="whole-months-note"' in html
    assert 'value="custom"' not in html  # a range of days is not offered to leadership
    client.force_login(world.kepala)
    response = client.get(
        reverse("reports:dashboard"), {"preset": "custom", "date_from": "2024-03-08", "date_to": "2024-03-08"}
    )
    assert response.context["period"] == Period(date(2024, 3, 8), date(2024, 3, 8))


@time_machine.travel(date(2026, 12, 6), tick=False)
def test_leadership_picks_months_quarters_and_years_and_the_running_ones_are_whole(world: World, client: Any) -> None:
    client.force_login(world.pimpinan)
    page = reverse("reports:dashboard")
    assert client.get(page).context["period"] == Period(date(2026, 1, 1), date(2026, 12, 31))
    running = client.get(page, {"preset": "this_month"}).context["period"]
    assert running == Period(date(2026, 12, 1), date(2026, 12, 31))
    month = client.get(page, {"preset": "month", "year": "2024", "month": "2"}).context["period"]
    assert month == Period(date(2024, 2, 1), date(2024, 2, 29))
    quarter = client.get(page, {"preset": "quarter", "year": "2024", "quarter": "3"}).context["period"]
    assert quarter == Period(date(2024, 7, 1), date(2024, 9, 30))
    year = client.get(page, {"preset": "year", "year": "2025"}).context["period"]
    assert year == Period(date(2025, 1, 1), date(2025, 12, 31))
    client.force_login(world.kepala)
    assert client.get(page).context["period"] == Period(date(2026, 1, 1), date(2026, 12, 6))


def test_a_report_file_of_a_day_is_refused_to_leadership(world: World, client: Any) -> None:
    client.force_login(world.pimpinan)
    response = client.post(
        reverse("reports:exports"),
        {"kind": ReportFileKind.PDF, "preset": "custom", "date_from": "2024-03-08", "date_to": "2024-03-08"},
    )
    assert response.status_code == 400 and "angka beberapa hari" in response.content.decode()
    assert not ReportFile.objects.exists()
    with pytest.raises(Exception, match="bulan kalender penuh|whole calendar months"):
        report_file_request(
            actor=world.pimpinan, kind=ReportFileKind.PDF, period=Period(date(2024, 3, 8), date(2024, 3, 8))
        )
    assert not ReportFile.objects.exists()
