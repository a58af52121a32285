"""The report figures' shared style: verdict colours, hatches and marks, axis labels per scale, rcParams,
label wrapping and the helpers every figure module uses.

May import matplotlib and numpy; nothing of analysis.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any, Iterable

import matplotlib
from matplotlib.figure import Figure

__all__ = ["VERDICT_STYLE", "SCALE_LABELS", "INK", "FAINT", "PAGE_WIDTH", "apply_style", "as_image", "wrap"]

#: Verdict -> how it is drawn. Lightness differs (light / dark / mid grey) and each has
#: its own hatch, marker and text mark, so the three survive a greyscale printer.
VERDICT_STYLE: dict[str, dict[str, Any]] = {
    "consistent": {
        "color": "#c7e9c0",
        "edge": "#238b45",
        "hatch": "",
        "marker": "o",
        "mark": "\u2714",
        "label": "consistent",
    },
    "inconsistent": {
        "color": "#a50f15",
        "edge": "#67000d",
        "hatch": "xxx",
        "marker": "X",
        "mark": "\u2718",
        "label": "inconsistent",
    },
    "not_testable": {
        "color": "#9e9e9e",
        "edge": "#404040",
        "hatch": "///",
        "marker": "s",
        "mark": "\u2013",
        "label": "not testable",
    },
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

_RC: dict[Any, Any] = {  # rcParams keys are typed as literals; these are checked when set
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

    handles: list[Any] = []
    for v in VERDICT_STYLE:
        if v not in set(verdicts):
            continue
        s = VERDICT_STYLE[v]
        if kind == "patch":
            handles.append(
                Patch(facecolor=s["color"], edgecolor=s["edge"], hatch=s["hatch"], label=f"{s['mark']} {s['label']}")
            )
        else:
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker=s["marker"],
                    markersize=7,
                    markerfacecolor=s["color"],
                    markeredgecolor=s["edge"],
                    label=f"{s['mark']} {s['label']}",
                )
            )
    if handles:
        ax.legend(handles=handles, **kw)
