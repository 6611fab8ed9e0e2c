"""The public channel (no login): per-address limits, the honeypot, and what the complaint form
and its JSON endpoint share."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import DatePrecision, PublicAction, PublicSubmissionThrottle
from cases.services.intake import intake_submit_public, public_complaint_refusals
from uptdppa.crypto import blind_digest
from uptdppa.middleware import client_address

# --- Throttle ----------------------------------------------------------------------------------
THROTTLE_WINDOW = timedelta(hours=1)
THROTTLE_LIMITS: dict[str, int] = {PublicAction.COMPLAINT: 5, PublicAction.STATUS: 20}  # per address per window
THROTTLE_KEEP = timedelta(days=2)  # rows older than this are deleted on the next complaint
THROTTLED_MESSAGE = _(
    "Too many requests have come from your connection in the last hour. Please try again later, "
    "or call us: in an emergency call SAPA 129 or 112."
)


def _throttle_key(request: HttpRequest) -> str:
    """A keyed digest of the client address; an IPv6 client is counted by its /64 network,
    which one subscriber usually holds whole."""
    address = client_address(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return blind_digest("ip", address)
    if ip.version == 6:
        return blind_digest("ip", str(ipaddress.ip_network(f"{ip}/64", strict=False)))
    return blind_digest("ip", str(ip))


def throttle_exceeded(request: HttpRequest, action: str) -> bool:
    since = timezone.now() - THROTTLE_WINDOW
    counted = PublicSubmissionThrottle.objects.filter(
        key_digest=_throttle_key(request), action=action, created_at__gte=since
    )
    return counted.count() >= THROTTLE_LIMITS[action]


def throttle_record(request: HttpRequest, action: str) -> None:
    PublicSubmissionThrottle.objects.create(key_digest=_throttle_key(request), action=action)
    if action == PublicAction.COMPLAINT:
        # Opportunistic clean-up; complaints are rare enough for one indexed DELETE each.
        PublicSubmissionThrottle.objects.filter(created_at__lt=timezone.now() - THROTTLE_KEEP).delete()


# --- What the form and the JSON endpoint share ---------------------------------------------------
HONEYPOT_FIELD = "website"
# Service errors about a person, keyed like the form's fields (the victim has no phone, the
# reporter no age or sex, so each name points at one field).
_SERVICE_FIELDS = {
    "chronology": "chronology",
    "incident_date": "incident_date",
    "incident_region": "incident_region",
    "incident_place_other": "incident_place_other",
    "phone": "reporter_phone",
    "estimated_age": "victim_age",
    "sex": "victim_sex",
}
STATUS_SENTENCES = {
    "received": _("Your complaint has been received and is waiting to be assessed by our staff."),
    "in_progress": _("Your complaint has been accepted and is being handled by UPTD PPA."),
    "closed": _("The handling of your complaint has been completed."),
    "outside_mandate": _(
        "Your complaint is outside the tasks of UPTD PPA. Where possible, our staff gave information "
        "or passed it on to the right agency."
    ),
    "duplicate": _("Your complaint is being handled together with an earlier report about the same events."),
}
NOT_RECOGNISED = _("The tracking code or PIN is not recognised. Check both and try again.")


class _Rehearsal(Exception):  # noqa: N818 - not an error: how a rehearsed complaint leaves its transaction
    def __init__(self, receipt: tuple[str, str]) -> None:
        self.receipt = receipt


def complaint_file(data: dict[str, Any], *, trap: bool) -> tuple[str, str]:
    """File a complaint from the form's or the endpoint's cleaned values; returns its tracking code
    and PIN. Raises the service's ValidationError.

    ``trap``: the honeypot field was filled in (a bot). The same work then runs, and is rolled
    back at the end: the receipt looks like a real one and takes as long (the PIN's Argon2 hash,
    the rows written), but belongs to no complaint, and nothing is kept: no case, notification or
    audit entry, and no e-mail (on_commit callbacks of a rolled-back block are dropped). A random
    receipt alone answered about 20 times faster, which told a bot it had been caught.
    """
    try:
        with transaction.atomic():
            case, pin = intake_submit_public(**complaint_arguments(data))
            receipt = (case.tracking_code or "", pin)
            if trap:
                raise _Rehearsal(receipt)
    except _Rehearsal as rehearsal:
        return rehearsal.receipt
    return receipt


def complaint_errors(data: dict[str, Any]) -> dict[str, str]:
    """The service's rules across fields (cases.services.intake.public_complaint_refusals), keyed
    by the form's field names, for the form and the JSON endpoint (cleaned values in). What is
    missing here (a field that failed its own check) gets that field's own error instead."""
    errors = public_complaint_refusals(
        chronology=data.get("chronology") or "",
        incident_date=data.get("incident_date"),
        incident_region=data.get("incident_region"),
        incident_place_other=data.get("incident_place_other") or "",
        reporter_anonymous=bool(data.get("reporter_anonymous")),
        phone=data.get("reporter_phone") or "",
    )
    return {_SERVICE_FIELDS.get(name, name): message for name, message in errors.items()}


def complaint_arguments(data: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of intake_submit_public from cleaned values.

    An anonymous sender's name and phone are dropped here already, even if they were typed.
    """
    anonymous = bool(data.get("reporter_anonymous"))
    reporter = None
    if not anonymous:
        reporter = {
            "full_name": (data.get("reporter_name") or "").strip(),
            "phone": (data.get("reporter_phone") or "").strip(),
            "phone_is_whatsapp": bool(data.get("reporter_phone_is_whatsapp")),
        }
    # The victim reporting themself is a flag, shown in the reader's language; never a sentence stored.
    reporter_is_victim = bool(data.get("reporter_is_victim"))
    relation = "" if reporter_is_victim else (data.get("reporter_relation") or "").strip()
    incident_date = data.get("incident_date")
    precision = (data.get("incident_date_precision") or DatePrecision.EXACT) if incident_date else DatePrecision.UNKNOWN
    return {
        "chronology": data["chronology"],
        "victim": {
            "full_name": (data.get("victim_name") or "").strip(),
            "estimated_age": data.get("victim_age"),
            "sex": data.get("victim_sex") or "",
        },
        "reporter": reporter,
        "reporter_anonymous": anonymous,
        "reporter_is_victim": reporter_is_victim,
        "reporter_relation": relation,
        "incident_date": incident_date,
        "incident_date_precision": precision,
        "incident_region": data.get("incident_region"),
        "incident_place_other": (data.get("incident_place_other") or "").strip(),
    }


def service_errors(exc: ValidationError) -> dict[str | None, list[str]]:
    """A service's ValidationError keyed by the public form's field names (None: the whole form)."""
    if not hasattr(exc, "error_dict"):
        return {None: exc.messages}
    errors: dict[str | None, list[str]] = {}
    for name, messages in exc.message_dict.items():
        errors.setdefault(_SERVICE_FIELDS.get(name), []).extend(messages)
    return errors
