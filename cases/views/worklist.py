"""The worklist, the intake queue and the case page (reads only). Shape of every view: access
check -> selector -> audit log of what is shown -> render (an HTMX partial when asked)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_htmx.http import push_url

from cases.forms import WorklistFilterForm
from cases.models import PersonRole
from cases.selectors import (
    case_get_for_user,
    case_worklist_for_user,
    for_case_rows,
    intake_queue_for_user,
    read_label_names,
)
from cases.selectors.timeline import event_family_choices, timeline_events
from uptdppa.accounts.access import permission_refusal
from uptdppa.audit import log_access_many, log_search
from uptdppa.web import filter_chips, page_of, query_without, query_without_page


def _wants_partial(request: HttpRequest) -> bool:
    """An HTMX swap of the results; a history restore needs the whole page."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.view_worklist"):
        raise permission_refusal("cases.view_worklist")
    form = WorklistFilterForm(request.GET)
    form.is_valid()  # invalid fields are reported and left out; the others still filter
    filters = form.filters()
    cases = for_case_rows(case_worklist_for_user(user=request.user, filters=filters))
    page = page_of(request, cases)
    read_label_names(page.object_list)
    detail: dict[str, Any] = {"list": "cases", "page": page.number}
    if filters.query.strip():
        detail["search"] = True  # that a search ran, never what was searched for
        log_search(actor=request.user, what="cases", found=page.paginator.count)
    log_access_many(page.object_list, actor=request.user, detail=detail)
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "chips": filter_chips(request, form),
        "now": timezone.now(),
        # The rule alone: user.has_perm would also ask the database for model permissions (two
        # queries) for everyone the rule refuses, and nobody holds model permissions for this.
        "can_register": rules.has_perm("cases.register_intake", request.user),
    }
    template = "cases/includes/worklist_results.html" if _wants_partial(request) else "cases/case_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))  # the partial and the page never share a cache entry
    if getattr(request, "htmx", False):
        # The address bar and history keep the filters but never a searched NIK, phone or name.
        query = query_without(request, "q")
        push_url(response, f"{request.path}?{query}" if query else request.path)
    return response


@login_required
def intake_queue(request: HttpRequest) -> HttpResponse:
    # The roles that take complaints are the roles that work the queue.
    if not request.user.has_perm("cases.register_intake"):
        raise permission_refusal("cases.register_intake")
    page = page_of(request, intake_queue_for_user(user=request.user))
    read_label_names(page.object_list)
    log_access_many(page.object_list, actor=request.user, detail={"list": "intake_queue", "page": page.number})
    return render(request, "cases/intake_queue.html", {"page": page, "now": timezone.now()})


@login_required
def case_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    # The timeline filter (?jenis=<family>): an HTMX request swaps the timeline alone.
    family = request.GET.get("jenis", "").strip()
    events, family_known = timeline_events(case, family)
    timeline = {
        "events": events,
        "family": family if family_known else "",
        "family_unknown": not family_known,
        "families": event_family_choices(),
    }
    htmx: Any = getattr(request, "htmx", None)
    if _wants_partial(request) and htmx.target == "case-timeline":
        response = render(request, "cases/includes/case_timeline_events.html", timeline)
        patch_vary_headers(response, ("HX-Request",))
        return response
    people = case.people.all()  # prefetched: grouping them costs no query
    context = {
        "case": case,
        "victims": [p for p in people if p.role == PersonRole.VICTIM],
        "perpetrators": [p for p in people if p.role == PersonRole.PERPETRATOR],
        "reporters": [p for p in people if p.role == PersonRole.REPORTER],
        "now": timezone.now(),
        **timeline,
    }
    response = render(request, "cases/case_detail.html", context)
    patch_vary_headers(response, ("HX-Request",))  # the timeline partial and the page never share a cache entry
    return response
