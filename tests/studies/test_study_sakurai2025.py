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


def p_range(est, lo, hi, d_est, d_lo, d_hi):
    """Smallest and largest normal p over the rounding of the printed numbers (independent corners, as in
    test_study_fitzgerald2020.p_range: largest |estimate| with narrowest interval, smallest with widest)."""
    e_lo, e_hi = abs(est) - d_est / 2, abs(est) + d_est / 2
    w_min = (hi - d_hi / 2) - (lo + d_lo / 2)
    w_max = (hi + d_hi / 2) - (lo - d_lo / 2)
    z_max = e_hi * 2 * Z975 / w_min
    z_min = max(e_lo, 0.0) * 2 * Z975 / w_max
    return 2 * stats.norm.sf(z_max), 2 * stats.norm.sf(z_min)


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

def test_tally_of_checks(audit, ledger_yaml):
    # One count per (check, verdict), so that a new or vanished check shows up here; the text_only count
    # is the ledger's number of text_only entries.
    n_text_only = sum(e["kind"] == "text_only" for e in ledger_yaml["entries"])
    assert Counter(zip(audit.check, audit.verdict)) == {
        ("grim", "not_testable"): 2,
        ("grimmer", "not_testable"): 2,
        ("sd_possible", "consistent"): 2,
        ("mean_sd_with_count", "consistent"): 1,
        ("direction", "consistent"): 1,
        ("percent_denominator", "consistent"): 2,
        ("ci_symmetry", "consistent"): 2,
        ("p_against_ci", "consistent"): 2,
        ("one_assumption", "consistent"): 1,
        ("claim", "consistent"): 2,
        ("paired_t_bound", "consistent"): 1,
        ("mcnemar_bounds", "not_testable"): 1,
        ("multiplicity", "inconsistent"): 2,  # P .005 and .007 among 22 associations (test below)
        ("text_only", "not_testable"): n_text_only,
    }
    # 2 + 1 + 1 + 2 + 2 + 2 + 1 + 2 + 1 consistent; 2 grim + 2 grimmer + mcnemar + the text_only rows
    # not testable; the two multiplicity rows inconsistent (graded likely)
    assert Counter(audit.verdict) == {"consistent": 2 + 1 + 1 + 2 + 2 + 2 + 1 + 2 + 1,
                                      "not_testable": 2 + 2 + 1 + n_text_only, "inconsistent": 2}


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # all_completed, rapid_effects, minority_sustained, biomarker: claims without numbers.
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert text_only == {"all_completed", "rapid_effects", "biomarker"}
    for eid in text_only:
        assert row(audit, eid, "text_only").verdict == "not_testable"


@pytest.mark.parametrize("entry, mean", [("madrs_baseline", "30.6"), ("madrs_post4", "20.3")])
def test_grim_not_testable(audit, entry, mean):
    # "30.6 ± 6.1 at baseline", "to 20.3 ± 11.5 after the fourth infusion", n 30 (all completed):
    # GRIM needs n < 10^decimals; 30 >= 10^1 = 10, so sums 0..1800 over 30 give every 1-decimal mean.
    r = row(audit, entry, "grim")
    assert r.verdict == "not_testable" and r.reported == mean
    assert (f"GRIM cannot test {mean} with n 30: n x items = {30 * 1} is at least 10^1 = {10 ** 1}"
            in r.explanation)


@pytest.mark.parametrize("entry, mean, sd", [("madrs_baseline", "30.6", "6.1"), ("madrs_post4", "20.3", "11.5")])
def test_grimmer_not_testable(audit, entry, mean, sd):
    # GRIMMER inherits GRIM's lack of power when every mean is possible (n 30 >= 10), and the SD
    # interval (e.g. 6.05..6.15 -> variance 36.60..37.82, times 29 = 1061..1097; 11.45..11.55 ->
    # times 29 = 3801..3868) spans many integer sums of squares, so no SD can be ruled out either.
    half = 0.5 * 10 ** -1  # SD printed with 1 decimal
    s_lo, s_hi = float(sd) - half, float(sd) + half
    n_ss = math.floor(29 * s_hi ** 2) - math.ceil(29 * s_lo ** 2) + 1  # integers (n-1) SD^2 can take
    r = row(audit, entry, "grimmer")
    assert r.verdict == "not_testable" and r.reported == f"{mean}, {sd}"
    assert "(n x items = 30 >= 10^1)" in r.explanation
    assert ("the SD's rounding interval spans more than two integer sums of squares" in r.explanation) == (n_ss > 2)


