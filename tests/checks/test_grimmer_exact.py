"""GRIMMER against brute-force enumeration (issue 9, item 1).

``grimmer`` used to accept an SD whenever some integer sum of squares of the right parity fell in
the SD's rounding interval, without asking whether n integers with that total can have that sum
of squares: the least-spread sample (values as equal as possible) sets a floor, and for n < 5
some sums of squares above the floor are unreachable as well. The reference here is
``tests/checks/grimmer_bruteforce.py``: every (sum, sum of squares) that n integers can have, enumerated
by dynamic programming over the values, then compared through the rounding intervals in exact
rational arithmetic. ``grimmer`` and ``grimmer_map`` must agree with it, and with each other,
row for row: "possible" is ``consistent`` or ``not_testable``, "impossible" is ``inconsistent``.
"""
from __future__ import annotations

import math
import random
from fractions import Fraction

import pandas as pd
import pytest

from analysis import grimmer, grimmer_map, reconstruct
from analysis.checks.granularity import SMALL_N_FULL_UP_TO, least_sum_of_squares
from grimmer_bruteforce import interval, possible, printed, reachable

ISSUE_ROWS = [("3.7", "0.4", 21), ("8.4", "0.3", 17), ("1.24", "0.33", 200)]


def _ok(verdict: str) -> bool:
    return verdict in ("consistent", "not_testable")


def _necessary_pairs(mean: str, sd: str, n: int) -> list[tuple[int, int]]:
    """(sum S, sum of squares Q) pairs that pass two necessary conditions, written out for n the
    brute force is too slow for: S/n in the mean's interval, (Q - S^2/n)/(n - 1) in the SD's squared
    interval, Q = S (mod 2) (x^2 = x mod 2), and Q at least the least-spread sample's (values as
    equal as possible: r of q + 1 and n - r of q, q, r = divmod(S, n); convexity)."""
    (m_lo, m_hi), (s_lo, s_hi) = interval(mean), interval(sd)
    out = []
    for S in range(math.ceil(m_lo * n), math.floor(m_hi * n) + 1):
        q, r = divmod(S, n)
        q_least = r * (q + 1) ** 2 + (n - r) * q * q
        lo, hi = (n - 1) * s_lo ** 2 + Fraction(S * S, n), (n - 1) * s_hi ** 2 + Fraction(S * S, n)
        out += [(S, Q) for Q in range(math.ceil(lo), math.floor(hi) + 1) if Q % 2 == S % 2 and Q >= q_least]
    return out


@pytest.mark.parametrize("mean,sd,n", ISSUE_ROWS)
def test_issue_examples_are_inconsistent(mean, sd, n):
    """Issue 9: these three were called consistent; no integer sample reproduces them."""
    if n <= 21:
        assert not possible(mean, sd, n)  # the brute force agrees that they are impossible
    else:  # n = 200: S in 247..249; only S = 247, Q = 327 has the parity, below the least 47*4 + 153 = 341
        assert _necessary_pairs(mean, sd, n) == []
        assert 47 * 2 ** 2 + 153 * 1 ** 2 == 341
        # the helper can say yes: at SD 0.43 each S admits its least-spread sample (49 twos, 151 ones: 347)
        assert _necessary_pairs(mean, "0.43", n) == [(247, 341), (248, 344), (249, 347)]
    assert grimmer(mean, sd, n).verdict == "inconsistent"
    df = pd.DataFrame({"mean": [mean], "sd": [sd], "n": [n]})
    assert grimmer_map(df)["grimmer_verdict"].tolist() == ["inconsistent"]


def test_least_spread_sum_of_squares_77_over_21():
    """Total 77 over 21: the least-spread sample (14 fours, 7 threes) has sum of squares 287,
    more than the 286 an SD printed as 0.4 allows, which is what the explanation must say."""
    bits = reachable(21, 40)[77 % 21]  # residue 14, deviations from q = 3
    w_min = next(w for w in range(41) if (bits >> w) & 1)
    assert w_min + 2 * 3 * 77 - 21 * 9 == 287 == 14 * 16 + 7 * 9
    # SD 0.4 is at most 0.45: Q <= 20 * 0.45^2 + 77^2 / 21 = 286.38; total 78 = 15 fours + 6 threes: 294
    assert math.floor(20 * Fraction(45, 100) ** 2 + Fraction(77 ** 2, 21)) == 286
    assert 15 * 16 + 6 * 9 == 294 and 15 * 4 + 6 * 3 == 78
    r = grimmer("3.7", "0.4", 21)
    assert "287" in r.explanation and r.details["least_sum_of_squares"] == {77: 287, 78: 294}


def test_issue_example_reconstruct_agrees():
    """reconstruct's exhaustive search (scale 1-7) finds no sample either."""
    res = reconstruct("3.7", "0.4", 21, 1, 7, method="exhaustive")
    assert res.complete and not res.samples


