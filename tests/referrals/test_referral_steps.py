"""Issue 18 §2: the steps of a referral (answer, first service, completion), their deadlines from
the settings by urgency and service type, the decline reason and the outcome as codes."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from cases.models import LegalBasis
from cases.services import consent_record
from cases.vocabularies import ServiceType
from referrals.models import (
    DEFAULT_SHARED_FIELDS,
    DeclineReason,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    ReferralUrgency,
)
from referrals.services import (
    StepKind,
    referral_accept,
    referral_action_add,
    referral_complete,
    referral_create,
    referral_decline,
    referral_send,
    referral_steps,
    step_deadlines,
)
from tests.conftest import World, refusal
from uptdppa.accounts.models import Organisation

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _sent(world: World, *, urgency: str = ReferralUrgency.NORMAL, services: list[str] | None = None) -> Referral:
    victim = world.case_a.people.filter(role="korban").first()
    consent_record(
        actor=world.manajer, victim=victim, basis=LegalBasis.CONSENT, given_on=date(2026, 1, 2), consent_given_by="Ibu"
    )
    referral = referral_create(
        actor=world.manajer,
        case=world.case_a,
        victims=[victim],
        organisation=Organisation.objects.get(name="Dinas Sosial Kota Jambi"),
        services=services or [ServiceType.REHABILITASI_SOSIAL],
        reason="Perlu rehabilitasi.",
        urgency=urgency,
        shared_fields=list(DEFAULT_SHARED_FIELDS),
    )
    return referral_send(actor=world.manajer, referral=referral)


@override_settings(
    REFERRAL_DUE_DAYS={"darurat": 1, "tinggi": 3, "biasa": 7},
    REFERRAL_FIRST_SERVICE_DAYS={"darurat": 1, "tinggi": 2, "biasa": 5},
    REFERRAL_COMPLETE_DAYS={"darurat": 10, "tinggi": 20, "biasa": 40},
    REFERRAL_COMPLETE_DAYS_BY_SERVICE={"penegakan_hukum": 90, "kesehatan": 5},
)
def test_each_step_has_its_deadline_by_urgency_and_the_longest_service(world: World) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        high = _sent(world, urgency=ReferralUrgency.HIGH, services=[ServiceType.KESEHATAN])
        legal = _sent(world, services=[ServiceType.KESEHATAN, ServiceType.PENEGAKAN_HUKUM])
    deadlines = step_deadlines(high)
    assert deadlines is not None
    # Not accepted yet: the first service is due once accepted; a short service keeps the urgency's time.
    assert (deadlines.accept_by, deadlines.first_service_by, deadlines.complete_by) == (
        date(2026, 3, 5),
        None,
        date(2026, 3, 22),
    )
    assert high.due_on == deadlines.accept_by  # the "respond by" date is the answer's deadline
    with time_machine.travel(datetime(2026, 3, 4, 23, 30, tzinfo=WIB), tick=False):
        referral_accept(actor=world.penghubung, referral=high)
    high.refresh_from_db()
    assert step_deadlines(high).first_service_by == date(2026, 3, 6)  # type: ignore[union-attr]
    assert step_deadlines(legal).complete_by == date(2026, 3, 2) + timedelta(days=90)  # type: ignore[union-attr]


def test_the_first_action_is_the_first_service_and_late_steps_are_marked(world: World) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        referral = _sent(world)  # biasa: answer by 9 March, first service 7 days after acceptance
    with time_machine.travel(datetime(2026, 3, 11, 10, tzinfo=WIB), tick=False):
        referral_accept(actor=world.penghubung, referral=referral)  # two days late
    with time_machine.travel(datetime(2026, 3, 13, 10, tzinfo=WIB), tick=False):
        referral_action_add(actor=world.penghubung, referral=referral, date=date(2026, 3, 12), action="Kunjungan")
    first = Referral.objects.get(pk=referral.pk).first_service_at
    assert first == datetime(2026, 3, 13, 10, tzinfo=WIB)
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=WIB), tick=False):
        referral_action_add(actor=world.penghubung, referral=referral, date=date(2026, 3, 20), action="Kunjungan 2")
    referral.refresh_from_db()
    assert referral.first_service_at == first  # the first one stays
    steps = {step.kind: step for step in referral_steps(referral, as_of=datetime(2026, 3, 21, tzinfo=WIB))}
    assert steps[StepKind.ANSWER].late and steps[StepKind.ANSWER].done_at is not None
    assert not steps[StepKind.FIRST_SERVICE].late and steps[StepKind.FIRST_SERVICE].due == date(2026, 3, 18)
    assert steps[StepKind.COMPLETION].done_at is None and not steps[StepKind.COMPLETION].late
    # As of a moment before the answer, nothing was done and the answer was already late.
    earlier = {step.kind: step for step in referral_steps(referral, as_of=datetime(2026, 3, 10, 12, tzinfo=WIB))}
    assert earlier[StepKind.ANSWER].done_at is None and earlier[StepKind.ANSWER].late
    assert earlier[StepKind.FIRST_SERVICE].due is None


def test_decline_and_outcome_are_codes_and_bad_input_is_refused(world: World) -> None:
    referral = _sent(world)
    assert "reason_code" in refusal(referral_decline, actor=world.penghubung, referral=referral, reason_code="")
    assert "reason" in refusal(referral_decline, actor=world.penghubung, referral=referral, reason_code="other")
    declined = referral_decline(actor=world.penghubung, referral=referral, reason_code=DeclineReason.NO_CAPACITY)
    assert (declined.status, declined.decline_reason_code, declined.decline_reason) == ("declined", "no_capacity", None)
    assert [step.kind for step in referral_steps(declined)] == [StepKind.ANSWER]

    other = _sent(world)
    referral_accept(actor=world.penghubung, referral=other)
    errors = refusal(referral_complete, actor=world.penghubung, referral=other, outcome_code="bogus", outcome="")
    assert {"outcome_code", "outcome"} <= set(errors)
    done = referral_complete(
        actor=world.penghubung, referral=other, outcome_code=ReferralOutcome.REFERRED_ONWARD, outcome="Ke RSUD."
    )
    assert (done.status, done.outcome_code) == (ReferralStatus.COMPLETED, "referred_onward")


def test_the_pages_show_the_steps_and_keep_what_was_typed(world: World, client) -> None:  # type: ignore[no-untyped-def]
    referral = _sent(world)
    client.force_login(world.penghubung)
    page = client.get(reverse("referrals:inbox-detail", args=[referral.code])).content.decode()
    assert 'id="referral-steps"' in page and "step-answer" in page
    response = client.post(reverse("referrals:decline", args=[referral.code]), {"reason_code": "other", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["decline_form"].errors
    assert response.context["decline_form"]["reason_code"].value() == "other"
    client.force_login(world.manajer)
    staff = client.get(reverse("referrals:detail", args=[referral.code])).content.decode()
    assert 'id="referral-steps"' in staff


def test_the_migration_backfills_the_first_service_and_the_code_of_old_declines(world: World) -> None:
    worked = _sent(world)
    referral_accept(actor=world.penghubung, referral=worked)
    action = referral_action_add(actor=world.penghubung, referral=worked, date=date.today(), action="Kunjungan")
    old = _sent(world)
    referral_decline(actor=world.penghubung, referral=old, reason_code="no_capacity")
    Referral.objects.filter(pk=worked.pk).update(first_service_at=None)
    Referral.objects.filter(pk=old.pk).update(decline_reason_code="")
    importlib.import_module("referrals.migrations.0006_referral_steps").backfill(apps, None)
    assert Referral.objects.get(pk=worked.pk).first_service_at == action.created_at
    assert Referral.objects.get(pk=old.pk).decline_reason_code == "other"
