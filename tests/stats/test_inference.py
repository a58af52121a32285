"""analysis.stats.inference: P from a CI, CI from P, non-inferiority.

Reference values: the ``g.*`` lines of tests/reference/r_reference_values.tsv, printed by
tests/reference/r/g_p_from_ci.R (R 4.2.2):

    se <- (u - l)/(2*1.96); zz <- abs(est/se)
    out("SE_1.96", se); out("z", est/se); out("p_normal_exact", 2*pnorm(-zz))
    se_q <- (u - l)/(2*qnorm(.975)); out("p_normal_SE_from_qnorm(0.975)", 2*pnorm(-abs(est/se_q)))
    tq <- qt(.975, df); se_t <- (u - l)/(2*tq); tt <- est/se_t
    out("dfN.SE_from_qt", se_t); out("dfN.t_(SE_from_qt)", tt)
    out("dfN.p_t_(SE_from_qt)", 2*pt(-abs(tt), df)); out("dfN.p_t_(SE_from_1.96)", 2*pt(-zz, df))

and the worked examples of Altman & Bland (2011), BMJ 343:d2304 (doi:10.1136/bmj.d2304)
and BMJ 343:d2090 (doi:10.1136/bmj.d2090).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from analysis.results import ConfidenceInterval
from analysis.stats.inference import CIFromP, PFromCI, ci_from_p, noninferiority, p_from_ci
from conftest import TOL, examples


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


def grid_p_range(est, lo, hi, decimals, steps=11):
    """Normal-theory P (SE from qnorm(0.975)) over a grid of the rounding box of est, lo, hi, each
    printed with decimals[i] decimals (half a unit of the last digit either side); the grid holds
    the corners, where P is extreme. Independent of the package."""
    q = stats.norm.ppf(0.975)
    axes = [np.linspace(v - 0.5 * 10**-d, v + 0.5 * 10**-d, steps) for v, d in zip((est, lo, hi), decimals)]
    e, l, h = np.meshgrid(*axes, indexing="ij")
    p = 2 * stats.norm.sf(np.abs(e) / ((h - l) / (2 * q)))
    return float(p.min()), float(p.max())


# The five R cases, as printed (the R tag uses %g, which drops trailing zeros).
G_CASES = [
    (("-0.10", "-0.32", "0.12"), "g.est-0.1_ci(-0.32,0.12)"),
    (("-5.2", "-10.4", "0.14"), "g.est-5.2_ci(-10.4,0.14)"),
    (("-13.5", "-25.0", "-1.98"), "g.est-13.5_ci(-25,-1.98)"),
    (("1.35", "0.41", "2.30"), "g.est1.35_ci(0.41,2.3)"),
    (("1.38", "0.37", "2.39"), "g.est1.38_ci(0.37,2.39)"),
]


@pytest.mark.parametrize("args,tag", G_CASES, ids=[t for _, t in G_CASES])
def test_p_from_ci_r_normal(rref, args, tag):
    # Altman & Bland's SE uses 1.96: SE_1.96, z, p_normal_exact
    r196 = p_from_ci(*args, quantile=1.96)
    assert r196.se == approx(rref[f"{tag}.SE_1.96"], "se")
    assert r196.z == approx(rref[f"{tag}.z"], "estimate")
    assert r196.p == approx(rref[f"{tag}.p_normal_exact"], "p")
    # the exact normal quantile: p_normal_SE_from_qnorm(0.975)
    r = p_from_ci(*args)
    assert r.method == "normal" and r.quantile == approx(stats.norm.ppf(0.975), "estimate")
    assert r.p == approx(rref[f"{tag}.p_normal_SE_from_qnorm(0.975)"], "p")


@pytest.mark.parametrize("df", [16, 28])
@pytest.mark.parametrize("args,tag", G_CASES, ids=[t for _, t in G_CASES])
def test_p_from_ci_r_t(rref, args, tag, df):
    r = p_from_ci(*args, df=df)
    assert r.method == f"t({df})"
    assert r.se == approx(rref[f"{tag}.df{df}.SE_from_qt"], "se")
    assert r.z == approx(rref[f"{tag}.df{df}.t_(SE_from_qt)"], "estimate")
    assert r.p == approx(rref[f"{tag}.df{df}.p_t_(SE_from_qt)"], "p")
    r196 = p_from_ci(*args, df=df, quantile=1.96)
    assert r196.p == approx(rref[f"{tag}.df{df}.p_t_(SE_from_1.96)"], "p")


@pytest.mark.parametrize("args,tag", G_CASES, ids=[t for _, t in G_CASES])
def test_p_from_ci_face_value_inside_rounding_range(args, tag):
    r = p_from_ci(*args)
    assert r.p_low <= r.p <= r.p_high
    assert r.contains(r.p)


def test_altman_bland_d2304_worked_example():
    # BMJ 343:d2304: 95% CI 1.4 to 32.6 around 17 -> SE 7.959, z 2.136, P about 0.033
    r = p_from_ci("17", "1.4", "32.6")
    assert round(r.se, 3) == 7.959
    assert round(r.z, 3) == 2.136
    assert round(r.p, 3) == 0.033
    assert isinstance(r, PFromCI) and r.scale == "linear"
    # over the rounding of 17 ([16.5, 17.5]), 1.4 and 32.6 (the paper prints only P ~ 0.033): the
    # range from a brute-force grid of the rounding box, 0.0274 to 0.0388
    p_min, p_max = grid_p_range(17, 1.4, 32.6, (0, 1, 1))
    assert r.p_low == approx(p_min, "p")
    assert r.p_high == approx(p_max, "p")


def test_altman_bland_d2304_ratio_example():
    # BMJ 343:d2304: HR 0.81 (95% CI 0.70 to 0.94) -> P about 0.005 on the log scale
    r = p_from_ci("0.81", "0.70", "0.94", scale="log")
    assert round(r.p, 3) == 0.005
    assert r.se == approx((math.log(0.94) - math.log(0.70)) / (2 * stats.norm.ppf(0.975)), "se")
    assert r.p_low <= 0.005 <= r.p_high


def test_p_from_ci_refuses_floats():
    """The rounding range needs the print: a float is refused (README, "Input rule"); the
    shortest repr of a float is its print when exact values are meant."""
    with pytest.raises(TypeError, match="depends on how it was rounded"):
        p_from_ci(17, 1.4, 32.6)
    r = p_from_ci(17, repr(1.4), repr(32.6))
    assert r.p_low < r.p < r.p_high


def test_p_from_ci_estimate_interval_crossing_zero_gives_p_one():
    # "0.0" stands for [-0.05, 0.05]: the estimate may be 0, so P may be 1
    r = p_from_ci("0.0", "-1.2", "1.2")
    assert r.p_high == approx(1.0, "p")
    assert r.p == approx(1.0, "p")


def test_p_from_ci_corners_bracket_every_point_in_the_box():
    # brute force over a grid of the rounding box: p_low/p_high are the extremes
    r = p_from_ci("1.35", "0.41", "2.30")
    q = stats.norm.ppf(0.975)
    ps = []
    for i in range(11):
        for j in range(11):
            for k in range(11):
                e = 1.345 + 0.001 * i
                lo = 0.405 + 0.001 * j
                hi = 2.295 + 0.001 * k
                ps.append(2 * stats.norm.sf(abs(e) / ((hi - lo) / (2 * q))))
    assert min(ps) == approx(r.p_low, "p")
    assert max(ps) == approx(r.p_high, "p")


@pytest.mark.parametrize("kwargs,name", [
    ({"confidence_level": 150}, "confidence_level"),
    ({"confidence_level": 0}, "confidence_level"),
    ({"scale": "logit"}, "scale"),
    ({"df": 0}, "df"),
    ({"df": -3}, "df"),
])
def test_p_from_ci_invalid(kwargs, name):
    with pytest.raises(ValueError, match=name):
        p_from_ci("17", "1.4", "32.6", **kwargs)


def test_p_from_ci_invalid_values():
    with pytest.raises(ValueError, match="scale='log'"):
        p_from_ci("0.81", "-0.70", "0.94", scale="log")
    with pytest.raises(ValueError, match="upper"):
        p_from_ci("1", "2", "0.5")
    with pytest.raises(ValueError, match="estimate"):
        p_from_ci("5", "1", "2")
    with pytest.raises(ValueError, match="lower"):
        p_from_ci("5", "abc", "6")
    with pytest.raises(ValueError, match="bound"):
        p_from_ci("<5", "1", "6")


def test_ci_from_p_altman_bland_d2090_worked_example():
    # BMJ 343:d2090: difference 17 with P = 0.032 -> z 2.141, SE 7.940, CI 1.4 to 32.6
    ci = ci_from_p("17", "0.032", method="altman_bland")
    assert isinstance(ci, ConfidenceInterval) and isinstance(ci, CIFromP)
    assert round(ci.z, 3) == 2.141
    assert round(ci.se, 3) == 7.940
    assert (round(ci.low, 1), round(ci.high, 1)) == (1.4, 32.6)


def test_ci_from_p_exact_and_the_rounding_of_p():
    # exact normal: z = qnorm(1 - 0.032/2) = 2.144; P printed "0.032" stands for [0.0315, 0.0325],
    # and at P = 0.0325 the exact method gives the paper's 1.4 to 32.6
    ci = ci_from_p("17", "0.032")
    assert ci.z == approx(stats.norm.isf(0.016), "estimate")
    assert ci.se == approx(17 / stats.norm.isf(0.016), "se")
    edge = ci_from_p("17", "0.0325")
    assert (round(edge.low, 1), round(edge.high, 1)) == (1.4, 32.6)


def test_ci_from_p_roundtrip_with_p_from_ci():
    ci = ci_from_p(17.0, 0.0327, df=20)
    r = p_from_ci("17.0", repr(ci.low), repr(ci.high), df=20)
    assert r.p == approx(0.0327, "p")


def test_ci_from_p_log_scale():
    # Altman & Bland d2090 on the log scale (HR 0.81, P = 0.005, cf. d2304): z = qnorm(1 - 0.005/2),
    # SE = |log 0.81| / z, CI = exp(log 0.81 -+ qnorm(0.975) SE), computed here independently
    ci = ci_from_p("0.81", 0.005, scale="log")
    se = abs(math.log(0.81)) / stats.norm.isf(0.005 / 2)
    q = stats.norm.ppf(0.975)
    assert ci.low == approx(math.exp(math.log(0.81) - q * se), "ci")
    assert ci.high == approx(math.exp(math.log(0.81) + q * se), "ci")
    assert ci.low < 0.81 < ci.high
    assert math.log(0.81) - math.log(ci.low) == approx(math.log(ci.high) - math.log(0.81), "ci")
    assert p_from_ci("0.81", repr(ci.low), repr(ci.high), scale="log").p == approx(0.005, "p")


def test_ci_from_p_invalid():
    with pytest.raises(ValueError, match="method"):
        ci_from_p("17", "0.03", method="wald")
    with pytest.raises(ValueError, match="p"):
        ci_from_p("17", "<.001")
    with pytest.raises(ValueError, match="p"):
        ci_from_p("17", 1.5)
    with pytest.raises(ValueError, match="confidence_level"):
        ci_from_p("17", "0.03", confidence_level=100)
    with pytest.raises(ValueError, match="df"):
        ci_from_p("17", "0.03", df=10, method="altman_bland")


def test_noninferiority_higher_is_better():
    r = noninferiority("-2.0", "-6.1", "2.1", margin="-10")
    assert r.noninferior and r.robust and r.bound == -6.1
    se = (2.1 + 6.1) / (2 * stats.norm.ppf(0.975))
    assert r.se == approx(se, "se")
    assert r.p == approx(stats.norm.sf((-2.0 + 10) / se), "p")
    assert "non-inferior" in r.conclusion


def test_noninferiority_boundary():
    # lower bound exactly at the margin: not shown (the bound must clear the margin), not robust
    at = noninferiority("-2.0", "-10.0", "6.0", margin="-10.0")
    assert not at.noninferior and not at.robust
    just = noninferiority("-2.0", "-9.9", "6.0", margin="-10.0")
    assert just.noninferior and just.robust
    # a one-sided p at the margin equals (1 - cl)/2 for a symmetric interval
    assert at.p == approx(0.025, "p")


def test_noninferiority_lower_is_better_ratio():
    # hazard ratio of harm 1.05 (0.90 to 1.22), margin 1.25: upper bound below the margin
    r = noninferiority("1.05", "0.90", "1.22", margin="1.25", higher_is_better=False, scale="log")
    assert r.noninferior and r.bound == 1.22
    worse = noninferiority("1.15", "0.98", "1.35", margin="1.25", higher_is_better=False, scale="log")
    assert not worse.noninferior and worse.robust and worse.p > 0.025


def test_noninferiority_invalid():
    with pytest.raises(ValueError, match="higher_is_better"):
        noninferiority("1", "0", "2", "0", higher_is_better="yes")
    with pytest.raises(ValueError, match="confidence_level"):
        noninferiority("1", "0", "2", "0", confidence_level=-0.1)


@settings(max_examples=examples(200), deadline=None)
@given(est=st.floats(-50, 50), half=st.floats(0.1, 30), df=st.one_of(st.none(), st.integers(2, 200)))
def test_property_p_from_ci_inverts_ci_from_p(est, half, df):
    # P within 1e-3 of 1 is left out: z is then the t quantile just above the median, which scipy's stdtrit
    # gives to about 1e-10 absolute, so SE = |est| / z is ill-conditioned (hypothesis found est 6e-8, half
    # 1, df 4: P = 1 - 1.3e-7, CI off by 0.3 %; 20,000 random cases with P < 0.999 all within TOL)
    r = p_from_ci(repr(est), repr(est - half), repr(est + half), df=df)
    if 1e-12 < r.p < 0.999:
        ci = ci_from_p(est, r.p, df=df)
        assert ci.low == pytest.approx(est - half, rel=TOL["reference"], abs=TOL["reference"])
        assert ci.high == pytest.approx(est + half, rel=TOL["reference"], abs=TOL["reference"])


def test_ci_from_p_refuses_a_p_whose_quantile_is_0():
    # found by the property test above: stdtrit(4, 1 - 0.999999999 / 2) is 0.0, and ci_from_p divided by it
    with pytest.raises(ValueError, match=r"p \('0.999999999'\) is too close to 1"):
        ci_from_p("1", "0.999999999", df=4)
    assert ci_from_p("1", "0.99999999", df=4).high > 1e6     # its quantile is 3e-8: an SE follows


@settings(max_examples=examples(200), deadline=None)
@given(e=st.integers(-999, 999), lo=st.integers(1, 500), hi=st.integers(1, 500))
def test_property_p_interval_contains_face_value(e, lo, hi):
    est = f"{e / 10:.1f}"
    r = p_from_ci(est, f"{(e - lo) / 10:.1f}", f"{(e + hi) / 10:.1f}")
    slack = TOL["p"]  # floating-point slack between the corner and face-value computations
    assert 0 <= r.p_low <= r.p + slack and r.p <= r.p_high + slack and r.p_high <= 1 + slack
