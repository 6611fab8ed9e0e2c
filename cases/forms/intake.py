"""Forms to take a complaint and to triage it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    DatePrecision,
    Person,
    TriageOutcome,
)
from cases.services.intake import complaint_refusals
from cases.vocabularies import (
    Authority,
    CaseType,
    Channel,
    Risk,
    Scene,
)
from uptdppa.accounts.models import Organisation

from .common import (
    KelurahanField,
    PhoneField,
    PlausibleDateTimeField,
    date_input,
    no_future_dates,
    partner_organisations,
    plausible_date,
    with_blank,
)


class IntakeForm(forms.Form):
    """A complaint taken by staff. The reporter's details become a person of role reporter."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.DATANG_LANGSUNG)
    referring_organisation = forms.ModelChoiceField(
        label=_("Referred by"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Required when the complaint was referred by another agency."),
    )
    received_at = PlausibleDateTimeField(
        label=_("Received at"),
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reporter_anonymous = forms.BooleanField(
        label=_("The reporter wishes to stay anonymous"),
        required=False,
        help_text=_("No name or contact of the reporter is kept."),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_phone = PhoneField(label=_("Reporter's phone"))
    reporter_phone_is_whatsapp = forms.BooleanField(label=_("This number has WhatsApp"), required=False)
    reporter_is_victim = forms.BooleanField(label=_("The reporter is the victim"), required=False)
    reporter_relation = forms.CharField(
        label=_("Reporter's relation to the victim"),
        max_length=100,
        required=False,
        help_text=_("For example: mother, teacher, neighbour."),
    )
    chronology = forms.CharField(
        label=_("Chronology"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, in the reporter's words: who, what, when, where."),
    )
    incident_date = forms.DateField(
        label=_("Incident date"), required=False, widget=date_input(), validators=[plausible_date]
    )
    incident_date_precision = forms.ChoiceField(
        label=_("The incident date is"),
        choices=DatePrecision.choices,
        initial=DatePrecision.EXACT,
        help_text=_("For an approximate date, pick any day of the month or year."),
    )
    incident_region = KelurahanField(label=_("Kelurahan of the incident (Kota Jambi)"))
    incident_place_other = forms.CharField(
        label=_("Or: place outside Kota Jambi"),
        max_length=200,
        required=False,
        help_text=_("Regency or city, and district if known."),
    )
    scene = forms.ChoiceField(label=_("Scene"), choices=with_blank(Scene.choices), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referring_organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]
        self.fields["incident_region"].group_choices()  # type: ignore[attr-defined]
        no_future_dates(self, "incident_date")

    def clean(self) -> dict[str, Any]:
        """The service's refusals beside the form's own, so that one submit reports them all;
        a field with an error of its own keeps only that one."""
        data = super().clean() or {}
        refusals = complaint_refusals(
            received_at=data.get("received_at"),
            incident_date=data.get("incident_date"),
            incident_region=data.get("incident_region"),
            incident_place_other=data.get("incident_place_other") or "",
            channel=data.get("channel") or "",
            referring_organisation=data.get("referring_organisation"),
        )
        for name, message in refusals.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def service_values(self) -> dict[str, Any]:
        """Keyword arguments of intake_register. Precondition: the form is valid."""
        data = dict(self.cleaned_data)
        reporter = None
        if data["reporter_name"] or data["reporter_phone"]:
            reporter = {
                "full_name": data["reporter_name"],
                "phone": data["reporter_phone"],
                "phone_is_whatsapp": data["reporter_phone_is_whatsapp"],
                "relation_to_victim": data["reporter_relation"],
            }
        for name in ("reporter_name", "reporter_phone", "reporter_phone_is_whatsapp"):
            del data[name]
        return {**data, "reporter": reporter}


class TriageProposalForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Case type"), choices=with_blank(CaseType.choices))
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=with_blank(Risk.choices),
        help_text=_("Sets the response deadline: high at once, medium within hours, low within days."),
    )
    authority = forms.ChoiceField(label=_("Authority"), choices=with_blank(Authority.choices), initial=Authority.DAERAH)
    # Asked only when a victim is a child and KTP is chosen (cases.services.triage.case_type_refusal).
    case_type_reason = forms.CharField(
        label=_("Why KTP although a victim is a child"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A victim under 18 at the incident makes the case AMPK; KTP needs a reason."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_for(case: Case, victims: list[Person]) -> dict[str, Any]:
        """A previous proposal if there is one; else the case type suggested by the victims' ages."""
        children = any(victim.is_child for victim in victims)
        return {
            "case_type": case.case_type or (CaseType.AMPK if children else CaseType.KTP),
            "risk": case.risk,
            "authority": case.authority or Authority.DAERAH,
            "note": case.triage_note or "",
            "case_type_reason": case.case_type_reason or "",
        }


class TriageDecisionForm(TriageProposalForm):
    """The head's decision. Which fields are needed depends on the outcome; the service says."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=TriageOutcome.choices, widget=forms.RadioSelect, initial=TriageOutcome.ACCEPTED
    )
    referred_to = forms.ModelChoiceField(
        label=_("Referred on to"), queryset=Organisation.objects.none(), required=False
    )
    duplicate_of = forms.CharField(
        label=_("Register number of the original case"),
        max_length=40,
        required=False,
        help_text=_("For example 001/UPTD-PPA/I/2024."),
    )
    field_order = [
        "outcome",
        "case_type",
        "risk",
        "authority",
        "case_type_reason",
        "note",
        "referred_to",
        "duplicate_of",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = partner_organisations()  # type: ignore[attr-defined]
        # Only an accepted case needs a type, risk and authority.
        for name in ("case_type", "risk", "authority"):
            self.fields[name].required = False
