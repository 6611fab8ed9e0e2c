"""Input shape of the data-subject requests' pages; the rules are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.forms.common import PlausibleDateTimeField
from cases.models import Person, PersonRole
from cases.vocabularies import Sex
from uptdppa.web import date_input

from ..models import Decision, IdentityCheck, Pasal15Exception, Requester, RequestKind
from ..services.requests import request_input_checked


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _text(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ServiceRequired:
    """A field shown as required (its label's asterisk, ``required`` for assistive technology; the
    forms are ``novalidate``) whose emptiness the service refuses, with what to write, not the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "required": True})

    def validate(self, value: Any) -> None:
        if value in cast(forms.Field, self).empty_values:
            return
        super().validate(value)  # type: ignore[misc]


class ServiceRequiredChoiceField(ServiceRequired, forms.ChoiceField):
    pass


def person_label(person: Person) -> str:
    """A person as the registration offers them: role and initials (no name)."""
    return f"{person.get_role_display()} — {person.initials} ({str(person.code)[:8]})"


class RequestForm(forms.Form):
    # Typed in the page's case lookup above the form (the one "Case" box); the form carries the case
    # whose people it lists, so the person chosen is always of the case the request is recorded for.
    case_code = forms.CharField(
        label=_("Case"),
        max_length=60,
        help_text=_("The register number or the code of the person's case."),
        widget=forms.HiddenInput,
    )
    person = ServiceRequiredChoiceField(label=_("Person concerned"))
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
        empty = _("— choose the person —") if people else _("— enter the case first —")
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", empty), *choices]
        victims = [p for p in people if p.role == PersonRole.VICTIM]
        if len(victims) == 1:  # most requests are about the victim: offered, still to be checked
            self.fields["person"].initial = str(victims[0].code)
        cast(forms.ChoiceField, self.fields["requester_person"]).choices = [("", "—"), *choices]

    def clean(self) -> dict[str, Any]:
        """The service's refusals of this input (``request_input_checked``) come with the form's
        own, on the first submit; a field with an error of its own keeps only that one."""
        data = super().clean() or {}
        try:
            request_input_checked(
                case_code=data.get("case_code") or "",
                person=data.get("person"),
                requester=data.get("requester") or "",
                received_at=data.get("received_at"),
                requester_person=data.get("requester_person"),
                requester_name=data.get("requester_name") or "",
                requester_relation=data.get("requester_relation") or "",
            )
        except ValidationError as refusal:
            for name, messages in refusal.message_dict.items():
                if name not in self.errors:
                    for message in messages:
                        self.add_error(name, message)
        return data


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
