"""Brute-force GRIMMER reference: which (mean, SD, n) printed with 1 or 2 decimals integer data can give.

Independent of the package: no formula for the least sum of squares, no parity rule, no number
theory. It enumerates, by dynamic programming over the values themselves, every pair
(sum, sum of squares) that n integers can have, then decides a printed mean and SD by asking
whether one of those pairs rounds to both (exact rational arithmetic, both ends of each rounding
interval included: R scrutiny's ``rounding = "up_or_down"``).

Shift invariance keeps the enumeration small: adding an integer c to every value moves the sum
by n c and leaves the deviations alone, so every sample is a shifted copy of one whose sum
``r = S mod n`` lies in ``[0, n)``, and its sum of squared deviations from ``q = S // n``,
``W = sum (x - q)^2 = Q - 2 q S + n q^2``, is what the enumeration records. A sample with
``W <= w_max`` has every value within ``isqrt(w_max)`` of ``q``, so enumerating values in
``[-R, R + 1]`` (R = isqrt(w_max) + 1) finds every reachable ``W <= w_max``.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache


@lru_cache(maxsize=None)
def reachable(n: int, w_max: int) -> tuple[int, ...]:
    """Bitmasks, one per residue r in [0, n): bit W set when n integers summing to r have
    sum of squares W (W <= w_max). Built by adding one integer at a time."""
    R = math.isqrt(w_max) + 1
    mask = (1 << (w_max + 1)) - 1
    layer = {0: 1}  # sum -> bitmask of sums of squares, for 0 values
    for _ in range(n):
        nxt: dict[int, int] = {}
        for s, bits in layer.items():
            for v in range(-R, R + 2):
                b = (bits << (v * v)) & mask
                if b:
                    nxt[s + v] = nxt.get(s + v, 0) | b
        layer = nxt
    return tuple(layer.get(r, 0) for r in range(n))


@lru_cache(maxsize=None)  # a grid prints the same few hundred strings many times (half the brute force's time)
def interval(text: str) -> tuple[Fraction, Fraction]:
    """The closed rounding interval of a printed non-negative number."""
    d = Decimal(text)
    dec = max(0, -d.as_tuple().exponent)
    half = Fraction(1, 2 * 10 ** dec)
    v = Fraction(d)
    return v - half, v + half


def possible(mean: str, sd: str, n: int, items: int = 1) -> bool:
    """True when n integer participant totals (each the sum of ``items`` integer answers) have a
    mean (total / (n items)) printed as ``mean`` and a sample SD (ddof 1) of total / items
    printed as ``sd``."""
    m_lo, m_hi = interval(mean)
    s_lo, s_hi = interval(sd)
    s_lo = max(s_lo, Fraction(0))
    N = n * items
    # SD of T/items: Q/items^2 - S^2/(n items^2) = (n - 1) sd^2, so
    # Q = items^2 (n - 1) sd^2 + S^2 / n; W = Q - 2qS + n q^2 <= items^2 (n-1) s_hi^2 + n
    w_max = math.ceil(items * items * (n - 1) * s_hi * s_hi) + n + 1
    bits = reachable(n, w_max)
    for S in range(math.ceil(m_lo * N), math.floor(m_hi * N) + 1):
        q, r = divmod(S, n)
        base = Fraction(S * S, n)
        q_lo = items * items * (n - 1) * s_lo * s_lo + base
        q_hi = items * items * (n - 1) * s_hi * s_hi + base
        for Q in range(math.ceil(q_lo), math.floor(q_hi) + 1):
            W = Q - 2 * q * S + n * q * q
            if 0 <= W <= w_max and (bits[r] >> W) & 1:
                return True
    return False


def printed(k: int, decimals: int) -> str:
    """k / 10**decimals printed with that many decimals."""
    return format(Decimal(k).scaleb(-decimals), f".{decimals}f")
