"""The form of a person of a case (victim, alleged perpetrator, reporter)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Person,
    PersonRole,
)
from cases.services.people import PERSON_FIELDS
from cases.vocabularies import (
    Disability,
    Education,
    ProtectionCategory,
    Relation,
    Sex,
    ViolenceForm,
)

from .common import (
    KelurahanField,
    PhoneField,
    date_input,
    no_future_dates,
    plausible_date,
    with_blank,
)

# Every search-before-create input asks for matches after a pause in typing (HTMX, see person_form.html).
MATCH_TRIGGER = "keyup changed delay:500ms"


MATCH_INPUTS = "#id_nik, #id_phone, #id_full_name, #id_birth_date"


# A victim's form asks about each perpetrator, and a perpetrator's about each victim.
_COUNTERPART_ROLE: dict[str, str] = {
    PersonRole.VICTIM: PersonRole.PERPETRATOR,
    PersonRole.PERPETRATOR: PersonRole.VICTIM,
}


_RELATION_LABELS: dict[str, Any] = {
    PersonRole.PERPETRATOR: _("What is this person to the victim %(name)s?"),
    PersonRole.VICTIM: _("What is %(name)s to this victim?"),
}


def _person_label(person: Person) -> str:
    return person.full_name or person.nickname or str(_("(no name, %(code)s)") % {"code": str(person.code)[:8]})


def _relation(person: Person | None, other: Person) -> str:
    """The recorded relation between ``person`` and ``other`` (uses the case's prefetch)."""
    if person is None:
        return ""
    victim, perpetrator = (other, person) if person.role == PersonRole.PERPETRATOR else (person, other)
    for link in victim.perpetrator_relations.all():
        if link.perpetrator_id == perpetrator.pk:
            return link.relation
    return ""


class PersonForm(forms.Form):
    """A victim, alleged perpetrator or reporter, with the relations between victims and perpetrators.

    ``people``: the other people of the case. A select per victim appears for a perpetrator
    and one per perpetrator for a victim (fields named ``relation_<code>``).
    """

    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices, initial=PersonRole.VICTIM)
    is_unknown = forms.BooleanField(label=_("Identity unknown"), required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    nickname = forms.CharField(label=_("Nickname"), max_length=100, required=False)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        required=False,
        help_text=_("16 digits, from the identity card or family card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=_("Family card (KK) number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=date_input(), validators=[plausible_date]
    )
    estimated_age = forms.IntegerField(label=_("Or: estimated age (years)"), min_value=0, max_value=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=with_blank(Sex.choices), required=False)
    phone = PhoneField()
    phone_is_whatsapp = forms.BooleanField(label=_("This number has WhatsApp"), required=False)
    region = KelurahanField(label=_("Kelurahan of residence"))
    address_line = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
    education = forms.ChoiceField(label=_("Education"), choices=with_blank(Education.choices), required=False)
    disability = forms.ChoiceField(label=_("Disability"), choices=with_blank(Disability.choices), required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False)
    relation_to_victim = forms.CharField(label=_("Relation to the victim"), max_length=100, required=False)
    violence_forms = forms.MultipleChoiceField(
        label=_("Forms of violence suffered"),
        choices=ViolenceForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    protection_categories = forms.MultipleChoiceField(
        label=_("Special-protection categories (UU 35/2014 Pasal 59)"),
        choices=ProtectionCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For child victims (under 18 at the incident) only."),
    )

    def __init__(
        self, *args: Any, people: list[Person], person: Person | None = None, matches_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["region"].group_choices(keep=person.region if person else None)  # type: ignore[attr-defined]
        no_future_dates(self, "birth_date")
        if person is not None:
            self.fields["role"].disabled = True
        if matches_url:
            for name in ("nik", "phone", "full_name", "birth_date"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": matches_url,
                        "hx-trigger": "change" if name == "birth_date" else MATCH_TRIGGER,
                        "hx-include": MATCH_INPUTS,
                        "hx-target": "#person-matches",
                        "hx-sync": "closest form:replace",
                    }
                )
        # (field name, the other person, the role this person must have for the field to apply)
        self.relation_fields: list[tuple[str, Person, str]] = []
        for other in people:
            applies_to = _COUNTERPART_ROLE.get(other.role)
            if other == person or applies_to is None or (person is not None and person.role != applies_to):
                continue
            name = f"relation_{other.code.hex}"
            label = _RELATION_LABELS[applies_to] % {"name": _person_label(other)}
            self.fields[name] = forms.ChoiceField(
                label=label, choices=with_blank(Relation.choices), required=False, initial=_relation(person, other)
            )
            self.relation_fields.append((name, other, applies_to))

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["role"] = person.role
        initial["violence_forms"] = [record.form for record in person.violence_forms.all()]
        initial["protection_categories"] = [record.category for record in person.protection_categories.all()]
        return initial

    def relation_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The relation selects, by the role of this person they apply to (for the template)."""
        groups: dict[str, list[forms.BoundField]] = {}
        for name, _other, applies_to in self.relation_fields:
            groups.setdefault(applies_to, []).append(self[name])
        return list(groups.items())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("birth_date") and data.get("estimated_age") is not None:
            self.add_error("estimated_age", _("Give the date of birth or an estimated age, not both."))
        return data

    def service_values(self) -> dict[str, Any]:
        """Keyword arguments of person_add / person_update (role excluded). Details that do not
        apply to the chosen role (hidden in the browser) are left out."""
        data = self.cleaned_data
        role = data["role"]
        values: dict[str, Any] = {name: data[name] for name in PERSON_FIELDS}
        values["is_unknown"] = bool(data["is_unknown"]) and role == PersonRole.PERPETRATOR
        if role != PersonRole.REPORTER:
            values["relation_to_victim"] = ""
        victim = role == PersonRole.VICTIM
        values["violence_forms"] = data["violence_forms"] if victim else None
        values["protection_categories"] = data["protection_categories"] if victim else None
        return values

    def changed_relations(self, person: Person) -> list[tuple[Person, Person, str]]:
        """(victim, perpetrator, relation) for each relation chosen or changed in this form."""
        changed = []
        for name, other, applies_to in self.relation_fields:
            relation = self.cleaned_data.get(name)
            if person.role != applies_to or not relation or relation == self.fields[name].initial:
                continue
            pair = (other, person) if person.role == PersonRole.PERPETRATOR else (person, other)
            changed.append((*pair, relation))
        return changed
