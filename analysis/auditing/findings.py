"""Certain checks, rounding readings and one finding per row.

May import analysis.ledger, analysis.checks, analysis.reported and this package's registry, preconditions and
minus_signs.

- ``ci_order`` (a lower bound above the upper) and ``estimate_in_ci`` (an estimate outside its own CI), at
  grade ``error``, after ruling out a misread pairing (an estimate printed as a bound, ``p < .001``; in a
  draft, an estimate printed apart from the CI, or a standardized effect beside a CI of another scale).
- :func:`rounding_reading`: a printed percentage or mean that truncation or double rounding reproduces
  (46.6 for 14/30) is graded ``rounding``, not an inconsistency of the numbers.
- :func:`smaller_n`: a count and percentage that a smaller n reproduces (missing data, a subset): "fits
  n = ..., not the printed N".
- :func:`one_row_per_finding`: the checks that saw the same wrong number are one row, naming them; the same
  result printed twice (abstract and results) is one row citing both entries.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..ledger import Entry, Study
from ..reported import parse_reported, truncation_of
from ..results import GRADES, Check
from .minus_signs import minus_as_two
from .preconditions import (
    PAIRED_PRINT,
    PARTITION,
    SAME_QUANTITY,
    complementary_pair,
    n_source,
    share_groups,
    table_place,
)
from .registry import established, register, row

__all__ = ["rounding_reading", "smaller_n", "any_n", "one_row_per_finding", "same_result_rows", "misprint"]

_CI_KINDS = ("estimate_ci_p", "comparison")
#: kinds whose identical prints (three numbers or more) in one document are one result printed twice
_TWIN_KINDS = ("estimate_ci_p", "test_statistic", "mean_sd")
_NUMBERS = ("estimate", "lower", "upper", "p", "statistic", "df", "mean", "sd", "n")


def _printed_decimal(printed: str) -> tuple[Decimal, int]:
    r = parse_reported(printed)
    return Decimal(r.text.strip().lstrip("+").replace("−", "-")), r.decimals


def rounding_reading(printed: str, values, ceiling: bool = True) -> str | None:
    """How one rounding step reproduces ``printed`` from one of ``values`` (Fractions), or None.

    Truncation (46.67 printed as 46.6), rounding up (33.33 printed as 33.4, as rct-extraction-dev PMC3751573 prints
    every percentage) and double rounding (first to one more decimal, then half up: 0.2449 -> 0.245 -> 0.25) are
    tried (rounding up only with ``ceiling``: it reproduces almost any print one unit above, so only where the
    numbers are printed together).

    >>> from fractions import Fraction
    >>> rounding_reading("46.6", [Fraction(1400, 30)])
    'truncated, not rounded: 46.667 printed as 46.6'
    >>> rounding_reading("0.25", [Fraction(2449, 10000)])
    'rounded twice (to 0.245, then 0.25): 0.2449 printed as 0.25'
    >>> rounding_reading("33.4", [Fraction(800, 24)])
    'rounded up (a ceiling), not to the nearest: 33.333 printed as 33.4'
    >>> rounding_reading("46.7", [Fraction(1400, 30)]) is None
    True
    """
    try:
        target, d = _printed_decimal(printed)
    except (ValueError, ArithmeticError):
        return None
    q = Decimal(1).scaleb(-d)
    for v in values:
        exact = Decimal(v.numerator) / Decimal(v.denominator)
        if exact.quantize(q, rounding=ROUND_HALF_UP) == target:
            continue  # ordinary rounding: not a rounding finding
        trunc = Decimal(math.trunc(v * 10**d)) / (10**d)
        if trunc == target:
            return f"truncated, not rounded: {float(exact):.{d + 2}f} printed as {printed}"
        once = exact.quantize(q / 10, rounding=ROUND_HALF_UP)
        if once.quantize(q, rounding=ROUND_HALF_UP) == target:
            return f"rounded twice (to {once}, then {target}): {float(exact):.{d + 2}g} printed as {printed}"
        up = Decimal(math.ceil(v * 10**d)) / (10**d)
        if ceiling and up == target:
            return f"rounded up (a ceiling), not to the nearest: {float(exact):.{d + 2}f} printed as {printed}"
    return None


def smaller_n(percent: str, k: int, n: int, lowest: int | None = None) -> int | None:
    """The largest n' below ``n`` (down to ``lowest``, default half of n, at most 10,000 tried) whose count ``k``
    prints as ``percent``: a denominator with missing data or a subset, or None.

    >>> smaller_n("50.0", 14, 30)
    28
    >>> smaller_n("46.7", 14, 30) is None  # 14/30 itself prints as 46.7
    True
    """
    r = parse_reported(percent)
    lo = max(k, 1, lowest if lowest is not None else n // 2, n - 10_000)
    for m in range(n - 1, lo - 1, -1):
        if r.low <= 100 * k / m <= r.high:
            return m
    return None


def any_n(percent: str, k: int) -> int | None:
    """Some denominator n' >= k whose count ``k`` prints as ``percent`` (the one nearest 100 k / percent), or None
    when none does: a count and its percentage that disagree whatever the n.

    >>> any_n("21", 6), any_n("42.1", 139)
    (29, 330)
    >>> any_n("50", 0) is None
    True
    """
    r = parse_reported(percent)
    if r.high <= 0:
        return None
    lo = max(k, 1, math.ceil(100 * k / r.high - 1e-9))
    hi = math.floor(100 * k / r.low + 1e-9) if r.low > 0 else lo + 10_000
    centre = round(100 * k / r.value) if r.value > 0 else lo
    for m in sorted(range(lo, min(hi, lo + 10_000) + 1), key=lambda m: abs(m - centre)):
        if r.low <= 100 * k / m <= r.high:
            return m
    return None


#: how far apart (in the draft's numbering of one kind) two cells of one table row may be read
_ROW_SPAN = 6


def _number(entry_id: str) -> int | None:
    tail = entry_id.rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else None


#: a column of all arms together ("Total (n = 436)", "All sites", "Overall"): not an arm's own cells
_TOTAL_COLUMN = re.compile(r"(?i:^\s{0,3}(?:total|overall|all\b|whole|combined|pooled))")


def _row_cells(study: Study, e: Entry, totals: list | None = None) -> list[tuple[Entry, str]]:
    """The other drafted counts and percentages of ``e``'s table row, each with its column's header, arms' columns
    only (not a total column; its cell is appended to ``totals`` when given): read from the draft's ``location``
    ("table 3 | row: Diabetes | column: ...") and the entries' numbering (the cells of one row are drafted one
    after another)."""
    where, at = str(e.get("location") or ""), _number(e.id)
    if not where.startswith("table") or " | column:" not in where or at is None:
        return []
    row = where.split(" | column:", 1)[0] + " | column:"
    prefix = e.id[: len(e.id) - len(str(at))]
    byid = {o.id: o for o in study.of_kind("proportion")}  # (called on inconsistent rows only)
    walked: dict[int, list[tuple[Entry, str]]] = {}
    for step in (-1, 1):  # the cells drafted right before and after, while they are of this row (a column seen
        seen, walked[step] = {where}, []  # again starts the next row of that label)
        for i in range(at + step, at + step * (_ROW_SPAN + 1), step):
            o = byid.get(f"{prefix}{i}")
            there = str(o.get("location") or "") if o is not None else ""
            if o is None or not there.startswith(row) or there in seen:
                break
            seen.add(there)
            walked[step].append((o, there.split(" | column:", 1)[1].strip()))
    sides: dict[int, list[tuple[Entry, str]]] = {}
    ends: dict[int, Entry | None] = {}
    for step in (-1, 1):
        sides[step], ends[step] = [], None
        for o, column in walked[step]:
            if _is_total(e, where, o, column, walked[-1] + walked[1]):  # a total column is a row's first or last cell
                ends[step] = o
                break
            sides[step].append((o, column))
    # two rows under one label (a lost level label: 'Yes' and 'No' both read as their section's label): a column
    # met on both sides belongs to the side its place in the table's column order says; the other side's walk
    # crossed into the neighbouring row there (PMC3222173's '2225 (92) | 182 (8)' under the 'Yes' row's '17 (10)')
    both = {c for _, c in sides[-1]} & {c for _, c in sides[1]}
    if both:
        rank = _column_rank(study, where)
        mine = rank.get(where.split(" | column:", 1)[1].strip(), -1)
        for wrong in (-1, 1):  # the side each shared column is not of: cut there at its first such column
            strays = [
                i for i, (_, c) in enumerate(sides[wrong]) if c in both and (rank.get(c, -1) > mine) == (wrong < 0)
            ]
            if strays:
                del sides[wrong][min(strays) :]
                ends[wrong] = None
    if totals is not None:
        totals.extend(o for o in (ends[-1], ends[1]) if o is not None)
    return [(o, c) for o, c in sides[-1] + sides[1] if o.has("k")]


#: a total-like header that may also name one arm: 'Combined (n = 117)' (two interventions together), 'Pooled ...'
_ARM_WORDS = re.compile(r"(?i:^\s{0,3}(?:combined|pooled))")


def _is_total(e: Entry, where: str, o: Entry, column: str, row: list[tuple[Entry, str]]) -> bool:
    """Whether ``o``'s column (header ``column``) is the total of ``e``'s row, not one more arm.

    A header that starts like a total ('Total', 'Overall', 'All', 'Combined', 'Pooled') names one unless ``e``'s own
    column is named so too (PMC5887937's 'Pooled switched treatment group N = 196' beside 'Pooled continued ... N =
    301': two pooled arms), or it says 'Combined' or 'Pooled' with an n smaller than ``e``'s and another arm's
    together, which no total of them is (PMC3640933's 'Combined (n = 117)', the health-and-Islam arm, beside 'Control
    (n = 128)' and 'Health-based (n = 122)'; without another arm in the row, an n no larger than ``e``'s). 'All' and
    'Total' name a total even when their n is not the arms' sum: PMC5452066's 'All PM01183 (n=52)' counts both stages
    of one drug, beside the second stage's two arms of 30 and 29, and is no arm of that row."""
    if not _TOTAL_COLUMN.match(column):
        return False
    if _TOTAL_COLUMN.match(where.split(" | column:", 1)[1].strip()):
        return False
    if not (_ARM_WORDS.match(column) and o.has("n") and e.has("n")):
        return True
    others = [x.integer("n") for x, c in row if x is not o and x.has("n") and not _TOTAL_COLUMN.match(c)]
    return o.integer("n") >= e.integer("n") + (min(others) if others else 1)


def _column_rank(study: Study, where: str) -> dict[str, int]:
    """The columns of ``where``'s table in print order (the order their cells were first drafted): header -> rank."""
    table = where.split(" | ", 1)[0]
    rank: dict[str, int] = {}
    for o in sorted(study.of_kind("proportion"), key=lambda o: _number(o.id) or 0):
        there = str(o.get("location") or "")
        if there.split(" | ", 1)[0] == table and " | column:" in there:
            rank.setdefault(there.split(" | column:", 1)[1].strip(), len(rank))
    return rank


def row_percentages(study: Study, e: Entry) -> str | None:
    """Words showing ``e``'s table row prints row percentages (each arm's count over the row's total, the arms'
    percentages summing to 100: PMC4260196's '132 (50.4) | 130 (49.6)'), or None.

    A count whose share of the row's total (the arms' counts together) prints as its percentage. The row's
    percentages summing to about 100 is not used as evidence on its own: column percentages do so by chance
    (PMC5951872's '9 (8) | 9 (8) | 23 (38) | 50 (44)', 98 within four half-units, holds a judged TRUE cell;
    PMC4590707's '21 (51 %) | 20 (50 %)' are 21/41 and 20/40)."""
    from .entries import check_percent

    cells = _row_cells(study, e)
    if not cells or not e.has("k"):
        return None
    total = e.integer("k") + sum(o.integer("k") for o, _ in cells)
    k = e.integer("k")
    if not 0 < k < total:
        return None
    if check_percent(e.get("percent"), total, k=k).verdict == "consistent":
        return f"row percentages: {k} of the row's {total} is {e.get('percent')}%"
    how = rounding_reading(e.get("percent"), [Fraction(100 * k, total)])
    return f"row percentages: {k} of the row's {total}, {how}" if how else None


def _fits_total(percent: str, k: int, total: int) -> bool:
    """Whether ``k`` of ``total`` prints as ``percent``: as printed, by one rounding step, or rounded to fewer
    decimals and padded with zeros ('13.90' for 10/72 = 13.89%, beside '23.61' in PMC4030328's Table 1)."""
    from .entries import check_percent

    short = re.sub(r"(\.\d*?)0+$", r"\1", str(percent).strip().rstrip("%").strip()).rstrip(".")
    return any(check_percent(p, total, k=k).verdict == "consistent" for p in {str(percent), short}) or bool(
        rounding_reading(percent, [Fraction(100 * k, total)])
    )


def whole_sample_percentages(study: Study, e: Entry) -> str | None:
    """Words showing that every cell of ``e``'s table row is a percentage of the whole sample (its count over the
    sum of the arms' n, or over a total column's n: PMC4030328's four arms, 10 of N = 72 printed 13.9%), or None.

    Every cell of the row, ``e``'s too, must fit that total; a row where one cell fits no reading is left to the
    other rules."""
    if not e.has("k"):
        return None
    totals: list = []
    cells = [e] + [o for o, _ in _row_cells(study, e, totals)]
    if len(cells) < 2 or not all(o.has("n") and o.has("k") and o.has("percent") for o in cells):
        return None
    bases = [sum(o.integer("n") for o in cells)] + [o.integer("n") for o in totals if o.has("n")]
    for total in bases:
        if total > max(o.integer("n") for o in cells) and all(
            _fits_total(o.get("percent"), o.integer("k"), total) for o in cells
        ):
            return (
                f"percentages of the whole sample: each of the row's {len(cells)} cells is its count over "
                f"N = {total} ({e.integer('k')} of {total} = {100 * e.integer('k') / total:.2f}%, printed {e.get('percent')}%)"
            )
    return None


def _fits(r, k: int, m: int) -> bool:
    """Whether ``k`` of ``m`` prints as the parsed percentage ``r``."""
    return 0 <= k <= m and r.low <= 100 * k / m <= r.high


def _levels(group: list[Entry], n: int) -> list[Entry]:
    """The first rows of a section's column whose counts sum to ``n`` (the levels of one variable, each of the n
    in one of them; a summary row after them, as 'ORR' after the responses, is not one), or []."""
    total = 0
    for i, x in enumerate(group):
        if not x.has("k") or not x.has("n"):
            return []
        total += x.integer("k")
        if total >= n:
            return group[: i + 1] if total == n and i else []
    return []


def level_denominator(study: Study, e: Entry) -> str | None:
    """Words showing that ``e`` is one level of a variable whose levels account for the whole column, that the
    other levels print their shares of that column's n, and that no other denominator gives them and ``e``'s
    count and percentage together; else None.

    The levels are the first rows under ``e``'s section label in its column (same table, column, arm) whose
    counts, ``e``'s included, sum to its n (:func:`_levels`), or, without a section label, the two levels of a
    binary variable (:func:`complementary_pair`: Male and Female) when their counts sum to n. Missing data or a subset shrink every level of a
    variable alike, so "fits n', not N" is a reading of ``e`` only when its sibling levels fit n' too; when the
    levels' counts sum to N (everyone of the column is in one of them: no data missing) and the siblings print
    their shares of N, the n is the column's N. A section of separate yes/no rows (comorbidities, assessments)
    sums to more or less than N and keeps the missing-data reading (PMC5158040's 20 (8.5%) of 237: one blush
    grade not assessed, 20/236). Only counts strictly between 0 and N are evidence of a denominator.
    """
    place = table_place(e)
    if place is None or not e.has("k") or not e.has("n"):
        return None
    n, k, pct = e.integer("n"), e.integer("k"), e.get("percent")
    column = share_groups(study).get((place[0], place[2], e.get("arm"), place[3]), [])
    if place[3]:
        group = _levels(column, n)
    else:  # no section label: the two levels of a binary variable (Male and Female) in the column
        pair = next((p for p in (complementary_pair(study, x) for x in column) if p and e in p[:2]), None)
        group = _levels(list(pair[:2]), n) if pair else []
    if e not in group:
        return None  # not shown to be one of the levels of a variable that every one of the N falls in
    sibs = [(x, parse_reported(x.get("percent")), x.integer("k")) for x in group if x is not e]
    if any(
        x.integer("n") != n or not (_fits(rx, kx, n) or rounding_reading(x.get("percent"), [Fraction(100 * kx, n)]))
        for x, rx, kx in sibs
    ):
        return None  # a sibling that is no share of N (one rounding step allowed: '12 (36.3)' of 33, truncated)
    telling = [(rx, kx) for _, rx, kx in sibs if 0 < kx < n]
    r = parse_reported(pct)
    if not telling or r.high <= 0 or k <= 0:
        return None
    lo, hi = max(k, 1, math.ceil(100 * k / r.high - 1e-9)), math.floor(100 * k / r.low + 1e-9) if r.low > 0 else n
    for m in range(lo, min(hi, lo + 10_000) + 1):
        if m != n and _fits(r, k, m) and all(_fits(rx, kx, m) for rx, kx in telling):
            return None  # a denominator of the whole variable other than N
    shown = ", ".join([f"{x.integer('k')} ({x.get('percent')}%)" for x, _, kx in sibs if 0 < kx < n][:3])
    return (
        f"the other levels {f'under {place[3][:50]!r}' if place[3] else 'of this variable'} in this column ({shown}) "
        f"are shares of N = {n}, "
        f"and no other denominator gives them and {k} ({pct}%) together"
    )


def column_percentages(study: Study, e: Entry) -> str | None:
    """Words showing that the table row of a drafted count and percentage prints another arm's cell as a
    percentage of its own column's n (its count over the n its header or n row prints gives its printed
    percentage: the row's base is the column's n, not a row total or another base), or None."""
    from .entries import check_percent
    from .preconditions import n_source

    for o, column in _row_cells(study, e):
        if not o.has("n") or n_source(study, o) not in ("column", "n_row", "section"):
            continue
        k, n = o.integer("k"), o.integer("n")
        if 0 < k < n and check_percent(o.get("percent"), n, k=k).verdict == "consistent":
            return f"the same row's {k} ({o.get('percent')}%) is a percentage of its column's n = {n} ({column[:40]})"
    return None


# --------------------------------------------------------------------------- the certain checks


def _has_ci(study: Study, e: Entry) -> bool:
    return e.has("lower") and e.has("upper")


def _ci_ordered(study: Study, e: Entry) -> bool:
    try:
        return not _has_ci(study, e) or e.reported("lower").value <= e.reported("upper").value
    except ValueError:
        return False


def _row_label(e: Entry) -> str:
    """The row label of an entry read from a table (a partition's levels are always cells of one column)."""
    place = table_place(e)
    assert place is not None, e.id
    return place[1]


@register(_CI_KINDS, "ci_order", grade="error", applies=lambda s, e: _has_ci(s, e) and not _ci_ordered(s, e))
def _ci_order(study: Study, e: Entry, premises, context) -> Check:
    """A lower bound above the upper: the bounds printed upper first when the estimate lies between them
    (a convention of some journals for negative differences), impossible when it lies outside both."""
    lo, hi = e.get("lower"), e.get("upper")
    shown = f"{e.get('estimate')} ({lo} to {hi})" if e.has("estimate") else f"{lo} to {hi}"
    try:
        est, a, b = (e.reported(f) for f in ("estimate", "upper", "lower")) if e.has("estimate") else (None,) * 3
    except ValueError:
        est = None
    if est is not None and a is not None and b is not None and a.low <= est.high and est.low <= b.high:
        return Check(
            "ci_order",
            "consistent",
            f"the bounds are printed upper first ({lo} to {hi}); the estimate {e.get('estimate')} lies between them",
            reported=shown,
            recomputed=f"{hi} to {lo}",
        )
    if est is not None and (minus := minus_as_two(e.get("estimate"), lo, hi)):
        return Check(
            "ci_order",
            "not_testable",
            f"read with each leading 2 as a minus sign, {minus} is centred on its estimate: the text prints "
            "minus as 2 (an XML rendering), so the order is not tested",
            reported=shown,
            recomputed=minus,
        )
    if est is not None and PAIRED_PRINT.establish(study, e).holds:
        return Check(
            "ci_order",
            "inconsistent",
            f"the CI's lower bound {lo} is above its upper bound {hi}, and the "
            f"estimate {e.get('estimate')} lies outside them in either order: impossible as printed (a "
            "misprinted bound or estimate)",
            reported=shown,
            recomputed="outside",
        )
    return Check(
        "ci_order",
        "not_testable",
        f"the bounds {lo} to {hi} are printed upper first, or one is misprinted: "
        "without an estimate printed with them that cannot be told",
        reported=shown,
    )


@register(
    _CI_KINDS,
    "estimate_in_ci",
    needs=(PAIRED_PRINT, SAME_QUANTITY),
    grade="error",
    applies=lambda s, e: _has_ci(s, e) and e.has("estimate") and _ci_ordered(s, e),
)
def _estimate_in_ci(study: Study, e: Entry, premises, context) -> list:
    est, lo, hi = (e.reported(f) for f in ("estimate", "lower", "upper"))
    if lo.low <= est.high and est.low <= hi.high:
        return []  # inside (within rounding): the other checks speak of it
    side = "below the lower bound" if est.high < lo.low else "above the upper bound"
    return [
        row(
            study,
            [e.id],
            Check(
                "estimate_in_ci",
                "inconsistent",
                f"the estimate {e.get('estimate')} lies {side} of its own CI {e.get('lower')} to {e.get('upper')}, "
                "even over rounding: impossible for any interval around it (a misprinted bound or estimate)",
                reported=f"{e.get('estimate')} ({e.get('lower')} to {e.get('upper')})",
                recomputed="outside",
            ),
        )
    ]


# --------------------------------------------------------------------------- shares of one denominator


def _low_sum(entries) -> float:
    """The smallest sum the printed percentages allow: each of them half a unit of its last decimal lower."""
    return sum(x.reported("percent").low for x in entries)


def _shares_apply(study: Study, e: Entry) -> bool:
    """``e`` heads two complementary levels in its column, or heads a column's group of percentages under one
    section label that sum above 100 beyond rounding (then the precondition says why it is not tested)."""
    try:
        if complementary_pair(study, e) is not None:
            return True
        place = table_place(e)
        group = share_groups(study).get((place[0], place[2], e.get("arm"), place[3]), []) if place else []
        return len(group) >= 2 and group[0] is e and _low_sum(group) > 100
    except ValueError:
        return False


def _common_n(pair, ks) -> int | None:
    """A denominator whose counts print as both percentages (the one nearest the counts' own), else None."""
    rs = [x.reported("percent") for x in pair]
    top = max(ks)
    start, stop = max(top, 1), top * 4 + 200
    # each percentage allows m in [100 k / high, 100 k / low]: search only where both allow one (a step either
    # side for the float division), not every m up to 4 k (10^7 counts took seconds per pair)
    for r, k in zip(rs, ks):
        if k == 0 and not r.low <= 0 <= r.high:
            return None
        if k and r.high > 0:
            start = max(start, math.floor(100 * k / r.high) - 1)
        if k and r.low > 0:
            stop = min(stop, math.floor(100 * k / r.low) + 2)
    for m in range(start, stop):
        if all(r.low <= 100 * k / m <= r.high for r, k in zip(rs, ks)):
            return m
    return None


def _column_n(study: Study, a: Entry, b: Entry) -> int | None:
    """The n both levels were printed under, when the column's header or the cell printed it (one number, not a
    range "N=49–50"); an n from the table's n row (a stacked table may print one per section: rct PMC5739620) or
    from the arm's size elsewhere (PMC3691744, PMC4588430, PMC5244020: another set's size) is not used."""
    if not (a.has("n") and str(a.get("n")) == str(b.get("n"))) or n_source(study, a) not in (
        "cell",
        "column",
        "fragment",
        "ledger",
    ):
        return None
    n = str(a.get("n")).strip()
    column = (table_place(a) or ("", "", "", ""))[2]
    if re.search(r"(?<![\d,.])" + re.escape(n) + r"\s{0,2}[-–—]\s{0,2}\d", column):
        return None  # PMC4106715: "N=49–50" read as n = 49
    try:
        return a.integer("n")
    except ValueError:
        return None


@register(
    "proportion",
    "percent_partition",
    needs=(PARTITION,),
    grade="error",
    applies=_shares_apply,
    shows=lambda e: f"{e.get('percent')}%",
)
def _percent_partition(study: Study, e: Entry, premises, context) -> list:
    """Two complementary levels of one variable in one column (Male and Female): their percentages cannot sum
    beyond 100 and their counts beyond the column's n.

    Each of m percentages printed to d decimals may be half a unit of d off, so the sum is impossible only when the
    printed values less those halves still exceed 100. Negative cases: rct PMC5694526 table 2 (Sex: Male 10.4,
    Female 89.6 under each arm) and PMC3845560; no pair among the 38 of the 150 RCT papers fails."""
    a, b = premises["partition"].value
    pa, pb = a.get("percent"), b.get("percent")
    la, lb = (_row_label(x) for x in (a, b))
    shown = f"{la} {pa}% + {lb} {pb}%"

    def result(verdict: str, words: str, reported: str = shown, **more) -> list:
        return [row(study, [a.id, b.id], Check("percent_partition", verdict, words, reported=reported, **more))]

    ks = [x.integer("k") for x in (a, b)] if a.has("k") and b.has("k") else None
    n = _column_n(study, a, b)
    if ks and n is not None and sum(ks) > n:
        return result(
            "inconsistent",
            f"the counts of the two levels, {ks[0]} + {ks[1]} = {sum(ks)}, exceed the n = {n} printed in the column's "
            "own header (or cell): each person is counted in one level only",
            reported=f"{la} {ks[0]} + {lb} {ks[1]} of {n}",
            recomputed=str(sum(ks)),
        )
    total = a.reported("percent").value + b.reported("percent").value
    low = _low_sum((a, b))
    if low <= 100:
        return result(
            "consistent",
            f"the two levels' percentages sum to {total:g}, within rounding of 100 or below it (missing data)",
            recomputed=f"{total:g}",
        )
    own: tuple[str, ...] = ()
    if ks:
        printed_n = a.get("n") if a.has("n") and str(a.get("n")) == str(b.get("n")) else None
        if printed_n is not None:
            m = a.integer("n")  # as the schema reads it: "1,219", and small numbers in words ("three")
            if not all(
                x.reported("percent").low <= 100 * k / m <= x.reported("percent").high for x, k in zip((a, b), ks)
            ):
                return result(
                    "not_testable",
                    f"{ks[0]} and {ks[1]} of n = {m} do not give {pa}% and {pb}%: the percentages are of other "
                    "denominators (rows under a level, shares of each row), so their sum says nothing",
                )
            own = (f"n = {m} (printed away from the table) is the column's n",)
        else:
            m = _common_n((a, b), ks)
            if m is None:
                return result(
                    "not_testable",
                    f"{ks[0]} and {ks[1]} give {pa}% and {pb}% of no common denominator: the percentages are not of one "
                    "n (shares of each row?), so their sum says nothing",
                )
            own = (f"the rows '{la}' and '{lb}' hold the two levels themselves (not rows printed under them)",)
    ceiling = sum(x.reported("percent").value - 10 ** -x.reported("percent").decimals for x in (a, b)) <= 100
    words = (
        f"the percentages of the two levels sum to {total:g}, above 100 even with each printed value half a unit "
        f"too high (at least {low:g}): they cannot both be shares of one n"
    )
    if ks:
        words += f" (their counts {ks[0]} + {ks[1]} exceed the n that gives these percentages, {m})"
    return result(
        "inconsistent",
        words + ("; each rounded up (a ceiling) would reach 100" if ceiling else ""),
        recomputed=f"{total:g}",
        grade="rounding" if ceiling else None,
        assumptions=own,
    )


# --------------------------------------------------------------------------- one finding, one row


def _rank(r: dict) -> int:
    return GRADES.index(r["grade"]) if r.get("grade") in GRADES else len(GRADES)


def one_row_per_finding(study: Study, rows: list[dict]) -> list[dict]:
    """Inconsistent rows of one entry become one row (the top-graded, naming the other checks that saw it); the
    same inconsistent result printed for two entries with the same numbers becomes one row citing both."""
    first: dict[str, dict] = {}
    out: list[dict] = []
    for r in rows:
        if r["verdict"] != "inconsistent" or r["check"] in ("fidelity", "one_assumption", "same_p"):
            out.append(r)
            continue
        key = r["entry_ids"].split(",")[0]
        kept = first.get(key)
        if kept is None:
            first[key] = r
            out.append(r)
            continue
        top, other = (kept, r) if _rank(kept) <= _rank(r) else (r, kept)
        top["explanation"] = top["explanation"].rstrip(".") + f". Also seen by {other['check']}: {other['explanation']}"
        top["also_seen_by"] = ",".join(filter(None, [top.get("also_seen_by"), other["check"]]))
        if top is r:
            out[out.index(kept)] = r
            first[key] = r
    by_print: dict[tuple, dict] = {}
    merged: list[dict] = []
    entries = {e.id: e for e in study.entries}
    for r in out:
        e = entries.get(r["entry_ids"].split(",")[0])
        if (
            r["verdict"] != "inconsistent"
            or e is None
            or "," in r["entry_ids"]
            or e.kind not in _TWIN_KINDS
            or len([f for f in _NUMBERS if e.has(f)]) < 3
        ):
            merged.append(r)
            continue
        key = (r["check"], e.kind, e.values())
        twin = by_print.get(key)
        if twin is None:
            by_print[key] = r
            merged.append(r)
            continue
        twin["entry_ids"] += "," + r["entry_ids"]
        twin["explanation"] = twin["explanation"].rstrip(".") + (
            f". The same numbers are printed again as {r['entry_ids']} ({e.fragment!r}): one finding."
        )
    return merged


# --------------------------------------------------------------------------- one result printed twice


def same_result_rows(study: Study, context: dict | None = None) -> list[dict]:
    """One CI printed twice with estimates or P values that cannot both be right (one ``same_result`` row per pair):
    two estimates whose rounding intervals do not meet cannot share a CI computed around each (a copied CI), and
    one estimate and CI printed alike cannot have two P values no value satisfies both of (a copied row or a
    misprinted P). Both must be estimates printed with their CI (``paired_print``).

    Seen in statcheck-dev 09567976241227411 (an OR row repeating its neighbour's OR and CI with another P) and
    09567976231190546 (three coefficients printed with one CI [-0.10, 0.20]), both adjudicated real.
    """
    seen: dict[tuple, Entry] = {}
    rows = []
    for e in study.of_kind("estimate_ci_p"):
        if not e.has("estimate"):
            continue
        key = tuple(str(e.get(f)).strip() for f in ("lower", "upper"))
        if key[0] == key[1] or sum(c.isdigit() for c in "".join(key)) < 5:
            continue  # too few digits for two equal prints to mean one interval
        if not established(PAIRED_PRINT, study, e, context).holds:
            continue  # not an estimate printed with its CI (an F with its df, a P read as an estimate ...)
        first = seen.setdefault(key, e)
        if first is e:
            continue
        try:
            ea, eb = first.reported("estimate"), e.reported("estimate")
            pa, pb = (first.reported("p"), e.reported("p")) if first.has("p") and e.has("p") else (None, None)
        except ValueError:
            continue
        both = f"({first.fragment!r}; {e.fragment!r})"
        if (
            (ea.high < eb.low or eb.high < ea.low)
            and not (_centred(first, ea) and _centred(e, eb))
            and not _sign_only(first, e)
            and not truncation_of(first.get("estimate"), e.get("estimate"))  # '91.6' and '91.67': one value cut
        ):
            words = (
                f"the CI {key[0]} to {key[1]} is printed for two estimates, {first.get('estimate')} and "
                f"{e.get('estimate')} {both}: one interval cannot be around both (a copied CI)"
            )
            shown = f"{first.get('estimate')} and {e.get('estimate')} ({key[0]} to {key[1]})"
        elif (
            pa is not None
            and pb is not None
            and str(first.get("estimate")).strip() == str(e.get("estimate")).strip()
            and (pa.high < pb.low or pb.high < pa.low)
            and (first.get("p_test") or "") == (e.get("p_test") or "")  # not two tests' Ps (PMC5306110)
        ):
            words = (
                f"{e.get('estimate')} ({key[0]} to {key[1]}) is printed twice {both} with P = {first.get('p')} "
                f"and P = {e.get('p')}: one result cannot have both (a copied row, or a misprinted P)"
            )
            shown = f"P = {first.get('p')} vs P = {e.get('p')}"
        else:
            continue
        rows.append(
            row(
                study,
                [first.id, e.id],
                Check(
                    "same_result",
                    "inconsistent",
                    words,
                    reported=shown,
                    recomputed="one result",
                    assumptions=("one CI printed alike (to every digit) belongs to one result",),
                ),
            )
        )
    return rows + _misprint_twins(study, context)


def _sign_only(a: Entry, b: Entry) -> bool:
    """Two estimates that differ only by a sign, one printed as the size of a decrease (``sign_from``: 'decreased ...
    by 0.356' and '-0.356' with one CI, PMC4836696): one result in two sign conventions."""
    x, y = (str(v.get("estimate")).strip().lstrip("-\u2212") for v in (a, b))
    return x == y and (a.has("sign_from") or b.has("sign_from"))


def _centred(e: Entry, est) -> bool:
    """Whether some interval that prints as ``e``'s bounds is centred on a value ``est`` (a printed estimate) stands
    for, on the linear scale: then two estimates may each have an interval printing alike, two results sharing a
    coarse print ('-0.01 (-0.02 to 0.02)' and '0.01 (-0.02 to 0.02)', two outcomes of one table, PMC1693558)."""
    if e.get("scale") == "log":
        return False
    lo, hi = e.reported("lower"), e.reported("upper")
    return (lo.low + hi.low) / 2 <= est.high and est.low <= (lo.high + hi.high) / 2


#: the numbers that identify a printed result, by kind, and which of them may differ for two prints to be one result
_TWIN_FIELDS = {"estimate_ci_p": ("estimate", "lower", "upper"), "mean_sd": ("mean", "sd")}


def _plain(printed) -> str:
    return (
        str(printed).strip().replace("\u2212", "-").replace("\u2013", "-").replace("\u00b7", ".")
    )  # minus, dash, mid dot


def _digits(printed) -> str:
    return re.sub(r"\D", "", _plain(printed)).lstrip("0")


def misprint(a: str, b: str) -> str | None:
    """How two prints of one number differ when one is a misprint of the other, or None: the same digits with the
    decimal point moved ("0.05" and "0.50", "116" and "1.16"), or one digit inserted inside the number ("14.0007"
    and "14.007"). A sign flipped is not one (words such as "decreased by" carry the sign), nor a number printed
    with more decimals ("8.3" and "8.36": rounding), nor a comma (a thousands separator in one language, a decimal
    point in another).

    >>> misprint("0.05", "0.50"), misprint("14.0007", "14.007"), misprint("-0.07", "0.07"), misprint("8.3", "8.36")
    ('decimal point moved', 'one digit inserted', None, None)
    """
    x, y = _plain(a), _plain(b)
    if x.startswith("-") != y.startswith("-") or "," in x + y:
        return None
    dx, dy = _digits(x), _digits(y)
    if dx.rstrip("0") == dy.rstrip("0") and x.lstrip("-+") != y.lstrip("-+"):
        return "decimal point moved"
    long, short = (dx, dy) if len(dx) > len(dy) else (dy, dx)
    if len(long) == len(short) + 1 and len(long) >= 3 and long[:-1] != short and long[1:] != short:
        if any(long[:i] + long[i + 1 :] == short for i in range(1, len(long) - 1)):
            return "one digit inserted"
    return None


#: a word of a row label: letters and digits, with a unit's minus or caret ("h−1", "kg/m^2")
_LABEL_WORD = re.compile(r"[A-Za-z0-9\u2212^/-]{2,40}")


def _same_place(a: Entry, b: Entry) -> bool:
    """Whether two prints may be of one result by where they stand: never two cells of one table (a repeated row label
    there is another block, model or visit: rct PMC4752820, PMC5642191); two tables' cells only under one row label;
    a table's cell and the running text only when the text names the row (a word of the row label in the sentence's
    fragment: PMC5984413's "hits 19.4 +/- 0.8" is not its table's "FM, kg 19.4 +/- 8.0"); two places in the text always."""
    pa, pb = table_place(a), table_place(b)
    if pa and pb:
        return pa[0] != pb[0] and pa[1] == pb[1]
    place = pa or pb
    if place:
        label, text = (_plain(place[1]), _plain((b if pa else a).fragment).lower())
        words = [w for w in _LABEL_WORD.findall(label) if any(c.isalpha() for c in w)]
        return any(w[: max(2, len(w) - 1)].lower() in text for w in words)  # a footnote letter may end the label's word
    return True


def _misprint_twins(study: Study, context: dict | None = None) -> list[dict]:
    """The same result printed twice with one number misprinted: two estimates with their CI (or two means with their
    SD) printed alike to every digit in all but one number, which differs as a misprint does (:func:`misprint`), so
    that the two prints cannot both be right.

    Identity rests on the other numbers printed alike (three significant digits or more among them); an SD that
    differs beside one mean, or a bound that differs beside one estimate and its other bound, is the print that
    speaks of one result (a mean that differs beside one SD is not: SDs recur across rows). Seen in the
    evidence-inference corpus: PMC5836873 (a difference's lower bound 0.05 in the abstract, 0.50 in the table),
    PMC5474370 (relative humidity 59.1 +/- 116% in the text, +/- 1.16 in the table), PMC3907426 (14.0007 and
    14.007); PMC4913995 (a change printed -3.42 in the text and 3.42 in a table of changes) is a sign, not a
    misprint, and is not flagged.
    """
    rows = []
    for kind, fields in _TWIN_FIELDS.items():
        es = [e for e in study.of_kind(kind) if all(e.has(f) for f in fields)]
        plain = [tuple(_plain(e.get(f)) for f in fields) for e in es]
        # only two prints with the same first number (estimate, mean) can differ in one other number alone: pair
        # those (a table of 300 means has 45,000 pairs, a handful with one mean printed twice), in the order of a
        # loop over every pair
        alike: dict[str, list[int]] = {}
        for i, key in enumerate(plain):
            alike.setdefault(key[0], []).append(i)
        pairs = sorted((i, j) for group in alike.values() for n, i in enumerate(group) for j in group[n + 1 :])
        for i, j in pairs:
            a, b = es[i], es[j]
            diff = [f for f, x, y in zip(fields, plain[i], plain[j]) if x != y]
            if len(diff) != 1 or diff[0] == fields[0]:  # a differing estimate beside one CI: the copied-CI row above
                continue
            same = [f for f in fields if f not in diff]
            if sum(len(_digits(a.get(f))) for f in same) < 3:
                continue
            if not _same_place(a, b):
                continue
            f = diff[0]
            how = misprint(a.get(f), b.get(f))
            if how is None:
                continue
            try:
                ra, rb = a.reported(f), b.reported(f)
            except ValueError:
                continue
            if max(ra.low, rb.low) <= min(ra.high, rb.high):
                continue
            if kind == "estimate_ci_p" and not (
                established(PAIRED_PRINT, study, a, context).holds
                and established(PAIRED_PRINT, study, b, context).holds
            ):
                continue
            shown = [f"{x.get(fields[0])} ({', '.join(str(x.get(g)) for g in fields[1:])})" for x in (a, b)]
            where = [str(x.get("location") or "running text").split(" | column:")[0] for x in (a, b)]
            words = (
                f"{shown[0]} ({where[0]}: {a.fragment!r}) and {shown[1]} ({where[1]}: {b.fragment!r}) print one "
                f"result alike but for the {f}, {a.get(f)} and {b.get(f)} ({how}): they cannot both be right"
            )
            rows.append(
                row(
                    study,
                    [a.id, b.id],
                    Check(
                        "same_result",
                        "inconsistent",
                        words,
                        reported=f"{f} {a.get(f)} vs {b.get(f)}",
                        recomputed="one result",
                        assumptions=(
                            f"two prints alike in {' and '.join(f'{g} {a.get(g)}' for g in same)} are one result",
                        ),
                    ),
                )
            )
    return rows
