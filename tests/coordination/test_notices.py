"""Reminders and escalation of action items: the daily job, idempotent, codes and dates only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from coordination.services import action_item_deadline_notices
from coordination.tasks import send_action_item_deadline_notices
from uptdppa.accounts.models import Notification

from .records import held_conference

pytestmark = pytest.mark.django_db


def test_reminders_before_the_due_date_and_escalation_after_each_once_a_day(world):
    held = held_conference(world)
    due = held.item_a.due_on
    Notification.objects.all().delete()
    reminded, _ = action_item_deadline_notices(today=due - timedelta(days=1))
    assert reminded >= 1
    assert action_item_deadline_notices(today=due - timedelta(days=1)) == (0, 0)  # the same day again: nothing
    reminder = Notification.objects.get(recipient=world.penghubung, message__contains="is due on")
    assert reminder.params == {"due": due.isoformat(), "source": world.case_a.register_number}
    late = due + timedelta(days=1)
    _, escalated = action_item_deadline_notices(today=late)
    assert escalated == 2  # both items are overdue by then
    assert action_item_deadline_notices(today=late) == (0, 0)
    escalation = Notification.objects.filter(recipient=world.kepala, message__contains="overdue").first()
    assert escalation is not None
    assert Notification.objects.filter(recipient=world.manajer, message__contains="overdue").exists()


def test_rsuds_item_without_an_officer_reminds_its_liaisons(world):
    held = held_conference(world)
    Notification.objects.all().delete()
    action_item_deadline_notices(today=held.item_b.due_on)
    assert Notification.objects.filter(recipient=held.rsud_liaison, message__contains="is due on").exists()
    assert not Notification.objects.filter(recipient=world.penghubung, message__contains="is due on").exists()


def test_no_notification_of_a_conference_names_anyone(world):
    held_conference(world)
    action_item_deadline_notices(today=timezone.localdate() + timedelta(days=30))
    names = [p.full_name for p in world.case_a.people.all()]
    names += [u.get_full_name() for u in (world.manajer, world.penghubung, world.psikolog)]
    for notification in Notification.objects.all():
        text = notification.message + str(notification.params)
        assert not any(name and name in text for name in names)


def test_the_job_is_scheduled_daily_and_runs(world):
    entry = settings.CELERY_BEAT_SCHEDULE["send-action-item-deadline-notices"]
    assert entry["task"] == "coordination.tasks.send_action_item_deadline_notices"
    assert send_action_item_deadline_notices() == [0, 0]
