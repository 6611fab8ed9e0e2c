"""The public complaint form and status page (no login), and what the JSON endpoints share with them.

Rules that protect people who write to us:
- the tracking code and PIN are shown once, in the answer to the POST, never in a URL;
- the status page shows only a status, the same message for an unknown code and a wrong PIN;
- a filled honeypot gets an answer that looks like success, with a code that does not exist;
- requests are counted per client address in the database (so the limit holds when Redis is
  down), under a keyed digest of the address, never the address itself.
"""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.forms import KelurahanField
from cases.models import DatePrecision, PublicAction, PublicSubmissionThrottle
from cases.selectors import public_status_lookup
from cases.services import intake_submit_public
from cases.vocabularies import Sex
from uptdppa.crypto import blind_digest, normalize_phone
from uptdppa.middleware import client_address

app_name = "public"

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
_DECOY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # the alphabet of real tracking codes
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


def decoy_receipt() -> tuple[str, str]:
    """A tracking code and PIN shaped like real ones that belong to no complaint (for bots)."""
    code = "".join(secrets.choice(_DECOY_ALPHABET) for _ in range(10))
    return code, f"{secrets.randbelow(10**6):06d}"


def complaint_errors(data: dict[str, Any]) -> dict[str, str]:
    """Rules across fields, the same for the form and the JSON endpoint (cleaned values in)."""
    errors: dict[str, str] = {}
    if data.get("incident_region") and (data.get("incident_place_other") or "").strip():
        errors["incident_place_other"] = _t("Choose a kelurahan or describe a place outside Kota Jambi, not both.")
    incident_date = data.get("incident_date")
    if incident_date and incident_date > timezone.localdate():
        errors["incident_date"] = _t("The date cannot be in the future.")
    phone = (data.get("reporter_phone") or "").strip()
    if not data.get("reporter_anonymous"):
        if not phone:
            errors["reporter_phone"] = _t("Give a phone number so that we can reach you, or choose to stay anonymous.")
        elif normalize_phone(phone) is None:
            errors["reporter_phone"] = _t("Enter a phone number, for example 0812 3456 7890.")
    return errors


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
    if data.get("reporter_is_victim"):
        # Staff read the relation in the unit's language, whatever language the sender used.
        with translation.override(settings.LANGUAGE_CODE):
            relation = _t("the victim themself")
    else:
        relation = (data.get("reporter_relation") or "").strip()
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


# --- Forms -------------------------------------------------------------------------------------
_PRECISION_CHOICES = [
    (DatePrecision.EXACT, _("This exact day")),
    (DatePrecision.MONTH, _("Only the month is right")),
    (DatePrecision.YEAR, _("Only the year is right")),
]
_VICTIM_SEX_CHOICES = [("", _("Not known")), (Sex.PEREMPUAN, Sex.PEREMPUAN.label), (Sex.LAKI_LAKI, Sex.LAKI_LAKI.label)]


