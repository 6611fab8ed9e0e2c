"""Forms of protection and recovery: psychological sessions, shelter, consent or legal basis, the
victim's rights. Input shape only: cases.services.protection decides what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import CaseTeamMember, LegalBasis, Person, TeamRole, VictimRightStatus
from uptdppa.accounts.models import Organisation

from .common import date_input, no_future_dates, partner_organisations, prefill_today_and_only, with_blank


def victim_label(person: Person, number: int) -> str:
    """How a victim is named on these pages: their name, or "Victim 2" when none is recorded."""
    return person.full_name or gettext("Victim %(number)s") % {"number": number}


class VictimForm(forms.Form):
    """A form about one of the case's victims, offered by code (no ids in pages). The victim is
    preselected when there is only one, or when the page's button named them (``chosen``)."""

    victim = forms.ChoiceField(label=_("Victim"))

    def __init__(self, *args: Any, victims: list[Person], chosen: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.victims = {str(person.code): person for person in victims}
        choices = [(code, victim_label(person, n)) for n, (code, person) in enumerate(self.victims.items(), 1)]
        field = self.fields["victim"]
        field.choices = choices if len(choices) == 1 else with_blank(choices)  # type: ignore[attr-defined]
        if len(choices) == 1:
            field.initial = choices[0][0]
        elif chosen in self.victims:
            field.initial = chosen

    def clean_victim(self) -> Person:
        return self.victims[self.cleaned_data["victim"]]


class PsychSessionForm(VictimForm):
    psychologist = forms.ChoiceField(label=_("Psychologist"))
    date = forms.DateField(label=_("Date"), widget=date_input())
    method = forms.CharField(
        label=_("Method or instrument"),
        max_length=200,
        required=False,
        help_text=_("E.g. counselling, play therapy, SDQ."),
    )
    observations = forms.CharField(label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, team: list[CaseTeamMember], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.psychologists = {str(m.user.code): m.user for m in team if m.team_role == TeamRole.PSIKOLOG}
        field = self.fields["psychologist"]
        field.choices = with_blank([(code, u.display_name) for code, u in self.psychologists.items()])  # type: ignore[attr-defined]
        # The psychologist recording their own session need not pick themselves.
        if str(user.code) in self.psychologists:
            field.initial = str(user.code)
        no_future_dates(self, "date")
        prefill_today_and_only(self, date="date")  # the only victim: VictimForm

    def clean_psychologist(self) -> Any:
        return self.psychologists[self.cleaned_data["psychologist"]]


class ShelterAdmitForm(VictimForm):
    place = forms.CharField(
        label=_("Shelter"), max_length=200, help_text=_("The shelter's name, e.g. the UPTD PPA's own shelter.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Run by"), queryset=Organisation.objects.none(), required=False, to_field_name="code"
    )
    admitted_on = forms.DateField(label=_("Admitted on"), widget=date_input())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]
        no_future_dates(self, "admitted_on")
        prefill_today_and_only(self, date="admitted_on")


class ShelterDischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=date_input())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. where the victim went: home, a safe house, a Kemensos or LPSK placement."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "discharged_on")
        prefill_today_and_only(self, date="discharged_on")


class ConsentForm(VictimForm):
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=with_blank(LegalBasis.choices),
        help_text=_("Consent, or another ground when consent is not the basis (UU 27/2022 PDP)."),
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=100,
        required=False,
        help_text=_("Only for consent: the victim, or their relation to the victim (e.g. mother, guardian)."),
    )
    given_on = forms.DateField(label=_("Date"), widget=date_input())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. where the signed consent sheet is kept."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "given_on")
        prefill_today_and_only(self, date="given_on")


class VictimRightForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VictimRightStatus.choices, widget=forms.RadioSelect)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What shows the right is fulfilled, or why it does not apply. Leave empty to keep the evidence recorded."
        ),
    )
