"""The legal rules of issue 4, one test each: UU TPKS Pasal 23 (no mediation of sexual violence),
UU SPPA Pasal 7 (diversion conditions), UU TPKS Pasal 41 (police report deadline), restitution."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import (
    CaseEvent,
    CaseStatus,
    EventKind,
    LegalEvent,
    Mediation,
    MediationDisputeKind,
    MediationStatus,
    PersonRole,
    RestitutionPayer,
)
from cases.services import (
    legal_event_record,
    mediation_close,
    mediation_follow_up_add,
    mediation_open,
    mediation_session_add,
    person_add,
    person_update,
    restitution_set,
)
from cases.vocabularies import LegalStage, ViolenceForm
from tests.conftest import refusal
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def victim_of(case, *forms):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, violence_forms=list(forms), nickname="Ani").person


def perpetrator_of(case, age=None):
    return person_add(actor=None, case=case, role=PersonRole.PERPETRATOR, estimated_age=age, nickname="Budi").person


def open_mediation(world, victim, perpetrator):
    return mediation_open(
        actor=world.manajer,
        case=world.case_a,
        victim=victim,
        perpetrator=perpetrator,
        dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
        mediator=world.manajer,
    )


# --- Mediation: UU TPKS Pasal 23 --------------------------------------------------------------


def test_mediation_is_refused_for_sexual_violence_by_an_adult(world):
    victim = victim_of(world.case_a, ViolenceForm.SEKSUAL)
    errors = refusal(open_mediation, world=world, victim=victim, perpetrator=perpetrator_of(world.case_a, age=35))
    assert "TPKS" in errors["perpetrator"][0] and "Pasal 23" in errors["perpetrator"][0]
    assert not Mediation.objects.exists()


def test_mediation_is_refused_for_sexual_violence_by_a_perpetrator_of_unknown_age(world):
    victim = victim_of(world.case_a, ViolenceForm.SEKSUAL)
    errors = refusal(open_mediation, world=world, victim=victim, perpetrator=perpetrator_of(world.case_a))
    assert "Pasal 23" in errors["perpetrator"][0]
    assert not Mediation.objects.exists()


def test_mediation_is_refused_for_sexual_violence_by_a_child_who_goes_to_diversion_instead(world):
    victim = victim_of(world.case_a, ViolenceForm.SEKSUAL)
    errors = refusal(open_mediation, world=world, victim=victim, perpetrator=perpetrator_of(world.case_a, age=15))
    assert "SPPA" in errors["perpetrator"][0] and "Pasal 23" in errors["perpetrator"][0]
    assert not Mediation.objects.exists()


def test_mediation_is_refused_when_another_victim_of_the_case_suffered_sexual_violence(world):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    errors = refusal(
        open_mediation,
        world=world,
        victim=victim_of(world.case_a, ViolenceForm.PSIKIS),
        perpetrator=perpetrator_of(world.case_a, age=40),
    )
    assert "perpetrator" in errors


def test_mediation_is_allowed_for_a_family_dispute_without_sexual_violence(world):
    victim = victim_of(world.case_a, ViolenceForm.PSIKIS, ViolenceForm.PENELANTARAN)
    mediation = open_mediation(world, victim, perpetrator_of(world.case_a, age=40))
    assert mediation.status == MediationStatus.OPEN
    assert world.case_a.events.filter(kind=EventKind.MEDIATION_OPENED).exists()


def test_mediation_is_allowed_for_a_complaint_only_offence(world):
    mediation = mediation_open(
        actor=world.kepala,
        case=world.case_a,
        victim=victim_of(world.case_a, ViolenceForm.PSIKIS),
        perpetrator=perpetrator_of(world.case_a, age=30),
        dispute_kind=MediationDisputeKind.COMPLAINT_ONLY,
        mediator=world.manajer,
    )
    assert mediation.dispute_kind == MediationDisputeKind.COMPLAINT_ONLY


def test_mediation_is_opened_only_on_an_open_registered_case(world):
    victim = victim_of(world.intake_c, ViolenceForm.PSIKIS)
    with pytest.raises(ValidationError):
        mediation_open(
            actor=world.kepala,
            case=world.intake_c,
            victim=victim,
            perpetrator=perpetrator_of(world.intake_c, age=30),
            dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
            mediator=world.manajer,
        )


def test_mediation_parties_must_be_a_victim_and_a_perpetrator_of_the_case(world):
    victim = victim_of(world.case_a, ViolenceForm.PSIKIS)
    errors = refusal(open_mediation, world=world, victim=victim, perpetrator=perpetrator_of(world.case_b, age=30))
    assert "perpetrator" in errors
    errors = refusal(open_mediation, world=world, victim=perpetrator_of(world.case_a, 30), perpetrator=victim)
    assert "victim" in errors


def test_a_second_open_mediation_between_the_same_parties_is_refused(world):
    victim, perpetrator = victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=30)
    open_mediation(world, victim, perpetrator)
    assert "perpetrator" in refusal(open_mediation, world=world, victim=victim, perpetrator=perpetrator)


def test_an_agreement_cannot_be_recorded_once_sexual_violence_by_an_adult_is_on_the_case(world):
    victim, perpetrator = victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=30)
    mediation = open_mediation(world, victim, perpetrator)
    mediation_session_add(actor=world.manajer, mediation=mediation, date=TODAY(), parties_present="korban, terlapor")
    person_update(actor=None, person=victim, violence_forms=[ViolenceForm.PSIKIS, ViolenceForm.SEKSUAL])
    errors = refusal(
        mediation_close,
        actor=world.manajer,
        mediation=mediation,
        outcome=MediationStatus.AGREEMENT,
        agreement_terms="Terlapor meminta maaf.",
    )
    assert "Pasal 23" in errors["perpetrator"][0]
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.OPEN


def test_no_session_can_be_held_once_sexual_violence_is_on_the_case(world):
    victim, perpetrator = victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=30)
    mediation = open_mediation(world, victim, perpetrator)
    person_update(actor=None, person=victim, violence_forms=[ViolenceForm.SEKSUAL])
    with pytest.raises(ValidationError):
        mediation_session_add(actor=world.manajer, mediation=mediation, date=TODAY(), parties_present="korban")


def test_a_mediation_ends_without_agreement_even_after_sexual_violence_is_recorded(world):
    victim, perpetrator = victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, age=30)
    mediation = open_mediation(world, victim, perpetrator)
    person_update(actor=None, person=victim, violence_forms=[ViolenceForm.SEKSUAL])
    mediation = mediation_close(actor=world.manajer, mediation=mediation, outcome=MediationStatus.NO_AGREEMENT)
    assert mediation.status == MediationStatus.NO_AGREEMENT and mediation.closed_at is not None


def test_an_agreement_needs_its_terms(world):
    mediation = open_mediation(world, victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, 30))
    mediation_session_add(actor=world.manajer, mediation=mediation, date=TODAY(), parties_present="korban, terlapor")
    errors = refusal(mediation_close, actor=world.manajer, mediation=mediation, outcome=MediationStatus.AGREEMENT)
    assert "agreement_terms" in errors


def test_the_database_refuses_an_agreement_without_terms(world):
    mediation = open_mediation(world, victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Mediation.objects.filter(pk=mediation.pk).update(status=MediationStatus.AGREEMENT, closed_at=timezone.now())


def test_a_mediation_runs_from_sessions_to_agreement_and_compliance_follow_ups(world):
    mediation = open_mediation(world, victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, 30))
    mediation_session_add(
        actor=world.manajer,
        mediation=mediation,
        date=TODAY(),
        parties_present="korban, ibu korban, terlapor",
        berita_acara="Para pihak sepakat.",
    )
    mediation = mediation_close(
        actor=world.manajer,
        mediation=mediation,
        outcome=MediationStatus.AGREEMENT,
        agreement_terms="Nafkah anak dibayar setiap bulan.",
    )
    mediation_follow_up_add(
        actor=world.manajer, mediation=mediation, date=TODAY(), complied=True, note="Sudah dibayar."
    )
    mediation.refresh_from_db()
    assert mediation.agreement_terms == "Nafkah anak dibayar setiap bulan."
    assert mediation.sessions.get().berita_acara == "Para pihak sepakat."
    assert mediation.follow_ups.get().complied is True
    kinds = list(world.case_a.events.values_list("kind", flat=True))
    for kind in ("mediation_opened", "mediation_session", "mediation_outcome", "mediation_follow_up"):
        assert kind in kinds


def test_follow_ups_are_only_for_an_agreement(world):
    mediation = open_mediation(world, victim_of(world.case_a, ViolenceForm.PSIKIS), perpetrator_of(world.case_a, 30))
    with pytest.raises(ValidationError):
        mediation_follow_up_add(actor=world.manajer, mediation=mediation, date=TODAY(), complied=True)


# --- Legal-process events ---------------------------------------------------------------------


def record(world, perpetrator, stage, **kwargs):
    return legal_event_record(
        actor=world.hukum, case=perpetrator.case, perpetrator=perpetrator, stage=stage, date=TODAY(), **kwargs
    )


DIVERSION_OK = {
    "offence_max_penalty_years": Decimal("5"),
    "repeat_offence": False,
    "victim_consent": True,
    "victim_consent_by": "ibu korban",
}


@pytest.mark.parametrize("age", [12, 17])
def test_diversion_is_recorded_as_a_legal_event_when_all_sppa_pasal_7_conditions_hold(world, age):
    event = record(world, perpetrator_of(world.case_a, age=age), LegalStage.DIVERSI, **DIVERSION_OK)
    event.refresh_from_db()
    assert event.stage == LegalStage.DIVERSI and event.perpetrator_age_at_offence == age
    assert world.case_a.events.filter(kind=EventKind.LEGAL_EVENT, data__stage="diversi").exists()


def test_diversion_is_possible_in_a_sexual_violence_case_with_a_child_perpetrator(world):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    assert record(world, perpetrator_of(world.case_a, age=15), LegalStage.DIVERSI, **DIVERSION_OK).pk


def refused_diversion(world, age=15, **changes):
    """The field errors of a diversion of a perpetrator aged ``age``, DIVERSION_OK but for ``changes``."""
    perpetrator = perpetrator_of(world.case_a, age=age)
    return refusal(record, world=world, perpetrator=perpetrator, stage=LegalStage.DIVERSI, **(DIVERSION_OK | changes))


@pytest.mark.parametrize("age", [11, 18])
def test_diversion_is_refused_outside_the_ages_12_to_under_18(world, age):
    assert "Pasal 7" in refused_diversion(world, age=age)["perpetrator"][0]
    assert not LegalEvent.objects.exists()


def test_diversion_is_refused_while_the_perpetrators_age_is_unknown(world):
    assert "perpetrator" in refused_diversion(world, age=None)


def test_diversion_is_refused_for_an_offence_punishable_by_7_years_or_more(world):
    assert "Pasal 7" in refused_diversion(world, offence_max_penalty_years=7)["offence_max_penalty_years"][0]


def test_diversion_is_refused_for_a_repeat_offence(world):
    assert "Pasal 7" in refused_diversion(world, repeat_offence=True)["repeat_offence"][0]


def test_diversion_is_refused_without_the_victims_or_familys_consent(world):
    assert "Pasal 7" in refused_diversion(world, victim_consent=False)["victim_consent"][0]


def test_every_failed_diversion_condition_is_reported_at_once(world):
    errors = refused_diversion(world, age=19, offence_max_penalty_years=9, repeat_offence=True, victim_consent=False)
    assert {"perpetrator", "offence_max_penalty_years", "repeat_offence", "victim_consent"} <= set(errors)


def test_the_database_refuses_a_diversion_that_breaks_sppa_pasal_7(world):
    event = record(world, perpetrator_of(world.case_a, age=15), LegalStage.DIVERSI, **DIVERSION_OK)
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalEvent.objects.filter(pk=event.pk).update(perpetrator_age_at_offence=18)


def test_diversion_details_are_refused_on_other_stages(world):
    errors = refusal(
        record, world=world, perpetrator=perpetrator_of(world.case_a, 30), stage=LegalStage.PENYIDIKAN, **DIVERSION_OK
    )
    assert "stage" in errors


def test_a_police_report_legal_event_satisfies_the_tpks_72_hour_deadline(world):
    victim_of(world.case_a, ViolenceForm.SEKSUAL)
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is not None
    record(
        world,
        perpetrator_of(world.case_a, age=30),
        LegalStage.LAPORAN_POLISI,
        reference_number=" LP/B/123/IX/2026/SPKT ",
        unit="Polresta Jambi",
    )
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_due_at is None
    assert world.case_a.police_report_number == "LP/B/123/IX/2026/SPKT"
    assert world.case_a.police_report_unit == "Polresta Jambi"
    assert world.case_a.events.filter(kind=EventKind.POLICE_REPORT).count() == 1


def test_a_second_police_report_event_keeps_the_cases_first_police_report(world):
    perpetrator = perpetrator_of(world.case_a, age=30)
    record(world, perpetrator, LegalStage.LAPORAN_POLISI, reference_number="LP/1")
    record(world, perpetrator_of(world.case_a, age=25), LegalStage.LAPORAN_POLISI, reference_number="LP/2")
    world.case_a.refresh_from_db()
    assert world.case_a.police_report_number == "LP/1"
    assert LegalEvent.objects.count() == 2


def test_legal_events_are_refused_on_an_unregistered_complaint(world):
    with pytest.raises(ValidationError):
        record(world, perpetrator_of(world.intake_c, age=30), LegalStage.LAPORAN_POLISI, reference_number="LP/1")
    assert not LegalEvent.objects.exists()


def test_legal_events_are_refused_for_a_person_of_another_case(world):
    errors = refusal(
        legal_event_record,
        actor=world.hukum,
        case=world.case_a,
        perpetrator=perpetrator_of(world.case_b, age=30),
        stage=LegalStage.PENYIDIKAN,
        date=TODAY(),
    )
    assert "perpetrator" in errors


def test_legal_events_are_refused_for_a_victim(world):
    errors = refusal(record, world=world, perpetrator=victim_of(world.case_a), stage=LegalStage.PENYIDIKAN)
    assert "perpetrator" in errors


def test_a_legal_event_cannot_be_dated_in_the_future(world):
    errors = refusal(
        legal_event_record,
        actor=world.hukum,
        case=world.case_a,
        perpetrator=perpetrator_of(world.case_a, age=30),
        stage=LegalStage.PENAHANAN,
        date=TODAY() + timedelta(days=1),
    )
    assert "date" in errors


def test_legal_events_and_the_timeline_carry_no_personal_data(world):
    perpetrator = perpetrator_of(world.case_a, age=30)
    event = record(world, perpetrator, LegalStage.PENAHANAN, note="Ditahan di Polresta.")
    assert "Polresta" not in str(event)
    data = CaseEvent.objects.filter(kind=EventKind.LEGAL_EVENT).get().data
    assert data == {
        "legal_event": str(event.code),
        "perpetrator": str(perpetrator.code),
        "stage": "penahanan",
        "date": event.date.isoformat(),  # the day it happened, shown on the timeline
    }


# --- Restitution ------------------------------------------------------------------------------


def test_restitution_for_a_child_perpetrator_is_paid_by_the_parent(world):
    restitution = restitution_set(
        actor=world.hukum,
        victim=victim_of(world.case_a, ViolenceForm.FISIK),
        perpetrator=perpetrator_of(world.case_a, age=16),
        claimed=True,
        amount=Decimal("15000000"),
    )
    assert restitution.payer == RestitutionPayer.PARENT


def test_restitution_paid_by_a_child_perpetrator_himself_is_refused(world):
    errors = refusal(
        restitution_set,
        actor=world.hukum,
        victim=victim_of(world.case_a),
        perpetrator=perpetrator_of(world.case_a, age=16),
        payer=RestitutionPayer.PERPETRATOR,
    )
    assert "payer" in errors


def test_the_parent_pays_only_for_a_child_perpetrator(world):
    errors = refusal(
        restitution_set,
        actor=world.hukum,
        victim=victim_of(world.case_a),
        perpetrator=perpetrator_of(world.case_a, age=30),
        payer=RestitutionPayer.PARENT,
    )
    assert "payer" in errors


def test_restitution_is_one_record_per_victim_and_perpetrator_updated_as_it_goes(world):
    victim, perpetrator = victim_of(world.case_a), perpetrator_of(world.case_a, age=30)
    restitution_set(actor=world.hukum, victim=victim, perpetrator=perpetrator, claimed=True, amount=Decimal(1000))
    restitution = restitution_set(
        actor=world.hukum,
        victim=victim,
        perpetrator=perpetrator,
        claimed=True,
        amount=Decimal(1000),
        lpsk_amount=Decimal(800),
        paid=True,
        paid_at=TODAY(),
        payer=RestitutionPayer.PERPETRATOR,
    )
    assert restitution.paid and world.case_a.restitutions.count() == 1
    assert world.case_a.events.filter(kind=EventKind.RESTITUTION_CHANGED).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"paid": True}, "paid_at"),
        ({"paid": False, "paid_at": "today"}, "paid"),
        ({"amount": Decimal(-1)}, "amount"),
        ({"paid": True, "paid_at": "today"}, "payer"),
    ],
)
def test_restitution_with_inconsistent_payment_details_is_refused(world, values, field):
    values = {k: (TODAY() if v == "today" else v) for k, v in values.items()}
    errors = refusal(
        restitution_set,
        actor=world.hukum,
        victim=victim_of(world.case_a),
        perpetrator=perpetrator_of(world.case_a, 30),
        **values,
    )
    assert field in errors


# --- Permissions ------------------------------------------------------------------------------

# Who may do what on case_a (their team: manajer, psikolog, hukum) and on case_b (no team).
LEGAL_EXPECTED = {
    "admin": set(),
    "kepala": {"case_a", "case_b"},
    "pengaduan": set(),
    "pengaduan_lain": set(),
    "manajer": {"case_a"},
    "manajer_lain": set(),
    "psikolog": set(),
    "hukum": {"case_a"},
    "operator": set(),
    "penghubung": set(),
    "pimpinan": set(),
}
MEDIATION_EXPECTED = LEGAL_EXPECTED | {"hukum": set()}


@pytest.mark.parametrize("username", sorted(LEGAL_EXPECTED))
def test_who_may_record_legal_events_and_manage_mediation(world, username):
    user = world.users[username]
    cases = {name: getattr(world, name) for name in ("case_a", "case_b", "intake_c", "intake_d")}
    assert {n for n, c in cases.items() if user.has_perm("cases.record_legal_event", c)} == LEGAL_EXPECTED[username]
    assert {n for n, c in cases.items() if user.has_perm("cases.manage_mediation", c)} == MEDIATION_EXPECTED[username]


def test_everyone_allowed_a_legal_action_can_see_the_case(world):
    for user in world.users.values():
        for case in (world.case_a, world.case_b, world.intake_c, world.intake_d):
            for perm in ("cases.record_legal_event", "cases.manage_mediation"):
                assert not user.has_perm(perm, case) or user.has_perm("cases.view_case", case)


def test_outsiders_may_not_record_legal_events_or_manage_mediation(world):
    outsider_case = CaseFactory(created_by=world.pengaduan)
    for user in (world.manajer, world.hukum, world.manajer_lain, world.penghubung, world.admin):
        assert not user.has_perm("cases.record_legal_event", outsider_case)
        assert not user.has_perm("cases.manage_mediation", outsider_case)


def test_a_deactivated_team_member_may_not_record_legal_events(world):
    world.hukum.is_active = False
    assert not world.hukum.has_perm("cases.record_legal_event", world.case_a)


def test_a_closed_case_is_still_registered_for_legal_events_but_not_open_for_mediation(world):
    # The parties are recorded first: a closed case is read-only (cases.services.common.require_open).
    perpetrator = perpetrator_of(world.case_a, age=30)
    victim = victim_of(world.case_a)
    world.case_a.status = CaseStatus.CLOSED
    world.case_a.save(update_fields=["status"])
    assert record(world, perpetrator, LegalStage.PUTUSAN).pk
    with pytest.raises(ValidationError):
        open_mediation(world, victim, perpetrator)
