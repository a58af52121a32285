"""Tests for analysis.stats.power: paired sensitivity, two-sample power, Beta posteriors.

References: metafor escalc "SMCR" (tests/reference/r_reference_values.tsv, c_smd.R: pre 30.6 (6.1),
post 20.3 (11.5), n 30, Sakurai 2025); R's power and Beta quantiles of h_extra.R
(tests/reference/r_generated_values.tsv, ``rgen``); scipy.stats.ttest_rel on constructed data;
statsmodels TTestIndPower; Cohen (1988) for n = 64 per arm; closed forms for Beta(3, 2).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from analysis.results import ConfidenceInterval
from analysis.stats.power import (
    Posterior,
    PowerResult,
    paired_sensitivity,
    posterior_proportion,
    power_curve,
    power_two_sample,
)
from conftest import TOL, examples


# ------------------------------------------------------------------------------------------
# paired sensitivity
# ------------------------------------------------------------------------------------------
def test_paired_sensitivity_shape_and_default_grid():
    df = paired_sensitivity(30.6, 6.1, 20.3, 11.5, 30)
    assert list(df.columns) == ["r", "mean_diff", "sd_diff", "dz", "t", "df", "p", "smcr",
                                "smcr_vi", "smcr_ci_low", "smcr_ci_high"]
    assert len(df) == 20 and df["r"].iloc[0] == 0.0 and df["r"].iloc[-1] == 0.95
    assert (df["df"] == 29).all()
    # a higher correlation shrinks the SD of the differences and the p-value
    assert df["sd_diff"].is_monotonic_decreasing and df["p"].is_monotonic_decreasing


@pytest.mark.parametrize("r", ["0.3", "0.5", "0.7"])
def test_smcr_against_metafor(rref, r):
    # > escalc(measure="SMCR", m1i=20.3, m2i=30.6, sd1i=6.1, ni=30, ri=r)   (c_smd.R)
    row = paired_sensitivity("30.6", "6.1", "20.3", "11.5", 30, r=float(r)).iloc[0]
    tag = f"c.SMCR.r{r}"
    assert row["smcr"] == pytest.approx(rref[f"{tag}.yi"], abs=TOL["reference"])
    assert row["smcr_vi"] == pytest.approx(rref[f"{tag}.vi"], abs=TOL["reference"])
    assert row["smcr_ci_low"] == pytest.approx(rref[f"{tag}.ci.lb"], abs=TOL["reference"])
    assert row["smcr_ci_high"] == pytest.approx(rref[f"{tag}.ci.ub"], abs=TOL["reference"])


def constructed_pairs(mean_pre, sd_pre, mean_post, sd_post, n, r, seed=0):
    """Data with exactly the given means, SDs (ddof = 1) and correlation."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 2))
    z -= z.mean(axis=0)
    q, _ = np.linalg.qr(z)            # orthonormal, mean-zero columns
    z = q * math.sqrt(n - 1)          # SD 1 (ddof = 1), uncorrelated
    pre = mean_pre + sd_pre * z[:, 0]
    post = mean_post + sd_post * (r * z[:, 0] + math.sqrt(1 - r * r) * z[:, 1])
    return pre, post


@pytest.mark.parametrize("r", [0.0, 0.3, 0.62, 0.9, -0.4])
def test_paired_t_against_ttest_rel(r):
    pre, post = constructed_pairs(30.6, 6.1, 20.3, 11.5, 30, r)
    assert np.corrcoef(pre, post)[0, 1] == pytest.approx(r, abs=TOL["estimate"])
    ref = stats.ttest_rel(post, pre)
    row = paired_sensitivity(pre.mean(), pre.std(ddof=1), post.mean(), post.std(ddof=1), 30,
                             r=r).iloc[0]
    assert row["t"] == pytest.approx(ref.statistic, rel=TOL["estimate"])
    assert row["p"] == pytest.approx(ref.pvalue, rel=TOL["p"])
    assert row["df"] == ref.df
    assert row["sd_diff"] == pytest.approx(np.std(post - pre, ddof=1), rel=TOL["estimate"])


@settings(max_examples=examples(30), deadline=None)
@given(n=st.integers(3, 60), r=st.floats(-0.95, 0.95), m0=st.floats(-50, 50), m1=st.floats(-50, 50),
       s0=st.floats(0.5, 20), s1=st.floats(0.5, 20))
def test_paired_t_against_ttest_rel_property(n, r, m0, m1, s0, s1):
    pre, post = constructed_pairs(m0, s0, m1, s1, n, r, seed=n)
    ref = stats.ttest_rel(post, pre)
    row = paired_sensitivity(m0, s0, m1, s1, n, r=r).iloc[0]
    assert row["t"] == pytest.approx(ref.statistic, rel=TOL["estimate"], abs=TOL["estimate"])
    assert row["p"] == pytest.approx(ref.pvalue, rel=TOL["p"], abs=TOL["p"])


