"""Forms of referrals: input shape only; the services decide (referrals.services).

Victims and organisations are offered by their codes (no database ids in pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.forms.common import date_input, no_future_dates, partner_organisations
from cases.forms.protection import victim_label
from cases.models import Person
from cases.vocabularies import ServiceType
from uptdppa.periods import PeriodForm, day_field

from .models import DEFAULT_SHARED_FIELDS, DeclineReason, ReferralOutcome, ReferralUrgency, SharedField
from .overview import default_period


def _text(label: Any, *, rows: int = 3, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ReferralForm(forms.Form):
    """A new referral (a draft): who, to whom, for what, and what the receiver may know."""

    victims = forms.MultipleChoiceField(label=_("Victims referred"), widget=forms.CheckboxSelectMultiple)
    organisation = forms.ModelChoiceField(
        label=_("Referred to"), queryset=partner_organisations(), to_field_name="code", empty_label="---------"
    )
    services = forms.MultipleChoiceField(
        label=_("Services requested"), choices=ServiceType.choices, widget=forms.CheckboxSelectMultiple
    )
    reason = _text(
        _("Reason for the referral"),
        required=True,
        help_text=_("For UPTD PPA only: the receiver does not see it."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=ReferralUrgency.choices,
        initial=ReferralUrgency.NORMAL,
        help_text=_("Sets the date by which the receiver should answer."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Shared with the receiver"),
        choices=SharedField.choices,
        initial=list(DEFAULT_SHARED_FIELDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Share only what the receiver needs. Names, date of birth, NIK, phone and address identify the "
            "victim: tick them only when the service cannot be given without them."
        ),
    )
    facts = _text(
        _("Facts the receiver needs"),
        rows=4,
        help_text=_("Only what the receiver needs to help; no names unless ticked above."),
    )
    cover_note = _text(_("Cover note"), help_text=_("Printed on the referral letter."))
    plan_item = forms.ChoiceField(
        label=_("Plan item it carries out"),
        required=False,
        help_text=_("The item shows the referral's status and is done when the referral is completed."),
    )

    def __init__(self, *args: Any, victims: list[Person], plan_items: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.plan_item_by_code = {str(item.code): item for item in plan_items}
        self.fields["plan_item"].choices = [("", "---------")] + [  # type: ignore[attr-defined]
            (code, f"{item.get_service_display()}: {item.description} ({item.due_on:%d-%m-%Y})")
            for code, item in self.plan_item_by_code.items()
        ]
        if not plan_items:
            self.fields["plan_item"].widget = forms.HiddenInput()
        self.victim_by_code = {str(person.code): person for person in victims}
        field = self.fields["victims"]
        field.choices = [  # type: ignore[attr-defined]
            (code, f"{victim_label(person, n)} ({person.initials})")
            for n, (code, person) in enumerate(self.victim_by_code.items(), 1)
        ]
        if len(self.victim_by_code) == 1:
            field.initial = list(self.victim_by_code)
        self.fields["organisation"].label_from_instance = lambda org: org.name  # type: ignore[attr-defined]

    def clean_victims(self) -> list[Person]:
        return [self.victim_by_code[code] for code in self.cleaned_data["victims"]]

    def clean_plan_item(self) -> Any:
        return self.plan_item_by_code.get(self.cleaned_data.get("plan_item") or "")


class SendForm(forms.Form):
    """Sending a draft. The head gets the reason field when a victim's consent is missing."""

    consent_override_reason = _text(
        _("Reason to send without recorded consent"),
        help_text=_("Logged with your name. Only when the referral cannot wait for the consent sheet."),
    )

    def __init__(self, *args: Any, can_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["consent_override_reason"]


class RevokeForm(forms.Form):
    reason = _text(_("Reason for revoking"), required=True, help_text=_("The receiver will no longer see it."))


class DeclineForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason for declining"), choices=[("", "---------"), *DeclineReason.choices], required=False
    )
    reason = _text(_("Explanation"), help_text=_('Required when the reason is "Other reason".'))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe): the cleaned value is a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ActionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input())
    action = forms.CharField(label=_("Action taken"), max_length=200)
    notes = _text(_("Notes"))
    # A declared field (the form metaclass moves it to base_fields): form.files stays the upload dict.
    files = MultipleFileField(label=_("Files"), required=False)  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "date")
        self.fields["files"].help_text = gettext(
            "Optional: reports or photos of what was done. PDF, JPEG or PNG, at most %(limit)s each; "
            "location and camera details are removed from photos."
        ) % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}


class CompleteForm(forms.Form):
    outcome_code = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *ReferralOutcome.choices], required=False
    )
    outcome = _text(_("What was done and how it ended"), rows=4, required=True)


class OverviewPeriodForm(PeriodForm):
    """The period of the overview: referrals sent between two days (inclusive); a missing end is
    today, a missing start the first of January of this year (of the end's year for an end in
    an earlier year)."""

    date_from = day_field(_("Sent from"))
    date_to = day_field(_("Sent until"))

    def default_start(self, end: date) -> date:
        default_from, _default_to = default_period()
        return default_from if end >= default_from else date(end.year, 1, 1)
