"""The figures of a period, computed from the live tables: the one code path behind the snapshots,
the dashboard, the PDF, the Excel export and the API (reports/DEFINITIONS.md defines each figure).

Every breakdown is a GROUP BY in the database, so the number of queries is fixed whatever the
data size. The result is plain JSON (codes, not labels): labels and small-cell suppression are
applied when it is shown.
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter, defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.models import (
    REGISTERED_STATUSES,
    Case,
    CaseStatus,
    HealthService,
    LegalEvent,
    MonitoringFollowUp,
    PerpetratorRelation,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    ProtectionRecord,
    ViolenceRecord,
    child_q,
)
from cases.vocabularies import AgeBand, Relation, ServiceType
from uptdppa.periods import Period

# Bumped when a definition changes, so that old snapshots can be told apart.
DEFINITIONS_VERSION = 1
UNKNOWN = "unknown"
OUTSIDE = "outside"


def suppress_small(value: int, limit: int | None = None) -> int | str:
    """A count as leadership may see it: 1 .. limit-1 becomes "<limit" (0 stays 0: an empty cell
    identifies nobody)."""
    limit = settings.STATISTICS_SMALL_CELL_LIMIT if limit is None else limit
    return f"<{limit}" if 0 < value < limit else value


def counted_cases(period: Period) -> QuerySet[Case]:
    """The cases of a period: registered (accepted at triage) in it. Complaints that ended at
    intake are not cases."""
    start, end = period.bounds()
    return Case.objects.filter(status__in=REGISTERED_STATUSES, registered_at__gte=start, registered_at__lt=end)


def _age_band(age: int | None) -> str:
    return UNKNOWN if age is None else str(AgeBand.for_age(age).value)


def _counter(rows: Any, key: str = "key") -> dict[str, int]:
    return {str(row[key] if row[key] not in (None, "") else UNKNOWN): row["n"] for row in rows}


def compute_figures(period: Period) -> dict[str, Any]:
    """Every figure of ``period`` (see DEFINITIONS.md), as JSON-ready data."""
    cases = counted_cases(period)
    victims = Person.objects.filter(case__in=cases, role=PersonRole.VICTIM)
    child_victims = victims.children()
    child_cases = cases.filter(Exists(child_victims.filter(case=OuterRef("pk"))))

    totals = cases.aggregate(
        cases=Count("pk"),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED)),
    )
    totals["child_cases"] = child_cases.count()
    totals["victims"] = victims.count()
    totals["child_victims"] = child_victims.count()
    start, end = period.bounds()
    totals["complaints_received"] = Case.objects.filter(received_at__gte=start, received_at__lt=end).count()

    forms = ViolenceRecord.objects.filter(victim__in=victims)
    figures: dict[str, Any] = {
        "definitions_version": DEFINITIONS_VERSION,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "totals": totals,
        # A case counts once per form any of its victims suffered; a victim once per form.
        "cases_by_form": _counter(forms.values(key=F("form")).annotate(n=Count("victim__case", distinct=True))),
        "child_cases_by_form": _counter(
            forms.filter(child_q("victim__")).values(key=F("form")).annotate(n=Count("victim__case", distinct=True))
        ),
        "victims_by_form": _counter(forms.values(key=F("form")).annotate(n=Count("victim", distinct=True))),
        "cases_by_type": _counter(cases.values(key=F("case_type")).annotate(n=Count("pk"))),
        "victims_by_sex": _counter(victims.values(key=F("sex")).annotate(n=Count("pk"))),
        "cases_by_scene": _counter(cases.values(key=F("scene")).annotate(n=Count("pk"))),
        "cases_by_month": {month: 0 for month in period.months()},
    }
    for month_row in cases.annotate(month=TruncMonth("registered_at")).values("month").annotate(n=Count("pk")):
        figures["cases_by_month"][timezone.localtime(month_row["month"]).strftime("%Y-%m")] = month_row["n"]

    age_sex: dict[str, dict[str, int]] = defaultdict(dict)
    by_band: Counter[str] = Counter()
    for row in victims.values("age_at_incident", "sex").annotate(n=Count("pk")):
        band = _age_band(row["age_at_incident"])
        by_band[band] += row["n"]
        sex = row["sex"] or UNKNOWN
        age_sex[band][sex] = age_sex[band].get(sex, 0) + row["n"]
    figures["victims_by_age_band"] = dict(by_band)
    figures["victims_by_age_sex"] = dict(age_sex)

    # A kelurahan of Kota Jambi counts for its kecamatan; a place written out is outside the city.
    kecamatan: Counter[str] = Counter()
    places = cases.values("incident_region__parent__code", outside=Q(incident_place_other__isnull=False))
    for place in places.annotate(n=Count("pk")):
        key = place["incident_region__parent__code"] or (OUTSIDE if place["outside"] else UNKNOWN)
        kecamatan[key] += place["n"]
    figures["cases_by_kecamatan"] = dict(kecamatan)

    relations: Counter[str] = Counter()
    pairs = PerpetratorRelation.objects.filter(victim__in=victims).values("relation").annotate(n=Count("pk"))
    for pair in pairs:
        relations[str(Relation(pair["relation"]).group.value)] += pair["n"]
    figures["relations_by_group"] = dict(relations)
    figures["child_victims_by_category"] = _counter(
        ProtectionRecord.objects.filter(victim__in=child_victims).values(key=F("category")).annotate(n=Count("pk"))
    )
    figures["victims_by_service"] = _services(cases, victims)
    figures["median_hours_to_registration"] = _median_hours(cases)
    figures["kla"] = _kla(child_victims)
    figures["referrals_by_status"] = _referrals_by_status(period)
    return figures


def _services(cases: QuerySet[Case], victims: QuerySet[Person]) -> dict[str, int]:
    """Victims who received each service (DEFINITIONS.md "served"): every victim of a case had
    the complaint service; health from a health service done for them; law enforcement from a
    legal-process event of their case; the others from plan items of their case marked done."""
    served: dict[str, int] = {ServiceType.PENGADUAN.value: victims.count()}
    served[ServiceType.KESEHATAN.value] = victims.filter(
        Exists(HealthService.objects.filter(victim=OuterRef("pk"), done_on__isnull=False))
    ).count()
    served[ServiceType.PENEGAKAN_HUKUM.value] = victims.filter(
        Exists(LegalEvent.objects.filter(case=OuterRef("case")))
    ).count()
    done_items = PlanItem.objects.filter(plan__case__in=cases, status=PlanItemStatus.DONE)
    others = done_items.exclude(
        service__in=[ServiceType.PENGADUAN, ServiceType.KESEHATAN, ServiceType.PENEGAKAN_HUKUM]
    ).values("service")
    victim_of_case = Q(plan__case__people__role=PersonRole.VICTIM)
    for row in others.annotate(n=Count("plan__case__people", filter=victim_of_case, distinct=True)):
        served[row["service"]] = row["n"]
    return {key: n for key, n in served.items() if n}


def _median_hours(cases: QuerySet[Case]) -> float | None:
    """Median time from the complaint to its acceptance as a case (the first response)."""
    spans = [
        (registered - received).total_seconds() / 3600
        for received, registered in cases.values_list("received_at", "registered_at")
        if registered and received
    ]
    return round(pystats.median(spans), 1) if spans else None


def _kla(child_victims: QuerySet[Person]) -> dict[str, Any]:
    """KLA Klaster V evidence (docs/domain.md#statistics-and-kla): child victims served, referred and monitored, and
    the served ones by Pasal 59 category × age band × sex."""
    from referrals.models import RECEIVER_STATUSES, Referral  # reports sits above referrals

    referred = child_victims.filter(
        Exists(Referral.objects.filter(victims=OuterRef("pk"), status__in=RECEIVER_STATUSES))
    ).count()
    monitored = child_victims.filter(
        Exists(MonitoringFollowUp.objects.filter(case=OuterRef("case"), done_on__isnull=False))
    ).count()
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    rows = ProtectionRecord.objects.filter(victim__in=child_victims).values(
        "category", "victim__age_at_incident", "victim__sex"
    )
    for row in rows.annotate(n=Count("pk")):
        band = _age_band(row["victim__age_at_incident"])
        sex = row["victim__sex"] or UNKNOWN
        cell = table[row["category"]][band]
        cell[sex] = cell.get(sex, 0) + row["n"]
    return {
        "served": child_victims.count(),
        "referred": referred,
        "monitored": monitored,
        "by_category_age_sex": {category: dict(bands) for category, bands in table.items()},
    }


def _referrals_by_status(period: Period) -> dict[str, int]:
    """Referrals sent in the period, by their status now."""
    from referrals.models import Referral

    start, end = period.bounds()
    sent = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
    return _counter(sent.values(key=F("status")).annotate(n=Count("pk")))