def _grid(ns, mean_decimals, sd_decimals, mean_range, sd_range):
    rows = []
    for n in ns:
        for dm in mean_decimals:
            for ds in sd_decimals:
                for km in range(int(mean_range[0] * 10 ** dm), int(mean_range[1] * 10 ** dm) + 1):
                    for ks in range(int(sd_range[0] * 10 ** ds), int(sd_range[1] * 10 ** ds) + 1):
                        rows.append((printed(km, dm), printed(ks, ds), n))
    return rows


def test_one_decimal_every_pattern_scalar_and_map():
    """Every mean 0.0-1.0 and SD 0.0-3.0 printed with 1 decimal, n = 2 ... 12 (a shift by an
    integer changes nothing, so means in [0, 1] cover every pattern); scalar and map both."""
    rows = _grid(range(2, 13), [1], [1], (0, 1), (0, 3))
    want = [possible(*r) for r in rows]
    got = [_ok(grimmer(*r).verdict) for r in rows]
    bad = [(r, w) for r, w, g in zip(rows, want, got) if w != g]
    assert not bad, f"{len(bad)} of {len(rows)} differ from the brute force, e.g. {bad[:5]}"
    df = pd.DataFrame(rows, columns=["mean", "sd", "n"])
    got_map = [_ok(v) for v in grimmer_map(df)["grimmer_verdict"]]
    assert got_map == want


def test_two_decimals_every_pattern_map_and_scalar_sample():
    """Every mean 0.00-1.00 and SD 0.00-2.00 printed with 2 decimals, n = 2 ... 8, through
    grimmer_map; grimmer on 3,000 of the rows (seeded) and on every row they disagree on."""
    rows = _grid(range(2, 9), [2], [2], (0, 1), (0, 2))
    want = [possible(*r) for r in rows]
    df = pd.DataFrame(rows, columns=["mean", "sd", "n"])
    got_map = [_ok(v) for v in grimmer_map(df)["grimmer_verdict"]]
    bad = [(r, w) for r, w, g in zip(rows, want, got_map) if w != g]
    assert not bad, f"{len(bad)} of {len(rows)} differ from the brute force, e.g. {bad[:5]}"
    for i in random.Random(9).sample(range(len(rows)), 3000):
        assert _ok(grimmer(*rows[i]).verdict) == want[i], rows[i]


def test_mixed_decimals_and_items():
    """Mean and SD printed with different decimals, and items > 1 (participant totals)."""
    rows = _grid(range(2, 7), [1, 2], [1, 2], (0, 0.5), (0, 1.2))
    rows = rows[::7]  # every 7th row of the mixed grid keeps the test short
    for items in (1, 2, 3):
        want = [possible(m, s, n, items) for m, s, n in rows]
        got = [_ok(grimmer(m, s, n, items).verdict) for m, s, n in rows]
        assert got == want, [r for r, w, g in zip(rows, want, got) if w != g][:5]
        df = pd.DataFrame(rows, columns=["mean", "sd", "n"]).assign(items=items)
        assert [_ok(v) for v in grimmer_map(df, items="items")["grimmer_verdict"]] == want


def test_larger_n_random_rows_against_brute_force():
    """Random printed rows with n = 9 ... 40 (GRIM with and without power)."""
    rng = random.Random(2016)
    rows = []
    for _ in range(400):
        n = rng.randint(9, 40)
        dm, ds = rng.choice([1, 2]), rng.choice([1, 2])
        rows.append((printed(rng.randint(0, 3 * 10 ** dm), dm), printed(rng.randint(0, 12 * 10 ** ds) // 10, ds), n))
    want = [possible(*r) for r in rows]
    assert [_ok(grimmer(*r).verdict) for r in rows] == want
    df = pd.DataFrame(rows, columns=["mean", "sd", "n"])
    assert [_ok(v) for v in grimmer_map(df)["grimmer_verdict"]] == want
    assert not all(want) and any(want)


@pytest.mark.parametrize("n", [5, 6, 7])
def test_small_n_has_no_gaps_up_to_the_bound_grimmer_map_relies_on(n):
    """For n = 5, 6, 7 every sum of squared deviations W >= r with W = r (mod 2), up to
    SMALL_N_FULL_UP_TO, is reachable by n integers with total r (so the map decides those rows
    from parity and the least spread alone); n = 4 is not (total 2: every multiple of 8 is missing)."""
    bits = reachable(n, SMALL_N_FULL_UP_TO)
    for r in range(n):
        missing = [w for w in range(r, SMALL_N_FULL_UP_TO + 1, 2) if not (bits[r] >> w) & 1]
        assert not missing, (n, r, missing[:5])
    four = reachable(4, 64)[2]
    assert [w for w in range(2, 65, 2) if not (four >> w) & 1] == [8, 16, 24, 32, 40, 48, 56, 64]


def test_least_sum_of_squares_is_the_minimum():
    """least_sum_of_squares(n, S) against the smallest reachable sum of squares, n = 2 ... 9."""
    for n in range(2, 10):
        bits = reachable(n, 60)
        for S in range(-2 * n, 3 * n):
            q, r = divmod(S, n)
            w_min = next(w for w in range(61) if (bits[r] >> w) & 1)
            assert least_sum_of_squares(n, S) == w_min + 2 * q * S - n * q * q
