"""Report text and tables of one study: Markdown and HTML from ledger, audit and re-derivation frames.

May import every lower stage (reported, results, ledger, stats, checks, auditing, rederivation); never the
build, the kernels or the browser. Imports only pandas, so a report kernel stays lean.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"study": ["s"] * 2, "entry_ids": ["a", "b"], "check": ["grim", "grim"],
...                    "verdict": ["consistent", "inconsistent"], "reported": ["5.19", "5.18"],
...                    "recomputed": ["", ""], "explanation": ["fits", "5.18 with n = 28 is impossible"]})
>>> print(summarize_findings(df).splitlines()[0])
**2 checks tested a printed number: 1 consistent, 1 inconsistent.**

Every ledger string reaches the report escaped: :func:`md` in Markdown (HTML special characters as
entities, Markdown punctuation backslash-escaped, line breaks as spaces), :func:`_esc` in HTML tables.

>>> print(md("<img src=x onerror=alert(1)> ![x](file:///etc/passwd)"))
&lt;img src=x onerror=alert\\(1\\)&gt; \\!\\[x\\]\\(file\\:///etc/passwd\\)
"""
from __future__ import annotations

import html
import math
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = ["VERDICT_TEXT", "verdict_label", "summarize_findings", "study_header", "ledger_table",
           "audit_table", "rederived_table", "percent_fits", "percent_fits_table", "provenance",
           "versions", "sensitivity_rows", "format_number", "reconstruction_inputs", "study_sources",
           "paired_inputs", "two_arm_sizes", "EFFECT_GRID", "effect_grid", "fidelity_frame", "fidelity_section",
           "md", "outcome_rows"]

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
    """An identifier in code type (inline HTML inside Markdown, escaped)."""
    return f"<code>{html.escape(str(x))}</code>"


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
    lines = [f"# {md(study.title)}", ""]
    lines.append(f"**Study id:** {_code(study.id)} &nbsp;&nbsp; **Design:** "
                 f"{md(study.design.replace('_', ' ')) or 'not stated'}"
                 + (f" &nbsp;&nbsp; **Arms:** {md(', '.join(study.arms))}" if study.arms else ""))
    lines.append("")
    if src is not None:
        ref = _source_refs(src)
        lines.append(f"**Source:** {md(src.title or src.id)} "
                     f"({md(src.document_type.replace('_', ' ')) or 'document'})  ")
        if src.doi and str(src.doi).removeprefix("doi:") in src.citation:
            ref = [r for r in ref if not r.startswith("DOI")]
        lines.append(f"**Citation:** {md(src.citation)}" + (f" ({'; '.join(ref)})" if ref else ""))
    if study.cites:
        lines.append(f"  \n**The study reported on:** {md(study.cites)}")
    lines.append("")
    lines.append("Every number below is quoted from the source as printed; checks use the rounding "
                 "interval each printed number stands for.")
    return "\n".join(lines)


