"""Tests recomputed from summary statistics: Student's and Welch's t, one-way ANOVA F and Welch's F from
means, SDs and sizes, Pearson's chi-squared from a k x 2 table of counts, each with its P over the
rounding of every printed input, against the printed statistic and P.

May import analysis.reported, analysis.results, analysis.stats and other check modules; never the
ledger, auditing or report.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..results import Check, check_method
from ..stats.group_tests import _groups, _welch, chi2_from_counts
from .rounding import _EPS, _p_interval, _reported

__all__ = ["GROUP_TESTS", "check_group_test", "f_range"]

#: Valid ``test=`` values of :func:`check_group_test` (None tries every test the inputs allow).
GROUP_TESTS = ("anova", "welch_anova", "t", "welch_t", "chi2", "chi2_yates")
_NAMES = {
    "anova": "one-way ANOVA F",
    "welch_anova": "Welch's F",
    "t": "Student's t",
    "welch_t": "Welch's t",
    "chi2": "Pearson's chi-squared",
    "chi2_yates": "chi-squared with Yates's correction",
}
#: Welch's statistic is searched at every corner of the rounding box up to this many groups
_MAX_CORNER_GROUPS = 5
_TINY_SD = 1e-9


def _boxes(means, stds, nobs):
    """Printed means and SDs as rounding intervals (SDs kept above 0), sizes as whole numbers."""
    rm = [_reported(x, f"means[{i}]", exact=True) for i, x in enumerate(means)]
    rs = [_reported(x, f"stds[{i}]", exact=True) for i, x in enumerate(stds)]
    m, s, n = _groups([r.value for r in rm], [r.value for r in rs], nobs)
    mlo, mhi = np.array([r.low for r in rm]), np.array([r.high for r in rm])
    slo, shi = np.maximum([r.low for r in rs], _TINY_SD), np.array([r.high for r in rs])
    return (m, s, n), (mlo, mhi), (slo, shi), rm, rs


def _min_between(mlo, mhi, n) -> float:
    """min over the box of sum n_i (m_i - weighted mean)^2 = min over c of sum n_i dist(c, [lo_i, hi_i])^2,
    a convex piecewise quadratic in c: its minimum lies in one of the pieces between sorted ends."""
    from scipy.optimize import minimize_scalar

    def g(c):
        d = np.maximum(0.0, np.maximum(mlo - c, c - mhi))
        return float((n * d * d).sum())

    ends = np.sort(np.concatenate([mlo, mhi]))
    best = min(g(c) for c in ends)
    for a, b in zip(ends[:-1], ends[1:]):
        if b > a:
            best = min(best, minimize_scalar(g, bounds=(a, b), method="bounded", options={"xatol": 1e-12}).fun)
    return best


def f_range(means, stds, nobs, welch: bool = False) -> tuple[float, float, float, float]:
    """The smallest and largest F (and its df2 at each) over the rounding of the printed means and SDs.

    Classical F: exact. The between-groups sum of squares is convex in the means, so its largest
    value is at a corner of the means' box and its smallest the 1-D minimum of
    :func:`_min_between`; the within-groups sum grows with every SD, so the largest F takes the
    smallest SDs and the smallest F the largest. Welch's F: every corner of the box of means and SDs
    (up to 5 groups), refined by bounded optimisation (L-BFGS-B) from the best corner; df2 varies with
    the SDs and is returned at each extreme.

    Returns
    -------
    (f_low, f_high, df2_at_low, df2_at_high)
    """
    (m, s, n), (mlo, mhi), (slo, shi), _, _ = _boxes(means, stds, nobs)
    k, N = len(m), n.sum()
    if not welch:
        corners = np.array(list(itertools.product(*zip(mlo, mhi))))
        grand = (corners * n).sum(axis=1) / N
        ssb_hi = float((n * (corners - grand[:, None]) ** 2).sum(axis=1).max())
        ssb_lo = _min_between(mlo, mhi, n)
        f_lo = (ssb_lo / (k - 1)) / (((n - 1) * shi**2).sum() / (N - k))
        f_hi = (ssb_hi / (k - 1)) / (((n - 1) * slo**2).sum() / (N - k))
        return float(f_lo), float(f_hi), float(N - k), float(N - k)
    return _welch_range(mlo, mhi, slo, shi, n, m, s)


def _welch_range(mlo, mhi, slo, shi, n, m, s):
    from scipy.optimize import minimize

    k = len(n)
    lo = np.concatenate([mlo, slo])
    hi = np.concatenate([mhi, shi])
    if k <= _MAX_CORNER_GROUPS:
        pts = np.array(list(itertools.product(*zip(lo, hi))))
    else:
        pts = np.empty((0, 2 * k))
    pts = np.vstack([pts, np.concatenate([m, s])[None, :]])
    f, _, df2 = _welch(pts[:, :k], pts[:, k:], n)
    out = []
    for sign in (1.0, -1.0):
        i = int(np.argmin(sign * f))
        res = minimize(
            lambda x, s: s * float(_welch(x[:k], x[k:], n)[0]),
            pts[i],
            args=(sign,),
            method="L-BFGS-B",
            bounds=list(zip(lo, hi)),
        )
        x = res.x if sign * res.fun < sign * f[i] else pts[i]
        fx, _, d2 = _welch(x[:k], x[k:], n)
        out.append((float(fx), float(d2)))
    (f_lo, d_lo), (f_hi, d_hi) = out
    return f_lo, f_hi, d_lo, d_hi


def _fmt(x: float) -> str:
    return f"{x:.3g}" if x >= 1e-3 else f"{x:.1e}"


def check_group_test(*, means=None, stds=None, nobs=None, events=None, p=None, statistic=None, test=None) -> Check:
    """A test printed for k groups, recomputed from their summary statistics over rounding.

    Parameters
    ----------
    means, stds, nobs : sequence of str, sequence of int
        Printed means and SDs (strings, as printed) and group sizes, one per group.
    events : sequence of int, optional
        Instead of means and SDs: events per group (with ``nobs``), a k x 2 table.
    p : str, optional
        The printed P (``"0.078"``, ``"<0.001"``).
    statistic : str, optional
        The printed t, F or chi-squared.
    test : str, optional
        One of :data:`GROUP_TESTS` when the source names its test; None tries each test the inputs
        allow (two groups: Student's and Welch's t; more: ANOVA F and Welch's F; counts: chi-squared
        with and, for 2 x 2, without Yates's correction) and is consistent when one of them fits.

    Returns
    -------
    Check
        ``summary_test``: consistent when some value inside the rounding of every input gives a P
        (and statistic) inside the rounding of the printed ones under a test tried; inconsistent when
        none does (the explanation gives each test's P range); not_testable without a P or statistic.

    Notes
    -----
    Student's t on two groups is the ANOVA F (t squared), so the P ranges coincide; the two-sided P is
    used. A printed t is compared by its absolute value. Counts are whole numbers, so the chi-squared
    P of a table has no rounding range.

    References
    ----------
    Welch, B. L. (1951). doi:10.1093/biomet/38.3-4.330. Nuijten, M. B., et al. (2016). The prevalence
    of statistical reporting errors in psychology (1985-2013). Behav Res Methods 48:1205-1226.
    doi:10.3758/s13428-015-0664-2 (statcheck: the printed P against the recomputed one, over rounding).

    Examples
    --------
    A three-arm trial's baseline SBP (PMC5784025, Table 2: 154.2 ± 16.7, 150.1 ± 13.6, 147.1 ± 17.2;
    n 29, 34, 32; P = 0.222 by one-way ANOVA):

    >>> r = check_group_test(means=["154.2", "150.1", "147.1"], stds=["16.7", "13.6", "17.2"],
    ...                      nobs=[29, 34, 32], p="0.222", test="anova")
    >>> r.verdict
    'consistent'
    """
    if test is not None:
        check_method(test, GROUP_TESTS, "test")
    if p is None and statistic is None:
        raise ValueError("p and statistic are both None: give the printed P or statistic")
    if events is not None:
        return _check_counts(events, nobs, p, statistic, test)
    if means is None or stds is None or nobs is None:
        raise ValueError("means, stds and nobs (or events and nobs) must be given")
    k = len(means)
    tests = [test] if test else (["t", "welch_t"] if k == 2 else ["anova", "welch_anova"])
    if any(t in ("chi2", "chi2_yates") for t in tests):
        raise ValueError(f"test ({test!r}) needs events, not means")
    if k != 2 and any(t in ("t", "welch_t") for t in tests):
        raise ValueError(f"test ({test!r}) is a two-group test, but {k} groups are given")
    from scipy import special

    rows = []
    for t in tests:
        f_lo, f_hi, d_lo, d_hi = f_range(means, stds, nobs, welch=t.startswith("welch"))
        k1 = k - 1
        p_hi, p_lo = float(special.fdtrc(k1, d_lo, f_lo)), float(special.fdtrc(k1, d_hi, f_hi))
        stat_rng = (math.sqrt(f_lo), math.sqrt(f_hi)) if t in ("t", "welch_t") else (f_lo, f_hi)
        rows.append((t, p_lo, p_hi, stat_rng, (d_lo, d_hi)))
    return _verdict(rows, p, statistic, k)


def _check_counts(events, nobs, p, statistic, test):
    k = len(events)
    tests = [test] if test else (["chi2", "chi2_yates"] if k == 2 else ["chi2"])
    if any(t not in ("chi2", "chi2_yates") for t in tests):
        raise ValueError(f"test ({test!r}) needs means and SDs, not events")
    rows = []
    for t in tests:
        r = chi2_from_counts(events, nobs, correction=t == "chi2_yates")
        rows.append((t, r.pvalue, r.pvalue, (r.statistic, r.statistic), (r.df, r.df)))
    return _verdict(rows, p, statistic, k, counts=True)


def _verdict(rows, p, statistic, k, counts: bool = False) -> Check:
    pr = _p_interval(p) if p is not None else None
    sr = _reported(statistic, "statistic", exact=False) if statistic is not None else None
    parts, fits = [], []
    for t, p_lo, p_hi, (s_lo, s_hi), (d_lo, d_hi) in rows:
        ok = True
        df = f"{d_lo:.4g}" if abs(d_lo - d_hi) < 1e-9 else f"{min(d_lo, d_hi):.4g}-{max(d_lo, d_hi):.4g}"
        df = df if counts or t in ("t", "welch_t") else f"{k - 1}, {df}"
        stat = _fmt(s_lo) if s_lo == s_hi else f"{_fmt(s_lo)} to {_fmt(s_hi)}"
        pp = _fmt(p_lo) if p_lo == p_hi else f"{_fmt(p_lo)} to {_fmt(p_hi)}"
        if pr is not None:
            ok &= p_lo <= pr[2] + _EPS and p_hi >= pr[1] - _EPS
        if sr is not None:
            ok &= s_lo <= abs(sr.high) + _EPS and s_hi >= min(abs(sr.low), abs(sr.high)) - _EPS
        fits.append(ok)
        over = "" if counts else " over the rounding of every mean and SD"
        parts.append(f"{_NAMES[t]} gives {stat} (df {df}), P {pp}{over}")
    printed = ", ".join(
        x
        for x in (
            f"statistic {statistic}" if statistic is not None else "",
            f"P {pr[0].text.strip()}" if pr is not None else "",
        )
        if x
    )
    fitting = [t for (t, *_), ok in zip(rows, fits) if ok]
    if fitting:
        verdict = "consistent"
        head = f"printed {printed} for {k} groups: reproduced by {', '.join(_NAMES[t] for t in fitting)}"
    else:
        verdict = "inconsistent"
        head = f"printed {printed} for {k} groups: no test tried reproduces it"
    return Check(
        "summary_test",
        verdict,
        f"{head}; " + "; ".join(parts),
        reported=printed,
        recomputed=", ".join(_NAMES[t] for t in fitting) or "none",
        details={
            "tests": {t: {"p_low": a, "p_high": b, "stat_low": s[0], "stat_high": s[1]} for t, a, b, s, _ in rows}
        },
    )
