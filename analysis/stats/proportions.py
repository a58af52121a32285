"""Confidence intervals for one proportion and comparisons of two proportions.

May import analysis.reported and analysis.results (and other stats modules); never the ledger, checks,
audit or report.

Everything here starts from integer counts ``k`` out of ``n`` and reproduces what
R prints (``prop.test``, ``binom.test``, metafor's ``escalc``); the reference values
are in ``tests/reference/r_reference_values.tsv`` (families ``a.*`` and ``b.*``).
"""

from __future__ import annotations

import dataclasses
import math

from scipy import special, stats

from ..reported import whole
from ..results import ConfidenceInterval, ResultMixin, check_confidence_level, check_method

__all__ = [
    "PROPORTION_CI_METHODS",
    "RD_CI_METHODS",
    "TESTS",
    "ProportionComparison",
    "compare_proportions",
    "proportion_ci",
]

#: Valid ``method=`` values of :func:`proportion_ci`.
PROPORTION_CI_METHODS = ("wilson", "exact", "jeffreys", "agresti-coull", "wald")
#: Valid ``method=`` values of :func:`compare_proportions` (risk-difference interval).
RD_CI_METHODS = ("newcombe", "wald", "agresti-caffo")
#: Valid ``test=`` values of :func:`compare_proportions`.
TESTS = ("score", "fisher")

# statsmodels' names for our methods (only the ones whose results match R).
_STATSMODELS_NAME = {
    "wilson": "wilson",
    "exact": "beta",
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
    "wald": "normal",
}
_STATSMODELS_RD = {"newcombe": "newcomb", "wald": "wald", "agresti-caffo": "agresti-caffo"}


def _check_count(value, name: str, minimum: int) -> int:
    """An integer >= minimum: an int, an integral float (30.0) or a printed integer ("30")."""
    return whole(value, name, minimum)


def _check_k_n(k, n, kname: str = "k", nname: str = "n") -> tuple[int, int]:
    n = _check_count(n, nname, 1)
    k = _check_count(k, kname, 0)
    if k > n:
        raise ValueError(f"{kname} ({k!r}) must not exceed {nname} ({n!r})")
    return k, n


def _z(confidence_level: float) -> float:
    return float(special.ndtri(0.5 + confidence_level / 2.0))


def _boundaries(k: int, n: int, low: float, high: float) -> tuple[float, float]:
    """At k = 0 (k = n) the lower (upper) limit is exactly 0 (1): set it, so that floating-point
    noise (1e-18) cannot exclude the estimate; clip to [0, 1]."""
    low = 0.0 if k == 0 else max(0.0, float(low))
    high = 1.0 if k == n else min(1.0, float(high))
    return low, high


