"""Sakurai et al. 2025, Psychiatry Clin Neurosci (abstract; source `sakurai2025_abstract`,
seed 002_12ff0d462e563d89.txt): the audit's verdict for every checkable entry, with the arithmetic
done here independently, and the re-derivations against R (tests/reference/r_reference_values.tsv).

In the style of metafor's test_analysis_example_*: each assertion cites the printed fragment.
"""
from __future__ import annotations

import math
import statistics
from collections import Counter

import pytest
import yaml
from scipy import stats

import analysis
from conftest import ROOT, TOL

STUDY = "sakurai2025"
Z975 = stats.norm.ppf(0.975)  # 1.959964


@pytest.fixture(scope="module")
def audit():
    return analysis.audit(STUDY)


@pytest.fixture(scope="module")
def rederive():
    return analysis.rederive(STUDY)


@pytest.fixture(scope="module")
def ledger_yaml():
    return yaml.safe_load((ROOT / "data" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))


def row(df, entry, check):
    """The one audit row whose first entry id is `entry` and whose check is `check`."""
    sel = df[(df.entry_ids.str.split(",").str[0] == entry) & (df.check == check)]
    assert len(sel) == 1, f"{entry}/{check}: {len(sel)} rows"
    return sel.iloc[0]


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


def sample_sd_limits(n, low, high, sums):
    """Smallest and largest sample SD of n integers on [low, high] over the given sums (independent
    of analysis.reconstruct: values as equal as possible, or piled at the bounds plus one remainder)."""
    def sd(values):
        return statistics.stdev(values)
    mins, maxs = [], []
    for s in sums:
        q, r = divmod(s, n)
        mins.append(sd([q + 1] * r + [q] * (n - r)))
        k, rem = divmod(s - low * n, high - low)
        vals = [high] * k + ([low + rem] if k < n else []) + [low] * (n - k - 1)
        maxs.append(sd(vals[:n]))
    return min(mins), max(maxs)


# ---------------------------------------------------------------- verdicts

def test_tally_of_checks(audit):
    # One count per (check, verdict), so that a new or vanished check shows up here.
    assert Counter(zip(audit.check, audit.verdict)) == {
        ("grim", "not_testable"): 2,
        ("grimmer", "not_testable"): 2,
        ("sd_possible", "consistent"): 2,
        ("mean_sd_with_count", "consistent"): 1,
        ("direction", "consistent"): 1,
        ("percent_denominator", "consistent"): 2,
        ("ci_symmetry", "consistent"): 2,
        ("p_against_ci", "consistent"): 2,
        ("text_only", "not_testable"): 4,
    }
    assert Counter(audit.verdict) == {"consistent": 10, "not_testable": 8}


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # all_completed, rapid_effects, minority_sustained, biomarker: claims without numbers.
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert text_only == {"all_completed", "rapid_effects", "minority_sustained", "biomarker"}
    for eid in text_only:
        assert row(audit, eid, "text_only").verdict == "not_testable"


@pytest.mark.parametrize("entry, mean", [("madrs_baseline", "30.6"), ("madrs_post4", "20.3")])
def test_grim_not_testable(audit, entry, mean):
    # "30.6 ± 6.1 at baseline", "to 20.3 ± 11.5 after the fourth infusion", n 30 (all completed):
    # GRIM needs n < 10^decimals; 30 >= 10^1 = 10, so sums 0..1800 over 30 give every 1-decimal mean.
    r = row(audit, entry, "grim")
    assert 30 >= 10 ** 1
    assert r.verdict == "not_testable" and r.reported == mean


@pytest.mark.parametrize("entry", ["madrs_baseline", "madrs_post4"])
def test_grimmer_not_testable(audit, entry):
    # GRIMMER inherits GRIM's lack of power when every mean is possible (n 30 >= 10), and the SD
    # interval (e.g. 6.05..6.15 -> variance 36.60..37.82, times 29 = 1061..1097) spans many integer
    # sums of squares, so no SD can be ruled out either.
    assert (6.15 ** 2 - 6.05 ** 2) * 29 > 2
    assert row(audit, entry, "grimmer").verdict == "not_testable"


