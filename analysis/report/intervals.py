"""The interval ("forest") plot of re-derived quantities: a panel per scale, an axis per measure for
differences in their own units, NNTs on the risk-difference scale (Altman 1998).

May import matplotlib, numpy, pandas and analysis.report.style; nothing else.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from .style import _SCALE_ORDER, FAINT, INK, PAGE_WIDTH, SCALE_LABELS, _empty, _num, _plain_log_axis, _title, wrap

__all__ = ["forest", "forest_rows", "nnt_ticks"]


def _forest_rows(df, one_method: bool = True) -> Any:
    """Rows to draw: those without an assumed correlation, plus, for quantities that
    exist only under an assumed r, the row at the r closest to 0.5. With ``one_method``,
    one interval per quantity (the first method listed, e.g. Wilson before exact)."""
    import pandas as pd

    if df is None or len(df) == 0:
        return df
    d = df.copy()
    if one_method:
        key = [c for c in ("study", "entries", "quantity", "label", "r") if c in d.columns]
        d = d[~d[key].astype(str).duplicated()]
    if "r" not in d.columns:
        d["r"] = np.nan
    r = pd.to_numeric(d["r"], errors="coerce")
    plain = d[r.isna()]
    assumed = d[r.notna()].copy()
    keep = [plain]
    if len(assumed):
        assumed["_dist"] = (pd.to_numeric(assumed["r"]) - 0.5).abs()
        have = set(zip(plain.get("quantity", []), plain.get("label", [])))
        for (q, lab), g in assumed.groupby(["quantity", "label"], sort=False):
            if (q, lab) in have:
                continue
            row = g.sort_values("_dist").iloc[[0]].drop(columns="_dist")
            keep.append(row)
    return pd.concat(keep, ignore_index=True)


#: Quantities on a difference scale whose unit is that of their measure: one axis per measure
#: (Fitzgerald's DFS, FSS and MFIS changes share no unit). Risk differences share one (proportion points).
_MEASURE_UNITS = ("reported estimate", "mean change", "mean difference")


def forest_rows(df_rederived, one_method: bool = True):
    """The rows :func:`forest` draws: one method per quantity, no p-values, a finite estimate."""
    d = _forest_rows(df_rederived, one_method=one_method)
    if d is None or len(d) == 0:
        return d
    if "scale" in d.columns:
        d = d[d["scale"].astype(str) != "p"]  # p-values are not effects: they have their own figure
    d = d.copy()
    for c in ("estimate", "ci_low", "ci_high"):
        d[c] = d[c].map(_num) if c in d.columns else np.nan
    return d[np.isfinite(d["estimate"].astype(float))].reset_index(drop=True)


def nnt_ticks(low: float, high: float, min_gap: float = 0.09) -> list[tuple[float, str]]:
    """Ticks for an NNT axis drawn on the risk-difference scale (Altman 1998): at 1/k for whole
    NNTs k on both sides, infinity at 0; ticks closer than ``min_gap`` of the axis width are dropped.

    >>> [t for _, t in nnt_ticks(-0.3, 0.25)]
    ['5', '10', '20', '\u221e', '20', '10', '5']
    """
    width = high - low
    picks = [(0.0, "\u221e")]
    for k in (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000):
        for x in (1 / k, -1 / k):
            if low <= x <= high and all(abs(x - y) >= min_gap * width for y, _ in picks):
                picks.append((x, f"{k:g}"))
    return sorted(picks)


def _panel_key(row, by: str) -> tuple[str, str]:
    scale, quantity = str(row.get("scale", "")), str(row.get("quantity", ""))
    if quantity == "NNT":
        return ("nnt", "NNT")
    if scale == "difference" and quantity in _MEASURE_UNITS:
        return (scale, str(row.get("label", "")))
    return (scale, quantity if by == "quantity" else scale)


def _nnt_interval(row, d_all) -> tuple[float, float]:
    """The NNT's interval on the risk-difference scale: the risk difference's own CI when the
    re-derivation has it (the only correct one when it includes 0), else 1/NNT bounds."""
    if d_all is not None and len(d_all) and {"quantity", "label"} <= set(d_all.columns):
        same = d_all[(d_all["quantity"] == "risk difference") & (d_all["label"] == row.get("label"))]
        for c in ("study", "entries"):
            if c in d_all.columns:
                same = same[same[c].astype(str) == str(row.get(c, ""))]
        if len(same):
            lo, hi = _num(same.iloc[0]["ci_low"]), _num(same.iloc[0]["ci_high"])
            if np.isfinite(lo) and np.isfinite(hi):
                return lo, hi
    lo, hi = _num(row.get("ci_low")), _num(row.get("ci_high"))
    if np.isnan(lo) or np.isnan(hi):
        return math.nan, math.nan
    inv = [0.0 if math.isinf(v) else 1 / v for v in (lo, hi)]
    return min(inv), max(inv)


def _draw_nnt(a, g, d_all) -> None:
    """NNT rows on the 1/NNT (risk-difference) scale, ticks read as NNT, infinity at 0."""
    y = np.arange(len(g))[::-1]
    xs: list[float] = [0.0]
    labels = []
    for yi, (_, row) in zip(y, g.iterrows()):
        est = row["estimate"]
        x = 0.0 if math.isinf(est) else 1 / est
        lo, hi = _nnt_interval(row, d_all)
        lab = f"{row.get('label', '')} \u2014 NNT {abs(est):.1f}"
        if np.isfinite(lo) and np.isfinite(hi):
            a.hlines([yi], [lo], [hi], color=INK, linewidth=1.8)
            a.vlines([lo, hi], yi - 0.12, yi + 0.12, color=INK, linewidth=1.2)
            xs += [lo, hi]
            if lo < 0 < hi:
                lab += f"; CI: NNT {1 / hi:.1f} to \u221e to NNT {1 / -lo:.1f} on the other side"
        else:
            lab += " (no CI)"
        a.plot([x], [yi], linestyle="none", marker="s", markersize=6, color=INK, zorder=3)
        xs.append(x)
        labels.append(wrap(lab, 52))
    span = max(xs) - min(xs) or 0.2
    low, high = min(xs) - 0.08 * span, max(xs) + 0.08 * span
    a.set_xlim(low, high)
    ticks = nnt_ticks(low, high)
    a.set_xticks([t for t, _ in ticks], [lab for _, lab in ticks])
    a.axvline(0, color=FAINT, linestyle="--", linewidth=1)
    a.set_yticks(y, labels)
    a.set_ylim(-0.6, len(g) - 0.4)
    a.grid(axis="y", visible=False)
    a.set_xlabel(
        "Number needed to treat, drawn at 1/NNT (\u221e = no difference)\n"
        "\u2190 2nd group more events \u2502 1st group more events \u2192"
    )
    a.set_title("NNT (benefit, NNTB, or harm, NNTH,\ndepending on the event; Altman 1998)", loc="left", fontsize=9.5)


def _labels(g) -> list[str]:
    """The y labels of a panel: label, quantity, method and assumed r, wrapped."""
    labels = []
    for _, row in g.iterrows():
        lab = f"{row.get('label', '')} \u2014 {row.get('quantity', '')}"
        method = str(row.get("method", "") or "")
        if method and method != "as printed":
            lab += f" ({method})"
        r = _num(row.get("r"))
        if np.isfinite(r):
            lab += f" (assumed r = {r:g})"
        labels.append(wrap(lab, 52))
    return labels


def _row_sizes(labels: list[str]) -> list[float]:
    """Each row's height in rows of one line (0.34 in): two lines of label take 1.15, three 1.55."""
    return [max(1.0, 0.4 * (lab.count("\n") + 1) + 0.35) for lab in labels]


