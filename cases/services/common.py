"""Helpers shared by the case services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from cases.models import Case, CaseEvent, CaseStatus, EventKind, Person, PersonRole, ViolenceRecord
from cases.vocabularies import ViolenceForm

CLOCK_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.OPEN})


def event_add(*, case: Case, kind: EventKind, actor: Any = None, **data: Any) -> CaseEvent:
    """Append to the case timeline. ``data``: codes, ids and vocabulary values only."""
    return CaseEvent.objects.create(
        case=case, kind=kind, actor=actor if getattr(actor, "pk", None) else None, data=data
    )


def police_deadline_refresh(case: Case) -> None:
    """Keep the UU TPKS Pasal 41 deadline in step: set while a victim suffered sexual violence
    and no police report is recorded, cleared otherwise. Saves the case when it changes."""
    sexual = Person.objects.filter(case=case, role=PersonRole.VICTIM).filter(
        Exists(ViolenceRecord.objects.filter(victim=OuterRef("pk"), form=ViolenceForm.SEKSUAL))
    )
    due = None
    # Only while UPTD PPA handles the complaint: an ended complaint (outside the mandate, a
    # duplicate whose original carries its own clock) or a closed case runs no clock.
    if case.status in CLOCK_STATUSES and not case.police_report_number and sexual.exists():
        due = case.received_at + timedelta(hours=settings.POLICE_REPORT_WINDOW_HOURS)
    if case.police_report_due_at != due:
        case.police_report_due_at = due
        case.save(update_fields=["police_report_due_at", "updated_at"])
