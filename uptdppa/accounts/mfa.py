"""The second factor counts towards the login lockout like the password does.

django-axes counts failed *passwords* (through ``authenticate``). A wrong TOTP code never goes
through ``authenticate``, so without this module a stolen password would leave the six-digit
code open to guessing. Every wrong code (browser or API) is reported to axes as a failed login
of that username, and a locked-out username is refused at the code step as well.
"""

from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

LOCKED_OUT = _("Too many failed login attempts. The account is locked for 30 minutes; try again later.")
MFA_NOT_SET_UP = _("This account does not use two-factor authentication yet. Turn it on in the web application first.")


def totp_authenticator(user: Any) -> Authenticator | None:
    """The user's authenticator app (TOTP), if they set one up."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_missing(user: Any) -> bool:
    """MFA_REQUIRED is on and ``user`` has no authenticator app yet: the pages only let them set
    one up, the API refuses their session and no API token is issued to them."""
    return bool(settings.MFA_REQUIRED) and not has_totp(user)


def second_factor_failed(*, request: HttpRequest, username: str) -> None:
    """Report a wrong code to django-axes as a failed login of ``username``."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def second_factor_locked(*, request: HttpRequest, username: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


class _LockoutAware:
    user: Any

    def clean_code(self) -> str:
        request = context.request
        if second_factor_locked(request=request, username=self.user.username):
            raise ValidationError(LOCKED_OUT, code="locked_out")
        try:
            return super().clean_code()  # type: ignore[misc,no-any-return]
        except ValidationError:
            second_factor_failed(request=request, username=self.user.username)
            raise


class LockoutAwareAuthenticateForm(_LockoutAware, AuthenticateForm):
    """The code step of login (MFA_FORMS["authenticate"])."""


class LockoutAwareReauthenticateForm(_LockoutAware, ReauthenticateForm):
    """The code step of re-authentication (MFA_FORMS["reauthenticate"])."""