@pytest.mark.parametrize("kwargs, match", [
    ({"r": 1.0}, r"r \(1.0\) must lie in \[-1, 1\)"),
    ({"r": [0.2, -1.5]}, r"r \(-1.5\)"),
    ({"std_pre": -6.1}, r"std_pre \(-6.1\)"),
    ({"std_post": -1}, r"std_post \(-1\)"),
    ({"nobs": 1}, r"nobs \(1\)"),
])
def test_paired_sensitivity_validation(kwargs, match):
    args = {"mean_pre": 30.6, "std_pre": 6.1, "mean_post": 20.3, "std_post": 11.5, "nobs": 30} | kwargs
    with pytest.raises(ValueError, match=match):
        paired_sensitivity(**args)


# ------------------------------------------------------------------------------------------
# two-sample power
# ------------------------------------------------------------------------------------------
def nct_power(d, n1, n2, alpha=0.05):
    """Independent two-sided power from the noncentral t (Cohen 1988)."""
    df = n1 + n2 - 2
    nc = d * math.sqrt(n1 * n2 / (n1 + n2))
    c = stats.t.ppf(1 - alpha / 2, df)
    return stats.nct.sf(c, df, nc) + stats.nct.cdf(-c, df, nc)


def test_textbook_64_per_arm(rgen):
    # Cohen (1988), Table 2.4.1: d = .50, alpha = .05 two-sided, power .80 needs n = 64 per group;
    # Cohen prints power and d to 2 decimals: half a unit of the last digit is 0.5 * 10**-2
    res = power_two_sample(64, 64, effect=0.5)
    assert res.power_at_effect == pytest.approx(0.80, abs=0.5 * 10**-2)
    assert res.mde == pytest.approx(0.50, abs=0.5 * 10**-2)
    assert res.power_at_effect == pytest.approx(nct_power(0.5, 64, 64), rel=TOL["p"])
    # R (h_extra.R): power.t.test(n = 64, delta = 0.5, strict = TRUE) and its MDE at power 0.8
    assert res.power_at_effect == pytest.approx(rgen["h.e.n64_64.d0.5.power.t.test_strict"], rel=TOL["reference"])
    assert res.mde == pytest.approx(rgen["h.e.n64_64.mde_power0.8_power.t.test_strict"], rel=TOL["reference"])


@pytest.mark.parametrize("n1, n2, effect", [(12, 6, 0.8), (15, 15, 1.0), (30, 29, 0.3), (6, 12, -0.9)])
def test_power_against_statsmodels(n1, n2, effect):
    res = power_two_sample(n1, n2, effect=effect)
    sm = TTestIndPower()
    assert res.power_at_effect == pytest.approx(
        sm.power(effect_size=effect, nobs1=n1, alpha=0.05, ratio=n2 / n1), abs=TOL["p"])
    assert res.mde == pytest.approx(
        sm.solve_power(nobs1=n1, alpha=0.05, power=0.8, ratio=n2 / n1), abs=TOL["iterative"])
    # the MDE has the target power (by an independent computation)
    assert nct_power(res.mde, n1, n2) == pytest.approx(0.8, abs=TOL["reference"])
    assert isinstance(res, PowerResult) and len(res.to_frame()) == 1


def test_fitzgerald_arm_sizes(rgen):
    # Fitzgerald 2020: ketamine 12 vs midazolam 6: only very large effects are detectable;
    # R (h_extra.R): uniroot(tol = 1e-14) on the noncentral-t power = 0.8 gives d = 1.4923
    res = power_two_sample(12, 6)
    assert res.effect is None and res.power_at_effect is None
    assert res.mde == pytest.approx(rgen["h.e.n12_6.mde_power0.8_two_sided_uniroot"], rel=TOL["reference"])


def test_one_sided_alternatives():
    g = power_two_sample(20, 20, effect=0.5, alternative="greater")
    sm = TTestIndPower().power(effect_size=0.5, nobs1=20, alpha=0.05, ratio=1, alternative="larger")
    assert g.power_at_effect == pytest.approx(sm, abs=TOL["p"])
    le = power_two_sample(20, 20, effect=-0.5, alternative="less")
    assert le.power_at_effect == pytest.approx(sm, abs=TOL["p"])
    assert le.mde == pytest.approx(-g.mde, abs=TOL["iterative"]) and le.mde < 0


def test_power_curve(rgen):
    df = power_curve(12, 6, np.linspace(0, 2, 9))
    assert list(df.columns) == ["effect", "power", "nobs1", "nobs2", "alpha", "alternative"]
    # at effect 0 the power is alpha = 0.05 exactly
    assert len(df) == 9 and df["power"].iloc[0] == pytest.approx(0.05, abs=TOL["p"])
    assert df["power"].is_monotonic_increasing
    for e, p in zip(df["effect"], df["power"]):
        assert p == pytest.approx(nct_power(e, 12, 6), abs=TOL["p"])
    # R (h_extra.R): noncentral-t power at d = 0.5 and 1.0 (grid points 2 and 4)
    assert df["power"].iloc[2] == pytest.approx(rgen["h.e.n12_6.d0.5.power_two_sided_nct"], rel=TOL["reference"])
    assert df["power"].iloc[4] == pytest.approx(rgen["h.e.n12_6.d1.0.power_two_sided_nct"], rel=TOL["reference"])


