"""Counts and denominators: whole counts behind a percentage, group sizes behind several, totals, k of n.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Iterable, Sequence

import numpy as np

from ..results import Check, ResultMixin, check_method
from .rounding import ROUNDING, _count, _first_k, _fmt_scaled, _inclusion, _last_k, _reported, _scaled

__all__ = ["DenominatorSolution", "counts_from_percent", "denominators", "check_total", "check_count"]


# =========================================================================== percentages

def counts_from_percent(percent, n, rounding="up_or_down") -> list[int]:
    """Every count k in 0..n whose percentage 100 k / n prints as ``percent``.

    Parameters
    ----------
    percent : str
        As printed (``"26.7"`` or ``"26.7%"``).
    n : int
        The denominator, at least 1.
    rounding : {"up_or_down", "up", "down", "even"}

    Returns
    -------
    list of int
        Empty when the percentage is impossible for this n (GRIM for percentages).

    Notes
    -----
    ``k`` qualifies when ``100 k / n`` lies in the rounding interval of the printed
    percentage; the comparison is in exact integer arithmetic.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> counts_from_percent("26.7", 30)
    [8]
    >>> counts_from_percent("41.2%", 202)
    []
    """
    rep = _reported(percent, "percent")
    n = _count(n, "n", 1)
    check_method(rounding, ROUNDING, "rounding")
    m, d = _scaled(rep)
    D = 10 ** (d + 2)
    incl_lo, incl_hi = _inclusion(m, rounding)
    k0, _ = _first_k(m, D, n, incl_lo, incl_hi)
    k1 = _last_k(m, D, n, incl_hi)
    return list(range(max(k0, 0), min(k1, n) + 1))


def _feasible_ns(m: int, d: int, n_lo: int, n_hi: int, rounding: str) -> np.ndarray:
    """Boolean array over n in [n_lo, n_hi]: does some k in 0..n print as percent m/10^d?"""
    ns = np.arange(n_lo, n_hi + 1, dtype=np.int64)
    if len(ns) == 0:
        return np.zeros(0, bool)
    D = 10 ** (d + 2)
    incl_lo, incl_hi = _inclusion(m, rounding)
    if abs(2 * m + 1) * n_hi >= 2 ** 62 or 2 * D * (n_hi + 1) >= 2 ** 62:  # pragma: no cover
        return np.array([bool(counts_from_percent(_fmt_scaled(m, d), int(x), rounding)) for x in ns])
    A, B = (2 * m - 1) * ns, 2 * D
    k0 = -((-A) // B) if incl_lo else A // B + 1
    k0 = np.maximum(k0, 0)
    lhs, rhs = B * k0, (2 * m + 1) * ns
    ok = lhs <= rhs if incl_hi else lhs < rhs
    return ok & (k0 <= ns)


@dataclasses.dataclass(frozen=True, slots=True)
class DenominatorSolution(ResultMixin):
    """One set of group sizes reproducing every printed percentage.

    Attributes
    ----------
    ns : tuple of int
        Group sizes, one per percentage.
    counts : tuple of tuple of int
        For each group, every count k with ``100 k / n`` printing as its percentage.
    """

    ns: tuple
    counts: tuple

    def __iter__(self):
        return iter(self.ns)


def _parse_allocation(allocation, k: int) -> tuple[int, ...] | None:
    if allocation is None:
        return None
    if not isinstance(allocation, str) or not re.fullmatch(r"\s*\d+(\s*:\s*\d+)+\s*", allocation):
        raise ValueError(f"allocation ({allocation!r}) must be a ratio such as '1:1' or '2:1'")
    parts = tuple(int(x) for x in allocation.split(":"))
    if len(parts) != k or min(parts) < 1:
        raise ValueError(f"allocation ({allocation!r}) must have one positive part per percentage ({k})")
    return parts


def _allocation_ok(ns: Sequence[int], ratio: tuple[int, ...], imbalance: int) -> bool:
    """Each n_i within [floor(share_i) - imbalance, ceil(share_i) + imbalance],
    share_i = total * r_i / sum(r)."""
    total, R = sum(ns), sum(ratio)
    for n_i, r_i in zip(ns, ratio):
        lo = (total * r_i) // R - imbalance
        hi = -((-total * r_i) // R) + imbalance
        if not lo <= n_i <= hi:
            return False
    return True


def denominators(percents, total=None, n_min=1, n_max=None, allocation=None, max_imbalance=0,
                 rounding="up_or_down") -> list[DenominatorSolution]:
    """Group sizes that reproduce ALL printed percentages, one group per percentage.

    Parameters
    ----------
    percents : sequence of str
        The percentages as printed (``["27.1", "17.6"]``), one per group.
    total : int, optional
        When given, the group sizes must add up to it.
    n_min, n_max : int
        Range of each group size; ``n_max`` defaults to ``total`` and is required without it.
    allocation : str, optional
        A randomisation ratio such as ``"1:1"`` or ``"2:1"`` (one part per group).
    max_imbalance : int, default 0
        Randomisation imbalance accepted beyond rounding (see Notes).
    rounding : {"up_or_down", "up", "down", "even"}

    Returns
    -------
    list of DenominatorSolution
        Rows ``(ns, counts)`` in increasing order of ``ns``; ``counts[i]`` lists every count
        that prints as ``percents[i]`` out of ``ns[i]``.

    Notes
    -----
    A group size ``n`` is feasible for a percentage when some integer ``k`` in ``0..n`` has
    ``100 k / n`` in its rounding interval (:func:`counts_from_percent`). Without ``total`` the
    result is every combination of feasible sizes in ``[n_min, n_max]`` (the number of rows
    grows as the product of the feasible sets: keep the range tight).

    The allocation rule, exactly: with ratio ``r_1:...:r_g`` and ``T = sum(ns)``, each group's
    share is ``T r_i / sum(r)``, and ``n_i`` must lie in
    ``[floor(share) - max_imbalance, ceil(share) + max_imbalance]``. With the default
    ``max_imbalance=0`` a 1:1 trial of 403 must be split 201/202 (``|n1 - n2| <= 1``);
    block randomisation can leave a few more in one arm, which ``max_imbalance`` allows.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> sols = denominators(["27.1", "17.6"], total=676)
    >>> [s for s in sols if s.ns == (336, 340)]
    [DenominatorSolution(ns=(336, 340), counts=((91,), (60,)))]
    >>> denominators(["55.4", "41.2"], total=403, allocation="1:1")
    []
    """
    if isinstance(percents, str) or not isinstance(percents, Iterable):
        raise ValueError(f"percents ({percents!r}) must be a sequence of printed percentages")
    reps = [_reported(p, f"percents[{i}]") for i, p in enumerate(percents)]
    if not reps:
        raise ValueError("percents ([]) must hold at least one percentage")
    check_method(rounding, ROUNDING, "rounding")
    n_min = _count(n_min, "n_min", 1)
    max_imbalance = _count(max_imbalance, "max_imbalance", 0)
    g = len(reps)
    if total is not None:
        total = _count(total, "total", 1)
        n_max = total if n_max is None else min(_count(n_max, "n_max", 1), total)
    elif n_max is None:
        raise ValueError("n_max (None) must be given when total is None")
    else:
        n_max = _count(n_max, "n_max", 1)
    if n_max < n_min:
        raise ValueError(f"n_max ({n_max!r}) must be >= n_min ({n_min!r})")
    ratio = _parse_allocation(allocation, g)
    scaled = [_scaled(r) for r in reps]
    feas = [_feasible_ns(m, d, n_min, n_max, rounding) for m, d in scaled]
    sets = [(np.flatnonzero(f) + n_min).tolist() for f in feas]

    solutions: list[tuple[int, ...]] = []
    if total is None:
        for ns in itertools.product(*sets):
            if ratio is None or _allocation_ok(ns, ratio, max_imbalance):
                solutions.append(tuple(ns))
    else:
        lookup = [set(s) for s in sets]

        def rec(i, remaining, acc):
            if i == g - 1:
                if remaining in lookup[i]:
                    ns = tuple(acc + [remaining])
                    if ratio is None or _allocation_ok(ns, ratio, max_imbalance):
                        solutions.append(ns)
                return
            for n_i in sets[i]:
                if n_i > remaining - n_min * (g - 1 - i):
                    break
                rec(i + 1, remaining - n_i, acc + [n_i])

        rec(0, total, [])
    out = []
    for ns in solutions:
        counts = tuple(tuple(counts_from_percent(r.text, n_i, rounding)) for r, n_i in zip(reps, ns))
        out.append(DenominatorSolution(ns=ns, counts=counts))
    return out


# =========================================================================== counts and direction

def check_total(total, parts) -> Check:
    """Do printed counts add up to the printed total?

    Parameters
    ----------
    total : str or int
        A count as printed (``"403"``, ``"1,877"``).
    parts : sequence of str or int
        The counts that should add up to it.

    Returns
    -------
    Check

    Notes
    -----
    Counts are exact integers, so the sum must equal the total exactly.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> check_total("403", ["202", "201"]).verdict
    'consistent'
    >>> print(check_total("403", ["195", "170"]).explanation)
    195 + 170 = 365, not the printed total 403 (38 fewer)
    """
    t = _count(total, "total", 0)
    if isinstance(parts, str) or not isinstance(parts, Iterable):
        raise ValueError(f"parts ({parts!r}) must be a sequence of counts")
    parts = list(parts)
    if not parts:
        raise ValueError("parts ([]) must hold at least one count")
    vals = [_count(x, f"parts[{i}]", 0) for i, x in enumerate(parts)]
    s = sum(vals)
    expr = " + ".join(str(v) for v in vals)
    details = {"total": t, "sum": s, "parts": vals, "difference": s - t}
    if s == t:
        return Check("total", "consistent", f"{expr} = {s}, the printed total", reported=str(t),
                     recomputed=str(s), margin=0.0, details=details)
    diff = f"{abs(s - t)} {'more' if s > t else 'fewer'}"
    return Check("total", "inconsistent", f"{expr} = {s}, not the printed total {t} ({diff})",
                 reported=str(t), recomputed=str(s), margin=-float(abs(s - t)), details=details)


def check_count(k, n) -> Check:
    """Is a printed count possible out of a printed denominator (an integer in 0..n)?

    Parameters
    ----------
    k, n : str or int
        Counts as printed.

    Returns
    -------
    Check

    Examples
    --------
    >>> check_count("12", "30").verdict, check_count("31", "30").verdict
    ('consistent', 'inconsistent')
    """
    kk = _count(k, "k", 0)
    nn = _count(n, "n", 0)
    details = {"k": kk, "n": nn}
    if kk <= nn:
        return Check("count", "consistent", f"{kk} of {nn} is possible ({100 * kk / nn:.1f}%)" if nn else
                     f"{kk} of {nn} is possible", reported=f"{kk}/{nn}", margin=float(nn - kk), details=details)
    return Check("count", "inconsistent", f"{kk} of {nn} is impossible: the count exceeds its denominator",
                 reported=f"{kk}/{nn}", margin=-float(kk - nn), details=details)
