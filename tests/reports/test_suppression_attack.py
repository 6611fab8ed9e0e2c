"""Leadership's figures attacked as an outsider would (issue 14 §3): for every table pimpinan is
shown, every hidden count ("<3" or "x") is solved for from every published number of the period —
the cells, the totals shared between tables, the dashboard's open cases, and what the definitions
say ties them (reports/DEFINITIONS.md) — as integer programs solved exactly (scipy's HiGHS),
independent of reports.suppression. A hidden count whose smallest and largest possible values are
equal is given away: the test fails (a hidden zero that another table shows as zero is no
disclosure).

Run on the demo data (every month, quarter and the year 2024) and on generated figures full of 1s
and 2s.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from scipy.optimize import Bounds, LinearConstraint, milp

from cases.vocabularies import AgeBand, CaseType, ProtectionCategory, Scene, ServiceType, Sex, ViolenceForm
from reports.selectors import figures_shown_to, headlines_shown_to
from reports.statistics import OUTSIDE, UNKNOWN, Period, compute_figures
from reports.suppression import HIDDEN, WITHHELD
from tests.conftest import World

pytestmark = pytest.mark.django_db

CHILD_BANDS = ("0-5", "6-12", "13-17")


# --- An exact solver: the smallest and largest value of a hidden count, by integer programming -----


@dataclass
class Constraint:
    """sum(coefficient * variable) (== or <=) constant; every coefficient is 1 or -1."""

    terms: list[tuple[str, int]]
    equal: bool
    constant: int


@dataclass
class System:
    domains: dict[str, tuple[int, int]] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    holes: dict[str, tuple[int, int]] = field(default_factory=dict)  # values a variable cannot take

    def component(self, name: str) -> System:
        """The part of the system that ``name`` is tied to (the rest cannot change it)."""
        names, constraints, changed = {name}, [], True
        while changed:
            changed = False
            for c in self.constraints:
                if c not in constraints and any(v in names for v, _a in c.terms):
                    constraints.append(c)
                    names.update(v for v, _a in c.terms)
                    changed = True
        return System({v: self.domains[v] for v in names}, constraints, holes=self.holes)

    def extreme(self, name: str, sense: int) -> int:
        """The smallest (sense 1) or largest (sense -1) whole value of ``name`` that meets every
        constraint (HiGHS through scipy.optimize.milp). A variable with a hole [a, b] gets a binary
        companion: it is at most a-1 when the binary is 0 and at least b+1 when it is 1."""
        names = list(self.domains)
        holed = [v for v in names if v in self.holes]
        width = len(names) + len(holed)
        index = {v: i for i, v in enumerate(names)}
        rows, lows, highs = [], [], []
        for c in self.constraints:
            row = np.zeros(width)
            for v, a in c.terms:
                row[index[v]] += a
            rows.append(row)
            lows.append(c.constant if c.equal else -np.inf)
            highs.append(c.constant)
        for k, v in enumerate(holed):
            (first, last), (low, high), binary = self.holes[v], self.domains[v], len(names) + k
            # v <= (first - 1) + (high - first + 1) * b  and  v >= low + (last + 1 - low) * b
            for slope, low_end, high_end in ((high - first + 1, -np.inf, first - 1), (last + 1 - low, low, np.inf)):
                row = np.zeros(width)
                row[index[v]], row[binary] = 1, -slope
                rows.append(row)
                lows.append(low_end)
                highs.append(high_end)
        objective = np.zeros(width)
        objective[index[name]] = sense
        bounds = Bounds(
            [self.domains[v][0] for v in names] + [0] * len(holed),
            [self.domains[v][1] for v in names] + [1] * len(holed),
        )
        result = milp(
            objective,
            integrality=np.ones(width),
            bounds=bounds,
            constraints=[LinearConstraint(np.array(rows), lows, highs)] if rows else [],
        )
        assert result.success, result.message  # the true values always meet the constraints
        return round(result.x[index[name]])

    def pinned(self, name: str, true: int, guide: dict[str, int]) -> bool:
        """Whether ``name`` can only be ``true`` (min == max) given everything published."""
        part = self.component(name)
        return part.extreme(name, 1) == true == part.extreme(name, -1)


def test_the_solver_finds_the_december_example_and_no_more() -> None:
    """6 victims, P=5, L hidden: L is 1. With P hidden too (at least 3), L is 1 or 2... unless the
    total leaves no room."""
    system = System({"L": (1, 2)}, [Constraint([("L", 1)], True, 6 - 5)])
    assert system.pinned("L", 1, {})
    system = System({"L": (1, 2), "P": (3, 100)}, [Constraint([("L", 1), ("P", 1)], True, 6)], holes={"P": (1, 2)})
    assert not system.pinned("L", 1, {}) and not system.pinned("P", 5, {})
    system = System({"L": (1, 2), "P": (0, 100)}, [Constraint([("L", 1), ("P", 1)], True, 4)], holes={"P": (1, 2)})
    assert system.pinned("L", 1, {})


# --- The attacker's reading of the published figures --------------------------------------------


def _paths(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(value, dict):
        out: dict[tuple[str, ...], Any] = {}
        for key, item in value.items():
            out.update(_paths(item, (*path, str(key))))
        return out
    return {path: value}


def relations(shown: dict[str, Any]) -> tuple[list[tuple[list[tuple[str, ...]], tuple[str, ...], bool]], list]:
    """What the definitions tie together, written from reports/DEFINITIONS.md: (cells, total, is a
    sum) — a sum is total == sum(cells), otherwise each cell is at most the total — and the
    inequalities (smaller, larger) an attacker adds."""
    ties: list[tuple[list[tuple[str, ...]], tuple[str, ...], bool]] = []
    cases, victims, child_victims = ("totals", "cases"), ("totals", "victims"), ("totals", "child_victims")
    child_cases = ("totals", "child_cases")

    def keys(name: str) -> list[tuple[str, ...]]:
        return [(name, code) for code in shown.get(name, {})]

    for name in ("cases_by_type", "cases_by_scene", "cases_by_kecamatan", "cases_by_month"):
        ties.append((keys(name), cases, True))
    ties.append(([("totals", "open"), ("totals", "closed")], cases, True))
    ties.append((keys("victims_by_sex"), victims, True))
    ties.append((keys("victims_by_age_band"), victims, True))
    ties.append(([("victims_by_age_band", band) for band in CHILD_BANDS], child_victims, True))
    matrix = shown["victims_by_age_sex"]
    for band, row in matrix.items():
        ties.append(([("victims_by_age_sex", band, sex) for sex in row], ("victims_by_age_band", band), True))
    for sex in {sex for row in matrix.values() for sex in row}:
        ties.append(([("victims_by_age_sex", band, sex) for band in matrix], ("victims_by_sex", sex), True))
    ties.append(([("victims_by_service", "pengaduan")], victims, True))
    ties.append(([("kla", "served")], child_victims, True))
    for category, bands in shown["kla"]["by_category_age_sex"].items():
        cells = [("kla", "by_category_age_sex", category, band, sex) for band, row in bands.items() for sex in row]
        ties.append((cells, ("child_victims_by_category", category), True))
    # Counted within a total, not adding up to it (overlaps).
    for name, total in (
        ("cases_by_form", cases),
        ("child_cases_by_form", child_cases),
        ("victims_by_form", victims),
        ("victims_by_service", victims),
        ("child_victims_by_category", child_victims),
    ):
        ties.append((keys(name), total, False))
    ties.append(([child_cases], cases, False))
    ties.append(([child_victims], victims, False))
    ties.append(([("kla", "referred"), ("kla", "monitored")], child_victims, False))
    smaller_larger = [(("child_cases_by_form", f), ("cases_by_form", f)) for f in shown["cases_by_form"]]
    smaller_larger += [(("cases_by_form", f), ("victims_by_form", f)) for f in shown["cases_by_form"]]
    return ties, smaller_larger


def attack(shown: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    """The hidden counts of ``shown`` that the published numbers give away (their paths)."""
    limit = settings.STATISTICS_SMALL_CELL_LIMIT
    small = f"<{limit}"
    published, true = _paths(shown), _paths(raw)
    ties, smaller_larger = relations(shown)
    # A table hidden whole (its total "<3", or every cell "<3" when it has none) may hide zeros.
    whole: set[tuple[str, ...]] = set()
    for cells, total, _is_sum in ties:
        if published.get(total) == small:
            whole.update(cells)
    for name in ("relations_by_group", "referrals_by_status"):
        cells = [(name, code) for code in shown.get(name, {})]
        if cells and all(published[cell] == small for cell in cells):
            whole.update(cells)
    cap = 2 * max(v for v in true.values() if isinstance(v, int)) + 10
    system = System()
    for path, value in published.items():
        if value == small:
            system.domains["/".join(path)] = (0 if path in whole else 1, limit - 1)
        elif value == HIDDEN:  # 0, or at least the limit (1 .. limit-1 would read "<3")
            system.domains["/".join(path)] = (0, cap)
            system.holes["/".join(path)] = (1, limit - 1)
        elif value == WITHHELD:  # any count
            system.domains["/".join(path)] = (0, cap)

    def term(path: tuple[str, ...], sign: int, constant: int) -> tuple[list[tuple[str, int]], int]:
        value = published[path]
        if isinstance(value, int):
            return [], constant - sign * value
        return [("/".join(path), sign)], constant

    def add(pairs: list[tuple[tuple[str, ...], int]], equal: bool) -> None:
        terms: list[tuple[str, int]] = []
        constant = 0
        for path, sign in pairs:
            new, constant = term(path, sign, constant)
            terms += new
        if terms:
            system.constraints.append(Constraint(terms, equal, constant))
        else:
            assert constant == 0 or (not equal and constant >= 0), pairs  # the published numbers agree

    for cells, total, is_sum in ties:
        if is_sum:
            add([(total, -1), *((cell, 1) for cell in cells)], True)
        else:
            for cell in cells:
                add([(cell, 1), (total, -1)], False)
    for smaller, larger in smaller_larger:
        add([(smaller, 1), (larger, -1)], False)
    guide = {name: true.get(tuple(name.split("/")), 0) for name in system.domains}
    # A zero another table already shows as zero (no victim of a form, so no case of it) gives
    # nobody away: only a count of someone is a disclosure.
    return [name for name in system.domains if guide[name] > 0 and system.pinned(name, guide[name], guide)]


def published_to_leadership(world: World, raw: dict[str, Any]) -> dict[str, Any]:
    """Every number pimpinan is shown for the figures: the figures (dashboard tables and charts,
    PDF, Excel and API all show these) and the dashboard's headlines (the open cases)."""
    shown = figures_shown_to(world.pimpinan, raw)
    headlines = headlines_shown_to(world.pimpinan, raw)
    for key in ("cases", "closed"):
        assert headlines[key] == shown["totals"][key]  # the same count reads the same everywhere
    shown["totals"]["open"] = headlines["open"]
    return shown


