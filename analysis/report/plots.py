"""One plotting style for every report: figures that read in print and in greyscale.

May import matplotlib, numpy and analysis.report.content; never the build, the kernels or the browser.

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

import io
import math
import textwrap
from typing import Any, Iterable

import matplotlib
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "VERDICT_STYLE", "SCALE_LABELS", "apply_style", "as_image", "forest", "p_vs_ci",
    "denominators_plot", "sensitivity_curve", "power_curve_plot", "reconstruction_histogram",
    "verdict_bars", "wrap", "forest_rows", "nnt_ticks",
]

#: Verdict -> how it is drawn. Lightness differs (light / dark / mid grey) and each has
#: its own hatch, marker and text mark, so the three survive a greyscale printer.
VERDICT_STYLE: dict[str, dict[str, Any]] = {
    "consistent": {"color": "#c7e9c0", "edge": "#238b45", "hatch": "", "marker": "o",
                   "mark": "\u2714", "label": "consistent"},
    "inconsistent": {"color": "#a50f15", "edge": "#67000d", "hatch": "xxx", "marker": "X",
                     "mark": "\u2718", "label": "inconsistent"},
    "not_testable": {"color": "#9e9e9e", "edge": "#404040", "hatch": "///", "marker": "s",
                     "mark": "\u2013", "label": "not testable"},
}

#: Scale of a re-derived quantity -> axis label (with its unit) and reference value.
SCALE_LABELS: dict[str, tuple[str, float | None]] = {
    "proportion": ("Proportion of participants (0 to 1)", None),
    "difference": ("Difference (units of the measure; 0 = no difference)", 0.0),
    "ratio": ("Ratio (log scale; 1 = no difference)", 1.0),
    "standardized": ("Standardized difference (SD units; 0 = no difference)", 0.0),
    "count": ("Participants (e.g. number needed to treat)", None),
}
_SCALE_ORDER = ("proportion", "difference", "ratio", "standardized", "count")

#: Text and line colours (dark greys print well on any printer).
INK = "#222222"
FAINT = "#777777"

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.6,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "hatch.linewidth": 0.8,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

#: Page width available for a figure in the printed report (A4 minus margins), inches.
PAGE_WIDTH = 6.7


def apply_style() -> None:
    """Set the report style (rcParams) and the Agg backend for builds.

    >>> apply_style()
    >>> matplotlib.rcParams["font.sans-serif"][0]
    'DejaVu Sans'
    """
    matplotlib.rcParams.update(_RC)


def wrap(text: Any, width: int = 38) -> str:
    """Wrap a label to lines of at most ``width`` characters.

    >>> wrap("Remission after the fourth infusion of ketamine", 20)
    'Remission after the\\nfourth infusion of\\nketamine'

    Dollar signs are escaped: a label from the ledger never switches on matplotlib's math mode.

    >>> wrap("costs $5 and $6")
    'costs \\\\$5 and \\\\$6'
    """
    text = str(text).replace("$", "\\$")
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) or text


def as_image(fig: Figure, dpi: int = 150):
    """The figure as an embedded PNG (``IPython.display.Image``) sized to its inches.

    The PNG is rendered at ``dpi`` for print; its display width is the figure's
    width at 96 CSS pixels per inch, so it fits the page.
    """
    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.05)
    width = int(round(fig.get_figwidth() * 96))
    return Image(data=buf.getvalue(), format="png", embed=True, width=min(width, 680))


def _figure(width: float, height: float, ncols: int = 1, nrows: int = 1, **kw) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def _empty(message: str, width: float = PAGE_WIDTH, height: float = 1.0) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color=FAINT, transform=ax.transAxes)
    return fig


def _num(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return math.nan
    return v


def _plain_log_axis(axis, subs=(1.0, 2.0, 5.0)) -> None:
    """Log axis with ticks printed as plain numbers (0.5, 1, 2, 5) rather than 5x10^-1."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(_plain_tick))
    axis.set_minor_formatter(NullFormatter())


def _plain_tick(value: float, _pos: Any = None) -> str:
    if value <= 0:
        return ""
    return f"{value:g}" if 1e-4 <= value < 1e5 else f"{value:.0e}"


def _title(fig: Figure, text: str, width: int = 80) -> None:
    fig.suptitle(wrap(text, width), fontsize=10.5, fontweight="bold", x=0.01, ha="left")


