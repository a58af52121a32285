"""Report text and tables of one study: Markdown and HTML from ledger, audit and re-derivation frames.

May import every lower stage (reported, results, ledger, stats, checks, auditing, rederivation); never the
build, the kernels or the browser. Imports only pandas, so a report kernel stays lean. The shared markup
(analysis.report.markup) and the section inputs (analysis.report.inputs) are re-exported here.

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

import functools
import html
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from .inputs import (
    EFFECT_GRID,
    effect_grid,
    paired_inputs,
    percent_fits,
    percent_fits_table,
    reconstruction_inputs,
    sensitivity_rows,
    two_arm_sizes,
)
from .markup import _VERDICT_CSS, VERDICT_TEXT, _cell, _code, _esc, _isnan, _table, format_number, md, verdict_label

__all__ = [
    "VERDICT_TEXT",
    "verdict_label",
    "summarize_findings",
    "study_header",
    "ledger_table",
    "audit_table",
    "rederived_table",
    "percent_fits",
    "percent_fits_table",
    "provenance",
    "versions",
    "sensitivity_rows",
    "format_number",
    "reconstruction_inputs",
    "study_sources",
    "paired_inputs",
    "two_arm_sizes",
    "EFFECT_GRID",
    "effect_grid",
    "fidelity_frame",
    "fidelity_section",
    "md",
    "outcome_rows",
    "proportion_intervals",
    "BODY_CI_METHOD",
    "CI_METHOD_NAMES",
    "citations_section",
    "repeats_section",
]

# --------------------------------------------------------------------------- study sections


def study_header(ledger, study) -> str:
    """Markdown title block: study title, source with citation, DOI or registry, design."""
    study = ledger.study(study) if isinstance(study, str) else study
    src = ledger.sources.get(study.source)
    lines = [f"# {md(study.title)}", ""]
    lines.append(
        f"**Study id:** {_code(study.id)} &nbsp;&nbsp; **Design:** "
        f"{md(study.design.replace('_', ' ')) or 'not stated'}"
        + (f" &nbsp;&nbsp; **Arms:** {md(', '.join(study.arms))}" if study.arms else "")
    )
    lines.append("")
    if src is not None:
        ref = _source_refs(src)
        lines.append(
            f"**Source:** {md(src.title or src.id)} ({md(src.document_type.replace('_', ' ')) or 'document'})  "
        )
        if src.doi and str(src.doi).removeprefix("doi:") in src.citation:
            ref = [r for r in ref if not r.startswith("DOI")]
        lines.append(f"**Citation:** {md(src.citation)}" + (f" ({'; '.join(ref)})" if ref else ""))
    if study.cites:
        lines.append(f"  \n**The study reported on:** {md(study.cites)}")
    lines.append("")
    lines.append(
        "Every number below is quoted from the source as printed; checks use the rounding "
        "interval each printed number stands for."
    )
    return "\n".join(lines)


#: what each grade of an inconsistent row means, for the report's first page (analysis.results.GRADES)
GRADE_TEXT = {
    "error": "the printed numbers alone rule them out",
    "likely": "inconsistent on the assumptions each states, which the text supports",
    "rounding": "one rounding step, such as truncation, reproduces the print: a slip, not a contradiction",
}


def _by_grade(bad) -> list:
    """(grade, meaning, rows) for each grade present among inconsistent rows, the top grade first; [] without grades."""
    if "grade" not in getattr(bad, "columns", ()) or not len(bad):
        return []
    return [(g, GRADE_TEXT[g], bad[bad["grade"] == g]) for g in GRADE_TEXT if (bad["grade"] == g).any()]


def summarize_findings(audit_df, entries=None) -> str:
    """The findings in plain words (Markdown): what holds, what does not, what could not be checked.

    Parameters
    ----------
    audit_df : DataFrame
        :func:`analysis.auditing.audit` rows (``check, verdict, explanation, entry_ids``, and ``grade`` when
        present: the first line then counts the findings by grade, and they are listed by grade, the top
        first, each likely one leading with the assumptions it rests on).
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
    head = (
        f"**{tested} check{'s' if tested != 1 else ''} tested a printed number: {counts['consistent']} "
        f"consistent, {counts['inconsistent']} inconsistent.**"
    )
    more = []
    if len(untested):
        more.append(
            f"{len(untested)} check{'s' if len(untested) != 1 else ''} could not be run (no power or "
            "missing information)"
        )
    if n_text:
        more.append(f"{n_text} statement{'s' if n_text != 1 else ''} without numbers could not be checked")
    bad = audit_df[audit_df["verdict"] == "inconsistent"] if n else audit_df
    by_grade = _by_grade(bad)
    graded = (
        " Findings by grade: " + ", ".join(f"{len(rows)} {grade}" for grade, _, rows in by_grade) + "."
        if by_grade
        else ""
    )
    out = [head + (" " + "; ".join(more) + "." if more else "") + graded, ""]
    if n and counts["consistent"]:
        ok = audit_df[audit_df["verdict"] == "consistent"]
        kinds = ok["check"].value_counts()
        listing = ", ".join(f"{md(str(k).replace('_', ' '))} ({v})" for k, v in kinds.items())
        out.append(
            f"**What holds.** {counts['consistent']} check{'s' if counts['consistent'] != 1 else ''} "
            f"reproduce what was printed: {listing}."
        )
        out.append("")
    elif n:
        out.append("**What holds.** No check could confirm a printed number from the others.")
        out.append("")
    if len(bad):
        out.append(
            f"**What does not hold.** {len(bad)} check{'s' if len(bad) != 1 else ''} "
            "cannot be reproduced from the printed numbers" + (", by grade:" if by_grade else ":")
        )
        out.append("")
        for grade, words, rows in by_grade or [(None, "", bad)]:
            if grade:
                out += [f"*{grade.capitalize()}* ({words}):", ""]
            for _, r in rows.iterrows():
                out.append(
                    f"- \u2718 *{md(str(r['check']).replace('_', ' '))}* ({md(r['entry_ids'])}): {md(r['explanation'])}"
                )
            out.append("")
    else:
        out.append("**What does not hold.** No check found a printed number that the other printed numbers rule out.")
        out.append("")
    if len(untested) or n_text:
        parts = []
        if len(untested):
            kinds = untested["check"].value_counts()
            listing = ", ".join(f"{md(str(k).replace('_', ' '))} ({v})" for k, v in kinds.items())
            parts.append(
                f"{len(untested)} check{'s' if len(untested) != 1 else ''} had no power or lacked "
                f"information ({listing})"
            )
        if n_text:
            parts.append(f"{n_text} statement{'s' if n_text != 1 else ''} without numbers that could be checked")
        out.append(
            "**What could not be checked.** " + "; ".join(parts) + ". They are listed in the audit table "
            "with the reason."
        )
    # not testable, but worth a reader's eye: words with no test behind them, a range read two ways
    noted = audit_df[
        (audit_df["verdict"] == "not_testable")
        & (
            (audit_df["check"] == "significance_reported")
            | audit_df["explanation"].astype(str).str.startswith("Two readings")
        )
    ]
    if len(noted):
        out.append("")
        out.append("**Said without support, or readable two ways.**")
        out.append("")
        out += [
            f"- *{md(str(r['check']).replace('_', ' '))}* ({md(r['entry_ids'])}): {md(r['explanation'])}"
            for _, r in noted.iterrows()
        ]
    return "\n".join(out)


