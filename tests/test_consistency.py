"""analysis.consistency: each check on both sides of its boundary, invalid input, properties
(integer data printed with d decimals is never flagged), and the vectorised maps row for row
against the scalar functions.

Methods: GRIM (Brown & Heathers 2017, doi:10.1177/1948550616673876); GRIMMER (Anaya 2016,
doi:10.7287/peerj.preprints.2400v1; Allard 2018); DEBIT (Heathers & Brown 2019,
doi:10.31234/osf.io/5vb3u); statcheck (Nuijten et al. 2016, doi:10.3758/s13428-015-0664-2);
P from CI (Altman & Bland 2011, doi:10.1136/bmj.d2304).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy import stats

from analysis.consistency import (
    ROUNDING,
    DenominatorSolution,
    check_count,
    check_direction,
    check_p_against_ci,
    check_total,
    ci_symmetry,
    counts_from_percent,
    debit,
    denominators,
    grim,
    grim_map,
    grimmer,
    grimmer_map,
    p_from_ci_map,
    recompute_p,
)
from analysis.inference import p_from_ci
from analysis.results import VERDICTS, Check
from conftest import TOL


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


# Printing a rational exactly, the way a source rounding half up / down / even would.
_MODES = {"up": ROUND_HALF_UP, "down": ROUND_HALF_DOWN, "even": ROUND_HALF_EVEN}


def print_fraction(x: Fraction, d: int, mode: str = "up") -> str:
    """x printed with d decimals. 'up' is half towards +inf and 'down' half towards -inf, as
    scrutiny's round_up/round_down (symmetric = FALSE); Decimal's HALF_UP is away from zero."""
    if x < 0 and mode in ("up", "down"):
        mode = {"up": "down", "down": "up"}[mode]
    with localcontext() as ctx:
        ctx.prec = 60
        v = Decimal(x.numerator) / Decimal(x.denominator)
        return str(v.quantize(Decimal(1).scaleb(-d), rounding=_MODES[mode]))


def print_sqrt(x: Fraction, d: int, mode: str = "up") -> str:
    """sqrt(x) printed with d decimals (Decimal's sqrt is correctly rounded at 60 digits)."""
    with localcontext() as ctx:
        ctx.prec = 60
        v = (Decimal(x.numerator) / Decimal(x.denominator)).sqrt()
        return str(v.quantize(Decimal(1).scaleb(-d), rounding=_MODES[mode]))


# =========================================================================== GRIM

def test_grim_returns_check():
    r = grim("5.19", 28)
    assert isinstance(r, Check) and r.check == "grim" and r.verdict in VERDICTS
    assert r.to_frame().shape[0] == 1


def test_grim_boundary_just_consistent_just_inconsistent():
    # 146/28 = 5.2143: "5.21" is consistent, "5.20" (interval [5.195, 5.205]) is not
    assert grim("5.21", 28).verdict == "consistent"
    assert grim("5.20", 28).verdict == "inconsistent"
    assert grim("5.21", 28).margin > 0 > grim("5.20", 28).margin


@pytest.mark.parametrize("rounding,v012,v013", [
    ("up_or_down", "consistent", "consistent"),
    ("up", "inconsistent", "consistent"),     # 1/8 = 0.125 rounds half up to 0.13
    ("down", "consistent", "inconsistent"),   # ... half down to 0.12
    ("even", "consistent", "inconsistent"),   # ... half to even to 0.12
])
def test_grim_rounding_modes_on_an_exact_tie(rounding, v012, v013):
    assert grim("0.12", 8, rounding=rounding).verdict == v012
    assert grim("0.13", 8, rounding=rounding).verdict == v013


def test_grim_even_excludes_both_ends_for_odd_last_digit():
    # 3/8 = 0.375 lies on the boundary of 0.37 and 0.38; half-to-even gives 0.38
    assert grim("0.38", 8, rounding="even").verdict == "consistent"
    assert grim("0.37", 8, rounding="even").verdict == "inconsistent"


def test_grim_testability_boundary():
    # 2 decimals: n 99 can be tested, n 100 cannot (every mean is k/100)
    assert grim("5.19", 99).verdict == "consistent"  # 514/99 = 5.1919 prints as 5.19
    assert f"{514 / 99:.2f}" == "5.19"
    assert grim("5.19", 100).verdict == "not_testable"
    assert grim("5.19", 50, items=2).verdict == "not_testable"
    assert grim("5.5", 9).verdict == "inconsistent"  # 49/9 = 5.44, 50/9 = 5.56
    assert grim("5.1", 10).verdict == "not_testable"


def test_grim_percent_and_explanations():
    r = grim("26.7", 30, percent=True)
    assert r.verdict == "consistent" and r.details["sums"] == [8]
    assert grim("26.7%", 30).verdict == "consistent"  # % implies percent
    r = grim("41.2", 202, percent=True)
    assert r.verdict == "inconsistent"
    assert r.explanation.startswith("41.2% of 202 is impossible: 83/202 = 41.09%, 84/202 = 41.58%")
    r = grim("5.19", 28)
    assert "nearest consistent means are 5.18 and 5.21" in r.explanation


def test_grim_negative_means():
    # change scores: -13/28 = -0.464, -14/28 = -0.5
    assert grim("-0.46", 28).verdict == "consistent"
    assert grim("-0.47", 28).verdict == "inconsistent"


@pytest.mark.parametrize("kwargs,name", [
    ({"n": 0}, "n"), ({"n": -3}, "n"), ({"n": 2.5}, "n"), ({"items": 0}, "items"),
    ({"rounding": "bankers"}, "rounding"), ({"mean": "abc"}, "mean"), ({"mean": "<5.2"}, "mean"),
    ({"percent": "yes"}, "percent"),
])
def test_grim_invalid(kwargs, name):
    args = {"mean": "5.19", "n": 28} | kwargs
    with pytest.raises(ValueError, match=name):
        grim(**args)


def test_grim_float_mean_is_a_type_error():
    with pytest.raises(TypeError, match="mean"):
        grim(5.19, 28)


def test_grim_rounding_error_lists_valid_values():
    with pytest.raises(ValueError, match="'up_or_down', 'up', 'down', 'even'"):
        grim("5.19", 28, rounding="ceiling")


@settings(max_examples=300, deadline=None)
@given(data=st.lists(st.integers(-5, 10), min_size=1, max_size=80), d=st.integers(0, 3),
       items=st.integers(1, 3), mode=st.sampled_from(["up", "down", "even"]))
def test_property_grim_never_flags_integer_data(data, d, items, mode):
    n = len(data)
    total = sum(data)  # the sum over n * items item scores: any integer
    mean = print_fraction(Fraction(total, n * items), d, mode)
    assert grim(mean, n, items=items).verdict != "inconsistent"
    assert grim(mean, n, items=items, rounding=mode).verdict != "inconsistent"


@settings(max_examples=200, deadline=None)
@given(k=st.integers(0, 500), n=st.integers(1, 500), d=st.integers(0, 2))
def test_property_counts_from_percent_contains_the_count(k, n, d):
    assume(k <= n)
    pct = print_fraction(Fraction(100 * k, n), d)
    assert k in counts_from_percent(pct, n)
    assert grim(pct, n, percent=True).verdict != "inconsistent"


# =========================================================================== GRIMMER

def test_grimmer_boundary_sd():
    # with mean 5.21 and n 28 (total 146), SD 1.57 is possible (SS 828 -> 1.572), 1.58 is not
    assert grimmer("5.21", "1.57", 28).verdict == "consistent"
    assert grimmer("5.21", "1.58", 28).verdict == "inconsistent"
    # 3.44 (total 62), n 18: SD 2.48 possible, 2.47 not (parity)
    assert grimmer("3.44", "2.48", 18).verdict == "consistent"
    assert grimmer("3.44", "2.47", 18).verdict == "inconsistent"


def test_grimmer_grim_failure_first():
    r = grimmer("5.19", "1.6", 28)
    assert r.verdict == "inconsistent" and "GRIM" in r.explanation


def test_grimmer_not_testable_and_sd_power_without_grim():
    assert grimmer("2.5", "1.2", 200).verdict == "not_testable"
    # GRIM has no power at n 20 with one decimal, but the SD does: totals 49..51 all fail parity
    r = grimmer("2.5", "1.21", 20)
    assert r.verdict == "inconsistent"
    assert grimmer("2.5", "1.19", 20).verdict == "consistent"


def test_grimmer_sd_zero():
    assert grimmer("5.00", "0.00", 10).verdict == "consistent"   # all tens of 5
    assert grimmer("5.10", "0.00", 10).verdict == "inconsistent"  # not all equal -> SD > 0


@pytest.mark.parametrize("kwargs,name,exc", [
    ({"sd": "-1.2"}, "sd", ValueError), ({"n": 1}, "n", ValueError), ({"n": 0}, "n", ValueError),
    ({"rounding": "odd"}, "rounding", ValueError), ({"sd": 1.6}, "sd", TypeError),
    ({"items": -1}, "items", ValueError),
])
def test_grimmer_invalid(kwargs, name, exc):
    args = {"mean": "5.21", "sd": "1.6", "n": 28} | kwargs
    with pytest.raises(exc, match=name):
        grimmer(**args)


@settings(max_examples=300, deadline=None)
@given(data=st.lists(st.integers(1, 7), min_size=2, max_size=60), dm=st.integers(0, 2),
       ds=st.integers(1, 3), mode=st.sampled_from(["up", "down", "even"]))
def test_property_grimmer_never_flags_integer_data(data, dm, ds, mode):
    n = len(data)
    S, Q = sum(data), sum(x * x for x in data)
    var = (Fraction(Q) - Fraction(S * S, n)) / (n - 1)
    mean = print_fraction(Fraction(S, n), dm, mode)
    sd = print_sqrt(var, ds, mode)
    assert grimmer(mean, sd, n).verdict != "inconsistent"
    assert grimmer(mean, sd, n, rounding=mode).verdict != "inconsistent"


@settings(max_examples=150, deadline=None)
@given(data=st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=2), min_size=2, max_size=30),
       d=st.integers(1, 2))
