from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import (
    CaseStatus,
    DatePrecision,
    EventKind,
    Person,
    PersonRole,
    Region,
    RegisterCounter,
    TeamRole,
    TriageOutcome,
    ViolenceRecord,
    child_q,
)
from cases.selectors import WorklistFilters, case_worklist_for_user
from cases.services import (
    case_record_police_report,
    case_team_add,
    intake_register,
    perpetrator_relation_set,
    person_add,
    person_update,
    triage_decide,
    triage_propose,
)
from cases.services.people import describes_someone
from cases.services.triage import response_due
from cases.vocabularies import Authority, CaseType, Channel, Relation, RelationGroup, Risk, Sex, ViolenceForm
from tests.factories import CaseFactory
from uptdppa.accounts.models import Notification, Organisation

pytestmark = pytest.mark.django_db


def test_identifiers_are_stored_normalised(world):
    person = person_add(
        actor=None, case=world.case_a, role=PersonRole.VICTIM, nik="1571 0145 0715 0001", phone="0812-3456-7890"
    ).person
    assert person.nik == "1571014507150001" and person.phone == "+6281234567890"


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "ext. 12"), ("phone", "hello"), ("nik", "abcd"), ("kk_number", "x1")]
)
def test_an_identifier_that_is_no_number_is_refused(world, field, value):
    with pytest.raises(ValidationError) as err:
        person_add(actor=None, case=world.case_a, role=PersonRole.REPORTER, **{field: value})
    assert field in err.value.message_dict


def test_a_new_complaint_must_be_looked_at_within_the_high_risk_window(world, settings):
    case = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    assert case.response_due_at == case.received_at + timedelta(hours=settings.RESPONSE_TIME_HOURS["tinggi"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_at": datetime(1999, 12, 31, tzinfo=UTC)}, "received_at"),
        ({"incident_date": date(1, 1, 1)}, "incident_date"),
    ],
)
def test_implausible_old_dates_are_refused(world, changes, field):
    values = {"actor": world.pengaduan, "channel": Channel.TELEPON, "received_at": timezone.now(), **changes}
    with pytest.raises(ValidationError) as err:
        intake_register(**values)
    assert field in err.value.message_dict


def test_an_ended_complaint_runs_no_police_clock(world):
    person_add(actor=None, case=world.intake_c, role=PersonRole.VICTIM, violence_forms=[ViolenceForm.SEKSUAL])
    world.intake_c.refresh_from_db()
    assert world.intake_c.police_report_due_at is not None
    case = triage_decide(
        actor=world.kepala, case=world.intake_c, outcome=TriageOutcome.OUTSIDE_MANDATE, note="Dirujuk."
    )
    assert case.police_report_due_at is None


@pytest.mark.parametrize(
    ("username", "team_role"),
    [
        ("operator", TeamRole.MANAJER_KASUS),
        ("psikolog", TeamRole.PENDAMPING_HUKUM),
        ("penghubung", TeamRole.PENDAMPING),
    ],
)
def test_only_fitting_accounts_join_a_case_team(world, username, team_role):
    with pytest.raises(ValidationError) as err:
        case_team_add(actor=world.kepala, case=world.case_b, user=world.users[username], team_role=team_role)
    assert "user" in err.value.message_dict


def test_a_deactivated_account_cannot_join_a_team(world):
    world.manajer_lain.is_active = False
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=world.case_b, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS)


def test_nobody_joins_the_same_team_twice(world):
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=world.case_a, user=world.manajer, team_role=TeamRole.PENDAMPING)


# --- Intake -------------------------------------------------------------------------------------


def test_a_complaint_enters_the_intake_queue_with_its_reporter(world):
    case = intake_register(
        actor=world.pengaduan,
        channel=Channel.TELEPON,
        received_at=timezone.now(),
        chronology="Kronologi uji.",
        reporter_relation="tetangga",
        reporter={"full_name": "Pelapor Uji", "phone": "081211112222", "phone_is_whatsapp": True},
    )
    assert case.status == CaseStatus.RECEIVED and case.register_number is None
    reporter = case.people.get()
    assert reporter.role == PersonRole.REPORTER and reporter.phone == "+6281211112222"
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.RECEIVED, EventKind.PERSON_ADDED]


def test_an_anonymous_complaint_keeps_no_reporter_identity(world):
    case = intake_register(
        actor=world.pengaduan,
        channel=Channel.SAPA_129,
        received_at=timezone.now(),
        reporter_anonymous=True,
        reporter={"full_name": "Tidak Boleh Disimpan", "phone": "081200001111"},
    )
    assert not case.people.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_at": timezone.now() + timedelta(hours=1)}, "received_at"),
        ({"incident_date": timezone.localdate() + timedelta(days=1)}, "incident_date"),
        ({"channel": Channel.RUJUKAN}, "referring_organisation"),
    ],
)
def test_impossible_complaints_are_refused_by_field(world, changes, field):
    values = {"actor": world.pengaduan, "channel": Channel.TELEPON, "received_at": timezone.now(), **changes}
    with pytest.raises(ValidationError) as err:
        intake_register(**values)
    assert field in err.value.message_dict