def ledger_table(entries_df) -> str:
    """The ledger entries as an HTML table (id, kind, measure, arm, time, values, fragment)."""
    cols = [
        ("id", "Entry"),
        ("kind", "Kind"),
        ("measure", "Measure"),
        ("arm", "Arm"),
        ("time", "Time"),
        ("values", "Values as printed"),
        ("fragment", "Fragment in the source"),
    ]
    return _table(entries_df, cols, widths={"id": "14%", "kind": "10%", "values": "20%", "fragment": "28%"})


def audit_table(audit_df) -> str:
    """The audit as an HTML table; verdict cells carry colour and a text mark."""
    d = audit_df.copy()
    if len(d):
        d["check"] = d["check"].astype(str).str.replace("_", " ")
        d["entry_ids"] = d["entry_ids"].astype(str).str.replace(",", ", ")
    cols = [
        ("entry_ids", "Entries"),
        ("check", "Check"),
        ("verdict", "Verdict"),
        ("reported", "Reported"),
        ("recomputed", "Recomputed"),
        ("explanation", "Explanation"),
    ]
    return _table(
        d,
        cols,
        verdict_col="verdict",
        widths={
            "entry_ids": "13%",
            "check": "10%",
            "verdict": "11%",
            "reported": "13%",
            "recomputed": "14%",
            "explanation": "39%",
        },
    )


