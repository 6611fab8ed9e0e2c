"""Input shape of the DPIA page; the rules are the services' (dataprotection.services.dpia_save)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from uptdppa.web import date_input

from .requests import ServiceRequired


class SectionField(ServiceRequired, forms.CharField):
    pass


def _section(label: Any, help_text: Any) -> forms.CharField:
    # Shown as required; a missing section is refused by the service, with what to write.
    return SectionField(
        label=label,
        help_text=help_text,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class DpiaForm(forms.Form):
    description = _section(
        _("Description of the processing"),
        _("What is processed, about whom, how and by whom (see the record of processing)."),
    )
    necessity = _section(
        _("Necessity and proportionality"),
        _("Why each kind of data is needed for the unit's duties, and why no less would do."),
    )
    risks = _section(
        _("Risks to the people concerned"),
        _("What could harm the victims, their families and the others recorded, and how likely it is."),
    )
    measures = _section(
        _("Measures to address the risks"),
        _("Encryption, access by team, audit trail, breach handling, retention, training."),
    )
    next_review_on = forms.DateField(label=_("Next review"), widget=date_input())
