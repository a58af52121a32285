"""Report figures (analysis.report.plots) on small frames: panels, scales, greyscale-safe styles.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.report import content, plots
from conftest import small_audit, small_rederived


@pytest.fixture(autouse=True)
def _style():
    plots.apply_style()


def test_forest_one_panel_per_scale_log_for_ratios():
    fig = plots.forest(small_rederived())
    assert isinstance(fig, Figure)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Proportion scale", "Difference scale", "Ratio scale", "Standardized scale"]
    ratio = fig.axes[titles.index("Ratio scale")]
    assert ratio.get_xscale() == "log"
    assert all(ax.get_xscale() == "linear" for ax in fig.axes if ax is not ratio)
    # p-values are not effects; the assumed-r rows appear once (r closest to 0.5), labelled
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert not any("p from CI" in lab for lab in labels)
    assert sum("SMCR" in lab for lab in labels) == 1
    assert any("assumed r = 0.5" in lab.replace("\n", " ") for lab in labels)


def test_forest_by_quantity_never_mixes_scales():
    fig = plots.forest(small_rederived(), by="quantity")
    assert len(fig.axes) == 5
    assert [ax.get_xscale() for ax in fig.axes].count("log") == 2


def test_forest_single_axes_rejects_mixed_scales():
    fig = Figure()
    ax = fig.add_subplot()
    with pytest.raises(ValueError, match="panels"):
        plots.forest(small_rederived(), ax=ax)
    one = small_rederived().query("scale == 'ratio'")
    assert plots.forest(one, ax=ax, by="scale") is fig


def test_forest_empty():
    assert isinstance(plots.forest(small_rederived().iloc[0:0]), Figure)


def test_p_vs_ci_log_axis_one_row_per_check():
    rows = small_audit().query("check == 'p_against_ci'")
    fig = plots.p_vs_ci(rows)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert len(ax.get_yticks()) == 2
    assert "inconsistent" in " ".join(t.get_text() for t in ax.get_yticklabels())


def test_verdict_bars_counts():
    fig = plots.verdict_bars(small_audit())
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["1", "1", "1", "1"]


def test_sensitivity_curve_panels():
    fig = plots.sensitivity_curve(content.sensitivity_rows(small_rederived()))
    assert len([ax for ax in fig.axes if ax.axison]) == 1
    ps = pd.DataFrame({"r": np.linspace(0, 0.9, 10), "smcr": -1.7, "dz": np.linspace(-1, -3, 10),
                       "p": np.logspace(-2, -8, 10)})
    fig = plots.sensitivity_curve(ps)
    live = [ax for ax in fig.axes if ax.axison]
    assert len(live) == 3 and live[2].get_yscale() == "log"
    assert all(ax.get_xlabel() == "Assumed pre-post correlation r" for ax in live)


def test_power_and_reconstruction_plots():
    df = pd.DataFrame({"effect": np.linspace(0, 2, 11), "power": np.linspace(0.05, 0.99, 11)})
    assert plots.power_curve_plot(df).axes[0].get_ylim()[1] > 1

    class Rec:
        samples = ((1, 2, 3, 3, 4), (1, 2, 2, 4, 4))
        count, complete = 2, True

    fig = plots.reconstruction_histogram(Rec())
    assert len(fig.axes[0].patches) == 4                    # scores 1..4

    class NoRec:
        samples, count, complete = (), 0, True

    assert "No sample" in plots.reconstruction_histogram(NoRec()).axes[0].texts[0].get_text()


def test_as_image_png():
    img = plots.as_image(plots.verdict_bars(small_audit()))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"