def test_a_referred_complaint_records_the_referring_organisation(world):
    police = Organisation.objects.get(name="Polresta Jambi Unit PPA")
    case = intake_register(
        actor=world.pengaduan, channel=Channel.RUJUKAN, received_at=timezone.now(), referring_organisation=police
    )
    assert case.referring_organisation == police


def test_the_incident_place_must_be_a_kelurahan(world):
    with pytest.raises(ValidationError) as err:
        intake_register(
            actor=world.pengaduan,
            channel=Channel.TELEPON,
            received_at=timezone.now(),
            incident_region=Region.objects.get(code="15.71.01"),
        )
    assert "incident_region" in err.value.message_dict


# --- People -------------------------------------------------------------------------------------


def test_age_at_incident_is_derived_from_the_date_of_birth_and_the_incident(world):
    case = intake_register(
        actor=world.pengaduan,
        channel=Channel.TELEPON,
        received_at=timezone.now(),
        incident_date=date(2024, 3, 10),
        incident_date_precision=DatePrecision.EXACT,
    )
    child = person_add(actor=None, case=case, role=PersonRole.VICTIM, birth_date=date(2006, 3, 11)).person
    adult = person_add(actor=None, case=case, role=PersonRole.VICTIM, birth_date=date(2006, 3, 10)).person
    assert (child.age_at_incident, child.is_child) == (17, True)
    assert (adult.age_at_incident, adult.is_child) == (18, False)
    assert child.birth_year == 2006


def test_the_child_property_and_queryset_agree_at_17_18_and_an_unknown_age(world):
    people = {
        age: person_add(actor=None, case=world.case_a, role=PersonRole.VICTIM, estimated_age=age, sex="P").person
        for age in (0, 17, 18, 19, None)
    }
    by_property = {age for age, person in people.items() if person.is_child}
    children = Person.objects.filter(pk__in=[p.pk for p in people.values()]).children()
    by_queryset = {person.age_at_incident for person in children}
    assert by_property == by_queryset == {0, 17}
    assert people[None].is_child is None  # unknown: neither a child nor an adult, and not counted
    violence = {age: ViolenceRecord(victim=person, form=ViolenceForm.FISIK) for age, person in people.items()}
    ViolenceRecord.objects.bulk_create(violence.values())
    forms_of_children = ViolenceRecord.objects.filter(pk__in=[v.pk for v in violence.values()]).filter(
        child_q("victim__")
    )
    assert {record.victim.age_at_incident for record in forms_of_children} == by_property


def test_a_malformed_nik_is_refused_and_a_mismatching_one_only_warned(world):
    with pytest.raises(ValidationError) as err:
        person_add(actor=None, case=world.intake_c, role=PersonRole.VICTIM, nik="1571010507150000")
    assert "nik" in err.value.message_dict
    result = person_add(
        actor=None,
        case=world.intake_c,
        role=PersonRole.VICTIM,
        nik="1571014507150001",
        sex=Sex.LAKI_LAKI,
        birth_date=date(2015, 7, 5),
    )
    assert result.person.pk and len(result.warnings) == 1


def test_pasal_59_categories_are_for_children(world):
    with pytest.raises(ValidationError):
        person_add(
            actor=None, case=world.intake_c, role=PersonRole.VICTIM, estimated_age=30, protection_categories=["i"]
        )
    child = person_add(
        actor=None, case=world.intake_c, role=PersonRole.VICTIM, estimated_age=9, protection_categories=["i", "m"]
    )
    assert sorted(child.person.protection_categories.values_list("category", flat=True)) == ["i", "m"]


def test_a_person_is_recorded_with_at_least_one_detail(world):
    case = world.intake_c
    with pytest.raises(ValidationError) as refused:
        person_add(actor=None, case=case, role=PersonRole.VICTIM, full_name=" ", phone_is_whatsapp=True)
    assert list(refused.value.message_dict) == ["full_name"]
    # Any one detail is enough: an unknown alleged perpetrator, a sex, a kelurahan, a form of violence,
    # the age of a baby (0, which is no blank).
    person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, is_unknown=True)
    person_add(actor=None, case=case, role=PersonRole.VICTIM, estimated_age=0)
    assert describes_someone({"estimated_age": 0}) and not describes_someone({"full_name": "", "sex": None})
    person_add(actor=None, case=case, role=PersonRole.VICTIM, sex="L")
    person_add(actor=None, case=case, role=PersonRole.REPORTER, region=Region.objects.filter(level="kelurahan").first())
    only_forms = person_add(actor=None, case=case, role=PersonRole.VICTIM, violence_forms=iter(["fisik"])).person
    assert list(only_forms.violence_forms.values_list("form", flat=True)) == ["fisik"]  # the iterator kept
    # Nor can a person be emptied afterwards; the recorded violence form still describes this one.
    named = person_add(actor=None, case=case, role=PersonRole.VICTIM, full_name="Rina").person
    with pytest.raises(ValidationError):
        person_update(actor=None, person=named, full_name="")
    person_update(actor=None, person=only_forms, sex="P")
    with pytest.raises(ValidationError):
        person_update(actor=None, person=only_forms, sex="", violence_forms=[])