def proportion_ci(k, n, method: str = "wilson", confidence_level: float = 0.95) -> ConfidenceInterval:
    r"""Confidence interval for a binomial proportion ``k / n``.

    Parameters
    ----------
    k : int
        Number of events, ``0 <= k <= n``.
    n : int
        Number of trials, ``n >= 1``.
    method : {"wilson", "exact", "jeffreys", "agresti-coull", "wald"}
        ``"wilson"``: score interval (R ``prop.test(correct = FALSE)``);
        ``"exact"``: Clopper-Pearson (R ``binom.test``);
        ``"jeffreys"``: equal-tailed Beta(k + 1/2, n - k + 1/2) quantiles with the
        Brown-Cai-DasGupta boundary rule; ``"agresti-coull"``: add z²/2 successes and
        z²/2 failures; ``"wald"``: p ± z sqrt(p(1-p)/n).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    ConfidenceInterval
        ``low`` and ``high``, both in [0, 1].

    Notes
    -----
    With :math:`\hat p = k/n` and :math:`z = \Phi^{-1}(1 - \alpha/2)`:

    * Wilson: :math:`\frac{k + z^2/2}{n + z^2} \pm \frac{z\sqrt n}{n + z^2}
      \sqrt{\hat p(1-\hat p) + z^2/(4n)}`.
    * Clopper-Pearson: :math:`B^{-1}(\alpha/2; k, n-k+1)` to
      :math:`B^{-1}(1-\alpha/2; k+1, n-k)` (0 at k = 0, 1 at k = n).
    * Jeffreys: :math:`B^{-1}(\alpha/2; k+\tfrac12, n-k+\tfrac12)` to
      :math:`B^{-1}(1-\alpha/2; k+\tfrac12, n-k+\tfrac12)`, with the lower limit set
      to 0 when k = 0 and the upper to 1 when k = n (Brown, Cai & DasGupta 2001, sec. 4.1.2;
      this is R's ``jeffreys_bcd`` reference, not the plain ``qbeta`` one, which differs
      only at k = 0 and k = n).
    * Agresti-Coull: :math:`\tilde n = n + z^2`, :math:`\tilde p = (k + z^2/2)/\tilde n`,
      :math:`\tilde p \pm z\sqrt{\tilde p(1-\tilde p)/\tilde n}`.
    * Wald: :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}` (zero width at k = 0 or k = n).

    **Clipping.** Agresti-Coull and Wald limits can fall outside [0, 1]; we clip them to
    [0, 1] (as statsmodels' ``proportion_confint`` does), because a proportion cannot be
    negative. The R references ``a.*.agresti_coull_raw`` are unclipped and agree with ours
    wherever they lie inside [0, 1]; ``a.*.agresti_coull_clipped`` agree everywhere.

    Computed by :func:`statsmodels.stats.proportion.proportion_confint` (imported on
    first use), plus the boundary rules (Wilson and Jeffreys limits are set to exactly 0 at
    k = 0 and 1 at k = n).

    References
    ----------
    Wilson, E. B. (1927). JASA 22:209-212. doi:10.1080/01621459.1927.10502953
    Clopper, C. J., & Pearson, E. S. (1934). Biometrika 26:404-413. doi:10.1093/biomet/26.4.404
    Agresti, A., & Coull, B. A. (1998). Am Stat 52:119-126. doi:10.1080/00031305.1998.10480550
    Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Stat Sci 16:101-133. doi:10.1214/ss/1009213286

    Examples
    --------
    >>> ci = proportion_ci(8, 30)
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.1418, 0.4445)
    >>> proportion_ci(0, 10, method="jeffreys").low
    0.0
    """
    k, n = _check_k_n(k, n)
    check_method(method, PROPORTION_CI_METHODS)
    cl = check_confidence_level(confidence_level)
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(k, n, alpha=1.0 - cl, method=_STATSMODELS_NAME[method])
    if method in ("wilson", "jeffreys"):
        # Wilson: exact 0/1 at the boundaries; Jeffreys: the Brown-Cai-DasGupta boundary rule
        low, high = _boundaries(k, n, low, high)
    else:
        low, high = max(0.0, float(low)), min(1.0, float(high))
    return ConfidenceInterval(low, high)


