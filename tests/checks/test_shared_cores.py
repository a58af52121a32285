"""The scalar checks and their ``*_map`` share one arithmetic core (issue 21 item 2).

Each core (the rounding interval's ends, the first and last total k/N in it, GRIMMER's power, the least
sum of squares, the binary SD and its range, whether SDs meet a printed SD, P over a statistic's rounding
box) takes Python numbers (the scalar check, exact at any size) or numpy arrays (the map, one pass over
the rows) and gives, row for row, the same answer. Before the fold the maps held their own copies
(``inclusion_arrays``, the ``np.where`` lines of ``_grim_arrays``, ``_binary_sd_array``, the P corners of
``recompute_p_map``), and the scalar cores refused arrays. The answers are also checked against exact
rational arithmetic (``fractions.Fraction``) and a brute force over the totals.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.checks.granularity import (
    _binary_sd,
    _binary_sd_range,
    _grimmer_no_power,
    _sd_fits,
    _ss_first,
    _ss_numerators,
    least_sum_of_squares,
)
from analysis.checks.pvalues import TESTS, _p_bounds, _p_range, _stat_p
from analysis.checks.rounding import ROUNDING, _first_k, _inclusion, _last_k
from analysis.reported import parse_reported
from conftest import examples

_ROWS = st.lists(st.tuples(st.integers(-10**5, 10**5), st.integers(0, 3), st.integers(1, 5000)), min_size=1,
                 max_size=30)


def _interval(m: int, D: int, rounding: str) -> tuple[Fraction, Fraction, bool, bool]:
    """The rounding interval of m/D from the definition of ``rounding=`` (rounding.py's module notes)."""
    lo, hi = Fraction(2 * m - 1, 2 * D), Fraction(2 * m + 1, 2 * D)
    even = m % 2 == 0
    ends = {"up_or_down": (True, True), "up": (True, False), "down": (False, True), "even": (even, even)}
    return (lo, hi, *ends[rounding])


@settings(max_examples=examples(200), deadline=None)
@given(_ROWS, st.sampled_from(ROUNDING))
def test_the_totals_core_answers_numbers_and_arrays_alike_and_exactly(rows, rounding):
    m = np.array([r[0] for r in rows], np.int64)
    D = np.array([10 ** r[1] for r in rows], np.int64)
    N = np.array([r[2] for r in rows], np.int64)
    incl = _inclusion(m, rounding)
    k, ok = _first_k(m, D, N, *incl)
    k1 = _last_k(m, D, N, incl[1])
    for i, (mi, di, ni) in enumerate(rows):
        lo_in, hi_in = _inclusion(mi, rounding)
        assert (bool(incl[0][i]), bool(incl[1][i])) == (lo_in, hi_in)
        ki, oki = _first_k(mi, 10**di, ni, lo_in, hi_in)
        assert (int(k[i]), bool(ok[i]), int(k1[i])) == (ki, oki, _last_k(mi, 10**di, ni, hi_in))
        # exact: ki is the least total whose mean ki/N lies at or above the interval's lower end (above it
        # when that end is excluded), and ok says whether it also lies within the upper end
        lo, hi, lo_ok, hi_ok = _interval(mi, 10**di, rounding)
        inside_lo = (lambda x: x >= lo) if lo_ok else (lambda x: x > lo)
        inside_hi = (lambda x: x <= hi) if hi_ok else (lambda x: x < hi)
        assert inside_lo(Fraction(ki, ni)) and not inside_lo(Fraction(ki - 1, ni))
        assert oki == inside_hi(Fraction(ki, ni))
        k_last = _last_k(mi, 10**di, ni, hi_in)
        assert inside_hi(Fraction(k_last, ni)) and not inside_hi(Fraction(k_last + 1, ni))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(st.integers(2, 60), st.integers(-200, 400), st.integers(1, 3), st.integers(0, 300),
                          st.integers(0, 3)), min_size=1, max_size=20))
