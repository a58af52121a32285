"""Tests of k groups from summary statistics: one-way ANOVA F and Welch's F from means, SDs and sizes,
and Pearson's chi-squared from a k x 2 table of counts.

May import numpy, scipy and analysis.results only (a stats module: no ledger, no checks). The
two-group t tests are :func:`analysis.stats.effects.ttest_from_stats` (Student's t is the ANOVA
of two groups, t squared = F).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import numpy as np

from ..results import ResultMixin

__all__ = ["OnewayResult", "oneway_from_stats", "Chi2Result", "chi2_from_counts"]


@dataclasses.dataclass(frozen=True)
class OnewayResult(ResultMixin):
    """A one-way test of k group means from their summary statistics.

    Attributes
    ----------
    means, stds, nobs : tuple
        The inputs, one per group.
    welch : bool
        False: the classical ANOVA F (equal variances); True: Welch's (1951) F.
    statistic : float
        F.
    df1, df2 : float
        Degrees of freedom (``df2`` fractional for Welch).
    pvalue : float
        Upper tail of F(df1, df2).
    """

    means: tuple
    stds: tuple
    nobs: tuple
    welch: bool
    statistic: float
    df1: float
    df2: float
    pvalue: float


def _groups(means, stds, nobs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    arrays = []
    for name, xs in (("means", means), ("stds", stds), ("nobs", nobs)):
        if isinstance(xs, (str, bytes)) or not isinstance(xs, Sequence) and not isinstance(xs, np.ndarray):
            raise ValueError(f"{name} ({xs!r}) must be a sequence, one value per group")
        try:
            a = np.asarray(xs, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} ({xs!r}) must hold numbers") from None
        if a.ndim != 1 or not np.all(np.isfinite(a)):
            raise ValueError(f"{name} ({xs!r}) must be finite numbers, one per group")
        arrays.append(a)
    m, s, n = arrays
    if not len(m) == len(s) == len(n) or len(m) < 2:
        raise ValueError(
            f"means, stds and nobs must have the same length, at least 2 (got {len(m)}, {len(s)}, {len(n)})"
        )
    if np.any(s <= 0):
        raise ValueError(f"stds ({tuple(stds)!r}) must be > 0")
    if np.any(n < 2) or np.any(n != np.round(n)):
        raise ValueError(f"nobs ({tuple(nobs)!r}) must be whole numbers >= 2")
    return m, s, n


def _classical(m, s, n):
    """F, df1, df2 of the classical one-way ANOVA; broadcasts over leading axes (groups last)."""
    k, N = m.shape[-1], n.sum(axis=-1)
    grand = (n * m).sum(axis=-1) / N
    ssb = (n * (m - grand[..., None]) ** 2).sum(axis=-1)
    ssw = ((n - 1) * s**2).sum(axis=-1)
    return (ssb / (k - 1)) / (ssw / (N - k)), k - 1, N - k


def _welch(m, s, n):
    """Welch's F, df1, df2 (Welch 1951); broadcasts over leading axes (groups last)."""
    k = m.shape[-1]
    w = n / s**2
    W = w.sum(axis=-1)
    mw = (w * m).sum(axis=-1) / W
    a = (w * (m - mw[..., None]) ** 2).sum(axis=-1) / (k - 1)
    lam = ((1 - w / W[..., None]) ** 2 / (n - 1)).sum(axis=-1)
    return a / (1 + 2 * (k - 2) * lam / (k * k - 1)), k - 1, (k * k - 1) / (3 * lam)


