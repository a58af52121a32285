"""p_range_over_df gives p_from_ci's p_low and p_high for a whole grid of t df at once, bit for bit;
p_range_meets gives the same booleans as comparing its arrays, at every threshold (the knife edges included);
and common_assumption (which uses p_range_meets) gives the verdicts of its former loop over p_from_ci, one df
at a time."""
from __future__ import annotations

import math

import numpy as np
import pytest
from ci_pairs import random_ci_pairs as _pairs

from analysis.checks.pvalues import _EPS, DF_GRID, _reported, common_assumption
from analysis.stats.inference import p_from_ci, p_range_meets, p_range_over_df


@pytest.mark.parametrize("seed", [1, 2])
def test_equals_p_from_ci_bit_for_bit(seed):
    dfs = [1, 2, 3, 7, 30, 199, 1000]
    for pair in _pairs(60, seed):
        lo, hi = p_range_over_df(pair["estimate"], pair["lower"], pair["upper"], dfs,
                                 pair["confidence_level"], pair["scale"])
        for i, d in enumerate(dfs):
            r = p_from_ci(pair["estimate"], pair["lower"], pair["upper"], pair["confidence_level"], d, pair["scale"])
            assert (lo[i], hi[i]) == (r.p_low, r.p_high), (pair, d)


def _reference_fits(pair):
    """common_assumption's former loop: p_from_ci for the normal and then each df of the grid."""
    prep = _reported(pair["p"], "p", exact=False)
    p_lo, p_hi = max(prep.low, 0.0), min(prep.high, 1.0)
    fits = []
    for dd in [None] + list(DF_GRID):
        r = p_from_ci(pair["estimate"], pair["lower"], pair["upper"], pair["confidence_level"], dd, pair["scale"])
        if r.p_low <= p_hi + _EPS and r.p_high >= p_lo - _EPS:
            fits.append(math.inf if dd is None else float(dd))
    return fits


def test_common_assumption_finds_what_the_loop_found():
    pairs = _pairs(24, seed=3)
    got = common_assumption(pairs).details["reproducing"]
    assert list(got.values()) == [_reference_fits(p) for p in pairs]
    assert any(0 < len(f) < len(DF_GRID) + 1 for f in got.values())  # the grid splits somewhere


@pytest.mark.parametrize("seed", [4, 5])
def test_p_range_meets_decides_as_the_arrays_do_even_on_the_knife_edge(seed):
    """Only the corners of smallest and largest |z| are evaluated unless a P lies within 1e-9 (relative) of a
    threshold; thresholds set to the very P values of the grid, one float either side, must give the booleans
    that p_range_over_df's arrays give (the edges are decided from every corner)."""
    rng = np.random.default_rng(seed)
    grid = list(DF_GRID)
    edges = 0
    for pair in _pairs(40, seed):
        args = (pair["estimate"], pair["lower"], pair["upper"])
        lo, hi = p_range_over_df(*args, grid, pair["confidence_level"], pair["scale"])
        k = int(rng.integers(len(grid)))
        prep = _reported(pair["p"], "p", exact=False)
        for low, high in [(prep.low - _EPS, prep.high + _EPS), (hi[k], lo[k]), (hi[k], np.nextafter(lo[k], -1.0)),
                          (np.nextafter(hi[k], 2.0), lo[k]), (0.0, lo[k] * (1 + 1e-12)), (hi[k] * (1 - 1e-12), 1.0)]:
            want = (lo <= high) & (hi >= low)
            got = p_range_meets(*args, grid, low, high, pair["confidence_level"], pair["scale"])
            assert got.tolist() == want.tolist(), (pair, low, high)
            edges += int(want[k]) != int((lo[k] <= np.nextafter(high, -1.0)) & (hi[k] >= np.nextafter(low, 2.0)))
    assert edges > 0  # some thresholds sat exactly on a P of the grid, where one float decides


def test_a_p_within_the_margin_of_its_threshold_is_decided_from_every_corner(monkeypatch):
    """The knife edge's fallback is taken, not merely harmless: a threshold one float below a df's smallest P
    sends that df to the evaluation of every corner of the rounding box (with _MARGIN = 0 it would be decided from
    the two extreme corners, and a rounding error of stdtr at another corner could go unseen)."""
    from analysis.stats import inference

    calls = []
    real = inference._corner_ps

    def spy(box, q, dfv):
        calls.append(math.prod(len(side) for side in box))
        return real(box, q, dfv)

    monkeypatch.setattr(inference, "_corner_ps", spy)
    grid = list(DF_GRID)
    args = ("1.35", "0.41", "2.30")  # a difference and its 95% CI printed to two decimals: 8 corners
    lo, hi = p_range_over_df(*args, grid)
    k = 17
    high = np.nextafter(lo[k], -1.0)
    calls.clear()
    got = p_range_meets(*args, grid, 0.0, high)
    assert got.tolist() == ((lo <= high) & (hi >= 0.0)).tolist()
    assert calls[:2] == [1, 1] and calls[2:] == [8], calls  # the two extreme corners, then every corner once
    monkeypatch.setattr(inference, "_MARGIN", 0.0)
    calls.clear()
    p_range_meets(*args, grid, 0.0, high)
    assert calls == [1, 1]


def test_bad_input_is_refused_as_by_p_from_ci():
    with pytest.raises(ValueError, match="must lie within lower"):
        p_range_over_df("5", "1", "2", [10])
    with pytest.raises(ValueError, match=r"df \(0\) must be a positive number"):
        p_range_over_df("1.5", "1", "2", [0])


def test_the_cached_grid_serves_whole_number_grids_only():
    # the t quantiles of a whole-number grid are computed once (common_assumption tries every pair over one grid);
    # True hashes as 1, so a grid of booleans must not be served the grid [1]'s quantiles: it is refused, as before
    first = p_range_over_df("1.5", "1", "2", [1])
    assert all((a == b).all() for a, b in zip(first, p_range_over_df("1.5", "1", "2", [1])))
    assert all((a == b).all() for a, b in zip(first, p_range_over_df("1.5", "1", "2", ["1"])))
    with pytest.raises(ValueError, match=r"df \(True\) must be a positive number"):
        p_range_over_df("1.5", "1", "2", [True])
