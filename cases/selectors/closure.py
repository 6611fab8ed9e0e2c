"""Reads of the closure of a case and its post-closure monitoring (issue 4 item 10).

The case itself is fetched with case_get_for_user (404 outside the user's scope, logged); these
read what hangs off it, with the users shown preloaded so that a page costs a fixed number of
queries however many requests and follow-ups the case has had.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.access import cases_visible_to
from cases.models import Case, CaseStatus, ClosureRequest, ClosureStatus, MonitoringFollowUp
from cases.services.closure import closure_refusals
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access

from . import case_get_for_user


@dataclass
class ClosureOverview:
    """What the closure page and the API show of a case: its requests (oldest first), the one
    awaiting a decision, why it cannot close now (open cases only) and its follow-ups."""

    requests: list[ClosureRequest] = field(default_factory=list)
    pending: ClosureRequest | None = None
    refusals: list[str] = field(default_factory=list)
    follow_ups: list[MonitoringFollowUp] = field(default_factory=list)


def closure_overview(case: Case) -> ClosureOverview:
    """The closure overview of ``case``, fetched by the caller with case_get_for_user."""
    requests = list(
        ClosureRequest.objects.filter(case=case).select_related("requested_by", "decided_by", "reopened_by")
    )
    pending = next((r for r in requests if r.status == ClosureStatus.REQUESTED), None)
    # Closure checks are asked only while the case could be closed: they may be costly (other apps').
    refusals = closure_refusals(case) if case.status == CaseStatus.OPEN else []
    follow_ups = list(MonitoringFollowUp.objects.filter(case=case).select_related("recorded_by"))
    return ClosureOverview(requests=requests, pending=pending, refusals=refusals, follow_ups=follow_ups)


def closure_pending_request(case: Case) -> ClosureRequest:
    """The request of ``case`` awaiting the head's decision. When there is none (e.g. decided
    meanwhile in another tab) a ValidationError, shown like a service's refusal."""
    request = ClosureRequest.objects.filter(case=case, status=ClosureStatus.REQUESTED).first()
    if request is None:
        raise ValidationError(_("No closure request of this case awaits a decision."))
    return request


def follow_up_get_for_user(
    *, user: Any, code: Any, case: Case | None = None, perm: str | None = None
) -> MonitoringFollowUp:
    """The follow-up ``code`` if ``user`` may see its case (and it belongs to ``case`` when
    given), else Http404; with ``perm``, also PermissionDenied unless the user may do that on
    the case. Logs the read. Given ``case`` (fetched with case_get_for_user) the rules use its
    prefetched team; without it they read the team (one query)."""
    follow_ups = MonitoringFollowUp.objects.filter(case__in=cases_visible_to(user).values("pk"))
    if case is not None:
        follow_ups = follow_ups.filter(case=case)
    follow_up = get_or_refuse(follow_ups.select_related("case"), user=user, kind="follow_up", code=code)
    log_access(follow_up, actor=user)
    if case is not None:
        follow_up.case = case  # the caller's, with its team prefetched for the rules
    if perm is not None and not user.has_perm(perm, follow_up.case):
        raise permission_refusal(perm)
    return follow_up


def case_get_for_closure_action(*, user: Any, code: Any, perm: str, status: str) -> Case:
    """The case ``code`` for a closure action (case_get_for_user: Http404 outside the scope).

    The closure perms include the case status (request and approve on an open case, reopen on
    a closed one). A user who would have ``perm`` were the case in ``status`` gets the case, so
    that the service refuses with its message ("only a closed case can be reopened") instead of
    a bare 403; anyone else gets PermissionDenied."""
    case = case_get_for_user(user=user, code=code)
    if user.has_perm(perm, case):
        return case
    probe = copy.copy(case)  # shares the prefetched team, which the rules read
    probe.status = status
    if not user.has_perm(perm, probe):
        raise permission_refusal(perm)
    return case
