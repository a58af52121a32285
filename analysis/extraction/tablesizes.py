"""Group sizes printed inside a table's body, and which printed size a count's percentage is of.

May import analysis.reported and the modules of this package only.

A table may print its group sizes more than once in its body: an n row at the top and another over a later
block of rows (``n | 30 | 28`` above the values measured at 24 months, PMC2845036), an n row under each
stacked section (``Subjects, n | 131 | 142 | 0.56`` after ``12 months`` and again after ``12-24 months``,
PMC3940644), or a row of sizes under a variable whose categories were answered by fewer people
(``Highest educational level | (n = 189) | (n = 161)``, PMC5431359, PMC3041931). Each such row is the n of
the rows below it, not of the whole table. Where two sizes could hold (the block's and the column's), the
count's printed percentage says which: ``40 (98)`` after an n row of 30 is 40 of 41 (the column's size),
not of 30. A statistician reads it so; :func:`of_which` does.
"""

from __future__ import annotations

import re

from .tokens import compile

__all__ = [
    "SUB_N_CELL",
    "agrees",
    "not_a_share",
    "of_which",
    "own_size",
    "split",
    "two_levels",
    "two_sizes",
    "shares_of_total",
    "rate_bracket",
    "row_of_counts",
    "sub_sizes",
    "sums_to",
]

#: a cell that is only a group size: '(n = 189)', 'n=161', '[n = 12]'
SUB_N_CELL = compile(
    r"^\s{0,2}[(\[]?\s{0,2}[nN]\s{0,2}[=:]\s{0,2}(?P<k>\d{1,3}(?:,\d{3}){1,2}|\d{1,7})\s{0,2}[)\]]?"
    r"\s{0,2}$"
)


#: a rate per person-time or per 1,000 named: 'Events/persons (event rate/100 person-years)' (PMC4472939),
#: 'Referrals/person-yrs (rate per 100 pyrs)' (PMC2887362)
_RATE_PER = compile(
    r"(?i:(?:person|patient|subject|participant)s?[- ]?(?:years?|yrs?|months?|days?|time)|\bP[YT][YR]?s?\b|"
    r"per\s{0,2}(?:1,?000|10,?000|100,?000)\b|incidence rates?|incidence density)"
)
#: a header or note saying a bracket holds a percentage
_SAYS_PCT = compile(r"(?i:%|percent|\bn\s{0,2}[(\[]\s{0,2}%|no\.\s{0,2}\(|number\s{0,2}\()")


def rate_bracket(k: str, printed: str, sizes: list[str], local: str, ctx: str) -> bool:
    """Whether the bracket after a count is a rate, not its percentage: the cell's header or label names a rate
    per person-time or per 1,000 (or, where the header says no '%', its caption or notes do), and the bracket is
    not the count's share of any size printed for it (a share stays one whatever the caption says).

    >>> rate_bracket("52", "1.72", ["772"], "Events/persons (event rate/100 person-years)", "")
    True
    >>> rate_bracket("52", "6.7", ["772"], "Events/persons (event rate/100 person-years)", ""), rate_bracket(
    ...     "52", "1.72", ["772"], "Events, n (%)", "rates per 100 person-years")
    (False, False)
    """
    named = bool(_RATE_PER.search(local)) or (bool(_RATE_PER.search(ctx)) and not _SAYS_PCT.search(local))
    return named and not any(agrees(k, printed, n) for n in sizes)


#: a row label naming two levels of one variable ('Female/Male', 'Men/women', 'Yes / No'): its 'k / m' cells are
#: the two levels' counts, not k of n
_PAIR = compile(r"(?<![\w])[A-Za-z]{2,12}\s{0,2}/\s{0,2}[A-Za-z]{2,12}(?![\w])")


#: one header giving two sizes, each naming its people: '(n = 533 men, 557 women)', 'N = 40 boys/38 girls'
_TWO_SIZES = compile(
    r"\b[nN]\s{0,2}[=:]\s{0,2}(?:\d{1,3},\d{3}|\d{1,7})\s{1,2}[A-Za-z][a-z]{1,14}\s{0,2}(?:[,;/&]|and)\s{0,2}"
    r"(?:[nN]\s{0,2}[=:]\s{0,2})?\d{1,7}\s{1,2}[A-Za-z][a-z]{1,14}"
)


