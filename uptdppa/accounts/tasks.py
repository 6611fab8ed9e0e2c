"""Periodic housekeeping of credentials."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

from .models import Notification

# After this many failures, or this long, an e-mail is given up (the in-app notification stays).
PENDING_EMAIL_MAX_ATTEMPTS = 10
PENDING_EMAIL_MAX_AGE = timedelta(days=2)

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_credentials() -> dict[str, int]:
    """Delete expired sessions and API tokens (hourly, beat). Idempotent."""
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
    tokens, _ = AuthToken.objects.filter(expiry__lte=now).delete()
    logger.info("purged expired sessions=%s tokens=%s", sessions, tokens)
    return {"sessions": sessions, "tokens": tokens}


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    """Send the e-mails of these notifications (queued when they are created). Idempotent."""
    from .services import notification_emails_send

    return notification_emails_send(ids=ids)


@shared_task
def send_pending_notification_emails() -> int:
    """Send e-mails left pending (broker down, mail server down, worker died); every 5 minutes, beat.

    Rows younger than NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS are left to the task queued on their
    commit, and rows another sender has claimed are skipped (the claims make a meeting harmless).
    """
    from .services import notification_claim_free, notification_emails_send

    now = timezone.now()
    pending = (
        Notification.objects.filter(
            notification_claim_free(now=now),
            emailed_at__isnull=True,
            email_attempts__lt=PENDING_EMAIL_MAX_ATTEMPTS,
            created_at__gte=now - PENDING_EMAIL_MAX_AGE,
            created_at__lte=now - timedelta(seconds=settings.NOTIFICATION_EMAIL_PICKUP_DELAY_SECONDS),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return notification_emails_send(ids=list(pending[:500]))


# On the "backup" queue (settings.CELERY_TASK_ROUTES): making a table needs the owner role, which
# that worker holds (BACKUP_DATABASE_URL).
@shared_task
def audit_partitions_ensure() -> list[str]:
    """Daily (beat): the audit trail's partitions of this month and the next three. Idempotent."""
    from .audit_storage import audit_partitions_ensure as ensure

    made = ensure(today=timezone.now().date())
    if made:
        logger.info("audit partitions made: %s", ", ".join(made))
    return made
