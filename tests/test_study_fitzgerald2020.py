"""Fitzgerald et al. 2020, Mult Scler (Neurology Advisor news item; source `fitzgerald2020_news`,
seed 001_dc5458b7b18cacb3.txt): ketamine (12) vs midazolam (6) for MS fatigue. Audit verdicts with
independent arithmetic, and the p-from-CI re-derivations against R (g_p_from_ci.R).

The t-based p uses df = 18 - 2 = 16 (the audit's rule: N - 2 from the study's total N).
"""
from __future__ import annotations

import math
from collections import Counter

import pytest
import yaml
from scipy import stats

import analysis
from conftest import ROOT, TOL

STUDY = "fitzgerald2020"
Z975 = stats.norm.ppf(0.975)


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


# ---------------------------------------------------------------- verdicts

def test_tally_of_checks(audit):
    assert Counter(zip(audit.check, audit.verdict)) == {
        ("total", "consistent"): 1,
        ("ci_symmetry", "consistent"): 3,
        ("p_against_ci", "consistent"): 2,
        ("p_against_ci", "inconsistent"): 1,
        ("p_only", "not_testable"): 1,
        ("text_only", "not_testable"): 7,
    }
    assert Counter(audit.verdict) == {"consistent": 6, "inconsistent": 1, "not_testable": 8}


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert len(text_only) == 7
    for eid in text_only:
        assert row(audit, eid, "text_only").verdict == "not_testable"


def test_total(audit):
    # "included 18 patients with MS", "a ketamine (12 patients)", "midazolam (6 patients)": 12 + 6 = 18.
    r = row(audit, "total_n", "total")
    assert 12 + 6 == 18
    assert r.entry_ids == "total_n,n_ketamine,n_midazolam"
    assert r.verdict == "consistent" and r.recomputed == "18"


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
    c_lo = ((lo - d_lo / 2) + (hi - d_hi / 2)) / 2
    c_hi = ((lo + d_lo / 2) + (hi + d_hi / 2)) / 2
    assert c_lo <= est + d_est / 2 + 1e-12 and c_hi >= est - d_est / 2 - 1e-12
    assert row(audit, entry, "ci_symmetry").verdict == "consistent"


def test_fss_ci_symmetry_is_at_the_edge(audit):
    # The overlap computed above is 0.0075 wide: the audit's margin says the same.
    assert row(audit, "fss_change", "ci_symmetry").margin == pytest.approx(-5.15 - (-5.1575), abs=1e-9)


def test_mfis_p_inconsistent(audit, rref):
    # "(-13.5 points; 95% CI, -25.0 to -1.98; P =.04)": SE = 23.02/3.92 = 5.873, z = 2.299,
    # normal p = 0.0215 (R g.est-13.5_ci(-25,-1.98)); t(16): SE = 23.02/(2*2.120) = 5.429, t = 2.486,
    # p = 0.0243 (R ...df16.p_t_(SE_from_qt)). Over rounding the normal p stays within 0.0207..0.0223,
    # the t(16) p below 0.025; P = .04 stands for .035..045 -> inconsistent under both.
    ref = "g.est-13.5_ci(-25,-1.98)"
    p_face = p_normal(-13.5, -25.0, -1.98)
    assert p_face == approx(rref[f"{ref}.p_normal_SE_from_qnorm(0.975)"], "reference")
    assert rref[f"{ref}.p_normal_exact"] == pytest.approx(0.0215, abs=5e-5)
    assert rref[f"{ref}.df16.p_t_(SE_from_qt)"] == pytest.approx(0.0243, abs=5e-5)
    p_lo, p_hi = p_range(-13.5, -25.0, -1.98, 0.1, 0.1, 0.01)
    assert p_hi < 0.035 and rref[f"{ref}.df16.p_t_(SE_from_qt)"] < 0.035
    r = row(audit, "mfis_change", "p_against_ci")
    assert r.verdict == "inconsistent"
    assert r.recomputed == "P = 0.022"
    assert (r.p_printed_low, r.p_printed_high) == (pytest.approx(0.035), pytest.approx(0.045))
    assert "t(16)" in r.explanation
    # margin: how far the nearest implied p (the normal maximum 0.0223... or t's) is from .035
    assert r.margin < 0


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
    assert p_hi == pytest.approx(0.0567, abs=5e-5) and p_hi >= 0.055
    r = row(audit, "fss_change", "p_against_ci")
    assert r.verdict == "consistent"
    assert r.margin == pytest.approx(p_hi - 0.055, abs=1e-9)
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
    assert p_hi == pytest.approx(0.4079, abs=5e-5)
    r = row(audit, "dfs_change", "p_against_ci")
    assert r.verdict == "consistent"
    assert r.margin == pytest.approx(p_hi - 0.395, abs=1e-9)
    assert "reproduced under normal" in r.explanation and "normal and t(16)" not in r.explanation


def test_p_face_columns_filled(audit, rref):
    r = row(audit, "mfis_change", "p_against_ci")
    refs = (rref["g.est-13.5_ci(-25,-1.98).p_normal_SE_from_qnorm(0.975)"],
            rref["g.est-13.5_ci(-25,-1.98).df16.p_t_(SE_from_qt)"])
    assert any(math.isclose(r.p_face, v, abs_tol=TOL["reference"]) for v in refs)
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
