"""Reconstruct integer samples from a printed mean, SD, n and scale bounds.

Given what a paper printed about a bounded integer variable (a rating scale, a
questionnaire total), which samples could have produced it? Two searches:

``"exhaustive"``
    Every distinct sample (multiset) for narrow scales (1-5, 1-7, 0-10). The
    search enumerates the feasible integer sums (GRIM), for each sum the feasible
    sums of squares (GRIMMER), and then counts the count vectors over the scale
    points that have that sum and sum of squares by a memoised recursion with
    exact pruning bounds. ``complete=True`` means the count is exact, and a count
    of 0 proves the printed summary impossible.
``"random"``
    A SPRITE search (Heathers et al. 2018) for wide scales (a 0-60 total score):
    start from samples with the right sum and move pairs of values apart or
    together until the SD prints as given; keep up to ``k`` distinct samples.
    It can show that a summary is possible; it cannot prove it impossible.

All comparisons with printed numbers are exact: a printed value ``"30.6"`` with
``rounding="up_or_down"`` stands for the closed interval [30.55, 30.65], and a sum
``S`` reproduces it when ``S / n`` lies in it, tested in integer arithmetic (no
floating-point edge cases).

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. Social Psychological and
Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876

Anaya, J. (2016). The GRIMMER test. PeerJ Preprints 4:e2400v1.
doi:10.7287/peerj.preprints.2400v1

Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). Recovering data
from summary statistics: Sample Parameter Reconstruction via Iterative TEchniques (SPRITE).
PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

Bhatia, R., & Davis, C. (2000). A better bound on the variance. The American Mathematical
Monthly, 107(4), 353-357. doi:10.1080/00029890.2000.12005203
"""
from __future__ import annotations

import dataclasses
import math
import time
from typing import Any, Iterator, Mapping

import numpy as np

from .reported import parse_reported
from .results import Check, ConfidenceInterval, ResultMixin, check_method

__all__ = [
    "Reconstruction", "reconstruct", "SDBounds", "sd_bounds", "check_sd_possible",
    "check_mean_sd_with_count", "METHODS", "ROUNDING",
]

#: Valid values of ``method``.
METHODS = ("exhaustive", "random")
#: Valid values of ``rounding``: which ends of the rounding interval a value may sit on.
ROUNDING = ("up_or_down", "up", "down")

_DEFAULT_MAX_ITER = {"exhaustive": 5_000_000, "random": 200_000}


class _Budget(Exception):
    """Raised inside the exhaustive search when the node or time budget is spent."""


# --------------------------------------------------------------------------------------
# Printed numbers as exact rational intervals
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Printed:
    """A printed number as the exact interval ``[(2V-1)/D, (2V+1)/D]``, ``D = 2*10**k``."""

    text: str
    v: int          # the printed digits as an integer: "30.6" -> 306
    k: int          # decimals
    lo_incl: bool
    hi_incl: bool

    @property
    def d(self) -> int:
        return 2 * 10 ** self.k

    @property
    def low(self) -> float:
        return (2 * self.v - 1) / self.d

    @property
    def high(self) -> float:
        return (2 * self.v + 1) / self.d

    def contains_ratio(self, num: int, den: int) -> bool:
        """Whether ``num / den`` (``den > 0``) lies in the interval, exactly."""
        x = num * self.d
        lo, hi = den * (2 * self.v - 1), den * (2 * self.v + 1)
        ok_lo = x >= lo if self.lo_incl else x > lo
        ok_hi = x <= hi if self.hi_incl else x < hi
        return ok_lo and ok_hi

    def contains_sqrt_ratio(self, num: int, den: int) -> bool:
        """Whether ``sqrt(num / den)`` (``num >= 0``, ``den > 0``) lies in the interval."""
        a, b = 2 * self.v - 1, 2 * self.v + 1
        if b < 0:
            return False
        x2 = num * self.d ** 2
        if a < 0:
            ok_lo = True
        elif a == 0:
            ok_lo = True if self.lo_incl else num > 0
        else:
            ok_lo = x2 >= den * a * a if self.lo_incl else x2 > den * a * a
        ok_hi = x2 <= den * b * b if self.hi_incl else x2 < den * b * b
        return ok_lo and ok_hi


def _printed(name: str, text: Any, rounding: str) -> _Printed:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string as printed (precision matters), "
                        f"got {type(text).__name__} {text!r}")
    r = parse_reported(text)
    if r.comparator != "=" or r.percent or r.is_p:
        raise ValueError(f"{name} ({text!r}) must be a plain printed number, not a bound, "
                         "percentage or p-value")
    v = int(round(r.value * 10 ** r.decimals))
    return _Printed(text=text, v=v, k=r.decimals, lo_incl=rounding in ("up_or_down", "up"),
                    hi_incl=rounding in ("up_or_down", "down"))


def _int_arg(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, str)):
        raise TypeError(f"{name} ({value!r}) must be an integer")
    if isinstance(value, str):
        r = parse_reported(value)
        if r.decimals or r.comparator != "=" or r.percent:
            raise ValueError(f"{name} ({value!r}) must be a printed integer")
        return int(r.value)
    return int(value)


def _validate_scale(n: Any, low: Any, high: Any, *, n_min: int = 1) -> tuple[int, int, int]:
    n, low, high = _int_arg("n", n), _int_arg("low", low), _int_arg("high", high)
    if n < n_min:
        raise ValueError(f"n ({n!r}) must be >= {n_min}")
    if low >= high:
        raise ValueError(f"low ({low!r}) must be < high ({high!r})")
    return n, low, high


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


