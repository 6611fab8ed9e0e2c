"""Input shape of the retention pages; the rules are the services' (dataprotection.services.retention)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.common import no_future_dates
from uptdppa.web import date_input


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HoldForm(forms.Form):
    case_code = forms.CharField(
        label=_("Case"), max_length=60, help_text=_("Register number or case code."), required=True
    )
    reason = _text(_("Reason"))


class LiftForm(forms.Form):
    reason = _text(_("Reason for lifting"))


class ProposeForm(forms.Form):
    case_codes = _text(_("Cases"), help_text=_("Register numbers, one per line."))
    note = _text(_("Appraisal note"), required=False)


class ApprovalForm(forms.Form):
    file = forms.FileField(label=_("Scan of the written approval"), help_text=_("PDF, JPEG or PNG."))
    approval_reference = forms.CharField(label=_("Approval letter number"), max_length=120)
    approval_date = forms.DateField(label=_("Approval date"), widget=date_input())
    approved_by_office = forms.CharField(
        label=_("Approved by (office)"), max_length=200, help_text=_("E.g. Wali Kota Jambi.")
    )
    witnesses = _text(_("Witnesses"), help_text=_("One per line: name and position."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "approval_date")


class ExecuteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that these case files are destroyed now; this cannot be undone."), required=True
    )