def _printed(study, row) -> dict[str, str] | None:
    """For a row the source printed itself (method ``as printed``, one ``estimate_ci_p`` entry):
    its estimate and bounds as the strings the source printed, minus signs typeset."""
    if study is None or str(row.get("method", "")) != "as printed":
        return None
    ids = [i.strip() for i in str(row.get("entries", "")).split(",") if i.strip()]
    try:
        (e,) = (study.entry(i) for i in ids)
    except (KeyError, ValueError):  # an id the study does not have, or not exactly one entry
        return None
    if not all(e.has(f) for f in ("estimate", "lower", "upper")):
        return None
    return {
        f: str(e.get(f)).strip().replace("-", "\u2212").replace("\u2013", "\u2212")
        for f in ("estimate", "lower", "upper")
    }


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
    if len(d) and "method" in d.columns:  # a proportion's Wilson interval here; the others in the appendix
        d = d[~((d["quantity"] == "proportion") & (d["method"] != BODY_CI_METHOD))]
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
            ci = (
                f"{lvl}{printed['lower']} to {printed['upper']}"
                if printed
                else f"{lvl}{format_number(row['ci_low'], q, s)} to {format_number(row['ci_high'], q, s)}"
            )
        estimate = printed["estimate"] if printed else format_number(row.get("estimate"), q, s)
        method = str(row.get("method", ""))
        rows.append(
            {
                "label": row.get("label", ""),
                "quantity": q,
                "estimate": estimate,
                "ci": ci,
                "method": CI_METHOD_NAMES.get(method, method),
                "entries": str(row.get("entries", "")).replace(",", ", "),
                "note": row.get("note", ""),
            }
        )
    cols = [
        ("label", "What"),
        ("quantity", "Quantity"),
        ("estimate", "Estimate"),
        ("ci", "Interval"),
        ("method", "Method"),
        ("entries", "From entries"),
        ("note", "Note"),
    ]
    return _table(
        pd.DataFrame(rows),
        cols,
        widths={"label": "20%", "estimate": "9%", "ci": "16%", "note": "22%"},
        group_col="label",
    )


#: The interval the body of a report gives for a proportion: Wilson's score interval, the one most
#: readers and R's prop.test(correct = FALSE) expect (Newcombe 1998; Brown, Cai & DasGupta 2001 recommend
#: it for small n); the exact and Jeffreys intervals are in the appendix (:func:`proportion_intervals`).
BODY_CI_METHOD = "wilson"
#: How a report names each method of rederive()
CI_METHOD_NAMES = {
    "wilson": "Wilson score",
    "exact": "Clopper-Pearson exact",
    "jeffreys": "Jeffreys",
    "newcombe": "Newcombe hybrid score",
}


