from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from uptdppa import crypto


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the administrator; self sign-up is closed."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count by: the same PROXY_COUNT rule as lockouts and the
        audit trail, so that behind nginx each user has their own limit, not the proxy's."""
        from uptdppa.middleware import client_address

        return client_address(request) or super().get_client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are encrypted with the field keys (allauth stores them as given)."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username django-axes counts failures for: the login form, the API and the admin agree."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("login") or request.POST.get("login")
    return value.strip().lower() if isinstance(value, str) else None
