"""The protection and recovery API: the same services and rules as the pages. Psychological
notes are absent (not null) for who may not read them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatus,
    ConsentRecord,
    Person,
    PersonRole,
    PsychSession,
    ShelterStay,
    VictimRight,
)
from cases.services import psych_session_record, shelter_admit

pytestmark = pytest.mark.django_db

JSON = "application/json"
API = "/api/v1"
OBSERVATIONS = "Korban tampak cemas saat membicarakan rumah."
RECOMMENDATIONS = "Konseling lanjutan dua minggu sekali."
OUTSIDERS = ("manajer_lain", "penghubung", "pimpinan", "operator", "admin")


def victim_of(case: Case) -> Person:
    return case.people.get(role=PersonRole.VICTIM)


def today() -> str:
    return timezone.localdate().isoformat()


def as_user(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def session(world) -> PsychSession:  # type: ignore[no-untyped-def]
    return psych_session_record(
        actor=world.psikolog,
        victim=victim_of(world.case_a),
        psychologist=world.psikolog,
        date=timezone.localdate(),
        method="Konseling",
        observations=OBSERVATIONS,
        recommendations=RECOMMENDATIONS,
    )


def admit(world, **kwargs) -> ShelterStay:  # type: ignore[no-untyped-def]
    values = {"actor": world.manajer, "victim": victim_of(world.case_a), "place": "Rumah Aman"} | kwargs
    return shelter_admit(admitted_on=values.pop("admitted_on", timezone.localdate()), **values)


def close(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)


# --- Psychological sessions ----------------------------------------------------------------------


def test_the_psychologist_records_a_session_as_themselves_with_its_notes(world, client):
    as_user(client, world.psikolog)
    body = {"victim": str(victim_of(world.case_a).code), "date": today(), "observations": OBSERVATIONS}
    response = client.post(f"{API}/cases/{world.case_a.code}/psych-sessions/", body, content_type=JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["psychologist"]["code"] == str(world.psikolog.code) and data["notes_visible"] is True
    assert data["observations"] == OBSERVATIONS and data["recommendations"] is None
    assert PsychSession.objects.get().code == uuid.UUID(data["code"])


@pytest.mark.parametrize("username", ["psikolog", "kepala"])
def test_the_team_psychologist_and_the_head_read_the_notes(world, client, username):
    session(world)
    response = as_user(client, world.users[username]).get(f"{API}/cases/{world.case_a.code}/psych-sessions/")
    assert response.status_code == 200
    [row] = response.json()
    assert row["notes_visible"] is True
    assert (row["observations"], row["recommendations"]) == (OBSERVATIONS, RECOMMENDATIONS)


@pytest.mark.parametrize("username", ["manajer", "hukum"])
def test_others_on_the_team_get_sessions_without_the_notes_keys(world, client, username):
    session(world)
    response = as_user(client, world.users[username]).get(f"{API}/cases/{world.case_a.code}/psych-sessions/")
    assert response.status_code == 200
    body = response.content.decode()
    assert OBSERVATIONS not in body and RECOMMENDATIONS not in body
    [row] = response.json()
    assert row["notes_visible"] is False and row["method"] == "Konseling"
    assert "observations" not in row and "recommendations" not in row


@pytest.mark.parametrize("username", ["manajer", "hukum"])
def test_a_team_member_who_is_not_the_psychologist_gets_403_recording_a_session(world, client, username):
    body = {"victim": str(victim_of(world.case_a).code), "psychologist": str(world.psikolog.code), "date": today()}
    response = as_user(client, world.users[username]).post(
        f"{API}/cases/{world.case_a.code}/psych-sessions/", body, content_type=JSON
    )
    assert response.status_code == 403 and not PsychSession.objects.exists()


def test_the_head_must_name_a_psychologist_of_the_team(world, client):
    as_user(client, world.kepala)
    url = f"{API}/cases/{world.case_a.code}/psych-sessions/"
    body = {"victim": str(victim_of(world.case_a).code), "date": today()}
    response = client.post(url, body, content_type=JSON)
    assert response.status_code == 400 and "psychologist" in response.json()["errors"]
    response = client.post(url, {**body, "psychologist": str(world.psikolog.code)}, content_type=JSON)
    assert response.status_code == 201 and PsychSession.objects.get().recorded_by == world.kepala


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"victim": str(uuid.uuid4())}, "victim"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": "kemarin"}, "date"),
    ],
)
def test_a_bad_session_gets_400_by_field(world, client, changes, field):
    body = {"victim": str(victim_of(world.case_a).code), "date": today()} | changes
    response = as_user(client, world.psikolog).post(
        f"{API}/cases/{world.case_a.code}/psych-sessions/", body, content_type=JSON
    )
    assert response.status_code == 400 and field in response.json()["errors"]


# --- Shelter -------------------------------------------------------------------------------------


def test_a_victim_is_admitted_then_discharged(world, client):
    as_user(client, world.manajer)
    body = {"victim": str(victim_of(world.case_a).code), "place": "Rumah Aman UPTD PPA", "admitted_on": today()}
    response = client.post(f"{API}/cases/{world.case_a.code}/shelter-stays/", body, content_type=JSON)
    assert response.status_code == 201
    stay = response.json()
    assert stay["is_active"] is True and stay["days"] == 0 and stay["organisation"] is None
    response = client.post(
        f"{API}/shelter-stays/{stay['code']}/discharge/", {"discharged_on": today()}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["discharged_on"] == today()
    again = client.post(f"{API}/shelter-stays/{stay['code']}/discharge/", {"discharged_on": today()}, content_type=JSON)
    assert again.status_code == 400


def test_a_second_active_stay_gets_400_on_the_victim(world, client):
    admit(world)
    body = {"victim": str(victim_of(world.case_a).code), "place": "Shelter Kedua", "admitted_on": today()}
    response = as_user(client, world.hukum).post(
        f"{API}/cases/{world.case_a.code}/shelter-stays/", body, content_type=JSON
    )
    assert response.status_code == 400 and "victim" in response.json()["errors"]
    assert ShelterStay.objects.count() == 1


def test_the_stays_carry_the_day_12_warning_and_the_overdue_flag(world, client):
    with time_machine.travel(timezone.now() - timedelta(days=15)):
        admit(world)
    admit(
        world, actor=world.kepala, victim=victim_of(world.case_b), admitted_on=timezone.localdate() - timedelta(days=12)
    )
    as_user(client, world.kepala)
    [overdue] = client.get(f"{API}/cases/{world.case_a.code}/shelter-stays/").json()
    [warning] = client.get(f"{API}/cases/{world.case_b.code}/shelter-stays/").json()
    assert (overdue["days"], overdue["is_overdue"], overdue["is_warning"]) == (15, True, False)
    assert (warning["days"], warning["is_overdue"], warning["is_warning"]) == (12, False, True)


# --- Consent -------------------------------------------------------------------------------------


def test_consent_is_recorded_at_intake_and_listed(world, client):
    as_user(client, world.pengaduan)
    url = f"{API}/cases/{world.intake_c.code}/consents/"
    assert client.get(url).json() == []
    body = {
        "victim": str(victim_of(world.intake_c).code),
        "basis": "consent",
        "consent_given_by": "ibu",
        "given_on": today(),
    }
    response = client.post(url, body, content_type=JSON)
    assert response.status_code == 201 and response.json()["recorded_by"]["code"] == str(world.pengaduan.code)
    [row] = client.get(url).json()
    assert (row["basis"], row["consent_given_by"]) == ("consent", "ibu")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_given_by": ""}, "consent_given_by"),
        ({"basis": "public_task"}, "consent_given_by"),
        ({"basis": "because"}, "basis"),
        ({"given_on": "2999-01-01"}, "given_on"),
    ],
)
def test_a_bad_consent_gets_400_by_field(world, client, changes, field):
    body = {
        "victim": str(victim_of(world.case_a).code),
        "basis": "consent",
        "consent_given_by": "ibu",
        "given_on": today(),
    }
    response = as_user(client, world.manajer).post(
        f"{API}/cases/{world.case_a.code}/consents/", body | changes, content_type=JSON
    )
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not ConsentRecord.objects.exists()


# --- Rights --------------------------------------------------------------------------------------


def test_the_rights_checklist_is_read_and_set_line_by_line(world, client):
    victim = victim_of(world.case_a)
    base = f"{API}/cases/{world.case_a.code}/victims/{victim.code}/rights/"
    as_user(client, world.hukum)
    rows = client.get(base).json()
    assert [(r["right"], r["status"]) for r in rows] == [
        ("handling", "not_started"),
        ("protection", "not_started"),
        ("recovery", "not_started"),
        ("restitution", "not_started"),
    ]
    response = client.put(f"{base}recovery/", {"status": "fulfilled"}, content_type=JSON)
    assert response.status_code == 400 and "evidence_note" in response.json()["errors"]
    body = {"status": "fulfilled", "evidence_note": "Laporan psikolog"}
    response = client.put(f"{base}recovery/", body, content_type=JSON)
    assert response.status_code == 200 and response.json() == {"right": "recovery", **body}
    assert VictimRight.objects.get().updated_by == world.hukum
    assert client.put(f"{base}vengeance/", body, content_type=JSON).status_code == 404
    other = f"{API}/cases/{world.case_a.code}/victims/{victim_of(world.case_b).code}/rights/"
    assert client.get(other).status_code == 404


# --- Access and closed cases ---------------------------------------------------------------------


def every_operation(world) -> list[tuple[str, str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    stay = admit(world)
    case, victim = world.case_a.code, victim_of(world.case_a).code
    psychologist = str(world.psikolog.code)
    return [
        ("get", f"{API}/cases/{case}/psych-sessions/", {}),
        (
            "post",
            f"{API}/cases/{case}/psych-sessions/",
            {"victim": str(victim), "psychologist": psychologist, "date": today()},
        ),
        ("get", f"{API}/cases/{case}/shelter-stays/", {}),
        ("post", f"{API}/cases/{case}/shelter-stays/", {"victim": str(victim), "place": "X", "admitted_on": today()}),
        ("post", f"{API}/shelter-stays/{stay.code}/discharge/", {"discharged_on": today()}),
        ("get", f"{API}/cases/{case}/consents/", {}),
        ("post", f"{API}/cases/{case}/consents/", {"victim": str(victim), "basis": "public_task", "given_on": today()}),
        ("get", f"{API}/cases/{case}/victims/{victim}/rights/", {}),
        ("put", f"{API}/cases/{case}/victims/{victim}/rights/handling/", {"status": "in_progress"}),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_operation_is_404_for_who_is_outside_the_case(world, client, username):
    operations = every_operation(world)
    as_user(client, world.users[username])
    for method, url, body in operations:
        response = getattr(client, method)(url, body, content_type=JSON) if body else client.get(url)
        assert response.status_code == 404, (method, url)
    assert ShelterStay.objects.get().is_active and not ConsentRecord.objects.exists()


def test_an_unknown_stay_is_404(world, client):
    response = as_user(client, world.kepala).post(
        f"{API}/shelter-stays/{uuid.uuid4()}/discharge/", {"discharged_on": today()}, content_type=JSON
    )
    assert response.status_code == 404


def test_a_closed_case_refuses_every_write(world, client):
    operations = [op for op in every_operation(world) if op[0] != "get" and "discharge" not in op[1]]
    close(world.case_a)
    as_user(client, world.kepala)
    for method, url, body in operations:
        response = getattr(client, method)(url, body, content_type=JSON)
        assert response.status_code == 400, (method, url, response.content)
    assert not PsychSession.objects.exists() and not ConsentRecord.objects.exists()
    assert ShelterStay.objects.count() == 1 and not VictimRight.objects.exists()


# --- Schema --------------------------------------------------------------------------------------


def test_the_schema_documents_the_protection_operations(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/cases/{code}/psych-sessions/:",
        "/api/v1/cases/{code}/shelter-stays/:",
        "/api/v1/shelter-stays/{code}/discharge/:",
        "/api/v1/cases/{code}/consents/:",
        "/api/v1/cases/{code}/victims/{person}/rights/:",
        "/api/v1/cases/{code}/victims/{person}/rights/{right}/:",
    ):
        assert path in schema, path
