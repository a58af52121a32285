"""Allocation is a target, not exact halves: denominators rated by their plausibility under the ratio.

Every expected value is recomputed here by brute force: the splits by exact rational arithmetic over
every n1 + n2 = total, the binomial probability by summing exact integer binomial coefficients.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from math import comb

import pytest

from analysis.checks.counts import PLAUSIBLE, check_denominators
from analysis.checks.counts import allocation_plausibility, denominators


@functools.cache  # a split search asks about the same two printed percentages a quarter of a million times
def _rounding_interval(percent: str) -> tuple[Fraction, Fraction]:
    d = Decimal(percent)
    half = Fraction(Decimal(5) * Decimal(10) ** (d.as_tuple().exponent - 1))
    return Fraction(d) - half, Fraction(d) + half


def prints_as(k: int, n: int, percent: str) -> bool:
    """100 k / n within the printed percentage's rounding interval, both ends included."""
    lo, hi = _rounding_interval(percent)
    return lo <= Fraction(100 * k, n) <= hi


def fitting_splits(p1: str, p2: str, total: int) -> list[tuple[int, int]]:
    return [(n1, total - n1) for n1 in range(1, total)
            if any(prints_as(k, n1, p1) for k in range(n1 + 1))
            and any(prints_as(k, total - n1, p2) for k in range(total - n1 + 1))]


def binom_two_sided_half(x: int, n: int) -> float:
    """Two-sided exact binomial p at probability 1/2: the outcomes no more likely than x, summed exactly."""
    cx = comb(n, x)
    return float(Fraction(sum(comb(n, i) for i in range(n + 1) if comb(n, i) <= cx), 2 ** n))


def test_threshold_is_one_in_a_thousand():
    assert PLAUSIBLE == 0.001


def test_escape_trd_336_340_is_consistent_with_1_to_1():
    # Reif 2023 (ESCAPE-TRD) randomised 676: 336 esketamine, 340 quetiapine; 91/336 = 27.08% and
    # 60/340 = 17.65% print as the editorial's 27.1% and 17.6%. 336 of 676 under Binomial(676, 1/2):
    # |336 - 338| = 2, so the two-sided p sums every outcome at least 2 away from 338.
    assert prints_as(91, 336, "27.1") and prints_as(60, 340, "17.6")
    p336 = binom_two_sided_half(336, 676)
    assert p336 == pytest.approx(0.9082, abs=1e-4)
    sols = {s.ns: s for s in denominators(["27.1", "17.6"], total=676, allocation="1:1")}
    assert set(sols) == set(fitting_splits("27.1", "17.6", 676))
    assert sols[(336, 340)].plausibility == pytest.approx(p336, rel=1e-9)
    r = check_denominators(["27.1", "17.6"], 676, "1:1")
    assert r.verdict == "consistent"


def test_the_old_exact_rule_called_escape_trd_impossible():
    # 676 / 2 = 338 each: neither 338 gives 27.1% (91/338 = 26.92%, 92/338 = 27.22%) -> the exact
    # rule (max_imbalance=0) still finds nothing; only the rating by plausibility changes the verdict.
    assert not any(prints_as(k, 338, "27.1") for k in range(339))
    assert denominators(["27.1", "17.6"], total=676, allocation="1:1", max_imbalance=0) == []


def test_elektd_only_an_uneven_split_works():
    # 403 = 201 + 202. 55.4% of 201: 111/201 = 55.22%, 112/201 = 55.72%; 41.2% of 202: 83/202 = 41.09%,
    # 84/202 = 41.58%; 41.2% of 201: 82/201 = 40.80%, 83/201 = 41.29% -> no exactly even split works.
    for a, b in ((201, 202), (202, 201)):
        assert not (any(prints_as(k, a, "55.4") for k in range(a + 1))
                    and any(prints_as(k, b, "41.2") for k in range(b + 1)))
    # 113/204 = 55.39%, 82/199 = 41.21%: 204/199 works, |204 - 201.5| = 2.5.
    assert prints_as(113, 204, "55.4") and prints_as(82, 199, "41.2")
    p204 = binom_two_sided_half(204, 403)
    plausible = [s for s in fitting_splits("55.4", "41.2", 403) if binom_two_sided_half(s[0], 403) >= 0.001]
    assert plausible == [(175, 228), (177, 226), (204, 199), (233, 170)]
    r = check_denominators(["55.4", "41.2"], 403, "1:1")
    assert r.verdict == "consistent"
    assert r.recomputed == "113/204, 82/199"
    assert "an exactly even split (201/202 or 202/201) cannot give both" in r.explanation
    assert "204/199 (113/204 = 55.39%, 82/199 = 41.21%) can" in r.explanation
    assert f"probability {p204:.2g}" in r.explanation
    assert "4 plausible splits" in r.explanation


