"""Fields and helpers shared by the case forms."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Region,
    RegionLevel,
)
from cases.services.common import future_date_error
from uptdppa.accounts.models import Organisation, OrganisationKind
from uptdppa.crypto import normalize_phone
from uptdppa.web import date_input as date_input  # one date picker for every app (the case forms import it here)


def with_blank(choices: list[tuple[str, Any]], label: Any = "---------") -> list[tuple[str, Any]]:
    """Choices with an empty first option (a filter passes ``_("All")`` as its label)."""
    return [("", label), *choices]


def no_future_dates(form: forms.Form, *names: str) -> None:
    """The date pickers offer no day after today, and a later day typed in is refused with the
    form's other errors, on the first submit rather than after they are fixed (the services'
    own rule, cases.services.common.future_date_error; the services still check)."""
    today = timezone.localdate().isoformat()
    for name in names:
        field = form.fields[name]  # each form's own copy: its validators are its own too
        field.widget.attrs["max"] = today
        field.validators.append(_not_in_the_future)


def _not_in_the_future(day: date) -> None:
    if message := future_date_error(day):
        raise ValidationError(message, code="future")


def prefill_today_and_only(form: forms.Form, *, date: str, person: str | None = None) -> None:
    """A blank form starts on today's date and, where the case has a single person to choose
    (its only victim, its only perpetrator), on that person: the usual answers need no typing."""
    if form.is_bound:
        return
    if not form.initial.get(date):
        form.initial[date] = timezone.localdate()
    if person is not None and not form.initial.get(person):
        field = form.fields[person]
        only = list(field.queryset[:2])  # type: ignore[attr-defined]
        if len(only) == 1:
            form.initial[person] = getattr(only[0], field.to_field_name or "pk")  # type: ignore[attr-defined]


def partner_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).exclude(kind=OrganisationKind.UPTD_PPA).order_by("name")


class KelurahanField(forms.ModelChoiceField):
    """A kelurahan, offered in an <optgroup> per kecamatan (see ``group_choices``)."""

    def __init__(self, **kwargs: Any) -> None:
        queryset = Region.objects.filter(level=RegionLevel.KELURAHAN).select_related("parent")
        super().__init__(queryset=queryset, to_field_name="code", required=False, **kwargs)

    def group_choices(self, keep: Any = None) -> None:
        """Current kelurahan grouped by kecamatan, plus ``keep`` (the recorded one) if since closed."""
        today = timezone.localdate()
        current = Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        if keep is not None:
            current |= Q(pk=getattr(keep, "pk", None))
        groups: dict[str, list[tuple[str, str]]] = {}
        for region in self.queryset.filter(current).order_by("parent__name", "name"):  # type: ignore[union-attr]
            groups.setdefault(region.parent.name if region.parent else "", []).append((region.code, region.name))
        self.widget.choices = [("", self.empty_label or ""), *groups.items()]  # type: ignore[attr-defined]


class PhoneField(forms.CharField):
    """A phone number as typed (0812…, 62812…, +62812…), cleaned to E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Phone"))
        attrs = {"type": "tel", "autocomplete": "off", "inputmode": "tel"}
        super().__init__(max_length=30, required=False, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        phone = normalize_phone(text)
        if phone is None:
            raise ValidationError(_("Enter a phone number such as 0812 3456 7890 or +62 812 3456 7890."))
        return phone


def plausible_date(value: date | datetime) -> None:
    """No record of this register is dated before 1900 (and year 1 would overflow time zones)."""
    if value.year < 1900:
        raise ValidationError(_("Check the year."), code="implausible_year")


class PlausibleDateTimeField(forms.DateTimeField):
    """A date-time whose year makes sense; year 1 would crash the time-zone conversion."""

    default_validators = [plausible_date]

    def to_python(self, value: Any) -> datetime | None:
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(_("Check the year."), code="implausible_year") from None
