"""All writes to users. Each function validates, saves and is audited in one transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from .models import (
    PRIVILEGED_ROLES,
    Notification,
    Organisation,
    Role,
    RoleChangeDecision,
    RoleChangeRequest,
    User,
)
from .selectors import active_heads

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


def user_end_sessions(*, user: User, keep_session_key: str | None = None) -> int:
    """Delete the user's browser sessions (but ``keep_session_key``'s) and API tokens; returns
    how many were ended."""
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now())
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    tokens, _ = AuthToken.objects.filter(user=user).delete()
    return ended + tokens


@transaction.atomic
def user_credentials_reset(*, user: User, event: str, keep_session_key: str | None = None) -> int:
    """After a change to how ``user`` logs in (``event``: password changed, set or reset, second
    factor removed), end every API token and every other browser session of theirs: whoever held
    the old password or a token made with it is logged out. ``keep_session_key`` is the browser
    that made the change, which stays logged in. Returns how many were ended."""
    ended = user_end_sessions(user=user, keep_session_key=keep_session_key)
    logger.info("credentials ended id=%s event=%s sessions_and_tokens=%s", user.pk, event, ended)
    return ended


OWN_ROLE = _("You cannot change the role of your own account.")
OWN_ACTIVE_STATE = _("You cannot deactivate or reactivate your own account.")


def _refuse_own_active_state(actor: User | None, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(OWN_ACTIVE_STATE)


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None) -> User:
    """Block the account at once: no new logins, no open session, no valid API token. ``actor``:
    who asks (nobody deactivates themselves); None for the system."""
    _refuse_own_active_state(actor, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = user_end_sessions(user=user)
    logger.info("user deactivated id=%s sessions_and_tokens_ended=%s", user.pk, ended)
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User | None = None) -> User:
    """Let the account log in again; refused while its role has never been approved by the head
    (a new account with a role that opens case content is activated by the approval)."""
    _refuse_own_active_state(actor, user)
    if user_awaits_role_approval(user):
        raise ValidationError(
            _("This account awaits the approval of its role by the head of the unit; it is activated when approved.")
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    logger.info("user reactivated id=%s", user.pk)
    return user


# --- Role changes (security review finding 1) ---------------------------------------------------
# The administrator manages accounts but sees no case content. A change to a role that opens case
# content (PRIVILEGED_ROLES), or a new account with one, is a request the head of the unit decides.


def user_awaits_role_approval(user: User) -> bool:
    """A new account whose privileged role the head has not approved (yet, or ever)."""
    requests = RoleChangeRequest.objects.filter(user=user)
    return (
        user.role in PRIVILEGED_ROLES
        and requests.filter(new_account=True).exists()
        and not requests.filter(decision=RoleChangeDecision.APPROVED).exists()
    )


def role_change_refusal(*, actor: User, user: User, role: str) -> None:
    """Raise the ValidationError (keyed "role") that changing ``user``'s role to ``role`` meets."""
    if user.pk is not None and actor.pk == user.pk:
        raise ValidationError({"role": OWN_ROLE})
    if (
        user.pk is not None
        and RoleChangeRequest.objects.filter(user=user, decision=RoleChangeDecision.PENDING).exists()
    ):
        raise ValidationError(
            {"role": _("A role change of this user already awaits the decision of the head of the unit.")}
        )


