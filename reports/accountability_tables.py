"""The task-force report and the KLA evidence pack as tables (reports.tables.Table): the one
layout the pages, the PDF and the Excel files show. The figures given are already as the reader
may see them (reports.selectors.taskforce_figures_shown_to / kla_figures_shown_to)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from cases.vocabularies import AgeBand, ProtectionCategory, ServiceType, Sex
from referrals.models import DeclineReason
from uptdppa.accounts.models import OrganisationKind

from .kla_pack import DIVERSION_LEVELS, SPM_SERVICES
from .statistics import UNKNOWN
from .tables import Table

CHILD_BANDS = (AgeBand.B0_5, AgeBand.B6_12, AgeBand.B13_17)
SEXES = (Sex.PEREMPUAN, Sex.LAKI_LAKI)


def quarter_label(year: int, quarter: int) -> str:
    return _("Quarter %(quarter)d %(year)d") % {"quarter": quarter, "year": year}


def days(value: Any) -> str:
    """A number of days, one decimal, or "—" when there is none (or it is not shown)."""
    return "—" if value is None else formats.number_format(value, 1)


def share(value: Any) -> str:
    return "—" if value is None else f"{formats.number_format(value * 100, 1)}%"


def _label(vocabulary: Any, code: str) -> str:
    return str(dict(vocabulary.choices).get(code, code))


def _durations(row: dict[str, Any]) -> list[str]:
    out = []
    for key in ("days_to_accept", "days_to_first_service", "days_to_completion"):
        cell = row.get(key, {})
        out += [days(cell.get("median")), days(cell.get("p90"))] if "p90" in cell else [days(cell.get("median")), "—"]
    return out


def taskforce_tables(figures: dict[str, Any]) -> list[Table]:
    """The organisations' table (their rows, then the city's) and the declines by reason."""
    columns = [
        _("Organisation"),
        _("Received"),
        _("Declined"),
        _("Days to accept: median"),
        _("Days to accept: 90th percentile"),
        _("Days to first service: median"),
        _("Days to first service: 90th percentile"),
        _("Days to completion: median"),
        _("Days to completion: 90th percentile"),
        _("Share overdue"),
        _("Open over %(days)d days") % {"days": figures.get("long_open_days", 30)},
        _("Action items done on time"),
    ]
    rows: list[tuple[str, list[Any]]] = []
    for row in figures["organisations"]:
        rows.append(
            (
                row["name"],
                [
                    row["received"],
                    row["declined"],
                    *_durations(row),
                    share(row["overdue_share"]),
                    row["open_long"],
                    _items(row),
                ],
            )
        )
    city = figures["city"]
    if "received" in city:
        rows.append(
            (
                _("Kota Jambi (all organisations)"),
                [
                    city["received"],
                    city["declined"],
                    *_durations(city),
                    share(city["overdue_share"]),
                    city["open_long"],
                    _items(city),
                ],
            )
        )
    else:  # a liaison: the city's medians only
        rows.append((_("Kota Jambi: median"), ["—", "—", *_durations(city), "—", "—", "—"]))
    tables = [
        Table(
            key="taskforce",
            title=_("Referrals by receiving organisation"),
            counts=_("referrals sent in the quarter (withdrawn ones left out), measured at its end; days from sending"),
            columns=columns,
            rows=rows,
            id="taskforce-table",
        )
    ]
    reasons = [
        (row["name"], [row["declined_by_reason"].get(code, 0) for code in DeclineReason.values])
        for row in figures["organisations"]
    ]
    if "declined_by_reason" in city:
        reasons.append(
            (_("Kota Jambi (all organisations)"), [city["declined_by_reason"].get(c, 0) for c in DeclineReason.values])
        )
    tables.append(
        Table(
            key="declined",
            title=_("Declined referrals by reason"),
            counts=_("referrals declined by the end of the quarter"),
            columns=[_("Organisation"), *(str(label) for label in DeclineReason.labels)],
            rows=reasons,
            id="declined-table",
        )
    )
    return tables


def _items(row: dict[str, Any]) -> str:
    due, on_time = row.get("action_items_due"), row.get("action_items_on_time")
    if due in (None, 0):
        return "—"
    return f"{on_time}/{due} ({share(row.get('action_items_on_time_share'))})"


def kla_tables(figures: dict[str, Any]) -> list[Table]:
    """The pack's sections in the evaluation's order."""
    year = figures["year"]
    tables: list[Table] = []
    for shown_year in (str(year), str(year - 1)):
        stats = figures["statistics"][shown_year]
        detail = stats["kla"]["by_category_age_sex"]
        rows = []
        for category in ProtectionCategory:
            bands = detail.get(category.value, {})
            if not bands:
                continue
            for band in (*(b.value for b in CHILD_BANDS), UNKNOWN):
                if band not in bands:
                    continue
                cells = bands[band]
                rows.append(
                    (
                        f"{category.label} · {band if band != UNKNOWN else _('age unknown')}",
                        [cells.get(sex.value, 0) for sex in SEXES],
                    )
                )
        tables.append(
            Table(
                key=f"served-{shown_year}",
                title=_("Child victims served in %(year)s by Pasal 59 category, age band and sex (indicator 21B)")
                % {"year": shown_year},
                counts=_("child victims of the cases registered in the year: %(n)s")
                % {"n": stats["totals"]["child_victims"]},
                columns=[_("Category · age band"), *(str(sex.label) for sex in SEXES)],
                rows=rows,
                id=f"served-{shown_year}",
            )
        )
    tables.append(
        Table(
            key="partners",
            title=_("Partner organisations involved, their roles and referrals"),
            counts=_("referrals of the year's child victims to each organisation"),
            columns=[
                _("Organisation"),
                _("Role"),
                _("Referrals"),
                _("Child victims referred"),
                _("Services requested"),
            ],
            rows=[
                (
                    row["name"],
                    [
                        _label(OrganisationKind, row["kind"]),
                        row["referrals"],
                        row.get("child_victims", 0),
                        ", ".join(f"{_label(ServiceType, code)} ({n})" for code, n in row["services"].items()),
                    ],
                )
                for row in figures["partners"]
            ],
            id="partners",
        )
    )
    abh = figures["abh"]
    level_labels = {
        "penyidikan": _("At the investigation (police)"),
        "penuntutan": _("At the prosecution"),
        "pengadilan": _("At the court"),
        "unknown": _("Level not recorded"),
    }
    tables.append(
        Table(
            key="abh",
            title=_("Children in conflict with the law (indicator 24A)"),
            counts=_("children; diversions by the level the process had reached"),
            columns=[_("Figure"), _("Number")],
            rows=[
                (_("Child perpetrators in the year's cases"), [abh["child_perpetrators"]]),
                *(
                    (_("Diversions: %(level)s") % {"level": level_labels[level]}, [abh["diversions"][level]])
                    for level in DIVERSION_LEVELS
                ),
                (_("Child victims in Pasal 59 category b"), [abh["category_b"]]),
                (_("… of them with legal aid"), [abh["category_b_legal_aid"]]),
                (_("… of them with social rehabilitation"), [abh["category_b_rehabilitation"]]),
            ],
            id="abh",
        )
    )
    tables.append(
        Table(
            key="follow-up",
            title=_("Follow-up after closure"),
            counts=_("closed cases with a child victim whose follow-up was due in the year"),
            columns=[_("Follow-up"), _("Due"), _("Done"), _("Coverage")],
            rows=[
                (
                    _("%(months)d months after closure") % {"months": row["months"]},
                    [row["due"], row["done"], share(row["share"])],
                )
                for row in figures["follow_up"]
            ],
            id="follow-up",
        )
    )
    spm = figures["spm"]
    tables.append(
        Table(
            key="spm",
            title=_("Coverage of the minimum service standard's services"),
            counts=_("child victims of the year: %(n)s") % {"n": spm["child_victims"]},
            columns=[_("Service"), _("Child victims"), _("Share")],
            rows=[
                (
                    _label(ServiceType, service.value),
                    [spm["services"][service.value]["n"], share(spm["services"][service.value]["share"])],
                )
                for service in SPM_SERVICES
            ],
            id="spm",
        )
    )
    city = figures["taskforce"]
    tables.append(
        Table(
            key="taskforce",
            title=_("Task force"),
            counts=_("meetings held and the inter-agency report's headline figures for the year"),
            columns=[_("Figure"), _("Value")],
            rows=[
                (_("Task-force meetings held"), [figures["meetings"]]),
                (_("Referrals received by partner organisations"), [city["received"]]),
                (_("Declined"), [city["declined"]]),
                (_("Days to accept: median"), [days(city["days_to_accept"]["median"])]),
                (_("Days to first service: median"), [days(city["days_to_first_service"]["median"])]),
                (_("Days to completion: median"), [days(city["days_to_completion"]["median"])]),
                (_("Share overdue"), [share(city["overdue_share"])]),
                (_("Action items done on time"), [_items(city)]),
            ],
            id="taskforce",
        )
    )
    return tables


def cut_off_label(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
