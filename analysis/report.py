"""Reports: the text, tables and build pipeline behind ``reports/``.

Two halves:

* helpers the notebooks call to turn ledger, audit and re-derivation frames into
  Markdown and HTML (:func:`summarize_findings`, :func:`ledger_table`,
  :func:`audit_table`, :func:`rederived_table`, :func:`provenance`, ...). They
  import only pandas, so a report kernel stays lean;
* :func:`build`, which runs ``notebooks/study.ipynb`` once per study and
  ``notebooks/overview.ipynb`` once with papermill, converts each executed
  notebook to HTML (nbconvert, inputs hidden) and prints the HTML to PDF with
  headless Chromium. Builds run in parallel, are cached on the content of their
  inputs, and are atomic: every output is written under a temporary name in its
  final folder and moved into place (:func:`os.replace`) only when the whole
  report is complete, so a failed build leaves the previous reports untouched.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"study": ["s"] * 2, "entry_ids": ["a", "b"], "check": ["grim", "grim"],
...                    "verdict": ["consistent", "inconsistent"], "reported": ["5.19", "5.18"],
...                    "recomputed": ["", ""], "explanation": ["fits", "5.18 with n = 28 is impossible"]})
>>> print(summarize_findings(df).splitlines()[0])
**2 checks: 1 consistent, 1 inconsistent, 0 not testable.**
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as _dt
import hashlib
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = [
    "VERDICT_TEXT", "verdict_label", "summarize_findings", "study_header", "ledger_table",
    "audit_table", "rederived_table", "percent_fits", "percent_fits_table", "provenance",
    "versions", "entry_verdicts", "verdict_counts", "unverified", "comparable_effects",
    "sensitivity_rows", "format_number", "reconstruction_inputs", "study_sources", "overview_header",
    "entry_verdicts_table", "counts_table", "unverified_table", "paired_inputs", "two_arm_sizes", "EFFECT_GRID", "effect_grid",
    "build", "BuildResult", "ReportBuildError", "find_chromium", "NOTEBOOKS",
]

_ROOT = Path(__file__).resolve().parent.parent
#: Where the report notebooks live.
NOTEBOOKS = _ROOT / "notebooks"
_PACKAGE = Path(__file__).resolve().parent

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


def _esc(x: Any) -> str:
    return "" if _isnan(x) else html.escape(str(x))


def _cell(x: Any) -> str:
    """Escaped cell text with break opportunities after ``_`` and ``,`` (long ids wrap cleanly)."""
    return _esc(x).replace("_", "_<wbr>").replace(",", ",<wbr>")


def _table(df, columns: Sequence[tuple[str, str]], verdict_col: str | None = None,
           widths: dict[str, str] | None = None, css_class: str = "report-table") -> str:
    """A plain HTML table; the verdict column gets colour *and* a text mark."""
    widths = widths or {}
    head = "".join(f'<th style="width:{widths[c]}">{html.escape(t)}</th>' if c in widths
                   else f"<th>{html.escape(t)}</th>" for c, t in columns)
    body = []
    for _, row in df.iterrows():
        cells = []
        for c, _t in columns:
            v = row.get(c, "")
            if c == verdict_col:
                cells.append(f'<td class="verdict verdict-{_esc(v)}" style="{_VERDICT_CSS.get(v, "")}">'
                             f"{html.escape(verdict_label(v))}</td>")
            else:
                cells.append(f"<td>{_cell(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="{css_class}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


# --------------------------------------------------------------------------- study sections


def study_header(ledger, study) -> str:
    """Markdown title block: study title, source with citation, DOI or registry, design."""
    study = ledger.study(study) if isinstance(study, str) else study
    src = ledger.sources.get(study.source)
    lines = [f"# {study.title}", ""]
    lines.append(f"**Study id:** `{study.id}` &nbsp;&nbsp; **Design:** {study.design.replace('_', ' ') or 'not stated'}"
                 + (f" &nbsp;&nbsp; **Arms:** {', '.join(study.arms)}" if study.arms else ""))
    lines.append("")
    if src is not None:
        ref = _source_refs(src)
        lines.append(f"**Source:** {src.title or src.id} ({src.document_type.replace('_', ' ') or 'document'})  ")
        if src.doi and str(src.doi).removeprefix("doi:") in src.citation:
            ref = [r for r in ref if not r.startswith("DOI")]
        lines.append(f"**Citation:** {src.citation}" + (f" ({'; '.join(ref)})" if ref else ""))
    if study.cites:
        lines.append(f"  \n**The study reported on:** {study.cites}")
    lines.append("")
    lines.append("Every number below is quoted from the source as printed; checks use the rounding "
                 "interval each printed number stands for.")
    return "\n".join(lines)


def summarize_findings(audit_df, entries=None) -> str:
    """The findings in plain words (Markdown): what holds, what does not, what could not be checked.

    Parameters
    ----------
    audit_df : DataFrame
        :func:`analysis.audit.audit` rows (``check, verdict, explanation, entry_ids``).
    entries : DataFrame, optional
        :meth:`Ledger.entries_frame` rows; ``text_only`` entries are counted as
        statements that could not be verified.
    """
    n = len(audit_df)
    counts = {v: int((audit_df["verdict"] == v).sum()) if n else 0 for v in VERDICT_TEXT}
    out = [f"**{n} check{'s' if n != 1 else ''}: {counts['consistent']} consistent, "
           f"{counts['inconsistent']} inconsistent, {counts['not_testable']} not testable.**", ""]
    if n and counts["consistent"]:
        ok = audit_df[audit_df["verdict"] == "consistent"]
        kinds = ok["check"].value_counts()
        listing = ", ".join(f"{k.replace('_', ' ')} ({v})" for k, v in kinds.items())
        out.append(f"**What holds.** {counts['consistent']} check{'s' if counts['consistent'] != 1 else ''} "
                   f"reproduce what was printed: {listing}.")
        out.append("")
    elif n:
        out.append("**What holds.** No check could confirm a printed number from the others.")
        out.append("")
    bad = audit_df[audit_df["verdict"] == "inconsistent"] if n else audit_df
    if len(bad):
        out.append(f"**What does not hold.** {len(bad)} check{'s' if len(bad) != 1 else ''} "
                   "cannot be reproduced from the printed numbers:")
        out.append("")
        for _, r in bad.iterrows():
            out.append(f"- \u2718 *{str(r['check']).replace('_', ' ')}* ({r['entry_ids']}): {r['explanation']}")
        out.append("")
    else:
        out.append("**What does not hold.** No check found a printed number that the other printed "
                   "numbers rule out.")
        out.append("")
    nt = audit_df[audit_df["verdict"] == "not_testable"] if n else audit_df
    text_only = 0 if entries is None else int((entries["kind"] == "text_only").sum())
    if len(nt) or text_only:
        parts = []
        if len(nt):
            checks = nt[nt["check"] != "text_only"]
            kinds = checks["check"].value_counts()
            if len(checks):
                listing = ", ".join(f"{k.replace('_', ' ')} ({v})" for k, v in kinds.items())
                parts.append(f"{len(checks)} check{'s' if len(checks) != 1 else ''} had no power or lacked "
                             f"information ({listing})")
        n_text = max(text_only, int((nt["check"] == "text_only").sum()) if len(nt) else 0)
        if n_text:
            parts.append(f"{n_text} statement{'s' if n_text != 1 else ''} without numbers that could be checked")
        out.append("**What could not be checked.** " + "; ".join(parts) + ". They are listed in the audit table "
                   "with the reason.")
    return "\n".join(out)


def ledger_table(entries_df) -> str:
    """The ledger entries as an HTML table (id, kind, measure, arm, time, values, fragment)."""
    cols = [("id", "Entry"), ("kind", "Kind"), ("measure", "Measure"), ("arm", "Arm"), ("time", "Time"),
            ("values", "Values as printed"), ("fragment", "Fragment in the source")]
    return _table(entries_df, cols, widths={"id": "14%", "kind": "10%", "values": "20%", "fragment": "28%"})


def audit_table(audit_df) -> str:
    """The audit as an HTML table; verdict cells carry colour and a text mark."""
    d = audit_df.copy()
    if len(d):
        d["check"] = d["check"].astype(str).str.replace("_", " ")
        d["entry_ids"] = d["entry_ids"].astype(str).str.replace(",", ", ")
    cols = [("entry_ids", "Entries"), ("check", "Check"), ("verdict", "Verdict"), ("reported", "Reported"),
            ("recomputed", "Recomputed"), ("explanation", "Explanation")]
    return _table(d, cols, verdict_col="verdict",
                  widths={"entry_ids": "13%", "check": "10%", "verdict": "11%", "reported": "13%",
                          "recomputed": "14%", "explanation": "39%"})


def rederived_table(df, include_assumed: bool = False) -> str:
    """Re-derived quantities with their CIs as an HTML table.

    Rows computed at an assumed correlation (``r`` set) are left to the sensitivity
    section unless ``include_assumed``.
    """
    import pandas as pd

    d = df.copy()
    if len(d) and "r" in d.columns and not include_assumed:
        r = pd.to_numeric(d["r"], errors="coerce")
        d = d[r.isna()]
    if len(d) == 0:
        return '<p class="note">No quantity can be re-derived from the printed numbers alone.</p>'
    rows = []
    for _, row in d.iterrows():
        q, s = str(row.get("quantity", "")), str(row.get("scale", ""))
        ci = ""
        if not _isnan(row.get("ci_low")) and not _isnan(row.get("ci_high")):
            lvl = row.get("confidence_level")
            lvl = f"{float(lvl) * 100:g}% CI " if not _isnan(lvl) else ""
            ci = f"{lvl}{format_number(row['ci_low'], q, s)} to {format_number(row['ci_high'], q, s)}"
        rows.append({"label": row.get("label", ""), "quantity": q, "estimate": format_number(row.get("estimate"), q, s),
                     "ci": ci, "method": row.get("method", ""), "entries": str(row.get("entries", "")).replace(",", ", "),
                     "note": row.get("note", "")})
    cols = [("label", "What"), ("quantity", "Quantity"), ("estimate", "Estimate"), ("ci", "Confidence interval"),
            ("method", "Method"), ("entries", "From entries"), ("note", "Note")]
    return _table(pd.DataFrame(rows), cols, widths={"label": "20%", "estimate": "9%", "ci": "16%", "note": "22%"})


def sensitivity_rows(df):
    """Re-derived rows computed at assumed correlations (``r`` not NaN), for the sensitivity plot."""
    import pandas as pd

    if df is None or len(df) == 0 or "r" not in df.columns:
        return df.iloc[0:0] if df is not None else None
    r = pd.to_numeric(df["r"], errors="coerce")
    return df[r.notna()]


def reconstruction_inputs(study, k: int = 200) -> list[dict]:
    """Arguments for :func:`analysis.reconstruct.reconstruct`, one per ``mean_sd`` entry with scale bounds.

    Narrow scales (at most 11 points, n <= 40) are searched exhaustively; wider ones with a
    seeded random (SPRITE) search for ``k`` distinct samples. Each item has ``args``,
    ``title`` and ``caption`` (Markdown).
    """
    out = []
    for e in study.entries:
        if e.kind != "mean_sd" or not (e.has("scale_low") and e.has("scale_high")):
            continue
        if e.has("items") and e.integer("items") != 1:
            continue  # scores averaged over items are not whole numbers
        low, high = e.reported("scale_low").value, e.reported("scale_high").value
        if low != int(low) or high != int(high):
            continue
        low, high, n = int(low), int(high), e.integer("n")
        if n < 2:
            continue
        exhaustive = (high - low + 1) <= 11 and n <= 40
        args = {"mean": str(e.get("mean")), "sd": str(e.get("sd")), "n": n, "low": low, "high": high,
                "method": "exhaustive" if exhaustive else "random"}
        if not exhaustive:
            args.update(k=k, seed=0)
        what = " ".join(str(x) for x in (e.get("measure", ""), e.get("arm", "") if e.get("arm") != "all" else "",
                                         e.get("time", "")) if x)
        how = ("every such sample (exhaustive search)" if exhaustive
               else f"up to {k} distinct samples from a seeded random search (SPRITE; not every sample)")
        out.append({"entry": e.id, "args": args,
                    "title": f"{what}: {e.get('mean')} ± {e.get('sd')}, n = {n}, scale {low} to {high}",
                    "caption": (f"**Possible samples for `{e.id}`** ({what}: mean {e.get('mean')}, SD {e.get('sd')}, "
                                f"n = {n}, whole scores from {low} to {high}): {how}. The bars show how many "
                                "participants would have each score, on average over the samples"
                                + ("; whiskers the fewest and most in any one sample." if high - low + 1 <= 15
                                   else "."))})
    return out


#: Standardized effects (Cohen's d) over which power curves are drawn, at most.
EFFECT_GRID = tuple(round(0.05 * i, 2) for i in range(0, 41))


def effect_grid(nobs1: int, nobs2: int, points: int = 41) -> tuple[float, ...]:
    """Effects from 0 to where a two-sample t test has power near 1 (at most d = 2).

    >>> effect_grid(12, 6)[-1]
    2.0
    >>> round(effect_grid(202, 201)[-1], 2)
    0.45
    """
    top = min(2.0, 4.5 * math.sqrt(1 / nobs1 + 1 / nobs2))
    return tuple(top * i / (points - 1) for i in range(points))


def paired_inputs(study) -> list[dict]:
    """Arguments for :func:`analysis.power.paired_sensitivity`, one per paired comparison of two
    ``mean_sd`` entries (the pre-post correlation is never printed, so the result is shown over r)."""
    out = []
    for e in study.of_kind("comparison"):
        if e.get("design") != "paired":
            continue
        ids = list(e.get("entries") or [])
        try:
            pre, post = (study.entry(i) for i in ids)
        except (KeyError, ValueError):
            continue
        if pre.kind != "mean_sd" or post.kind != "mean_sd":
            continue
        n = min(pre.integer("n"), post.integer("n"))
        what = pre.get("measure", "") or pre.id
        out.append({
            "entry": e.id,
            "args": {"mean_pre": str(pre.get("mean")), "std_pre": str(pre.get("sd")),
                     "mean_post": str(post.get("mean")), "std_post": str(post.get("sd")), "nobs": n},
            "title": f"{what}: {pre.get('mean')} \u00b1 {pre.get('sd')} ({pre.get('time') or pre.id}) to "
                     f"{post.get('mean')} \u00b1 {post.get('sd')} ({post.get('time') or post.id}), n = {n}",
            "caption": (f"**Paired change `{e.id}`** ({pre.id} to {post.id}): the source prints no pre-post "
                        "correlation r, so the paired t test (p), d_z and the standardized mean change (SMCR, "
                        "which does not depend on r; its 95% CI does) are shown for every r from 0 to 0.95."),
        })
    return out


def two_arm_sizes(study) -> list[dict]:
    """Arm sizes of a two-arm study, for a power curve: from per-arm ``sample_size`` entries, else
    from an independent ``comparison`` whose two entries print their n. Empty for other designs."""
    arms = [a for a in study.arms if a not in ("all", "")]
    sizes = {}
    for e in study.of_kind("sample_size"):
        if e.get("arm") in arms and e.get("arm") not in sizes:
            sizes[e.get("arm")] = e.integer("n")
    if len(arms) == 2 and len(sizes) == 2:
        (a1, n1), (a2, n2) = sizes.items()
        return [{"nobs1": n1, "nobs2": n2, "effects": effect_grid(n1, n2),
                 "title": f"Power of a two-sample t test with {n1} ({a1}) and {n2} ({a2}) participants, "
                          "two-sided \u03b1 = 0.05"}]
    for e in study.of_kind("comparison"):
        if e.get("design") != "independent":
            continue
        try:
            a, b = (study.entry(i) for i in e.get("entries"))
        except (KeyError, ValueError):
            continue
        if a.has("n") and b.has("n"):
            n1, n2 = a.integer("n"), b.integer("n")
            return [{"nobs1": n1, "nobs2": n2, "effects": effect_grid(n1, n2),
                     "title": f"Power of a two-sample t test with {n1} and {n2} participants "
                              f"(comparison {e.id}), two-sided \u03b1 = 0.05"}]
        if e.has("total") and str(e.get("allocation", "")).replace(" ", "") == "1:1":
            try:
                total = study.entry(e.get("total")).integer("n")
            except (KeyError, ValueError, TypeError):
                continue
            n1, n2 = (total + 1) // 2, total // 2
            return [{"nobs1": n1, "nobs2": n2, "effects": effect_grid(n1, n2),
                     "title": f"Power of a two-sample t test with {n1} and {n2} participants (arm sizes "
                              f"not printed: {total} randomized 1:1), two-sided \u03b1 = 0.05"}]
    return []


# --------------------------------------------------------------------------- percentages


def _percent_entries(study) -> list[tuple[str, str, int | None]]:
    out = []
    for e in study.entries:
        if e.kind == "proportion" and e.has("percent"):
            n = e.integer("n") if e.has("n") else None
            lab = f'{e.get("percent")}{"" if "%" in str(e.get("percent")) else "%"} {e.get("measure", "") or e.id}'
            out.append((lab.strip(), str(e.get("percent")), n))
    return out


def percent_fits(study, n_min: int = 1, n_max: int | None = None):
    """For each printed percentage of a study: which denominators n (and counts k) reproduce it.

    A count k out of n fits when ``100 k / n`` lies in the rounding interval of the
    printed percentage (``"26.7"`` stands for [26.65, 26.75]).

    Returns
    -------
    DataFrame
        ``label, percent, n, fits, counts, reported_n`` with one row per (percentage, n),
        ``counts`` the fitting k as text.
    """
    import pandas as pd

    from .reported import parse_reported

    entries = _percent_entries(study)
    rows = []
    if not entries:
        return pd.DataFrame(columns=["label", "percent", "n", "fits", "counts", "reported_n"])
    sizes = [n for _, _, n in entries if n]
    sizes += [e.integer("n") for e in getattr(study, "entries", ()) if e.kind == "sample_size" and e.has("n")]
    top = n_max or max([40] + [math.ceil(1.1 * n) for n in sizes])
    for lab, pct, n_rep in entries:
        rp = parse_reported(pct.rstrip("%") if pct.endswith("%") else pct)
        lo, hi = rp.low, rp.high
        for n in range(n_min, top + 1):
            ks = [k for k in range(0, n + 1) if lo - 1e-9 <= 100 * k / n <= hi + 1e-9]
            rows.append({"label": lab, "percent": pct, "n": n, "fits": bool(ks),
                         "counts": ", ".join(f"{k}/{n}" for k in ks), "reported_n": n_rep})
    return pd.DataFrame(rows)


def percent_fits_table(fits) -> str:
    """HTML: per percentage, the reported n, whether it fits, the counts k/n that fit, the smallest n."""
    import pandas as pd

    if fits is None or len(fits) == 0:
        return '<p class="note">No percentages printed.</p>'
    rows = []
    for lab, g in fits.groupby("label", sort=False):
        n_rep = g["reported_n"].iloc[0]
        ok = g[g["fits"]]
        smallest = int(ok["n"].min()) if len(ok) else None
        if _isnan(n_rep):
            verdict, counts = "not_testable", ""
        else:
            hit = g[(g["n"] == int(n_rep)) & g["fits"]]
            verdict = "consistent" if len(hit) else "inconsistent"
            counts = hit["counts"].iloc[0] if len(hit) else "none"
        rows.append({"label": lab, "n": "" if _isnan(n_rep) else str(int(n_rep)), "verdict": verdict,
                     "counts": counts, "smallest": "" if smallest is None else str(smallest)})
    cols = [("label", "Percentage as printed"), ("n", "Reported n"), ("verdict", "Fits?"),
            ("counts", "Counts k/n that print as it"), ("smallest", "Smallest n possible")]
    return _table(pd.DataFrame(rows), cols, verdict_col="verdict")


# --------------------------------------------------------------------------- provenance


def versions(packages: Iterable[str] = ("ketamine-reanalysis", "numpy", "scipy", "statsmodels", "pandas",
                                         "matplotlib", "papermill", "nbconvert")) -> dict[str, str]:
    """Installed versions (from package metadata: nothing is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for p in packages:
        try:
            out["analysis" if p == "ketamine-reanalysis" else p] = version(p)
        except PackageNotFoundError:
            out["analysis" if p == "ketamine-reanalysis" else p] = "not installed"
    return out


def provenance(ledger, studies: Iterable[Any] | None = None) -> str:
    """HTML: ledger file hashes, source hashes, package versions, build date."""
    import pandas as pd

    studies = [ledger.study(s) if isinstance(s, str) else s for s in (studies or ledger.studies.values())]
    srcs = list(dict.fromkeys(s.source for s in studies))
    rows = [{"what": f"study file {Path(s.path).name}", "sha": s.sha256} for s in studies]
    rows += [{"what": f"source {sid} ({ledger.sources[sid].file})", "sha": ledger.sources[sid].sha256}
             for sid in srcs if sid in ledger.sources]
    checked = ("checked against the source texts at load" if getattr(ledger, "sources_checked", False)
               else "not checked: the source texts were not at hand")
    v = versions()
    vrows = pd.DataFrame([{"pkg": k, "ver": val} for k, val in v.items()])
    date = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return ("<p><b>Inputs (SHA-256).</b> Source hashes " + html.escape(checked) + ".</p>"
            + _table(pd.DataFrame(rows), [("what", "File"), ("sha", "SHA-256")], css_class="report-table mono")
            + "<p><b>Software.</b></p>"
            + _table(vrows, [("pkg", "Package"), ("ver", "Version")], css_class="report-table narrow")
            + f"<p><b>Built:</b> {date}. Ledger folder: <code>{html.escape(str(ledger.data_dir))}</code>.</p>")


# --------------------------------------------------------------------------- overview


def study_sources(ledger) -> dict[str, str]:
    """Study id -> source id."""
    return {sid: s.source for sid, s in ledger.studies.items()}


def _source_refs(src) -> list[str]:
    """Markdown links for a source's DOI and registry id."""
    ref = []
    if src.doi:
        doi = str(src.doi).removeprefix("doi:")
        ref.append(f"DOI [{doi}](https://doi.org/{doi})")
    if src.registry:
        ref.append(f"registry {src.registry}")
    return ref


def overview_header(ledger, entries, findings) -> str:
    """Markdown title block of the overview: what was re-analysed, how much, from which sources."""
    lines = ["# Re-analysis overview", "",
             f"**{len(ledger.studies)} studies** from **{len(ledger.sources)} sources**, "
             f"**{len(entries)} ledger entries**, **{len(findings)} checks**.", "", "Sources:", ""]
    for sid, src in sorted(ledger.sources.items()):
        ref = _source_refs(src)
        studies = ", ".join(f"`{s}`" for s, st in sorted(ledger.studies.items()) if st.source == sid)
        lines.append(f"- **{sid}**: {src.citation}" + (f" ({'; '.join(ref)})" if ref else "")
                     + (f". Studies: {studies}" if studies else ""))
    return "\n".join(lines)


_VERDICT_RANK = {"inconsistent": 3, "consistent": 2, "not_testable": 1}


def entry_verdicts(entries_df, audit_df):
    """Every entry with the verdict of the checks it takes part in.

    An entry is ``inconsistent`` when any of its checks is, else ``consistent`` when
    any is, else ``not_testable``; entries no check uses get ``no check``.
    """
    import pandas as pd

    per: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], list[str]] = {}
    for _, r in audit_df.iterrows():
        for eid in str(r["entry_ids"]).split(","):
            key = (r["study"], eid.strip())
            per.setdefault(key, []).append(r["verdict"])
            names.setdefault(key, []).append(str(r["check"]).replace("_", " "))
    rows = []
    for _, e in entries_df.iterrows():
        vs = per.get((e["study"], e["id"]), [])
        verdict = max(vs, key=lambda v: _VERDICT_RANK.get(v, 0)) if vs else "no check"
        rows.append({"source": e["source"], "study": e["study"], "id": e["id"], "kind": e["kind"],
                     "values": e["values"], "verdict": verdict,
                     "checks": ", ".join(dict.fromkeys(names.get((e["study"], e["id"]), [])))})
    return pd.DataFrame(rows, columns=["source", "study", "id", "kind", "values", "verdict", "checks"])


