"""What a study report's sensitivity, reconstruction and percentage sections are computed from: the
arguments of the power, sensitivity and reconstruction functions taken from the ledger, and the
denominators each printed percentage allows.

May import the standard library, pandas, analysis.reported, analysis.checks (for the limits of
its searches) and analysis.report.markup; nothing else.
"""

from __future__ import annotations

import math

from ..checks.reconstruction import MAX_NOBS
from .markup import _code, _isnan, _table, md

__all__ = [
    "sensitivity_rows",
    "reconstruction_inputs",
    "EFFECT_GRID",
    "effect_grid",
    "paired_inputs",
    "two_arm_sizes",
    "percent_fits",
    "percent_fits_table",
]


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
        if not 2 <= n <= MAX_NOBS:  # larger samples are not rebuilt (memory): no figure
            continue
        exhaustive = (high - low + 1) <= 11 and n <= 40
        args = {
            "mean": str(e.get("mean")),
            "std": str(e.get("sd")),
            "nobs": n,
            "low": low,
            "high": high,
            "method": "exhaustive" if exhaustive else "random",
            "timeout": 15.0,
        }  # seconds per figure
        if not exhaustive:
            args.update(k=k, seed=0)
        what = " ".join(
            str(x)
            for x in (e.get("measure", ""), e.get("arm", "") if e.get("arm") != "all" else "", e.get("time", ""))
            if x
        )
        how = (
            "every such sample (exhaustive search)"
            if exhaustive
            else f"up to {k} distinct samples from a seeded random search (SPRITE; not every sample)"
        )
        out.append(
            {
                "entry": e.id,
                "args": args,
                "title": f"{what}: {e.get('mean')} ± {e.get('sd')}, n = {n}, scale {low} to {high}",
                "caption": (
                    f"**Possible samples for {_code(e.id)}** ({md(what)}: mean {md(e.get('mean'))}, "
                    f"SD {md(e.get('sd'))}, "
                    f"n = {n}, whole scores from {low} to {high}): {how}. The bars show how many "
                    "participants would have each score, on average over the samples"
                    + ("; whiskers the fewest and most in any one sample." if high - low + 1 <= 15 else ".")
                ),
            }
        )
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
        out.append(
            {
                "entry": e.id,
                "args": {
                    "mean_pre": str(pre.get("mean")),
                    "std_pre": str(pre.get("sd")),
                    "mean_post": str(post.get("mean")),
                    "std_post": str(post.get("sd")),
                    "nobs": n,
                },
                "title": f"{what}: {pre.get('mean')} \u00b1 {pre.get('sd')} ({pre.get('time') or pre.id}) to "
                f"{post.get('mean')} \u00b1 {post.get('sd')} ({post.get('time') or post.id}), n = {n}",
                "caption": (
                    f"**Paired change {_code(e.id)}** ({_code(pre.id)} to {_code(post.id)}): the source prints no pre-post "
                    "correlation r, so the paired t test (p), d_z and the standardized mean change (SMCR, "
                    "which does not depend on r; its 95% CI does) are shown for every r from 0 to 0.95."
                ),
            }
        )
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
        return [
            {
                "nobs1": n1,
                "nobs2": n2,
                "effects": effect_grid(n1, n2),
                "title": f"Power of a two-sample t test with {n1} ({a1}) and {n2} ({a2}) participants, "
                "two-sided \u03b1 = 0.05",
            }
        ]
    for e in study.of_kind("comparison"):
        if e.get("design") != "independent":
            continue
        try:
            a, b = (study.entry(i) for i in e.get("entries"))
        except (KeyError, ValueError):
            continue
        if a.has("n") and b.has("n"):
            n1, n2 = a.integer("n"), b.integer("n")
            return [
                {
                    "nobs1": n1,
                    "nobs2": n2,
                    "effects": effect_grid(n1, n2),
                    "title": f"Power of a two-sample t test with {n1} and {n2} participants "
                    f"(comparison {e.id}), two-sided \u03b1 = 0.05",
                }
            ]
        if e.has("total") and str(e.get("allocation", "")).replace(" ", "") == "1:1":
            try:
                total = study.entry(e.get("total")).integer("n")
            except (KeyError, ValueError):  # no such entry, or no whole n in it
                continue
            n1, n2 = (total + 1) // 2, total // 2
            return [
                {
                    "nobs1": n1,
                    "nobs2": n2,
                    "effects": effect_grid(n1, n2),
                    "title": f"Power of a two-sample t test with {n1} and {n2} participants (arm sizes "
                    f"not printed: {total} randomized 1:1), two-sided \u03b1 = 0.05",
                }
            ]
    return []


# --------------------------------------------------------------------------- percentages


def _percent_entries(study) -> list[tuple[str, str, int | None]]:
    out = []
    for e in study.entries:
        if e.kind == "proportion" and e.has("percent"):
            n = e.integer("n") if e.has("n") else None
            lab = f"{e.get('percent')}{'' if '%' in str(e.get('percent')) else '%'} {e.get('measure', '') or e.id}"
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
            rows.append(
                {
                    "label": lab,
                    "percent": pct,
                    "n": n,
                    "fits": bool(ks),
                    "counts": ", ".join(f"{k}/{n}" for k in ks),
                    "reported_n": n_rep,
                }
            )
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
        rows.append(
            {
                "label": lab,
                "n": "" if _isnan(n_rep) else str(int(n_rep)),
                "verdict": verdict,
                "counts": counts,
                "smallest": "" if smallest is None else str(smallest),
            }
        )
    cols = [
        ("label", "Percentage as printed"),
        ("n", "Reported n"),
        ("verdict", "Fits?"),
        ("counts", "Counts k/n that print as it"),
        ("smallest", "Smallest n possible"),
    ]
    return _table(pd.DataFrame(rows), cols, verdict_col="verdict")
