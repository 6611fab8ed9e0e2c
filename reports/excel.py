"""Excel exports (XlsxWriter): the statistics tables of a period, and the case-level export.

Formula injection: the workbook never turns strings into formulas (``strings_to_formulas``), and
every text cell goes through :func:`write_text`, which writes it as a string and, when it starts
like a formula (=, +, -, @, tab, CR), marks it with Excel's quote prefix so that editing the cell
keeps it text. The stored value is unchanged.

The case-level export holds no full names, NIK, phone numbers or addresses: victims' initials,
ages, sex, kelurahan/kecamatan names and coded fields only.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import xlsxwriter
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases.models import HealthService, LegalEvent, Person, PersonRole, PlanItem, PlanItemStatus
from cases.vocabularies import AgeBand, CaseType, Relation, Scene, ServiceType, Sex, ViolenceForm

from .statistics import Period, counted_cases
from .summary import computed_label, period_label
from .tables import breakdown_tables

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class Sheet:
    """A worksheet with the formats of the workbook: text cells always go through write_text."""

    def __init__(self, workbook: Any, name: str) -> None:
        self.ws = workbook.add_worksheet(name)
        self.text = workbook.add_format({"num_format": "@"})
        self.quoted = workbook.add_format({"num_format": "@", "quote_prefix": True})
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 13})

    def write_text(self, row: int, col: int, value: str, *, bold: bool = False) -> None:
        """A string cell. A value that a spreadsheet could read as a formula is written as a string
        with the quote prefix (the cell shows it, never evaluates it). An empty value stays empty."""
        if not value:
            return
        if value.startswith(FORMULA_START):
            self.ws.write_string(row, col, value, self.quoted)
        else:
            self.ws.write_string(row, col, value, self.bold if bold else self.text)

    def write_value(self, row: int, col: int, value: Any) -> None:
        """A count (number) or a suppressed one ("<3", text); None stays empty."""
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.write_text(row, col, str(value))
        else:
            self.ws.write_number(row, col, value)


def _sheet_name(index: int, title: str, used: set[str]) -> str:
    name = f"{index:02d} {title.translate(SHEET_NAME_FORBIDDEN)}"[:31].strip()
    used.add(name)
    return name


def statistics_workbook(figures: dict[str, Any], *, computed_at: datetime | None = None) -> bytes:
    """One sheet per breakdown: a title row (what, which period and, given ``computed_at``, when
    the figures were computed), a row saying what it counts, the column headers, then the rows.
    ``figures`` are already as the requester may see them."""
    start, end = figures["period"]["start"], figures["period"]["end"]
    output = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        period = period_label(date.fromisoformat(start), date.fromisoformat(end))
        if computed_at is not None:
            period = f"{period} — {computed_label(computed_at)}"
        workbook = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
        used: set[str] = set()
        for index, table in enumerate(breakdown_tables(figures), start=1):
            sheet = Sheet(workbook, _sheet_name(index, table.title, used))
            sheet.ws.write_string(0, 0, f"{table.title} — {gettext('Period')} {period}", sheet.title)
            sheet.write_text(1, 0, f"{gettext('What is counted')}: {table.counts}")
            for col, column in enumerate(table.columns):
                sheet.write_text(2, col, column, bold=True)
            for row, (label, values) in enumerate(table.rows, start=3):
                sheet.write_text(row, 0, label)
                for col, value in enumerate(values, start=1):
                    sheet.write_value(row, col, value)
            sheet.ws.set_column(0, 0, 45)
            sheet.ws.set_column(1, len(table.columns), 14)
        workbook.close()
    return output.getvalue()


def _victims(period: Period) -> list[Person]:
    """The victims of the period's counted cases with everything a row needs, in a fixed number
    of queries."""
    done_health = HealthService.objects.filter(victim=OuterRef("pk"), done_on__isnull=False)
    legal = LegalEvent.objects.filter(case=OuterRef("case"))
    return list(
        Person.objects.filter(case__in=counted_cases(period), role=PersonRole.VICTIM)
        .select_related("case", "case__incident_region", "case__incident_region__parent")
        .prefetch_related(
            "violence_forms",
            "perpetrator_relations",
            Prefetch(
                "case__plan__items",
                queryset=PlanItem.objects.filter(status=PlanItemStatus.DONE).only("plan_id", "service"),
                to_attr="done_items",
            ),
        )
        .annotate(health_done=Exists(done_health), legal_recorded=Exists(legal))
        .order_by("case__registered_at", "case__register_number", "created_at")
    )


def victim_services(victim: Person) -> list[str]:
    """The services a victim received, as DEFINITIONS.md "served" defines them (the same rules as
    statistics._services, one victim at a time)."""
    served = {ServiceType.PENGADUAN.value}
    if getattr(victim, "health_done", False):
        served.add(ServiceType.KESEHATAN.value)
    if getattr(victim, "legal_recorded", False):
        served.add(ServiceType.PENEGAKAN_HUKUM.value)
    plan = getattr(victim.case, "plan", None)  # None when the case has no plan yet
    for item in getattr(plan, "done_items", []):
        served.add(item.service)
    return [str(service.value) for service in ServiceType if service.value in served]


def _place(victim: Person) -> tuple[str, str]:
    """(kecamatan, kelurahan) names of the incident; the place outside the city is not copied
    (free text, possibly an address): it reads "Outside Kota Jambi"."""
    region = victim.case.incident_region
    if region is not None:
        parent = region.parent
        return (parent.name if parent else "", region.name)
    if victim.case.incident_place_other:
        return (gettext("Outside Kota Jambi"), "")
    return ("", "")


def _labels(vocabulary: Any, codes: list[str]) -> str:
    return ", ".join(str(vocabulary(code).label) for code in codes)


def cases_workbook(period: Period) -> tuple[bytes, list[int]]:
    """One row per victim of the period's counted cases. Returns the file and the ids of the cases
    it holds (for the audit trail)."""
    victims = _victims(period)
    output = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        workbook = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
        sheet = Sheet(workbook, gettext("Victims")[:31])
        label = period_label(period.start, period.end)
        sheet.ws.write_string(
            0,
            0,
            f"{gettext('Victims of the cases registered in the period')} — {gettext('Period')} {label}",
            sheet.title,
        )
        sheet.write_text(1, 0, f"{gettext('What is counted')}: {gettext('one row per victim; initials only')}")
        headers = [
            gettext("Register number"),
            gettext("SIMFONI number"),
            gettext("Registration date"),
            gettext("Case type"),
            gettext("Victim initials"),
            gettext("Age at the incident"),
            gettext("Age band"),
            gettext("Sex"),
            gettext("Violence forms"),
            gettext("Kecamatan"),
            gettext("Kelurahan"),
            gettext("Scene"),
            gettext("Services"),
            gettext("Perpetrator relation"),
        ]
        for col, header in enumerate(headers):
            sheet.write_text(2, col, header, bold=True)
        for row, victim in enumerate(victims, start=3):
            case = victim.case
            kecamatan, kelurahan = _place(victim)
            forms = sorted(record.form for record in victim.violence_forms.all())
            groups: dict[str, None] = {}  # an ordered set
            for relation in victim.perpetrator_relations.all():
                groups[str(Relation(relation.relation).group.label)] = None
            age = victim.age_at_incident
            texts = [
                case.register_number or "",
                case.simfoni_number,
                timezone.localtime(case.registered_at).date().isoformat() if case.registered_at else "",
                str(CaseType(case.case_type).label) if case.case_type else "",
                victim.initials,
            ]
            for col, text in enumerate(texts):
                sheet.write_text(row, col, text)
            sheet.write_value(row, 5, age)
            more = [
                str(AgeBand.for_age(age).label) if age is not None else "",
                str(Sex(victim.sex).label) if victim.sex else "",
                _labels(ViolenceForm, [f for f in (str(v.value) for v in ViolenceForm) if f in forms]),
                kecamatan,
                kelurahan,
                str(Scene(case.scene).label) if case.scene else "",
                _labels(ServiceType, victim_services(victim)),
                ", ".join(groups),
            ]
            for col, text in enumerate(more, start=6):
                sheet.write_text(row, col, text)
        sheet.ws.set_column(0, len(headers) - 1, 18)
        workbook.close()
    return output.getvalue(), sorted({victim.case_id for victim in victims})