def entry_verdicts_table(df) -> str:
    """HTML table of :func:`entry_verdicts`."""
    cols = [("study", "Study"), ("id", "Entry"), ("kind", "Kind"), ("values", "Values as printed"),
            ("checks", "Checks"), ("verdict", "Verdict")]
    return _table(df, cols, verdict_col="verdict",
                  widths={"study": "14%", "id": "17%", "kind": "10%", "values": "24%", "verdict": "12%"})


def verdict_counts(audit_df, ledger=None, by: str = "source"):
    """Verdict counts per source (or per study) as a DataFrame with a total column."""
    import pandas as pd

    d = audit_df.copy()
    if by == "source":
        if ledger is None:
            raise ValueError("verdict_counts(by='source') needs the ledger to map studies to sources")
        d["source"] = d["study"].map(lambda s: ledger.studies[s].source)
    tab = d.groupby([by, "verdict"]).size().unstack(fill_value=0)
    tab = tab.reindex(columns=list(VERDICT_TEXT), fill_value=0)
    tab["total"] = tab.sum(axis=1)
    tab.columns = [verdict_label(c) if c in VERDICT_TEXT else c for c in tab.columns]
    return tab.reset_index()


def counts_table(tab) -> str:
    """HTML table of :func:`verdict_counts`."""
    cols = [(c, c) for c in tab.columns]
    return _table(tab, cols, css_class="report-table narrow")