def test_violence_forms_are_replaced_on_update(world):
    victim = person_add(
        actor=None,
        case=world.intake_c,
        role=PersonRole.VICTIM,
        violence_forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS],
    ).person
    person_update(actor=None, person=victim, violence_forms=[ViolenceForm.PSIKIS, ViolenceForm.PERUNDUNGAN])
    assert sorted(victim.violence_forms.values_list("form", flat=True)) == ["perundungan", "psikis"]


def test_a_relation_links_a_victim_to_a_perpetrator_of_the_same_case(world):
    victim = person_add(actor=None, case=world.intake_c, role=PersonRole.VICTIM, nickname="Ani").person
    perpetrator = person_add(actor=None, case=world.intake_c, role=PersonRole.PERPETRATOR, is_unknown=True).person
    link = perpetrator_relation_set(actor=None, victim=victim, perpetrator=perpetrator, relation=Relation.AYAH_TIRI)
    assert Relation(link.relation).group == RelationGroup.ORANG_TUA
    other = person_add(actor=None, case=world.case_b, role=PersonRole.PERPETRATOR, nickname="Budi").person
    with pytest.raises(ValidationError):
        perpetrator_relation_set(actor=None, victim=victim, perpetrator=other, relation=Relation.TETANGGA)


# --- Triage and register numbers -------------------------------------------------------------


def test_a_proposal_starts_the_response_clock_of_its_risk(world, settings):
    case = world.intake_c
    triage_propose(
        actor=world.pengaduan, case=case, case_type=CaseType.AMPK, risk=Risk.TINGGI, authority=Authority.DAERAH
    )
    case.refresh_from_db()
    assert case.response_due_at == case.received_at + timedelta(hours=settings.RESPONSE_TIME_HOURS["tinggi"])
    assert case.status == CaseStatus.RECEIVED and case.triage_proposed_by == world.pengaduan


def test_the_response_clock_of_intake_and_of_triage_is_one_function_of_the_risk(world, settings):
    settings.RESPONSE_TIME_HOURS = {Risk.TINGGI: 2, Risk.SEDANG: 9, Risk.RENDAH: 50}
    received = timezone.now() - timedelta(hours=1)
    case = intake_register(actor=world.pengaduan, channel=Channel.TELEPON, received_at=received)
    assert case.response_due_at == response_due(received, None) == received + timedelta(hours=2)
    for risk, hours in settings.RESPONSE_TIME_HOURS.items():
        triage_propose(actor=world.pengaduan, case=case, case_type=CaseType.AMPK, risk=risk, authority=Authority.DAERAH)
        case.refresh_from_db()
        assert case.response_due_at == response_due(received, risk) == received + timedelta(hours=hours)


def test_accepting_registers_the_case_with_the_next_number_of_the_year(world, settings):
    settings.REGISTER_NUMBER_FORMAT = "{seq:03d}/UPTD-PPA/{month_roman}/{year}"
    with time_machine.travel(datetime(2024, 1, 15, 9, 0, tzinfo=UTC), tick=False):
        first = accept(world, CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED))
        second = accept(world, CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED))
    with time_machine.travel(datetime(2025, 1, 2, 9, 0, tzinfo=UTC), tick=False):
        next_year = accept(world, CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED))
    assert (first.register_number, second.register_number) == ("001/UPTD-PPA/I/2024", "002/UPTD-PPA/I/2024")
    assert next_year.register_number == "001/UPTD-PPA/I/2025"
    assert first.status == CaseStatus.OPEN and first.triaged_by == world.kepala


def test_a_failed_registration_gives_its_number_back(world, settings):
    # The next number is already taken (a typed-in number, say): saving fails after it is issued.
    year = timezone.localdate().year
    before = RegisterCounter.objects.get(year=year).last_seq
    settings.REGISTER_NUMBER_FORMAT = "{seq:03d}/{year}"
    world.case_b.register_number = f"{before + 1:03d}/{year}"
    world.case_b.save(update_fields=["register_number"])
    case = CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED)
    with pytest.raises(ValidationError):
        accept(world, case)
    assert RegisterCounter.objects.get(year=year).last_seq == before  # rolled back with the registration
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED and case.register_number is None


