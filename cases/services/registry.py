"""Register numbers and the numbers of other registers (SIMFONI, police)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, EventKind, RegisterCounter, YearlyCounter

from .common import acting_user, event_add, police_deadline_refresh

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class YearlyNumber:
    year: int
    seq: int
    number: str


def yearly_number_issue(counter_model: type[YearlyCounter], *, at: datetime, number_format: str) -> YearlyNumber:
    """The next number of the year of ``at`` (local time) in the series that ``counter_model``
    counts (register numbers, referral letters), written with ``number_format`` (its fields:
    ``seq``, ``month_roman``, ``month``, ``year``).

    Precondition: runs inside the transaction that uses the number. The year's counter row is
    locked until that transaction ends, so concurrent callers queue, and a rolled-back
    transaction gives its number back: the numbers stay gap-free and unique.
    """
    local = timezone.localtime(at)
    manager = counter_model._default_manager
    manager.bulk_create([counter_model(year=local.year)], ignore_conflicts=True)
    counter = manager.select_for_update().get(year=local.year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    number = number_format.format(
        seq=counter.last_seq, month_roman=ROMAN_MONTHS[local.month - 1], month=local.month, year=local.year
    )
    return YearlyNumber(year=local.year, seq=counter.last_seq, number=number)


def register_number_issue(*, case: Case, at: datetime) -> None:
    """Give ``case`` the next register number of the year of ``at`` (local time), gap-free and
    unique (yearly_number_issue; precondition: inside the transaction that registers the case)."""
    issued = yearly_number_issue(RegisterCounter, at=at, number_format=settings.REGISTER_NUMBER_FORMAT)
    case.register_year = issued.year
    case.register_seq = issued.seq
    case.registered_at = at
    case.register_number = issued.number


@transaction.atomic
def case_record_police_report(*, actor: Any, case: Case, number: str, report_date: date, unit: str = "") -> Case:
    """Record the police report (LP). It ends the UU TPKS Pasal 41 clock of a sexual-violence case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_registered:
        raise ValidationError(_("A police report is recorded on a registered case."))
    if not number.strip():
        raise ValidationError({"number": _("Enter the police report (LP) number.")})
    if report_date > timezone.localdate():
        raise ValidationError({"report_date": _("The report date cannot be in the future.")})
    case.police_report_number = number.strip()
    case.police_report_date = report_date
    case.police_report_unit = unit.strip()
    case.full_clean()
    case.save(update_fields=["police_report_number", "police_report_date", "police_report_unit", "updated_at"])
    event_add(case=case, kind=EventKind.POLICE_REPORT, actor=actor)
    police_deadline_refresh(case)
    return case


@transaction.atomic
def case_set_simfoni_number(*, actor: Any, case: Case, simfoni_number: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.simfoni_number = simfoni_number.strip()
    case.full_clean()
    case.save(update_fields=["simfoni_number", "updated_at"])
    event_add(case=case, kind=EventKind.REGISTRY_CHANGED, actor=actor)
    return case


@transaction.atomic
def case_mark_simfoni_entered(*, actor: Any, case: Case, entered: bool = True, simfoni_number: str = "") -> Case:
    """Mark ``case`` as keyed into SIMFONI PPA (or not yet, to undo a mistaken mark).

    The SIMFONI operator's work list is "registered cases not yet entered", so only registered
    cases carry the marker. Closed cases may still be marked: national recording is not a change
    to the case's content. A case is marked entered with the number SIMFONI gave it (asked in the
    work list, where the operator works: they open no case page); a number given replaces the
    one kept. Marking twice keeps the first who/when and writes no second event.
    Precondition: the caller checked reports.export_simfoni.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_registered:
        raise ValidationError(_("Only a registered case is entered in SIMFONI."))
    number = simfoni_number.strip()
    if entered and not number and not case.simfoni_number:
        raise ValidationError({"simfoni_number": _("Enter the number SIMFONI PPA gave the case.")})
    changed: list[str] = []
    if entered and number and number != case.simfoni_number:
        case.simfoni_number = number
        changed.append("simfoni_number")
    if entered != (case.simfoni_entered_at is not None):
        case.simfoni_entered_at = timezone.now() if entered else None
        case.simfoni_entered_by = acting_user(actor) if entered else None
        changed += ["simfoni_entered_at", "simfoni_entered_by"]
    if not changed:
        return case
    case.full_clean()
    case.save(update_fields=[*changed, "updated_at"])
    if "simfoni_number" in changed:
        event_add(case=case, kind=EventKind.REGISTRY_CHANGED, actor=actor)
    if "simfoni_entered_at" in changed:
        event_add(case=case, kind=EventKind.SIMFONI_ENTERED, actor=actor, entered=entered)
    return case