def proportion_intervals(df) -> str:
    """Every 95% interval of each proportion, one row per proportion (HTML): the appendix beside the
    body's Wilson interval. Empty when the study has no proportion with a known count."""
    import pandas as pd

    d = df[df["quantity"] == "proportion"] if len(df) else df
    if not len(d):
        return ""
    rows = []
    for (label, entries), g in d.groupby(["label", "entries"], sort=False):
        row = {
            "label": label,
            "estimate": format_number(g["estimate"].iloc[0], "proportion", "proportion"),
            "entries": str(entries).replace(",", ", "),
        }
        for _, r in g.iterrows():
            row[str(r["method"])] = (
                f"{format_number(r['ci_low'], 'proportion', 'proportion')} to "
                f"{format_number(r['ci_high'], 'proportion', 'proportion')}"
            )
        rows.append(row)
    cols = [
        ("label", "What"),
        ("estimate", "Estimate"),
        *[(m, CI_METHOD_NAMES[m]) for m in CI_METHOD_NAMES if m in d["method"].values],
        ("entries", "From entries"),
    ]
    return _table(pd.DataFrame(rows), cols)


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


# --------------------------------------------------------------------------- provenance


def versions(
    packages: Iterable[str] = (
        "ketamine-reanalysis",
        "numpy",
        "scipy",
        "statsmodels",
        "pandas",
        "matplotlib",
        "papermill",
        "nbconvert",
    ),
) -> dict[str, str]:
    """Installed versions (from package metadata: nothing is imported).

    Read once per process and list of packages (a reused report kernel asked for them once per
    report; benchmarks/README.md, ``bench_report.py``).

    >>> versions(["no-such-package-xyz"])["no-such-package-xyz"]
    'not installed'
    """
    return dict(_versions(tuple(packages)))