@dataclasses.dataclass(frozen=True, slots=True)
class ProportionComparison(ResultMixin):
    """Two independent proportions compared: difference, ratio, odds ratio, NNT, test.

    Group 1 is ``k1`` events out of ``n1``; group 2 is ``k2`` out of ``n2``. Differences
    and ratios are group 1 relative to group 2.

    Attributes
    ----------
    k1, n1, k2, n2 : int
        The counts.
    p1, p2 : float
        ``k1 / n1`` and ``k2 / n2``.
    confidence_level : float
    method : str
        Risk-difference interval method (``"newcombe"``, ``"wald"``, ``"agresti-caffo"``).
    test : str
        ``"score"`` or ``"fisher"``.
    risk_difference : float
        ``p1 - p2``, never continuity-corrected.
    risk_difference_se : float
        Wald standard error ``sqrt(p1(1-p1)/n1 + p2(1-p2)/n2)`` (metafor escalc ``RD`` sei).
    risk_difference_ci : ConfidenceInterval
    risk_ratio, risk_ratio_ci : float, ConfidenceInterval
        On the ratio scale (Katz log interval).
    log_risk_ratio, log_risk_ratio_se : float
        metafor escalc ``RR`` yi and sei.
    odds_ratio, odds_ratio_ci : float, ConfidenceInterval
        On the ratio scale (Woolf log interval).
    log_odds_ratio, log_odds_ratio_se : float
        metafor escalc ``OR`` yi and sei.
    zero_cell_correction : float
        What was added to every cell of the 2x2 table for the ratios (0.5 if any cell is 0,
        else 0.0).
    nnt : float
        ``1 / risk_difference`` (``inf`` when the difference is 0). Positive: group 1 has
        more events per person.
    nnt_ci : ConfidenceInterval or None
        ``[1/upper, 1/lower]`` of the risk-difference interval when that interval excludes 0;
        None when it includes 0 (then the NNT confidence set runs through infinity, see
        ``nnt_note``).
    nnt_note : str
        The NNT and its interval in words, with Altman's (1998) convention.
    statistic : float or None
        Pooled score z (``test="score"``; its square is Pearson's chi-square without Yates'
        correction); None for Fisher's exact test.
    pvalue : float
        Two-sided.
    """

    k1: int
    n1: int
    k2: int
    n2: int
    p1: float
    p2: float
    confidence_level: float
    method: str
    test: str
    risk_difference: float
    risk_difference_se: float
    risk_difference_ci: ConfidenceInterval
    risk_ratio: float
    risk_ratio_ci: ConfidenceInterval
    log_risk_ratio: float
    log_risk_ratio_se: float
    odds_ratio: float
    odds_ratio_ci: ConfidenceInterval
    log_odds_ratio: float
    log_odds_ratio_se: float
    zero_cell_correction: float
    nnt: float
    nnt_ci: ConfidenceInterval | None
    nnt_note: str
    statistic: float | None
    pvalue: float


def _fmt(x: float) -> str:
    return f"{x:.1f}" if math.isfinite(x) else "infinity"


def _inv(x: float) -> float:
    """1/x with 1/0 = +inf for a limit approached from above, -inf from below (caller decides)."""
    return math.inf if x == 0 else 1.0 / x


def _nnt(rd: float, ci: ConfidenceInterval, cl: float) -> tuple[float, ConfidenceInterval | None, str]:
    """NNT = 1/RD, its interval from the RD interval, and the note (Altman 1998)."""
    nnt = math.inf if rd == 0 else 1.0 / rd
    pct = f"{100 * cl:g}%"
    lo, hi = ci.low, ci.high
    g1, g2 = "group 1 has more events", "group 2 has more events"
    if lo == 0 and hi == 0:
        return nnt, None, f"risk difference 0 with a {pct} CI of zero width: NNT is infinite"
    if lo >= 0:  # group 1 more events, interval [1/hi, 1/lo] (1/0 = infinity)
        low, high = 1.0 / hi, _inv(lo)
        return (
            nnt,
            ConfidenceInterval(low, high),
            (f"NNT {_fmt(abs(nnt))} ({g1}); {pct} CI {_fmt(low)} to {_fmt(high)}"),
        )
    if hi <= 0:  # group 2 more events, signed interval [1/hi, 1/lo] = [-inf or 1/hi, 1/lo]
        low, high = (-math.inf if hi == 0 else 1.0 / hi), 1.0 / lo
        return (
            nnt,
            ConfidenceInterval(low, high),
            (f"NNT {_fmt(abs(nnt))} ({g2}); {pct} CI {_fmt(abs(high))} to {_fmt(abs(low))}"),
        )
    side = g1 if rd > 0 else (g2 if rd < 0 else "no difference")
    note = (
        f"NNT {_fmt(abs(nnt))} ({side}); the {pct} CI of the risk difference ({lo:.4f} to {hi:.4f}) "
        f"includes 0, so the NNT confidence set has two parts (Altman 1998, 'NNTB x to infinity "
        f"to NNTH y'): NNT {_fmt(1.0 / hi)} ({g1}) to infinity to NNT {_fmt(-1.0 / lo)} ({g2}); "
        f"which side is benefit (NNTB) and which harm (NNTH) depends on whether the event is desirable"
    )
    return nnt, None, note