def _verdict_legend(ax, verdicts: Iterable[str], kind: str = "patch", **kw) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    for v in VERDICT_STYLE:
        if v not in set(verdicts):
            continue
        s = VERDICT_STYLE[v]
        if kind == "patch":
            handles.append(Patch(facecolor=s["color"], edgecolor=s["edge"], hatch=s["hatch"],
                                 label=f'{s["mark"]} {s["label"]}'))
        else:
            handles.append(Line2D([], [], linestyle="none", marker=s["marker"], markersize=7,
                                  markerfacecolor=s["color"], markeredgecolor=s["edge"],
                                  label=f'{s["mark"]} {s["label"]}'))
    if handles:
        ax.legend(handles=handles, **kw)


# --------------------------------------------------------------------------- forest


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
        d = d[d["scale"].astype(str) != "p"]   # p-values are not effects: they have their own figure
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
        lab = f'{row.get("label", "")} \u2014 NNT {abs(est):.1f}'
        if np.isfinite(lo) and np.isfinite(hi):
            a.hlines([yi], [lo], [hi], color=INK, linewidth=1.8)
            a.vlines([lo, hi], yi - 0.12, yi + 0.12, color=INK, linewidth=1.2)
            xs += [lo, hi]
            if lo < 0 < hi:
                lab += (f"; CI: NNT {1 / hi:.1f} to \u221e to NNT {1 / -lo:.1f} on the other side")
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
    a.set_xlabel("Number needed to treat, drawn at 1/NNT (\u221e = no difference)\n"
                 "\u2190 2nd group more events \u2502 1st group more events \u2192")
    a.set_title("NNT (benefit, NNTB, or harm, NNTH,\ndepending on the event; Altman 1998)", loc="left",
                fontsize=9.5)


