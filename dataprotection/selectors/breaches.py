"""Reads of the breach register: through ``incidents_visible_to`` (404 outside it), audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.watch import get_or_refuse
from uptdppa.audit import log_access, log_access_many

from ..access import incidents_visible_to, notices_visible_to
from ..models import BreachNotice, Incident, IncidentStatus


def incidents_for_user(*, user: Any, status: str = "") -> QuerySet[Incident]:
    incidents = incidents_visible_to(user).select_related("recorded_by").prefetch_related("notices")
    if status in IncidentStatus.values:
        incidents = incidents.filter(status=status)
    return incidents.order_by("-discovered_at", "-pk")


def open_incidents_for_user(*, user: Any) -> list[Incident]:
    """The open incidents, oldest discovery first (the task list of the head and the DPO)."""
    return list(
        incidents_visible_to(user)
        .filter(status=IncidentStatus.OPEN)
        .prefetch_related("notices")
        .order_by("discovered_at", "pk")
    )


def incident_get_for_user(*, user: Any, code: Any, perm: str | None = None) -> Incident:
    """The incident ``code`` if ``user`` may see it, else Http404; with ``perm``, also
    PermissionDenied unless the user may do that. Logs the read."""
    incident = get_or_refuse(
        incidents_visible_to(user)
        .select_related("recorded_by", "closed_by")
        .prefetch_related(
            "cases",
            "people",
            Prefetch("notices", queryset=BreachNotice.objects.select_related("person", "on_behalf_of", "sent_by")),
        ),
        user=user,
        kind="incident",
        code=code,
    )
    log_access(incident, actor=user)
    if perm is not None and not user.has_perm(perm, incident):
        raise permission_refusal(perm)
    return incident


def notice_get_for_user(
    *, user: Any, code: Any, incident: Incident | None = None, perm: str | None = None
) -> BreachNotice:
    """The notice ``code`` (of ``incident`` when given) if ``user`` may see it, else Http404.
    Logs the read of the notice and of the people it names."""
    notices = notices_visible_to(user).select_related("incident", "person", "on_behalf_of", "sent_by")
    if incident is not None:
        notices = notices.filter(incident=incident)
    notice = get_or_refuse(notices, user=user, kind="breach_notice", code=code)
    log_access_many([notice, *(p for p in (notice.person, notice.on_behalf_of) if p)], actor=user)
    if perm is not None and not user.has_perm(perm, notice.incident):
        raise permission_refusal(perm)
    return notice
