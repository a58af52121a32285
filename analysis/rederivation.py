"""Everything that follows from a study's printed numbers, as one table.

May import analysis.ledger, analysis.stats and analysis.checks; never the audit, the report or the CLI.

``rederive(study_id)`` returns one row per derived quantity, each naming the
ledger entries it comes from:

- each proportion: its whole count (from the percentage and n) and its 95% CI
  (Wilson, exact Clopper-Pearson, Jeffreys);
- each count "k of n": the same;
- each two-arm comparison of proportions: risk difference (Newcombe hybrid
  score CI), risk ratio and odds ratio (log-scale CIs), NNT; when the arm sizes
  are not printed but the total is, the most balanced split that reproduces
  both percentages is used and the note says so;
- each pre/post pair of means: the mean change, and over assumed pre-post
  correlations r the standardized change (metafor "SMCR") and d_z with CIs;
- each two-arm pair of means: Hedges' g and the mean difference (Welch);
- each printed estimate with CI: the estimate as printed, and the p its CI implies.
"""

from __future__ import annotations

import math

from .ledger import Entry, Study, load_ledger
from .reported import printed_confidence_level

__all__ = ["rederive", "COLUMNS", "R_GRID", "compared_proportions", "entry_label", "known_count"]

COLUMNS = [
    "study",
    "entries",
    "quantity",
    "label",
    "estimate",
    "ci_low",
    "ci_high",
    "confidence_level",
    "method",
    "scale",
    "r",
    "note",
]
#: The numeric columns of :data:`COLUMNS`.
_NUMBERS = ("estimate", "ci_low", "ci_high", "confidence_level", "r")
#: pre-post correlations assumed when the source does not print one
R_GRID = (0.3, 0.5, 0.7)


def entry_label(e: Entry) -> str:
    """An entry's label for tables: its label, measure or id, then its arm and time."""
    parts = [e.get("label") or e.get("measure") or e.get("estimand") or e.id]
    for f in ("arm", "time"):
        if e.has(f) and e.get(f) != "all":
            parts.append(str(e.get(f)))
    return ", ".join(str(p) for p in parts)


def _row(
    study, entries, quantity, label, estimate, ci=None, method="", scale="difference", r=math.nan, note="", level=0.95
):
    return {
        "study": study.id,
        "entries": ",".join(entries),
        "quantity": quantity,
        "label": label,
        "estimate": float(estimate),
        "ci_low": float(ci[0]) if ci is not None else math.nan,
        "ci_high": float(ci[1]) if ci is not None else math.nan,
        "confidence_level": level,
        "method": method,
        "scale": scale,
        "r": r,
        "note": note,
    }


def _rows(study, entries, label, quantities, **common) -> list[dict]:
    """One :func:`_row` per ``(quantity, estimate, ci, method, scale)`` of ``quantities``, each with ``common``."""
    return [
        _row(study, entries, quantity, label, estimate, ci, method=method, scale=scale, **common)
        for quantity, estimate, ci, method, scale in quantities
    ]


def known_count(e: Entry) -> tuple[int, int, str] | None:
    """(k, n, note) for a proportion or count entry, when the print determines it."""
    from .checks.counts import counts_from_percent

    if e.kind == "count" and e.has("n"):
        return e.integer("k"), e.integer("n"), ""
    if e.kind == "proportion" and e.has("n"):
        if e.has("k"):
            return e.integer("k"), e.integer("n"), ""
        ks = counts_from_percent(e.get("percent"), e.integer("n"))
        if len(ks) == 1:
            return (
                ks[0],
                e.integer("n"),
                f"k = {ks[0]} is the only count of {e.get('n')} that prints as {e.get('percent')}%",
            )
    return None


def _proportion_rows(study: Study, e: Entry) -> list[dict]:
    from .stats.proportions import proportion_ci

    kn = known_count(e)
    if kn is None:
        return []
    k, n, note = kn
    return [
        _row(
            study,
            [e.id],
            "proportion",
            entry_label(e),
            k / n,
            tuple(proportion_ci(k, n, method=m)),
            method=m,
            scale="proportion",
            note=note if m == "wilson" else "",
        )
        for m in ("wilson", "exact", "jeffreys")
    ]


