"""GRIM, GRIMMER and DEBIT (analysis.checks.granularity): each check on both sides of its boundary,
invalid input, and properties (integer data printed with d decimals is never flagged).

Methods: GRIM (Brown & Heathers 2017, doi:10.1177/1948550616673876); GRIMMER (Anaya 2016,
doi:10.7287/peerj.preprints.2400v1; Allard 2018); DEBIT (Heathers & Brown 2019,
doi:10.31234/osf.io/5vb3u).
"""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from analysis.checks.granularity import debit, grim, grimmer
from analysis.results import VERDICTS, Check
from conftest import examples, print_fraction, print_sqrt


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
    ({"nobs": 0}, "n"), ({"nobs": -3}, "n"), ({"nobs": 2.5}, "n"), ({"items": 0}, "items"),
    ({"rounding": "bankers"}, "rounding"), ({"mean": "abc"}, "mean"), ({"mean": "<5.2"}, "mean"),
    ({"percent": "yes"}, "percent"),
])
def test_grim_invalid(kwargs, name):
    args = {"mean": "5.19", "nobs": 28} | kwargs
    with pytest.raises(ValueError, match=name):
        grim(**args)


def test_grim_float_mean_is_a_type_error():
    with pytest.raises(TypeError, match="mean"):
        grim(5.19, 28)


def test_grim_rounding_error_lists_valid_values():
    with pytest.raises(ValueError, match="'up_or_down', 'up', 'down', 'even'"):
        grim("5.19", 28, rounding="ceiling")


@settings(max_examples=examples(300), deadline=None)
@given(data=st.lists(st.integers(-5, 10), min_size=1, max_size=80), d=st.integers(0, 3),
       items=st.integers(1, 3), mode=st.sampled_from(["up", "down", "even"]))
def test_property_grim_never_flags_integer_data(data, d, items, mode):
    n = len(data)
    total = sum(data)  # the sum over n * items item scores: any integer
    mean = print_fraction(Fraction(total, n * items), d, mode)
    assert grim(mean, n, items=items).verdict != "inconsistent"
    assert grim(mean, n, items=items, rounding=mode).verdict != "inconsistent"


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
    ({"std": "-1.2"}, r"^std \('-1.2'\)", ValueError), ({"nobs": 1}, r"^nobs \(1\)", ValueError),
    ({"nobs": 0}, r"^nobs \(0\)", ValueError),
    ({"rounding": "odd"}, "rounding", ValueError), ({"std": 1.6}, r"^std \(1.6\)", TypeError),
    ({"items": -1}, "items", ValueError),
])
def test_grimmer_invalid(kwargs, name, exc):
    args = {"mean": "5.21", "std": "1.6", "nobs": 28} | kwargs
    with pytest.raises(exc, match=name):
        grimmer(**args)


@settings(max_examples=examples(300), deadline=None)
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


@settings(max_examples=examples(150), deadline=None)
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
    ({"mean": "1.20"}, "mean"), ({"std": "-0.10"}, r"^std \('-0.10'\)"), ({"nobs": 1}, r"^nobs \(1\)"),
    ({"formula": "0_n"}, "formula"), ({"rounding": "x"}, "rounding"),
])
def test_debit_invalid(kwargs, name):
    args = {"mean": "0.35", "std": "0.48", "nobs": 20} | kwargs
    with pytest.raises(ValueError, match=name):
        debit(**args)


@settings(max_examples=examples(300), deadline=None)
@given(n=st.integers(2, 400), data=st.data(), d=st.integers(1, 3), mode=st.sampled_from(["up", "down", "even"]))
def test_property_debit_never_flags_binary_data(n, data, d, mode):
    k = data.draw(st.integers(0, n))
    mean = print_fraction(Fraction(k, n), d, mode)
    sd = print_sqrt(Fraction(k * (n - k), n * (n - 1)), d, mode)
    for formula in ("mean_n", "exact"):
        assert debit(mean, sd, n, formula=formula).verdict == "consistent"
        assert debit(mean, sd, n, formula=formula, rounding=mode).verdict == "consistent"
