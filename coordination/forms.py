"""Forms of case conferences, task-force meetings and action items: input shape only; the
services decide (coordination.services). People and organisations are offered by their codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms.common import PlausibleDateTimeField, no_future_dates, partner_organisations
from cases.services.staff import case_staff
from uptdppa.accounts.models import Organisation, OrganisationKind, Role, User
from uptdppa.web import date_input

from .models import ActionItemStatus, CaseConference, TaskForceMeeting


def _text(label: Any, *, rows: int = 3, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ConferenceForm(forms.Form):
    scheduled_at = PlausibleDateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(label=_("Meeting link"), max_length=300, required=False, assume_scheme="https")
    chair = UserChoiceField(label=_("Chair"), queryset=User.objects.none(), to_field_name="code")
    note_taker = UserChoiceField(label=_("Note-taker"), queryset=User.objects.none(), to_field_name="code")
    agenda = _text(_("Agenda"), rows=4)
    staff = UsersChoiceField(
        label=_("Staff invited"),
        queryset=User.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations invited"),
        queryset=partner_organisations(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their liaison officers get an invitation with the case code and the time only."),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = case_staff(case)
        for name in ("chair", "note_taker", "staff"):
            self.fields[name].queryset = staff  # type: ignore[attr-defined]


class HoldForm(forms.Form):
    summary = _text(_("Summary"), rows=5, required=True)
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=date_input())
    override_reason = _text(
        _("Reason to hold the conference without consent"),
        help_text=_("Only the head of the unit, and only when the sharing of this case is blocked."),
    )


class DecisionForm(forms.Form):
    text = _text(_("Decision"), rows=3, required=True)
    organisation = forms.ModelChoiceField(
        label=_("Organisation concerned"),
        queryset=Organisation.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("Its liaison officers will read this decision."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="code"
    )
    assignee = UserChoiceField(label=_("Officer"), queryset=User.objects.none(), to_field_name="code", required=False)
    due_on = forms.DateField(label=_("Due date"), widget=date_input())

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], officers: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = officers  # type: ignore[attr-defined]


def conference_organisations(conference: CaseConference) -> QuerySet[Organisation]:
    """The unit and the organisations invited to ``conference``: who a decision or an action may concern."""
    return Organisation.objects.filter(
        Q(kind=OrganisationKind.UPTD_PPA) | Q(pk__in=conference.attendance.values("organisation"))
    ).order_by("name")


def conference_officers(conference: CaseConference) -> QuerySet[User]:
    """The case staff and the invited organisations' liaison officers."""
    liaisons = User.objects.filter(
        is_active=True,
        role=Role.PENGHUBUNG_OPD,
        organisation__in=conference.attendance.values("organisation"),
    )
    return (case_staff(conference.case) | liaisons).distinct().order_by("first_name", "last_name", "username")


def meeting_organisations(meeting: TaskForceMeeting | None = None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def meeting_officers() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        role__in=[Role.PENGHUBUNG_OPD, Role.KEPALA_UPTD, Role.MANAJER_KASUS, Role.PSIKOLOG, Role.PENDAMPING_HUKUM],
    ).order_by("first_name", "last_name", "username")


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(ActionItemStatus.DONE, ActionItemStatus.DONE.label)],
        widget=forms.RadioSelect,
        initial=ActionItemStatus.DONE,
    )
    note = _text(_("Note"), rows=3)

    def __init__(self, *args: Any, may_cancel: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if may_cancel:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (ActionItemStatus.DONE, ActionItemStatus.DONE.label),
                (ActionItemStatus.CANCELLED, ActionItemStatus.CANCELLED.label),
            ]


class AttendanceForm(forms.Form):
    present = forms.TypedChoiceField(
        label=pgettext_lazy("attendance", "Present"),
        choices=[("1", pgettext_lazy("attendance", "Present")), ("0", pgettext_lazy("attendance", "Absent"))],
        coerce=lambda value: value == "1",
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=date_input())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair = forms.CharField(label=_("Chair"), max_length=200, required=False)
    summary = _text(_("Summary"), rows=5, required=True)
    invited = forms.ModelMultipleChoiceField(
        label=_("Organisations invited"),
        queryset=meeting_organisations(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=meeting_organisations(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "held_on")
