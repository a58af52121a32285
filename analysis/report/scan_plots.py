"""The scan report's figures: findings per paper by grade, and recomputed against printed P.

May import matplotlib, numpy, pandas and analysis.report.style; nothing else.
"""

from __future__ import annotations

import os
import re

import numpy as np
from matplotlib.figure import Figure

from .style import FAINT, INK, PAGE_WIDTH, VERDICT_STYLE, _empty, _plain_log_axis, _title, _verdict_legend, wrap

__all__ = ["findings_per_paper", "p_printed_vs_recomputed", "GRADE_STYLE", "printed_p"]

#: grade -> how its bar is drawn (lightness and hatch differ, so the three survive greyscale)
GRADE_STYLE = {
    "error": {"color": "#67000d", "hatch": "xxx"},
    "likely": {"color": "#ef6548", "hatch": "//"},
    "rounding": {"color": "#fdd49e", "hatch": ""},
}
#: a P as printed or recomputed: "p = .03", "P < 0.001", "p=0.036" (the number after the sign)
_P = re.compile(r"\b[pP]\s{0,3}([=<>\u2264\u2265])\s{0,3}(0?\.\d{1,12}|1(?:\.0{1,12})?|\d\.\d{1,12}e-\d{1,3})")


def printed_p(text: str) -> tuple[str, float] | None:
    """(sign, value) of the last P in a printed string, or None.

    >>> printed_p("t(28) = 2.20, p = .03")
    ('=', 0.03)
    >>> printed_p("P < .001"), printed_p("no p here")
    (('<', 0.001), None)
    """
    found = _P.findall(str(text)[:400])
    if not found:
        return None
    sign, value = found[-1]
    return {"\u2264": "<", "\u2265": ">"}.get(sign, sign), float(value)


def findings_per_paper(rows, top: int = 30) -> Figure:
    """Papers with the most findings (stacked by grade), at most ``top``; the title says how many there are."""
    from matplotlib.ticker import MaxNLocator

    inc = rows[rows["verdict"] == "inconsistent"] if len(rows) else rows
    if not len(inc):
        return _empty("No paper has a finding.")
    tab = inc.groupby(["file", "grade"]).size().unstack(fill_value=0)
    grades = [g for g in GRADE_STYLE if g in tab.columns]
    tab = tab.reindex(columns=grades, fill_value=0)
    tab = tab.assign(_n=tab.sum(axis=1)).sort_values(["_n", *grades], ascending=False).drop(columns="_n")
    n_all = len(tab)
    tab = tab.head(top).iloc[::-1]
    fig = Figure(figsize=(PAGE_WIDTH, min(0.26 * len(tab) + 1.3, 8.6)), layout="constrained")
    ax = fig.add_subplot()
    y, left = np.arange(len(tab)), np.zeros(len(tab))
    for g in grades:
        vals = tab[g].to_numpy(float)
        ax.barh(
            y,
            vals,
            left=left,
            color=GRADE_STYLE[g]["color"],
            hatch=GRADE_STYLE[g]["hatch"],
            edgecolor=INK,
            linewidth=0.5,
            height=0.72,
            label=g,
        )
        left += vals
    ax.set_yticks(y, [wrap(os.path.basename(str(f)), 34) for f in tab.index], fontsize=7.5)
    ax.set_xlabel("Findings (inconsistent checks)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", title="grade")
    shown = (
        f"the {len(tab)} with the most of {n_all} papers with findings"
        if n_all > len(tab)
        else f"all {n_all} papers with findings"
    )
    _title(fig, f"Findings per paper, by grade ({shown})")
    return fig


def p_printed_vs_recomputed(rows) -> Figure:
    """Every P recomputed from a test statistic or a CI, against the P printed beside it (log axes).

    On the diagonal the two agree; off it the printed P is not what the printed numbers give. A P
    printed as a bound ("< .001") is drawn at the bound with an open marker. Dotted lines at .05.
    """
    want = rows[rows["check"].isin(["recompute_p", "p_against_ci"])] if len(rows) else rows
    pts = []
    for rep, rec, verdict in zip(want.get("reported", []), want.get("recomputed", []), want.get("verdict", [])):
        a, b = printed_p(rep), printed_p(rec)
        if a is None or b is None or not (0 < a[1] <= 1 and 0 < b[1] <= 1):
            continue
        pts.append((a[1], b[1], a[0] != "=", verdict))
    if not pts:
        return _empty("No P value printed beside a test statistic or a CI.")
    fig = Figure(figsize=(PAGE_WIDTH * 0.75, PAGE_WIDTH * 0.62), layout="constrained")
    ax = fig.add_subplot()
    lo = max(min(min(p[0], p[1]) for p in pts) / 2, 1e-8)
    ax.plot([lo, 1], [lo, 1], color=FAINT, linewidth=0.8, zorder=1)
    for x in (ax.axvline, ax.axhline):
        x(0.05, color=FAINT, linestyle=":", linewidth=0.8)
    for verdict in ("consistent", "not_testable", "inconsistent"):
        s = VERDICT_STYLE[verdict]
        for bound in (False, True):
            sel = [(p[0], p[1]) for p in pts if p[3] == verdict and p[2] == bound]
            if sel:
                xs, ys = zip(*sel)
                ax.scatter(
                    xs,
                    ys,
                    s=16 if verdict != "inconsistent" else 26,
                    marker=s["marker"],
                    facecolors="none" if bound else s["color"],
                    edgecolors=s["edge"],
                    linewidths=0.7,
                    zorder=3 if verdict == "inconsistent" else 2,
                )
    ax.set_xscale("log")
    ax.set_yscale("log")
    subs = (1.0,) if lo < 1e-3 else (1.0, 2.0, 5.0)  # over many decades, one tick per decade
    _plain_log_axis(ax.xaxis, subs)
    _plain_log_axis(ax.yaxis, subs)
    ax.set_xlim(lo, 1.2)
    ax.set_ylim(lo, 1.2)
    ax.set_xlabel("P as printed (open marker: printed as a bound, drawn at it)")
    ax.set_ylabel("P recomputed from the printed numbers")
    _verdict_legend(ax, {p[3] for p in pts}, kind="marker", loc="upper left")
    _title(fig, f"Recomputed against printed P ({len(pts)} P values; dotted: .05)")
    return fig
