"""analysis.stats.effects against R (tests/reference/r/c_smd.R, d_ttests.R) and Hedges (1981).

Inputs as in tests/reference/README.md: c.P1 = (20.3, 11.5, 30) vs (30.6, 6.1, 30);
c.P2 = (10, 2, 20) vs (8, 2.5, 25); c.SMCR = pre 30.6 (6.1), post 20.3 (11.5), n 30.
c_smd.R also defines c.P3 = (5.1, 1.2, 12) vs (4.0, 1.5, 6) and the SMCC measure, and d_ttests.R a
d.P3: those values are not in r_reference_values.tsv (``rref``) but are in r_generated_values.tsv
(``rgen``, the full output of the same scripts; conftest.py). They are checked against R there and,
in addition, against independent formulas (math.gamma instead of gammaln, a direct Welch computation).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
from scipy import special, stats

from analysis.stats.effects import (
    PairedSMD,
    StandardizedMeanDifference,
    TTestResult,
    hedges_correction,
    paired_smd,
    smd,
    ttest_from_stats,
)
from conftest import TOL

PAIRS = {
    "P1": (20.3, 11.5, 30, 30.6, 6.1, 30),
    "P2": (10, 2, 20, 8, 2.5, 25),
    "P3": (5.1, 1.2, 12, 4.0, 1.5, 6),  # c_smd.R / d_ttests.R; values in r_generated_values.tsv (rgen)
}
PRE_POST = dict(mean_pre=30.6, std_pre=6.1, mean_post=20.3, std_post=11.5, nobs=30)
Z = float(special.ndtri(0.975))


def _approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


# --------------------------------------------------------------------------- J


def test_hedges_correction_exact_values():
    # Hedges (1981) Table 1 / closed forms: J(2) = 1/sqrt(pi), J(3) = Gamma(1.5)/sqrt(1.5) = 0.7236,
    # J(4) = 1/(sqrt(2) Gamma(1.5)) = 0.7979
    assert hedges_correction(2) == _approx(1 / math.sqrt(math.pi), "estimate")
    assert round(hedges_correction(3), 4) == 0.7236
    assert round(hedges_correction(4), 4) == 0.7979


@pytest.mark.parametrize("tag", ["P1", "P2"])
def test_hedges_correction_matches_r(rref, tag):
    n1, n2 = PAIRS[tag][2], PAIRS[tag][5]
    assert hedges_correction(n1 + n2 - 2) == _approx(rref[f"c.{tag}.J_exact_gamma"], "estimate")
    # and differs from R's approximation 1 - 3/(4N - 9) by R's exact - approximate difference
    # (9.4e-6 for P1, 1.7e-5 for P2), which is larger than the reference bar TOL["reference"]
    j_approx = rref[f"c.{tag}.J_approx_1-3/(4N-9)"]
    r_gap = rref[f"c.{tag}.J_exact_gamma"] - j_approx
    assert hedges_correction(n1 + n2 - 2) - j_approx == pytest.approx(r_gap, rel=TOL["reference"])
    assert abs(r_gap) > TOL["reference"]


def test_hedges_correction_vectorised_and_large_m():
    m = np.array([2.0, 10.0, 1e6])
    expected = [math.gamma(x / 2) / (math.sqrt(x / 2) * math.gamma((x - 1) / 2)) for x in m[:2]]
    out = hedges_correction(m)
    assert out[:2] == _approx(expected, "estimate")
    assert out[2] == _approx(1 - 3 / (4 * 1e6 - 1), "estimate")  # no overflow: gammaln


@pytest.mark.parametrize("m", [1, 0.5, float("nan"), float("inf")])
def test_hedges_correction_rejects(m):
    with pytest.raises(ValueError, match="m"):
        hedges_correction(m)


# --------------------------------------------------------------------------- smd


@pytest.mark.parametrize("tag", ["P1", "P2"])
def test_smd_matches_escalc(rref, tag):
    res = smd(*PAIRS[tag])
    assert isinstance(res, StandardizedMeanDifference)
    c = f"c.{tag}"
    assert res.sd_pooled == _approx(rref[f"{c}.sd_pooled"], "estimate")
    assert res.hedges_g == _approx(rref[f"{c}.escalc_SMD.yi"], "estimate")
    assert res.hedges_g_var == _approx(rref[f"{c}.escalc_SMD.vi"], "se")
    assert res.hedges_g_se == _approx(rref[f"{c}.escalc_SMD.sei"], "se")
    assert res.hedges_g_ci.low == _approx(rref[f"{c}.escalc_SMD.ci.lb"], "ci")
    assert res.hedges_g_ci.high == _approx(rref[f"{c}.escalc_SMD.ci.ub"], "ci")
    assert res.hedges_g == _approx(rref[f"{c}.formula_g_check(Jexact*d)"], "estimate")
    assert res.mean_difference == _approx(rref[f"{c}.escalc_MD.yi"], "estimate")


@pytest.mark.parametrize("tag", ["P1", "P2"])
def test_cohen_d_matches_r(rref, tag):
    res = smd(*PAIRS[tag])
    c = f"c.{tag}"
    assert res.cohen_d == _approx(rref[f"{c}.cohen_d"], "estimate")
    assert res.cohen_d_var == _approx(rref[f"{c}.cohen_d.var_LS(1/n1+1/n2+d^2/(2N))"], "se")
    assert res.cohen_d_ci.low == _approx(rref[f"{c}.cohen_d.ci_z.lo"], "ci")
    assert res.cohen_d_ci.high == _approx(rref[f"{c}.cohen_d.ci_z.hi"], "ci")


def test_smd_p3_against_formula(rgen):
    # c.P3 of c_smd.R, in r_generated_values.tsv (not in r_reference_values.tsv): against R, and
    # against an independent computation with math.gamma
    m1, s1, n1, m2, s2, n2 = PAIRS["P3"]
    df = n1 + n2 - 2
    sp = math.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / df)
    d = (m1 - m2) / sp
    j = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
    g = j * d
    vg = 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2))
    res = smd(*PAIRS["P3"])
    assert res.hedges_g == _approx(g, "estimate")
    assert res.hedges_g_var == _approx(vg, "se")
    assert res.hedges_g_ci.low == _approx(g - Z * math.sqrt(vg), "ci")
    assert res.sd_pooled == _approx(rgen["c.P3.sd_pooled"], "estimate")
    assert res.cohen_d == _approx(rgen["c.P3.cohen_d"], "estimate")
    assert res.j == _approx(rgen["c.P3.J_exact_gamma"], "estimate")
    assert res.hedges_g == _approx(rgen["c.P3.escalc_SMD.yi"], "estimate")
    assert res.hedges_g_var == _approx(rgen["c.P3.escalc_SMD.vi"], "se")
    assert res.hedges_g_se == _approx(rgen["c.P3.escalc_SMD.sei"], "se")
    assert res.hedges_g_ci.low == _approx(rgen["c.P3.escalc_SMD.ci.lb"], "ci")
    assert res.hedges_g_ci.high == _approx(rgen["c.P3.escalc_SMD.ci.ub"], "ci")


def test_smd_confidence_level(rref):
    # 90% interval from R's escalc("SMD") yi and sei (c.P1.escalc_SMD.*) and z = qnorm(0.95)
    res = smd(*PAIRS["P1"], confidence_level=0.9)
    z = float(special.ndtri(0.95))
    g, se = rref["c.P1.escalc_SMD.yi"], rref["c.P1.escalc_SMD.sei"]
    assert res.hedges_g_ci.low == _approx(g - z * se, "ci")
    assert res.hedges_g_ci.high == _approx(g + z * se, "ci")


@given(
    m1=st.floats(-100, 100), m2=st.floats(-100, 100),
    s1=st.floats(0.01, 50), s2=st.floats(0.01, 50),
    n1=st.integers(2, 500), n2=st.integers(2, 500),
)
def test_smd_intervals_contain_estimates(m1, m2, s1, s2, n1, n2):
    res = smd(m1, s1, n1, m2, s2, n2)
    assert res.hedges_g_ci.contains(res.hedges_g)
    assert res.cohen_d_ci.contains(res.cohen_d)
    assert abs(res.hedges_g) <= abs(res.cohen_d)  # 0 < J < 1


# --------------------------------------------------------------------------- paired


@pytest.mark.parametrize("r", [0.3, 0.5, 0.7])
def test_paired_smcr_matches_escalc(rref, r):
    res = paired_smd(**PRE_POST, r=r)
    assert isinstance(res, PairedSMD)
    t = f"c.SMCR.r{r:.1f}"
    assert res.smcr == _approx(rref[f"{t}.yi"], "estimate")
    assert res.smcr_var == _approx(rref[f"{t}.vi"], "se")
    assert res.smcr_ci.low == _approx(rref[f"{t}.ci.lb"], "ci")
    assert res.smcr_ci.high == _approx(rref[f"{t}.ci.ub"], "ci")
    assert res.smcr == _approx(rref[f"{t}.formula_yi(J(n-1)*(post-pre)/sd_pre)"], "estimate")
    assert res.smcr_var == _approx(rref[f"{t}.formula_vi(2(1-r)/n+yi^2/(2n))"], "se")


def test_paired_r_grid_gives_arrays(rref):
    res = paired_smd(**PRE_POST, r=[0.3, 0.5, 0.7])
    expected_vi = [rref[f"c.SMCR.r{r:.1f}.vi"] for r in (0.3, 0.5, 0.7)]
    expected_lb = [rref[f"c.SMCR.r{r:.1f}.ci.lb"] for r in (0.3, 0.5, 0.7)]
    assert isinstance(res.smcr_var, np.ndarray) and res.smcr_var.shape == (3,)
    assert list(res.smcr) == _approx([rref[f"c.SMCR.r{r:.1f}.yi"] for r in (0.3, 0.5, 0.7)], "estimate")
    assert isinstance(paired_smd(**PRE_POST, r=0.5).smcr, float)
    assert list(res.smcr_var) == _approx(expected_vi, "se")
    assert list(res.smcr_ci.low) == _approx(expected_lb, "ci")
    assert not res.smcr_var.flags.writeable  # frozen result, frozen arrays
    frame = res.to_frame()
    assert frame.shape[0] == 1 and len(frame.loc[0, "smcr_var"]) == 3


@pytest.mark.parametrize("r", [0.3, 0.5, 0.7])
def test_paired_change_score_against_formula(rgen, r):
    # metafor escalc "SMCC" (yi = J(n-1) (m1 - m2)/sd_diff, vi = 1/n + yi^2/(2n)): against R's
    # c.SMCC.r{r}.* (c_smd.R, in r_generated_values.tsv) and the formula of metafor's escalc
    # source, computed independently.
    n = 30
    sd_diff = math.sqrt(11.5**2 + 6.1**2 - 2 * r * 11.5 * 6.1)
    j = math.gamma((n - 1) / 2) / (math.sqrt((n - 1) / 2) * math.gamma((n - 2) / 2))
    d_z = (20.3 - 30.6) / sd_diff
    g = j * d_z
    v = 1 / n + g**2 / (2 * n)
    res = paired_smd(**PRE_POST, r=r)
    assert res.sd_diff == _approx(sd_diff, "estimate")
    assert res.d_z == _approx(d_z, "estimate")
    assert res.g_z == _approx(g, "estimate")
    assert res.g_z_var == _approx(v, "se")
    assert res.g_z_ci.high == _approx(g + Z * math.sqrt(v), "ci")
    c = f"c.SMCC.r{r:.1f}"
    assert res.sd_diff == _approx(rgen[f"{c}.sd_change"], "estimate")
    assert res.g_z == _approx(rgen[f"{c}.yi"], "estimate")
    assert res.g_z_var == _approx(rgen[f"{c}.vi"], "se")
    assert res.g_z_ci.low == _approx(rgen[f"{c}.ci.lb"], "ci")
    assert res.g_z_ci.high == _approx(rgen[f"{c}.ci.ub"], "ci")


def test_paired_d_z_equals_t_over_sqrt_n(rgen):
    # d_z = t_paired / sqrt(n) with R's paired t (h.d.paired.r0.5.t, h_extra.R: t.test(paired = TRUE)
    # on data with these moments), and = mean change / SD of change with R's escalc SMCC sd_change
    res = paired_smd(**PRE_POST, r=0.5)
    assert res.d_z == _approx(rgen["h.d.paired.r0.5.t"] / math.sqrt(30), "estimate")
    assert res.d_z == _approx((20.3 - 30.6) / rgen["c.SMCC.r0.5.sd_change"], "estimate")


@given(r=st.floats(-0.99, 0.99))
def test_paired_intervals_contain_estimates(r):
    res = paired_smd(**PRE_POST, r=r)
    assert res.smcr_ci.contains(res.smcr)
    assert res.g_z_ci.contains(res.g_z)


# --------------------------------------------------------------------------- t tests


@pytest.mark.parametrize("tag", ["P1", "P2"])
@pytest.mark.parametrize("kind,equal_var", [("pooled", True), ("welch", False)])
def test_ttest_matches_r(rref, tag, kind, equal_var):
    res = ttest_from_stats(*PAIRS[tag], equal_var=equal_var)
    assert isinstance(res, TTestResult)
    d = f"d.{tag}.{kind}"
    assert res.statistic == _approx(rref[f"{d}.t"], "estimate")
    assert res.df == _approx(rref[f"{d}.df"], "estimate")
    assert res.se == _approx(rref[f"{d}.se"], "se")
    assert res.pvalue == _approx(rref[f"{d}.p_two_sided"], "p")
    assert res.ci.low == _approx(rref[f"{d}.ci_diff.lo"], "ci")
    assert res.ci.high == _approx(rref[f"{d}.ci_diff.hi"], "ci")
    # cross-check in d_ttests.R: t.test() on data with exactly these moments
    check = "pooled" if equal_var else "welch"
    assert res.statistic == _approx(rref[f"d.{tag}.check_t.test_{check}.t"], "reference")
    assert res.pvalue == _approx(rref[f"d.{tag}.check_t.test_{check}.p"], "reference")


def test_ttest_p3_welch_against_formula(rgen):
    # d.P3 of d_ttests.R (in r_generated_values.tsv, not in r_reference_values.tsv): against R's
    # d.P3.welch.* and an independent Welch computation
    m1, s1, n1, m2, s2, n2 = PAIRS["P3"]
    a, b = s1**2 / n1, s2**2 / n2
    df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
    t = (m1 - m2) / math.sqrt(a + b)
    res = ttest_from_stats(*PAIRS["P3"], equal_var=False)
    assert res.df == _approx(df, "estimate")
    assert res.statistic == _approx(t, "estimate")
    assert res.pvalue == _approx(2 * stats.t.sf(abs(t), df), "p")
    assert res.df == _approx(rgen["d.P3.welch.df"], "estimate")
    assert res.statistic == _approx(rgen["d.P3.welch.t"], "estimate")
    assert res.se == _approx(rgen["d.P3.welch.se"], "se")
    assert res.pvalue == _approx(rgen["d.P3.welch.p_two_sided"], "p")
    assert res.ci.low == _approx(rgen["d.P3.welch.ci_diff.lo"], "ci")
    assert res.ci.high == _approx(rgen["d.P3.welch.ci_diff.hi"], "ci")
    pooled = ttest_from_stats(*PAIRS["P3"])
    assert pooled.statistic == _approx(rgen["d.P3.pooled.t"], "estimate")
    assert pooled.pvalue == _approx(rgen["d.P3.pooled.p_two_sided"], "p")


@pytest.mark.parametrize("alternative", ["less", "greater"])
def test_ttest_one_sided(rref, alternative):
    # from R's pooled t, df and se of d.P1 (d_ttests.R) and the mean difference c.P1.escalc_MD.yi
    # (-10.3): p = pt(t, df) for "less", pt(t, df, lower = FALSE) for "greater"; the one-sided 95%
    # bound is md +- qt(0.95, df) * se
    t, df, se = rref["d.P1.pooled.t"], rref["d.P1.pooled.df"], rref["d.P1.pooled.se"]
    md = rref["c.P1.escalc_MD.yi"]
    one = ttest_from_stats(*PAIRS["P1"], alternative=alternative)
    expected = stats.t.cdf(t, df) if alternative == "less" else stats.t.sf(t, df)
    assert one.pvalue == _approx(expected, "p")
    q = stats.t.ppf(0.95, df)
    if alternative == "less":
        assert one.ci.low == -math.inf
        assert one.ci.high == _approx(md + q * se, "ci")
    else:
        assert one.ci.high == math.inf
        assert one.ci.low == _approx(md - q * se, "ci")


# --------------------------------------------------------------------------- validation

BAD_SMD = [
    ((20.3, -11.5, 30, 30.6, 6.1, 30), "std1"),
    ((20.3, 11.5, 30, 30.6, 0.0, 30), "std2"),
    ((20.3, 11.5, 1, 30.6, 6.1, 30), "nobs1"),
    ((20.3, 11.5, 30, 30.6, 6.1, 0), "nobs2"),
    ((20.3, 11.5, 30.5, 30.6, 6.1, 30), "nobs1"),
    ((float("nan"), 11.5, 30, 30.6, 6.1, 30), "mean1"),
    ((20.3, 11.5, 30, float("inf"), 6.1, 30), "mean2"),
    ((20.3, float("nan"), 30, 30.6, 6.1, 30), "std1"),
    (("20.3x", 11.5, 30, 30.6, 6.1, 30), "mean1"),  # a printed "20.3" is accepted (input rule)
]


@pytest.mark.parametrize("args,name", BAD_SMD)
def test_smd_rejects(args, name):
    with pytest.raises(ValueError, match=name):
        smd(*args)


@pytest.mark.parametrize("args,name", BAD_SMD)
def test_ttest_rejects_before_scipy_takes_abs(args, name):
    # scipy.stats.ttest_ind_from_stats would silently use abs(-11.5)
    with pytest.raises(ValueError, match=name):
        ttest_from_stats(*args)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(confidence_level=150), "confidence_level"),
        (dict(alternative="two.sided"), "alternative"),
        (dict(equal_var="yes"), "equal_var"),
    ],
)
def test_ttest_rejects_options(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ttest_from_stats(*PAIRS["P1"], **kwargs)


def test_ttest_unknown_alternative_lists_valid_ones():
    with pytest.raises(ValueError, match="'two-sided', 'less', 'greater'"):
        ttest_from_stats(*PAIRS["P1"], alternative="both")


def test_smd_rejects_confidence_level():
    with pytest.raises(ValueError, match="confidence_level"):
        smd(*PAIRS["P1"], confidence_level=0)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(std_pre=0), "std_pre"),
        (dict(std_post=-1), "std_post"),
        (dict(nobs=2), "nobs"),
        (dict(nobs=0), "nobs"),
        (dict(r=1.2), "r"),
        (dict(r=[0.3, float("nan")]), "r"),
        (dict(r=[]), "r"),
        (dict(r="high"), "r"),
        (dict(mean_pre=float("nan")), "mean_pre"),
        (dict(confidence_level=-0.1), "confidence_level"),
        (dict(std_post=6.1, r=1.0), "r"),  # equal SDs and r = 1: change-score SD is 0
    ],
)
def test_paired_rejects(kwargs, name):
    args = {**PRE_POST, "r": 0.5, **kwargs}
    with pytest.raises(ValueError, match=name):
        paired_smd(**args)