def test_property_grimmer_items_never_flags_integer_data(data, d):
    # two items per participant; the score is the item mean
    n, L = len(data), 2
    totals = [sum(r) for r in data]
    S, Q = sum(totals), sum(t * t for t in totals)
    scores = [Fraction(t, L) for t in totals]
    m = sum(scores) / n
    var = sum((x - m) ** 2 for x in scores) / (n - 1)
    assert var == (Fraction(Q, L * L) - Fraction(S * S, n * L * L)) / (n - 1)
    r = grimmer(print_fraction(m, d), print_sqrt(var, d), n, items=L)
    assert r.verdict != "inconsistent"


# =========================================================================== DEBIT

def test_debit_boundary():
    # n 20, mean 0.35: sample SD between 0.4877 and 0.4909
    assert debit("0.35", "0.49", 20).verdict == "consistent"
    assert debit("0.35", "0.48", 20).verdict == "inconsistent"
    assert debit("0.35", "0.488", 20).verdict == "consistent"
    assert debit("0.35", "0.487", 20).verdict == "inconsistent"


def test_debit_interval_containing_half_reaches_the_peak():
    # 0.50 at n 100: SD at the ends 0.5025 - but the peak at 0.5 is 0.502519 (scrutiny's fix)
    assert debit("0.50", "0.503", 100).verdict == "consistent"


