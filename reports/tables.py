"""The tables of a period's figures, with their labels: the one catalogue of the breakdowns
(``BREAKDOWNS``: what each is called and counts) and what each page chooses from it — the printed
report (PDF and Excel, ``breakdown_tables``) and the dashboard (``dashboard_charts``,
``dashboard_tables``, ``dashboard_kla``) — so that every output says the same
(reports/DEFINITIONS.md).

The figures hold codes; labels come from the vocabularies (cases/vocabularies.py), the regions
table (kecamatan names) and the referral statuses. A value is an int, or "<3" for leadership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from cases.models import Region, RegionLevel
from cases.vocabularies import (
    AgeBand,
    CaseType,
    ProtectionCategory,
    RelationGroup,
    Scene,
    ServiceType,
    Sex,
    ViolenceForm,
)
from referrals.models import ReferralStatus

from .statistics import OUTSIDE, UNKNOWN

KOTA_JAMBI = "15.71"
VICTIM_SEXES = (Sex.LAKI_LAKI, Sex.PEREMPUAN)
KECAMATAN_CACHE_KEY = "reports:kecamatan:v2"

Value = int | str | float | None


Rows = list[tuple[str, list[Value]]]


@dataclass
class Table:
    """One breakdown: ``key`` names it in the figures (and the Excel sheet), ``counts`` says what
    one unit of it is (cases, victims, pairs…), ``rows`` are (label, values) under ``columns``:
    the header of the labels, then one per series. The dashboard gives it an HTML ``id`` and may
    add a ``note``."""

    key: str
    title: str
    counts: str
    columns: list[str]
    rows: Rows = field(default_factory=list)
    id: str = ""
    note: str = ""

    @property
    def series(self) -> list[str]:
        """The columns of the values (every column but the labels')."""
        return self.columns[1:]


@dataclass(frozen=True)
class Breakdown:
    """A breakdown of the figures by a vocabulary, as every page names it. ``counts`` says what
    one unit of it is, overlaps included (the printed report's caption); a page that writes the
    overlap as a ``note`` under the table shows ``short_counts`` instead."""

    key: str
    title: Promise
    counts: Promise
    vocabulary: type[models.TextChoices]
    short_counts: Promise | None = None
    note: Promise | None = None


BREAKDOWNS: dict[str, Breakdown] = {
    breakdown.key: breakdown
    for breakdown in (
        Breakdown(
            "child_cases_by_form",
            _("Cases of violence against children by violence form"),
            _("cases with a child victim; a case counts once for each form"),
            ViolenceForm,
        ),
        Breakdown(
            "cases_by_form",
            _("Cases by violence form"),
            _("cases; a case counts once for each form any of its victims suffered"),
            ViolenceForm,
        ),
        Breakdown(
            "victims_by_form",
            _("Victims by violence form"),
            _("victims; a victim with two forms counts in both rows"),
            ViolenceForm,
            short_counts=_("victims"),
            note=_("A victim with two forms counts once in each form's row."),
        ),
        Breakdown("cases_by_type", _("Cases by case type"), _("cases"), CaseType),
        Breakdown("victims_by_sex", _("Victims by sex"), _("victims"), Sex),
        Breakdown(
            "victims_by_age_band",
            _("Victims by age band"),
            _("victims (age at the incident)"),
            AgeBand,
            short_counts=_("victims"),
        ),
        Breakdown("cases_by_scene", _("Cases by scene"), _("cases"), Scene),
        Breakdown(
            "relations_by_group",
            _("Perpetrators by relation to the victim"),
            _("victim–perpetrator pairs"),
            RelationGroup,
        ),
        Breakdown(
            "child_victims_by_category",
            _("Child victims by Pasal 59 category"),
            _("child victims × category; a child in two categories counts in both rows"),
            ProtectionCategory,
            short_counts=_("child victims × category"),
            note=_("A child in two categories counts in both rows."),
        ),
        Breakdown(
            "victims_by_service",
            _("Victims by service received"),
            _("victims who received the service"),
            ServiceType,
            short_counts=_("victims"),
        ),
        Breakdown(
            "referrals_by_status",
            _("Referrals by status"),
            _("referrals sent in the period, by their status now"),
            ReferralStatus,
        ),
    )
}


def code_label(vocabulary: type[models.TextChoices], code: str) -> str:
    if code == UNKNOWN:
        return gettext("Not recorded")
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code


def ordered_codes(vocabulary: type[models.TextChoices], counts: dict[str, Any], *, every: bool = False) -> list[str]:
    """The codes of ``counts`` in the vocabulary's order (every code of it with ``every``), then
    any code the vocabulary no longer has, then "unknown" (the dashboard's order)."""
    codes = [str(choice.value) for choice in vocabulary if every or choice.value in counts]
    codes += sorted(code for code in counts if code not in codes and code != UNKNOWN)
    return codes + [UNKNOWN] if UNKNOWN in counts else codes


def _code_rows(vocabulary: type[models.TextChoices], counts: dict[str, Any], codes: Iterable[str]) -> Rows:
    return [(code_label(vocabulary, code), [counts.get(code, 0)]) for code in codes]


def _rows(counts: dict[str, Any], vocabulary: type[models.TextChoices]) -> Rows:
    """Every code of the vocabulary in its order (0 when none), then codes the vocabulary lacks
    ("unknown")."""
    codes = [str(choice.value) for choice in vocabulary]
    return _code_rows(vocabulary, counts, codes + [code for code in counts if code not in codes])


def _simple(key: str, figures: dict[str, Any]) -> Table:
    """The breakdown ``key`` as the printed report shows it: every code of its vocabulary, 0 when
    none."""
    breakdown = BREAKDOWNS[key]
    rows = _rows(figures.get(key, {}), breakdown.vocabulary)
    return Table(key, str(breakdown.title), str(breakdown.counts), [gettext("Category"), gettext("Count")], rows)


def month_label(month: str) -> str:
    """ "2024-03" → "Maret 2024"."""
    year, number = month.split("-")
    return f"{MONTHS[int(number)]} {year}"


def _kecamatan() -> list[tuple[str, str, bool]]:
    """Every kecamatan as (code, name, still in use), in name order: reference data, cached, so
    that reading a snapshot touches no table of the cases app."""
    regions: list[tuple[str, str, bool]] | None = cache.get(KECAMATAN_CACHE_KEY)
    if regions is None:
        rows = Region.objects.filter(level=RegionLevel.KECAMATAN).order_by("name")
        values = rows.values_list("code", "name", "valid_to")
        regions = [(code, name, valid_to is None) for code, name, valid_to in values]
        cache.set(KECAMATAN_CACHE_KEY, regions, 6 * 60 * 60)
    return regions


def kecamatan_names() -> dict[str, str]:
    """Kecamatan code → name of the kecamatan in use today, in name order (cached)."""
    return {code: name for code, name, current in _kecamatan() if current}


def kecamatan_rows(counts: dict[str, Any]) -> Rows:
    """Every kecamatan of Kota Jambi by name (0 when none), then outside the city and unknown."""
    known = {code: name for code, name, _current in _kecamatan()}
    names = {code: known[code] for code in sorted(known) if code.startswith(f"{KOTA_JAMBI}.")}
    extra = [code for code in counts if code not in names and code not in (OUTSIDE, UNKNOWN)]
    missing = [code for code in extra if code not in known]
    if missing:
        known.update(Region.objects.filter(code__in=missing).values_list("code", "name"))
    rows: Rows = [(name, [counts.get(code, 0)]) for code, name in names.items()]
    rows += [(known.get(code, code), [counts[code]]) for code in extra]
    rows.append((gettext("Outside Kota Jambi"), [counts.get(OUTSIDE, 0)]))
    rows.append((gettext("Not recorded"), [counts.get(UNKNOWN, 0)]))
    return rows


def current_kecamatan_rows(counts: dict[str, Any]) -> Rows:
    """As the dashboard shows them: the kecamatan in use today by name (0 when none), then other
    codes, then outside the city and unknown only when there are any."""
    names = kecamatan_names()
    codes = list(names) + sorted(code for code in counts if code not in names and code not in (OUTSIDE, UNKNOWN))
    rows: Rows = [(names.get(code) or code, [counts.get(code, 0)]) for code in codes]
    if counts.get(OUTSIDE):
        rows.append((gettext("Outside Kota Jambi"), [counts[OUTSIDE]]))
    if counts.get(UNKNOWN):
        rows.append((gettext("Not recorded"), [counts[UNKNOWN]]))
    return rows


def _bands(present: Iterable[str]) -> list[str]:
    bands = [str(band.value) for band in AgeBand]
    return bands + ([UNKNOWN] if UNKNOWN in present else [])


def _band_label(band: str) -> str:
    return gettext("Age unknown") if band == UNKNOWN else str(AgeBand(band).label)


def _sex_columns(matrix: dict[str, dict[str, Any]], first: Iterable[Sex] = VICTIM_SEXES) -> list[str]:
    sexes = [str(sex.value) for sex in first]
    present = {sex for cells in matrix.values() for sex in cells}
    return sexes + sorted(present - set(sexes))


def age_sex_table(figures: dict[str, Any], *, women_first: bool = False) -> Table:
    """Victims by age band × sex. ``women_first`` gives the dashboard's chart: women's column
    first, and the codes in ``ordered_codes`` order ("unknown" reads "Not recorded")."""
    matrix: dict[str, dict[str, Any]] = figures.get("victims_by_age_sex", {})
    if women_first:
        sexes = _sex_columns(matrix, VICTIM_SEXES[::-1])
        bands = [(code_label(AgeBand, band), band) for band in ordered_codes(AgeBand, matrix, every=True)]
    else:
        sexes = _sex_columns(matrix)
        bands = [(_band_label(band), band) for band in _bands(matrix)]
    table = Table(
        "victims_by_age_sex",
        gettext("Victims by age band and sex"),
        gettext("victims (age at the incident)"),
        [gettext("Age band")] + [code_label(Sex, sex) for sex in sexes],
    )
    for label, band in bands:
        table.rows.append((label, [matrix.get(band, {}).get(sex, 0) for sex in sexes]))
    return table


def kla_tables(figures: dict[str, Any]) -> list[Table]:
    """KLA Klaster V evidence (docs/domain.md#statistics-and-kla): served / referred / monitored, and the served child
    victims by Pasal 59 category × age band × sex."""
    kla = figures.get("kla", {})
    summary = Table(
        "kla",
        gettext("KLA Klaster V: child victims served, referred and monitored"),
        gettext("child victims"),
        [gettext("Category"), gettext("Count")],
        [
            (gettext("Served"), [kla.get("served", 0)]),
            (gettext("Referred"), [kla.get("referred", 0)]),
            (gettext("Monitored after closure"), [kla.get("monitored", 0)]),
        ],
    )
    matrix: dict[str, dict[str, dict[str, Any]]] = kla.get("by_category_age_sex", {})
    sexes = _sex_columns({band: cells for bands in matrix.values() for band, cells in bands.items()})
    detail = Table(
        "kla_by_category_age_sex",
        gettext("KLA Klaster V: child victims served by Pasal 59 category, age band and sex"),
        gettext("child victims × category"),
        [gettext("Pasal 59 category"), gettext("Age band")] + [code_label(Sex, sex) for sex in sexes],
    )
    for category in sorted(matrix, key=lambda code: [c.value for c in ProtectionCategory].index(code)):
        for band in _bands(matrix[category]):
            cells = matrix[category].get(band)
            if cells:
                detail.rows.append(
                    (code_label(ProtectionCategory, category), [_band_label(band), *(cells.get(s, 0) for s in sexes)])
                )
    return [summary, detail]


def headline_table(figures: dict[str, Any]) -> Table:
    totals = figures["totals"]
    rows: list[tuple[str, list[Value]]] = [
        (gettext("Cases registered"), [totals["cases"]]),
        (gettext("Cases closed"), [totals["closed"]]),
        (gettext("Cases of violence against children"), [totals["child_cases"]]),
        (gettext("Victims"), [totals["victims"]]),
        (gettext("Child victims"), [totals["child_victims"]]),
        (gettext("Complaints received"), [totals["complaints_received"]]),
        (gettext("Median hours from complaint to registration"), [figures.get("median_hours_to_registration")]),
    ]
    return Table(
        "totals",
        gettext("Headline figures"),
        gettext("cases, victims and complaints"),
        [gettext("Figure"), gettext("Count")],
        rows,
    )


def breakdown_tables(figures: dict[str, Any]) -> list[Table]:
    """Every table of the printed report (PDF and Excel), in the report's order."""
    age_band = BREAKDOWNS["victims_by_age_band"]
    by_band = figures.get("victims_by_age_band", {})
    return [
        headline_table(figures),
        *(_simple(key, figures) for key in REPORT_BREAKDOWNS_FIRST),
        Table(
            age_band.key,
            str(age_band.title),
            str(age_band.counts),
            [gettext("Age band"), gettext("Count")],
            [(_band_label(band), [by_band.get(band, 0)]) for band in _bands(by_band)],
        ),
        age_sex_table(figures),
        Table(
            "cases_by_kecamatan",
            gettext("Cases by kecamatan of the incident"),
            gettext("cases"),
            [gettext("Kecamatan"), gettext("Count")],
            kecamatan_rows(figures.get("cases_by_kecamatan", {})),
        ),
        *(_simple(key, figures) for key in REPORT_BREAKDOWNS_THEN),
        Table(
            "cases_by_month",
            gettext("Cases by month of registration"),
            gettext("cases"),
            [gettext("Month"), gettext("Count")],
            [(month_label(month), [n]) for month, n in figures.get("cases_by_month", {}).items()],
        ),
        *kla_tables(figures),
    ]


# --- The printed report's choice ------------------------------------------------------------------
# The breakdowns of the catalogue before the age tables and the kecamatan, and after them.
REPORT_BREAKDOWNS_FIRST = ("child_cases_by_form", "cases_by_form", "victims_by_form", "cases_by_type", "victims_by_sex")
REPORT_BREAKDOWNS_THEN = (
    "cases_by_scene",
    "relations_by_group",
    "child_victims_by_category",
    "victims_by_service",
    "referrals_by_status",
)


def period_dates(figures: dict[str, Any]) -> tuple[date, date]:
    period = figures["period"]
    return date.fromisoformat(period["start"]), date.fromisoformat(period["end"])


# --- The dashboard's choice ----------------------------------------------------------------------
# The same catalogue, as the page shows it: only the codes with a count (in ``ordered_codes``
# order) under one column, the overlap as a note, an HTML id per table; charts carry one too, so
# that their figures can be read without JavaScript.

# (breakdown, HTML id) of the tables below the charts, in the page's order.
DASHBOARD_BREAKDOWNS = (
    ("cases_by_type", "table-case-type"),
    ("victims_by_form", "table-victims-form"),
    ("victims_by_sex", "table-sex"),
    ("victims_by_age_band", "table-age"),
    ("cases_by_scene", "table-scene"),
    ("relations_by_group", "table-relations"),
    ("child_victims_by_category", "table-categories"),
    ("victims_by_service", "table-services"),
    ("referrals_by_status", "table-referrals"),
)
CHILD_BANDS = (AgeBand.B0_5, AgeBand.B6_12, AgeBand.B13_17)


@dataclass
class Chart:
    id: str  # the canvas; its data is in the json_script "<id>-data"
    table: Table
    kind: str = "bar"  # "bar" or "line"
    horizontal: bool = False
    data: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.data = {
            "type": self.kind,
            "horizontal": self.horizontal,
            "title": self.table.title,
            "labels": [label for label, _values in self.table.rows],
            "datasets": [
                {"label": column, "values": [values[i] for _label, values in self.table.rows]}
                for i, column in enumerate(self.table.series)
            ],
            "limit": settings.STATISTICS_SMALL_CELL_LIMIT,
        }

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"


def _number() -> str:
    return pgettext("statistics column", "Number")


def dashboard_charts(figures: dict[str, Any]) -> list[Chart]:
    forms_all, forms_child = figures["cases_by_form"], figures["child_cases_by_form"]
    form_codes = ordered_codes(ViolenceForm, {**forms_all, **forms_child}, every=True)
    by_form = BREAKDOWNS["cases_by_form"]
    violence = Table(
        by_form.key,
        str(by_form.title),
        str(by_form.counts),
        ["", gettext("All cases"), gettext("Cases of violence against children")],
        [(code_label(ViolenceForm, code), [forms_all.get(code, 0), forms_child.get(code, 0)]) for code in form_codes],
        id="table-chart-forms",
    )
    trend = Table(
        "cases_by_month",
        gettext("New cases by month"),
        gettext("cases, by month of registration"),
        ["", gettext("New cases")],
        [(month_label(month), [n]) for month, n in figures["cases_by_month"].items()],
        id="table-chart-trend",
    )
    kecamatan = Table(
        "cases_by_kecamatan",
        gettext("Cases by kecamatan"),
        gettext("cases, by the kecamatan of the incident's kelurahan"),
        ["", gettext("Cases")],
        current_kecamatan_rows(figures["cases_by_kecamatan"]),
        id="table-chart-kecamatan",
    )
    victims = replace(
        age_sex_table(figures, women_first=True),
        title=gettext("Victims by age and sex"),
        counts=gettext("victims; age at the incident"),
        id="table-chart-age-sex",
    )
    return [
        Chart("chart-forms", violence),
        Chart("chart-trend", trend, kind="line"),
        Chart("chart-kecamatan", kecamatan, horizontal=True),
        Chart("chart-age-sex", victims),
    ]


def dashboard_tables(figures: dict[str, Any]) -> list[Table]:
    totals = figures["totals"]
    summary = Table(
        "totals",
        gettext("Totals"),
        gettext("cases, victims and complaints"),
        ["", _number()],
        [
            (gettext("Complaints received"), [totals["complaints_received"]]),
            (gettext("Cases registered"), [totals["cases"]]),
            (gettext("Cases of violence against children"), [totals["child_cases"]]),
            (gettext("Victims"), [totals["victims"]]),
            (gettext("Child victims"), [totals["child_victims"]]),
        ],
        id="table-totals",
        note=gettext("Complaints are counted by the day they came in, cases by the day they were registered."),
    )
    return [summary, *(_dashboard_table(BREAKDOWNS[key], id, figures) for key, id in DASHBOARD_BREAKDOWNS)]


def _dashboard_table(breakdown: Breakdown, id: str, figures: dict[str, Any]) -> Table:
    by_code = figures[breakdown.key]
    rows = _code_rows(breakdown.vocabulary, by_code, ordered_codes(breakdown.vocabulary, by_code))
    return Table(
        breakdown.key,
        str(breakdown.title),
        str(breakdown.short_counts or breakdown.counts),
        [gettext("Category"), _number()],
        rows,
        id=id,
        note=str(breakdown.note or ""),
    )


def dashboard_kla(figures: dict[str, Any]) -> tuple[Table, Table]:
    kla = figures["kla"]
    summary = Table(
        "kla",
        gettext("KLA Klaster V: child victims served, referred and monitored"),
        gettext("child victims"),
        ["", _number()],
        [
            (gettext("Served"), [kla["served"]]),
            (gettext("Referred"), [kla["referred"]]),
            (gettext("Monitored"), [kla["monitored"]]),
        ],
        id="table-kla",
    )
    table: dict[str, dict[str, dict[str, Any]]] = kla["by_category_age_sex"]
    bands = [str(band.value) for band in CHILD_BANDS]
    bands += sorted({band for row in table.values() for band in row} - set(bands))
    sexes = (Sex.PEREMPUAN.value, Sex.LAKI_LAKI.value)
    columns = [f"{code_label(AgeBand, band)} · {code_label(Sex, sex)}" for band in bands for sex in sexes]
    rows: Rows = [
        (
            code_label(ProtectionCategory, category),
            [table[category].get(band, {}).get(sex, 0) for band in bands for sex in sexes],
        )
        for category in ordered_codes(ProtectionCategory, table)
    ]
    detail = Table(
        "kla_by_category_age_sex",
        gettext("Child victims served by Pasal 59 category, age and sex"),
        gettext("child victims × category"),
        ["", *columns],
        rows,
        id="table-kla-detail",
    )
    return summary, detail
