"""Tests for analysis.checks (reconstruction, scale_bounds, sample_search): exhaustive and SPRITE
reconstruction, SD limits, joint checks.

Brute force (itertools.combinations_with_replacement over every multiset) is the
independent reference for the exhaustive counts; the Bhatia-Davis inequality
(doi:10.1080/00029890.2000.12005203) for the SD limits.
"""
from __future__ import annotations

import itertools
import math
import statistics

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.checks.reconstruction import Reconstruction, check_mean_sd_with_count, reconstruct
from analysis.checks.scale_bounds import SDBounds, check_sd_possible, sd_bounds
from analysis.reported import parse_reported
from conftest import TOL, examples

EPS = TOL["estimate"]  # floating-point slack for the brute-force reference (the module itself is exact)


def brute_force(mean, sd, n, low, high, *, count_at_or_below=None, threshold=None, median=None,
                minimum=None, maximum=None):
    """Every multiset of n integers on [low, high] reproducing the printed numbers."""
    m, s = parse_reported(mean), parse_reported(sd)
    med = None if median is None else parse_reported(median)
    out = []
    for c in itertools.combinations_with_replacement(range(low, high + 1), n):
        if not m.contains(sum(c) / n, tol=EPS) or not s.contains(statistics.stdev(c), tol=EPS):
            continue
        if threshold is not None and sum(v <= threshold for v in c) != count_at_or_below:
            continue
        if med is not None and not med.contains(statistics.median(c), tol=EPS):
            continue
        if minimum is not None and c[0] != minimum:
            continue
        if maximum is not None and c[-1] != maximum:
            continue
        out.append(c)
    return out


def reproduces(sample, mean, sd, n, low, high):
    """The property every returned sample must have (checked through parse_reported)."""
    return (len(sample) == n and all(low <= v <= high for v in sample)
            and list(sample) == sorted(sample)
            and parse_reported(mean).contains(sum(sample) / n, tol=EPS)
            and parse_reported(sd).contains(statistics.stdev(sample), tol=EPS))


# ------------------------------------------------------------------------------------------
# exhaustive search against brute force
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mean, sd, n, low, high", [
    ("3.0", "1.4", 5, 1, 5),
    ("3.00", "1.41", 8, 1, 5),
    ("2.5", "1.2", 8, 1, 5),
    ("4.0", "0.0", 6, 1, 5),         # all equal
    ("1.0", "0.0", 4, 1, 5),         # all at the bottom
    ("3.0", "2.1", 8, 1, 5),         # extreme SD
    ("3.0", "3.0", 8, 1, 5),         # above the maximum: impossible
    ("3.15", "1.00", 7, 1, 5),       # GRIM-inconsistent mean (22/7 = 3.14, 23/7 = 3.29)
    ("0.5", "0.5", 6, 0, 1),         # two-point scale
    ("1.0", "0.9", 7, 0, 2),         # three-point scale
    ("2.0", "1.2", 8, 0, 3),         # four-point scale
    ("5.2", "2.4", 8, 0, 10),
])
def test_exhaustive_equals_brute_force(mean, sd, n, low, high):
    rec = reconstruct(mean, sd, n, low, high)
    expected = brute_force(mean, sd, n, low, high)
    assert rec.complete
    assert rec.count == len(expected)
    assert sorted(rec.samples) == sorted(expected)
    assert rec.possible is (len(expected) > 0)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_exhaustive_equals_brute_force_property(data):
    n = data.draw(st.integers(2, 8), label="n")
    low = data.draw(st.sampled_from([0, 1]), label="low")
    high = low + 4
    base = data.draw(st.lists(st.integers(low, high), min_size=n, max_size=n), label="base")
    dm = data.draw(st.integers(1, 2), label="mean decimals")
    ds = data.draw(st.integers(1, 2), label="sd decimals")
    shift = data.draw(st.sampled_from([0.0, 0.0, 0.07, -0.07, 0.3]), label="sd shift")
    mean = f"{sum(base) / n:.{dm}f}"
    sd = f"{max(statistics.stdev(base) + shift, 0):.{ds}f}"
    rec = reconstruct(mean, sd, n, low, high)
    expected = brute_force(mean, sd, n, low, high)
    assert rec.complete and rec.count == len(expected)
    assert set(rec.samples) == set(expected)
    if shift == 0.0:
        assert tuple(sorted(base)) in rec.samples  # the generating sample is always found


