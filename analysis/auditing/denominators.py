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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..ledger import Entry, Study
from ..reported import parse_reported
from .findings import _fits, _row_cells
from .preconditions import n_source, share_groups, table_place

__all__ = ["arm_denominators", "arm_size_elsewhere", "complement_n", "largest_smaller_n", "other_base"]

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


def arm_size_elsewhere(study: Study, e: Entry, fit: int) -> str | None:
    """Words showing that the larger n ``fit`` that ``e``'s count and percentage give, not its column's N, is the
    size the paper prints for the column's arm elsewhere (randomised against followed up: PMC1868022's control
    column headed n = 39 of 'the control group (n = 40)', whose 9 (22.5) is 9/40), and that at least two other cells
    of the column fit it and not N; else None. A larger n printed for no arm of the column (PMC1868022's
    intervention cells of 42, an arm of 41), or another column's N, stays a finding.

    The arm's own size shows in the tables too (:func:`_own_larger_size`): a count printed over ``fit`` for the arm
    elsewhere ('9/29 (31)' in another table's column of the arm, PMC4573756, whose baseline column is headed N = 28;
    another table's column of the arm headed n = 61, PMC1074719's cisplatin arm headed n = 60 here), which holds even
    where ``fit`` is another column's N too. (The counts of a section's levels summing to ``fit`` are no such sign:
    PMC5064802's risk factors, 13 + 10 = 23 in a column of 22 whose shares of 23 and 24 are wrong, ei_s7.)"""
    place = table_place(e)
    if place is None:
        return None
    column = place[2].lower()
    size = next(
        (
            s
            for s in study.of_kind("sample_size")
            if str(s.get("n")) == str(fit)
            and len(str(s.get("arm") or "")) > 2
            and re.search(rf"\b{re.escape(str(s.get('arm')).lower())}\b", column)
        ),
        None,
    )
    own = _own_larger_size(study, e, place, fit) if size is None else None
    if size is None and own is None:
        return None
    n, fits = e.integer("n"), 0
    for key, group in share_groups(study).items():
        if (
            own is None
            and key[0] == place[0]
            and key[1] != place[2]
            and any(x.has("n") and x.integer("n") == fit for x in group)
        ):
            return None  # another column's N: shares copied from the next arm (PMC3491047's 22 (28%) of 69, 22/79)
        if key[:3] != (place[0], place[2], e.get("arm")):
            continue
        for x in group:
            if x is not e and x.has("k") and x.has("percent") and x.integer("k") > 0:
                r = parse_reported(x.get("percent"))
                fits += _fits(r, x.integer("k"), fit) and not _fits(r, x.integer("k"), n)
    if fits < 2:
        return None
    where = f"the size printed for the {size.get('arm')} arm elsewhere" if size is not None else own
    return f"n = {fit}, {where}; {fits} other cells of the column fit it too"


def _own_larger_size(study: Study, e: Entry, place: tuple, fit: int) -> str | None:
    """Words showing that the paper prints ``fit`` as the size of ``e``'s arm: a count of the arm printed over ``fit``
    (with it, or under a column header or n row of ``fit``) in another table or a sentence; else None."""
    arm = e.get("arm")
    for x in study.of_kind("proportion"):
        if not arm or x.get("arm") != arm or not x.has("n") or x.integer("n") != fit:
            continue
        xp = table_place(x)
        if n_source(study, x) in ("cell", "fragment", "column", "n_row") and (xp is None or xp[0] != place[0]):
            return f"the arm's n in {xp[0] if xp else 'the text'} ({x.get('k')} of {fit})"
    return None


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


#: a column header or section label saying its cells hold a mean and its spread, '(SD)' or 'Mean (SEM)': PMC5907937's
#: 'Mean (SEM)' column, PMC4161875's '% of time for the reference glucose level (SD)' section
_SPREAD_LABEL = re.compile(
    r"(?i:[(\[]\s{0,2}(?:SD|SEM?|s\.d\.|s\.e\.(?:m\.?)?|standard\s(?:deviation|error))\s{0,2}[)\]])"
)
#: ... unless the bracket names a disease's abbreviation ('Stable disease (SD)') or the label gives brackets to a
#: percentage too (PMC4796902's 'n (%) or mean (SD)'; 'Mean (SD) or % (n)', PMC5404992)
_NOT_SPREAD = re.compile(r"(?i:disease\s{0,2}[(\[]\s{0,2}SD|[(\[]\s{0,2}%|%\s{0,2}[(\[]\s{0,2}n\s{0,2}[)\]])")


