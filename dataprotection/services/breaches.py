"""Every write of the breach register (UU 27/2022 PDP Pasal 46), and its rules.

- An incident is recorded with when it was discovered (never in the future), its kind, the
  records touched and the affected cases and people by code (people only of those cases).
- Notices go to each affected person (a child through a guardian, never an alleged perpetrator
  of the case: ``recipient_refusal``) and to the supervising agency; a notice is marked sent
  only once the three elements of Pasal 46(2) are filled (``notice_mark_sent``).
- The clock: reminders to the head and the data protection officer at BREACH_REMINDER_HOURS
  after discovery and an escalation after BREACH_NOTICE_HOURS while notices are outstanding
  (``breach_deadline_notices``), each once per incident and recipient.
- Closing records the lessons and the measures taken (``incident_close``).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, Person, PersonRole
from uptdppa.accounts.models import User
from uptdppa.accounts.selectors import active_data_protection_officers, active_heads
from uptdppa.accounts.services import notify

from ..models import BreachNotice, Incident, IncidentStatus, NoticeRecipient

BREACH_RECORDED = gettext_noop("Data breach %(code)s was recorded; notices are due by %(due)s.")
BREACH_REMINDER = gettext_noop("Data breach %(code)s: %(hours)s hours since discovery; notices are due by %(due)s.")
BREACH_OVERDUE = gettext_noop(
    "Data breach %(code)s: the notice deadline (%(due)s) has passed with notices outstanding."
)


def breach_alert_recipients() -> QuerySet[User]:
    """Who receives every breach alert: the head of the unit and the data protection officer."""
    return active_heads() | active_data_protection_officers()


def _url(incident: Incident) -> str:
    return reverse("dataprotection:detail", args=[incident.code])


def _lock(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _require_open(incident: Incident) -> None:
    if incident.status != IncidentStatus.OPEN:
        raise ValidationError(_("This incident is closed."))


def _codes(entries: Iterable[str]) -> list[str]:
    return [entry.strip() for entry in entries if entry and entry.strip()]


def _cases_by_codes(entries: Iterable[str]) -> list[Case]:
    """The cases named by register number or code; a refusal naming every unknown one."""
    found: list[Case] = []
    unknown: list[str] = []
    for entry in _codes(entries):
        query = Q(register_number=entry)
        with contextlib.suppress(ValueError):
            query |= Q(code=uuid.UUID(entry))
        case = Case.objects.filter(query).first()
        if case is None:
            unknown.append(entry)
        elif case not in found:
            found.append(case)
    if unknown:
        raise ValidationError({"case_codes": _("No case has this number or code: %s.") % ", ".join(unknown)})
    return found


def _people_by_codes(entries: Iterable[str], cases: list[Case]) -> list[Person]:
    """The people named by code, each of one of ``cases``."""
    found: list[Person] = []
    unknown: list[str] = []
    case_ids = {case.pk for case in cases}
    for entry in _codes(entries):
        try:
            person = Person.objects.filter(code=uuid.UUID(entry), case_id__in=case_ids).first()
        except ValueError:
            person = None
        if person is None:
            unknown.append(entry)
        elif person not in found:
            found.append(person)
    if unknown:
        raise ValidationError({"person_codes": _("Not a person of the affected cases: %s.") % ", ".join(unknown)})
    return found


def incident_input_checked(
    discovered_at: datetime | None, case_codes: Iterable[str], person_codes: Iterable[str]
) -> tuple[list[Case], list[Person]]:
    """The affected cases and people of an incident's input; every refusal at once, by field:
    a discovery in the future, an unknown case, a person not of those cases. The services ask
    it, and the incident form too, so that these come with its own errors on the first submit
    (``discovered_at`` None: that field failed its own check)."""
    errors: dict[str, list[str]] = {}
    if discovered_at is not None and discovered_at > timezone.now():
        errors["discovered_at"] = [_("The time of discovery cannot be in the future.")]
    cases: list[Case] = []
    people: list[Person] = []
    try:
        cases = _cases_by_codes(case_codes)
        people = _people_by_codes(person_codes, cases)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cases, people


@transaction.atomic
def incident_record(
    *,
    actor: Any,
    discovered_at: datetime,
    kind: str,
    record_classes: list[str],
    description: str,
    cause: str = "",
    handling: str = "",
    case_codes: Iterable[str] = (),
    person_codes: Iterable[str] = (),
) -> Incident:
    """Record a breach. The head and the data protection officer are told at once."""
    cases, people = incident_input_checked(discovered_at, case_codes, person_codes)
    incident = Incident(
        discovered_at=discovered_at,
        recorded_by=actor,
        kind=kind,
        record_classes=list(record_classes),
        description=description,
        cause=cause,
        handling=handling,
    )
    incident.full_clean()
    incident.save()
    incident.cases.set(cases)
    incident.people.set(people)
    notify(
        recipients=breach_alert_recipients(),
        message=BREACH_RECORDED,
        params={"code": incident.label, "due": timezone.localtime(incident.notice_due_at).strftime("%Y-%m-%d %H:%M")},
        url=_url(incident),
        key=f"breach-recorded:{incident.pk}",
    )
    return incident


@transaction.atomic
def incident_update(
    *,
    actor: Any,
    incident: Incident,
    discovered_at: datetime,
    kind: str,
    record_classes: list[str],
    description: str,
    cause: str = "",
    handling: str = "",
    case_codes: Iterable[str] = (),
    person_codes: Iterable[str] = (),
) -> Incident:
    """Correct or complete an open incident (the handling steps grow as the work goes on)."""
    incident = _lock(incident)
    _require_open(incident)
    cases, people = incident_input_checked(discovered_at, case_codes, person_codes)
    incident.discovered_at = discovered_at
    incident.kind = kind
    incident.record_classes = list(record_classes)
    incident.description = description
    incident.cause = cause
    incident.handling = handling
    incident.full_clean()
    incident.save()
    incident.cases.set(cases)
    incident.people.set(people)
    return incident


# --- Recipients ---------------------------------------------------------------------------------


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b and " ".join(a.lower().split()) == " ".join(b.lower().split()))


def is_alleged_perpetrator(person: Person) -> bool:
    """Whether ``person`` is, or is recorded elsewhere in their case as, an alleged perpetrator:
    the perpetrator role, or a perpetrator of the same case with the same NIK, phone or name."""
    if person.role == PersonRole.PERPETRATOR:
        return True
    for other in Person.objects.filter(case_id=person.case_id, role=PersonRole.PERPETRATOR).exclude(pk=person.pk):
        if (person.nik_index and person.nik_index == other.nik_index) or (
            person.phone_index and person.phone_index == other.phone_index
        ):
            return True
        if _same_name(person.full_name, other.full_name):
            return True
    return False


@dataclass(frozen=True)
class Proposal:
    """A recipient the app proposes: ``person`` is told, about themselves or, with
    ``on_behalf_of``, about that child; ``perpetrator`` warns that they may not be told."""

    person: Person
    on_behalf_of: Person | None
    perpetrator: bool


def notice_recipients_proposed(incident: Incident) -> list[Proposal]:
    """The recipients of an incident's notices, proposed from its cases: every affected person
    (the people listed, else every victim of the affected cases); an adult (or a person of
    unknown age) is told directly; a child through the reporters of their case (the data model
    records no guardian as such: a reporter is the one who brought the child), never the
    alleged perpetrator (proposed with ``perpetrator`` set, which the service refuses)."""
    affected = list(incident.people.all()) or list(
        Person.objects.filter(case__in=incident.cases.all(), role=PersonRole.VICTIM).order_by("case_id", "created_at")
    )
    proposals: list[Proposal] = []
    for person in affected:
        if person.role == PersonRole.VICTIM and person.is_child:
            reporters = Person.objects.filter(case_id=person.case_id, role=PersonRole.REPORTER).order_by("created_at")
            for reporter in reporters:
                proposals.append(Proposal(reporter, person, is_alleged_perpetrator(reporter)))
        else:
            proposals.append(Proposal(person, None, is_alleged_perpetrator(person)))
    return proposals


def recipient_refusal(*, incident: Incident, person: Person, on_behalf_of: Person | None) -> str | None:
    """Why ``person`` may not be sent a notice of ``incident`` (about ``on_behalf_of``), or None.
    A child is told through a guardian, and never through an alleged perpetrator (Pasal 46)."""
    case_ids = set(incident.cases.values_list("pk", flat=True))
    if person.case_id not in case_ids:
        return _("This person is not in a case affected by the incident.")
    if is_alleged_perpetrator(person):
        return _("This person is an alleged perpetrator of the case and may not receive the notice.")
    if on_behalf_of is not None:
        if on_behalf_of.case_id != person.case_id or on_behalf_of.role != PersonRole.VICTIM:
            return _("The notice can be sent on behalf of a victim of the same case only.")
        if on_behalf_of.pk == person.pk:
            return _("A person told about themselves is not told on their own behalf.")
    elif person.role == PersonRole.VICTIM and person.is_child:
        return _("A child is told through a guardian: choose the guardian and send it on the child's behalf.")
    return None


def _person_of_incident(incident: Incident, code: Any, field: str) -> Person:
    person = Person.objects.filter(code=code, case__in=incident.cases.all()).first()
    if person is None:
        raise ValidationError({field: _("This person is not in a case affected by the incident.")})
    return person


# --- Notices ------------------------------------------------------------------------------------


@transaction.atomic
def notice_create(
    *,
    actor: Any,
    incident: Incident,
    recipient_kind: str,
    person_code: Any = None,
    on_behalf_of_code: Any = None,
    agency_name: str = "",
    address: str = "",
    data_exposed: str = "",
    when_how: str = "",
    handling: str = "",
) -> BreachNotice:
    """A notice of ``incident`` to an affected person or to the supervising agency (drafted;
    ``notice_mark_sent`` records that it went out)."""
    incident = _lock(incident)
    _require_open(incident)
    person = on_behalf_of = None
    if recipient_kind == NoticeRecipient.PERSON:
        if not person_code:
            raise ValidationError({"person": _("Choose the recipient.")})
        person = _person_of_incident(incident, person_code, "person")
        if on_behalf_of_code:
            on_behalf_of = _person_of_incident(incident, on_behalf_of_code, "on_behalf_of")
        refusal = recipient_refusal(incident=incident, person=person, on_behalf_of=on_behalf_of)
        if refusal:
            raise ValidationError({"person": refusal})
        if incident.notices.filter(person=person, on_behalf_of=on_behalf_of).exists():
            raise ValidationError({"person": _("This recipient already has a notice of this incident.")})
        agency_name = ""
    elif recipient_kind == NoticeRecipient.AGENCY:
        agency_name = agency_name.strip() or settings.BREACH_SUPERVISING_AGENCY
    else:
        raise ValidationError({"recipient_kind": _("Choose the recipient.")})
    notice = BreachNotice(
        incident=incident,
        recipient_kind=recipient_kind,
        person=person,
        on_behalf_of=on_behalf_of,
        agency_name=agency_name,
        address=address,
        data_exposed=data_exposed,
        when_how=when_how,
        handling=handling,
        created_by=actor,
    )
    notice.full_clean()
    notice.save()
    return notice


def _lock_notice(notice: BreachNotice) -> BreachNotice:
    return BreachNotice.objects.select_for_update().select_related("incident").get(pk=notice.pk)


@transaction.atomic
def notice_update(
    *,
    actor: Any,
    notice: BreachNotice,
    address: str = "",
    data_exposed: str = "",
    when_how: str = "",
    handling: str = "",
    letter_number: str = "",
) -> BreachNotice:
    """Fill a notice's letter before it is sent; a sent notice is not changed."""
    notice = _lock_notice(notice)
    if notice.is_sent:
        raise ValidationError(_("This notice has been sent and can no longer be changed."))
    notice.address = address
    notice.data_exposed = data_exposed
    notice.when_how = when_how
    notice.handling = handling
    notice.letter_number = letter_number
    notice.full_clean()
    notice.save()
    return notice