def unverified(entries_df, audit_df):
    """Statements that could not be verified: ``text_only`` entries and ``not_testable`` checks."""
    import pandas as pd

    rows = []
    text = entries_df[entries_df["kind"] == "text_only"]
    for _, e in text.iterrows():
        rows.append({"study": e["study"], "what": e["id"], "statement": e["fragment"],
                     "why": "A statement without numbers that could be checked."})
    nt = audit_df[(audit_df["verdict"] == "not_testable") & (audit_df["check"] != "text_only")]
    for _, r in nt.iterrows():
        rows.append({"study": r["study"], "what": f"{r['entry_ids']} ({str(r['check']).replace('_', ' ')})",
                     "statement": r["reported"], "why": r["explanation"]})
    return pd.DataFrame(rows, columns=["study", "what", "statement", "why"])


def unverified_table(df) -> str:
    """HTML table of :func:`unverified`."""
    cols = [("study", "Study"), ("what", "Entry (check)"), ("statement", "Statement or value"),
            ("why", "Why it could not be verified")]
    return _table(df, cols, widths={"study": "14%", "what": "20%", "statement": "30%"})


def comparable_effects(rederived_all, min_studies: int = 2):
    """Re-derived rows that can sit on a common axis across studies.

    Keeps quantities (same ``quantity`` and ``scale``, no assumed correlation) that
    at least ``min_studies`` studies report; labels become ``study: label``. Nothing
    is pooled: different designs are shown side by side, never combined.
    """
    import pandas as pd

    d = rederived_all
    if d is None or len(d) == 0:
        return d
    if "r" in d.columns:
        d = d[pd.to_numeric(d["r"], errors="coerce").isna()]
    # a printed estimate of one outcome is not comparable with another's; p-values are not effects
    d = d[~d["quantity"].isin(["reported estimate", "p from CI"]) & (d["scale"].astype(str) != "p")]
    n = d.groupby(["quantity", "scale"])["study"].nunique()
    keep = n[n >= min_studies].index
    d = d.set_index(["quantity", "scale"]).loc[lambda x: x.index.isin(keep)].reset_index()
    d = d.assign(label=d["study"] + ": " + d["label"].astype(str))
    return d


