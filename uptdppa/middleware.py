"""Project middleware."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import auditlog.middleware
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from uptdppa.accounts.mfa import MFA_NOT_SET_UP, mfa_missing
from uptdppa.anonymity import ANONYMOUS_PATH_PREFIXES

# Reachable without a second factor: setting one up, leaving, and what serves the pages.
_MFA_EXEMPT_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "set_language",
)
_MFA_EXEMPT_PREFIXES = ("/static/", "/health/")


class LanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose another language with the switch (its cookie).

    Browsers in the unit are often set to English; the unit works in Indonesian, so a page's
    language follows the user's explicit choice only. API clients may ask with Accept-Language.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class RequireMFAMiddleware:
    """When MFA_REQUIRED is on, a logged-in user without TOTP can only set it up (or log out).

    django-allauth offers MFA but does not enforce it. The API answers 403 to such a browser
    session; API tokens are never issued to such users (uptdppa/accounts/api.py asks the same
    mfa_missing), and token requests are not seen here (DRF authenticates them later, in the view).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._needs_setup(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MFA_NOT_SET_UP, "code": "mfa_required"}, status=403)
            messages.warning(request, _("Turn on two-factor authentication (authenticator app) to continue."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _needs_setup(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not mfa_missing(user):
            return False
        path = request.path_info
        if path.startswith(_MFA_EXEMPT_PREFIXES):
            return False
        return not any(path == reverse(name) for name in _MFA_EXEMPT_URL_NAMES)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT proxies the X-Forwarded-For entry
    added by the outermost one (the same rule as DRF's NUM_PROXIES for throttles)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.PROXY_COUNT and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(settings.PROXY_COUNT, len(hops))]
    return request.META.get("REMOTE_ADDR")


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """Records the client address by the PROXY_COUNT rule (not a header any client can forge),
    and none at all for the public complaint channel (uptdppa/anonymity.py)."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if request.path_info.startswith(ANONYMOUS_PATH_PREFIXES):
            return None
        return client_address(request)


# Answers that carry case data or a complaint's tracking code/PIN even without a session: the API
# (a token client is not seen as logged in until the view) and the public complaint pages.
_NO_STORE_PREFIXES = ("/api/", "/pengaduan/")


def _logged_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every answer to a logged-in user, on the API and on
    the public complaint pages, so that nothing lands in the disk cache of a shared computer.

    A response that already says no-store (downloads, never_cache views) keeps its own header.
    Static files never get here (WhiteNoise answers before this middleware) and keep their long
    cache; other anonymous pages (the login form) keep whatever their view decided.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        if request.path_info.startswith(_NO_STORE_PREFIXES) or _logged_in(request):
            response["Cache-Control"] = "no-store, private"
        return response


# When a session's expiry was last moved on (seconds since the epoch), kept in the session itself.
_RENEWED_KEY = "_renewed_at"


class SessionRenewalMiddleware:
    """Activity keeps a session alive; ``SESSION_COOKIE_AGE`` (30 minutes) without any ends it.

    The session's expiry moves on with the first request ``SESSION_RENEW_SECONDS`` (a minute) or
    more after the last renewal: one write of the session row a minute at most, rather than one on
    every page and API call (``SESSION_SAVE_EVERY_REQUEST``). A session thus ends between 29 and
    30 idle minutes. Only a logged-in user's session is renewed: an anonymous visitor gets none.
    Placed after SessionMiddleware and AuthenticationMiddleware, so that its mark is seen when
    SessionMiddleware saves the session on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or not _logged_in(request):
            return response
        if time.time() - float(session.get(_RENEWED_KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
            session_renewed(session)  # modified: SessionMiddleware saves it with a new expiry
        return response


def session_renewed(session: Any) -> None:
    """Mark ``session`` renewed now (it is saved, with a new expiry, at the end of the request):
    by ``SessionRenewalMiddleware``, and at login (uptdppa.accounts.signals), which saves it anyway."""
    session[_RENEWED_KEY] = time.time()