@pytest.mark.parametrize("kwargs,name", [
    ({"mean": "1.20"}, "mean"), ({"sd": "-0.10"}, "sd"), ({"n": 1}, "n"),
    ({"formula": "0_n"}, "formula"), ({"rounding": "x"}, "rounding"),
])
def test_debit_invalid(kwargs, name):
    args = {"mean": "0.35", "sd": "0.48", "n": 20} | kwargs
    with pytest.raises(ValueError, match=name):
        debit(**args)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(2, 400), data=st.data(), d=st.integers(1, 3), mode=st.sampled_from(["up", "down", "even"]))
def test_property_debit_never_flags_binary_data(n, data, d, mode):
    k = data.draw(st.integers(0, n))
    mean = print_fraction(Fraction(k, n), d, mode)
    sd = print_sqrt(Fraction(k * (n - k), n * (n - 1)), d, mode)
    for formula in ("mean_n", "exact"):
        assert debit(mean, sd, n, formula=formula).verdict == "consistent"
        assert debit(mean, sd, n, formula=formula, rounding=mode).verdict == "consistent"


# =========================================================================== percentages, denominators

def test_counts_from_percent_boundaries():
    assert counts_from_percent("26.7", 30) == [8]
    assert counts_from_percent("26.6", 30) == []
    assert counts_from_percent("50", 2) == [1]
    assert counts_from_percent("0", 1000) == [0, 1, 2, 3, 4, 5]  # 0.5% prints as 0% or 1%
    assert counts_from_percent("0", 1000, rounding="up") == [0, 1, 2, 3, 4]
    assert counts_from_percent("100", 3) == [3]