# --------------------------------------------------------------------------- build

#: CSS injected into every HTML report: A4 pages, readable tables that wrap, no overflow.
REPORT_CSS = """
@page { size: A4; margin: 15mm 13mm 16mm 13mm; }
html, body { background: #ffffff !important; }
body, .jp-RenderedHTMLCommon, .jp-Notebook {
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif !important;
  font-size: 10pt !important; line-height: 1.38 !important; color: #111 !important; }
.jp-Notebook { padding: 0 !important; }
.jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
.jp-RenderedHTMLCommon { padding-left: 0 !important; padding-right: 0 !important; margin-left: 0 !important;
  overflow: visible !important; max-width: 100% !important; }
.jp-OutputPrompt, .jp-InputPrompt, .jp-OutputArea-prompt { display: none !important; }
.jp-Cell { padding-top: 0 !important; padding-bottom: 0 !important; }
h1 { font-size: 17pt !important; margin: 0 0 6pt 0 !important; line-height: 1.2 !important; }
h2 { font-size: 13pt !important; margin: 12pt 0 4pt 0 !important; border-bottom: 1px solid #999;
  break-after: avoid; page-break-after: avoid; }
.jp-MarkdownCell { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
h3 { font-size: 11pt !important; margin: 9pt 0 3pt 0 !important; break-after: avoid; }
.jp-RenderedHTMLCommon table, table.report-table {
  font-size: 8.3pt !important; border-collapse: collapse !important; width: 100% !important;
  table-layout: auto !important; margin: 4pt 0 8pt 0 !important; }
table.report-table.narrow { width: auto !important; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, table.report-table td, table.report-table th {
  text-align: left !important; vertical-align: top !important; padding: 2pt 3pt !important;
  white-space: normal !important; overflow-wrap: break-word; word-break: normal; max-width: none !important;
  border: 0.5pt solid #bbbbbb !important; line-height: 1.25 !important; }
table.report-table th { background: #f0f0f0 !important; font-weight: bold !important; }
table.report-table tbody tr:nth-child(odd) td:not(.verdict) { background: #ffffff !important; }
table.report-table tbody tr:nth-child(even) td:not(.verdict) { background: #f8f8f8 !important; }
table.report-table td.verdict { white-space: nowrap !important; }
table.mono td { font-family: "DejaVu Sans Mono", monospace !important; font-size: 7.5pt !important; }
.jp-OutputArea-child, .jp-OutputArea-output, .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea {
  break-inside: auto !important; page-break-inside: auto !important; }
.jp-RenderedMarkdown { break-inside: avoid; }
.jp-OutputArea-child:has(.jp-RenderedMarkdown):has(+ .jp-OutputArea-child .jp-RenderedImage) {
  break-after: avoid; page-break-after: avoid; }
.jp-RenderedImage, tr, img { break-inside: avoid !important; page-break-inside: avoid !important; }
thead { display: table-header-group; }
img { max-width: 100% !important; height: auto !important; }
.jp-RenderedImage { text-align: left !important; }
code { font-size: 8.5pt; }
p.note { color: #444; font-style: italic; }
* { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
"""