@pytest.mark.parametrize("constraint", [
    {"count_at_or_below": 3, "threshold": 2},
    {"count_at_or_below": 0, "threshold": 1},
    {"count_at_or_below": 6, "threshold": 5},    # all of n = 6; impossible for n = 7, 8
    {"count_at_or_below": 2, "threshold": 0},     # threshold below the scale: impossible
    {"median": "3"},
    {"median": "2.5"},
    {"median": "3.0"},
    {"minimum": 1, "maximum": 5},
    {"minimum": 2},
    {"maximum": 4},
    {"median": "3", "count_at_or_below": 3, "threshold": 2, "minimum": 1},
])
@pytest.mark.parametrize("mean, sd, n", [("3.0", "1.4", 8), ("3.00", "1.31", 7), ("2.8", "1.2", 6)])
def test_constraints_equal_brute_force(mean, sd, n, constraint):
    rec = reconstruct(mean, sd, n, 1, 5, **constraint)
    expected = brute_force(mean, sd, n, 1, 5, **constraint)
    assert rec.complete and rec.count == len(expected)
    assert set(rec.samples) == set(expected)
    # the random search finds only valid samples, and finds one when one exists
    rnd = reconstruct(mean, sd, n, 1, 5, method="random", k=5, **constraint)
    assert set(rnd.samples) <= set(expected)
    assert bool(rnd.samples) == bool(expected)


def targets_by_hand(mean_dec, sd_dec, mean, sd, n):
    """(sum, sum of squares) pairs of n integers whose mean and SD print as given (half-up or down):
    sum in n [mean -+ half a unit], SS = (n - 1) sd^2 over [sd -+ half a unit], sum x^2 = SS + sum^2/n,
    and sum x^2 has the parity of sum x (x^2 = x mod 2)."""
    half_m, half_s = 0.5 * 10**-mean_dec, 0.5 * 10**-sd_dec
    out = []
    for t in range(math.ceil(n * (mean - half_m)), math.floor(n * (mean + half_m)) + 1):
        lo = (n - 1) * (sd - half_s) ** 2 + t * t / n
        hi = (n - 1) * (sd + half_s) ** 2 + t * t / n
        out += [(t, q) for q in range(math.ceil(lo), math.floor(hi) + 1) if q % 2 == t % 2]
    return tuple(out)