def test_counts_from_percent_invalid():
    with pytest.raises(ValueError, match="n"):
        counts_from_percent("26.7", 0)
    with pytest.raises(ValueError, match="percent"):
        counts_from_percent("26,7x", 30)


def test_denominators_escape_trd():
    # ESCAPE-TRD: 27.1% and 17.6% of 676 -> the arms 336 and 340 with 91 and 60 events
    sols = denominators(["27.1", "17.6"], total=676)
    row = [s for s in sols if s.ns == (336, 340)]
    assert row == [DenominatorSolution(ns=(336, 340), counts=((91,), (60,)))]
    assert all(sum(s.ns) == 676 for s in sols)
    assert tuple(row[0]) == (336, 340)


def test_denominators_elekt_d():
    # ELEKT-D: 55.4% and 41.2% of 403 randomised 1:1: 41.2% is impossible for 201 and 202
    assert counts_from_percent("41.2", 202) == []  # 83/202 = 41.09%, 84/202 = 41.58%
    assert counts_from_percent("41.2", 201) == []  # 82/201 = 40.80%, 83/201 = 41.29%
    assert denominators(["55.4", "41.2"], total=403, allocation="1:1") == []
    # the published per-protocol arms, 195 and 170 (not summing to 403)
    sols = denominators(["55.4", "41.2"], n_max=403)
    assert DenominatorSolution(ns=(195, 170), counts=((108,), (70,))) in sols
    # a wider imbalance finds 1:1 splits of 403 again: share 201.5, so n1 in [201 - 5, 202 + 5];
    # brute force with exact fractions: every count whose percent lies in the rounding interval
    # ([55.35, 55.45] and [41.15, 41.25]); the only split is 204/199 (113/204 = 55.39%, 82/199 = 41.21%)
    loose = denominators(["55.4", "41.2"], total=403, allocation="1:1", max_imbalance=5)

    def ks(n, lo, hi):
        return tuple(k for k in range(n + 1) if Fraction(lo, 100) <= Fraction(100 * k, n) <= Fraction(hi, 100))

    expected = []
    for n1 in range(196, 208):
        n2 = 403 - n1
        k1, k2 = ks(n1, 5535, 5545), ks(n2, 4115, 4125)
        if k1 and k2:
            expected.append(DenominatorSolution(ns=(n1, n2), counts=(k1, k2)))
    assert loose == expected
    assert DenominatorSolution(ns=(204, 199), counts=((113,), (82,))) in expected


def test_denominators_allocation_rule():
    # "0" (0% stands for [0, 0.5%]) fits every n, so only the allocation rule decides
    assert [s.ns for s in denominators(["0", "0"], total=10, allocation="1:1")] == [(5, 5)]
    assert [s.ns for s in denominators(["0", "0"], total=10, allocation="1:1", max_imbalance=1)] == \
        [(4, 6), (5, 5), (6, 4)]
    assert [s.ns for s in denominators(["0", "0"], total=11, allocation="1:1")] == [(5, 6), (6, 5)]
    # 2:1 of 30: shares 20 and 10 exactly
    sols = denominators(["0", "0"], total=30, allocation="2:1")
    assert [s.ns for s in sols] == [(20, 10)]
    # 50.0% is impossible for an odd n
    assert denominators(["50.0", "50.0"], total=10, allocation="1:1") == []


@pytest.mark.parametrize("kwargs,name", [
    ({"total": None}, "n_max"), ({"allocation": "1-1"}, "allocation"), ({"allocation": "1:1:1"}, "allocation"),
    ({"n_min": 0}, "n_min"), ({"percents": "27.1"}, "percents"), ({"percents": []}, "percents"),
])
def test_denominators_invalid(kwargs, name):
    args = {"percents": ["27.1", "17.6"], "total": 676} | kwargs
    with pytest.raises(ValueError, match=name):
        denominators(**args)


