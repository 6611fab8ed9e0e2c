"""The KLA Klaster V evidence pack of a year (issue 18 §3), computed once at its cut-off date and
stored frozen (reports.models.KlaPack). reports/DEFINITIONS.md "KLA evidence pack" defines each
figure; the child victims by Pasal 59 category × age band × sex are the dashboard's own figures of
the year (``reports.statistics.compute_figures``), so the pack and the dashboard agree.

Aggregates only: organisation names and codes, vocabulary codes and counts; no child identifier.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from cases.models import (
    CaseStatus,
    HealthService,
    LegalAid,
    LegalEvent,
    MonitoringFollowUp,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    ProtectionRecord,
    child_q,
)
from cases.vocabularies import LegalStage, ProtectionCategory, ServiceType
from coordination.models import TaskForceMeeting
from referrals.models import RECEIVER_STATUSES, Referral
from uptdppa.periods import Period

from .statistics import compute_figures, counted_cases
from .suppression import leadership_figures, limit
from .taskforce import compute_taskforce, shown_small

DEFINITIONS_VERSION = 1
# The minimum service standard's services (SPM, Permen PPPA 2/2022), in the pack's order.
SPM_SERVICES = (
    ServiceType.PENGADUAN,
    ServiceType.KESEHATAN,
    ServiceType.REHABILITASI_SOSIAL,
    ServiceType.BANTUAN_HUKUM,
    ServiceType.PEMULANGAN,
    ServiceType.REINTEGRASI_SOSIAL,
)
# SPPA Pasal 7: diversion is sought at the investigation, the prosecution and the court. The level
# of a diversion is that of the perpetrator's last legal-process step before it.
DIVERSION_LEVELS = ("penyidikan", "penuntutan", "pengadilan", "unknown")
_LEVEL_OF_STAGE = {
    LegalStage.LAPORAN_POLISI: "penyidikan",
    LegalStage.PENYELIDIKAN: "penyidikan",
    LegalStage.PENYIDIKAN: "penyidikan",
    LegalStage.PENANGKAPAN: "penyidikan",
    LegalStage.PENAHANAN: "penyidikan",
    LegalStage.PENUNTUTAN: "penuntutan",
    LegalStage.SIDANG_TINGKAT_I: "pengadilan",
    LegalStage.BANDING: "pengadilan",
    LegalStage.KASASI: "pengadilan",
    LegalStage.PENINJAUAN_KEMBALI: "pengadilan",
    LegalStage.PUTUSAN: "pengadilan",
}


def pack_period(year: int, cut_off: date) -> Period:
    """The days a pack counts: the calendar year, up to the cut-off when it falls within it."""
    return Period(date(year, 1, 1), min(date(year, 12, 31), cut_off))


def _share(n: int, of: int) -> float | None:
    return round(n / of, 3) if of else None


def _partners(child_victims: Any) -> list[dict[str, Any]]:
    """The organisations the year's child victims were referred to, with their kind (their role),
    the referrals, the child victims referred and the services asked of them."""
    referrals = (
        Referral.objects.filter(status__in=RECEIVER_STATUSES)
        .filter(Exists(child_victims.filter(referrals=OuterRef("pk"))))
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    rows: dict[int, dict[str, Any]] = {}
    for referral in referrals:
        row = rows.setdefault(
            referral.organisation_id,
            {
                "code": str(referral.organisation.code),
                "name": referral.organisation.name,
                "kind": referral.organisation.kind,
                "referrals": 0,
                "services": {},
            },
        )
        row["referrals"] += 1
        for service in referral.services:
            row["services"][service] = row["services"].get(service, 0) + 1
    counts = (
        child_victims.filter(referrals__status__in=RECEIVER_STATUSES)
        .values("referrals__organisation")
        .annotate(n=Count("pk", distinct=True))
    )
    for count in counts:
        if count["referrals__organisation"] in rows:
            rows[count["referrals__organisation"]]["child_victims"] = count["n"]
    return list(rows.values())


def _abh(period: Period, cases: Any, child_victims: Any) -> dict[str, Any]:
    """Children in conflict with the law: the child perpetrators of the year's cases, the
    diversions of the year by level, and the child victims in Pasal 59 category b with legal aid
    and social rehabilitation."""
    children = Person.objects.filter(case__in=cases, role=PersonRole.PERPETRATOR).filter(child_q())
    diversions = LegalEvent.objects.filter(
        stage=LegalStage.DIVERSI, date__gte=period.start, date__lte=period.end
    ).filter(Q(perpetrator_age_at_offence__lt=18) | child_q("perpetrator__"))
    levels = dict.fromkeys(DIVERSION_LEVELS, 0)
    for diversion in diversions.only("perpetrator_id", "date", "pk"):
        before = (
            LegalEvent.objects.filter(perpetrator_id=diversion.perpetrator_id, date__lte=diversion.date)
            .exclude(stage__in=[LegalStage.DIVERSI, LegalStage.RESTITUSI])
            .order_by("-date", "-pk")
            .values_list("stage", flat=True)
            .first()
        )
        levels[_LEVEL_OF_STAGE.get(before, "unknown") if before else "unknown"] += 1  # type: ignore[call-overload]
    category_b = child_victims.filter(
        Exists(ProtectionRecord.objects.filter(victim=OuterRef("pk"), category=ProtectionCategory.B))
    )
    return {
        "child_perpetrators": children.count(),
        "diversions": levels,
        "category_b": category_b.count(),
        "category_b_legal_aid": category_b.filter(Exists(LegalAid.objects.filter(victim=OuterRef("pk")))).count(),
        "category_b_rehabilitation": category_b.filter(_done_plan_item(ServiceType.REHABILITASI_SOSIAL)).count(),
    }


def _done_plan_item(service: str) -> Exists:
    return Exists(PlanItem.objects.filter(plan__case=OuterRef("case"), service=service, status=PlanItemStatus.DONE))


def _follow_up(period: Period, cut_off: date) -> list[dict[str, Any]]:
    """Closed cases with a child victim: of their k-th follow-up (MONITORING_FOLLOW_UP_MONTHS[k]
    after the closure) due in the period, how many were done by the cut-off."""
    months = list(settings.MONITORING_FOLLOW_UP_MONTHS)
    rows = {m: {"months": m, "due": 0, "done": 0} for m in months}
    child_closed = Q(case__status=CaseStatus.CLOSED) & Exists(
        Person.objects.filter(case=OuterRef("case"), role=PersonRole.VICTIM).filter(child_q())
    )
    follow_ups = (
        MonitoringFollowUp.objects.filter(child_closed)
        .order_by("case_id", "due_on", "created_at")
        .values("case_id", "due_on", "done_on")
    )
    index: dict[int, int] = {}
    for follow_up in follow_ups:
        k = index.get(follow_up["case_id"], 0)
        index[follow_up["case_id"]] = k + 1
        if k >= len(months) or not period.start <= follow_up["due_on"] <= period.end:
            continue
        row = rows[months[k]]
        row["due"] += 1
        if follow_up["done_on"] is not None and follow_up["done_on"] <= cut_off:
            row["done"] += 1
    for row in rows.values():
        row["share"] = _share(row["done"], row["due"])
    return list(rows.values())


def _spm(child_victims: Any) -> dict[str, Any]:
    """The year's child victims who received each SPM service, by the dashboard's definition of
    "served" (DEFINITIONS.md) restricted to children."""
    total = child_victims.count()
    served = {ServiceType.PENGADUAN.value: total}
    served[ServiceType.KESEHATAN.value] = child_victims.filter(
        Exists(HealthService.objects.filter(victim=OuterRef("pk"), done_on__isnull=False))
    ).count()
    for service in SPM_SERVICES[2:]:
        served[service.value] = child_victims.filter(_done_plan_item(service)).count()
    return {
        "child_victims": total,
        "services": {code: {"n": n, "share": _share(n, total)} for code, n in served.items()},
    }


def compute_pack(year: int, cut_off: date) -> dict[str, Any]:
    """Every figure of the pack of ``year``, as the data stand on ``cut_off`` (the day it is made)."""
    period = pack_period(year, cut_off)
    last = Period(date(year - 1, 1, 1), date(year - 1, 12, 31))
    cases = counted_cases(period)
    child_victims = Person.objects.filter(case__in=cases, role=PersonRole.VICTIM).filter(child_q())
    taskforce = compute_taskforce(period.start, period.end)
    return {
        "definitions_version": DEFINITIONS_VERSION,
        "year": year,
        "cut_off": cut_off.isoformat(),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        # The dashboard's figures of the year and of the year before (indicator 21B is their "kla").
        "statistics": {str(year): compute_figures(period), str(year - 1): compute_figures(last)},
        "partners": _partners(child_victims),
        "abh": _abh(period, cases, child_victims),
        "follow_up": _follow_up(period, cut_off),
        "spm": _spm(child_victims),
        "meetings": TaskForceMeeting.objects.filter(held_on__gte=period.start, held_on__lte=period.end).count(),
        "taskforce": {k: v for k, v in taskforce["city"].items() if k != "declined_by_reason"},
    }


def pack_leadership_view(figures: dict[str, Any]) -> dict[str, Any]:
    """The pack as leadership sees it: the year's statistics through the dashboard's own
    suppression (reports.suppression.leadership_figures), every other count from 1 to under the
    limit as "<3" and a share hidden with its counts; a median of fewer than the limit referrals
    is not shown."""
    from .taskforce import leadership_view

    out = {**figures, "suppressed": True}
    out["statistics"] = {year: leadership_figures(stats) for year, stats in figures["statistics"].items()}
    out["partners"] = [
        {
            **row,
            "referrals": shown_small(row["referrals"]),
            "child_victims": shown_small(row.get("child_victims", 0)),
            "services": {code: shown_small(n) for code, n in row["services"].items()},
        }
        for row in figures["partners"]
    ]
    abh = figures["abh"]
    out["abh"] = {
        **{key: shown_small(value) for key, value in abh.items() if key != "diversions"},
        "diversions": {level: shown_small(n) for level, n in abh["diversions"].items()},
    }
    out["follow_up"] = [
        {
            "months": row["months"],
            "due": shown_small(row["due"]),
            "done": shown_small(row["done"]),
            "share": row["share"] if row["done"] == 0 or row["done"] >= limit() else None,
        }
        for row in figures["follow_up"]
    ]
    spm = figures["spm"]
    out["spm"] = {
        "child_victims": shown_small(spm["child_victims"]),
        "services": {
            code: {
                "n": shown_small(cell["n"]),
                "share": cell["share"]
                if (cell["n"] == 0 or cell["n"] >= limit()) and spm["child_victims"] >= limit()
                else None,
            }
            for code, cell in spm["services"].items()
        },
    }
    city = {"organisations": [], "city": {**figures["taskforce"], "declined_by_reason": {}}}
    out["taskforce"] = {k: v for k, v in leadership_view(city)["city"].items() if k != "declined_by_reason"}
    return out