class PublicForm(forms.Form):
    """Bootstrap classes and large controls for thumbs; fields in error are marked invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input flex-shrink-0 mt-1"
            elif isinstance(field.widget, forms.Select):
                css = "form-select form-select-lg"
            else:
                css = "form-control form-control-lg"
            field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class PublicComplaintForm(PublicForm):
    chronology = forms.CharField(
        label=_("What happened?"),
        max_length=10_000,
        error_messages={"required": _("Tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "In your own words: what happened, to whom, and who did it. Write as much or as little as you can."
        ),
    )
    incident_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave it empty if you do not know. If you know only the month or the year, pick a day in it."),
    )
    incident_date_precision = forms.ChoiceField(
        label=_("How sure are you of this date?"),
        choices=_PRECISION_CHOICES,
        initial=DatePrecision.EXACT,
        required=False,
        widget=forms.RadioSelect,
    )
    incident_region = KelurahanField(
        label=_("Kelurahan in Kota Jambi"),
        empty_label=_("Choose a kelurahan"),
        help_text=_("Leave it empty if you do not know."),
    )
    incident_place_other = forms.CharField(
        label=_("Or, if it happened outside Kota Jambi: where?"),
        max_length=200,
        required=False,
        help_text=_("For example the regency or city. No full address is needed."),
    )
    victim_name = forms.CharField(
        label=_("Name or initials"),
        max_length=200,
        required=False,
        help_text=_("Initials are enough. A child's identity is protected by law."),
    )
    victim_age = forms.IntegerField(
        label=_("Age in years (an estimate is fine)"),
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    victim_sex = forms.ChoiceField(
        label=_("Sex"), choices=_VICTIM_SEX_CHOICES, required=False, widget=forms.RadioSelect
    )
    reporter_anonymous = forms.BooleanField(
        label=_("I want to stay anonymous"),
        required=False,
        help_text=_("We will not keep your name or phone number. We cannot contact you, so keep your tracking code."),
    )
    reporter_is_victim = forms.BooleanField(label=_("I am the victim"), required=False)
    reporter_relation = forms.CharField(
        label=_("Your relation to the victim"),
        max_length=100,
        required=False,
        help_text=_("For example: mother, neighbour, teacher."),
    )
    reporter_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Needed unless you stay anonymous. For example 0812 3456 7890."),
    )
    reporter_phone_is_whatsapp = forms.BooleanField(label=_("This number has WhatsApp"), required=False)
    acknowledgement = forms.BooleanField(
        label=_("I have read the notice on personal data and I send this complaint to UPTD PPA Kota Jambi."),
        error_messages={"required": _("Tick this box to send the complaint.")},
    )
    # Honeypot: hidden from people (CSS class, aria-hidden, no tab stop); bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"class": "visually-hidden", "autocomplete": "off", "tabindex": "-1", "aria-hidden": "true"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(KelurahanField, self.fields["incident_region"]).group_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in complaint_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class StatusForm(PublicForm):
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


# --- Views -------------------------------------------------------------------------------------
_FORM_TEMPLATE = "cases/public/complaint_form.html"


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    page = "status" if template == "cases/public/status.html" else "complaint"
    return render(request, template, {"page": page, "unit_phone": settings.UNIT_PHONE, **context}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def complaint(request: HttpRequest) -> HttpResponse:
    form = PublicComplaintForm(request.POST or None)
    if request.method != "POST":
        return _render(request, _FORM_TEMPLATE, {"form": form})
    if throttle_exceeded(request, PublicAction.COMPLAINT):
        return _render(request, _FORM_TEMPLATE, {"form": form, "throttled": THROTTLED_MESSAGE}, status=429)
    if request.POST.get(HONEYPOT_FIELD):
        throttle_record(request, PublicAction.COMPLAINT)
        code, pin = decoy_receipt()
        return _render(request, "cases/public/complaint_sent.html", {"tracking_code": code, "pin": pin})
    if form.is_valid():
        try:
            case, pin = intake_submit_public(**complaint_arguments(form.cleaned_data))
        except ValidationError as exc:
            for name, messages in service_errors(exc).items():
                for message in messages:
                    form.add_error(name, message)
        else:
            throttle_record(request, PublicAction.COMPLAINT)
            return _render(
                request, "cases/public/complaint_sent.html", {"tracking_code": case.tracking_code, "pin": pin}
            )
    return _render(request, _FORM_TEMPLATE, {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return _render(request, "cases/public/status.html", context)
    if throttle_exceeded(request, PublicAction.STATUS):
        context["throttled"] = THROTTLED_MESSAGE
        return _render(request, "cases/public/status.html", context, status=429)
    throttle_record(request, PublicAction.STATUS)
    if form.is_valid():
        value = public_status_lookup(tracking_code=form.cleaned_data["tracking_code"], pin=form.cleaned_data["pin"])
        if value is None:
            form.add_error(None, NOT_RECOGNISED)
        else:
            context["status_sentence"] = STATUS_SENTENCES.get(value, STATUS_SENTENCES["in_progress"])
            context["form"] = StatusForm()  # the code and PIN are not echoed back
    return _render(request, "cases/public/status.html", context)


urlpatterns: list[URLPattern] = [
    path("", complaint, name="complaint"),
    path("status/", status, name="status"),
]