def with_open(raw: dict[str, Any]) -> dict[str, Any]:
    totals = raw["totals"]
    return {**raw, "totals": {**totals, "open": totals["cases"] - totals["closed"]}}


def periods_of(year: int) -> list[Period]:
    months = [Period(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)]
    quarters = [Period(months[q * 3].start, months[q * 3 + 2].end) for q in range(4)]
    return [
        *months,
        *quarters,
        Period(date(year, 1, 1), date(year, 12, 31)),
        Period(date(year, 1, 1), date(year, 10, 31)),
    ]


def test_no_hidden_count_of_the_demo_can_be_worked_out(world: World) -> None:
    call_command("seed_demo")
    given_away = {}
    hidden_somewhere = 0
    for period in periods_of(2024):
        raw = compute_figures(period)
        shown = published_to_leadership(world, raw)
        hidden_somewhere += sum(
            1 for v in _paths(shown).values() if v in (HIDDEN, f"<{settings.STATISTICS_SMALL_CELL_LIMIT}")
        )
        found = attack(shown, with_open(filled_raw(raw)))
        if found:
            given_away[f"{period.start}–{period.end}"] = found
    assert hidden_somewhere > 0  # the demo has small cells to protect
    assert not given_away, given_away


def filled_raw(raw: dict[str, Any]) -> dict[str, Any]:
    from reports.suppression import filled

    return filled(raw)