def test_sd_possible_baseline(audit):
    # "30.6 ± 6.1 at baseline", MADRS totals are integers 0..60 (scale bounds from the ledger, not
    # printed). Mean 30.6 with n 30 -> sums 917, 918, 919 (30.567, 30.600, 30.633 all print 30.6).
    # Smallest SD: values as equal as possible (sum 919: 19 x 31 and 11 x 30) = 0.4901; largest:
    # piled at 0 and 60 (sum 917: 15 x 60, one 17, 14 x 0) = 30.0915. 6.1 lies inside -> consistent.
    lo, hi = sample_sd_limits(30, 0, 60, [917, 918, 919])
    # 0.4901 and 30.0915 as written above, each to half a unit of its last (4th) decimal
    assert lo == pytest.approx(0.4901, abs=0.5 * 10 ** -4) and hi == pytest.approx(30.0915, abs=0.5 * 10 ** -4)
    r = row(audit, "madrs_baseline", "sd_possible")
    assert r.verdict == "consistent"
    assert r.recomputed == f"SD between {lo:.4f} and {hi:.4f}"


def test_sd_possible_post4(audit):
    # "to 20.3 ± 11.5 after the fourth infusion": sums 608, 609, 610 print 20.3 (20.267 .. 20.333).
    # Largest SD with sum 608: 10 x 60, one 8, 19 x 0 -> 28.6127; 11.5 is well inside -> consistent.
    lo, hi = sample_sd_limits(30, 0, 60, [608, 609, 610])
    assert hi == pytest.approx(28.6127, abs=0.5 * 10 ** -4)  # to half a unit of its 4th decimal
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
    assert r.verdict == "consistent"
    assert r.recomputed == "20.3 less than 30.6"
    assert r.explanation.endswith("at face value it is less than 30.6")
    # margin = how far rounding goes past the edge of "less": (30.6 + 0.05) - (20.3 - 0.05) = 10.4
    assert r.margin == approx((30.6 + 0.05) - (20.3 - 0.05), "estimate")
    # even the extremes of rounding keep the order: the face-value gap exceeds the two half-units
    assert (30.6 - 20.3) > 2 * (0.5 * 10 ** -1)


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
    # Estimate and bounds printed with 2 decimals: each stands for +- half a unit (0.005). The centre
    # ranges over c_lo..c_hi; it meets the estimate's interval when the smaller of (estimate high -
    # centre low) and (centre high - estimate low) is >= 0, which is the audit's margin.
    half = 0.5 * 10 ** -2
    c_lo, c_hi = ((lo - half) + (hi - half)) / 2, ((lo + half) + (hi + half)) / 2
    overlap = min((est + half) - c_lo, c_hi - (est - half))
    r = row(audit, entry, "ci_symmetry")
    assert r.verdict == "consistent"
    assert r.margin == approx(overlap, "estimate") and r.margin >= 0
    assert r.recomputed == f"{(lo + hi) / 2:.3f}"
    assert f"between {c_lo:.3f} and {c_hi:.3f} over rounding" in r.explanation


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
    half = 0.5 * 10 ** -3  # P printed with 3 decimals: half a unit of the last digit
    assert r.p_printed_low == approx(float(p_printed) - half, "p")
    assert r.p_printed_high == approx(float(p_printed) + half, "p")
    assert "reproduced under normal" in r.explanation


def test_p_face_columns_filled(audit, rref):
    # audit() docstring: p_face is "the face-value p under the normal assumption": R's
    # 2*pnorm(-|est/se|) with se = (u - l)/(2*qnorm(.975)) (g_p_from_ci.R), 0.00511, not t(28)'s 0.00674.
    r = row(audit, "beta_3hb_post4", "p_against_ci")
    assert r.p_face == approx(rref["g.est1.35_ci(0.41,2.3).p_normal_SE_from_qnorm(0.975)"], "reference")
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


@pytest.mark.parametrize("entry, est, lo, hi, ref", [
    ("beta_3hb_post4", 1.35, 0.41, 2.30, "g.est1.35_ci(0.41,2.3)"),
    ("beta_3hb_12m", 1.38, 0.37, 2.39, "g.est1.38_ci(0.37,2.39)"),
])
def test_p_from_ci_rederived_against_r(rederive, rref, entry, est, lo, hi, ref):
    r = _rd(rederive, entry, "p from CI")
    assert r.estimate == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    # the p range over the rounding of the printed numbers, all printed with 2 decimals (steps 0.01)
    p_lo, p_hi = p_range(est, lo, hi, 0.01, 0.01, 0.01)
    assert r.ci_low == approx(p_lo, "p") and r.ci_high == approx(p_hi, "p")
    assert r.ci_low <= r.estimate <= r.ci_high