def _feasible_sums(mean: _Printed, n: int, low: int, high: int) -> list[int]:
    """Integer sums S in [n*low, n*high] with S/n inside the printed mean's interval (GRIM)."""
    d = mean.d
    s_lo = max(_ceil_div(n * (2 * mean.v - 1), d), n * low)
    s_hi = min((n * (2 * mean.v + 1)) // d, n * high)
    return [s for s in range(s_lo, s_hi + 1) if mean.contains_ratio(s, n)]


def _q_window(sd: _Printed, n: int, s: int) -> tuple[int, int]:
    """Integer sums of squares Q whose SD (ddof=1) with sum S lies in the printed SD's interval.

    Returns the (inclusive) range of candidates; callers filter by parity and exactness.
    """
    d2 = sd.d ** 2
    a = max(2 * sd.v - 1, 0)
    b = 2 * sd.v + 1
    num_lo = s * s * d2 + n * (n - 1) * a * a
    num_hi = s * s * d2 + n * (n - 1) * b * b
    return _ceil_div(num_lo, n * d2), num_hi // (n * d2)


def _targets(mean: _Printed, sd: _Printed, n: int, low: int, high: int) -> list[tuple[int, int]]:
    """Every (sum, sum of squares) pair that reproduces the printed mean and SD (GRIMMER)."""
    out = []
    for s in _feasible_sums(mean, n, low, high):
        q_lo, q_hi = _q_window(sd, n, s)
        q_lo = max(q_lo, _min_q(n, s, low, high))
        q_hi = min(q_hi, _max_q(n, s, low, high))
        if q_lo % 2 != s % 2:  # x**2 = x (mod 2), so Q = S (mod 2)
            q_lo += 1
        for q in range(q_lo, q_hi + 1, 2):
            if sd.contains_sqrt_ratio(n * q - s * s, n * (n - 1)):
                out.append((s, q))
    return out


def _min_q(n: int, s: int, low: int, high: int) -> int:
    """Smallest sum of squares of n integers in [low, high] summing to s (values as equal as possible)."""
    sp = s - n * low
    a, b = divmod(sp, n)
    qp = n * a * a + b * (2 * a + 1)
    return qp + 2 * low * sp + n * low * low


def _max_q(n: int, s: int, low: int, high: int) -> int:
    """Largest sum of squares of n integers in [low, high] summing to s.

    As many values as possible at the bounds, at most one in between: with
    ``s' = s - n*low = q*R + r`` (``R = high - low``), ``q`` values at ``high``, one at
    ``low + r`` and the rest at ``low``.
    """
    sp, rng = s - n * low, high - low
    if rng == 0:
        qp = 0
    else:
        q, r = divmod(sp, rng)
        qp = q * rng * rng + r * r
    return qp + 2 * low * sp + n * low * low


def _sd_from(n: int, s: int, q: int) -> float:
    return math.sqrt(max(n * q - s * s, 0) / (n * (n - 1)))


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Reconstruction(ResultMixin):
    """Integer samples that reproduce a printed mean and SD.

    Attributes
    ----------
    mean, sd : str
        As printed.
    n, low, high : int
        Sample size and scale bounds.
    method : str
        ``"exhaustive"`` or ``"random"``.
    samples : tuple of tuple of int
        Distinct samples (multisets), each a sorted tuple of ``n`` integers. For the
        exhaustive search at most ``max_samples`` of them (in lexicographic order);
        for the random search at most ``k`` (in order of discovery).
    count : int
        Exhaustive: the number of distinct samples (exact when ``complete``; a lower
        bound otherwise). Random: the number of distinct samples found (``len(samples)``).
    complete : bool
        True when the exhaustive search finished: ``count`` is then every distinct sample,
        and 0 proves the summary impossible. Always False for the random search.
    constraints : dict
        The extra constraints used (``count_at_or_below``, ``threshold``, ``median``,
        ``minimum``, ``maximum``; None when absent).
    rounding : str
        Which ends of the rounding intervals count (see :data:`ROUNDING`).
    targets : tuple of (int, int)
        The (sum, sum of squares) pairs that reproduce the printed mean and SD.
    iterations : int
        Exhaustive: recursion nodes visited. Random: SPRITE steps (one step moves one
        pair of values in every sample of a batch).
    seed : int or None
        Seed of the random search.
    """

    mean: str
    sd: str
    n: int
    low: int
    high: int
    method: str
    samples: tuple
    count: int
    complete: bool
    constraints: Mapping[str, Any]
    rounding: str
    targets: tuple
    iterations: int
    seed: int | None

    @property
    def possible(self) -> bool | None:
        """True if a sample was found, False if the exhaustive search proved none exists,
        None if it cannot tell (random search without a hit, or an exhaustive search cut short)."""
        if self.count > 0:
            return True
        return False if self.complete else None

    def frequencies(self):
        """Counts of each scale value in each stored sample, for plotting.

        Returns
        -------
        pandas.DataFrame
            One row per stored sample (index ``sample`` = 0, 1, ...), one integer
            column per scale value ``low, ..., high``; each row sums to ``n``.
            ``frequencies().mean()`` is the average histogram over the samples.

        Examples
        --------
        >>> rec = reconstruct("2.00", "1.00", 3, 1, 5)
        >>> rec.frequencies()
        value   1  2  3  4  5
        sample
        0       1  1  1  0  0
        """
        import pandas as pd

        k = self.high - self.low + 1
        mat = np.zeros((len(self.samples), k), dtype=np.int64)
        for i, s in enumerate(self.samples):
            mat[i] = np.bincount(np.asarray(s, dtype=np.int64) - self.low, minlength=k)
        frame = pd.DataFrame(mat, columns=pd.Index(range(self.low, self.high + 1), name="value"))
        frame.index.name = "sample"
        return frame

    def to_frame(self):
        """One-row :class:`pandas.DataFrame` of the inputs and results (without the samples)."""
        import pandas as pd

        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
             if f.name not in ("samples", "targets", "constraints")}
        d.update({k: v for k, v in self.constraints.items()})
        d["n_samples"] = len(self.samples)
        d["n_targets"] = len(self.targets)
        return pd.DataFrame([d])


@dataclasses.dataclass(frozen=True, slots=True)
class SDBounds(ResultMixin):
    """The smallest and largest SD (ddof = 1) integer data on a scale can have with a mean.

    Attributes
    ----------
    mean : str
        As printed.
    n, low, high : int
        Sample size and scale bounds.
    sd_min, sd_max : float
        Over every integer sum that reproduces the printed mean (NaN when none does).
    sums : tuple of int
        Those sums.
    """

    mean: str
    n: int
    low: int
    high: int
    sd_min: float
    sd_max: float
    sums: tuple

    @property
    def interval(self) -> ConfidenceInterval:
        """``ConfidenceInterval(sd_min, sd_max)`` (the package's one interval type)."""
        return ConfidenceInterval(self.sd_min, self.sd_max)

    def contains(self, sd: float) -> bool:
        """True when ``sd_min <= sd <= sd_max``."""
        return self.sd_min <= sd <= self.sd_max