def test_least_sum_of_squares_and_grimmer_s_power_on_numbers_and_arrays(rows):
    n, S, L, s, e = (np.array(c, np.int64) for c in zip(*rows))
    least = least_sum_of_squares(n, S)
    power = _grimmer_no_power(n, L, s, e)
    for i, (ni, Si, Li, si, ei) in enumerate(rows):
        assert int(least[i]) == least_sum_of_squares(ni, Si)
        assert bool(power[i]) == _grimmer_no_power(ni, Li, si, ei)
        q, r = divmod(Si, ni)  # brute force: spread S over n integers as evenly as possible
        assert least_sum_of_squares(ni, Si) == sum(x * x for x in [q + 1] * r + [q] * (ni - r))


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(st.integers(2, 60), st.integers(-200, 400), st.integers(1, 3), st.integers(0, 300),
                          st.integers(0, 3), st.booleans()), min_size=1, max_size=20))
def test_grimmer_s_sum_of_squares_core_on_numbers_and_arrays(rows):
    n, S, L, s, e, incl = (np.array(c) for c in zip(*rows))
    lo, hi, C = _ss_numerators(S, n, L, s, e)
    Q = _ss_first(S, n, lo, C, incl)
    for i, (ni, Si, Li, si, ei, inc) in enumerate(rows):
        one = _ss_numerators(Si, ni, Li, si, ei)
        assert (int(lo[i]), int(hi[i]), int(C[i])) == one
        qi = _ss_first(Si, ni, one[0], one[2], inc)
        assert int(Q[i]) == qi
        # from the definition: SS = L^2 (n-1) SD^2 + S^2/n over SD's rounding interval (clipped at 0)
        sd_lo, sd_hi = Fraction(max(2 * si - 1, 0), 2 * 10**ei), Fraction(2 * si + 1, 2 * 10**ei)
        ss_lo = Li * Li * (ni - 1) * sd_lo**2 + Fraction(Si * Si, ni)
        assert Fraction(one[0], one[2]) == ss_lo
        assert Fraction(one[1], one[2]) == Li * Li * (ni - 1) * sd_hi**2 + Fraction(Si * Si, ni)
        # qi: the least integer of S's parity, at least the least spread's, at or above ss_lo (above it if excluded)
        above = (lambda x: x >= ss_lo) if inc else (lambda x: x > ss_lo)
        start = max(least_sum_of_squares(ni, Si), math.floor(ss_lo) - 2)
        want = next(x for x in range(start, start + 10) if (x - Si) % 2 == 0 and above(x))
        assert qi == want


_UNIT = st.floats(0.0, 1.0, allow_nan=False)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(_UNIT, _UNIT, st.integers(2, 10_000), _UNIT, st.floats(0.0, 0.05), st.booleans(),
                          st.booleans()), min_size=1, max_size=20))
def test_the_binary_sd_core_gives_the_same_floats_on_numbers_and_arrays(rows):
    a, b, n, sd, width, lo_in, hi_in = (np.array(c) for c in zip(*rows))
    x_lo, x_hi = np.minimum(a, b), np.maximum(a, b)
    nf = n.astype(float)
    smin, smax = _binary_sd_range(x_lo, x_hi, nf)
    fits = _sd_fits(smax, smin, sd, sd + width, lo_in, hi_in)
    for i, (ai, bi, ni, sdi, wi, li, hi) in enumerate(rows):
        lo_i, hi_i = min(ai, bi), max(ai, bi)
        assert _binary_sd(lo_i, ni) == _binary_sd(np.array([lo_i]), np.array([float(ni)]))[0]
        assert _binary_sd(lo_i, ni) == math.sqrt(max(ni / (ni - 1) * lo_i * (1.0 - lo_i), 0.0))
        one = _binary_sd_range(lo_i, hi_i, ni)
        assert one == (smin[i], smax[i])
        # the range by a fine grid of proportions (the SD is concave in p): never wider than the core's
        grid = [_binary_sd(min(hi_i, max(lo_i, lo_i + (hi_i - lo_i) * j / 200)), ni) for j in range(201)]
        assert one[0] <= min(grid) + 1e-12 and max(grid) <= one[1] + 1e-12
        assert _sd_fits(one[1], one[0], sdi, sdi + wi, li, hi) == bool(fits[i])


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(TESTS), st.lists(st.tuples(st.sampled_from(["0.4", "-1.96", "2.20", "0", "12.5", "0.35",
                                                                     "-.05", "3"]),
                                                  st.integers(1, 200), st.integers(1, 200), st.booleans()),
                                        min_size=1, max_size=12))
