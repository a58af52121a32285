"""Text and tables of the scan report (``notebooks/scan.ipynb``): a corpus summary, findings by grade,
check and paper, and each paper's findings, from the rows :func:`analysis.scan` returns.

May import analysis.report.markup, analysis.results and the standard library (pandas frames are passed in); never the
build, the kernels or the browser. Every string from a paper reaches the report escaped (:func:`md`
in Markdown, :func:`_esc` in HTML), and every list is capped with a line that says what was left out.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"file": ["a.txt", "a.txt"], "check": ["grim", "grim"],
...                      "verdict": ["inconsistent", "not_testable"], "grade": ["likely", None]})
>>> print(corpus_summary(("a.txt", "b.txt"), (("b.txt", "is empty"),), rows).splitlines()[0])
**2 files scanned: 1 read, 1 could not be read. 2 checks: 1 finding (0 error, 1 likely, 0 rounding), 0 consistent, 1 not testable.**
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any, Sequence

from ..results import InputError
from .markup import _esc, _table, md

__all__ = [
    "load_scan",
    "corpus_summary",
    "grade_check_table",
    "papers_table",
    "paper_order",
    "paper_section",
    "capped_papers",
    "untestable_table",
    "failed_table",
    "provenance",
    "GRADES",
]

#: grades of a finding, highest first (analysis.GRADES; repeated here so a report kernel stays lean)
GRADES = ("error", "likely", "rounding")
#: what a scan row is called in the report per verdict
_VERDICT_WORDS = {"inconsistent": "finding", "consistent": "consistent", "not_testable": "not testable"}
#: the scan's JSON is ours, but it is read as untrusted input all the same: at most this many bytes
MAX_SCAN_BYTES = 1024**3  # 1,000 development texts gave 55 MB


def load_scan(path: str | os.PathLike):
    """The scan written by ``reanalysis scan --report``: (files, failed, rows as a DataFrame).

    Raises :class:`analysis.InputError` naming the file, the field and the value when it is not such a scan.
    """
    import pandas as pd

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such scan file (made by `reanalysis scan PATH... --report DIR`)")
    if p.stat().st_size > MAX_SCAN_BYTES:
        raise InputError(f"{p}: {p.stat().st_size} bytes, over the {MAX_SCAN_BYTES} a scan file may have")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{p}: not a scan file (not JSON in UTF-8: {exc})") from None
    except RecursionError:
        raise InputError(f"{p}: not a scan file (JSON nested too deeply)") from None
    if not isinstance(doc, dict):
        raise InputError(f"{p}: not a scan file (a JSON {type(doc).__name__}, not an object with files, failed, rows)")
    files = _scan_list(p, doc, "files", "a file name", lambda v: isinstance(v, str))
    failed = _scan_list(
        p, doc, "failed", "a [file, reason] pair", lambda v: isinstance(v, list) and len(v) == 2 and _all_str(v)
    )
    rows = _scan_list(
        p, doc, "rows", "an object of strings, numbers or nulls", lambda v: isinstance(v, dict) and _flat(v)
    )
    failed = [(f, why) for f, why in failed]
    frame = pd.DataFrame(rows)
    for col in (
        "file",
        "entry_ids",
        "kind",
        "fragment",
        "check",
        "verdict",
        "reported",
        "recomputed",
        "explanation",
        "grade",
        "assumptions",
        "location",
    ):
        if col not in frame:
            frame[col] = ""
    return files, failed, frame.fillna("")


def _all_str(values) -> bool:
    return all(isinstance(v, str) for v in values)


def _flat(row: dict) -> bool:
    """A scan row: string keys, each value a string, a number, a bool or null (a cell of the frame)."""
    return _all_str(row) and all(v is None or isinstance(v, (str, int, float)) for v in row.values())


def _scan_list(path: Path, doc: dict, field: str, what: str, ok) -> list:
    """``doc[field]``, a list whose every item passes ``ok``; else one line naming file, field and value."""
    items = doc.get(field)
    if not isinstance(items, list):
        raise InputError(f"{path}: not a scan file (field {field!r} is {_short(items)}, not a list)")
    for i, item in enumerate(items):
        if not ok(item):
            raise InputError(f"{path}: not a scan file ({field}[{i}] is {_short(item)}, not {what})")
    return items


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def corpus_summary(files: Sequence[str], failed: Sequence[tuple[str, str]], rows) -> str:
    """The corpus in numbers (Markdown): files read and failed, checks by verdict, findings by grade."""
    inc = rows[rows["verdict"] == "inconsistent"] if len(rows) else rows
    by_grade = ", ".join(f"{int((inc['grade'] == g).sum()) if len(inc) else 0} {g}" for g in GRADES)
    n = {v: int((rows["verdict"] == v).sum()) if len(rows) else 0 for v in _VERDICT_WORDS}
    papers = inc["file"].nunique() if len(inc) else 0
    read = len(files) - len(failed)
    lines = [
        f"**{_plural(len(files), 'file')} scanned: {read} read, {len(failed)} could not be read. "
        f"{_plural(len(rows), 'check')}: {_plural(n['inconsistent'], 'finding')} ({by_grade}), "
        f"{n['consistent']} consistent, {n['not_testable']} not testable.**",
        "",
    ]
    lines.append(
        f"Findings sit in {_plural(papers, 'paper')} of the {read} read"
        + (
            f"; {read - rows['file'].nunique() if len(rows) else read} papers gave no checkable number at all."
            if read
            else "."
        )
    )
    lines += [
        "",
        "*Finding* is an `inconsistent` verdict: no reading of the printed numbers within their "
        "rounding reproduces what is printed. Its *grade* says how sure that is: **error** (impossible "
        "on what the paper itself establishes), **likely** (it rests on an assumption the paper does not "
        "state, named with the finding), **rounding** (off only in the last printed digit). "
        "*Not testable* rows (a check with no power, or a number the paper does not print) are counted "
        "here and not listed.",
    ]
    return "\n".join(lines)


def grade_check_table(rows) -> str:
    """Findings by check and grade, with the consistent and not-testable counts of each check (HTML)."""
    import pandas as pd

    if not len(rows):
        return "<p>No checks.</p>"
    inc = rows[rows["verdict"] == "inconsistent"]
    out = []
    for check, g in rows.groupby("check", sort=True):
        i = inc[inc["check"] == check]
        out.append(
            {
                "check": check,
                **{gr: int((i["grade"] == gr).sum()) for gr in GRADES},
                "findings": len(i),
                "consistent": int((g["verdict"] == "consistent").sum()),
                "not testable": int((g["verdict"] == "not_testable").sum()),
                "papers": i["file"].nunique(),
            }
        )
    df = pd.DataFrame(out).sort_values(["findings", "consistent"], ascending=False)
    cols = [
        ("check", "Check"),
        *[(g, g) for g in GRADES],
        ("findings", "Findings"),
        ("papers", "Papers with one"),
        ("consistent", "Consistent"),
        ("not testable", "Not testable"),
    ]
    return _table(df, cols, css_class="report-table narrow")


def _grade_rank(g: Any) -> int:
    return GRADES.index(g) if g in GRADES else len(GRADES)


def papers_table(files: Sequence[str], failed: Sequence[tuple[str, str]], rows, limit: int = 60) -> str:
    """One row per paper with findings, the most serious first (HTML), at most ``limit`` rows."""
    import pandas as pd

    inc = rows[rows["verdict"] == "inconsistent"] if len(rows) else rows
    if not len(inc):
        return "<p>No paper has a finding.</p>"
    out = []
    for f, g in inc.groupby("file", sort=False):
        allrows = rows[rows["file"] == f]
        out.append(
            {
                "file": os.path.basename(f),
                **{gr: int((g["grade"] == gr).sum()) for gr in GRADES},
                "findings": len(g),
                "checks": len(allrows),
                "consistent": int((allrows["verdict"] == "consistent").sum()),
                "_rank": tuple(-int((g["grade"] == gr).sum()) for gr in GRADES),
            }
        )
    df = pd.DataFrame(out).sort_values(["_rank", "file"])
    cols = [
        ("file", "Paper (file)"),
        *[(g, g) for g in GRADES],
        ("findings", "Findings"),
        ("checks", "Checks"),
        ("consistent", "Consistent"),
    ]
    note = (
        f'<p class="note">The {limit} papers with the most serious findings of {len(df)}; the other '
        f"{len(df) - limit} are in the scan's data (scan.json, or `reanalysis scan --summary`).</p>"
        if len(df) > limit
        else ""
    )
    return _table(df.head(limit), cols, css_class="report-table narrow") + note


def paper_order(rows) -> list[str]:
    """Papers with findings, the most serious first (errors, then likely, then rounding, then name)."""
    inc = rows[rows["verdict"] == "inconsistent"] if len(rows) else rows
    if not len(inc):
        return []
    keys = {
        f: (tuple(-int((g["grade"] == gr).sum()) for gr in GRADES), os.path.basename(f))
        for f, g in inc.groupby("file", sort=False)
    }
    return sorted(keys, key=lambda f: keys[f])


def paper_section(file: str, rows, limit: int = 25) -> str:
    """One paper's findings (HTML): a heading, its counts, and a table with the grade, the check, where
    the number sits, the fragment, what was printed and recomputed, why it is a finding and what the
    verdict rests on; at most ``limit`` rows, the rest counted."""
    mine = rows[rows["file"] == file]
    inc = mine[mine["verdict"] == "inconsistent"].copy()
    inc["_rank"] = inc["grade"].map(_grade_rank)
    inc = inc.sort_values("_rank", kind="stable")
    by_grade = ", ".join(f"{int((inc['grade'] == g).sum())} {g}" for g in GRADES)
    # the heading and its line stay with the table (a page never ends on a paper's name)
    head = (
        f'<div class="keep-with-next"><h3>{_esc(os.path.basename(file))}</h3><p>'
        f"{_plural(len(inc), 'finding')} ({by_grade}) of {_plural(len(mine), 'check')}; "
        f"{int((mine['verdict'] == 'consistent').sum())} consistent, "
        f'{int((mine["verdict"] == "not_testable").sum())} not testable. <span class="note">'
        f"{_esc(file)}</span></p></div>"
    )
    inc["where"] = inc["location"].astype(str)  # "sentence", or "table 2 | row: ... | column: ..."; "" unknown
    inc["numbers"] = [
        f"printed {r}; recomputed {c}" if c else f"printed {r}" for r, c in zip(inc["reported"], inc["recomputed"])
    ]
    inc["why"] = [
        e + (f" Assumed: {a}." if str(a).strip() else "") for e, a in zip(inc["explanation"], inc["assumptions"])
    ]
    cols = [
        ("grade", "Grade"),
        ("check", "Check"),
        ("where", "Where"),
        ("fragment", "Fragment"),
        ("numbers", "Numbers"),
        ("why", "Why it is a finding (and what it assumes)"),
    ]
    widths = {"grade": "7%", "check": "10%", "where": "12%", "fragment": "20%", "numbers": "15%"}
    note = (
        f'<p class="note">{len(inc) - limit} more findings of this paper are not shown '
        f"(the {limit} most serious are); `reanalysis scan {html.escape(os.path.basename(file))} "
        f"--verdict inconsistent` lists them all.</p>"
        if len(inc) > limit
        else ""
    )
    return head + _table(inc.head(limit), cols, widths=widths) + note


def untestable_table(rows) -> str:
    """The not-testable rows counted by check (HTML): they are counted, not listed."""

    nt = rows[rows["verdict"] == "not_testable"] if len(rows) else rows
    if not len(nt):
        return "<p>No not-testable rows.</p>"
    df = (
        nt.groupby("check")
        .agg(rows=("check", "size"), papers=("file", "nunique"))
        .reset_index()
        .sort_values("rows", ascending=False)
    )
    return _table(
        df, [("check", "Check"), ("rows", "Not-testable rows"), ("papers", "Papers")], css_class="report-table narrow"
    )


def failed_table(failed: Sequence[tuple[str, str]], limit: int = 40) -> str:
    """The files that could not be read, with why (HTML), at most ``limit``."""
    import pandas as pd

    if not failed:
        return "<p>Every file could be read.</p>"
    df = pd.DataFrame([{"file": os.path.basename(f), "why": why} for f, why in failed])
    note = (
        f'<p class="note">{len(df) - limit} more are named on stderr by `reanalysis scan`.</p>'
        if len(df) > limit
        else ""
    )
    return _table(df.head(limit), [("file", "File"), ("why", "Why it could not be read")]) + note


def capped_papers(papers: Sequence[str], shown: int) -> str:
    """What the per-paper section left out (Markdown): how many papers, and where to find them."""
    rest = len(papers) - shown
    names = ", ".join(md(os.path.basename(f)) for f in papers[shown : shown + 10])
    return (
        f"*{_plural(rest, 'more paper')} with findings {'is' if rest == 1 else 'are'} not listed here (this "
        f"report lists the {shown} with the most serious findings; the parameter `max_papers` sets it): "
        f"{names}{', ...' if rest > 10 else ''}. `reanalysis scan PATH --verdict inconsistent` lists every "
        "finding, and the scan file beside this report holds every row.*"
    )


def provenance(files: Sequence[str], scan_file: str | os.PathLike) -> str:
    """The scan file (name and SHA-256) and the versions of the software that made the report (HTML)."""
    import hashlib

    import pandas as pd

    from .content import versions

    p = Path(scan_file)
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    head = (
        f"<p>Scan of {_plural(len(files), 'file')}, rows in <code>{_esc(p.name)}</code> (SHA-256 "
        f"<code>{digest}</code>).</p>"
    )
    df = pd.DataFrame(list(versions().items()), columns=["package", "version"])
    return head + (
        '<div class="keep-together">'
        + _table(df, [("package", "Package"), ("version", "Version")], css_class="report-table narrow")
        + "</div>"
    )