def oneway_from_stats(means, stds, nobs, welch: bool = False) -> OnewayResult:
    r"""One-way ANOVA F (or Welch's F) of k groups from their means, SDs and sizes.

    Parameters
    ----------
    means, stds, nobs : sequence
        One mean, sample SD (ddof 1, > 0) and size (>= 2) per group.
    welch : bool
        Welch's test for unequal variances instead of the classical F.

    Returns
    -------
    OnewayResult

    Notes
    -----
    Classical: :math:`F = \frac{\sum n_i(\bar x_i - \bar x)^2/(k-1)}{\sum (n_i-1)s_i^2/(N-k)}` on
    (k - 1, N - k) df, as R's ``oneway.test(var.equal = TRUE)`` and ``aov``. Welch: weights
    :math:`w_i = n_i/s_i^2`, :math:`\tilde x = \sum w_i\bar x_i/\sum w_i`,
    :math:`\Lambda = \sum (1 - w_i/\sum w)^2/(n_i - 1)`,
    :math:`F = \frac{\sum w_i(\bar x_i - \tilde x)^2/(k-1)}{1 + 2(k-2)\Lambda/(k^2-1)}` on
    (k - 1, (k^2 - 1)/(3\Lambda)) df, as ``oneway.test(var.equal = FALSE)``. With two groups these
    are Student's and Welch's t squared. statsmodels' ``anova_generic`` computes the same from summary
    statistics (the tests compare the two); the formulas are written out here because the check over the
    rounding of the printed inputs evaluates them broadcast over every corner of the rounding box at once.

    References
    ----------
    Welch, B. L. (1951). On the comparison of several mean values: an alternative approach.
    Biometrika 38:330-336. doi:10.1093/biomet/38.3-4.330

    Examples
    --------
    >>> r = oneway_from_stats([154.2, 150.1, 147.1], [16.7, 13.6, 17.2], [29, 34, 32])
    >>> round(r.statistic, 4), r.df1, r.df2, round(r.pvalue, 3)
    (1.5344, 2, 92, 0.221)
    """
    from scipy import special

    m, s, n = _groups(means, stds, nobs)
    f, df1, df2 = (_welch if welch else _classical)(m, s, n)
    f, df1, df2 = float(f), int(df1) if not welch else float(df1), float(df2) if welch else int(df2)
    return OnewayResult(
        means=tuple(m.tolist()),
        stds=tuple(s.tolist()),
        nobs=tuple(int(x) for x in n),
        welch=bool(welch),
        statistic=f,
        df1=df1,
        df2=df2,
        pvalue=float(special.fdtrc(df1, df2, f)),
    )


@dataclasses.dataclass(frozen=True)
class Chi2Result(ResultMixin):
    """Pearson's chi-squared test of a k x 2 table (events and non-events per group).

    Attributes
    ----------
    events, nobs : tuple of int
        Events and group sizes, one per group.
    correction : bool
        Yates's continuity correction (only applied to a 2 x 2 table, as R's ``chisq.test``).
    statistic, df, pvalue : float, int, float
    """

    events: tuple
    nobs: tuple
    correction: bool
    statistic: float
    df: int
    pvalue: float


def chi2_from_counts(events, nobs, correction: bool = False) -> Chi2Result:
    """Pearson's chi-squared test of homogeneity of k proportions (a k x 2 table).

    Parameters
    ----------
    events, nobs : sequence of int
        Events ``k_i`` and group sizes ``n_i`` (``0 <= k_i <= n_i``), one per group, at least two groups.
    correction : bool
        Yates's continuity correction; used only for a 2 x 2 table (R's ``chisq.test`` default
        there is ``correct = TRUE``; scipy's ``chi2_contingency`` applies it likewise).

    Returns
    -------
    Chi2Result

    Notes
    -----
    :math:`X^2 = \\sum (O - E)^2 / E` over the 2k cells, on k - 1 df (:func:`scipy.stats.chi2_contingency`).
    A table with an empty column (no events or all events) has no test: ValueError.

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations ... Philosophical
    Magazine 50:157-175. doi:10.1080/14786440009463897

    Examples
    --------
    >>> r = chi2_from_counts([10, 12, 8], [35, 35, 35])
    >>> round(r.statistic, 2), r.df, round(r.pvalue, 3)
    (1.12, 2, 0.571)
    """
    from scipy.stats import chi2_contingency

    ks = [_whole(x, f"events[{i}]") for i, x in enumerate(_seq(events, "events"))]
    ns = [_whole(x, f"nobs[{i}]") for i, x in enumerate(_seq(nobs, "nobs"))]
    if len(ks) != len(ns) or len(ks) < 2:
        raise ValueError(f"events and nobs must have the same length, at least 2 (got {len(ks)}, {len(ns)})")
    for i, (k, n) in enumerate(zip(ks, ns)):
        if not 0 <= k <= n or n < 1:
            raise ValueError(f"events[{i}] ({k!r}) must be between 0 and nobs[{i}] ({n!r})")
    if sum(ks) == 0 or sum(ks) == sum(ns):
        raise ValueError(f"events ({tuple(ks)!r}) must not be all zero or all of nobs: the test is undefined")
    table = np.array([[k, n - k] for k, n in zip(ks, ns)])
    stat, p, df, _ = chi2_contingency(table, correction=bool(correction))
    return Chi2Result(
        events=tuple(ks),
        nobs=tuple(ns),
        correction=bool(correction) and len(ks) == 2,
        statistic=float(stat),
        df=int(df),
        pvalue=float(p),
    )


def _seq(xs, name: str):
    if isinstance(xs, (str, bytes)) or not hasattr(xs, "__len__"):
        raise ValueError(f"{name} ({xs!r}) must be a sequence, one value per group")
    return list(xs)


def _whole(x, name: str) -> int:
    if (
        isinstance(x, bool)
        or not isinstance(x, (int, np.integer, float))
        or (isinstance(x, float) and (not math.isfinite(x) or x != int(x)))
    ):
        raise ValueError(f"{name} ({x!r}) must be a whole number")
    return int(x)