def test_sd_possible_baseline(audit):
    # "30.6 ± 6.1 at baseline", MADRS totals are integers 0..60 (scale bounds from the ledger, not
    # printed). Mean 30.6 with n 30 -> sums 917, 918, 919 (30.567, 30.600, 30.633 all print 30.6).
    # Smallest SD: values as equal as possible (sum 919: 19 x 31 and 11 x 30) = 0.4901; largest:
    # piled at 0 and 60 (sum 917: 15 x 60, one 17, 14 x 0) = 30.0915. 6.1 lies inside -> consistent.
    lo, hi = sample_sd_limits(30, 0, 60, [917, 918, 919])
    assert lo == pytest.approx(0.4901, abs=5e-5) and hi == pytest.approx(30.0915, abs=5e-5)
    r = row(audit, "madrs_baseline", "sd_possible")
    assert r.verdict == "consistent"
    assert r.recomputed == f"SD between {lo:.4f} and {hi:.4f}"


def test_sd_possible_post4(audit):
    # "to 20.3 ± 11.5 after the fourth infusion": sums 608, 609, 610 print 20.3 (20.267 .. 20.333).
    # Largest SD with sum 608: 10 x 60, one 8, 19 x 0 -> 28.6127; 11.5 is well inside -> consistent.
    lo, hi = sample_sd_limits(30, 0, 60, [608, 609, 610])
    assert hi == pytest.approx(28.6127, abs=5e-5)
    r = row(audit, "madrs_post4", "sd_possible")
    assert r.verdict == "consistent"
    assert r.recomputed == f"SD between {lo:.4f} and {hi:.4f}"


def test_mean_sd_with_remission_count(audit):
    # "20.3 ± 11.5" together with "a remission rate of 26.7%" (8 of 30 at MADRS <= 10, the only count
    # that prints as 26.7%). A sample exists, e.g. 8 x 10, 11 x 13, 10 x 35, 1 x 36 (found by hand):
    # sum 609, mean 20.30, SD 11.51 -> prints 20.3 and 11.5 with 8 scores <= 10 -> consistent.
    sample = [10] * 8 + [13] * 11 + [35] * 10 + [36]
    assert len(sample) == 30 and sum(v <= 10 for v in sample) == 8
    assert f"{statistics.mean(sample):.1f}" == "20.3" and f"{statistics.stdev(sample):.1f}" == "11.5"
    r = row(audit, "madrs_post4", "mean_sd_with_count")
    assert r.entry_ids == "madrs_post4,remission_post4"
    assert r.verdict == "consistent"


def test_direction_decreased(audit):
    # "The MADRS score decreased from 30.6 ± 6.1 at baseline to 20.3": 20.3 < 30.6, and even the
    # extremes of rounding keep the order (20.35 < 30.55) -> consistent; difference -10.3.
    r = row(audit, "madrs_decrease", "direction")
    assert 20.35 < 30.55
    assert r.verdict == "consistent"
    assert r.margin == pytest.approx(20.3 - 30.6, abs=1e-12)


@pytest.mark.parametrize("entry, percent, k", [
    # "with a remission rate of 26.7%": 8/30 = 26.67% prints as 26.7 (7/30 = 23.33, 9/30 = 30.00)
    ("remission_post4", "26.7", 8),
    # "At 12 months, 13.3% of participants remained in remission": 4/30 = 13.33% (3/30 = 10.00, 5/30 = 16.67)
    ("remission_12m", "13.3", 4),
])
def test_percent_of_30(audit, entry, percent, k):
    ks = [j for j in range(31) if f"{100 * j / 30:.1f}" == percent]
    assert ks == [k]
    r = row(audit, entry, "percent_denominator")
    assert r.verdict == "consistent"
    assert r.recomputed == f"{k}/30"


