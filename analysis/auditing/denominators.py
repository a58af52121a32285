"""Which denominator a table's percentage is of, read from the cells printed around it.

May import analysis.ledger, analysis.reported and this package's preconditions and findings.

A count and percentage that a smaller n than its column's N reproduces are read as missing data or a subset
(``findings.smaller_n``), and a 2-4 point error in a percentage nearly always finds some smaller n by chance
(``benchmarks/bench_mutations.py --chance``: 29% of shifted places). Missing data or a subset shrink a row's
cells alike, in every arm: when the row's other arms print their counts over their own columns' N, and no
denominator shrunk as much as this cell's would be gives them, the missing-data reading of this cell is one
the table itself does not support (:func:`arm_denominators`).

Not here: a cell that only a larger n than its column's N gives, in a column whose other rows are shares of N.
Session 6 flagged it (``column_shares``, 0.93 of injected percentage errors caught with it) and withdrew it the same
day: on 300 RCT reports nobody had tuned it to (``benchmarks/adjudication/ei_s6.csv``) its 10 rows were all false
alarms, rates over another unit printed in the same column (implantations per embryo transferred, scars per lesion).
"""

from __future__ import annotations

import math
import re

from ..ledger import Entry, Study
from ..reported import parse_reported
from .findings import _fits, _row_cells
from .preconditions import n_source, share_groups, table_place

__all__ = ["arm_denominators", "largest_smaller_n"]

#: n sources that print the column's own N (a header, the table's n row, a stacked section's header), or the
#: arm's size printed elsewhere for a column of that arm (the grade stays ``likely``)
_COLUMN_N = ("column", "n_row", "section", "arm_table")
#: a row whose label makes it a subset of the column (its base is the subset, not N), or says data are missing; a
#: dash or bullet before it, but not a sign before a number ('> 45', '-1 SD': a level, PMC5641139's age)
_SUBSET_ROW = re.compile(
    r"(?i:\b(?:among|of\s+(?:whom|those|these|which|them)|if\s+(?:yes|any|present|so)|in\s+(?:those|patients|"
    r"participants|subjects|women|men|responders|users|smokers)|subgroup|subset|available|evaluable|assessed|"
    r"measured|complete\s+data|with\s+data|non-?missing|missing|unknown|not\s+(?:known|reported|recorded)|"
    r"responders?|per\s+protocol|\bpp\b|\bitt\b|denominator)\b|^\s*[-\u2013\u2014\u2022\u00b7*>](?!\s*\d))"
)


def largest_smaller_n(percent: str, k: int, n: int) -> int | None:
    """The largest n' < ``n`` (down to ``k``, at most 10,000 tried) whose count ``k`` prints as ``percent``.

    >>> largest_smaller_n("7.4", 53, 1217)  # 53/721 = 7.351%, the lowest end of what prints as 7.4
    721
    >>> largest_smaller_n("4.4", 53, 1217)  # 53/1217 = 4.355% itself; one value fewer prints the same
    1216
    >>> largest_smaller_n("31.4", 251, 800), largest_smaller_n("31.4", 251, 799)
    (799, None)
    """
    r = parse_reported(percent)
    if r.high <= 0 or k <= 0:
        return None
    lo = max(k, 1, math.ceil(100 * k / r.high - 1e-9), n - 10_000)
    for m in range(min(n - 1, math.floor(100 * k / r.low + 1e-9) if r.low > 0 else n - 1), lo - 1, -1):
        if _fits(r, k, m):
            return m
    return None


def _column_missing(study: Study, e: Entry, place: tuple) -> str | None:
    """Words showing that ``e``'s column shows values missing, or None: the counts of ``e``'s section's rows in the
    column sum to fewer than N, a number whose share ``e``'s count prints as its percentage (PMC4307223's
    ethnicity, 155 + 7 of an arm of 164: 155/162 prints 96%), or another row of the column, in any section,
    prints a count and percentage that only a smaller n than N gives (PMC3533739's 37 (44.1) and 46 (54.8) of
    86, both of 84: two of the arm's values missing, as its note says; PMC4859374's 131 (58.0) of 228, in
    another section than its 46 (20.4): per-variable missing values). A section whose counts sum to exactly N
    misses no value, so its rows show none (PMC3090298's safety rows 0 + 2 + 14 + 9 + 0 of 25: its 2 (9) and
    9 (39) both fit 23, two wrong cells, not missing data)."""
    from .entries import check_percent

    n, k, pct = e.integer("n"), e.integer("k"), e.get("percent")
    for key, group in share_groups(study).items():
        if key[:3] != (place[0], place[2], e.get("arm")):
            continue
        total = sum(x.integer("k") for x in group if x.has("k"))
        if total == n:
            continue  # every value of this section counted: none missing
        if key[3] == place[3] and k <= total < n and _fits(parse_reported(pct), k, total):
            return f"the section's counts in this column sum to {total} of N = {n}, and {k} of {total} is {pct}%"
        for j, x in enumerate(group):
            if x is e or not (x.has("k") and x.has("n") and x.has("percent")) or x.integer("n") != n:
                continue
            kx = x.integer("k")
            if 0 < kx < n and check_percent(x.get("percent"), n, k=kx).verdict != "consistent":
                if e in group and _counted_run(group, group.index(e), j, n):
                    continue  # the rows from e to x and around them count all N: two wrong cells, none missing
                if largest_smaller_n(x.get("percent"), kx, n):
                    return f"{kx} ({x.get('percent')}%) in the same column fits a smaller n than N = {n} too"
    return None


