"""Periodic housekeeping of credentials."""

from __future__ import annotations

import logging

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_credentials() -> dict[str, int]:
    """Delete expired sessions and API tokens (hourly, beat). Idempotent."""
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
    tokens, _ = AuthToken.objects.filter(expiry__lte=now).delete()
    logger.info("purged expired sessions=%s tokens=%s", sessions, tokens)
    return {"sessions": sessions, "tokens": tokens}
