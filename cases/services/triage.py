"""Triage: case type, risk and authority, then accept, end as outside the mandate, or link as duplicate."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus, EventKind, PersonRole, TriageOutcome
from cases.vocabularies import CaseType, Risk
from uptdppa.accounts.models import Organisation

from .common import event_add, police_deadline_refresh
from .registry import register_number_issue


def response_due(received_at: datetime, risk: str | None) -> datetime:
    """When a complaint received at ``received_at`` must be responded to: RESPONSE_TIME_HOURS of
    its triage risk. Until triage sets the risk (``risk`` None) a complaint is treated as urgent,
    on the high-risk clock, so a new complaint never waits behind low-risk ones."""
    return received_at + timedelta(hours=settings.RESPONSE_TIME_HOURS[risk or Risk.TINGGI])


def _require_received(case: Case) -> None:
    if case.status != CaseStatus.RECEIVED:
        raise ValidationError(_("This complaint has already been triaged."))


def has_child_victim(case: Case) -> bool:
    """A victim of ``case`` was under 18 at the incident: the case is proposed as AMPK."""
    return case.people.filter(role=PersonRole.VICTIM).children().exists()


def case_type_refusal(case: Case, case_type: str, reason: str) -> str | None:
    """A case with a child victim is AMPK (children in need of special protection); typing it KTP
    needs a written reason, so that a child is never filed under women's cases by a slip."""
    if case_type == CaseType.KTP and not reason.strip() and has_child_victim(case):
        return _(
            "A victim was under 18 at the incident, so the case is proposed as AMPK. To type it as KTP, write why."
        )
    return None


def _set_triage(case: Case, *, case_type: str, risk: str, authority: str, case_type_reason: str) -> None:
    errors = {}
    for name, value in (("case_type", case_type), ("risk", risk), ("authority", authority)):
        if not value:
            errors[name] = _("This field is required.")
    if refusal := case_type_refusal(case, case_type, case_type_reason):
        errors["case_type_reason"] = refusal
    if errors:
        raise ValidationError(errors)
    case.case_type, case.risk, case.authority = case_type, risk, authority
    case.case_type_reason = case_type_reason.strip() if case_type == CaseType.KTP else None
    case.response_due_at = response_due(case.received_at, risk)


@transaction.atomic
def triage_propose(
    *, actor: Any, case: Case, case_type: str, risk: str, authority: str, note: str = "", case_type_reason: str = ""
) -> Case:
    """An intake officer's (or the head's) proposal; it starts the response clock of the risk."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_received(case)
    _set_triage(case, case_type=case_type, risk=risk, authority=authority, case_type_reason=case_type_reason)
    case.triage_proposed_by = actor
    case.triage_proposed_at = timezone.now()
    if note.strip():
        case.triage_note = note.strip()
    case.full_clean()
    case.save()
    event_add(case=case, kind=EventKind.TRIAGE_PROPOSED, actor=actor, risk=risk, case_type=case_type)
    return case


@transaction.atomic
def triage_decide(
    *,
    actor: Any,
    case: Case,
    outcome: str,
    case_type: str = "",
    risk: str = "",
    authority: str = "",
    note: str = "",
    case_type_reason: str = "",
    referred_to: Organisation | None = None,
    duplicate_of: Case | None = None,
) -> Case:
    """The head of the unit's decision. Accepting registers the case (register number, clocks).

    Precondition: the caller checked that ``actor`` may decide (cases.decide_triage).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_received(case)
    now = timezone.now()
    if note.strip():
        case.triage_note = note.strip()
    if outcome == TriageOutcome.ACCEPTED:
        _set_triage(case, case_type=case_type, risk=risk, authority=authority, case_type_reason=case_type_reason)
        case.status = CaseStatus.OPEN
        register_number_issue(case=case, at=now)
        kind = EventKind.ACCEPTED
    elif outcome == TriageOutcome.OUTSIDE_MANDATE:
        if not note.strip():
            raise ValidationError({"note": _("Write down what information was given or where the person was sent.")})
        case.status = CaseStatus.OUTSIDE_MANDATE
        case.referred_to = referred_to
        kind = EventKind.OUTSIDE_MANDATE
    elif outcome == TriageOutcome.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == case.pk or not duplicate_of.is_registered:
            raise ValidationError({"duplicate_of": _("Choose the registered case this complaint repeats.")})
        case.status = CaseStatus.DUPLICATE
        case.duplicate_of = duplicate_of
        kind = EventKind.DUPLICATE
    else:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    case.triaged_by = actor
    case.triaged_at = now
    case.full_clean()
    case.save()
    event_add(case=case, kind=kind, actor=actor, register_number=case.register_number or "")
    if duplicate_of is not None and kind == EventKind.DUPLICATE:
        # The original's timeline shows the repeat too; nothing of the duplicate is lost.
        event_add(case=duplicate_of, kind=EventKind.DUPLICATE_LINKED, actor=actor, duplicate=str(case.code))
    police_deadline_refresh(case)
    return case