def _counted_run(group: list, i: int, j: int, n: int) -> bool:
    """Whether consecutive rows of ``group`` spanning rows ``i`` and ``j`` have counts summing to exactly ``n``
    (PMC3090298's safety rows 0, 2, 14, 9, 0 of 25 eyes: every eye counted, so none of them is missing)."""
    sums = [0]
    for x in group:
        sums.append(sums[-1] + (x.integer("k") if x.has("k") else 0))
    starts = {sums[a] for a in range(min(i, j) + 1)}
    return any(sums[b + 1] - n in starts for b in range(max(i, j), len(group)))


def _table_share(study: Study, e: Entry, place: tuple) -> bool:
    """Whether another row of ``e``'s table (any column, any section) prints its count as an exact share of its own
    column's N, with 0 < k < N: without one, nothing in the table says the columns' N are the rows' bases (a one-row
    outcome table, 'Response at week 12 | 20 (45.5) | 15 (30.0)' under n = 50 each, may count completers).
    Asked of the table, not of ``e``'s column alone: PMC5883528's HIT column prints no share of its 11, while
    MCT's 5 (55.6) beside it is 5/9."""
    from .entries import check_percent

    for key, group in share_groups(study).items():
        if key[0] != place[0]:
            continue
        for x in group:
            xp = table_place(x)
            if x is e or xp is None or (xp[1], xp[3]) == (place[1], place[3]):
                continue
            if not (x.has("k") and x.has("n") and x.has("percent")) or n_source(study, x) not in _COLUMN_N:
                continue
            kx, nx = x.integer("k"), x.integer("n")
            if 0 < kx < nx and check_percent(x.get("percent"), nx, k=kx).verdict == "consistent":
                return True
    return False


def arm_denominators(study: Study, e: Entry) -> str | None:
    """Words showing that ``e``'s table row prints each other arm's cell as its count over its own column's N,
    which no denominator shrunk even half as much as ``e``'s would be reproduces, so that missing data or a
    subset would have to touch ``e``'s arm alone; else None.

    ``e`` is a count and percentage whose N its column prints (header, n row or section) and that only a
    smaller n' fits (the largest such n', as :func:`largest_smaller_n`). The row's other arms' cells
    (``findings._row_cells``: not a total column) must each have their N from their column and print exactly
    ``k/N`` as their percentage; at least one with 0 < k < N must fit no n below
    ``N - max(1, (N - n') / N * N_arm / 2)`` (a sibling whose print allows such a shrink, as 1 (4%) of 25 does,
    is no evidence either way). The column must show no missing values anywhere (:func:`_column_missing`) and
    another row of the table must print a share of its column's N (:func:`_table_share`). A row whose label names
    a subset or missing values
    (``among``, ``of whom``, ``if yes``, ``unknown``, a dash or bullet before it) is left out, as is a cell
    whose own shrink is a single value (n' = N - 1: one value missing in one arm is common).
    """
    from .entries import check_percent

    place = table_place(e)
    if place is None or not (e.has("k") and e.has("n") and e.has("percent")):
        return None
    if n_source(study, e) not in _COLUMN_N or _SUBSET_ROW.search(place[1]) or _SUBSET_ROW.search(place[3]):
        return None
    n, k, pct = e.integer("n"), e.integer("k"), e.get("percent")
    below = largest_smaller_n(pct, k, n) if 0 < k < n else None
    if below is None or n - below < 2:
        return None
    if _column_missing(study, e, place) or not _table_share(study, e, place):
        return None
    shrink = (n - below) / n
    telling = []
    for o, column in _row_cells(study, e):
        if not (o.has("n") and o.has("percent")) or n_source(study, o) not in _COLUMN_N:
            return None
        ko, no = o.integer("k"), o.integer("n")
        if not 0 <= ko <= no or check_percent(o.get("percent"), no, k=ko).verdict != "consistent":
            return None  # a sibling that is no plain share of its column's N
        if 0 < ko < no:
            floor = no - max(1, math.floor(shrink * no / 2))
            if largest_smaller_n(o.get("percent"), ko, floor + 1) is None:  # else its print allows such a shrink
                telling.append(f"{ko} ({o.get('percent')}%) of {no} ({column[:40]})")
    if not telling:
        return None
    return (
        f"the same row's other arms print their count over their own column's N, which no denominator shrunk "
        f"like this one's gives: {'; '.join(telling[:2])}"
    )