@functools.lru_cache(maxsize=8)
def _versions(packages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for p in packages:
        try:
            out["analysis" if p == "ketamine-reanalysis" else p] = version(p)
        except PackageNotFoundError:
            out["analysis" if p == "ketamine-reanalysis" else p] = "not installed"
    return tuple(out.items())


def provenance(ledger, studies: Iterable[Any] | None = None) -> str:
    """HTML: ledger file hashes, source hashes, package versions, the ledger folder.

    No build date and no absolute path: a rebuild without a change is byte-identical, and the same
    on every checkout (the folder is shown relative to the project when it lies inside it).
    """
    import pandas as pd

    studies = [ledger.study(s) if isinstance(s, str) else s for s in (studies or ledger.studies.values())]
    srcs = list(dict.fromkeys(s.source for s in studies))
    rows = [{"what": f"study file {Path(s.path).name}", "sha": s.sha256} for s in studies]
    rows += [
        {"what": f"source {sid} ({ledger.sources[sid].file})", "sha": ledger.sources[sid].sha256}
        for sid in srcs
        if sid in ledger.sources
    ]
    checked = (
        "checked against the source texts at load"
        if getattr(ledger, "sources_checked", False)
        else "not checked: the source texts were not at hand"
    )
    v = versions()
    vrows = pd.DataFrame([{"pkg": k, "ver": val} for k, val in v.items()])
    folder = Path(ledger.data_dir).resolve()
    root = Path(__file__).resolve().parents[2]
    shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.name
    return (
        "<p><b>Inputs (SHA-256).</b> Source hashes "
        + html.escape(checked)
        + ".</p>"
        + _table(pd.DataFrame(rows), [("what", "File"), ("sha", "SHA-256")], css_class="report-table mono")
        + '<div class="keep-together"><p><b>Software.</b></p>'  # never a page holding only the heading
        + _table(vrows, [("pkg", "Package"), ("ver", "Version")], css_class="report-table narrow")
        + f"<p><b>Ledger folder:</b> <code>{html.escape(shown)}</code>.</p></div>"
    )


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
            sec = (
                f"“{ent.fragment}”" + (f" ({ent.values()})" if ent is not None and ent.values() else "")
                if ent is not None
                else ids[0]
            )
            pri = "; ".join(
                (
                    f"“{x.fragment}” ("
                    + "; ".join(f"{f}={' + '.join(v) if isinstance(v, tuple) else v}" for f, v in x.values.items())
                    + ")"
                )
                if x.found
                else f"not found: {x.definition}"
                for x in recs
            )
            rows.append(
                {
                    "entry": ids[0],
                    "secondary": sec,
                    "primary": pri,
                    "address": list(dict.fromkeys(x.address for x in recs)),
                    "verdict": r["verdict"],
                    "explanation": r["explanation"],
                }
            )
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
        return (
            "<p><em>No primary publication was read for this study: either it is the primary report "
            "itself or the source cites none.</em></p>"
        )
    ids = [f"doi:{pub.doi}" if pub.doi else "DOI not found", f"PMID {pub.pmid}" if pub.pmid else "PMID not found"]
    if pub.registry:
        ids.append(pub.registry)
    head = (
        f"<p><strong>Primary publication:</strong> {_esc(pub.citation)} ({_esc('; '.join(ids))})."
        + (f" {_esc(pub.pmid_note)}" if pub.pmid_note else "")
        + "</p>"
        "<p>Numbers only, as printed there, with a few words around each; never its sentences.</p>"
    )
    df = fidelity_frame(study, audit_df)
    body = []
    for _, row in df.iterrows():
        v = row["verdict"]
        body.append(
            f"<tr><td>{_cell(row['entry'])}</td><td>{_esc(row['secondary'])}</td>"
            f"<td>{_esc(row['primary'])}</td><td>{_links(row['address'])}</td>"
            f'<td class="verdict verdict-{_esc(v)}" style="{_VERDICT_CSS.get(v, "")}">'
            f"{html.escape(verdict_label(v))}</td><td>{_esc(row['explanation'])}</td></tr>"
        )
    head_cells = "".join(
        f"<th>{t}</th>"
        for t in ("Entry", "Secondary (as printed)", "Primary (as printed)", "Read at", "Verdict", "Explanation")
    )
    return (
        head + f'<table class="report-table"><thead><tr>{head_cells}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


# --------------------------------------------------------------------------- how results are reported


def _verdict_cell(v: str) -> str:
    return (
        f'<td class="verdict verdict-{_esc(v)}" style="{_VERDICT_CSS.get(v, "")}">{html.escape(verdict_label(v))}</td>'
    )


def _html_table(headers: Iterable[str], rows: list[str], widths: Iterable[str] = ()) -> str:
    widths = list(widths)
    head = "".join(
        f'<th style="width:{widths[i]}">{html.escape(t)}</th>' if i < len(widths) else f"<th>{html.escape(t)}</th>"
        for i, t in enumerate(headers)
    )
    return f'<table class="report-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def citations_section(study, audit_df) -> str:
    """HTML: each cited work the ledger records (as read in its abstract) with the sentence citing it and the
    verdict of the ``citation`` check; empty when the study records no cited works.

    >>> from analysis.ledger import load_ledger
    >>> from analysis.auditing import audit
    >>> led = load_ledger()
    >>> text = citations_section(led.study("belge2024"), audit("belge2024", ledger=led))
    >>> "24316345" in text and "it studies mice" in text
    True
    """
    cited = getattr(study, "cited", ())
    if not cited:
        return ""
    rows_by_entry = {r.entry_ids: r for r in audit_df[audit_df["check"] == "citation"].itertuples()}
    out = []
    for e in study.of_kind("citation"):
        w = study.cited_work(e.get("ref"))
        r = rows_by_entry.get(e.id)
        # the explanation without what the other columns show (the title before it, the DOI and address after)
        expl = (
            re.sub(r" \((?:doi:|PMID )[^()]*\)$", "", re.sub(r"^(?:If [^:]*: )?\[\d+\][^:]*: ", "", str(r.explanation)))
            if r
            else ""
        )
        ident = "; ".join(x for x in (f"doi:{w.doi}" if w.doi else "", f"PMID {w.pmid}" if w.pmid else "") if x)
        what = ", ".join(
            x
            for x in (
                w.design.replace("_", " ") + (f" of {w.pools}" if w.pools else ""),
                w.species,
                f"n = {w.n}" if w.n else "",
                f"k = {w.k}" if w.k else "",
            )
            if x
        )
        out.append(
            f"<tr><td>[{_esc(e.get('ref'))}]</td><td>{_esc(w.citation[:90])}<br>{_esc(ident)}</td>"
            f"<td>{_esc(what)}</td><td>{_esc(e.fragment)}</td><td>{_links([w.address])}</td>"
            + (_verdict_cell(r.verdict) + f"<td>{_esc(expl)}</td>" if r else "<td></td><td></td>")
            + "</tr>"
        )
    return (
        "<p>Each citation checked against the cited work's own abstract: what the sentence says the work is "
        "(design, species, arms) against what it is. Numbers and a few words only.</p>"
        + _html_table(
            ("Ref", "Cited work", "What it is", "The sentence (as printed)", "Read at", "Verdict", "Explanation"),
            out,
            ("5%", "22%", "11%", "16%", "10%", "9%", "27%"),
        )
    )


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def repeats_section(study, source_text: str | None, audit_df) -> str:
    """HTML: the numbers the source prints more than once and where (line numbers in the source text): the
    ledger's ``same_as`` pairs with their ``same_quantity`` verdicts, and the fragments the text repeats
    whole (an abstract printed twice). Empty when there are none.

    >>> from analysis.ledger import load_ledger
    >>> from analysis.auditing import audit
    >>> led = load_ledger()
    >>> st = led.study("mcintyre2021")
    >>> "dose_56_restated" in repeats_section(st, led.sources[st.source].text, audit("mcintyre2021", ledger=led))
    True
    """

    def lines(frag: str) -> str:
        if not source_text:
            return "source text not present"
        pos, found = 0, list[str]()
        while (i := source_text.find(frag, pos)) >= 0 and len(found) < 10:
            found.append(str(_line_of(source_text, i)))
            pos = i + 1
        return "line " + ", ".join(found) if found else "not found"

    verdicts = {r.entry_ids: r for r in audit_df[audit_df["check"] == "same_quantity"].itertuples()}
    out = []
    for e in study.entries:
        if not e.has("same_as"):
            continue
        o = study.entry(e.get("same_as"))
        r = verdicts.get(f"{e.id},{o.id}")
        out.append(
            f"<tr><td>{_esc(o.id)}<br>{_esc(e.id)}</td><td>{_esc(o.fragment)}<br>{_esc(e.fragment)}</td>"
            f"<td>{_esc(lines(o.fragment))}<br>{_esc(lines(e.fragment))}</td>"
            + (_verdict_cell(r.verdict) if r else "<td></td>")
            + "</tr>"
        )
    whole = [e for e in study.entries if source_text and source_text.count(e.fragment) > 1 and not e.has("same_as")]
    if not out and not whole:
        return ""
    text = ""
    if out:
        text += (
            "<p>The same quantity printed twice (linked in the ledger by <code>same_as</code>), compared "
            "over rounding:</p>"
            + _html_table(("Entries", "Fragments (as printed)", "Where", "Verdict"), out, ("22%", "48%", "15%", "15%"))
        )
    if whole:
        text += (
            f"<p>{len(whole)} fragment(s) occur more than once in the source text, each with the same "
            "numbers (the text repeats itself, e.g. an abstract printed twice): "
            + "; ".join(f"{_esc(e.id)} ({_esc(lines(e.fragment))})" for e in whole[:40])
            + ".</p>"
        )
    return text