NOTICE_ELEMENTS = {
    "data_exposed": gettext_noop("State which personal data were exposed."),
    "when_how": gettext_noop("State when and how the data were exposed."),
    "handling": gettext_noop("State the handling and recovery steps."),
}


def notice_missing_elements(notice: BreachNotice) -> dict[str, str]:
    """The elements of Pasal 46(2) a notice still lacks, by field, with what to write."""
    return {field: _(text) for field, text in NOTICE_ELEMENTS.items() if not (getattr(notice, field) or "").strip()}


@transaction.atomic
def notice_mark_sent(*, actor: Any, notice: BreachNotice, sent_at: datetime | None = None) -> BreachNotice:
    """Record that a notice went out: only once it states the data exposed, when and how, and the
    handling and recovery (UU 27/2022 Pasal 46(2)); at a time between discovery and now."""
    notice = _lock_notice(notice)
    if notice.is_sent:
        raise ValidationError(_("This notice has already been marked sent."))
    missing = notice_missing_elements(notice)
    if missing:
        raise ValidationError(missing)
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now():
        raise ValidationError({"sent_at": _("The time sent cannot be in the future.")})
    if sent_at < notice.incident.discovered_at:
        raise ValidationError({"sent_at": _("The time sent cannot be before the incident was discovered.")})
    notice.sent_at = sent_at
    notice.sent_by = actor
    notice.save(update_fields=["sent_at", "sent_by", "updated_at"])
    return notice


