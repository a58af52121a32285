"""Granularity checks of means and SDs of integer data: GRIM, GRIMMER and DEBIT.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.

Integer arithmetic decides every verdict, so boundary cases are exact; ``rounding=`` is described in
:mod:`analysis.checks.rounding`.

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. Social Psychological and
Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876

Anaya, J. (2016). The GRIMMER test. PeerJ Preprints. doi:10.7287/peerj.preprints.2400v1

Heathers, J. A. J., & Brown, N. J. L. (2019). DEBIT: A simple consistency test for
binary data. doi:10.31234/osf.io/5vb3u
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from ..results import Check, InputError, check_method, one_vocabulary
from .rounding import (
    _EPS,
    ROUNDING,
    _count,
    _first_k,
    _fmt,
    _fmt_scaled,
    _inclusion,
    _last_k,
    _min_max,
    _pick,
    _plural,
    _reported,
    _round_fraction,
    _scaled,
)

__all__ = ["grim", "grimmer", "debit", "least_sum_of_squares"]

#: Valid ``formula=`` values of :func:`debit`.
DEBIT_FORMULAS = ("mean_n", "exact")


# =========================================================================== GRIM


def _grim_parts(mean, n, items, percent, rounding):
    rep = _reported(mean, "mean")
    n = _count(n, "nobs", 1)
    items = _count(items, "items", 1)
    check_method(rounding, ROUNDING, "rounding")
    if not isinstance(percent, bool):
        raise InputError(f"percent ({percent!r}) must be True or False")
    percent = percent or rep.percent
    m, d = _scaled(rep)
    dd = d + 2 if percent else d
    return rep, n, items, percent, m, d, dd


@one_vocabulary
def grim(mean, nobs, items=1, percent=False, rounding="up_or_down") -> Check:
    """GRIM: can a mean of integer data with this n print as the given mean?

    Parameters
    ----------
    mean : str
        The mean as printed (``"5.19"``), or a percentage (``"26.7"`` or ``"26.7%"``).
    nobs : int
        Sample size (number of participants).
    items : int, default 1
        Number of integer items averaged into each participant's score.
    percent : bool, default False
        True when ``mean`` is a percentage of ``n`` (implied by a printed ``%``); it is then
        read as a proportion with two more decimals.
    rounding : {"up_or_down", "up", "down", "even"}
        How the source rounded (see the module notes).

    Returns
    -------
    Check
        ``details`` has the sums ``k`` that fit, the neighbours ``k_below``/``k_above`` and
        the nearest consistent means, the decimals used and scrutiny's GRIM ratio.

    Notes
    -----
    With ``N = n * items`` integer units the mean is ``k / N`` for an integer total ``k``.
    The printed mean ``m / 10**d`` stands for ``[(2m-1)/(2*10**d), (2m+1)/(2*10**d)]``;
    the check asks, in exact integer arithmetic, whether some ``k`` puts ``k/N`` there.
    When ``N >= 10**d`` every printed mean is possible, so the verdict is ``not_testable``
    (rsprite2 warns that the sample is too big for the precision), never ``consistent``.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple technique
    detects numerous anomalies in the reporting of results in psychology. Social
    Psychological and Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876

    Examples
    --------
    >>> grim("5.19", 28).verdict
    'inconsistent'
    >>> print(grim("5.19", 28).explanation)
    5.19 with n 28 is impossible: 145/28 = 5.179 and 146/28 = 5.214; the nearest consistent means are 5.18 and 5.21
    >>> grim("5.21", 28).verdict, grim("2.5", 200).verdict
    ('consistent', 'not_testable')
    >>> print(grim("41.2", 202, percent=True).explanation)
    41.2% of 202 is impossible: 83/202 = 41.09%, 84/202 = 41.58%; the nearest consistent percentages are 41.1% and 41.6%
    """
    n = nobs
    rep, n, items, percent, m, d, dd = _grim_parts(mean, n, items, percent, rounding)
    N, D = n * items, 10**dd
    shown = rep.text.strip().rstrip("%").strip()
    what = f"{shown}%" if percent else shown
    of = f"of {n}" if percent else f"with n {n}"
    if items > 1:
        of += f" and {items} items"
    unit = "percentage" if percent else "mean"
    scale = 100 if percent else 1
    frac_digits = d + 1

    def frac(k):
        return f"{k}/{N} = {_fmt(scale * k / N, frac_digits)}{'%' if percent else ''}"

    details = {
        "n": n,
        "items": items,
        "N": N,
        "decimals": dd,
        "percent": percent,
        "rounding": rounding,
        "ratio": (D - N) / D,
    }
    if N >= D:
        details.update(sums=None)
        return Check(
            "grim",
            "not_testable",
            f"GRIM cannot test {what} {of}: n x items = {N} is at least 10^{dd} = {D}, "
            f"so every {unit} printed with {_plural(d, 'decimal')} is possible",
            reported=rep.text,
            details=details,
        )
    incl_lo, incl_hi = _inclusion(m, rounding)
    k, ok = _first_k(m, D, N, incl_lo, incl_hi)
    lo_f, hi_f = Fraction(2 * m - 1, 2 * D), Fraction(2 * m + 1, 2 * D)
    if ok:
        x = Fraction(k, N)
        margin = float(min(x - lo_f, hi_f - x)) * scale
        details.update(sums=[k], k_below=None, k_above=None, nearest=None)
        return Check(
            "grim",
            "consistent",
            f"{what} {of} is possible: {frac(k)} rounds to {what}",
            reported=rep.text,
            recomputed=frac(k),
            margin=margin,
            details=details,
        )
    kb, ka = k - 1, k
    nb = _round_fraction(Fraction(kb * D, N), rounding, prefer="up")
    na = _round_fraction(Fraction(ka * D, N), rounding, prefer="down")
    nb_s, na_s = _fmt_scaled(nb, d), _fmt_scaled(na, d)
    if percent:
        nb_s, na_s = nb_s + "%", na_s + "%"
    margin = -float(min(lo_f - Fraction(kb, N), Fraction(ka, N) - hi_f)) * scale
    details.update(sums=[], k_below=kb, k_above=ka, nearest=[nb / 10**d, na / 10**d])
    sep = ", " if percent else " and "
    return Check(
        "grim",
        "inconsistent",
        f"{what} {of} is impossible: {frac(kb)}{sep}{frac(ka)}; the nearest consistent {unit}s are {nb_s} and {na_s}",
        reported=rep.text,
        recomputed=f"{frac(kb)}; {frac(ka)}",
        margin=margin,
        details=details,
    )


# =========================================================================== GRIMMER


def _sd_parts(sd, rounding):
    rep = _reported(sd, "std")
    if rep.value < 0:
        raise InputError(f"std ({rep.text!r}) must be >= 0")
    s, e = _scaled(rep)
    incl_lo, incl_hi = _inclusion(s, rounding)
    if s == 0:
        incl_lo = True  # the interval is clipped at SD = 0, which is attainable
    return rep, s, e, incl_lo, incl_hi


def _ss_numerators(S, n, L, s, e):
    """GRIMMER's interval of the integer sum of squares of participant totals, ``[lo / C, hi / C]``, as
    ``(lo, hi, C)`` over one common denominator ``C = 4 10^(2e) n``: exact in Python ints, and in int64 arrays
    while the caller keeps the products below 2**62 (grimmer_map).

    SS = L^2 (n-1) SD^2 + S^2 / n, with SD in [(2s-1)/(2*10^e), (2s+1)/(2*10^e)], clipped at 0.
    """
    q = 4 * 10**e * 10**e
    LL = L * L * (n - 1)
    return LL * _pick(s > 0, (2 * s - 1) ** 2, 0) * n + q * S * S, LL * (2 * s + 1) ** 2 * n + q * S * S, q * n


def _ss_bounds(S: int, n: int, L: int, s: int, e: int) -> tuple[Fraction, Fraction]:
    """:func:`_ss_numerators` as two fractions (for an explanation)."""
    lo, hi, C = _ss_numerators(S, n, L, s, e)
    return Fraction(lo, C), Fraction(hi, C)


def _ss_first(S, n, lo, C, incl_lo):
    """The least integer ``Q`` at or above ``lo / C`` (above it when that end is excluded) that ``n`` integers
    with total ``S`` may have as their sum of squares, as far as the least spread and the parity
    (``Q = S (mod 2)``) say; ints or int64 arrays."""
    Q = -((-lo) // C)
    Q = Q + _pick(incl_lo, 0, Q * C == lo)
    least = least_sum_of_squares(n, S)
    Q = _pick(Q >= least, Q, least)
    return Q + (Q - S) % 2


def least_sum_of_squares(n: int, S: int) -> int:
    """The least sum of squares of ``n`` integers with total ``S``: the least-spread sample,
    ``r = S mod n`` values of ``q + 1`` and ``n - r`` of ``q = S // n``.

    Python ints, or int64 arrays (grimmer_map).

    >>> least_sum_of_squares(21, 77)  # 14 fours and 7 threes
    287
    """
    q, r = divmod(S, n)
    return n * q * q + 2 * q * r + r


#: For 5 <= n <= 7 every sum of squared deviations from the least up to this one, with the right
#: parity, is reachable (enumerated in tests/checks/test_grimmer_exact.py); grimmer_map relies on it.
SMALL_N_FULL_UP_TO = 2000


@functools.lru_cache(maxsize=1 << 16)
def _deviations_reach(n: int, r: int, W: int) -> bool:
    """Whether ``n`` integers with total ``r`` (0 <= r < n) can have sum of squares ``W``."""
    if W < r or (W - r) % 2:  # r ones and n - r zeros is the least; x^2 = x (mod 2)
        return False
    if n >= 8:
        return True  # every larger W of that parity: see the Notes of grimmer
    if n == 1:
        return W == r * r
    if n == 2:  # x + y = r and x^2 + y^2 = W: (x - y)^2 = 2W - r^2, with x - y = r (mod 2)
        t = math.isqrt(2 * W - r * r)
        return t * t == 2 * W - r * r and (t - r) % 2 == 0
    v_max = math.isqrt(W)  # fix one value v; the other n - 1 have total r - v
    return any(_sum_of_squares_reachable(n - 1, r - v, W - v * v) for v in range(-v_max, v_max + 1))


def _sum_of_squares_reachable(n: int, S: int, Q: int) -> bool:
    """Whether ``n`` integers with total ``S`` can have sum of squares ``Q`` (exactly)."""
    q, r = divmod(S, n)
    return _deviations_reach(n, r, Q - 2 * q * S + n * q * q)  # deviations from q, total r


def _ss_candidate(S, n, L, s, e, incl_lo, incl_hi):
    """Smallest sum of squares ``Q`` in the SS interval that ``n`` integers with total ``S`` can
    have (at least the least-spread sample's, ``Q = S (mod 2)``, and reachable), or None."""
    lo, hi, C = _ss_numerators(S, n, L, s, e)
    Q = _ss_first(S, n, lo, C, incl_lo)
    while Q * C <= hi if incl_hi else Q * C < hi:
        if n >= 8 or _sum_of_squares_reachable(n, S, Q):
            return Q
        Q += 2
    return None


def _sums_to_try(k0: int, k1: int, n: int):
    """The totals k0..k1, those nearest a multiple of n first (they allow the least spread)."""
    first = [S for S in (k0 + (-k0) % n, k0, k1) if k0 <= S <= k1]
    yield from dict.fromkeys(first)
    yield from (S for S in range(k0, k1 + 1) if S not in first)


def _grimmer_no_power(n, L, s, e):
    """True when the SS interval is wider than 2, so every sum passes the SD part (ints, or int64 arrays
    whose ``10**(2e)`` the caller keeps in range)."""
    # width = L^2 (n-1) ((2s+1)^2 - (2s-1)^2) / (4*10^(2e)) = 2 L^2 (n-1) s / 10^(2e)  (s > 0)
    return _pick(s == 0, L * L * (n - 1) > 8 * 10 ** (2 * e), L * L * (n - 1) * s > 10 ** (2 * e))


def _why_no_sum_of_squares(S: int, n: int, L: int, s: int, e: int, incl_hi: bool) -> str:
    """Why no sum of squares of n integers with total S fits the SD interval, in words."""
    lo, hi = _ss_bounds(S, n, L, s, e)
    ints = list(range(math.ceil(lo), math.floor(hi) + 1))
    if not incl_hi and ints and ints[-1] == hi:
        ints = ints[:-1]
    parity = "even" if S % 2 == 0 else "odd"
    least = least_sum_of_squares(n, S)
    q, r = divmod(S, n)
    if not ints:
        why = "and there is no integer there"
    elif least > ints[-1]:
        why = f"but the least-spread sample with that total ({r} values of {q + 1} and {n - r} of {q}) has {least}"
    elif len(ints) == 1 and (ints[0] - S) % 2:
        why = f"and the only integer there, {ints[0]}, is {'even' if ints[0] % 2 == 0 else 'odd'} while the total is {parity}"
    elif all((Q - S) % 2 for Q in ints if Q >= least):
        why = f"and none of the integers there has the parity of the total ({parity})"
    else:
        why = f"and no {n} integers with that total have any of those sums of squares"
    return f"with total {S}, a sum of squares in [{float(lo):.2f}, {float(hi):.2f}], {why}"


@one_vocabulary
def grimmer(mean, std, nobs, items=1, rounding="up_or_down") -> Check:
    """GRIMMER: can integer data with this n have this mean and this SD?

    Parameters
    ----------
    mean, std : str
        As printed; the SD is the sample SD (ddof = 1).
    nobs : int
        Sample size, at least 2.
    items : int, default 1
        Number of integer items averaged into each participant's score.
    rounding : {"up_or_down", "up", "down", "even"}

    Returns
    -------
    Check

    Notes
    -----
    GRIM first (:func:`grim`); then, for every integer total ``S`` consistent with the mean,
    the sum of squares of the participants' integer totals ``T_i`` is

    ``Q = L^2 (n - 1) SD^2 + S^2 / n`` (``L`` items),

    an integer with ``Q = S (mod 2)`` because ``T^2 = T (mod 2)`` (Allard's analytic GRIMMER,
    as R scrutiny implements it; for ``items > 1`` scrutiny treats ``n * items`` as the sample
    size, here the participant totals are used, which is exact). Parity is not enough: ``Q`` is
    at least that of the least-spread sample, ``r = S mod n`` values of ``q + 1`` and ``n - r``
    of ``q = S // n`` (:func:`least_sum_of_squares`; e.g. a total of 77 over 21 has ``Q >= 287``,
    so an SD printed as 0.4, which needs ``Q <= 286``, is impossible). From ``n = 8`` on these
    two conditions are also sufficient: starting from the least-spread sample (values ``q`` and
    ``q + 1``), replacing a pair of equal values ``(c, c)`` by ``(c + a, c - a)`` keeps the total
    and adds ``2 a^2``; n >= 8 values hold four disjoint equal pairs (or, for n = 8 with ``r``
    odd, three and one ``(q, q + 1)`` pair, which adds ``2 a (a + 1)``), so by Lagrange's
    four-square theorem (and Legendre's three-square theorem for the second case) every ``Q``
    of the right parity above the least is reached. Below ``n = 8`` some are not (n = 2, total
    0: ``Q = 2 a^2`` only), so each candidate ``Q`` is decided exactly by fixing one value and
    recursing down to ``n = 2``, which is solved in closed form. The check asks, in exact
    rational arithmetic, whether some total ``S`` that fits the mean has such a ``Q`` in the
    interval implied by the SD's rounding interval; it agrees with a brute-force enumeration of
    every (total, sum of squares) over n = 2 ... 40 (``tests/checks/grimmer_bruteforce.py``).
    When GRIM has no power (``n * items >= 10^d``) and the SD interval spans more than two
    integers of ``Q``, the verdict is ``not_testable`` unless even the least-spread samples of
    every total give a larger SD (then ``inconsistent``); when GRIM has no power but the SD part
    does, all totals ``S`` are tried.

    References
    ----------
    Anaya, J. (2016). The GRIMMER test: A method for testing the validity of reported
    measures of variability. PeerJ Preprints. doi:10.7287/peerj.preprints.2400v1

    Allard, A. (2018). Analytic-GRIMMER: a new way of testing the possibility of standard
    deviations. https://aurelienallard.netlify.app/post/anaytic-grimmer-possibility-standard-deviations/

    Hardy, G. H., & Wright, E. M. (2008). An Introduction to the Theory of Numbers (6th ed.),
    Theorem 369 (four squares) and section 20.10 (three squares). Oxford University Press.

    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> grimmer("5.21", "1.6", 28).verdict
    'consistent'
    >>> grimmer("3.7", "0.4", 21).details["least_sum_of_squares"]  # SD 0.4 needs <= 286 (77), <= 293 (78)
    {77: 287, 78: 294}
    >>> r = grimmer("3.44", "2.47", 18)
    >>> r.verdict
    'inconsistent'
    >>> print(r.explanation)
    mean 3.44 and SD 2.47 with n 18 are impossible for integer data: the total must be 62 (62/18 = 3.444), and an SD in [2.465, 2.475] needs, with total 62, a sum of squares in [316.85, 317.69], and the only integer there, 317, is odd while the total is even
    """
    sd, n = std, nobs
    g = grim(mean, n, items, rounding=rounding)
    rep, n_, items_, percent, m, d, dd = _grim_parts(mean, n, items, False, rounding)
    if rep.percent:
        raise InputError(f"mean ({rep.text!r}) is a percentage; GRIMMER needs a mean")
    n, L = n_, items_
    if n < 2:
        raise InputError(f"nobs ({n!r}) must be at least 2 for a sample SD")
    srep, s, e, sincl_lo, sincl_hi = _sd_parts(sd, rounding)
    what = f"mean {rep.text.strip()} and SD {srep.text.strip()} with n {n}" + (f" and {L} items" if L > 1 else "")
    N = n * L
    details = {"n": n, "items": L, "rounding": rounding, "grim": g.verdict}
    if g.verdict == "inconsistent":
        details.update(sums=[], sum_of_squares=None)
        return Check(
            "grimmer",
            "inconsistent",
            f"{what} are impossible: GRIM fails: {g.explanation}",
            reported=f"{rep.text}, {srep.text}",
            recomputed=g.recomputed,
            details=details,
        )
    no_power = g.verdict == "not_testable" and _grimmer_no_power(n, L, s, e)
    incl_lo, incl_hi = _inclusion(m, rounding)
    D = 10**d
    k0, _ = _first_k(m, D, N, incl_lo, incl_hi)
    k1 = _last_k(m, D, N, incl_hi)
    sd_lo = Fraction(max(2 * s - 1, 0), 2 * 10**e)
    sd_hi = Fraction(2 * s + 1, 2 * 10**e)
    found = None
    for i, S in enumerate(_sums_to_try(k0, k1, n)):
        if no_power and i >= 3 and n >= 8:
            break  # the SS interval is wider than 2: a total passes iff its least spread fits
        Q = _ss_candidate(S, n, L, s, e, sincl_lo, sincl_hi)
        if Q is not None:
            found = (S, Q)
            break
    sums = list(range(k0, k1 + 1)) if k1 - k0 < 10_000 else None
    details.update(
        sums=sums,
        least_sum_of_squares=(
            {S: least_sum_of_squares(n, S) for S in sums} if sums is not None and len(sums) <= 20 else None
        ),
    )
    reported = f"{rep.text}, {srep.text}"
    if found is not None and no_power:
        details.update(sum_of_squares=None)
        return Check(
            "grimmer",
            "not_testable",
            f"GRIMMER cannot test {what}: every mean with {_plural(d, 'decimal')} is possible "
            f"(n x items = {N} >= 10^{d}) and the SD's rounding interval spans more than two "
            f"integer sums of squares, so every SD at least that of the least-spread sample "
            f"is possible",
            reported=reported,
            details=details,
        )
    if found is not None:
        S, Q = found
        var = (Fraction(Q, L * L) - Fraction(S * S, n * L * L)) / (n - 1)
        sd_rec = math.sqrt(var)
        details.update(sum_of_squares=Q, sd=sd_rec)
        margin = min(sd_rec - float(sd_lo), float(sd_hi) - sd_rec)
        return Check(
            "grimmer",
            "consistent",
            f"{what} are possible: total {S} with sum of squares {Q} gives SD "
            f"{sd_rec:.{e + 2}f}, which rounds to {srep.text.strip()}",
            reported=reported,
            recomputed=f"SD {sd_rec:.{e + 2}f}",
            margin=margin,
            details=details,
        )
    details.update(sum_of_squares=None)
    sd_rng = f"[{_fmt(float(sd_lo), e + 1)}, {_fmt(float(sd_hi), e + 1)}]"
    if k1 - k0 < 3:
        whys = "; ".join(_why_no_sum_of_squares(S, n, L, s, e, sincl_hi) for S in range(k0, k1 + 1))
        total = (
            f"the total must be {k0} ({k0}/{N} = {_fmt(k0 / N, d + 1)})"
            if k0 == k1
            else f"the total must be one of {', '.join(map(str, range(k0, k1 + 1)))}"
        )
        expl = f"{what} are impossible for integer data: {total}, and an SD in {sd_rng} needs, {whys}"
    else:
        expl = (
            f"{what} are impossible for integer data: for none of the totals {k0} to {k1} can {n} "
            f"integers have a sum of squares that gives an SD rounding to {srep.text.strip()} (it "
            f"must have the parity of the total and be at least the least-spread sample's)"
        )
    return Check("grimmer", "inconsistent", expl, reported=reported, details=details)


# =========================================================================== DEBIT


def _binary_sd(p, n):
    """The sample SD of binary data with proportion ``p``, ``sqrt(n/(n-1) p (1-p))``: numbers, or float arrays
    (debit_map), by the same operations in the same order (the same floats)."""
    v = n / (n - 1) * p * (1.0 - p)
    return np.sqrt(np.maximum(v, 0.0)) if isinstance(v, np.ndarray) else math.sqrt(max(v, 0.0))


def _binary_sd_range(x_lo, x_hi, n):
    """The least and the greatest binary SD over the proportions [x_lo, x_hi] (the ends, and 0.5 where the
    interval holds it: the SD peaks there); numbers or arrays."""
    f_lo, f_hi = _binary_sd(x_lo, n), _binary_sd(x_hi, n)
    least, most = _min_max(f_lo)
    return least(f_lo, f_hi), _pick((x_lo <= 0.5) & (0.5 <= x_hi), _binary_sd(0.5, n), most(f_lo, f_hi))


def _sd_fits(lo_end, hi_end, sd_lo, sd_hi, incl_lo, incl_hi):
    """Whether SDs reaching down to ``lo_end`` and up to ``hi_end`` meet the printed SD's rounding interval
    [sd_lo, sd_hi] (its ends included as ``incl_lo``, ``incl_hi`` say); numbers or arrays."""
    # an included end also admits what lies on it (within float noise): "> end" or, if included, ">= end"
    lo_ok = (lo_end > sd_lo + _EPS) | (incl_lo & (lo_end >= sd_lo - _EPS))
    return lo_ok & ((hi_end < sd_hi - _EPS) | (incl_hi & (hi_end <= sd_hi + _EPS)))


@one_vocabulary
def debit(mean, std, nobs, formula="mean_n", rounding="up_or_down") -> Check:
    """DEBIT: are the mean and SD of binary (0/1) data consistent with n?

    Parameters
    ----------
    mean, std : str
        The proportion and its sample SD as printed, both in [0, 1].
    nobs : int
        Sample size, at least 2.
    formula : {"mean_n", "exact"}
        ``"mean_n"`` (default, scrutiny's DEBIT): any proportion in the mean's rounding
        interval; ``"exact"``: only proportions ``k/n`` (stricter, also never a false alarm).
    rounding : {"up_or_down", "up", "down", "even"}

    Returns
    -------
    Check

    Notes
    -----
    The sample SD of binary data with proportion ``p`` is ``sqrt(n/(n-1) p (1-p))``. Over the
    mean's rounding interval it ranges from its value at the end farther from 0.5 to its
    value at the end nearer 0.5 (or at 0.5 itself when the interval contains 0.5, where the
    function peaks); the check asks whether that range meets the SD's rounding interval
    (both ends included by default, as scrutiny).

    References
    ----------
    Heathers, J. A. J., & Brown, N. J. L. (2019). DEBIT: A simple consistency test for
    binary data. doi:10.31234/osf.io/5vb3u

    Examples
    --------
    >>> debit("0.35", "0.18", 20).verdict
    'inconsistent'
    >>> debit("0.35", "0.49", 20).verdict
    'consistent'
    """
    sd, n = std, nobs
    rep = _reported(mean, "mean")
    srep = _reported(sd, "std")
    n = _count(n, "nobs", 2)
    check_method(formula, DEBIT_FORMULAS, "formula")
    check_method(rounding, ROUNDING, "rounding")
    if not 0.0 <= rep.value <= 1.0:
        raise InputError(f"mean ({rep.text!r}) must be a proportion in [0, 1] for binary data")
    if not 0.0 <= srep.value <= 1.0:
        raise InputError(f"std ({srep.text!r}) must be in [0, 1] for binary data")
    m, d = _scaled(rep)
    s, e = _scaled(srep)
    m_in = _inclusion(m, rounding)
    s_in = _inclusion(s, rounding)
    x_lo, x_hi = max(rep.low, 0.0), min(rep.high, 1.0)
    sd_lo, sd_hi = max(srep.low, 0.0), srep.high
    sd_incl_lo = s_in[0] or s == 0
    what = f"mean {rep.text.strip()} and SD {srep.text.strip()} with n {n}"
    details = {
        "n": n,
        "formula": formula,
        "rounding": rounding,
        "mean_interval": (x_lo, x_hi),
        "sd_interval": (sd_lo, sd_hi),
    }

    def sd_fits(v):
        return _sd_fits(v, v, sd_lo, sd_hi, sd_incl_lo, s_in[1])

    if formula == "exact":
        D = 10**d
        k0, _ = _first_k(m, D, n, *m_in)
        k1 = _last_k(m, D, n, m_in[1])
        ks = [k for k in range(max(k0, 0), min(k1, n) + 1)]
        fits = [k for k in ks if sd_fits(_binary_sd(k / n, n))]
        details.update(counts=ks, fitting=fits)
        if fits:
            k = fits[0]
            v = _binary_sd(k / n, n)
            return Check(
                "debit",
                "consistent",
                f"{what} are possible for binary data: {k} of {n} gives SD {v:.{e + 2}f}",
                reported=f"{rep.text}, {srep.text}",
                recomputed=f"SD {v:.{e + 2}f}",
                margin=min(v - sd_lo, sd_hi - v),
                details=details,
            )
        sds = ", ".join(f"{k}/{n}: {_binary_sd(k / n, n):.{e + 2}f}" for k in ks) or "none"
        return Check(
            "debit",
            "inconsistent",
            f"{what} are impossible for binary data: the counts that print as "
            f"{rep.text.strip()} give SDs ({sds}) that do not round to {srep.text.strip()}",
            reported=f"{rep.text}, {srep.text}",
            details=details,
        )
    # mean_n: the range of the SD over the mean interval (endpoints as scrutiny; the peak at
    # 0.5 when the interval contains it)
    smin, smax = _binary_sd_range(x_lo, x_hi, n)
    details.update(sd_range=(smin, smax))
    rng = f"between {smin:.{e + 1}f} and {smax:.{e + 1}f}"
    if _sd_fits(smax, smin, sd_lo, sd_hi, sd_incl_lo, s_in[1]):
        return Check(
            "debit",
            "consistent",
            f"{what} are possible for binary data: a proportion between {_fmt(x_lo, d + 1)} and "
            f"{_fmt(x_hi, d + 1)} has a sample SD {rng}, which can round to {srep.text.strip()}",
            reported=f"{rep.text}, {srep.text}",
            recomputed=f"SD {rng}",
            margin=min(smax - sd_lo, sd_hi - smin),
            details=details,
        )
    return Check(
        "debit",
        "inconsistent",
        f"{what} are impossible for binary data: a proportion between {_fmt(x_lo, d + 1)} and "
        f"{_fmt(x_hi, d + 1)} has a sample SD {rng}, which does not round to {srep.text.strip()}",
        reported=f"{rep.text}, {srep.text}",
        recomputed=f"SD {rng}",
        margin=-min(abs(smax - sd_lo), abs(smin - sd_hi)),
        details=details,
    )
