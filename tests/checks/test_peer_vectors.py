"""Every line of tests/reference/peer_vectors.md (copied from ../shared/reference/peer-vectors.md),
plus further outputs published by statcheck, scrutiny and rsprite2. Each test cites where the
expected result is stated.
"""
from __future__ import annotations

import pytest
from scipy import stats

from analysis.checks.counts import counts_from_percent
from analysis.checks.granularity import debit, grim, grimmer
from analysis.checks.pvalues import recompute_p
from analysis.reported import parse_reported
from analysis.stats.inference import ci_from_p, p_from_ci
from conftest import TOL


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


# =========================================================================== GRIM (Brown & Heathers 2017)

def test_grim_5_19_n28_inconsistent_nearest_5_18():
    # peer_vectors.md: scrutiny tests/testthat/test-grim.R; rsprite2 GRIM_test(5.19, 28) is FALSE
    # and (rsprite2 tests/testthat/test-core-functions.R) return_values names 5.18 as the nearest.
    r = grim("5.19", 28)
    assert r.verdict == "inconsistent"
    # the nearest consistent means, as printed to 2 decimals: 145/28 -> 5.18, 146/28 -> 5.21
    assert r.details["nearest"] == [float(f"{145 / 28:.2f}"), float(f"{146 / 28:.2f}")] == [5.18, 5.21]
    assert "5.18" in r.explanation and "5.21" in r.explanation
    assert "145/28 = 5.179" in r.explanation and "146/28 = 5.214" in r.explanation


def test_grim_sequence_5_19_to_5_30_n28():
    # peer_vectors.md: scrutiny test-grim.R, vec1 <- seq_endpoint(5.19, 5.3); grim(vec1, 28)
    # expected c(F, F, T, F, F, F, T, F, F, F, T, F): only 5.21, 5.25 and 5.29 are consistent.
    means = [f"{x / 100:.2f}" for x in range(519, 531)]
    consistent = [m for m in means if grim(m, 28).verdict == "consistent"]
    assert consistent == ["5.21", "5.25", "5.29"]
    assert all(grim(m, 28).verdict == "inconsistent" for m in means if m not in consistent)


def test_grim_die_rolls_3_48_of_20():
    # peer_vectors.md: the classic GRIM illustration, a mean of 3.48 from 20 rolls of a die is
    # impossible (69/20 = 3.45, 70/20 = 3.50).
    r = grim("3.48", 20)
    assert r.verdict == "inconsistent"
    assert "69/20" in r.explanation and "70/20" in r.explanation


def test_grim_no_power_when_n_at_least_10_to_decimals():
    # peer_vectors.md: rsprite2 warns that the sample is too big for the precision;
    # "2.5" with n 200 cannot be inconsistent -> not_testable, never consistent.
    r = grim("2.5", 200)
    assert r.verdict == "not_testable"
    assert r.details["ratio"] <= 0


# =========================================================================== GRIMMER (Anaya 2016; Allard 2018)

def test_grimmer_5_21_1_6_n28_consistent():
    # peer_vectors.md: scrutiny test-grimmer.R and rsprite2 test-core-and-plot-functions.R:
    # expect_true(GRIMMER_test(5.21, 1.6, 28))
    assert grimmer("5.21", "1.6", 28).verdict == "consistent"


def test_grimmer_3_44_2_47_n18_inconsistent():
    # peer_vectors.md: the same tests, expect_false(GRIMMER_test(3.44, 2.47, 18))
    r = grimmer("3.44", "2.47", 18)
    assert r.verdict == "inconsistent"
    assert "parity" in r.explanation or "odd" in r.explanation


# =========================================================================== DEBIT (Heathers & Brown 2019)

def test_debit_0_35_0_18_n20_inconsistent():
    # peer_vectors.md: scrutiny DEBIT vignette
    assert debit("0.35", "0.18", 20).verdict == "inconsistent"
    assert debit("0.35", "0.18", 20, formula="exact").verdict == "inconsistent"


# =========================================================================== statcheck

def test_statcheck_t28_2_20_p_03_error():
    # peer_vectors.md: statcheck test-error.R / test-compute-pvalues.R:
    # "t(28) = 2.20, p = .03": computed <- pt(-1 * abs(2.20), 28) * 2 = 0.0362254847788378, an error
    r = recompute_p("t", "2.20", 28, ".03")
    assert r.details["p"] == approx(0.0362254847788378, "p")
    assert r.verdict == "inconsistent"