def _duty_still_open(incident: Incident) -> str | None:
    """What keeps the duty of Pasal 46(1) open: "agency" (no notice sent to the supervising
    agency yet), "draft" (a drafted notice not sent), or None once it is done."""
    notices = list(incident.notices.all())
    if not any(n.recipient_kind == NoticeRecipient.AGENCY and n.is_sent for n in notices):
        return "agency"
    return "draft" if any(not n.is_sent for n in notices) else None


def notices_outstanding(incident: Incident) -> bool:
    """Whether the duty of Pasal 46(1) is still open: no notice sent to the supervising agency
    yet, or a drafted notice not sent."""
    return _duty_still_open(incident) is not None


# --- Public statement and closing ---------------------------------------------------------------


@transaction.atomic
def incident_public_statement_set(*, actor: Any, incident: Incident, statement: str) -> Incident:
    """The optional public statement (Pasal 46(3)). It must hold no personal data: a statement
    naming an affected person, or holding their NIK or phone number, is refused."""
    incident = _lock(incident)
    text = " ".join(statement.lower().split())
    people = Person.objects.filter(Q(pk__in=incident.people.all()) | Q(case__in=incident.cases.all()))
    for person in people:
        for value in (person.full_name, person.nik, person.phone, person.nickname):
            if value and len(value.strip()) > 2 and " ".join(value.lower().split()) in text:
                raise ValidationError({"statement": _("The public statement may not hold personal data.")})
    incident.public_statement = statement.strip()
    incident.full_clean()
    incident.save(update_fields=["public_statement", "updated_at"])
    return incident


