"""Celery tasks of referrals: take ids, re-fetch, call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .letters import referral_letter_store
from .models import Referral
from .services import referral_deadline_notices


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def generate_referral_letter(referral_id: int) -> bool:
    """Render and store the letter of a sent referral (once; a rerun finds it stored)."""
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None:
        return False
    return referral_letter_store(referral=referral)


@shared_task
def send_referral_deadline_notices() -> list[int]:
    """Daily (beat): reminders before the due date and escalation of overdue referrals; safe to
    run twice (each notice is keyed by referral, recipient and day)."""
    reminded, escalated = referral_deadline_notices(today=timezone.localdate())
    return [reminded, escalated]
