"""Comparisons that printed no test: the paired t over every correlation, McNemar over every pairing;
one assumption across a study's P-CI pairs; p = .000. The arithmetic is done here, at the corners of the
rounding intervals, with scipy's t distribution and exact binomial sums.
"""
from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import pytest
from scipy import stats

from analysis.checks.paired import mcnemar_bounds, paired_t_bounds
from analysis.checks.pvalues import check_p_zero, common_assumption


def test_sakurai_paired_t_lower_bound():
    # 30.6 ± 6.1 -> 20.3 ± 11.5, n = 30. Smallest |change| over rounding: 30.55 - 20.35 = 10.2;
    # largest SD of the change, at r = -1: 6.15 + 11.55 = 17.7; t(29) >= 10.2 sqrt(30) / 17.7.
    t_min = 10.2 * math.sqrt(30) / 17.7
    p_max = 2 * stats.t.sf(t_min, 29)
    assert round(t_min, 4) == 3.1564 and p_max < 0.004
    # at r = 0 the SD of the change is at most sqrt(6.15^2 + 11.55^2) = 13.085
    t_r0 = 10.2 * math.sqrt(30) / math.hypot(6.15, 11.55)
    r = paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30, claimed_change=True)
    assert r.verdict == "consistent"
    assert r.details["t_min"] == pytest.approx(t_min, rel=1e-12)
    assert r.details["p_max"] == pytest.approx(p_max, rel=1e-9)
    assert r.details["t_r0"] == pytest.approx(t_r0, rel=1e-12)
    assert "t(29) >= 3.16" in r.explanation
    # no words claiming a change: the bound is stated, nothing is tested
    assert paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30).verdict == "not_testable"


def test_paired_t_bound_against_a_printed_p():
    # at r = 1 the SD of the change is at least 11.45 - 6.15 = 5.3 and |change| at most 30.65 - 20.25 = 10.4
    t_max = 10.4 * math.sqrt(30) / 5.3
    p_min = 2 * stats.t.sf(t_max, 29)
    p_max = 2 * stats.t.sf(10.2 * math.sqrt(30) / 17.7, 29)
    assert p_min < 1e-9 and 0.003 < p_max < 0.004
    assert paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30, p=".003").verdict == "consistent"  # [.0025, .0035]
    assert paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30, p=".005").verdict == "inconsistent"  # [.0045, .0055]


def test_paired_t_depends_on_r():
    # 10.0 ± 3.0 vs 9.0 ± 3.0, n = 20: at r = -1, t = 0.9 sqrt(20) / 6.1 = 0.66 (p = 0.52); at r = 1 the SD of
    # the change can be 0: significance depends on the unprinted r
    assert 2 * stats.t.sf(0.9 * math.sqrt(20) / 6.1, 19) > 0.5
    r = paired_t_bounds("10.0", "3.0", "9.0", "3.0", 20, claimed_change=True)
    assert r.verdict == "not_testable" and "depends on the unprinted r" in r.explanation


def test_sakurai_remission_mcnemar_over_every_pairing():
    # 8/30 after the fourth infusion, 4/30 at 12 months. x in both: 0..4; b = 8 - x, c = 4 - x.
    # x = 4: (b, c) = (4, 0): p = 2 / 2^4 = 0.125. x = 0: (8, 4): p = 2 (C(12,0)+...+C(12,4)) / 2^12.
    p_subset = float(Fraction(2, 2 ** 4))
    p_loose = float(Fraction(2 * sum(comb(12, i) for i in range(5)), 2 ** 12))
    assert (p_subset, round(p_loose, 4)) == (0.125, 0.3877)
    r = mcnemar_bounds(8, 4, 30)
    assert r.verdict == "not_testable"
    assert r.details["p_min"] == pytest.approx(p_subset) and r.details["p_max"] == pytest.approx(p_loose)
    assert "not significant at 0.05 for any pairing" in r.explanation
    assert mcnemar_bounds(8, 4, 30, p=".20").verdict == "consistent"
    assert mcnemar_bounds(8, 4, 30, p=".03").verdict == "inconsistent"


def _p_high(est_abs_min, width_max, df):
    """Largest P over rounding: smallest |estimate|, widest CI (Altman & Bland: SE = width / (2 q))."""
    q = stats.t.ppf(0.975, df)
    return 2 * stats.t.sf(est_abs_min * 2 * q / width_max, df)


def _p_low(est_abs_max, width_min, df):
    q = stats.t.ppf(0.975, df)
    return 2 * stats.t.sf(est_abs_max * 2 * q / width_min, df)


FITZGERALD = [dict(estimate="-0.10", lower="-0.32", upper="0.12", p=".40"),
              dict(estimate="-5.2", lower="-10.4", upper="0.14", p=".06"),
              dict(estimate="-13.5", lower="-25.0", upper="-1.98", p=".04")]


def test_fitzgerald_no_single_df():
    # DFS -0.10 (-0.32 to 0.12), P = .40 = [.395, .405]: largest P at |est| 0.095 and width 0.125 + 0.325.
    assert _p_high(0.095, 0.45, 29) < 0.395 <= _p_high(0.095, 0.45, 30)        # needs df >= 30
    # MFIS -13.5 (-25.0 to -1.98), P = .04 = [.035, .045]: largest P at |est| 13.45, width 25.05 - 1.975.
    assert _p_high(13.45, 23.075, 3) < 0.035 <= _p_high(13.45, 23.075, 2)      # needs df <= 2
    assert _p_low(13.55, 24.925, 2) <= 0.045
    r = common_assumption(FITZGERALD, names=["dfs", "fss", "mfis"])
    # a note, not a finding: each outcome may have had its own model
    assert r.verdict == "not_testable" and "different models" in r.explanation
    rep = r.details["reproducing"]
    assert min(rep["dfs"]) == 30 and max(rep["mfis"]) == 2 and math.inf not in rep["mfis"]
    assert "dfs: t with df 30-1000 or the normal" in r.explanation
    assert "mfis: t with df 1-2" in r.explanation


def test_sakurai_one_assumption_reproduces_both():
    pairs = [dict(estimate="1.35", lower="0.41", upper="2.30", p="0.005"),
             dict(estimate="1.38", lower="0.37", upper="2.39", p="0.007")]
    r = common_assumption(pairs, names=["post4", "12m"])
    assert r.verdict == "consistent"
    assert math.inf in r.details["common"]


def test_a_pair_reproduced_under_nothing_is_left_to_its_own_row():
    pairs = FITZGERALD[:2] + [dict(estimate="-13.5", lower="-25.0", upper="-1.98", p=".20")]
    r = common_assumption(pairs, names=["dfs", "fss", "bad"])
    assert r.details["unreproduced"] == ["bad"]
    assert r.verdict == "consistent"  # dfs and fss share df >= 30 and the normal


@pytest.mark.parametrize("p, bound", [(".00", "p < .01"), ("P = 0.0000", "p < .0001"), (".000", "p < .001")])
def test_p_zero_bound_follows_the_printed_precision(p, bound):
    # review R1: '.00' stands for p in [0, .005); it said "should read p < .001", a claim the print cannot support
    r = check_p_zero(p)
    assert r.verdict == "inconsistent" and f"should read {bound} " in r.explanation and r.recomputed == bound


@pytest.mark.parametrize("p, verdict", [(".000", "inconsistent"), ("P = 0.000", "inconsistent"),
                                        ("0", "inconsistent"), (".001", "consistent"), ("<.001", "consistent")])
def test_p_zero(p, verdict):
    r = check_p_zero(p)
    assert r.verdict == verdict
    if verdict == "inconsistent":
        assert "p < .001" in r.explanation