# --- Generated figures with many 1s and 2s -----------------------------------------------------------


def generated(rng: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    """The figures of a few made-up cases, built the way reports.statistics counts them."""
    cases = [
        {
            "type": rng.choice([c.value for c in CaseType] + [UNKNOWN]),
            "scene": rng.choice([c.value for c in Scene]),
            "place": rng.choice([*kecamatan[:4], OUTSIDE]),
            "month": rng.choice(["2026-12"]),
            "closed": rng.random() < 0.3,
        }
        for _ in range(rng.randint(1, 14))
    ]
    victims = []
    for index, _case in enumerate(cases):
        for _ in range(rng.choice([1, 1, 1, 2])):
            band = rng.choice([b.value for b in AgeBand][:5])
            victims.append(
                {
                    "case": index,
                    "band": band,
                    "sex": rng.choice([Sex.PEREMPUAN.value, Sex.PEREMPUAN.value, Sex.LAKI_LAKI.value]),
                    "forms": rng.sample([f.value for f in ViolenceForm][:5], rng.choice([1, 1, 2])),
                    "categories": rng.sample([c.value for c in ProtectionCategory][:4], rng.choice([0, 1, 1, 2]))
                    if band in CHILD_BANDS
                    else [],
                    "health": rng.random() < 0.4,
                }
            )
    children = [v for v in victims if v["band"] in CHILD_BANDS]
    child_case_ids = {v["case"] for v in children}
    age_sex: dict[str, Counter[str]] = defaultdict(Counter)
    for v in victims:
        age_sex[v["band"]][v["sex"]] += 1
    kla: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for v in children:
        for category in v["categories"]:
            kla[category][v["band"]][v["sex"]] += 1

    def per_form(people: list[dict[str, Any]], by_case: bool) -> dict[str, int]:
        return {
            f: n
            for f in (x.value for x in ViolenceForm)
            if (n := len({v["case"] if by_case else id(v) for v in people if f in v["forms"]}))
        }

    return {
        "definitions_version": 1,
        "period": {"start": "2026-12-01", "end": "2026-12-31"},
        "totals": {
            "cases": len(cases),
            "closed": sum(c["closed"] for c in cases),
            "child_cases": len(child_case_ids),
            "victims": len(victims),
            "child_victims": len(children),
            "complaints_received": len(cases) + rng.randint(0, 2),
        },
        "cases_by_form": per_form(victims, True),
        "child_cases_by_form": per_form(children, True),
        "victims_by_form": per_form(victims, False),
        "cases_by_type": dict(Counter(c["type"] for c in cases)),
        "victims_by_sex": dict(Counter(v["sex"] for v in victims)),
        "cases_by_scene": dict(Counter(c["scene"] for c in cases)),
        "cases_by_month": {"2026-12": len(cases)},
        "victims_by_age_band": dict(Counter(v["band"] for v in victims)),
        "victims_by_age_sex": {band: dict(c) for band, c in age_sex.items()},
        "cases_by_kecamatan": dict(Counter(c["place"] for c in cases)),
        "relations_by_group": {"orang_tua": rng.randint(0, 2), "keluarga": rng.randint(0, 3)},
        "child_victims_by_category": {c: sum(sum(s.values()) for s in b.values()) for c, b in kla.items()},
        "victims_by_service": {
            k: n
            for k, n in {
                ServiceType.PENGADUAN.value: len(victims),
                ServiceType.KESEHATAN.value: sum(v["health"] for v in victims),
            }.items()
            if n
        },
        "median_hours_to_registration": 3.5,
        "kla": {
            "served": len(children),
            "referred": rng.randint(0, len(children)),
            "monitored": rng.randint(0, len(children)),
            "by_category_age_sex": {c: {b: dict(s) for b, s in bands.items()} for c, bands in kla.items()},
        },
        "referrals_by_status": {"sent": rng.randint(0, 2)},
    }


def test_the_december_example_gives_nothing_away(world: World) -> None:
    """ "6 victims, P=5, L=<3" gave L=1: now P is hidden beside L, and more when that is not enough."""
    rng = random.Random(14)
    raw = generated(rng, ["15.71.01"])
    raw["totals"]["victims"] = 6
    raw["victims_by_sex"] = {"P": 5, "L": 1}
    raw["victims_by_age_band"] = {"13-17": 6}
    raw["victims_by_age_sex"] = {"13-17": {"P": 5, "L": 1}}
    raw["totals"]["child_victims"] = 6
    raw["kla"]["served"] = 6
    raw["victims_by_service"] = {"pengaduan": 6}
    raw["victims_by_form"] = {"fisik": 6}
    shown = published_to_leadership(world, raw)
    assert shown["victims_by_sex"]["L"] == "<3"
    assert shown["victims_by_sex"]["P"] == HIDDEN or shown["totals"]["victims"] == HIDDEN
    assert not attack(shown, with_open(filled_raw(raw)))


@pytest.mark.parametrize("seed", range(16))
def test_no_hidden_count_of_generated_figures_can_be_worked_out(world: World, seed: int) -> None:
    from reports.tables import kecamatan_names

    rng = random.Random(seed)
    raw = generated(rng, list(kecamatan_names()))
    shown = published_to_leadership(world, raw)
    assert not attack(shown, with_open(filled_raw(raw))), seed


def test_a_period_too_small_to_protect_is_withheld_whole(world: World) -> None:
    """Four cases whose every hiding still leaves a count to be worked out: leadership is told
    nothing of the period's counts ("..."), and so nothing can be worked out."""
    from reports.tables import kecamatan_names

    raw = generated(random.Random(4), list(kecamatan_names()))
    shown = published_to_leadership(world, raw)
    assert WITHHELD in {shown["totals"]["cases"], shown["totals"]["victims"]}
    assert not attack(shown, with_open(filled_raw(raw)))


def test_the_unit_s_own_staff_keep_the_exact_figures(world: World) -> None:
    raw = generated(random.Random(3), ["15.71.01"])
    assert figures_shown_to(world.kepala, raw) == raw
    assert figures_shown_to(world.operator, raw) == raw


def test_leadership_figures_are_computed_once_per_content(world: World, monkeypatch) -> None:
    """Cached by the figures' content: the same figures are suppressed once; changed figures anew;
    every caller gets its own copy."""
    from reports import selectors

    calls = []
    real = selectors.leadership_figures
    monkeypatch.setattr(selectors, "leadership_figures", lambda figures: calls.append(1) or real(figures))
    raw = generated(random.Random(5), ["15.71.01"])
    first = figures_shown_to(world.pimpinan, raw)
    first["totals"]["cases"] = "changed by a caller"
    again = figures_shown_to(world.pimpinan, raw)
    assert len(calls) == 1 and again["totals"]["cases"] != "changed by a caller"
    raw["totals"]["complaints_received"] += 1
    figures_shown_to(world.pimpinan, raw)
    assert len(calls) == 2