def test_no_plausible_split_is_inconsistent():
    # 14.0% and 70.0% of 60 randomised 1:1: only 50/10 gives both (7/50 = 14.0%, 7/10 = 70.0%);
    # 50 of 60 under Binomial(60, 1/2) has p = 1.6e-7, far below 0.001.
    assert fitting_splits("14.0", "70.0", 60) == [(50, 10)]
    p50 = binom_two_sided_half(50, 60)
    assert p50 < 1e-6
    r = check_denominators(["14.0", "70.0"], 60, "1:1")
    assert r.verdict == "inconsistent"
    assert "50/10 (7/50 = 14.00%, 7/10 = 70.00%)" in r.explanation
    assert r.details["splits"][0][1] == pytest.approx(p50, rel=1e-9)


@pytest.mark.parametrize("p1, p2, total, split, verdict", [
    # just above the threshold: 25/43 = 58.14%, 11/17 = 64.71%; 43 of 60 has p = 0.00107
    ("58.1", "64.7", 60, (43, 17), "consistent"),
    # just below it: 3/37 = 8.11%, 9/13 = 69.23%; 37 of 50 has p = 0.00094
    ("8.1", "69.2", 50, (37, 13), "inconsistent"),
])
def test_both_sides_of_the_plausibility_threshold(p1, p2, total, split, verdict):
    assert fitting_splits(p1, p2, total) == [split]
    p = binom_two_sided_half(split[0], total)
    assert (p >= 0.001) == (verdict == "consistent")
    assert allocation_plausibility(split, "1:1") == pytest.approx(p, rel=1e-9)
    r = check_denominators([p1, p2], total, "1:1")
    assert r.verdict == verdict
    if verdict == "consistent":
        assert "less than once in 20" in r.explanation


def test_two_to_one_allocation_uses_binomial_two_thirds():
    # Fitzgerald 2020: 12 ketamine, 6 midazolam of 18 randomised 2:1. 12 is the mode of Binomial(18, 2/3),
    # so no outcome is more likely and p = 1; 6 of 18 is as unlikely as it gets among the near ones.
    pmf = [Fraction(comb(18, i) * 2 ** i, 3 ** 18) for i in range(19)]
    p12 = float(sum(q for q in pmf if q <= pmf[12]))
    assert p12 == pytest.approx(1.0)
    assert allocation_plausibility((12, 6), "2:1") == pytest.approx(p12, rel=1e-9)
    p6 = float(sum(q for q in pmf if q <= pmf[6] * (1 + 1e-7)))
    assert allocation_plausibility((6, 12), "2:1") == pytest.approx(p6, rel=1e-6)


def test_without_allocation_no_plausibility():
    assert all(s.plausibility is None for s in denominators(["27.1", "17.6"], total=676))


def test_max_imbalance_needs_an_allocation():
    with pytest.raises(ValueError, match="max_imbalance"):
        denominators(["0", "0"], total=10, max_imbalance=1)


def test_plausibility_without_an_allocation_is_refused():
    # found by mypy (issue 21 item 7): allocation=None reached sum(None), a TypeError (a defect), not the
    # ValueError a public function's refused argument raises; Fitzgerald 2020's 12/6 split as above
    with pytest.raises(ValueError, match=r"allocation \(None\) must be a ratio"):
        allocation_plausibility((12, 6), None)
