"""The quarterly task-force report (issue 18 §2): how each partner organisation handled the
referrals it received, computed as pure functions over querysets (reports/DEFINITIONS.md
"Task-force report" defines each figure; the report is stored frozen, reports.models.TaskForceReport).

Everything is measured *as of the end of the quarter* (midnight WIB after its last day): a step
done later counts as not done, so making the report again later gives the same figures unless a
record of the quarter was corrected. Durations are days (hours / 24) from the sending, one
decimal; percentiles by linear interpolation between closest ranks (``percentile``).

No child identifiers: the figures hold organisation codes, names and counts only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from coordination.models import ActionItem, ActionItemStatus
from referrals.models import DeclineReason, Referral, ReferralStatus
from referrals.services import referral_steps
from uptdppa.accounts.models import Organisation, OrganisationKind

from .suppression import HIDDEN, WITHHELD, Model, Path, hidden_counts, limit

DEFINITIONS_VERSION = 1
DURATIONS = ("days_to_accept", "days_to_first_service", "days_to_completion")
COUNTS = ("received", "declined", "overdue", "open_long", "action_items_due", "action_items_on_time")


# --- Quarters -------------------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The first and last day of a quarter (1-4)."""
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1-4")
    start = date(year, 3 * quarter - 2, 1)
    following = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, following - timedelta(days=1)


def last_ended_quarter(today: date) -> tuple[int, int]:
    """The quarter that ended most recently before ``today``."""
    current = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if current == 1 else (today.year, current - 1)


def as_of_moment(last_day: date) -> datetime:
    """Midnight (WIB) after ``last_day``: the moment the figures are measured at."""
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


# --- Statistics -----------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) by linear interpolation between closest ranks (Hyndman and
    Fan's type 7, Excel's PERCENTILE.INC, numpy's default): sort, take the rank h = (n - 1) · p / 100
    and go from the value at floor(h) towards the next by the fraction of h. The median is p = 50.
    None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def _summary(values: list[float]) -> dict[str, Any]:
    median, p90 = percentile(values, 50), percentile(values, 90)
    return {
        "n": len(values),
        "median": None if median is None else round(median, 1),
        "p90": None if p90 is None else round(p90, 1),
    }


def _done(moment: datetime | None, as_of: datetime) -> bool:
    return moment is not None and moment < as_of


def referral_row(referrals: Iterable[Referral], *, as_of: datetime) -> dict[str, Any]:
    """The figures of the referrals an organisation received in the period (sent in it, not
    withdrawn by the sender), as of ``as_of``."""
    received = declined = overdue = 0
    reasons: Counter[str] = Counter()
    spans: dict[str, list[float]] = {key: [] for key in DURATIONS}
    for referral in referrals:
        received += 1
        sent = referral.sent_at or as_of  # always set: the referrals were sent in the period
        answered = _done(referral.responded_at, as_of)
        if answered and referral.status == ReferralStatus.DECLINED:
            declined += 1
            reasons[referral.decline_reason_code or DeclineReason.OTHER] += 1
        elif answered:
            spans["days_to_accept"].append(_days(sent, referral.responded_at))  # type: ignore[arg-type]
        if _done(referral.first_service_at, as_of):
            spans["days_to_first_service"].append(_days(sent, referral.first_service_at))  # type: ignore[arg-type]
        if _done(referral.completed_at, as_of):
            spans["days_to_completion"].append(_days(sent, referral.completed_at))  # type: ignore[arg-type]
        if any(step.late for step in referral_steps(referral, as_of=as_of)):
            overdue += 1
    return {
        "received": received,
        "declined": declined,
        "declined_by_reason": {code: reasons.get(code, 0) for code in DeclineReason.values},
        **{key: _summary(values) for key, values in spans.items()},
        "overdue": overdue,
        "overdue_share": round(overdue / received, 3) if received else None,
        "_spans": spans,
    }


