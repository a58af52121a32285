"""Effect sizes and t tests from summary statistics (mean, SD, n).

May import analysis.reported and analysis.results (and other stats modules); never the ledger, checks,
audit or report.

Standardized mean differences follow metafor's ``escalc`` (``SMD``, ``SMCR``, ``SMCC``) with the
exact small-sample correction; t tests follow R's ``t.test``. Reference values:
``tests/reference/r_reference_values.tsv``, families ``c.*`` and ``d.*``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy import special, stats

from ..reported import number, whole
from ..results import (
    ConfidenceInterval,
    InputError,
    ResultMixin,
    check_confidence_level,
    check_method,
    one_vocabulary,
)

__all__ = [
    "PairedSMD",
    "StandardizedMeanDifference",
    "TTestResult",
    "hedges_correction",
    "paired_smd",
    "smd",
    "ttest_from_stats",
]

ALTERNATIVES = ("two-sided", "less", "greater")


# --------------------------------------------------------------------------- validation


def _finite(value, name: str) -> float:
    """A finite number, or a printed one (``"20.3"``): the input rule of the README."""
    try:
        return number(value, name)
    except TypeError:
        raise InputError(f"{name} ({value!r}) must be a finite number") from None


def _std(value, name: str) -> float:
    x = _finite(value, name)
    if x <= 0:
        raise InputError(f"{name} ({value!r}) must be > 0")
    return x


def _nobs(value, name: str, minimum: int, why: str = "") -> int:
    try:
        return whole(value, name, minimum)
    except ValueError:
        raise InputError(f"{name} ({value!r}) must be an integer >= {minimum}{why}") from None


def _z(confidence_level: float) -> float:
    return float(special.ndtri(0.5 + confidence_level / 2.0))


def hedges_correction(m):
    r"""Exact small-sample correction factor :math:`J(m)` of Hedges (1981).

    Parameters
    ----------
    m : float or array_like
        Degrees of freedom, > 1.

    Returns
    -------
    float or numpy.ndarray

    Notes
    -----
    .. math:: J(m) = \frac{\Gamma(m/2)}{\sqrt{m/2}\,\Gamma((m-1)/2)}

    computed on the log scale with :func:`scipy.special.gammaln` (metafor's ``.cmicalc``).
    The approximation :math:`1 - 3/(4m - 1)` is not used.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. J Educ Stat 6:107-128. doi:10.3102/10769986006002107

    Examples
    --------
    >>> round(hedges_correction(58), 6)
    0.987004
    """
    m_arr = np.asarray(m, dtype=float)
    if np.any(~np.isfinite(m_arr)) or np.any(m_arr <= 1):
        raise InputError(f"m ({m!r}) must be finite and > 1")
    out = np.exp(special.gammaln(m_arr / 2) - 0.5 * np.log(m_arr / 2) - special.gammaln((m_arr - 1) / 2))
    return float(out) if out.ndim == 0 else out


# --------------------------------------------------------------------------- two groups


@dataclasses.dataclass(frozen=True, slots=True)
class StandardizedMeanDifference(ResultMixin):
    """Cohen's d and Hedges' g for two independent groups (group 1 minus group 2).

    Attributes
    ----------
    mean1, std1, nobs1, mean2, std2, nobs2 : float, float, int
        The inputs.
    confidence_level : float
    mean_difference : float
        ``mean1 - mean2``.
    sd_pooled : float
        Pooled SD with ``nobs1 + nobs2 - 2`` degrees of freedom.
    df : int
        ``nobs1 + nobs2 - 2``.
    cohen_d, cohen_d_var, cohen_d_se : float
        d = difference / pooled SD, and its large-sample variance.
    cohen_d_ci : ConfidenceInterval
        Normal (z) interval.
    j : float
        Exact correction :math:`J(df)`.
    hedges_g, hedges_g_var, hedges_g_se : float
        g = J d and its variance (metafor ``escalc`` ``SMD`` yi, vi, sei).
    hedges_g_ci : ConfidenceInterval
        Normal (z) interval (``summary(escalc(...))``).
    """

    mean1: float
    std1: float
    nobs1: int
    mean2: float
    std2: float
    nobs2: int
    confidence_level: float
    mean_difference: float
    sd_pooled: float
    df: int
    cohen_d: float
    cohen_d_var: float
    cohen_d_se: float
    cohen_d_ci: ConfidenceInterval
    j: float
    hedges_g: float
    hedges_g_var: float
    hedges_g_se: float
    hedges_g_ci: ConfidenceInterval


@one_vocabulary
def smd(mean1, std1, nobs1, mean2, std2, nobs2, confidence_level: float = 0.95) -> StandardizedMeanDifference:
    r"""Standardized mean difference (Cohen's d, Hedges' g) from summary statistics.

    Parameters
    ----------
    mean1, std1, nobs1 : float, float, int
        Mean, sample SD (ddof = 1) and size of group 1 (``std1 > 0``, ``nobs1 >= 2``).
    mean2, std2, nobs2 : float, float, int
        The same for group 2.
    confidence_level : float
        In (0, 1).

    Returns
    -------
    StandardizedMeanDifference

    Notes
    -----
    With :math:`N = n_1 + n_2` and :math:`m = N - 2`:

    .. math::
        s_p = \sqrt{\frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{m}},\quad
        d = \frac{\bar x_1 - \bar x_2}{s_p},\quad
        g = J(m)\,d,\quad J(m) = \frac{\Gamma(m/2)}{\sqrt{m/2}\,\Gamma((m-1)/2)},

    .. math::
        v_g = \frac1{n_1} + \frac1{n_2} + \frac{g^2}{2N},\qquad
        v_d = \frac1{n_1} + \frac1{n_2} + \frac{d^2}{2N},

    and intervals :math:`g \pm z\sqrt{v_g}`, :math:`d \pm z\sqrt{v_d}`. This is metafor's
    ``escalc(measure = "SMD")`` (default ``vtype = "LS"``). statsmodels' ``effectsize_smd``
    uses the approximate J and another variance, so it is not used here.

    References
    ----------
    Hedges, L. V. (1981). J Educ Stat 6:107-128. doi:10.3102/10769986006002107
    Hedges, L. V., & Olkin, I. (1985). Statistical Methods for Meta-Analysis. Academic Press.
    doi:10.1016/C2009-0-03396-0

    Examples
    --------
    >>> res = smd(20.3, 11.5, 30, 30.6, 6.1, 30)
    >>> round(res.cohen_d, 4), round(res.hedges_g, 4), round(res.hedges_g_var, 4)
    (-1.119, -1.1044, 0.0768)
    """
    mean1 = _finite(mean1, "mean1")
    std1 = _std(std1, "std1")
    nobs1 = _nobs(nobs1, "nobs1", 2)
    mean2 = _finite(mean2, "mean2")
    std2 = _std(std2, "std2")
    nobs2 = _nobs(nobs2, "nobs2", 2)
    cl = check_confidence_level(confidence_level)
    z = _z(cl)

    n_total = nobs1 + nobs2
    df = n_total - 2
    sd_pooled = math.sqrt(((nobs1 - 1) * std1**2 + (nobs2 - 1) * std2**2) / df)
    diff = mean1 - mean2
    d = diff / sd_pooled
    j = hedges_correction(df)
    g = j * d
    base = 1.0 / nobs1 + 1.0 / nobs2
    var_d = base + d * d / (2.0 * n_total)
    var_g = base + g * g / (2.0 * n_total)
    se_d, se_g = math.sqrt(var_d), math.sqrt(var_g)
    return StandardizedMeanDifference(
        mean1=mean1,
        std1=std1,
        nobs1=nobs1,
        mean2=mean2,
        std2=std2,
        nobs2=nobs2,
        confidence_level=cl,
        mean_difference=diff,
        sd_pooled=sd_pooled,
        df=df,
        cohen_d=d,
        cohen_d_var=var_d,
        cohen_d_se=se_d,
        cohen_d_ci=ConfidenceInterval(d - z * se_d, d + z * se_d),
        j=j,
        hedges_g=g,
        hedges_g_var=var_g,
        hedges_g_se=se_g,
        hedges_g_ci=ConfidenceInterval(g - z * se_g, g + z * se_g),
    )


# --------------------------------------------------------------------------- pre/post


@dataclasses.dataclass(frozen=True, slots=True)
class PairedSMD(ResultMixin):
    """Standardized mean change (post minus pre) for one group measured twice.

    When ``r`` is given as an array, ``r`` and every estimate field (``smcr`` included, although
    its value does not depend on ``r``) are read-only numpy arrays with one element per ``r``, so
    they can be indexed together; otherwise they are floats. ``mean_change`` and ``j`` are always
    floats.

    Attributes
    ----------
    mean_pre, std_pre, mean_post, std_post, nobs : float, float, float, float, int
        The inputs.
    r : float or numpy.ndarray
        Assumed pre-post correlation(s).
    confidence_level : float
    mean_change : float
        ``mean_post - mean_pre``.
    j : float
        Exact correction :math:`J(n - 1)`.
    smcr : float or numpy.ndarray
        Raw-score standardized mean change, ``J(n-1) (post - pre) / std_pre``
        (metafor ``escalc`` ``SMCR`` yi).
    smcr_var, smcr_se : float or numpy.ndarray
        ``2(1-r)/n + smcr²/(2n)`` and its square root (``SMCR`` vi, sei).
    smcr_ci : ConfidenceInterval
        Normal (z) interval; its ``low``/``high`` are arrays when ``r`` is.
    sd_diff : float or numpy.ndarray
        SD of the change scores, ``sqrt(std_pre² + std_post² - 2 r std_pre std_post)``.
    d_z : float or numpy.ndarray
        ``(post - pre) / sd_diff`` (no correction).
    g_z, g_z_var, g_z_se : float or numpy.ndarray
        Change-score standardized mean change ``J(n-1) d_z`` and variance
        ``1/n + g_z²/(2n)`` (metafor ``escalc`` ``SMCC``).
    g_z_ci : ConfidenceInterval
        Normal (z) interval.
    """

    mean_pre: float
    std_pre: float
    mean_post: float
    std_post: float
    nobs: int
    r: float | np.ndarray
    confidence_level: float
    mean_change: float
    j: float
    smcr: float | np.ndarray
    smcr_var: float | np.ndarray
    smcr_se: float | np.ndarray
    smcr_ci: ConfidenceInterval
    sd_diff: float | np.ndarray
    d_z: float | np.ndarray
    g_z: float | np.ndarray
    g_z_var: float | np.ndarray
    g_z_se: float | np.ndarray
    g_z_ci: ConfidenceInterval


def _frozen(x: np.ndarray, scalar: bool):
    if scalar:
        return float(x)
    x = np.array(x, dtype=float)
    x.setflags(write=False)
    return x


@one_vocabulary
def paired_smd(mean_pre, std_pre, mean_post, std_post, nobs, r, confidence_level: float = 0.95) -> PairedSMD:
    r"""Standardized mean change from pre/post summaries and an assumed correlation.

    Papers seldom print the pre-post correlation ``r``; pass a grid (e.g. ``[0.3, 0.5, 0.7]``)
    to see how much the answer depends on it.

    Parameters
    ----------
    mean_pre, std_pre : float
        Baseline mean and SD (``std_pre > 0``).
    mean_post, std_post : float
        Follow-up mean and SD (``std_post > 0``).
    nobs : int
        Number of participants measured both times (``>= 3``: :math:`J(n-1)` needs
        :math:`n - 1 > 1`).
    r : float or array_like
        Pre-post correlation(s) in [-1, 1].
    confidence_level : float
        In (0, 1).

    Returns
    -------
    PairedSMD

    Notes
    -----
    Raw-score standardization (Becker 1988; metafor ``escalc(measure = "SMCR")``):

    .. math:: g_R = J(n-1)\frac{\bar x_{post} - \bar x_{pre}}{s_{pre}},\quad
              v_R = \frac{2(1-r)}{n} + \frac{g_R^2}{2n}.

    Change-score standardization (Morris & DeShon 2002; metafor ``"SMCC"``):

    .. math:: s_D = \sqrt{s_{pre}^2 + s_{post}^2 - 2 r s_{pre} s_{post}},\quad
              d_z = \frac{\bar x_{post} - \bar x_{pre}}{s_D},\quad g_z = J(n-1) d_z,\quad
              v_z = \frac1n + \frac{g_z^2}{2n}.

    Intervals are :math:`\pm z\sqrt v`. :math:`J` is the exact correction of
    :func:`hedges_correction`.

    References
    ----------
    Becker, B. J. (1988). Synthesizing standardized mean-change measures. Br J Math Stat
    Psychol 41:257-278. doi:10.1111/j.2044-8317.1988.tb00901.x
    Morris, S. B., & DeShon, R. P. (2002). Psychol Methods 7:105-125. doi:10.1037/1082-989X.7.1.105

    Examples
    --------
    >>> res = paired_smd(30.6, 6.1, 20.3, 11.5, 30, r=[0.3, 0.5, 0.7])
    >>> res.smcr.round(4)
    array([-1.6444, -1.6444, -1.6444])
    >>> res.smcr_var.round(4)
    array([0.0917, 0.0784, 0.0651])
    """
    mean_pre = _finite(mean_pre, "mean_pre")
    std_pre = _std(std_pre, "std_pre")
    mean_post = _finite(mean_post, "mean_post")
    std_post = _std(std_post, "std_post")
    nobs = _nobs(nobs, "nobs", 3, " (the correction J(n-1) needs n - 1 > 1)")
    cl = check_confidence_level(confidence_level)
    try:
        r_arr = np.asarray(r, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"r ({r!r}) must be a number or an array of numbers in [-1, 1]") from None
    if r_arr.ndim > 1 or r_arr.size == 0:
        raise ValueError(f"r ({r!r}) must be a number or a non-empty 1-d array")
    if np.any(~np.isfinite(r_arr)) or np.any(np.abs(r_arr) > 1):
        raise ValueError(f"r ({r!r}) must be finite and in [-1, 1]")
    scalar = r_arr.ndim == 0
    z = _z(cl)

    change = mean_post - mean_pre
    j = hedges_correction(nobs - 1)
    smcr = j * change / std_pre
    smcr_var = 2.0 * (1.0 - r_arr) / nobs + smcr**2 / (2.0 * nobs)
    smcr_se = np.sqrt(smcr_var)
    sd_diff2 = std_pre**2 + std_post**2 - 2.0 * r_arr * std_pre * std_post
    if np.any(sd_diff2 <= 0):
        raise ValueError(f"r ({r!r}) with std_pre ({std_pre!r}) = std_post ({std_post!r}) gives a change-score SD of 0")
    sd_diff = np.sqrt(sd_diff2)
    d_z = change / sd_diff
    g_z = j * d_z
    g_z_var = 1.0 / nobs + g_z**2 / (2.0 * nobs)
    g_z_se = np.sqrt(g_z_var)
    f = lambda x: _frozen(x, scalar)  # noqa: E731
    return PairedSMD(
        mean_pre=mean_pre,
        std_pre=std_pre,
        mean_post=mean_post,
        std_post=std_post,
        nobs=nobs,
        r=f(r_arr),
        confidence_level=cl,
        mean_change=change,
        j=j,
        smcr=f(np.broadcast_to(smcr, r_arr.shape)),
        smcr_var=f(smcr_var),
        smcr_se=f(smcr_se),
        smcr_ci=ConfidenceInterval(f(smcr - z * smcr_se), f(smcr + z * smcr_se)),
        sd_diff=f(sd_diff),
        d_z=f(d_z),
        g_z=f(g_z),
        g_z_var=f(g_z_var),
        g_z_se=f(g_z_se),
        g_z_ci=ConfidenceInterval(f(g_z - z * g_z_se), f(g_z + z * g_z_se)),
    )


# --------------------------------------------------------------------------- t tests


@dataclasses.dataclass(frozen=True, slots=True)
class TTestResult(ResultMixin):
    """Two-sample t test from summary statistics (group 1 minus group 2).

    Attributes
    ----------
    mean1, std1, nobs1, mean2, std2, nobs2 : float, float, int
        The inputs.
    equal_var : bool
        True: Student's pooled test; False: Welch's test.
    alternative : str
    confidence_level : float
    mean_difference : float
        ``mean1 - mean2``.
    se : float
        Standard error of the difference.
    statistic : float
        t.
    df : float
        Degrees of freedom (Welch-Satterthwaite when ``equal_var`` is False).
    pvalue : float
    ci : ConfidenceInterval
        Interval for the mean difference; one-sided alternatives give an infinite limit
        (as R's ``t.test``).
    """

    mean1: float
    std1: float
    nobs1: int
    mean2: float
    std2: float
    nobs2: int
    equal_var: bool
    alternative: str
    confidence_level: float
    mean_difference: float
    se: float
    statistic: float
    df: float
    pvalue: float
    ci: ConfidenceInterval


@one_vocabulary
def ttest_from_stats(
    mean1,
    std1,
    nobs1,
    mean2,
    std2,
    nobs2,
    equal_var: bool = True,
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
) -> TTestResult:
    r"""Student's or Welch's two-sample t test from means, SDs and sizes.

    Parameters
    ----------
    mean1, std1, nobs1 : float, float, int
        Group 1 (``std1 > 0``, ``nobs1 >= 2``).
    mean2, std2, nobs2 : float, float, int
        Group 2.
    equal_var : bool
        Pool the variances (Student) or not (Welch), as
        :func:`scipy.stats.ttest_ind_from_stats`.
    confidence_level : float
        In (0, 1).
    alternative : {"two-sided", "less", "greater"}

    Returns
    -------
    TTestResult

    Notes
    -----
    Student: :math:`s_p^2 = \frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2}`,
    :math:`SE = s_p\sqrt{1/n_1 + 1/n_2}`, :math:`df = n_1 + n_2 - 2`.
    Welch: :math:`SE = \sqrt{s_1^2/n_1 + s_2^2/n_2}`,
    :math:`df = SE^4 / \left(\frac{(s_1^2/n_1)^2}{n_1-1} + \frac{(s_2^2/n_2)^2}{n_2-1}\right)`.
    :math:`t = (\bar x_1 - \bar x_2)/SE`; interval :math:`\bar x_1 - \bar x_2 \pm t_{df}\,SE`.
    t and p come from :func:`scipy.stats.ttest_ind_from_stats`, called only after the inputs
    are validated (it silently takes ``abs()`` of a negative SD).

    References
    ----------
    Welch, B. L. (1947). The generalization of 'Student's' problem when several different
    population variances are involved. Biometrika 34:28-35. doi:10.1093/biomet/34.1-2.28

    Examples
    --------
    >>> res = ttest_from_stats(20.3, 11.5, 30, 30.6, 6.1, 30)
    >>> round(res.statistic, 4), res.df, round(res.pvalue, 7)
    (-4.3338, 58.0, 5.9e-05)
    >>> round(ttest_from_stats(20.3, 11.5, 30, 30.6, 6.1, 30, equal_var=False).df, 2)
    44.12
    """
    mean1 = _finite(mean1, "mean1")
    std1 = _std(std1, "std1")
    nobs1 = _nobs(nobs1, "nobs1", 2)
    mean2 = _finite(mean2, "mean2")
    std2 = _std(std2, "std2")
    nobs2 = _nobs(nobs2, "nobs2", 2)
    if not isinstance(equal_var, (bool, np.bool_)):
        raise ValueError(f"equal_var ({equal_var!r}) must be True or False")
    cl = check_confidence_level(confidence_level)
    check_method(alternative, ALTERNATIVES, name="alternative")

    diff = mean1 - mean2
    v1, v2 = std1**2 / nobs1, std2**2 / nobs2
    if equal_var:
        df = float(nobs1 + nobs2 - 2)
        sp2 = ((nobs1 - 1) * std1**2 + (nobs2 - 1) * std2**2) / df
        se = math.sqrt(sp2 * (1.0 / nobs1 + 1.0 / nobs2))
    else:
        se = math.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (nobs1 - 1) + v2**2 / (nobs2 - 1))
    res = stats.ttest_ind_from_stats(
        mean1, std1, nobs1, mean2, std2, nobs2, equal_var=bool(equal_var), alternative=alternative
    )
    if alternative == "two-sided":
        q = float(stats.t.ppf(0.5 + cl / 2.0, df))
        ci = ConfidenceInterval(diff - q * se, diff + q * se)
    else:
        q = float(stats.t.ppf(cl, df))
        ci = (
            ConfidenceInterval(-math.inf, diff + q * se)
            if alternative == "less"
            else ConfidenceInterval(diff - q * se, math.inf)
        )
    return TTestResult(
        mean1=mean1,
        std1=std1,
        nobs1=nobs1,
        mean2=mean2,
        std2=std2,
        nobs2=nobs2,
        equal_var=bool(equal_var),
        alternative=alternative,
        confidence_level=cl,
        mean_difference=diff,
        se=se,
        statistic=float(res.statistic),
        df=df,
        pvalue=float(res.pvalue),
        ci=ci,
    )
