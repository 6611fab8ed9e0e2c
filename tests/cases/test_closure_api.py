"""The closure API (issue 4 item 10): the same rules as the page, JSON errors by field."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, CaseStatus, ClosureReason, ClosureRequest, ClosureStatus, PersonRole
from cases.services import closure_approve, closure_request, shelter_admit, shelter_discharge
from cases.services.closure import add_months

pytestmark = pytest.mark.django_db

JSON = "application/json"
SUMMARY = "Korban sudah kembali bersekolah dan tinggal bersama neneknya."
OUTCOME = "Korban dalam keadaan baik, tidak ada kekerasan berulang."
OUTSIDERS = ["manajer_lain", "penghubung", "pimpinan", "operator", "admin"]


def base(case: Case) -> str:
    return f"/api/v1/cases/{case.code}/"


def post(client, user, path: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(path, body, content_type=JSON)


def requested(world) -> ClosureRequest:  # type: ignore[no-untyped-def]
    return closure_request(actor=world.manajer, case=world.case_a, reason=ClosureReason.NEEDS_MET, summary=SUMMARY)


def closed(world) -> Case:  # type: ignore[no-untyped-def]
    closure_approve(actor=world.kepala, request=requested(world))
    return Case.objects.get(pk=world.case_a.pk)


def test_a_closure_is_refused_with_an_active_shelter_stay_then_requested_and_approved(world, client):
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    stay = shelter_admit(actor=world.manajer, victim=victim, place="RPS", admitted_on=timezone.localdate())
    client.force_login(world.manajer)
    overview = client.get(base(world.case_a) + "closure/").json()
    assert overview["case_status"] == "open" and len(overview["refusals"]) == 1
    body = {"reason": "needs_met", "summary": SUMMARY}
    response = post(client, world.manajer, base(world.case_a) + "closure/request/", body)
    assert response.status_code == 400 and response.json()["errors"]["__all__"]
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=timezone.localdate())
    response = post(client, world.manajer, base(world.case_a) + "closure/request/", body)
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "requested" and created["requested_by"]["code"] == str(world.manajer.code)
    assert "id" not in created
    response = post(client, world.kepala, base(world.case_a) + "closure/approve/", {})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    overview = client.get(base(world.case_a) + "closure/").json()
    today = timezone.localdate()
    assert overview["case_status"] == "closed" and overview["refusals"] == []
    assert [f["due_on"] for f in overview["follow_ups"]] == [
        add_months(today, months).isoformat() for months in (1, 3, 6)
    ]
    assert [r["code"] for r in overview["requests"]] == [created["code"]]


def test_a_request_needs_a_known_reason_and_a_summary(world, client):
    response = post(client, world.manajer, base(world.case_a) + "closure/request/", {"reason": "bosan"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"reason", "summary"}


def test_the_head_returns_a_request_with_a_comment(world, client):
    requested(world)
    path = base(world.case_a) + "closure/return/"
    assert post(client, world.kepala, path, {"comment": " "}).status_code == 400
    response = post(client, world.kepala, path, {"comment": "Rujukan belum selesai."})
    assert response.status_code == 200
    assert response.json()["status"] == "returned" and response.json()["decision_comment"] == "Rujukan belum selesai."


def test_deciding_with_no_pending_request_is_a_400(world, client):
    response = post(client, world.kepala, base(world.case_a) + "closure/approve/", {})
    assert response.status_code == 400


@pytest.mark.parametrize("username", ["manajer", "psikolog", "hukum"])
@pytest.mark.parametrize("action", ["approve", "return"])
def test_only_the_head_decides(world, client, username, action):
    requested(world)
    response = post(client, world.users[username], base(world.case_a) + f"closure/{action}/", {"comment": "Ok"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED


def test_the_head_reopens_a_closed_case_with_a_reason(world, client):
    case = closed(world)
    assert post(client, world.kepala, base(case) + "reopen/", {"reason": ""}).status_code == 400
    assert post(client, world.manajer, base(case) + "reopen/", {"reason": "Berulang"}).status_code == 403
    response = post(client, world.kepala, base(case) + "reopen/", {"reason": "Kekerasan berulang."})
    assert response.status_code == 200 and response.json()["status"] == "open"
    closure = client.get(base(case) + "closure/").json()["requests"][0]
    assert closure["reopen_reason"] == "Kekerasan berulang." and closure["reopened_at"]


def test_a_closed_case_refuses_a_new_request_with_a_400(world, client):
    case = closed(world)
    body = {"reason": "needs_met", "summary": SUMMARY}
    assert post(client, world.manajer, base(case) + "closure/request/", body).status_code == 400


def test_a_follow_up_is_recorded_with_its_outcome(world, client):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    path = f"/api/v1/follow-ups/{follow_up.code}/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(client, world.manajer, path, {"done_on": tomorrow, "outcome": ""})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"outcome"}
    response = post(client, world.manajer, path, {"done_on": tomorrow, "outcome": OUTCOME})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"done_on"}
    response = post(client, world.manajer, path, {"done_on": timezone.localdate().isoformat(), "outcome": OUTCOME})
    assert response.status_code == 200
    assert response.json()["outcome"] == OUTCOME and response.json()["recorded_by"]["code"] == str(world.manajer.code)


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_on_every_closure_endpoint(world, client, username):
    case = closed(world)
    follow_up = case.monitoring_follow_ups.first()
    client.force_login(world.users[username])
    assert client.get(base(case) + "closure/").status_code == 404
    for suffix in ("closure/request/", "closure/approve/", "closure/return/", "reopen/"):
        response = client.post(base(case) + suffix, {"reason": "x", "comment": "x"}, content_type=JSON)
        assert response.status_code == 404, suffix
    body = {"done_on": timezone.localdate().isoformat(), "outcome": OUTCOME}
    assert client.post(f"/api/v1/follow-ups/{follow_up.code}/", body, content_type=JSON).status_code == 404
    assert client.post(f"/api/v1/follow-ups/{uuid.uuid4()}/", body, content_type=JSON).status_code == 404
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_complaint_has_no_closure(world, client):
    client.force_login(world.pengaduan)
    assert client.get(base(world.intake_c) + "closure/").status_code == 404


def test_the_schema_documents_the_closure_endpoints(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/cases/{code}/closure/:",
        "/api/v1/cases/{code}/closure/request/:",
        "/api/v1/cases/{code}/closure/approve/:",
        "/api/v1/cases/{code}/closure/return/:",
        "/api/v1/cases/{code}/reopen/:",
        "/api/v1/follow-ups/{code}/:",
    ):
        assert path in schema
    assert "ClosureOverviewOutput" in schema
