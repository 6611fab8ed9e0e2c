"""The head's overview of referrals (issue 5 item 8): counts by organisation and status, median
days to accept and to complete, and the overdue list.

One function, ``referral_overview``, feeds the page (referrals/views/overview.py) and the API
(referrals/api.py), so both show the same numbers. It runs three queries whatever the number of
referrals: the counts are grouped in the database; the medians are taken in Python from one
list of timestamps (a few thousand rows a year at this unit's scale); the overdue list is one
query with its organisation joined.

Definitions (shown on the page):
- the period selects referrals *sent* between two dates (inclusive, local time); drafts were
  never sent and are not counted;
- days are calendar days in the unit's time zone, from the day of sending to the day of
  acceptance (declined referrals have no acceptance) or of completion;
- the overdue list is today's: every referral still waiting for or being worked on by the
  receiver whose due date has passed, whenever it was sent (not limited to the period).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import Count, Q
from django.utils import timezone

from .models import Referral, ReferralStatus

# The columns of the table: every status a sent referral can have.
STATUSES: tuple[ReferralStatus, ...] = tuple(s for s in ReferralStatus if s != ReferralStatus.DRAFT)


def default_period(today: date | None = None) -> tuple[date, date]:
    """This year up to today."""
    today = today or timezone.localdate()
    return date(today.year, 1, 1), today


@dataclass
class Figures:
    """Counts and medians of one organisation, or of all of them (``code`` None)."""

    code: UUID | None
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    median_days_to_accept: float | None = None
    median_days_to_complete: float | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def count_list(self) -> list[int]:
        """The counts in the order of STATUSES (for the table's cells)."""
        return [self.counts[status] for status in STATUSES]


@dataclass(frozen=True)
class OverdueReferral:
    code: UUID
    letter_number: str
    organisation_code: UUID
    organisation_name: str
    status: str
    due_on: date
    days_overdue: int

    @property
    def status_label(self) -> str:
        return str(ReferralStatus(self.status).label)


@dataclass
class ReferralOverview:
    date_from: date
    date_to: date
    today: date
    organisations: list[Figures]
    overall: Figures
    overdue: list[OverdueReferral]

    @property
    def statuses(self) -> tuple[ReferralStatus, ...]:
        return STATUSES


def _median(days: list[int]) -> float | None:
    return float(statistics.median(days)) if days else None


def _days(start: datetime, end: datetime) -> int:
    return (timezone.localdate(end) - timezone.localdate(start)).days


def referral_overview(*, date_from: date, date_to: date, today: date | None = None) -> ReferralOverview:
    """The figures of the referrals sent from ``date_from`` to ``date_to`` (inclusive) and the
    overdue list as of ``today``. Three queries. Callers check ``referrals.view_overview``."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
    sent = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end).order_by()

    by_org: dict[int, Figures] = {}
    overall = Figures(code=None, name="")
    counts = sent.values("organisation_id", "organisation__code", "organisation__name", "status").annotate(
        n=Count("pk")
    )
    for row in counts:
        figures = by_org.setdefault(
            row["organisation_id"], Figures(code=row["organisation__code"], name=row["organisation__name"])
        )
        figures.counts[row["status"]] += row["n"]
        overall.counts[row["status"]] += row["n"]

    # A referral was accepted if it was answered and not declined (it may have been revoked since).
    to_accept: dict[int, list[int]] = defaultdict(list)
    to_complete: dict[int, list[int]] = defaultdict(list)
    answered = sent.filter(Q(responded_at__isnull=False) | Q(completed_at__isnull=False)).values_list(
        "organisation_id", "status", "sent_at", "responded_at", "completed_at"
    )
    for organisation_id, status, sent_at, responded_at, completed_at in answered:
        if sent_at is None:  # never: filtered on sent_at above (for the type checker)
            continue
        if responded_at is not None and status != ReferralStatus.DECLINED:
            to_accept[organisation_id].append(_days(sent_at, responded_at))
        if completed_at is not None:
            to_complete[organisation_id].append(_days(sent_at, completed_at))
    for organisation_id, figures in by_org.items():
        figures.median_days_to_accept = _median(to_accept[organisation_id])
        figures.median_days_to_complete = _median(to_complete[organisation_id])
    overall.median_days_to_accept = _median([d for days in to_accept.values() for d in days])
    overall.median_days_to_complete = _median([d for days in to_complete.values() for d in days])

    late = (
        Referral.objects.overdue(today)
        .order_by("due_on", "sent_at", "pk")
        .values("code", "letter_number", "organisation__code", "organisation__name", "status", "due_on")
    )
    overdue = [
        OverdueReferral(
            code=row["code"],
            letter_number=row["letter_number"] or "",
            organisation_code=row["organisation__code"],
            organisation_name=row["organisation__name"],
            status=row["status"],
            due_on=row["due_on"],
            days_overdue=(today - row["due_on"]).days,
        )
        for row in late
        if row["due_on"] is not None  # never: filtered on due_on above (for the type checker)
    ]
    return ReferralOverview(
        date_from=date_from,
        date_to=date_to,
        today=today,
        organisations=sorted(by_org.values(), key=lambda f: f.name.lower()),
        overall=overall,
        overdue=overdue,
    )
