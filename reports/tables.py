"""The breakdown tables of a period's figures, with their labels, as the PDF report and the Excel
export show them: one list of tables, so that both say the same (reports/DEFINITIONS.md).

The figures hold codes; labels come from the vocabularies (cases/vocabularies.py), the regions
table (kecamatan names) and the referral statuses. A value is an int, or "<3" for leadership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext

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


def _simple(key: str, title: str, counts: str, figures: dict[str, Any], vocabulary: type[models.TextChoices]) -> Table:
    return Table(key, title, counts, [gettext("Category"), gettext("Count")], _rows(figures.get(key, {}), vocabulary))


def present_table(
    key: str, title: str, counts: str, figures: dict[str, Any], vocabulary: type[models.TextChoices], column: str
) -> Table:
    """The breakdown ``key`` as the dashboard shows it: only the codes with a count, in
    ``ordered_codes`` order, under one column of values."""
    by_code = figures[key]
    rows = _code_rows(vocabulary, by_code, ordered_codes(vocabulary, by_code))
    return Table(key, title, counts, [gettext("Category"), column], rows)


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
    """Every table of the report, in the report's order."""
    from referrals.models import ReferralStatus  # reports sits above referrals

    tables = [
        headline_table(figures),
        _simple(
            "child_cases_by_form",
            gettext("Cases of violence against children by violence form"),
            gettext("cases with a child victim; a case counts once for each form"),
            figures,
            ViolenceForm,
        ),
        _simple(
            "cases_by_form",
            gettext("Cases by violence form"),
            gettext("cases; a case counts once for each form any of its victims suffered"),
            figures,
            ViolenceForm,
        ),
        _simple(
            "victims_by_form",
            gettext("Victims by violence form"),
            gettext("victims; a victim with two forms counts in both rows"),
            figures,
            ViolenceForm,
        ),
        _simple("cases_by_type", gettext("Cases by case type"), gettext("cases"), figures, CaseType),
        _simple("victims_by_sex", gettext("Victims by sex"), gettext("victims"), figures, Sex),
        Table(
            "victims_by_age_band",
            gettext("Victims by age band"),
            gettext("victims (age at the incident)"),
            [gettext("Age band"), gettext("Count")],
            [
                (_band_label(band), [figures.get("victims_by_age_band", {}).get(band, 0)])
                for band in _bands(figures.get("victims_by_age_band", {}))
            ],
        ),
        age_sex_table(figures),
        Table(
            "cases_by_kecamatan",
            gettext("Cases by kecamatan of the incident"),
            gettext("cases"),
            [gettext("Kecamatan"), gettext("Count")],
            kecamatan_rows(figures.get("cases_by_kecamatan", {})),
        ),
        _simple("cases_by_scene", gettext("Cases by scene"), gettext("cases"), figures, Scene),
        _simple(
            "relations_by_group",
            gettext("Perpetrators by relation to the victim"),
            gettext("victim–perpetrator pairs"),
            figures,
            RelationGroup,
        ),
        _simple(
            "child_victims_by_category",
            gettext("Child victims by Pasal 59 category"),
            gettext("child victims × category; a child in two categories counts in both rows"),
            figures,
            ProtectionCategory,
        ),
        _simple(
            "victims_by_service",
            gettext("Victims by service received"),
            gettext("victims who received the service"),
            figures,
            ServiceType,
        ),
        _simple(
            "referrals_by_status",
            gettext("Referrals by status"),
            gettext("referrals sent in the period, by their status now"),
            figures,
            ReferralStatus,
        ),
        Table(
            "cases_by_month",
            gettext("Cases by month of registration"),
            gettext("cases"),
            [gettext("Month"), gettext("Count")],
            [(month_label(month), [n]) for month, n in figures.get("cases_by_month", {}).items()],
        ),
        *kla_tables(figures),
    ]
    return tables


def period_dates(figures: dict[str, Any]) -> tuple[date, date]:
    period = figures["period"]
    return date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