def compared_proportions(study: Study, cmp: Entry, a: Entry, b: Entry):
    """(ProportionComparison, note) of a comparison of two proportions, or None when the print does not
    fix the counts.

    When an arm's size is not printed but the comparison's total is, the most balanced split of the
    total that reproduces both percentages is taken, and the note says so.
    """
    from .stats.proportions import compare_proportions

    counts = _arm_counts(study, cmp, a, b)
    return None if counts is None else (compare_proportions(*counts[:4]), counts[4])


def _arm_counts(study: Study, cmp: Entry, a: Entry, b: Entry) -> tuple[int, int, int, int, str] | None:
    from .checks.counts import DENOMINATORS_MAX_TOTAL, denominators

    ka, kb = known_count(a), known_count(b)
    if (ka is None or kb is None) and cmp.has("total"):
        total = study.entry(cmp.get("total")).integer("n")
        if total > DENOMINATORS_MAX_TOTAL:  # splits are not searched beyond it (checks/counts.py)
            return None
        fits = denominators([a.get("percent"), b.get("percent")], total=total)
        if not fits:
            return None
        best = min(fits, key=lambda f: abs(f.ns[0] - f.ns[1]))
        n1, k1, k2 = best.ns[0], best.counts[0][0], best.counts[1][0]
        return (
            k1,
            n1,
            k2,
            total - n1,
            f"arm sizes not printed: {k1}/{n1} and {k2}/{total - n1} is the most "
            f"balanced split of {total} that reproduces both percentages",
        )
    if ka is None or kb is None:
        return None
    return ka[0], ka[1], kb[0], kb[1], ""


def _two_proportions(study: Study, cmp: Entry, a: Entry, b: Entry) -> list[dict]:
    compared = compared_proportions(study, cmp, a, b)
    if compared is None:
        return []
    res, note = compared
    ids = [cmp.id, a.id, b.id]
    lab = f"{entry_label(a)} vs {entry_label(b)}"
    rows = _rows(
        study,
        ids,
        lab,
        (
            ("risk difference", res.risk_difference, tuple(res.risk_difference_ci), "newcombe", "difference"),
            ("risk ratio", res.risk_ratio, tuple(res.risk_ratio_ci), "log (Katz)", "ratio"),
            ("odds ratio", res.odds_ratio, tuple(res.odds_ratio_ci), "log (Woolf)", "ratio"),
        ),
        note=note,
    )
    nnt = getattr(res, "nnt", None)
    if nnt is not None and math.isfinite(nnt):
        ci = getattr(res, "nnt_ci", None)
        rows.append(
            _row(
                study,
                ids,
                "NNT",
                lab,
                nnt,
                tuple(ci) if ci is not None and all(map(math.isfinite, tuple(ci))) else None,
                method="1/RD",
                scale="count",
                note=getattr(res, "nnt_note", "") or note,
            )
        )
    return rows


def _paired_means(study: Study, cmp: Entry, pre: Entry, post: Entry) -> list[dict]:
    from scipy import stats

    from .stats.power import paired_sensitivity

    n = min(pre.integer("n"), post.integer("n"))
    sens = paired_sensitivity(
        pre.reported("mean").value,
        pre.reported("sd").value,
        post.reported("mean").value,
        post.reported("sd").value,
        n,
        r=list(R_GRID),
    )
    ids = [cmp.id, pre.id, post.id]
    lab = f"{entry_label(post)} minus {entry_label(pre)}"
    q = stats.t.ppf(0.975, n - 1)
    rows = []
    for s in sens.itertuples():
        note = f"pre-post correlation not printed; r = {s.r} assumed"
        half = q * s.sd_diff / n**0.5
        rows += _rows(
            study,
            ids,
            lab,
            (
                ("mean change", s.mean_diff, (s.mean_diff - half, s.mean_diff + half), "paired t", "difference"),
                ("SMCR", s.smcr, (s.smcr_ci_low, s.smcr_ci_high), "escalc SMCR (exact J)", "standardized"),
                ("d_z", s.dz, None, "change / SD of change", "standardized"),
            ),
            r=s.r,
            note=note,
        )
    return rows


