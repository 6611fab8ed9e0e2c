"""The staff API of intake, triage, the registry and people: the same rules as the pages."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken

from cases.models import Case, CaseStatus, Person, PersonRole, Region
from cases.services import perpetrator_relation_set, triage_decide, triage_propose
from cases.vocabularies import CaseType, Risk
from tests.conftest import max_queries
from tests.factories import CaseFactory, PersonFactory, fake_nik

pytestmark = pytest.mark.django_db

JSON = "application/json"


def token_for(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, token = AuthToken.objects.create(user=user)
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def as_user(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def victim_of(case: Case) -> Person:
    return case.people.get(role=PersonRole.VICTIM)


def kelurahan() -> Region:
    return Region.objects.filter(level="kelurahan").select_related("parent").order_by("code").first()


# --- Intake ------------------------------------------------------------------------------------


def test_the_intake_queue_lists_complaints_awaiting_triage_and_logs_them(world, client):
    response = client.get("/api/v1/intakes/", **token_for(world.pengaduan_lain))
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [str(world.intake_c.code)]
    read = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(world.intake_c.pk))
    assert read.actor == world.pengaduan_lain and read.additional_data == {"list": "intakes", "api": True}


@pytest.mark.parametrize("username", ["manajer", "psikolog", "operator", "admin", "pimpinan"])
def test_roles_without_an_intake_queue_get_403(world, client, username):
    as_user(client, world.users[username])
    assert client.get("/api/v1/intakes/").status_code == 403
    response = client.post("/api/v1/intakes/", {"channel": "telepon"}, content_type=JSON)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_liaison_gets_404_on_the_intake_queue_as_on_every_api_outside_their_inbox(world, client):
    as_user(client, world.penghubung)
    assert client.get("/api/v1/intakes/").status_code == 404
    response = client.post("/api/v1/intakes/", {"channel": "telepon"}, content_type=JSON)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_intake_officer_registers_a_complaint_with_a_reporter(world, client):
    body = {
        "channel": "sapa_129",
        "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "chronology": "Seorang ibu melapor anaknya dirundung di sekolah.",
        "incident_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "incident_date_precision": "exact",
        "incident_region": kelurahan().code,
        "scene": "sekolah",
        "reporter_relation": "ibu kandung",
        "reporter": {"full_name": "Rahmawati", "phone": "0812 3456 7890", "phone_is_whatsapp": True},
    }
    response = client.post("/api/v1/intakes/", body, content_type=JSON, **token_for(world.pengaduan))
    assert response.status_code == 201, response.json()
    case = Case.objects.get(code=response.json()["code"])
    assert case.status == CaseStatus.RECEIVED and case.created_by == world.pengaduan
    assert case.channel == "sapa_129" and case.incident_region == kelurahan()
    reporter = case.people.get(role=PersonRole.REPORTER)
    assert reporter.full_name == "Rahmawati" and reporter.phone == "+6281234567890"
    assert response.json()["incident_region"]["code"] == kelurahan().code


def test_a_reporter_who_is_the_victim_is_a_flag_in_the_api_as_on_the_page(world, client):
    body = {
        "channel": "telepon",
        "received_at": timezone.now().isoformat(),
        "reporter_is_victim": True,
        "reporter_relation": "ibu kandung",
        "reporter": {"full_name": "Rahmawati", "relation_to_victim": "ibu kandung"},
    }
    response = client.post("/api/v1/intakes/", body, content_type=JSON, **token_for(world.pengaduan))
    assert response.status_code == 201, response.json()
    case = Case.objects.get(code=response.json()["code"])
    assert case.reporter_is_victim and case.reporter_relation in (None, "")
    assert case.people.get(role=PersonRole.REPORTER).relation_to_victim in (None, "")


def test_an_anonymous_intake_keeps_no_reporter(world, client):
    body = {
        "channel": "telepon",
        "received_at": timezone.now().isoformat(),
        "reporter_anonymous": True,
        "reporter": {"full_name": "Tidak Mau Disebut", "phone": "081234567890"},
    }
    response = as_user(client, world.kepala).post("/api/v1/intakes/", body, content_type=JSON)
    assert response.status_code == 201
    assert not Case.objects.get(code=response.json()["code"]).people.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "merpati"}, "channel"),
        ({"received_at": None}, "received_at"),
        ({"incident_region": "99.99"}, "incident_region"),
        ({"channel": "rujukan"}, "referring_organisation"),  # the service's rule
        ({"received_at": "2999-01-01T00:00:00+07:00"}, "received_at"),  # the service's rule
        ({"referring_organisation": str(uuid.uuid4())}, "referring_organisation"),
        ({"reporter": {"phone": "x" * 31}}, "reporter"),
    ],
)
def test_a_bad_intake_gets_400_with_the_error_by_field(world, client, changes, field):
    body = {"channel": "telepon", "received_at": timezone.now().isoformat(), **changes}
    before = Case.objects.count()
    response = as_user(client, world.pengaduan).post("/api/v1/intakes/", body, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]
    assert Case.objects.count() == before


# --- Worklist and case detail ------------------------------------------------------------------


def test_the_worklist_filters_like_the_page(world, client):
    as_user(client, world.kepala)
    triage_propose(
        actor=world.kepala, case=world.intake_c, case_type=CaseType.KTP, risk=Risk.TINGGI, authority="daerah"
    )
    place = kelurahan()
    in_place = CaseFactory(created_by=world.pengaduan, incident_region=place)

    def codes(**params: str) -> set[str]:
        response = client.get("/api/v1/cases/", params)
        assert response.status_code == 200, response.json()
        return {row["code"] for row in response.json()["results"]}

    assert codes(status="received") == {str(world.intake_c.code)}
    assert codes(risk="tinggi") == {str(world.intake_c.code)}
    assert codes(kecamatan=place.parent.code) == {str(in_place.code)}
    assert codes(q=world.case_a.register_number) == {str(world.case_a.code)}
    assert codes(q=victim_of(world.case_b).nik) == {str(world.case_b.code)}
    assert codes(received_from=(timezone.localdate() + timedelta(days=1)).isoformat()) == set()
    assert str(world.case_a.code) in codes(ordering="register_number", assigned_to_me="false")

    # A search is logged without the searched terms.
    searched = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__search=True)
    assert searched.exists()
    assert all(victim_of(world.case_b).nik not in str(e.additional_data) for e in searched)


@pytest.mark.parametrize("params", [{"ordering": "chronology"}, {"kecamatan": "15.71"}, {"status": "x"}])
def test_a_bad_worklist_filter_gets_400(world, client, params):
    response = as_user(client, world.kepala).get("/api/v1/cases/", params)
    assert response.status_code == 400 and response.json()["errors"]


def test_the_assigned_to_me_filter_shows_a_team_member_their_cases(world, client):
    response = client.get("/api/v1/cases/", {"assigned_to_me": "true"}, **token_for(world.psikolog))
    assert [row["code"] for row in response.json()["results"]] == [str(world.case_a.code)]


def test_the_case_detail_has_people_team_deadlines_and_events(world, client):
    response = client.get(f"/api/v1/cases/{world.case_a.code}/", **token_for(world.manajer))
    assert response.status_code == 200
    body = response.json()
    assert body["register_number"] == world.case_a.register_number and body["label"] == world.case_a.label
    assert body["people"][0]["full_name"] == victim_of(world.case_a).full_name
    assert {m["user"]["code"] for m in body["team"]} == {
        str(u.code) for u in (world.manajer, world.psikolog, world.hukum)
    }
    assert {"response_due_at", "police_report_due_at", "chronology"} <= set(body)
    assert [e["kind"] for e in body["events"]][:2] == ["received", "accepted"]


def test_a_linked_case_code_is_shown_only_to_who_may_see_that_case(world, client):
    triage_decide(actor=world.kepala, case=world.intake_c, outcome="duplicate", duplicate_of=world.case_a)
    as_user(client, world.kepala)
    assert client.get(f"/api/v1/cases/{world.intake_c.code}/").json()["duplicate_of"] == str(world.case_a.code)
    original = client.get(f"/api/v1/cases/{world.case_a.code}/").json()
    assert any(e["data"].get("duplicate") == str(world.intake_c.code) for e in original["events"])

    # pengaduan_lain took intake_c (so sees it) but is not on case_a's team; manajer the reverse.
    as_user(client, world.pengaduan_lain)
    assert client.get(f"/api/v1/cases/{world.intake_c.code}/").json()["duplicate_of"] is None
    as_user(client, world.manajer)
    original = client.get(f"/api/v1/cases/{world.case_a.code}/").json()
    assert str(world.intake_c.code) not in str(original)


# --- Every role outside the team: 404 everywhere ------------------------------------------------


def case_a_requests(world):  # type: ignore[no-untyped-def]
    code, victim = world.case_a.code, victim_of(world.case_a)
    return [
        ("get", f"/api/v1/cases/{code}/", None),
        (
            "post",
            f"/api/v1/cases/{code}/triage/propose/",
            {"case_type": "ampk", "risk": "tinggi", "authority": "daerah"},
        ),
        ("post", f"/api/v1/cases/{code}/triage/decide/", {"outcome": "accepted"}),
        ("post", f"/api/v1/cases/{code}/team/", {"user": str(world.manajer_lain.code), "team_role": "pendamping"}),
        ("delete", f"/api/v1/cases/{code}/team/{world.psikolog.code}/", None),
        ("post", f"/api/v1/cases/{code}/police-report/", {"number": "LP/1", "report_date": "2026-01-02"}),
        ("post", f"/api/v1/cases/{code}/people/", {"role": "terlapor", "is_unknown": True}),
        ("patch", f"/api/v1/people/{victim.code}/", {"nickname": "Ica"}),
        ("post", f"/api/v1/people/{victim.code}/relations/", {"perpetrator": str(uuid.uuid4()), "relation": "lainnya"}),
    ]


def test_every_role_outside_the_team_gets_404_on_every_case_operation(world, client):
    outsiders = [u for u in world.users.values() if not u.has_perm("cases.view_case", world.case_a)]
    assert {u.username for u in outsiders} == {
        "admin",
        "pengaduan",
        "pengaduan_lain",
        "manajer_lain",
        "operator",
        "penghubung",
        "pimpinan",
        "dpo",
    }
    for user in outsiders:
        headers = token_for(user)
        for method, url, body in case_a_requests(world):
            response = getattr(client, method)(url, body, content_type=JSON, **headers)
            assert response.status_code == 404, (user.username, method, url, response.status_code)
            assert response.json()["code"] == "not_found"
    assert world.case_a.team.count() == 3 and world.case_a.people.count() == 1


def test_an_unknown_code_is_a_404_like_a_forbidden_one(world, client):
    as_user(client, world.kepala)
    assert client.get(f"/api/v1/cases/{uuid.uuid4()}/").status_code == 404
    assert client.patch(f"/api/v1/people/{uuid.uuid4()}/", {}, content_type=JSON).status_code == 404


@pytest.mark.parametrize(
    ("username", "case_name", "method", "suffix", "body"),
    [
        ("pengaduan", "intake_c", "post", "triage/decide/", {"outcome": "accepted"}),
        (
            "pengaduan",
            "intake_d",
            "post",
            "triage/propose/",
            {"case_type": "ktp", "risk": "rendah", "authority": "daerah"},
        ),
        (
            "manajer",
            "case_a",
            "post",
            "team/",
            {"user": "00000000-0000-0000-0000-000000000000", "team_role": "psikolog"},
        ),
        ("manajer", "case_a", "delete", "team/{psikolog}/", None),
        ("psikolog", "case_a", "post", "police-report/", {"number": "LP/1", "report_date": "2026-01-02"}),
        ("pengaduan", "intake_d", "post", "people/", {"role": "terlapor", "is_unknown": True}),
    ],
)
def test_a_role_that_sees_the_case_but_may_not_act_gets_403(world, client, username, case_name, method, suffix, body):
    url = f"/api/v1/cases/{getattr(world, case_name).code}/{suffix.format(psikolog=world.psikolog.code)}"
    response = getattr(as_user(client, world.users[username]), method)(url, body, content_type=JSON)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_role_that_sees_the_person_but_may_not_edit_gets_403(world, client):
    victim = victim_of(world.intake_d)  # ended at intake: its officer still reads it, no longer edits it
    as_user(client, world.pengaduan)
    assert client.patch(f"/api/v1/people/{victim.code}/", {"nickname": "Ica"}, content_type=JSON).status_code == 403
    relation = {"perpetrator": str(uuid.uuid4()), "relation": "lainnya"}
    assert client.post(f"/api/v1/people/{victim.code}/relations/", relation, content_type=JSON).status_code == 403


# --- Triage ------------------------------------------------------------------------------------


def test_an_intake_officer_proposes_a_triage(world, client):
    body = {"case_type": "ampk", "risk": "tinggi", "authority": "daerah", "note": "Anak masih serumah."}
    url = f"/api/v1/cases/{world.intake_c.code}/triage/propose/"
    response = client.post(url, body, content_type=JSON, **token_for(world.pengaduan))
    assert response.status_code == 200
    assert response.json()["risk"] == "tinggi" and response.json()["response_due_at"]
    world.intake_c.refresh_from_db()
    assert world.intake_c.triage_proposed_by == world.pengaduan and world.intake_c.status == CaseStatus.RECEIVED


def test_a_triage_proposal_needs_every_axis(world, client):
    url = f"/api/v1/cases/{world.intake_c.code}/triage/propose/"
    response = as_user(client, world.pengaduan).post(url, {"risk": "sangat"}, content_type=JSON)
    assert response.status_code == 400
    assert {"case_type", "risk", "authority"} <= set(response.json()["errors"])


def test_the_head_accepts_a_complaint_and_it_gets_a_register_number(world, client):
    body = {"outcome": "accepted", "case_type": "ampk", "risk": "sedang", "authority": "daerah"}
    url = f"/api/v1/cases/{world.intake_c.code}/triage/decide/"
    response = client.post(url, body, content_type=JSON, **token_for(world.kepala))
    assert response.status_code == 200
    assert response.json()["status"] == "open" and response.json()["register_number"]


def test_the_head_ends_a_complaint_outside_the_mandate_or_as_a_duplicate(world, client):
    as_user(client, world.kepala)
    url = f"/api/v1/cases/{world.intake_c.code}/triage/decide/"
    missing_note = client.post(url, {"outcome": "outside_mandate"}, content_type=JSON)
    assert missing_note.status_code == 400 and "note" in missing_note.json()["errors"]
    unknown = client.post(url, {"outcome": "duplicate", "duplicate_of": str(uuid.uuid4())}, content_type=JSON)
    assert unknown.status_code == 400 and "duplicate_of" in unknown.json()["errors"]
    response = client.post(url, {"outcome": "duplicate", "duplicate_of": str(world.case_a.code)}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "duplicate"
    world.intake_c.refresh_from_db()
    assert world.intake_c.duplicate_of == world.case_a


def test_outside_the_mandate_can_name_the_agency_it_was_referred_to(world, client):
    from uptdppa.accounts.models import Organisation

    lbh = Organisation.objects.exclude(kind="uptd_ppa").first()
    body = {"outcome": "outside_mandate", "note": "Diberi informasi.", "referred_to": str(lbh.code)}
    response = as_user(client, world.kepala).post(
        f"/api/v1/cases/{world.intake_c.code}/triage/decide/", body, content_type=JSON
    )
    assert response.status_code == 200
    world.intake_c.refresh_from_db()
    assert world.intake_c.referred_to == lbh


# --- Team and police report --------------------------------------------------------------------


def test_the_head_adds_and_removes_team_members(world, client):
    as_user(client, world.kepala)
    url = f"/api/v1/cases/{world.case_b.code}/team/"
    response = client.post(url, {"user": str(world.manajer_lain.code), "team_role": "manajer_kasus"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["user"]["code"] == str(world.manajer_lain.code)
    assert world.manajer_lain.has_perm("cases.view_case", world.case_b)

    removed = client.delete(f"{url}{world.manajer_lain.code}/")
    assert removed.status_code == 204 and not world.case_b.team.exists()
    assert client.delete(f"{url}{world.manajer_lain.code}/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user": "00000000-0000-0000-0000-000000000000", "team_role": "psikolog"}, "user"),
        ({"user": "{psikolog}", "team_role": "manajer_kasus"}, "user"),  # the service's rule
        ({"user": "{psikolog}", "team_role": "kepala"}, "team_role"),
    ],
)
def test_a_bad_team_member_gets_400(world, client, body, field):
    body = {k: v.format(psikolog=world.psikolog.code) for k, v in body.items()}
    response = as_user(client, world.kepala).post(f"/api/v1/cases/{world.case_b.code}/team/", body, content_type=JSON)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_the_legal_advisor_records_the_police_report(world, client):
    PersonFactory(case=world.case_a, violence_forms=["seksual"])
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is not None
    body = {"number": "LP/B/12/III/2026", "report_date": timezone.localdate().isoformat(), "unit": "Unit PPA"}
    response = client.post(
        f"/api/v1/cases/{world.case_a.code}/police-report/", body, content_type=JSON, **token_for(world.hukum)
    )
    assert response.status_code == 200
    assert response.json()["police_report_number"] == "LP/B/12/III/2026"
    assert response.json()["police_report_due_at"] is None


def test_a_police_report_in_the_future_gets_400(world, client):
    body = {"number": "LP/1", "report_date": (timezone.localdate() + timedelta(days=1)).isoformat()}
    url = f"/api/v1/cases/{world.case_a.code}/police-report/"
    response = as_user(client, world.hukum).post(url, body, content_type=JSON)
    assert response.status_code == 400 and "report_date" in response.json()["errors"]


# --- People ------------------------------------------------------------------------------------


def test_a_victim_is_added_with_violence_forms_and_a_nik_warning(world, client):
    born = date(2014, 5, 17)
    body = {
        "role": "korban",
        "full_name": "Putri Ramadhani",
        "nik": fake_nik(female=False, birth_date=born),  # a man's NIK for a girl: a warning
        "birth_date": born.isoformat(),
        "sex": "P",
        "region": kelurahan().code,
        "violence_forms": ["fisik", "seksual"],
        "protection_categories": ["i", "j"],
    }
    url = f"/api/v1/cases/{world.case_a.code}/people/"
    response = client.post(url, body, content_type=JSON, **token_for(world.manajer))
    assert response.status_code == 201, response.json()
    person = response.json()["person"]
    assert person["violence_forms"] == ["fisik", "seksual"] and person["protection_categories"] == ["i", "j"]
    assert person["is_child"] is True and person["region"]["code"] == kelurahan().code
    assert len(response.json()["warnings"]) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "korban", "nik": "123"}, "nik"),
        ({"role": "korban", "region": "15"}, "region"),
        ({"role": "korban", "violence_forms": ["ghaib"]}, "violence_forms"),
        ({"role": "korban", "estimated_age": 30, "protection_categories": ["a"]}, "protection_categories"),
        ({"role": "korban", "is_unknown": True}, "is_unknown"),
        ({"role": "korban", "full_name": "  ", "phone_is_whatsapp": True}, "full_name"),  # nothing about the person
        ({"role": "saksi"}, "role"),
    ],
)
def test_a_bad_person_gets_400_with_the_error_by_field(world, client, body, field):
    response = as_user(client, world.manajer).post(
        f"/api/v1/cases/{world.case_a.code}/people/", body, content_type=JSON
    )
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert world.case_a.people.count() == 1


def test_a_person_is_changed_field_by_field(world, client):
    victim = victim_of(world.case_a)
    name = victim.full_name
    as_user(client, world.manajer)
    response = client.patch(
        f"/api/v1/people/{victim.code}/", {"nickname": "Ica", "violence_forms": ["psikis"]}, content_type=JSON
    )
    assert response.status_code == 200
    victim.refresh_from_db()
    assert victim.nickname == "Ica" and victim.full_name == name
    assert response.json()["person"]["violence_forms"] == ["psikis"]

    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    bad = client.patch(f"/api/v1/people/{victim.code}/", {"birth_date": future}, content_type=JSON)
    assert bad.status_code == 400 and "birth_date" in bad.json()["errors"]


def test_a_victim_is_linked_to_an_alleged_perpetrator_of_the_same_case(world, client):
    victim = victim_of(world.case_a)
    perpetrator = PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR)
    elsewhere = PersonFactory(case=world.case_b, role=PersonRole.PERPETRATOR)
    as_user(client, world.manajer)
    url = f"/api/v1/people/{victim.code}/relations/"
    response = client.post(url, {"perpetrator": str(perpetrator.code), "relation": "ayah_tiri"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json() == {
        "perpetrator": str(perpetrator.code),
        "relation": "ayah_tiri",
        "relation_label": response.json()["relation_label"],
        "relation_group": "orang_tua",
    }
    other = client.post(url, {"perpetrator": str(elsewhere.code), "relation": "ayah_tiri"}, content_type=JSON)
    assert other.status_code == 400 and "perpetrator" in other.json()["errors"]
    reversed_link = client.post(
        f"/api/v1/people/{perpetrator.code}/relations/",
        {"perpetrator": str(victim.code), "relation": "ayah_tiri"},
        content_type=JSON,
    )
    assert reversed_link.status_code == 400 and "relation" in reversed_link.json()["errors"]


def matches_url(case: Case) -> str:
    return f"/api/v1/cases/{case.code}/people/matches/"


def test_matches_show_visible_cases_and_only_signal_the_others(world, client):
    nik = victim_of(world.case_b).nik
    as_user(client, world.kepala)
    seen = client.get(matches_url(world.case_a), {"nik": nik}).json()
    assert seen["hidden_exists"] is False
    assert [(m["case_code"], m["case_label"]) for m in seen["visible"]] == [
        (str(world.case_b.code), world.case_b.label)
    ]

    as_user(client, world.manajer)
    hidden = client.get(matches_url(world.case_a), {"nik": nik}).json()
    assert hidden == {"visible": [], "hidden_exists": True}
    assert str(world.case_b.code) not in str(hidden)


def test_matches_need_a_term_and_a_case_the_user_may_edit(world, client):
    assert as_user(client, world.kepala).get(matches_url(world.case_a)).status_code == 400
    as_user(client, world.psikolog)  # sees case_a, not case_b
    assert client.get(matches_url(world.case_b), {"name": "Putri"}).status_code == 404
    as_user(client, world.pimpinan)
    assert client.get(matches_url(world.case_a), {"name": "Putri"}).status_code == 404


def test_a_search_that_finds_nothing_visible_is_still_logged_without_its_terms(world, client):
    from auditlog.models import LogEntry

    nik = victim_of(world.case_b).nik
    as_user(client, world.manajer)
    client.get(matches_url(world.case_a), {"nik": nik})
    entry = LogEntry.objects.filter(object_pk=str(world.case_a.pk), action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.actor == world.manajer and entry.additional_data["search"] == "person_match"
    assert not LogEntry.objects.filter(additional_data__icontains=nik).exists()


# --- The schema --------------------------------------------------------------------------------


def test_the_openapi_schema_is_valid_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/v1/intakes/", "/api/v1/cases/{code}/people/matches/", "/api/v1/public/complaints/status/"):
        assert path in schema
    assert schema.count("examples:") >= 9


# --- Query counts ------------------------------------------------------------------------------


def test_the_case_list_and_detail_run_a_fixed_number_of_queries(world, client):
    as_user(client, world.kepala)

    def counted(url: str) -> int:
        with max_queries(100) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    small_list, small_detail = counted("/api/v1/cases/"), counted(f"/api/v1/cases/{world.case_a.code}/")
    for _ in range(3):
        case = CaseFactory(created_by=world.pengaduan, incident_region=kelurahan())
        PersonFactory(case=case)
    victim = PersonFactory(case=world.case_a, violence_forms=["fisik", "seksual"], protection_categories=["i"])
    perpetrator = PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR)
    perpetrator_relation_set(actor=None, victim=victim, perpetrator=perpetrator, relation="ayah_tiri")
    assert counted("/api/v1/cases/") == small_list <= 10  # incl. the session's and the audit log's
    assert counted(f"/api/v1/cases/{world.case_a.code}/") == small_detail <= 14


def test_the_head_records_the_simfoni_number_and_others_may_not(world, client):
    url = f"/api/v1/cases/{world.case_a.code}/registry/"
    as_user(client, world.kepala)
    response = client.post(url, {"simfoni_number": " 1571-2026-000042 "}, content_type=JSON)
    assert response.status_code == 200
    world.case_a.refresh_from_db()
    assert world.case_a.simfoni_number == "1571-2026-000042"
    as_user(client, world.manajer)
    assert client.post(url, {"simfoni_number": "x"}, content_type=JSON).status_code == 403
    as_user(client, world.operator)
    assert client.post(url, {"simfoni_number": "x"}, content_type=JSON).status_code == 404
