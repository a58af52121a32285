"""Shared helpers of the checks: printed numbers as scaled integers, rounding intervals, formatting.

Holds what every check family uses; may import analysis.reported and analysis.results only.

Every check takes numbers as printed (strings: ``"5.19"``, ``".40"``, ``"<.001"``) and asks whether
*some* value inside their rounding intervals reproduces what was printed; a value consistent within
rounding is never ``inconsistent``.

Rounding
--------
``rounding=`` says how the source rounded, as in R scrutiny:

``"up_or_down"`` (default)
    either way at a 5: the interval ``[v - u/2, v + u/2]`` with both ends included.
``"up"``
    half up (towards +inf): ``[v - u/2, v + u/2)``.
``"down"``
    half down: ``(v - u/2, v + u/2]``.
``"even"``
    half to even (banker's rounding, R's ``round()`` on exact ties): both ends
    included when the last printed digit is even, neither when it is odd.

Integer arithmetic is used wherever a rational comparison decides the verdict
(GRIM, GRIMMER, percentages), so boundary cases are exact.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ..reported import Reported, printed, whole
from ..results import InputError

__all__ = ["ROUNDING"]

#: Valid ``rounding=`` values (R scrutiny's names).
ROUNDING = ("up_or_down", "up", "down", "even")
_EPS = 1e-12  # float comparisons of p values and SDs: never a false alarm from float noise


# =========================================================================== helpers


def _reported(x: Any, name: str, *, exact: bool = True) -> Reported:
    """Parse a printed number; name the argument in errors. Integers count as printed integers;
    a float is refused (the answer depends on rounding: README, "Input rule")."""
    rep = printed(x, name)
    if exact and not rep.exact:
        raise InputError(f"{name} ({rep.text!r}) is a bound; this check needs a printed value")
    return rep


def _p_interval(p: Any) -> tuple[Reported, float, float]:
    """A printed P (a value or a bound): its :class:`Reported` and the interval it stands for, clipped to
    [0, 1]; a printed value outside [0, 1] is refused. The one reading of a P argument for the checks."""
    pr = _reported(p, "p", exact=False)
    if not 0.0 <= pr.value <= 1.0:
        raise InputError(f"p ({pr.text!r}) must be in [0, 1]")
    return pr, max(pr.low, 0.0), min(pr.high, 1.0)


def _scaled(rep: Reported) -> tuple[int, int]:
    """The printed number as an integer ``m`` and decimals ``d``: value = m / 10**d exactly."""
    d = rep.decimals
    dec = Decimal(repr(rep.value)).scaleb(d)
    m = int(dec)
    if dec != m:  # pragma: no cover - parse_reported keeps value and decimals in step
        raise InputError(f"cannot scale {rep.text!r}")
    return m, d


def _count(x: Any, name: str, minimum: int = 0) -> int:
    """A whole number >= minimum: int, integral float, or a printed integer string."""
    return whole(x, name, minimum)


def _pick(cond, a, b):
    """``a if cond else b`` for a bool, element by element (``numpy.where``) for an array of them: the cores
    below serve a scalar check on Python ints (exact at any size) and its ``*_map`` on int64 arrays alike."""
    return np.where(cond, a, b) if isinstance(cond, np.ndarray) else (a if cond else b)


def _min_max(x):
    """``(min, max)`` for a number, ``(numpy.minimum, numpy.maximum)`` for an array: element by element, the
    same values (the builtins keep a scalar check at Python speed)."""
    return (np.minimum, np.maximum) if isinstance(x, np.ndarray) else (min, max)


#: which ends of the rounding interval each ``rounding=`` includes (lower, upper); "even" depends on the digit
_ENDS = {"up_or_down": (True, True), "up": (True, False), "down": (False, True)}


def _inclusion(m, rounding: str):
    """Whether the lower and upper ends of the rounding interval of m/10**d are included: two bools for an int
    ``m``, two bool arrays for an int64 array (a map's column)."""
    if rounding == "even":
        even = m % 2 == 0
        return even, even
    lo, hi = _ENDS[rounding]
    if isinstance(m, np.ndarray):
        return np.full(m.shape, lo), np.full(m.shape, hi)
    return lo, hi


def _first_k(m, D, N, incl_lo, incl_hi):
    """Smallest integer k with k/N >= (2m-1)/(2D) (strict if not incl_lo); and whether
    k/N <= (2m+1)/(2D) (strict if not incl_hi). Exact integer arithmetic: Python ints, or int64 arrays
    whose products the caller keeps below 2**62 (a map)."""
    A, B = (2 * m - 1) * N, 2 * D
    k = _pick(incl_lo, -((-A) // B), A // B + 1)
    lhs, rhs = B * k, (2 * m + 1) * N
    return k, _pick(incl_hi, lhs <= rhs, lhs < rhs)


def _last_k(m, D, N, incl_hi):
    """Largest integer k with k/N <= (2m+1)/(2D) (strict if not incl_hi); ints or int64 arrays."""
    A, B = (2 * m + 1) * N, 2 * D
    return _pick(incl_hi, A // B, -((-A) // B) - 1)


def _round_fraction(x: Fraction, rounding: str, prefer: str = "up") -> int:
    """Round a fraction to an integer the way `rounding` says (ties by `prefer` for up_or_down)."""
    if rounding == "even":
        return round(x)
    if rounding == "up" or (rounding == "up_or_down" and prefer == "up"):
        return math.floor(x + Fraction(1, 2))
    return math.ceil(x - Fraction(1, 2))


def _fmt_scaled(m: int, d: int) -> str:
    """m / 10**d printed with d decimals."""
    s = f"{abs(m):0{d + 1}d}"
    out = s if d == 0 else f"{s[:-d]}.{s[-d:]}"
    return ("-" if m < 0 else "") + out


def _fmt(x: float, digits: int) -> str:
    return f"{x:.{max(digits, 0)}f}"


def _fmt_p(p: float) -> str:
    """A P value for an explanation: 3 decimals, or 2 significant digits below 0.001."""
    return f"{p:.3f}" if p >= 0.001 else f"{p:.2g}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
