"""Writes of the inter-agency accountability outputs (issue 18 §2-3): the quarterly task-force
report and the KLA Klaster V evidence pack, each stored with its figures frozen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..kla_pack import compute_pack
from ..models import KlaPack, TaskForceReport
from ..taskforce import compute_taskforce, last_ended_quarter, quarter_bounds

# The first year the unit recorded in this system (earlier years have nothing to count).
FIRST_YEAR = 2020


def quarter_refusal(year: Any, quarter: Any, today: date) -> dict[str, str]:
    """Why a quarter's report may not be made (by field), or {}: a quarter of a year from
    FIRST_YEAR that has ended."""
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        errors["year"] = _("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": today.year}
    if not isinstance(quarter, int) or not 1 <= quarter <= 4:
        errors["quarter"] = _("Choose a quarter from 1 to 4.")
    if not errors and quarter_bounds(year, quarter)[1] >= today:
        errors["quarter"] = _("The report of a quarter is made once the quarter has ended.")
    return errors


def taskforce_report_make(*, actor: Any, year: int, quarter: int, today: date | None = None) -> TaskForceReport:
    """Make (or make again, with the figures of now) the task-force report of an ended quarter:
    on demand by the head or leadership. The figures are replaced in one UPDATE."""
    today = today or timezone.localdate()
    if errors := quarter_refusal(year, quarter, today):
        raise ValidationError(errors)
    start, end = quarter_bounds(year, quarter)
    figures = compute_taskforce(start, end)
    with transaction.atomic():
        report, _created = TaskForceReport.objects.update_or_create(
            year=year,
            quarter=quarter,
            defaults={"figures": figures, "made_at": timezone.now(), "made_by": actor},
        )
    return report


def taskforce_report_due(*, today: date) -> TaskForceReport | None:
    """The beat job: from TASKFORCE_REPORT_DAY days after a quarter ends, its report is made once
    (None when it exists already or is not due yet). Idempotent."""
    year, quarter = last_ended_quarter(today)
    end = quarter_bounds(year, quarter)[1]
    if today < end + timedelta(days=settings.TASKFORCE_REPORT_DAY):
        return None
    if TaskForceReport.objects.filter(year=year, quarter=quarter).exists():
        return None
    figures = compute_taskforce(*quarter_bounds(year, quarter))
    try:
        with transaction.atomic():
            return TaskForceReport.objects.create(
                year=year, quarter=quarter, figures=figures, made_at=timezone.now(), made_by=None
            )
    except IntegrityError:  # made meanwhile (on demand, or a second run)
        return None


def year_refusal(year: Any, today: date) -> dict[str, str]:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        return {"year": _("Choose a year from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": today.year}}
    return {}


def kla_pack_make(*, actor: Any, year: int, today: date | None = None) -> tuple[KlaPack, bool]:
    """The KLA evidence pack of ``year`` frozen today: made once per year and cut-off day (asked
    again the same day, the pack already made is returned, unchanged, with False)."""
    today = today or timezone.localdate()
    if errors := year_refusal(year, today):
        raise ValidationError(errors)
    existing = KlaPack.objects.filter(year=year, cut_off=today).first()
    if existing is not None:
        return existing, False
    figures = compute_pack(year, today)
    try:
        with transaction.atomic():
            pack = KlaPack.objects.create(
                year=year, cut_off=today, figures=figures, made_at=timezone.now(), made_by=actor
            )
    except IntegrityError:
        return KlaPack.objects.get(year=year, cut_off=today), False
    return pack, True


def kla_pack_due(*, today: date) -> KlaPack | None:
    """The beat job: from KLA_PACK_JANUARY_DAY of January, the last year's pack is made once (None
    when one of that year was made on or after that day already). Idempotent."""
    due = date(today.year, 1, settings.KLA_PACK_JANUARY_DAY)
    if today < due or KlaPack.objects.filter(year=today.year - 1, cut_off__gte=due).exists():
        return None
    pack, created = kla_pack_make(actor=None, year=today.year - 1, today=today)
    return pack if created else None
