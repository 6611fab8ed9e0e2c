"""All writes to users. Each function validates, saves and is audited in one transaction."""

from __future__ import annotations

import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from .models import Organisation, Role, User

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
