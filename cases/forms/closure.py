"""Forms of the closure page: the request, the head's decision, reopening and the follow-ups.

Input shape only: the rules (what must be finished, who decides, dates) are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ClosureReason

from .common import date_input, no_future_dates, with_blank


class ClosureRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=with_blank(ClosureReason.choices))
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The services given and the situation at closure."),
    )


class ClosureApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No names or personal details."),
    )


class ClosureReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What is still to be done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or personal details."),
    )


class CaseReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Date of the visit"), widget=date_input())
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "done_on")
