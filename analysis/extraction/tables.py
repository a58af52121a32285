"""Tables: cells of rows printed as ``cell | cell | cell`` become entries placed by column header and row label.

May import analysis.reported and the modules of this package only.

The readers print a table one row per line with its cells joined by ``" | "`` (header rows first).
A block of such lines is a table; its leading rows without numbers are the header, a row with only
its first cell filled is a section label. Cell forms: ``49.4 ± 38.9`` and ``49.4 (38.9)`` (where the
table says mean (SD)) become ``mean_sd``; ``12 (40%)``, ``12/30 (40%)`` and a count beside a ``(40)``
cell under an ``n (%)`` header become ``proportion``; a mean and an SD in adjacent columns headed
Mean and SD become one ``mean_sd``; ``2.1 (1.2 to 3.4)`` under a CI header an ``estimate_ci_p``.
The arm is the column header (``Placebo (n = 30)`` gives arm ``placebo`` and n 30), or the row label
when rows are the groups (``Intervention (n = 125)``); the measure is the row label or section label.
The same rules read a Markdown pipe table.

A table is read as a statistician reads it: the caption above and the notes below say the layout
("Values are mean (SD)", "number (%)", "LS mean (SE)": an SE is never read as an SD, and a cell the
table calls an SE is kept from the running-text readers too) and may give the group size ("n = 6 per
dose"); a body row labelled n, a column headed n, a section label with its own n and the column
header each give the n, in that order of closeness, and the entry says which (``n_source``: cell,
n_row, section, column) and where the number sits (``location``: table number, row label, column
header). Footnote marks after a number (``12.3e,i``, ``12 (40)*``, ``5.1^a``) stay in the fragment and
out of the number. A row label ``Total (n = 628)`` under arm columns is not an arm, and a subgroup row
with its own n leaves the column's n out rather than attach the arm's.
"""

from __future__ import annotations

import re

from .descriptives import arm_id
from .found import Found
from .tablelayout import _SAYS_SD, _dispersion, _document_says, _Layout, range_note
from .tablesizes import (
    agrees,
    not_a_share,
    of_which,
    own_size,
    rate_bracket,
    row_of_counts,
    shares_of_total,
    sub_sizes,
    two_sizes,
)
from .tokens import NUM, SNUM, compile, number_value

__all__ = ["find_table_cells"]

