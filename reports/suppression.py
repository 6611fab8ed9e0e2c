"""Leadership's figures: small counts hidden, and every count that would give one away hidden too
(secondary suppression). The method, in plain words, is in reports/DEFINITIONS.md "Small cells".

The figures of a period hold tables whose numbers are tied together: a table's cells add up to its
total (the cases by type, scene, kecamatan and month add up to the cases; the victims by sex and by
age band to the victims; the age × sex table to both), and tables share their totals (the child
victims are the victims aged 0–17, the KLA detail adds up to the Pasal 59 categories, the headline
"open" is the cases minus the closed). A count from 1 to under the limit shown as "<3" could be
worked out by subtraction from such a sum ("6 victims, P=5, L=<3" gives L=1). So:

1. Every category of a vocabulary is listed, zeros too, so that whether a row is there tells
   nothing.
2. A table whose total (the cases, victims, child victims… it counts) is under the limit is hidden
   whole: every cell, zeros too, reads "<3".
3. Every count from 1 to under the limit reads "<3" (primary suppression).
4. Then, as an attacker would, every sum is read with what is shown: a "<3" is 1 or 2 (0 to 2 in a
   table hidden whole), an "x" is 0 or at least the limit, and a count within a total is at most
   that total. While some hidden count can still be worked out — first by interval reasoning over
   every sum and every equation that follows from them (cheap), then exactly: a search over whole
   numbers for any reading that puts the count elsewhere — one more count of one of its sums is
   hidden as "x": the smallest non-zero cell, a total only when no cell is left (secondary
   suppression). A total hidden so is hidden everywhere it is shown.
5. When a count can still be worked out and nothing is left to hide beside it (a period of very
   few cases), the counts of its sums are withheld ("...": nothing is said of them), and every
   count of the period when even that is not enough.

Counts that take part in no sum (the overlapping breakdowns: a case counts once per form) only get
steps 2 and 3. ``tests/reports/test_suppression_attack.py`` checks the result with an independent
exact solver (integer programming).
"""

from __future__ import annotations

import copy
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.conf import settings

from cases.vocabularies import AgeBand, ProtectionCategory, Sex

from .statistics import OUTSIDE, UNKNOWN, suppress_small
from .tables import BREAKDOWNS, KOTA_JAMBI, _kecamatan

# The marker of a count hidden so that a small one cannot be worked out (it is at least the limit).
HIDDEN = "x"
# Bumped when the method changes: leadership's figures are cached under it (reports.selectors).
SUPPRESSION_VERSION = 2
# The marker of every count of a period whose small counts cannot be hidden otherwise (so few cases
# that every way of hiding leaves one to be worked out): nothing is said of it.
WITHHELD = "..."
# Numbers in the figures that are not counts of people or cases (never suppressed).
NOT_COUNTS = frozenset({"definitions_version", "median_hours_to_registration"})
CHILD_BANDS = (AgeBand.B0_5.value, AgeBand.B6_12.value, AgeBand.B13_17.value)
# Breakdowns whose cells split their total (one category per case or victim): "unknown" is a
# category of them too.
PARTITIONS = {"cases_by_type": "cases", "cases_by_scene": "cases", "victims_by_sex": "victims"}
# The breakdowns that overlap (a case or victim in several rows), with the total they count within.
OVERLAPS = {
    "cases_by_form": "cases",
    "child_cases_by_form": "child_cases",
    "victims_by_form": "victims",
    "victims_by_service": "victims",
    "child_victims_by_category": "child_victims",
    "relations_by_group": None,  # pairs: their number is not shown, the cells' sum stands for it
    "referrals_by_status": None,
}
# The same number shown twice: every victim had the complaint service; the KLA "served" are the
# child victims.
ALIASES = {("victims_by_service", "pengaduan"): ("totals", "victims"), ("kla", "served"): ("totals", "child_victims")}
_ROUNDS = 200  # interval reasoning stops long before (a guard, not a limit that is ever reached)
_UNBOUNDED = 10**9

Path = tuple[str, ...]
OPEN: Path = ("totals", "open")


def limit() -> int:
    return int(settings.STATISTICS_SMALL_CELL_LIMIT)


# --- 1. Every category listed ---------------------------------------------------------------------


def _sexes(*present: Iterable[str]) -> list[str]:
    codes = [str(sex.value) for sex in Sex] + [UNKNOWN]
    return codes + sorted({code for codes_ in present for code in codes_} - set(codes))


