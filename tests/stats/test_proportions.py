"""analysis.stats.proportions against R (tests/reference/r/a_binomial_ci.R, b_two_proportions.R) and
Newcombe (1998a, single proportion; 1998b, difference of proportions).

Reference names are those of tests/reference/r_reference_values.tsv (``rref``) and
tests/reference/r_generated_values.tsv (``rgen``, the full output of the same R scripts; conftest.py).
The issue asked for seven one-proportion cases (a.*) and three two-proportion cases (b.*);
r_reference_values.tsv holds only a.8_30, a.4_30, a.0_10 and b.91_336_vs_60_340, the other cases
(a.2_3, a.91_336, a.60_340, a.10_10, b.8_30_vs_4_30, ...) are in r_generated_values.tsv. Those are
checked here against R and, in addition, against independent formulas (scipy's beta quantiles, the
closed forms); two proportions also against the values printed in Newcombe (1998b) Table II.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st
from scipy import special, stats

from analysis.results import ConfidenceInterval
from analysis.stats.proportions import (
    PROPORTION_CI_METHODS,
    ProportionComparison,
    compare_proportions,
    proportion_ci,
)
from conftest import TOL

R_CASES = [(8, 30), (4, 30), (0, 10)]  # the a.* cases present in r_reference_values.tsv
# a.* cases of a_binomial_ci.R only in r_generated_values.tsv: checked against R and formulas below
OTHER_CASES = [(2, 3), (91, 336), (60, 340), (10, 10)]
Z = float(special.ndtri(0.975))


def _ci(ref, tag):
    return ref[f"{tag}.lo"], ref[f"{tag}.hi"]


def _approx(value, kind="ci"):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


# --------------------------------------------------------------------------- one proportion


def test_z_quantile_matches_r(rref):
    # a.z_used_qnorm_0.975: qnorm(0.975) as used by every R script
    assert Z == _approx(rref["a.z_used_qnorm_0.975"])


@pytest.mark.parametrize("k,n", R_CASES)
def test_wilson_matches_prop_test_and_formula(rref, k, n):
    ci = proportion_ci(k, n, method="wilson")
    tag = f"a.{k}_{n}"
    for ref in ("wilson_proptest", "wilson_formula"):  # R prop.test(correct=FALSE) and formula
        lo, hi = _ci(rref, f"{tag}.{ref}")
        assert ci.low == _approx(lo)
        assert ci.high == _approx(hi)


@pytest.mark.parametrize("k,n", R_CASES)
def test_exact_matches_binom_test(rref, k, n):
    ci = proportion_ci(k, n, method="exact")
    lo, hi = _ci(rref, f"a.{k}_{n}.clopper_pearson")  # R binom.test()$conf.int
    assert ci.low == _approx(lo)
    assert ci.high == _approx(hi)


@pytest.mark.parametrize("k,n", R_CASES)
def test_jeffreys_bcd_rule(rref, k, n):
    ci = proportion_ci(k, n, method="jeffreys")
    lo, hi = _ci(rref, f"a.{k}_{n}.jeffreys_bcd")  # qbeta with Brown-Cai-DasGupta boundary rule
    assert ci.low == _approx(lo)
    assert ci.high == _approx(hi)


@pytest.mark.parametrize("k,n", [c for c in R_CASES if 0 < c[0] < c[1]])
def test_jeffreys_equals_plain_qbeta_for_interior_k(rref, k, n):
    ci = proportion_ci(k, n, method="jeffreys")
    lo, hi = _ci(rref, f"a.{k}_{n}.jeffreys_qbeta")  # R qbeta(c(.025,.975), k+.5, n-k+.5)
    assert ci.low == _approx(lo)
    assert ci.high == _approx(hi)


def test_jeffreys_boundary_differs_from_plain_qbeta_at_k0(rref):
    # a.0_10.jeffreys_qbeta.lo is 4.79e-05 > 0; the BCD rule (our choice) sets it to 0
    assert rref["a.0_10.jeffreys_qbeta.lo"] > 0
    assert proportion_ci(0, 10, method="jeffreys").low == 0.0
    assert proportion_ci(0, 10, method="jeffreys").high == _approx(rref["a.0_10.jeffreys_qbeta.hi"])


@pytest.mark.parametrize("k,n", R_CASES)
def test_agresti_coull_is_clipped(rref, k, n):
    ci = proportion_ci(k, n, method="agresti-coull")
    lo, hi = _ci(rref, f"a.{k}_{n}.agresti_coull_clipped")  # formula, clipped to [0, 1] in R
    assert ci.low == _approx(lo)
    assert ci.high == _approx(hi)
    raw_lo, raw_hi = _ci(rref, f"a.{k}_{n}.agresti_coull_raw")  # unclipped: equal where inside [0, 1]
    assert ci.low == _approx(max(0.0, raw_lo))
    assert ci.high == _approx(min(1.0, raw_hi))


def test_agresti_coull_raw_reference_is_negative_at_k0(rref):
    # a.0_10.agresti_coull_raw.lo = -0.0434: we clip (documented), so our limit is 0
    assert rref["a.0_10.agresti_coull_raw.lo"] < 0
    assert proportion_ci(0, 10, method="agresti-coull").low == 0.0


@pytest.mark.parametrize("k,n", R_CASES)
def test_wald(rref, k, n):
    ci = proportion_ci(k, n, method="wald")
    lo, hi = _ci(rref, f"a.{k}_{n}.wald_raw")  # p +- z sqrt(p(1-p)/n); inside [0, 1] for these cases
    assert ci.low == _approx(lo)
    assert ci.high == _approx(hi)


# package method -> name in a_binomial_ci.R; Wald is compared with wald_raw clipped to [0, 1]
R_NAMES = {"wilson": "wilson_proptest", "exact": "clopper_pearson", "jeffreys": "jeffreys_bcd",
           "agresti-coull": "agresti_coull_clipped", "wald": "wald_raw"}


@pytest.mark.parametrize("k,n", OTHER_CASES)
def test_cases_missing_from_tsv_against_formulas(rgen, k, n):
    # a.{k}_{n}.* of a_binomial_ci.R (r_generated_values.tsv), and independently the formulas
    # (the definitions in a_binomial_ci.R) computed here.
    p = k / n
    beta = stats.beta
    ctr = (k + Z**2 / 2) / (n + Z**2)
    hw = Z * math.sqrt(n) / (n + Z**2) * math.sqrt(p * (1 - p) + Z**2 / (4 * n))
    expected = {
        "wilson": (ctr - hw, ctr + hw),
        "exact": (0.0 if k == 0 else beta.ppf(0.025, k, n - k + 1),
                  1.0 if k == n else beta.ppf(0.975, k + 1, n - k)),
        "jeffreys": (0.0 if k == 0 else beta.ppf(0.025, k + 0.5, n - k + 0.5),
                     1.0 if k == n else beta.ppf(0.975, k + 0.5, n - k + 0.5)),
    }
    nt = n + Z**2
    pt = (k + Z**2 / 2) / nt
    expected["agresti-coull"] = (max(0.0, pt - Z * math.sqrt(pt * (1 - pt) / nt)),
                                 min(1.0, pt + Z * math.sqrt(pt * (1 - pt) / nt)))
    expected["wald"] = (max(0.0, p - Z * math.sqrt(p * (1 - p) / n)), min(1.0, p + Z * math.sqrt(p * (1 - p) / n)))
    for method, (lo, hi) in expected.items():
        ci = proportion_ci(k, n, method=method)
        assert ci.low == _approx(lo), method
        assert ci.high == _approx(hi), method
        r_lo, r_hi = _ci(rgen, f"a.{k}_{n}.{R_NAMES[method]}")
        assert ci.low == _approx(max(0.0, r_lo)), method
        assert ci.high == _approx(min(1.0, r_hi)), method


@pytest.mark.parametrize(
    "k,n,lo,hi",
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_worked_examples_newcombe_1998_single_proportion(k, n, lo, hi):
    # Newcombe RG (1998a), "Two-sided confidence intervals for the single proportion: comparison of
    # seven methods", Stat Med 17:857-872, doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E,
    # Table II, method 3 (Wilson score without continuity correction), printed to 4 decimals.
    ci = proportion_ci(k, n)
    assert round(ci.low, 4) == lo
    assert round(ci.high, 4) == hi


def test_confidence_level_is_used():
    # 90% Wilson is narrower than 95%, and equals the closed form with z = qnorm(0.95)
    ci90 = proportion_ci(8, 30, confidence_level=0.9)
    z = float(special.ndtri(0.95))
    ctr = (8 + z**2 / 2) / (30 + z**2)
    hw = z * math.sqrt(30) / (30 + z**2) * math.sqrt(8 / 30 * 22 / 30 + z**2 / 120)
    assert ci90.low == _approx(ctr - hw)
    assert ci90.high == _approx(ctr + hw)


@given(n=st.integers(1, 5000), data=st.data())
def test_wilson_bounds_in_unit_interval_and_contain_estimate(n, data):
    k = data.draw(st.integers(0, n))
    ci = proportion_ci(k, n)
    assert 0.0 <= ci.low <= k / n <= ci.high <= 1.0


@given(n=st.integers(1, 2000), data=st.data(), method=st.sampled_from(PROPORTION_CI_METHODS))
def test_every_method_in_unit_interval_and_ordered(n, data, method):
    k = data.draw(st.integers(0, n))
    ci = proportion_ci(k, n, method=method)
    assert 0.0 <= ci.low <= ci.high <= 1.0
    if method != "jeffreys" or 0 < k < n:
        # equal-tailed Jeffreys may exclude k/n only at the boundaries, which the BCD rule covers
        assert ci.low <= k / n <= ci.high


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(k=31, n=30), "k"),
        (dict(k=-1, n=30), "k"),
        (dict(k=1, n=0), "n"),
        (dict(k=2.5, n=30), "k"),
        (dict(k=2, n=30.5), "n"),
        (dict(k=True, n=30), "k"),
        (dict(k=float("nan"), n=30), "k"),
        (dict(k="3.5", n=30), "k"),
        (dict(k=3, n=30, confidence_level=1.0), "confidence_level"),
        (dict(k=3, n=30, confidence_level=0.0), "confidence_level"),
        (dict(k=3, n=30, method="clopper"), "method"),
    ],
)
def test_proportion_ci_rejects_out_of_domain(kwargs, name):
    with pytest.raises(ValueError, match=name):
        proportion_ci(**kwargs)


def test_unknown_method_lists_valid_ones():
    with pytest.raises(ValueError, match="'wilson', 'exact', 'jeffreys', 'agresti-coull', 'wald'"):
        proportion_ci(3, 30, method="jeff")


def test_integral_float_counts_accepted():
    assert proportion_ci(8.0, 30.0) == proportion_ci(8, 30)


# --------------------------------------------------------------------------- two proportions

B = "b.91_336_vs_60_340"


@pytest.fixture
def b_case():
    return compare_proportions(91, 336, 60, 340)


def test_newcombe_matches_r(rref, b_case):
    assert isinstance(b_case, ProportionComparison)
    assert b_case.risk_difference == _approx(rref[f"{B}.newcombe.diff"], "estimate")
    assert b_case.risk_difference_ci.low == _approx(rref[f"{B}.newcombe.lo"])
    assert b_case.risk_difference_ci.high == _approx(rref[f"{B}.newcombe.hi"])


def test_risk_difference_matches_escalc_rd(rref, b_case):
    assert b_case.risk_difference == _approx(rref[f"{B}.RD.yi"], "estimate")
    assert b_case.risk_difference_se == _approx(rref[f"{B}.RD.sei"], "se")
    assert b_case.risk_difference_se**2 == _approx(rref[f"{B}.RD.vi"], "se")


@pytest.mark.parametrize("method,ref", [("wald", "wald"), ("agresti-caffo", "agresti_caffo")])
def test_other_rd_intervals(rref, method, ref):
    res = compare_proportions(91, 336, 60, 340, method=method)
    assert res.risk_difference_ci.low == _approx(rref[f"{B}.{ref}.lo"])
    assert res.risk_difference_ci.high == _approx(rref[f"{B}.{ref}.hi"])


def test_wald_rd_interval_equals_escalc_rd_ci(rref):
    res = compare_proportions(91, 336, 60, 340, method="wald")
    assert res.risk_difference_ci.low == _approx(rref[f"{B}.RD.ci.lb"])  # summary(escalc("RD"))
    assert res.risk_difference_ci.high == _approx(rref[f"{B}.RD.ci.ub"])


@pytest.mark.parametrize("measure,attr", [("RR", "risk_ratio"), ("OR", "odds_ratio")])
def test_ratios_match_escalc(rref, b_case, measure, attr):
    log_attr = {"risk_ratio": "log_risk_ratio", "odds_ratio": "log_odds_ratio"}[attr]
    assert getattr(b_case, log_attr) == _approx(rref[f"{B}.{measure}.yi"], "estimate")
    assert getattr(b_case, log_attr + "_se") == _approx(rref[f"{B}.{measure}.sei"], "se")
    assert getattr(b_case, log_attr + "_se") ** 2 == _approx(rref[f"{B}.{measure}.vi"], "se")
    assert getattr(b_case, attr) == _approx(rref[f"{B}.{measure}.exp_yi"], "estimate")
    ci = getattr(b_case, attr + "_ci")
    assert ci.low == _approx(rref[f"{B}.{measure}.exp_ci.lb"])
    assert ci.high == _approx(rref[f"{B}.{measure}.exp_ci.ub"])
    assert math.log(ci.low) == _approx(rref[f"{B}.{measure}.ci.lb"])
    assert math.log(ci.high) == _approx(rref[f"{B}.{measure}.ci.ub"])
    assert b_case.zero_cell_correction == 0.0


def test_score_test_matches_prop_test(rref, b_case):
    assert b_case.statistic == _approx(rref[f"{B}.pooled_z.stat"], "estimate")
    assert b_case.statistic**2 == _approx(rref[f"{B}.proptest_nocc.X2"], "estimate")  # prop.test(correct=FALSE)
    assert b_case.pvalue == _approx(rref[f"{B}.pooled_z.p"], "p")
    assert b_case.pvalue == _approx(rref[f"{B}.proptest_nocc.p"], "p")


def test_fisher_matches_fisher_test(rref):
    res = compare_proportions(91, 336, 60, 340, test="fisher")
    assert res.pvalue == _approx(rref[f"{B}.fisher.p"], "p")  # R fisher.test()$p.value
    assert res.statistic is None


def test_nnt_from_newcombe_interval(rref, b_case):
    # NNT = 1/RD; interval = reciprocals of R's Newcombe limits (b.91_336_vs_60_340.newcombe.*),
    # which exclude 0; the note prints them to 1 decimal
    diff, lo, hi = rref[f"{B}.newcombe.diff"], rref[f"{B}.newcombe.lo"], rref[f"{B}.newcombe.hi"]
    assert b_case.nnt == _approx(1 / diff, "estimate")
    assert b_case.nnt_ci.low == _approx(1 / hi, "ci")
    assert b_case.nnt_ci.high == _approx(1 / lo, "ci")
    assert b_case.nnt_ci.contains(b_case.nnt)
    assert f"NNT {1 / diff:.1f}" in b_case.nnt_note  # "NNT 10.6"
    assert f"95% CI {1 / hi:.1f} to {1 / lo:.1f}" in b_case.nnt_note


# Newcombe RG (1998b), "Interval estimation for the difference between independent proportions:
# comparison of eleven methods", Stat Med 17:873-890, doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I,
# Table II, method 10 (score, no continuity correction), printed to 4 decimals.
# Our own check of the brief's figures: example (a) 56/70 vs 48/80 has RD 0.2000 (not 0.1400),
# interval 0.0524 to 0.3339 -- this is what Table II prints and what the formula gives.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), 0.0524, 0.3339),
    ((9, 10, 3, 10), 0.1705, 0.8090),
    ((6, 7, 2, 7), 0.0582, 0.8062),
    ((5, 56, 0, 29), -0.0381, 0.1926),
    ((0, 10, 0, 20), -0.1611, 0.2775),
    ((0, 10, 0, 10), -0.2775, 0.2775),
    ((10, 10, 0, 20), 0.6791, 1.0000),
]


@pytest.mark.parametrize("counts,lo,hi", NEWCOMBE_TABLE_II)
def test_newcombe_1998_table_ii(counts, lo, hi):
    ci = compare_proportions(*counts).risk_difference_ci
    assert round(ci.low, 4) == lo
    assert round(ci.high, 4) == hi


def test_nnt_crossing_zero_follows_altman(rgen):
    # 8/30 vs 4/30: R's Newcombe interval (b.8_30_vs_4_30.newcombe.*, b_two_proportions.R) includes
    # 0 -> two-part NNT set (Altman 1998), NNT 3.0 to infinity to NNT 13.8
    res = compare_proportions(8, 30, 4, 30)
    lo, hi = rgen["b.8_30_vs_4_30.newcombe.lo"], rgen["b.8_30_vs_4_30.newcombe.hi"]
    assert lo < 0 < hi
    assert res.risk_difference_ci.low == _approx(lo) and res.risk_difference_ci.high == _approx(hi)
    assert res.nnt_ci is None
    assert f"NNT {1 / rgen['b.8_30_vs_4_30.newcombe.diff']:.1f}" in res.nnt_note
    assert f"({lo:.4f} to {hi:.4f})" in res.nnt_note
    assert f"NNT {1 / hi:.1f}" in res.nnt_note and f"NNT {-1 / lo:.1f}" in res.nnt_note
    assert "infinity" in res.nnt_note and "Altman 1998" in res.nnt_note


def test_nnt_negative_difference_is_signed():
    res = compare_proportions(48, 80, 56, 70)
    assert res.nnt == _approx(-5.0, "estimate")
    assert res.nnt_ci.contains(res.nnt)
    assert res.nnt_ci.high < 0


def test_zero_cell_rule_matches_metafor_default():
    # escalc(add = 1/2, to = "only0"): 0.5 added to all four cells when one is 0
    res = compare_proportions(5, 56, 0, 29)
    a, b, c, d = 5.5, 51.5, 0.5, 29.5
    assert res.zero_cell_correction == 0.5
    assert res.log_risk_ratio == _approx(math.log((a / (a + b)) / (c / (c + d))), "estimate")
    assert res.log_risk_ratio_se == _approx(math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)), "se")
    assert res.log_odds_ratio == _approx(math.log(a * d / (b * c)), "estimate")
    assert res.log_odds_ratio_se == _approx(math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), "se")
    assert res.risk_difference == _approx(5 / 56, "estimate")  # RD never corrected


def test_no_events_anywhere_gives_p_one_not_nan():
    res = compare_proportions(0, 10, 0, 20)
    assert res.statistic == 0.0 and res.pvalue == 1.0
    assert all(not (isinstance(v, float) and math.isnan(v)) for v in res.to_dict().values())


def test_to_frame_one_row(b_case):
    frame = b_case.to_frame()
    assert frame.shape[0] == 1
    assert frame.loc[0, "risk_difference_ci_low"] == b_case.risk_difference_ci.low


@given(
    n1=st.integers(1, 300), n2=st.integers(1, 300), data=st.data(),
    method=st.sampled_from(("newcombe", "wald", "agresti-caffo")),
)
def test_comparison_intervals_contain_estimates(n1, n2, data, method):
    k1 = data.draw(st.integers(0, n1))
    k2 = data.draw(st.integers(0, n2))
    res = compare_proportions(k1, n1, k2, n2, method=method)
    if method != "agresti-caffo":  # Agresti-Caffo is centred on the adjusted difference
        assert res.risk_difference_ci.low <= res.risk_difference + 1e-15
        assert res.risk_difference <= res.risk_difference_ci.high + 1e-15
    assert -1.0 <= res.risk_difference_ci.low <= res.risk_difference_ci.high <= 1.0
    assert res.risk_ratio_ci.contains(res.risk_ratio)
    assert res.odds_ratio_ci.contains(res.odds_ratio)
    assert 0.0 <= res.pvalue <= 1.0


@pytest.mark.parametrize(
    "args,kwargs,name",
    [
        ((31, 30, 4, 30), {}, "k1"),
        ((3, 30, 31, 30), {}, "k2"),
        ((3, 0, 4, 30), {}, "n1"),
        ((3, 30, 4, 0), {}, "n2"),
        ((-1, 30, 4, 30), {}, "k1"),
        ((3.5, 30, 4, 30), {}, "k1"),
        ((3, 30, 4, 30), {"confidence_level": 100}, "confidence_level"),
        ((3, 30, 4, 30), {"method": "score"}, "method"),
        ((3, 30, 4, 30), {"test": "chisq"}, "test"),
    ],
)
def test_compare_proportions_rejects_out_of_domain(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        compare_proportions(*args, **kwargs)


def test_unknown_test_lists_valid_ones():
    with pytest.raises(ValueError, match="'score', 'fisher'"):
        compare_proportions(3, 30, 4, 30, test="yates")
