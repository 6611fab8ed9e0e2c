"""The data-subject requests' rules (dataprotection/services/requests.py): registration and its
deadline by kind, the decision (reason, Pasal 15 never for access or correction), the Pasal 33
check, correction linked to its edit, restriction of the person, withdrawal of consent blocking
referrals but not case work, and the escalation clock at its boundary with a frozen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from cases.access import people_visible_to
from cases.models import LegalBasis, PersonRole
from cases.selectors import person_get_for_user, victim_has_consent_or_basis
from cases.services import consent_record, person_add
from dataprotection.models import (
    Decision,
    IdentityCheck,
    Pasal15Exception,
    Requester,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)
from dataprotection.selectors import subject_data
from dataprotection.services import (
    pasal33_check,
    request_correct,
    request_deadline_notices,
    request_decide,
    request_register,
    request_release,
    request_restriction_lift,
)
from referrals.services import referral_send
from tests.factories import PersonFactory
from tests.records import consented_victim, referral_draft
from uptdppa.accounts.models import Notification, Organisation

pytestmark = pytest.mark.django_db


def victim_of(case):
    return case.people.filter(role=PersonRole.VICTIM).order_by("created_at").first()


def register(world, person=None, **kwargs):
    person = person or victim_of(world.case_a)
    values = {
        "actor": world.dpo,
        "case_code": str(person.case.code),
        "person": person.code,
        "kind": RequestKind.ACCESS,
        "requester": Requester.SELF,
        "identity_check": IdentityCheck.KTP,
        "received_at": timezone.now() - timedelta(hours=1),
        **kwargs,
    }
    return request_register(**values)


def test_a_request_is_registered_with_its_deadline_by_kind_and_the_head_and_dpo_are_told(world):
    request = register(world)
    assert request.due_at == request.received_at + timedelta(hours=settings.DSR_ACCESS_HOURS)
    told = set(
        Notification.objects.filter(key__startswith=f"dsr-recorded:{request.pk}:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"kepala", "dpo"}
    with override_settings(DSR_CORRECTION_HOURS=24):
        correction = register(world, kind=RequestKind.CORRECTION)
    assert correction.due_at - correction.received_at == timedelta(hours=24)


def test_registration_refuses_every_bad_input_at_once_in_indonesian(world):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        register(
            world,
            requester=Requester.OTHER,
            requester_relation="",
            received_at=timezone.now() + timedelta(hours=1),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"requester_relation", "received_at"}
    with pytest.raises(ValidationError) as refused:
        register(world, case_code="tidak-ada")
    assert "case_code" in refused.value.message_dict
    other_case_person = victim_of(world.case_b)
    with pytest.raises(ValidationError) as refused:
        register(world, person=other_case_person, case_code=str(world.case_a.code))
    assert "person" in refused.value.message_dict


def test_pasal_15_never_exempts_access_or_correction_and_a_refusal_needs_a_reason(world):
    access = register(world)
    with pytest.raises(ValidationError) as refused:
        request_decide(
            actor=world.dpo,
            request=access,
            decision=Decision.REFUSED,
            reason="Proses penyidikan.",
            exception=Pasal15Exception.LAW_ENFORCEMENT,
        )
    assert "exception" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        request_decide(actor=world.dpo, request=access, decision=Decision.REFUSED)
    assert "reason" in refused.value.message_dict
    deletion = register(world, kind=RequestKind.DELETION)
    decided = request_decide(
        actor=world.dpo,
        request=deletion,
        decision=Decision.REFUSED,
        reason="Perkara pidana masih berjalan.",
        exception=Pasal15Exception.LAW_ENFORCEMENT,
    )
    assert decided.status == RequestStatus.DECIDED and decided.exception == "b"
    with pytest.raises(ValidationError):
        request_decide(actor=world.dpo, request=decided, decision=Decision.GRANTED)


def test_the_database_refuses_an_exception_on_access(world):
    from django.db import IntegrityError, transaction

    request = register(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubjectRequest.objects.filter(pk=request.pk).update(exception="b")


def test_access_to_an_alleged_perpetrator_is_refused_and_other_people_are_left_out(world):
    victim = victim_of(world.case_a)
    father = person_add(
        actor=world.manajer, case=world.case_a, role=PersonRole.PERPETRATOR, full_name="Budi Santoso"
    ).person
    reporter = person_add(
        actor=world.manajer, case=world.case_a, role=PersonRole.REPORTER, full_name="Budi Santoso"
    ).person
    co_victim = PersonFactory(case=world.case_a)
    request = register(world, requester=Requester.OTHER, requester_person=reporter.code, requester_relation="Ayah")
    check = pasal33_check(request)
    assert check.refusal and "Pasal 33" in check.refusal
    with pytest.raises(ValidationError) as refused:
        request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    assert "decision" in refused.value.message_dict
    decided = request_decide(actor=world.dpo, request=request, decision=Decision.REFUSED, reason="Pasal 33.")
    assert "Pasal 33" in decided.pasal33_note
    assert decided.pasal33 == {"refused": True, "co_victims": 1, "others": 2}  # codes and counts, stored
    with pytest.raises(ValidationError):
        request_release(actor=world.dpo, request=decided, fmt="json")
    # The person asking for themself gets their data, without anybody else's.
    own = register(world)
    own = request_decide(actor=world.dpo, request=own, decision=Decision.GRANTED)
    assert "1 korban lain" in own.pasal33_note  # written when shown, in the reader's language
    with translation.override("en"):
        assert "1 other victim(s)" in own.pasal33_note
    data = subject_data(request_release(actor=world.dpo, request=own, fmt="json"))
    text = str(data)
    assert victim.full_name in text
    for other in (father, co_victim):
        assert other.full_name not in text and str(other.code) not in text


def test_a_requester_named_as_the_perpetrator_is_refused_even_when_not_recorded_in_the_case(world):
    person_add(actor=world.manajer, case=world.case_a, role=PersonRole.PERPETRATOR, full_name="Joko Widodo")
    request = register(
        world,
        kind=RequestKind.COPY,
        requester=Requester.OTHER,
        requester_name="joko  widodo",
        requester_relation="Paman",
    )
    assert pasal33_check(request).refusal


def test_the_release_holds_the_processing_trail_and_is_audited(world):
    victim = victim_of(world.case_a)
    person_get_for_user(user=world.manajer, code=victim.code)  # a read by the team
    request = request_decide(actor=world.dpo, request=register(world), decision=Decision.GRANTED)
    request_release(actor=world.dpo, request=request, fmt="pdf")
    request.refresh_from_db()
    assert request.released_at is not None and request.released_by == world.dpo
    data = subject_data(request)
    readers = {row["by"] for row in data["processing_trail"]}
    assert world.manajer.display_name in readers
    releases = LogEntry.objects.get_for_object(victim).filter(additional_data__release=str(request.code))
    assert releases.count() == 1


def test_a_correction_goes_through_the_person_update_and_is_linked_to_the_request(world):
    victim = victim_of(world.case_a)
    request = register(world, kind=RequestKind.CORRECTION)
    with pytest.raises(ValidationError) as refused:
        request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    assert "decision" in refused.value.message_dict
    with pytest.raises(ValidationError):
        request_correct(actor=world.dpo, request=request, full_name=victim.full_name)  # nothing changes
    request = request_correct(actor=world.dpo, request=request, full_name="Nama Yang Benar")
    victim.refresh_from_db()
    assert victim.full_name == "Nama Yang Benar"
    assert request.correction_entry is not None and request.correction_entry.object_id == victim.pk
    assert request.correction_entry.action == LogEntry.Action.UPDATE
    decided = request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    assert decided.decision == Decision.GRANTED


def test_a_restriction_leaves_the_person_to_the_case_team_until_lifted(world):
    victim = victim_of(world.case_a)
    request = register(world, kind=RequestKind.RESTRICTION)
    assert world.kepala.has_perm("cases.view_person", victim)
    request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    victim.refresh_from_db()
    assert victim.is_restricted
    for user in (world.manajer, world.psikolog, world.hukum):
        assert user.has_perm("cases.view_person", victim)
        assert people_visible_to(user).filter(pk=victim.pk).exists()
    for user in (world.kepala, world.pengaduan, world.dpo, world.manajer_lain):
        assert not user.has_perm("cases.view_person", victim)
        assert not people_visible_to(user).filter(pk=victim.pk).exists()
    request.refresh_from_db()
    request_restriction_lift(actor=world.dpo, request=request)
    victim.refresh_from_db()
    assert not victim.is_restricted and world.kepala.has_perm("cases.view_person", victim)
    with pytest.raises(ValidationError):
        request_restriction_lift(actor=world.dpo, request=request)


def test_a_withdrawal_of_consent_blocks_referrals_relying_on_it_but_not_a_legal_basis(world):
    dinsos = Organisation.objects.get(name="Dinas Sosial Kota Jambi")
    victim = consented_victim(case=world.case_a, actor=world.manajer)
    draft = referral_draft(case=world.case_a, actor=world.manajer, victim=victim, organisation=dinsos)
    request = register(world, person=victim, kind=RequestKind.WITHDRAWAL)
    request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    assert not victim_has_consent_or_basis(victim)
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        referral_send(actor=world.kepala, referral=draft, consent_override_reason="Mendesak.")
    assert "menarik persetujuan" in refused.value.message_dict["consent_override_reason"][0]
    # Case work on a legal-duty basis goes on: once recorded, the referral may be sent.
    consent_record(actor=world.manajer, victim=victim, basis=LegalBasis.PUBLIC_TASK, given_on=timezone.localdate())
    sent = referral_send(actor=world.manajer, referral=draft)
    assert sent.sent_at is not None


def test_a_withdrawal_without_a_consent_in_force_is_refused(world):
    request = register(world, kind=RequestKind.WITHDRAWAL)
    with pytest.raises(ValidationError) as refused:
        request_decide(actor=world.dpo, request=request, decision=Decision.GRANTED)
    assert "decision" in refused.value.message_dict


def test_an_overdue_request_escalates_to_the_head_and_the_dpo_once_at_its_deadline(world):
    received = timezone.now().replace(microsecond=0)
    request = register(world, received_at=received - timedelta(seconds=1))
    due = request.due_at
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        assert request_deadline_notices(now=timezone.now()) == 0
    with time_machine.travel(due, tick=False):
        assert request_deadline_notices(now=timezone.now()) == 1
        assert request_deadline_notices(now=timezone.now()) == 0  # once
    told = set(
        Notification.objects.filter(key__startswith=f"dsr-overdue:{request.pk}:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"kepala", "dpo"}
    answered = register(world, received_at=received - timedelta(seconds=1))
    request_decide(actor=world.dpo, request=answered, decision=Decision.GRANTED)
    with time_machine.travel(due + timedelta(days=1), tick=False):
        assert request_deadline_notices(now=timezone.now()) == 0


def test_the_job_runs_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["send-request-deadline-notices"]
    assert entry["task"] == "dataprotection.tasks.send_request_deadline_notices"
    assert entry["schedule"] == timedelta(minutes=settings.DSR_CHECK_MINUTES)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_note_stored_before_0005_is_read_back_into_the_same_codes(language):
    """Migration 0005 reads the old sentence (in the language it was written in) into codes."""
    from importlib import import_module

    from dataprotection.models import Pasal33

    codes_of = import_module("dataprotection.migrations.0005_pasal33_as_codes").codes_of
    for check in (Pasal33(True, 2, 3), Pasal33(False, 1, 0), Pasal33(False, 0, 0)):
        with translation.override(language):
            assert codes_of(check.note()) == check.as_data()
