"""Celery tasks of the data-protection app: take nothing or ids, call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import breach_deadline_notices, dpia_review_reminders, request_deadline_notices


@shared_task
def send_breach_deadline_notices() -> list[int]:
    """Every BREACH_CHECK_MINUTES (beat): reminders and escalation of the 3×24-hour clock; safe
    to run twice (each notice is keyed by incident, stage and recipient)."""
    reminded, escalated = breach_deadline_notices(now=timezone.now())
    return [reminded, escalated]


@shared_task
def send_request_deadline_notices() -> int:
    """Every DSR_CHECK_MINUTES (beat): escalate the data-subject requests past their deadline;
    safe to run twice (each escalation is keyed by request and recipient)."""
    return request_deadline_notices(now=timezone.now())


@shared_task
def send_dpia_review_reminders() -> list[int]:
    """Daily (beat): the DPIA's review reminder and overdue notice; safe to run twice (each is
    keyed by the version and the stage)."""
    reminded, escalated = dpia_review_reminders(today=timezone.localdate())
    return [reminded, escalated]
