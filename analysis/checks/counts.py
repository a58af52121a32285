"""Counts and denominators: whole counts behind a percentage, group sizes behind several, totals, k of n.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from typing import Iterable, Sequence

import numpy as np

from ..results import Check, InputError, ResultMixin, check_method
from .rounding import ROUNDING, _count, _first_k, _fmt_scaled, _inclusion, _last_k, _reported, _scaled
from .scale_bounds import MAX_N as _MAX_N
from .splits import binomtest_two_sided, pairs

__all__ = [
    "DenominatorSolution",
    "counts_from_percent",
    "denominators",
    "allocation_plausibility",
    "check_denominators",
    "PLAUSIBLE",
    "check_total",
    "check_count",
]


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
    if n > _MAX_N:  # 10^25 listed ~10^22 counts (an OverflowError traceback)
        raise InputError(f"n ({n!r}) must be at most {_MAX_N:,} (the ledger's limit on a count)")
    check_method(rounding, ROUNDING, "rounding")
    return list(_counts_scaled(*_scaled(rep), n, rounding))


def _counts_scaled(m: int, d: int, n: int, rounding: str) -> range:
    """:func:`counts_from_percent` for the percentage ``m / 10**d``, inputs already checked."""
    D = 10 ** (d + 2)
    incl_lo, incl_hi = _inclusion(m, rounding)
    k0, _ = _first_k(m, D, n, incl_lo, incl_hi)
    k1 = _last_k(m, D, n, incl_hi)
    return range(max(k0, 0), min(k1, n) + 1)


def _feasible_ns(m: int, d: int, n_lo: int, n_hi: int, rounding: str) -> np.ndarray:
    """Boolean array over n in [n_lo, n_hi]: does some k in 0..n print as percent m/10^d?"""
    ns = np.arange(n_lo, n_hi + 1, dtype=np.int64)
    if len(ns) == 0:
        return np.zeros(0, bool)
    D = 10 ** (d + 2)
    incl_lo, incl_hi = _inclusion(m, rounding)
    if abs(2 * m + 1) * n_hi >= 2**62 or 2 * D * (n_hi + 1) >= 2**62:  # pragma: no cover
        return np.array([bool(counts_from_percent(_fmt_scaled(m, d), int(x), rounding)) for x in ns])
    k0, _ = _first_k(m, D, ns, incl_lo, incl_hi)  # some k in [max(k0, 0), min(k1, n)], as _counts_scaled
    return np.maximum(k0, 0) <= np.minimum(_last_k(m, D, ns, incl_hi), ns)


@dataclasses.dataclass(frozen=True, slots=True)
class DenominatorSolution(ResultMixin):
    """One set of group sizes reproducing every printed percentage.

    Attributes
    ----------
    ns : tuple of int
        Group sizes, one per percentage.
    counts : tuple of tuple of int
        For each group, every count k with ``100 k / n`` printing as its percentage.
    plausibility : float or None
        With an allocation ratio: how often simple randomisation under that ratio gives a split
        at least this uneven (two-sided binomial test, :func:`allocation_plausibility`); None
        without one.
    """

    ns: tuple
    counts: tuple
    plausibility: float | None = None

    def __iter__(self):
        return iter(self.ns)


def _parse_allocation(allocation, k: int) -> tuple[int, ...] | None:
    if allocation is None:
        return None
    if not isinstance(allocation, str) or not re.fullmatch(r"\s*\d+(\s*:\s*\d+)+\s*", allocation):
        shown = allocation[:20] + "..." if isinstance(allocation, str) and len(allocation) > 20 else allocation
        raise InputError(f"allocation ({shown!r}) must be a ratio such as '1:1' or '2:1'")
    parts = tuple(int(x) for x in allocation.split(":"))
    if len(parts) != k or min(parts) < 1 or max(parts) > 1000:
        raise InputError(f"allocation ({allocation!r}) must have one part from 1 to 1000 per percentage ({k})")
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


def allocation_plausibility(ns, allocation) -> float:
    """How often simple randomisation under ``allocation`` splits ``sum(ns)`` at least this unevenly.

    Parameters
    ----------
    ns : sequence of int
        Group sizes.
    allocation : str
        The ratio, ``"1:1"``, ``"2:1"``, one part per group.

    Returns
    -------
    float
        Two groups: the two-sided exact binomial p of ``n_1`` under ``Binomial(N, r_1 / (r_1 + r_2))``
        (:func:`scipy.stats.binomtest`, which sums the outcomes no more likely than ``n_1``).
        More groups: the smallest such p over the groups times the number of groups, capped at 1
        (Bonferroni).

    Notes
    -----
    Simple randomisation assigns each participant independently, so an arm's size is binomial;
    blocked or stratified randomisation keeps arms closer to the ratio, so a split that is rare
    under simple randomisation is rarer still under them: the probability is an upper bound for
    those designs.

    References
    ----------
    Schulz, K. F., & Grimes, D. A. (2002). Generation of allocation sequences in randomised trials:
    chance, not choice. Lancet, 359, 515-519. doi:10.1016/S0140-6736(02)07683-3

    Examples
    --------
    >>> round(allocation_plausibility((336, 340), "1:1"), 3)
    0.908
    >>> allocation_plausibility((50, 10), "1:1") < 1e-6
    True
    """
    from scipy.stats import binomtest

    ns = tuple(_count(x, f"ns[{i}]", 0) for i, x in enumerate(ns))
    ratio = _parse_allocation(allocation, len(ns))
    if ratio is None:  # a plausibility needs a ratio (was a TypeError from sum(None))
        raise InputError("allocation (None) must be a ratio such as '1:1' or '2:1'")
    total, R = sum(ns), sum(ratio)
    if total < 1:
        raise InputError(f"ns ({ns!r}) must add up to at least 1")
    ps = [binomtest(n_i, total, r_i / R).pvalue for n_i, r_i in zip(ns, ratio)]
    return float(ps[0]) if len(ns) == 2 else float(min(1.0, len(ns) * min(ps)))


def _plausibilities(solutions: list[tuple[int, ...]], allocation: str) -> list[float]:
    """:func:`allocation_plausibility` of each split, vectorised: per total and group, one binomial pmf
    for all the sizes that group takes (:func:`analysis.checks.splits.binomtest_two_sided`, equal to
    scipy's ``binomtest`` to the last bit), then the same two-group p or Bonferroni minimum."""
    if not solutions:
        return []
    g = len(solutions[0])
    ratio = _parse_allocation(allocation, g)
    assert ratio is not None  # the caller rates only under an allocation
    R = sum(ratio)
    arr = np.asarray(solutions, dtype=np.int64)
    totals = arr.sum(axis=1)
    ps = np.empty(arr.shape, dtype=float)
    for total in np.unique(totals).tolist():
        rows = np.flatnonzero(totals == total)
        for i in range(1 if g == 2 else g):  # two groups: n_1's test is the split's (n_2's is the same)
            sizes, inverse = np.unique(arr[rows, i], return_inverse=True)
            ps[rows, i] = binomtest_two_sided(sizes.tolist(), total, ratio[i] / R)[inverse]
    if g == 2:
        return ps[:, 0].tolist()
    return np.minimum(1.0, g * ps.min(axis=1)).tolist()


def denominators(
    percents, total=None, n_min=1, n_max=None, allocation=None, max_imbalance=None, rounding="up_or_down"
) -> list[DenominatorSolution]:
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
        A randomisation ratio such as ``"1:1"`` or ``"2:1"`` (one part per group): a target, not
        a rule. Each solution then carries its ``plausibility`` under that ratio
        (:func:`allocation_plausibility`).
    max_imbalance : int, optional
        With ``allocation``: keep only splits within this many participants of the exact shares
        (see Notes), for designs whose blocking bounds the imbalance. Default: no bound.
    rounding : {"up_or_down", "up", "down", "even"}

    Returns
    -------
    list of DenominatorSolution
        Rows ``(ns, counts, plausibility)`` in increasing order of ``ns``; ``counts[i]`` lists
        every count that prints as ``percents[i]`` out of ``ns[i]``.

    Notes
    -----
    A group size ``n`` is feasible for a percentage when some integer ``k`` in ``0..n`` has
    ``100 k / n`` in its rounding interval (:func:`counts_from_percent`). Without ``total`` the
    result is every combination of feasible sizes in ``[n_min, n_max]`` (the number of rows
    grows as the product of the feasible sets: keep the range tight).

    Randomised arms scatter around the ratio: 676 randomised 1:1 may well be 336/340. So an
    allocation does not exclude a split; it rates it. ``max_imbalance`` is the exact bound when
    one is wanted: with ratio ``r_1:...:r_g`` and ``T = sum(ns)``, each share is ``T r_i / sum(r)``
    and ``n_i`` must lie in ``[floor(share) - max_imbalance, ceil(share) + max_imbalance]``
    (``max_imbalance=0``: 403 split 1:1 must be 201/202).

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> sols = denominators(["27.1", "17.6"], total=676)
    >>> [s for s in sols if s.ns == (336, 340)]
    [DenominatorSolution(ns=(336, 340), counts=((91,), (60,)), plausibility=None)]
    >>> rated = denominators(["55.4", "41.2"], total=403, allocation="1:1")
    >>> [(s.ns, round(s.plausibility, 3)) for s in rated if s.plausibility >= 0.001]
    [((175, 228), 0.01), ((177, 226), 0.017), ((204, 199), 0.842), ((233, 170), 0.002)]
    >>> denominators(["55.4", "41.2"], total=403, allocation="1:1", max_imbalance=0)
    []
    """
    if isinstance(percents, str) or not isinstance(percents, Iterable):
        raise InputError(f"percents ({percents!r}) must be a sequence of printed percentages")
    reps = [_reported(p, f"percents[{i}]") for i, p in enumerate(percents)]
    if not reps:
        raise InputError("percents ([]) must hold at least one percentage")
    check_method(rounding, ROUNDING, "rounding")
    n_min = _count(n_min, "n_min", 1)
    if max_imbalance is not None:
        max_imbalance = _count(max_imbalance, "max_imbalance", 0)
    g = len(reps)
    if total is not None:
        total = _count(total, "total", 1)
        n_max = total if n_max is None else min(_count(n_max, "n_max", 1), total)
    elif n_max is None:
        raise InputError("n_max (None) must be given when total is None")
    else:
        n_max = _count(n_max, "n_max", 1)
    if n_max < n_min:
        raise InputError(f"n_max ({n_max!r}) must be >= n_min ({n_min!r})")
    ratio = _parse_allocation(allocation, g)
    if max_imbalance is not None and ratio is None:
        raise InputError(f"max_imbalance ({max_imbalance!r}) needs an allocation ratio")
    scaled = [_scaled(r) for r in reps]
    feas = [_feasible_ns(m, d, n_min, n_max, rounding) for m, d in scaled]
    sets = [(np.flatnonzero(f) + n_min).tolist() for f in feas] if g != 2 else []

    def keep(ns) -> bool:
        # a max_imbalance without a ratio was refused above
        return max_imbalance is None or (ratio is not None and _allocation_ok(ns, ratio, max_imbalance))

    solutions: list[tuple[int, ...]] = []
    if g == 2:
        solutions = pairs(feas, n_min, n_max, total, ratio, max_imbalance)
    elif total is None:
        for ns in itertools.product(*sets):
            if keep(ns):
                solutions.append(tuple(ns))
    else:
        lookup = [set(s) for s in sets]

        def rec(i, remaining, acc):
            if i == g - 1:
                if remaining in lookup[i]:
                    ns = tuple(acc + [remaining])
                    if keep(ns):
                        solutions.append(ns)
                return
            for n_i in sets[i]:
                if n_i > remaining - n_min * (g - 1 - i):
                    break
                rec(i + 1, remaining - n_i, acc + [n_i])

        rec(0, total, [])
    plaus = _plausibilities(solutions, allocation) if ratio is not None else [None] * len(solutions)
    memo: dict[tuple[int, int], tuple[int, ...]] = {}

    def counts(i: int, n_i: int) -> tuple[int, ...]:  # parsed once, each (group, size) once
        if (i, n_i) not in memo:
            memo[i, n_i] = tuple(_counts_scaled(*scaled[i], n_i, rounding))
        return memo[i, n_i]

    return [
        DenominatorSolution(ns=ns, counts=tuple(counts(i, n_i) for i, n_i in enumerate(ns)), plausibility=pl)
        for ns, pl in zip(solutions, plaus)
    ]


#: splits of a total are searched up to this total; above it check_denominators is not run
DENOMINATORS_MAX_TOTAL = 100_000


def denominators_without_power(percents, total: int, allocation: str | None = None) -> str | None:
    """Why splits of ``total`` cannot test ``percents`` (or None): the reason a caller says not_testable.

    A group of ``10**(d + 2)`` or more reproduces every percentage printed with ``d`` decimals
    (a step of ``1/n`` is no wider than the rounding interval), so when the allocated (or balanced)
    split gives every group that many, some split surely fits: the check has no power, as GRIM has
    none for ``n >= 10**d``. Totals above :data:`DENOMINATORS_MAX_TOTAL` are not searched.

    Examples
    --------
    >>> denominators_without_power(["26.7", "41.7"], 2000, "1:1")
    'groups of 1,000 or more reproduce any percentage printed with 1 decimal: the check has no power here.'
    >>> denominators_without_power(["26.7", "41.7"], 1999) is None
    True
    """
    decimals = [_reported(p, f"percents[{i}]").decimals for i, p in enumerate(percents)]
    ratio = _parse_allocation(allocation, len(decimals)) or (1,) * len(decimals)
    shares = [total * r // sum(ratio) for r in ratio]
    if all(n >= 10 ** (d + 2) for n, d in zip(shares, decimals)):
        d = max(decimals)
        return (
            f"groups of {10 ** (d + 2):,} or more reproduce any percentage printed with {d} decimal"
            f"{'s' if d != 1 else ''}: the check has no power here."
        )
    if total > DENOMINATORS_MAX_TOTAL:
        return f"a total above {DENOMINATORS_MAX_TOTAL:,} is not searched for splits."
    return None


#: A split of a randomised total is plausible under the stated ratio when simple randomisation gives
#: one at least as uneven with probability >= PLAUSIBLE (two-sided binomial test). 0.001 because
#: "inconsistent" accuses the print: a split that 1 trial in 1,000 produces by chance is not
#: evidence against it, and blocked randomisation, which most trials use, keeps arms closer still.
PLAUSIBLE = 0.001


def _rated(s: DenominatorSolution) -> float:
    """A solution's plausibility, set on every solution found under an allocation."""
    assert s.plausibility is not None
    return s.plausibility


def _split_txt(f, p1: str, p2: str) -> str:
    (n1, n2), (k1, k2) = f.ns, (f.counts[0][0], f.counts[1][0])
    return f"{n1}/{n2} ({k1}/{n1} = {100 * k1 / n1:.2f}%, {k2}/{n2} = {100 * k2 / n2:.2f}%)"


def check_denominators(
    percents: list[str], total: int, allocation: str | None = None, plausible: float = PLAUSIBLE
) -> Check:
    """Two percentages whose group sizes are not printed, against the printed total (and allocation).

    Every split of ``total`` whose whole counts print as both percentages
    (:func:`denominators`) is a candidate. Without an allocation the check
    is consistent when there is one. With an allocation ratio, randomised arms scatter around it,
    so each candidate is rated by how often simple randomisation under that ratio splits the total
    at least as unevenly (:func:`allocation_plausibility`); the check is
    consistent when some candidate has probability >= ``plausible`` (:data:`PLAUSIBLE`, 0.001) and
    says whether the exact allocated split is among them ("an exactly even split cannot give both;
    204/199 can"). It is inconsistent when no candidate is plausible, naming the least uneven
    candidates, or the largest smaller groups (an analysis set) that would reproduce both.

    Examples
    --------
    >>> check_denominators(["27.1", "17.6"], 676).explanation.split(":")[1]
    ' 91/336 = 27.08% and 60/340 = 17.65% (51 splits fit; the most balanced shown).'
    >>> r = check_denominators(["55.4", "41.2"], 403, "1:1")
    >>> r.verdict, r.recomputed
    ('consistent', '113/204, 82/199')
    >>> check_denominators(["14.0", "70.0"], 60, "1:1").verdict
    'inconsistent'
    """
    from .granularity import grim

    p1, p2 = percents
    reported = f"{p1}%, {p2}%"
    no_power = denominators_without_power(percents, total, allocation)
    if no_power:
        design = f"{total} randomised {allocation}" if allocation else f"a total of {total}"
        return Check("denominators", "not_testable", f"{p1}% and {p2}% with {design}: {no_power}", reported=reported)
    fits = denominators(percents, total=total, allocation=allocation)
    if not allocation:
        if fits:
            best = min(fits, key=lambda f: abs(f.ns[0] - f.ns[1]))
            (n1, n2), (k1, k2) = best.ns, (best.counts[0][0], best.counts[1][0])
            more = f" ({len(fits)} splits fit; the most balanced shown)" if len(fits) > 1 else ""
            return Check(
                "denominators",
                "consistent",
                f"{p1}% and {p2}% fit a total of {total}: {k1}/{n1} = {100 * k1 / n1:.2f}% and "
                f"{k2}/{n2} = {100 * k2 / n2:.2f}%{more}.",
                reported=reported,
                recomputed=f"{k1}/{n1}, {k2}/{n2}",
                details={"splits": [f.ns for f in fits]},
            )
        return Check(
            "denominators",
            "inconsistent",
            f"{p1}% and {p2}% cannot both arise from a total of {total}: no split of it gives "
            "whole counts that print as both.",
            reported=reported,
            recomputed="no split fits",
            details={"splits": []},
        )
    ratio = _parse_allocation(allocation, 2)
    assert ratio is not None  # allocation None returned above
    R = sum(ratio)
    exact = sorted({(total * ratio[0]) // R, -((-total * ratio[0]) // R)})
    exact_splits = [(n, total - n) for n in exact]
    even = "an exactly even split" if ratio[0] == ratio[1] else f"the exact {allocation} split"
    exact_txt = " or ".join(f"{a}/{b}" for a, b in exact_splits)
    reasons = list(
        dict.fromkeys(
            grim(p, n, percent=True).explanation.split(";")[0]
            for ns in exact_splits
            for p, n in zip((p1, p2), ns)
            if not counts_from_percent(p, n)
        )
    )
    ranked = sorted(fits, key=lambda f: -_rated(f))
    ok = [f for f in ranked if _rated(f) >= plausible]
    sim = f"simple {allocation} randomisation of {total}"
    details = {"splits": [(f.ns, f.plausibility) for f in ranked], "threshold": plausible, "exact": exact_splits}
    if ok:
        best = ok[0]
        exact_fits = [f for f in ok if _allocation_ok(f.ns, ratio, 0)]
        others = ", ".join(f"{f.ns[0]}/{f.ns[1]} ({f.plausibility:.2g})" for f in ok[1:4])
        more = (
            f"; {len(ok)} plausible splits fit in all (probability >= {plausible:g}), the next: {others}"
            if len(ok) > 1
            else ""
        )
        if exact_fits:
            expl = (
                f"{p1}% and {p2}% fit {total} randomised {allocation} with the allocated split "
                f"{_split_txt(exact_fits[0], p1, p2)}{more}."
            )
            best = exact_fits[0]
        else:
            expl = (
                f"{p1}% and {p2}% fit {total} randomised {allocation}, but {even} ({exact_txt}) cannot "
                f"give both"
                + (f" ({'; '.join(reasons)})" if reasons else "")
                + f"; {_split_txt(best, p1, p2)} can, and {sim} gives a split at least this uneven "
                f"with probability {best.plausibility:.2g}{more}."
            )
            if _rated(best) < 0.05:
                expl += (
                    " Only splits that chance produces less than once in 20 fit: unusually unequal "
                    "arms, or percentages of other denominators (an analysis set)."
                )
        return Check(
            "denominators",
            "consistent",
            expl,
            reported=reported,
            recomputed=f"{best.counts[0][0]}/{best.ns[0]}, {best.counts[1][0]}/{best.ns[1]}",
            margin=_rated(best) - plausible,
            details=details,
        )
    if ranked:
        best = ranked[0]
        why = (
            f"only splits as uneven as {_split_txt(best, p1, p2)} give both, and {sim} gives one at "
            f"least this uneven with probability {best.plausibility:.2g} (below {plausible:g})"
        )
        margin = _rated(best) - plausible
    else:
        why = f"no split of {total} gives whole counts that print as both"
        margin = -plausible
    # the largest groups (an analysis set smaller than those randomised) near the allocation
    alt = denominators(
        percents, n_min=max(1, total // 4), n_max=total, allocation=allocation, max_imbalance=math.ceil(0.05 * total)
    )
    alt = sorted(
        (a for a in alt if sum(a.ns) <= total and _rated(a) >= plausible),
        key=lambda a: (-sum(a.ns), -_rated(a)),
    )[:3]
    alt_txt = (
        (
            "; the largest plausible groups that reproduce both are "
            + ", ".join(_split_txt(a, p1, p2) for a in alt)
            + ": the percentages may have other denominators (an analysis set smaller than those "
            "randomised)"
        )
        if alt
        else ""
    )
    details["alternatives"] = [a.ns for a in alt]
    return Check(
        "denominators",
        "inconsistent",
        f"{p1}% and {p2}% cannot both arise from {total} randomised {allocation}: {even} "
        f"({exact_txt}) cannot give both, and {why}{alt_txt}.",
        reported=reported,
        recomputed="no plausible split",
        margin=margin,
        details=details,
    )


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
        raise InputError(f"parts ({parts!r}) must be a sequence of counts")
    parts = list(parts)
    if not parts:
        raise InputError("parts ([]) must hold at least one count")
    vals = [_count(x, f"parts[{i}]", 0) for i, x in enumerate(parts)]
    s = sum(vals)
    expr = " + ".join(str(v) for v in vals)
    details = {"total": t, "sum": s, "parts": vals, "difference": s - t}
    if s == t:
        return Check(
            "total",
            "consistent",
            f"{expr} = {s}, the printed total",
            reported=str(t),
            recomputed=str(s),
            margin=0.0,
            details=details,
        )
    diff = f"{abs(s - t)} {'more' if s > t else 'fewer'}"
    return Check(
        "total",
        "inconsistent",
        f"{expr} = {s}, not the printed total {t} ({diff})",
        reported=str(t),
        recomputed=str(s),
        margin=-float(abs(s - t)),
        details=details,
    )


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
        return Check(
            "count",
            "consistent",
            f"{kk} of {nn} is possible ({100 * kk / nn:.1f}%)" if nn else f"{kk} of {nn} is possible",
            reported=f"{kk}/{nn}",
            margin=float(nn - kk),
            details=details,
        )
    return Check(
        "count",
        "inconsistent",
        f"{kk} of {nn} is impossible: the count exceeds its denominator",
        reported=f"{kk}/{nn}",
        margin=-float(kk - nn),
        details=details,
    )
