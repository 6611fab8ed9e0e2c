"""All writes to users. Each function validates, saves and is audited in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from knox.models import AuthToken
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from .models import Notification, Organisation, Role, User

logger = logging.getLogger(__name__)


def _apply_role(user: User, role: str) -> None:
    user.role = role
    # Only the administrator uses the Django admin screens; permissions come from access.py.
    user.is_staff = role == Role.ADMIN
    user.is_superuser = False


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    organisation: Organisation,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an active account. Without ``password`` the user cannot log in until one is set."""
    user = User(
        username=username,
        organisation=organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    _apply_role(user, role)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    logger.info("user created id=%s role=%s", user.pk, role)
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, organisation: Organisation | None = None) -> User:
    _apply_role(user, role)
    if organisation is not None:
        user.organisation = organisation
    user.full_clean()
    user.save()
    logger.info("user role changed id=%s role=%s", user.pk, role)
    return user


def user_end_sessions(*, user: User) -> int:
    """Delete the user's browser sessions and API tokens; returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    tokens, _ = AuthToken.objects.filter(user=user).delete()
    return ended + tokens


@transaction.atomic
def user_deactivate(*, user: User) -> User:
    """Block the account at once: no new logins, no open session, no valid API token."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = user_end_sessions(user=user)
    logger.info("user deactivated id=%s sessions_and_tokens_ended=%s", user.pk, ended)
    return user


@transaction.atomic
def user_reactivate(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    logger.info("user reactivated id=%s", user.pk)
    return user


def notify(
    *,
    recipients: Iterable[User],
    message: str,
    params: dict[str, Any] | None = None,
    url: str = "",
    key: str | None = None,
) -> list[int]:
    """Notify users in the app now and by e-mail after the transaction commits.

    ``message`` is a gettext_noop msgid; ``params`` hold codes and numbers only. The e-mail is an
    outbox entry: if the broker is down when the transaction commits, the periodic job
    ``send_pending_notification_emails`` sends it later. Nothing is lost either way.

    With ``key``, each recipient gets this notification at most once ever (the key is stored as
    ``<key>:<user id>``, unique): a job run twice, or by two workers at once, notifies once.
    """
    users = list({u.pk: u for u in recipients if u.is_active}.values())
    if key is None:
        rows = Notification.objects.bulk_create(
            [Notification(recipient=user, message=message, params=params or {}, url=url) for user in users]
        )
    else:
        rows = []
        for user in users:
            row, created = Notification.objects.get_or_create(
                key=f"{key}:{user.pk}",
                defaults={"recipient": user, "message": message, "params": params or {}, "url": url},
            )
            if created:
                rows.append(row)
    ids = [row.pk for row in rows]
    if ids:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: enqueue(send_notification_emails, ids))
    return ids


def notify_heads(*, message: str, params: dict[str, Any] | None = None, url: str = "", key: str) -> list[int]:
    """Notify every active head of the unit (kepala_uptd) once for ``key`` (see notify)."""
    heads = User.objects.filter(role=Role.KEPALA_UPTD, is_active=True)
    return notify(recipients=heads, message=message, params=params, url=url, key=key)


def enqueue(task: Any, *args: Any) -> bool:
    """Queue a Celery task; if the broker cannot be reached, log it and leave the work pending."""
    try:
        task.apply_async(args=args, retry=False)
    except (OperationalError, OSError, RedisError):
        logger.warning("broker unavailable, task %s left for the periodic job", task.name)
        return False
    return True


def notification_emails_send(*, ids: Iterable[int]) -> int:
    """Send the unsent e-mails among ``ids``; each is sent at most once. Returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        if not notification.recipient.email:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = f"[UPTD PPA] {notification.text}"
            link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else settings.SITE_URL
            body = f"{notification.text}\n\n{link}\n\n" + gettext(
                "This message contains no case details. Log in to read them."
            )
        try:
            send_mail(subject[:150], body, None, [notification.recipient.email])
        except (OSError, SMTPException):
            Notification.objects.filter(pk=notification.pk).update(email_attempts=F("email_attempts") + 1)
            logger.warning("notification e-mail failed id=%s", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
