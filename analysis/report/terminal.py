"""Audit and scan rows as text for a terminal: findings first, 100 columns, one line per file on request.

May import pandas and the standard library; nothing else of analysis (the CLI hands it frames).

A row is a head line (grade or verdict, check, where: study or file, entries, location), a line with
what was printed and what the inputs imply, and the explanation wrapped beneath them, indented, at
most :data:`EXPLANATION_LINES` lines (a finding's in full); each cut with an ellipsis to fit. ``wide=True`` cuts nothing.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"study": ["s"], "entry_ids": ["m"], "check": ["grim"], "verdict": ["inconsistent"],
...                    "grade": ["error"], "reported": ["5.19"], "recomputed": ["145/28 = 5.179"],
...                    "explanation": ["5.19 with n 28 is impossible"]})
>>> print(text_table(df, where="study"))
Findings (1)
ERROR     grim                 s: m
    printed 5.19; recomputed 145/28 = 5.179
    5.19 with n 28 is impossible
"""

from __future__ import annotations

import os
import textwrap

__all__ = ["text_table", "summary_table", "WIDTH", "EXPLANATION_LINES"]

#: the terminal width every line fits unless ``wide``
WIDTH = 100
#: lines of explanation under a consistent or not-testable row unless ``wide`` (a finding's is whole)
EXPLANATION_LINES = 2
#: head-line columns: grade or verdict, check (the rest of the line says where)
_COLUMNS = (9, 20)
_SECTIONS = (("inconsistent", "Findings"), ("consistent", "Consistent"), ("not_testable", "Not testable"))
_SHORT = {"inconsistent": "INCONSIST", "consistent": "ok", "not_testable": "untested"}


def _cut(text: str, width: int, wide: bool) -> str:
    text = " ".join(str(text).split())
    return text if wide or len(text) <= width else text[: width - 1] + "\u2026"


def _text(value) -> str:
    return "" if value is None or value != value else " ".join(str(value).split())


def _where(row, where: str) -> str:
    place = _text(row.get(where))
    place = os.path.basename(place) if where == "file" else place
    loc = _text(row.get("location"))
    return f"{place}: {_text(row.get('entry_ids'))}" + (f" ({loc})" if loc else "")


def _row_lines(row, where: str, wide: bool, most: int | None) -> list[str]:
    grade = row.get("grade")
    first = str(grade).upper() if isinstance(grade, str) and grade else _SHORT.get(row["verdict"], row["verdict"])
    w = _COLUMNS
    head = f"{_cut(first, w[0], wide):<{w[0]}} {_cut(row.get('check', ''), w[1], wide):<{w[1]}} "
    out = [head + _cut(_where(row, where), WIDTH - len(head), wide)]
    if _text(row.get("fragment")):
        out.append("    " + _cut(f'"{_text(row.get("fragment"))}"', WIDTH - 4, wide))
    numbers = [
        f"{label} {_text(row.get(col))}"
        for label, col in (("printed", "reported"), ("recomputed", "recomputed"))
        if _text(row.get(col))
    ]
    if numbers:
        out.append("    " + _cut("; ".join(numbers), WIDTH - 4, wide))
    text = _text(row.get("explanation"))
    if text:
        lines = textwrap.wrap(text, width=WIDTH - 4) if not wide else [text]
        if not wide and most is not None and len(lines) > most:
            lines = lines[:most]
            lines[-1] = _cut(lines[-1] + " \u2026", WIDTH - 4, False)
        out += ["    " + line for line in lines]
    return out


def text_table(df, where: str = "study", wide: bool = False, list_untested: bool = True) -> str:
    """Audit or scan rows as text, findings first.

    Parameters
    ----------
    df : pandas.DataFrame
        Audit rows (``study`` column) or scan rows (``file``), with ``check``, ``verdict``,
        ``reported``, ``recomputed``, ``explanation`` and, when present, ``grade`` and ``location``;
        findings keep their order (by grade).
    where : {"study", "file"}
        The column that says where a row comes from (a file is shown by its name).
    wide : bool
        Cut nothing (lines may then exceed :data:`WIDTH`).
    list_untested : bool
        List the not-testable rows; otherwise one line counts them.

    Returns
    -------
    str
        A section per verdict (findings, consistent, not testable), each headed with its count.
    """
    blocks = []
    for verdict, title in _SECTIONS:
        rows = df[df["verdict"] == verdict]
        if not len(rows):
            continue
        if verdict == "not_testable" and not list_untested:
            blocks.append(f"{title}: {len(rows)} rows, not listed (--verdict not_testable lists them)")
            continue
        lines = [f"{title} ({len(rows)})"]
        for _, row in rows.iterrows():
            lines += _row_lines(row, where, wide, None if verdict == "inconsistent" else EXPLANATION_LINES)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "No rows."


def summary_table(df, where: str = "study", files=(), wide: bool = False) -> str:
    """One line per study or file: checks, findings by grade, consistent and not-testable rows.

    ``files`` lists files with no rows at all, so that every file scanned has its line.
    """
    import pandas as pd

    from_rows = list(dict.fromkeys(df[where].astype(str))) if len(df) else []
    names = from_rows + [f for f in map(str, files) if f not in set(from_rows)]
    head = (
        f"{'file' if where == 'file' else 'study':<44} {'checks':>6} {'error':>6} {'likely':>6} {'rounding':>8} "
        f"{'consist.':>8} {'untested':>8}"
    )
    lines = [head]
    for name in names:
        g = df[df[where].astype(str) == name] if len(df) else df
        inc = g[g["verdict"] == "inconsistent"] if len(g) else g
        grade = inc["grade"] if "grade" in inc else pd.Series(dtype=object)
        shown = os.path.basename(name) if where == "file" else name
        lines.append(
            f"{_cut(shown, 44, wide):<44} {len(g):>6} {int((grade == 'error').sum()):>6} "
            f"{int((grade == 'likely').sum()):>6} {int((grade == 'rounding').sum()):>8} "
            f"{int((g['verdict'] == 'consistent').sum()) if len(g) else 0:>8} "
            f"{int((g['verdict'] == 'not_testable').sum()) if len(g) else 0:>8}"
        )
    return "\n".join(lines)
