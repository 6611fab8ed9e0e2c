"""The head's overview of referrals by organisation and status (issue 5 item 8).

Only kepala_uptd (``referrals.view_overview``); everybody else gets 404 like any page outside
their scope, so the page's existence does not leak to other roles. The figures come from
``referrals.overview.referral_overview``, the same function as the API's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases.forms.common import date_input
from referrals.overview import default_period, referral_overview

VIEW_OVERVIEW = "referrals.view_overview"


class PeriodForm(forms.Form):
    """The period of the overview: referrals sent between two days (inclusive)."""

    date_from = forms.DateField(label=_("Sent from"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Sent until"), required=False, widget=date_input())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data

    def period(self) -> tuple[date, date]:
        """The chosen period (call after is_valid()); a missing end defaults to today, a
        missing start to the first of January of the end's year."""
        default_from, default_to = default_period()
        end = self.cleaned_data.get("date_to") or default_to
        start = self.cleaned_data.get("date_from") or (default_from if end >= default_from else date(end.year, 1, 1))
        return start, end


def require_overview(user: Any) -> None:
    """404 for anyone but the head (outside one's scope, like every other page)."""
    if not user.has_perm(VIEW_OVERVIEW):
        raise Http404


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
