"""Helpers shared by the case API views."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import cases_visible_to
from cases.models import Case, CaseEvent
from cases.selectors import read_label_names
from cases.serializers import CaseDetailOutput, CaseSummaryOutput
from uptdppa.accounts.access import permission_refusal
from uptdppa.accounts.models import Organisation
from uptdppa.audit import log_access_many, log_search
from uptdppa.web import Pagination


def require(request: Request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise permission_refusal(permission)


def visible_case_codes(user: Any, codes: set[str]) -> set[str]:
    """Which of these case codes ``user`` may see (a local read: one query, nothing logged)."""
    if not codes:
        return set()
    visible = cases_visible_to(user).filter(code__in=codes).values_list("code", flat=True)
    return {str(code) for code in visible}


def case_detail(user: Any, case: Case) -> dict[str, Any]:
    # The events the output lists, with their actors (one query; case_get_for_user leaves them out).
    prefetch_related_objects([case], Prefetch("events", queryset=CaseEvent.objects.select_related("actor")))
    linked = {str(e.data["duplicate"]) for e in case.events.all() if "duplicate" in e.data}
    if case.duplicate_of is not None:
        linked.add(str(case.duplicate_of.code))
    context = {"visible_case_codes": visible_case_codes(user, linked)}
    return CaseDetailOutput(case, context=context).data  # type: ignore[return-value]


def paginated(request: Request, view: APIView, cases: QuerySet[Case], detail: dict[str, Any]) -> Response:
    """One page of cases; every case on it is logged as read (a search without its terms)."""
    paginator = Pagination()
    page = paginator.paginate_queryset(cases, request, view=view) or []
    if detail.get("search"):
        log_search(actor=request.user, what="cases", found=paginator.page.paginator.count if paginator.page else 0)
    read_label_names(page)
    log_access_many(page, actor=request.user, detail={**detail, "api": True})
    return paginator.get_paginated_response(CaseSummaryOutput(page, many=True).data)


def organisation_by_code(code: UUID | None, field: str) -> Organisation | None:
    if code is None:
        return None
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise exceptions.ValidationError({field: [_("Unknown organisation.")]})
    return organisation