def _independent_means(study: Study, cmp: Entry, a: Entry, b: Entry) -> list[dict]:
    from .stats.effects import smd, ttest_from_stats

    args = (
        a.reported("mean").value,
        a.reported("sd").value,
        a.integer("n"),
        b.reported("mean").value,
        b.reported("sd").value,
        b.integer("n"),
    )
    g = smd(*args)
    t = ttest_from_stats(*args, equal_var=False)
    ids = [cmp.id, a.id, b.id]
    lab = f"{entry_label(a)} vs {entry_label(b)}"
    return _rows(
        study,
        ids,
        lab,
        (
            ("Hedges g", g.hedges_g, tuple(g.hedges_g_ci), "escalc SMD", "standardized"),
            ("mean difference", t.mean_difference, tuple(t.ci), "Welch t", "difference"),
        ),
    )


def _estimate_rows(study: Study, e: Entry) -> list[dict]:
    from .stats.inference import p_from_ci

    scale = e.get("scale", "linear")
    level = printed_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
    est, lo, hi = (e.reported(f).value for f in ("estimate", "lower", "upper"))
    rows = [
        _row(
            study,
            [e.id],
            "reported estimate",
            entry_label(e),
            est,
            (lo, hi),
            method="as printed",
            scale="ratio" if scale == "log" else "difference",
            level=level,
        )
    ]
    res = p_from_ci(e.get("estimate"), e.get("lower"), e.get("upper"), confidence_level=level, scale=scale)
    rows.append(
        _row(
            study,
            [e.id],
            "p from CI",
            entry_label(e),
            res.p,
            (res.p_low, res.p_high),
            method="Altman-Bland (normal)",
            scale="p",
            level=math.nan,
            note="interval = range of p over the rounding of the printed estimate and bounds",
        )
    )
    return rows


def rederive(study_id: str, data_dir=None, sources_dir=None, ledger=None):
    """Every quantity that follows from one study's entries.

    Parameters
    ----------
    study_id : str
        A study id in the ledger.
    data_dir, sources_dir : path, optional
        Passed to :func:`analysis.ledger.loading.load_ledger`.
    ledger : Ledger, optional
        An already loaded ledger.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``entries`` names the ledger entries each row
        comes from; ``r`` is the assumed pre-post correlation (NaN when none).

    Examples
    --------
    >>> df = rederive("sakurai2025")
    >>> df.loc[(df.quantity == "proportion") & (df.method == "wilson"), "estimate"].round(3).tolist()[:1]
    [0.267]
    """
    import pandas as pd

    led = ledger or load_ledger(data_dir, sources_dir)
    study = led.study(study_id)
    rows: list[dict] = []
    for e in study.entries:
        if e.kind in ("proportion", "count"):
            rows += _proportion_rows(study, e)
        elif e.kind == "estimate_ci_p":
            rows += _estimate_rows(study, e)
        elif e.kind == "comparison" and len(e.get("entries")) == 2:
            a, b = (study.entry(i) for i in e.get("entries"))
            if (
                a.kind in ("proportion", "count")
                and b.kind in ("proportion", "count")
                and e.get("design") == "independent"
            ):
                rows += _two_proportions(study, e, a, b)
            elif a.kind == b.kind == "mean_sd" and e.get("design") == "paired":
                rows += _paired_means(study, e, a, b)
            elif a.kind == b.kind == "mean_sd":
                rows += _independent_means(study, e, a, b)
    # typed even when empty (no row: object columns would make every number text downstream)
    return pd.DataFrame(rows, columns=COLUMNS).astype({c: "float64" for c in _NUMBERS})
