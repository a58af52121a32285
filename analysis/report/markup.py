"""Report markup shared by every section: verdict labels and colours, numbers formatted per kind of
quantity, ledger strings escaped for Markdown (:func:`md`) and HTML, and the plain HTML table.

May import the standard library only (pandas frames are passed in); nothing of analysis.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any, Sequence

__all__ = ["VERDICT_TEXT", "verdict_label", "format_number", "md"]

#: Verdict -> the text a report prints (a mark that survives greyscale, then the word).
VERDICT_TEXT = {
    "consistent": "\u2714 consistent",
    "inconsistent": "\u2718 inconsistent",
    "not_testable": "\u2013 not testable",
}
_VERDICT_CSS = {
    "consistent": "background-color:#e5f5e0;color:#00441b;",
    "inconsistent": "background-color:#a50f15;color:#ffffff;font-weight:bold;",
    "not_testable": "background-color:#c8c8c8;color:#1a1a1a;font-style:italic;",
}


# --------------------------------------------------------------------------- formatting


def verdict_label(verdict: str) -> str:
    """``"consistent"`` -> ``"✔ consistent"`` (unknown verdicts pass through).

    >>> verdict_label("not_testable")
    '– not testable'
    """
    return VERDICT_TEXT.get(verdict, str(verdict))


def _isnan(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return False


#: Decimals per kind of quantity when formatting (full precision stays in the frames).
_DIGITS = {"proportion": 3, "ratio": 2, "difference": 2, "standardized": 2, "NNT": 1, "p": 3}


def format_number(x: Any, quantity: str = "", scale: str = "") -> str:
    """Format a value for a table, with digits chosen per kind of quantity.

    >>> format_number(0.26666, scale="proportion")
    '0.267'
    >>> format_number(0.0004, quantity="p from CI")
    '<0.001'
    >>> format_number(float("nan"))
    ''
    """
    if _isnan(x):
        return ""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isinf(v):
        return "\u221e" if v > 0 else "\u2212\u221e"
    q = quantity.lower()
    if q.startswith("p") and (" from " in q or q == "p"):
        return "<0.001" if v < 0.001 else f"{v:.3f}"
    digits = _DIGITS.get(quantity, _DIGITS.get(scale, 2))
    return f"{v:.{digits}f}".replace("-", "\u2212")


#: Markdown's punctuation (CommonMark backslash escapes); ``&``, ``<`` and ``>`` become entities first.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$:])")


def md(x: Any) -> str:
    """A ledger string as Markdown text that renders as exactly that text: no tag, link, image,
    emphasis, math or line break it might contain takes effect."""
    if _isnan(x):
        return ""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(x))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _code(x: Any) -> str:
    """An identifier in code type: a Markdown code span, whose text every renderer escapes.

    (Inline ``<code>…</code>`` HTML came out of nbconvert's HTML export as an empty ``<code></code>``
    before the text.) A backtick inside would end the span early, so it becomes a quote; a line
    break would end the paragraph, so it becomes a space.
    """
    text = str(x).replace("`", "'").replace("\r", " ").replace("\n", " ")
    return f"`{text}`"


def _esc(x: Any) -> str:
    return "" if _isnan(x) else html.escape(str(x))


def _cell(x: Any) -> str:
    """Escaped cell text with break opportunities after ``_`` and ``,`` (long ids wrap cleanly)."""
    return _esc(x).replace("_", "_<wbr>").replace(",", ",<wbr>")


def _table(
    df,
    columns: Sequence[tuple[str, str]],
    verdict_col: str | None = None,
    widths: dict[str, str] | None = None,
    css_class: str = "report-table",
    group_col: str | None = None,
) -> str:
    """A plain HTML table; the verdict column gets colour *and* a text mark. Consecutive rows with the
    same value in ``group_col`` share one cell of it (``rowspan``): a label is printed once."""
    widths = widths or {}
    values = [str(v) for v in df[group_col]] if group_col and len(df) else []
    spans = [0] * len(values)  # rows the cell spans, 0 where an earlier row's cell covers it
    for i, v in enumerate(values):
        if i and v == values[i - 1]:
            j = i - 1
            while spans[j] == 0:
                j -= 1
            spans[j] += 1
        else:
            spans[i] = 1
    head = "".join(
        f'<th style="width:{widths[c]}">{html.escape(t)}</th>' if c in widths else f"<th>{html.escape(t)}</th>"
        for c, t in columns
    )
    body = []
    for i, (_, row) in enumerate(df.iterrows()):
        cells = []
        for c, _t in columns:
            v = row.get(c, "")
            if c == group_col and values:
                if spans[i]:
                    cells.append(
                        f'<td rowspan="{spans[i]}">{_cell(v)}</td>' if spans[i] > 1 else f"<td>{_cell(v)}</td>"
                    )
                continue
            if c == verdict_col:
                cells.append(
                    f'<td class="verdict verdict-{_esc(v)}" style="{_VERDICT_CSS.get(v, "")}">'
                    f"{html.escape(verdict_label(v))}</td>"
                )
            else:
                cells.append(f"<td>{_cell(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