# --------------------------------------------------------------------------------------
# SD bounds
# --------------------------------------------------------------------------------------
def sd_bounds(mean: str, n: int, low: int, high: int) -> SDBounds:
    """Minimum and maximum possible SD of ``n`` integers in ``[low, high]`` with a printed mean.

    Parameters
    ----------
    mean : str
        The mean as printed (its rounding interval decides which integer sums count).
    n : int
        Sample size, at least 2.
    low, high : int
        Scale bounds, ``low < high``.

    Returns
    -------
    SDBounds
        ``sd_min``, ``sd_max`` (NaN when no integer sum reproduces the mean) and the sums.

    Notes
    -----
    For a sum ``S`` write ``S' = S - n*low`` and ``R = high - low``. The sum of squares is
    smallest when the values are as equal as possible (``S' = a*n + b``: ``b`` values at
    ``low + a + 1``, the rest at ``low + a``) and largest when as many values as possible
    sit at the bounds (``S' = q*R + r``: ``q`` values at ``high``, one at ``low + r``, the
    rest at ``low``), by convexity of ``x**2``. The SD is then
    ``sqrt((n*Q - S**2) / (n*(n - 1)))``. The maximum never exceeds the Bhatia-Davis bound
    for a variable on ``[low, high]`` with mean ``mu``,
    ``var_population <= (high - mu) * (mu - low)``, i.e. ``SD <= sqrt(n/(n-1) * (high - mu)
    * (mu - low))``, and equals it when ``R`` divides ``S'``. These are the SD limits that
    SPRITE uses (rsprite2's ``.sd_limits()``, after Brown's ``rSprite.sdLimits``), computed
    here exactly for every sum the printed mean allows.

    References
    ----------
    Bhatia, R., & Davis, C. (2000). A better bound on the variance. The American
    Mathematical Monthly, 107(4), 353-357. doi:10.1080/00029890.2000.12005203

    Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

    Examples
    --------
    Sakurai 2025, MADRS 0-60 after the 4th infusion, mean "20.3", n 30:

    >>> b = sd_bounds("20.3", 30, 0, 60)
    >>> round(b.sd_min, 4), round(b.sd_max, 4)
    (0.4498, 28.6127)
    >>> b.contains(11.5)
    True
    """
    n, low, high = _validate_scale(n, low, high, n_min=2)
    m = _printed("mean", mean, "up_or_down")
    sums = _feasible_sums(m, n, low, high)
    if not sums:
        return SDBounds(mean, n, low, high, math.nan, math.nan, ())
    sd_min = min(_sd_from(n, s, _min_q(n, s, low, high)) for s in sums)
    sd_max = max(_sd_from(n, s, _max_q(n, s, low, high)) for s in sums)
    return SDBounds(mean, n, low, high, sd_min, sd_max, tuple(sums))


def check_sd_possible(mean: str, sd: str, n: int, low: int, high: int) -> Check:
    """Whether a printed SD is possible at all for integer data on a scale with that mean.

    Parameters
    ----------
    mean, sd : str
        As printed.
    n : int
        Sample size, at least 2.
    low, high : int
        Scale bounds.

    Returns
    -------
    Check
        ``inconsistent`` when the printed SD's rounding interval lies wholly outside
        ``[sd_min, sd_max]`` of :func:`sd_bounds` (or no integer sum reproduces the mean),
        ``consistent`` otherwise (the SD is within the limits; this does not yet prove that a
        sample exists: see :func:`reconstruct`). ``margin`` is the distance from the printed
        SD to the nearer limit.

    Notes
    -----
    See :func:`sd_bounds` for the limits (Bhatia & Davis 2000; SPRITE's SD limits).

    References
    ----------
    Bhatia, R., & Davis, C. (2000). doi:10.1080/00029890.2000.12005203

    Examples
    --------
    >>> check_sd_possible("20.3", "11.5", 30, 0, 60).verdict
    'consistent'
    >>> c = check_sd_possible("1.50", "2.10", 10, 1, 5)
    >>> c.verdict
    'inconsistent'
    """
    n, low, high = _validate_scale(n, low, high, n_min=2)
    s = _printed("sd", sd, "up_or_down")
    if s.v < 0:
        raise ValueError(f"sd ({sd!r}) must be >= 0")
    b = sd_bounds(mean, n, low, high)
    reported = f"mean {mean}, SD {sd}, n {n}, scale {low}-{high}"
    if not b.sums:
        return Check("sd_possible", "inconsistent",
                     f"No integer sum of {n} values on {low}-{high} gives a mean that prints as "
                     f"{mean} (GRIM), so no SD is possible.", reported, "no feasible sum",
                     None, {"sd_min": math.nan, "sd_max": math.nan})
    recomputed = f"SD between {b.sd_min:.4f} and {b.sd_max:.4f}"
    details = {"sd_min": b.sd_min, "sd_max": b.sd_max, "sd_low": s.low, "sd_high": s.high,
               "sums": list(b.sums)}
    if s.high < b.sd_min or s.low > b.sd_max:
        side = "below the smallest" if s.high < b.sd_min else "above the largest"
        return Check("sd_possible", "inconsistent",
                     f"SD {sd} (i.e. {max(s.low, 0):g} to {s.high:g}) is {side} SD possible for "
                     f"{n} integers on {low}-{high} with mean {mean}: the SD must lie between "
                     f"{b.sd_min:.4f} and {b.sd_max:.4f}.", reported, recomputed,
                     None, details)
    value = s.v / 10 ** s.k
    margin = min(abs(value - b.sd_min), abs(b.sd_max - value))
    return Check("sd_possible", "consistent",
                 f"SD {sd} lies within the limits for {n} integers on {low}-{high} with mean "
                 f"{mean}: {b.sd_min:.4f} to {b.sd_max:.4f} (this does not show that a sample "
                 "with both exists).", reported, recomputed, margin, details)