def _spread_label(e: Entry, place: tuple) -> str | None:
    """Words showing that ``e``'s column header or section label says its cells are a mean and its SD or SE (a
    drafted 'k (x)' cell there is no count and percentage), else None."""
    for what, label in (("column", place[2]), ("section", place[3])):
        if _SPREAD_LABEL.search(label) and not _NOT_SPREAD.search(label):
            return f"the {what} {label[:60]!r} says its cells are a mean and its spread, not a count and percentage"
    return None


def _section_base(study: Study, e: Entry, place: tuple) -> str | None:
    """Words showing that ``e``'s section of its column counts its own population, of which ``e`` is a share, else
    None: the section's rows (less a subtotal, a row whose count is the sum of the two or more rows right above it,
    'ORR (CR+PR)') count T patients, T is not the column's N, and every one of them, ``e`` too, prints its count over
    T (PMC2990616's 'Tumour response evaluable population' section: 18 + 10 + 4 + 4 + 1 + 3 + 1 = 41 under an arm
    of N = 40, its 18 (43.9) and 28 (68.3) shares of 41), two of them at least printing no share of N. A section whose
    counts sum to another number keeps its cells tested (the same table's IDMC section: 12 (30) of 40 beside 21
    (51.2) of 41, counts summing to 54), as does one whose whole percentages fit T and N alike (PMC5951872's 'Months
    since diagnosis' counting 114 under n = 113, its 39 (34) a truncation of 39/113)."""
    if not place[3]:
        return None
    group = share_groups(study).get((place[0], place[2], e.get("arm"), place[3]), [])
    if e not in group or not all(x.has("k") and x.has("percent") for x in group):
        return None
    kept: list[Entry] = []
    for x in group:
        kx = x.integer("k")
        if not any(kx == sum(y.integer("k") for y in kept[-j:]) for j in range(2, len(kept) + 1)):
            kept.append(x)
    total, n = sum(x.integer("k") for x in kept), e.integer("n")
    if len(kept) < 2 or total == n or total <= 0:
        return None
    printed = [(parse_reported(x.get("percent")), x.integer("k")) for x in group]
    if not all(_fits(r, kx, total) for r, kx in printed):
        return None
    if sum(0 < kx < total and not _fits(r, kx, n) for r, kx in printed) < 2:
        return None  # two cells at least must tell T from N (PMC5951872's whole percentages fit 113 and 114 alike)
    return (
        f"the section {place[3][:50]!r} counts {total} in this column (its rows less subtotals), not N = {n}, and each "
        f"of its cells is its count over {total}: {e.integer('k')} of {total} is {e.get('percent')}%"
    )


#: a row that totals the rows above it: 'Total', 'Overall', 'Any adverse event', 'Subtotal'
_TOTAL_ROW = re.compile(r"(?i:^\s{0,2}(?:total|overall|any\b|all\b|sum\b|subtotal))")


def _decimal(printed) -> Decimal | None:
    """A printed percentage as a Decimal ('12.56', '12.56%'), or None."""
    try:
        return Decimal(str(printed).strip().rstrip("%").strip())
    except InvalidOperation:
        return None


def _summed(study: Study, e: Entry, place: tuple) -> str | None:
    """Words showing that ``e``, a row labelled as a total, has a count and percentage that are the sums of the cells
    right above it in its column (two or more of them not zero), each as printed, else None (a cell that is no total
    may add the cells above it by chance: PMC4955417's 4 (3.07), under 1 (0.77), 2 (1.53) and 1 (0.77)): a total row whose percentage adds rounded percentages (PMC4955417's 'Total |
    16 (12.56)', 2 + 4 + 2 + 5 + 1 + 2 = 16 and 1.57 + 3.14 + 1.57 + 3.93 + 0.78 + 1.57 = 12.56): its cells are tested
    one by one, not their sum."""
    group = share_groups(study).get((place[0], place[2], e.get("arm"), place[3]), [])
    if e not in group or not _TOTAL_ROW.match(place[1]):
        return None
    i = group.index(e)
    k, target = e.integer("k"), _decimal(e.get("percent"))
    if target is None:
        return None
    count, share, parts = 0, Decimal(0), 0
    for j in range(i - 1, -1, -1):
        x = group[j]
        add = _decimal(x.get("percent")) if x.has("k") and x.has("percent") else None
        if add is None:
            return None
        count, share, parts = count + x.integer("k"), share + add, parts + (x.integer("k") > 0)
        if count > k:
            return None
        if count == k and parts >= 2 and share.quantize(target, rounding=ROUND_HALF_UP) == target:
            return (
                f"{k} ({e.get('percent')}%) adds the {i - j} cells above it as printed (their percentages sum to "
                f"{share}): the cells are tested one by one, not their sum"
            )
    return None


