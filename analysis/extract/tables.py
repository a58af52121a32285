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
"""
from __future__ import annotations

import re

from .descriptives import arm_id
from .found import Found
from .tokens import NUM, SNUM, compile, number_value

__all__ = ["find_table_cells"]

_ROWLINE = compile(r"(?m:^[^\n|]{0,400}(?: \| [^\n|]{0,400}){1,60}$)")
_STARTS_NUM = compile(r"^\s{0,3}[<>≤≥]?\s{0,2}" + SNUM)
_INT_CELL = compile(r"^\s{0,2}\d{1,7}\s{0,2}$")
_NUM_CELL = compile(r"^\s{0,2}" + SNUM + r"\s{0,2}$")
_PCT_CELL = compile(r"^\s{0,2}[(\[]\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%?\s{0,2}[)\]]\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_CELL_PCT = compile(r"^\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_CELL_PM = compile(r"^\s{0,2}(?P<mean>" + SNUM + r")\s{0,3}(?:±|\+/-|\+-)\s{0,3}(?P<sd>" + NUM + r")\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_CELL_PAREN = compile(r"^\s{0,2}(?P<a>" + SNUM + r")\s{0,2}[(\[]\s{0,2}(?P<b>" + NUM
                      + r")\s{0,2}(?P<pct>%?)\s{0,2}[)\]]\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_CELL_KN = compile(r"^\s{0,2}(?P<k>\d{1,7})\s{0,2}/\s{0,2}(?P<n>\d{1,7})\s{0,2}[(\[]\s{0,2}(?P<pct>" + NUM
                   + r")\s{0,2}%?\s{0,2}[)\]]\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_CELL_CI = compile(r"^\s{0,2}(?P<est>" + SNUM + r")\s{0,2}[(\[]\s{0,2}(?P<lo>" + SNUM + r")\s{0,3}(?:to|–|—|-|,|;)\s{0,3}(?P<hi>"
                   + SNUM + r")\s{0,2}[)\]]\s{0,2}[*†‡§a-d]{0,3}\s{0,2}$")
_HEADER_N = compile(r"(?i:\b[nN]\s{0,2}=\s{0,2}(?P<n>\d{1,3}(?:,\d{3}){1,2}|\d{1,7}))")
_N_HEAD = compile(r"^\s{0,2}(?:n|N|No\.?|Number)\s{0,2}$")
_SAYS_SD = compile(r"(?i:\bSD\b|standard deviation|s\.d\.)")
_SAYS_MEAN = compile(r"(?i:\bmean\b|\baverage\b|^\s{0,2}M\s{0,2}$)")
_SAYS_PCT = compile(r"(?i:%|\bn\s{0,2}\(\s{0,2}%|percent|no\.\s{0,2}\()")
_SAYS_CI = compile(r"(?i:\bCI\b|confidence interval|\bCrI\b)")
_SAYS_SE = compile(r"(?i:\bSEM?\b|standard error)")
_SAYS_TIME = compile(r"(?i:baseline|follow|month|week|\bday|year|visit|post|pre-|endpoint|screening|\bT\d)")
_DESCRIPTOR = compile(r"(?i:^\s{0,2}(?:n|no\.?|%|\(%\)|n\s{0,2}\(%\)|mean|sd|\(sd\)|m\s{0,2}\(sd\)|mean\s{0,2}\(sd\)|"
                      r"mean\s{0,2}±\s{0,2}sd|median|iqr|range|se|sem|95%\s{0,2}ci|p|p[- ]value|value|"
                      r"mean days[\w ]{0,40}|mean \(95% ci\)|n \(%\)|number|events?|total)\s{0,2}$)")
_NOT_ARM = compile(r"(?i:^\s{0,3}(?:p|p[- ]value|p value|pvalue|p for[\w ]{0,40}|difference|statistic|test|t|f|z|χ2|chi2|df|"
                   r"variable|characteristic|outcome|measure|item|effect size|or|hr|rr|95% ci|ci)\b)")


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
    return bool(_STARTS_NUM.match(cell)) and all(w.lower() == "to" for w in _WORD.findall(cell))


_WORD = compile(r"[A-Za-z]{3,40}")


def _arm_of(parts: list[str]) -> tuple[str | None, str | None, str]:
    """(arm id, n, descriptor text) from the header cells above a column, top to bottom."""
    arm, n, desc = None, None, []
    for part in parts:
        nm = _HEADER_N.search(part)
        if nm:
            n = nm.group("n")
        bare = re.sub(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]", " ", part).strip()
        if not bare or _DESCRIPTOR.match(part) or _DESCRIPTOR.match(bare) or _NOT_ARM.match(bare):
            desc.append(part)
        elif arm is None or nm:
            arm = arm_id(part)
        else:
            desc.append(part)
    return arm, n, " ".join(desc)


def find_table_cells(text: str, shadow: str) -> list[Found]:
    """Entries from the cells of every table in the text.

    >>> t = "Table 2. Outcomes, mean ± SD or n (%)\\n\\nOutcome | Placebo (n = 30) | Ketamine (n = 31)\\n"
    >>> t += "MADRS | 49.4 ± 38.9 | 30.1 ± 20.2\\nRemission | 12 (40%) | 20 (64.5%)\\n"
    >>> from analysis.extract.tokens import shadow
    >>> [(f.kind, f.fields.get("arm"), f.fields.get("measure"), f.fields.get("n")) for f in find_table_cells(t, shadow(t))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('mean_sd', 'placebo', 'MADRS', '30'), ('mean_sd', 'ketamine', 'MADRS', '31'),
     ('proportion', 'placebo', 'Remission', '30'), ('proportion', 'ketamine', 'Remission', '31')]
    """
    out: list[Found] = []
    for block in _blocks(shadow):
        if len(block) >= 2:
            out += _table(text, shadow, block)
    return out


def _table(text: str, shadow: str, block: list[tuple[int, int]]) -> list[Found]:
    rows = [_cells(shadow, a, b) for a, b in block]  # cells matched on the shadow, numbers cut from the text
    first = block[0][0]
    cap = shadow.rfind("\n\n", max(0, first - 600), max(0, first - 1))
    caption = shadow[cap + 2 if cap >= 0 else max(0, first - 600):first]
    n_head = 0
    while n_head < len(rows) and not any(_is_data(c[0]) for c in rows[n_head][1:]):
        if n_head and rows[n_head][0][0] and not any(c[0] for c in rows[n_head][1:]):
            break  # a section label under the header
        n_head += 1
    if n_head == len(rows):
        return []
    width = max(len(r) for r in rows)
    for i in range(n_head):  # a header without the empty corner cell is one short: shift it right
        if len(rows[i]) == width - 1 and rows[i][0][0]:
            rows[i] = [("", rows[i][0][1], rows[i][0][1])] + rows[i]
    cols = []
    for j in range(width):
        parts: list[str] = []
        for r in rows[:n_head]:
            if j < len(r) and r[j][0] and (not parts or parts[-1] != r[j][0]):
                parts.append(r[j][0])
        main = " ".join(p for p in parts if not _DESCRIPTOR.match(p))
        cols.append((" ".join(parts),) + _arm_of(parts) + (main,))
    out: list[Found] = []
    section, label = "", ""
    row_arms: dict[str, str | None] = {}
    for r in rows[n_head:]:
        filled = [c for c in r[1:] if c[0]]
        if r[0][0] and not filled:
            section, label = r[0][0], ""
            continue
        if r[0][0] and not _STARTS_NUM.match(r[0][0]):
            label = r[0][0]
        nm = _HEADER_N.search(label)
        row_arm = row_n = None
        if nm:
            row_arm, row_n = arm_id(label), nm.group("n")
            row_arms[row_arm] = row_n
        elif arm_id(label) in row_arms:
            row_arm, row_n = arm_id(label), row_arms[arm_id(label)]
        used: set[int] = set()
        # a column headed n (No., N) beside an arm's statistics gives that arm's size in this row
        row_sizes = {cols[j][1]: r[j][0] for j in range(1, min(len(r), len(cols)))
                     if cols[j][1] and _N_HEAD.match(cols[j][3] or "") and _INT_CELL.match(r[j][0])}
        for j in range(1, len(r)):
            if j in used:
                continue
            cell, a, b = r[j]
            head, arm, n, desc, main = cols[j] if j < len(cols) else ("", None, None, "", "")
            nxt = r[j + 1] if j + 1 < len(r) else None
            nxt_head = cols[j + 1][0] if j + 1 < len(cols) else ""
            if row_arm:
                arm, n = row_arm, row_n
                measure = section or caption.strip()[:80]
                time = main if _SAYS_TIME.search(main) else None
                if main and not time:
                    measure = f"{measure}: {main}" if measure else main
            else:
                measure = f"{section}: {label}" if section and label else (label or section)
                time = None
            ctx = " ".join((caption, cols[0][0] if cols else "", head, label))
            f = None
            if nxt is not None and _INT_CELL.match(cell) and _PCT_CELL.match(nxt[0]) and (
                    _SAYS_PCT.search(" ".join((head, nxt_head, label, caption)))):
                pm = _PCT_CELL.match(nxt[0])
                pct = text[nxt[1] + pm.start("pct"):nxt[1] + pm.end("pct")]
                if number_value(pct) <= 100:
                    f = Found("proportion", a, nxt[2], {"percent": pct, "k": text[a:b]}, [], rank=5)
                    used.add(j + 1)
            elif (nxt is not None and _NUM_CELL.match(cell) and _NUM_CELL.match(nxt[0]) and _SAYS_MEAN.search(head)
                  and _SAYS_SD.search(nxt_head) and not _SAYS_SD.search(head) and not nxt[0].lstrip().startswith("-")):
                f = Found("mean_sd", a, nxt[2], {"mean": text[a:b], "sd": text[nxt[1]:nxt[2]]}, [], rank=5)
                used.add(j + 1)
            else:
                f = _cell(cell, a, text, ctx, head + " " + desc + " " + label)
            if f is None:
                continue
            if not n and not row_arm and arm in row_sizes and f.kind == "mean_sd":
                n = row_sizes[arm].strip()
            _place(f, arm, n, measure, time)
            out.append(f)
    return out


def _cell(cell: str, a: int, text: str, ctx: str, near: str) -> Found | None:
    def sub(m, g):
        return text[a + m.start(g):a + m.end(g)]

    b = a + len(cell)
    if (m := _CELL_PM.match(cell)) and not (_SAYS_SE.search(ctx) and not _SAYS_SD.search(ctx)):
        f = Found("mean_sd", a, b, {"mean": sub(m, "mean"), "sd": sub(m, "sd")}, [], rank=5)
        if not _SAYS_SD.search(ctx):
            f.review.append("read as mean ± SD: the table does not say SD")
        return f
    if m := _CELL_PCT.match(cell):
        pct = sub(m, "pct")
        if number_value(pct) <= 100:
            return Found("proportion", a, b, {"percent": pct}, [], rank=5)
        return None
    if m := _CELL_KN.match(cell):
        k, n, pct = sub(m, "k"), sub(m, "n"), sub(m, "pct")
        if int(k) <= int(n) and number_value(pct) <= 100:
            return Found("proportion", a, b, {"percent": pct, "k": k, "n": n}, [], rank=5)
        return None
    if (m := _CELL_CI.match(cell)) and _SAYS_CI.search(ctx):
        scale = "log" if re.search(r"\b(?:OR|HR|RR|IRR|[Rr]atio)\b", ctx) else "linear"
        return Found("estimate_ci_p", a, b, {"estimate": sub(m, "est"), "lower": sub(m, "lo"), "upper": sub(m, "hi"),
                                             "estimand": near.strip()[:120] or "estimate", "confidence_level": "95",
                                             "scale": scale},
                     ["estimand, confidence level (95 assumed) and scale read from the table's header and row label"],
                     rank=5)
    if m := _CELL_PAREN.match(cell):
        first, second = sub(m, "a"), sub(m, "b")
        says_pct = bool(m.group("pct")) or bool(_SAYS_PCT.search(near)) or (
            bool(_SAYS_PCT.search(ctx)) and not _SAYS_SD.search(near))
        if says_pct and first.isdigit():
            if number_value(second) <= 100:
                return Found("proportion", a, b, {"percent": second, "k": first}, [], rank=5)
            return None
        if _SAYS_SD.search(ctx) and not _SAYS_SE.search(near) and not m.group("pct"):
            return Found("mean_sd", a, b, {"mean": first, "sd": second}, [], rank=5)
    return None


def _place(f: Found, arm: str | None, n: str | None, measure: str, time: str | None) -> None:
    review = ["read from a table: arm from the column header (or the row label), measure from the row label"]
    if f.kind in ("mean_sd", "proportion") and "n" not in f.fields:
        if n and not (f.kind == "proportion" and int(n.replace(",", "")) < int(f.fields.get("k", "0"))):
            f.fields["n"] = n
            f.arm_size = True
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