@pytest.mark.parametrize("p", [".03", ".04"])
def test_statcheck_t28_2_2_one_decimal_not_error(p):
    # peer_vectors.md: t printed with one decimal stands for [2.15, 2.25], p in [0.03249, 0.04034]
    r = recompute_p("t", "2.2", 28, p)
    assert r.verdict == "consistent"
    assert round(r.details["p_low"], 5) == 0.03249
    assert round(r.details["p_high"], 5) == 0.04034
    # the same ends from scipy's t distribution at the interval's ends: 2 P(T_28 > 2.25), 2 P(T_28 > 2.15)
    assert r.details["p_low"] == pytest.approx(2 * stats.t.sf(2.25, 28), rel=1e-9)
    assert r.details["p_high"] == pytest.approx(2 * stats.t.sf(2.15, 28), rel=1e-9)


@pytest.mark.parametrize("p", [".02", ".08"])
def test_statcheck_t28_2_2_one_decimal_errors(p):
    # peer_vectors.md: "p = .02" and "p = .08" are errors
    assert recompute_p("t", "2.2", 28, p).verdict == "inconsistent"


def test_statcheck_t28_2_20_p_036_not_error():
    # peer_vectors.md: "t(28) = 2.20, p = .036" is not an error
    assert recompute_p("t", "2.20", 28, ".036").verdict == "consistent"


# =========================================================================== Altman & Bland 2011

def test_altman_bland_ci_from_p():
    # peer_vectors.md: BMJ 343:d2090, difference 17 with P = 0.032 -> z 2.141, SE 7.940, CI 1.4 to 32.6
    ci = ci_from_p("17", "0.032", method="altman_bland")
    assert (round(ci.z, 3), round(ci.se, 3)) == (2.141, 7.940)
    assert (round(ci.low, 1), round(ci.high, 1)) == (1.4, 32.6)


def test_altman_bland_p_from_ci():
    # peer_vectors.md: BMJ 343:d2304, 95% CI 1.4 to 32.6 around 17 -> SE 7.959, z 2.136, P about 0.033
    r = p_from_ci("17", "1.4", "32.6")
    assert (round(r.se, 3), round(r.z, 3), round(r.p, 3)) == (7.959, 2.136, 0.033)


def test_altman_bland_ratio_on_log_scale():
    # peer_vectors.md: BMJ 343:d2304, HR 0.81 (95% CI 0.70 to 0.94) -> P about 0.005
    assert round(p_from_ci("0.81", "0.70", "0.94", scale="log").p, 3) == 0.005


# =========================================================================== rounding intervals

@pytest.mark.parametrize("text,low,high", [
    ("1.6", 1.55, 1.65), ("2", 1.5, 2.5), (".255", 0.2545, 0.2555), ("<.001", 0.0, 0.001),
])
def test_rounding_intervals(text, low, high):
    # peer_vectors.md: MEPtoolkit rounding_validation tests; scrutiny unround
    r = parse_reported(text)
    assert (r.low, r.high) == (low, high)  # exact: both ends are the floats nearest the printed decimals


def test_rounding_interval_checks_use_both_ends():
    # peer_vectors.md: R's round(0.715, 2) = 0.72, Python's round(0.715, 2) = 0.71 -- compare
    # through intervals. 143/200 = 71.5% exactly: a source may print 71% or 72%, and both must pass.
    assert 143 in counts_from_percent("72", 200)
    assert 143 in counts_from_percent("71", 200)
    # the same with a GRIM-testable n: 1/8 = 0.125 prints as 0.12 or 0.13
    assert grim("0.12", 8).verdict == grim("0.13", 8).verdict == "consistent"


# =========================================================================== further published outputs

def test_scrutiny_grim_items():
    # scrutiny tests/testthat/test-grim.R: grim(seq_endpoint(0.150, 0.159), 120, items = 3)
    # expected c(T, F, F, T, F, F, T, F, T, F)
    means = [f"0.{x}" for x in range(150, 160)]
    got = [grim(m, 120, items=3).verdict == "consistent" for m in means]
    assert got == [True, False, False, True, False, False, True, False, True, False]
    # grim(seq_endpoint(0.80, 0.89), 28, items = 2): c(T, F, T, F, T, F, T, T, T, T)
    means = [f"0.{x}" for x in range(80, 90)]
    got = [grim(m, 28, items=2).verdict == "consistent" for m in means]
    assert got == [True, False, True, False, True, False, True, True, True, True]


def test_scrutiny_grim_percent():
    # scrutiny tests/testthat/test-grim.R: grim(seq_endpoint(519, 530), 28, percent = TRUE)
    # expected c(F, F, T, F, F, F, T, F, F, F, T, F)
    got = [grim(str(x), 28, percent=True).verdict == "consistent" for x in range(519, 531)]
    assert got == [False, False, True, False, False, False, True, False, False, False, True, False]
    # grim(seq_endpoint(6, 16), 50, percent = TRUE): c(T, F, T, F, T, F, T, F, T, F, T)
    got = [grim(str(x), 50, percent=True).verdict == "consistent" for x in range(6, 17)]
    assert got == [True, False, True, False, True, False, True, False, True, False, True]


