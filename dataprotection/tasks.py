"""Celery tasks of the breach register: take nothing or ids, call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import breach_deadline_notices, dpia_review_reminders


@shared_task
def send_breach_deadline_notices() -> list[int]:
    """Every BREACH_CHECK_MINUTES (beat): reminders and escalation of the 3×24-hour clock; safe
    to run twice (each notice is keyed by incident, stage and recipient)."""
    reminded, escalated = breach_deadline_notices(now=timezone.now())
    return [reminded, escalated]


@shared_task
def send_dpia_review_reminders() -> list[int]:
    """Daily (beat): the DPIA's review reminder and overdue notice; safe to run twice (each is
    keyed by the version and the stage)."""
    reminded, escalated = dpia_review_reminders(today=timezone.localdate())
    return [reminded, escalated]
