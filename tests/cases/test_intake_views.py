"""The staff intake form and the triage form (proposal by an intake officer, decision by the head)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, PersonRole, Region, RegionLevel, TriageOutcome
from cases.selectors import case_worklist_for_user
from cases.services import intake_register, triage_propose
from cases.vocabularies import Authority, CaseType, Channel, Risk
from tests.factories import CaseFactory, PersonFactory
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db

INTAKE_URL = reverse("cases:intake-create")


def kelurahan() -> Region:
    return Region.objects.filter(level=RegionLevel.KELURAHAN).order_by("code").first()  # type: ignore[return-value]


def complaint(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": Channel.TELEPON,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reporter_name": "Siti Pelapor",
        "reporter_phone": "0812 3456 7890",
        "reporter_phone_is_whatsapp": "on",
        "reporter_relation": "Ibu korban",
        "chronology": "Anak dipukul oleh tetangga di depan rumah.",
        "incident_date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "incident_date_precision": "exact",
        "incident_region": kelurahan().code,
        "scene": "rumah_tangga",
    }
    data.update(overrides)
    return data


def triage_url(case: Case) -> str:
    return reverse("cases:triage", args=[case.code])


# --- Intake -----------------------------------------------------------------------------------


def test_the_intake_form_offers_every_channel_a_datetime_picker_and_kelurahan_by_kecamatan(world, client):
    client.force_login(world.pengaduan)
    response = client.get(INTAKE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="datetime-local"' in html
    assert "<optgroup" in html and kelurahan().code in html
    assert all(f'value="{value}"' in html for value in Channel.values)
    assert 'data-show-if="channel=rujukan"' in html


def test_an_intake_officer_records_a_complaint_and_lands_on_its_page(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint())
    case = Case.objects.get(created_by=world.pengaduan, status=CaseStatus.RECEIVED, channel=Channel.TELEPON)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.code])
    assert case.chronology == "Anak dipukul oleh tetangga di depan rumah."
    assert case.incident_region == kelurahan() and case.reporter_relation == "Ibu korban"
    reporter = case.people.get()
    assert reporter.role == PersonRole.REPORTER and reporter.phone == "+6281234567890" and reporter.phone_is_whatsapp
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_a_reporter_who_is_the_victim_is_a_flag_and_no_relation_is_kept(world, client):
    client.force_login(world.pengaduan)
    html = client.get(INTAKE_URL).content.decode()
    assert 'name="reporter_is_victim"' in html and 'data-show-if="reporter_is_victim=unchecked"' in html
    client.post(INTAKE_URL, complaint(reporter_is_victim="on", reporter_relation="Ibu korban"))
    case = Case.objects.get(created_by=world.pengaduan, channel=Channel.TELEPON)
    assert case.reporter_is_victim and case.reporter_relation in (None, "")
    assert case.people.get().relation_to_victim in (None, "")
    client.force_login(world.kepala)
    assert "korban sendiri" in client.get(reverse("cases:detail", args=[case.code])).content.decode()


def test_an_anonymous_complaint_keeps_no_reporter(world, client):
    client.force_login(world.pengaduan)
    client.post(INTAKE_URL, complaint(reporter_anonymous="on"))
    case = Case.objects.get(created_by=world.pengaduan, channel=Channel.TELEPON)
    assert case.reporter_anonymous and not case.people.exists()


def test_the_head_may_record_a_complaint_from_a_place_outside_the_city(world, client):
    client.force_login(world.kepala)
    response = client.post(INTAKE_URL, complaint(incident_region="", incident_place_other="Kab. Muaro Jambi"))
    assert response.status_code == 302
    case = Case.objects.get(created_by=world.kepala)
    assert case.incident_region is None and case.incident_place_other == "Kab. Muaro Jambi"


def test_a_complaint_without_chronology_is_shown_again_with_everything_typed(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint(chronology=""))
    assert response.status_code == 200
    assert "chronology" in response.context["form"].errors
    html = response.content.decode()
    assert "Siti Pelapor" in html and "Ibu korban" in html and f'value="{kelurahan().code}" selected' in html
    assert not Case.objects.filter(channel=Channel.TELEPON).exists()


def test_a_complaint_received_in_the_future_is_refused_on_that_field(world, client):
    client.force_login(world.pengaduan)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(INTAKE_URL, complaint(received_at=later))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["received_at"]
    assert "Anak dipukul oleh tetangga" in response.content.decode()


def test_an_incident_after_the_complaint_is_refused_on_the_incident_date(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint(incident_date=(date.today() + timedelta(days=3)).isoformat()))
    assert list(response.context["form"].errors) == ["incident_date"]


def test_a_referral_names_the_referring_organisation(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint(channel=Channel.RUJUKAN))
    assert list(response.context["form"].errors) == ["referring_organisation"]
    polresta = Organisation.objects.exclude(kind="uptd_ppa").order_by("name").first()
    response = client.post(INTAKE_URL, complaint(channel=Channel.RUJUKAN, referring_organisation=polresta.pk))
    assert response.status_code == 302
    assert Case.objects.get(channel=Channel.RUJUKAN).referring_organisation == polresta


def test_a_kelurahan_and_a_place_outside_the_city_together_are_refused(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint(incident_place_other="Kab. Batanghari"))
    assert list(response.context["form"].errors) == ["incident_place_other"]


def test_every_refusal_is_reported_on_the_first_submit(world, client):
    """The form's own errors (no chronology, a phone that is no number) and the service's (an
    incident after the complaint, a place given twice, a referral without its organisation) come
    back together: nobody fixes one field to be told about the next."""
    client.force_login(world.pengaduan)
    response = client.post(
        INTAKE_URL,
        complaint(
            chronology="",
            reporter_phone="tanya pak RT",
            incident_date=(timezone.localdate() + timedelta(days=3)).isoformat(),
            incident_place_other="Kab. Batanghari",
            channel=Channel.RUJUKAN,
        ),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "chronology",
        "reporter_phone",
        "incident_date",
        "incident_place_other",
        "referring_organisation",
    }
    assert "Kab. Batanghari" in response.content.decode()
    assert not Case.objects.filter(channel=Channel.RUJUKAN).exists()


def test_the_service_refuses_a_place_given_twice_as_the_page_does(world):
    with pytest.raises(ValidationError) as refusal:
        intake_register(
            actor=world.pengaduan,
            channel=Channel.TELEPON,
            received_at=timezone.now(),
            chronology="Anak dipukul.",
            incident_region=kelurahan(),
            incident_place_other="Kab. Batanghari",
        )
    assert list(refusal.value.message_dict) == ["incident_place_other"]


def test_a_reporter_phone_that_is_not_a_number_is_refused(world, client):
    client.force_login(world.pengaduan)
    response = client.post(INTAKE_URL, complaint(reporter_phone="tanya pak RT"))
    assert list(response.context["form"].errors) == ["reporter_phone"]


@pytest.mark.parametrize("username", ["manajer", "psikolog", "operator", "admin", "penghubung", "pimpinan"])
def test_only_intake_officers_and_the_head_take_complaints(world, client, username):
    client.force_login(world.users[username])
    assert client.get(INTAKE_URL).status_code == 403
    assert client.post(INTAKE_URL, complaint()).status_code == 403
    assert not Case.objects.filter(channel=Channel.TELEPON).exists()


def test_anonymous_visitors_are_sent_to_login_from_the_intake_form(client):
    response = client.get(INTAKE_URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- Triage: the intake officer's proposal --------------------------------------------------------


def test_the_proposal_suggests_ampk_when_a_victim_is_a_child(world, client):
    PersonFactory(case=world.intake_c, estimated_age=9)
    client.force_login(world.pengaduan)
    response = client.get(triage_url(world.intake_c))
    assert response.status_code == 200 and not response.context["deciding"]
    assert response.context["form"]["case_type"].value() == CaseType.AMPK
    assert "outcome" not in response.context["form"].fields


def test_the_proposal_suggests_ktp_for_adult_victims(world, client):
    PersonFactory(case=world.intake_c, estimated_age=30)
    client.force_login(world.pengaduan)
    assert client.get(triage_url(world.intake_c)).context["form"]["case_type"].value() == CaseType.KTP


def test_an_intake_officer_proposes_a_triage_which_starts_the_response_clock(world, client):
    client.force_login(world.pengaduan)
    data = {"case_type": CaseType.AMPK, "risk": Risk.TINGGI, "authority": Authority.DAERAH, "note": "Segera."}
    response = client.post(triage_url(world.intake_c), data)
    assert response.status_code == 302
    case = Case.objects.get(pk=world.intake_c.pk)
    assert case.status == CaseStatus.RECEIVED and case.risk == Risk.TINGGI
    assert case.triage_proposed_by == world.pengaduan and case.response_due_at is not None


def test_a_proposal_without_a_risk_is_shown_again(world, client):
    client.force_login(world.pengaduan)
    response = client.post(triage_url(world.intake_c), {"case_type": CaseType.KTP, "authority": Authority.DAERAH})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["risk"]


def test_an_intake_officer_cannot_decide_even_by_posting_an_outcome(world, client):
    client.force_login(world.pengaduan)
    data = {"outcome": TriageOutcome.ACCEPTED, "case_type": "ktp", "risk": "rendah", "authority": "daerah"}
    client.post(triage_url(world.intake_c), data)
    case = Case.objects.get(pk=world.intake_c.pk)
    assert case.status == CaseStatus.RECEIVED and case.register_number is None


# --- Triage: the head's decision -----------------------------------------------------------------


def test_the_head_decides_starting_from_the_previous_proposal(world, client):
    triage_propose(
        actor=world.pengaduan, case=world.intake_c, case_type="ktp", risk="rendah", authority="pusat", note="Catatan"
    )
    client.force_login(world.kepala)
    response = client.get(triage_url(world.intake_c))
    form = response.context["form"]
    assert response.context["deciding"]
    assert (form["case_type"].value(), form["risk"].value(), form["authority"].value()) == ("ktp", "rendah", "pusat")
    assert form["note"].value() == "Catatan"


def test_accepting_registers_the_case_and_leads_to_the_team_form(world, client):
    client.force_login(world.kepala)
    data = {"outcome": "accepted", "case_type": "ampk", "risk": "sedang", "authority": "daerah"}
    response = client.post(triage_url(world.intake_c), data)
    case = Case.objects.get(pk=world.intake_c.pk)
    assert case.status == CaseStatus.OPEN and case.register_number
    assert response["Location"] == reverse("cases:team", args=[case.code])
    assert any(case.register_number in str(m) for m in get_messages(response.wsgi_request))


def test_accepting_without_a_risk_is_shown_again_on_that_field(world, client):
    client.force_login(world.kepala)
    response = client.post(
        triage_url(world.intake_c), {"outcome": "accepted", "case_type": "ktp", "authority": "daerah"}
    )
    assert response.status_code == 200 and list(response.context["form"].errors) == ["risk"]
    assert Case.objects.get(pk=world.intake_c.pk).status == CaseStatus.RECEIVED


def test_outside_the_mandate_needs_a_note(world, client):
    client.force_login(world.kepala)
    response = client.post(triage_url(world.intake_c), {"outcome": "outside_mandate"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["note"]


def test_outside_the_mandate_may_refer_the_person_on(world, client):
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    client.force_login(world.kepala)
    data = {"outcome": "outside_mandate", "note": "Diarahkan ke Dinas Sosial.", "referred_to": dinsos.pk}
    response = client.post(triage_url(world.intake_c), data)
    assert response["Location"] == reverse("cases:detail", args=[world.intake_c.code])
    case = Case.objects.get(pk=world.intake_c.pk)
    assert case.status == CaseStatus.OUTSIDE_MANDATE and case.referred_to == dinsos


def test_a_duplicate_of_an_unknown_register_number_is_refused(world, client):
    client.force_login(world.kepala)
    response = client.post(triage_url(world.intake_c), {"outcome": "duplicate", "duplicate_of": "999/UPTD-PPA/I/1999"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["duplicate_of"]
    assert "999/UPTD-PPA/I/1999" in response.content.decode()


def test_a_duplicate_is_linked_to_the_case_it_repeats(world, client):
    client.force_login(world.kepala)
    data = {"outcome": "duplicate", "duplicate_of": world.case_b.register_number.lower()}
    assert client.post(triage_url(world.intake_c), data).status_code == 302
    case = Case.objects.get(pk=world.intake_c.pk)
    assert case.status == CaseStatus.DUPLICATE and case.duplicate_of == world.case_b


def test_a_case_already_triaged_cannot_be_triaged_again(world, client):
    client.force_login(world.kepala)
    assert client.get(triage_url(world.case_a)).status_code == 403


@pytest.mark.parametrize(("username", "case_name"), [("manajer", "case_a"), ("pengaduan", "intake_d")])
def test_triage_is_forbidden_to_those_who_see_the_case_but_may_not_triage(world, client, username, case_name):
    client.force_login(world.users[username])
    assert client.get(triage_url(getattr(world, case_name))).status_code == 403


@pytest.mark.parametrize("username", ["manajer", "manajer_lain", "psikolog", "operator", "admin", "penghubung"])
def test_the_intake_queue_is_not_found_for_those_outside_it(world, client, username):
    client.force_login(world.users[username])
    assert client.get(triage_url(world.intake_c)).status_code == 404
    assert client.post(triage_url(world.intake_c), {"outcome": "accepted"}).status_code == 404


def test_an_accepted_case_appears_for_the_team_the_head_assigns(world, client):
    complaint_case = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    client.force_login(world.kepala)
    data = {"outcome": "accepted", "case_type": "ktp", "risk": "tinggi", "authority": "daerah"}
    team_url = client.post(triage_url(complaint_case), data)["Location"]
    assert client.post(team_url, {"case_manager": world.manajer_lain.pk}).status_code == 302
    client.force_login(world.manajer_lain)
    assert client.get(reverse("cases:detail", args=[complaint_case.code])).status_code == 200
    assert list(case_worklist_for_user(user=world.manajer_lain)) == [complaint_case]


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_an_impossible_time_received_is_a_field_error_not_a_crash(world, client, value):
    client.force_login(world.pengaduan)
    response = client.post(
        reverse("cases:intake-create"),
        {"channel": "telepon", "received_at": value, "chronology": "x", "incident_date_precision": "unknown"},
    )
    assert response.status_code == 200 and "received_at" in response.context["form"].errors


def test_the_reporters_relation_to_the_victim_is_shown_once(world, client):
    """Given on the complaint and on the reporter alike, the relation is not repeated in the card."""
    case = intake_register(
        actor=world.pengaduan,
        channel=Channel.TELEPON,
        received_at=timezone.now(),
        chronology="Kronologi.",
        reporter_relation="ibu kandung",
        reporter={"full_name": "Siti Rahma", "relation_to_victim": "ibu kandung"},
    )
    client.force_login(world.kepala)
    html = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Siti Rahma" in html and html.count("ibu kandung") == 1


def test_the_case_page_says_whether_triage_met_the_response_deadline(world, client):
    """Triage is what the response clock waits for: the deadlines card marks it late or on time."""
    case = world.case_a
    client.force_login(world.kepala)
    for triaged, badge in (
        (case.response_due_at + timedelta(hours=2), "terlambat"),
        (case.response_due_at, "tepat waktu"),
    ):
        Case.objects.filter(pk=case.pk).update(triaged_at=triaged)
        html = client.get(reverse("cases:detail", args=[case.code])).content.decode()
        triage = html[html.index('id="triaged-at"') :]
        assert badge in triage[: triage.index("</dd>")]
