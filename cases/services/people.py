"""Victims, alleged perpetrators and reporters of a case."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.identifiers import nik_warnings, parse_nik
from cases.models import (
    Case,
    DatePrecision,
    EventKind,
    PerpetratorRelation,
    Person,
    PersonRole,
    ProtectionRecord,
    RegionLevel,
    ViolenceRecord,
)
from uptdppa.crypto import normalize_digits, normalize_phone

from .common import event_add, police_deadline_refresh, require_open

# Fields a caller may set through person_add / person_update.
PERSON_FIELDS = (
    "full_name",
    "nickname",
    "nik",
    "kk_number",
    "birth_date",
    "estimated_age",
    "sex",
    "phone",
    "phone_is_whatsapp",
    "region",
    "address_line",
    "education",
    "disability",
    "occupation",
    "relation_to_victim",
    "is_unknown",
)


# What tells who a person is (PERSON_FIELDS but the WhatsApp tick and "identity unknown").
DESCRIBING_FIELDS = tuple(name for name in PERSON_FIELDS if name not in ("phone_is_whatsapp", "is_unknown"))


@dataclass
class PersonResult:
    person: Person
    warnings: list[str] = field(default_factory=list)


def _reference_date(case: Case) -> date:
    """The date ages are taken at: the incident if known, else the day the complaint came in."""
    if case.incident_date and case.incident_date_precision != DatePrecision.UNKNOWN:
        return case.incident_date
    return timezone.localdate(case.received_at)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _clean_identifiers(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise what staff type: NIK/KK to digits, phone to E.164, text trimmed. Something typed
    that is no number at all is refused rather than dropped or stored unsearchable."""
    cleaned = dict(values)
    errors: dict[str, str] = {}
    for name in ("full_name", "nickname", "address_line", "occupation", "relation_to_victim"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    for name in ("nik", "kk_number"):
        if name in cleaned:
            raw = (cleaned[name] or "").strip()
            cleaned[name] = normalize_digits(raw) or ""
            if raw and not re.fullmatch(r"[\d\s.\-]+", raw):
                errors[name] = _("Enter the digits of the number only.")
    if "phone" in cleaned:
        raw = (cleaned["phone"] or "").strip()
        cleaned["phone"] = normalize_phone(raw) or ""
        if raw and not cleaned["phone"]:
            errors["phone"] = _("Enter a valid Indonesian phone number, e.g. 0812 3456 7890.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def describes_someone(values: dict[str, Any]) -> bool:
    """Whether ``values`` (person_add's fields) say anything of who the person is: a describing
    field that is set, an age of 0 (a baby) included. The intake leaves out a reporter or victim
    without one rather than refuse the complaint; person_is_blank asks it of a person."""
    return any(values.get(name) not in (None, "") for name in DESCRIBING_FIELDS)


def person_is_blank(person: Person, violence_forms: list[str] | None) -> bool:
    """The rule "a person is recorded with at least one detail" (docs/rules.md): no describing field,
    not an alleged perpetrator of unknown identity, and no form of violence (``violence_forms``: the
    victim's new list, or None to keep the recorded one). An empty form sent by a slip of the finger
    left a blank victim that cannot be removed."""
    # The region by its key: reading person.region would fetch it.
    fields = {name: getattr(person, name) for name in DESCRIBING_FIELDS if name != "region"}
    if person.is_unknown or describes_someone({**fields, "region": person.region_id}):
        return False
    if violence_forms is not None:
        return not violence_forms
    return person.pk is None or not ViolenceRecord.objects.filter(victim=person).exists()


def _validate(person: Person, violence_forms: list[str] | None = None) -> list[str]:
    """Rules beyond the field types. Raises ValidationError; returns warnings that do not block."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if person.nik:
        try:
            info = parse_nik(person.nik)
        except ValidationError as exc:
            errors["nik"] = exc.messages[0]
        else:
            warnings += nik_warnings(info, birth_date=person.birth_date, sex=person.sex)
    if person.kk_number and len(person.kk_number) != 16:
        errors["kk_number"] = _("A family card (KK) number has exactly 16 digits.")
    if person.birth_date and person.birth_date > timezone.localdate():
        errors["birth_date"] = _("The date of birth cannot be in the future.")
    elif person.birth_date and person.birth_date.year < 1900:
        errors["birth_date"] = _("Check the year of birth.")
    if person.estimated_age is not None and person.estimated_age > 120:
        errors["estimated_age"] = _("Enter an age in years between 0 and 120.")
    if person.region is not None and person.region.level not in (RegionLevel.KELURAHAN, RegionLevel.KECAMATAN):
        errors["region"] = _("Choose a kelurahan (or at least the kecamatan).")
    if person.is_unknown and person.role != PersonRole.PERPETRATOR:
        errors["is_unknown"] = _("Only an alleged perpetrator can be recorded as unknown.")
    elif not errors and person_is_blank(person, violence_forms):
        errors["full_name"] = _(
            "Nothing is recorded about this person yet. Fill in at least one detail (a name or nickname, an age, "
            "the sex, a kelurahan…); for an alleged perpetrator nobody knows, tick “Identity unknown”."
        )
    if errors:
        raise ValidationError(errors)
    return warnings


def _derive(person: Person) -> None:
    person.birth_year = person.birth_date.year if person.birth_date else None
    if person.birth_date:
        person.age_at_incident = max(_age_on(person.birth_date, _reference_date(person.case)), 0)
    else:
        person.age_at_incident = person.estimated_age


def _set_victim_lists(person: Person, violence_forms: Iterable[str] | None, protection: Iterable[str] | None) -> None:
    if person.role != PersonRole.VICTIM:
        if violence_forms or protection:
            raise ValidationError({"violence_forms": _("Violence forms and protection categories are for victims.")})
        return
    if protection and person.is_child is False:
        raise ValidationError(
            {"protection_categories": _("Special-protection categories (Pasal 59) apply to children under 18.")}
        )
    # Row by row, not bulk: every added or removed value goes through the audit signals.
    if violence_forms is not None:
        ViolenceRecord.objects.filter(victim=person).exclude(form__in=list(violence_forms)).delete()
        for form in sorted(set(violence_forms)):
            ViolenceRecord.objects.get_or_create(victim=person, form=form)
    if protection is not None:
        ProtectionRecord.objects.filter(victim=person).exclude(category__in=list(protection)).delete()
        for category in sorted(set(protection)):
            ProtectionRecord.objects.get_or_create(victim=person, category=category)


@transaction.atomic
def person_add(
    *,
    actor: Any,
    case: Case,
    role: str,
    violence_forms: Iterable[str] | None = None,
    protection_categories: Iterable[str] | None = None,
    **values: Any,
) -> PersonResult:
    """Record a person of ``case`` (values: PERSON_FIELDS). Warnings (e.g. a NIK that disagrees
    with the date of birth) are returned, not raised: staff decide."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_add() got unexpected fields: {sorted(unknown)}")
    violence_forms = None if violence_forms is None else list(violence_forms)
    require_open(case)
    values = _clean_identifiers(values)
    # An encrypted field takes "" as None (uptdppa.crypto.EncryptedAttribute).
    person = Person(case=case, role=role, **values)
    warnings = _validate(person, violence_forms)
    _derive(person)
    person.full_clean()
    person.save()
    _set_victim_lists(person, violence_forms, protection_categories)
    event_add(case=case, kind=EventKind.PERSON_ADDED, actor=actor, person=str(person.code), role=role)
    police_deadline_refresh(case)
    return PersonResult(person, warnings)


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    violence_forms: Iterable[str] | None = None,
    protection_categories: Iterable[str] | None = None,
    **values: Any,
) -> PersonResult:
    """Change a person's details; only the given fields change. Lists replace the old ones."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    violence_forms = None if violence_forms is None else list(violence_forms)
    require_open(person.case)
    for name, value in _clean_identifiers(values).items():
        setattr(person, name, value)
    warnings = _validate(person, violence_forms)
    _derive(person)
    person.full_clean()
    person.save()
    _set_victim_lists(person, violence_forms, protection_categories)
    event_add(case=person.case, kind=EventKind.PERSON_CHANGED, actor=actor, person=str(person.code))
    police_deadline_refresh(person.case)
    return PersonResult(person, warnings)


@transaction.atomic
def perpetrator_relation_set(*, actor: Any, victim: Person, perpetrator: Person, relation: str) -> PerpetratorRelation:
    require_open(victim.case)
    if victim.case_id != perpetrator.case_id:
        raise ValidationError({"perpetrator": _("The victim and the alleged perpetrator must be in the same case.")})
    if victim.role != PersonRole.VICTIM or perpetrator.role != PersonRole.PERPETRATOR:
        raise ValidationError({"relation": _("A relation links a victim to an alleged perpetrator.")})
    link, _created = PerpetratorRelation.objects.update_or_create(
        victim=victim, perpetrator=perpetrator, defaults={"relation": relation}
    )
    link.full_clean()
    event_add(case=victim.case, kind=EventKind.PERSON_CHANGED, actor=actor, person=str(victim.code), relation=relation)
    return link


@transaction.atomic
def person_restriction_set(*, actor: Any, person: Person, restricted: bool) -> Person:
    """Restrict the processing of ``person``'s data (UU 27/2022 Pasal 11, 41), or lift it: while
    restricted, only the case team opens the person record (cases.access.people_visible_to). Done
    at the person's request (dataprotection), on an open or a closed case alike."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if restricted == person.is_restricted:
        raise ValidationError(
            _("Processing of this person is already restricted.")
            if restricted
            else _("Processing of this person is not restricted.")
        )
    person.restricted_at = timezone.now() if restricted else None
    person.save(update_fields=["restricted_at", "updated_at"])
    event_add(
        case=person.case, kind=EventKind.PERSON_CHANGED, actor=actor, person=str(person.code), restricted=restricted
    )
    return person
