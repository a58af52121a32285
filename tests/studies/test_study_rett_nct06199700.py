"""Weekly IV esketamine in three girls with Rett syndrome (NCT06199700; MedPath news, source
`rett_medpath_news`, seed 000_381b65ff4f015df8.txt). No statistic in the text can be checked for
consistency: the counts are "two of three", with no percentage or test to set them against.
"""
from __future__ import annotations

import math
from collections import Counter

import pytest
import yaml
from scipy import stats

import analysis
from conftest import ROOT, TOL

STUDY = "rett_nct06199700"
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


def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


def test_tally_of_checks(audit, ledger_yaml):
    # The nine text_only claims are listed as not testable. The count entries that print their n
    # ("two out of three", "Two of the three", nausea "in two patients" and irritability "in the third",
    # whose n of three the ledger takes from the study's size): k <= n 3, possible counts -> consistent;
    # the side effects child by child, 2 + 1 = 3 -> consistent.
    n_counts = len(audit[audit.check == "count_le_n"])
    n_text_only = sum(e["kind"] == "text_only" for e in ledger_yaml["entries"])
    assert Counter(zip(audit.check, audit.verdict)) == {("text_only", "not_testable"): n_text_only,
                                                        ("count_le_n", "consistent"): n_counts,
                                                        ("total", "consistent"): 1}
    assert n_counts == 4


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # The nine claims without numbers the ledger records from the source.
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert text_only == {"mood_behaviour_improved", "new_hand_behaviours", "no_severe_ae",
                         "oral_ketamine_phase2_no_efficacy", "questionnaires_encouraging", "return_to_activity",
                         "stereotypy_reduced", "veeg_improved", "well_tolerated"}
    assert set(audit.loc[audit.check == "text_only", "entry_ids"]) == text_only


def test_other_entries_carry_no_check(audit, ledger_yaml):
    # quantities (age 9-10, 0.25 mg/kg, five infusions, one to two hours) and the sample size (three)
    # are not checked against anything.
    others = {e["id"] for e in ledger_yaml["entries"] if e["kind"] not in ("text_only", "count", "total")}
    assert not others & set(",".join(audit.entry_ids).split(","))


@pytest.mark.parametrize("entry", ["responders_summary", "responders", "nausea"])
def test_two_of_three_intervals(rederive, entry):
    # "in two out of three young girls", "Two of the three participants", "nausea ... in two patients":
    # 2/3 with Wilson (score formula), Clopper-Pearson (beta quantiles) and Jeffreys (Beta(2.5, 1.5)).
    k, n = 2, 3
    p, z2 = k / n, Z975 ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z975 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    expected = {
        "wilson": (centre - half, centre + half),
        "exact": (stats.beta.ppf(0.025, k, n - k + 1), stats.beta.ppf(0.975, k + 1, n - k)),
        "jeffreys": (stats.beta.ppf(0.025, k + 0.5, n - k + 0.5), stats.beta.ppf(0.975, k + 0.5, n - k + 0.5)),
    }
    rows = rederive[rederive.entries == entry]
    assert set(rows.method) == set(expected)
    for r in rows.itertuples():
        assert r.estimate == approx(2 / 3, "estimate")
        lo, hi = expected[r.method]
        assert r.ci_low == approx(lo, "ci") and r.ci_high == approx(hi, "ci")


def test_side_effects_account_for_the_three_children(audit):
    # "temporary nausea during infusions in two patients and possible nausea-related irritability in the
    # third": two children plus the third make the three enrolled, 2 + 1 = 3.
    r = audit[audit.check == "total"].iloc[0]
    assert r.entry_ids == "side_effects_add_up,nausea,irritability_third"
    assert r.verdict == "consistent" and r.recomputed == str(2 + 1) == "3"
