"""The legal page of a case and its forms (issue 4 items 3 and 5): the legal rules through the
browser (UU TPKS Pasal 23 refusal, SPPA Pasal 7 conditions, the Pasal 41 police deadline), who
sees and does what, closed cases, and a page that costs the same queries whatever it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import (
    Accompaniment,
    AccompanimentStage,
    CaseStatus,
    LegalAid,
    LegalEvent,
    Mediation,
    MediationDisputeKind,
    MediationStatus,
    PersonRole,
    Restitution,
)
from cases.services import (
    accompaniment_record,
    legal_aid_set,
    legal_event_record,
    mediation_close,
    mediation_follow_up_add,
    mediation_open,
    mediation_session_add,
    person_add,
    restitution_set,
)
from cases.vocabularies import LegalStage, ViolenceForm
from tests.conftest import max_queries
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
BERITA_ACARA = "Para pihak sepakat soal nafkah anak."
OUTSIDERS = ["manajer_lain", "penghubung", "pimpinan", "operator", "admin"]


def url(name: str, case, *args) -> str:
    return reverse(f"cases:{name}", args=[case.code, *args])


def victim_of(case, *forms):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, violence_forms=list(forms), nickname="Ani").person


def perpetrator_of(case, age=None):
    return person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=age, nickname="Budi").person


def html_of(response) -> str:
    return response.content.decode()


def open_mediation(world, victim, perpetrator):
    return mediation_open(
        actor=world.manajer,
        case=world.case_a,
        victim=victim,
        perpetrator=perpetrator,
        dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
        mediator=world.manajer,
    )


def close(case):
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])


@pytest.fixture
def parties(world):
    """A victim of psychological violence and an adult alleged perpetrator in case_a (mediable)."""
    return victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=40)


# --- The page -----------------------------------------------------------------------------------


def test_the_legal_page_shows_events_restitution_accompaniment_legal_aid_and_mediation(world, client, parties):
    victim, perpetrator = parties
    legal_event_record(
        actor=world.hukum,
        case=world.case_a,
        perpetrator=perpetrator,
        stage=LegalStage.LAPORAN_POLISI,
        date=TODAY() - timedelta(days=2),
        reference_number="LP/B/77/2026",
        unit="Unit PPA",
    )
    legal_event_record(
        actor=world.hukum, case=world.case_a, perpetrator=perpetrator, stage=LegalStage.PENYIDIKAN, date=TODAY()
    )
    restitution_set(actor=world.hukum, victim=victim, perpetrator=perpetrator, claimed=True, amount=1500000)
    accompaniment_record(
        actor=world.hukum, victim=victim, stage=AccompanimentStage.TRIAL, date=TODAY(), staff=[world.hukum]
    )
    legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum PN Jambi")
    mediation = open_mediation(world, victim, perpetrator)
    mediation_session_add(
        actor=world.manajer,
        mediation=mediation,
        date=TODAY(),
        parties_present="korban, terlapor",
        berita_acara=BERITA_ACARA,
    )
    mediation_close(
        actor=world.manajer, mediation=mediation, outcome=MediationStatus.AGREEMENT, agreement_terms="Nafkah"
    )
    mediation_follow_up_add(actor=world.manajer, mediation=mediation, date=TODAY(), complied=True)
    client.force_login(world.kepala)
    response = client.get(url("legal", world.case_a))
    assert response.status_code == 200
    html = html_of(response)
    for text in ("LP/B/77/2026", "Unit PPA", "1.500.000", "Posbakum PN Jambi", BERITA_ACARA, "Nafkah"):
        assert text in html, text
    assert 'class="nav-link active" aria-current="page" href="' + url("legal", world.case_a) in html


def test_legal_events_are_listed_per_perpetrator_in_date_order(world, client, parties):
    _victim, perpetrator = parties
    other = perpetrator_of(world.case_a, age=25)
    for day, stage, who in (
        (3, "penahanan", perpetrator),
        (5, "laporan_polisi", perpetrator),
        (1, "penyidikan", other),
    ):
        legal_event_record(
            actor=world.hukum,
            case=world.case_a,
            perpetrator=who,
            stage=stage,
            date=TODAY() - timedelta(days=day),
            reference_number=f"REF-{stage}",
        )
    client.force_login(world.hukum)
    html = html_of(client.get(url("legal", world.case_a)))
    first_card, second_card = (
        html.index(f'id="perpetrator-{perpetrator.code}"'),
        html.index(f'id="perpetrator-{other.code}"'),
    )
    assert first_card < html.index("REF-laporan_polisi") < html.index("REF-penahanan") < second_card
    assert second_card < html.index("REF-penyidikan")


def test_a_complaint_not_yet_registered_has_no_legal_page(world, client):
    client.force_login(world.kepala)
    assert client.get(url("legal", world.intake_c)).status_code == 404


def test_buttons_follow_the_permissions(world, client, parties):
    page = url("legal", world.case_a)
    client.force_login(world.hukum)
    html = html_of(client.get(page))
    assert url("legal-event-add", world.case_a) in html and url("accompaniment-add", world.case_a) in html
    assert url("legal-aid-add", world.case_a) in html and url("restitution-set", world.case_a) in html
    assert url("mediation-open", world.case_a) not in html  # mediation is the case manager's
    client.force_login(world.manajer)
    assert url("mediation-open", world.case_a) in html_of(client.get(page))
    client.force_login(world.psikolog)
    html = html_of(client.get(page))
    assert 'id="legal-actions"' in html
    for name in ("legal-event-add", "accompaniment-add", "legal-aid-add", "restitution-set", "mediation-open"):
        assert url(name, world.case_a) not in html


# --- Legal-process events -----------------------------------------------------------------------


def test_a_police_report_event_recorded_on_the_page_ends_the_police_deadline(world, client):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    perpetrator = perpetrator_of(world.case_a, age=30)
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is not None
    client.force_login(world.hukum)
    page = html_of(client.get(url("legal-event-add", world.case_a)))
    assert "UU TPKS Pasal 41" in page
    response = client.post(
        url("legal-event-add", world.case_a),
        {
            "perpetrator": perpetrator.code,
            "stage": LegalStage.LAPORAN_POLISI,
            "date": TODAY().isoformat(),
            "reference_number": "LP/B/9/XI/2026/SPKT",
            "unit": "Polresta Jambi",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("legal", world.case_a)
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is None
    assert world.case_a.police_report_number == "LP/B/9/XI/2026/SPKT"
    assert LegalEvent.objects.get().recorded_by == world.hukum


def test_the_perpetrator_choice_is_limited_to_the_perpetrators_of_the_case(world, client, parties):
    victim, perpetrator = parties
    stranger = perpetrator_of(world.case_b, age=30)
    client.force_login(world.hukum)
    html = html_of(client.get(url("legal-event-add", world.case_a)))
    assert str(perpetrator.code) in html and str(stranger.code) not in html and str(victim.code) not in html
    response = client.post(
        url("legal-event-add", world.case_a),
        {"perpetrator": stranger.code, "stage": LegalStage.PENYIDIKAN, "date": TODAY().isoformat()},
    )
    assert response.status_code == 200 and response.context["form"].has_error("perpetrator")
    assert not LegalEvent.objects.exists()


def test_each_failed_diversion_condition_is_shown_beside_its_field_and_the_input_is_kept(world, client, parties):
    _victim, adult = parties
    client.force_login(world.hukum)
    response = client.post(
        url("legal-event-add", world.case_a),
        {
            "perpetrator": adult.code,
            "stage": LegalStage.DIVERSI,
            "date": TODAY().isoformat(),
            "place": "Polresta Jambi",
            "offence_max_penalty_years": "9",
            "repeat_offence": "true",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "12" in errors["perpetrator"][0] and "SPPA" in errors["perpetrator"][0]
    for name in ("offence_max_penalty_years", "repeat_offence", "victim_consent"):
        assert "SPPA" in errors[name][0], name
    html = html_of(response)
    for name, messages in errors.items():  # each shown on the page, beside its own field
        assert html.count(escape(messages[0])) == 1, name
        assert html.index(f'name="{name}"') < html.index(escape(messages[0])), name
    assert 'value="Polresta Jambi"' in html and 'value="9"' in html
    assert 'data-show-if="stage=diversi"' in html
    assert not LegalEvent.objects.exists()


def test_a_diversion_for_a_child_perpetrator_is_recorded_with_its_conditions(world, client, parties):
    child = perpetrator_of(world.case_a, age=15)
    client.force_login(world.hukum)
    response = client.post(
        url("legal-event-add", world.case_a),
        {
            "perpetrator": child.code,
            "stage": LegalStage.DIVERSI,
            "date": TODAY().isoformat(),
            "offence_max_penalty_years": "5",
            "repeat_offence": "false",
            "victim_consent": "on",
            "victim_consent_by": "ibu korban",
        },
    )
    assert response.status_code == 302
    event = LegalEvent.objects.get()
    assert event.perpetrator_age_at_offence == 15 and event.victim_consent_by == "ibu korban"
    html = html_of(client.get(url("legal", world.case_a)))
    assert "ibu korban" in html and "diversion-conditions" in html


def test_diversion_fields_left_filled_for_another_stage_are_ignored(world, client, parties):
    _victim, perpetrator = parties
    client.force_login(world.hukum)
    response = client.post(
        url("legal-event-add", world.case_a),
        {
            "perpetrator": perpetrator.code,
            "stage": LegalStage.PENYIDIKAN,
            "date": TODAY().isoformat(),
            "offence_max_penalty_years": "5",
            "victim_consent": "on",
        },
    )
    assert response.status_code == 302
    assert LegalEvent.objects.get().offence_max_penalty_years is None


def test_a_future_date_is_refused_beside_its_field_with_the_input_kept(world, client, parties):
    _victim, perpetrator = parties
    client.force_login(world.hukum)
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    response = client.post(
        url("legal-event-add", world.case_a),
        {"perpetrator": perpetrator.code, "stage": LegalStage.PENYIDIKAN, "date": tomorrow, "place": "Polda"},
    )
    assert response.status_code == 200 and response.context["form"].has_error("date")
    assert f'value="{tomorrow}"' in html_of(response) and 'value="Polda"' in html_of(response)


# --- Mediation ----------------------------------------------------------------------------------


def test_mediation_of_sexual_violence_by_an_adult_is_refused_citing_tpks_pasal_23_with_the_form_kept(world, client):
    victim = victim_of(world.case_a, ViolenceForm.SEKSUAL)
    adult = perpetrator_of(world.case_a, age=35)
    client.force_login(world.manajer)
    response = client.post(
        url("mediation-open", world.case_a),
        {
            "victim": victim.code,
            "perpetrator": adult.code,
            "dispute_kind": MediationDisputeKind.CIVIL_FAMILY,
            "mediator": world.manajer.code,
        },
    )
    assert response.status_code == 200
    error = response.context["form"].errors["perpetrator"][0]
    assert "TPKS" in error and "Pasal 23" in error
    html = html_of(response)
    assert "Pasal 23" in html
    assert f'value="{adult.code}" selected' in html and f'value="{victim.code}" selected' in html
    assert not Mediation.objects.exists()


def test_a_mediation_runs_from_opening_to_sessions_agreement_and_follow_up_on_the_page(world, client, parties):
    victim, perpetrator = parties
    client.force_login(world.manajer)
    response = client.post(
        url("mediation-open", world.case_a),
        {
            "victim": victim.code,
            "perpetrator": perpetrator.code,
            "dispute_kind": MediationDisputeKind.CIVIL_FAMILY,
            "mediator": world.manajer.code,
        },
    )
    assert response.status_code == 302
    mediation = Mediation.objects.get()
    page = html_of(client.get(url("legal", world.case_a)))
    assert url("mediation-session-add", world.case_a, mediation.code) in page
    response = client.post(
        url("mediation-session-add", world.case_a, mediation.code),
        {"date": TODAY().isoformat(), "parties_present": "korban, ibu, terlapor", "berita_acara": BERITA_ACARA},
    )
    assert response.status_code == 302
    response = client.post(url("mediation-close", world.case_a, mediation.code), {"outcome": "agreement"})
    assert response.status_code == 200 and response.context["form"].has_error("agreement_terms")
    response = client.post(
        url("mediation-close", world.case_a, mediation.code), {"outcome": "agreement", "agreement_terms": "Nafkah"}
    )
    assert response.status_code == 302
    page = html_of(client.get(url("legal", world.case_a)))
    assert url("mediation-session-add", world.case_a, mediation.code) not in page
    assert url("mediation-follow-up-add", world.case_a, mediation.code) in page
    response = client.post(
        url("mediation-follow-up-add", world.case_a, mediation.code),
        {"date": TODAY().isoformat(), "complied": "false", "note": "Nafkah belum dibayar"},
    )
    assert response.status_code == 302
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.AGREEMENT and mediation.agreement_terms == "Nafkah"
    assert mediation.follow_ups.get().complied is False
    page = html_of(client.get(url("legal", world.case_a)))
    assert BERITA_ACARA in page and "Nafkah belum dibayar" in page


def test_a_mediation_of_another_case_is_a_404(world, client, parties):
    victim, perpetrator = parties
    mediation = open_mediation(world, victim, perpetrator)
    client.force_login(world.kepala)
    assert client.get(url("mediation-session-add", world.case_b, mediation.code)).status_code == 404


# --- Restitution, accompaniment, legal aid ------------------------------------------------------


def test_restitution_is_set_per_victim_and_perpetrator_and_corrected_from_its_record(world, client, parties):
    victim, perpetrator = parties
    client.force_login(world.hukum)
    data = {"victim": victim.code, "perpetrator": perpetrator.code, "claimed": "on", "amount": "2500000"}
    assert client.post(url("restitution-set", world.case_a), data).status_code == 302
    edit = url("restitution-set", world.case_a) + f"?korban={victim.code}&terlapor={perpetrator.code}"
    assert edit.replace("&", "&amp;") in html_of(client.get(url("legal", world.case_a)))
    form = client.get(edit).context["form"]
    assert form.initial["amount"] == 2500000 and form.initial["claimed"] is True
    assert client.get(url("restitution-set", world.case_a) + "?korban=x&terlapor=y").status_code == 200
    response = client.post(url("restitution-set", world.case_a), {**data, "paid": "on"})
    assert response.status_code == 200 and response.context["form"].has_error("paid_at")
    assert Restitution.objects.get().paid is False


def test_an_accompaniment_is_recorded_on_the_page(world, client, parties):
    victim, _perpetrator = parties
    client.force_login(world.hukum)
    response = client.post(
        url("accompaniment-add", world.case_a),
        {
            "victim": victim.code,
            "stage": AccompanimentStage.POLICE_EXAMINATION,
            "date": TODAY().isoformat(),
            "place": "Polresta",
            "staff": [world.hukum.code, world.psikolog.code],
        },
    )
    assert response.status_code == 302
    assert set(Accompaniment.objects.get().staff.all()) == {world.hukum, world.psikolog}


def test_an_accompaniment_names_only_the_team_or_the_head(world, client, parties):
    victim, _perpetrator = parties
    client.force_login(world.hukum)
    form_page = html_of(client.get(url("accompaniment-add", world.case_a)))
    assert str(world.manajer_lain.code) not in form_page and str(world.kepala.code) in form_page
    response = client.post(
        url("accompaniment-add", world.case_a),
        {"victim": victim.code, "stage": AccompanimentStage.VISUM, "date": TODAY().isoformat(), "staff": []},
    )
    assert response.status_code == 200 and response.context["form"].has_error("staff")


def test_legal_aid_is_recorded_corrected_and_ended_on_the_page(world, client, parties):
    victim, _perpetrator = parties
    lbh = Organisation.objects.get(short_name="LBH")
    client.force_login(world.hukum)
    response = client.post(
        url("legal-aid-add", world.case_a),
        {"victim": victim.code, "organisation": lbh.code, "provider_name": "LBH Jambi", "started_on": TODAY()},
    )
    assert response.status_code == 200 and response.context["form"].has_error("provider_name")
    response = client.post(
        url("legal-aid-add", world.case_a),
        {"victim": victim.code, "organisation": lbh.code, "advocate": "Rina, S.H.", "started_on": TODAY()},
    )
    assert response.status_code == 302
    aid = LegalAid.objects.get()
    response = client.post(
        url("legal-aid-edit", world.case_a, aid.code),
        {"victim": victim.code, "provider_name": "Posbakum", "advocate": "Rina, S.H.", "started_on": TODAY()},
    )
    assert response.status_code == 302
    assert client.post(url("legal-aid-end", world.case_a, aid.code), {"ended_on": TODAY()}).status_code == 302
    aid.refresh_from_db()
    assert aid.organisation is None and aid.provider_name == "Posbakum" and aid.ended_on == TODAY()
    assert url("legal-aid-end", world.case_a, aid.code) not in html_of(client.get(url("legal", world.case_a)))


# --- Who may -------------------------------------------------------------------------------------


def every_url(world, mediation, aid):
    case = world.case_a
    return [
        url("legal", case),
        url("legal-event-add", case),
        url("mediation-open", case),
        url("mediation-session-add", case, mediation.code),
        url("mediation-close", case, mediation.code),
        url("mediation-follow-up-add", case, mediation.code),
        url("restitution-set", case),
        url("accompaniment-add", case),
        url("legal-aid-add", case),
        url("legal-aid-edit", case, aid.code),
        url("legal-aid-end", case, aid.code),
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_users_outside_the_case_get_404_on_every_legal_url(world, client, parties, username):
    victim, perpetrator = parties
    mediation = open_mediation(world, victim, perpetrator)
    aid = legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum")
    client.force_login(world.users[username])
    for address in every_url(world, mediation, aid):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"date": TODAY().isoformat()}).status_code == 404, address
    assert Mediation.objects.get().sessions.count() == 0 and LegalAid.objects.get().ended_on is None


def test_a_team_member_without_the_permission_gets_403(world, client, parties):
    victim, perpetrator = parties
    mediation = open_mediation(world, victim, perpetrator)
    aid = legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum")
    client.force_login(world.psikolog)
    legal_page, *forms = every_url(world, mediation, aid)
    assert client.get(legal_page).status_code == 200
    for address in forms:
        assert client.get(address).status_code == 403, address
    data = {"victim": victim.code, "perpetrator": perpetrator.code, "dispute_kind": "perdata_keluarga"}
    assert (
        client.post(url("mediation-open", world.case_a), {**data, "mediator": world.psikolog.code}).status_code == 403
    )
    client.force_login(world.hukum)  # the legal advisor does not mediate
    assert client.get(url("mediation-session-add", world.case_a, mediation.code)).status_code == 403
    assert Mediation.objects.count() == 1


# --- Closed case ---------------------------------------------------------------------------------


def test_a_closed_case_hides_the_refused_actions_and_refuses_them_when_posted(world, client, parties):
    victim, perpetrator = parties
    mediation = open_mediation(world, victim, perpetrator)
    aid = legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum")
    close(world.case_a)
    client.force_login(world.kepala)
    html = html_of(client.get(url("legal", world.case_a)))
    for address in (
        url("mediation-open", world.case_a),
        url("mediation-session-add", world.case_a, mediation.code),
        url("mediation-close", world.case_a, mediation.code),
        url("accompaniment-add", world.case_a),
        url("legal-aid-add", world.case_a),
        url("legal-aid-edit", world.case_a, aid.code),
        url("legal-aid-end", world.case_a, aid.code),
    ):
        assert address not in html, address
    # The legal process and restitution outlive the unit's case (the services accept them).
    assert url("legal-event-add", world.case_a) in html and url("restitution-set", world.case_a) in html
    refused = [
        (url("mediation-session-add", world.case_a, mediation.code), {"date": TODAY(), "parties_present": "korban"}),
        (url("mediation-close", world.case_a, mediation.code), {"outcome": "no_agreement"}),
        (
            url("accompaniment-add", world.case_a),
            {"victim": victim.code, "stage": "visum", "date": TODAY(), "staff": [world.kepala.code]},
        ),
        (url("legal-aid-end", world.case_a, aid.code), {"ended_on": TODAY()}),
        (
            url("mediation-open", world.case_a),
            {
                "victim": victim.code,
                "perpetrator": perpetrator.code,
                "dispute_kind": "perdata_keluarga",
                "mediator": world.manajer.code,
            },
        ),
    ]
    for address, data in refused:
        response = client.post(address, data)
        assert response.status_code == 200, address
        assert response.context["form"].non_field_errors(), address
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.OPEN and not mediation.sessions.exists()
    assert not Accompaniment.objects.exists() and LegalAid.objects.get().ended_on is None
    verdict = {"perpetrator": perpetrator.code, "stage": LegalStage.PUTUSAN, "date": TODAY().isoformat()}
    assert client.post(url("legal-event-add", world.case_a), verdict).status_code == 302


# --- Query count ---------------------------------------------------------------------------------


def test_the_legal_page_runs_a_fixed_number_of_queries_whatever_it_shows(world, client):
    client.force_login(world.kepala)

    def counted() -> int:
        with max_queries(21) as captured:  # session, user, case + prefetches, audit, 7 legal reads, Pasal 23
            assert client.get(url("legal", world.case_a)).status_code == 200
        return len([q for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]])

    def add_records(age: int) -> None:
        victim, perpetrator = victim_of(world.case_a, ViolenceForm.FISIK), perpetrator_of(world.case_a, age=age)
        for stage in (LegalStage.LAPORAN_POLISI, LegalStage.PENYIDIKAN, LegalStage.PENAHANAN):
            legal_event_record(actor=world.hukum, case=world.case_a, perpetrator=perpetrator, stage=stage, date=TODAY())
        restitution_set(actor=world.hukum, victim=victim, perpetrator=perpetrator, claimed=True)
        for stage in (AccompanimentStage.VISUM, AccompanimentStage.TRIAL):
            accompaniment_record(
                actor=world.hukum, victim=victim, stage=stage, date=TODAY(), staff=[world.hukum, world.manajer]
            )
        legal_aid_set(actor=world.hukum, victim=victim, started_on=TODAY(), provider_name="Posbakum")
        mediation = open_mediation(world, victim, perpetrator)
        for _ in range(2):
            mediation_session_add(actor=world.manajer, mediation=mediation, date=TODAY(), parties_present="korban")
        mediation_close(actor=world.manajer, mediation=mediation, outcome="agreement", agreement_terms="Sepakat")
        mediation_follow_up_add(actor=world.manajer, mediation=mediation, date=TODAY(), complied=True)

    add_records(30)
    few = counted()
    for age in (31, 32, 33, 34):
        add_records(age)
    assert counted() == few


def test_the_forms_start_on_today_and_on_the_only_victim_or_perpetrator(world, client):
    case = world.case_a
    assert case.people.filter(role=PersonRole.VICTIM).count() == 1
    victim = case.people.get(role=PersonRole.VICTIM)
    perpetrator = perpetrator_of(case, age=40)
    today = f'value="{TODAY().isoformat()}"'
    client.force_login(world.kepala)
    for name, person in (
        ("legal-event-add", perpetrator),
        ("accompaniment-add", victim),
        ("psych-session-add", victim),
    ):
        html = " ".join(html_of(client.get(url(name, case))).split())
        assert today in html, name
        assert f'value="{person.code}" selected' in html, name
    victim_of(case)  # a second victim: nobody is chosen for the user
    html = html_of(client.get(url("accompaniment-add", case)))
    assert '<option value="" selected>' in html.split('name="victim"')[1].split("</select>")[0]


def test_without_an_alleged_perpetrator_the_page_offers_the_way_forward_not_a_form_that_cannot_be_saved(world, client):
    """A legal process event names an alleged perpetrator: with none on the case, the page offers
    adding one (and the police report while its clock runs) rather than a form with an empty list."""
    client.force_login(world.hukum)
    html = html_of(client.get(url("legal", world.case_a)))
    assert url("legal-event-add", world.case_a) not in html
    assert f"{reverse('cases:person-add', args=[world.case_a.code])}?role=terlapor" in html
    assert 'id="perpetrator-first"' in html and "tambahkan terlapor ke kasus ini terlebih dahulu" in html
