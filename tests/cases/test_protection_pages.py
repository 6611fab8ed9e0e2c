"""The protection and recovery page of a case and its forms: psychological sessions (notes only
for the team's psychologists and the head), shelter with its day-12 warning and 14-day overdue
flag, consent or legal basis, the rights checklist."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatus,
    ConsentRecord,
    LegalBasis,
    Person,
    PersonRole,
    PsychSession,
    ShelterStay,
    VictimRight,
    VictimRightStatus,
)
from cases.services import consent_record, person_add, psych_session_record, shelter_admit, shelter_discharge
from tests.conftest import max_queries

pytestmark = pytest.mark.django_db

OBSERVATIONS = "Korban tampak cemas saat membicarakan rumah."
RECOMMENDATIONS = "Konseling lanjutan dua minggu sekali."
OUTSIDERS = ("manajer_lain", "penghubung", "pimpinan", "operator", "admin")


def url(name: str, case: Case, *args: object) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])


def victim_of(case: Case) -> Person:
    return case.people.get(role=PersonRole.VICTIM)


def today() -> str:
    return timezone.localdate().isoformat()


def session(world, victim: Person | None = None, **kwargs: object) -> PsychSession:
    values = {
        "actor": world.psikolog,
        "victim": victim or victim_of(world.case_a),
        "psychologist": world.psikolog,
        "date": timezone.localdate(),
        "method": "Konseling individual",
        "observations": OBSERVATIONS,
        "recommendations": RECOMMENDATIONS,
    } | kwargs
    return psych_session_record(**values)


def admit(world, victim: Person | None = None, **kwargs: object) -> ShelterStay:
    values = {
        "actor": world.manajer,
        "victim": victim or victim_of(world.case_a),
        "place": "Rumah Aman UPTD PPA",
        "admitted_on": timezone.localdate(),
    } | kwargs
    return shelter_admit(**values)


def close(case: Case) -> None:
    # The closure workflow is tested elsewhere; here only a closed case's read-only pages matter.
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)


def page(client, world, username: str = "kepala") -> str:
    client.force_login(world.users[username])
    response = client.get(url("protection", world.case_a))
    assert response.status_code == 200
    return response.content.decode()


# --- The page ------------------------------------------------------------------------------------


def test_the_page_shows_each_victims_sessions_stays_consents_and_rights(world, client):
    session(world)
    admit(world, place="Shelter Dinsos Kota Jambi")
    consent_record(
        actor=world.manajer, victim=victim_of(world.case_a), basis=LegalBasis.CONSENT,
        consent_given_by="ibu kandung", given_on=timezone.localdate(),
    )  # fmt: skip
    html = page(client, world)
    assert "Konseling individual" in html and world.psikolog.display_name in html
    assert (
        "Shelter Dinsos Kota Jambi" in html
        and url("shelter-discharge", world.case_a, ShelterStay.objects.get().code) in html
    )
    assert "ibu kandung" in html and 'class="alert alert-info small mb-4 no-consent"' not in html
    assert html.count('class="list-group-item px-0"') >= 4 + 3  # four rights, a session, a stay, a consent
    assert 'aria-current="page" href="' + url("protection", world.case_a) + '"' in html


def test_without_a_consent_the_page_shows_a_notice_and_still_offers_every_help(world, client):
    html = page(client, world, "manajer")
    assert "no-consent" in html
    assert url("shelter-admit", world.case_a) in html and url("consent-add", world.case_a) in html


@pytest.mark.parametrize("username", ["psikolog", "kepala"])
def test_the_team_psychologist_and_the_head_read_the_session_notes(world, client, username):
    session(world)
    html = page(client, world, username)
    assert OBSERVATIONS in html and RECOMMENDATIONS in html and "notes-withheld" not in html


@pytest.mark.parametrize("username", ["manajer", "hukum"])
def test_others_on_the_team_see_only_that_a_session_took_place(world, client, username):
    session(world)
    html = page(client, world, username)
    assert "Konseling individual" in html and "notes-withheld" in html
    assert OBSERVATIONS not in html and RECOMMENDATIONS not in html


def test_each_victims_buttons_preselect_that_victim(world, client):
    first = victim_of(world.case_a)
    second = person_add(actor=None, case=world.case_a, role=PersonRole.VICTIM, nickname="Ani").person
    admit(world, victim=first)
    html = page(client, world, "manajer")
    admit_url = url("shelter-admit", world.case_a)
    assert f"{admit_url}?korban={second.code}" in html and f"{admit_url}?korban={first.code}" not in html
    form = client.get(f"{admit_url}?korban={second.code}").content.decode()
    assert f'<option value="{second.code}" selected>' in form and f'<option value="{first.code}">' in form


def test_the_consent_and_shelter_forms_start_on_today(world, client):
    client.force_login(world.manajer)
    for name, field in (("consent-add", "given_on"), ("shelter-admit", "admitted_on")):
        form = client.get(url(name, world.case_a)).content.decode()
        assert f'name="{field}" value="{timezone.localdate().isoformat()}"' in form, name


def test_a_complaint_not_yet_registered_has_no_protection_page(world, client):
    client.force_login(world.kepala)
    assert client.get(url("protection", world.intake_c)).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_records(world, client):
    first = victim_of(world.case_a)
    second = person_add(actor=None, case=world.case_a, role=PersonRole.VICTIM, nickname="Ani").person
    # One session already: the page then logs the sessions it shows (one insert, whatever their number).
    session(world, victim=first, date=timezone.localdate() - timedelta(days=20))
    client.force_login(world.psikolog)
    with max_queries(30) as few:
        assert client.get(url("protection", world.case_a)).status_code == 200
    for victim in (first, second):
        for days in range(10):  # ten sessions, three past stays, an active one, three bases
            session(world, victim=victim, date=timezone.localdate() - timedelta(days=days))
        for start in (40, 30, 20):
            stay = admit(world, victim=victim, admitted_on=timezone.localdate() - timedelta(days=start))
            shelter_discharge(actor=world.manajer, stay=stay, discharged_on=stay.admitted_on + timedelta(days=5))
        admit(world, victim=victim, admitted_on=timezone.localdate() - timedelta(days=13))
        for n in range(3):
            consent_record(
                actor=world.manajer, victim=victim, basis=LegalBasis.PUBLIC_TASK,
                given_on=timezone.localdate() - timedelta(days=n),
            )  # fmt: skip
    for username in ("psikolog", "manajer"):
        client.force_login(world.users[username])
        with max_queries(len(few)):
            response = client.get(url("protection", world.case_a))
        html = response.content.decode()
        assert html.count("shelter-warning") == 2 and html.count("Konseling individual") == 21


# --- Psychological sessions ----------------------------------------------------------------------


def test_the_psychologist_records_a_session_as_themselves_by_default(world, client):
    client.force_login(world.psikolog)
    form = client.get(url("psych-session-add", world.case_a)).content.decode()
    assert f'<option value="{world.psikolog.code}" selected>' in form
    victim = victim_of(world.case_a)
    data = {
        "victim": str(victim.code),
        "psychologist": str(world.psikolog.code),
        "date": today(),
        "method": "Terapi bermain",
        "observations": OBSERVATIONS,
        "recommendations": "",
    }
    response = client.post(url("psych-session-add", world.case_a), data)
    assert response.status_code == 302 and response["Location"] == url("protection", world.case_a)
    recorded = PsychSession.objects.get()
    assert (recorded.victim, recorded.psychologist, recorded.method) == (victim, world.psikolog, "Terapi bermain")
    assert recorded.observations == OBSERVATIONS and recorded.recommendations is None


def test_a_session_in_the_future_is_refused_and_keeps_what_was_typed(world, client):
    client.force_login(world.psikolog)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {
        "victim": str(victim_of(world.case_a).code),
        "psychologist": str(world.psikolog.code),
        "date": tomorrow,
        "method": "Terapi bermain",
        "observations": OBSERVATIONS,
    }
    response = client.post(url("psych-session-add", world.case_a), data)
    assert response.status_code == 200 and not PsychSession.objects.exists()
    assert response.context["form"].errors["date"]
    html = response.content.decode()
    assert f'value="{tomorrow}"' in html and 'value="Terapi bermain"' in html and OBSERVATIONS in html


@pytest.mark.parametrize("username", ["manajer", "hukum"])
def test_a_team_member_who_is_not_the_psychologist_may_not_record_a_session(world, client, username):
    client.force_login(world.users[username])
    assert client.get(url("psych-session-add", world.case_a)).status_code == 403
    response = client.post(url("psych-session-add", world.case_a), {"date": today()})
    assert response.status_code == 403 and not PsychSession.objects.exists()
    assert url("psych-session-add", world.case_a) not in page(client, world, username)


# --- Shelter -------------------------------------------------------------------------------------


def test_a_victim_is_admitted_and_discharged_through_the_forms(world, client):
    client.force_login(world.hukum)
    victim = victim_of(world.case_a)
    data = {"victim": str(victim.code), "place": "Rumah Aman UPTD PPA", "admitted_on": today()}
    response = client.post(url("shelter-admit", world.case_a), data)
    assert response.status_code == 302 and response["Location"] == url("protection", world.case_a)
    stay = ShelterStay.objects.get(victim=victim)
    assert stay.is_active and stay.admitted_by == world.hukum
    response = client.post(url("shelter-discharge", world.case_a, stay.code), {"discharged_on": today()})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.discharged_on == timezone.localdate()


def test_a_second_active_stay_is_refused_with_a_message_by_the_victim(world, client):
    admit(world)
    client.force_login(world.manajer)
    data = {"victim": str(victim_of(world.case_a).code), "place": "Shelter Kedua", "admitted_on": today()}
    response = client.post(url("shelter-admit", world.case_a), data)
    assert response.status_code == 200 and ShelterStay.objects.count() == 1
    assert response.context["form"].errors["victim"]
    assert 'value="Shelter Kedua"' in response.content.decode()


def test_a_discharge_before_the_admission_is_shown_beside_the_date(world, client):
    stay = admit(world, admitted_on=timezone.localdate() - timedelta(days=3))
    client.force_login(world.manajer)
    before = (stay.admitted_on - timedelta(days=1)).isoformat()
    response = client.post(url("shelter-discharge", world.case_a, stay.code), {"discharged_on": before})
    assert response.status_code == 200 and response.context["form"].errors["discharged_on"]
    assert f'value="{before}"' in response.content.decode()


def test_a_stay_of_another_case_is_not_found_on_this_one(world, client):
    other = admit(world, victim=victim_of(world.case_b), actor=world.kepala)
    client.force_login(world.kepala)
    assert client.get(url("shelter-discharge", world.case_b, other.code)).status_code == 200  # under its own case
    assert client.get(url("shelter-discharge", world.case_a, other.code)).status_code == 404


@pytest.mark.parametrize(
    ("days_ago", "warning", "overdue"), [(11, False, False), (12, True, False), (14, True, False), (15, False, True)]
)
def test_the_page_warns_from_day_12_and_flags_a_stay_overdue_after_14_days(world, client, days_ago, warning, overdue):
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        admit(world, admitted_on=timezone.localdate())
    html = page(client, world, "manajer")
    assert ("shelter-warning" in html) is warning
    assert ("shelter-overdue" in html) is overdue
    assert f"{days_ago} " in html


def test_a_discharged_stay_is_neither_warned_about_nor_overdue(world, client):
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        stay = admit(world, admitted_on=timezone.localdate())
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=timezone.localdate())
    html = page(client, world, "manajer")
    assert "shelter-warning" not in html and "shelter-overdue" not in html


def test_the_shelter_limits_follow_the_settings(world, client, settings):
    settings.SHELTER_WARNING_DAY, settings.SHELTER_LIMIT_DAYS = 3, 5
    admit(world, admitted_on=timezone.localdate() - timedelta(days=6))
    assert "shelter-overdue" in page(client, world, "manajer")


# --- Consent and legal basis ---------------------------------------------------------------------


def test_the_intake_officer_records_consent_at_intake(world, client):
    client.force_login(world.pengaduan)
    victim = victim_of(world.intake_c)
    data = {"victim": str(victim.code), "basis": LegalBasis.CONSENT, "consent_given_by": "ibu", "given_on": today()}
    response = client.post(url("consent-add", world.intake_c), data)
    assert response.status_code == 302 and response["Location"] == url("detail", world.intake_c)
    record = ConsentRecord.objects.get(victim=victim)
    assert (record.basis, record.consent_given_by, record.recorded_by) == ("consent", "ibu", world.pengaduan)


def test_another_legal_basis_is_recorded_without_anyone_consenting(world, client):
    client.force_login(world.manajer)
    data = {"victim": str(victim_of(world.case_a).code), "basis": LegalBasis.VITAL_INTEREST, "given_on": today()}
    response = client.post(url("consent-add", world.case_a), data)
    assert response["Location"] == url("protection", world.case_a)
    assert ConsentRecord.objects.get().basis == LegalBasis.VITAL_INTEREST


def test_consent_without_who_gave_it_is_refused_beside_that_field(world, client):
    client.force_login(world.manajer)
    data = {"victim": str(victim_of(world.case_a).code), "basis": LegalBasis.CONSENT, "given_on": today()}
    response = client.post(url("consent-add", world.case_a), {**data, "note": "Lembar di map kasus"})
    assert response.status_code == 200 and not ConsentRecord.objects.exists()
    assert response.context["form"].errors["consent_given_by"]
    assert "Lembar di map kasus" in response.content.decode()


# --- Rights ----------------------------------------------------------------------------------------


def test_a_right_is_fulfilled_with_its_evidence(world, client):
    client.force_login(world.hukum)
    victim = victim_of(world.case_a)
    target = url("victim-right", world.case_a, victim.code, "restitution")
    response = client.post(target, {"status": VictimRightStatus.FULFILLED})
    assert response.status_code == 200 and response.context["form"].errors["evidence_note"]
    assert not VictimRight.objects.exists()
    response = client.post(target, {"status": VictimRightStatus.FULFILLED, "evidence_note": "Putusan PN Jambi"})
    assert response.status_code == 302
    line = VictimRight.objects.get(victim=victim, right="restitution")
    assert line.status == VictimRightStatus.FULFILLED and line.evidence_note == "Putusan PN Jambi"
    assert "Putusan PN Jambi" in page(client, world, "hukum")


def test_an_unknown_right_or_a_person_who_is_not_a_victim_is_not_found(world, client):
    client.force_login(world.kepala)
    victim = victim_of(world.case_a)
    assert client.get(url("victim-right", world.case_a, victim.code, "vengeance")).status_code == 404
    reporter = person_add(actor=None, case=world.case_a, role=PersonRole.REPORTER, nickname="Ibu Sari").person
    assert client.get(url("victim-right", world.case_a, reporter.code, "handling")).status_code == 404
    assert client.get(url("victim-right", world.case_a, victim_of(world.case_b).code, "handling")).status_code == 404


# --- Access and closed cases ---------------------------------------------------------------------


def every_url(world) -> list[str]:
    stay = admit(world)
    victim = victim_of(world.case_a)
    names = ("protection", "psych-session-add", "shelter-admit", "consent-add")
    return [
        *(url(name, world.case_a) for name in names),
        url("shelter-discharge", world.case_a, stay.code),
        url("victim-right", world.case_a, victim.code, "handling"),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_page_is_not_found_for_who_is_outside_the_case(world, client, username):
    urls = every_url(world)
    client.force_login(world.users[username])
    for target in urls:
        assert client.get(target).status_code == 404, target
        assert client.post(target, {"date": today()}).status_code == 404, target
    assert ShelterStay.objects.get().is_active and not PsychSession.objects.exists()


def test_a_closed_case_offers_no_buttons_and_refuses_what_is_posted(world, client):
    victim = victim_of(world.case_a)
    stay = admit(world)
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=timezone.localdate())
    close(world.case_a)
    html = page(client, world, "kepala")
    for name in ("psych-session-add", "shelter-admit", "consent-add"):
        assert url(name, world.case_a) not in html
    assert "/hak/" not in html
    posts = {
        url("psych-session-add", world.case_a): {
            "victim": str(victim.code),
            "psychologist": str(world.psikolog.code),
            "date": today(),
        },
        url("shelter-admit", world.case_a): {"victim": str(victim.code), "place": "Rumah Aman", "admitted_on": today()},
        url("consent-add", world.case_a): {
            "victim": str(victim.code),
            "basis": LegalBasis.PUBLIC_TASK,
            "given_on": today(),
        },
        url("victim-right", world.case_a, victim.code, "handling"): {"status": VictimRightStatus.IN_PROGRESS},
    }
    for target, data in posts.items():
        response = client.post(target, data)
        assert response.status_code == 200, target
        assert response.context["form"].non_field_errors() or response.context["form"].errors, target
    assert not PsychSession.objects.exists() and not ConsentRecord.objects.exists()
    assert not VictimRight.objects.exists() and ShelterStay.objects.count() == 1
