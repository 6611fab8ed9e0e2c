"""Helpers shared by the case services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.change_hooks import case_changed
from cases.models import Case, CaseEvent, CaseStatus, EventKind, Person, PersonRole, ViolenceRecord
from cases.vocabularies import ViolenceForm

CLOCK_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.OPEN})


def event_add(*, case: Case, kind: EventKind, actor: Any = None, **data: Any) -> CaseEvent:
    """Append to the case timeline. ``data``: codes, ids and vocabulary values only. Every
    registered change hook then hears of the change (cases.change_hooks)."""
    event = CaseEvent.objects.create(
        case=case, kind=kind, actor=actor if getattr(actor, "pk", None) else None, data=data
    )
    case_changed(case)
    return event


def acting_user(actor: Any) -> Any:
    """The acting user for a "recorded by" field; None for system actions (actor=None)."""
    return actor if getattr(actor, "pk", None) else None


def require_party(case: Case, person: Person, role: str, field: str) -> None:
    """``person`` must be recorded in ``case`` with ``role``; else an error on ``field``."""
    if person.case_id != case.pk:
        raise ValidationError({field: _("This person is not recorded in this case.")})
    if person.role != role:
        message = (
            _("Choose a victim of this case.")
            if role == PersonRole.VICTIM
            else _("Choose an alleged perpetrator of this case.")
        )
        raise ValidationError({field: message})


def future_date_error(day: date | None) -> str | None:
    return _("The date cannot be in the future.") if day and day > timezone.localdate() else None


def case_has_sexual_violence(case: Case) -> bool:
    """A victim of the case suffered sexual violence: the condition of UU TPKS Pasal 23 (no
    mediation) and Pasal 41 (the police-report clock)."""
    return ViolenceRecord.objects.filter(
        victim__case=case, victim__role=PersonRole.VICTIM, form=ViolenceForm.SEKSUAL
    ).exists()


def police_deadline_refresh(case: Case) -> None:
    """Keep the UU TPKS Pasal 41 deadline in step: set while a victim suffered sexual violence
    and no police report is recorded, cleared otherwise. Saves the case when it changes."""
    due = None
    # Only while UPTD PPA handles the complaint: an ended complaint (outside the mandate, a
    # duplicate whose original carries its own clock) or a closed case runs no clock.
    if case.status in CLOCK_STATUSES and not case.police_report_number and case_has_sexual_violence(case):
        due = case.received_at + timedelta(hours=settings.POLICE_REPORT_WINDOW_HOURS)
    if case.police_report_due_at != due:
        case.police_report_due_at = due
        case.save(update_fields=["police_report_due_at", "updated_at"])


def lock_case(case_id: int) -> Case:
    """The case row, locked until the transaction ends. Precondition: called inside one."""
    return Case.objects.select_for_update().get(pk=case_id)


def require_open(case: Case, message: str | None = None) -> None:
    """Refuse a write to a closed case: it is read-only until the head reopens it. Complaints
    still at intake pass (other checks decide about them); only post-closure monitoring writes
    to a closed case. ``message`` replaces the general refusal where the write names itself."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(message or _("This case is closed; reopen it first."))


def require_open_registered(case: Case, *, not_registered: str | None = None, closed: str | None = None) -> None:
    """Refuse a write that needs a registered case that is still open: not a complaint awaiting
    triage or one that ended at intake, and not a closed case (read-only, require_open).

    ``not_registered`` and ``closed`` are the refusals of the two cases where the write names
    itself ("Shelter is arranged for ..."); by default a general message and require_open's.
    """
    if not case.is_registered:
        raise ValidationError(not_registered or _("This is recorded on a registered case."))
    require_open(case, closed)


def raise_if(errors: dict[str, str]) -> None:
    """Raise the collected field errors together, so staff see everything at once."""
    if errors:
        raise ValidationError(errors)
