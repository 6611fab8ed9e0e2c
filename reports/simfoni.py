"""The SIMFONI PPA export and work list (issue 6 item 7).

Staff re-key every registered case into SIMFONI PPA, the national recording system. This module
gives them, for a period (cases counted by their registration, like every figure in
reports/DEFINITIONS.md):

- ``simfoni_export(period)``: the rows of the four SIMFONI tables — victims, victim × violence
  form, victim × service (dated) and perpetrators with their relation — every vocabulary value
  through the one mapping table ``cases.vocabularies.simfoni_label``;
- ``simfoni_workbook(export)``: those rows as one .xlsx file with four sheets (XlsxWriter with
  ``strings_to_formulas=False``, so a typed "=..." stays text);
- ``simfoni_cases(period, pending_only)``: the work list, with the "entered in SIMFONI" marker.

docs/domain.md#confidentiality-in-outputs: the export names victims and perpetrators by initials only; no
full name, NIK, KK, phone, address or narrative is ever read into a row. Rows are linked by the
register number and a per-case person number ("001/UPTD-PPA/I/2024 K1"), never by database ids.
A fixed number of queries builds the whole export, whatever the size of the period.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import xlsxwriter
from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Case,
    HealthService,
    LegalEvent,
    PerpetratorRelation,
    Person,
    PersonRole,
    PlanItem,
    PlanItemStatus,
    RegionLevel,
)
from cases.vocabularies import (
    AgeBand,
    Disability,
    Education,
    Relation,
    RelationGroup,
    Scene,
    ServiceType,
    Sex,
    ViolenceForm,
    simfoni_label,
)

from .statistics import Period, counted_cases

# Services whose date comes from their own records; every other one from a done plan item
# (DEFINITIONS.md "served"; the same split as reports.statistics._services).
_RECORDED_SERVICES = (ServiceType.PENGADUAN, ServiceType.KESEHATAN, ServiceType.PENEGAKAN_HUKUM)


@dataclass
class Sheet:
    name: str
    columns: list[Promise]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class SimfoniExport:
    period: Period
    cases: list[Case]
    victims: Sheet
    forms: Sheet
    services: Sheet
    perpetrators: Sheet

    @property
    def sheets(self) -> list[Sheet]:
        return [self.victims, self.forms, self.services, self.perpetrators]


def _label(vocabulary: Any, code: str) -> str:
    return simfoni_label(vocabulary, code) if code else ""


def _places(person: Person) -> tuple[str, str]:
    """(kelurahan, kecamatan) of residence; a person recorded at kecamatan level has no kelurahan."""
    region = person.region
    if region is None:
        return "", ""
    if region.level == RegionLevel.KELURAHAN:
        return region.name, region.parent.name if region.parent else ""
    return "", region.name


def _local_date(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment else None


def simfoni_export(period: Period) -> SimfoniExport:
    """The four SIMFONI tables of the cases registered in ``period`` (seven queries)."""
    cases = list(counted_cases(period).order_by("register_year", "register_seq"))
    case_ids = [case.pk for case in cases]
    victims = list(
        Person.objects.filter(case_id__in=case_ids, role=PersonRole.VICTIM)
        .select_related("case", "region__parent")
        .prefetch_related("violence_forms")
        .order_by("case__register_year", "case__register_seq", "created_at", "pk")
    )
    perpetrators = list(
        Person.objects.filter(case_id__in=case_ids, role=PersonRole.PERPETRATOR)
        .select_related("case")
        .order_by("case__register_year", "case__register_seq", "created_at", "pk")
    )
    # Person numbers within a case: K1, K2 … for victims, P1, P2 … for perpetrators.
    keys: dict[int, str] = {}
    counters: dict[tuple[int, str], int] = defaultdict(int)
    for person, prefix in [*((v, "K") for v in victims), *((p, "P") for p in perpetrators)]:
        counters[(person.case_id, prefix)] += 1
        keys[person.pk] = f"{person.case.register_number} {prefix}{counters[(person.case_id, prefix)]}"

    victim_sheet = Sheet(
        "Korban",
        [
            _("Register number"),
            _("SIMFONI number"),
            _("Victim"),
            _("Initials"),
            _("Registered on"),
            _("Sex"),
            _("Age"),
            _("Age band"),
            _("Education"),
            _("Disability"),
            _("Kelurahan"),
            _("Kecamatan"),
            _("Scene"),
        ],
    )
    form_sheet = Sheet(
        "Bentuk Kekerasan", [_("Register number"), _("Victim"), _("Violence form"), _("Recorded by the unit as")]
    )
    for victim in victims:
        case = victim.case
        age = victim.age_at_incident
        kelurahan, kecamatan = _places(victim)
        victim_sheet.rows.append(
            [
                case.register_number,
                case.simfoni_number,
                keys[victim.pk],
                victim.initials,
                _local_date(case.registered_at),
                _label(Sex, victim.sex),
                age,
                simfoni_label(AgeBand, AgeBand.for_age(age).value) if age is not None else "",
                _label(Education, victim.education),
                _label(Disability, victim.disability),
                kelurahan,
                kecamatan,
                _label(Scene, case.scene),
            ]
        )
        # SIMFONI has one row per form and victim: bullying mapped onto a form the victim also
        # suffered gives one row, with the unit's own form kept beside it.
        by_label: dict[str, list[str]] = {}
        for record in sorted(victim.violence_forms.all(), key=lambda r: r.form):
            by_label.setdefault(simfoni_label(ViolenceForm, record.form), []).append(record.form)
        for label, forms in sorted(by_label.items()):
            note = str(ViolenceForm.PERUNDUNGAN.label) if ViolenceForm.PERUNDUNGAN in forms else ""
            form_sheet.rows.append([case.register_number, keys[victim.pk], label, note])

    return SimfoniExport(
        period=period,
        cases=cases,
        victims=victim_sheet,
        forms=form_sheet,
        services=_service_sheet(cases, victims, keys),
        perpetrators=_perpetrator_sheet(victims, perpetrators, keys),
    )


def _service_sheet(cases: list[Case], victims: list[Person], keys: dict[int, str]) -> Sheet:
    """One row per victim and service given (DEFINITIONS.md "served"), dated by its first time:
    the complaint's arrival, the first health service done, the first legal-process event of the
    case, or the first plan item of that service marked done (the day it was marked)."""
    case_ids = [case.pk for case in cases]
    health = dict(
        HealthService.objects.filter(victim__in=[v.pk for v in victims], done_on__isnull=False)
        .values("victim_id")
        .annotate(first=Min("done_on"))
        .values_list("victim_id", "first")
    )
    legal = dict(
        LegalEvent.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(first=Min("date"))
        .values_list("case_id", "first")
    )
    planned: dict[int, dict[str, date]] = defaultdict(dict)
    items = (
        PlanItem.objects.filter(plan__case_id__in=case_ids, status=PlanItemStatus.DONE)
        .exclude(service__in=_RECORDED_SERVICES)
        .values("plan__case_id", "service")
        .annotate(first=Min("updated_at"))
    )
    for item in items:
        planned[item["plan__case_id"]][item["service"]] = timezone.localdate(item["first"])

    sheet = Sheet("Layanan", [_("Register number"), _("Victim"), _("Service"), _("Date")])
    for victim in victims:
        given: dict[str, date | None] = {ServiceType.PENGADUAN: _local_date(victim.case.received_at)}
        if victim.pk in health:
            given[ServiceType.KESEHATAN] = health[victim.pk]
        if victim.case_id in legal:
            given[ServiceType.PENEGAKAN_HUKUM] = legal[victim.case_id]
        given.update(planned.get(victim.case_id, {}))
        for service in ServiceType:
            if service in given:
                sheet.rows.append(
                    [victim.case.register_number, keys[victim.pk], simfoni_label(ServiceType, service), given[service]]
                )
    return sheet


def _perpetrator_sheet(victims: list[Person], perpetrators: list[Person], keys: dict[int, str]) -> Sheet:
    """One row per victim–perpetrator relation (SIMFONI's short list); a perpetrator with no
    recorded relation still has a row, with the victim and relation empty."""
    relations: dict[int, list[PerpetratorRelation]] = defaultdict(list)
    for link in PerpetratorRelation.objects.filter(perpetrator__in=[p.pk for p in perpetrators]).order_by("pk"):
        if link.victim_id in keys:
            relations[link.perpetrator_id].append(link)
    sheet = Sheet(
        "Pelaku",
        [_("Register number"), _("Perpetrator"), _("Sex"), _("Age"), _("Victim"), _("Relation to the victim")],
    )
    for person in perpetrators:
        age = None if person.is_unknown else person.age_at_incident
        base = [person.case.register_number, keys[person.pk], _label(Sex, person.sex or Sex.TIDAK_DIKETAHUI), age]
        if person.pk not in relations:
            sheet.rows.append([*base, "", ""])
        for pair in relations.get(person.pk, []):
            group = Relation(pair.relation).group
            sheet.rows.append([*base, keys[pair.victim_id], simfoni_label(RelationGroup, group.value)])
    return sheet


def simfoni_workbook(export: SimfoniExport) -> bytes:
    """The export as one .xlsx: one sheet per SIMFONI table, dates as dates, and no cell ever
    read as a formula (strings_to_formulas=False), so nothing typed by staff can run in Excel."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in export.sheets:
        worksheet = book.add_worksheet(sheet.name)
        for col, title in enumerate(sheet.columns):
            worksheet.write_string(0, col, str(title), bold)
            worksheet.set_column(col, col, max(12, len(str(title)) + 2))
        for row_no, row in enumerate(sheet.rows, start=1):
            for col, value in enumerate(row):
                if value is None or value == "":
                    worksheet.write_blank(row_no, col, None)
                elif isinstance(value, date):
                    worksheet.write_datetime(row_no, col, value, day)
                elif isinstance(value, int):
                    worksheet.write_number(row_no, col, value)
                else:
                    worksheet.write_string(row_no, col, str(value))
        worksheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def simfoni_filename(period: Period) -> str:
    return f"simfoni-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"


def simfoni_cases(period: Period, *, pending_only: bool = False) -> QuerySet[Case]:
    """The work list: cases registered in ``period`` with their SIMFONI marker and, for the
    initials, their victims (prefetched: a fixed number of queries per page)."""
    # The register year is the local year of registration (cases.services.registry.register_number_issue
    # issues both): saying so lets PostgreSQL walk the (year, number) index from the period's first
    # year rather than from the oldest case (47 ms against 1.6 at 100,000 cases, bench/README.md).
    cases = (
        counted_cases(period)
        .filter(register_year__gte=period.start.year, register_year__lte=period.end.year)
        .select_related("simfoni_entered_by")
    )
    if pending_only:
        cases = cases.filter(simfoni_entered_at__isnull=True)
    victims = Person.objects.filter(role=PersonRole.VICTIM).order_by("created_at", "pk").only("case", "full_name")
    return cases.prefetch_related(Prefetch("people", queryset=victims, to_attr="victims")).order_by(
        "register_year", "register_seq"
    )
