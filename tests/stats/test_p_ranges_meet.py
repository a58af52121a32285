"""``p_ranges_meet``: the t ranges of many P-CI pairs over one df grid in one call (issue 22, session 11), equal to
``p_range_meets`` pair by pair, element for element (knife edges and NaN corners included); and
``common_assumption``, which calls it, the same Check as its former pair-by-pair loop (kept below verbatim)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from ci_pairs import random_ci_pairs as _pairs
from hypothesis import given, strategies as st

from analysis.checks import pvalues
from analysis.checks.pvalues import _EPS, DF_GRID, _reported, common_assumption
from analysis.results import Check, InputError, check_confidence_level
from analysis.stats.inference import p_from_ci, p_range_meets, p_range_over_df, p_ranges_meet


def _case(pair, low, high):
    return (pair["estimate"], pair["lower"], pair["upper"], low, high, pair["confidence_level"], pair["scale"])


def _one_by_one(cases, grid):
    return [p_range_meets(e, lo, hi, grid, a, b, cl, sc) for e, lo, hi, a, b, cl, sc in cases]


@pytest.mark.parametrize("seed", [6, 7])
def test_equals_p_range_meets_case_by_case_even_on_the_knife_edge(seed):
    rng = np.random.default_rng(seed)
    grid = list(DF_GRID)
    cases = []
    for pair in _pairs(40, seed):
        lo, hi = p_range_over_df(pair["estimate"], pair["lower"], pair["upper"], grid, pair["confidence_level"],
                                 pair["scale"])
        k = int(rng.integers(len(grid)))
        prep = _reported(pair["p"], "p", exact=False)
        for low, high in [(prep.low - _EPS, prep.high + _EPS), (hi[k], lo[k]), (hi[k], np.nextafter(lo[k], -1.0)),
                          (np.nextafter(hi[k], 2.0), lo[k]), (0.0, lo[k] * (1 + 1e-12)), (hi[k] * (1 - 1e-12), 1.0)]:
            cases.append(_case(pair, float(low), float(high)))
    got, want = p_ranges_meet(cases, grid), _one_by_one(cases, grid)
    assert [g.tolist() for g in got] == [w.tolist() for w in want]
    assert any(0 < w.sum() < len(grid) for w in want)


def test_the_knife_edge_falls_back_to_the_pair_alone(monkeypatch):
    """A threshold one float below a df's smallest P sends that case to p_range_meets (every corner for that df)."""
    from analysis.stats import inference

    grid = list(DF_GRID)
    args = ("1.35", "0.41", "2.30")
    lo, hi = p_range_over_df(*args, grid)
    high = float(np.nextafter(lo[17], -1.0))
    calls = []
    real = inference.p_range_meets
    monkeypatch.setattr(inference, "p_range_meets", lambda *a: calls.append(a) or real(*a))
    got = p_ranges_meet([(*args, 0.0, high, 0.95, "linear"), (*args, 0.0, 0.5, 0.95, "linear")], grid)
    assert got[0].tolist() == ((lo <= high) & (hi >= 0.0)).tolist()
    assert got[1].tolist() == ((lo <= 0.5) & (hi >= 0.0)).tolist()
    assert len(calls) == 1 and calls[0][5] == high  # the edge case alone


_PRINTS = st.sampled_from(["0", "0.0", "-0.0", "1.35", "0.41", "2.30", "-1.2", "-0.3", "0.05", "12", "0.999", "1",
                           "1.00", "0.01", "3.5", "-3.5", "100", "0.5"])


@given(st.lists(st.tuples(_PRINTS, _PRINTS, _PRINTS, st.floats(0, 1), st.floats(0, 1), st.sampled_from([0.95, 0.9]),
                          st.sampled_from(["linear", "log"])), min_size=1, max_size=6),
       st.sampled_from([list(DF_GRID), [1, 2, 3], [5, 5, 1000], [30]]))
