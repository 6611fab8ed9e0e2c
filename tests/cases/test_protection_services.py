"""Protection and recovery (issue 4): psychological sessions and the privacy of their notes,
temporary shelter and its 14-day cap, consent and legal basis (UU PDP), the rights checklist
(UU TPKS Pasal 66–70). One rule per test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import (
    CaseStatus,
    ConsentRecord,
    EventKind,
    LegalBasis,
    PersonRole,
    PsychSession,
    ShelterStay,
    VictimRight,
    VictimRightKind,
    VictimRightStatus,
)
from cases.selectors import (
    psych_sessions_for_user,
    shelter_stays_overdue,
    shelter_stays_warning,
    victim_has_consent_or_basis,
    victim_rights_checklist,
)
from cases.services import (
    consent_record,
    person_add,
    psych_session_record,
    shelter_admit,
    shelter_discharge,
    victim_right_set,
)
from tests.conftest import refusal
from tests.factories import CaseFactory, UserFactory
from uptdppa.accounts.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
OBSERVATIONS = "Korban tampak cemas saat membicarakan rumah."
RECOMMENDATIONS = "Konseling lanjutan dua minggu sekali."
CASES = ("case_a", "case_b", "intake_c", "intake_d")


def victim_of(case):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, nickname="Ani").person


def record_session(world, victim=None, **kwargs):
    values = {
        "actor": world.psikolog,
        "victim": victim or victim_of(world.case_a),
        "psychologist": world.psikolog,
        "date": TODAY(),
        "method": "Konseling",
        "observations": OBSERVATIONS,
        "recommendations": RECOMMENDATIONS,
    } | kwargs
    return psych_session_record(**values)


def permitted(world, user, perm):
    return {name for name in CASES if user.has_perm(perm, getattr(world, name))}


# --- Psychological sessions -------------------------------------------------------------------


def test_a_psychologist_on_the_team_records_a_session_with_its_notes(world):
    session = record_session(world)
    session.refresh_from_db()
    assert (session.observations, session.recommendations) == (OBSERVATIONS, RECOMMENDATIONS)
    event = world.case_a.events.get(kind=EventKind.PSYCH_SESSION)
    assert event.data["session"] == str(session.code)
    assert OBSERVATIONS not in str(event.data) and RECOMMENDATIONS not in str(event.data)


def test_the_session_notes_are_encrypted_in_the_database(world):
    session = record_session(world)
    with connection.cursor() as cursor:
        cursor.execute("SELECT observations, recommendations FROM cases_psychsession WHERE id = %s", [session.pk])
        stored = cursor.fetchone()
    assert OBSERVATIONS not in str(stored) and RECOMMENDATIONS not in str(stored)


def test_a_session_is_refused_for_a_psychologist_who_is_not_on_the_team(world):
    outsider = UserFactory(role=Role.PSIKOLOG)
    assert "psychologist" in refusal(record_session, world=world, psychologist=outsider)
    assert not PsychSession.objects.exists()


def test_a_team_member_who_is_not_the_team_psychologist_cannot_hold_a_session(world):
    assert "psychologist" in refusal(record_session, world=world, psychologist=world.manajer)


def test_a_deactivated_psychologist_cannot_hold_a_session(world):
    world.psikolog.is_active = False
    world.psikolog.save(update_fields=["is_active"])
    assert "psychologist" in refusal(record_session, world=world)


def test_a_session_is_recorded_only_on_a_registered_case(world):
    with pytest.raises(ValidationError):
        record_session(world, victim=victim_of(world.intake_c))


def test_a_session_date_cannot_be_in_the_future(world):
    assert "date" in refusal(record_session, world=world, date=TODAY() + timedelta(days=1))


def test_a_session_is_held_with_a_victim_of_the_case(world):
    perpetrator = person_add(actor=None, case=world.case_a, role=PersonRole.PERPETRATOR, nickname="Budi").person
    assert "victim" in refusal(record_session, world=world, victim=perpetrator)


# Who sees what of case_a's sessions: the notes, the sessions only, or nothing (404).
NOTES_EXPECTED = {
    "admin": "404",
    "kepala": "notes",
    "pengaduan": "404",
    "pengaduan_lain": "404",
    "manajer": "sessions",
    "manajer_lain": "404",
    "psikolog": "notes",
    "hukum": "sessions",
    "operator": "404",
    "penghubung": "404",
    "pimpinan": "404",
}


@pytest.mark.parametrize("username", sorted(NOTES_EXPECTED))
def test_session_notes_are_readable_only_by_the_team_psychologist_and_the_head(world, username):
    record_session(world)
    user = world.users[username]
    if NOTES_EXPECTED[username] == "404":
        with pytest.raises(Http404):
            psych_sessions_for_user(user=user, case=world.case_a)
        return
    (session,) = psych_sessions_for_user(user=user, case=world.case_a)
    assert session.date == TODAY() and session.psychologist == world.psikolog
    if NOTES_EXPECTED[username] == "notes":
        assert session.notes_visible
        assert (session.observations, session.recommendations) == (OBSERVATIONS, RECOMMENDATIONS)
    else:
        assert not session.notes_visible
        assert session.observations is None and session.recommendations is None


@pytest.mark.parametrize("username", ["manajer", "hukum"])
def test_the_notes_are_never_loaded_for_a_team_member_who_may_not_read_them(world, username):
    record_session(world)
    with CaptureQueriesContext(connection) as captured:
        (session,) = psych_sessions_for_user(user=world.users[username], case=world.case_a)
        assert session.observations is None and session.recommendations is None
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert '"observations"' not in sql and '"recommendations"' not in sql


def test_reading_the_notes_is_written_to_the_audit_trail(world):
    session = record_session(world)
    psych_sessions_for_user(user=world.psikolog, case=world.case_a)
    psych_sessions_for_user(user=world.manajer, case=world.case_a)
    reads = LogEntry.objects.get_for_object(session).filter(action=LogEntry.Action.ACCESS)
    assert [entry.actor for entry in reads] == [world.psikolog]


def test_the_audit_trail_never_holds_the_session_notes(world):
    record_session(world)
    psych_sessions_for_user(user=world.kepala, case=world.case_a)
    for entry in LogEntry.objects.all():
        text = f"{entry.changes} {entry.object_repr} {entry.additional_data}"
        assert OBSERVATIONS not in text and RECOMMENDATIONS not in text


# --- Temporary shelter ------------------------------------------------------------------------


def admit(world, victim=None, **kwargs):
    values = {
        "actor": world.manajer,
        "victim": victim or victim_of(world.case_a),
        "place": "Rumah Perlindungan Sementara",
        "admitted_on": TODAY(),
    } | kwargs
    return shelter_admit(**values)


def test_a_victim_is_admitted_to_shelter_and_discharged_with_timeline_events(world):
    stay = admit(world, note="Dijemput bersama ibu.")
    assert stay.is_active and stay.days == 0
    stay = shelter_discharge(actor=world.manajer, stay=stay, discharged_on=TODAY(), note="Pulang ke rumah nenek.")
    stay.refresh_from_db()
    assert not stay.is_active and stay.discharged_by == world.manajer
    assert stay.note == "Dijemput bersama ibu.\n\nPulang ke rumah nenek."
    kinds = set(world.case_a.events.values_list("kind", flat=True))
    assert {EventKind.SHELTER_ADMITTED, EventKind.SHELTER_DISCHARGED} <= kinds


def test_a_victim_has_at_most_one_active_shelter_stay(world):
    stay = admit(world)
    assert "victim" in refusal(admit, world=world, victim=stay.victim)
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=TODAY())
    assert admit(world, victim=stay.victim).is_active


def test_the_database_refuses_a_second_active_stay_for_a_victim(world):
    stay = admit(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShelterStay.objects.create(case=world.case_a, victim=stay.victim, place="Lain", admitted_on=TODAY())


def test_a_discharge_before_the_admission_is_refused(world):
    stay = admit(world, admitted_on=TODAY() - timedelta(days=3))
    errors = refusal(shelter_discharge, actor=world.manajer, stay=stay, discharged_on=TODAY() - timedelta(days=4))
    assert "discharged_on" in errors


def test_the_database_refuses_a_discharge_before_the_admission(world):
    stay = admit(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShelterStay.objects.filter(pk=stay.pk).update(discharged_on=TODAY() - timedelta(days=1))


def test_a_stay_is_discharged_only_once(world):
    stay = shelter_discharge(actor=world.manajer, stay=admit(world), discharged_on=TODAY())
    with pytest.raises(ValidationError):
        shelter_discharge(actor=world.manajer, stay=stay, discharged_on=TODAY())


@pytest.mark.parametrize(("field", "value"), [("admitted_on", "tomorrow"), ("place", " ")])
def test_an_admission_needs_a_place_and_a_date_not_in_the_future(world, field, value):
    value = TODAY() + timedelta(days=1) if value == "tomorrow" else value
    assert field in refusal(admit, world=world, **{field: value})


def test_shelter_is_arranged_only_on_an_open_registered_case(world):
    with pytest.raises(ValidationError):
        admit(world, victim=victim_of(world.intake_c))
    closed_victim = victim_of(world.case_b)
    world.case_b.status = CaseStatus.CLOSED
    world.case_b.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        admit(world, victim=closed_victim)


def test_a_shelter_stay_warns_from_day_12(world, time_machine):
    stay = admit(world)
    time_machine.move_to(timezone.now() + timedelta(days=11))
    assert stay.days == 11 and not stay.is_warning
    assert not shelter_stays_warning().exists()
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert stay.days == 12 and stay.is_warning and not stay.is_overdue
    assert list(shelter_stays_warning()) == [stay]


def test_a_shelter_stay_is_overdue_after_14_days(world, time_machine):
    stay = admit(world)
    time_machine.move_to(timezone.now() + timedelta(days=14))
    assert stay.is_warning and not stay.is_overdue
    assert not shelter_stays_overdue().exists()
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert stay.days == 15 and stay.is_overdue and not stay.is_warning
    assert list(shelter_stays_overdue()) == [stay]
    assert not shelter_stays_warning().exists()


def test_a_discharged_stay_is_neither_warning_nor_overdue(world, time_machine):
    stay = admit(world, admitted_on=TODAY() - timedelta(days=20))
    stay = shelter_discharge(actor=world.manajer, stay=stay, discharged_on=TODAY())
    assert stay.days == 20 and not stay.is_warning and not stay.is_overdue
    assert not shelter_stays_overdue().exists()


def test_the_shelter_limits_follow_the_settings(world, settings):
    settings.SHELTER_WARNING_DAY, settings.SHELTER_LIMIT_DAYS = 5, 7
    stay = admit(world, admitted_on=TODAY() - timedelta(days=8))
    assert stay.is_overdue and list(shelter_stays_overdue()) == [stay]


def test_the_shelter_properties_and_querysets_agree_on_every_day_of_a_stay(world):
    stay = admit(world)
    for day in range(0, 18):
        ShelterStay.objects.filter(pk=stay.pk).update(admitted_on=TODAY() - timedelta(days=day))
        current = ShelterStay.objects.get(pk=stay.pk)
        assert current.is_warning is ShelterStay.objects.warning().filter(pk=stay.pk).exists(), day
        assert current.is_overdue is ShelterStay.objects.overdue().filter(pk=stay.pk).exists(), day
        from_warning_day = ShelterStay.objects.from_warning_day().filter(pk=stay.pk).exists()
        assert from_warning_day is (current.is_warning or current.is_overdue), day
        assert current.is_overdue is (current.limit_on < TODAY()), day


def test_the_shelter_lists_show_only_the_cases_the_user_may_see(world):
    stay = admit(world, admitted_on=TODAY() - timedelta(days=20))
    assert list(shelter_stays_overdue(user=world.manajer)) == [stay]
    assert list(shelter_stays_overdue(user=world.kepala)) == [stay]
    assert not shelter_stays_overdue(user=world.manajer_lain).exists()
    assert not shelter_stays_overdue(user=world.penghubung).exists()


# --- Consent and legal basis (UU 27/2022 PDP) -------------------------------------------------


def test_consent_is_recorded_with_who_gave_it_as_a_relation(world):
    victim = victim_of(world.case_a)
    record = consent_record(
        actor=world.manajer, victim=victim, basis=LegalBasis.CONSENT, consent_given_by="ibu", given_on=TODAY()
    )
    assert record.consent_given_by == "ibu"
    assert world.case_a.events.filter(kind=EventKind.CONSENT_RECORDED, data__basis="consent").exists()


def test_consent_needs_who_gave_it(world):
    errors = refusal(
        consent_record, actor=world.manajer, victim=victim_of(world.case_a), basis=LegalBasis.CONSENT, given_on=TODAY()
    )
    assert "consent_given_by" in errors


@pytest.mark.parametrize("basis", [LegalBasis.LEGAL_OBLIGATION, LegalBasis.VITAL_INTEREST, LegalBasis.PUBLIC_TASK])
def test_another_legal_basis_is_recorded_without_anyone_consenting(world, basis):
    record = consent_record(actor=world.manajer, victim=victim_of(world.case_a), basis=basis, given_on=TODAY())
    assert record.basis == basis and record.consent_given_by is None


def test_who_consented_is_not_recorded_for_another_legal_basis(world):
    errors = refusal(
        consent_record,
        actor=world.manajer,
        victim=victim_of(world.case_a),
        basis=LegalBasis.VITAL_INTEREST,
        consent_given_by="ayah",
        given_on=TODAY(),
    )
    assert "consent_given_by" in errors


def test_the_database_refuses_consent_without_who_gave_it(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(victim=victim_of(world.case_a), basis=LegalBasis.CONSENT, given_on=TODAY())


def test_a_consent_date_cannot_be_in_the_future(world):
    errors = refusal(
        consent_record,
        actor=world.manajer,
        victim=victim_of(world.case_a),
        basis=LegalBasis.PUBLIC_TASK,
        given_on=TODAY() + timedelta(days=1),
    )
    assert "given_on" in errors


def test_a_victim_has_no_consent_or_basis_until_one_is_recorded(world):
    victim = victim_of(world.case_a)
    assert not victim_has_consent_or_basis(victim)
    consent_record(actor=world.manajer, victim=victim, basis=LegalBasis.PUBLIC_TASK, given_on=TODAY())
    assert victim_has_consent_or_basis(victim)


def test_consent_is_recorded_at_intake_but_not_once_the_complaint_ended_there(world):
    assert consent_record(
        actor=world.pengaduan,
        victim=victim_of(world.intake_c),
        basis=LegalBasis.CONSENT,
        consent_given_by="korban",
        given_on=TODAY(),
    ).pk
    with pytest.raises(ValidationError):
        consent_record(
            actor=world.pengaduan, victim=victim_of(world.intake_d), basis=LegalBasis.PUBLIC_TASK, given_on=TODAY()
        )


# --- Victim's rights (UU TPKS Pasal 66–70) ----------------------------------------------------


def test_the_rights_checklist_lists_every_right_not_started_until_set(world):
    checklist = victim_rights_checklist(victim_of(world.case_a))
    assert [line.right for line in checklist] == list(VictimRightKind.values)
    assert {line.status for line in checklist} == {VictimRightStatus.NOT_STARTED}


def test_a_right_is_fulfilled_only_with_its_evidence(world):
    victim = victim_of(world.case_a)
    errors = refusal(
        victim_right_set,
        actor=world.hukum,
        victim=victim,
        right=VictimRightKind.RESTITUTION,
        status=VictimRightStatus.FULFILLED,
    )
    assert "evidence_note" in errors
    line = victim_right_set(
        actor=world.hukum,
        victim=victim,
        right=VictimRightKind.RESTITUTION,
        status=VictimRightStatus.FULFILLED,
        evidence_note="Putusan PN Jambi, dibayar lunas.",
    )
    assert line.status == VictimRightStatus.FULFILLED and line.updated_by == world.hukum


def test_a_right_is_set_aside_as_not_applicable_only_with_a_reason(world):
    errors = refusal(
        victim_right_set,
        actor=world.manajer,
        victim=victim_of(world.case_a),
        right=VictimRightKind.RESTITUTION,
        status=VictimRightStatus.NOT_APPLICABLE,
    )
    assert "evidence_note" in errors


def test_a_right_is_one_line_per_victim_updated_as_it_goes(world):
    victim = victim_of(world.case_a)
    set_right = {"actor": world.manajer, "victim": victim, "right": VictimRightKind.RECOVERY}
    victim_right_set(**set_right, status=VictimRightStatus.IN_PROGRESS, evidence_note="Konseling berjalan.")
    line = victim_right_set(**set_right, status=VictimRightStatus.FULFILLED)
    assert line.evidence_note == "Konseling berjalan." and VictimRight.objects.filter(victim=victim).count() == 1
    assert victim_rights_checklist(victim)[2].status == VictimRightStatus.FULFILLED
    assert world.case_a.events.filter(kind=EventKind.VICTIM_RIGHT_CHANGED).count() == 2


def test_the_database_refuses_a_fulfilled_right_without_evidence(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        VictimRight.objects.create(
            victim=victim_of(world.case_a), right=VictimRightKind.HANDLING, status=VictimRightStatus.FULFILLED
        )


def test_rights_are_kept_for_victims_of_registered_cases_only(world):
    with pytest.raises(ValidationError):
        victim_right_set(
            actor=world.kepala,
            victim=victim_of(world.intake_c),
            right=VictimRightKind.HANDLING,
            status=VictimRightStatus.IN_PROGRESS,
        )
    perpetrator = person_add(actor=None, case=world.case_a, role=PersonRole.PERPETRATOR, nickname="Budi").person
    errors = refusal(
        victim_right_set,
        actor=world.kepala,
        victim=perpetrator,
        right=VictimRightKind.HANDLING,
        status=VictimRightStatus.IN_PROGRESS,
    )
    assert "victim" in errors


# --- Permissions ------------------------------------------------------------------------------

NONE: dict[str, set[str]] = {name: set() for name in NOTES_EXPECTED}
TEAM_WORK = NONE | {"kepala": {"case_a", "case_b"}, "manajer": {"case_a"}, "psikolog": {"case_a"}, "hukum": {"case_a"}}
EXPECTED = {
    "cases.record_psych_session": NONE | {"kepala": {"case_a", "case_b"}, "psikolog": {"case_a"}},
    "cases.read_psych_notes": NONE | {"kepala": set(CASES), "psikolog": {"case_a"}},
    "cases.manage_shelter": TEAM_WORK,
    "cases.set_victim_rights": TEAM_WORK,
    "cases.record_consent": TEAM_WORK
    | {"kepala": set(CASES), "pengaduan": {"intake_c"}, "pengaduan_lain": {"intake_c"}},
}


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("username", sorted(NOTES_EXPECTED))
def test_who_may_record_protection_services(world, perm, username):
    assert permitted(world, world.users[username], perm) == EXPECTED[perm][username]


def test_everyone_allowed_a_protection_action_can_see_the_case(world):
    for user in world.users.values():
        for name in CASES:
            case = getattr(world, name)
            for perm in EXPECTED:
                assert not user.has_perm(perm, case) or user.has_perm("cases.view_case", case)


def test_a_psychologist_outside_the_team_may_not_read_or_record_notes(world):
    outsider = UserFactory(role=Role.PSIKOLOG)
    other_case = CaseFactory(created_by=world.pengaduan)
    for case in (world.case_a, other_case):
        assert not outsider.has_perm("cases.read_psych_notes", case)
        assert not outsider.has_perm("cases.record_psych_session", case)
    assert not world.psikolog.has_perm("cases.read_psych_notes", other_case)
