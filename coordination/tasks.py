"""Celery tasks of coordination: take ids (or nothing), call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import action_item_deadline_notices


@shared_task
def send_action_item_deadline_notices() -> list[int]:
    """Daily (beat): reminders of action items due today or tomorrow and escalation of overdue
    ones; safe to run twice (each notice is keyed by item, recipient and day)."""
    reminded, escalated = action_item_deadline_notices(today=timezone.localdate())
    return [reminded, escalated]
