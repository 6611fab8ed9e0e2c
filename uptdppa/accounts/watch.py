"""Watching for probing: a user who searches for people, or asks for records outside their scope,
far more than work needs. Each signal is limited or logged here and told to the head of the unit
(kepala_uptd) once per user per period; the notifications name the user by code and link to
their audit entries, never to what they looked for.

- Search before create ("is this person known in another case?") answers whether someone is
  known to the unit. Each user may run PERSON_MATCH_LIMIT searches per
  PERSON_MATCH_WINDOW_SECONDS (page and API together; counted in the cache, shared by every
  worker); the head hears of a user reaching PERSON_MATCH_ALERT_AT in a window.
- A look-up refused as outside the user's scope answers 404 like an unknown code (existence
  must not leak) and is written to the audit trail the same way for both; the head hears of a
  user refused REFUSED_LOOKUP_ALERT_AT times within 24 hours, and the audit page lists them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from uptdppa.audit import log_refusal, request_actor
from uptdppa.ratelimit import rate_count

from .selectors import refusal_count
from .services import notify_heads

SEARCH_LIMITED = _(
    "Too many searches for people in a short time: searching is paused for a few minutes. "
    "If you need to check many people, ask the head of the unit."
)
REFUSALS_WINDOW = timedelta(hours=24)

M = TypeVar("M", bound=Model)


class SearchLimited(Exception):
    """The user has searched too often; ``retry_after``: seconds until the count eases."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(str(SEARCH_LIMITED))
        self.retry_after = retry_after


def audit_link(user: Any) -> str:
    """The audit page filtered to the reads (searches and refusals among them) of ``user``."""
    return reverse("accounts:audit") + "?" + urlencode({"actor": user.pk, "action": LogEntry.Action.ACCESS})


def person_search_counted(*, user: Any) -> None:
    """Count one search before create by ``user``; raises SearchLimited over the limit."""
    window = settings.PERSON_MATCH_WINDOW_SECONDS
    counted = rate_count(scope="person_match", ident=user.pk, window_seconds=window)
    # The cache flag spares the database a look-up per search once told; the key makes it once.
    if counted.count >= settings.PERSON_MATCH_ALERT_AT and cache.add(
        f"alerted:person_match:{user.pk}:{counted.window}", True, timeout=2 * window
    ):
        notify_heads(
            message=gettext_noop("A user (code %(user)s) ran %(count)s person searches within %(minutes)s minutes."),
            params={"user": str(user.code), "count": counted.count, "minutes": window // 60},
            url=audit_link(user),
            key=f"person-search:{user.pk}:{counted.window}",
        )
    if counted.count > settings.PERSON_MATCH_LIMIT:
        raise SearchLimited(counted.retry_after)


def get_or_refuse(queryset: QuerySet[M], *, user: Any, kind: str, code: Any) -> M:
    """The record ``code`` of ``queryset`` (narrowed by the caller to what ``user`` may see), else
    Http404 after recording the refusal: the one lookup every ``*_get_for_user`` helper makes.
    ``user`` None: the running request's user (helpers that take a case already fetched for them)."""
    try:
        return queryset.get(code=code)
    except ObjectDoesNotExist:
        raise refused(user=user, kind=kind, code=code) from None


def refused(*, user: Any, kind: str, code: Any) -> Http404:
    """Record that ``user`` asked for the ``kind`` record ``code`` and was refused (outside their
    scope, or no such record: the same entry either way) and return the Http404 to raise.
    ``user`` None: the running request's user, as the audit context knows it."""
    if user is None:
        user = request_actor()
    if getattr(user, "is_authenticated", False):
        log_refusal(actor=user, kind=kind, code=code)
        _alert_on_refusals(user)
    return Http404()


def _alert_on_refusals(user: Any) -> None:
    today = timezone.localdate()
    flag = f"alerted:refusals:{user.pk}:{today.isoformat()}"
    if cache.get(flag):
        return
    count = refusal_count(user=user, since=timezone.now() - REFUSALS_WINDOW)
    if count < settings.REFUSED_LOOKUP_ALERT_AT:
        return
    cache.set(flag, True, timeout=int(REFUSALS_WINDOW.total_seconds()))
    notify_heads(
        message=gettext_noop("A user (code %(user)s) was refused %(count)s look-ups of records within 24 hours."),
        params={"user": str(user.code), "count": count},
        url=audit_link(user),
        key=f"refused-lookups:{user.pk}:{today.isoformat()}",
    )
