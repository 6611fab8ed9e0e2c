"""Every write of the data-subject requests (UU 27/2022 PDP Pasal 6–14, 30–33, 40–41), and its rules.

- A request is registered with the person concerned (a person of a case), who asked (the person,
  or another person and their relation), how their identity was verified and when it came in;
  it is due DSR_*_HOURS later by kind (``request_register``).
- The decision states its reason when it is not a full grant; a Pasal 15 exception is refused for
  access and correction (``request_decide``). An access or a copy is refused when the requester
  is an alleged perpetrator of the person's cases, and other people's data are always left out
  (Pasal 33: ``pasal33_check``); the release itself is recorded and audited (``request_release``).
- A correction goes through the cases' person update and the request links its audit entry
  (``request_correct``); a granted restriction marks the person (``cases.access`` then lets only
  the case team open the record) until lifted (``request_restriction_lift``); a granted
  withdrawal withdraws the person's consents (referrals relying on them are refused).
- The clock: open requests past their deadline are escalated to the head and the data protection
  officer once (``request_deadline_notices``).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, Person, PersonRole
from cases.services import consent_withdraw, person_restriction_set, person_update
from uptdppa.accounts.models import User
from uptdppa.accounts.services import notify
from uptdppa.audit import log_access_many

from ..models import (
    NOT_EXEMPTIBLE,
    RELEASE_KINDS,
    Decision,
    Pasal33,
    Requester,
    RequestKind,
    RequestStatus,
    SubjectRequest,
    deadline_hours,
)
from .breaches import breach_alert_recipients, is_alleged_perpetrator

REQUEST_RECORDED = gettext_noop("Data-subject request %(code)s was recorded; it is due by %(due)s.")
REQUEST_OVERDUE = gettext_noop("Data-subject request %(code)s: its deadline (%(due)s) has passed unanswered.")

# What a correction may change: the person's own identifying details.
CORRECTABLE_FIELDS = (
    "full_name",
    "nickname",
    "nik",
    "kk_number",
    "birth_date",
    "sex",
    "phone",
    "address_line",
    "occupation",
)


def request_alert_recipients() -> QuerySet[User]:
    """Who is told of every request and its escalation: the head and the data protection officer."""
    return breach_alert_recipients()


def _url(request: SubjectRequest) -> str:
    return reverse("dataprotection:request-detail", args=[request.code])


def _due_text(request: SubjectRequest) -> str:
    return timezone.localtime(request.due_at).strftime("%Y-%m-%d %H:%M")


def _lock(request: SubjectRequest) -> SubjectRequest:
    return SubjectRequest.objects.select_for_update().select_related("person__case").get(pk=request.pk)


def _require_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("This request has been decided."))


def case_by_code(entry: str) -> Case | None:
    """A case by its register number or code (the person's case as the requester names it)."""
    entry = (entry or "").strip()
    if not entry:
        return None
    query = Q(register_number__iexact=entry)
    with contextlib.suppress(ValueError):
        query |= Q(code=uuid.UUID(entry))
    return Case.objects.filter(query).first()


def _person_of(case: Case | None, code: Any, field_name: str) -> Person:
    person = None
    if case is not None and code:
        with contextlib.suppress(ValueError, ValidationError):
            person = Person.objects.filter(case=case, code=code).select_related("case").first()
    if person is None:
        raise ValidationError({field_name: _("Choose a person of the case.")})
    return person


def request_input_checked(
    *,
    case_code: str,
    person: Any,
    requester: str,
    received_at: datetime | None,
    requester_person: Any = None,
    requester_name: str = "",
    requester_relation: str = "",
) -> tuple[Person, Person | None]:
    """The person concerned and the requester recorded in the case, from a request's input;
    every refusal at once, by field: an unknown case, a person not of it, a time received in
    the future, a requester for another without their relation or who is the person, one for
    themself with a requester's name. ``request_register`` asks it, and the request form too, so
    that these come with the form's own errors on the first submit (``received_at`` None: that
    field failed its own check)."""
    errors: dict[str, str] = {}
    case = case_by_code(case_code)
    subject = other = None
    if case is None:
        errors["case_code"] = _("No case has this number or code.")
    else:
        try:
            subject = _person_of(case, person, "person")
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if received_at is not None and received_at > timezone.now():
        errors["received_at"] = _("The time received cannot be in the future.")
    relation = requester_relation.strip()
    if requester == Requester.OTHER:
        if not relation:
            errors["requester_relation"] = _("State the requester's relation to the person.")
        if requester_person and case is not None:
            try:
                other = _person_of(case, requester_person, "requester_person")
            except ValidationError as error:
                errors.update({k: v[0] for k, v in error.message_dict.items()})
            if other is not None and subject is not None and other.pk == subject.pk:
                errors["requester_person"] = _("The person themself asks: choose “the person themself”.")
    elif requester == Requester.SELF and (relation or requester_person or requester_name.strip()):
        errors["requester"] = _("A person asking for themself has no requester's name or relation.")
    if errors or subject is None:
        raise ValidationError(errors)
    return subject, other


@transaction.atomic
def request_register(
    *,
    actor: Any,
    case_code: str,
    person: Any,
    kind: str,
    requester: str,
    identity_check: str,
    received_at: datetime,
    requester_person: Any = None,
    requester_name: str = "",
    requester_relation: str = "",
    identity_note: str = "",
    details: str = "",
) -> SubjectRequest:
    """Record a request (Pasal 14), due DSR_*_HOURS after it was received. Every refusal at once,
    by field (``request_input_checked``). The head and the data protection officer are told at once."""
    subject, other = request_input_checked(
        case_code=case_code,
        person=person,
        requester=requester,
        received_at=received_at,
        requester_person=requester_person,
        requester_name=requester_name,
        requester_relation=requester_relation,
    )
    relation = requester_relation.strip()
    request = SubjectRequest(
        person=subject,
        kind=kind,
        requester=requester,
        requester_person=other,
        requester_name=requester_name.strip(),
        requester_relation=relation,
        identity_check=identity_check,
        identity_note=identity_note.strip(),
        details=details.strip(),
        received_at=received_at,
        due_at=received_at + timedelta(hours=deadline_hours(kind)) if kind in RequestKind.values else received_at,
        recorded_by=actor,
    )
    request.full_clean()
    request.save()
    notify(
        recipients=request_alert_recipients(),
        message=REQUEST_RECORDED,
        params={"code": request.label, "due": _due_text(request)},
        url=_url(request),
        key=f"dsr-recorded:{request.pk}",
    )
    return request


# --- Pasal 33 -----------------------------------------------------------------------------------


def cases_of(person: Person) -> list[Case]:
    """The cases the person appears in: their own, and every case with a person of the same NIK."""
    cases = [person.case]
    if person.nik_index:
        for case in Case.objects.filter(people__nik_index=person.nik_index).exclude(pk=person.case_id).distinct():
            cases.append(case)
    return cases


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b and " ".join(a.lower().split()) == " ".join(b.lower().split()))


