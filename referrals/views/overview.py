"""The head's overview of referrals by organisation and status (issue 5 item 8).

Only kepala_uptd (``referrals.view_overview``); everybody else gets 404 like any page outside
their scope, so the page's existence does not leak to other roles. The figures come from
``referrals.overview.referral_overview``, the same function as the API's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from referrals.forms import OverviewPeriodForm
from referrals.overview import referral_overview
from uptdppa.web import require_or_404

VIEW_OVERVIEW = "referrals.view_overview"


def require_overview(user: Any) -> None:
    """404 for anyone but the head (outside one's scope, like every other page)."""
    require_or_404(user, VIEW_OVERVIEW)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_overview(request.user)
    form = OverviewPeriodForm(request.GET)  # empty: this year
    figures = None
    if form.is_valid():
        start, end = form.period()
        figures = referral_overview(date_from=start, date_to=end)
        form = OverviewPeriodForm({"date_from": start, "date_to": end})  # show the days used
    return render(request, "referrals/overview.html", {"form": form, "overview": figures})