# ---------------------------------------------------------------- every comparison and claim gets a row

def test_pre_post_madrs_significant_for_every_correlation(audit):
    # "decreased from 30.6 ± 6.1 at baseline to 20.3 ± 11.5", n = 30, no test printed. The SD of the change
    # is sqrt(6.1^2 + 11.5^2 - 2 r 6.1 11.5), largest at r = -1: 6.1 + 11.5. Over rounding the smallest
    # change is 30.55 - 20.35 = 10.2 and the largest SD 6.15 + 11.55 = 17.7: t(29) >= 10.2 sqrt(30) / 17.7.
    t_min = 10.2 * math.sqrt(30) / 17.7
    p_max = 2 * stats.t.sf(t_min, 29)
    assert 3.15 < t_min < 3.16 and p_max < 0.05
    r = row(audit, "madrs_pre_post", "paired_t_bound")
    assert r.verdict == "consistent"
    assert "t(29) >= 3.16" in r.explanation and "significant at 0.05 for every r" in r.explanation


def test_remission_fourth_infusion_vs_12_months(audit):
    # 8/30 then 4/30 of the same people; with x in remission at both times the discordant pairs are
    # (8 - x, 4 - x), x = 0..4. Exact McNemar p: x = 4 -> 2 / 2^4 = 0.125; x = 0 -> (8, 4):
    # 2 (1 + 12 + 66 + 220 + 495) / 2^12 = 0.388. No test is printed: not testable, range stated.
    assert 2 / 2 ** 4 == 0.125 and round(2 * (1 + 12 + 66 + 220 + 495) / 2 ** 12, 3) == 0.388
    r = row(audit, "remission_post4_vs_12m", "mcnemar_bounds")
    assert r.verdict == "not_testable"
    assert "from 0.125 to 0.388" in r.explanation


def test_remained_in_remission_cannot_exceed_those_in_remission(audit):
    # "13.3% of participants remained in remission": 4/30 (13.3%) of the 8/30 (26.7%) after the fourth
    # infusion; 4 <= 8.
    r = row(audit, "remained_in_remission", "claim")
    assert r.entry_ids == "remained_in_remission,remission_12m,remission_post4"
    assert r.verdict == "consistent" and "4 of 30 does not exceed 8 of 30" in r.explanation


def test_minority_against_13_3_percent(audit):
    # "sustained remission was achieved in a minority": 13.3% stands for [13.25, 13.35], below 50%.
    r = row(audit, "minority_sustained", "claim")
    assert r.verdict == "consistent" and "13.3% is one" in r.explanation


def test_one_assumption_for_both_betas(audit):
    # Both P-CI pairs are reproduced by the normal (P = 0.005 and 0.007 at face value, tests above): one
    # assumption serves the study.
    r = row(audit, "beta_3hb_post4", "one_assumption")
    assert r.verdict == "consistent" and "the normal" in r.recomputed


def test_multiplicity_of_the_22_associations(audit, ledger_yaml):
    """Issue 18 item 1: 11 metabolites x 2 outcomes = 22 associations (the family, 22 implied, its fragment
    "Plasma levels of 11 depression-associated metabolites"); P = 0.005 and 0.007 survive neither
    Bonferroni (x 22: 0.11, 0.154) nor Holm (0.11, 0.147) if no correction was pre-specified: a finding
    graded likely (it rests on the family and on no correction), never error."""
    fam = next(e for e in ledger_yaml["entries"] if e["id"] == "metabolite_family")
    assert (fam["size"], fam["implied"], fam["entries"]) == ("22", ["size"], ["beta_3hb_post4", "beta_3hb_12m"])
    assert 11 * 2 == int(fam["size"])
    rows = audit[audit.check == "multiplicity"]
    assert set(rows.verdict) == {"inconsistent"} and set(rows.grade) == {"likely"}
    assert set(rows.recomputed) == {"bonferroni 0.11, holm 0.11", "bonferroni 0.154, holm 0.147"}
    assert all("no correction for them was pre-specified" in a for a in rows.assumptions)
    assert all(x.startswith("If these 22 tests are one family") for x in rows.explanation)  # the lead (issue 16)
    assert sorted(rows.entry_ids) == ["beta_3hb_12m,metabolite_family", "beta_3hb_post4,metabolite_family"]
