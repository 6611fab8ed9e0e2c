"""The head's overview of referrals by organisation and status (issue 5 item 8).

Only kepala_uptd (``referrals.view_overview``); everybody else gets 404 like any page outside
their scope, so the page's existence does not leak to other roles. The figures come from
``referrals.overview.referral_overview``, the same function as the API's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from referrals.overview import default_period, referral_overview
from uptdppa import periods
from uptdppa.periods import day_field
from uptdppa.web import require_or_404

VIEW_OVERVIEW = "referrals.view_overview"


class PeriodForm(periods.PeriodForm):
    """The period of the overview: referrals sent between two days (inclusive); a missing end is
    today, a missing start the first of January of this year (of the end's year for an end in
    an earlier year)."""

    date_from = day_field(_("Sent from"))
    date_to = day_field(_("Sent until"))

    def default_start(self, end: date) -> date:
        default_from, _default_to = default_period()
        return default_from if end >= default_from else date(end.year, 1, 1)


def require_overview(user: Any) -> None:
    """404 for anyone but the head (outside one's scope, like every other page)."""
    require_or_404(user, VIEW_OVERVIEW)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_overview(request.user)
    form = PeriodForm(request.GET)  # empty: this year
    figures = None
    if form.is_valid():
        start, end = form.period()
        figures = referral_overview(date_from=start, date_to=end)
        form = PeriodForm({"date_from": start, "date_to": end})  # show the days used
    return render(request, "referrals/overview.html", {"form": form, "overview": figures})