@pytest.mark.parametrize("kwargs, match", [
    ({"nobs1": 1}, r"nobs1 \(1\)"),
    ({"nobs2": 0}, r"nobs2 \(0\)"),
    ({"alpha": 1.5}, r"alpha \(1.5\)"),
    ({"power": 0.01}, r"power \(0.01\)"),
    ({"alternative": "larger"}, r"alternative \('larger'\) must be one of"),
])
def test_power_validation(kwargs, match):
    args = {"nobs1": 12, "nobs2": 6} | kwargs
    with pytest.raises(ValueError, match=match):
        power_two_sample(**args)


# ------------------------------------------------------------------------------------------
# Beta posterior
# ------------------------------------------------------------------------------------------
def test_rett_two_of_three_uniform():
    # Rett pilot: 2 of 3 improved. Uniform prior -> Beta(3, 2); mean 3/5;
    # P(p > 0.5) = 1 - I_0.5(3, 2) = 1 - 5/16 = 11/16 (I_x(3,2) = 4x^3 - 3x^4).
    post = posterior_proportion(2, 3, prior="uniform", threshold=0.5)
    assert (post.a, post.b) == (3.0, 2.0)
    assert post.mean == pytest.approx(0.6, abs=TOL["estimate"])
    assert post.prob_above == pytest.approx(11 / 16, abs=TOL["estimate"])
    assert post.median == pytest.approx(stats.beta.median(3, 2), abs=TOL["estimate"])
    lo, hi = stats.beta.ppf([0.025, 0.975], 3, 2)
    assert post.ci == ConfidenceInterval(pytest.approx(lo, rel=TOL["ci"]), pytest.approx(hi, rel=TOL["ci"]))
    # closed form for the lower limit: I_x(3,2) = 4x^3 - 3x^4 = 0.025
    assert 4 * post.ci.low ** 3 - 3 * post.ci.low ** 4 == pytest.approx(0.025, abs=TOL["ci"])


def test_rett_two_of_three_jeffreys():
    post = posterior_proportion(2, 3, threshold=0.5)
    assert (post.a, post.b) == (2.5, 1.5)
    assert post.mean == pytest.approx(2.5 / 4, abs=TOL["estimate"])
    assert post.prob_above == pytest.approx(stats.beta.sf(0.5, 2.5, 1.5), abs=TOL["estimate"])


@pytest.mark.parametrize("k", [8, 4])
def test_jeffreys_interval_against_r(rref, k):
    # > qbeta(c(.025, .975), k + .5, n - k + .5)   (a_binomial_ci.R; Sakurai 8/30 and 4/30)
    post = posterior_proportion(k, 30)
    assert post.ci.low == pytest.approx(rref[f"a.{k}_30.jeffreys_qbeta.lo"], abs=TOL["reference"])
    assert post.ci.high == pytest.approx(rref[f"a.{k}_30.jeffreys_qbeta.hi"], abs=TOL["reference"])
    ci95 = post.credible_interval(0.95)
    lo, hi = stats.beta.ppf([0.025, 0.975], k + 0.5, 30 - k + 0.5)  # independent of the package
    assert ci95.low == pytest.approx(lo, rel=TOL["ci"]) and ci95.high == pytest.approx(hi, rel=TOL["ci"])


def test_posterior_helpers(rgen):
    post = posterior_proportion(0, 10)
    dens = post.density(101)
    assert list(dens.columns) == ["rate", "density"] and len(dens) == 100  # infinite at 0 dropped
    assert post.prob_above is None and isinstance(post, Posterior)
    assert post.to_frame().loc[0, "ci_low"] == post.ci.low
    ci90 = post.credible_interval(0.9)
    assert ci90.high < post.ci.high
    # equal-tailed Beta(0.5, 10.5) quantiles: qbeta(0.95, 0.5, 10.5) is R's
    # h.a.cl0.90.0_10.jeffreys_bcd.hi (h_extra.R); the lower limit is qbeta(0.05, ...) (the posterior
    # has no Brown-Cai-DasGupta boundary rule, so it is not R's bcd lower limit 0)
    assert ci90.high == pytest.approx(rgen["h.a.cl0.90.0_10.jeffreys_bcd.hi"], rel=TOL["ci"])
    assert ci90.low == pytest.approx(stats.beta.ppf(0.05, 0.5, 10.5), rel=TOL["ci"])


@pytest.mark.parametrize("kwargs, match", [
    ({"k": 4, "n": 3}, r"k \(4\) must be <= n \(3\)"),
    ({"k": -1, "n": 3}, r"k \(-1\)"),
    ({"k": 0, "n": 0}, r"n \(0\)"),
    ({"k": 1, "n": 3, "prior": "haldane"}, r"prior \('haldane'\) must be one of 'jeffreys', 'uniform'"),
    ({"k": 1, "n": 3, "threshold": 1.2}, r"threshold \(1.2\)"),
    ({"k": 1, "n": 3, "confidence_level": 100}, r"confidence_level \(100\)"),
])
def test_posterior_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        posterior_proportion(**kwargs)
