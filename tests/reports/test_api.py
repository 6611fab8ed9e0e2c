"""The statistics API and the SIMFONI work-list API (issue 6 items 7 and 9).

The statistics endpoint must return exactly what the dashboard shows the caller: the figures of
``figures_for`` passed through ``figures_shown_to`` (small cells hidden from leadership).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from cases.models import Case, CaseEvent, EventKind, PersonRole
from cases.services import case_mark_simfoni_entered, intake_register, person_add, triage_decide
from cases.vocabularies import Authority, CaseType, Channel, Risk, ViolenceForm
from reports.selectors import figures_shown_to
from reports.serializers import BREAKDOWNS
from reports.statistics import Period, compute_figures
from tests.conftest import max_queries

pytestmark = pytest.mark.django_db

WIB = timezone.get_default_timezone()
STATS = "/api/v1/statistics/"
SIMFONI = "/api/v1/simfoni/cases/"
MAY_2025 = {"from": "2025-05-01", "to": "2025-05-31"}


def child_case(head: Any, day: int, forms: list[str], age: int = 9) -> Case:
    """A case registered on ``day`` May 2025 with one victim."""
    with time_machine.travel(datetime(2025, 5, day, 10, tzinfo=WIB), tick=False):
        case = intake_register(actor=head, channel=Channel.TELEPON, received_at=datetime(2025, 5, day, 8, tzinfo=WIB))
        person_add(
            actor=head, case=case, role=PersonRole.VICTIM, full_name="Anak Uji", estimated_age=age, violence_forms=forms
        )
        return triage_decide(
            actor=head,
            case=case,
            outcome="accepted",
            case_type=CaseType.AMPK,
            risk=Risk.SEDANG,
            authority=Authority.DAERAH,
        )


@pytest.fixture
def may(world) -> list[Case]:
    head = world.kepala
    return [
        child_case(head, 2, [ViolenceForm.FISIK, ViolenceForm.PSIKIS]),
        child_case(head, 9, [ViolenceForm.FISIK]),
        child_case(head, 15, [ViolenceForm.FISIK]),
        child_case(head, 20, [ViolenceForm.PERUNDUNGAN]),
        child_case(head, 21, [ViolenceForm.PSIKIS], age=30),
    ]


NOT_FOUND = {"detail": "Data tidak ditemukan.", "code": "not_found"}


def get(client: Any, user: Any, url: str, params: dict[str, str] | None = None) -> Any:
    client.force_login(user)
    return client.get(url, params or {})


def as_json(data: Any) -> Any:
    return json.loads(json.dumps(data))


STATUS = ("computed_at", "stale", "notice")  # when the figures were computed, whether stale (issue 14)


def figures_of(body: dict[str, Any]) -> dict[str, Any]:
    """The figures of an answer, without its status; the status says they are fresh."""
    assert body["stale"] is False and body["notice"] is None and body["computed_at"]
    return {key: value for key, value in body.items() if key not in STATUS}


# --- Statistics ----------------------------------------------------------------------------------


def test_the_statistics_are_exactly_the_computed_figures_for_staff(world, client, may):
    response = get(client, world.kepala, STATS, MAY_2025)
    assert response.status_code == 200
    body = response.json()
    assert figures_of(body) == as_json(compute_figures(Period(date(2025, 5, 1), date(2025, 5, 31))))
    assert body["totals"]["child_cases"] == 4 and body["child_cases_by_form"]["fisik"] == 3


def test_leadership_gets_the_dashboard_numbers_with_small_cells_hidden(world, client, may):
    body = get(client, world.pimpinan, STATS, MAY_2025).json()
    expected = figures_shown_to(world.pimpinan, compute_figures(Period(date(2025, 5, 1), date(2025, 5, 31))))
    assert figures_of(body) == as_json(expected)
    assert body["totals"]["child_cases"] == 4
    assert body["child_cases_by_form"]["psikis"] == "<3"  # one case: hidden from leadership


def test_a_running_period_is_served_from_its_snapshot_and_agrees(world, client):
    today = timezone.localdate()
    params = {"from": date(today.year, 1, 1).isoformat(), "to": today.isoformat()}
    body = get(client, world.operator, STATS, params).json()
    assert figures_of(body) == as_json(compute_figures(Period(date(today.year, 1, 1), today)))
    assert body["totals"]["cases"] == 2  # the world's case_a and case_b


def test_one_breakdown_only(world, client, may):
    body = get(client, world.kepala, STATS, {**MAY_2025, "breakdown": "child_cases_by_form"}).json()
    figures = compute_figures(Period(date(2025, 5, 1), date(2025, 5, 31)))
    assert figures_of(body) == {
        "definitions_version": figures["definitions_version"],
        "period": figures["period"],
        "child_cases_by_form": figures["child_cases_by_form"],
    }


def test_the_breakdown_choices_are_the_figures_keys(world):
    figures = compute_figures(Period(date(2025, 5, 1), date(2025, 5, 31)))
    assert set(BREAKDOWNS) == set(figures) - {"definitions_version", "period"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2025-05-31"}, "from"),
        ({"from": "2025-05-01"}, "to"),
        ({"from": "2025-13-01", "to": "2025-05-31"}, "from"),
        ({"from": "kemarin", "to": "2025-05-31"}, "from"),
        ({"from": "2025-05-31", "to": "2025-05-01"}, "to"),
        ({**MAY_2025, "breakdown": "names_of_victims"}, "breakdown"),
    ],
)
def test_bad_parameters_get_400_with_the_error_by_field(world, client, params, field):
    response = get(client, world.kepala, STATS, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("username", ["manajer", "penghubung", "admin", "pengaduan", "psikolog", "hukum"])
def test_roles_without_statistics_get_404(world, client, username):
    response = get(client, world.users[username], STATS, MAY_2025)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND  # the same answer as an address that does not exist


def test_anonymous_callers_are_refused(client):
    assert client.get(STATS, MAY_2025).status_code in (401, 403)


# --- SIMFONI work list ---------------------------------------------------------------------------


def test_the_simfoni_list_has_the_marker_and_no_case_content(world, client, may):
    case_mark_simfoni_entered(actor=world.operator, case=may[0], simfoni_number="S-1")
    response = get(client, world.operator, SIMFONI, MAY_2025)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    first = body["results"][0]
    assert first["register_number"] == may[0].register_number and first["entered"] is True
    assert first["entered_by"]["code"] == str(world.operator.code) and first["entered_at"]
    assert set(first) == {
        "code",
        "register_number",
        "registered_at",
        "simfoni_number",
        "entered",
        "entered_at",
        "entered_by",
    }
    assert body["results"][1]["entered"] is False and body["results"][1]["entered_by"] is None
    pending = get(client, world.operator, SIMFONI, {**MAY_2025, "pending": "true"}).json()
    assert [row["code"] for row in pending["results"]] == [str(case.code) for case in may[1:]]


def test_the_simfoni_list_is_paginated_with_a_fixed_number_of_queries(world, client, may):
    client.force_login(world.operator)

    def counted(params: dict[str, str]) -> int:
        with max_queries(12) as captured:
            assert client.get(SIMFONI, params).status_code == 200
        return len(captured.captured_queries)

    assert counted({**MAY_2025, "page_size": "1"}) == counted({**MAY_2025, "page_size": "5"})
    assert client.get(SIMFONI, {**MAY_2025, "page_size": "2"}).json()["next"]


def test_marking_through_the_api(world, client, may):
    client.force_login(world.operator)
    url = f"{SIMFONI}{may[1].code}/entered/"
    response = client.post(url, {"entered": True, "simfoni_number": "S-2"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["entered"] is True
    assert Case.objects.get(pk=may[1].pk).simfoni_entered_by == world.operator
    assert CaseEvent.objects.filter(case=may[1], kind=EventKind.SIMFONI_ENTERED).count() == 1
    response = client.post(url, {"entered": False}, content_type="application/json")
    assert response.json()["entered"] is False and Case.objects.get(pk=may[1].pk).simfoni_entered_at is None
    bad = client.post(url, {}, content_type="application/json")
    assert bad.status_code == 400 and "entered" in bad.json()["errors"]


def test_marking_an_unknown_case_or_a_complaint_at_intake_is_404(world, client):
    client.force_login(world.operator)
    for code in ("00000000-0000-0000-0000-000000000000", world.intake_c.code, world.intake_d.code):
        response = client.post(f"{SIMFONI}{code}/entered/", {"entered": True}, content_type="application/json")
        assert response.status_code == 404


@pytest.mark.parametrize("username", ["pimpinan", "manajer", "penghubung", "admin", "pengaduan"])
def test_everyone_but_the_operator_and_the_head_gets_404_on_the_simfoni_api(world, client, username, may):
    client.force_login(world.users[username])
    response = client.get(SIMFONI, MAY_2025)
    assert response.status_code == 404 and response.json() == NOT_FOUND
    response = client.post(f"{SIMFONI}{may[0].code}/entered/", {"entered": True}, content_type="application/json")
    assert response.status_code == 404
    assert Case.objects.get(pk=may[0].pk).simfoni_entered_at is None


def test_the_head_may_use_the_simfoni_api(world, client, may):
    assert get(client, world.kepala, SIMFONI, MAY_2025).status_code == 200
