"""Receivers of allauth's signals. They only call services (docs/architecture.md#layers)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from uptdppa.middleware import session_renewed

from . import services


def _kept_session(request: HttpRequest | None, user: Any) -> str | None:
    """The session of the browser that made the change, if it is the user's own."""
    if request is None or getattr(request, "user", None) is None or request.user.pk != user.pk:
        return None
    return request.session.session_key


EVENTS = {
    password_changed: "password_changed",
    password_set: "password_set",
    password_reset: "password_reset",
    authenticator_removed: "authenticator_removed",
}


@receiver(password_changed, dispatch_uid="accounts.credentials.password_changed")
@receiver(password_set, dispatch_uid="accounts.credentials.password_set")
@receiver(password_reset, dispatch_uid="accounts.credentials.password_reset")
@receiver(authenticator_removed, dispatch_uid="accounts.credentials.authenticator_removed")
def end_credentials(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """A password changed, set or reset, or a second factor removed: the old credentials end."""
    if user is None:
        return
    event = EVENTS.get(kwargs.get("signal"), "credentials")
    services.user_credentials_reset(user=user, event=event, keep_session_key=_kept_session(request, user))


@receiver(user_logged_in, dispatch_uid="accounts.session_renewed_at_login")
def renewed_at_login(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """A login saves the session with a fresh expiry: it counts as its renewal."""
    if request is not None and hasattr(request, "session"):
        session_renewed(request.session)