def other_base(study: Study, e: Entry) -> str | None:
    """Words showing that ``e``, a table cell whose count and percentage do not fit its column's N, prints no count
    over N, else None: its labels say a mean and its spread (:func:`_spread_label`), its section counts its own
    population (:func:`_section_base`), or it adds the printed cells above it (:func:`_summed`)."""
    place = table_place(e)
    if place is None or not e.has("k") or not e.has("n"):
        return _spread_label(e, place) if place is not None else None
    return _spread_label(e, place) or _section_base(study, e, place) or _summed(study, e, place)


#: how far below its column's N a cell's denominator may shrink to be read as missing data in its row
_ROW_SHRINK = 0.9


def _shrunk(study: Study, o: Entry, slip: bool = True) -> int | None:
    """The largest n' below its column's N, down to :data:`_ROW_SHRINK` of it, that ``o``'s count and percentage fit
    where N does not, else None; without ``slip``, also None where one rounding step of k/N prints the percentage
    (double rounding explains that cell as well as missing data does: PMC3798206's 4 (1.2) of 348)."""
    from fractions import Fraction

    from .entries import check_percent
    from .findings import rounding_reading

    if not (o.has("k") and o.has("n") and o.has("percent")) or n_source(study, o) not in _COLUMN_N:
        return None
    k, n = o.integer("k"), o.integer("n")
    if not 0 < k < n or check_percent(o.get("percent"), n, k=k).verdict != "inconsistent":
        return None
    if not slip and rounding_reading(o.get("percent"), [Fraction(100 * k, n)], ceiling=False):
        return None
    fit = largest_smaller_n(o.get("percent"), k, n)
    return fit if fit is not None and fit >= _ROW_SHRINK * n else None


def row_missing(study: Study, e: Entry) -> str | None:
    """Words showing that ``e``'s row misses values in more than one arm, else None: ``e`` and another cell of its
    row each fail their column's N and each fit a slightly smaller n (PMC4973627's '119 (74%)' of 162 beside '277
    (73%)' of 384: 119/161 and 277/378 print both; a row answered by fewer than every participant). Then a smaller
    n is a reading as plausible as a rounding slip against N (``entries._percent`` tries it before rounding). Not
    where the variable's other levels in ``e``'s column are shares of N (``findings.level_denominator``: PMC5372065's
    9 (27%) of 34 beside 24 (71%) and 1 (3%)): there the smaller n would raise the row above its rounding grade."""
    from .findings import level_denominator

    own = _shrunk(study, e)
    if own is None or level_denominator(study, e):  # the variable's other levels are shares of N: not missing
        return None
    other = next(
        ((o, fit) for o, _ in _row_cells(study, e) if (fit := _shrunk(study, o, slip=False)) is not None), None
    )
    if other is None:
        return None
    o, fit = other
    return (
        f"{e.get('k')} ({e.get('percent')}%) fits n = {own} and the same row's {o.get('k')} ({o.get('percent')}%) "
        f"fits n = {fit}, not its column's {o.get('n')} either: the row has missing data"
    )


#: how far below the printed n the rest's denominator may be (missing data): PMC1261533's 232 and 233 of 245 fit;
#: further down a coincidence is as likely (22 of 53 printed 53%, 25 of 47, was a misprinted count, PMC2365957)
_REST_SHARE = 0.95


def complement_n(percent: str, k: int, n: int) -> int | None:
    """The largest n' from ``n`` down to :data:`_REST_SHARE` of it whose other n' - k print as ``percent``, when
    ``k`` is at least 1 and at most a quarter of n and ``percent`` over 75 (a count of failures printed beside the
    share cured: '2 (99.1)' with 230 of 232 cured, PMC1261533), else None: the bracket is the share of the rest,
    not the count's. Nearer 50 the rest's share is as often a coincidence ('Male | 9 (52.6%)' beside 'Female |
    10 (47.4%)' of 19, PMC4416300: swapped shares).

    >>> complement_n("99.1", 2, 245), complement_n("96.1", 9, 245), complement_n("98.8", 3, 245)
    (235, 233, 245)
    >>> complement_n("9.1", 2, 245), complement_n("80", 2, 245), complement_n("100", 0, 245), complement_n("52.6", 9, 19)
    (None, None, None, None)
    """
    r = parse_reported(percent)
    if r.low <= 75 or 4 * k > n or k < 1:
        return None  # (a 0 beside 100% is as often a misprinted count as the rest's share: left to the check)
    # 100 (m - k) / m in [low, high]  <=>  100 k / (100 - low) <= m <= 100 k / (100 - high) (any m when high >= 100)
    top = n if r.high >= 100 else min(n, math.floor(100 * k / (100 - r.high) + 1e-9))
    bottom = max(math.ceil(100 * k / (100 - r.low) - 1e-9), math.ceil(_REST_SHARE * n), k + 1)
    return top if top >= bottom else None