def test_random_cases_as_one_by_one(cases, grid):
    """Estimates at 0, bounds at 0 (an infinite log), equal bounds: each case, if p_range_meets takes it, gives what
    p_range_meets gives; one it refuses is refused the same way."""
    ok = []
    for c in cases:
        try:
            p_range_meets(c[0], c[1], c[2], grid, c[3], c[4], c[5], c[6])
        except InputError:
            continue
        ok.append(c)
    assert [g.tolist() for g in p_ranges_meet(ok, grid)] == [w.tolist() for w in _one_by_one(ok, grid)]


def _common_assumption_before(pairs, names=None, df_grid=DF_GRID) -> Check:
    """common_assumption's loop before session 11: p_range_meets pair by pair (the rest of the function is shared)."""
    pairs = list(pairs)
    if len(pairs) < 2:
        raise InputError(f"pairs ({len(pairs)}) must hold at least two P-CI pairs")
    t_df = [int(d) for d in df_grid]
    reproducing = []
    for i, pair in enumerate(pairs):
        try:
            est, lo, hi, p = (pair[k] for k in ("estimate", "lower", "upper", "p"))
        except (KeyError, TypeError):
            raise InputError(f"pairs[{i}] ({pair!r}) must have estimate, lower, upper and p") from None
        cl = check_confidence_level(pair.get("confidence_level", 0.95))
        scale = pair.get("scale", "linear")
        prep = _reported(p, f"pairs[{i}] p", exact=False)
        p_lo, p_hi = max(prep.low, 0.0), min(prep.high, 1.0)
        r = p_from_ci(est, lo, hi, cl, None, scale)
        fits = [math.inf] if r.p_low <= p_hi + _EPS and r.p_high >= p_lo - _EPS else []
        if t_df:
            ok = p_range_meets(est, lo, hi, t_df, p_lo - _EPS, p_hi + _EPS, cl, scale)
            fits += [float(t_df[j]) for j in np.flatnonzero(ok)]
        reproducing.append(fits)
    return reproducing


def _outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the same error, same words
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("seed", [8, 9])
def test_common_assumption_reproduces_as_the_pair_by_pair_loop(seed):
    rng = np.random.default_rng(seed)
    all_pairs = _pairs(60, seed)
    for _ in range(12):
        pairs = [all_pairs[i] for i in rng.choice(len(all_pairs), size=int(rng.integers(2, 9)), replace=False)]
        for grid in (DF_GRID, [3, 1, 2, 2], []):
            chk = common_assumption(pairs, df_grid=grid)
            assert list(chk.details["reproducing"].values()) == _common_assumption_before(pairs, df_grid=grid)


@pytest.mark.parametrize("bad", [
    [{"estimate": "1", "lower": "0.5", "upper": "1.5", "p": "0.04"}, {"estimate": "1"}],
    [{"estimate": "1", "lower": "2", "upper": "1.5", "p": "0.04"}, {"estimate": "1", "lower": "0.5", "upper": "1.5", "p": "x"}],
    [{"estimate": "1", "lower": "0.5", "upper": "1.5", "p": "0.04"}, {"estimate": "1", "lower": "0.5", "upper": "1.5", "p": "x"}],
])
@pytest.mark.parametrize("grid", [DF_GRID, [0, 1], [10**400], ["x"]])
def test_errors_are_raised_where_they_were(bad, grid):
    """The first pair's bad df grid, then a later pair's bad input: the same error first, in the same words."""
    assert _outcome(lambda: common_assumption(bad, df_grid=grid).details["reproducing"]) is not None
    got = _outcome(lambda: list(common_assumption(bad, df_grid=grid).details["reproducing"].values()))
    want = _outcome(lambda: _common_assumption_before(bad, df_grid=grid))
    assert got == want


def test_the_scan_calls_it_once_per_study(monkeypatch):
    calls = []
    real = pvalues.p_ranges_meet
    monkeypatch.setattr(pvalues, "p_ranges_meet", lambda cases, grid: calls.append(len(cases)) or real(cases, grid))
    pairs = _pairs(5, 11)
    common_assumption(pairs)
    assert calls == [4]  # the first pair alone (where the grid's errors were raised), the other four at once
