"""Figures and summary a statistician would sign (issue 9, item 14).

Fitzgerald et al. (2020) print three changes on three different scales (DFS "-0.10 points; 95% CI,
-0.32 to 0.12", FSS "-5.2 points; 95% CI, -10.4 to 0.14", MFIS "-13.5 points; 95% CI, -25.0 to
-1.98"): each gets its own axis. An NNT whose risk-difference CI includes 0 has a confidence set
through infinity (Altman 1998, BMJ 317:1309, doi:10.1136/bmj.317.7168.1309): it is drawn on the
risk-difference scale with NNT tick labels and infinity at 0, never as a lone dot.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis.ledger import load_ledger
from analysis.report import content, plots


@pytest.fixture(autouse=True)
def _style():
    plots.apply_style()


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


def _rows(rows):
    cols = ["study", "entries", "quantity", "label", "estimate", "ci_low", "ci_high", "scale", "method"]
    return pd.DataFrame(rows, columns=cols).assign(confidence_level=0.95, r=math.nan, note="")


FITZ = _rows([
    ("fitzgerald2020", "dfs_change", "reported estimate", "Daily Fatigue Severity, days 1-7", -0.10, -0.32, 0.12,
     "difference", "as printed"),
    ("fitzgerald2020", "fss_change", "reported estimate", "Fatigue Severity Scale, 1 week", -5.2, -10.4, 0.14,
     "difference", "as printed"),
    ("fitzgerald2020", "mfis_change", "reported estimate", "Modified Fatigue Impact Scale, day 28", -13.5, -25.0,
     -1.98, "difference", "as printed"),
])


@pytest.mark.parametrize("by", ["scale", "quantity"])
def test_three_measures_three_axes(by):
    fig = plots.forest(FITZ, by=by)
    assert len(fig.axes) == 3
    for ax, (_, row) in zip(fig.axes, FITZ.iterrows()):
        labels = " ".join(t.get_text() for t in ax.get_yticklabels()).replace("\n", " ")
        assert row["label"].split(",")[0] in labels
        lo, hi = ax.get_xlim()
        assert lo <= row["ci_low"] and hi >= row["ci_high"]
    # DFS's axis is not stretched to MFIS's -25: its span is under 10x its interval's width
    dfs = fig.axes[0]
    assert np.diff(dfs.get_xlim())[0] < 10 * (0.12 + 0.32)


NNT = _rows([
    ("s", "cmp,a,b", "risk difference", "response, A vs B", -0.10, -0.30, 0.10, "difference", "newcombe"),
    ("s", "cmp,a,b", "NNT", "response, A vs B", -10.0, math.nan, math.nan, "count", "1/RD"),
    ("t", "cmp,c,d", "risk difference", "remission, C vs D", 0.1419, 0.0443, 0.2357, "difference", "newcombe"),
    ("t", "cmp,c,d", "NNT", "remission, C vs D", 7.049, 4.243, 22.586, "count", "1/RD"),
])


def _nnt_axis(fig):
    axes = [ax for ax in fig.axes if "NNT" in ax.get_title(loc="left") or "NNT" in ax.get_xlabel()]
    assert len(axes) == 1, [ax.get_title(loc="left") for ax in fig.axes]
    return axes[0]


def test_nnt_through_infinity_is_an_interval_not_a_dot():
    ax = _nnt_axis(plots.forest(NNT))
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "\u221e" in ticks
    # drawn on the 1/NNT (risk-difference) scale: the interval of s runs from RD -0.30 to 0.10 across 1/NNT = 0
    segs = [s for coll in ax.collections for s in coll.get_segments() if len(s) == 2 and s[0][1] == s[1][1]]
    spans = sorted((round(min(s[0][0], s[1][0]), 4), round(max(s[0][0], s[1][0]), 4)) for s in segs)
    assert (-0.3, 0.1) in spans
    assert (round(1 / 22.586, 4), round(1 / 4.243, 4)) in spans
    lo, hi = ax.get_xlim()                          # nothing cut
    assert lo < -0.3 and hi > 1 / 4.243
    assert any("infinity" in t.get_text().lower() or "\u221e" in t.get_text() for t in ax.texts + [ax.xaxis.label])


def test_nnt_ticks_read_as_nnt():
    ax = _nnt_axis(plots.forest(NNT))
    fig = ax.figure
    fig.canvas.draw()
    shown = {t.get_text(): t.get_position()[0] for t in ax.get_xticklabels() if t.get_text()}
    for text, x in shown.items():
        if text == "\u221e":
            assert x == 0
        else:
            n = float(text.split()[-1].replace("\u2212", "-"))
            assert abs(abs(1 / x) - n) < 1e-9


def test_p_vs_ci_legend_swatches_match_the_boxes():
    rows = pd.DataFrame({
        "entry_ids": ["a", "b"], "verdict": ["consistent", "inconsistent"], "reported": ["P = .40", "P = .04"],
        "p_printed_low": [0.395, 0.035], "p_printed_high": [0.405, 0.045],
        "p_implied_low": [0.338, 0.021], "p_implied_high": [0.408, 0.022], "p_face": [0.373, 0.0215]})
    fig = plots.p_vs_ci(rows)
    ax = fig.axes[0]
    boxes = {(to_hex(p.get_facecolor()[0]), p.get_hatch() or "") for p in ax.collections
             if len(p.get_facecolor()) and to_hex(p.get_facecolor()[0]) != "#ffffff"}
    legend = fig.legends[0] if fig.legends else ax.get_legend()
    swatches = {(to_hex(h.get_facecolor()), h.get_hatch() or "") for h in legend.legend_handles
                if hasattr(h, "get_hatch") and to_hex(h.get_facecolor()) != "#ffffff"}
    assert boxes and boxes <= swatches, (boxes, swatches)
    assert len(boxes) == 2


def test_baseline_characteristics_are_not_outcomes():
    class E:
        def __init__(self, id, kind, time):
            self.id, self.kind, self.fields = id, kind, {"time": time}

        def get(self, f, d=None):
            return self.fields.get(f, d)

    class S:
        entries = (E("women_a", "proportion", "baseline"), E("women_b", "proportion", "baseline"),
                   E("cmp_women", "comparison", ""), E("resp_a", "proportion", "week 8"),
                   E("resp_b", "proportion", "week 8"), E("cmp_resp", "comparison", ""),
                   E("madrs_baseline", "mean_sd", "baseline"), E("madrs_post", "mean_sd", "week 4"),
                   E("madrs_change", "comparison", ""))

        def entry(self, i):
            return next(e for e in self.entries if e.id == i)

    d = _rows([
        ("s", "cmp_women,women_a,women_b", "risk difference", "women, A vs B", 0.1, -0.2, 0.4, "difference", "n"),
        ("s", "cmp_resp,resp_a,resp_b", "risk difference", "response, A vs B", 0.2, 0.0, 0.4, "difference", "n"),
        ("s", "madrs_change,madrs_baseline,madrs_post", "mean change", "MADRS", -10.3, -14.5, -6.1, "difference",
         "t"),
    ])
    kept = content.outcome_rows(d, S())
    assert list(kept["label"]) == ["response, A vs B", "MADRS"]


def test_reported_estimates_keep_the_printed_digits(ledger):
    from analysis.rederivation import rederive

    study = ledger.study("fitzgerald2020")
    table = content.rederived_table(rederive("fitzgerald2020", ledger=ledger), study=study)
    # as printed: "-13.5 points; 95% CI, -25.0 to -1.98" and "-5.2 points; 95% CI, -10.4 to 0.14"
    for printed in ("\u221213.5<", "\u221225.0 to \u22121.98", "\u22125.2<", "\u221210.4 to 0.14", "\u22120.10<"):
        assert printed in table, printed
    for invented in ("\u221213.50", "\u22125.20", "\u221210.40", "\u221225.00"):
        assert invented not in table, invented


def test_summary_separates_tests_from_statements_that_could_not_be_checked(ledger):
    from analysis.auditing import audit

    findings = audit("fitzgerald2020", ledger=ledger)
    entries = ledger.entries_frame("fitzgerald2020")
    counts = findings["verdict"].value_counts()
    text_only = int((findings["check"] == "text_only").sum())
    tested = int(counts.get("consistent", 0) + counts.get("inconsistent", 0))
    untestable = int(counts.get("not_testable", 0)) - text_only
    head = content.summarize_findings(findings, entries).splitlines()[0]
    assert head.startswith(f"**{tested} checks tested a printed number: {counts['consistent']} consistent, "
                           f"{counts['inconsistent']} inconsistent.**"), head
    assert f"{untestable} check could not be run" in head or f"{untestable} checks could not be run" in head
    assert f"{text_only} statements without numbers could not be checked" in head