class ReportBuildError(RuntimeError):
    """A report could not be built; the message names the notebook, the study and the cell."""


class BuildResult(list):
    """The report files (a ``list[Path]``), with which were rebuilt and which came from the cache."""

    def __init__(self, paths=(), built=(), cached=()):
        super().__init__(paths)
        self.built: list[str] = list(built)
        self.cached: list[str] = list(cached)


def find_chromium() -> str:
    """Path of a Chromium executable, or a :class:`ReportBuildError` that says how to install one."""
    env = os.environ.get("REANALYSIS_CHROMIUM")
    candidates = [env] if env else []
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            candidates.append(p)
    candidates += ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise ReportBuildError(
        "PDF output needs Chromium, which was not found on PATH or at /usr/bin/chromium. Install it with: "
        "sudo apt-get install --no-install-recommends chromium  (or set $REANALYSIS_CHROMIUM, "
        "or build HTML only with --format html)")


@dataclasses.dataclass(frozen=True)
class _Job:
    name: str                  # study id, or "overview"
    notebook: Path
    parameters: dict
    key: str
    out_dir: Path
    formats: tuple[str, ...]


def _digest_files(h, paths: Iterable[Path], base: Path | None = None) -> None:
    for p in paths:
        name = str(p.relative_to(base)) if base is not None else p.name
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())


def _cache_key(notebook: Path, study_files: Sequence[Path], data_dir: Path, formats: Sequence[str]) -> str:
    h = hashlib.sha256()
    h.update(("formats:" + ",".join(sorted(formats)) + "\0").encode())
    h.update(json.dumps(versions(), sort_keys=True).encode())
    _digest_files(h, [notebook])
    _digest_files(h, [data_dir / "sources.yaml"])
    _digest_files(h, study_files)
    _digest_files(h, sorted(_PACKAGE.glob("*.py")), _PACKAGE)
    return h.hexdigest()


def _outputs(job: _Job) -> list[Path]:
    out = [job.out_dir / "executed" / f"{job.name}.ipynb"]
    out += [job.out_dir / f"{job.name}.{fmt}" for fmt in ("html", "pdf") if fmt in job.formats]
    return out


def _cache_file(job: _Job) -> Path:
    return job.out_dir / ".cache" / f"{job.name}.json"


