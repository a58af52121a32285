"""Random-effects (and fixed-effect) meta-analysis of effect sizes ``yi`` with variances ``vi``.

May import analysis.reported and analysis.results (and other stats modules); never the ledger, checks,
audit or report.

Our own vectorised implementation, not statsmodels' ``combine_effects`` (which does not floor the
DerSimonian-Laird tau² at 0 and stops Paule-Mandel at ``atol = 1e-5``, statsmodels issue 6585) and
not a port of metafor's ``rma`` (which builds k x k matrices): every quantity is a sum over studies,
so time and memory are linear in k. Iterative estimators converge to about 1e-12 relative, so the
results match metafor refits run with ``threshold = 1e-14`` (references ``e.rma.*_tight``).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy import optimize, special, stats

from ..results import ConfidenceInterval, ResultMixin, check_confidence_level, check_method

__all__ = ["METHODS", "MetaAnalysis", "random_effects"]

#: Valid ``method=`` values of :func:`random_effects`.
METHODS = ("REML", "DL", "PM", "ML", "FE")

_TOL = 1e-12  # relative convergence of tau² for REML / ML
_MAXITER = 200


@dataclasses.dataclass(frozen=True, slots=True)
class MetaAnalysis(ResultMixin):
    """Result of :func:`random_effects`, named as metafor's ``rma`` output.

    Attributes
    ----------
    method : str
        Estimator of tau² (``"REML"``, ``"DL"``, ``"PM"``, ``"ML"``, ``"FE"``).
    knha : bool
        Knapp-Hartung adjustment (t test with k - 1 df) used.
    confidence_level : float
    k : int
        Number of studies.
    estimate, se : float
        Pooled estimate and its standard error (``b``, ``se``).
    statistic : float
        z (or t under ``knha``) for the null estimate = 0 (``zval``).
    statistic_name : str
        ``"z"`` or ``"t"``.
    df : float or None
        ``k - 1`` under ``knha``, else None.
    pvalue : float
        Two-sided (``pval``).
    ci : ConfidenceInterval
        Interval for the pooled estimate (``ci.lb``, ``ci.ub``).
    tau2, tau : float
        Between-study variance and SD (0 for ``"FE"``).
    i2 : float
        I² in percent (``I2``).
    h2 : float
        H² (``H2``).
    q, q_df, q_pvalue : float, int, float
        Cochran's Q, k - 1, and its chi-square p-value (``QE``, ``QEp``).
    prediction_interval : ConfidenceInterval
        For the effect in a new study (``predict(fit)$pi.lb``, ``pi.ub``); equals ``ci`` for
        ``"FE"``.
    iterations : int
        Iterations of the tau² estimator (0 for closed forms).
    """

    method: str
    knha: bool
    confidence_level: float
    k: int
    estimate: float
    se: float
    statistic: float
    statistic_name: str
    df: float | None
    pvalue: float
    ci: ConfidenceInterval
    tau2: float
    tau: float
    i2: float
    h2: float
    q: float
    q_df: int
    q_pvalue: float
    prediction_interval: ConfidenceInterval
    iterations: int


def _as_vector(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} ({_short(x)}) must be a 1-d sequence of numbers") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} ({_short(x)}) must be 1-d, got shape {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name} must be finite: {name}[{i}] is {arr[i]!r}")
    return arr


def _short(x) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _weighted(y: np.ndarray, v: np.ndarray, tau2: float):
    """w = 1/(v + tau2), sum(w), weighted mean and residuals."""
    w = 1.0 / (v + tau2)
    sw = float(w.sum())
    mu = float(np.dot(w, y)) / sw
    return w, sw, mu, y - mu


def _iterate_likelihood(y: np.ndarray, v: np.ndarray, tau2: float, reml: bool) -> tuple[float, int]:
    """Maximise the (restricted) likelihood in tau² >= 0 by Newton steps, Fisher scoring as fallback.

    With w = 1/(v + tau2), r = y - mu(tau2), and (for REML) P = W - w w'/sum(w), the score is
    A/2 and the observed second derivative B/2, where
    A = sum(w² r²) - tr(P), B = -2 sum(w³ r²) + 2 (sum(w² r))² / sum(w) + tr(PP),
    tr(P) = sum(w) - sum(w²)/sum(w), tr(PP) = sum(w²) - 2 sum(w³)/sum(w) + (sum(w²)/sum(w))².
    For ML, tr(P) and tr(PP) are replaced by sum(w) and sum(w²). Only sums: O(k) time and memory.
    """
    for it in range(1, _MAXITER + 1):
        w, sw, mu, r = _weighted(y, v, tau2)
        w2 = w * w
        sw2 = float(w2.sum())
        sw3 = float(np.dot(w2, w))
        w2r = w2 * r
        sw2r2 = float(np.dot(w2r, r))
        sw3r2 = float(np.dot(w2r * r, w))
        sw2r = float(w2r.sum())
        if reml:
            tr_p = sw - sw2 / sw
            tr_pp = sw2 - 2.0 * sw3 / sw + (sw2 / sw) ** 2
        else:
            tr_p, tr_pp = sw, sw2
        score = sw2r2 - tr_p
        hess = -2.0 * sw3r2 + 2.0 * sw2r * sw2r / sw + tr_pp
        step = -score / hess if hess < 0 else score / tr_pp  # Newton if concave here, else Fisher
        new = max(0.0, tau2 + step)
        if abs(new - tau2) <= _TOL * max(1.0, tau2):
            return new, it
        tau2 = new
    return math.nan, _MAXITER  # cycling between two points: _global_maximum brackets every maximum


def _loglik(y: np.ndarray, v: np.ndarray, tau2: float, reml: bool) -> float:
    """The (restricted) log-likelihood of tau², up to a constant."""
    w, sw, _, r = _weighted(y, v, tau2)
    value = -0.5 * (float(np.log(v + tau2).sum()) + float(np.dot(w * r, r)))
    return value - 0.5 * math.log(sw) if reml else value


def _score(y: np.ndarray, v: np.ndarray, tau2: float, reml: bool) -> float:
    """Twice the derivative of the (restricted) log-likelihood in tau² (A in _iterate_likelihood)."""
    w, sw, _, r = _weighted(y, v, tau2)
    w2 = w * w
    sw2 = float(w2.sum())
    tr_p = sw - sw2 / sw if reml else sw
    return float(np.dot(w2 * r, r)) - tr_p


def _global_maximum(y: np.ndarray, v: np.ndarray, tau2: float, reml: bool, iterations: int) -> tuple[float, int]:
    """Make sure the converged tau² is the highest maximum of the likelihood, not a local one.

    The (restricted) likelihood in tau² need not be unimodal (Viechtbauer 2005, J Educ Behav Stat
    30:261-293, doi:10.3102/10769986030003261): with imprecise outlying studies beside precise
    agreeing ones it can have a maximum at 0 and a higher one further out, or the reverse, and
    Newton steps started at DL find only the nearer. So the score is evaluated at 0 and on a
    log-spaced grid of 40 points up to 10 (var(y) + max v); every bracket where it turns from
    positive to negative holds a maximum, found by Brent's method (and 0 is one when the score is
    negative there); the maximum with the highest likelihood is kept. In the usual unimodal case
    the only bracket is the converged value's, and the check costs 41 passes over the data
    (benchmarks/README.md, ``bench_meta.py``).
    """
    upper = 10.0 * (float(np.var(y)) + float(v.max()))
    points = np.concatenate(([0.0], upper * np.logspace(-8, 0, 40)))
    scores = [_score(y, v, float(t), reml) for t in points]
    candidates = [] if math.isnan(tau2) else [tau2]
    if scores[0] <= 0.0 and tau2 != 0.0:
        candidates.append(0.0)
    for a, b, sa, sb in zip(points[:-1], points[1:], scores[:-1], scores[1:]):
        if sa > 0.0 >= sb and not a <= tau2 <= b:  # (always true when tau2 is nan)
            root = optimize.brentq(
                lambda t: _score(y, v, t, reml),
                float(a),
                float(b),
                xtol=1e-15,
                rtol=4 * np.finfo(float).eps,
                maxiter=500,
            )
            candidates.append(float(root))
    if scores[-1] > 0.0:  # still rising at the end of the grid: follow it outwards
        hi = float(points[-1])
        while _score(y, v, 2.0 * hi, reml) > 0.0 and hi < 1e300:
            hi *= 2.0
        candidates.append(float(optimize.brentq(lambda t: _score(y, v, t, reml), hi, 2.0 * hi)))
    if len(candidates) == 1:
        return candidates[0], iterations
    lls = [_loglik(y, v, t, reml) for t in candidates]
    return candidates[int(np.argmax(lls))], iterations


def _paule_mandel(y: np.ndarray, v: np.ndarray, k: int) -> tuple[float, int]:
    """Root of the generalised Q equation sum(w (y - mu)²) = k - 1 (decreasing in tau²)."""

    def excess(tau2: float) -> float:
        w, _, _, r = _weighted(y, v, tau2)
        return float(np.dot(w * r, r)) - (k - 1)

    if excess(0.0) <= 0.0:
        return 0.0, 0
    hi = max(float(np.var(y)), 1e-8)
    while excess(hi) > 0.0:
        hi *= 2.0
    root, info = optimize.brentq(
        excess, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500, full_output=True
    )
    return float(root), int(info.iterations)


def random_effects(yi, vi, method: str = "REML", knha: bool = False, confidence_level: float = 0.95) -> MetaAnalysis:
    r"""Inverse-variance meta-analysis with a random-effects (or fixed-effect) model.

    Parameters
    ----------
    yi : array_like
        Effect sizes of the k >= 2 studies (e.g. log risk ratios, Hedges' g).
    vi : array_like
        Their sampling variances, all > 0.
    method : {"REML", "DL", "PM", "ML", "FE"}
        Estimator of the between-study variance tau²: restricted maximum likelihood,
        DerSimonian-Laird, Paule-Mandel, maximum likelihood, or none (fixed effect, tau² = 0).
    knha : bool
        Knapp-Hartung adjustment: t distribution with k - 1 df and the scaled standard error
        (metafor ``test = "knha"``, without truncation of the scale factor at 1).
    confidence_level : float
        In (0, 1); for the confidence and prediction intervals.

    Returns
    -------
    MetaAnalysis

    Notes
    -----
    With :math:`w_i = 1/(v_i + \hat\tau^2)`: :math:`\hat\mu = \sum w_i y_i / \sum w_i`,
    :math:`SE = (\sum w_i)^{-1/2}`; under Knapp-Hartung
    :math:`SE^2 = \sum w_i (y_i - \hat\mu)^2 / ((k-1)\sum w_i)`.
    Interval :math:`\hat\mu \pm c\,SE` and prediction interval
    :math:`\hat\mu \pm c\sqrt{SE^2 + \hat\tau^2}`, with :math:`c` the normal quantile, or the
    t quantile with k - 1 df under Knapp-Hartung (as metafor's ``predict.rma``).

    Heterogeneity, with fixed-effect weights :math:`u_i = 1/v_i`:
    :math:`Q = \sum u_i (y_i - \bar y_u)^2`, df = k - 1;
    :math:`\tilde v = (k-1)\sum u_i / ((\sum u_i)^2 - \sum u_i^2)` ("typical" within-study
    variance), :math:`I^2 = 100\,\hat\tau^2/(\tilde v + \hat\tau^2)`,
    :math:`H^2 = (\tilde v + \hat\tau^2)/\tilde v`; for ``"FE"``,
    :math:`I^2 = 100\max(0, (Q - df)/Q)` and :math:`H^2 = Q/df` (metafor's definitions).

    Estimators of :math:`\tau^2`:

    * DL: :math:`\max\{0, (Q - (k-1)) / (\sum u_i - \sum u_i^2/\sum u_i)\}` (floored at 0;
      statsmodels' ``combine_effects`` does not floor it).
    * PM: the root of :math:`\sum w_i (y_i - \hat\mu)^2 = k - 1` found with
      :func:`scipy.optimize.brentq` to about 1e-15 (0 when the left side at 0 is already
      <= k - 1). metafor's default stops near 1e-4.
    * REML / ML: Newton's method on the (restricted) log-likelihood, falling back to Fisher
      scoring where the likelihood is not concave, truncated at 0, started at DL, until the
      change is below 1e-12 relative (metafor's default ``threshold = 1e-5`` stops earlier).

    This is our own implementation: only sums over studies, so time and memory grow linearly
    in k (metafor forms k x k matrices; no such matrix is made here).

    References
    ----------
    DerSimonian, R., & Laird, N. (1986). Control Clin Trials 7:177-188.
    doi:10.1016/0197-2456(86)90046-2
    Paule, R. C., & Mandel, J. (1982). J Res Natl Bur Stand 87:377-385. doi:10.6028/jres.087.022
    Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the
    random-effects model. J Educ Behav Stat 30:261-293. doi:10.3102/10769986030003261
    Knapp, G., & Hartung, J. (2003). Stat Med 22:2693-2710. doi:10.1002/sim.1482
    Higgins, J. P. T., & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis.
    Stat Med 21:1539-1558. doi:10.1002/sim.1186

    Examples
    --------
    Three trials of a log risk ratio:

    >>> res = random_effects([-0.89, -1.59, -0.22], [0.33, 0.19, 0.05], method="DL")
    >>> round(res.estimate, 4), round(res.tau2, 4), round(res.i2, 1)
    (-0.8429, 0.484, 75.7)
    >>> res.ci.contains(res.estimate)
    True
    """
    check_method(method, METHODS)
    cl = check_confidence_level(confidence_level)
    if not isinstance(knha, (bool, np.bool_)):
        raise ValueError(f"knha ({knha!r}) must be True or False")
    y = _as_vector(yi, "yi")
    v = _as_vector(vi, "vi")
    if y.shape != v.shape:
        raise ValueError(f"yi and vi must have the same length, got {y.size} and {v.size}")
    k = int(y.size)
    if k < 2:
        raise ValueError(f"yi (length {k}) must hold at least 2 studies")
    if (v <= 0).any():
        i = int(np.flatnonzero(v <= 0)[0])
        raise ValueError(f"vi must be > 0: vi[{i}] is {v[i]!r}")

    # fixed-effect quantities: Q, its p-value, the typical within-study variance
    with np.errstate(over="ignore"):
        u = 1.0 / v
        su = float(u.sum())
        su2 = float(np.dot(u, u))
        su3 = float(np.dot(u * u, u))  # the likelihood iterations sum cubes of weights <= u
    if not math.isfinite(su3):
        raise ValueError(
            f"vi are too small for double precision (smallest vi {float(v.min())!r}): sums of 1/vi³ "
            "overflow; rescale yi by c and vi by c²"
        )
    if not su * su - su2 > 0:  # the squares of 1/vi underflow: vi near 1e300 (a ZeroDivisionError before)
        raise ValueError(
            f"vi are too large for double precision (largest vi {float(v.max())!r}): rescale yi by c and vi by c²"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        mu_fe = float(np.dot(u, y)) / su
        res_fe = y - mu_fe
        q = float(np.dot(u * res_fe, res_fe))
    if not math.isfinite(q):  # the squared residuals overflow: |yi| near 1e300
        raise ValueError(
            f"yi are too large for double precision (largest |yi| {float(np.abs(y).max())!r}): "
            "rescale yi by c and vi by c²"
        )
    q_df = k - 1
    q_pvalue = float(stats.chi2.sf(q, q_df))
    del res_fe

    iterations = 0
    try:
        if method == "FE":
            tau2 = 0.0
        else:
            tau2_dl = max(0.0, (q - q_df) / (su - su2 / su))
            if method == "DL":
                tau2 = tau2_dl
            elif method == "PM":
                tau2, iterations = _paule_mandel(y, v, k)
            else:
                reml = method == "REML"
                tau2, iterations = _iterate_likelihood(y, v, tau2_dl, reml=reml)
                tau2, iterations = _global_maximum(y, v, tau2, reml, iterations)
        w, sw, mu, r = _weighted(y, v, tau2)
    except ZeroDivisionError:  # the spread of yi overflows the likelihood's sums (|yi| near 1e150)
        raise ValueError(
            f"yi are too spread for double precision (largest |yi| {float(np.abs(y).max())!r}, "
            f"method {method!r}): rescale yi by c and vi by c²"
        ) from None
    if knha:
        if np.all(y == y[0]):
            raise ValueError(f"yi are all equal ({float(y[0])!r}): the Knapp-Hartung standard error is 0")
        s2 = float(np.dot(w * r, r)) / q_df
        se = math.sqrt(s2 / sw)
        if se == 0.0:
            raise ValueError(
                "the Knapp-Hartung standard error underflows to 0: the yi differ by too little to estimate their spread"
            )
        df: float | None = float(q_df)
        crit = float(stats.t.ppf(0.5 + cl / 2.0, q_df))
        statistic = mu / se
        pvalue = float(2.0 * stats.t.sf(abs(statistic), q_df))
        name = "t"
    else:
        se = math.sqrt(1.0 / sw)
        df = None
        crit = float(special.ndtri(0.5 + cl / 2.0))
        statistic = mu / se
        pvalue = float(2.0 * special.ndtr(-abs(statistic)))
        name = "z"
    del w, r

    if method == "FE":
        i2 = 100.0 * max(0.0, (q - q_df) / q) if q > 0 else 0.0
        h2 = q / q_df
    else:
        v_typical = q_df * su / (su * su - su2)
        i2 = 100.0 * tau2 / (v_typical + tau2)
        h2 = (v_typical + tau2) / v_typical

    half_pi = crit * math.sqrt(se * se + tau2)
    if not all(math.isfinite(x) for x in (mu, se, statistic, q, tau2, i2, h2, half_pi)):
        raise ValueError(
            "yi and vi give a non-finite result (overflow: vi spans too many orders of magnitude, "
            f"smallest vi {float(v.min())!r}, largest |yi| {float(np.abs(y).max())!r})"
        )
    return MetaAnalysis(
        method=method,
        knha=bool(knha),
        confidence_level=cl,
        k=k,
        estimate=mu,
        se=se,
        statistic=statistic,
        statistic_name=name,
        df=df,
        pvalue=pvalue,
        ci=ConfidenceInterval(mu - crit * se, mu + crit * se),
        tau2=tau2,
        tau=math.sqrt(tau2),
        i2=i2,
        h2=h2,
        q=q,
        q_df=q_df,
        q_pvalue=q_pvalue,
        prediction_interval=ConfidenceInterval(mu - half_pi, mu + half_pi),
        iterations=iterations,
    )