def count_1_to_7_by_hand(total, sumsq, n):
    """Multisets of n values in 1..7 with the given sum and sum of squares, counted independently:
    with y = x - 4 in -3..3 the 4s are free filler; s_j values have |y| = j (a_j of them +j), so
    sum y = sum_j j (2 a_j - s_j) = 0 and sum y^2 = s_1 + 4 s_2 + 9 s_3 = sumsq - 8 total + 16 n."""
    if total != 4 * n:
        return 0
    t2 = sumsq - 8 * total + 16 * n
    count = 0
    for s3 in range(t2 // 9 + 1):
        for s2 in range((t2 - 9 * s3) // 4 + 1):
            s1 = t2 - 9 * s3 - 4 * s2
            if s1 + s2 + s3 > n:
                continue
            for a3 in range(s3 + 1):
                # a1 = (s1 + 2 s2 + 3 s3 - 6 a3)/2 - 2 a2 must lie in [0, s1], a2 in [0, s2]
                num = s1 + 2 * s2 + 3 * s3 - 6 * a3
                if num % 2:
                    continue
                h = num // 2
                a2_lo, a2_hi = max(0, math.ceil((h - s1) / 2)), min(s2, h // 2)
                count += max(0, a2_hi - a2_lo + 1)
    return count


def test_count_without_materialising_samples():
    # n = 100 on 1-7: the benchmark case; the count is exact while only 10 samples are stored.
    # Expected targets and count computed independently here: "4.00" -> sum 400; "1.50" -> sum of
    # squares 1821.3 to 1824.2, of which 1823 is odd (parity of 400): (400, 1822) and (400, 1824);
    # 37652 + 38344 = 75996 multisets.
    targets = targets_by_hand(2, 2, 4.00, 1.50, 100)
    assert targets == ((400, 1822), (400, 1824))
    expected_count = sum(count_1_to_7_by_hand(t, q, 100) for t, q in targets)
    rec = reconstruct("4.00", "1.50", 100, 1, 7, max_samples=10)
    assert rec.complete and rec.count == expected_count and len(rec.samples) == 10
    assert rec.targets == targets
    for s in rec.samples:
        assert reproduces(s, "4.00", "1.50", 100, 1, 7)
    assert len(set(rec.samples)) == 10
    assert reconstruct("4.00", "1.50", 100, 1, 7, max_samples=0).count == expected_count


def test_budget_makes_search_incomplete():
    rec = reconstruct("30.6", "6.1", 30, 0, 60, max_iter=2000)
    assert not rec.complete and rec.possible is None
    rec = reconstruct("30.6", "6.1", 30, 0, 60, timeout=0.05, max_iter=10**9)
    assert not rec.complete


def test_rounding_modes_at_an_exact_edge():
    # 1, 2 gives mean 1.5 exactly: "2" stands for [1.5, 2.5] when halves may round either way
    assert reconstruct("2", "0.7", 2, 1, 3).count == 2        # (1, 2) and (2, 3)
    up = reconstruct("2", "0.7", 2, 1, 3, rounding="up")
    down = reconstruct("2", "0.7", 2, 1, 3, rounding="down")
    # "up": 1.5 rounds up to 2 but 2.5 rounds to 3, so only (1, 2); "down": the reverse
    assert up.samples == ((1, 2),) and down.samples == ((2, 3),)


def test_frequencies_shape_and_to_frame():
    # expected samples from the brute-force reference above: (1, 2, 4, 4, 4), (1, 3, 3, 3, 5),
    # (2, 2, 2, 4, 5), in lexicographic order as the exhaustive search stores them
    expected = brute_force("3.0", "1.4", 5, 1, 5)
    rec = reconstruct("3.0", "1.4", 5, 1, 5)
    f = rec.frequencies()
    assert f.shape == (len(expected), 5) and list(f.columns) == [1, 2, 3, 4, 5]
    assert (f.sum(axis=1) == 5).all()
    assert [list(r) for r in f.to_numpy()] == [[c.count(v) for v in range(1, 6)] for c in expected]
    row = rec.to_frame()
    assert len(row) == 1 and row.loc[0, "count"] == len(expected) and row.loc[0, "n_samples"] == len(expected)
    assert isinstance(rec, Reconstruction)
    assert rec.to_dict()["samples"] == [list(c) for c in sorted(expected)]


# ------------------------------------------------------------------------------------------
# random (SPRITE) search
# ------------------------------------------------------------------------------------------
def test_random_thousand_distinct_samples_wide_scale():
    # speed (the 2 s target) is measured in benchmarks/bench_reconstruct.py, not here; the test
    # gives the search a fixed step budget instead (seed 0 needs 63 SPRITE steps)
    rec = reconstruct("30.6", "6.1", 30, 0, 60, method="random", k=1000, seed=0, max_iter=1000)
    assert len(rec.samples) == 1000 == rec.count and len(set(rec.samples)) == 1000
    assert not rec.complete and rec.seed == 0
    assert 0 < rec.iterations <= 1000
    assert all(reproduces(s, "30.6", "6.1", 30, 0, 60) for s in rec.samples)


def test_random_is_reproducible():
    a = reconstruct("20.3", "11.5", 30, 0, 60, method="random", k=50, seed=3)
    b = reconstruct("20.3", "11.5", 30, 0, 60, method="random", k=50, seed=3)
    c = reconstruct("20.3", "11.5", 30, 0, 60, method="random", k=50, seed=4)
    assert a.samples == b.samples and a.samples != c.samples


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 40), high=st.sampled_from([4, 6, 10, 20, 60]), data=st.data())
def test_random_samples_reproduce_printed_values(n, high, data):
    base = data.draw(st.lists(st.integers(0, high), min_size=n, max_size=n))
    mean = f"{sum(base) / n:.2f}"
    sd = f"{statistics.stdev(base):.2f}"
    rec = reconstruct(mean, sd, n, 0, high, method="random", k=2, seed=1)
    assert rec.samples  # a sample exists (the generating one), SPRITE should find one
    for s in rec.samples:
        assert reproduces(s, mean, sd, n, 0, high)


def test_random_with_constraints_wide_scale():
    rec = reconstruct("20.3", "11.5", 30, 0, 60, method="random", k=100, count_at_or_below=8,
                      threshold=10, median="19.5", minimum=2, maximum=48)
    assert len(rec.samples) == 100
    for s in rec.samples:
        assert reproduces(s, "20.3", "11.5", 30, 0, 60)
        assert sum(v <= 10 for v in s) == 8 and s[0] == 2 and s[-1] == 48
        assert statistics.median(s) == 19.5


# ------------------------------------------------------------------------------------------
# SD limits
# ------------------------------------------------------------------------------------------
def bhatia_davis_max_sd(mu, n, low, high):
    """Bhatia & Davis (2000): population variance <= (high - mu)(mu - low); times n/(n-1)."""
    return math.sqrt(n / (n - 1) * (high - mu) * (mu - low))


@pytest.mark.parametrize("n, low, high", [(5, 1, 5), (7, 0, 3), (6, 1, 7), (8, 1, 5), (4, 0, 10)])
def test_sd_bounds_against_brute_force_and_bhatia_davis(n, low, high):
    by_sum: dict[int, list[float]] = {}
    for c in itertools.combinations_with_replacement(range(low, high + 1), n):
        by_sum.setdefault(sum(c), []).append(statistics.stdev(c))
    for total, sds in by_sum.items():
        mean = f"{total / n:.4f}"  # 4 decimals: only this sum reproduces the mean
        b = sd_bounds(mean, n, low, high)
        assert b.sums == (total,)
        assert b.sd_min == pytest.approx(min(sds), rel=TOL["estimate"], abs=TOL["estimate"])
        assert b.sd_max == pytest.approx(max(sds), rel=TOL["estimate"], abs=TOL["estimate"])
        bd = bhatia_davis_max_sd(total / n, n, low, high)
        assert b.sd_max <= bd + TOL["estimate"]
        if (total - n * low) % (high - low) == 0:  # all values can sit at the bounds
            assert b.sd_max == pytest.approx(bd, rel=TOL["estimate"], abs=TOL["estimate"])


def test_sd_bounds_result():
    b = sd_bounds("20.3", 30, 0, 60)
    assert isinstance(b, SDBounds) and b.sums == (608, 609, 610)
    assert b.interval.low == b.sd_min and b.contains(11.5) and not b.contains(29)
    assert b.sd_max <= bhatia_davis_max_sd(608 / 30, 30, 0, 60)
    assert math.isnan(sd_bounds("3.15", 7, 1, 5).sd_min)  # GRIM-inconsistent: no sum


def test_check_sd_possible():
    c = check_sd_possible("30.6", "6.1", 30, 0, 60)
    assert c.verdict == "consistent" and c.margin > 0
    c = check_sd_possible("1.50", "2.10", 10, 1, 5)  # max SD: 5, 2 and eight 1s, SD 1.2693
    assert c.verdict == "inconsistent"
    assert "1.2693" in c.explanation and "above the largest" in c.explanation
    c = check_sd_possible("3.00", "0.10", 10, 1, 5)  # min SD with sum 30 is 0
    assert c.verdict == "consistent"
    c = check_sd_possible("3.10", "0.10", 10, 1, 5)  # sum 31: one value differs, SD 0.3162
    assert c.verdict == "inconsistent" and "below the smallest" in c.explanation
    assert check_sd_possible("3.15", "1.00", 7, 1, 5).verdict == "inconsistent"  # GRIM


# ------------------------------------------------------------------------------------------
# joint mean, SD and count: Sakurai 2025
# ------------------------------------------------------------------------------------------
def _group_sumsq_range(total, m, lo, hi):
    """Smallest and largest sum of squares of m integers in [lo, hi] summing to total (None if none):
    smallest with the values as equal as possible, largest with all but one at a bound."""
    if not m * lo <= total <= m * hi:
        return None
    q, r = divmod(total, m)
    smallest = r * (q + 1) ** 2 + (m - r) * q**2
    k, rem = divmod(total - m * lo, hi - lo)
    largest = k * hi**2 + ((lo + rem) ** 2 + (m - k - 1) * lo**2 if k < m else 0)
    return smallest, largest


def split_sd_limits_by_hand(sums, n, groups):
    """SD limits (ddof = 1) over the given sums and every split of each sum between two groups
    (size, low, high), from the extreme sums of squares of each group."""
    (m1, lo1, hi1), (m2, lo2, hi2) = groups
    sds = []
    for total in sums:
        for a in range(m1 * lo1, m1 * hi1 + 1):
            g1, g2 = _group_sumsq_range(a, m1, lo1, hi1), _group_sumsq_range(total - a, m2, lo2, hi2)
            if g1 is None or g2 is None:
                continue
            for ss in (g1[0] + g2[0], g1[1] + g2[1]):
                sds.append(math.sqrt((ss - total**2 / n) / (n - 1)))
    return min(sds), max(sds)


def test_sakurai_after_fourth_infusion_with_remitters_is_possible():
    # Sakurai 2025: MADRS (0-60) "20.3" +/- "11.5" after the 4th infusion, n = 30, and
    # remission (MADRS <= 10) "26.7%" = 8/30 at the same time point.
    # Verdict: consistent. Reasoning: the sum must be 608-610. With 8 patients at <= 10 and
    # 22 at >= 11 the SD can range from about 6.3 to 23.3 (exact limits over every split of
    # the sum between the groups), which covers 11.5; and SPRITE finds explicit samples, e.g.
    # 8 scores between 1 and 10 and 22 between 11 and 47. So 8 remitters are compatible with the
    # printed mean and SD: nothing here suggests an error.
    c = check_mean_sd_with_count("20.3", "11.5", 30, 0, 60, 8, 10)
    assert c.verdict == "consistent"
    ex = c.details["example"]
    assert reproduces(tuple(ex), "20.3", "11.5", 30, 0, 60) and sum(v <= 10 for v in ex) == 8
    # exact limits computed independently: sums 608-610 ("20.3" x 30 within half a unit), every split
    # into 8 values in 0..10 and 22 in 11..60; SD 6.2969 to 23.3317
    sd_min, sd_max = split_sd_limits_by_hand(range(608, 611), 30, [(8, 0, 10), (22, 11, 60)])
    assert c.details["sd_min"] == pytest.approx(sd_min, rel=TOL["estimate"])
    assert c.details["sd_max"] == pytest.approx(sd_max, rel=TOL["estimate"])


def test_joint_check_inconsistent_by_bounds():
    # 29 of 30 at <= 10 cannot give a mean of 20.3 on 0-60 (max sum 29*10 + 60 = 350 < 608)
    c = check_mean_sd_with_count("20.3", "11.5", 30, 0, 60, 29, 10)
    assert c.verdict == "inconsistent" and "mean" in c.explanation
    # 8 of 30 at <= 10 with SD 2.0: the split forces a larger SD
    c = check_mean_sd_with_count("20.3", "2.0", 30, 0, 60, 8, 10)
    assert c.verdict == "inconsistent" and "must lie between" in c.explanation


def test_joint_check_inconsistent_by_exhaustive_search():
    # On 1-5 with n = 5: mean 2.4, SD 1.3 and exactly 1 value <= 1. The SD limits allow it and
    # mean and SD alone are possible; brute force finds no sample with the count, and neither
    # does the exhaustive search, which proves it.
    assert reconstruct("2.4", "1.3", 5, 1, 5).count > 0
    assert brute_force("2.4", "1.3", 5, 1, 5, count_at_or_below=1, threshold=1) == []
    c = check_mean_sd_with_count("2.4", "1.3", 5, 1, 5, 1, 1)
    assert c.verdict == "inconsistent" and "exhaustive" in c.explanation


def test_joint_check_not_testable_within_budget(monkeypatch):
    import importlib

    mod = importlib.import_module("analysis.checks.reconstruction")

    real = mod.reconstruct

    def no_luck(*args, **kwargs):  # a SPRITE search that finds nothing, to reach the budget branch
        if (args[5] if len(args) > 5 else kwargs.get("method")) == "random":
            kwargs["max_iter"] = 1
        return real(*args, **kwargs)

    monkeypatch.setattr(mod, "reconstruct", no_luck)
    c = check_mean_sd_with_count("30.6", "6.1", 30, 0, 60, 1, 10, max_iter=500, timeout=0.5)
    assert c.verdict == "not_testable" and "budget" in c.explanation


# ------------------------------------------------------------------------------------------
# validation
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, match", [
    ({"nobs": 1}, r"nobs \(1\)"),
    ({"nobs": 0}, r"nobs \(0\)"),
    ({"std": "-1.0"}, r"std \('-1.0'\)"),
    ({"low": 5, "high": 5}, r"low \(5\) must be < high \(5\)"),
    ({"method": "sprite"}, r"method \('sprite'\) must be one of 'exhaustive', 'random'"),
    ({"rounding": "even"}, r"rounding \('even'\)"),
    ({"k": 0}, r"k \(0\)"),
    ({"count_at_or_below": 3}, r"given together"),
    ({"count_at_or_below": 31, "threshold": 10}, r"count_at_or_below \(31\)"),
    ({"minimum": 70}, r"minimum \(70\)"),
    ({"minimum": 40, "maximum": 30}, r"minimum \(40\) must be <= maximum \(30\)"),
    ({"mean": "<30"}, r"mean \('<30'\)"),
    ({"max_iter": 0}, r"max_iter \(0\)"),
])
def test_reconstruct_validation(kwargs, match):
    args = {"mean": "30.6", "std": "6.1", "nobs": 30, "low": 0, "high": 60} | kwargs
    with pytest.raises(ValueError, match=match):
        reconstruct(**args)


def test_reconstruct_rejects_floats():
    with pytest.raises(TypeError, match=r"mean \(30.6\) must be a string as printed"):
        reconstruct(30.6, "6.1", 30, 0, 60)
    with pytest.raises(TypeError, match="n"):
        reconstruct("30.6", "6.1", 30.5, 0, 60)


def test_other_validation():
    with pytest.raises(ValueError, match=r"low \(3\) must be < high \(1\)"):
        sd_bounds("2.0", 5, 3, 1)
    with pytest.raises(ValueError, match=r"std \('-0.5'\)"):
        check_sd_possible("2.0", "-0.5", 5, 1, 5)
    with pytest.raises(ValueError, match=r"count_at_or_below \(9\)"):
        check_mean_sd_with_count("2.0", "0.5", 8, 1, 5, 9, 2)
    with pytest.raises(ValueError, match=r"nobs \(1\)"):
        sd_bounds("2.0", 1, 1, 5)


def test_numpy_integers_accepted():
    rec = reconstruct("3.0", "1.4", np.int64(5), np.int64(1), np.int64(5))
    assert rec.count == 3
