"""Complaints: taken by staff from any channel, or sent through the public form."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, CaseStatus, DatePrecision, EventKind, PersonRole, Region, RegionLevel
from cases.vocabularies import Channel
from uptdppa.accounts.models import Organisation, Role, User
from uptdppa.accounts.services import notify

from .common import event_add
from .people import describes_someone, person_add
from .triage import response_due

# Tracking codes avoid letters and digits that are read alike (0/O, 1/I/L).
_TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CLOCK_TOLERANCE = timedelta(minutes=5)
EARLIEST_YEAR = 2000  # no complaint in this register is older (UPTD PPA Kota Jambi: Perwal 09/2019)


def complaint_refusals(
    *,
    received_at: datetime | None,
    incident_date: date | None,
    incident_region: Region | None,
    incident_place_other: str,
    channel: str,
    referring_organisation: Organisation | None,
) -> dict[str, str]:
    """Every refusal of a complaint taken by staff, all at once, by field: a time received in the
    future or before the register began, an incident after the complaint, a place given twice, a
    referral without its organisation. intake_register raises them; the intake form shows them
    with its own errors on the first submit (``received_at`` None: that field failed its own check,
    and the incident is compared with today)."""
    errors: dict[str, str] = {}
    now = timezone.now()
    if received_at is not None and received_at > now + _CLOCK_TOLERANCE:
        errors["received_at"] = _("The time received cannot be in the future.")
    elif received_at is not None and received_at.year < EARLIEST_YEAR:
        errors["received_at"] = _("Check the year: complaints are recorded from 2000 on.")
    if incident_date is not None and incident_date > timezone.localdate(min(received_at or now, now)):
        errors["incident_date"] = _("The incident cannot be later than the complaint.")
    elif incident_date is not None and incident_date.year < 1900:
        errors["incident_date"] = _("Check the year of the incident.")
    if incident_region is not None and incident_region.level != RegionLevel.KELURAHAN:
        errors["incident_region"] = _("Choose a kelurahan.")
    elif message := place_given_twice_error(incident_region, incident_place_other):
        errors["incident_place_other"] = message
    if channel == Channel.RUJUKAN and referring_organisation is None:
        errors["referring_organisation"] = _("Name the organisation that referred the complaint.")
    return errors


def place_given_twice_error(incident_region: Region | None, incident_place_other: str) -> str | None:
    """A kelurahan of Kota Jambi and a place outside it are both given: one of them is wrong (the
    staff intake and the public form alike)."""
    if incident_region is not None and (incident_place_other or "").strip():
        return _("Choose a kelurahan or describe a place outside Kota Jambi, not both.")
    return None


def reporter_relation_of(
    *, reporter_is_victim: bool, relation: str, reporter: dict[str, Any] | None
) -> tuple[str, dict[str, Any] | None]:
    """A victim reporting themself has no relation to the victim: the flag is kept (shown in the
    reader's language), the relation typed on the case and on the reporter is dropped. The same
    for a complaint taken by staff and one sent through the public form."""
    if not reporter_is_victim:
        return relation.strip(), reporter
    if reporter is not None:
        reporter = {**reporter, "relation_to_victim": ""}
    return "", reporter


@transaction.atomic
def intake_register(
    *,
    actor: User | None,
    channel: str,
    received_at: datetime,
    chronology: str = "",
    incident_date: date | None = None,
    incident_date_precision: str = DatePrecision.UNKNOWN,
    incident_region: Region | None = None,
    incident_place_other: str = "",
    scene: str = "",
    reporter_anonymous: bool = False,
    reporter_is_victim: bool = False,
    reporter_relation: str = "",
    reporter: dict[str, Any] | None = None,
    referring_organisation: Organisation | None = None,
) -> Case:
    """Record a complaint (status RECEIVED, in the intake queue). ``reporter``: person_add fields.

    An anonymous complaint keeps no reporter identity, even if some was given.
    """
    errors = complaint_refusals(
        received_at=received_at,
        incident_date=incident_date,
        incident_region=incident_region,
        incident_place_other=incident_place_other,
        channel=channel,
        referring_organisation=referring_organisation,
    )
    if errors:
        raise ValidationError(errors)
    if incident_date is None:
        incident_date_precision = DatePrecision.UNKNOWN
    reporter_relation, reporter = reporter_relation_of(
        reporter_is_victim=reporter_is_victim, relation=reporter_relation, reporter=reporter
    )
    case = Case(
        status=CaseStatus.RECEIVED,
        created_by=actor,
        channel=channel,
        received_at=received_at,
        chronology=chronology.strip() or None,
        incident_date=incident_date,
        incident_date_precision=incident_date_precision,
        incident_region=incident_region,
        incident_place_other=incident_place_other.strip() or None,
        scene=scene,
        reporter_anonymous=reporter_anonymous,
        reporter_is_victim=reporter_is_victim,
        reporter_relation=reporter_relation,
        referring_organisation=referring_organisation if channel == Channel.RUJUKAN else None,
        response_due_at=response_due(received_at, risk=None),  # not triaged yet: the high-risk clock
    )
    case.full_clean()
    case.save()
    event_add(case=case, kind=EventKind.RECEIVED, actor=actor, channel=channel)
    if reporter and not reporter_anonymous and describes_someone(reporter):
        person_add(actor=actor, case=case, role=PersonRole.REPORTER, **reporter)
    return case


def random_tracking_code() -> str:
    """A tracking code, not yet checked for uniqueness (the public channel's decoys use it too)."""
    return "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(10))


def random_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _new_tracking_code() -> str:
    while True:
        code = random_tracking_code()
        if not Case.objects.filter(tracking_code=code).exists():
            return code


# An Indonesian mobile number has 10 to 13 digits with its leading 0 (9 to 12 without).
_MOBILE_DIGITS = range(9, 13)


def callback_phone_error(phone: str) -> str | None:
    """Why ``phone`` is not a number the unit can call back, or None: an Indonesian mobile
    (08…, +628…, 628…; 10 to 13 digits) or a landline with its area code ((0741) 755 1234),
    checked with ``phonenumbers``. "12345" is refused (it is no number, not +6212345)."""
    raw = re.sub(r"[\s\-().]", "", phone or "")
    if re.fullmatch(r"62\d{7,}", raw):
        raw = "+" + raw
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.region_code_for_number(parsed) == "ID":
        kind = phonenumbers.number_type(parsed)
        digits = len(phonenumbers.national_significant_number(parsed))
        if phonenumbers.is_valid_number(parsed) and (
            (kind == phonenumbers.PhoneNumberType.MOBILE and digits in _MOBILE_DIGITS)
            or kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        ):
            return None
    return _(
        "Enter a number we can call back: a mobile number such as 0812 3456 7890, or a landline with its "
        "area code such as (0741) 755 1234."
    )


def public_complaint_refusals(
    *,
    chronology: str,
    incident_date: date | None,
    incident_region: Region | None,
    incident_place_other: str,
    reporter_anonymous: bool,
    phone: str,
) -> dict[str, str]:
    """Every refusal of a complaint from the public, all at once (the form and the JSON endpoint
    show them together): what happened, a place given twice, a date in the future, and a
    phone number that can be called back unless the sender stays anonymous."""
    errors: dict[str, str] = {}
    if not (chronology or "").strip():
        errors["chronology"] = _("Tell us what happened.")
    if message := place_given_twice_error(incident_region, incident_place_other):
        errors["incident_place_other"] = message
    if incident_date is not None and incident_date > timezone.localdate():
        errors["incident_date"] = _("The date cannot be in the future.")
    if not reporter_anonymous:
        if not (phone or "").strip():
            errors["phone"] = _("Give a phone number so that we can reach you, or choose to stay anonymous.")
        elif message := callback_phone_error(phone):
            errors["phone"] = message
    return errors


@transaction.atomic
def intake_submit_public(
    *,
    chronology: str,
    victim: dict[str, Any],
    reporter: dict[str, Any] | None = None,
    reporter_anonymous: bool = False,
    reporter_is_victim: bool = False,
    reporter_relation: str = "",
    incident_date: date | None = None,
    incident_date_precision: str = DatePrecision.UNKNOWN,
    incident_region: Region | None = None,
    incident_place_other: str = "",
) -> tuple[Case, str]:
    """A complaint from the public form. Returns the case and the PIN, shown once to the sender.

    Intake officers and the head of the unit are notified (in the app at once; by e-mail when
    the broker is reachable, else later by the outbox job). The complaint is saved either way.
    """
    errors = public_complaint_refusals(
        chronology=chronology,
        incident_date=incident_date,
        incident_region=incident_region,
        incident_place_other=incident_place_other,
        reporter_anonymous=reporter_anonymous,
        phone=(reporter or {}).get("phone", ""),
    )
    if errors:
        raise ValidationError(errors)
    case = intake_register(
        actor=None,
        channel=Channel.ONLINE_FORM,
        received_at=timezone.now(),
        chronology=chronology,
        incident_date=incident_date,
        incident_date_precision=incident_date_precision,
        incident_region=incident_region,
        incident_place_other=incident_place_other,
        reporter_anonymous=reporter_anonymous,
        reporter_is_victim=reporter_is_victim,
        reporter_relation=reporter_relation,
        reporter=reporter,
    )
    if describes_someone(victim) or victim.get("violence_forms"):
        person_add(actor=None, case=case, role=PersonRole.VICTIM, **victim)
    pin = random_pin()
    case.tracking_code = _new_tracking_code()
    case.pin_hash = make_password(pin)
    case.save(update_fields=["tracking_code", "pin_hash", "updated_at"])
    staff = User.objects.filter(role__in=[Role.PETUGAS_PENGADUAN, Role.KEPALA_UPTD], is_active=True)
    notify(
        recipients=staff,
        message=gettext_noop("A new complaint arrived through the online form (%(code)s)."),
        params={"code": str(case.code)[:8]},
        url=reverse("cases:detail", args=[case.code]),
    )
    return case, pin
