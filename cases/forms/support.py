"""Forms of case management (issue 4): outreach visits, health services, the biopsychosocial
assessment and the intervention plan. Input shape only: cases.services.support decides, and
its errors come back next to the fields of the same names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Assessment, Case, HealthServiceKind, Person, PersonRole, PlanItemStatus
from cases.selectors import unit_staff
from cases.services.legal import mediation_refusal
from cases.services.staff import ASSIGNEE_REFUSAL
from cases.vocabularies import ServiceType
from uptdppa.accounts.models import Organisation, OrganisationKind, User

from .common import KelurahanField, date_input, no_future_dates, partner_organisations, with_blank


def person_label(person: Person) -> str:
    return person.full_name or person.nickname or str(_("Name not recorded"))


def _user_label(user: User) -> str:
    return user.display_name


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VictimField(forms.ModelChoiceField):
    """A victim of the case, chosen by their code (no ids in pages)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Person.objects.none(), to_field_name="code", label=_("Victim"), **kwargs)

    def for_case(self, case: Any) -> None:
        self.queryset = Person.objects.filter(case=case, role=PersonRole.VICTIM).order_by("created_at")

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class OutreachForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), initial=timezone.localdate, widget=date_input())
    team = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=User.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who went on the visit."),
    )
    region = KelurahanField(label=_("Kelurahan (Kota Jambi)"))
    place_other = forms.CharField(
        label=_("Or: place elsewhere"),
        required=False,
        max_length=500,
        help_text=_("Outside Kota Jambi, or a place a kelurahan does not describe."),
    )
    purpose = forms.CharField(
        label=_("Purpose"), max_length=200, help_text=_("E.g. home visit, rescue, school visit. No names.")
    )
    is_emergency = forms.BooleanField(label=_("Emergency or rescue"), required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("E.g. the police or a health facility that took part in a rescue."),
    )
    result = forms.CharField(label=_("Result"), required=False, widget=textarea(4))
    next_step = forms.CharField(label=_("Next step"), required=False, widget=textarea(2))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        team.queryset = unit_staff()  # type: ignore[attr-defined]
        team.label_from_instance = _user_label  # type: ignore[attr-defined]
        self.fields["partners"].queryset = partner_organisations()  # type: ignore[attr-defined]
        self.fields["region"].group_choices()  # type: ignore[attr-defined]
        no_future_dates(self, "visited_on")


def health_facilities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True, kind=OrganisationKind.HEALTH).order_by("name")


class HealthServiceForm(forms.Form):
    victim = VictimField()
    kind = forms.ChoiceField(label=_("Service"), choices=with_blank(HealthServiceKind.choices))
    facility = forms.ModelChoiceField(
        label=_("Health facility"), queryset=Organisation.objects.none(), to_field_name="code", required=False
    )
    facility_other = forms.CharField(
        label=_("Or: another facility"),
        max_length=200,
        required=False,
        help_text=_("A facility that is not a partner."),
    )
    requested_on = forms.DateField(label=_("Requested on"), initial=timezone.localdate, widget=date_input())
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=date_input(), help_text=_("Leave empty while it is pending.")
    )
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=textarea(4),
        help_text=_("E.g. the findings of the visum et repertum."),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].for_case(case)  # type: ignore[attr-defined]
        self.fields["facility"].queryset = health_facilities()  # type: ignore[attr-defined]
        no_future_dates(self, "requested_on", "done_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A result without a date would be dropped by the service: say so instead.
        if (data.get("result") or "").strip() and not data.get("done_on") and "done_on" not in self.errors:
            self.add_error("done_on", _("Enter the date the service was done, or leave the result empty."))
        return data


class HealthCompleteForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), initial=timezone.localdate, widget=date_input())
    result = forms.CharField(label=_("Result"), widget=textarea(5), help_text=_("The documented result."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "done_on")


ASSESSMENT_LABELS = {
    "physical": _("Physical condition"),
    "psychological": _("Psychological condition"),
    "social": _("Social situation"),
    "economic": _("Economic situation"),
    "education": _("Education"),
    "spiritual": _("Spiritual life"),
    "needs_and_hopes": _("Needs and hopes"),
}


class AssessmentForm(forms.Form):
    victim = VictimField()
    assessed_on = forms.DateField(label=_("Assessed on"), initial=timezone.localdate, widget=date_input())

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].for_case(case)  # type: ignore[attr-defined]
        for name in (*Assessment.AREAS, "needs_and_hopes"):
            self.fields[name] = forms.CharField(label=ASSESSMENT_LABELS[name], required=False, widget=textarea())
        self.fields["needs_and_hopes"].help_text = _("In the victim's own words.")
        no_future_dates(self, "assessed_on")

    def areas(self) -> dict[str, str]:
        """The area texts for assessment_record. Precondition: the form is valid."""
        return {name: self.cleaned_data[name] for name in (*Assessment.AREAS, "needs_and_hopes")}


class PlanItemForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=with_blank(ServiceType.choices))
    description = forms.CharField(
        label=_("What will be done"), max_length=300, help_text=_("No names or personal details.")
    )
    responsible_user = forms.ModelChoiceField(
        label=_("Responsible staff member"),
        queryset=User.objects.none(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": ASSIGNEE_REFUSAL},
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Or: responsible organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
    )
    due_on = forms.DateField(label=_("Due on"), widget=date_input())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if refusal := mediation_refusal(case):
            # UU TPKS Pasal 23: mediation is not offered, and the reason is shown where it would be.
            service = self.fields["service"]
            service.choices = [c for c in service.choices if c[0] != ServiceType.MEDIASI]  # type: ignore[attr-defined]
            service.help_text = refusal
            service.error_messages["invalid_choice"] = refusal
        staff = self.fields["responsible_user"]
        staff.queryset = unit_staff()  # type: ignore[attr-defined]
        staff.label_from_instance = _user_label  # type: ignore[attr-defined]
        self.fields["responsible_organisation"].queryset = partner_organisations()  # type: ignore[attr-defined]


class PlanSubmitForm(forms.Form):
    # Not required here: the service's own message explains why it is needed.
    made_with_beneficiary = forms.BooleanField(
        label=_("This plan was made with the beneficiary (the victim, or the child's family)"), required=False
    )


class PlanDecisionForm(forms.Form):
    """The head's decision: the two buttons of the form post ``decision``."""

    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (RETURN, _("Return for changes"))])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=textarea(4),
        help_text=_("Required to return the plan: what should change. No names or personal details."),
    )


class PlanItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=with_blank(PlanItemStatus.choices))
    waive_reason = forms.CharField(
        label=_("Reason for waiving"),
        required=False,
        widget=textarea(3),
        help_text=_("Required when the item is waived, e.g. the victim refused the service."),
    )