# =========================================================================== recompute_p

def test_recompute_p_one_sided_tolerance():
    # t(28) = 2.20 gives two-sided 0.036; a one-sided .018 fits only as one-sided
    assert recompute_p("t", "2.20", 28, ".018").verdict == "inconsistent"
    r = recompute_p("t", "2.20", 28, ".018", alternative="greater")
    assert r.verdict == "consistent" and r.details["matching"] == ["one-sided"]
    # statcheck's tolerance: a two-sided p printed in a one-sided test is not an error either
    assert recompute_p("t", "2.20", 28, ".036", alternative="greater").verdict == "consistent"


def test_recompute_p_bounds_and_crossing_zero():
    assert recompute_p("t", "0.0", 20, ".99").verdict == "consistent"
    assert recompute_p("t", "0.0", 20, ".99").details["p_high"] == approx(1.0, "p")
    # F(1, 40) in [12.45, 12.55]: p about 0.00104, just above .001
    assert recompute_p("F", "12.5", (1, 40), "< .001").verdict == "inconsistent"
    assert recompute_p("F", "12.5", (1, 40), "< .01").verdict == "consistent"
    assert recompute_p("chi2", "3.10", 1, "> .05").verdict == "consistent"


def test_recompute_p_boundary_just_inside_just_outside():
    # t(28) in [2.195, 2.205]: p in [0.03582, 0.03666]; ".035" stands for [.0345, .0355]
    r = recompute_p("t", "2.20", 28, ".036")
    assert r.verdict == "consistent"
    assert recompute_p("t", "2.20", 28, ".035").verdict == "inconsistent"
    assert recompute_p("t", "2.20", 28, ".038").verdict == "inconsistent"
    assert recompute_p("t", "2.20", 28, ".037").verdict == "consistent"


@pytest.mark.parametrize("args,name", [
    (("W", "2.2", 28, ".03"), "test"),
    (("F", "2.2", 28, ".03"), "df"),
    (("t", "2.2", None, ".03"), "df"),
    (("z", "2.2", 10, ".03"), "df"),
    (("t", "2.2", 28, "1.3"), "p"),
    (("F", "-2.2", (1, 28), ".03"), "statistic"),
    (("r", "1.20", 28, ".03"), "statistic"),
])
def test_recompute_p_invalid(args, name):
    with pytest.raises(ValueError, match=name):
        recompute_p(*args)


def test_recompute_p_invalid_alternative():
    with pytest.raises(ValueError, match="alternative"):
        recompute_p("t", "2.2", 28, ".03", alternative="both")
    with pytest.raises(ValueError, match="alternative"):
        recompute_p("F", "2.2", (2, 28), ".03", alternative="greater")


@settings(max_examples=300, deadline=None)
@given(t=st.floats(0.0, 6.0), df=st.integers(2, 300), ds=st.integers(1, 3), dp=st.integers(2, 4),
       test=st.sampled_from(["t", "z"]))
def test_property_recompute_p_never_flags_correct_reports(t, df, ds, dp, test):
    p = 2 * (stats.t.sf(t, df) if test == "t" else stats.norm.sf(t))
    stat = print_fraction(Fraction(t), ds)
    pp = print_fraction(Fraction(p), dp)
    assert recompute_p(test, stat, df if test == "t" else None, pp).verdict == "consistent"


# =========================================================================== p against CI, symmetry