def two_sizes(header: str) -> bool:
    """Whether a column header gives two sizes of named people ('Intervention (n = 533 men, 557 women)',
    PMC5884496): it names no single base for its cells (the row says whose), so its first n is none of them.

    >>> two_sizes("All (n = 1123 men, 1162 women)"), two_sizes("Placebo (n = 533)"), two_sizes("(n = 40, 52% women)")
    (True, False, False)
    """
    return _TWO_SIZES.search(header) is not None


def two_levels(shadow: str, start: int, k: str, m: str, printed: str) -> bool:
    """Whether 'k / m (x%)' at ``start`` of a running text is two levels' counts and the first's share of both: x
    is not 100 k / m but 100 k or 100 m over k + m, and the label before it (the row's first cell when a table is
    printed as text, 'Female/Male | 39 / 65 (37%) | ...', PMC5124485) names two levels.

    >>> s = "Female/Male | 39 / 65 (37%) | 74 / 91 (45%)"
    >>> two_levels(s, 14, "39", "65", "37"), two_levels(s, 30, "74", "91", "45"), two_levels("Deaths 39 / 65 (37%)", 7, "39", "65", "37")
    (True, True, False)
    >>> two_levels("Results/Discussion " + "x" * 500 + " and 6/9 (60%)", 524, "6", "9", "60")  # no row: 40 characters
    False
    """
    if agrees(k, printed, m) or not split(k, m, printed):
        return False
    nl = shadow.rfind("\n", max(0, start - 400), start)  # a table row's line starts within 400 characters
    bar = shadow.find(" | ", nl + 1, start) if nl >= 0 else -1
    label = shadow[nl + 1 : bar] if bar >= 0 else shadow[max(nl + 1, start - 40) : start]
    return bool(_PAIR.search(label))


def not_a_share(k: str, n: str, cell: str, printed: str, local: str, ctx: str) -> bool:
    """Whether 'k/n (x)' holds no percentage of n: without a '%', x is a rate (:func:`rate_bracket`), or x is k/n
    itself to its decimals and not 100 k/n ('Male/female | 126/142 (0.89)', PMC2864284: a ratio); with or without
    one, under a label naming two levels x is one level's share of both and not 100 k/n (PMC5124485).

    >>> not_a_share("126", "142", "126/142 (0.89)", "0.89", "Male/female", ""), not_a_share(
    ...     "1", "134", "1/134 (0.7)", "0.7", "Deaths", "")
    (True, False)
    >>> not_a_share("39", "65", "39 / 65 (37%)", "37", "Female/Male", ""), not_a_share(
    ...     "39", "65", "39 / 65 (37%)", "37", "Deaths", "")
    (True, False)
    """
    if agrees(k, printed, n):
        return False
    if _PAIR.search(local) and split(k, n, printed):
        return True  # 'Female/Male | 39 / 65 (37%)' (PMC5124485): the two levels' counts, the first's share of both
    if "%" in cell:
        return False
    dec = len(printed.split(".")[1]) if "." in printed else 0
    kv, nv = int(k.replace(",", "")), int(n.replace(",", ""))
    if printed.isdigit() and kv + nv == int(printed):
        return True  # 'before/after (total) | 13/21 (34)' (PMC2639329): two counts and their sum, no share
    fraction = nv > 0 and "." in printed and abs(kv / nv - float(printed)) <= 0.5 * 10**-dec + 1e-9
    return fraction or rate_bracket(k, printed, [n], local, ctx)


def split(k: str, m: str, printed: str) -> bool:
    """Whether ``printed`` is the share of ``k`` or of ``m`` in their sum (two levels' counts 'k / m (x%)').

    >>> split("39", "65", "37"), split("39", "65", "62.5"), split("39", "65", "50")
    (True, True, False)
    """
    total = str(int(k.replace(",", "")) + int(m.replace(",", "")))
    return agrees(k, printed, total) or agrees(m, printed, total)


