"""One-way ANOVA F, Welch's F and chi-squared of a k x 2 table from summary statistics, against R
(tests/reference/r/k_group_tests.R -> r_group_tests.tsv: oneway.test, chisq.test and t.test on data
built to have exactly the printed means and SDs)."""
from __future__ import annotations

import pytest
from conftest import REFERENCE, _read_tsv

from analysis import ttest_from_stats
from analysis.stats.group_tests import chi2_from_counts, oneway_from_stats

R = _read_tsv(REFERENCE / "r_group_tests.tsv")
CASES = {  # name in the R script -> (means, SDs, ns)
    "sbp0": ([154.2, 150.1, 147.1], [16.7, 13.6, 17.2], [29, 34, 32]),  # PMC5784025 Table 2
    "pp12": ([59.0, 52.8, 48.9], [15.6, 14.3, 11.0], [29, 34, 32]),     # PMC5784025 Table 2
    "age": ([62.7, 61.3, 58.5], [9.0, 12.5, 11.6], [35, 35, 35]),       # PMC5784025 Table 1
    "four": ([10, 12, 15, 11], [2, 5, 3, 8], [8, 20, 12, 5]),           # invented
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("welch", [False, True])
def test_oneway_equals_r_oneway_test(name, welch):
    r = oneway_from_stats(*CASES[name], welch=welch)
    key = f"k.{name}.{'welch' if welch else 'anova'}"
    assert r.statistic == pytest.approx(R[f"{key}.F"], rel=1e-10)
    assert r.df2 == pytest.approx(R[f"{key}.df2"], rel=1e-10)
    assert r.pvalue == pytest.approx(R[f"{key}.p"], rel=1e-9)


def test_two_groups_are_t_squared():
    """Student's and Welch's t (R t.test) are the two-group ANOVA and Welch F, t squared."""
    m, s, n = [20.3, 30.6], [11.5, 6.1], [30, 30]
    a, w = oneway_from_stats(m, s, n), oneway_from_stats(m, s, n, welch=True)
    assert a.statistic == pytest.approx(R["k.t2.student.t"] ** 2, rel=1e-10)
    assert a.pvalue == pytest.approx(R["k.t2.student.p"], rel=1e-9)
    assert w.statistic == pytest.approx(R["k.t2.welch.t"] ** 2, rel=1e-10)
    assert w.df2 == pytest.approx(R["k.t2.welch.df"], rel=1e-10)
    assert w.pvalue == pytest.approx(R["k.t2.welch.p"], rel=1e-9)
    t = ttest_from_stats(20.3, 11.5, 30, 30.6, 6.1, 30, equal_var=False)
    assert t.pvalue == pytest.approx(w.pvalue, rel=1e-12)


@pytest.mark.parametrize("events, nobs, correction, key", [
    ([10, 12, 8], [35, 35, 35], False, "female"),  # PMC5784025 Table 1: printed P 0.571
    ([8, 4], [30, 30], True, "2x2.yates"),
    ([8, 4], [30, 30], False, "2x2.plain"),
])
def test_chi2_equals_r_chisq_test(events, nobs, correction, key):
    r = chi2_from_counts(events, nobs, correction=correction)
    assert r.statistic == pytest.approx(R[f"k.chi2.{key}.X2"], rel=1e-12)
    assert r.pvalue == pytest.approx(R[f"k.chi2.{key}.p"], rel=1e-12)


@pytest.mark.parametrize("kw, match", [
    (dict(means=[1, 2], stds=[1, 0], nobs=[5, 5]), "stds"),
    (dict(means=[1, 2], stds=[1, 1], nobs=[5, 1]), "nobs"),
    (dict(means=[1], stds=[1], nobs=[5]), "at least 2"),
    (dict(means="12", stds=[1, 1], nobs=[5, 5]), "means"),
    (dict(means=[1, float("nan")], stds=[1, 1], nobs=[5, 5]), "finite"),
])
def test_oneway_refuses_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        oneway_from_stats(**kw)


def test_chi2_refuses_bad_input():
    with pytest.raises(ValueError, match="between 0"):
        chi2_from_counts([5, 40], [35, 35])
    with pytest.raises(ValueError, match="undefined"):
        chi2_from_counts([0, 0], [35, 35])
    with pytest.raises(ValueError, match="whole"):
        chi2_from_counts([1.5, 2], [35, 35])


def test_oneway_from_stats_equals_statsmodels_anova_generic():
    """statsmodels' ``anova_generic`` (summary-statistic one-way ANOVA, classical and Welch) as an independent
    implementation: 200 random sets of 2-6 groups, F, df and P equal to 1e-9 (relative). Ours is kept because
    the rounding-range search evaluates it broadcast over every corner of the rounding box at once."""
    import numpy as np
    from statsmodels.stats.oneway import anova_generic

    from analysis.stats.group_tests import oneway_from_stats

    rng = np.random.default_rng(20261206)
    for _ in range(200):
        k = int(rng.integers(2, 7))
        m, s, n = rng.normal(50, 15, k), rng.uniform(1, 20, k), rng.integers(2, 80, k)
        for welch, use_var in ((False, "equal"), (True, "unequal")):
            ref = anova_generic(m, s ** 2, n, use_var=use_var)
            got = oneway_from_stats(m.tolist(), s.tolist(), n.tolist(), welch=welch)
            assert got.statistic == pytest.approx(ref.statistic, rel=1e-9)
            assert got.pvalue == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)
            assert (got.df1, got.df2) == pytest.approx(tuple(float(d) for d in ref.df), rel=1e-9)