def test_check_p_against_ci_boundaries():
    # 17 (1.4 to 32.6), Altman & Bland d2304 (which prints only P ~ 0.033): over the rounding box
    # (17 in [16.5, 17.5], 1.4 in [1.35, 1.45], 32.6 in [32.55, 32.65]) P is extreme at the corners,
    # computed here independently: 0.0274 to 0.0388
    q = stats.norm.ppf(0.975)
    corners = [2 * stats.norm.sf(e / ((h - l) / (2 * q)))
               for e in (16.5, 17.5) for l in (1.35, 1.45) for h in (32.55, 32.65)]
    p_lo, p_hi = min(corners), max(corners)
    # the last 3-decimal P on each side that can be reproduced, and the next one out
    top, above = f"{p_hi:.3f}", f"{p_hi + 0.001:.3f}"      # ".039", ".040"
    bottom, below = f"{p_lo:.3f}", f"{p_lo - 0.001:.3f}"   # ".027", ".026"
    assert float(above) - 0.5 * 10**-3 > p_hi and float(below) + 0.5 * 10**-3 < p_lo
    assert check_p_against_ci("17", "1.4", "32.6", top).verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", above).verdict == "inconsistent"
    assert check_p_against_ci("17", "1.4", "32.6", bottom).verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", below).verdict == "inconsistent"
    assert check_p_against_ci("17", "1.4", "32.6", "P<0.05").verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", "P<0.01").verdict == "inconsistent"


def test_check_p_against_ci_t_assumption():
    # 1.35 (0.41 to 2.30): normal P 0.0051, t(16) P 0.0080; ".008" is reproduced only by t(16)
    r = check_p_against_ci("1.35", "0.41", "2.30", ".008", df=16)
    assert r.verdict == "consistent"
    assert r.details["reproducing"] == ["t(16)"]
    assert "t(16)" in r.explanation
    assert check_p_against_ci("1.35", "0.41", "2.30", ".008").verdict == "inconsistent"


def test_check_p_against_ci_ratio():
    # Altman & Bland (2011), BMJ 343:d2304: HR 0.81 (95% CI 0.70 to 0.94) -> P ~ 0.005 on the log scale
    assert check_p_against_ci("0.81", "0.70", "0.94", ".005", scale="log").verdict == "consistent"
    assert check_p_against_ci("0.81", "0.70", "0.94", ".05", scale="log").verdict == "inconsistent"


def test_check_p_against_ci_invalid():
    with pytest.raises(ValueError, match="confidence_level"):
        check_p_against_ci("17", "1.4", "32.6", ".03", confidence_level=1.0)
    with pytest.raises(ValueError, match="scale"):
        check_p_against_ci("17", "1.4", "32.6", ".03", scale="ln")
    with pytest.raises(ValueError, match="p"):
        check_p_against_ci("17", "1.4", "32.6", "2.5")


@settings(max_examples=200, deadline=None)
@given(est=st.floats(-20, 20), se=st.floats(0.2, 10), d=st.integers(1, 2), df=st.one_of(st.none(), st.integers(3, 100)))
def test_property_p_against_ci_never_flags_correct_reports(est, se, d, df):
    q = stats.norm.ppf(0.975) if df is None else stats.t.ppf(0.975, df)
    p = 2 * (stats.norm.sf(abs(est) / se) if df is None else stats.t.sf(abs(est) / se, df))
    e, lo, hi = (print_fraction(Fraction(x), d) for x in (est, est - q * se, est + q * se))
    assume(Decimal(hi) > Decimal(lo))
    pp = print_fraction(Fraction(p), 3)
    assert check_p_against_ci(e, lo, hi, pp, df=df).verdict == "consistent"
    assert ci_symmetry(e, lo, hi).verdict == "consistent"


def test_ci_symmetry_boundaries():
    assert ci_symmetry("17", "1.4", "32.6").verdict == "consistent"
    assert ci_symmetry("16", "1.4", "32.6").verdict == "inconsistent"  # centre in [16.95, 17.05]
    assert ci_symmetry("17.0", "1.4", "32.6").verdict == "consistent"
    assert ci_symmetry("17.1", "1.4", "32.6").verdict == "consistent"    # 17.05 touches 17.05
    assert ci_symmetry("17.2", "1.4", "32.6").verdict == "inconsistent"
    assert ci_symmetry("0.81", "0.70", "0.94", scale="log").verdict == "consistent"
    assert ci_symmetry("0.82", "0.70", "0.94", scale="log").verdict == "consistent"  # centre up to 0.8162
    assert ci_symmetry("0.83", "0.70", "0.94", scale="log").verdict == "inconsistent"
    with pytest.raises(ValueError, match="estimate"):
        ci_symmetry("-0.81", "0.70", "0.94", scale="log")


# =========================================================================== totals, counts, direction