def test_scrutiny_grim_documented_examples():
    # scrutiny R/grim.R examples: "A mean of 5.19 is not consistent with a sample size of 28 ...
    # However, it is consistent with a sample size of 32"
    assert grim("5.19", 32).verdict == "consistent"


def test_rsprite2_grim_items():
    # rsprite2 tests/testthat/test-core-functions.R: expect_true(GRIM_test(5.18, 14, n_items = 2))
    assert grim("5.18", 14, items=2).verdict == "consistent"
    # ... expect_warning(GRIM_test(5.2, 20, return_values = TRUE)): n 20 >= 10^1, no power
    assert grim("5.2", 20).verdict == "not_testable"


@pytest.mark.parametrize("mean,sd,n,mean_n,exact", [
    # scrutiny tests/testthat/test-debit.R:
    ("0.05", "0.21", 20, True, False),   # 0.05 |> debit(0.21, 20, 2, 2) FALSE; formula = "mean_n" TRUE
    ("0.05", "0.22", 20, True, True),    # 0.05 |> debit(0.22, 20, 2, 2) TRUE
    ("0.50", "0.503", 100, True, True),  # "DEBIT accepts real binary data with a mean reported as 0.50"
    ("0.00", "0.00", 50, True, True),    # "DEBIT decides means of exactly 0 and 1"
    ("1.00", "0.00", 50, True, True),
    ("0.00", "0.50", 50, False, False),  # "DEBIT still rejects impossible SDs at those means"
    ("1.00", "0.50", 50, False, False),
    ("0.53", "0.50", 1683, True, True),  # show_rec test: consistency TRUE
])
def test_scrutiny_debit(mean, sd, n, mean_n, exact):
    want = {True: "consistent", False: "inconsistent"}
    assert debit(mean, sd, n).verdict == want[mean_n]
    assert debit(mean, sd, n, formula="exact").verdict == want[exact]


@pytest.mark.parametrize("test,stat,df,p", [
    # statcheck tests/testthat/test-decisionerror.R, "simple decision errors are classified as such"
    ("t", "2.20", 28, ".06"), ("t", "1.20", 28, ".03"),
    ("F", "22.20", (2, 28), ".06"), ("F", "2.20", (2, 28), ".03"),
    ("r", ".22", 28, ".03"), ("r", ".52", 28, ".06"),
    ("chi2", "2.20", 28, ".03"), ("chi2", "52.20", 28, ".06"),
    ("z", "1.20", None, ".03"), ("z", "2.20", None, ".06"),
])
def test_statcheck_decision_errors(test, stat, df, p):
    r = recompute_p(test, stat, df, p)
    assert r.verdict == "inconsistent"
    assert r.details["decision_error"] is True
    assert "decision error" in r.explanation


@pytest.mark.parametrize("stat,p,alpha", [
    # statcheck test-decisionerror.R, "decision errors are correctly classified when alpha levels are changed"
    ("2.20", ".11", 0.10), ("1.20", ".09", 0.10), ("5.20", ".02", 0.01), ("1.20", ".005", 0.01),
])
def test_statcheck_decision_errors_other_alpha(stat, p, alpha):
    assert recompute_p("t", stat, 28, p, alpha=alpha).details["decision_error"] is True


def test_statcheck_p_equal_alpha_is_significant():
    # statcheck test-decisionerror.R: "t(28) = 2.20, p = .05" is no decision error (pEqualAlphaSig = TRUE)
    assert recompute_p("t", "2.20", 28, ".05").details["decision_error"] is False


def test_statcheck_p_less_than_error():
    # statcheck tests/testthat/test-error.R: "t(48) = 1.02, p < .05": Error and DecisionError TRUE
    r = recompute_p("t", "1.02", 48, "p < .05")
    assert r.verdict == "inconsistent" and r.details["decision_error"] is True


@pytest.mark.parametrize("test,stat,df,expected", [
    # statcheck tests/testthat/test-compute-pvalues.R: computed p as statcheck's formulas give it
    ("F", "2.20", (2, 28), stats.f.sf(2.20, 2, 28)),            # pf(2.20, 2, 28, lower.tail = FALSE)
    ("r", ".22", 28, 2 * stats.t.sf(0.22 / ((1 - 0.22 ** 2) / 28) ** 0.5, 28)),  # via r2t
    ("z", "2.20", None, 2 * stats.norm.sf(2.20)),                # pnorm(abs(2.20), lower = FALSE) * 2
    ("chi2", "22.20", 28, stats.chi2.sf(22.20, 28)),             # pchisq(22.20, 28, lower = FALSE)
])
def test_statcheck_computed_p(test, stat, df, expected):
    assert recompute_p(test, stat, df, ".5").details["p"] == approx(expected, "p")