def requester_is_alleged_perpetrator(request: SubjectRequest) -> bool:
    """Whether the requester is an alleged perpetrator of any of the person's cases: a person of
    the case recorded as (or matching) a perpetrator, or a requester whose name is a perpetrator's."""
    if request.requester != Requester.OTHER:
        return False
    if request.requester_person is not None and is_alleged_perpetrator(request.requester_person):
        return True
    perpetrators = Person.objects.filter(case__in=cases_of(request.person), role=PersonRole.PERPETRATOR)
    for perpetrator in perpetrators:
        if _same_name(request.requester_name, perpetrator.full_name):
            return True
        other = request.requester_person
        if other is not None and (
            (other.nik_index and other.nik_index == perpetrator.nik_index)
            or (other.phone_index and other.phone_index == perpetrator.phone_index)
            or _same_name(other.full_name, perpetrator.full_name)
        ):
            return True
    return False


def pasal33_check(request: SubjectRequest) -> Pasal33:
    """Refuse the release of the person's data to an alleged perpetrator of their cases, and
    leave out every other person's data (co-victims first among them) — UU 27/2022 Pasal 33."""
    cases = cases_of(request.person)
    others = Person.objects.filter(case__in=cases).exclude(pk=request.person.pk)
    if request.person.nik_index:
        others = others.exclude(nik_index=request.person.nik_index)
    return Pasal33(
        refused=requester_is_alleged_perpetrator(request),
        co_victims=others.filter(role=PersonRole.VICTIM).count(),
        others=others.exclude(role=PersonRole.VICTIM).count(),
    )


# --- Decision and outcomes ----------------------------------------------------------------------


