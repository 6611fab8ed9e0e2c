"""Case management API (issue 4): outreach visits, health services, assessments and the
intervention plan with the head's approval. The same rules as the pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseStatus,
    HealthService,
    InterventionPlan,
    OutreachVisit,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    PlanStatus,
    Region,
)
from cases.services import health_service_record, plan_item_add, plan_submit
from cases.vocabularies import ServiceType
from tests.factories import PersonFactory
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate
RESULT = "Korban ditemukan di rumah kerabat, kondisi stabil."
FINDINGS = "Luka memar pada lengan kiri atas."
NEEDS = "Saya ingin tetap sekolah dan tidak kembali ke rumah itu."
OUTSIDERS = ("manajer_lain", "penghubung", "pimpinan", "operator", "admin")


def days(n: int) -> str:
    return (TODAY() + timedelta(days=n)).isoformat()


def victim_of(case: Case) -> Person:
    return case.people.get(role=PersonRole.VICTIM)


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").order_by("code").first()  # type: ignore[return-value]


def hospital() -> Organisation:
    return Organisation.objects.get(name="RS Bhayangkara Jambi")


def police() -> Organisation:
    return Organisation.objects.get(name="Polresta Jambi Unit PPA")


def api(client, user, method: str, path: str, body: object = None):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return getattr(client, method)(f"/api/v1/{path}", body, content_type=JSON)


def errors_of(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    return body["errors"]  # type: ignore[no-any-return]


def visit_body(world, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    body: dict[str, object] = {
        "visited_on": days(-1),
        "team": [str(world.manajer.code), str(world.psikolog.code)],
        "purpose": "Penjemputan korban",
        "region": kelurahan().code,
        "is_emergency": True,
        "partners": [str(police().code)],
        "result": RESULT,
        "next_step": "Visum",
    }
    return body | changes


def item_body(world, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    body: dict[str, object] = {
        "service": ServiceType.KESEHATAN,
        "description": "Pemeriksaan kesehatan lanjutan",
        "due_on": days(14),
        "responsible_user": str(world.manajer.code),
    }
    return body | changes


def add_item(world, case: Case | None = None, actor=None) -> PlanItem:  # type: ignore[no-untyped-def]
    return plan_item_add(
        actor=actor or world.manajer,
        case=case or world.case_a,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan lanjutan",
        due_on=TODAY() + timedelta(days=14),
        responsible_user=world.manajer,
    )


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)


def events_text() -> str:
    return str(list(CaseEvent.objects.values_list("data", flat=True)))


def audit_text() -> str:
    """Everything the audit trail holds, diffs included (it must never copy encrypted texts)."""
    return str(list(LogEntry.objects.values_list("changes", "changes_text", "additional_data", "object_repr")))


# --- Outreach -----------------------------------------------------------------------------------


def test_a_rescue_visit_is_recorded_and_listed(world, client):
    code = world.case_a.code
    response = api(client, world.manajer, "post", f"cases/{code}/outreach-visits/", visit_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_emergency"] and body["region"]["code"] == kelurahan().code and body["result"] == RESULT
    assert {m["code"] for m in body["team"]} == {str(world.manajer.code), str(world.psikolog.code)}
    assert [p["code"] for p in body["partners"]] == [str(police().code)]
    listed = api(client, world.psikolog, "get", f"cases/{code}/outreach-visits/").json()
    assert [v["code"] for v in listed] == [body["code"]]
    assert "id" not in listed[0] and RESULT not in events_text()


def test_outreach_is_recorded_for_a_complaint_awaiting_triage(world, client):
    body = visit_body(world, team=[str(world.pengaduan.code)], region=None, place_other="Muaro Jambi")
    response = api(client, world.pengaduan, "post", f"cases/{world.intake_c.code}/outreach-visits/", body)
    assert response.status_code == 201 and response.json()["place_other"] == "Muaro Jambi"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"visited_on": days(1)}, "visited_on"),
        ({"place_other": "Muaro Jambi"}, "place_other"),
        ({"region": None}, "region"),
        ({"region": "15.71"}, "region"),
        ({"team": []}, "team"),
        ({"team": [str(uuid.uuid4())]}, "team"),
        ({"partners": [str(uuid.uuid4())]}, "partners"),
        ({"purpose": ""}, "purpose"),
    ],
)
def test_a_bad_visit_gets_400_with_the_error_by_field(world, client, changes, field):
    response = api(
        client, world.manajer, "post", f"cases/{world.case_a.code}/outreach-visits/", visit_body(world, **changes)
    )
    assert field in errors_of(response)
    assert not OutreachVisit.objects.exists()


# --- Health services ----------------------------------------------------------------------------


def test_a_visum_is_requested_completed_and_listed(world, client):
    code, victim = world.case_a.code, victim_of(world.case_a)
    body = {
        "victim": str(victim.code),
        "kind": "visum_et_repertum",
        "facility": str(hospital().code),
        "requested_on": days(-2),
    }
    response = api(client, world.manajer, "post", f"cases/{code}/health-services/", body)
    assert response.status_code == 201, response.content
    service = response.json()
    assert service["victim"] == str(victim.code) and not service["is_done"] and service["result"] is None
    done = api(
        client,
        world.manajer,
        "post",
        f"health-services/{service['code']}/complete/",
        {"done_on": days(0), "result": FINDINGS},
    )
    assert done.status_code == 200 and done.json()["is_done"] and done.json()["result"] == FINDINGS
    listed = api(client, world.hukum, "get", f"cases/{code}/health-services/").json()
    assert [s["result"] for s in listed] == [FINDINGS]
    assert FINDINGS not in events_text() and FINDINGS not in audit_text()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"facility": "police"}, "facility"),
        ({"facility": None}, "facility"),
        ({"facility_other": "Klinik Pratama"}, "facility_other"),
        ({"requested_on": days(1)}, "requested_on"),
        ({"kind": "xray"}, "kind"),
        ({"victim": "unknown"}, "victim"),
        ({"victim": "perpetrator"}, "victim"),
        ({"result": FINDINGS}, "done_on"),
    ],
)
def test_a_bad_health_service_gets_400_with_the_error_by_field(world, client, changes, field):
    if changes.get("facility") == "police":
        changes["facility"] = str(police().code)
    if changes.get("victim") == "unknown":
        changes["victim"] = str(uuid.uuid4())
    if changes.get("victim") == "perpetrator":
        changes["victim"] = str(PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR).code)
    body = {
        "victim": str(victim_of(world.case_a).code),
        "kind": "medical_care",
        "facility": str(hospital().code),
        "requested_on": days(-1),
    } | changes
    response = api(client, world.manajer, "post", f"cases/{world.case_a.code}/health-services/", body)
    assert field in errors_of(response)
    assert not HealthService.objects.exists()


def test_completing_a_health_service_needs_its_result_and_a_date_after_the_request(world, client):
    service = health_service_record(
        actor=world.manajer,
        victim=victim_of(world.case_a),
        kind="medical_care",
        requested_on=TODAY(),
        facility=hospital(),
    )
    path = f"health-services/{service.code}/complete/"
    assert "result" in errors_of(api(client, world.manajer, "post", path, {"done_on": days(0)}))
    assert "done_on" in errors_of(api(client, world.manajer, "post", path, {"done_on": days(-1), "result": FINDINGS}))


# --- Assessments --------------------------------------------------------------------------------


def test_an_assessment_is_recorded_and_listed_and_kept_off_the_timeline(world, client):
    code, victim = world.case_a.code, victim_of(world.case_a)
    body = {
        "victim": str(victim.code),
        "assessed_on": days(0),
        "psychological": "Cemas, sulit tidur",
        "needs_and_hopes": NEEDS,
    }
    response = api(client, world.psikolog, "post", f"cases/{code}/assessments/", body)
    assert response.status_code == 201, response.content
    assert response.json()["assessor"]["code"] == str(world.psikolog.code)
    listed = api(client, world.manajer, "get", f"cases/{code}/assessments/").json()
    assert [(a["victim"], a["needs_and_hopes"], a["physical"]) for a in listed] == [(str(victim.code), NEEDS, None)]
    assert NEEDS not in events_text() and "Cemas" not in events_text()
    assert NEEDS not in audit_text() and "Cemas" not in audit_text()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"social": ""}, "__all__"), ({"assessed_on": days(1)}, "assessed_on"), ({"assessed_on": None}, "assessed_on")],
)
def test_a_bad_assessment_gets_400(world, client, changes, field):
    body = {"victim": str(victim_of(world.case_a).code), "assessed_on": days(0), "social": "x"} | changes
    response = api(client, world.manajer, "post", f"cases/{world.case_a.code}/assessments/", body)
    assert field in errors_of(response)
    assert not Assessment.objects.exists()


def test_assessments_and_health_services_wait_for_the_complaint_to_be_accepted(world, client):
    victim = str(victim_of(world.intake_c).code)
    code = world.intake_c.code
    # The intake officer sees the complaint but records neither.
    assert api(client, world.pengaduan, "post", f"cases/{code}/assessments/", {}).status_code == 403
    body = {"victim": victim, "assessed_on": days(0), "social": "x"}
    response = api(client, world.kepala, "post", f"cases/{code}/assessments/", body)
    assert response.status_code == 403  # record_assessment is for registered cases


# --- Intervention plan --------------------------------------------------------------------------


def test_the_plan_before_its_first_item(world, client):
    body = api(client, world.manajer, "get", f"cases/{world.case_a.code}/plan/").json()
    assert body["code"] is None and body["status"] == "draft" and body["items"] == []
    response = api(
        client, world.manajer, "post", f"cases/{world.case_a.code}/plan/submit/", {"made_with_beneficiary": True}
    )
    assert "non_field_errors" in errors_of(response)
    assert not InterventionPlan.objects.exists()


def test_the_plan_approval_loop_through_the_api(world, client):
    code = world.case_a.code
    first = api(client, world.manajer, "post", f"cases/{code}/plan/items/", item_body(world))
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "planned" and not first.json()["is_overdue"]

    response = api(client, world.manajer, "post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": False})
    assert "made_with_beneficiary" in errors_of(response)
    response = api(client, world.manajer, "post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": True})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert response.json()["submitted_by"]["code"] == str(world.manajer.code)

    # Locked while awaiting approval; decided by the head only.
    assert api(client, world.manajer, "post", f"cases/{code}/plan/items/", item_body(world)).status_code == 400
    assert api(client, world.manajer, "post", f"cases/{code}/plan/approve/", {}).status_code == 403
    assert api(client, world.manajer, "post", f"cases/{code}/plan/return/", {"comment": "x"}).status_code == 403
    assert "comment" in errors_of(api(client, world.kepala, "post", f"cases/{code}/plan/return/", {"comment": " "}))
    response = api(client, world.kepala, "post", f"cases/{code}/plan/return/", {"comment": "Tambahkan layanan hukum."})
    assert response.status_code == 200
    assert response.json()["status"] == "returned" and response.json()["decision_comment"] == "Tambahkan layanan hukum."

    body = item_body(
        world, service=ServiceType.BANTUAN_HUKUM, responsible_user=None, responsible_organisation=str(police().code)
    )
    second = api(client, world.manajer, "post", f"cases/{code}/plan/items/", body)
    assert second.status_code == 201 and second.json()["responsible_organisation"]["code"] == str(police().code)
    assert api(client, world.manajer, "delete", f"plan-items/{first.json()['code']}/").status_code == 204
    assert (
        api(client, world.manajer, "post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": True}).status_code
        == 200
    )
    response = api(client, world.kepala, "post", f"cases/{code}/plan/approve/", {})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert [i["service"] for i in response.json()["items"]] == [ServiceType.BANTUAN_HUKUM]

    item_code = second.json()["code"]
    assert api(client, world.manajer, "delete", f"plan-items/{item_code}/").status_code == 400
    response = api(client, world.manajer, "post", f"plan-items/{item_code}/status/", {"status": "waived"})
    assert "waive_reason" in errors_of(response)
    response = api(client, world.manajer, "post", f"plan-items/{item_code}/status/", {"status": "done"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    plan = api(client, world.hukum, "get", f"cases/{code}/plan/").json()
    assert plan["status"] == "approved" and plan["decided_by"]["code"] == str(world.kepala.code)
    assert [i["status"] for i in plan["items"]] == [PlanItemStatus.DONE]


def test_an_item_is_waived_with_its_reason(world, client):
    item = add_item(world)
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    api(client, world.kepala, "post", f"cases/{world.case_a.code}/plan/approve/", {})
    body = {"status": "waived", "waive_reason": "Korban menolak layanan."}
    response = api(client, world.manajer, "post", f"plan-items/{item.code}/status/", body)
    assert response.status_code == 200 and response.json()["waive_reason"] == "Korban menolak layanan."
    assert "Korban menolak" not in events_text()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"responsible_user": None}, "responsible_user"),
        ({"responsible_organisation": "hospital"}, "responsible_user"),
        ({"responsible_user": str(uuid.uuid4())}, "responsible_user"),
        ({"responsible_user": None, "responsible_organisation": str(uuid.uuid4())}, "responsible_organisation"),
        ({"service": "sulap"}, "service"),
        ({"description": ""}, "description"),
        ({"due_on": "besok"}, "due_on"),
    ],
)
def test_a_bad_plan_item_gets_400_with_the_error_by_field(world, client, changes, field):
    if changes.get("responsible_organisation") == "hospital":
        changes["responsible_organisation"] = str(hospital().code)
    response = api(client, world.manajer, "post", f"cases/{world.case_a.code}/plan/items/", item_body(world, **changes))
    assert field in errors_of(response)
    assert not PlanItem.objects.exists()


def test_a_bad_item_status_gets_400(world, client):
    item = add_item(world)
    response = api(client, world.manajer, "post", f"plan-items/{item.code}/status/", {"status": "lupa"})
    assert "status" in errors_of(response)
    # Items are followed once the plan is approved.
    response = api(client, world.manajer, "post", f"plan-items/{item.code}/status/", {"status": "done"})
    assert "non_field_errors" in errors_of(response)


def test_a_closed_case_refuses_every_write(world, client):
    code, victim = world.case_a.code, str(victim_of(world.case_a).code)
    item = add_item(world)
    service = health_service_record(
        actor=world.manajer,
        victim=victim_of(world.case_a),
        kind="medical_care",
        requested_on=TODAY(),
        facility=hospital(),
    )
    close(world.case_a)
    writes = [
        ("post", f"cases/{code}/outreach-visits/", visit_body(world)),
        (
            "post",
            f"cases/{code}/health-services/",
            {"victim": victim, "kind": "medical_care", "facility_other": "Klinik", "requested_on": days(0)},
        ),
        ("post", f"health-services/{service.code}/complete/", {"done_on": days(0), "result": FINDINGS}),
        ("post", f"cases/{code}/assessments/", {"victim": victim, "assessed_on": days(0), "social": "x"}),
        ("post", f"cases/{code}/plan/items/", item_body(world)),
        ("delete", f"plan-items/{item.code}/", None),
        ("post", f"plan-items/{item.code}/status/", {"status": "done"}),
        ("post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": True}),
        ("post", f"cases/{code}/plan/approve/", {}),
        ("post", f"cases/{code}/plan/return/", {"comment": "Ubah."}),
    ]
    for method, path, body in writes:
        response = api(client, world.kepala, method, path, body)
        assert response.status_code == 400, (path, response.status_code)
    assert not OutreachVisit.objects.exists() and HealthService.objects.count() == 1
    assert not Assessment.objects.exists() and PlanItem.objects.count() == 1
    assert InterventionPlan.objects.get().status == PlanStatus.DRAFT
    # Reads stay open.
    assert api(client, world.manajer, "get", f"cases/{code}/plan/").status_code == 200


# --- Access -------------------------------------------------------------------------------------


def every_request(world) -> list[tuple[str, str, object]]:  # type: ignore[no-untyped-def]
    code = world.case_a.code
    item = add_item(world)
    service = health_service_record(
        actor=world.manajer,
        victim=victim_of(world.case_a),
        kind="medical_care",
        requested_on=TODAY(),
        facility=hospital(),
    )
    return [
        ("get", f"cases/{code}/outreach-visits/", None),
        ("post", f"cases/{code}/outreach-visits/", visit_body(world)),
        ("get", f"cases/{code}/health-services/", None),
        ("post", f"cases/{code}/health-services/", {}),
        ("post", f"health-services/{service.code}/complete/", {"done_on": days(0), "result": FINDINGS}),
        ("get", f"cases/{code}/assessments/", None),
        ("post", f"cases/{code}/assessments/", {}),
        ("get", f"cases/{code}/plan/", None),
        ("post", f"cases/{code}/plan/items/", item_body(world)),
        ("delete", f"plan-items/{item.code}/", None),
        ("post", f"plan-items/{item.code}/status/", {"status": "done"}),
        ("post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": True}),
        ("post", f"cases/{code}/plan/approve/", {}),
        ("post", f"cases/{code}/plan/return/", {"comment": "x"}),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_operation_is_a_404_for_users_outside_the_case(world, client, username):
    requests = every_request(world)
    for method, path, body in requests:
        response = api(client, world.users[username], method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json()["code"] == "not_found"
    assert PlanItem.objects.count() == 1 and not OutreachVisit.objects.exists()
    assert not HealthService.objects.filter(done_on__isnull=False).exists()


def test_an_unknown_record_code_is_a_404(world, client):
    for method, path in (
        ("delete", "plan-items"),
        ("post", "plan-items/{}/status"),
        ("post", "health-services/{}/complete"),
    ):
        full = path.format(uuid.uuid4()) if "{}" in path else f"{path}/{uuid.uuid4()}"
        assert api(client, world.kepala, method, f"{full}/", {}).status_code == 404


def test_a_token_works_like_a_session(world, client):
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user=world.manajer)
    response = client.get(f"/api/v1/cases/{world.case_a.code}/plan/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_a_plan_item_is_changed_through_the_api_and_refused_like_the_page(world, client):
    code = world.case_a.code
    item = api(client, world.manajer, "post", f"cases/{code}/plan/items/", item_body(world)).json()["code"]
    refused = api(client, world.manajer, "put", f"plan-items/{item}/", item_body(world, responsible_user=None))
    assert refused.status_code == 400
    assert errors_of(refused)["responsible_user"] == ["Pilih satu penanggung jawab: petugas atau organisasi."]
    body = item_body(world, description="Konseling lanjutan", service=ServiceType.REHABILITASI_SOSIAL)
    response = api(client, world.manajer, "put", f"plan-items/{item}/", body)
    assert response.status_code == 200 and response.json()["description"] == "Konseling lanjutan"
    api(client, world.manajer, "post", f"cases/{code}/plan/submit/", {"made_with_beneficiary": True})
    locked = api(client, world.manajer, "put", f"plan-items/{item}/", body)
    assert locked.status_code == 400
