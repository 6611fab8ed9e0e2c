"""The legal API of a case: the same services as the legal page, so the same rules (UU TPKS
Pasal 23, UU SPPA Pasal 7, UU TPKS Pasal 41), codes in and out, 404 outside the case, 403 for a
team member without the permission, closed cases."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Accompaniment,
    CaseStatus,
    LegalAid,
    LegalEvent,
    Mediation,
    MediationDisputeKind,
    MediationStatus,
    PersonRole,
    Restitution,
)
from cases.services import legal_aid_set, mediation_open, person_add
from cases.vocabularies import LegalStage, ViolenceForm
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

JSON = "application/json"
TODAY = timezone.localdate
BERITA_ACARA = "Para pihak sepakat soal nafkah anak."
OUTSIDERS = ["manajer_lain", "penghubung", "pimpinan", "operator", "admin"]


def api(path: str) -> str:
    return f"/api/v1/{path}"


def victim_of(case, *forms):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, violence_forms=list(forms), nickname="Ani").person


def perpetrator_of(case, age=None):
    return person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=age, nickname="Budi").person


@pytest.fixture
def parties(world):
    return victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=40)


def as_user(client, user):
    client.force_login(user)
    return client


def post(client, path, body):
    return client.post(api(path), body, content_type=JSON)


def open_mediation(world, victim, perpetrator):
    return mediation_open(
        actor=world.manajer,
        case=world.case_a,
        victim=victim,
        perpetrator=perpetrator,
        dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
        mediator=world.manajer,
    )


# --- Legal-process events -----------------------------------------------------------------------


def test_a_police_report_event_is_recorded_with_codes_and_ends_the_police_deadline(world, client):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    perpetrator = perpetrator_of(world.case_a, age=30)
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is not None
    body = {
        "perpetrator": str(perpetrator.code),
        "stage": LegalStage.LAPORAN_POLISI,
        "date": TODAY().isoformat(),
        "reference_number": "LP/B/1/2026",
        "unit": "Polresta Jambi",
    }
    response = post(as_user(client, world.hukum), f"cases/{world.case_a.code}/legal-events/", body)
    assert response.status_code == 201
    data = response.json()
    assert data["perpetrator"] == str(perpetrator.code) and data["code"] == str(LegalEvent.objects.get().code)
    assert "id" not in data
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is None and world.case_a.police_report_number == "LP/B/1/2026"
    listed = client.get(api(f"cases/{world.case_a.code}/legal-events/")).json()
    assert [e["reference_number"] for e in listed] == ["LP/B/1/2026"]


def test_each_failed_diversion_condition_is_its_own_field_error(world, client, parties):
    _victim, adult = parties
    body = {
        "perpetrator": str(adult.code),
        "stage": LegalStage.DIVERSI,
        "date": TODAY().isoformat(),
        "offence_max_penalty_years": "8",
        "repeat_offence": True,
    }
    response = post(as_user(client, world.hukum), f"cases/{world.case_a.code}/legal-events/", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"perpetrator", "offence_max_penalty_years", "repeat_offence", "victim_consent"}
    assert all("SPPA" in messages[0] for messages in errors.values())
    assert not LegalEvent.objects.exists()


def test_a_diversion_for_a_child_is_recorded_with_the_conditions_checked(world, client, parties):
    child = perpetrator_of(world.case_a, age=14)
    body = {
        "perpetrator": str(child.code),
        "stage": LegalStage.DIVERSI,
        "date": TODAY().isoformat(),
        "offence_max_penalty_years": "5",
        "repeat_offence": False,
        "victim_consent": True,
        "victim_consent_by": "ibu korban",
    }
    response = post(as_user(client, world.hukum), f"cases/{world.case_a.code}/legal-events/", body)
    assert response.status_code == 201
    assert response.json()["perpetrator_age_at_offence"] == 14


def test_a_legal_event_names_a_perpetrator_of_this_case(world, client, parties):
    victim, _perpetrator = parties
    stranger = perpetrator_of(world.case_b, age=30)
    for code in (stranger.code, victim.code, uuid.uuid4()):
        body = {"perpetrator": str(code), "stage": "penyidikan", "date": TODAY().isoformat()}
        response = post(as_user(client, world.hukum), f"cases/{world.case_a.code}/legal-events/", body)
        assert response.status_code == 400 and "perpetrator" in response.json()["errors"]


# --- Mediation ----------------------------------------------------------------------------------


def test_mediation_of_sexual_violence_by_an_adult_is_a_400_citing_tpks_pasal_23(world, client):
    victim = victim_of(world.case_a, ViolenceForm.SEKSUAL)
    adult = perpetrator_of(world.case_a, age=35)
    body = {
        "victim": str(victim.code),
        "perpetrator": str(adult.code),
        "dispute_kind": MediationDisputeKind.CIVIL_FAMILY,
        "mediator": str(world.manajer.code),
    }
    response = post(as_user(client, world.manajer), f"cases/{world.case_a.code}/mediations/", body)
    assert response.status_code == 400
    message = response.json()["errors"]["perpetrator"][0]
    assert "TPKS" in message and "Pasal 23" in message
    assert not Mediation.objects.exists()


def test_a_mediation_runs_through_the_api_with_codes_only(world, client, parties):
    victim, perpetrator = parties
    as_user(client, world.manajer)
    body = {
        "victim": str(victim.code),
        "perpetrator": str(perpetrator.code),
        "dispute_kind": MediationDisputeKind.CIVIL_FAMILY,
        "mediator": str(world.manajer.code),
    }
    response = post(client, f"cases/{world.case_a.code}/mediations/", body)
    assert response.status_code == 201
    code = response.json()["code"]
    assert response.json()["mediator"]["code"] == str(world.manajer.code)
    session = {"date": TODAY().isoformat(), "parties_present": "korban, terlapor", "berita_acara": BERITA_ACARA}
    assert post(client, f"mediations/{code}/sessions/", session).status_code == 201
    response = post(client, f"mediations/{code}/close/", {"outcome": "agreement"})
    assert response.status_code == 400 and "agreement_terms" in response.json()["errors"]
    response = post(client, f"mediations/{code}/close/", {"outcome": "agreement", "agreement_terms": "Nafkah"})
    assert response.status_code == 200 and response.json()["status"] == MediationStatus.AGREEMENT
    response = post(client, f"mediations/{code}/follow-ups/", {"date": TODAY().isoformat(), "complied": True})
    assert response.status_code == 201
    listed = client.get(api(f"cases/{world.case_a.code}/mediations/")).json()
    assert listed[0]["sessions"][0]["berita_acara"] == BERITA_ACARA
    assert listed[0]["follow_ups"][0]["complied"] is True and listed[0]["agreement_terms"] == "Nafkah"


def test_a_bad_mediation_input_gets_400_by_field(world, client, parties):
    victim, perpetrator = parties
    as_user(client, world.manajer)
    body = {"victim": str(victim.code), "perpetrator": str(perpetrator.code), "dispute_kind": "pidana"}
    response = post(client, f"cases/{world.case_a.code}/mediations/", {**body, "mediator": str(uuid.uuid4())})
    assert response.status_code == 400 and "dispute_kind" in response.json()["errors"]
    body["dispute_kind"] = "perdata_keluarga"
    response = post(client, f"cases/{world.case_a.code}/mediations/", {**body, "mediator": str(world.operator.code)})
    assert response.status_code == 400 and "mediator" in response.json()["errors"]


# --- Restitution, accompaniment, legal aid ------------------------------------------------------


def test_restitution_is_set_and_replaced_per_pair(world, client, parties):
    victim, perpetrator = parties
    as_user(client, world.hukum)
    address = api(f"cases/{world.case_a.code}/restitutions/")
    body = {"victim": str(victim.code), "perpetrator": str(perpetrator.code), "claimed": True, "amount": "1000000"}
    assert client.put(address, body, content_type=JSON).status_code == 200
    response = client.put(address, {**body, "paid": True}, content_type=JSON)
    assert response.status_code == 400 and "paid_at" in response.json()["errors"]
    body |= {"paid": True, "paid_at": TODAY().isoformat(), "payer": "pelaku"}
    assert client.put(address, body, content_type=JSON).status_code == 200
    assert Restitution.objects.get().paid is True
    assert client.get(address).json()[0]["victim"] == str(victim.code)


def test_an_accompaniment_is_recorded_with_staff_codes(world, client, parties):
    victim, _perpetrator = parties
    as_user(client, world.hukum)
    address = f"cases/{world.case_a.code}/accompaniments/"
    body = {
        "victim": str(victim.code),
        "stage": "pemeriksaan_polisi",
        "date": TODAY().isoformat(),
        "staff": [str(world.hukum.code), str(world.kepala.code)],
    }
    response = post(client, address, body)
    assert response.status_code == 201
    assert {s["code"] for s in response.json()["staff"]} == {str(world.hukum.code), str(world.kepala.code)}
    response = post(client, address, {**body, "staff": [str(world.manajer_lain.code)]})
    assert response.status_code == 400 and "staff" in response.json()["errors"]
    response = post(client, address, {**body, "staff": [str(uuid.uuid4())]})
    assert response.status_code == 400 and "staff" in response.json()["errors"]
    assert len(client.get(api(address)).json()) == 1


def test_legal_aid_is_recorded_corrected_and_ended(world, client, parties):
    victim, _perpetrator = parties
    lbh = Organisation.objects.get(short_name="LBH")
    as_user(client, world.hukum)
    address = f"cases/{world.case_a.code}/legal-aid/"
    body = {"victim": str(victim.code), "organisation": str(lbh.code), "started_on": TODAY().isoformat()}
    response = post(client, address, body)
    assert response.status_code == 201 and response.json()["organisation"]["code"] == str(lbh.code)
    code = response.json()["code"]
    response = post(client, address, body)
    assert response.status_code == 400 and "victim" in response.json()["errors"]
    change = {"provider_name": "Posbakum", "advocate": "Rina", "started_on": TODAY().isoformat()}
    response = client.put(api(f"legal-aid/{code}/"), change, content_type=JSON)
    assert response.status_code == 200 and response.json()["organisation"] is None
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    response = post(client, f"legal-aid/{code}/end/", {"ended_on": tomorrow})
    assert response.status_code == 400 and "ended_on" in response.json()["errors"]
    response = post(client, f"legal-aid/{code}/end/", {"ended_on": TODAY().isoformat()})
    assert response.status_code == 200 and response.json()["ended_on"] == TODAY().isoformat()


# --- Who may -------------------------------------------------------------------------------------


def every_request(world, victim, perpetrator, mediation, aid):
    case = world.case_a.code
    people = {"victim": str(victim.code), "perpetrator": str(perpetrator.code)}
    day = TODAY().isoformat()
    return [
        ("get", f"cases/{case}/legal-events/", None),
        (
            "post",
            f"cases/{case}/legal-events/",
            {"perpetrator": str(perpetrator.code), "stage": "penyidikan", "date": day},
        ),
        ("get", f"cases/{case}/mediations/", None),
        (
            "post",
            f"cases/{case}/mediations/",
            {**people, "dispute_kind": "delik_aduan", "mediator": str(world.manajer.code)},
        ),
        ("post", f"mediations/{mediation.code}/sessions/", {"date": day, "parties_present": "korban"}),
        ("post", f"mediations/{mediation.code}/close/", {"outcome": "no_agreement"}),
        ("post", f"mediations/{mediation.code}/follow-ups/", {"date": day, "complied": True}),
        ("get", f"cases/{case}/restitutions/", None),
        ("put", f"cases/{case}/restitutions/", {**people, "claimed": True}),
        ("get", f"cases/{case}/accompaniments/", None),
        (
            "post",
            f"cases/{case}/accompaniments/",
            {"victim": people["victim"], "stage": "visum", "date": day, "staff": [str(world.hukum.code)]},
        ),
        ("get", f"cases/{case}/legal-aid/", None),
        ("post", f"cases/{case}/legal-aid/", {"victim": people["victim"], "provider_name": "LBH", "started_on": day}),
        ("put", f"legal-aid/{aid.code}/", {"provider_name": "LBH", "started_on": day}),
        ("post", f"legal-aid/{aid.code}/end/", {"ended_on": day}),
    ]


@pytest.fixture
def records(world, parties):
    victim, perpetrator = parties
    mediation = open_mediation(world, victim, perpetrator)
    aid = legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum")
    return victim, perpetrator, mediation, aid


@pytest.mark.parametrize("username", OUTSIDERS)
def test_users_outside_the_case_get_404_on_every_legal_operation(world, client, records, username):
    as_user(client, world.users[username])
    for method, path, body in every_request(world, *records):
        response = getattr(client, method)(api(path), body, content_type=JSON)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.json()["code"] == "not_found"
    assert not LegalEvent.objects.exists() and not Accompaniment.objects.exists()
    assert Mediation.objects.get().status == MediationStatus.OPEN and LegalAid.objects.get().ended_on is None


def test_unknown_codes_are_404(world, client):
    as_user(client, world.kepala)
    assert client.get(api(f"cases/{uuid.uuid4()}/legal-events/")).status_code == 404
    assert post(client, f"mediations/{uuid.uuid4()}/close/", {"outcome": "no_agreement"}).status_code == 404
    assert post(client, f"legal-aid/{uuid.uuid4()}/end/", {"ended_on": TODAY().isoformat()}).status_code == 404
    assert client.get(api(f"cases/{world.intake_c.code}/legal-events/")).status_code == 404


def test_a_team_member_without_the_permission_gets_403_on_every_write(world, client, records):
    as_user(client, world.psikolog)
    for method, path, body in every_request(world, *records):
        response = getattr(client, method)(api(path), body, content_type=JSON)
        expected = 200 if method == "get" else 403
        assert response.status_code == expected, (method, path, response.status_code)
    as_user(client, world.hukum)  # legal yes, mediation no
    assert post(client, f"mediations/{records[2].code}/close/", {"outcome": "no_agreement"}).status_code == 403
    assert Mediation.objects.get().status == MediationStatus.OPEN


def test_a_closed_case_refuses_mediation_accompaniment_and_legal_aid(world, client, records):
    victim, perpetrator, mediation, aid = records
    world.case_a.status = CaseStatus.CLOSED
    world.case_a.save(update_fields=["status"])
    as_user(client, world.kepala)
    refused = [r for r in every_request(world, *records) if r[0] != "get"]
    refused = [
        r for r in refused if "legal-events" not in r[1] and "restitutions" not in r[1] and "follow-ups" not in r[1]
    ]
    assert len(refused) == 7
    for method, path, body in refused:
        response = getattr(client, method)(api(path), body, content_type=JSON)
        assert response.status_code == 400, (method, path, response.status_code)
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.OPEN and not Accompaniment.objects.exists()
    assert LegalAid.objects.get().ended_on is None
    # The legal process outlives the unit's case: a verdict is still recorded.
    verdict = {"perpetrator": str(perpetrator.code), "stage": LegalStage.PUTUSAN, "date": TODAY().isoformat()}
    assert post(client, f"cases/{world.case_a.code}/legal-events/", verdict).status_code == 201


# --- Schema --------------------------------------------------------------------------------------


def test_the_openapi_schema_is_valid_and_documents_the_legal_paths(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("/legal-events/", "/mediations/", "/sessions/", "/close/", "/follow-ups/", "/restitutions/"):
        assert path in schema, path
    assert "/accompaniments/" in schema and "/legal-aid/{code}/end/" in schema and "Pasal 23" in schema
