"""One plotting style for every report: figures that read in print and in greyscale.

May import matplotlib, numpy, analysis.report.style (shared style, re-exported here) and analysis.report.intervals
(the interval plot, re-exported here); never the build, the kernels or the browser.

Every function returns a :class:`matplotlib.figure.Figure` built without
``pyplot`` (no global state, no backend needed: the Agg canvas is attached on
save), with constrained layout and wrapped labels. Verdicts are told apart by
lightness *and* by hatch or marker, so a greyscale printout keeps them apart.

Use :func:`apply_style` once, then the plotting functions, then
:func:`as_image` to display a figure as a PNG in a notebook.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"study": ["a", "a", "b"],
...                    "verdict": ["consistent", "inconsistent", "not_testable"]})
>>> fig = verdict_bars(df)
>>> len(fig.axes)
1
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .intervals import forest, forest_rows, nnt_ticks
from .style import (
    FAINT,
    INK,
    PAGE_WIDTH,
    SCALE_LABELS,
    VERDICT_STYLE,
    _empty,
    _num,
    _plain_log_axis,
    _title,
    apply_style,
    as_image,
    wrap,
)

__all__ = [
    "VERDICT_STYLE",
    "SCALE_LABELS",
    "apply_style",
    "as_image",
    "forest",
    "p_vs_ci",
    "denominators_plot",
    "sensitivity_curve",
    "power_curve_plot",
    "reconstruction_histogram",
    "verdict_bars",
    "wrap",
    "forest_rows",
    "nnt_ticks",
]

# --------------------------------------------------------------------------- p against CI


def p_vs_ci(audit_rows) -> Figure:
    """For each p-against-CI check: the printed p (its rounding interval) against the
    range of p the printed CI implies, on a log axis.

    Parameters
    ----------
    audit_rows : DataFrame
        Audit rows with ``p_printed_low, p_printed_high, p_implied_low, p_implied_high``
        (``p_face``, ``verdict``, ``entry_ids`` used when present).
    """
    import pandas as pd

    need = ["p_printed_low", "p_printed_high", "p_implied_low", "p_implied_high"]
    if audit_rows is None or len(audit_rows) == 0 or not set(need) <= set(audit_rows.columns):
        return _empty("No p-value printed beside a confidence interval.")
    d = audit_rows.copy()
    for c in need + ["p_face"]:
        d[c] = pd.to_numeric(d[c], errors="coerce") if c in d.columns else np.nan
    d = d[d[need].notna().any(axis=1)].reset_index(drop=True)
    if len(d) == 0:
        return _empty("No p-value printed beside a confidence interval.")
    vals = d[need + ["p_face"]].to_numpy(float)
    positive = vals[np.isfinite(vals) & (vals > 0)]
    floor = max(min(positive.min() / 3, 1e-4), 1e-12) if positive.size else 1e-4
    fig = Figure(figsize=(PAGE_WIDTH, 0.55 * len(d) + 1.5), layout="constrained")
    ax = fig.add_subplot()
    y = np.arange(len(d))[::-1]
    labels = []
    for yi, (_, row) in zip(y, d.iterrows()):
        v = row.get("verdict", "not_testable")
        s = VERDICT_STYLE.get(v, VERDICT_STYLE["not_testable"])
        plo = max(_num(row["p_printed_low"]), floor) if np.isfinite(_num(row["p_printed_low"])) else floor
        phi = _num(row["p_printed_high"])
        ilo, ihi = _num(row["p_implied_low"]), _num(row["p_implied_high"])
        if np.isfinite(ilo) and np.isfinite(ihi):
            ax.fill_betweenx(
                [yi - 0.3, yi - 0.05],
                max(ilo, floor),
                max(ihi, floor),
                facecolor=s["color"],
                edgecolor=s["edge"],
                hatch=s["hatch"],
                linewidth=0.8,
            )
        if np.isfinite(phi):
            ax.fill_betweenx(
                [yi + 0.05, yi + 0.3], plo, max(phi, plo * 1.02), facecolor="white", edgecolor=INK, linewidth=1.2
            )
        face = _num(row.get("p_face"))
        if np.isfinite(face) and face > 0:
            ax.plot([face], [yi - 0.175], marker="|", markersize=12, color=INK, markeredgewidth=2)
        reported = str(row.get("reported", "") or "")
        lab = f"{row.get('entry_ids', '')}\n{s['mark']} {s['label']}"
        if reported:
            lab = f"{row.get('entry_ids', '')}: {reported}\n{s['mark']} {s['label']}"
        labels.append(wrap(lab.split("\n")[0], 34) + "\n" + lab.split("\n")[1])
    ax.set_xscale("log")
    _plain_log_axis(
        ax.xaxis, subs=(1.0, 2.0, 5.0) if positive.size and positive.max() / positive.min() < 100 else (1.0,)
    )
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(d) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.axvline(0.05, color=FAINT, linestyle=":", linewidth=1)
    ax.set_xlabel("p-value (two-sided, log scale; dotted line at 0.05)")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(facecolor="white", edgecolor=INK, label="p as printed (rounding interval)")]
    drawn = [v for v in VERDICT_STYLE if v in set(d.get("verdict", pd.Series(dtype=str)).fillna("not_testable"))]
    for v in drawn:  # the implied ranges are drawn in their verdict's style: one swatch per style drawn
        s = VERDICT_STYLE[v]
        handles.append(
            Patch(
                facecolor=s["color"],
                edgecolor=s["edge"],
                hatch=s["hatch"],
                linewidth=0.8,
                label=f"p the printed CI implies (over the rounding of estimate and bounds): {s['mark']} {s['label']}",
            )
        )
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="|",
            markersize=10,
            markeredgewidth=2,
            color=INK,
            label="p from the CI at face value",
        )
    )
    fig.legend(handles=handles, loc="outside lower center", ncol=1, fontsize=8)
    _title(fig, "Printed p-values against the range their confidence intervals imply")
    return fig


# --------------------------------------------------------------------------- denominators


def denominators_plot(fits) -> Figure:
    """Which group sizes n reproduce each printed percentage.

    Parameters
    ----------
    fits : DataFrame
        One row per (percentage, n): ``label`` (e.g. ``"26.7% remission"``), ``n``,
        ``fits`` (bool: some whole count k out of n prints as the percentage),
        ``reported_n`` (the n the source gives, or NaN), as
        :func:`analysis.report.content.percent_fits` returns.
    """
    if fits is None or len(fits) == 0:
        return _empty("No percentages to check against denominators.")
    labels = list(dict.fromkeys(fits["label"]))
    nmin, nmax = int(fits["n"].min()), int(fits["n"].max())
    width = PAGE_WIDTH
    fig = Figure(figsize=(width, 0.42 * len(labels) + 1.3), layout="constrained")
    ax = fig.add_subplot()
    y_of = {lab: i for i, lab in enumerate(labels[::-1])}
    ok = fits[fits["fits"].astype(bool)]
    ax.plot(
        ok["n"],
        [y_of[l] for l in ok["label"]],
        linestyle="none",
        marker="o",
        markersize=4,
        color=INK,
        label="n that reproduces the percentage",
    )
    rep = fits.dropna(subset=["reported_n"]).drop_duplicates("label")
    for _, row in rep.iterrows():
        n = int(row["reported_n"])
        good = bool(((fits["label"] == row["label"]) & (fits["n"] == n) & fits["fits"].astype(bool)).any())
        s = VERDICT_STYLE["consistent" if good else "inconsistent"]
        ax.plot(
            [n],
            [y_of[row["label"]]],
            linestyle="none",
            marker=s["marker"],
            markersize=11,
            markerfacecolor="none" if good else s["color"],
            markeredgecolor=s["edge"],
            markeredgewidth=1.6,
        )
    ax.set_yticks(list(y_of.values()), [wrap(l, 32) for l in y_of])
    ax.set_xlim(nmin - 0.5, nmax + 0.5)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Denominator n (participants)")
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=4,
            color=INK,
            label="n for which some whole count k gives the printed percentage",
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=10,
            markerfacecolor="none",
            markeredgecolor=VERDICT_STYLE["consistent"]["edge"],
            markeredgewidth=1.6,
            label="\u2714 reported n fits",
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            marker="X",
            markersize=10,
            markerfacecolor=VERDICT_STYLE["inconsistent"]["color"],
            markeredgecolor=VERDICT_STYLE["inconsistent"]["edge"],
            label="\u2718 reported n does not fit",
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=1, fontsize=8)
    _title(fig, "Percentages: the denominators n for which they are possible")
    return fig


# --------------------------------------------------------------------------- sensitivity


def sensitivity_curve(df_sensitivity, x: str = "r", title: str | None = None) -> Figure:
    """How a result moves with an unknown (an assumed correlation r, or df): one panel per quantity.

    Accepts either :func:`analysis.stats.power.paired_sensitivity` output (column ``r`` and
    any of ``smcr, dz, p``: one panel each) or re-derived rows computed at several
    assumed correlations (columns ``r, quantity, estimate`` and optionally ``ci_low,
    ci_high, label``: one panel per quantity, one line per label, CI as a band).
    Quantities are never mixed on one axis. The p panel has a log axis and a line at 0.05.
    """
    import pandas as pd

    if df_sensitivity is None or len(df_sensitivity) == 0 or x not in df_sensitivity.columns:
        return _empty("No sensitivity analysis applies to this study.")
    d = df_sensitivity.copy()
    d[x] = pd.to_numeric(d[x], errors="coerce")
    d = d[d[x].notna()].sort_values(x)
    xlabel = {"r": "Assumed pre-post correlation r", "df": "Assumed degrees of freedom"}.get(x, x)
    panels: list[tuple[str, Any, str]] = []  # (kind, data, y label)
    if "estimate" in d.columns:
        qcol = d["quantity"] if "quantity" in d.columns else pd.Series("estimate", index=d.index)
        for q, g in d.groupby(qcol, sort=False):
            unit = {
                "standardized": "SD units",
                "difference": "units of the measure",
                "ratio": "ratio",
                "proportion": "0 to 1",
            }.get(str(g["scale"].iloc[0]) if "scale" in g else "", "")
            panels.append(("estimate", g, f"{q} ({unit})" if unit else str(q)))
    for col, lab in (
        ("smcr", "Standardized mean change (SMCR, SD units)"),
        ("dz", "d_z (change / SD of change)"),
        ("p", "p-value (log scale)"),
    ):
        if col in d.columns and pd.to_numeric(d[col], errors="coerce").notna().any():
            panels.append((col, d, lab))
    if not panels:
        return _empty("No sensitivity analysis applies to this study.")
    ncols = 2 if len(panels) > 1 else 1
    nrows = math.ceil(len(panels) / ncols)
    fig = Figure(figsize=(PAGE_WIDTH, 2.4 * nrows + 0.5), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for a in axes[len(panels) :]:
        a.axis("off")
    styles = ["-", "--", "-.", ":"]
    markers = ["o", "s", "^", "D"]
    for a, (kind, g, lab) in zip(axes, panels):
        if kind == "estimate":
            groups = list(g.groupby("label", sort=False)) if "label" in g.columns else [("", g)]
            for i, (name, gg) in enumerate(groups):
                xs = gg[x].to_numpy(float)
                a.plot(
                    xs,
                    gg["estimate"].astype(float),
                    linestyle=styles[i % 4],
                    marker=markers[i % 4],
                    markersize=4,
                    color=INK,
                    label=wrap(name, 40) if name and len(groups) > 1 else None,
                )
                if {"ci_low", "ci_high"} <= set(gg.columns):
                    lo = pd.to_numeric(gg["ci_low"], errors="coerce").to_numpy(float)
                    hi = pd.to_numeric(gg["ci_high"], errors="coerce").to_numpy(float)
                    if np.isfinite(lo).any():
                        a.fill_between(xs, lo, hi, color="#bbbbbb", alpha=0.45, linewidth=0)
            if a.get_legend_handles_labels()[0]:
                a.legend(loc="best", fontsize=7.5)
            a.set_ylabel(wrap(lab, 30))
            a.set_title(
                "band: 95% CI"
                if {"ci_low", "ci_high"} <= set(g.columns) and pd.to_numeric(g["ci_low"], errors="coerce").notna().any()
                else "",
                loc="right",
                fontsize=8,
                fontweight="normal",
            )
        else:
            vals = pd.to_numeric(g[kind], errors="coerce").to_numpy(float)
            xs = g[x].to_numpy(float)
            a.plot(xs, vals, color=INK)
            if {f"{kind}_ci_low", f"{kind}_ci_high"} <= set(g.columns):
                a.fill_between(
                    xs,
                    pd.to_numeric(g[f"{kind}_ci_low"], errors="coerce").to_numpy(float),
                    pd.to_numeric(g[f"{kind}_ci_high"], errors="coerce").to_numpy(float),
                    color="#bbbbbb",
                    alpha=0.45,
                    linewidth=0,
                )
                a.set_title("band: 95% CI", loc="right", fontsize=8, fontweight="normal")
            if kind == "p":
                a.set_yscale("log")
                _plain_log_axis(a.yaxis, subs=(1.0,))
                a.axhline(0.05, color=FAINT, linestyle=":", linewidth=1)
                a.text(
                    0.01, 0.05, " p = 0.05", color=FAINT, fontsize=7.5, va="bottom", transform=a.get_yaxis_transform()
                )
            a.set_ylabel(wrap(lab, 30))
        a.set_xlabel(xlabel)
    if title:
        _title(fig, title, 90)
    return fig


def power_curve_plot(
    df, effect_label: str = "True standardized difference (Cohen's d, SD units)", title: str | None = None
) -> Figure:
    """Power against the true effect (columns ``effect, power``), with a line at 80%."""
    import pandas as pd

    if df is None or len(df) == 0:
        return _empty("No power analysis applies to this study.")
    d = df.sort_values("effect")
    fig = Figure(figsize=(PAGE_WIDTH * 0.75, 2.8), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(pd.to_numeric(d["effect"]), pd.to_numeric(d["power"]), color=INK)
    ax.axhline(0.8, color=FAINT, linestyle=":", linewidth=1)
    ax.text(0.01, 0.8, " 80%", color=FAINT, fontsize=7.5, va="bottom", transform=ax.get_yaxis_transform())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(effect_label)
    ax.set_ylabel("Power (probability of p < 0.05)")
    _title(fig, title or "Power of the comparison as designed", 70)
    return fig


def reconstruction_histogram(reconstruction, title: str | None = None) -> Figure:
    """Scores in the integer samples that reproduce a printed mean and SD.

    Bars give, per possible score, the mean number of participants with that score
    over all reconstructed samples; whiskers (scales of at most 15 points) the fewest
    and most in any sample.
    """
    samples = list(getattr(reconstruction, "samples", ()) or ())
    count = getattr(reconstruction, "count", len(samples))
    complete = getattr(reconstruction, "complete", False)
    if not samples:
        msg = (
            "No sample of whole scores reproduces the printed mean and SD"
            if complete
            else "No reproducing sample found (search incomplete)"
        )
        return _empty(msg + ".")
    values = sorted({v for s in samples for v in s})
    lo, hi = min(values), max(values)
    grid = np.arange(lo, hi + 1)
    counts = np.array([[s.count(v) for v in grid] for s in samples], dtype=float)
    mean = counts.mean(axis=0)
    fig = Figure(figsize=(PAGE_WIDTH, 2.6), layout="constrained")
    ax = fig.add_subplot()
    ax.bar(grid, mean, width=0.8, color="#bdbdbd", edgecolor=INK, linewidth=0.6)
    if len(grid) <= 15:  # whiskers (fewest to most in any sample) only where they stay readable
        ax.vlines(grid, counts.min(axis=0), counts.max(axis=0), color=INK, linewidth=1)
    ax.set_xlabel("Score (whole points on the scale)")
    ax.set_ylabel("Participants\n(mean over samples)")
    ax.grid(axis="x", visible=False)
    shown = f"{count:,} sample{'s' if count != 1 else ''}" + ("" if complete else " found (search incomplete)")
    _title(fig, title or f"Samples that reproduce the printed mean and SD: {shown}")
    return fig


# --------------------------------------------------------------------------- verdicts


def verdict_bars(audit_df, by: str = "study", title: str | None = None) -> Figure:
    """Counts of verdicts per group (stacked horizontal bars, hatched, counts written in)."""
    if audit_df is None or len(audit_df) == 0:
        return _empty("No checks.")
    tab = audit_df.groupby([by, "verdict"]).size().unstack(fill_value=0)
    order = [v for v in VERDICT_STYLE if v in tab.columns]
    tab = tab.reindex(columns=order, fill_value=0).sort_index(ascending=False)
    fig = Figure(figsize=(PAGE_WIDTH, 0.38 * len(tab) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    left = np.zeros(len(tab))
    y = np.arange(len(tab))
    for v in order:
        s = VERDICT_STYLE[v]
        vals = tab[v].to_numpy(float)
        ax.barh(
            y,
            vals,
            left=left,
            color=s["color"],
            edgecolor=s["edge"],
            hatch=s["hatch"],
            label=f"{s['mark']} {s['label']}",
            height=0.7,
            linewidth=0.8,
        )
        for yi, l, w in zip(y, left, vals):
            if w > 0:
                ax.text(
                    l + w / 2,
                    float(yi),
                    f"{int(w)}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if v == "inconsistent" else INK,
                    bbox=None
                    if v != "not_testable"
                    else dict(facecolor="white", edgecolor="none", pad=0.6, alpha=0.85),
                )
        left += vals
    ax.set_yticks(y, [wrap(i, 30) for i in tab.index])
    ax.set_xlabel("Number of checks")
    ax.grid(axis="y", visible=False)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(loc="outside lower center", ncol=len(order))
    _title(fig, title or f"Verdicts per {by}")
    return fig
