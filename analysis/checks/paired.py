"""Paired comparisons whose pairing is not printed: bounds over every correlation or pairing.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.

A pre/post pair of means and SDs leaves the correlation r between the two times unprinted, and two
proportions of the same people leave the discordant pairs unprinted. Neither stops a check: the
paired t has a smallest value over every r in [-1, 1], and the exact McNemar p a range over every
pairing the margins allow.
"""

from __future__ import annotations

import math

from ..results import Check, one_vocabulary
from .rounding import _EPS, _count, _fmt_p, _p_interval, _reported

__all__ = ["paired_t_bounds", "mcnemar_bounds"]


def _check_alpha(alpha) -> None:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha ({alpha!r}) must be in (0, 1)")


def _printed_p_fits(p, p_min: float, p_max: float):
    """(the printed p as text, whether its interval meets [p_min, p_max]), or None when no p is printed."""
    if p is None:
        return None
    pr, low, high = _p_interval(p)
    return pr.text.strip(), p_min <= high + _EPS and p_max >= low - _EPS


@one_vocabulary
def paired_t_bounds(mean1, std1, mean2, std2, nobs, p=None, claimed_change: bool = False, alpha=0.05) -> Check:
    """The paired t of a pre/post change over every pre-post correlation r, within rounding.

    Parameters
    ----------
    mean1, std1, mean2, std2 : str
        The two times' means and SDs as printed.
    nobs : int
        The number of people measured at both times.
    p : str, optional
        A printed p for the change, checked against the range of p over r.
    claimed_change : bool, default False
        Whether the text claims a change (a direction word such as "decreased"): without a printed
        p, the check is then consistent when the change is significant for every r.
    alpha : float, default 0.05

    Returns
    -------
    Check
        ``details``: ``t_min``, ``p_max`` (r = -1, the widest SD of the change), ``t_r0``,
        ``p_r0`` (r = 0), ``t_max``, ``p_min`` (r = 1), all over the rounding of the printed numbers.

    Notes
    -----
    ``t = |m1 - m2| sqrt(n) / s_d`` with ``s_d^2 = s1^2 + s2^2 - 2 r s1 s2``, so ``s_d`` lies
    between ``|s1 - s2|`` (r = 1) and ``s1 + s2`` (r = -1), and ``t(n - 1)`` at r = -1 is the
    smallest t any correlation gives (Cohen 1988, Statistical Power Analysis, ch. 2.3.5, for
    ``s_d``). Repeated measures of one scale nearly always have r > 0, so the bound at r = 0 is
    also given.

    Examples
    --------
    >>> r = paired_t_bounds("30.6", "6.1", "20.3", "11.5", 30, claimed_change=True)
    >>> r.verdict, round(r.details["t_min"], 2), round(r.details["p_max"], 4)
    ('consistent', 3.16, 0.0037)
    """
    from scipy import stats

    _check_alpha(alpha)
    reps = {k: _reported(v, k) for k, v in (("mean1", mean1), ("std1", std1), ("mean2", mean2), ("std2", std2))}
    n = _count(nobs, "nobs", 2)
    m1, s1, m2, s2 = reps["mean1"], reps["std1"], reps["mean2"], reps["std2"]
    for k in ("std1", "std2"):
        if reps[k].value < 0:
            raise ValueError(f"{k} ({reps[k].text!r}) must be >= 0")
    d_lo, d_hi = m1.low - m2.high, m1.high - m2.low
    ad_min = 0.0 if d_lo <= 0 <= d_hi else min(abs(d_lo), abs(d_hi))
    ad_max = max(abs(d_lo), abs(d_hi))
    sd_max = s1.high + s2.high
    sd_min = max(0.0, s1.low - s2.high, s2.low - s1.high)
    sd_r0 = math.hypot(s1.high, s2.high)
    df = n - 1
    root = math.sqrt(n)
    t_min = ad_min * root / sd_max if sd_max > 0 else math.inf
    t_r0 = ad_min * root / sd_r0 if sd_r0 > 0 else math.inf
    t_max = ad_max * root / sd_min if sd_min > 0 else math.inf
    p_max, p_r0, p_min = (float(2 * stats.t.sf(t, df)) for t in (t_min, t_r0, t_max))
    face = m1.value - m2.value
    txt = (
        f"{m1.text.strip()} ± {s1.text.strip()} vs {m2.text.strip()} ± {s2.text.strip()} in the same {n} "
        f"people: a difference of {face:.4g}"
    )
    bound = (
        f"whatever the pre-post correlation r, t({df}) >= {t_min:.2f} and p <= {_fmt_p(p_max)} (r = -1, "
        f"SD of the change at most {sd_max:.4g}); for r >= 0, t >= {t_r0:.2f} and p <= {_fmt_p(p_r0)}"
    )
    details = {
        "t_min": t_min,
        "p_max": p_max,
        "t_r0": t_r0,
        "p_r0": p_r0,
        "t_max": t_max,
        "p_min": p_min,
        "df": df,
        "alpha": alpha,
    }
    rep = f"{m1.text.strip()} ± {s1.text.strip()} vs {m2.text.strip()} ± {s2.text.strip()}"
    if (fit := _printed_p_fits(p, p_min, p_max)) is not None:
        shown, ok = fit
        return Check(
            "paired_t_bound",
            "consistent" if ok else "inconsistent",
            f"{txt}; P = {shown} printed; over every r in [-1, 1] the paired t gives p from "
            f"{_fmt_p(p_min)} to {_fmt_p(p_max)}, which {'fits' if ok else 'does not fit'} it; {bound}",
            reported=rep,
            recomputed=f"p {_fmt_p(p_min)} to {_fmt_p(p_max)}",
            details=details,
        )
    if p_max <= alpha and claimed_change:
        return Check(
            "paired_t_bound",
            "consistent",
            f"{txt}; no p printed, but {bound}: the change the words claim is significant at {alpha:g} for every r",
            reported=rep,
            recomputed=f"p <= {_fmt_p(p_max)}",
            margin=alpha - p_max,
            details=details,
        )
    why = (
        "no p is printed and the words claim no change to test"
        if p_max <= alpha
        else f"no p is printed, and whether the change is significant at {alpha:g} depends on the unprinted r"
    )
    return Check(
        "paired_t_bound",
        "not_testable",
        f"{txt}; {why}; {bound}",
        reported=rep,
        recomputed=f"p <= {_fmt_p(p_max)}",
        details=details,
    )


