"""Inference from summary statistics: P from a confidence interval, the interval from P,
and non-inferiority against a margin.

May import analysis.reported and analysis.results (and other stats modules); never the ledger, checks,
audit or report.

Numbers arrive as printed (``"17"``, ``"1.4"``, ``"0.81"``); a string carries its
rounding interval (:func:`analysis.reported.parse_reported`), so :func:`p_from_ci`
reports the P value at face value and its range over every value the printed
numbers could stand for. Plain numbers are taken as exact.

References
----------
Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

Altman, D. G., & Bland, J. M. (2011). How to obtain the confidence interval from a
P value. BMJ, 343, d2090. doi:10.1136/bmj.d2090
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import numbers
from typing import Any, Mapping

import numpy as np
from scipy import special

from ..reported import Reported, number, parse_reported, printed
from ..results import ConfidenceInterval, InputError, ResultMixin, check_confidence_level, check_method

__all__ = [
    "PFromCI",
    "CIFromP",
    "NonInferiority",
    "SCALES",
    "CI_FROM_P_METHODS",
    "p_from_ci",
    "ci_from_p",
    "noninferiority",
]

#: Valid ``scale=`` values: ``"log"`` for ratios (odds, risk and hazard ratios).
SCALES = ("linear", "log")
#: Valid ``method=`` values of :func:`ci_from_p`.
CI_FROM_P_METHODS = ("exact", "altman_bland")


# --------------------------------------------------------------------------- helpers


def _reported(x: Any, name: str) -> Reported:
    """A printed number (str) or an exact one (int/float, zero-width interval)."""
    if isinstance(x, Reported):
        return x
    if isinstance(x, str):
        try:
            rep = parse_reported(x)
        except ValueError:
            raise InputError(f"{name} ({x!r}) is not a printed number") from None
        return rep
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} ({x!r}) must be a printed number (str) or a number")
    v = float(x)
    if not math.isfinite(v):
        raise InputError(f"{name} ({x!r}) must be finite")
    return Reported(text=repr(x), value=v, decimals=0, low=v, high=v)


def _exact_value(rep: Reported, name: str) -> Reported:
    if not rep.exact:
        raise InputError(f"{name} ({rep.text!r}) is a bound, not a value; an exact value is needed")
    return rep


def _check_df(df: Any) -> float | None:
    """Degrees of freedom: a positive number, a printed one (``"16"``, ``"27.3"``), or None."""
    if df is None:
        return None
    if type(df) is int and df > 0:  # the df grid of common_assumption: 240 per P-CI pair, no parsing
        return float(df)
    try:
        v = number(df, "df")
    except (TypeError, ValueError):
        v = math.nan
    if not v > 0:
        raise InputError(f"df ({df!r}) must be a positive number or None")
    return v


def _quantile(confidence_level: float, df: float | None) -> float:
    a = (1.0 - confidence_level) / 2.0
    if df is None:
        return float(special.ndtri(1.0 - a))
    return float(special.stdtrit(df, 1.0 - a))


def _two_sided_p(z, df):
    """2 * P(T > |z|) for the normal (df None) or t(df) distribution; works on arrays."""
    z = np.abs(z)
    if df is None:
        return special.erfc(z * 0.7071067811865476)  # = 2 * Phi(-|z|), one pass
    return 2.0 * special.stdtr(df, -z)


def _method_name(df: float | None) -> str:
    if df is None:
        return "normal"
    return f"t({df:g})"


def _transform(x: float, scale: str, name: str, text: str) -> float:
    if scale == "linear":
        return x
    if not x > 0:
        raise InputError(f"{name} ({text!r}) must be > 0 on scale='log'")
    return math.log(x)


def _log_or_minus_inf(x: float) -> float:
    return math.log(x) if x > 0 else -math.inf


# --------------------------------------------------------------------------- p from CI


@dataclasses.dataclass(frozen=True, slots=True)
class PFromCI(ResultMixin):
    """The P value implied by an estimate and its confidence interval.

    Attributes
    ----------
    inputs : dict
        ``estimate``, ``lower``, ``upper`` as given (printed strings or numbers).
    p : float
        Two-sided P at face value.
    p_low, p_high : float
        Smallest and largest P over the rounding intervals of the printed estimate
        and bounds (equal to ``p`` for exact numeric inputs).
    se : float
        Standard error implied by the interval (on the log scale for ratios).
    z : float
        The test statistic ``estimate / se`` (a z or t value; log scale for ratios).
    method : str
        ``"normal"`` or ``"t(df)"``.
    scale : str
        ``"linear"`` or ``"log"``.
    confidence_level : float
    quantile : float
        The multiplier used to turn the interval into an SE (1.96, ``qnorm(.975)``, ...).
    """

    inputs: Mapping[str, Any]
    p: float
    p_low: float
    p_high: float
    se: float
    z: float
    method: str
    scale: str
    confidence_level: float
    quantile: float

    def contains(self, p: float, *, tol: float = 1e-12) -> bool:
        """Whether ``p`` lies in ``[p_low, p_high]``."""
        return self.p_low - tol <= p <= self.p_high + tol


def _rounding_box(estimate, lower, upper, scale):
    """The printed values on the analysis scale, validated, and the corners of their rounding box
    (estimate candidates with 0 when its interval crosses 0, lower ends, upper ends)."""
    reps = {}
    for name, x in (("estimate", estimate), ("lower", lower), ("upper", upper)):
        reps[name] = _exact_value(printed(x, name), name)  # the rounding range needs the print
    e, lo, hi = (_transform(reps[k].value, scale, k, reps[k].text) for k in ("estimate", "lower", "upper"))
    if not lo <= e <= hi:
        raise InputError(
            f"estimate ({reps['estimate'].text!r}) must lie within lower ({reps['lower'].text!r}) "
            f"and upper ({reps['upper'].text!r})"
        )
    if not hi > lo:
        raise InputError(f"upper ({reps['upper'].text!r}) must be greater than lower ({reps['lower'].text!r})")

    def ends(rep):  # rounding intervals, transformed to the analysis scale
        if scale == "log":
            return (_log_or_minus_inf(rep.low), _log_or_minus_inf(rep.high))
        return (rep.low, rep.high)

    e_ends, l_ends, u_ends = ends(reps["estimate"]), ends(reps["lower"]), ends(reps["upper"])
    e_cands = list(e_ends)
    if e_ends[0] <= 0.0 <= e_ends[1]:
        e_cands.append(0.0)
    return (e, lo, hi), (e_cands, l_ends, u_ends)


def _corner_z(ee, width, q):
    """|z| at a corner of the rounding box, ``|ee| / (width / 2q)``: 0 at an estimate of 0, infinite for a width
    <= 0 or an infinite estimate. ``ee`` and ``width`` numbers (a corner of one interval; ``q`` a number or an
    array over df) or arrays over rows (:func:`analysis.checks.maps.p_from_ci_map`'s extreme corners of each
    row), by the same floating-point operations, so a map's P equals the scalar's."""
    if not isinstance(ee, np.ndarray):
        if ee == 0.0:
            return 0.0
        if width <= 0 or math.isinf(ee):
            return math.inf
        return abs(ee) / (width / (2.0 * q))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.abs(ee) / (width / (2.0 * q))
    return np.where(ee == 0.0, 0.0, np.where((width <= 0) | np.isinf(ee), np.inf, z))


def _corner_ps(box, q, dfv) -> list:
    """P at each corner of the rounding box; ``q`` and ``dfv`` a number each, or arrays (one P per
    df then), with the same floating-point operations either way."""
    e_cands, l_ends, u_ends = box
    return [_two_sided_p(_corner_z(ee, uu - ll, q), dfv) for ee, ll, uu in itertools.product(e_cands, l_ends, u_ends)]


@functools.lru_cache(maxsize=8)
def _t_grid(dfs: tuple, cl: float) -> tuple[np.ndarray, np.ndarray]:
    """The df as floats and the t quantile of each (:func:`_quantile`), read-only: every P-CI pair of a study is
    tried over the same grid (common_assumption), so the grid's quantiles are computed once (cached for whole-number
    grids only, whose elements hash as themselves)."""
    dfv = np.array([_check_df(d) for d in dfs], dtype=float)
    q = special.stdtrit(dfv, 1.0 - (1.0 - cl) / 2.0)  # _quantile(cl, df) for every df
    dfv.setflags(write=False)
    q.setflags(write=False)
    return dfv, q


def p_range_over_df(estimate, lower, upper, dfs, confidence_level=0.95, scale="linear"):
    """``p_low`` and ``p_high`` of :func:`p_from_ci` for t intervals with each df of ``dfs``, at once.

    The same floating-point operations as :func:`p_from_ci` on arrays over the df, so element
    ``i`` equals ``p_from_ci(..., df=dfs[i])`` exactly (tests/stats/test_p_range_over_df.py); the
    same errors for bad input. Why not a loop of :func:`p_from_ci`: one call per df of the grid
    dominated :func:`analysis.checks.pvalues.common_assumption` on a corpus (benchmarks/README.md,
    ``bench_scan.py``). The method is :func:`p_from_ci`'s.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
    interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> lo, hi = p_range_over_df("17", "1.4", "32.6", [10, 100])
    >>> [round(x, 4) for x in hi] == [round(p_from_ci("17", "1.4", "32.6", df=d).p_high, 4) for d in (10, 100)]
    True
    """
    cl = check_confidence_level(confidence_level)
    check_method(scale, SCALES, "scale")
    dfs = tuple(dfs)
    dfv, q = _t_grid(dfs, cl) if all(type(d) is int for d in dfs) else _t_grid.__wrapped__(dfs, cl)
    _, box = _rounding_box(estimate, lower, upper, scale)
    ps = _corner_ps(box, q, dfv)
    return np.minimum.reduce(ps), np.maximum.reduce(ps)


#: a corner's P this close (relative) to a threshold is not decided from the two extreme corners alone
_MARGIN = 1e-9


def _strength(corner: tuple) -> float:
    """|z| of a corner of the rounding box divided by ``2 q``: the same factor for every df, so the order of the
    corners' |z| (and of their P, reversed) is the same for every df of a grid (:func:`_corner_ps`'s cases)."""
    ee, ll, uu = corner
    width = uu - ll
    if ee == 0.0:
        return 0.0
    if width <= 0 or math.isinf(ee):
        return math.inf
    return abs(ee) / width


def p_range_meets(estimate, lower, upper, dfs, low, high, confidence_level=0.95, scale="linear") -> np.ndarray:
    """For each t df of ``dfs``: does the range of P the printed estimate and CI imply, ``[p_low, p_high]`` of
    :func:`p_range_over_df`, meet ``[low, high]`` (``p_low <= high`` and ``p_high >= low``)? The same booleans as
    comparing :func:`p_range_over_df`'s arrays, at about a quarter of its cost.

    Why: :func:`analysis.checks.pvalues.common_assumption` needs only these booleans, and the t distribution's
    P at each of the 8-12 corners of the rounding box for 240 df was most of the audit's time on a corpus
    (``stdtr``, about 0.15 µs per value; benchmarks/README.md). |z| is largest at the same corner for every df
    (:func:`_strength`), so P is evaluated at the corner of smallest and of largest |z| only; a df where one of
    those P values lies within a relative :data:`_MARGIN` of its threshold, on the side a rounding error of
    ``stdtr`` at another corner could cross, is decided from every corner, exactly as :func:`p_range_over_df`
    decides it. The method is :func:`p_from_ci`'s (Altman & Bland 2011, doi:10.1136/bmj.d2304).

    Examples
    --------
    >>> lo, hi = p_range_over_df("1.35", "0.41", "2.30", [10, 100])
    >>> p_range_meets("1.35", "0.41", "2.30", [10, 100], 0.0045, 0.0055).tolist() == [
    ...     bool(a <= 0.0055 and b >= 0.0045) for a, b in zip(lo, hi)]
    True
    """
    cl = check_confidence_level(confidence_level)
    check_method(scale, SCALES, "scale")
    dfs = tuple(dfs)
    dfv, q = _t_grid(dfs, cl) if set(map(type, dfs)) == {int} else _t_grid.__wrapped__(dfs, cl)
    _, box = _rounding_box(estimate, lower, upper, scale)
    corners = list(itertools.product(*box))
    strength = [_strength(c) for c in corners]
    if any(math.isnan(s) for s in strength):  # not met in practice (bounds on the log scale are above 0)
        ps = _corner_ps(box, q, dfv)
        return (np.minimum.reduce(ps) <= high) & (np.maximum.reduce(ps) >= low)
    (e1, l1, u1), (e2, l2, u2) = corners[strength.index(max(strength))], corners[strength.index(min(strength))]
    p_min = np.broadcast_to(_corner_ps(([e1], [l1], [u1]), q, dfv)[0], dfv.shape)
    p_max = np.broadcast_to(_corner_ps(([e2], [l2], [u2]), q, dfv)[0], dfv.shape)
    below, above = p_min <= high, p_max >= low  # certain: p_low <= p_min and p_high >= p_max
    unsure = (~below & (p_min <= high + _MARGIN * abs(high))) | (~above & (p_max >= low - _MARGIN * abs(low)))
    if unsure.any():
        ps = _corner_ps(box, q[unsure], dfv[unsure])
        below[unsure] = np.minimum.reduce(ps) <= high
        above[unsure] = np.maximum.reduce(ps) >= low
    return below & above


def p_ranges_meet(cases, dfs) -> list[np.ndarray]:
    """:func:`p_range_meets` of many P-CI pairs over one grid of df, the t distribution's P of them all in one call.

    ``cases``: ``(estimate, lower, upper, low, high, confidence_level, scale)`` each; one boolean array per case, equal
    to ``p_range_meets(estimate, lower, upper, dfs, low, high, confidence_level, scale)``
    (tests/stats/test_p_ranges_meet.py). Why: :func:`analysis.checks.pvalues.common_assumption` asks it of every P-CI
    pair of a study, and a call per pair cost as much again as the ``stdtr`` values themselves (benchmarks/README.md,
    session 11). The same floating-point operations on arrays over cases and df (:func:`_corner_z`'s array path,
    ``stdtr`` elementwise), so each element is the scalar call's; a case whose corners' order is undefined (a NaN) or
    which has a df within :data:`_MARGIN` of a threshold is decided by :func:`p_range_meets` itself.
    """
    dfs = tuple(dfs)
    out: list = [None] * len(cases)
    picked: list[tuple] = []  # (case, the two extreme corners' estimate and width, the quantiles, low, high)
    dfv = None
    for i, (estimate, lower, upper, low, high, confidence_level, scale) in enumerate(cases):
        cl = check_confidence_level(confidence_level)
        check_method(scale, SCALES, "scale")
        dfv, q = _t_grid(dfs, cl) if set(map(type, dfs)) == {int} else _t_grid.__wrapped__(dfs, cl)
        _, box = _rounding_box(estimate, lower, upper, scale)
        corners = list(itertools.product(*box))
        strength = [_strength(c) for c in corners]
        if any(math.isnan(s) for s in strength):
            out[i] = p_range_meets(estimate, lower, upper, dfs, low, high, confidence_level, scale)
            continue
        (e1, l1, u1), (e2, l2, u2) = corners[strength.index(max(strength))], corners[strength.index(min(strength))]
        picked.append((i, e1, u1 - l1, e2, u2 - l2, q, low, high))
    if picked:
        rows, e1s, w1s, e2s, w2s, qs, lows, highs = zip(*picked)
        col = lambda xs: np.array(xs, dtype=float)[:, None]  # noqa: E731 - one column per case
        q2 = np.stack(qs)
        p_min = _two_sided_p(_corner_z(col(e1s), col(w1s), q2), dfv)
        p_max = _two_sided_p(_corner_z(col(e2s), col(w2s), q2), dfv)
        low_a, high_a = col(lows), col(highs)
        below, above = p_min <= high_a, p_max >= low_a
        unsure = (~below & (p_min <= high_a + _MARGIN * np.abs(high_a))) | (
            ~above & (p_max >= low_a - _MARGIN * np.abs(low_a))
        )
        met = below & above
        for r, i in enumerate(rows):
            if unsure[r].any():  # decided from every corner, as p_range_meets decides it
                estimate, lower, upper, low, high, confidence_level, scale = cases[i]
                out[i] = p_range_meets(estimate, lower, upper, dfs, low, high, confidence_level, scale)
            else:
                out[i] = met[r]
    return out


def p_from_ci(estimate, lower, upper, confidence_level=0.95, df=None, scale="linear", quantile=None) -> PFromCI:
    """P value from an estimate and its confidence interval (Altman & Bland 2011).

    Parameters
    ----------
    estimate, lower, upper : str or float
        As printed (``"17"``, ``"1.4"``, ``"32.6"``); numbers are taken as exact.
    confidence_level : float, default 0.95
        Level of the printed interval, in (0, 1).
    df : float or None
        None for a normal (z) interval, else the degrees of freedom of a t interval.
    scale : {"linear", "log"}
        ``"log"`` for ratios: logs of the estimate and bounds (all must be > 0).
    quantile : float, optional
        Multiplier used to build the interval; default the exact normal or t quantile
        (Altman & Bland's worked examples use 1.96).

    Returns
    -------
    PFromCI

    Notes
    -----
    ``SE = (upper - lower) / (2 q)`` with ``q`` the ``1 - (1 - confidence_level)/2``
    quantile of the normal or t(df) distribution; ``z = estimate / SE``;
    ``P = 2 P(Z > |z|)``. ``p_low`` and ``p_high`` are the extremes of P over the box
    of rounding intervals: ``|z|`` grows with ``|estimate|`` and shrinks with the width,
    so the extremes lie at corners of the box, or at an estimate of 0 (P = 1) when the
    estimate's interval crosses 0. All corners are evaluated.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
    interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> r = p_from_ci("17", "1.4", "32.6")
    >>> round(r.se, 3), round(r.z, 3), round(r.p, 3)
    (7.959, 2.136, 0.033)
    >>> round(r.p_low, 3), round(r.p_high, 3)
    (0.027, 0.039)
    >>> round(p_from_ci("0.81", "0.70", "0.94", scale="log").p, 3)
    0.005
    """
    cl = check_confidence_level(confidence_level)
    dfv = _check_df(df)
    check_method(scale, SCALES, "scale")
    (e, lo, hi), box = _rounding_box(estimate, lower, upper, scale)
    if quantile is None:
        q = _quantile(cl, dfv)
    else:
        if isinstance(quantile, bool) or not isinstance(quantile, numbers.Real) or not float(quantile) > 0:
            raise InputError(f"quantile ({quantile!r}) must be a positive number")
        q = float(quantile)
    se = (hi - lo) / (2.0 * q)
    z = e / se
    p = float(_two_sided_p(z, dfv))
    ps = [float(x) for x in _corner_ps(box, q, dfv)]
    inputs = {"estimate": estimate, "lower": lower, "upper": upper}
    return PFromCI(
        inputs=inputs,
        p=p,
        p_low=min(ps),
        p_high=max(ps),
        se=se,
        z=z,
        method=_method_name(dfv),
        scale=scale,
        confidence_level=cl,
        quantile=q,
    )


# --------------------------------------------------------------------------- CI from p


@dataclasses.dataclass(frozen=True, slots=True)
class CIFromP(ConfidenceInterval):
    """A :class:`~analysis.results.ConfidenceInterval` that also says how it was derived.

    Attributes
    ----------
    low, high : float
        The interval (back on the ratio scale for ``scale="log"``).
    estimate, p : float
    se, z : float
        Implied standard error and test statistic (log scale for ratios).
    method : str
        ``"exact"`` or ``"altman_bland"``, with the distribution (``"normal"``, ``"t(df)"``).
    scale : str
    confidence_level : float
    """

    estimate: float = math.nan
    p: float = math.nan
    se: float = math.nan
    z: float = math.nan
    method: str = ""
    scale: str = "linear"
    confidence_level: float = 0.95


def ci_from_p(estimate, p, confidence_level=0.95, df=None, scale="linear", method="exact") -> CIFromP:
    """Confidence interval from an estimate and its two-sided P value (Altman & Bland 2011).

    Parameters
    ----------
    estimate : str or float
    p : str or float
        The printed P value (``"0.032"``, ``"P = .04"``); a bound such as ``"<.001"``
        has no face value and is rejected.
    confidence_level : float, default 0.95
    df : float or None
        None for the normal distribution, else t(df).
    scale : {"linear", "log"}
        ``"log"`` for ratios; the interval is returned on the ratio scale.
    method : {"exact", "altman_bland"}
        ``"exact"``: ``z`` is the normal (or t) quantile of ``1 - P/2``;
        ``"altman_bland"``: the paper's approximation ``z = -0.862 + sqrt(0.743 - 2.404 ln P)``
        (normal only).

    Returns
    -------
    CIFromP
        A ConfidenceInterval with ``se``, ``z`` and the inputs.

    Notes
    -----
    ``SE = |estimate| / z``; ``CI = estimate ± q SE`` with ``q`` the quantile for
    ``confidence_level``. On the log scale the estimate is log-transformed first and the
    bounds exponentiated.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the confidence interval from a
    P value. BMJ, 343, d2090. doi:10.1136/bmj.d2090

    Examples
    --------
    >>> ci = ci_from_p("17", "0.032", method="altman_bland")
    >>> round(ci.z, 3), round(ci.se, 3), round(ci.low, 1), round(ci.high, 1)
    (2.141, 7.94, 1.4, 32.6)
    >>> round(ci_from_p("17", "0.032").z, 3)
    2.144
    """
    cl = check_confidence_level(confidence_level)
    dfv = _check_df(df)
    check_method(scale, SCALES, "scale")
    check_method(method, CI_FROM_P_METHODS, "method")
    erep = _exact_value(_reported(estimate, "estimate"), "estimate")
    prep = _reported(p, "p")
    if not prep.exact:
        raise InputError(f"p ({prep.text!r}) is a bound; ci_from_p needs a P value printed as a value")
    pv = prep.value
    if not 0.0 < pv < 1.0:
        raise InputError(f"p ({prep.text!r}) must be in (0, 1)")
    e = _transform(erep.value, scale, "estimate", erep.text)
    if method == "altman_bland":
        if dfv is not None:
            raise ValueError(f"method ('altman_bland') is a normal approximation; df ({df!r}) must be None")
        z = -0.862 + math.sqrt(0.743 - 2.404 * math.log(pv))
    elif dfv is None:
        z = float(special.ndtri(1.0 - pv / 2.0))
    else:
        z = float(special.stdtrit(dfv, 1.0 - pv / 2.0))
    if not z > 0.0:  # scipy's t quantile of 0.5 + 5e-10 is 0.0 (df 4): no SE follows, not a ZeroDivisionError
        raise InputError(
            f"p ({prep.text!r}) is too close to 1: its quantile is 0 in double precision, so no SE follows"
        )
    se = abs(e) / z
    q = _quantile(cl, dfv)
    lo, hi = e - q * se, e + q * se
    if scale == "log":
        lo, hi = math.exp(lo), math.exp(hi)
    return CIFromP(
        low=lo,
        high=hi,
        estimate=erep.value,
        p=pv,
        se=se,
        z=math.copysign(z, e) if e else z,
        method=f"{method}, {_method_name(dfv)}",
        scale=scale,
        confidence_level=cl,
    )


# --------------------------------------------------------------------------- non-inferiority


@dataclasses.dataclass(frozen=True, slots=True)
class NonInferiority(ResultMixin):
    """A non-inferiority comparison of a confidence interval with a margin.

    Attributes
    ----------
    inputs : dict
    margin : float
        On the scale of the estimate (a ratio for ``scale="log"``).
    higher_is_better : bool
    bound : float
        The CI bound that decides: the lower bound when higher is better, else the upper.
    noninferior : bool
        True when the bound clears the margin at face value (strictly).
    robust : bool
        True when the conclusion holds over the whole rounding interval of the printed bound
        (the margin is a design constant, taken as exact; a bound printed at the margin is
        not robust either way).
    se, z : float
        SE implied by the interval, and ``(estimate - margin)/SE`` oriented so that large
        values favour non-inferiority (log scale for ratios).
    p : float
        One-sided P value against the margin.
    method, scale : str
    confidence_level : float
    """

    inputs: Mapping[str, Any]
    margin: float
    higher_is_better: bool
    bound: float
    noninferior: bool
    robust: bool
    se: float
    z: float
    p: float
    method: str
    scale: str
    confidence_level: float

    @property
    def conclusion(self) -> str:
        """One line in plain words."""
        side = "lower" if self.higher_is_better else "upper"
        rel = ">" if self.higher_is_better else "<"
        if self.noninferior:
            return (
                f"non-inferior: the {side} bound {self.bound:g} {rel} margin {self.margin:g} "
                f"(one-sided P = {self.p:.3g})"
            )
        return (
            f"non-inferiority not shown: the {side} bound {self.bound:g} does not clear "
            f"margin {self.margin:g} (one-sided P = {self.p:.3g})"
        )


def noninferiority(
    estimate, lower, upper, margin, higher_is_better=True, confidence_level=0.95, df=None, scale="linear"
) -> NonInferiority:
    """Non-inferiority of an estimate against a margin, from its confidence interval.

    Parameters
    ----------
    estimate, lower, upper : str or float
        The effect and its interval, as printed (e.g. a difference treatment - control).
    margin : str or float
        The non-inferiority margin on the same scale (e.g. ``"-10"`` for a difference when
        higher is better, ``"1.25"`` for a hazard ratio of harm when lower is better).
    higher_is_better : bool, default True
        True: non-inferior when the lower bound exceeds the margin; False: when the upper
        bound is below it.
    confidence_level : float, default 0.95
        Level of the two-sided interval; the one-sided test has level ``(1 - cl)/2``.
    df : float or None
    scale : {"linear", "log"}

    Returns
    -------
    NonInferiority

    Notes
    -----
    ``SE = (upper - lower) / (2 q)`` as in :func:`p_from_ci`;
    ``z = (estimate - margin) / SE`` (sign reversed when lower is better);
    one-sided ``P = P(Z > z)``. The verdict follows the interval: the relevant bound
    must clear the margin, which is the same as ``P < (1 - confidence_level)/2``
    for a symmetric interval.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
    interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

    Piaggio, G., et al. (2012). Reporting of noninferiority and equivalence randomized
    trials: extension of the CONSORT 2010 statement. JAMA, 308(24), 2594-2604.
    doi:10.1001/jama.2012.87802

    Examples
    --------
    >>> r = noninferiority("-2.0", "-6.1", "2.1", margin="-10")
    >>> r.noninferior, r.robust, r.bound, round(r.z, 3), f"{r.p:.2g}"
    (True, True, -6.1, 3.824, '6.6e-05')
    """
    cl = check_confidence_level(confidence_level)
    dfv = _check_df(df)
    check_method(scale, SCALES, "scale")
    if not isinstance(higher_is_better, bool):
        raise ValueError(f"higher_is_better ({higher_is_better!r}) must be True or False")
    reps = {
        k: _exact_value(_reported(v, k), k)
        for k, v in (("estimate", estimate), ("lower", lower), ("upper", upper), ("margin", margin))
    }
    e, lo, hi, mg = (
        _transform(reps[k].value, scale, k, reps[k].text) for k in ("estimate", "lower", "upper", "margin")
    )
    if not hi > lo:
        raise InputError(f"upper ({reps['upper'].text!r}) must be greater than lower ({reps['lower'].text!r})")
    q = _quantile(cl, dfv)
    se = (hi - lo) / (2.0 * q)
    z = (e - mg) / se if higher_is_better else (mg - e) / se
    p = float(special.ndtr(-z)) if dfv is None else float(special.stdtr(dfv, -z))
    m_rep = reps["margin"]
    if higher_is_better:
        brep = reps["lower"]
        ok = brep.value > m_rep.value
        robust = brep.low > m_rep.value if ok else brep.high <= m_rep.value
    else:
        brep = reps["upper"]
        ok = brep.value < m_rep.value
        robust = brep.high < m_rep.value if ok else brep.low >= m_rep.value
    inputs = {"estimate": estimate, "lower": lower, "upper": upper, "margin": margin}
    return NonInferiority(
        inputs=inputs,
        margin=reps["margin"].value,
        higher_is_better=higher_is_better,
        bound=brep.value,
        noninferior=bool(ok),
        robust=bool(robust),
        se=se,
        z=z,
        p=p,
        method=_method_name(dfv),
        scale=scale,
        confidence_level=cl,
    )
