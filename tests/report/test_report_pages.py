"""The study report read page by page (issue 19 item 6): one label per group of rows, one CI method per
proportion in the body with the others in an appendix, labels that do not overlap, figures sized to a page.

The rendered pages were looked at as images (pdftoppm -r 60) when this was written; these tests hold what
was fixed: each fails on the code before the fix.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import rederive
from analysis.report import content
from analysis.report.intervals import forest
from analysis.report.markup import _table
from analysis.report.page import REPORT_CSS
from conftest import approx


def test_rows_that_share_a_label_print_it_once():
    df = pd.DataFrame({"label": ["a", "a", "b", "a"], "q": ["x", "y", "z", "w"]})
    html = _table(df, [("label", "What"), ("q", "Q")], group_col="label")
    assert html.count('<td rowspan="2">a</td>') == 1          # the first two rows share one cell
    assert html.count(">a</td>") == 2 and html.count(">b</td>") == 1  # a later "a" is a new group
    assert html.count("<tr>") == 5


def test_sakurai_body_has_one_interval_per_proportion_and_the_appendix_all_three():
    derived = rederive("sakurai2025")
    body = content.rederived_table(derived).replace("<wbr>", "")
    # "remission rate of 26.7%" of 30: 8/30, printed once, with the Wilson interval, named
    assert body.count("remission, after the fourth infusion") == 1
    assert "Wilson score" in body and "Clopper" not in body and "Jeffreys" not in body
    for label in set(derived[derived.r.isna()].label):        # no two rows with one label: each printed once
        assert body.count(f">{label}</td>") == 1, label
    assert '<td rowspan="2">MADRS percent improvement, after the fourth infusion</td>' in body  # estimate, p
    appendix = content.proportion_intervals(derived).replace("<wbr>", "")
    row = re.search(r"<tr><td>remission, after the fourth infusion</td>(.*?)</tr>", appendix).group(1)
    values = [float(x) for x in re.findall(r"\d\.\d+", row)]
    # R (tests/reference/r_generated_values.tsv, a.8_30.*): prop.test Wilson 0.1418-0.4445, binom.test
    # Clopper-Pearson 0.1228-0.4589, qbeta Jeffreys 0.1349-0.4410, each to the report's 3 decimals
    assert values[:7] == [0.267, 0.142, 0.444, 0.123, 0.459, 0.135, 0.441]
    assert content.proportion_intervals(rederive("fitzgerald2020")) == ""  # no proportion: no appendix


def _crowded(fig, gap_points: float = 2.0) -> list[tuple[str, str]]:
    """Neighbouring y labels closer than ``gap_points`` (or overlapping): wrapped labels that touch read as one."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.get_yticklabels() if t.get_text()]
        for (ta, a), (tb, b) in zip(boxes, boxes[1:]):
            if a.y0 - b.y1 < gap_points * fig.dpi / 72:
                bad.append((ta, tb))
    return bad


def test_forest_labels_do_not_overlap():
    # the overview's six proportions of two studies, each label wrapped over two or three lines
    rows = pd.concat([rederive("rett_nct06199700"), rederive("sakurai2025")], ignore_index=True)
    rows = rows[rows.quantity == "proportion"].copy()
    rows["label"] = rows["study"] + ": " + rows["label"]
    fig = forest(rows, by="quantity")
    assert len(fig.axes[0].get_yticklabels()) == 6
    # before: 0.4 px apart at 100 dpi, the two-line labels touching; now 5.5 px
    assert _crowded(fig) == []


def test_a_figure_is_never_taller_than_a_page():
    # A4 less the margins (15 + 16 mm) is 266 mm; 225 mm leaves a heading and a line room above the figure
    rule = re.search(r"img \{[^}]*max-height: (\d+)mm", REPORT_CSS)
    assert rule and int(rule.group(1)) <= 225
    # "Software." and its table move to a page together: the heading never ends a page alone
    from analysis.ledger import load_ledger

    assert ".keep-together { break-inside: avoid" in REPORT_CSS
    assert '<div class="keep-together"><p><b>Software.</b></p><table' in content.provenance(load_ledger(), ["uk_ect2003"])
