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


# On the "backup" queue (settings.CELERY_TASK_ROUTES): its worker holds BACKUP_DATABASE_URL, the
# owner role, which alone may scrub the values out of the audit trail (uptdppa/db_roles.py).
@shared_task(acks_late=False)
def destroy_disposal_batch(batch_id: int) -> str:
    """Destroy the cases of an ordered disposal batch; safe to run twice (done cases are skipped)."""
    from .services import disposal_batch_destroy

    return str(disposal_batch_destroy(batch_id=batch_id).status)