def mcnemar_bounds(k1, k2, n, p=None, alpha=0.05) -> Check:
    """Two proportions of the same n people: the exact McNemar p over every pairing the margins allow.

    Parameters
    ----------
    k1, k2 : int
        Events at the first and at the second time (or condition).
    n : int
        People observed at both.
    p : str, optional
        A printed p for the change, checked against the range.
    alpha : float, default 0.05

    Returns
    -------
    Check
        ``details["pairings"]`` maps the number with the event at both times to ``(b, c, p)``.

    Notes
    -----
    With ``x`` people having the event both times, the discordant pairs are ``b = k1 - x`` and
    ``c = k2 - x``, for ``max(0, k1 + k2 - n) <= x <= min(k1, k2)``; the exact McNemar p is the
    two-sided binomial p of ``min(b, c)`` in ``b + c`` trials at 1/2 (McNemar 1947,
    Psychometrika 12:153, doi:10.1007/BF02295996), from :func:`scipy.stats.binomtest`.

    Examples
    --------
    >>> r = mcnemar_bounds(8, 4, 30)
    >>> r.verdict, round(r.details["p_min"], 3), round(r.details["p_max"], 3)
    ('not_testable', 0.125, 0.388)
    """
    from scipy.stats import binomtest

    _check_alpha(alpha)
    n = _count(n, "n", 1)
    k1, k2 = _count(k1, "k1", 0), _count(k2, "k2", 0)
    if k1 > n or k2 > n:
        raise ValueError(f"k1 ({k1}) and k2 ({k2}) must not exceed n ({n})")
    pairings = {}
    for x in range(max(0, k1 + k2 - n), min(k1, k2) + 1):
        b, c = k1 - x, k2 - x
        pv = 1.0 if b + c == 0 else float(binomtest(min(b, c), b + c, 0.5).pvalue)
        pairings[x] = (b, c, pv)
    ps = [v[2] for v in pairings.values()]
    p_min, p_max = min(ps), max(ps)
    details = {"pairings": pairings, "p_min": p_min, "p_max": p_max, "alpha": alpha}
    txt = (
        f"{k1}/{n} and {k2}/{n} of the same people: over every pairing the margins allow "
        f"({min(pairings)} to {max(pairings)} with the event both times), the exact McNemar p runs from "
        f"{_fmt_p(p_min)} to {_fmt_p(p_max)}"
    )
    sig = (
        "significant at {a:g} for every pairing"
        if p_max <= alpha
        else "not significant at {a:g} for any pairing"
        if p_min > alpha
        else "significant at {a:g} for some pairings only"
    ).format(a=alpha)
    rep = f"{k1}/{n} vs {k2}/{n}"
    if (fit := _printed_p_fits(p, p_min, p_max)) is not None:
        shown, ok = fit
        return Check(
            "mcnemar_bounds",
            "consistent" if ok else "inconsistent",
            f"{txt}; P = {shown} printed, which {'fits' if ok else 'lies outside'} that range",
            reported=rep,
            recomputed=f"p {_fmt_p(p_min)} to {_fmt_p(p_max)}",
            details=details,
        )
    return Check(
        "mcnemar_bounds",
        "not_testable",
        f"{txt} ({sig}); no test is printed and the discordant pairs are not, so there is nothing to check it against",
        reported=rep,
        recomputed=f"p {_fmt_p(p_min)} to {_fmt_p(p_max)}",
        details=details,
    )
