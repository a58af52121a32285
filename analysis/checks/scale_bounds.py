"""Printed mean and SD of a bounded integer variable: the sums they allow and the SD's possible range.

May import analysis.reported, analysis.results and the other reconstruction modules (scale_bounds <
sample_search < reconstruction); never the ledger, auditing or report.

Shared by the sample searches (:mod:`analysis.checks.sample_search`) and :func:`check_sd_possible`.

References
----------
Bhatia, R., & Davis, C. (2000). A better bound on the variance. The American Mathematical
Monthly, 107(4), 353-357. doi:10.1080/00029890.2000.12005203
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..reported import printed, whole
from ..results import Check, ConfidenceInterval, ResultMixin, one_vocabulary

__all__ = ["SDBounds", "sd_bounds", "check_sd_possible", "ROUNDING", "MAX_N"]

#: Valid values of ``rounding``: which ends of the rounding interval a value may sit on.
ROUNDING = ("up_or_down", "up", "down")


# --------------------------------------------------------------------------------------
# Printed numbers as exact rational intervals
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Printed:
    """A printed number as the exact interval ``[(2V-1)/D, (2V+1)/D]``, ``D = 2*10**k``."""

    text: str
    v: int  # the printed digits as an integer: "30.6" -> 306
    k: int  # decimals
    lo_incl: bool
    hi_incl: bool

    @property
    def d(self) -> int:
        return 2 * 10**self.k

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
        x2 = num * self.d**2
        if a < 0:
            ok_lo = True
        elif a == 0:
            ok_lo = True if self.lo_incl else num > 0
        else:
            ok_lo = x2 >= den * a * a if self.lo_incl else x2 > den * a * a
        ok_hi = x2 <= den * b * b if self.hi_incl else x2 < den * b * b
        return ok_lo and ok_hi


def _printed(name: str, text: Any, rounding: str) -> _Printed:
    r = printed(text, name)  # a float is refused: README, "Input rule"
    text = r.text
    if r.comparator != "=" or r.percent or r.is_p:
        raise ValueError(f"{name} ({text!r}) must be a plain printed number, not a bound, percentage or p-value")
    v = int(round(r.value * 10**r.decimals))
    return _Printed(
        text=text,
        v=v,
        k=r.decimals,
        lo_incl=rounding in ("up_or_down", "up"),
        hi_incl=rounding in ("up_or_down", "down"),
    )


def _int_arg(name: str, value: Any) -> int:
    if isinstance(value, float) and not value.is_integer():
        raise TypeError(f"{name} ({value!r}) must be an integer")
    return whole(value, name, minimum=-(2**62))


#: the largest n the scale checks take (the ledger's own limit on a count): above it the search over
#: sums alone holds millions of integers (time and memory grow with n)
MAX_N = 10_000_000


def _validate_scale(n: Any, low: Any, high: Any, *, n_min: int = 1) -> tuple[int, int, int]:
    n, low, high = _int_arg("nobs", n), _int_arg("low", low), _int_arg("high", high)
    if n < n_min:
        raise ValueError(f"nobs ({n!r}) must be >= {n_min}")
    if n > MAX_N:
        raise ValueError(f"nobs ({n!r}) must be at most {MAX_N:,} (the ledger's limit on a count)")
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
    d2 = sd.d**2
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
@one_vocabulary
def sd_bounds(mean: str, nobs: int, low: int, high: int) -> SDBounds:
    """Minimum and maximum possible SD of ``n`` integers in ``[low, high]`` with a printed mean.

    Parameters
    ----------
    mean : str
        The mean as printed (its rounding interval decides which integer sums count).
    nobs : int
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
    n = nobs
    n, low, high = _validate_scale(n, low, high, n_min=2)
    m = _printed("mean", mean, "up_or_down")
    sums = _feasible_sums(m, n, low, high)
    if not sums:
        return SDBounds(mean, n, low, high, math.nan, math.nan, ())
    sd_min = min(_sd_from(n, s, _min_q(n, s, low, high)) for s in sums)
    sd_max = max(_sd_from(n, s, _max_q(n, s, low, high)) for s in sums)
    return SDBounds(mean, n, low, high, sd_min, sd_max, tuple(sums))


@one_vocabulary
def check_sd_possible(mean: str, std: str, nobs: int, low: int, high: int) -> Check:
    """Whether a printed SD is possible at all for integer data on a scale with that mean.

    Parameters
    ----------
    mean, std : str
        As printed.
    nobs : int
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
    sd, n = std, nobs
    n, low, high = _validate_scale(n, low, high, n_min=2)
    s = _printed("std", sd, "up_or_down")
    if s.v < 0:
        raise ValueError(f"std ({sd!r}) must be >= 0")
    b = sd_bounds(mean, n, low, high)
    reported = f"mean {mean}, SD {sd}, n {n}, scale {low}-{high}"
    if not b.sums:
        return Check(
            "sd_possible",
            "inconsistent",
            f"No integer sum of {n} values on {low}-{high} gives a mean that prints as "
            f"{mean} (GRIM), so no SD is possible.",
            reported,
            "no feasible sum",
            None,
            {"sd_min": math.nan, "sd_max": math.nan},
        )
    recomputed = f"SD between {b.sd_min:.4f} and {b.sd_max:.4f}"
    details = {"sd_min": b.sd_min, "sd_max": b.sd_max, "sd_low": s.low, "sd_high": s.high, "sums": list(b.sums)}
    if s.high < b.sd_min or s.low > b.sd_max:
        side = "below the smallest" if s.high < b.sd_min else "above the largest"
        return Check(
            "sd_possible",
            "inconsistent",
            f"SD {sd} (i.e. {max(s.low, 0):g} to {s.high:g}) is {side} SD possible for "
            f"{n} integers on {low}-{high} with mean {mean}: the SD must lie between "
            f"{b.sd_min:.4f} and {b.sd_max:.4f}.",
            reported,
            recomputed,
            None,
            details,
        )
    value = s.v / 10**s.k
    margin = min(abs(value - b.sd_min), abs(b.sd_max - value))
    return Check(
        "sd_possible",
        "consistent",
        f"SD {sd} lies within the limits for {n} integers on {low}-{high} with mean "
        f"{mean}: {b.sd_min:.4f} to {b.sd_max:.4f} (this does not show that a sample "
        "with both exists).",
        reported,
        recomputed,
        margin,
        details,
    )