def test_check_total():
    assert check_total("403", ["202", "201"]).verdict == "consistent"
    r = check_total("403", ["202", "200"])
    assert r.verdict == "inconsistent" and "202 + 200 = 402" in r.explanation and "1 fewer" in r.explanation
    assert check_total(10, [3, 7]).verdict == "consistent"
    assert check_total("1,877", ["1,000", "877"]).verdict == "consistent"


@pytest.mark.parametrize("total,parts,name", [
    ("403", ["201.5", "201.5"], "parts"), ("-1", ["1"], "total"), ("403", "403", "parts"), ("4", [], "parts"),
])
def test_check_total_invalid(total, parts, name):
    with pytest.raises(ValueError, match=name):
        check_total(total, parts)


def test_check_count():
    assert check_count("30", "30").verdict == "consistent"
    assert check_count("31", "30").verdict == "inconsistent"
    with pytest.raises(ValueError, match="k"):
        check_count("-1", "30")


def test_check_direction():
    assert check_direction("5.2", "4.1", "greater").verdict == "consistent"
    assert check_direction("5.0", "5.0", "greater").verdict == "consistent"   # rounding hides the order
    assert check_direction("5.0", "5.1", "greater").verdict == "inconsistent"  # 5.05 vs 5.05 is not greater
    assert check_direction("5.0", "5.1", "less").verdict == "consistent"
    assert check_direction("5.0", "5.1", "equal").verdict == "consistent"     # both may be 5.05
    assert check_direction("5.0", "5.2", "equal").verdict == "inconsistent"
    r = check_direction("30.6", "20.3", "less")
    assert r.verdict == "inconsistent" and "30.6" in r.explanation and "20.3" in r.explanation
    assert "less" in r.explanation
    with pytest.raises(ValueError, match="relation"):
        check_direction("1", "2", "bigger")


# =========================================================================== maps row for row

def _random_means(rng, size):
    d = rng.integers(0, 4, size)
    n = rng.integers(1, 400, size)
    items = rng.integers(1, 4, size)
    # half the rows: exact fractions k/N, printed on both sides of ties
    k = rng.integers(0, 8 * n * items)
    mean = []
    for i in range(size):
        if i % 2:
            x = Fraction(int(k[i]), int(n[i] * items[i]))
            mode = ["up", "down", "even"][i % 3]
        else:
            x = Fraction(int(rng.integers(0, 800000)), 100000)
            mode = "up"
        s = print_fraction(x, int(d[i]), mode)
        if i % 7 == 0:
            s = "-" + s
        if s.startswith("0.") and i % 5 == 0:
            s = s[1:]  # ".40"
        mean.append(s)
    return pd.DataFrame({"mean": mean, "n": n, "items": items})


@pytest.mark.parametrize("rounding", ROUNDING)
def test_grim_map_equals_scalar(rounding):
    df = _random_means(np.random.default_rng(20240601), 1500)
    # exact ties: 1/8, 3/8 with 2 decimals
    df = pd.concat([df, pd.DataFrame({"mean": ["0.12", "0.13", "0.37", "0.38", "-0.12", ".13"],
                                      "n": [8] * 6, "items": [1] * 6})], ignore_index=True)
    out = grim_map(df, items="items", rounding=rounding)
    want = [grim(m, int(n), int(it), rounding=rounding).verdict for m, n, it in
            zip(df["mean"], df["n"], df["items"])]
    assert out["grim_verdict"].tolist() == want
    assert set(want) == set(VERDICTS)


def test_grim_map_percent_and_numeric_input():
    df = pd.DataFrame({"pct": ["26.7", "41.2", "27.1", "17.6"], "n": [30, 202, 336, 340]})
    out = grim_map(df, mean="pct", percent=True)
    assert out["grim_verdict"].tolist() == ["consistent", "inconsistent", "consistent", "consistent"]
    assert out["grim_sum"].tolist() == [8, -1, 91, 60]
    num = pd.DataFrame({"mean": [5.19, 5.21, 5.2], "n": [28, 28, 28], "dec": [2, 2, 1]})
    out = grim_map(num, decimals="dec")
    assert out["grim_verdict"].tolist() == [grim(x, 28).verdict for x in ("5.19", "5.21", "5.2")]