# --------------------------------------------------------------------------------------
# Exhaustive search
# --------------------------------------------------------------------------------------
class _Exhaustive:
    """Count and enumerate count vectors c_0..c_{K-1} over the shifted scale points 0..K-1.

    Constraints: sum c_j = n, sum j c_j = S', sum j^2 c_j = Q'; c_j >= lb_j; optionally
    sum_{j <= thr} c_j = cnt; optionally the median (2 * median, shifted) in ``med2``.
    Points are processed from the top (K-1) down; the last ``base + 1`` points
    (``base = min(K-1, 3)``) are solved in closed form.
    """

    _DONE, _PENDING = -2, -1

    def __init__(self, k_points: int, n: int, lb: list[int], thr: int | None, cnt: int | None,
                 med2: frozenset | None, max_iter: int, deadline: float | None):
        self.K, self.n, self.lb = k_points, n, lb
        self.thr, self.cnt, self.med2 = thr, cnt, med2
        self.base = min(k_points - 1, 3)
        # top-indices of the upper and lower median in a sample sorted from the top
        self.tU = n - 1 - n // 2
        self.tL = n - 1 - (n - 1) // 2
        self.memo: dict[tuple, int] = {}
        self.max_iter, self.deadline = max_iter, deadline
        self.nodes = 0

    def initial_state(self) -> int:
        return self._PENDING if self.med2 is not None else self._DONE

    def _tick(self) -> None:
        self.nodes += 1
        if self.nodes > self.max_iter:
            raise _Budget
        if self.deadline is not None and not self.nodes & 0xFFF and time.perf_counter() > self.deadline:
            raise _Budget

    def _med_step(self, ms: int, a: int, c: int, j: int) -> int | None:
        """Median state after placing c values at point j with a values above; None = violated."""
        if ms == self._DONE or c == 0:
            return ms
        end = a + c
        vu = ms if ms >= 0 else (j if a <= self.tU < end else self._PENDING)
        if a <= self.tL < end:
            return self._DONE if (vu + j) in self.med2 else None
        return vu

    def _feasible(self, j: int, rn: int, rs: int, rq: int) -> bool:
        if rs < 0 or rq < 0 or rs > j * rn:
            return False
        a, b = divmod(rs, rn) if rn else (0, 0)
        if rq < rn * a * a + b * (2 * a + 1):
            return False
        if j:
            q, r = divmod(rs, j)
            if rq > q * j * j + r * r:
                return False
        return True

    def _tail_vectors(self, j: int, rn: int, rs: int, rq: int) -> Iterator[list[int]]:
        """Closed-form solutions for points j..0 (j <= 3), as lists c_j, ..., c_0."""
        lb = self.lb
        if j == 0:
            if rs == 0 and rq == 0 and rn >= lb[0]:
                yield [rn]
        elif j == 1:
            if rq == rs and rn - rs >= lb[0] and rs >= lb[1]:
                yield [rs, rn - rs]
        elif j == 2:
            if (rq - rs) % 2 == 0:
                c2 = (rq - rs) // 2
                c1 = rs - 2 * c2
                c0 = rn - c1 - c2
                if c2 >= lb[2] and c1 >= lb[1] and c0 >= lb[0]:
                    yield [c2, c1, c0]
        else:
            lo, hi = self._c3_range(rn, rs, rq)
            for c3 in range(lo, hi + 1):
                h = (rq - rs) // 2
                yield [c3, h - 3 * c3, 2 * rs - rq + 3 * c3, rn - 2 * rs + rq - h - c3]

    def _c3_range(self, rn: int, rs: int, rq: int) -> tuple[int, int]:
        # c2 = h - 3 c3, c1 = 2 rs - rq + 3 c3, c0 = rn - 2 rs + rq - h - c3, h = (rq - rs)/2
        if (rq - rs) % 2:
            return 0, -1
        lb = self.lb
        h = (rq - rs) // 2
        lo = max(lb[3], _ceil_div(lb[1] - 2 * rs + rq, 3))
        hi = min((h - lb[2]) // 3, rn - 2 * rs + rq - h - lb[0])
        return lo, hi

    def _tail_ok(self, j: int, rn: int, vec: list[int], ms: int) -> bool:
        """Check the threshold and median constraints along a closed-form tail."""
        a = self.n - rn
        for i, c in enumerate(vec):
            p = j - i
            if self.thr is not None and p == self.thr and rn != self.cnt:
                return False
            ms = self._med_step(ms, a, c, p)
            if ms is None:
                return False
            a += c
            rn -= c
        return ms == self._DONE

    def _slow_tail(self, j: int, ms: int) -> bool:
        return ms != self._DONE or (self.thr is not None and self.thr < j)

    def count(self, j: int, rn: int, rs: int, rq: int, ms: int) -> int:
        key = (j, rn, rs, rq, ms)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        self._tick()
        total = 0
        if self.thr is not None and j == self.thr and rn != self.cnt:
            total = 0
        elif not self._feasible(j, rn, rs, rq):
            total = 0
        elif j <= self.base:
            if self._slow_tail(j, ms):
                total = sum(1 for v in self._tail_vectors(j, rn, rs, rq) if self._tail_ok(j, rn, v, ms))
            elif j == 3:
                lo, hi = self._c3_range(rn, rs, rq)
                total = max(0, hi - lo + 1)
            else:
                total = sum(1 for _ in self._tail_vectors(j, rn, rs, rq))
        else:
            a = self.n - rn
            jj = j * j
            c_lo = max(self.lb[j], rs - (j - 1) * rn)
            c_hi = min(rn, rs // j, rq // jj)
            for c in range(c_lo, c_hi + 1):
                ms2 = self._med_step(ms, a, c, j) if ms != self._DONE else ms
                if ms2 is None:
                    continue
                total += self.count(j - 1, rn - c, rs - c * j, rq - c * jj, ms2)
        self.memo[key] = total
        return total

    def vectors(self, j: int, rn: int, rs: int, rq: int, ms: int) -> Iterator[list[int]]:
        """Yield every solution (c_j, ..., c_0) in the subtree, skipping empty branches."""
        if self.count(j, rn, rs, rq, ms) == 0:
            return
        if j <= self.base:
            for v in self._tail_vectors(j, rn, rs, rq):
                if not self._slow_tail(j, ms) or self._tail_ok(j, rn, v, ms):
                    yield v
            return
        a = self.n - rn
        jj = j * j
        for c in range(max(self.lb[j], rs - (j - 1) * rn), min(rn, rs // j, rq // jj) + 1):
            ms2 = self._med_step(ms, a, c, j) if ms != self._DONE else ms
            if ms2 is None:
                continue
            for rest in self.vectors(j - 1, rn - c, rs - c * j, rq - c * jj, ms2):
                yield [c] + rest


def _exhaustive(targets, n, lo0, hi0, lb, thr, cnt, med2, max_iter, timeout, max_samples):
    k_points = hi0 - lo0 + 1
    deadline = None if timeout is None else time.perf_counter() + timeout
    ex = _Exhaustive(k_points, n, lb, thr, cnt, med2, max_iter, deadline)
    total, complete, samples = 0, True, []
    top = k_points - 1
    for s, q in targets:
        sp = s - n * lo0
        qp = q - 2 * lo0 * s + n * lo0 * lo0
        try:
            c = ex.count(top, n, sp, qp, ex.initial_state())
        except _Budget:
            complete = False
            break
        total += c
        if c and len(samples) < max_samples:
            for vec in ex.vectors(top, n, sp, qp, ex.initial_state()):
                counts = vec[::-1]  # c_0 .. c_{K-1}
                samples.append(tuple(v for j, cj in enumerate(counts) for v in [lo0 + j] * cj))
                if len(samples) >= max_samples:
                    break
    return sorted(samples), total, complete, ex.nodes


# --------------------------------------------------------------------------------------
# Random (SPRITE) search
# --------------------------------------------------------------------------------------
def _layout_bounds(n, low, high, thr, cnt, minimum, maximum):
    """Per-position bounds in a sample sorted ascending that encode the extra constraints."""
    lo = np.full(n, low, dtype=np.int64)
    hi = np.full(n, high, dtype=np.int64)
    if minimum is not None:
        lo[:] = np.maximum(lo, minimum)
        hi[0] = lo[0] = minimum
    if maximum is not None:
        hi[:] = np.minimum(hi, maximum)
        lo[-1] = hi[-1] = maximum
    if thr is not None:
        hi[:cnt] = np.minimum(hi[:cnt], thr)
        lo[cnt:] = np.maximum(lo[cnt:], thr + 1)
    return lo, hi


def _median_pairs(med2: frozenset | None, n: int, low: int, high: int) -> list[tuple[int, int]]:
    """Values (a, b) of the lower and upper middle order statistics that give a permitted median."""
    if med2 is None:
        return [(None, None)]
    pairs = []
    for m2 in sorted(med2):
        if n % 2:
            if m2 % 2 == 0 and low <= m2 // 2 <= high:
                pairs.append((m2 // 2, m2 // 2))
        else:
            for a in range(low, high + 1):
                b = m2 - a
                if a <= b <= high:
                    pairs.append((a, b))
    return pairs


def _random(targets, n, low, high, k, seed, max_iter, thr, cnt, med2, minimum, maximum,
            verify) -> tuple[list, int]:
    rng = np.random.default_rng(seed)
    lo1, hi1 = _layout_bounds(n, low, high, thr, cnt, minimum, maximum)
    iL, iU = (n - 1) // 2, n // 2
    layouts = []
    for a, b in _median_pairs(med2, n, low, high):
        lo, hi = lo1.copy(), hi1.copy()
        if a is not None:
            hi[:iL] = np.minimum(hi[:iL], a)
            lo[iL], hi[iL] = max(lo[iL], a), min(hi[iL], a)
            lo[iU], hi[iU] = max(lo[iU], b), min(hi[iU], b)
            lo[iU + 1:] = np.maximum(lo[iU + 1:], b)
        if np.all(lo <= hi):
            ok = [(s, q) for s, q in targets if lo.sum() <= s <= hi.sum()]
            if ok:
                layouts.append((lo, hi, ok))
    found: dict[tuple, None] = {}
    steps = 0
    if not layouts:
        return [], steps
    by_sum: dict[tuple[int, int], tuple[int, int]] = {}
    for li, (_, _, ok) in enumerate(layouts):
        for s, q in ok:
            q_lo, q_hi = by_sum.get((li, s), (q, q))
            by_sum[(li, s)] = (min(q_lo, q), max(q_hi, q))
    choices = sorted(by_sum)
    # Start near the target spread (SPRITE starts anywhere; this only saves steps).
    s0 = targets[0][0]
    mu = s0 / n
    sd_t = _sd_from(n, targets[0][0], targets[0][1]) if n > 1 else 0.0
    per_batch_steps = 20 * n + 500
    stale = 0
    while len(found) < k and steps < max_iter and stale < 3:
        before = len(found)
        b = int(min(4000, max(64, 2 * (k - len(found)))))
        pick = rng.integers(0, len(choices), size=b)
        lo = np.stack([layouts[choices[i][0]][0] for i in pick])
        hi = np.stack([layouts[choices[i][0]][1] for i in pick])
        s_t = np.array([choices[i][1] for i in pick], dtype=np.int64)
        q_lo = np.array([by_sum[choices[i]][0] for i in pick], dtype=np.int64)
        q_hi = np.array([by_sum[choices[i]][1] for i in pick], dtype=np.int64)
        spread = sd_t * rng.uniform(0.3, 1.7, size=(b, 1))
        x = np.rint(mu + spread * rng.standard_normal((b, n))).astype(np.int64)
        x = np.clip(x, lo, hi)
        x.sort(axis=1)
        x = np.clip(x, lo, hi)
        # fix the sums: move random positions with room up or down
        rows = np.arange(b)
        for _ in range(4 * (high - low) + 10):
            diff = s_t - x.sum(axis=1)
            if not diff.any():
                break
            up = diff > 0
            room = np.where(up[:, None], x < hi, x > lo)
            key = np.where(room, rng.random((b, n)), 2.0)
            rank = np.argsort(np.argsort(key, axis=1), axis=1)
            move = room & (rank < np.abs(diff)[:, None])
            x += np.where(move, np.where(up, 1, -1)[:, None], 0)
        alive = (x.sum(axis=1) == s_t)
        x, lo, hi, q_lo, q_hi = x[alive], lo[alive], hi[alive], q_lo[alive], q_hi[alive]
        b = x.shape[0]
        rows = np.arange(b)
        cols = np.arange(n)[None, :]
        active = np.ones(b, dtype=bool)
        q = (x * x).sum(axis=1)
        batch_steps = 0
        while active.any() and batch_steps < per_batch_steps and steps < max_iter:
            batch_steps += 1
            steps += 1
            need_up = q < q_lo
            need_dn = q > q_hi
            # First value f: one with room to go up. Raising the SD moves f up and a partner
            # g <= f down (change 2(f - g) + 2 > 0); lowering it moves f up and a partner
            # g >= f + 2 down (change 2(f - g) + 2 < 0). Choosing among values with room
            # (rather than among all pairs) keeps the search moving near the SD limits.
            room_up = x < hi
            f = np.where(room_up, rng.random((b, n)), -1.0).argmax(axis=1)
            xf = x[rows, f]
            partner = (x > lo) & np.where(need_up[:, None], (x <= xf[:, None]) & (cols != f[:, None]),
                                          x >= xf[:, None] + 2)
            g = np.where(partner, rng.random((b, n)), -1.0).argmax(axis=1)
            xg = x[rows, g]
            valid = room_up[rows, f] & partner[rows, g]
            ok_up = need_up & valid
            ok_dn = need_dn & valid
            d_up = 2 * (xf - xg) + 2
            d_dn = d_up
            p, r = g, f    # p goes down by one, r up by one (for both directions)
            lucky = rng.random(b) < 0.15
            ok_up &= (q + d_up <= q_hi) | lucky
            ok_dn &= (q + d_dn >= q_lo) | lucky
            mv = ok_up | ok_dn
            x[rows[mv], p[mv]] -= 1
            x[rows[mv], r[mv]] += 1
            q = q + np.where(mv, d_up, 0)
            hit = active & (q >= q_lo) & (q <= q_hi)
            if hit.any():
                for row in x[hit]:
                    t = tuple(sorted(int(v) for v in row))
                    if t not in found and verify(t):
                        found[t] = None
                        if len(found) >= k:
                            break
                active &= ~hit
                if len(found) >= k:
                    break
        stale = stale + 1 if len(found) == before else 0
    return list(found)[:k], steps


# --------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------
def reconstruct(mean: str, sd: str, n: int, low: int, high: int, method: str = "exhaustive", *,
                k: int = 1000, seed: int | None = 0, max_iter: int | None = None,
                max_samples: int = 10_000, timeout: float | None = None,
                count_at_or_below: int | None = None, threshold: int | None = None,
                median: str | None = None, minimum: int | None = None, maximum: int | None = None,
                rounding: str = "up_or_down") -> Reconstruction:
    """Integer samples within ``[low, high]`` whose mean and SD print as given.

    Parameters
    ----------
    mean, sd : str
        As printed (``"30.6"``, ``"6.1"``); trailing zeros carry precision.
    n : int
        Sample size, at least 2.
    low, high : int
        Scale bounds (``low < high``); values are integers in between.
    method : {"exhaustive", "random"}
        ``"exhaustive"``: every distinct sample (for narrow scales). ``"random"``:
        a SPRITE search returning up to ``k`` distinct samples (for wide scales).
    k : int, default 1000
        Random search: how many distinct samples to look for.
    seed : int or None, default 0
        Random search: seed of :func:`numpy.random.default_rng` (results are reproducible).
    max_iter : int, optional
        Budget. Exhaustive: recursion nodes (default 5,000,000); random: SPRITE steps
        (default 200,000). When the exhaustive budget runs out ``complete`` is False and
        ``count`` is a lower bound.
    max_samples : int, default 10,000
        Exhaustive: how many samples to store; ``count`` stays exact beyond it (the
        search counts without materialising every sample).
    timeout : float, optional
        Exhaustive: seconds after which the search stops (``complete=False``).
    count_at_or_below, threshold : int, optional
        Exactly ``count_at_or_below`` values are ``<= threshold`` (e.g. 8 of 30 patients
        with MADRS <= 10). Give both or neither.
    median : str, optional
        The printed median (the mean of the two middle values when ``n`` is even).
    minimum, maximum : int, optional
        The smallest and largest observed values.
    rounding : {"up_or_down", "up", "down"}, default "up_or_down"
        ``"up_or_down"``: a value on either end of a rounding interval reproduces the
        printed number (both ends included); ``"up"``: halves were rounded up (the upper
        end is excluded); ``"down"``: halves were rounded down (the lower end is excluded).

    Returns
    -------
    Reconstruction
        ``samples`` (tuple of sorted ``n``-tuples), ``count``, ``complete``, ``targets``
        (the (sum, sum of squares) pairs that reproduce the printed mean and SD),
        ``frequencies()`` (samples x scale values count table for plotting).

    Notes
    -----
    A sample of integers has sum ``S`` and sum of squares ``Q``; its mean is ``S/n`` and its
    SD (ddof = 1) is ``sqrt((n*Q - S**2) / (n*(n-1)))``. The search first lists the sums
    whose mean prints as given (GRIM), then for each sum the ``Q`` (same parity as ``S``,
    since ``x**2 = x mod 2``) whose SD prints as given (GRIMMER), all in exact integer
    arithmetic. The exhaustive search then counts count vectors ``c_low..c_high`` with
    ``sum c = n``, ``sum x c = S``, ``sum x**2 c = Q`` by a memoised recursion over the scale
    points from the top down, pruned by the exact smallest and largest sum of squares the
    remaining values can reach (see :func:`sd_bounds`); the last four points are solved in
    closed form (three equations, one free count). The random search is SPRITE (Heathers et
    al. 2018; rsprite2): samples with the right sum move one pair of values apart (to raise
    the SD) or together (to lower it) until the SD prints as given, each pair drawn among the
    values that have room to move (so the search also reaches samples at the SD limits, where
    almost every value sits on a bound); extra constraints are
    imposed as bounds on the positions of the sorted sample. SPRITE does not sample
    uniformly from the possible samples and can never prove a summary impossible.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. doi:10.1177/1948550616673876

    Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

    Examples
    --------
    Every sample of 5 ratings on 1-5 with mean "3.0" and SD "1.4":

    >>> rec = reconstruct("3.0", "1.4", 5, 1, 5)
    >>> rec.count, rec.complete
    (3, True)
    >>> rec.samples
    ((1, 2, 4, 4, 4), (1, 3, 3, 3, 5), (2, 2, 2, 4, 5))

    With median "3": only one is left.

    >>> reconstruct("3.0", "1.4", 5, 1, 5, median="3").samples
    ((1, 3, 3, 3, 5),)

    n = 100 on 1-7: the count is exact without storing every sample.

    >>> rec = reconstruct("4.00", "1.50", 100, 1, 7, max_samples=5)
    >>> rec.count, len(rec.samples), rec.complete
    (75996, 5, True)

    No sample exists (the count of 0 is a proof):

    >>> reconstruct("3.0", "0.1", 5, 1, 5).count
    0

    A wide scale: 10 SPRITE samples of 30 MADRS totals (0-60) with mean "30.6", SD "6.1":

    >>> rec = reconstruct("30.6", "6.1", 30, 0, 60, method="random", k=10)
    >>> len(rec.samples), rec.complete
    (10, False)
    """
    check_method(method, METHODS)
    check_method(rounding, ROUNDING, "rounding")
    n, low, high = _validate_scale(n, low, high, n_min=2)
    m = _printed("mean", mean, rounding)
    s = _printed("sd", sd, rounding)
    if s.v < 0:
        raise ValueError(f"sd ({sd!r}) must be >= 0")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k ({k!r}) must be a positive integer")
    if isinstance(max_samples, bool) or not isinstance(max_samples, (int, np.integer)) or max_samples < 0:
        raise ValueError(f"max_samples ({max_samples!r}) must be a non-negative integer")
    if max_iter is None:
        max_iter = _DEFAULT_MAX_ITER[method]
    elif isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter ({max_iter!r}) must be a positive integer")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout ({timeout!r}) must be positive")
    if (count_at_or_below is None) != (threshold is None):
        raise ValueError(f"count_at_or_below ({count_at_or_below!r}) and threshold "
                         f"({threshold!r}) must be given together")
    cnt = thr = None
    if threshold is not None:
        cnt, thr = _int_arg("count_at_or_below", count_at_or_below), _int_arg("threshold", threshold)
        if not 0 <= cnt <= n:
            raise ValueError(f"count_at_or_below ({count_at_or_below!r}) must be in [0, n={n}]")
    mn = None if minimum is None else _int_arg("minimum", minimum)
    mx = None if maximum is None else _int_arg("maximum", maximum)
    if mn is not None and not low <= mn <= high:
        raise ValueError(f"minimum ({minimum!r}) must lie in [low={low}, high={high}]")
    if mx is not None and not low <= mx <= high:
        raise ValueError(f"maximum ({maximum!r}) must lie in [low={low}, high={high}]")
    if mn is not None and mx is not None and mn > mx:
        raise ValueError(f"minimum ({minimum!r}) must be <= maximum ({maximum!r})")
    med = None if median is None else _printed("median", median, rounding)
    constraints = {"count_at_or_below": cnt, "threshold": thr, "median": median,
                   "minimum": mn, "maximum": mx}

    lo0 = low if mn is None else mn
    hi0 = high if mx is None else mx
    targets = _targets(m, s, n, lo0, hi0)
    med2 = None
    if med is not None:
        # 2 * median is an integer; keep those whose half prints as the median
        m2_lo = max(2 * lo0, _ceil_div(2 * (2 * med.v - 1), med.d))
        m2_hi = min(2 * hi0, (2 * (2 * med.v + 1)) // med.d)
        med2 = frozenset(x for x in range(m2_lo, m2_hi + 1) if med.contains_ratio(x, 2))

    def verify(sample: tuple) -> bool:
        tot = sum(sample)
        sq = sum(v * v for v in sample)
        if len(sample) != n or sample[0] < lo0 or sample[-1] > hi0:
            return False
        if not (m.contains_ratio(tot, n) and s.contains_sqrt_ratio(n * sq - tot * tot, n * (n - 1))):
            return False
        if thr is not None and sum(v <= thr for v in sample) != cnt:
            return False
        if mn is not None and sample[0] != mn or mx is not None and sample[-1] != mx:
            return False
        if med2 is not None and sample[(n - 1) // 2] + sample[n // 2] not in med2:
            return False
        return True

    if method == "exhaustive":
        k_points = hi0 - lo0 + 1
        lb = [0] * max(k_points, 4)
        if mn is not None:
            lb[0] = 1
        if mx is not None:
            lb[k_points - 1] = 1
        thr_s = None if thr is None else thr - lo0
        cnt_s = cnt
        feasible = True
        if thr_s is not None and thr_s >= k_points - 1:
            feasible, thr_s = cnt == n, None
        elif thr_s is not None and thr_s < 0:
            feasible, thr_s = cnt == 0, None
        med2_s = None if med2 is None else frozenset(x - 2 * lo0 for x in med2)
        if not feasible or (med2_s is not None and not med2_s):
            samples, count, complete, iters = [], 0, True, 0
        else:
            samples, count, complete, iters = _exhaustive(
                targets, n, lo0, hi0, lb, thr_s, cnt_s, med2_s, max_iter, timeout, max_samples)
        seed_out = None
    else:
        samples, iters = _random(targets, n, lo0, hi0, k, seed, max_iter, thr, cnt, med2,
                                 mn, mx, verify)
        count, complete, seed_out = len(samples), False, seed
    return Reconstruction(mean=mean, sd=sd, n=n, low=low, high=high, method=method,
                          samples=tuple(samples), count=count, complete=complete,
                          constraints=constraints, rounding=rounding, targets=tuple(targets),
                          iterations=iters, seed=seed_out)


def check_mean_sd_with_count(mean: str, sd: str, n: int, low: int, high: int,
                             count_at_or_below: int, threshold: int, *, k_search: int = 1,
                             seed: int = 0, max_iter: int = 2_000_000,
                             timeout: float = 5.0) -> Check:
    """Could a printed mean and SD hold together with a printed count at or below a threshold?

    E.g. MADRS 20.3 +/- 11.5 in 30 patients on 0-60 with 8 remitters (MADRS <= 10).

    Parameters
    ----------
    mean, sd : str
        As printed.
    n : int
        Sample size.
    low, high : int
        Scale bounds.
    count_at_or_below, threshold : int
        Exactly ``count_at_or_below`` of the ``n`` values are ``<= threshold``.
    k_search, seed, max_iter, timeout
        Budget of the searches (see :func:`reconstruct`).

    Returns
    -------
    Check
        ``inconsistent`` when exact bounds or a complete exhaustive search prove that no
        sample exists; ``consistent`` when a sample is found (``details["example"]``);
        ``not_testable`` when neither happens within the budget (said in the explanation).

    Notes
    -----
    Bounds first: the ``c`` values at or below the threshold lie in ``[low, threshold]``, the
    other ``n - c`` in ``[threshold + 1, high]``. For each sum ``S`` the mean allows, the
    smallest and largest attainable sum of squares is the minimum and maximum over the split
    ``S = S1 + S2`` of the per-group extremes (values as equal as possible; values at the
    bounds, see :func:`sd_bounds`). If no sum of squares between them gives the printed SD,
    the summary is impossible. Otherwise a SPRITE search (Heathers et al. 2018) looks for a
    sample, then an exhaustive search tries to prove that none exists.

    References
    ----------
    Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

    Bhatia, R., & Davis, C. (2000). doi:10.1080/00029890.2000.12005203

    Examples
    --------
    >>> check_mean_sd_with_count("20.3", "11.5", 30, 0, 60, 8, 10).verdict
    'consistent'
    >>> c = check_mean_sd_with_count("2.00", "0.50", 10, 1, 5, 9, 1)
    >>> c.verdict
    'inconsistent'
    """
    n, low, high = _validate_scale(n, low, high, n_min=2)
    cnt, thr = _int_arg("count_at_or_below", count_at_or_below), _int_arg("threshold", threshold)
    if not 0 <= cnt <= n:
        raise ValueError(f"count_at_or_below ({count_at_or_below!r}) must be in [0, n={n}]")
    m, s = _printed("mean", mean, "up_or_down"), _printed("sd", sd, "up_or_down")
    if s.v < 0:
        raise ValueError(f"sd ({sd!r}) must be >= 0")
    reported = f"mean {mean}, SD {sd}, n {n}, scale {low}-{high}, {cnt} at or below {thr}"
    name = "mean_sd_with_count"
    # groups: c values in [low, t1], n - c in [t2, high]
    t1, t2 = min(thr, high), max(thr + 1, low)
    if (cnt > 0 and t1 < low) or (cnt < n and t2 > high):
        return Check(name, "inconsistent",
                     f"{cnt} of {n} values at or below {thr} is impossible on {low}-{high}.",
                     reported, "impossible count", None, {})
    n1, n2 = cnt, n - cnt
    sums = _feasible_sums(m, n, low, high)
    windows = []
    for tot in sums:
        s1_lo, s1_hi = n1 * low, n1 * t1
        s1_lo = max(s1_lo, tot - n2 * high)
        s1_hi = min(s1_hi, tot - n2 * t2)
        if s1_lo > s1_hi:
            continue
        qmin = min(_grp_min_q(n1, s1, low, t1) + _grp_min_q(n2, tot - s1, t2, high)
                   for s1 in range(s1_lo, s1_hi + 1))
        qmax = max(_grp_max_q(n1, s1, low, t1) + _grp_max_q(n2, tot - s1, t2, high)
                   for s1 in range(s1_lo, s1_hi + 1))
        w_lo, w_hi = _q_window(s, n, tot)
        windows.append((tot, qmin, qmax, w_lo, w_hi))
    if not windows:
        return Check(name, "inconsistent",
                     f"No sum of {n} integers on {low}-{high} with {cnt} at or below {thr} gives a "
                     f"mean that prints as {mean}.", reported, "no feasible sum", None,
                     {"sums": sums})
    sd_lo = min(_sd_from(n, t, qn) for t, qn, _, _, _ in windows)
    sd_hi = max(_sd_from(n, t, qx) for t, _, qx, _, _ in windows)
    details: dict[str, Any] = {"sd_min": sd_lo, "sd_max": sd_hi, "sums": [w[0] for w in windows]}
    overlap = any(max(qn, wl) <= min(qx, wh) for _, qn, qx, wl, wh in windows)
    if not overlap:
        return Check(name, "inconsistent",
                     f"With {cnt} of {n} values at or below {thr} on {low}-{high} and mean {mean}, "
                     f"the SD must lie between {sd_lo:.4f} and {sd_hi:.4f}; SD {sd} is outside.",
                     reported, f"SD between {sd_lo:.4f} and {sd_hi:.4f}", None, details)
    rec = reconstruct(mean, sd, n, low, high, "random", k=k_search, seed=seed,
                      count_at_or_below=cnt, threshold=thr)
    if rec.samples:
        ex = rec.samples[0]
        details["example"] = list(ex)
        return Check(name, "consistent",
                     f"A sample of {n} integers on {low}-{high} with {cnt} at or below {thr} "
                     f"reproduces mean {mean} and SD {sd}: e.g. sum {sum(ex)}, mean "
                     f"{sum(ex) / n:.4f}, SD {_sd_from(n, sum(ex), sum(v * v for v in ex)):.4f}.",
                     reported, f"sample found (SD limits {sd_lo:.4f} to {sd_hi:.4f})", None, details)
    rec = reconstruct(mean, sd, n, low, high, "exhaustive", max_iter=max_iter, timeout=timeout,
                      max_samples=1, count_at_or_below=cnt, threshold=thr)
    if rec.count:
        details["example"] = list(rec.samples[0])
        return Check(name, "consistent",
                     f"An exhaustive search found {rec.count}{'' if rec.complete else '+'} samples "
                     f"of {n} integers on {low}-{high} with {cnt} at or below {thr} reproducing "
                     f"mean {mean} and SD {sd}.", reported, "sample found", None, details)
    if rec.complete:
        return Check(name, "inconsistent",
                     f"An exhaustive search over every sample of {n} integers on {low}-{high} with "
                     f"{cnt} at or below {thr} found none with mean {mean} and SD {sd}.",
                     reported, "no sample exists", None, details)
    return Check(name, "not_testable",
                 f"The SD limits ({sd_lo:.4f} to {sd_hi:.4f}) allow SD {sd}, but neither a SPRITE "
                 f"search nor an exhaustive search within its budget ({max_iter} nodes, "
                 f"{timeout} s) found a sample or proved that none exists.",
                 reported, "undecided within budget", None, details)


def _grp_min_q(n: int, s: int, low: int, high: int) -> int:
    return 0 if n == 0 else _min_q(n, s, low, high)


def _grp_max_q(n: int, s: int, low: int, high: int) -> int:
    return 0 if n == 0 else _max_q(n, s, low, high)