def compare_proportions(
    k1,
    n1,
    k2,
    n2,
    confidence_level: float = 0.95,
    method: str = "newcombe",
    test: str = "score",
) -> ProportionComparison:
    r"""Compare two independent proportions ``k1/n1`` and ``k2/n2``.

    Parameters
    ----------
    k1, n1 : int
        Events and size of group 1 (``n1 >= 1``, ``0 <= k1 <= n1``).
    k2, n2 : int
        Events and size of group 2.
    confidence_level : float
        In (0, 1).
    method : {"newcombe", "wald", "agresti-caffo"}
        Interval for the risk difference.
    test : {"score", "fisher"}
        ``"score"``: pooled two-proportion z test, i.e. Pearson's chi-square without Yates'
        correction (R ``prop.test(correct = FALSE)``); ``"fisher"``: Fisher's exact test
        (:func:`scipy.stats.fisher_exact`, two-sided as R ``fisher.test``).

    Returns
    -------
    ProportionComparison

    Notes
    -----
    With :math:`\hat p_i = k_i/n_i`, :math:`D = \hat p_1 - \hat p_2` and Wilson limits
    :math:`(l_i, u_i)`, Newcombe's hybrid score interval (method 10) is

    .. math:: D - \sqrt{(\hat p_1 - l_1)^2 + (u_2 - \hat p_2)^2},\quad
              D + \sqrt{(u_1 - \hat p_1)^2 + (\hat p_2 - l_2)^2}.

    Wald: :math:`D \pm z\sqrt{\hat p_1\hat q_1/n_1 + \hat p_2\hat q_2/n_2}`. Agresti-Caffo:
    the Wald interval after adding one success and one failure to each group. Wald and
    Agresti-Caffo limits are clipped to [-1, 1] (as :func:`proportion_ci` clips to [0, 1]).

    Ratios follow metafor's ``escalc`` ``RR`` and ``OR`` with cells :math:`a = k_1`,
    :math:`b = n_1 - k_1`, :math:`c = k_2`, :math:`d = n_2 - k_2`:
    :math:`\log RR = \log\frac{a/(a+b)}{c/(c+d)}`, :math:`v = 1/a - 1/(a+b) + 1/c - 1/(c+d)`
    (Katz); :math:`\log OR = \log\frac{ad}{bc}`, :math:`v = 1/a + 1/b + 1/c + 1/d` (Woolf);
    interval :math:`\exp(\log \pm z\sqrt v)`. **Zero cells:** nothing is added unless a cell
    is 0; then 0.5 is added to all four cells of the table, for the estimate and its
    variance (metafor's default ``add = 1/2, to = "only0"``). The risk difference itself is
    never corrected (metafor's escalc ``RD`` would add 0.5 there too; Newcombe's interval
    needs no correction).

    NNT :math:`= 1/D`. When the risk-difference interval :math:`(L, U)` excludes 0 the NNT
    interval is :math:`(1/U, 1/L)`; when it includes 0 the NNT confidence set is
    :math:`1/U` to infinity to :math:`1/|L|` on the other side (Altman 1998: "NNTB x to
    infinity to NNTH y"); ``nnt_ci`` is then None and ``nnt_note`` states both limits.

    The score statistic is :math:`z = D/\sqrt{\bar p(1-\bar p)(1/n_1 + 1/n_2)}` with
    :math:`\bar p = (k_1+k_2)/(n_1+n_2)`. When :math:`\bar p` is 0 or 1 (no events, or
    only events, in both groups) the two proportions are identical and z is undefined;
    we return z = 0 and p = 1 (R returns NaN).

    The risk-difference intervals come from statsmodels'
    :func:`~statsmodels.stats.proportion.confint_proportions_2indep` (``method="newcomb"``,
    ``"wald"``, ``"agresti-caffo"``) and the score test from
    :func:`~statsmodels.stats.proportion.proportions_ztest`; both are checked against R
    (``tests/reference``). The ratio variances are written out because the result reports
    them (statsmodels' ``method="log"``/``"logit"`` intervals agree with these).

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873-890.
    doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
    Agresti, A., & Caffo, B. (2000). Am Stat 54:280-288. doi:10.1080/00031305.2000.10474560
    Altman, D. G. (1998). Confidence intervals for the number needed to treat. BMJ
    317:1309-1312. doi:10.1136/bmj.317.7168.1309
    Viechtbauer, W. (2010). metafor. J Stat Softw 36(3). doi:10.18637/jss.v036.i03

    Examples
    --------
    Newcombe (1998), Table II, example (a): 56/70 vs 48/80.

    >>> res = compare_proportions(56, 70, 48, 80)
    >>> round(res.risk_difference, 4)
    0.2
    >>> round(res.risk_difference_ci.low, 4), round(res.risk_difference_ci.high, 4)
    (0.0524, 0.3339)
    >>> round(res.nnt, 1)
    5.0
    """
    k1, n1 = _check_k_n(k1, n1, "k1", "n1")
    k2, n2 = _check_k_n(k2, n2, "k2", "n2")
    cl = check_confidence_level(confidence_level)
    check_method(method, RD_CI_METHODS)
    check_method(test, TESTS, name="test")
    z = _z(cl)

    p1, p2 = k1 / n1, k2 / n2
    rd = p1 - p2
    rd_se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    rd_lo, rd_hi = confint_proportions_2indep(
        k1, n1, k2, n2, method=_STATSMODELS_RD[method], compare="diff", alpha=1.0 - cl
    )
    rd_ci = ConfidenceInterval(max(-1.0, float(rd_lo)), min(1.0, float(rd_hi)))

    # ratios on the log scale, metafor's zero-cell rule
    a, b, c, d = k1, n1 - k1, k2, n2 - k2
    add = 0.5 if min(a, b, c, d) == 0 else 0.0
    a, b, c, d = a + add, b + add, c + add, d + add
    log_rr = math.log(a / (a + b)) - math.log(c / (c + d))
    log_rr_se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    log_or = math.log(a) + math.log(d) - math.log(b) - math.log(c)
    log_or_se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    rr_ci = ConfidenceInterval(math.exp(log_rr - z * log_rr_se), math.exp(log_rr + z * log_rr_se))
    or_ci = ConfidenceInterval(math.exp(log_or - z * log_or_se), math.exp(log_or + z * log_or_se))

    nnt, nnt_ci, nnt_note = _nnt(rd, rd_ci, cl)

    if test == "score":
        if k1 + k2 in (0, n1 + n2):  # no events (or only events): the pooled variance is 0
            statistic, pvalue = 0.0, 1.0
        else:
            # pooled two-proportion z test = chi-square without Yates (R prop.test(correct = FALSE))
            statistic, pvalue = (float(v) for v in proportions_ztest([k1, k2], [n1, n2]))
    else:
        statistic = None
        pvalue = float(stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue)

    return ProportionComparison(
        k1=k1,
        n1=n1,
        k2=k2,
        n2=n2,
        p1=p1,
        p2=p2,
        confidence_level=cl,
        method=method,
        test=test,
        risk_difference=rd,
        risk_difference_se=rd_se,
        risk_difference_ci=rd_ci,
        risk_ratio=math.exp(log_rr),
        risk_ratio_ci=rr_ci,
        log_risk_ratio=log_rr,
        log_risk_ratio_se=log_rr_se,
        odds_ratio=math.exp(log_or),
        odds_ratio_ci=or_ci,
        log_odds_ratio=log_or,
        log_odds_ratio_se=log_or_se,
        zero_cell_correction=add,
        nnt=nnt,
        nnt_ci=nnt_ci,
        nnt_note=nnt_note,
        statistic=statistic,
        pvalue=pvalue,
    )