def summarize_findings(audit_df, entries=None) -> str:
    """The findings in plain words (Markdown): what holds, what does not, what could not be checked.

    Parameters
    ----------
    audit_df : DataFrame
        :func:`analysis.auditing.audit` rows (``check, verdict, explanation, entry_ids``).
    entries : DataFrame, optional
        :meth:`Ledger.entries_frame` rows; ``text_only`` entries are counted as
        statements that could not be verified.
    """
    n = len(audit_df)
    counts = {v: int((audit_df["verdict"] == v).sum()) if n else 0 for v in VERDICT_TEXT}
    nt = audit_df[audit_df["verdict"] == "not_testable"] if n else audit_df
    text_only = 0 if entries is None else int((entries["kind"] == "text_only").sum())
    n_text = max(text_only, int((nt["check"] == "text_only").sum()) if len(nt) else 0)
    untested = nt[nt["check"] != "text_only"] if len(nt) else nt
    tested = counts["consistent"] + counts["inconsistent"]
    head = (f"**{tested} check{'s' if tested != 1 else ''} tested a printed number: {counts['consistent']} "
            f"consistent, {counts['inconsistent']} inconsistent.**")
    more = []
    if len(untested):
        more.append(f"{len(untested)} check{'s' if len(untested) != 1 else ''} could not be run (no power or "
                    "missing information)")
    if n_text:
        more.append(f"{n_text} statement{'s' if n_text != 1 else ''} without numbers could not be checked")
    out = [head + (" " + "; ".join(more) + "." if more else ""), ""]
    if n and counts["consistent"]:
        ok = audit_df[audit_df["verdict"] == "consistent"]
        kinds = ok["check"].value_counts()
        listing = ", ".join(f"{md(str(k).replace('_', ' '))} ({v})" for k, v in kinds.items())
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
            out.append(f"- \u2718 *{md(str(r['check']).replace('_', ' '))}* ({md(r['entry_ids'])}): "
                       f"{md(r['explanation'])}")
        out.append("")
    else:
        out.append("**What does not hold.** No check found a printed number that the other printed "
                   "numbers rule out.")
        out.append("")
    if len(untested) or n_text:
        parts = []
        if len(untested):
            kinds = untested["check"].value_counts()
            listing = ", ".join(f"{md(str(k).replace('_', ' '))} ({v})" for k, v in kinds.items())
            parts.append(f"{len(untested)} check{'s' if len(untested) != 1 else ''} had no power or lacked "
                         f"information ({listing})")
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


def _printed(study, row) -> dict[str, str] | None:
    """For a row the source printed itself (method ``as printed``, one ``estimate_ci_p`` entry):
    its estimate and bounds as the strings the source printed, minus signs typeset."""
    if study is None or str(row.get("method", "")) != "as printed":
        return None
    ids = [i.strip() for i in str(row.get("entries", "")).split(",") if i.strip()]
    try:
        (e,) = (study.entry(i) for i in ids)
    except (KeyError, ValueError, TypeError):
        return None
    if not all(e.has(f) for f in ("estimate", "lower", "upper")):
        return None
    return {f: str(e.get(f)).strip().replace("-", "\u2212").replace("\u2013", "\u2212")
            for f in ("estimate", "lower", "upper")}