#: a cell 'k (x)' or 'k (x%)' of a count and its percentage
_COUNT_PCT = compile(r"^\s{0,2}(?P<k>\d{1,6})\s{0,2}\(\s{0,2}(?P<p>\d{1,3}(?:\.\d{1,3})?)\s{0,2}%?\s{0,2}\)\s{0,2}$")


def own_size(
    sizes: dict[int, str],
    j: int,
    cells: list[str],
    arms: list[str | None] | None = None,
    caps: dict[str, int] | None = None,
) -> tuple[str | None, str]:
    """The n of column ``j`` among a row's cells under columns headed N (``sizes``: column -> cell; ``cells``: the
    row's texts), with its source ``"cell"``: with one such column, its cell; with several, each gives the n of the
    columns up to the next when the first stands before the row's first statistic ('N | Intervention | N | Control',
    PMC5372064: the control's 37 (36.6) is of its own 101, not the intervention's 95), else of the columns since the
    one before.

    One N column beside two arms' columns (``arms``: each column's arm) may hold the row's total, both arms together
    ('Number | Intervention (n = 120) | Control (n = 121)' over '225 | 47 (44%) | 46 (39%)', PMC3751685): where
    the arms' 'k (x)' cells fit sizes summing to it (:func:`sums_to`), it is no arm's base, and the arm's cell gets
    none: ``(None, "withheld")`` (a cell of the total itself, printing its share of the N, keeps it). ``caps``: the
    size an arm's column header prints, above which none of its rows' bases lies (:func:`sums_to`); an arm's 'k (x)' that
    fits its header's size and not the N column's is a share of the header's (``"column"``: 'n | PBO (n = 275) | ...'
    over '727 | 126 (46%) | ...', PMC5771895).

    >>> row = ["Readmissions", "N (%)", "95", "30 (31.6)", "101", "37 (36.6)"]
    >>> own_size({2: "95", 4: "101"}, 5, row), own_size({2: "95", 4: "101"}, 3, row)
    (('101', 'cell'), ('95', 'cell'))
    >>> own_size({2: "95", 4: "101"}, 1, ["Readmissions", "30 (31.6)", "95", "37 (36.6)", "101"])
    ('95', 'cell')
    >>> arms = [None, None, "a", "b"]
    >>> own_size({1: "225"}, 2, ["Rate", "225", "47 (44%)", "46 (39%)"], arms)
    (None, 'withheld')
    >>> own_size({1: "300"}, 2, ["Rate", "300", "47 (44%)", "46 (39%)"], arms)
    ('300', 'cell')
    >>> own_size({1: "727"}, 2, ["Hot flashes", "727", "126 (46%)", "92 (41%)"], arms, {"a": 275, "b": 222})
    ('275', 'column')
    """
    cols = sorted(sizes)
    if len(cols) == 1:
        own = sizes[cols[0]].strip()
        c = _COUNT_PCT.match(cells[j]) if arms else None
        cap = (caps or {}).get(str(arms[j])) if arms and j < len(arms) else None
        if (
            c
            and cap
            and own.isdigit()
            and int(own) > cap
            and not agrees(c.group("k"), c.group("p"), own)
            and agrees(c.group("k"), c.group("p"), str(cap))
        ):
            return str(cap), "column"  # a share of its arm's size, the header's (PMC5771895), not of the N column's
        if c and arms and sums_to(own, cells, arms, caps):
            return None, "withheld"
        return own, "cell"
    first = next((i for i in range(1, len(cells)) if i not in sizes and cells[i].strip()[:1].isdigit()), len(cells))
    if cols[0] < first:  # each N column stands before the statistics it sizes
        return sizes[max((c for c in cols if c < j), default=cols[0])].strip(), "cell"
    return sizes[min((c for c in cols if c > j), default=cols[-1])].strip(), "cell"