@pytest.mark.parametrize("entry, est, lo, hi", [
    # "(β = 1.35, 95% CI: 0.41-2.30, P = 0.005)": centre (0.41 + 2.30)/2 = 1.355; over rounding of
    # the bounds 1.350..1.360, which meets 1.35's interval 1.345..1.355 -> consistent.
    ("beta_3hb_post4", 1.35, 0.41, 2.30),
    # "(β = 1.38, 95% CI: 0.37-2.39, P = 0.007)": centre (0.37 + 2.39)/2 = 1.380 exactly -> consistent.
    ("beta_3hb_12m", 1.38, 0.37, 2.39),
])
def test_ci_symmetry(audit, entry, est, lo, hi):
    centre = (lo + hi) / 2
    assert abs(centre - est) <= 0.005 + 0.005 + 1e-12  # half a unit of the estimate + of the centre
    assert row(audit, entry, "ci_symmetry").verdict == "consistent"


@pytest.mark.parametrize("entry, est, lo, hi, p_printed, ref", [
    # "(β = 1.35, 95% CI: 0.41-2.30, P = 0.005)": SE = 1.89/3.92 = 0.482, z = 2.80, p = 0.0051
    # -> prints 0.005 -> consistent (normal). t(28) would give 0.0067 -> 0.007, so only normal fits.
    ("beta_3hb_post4", 1.35, 0.41, 2.30, "0.005", "g.est1.35_ci(0.41,2.3)"),
    # "(β = 1.38, 95% CI: 0.37-2.39, P = 0.007)": SE = 2.02/3.92 = 0.515, z = 2.68, p = 0.0074
    # -> prints 0.007 -> consistent (normal).
    ("beta_3hb_12m", 1.38, 0.37, 2.39, "0.007", "g.est1.38_ci(0.37,2.39)"),
])
def test_p_against_ci(audit, rref, entry, est, lo, hi, p_printed, ref):
    se = (hi - lo) / (2 * Z975)
    p_face = 2 * stats.norm.sf(abs(est / se))
    # R: 2*pnorm(-|est/se|) with se = (u - l)/(2*qnorm(.975)) (g_p_from_ci.R). The package divides by
    # qnorm(.975), not 1.96, so the matching reference is p_normal_SE_from_qnorm(0.975), not
    # p_normal_exact (which uses 1.96 and differs by ~1e-6).
    assert p_face == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    assert f"{p_face:.3f}" == p_printed
    # t with df = N - 2 = 28 misses: 0.0067 -> "0.007" for the first, 0.0092 -> "0.009" for the second
    t_ref = rref[f"{ref}.df28.p_t_(SE_from_qt)"]
    assert f"{t_ref:.3f}" != p_printed
    r = row(audit, entry, "p_against_ci")
    assert r.verdict == "consistent"
    assert r.recomputed == f"P = {p_face:.3f}"
    step = 0.0005
    assert (r.p_printed_low, r.p_printed_high) == (pytest.approx(float(p_printed) - step),
                                                   pytest.approx(float(p_printed) + step))
    assert "reproduced under normal" in r.explanation


def test_p_face_columns_filled(audit, rref):
    # audit() docstring: "for p-against-CI rows ... the implied p range and the face-value p".
    # Face p is that of the normal (0.00511) or the t(28) (0.00674) assumption.
    r = row(audit, "beta_3hb_post4", "p_against_ci")
    refs = (rref["g.est1.35_ci(0.41,2.3).p_normal_SE_from_qnorm(0.975)"],
            rref["g.est1.35_ci(0.41,2.3).df28.p_t_(SE_from_qt)"])
    assert any(math.isclose(r.p_face, v, abs_tol=TOL["reference"]) for v in refs)
    assert r.p_implied_low <= r.p_face <= r.p_implied_high


# ---------------------------------------------------------------- re-derivations