def _is_fresh(job: _Job) -> bool:
    try:
        meta = json.loads(_cache_file(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("key") == job.key and all(p.is_file() and p.stat().st_size > 0 for p in _outputs(job))


def _partial(path: Path) -> Path:
    """A temporary name in the same folder (so os.replace is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


def _postprocess_html(body: str) -> str:
    # drop every script loaded from the network (MathJax, require.js from a CDN): no network at build
    body = re.sub(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", body)
    body = re.sub(r'<link[^>]*\bhref="https?://[^"]*"[^>]*>', "", body)
    style = f'<style type="text/css" id="reanalysis-report">{REPORT_CSS}</style>'
    if "</head>" in body:
        body = body.replace("</head>", style + "\n</head>", 1)
    else:
        body = style + body
    return body


_EXPORTERS = None


def _exporter():
    """One HTMLExporter per thread (building its template environment costs about 0.3 s)."""
    global _EXPORTERS
    import threading

    from nbconvert import HTMLExporter

    if _EXPORTERS is None:
        _EXPORTERS = threading.local()
    exp = getattr(_EXPORTERS, "html", None)
    if exp is None:
        exp = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                           embed_images=True)
        _EXPORTERS.html = exp
    return exp


def _to_html(nb, title: str) -> str:
    exporter = _exporter()
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return _postprocess_html(body)


def _print_pdf(chromium: str, html_path: Path, pdf_path: Path, timeout: float = 120.0) -> None:
    profile = tempfile.mkdtemp(prefix="reanalysis-chromium-")
    try:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               "--virtual-time-budget=10000", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-extensions", "--mute-audio",
               f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        ok = pdf_path.is_file() and pdf_path.stat().st_size > 0 and pdf_path.read_bytes()[:5] == b"%PDF-"
        if proc.returncode != 0 or not ok:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-5:]
            raise ReportBuildError(f"Chromium could not print {html_path.name} to PDF (exit {proc.returncode}): "
                                   + " | ".join(tail))
    except subprocess.TimeoutExpired:
        raise ReportBuildError(f"Chromium timed out after {timeout:.0f} s printing {html_path.name}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)


_CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                   "--mute-audio")


#: Put argv[1] on fd 3 and argv[2] on fd 4, then exec argv[3:] (for --remote-debugging-pipe).
_FD_WRAPPER = ("import os, sys\n"
               "a, b = os.dup(int(sys.argv[1])), os.dup(int(sys.argv[2]))\n"
               "os.dup2(a, 3)\n"
               "os.dup2(b, 4)\n"
               "os.set_inheritable(3, True)\n"
               "os.set_inheritable(4, True)\n"
               "os.execv(sys.argv[3], sys.argv[3:])\n")


class _Browser:
    """A headless Chromium kept open for a worker, driven over the DevTools pipe.

    ``--remote-debugging-pipe`` makes Chromium read DevTools commands from fd 3 and
    write replies to fd 4 (NUL-separated JSON); a tiny Python wrapper maps our pipe
    ends onto those numbers and execs Chromium (no ``preexec_fn``: we run in threads;
    no ``sh``: dash cannot redirect descriptors above 9). Printing a report this way takes well under a second, against 2 to 4 s
    for a Chromium started per report.
    """

    def __init__(self, chromium: str, timeout: float = 120.0):
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="reanalysis-chromium-")
        r_in, self._w = os.pipe()
        self._r, w_out = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _FD_WRAPPER, str(r_in), str(w_out), chromium, *_CHROMIUM_FLAGS,
                 "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "about:blank"],
                pass_fds=(r_in, w_out), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        finally:
            os.close(r_in)
            os.close(w_out)
        self._buf = b""
        self._id = 0
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self._call("Page.enable", session=True)
        except Exception:
            self.close()
            raise

    def _send(self, method: str, params: dict | None, session: bool) -> int:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self._session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        return self._id

    def _wait(self, match, timeout: float) -> dict:
        import select
        import time

        end = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                msg = json.loads(raw)
                if match(msg):
                    return msg
            ready, _, _ = select.select([self._r], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                raise TimeoutError(f"Chromium did not answer within {timeout:.0f} s")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise ReportBuildError("Chromium closed its DevTools pipe (it exited)")
            self._buf += chunk

    def _call(self, method: str, params: dict | None = None, session: bool = False) -> dict:
        i = self._send(method, params, session)
        msg = self._wait(lambda m: m.get("id") == i, self.timeout)
        if "error" in msg:
            raise ReportBuildError(f"Chromium {method} failed: {msg['error'].get('message', msg['error'])}")
        return msg.get("result", {})

    def print_pdf(self, html_path: Path, pdf_path: Path) -> None:
        import base64

        sid = self._session
        self._call("Page.navigate", {"url": html_path.resolve().as_uri()}, session=True)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == sid, self.timeout)
        res = self._call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                             "displayHeaderFooter": False}, session=True)
        data = base64.b64decode(res["data"])
        if data[:5] != b"%PDF-":
            raise ReportBuildError(f"Chromium returned no PDF for {html_path.name}")
        pdf_path.write_bytes(data)

    def close(self) -> None:
        try:
            if self._proc.poll() is None:
                try:
                    self._send("Browser.close", None, False)
                    self._proc.wait(timeout=10)
                except Exception:
                    self._proc.kill()
                    self._proc.wait(timeout=10)
        finally:
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)


class _BrowserPool:
    """One :class:`_Browser` per worker thread; if the DevTools route fails, print with a
    Chromium started per report (``--print-to-pdf``, the route PIPELINE-FACTS measured)."""

    def __init__(self, chromium: str):
        import threading

        self.chromium = chromium
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[_Browser] = []
        self.fallback_reason: str | None = None

    def print_pdf(self, html_path: Path, pdf_path: Path) -> None:
        if self.fallback_reason is None:
            try:
                browser = getattr(self._local, "browser", None)
                if browser is None:
                    browser = _Browser(self.chromium)
                    self._local.browser = browser
                    with self._lock:
                        self._all.append(browser)
                browser.print_pdf(html_path, pdf_path)
                return
            except Exception as exc:  # fall back to one Chromium per report, and say so
                self.fallback_reason = f"{type(exc).__name__}: {exc}"
                sys.stderr.write(f"reanalysis report: printing over the DevTools pipe failed ({self.fallback_reason});"
                                 " starting Chromium once per report instead\n")
                pdf_path.unlink(missing_ok=True)
        _print_pdf(self.chromium, html_path, pdf_path)

    def close(self) -> None:
        for b in self._all:
            b.close()
        self._all.clear()


def _cell_message(exc, notebook: Path) -> str:
    """Where a notebook failed: the cell index in the committed notebook (papermill counts the
    cell it injects), the execution count, the cell's first line, the error, its origin."""
    idx = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    src = str(getattr(exc, "source", "") or "").strip().splitlines()
    first = src[0] if src else ""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    name = f"{notebook.parent.name}/{notebook.name}"
    if idx is None:
        where = f"a cell of {name}"
    else:
        src_idx = idx - 1  # papermill counts the parameters cell it injects after the tagged one
        try:  # find the failing cell in the committed notebook by its source
            import nbformat

            code = str(getattr(exc, "source", "") or "").strip()
            hits = [i for i, c in enumerate(nbformat.read(notebook, as_version=4).cells)
                    if c.cell_type == "code" and c.source.strip() == code]
            if len(hits) == 1:
                src_idx = hits[0]
        except Exception:  # the message must not fail
            pass
        where = f"cell {src_idx} of {name} (cell {idx} of the executed notebook"
        where += f", execution count {count})" if count is not None else ")"
    # the innermost frame of the traceback says where in the package the error arose
    tb = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(getattr(exc, "traceback", None) or []))
    frames = re.findall(r"File (\S+?):(\d+)", tb)
    origin = f" (in {Path(frames[-1][0]).name} line {frames[-1][1]})" if frames else ""
    return f"{where} `{first[:80]}` raised {ename}: {evalue}{origin}"


#: Run in a reused kernel before each notebook: an empty namespace, execution counts from 1.
_RESET_CODE = ("get_ipython().run_line_magic('reset', '-f')\n"
               "get_ipython().execution_count = 1")


class _KernelPool:
    """One python3 kernel per worker thread, reused across the notebooks of a build.

    Starting a kernel and importing pandas, scipy and matplotlib costs about 3 s; a
    study notebook runs in about 1.5 s once they are loaded. Before each notebook the
    kernel's namespace is reset (``%reset -f``) and its execution count set back to 1,
    so every notebook starts from an empty namespace; modules stay imported. A kernel
    that died is replaced.
    """

    def __init__(self, cwd: Path):
        import threading

        self._cwd = cwd
        # kernels talk over unix sockets here (no TCP port, and no "running over TCP
        # without encryption" warning from ipykernel)
        self._ipc_dir = tempfile.mkdtemp(prefix="reanalysis-kernels-")
        self._count = 0
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Any] = []

    def get(self):
        from jupyter_client.manager import KernelManager

        km = getattr(self._local, "km", None)
        if km is not None:
            _stop_clients(km)  # the clients papermill opened for the previous notebook
        if km is not None and not km.is_alive():
            self._shutdown(km)
            km = None
        if km is None:
            with self._lock:
                self._count += 1
                ip = os.path.join(self._ipc_dir, f"k{self._count}")
            km = _tracking_kernel_manager(KernelManager, transport="ipc", ip=ip)
            km.start_kernel(cwd=str(self._cwd))
            self._local.km = km
            with self._lock:
                self._all.append(km)
            return km
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            reply = kc.execute_interactive(_RESET_CODE, timeout=60, output_hook=_ignore)
        finally:
            kc.stop_channels()
        if reply["content"].get("status") != "ok":
            raise ReportBuildError(f"could not reset the report kernel: {reply['content'].get('evalue')}")
        return km

    def _shutdown(self, km) -> None:
        _stop_clients(km)
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass
        with self._lock:
            if km in self._all:
                self._all.remove(km)

    def close(self) -> None:
        for km in list(self._all):
            self._shutdown(km)
        shutil.rmtree(self._ipc_dir, ignore_errors=True)