def sums_to(total: str, cells: list[str], arms: list[str | None], caps: dict[str, int] | None = None) -> bool:
    """Whether the 'k (x)' cells of two arms or more in a row (one cell an arm, the first; cells printing their share
    of ``total`` itself left aside) fit arm sizes whose sum is ``total`` or up to 2% less (a value or two missing).
    An arm's size is at most the one its column header prints (``caps``: arm -> n), so that a misprinted percentage
    fitting a size far from its arm's is no sum (review10: '1 (3%)' and '2 (9%)' of arms of 30 headed so, beside an N
    of 60: 2/30 prints 7%, and 9% fits only 21-23, which with 29-40 would have summed to 60).

    >>> sums_to("225", ["Rate", "225", "47 (44%)", "46 (39%)"], [None, None, "a", "b"])
    True
    >>> sums_to("213", ["Rate", "213", "67 (63%)", "80 (76%)", "147 (69)"], [None, None, "a", "b", "t"])
    True
    >>> sums_to("300", ["Rate", "300", "47 (44%)", "46 (39%)"], [None, None, "a", "b"])
    False
    >>> row, arms = ["Deaths", "60", "1 (3%)", "2 (9%)"], [None, None, "a", "b"]
    >>> sums_to("60", row, arms), sums_to("60", row, arms, {"a": 30, "b": 30})
    (True, False)
    """
    if not total.isdigit():
        return False
    m = int(total)
    lo = hi = 0
    seen: set[str] = set()
    for i, cell in enumerate(cells[: len(arms)]):
        c = _COUNT_PCT.match(cell)
        if c is None or arms[i] is None or arms[i] in seen or agrees(c.group("k"), c.group("p"), total):
            continue
        seen.add(str(arms[i]))
        k, p = int(c.group("k")), float(c.group("p"))
        if k == 0 or p <= 0:
            return False  # any size fits a 0%: the arms' sizes are not told
        fit = [
            n
            for n in range(
                max(k, int(100 * k / (p + 1)) - 1),
                min(m, (caps or {}).get(str(arms[i]), m), int(100 * k / max(p - 1, 0.1)) + 2) + 1,
            )
            if agrees(str(k), c.group("p"), str(n))
        ]
        if not fit:
            return False
        lo, hi = lo + fit[0], hi + fit[-1]
    return len(seen) >= 2 and lo <= m and hi >= m - max(1, m // 50)


def agrees(k: str, pct: str, n: str) -> bool:
    """Whether ``pct`` is ``100 k / n`` printed to its decimals (rounded half either way).

    >>> agrees("67", "35.4", "189"), agrees("67", "35.4", "192"), agrees("40", "98", "41")
    (True, False, True)
    """
    try:
        kv, nv = int(k.replace(",", "")), int(n.replace(",", ""))
        p = pct.strip().lstrip("<>≤≥=").strip()
        pv = float(p)
    except ValueError:
        return False
    if nv <= 0 or kv > nv:
        return False
    dec = len(p.split(".")[1]) if "." in p else 0
    return abs(100 * kv / nv - pv) <= 0.5 * 10**-dec + 1e-9


_INT = compile(r"^\s{0,2}(?P<k>\d{1,3}(?:,\d{3}){1,2}|\d{1,7})\s{0,2}$")
_PCT = compile(r"^\s{0,2}(?P<p>\d{1,3}(?:\.\d{1,3})?)\s{0,2}%?\s{0,2}$")


def shares_of_total(pairs: list[tuple[str, str]]) -> bool:
    """Whether a column headed N beside a '%' column holds counts whose percentages are shares of the column's total
    (an adverse-event table: 'N | %' over '37 | 43%', '3 | 3%', ..., 'Total | 86 | 100%', PMC5866927), not each
    row's base: every row's % is its N's share of the total (a Total row's N, or the sum of the rows), for at least
    three rows with different counts.

    >>> shares_of_total([("37", "43%"), ("3", "3%"), ("26", "30%"), ("11", "13%"), ("9", "10%"), ("86", "100%")])
    True
    >>> shares_of_total([("37", "43%"), ("3", "30%"), ("26", "30%"), ("86", "100%")])
    False
    """
    rows = [(m.group("k"), p.group("p")) for k, c in pairs if (m := _INT.match(k)) and (p := _PCT.match(c))]
    counts = [int(k.replace(",", "")) for k, _ in rows]
    if len({c for c in counts if c}) < 3:
        return False
    top = max(counts)
    total = top if 2 * top == sum(counts) else sum(counts)
    return all(agrees(k, p, str(total)) for k, p in rows)


def sub_sizes(row: list[tuple[str, int, int]], text: str) -> dict[int, str] | None:
    """{column: n} of a body row whose cells (after the label) are all group sizes ``(n = 189)``, else None.

    >>> t = "Highest educational level | (n = 189) | (n = 161)"
    >>> sub_sizes([("Highest educational level", 0, 25), ("(n = 189)", 28, 37), ("(n = 161)", 40, 49)], t)
    {1: '189', 2: '161'}
    """
    out = {}
    for j, (cell, a, _) in enumerate(row[1:], 1):
        if not cell:
            continue
        m = SUB_N_CELL.match(cell)
        if m is None:
            return None
        out[j] = text[a + m.start("k") : a + m.end("k")]
    return out or None


def of_which(k: str | None, pct: str | None, local: str, base: str | None) -> str | None:
    """Which of two printed sizes a count ``k`` with percentage ``pct`` is of: the block's own size
    ``local`` (an n row or a sizes row above it) or the column's ``base``; None when the percentage
    agrees with neither or there is none to tell (the caller keeps the block's size then).

    >>> of_which("40", "98", "30", "41"), of_which("67", "35.4", "189", "192"), of_which("5", "", "30", "41")
    ('base', 'local', None)
    """
    if not k or not pct or not k.replace(",", "").isdigit():
        return None
    if agrees(k, pct, local):
        return "local"
    if base and agrees(k, pct, base):
        return "base"
    return None


def row_of_counts(text: str, r: list, j: int, col_n: dict, block_n: dict | None, paren: re.Pattern) -> bool:
    """Whether a table row's cells other than column ``j`` that have a column n are all (at least one) plain
    'k (x)' cells printing ``x = 100 k / n`` of their own column's n (or the size printed over their block):
    the row holds counts and percentages, so its cell ``j`` is one too whatever its percentage (PMC5642889's
    'Parity 0 | 36 (44.4) | 33 (41.8)' under 'n = 81' and 'n = 79', in a table of means (SD) and numbers (%)).

    One other cell that prints no share of its n is allowed when two or more do (PMC5822856's 'Mullato | 4 (14.8)
    | 8 (24.2) | 4 (12.9) | 4 (12.9)' under n = 27, 33, 31, 91: the last cell a misprinted copy of the one before).

    ``r`` holds the row's cells as (text, start, end), ``col_n`` maps a column to (n, source), ``block_n`` a
    column to the size printed over the block, ``paren`` is the tables' 'k (x)' cell pattern."""
    seen = off = 0
    for i, (cell, a, _) in enumerate(r[1:], 1):
        sizes = [x for x in ((block_n or {}).get(i), col_n.get(i, (None,))[0]) if x]
        m = paren.match(cell) if i != j and sizes else None
        if m is None:
            continue
        if m.group("lab") or m.group("pm") or not m.group("a").isdigit():
            return False
        k, pct = text[a + m.start("a") : a + m.end("a")], text[a + m.start("b") : a + m.end("b")]
        if any(_within_a_unit(k, pct, x) for x in sizes):
            seen += 1
        else:
            off += 1
    return seen >= 1 and off == 0 or seen >= 2 and off == 1


def _within_a_unit(k: str, pct: str, n: str) -> bool:
    """Whether ``pct`` is ``100 k / n`` to its decimals, truncated or rounded either way: less than one unit of its
    last decimal away (PMC5747107's '6 (18.1)' of 33, 18.18% truncated, beside its row's '9 (25.7)' of 35).

    >>> _within_a_unit("6", "18.1", "33"), _within_a_unit("6", "18.0", "33")
    (True, False)
    """
    try:
        kv, nv, pv = int(k.replace(",", "")), int(n.replace(",", "")), float(pct)
    except ValueError:
        return False
    dec = len(pct.split(".")[1]) if "." in pct else 0
    return 0 < nv and kv <= nv and abs(100 * kv / nv - pv) < 10**-dec
