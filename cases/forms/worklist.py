"""The worklist's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStatus
from cases.selectors import WORKLIST_ORDERINGS, WorklistFilters, kecamatan_options
from cases.vocabularies import (
    Risk,
    ViolenceForm,
)
from uptdppa.web import SharedChoiceField

from .common import date_input, plausible_date, with_blank

WORKLIST_ORDERING_LABELS = {
    "-received_at": _("Newest first"),
    "received_at": _("Oldest first"),
    "response_due_at": _("Response deadline"),
    "police_report_due_at": _("Police report deadline"),
    "register_number": _("Register number"),
}


def _kecamatan_choices() -> list[tuple[str, Any]]:
    """Every kecamatan by name (kept a few minutes in each process: kecamatan_options), read each
    time the choices are (validation, rendering), never copied per form."""
    return with_blank([(code, name) for code, _pk, name in kecamatan_options()], _("All"))


class WorklistFilterForm(forms.Form):
    """The worklist's filters, read from the query string.

    Always bind it (an empty query string is valid). A field with bad input gets its error and
    is left out of ``filters()``; the other filters still apply.
    """

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Register number, NIK, phone number or name."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    status = SharedChoiceField(label=_("Status"), choices=with_blank(CaseStatus.choices, _("All")), required=False)
    risk = SharedChoiceField(label=_("Risk"), choices=with_blank(Risk.choices, _("All")), required=False)
    violence_form = SharedChoiceField(
        label=_("Form of violence"), choices=with_blank(ViolenceForm.choices, _("All")), required=False
    )
    kecamatan = SharedChoiceField(label=_("Kecamatan of the incident"), choices=_kecamatan_choices, required=False)
    received_from = forms.DateField(
        validators=[plausible_date],
        label=_("Received from"),
        required=False,
        widget=date_input(),
    )
    received_to = forms.DateField(
        validators=[plausible_date],
        label=_("Received until"),
        required=False,
        widget=date_input(),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    sort = SharedChoiceField(
        label=_("Sort by"), choices=[(key, WORKLIST_ORDERING_LABELS[key]) for key in WORKLIST_ORDERINGS], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices and the chosen kecamatan's id from one list (a ModelChoiceField runs two queries).
        self.kecamatan_ids = {code: pk for code, pk, _name in kecamatan_options()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date cannot be before the start date."))
        return data

    def filters(self) -> WorklistFilters:
        """The filters that passed validation. Precondition: is_valid() has been called."""
        data = getattr(self, "cleaned_data", {})
        return WorklistFilters(
            status=data.get("status") or "",
            risk=data.get("risk") or "",
            overdue=bool(data.get("overdue")),
            assigned_to_me=bool(data.get("mine")),
            violence_form=data.get("violence_form") or "",
            kecamatan=self.kecamatan_ids.get(data.get("kecamatan") or ""),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            query=data.get("q") or "",
            ordering=data.get("sort") or WORKLIST_ORDERINGS[0],
        )