def forest(df_rederived, ax=None, by: str = "scale", title: str | None = None, one_method: bool = True) -> Figure:
    """Interval plot of re-derived quantities: estimate and CI, one panel per scale.

    Ratios get a log axis; proportions, differences and standardized differences
    each get their own axis, never mixed; a difference in the units of its measure
    (a printed estimate, a mean change) gets an axis per measure. NNTs are drawn on
    the risk-difference scale with NNT ticks and infinity at 0, so an interval that
    runs through infinity (a risk difference whose CI includes 0) is drawn whole
    (Altman 1998, BMJ 317:1309, doi:10.1136/bmj.317.7168.1309). Quantities that need an
    assumed pre-post correlation are shown at the r closest to 0.5 and say so.

    Parameters
    ----------
    df_rederived : DataFrame
        Columns ``label, quantity, estimate, ci_low, ci_high, scale`` (``r`` optional),
        as :func:`analysis.rederivation.rederive` returns.
    ax : matplotlib Axes, optional
        Draw into this axes; then ``df_rederived`` must hold a single panel.
    by : str
        Column that defines the panels (``"scale"``, or ``"quantity"`` for one panel per
        kind of quantity); a panel never holds two scales.
    title : str, optional
        Figure title.
    one_method : bool
        Draw one interval per quantity (the first method listed); the tables list every method.
    """
    d = forest_rows(df_rederived, one_method=one_method)
    if d is None or len(d) == 0:
        return _empty("No re-derived quantities for this study.")
    rank = {s: i for i, s in enumerate(_SCALE_ORDER + ("nnt",))}
    d["_key"] = [_panel_key(r, by) for _, r in d.iterrows()]
    keys = list(dict.fromkeys(d["_key"]))
    keys.sort(key=lambda k: rank.get(k[0], len(rank)))
    if ax is not None:
        if len(keys) != 1:
            raise ValueError(
                f"ax given but df_rederived holds {len(keys)} panels "
                f"({', '.join(k[1] for k in keys)}); pass one at a time or ax=None"
            )
        fig = ax.figure
        axes: Any = [ax]
    else:
        # each row as tall as its wrapped label (0.15 in a line at 8.5 pt, 0.34 in at least), so labels never overlap
        rows = [sum(_row_sizes(_labels(d[d["_key"] == k]))) for k in keys]
        heights = [max(1.0, 0.34 * h + 0.75) + (0.35 if k[0] == "nnt" else 0) for h, k in zip(rows, keys)]
        fig = Figure(figsize=(PAGE_WIDTH, sum(heights) + 0.3), layout="constrained")
        axes = fig.subplots(len(keys), 1, squeeze=False, height_ratios=heights)[:, 0]
    for a, key in zip(axes, keys):
        scale, panel = key
        g = d[d["_key"] == key].reset_index(drop=True)
        if scale == "nnt":
            _draw_nnt(a, g, df_rederived)
            continue
        labels = _labels(g)
        sizes = np.array(_row_sizes(labels))
        y = sizes.sum() - (np.cumsum(sizes) - sizes / 2) - 0.5  # top to bottom, each row as tall as its label
        lo, hi, est = g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float), g["estimate"].to_numpy(float)
        has_ci = np.isfinite(lo) & np.isfinite(hi)
        a.hlines(y[has_ci], lo[has_ci], hi[has_ci], color=INK, linewidth=1.8)
        a.vlines(
            np.r_[lo[has_ci], hi[has_ci]],
            np.r_[y[has_ci], y[has_ci]] - 0.12,
            np.r_[y[has_ci], y[has_ci]] + 0.12,
            color=INK,
            linewidth=1.2,
        )
        a.plot(est, y, linestyle="none", marker="s", markersize=6, color=INK, zorder=3)
        a.set_yticks(y, labels)
        a.set_ylim(-0.6, sizes.sum() - 0.4)
        a.grid(axis="y", visible=False)
        label, ref = SCALE_LABELS.get(scale, (str(scale), None))
        if scale == "ratio":
            positive = np.r_[est, lo[has_ci], hi[has_ci]]
            if np.all(positive[np.isfinite(positive)] > 0):
                a.set_xscale("log")
                _plain_log_axis(a.xaxis)
        if scale == "proportion":
            a.set_xlim(-0.02, 1.02)
        if ref is not None:
            a.axvline(ref, color=FAINT, linestyle="--", linewidth=1)
        a.set_xlabel(label)
        if scale == "difference" and str(g["quantity"].iloc[0]) in _MEASURE_UNITS:
            a.set_title(wrap(panel, 46) + "\n(difference in its own units)", loc="left", fontsize=9.5)
        else:
            a.set_title(
                f"{scale.capitalize()} scale" if by == "scale" else f"{panel} ({scale} scale)", loc="left", fontsize=9.5
            )
    if ax is None:
        _title(fig, title or "Re-derived quantities: estimate (square) and confidence interval (bar)")
    return fig
