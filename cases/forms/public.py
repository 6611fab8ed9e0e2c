"""The public complaint and status forms (no login)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import DatePrecision
from cases.public import complaint_errors
from cases.vocabularies import Sex

from .common import KelurahanField, date_input

# --- Forms -------------------------------------------------------------------------------------
_PRECISION_CHOICES = [
    (DatePrecision.EXACT, _("This exact day")),
    (DatePrecision.MONTH, _("Only the month is right")),
    (DatePrecision.YEAR, _("Only the year is right")),
]
_VICTIM_SEX_CHOICES = [("", _("Not known")), (Sex.PEREMPUAN, Sex.PEREMPUAN.label), (Sex.LAKI_LAKI, Sex.LAKI_LAKI.label)]


class PublicForm(forms.Form):
    """Bootstrap classes and large controls for thumbs; fields in error are marked invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input flex-shrink-0 mt-1"
            elif isinstance(field.widget, forms.Select):
                css = "form-select form-select-lg"
            else:
                css = "form-control form-control-lg"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class PublicComplaintForm(PublicForm):
    chronology = forms.CharField(
        label=_("What happened?"),
        max_length=10_000,
        error_messages={"required": _("Tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "In your own words: what happened, to whom, and who did it. Write as much or as little as you can."
        ),
    )
    incident_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=date_input(),
        help_text=_("Leave it empty if you do not know. If you know only the month or the year, pick a day in it."),
    )
    incident_date_precision = forms.ChoiceField(
        label=_("How sure are you of this date?"),
        choices=_PRECISION_CHOICES,
        initial=DatePrecision.EXACT,
        required=False,
        widget=forms.RadioSelect,
    )
    incident_region = KelurahanField(
        label=_("Kelurahan in Kota Jambi"),
        empty_label=_("Choose a kelurahan"),
        help_text=_("Leave it empty if you do not know."),
    )
    incident_place_other = forms.CharField(
        label=_("Or, if it happened outside Kota Jambi: where?"),
        max_length=200,
        required=False,
        help_text=_("For example the regency or city. No full address is needed."),
    )
    victim_name = forms.CharField(
        label=_("Name or initials"),
        max_length=200,
        required=False,
        help_text=_("Initials are enough. A child's identity is protected by law."),
    )
    victim_age = forms.IntegerField(
        label=_("Age in years (an estimate is fine)"),
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    victim_sex = forms.ChoiceField(
        label=_("Sex"), choices=_VICTIM_SEX_CHOICES, required=False, widget=forms.RadioSelect
    )
    reporter_anonymous = forms.BooleanField(
        label=_("I want to stay anonymous"),
        required=False,
        help_text=_("We will not keep your name or phone number. We cannot contact you, so keep your tracking code."),
    )
    reporter_is_victim = forms.BooleanField(label=_("I am the victim"), required=False)
    reporter_relation = forms.CharField(
        label=_("Your relation to the victim"),
        max_length=100,
        required=False,
        help_text=_("For example: mother, neighbour, teacher."),
    )
    reporter_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Needed unless you stay anonymous. For example 0812 3456 7890."),
    )
    reporter_phone_is_whatsapp = forms.BooleanField(label=_("This number has WhatsApp"), required=False)
    acknowledgement = forms.BooleanField(
        label=_("I have read the notice on personal data and I send this complaint to UPTD PPA Kota Jambi."),
        error_messages={"required": _("Tick this box to send the complaint.")},
    )
    # Honeypot: hidden from people (CSS class, aria-hidden, no tab stop); bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"class": "visually-hidden", "autocomplete": "off", "tabindex": "-1", "aria-hidden": "true"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(KelurahanField, self.fields["incident_region"]).group_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in complaint_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class StatusForm(PublicForm):
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