_ROWLINE = compile(r"(?m:^[^\n|]{0,400}(?: \| [^\n|]{0,400}){1,60}$)")
#: footnote marks after a printed number: '12.3e,i', '(40)*', '5.1^a', '†‡'
_FOOT = r"(?:\s{0,1}\^?(?:[*†‡§¶#]{1,3}|[a-z](?:,[a-z]){0,3})(?![\w]))?"
_END = _FOOT + r"\s{0,2}$"
_STARTS_NUM = compile(r"^\s{0,3}[<>≤≥]?\s{0,2}" + SNUM)
_INT_CELL = compile(r"^\s{0,2}(?P<k>\d{1,7})" + _END)
_NUM_CELL = compile(r"^\s{0,2}(?P<x>" + SNUM + r")" + _END)
_PCT_CELL = compile(r"^\s{0,2}[(\[]\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%?\s{0,2}[)\]]" + _END)
_CELL_PCT = compile(r"^\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%" + _END)
_CELL_PCT_K = compile(
    r"^\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%" + _FOOT + r"\s{0,2}[(\[]\s{0,2}(?P<k>\d{1,7})\s{0,2}[)\]]" + _END
)
_CELL_PM = compile(
    r"^\s{0,2}(?P<mean>"
    + SNUM
    + r")"
    + _FOOT
    + r"\s{0,3}(?:±|\+/-|\+-)\s{0,3}(?P<sd>"
    + NUM
    + r")"
    + _FOOT
    + r"(?:\s{0,2}[(\[]\s{0,2}(?:[nN]\s{0,2}=\s{0,2})?(?P<n>\d{1,6})\s{0,2}[)\]]"
    + r"|\s{0,2}[-–]?\s{0,2}[(\[]\s{0,2}"
    + SNUM
    + r"\s{0,2}(?:to|–|-|,)\s{0,2}"
    + SNUM
    + r"\s{0,2}[)\]])?"
    + _END
)
# '5.19 (1.6)', '97.6 (±20.8)', '17.97 [SD, 6.58]', '12 (40%)', 'm (s) [n]'
_CELL_PAREN = compile(
    r"^\s{0,2}(?P<a>" + SNUM + r")" + _FOOT + r"\s{0,2}[(\[]\s{0,2}(?P<pm>±\s{0,2})?"
    r"(?:(?P<lab>SD|SE|SEM|s\.d\.|s\.e\.)\s{0,2}[,:=]?\s{0,2})?(?P<b>"
    + NUM
    + r")\s{0,2}(?P<pct>%?)\s{0,2}[)\]]"
    + _FOOT
    + r"(?:\s{0,2}[(\[]\s{0,2}(?:[nN]\s{0,2}=\s{0,2})?(?P<n>\d{1,6})\s{0,2}[)\]])?"
    + _END
)
_CELL_KN = compile(
    r"^\s{0,2}(?P<k>\d{1,7})\s{0,2}/\s{0,2}(?P<n>\d{1,7})\s{0,2}[(\[]\s{0,2}(?P<pct>"
    + NUM
    + r")\s{0,2}%?\s{0,2}[)\]]"
    + _END
)
#: a column headed 'P (95% CI)' (PMC4169371): '0.0280 (-0.0663, -0.0150)' is a P and the CI of an unprinted estimate;
#: also under a group's header and with a note's letter ('Intervention group (n=114) P (95% CI)', 'P b (95% CI)',
#: PMC4917725)
_P_HEAD = compile(
    r"(?<![\w.])[Pp](?:\s{0,2}-?\s{0,2}values?)?\s{0,2}(?:[a-h*†‡§]\s{0,2})?[(\[]\s{0,2}(?:\d{2}\s{0,2}%\s{0,2})?C[IL]\b"
)
#: a column header naming an estimate (a difference, a ratio, a coefficient, a mean): its 'x (a to b)' cells are estimates
#: with their CI even where the notes say other cells are 'p (95% CI)'
_ESTIMATE_HEAD = compile(
    r"(?i:differen|\bratio|(?-i:\b(?:OR|HR|RR|IRR|MD|RD)\b)|\bbeta\b|coef|\bmean\b|estimate|effect|\u03b2)"
)
_CELL_CI = compile(
    r"^\s{0,2}(?P<est>"
    + SNUM
    + r")"
    + _FOOT
    + r"\s{0,2}[(\[]\s{0,2}(?P<lo>"
    + SNUM
    + r")\s{0,3}(?:to|–|—|-|,|;)\s{0,3}(?P<hi>"
    + SNUM
    + r")\s{0,2}[)\]]"
    + _END
)
# 'Infusion groupn = 106' (PMC3580671: a line break lost between 'group' and 'n') is a header n too
_HEADER_N = compile(r"(?i:(?:\b|(?<=group)|(?<=arm))[nN]\s{0,2}[=:]\s{0,2}(?P<n>\d{1,3}(?:,\d{3}){1,2}|\d{1,7}))")
_N_HEAD = compile(r"^\s{0,2}(?:n|N|No\.?|Number|n\s{0,2}\(total\))\s{0,2}$")
#: a body row that gives each column's group size: 'n', 'N', 'No. of patients', 'Number of participants'
_N_ROW = compile(
    r"(?i:^\s{0,2}(?:n|no\.?(?:\s{1,2}of\s{1,2}(?:patients|participants|subjects|cases)"
    r"(?:\s{1,2}(?:treated|randomi[sz]ed|analy[sz]ed|enrolled|included|evaluable))?)?|"
    r"number(?:\s{1,2}of\s{1,2}(?:patients|participants|subjects|cases)"
    r"(?:\s{1,2}(?:treated|randomi[sz]ed|analy[sz]ed|enrolled|included|evaluable))?)?|sample size|"
    r"(?:patients|participants|subjects),?\s{0,2}(?:n|no\.?)|"
    r"(?:total\s{1,2})?(?:randomi[sz]ed|treated|analy[sz]ed|enrolled|included|evaluable)[\w ,]{0,20}?"
    r"\s{0,2}(?:\(n\)|,\s{0,2}n))\s{0,2}(?:\(n\))?\s{0,2}$)"
)
_STAT_CELL = compile(r"^\s{0,2}[<>≤≥=]?\s{0,2}-?\d{0,4}\.\d{1,6}(?:\s{0,2}[(\[][^()\[\]]{0,40}[)\]])?" + _END)
_SIZES_LIST = compile(
    r"\b[A-Za-z]{1,12}\s{0,2}[:=]\s{0,2}\d{1,5}\s{0,2}[;,]\s{0,2}[A-Za-z]{1,12}\s{0,2}[:=]\s{0,2}\d{1,5}\b"
)
_SUBSET = compile(
    r"(?i:\bonly\s{1,2}(?:on|in|for|among)\s{1,2}(?:the\s{1,2})?(?:subjects|patients|participants|those|children))"
)
_MEAN_ROW = compile(r"(?i:^\s{0,2}(?:mean|m|average)\s{0,2}$)")
_SD_ROW = compile(r"(?i:^\s{0,2}(?:\(?\s{0,2}sd\s{0,2}\)?|s\.d\.|±\s{0,2}sd|standard deviation)\s{0,2}$)")
_ALL_OF = compile(r"^\s{0,2}(?P<k>\d{1,7})\s{0,2}\(\s{0,2}100(?:\.0{1,2})?\s{0,2}%?\s{0,2}\)\s{0,2}$")  # '187 (100)'
_SIZE_WORDS = compile(r"(?i:randomi[sz]ed|treated|analy[sz]ed|enrolled|included|evaluable|\bpatients\b|participants)")
_SIZES_LABEL = compile(r"(?:\(\s{0,2}[nN]\s{0,2}\)|,\s{0,2}[nN])\s{0,2}$")
_TOTAL = compile(r"(?i:^\s{0,2}(?:total|overall|all\b|whole|combined|pooled))")
_TABLE_NO = compile(r"(?i:\btable\s{1,2}(?P<no>[A-Z]?\d{1,3}[a-z]?|[IVX]{1,5})\b)")
_SAYS_MEAN = compile(r"(?i:\bmean\b|\baverage\b|^\s{0,2}M\s{0,2}$)")
_SAYS_PCT = compile(r"(?i:%|\bn\s{0,2}\(\s{0,2}%|percent|no\.\s{0,2}\(|number\s{0,2}\(|\bn\s{0,2}\[\s{0,2}%)")
_SAYS_CI = compile(r"(?i:\bCI\b|confidence interval|\bCrI\b)")
_SAYS_TIME = compile(r"(?i:baseline|follow|month|week|\bday|year|visit|post|pre-|endpoint|screening|\bT\d)")
_BASELINE = compile(r"(?i:baseline|characteristics|demograph)")
_SAYS_OTHER = compile(r"(?i:\bmedian\b|\bIQR\b|interquartile|\brange\b|\b95\s{0,2}%|\bCI\b)")
_SAYS_COUNTS = compile(
    r"(?i:adverse|side effects?|\bevents?\b|complications?|morbidity|incidence|toxicit|number of (?:patients|participants|subjects)|"
    r"\bno\.\s{0,2}of\b|\bn\s{0,2}\(%\)|frequenc)"
)
_NOT_COUNT_ROW = compile(
    r"(?i:mean|median|\bage\b|score|\bSD\b|range|years|days|weeks|months|hours|duration|rate|"
    r"level|kg|mg|mmol|ratio|index|bmi|pressure|\btime\b)"
)
_DESCRIPTOR = compile(
    r"(?i:^\s{0,2}(?:n|no\.?|%|\(%\)|n\s{0,2}\(%\)|mean|sd|\(sd\)|m\s{0,2}\(sd\)|mean\s{0,2}\(sd\)|"
    r"mean\s{0,2}±\s{0,2}sd|median|iqr|range|se|sem|95%\s{0,2}ci|p|p[- ]value|value|"
    r"mean days[\w ]{0,40}|mean \(95% ci\)|n \(%\)|number|events?|total)\s{0,2}$)"
)
_NOT_ARM = compile(
    r"(?i:^\s{0,3}(?:p|p[- ]value|p value|pvalue|p for[\w ]{0,40}|difference|statistic|test|(?:t|f|z)[-‐ ]?(?:values?|tests?|scores?|stat(?:istic)?s?|ratios?)|(?:t|f|z)(?!(?-i:[-‐][A-Z0-9]))|χ2|chi2|df|"
    r"variable|characteristic|outcome|measure|item|effect size|or|hr|rr|95% ci|ci)\b)"
)
_WORD = compile(r"[A-Za-z]{3,40}")
#: a header's words that name an arm: a word, or a short hyphenated name ('t-E2 (n = 222)', PMC5771895)
_NAMED = compile(r"[A-Za-z]{3,40}|[A-Za-z][-‐][A-Za-z0-9]|(?<![A-Za-z])[A-Za-z]{1,2}\d{0,2}(?![A-Za-z])")
_STAT_FORM = compile(r"[(\[±%]")


