"""Tables: cells of rows printed as ``cell | cell | cell`` become entries placed by column header and row label.

The readers print a table one row per line with its cells joined by ``" | "`` (header rows first).
A block of such lines is a table; its leading rows without numbers are the header. A cell
``49.4 ± 38.9`` or ``49.4 (38.9)`` (where the table says mean (SD)) becomes a ``mean_sd``, ``12 (40%)``
or ``12/30 (40%)`` a ``proportion``, ``2.1 (1.2 to 3.4)`` under a CI header an ``estimate_ci_p``; its
arm is the column header (``Placebo (n = 30)`` gives arm ``placebo`` and n 30) and its measure the row
label. The same rules read a Markdown pipe table.
"""
from __future__ import annotations

import re

from .descriptives import arm_id
from .found import Found
from .tokens import NUM, SNUM, compile

__all__ = ["find_table_cells"]

_ROWLINE = compile(r"(?m:^[^\n|]{0,400}(?: \| [^\n|]{0,400}){1,60}$)")
_STARTS_NUM = compile(r"^\s{0,3}[<>≤≥]?\s{0,2}" + SNUM)
_CELL_PM = compile(r"^\s{0,2}(?P<mean>" + SNUM + r")\s{0,3}(?:±|\+/-|\+-)\s{0,3}(?P<sd>" + NUM + r")\s{0,2}$")
_CELL_PAREN = compile(r"^\s{0,2}(?P<a>" + SNUM + r")\s{0,2}[(\[]\s{0,2}(?P<b>" + NUM + r")\s{0,2}(?P<pct>%?)\s{0,2}[)\]]\s{0,2}$")
_CELL_KN = compile(r"^\s{0,2}(?P<k>\d{1,7})\s{0,2}/\s{0,2}(?P<n>\d{1,7})\s{0,2}[(\[]\s{0,2}(?P<pct>" + NUM
                   + r")\s{0,2}%?\s{0,2}[)\]]\s{0,2}$")
_CELL_CI = compile(r"^\s{0,2}(?P<est>" + SNUM + r")\s{0,2}[(\[]\s{0,2}(?P<lo>" + SNUM + r")\s{0,3}(?:to|–|—|-|,|;)\s{0,3}(?P<hi>"
                   + SNUM + r")\s{0,2}[)\]]\s{0,2}$")
_HEADER_N = compile(r"(?i:\b[nN]\s{0,2}=\s{0,2}(?P<n>\d{1,3}(?:,\d{3}){1,2}|\d{1,7}))")
_SAYS_SD = compile(r"(?i:\bSD\b|standard deviation|s\.d\.)")
_SAYS_PCT = compile(r"(?i:%|\bn\s{0,2}\(\s{0,2}%|percent|no\.\s{0,2}\()")
_SAYS_CI = compile(r"(?i:\bCI\b|confidence interval|\bCrI\b)")
_SAYS_SE = compile(r"(?i:\bSEM?\b|standard error)")
_NOT_ARM = compile(r"(?i:^\s{0,3}(?:p|p[- ]value|p value|pvalue|difference|statistic|test|t|f|z|χ2|chi2|df|variable|"
                   r"characteristic|outcome|measure|item|effect size|or|hr|rr|95% ci|ci)\b)")


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


def _blocks(text: str, shadow: str):
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
    for block in _blocks(text, shadow):
        if len(block) < 2:
            continue
        rows = [_cells(text, a, b) for a, b in block]
        first = block[0][0]
        caption_start = text.rfind("\n\n", max(0, first - 400), max(0, first - 1))
        caption = text[caption_start + 2 if caption_start >= 0 else max(0, first - 400):first]
        n_head = 0
        while n_head < len(rows) and not any(_STARTS_NUM.match(c[0]) for c in rows[n_head][1:]):
            n_head += 1
        if n_head == len(rows):
            continue
        width = max(len(r) for r in rows)
        headers = []
        for j in range(width):
            parts: list[str] = []
            for r in rows[:n_head]:
                if j < len(r) and r[j][0] and (not parts or parts[-1] != r[j][0]):
                    parts.append(r[j][0])
            headers.append(" ".join(parts))
        label = ""
        for r in rows[n_head:]:
            if r[0][0] and not _STARTS_NUM.match(r[0][0]):
                label = r[0][0]
            for j, (cell, a, b) in enumerate(r[1:], start=1):
                head = headers[j] if j < len(headers) else ""
                f = _cell(cell, a, b, text, label, head, caption + " " + (headers[0] if headers else ""))
                if f is not None:
                    out.append(f)
    return out


def _cell(cell: str, a: int, b: int, text: str, label: str, head: str, context: str) -> Found | None:
    def sub(m, g):
        return text[a + m.start(g):a + m.end(g)]

    ctx = " ".join((context, head, label))
    fields: dict[str, str] = {}
    review: list[str] = []
    kind = None
    if (m := _CELL_PM.match(cell)) and not (_SAYS_SE.search(ctx) and not _SAYS_SD.search(ctx)):
        kind, fields = "mean_sd", {"mean": sub(m, "mean"), "sd": sub(m, "sd")}
    elif m := _CELL_KN.match(cell):
        k, n, pct = sub(m, "k"), sub(m, "n"), sub(m, "pct")
        if int(k) <= int(n) and float(pct) <= 100:
            kind, fields = "proportion", {"percent": pct, "k": k, "n": n}
    elif (m := _CELL_CI.match(cell)) and _SAYS_CI.search(ctx):
        kind = "estimate_ci_p"
        fields = {"estimate": sub(m, "est"), "lower": sub(m, "lo"), "upper": sub(m, "hi"),
                  "estimand": " ".join(x for x in (head, label) if x)[:120] or "estimate",
                  "confidence_level": "95", "scale": "log" if re.search(r"\b(?:OR|HR|RR|IRR|ratio)\b", ctx) else "linear"}
        review.append("estimand, confidence level (95 assumed) and scale read from the table's header and row label")
    elif m := _CELL_PAREN.match(cell):
        first, second = sub(m, "a"), sub(m, "b")
        says_pct = bool(m.group("pct")) or bool(_SAYS_PCT.search(" ".join((head, label)))) or (
            bool(_SAYS_PCT.search(context)) and not _SAYS_SD.search(" ".join((head, label))))
        if m.group("pct") or (says_pct and first.isdigit()):
            if first.isdigit() and float(second) <= 100:
                kind, fields = "proportion", {"percent": second, "k": first}
        elif _SAYS_SD.search(ctx) and not _SAYS_SE.search(" ".join((head, label))):
            kind, fields = "mean_sd", {"mean": first, "sd": second}
    if kind is None:
        return None
    arm = None if not head or _NOT_ARM.match(head) else arm_id(head)
    if kind in ("mean_sd", "proportion"):
        nm = _HEADER_N.search(head)
        if nm and "n" not in fields:
            n = nm.group("n")
            if kind == "proportion" and int(n.replace(",", "")) < int(fields.get("k", "0")):
                review.append(f"the column's n = {n} is below the count: denominator not placed")
            else:
                fields["n"] = n
        elif "n" not in fields:
            review.append("n not placed: the column header prints no n")
    if label:
        fields["measure"] = label[:120]
    else:
        review.append("measure not placed: the row has no label")
    if arm:
        fields["arm"] = arm
    else:
        review.append("arm not placed from the column header")
    review.insert(0, "read from a table: arm from the column header, measure from the row label")
    if kind == "mean_sd" and not _SAYS_SD.search(ctx):
        review.append("read as mean ± SD: the table does not say SD")
    return Found(kind, a, b, fields, review, rank=5)