def _request_role(
    *, actor: User, user: User, role: str, organisation: Organisation | None, new: bool
) -> RoleChangeRequest:
    request = RoleChangeRequest(
        user=user,
        from_role="" if new else user.role,
        to_role=role,
        organisation=organisation,
        new_account=new,
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    heads = active_heads().exclude(pk=user.pk)
    notify(
        recipients=heads,
        message=gettext_noop("A user's role change awaits your approval (%(code)s)."),
        params={"code": str(request.code)[:8]},
        url=reverse("accounts:role-changes"),
    )
    logger.info("role change requested id=%s user=%s to=%s", request.pk, user.pk, role)
    return request


@transaction.atomic
def user_add(*, actor: User, user: User) -> RoleChangeRequest | None:
    """Save ``user``, a new account built by the administrator's form (its password set).

    With a role that opens case content the account is saved inactive and a request for the
    role goes to the head of the unit: the approval activates it. Returns that request, if any.
    """
    _apply_role(user, user.role)
    privileged = user.role in PRIVILEGED_ROLES
    if privileged:
        user.is_active = False
    user.full_clean()
    user.save()
    logger.info("user created id=%s role=%s by=%s", user.pk, user.role, actor.pk)
    if not privileged:
        return None
    return _request_role(actor=actor, user=user, role=user.role, organisation=None, new=True)


@transaction.atomic
def user_role_change(
    *, actor: User, user: User, role: str, organisation: Organisation | None = None
) -> RoleChangeRequest | None:
    """The administrator changes ``user``'s role (with the organisation that goes with it).

    Nobody changes their own role. A change to a role that opens case content is recorded as a
    request for the head of the unit, and the user keeps their role until it is approved; any
    other change applies at once. Returns the request, or None when the change applied.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    role_change_refusal(actor=actor, user=user, role=role)
    if organisation is not None and organisation.pk == user.organisation_id:
        organisation = None
    if role not in PRIVILEGED_ROLES or role == user.role:
        user_set_role(user=user, role=role, organisation=organisation)
        return None
    # The role and organisation must fit together now, not only at the approval.
    User(role=role, organisation=organisation or user.organisation).clean()
    return _request_role(actor=actor, user=user, role=role, organisation=organisation, new=False)


def _pending_for_decision(*, actor: User | None, request: RoleChangeRequest) -> RoleChangeRequest:
    if actor is not None and not (actor.is_active and actor.role == Role.KEPALA_UPTD):
        raise ValidationError(_("Only the head of the unit decides role changes."))
    request = RoleChangeRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if request.decision != RoleChangeDecision.PENDING:
        raise ValidationError(_("This role change has already been decided."))
    if actor is not None and request.user_id == actor.pk:
        raise ValidationError(_("A role change of your own account is decided by another head of the unit."))
    return request


def _decide(request: RoleChangeRequest, *, actor: User | None, decision: str, reason: str = "") -> None:
    request.decision = decision
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason
    request.full_clean()
    request.save()
    if request.requested_by is not None:
        notify(
            recipients=[request.requested_by],
            message=gettext_noop("The role change %(code)s was approved.")
            if decision == RoleChangeDecision.APPROVED
            else gettext_noop("The role change %(code)s was refused."),
            params={"code": str(request.code)[:8]},
        )
    logger.info("role change %s id=%s by=%s", decision, request.pk, actor.pk if actor else "operator")


@transaction.atomic
def role_change_approve(*, actor: User | None, request: RoleChangeRequest) -> RoleChangeRequest:
    """The head approves: the role applies (a new account is activated with it). Not for a
    change of the head's own account. ``actor`` None: the server operator, through
    `manage.py approve_role_change` (the first head of a new installation has nobody to approve
    them; whoever runs commands on the server holds the database anyway)."""
    request = _pending_for_decision(actor=actor, request=request)
    user = User.objects.select_for_update().get(pk=request.user_id)
    if not request.new_account and user.role != request.from_role:
        raise ValidationError(_("The user's role has changed since this request; it can no longer be applied."))
    _decide(request, actor=actor, decision=RoleChangeDecision.APPROVED)
    if request.new_account:
        user.is_active = True
    user_set_role(user=user, role=request.to_role, organisation=request.organisation)
    return request


@transaction.atomic
def role_change_refuse(*, actor: User, request: RoleChangeRequest, reason: str) -> RoleChangeRequest:
    """The head refuses, with a reason; the user keeps their role (a new account stays inactive)."""
    request = _pending_for_decision(actor=actor, request=request)
    if not reason.strip():
        raise ValidationError({"reason": REFUSAL_REASON_MISSING})
    _decide(request, actor=actor, decision=RoleChangeDecision.REFUSED, reason=reason.strip())
    return request


REFUSAL_REASON_MISSING = _("Write the reason for the refusal.")


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
    return notify(recipients=active_heads(), message=message, params=params, url=url, key=key)


def enqueue(task: Any, *args: Any, countdown: float | None = None) -> bool:
    """Queue a Celery task (to run ``countdown`` seconds from now, if given); if the broker cannot
    be reached, log it and leave the work pending."""
    try:
        task.apply_async(args=args, retry=False, countdown=countdown)
    except (OperationalError, OSError, RedisError):
        logger.warning("broker unavailable, task %s left for the periodic job", task.name)
        return False
    return True


def notification_emails_send(*, ids: Iterable[int]) -> int:
    """Send the unsent e-mails among ``ids``; each is sent at most once. Returns how many were sent.

    Each row is claimed before its e-mail is sent, so the task queued on commit and the periodic job
    never both send it. Only a sender that dies between sending and marking the row sent leaves it
    to be sent again once its claim has expired.
    """
    sent = 0
    pending = Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True).select_related("recipient")
    for notification in pending:
        token = notification_claim(pk=notification.pk)
        if token is None:
            continue
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
            # Released at once: the next run of the periodic job tries again.
            Notification.objects.filter(pk=notification.pk, claim_token=token).update(
                email_attempts=F("email_attempts") + 1, claimed_at=None, claim_token=None
            )
            logger.warning("notification e-mail failed id=%s", notification.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notification_claim(*, pk: int) -> uuid.UUID | None:
    """Claim an unsent row for this sender: its token, or None if the row is sent or another
    sender's claim on it is younger than ``NOTIFICATION_EMAIL_CLAIM_SECONDS``.

    One conditional UPDATE in its own statement (autocommit): PostgreSQL makes a second sender
    wait for the first's row lock, then re-checks the condition and updates nothing.
    """
    now = timezone.now()
    token = uuid.uuid4()
    claimed = (
        Notification.objects.filter(pk=pk, emailed_at__isnull=True)
        .filter(notification_claim_free(now=now))
        .update(claimed_at=now, claim_token=token)
    )
    return token if claimed else None


def notification_claim_free(*, now: datetime) -> Q:
    """Rows no live sender holds: never claimed, or claimed longer ago than the claim lasts."""
    expired = now - timedelta(seconds=settings.NOTIFICATION_EMAIL_CLAIM_SECONDS)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired)


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