def rederived_table(df, include_assumed: bool = False, study=None) -> str:
    """Re-derived quantities with their CIs as an HTML table.

    Rows computed at an assumed correlation (``r`` set) are left to the sensitivity
    section unless ``include_assumed``. Given the ``study``, an estimate and CI the source
    printed itself are shown with the digits it printed (``-13.5``, not ``-13.50``).
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
        printed = _printed(study, row)
        if not _isnan(row.get("ci_low")) and not _isnan(row.get("ci_high")):
            lvl = row.get("confidence_level")
            lvl = f"{float(lvl) * 100:g}% CI " if not _isnan(lvl) else ""
            if s == "p":  # a p's interval is its range over the rounding of the printed numbers, not a CI
                lvl = "range over rounding: "
            ci = (f"{lvl}{printed['lower']} to {printed['upper']}" if printed else
                  f"{lvl}{format_number(row['ci_low'], q, s)} to {format_number(row['ci_high'], q, s)}")
        estimate = printed["estimate"] if printed else format_number(row.get("estimate"), q, s)
        rows.append({"label": row.get("label", ""), "quantity": q, "estimate": estimate,
                     "ci": ci, "method": row.get("method", ""), "entries": str(row.get("entries", "")).replace(",", ", "),
                     "note": row.get("note", "")})
    cols = [("label", "What"), ("quantity", "Quantity"), ("estimate", "Estimate"), ("ci", "Interval"),
            ("method", "Method"), ("entries", "From entries"), ("note", "Note")]
    return _table(pd.DataFrame(rows), cols, widths={"label": "20%", "estimate": "9%", "ci": "16%", "note": "22%"})


def outcome_rows(df, study):
    """Re-derived rows about outcomes: rows derived only from entries measured at baseline
    (``time: baseline``, e.g. the arms' ages or shares of women compared) describe who was
    randomised, not what the treatment did, and are left out of the effect figures.
    """
    if df is None or len(df) == 0 or "entries" not in df.columns:
        return df

    def baseline_only(ids: str) -> bool:
        measured = []
        for i in str(ids).split(","):
            try:
                e = study.entry(i.strip())
            except (KeyError, ValueError, StopIteration):
                continue
            if e.kind not in ("comparison", "direction", "total"):
                measured.append(str(e.get("time", "") or "").strip().lower())
        return bool(measured) and all(t == "baseline" for t in measured)

    return df[~df["entries"].map(baseline_only)]


def sensitivity_rows(df):
    """Re-derived rows computed at assumed correlations (``r`` not NaN), for the sensitivity plot."""
    import pandas as pd

    if df is None or len(df) == 0 or "r" not in df.columns:
        return df.iloc[0:0] if df is not None else None
    r = pd.to_numeric(df["r"], errors="coerce")
    return df[r.notna()]


def reconstruction_inputs(study, k: int = 200) -> list[dict]:
    """Arguments for :func:`analysis.checks.reconstruction.reconstruct`, one per ``mean_sd`` entry with scale bounds.

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
        args = {"mean": str(e.get("mean")), "std": str(e.get("sd")), "nobs": n, "low": low, "high": high,
                "method": "exhaustive" if exhaustive else "random", "timeout": 15.0}  # seconds per figure
        if not exhaustive:
            args.update(k=k, seed=0)
        what = " ".join(str(x) for x in (e.get("measure", ""), e.get("arm", "") if e.get("arm") != "all" else "",
                                         e.get("time", "")) if x)
        how = ("every such sample (exhaustive search)" if exhaustive
               else f"up to {k} distinct samples from a seeded random search (SPRITE; not every sample)")
        out.append({"entry": e.id, "args": args,
                    "title": f"{what}: {e.get('mean')} ± {e.get('sd')}, n = {n}, scale {low} to {high}",
                    "caption": (f"**Possible samples for {_code(e.id)}** ({md(what)}: mean {md(e.get('mean'))}, "
                                f"SD {md(e.get('sd'))}, "
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
    """Arguments for :func:`analysis.stats.power.paired_sensitivity`, one per paired comparison of two
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
            "caption": (f"**Paired change {_code(e.id)}** ({_code(pre.id)} to {_code(post.id)}): the source prints no pre-post "
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

    from ..reported import parse_reported

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
    """HTML: ledger file hashes, source hashes, package versions, the ledger folder.

    No build date and no absolute path: a rebuild without a change is byte-identical, and the same
    on every checkout (the folder is shown relative to the project when it lies inside it).
    """
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
    folder = Path(ledger.data_dir).resolve()
    root = Path(__file__).resolve().parents[2]
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.name
    return ("<p><b>Inputs (SHA-256).</b> Source hashes " + html.escape(checked) + ".</p>"
            + _table(pd.DataFrame(rows), [("what", "File"), ("sha", "SHA-256")], css_class="report-table mono")
            + "<p><b>Software.</b></p>"
            + _table(vrows, [("pkg", "Package"), ("ver", "Version")], css_class="report-table narrow")
            + f"<p><b>Ledger folder:</b> <code>{html.escape(shown)}</code>.</p>")


# --------------------------------------------------------------------------- overview


def study_sources(ledger) -> dict[str, str]:
    """Study id -> source id."""
    return {sid: s.source for sid, s in ledger.studies.items()}


def _source_refs(src) -> list[str]:
    """Markdown links for a source's DOI and registry id."""
    from urllib.parse import quote

    ref = []
    if src.doi:
        doi = str(src.doi).removeprefix("doi:")
        ref.append(f"DOI [{md(doi)}](https://doi.org/{quote(doi, safe='/:;.-_~')})")
    if src.registry:
        ref.append(f"registry {md(src.registry)}")
    return ref


# --------------------------------------------------------------------------- primary publication


def fidelity_frame(study, audit_df):
    """The ``fidelity`` rows of a study's audit beside the secondary's and the primary's words.

    Columns: ``entry`` (the secondary entry id), ``secondary`` (its fragment and printed values),
    ``primary`` (the primary record's fragment and printed values, or what could not be found),
    ``address`` (where the primary was read), ``verdict``, ``explanation``.
    """
    import pandas as pd

    cols = ["entry", "secondary", "primary", "address", "verdict", "explanation"]
    pub = getattr(study, "primary", None)
    rows = []
    if pub is not None and len(audit_df):
        records = {r.id: r for r in pub.records}
        entries = {e.id: e for e in study.entries}
        for _, r in audit_df[audit_df["check"] == "fidelity"].iterrows():
            ids = [i.strip() for i in str(r["entry_ids"]).split(",")]
            recs = [records[i] for i in ids if i in records]
            ent = entries.get(ids[0])
            sec = f"“{ent.fragment}”" + (f" ({ent.values()})" if ent is not None and ent.values() else "") \
                if ent is not None else ids[0]
            pri = "; ".join(
                (f"“{x.fragment}” (" + "; ".join(f"{f}={' + '.join(v) if isinstance(v, tuple) else v}"
                                                for f, v in x.values.items()) + ")") if x.found
                else f"not found: {x.definition}" for x in recs)
            rows.append({"entry": ids[0], "secondary": sec, "primary": pri,
                         "address": list(dict.fromkeys(x.address for x in recs)),
                         "verdict": r["verdict"], "explanation": r["explanation"]})
    return pd.DataFrame(rows, columns=cols)


def _links(addresses) -> str:
    out = []
    for a in addresses or []:
        host = a.split("//", 1)[-1].split("/", 1)[0]
        out.append(f'<a href="{html.escape(a, quote=True)}">{html.escape(host)}</a>')
    return "<br>".join(out)


def fidelity_section(study, audit_df) -> str:
    """HTML: the cited primary publication, then each fidelity finding beside the secondary claim.

    Examples
    --------
    >>> from analysis.ledger import load_ledger
    >>> from analysis.auditing import audit
    >>> led = load_ledger()
    >>> html_text = fidelity_section(led.study("anand2023_elektd"), audit("anand2023_elektd", ledger=led))
    >>> "37224232" in html_text and "Different denominators" in html_text
    True
    """
    pub = getattr(study, "primary", None)
    if pub is None:
        return ("<p><em>No primary publication was read for this study: either it is the primary report "
                "itself or the source cites none.</em></p>")
    ids = [f"doi:{pub.doi}" if pub.doi else "DOI not found", f"PMID {pub.pmid}" if pub.pmid else "PMID not found"]
    if pub.registry:
        ids.append(pub.registry)
    head = (f"<p><strong>Primary publication:</strong> {_esc(pub.citation)} ({_esc('; '.join(ids))})."
            + (f" {_esc(pub.pmid_note)}" if pub.pmid_note else "") + "</p>"
            "<p>Numbers only, as printed there, with a few words around each; never its sentences.</p>")
    df = fidelity_frame(study, audit_df)
    body = []
    for _, row in df.iterrows():
        v = row["verdict"]
        body.append(f"<tr><td>{_cell(row['entry'])}</td><td>{_esc(row['secondary'])}</td>"
                    f"<td>{_esc(row['primary'])}</td><td>{_links(row['address'])}</td>"
                    f'<td class="verdict verdict-{_esc(v)}" style="{_VERDICT_CSS.get(v, "")}">'
                    f"{html.escape(verdict_label(v))}</td><td>{_esc(row['explanation'])}</td></tr>")
    head_cells = "".join(f"<th>{t}</th>" for t in ("Entry", "Secondary (as printed)", "Primary (as printed)",
                                                    "Read at", "Verdict", "Explanation"))
    return (head + f'<table class="report-table"><thead><tr>{head_cells}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')