def _cells(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    out, pos = [], start
    while True:
        cut = text.find(" | ", pos, end)
        stop = end if cut < 0 else cut
        raw = text[pos:stop]
        lead = len(raw) - len(raw.lstrip())
        out.append((raw.strip(), pos + lead, pos + lead + len(raw.strip())))
        if cut < 0:
            return out
        pos = cut + 3


def _blocks(shadow: str):
    block: list[tuple[int, int]] = []
    last_end = -2
    for m in _ROWLINE.finditer(shadow):
        if block and m.start() != last_end + 1:
            yield block
            block = []
        block.append((m.start(), m.end()))
        last_end = m.end()
    if block:
        yield block


def _is_data(cell: str) -> bool:
    """A cell that holds a statistic: it starts with a number and has no word but 'to' ('6 months' is a header)."""
    return bool(_STARTS_NUM.match(cell)) and all(w.lower() in ("to", "sd", "se", "sem") for w in _WORD.findall(cell))


def _section(row: list[tuple[str, int, int]]) -> bool:
    """A section label: a first cell with words and nothing else in the row (or the label repeated, as a
    cell spanning the row is printed in each column)."""
    first = row[0][0]
    return bool(_WORD.search(first)) and not any(c[0] and c[0] != first for c in row[1:])


def _arm_of(parts: list[str]) -> tuple[str | None, str | None, str]:
    """(arm id, n, descriptor text) from the header cells above a column, top to bottom."""
    arm, n, desc = None, None, []
    for part in parts:
        nm = _HEADER_N.search(part)
        if nm:
            n = None if two_sizes(part) else nm.group("n")  # '(n = 533 men, 557 women)': no one base
        bare = re.sub(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]", " ", part).strip()
        if bare and _TOTAL.match(bare) and arm is None:
            arm = arm_id(bare)
        elif not bare or _DESCRIPTOR.match(part) or _DESCRIPTOR.match(bare) or _NOT_ARM.match(bare):
            desc.append(part)
        elif nm and not _NAMED.search(re.sub(_HEADER_N.pattern, " ", part)):
            desc.append(part)  # 'n = 124' under its arm's name: the size, not another name
        elif arm is None or nm:
            arm = arm_id(part[: nm.start()] if nm and nm.start() > 2 else part)
        else:
            desc.append(part)
    return arm, n, " ".join(desc)


def find_table_cells(text: str, shadow: str) -> list[Found]:
    """Entries from the cells of every table in the text.

    >>> t = "Table 2. Outcomes, mean ± SD or n (%)\\n\\nOutcome | Placebo (n = 30) | Ketamine (n = 31)\\n"
    >>> t += "MADRS | 49.4 ± 38.9 | 30.1 ± 20.2\\nRemission | 12 (40%) | 20 (64.5%)\\n"
    >>> from analysis.extraction.tokens import shadow
    >>> [(f.kind, f.fields.get("arm"), f.fields.get("measure"), f.fields.get("n")) for f in find_table_cells(t, shadow(t))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('mean_sd', 'placebo', 'MADRS', '30'), ('mean_sd', 'ketamine', 'MADRS', '31'),
     ('proportion', 'placebo', 'Remission', '30'), ('proportion', 'ketamine', 'Remission', '31')]
    """
    out: list[Found] = []
    document: tuple[str | None, str | None] | None = None
    for block in _blocks(shadow):
        if len(block) >= 2:
            if (
                document is None
            ):  # what the whole paper says its '±' and brackets hold ('Results [mean(SD) unless ...]')
                document = _document_says(shadow)
            out += _table(text, shadow, block, document)
    return out


#: lower-case strings one of which every match of a pattern holds once folded (:func:`_says`; every alternative holds
#: one as printed, its letters in either case: tests/extraction/test_tables.py)
_SAYS_KEYS = {
    id(_SAYS_PCT): ("%", "percent", "no.", "number"),
    id(_SAYS_COUNTS): (
        "adverse",
        "side effect",
        "event",
        "complication",
        "morbidity",
        "incidence",
        "toxicit",
        "number of",
        "no.",
        "(%)",
        "frequenc",
    ),
}
#: the most characters a match of a pattern reads before the key word it holds ('n  (  %' before '%', 'n  ' before '(%)')
_SAYS_LEAD = {id(_SAYS_PCT): 6, id(_SAYS_COUNTS): 3}
#: characters case-insensitive matching equates with an ASCII letter that str.lower() does not map to it (dotless i,
#: long s, the Kelvin sign; U+0130 also lowers to two characters)
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _says(rx: re.Pattern, s: str) -> re.Match | None:
    """``rx.search(s)``, or None at once when ``s`` holds none of the pattern's key words (:data:`_SAYS_KEYS`): the
    cells of a table search the same long caption and notes again and again, and a search without a match reads all
    of it with every alternative at every position (a third of find_table_cells on JATS papers: benchmarks/README.md,
    session 8)."""
    low = (s.translate(_FOLD) if any(c in s for c in "\u0130\u0131\u017f\u212a") else s).lower()  # offsets hold
    # every match starts at most _SAYS_LEAD characters before a key word it holds: tried only there, in order, the
    # first is search's (the search entered the alternation at every position: ei-25, 7 of _says' 9 ms)
    lead, starts = _SAYS_LEAD[id(rx)], set[int]()
    for k in _SAYS_KEYS[id(rx)]:
        i = low.find(k)
        while i >= 0:
            starts.update(range(max(0, i - lead), i + 1))
            i = low.find(k, i + 1)
    return next((m for q in sorted(starts) if (m := rx.match(s, q))), None)


def _notes(shadow: str, end: int) -> str:
    """The paragraphs printed under a table (its notes), up to the next table or a long paragraph of text."""
    out, pos = [], end
    for _ in range(3):
        nxt = shadow.find("\n\n", pos + 2, pos + 1200)
        para = shadow[pos : nxt if nxt >= 0 else min(len(shadow), pos + 1200)].strip()
        if not para or " | " in para or _TABLE_NO.match(para) or len(para) > 800:
            break
        out.append(para)
        if nxt < 0:
            break
        pos = nxt
    return " ".join(out)


def _table(text: str, shadow: str, block: list[tuple[int, int]], document=(None, None)) -> list[Found]:
    rows = [_cells(shadow, a, b) for a, b in block]  # cells matched on the shadow, numbers cut from the text
    first = block[0][0]
    cap = shadow.rfind("\n\n", max(0, first - 600), max(0, first - 1))
    caption = shadow[cap + 2 if cap >= 0 else max(0, first - 600) : first]
    number = None
    for m in _TABLE_NO.finditer(shadow, max(0, first - 700), first):
        number = m.group("no")
    layout = _Layout(caption, _notes(shadow, block[-1][1]), document)
    where = f"table {number}" if number else "table"
    n_head = 0
    while n_head < len(rows) and not any(_is_data(c[0]) for c in rows[n_head][1:]):
        if n_head and _section(rows[n_head]):
            break  # a section label under the header
        n_head += 1
    if n_head == len(rows):
        return []
    width = max(len(r) for r in rows)
    for i in range(n_head):  # a header without the empty corner cell is one short: shift it right
        if len(rows[i]) == width - 1 and rows[i][0][0]:
            rows[i] = [("", rows[i][0][1], rows[i][0][1])] + rows[i]
    spanning = {r[1][0] for r in rows[:n_head] if len(r) > 2 and r[1][0] and all(c[0] == r[1][0] for c in r[2:])}
    cols = []
    for j in range(width):
        parts: list[str] = []
        for r in rows[:n_head]:
            if j < len(r) and r[j][0] and (not parts or parts[-1] != r[j][0]):
                parts.append(r[j][0])
        if j and any(p not in spanning and (_TOTAL.match(p) or not _DESCRIPTOR.match(p)) for p in parts):
            parts = [p for p in parts if p not in spanning]  # 'Treatment group' over every arm names none of them
        main = " ".join(p for p in parts if not _DESCRIPTOR.match(p))
        cols.append((" ".join(parts),) + _arm_of(parts) + (main,))
    named: dict[str, set[str]] = {}
    for c in cols[1:]:
        if c[1]:
            named.setdefault(c[1], set()).add(c[4])
    for j, c in enumerate(cols):  # 'TPV/r (500/100 mg)' and 'TPV/r (500/200 mg)' are two arms: keep the bracket
        if j and c[1] and len(named[c[1]]) > 1:
            full = re.sub(r"[^a-z0-9]{1,50}", "_", re.sub(_HEADER_N.pattern, " ", c[4]).lower()).strip("_")[:40]
            cols[j] = (c[0], full or c[1]) + c[2:]
    col_n: dict[int, tuple[str, str]] = {j: (c[2], "column") for j, c in enumerate(cols) if c[2]}
    # the size each arm's column header prints: no row's base in that arm is larger (tablesizes.sums_to)
    arm_caps: dict[str, int] = {}
    for c in cols[1:]:
        if c[1] and c[2] and str(c[2]).replace(",", "").strip().isdigit():
            headed = int(str(c[2]).replace(",", "").strip())
            arm_caps[str(c[1])] = max(headed, arm_caps.get(str(c[1]), 0))
    body = rows[n_head:]
    sized = {i: s for i, r in enumerate(body) if (s := _n_row_sizes(r, body, text))}
    first_data = next(
        (i for i, r in enumerate(body) if i not in sized and not _section(r) and any(_is_data(c[0]) for c in r[1:])),
        len(body),
    )
    # an n row above the data (or the table's only one) gives each column's size; a later one, the rows below it
    base_rows = [i for i in sized if i < first_data] or (list(sized) if len(sized) == 1 else [])
    for i in base_rows:
        for j, size in sized[i].items():
            col_n.setdefault(j, (size, "n_row"))
    if layout.per_group:
        for j, c in enumerate(cols[1:], 1):
            if c[1] and j not in col_n:
                col_n[j] = (layout.per_group, "column")
    caption_n = [m.group("n") for m in _HEADER_N.finditer(caption)]
    if len(caption_n) == 1 and not col_n:
        # one group's table: its caption's 'n=67' is every column's n, where no column names an arm or where
        # the table's count cells print their share of it (PMC3221331's 'like? | dislike?' columns)
        whole = {j: (caption_n[0], "section") for j in range(1, width)}
        if not any(c[1] for c in cols[1:]) or _counts_agree(text, rows[n_head:], whole, marked=True):
            col_n = whole
    arm_cols = any(c[1] and not _SAYS_TIME.search(c[4]) for c in cols[1:])
    layout.counts = _counts_agree(text, rows[n_head:], col_n)
    layout.baseline = bool(_BASELINE.search(caption))  # 'Baseline', '6 months' are no arms
    n_cols = [j for j in range(1, width) if not cols[j][1] and _N_HEAD.match(cols[j][3] or cols[j][0] or "")]
    # an N column beside '%' whose percentages are its counts' shares of the column's total: counts, no base
    counted = {
        j
        for j in n_cols
        if j + 1 < width
        and "%" in cols[j + 1][0]
        and shares_of_total([(r[j][0], r[j + 1][0]) for r in body if len(r) > j + 1])
    }
    out: list[Found] = []
    section, label, section_n = "", "", None
    row_arms: dict[str, str | None] = {}
    listed = False
    block_n: dict[int, str] | None = None  # sizes printed in the body over the rows below them (tablesizes)
    block_kind = ""  # what block_n is: "n_row" or "sizes"
    two_labels = width > 2 and bool(cols[0][0].strip()) and cols[1][0] == cols[0][0]
    # two n rows under one label, each variable printed on two lines under one label ('Number | 28 | 31' over
    # 'Number | 35 | 34', 'Male | 13 (46)' over 'Male | 14 (40)', PMC5324269's two populations): line L is of n row L
    twins = [sized[i] for i in base_rows] if len({body[i][0][0] for i in base_rows}) == 1 < len(base_rows) else []
    line = 0
    for i, r in enumerate(body):
        line = line + 1 if i and r[0][0].strip() and body[i - 1][0][0] == r[0][0] else 0
        if _section(r):
            section, label = r[0][0], ""
            sm = _HEADER_N.search(section)
            section_n = sm.group("n") if sm else None
            # a sizes row's sizes hold down to the next section; an n row's ('Total number of patients | 235 | 232',
            # heading a stacked table's second study, PMC4094569) down to the next n row, over its sub-sections
            block_n = block_n if block_kind == "n_row" else None
            listed = bool(_SIZES_LIST.search(section))
            continue
        if i in sized:
            if i not in base_rows:
                block_n, block_kind = sized[i], "n_row"
            continue
        subs = sub_sizes(r, text) if arm_cols and not section_n else None
        if subs:  # 'Highest educational level | (n = 189) | (n = 161)': the n of the categories below
            block_n, block_kind, label = subs, "sizes", r[0][0] or label
            continue
        if (
            _N_ROW.match(r[0][0])
            or (
                _SIZE_WORDS.search(r[0][0])
                and all(_ALL_OF.match(c[0]) or not c[0] for c in r[1:])
                and any(c[0] for c in r[1:])
            )
            or _sizes_row(r, rows[n_head:])
        ):
            continue
        # a category printed as a number ('2 or more', '< 1', a score's 0 to 4: PMC5951872, PMC3346674) is the
        # row's label; a statistic in the first column ('12 (10)', '45 ± 3') is no label (the one above holds)
        # two label columns under one header ('Characteristic | Characteristic | n (%)', PMC5051790, PMC3961745):
        # a row whose first is empty is labelled by its second (' | Men | 41 (59)' under the section 'Sex')
        second = r[1][0] if two_labels and not r[0][0] and len(r) > 2 else ""
        if second and not _STARTS_NUM.match(second):
            label = second
        elif two_labels and r[0][0]:  # a row of the first label column ends the section above it
            section, section_n, label = "", None, r[0][0]
        elif r[0][0] and not (_STARTS_NUM.match(r[0][0]) and _STAT_FORM.search(r[0][0])):
            label = r[0][0]
            # 'Frequency of visits (UC: 71; I: 71; SI: 68; All: 210)' (PMC4307223): the rows below have these sizes
            listed = listed or bool(_SIZES_LIST.search(label))
        nm = _HEADER_N.search(label)
        row_arm = row_n = sub_n = None
        if nm and not arm_cols and not _TOTAL.match(label):
            row_arm, row_n = arm_id(label[: nm.start()] if nm.start() > 2 else label), nm.group("n")
            row_arms[row_arm] = row_n
        elif nm:
            sub_n = nm.group("n")  # a subgroup (or the total) under arm columns: its own n, not the arms'
        elif arm_id(label) in row_arms:
            row_arm, row_n = arm_id(label), row_arms[arm_id(label)]
        used: set[int] = set()
        ended = False
        sd_row = (
            body[i + 1] if i + 1 < len(body) and _MEAN_ROW.match(r[0][0]) and _SD_ROW.match(body[i + 1][0][0]) else None
        )
        row_sizes = {
            j: text[r[j][1] : r[j][2]] for j in n_cols if j < len(r) and j not in counted and _INT_CELL.match(r[j][0])
        }
        # a column headed n (No., N) beside an arm's statistics gives that arm's size in this row
        arm_sizes = {
            cols[j][1]: r[j]
            for j in range(1, min(len(r), len(cols)))
            if arm_cols
            and not row_arm
            and cols[j][1]
            and _N_HEAD.match(cols[j][3] or "")
            and _INT_CELL.match(r[j][0])
            and not (j + 1 < len(cols) and cols[j + 1][1] == cols[j][1] and "%" in cols[j + 1][3])
        }
        for j in range(1, len(r)):
            if j in used or j in n_cols:
                continue
            cell, a, b = r[j]
            head, arm, _, desc, main = cols[j] if j < len(cols) else ("", None, None, "", "")
            n, n_source = col_n.get(j, (None, None))
            if twins and n_source == "n_row":
                n = twins[line].get(j) if line < len(twins) else None
                n_source = n_source if n else None
            nxt = r[j + 1] if j + 1 < len(r) else None
            nxt_head = cols[j + 1][0] if j + 1 < len(cols) else ""
            if row_arm:
                arm, n, n_source = row_arm, row_n, "column"
                measure = section or caption.strip()[:80]
                time = main if _SAYS_TIME.search(main) else None
                if main and not time:
                    measure = f"{measure}: {main}" if measure else main
            else:
                measure = f"{section}: {label}" if section and label else (label or section)
                time = None
                if not arm_cols and section_n:  # arms as stacked sections, each with its own n
                    arm, n, n_source = arm_id(section), section_n, "section"
                elif sub_n or (section_n and arm_cols) or listed or _SUBSET.search(label):
                    n, n_source = None, "withheld"  # the row is a subgroup (or the total) with its own n
            n_local = block_n.get(j) if block_n and not row_arm and n_source != "withheld" else None
            if arm in arm_sizes:
                n, n_source = text[arm_sizes[arm][1] : arm_sizes[arm][2]].strip(), "cell"
            elif row_sizes:
                n, n_source = own_size(row_sizes, j, [c[0] for c in r], [c[1] for c in cols], arm_caps)
            local = " ".join((head, desc, label, section))
            ctx = " ".join((caption, cols[0][0] if cols else "", local, layout.text))
            f = None
            same_arm = j + 1 < len(cols) and arm is not None and cols[j + 1][1] == arm
            if (
                nxt is not None
                and _INT_CELL.match(cell)
                and (
                    (
                        _PCT_CELL.match(nxt[0])
                        and _says(_SAYS_PCT, " ".join((head, nxt_head, label, caption, layout.text)))
                    )
                    or (same_arm and _CELL_PCT.match(nxt[0]))
                )
            ):  # '189 | 46%' under one arm (PMC4307223)
                pm = _PCT_CELL.match(nxt[0]) or _CELL_PCT.match(nxt[0])
                assert pm is not None  # the condition matched one of them
                pct = text[nxt[1] + pm.start("pct") : nxt[1] + pm.end("pct")]
                if number_value(pct) <= 100:
                    k = _INT_CELL.match(cell)
                    assert k is not None  # matched in the condition
                    f = Found(
                        "proportion",
                        a,
                        nxt[2],
                        {"percent": pct, "k": text[a + k.start("k") : a + k.end("k")]},
                        [],
                        rank=5,
                    )
                    used.add(j + 1)
            elif (
                nxt is not None
                and _NUM_CELL.match(cell)
                and _NUM_CELL.match(nxt[0])
                and _SAYS_MEAN.search(head)
                and _SAYS_SD.search(nxt_head)
                and not _SAYS_SD.search(head)
                and not nxt[0].lstrip().startswith("-")
            ):
                x, y = _NUM_CELL.match(cell), _NUM_CELL.match(nxt[0])
                assert x is not None and y is not None  # matched in the condition
                f = Found(
                    "mean_sd",
                    a,
                    nxt[2],
                    {
                        "mean": text[a + x.start("x") : a + x.end("x")],
                        "sd": text[nxt[1] + y.start("x") : nxt[1] + y.end("x")],
                    },
                    [],
                    rank=5,
                )
                used.add(j + 1)
            elif (
                sd_row
                and j < len(sd_row)
                and (x := _NUM_CELL.match(cell))
                and (y := _NUM_CELL.match(sd_row[j][0]))
                and not sd_row[j][0].lstrip().startswith("-")
            ):  # 'Mean | 51.8' over 'SD | 5.2' (PMC3669105)
                sd_cell = sd_row[j]
                f = Found(
                    "mean_sd",
                    a,
                    b,
                    {
                        "mean": text[a + x.start("x") : a + x.end("x")],
                        "sd": text[sd_cell[1] + y.start("x") : sd_cell[1] + y.end("x")],
                    },
                    ["mean and SD read from consecutive rows labelled Mean and SD"],
                    rank=5,
                    fragment=text[a : sd_cell[2]],
                )
            else:
                f = _cell(
                    cell,
                    a,
                    text,
                    ctx,
                    local,
                    layout,
                    # read by _cell only for a bare whole number: the long context is searched for those alone
                    counts=bool(
                        arm and _INT_CELL.match(cell) and not _NOT_COUNT_ROW.search(label) and _says(_SAYS_COUNTS, ctx)
                    ),
                    n=(n_local, n),
                    row_counts=(r, j, col_n, block_n),  # row_of_counts' row: read only where _cell needs it
                    head=head,
                )
            if f is None:
                continue
            if f.kind == "excluded":
                out.append(f)
                continue
            if n_local and n_source != "cell":  # the block's size, unless the count's percentage is of the column's
                which = of_which(f.fields.get("k"), f.fields.get("percent"), n_local, n)
                ended = ended or (block_kind == "sizes" and which != "local" and bool(f.fields.get("percent")))
                if which == "local" or (which is None and block_kind == "n_row") or (which is None and not ended):
                    n, n_source = n_local, "n_row"
            if "n" in f.fields:
                n_source = "cell"
            f.location = f"{where} | row: {label or section}"[:140] + (f" | column: {head}"[:100] if head else "")
            _place(f, arm, n, n_source, measure, time)
            out.append(f)
        if ended:
            block_n = None
    return out


def _n_row_sizes(r: list, body: list, text: str) -> dict[int, str] | None:
    """{column: n} of a body row that gives each column's group size ('n | 41 | 42', 'Total treated (N) | 187 (100)',
    'SAS patients (n) | 107 | 99'); a P value or an estimate after the sizes is no size ('Subjects, n | 131 | 142 |
    0.56 | 0.85 (0.51-1.40)', PMC3940644)."""
    label, cells = r[0][0], [c for c in r[1:] if c[0]]
    whole = bool(cells) and all(_ALL_OF.match(c[0]) for c in cells)
    if not cells or not (_N_ROW.match(label) or (whole and _SIZE_WORDS.search(label)) or _sizes_row(r, body)):
        return None
    out: dict[int, str] = {}
    for j, c in enumerate(r[1:], 1):
        m = (_INT_CELL.match(c[0]) or _ALL_OF.match(c[0])) if c[0] else None
        if m:
            out[j] = text[c[1] : c[1] + len(m.group("k"))]
        elif c[0] and not (out and _STAT_CELL.match(c[0])):
            return None
    return out or None


def _sizes_row(row: list, body: list) -> bool:
    """A row of group sizes labelled in words ('SAS patients (n) | 107 | 99 | 103', PMC5391070): a label naming
    people and ending in '(n)' or ', n', integer cells, and no count below larger than its column's size."""
    if not _SIZES_LABEL.search(row[0][0]) or not _SIZE_WORDS.search(row[0][0]):
        return False
    sizes = {j: int(c[0]) for j, c in enumerate(row[1:], 1) if _INT_CELL.match(c[0]) and c[0].strip().isdigit()}
    if not sizes or any(c[0] and j not in sizes for j, c in enumerate(row[1:], 1)):
        return False
    for r in body:
        for j, (cell, _, _) in enumerate(r[1:], 1):
            m = _CELL_PAREN.match(cell)
            if j in sizes and m and m.group("a").isdigit() and int(m.group("a")) > sizes[j]:
                return False
    return True


def _counts_agree(text: str, rows: list, col_n: dict[int, tuple[str, str]], marked: bool = False) -> bool:
    """Whether a table's unlabelled 'k (x)' cells are counts and percentages: at least three under a column
    with an n, and four in five of them print x = 100 k / n to its decimals (PMC5312688's '28 (56)' under
    'Control(n=50)', its table saying neither n (%) nor SD). The cells that disagree are then read alike,
    so a wrong percentage is drafted (and audited), not hidden. With ``marked``, cells printed 'k (x%)' count
    too: whether a one-group table's caption n is its columns' n (PMC3852769's 'pivotal studies (n = 108)' over
    '13 (12.0%)' cells). A row labelled as a mean or SD ('Age, mean (SD)') holds no counts and is not counted
    (PMC5051790's one-group table: with it, one wrong percentage among seven counts took the caption's n away)."""
    agree = total = 0
    for r in rows:
        if r and (_SAYS_MEAN.search(r[0][0]) or _SAYS_SD.search(r[0][0])):
            continue
        for j, (cell, _, _) in enumerate(r[1:], 1):
            m = _CELL_PAREN.match(cell) if j in col_n else None
            if (
                m is None
                or m.group("lab")
                or m.group("pm")
                or (m.group("pct") and not marked)
                or not m.group("a").isdigit()
            ):
                continue
            n = int(col_n[j][0].replace(",", ""))
            if not 0 < n or int(m.group("a")) > n:
                continue
            total += 1
            b = m.group("b")
            if "," in b:  # '43 (1,219)' (PMC3738153): a thousands separator, never a percentage
                continue
            dec = len(b.split(".")[1]) if "." in b else 0
            agree += abs(100 * int(m.group("a")) / n - float(b)) <= 0.5 * 10**-dec + 1e-9
    return total >= 3 and agree >= 0.8 * total


def _cell(
    cell: str,
    a: int,
    text: str,
    ctx: str,
    local: str,
    layout: _Layout,
    counts: bool = False,
    n: str | tuple[str | None, ...] | None = None,
    row_counts: tuple[list, int, dict, dict | None] | None = None,
    head: str = "",
) -> Found | None:
    def sub(m: re.Match[str], g: str) -> str:
        return text[a + m.start(g) : a + m.end(g)]

    b = a + len(cell)
    if m := _CELL_PM.match(cell):
        what = _dispersion("pm", None, local, layout)
        if what == "SE" or _SAYS_OTHER.search(local):
            return Found("excluded", a, b, {}, rank=4)  # an SE is never read as an SD, here or in the running text
        f = Found("mean_sd", a, b, {"mean": sub(m, "mean"), "sd": sub(m, "sd")}, [], rank=5)
        if m.group("n"):
            f.fields["n"] = sub(m, "n")
        if what is None:
            f.review.append("read as mean ± SD: the table does not say SD")
        return f
    if m := _CELL_PCT_K.match(cell):  # '36.4% (32)': a share and its count, or under a Mean (SD) header a mean and SD
        pct, k = sub(m, "pct"), sub(m, "k")
        if _dispersion("paren", None, local, layout) == "SD" and not _SAYS_PCT.search(local.replace("%", "")):
            return Found("mean_sd", a, b, {"mean": pct, "sd": k}, ["a mean percentage and its SD"], rank=5)
        return Found("proportion", a, b, {"percent": pct, "k": k}, [], rank=5) if number_value(pct) <= 100 else None
    if m := _CELL_PCT.match(cell):
        pct = sub(m, "pct")
        if number_value(pct) <= 100:
            return Found("proportion", a, b, {"percent": pct}, [], rank=5)
        return None
    if m := _CELL_KN.match(cell):
        k, n, pct = sub(m, "k"), sub(m, "n"), sub(m, "pct")
        # not '52/772 (1.72)' under a rate per 100 person-years, nor 'male/female 126/142 (0.89)' (k/n itself)
        if int(k) <= int(n) and number_value(pct) <= 100 and not not_a_share(k, n, cell, pct, local, ctx):
            f = Found("proportion", a, b, {"percent": pct, "k": k, "n": n}, [], rank=5)
            return f
        return None
    if (m := _CELL_CI.match(cell)) and _SAYS_CI.search(ctx):
        # a column 'P (95% CI)', or notes saying cells are 'p (95% CI)' over a column naming no estimate and no CI (PMC5412886):
        # the number before the CI is its P, drafted as a p_value with that CI (check p_side_of_ci); a row marked for a
        # note 'median (range)' (PMC3952721) is excluded
        p_note = _P_HEAD.search(layout.text) and not _ESTIMATE_HEAD.search(head) and not _SAYS_CI.search(head)
        # the cell's own column naming a difference and no ratio says its scale, whatever the caption or another
        # column names ('Unadjusted difference (95% CI)' beside ORs named in the notes, PMC3898378)
        # (evidence.difference_head's test, inline: this module is at its statement budget)
        scale = (
            "log"
            if re.search(  # not HR where the table makes it a heart rate ('HR (bpm)', PMC3127977)
                r"\b(?:OR|HR|RR|IRR|[Rr]atio)\b",
                re.sub(r"\bHR\b", "", ctx)
                if re.search(r"\bHR\s{0,2}(?:[,:=]\s{0,2}(?i:heart\s{1,3}rate)|\(\s{0,2}(?:bpm|beats))", ctx)
                else ctx,
            )
            and not (
                re.search(r"(?i:differen|\bMD\b|\bchange\b|\bmean\b)", head)
                and not re.search(r"\b(?:OR|HR|RR|IRR|[Rr]atio)\b", head)
            )
            else "linear"
        )
        if _P_HEAD.search(head) or p_note or range_note(text, a):  # the cells print a P and the CI of its comparison
            return (
                Found(
                    "p_value",
                    a,
                    b,
                    {
                        "p": sub(m, "est"),
                        "lower": sub(m, "lo"),
                        "upper": sub(m, "hi"),
                        "estimand": local.strip()[:120] or "P",
                        "confidence_level": lvl.group(1) if (lvl := re.search(r"\b(9[09])\s{0,2}%", head)) else "95",
                        "scale": scale,
                    },
                    ["a P with the CI of its comparison, as the table's header or notes say: no estimate printed"],
                    rank=5,
                )
                if not range_note(text, a) and 0 <= number_value(sub(m, "est")) <= 1
                else Found("excluded", a, b, {}, rank=4)
            )
        return Found(
            "estimate_ci_p",
            a,
            b,
            {
                "estimate": sub(m, "est"),
                "lower": sub(m, "lo"),
                "upper": sub(m, "hi"),
                "estimand": local.strip()[:120] or "estimate",
                "confidence_level": "95",
                "scale": scale,
            },
            ["estimand, confidence level (95 assumed) and scale read from the table's header and row label"],
            rank=5,
        )
    if m := _CELL_PAREN.match(cell):
        first, second = sub(m, "a"), sub(m, "b")
        plain = not m.group("lab") and not m.group("pm")
        says_pct = plain and (
            bool(m.group("pct"))
            or bool(_SAYS_PCT.search(local))
            or (
                (bool(_says(_SAYS_PCT, ctx)) or layout.counts)
                and not _SAYS_SD.search(local)
                and not _SAYS_MEAN.search(local)
            )
        )
        sizes = [x for x in ((n,) if isinstance(n, str) else n or ()) if x and x.isdigit()]
        if (
            says_pct
            and not m.group("pct")
            and not _SAYS_PCT.search(local)
            and first.isdigit()
            and sizes
            and _dispersion("paren", None, local, layout) == "SD"
        ):
            # the table says both 'means (SD)' and 'percentages': a count is one whose share of a printed n it
            # prints, or one in a row whose other cells are (a wrong percentage does not make a row of means)
            says_pct = bool(row_counts and row_of_counts(text, *row_counts, _CELL_PAREN)) or any(
                agrees(first, second, x) for x in sizes
            )
        if says_pct and first.isdigit():
            # not 'Events (rate per 1,000 person-years) | 12 (3.4)': a rate, not a percentage of a size
            if number_value(second) <= 100 and not (
                m.group("pct") == "" and rate_bracket(first, second, sizes, local, ctx)
            ):
                f = Found("proportion", a, b, {"percent": second, "k": first}, [], rank=5)
                # not '1(6%)[3]' under N = 17 (PMC5768281): a bracket the share does not fit where the column's n
                # does is a day or a list of one, not the denominator
                nb = sub(m, "n") if m.group("n") else ""
                if (
                    nb
                    and int(nb) >= int(first)
                    and (agrees(first, second, nb) or not any(agrees(first, second, x) for x in sizes))
                ):
                    f.fields["n"] = nb
                return f
            return None
        if m.group("pct") or _SAYS_OTHER.search(local):
            return None
        what = _dispersion("pm" if m.group("pm") else "paren", m.group("lab"), local, layout)
        if what == "SE":
            return Found("excluded", a, b, {}, rank=4)
        if (
            what is None
            and layout.baseline
            and plain
            and not _SAYS_OTHER.search(layout.text)
            and ("." in first or "." in second)
        ):
            f = Found(
                "mean_sd",
                a,
                b,
                {"mean": first, "sd": second},
                ["read as mean (SD), the convention of a table of baseline characteristics: the table does not say"],
                rank=5,
            )
            return f
        if what == "SD" or (m.group("pm") and what is None):
            f = Found("mean_sd", a, b, {"mean": first, "sd": second}, [], rank=5)
            if m.group("n"):
                f.fields["n"] = sub(m, "n")
            if what is None:
                f.review.append("read as mean (± SD): the table does not say SD")
            return f
        return None
    if counts and (m := _INT_CELL.match(cell)):  # a bare count under an arm column of an events table
        return Found(
            "count", a, b, {"k": sub(m, "k")}, ["a bare count under an arm column: check it counts people"], rank=5
        )
    return None


def _place(f: Found, arm: str | None, n: str | None, n_source: str | None, measure: str, time: str | None) -> None:
    review = ["read from a table: arm from the column header (or the row label), measure from the row label"]
    if "n" in f.fields:
        f.fields["n_source"] = "cell"
    elif f.kind in ("mean_sd", "proportion", "count"):
        if n_source == "withheld":
            f.n_withheld = True
            review.append("n not placed: the row (a subgroup or the total) prints its own n, not the column's")
        elif n and not (f.kind in ("proportion", "count") and int(n.replace(",", "")) < int(f.fields.get("k", "0"))):
            f.fields["n"] = n
            f.fields["n_source"] = n_source or "column"
            f.arm_size = n_source in ("column", "section")
        else:
            review.append("n not placed: the table prints no group size for this column")
    if measure and f.kind != "estimate_ci_p":
        f.fields["measure"] = measure[:120]
    elif f.kind != "estimate_ci_p":
        review.append("measure not placed: the row has no label")
    if arm:
        f.fields["arm"] = arm
    else:
        review.append("arm not placed from the column header")
    if time:
        f.fields["time"] = time[:60]
    f.review[:0] = review
