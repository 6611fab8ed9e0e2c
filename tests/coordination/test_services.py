"""The services of case conferences, action items and task-force meetings, and their rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import CaseEvent, EventKind, PersonRole
from cases.selectors.tasks import tasks_for_user
from cases.services import person_restriction_set
from coordination.models import ActionItem, ActionItemStatus, ConferenceStatus, SharingBasis
from coordination.selectors import task_force_meeting_count
from coordination.services import (
    action_item_add,
    action_item_update,
    attendance_set,
    conference_cancel,
    conference_hold,
    conference_sharing_refusal,
    meeting_record,
)
from uptdppa.accounts.models import Notification, Organisation

from .records import DINSOS, consent_all, held_conference, schedule

pytestmark = pytest.mark.django_db


def test_the_head_and_the_case_manager_schedule_and_nobody_else(world):
    assert schedule(world, actor=world.manajer).status == ConferenceStatus.SCHEDULED
    assert schedule(world, actor=world.kepala).status == ConferenceStatus.SCHEDULED
    for user in (world.psikolog, world.hukum, world.manajer_lain, world.penghubung):
        with pytest.raises(PermissionDenied):
            schedule(world, actor=user)


def test_scheduling_refuses_a_past_time_no_place_and_chairs_outside_the_team(world):
    from coordination.services import conference_schedule

    with pytest.raises(ValidationError) as caught:
        conference_schedule(
            actor=world.manajer,
            case=world.case_a,
            scheduled_at=timezone.now() - timedelta(days=1),
            chair=world.manajer_lain,
            note_taker=world.penghubung,
        )
    assert set(caught.value.message_dict) == {"scheduled_at", "place", "chair", "note_taker"}


def test_the_invitation_shows_the_case_code_and_the_time_never_a_name(world):
    conference = schedule(world)
    sent = list(Notification.objects.filter(message__startswith="Invitation to a case conference"))
    recipients = {n.recipient_id for n in sent}
    assert world.penghubung.pk in recipients and world.psikolog.pk in recipients
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    for notification in sent:
        assert notification.params["case"] == world.case_a.register_number
        assert set(notification.params) == {"case", "when"}
        assert victim.full_name not in str(notification.params)
    assert CaseEvent.objects.filter(case=world.case_a, kind=EventKind.CONFERENCE_SCHEDULED).exists()
    assert conference.attendance.count() == 4  # the manager, the psychologist, Dinsos and RSUD


def test_a_conference_cannot_be_held_while_sharing_is_blocked_without_the_heads_override(world):
    conference = schedule(world)
    assert conference_sharing_refusal(world.case_a)
    with pytest.raises(ValidationError) as caught:
        conference_hold(actor=world.manajer, conference=conference, summary="Ringkasan.", override_reason="Darurat.")
    assert "override_reason" in caught.value.message_dict
    with pytest.raises(ValidationError):
        conference_hold(actor=world.kepala, conference=conference, summary="Ringkasan.")
    held = conference_hold(
        actor=world.kepala, conference=conference, summary="Ringkasan.", override_reason="Anak dalam bahaya."
    )
    assert held.sharing_basis == SharingBasis.HEAD_OVERRIDE
    assert held.head_override_by == world.kepala and held.head_override_at is not None
    assert CaseEvent.objects.filter(kind=EventKind.CONFERENCE_SHARING_OVERRIDDEN).count() == 1


def test_a_restricted_victim_blocks_the_sharing_even_with_consent(world):
    consent_all(world.case_a, world.manajer)
    assert conference_sharing_refusal(world.case_a) is None
    victim = world.case_a.people.get(role=PersonRole.VICTIM)
    person_restriction_set(actor=world.kepala, person=victim, restricted=True)
    assert conference_sharing_refusal(world.case_a)


def test_with_consent_the_conference_is_held_on_that_basis(world):
    consent_all(world.case_a, world.manajer)
    held = conference_hold(actor=world.manajer, conference=schedule(world), summary="Ringkasan.")
    assert held.sharing_basis == SharingBasis.CONSENT_OR_BASIS
    assert held.status == ConferenceStatus.HELD


def test_decisions_and_items_only_once_held_and_for_invited_organisations(world):
    conference = schedule(world, orgs=[DINSOS])
    dinsos = Organisation.objects.get(name=DINSOS)
    kwargs = dict(
        actor=world.manajer, conference=conference, organisation=dinsos, title="Kunjungan", due_on=timezone.localdate()
    )
    with pytest.raises(ValidationError):
        action_item_add(**kwargs)
    consent_all(world.case_a, world.manajer)
    conference_hold(actor=world.manajer, conference=conference, summary="Ringkasan.")
    conference.refresh_from_db()
    kwargs["conference"] = conference
    assert action_item_add(**kwargs).status == ActionItemStatus.OPEN
    rsud = Organisation.objects.get(name="RSUD H. Abdul Manap")
    with pytest.raises(ValidationError) as caught:
        action_item_add(**{**kwargs, "organisation": rsud})
    assert "organisation" in caught.value.message_dict


def test_who_updates_an_action_item(world):
    held = held_conference(world)
    with pytest.raises(PermissionDenied):
        action_item_update(actor=held.rsud_liaison, item=held.item_a, status=ActionItemStatus.DONE)
    with pytest.raises(PermissionDenied):
        action_item_update(actor=world.psikolog, item=held.item_a, status=ActionItemStatus.DONE)
    with pytest.raises(ValidationError):  # a liaison does not cancel
        action_item_update(actor=world.penghubung, item=held.item_a, status=ActionItemStatus.CANCELLED, note="x")
    done = action_item_update(actor=world.penghubung, item=held.item_a, status=ActionItemStatus.DONE, note="Selesai.")
    assert done.status == ActionItemStatus.DONE and done.done_at and done.done_by == world.penghubung
    with pytest.raises(PermissionDenied):  # no longer open
        action_item_update(actor=world.kepala, item=done, status=ActionItemStatus.DONE)
    cancelled = action_item_update(
        actor=world.manajer, item=held.item_b, status=ActionItemStatus.CANCELLED, note="Tidak perlu."
    )
    assert cancelled.status == ActionItemStatus.CANCELLED


def test_the_database_keeps_one_source_and_done_with_its_time(world):
    held = held_conference(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=held.item_a.pk).update(status=ActionItemStatus.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=held.item_a.pk).update(conference=None)


def test_a_liaison_records_their_own_organisations_attendance_only(world):
    held = held_conference(world)
    row_a = held.conference.attendance.get(organisation=held.dinsos)
    row_b = held.conference.attendance.get(organisation=held.rsud)
    assert attendance_set(actor=world.penghubung, attendance=row_a, present=True).present
    with pytest.raises(ValidationError):
        attendance_set(actor=world.penghubung, attendance=row_b, present=True)
    with pytest.raises(ValidationError):
        attendance_set(actor=world.psikolog, attendance=row_b, present=True)


def test_cancelling_tells_the_invited(world):
    conference = schedule(world)
    Notification.objects.all().delete()
    conference_cancel(actor=world.manajer, conference=conference)
    assert Notification.objects.filter(recipient=world.penghubung, message__contains="was cancelled").exists()
    with pytest.raises(PermissionDenied):
        conference_cancel(actor=world.manajer, conference=conference)


def test_the_task_force_meeting_register_counts_the_years_meetings(world):
    dinsos = Organisation.objects.get(name=DINSOS)
    with pytest.raises(PermissionDenied):
        meeting_record(actor=world.manajer, held_on=timezone.localdate(), summary="Rapat.")
    with pytest.raises(ValidationError) as caught:
        meeting_record(actor=world.kepala, held_on=timezone.localdate() + timedelta(days=1), summary="")
    assert set(caught.value.message_dict) == {"held_on", "summary"}
    meeting = meeting_record(
        actor=world.kepala,
        held_on=timezone.localdate(),
        summary="Rapat koordinasi.",
        invited=[dinsos],
        present=[dinsos],
    )
    assert meeting.attendance.get().present
    item = action_item_add(
        actor=world.kepala, meeting=meeting, organisation=dinsos, title="Data rujukan", due_on=timezone.localdate()
    )
    assert Notification.objects.filter(recipient=world.penghubung, message__contains="task-force meeting").exists()
    assert item.meeting == meeting
    assert task_force_meeting_count(year=timezone.localdate().year) == 1


def test_action_items_and_the_next_review_land_in_my_tasks(world):
    held = held_conference(world)
    action_item_add(
        actor=world.manajer,
        conference=held.conference,
        organisation=Organisation.objects.get(kind="uptd_ppa"),
        assignee=world.psikolog,
        title="Sesi konseling",
        due_on=timezone.localdate() + timedelta(days=1),
    )
    kinds = [task.kind for task in tasks_for_user(user=world.psikolog)]
    assert "action_item" in kinds
    # The next review (30 days ahead) is beyond the tasks' horizon until it comes near.
    later = timezone.now() + timedelta(days=29)
    assert "conference_review" in [task.kind for task in tasks_for_user(user=world.manajer, now=later)]
    schedule(world)  # the next conference is scheduled: the review is done
    assert "conference_review" not in [task.kind for task in tasks_for_user(user=world.manajer, now=later)]