def _ignore(_msg) -> None:
    return None


def _tracking_kernel_manager(base, **kwargs):
    """A kernel manager that remembers the clients it hands out, so they can be closed
    (nbclient leaves its client open when it does not own the kernel)."""

    class TrackingKernelManager(base):
        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("_report_clients", []).append(kc)
            return kc

    return TrackingKernelManager(kernel_name="python3", **kwargs)


def _stop_clients(km) -> None:
    for kc in km.__dict__.pop("_report_clients", []):
        try:
            kc.stop_channels()
        except Exception:  # already stopped
            pass


def _now() -> float:
    import time

    return time.perf_counter()


def _durations(clock: dict[str, float]) -> dict[str, float]:
    """Seconds per stage (execute, html, pdf) from the timestamps in ``clock``."""
    out, last = {}, clock["start"]
    for stage in ("execute", "html", "pdf"):
        if stage in clock:
            out[stage] = round(clock[stage] - last, 2)
            last = clock[stage]
    return out


def _build_one(job: _Job, chromium: "str | _BrowserPool | None", kernels: _KernelPool | None = None) -> list[Path]:
    """Execute, convert and print one report; move the outputs into place only when all exist."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed = job.out_dir / "executed" / f"{job.name}.ipynb"
    failed = job.out_dir / "failed" / f"{job.name}.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.name}.", dir=job.out_dir))
    tmp_nb = work / f"{job.name}.ipynb"
    partials: list[tuple[Path, Path]] = []
    clock = {"start": _now()}
    try:
        try:
            extra = {"km": kernels.get()} if kernels is not None else {"cwd": str(job.notebook.parent)}
            papermill.execute_notebook(
                str(job.notebook), str(tmp_nb), parameters=job.parameters, kernel_name="python3",
                language="python", progress_bar=False, log_output=False,
                request_save_on_cell_execute=False, report_mode=False, **extra)
        except PapermillExecutionError as exc:
            failed.parent.mkdir(parents=True, exist_ok=True)
            if tmp_nb.is_file():
                os.replace(tmp_nb, failed)
            raise ReportBuildError(
                f"report {job.name!r} failed: {_cell_message(exc, job.notebook)}. The failed executed "
                f"notebook is kept at {failed}; the previous reports were left untouched.") from None
        except Exception as exc:  # kernel died, no such kernel, bad parameters ...
            raise ReportBuildError(f"{job.notebook.name} could not run for {job.name}: "
                                   f"{type(exc).__name__}: {exc}") from exc
        clock["execute"] = _now()
        nb = nbformat.read(tmp_nb, as_version=4)
        title = f"{job.name} \u2014 re-analysis report" if job.name != "overview" else "Re-analysis overview"
        body = _to_html(nb, title)
        html_work = work / f"{job.name}.html"
        html_work.write_text(body, encoding="utf-8")
        clock["html"] = _now()
        if "pdf" in job.formats:
            pdf = job.out_dir / f"{job.name}.pdf"
            pdf_tmp = _partial(pdf)
            partials.append((pdf_tmp, pdf))
            if isinstance(chromium, _BrowserPool):
                chromium.print_pdf(html_work, pdf_tmp)
            else:
                _print_pdf(chromium, html_work, pdf_tmp)
            clock["pdf"] = _now()
        if "html" in job.formats:
            out = job.out_dir / f"{job.name}.html"
            tmp = _partial(out)
            partials.append((tmp, out))
            shutil.copyfile(html_work, tmp)
        nb_tmp = _partial(executed)
        partials.append((nb_tmp, executed))
        os.replace(tmp_nb, nb_tmp)
        # everything is complete: move into place
        for tmp, final in partials:
            os.replace(tmp, final)
        partials.clear()
        if failed.is_file():
            failed.unlink()
        cache = _cache_file(job)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache_tmp = _partial(cache)
        cache_tmp.write_text(json.dumps({
            "key": job.key, "study": job.name, "notebook": str(job.notebook), "formats": list(job.formats),
            "built": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "outputs": [str(p) for p in _outputs(job)], "seconds": _durations(clock)}, indent=1),
            encoding="utf-8")
        os.replace(cache_tmp, cache)
        return _outputs(job)
    finally:
        for tmp, _final in partials:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def build(studies: Iterable[str] | str | None = None, formats: Sequence[str] = ("pdf", "html"), jobs: int = 2,
          force: bool = False, out_dir: str | os.PathLike = "reports", data_dir: str | os.PathLike | None = None,
          progress: bool = True, overview: bool | None = None, reuse_kernels: bool = True) -> BuildResult:
    """Build the study reports and the overview: executed notebook, HTML and PDF.

    Parameters
    ----------
    studies : str or iterable of str, optional
        Study ids; default every study in the ledger. ``"overview"`` may be listed
        to build the overview.
    formats : sequence of {"pdf", "html"}
        Outputs to write beside the executed notebook.
    jobs : int
        Reports built at once (each runs its own kernel and Chromium).
    force : bool
        Rebuild even when the cache says the inputs are unchanged.
    out_dir : path
        Output folder: ``<id>.pdf``, ``<id>.html``, ``executed/<id>.ipynb``,
        ``failed/<id>.ipynb`` (kept when a notebook fails), ``.cache/<id>.json``.
    data_dir : path, optional
        Ledger folder (default :func:`analysis.ledger.default_data_dir`).
    progress : bool
        Show a tqdm progress bar.
    overview : bool, optional
        Build the overview. Default: when ``studies`` is None.
    reuse_kernels : bool
        Run the notebooks of one worker in one kernel, reset (``%reset -f``) between
        notebooks, and print its PDFs with one Chromium kept open (DevTools pipe): about
        5 s less per report. ``False`` starts a fresh kernel and a fresh Chromium per report.

    Returns
    -------
    BuildResult
        The report files of every requested report (a ``list[Path]``), with
        ``.built`` and ``.cached`` naming the reports rebuilt and served from the cache.

    Raises
    ------
    ReportBuildError
        After every other report has finished, naming for each failed report the
        notebook, the study and the failing cell with its error. Outputs of failed
        reports are left as they were.

    Notes
    -----
    The cache key of a report is the SHA-256 of its notebook, ``sources.yaml``, the
    study file (every study file for the overview), every module of ``analysis``,
    the output formats and the versions of the main packages.
    """
    from .ledger import LedgerError, default_data_dir

    fmts = tuple(dict.fromkeys(formats))
    bad = [f for f in fmts if f not in ("pdf", "html")]
    if bad or not fmts:
        raise ValueError(f"formats ({formats!r}) must be a non-empty subset of ('pdf', 'html')")
    if int(jobs) < 1:
        raise ValueError(f"jobs ({jobs!r}) must be >= 1")
    data = Path(data_dir).resolve() if data_dir else default_data_dir().resolve()
    study_dir = data / "studies"
    all_files = {p.stem: p for p in sorted(study_dir.glob("*.yaml"))} if study_dir.is_dir() else {}
    if not all_files:
        raise LedgerError(study_dir, None, None, None, "no study files (studies/*.yaml)")
    if isinstance(studies, str):
        studies = [studies]
    wanted = list(dict.fromkeys(studies)) if studies else list(all_files)
    want_overview = overview if overview is not None else (studies is None or "overview" in wanted)
    wanted = [s for s in wanted if s != "overview"]
    unknown = [s for s in wanted if s not in all_files]
    if unknown:
        raise LedgerError(study_dir, None, "study", unknown[0],
                          f"unknown study; known studies: {', '.join(all_files)}")
    if "overview" in all_files:
        raise LedgerError(all_files["overview"], None, "study.id", "overview", "the id 'overview' is reserved")
    for nb in ("study.ipynb", "overview.ipynb"):
        if not (NOTEBOOKS / nb).is_file():
            raise ReportBuildError(f"report notebook not found: {NOTEBOOKS / nb}")
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    params_data = str(data) if data_dir else ""

    job_list = [_Job(s, NOTEBOOKS / "study.ipynb", {"study_id": s, "data_dir": params_data},
                     _cache_key(NOTEBOOKS / "study.ipynb", [all_files[s]], data, fmts), out, fmts)
                for s in wanted]
    if want_overview:
        job_list.append(_Job("overview", NOTEBOOKS / "overview.ipynb", {"data_dir": params_data},
                             _cache_key(NOTEBOOKS / "overview.ipynb", list(all_files.values()), data, fmts),
                             out, fmts))
    todo = [j for j in job_list if force or not _is_fresh(j)]
    cached = [j.name for j in job_list if j not in todo]
    paths = [p for j in job_list for p in _outputs(j)]
    if not todo:
        return BuildResult(paths, built=[], cached=cached)

    chromium = find_chromium() if "pdf" in fmts else None
    # the kernels inherit these: the venv's kernel spec, the Agg backend, no debugger noise
    saved_env = {k: os.environ.get(k) for k in ("JUPYTER_PREFER_ENV_PATH", "MPLBACKEND",
                                                  "PYDEVD_DISABLE_FILE_VALIDATION")}
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    os.environ["MPLBACKEND"] = "Agg"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from tqdm.auto import tqdm

    # the overview is the longest: start it first
    todo.sort(key=lambda j: j.name != "overview")
    errors: list[str] = []
    built: list[str] = []
    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=not progress,
               file=sys.stderr, dynamic_ncols=True)
    kernels = _KernelPool(NOTEBOOKS) if reuse_kernels else None
    printer = _BrowserPool(chromium) if (chromium and reuse_kernels) else chromium
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(int(jobs), len(todo))) as pool:
            futures = {pool.submit(_build_one, j, printer, kernels): j for j in todo}
            for fut in concurrent.futures.as_completed(futures):
                j = futures[fut]
                try:
                    fut.result()
                    built.append(j.name)
                    bar.set_postfix_str(j.name, refresh=False)
                except ReportBuildError as exc:
                    errors.append(str(exc))
                    bar.write(f"FAILED {j.name}: {exc}", file=sys.stderr)
                except Exception as exc:  # pragma: no cover - unexpected
                    errors.append(f"report {j.name!r} ({j.notebook.name}): {type(exc).__name__}: {exc}")
                bar.update(1)
    finally:
        if kernels is not None:
            kernels.close()
        if isinstance(printer, _BrowserPool):
            printer.close()
        bar.close()
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if errors:
        raise ReportBuildError(f"{len(errors)} of {len(todo)} report(s) failed:\n" + "\n".join(errors))
    return BuildResult(paths, built=built, cached=cached)
