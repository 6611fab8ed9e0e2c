"""Celery tasks of reports: take ids or dates, re-fetch, call one service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import scheduled_periods, snapshot_generate


@shared_task(acks_late=True)
def generate_monthly_snapshots() -> list[str]:
    """Beat, the 1st of each month at 01:00 WIB. Idempotent: rerunning it (or a redelivery after a
    worker was killed — acks_late) recomputes and replaces the same snapshots."""
    made = []
    for kind, period in scheduled_periods(timezone.localdate()):
        made.append(str(snapshot_generate(kind=kind, period=period).code))
    return made
