"""P values against what else was printed: a test statistic (statcheck), a CI, and CI symmetry; one
assumption (normal or one t df) across a study's P-CI pairs; p = .000.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.

References
----------
Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors in
psychology (1985-2013). Behavior Research Methods, 48, 1205-1226.
doi:10.3758/s13428-015-0664-2
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Sequence

import numpy as np
from scipy import special

from ..reported import Reported
from ..results import Check, InputError, check_confidence_level, check_method
from ..stats.inference import SCALES, _check_df, p_from_ci, p_range_meets, p_ranges_meet
from .rounding import _EPS, _fmt, _fmt_p, _min_max, _p_interval, _pick, _reported

__all__ = [
    "TESTS",
    "recompute_p",
    "df_half_unit",
    "df_text",
    "check_p_against_ci",
    "check_p_side_of_ci",
    "ci_symmetry",
    "common_assumption",
    "check_p_zero",
    "DF_GRID",
]

#: Valid ``test=`` values of :func:`recompute_p`.
TESTS = ("t", "F", "chi2", "r", "z")
#: Valid ``alternative=`` values of :func:`recompute_p`.
ALTERNATIVES = ("two-sided", "less", "greater")


# =========================================================================== statcheck


def _stat_p(test: str, stat, df1, df2):
    """Two-sided p for t, z and r; upper-tail p for F and chi2 (statcheck's compute_p)."""
    stat = np.asarray(stat, dtype=float)
    if test == "t":
        return 2.0 * special.stdtr(df2, -np.abs(stat))
    if test == "z":
        return 2.0 * special.ndtr(-np.abs(stat))
    if test == "r":
        r = np.minimum(np.abs(stat), 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = r / np.sqrt((1.0 - r * r) / df2)
        return 2.0 * special.stdtr(df2, -t)
    if test == "F":
        return special.fdtrc(df1, df2, np.maximum(stat, 0.0))
    return special.chdtrc(df1, np.maximum(stat, 0.0))  # chi2


def df_half_unit(df) -> float:
    """Half a unit of the last printed decimal of a df printed with decimals, else 0 (exact).

    A df printed with decimals (``"86.7"``, a Greenhouse-Geisser or Welch corrected df) stands
    for its rounding interval ``[86.65, 86.75]``; a whole df (``"28"``, ``28``, ``28.0``) is
    exact. A float counts the decimals of its shortest repr, so that a frame column of floats and
    the strings they were read from give the same interval.

    >>> df_half_unit("86.7"), df_half_unit("1.85"), df_half_unit(86.7), df_half_unit("28"), df_half_unit(28.0)
    (0.05, 0.005, 0.05, 0.0, 0.0)
    """
    if df is None or isinstance(df, (bool, numbers.Integral)):
        return 0.0
    if isinstance(df, numbers.Real):
        if not math.isfinite(df) or float(df).is_integer():
            return 0.0
        txt = repr(float(df))
    else:
        txt = str(df).strip()
    m = re.fullmatch(r"[0-9]{0,15}\.([0-9]{1,15})", txt)
    return 0.5 * 10.0 ** -len(m.group(1)) if m else 0.0


def df_text(df) -> str:
    """A df as an explanation prints it: ``86.7``, ``28`` (a whole float without its ``.0``).

    >>> df_text(86.7), df_text(28.0), df_text(1746.75)
    ('86.7', '28', '1746.75')
    """
    v = float(df)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _df_ends(df, half):
    """The df values P is computed at: the df itself when exact, both ends of its rounding when not (``half``
    a number, or an array over rows, 0 where a df is exact: both ends are then the df)."""
    exact = df is None or not (half.any() if isinstance(half, np.ndarray) else half)
    return (df,) if exact else (df - half, df + half)


#: the tests whose P is two-sided in the statistic (|t|, |z|, |r|); F and chi2 are upper tails
_TWO_SIDED_TESTS = ("t", "z", "r")


def _p_bounds(test, lo, hi, df1, df2, h1=0.0, h2=0.0):
    """The least and the greatest P over the statistic's rounding interval [lo, hi] and the df's (``h1``, ``h2``
    half a unit of a df printed rounded): P at every corner of the box, P being monotone in each argument
    over so small an interval. Numbers, or arrays over the rows of one test (recompute_p_map), by the same
    operations."""
    least, most = _min_max(lo)
    if test in _TWO_SIDED_TESTS:
        al, ah = abs(lo), abs(hi)
        stats = (most(al, ah), _pick((lo <= 0.0) & (0.0 <= hi), 0.0, least(al, ah)))
    else:
        stats = (most(hi, 0.0), most(lo, 0.0))
    ps = [_stat_p(test, s, a, b) for s in stats for a in _df_ends(df1, h1) for b in _df_ends(df2, h2)]
    return (np.minimum.reduce(ps), np.maximum.reduce(ps)) if isinstance(lo, np.ndarray) else (min(ps), max(ps))


def _p_range(test, rep: Reported, df1, df2, h1=0.0, h2=0.0) -> tuple[float, float, float]:
    """Face-value p and its range over the statistic's rounding interval and the df's (:func:`_p_bounds`)."""
    low, high = _p_bounds(test, rep.low, rep.high, df1, df2, h1, h2)
    return float(_stat_p(test, rep.value, df1, df2)), float(low), float(high)


def _significance(lo: float, hi: float, alpha: float) -> bool | None:
    """True when all of [lo, hi] <= alpha, False when all > alpha, None when it straddles."""
    if hi <= alpha + _EPS:
        return True
    if lo > alpha + _EPS:
        return False
    return None


#: How a source may print "not significant"; statcheck reads ``ns`` as p > alpha.
NS = ("ns", "n.s.", "n.s", "not significant")


def _printed_p(p, alpha: float) -> tuple[str, float, float, bool | None]:
    """A printed P -> (label text, low, high, significant): the interval it stands for clipped to
    [0, 1], and whether it says significant at ``alpha`` (None when it cannot tell). ``"ns"``
    stands for [alpha, 1] (statcheck). Shared by :func:`recompute_p` and ``recompute_p_map``."""
    if isinstance(p, str) and p.strip().lower() in NS:
        return p.strip(), alpha, 1.0, False
    prep, p_lo, p_hi = _p_interval(p)
    txt = prep.text.strip()
    if not re.match(r"^[Pp]", txt):
        txt = f"p = {txt}" if prep.exact else f"p {txt}"
    sig: bool | None
    if prep.comparator in ("=", "<", "<="):
        sig = prep.value <= alpha
    else:
        sig = False if prep.value >= alpha else None
    return txt, p_lo, p_hi, sig


def _p_explanation(
    label, p_txt, f, a, b, sides, consistent, decision_error, sig_print, sig_rec, alpha, df_rounded=False
) -> str:
    """The explanation :func:`recompute_p` gives (shared with ``recompute_p_map``)."""
    rng = f"{_fmt_p(a)} to {_fmt_p(b)}"
    over = "its rounding interval" + (" and the df's (printed rounded)" if df_rounded else "")
    if consistent:
        return f"{label}, {p_txt}: the statistic, over {over}, gives p from {rng}{sides}, which fits the printed p"
    expl = (
        f"{label}, {p_txt}: the statistic gives p = {_fmt_p(f)}{sides} (from {rng} over "
        f"{over}), which does not fit the printed p"
    )
    if decision_error:
        expl += (
            f"; a decision error: printed {'significant' if sig_print else 'not significant'}, "
            f"recomputed {'significant' if sig_rec else 'not significant'} at alpha = {alpha:g}"
        )
    return expl


def _positive_df(x, name: str, what: str = "") -> float:
    """A df: a positive number or a printed one (``"16"``, ``"86.7"``); real-valued df are fine."""
    if isinstance(x, bool):
        x = None
    try:  # a number or a printed one ("16", "27.3"): README, "Input rule"
        v = _check_df(x)
    except ValueError:
        v = None
    if v is None or not math.isfinite(v):
        raise InputError(f"{name} ({x!r}) must be a positive number{what}") from None
    return v


def recompute_p(test, statistic, df, p, alternative="two-sided", alpha=0.05) -> Check:
    """Recompute P from a test statistic and its df, as statcheck does.

    Parameters
    ----------
    test : {"t", "F", "chi2", "r", "z"}
    statistic : str
        As printed (``"2.20"``); its rounding interval gives a range of P values.
    df : number, str, pair of them, or None
        Degrees of freedom: one for t, r (n - 2) and chi2; ``(df1, df2)`` for F; None for z.
        Real-valued df (Welch, Greenhouse-Geisser: ``("1.8", "86.7")``) are recomputed as
        printed and over their rounding interval (:func:`df_half_unit`), as R statcheck reads
        them but with the df's rounding allowed for.
    p : str
        As printed: ``"= .03"``, ``".03"``, ``"p < .001"``, ``"> .05"``; ``"ns"`` (also ``"n.s."``)
        stands for P above ``alpha``, as statcheck reads it.
    alternative : {"two-sided", "less", "greater"}
        A one-sided test (t, z, r; F and chi2 with df1 = 1): the printed P is accepted
        when it matches either the one-sided P (half the two-sided) or the two-sided P,
        statcheck's one-tailed tolerance.
    alpha : float, default 0.05
        For decision errors; P = alpha counts as significant (statcheck's default).

    Returns
    -------
    Check
        ``details["decision_error"]``: True when the printed P and the recomputed P fall on
        different sides of ``alpha`` (for every value in the recomputed range).

    Notes
    -----
    The printed statistic ``v`` stands for ``[v - u/2, v + u/2]``; P is computed at both ends
    (at 0 when the interval crosses 0), giving ``[p_min, p_max]`` (t: ``2 pt(-|t|, df)``;
    z: ``2 pnorm(-|z|)``; r: via ``t = r sqrt(df / (1 - r^2))``; F: ``pf(F, df1, df2,
    lower = FALSE)``; chi2: ``pchisq(x, df, lower = FALSE)``). The verdict is
    ``inconsistent`` when this range does not meet the printed P's interval
    (``"= .03"`` stands for ``[.025, .035]``, ``"< .05"`` for ``[0, .05]``, ``"> .05"``
    for ``[.05, 1]``).

    References
    ----------
    Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S., &
    Wicherts, J. M. (2016). The prevalence of statistical reporting errors in psychology
    (1985-2013). Behavior Research Methods, 48(4), 1205-1226. doi:10.3758/s13428-015-0664-2

    Epskamp, S., & Nuijten, M. B. (2016). statcheck: Extract statistics from articles and
    recompute p values. R package. https://CRAN.R-project.org/package=statcheck

    Examples
    --------
    >>> r = recompute_p("t", "2.20", 28, ".03")
    >>> r.verdict, round(r.details["p"], 6)
    ('inconsistent', 0.036225)
    >>> recompute_p("t", "2.2", 28, ".03").verdict
    'consistent'

    A Greenhouse-Geisser corrected F: P = .0160 at the df as printed, up to .0169 over their
    rounding (1.75-1.85, 86.65-86.75), which reaches the printed .017:

    >>> r = recompute_p("F", "4.55", ("1.8", "86.7"), ".017")
    >>> r.verdict, round(r.details["p"], 4), round(r.details["p_high"], 4)
    ('consistent', 0.016, 0.0169)
    """
    check_method(test, TESTS, "test")
    check_method(alternative, ALTERNATIVES, "alternative")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < float(alpha) < 1:
        raise InputError(f"alpha ({alpha!r}) must be in (0, 1)")
    alpha = float(alpha)
    srep = _reported(statistic, "statistic")
    p_txt, p_lo_print, p_hi_print, sig_print = _printed_p(p, alpha)
    df1 = df2 = None
    h1 = h2 = 0.0
    if test == "F":
        if isinstance(df, (str, bytes)) or not isinstance(df, Sequence) or len(df) != 2:
            raise InputError(f"df ({df!r}) must be a pair (df1, df2) for test 'F'")
        df1, df2 = _positive_df(df[0], "df1"), _positive_df(df[1], "df2")
        h1, h2 = df_half_unit(df[0]), df_half_unit(df[1])
        dftxt = f"({df_text(df1)}, {df_text(df2)})"
    elif test == "z":
        if df is not None:
            raise InputError(f"df ({df!r}) must be None for test 'z'")
        dftxt = ""
    else:
        df1 = df2 = _positive_df(df, "df", f" for test {test!r}")
        h1 = h2 = df_half_unit(df)
        dftxt = f"({df_text(df1)})"
    if test in ("F", "chi2") and srep.value < 0:
        raise InputError(f"statistic ({srep.text!r}) must be >= 0 for test {test!r}")
    if test == "r" and abs(srep.value) > 1:
        raise InputError(f"statistic ({srep.text!r}) must be in [-1, 1] for test 'r'")
    one_sided = alternative != "two-sided"
    if one_sided and test in ("F", "chi2") and df1 != 1:
        raise InputError(
            f"alternative ({alternative!r}) is one-sided, which is defined for {test} only with df1 = 1 (got {df!r})"
        )
    face, lo, hi = _p_range(test, srep, df1, df2, h1, h2)
    versions = {"two-sided": (face, lo, hi)}
    if one_sided:
        versions = {"one-sided": (face / 2, lo / 2, hi / 2), "two-sided": (face, lo, hi)}

    def overlaps(a, b):
        return a <= p_hi_print + _EPS and b >= p_lo_print - _EPS

    matching = [k for k, (_, a, b) in versions.items() if overlaps(a, b)]
    used = matching[0] if matching else next(iter(versions))
    f, a, b = versions[used]
    label = f"{test}{dftxt} = {srep.text.strip()}"
    sides = f" ({used})" if one_sided else ""
    sig_rec = _significance(a, b, alpha)
    consistent = bool(matching)
    decision_error = (not consistent) and sig_print is not None and sig_rec is not None and sig_print != sig_rec
    details = {
        "test": test,
        "df": df,
        "p": f,
        "p_low": a,
        "p_high": b,
        "alternative": alternative,
        "version": used,
        "matching": matching,
        "decision_error": bool(decision_error),
        "alpha": alpha,
        "printed_interval": (p_lo_print, p_hi_print),
    }
    expl = _p_explanation(
        label, p_txt, f, a, b, sides, consistent, decision_error, sig_print, sig_rec, alpha, df_rounded=bool(h1 or h2)
    )
    if consistent:
        verdict, margin = "consistent", min(b - p_lo_print, p_hi_print - a)
    else:
        verdict, margin = "inconsistent", -min(abs(a - p_hi_print), abs(b - p_lo_print))
    return Check(
        "recompute_p",
        verdict,
        expl,
        reported=f"{label}, {p_txt}",
        recomputed=f"p = {_fmt_p(f)}",
        margin=margin,
        details=details,
    )


# =========================================================================== p against CI


def check_p_against_ci(estimate, lower, upper, p, confidence_level=0.95, df=None, scale="linear") -> Check:
    """Does the printed P fit the estimate and its confidence interval?

    Parameters
    ----------
    estimate, lower, upper : str
        As printed.
    p : str
        As printed (``"0.02"``, ``"P<0.001"``).
    confidence_level : float, default 0.95
    df : float, optional
        When given, a t(df) interval is tried besides the normal one.
    scale : {"linear", "log"}
        ``"log"`` for ratios.

    Returns
    -------
    Check
        ``details["assumptions"]`` maps each assumption tried (``"normal"``, ``"t(df)"``) to
        ``{"p", "p_low", "p_high", "fits"}``; ``details["reproducing"]`` lists those that fit.

    Notes
    -----
    :func:`analysis.stats.inference.p_from_ci` gives the P implied by the interval at face value and
    its range ``[p_low, p_high]`` over the rounding of the printed numbers. The check is
    ``consistent`` when that range meets the printed P's interval under some assumption.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
    interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> r = check_p_against_ci("17", "1.4", "32.6", ".02")
    >>> r.verdict
    'inconsistent'
    >>> print(r.explanation)
    P = .02 printed; the 95% CI 1.4 to 32.6 around 17 implies P = 0.033 at face value, and between 0.027 and 0.039 over the rounding of the printed numbers (normal)
    """
    cl = check_confidence_level(confidence_level)
    dfv = _check_df(df)
    check_method(scale, SCALES, "scale")
    reps = {k: _reported(v, k) for k, v in (("estimate", estimate), ("lower", lower), ("upper", upper))}
    prep, p_lo, p_hi = _p_interval(p)
    tries = [None] + ([dfv] if dfv is not None else [])
    assumptions = {}
    for dd in tries:
        r = p_from_ci(reps["estimate"], reps["lower"], reps["upper"], cl, dd, scale)
        fits = r.p_low <= p_hi + _EPS and r.p_high >= p_lo - _EPS
        assumptions[r.method] = {"p": r.p, "p_low": r.p_low, "p_high": r.p_high, "fits": bool(fits)}
    reproducing = [k for k, v in assumptions.items() if v["fits"]]
    ptxt = prep.text.strip()
    ptxt = re.sub(r"^[Pp]\s*", "", ptxt)
    shown = f"P {ptxt}" if prep.comparator != "=" or ptxt[:1] in "<>=≤≥" else f"P = {ptxt}"
    ci_txt = (
        f"the {100 * cl:g}% CI {reps['lower'].text.strip()} to {reps['upper'].text.strip()} "
        f"around {reps['estimate'].text.strip()}"
    )
    parts = []
    for k, v in assumptions.items():
        parts.append(
            f"P = {_fmt_p(v['p'])} at face value, and between {_fmt_p(v['p_low'])} and "
            f"{_fmt_p(v['p_high'])} over the rounding of the printed numbers ({k})"
        )
    expl = f"{shown} printed; {ci_txt} implies " + "; or ".join(parts)
    if scale == "log":
        expl += " (computed on the log scale)"
    details = {
        "assumptions": assumptions,
        "reproducing": reproducing,
        "scale": scale,
        "confidence_level": cl,
        "printed_interval": (p_lo, p_hi),
    }
    first = next(iter(assumptions.values()))
    if reproducing:
        if len(assumptions) > 1:
            expl += f"; the printed P is reproduced under {' and '.join(reproducing)}"
        best = assumptions[reproducing[0]]
        margin = min(best["p_high"] - p_lo, p_hi - best["p_low"])
        return Check(
            "p_against_ci",
            "consistent",
            expl,
            reported=shown,
            recomputed=f"P = {_fmt_p(first['p'])}",
            margin=margin,
            details=details,
        )
    if len(assumptions) > 1:
        expl += "; the printed P is reproduced under none of these"
    margin = -min(min(abs(v["p_low"] - p_hi), abs(v["p_high"] - p_lo)) for v in assumptions.values())
    return Check(
        "p_against_ci",
        "inconsistent",
        expl,
        reported=shown,
        recomputed=f"P = {_fmt_p(first['p'])}",
        margin=margin,
        details=details,
    )


def check_p_side_of_ci(p, lower, upper, confidence_level=0.95, scale="linear") -> Check:
    """Do a P and the confidence interval of the same comparison agree on significance?

    A two-sided test at level ``1 - confidence_level`` rejects exactly when the matching CI excludes the null (0 for
    a difference, 1 for a ratio): P below the level and a CI holding the null, or P above it and a CI excluding the
    null, cannot come from one analysis. Needs no estimate (a table whose cells print 'P (95% CI)').

    Parameters
    ----------
    p, lower, upper : str
        As printed.
    confidence_level : float, default 0.95
    scale : {"linear", "log"}
        ``"log"`` for ratios: the null is 1.

    Returns
    -------
    Check
        ``consistent`` unless the printed P's interval lies wholly on one side of the level and the CI's bounds,
        over their rounding, wholly on the other side of the null; ``inconsistent`` otherwise.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence interval. BMJ, 343, d2304
    (a test and its CI agree on significance when both come from one analysis). doi:10.1136/bmj.d2304

    Examples
    --------
    >>> check_p_side_of_ci("0.084", "0.02", "0.38").verdict
    'inconsistent'
    >>> check_p_side_of_ci("0.009", "-0.47", "-0.07").verdict
    'consistent'
    >>> check_p_side_of_ci("0.05", "0.00", "0.38").verdict  # at the level, a bound at the null: either way
    'consistent'
    >>> check_p_side_of_ci("0.30", "0.20", "-0.10").verdict  # bounds printed upper first: the CI holds 0
    'consistent'
    """
    cl = check_confidence_level(confidence_level)
    check_method(scale, SCALES, "scale")
    lo, hi = _reported(lower, "lower"), _reported(upper, "upper")
    printed = f"{lo.text.strip()} to {hi.text.strip()}"
    if lo.value > hi.value:  # printed upper first (ci_order speaks of the order): the interval is the same
        lo, hi = hi, lo
    prep, p_lo, p_hi = _p_interval(p)
    null, alpha = (1.0 if scale == "log" else 0.0), 1 - cl
    holds = lo.high < null < hi.low  # the null inside, whatever the rounding
    excludes = lo.low > null or hi.high < null
    ptxt = re.sub(r"^[Pp]\s*", "", prep.text.strip())
    shown = f"P {ptxt}" if ptxt[:1] in "<>=≤≥" else f"P = {ptxt}"
    ci_txt = f"the {100 * cl:g}% CI {printed}"
    if p_hi < alpha - _EPS and holds:
        side = f"{shown} is below {alpha:g} but {ci_txt} holds the null {null:g}"
    elif p_lo > alpha + _EPS and excludes:
        side = f"{shown} is above {alpha:g} but {ci_txt} excludes the null {null:g}"
    else:
        return Check(
            "p_side_of_ci",
            "consistent",
            f"{shown} and {ci_txt} agree on significance at {alpha:g} (null {null:g})",
            reported=f"{shown}; {printed}",
            recomputed="agree",
        )
    return Check(
        "p_side_of_ci",
        "inconsistent",
        f"{side}, over the rounding of the printed numbers: a test and its CI from one analysis cannot disagree on "
        "significance (a misprinted P or bound, or a P from another test)",
        reported=f"{shown}; {printed}",
        recomputed="disagree",
    )


def ci_symmetry(estimate, lower, upper, scale="linear") -> Check:
    """Is the estimate at the centre of its confidence interval, within rounding?

    Parameters
    ----------
    estimate, lower, upper : str
        As printed.
    scale : {"linear", "log"}
        ``"log"`` for ratios: the centre is the geometric mean ``sqrt(lower * upper)``.

    Returns
    -------
    Check

    Notes
    -----
    Consistent when some values in the rounding intervals satisfy
    ``estimate = (lower + upper) / 2`` (linear) or ``estimate^2 = lower * upper`` (log).
    An asymmetric interval is not an error in itself: score (Wilson), exact, profile-likelihood
    and bootstrap intervals are asymmetric; the check says whether a Wald-type interval
    (estimate ± q SE) could have been printed, which :func:`check_p_against_ci` assumes.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). How to obtain the P value from a confidence
    interval. BMJ, 343, d2304. doi:10.1136/bmj.d2304

    Examples
    --------
    >>> ci_symmetry("17", "1.4", "32.6").verdict
    'consistent'
    >>> ci_symmetry("0.81", "0.70", "0.94", scale="log").verdict
    'consistent'
    >>> ci_symmetry("0.30", "0.15", "0.50").verdict  # e.g. a Wilson interval
    'inconsistent'
    """
    check_method(scale, SCALES, "scale")
    reps = {k: _reported(v, k) for k, v in (("estimate", estimate), ("lower", lower), ("upper", upper))}
    e, lo, hi = reps["estimate"], reps["lower"], reps["upper"]
    if scale == "log":
        for k, r in reps.items():
            if not r.value > 0:
                raise InputError(f"{k} ({r.text!r}) must be > 0 on scale='log'")
        c_lo = math.sqrt(max(lo.low, 0.0) * max(hi.low, 0.0))
        c_hi = math.sqrt(lo.high * hi.high)
        centre = math.sqrt(lo.value * hi.value)
        how = "geometric centre"
    else:
        c_lo, c_hi = (lo.low + hi.low) / 2, (lo.high + hi.high) / 2
        centre = (lo.value + hi.value) / 2
        how = "centre"
    d = max(e.decimals, lo.decimals, hi.decimals) + 1
    fits = e.low <= c_hi + _EPS and e.high >= c_lo - _EPS
    txt = f"{e.text.strip()} ({lo.text.strip()} to {hi.text.strip()})"
    details = {"centre": centre, "centre_interval": (c_lo, c_hi), "estimate_interval": (e.low, e.high), "scale": scale}
    if fits:
        return Check(
            "ci_symmetry",
            "consistent",
            f"{txt}: the {how} of the interval is {_fmt(centre, d)} (between {_fmt(c_lo, d)} and "
            f"{_fmt(c_hi, d)} over rounding), which fits the estimate",
            reported=txt,
            recomputed=_fmt(centre, d),
            margin=min(c_hi - e.low, e.high - c_lo),
            details=details,
        )
    return Check(
        "ci_symmetry",
        "inconsistent",
        f"{txt}: the {how} of the interval is {_fmt(centre, d)} (between {_fmt(c_lo, d)} and "
        f"{_fmt(c_hi, d)} over rounding), not {e.text.strip()}: the interval is not symmetric "
        f"around the estimate{' on the log scale' if scale == 'log' else ''}, so it was not "
        f"computed as estimate ± q SE (or the numbers disagree)",
        reported=txt,
        recomputed=_fmt(centre, d),
        margin=-min(abs(e.low - c_hi), abs(c_lo - e.high)),
        details=details,
    )


# =========================================================================== one assumption, p = .000

#: Degrees of freedom tried by :func:`common_assumption` besides the normal: every df up to 200,
#: then steps to 1000 (beyond which t and normal quantiles differ by < 0.1%).
DF_GRID = tuple(range(1, 201)) + tuple(range(220, 1001, 20))


def _runs(dfs: list[int]) -> str:
    """The df as runs (steps of 1, or of 20 from 200 on, as in :data:`DF_GRID`).

    >>> _runs([1, 2, 3, 7, 200, 220, 240]), _runs([])
    ('1-3, 7, 200-240', '')
    """
    if not dfs:
        return ""
    out: list[str] = []
    start = prev = dfs[0]
    for d in dfs[1:]:
        if d == prev + 1 or (prev >= 200 and d == prev + 20):
            prev = d
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = d
    out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(out)


def common_assumption(pairs, names=None, df_grid=DF_GRID) -> Check:
    """Does one assumption (normal, or t with one df) reproduce every printed P-CI pair of a study?

    Parameters
    ----------
    pairs : sequence of dict
        Each with ``estimate``, ``lower``, ``upper``, ``p`` as printed, and optionally
        ``confidence_level`` (default 0.95) and ``scale`` (default ``"linear"``).
    names : sequence of str, optional
        A label per pair for the explanation.
    df_grid : sequence of int
        The t degrees of freedom tried besides the normal (default :data:`DF_GRID`).

    Returns
    -------
    Check
        ``consistent`` when some assumption reproduces every pair within rounding (the explanation
        names them); ``inconsistent`` when none does although each pair is reproduced by some
        assumption on its own (one model with one df cannot have printed them all); when a pair is
        reproduced by no assumption at all, that pair's own check is the finding and the others are
        judged without it. ``details["reproducing"]`` lists, per pair, the df (``inf`` = normal)
        that reproduce it.

    Notes
    -----
    For each pair and each assumption, :func:`analysis.stats.inference.p_from_ci` gives the range
    of P the printed estimate and CI imply over their rounding (Altman & Bland 2011; over the df
    grid at once with :func:`analysis.stats.inference.p_range_over_df`, the same numbers); the pair is
    reproduced when that range meets the printed P's interval (as in :func:`check_p_against_ci`; over the
    grid, :func:`analysis.stats.inference.p_range_meets` gives the same booleans).

    Examples
    --------
    >>> pairs = [dict(estimate="1.35", lower="0.41", upper="2.30", p="0.005"),
    ...          dict(estimate="1.38", lower="0.37", upper="2.39", p="0.007")]
    >>> common_assumption(pairs).verdict
    'consistent'
    """
    pairs = list(pairs)
    if len(pairs) < 2:
        raise InputError(f"pairs ({len(pairs)}) must hold at least two P-CI pairs")
    names = list(names) if names is not None else [f"pair {i + 1}" for i in range(len(pairs))]
    t_df = [int(d) for d in df_grid]
    normal: list[bool] = []
    cases = []  # the t ranges over the grid of every pair but the first, in one call after the loop
    oks: list = []
    for i, pair in enumerate(pairs):
        try:
            est, lo, hi, p = (pair[k] for k in ("estimate", "lower", "upper", "p"))
        except (KeyError, TypeError):
            raise InputError(f"pairs[{i}] ({pair!r}) must have estimate, lower, upper and p") from None
        cl = check_confidence_level(pair.get("confidence_level", 0.95))
        scale = pair.get("scale", "linear")
        prep = _reported(p, f"pairs[{i}] p", exact=False)
        p_lo, p_hi = max(prep.low, 0.0), min(prep.high, 1.0)
        r = p_from_ci(est, lo, hi, cl, None, scale)  # the normal; then every t df of the grid at once
        normal.append(r.p_low <= p_hi + _EPS and r.p_high >= p_lo - _EPS)
        if t_df and i == 0:  # the grid's own errors, raised where they were (at the first pair)
            oks.append(p_range_meets(est, lo, hi, t_df, p_lo - _EPS, p_hi + _EPS, cl, scale))
        elif t_df:
            cases.append((est, lo, hi, p_lo - _EPS, p_hi + _EPS, cl, scale))
    oks += p_ranges_meet(cases, t_df) if cases else []
    grid = np.array(t_df, dtype=float)  # float(d) of each df, as the fits list them
    reproducing: list[list[float]] = []
    for nf, ok in zip(normal, oks if t_df else normal):
        reproducing.append(([math.inf] if nf else []) + (grid[ok].tolist() if t_df else []))

    def says(fits):
        if not fits:
            return "no df and not the normal"
        dfs = [int(d) for d in fits if d != math.inf]  # fits: the grid's df and inf (the normal), no NaN
        parts = ([f"t with df {_runs(dfs)}"] if dfs else []) + (["the normal"] if math.inf in fits else [])
        return " or ".join(parts)

    per = "; ".join(f"{nm}: {says(f)}" for nm, f in zip(names, reproducing))
    judged = [f for f in reproducing if f]
    common = sorted(set.intersection(*(set(f) for f in judged))) if judged else []
    dropped = [nm for nm, f in zip(names, reproducing) if not f]
    details = {"reproducing": dict(zip(names, reproducing)), "common": common, "unreproduced": dropped}
    head = f"{len(pairs)} printed P-CI pairs; reproduced by {per}"
    tail = (
        f" ({', '.join(dropped)} reproduced under no assumption: its own row is the finding; "
        "the others are judged without it)"
        if dropped
        else ""
    )
    if len(judged) < 2:
        return Check(
            "one_assumption",
            "not_testable",
            head + "; fewer than two pairs are reproduced under any assumption, so there is no common one to look for",
            reported=f"{len(pairs)} P-CI pairs",
            recomputed="",
            details=details,
        )
    if common:
        return Check(
            "one_assumption",
            "consistent",
            head + f"; one assumption reproduces {'all' if not dropped else 'the others'}: {says(common)}{tail}",
            reported=f"{len(pairs)} P-CI pairs",
            recomputed=says(common),
            details=details,
        )
    # not "inconsistent": each outcome may have had its own model (a mixed model for one, a t test
    # for another), which is a plausible reading under which every pair is right; a pair that no
    # assumption reproduces is a finding in its own p_against_ci row
    return Check(
        "one_assumption",
        "not_testable",
        head + "; no single assumption reproduces them all: they cannot come from one model "
        "with one df, so the estimates come from different models or one of them is misprinted "
        "(a note, not a finding: outcomes are often analysed with different models)" + tail,
        reported=f"{len(pairs)} P-CI pairs",
        recomputed="no common assumption",
        details=details,
    )


def check_p_zero(p) -> Check:
    """``p = .000`` is a reporting error: a p-value is never exactly 0 (statcheck's ``pZeroError``).

    Parameters
    ----------
    p : str
        As printed.

    Returns
    -------
    Check
        ``inconsistent`` for a p printed as exactly zero with ``=`` (``".000"``, ``"P = 0.000"``),
        which should read ``p < .001`` (``p < .01`` for ``".00"``: a bound the print's own precision
        supports); ``consistent`` otherwise.

    References
    ----------
    Nuijten, M. B., & Epskamp, S. (2024). statcheck: Extract statistics from articles and
    recompute p-values (R package), argument ``pZeroError``: "p = .000" is counted as an
    inconsistency. https://CRAN.R-project.org/package=statcheck

    Examples
    --------
    >>> check_p_zero("P = .000").verdict, check_p_zero("<.001").verdict
    ('inconsistent', 'consistent')
    """
    pr = _reported(p, "p", exact=False)
    if pr.exact and pr.value == 0.0:
        # the print stands for p < half a unit of its last digit: at its own precision, p < one unit
        d = pr.decimals
        small = f"{10.0**-d:.{d}f}".lstrip("0") if d else ""
        should = (
            f"it should read p < {small} (all that {d} decimals can show)"
            if d
            else "it should be printed as an upper bound (p < .001 if the exact p is that small)"
        )
        return Check(
            "p_zero",
            "inconsistent",
            f"P printed as {pr.text.strip()}: a p-value is never exactly 0; {should} "
            "(statcheck counts p = .000 as an error)",
            reported=pr.text.strip(),
            recomputed=f"p < {small}" if d else "an upper bound",
            details={"p": pr.value},
        )
    return Check(
        "p_zero",
        "consistent",
        f"P {pr.text.strip()} is not printed as exactly 0",
        reported=pr.text.strip(),
        details={"p": pr.value},
    )