def test_a_complaint_is_triaged_once(world):
    with pytest.raises(ValidationError):
        accept(world, world.case_a)


def test_outside_the_mandate_needs_a_note_and_may_name_where_the_person_was_sent(world):
    with pytest.raises(ValidationError) as err:
        triage_decide(actor=world.kepala, case=world.intake_c, outcome=TriageOutcome.OUTSIDE_MANDATE)
    assert "note" in err.value.message_dict
    puspaga = Organisation.objects.get(short_name="PUSPAGA")
    case = triage_decide(
        actor=world.kepala,
        case=world.intake_c,
        outcome=TriageOutcome.OUTSIDE_MANDATE,
        note="Konsultasi keluarga.",
        referred_to=puspaga,
    )
    assert case.status == CaseStatus.OUTSIDE_MANDATE and case.referred_to == puspaga and case.register_number is None


def test_a_duplicate_is_linked_and_nothing_of_it_is_lost(world):
    people_before = world.intake_c.people.count()
    case = triage_decide(
        actor=world.kepala, case=world.intake_c, outcome=TriageOutcome.DUPLICATE, duplicate_of=world.case_a
    )
    assert case.duplicate_of == world.case_a and case.people.count() == people_before
    assert world.case_a.events.filter(kind=EventKind.DUPLICATE_LINKED, data__duplicate=str(case.code)).exists()
    with pytest.raises(ValidationError):
        triage_decide(
            actor=world.kepala,
            case=CaseFactory(created_by=world.pengaduan, status=CaseStatus.RECEIVED),
            outcome=TriageOutcome.DUPLICATE,
        )


# --- Police-report clock (UU TPKS Pasal 41) ----------------------------------------------------


def test_sexual_violence_starts_the_72_hour_police_clock_until_a_report_is_recorded(world, time_machine):
    case = world.case_b
    assert case.police_report_due_at is None
    person_add(actor=None, case=case, role=PersonRole.VICTIM, violence_forms=[ViolenceForm.SEKSUAL])
    case.refresh_from_db()
    assert case.police_report_due_at == case.received_at + timedelta(hours=72)

    time_machine.move_to(case.received_at + timedelta(hours=73))
    assert case_worklist_for_user(user=world.kepala, filters=WorklistFilters(overdue=True)).filter(pk=case.pk).exists()

    case_record_police_report(actor=world.hukum, case=case, number="LP/B/123/2026", report_date=timezone.localdate())
    case.refresh_from_db()
    assert case.police_report_due_at is None
    assert (
        not case_worklist_for_user(user=world.kepala, filters=WorklistFilters(overdue=True)).filter(pk=case.pk).exists()
    )


def test_removing_sexual_violence_stops_the_clock(world):
    victim = person_add(
        actor=None, case=world.case_b, role=PersonRole.VICTIM, violence_forms=[ViolenceForm.SEKSUAL]
    ).person
    person_update(actor=None, person=victim, violence_forms=[ViolenceForm.FISIK])
    world.case_b.refresh_from_db()
    assert world.case_b.police_report_due_at is None


# --- Team ---------------------------------------------------------------------------------------


def test_assignment_gives_access_and_notifies_the_assignee(world, mailoutbox, django_capture_on_commit_callbacks):
    world.manajer_lain.email = "manajer.lain@uptdppa.example"
    world.manajer_lain.save()
    with django_capture_on_commit_callbacks(execute=True):
        case_team_add(actor=world.kepala, case=world.case_b, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS)
    assert world.manajer_lain.has_perm("cases.view_case", world.case_b)
    notification = Notification.objects.get(recipient=world.manajer_lain)
    assert world.case_b.register_number in notification.text and notification.emailed_at is not None
    assert len(mailoutbox) == 1 and world.case_b.register_number in mailoutbox[0].subject


def test_a_new_case_manager_replaces_the_previous_one(world):
    case_team_add(actor=world.kepala, case=world.case_a, user=world.manajer_lain, team_role=TeamRole.MANAJER_KASUS)
    managers = world.case_a.team.filter(team_role=TeamRole.MANAJER_KASUS)
    assert [m.user for m in managers] == [world.manajer_lain]
    assert not world.manajer.has_perm("cases.view_case", world.case_a)


def test_a_team_is_assigned_only_to_a_registered_case(world):
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=world.intake_c, user=world.manajer, team_role=TeamRole.MANAJER_KASUS)


def accept(world, case):
    return triage_decide(
        actor=world.kepala,
        case=case,
        outcome=TriageOutcome.ACCEPTED,
        case_type=CaseType.AMPK,
        risk=Risk.SEDANG,
        authority=Authority.DAERAH,
    )