def incident_close_refusal(incident: Incident) -> str | None:
    """Why the incident may not be closed yet: its notices are outstanding (notices_outstanding),
    and a closed incident takes no new notice and stops the clock's reminders (Pasal 46(1))."""
    duty = _duty_still_open(incident)
    if duty is None:
        return None
    if duty == "agency":
        return _(
            "The incident can be closed once its notices are sent: the supervising agency has not been "
            "notified yet (UU 27/2022 Pasal 46(1))."
        )
    return _(
        "The incident can be closed once its notices are sent: a drafted notice is not marked sent yet "
        "(UU 27/2022 Pasal 46(1))."
    )


@transaction.atomic
def incident_close(*, actor: Any, incident: Incident, lessons: str, measures: str) -> Incident:
    """Close an incident with the lessons learned and the measures taken (both required), once
    its notices are sent (incident_close_refusal)."""
    incident = _lock(incident)
    _require_open(incident)
    if refusal := incident_close_refusal(incident):
        raise ValidationError(refusal)
    errors = {}
    if not lessons.strip():
        errors["lessons"] = _("Record the lessons learned.")
    if not measures.strip():
        errors["measures"] = _("Record the measures taken.")
    if errors:
        raise ValidationError(errors)
    incident.lessons = lessons
    incident.measures = measures
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.closed_by = actor
    incident.full_clean()
    incident.save()
    return incident


# --- The clock ----------------------------------------------------------------------------------


def breach_deadline_notices(*, now: datetime) -> tuple[int, int]:
    """The periodic job: for every open incident with notices outstanding, remind the head and
    the data protection officer once at each of BREACH_REMINDER_HOURS after discovery, and
    escalate once after BREACH_NOTICE_HOURS. Safe to run twice (notification keys). Returns
    (reminded, escalated)."""
    reminded = escalated = 0
    recipients = list(breach_alert_recipients())
    for incident in (
        Incident.objects.filter(status=IncidentStatus.OPEN, discovered_at__lte=now)
        .prefetch_related("notices")
        .order_by("pk")
    ):
        if not notices_outstanding(incident):
            continue
        elapsed = now - incident.discovered_at
        due = timezone.localtime(incident.notice_due_at).strftime("%Y-%m-%d %H:%M")
        with transaction.atomic():
            if elapsed >= timedelta(hours=settings.BREACH_NOTICE_HOURS):
                escalated += bool(
                    notify(
                        recipients=recipients,
                        message=BREACH_OVERDUE,
                        params={"code": incident.label, "due": due},
                        url=_url(incident),
                        key=f"breach-overdue:{incident.pk}",
                    )
                )
                continue
            passed = [hours for hours in settings.BREACH_REMINDER_HOURS if elapsed >= timedelta(hours=hours)]
            if passed:
                hours = max(passed)
                reminded += bool(
                    notify(
                        recipients=recipients,
                        message=BREACH_REMINDER,
                        params={"code": incident.label, "hours": hours, "due": due},
                        url=_url(incident),
                        key=f"breach-reminder:{incident.pk}:{hours}",
                    )
                )
    return reminded, escalated
