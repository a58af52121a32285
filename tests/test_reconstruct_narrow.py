"""reconstruct(method="random") on narrow scales draws from the exhaustive search when it is feasible.

Issue 13 item 3: for mean 2.7, SD 1.9, n = 130 on 1-5 the SPRITE search alone found about 720 of
the 5,359 samples in 25 s and gave up; the exhaustive search lists all of them in well under a second.
"""
from __future__ import annotations

import statistics

import numpy as np
import pytest

from analysis import reconstruct
from analysis.reported import parse_reported


def _reproduces(sample, mean, sd, n, low, high):
    m, s = parse_reported(mean), parse_reported(sd)
    return (len(sample) == n and low <= sample[0] and sample[-1] <= high and list(sample) == sorted(sample)
            and m.contains(sum(sample) / n, tol=1e-9) and s.contains(statistics.stdev(sample), tol=1e-9))


def _count_by_enumeration(n: int = 130) -> int:
    """Independent reference for 5,359: every multiset of n values on 1-5 as counts (c1, ..., c5),
    kept when the total S prints as 2.7 (2.65 n <= S <= 2.75 n: S = 345 ... 357 for n = 130) and the
    SD prints as 1.9 (1.85^2 <= (n Q - S^2) / (n (n - 1)) <= 1.95^2, Q the sum of squares), compared
    in integers (no tie falls on an end for n = 130)."""
    c5, c4, c3 = (a.ravel() for a in np.meshgrid(*[np.arange(n + 1)] * 3, indexing="ij"))
    keep = c5 + c4 + c3 <= n
    c5, c4, c3 = c5[keep], c4[keep], c3[keep]
    m = n - c5 - c4 - c3  # c1 + c2
    total = 0
    for s in range(345, 358):
        c2 = s - (5 * c5 + 4 * c4 + 3 * c3) - m  # from c1 + 2 c2 = s - (5 c5 + 4 c4 + 3 c3)
        c1 = m - c2
        q = 25 * c5 + 16 * c4 + 9 * c3 + 4 * c2 + c1
        dev = 10_000 * (n * q - s * s)
        ok = (c2 >= 0) & (c1 >= 0) & (dev >= 34_225 * n * (n - 1)) & (dev <= 38_025 * n * (n - 1))
        total += int(ok.sum())
    return total


def test_5359_is_the_count_by_independent_enumeration():
    assert _count_by_enumeration() == 5359


def test_random_on_a_narrow_scale_draws_k_distinct_samples_from_all_of_them():
    every = reconstruct("2.7", "1.9", 130, 1, 5, max_samples=10_000)
    # 5,359: test_5359_is_the_count_by_independent_enumeration (counts over 1-5, integer arithmetic)
    assert every.complete and every.count == 5359 == len(every.samples)
    rec = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=1000, seed=0)
    # k distinct samples, each one of the exhaustive list, and the result says where they come from
    assert len(rec.samples) == 1000 == len(set(rec.samples))
    assert set(rec.samples) <= set(every.samples)
    assert rec.search == "exhaustive" and rec.method == "random"
    assert rec.count == 5359 and rec.complete  # the exhaustive count is exact
    assert rec.possible is True
    assert all(_reproduces(s, "2.7", "1.9", 130, 1, 5) for s in rec.samples[:50])


def test_draws_are_reproducible_and_spread_over_the_whole_list():
    a = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=1000, seed=0)
    b = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=1000, seed=0)
    c = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=1000, seed=1)
    assert a.samples == b.samples and a.samples != c.samples
    # a uniform draw of 1,000 of 5,359 lands in each fifth of the lexicographic list about
    # 200 times; SPRITE's drift towards some samples would not (binomial sd ~ 12.6: +-6 sd)
    every = reconstruct("2.7", "1.9", 130, 1, 5, max_samples=10_000).samples
    rank = {s: i for i, s in enumerate(every)}
    fifths = [0] * 5
    for s in a.samples:
        fifths[rank[s] * 5 // len(every)] += 1
    assert all(125 <= f <= 275 for f in fifths), fifths


def test_fewer_samples_than_k_returns_all_of_them():
    every = reconstruct("3.0", "1.4", 8, 1, 5)
    rec = reconstruct("3.0", "1.4", 8, 1, 5, method="random", k=1000)
    assert rec.search == "exhaustive" and rec.count == every.count == len(rec.samples)
    assert set(rec.samples) == set(every.samples)


def test_impossible_summary_on_a_narrow_scale_is_proved_not_just_missed():
    rec = reconstruct("3.0", "0.1", 5, 1, 5, method="random")
    assert rec.search == "exhaustive" and rec.complete and rec.count == 0 and rec.possible is False


def test_constraints_carry_over_to_the_draw():
    every = reconstruct("2.7", "1.9", 130, 1, 5, median="2", max_samples=10_000)
    rec = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=50, median="2", seed=3)
    assert rec.search == "exhaustive" and rec.count == every.count
    assert set(rec.samples) <= set(every.samples) and len(rec.samples) == min(50, every.count)


def test_wide_scale_still_uses_sprite():
    rec = reconstruct("30.6", "6.1", 30, 0, 60, method="random", k=20, seed=0)
    assert rec.search == "sprite" and not rec.complete and len(rec.samples) == 20 == rec.count
    assert all(_reproduces(s, "30.6", "6.1", 30, 0, 60) for s in rec.samples)


def test_exhaustive_method_says_exhaustive():
    assert reconstruct("3.0", "1.4", 5, 1, 5).search == "exhaustive"


@pytest.mark.parametrize("k", [1, 7])
def test_small_k(k):
    rec = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=k, seed=5)
    assert len(rec.samples) == k and rec.count == 5359


def test_draw_is_tried_only_where_the_scale_admits_few_multisets(monkeypatch):
    # multisets of n values on K points: C(n + K - 1, K - 1), counted exactly here
    from math import comb

    from analysis.checks import reconstruction

    assert comb(130 + 5 - 1, 4) == 12_840_751 and reconstruction._few_multisets(130, 5)
    assert comb(100 + 7 - 1, 6) == 1_705_904_746 and reconstruction._few_multisets(100, 7)
    assert comb(30 + 61 - 1, 60) > 6e23 and not reconstruction._few_multisets(30, 61)
    calls = []
    real = reconstruction._draw
    monkeypatch.setattr(reconstruction, "_draw", lambda *a: calls.append(a) or real(*a))
    wide = reconstruct("20.3", "11.5", 30, 0, 60, method="random", k=50, seed=1)
    assert wide.search == "sprite" and not calls  # Sakurai's MADRS: no exhaustive attempt
    narrow = reconstruct("2.7", "1.9", 130, 1, 5, method="random", k=50, seed=1)
    assert narrow.search == "exhaustive" and len(calls) == 1
