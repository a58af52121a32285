"""Two-group splits at speed: every pair of group sizes at once, and binomtest's two-sided p for many counts.

May import numpy and scipy only; :mod:`analysis.checks.counts` builds on it (denominators, their
plausibility under an allocation ratio). Both functions give exactly the rows and values of the
scalar loops they replace (tests/checks/test_denominators_pairs.py), one numpy pass instead of one
Python step (or one scipy.stats.binomtest call) per split: at corpus scale those loops dominated
``audit`` (benchmarks/README.md, ``bench_denominators.py``).
"""

from __future__ import annotations

import functools
from typing import Sequence

import numpy as np

__all__ = ["pairs", "binomtest_two_sided"]


def _allocation_mask(n1: np.ndarray, n2: np.ndarray, ratio: tuple[int, ...], imbalance: int) -> np.ndarray:
    """``counts._allocation_ok`` over arrays of two group sizes: each within ``imbalance`` of its share."""
    total, R = n1 + n2, sum(ratio)
    ok = np.ones(len(n1), bool)
    for n_i, r_i in zip((n1, n2), ratio):
        ok &= ((total * r_i) // R - imbalance <= n_i) & (n_i <= -((-total * r_i) // R) + imbalance)
    return ok


def pairs(
    feas: list[np.ndarray],
    n_min: int,
    n_max: int,
    total: int | None,
    ratio: tuple[int, ...] | None,
    imbalance: int | None,
) -> list[tuple[int, ...]]:
    """Two groups: every (n1, n2) of feasible sizes, in increasing order, vectorised (the rows of the
    product/recursion in :func:`analysis.checks.counts.denominators`, in the same order; tests/checks/test_denominators_pairs.py)."""
    a = np.flatnonzero(feas[0]) + n_min
    ok2 = feas[1]
    if total is not None:
        n1, n2 = a, total - a
    elif imbalance is not None:  # n2 within (imbalance + 1) * R / r1 of n1 * r2 / r1 (see counts._allocation_ok)
        assert ratio is not None  # counts.denominators refuses an imbalance without its ratio
        r1, r2 = ratio
        w = (imbalance + 1) * (r1 + r2) // r1 + 2
        offsets = np.arange(-w, w + 1)
        n1 = np.repeat(a, len(offsets))
        n2 = (n1 * r2) // r1 + np.tile(offsets, len(a))
    else:
        b = np.flatnonzero(ok2) + n_min
        n1, n2 = np.repeat(a, len(b)), np.tile(b, len(a))
    inside = (n2 >= n_min) & (n2 <= n_max)
    n1, n2 = n1[inside], n2[inside]
    keep = ok2[n2 - n_min]
    if imbalance is not None and ratio is not None:
        keep &= _allocation_mask(n1, n2, ratio, imbalance)
    n1, n2 = n1[keep], n2[keep]
    order = np.lexsort((n2, n1))
    return list(zip(n1[order].tolist(), n2[order].tolist()))


def _binom_search(pm, d: float, lo: int, hi: int) -> int:
    """scipy's ``_binary_search_for_binom_tst`` on a lookup ``pm`` (same steps, same index)."""
    while lo < hi:
        mid = lo + (hi - lo) // 2
        midval = pm(mid)
        if midval < d:
            lo = mid + 1
        elif midval > d:
            hi = mid - 1
        else:
            return mid
    return lo if pm(lo) <= d else lo - 1


def binomtest_two_sided(ks: Sequence[int], n: int, p: float) -> np.ndarray:
    """See :func:`_binomtest_two_sided`; results are cached per (ks, n, p): a corpus audits the same
    totals and printed percentages again and again."""
    return np.array(_cached_binomtest(tuple(int(k) for k in ks), int(n), float(p)))


@functools.lru_cache(maxsize=4096)
def _cached_binomtest(ks: tuple[int, ...], n: int, p: float) -> tuple[float, ...]:
    return tuple(_binomtest_two_sided(ks, n, p).tolist())


def _binomtest_two_sided(ks: Sequence[int], n: int, p: float) -> np.ndarray:
    """``scipy.stats.binomtest(k, n, p).pvalue`` for many ``k`` at once: scipy's algorithm (the outcomes
    no more likely than ``k``, found by its binary search around the mode) on one precomputed pmf, with
    the same ufuncs, so the values are the same to the last bit (tests/checks/test_denominators_pairs.py).

    Why not scipy itself: one ``binomtest`` call per split dominated ``audit`` at corpus scale (module
    docstring); this shares one pmf over all ``k``.

    References
    ----------
    Fay, M. P. (2010). Two-sided exact tests and matching confidence intervals for discrete data.
    The R Journal, 2(1), 53-58 (the "minlike" two-sided p, as R's
    ``binom.test`` and scipy's ``binomtest``).
    """
    from scipy.stats import binom

    pmf = binom.pmf(np.arange(n + 1), n, p)

    def pm(x: int) -> float:
        return float(pmf[x]) if 0 <= x <= n else float(binom.pmf(x, n, p))

    rerr = 1 + 1e-7
    lo_arg, hi_arg, one = [], [], []
    # on each side of the mode the pmf is strictly monotone (then the binary search ends where
    # searchsorted does); where it is not, scipy's search itself runs on the lookup
    up_lo, down_hi = int(np.ceil(p * n)), int(np.floor(p * n))
    upper, lower = -pmf[up_lo:], pmf[: down_hi + 1]
    fast = bool(np.all(np.diff(upper) > 0) and np.all(np.diff(lower) > 0))
    for k in ks:
        d = float(pmf[k])
        if k == p * n:
            lo_arg.append(0)
            hi_arg.append(0)
            one.append(True)
            continue
        one.append(False)
        if k < p * n:
            ix = (
                up_lo + int(np.searchsorted(upper, -d * rerr, side="right")) - 1
                if fast
                else _binom_search(lambda x: -pm(x), -d * rerr, up_lo, n)
            )
            y = n - ix + int(d * rerr == pm(ix))
            lo_arg.append(k)
            hi_arg.append(n - y)
        else:
            ix = (
                int(np.searchsorted(lower, d * rerr, side="right")) - 1
                if fast
                else _binom_search(pm, d * rerr, 0, down_hi)
            )
            lo_arg.append(ix)
            hi_arg.append(k - 1)  # cdf(y - 1) with y = ix + 1
    pval = binom.cdf(np.array(lo_arg), n, p) + binom.sf(np.array(hi_arg), n, p)
    pval[np.array(one, bool)] = 1.0
    return np.minimum(1.0, pval)