def test_p_over_the_rounding_box_is_one_core_for_recompute_p_and_its_map(test, rows):
    stats = [parse_reported(r[0]) for r in rows]
    if test in ("F", "chi2"):
        stats = [parse_reported(r.text.lstrip("-")) for r in stats]
    if test == "r":
        stats = [parse_reported(r.text) if abs(r.value) <= 1 else parse_reported("0.35") for r in stats]
    lo = np.array([r.low for r in stats])
    hi = np.array([r.high for r in stats])
    d1 = None if test == "z" else np.array([float(r[1]) for r in rows])
    d2 = None if test == "z" else np.array([r[2] + (0.5 if r[3] else 0.0) for r in rows])  # some df printed rounded
    h2 = None if test == "z" else np.array([0.05 if r[3] else 0.0 for r in rows])
    h1 = None if test == "z" else np.zeros(len(rows))
    p_lo, p_hi = _p_bounds(test, lo, hi, d1, d2, h1, h2)
    for i, rep in enumerate(stats):
        a = None if test == "z" else float(d1[i])
        b = None if test == "z" else float(d2[i])
        face, low, high = _p_range(test, rep, a, b, 0.0, 0.0 if test == "z" else float(h2[i]))
        assert (low, high) == (p_lo[i], p_hi[i])
        # P at the face value and on a grid over the box lies within [low, high]
        grid = [float(_stat_p(test, rep.low + (rep.high - rep.low) * j / 20, x, y))
                for j in range(21)
                for x in ((a,) if a is None else (a,))
                for y in ((b,) if b is None or not h2[i] else (b - h2[i], b, b + h2[i]))]
        assert low - 1e-12 <= min(grid + [face]) and max(grid + [face]) <= high + 1e-12


@settings(max_examples=examples(100), deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 2), st.integers(1, 400), st.integers(0, 300), st.sampled_from(ROUNDING))
def test_the_denominator_search_uses_the_counts_core(m, d, n_lo, width, rounding):
    # counts._feasible_ns (every n at once, for the denominator search) against counts_from_percent's own
    # range of counts for each n: an n is feasible exactly when some count k of n prints as the percentage
    from analysis.checks.counts import _counts_scaled, _feasible_ns

    ns = range(n_lo, n_lo + width + 1)
    assert _feasible_ns(m, d, n_lo, n_lo + width, rounding).tolist() == [len(_counts_scaled(m, d, n, rounding)) > 0
                                                                        for n in ns]


_PRINTED = st.tuples(st.integers(-5000, 5000), st.integers(0, 3)).map(
    lambda t: f"{t[0] / 10 ** t[1]:.{t[1]}f}")


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.tuples(_PRINTED, _PRINTED, _PRINTED), min_size=1, max_size=25), st.sampled_from([None, 12, 40.5]))
def test_p_from_ci_map_gives_p_from_ci_s_floats(rows, df):
    # the map takes the two extreme corners of each row's rounding box, p_from_ci every corner; with one corner
    # core (inference._corner_z) and the rounding ends as parse_reported reads them, the extremes are the same floats
    import pandas as pd

    from analysis.checks.maps import p_from_ci_map
    from analysis.stats.inference import p_from_ci

    kept = []
    for row in rows:
        e, lo, hi = sorted(row, key=float)[1], *sorted((row[0], row[2]), key=float)
        if float(lo) < float(e) < float(hi):
            kept.append((e, lo, hi))
    if not kept:
        return
    out = p_from_ci_map(pd.DataFrame(kept, columns=["estimate", "lower", "upper"]), df=df)
    for (e, lo, hi), p_low, p_high in zip(kept, out["p_low"], out["p_high"]):
        r = p_from_ci(e, lo, hi, df=df)
        assert (p_low, p_high) == (r.p_low, r.p_high)
