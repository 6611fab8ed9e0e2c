"""A case's access history (who read, exported or changed the case and its records): the page
reached from the case's tabs, for the head, the data protection officer and the case's manager
(cases.selectors.access_history.access_history_case_get_for_user)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.selectors.access_history import access_history_case_get_for_user, case_access_history, entry_rows
from uptdppa.web import page_of, query_without_page

PAGE_SIZE = 25


@require_GET
@login_required
def access_history(request: HttpRequest, code: UUID) -> HttpResponse:
    case = access_history_case_get_for_user(user=request.user, code=code)
    page = page_of(request, case_access_history(case), PAGE_SIZE)
    context = {
        "case": case,
        "page": page,
        "rows": entry_rows(page.object_list),
        "query": query_without_page(request),
        # The data protection officer sees no case content: no tabs, no link to the case page.
        "sees_case": request.user.has_perm("cases.view_case", case),
    }
    return render(request, "cases/access_history.html", context)
