"""Sensitivity analyses: paired designs over the unknown correlation, power, Beta posteriors.

May import analysis.reported and analysis.results (and other stats modules); never the ledger, checks,
audit or report.

Small studies print too little to pin down some quantities. These functions show
how conclusions move over what was not printed:

- :func:`paired_sensitivity`: a pre/post comparison printed as two means and SDs
  without the pre-post correlation ``r``; the paired t test and the standardized mean
  change over a grid of ``r``.
- :func:`power_two_sample` and :func:`power_curve`: the smallest standardized effect
  a two-arm trial of the printed size could detect, and its power for a given effect.
- :func:`posterior_proportion`: what ``k`` of ``n`` responders say about the true rate
  under a Beta prior (e.g. 2 of 3 Rett patients improved).

References
----------
Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences (2nd ed.).
Lawrence Erlbaum. doi:10.4324/9780203771587

Becker, B. J. (1988). Synthesizing standardized mean-change measures. British Journal of
Mathematical and Statistical Psychology, 41(2), 257-278. doi:10.1111/j.2044-8317.1988.tb00901.x

Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor package. Journal of
Statistical Software, 36(3), 1-48. doi:10.18637/jss.v036.i03
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from ..reported import number, whole
from ..results import ConfidenceInterval, ResultMixin, check_confidence_level, check_method, one_vocabulary

__all__ = [
    "paired_sensitivity",
    "power_two_sample",
    "power_curve",
    "PowerResult",
    "posterior_proportion",
    "Posterior",
    "ALTERNATIVES",
    "PRIORS",
]

#: Valid ``alternative`` values (scipy's vocabulary).
ALTERNATIVES = ("two-sided", "greater", "less")
#: Valid ``prior`` values and their Beta parameters.
PRIORS = {"jeffreys": (0.5, 0.5), "uniform": (1.0, 1.0)}

_DEFAULT_R = np.round(np.arange(0, 0.96, 0.05), 2)


def _number(name: str, value: Any) -> float:
    """A float from a number or a printed string (the input rule); NaN and infinities rejected."""
    return number(value, name)


def _count(name: str, value: Any, minimum: int) -> int:
    """A count from an int or a printed integer string (the input rule)."""
    return whole(value, name, minimum)


@one_vocabulary
def paired_sensitivity(mean_pre, std_pre, mean_post, std_post, nobs, r=_DEFAULT_R):
    """Paired t test and standardized mean change from summary statistics, over a grid of ``r``.

    Parameters
    ----------
    mean_pre, std_pre, mean_post, std_post : float or str
        Means and SDs (ddof = 1) before and after; printed strings are accepted.
    nobs : int
        Number of pairs, at least 2.
    r : float or array_like, default 0, 0.05, ..., 0.95
        Pre-post correlations, each in ``[-1, 1)``.

    Returns
    -------
    pandas.DataFrame
        One row per ``r`` (in the order given) with columns

        ``r``; ``mean_diff`` (post - pre); ``sd_diff`` (SD of the differences);
        ``dz`` (mean_diff / sd_diff); ``t``; ``df``; ``p`` (two-sided paired t test);
        ``smcr``, ``smcr_vi``, ``smcr_ci_low``, ``smcr_ci_high`` (metafor's ``escalc``
        ``measure="SMCR"`` with its default large-sample variance and a 95% normal CI).

        Plot ``p`` or ``smcr`` against ``r``.

    Notes
    -----
    ``sd_diff = sqrt(sd_pre**2 + sd_post**2 - 2 r sd_pre sd_post)``, ``t = mean_diff /
    (sd_diff / sqrt(n))`` with ``n - 1`` degrees of freedom (the paired t test, computed as
    :func:`scipy.stats.ttest_rel` would from the raw data). The raw-score standardized mean
    change (Becker 1988) is ``yi = J(n - 1) (post - pre) / sd_pre`` with the exact
    ``J(m) = Gamma(m/2) / (sqrt(m/2) Gamma((m-1)/2))`` and ``vi = 2 (1 - r) / n + yi**2 / (2 n)``
    (metafor's default ``vtype="LS"``). ``yi`` does not depend on ``r``; its variance does.
    The SMCR columns are computed by :func:`analysis.stats.effects.paired_smd`; with ``nobs = 2``
    J(1) is undefined and they are NaN (the t columns are still given).

    References
    ----------
    Becker, B. J. (1988). doi:10.1111/j.2044-8317.1988.tb00901.x

    Viechtbauer, W. (2010). metafor. doi:10.18637/jss.v036.i03

    Examples
    --------
    Sakurai 2025, MADRS 30.6 +/- 6.1 before and 20.3 +/- 11.5 after the 4th infusion, n 30:

    >>> df = paired_sensitivity("30.6", "6.1", "20.3", "11.5", 30, r=[0.3, 0.5])
    >>> df[["r", "sd_diff", "t", "smcr", "smcr_vi"]].round(4)
         r  sd_diff       t    smcr  smcr_vi
    0  0.3  11.2858 -4.9988 -1.6444   0.0917
    1  0.5   9.9654 -5.6611 -1.6444   0.0784
    """
    import pandas as pd
    from scipy import stats

    m0, s0 = _number("mean_pre", mean_pre), _number("std_pre", std_pre)
    m1, s1 = _number("mean_post", mean_post), _number("std_post", std_post)
    if s0 <= 0:
        raise ValueError(f"std_pre ({std_pre!r}) must be > 0")
    if s1 < 0:
        raise ValueError(f"std_post ({std_post!r}) must be >= 0")
    n = _count("nobs", nobs, 2)
    rr = np.atleast_1d(np.asarray(r, dtype=float))
    if rr.ndim != 1 or rr.size == 0:
        raise ValueError(f"r ({r!r}) must be a number or a non-empty 1-d sequence")
    bad = ~((rr >= -1) & (rr < 1))
    if bad.any():
        raise ValueError(f"r ({float(rr[bad][0])!r}) must lie in [-1, 1)")
    diff = m1 - m0
    # the standardized change (metafor "SMCR") and the SD of the differences over the r grid
    # come from analysis.stats.effects.paired_smd (one implementation, tested against escalc)
    from .effects import paired_smd

    es = paired_smd(m0, s0, m1, s1, n, rr) if n >= 3 else None  # J(n - 1) needs n >= 3
    var_d = s0**2 + s1**2 - 2 * rr * s0 * s1
    sd_d = np.asarray(es.sd_diff, dtype=float) if es is not None else np.sqrt(np.maximum(var_d, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        dz = diff / sd_d
        t = dz * math.sqrt(n)
    p = 2 * stats.t.sf(np.abs(t), n - 1)
    nan = np.full(rr.shape, np.nan)
    return pd.DataFrame(
        {
            "r": rr,
            "mean_diff": diff,
            "sd_diff": sd_d,
            "dz": dz,
            "t": t,
            "df": n - 1,
            "p": p,
            "smcr": np.asarray(es.smcr, dtype=float) if es is not None else nan,
            "smcr_vi": np.asarray(es.smcr_var, dtype=float) if es is not None else nan,
            "smcr_ci_low": np.asarray(es.smcr_ci.low, dtype=float) if es is not None else nan,
            "smcr_ci_high": np.asarray(es.smcr_ci.high, dtype=float) if es is not None else nan,
        }
    )


# --------------------------------------------------------------------------------------
# Power of a two-arm comparison
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class PowerResult(ResultMixin):
    """Power of a two-sample t test for the printed arm sizes.

    Attributes
    ----------
    nobs1, nobs2 : int
        Arm sizes.
    alpha : float
        Significance level.
    power : float
        The target power for :attr:`mde`.
    alternative : str
        ``"two-sided"``, ``"greater"`` or ``"less"``.
    mde : float
        Minimal detectable standardized effect (Cohen's d, mean1 - mean2 over the pooled SD)
        at the target power (negative for ``alternative="less"``).
    effect : float or None
        The effect given (e.g. the observed one).
    power_at_effect : float or None
        Power to detect ``effect`` (None when no effect is given).
    """

    nobs1: int
    nobs2: int
    alpha: float
    power: float
    alternative: str
    mde: float
    effect: float | None
    power_at_effect: float | None


def _validate_power_args(nobs1, nobs2, alpha, alternative):
    n1, n2 = _count("nobs1", nobs1, 2), _count("nobs2", nobs2, 1)
    if n1 + n2 < 3:
        raise ValueError(f"nobs1 + nobs2 ({n1 + n2}) must be >= 3")
    a = _number("alpha", alpha)
    if not 0 < a < 1:
        raise ValueError(f"alpha ({alpha!r}) must be in (0, 1)")
    check_method(alternative, ALTERNATIVES, "alternative")
    return n1, n2, a


#: Largest standardized effect the MDE search tries; a target not reached by then is an error.
MAX_EFFECT = 1e3


def _power(d, n1: int, n2: int, alpha: float, alternative: str) -> np.ndarray:
    """Power of the pooled-variance t test at standardized effect(s) ``d`` (Cohen 1988).

    Both tails are upper tails of the noncentral t (``P(T < -q; nc) = P(T > q; -nc)``), which
    scipy's ``nct.sf`` computes accurately far out, where ``nct.cdf`` returns NaN (power is then
    1, or 0 for the opposite one-sided alternative).
    """
    from scipy import stats

    df = n1 + n2 - 2
    nc = np.asarray(d, dtype=float) * math.sqrt(n1 * n2 / (n1 + n2))
    with np.errstate(all="ignore"):
        if alternative == "two-sided":
            q = stats.t.isf(alpha / 2, df)
            p = stats.nct.sf(q, df, nc) + stats.nct.sf(q, df, -nc)
        else:
            q = stats.t.isf(alpha, df)
            p = stats.nct.sf(q, df, nc if alternative == "greater" else -nc)
    p = np.asarray(p, dtype=float)
    if not np.all(np.isfinite(p)):
        bad = np.atleast_1d(np.asarray(d, dtype=float))[~np.isfinite(np.atleast_1d(p))][0]
        raise ValueError(f"power at effect {bad!r} could not be computed (noncentral t out of range)")
    return np.clip(p, 0.0, 1.0)


def _mde(n1: int, n2: int, alpha: float, target: float, alternative: str) -> float:
    """The standardized effect with power ``target``: brentq on a bracket grown by doubling."""
    from scipy.optimize import brentq

    alt = "greater" if alternative == "less" else alternative  # "less" is the mirror image

    def f(d):
        return float(_power(d, n1, n2, alpha, alt)) - target

    hi = 1.0
    while f(hi) < 0:
        if hi >= MAX_EFFECT:
            raise ValueError(
                f"cannot reach power {target:g} with arms of {n1} and {n2} at alpha {alpha:g}: power is "
                f"{f(hi) + target:.4g} at d = {MAX_EFFECT:g}, the largest effect searched"
            )
        hi = min(2 * hi, MAX_EFFECT)
    d = brentq(f, 0.0, hi, xtol=1e-14, rtol=4 * np.finfo(float).eps, maxiter=500)
    if abs(f(d)) > 1e-9:  # pragma: no cover - brentq converges on a continuous increasing power
        raise ValueError(f"cannot solve power {target:g} for arms of {n1} and {n2} (power {f(d) + target:.6g})")
    return -d if alternative == "less" else d


@one_vocabulary
def power_two_sample(nobs1, nobs2, effect=None, alpha=0.05, power=0.8, alternative="two-sided") -> PowerResult:
    """Minimal detectable effect and power of a two-sample t test for given arm sizes.

    Parameters
    ----------
    nobs1, nobs2 : int
        Arm sizes (e.g. ketamine 12, midazolam 6).
    effect : float, optional
        A standardized effect (Cohen's d, group 1 minus group 2) whose power to report.
    alpha : float, default 0.05
        Significance level.
    power : float, default 0.8
        Target power for the minimal detectable effect.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        As in scipy; ``"greater"`` means group 1 > group 2.

    Returns
    -------
    PowerResult
        ``mde``, ``power_at_effect`` and the inputs.

    Notes
    -----
    Power of the pooled-variance t test with ``df = n1 + n2 - 2`` from the noncentral t
    distribution with noncentrality ``d * sqrt(n1 n2 / (n1 + n2))`` (Cohen 1988), as R's
    ``pwr.t2n.test``: two-sided power adds both rejection tails, each computed as an upper tail
    of :data:`scipy.stats.nct` so that it stays exact far out (power 1, or 0 for the opposite
    one-sided alternative, where ``nct.cdf`` gives NaN). The minimal detectable effect solves
    power(d) = ``power`` by :func:`scipy.optimize.brentq` on a bracket doubled from d = 1 (a
    design of 2 vs 1 needs d = 20 for 80 %); a target not reached by d = :data:`MAX_EFFECT`
    is a ValueError, never a silent number. Tested against pwr 1.3.0
    (``tests/reference/r/i_power_tails.R``).

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences (2nd ed.).
    doi:10.4324/9780203771587

    Examples
    --------
    Fitzgerald 2020 (ketamine 12 vs midazolam 6):

    >>> res = power_two_sample(12, 6, effect=0.5)
    >>> round(res.mde, 3), round(res.power_at_effect, 3)
    (1.492, 0.156)

    Cohen's classic: 64 per arm detect d = 0.5 with power 0.80.

    >>> round(power_two_sample(64, 64, effect=0.5).power_at_effect, 3)
    0.801
    """
    n1, n2, a = _validate_power_args(nobs1, nobs2, alpha, alternative)
    pw = _number("power", power)
    if not a < pw < 1:
        raise ValueError(f"power ({power!r}) must be in (alpha, 1)")
    mde = _mde(n1, n2, a, pw, alternative)
    eff = None if effect is None else _number("effect", effect)
    pae = None if eff is None else float(_power(eff, n1, n2, a, alternative))
    return PowerResult(
        nobs1=n1, nobs2=n2, alpha=a, power=pw, alternative=alternative, mde=mde, effect=eff, power_at_effect=pae
    )


@one_vocabulary
def power_curve(nobs1, nobs2, effects, alpha=0.05, alternative="two-sided"):
    """Power of a two-sample t test over a grid of standardized effects.

    Parameters
    ----------
    nobs1, nobs2 : int
        Arm sizes.
    effects : array_like
        Standardized effects (Cohen's d).
    alpha : float, default 0.05
    alternative : {"two-sided", "greater", "less"}, default "two-sided"

    Returns
    -------
    pandas.DataFrame
        One row per effect: ``effect``, ``power``, ``nobs1``, ``nobs2``, ``alpha``,
        ``alternative`` (plot ``power`` against ``effect``; stack curves for several
        designs with :func:`pandas.concat`).

    Notes
    -----
    See :func:`power_two_sample`.

    References
    ----------
    Cohen, J. (1988). doi:10.4324/9780203771587

    Examples
    --------
    >>> power_curve(12, 6, [0.0, 1.0, 2.0])[["effect", "power"]].round(3)
       effect  power
    0     0.0  0.050
    1     1.0  0.468
    2     2.0  0.963
    """
    import pandas as pd

    n1, n2, a = _validate_power_args(nobs1, nobs2, alpha, alternative)
    eff = np.atleast_1d(np.asarray(effects, dtype=float))
    if eff.ndim != 1 or not np.all(np.isfinite(eff)):
        raise ValueError(f"effects ({effects!r}) must be a 1-d sequence of finite numbers")
    pw = _power(eff, n1, n2, a, alternative)
    return pd.DataFrame({"effect": eff, "power": pw, "nobs1": n1, "nobs2": n2, "alpha": a, "alternative": alternative})


# --------------------------------------------------------------------------------------
# Beta posterior for a proportion
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Posterior(ResultMixin):
    """Beta posterior of a proportion after ``k`` successes in ``n``.

    Attributes
    ----------
    k, n : int
        Data.
    prior : str
        ``"jeffreys"`` (Beta(1/2, 1/2)) or ``"uniform"`` (Beta(1, 1)).
    a, b : float
        Posterior Beta parameters ``k + a0``, ``n - k + b0``.
    mean, median : float
        Posterior mean ``a / (a + b)`` and median.
    confidence_level : float
        Of the credible interval.
    ci : ConfidenceInterval
        Equal-tailed credible interval.
    threshold : float or None
        The rate compared against.
    prob_above : float or None
        Posterior probability that the true rate exceeds ``threshold``.
    """

    k: int
    n: int
    prior: str
    a: float
    b: float
    mean: float
    median: float
    confidence_level: float
    ci: ConfidenceInterval
    threshold: float | None
    prob_above: float | None

    def credible_interval(self, confidence_level: float = 0.95) -> ConfidenceInterval:
        """Equal-tailed credible interval at another level."""
        from scipy import stats

        cl = check_confidence_level(confidence_level)
        lo, hi = stats.beta.ppf([(1 - cl) / 2, (1 + cl) / 2], self.a, self.b)
        return ConfidenceInterval(float(lo), float(hi))

    def density(self, num: int = 201):
        """The posterior density on a grid, for plotting.

        Returns
        -------
        pandas.DataFrame
            ``num`` rows with columns ``rate`` (0 to 1) and ``density``; the ends are
            excluded when the density is infinite there (Jeffreys prior with k = 0 or n).
        """
        import pandas as pd
        from scipy import stats

        x = np.linspace(0.0, 1.0, int(num))
        with np.errstate(divide="ignore"):
            d = stats.beta.pdf(x, self.a, self.b)
        keep = np.isfinite(d)
        return pd.DataFrame({"rate": x[keep], "density": d[keep]})


def posterior_proportion(k, n, prior="jeffreys", threshold=None, confidence_level=0.95) -> Posterior:
    """Beta posterior for a proportion: mean, median, credible interval, P(rate > threshold).

    Parameters
    ----------
    k, n : int
        Successes and trials, ``0 <= k <= n``, ``n >= 1``.
    prior : {"jeffreys", "uniform"}, default "jeffreys"
        Beta(1/2, 1/2) or Beta(1, 1).
    threshold : float, optional
        A rate in [0, 1] (e.g. 0.5): report the posterior probability that the true rate
        exceeds it.
    confidence_level : float, default 0.95
        Of the equal-tailed credible interval.

    Returns
    -------
    Posterior

    Notes
    -----
    With a Beta(a0, b0) prior the posterior is Beta(k + a0, n - k + b0) (conjugacy); its
    mean is ``a / (a + b)``, the interval is ``[B^-1((1 - cl)/2), B^-1((1 + cl)/2)]`` and
    ``P(rate > t) = 1 - I_t(a, b)`` (regularized incomplete beta function), all from
    :data:`scipy.stats.beta`. The Jeffreys interval is the one Brown, Cai & DasGupta (2001)
    recommend for small n.

    References
    ----------
    Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. Statistical Science, 16(2), 101-133. doi:10.1214/ss/1009213286

    Examples
    --------
    Rett pilot: 2 of 3 improved, uniform prior: Beta(3, 2), mean 0.6, and
    P(rate > 0.5) = 1 - I_0.5(3, 2) = 11/16.

    >>> post = posterior_proportion(2, 3, prior="uniform", threshold=0.5)
    >>> post.a, post.b, round(post.mean, 4), post.prob_above
    (3.0, 2.0, 0.6, 0.6875)
    >>> round(post.ci.low, 4), round(post.ci.high, 4)
    (0.1941, 0.9324)
    """
    from scipy import stats

    n = _count("n", n, 1)
    k = _count("k", k, 0)
    if k > n:
        raise ValueError(f"k ({k!r}) must be <= n ({n!r})")
    check_method(prior, tuple(PRIORS), "prior")
    cl = check_confidence_level(confidence_level)
    a0, b0 = PRIORS[prior]
    a, b = k + a0, n - k + b0
    dist = stats.beta(a, b)
    lo, hi = dist.ppf([(1 - cl) / 2, (1 + cl) / 2])
    t = None
    pa = None
    if threshold is not None:
        t = _number("threshold", threshold)
        if not 0 <= t <= 1:
            raise ValueError(f"threshold ({threshold!r}) must be in [0, 1]")
        pa = float(dist.sf(t))
    return Posterior(
        k=k,
        n=n,
        prior=prior,
        a=float(a),
        b=float(b),
        mean=float(a / (a + b)),
        median=float(dist.median()),
        confidence_level=cl,
        ci=ConfidenceInterval(float(lo), float(hi)),
        threshold=t,
        prob_above=pa,
    )
