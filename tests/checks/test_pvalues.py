"""P values against statistics and CIs (analysis.checks.pvalues): statcheck's recomputation (Nuijten
et al. 2016, doi:10.3758/s13428-015-0664-2), P from a CI (Altman & Bland 2011, doi:10.1136/bmj.d2304)
and CI symmetry, on both sides of each boundary.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings, strategies as st
from scipy import stats

from analysis.checks.pvalues import check_p_against_ci, ci_symmetry, recompute_p
from conftest import approx, examples, print_fraction


# =========================================================================== recompute_p

def test_recompute_p_one_sided_tolerance():
    # t(28) = 2.20 gives two-sided 0.036; a one-sided .018 fits only as one-sided
    assert recompute_p("t", "2.20", 28, ".018").verdict == "inconsistent"
    r = recompute_p("t", "2.20", 28, ".018", alternative="greater")
    assert r.verdict == "consistent" and r.details["matching"] == ["one-sided"]
    # statcheck's tolerance: a two-sided p printed in a one-sided test is not an error either
    assert recompute_p("t", "2.20", 28, ".036", alternative="greater").verdict == "consistent"


def test_recompute_p_bounds_and_crossing_zero():
    assert recompute_p("t", "0.0", 20, ".99").verdict == "consistent"
    assert recompute_p("t", "0.0", 20, ".99").details["p_high"] == approx(1.0, "p")
    # F(1, 40) in [12.45, 12.55]: p about 0.00104, just above .001
    assert recompute_p("F", "12.5", (1, 40), "< .001").verdict == "inconsistent"
    assert recompute_p("F", "12.5", (1, 40), "< .01").verdict == "consistent"
    assert recompute_p("chi2", "3.10", 1, "> .05").verdict == "consistent"


def test_recompute_p_boundary_just_inside_just_outside():
    # t(28) in [2.195, 2.205]: p in [0.03582, 0.03666]; ".035" stands for [.0345, .0355]
    r = recompute_p("t", "2.20", 28, ".036")
    assert r.verdict == "consistent"
    assert recompute_p("t", "2.20", 28, ".035").verdict == "inconsistent"
    assert recompute_p("t", "2.20", 28, ".038").verdict == "inconsistent"
    assert recompute_p("t", "2.20", 28, ".037").verdict == "consistent"


@pytest.mark.parametrize("args,name", [
    (("W", "2.2", 28, ".03"), "test"),
    (("F", "2.2", 28, ".03"), "df"),
    (("t", "2.2", None, ".03"), "df"),
    (("z", "2.2", 10, ".03"), "df"),
    (("t", "2.2", 28, "1.3"), "p"),
    (("F", "-2.2", (1, 28), ".03"), "statistic"),
    (("r", "1.20", 28, ".03"), "statistic"),
])
def test_recompute_p_invalid(args, name):
    with pytest.raises(ValueError, match=name):
        recompute_p(*args)


def test_recompute_p_invalid_alternative():
    with pytest.raises(ValueError, match="alternative"):
        recompute_p("t", "2.2", 28, ".03", alternative="both")
    with pytest.raises(ValueError, match="alternative"):
        recompute_p("F", "2.2", (2, 28), ".03", alternative="greater")


@settings(max_examples=examples(300), deadline=None)
@given(t=st.floats(0.0, 6.0), df=st.integers(2, 300), ds=st.integers(1, 3), dp=st.integers(2, 4),
       test=st.sampled_from(["t", "z"]))
def test_property_recompute_p_never_flags_correct_reports(t, df, ds, dp, test):
    p = 2 * (stats.t.sf(t, df) if test == "t" else stats.norm.sf(t))
    stat = print_fraction(Fraction(t), ds)
    pp = print_fraction(Fraction(p), dp)
    assert recompute_p(test, stat, df if test == "t" else None, pp).verdict == "consistent"


# =========================================================================== p against CI, symmetry

def test_check_p_against_ci_boundaries():
    # 17 (1.4 to 32.6), Altman & Bland d2304 (which prints only P ~ 0.033): over the rounding box
    # (17 in [16.5, 17.5], 1.4 in [1.35, 1.45], 32.6 in [32.55, 32.65]) P is extreme at the corners,
    # computed here independently: 0.0274 to 0.0388
    q = stats.norm.ppf(0.975)
    corners = [2 * stats.norm.sf(e / ((h - l) / (2 * q)))
               for e in (16.5, 17.5) for l in (1.35, 1.45) for h in (32.55, 32.65)]
    p_lo, p_hi = min(corners), max(corners)
    # the last 3-decimal P on each side that can be reproduced, and the next one out
    top, above = f"{p_hi:.3f}", f"{p_hi + 0.001:.3f}"      # ".039", ".040"
    bottom, below = f"{p_lo:.3f}", f"{p_lo - 0.001:.3f}"   # ".027", ".026"
    assert float(above) - 0.5 * 10**-3 > p_hi and float(below) + 0.5 * 10**-3 < p_lo
    assert check_p_against_ci("17", "1.4", "32.6", top).verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", above).verdict == "inconsistent"
    assert check_p_against_ci("17", "1.4", "32.6", bottom).verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", below).verdict == "inconsistent"
    assert check_p_against_ci("17", "1.4", "32.6", "P<0.05").verdict == "consistent"
    assert check_p_against_ci("17", "1.4", "32.6", "P<0.01").verdict == "inconsistent"


def test_check_p_against_ci_t_assumption():
    # 1.35 (0.41 to 2.30): normal P 0.0051, t(16) P 0.0080; ".008" is reproduced only by t(16)
    r = check_p_against_ci("1.35", "0.41", "2.30", ".008", df=16)
    assert r.verdict == "consistent"
    assert r.details["reproducing"] == ["t(16)"]
    assert "t(16)" in r.explanation
    assert check_p_against_ci("1.35", "0.41", "2.30", ".008").verdict == "inconsistent"


def test_check_p_against_ci_ratio():
    # Altman & Bland (2011), BMJ 343:d2304: HR 0.81 (95% CI 0.70 to 0.94) -> P ~ 0.005 on the log scale
    assert check_p_against_ci("0.81", "0.70", "0.94", ".005", scale="log").verdict == "consistent"
    assert check_p_against_ci("0.81", "0.70", "0.94", ".05", scale="log").verdict == "inconsistent"


def test_check_p_against_ci_invalid():
    with pytest.raises(ValueError, match="confidence_level"):
        check_p_against_ci("17", "1.4", "32.6", ".03", confidence_level=1.0)
    with pytest.raises(ValueError, match="scale"):
        check_p_against_ci("17", "1.4", "32.6", ".03", scale="ln")
    with pytest.raises(ValueError, match="p"):
        check_p_against_ci("17", "1.4", "32.6", "2.5")


@settings(max_examples=examples(200), deadline=None)
@given(est=st.floats(-20, 20), se=st.floats(0.2, 10), d=st.integers(1, 2), df=st.one_of(st.none(), st.integers(3, 100)))
def test_property_p_against_ci_never_flags_correct_reports(est, se, d, df):
    q = stats.norm.ppf(0.975) if df is None else stats.t.ppf(0.975, df)
    p = 2 * (stats.norm.sf(abs(est) / se) if df is None else stats.t.sf(abs(est) / se, df))
    e, lo, hi = (print_fraction(Fraction(x), d) for x in (est, est - q * se, est + q * se))
    assume(Decimal(hi) > Decimal(lo))
    pp = print_fraction(Fraction(p), 3)
    assert check_p_against_ci(e, lo, hi, pp, df=df).verdict == "consistent"
    assert ci_symmetry(e, lo, hi).verdict == "consistent"


def test_ci_symmetry_boundaries():
    assert ci_symmetry("17", "1.4", "32.6").verdict == "consistent"
    assert ci_symmetry("16", "1.4", "32.6").verdict == "inconsistent"  # centre in [16.95, 17.05]
    assert ci_symmetry("17.0", "1.4", "32.6").verdict == "consistent"
    assert ci_symmetry("17.1", "1.4", "32.6").verdict == "consistent"    # 17.05 touches 17.05
    assert ci_symmetry("17.2", "1.4", "32.6").verdict == "inconsistent"
    assert ci_symmetry("0.81", "0.70", "0.94", scale="log").verdict == "consistent"
    assert ci_symmetry("0.82", "0.70", "0.94", scale="log").verdict == "consistent"  # centre up to 0.8162
    assert ci_symmetry("0.83", "0.70", "0.94", scale="log").verdict == "inconsistent"
    with pytest.raises(ValueError, match="estimate"):
        ci_symmetry("-0.81", "0.70", "0.94", scale="log")


# R statcheck's rows with real-valued (corrected) df in ../shared/benchmarks/statcheck-dev/statcheck_ref.csv:
# (test, df1, df2, statistic, printed p, R's computed_p = pf/pt at the df as printed, R's error flag)
R_STATCHECK_REAL_DF = [
    ("F", "1.67", "1746.75", "409.18", "< .001", 2.09038622039696e-126, False),
    ("F", "8.36", "1746.75", "11.33", "< .001", 2.39709208356661e-16, False),
    ("F", "1.56", "1631.69", "789.19", "< .001", 1.4814528391277e-200, False),
    ("F", "3.58", "3303.28", "54.86", "< .001", 1.45193128466538e-40, False),
    ("F", "1.4", "67.3", "12.64", "< .001", 0.000161174877931744, False),
    ("F", "1.8", "86.7", "4.55", "= .017", 0.0160495440790354, True),
    ("t", None, "203.9", "5.15", "< .001", 6.1219866283849e-07, False),
    ("t", None, "194.6", "2.12", "= .035", 0.0352731157002945, False),
    ("t", None, "366.6", "3", "= .003", 0.00288436818411944, False),
    ("t", None, "248.4", "2.01", "= .023", 0.0455124398118872, True),
]


@pytest.mark.parametrize("test,df1,df2,stat,p,r_p,r_error", R_STATCHECK_REAL_DF)
def test_recompute_p_real_valued_df_against_r_statcheck(test, df1, df2, stat, p, r_p, r_error):
    """Real-valued df (Welch, Greenhouse-Geisser) are recomputed, at the df as printed, to R's value;
    F refused them before (so the audit said not_testable). The verdicts are R statcheck's except
    F(1.8, 86.7) = 4.55, p = .017: R computes P at the df as printed (.0160) and flags it; over the
    rounding of the printed df (1.75-1.85, 86.65-86.75) P reaches .0169, which fits .017."""
    df = (df1, df2) if test == "F" else df2
    chk = recompute_p(test, stat, df, p)
    assert chk.details["p"] == pytest.approx(r_p, rel=1e-9)
    if (test, df1, df2) == ("F", "1.8", "86.7"):
        assert r_error and chk.verdict == "consistent"
        assert chk.details["p_high"] == pytest.approx(float(stats.f.sf(4.545, 1.75, 86.65)), rel=1e-12)
        assert "the df's (printed rounded)" in chk.explanation and "F(1.8, 86.7)" in chk.reported
    else:
        assert chk.verdict == ("inconsistent" if r_error else "consistent")


def test_recompute_p_df_rounding_brute_force():
    """Consistent exactly when some df and statistic within their rounding reproduce the printed P:
    a dense grid over the box (scipy.stats, independent of the corners the check evaluates) agrees."""
    import itertools

    import numpy as np

    grid = lambda v, h: np.linspace(v - h, v + h, 21)  # noqa: E731
    ps = [stats.f.sf(s, a, b) for s, a, b in itertools.product(grid(4.55, .005), grid(1.8, .05), grid(86.7, .05))]
    lo, hi = min(ps), max(ps)
    for printed in (".015", ".016", ".017", ".018", ".014"):
        v = float(printed)
        fits = lo <= v + .0005 and hi >= v - .0005
        assert recompute_p("F", "4.55", ("1.8", "86.7"), printed).verdict == ("consistent" if fits else
                                                                             "inconsistent"), printed
    # whole df are exact: t(28) = 2.20 gives .036, not the .03 the df 27.5-28.5 would allow for nothing
    assert recompute_p("t", "2.20", "28", ".03").verdict == "inconsistent"
    assert recompute_p("F", "4.55", (2, 87), ".017").details["p_low"] == recompute_p(
        "F", "4.55", ("2", "87"), ".017").details["p_low"]


def test_recompute_p_refuses_df_that_are_not_positive_numbers():
    for bad in (("0", "40"), ("-1.5", "40"), ("1.5", "inf"), ("x", "40"), (True, 40)):
        with pytest.raises(ValueError, match="df1|df2"):
            recompute_p("F", "4.0", bad, ".05")