def test_grim_map_invalid():
    with pytest.raises(ValueError, match="'mean'.*'<.05'"):
        grim_map(pd.DataFrame({"mean": ["5.19", "<.05"], "n": [28, 28]}))
    with pytest.raises(ValueError, match="n"):
        grim_map(pd.DataFrame({"mean": ["5.19"], "n": [0]}))
    with pytest.raises(ValueError, match="decimals"):
        grim_map(pd.DataFrame({"mean": [5.19], "n": [28]}))
    with pytest.raises(ValueError, match="rounding"):
        grim_map(pd.DataFrame({"mean": ["5.19"], "n": [28]}), rounding="x")


@pytest.mark.parametrize("rounding", ROUNDING)
def test_grimmer_map_equals_scalar(rounding):
    rng = np.random.default_rng(7)
    rows = []
    for i in range(600):
        n = int(rng.integers(2, 150))
        L = int(rng.integers(1, 3))
        data = rng.integers(1, 8, (n, L)).sum(1)
        S, Q = int(data.sum()), int((data ** 2).sum())
        m = Fraction(S, n * L)
        var = (Fraction(Q, L * L) - Fraction(S * S, n * L * L)) / (n - 1)
        dm, ds = int(rng.integers(0, 3)), int(rng.integers(1, 3))
        mode = ["up", "down", "even"][i % 3]
        mean = print_fraction(m, dm, mode)
        sd = print_sqrt(var, ds, mode)
        if i % 3 == 1:  # perturb the SD by one unit: often inconsistent
            sd = print_fraction(Fraction(Decimal(sd)) + Fraction(1, 10 ** ds), ds)
        if i % 5 == 2:  # perturb the mean
            mean = print_fraction(Fraction(Decimal(mean)) + Fraction(1, 10 ** dm), dm)
        rows.append((mean, sd, n, L))
    df = pd.DataFrame(rows, columns=["mean", "sd", "n", "items"])
    out = grimmer_map(df, items="items", rounding=rounding)
    want = [grimmer(a, b, int(c), int(d), rounding=rounding).verdict for a, b, c, d in rows]
    assert out["grimmer_verdict"].tolist() == want
    assert set(want) == set(VERDICTS)


def test_p_from_ci_map_equals_scalar():
    rng = np.random.default_rng(11)
    rows = []
    for i in range(400):
        d = int(rng.integers(0, 3))
        est = float(rng.normal(0, 5))
        se = float(rng.uniform(0.3, 5))
        e, lo, hi = (print_fraction(Fraction(x), d) for x in (est, est - 1.96 * se, est + 1.96 * se))
        if Decimal(hi) <= Decimal(lo) or not (Decimal(lo) <= Decimal(e) <= Decimal(hi)):
            continue
        p = 2 * stats.norm.sf(abs(est) / se)
        if i % 4 == 0:
            p = min(1.0, p * 1.6)
        rows.append((e, lo, hi, print_fraction(Fraction(p), 3)))
    df = pd.DataFrame(rows, columns=["estimate", "lower", "upper", "p"])
    for dft in (None, 12):
        out = p_from_ci_map(df, p="p", df_t=dft)
        for row, (_, o) in zip(rows, out.iterrows()):
            r = p_from_ci(*row[:3], df=dft)
            assert o["p"] == approx(r.p, "p")
            assert o["p_low"] == approx(r.p_low, "p")
            assert o["p_high"] == approx(r.p_high, "p")
            assert o["se"] == approx(r.se, "se")
            if dft is None:
                assert o["verdict"] == check_p_against_ci(*row).verdict
    assert set(out["verdict"]) == {"consistent", "inconsistent"}


def test_p_from_ci_map_log_scale():
    df = pd.DataFrame({"estimate": ["0.81", "1.50"], "lower": ["0.70", "1.10"], "upper": ["0.94", "2.05"]})
    out = p_from_ci_map(df, scale="log")
    for (_, o), row in zip(out.iterrows(), df.itertuples(index=False)):
        r = p_from_ci(*row, scale="log")
        assert o["p"] == approx(r.p, "p") and o["p_low"] == approx(r.p_low, "p")
        assert o["p_high"] == approx(r.p_high, "p")
