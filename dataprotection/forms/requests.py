"""Input shape of the data-subject requests' pages; the rules are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.common import PlausibleDateTimeField
from cases.models import Person
from cases.vocabularies import Sex
from uptdppa.web import date_input

from ..models import Decision, IdentityCheck, Pasal15Exception, Requester, RequestKind


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


def person_label(person: Person) -> str:
    """A person as the registration offers them: role and initials (no name)."""
    return f"{person.get_role_display()} — {person.initials} ({str(person.code)[:8]})"


class RequestForm(forms.Form):
    case_code = forms.CharField(
        label=_("Case"), max_length=60, help_text=_("The register number or the code of the person's case.")
    )
    person = forms.ChoiceField(label=_("Person concerned"), required=False)
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    requester = forms.ChoiceField(label=_("Who asked"), choices=Requester.choices, widget=forms.RadioSelect)
    requester_person = forms.ChoiceField(
        label=_("Requester recorded in the case"),
        required=False,
        help_text=_("If the requester is a person of the case (e.g. the reporter), choose them."),
    )
    requester_name = forms.CharField(label=_("Requester's name"), required=False, max_length=200)
    requester_relation = forms.CharField(
        label=_("Relation to the person"), required=False, max_length=100, help_text=_("E.g. mother, guardian, lawyer.")
    )
    identity_check = forms.ChoiceField(label=_("Identity verified by"), choices=IdentityCheck.choices)
    identity_note = _text(_("Identity note"))
    details = _text(_("What is asked"))
    received_at = PlausibleDateTimeField(label=_("Received at"), widget=_datetime_input())

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [(str(p.code), person_label(p)) for p in people]
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("— enter the case first —")), *choices]
        cast(forms.ChoiceField, self.fields["requester_person"]).choices = [("", "—"), *choices]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    reason = _text(_("Reason"), help_text=_("Required when the request is refused or granted in part."))
    exception = forms.ChoiceField(
        label=_("Pasal 15 exception"),
        required=False,
        choices=[("", "—"), *Pasal15Exception.choices],
        help_text=_("Never for access or correction."),
    )


class CorrectionForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    nickname = forms.CharField(label=_("Nickname"), required=False, max_length=100)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=32)
    kk_number = forms.CharField(label=_("Family card (KK) number"), required=False, max_length=32)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=date_input())
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    address_line = _text(_("Address"))
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=100)
