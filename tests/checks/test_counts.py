"""Counts behind percentages, denominators, totals and k of n (analysis.checks.counts): boundaries,
invalid input and properties.
"""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings, strategies as st

from analysis.checks.counts import (
    DenominatorSolution, check_count, check_total, counts_from_percent, denominators
)
from analysis.checks.granularity import grim
from conftest import examples, print_fraction


@settings(max_examples=examples(200), deadline=None)
@given(k=st.integers(0, 500), n=st.integers(1, 500), d=st.integers(0, 2))
def test_property_counts_from_percent_contains_the_count(k, n, d):
    assume(k <= n)
    pct = print_fraction(Fraction(100 * k, n), d)
    assert k in counts_from_percent(pct, n)
    assert grim(pct, n, percent=True).verdict != "inconsistent"


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
    # the exact 1:1 rule (max_imbalance=0) finds no split; allocation alone rates splits, it excludes none
    assert denominators(["55.4", "41.2"], total=403, allocation="1:1", max_imbalance=0) == []
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
            expected.append(((n1, n2), (k1, k2)))
    assert [(s.ns, s.counts) for s in loose] == expected
    assert ((204, 199), ((113,), (82,))) in expected


def test_denominators_allocation_rule():
    # "0" (0% stands for [0, 0.5%]) fits every n, so only the allocation rule decides
    assert [s.ns for s in denominators(["0", "0"], total=10, allocation="1:1", max_imbalance=0)] == [(5, 5)]
    # without a bound every split is kept and rated: 5/5 is the mode of Binomial(10, 1/2), p = 1
    rated = denominators(["0", "0"], total=10, allocation="1:1")
    assert [s.ns for s in rated] == [(n, 10 - n) for n in range(1, 10)]
    assert rated[4].plausibility == pytest.approx(1.0)
    assert [s.ns for s in denominators(["0", "0"], total=10, allocation="1:1", max_imbalance=1)] == \
        [(4, 6), (5, 5), (6, 4)]
    assert [s.ns for s in denominators(["0", "0"], total=11, allocation="1:1", max_imbalance=0)] == \
        [(5, 6), (6, 5)]
    # 2:1 of 30: shares 20 and 10 exactly
    sols = denominators(["0", "0"], total=30, allocation="2:1", max_imbalance=0)
    assert [s.ns for s in sols] == [(20, 10)]
    # 50.0% is impossible for an odd n
    assert denominators(["50.0", "50.0"], total=10, allocation="1:1", max_imbalance=0) == []
    # unbounded, the even splits are found and rated: 4/6 has p = 2 (1 + 10 + 45 + 120 + 210) / 1024
    rated = {s.ns: s.plausibility for s in denominators(["50.0", "50.0"], total=10, allocation="1:1")}
    assert sorted(rated) == [(2, 8), (4, 6), (6, 4), (8, 2)]
    assert rated[(4, 6)] == pytest.approx(2 * (1 + 10 + 45 + 120 + 210) / 1024)


@pytest.mark.parametrize("kwargs,name", [
    ({"total": None}, "n_max"), ({"allocation": "1-1"}, "allocation"), ({"allocation": "1:1:1"}, "allocation"),
    ({"n_min": 0}, "n_min"), ({"percents": "27.1"}, "percents"), ({"percents": []}, "percents"),
])
def test_denominators_invalid(kwargs, name):
    args = {"percents": ["27.1", "17.6"], "total": 676} | kwargs
    with pytest.raises(ValueError, match=name):
        denominators(**args)


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
