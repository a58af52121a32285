"""Report tables across studies for the overview: verdicts per entry, counts per source, unverified entries,
comparable effects.

May import every lower stage (reported, results, ledger, stats, checks, auditing, rederivation) and
analysis.report.content; never the build, the kernels or the browser.
"""

from __future__ import annotations

from .content import VERDICT_TEXT, _code, _source_refs, _table, md, verdict_label

__all__ = [
    "entry_verdicts",
    "verdict_counts",
    "unverified",
    "comparable_effects",
    "overview_header",
    "entry_verdicts_table",
    "counts_table",
    "unverified_table",
]


def overview_header(ledger, entries, findings) -> str:
    """Markdown title block of the overview: what was re-analysed, how much, from which sources."""
    lines = [
        "# Re-analysis overview",
        "",
        f"**{len(ledger.studies)} studies** from **{len(ledger.sources)} sources**, "
        f"**{len(entries)} ledger entries**, **{len(findings)} checks**.",
        "",
        "Sources:",
        "",
    ]
    for sid, src in sorted(ledger.sources.items()):
        ref = _source_refs(src)
        studies = ", ".join(_code(s) for s, st in sorted(ledger.studies.items()) if st.source == sid)
        lines.append(
            f"- **{md(sid)}**: {md(src.citation)}"
            + (f" ({'; '.join(ref)})" if ref else "")
            + (f". Studies: {studies}" if studies else "")
        )
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
        rows.append(
            {
                "source": e["source"],
                "study": e["study"],
                "id": e["id"],
                "kind": e["kind"],
                "values": e["values"],
                "verdict": verdict,
                "checks": ", ".join(dict.fromkeys(names.get((e["study"], e["id"]), []))),
            }
        )
    return pd.DataFrame(rows, columns=["source", "study", "id", "kind", "values", "verdict", "checks"])


def entry_verdicts_table(df) -> str:
    """HTML table of :func:`entry_verdicts`."""
    cols = [
        ("study", "Study"),
        ("id", "Entry"),
        ("kind", "Kind"),
        ("values", "Values as printed"),
        ("checks", "Checks"),
        ("verdict", "Verdict"),
    ]
    return _table(
        df,
        cols,
        verdict_col="verdict",
        widths={"study": "14%", "id": "17%", "kind": "10%", "values": "24%", "verdict": "12%"},
    )


def verdict_counts(audit_df, ledger=None, by: str = "source"):
    """Verdict counts per source (or per study) as a DataFrame with a total column."""

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
        rows.append(
            {
                "study": e["study"],
                "what": e["id"],
                "statement": e["fragment"],
                "why": "A statement without numbers that could be checked.",
            }
        )
    nt = audit_df[(audit_df["verdict"] == "not_testable") & (audit_df["check"] != "text_only")]
    for _, r in nt.iterrows():
        rows.append(
            {
                "study": r["study"],
                "what": f"{r['entry_ids']} ({str(r['check']).replace('_', ' ')})",
                "statement": r["reported"],
                "why": r["explanation"],
            }
        )
    return pd.DataFrame(rows, columns=["study", "what", "statement", "why"])


def unverified_table(df) -> str:
    """HTML table of :func:`unverified`."""
    cols = [
        ("study", "Study"),
        ("what", "Entry (check)"),
        ("statement", "Statement or value"),
        ("why", "Why it could not be verified"),
    ]
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