def open_long(referrals: Iterable[Referral], *, as_of: datetime) -> int:
    """Referrals sent more than TASKFORCE_LONG_OPEN_DAYS before ``as_of`` and still open then (not
    declined, completed or withdrawn by that moment), whenever they were sent."""
    cutoff = as_of - timedelta(days=settings.TASKFORCE_LONG_OPEN_DAYS)
    count = 0
    for referral in referrals:
        if referral.sent_at is None or referral.sent_at > cutoff:
            continue
        declined = referral.status == ReferralStatus.DECLINED and _done(referral.responded_at, as_of)
        if not (declined or _done(referral.completed_at, as_of) or _done(referral.revoked_at, as_of)):
            count += 1
    return count


def action_item_row(items: Iterable[ActionItem]) -> dict[str, Any]:
    """Conference and task-force action items due in the period (cancelled ones left out): how many,
    and how many were done by their due date (WIB)."""
    due = on_time = 0
    for item in items:
        due += 1
        if item.status == ActionItemStatus.DONE and item.done_at and timezone.localdate(item.done_at) <= item.due_on:
            on_time += 1
    return {
        "action_items_due": due,
        "action_items_on_time": on_time,
        "action_items_on_time_share": round(on_time / due, 3) if due else None,
    }


def compute_taskforce(start: date, end: date) -> dict[str, Any]:
    """The task-force figures of the days ``start``..``end`` (a quarter, or a year for the KLA
    pack): one row per partner organisation (every active one, and any other that received a
    referral or had an action item due), and the city's row over all of them."""
    as_of = as_of_moment(end)
    begin = as_of_moment(start - timedelta(days=1))
    sent = (
        Referral.objects.filter(sent_at__gte=begin, sent_at__lt=as_of)
        .exclude(status=ReferralStatus.REVOKED, revoked_at__lt=as_of)
        .only(
            "organisation_id",
            "status",
            "urgency",
            "services",
            "sent_at",
            "responded_at",
            "decline_reason_code",
            "first_service_at",
            "completed_at",
            "revoked_at",
        )
    )
    older = Referral.objects.filter(sent_at__lt=as_of - timedelta(days=settings.TASKFORCE_LONG_OPEN_DAYS)).filter(
        Q(completed_at__isnull=True) | Q(completed_at__gte=as_of)
    )
    items = ActionItem.objects.filter(due_on__gte=start, due_on__lte=end).exclude(status=ActionItemStatus.CANCELLED)
    by_org: dict[int, list[Referral]] = {}
    for referral in sent:
        by_org.setdefault(referral.organisation_id, []).append(referral)
    long_by_org: dict[int, list[Referral]] = {}
    for referral in older.only("organisation_id", "status", "sent_at", "responded_at", "completed_at", "revoked_at"):
        long_by_org.setdefault(referral.organisation_id, []).append(referral)
    items_by_org: dict[int, list[ActionItem]] = {}
    for item in items.only("organisation_id", "status", "due_on", "done_at"):
        items_by_org.setdefault(item.organisation_id, []).append(item)
    involved = set(by_org) | set(long_by_org) | set(items_by_org)
    organisations = (
        Organisation.objects.exclude(kind=OrganisationKind.UPTD_PPA)
        .filter(Q(is_active=True) | Q(pk__in=involved))
        .order_by("name")
    )
    rows = []
    spans: dict[str, list[float]] = {key: [] for key in DURATIONS}
    for organisation in organisations:
        row = referral_row(by_org.get(organisation.pk, []), as_of=as_of)
        row_spans = row.pop("_spans")
        for key in DURATIONS:
            spans[key] += row_spans[key]
        row["open_long"] = open_long(long_by_org.get(organisation.pk, []), as_of=as_of)
        row.update(action_item_row(items_by_org.get(organisation.pk, [])))
        rows.append({"code": str(organisation.code), "name": organisation.name, "kind": organisation.kind, **row})
    city = _city(rows, spans)
    return {
        "definitions_version": DEFINITIONS_VERSION,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "as_of": as_of.isoformat(),
        "long_open_days": settings.TASKFORCE_LONG_OPEN_DAYS,
        "organisations": rows,
        "city": city,
    }


