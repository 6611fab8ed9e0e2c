"""Forms of the case team and of the register numbers (police report, SIMFONI)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    TeamRole,
)
from uptdppa.accounts.models import Role, User

from .common import (
    date_input,
    no_future_dates,
)

# Team places offered by the team form, in order, with the account role allowed to fill them.
TEAM_PLACES = (
    ("case_manager", TeamRole.MANAJER_KASUS, Role.MANAJER_KASUS),
    ("psychologist", TeamRole.PSIKOLOG, Role.PSIKOLOG),
    ("legal_advisor", TeamRole.PENDAMPING_HUKUM, Role.PENDAMPING_HUKUM),
)


class TeamForm(forms.Form):
    """Adds people to the team; removing is a button per member. Choosing a new case manager
    replaces the current one."""

    case_manager = forms.ModelChoiceField(label=_("Case manager"), queryset=User.objects.none(), required=False)
    psychologist = forms.ModelChoiceField(label=_("Psychologist"), queryset=User.objects.none(), required=False)
    legal_advisor = forms.ModelChoiceField(label=_("Legal advisor"), queryset=User.objects.none(), required=False)
    others = forms.ModelMultipleChoiceField(
        label=_("Other support workers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.members = list(case.team.all())
        initial: dict[str, Any] = {name: self._member(team_role) for name, team_role, _role in TEAM_PLACES}
        initial["others"] = [m.user for m in self.members if m.team_role == TeamRole.PENDAMPING]
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        for name, _team_role, role in TEAM_PLACES:
            self.fields[name].queryset = staff.filter(role=role)  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]
        others = self.fields["others"]
        others.queryset = staff.filter(role__in=[role for _name, _team_role, role in TEAM_PLACES])  # type: ignore[attr-defined]
        others.label_from_instance = lambda user: f"{user.display_name} ({user.get_role_display()})"  # type: ignore[attr-defined]

    def _member(self, team_role: str) -> User | None:
        return next((m.user for m in self.members if m.team_role == team_role), None)

    def additions(self) -> list[tuple[str, User, str]]:
        """(field name, user, team role) for everyone chosen who is not yet in that place."""
        present = {(m.user_id, m.team_role) for m in self.members}
        chosen = [(name, self.cleaned_data[name], team_role) for name, team_role, _role in TEAM_PLACES]
        chosen += [("others", user, TeamRole.PENDAMPING) for user in self.cleaned_data["others"]]
        return [
            (name, user, team_role) for name, user, team_role in chosen if user and (user.pk, team_role) not in present
        ]


class PoliceReportForm(forms.Form):
    number = forms.CharField(label=_("Police report (LP) number"), max_length=60)
    report_date = forms.DateField(label=_("Report date"), widget=date_input())
    unit = forms.CharField(
        label=_("Police unit"), max_length=120, required=False, help_text=_("For example: Polresta Jambi, Unit PPA.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        no_future_dates(self, "report_date")


class RegistryForm(forms.Form):
    simfoni_number = forms.CharField(label=_("SIMFONI register number"), max_length=40, required=False)
