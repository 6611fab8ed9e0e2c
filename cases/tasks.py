"""Celery tasks of cases: take ids, re-fetch, call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from uptdppa.accounts.models import User
from uptdppa.accounts.selectors import active_heads
from uptdppa.accounts.services import notify

from .access import CASE_ROLES
from .models import MonitoringFollowUp, TeamRole
from .selectors import monitoring_follow_ups_due
from .selectors.tasks import tasks_for_user

logger = logging.getLogger(__name__)


@shared_task
def send_monitoring_reminders() -> int:
    """Remind case managers of post-closure follow-ups due within 7 days or overdue (daily at
    07:00 WIB, beat). Each follow-up is reminded at most once a day (``reminded_on``), so running
    it again the same day sends nothing. Returns how many follow-ups were reminded."""
    today = timezone.localdate()
    reminded = 0
    due = monitoring_follow_ups_due(today=today).exclude(reminded_on=today)
    for follow_up in due:
        with transaction.atomic():
            # Claim the follow-up for today first: two workers at once remind it only once.
            claimed = (
                MonitoringFollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True)
                .exclude(reminded_on=today)
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            case = follow_up.case
            recipients: list[User] = [
                member.user for member in case.team.all() if member.team_role == TeamRole.MANAJER_KASUS
            ]
            # A case without a manager (e.g. they left the unit): the head assigns the follow-up.
            if not [user for user in recipients if user.is_active]:
                recipients = list(active_heads())
            overdue = follow_up.due_on < today
            notify(
                recipients=recipients,
                message=gettext_noop("A post-closure follow-up of case %(case)s is overdue (due %(due)s).")
                if overdue
                else gettext_noop("A post-closure follow-up of case %(case)s is due on %(due)s."),
                params={"case": case.label, "due": follow_up.due_on.isoformat()},
                url=reverse("cases:detail", args=[case.code]),
            )
            reminded += 1
    logger.info("monitoring reminders sent follow_ups=%s", reminded)
    return reminded


@shared_task
def send_overdue_digest() -> int:
    """Tell each active staff member who works with cases how many of their tasks are overdue,
    in the app and by e-mail (daily at 07:15 WIB, beat). The message holds a count and a link to
    the tasks page only. Keyed by the day: a rerun, or a second worker, notifies nobody twice.
    Returns how many users were notified (by this run). The tasks are read per user (at most
    seven queries each, whatever their number): the unit has tens of staff, not thousands."""
    today = timezone.localdate()
    now = timezone.now()
    notified = 0
    for user in User.objects.filter(is_active=True, role__in=sorted(CASE_ROLES)).order_by("pk"):
        overdue = sum(1 for task in tasks_for_user(user=user, now=now) if task.overdue)
        if not overdue:
            continue
        with transaction.atomic():
            created = notify(
                recipients=[user],
                message=gettext_noop("Overdue tasks on your cases: %(count)s. Open your task list."),
                params={"count": overdue},
                url=reverse("cases:tasks"),
                key=f"digest:{today.isoformat()}",
            )
        notified += bool(created)
    logger.info("overdue digest sent users=%s", notified)
    return notified