def _city(rows: list[dict[str, Any]], spans: dict[str, list[float]]) -> dict[str, Any]:
    """The city's row: the counts added up, the durations over every referral of the city."""
    city: dict[str, Any] = {key: sum(row[key] for row in rows) for key in COUNTS}
    city["declined_by_reason"] = {
        code: sum(row["declined_by_reason"][code] for row in rows) for code in DeclineReason.values
    }
    city.update({key: _summary(values) for key, values in spans.items()})
    city["overdue_share"] = round(city["overdue"] / city["received"], 3) if city["received"] else None
    due = city["action_items_due"]
    city["action_items_on_time_share"] = round(city["action_items_on_time"] / due, 3) if due else None
    return city


# --- Who sees what --------------------------------------------------------------------------------


def liaison_view(figures: dict[str, Any], organisation_code: str) -> dict[str, Any]:
    """What a liaison of an organisation sees: their own row (exact: they are its referrals) and,
    beside it, the city's medians only (no other organisation, no city count)."""
    own = [row for row in figures["organisations"] if row["code"] == organisation_code]
    city = figures["city"]
    medians = {key: {"median": city[key]["median"] if city[key]["n"] >= limit() else None} for key in DURATIONS}
    return {
        **{k: v for k, v in figures.items() if k not in ("organisations", "city")},
        "organisations": own,
        "city": medians,
    }


def _count_paths(figures: dict[str, Any]) -> dict[Path, int]:
    values: dict[Path, int] = {}
    for index, row in enumerate([*figures["organisations"], figures["city"]]):
        key = str(index) if index < len(figures["organisations"]) else "city"
        for name in COUNTS:
            values[(key, name)] = row[name]
        for code, n in row["declined_by_reason"].items():
            values[(key, "declined_by_reason", code)] = n
    return values


def leadership_view(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as leadership sees them (reports.suppression's method): counts from 1 to under
    the limit read "<3"; every count from which one could be worked out (the city's totals are the
    sums of the organisations', an organisation's declines the sum of its reasons) reads "x"; an
    organisation's reasons are hidden whole when its declines are under the limit. A share is
    hidden with either of its counts; a median or percentile of fewer than the limit referrals is
    not shown (one or two referrals' own durations)."""
    values = _count_paths(figures)
    model = Model(values)
    keys = [str(index) for index in range(len(figures["organisations"]))]
    for name in COUNTS:
        model.add_sum(("city", name), [(key, name) for key in keys], table=False)
    for key in [*keys, "city"]:
        model.add_sum((key, "declined"), [(key, "declined_by_reason", code) for code in DeclineReason.values])
    for code in DeclineReason.values:
        model.add_sum(
            ("city", "declined_by_reason", code), [(key, "declined_by_reason", code) for key in keys], table=False
        )
    hidden, whole, withheld = hidden_counts(model)
    small = f"<{limit()}"

    def shown(path: Path) -> Any:
        value = values[path]
        if path not in hidden:
            return value
        if path in withheld:
            return WITHHELD
        return small if path in whole or 0 < value < limit() else HIDDEN

    out = {**figures, "suppressed": True}
    rows = []
    for key, row in [
        *((key, row) for key, row in zip(keys, figures["organisations"], strict=True)),
        ("city", figures["city"]),
    ]:
        new = dict(row)
        for name in COUNTS:
            new[name] = shown((key, name))
        new["declined_by_reason"] = {
            code: shown((key, "declined_by_reason", code)) for code in row["declined_by_reason"]
        }
        if not isinstance(new["overdue"], int) or not isinstance(new["received"], int):
            new["overdue_share"] = None
        if not isinstance(new["action_items_on_time"], int) or not isinstance(new["action_items_due"], int):
            new["action_items_on_time_share"] = None
        for name in DURATIONS:
            if row[name]["n"] < limit():
                new[name] = {"n": shown_small(row[name]["n"]), "median": None, "p90": None}
        if key == "city":
            out["city"] = new
        else:
            rows.append(new)
    out["organisations"] = rows
    return out


def shown_small(n: int) -> int | str:
    return f"<{limit()}" if 0 < n < limit() else n
