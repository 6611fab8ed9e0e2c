"""Forms of the legal page: legal-process events, mediation, restitution, accompaniment and legal
aid. Input shape only: the rules (UU TPKS Pasal 23, UU SPPA Pasal 7, dates, parties) are the
services', whose errors the views put next to these fields.

People are chosen among the case's own victims or perpetrators and users among the case team
and the head, all by their ``code`` (no ids in the page).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import (
    AccompanimentStage,
    Case,
    LegalAid,
    MediationDisputeKind,
    MediationStatus,
    Person,
    PersonRole,
    RestitutionPayer,
)
from cases.selectors import case_staff, mediators_for
from cases.services.staff import COMPANION_REFUSAL, MEDIATOR_REFUSAL
from cases.vocabularies import LegalStage
from uptdppa.accounts.models import User

from .common import date_input, no_future_dates, partner_organisations, prefill_today_and_only, with_blank

YES_NO = [("false", _("No")), ("true", _("Yes"))]


def person_label(person: Person) -> str:
    """How staff tell the people of a case apart in a choice (this page is for the team only)."""
    name = person.full_name or person.nickname or str(_("identity unknown"))
    if person.age_at_incident is None:
        return name
    return _("%(name)s (%(age)s yrs)") % {"name": name, "age": person.age_at_incident}


class PersonChoiceField(forms.ModelChoiceField):
    """A victim or alleged perpetrator of the case, by code."""

    def __init__(self, *, case: Case, role: str, **kwargs: Any) -> None:
        queryset = Person.objects.filter(case=case, role=role).order_by("created_at")
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name  # type: ignore[no-any-return]


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name  # type: ignore[no-any-return]


class LegalEventForm(forms.Form):
    """A step of the legal process against one perpetrator; the diversion part is shown (and
    sent to the service) for stage "diversi" only."""

    perpetrator = forms.ModelChoiceField(label=_("Alleged perpetrator"), queryset=Person.objects.none())
    stage = forms.ChoiceField(label=_("Stage"), choices=with_blank(LegalStage.choices))
    date = forms.DateField(label=_("Date"), widget=date_input())
    place = forms.CharField(label=_("Place or institution"), max_length=200, required=False)
    reference_number = forms.CharField(
        label=_("Reference number"),
        max_length=60,
        required=False,
        help_text=_("For a police report: the LP number. It also ends the police report deadline."),
    )
    unit = forms.CharField(label=_("Police unit"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    offence_max_penalty_years = forms.DecimalField(
        label=_("Maximum penalty of the offence (years)"), max_digits=4, decimal_places=1, required=False
    )
    repeat_offence = forms.NullBooleanField(
        label=_("Repeat offence"), widget=forms.RadioSelect(choices=YES_NO), required=False
    )
    victim_consent = forms.BooleanField(label=_("The victim or their family consents"), required=False)
    victim_consent_by = forms.CharField(
        label=_("Consent given by"),
        max_length=100,
        required=False,
        help_text=_("The victim, or their relation to the victim (e.g. mother)."),
    )

    DIVERSION_FIELDS = ("offence_max_penalty_years", "repeat_offence", "victim_consent", "victim_consent_by")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"] = PersonChoiceField(
            case=case, role=PersonRole.PERPETRATOR, label=_("Alleged perpetrator")
        )
        no_future_dates(self, "date")
        prefill_today_and_only(self, date="date", person="perpetrator")

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        if values["stage"] != LegalStage.DIVERSI:
            # Hidden when another stage is chosen: whatever was typed there does not apply.
            for name in self.DIVERSION_FIELDS:
                values.pop(name)
        return values


class MediationOpenForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=Person.objects.none())
    perpetrator = forms.ModelChoiceField(label=_("Other party"), queryset=Person.objects.none())
    dispute_kind = forms.ChoiceField(label=_("Kind of dispute"), choices=with_blank(MediationDisputeKind.choices))
    mediator = StaffChoiceField(
        label=_("Mediator"),
        queryset=User.objects.none(),
        to_field_name="code",
        error_messages={"invalid_choice": MEDIATOR_REFUSAL},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"] = PersonChoiceField(case=case, role=PersonRole.VICTIM, label=_("Victim"))
        self.fields["perpetrator"] = PersonChoiceField(case=case, role=PersonRole.PERPETRATOR, label=_("Other party"))
        self.fields["mediator"].queryset = mediators_for(case)  # type: ignore[attr-defined]


class MediationSessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input())
    mediator = StaffChoiceField(
        label=_("Mediator"),
        queryset=User.objects.none(),
        to_field_name="code",
        error_messages={"invalid_choice": MEDIATOR_REFUSAL},
        required=False,
        help_text=_("Leave empty for the mediator of the mediation."),
    )
    parties_present = forms.CharField(
        label=_("Parties present"),
        max_length=300,
        help_text=_("Roles, not names: e.g. victim, mother, other party."),
    )
    berita_acara = forms.CharField(
        label=_("Minutes (berita acara)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators_for(case)  # type: ignore[attr-defined]
        no_future_dates(self, "date")


class MediationCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in MediationStatus.choices if value != MediationStatus.OPEN],
        widget=forms.RadioSelect,
    )
    agreement_terms = forms.CharField(
        label=_("Agreement terms"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class MediationFollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input())
    complied = forms.TypedChoiceField(
        label=_("Agreement complied with"),
        choices=YES_NO,
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "date")


class RestitutionForm(forms.Form):
    """Restitution of one victim against one perpetrator: saving replaces what was recorded."""

    victim = forms.ModelChoiceField(label=_("Victim"), queryset=Person.objects.none())
    perpetrator = forms.ModelChoiceField(label=_("Alleged perpetrator"), queryset=Person.objects.none())
    claimed = forms.BooleanField(label=_("Restitution claimed"), required=False)
    amount = forms.DecimalField(label=_("Amount claimed (Rp)"), max_digits=15, decimal_places=2, required=False)
    lpsk_assessment = forms.CharField(
        label=_("LPSK assessment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lpsk_amount = forms.DecimalField(
        label=_("Amount assessed by LPSK (Rp)"), max_digits=15, decimal_places=2, required=False
    )
    decision = forms.CharField(label=_("Court decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    paid = forms.BooleanField(label=_("Paid"), required=False)
    paid_at = forms.DateField(label=_("Paid on"), widget=date_input(), required=False)
    payer = forms.ChoiceField(
        label=_("Paid by"),
        choices=with_blank(RestitutionPayer.choices),
        required=False,
        help_text=_("For a child perpetrator the parent pays."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"] = PersonChoiceField(case=case, role=PersonRole.VICTIM, label=_("Victim"))
        self.fields["perpetrator"] = PersonChoiceField(
            case=case, role=PersonRole.PERPETRATOR, label=_("Alleged perpetrator")
        )
        no_future_dates(self, "paid_at")


class AccompanimentForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=Person.objects.none())
    stage = forms.ChoiceField(label=_("Accompanied to"), choices=with_blank(AccompanimentStage.choices))
    date = forms.DateField(label=_("Date"), widget=date_input())
    place = forms.CharField(label=_("Place or institution"), max_length=200, required=False)
    staff = StaffMultipleChoiceField(
        label=_("Accompanied by"),
        queryset=User.objects.none(),
        to_field_name="code",
        error_messages={"invalid_choice": COMPANION_REFUSAL},
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"] = PersonChoiceField(case=case, role=PersonRole.VICTIM, label=_("Victim"))
        self.fields["staff"].queryset = case_staff(case)  # type: ignore[attr-defined]
        no_future_dates(self, "date")
        prefill_today_and_only(self, date="date", person="victim")


class LegalAidForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Legal aid organisation"), queryset=partner_organisations(), to_field_name="code", required=False
    )
    provider_name = forms.CharField(
        label=_("Other provider"), max_length=200, required=False, help_text=_("When the provider is not in the list.")
    )
    advocate = forms.CharField(label=_("Advocate"), max_length=200, required=False)
    started_on = forms.DateField(label=_("From"), widget=date_input())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, case: Case, legal_aid: LegalAid | None = None, **kwargs: Any) -> None:
        if legal_aid is not None:
            kwargs["initial"] = {
                "victim": legal_aid.victim.code,
                "organisation": legal_aid.organisation.code if legal_aid.organisation else None,
                "provider_name": legal_aid.provider_name,
                "advocate": legal_aid.advocate,
                "started_on": legal_aid.started_on,
                "note": legal_aid.note or "",
            }
        super().__init__(*args, **kwargs)
        self.fields["victim"] = PersonChoiceField(case=case, role=PersonRole.VICTIM, label=_("Victim"))
        if legal_aid is not None:
            # The record stays with its victim: correcting the victim is a new record.
            self.fields["victim"].disabled = True
        self.fields["organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]
        no_future_dates(self, "started_on")


class LegalAidEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Until"), widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "ended_on")
