"""Fitzgerald et al. 2020, Mult Scler (Neurology Advisor news item; source `fitzgerald2020_news`,
seed 001_dc5458b7b18cacb3.txt): ketamine (12) vs midazolam (6) for MS fatigue. Audit verdicts with
independent arithmetic, and the p-from-CI re-derivations against R (g_p_from_ci.R).

The t-based p uses df = 18 - 2 = 16 (the audit's rule: N - 2 from the study's total N).
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from scipy import stats

import analysis
from conftest import ROOT, TOL, fidelity_row

STUDY = "fitzgerald2020"
Z975 = stats.norm.ppf(0.975)


@pytest.fixture(scope="module")
def audit():
    return analysis.audit(STUDY)


@pytest.fixture(scope="module")
def rederive():
    return analysis.rederive(STUDY)


def load_ledger_yaml():
    return yaml.safe_load((ROOT / "data" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ledger_yaml():
    return load_ledger_yaml()


def text_only_ids(ledger):
    return {e["id"] for e in ledger["entries"] if e["kind"] == "text_only"}


def expected_tally(ledger):
    """(check, verdict) counts expected for fitzgerald2020: each count is worked out from the printed text
    in the tests below (total 12 + 6 = 18; three estimates with CIs; P = .40, .06, .04 of which .04 fails;
    the bare P = .40 trajectory; four claims in words, "no change", "no difference", "trend", "significant
    reduction", all consistent; no single df reproduces the three P-CI pairs; P = .40 printed twice);
    the text_only count is the ledger's number of text_only entries.
    Also used by tests/test_cli.py for the rows the command line prints."""
    return Counter({
        ("total", "consistent"): 1,
        ("ci_symmetry", "consistent"): 3,
        ("p_against_ci", "consistent"): 2,
        ("p_against_ci", "inconsistent"): 1,
        ("p_only", "not_testable"): 1,
        ("claim", "consistent"): 4,
        ("one_assumption", "not_testable"): 1,  # a note: each outcome may have its own model
        ("same_p", "not_testable"): 1,
        ("text_only", "not_testable"): len(text_only_ids(ledger)),
        ("fidelity", "consistent"): 8, ("fidelity", "not_testable"): 1,  # see test_fidelity_* below
    })


def row(df, entry, check):
    sel = df[(df.entry_ids.str.split(",").str[0] == entry) & (df.check == check)]
    assert len(sel) == 1, f"{entry}/{check}: {len(sel)} rows"
    return sel.iloc[0]


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


def p_normal(est, lo, hi):
    return 2 * stats.norm.sf(abs(est) / ((hi - lo) / (2 * Z975)))


def p_range(est, lo, hi, d_est, d_lo, d_hi):
    """Smallest and largest normal p over the rounding of the printed numbers (independent corners:
    largest |estimate| with narrowest interval, smallest |estimate| with widest)."""
    e_lo, e_hi = abs(est) - d_est / 2, abs(est) + d_est / 2
    w_min = (hi - d_hi / 2) - (lo + d_lo / 2)
    w_max = (hi + d_hi / 2) - (lo - d_lo / 2)
    z_max = e_hi * 2 * Z975 / w_min
    z_min = max(e_lo, 0.0) * 2 * Z975 / w_max
    return 2 * stats.norm.sf(z_max), 2 * stats.norm.sf(z_min)


def p_range_t(est, lo, hi, d_est, d_lo, d_hi, df):
    """The same corners under t(df): SE = width / (2 qt(.975, df)), p = 2 pt(-|est|/SE, df)."""
    q = stats.t.ppf(0.975, df)
    e_lo, e_hi = abs(est) - d_est / 2, abs(est) + d_est / 2
    w_min = (hi - d_hi / 2) - (lo + d_lo / 2)
    w_max = (hi + d_hi / 2) - (lo - d_lo / 2)
    t_max = e_hi * 2 * q / w_min
    t_min = max(e_lo, 0.0) * 2 * q / w_max
    return 2 * stats.t.sf(t_max, df), 2 * stats.t.sf(t_min, df)


# ---------------------------------------------------------------- verdicts

def test_tally_of_checks(audit, ledger_yaml):
    expected = expected_tally(ledger_yaml)
    assert Counter(zip(audit.check, audit.verdict)) == expected
    # 1 + 3 + 2 + 4 consistent, 1 inconsistent (MFIS), the p_only, same_p and one_assumption rows plus
    # one per text_only
    # entry not testable; plus the fidelity rows: 8 agree with the primary, 1 not found there
    assert Counter(audit.verdict) == {"consistent": 1 + 3 + 2 + 4 + 8, "inconsistent": 1,
                                      "not_testable": 3 + len(text_only_ids(ledger_yaml)) + 1}


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # The three claims without numbers the ledger records from the news item (the four with numbers
    # beside them are claims, tested below).
    text_only = text_only_ids(ledger_yaml)
    assert text_only == {"large_lasting_changes", "no_approved_drugs", "safe_tolerable"}
    for eid in text_only:
        assert row(audit, eid, "text_only").verdict == "not_testable"


def test_total(audit):
    # "included 18 patients with MS", "a ketamine (12 patients)", "midazolam (6 patients)": 12 + 6 = 18.
    r = row(audit, "total_n", "total")
    assert r.entry_ids == "total_n,n_ketamine,n_midazolam"
    assert r.verdict == "consistent" and r.recomputed == str(12 + 6) == r.reported
    assert r.explanation == f"12 + 6 = {12 + 6}, the printed total"


def test_p_only_not_testable(audit):
    # "during the first 7 days following infusion (P =.40)": a bare p, no estimate or CI to recompute from.
    assert row(audit, "dfs_trajectory_p", "p_only").verdict == "not_testable"


@pytest.mark.parametrize("entry, est, lo, hi, d_est, d_lo, d_hi", [
    # "(-0.10 points; 95% CI, -0.32 to 0.12": centre (-0.32 + 0.12)/2 = -0.100 -> consistent.
    ("dfs_change", -0.10, -0.32, 0.12, 0.01, 0.01, 0.01),
    # "(-5.2 points; 95% CI, -10.4 to 0.14": centre -5.130; over rounding -5.1575..-5.1025, and -5.2
    # stands for -5.25..-5.15: they meet only in -5.1575..-5.15 -> consistent, AT THE EDGE (0.0075).
    ("fss_change", -5.2, -10.4, 0.14, 0.1, 0.1, 0.01),
    # "(-13.5 points; 95% CI, -25.0 to -1.98": centre -13.49 -> consistent.
    ("mfis_change", -13.5, -25.0, -1.98, 0.1, 0.1, 0.01),
])
def test_ci_symmetry(audit, entry, est, lo, hi, d_est, d_lo, d_hi):
    # Centre of the interval over the rounding of its bounds (each printed value +- half a unit of its
    # last digit), and the estimate's own rounding interval; they meet when the smaller of
    # (estimate high - centre low) and (centre high - estimate low) is >= 0: that is the audit's margin.
    c_lo = ((lo - d_lo / 2) + (hi - d_hi / 2)) / 2
    c_hi = ((lo + d_lo / 2) + (hi + d_hi / 2)) / 2
    overlap = min((est + d_est / 2) - c_lo, c_hi - (est - d_est / 2))
    r = row(audit, entry, "ci_symmetry")
    assert r.verdict == "consistent"
    assert r.margin == approx(overlap, "estimate") and r.margin >= 0
    assert r.recomputed == f"{(lo + hi) / 2:.3f}"
    # the explanation prints the centre's range with 3 decimals: each within half a unit of that digit
    # (-5.1575 and -13.5175 are ties at the 3rd decimal, so the printed digit may go either way; the
    # TOL["estimate"] added covers the binary representation of the tie)
    m = re.search(r"between (\S+) and (\S+) over rounding", r.explanation)
    assert m, r.explanation
    half = 0.5 * 10 ** -3 + TOL["estimate"]
    assert float(m[1]) == pytest.approx(c_lo, abs=half) and float(m[2]) == pytest.approx(c_hi, abs=half)


def test_fss_ci_symmetry_is_at_the_edge(audit):
    # The overlap computed above is 0.0075 wide: the audit's margin says the same.
    # -5.2 stands for -5.25..-5.15; the centre reaches down to (-10.45 + 0.135)/2 = -5.1575.
    assert row(audit, "fss_change", "ci_symmetry").margin == approx(-5.15 - (-5.1575), "estimate")


def test_mfis_p_inconsistent(audit, rref):
    # "(-13.5 points; 95% CI, -25.0 to -1.98; P =.04)": SE = 23.02/3.92 = 5.873, z = 2.299,
    # normal p = 0.0215 (R g.est-13.5_ci(-25,-1.98)); t(16): SE = 23.02/(2*2.120) = 5.429, t = 2.486,
    # p = 0.0243 (R ...df16.p_t_(SE_from_qt)). Over rounding the normal p stays within 0.0207..0.0223;
    # the t(16) p reaches at most 0.02508, at the corner |est| 13.45 with the widest interval
    # -25.05 to -1.975 (SE = 23.075/(2 qt(.975, 16)), p = 2 pt(-13.45/SE, 16)), just above .025.
    # P = .04 stands for .035...045 -> inconsistent under both; the nearest implied p (t's 0.02508)
    # misses .035 by 0.00992, the audit's margin.
    ref = "g.est-13.5_ci(-25,-1.98)"
    p_face = p_normal(-13.5, -25.0, -1.98)
    assert p_face == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    # 0.0215 and 0.0243 as written above, each to half a unit of its last (4th) decimal
    assert rref[f"{ref}.p_normal_exact"] == pytest.approx(0.0215, abs=0.5 * 10 ** -4)
    assert rref[f"{ref}.df16.p_t_(SE_from_qt)"] == pytest.approx(0.0243, abs=0.5 * 10 ** -4)
    p_lo, p_hi = p_range(-13.5, -25.0, -1.98, 0.1, 0.1, 0.01)
    t_lo, t_hi = p_range_t(-13.5, -25.0, -1.98, 0.1, 0.1, 0.01, df=16)
    assert p_hi < 0.035 and t_hi < 0.035
    r = row(audit, "mfis_change", "p_against_ci")
    assert r.verdict == "inconsistent"
    assert r.recomputed == f"P = {p_face:.3f}" == "P = 0.022"
    # P = .04 printed with 2 decimals: .04 -+ half a unit of the last digit
    assert r.p_printed_low == approx(0.04 - 0.5 * 10 ** -2, "p")
    assert r.p_printed_high == approx(0.04 + 0.5 * 10 ** -2, "p")
    # the implied range spans both assumptions: normal's lower corner, t(16)'s upper corner
    assert r.p_implied_low == approx(min(p_lo, t_lo), "p") == approx(p_lo, "p")
    assert r.p_implied_high == approx(max(p_hi, t_hi), "p") == approx(t_hi, "p")
    assert r.margin == approx(t_hi - 0.035, "p")
    assert (f"between {p_lo:.3f} and {p_hi:.3f} over the rounding of the printed numbers (normal)"
            in r.explanation)
    assert (f"between {t_lo:.3f} and {t_hi:.3f} over the rounding of the printed numbers (t(16))"
            in r.explanation)
    assert r.explanation.endswith("reproduced under none of these")


def test_fss_p_consistent_only_at_rounding_edge(audit, rref):
    # "(-5.2 points; 95% CI, -10.4 to 0.14; P =.06)": SE = 10.54/3.92 = 2.689, z = 1.934, p = 0.0531
    # at face value, which would print .05. Only over the rounding of the inputs (|est| 5.15, interval
    # -10.45 to 0.145: z = 1.905, p = 0.0567) does p reach .055, the bottom of P = .06 -> consistent
    # AT THE EDGE (margin 0.0567 - 0.055 = 0.0017).
    ref = "g.est-5.2_ci(-10.4,0.14)"
    p_face = p_normal(-5.2, -10.4, 0.14)
    assert p_face == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    assert f"{p_face:.2f}" == "0.05"
    p_lo, p_hi = p_range(-5.2, -10.4, 0.14, 0.1, 0.1, 0.01)
    # 0.0567 as written above, to half a unit of its last (4th) decimal
    assert p_hi == pytest.approx(0.0567, abs=0.5 * 10 ** -4) and p_hi >= 0.055
    r = row(audit, "fss_change", "p_against_ci")
    assert r.verdict == "consistent"
    assert r.margin == approx(p_hi - 0.055, "p")
    assert r.margin < 0.002


def test_dfs_p_consistent_only_at_rounding_edge(audit, rref):
    # "(-0.10 points; 95% CI, -0.32 to 0.12; P =.40)": SE = 0.44/3.92 = 0.1122, z = 0.891, p = 0.373
    # at face value (prints .37). With |est| 0.095 and interval -0.325 to 0.125: z = 0.828, p = 0.408,
    # which reaches into .395..405 -> consistent AT THE EDGE (margin 0.408 - 0.395 = 0.013).
    # t(16) gives 0.350 at face value (R ...df16.p_t_(SE_from_qt)), at most 0.384: it does not fit.
    ref = "g.est-0.1_ci(-0.32,0.12)"
    p_face = p_normal(-0.10, -0.32, 0.12)
    assert p_face == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    assert f"{p_face:.2f}" == "0.37"
    p_lo, p_hi = p_range(-0.10, -0.32, 0.12, 0.01, 0.01, 0.01)
    # 0.4079 (0.408 above) to half a unit of its last (4th) decimal
    assert p_hi == pytest.approx(0.4079, abs=0.5 * 10 ** -4)
    r = row(audit, "dfs_change", "p_against_ci")
    assert r.verdict == "consistent"
    assert r.margin == approx(p_hi - 0.395, "p")
    assert "reproduced under normal" in r.explanation and "normal and t(16)" not in r.explanation


def test_p_face_columns_filled(audit, rref):
    # audit() docstring: p_face is "the face-value p under the normal assumption": R's
    # 2*pnorm(-|est/se|) with se = (u - l)/(2*qnorm(.975)) (g_p_from_ci.R), 0.02151, not t(16)'s 0.0243.
    r = row(audit, "mfis_change", "p_against_ci")
    assert r.p_face == approx(rref["g.est-13.5_ci(-25,-1.98).p_normal_SE_from_qnorm(0.975)"], "reference")
    assert r.p_implied_low <= r.p_face <= r.p_implied_high


# ---------------------------------------------------------------- re-derivations

@pytest.mark.parametrize("entry, est, lo, hi, d, ref", [
    ("dfs_change", -0.10, -0.32, 0.12, (0.01, 0.01, 0.01), "g.est-0.1_ci(-0.32,0.12)"),
    ("fss_change", -5.2, -10.4, 0.14, (0.1, 0.1, 0.01), "g.est-5.2_ci(-10.4,0.14)"),
    ("mfis_change", -13.5, -25.0, -1.98, (0.1, 0.1, 0.01), "g.est-13.5_ci(-25,-1.98)"),
])
def test_rederived_p_from_ci(rederive, rref, entry, est, lo, hi, d, ref):
    sel = rederive[(rederive.entries == entry) & (rederive.quantity == "p from CI")]
    assert len(sel) == 1
    r = sel.iloc[0]
    assert r.estimate == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    p_lo, p_hi = p_range(est, lo, hi, *d)
    assert r.ci_low == approx(p_lo, "p") and r.ci_high == approx(p_hi, "p")
    printed = rederive[(rederive.entries == entry) & (rederive.quantity == "reported estimate")].iloc[0]
    assert (printed.estimate, printed.ci_low, printed.ci_high) == (est, lo, hi)


# ---------------------------------------------------------------- claims in words (alpha 0.05)

@pytest.mark.parametrize("claim, entry, p_interval, ci_upper_interval, verdict_words", [
    # "There was no change in Daily Fatigue Severity score" (-0.10; 95% CI, -0.32 to 0.12; P =.40):
    # P = .40 stands for [.395, .405], all > .05; the CI's upper bound 0.12 ([0.115, 0.125]) is above 0
    # and its lower bound -0.32 below it: the CI includes 0 -> not significant, as "no change" says.
    ("dfs_no_change", "dfs_change", (0.395, 0.405), (0.115, 0.125), "includes 0"),
    # "a trend in reduced Fatigue Severity Scale score" (-5.2; 95% CI, -10.4 to 0.14; P =.06):
    # [.055, .065] lies inside (.05, .10]; 0.14 stands for [0.135, 0.145] > 0: the CI includes 0.
    ("fss_trend", "fss_change", (0.055, 0.065), (0.135, 0.145), "includes 0"),
    # "statistically significant reduction in Modified Fatigue Impact Scale" (-13.5; -25.0 to -1.98; P =.04):
    # [.035, .045] <= .05; -1.98 stands for [-1.985, -1.975] < 0: the CI lies wholly below 0.
    ("mfis_significant", "mfis_change", (0.035, 0.045), (-1.985, -1.975), "lies wholly below 0"),
])
def test_claims_in_words(audit, claim, entry, p_interval, ci_upper_interval, verdict_words):
    lo, hi = p_interval
    if claim == "mfis_significant":
        assert hi <= 0.05 and ci_upper_interval[1] < 0
    elif claim == "fss_trend":
        assert 0.05 < lo and hi <= 0.10 and ci_upper_interval[0] > 0
    else:
        assert lo > 0.05 and ci_upper_interval[0] > 0
    r = row(audit, claim, "claim")
    assert r.entry_ids == f"{claim},{entry}"
    assert r.verdict == "consistent"
    assert verdict_words in r.explanation


def test_no_group_difference_against_the_bare_p(audit):
    # "there was no difference between the ketamine and midazolam groups ... (P =.40)": [.395, .405] > .05
    r = row(audit, "no_group_difference", "claim")
    assert r.verdict == "consistent" and "P = .40 is above 0.05" in r.explanation


def test_same_p_for_two_quantities_is_a_note(audit):
    # P =.40 is printed for the 7-day change and again for the groups' trajectory
    r = row(audit, "dfs_change", "same_p")
    assert r.entry_ids == "dfs_change,dfs_trajectory_p"
    assert r.verdict == "not_testable" and r.explanation.startswith("Note: the same P = .40")


def _p_max(est_abs_min, width_max, df):
    """Largest P over rounding (smallest |estimate|, widest CI), t(df): SE = width / (2 q)."""
    q = stats.t.ppf(0.975, df)
    return 2 * stats.t.sf(est_abs_min * 2 * q / width_max, df)


def test_no_single_df_reproduces_the_three_p_ci_pairs(audit):
    # DFS P = .40 ([.395, .405]) needs df >= 30: at df 29 even the largest P, |est| 0.095 and width
    # 0.125 + 0.325 = 0.45, falls short of .395. MFIS P = .04 ([.035, .045]) needs df <= 2: at df 3 the largest
    # P, |est| 13.45 and width 25.05 - 1.975 = 23.075, is below .035. No df (nor the normal) serves both.
    assert _p_max(0.095, 0.45, 29) < 0.395 <= _p_max(0.095, 0.45, 30)
    assert _p_max(13.45, 23.075, 3) < 0.035 <= _p_max(13.45, 23.075, 2)
    r = row(audit, "dfs_change", "one_assumption")
    assert r.entry_ids == "dfs_change,fss_change,mfis_change"
    assert r.verdict == "not_testable" and "not a finding" in r.explanation
    assert "dfs_change: t with df 30-1000 or the normal" in r.explanation
    assert "mfis_change: t with df 1-2" in r.explanation


# --- the primary publication (issue 12, item 4) -----------------------------------------------------
# Fitzgerald et al., Mult Scler 2021;27(6):942-953, doi:10.1177/1352458520936226, PMID 32633662; abstract
# read at https://pure.johnshopkins.edu/en/publications/pilot-randomized-active-placebo-controlled-trial-of-low-dose-keta :
# 18 enrolled, "67% participants received ketamine"; DFS -0.10 (95% CI -0.32, 0.12; p = 0.40); FSS -5.2
# (-10.4, 0.14; p = 0.06); MFIS -13.5 (-25.0, -1.98; p = 0.04). No second DFS p (the trajectory) in it.


def test_primary_values_as_read(ledger_yaml):
    pub = load_ledger_yaml()["primary"]
    assert (pub["doi"], pub["pmid"]) == ("10.1177/1352458520936226", "32633662")
    recs = {r["id"]: r for r in pub["records"]}
    assert recs["pri_dfs"]["values"] == {"estimate": "−0.10", "lower": "−0.32", "upper": "0.12", "p": "0.40"}
    assert recs["pri_fss"]["values"] == {"estimate": "−5.2", "lower": "−10.4", "upper": "0.14", "p": "0.06"}
    assert recs["pri_mfis"]["values"] == {"estimate": "−13.5", "lower": "−25.0", "upper": "−1.98", "p": "0.04"}
    assert (recs["pri_share_ketamine"]["values"], recs["pri_share_ketamine"]["n"]) == ({"n": "67%"}, "18")
    assert recs["pri_dfs_trajectory"]["status"] == "not_found"


@pytest.mark.parametrize("entry", ["dfs_change", "fss_change", "mfis_change"])
def test_fidelity_estimates_as_in_the_primary(audit, entry):
    # every printed number equals the primary's (the news item's ".40" is the primary's "0.40")
    r = fidelity_row(audit, entry)
    assert r.verdict == "consistent" and r.explanation.count("agrees with") == 4


def test_fidelity_arm_share(audit):
    # 12/18 = 66.67% prints as 67% (11/18 = 61.11%, 13/18 = 72.22% would not)
    assert [k for k in range(19) if 66.5 <= 100 * k / 18 <= 67.5] == [12]
    r = fidelity_row(audit, "n_ketamine")
    assert r.verdict == "consistent" and "12 of 18 = 66.67%" in r.explanation


def test_fidelity_trajectory_p_not_found(audit):
    assert fidelity_row(audit, "dfs_trajectory_p").verdict == "not_testable"