def _rd(df, entry, quantity, method=None, r=None):
    sel = df[(df.entries.str.split(",").str[0] == entry) & (df.quantity == quantity)]
    if method is not None:
        sel = sel[sel.method == method]
    if r is not None:
        sel = sel[(sel.r - r).abs() < 1e-12]
    assert len(sel) == 1, f"{entry}/{quantity}/{method}/{r}: {len(sel)} rows"
    return sel.iloc[0]


@pytest.mark.parametrize("entry, k, method, ref", [
    # 26.7% -> 8/30; R prop.test(8, 30, correct = FALSE)$conf.int (a_binomial_ci.R)
    ("remission_post4", 8, "wilson", "a.8_30.wilson_proptest"),
    ("remission_post4", 8, "exact", "a.8_30.clopper_pearson"),
    ("remission_post4", 8, "jeffreys", "a.8_30.jeffreys_qbeta"),
    # 13.3% -> 4/30
    ("remission_12m", 4, "wilson", "a.4_30.wilson_proptest"),
    ("remission_12m", 4, "exact", "a.4_30.clopper_pearson"),
    ("remission_12m", 4, "jeffreys", "a.4_30.jeffreys_qbeta"),
])
def test_proportion_cis_against_r(rederive, rref, entry, k, method, ref):
    r = _rd(rederive, entry, "proportion", method)
    assert r.estimate == approx(k / 30, "estimate")
    assert r.ci_low == approx(rref[f"{ref}.lo"], "reference")
    assert r.ci_high == approx(rref[f"{ref}.hi"], "reference")


@pytest.mark.parametrize("r_pre_post", [0.3, 0.5, 0.7])
def test_smcr_against_metafor(rederive, rref, r_pre_post):
    # metafor escalc("SMCR", m1i = 20.3, m2i = 30.6, sd1i = 6.1, ni = 30, ri = r) (c_smd.R, c.SMCR):
    # yi = J(29) * (20.3 - 30.6)/6.1 = -1.6444 whatever r; the CI widens as r falls.
    row_ = _rd(rederive, "madrs_pre_post", "SMCR", r=r_pre_post)
    assert row_.estimate == approx(rref[f"c.SMCR.r{r_pre_post}.yi"], "reference")
    assert row_.ci_low == approx(rref[f"c.SMCR.r{r_pre_post}.ci.lb"], "reference")
    assert row_.ci_high == approx(rref[f"c.SMCR.r{r_pre_post}.ci.ub"], "reference")


@pytest.mark.parametrize("r_pre_post", [0.3, 0.5, 0.7])
def test_mean_change_and_dz(rederive, r_pre_post):
    # Change 20.3 - 30.6 = -10.3; SD of change sqrt(6.1^2 + 11.5^2 - 2 r 6.1 11.5)
    # (r = 0.5: sqrt(99.31) = 9.965); paired t CI with t(29): -10.3 +- 2.045 * 9.965/sqrt(30).
    sd_diff = math.sqrt(6.1 ** 2 + 11.5 ** 2 - 2 * r_pre_post * 6.1 * 11.5)
    half = stats.t.ppf(0.975, 29) * sd_diff / math.sqrt(30)
    mc = _rd(rederive, "madrs_pre_post", "mean change", r=r_pre_post)
    assert mc.estimate == approx(-10.3, "estimate")
    assert mc.ci_low == approx(-10.3 - half, "ci") and mc.ci_high == approx(-10.3 + half, "ci")
    dz = _rd(rederive, "madrs_pre_post", "d_z", r=r_pre_post)
    assert dz.estimate == approx(-10.3 / sd_diff, "estimate")


@pytest.mark.parametrize("entry, ref", [("beta_3hb_post4", "g.est1.35_ci(0.41,2.3)"),
                                        ("beta_3hb_12m", "g.est1.38_ci(0.37,2.39)")])
def test_p_from_ci_rederived_against_r(rederive, rref, entry, ref):
    r = _rd(rederive, entry, "p from CI")
    assert r.estimate == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    assert r.ci_low <= r.estimate <= r.ci_high