def forest(df_rederived, ax=None, by: str = "scale", title: str | None = None,
           one_method: bool = True) -> Figure:
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
            raise ValueError(f"ax given but df_rederived holds {len(keys)} panels "
                             f"({', '.join(k[1] for k in keys)}); pass one at a time or ax=None")
        fig = ax.figure
        axes = [ax]
    else:
        sizes = [(d["_key"] == k).sum() for k in keys]
        heights = [max(1.0, 0.34 * n + 0.75) + (0.35 if k[0] == "nnt" else 0) for n, k in zip(sizes, keys)]
        fig = Figure(figsize=(PAGE_WIDTH, sum(heights) + 0.3), layout="constrained")
        axes = fig.subplots(len(keys), 1, squeeze=False, height_ratios=heights)[:, 0]
    for a, key in zip(axes, keys):
        scale, panel = key
        g = d[d["_key"] == key].reset_index(drop=True)
        if scale == "nnt":
            _draw_nnt(a, g, df_rederived)
            continue
        labels = []
        for _, row in g.iterrows():
            lab = f'{row.get("label", "")} \u2014 {row.get("quantity", "")}'
            method = str(row.get("method", "") or "")
            if method and method != "as printed":
                lab += f" ({method})"
            r = _num(row.get("r"))
            if np.isfinite(r):
                lab += f" (assumed r = {r:g})"
            labels.append(wrap(lab, 52))
        y = np.arange(len(g))[::-1]
        lo, hi, est = g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float), g["estimate"].to_numpy(float)
        has_ci = np.isfinite(lo) & np.isfinite(hi)
        a.hlines(y[has_ci], lo[has_ci], hi[has_ci], color=INK, linewidth=1.8)
        a.vlines(np.r_[lo[has_ci], hi[has_ci]], np.r_[y[has_ci], y[has_ci]] - 0.12,
                 np.r_[y[has_ci], y[has_ci]] + 0.12, color=INK, linewidth=1.2)
        a.plot(est, y, linestyle="none", marker="s", markersize=6, color=INK, zorder=3)
        a.set_yticks(y, labels)
        a.set_ylim(-0.6, len(g) - 0.4)
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
            a.set_title(f"{scale.capitalize()} scale" if by == "scale" else f"{panel} ({scale} scale)",
                        loc="left", fontsize=9.5)
    if ax is None:
        _title(fig, title or "Re-derived quantities: estimate (square) and confidence interval (bar)")
    return fig


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
            ax.fill_betweenx([yi - 0.3, yi - 0.05], max(ilo, floor), max(ihi, floor),
                             facecolor=s["color"], edgecolor=s["edge"], hatch=s["hatch"], linewidth=0.8)
        if np.isfinite(phi):
            ax.fill_betweenx([yi + 0.05, yi + 0.3], plo, max(phi, plo * 1.02),
                             facecolor="white", edgecolor=INK, linewidth=1.2)
        face = _num(row.get("p_face"))
        if np.isfinite(face) and face > 0:
            ax.plot([face], [yi - 0.175], marker="|", markersize=12, color=INK, markeredgewidth=2)
        reported = str(row.get("reported", "") or "")
        lab = f'{row.get("entry_ids", "")}\n{s["mark"]} {s["label"]}'
        if reported:
            lab = f'{row.get("entry_ids", "")}: {reported}\n{s["mark"]} {s["label"]}'
        labels.append(wrap(lab.split("\n")[0], 34) + "\n" + lab.split("\n")[1])
    ax.set_xscale("log")
    _plain_log_axis(ax.xaxis, subs=(1.0, 2.0, 5.0) if positive.size and positive.max() / positive.min() < 100
                    else (1.0,))
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(d) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.axvline(0.05, color=FAINT, linestyle=":", linewidth=1)
    ax.set_xlabel("p-value (two-sided, log scale; dotted line at 0.05)")
    from matplotlib.patches import Patch
    from matplotlib.lines import Line2D

    handles = [Patch(facecolor="white", edgecolor=INK, label="p as printed (rounding interval)")]
    drawn = [v for v in VERDICT_STYLE if v in set(d.get("verdict", pd.Series(dtype=str)).fillna("not_testable"))]
    for v in drawn:   # the implied ranges are drawn in their verdict's style: one swatch per style drawn
        s = VERDICT_STYLE[v]
        handles.append(Patch(facecolor=s["color"], edgecolor=s["edge"], hatch=s["hatch"], linewidth=0.8,
                             label=f'p the printed CI implies (over the rounding of estimate and bounds): '
                                   f'{s["mark"]} {s["label"]}'))
    handles.append(Line2D([], [], linestyle="none", marker="|", markersize=10, markeredgewidth=2, color=INK,
                          label="p from the CI at face value"))
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
    ax.plot(ok["n"], [y_of[l] for l in ok["label"]], linestyle="none", marker="o", markersize=4,
            color=INK, label="n that reproduces the percentage")
    rep = fits.dropna(subset=["reported_n"]).drop_duplicates("label")
    for _, row in rep.iterrows():
        n = int(row["reported_n"])
        good = bool(((fits["label"] == row["label"]) & (fits["n"] == n) & fits["fits"].astype(bool)).any())
        s = VERDICT_STYLE["consistent" if good else "inconsistent"]
        ax.plot([n], [y_of[row["label"]]], linestyle="none", marker=s["marker"], markersize=11,
                markerfacecolor="none" if good else s["color"], markeredgecolor=s["edge"], markeredgewidth=1.6)
    ax.set_yticks(list(y_of.values()), [wrap(l, 32) for l in y_of])
    ax.set_xlim(nmin - 0.5, nmax + 0.5)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Denominator n (participants)")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], linestyle="none", marker="o", markersize=4, color=INK,
                      label="n for which some whole count k gives the printed percentage"),
               Line2D([], [], linestyle="none", marker="o", markersize=10, markerfacecolor="none",
                      markeredgecolor=VERDICT_STYLE["consistent"]["edge"], markeredgewidth=1.6,
                      label="\u2714 reported n fits"),
               Line2D([], [], linestyle="none", marker="X", markersize=10,
                      markerfacecolor=VERDICT_STYLE["inconsistent"]["color"],
                      markeredgecolor=VERDICT_STYLE["inconsistent"]["edge"], label="\u2718 reported n does not fit")]
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
    panels: list[tuple[str, Any, str]] = []   # (kind, data, y label)
    if "estimate" in d.columns:
        qcol = d["quantity"] if "quantity" in d.columns else pd.Series("estimate", index=d.index)
        for q, g in d.groupby(qcol, sort=False):
            unit = {"standardized": "SD units", "difference": "units of the measure",
                    "ratio": "ratio", "proportion": "0 to 1"}.get(str(g["scale"].iloc[0]) if "scale" in g else "", "")
            panels.append(("estimate", g, f"{q} ({unit})" if unit else str(q)))
    for col, lab in (("smcr", "Standardized mean change (SMCR, SD units)"),
                     ("dz", "d_z (change / SD of change)"), ("p", "p-value (log scale)")):
        if col in d.columns and pd.to_numeric(d[col], errors="coerce").notna().any():
            panels.append((col, d, lab))
    if not panels:
        return _empty("No sensitivity analysis applies to this study.")
    ncols = 2 if len(panels) > 1 else 1
    nrows = math.ceil(len(panels) / ncols)
    fig = Figure(figsize=(PAGE_WIDTH, 2.4 * nrows + 0.5), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for a in axes[len(panels):]:
        a.axis("off")
    styles = ["-", "--", "-.", ":"]
    markers = ["o", "s", "^", "D"]
    for a, (kind, g, lab) in zip(axes, panels):
        if kind == "estimate":
            groups = list(g.groupby("label", sort=False)) if "label" in g.columns else [("", g)]
            for i, (name, gg) in enumerate(groups):
                xs = gg[x].to_numpy(float)
                a.plot(xs, gg["estimate"].astype(float), linestyle=styles[i % 4], marker=markers[i % 4],
                       markersize=4, color=INK, label=wrap(name, 40) if name and len(groups) > 1 else None)
                if {"ci_low", "ci_high"} <= set(gg.columns):
                    lo = pd.to_numeric(gg["ci_low"], errors="coerce").to_numpy(float)
                    hi = pd.to_numeric(gg["ci_high"], errors="coerce").to_numpy(float)
                    if np.isfinite(lo).any():
                        a.fill_between(xs, lo, hi, color="#bbbbbb", alpha=0.45, linewidth=0)
            if a.get_legend_handles_labels()[0]:
                a.legend(loc="best", fontsize=7.5)
            a.set_ylabel(wrap(lab, 30))
            a.set_title("band: 95% CI" if {"ci_low", "ci_high"} <= set(g.columns)
                        and pd.to_numeric(g["ci_low"], errors="coerce").notna().any() else "",
                        loc="right", fontsize=8, fontweight="normal")
        else:
            vals = pd.to_numeric(g[kind], errors="coerce").to_numpy(float)
            xs = g[x].to_numpy(float)
            a.plot(xs, vals, color=INK)
            if {f"{kind}_ci_low", f"{kind}_ci_high"} <= set(g.columns):
                a.fill_between(xs, pd.to_numeric(g[f"{kind}_ci_low"], errors="coerce").to_numpy(float),
                               pd.to_numeric(g[f"{kind}_ci_high"], errors="coerce").to_numpy(float),
                               color="#bbbbbb", alpha=0.45, linewidth=0)
                a.set_title("band: 95% CI", loc="right", fontsize=8, fontweight="normal")
            if kind == "p":
                a.set_yscale("log")
                _plain_log_axis(a.yaxis, subs=(1.0,))
                a.axhline(0.05, color=FAINT, linestyle=":", linewidth=1)
                a.text(0.01, 0.05, " p = 0.05", color=FAINT, fontsize=7.5, va="bottom",
                       transform=a.get_yaxis_transform())
            a.set_ylabel(wrap(lab, 30))
        a.set_xlabel(xlabel)
    if title:
        _title(fig, title, 90)
    return fig


def power_curve_plot(df, effect_label: str = "True standardized difference (Cohen's d, SD units)",
                     title: str | None = None) -> Figure:
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
        msg = ("No sample of whole scores reproduces the printed mean and SD" if complete
               else "No reproducing sample found (search incomplete)")
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
        ax.barh(y, vals, left=left, color=s["color"], edgecolor=s["edge"], hatch=s["hatch"],
                label=f'{s["mark"]} {s["label"]}', height=0.7, linewidth=0.8)
        for yi, l, w in zip(y, left, vals):
            if w > 0:
                ax.text(l + w / 2, yi, f"{int(w)}", ha="center", va="center", fontsize=8,
                        color="white" if v == "inconsistent" else INK,
                        bbox=None if v != "not_testable" else dict(facecolor="white", edgecolor="none",
                                                                   pad=0.6, alpha=0.85))
        left += vals
    ax.set_yticks(y, [wrap(i, 30) for i in tab.index])
    ax.set_xlabel("Number of checks")
    ax.grid(axis="y", visible=False)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(loc="outside lower center", ncol=len(order))
    _title(fig, title or f"Verdicts per {by}")
    return fig
