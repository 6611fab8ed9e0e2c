"""Input shape of the breach register's pages; the rules are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.forms.common import PlausibleDateTimeField

from ..models import IncidentKind, RecordClass
from ..services import Proposal
from ..services.breaches import incident_input_checked


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


class IncidentForm(forms.Form):
    discovered_at = PlausibleDateTimeField(label=_("Discovered at"), widget=_datetime_input())
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices, widget=forms.RadioSelect)
    record_classes = forms.MultipleChoiceField(
        label=_("Records affected"), choices=RecordClass.choices, widget=forms.CheckboxSelectMultiple
    )
    description = _text(_("What happened"), required=True)
    cause = _text(_("How it happened"))
    handling = _text(_("Handling and recovery steps"))
    case_codes = forms.CharField(
        label=_("Affected cases"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Register numbers or case codes, one per line."),
    )
    person_codes = forms.CharField(
        label=_("Affected people"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Person codes of those cases, one per line; empty: every victim of the affected cases."),
    )

    def clean(self) -> dict[str, Any]:
        """The service's refusals (a discovery in the future, unknown cases or people) beside the
        form's own, on the first submit; a field with an error of its own keeps only that one."""
        data = super().clean() or {}
        try:
            incident_input_checked(
                data.get("discovered_at"), lines(data.get("case_codes") or ""), lines(data.get("person_codes") or "")
            )
        except ValidationError as refusal:
            for name, messages in refusal.message_dict.items():
                if name not in self.errors:
                    for message in messages:
                        self.add_error(name, message)
        return data


AGENCY = "lembaga"


def recipient_value(proposal: Proposal) -> str:
    child = f":{proposal.on_behalf_of.code}" if proposal.on_behalf_of else ""
    return f"orang:{proposal.person.code}{child}"


class NoticeForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"))
    agency_name = forms.CharField(label=_("Agency"), required=False, max_length=200)
    address = _text(_("Address"))
    data_exposed = _text(_("Personal data exposed"))
    when_how = _text(_("When and how the data were exposed"))
    handling = _text(_("Handling and recovery"))

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(AGENCY, _("Supervising agency"))]
        for proposal in proposals:
            label = proposal.person.full_name or str(proposal.person.code)[:8]
            if proposal.on_behalf_of:
                label = _("%(name)s, on behalf of %(child)s") % {
                    "name": label,
                    "child": proposal.on_behalf_of.full_name or str(proposal.on_behalf_of.code)[:8],
                }
            if proposal.perpetrator:
                label = _("%(name)s (alleged perpetrator: may not be told)") % {"name": label}
            choices.append((recipient_value(proposal), label))
        cast(forms.ChoiceField, self.fields["recipient"]).choices = choices

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        recipient = data.pop("recipient")
        if recipient == AGENCY:
            return {**data, "recipient_kind": "lembaga"}
        _kind, person, *child = recipient.split(":")
        return {
            **data,
            "recipient_kind": "orang",
            "person_code": person,
            "on_behalf_of_code": child[0] if child else None,
        }


class NoticeEditForm(forms.Form):
    letter_number = forms.CharField(label=_("Letter number"), required=False, max_length=60)
    address = _text(_("Address"))
    data_exposed = _text(_("Personal data exposed"))
    when_how = _text(_("When and how the data were exposed"))
    handling = _text(_("Handling and recovery"))


class NoticeSentForm(forms.Form):
    sent_at = PlausibleDateTimeField(
        label=_("Sent at"), required=False, widget=_datetime_input(), help_text=_("Empty: now.")
    )


class StatementForm(forms.Form):
    statement = _text(_("Public statement"), help_text=_("No names, numbers or other personal data."))


class CloseForm(forms.Form):
    lessons = _text(_("Lessons learned"), required=True)
    measures = _text(_("Measures taken"), required=True)