def _fill(counts: dict[str, Any], codes: Iterable[str]) -> dict[str, Any]:
    return {**{code: 0 for code in codes}, **counts}


def filled(figures: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``figures`` with every category of every breakdown (0 when none)."""
    out = copy.deepcopy(figures)
    for key, breakdown in BREAKDOWNS.items():
        if isinstance(out.get(key), dict):
            codes = [str(choice.value) for choice in breakdown.vocabulary]
            out[key] = _fill(out[key], codes + ([UNKNOWN] if key in PARTITIONS or key == "victims_by_age_band" else []))
    if isinstance(out.get("cases_by_kecamatan"), dict):
        city = [code for code, _name, _current in _kecamatan() if code.startswith(f"{KOTA_JAMBI}.")]
        out["cases_by_kecamatan"] = _fill(out["cases_by_kecamatan"], [*city, OUTSIDE, UNKNOWN])
    if isinstance(out.get("victims_by_age_sex"), dict):
        matrix = out["victims_by_age_sex"]
        bands = [str(band.value) for band in AgeBand] + [UNKNOWN]
        sexes = _sexes(*(row for row in matrix.values()), out.get("victims_by_sex", {}))
        out["victims_by_age_sex"] = {
            band: _fill(matrix.get(band, {}), sexes) for band in [*bands, *sorted(set(matrix) - set(bands))]
        }
    kla = out.get("kla")
    if isinstance(kla, dict) and isinstance(kla.get("by_category_age_sex"), dict):
        table = kla["by_category_age_sex"]
        sexes = _sexes(*(cells for bands in table.values() for cells in bands.values()))
        codes = [str(category.value) for category in ProtectionCategory]
        categories = codes + sorted(set(table) - set(codes))
        kla["by_category_age_sex"] = {
            category: {
                band: _fill(table.get(category, {}).get(band, {}), sexes)
                for band in [*CHILD_BANDS, *sorted(set(table.get(category, {})) - set(CHILD_BANDS))]
            }
            for category in categories
        }
    return out


# --- The sums that tie the numbers together -------------------------------------------------------


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, int]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, int) and not isinstance(value, bool) and (not path or path[-1] not in NOT_COUNTS):
        yield path, value


@dataclass
class Model:
    """The counts of some figures (by their path), the sums between them (total, cells) and the
    tables that are hidden whole when their total is under the limit (cells, the total's path)."""

    values: dict[Path, int]
    sums: list[tuple[Path, list[Path]]] = field(default_factory=list)
    tables: list[tuple[list[Path], Path | None]] = field(default_factory=list)
    # (smaller, larger): a count that can never exceed another (a case of a form is a case).
    at_most: list[tuple[Path, Path]] = field(default_factory=list)

    def has(self, *paths: Path) -> bool:
        return all(path in self.values for path in paths)

    def add_sum(self, total: Path, cells: Sequence[Path], *, table: bool = True) -> None:
        if cells and self.has(total, *cells):
            self.sums.append((total, list(cells)))
            if table:
                self.tables.append((list(cells), total))

    def add_table(self, cells: Sequence[Path], total: Path | None) -> None:
        cells = [cell for cell in cells if cell in self.values]
        if cells and (total is None or total in self.values):
            self.tables.append((cells, total))


def _keys(figures: dict[str, Any], key: str) -> list[Path]:
    return [(key, code) for code in figures.get(key, {})] if isinstance(figures.get(key), dict) else []


def model_of(figures: dict[str, Any]) -> Model:
    """The sums and tables of ``figures`` (already ``filled``): the documented definitions
    (reports/DEFINITIONS.md) written as equations."""
    # The open cases are left out and reckoned last: whether the figures carry them (the
    # dashboard's headlines) or not (the other outputs), the model, and so what is hidden, is the
    # same, count for count and in the same order.
    values = {path: value for path, value in _leaves(figures) if path not in ALIASES and path != OPEN}
    model = Model(values)
    cases, victims, child_victims = ("totals", "cases"), ("totals", "victims"), ("totals", "child_victims")
    for key in ("cases_by_type", "cases_by_scene", "cases_by_kecamatan", "cases_by_month"):
        model.add_sum(cases, _keys(figures, key))
    if model.has(cases, ("totals", "closed")):
        # The dashboard shows the open cases, the other outputs the cases and the closed: every
        # output hides alike, so the open cases are always reckoned with.
        model.values[OPEN] = model.values[cases] - model.values[("totals", "closed")]
    model.add_sum(cases, [OPEN, ("totals", "closed")])
    model.add_table([("totals", "child_cases")], cases)
    model.add_sum(victims, _keys(figures, "victims_by_sex"))
    model.add_sum(victims, _keys(figures, "victims_by_age_band"))
    model.add_table([child_victims], victims)
    model.add_sum(child_victims, [("victims_by_age_band", band) for band in CHILD_BANDS], table=False)
    matrix = figures.get("victims_by_age_sex")
    if isinstance(matrix, dict):
        cells = [("victims_by_age_sex", band, sex) for band, row in matrix.items() for sex in row]
        model.add_table(cells, victims)
        for band, row in matrix.items():
            row_cells = [("victims_by_age_sex", band, sex) for sex in row]
            model.add_sum(("victims_by_age_band", band), row_cells, table=False)
        for sex in {sex for row in matrix.values() for sex in row}:
            column = [("victims_by_age_sex", band, sex) for band in matrix]
            model.add_sum(("victims_by_sex", sex), column, table=False)
    for key, total in OVERLAPS.items():
        model.add_table(_keys(figures, key), ("totals", total) if total else None)
    kla = figures.get("kla")
    if isinstance(kla, dict):
        model.add_table([("kla", "referred"), ("kla", "monitored")], child_victims)
        detail = kla.get("by_category_age_sex", {})
        every: list[Path] = []
        for category, bands in detail.items():
            detail_cells: list[Path] = [
                ("kla", "by_category_age_sex", category, band, sex) for band, row in bands.items() for sex in row
            ]
            every += detail_cells
            model.add_sum(("child_victims_by_category", category), detail_cells, table=False)
        model.add_table(every, child_victims)
    # A count within a total never exceeds it: each cell of an overlapping breakdown, the
    # children among all, the KLA's referred and monitored among the child victims.
    for key, total in OVERLAPS.items():
        for cell in _keys(figures, key):
            if total and model.has(cell, ("totals", total)):
                model.at_most.append((cell, ("totals", total)))
    part: Path
    whole: Path
    for part, whole in (
        (("totals", "child_cases"), cases),
        (child_victims, victims),
        (("kla", "referred"), child_victims),
        (("kla", "monitored"), child_victims),
    ):
        if model.has(part, whole):
            model.at_most.append((part, whole))
    for form in figures.get("cases_by_form", {}):
        for smaller, larger in (("child_cases_by_form", "cases_by_form"), ("cases_by_form", "victims_by_form")):
            if model.has((smaller, form), (larger, form)):
                model.at_most.append(((smaller, form), (larger, form)))
    return model


# --- 2-4. Hiding --------------------------------------------------------------------------------


def _whole(model: Model) -> set[Path]:
    """The cells (and totals) of the tables hidden whole: their total is under the limit."""
    hidden: set[Path] = set()
    for cells, total in model.tables:
        size = model.values[total] if total else sum(model.values[cell] for cell in cells)
        if 0 < size < limit():
            hidden.update(cells)
            if total:
                hidden.add(total)
    return hidden


def _ranges(
    model: Model, hidden: set[Path], whole: set[Path], withheld: frozenset[Path] = frozenset()
) -> dict[Path, list[int]]:
    """What an attacker knows of each count from the page: its value, 1..limit-1 for "<3" (from 0
    in a table hidden whole), 0 or at least the limit for "x" (``_HOLES``), anything for "..."."""
    ranges = {}
    for path, value in model.values.items():
        if path not in hidden:
            ranges[path] = [value, value]
        elif path in withheld:
            ranges[path] = [0, _UNBOUNDED]
        elif path in whole or 0 < value < limit():
            ranges[path] = [0 if path in whole else 1, limit() - 1]
        else:
            ranges[path] = [0, _UNBOUNDED]
    return ranges


def _holes(model: Model, hidden: set[Path], whole: set[Path], withheld: frozenset[Path] = frozenset()) -> set[Path]:
    """The counts shown as "x": never from 1 to under the limit (those read "<3")."""
    return {
        path for path in hidden if path not in whole and path not in withheld and not 0 < model.values[path] < limit()
    }


Row = tuple[dict[Path, Fraction], Fraction]  # sum(coefficient * hidden count) == constant
IntRow = tuple[dict[Path, int], int]


def _rows(model: Model, hidden: set[Path]) -> list[IntRow]:
    """Every sum with the shown counts moved to the constant, then every equation that follows
    from them by elimination (Gauss-Jordan): what subtracting one published sum from another
    gives away ("7 victims, 5 of them children" leaves 2 adults) is one of these rows."""
    rows: list[Row] = []
    for total, cells in model.sums:
        coefficients: dict[Path, Fraction] = defaultdict(Fraction)
        constant = Fraction(0)
        for path, sign in ((total, -1), *((cell, 1) for cell in cells)):
            if path in hidden:
                coefficients[path] += sign
            else:
                constant -= sign * model.values[path]
        coefficients = {path: a for path, a in coefficients.items() if a}
        if coefficients:
            rows.append((coefficients, constant))
    return [_whole_numbers(row) for row in [*rows, *_eliminated(rows)]]


def _whole_numbers(row: Row) -> IntRow:
    """The row times the common denominator, so that narrowing adds whole numbers only."""
    coefficients, constant = row
    times = math.lcm(*(a.denominator for a in coefficients.values()), constant.denominator)
    return {path: int(a * times) for path, a in coefficients.items()}, int(constant * times)


def _eliminated(rows: list[Row]) -> list[Row]:
    pivots: list[tuple[Path, Row]] = []
    for coefficients, constant in rows:
        row = dict(coefficients)
        for pivot, (pivot_row, pivot_constant) in pivots:
            factor = row.get(pivot)
            if factor:
                for path, a in pivot_row.items():
                    row[path] = row.get(path, Fraction(0)) - factor * a
                constant -= factor * pivot_constant
                row = {path: a for path, a in row.items() if a}
        if not row:
            continue
        pivot = min(row)
        factor = row[pivot]
        row = {path: a / factor for path, a in row.items()}
        constant /= factor
        reduced = []
        for other, (other_row, other_constant) in pivots:
            times = other_row.get(pivot)
            if times:
                other_row = {
                    path: other_row.get(path, Fraction(0)) - times * row.get(path, Fraction(0))
                    for path in {*other_row, *row}
                }
                other_row = {path: a for path, a in other_row.items() if a}
                other_constant -= times * constant
            reduced.append((other, (other_row, other_constant)))
        pivots = [*reduced, (pivot, (row, constant))]
    return [row for _pivot, row in pivots]


def _row_index(rows: list[IntRow]) -> dict[Path, list[int]]:
    """For each count, the rows it stands in."""
    index: dict[Path, list[int]] = defaultdict(list)
    for i, (coefficients, _constant) in enumerate(rows):
        for path in coefficients:
            index[path].append(i)
    return index


def _narrowed(
    rows: list[IntRow],
    ranges: dict[Path, list[int]],
    holes: set[Path],
    at_most: list[tuple[Path, Path]],
    index: dict[Path, list[int]] | None = None,
) -> dict[Path, list[int]]:
    """The ranges narrowed by every row until nothing changes: each count between what the other
    counts of a row leave it at least and at most (whole numbers), in sweeps over the rows in
    order, at most ``_ROUNDS`` of them. A sweep visits only the rows one of whose counts narrowed
    since their last visit (``index``: _row_index of ``rows``): the others would change nothing,
    so the result is that of full sweeps, at a fraction of the cost."""
    index = _row_index(rows) if index is None else index
    sweep = list(range(len(rows)))  # a heap: the rows of this sweep, in order
    in_sweep = set(sweep)
    for _round in range(_ROUNDS):
        later: set[int] = set()  # rows to visit in the next sweep
        while sweep:
            i = heapq.heappop(sweep)
            in_sweep.discard(i)
            coefficients, constant = rows[i]
            items = list(coefficients.items())
            lows, highs = [], []
            for path, a in items:
                bottom, top = ranges[path]
                lows.append(a * bottom if a > 0 else a * top)
                highs.append(a * top if a > 0 else a * bottom)
            low, high = sum(lows), sum(highs)
            for k, (path, a) in enumerate(items):
                rest_low, rest_high = low - lows[k], high - highs[k]
                # Whole numbers: ceil(n / a) is -(-n // a) and floor(n / a) is n // a, for either sign of a.
                if a > 0:
                    first, last = -((rest_high - constant) // a), (constant - rest_low) // a
                else:
                    first, last = -((rest_low - constant) // a), (constant - rest_high) // a
                new = [max(ranges[path][0], first), min(ranges[path][1], last)]
                if path in holes:
                    new = [limit() if 0 < new[0] < limit() else new[0], 0 if 0 < new[1] < limit() else new[1]]
                if new[0] > new[1]:
                    ranges[path] = new
                    return ranges  # no whole number fits: the readings contradict each other
                if new != ranges[path]:
                    ranges[path] = new
                    for j in index[path]:  # a full sweep would still meet the rows after this one
                        if j > i and j not in in_sweep:
                            in_sweep.add(j)
                            heapq.heappush(sweep, j)
                        elif j <= i:
                            later.add(j)
        for smaller, larger in at_most:
            if ranges[smaller][1] > ranges[larger][1] or ranges[larger][0] < ranges[smaller][0]:
                ranges[smaller][1] = min(ranges[smaller][1], ranges[larger][1])
                ranges[larger][0] = max(ranges[larger][0], ranges[smaller][0])
                for path in (smaller, larger):
                    if path in holes:
                        low, high = ranges[path]
                        ranges[path] = [limit() if 0 < low < limit() else low, 0 if 0 < high < limit() else high]
                    later.update(index.get(path, ()))
        if not later:
            break
        sweep = sorted(later)  # a sorted list is a heap
        in_sweep = set(sweep)
    return ranges


def _derivable(
    model: Model, hidden: set[Path], whole: set[Path], withheld: frozenset[Path] = frozenset()
) -> list[Path]:
    ranges = _narrowed(
        _rows(model, hidden),
        _ranges(model, hidden, whole, withheld),
        _holes(model, hidden, whole, withheld),
        model.at_most,
    )
    # A hidden zero worked out gives nobody away (a count of nobody).
    return [
        path for path, value in model.values.items() if value and path in hidden and ranges[path][0] >= ranges[path][1]
    ]


def _connected(rows: list[IntRow], at_most: list[tuple[Path, Path]], start: Path) -> tuple[list[IntRow], set[Path]]:
    """The rows (and counts) that ``start`` is tied to, directly or through other counts: the
    rest of the figures cannot change what it may be."""
    links = [set(coefficients) for coefficients, _constant in rows] + [set(pair) for pair in at_most]
    reached, grown = {start}, True
    while grown:
        grown = False
        for link in links:
            if link & reached and not link <= reached:
                reached |= link
                grown = True
    return [row for row in rows if set(row[0]) & reached], reached


def _feasible(
    rows: list[IntRow],
    ranges: dict[Path, list[int]],
    holes: set[Path],
    at_most: list[tuple[Path, Path]],
    budget: list[int],
) -> bool:
    """Whether whole numbers within ``ranges`` (none inside a hole) meet every row and every
    "at most": depth first, each box of ranges narrowed, then its widest-open count split in two
    (a stack, not recursion: a search may split many counts many times)."""
    stack = [ranges]
    index = _row_index(rows)
    while stack:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooHard
        box = _narrowed(rows, {path: list(bounds) for path, bounds in stack.pop().items()}, holes, at_most, index)
        if any(low > high for low, high in box.values()):
            continue
        open_ = [path for path, (low, high) in box.items() if low < high]
        if not open_:
            if all(
                sum(a * box[path][0] for path, a in coefficients.items()) == constant for coefficients, constant in rows
            ) and all(box[smaller][0] <= box[larger][0] for smaller, larger in at_most):
                return True
            continue
        path = min(open_, key=lambda p: (box[p][1] - box[p][0], p))
        middle = (box[path][0] + box[path][1]) // 2
        stack.append({**box, path: [middle + 1, box[path][1]]})
        stack.append({**box, path: [box[path][0], middle]})
    return False


class _TooHard(Exception):
    """The exact search ran out of its budget: the count is treated as one that could be worked out."""


_SEARCH_BUDGET = 20_000


def _pinned(
    model: Model,
    hidden: set[Path],
    whole: set[Path],
    withheld: frozenset[Path] = frozenset(),
    cleared: set[Path] | None = None,
) -> list[Path]:
    """The hidden counts that the published numbers still pin to their true value, found exactly:
    for each, whether any whole-number reading of every published number and sum puts it below or
    above its value (interval reasoning alone misses what only a case split shows). A search too
    big for its budget counts as pinned: one more count is hidden rather than one risked.

    ``cleared``: counts already shown to have another possible value; they are skipped and those
    found now are added. Hiding more only allows more readings, so a count once cleared stays
    cleared while the hidden set grows (hidden_counts asks again after each round of hiding)."""
    rows = _rows(model, hidden)
    ranges = _ranges(model, hidden, whole, withheld)
    holes = _holes(model, hidden, whole, withheld)
    cleared = set() if cleared is None else cleared
    pinned = []
    for path in model.values:
        value = model.values[path]
        if path not in hidden or value == 0 or path in cleared:
            continue  # a hidden zero gives nobody away
        part, reached = _connected(rows, model.at_most, path)
        at_most = [pair for pair in model.at_most if set(pair) <= reached]
        local = {other: ranges[other] for other in reached}
        low, high = local[path]
        budget = [_SEARCH_BUDGET]
        try:
            other_value = (
                low < value and _feasible(part, {**local, path: [low, value - 1]}, holes, at_most, budget)
            ) or (value < high and _feasible(part, {**local, path: [value + 1, high]}, holes, at_most, budget))
        except _TooHard:
            other_value = False
        if other_value:
            cleared.add(path)
        else:
            pinned.append(path)
    return pinned


def _complement(model: Model, exposed: Path, hidden: set[Path]) -> Path | None:
    """The count to hide beside ``exposed``: in one of its sums, the smallest non-zero cell still
    shown, else a zero cell ("x" is 0 or at least the limit), and a total (which other tables
    share) only when no cell is left."""
    totals = {total for total, _cells in model.sums}
    candidates = {
        path
        for total, cells in model.sums
        if exposed == total or exposed in cells
        for path in (total, *cells)
        if path not in hidden
    } | {path for pair in model.at_most if exposed in pair for path in pair if path not in hidden}
    order = {path: index for index, path in enumerate(model.values)}
    return min(
        candidates,
        key=lambda path: (path in totals, model.values[path] == 0, model.values[path], order[path]),
        default=None,
    )


def hidden_counts(model: Model) -> tuple[set[Path], set[Path], frozenset[Path]]:
    """The counts hidden from leadership, those of them in tables hidden whole, and those withheld
    ("...": any value): when a hidden count can still be worked out and nothing is left to hide
    beside it, the counts of its sums are withheld, and every count of the period when even that
    is not enough."""
    whole = _whole(model)
    hidden = whole | {path for path, value in model.values.items() if 0 < value < limit()}
    withheld: frozenset[Path] = frozenset()
    cleared: set[Path] = set()
    # Interval reasoning first (cheap, finds most), then the exact check of what is left.
    while exposed := _derivable(model, hidden, whole, withheld) or _pinned(model, hidden, whole, withheld, cleared):
        added = {path for path in (_complement(model, path, hidden) for path in exposed) if path is not None}
        if not added:
            tied = {
                path
                for total, cells in [*model.sums, *((larger, [smaller]) for smaller, larger in model.at_most)]
                if any(p in exposed for p in (total, *cells))
                for path in (total, *cells)
            } | set(exposed)
            withheld = frozenset(withheld | tied) if not tied <= withheld else frozenset(model.values)
            if withheld == frozenset(model.values):
                return set(model.values), whole, withheld
        hidden |= added | withheld
    return hidden, whole, withheld


def _set(figures: dict[str, Any], path: Path, value: Any) -> None:
    node = figures
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def leadership_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` as leadership sees them: every category listed, small counts "<3", the counts
    that would give one away "x"; exact everywhere else."""
    shown = filled(figures)
    model = model_of(shown)
    hidden, whole, withheld = hidden_counts(model)
    small = f"<{limit()}"
    present = dict(_leaves(shown))
    for path, value in model.values.items():
        if path in hidden and path in present:
            marker = small if path in whole or 0 < value < limit() else HIDDEN
            _set(shown, path, WITHHELD if path in withheld else marker)
    for path, value in present.items():
        if path in ALIASES and ALIASES[path] in model.values:
            _set(shown, path, _get(shown, ALIASES[path]))
        elif path not in model.values:
            _set(shown, path, suppress_small(value))  # a count in no table (e.g. the overdue referrals)
    return shown


def _get(figures: dict[str, Any], path: Path) -> Any:
    node: Any = figures
    for key in path:
        node = node[key]
    return node
