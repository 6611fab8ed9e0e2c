"""The worklist, the intake queue and the case page. Shape of every view: access helper ->
form -> service -> redirect or render."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from cases.selectors import case_get_for_user, case_worklist_for_user
from uptdppa.audit import log_access_many


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(case_worklist_for_user(user=request.user), 25).get_page(request.GET.get("page"))
    log_access_many(page.object_list, actor=request.user, detail={"list": "cases", "page": page.number})
    return render(request, "cases/case_list.html", {"page": page})


@login_required
def case_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    case = case_get_for_user(user=request.user, code=code)
    return render(request, "cases/case_detail.html", {"case": case})


urlpatterns = [
    path("", case_list, name="list"),
    path("<uuid:code>/", case_detail, name="detail"),
]