@transaction.atomic
def request_decide(
    *, actor: Any, request: SubjectRequest, decision: str, reason: str = "", exception: str = ""
) -> SubjectRequest:
    """Decide a request. A decision other than a full grant states its reason; a Pasal 15
    exception is only for a refusal or a partial grant, and never exempts access or correction
    (Pasal 15(1)). An access or a copy to an alleged perpetrator can only be refused (Pasal 33).
    A granted correction must have been made first; a granted restriction restricts the person;
    a granted withdrawal withdraws their consents."""
    request = _lock(request)
    _require_open(request)
    errors: dict[str, str] = {}
    reason = reason.strip()
    if decision not in Decision.values:
        errors["decision"] = _("Choose the decision.")
    elif decision != Decision.GRANTED and not reason:
        errors["reason"] = _("State the reason for refusing or granting only in part.")
    if exception:
        if request.kind in NOT_EXEMPTIBLE:
            errors["exception"] = _("Pasal 15 does not exempt the rights of access and correction.")
        elif decision == Decision.GRANTED:
            errors["exception"] = _("A Pasal 15 exception is cited only to refuse or to grant in part.")
    granted = decision in (Decision.GRANTED, Decision.PARTLY)
    if request.kind in RELEASE_KINDS:
        check = pasal33_check(request)
        if check.refusal and granted:
            errors["decision"] = check.refusal
        request.pasal33 = check.as_data()
    if granted and request.kind == RequestKind.CORRECTION and request.correction_entry_id is None:
        errors["decision"] = _("Make the correction first: the decision links to the change it caused.")
    if errors:
        raise ValidationError(errors)
    if granted and request.kind == RequestKind.RESTRICTION and not request.person.is_restricted:
        person_restriction_set(actor=actor, person=request.person, restricted=True)
    if granted and request.kind == RequestKind.WITHDRAWAL:
        try:
            consent_withdraw(actor=actor, victim=request.person)
        except ValidationError as error:
            raise ValidationError({"decision": error.messages}) from error
    request.status = RequestStatus.DECIDED
    request.decision = decision
    request.decision_reason = reason
    request.exception = exception
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def request_correct(*, actor: Any, request: SubjectRequest, **values: Any) -> SubjectRequest:
    """Make the correction a request asks for, through the cases' person update (its rules and
    its audit entry), and link that entry to the request as its outcome."""
    request = _lock(request)
    _require_open(request)
    if request.kind != RequestKind.CORRECTION:
        raise ValidationError(_("Only a correction request changes the person's data."))
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise TypeError(f"request_correct() got unexpected fields: {sorted(unknown)}")
    person = Person.objects.select_related("case").get(pk=request.person_id)
    last = LogEntry.objects.get_for_object(person).order_by("-pk").values_list("pk", flat=True).first() or 0
    person_update(actor=actor, person=person, **values)
    entry = (
        LogEntry.objects.get_for_object(person)
        .filter(action=LogEntry.Action.UPDATE, pk__gt=last)
        .order_by("-pk")
        .first()
    )
    if entry is None:
        raise ValidationError(_("Nothing was changed: correct at least one detail."))
    request.correction_entry = entry
    request.save(update_fields=["correction_entry", "updated_at"])
    return request


@transaction.atomic
def request_release(*, actor: Any, request: SubjectRequest, fmt: str) -> SubjectRequest:
    """Record the release of the person's data (PDF or JSON) for a granted access or copy, after
    the Pasal 33 check; every release is written to the audit trail of the person and the request."""
    request = _lock(request)
    if request.kind not in RELEASE_KINDS:
        raise ValidationError(_("Only an access or a copy request releases the person's data."))
    if request.decision not in (Decision.GRANTED, Decision.PARTLY):
        raise ValidationError(_("The data are released only once the request is granted."))
    check = pasal33_check(request)
    if check.refusal:
        raise ValidationError(check.refusal)
    if request.released_at is None:
        request.released_at = timezone.now()
        request.released_by = actor
        request.save(update_fields=["released_at", "released_by", "updated_at"])
    log_access_many([request, request.person], actor=actor, detail={"release": str(request.code), "format": fmt})
    return request


@transaction.atomic
def request_restriction_lift(*, actor: Any, request: SubjectRequest) -> SubjectRequest:
    """Lift the restriction a granted restriction request put on the person."""
    request = _lock(request)
    if request.kind != RequestKind.RESTRICTION or request.decision not in (Decision.GRANTED, Decision.PARTLY):
        raise ValidationError(_("Only a granted restriction can be lifted."))
    if request.restriction_lifted_at is not None or not request.person.is_restricted:
        raise ValidationError(_("The restriction has already been lifted."))
    person_restriction_set(actor=actor, person=request.person, restricted=False)
    request.restriction_lifted_at = timezone.now()
    request.save(update_fields=["restriction_lifted_at", "updated_at"])
    return request


# --- The clock ----------------------------------------------------------------------------------


def request_deadline_notices(*, now: datetime) -> int:
    """The periodic job: every open request whose deadline has passed is escalated to the head
    and the data protection officer, once (notification keys). Returns how many were escalated."""
    escalated = 0
    recipients = list(request_alert_recipients())
    for request in SubjectRequest.objects.filter(status=RequestStatus.OPEN, due_at__lte=now).order_by("pk"):
        with transaction.atomic():
            escalated += bool(
                notify(
                    recipients=recipients,
                    message=REQUEST_OVERDUE,
                    params={"code": request.label, "due": _due_text(request)},
                    url=_url(request),
                    key=f"dsr-overdue:{request.pk}",
                )
            )
    return escalated
