"""Closure and post-closure monitoring (issue 4 item 10): the closure request and its checks, the
head's decision, the read-only closed case, reopening, follow-ups and their reminders. One rule
per test."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from cases.closure_checks import register_closure_check, unregister_closure_check
from cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    ClosureRequest,
    ClosureStatus,
    EventKind,
    MediationDisputeKind,
    MonitoringFollowUp,
    PersonRole,
    PlanItemStatus,
)
from cases.selectors import monitoring_follow_ups_due
from cases.services import (
    case_reopen,
    case_team_add,
    closure_approve,
    closure_request,
    closure_return,
    mediation_open,
    monitoring_follow_up_record,
    person_add,
    person_update,
    plan_approve,
    plan_item_add,
    plan_item_set_status,
    plan_submit,
    shelter_admit,
    shelter_discharge,
)
from cases.services.closure import add_months
from cases.services.common import require_open_registered
from cases.tasks import send_monitoring_reminders
from cases.vocabularies import ServiceType
from tests.conftest import refusal
from uptdppa.accounts.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SUMMARY = "Korban sudah kembali bersekolah dan tinggal bersama neneknya."
OUTCOME = "Korban dalam keadaan baik, tidak ada kekerasan berulang."
CASES = ("case_a", "case_b", "intake_c", "intake_d")


def request_closure(world, **kwargs):
    values = {"actor": world.manajer, "case": world.case_a, "reason": ClosureReason.NEEDS_MET, "summary": SUMMARY}
    return closure_request(**(values | kwargs))


def closed_case(world):
    """case_a, closed through the workflow; returned fresh from the database."""
    closure_approve(actor=world.kepala, request=request_closure(world))
    return Case.objects.get(pk=world.case_a.pk)


def approved_plan_item(world):
    item = plan_item_add(
        actor=world.manajer,
        case=world.case_a,
        service=ServiceType.KESEHATAN,
        description="Pemeriksaan kesehatan",
        due_on=TODAY() + timedelta(days=7),
        responsible_user=world.manajer,
    )
    plan_submit(actor=world.manajer, plan=item.plan, made_with_beneficiary=True)
    plan_approve(actor=world.kepala, plan=item.plan)
    return item


def victim_of(case):
    return person_add(actor=None, case=case, role=PersonRole.VICTIM, nickname="Ani").person


def permitted(world, user, perm):
    return {name for name in CASES if user.has_perm(perm, getattr(world, name))}


def stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test constants
        return cursor.fetchone()[0]


# --- The request ------------------------------------------------------------------------------


def test_the_case_manager_requests_closure_with_a_reason_and_a_summary(world):
    request = request_closure(world)
    assert request.status == ClosureStatus.REQUESTED and request.requested_by == world.manajer
    event = world.case_a.events.get(kind=EventKind.CLOSURE_REQUESTED)
    assert event.data == {"request": str(request.code), "reason": ClosureReason.NEEDS_MET}
    assert Case.objects.get(pk=world.case_a.pk).status == CaseStatus.OPEN


def test_the_closure_summary_is_encrypted(world):
    request = request_closure(world)
    assert "sekolah" not in str(stored("cases_closurerequest", "summary", request.pk))
    request.refresh_from_db()
    assert request.summary == SUMMARY


def test_a_closure_request_needs_a_known_reason_and_a_summary(world):
    errors = refusal(request_closure, world=world, reason="bosan", summary="  ")
    assert set(errors) == {"reason", "summary"}


def test_only_an_open_case_can_be_asked_to_close(world):
    for case in (world.intake_c, world.intake_d):
        with pytest.raises(ValidationError):
            request_closure(world, case=case)
    assert not ClosureRequest.objects.exists()


def test_only_one_closure_request_awaits_a_decision_at_a_time(world):
    request_closure(world)
    with pytest.raises(ValidationError):
        request_closure(world)
    assert ClosureRequest.objects.count() == 1


def test_the_database_keeps_one_open_closure_request_per_case(world):
    first = request_closure(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureRequest.objects.create(
            case=world.case_a, requested_at=timezone.now(), reason=first.reason, summary=SUMMARY
        )


def test_closure_is_refused_while_plan_items_are_neither_done_nor_waived(world):
    item = approved_plan_item(world)
    assert refusal(request_closure, world=world)["__all__"]
    plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.WAIVED, waive_reason="Tidak perlu")
    assert request_closure(world).pk


def test_closure_is_allowed_once_every_plan_item_is_done(world):
    item = approved_plan_item(world)
    plan_item_set_status(actor=world.manajer, item=item, status=PlanItemStatus.DONE)
    assert request_closure(world).pk


def test_closure_is_refused_while_a_shelter_stay_is_active(world):
    stay = shelter_admit(actor=world.manajer, victim=victim_of(world.case_a), place="RPS", admitted_on=TODAY())
    assert refusal(request_closure, world=world)["__all__"]
    shelter_discharge(actor=world.manajer, stay=stay, discharged_on=TODAY())
    assert request_closure(world).pk


def test_closure_is_refused_by_a_registered_closure_check_with_its_message(world):
    def referrals_open(case):
        return "Referrals are still open." if case.pk == world.case_a.pk else None

    register_closure_check(referrals_open)
    try:
        assert "Referrals are still open." in refusal(request_closure, world=world)["__all__"]
        assert request_closure(world, case=world.case_b).pk  # the check lets other cases through
    finally:
        unregister_closure_check(referrals_open)
    assert request_closure(world).pk


def test_registering_a_closure_check_twice_runs_it_once(world):
    def objects(case):
        return "No."

    register_closure_check(objects)
    register_closure_check(objects)
    try:
        assert refusal(request_closure, world=world)["__all__"] == ["No."]
    finally:
        unregister_closure_check(objects)


# --- The decision -----------------------------------------------------------------------------


def test_an_approved_closure_closes_the_case_and_schedules_follow_ups_at_1_3_and_6_months(world):
    request = closure_approve(actor=world.kepala, request=request_closure(world))
    case = Case.objects.get(pk=world.case_a.pk)
    assert request.status == ClosureStatus.APPROVED and request.decided_by == world.kepala
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    today = TODAY()
    assert list(case.monitoring_follow_ups.values_list("due_on", flat=True)) == [
        add_months(today, 1),
        add_months(today, 3),
        add_months(today, 6),
    ]
    event = case.events.get(kind=EventKind.CLOSURE_APPROVED)
    assert len(event.data["follow_ups"]) == 3 and SUMMARY not in str(event.data)


def test_the_follow_up_months_come_from_the_settings(world, settings):
    settings.MONITORING_FOLLOW_UP_MONTHS = [2, 12]
    case = closed_case(world)
    assert case.monitoring_follow_ups.count() == 2


def test_months_are_added_to_the_end_of_a_shorter_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_the_closure_checks_run_again_at_approval(world):
    request = request_closure(world)
    shelter_admit(actor=world.manajer, victim=victim_of(world.case_a), place="RPS", admitted_on=TODAY())
    assert refusal(closure_approve, actor=world.kepala, request=request)["__all__"]
    assert Case.objects.get(pk=world.case_a.pk).status == CaseStatus.OPEN


def test_only_the_head_approves_a_closure(world):
    request = request_closure(world)
    with pytest.raises(ValidationError):
        closure_approve(actor=world.manajer, request=request)
    request.refresh_from_db()
    assert request.status == ClosureStatus.REQUESTED


def test_a_decided_request_cannot_be_decided_again(world):
    request = closure_approve(actor=world.kepala, request=request_closure(world))
    with pytest.raises(ValidationError):
        closure_return(actor=world.kepala, request=request, comment="Lengkapi dulu")


def test_returning_a_closure_request_needs_a_comment(world):
    request = request_closure(world)
    assert "comment" in refusal(closure_return, actor=world.kepala, request=request, comment=" ")
    request = closure_return(actor=world.kepala, request=request, comment="Lengkapi rujukan lanjutan.")
    assert request.status == ClosureStatus.RETURNED
    assert Case.objects.get(pk=world.case_a.pk).status == CaseStatus.OPEN
    assert world.case_a.events.filter(kind=EventKind.CLOSURE_RETURNED).exists()
    assert request_closure(world).pk  # a new request may follow


def test_only_the_head_returns_a_closure_request(world):
    with pytest.raises(ValidationError):
        closure_return(actor=world.manajer, request=request_closure(world), comment="Belum")


# --- The closed case --------------------------------------------------------------------------


def test_a_closed_case_is_read_only_a_person_edit_is_refused(world):
    case = closed_case(world)
    person = case.people.first()
    with translation.override("en"):
        message = refusal(person_update, actor=world.manajer, person=person, nickname="Ani")["__all__"][0]
    assert "reopen" in message
    with pytest.raises(ValidationError):
        person_add(actor=world.manajer, case=case, role=PersonRole.VICTIM, nickname="Ani")


def test_no_team_member_is_added_to_a_closed_case(world):
    case = closed_case(world)
    with pytest.raises(ValidationError):
        case_team_add(actor=world.kepala, case=case, user=world.manajer_lain, team_role="pendamping")


@pytest.mark.parametrize("status", list(CaseStatus))
def test_only_an_open_case_is_open_and_registered_and_the_refusal_says_which_it_is_not(status):
    case = Case(status=status)
    if status == CaseStatus.OPEN:
        require_open_registered(case)
        return
    named = refusal(require_open_registered, case=case, not_registered="not registered", closed="closed")
    assert named == {"__all__": ["closed" if status == CaseStatus.CLOSED else "not registered"]}
    with translation.override("en"):
        general = refusal(require_open_registered, case=case)["__all__"][0]
    assert ("reopen" in general) == (status == CaseStatus.CLOSED)


def test_each_write_on_an_open_registered_case_refuses_a_complaint_and_a_closed_case_in_its_own_words(world):
    """Mediation, shelter and the plan go through require_open_registered and keep their messages."""
    perpetrator = person_add(
        actor=world.manajer, case=world.case_a, role=PersonRole.PERPETRATOR, nickname="Budi"
    ).person
    writes = {
        "Mediation is opened on a registered case that is still open.": lambda case, victim: mediation_open(
            actor=world.kepala,
            case=case,
            victim=victim,
            perpetrator=perpetrator,
            dispute_kind=MediationDisputeKind.CIVIL_FAMILY,
            mediator=world.kepala,
        ),
        "Shelter is arranged for a registered case that is still open.": lambda case, victim: shelter_admit(
            actor=world.kepala, victim=victim, place="Rumah aman", admitted_on=TODAY()
        ),
        "The intervention plan is made for an open case.": lambda case, victim: plan_item_add(
            actor=world.kepala,
            case=case,
            service=ServiceType.KESEHATAN,
            description="Pemeriksaan",
            due_on=TODAY(),
            responsible_user=world.manajer,
        ),
    }
    complaint = world.intake_c
    closed = closed_case(world)
    for case in (complaint, closed):
        victim = case.people.get(role=PersonRole.VICTIM)
        for message, write in writes.items():
            with translation.override("en"), pytest.raises(ValidationError) as err:
                write(case, victim)
            assert err.value.messages == [message], (case.status, message)


def test_a_closed_case_runs_no_police_report_clock(world):
    Case.objects.filter(pk=world.case_a.pk).update(police_report_due_at=timezone.now())
    assert closed_case(world).police_report_due_at is None


def test_the_head_reopens_a_closed_case_with_a_reason(world):
    case = closed_case(world)
    reason = "Kekerasan berulang dilaporkan oleh sekolah."
    case = case_reopen(actor=world.kepala, case=case, reason=reason)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_at is None
    closure = ClosureRequest.objects.get(case=case)
    assert closure.reopen_reason == reason and closure.reopened_by == world.kepala
    assert "berulang" not in str(stored("cases_closurerequest", "reopen_reason", closure.pk))
    event = case.events.get(kind=EventKind.CASE_REOPENED)
    assert event.data["request"] == str(closure.code) and reason not in str(event.data)
    # Open again: writable, and the pending follow-ups are cancelled.
    assert person_update(actor=world.manajer, person=case.people.first(), nickname="Ani").person.nickname == "Ani"
    assert not case.monitoring_follow_ups.exists()


def test_reopening_needs_a_reason(world):
    case = closed_case(world)
    assert "reason" in refusal(case_reopen, actor=world.kepala, case=case, reason="  ")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_only_the_head_reopens_a_case(world):
    case = closed_case(world)
    with pytest.raises(ValidationError):
        case_reopen(actor=world.manajer, case=case, reason="Kekerasan berulang")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_only_a_closed_case_is_reopened(world):
    with pytest.raises(ValidationError):
        case_reopen(actor=world.kepala, case=world.case_a, reason="Kekerasan berulang")


def test_a_reopened_case_can_be_closed_again_with_new_follow_ups(world):
    case = case_reopen(actor=world.kepala, case=closed_case(world), reason="Kekerasan berulang")
    closure_approve(actor=world.kepala, request=request_closure(world, case=case))
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert MonitoringFollowUp.objects.filter(case=case).count() == len(settings.MONITORING_FOLLOW_UP_MONTHS)


# --- Monitoring -------------------------------------------------------------------------------


def test_a_follow_up_is_recorded_on_a_closed_case_with_its_outcome(world):
    case = closed_case(world)
    follow_up = case.monitoring_follow_ups.first()
    follow_up = monitoring_follow_up_record(actor=world.manajer, follow_up=follow_up, done_on=TODAY(), outcome=OUTCOME)
    assert follow_up.is_done and follow_up.recorded_by == world.manajer
    assert "kekerasan" not in str(stored("cases_monitoringfollowup", "outcome", follow_up.pk))
    event = case.events.get(kind=EventKind.MONITORING_FOLLOW_UP)
    assert OUTCOME not in str(event.data)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_follow_up_needs_an_outcome_and_a_date_not_in_the_future(world):
    follow_up = closed_case(world).monitoring_follow_ups.first()
    errors = refusal(
        monitoring_follow_up_record,
        actor=world.manajer,
        follow_up=follow_up,
        done_on=TODAY() + timedelta(days=1),
        outcome="",
    )
    assert set(errors) == {"done_on", "outcome"}


def test_a_follow_up_is_recorded_once(world):
    follow_up = closed_case(world).monitoring_follow_ups.first()
    monitoring_follow_up_record(actor=world.manajer, follow_up=follow_up, done_on=TODAY(), outcome=OUTCOME)
    with pytest.raises(ValidationError):
        monitoring_follow_up_record(actor=world.manajer, follow_up=follow_up, done_on=TODAY(), outcome=OUTCOME)


def test_follow_ups_are_due_within_7_days_or_overdue(world):
    case = closed_case(world)
    first = case.monitoring_follow_ups.order_by("due_on").first()
    assert not monitoring_follow_ups_due().exists()
    assert list(monitoring_follow_ups_due(today=first.due_on - timedelta(days=7))) == [first]
    assert first in monitoring_follow_ups_due(today=first.due_on + timedelta(days=30))
    assert not monitoring_follow_ups_due(user=world.manajer_lain, today=first.due_on).exists()


def _at_seven(day):
    return datetime(day.year, day.month, day.day, 7, tzinfo=timezone.get_current_timezone())


def test_the_reminder_task_notifies_the_case_manager_once_a_day(world, time_machine):
    case = closed_case(world)
    first = case.monitoring_follow_ups.order_by("due_on").first()
    time_machine.move_to(_at_seven(first.due_on - timedelta(days=3)))
    assert send_monitoring_reminders() == 1
    notes = Notification.objects.filter(recipient=world.manajer, params__case=case.label, params__has_key="due")
    assert notes.count() == 1 and notes.get().params == {"case": case.label, "due": first.due_on.isoformat()}
    assert not Notification.objects.filter(recipient__in=[world.psikolog, world.hukum]).filter(
        params__due=first.due_on.isoformat()
    )
    # The same day again: nothing more. The next day: one more reminder.
    assert send_monitoring_reminders() == 0
    assert notes.count() == 1
    time_machine.move_to(_at_seven(first.due_on - timedelta(days=2)))
    assert send_monitoring_reminders() == 1
    assert notes.count() == 2


def test_the_reminder_task_skips_follow_ups_done_or_not_yet_due(world, time_machine):
    case = closed_case(world)
    first, second = case.monitoring_follow_ups.order_by("due_on")[:2]
    time_machine.move_to(_at_seven(first.due_on))
    monitoring_follow_up_record(actor=world.manajer, follow_up=first, done_on=first.due_on, outcome=OUTCOME)
    assert second.due_on > first.due_on + timedelta(days=7)
    assert send_monitoring_reminders() == 0


def test_the_reminder_goes_to_the_head_when_the_case_has_no_manager(world, time_machine):
    case = closed_case(world)
    case.team.filter(user=world.manajer).delete()
    first = case.monitoring_follow_ups.order_by("due_on").first()
    time_machine.move_to(_at_seven(first.due_on + timedelta(days=1)))
    assert send_monitoring_reminders() == 1
    assert Notification.objects.filter(recipient=world.kepala, params__case=case.label, params__has_key="due").exists()


def test_the_reminder_job_runs_daily_at_seven_wib():
    entry = settings.CELERY_BEAT_SCHEDULE["send-monitoring-reminders"]
    assert entry["task"] == "cases.tasks.send_monitoring_reminders"
    schedule = entry["schedule"]
    assert schedule.hour == {7} and schedule.minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"


# --- Permissions ------------------------------------------------------------------------------


def test_the_head_and_the_case_manager_on_the_team_may_request_closure(world):
    assert permitted(world, world.kepala, "cases.request_closure") == {"case_a", "case_b"}
    assert permitted(world, world.manajer, "cases.request_closure") == {"case_a"}
    for user in (world.psikolog, world.hukum, world.manajer_lain, world.pengaduan, world.operator):
        assert not permitted(world, user, "cases.request_closure")


def test_only_the_head_approves_closure_and_reopens(world):
    for user in world.users.values():
        expected = user == world.kepala
        assert bool(permitted(world, user, "cases.approve_closure")) == expected
    closed = closed_case(world)
    assert world.kepala.has_perm("cases.reopen_case", closed)
    assert not world.manajer.has_perm("cases.reopen_case", closed)
    assert not world.kepala.has_perm("cases.reopen_case", world.case_b)
    assert not world.kepala.has_perm("cases.approve_closure", closed)


def test_the_head_and_the_team_record_follow_ups_on_a_closed_case(world):
    closed = closed_case(world)
    for user in (world.kepala, world.manajer, world.psikolog, world.hukum):
        assert user.has_perm("cases.record_follow_up", closed)
    for user in (world.manajer_lain, world.pengaduan, world.operator, world.pimpinan):
        assert not user.has_perm("cases.record_follow_up", closed)
