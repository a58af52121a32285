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
from conftest import ROOT, TOL, fidelity_row

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
                                                        ("total", "consistent"): 1,
                                                        # see test_fidelity_* below (the ages: two readings)
                                                        ("fidelity", "consistent"): 3,
                                                        ("fidelity", "not_testable"): 4,
                                                        # issue 18 item 2: "significant positive changes"
                                                        ("significance_reported", "not_testable"): 1,
                                                        # issue 18 item 6: 0.25 mg/kg and two of three, twice each
                                                        ("same_quantity", "consistent"): 2}
    assert n_counts == 4


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # The ten claims without numbers the ledger records from the source (findings_significance: issue 18).
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert text_only == {"findings_significance", "mood_behaviour_improved", "new_hand_behaviours", "no_severe_ae",
                         "oral_ketamine_phase2_no_efficacy", "questionnaires_encouraging", "return_to_activity",
                         "stereotypy_reduced", "veeg_improved", "well_tolerated"}
    assert set(audit.loc[audit.check == "text_only", "entry_ids"]) == text_only


def test_other_entries_carry_no_check(audit, ledger_yaml):
    # quantities (age 9-10, 0.25 mg/kg, five infusions, one to two hours) and the sample size (three)
    # are not checked against anything.
    others = {e["id"] for e in ledger_yaml["entries"] if e["kind"] not in ("text_only", "count", "total")}
    # the fidelity rows compare them with the primary (below); same_quantity the dose printed twice
    own = audit[~audit.check.isin(["fidelity", "same_quantity"])]
    assert not others & set(",".join(own.entry_ids).split(","))


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


# --- the primary publication (issue 12, item 4) -----------------------------------------------------
# Li et al. 2025, Mol Ther Methods Clin Dev (Elsevier pii S2329050125000087; DOI and PubMed id not found),
# abstract read in the DOAJ record at
# http://196.43.162.77/Record/doaj-art-82ad43d3fb444d3d9ade9eae54c474e0/Description : "Three girls with
# classic RTT aged 5–10 years were enrolled"; "once per week for 5 weeks"; "Three participants showed
# minimal improvements"; mild AEs in "some patients". Dose 0.25 mg/kg from the registry record
# (https://trial.medpath.com/clinical-trial/d15584beb0d6f5ce/nct06199700-esketamine-treatment-rett-syndrome).


def test_primary_values_as_read(ledger_yaml):
    pub = ledger_yaml["primary"]
    assert pub["registry"] == "NCT06199700" and pub["doi"] is None and pub["pmid"] is None
    recs = {r["id"]: r for r in pub["records"]}
    assert recs["pri_n_enrolled"]["values"] == {"n": "Three"}
    assert recs["pri_age_range"]["values"] == {"low": "5", "high": "10"}
    assert recs["pri_improved"]["values"] == {"k": "Three"}
    assert recs["pri_dose"]["values"] == {"value": "0.25"}
    assert recs["pri_nausea"]["status"] == "not_found"


def test_fidelity_size_schedule_dose(audit):
    for entry in ("n_total", "n_infusions", "dose"):
        assert fidelity_row(audit, entry).verdict == "consistent"


def test_fidelity_ages_are_read_two_ways(audit, ledger_yaml):
    # the secondary's 9-10 lies inside the primary's 5-10 (5 <= 9, 10 <= 10): consistent only if 5-10 is
    # the eligible range; if it is the three girls' ages, one was 5 and "aged 9-10" is wrong
    sec = next(e for e in ledger_yaml["entries"] if e["id"] == "age_range")
    pri = next(r for r in ledger_yaml["primary"]["records"] if r["id"] == "pri_age_range")["values"]
    assert (sec["low"], sec["high"], pri["low"], pri["high"]) == ("9", "10", "5", "10")  # as printed
    assert int(pri["low"]) <= int(sec["low"]) and int(sec["high"]) <= int(pri["high"])
    r = fidelity_row(audit, "age_range")
    # issue 18 item 3: the abstract does not say which, so both readings are stated and nothing is decided
    assert "range_kind" not in next(r for r in ledger_yaml["primary"]["records"] if r["id"] == "pri_age_range")
    assert r.verdict == "not_testable" and "Two readings" in r.explanation and "some participant was 5" in r.explanation


@pytest.mark.parametrize("entry", ["responders", "responders_summary"])
def test_fidelity_improved_counts_differ_in_number_and_definition(audit, entry):
    # secondary: two of three with notable improvement; primary: three with minimal improvements
    r = fidelity_row(audit, entry)
    assert r.verdict == "not_testable"
    assert "differs from Three" in r.explanation and "minimal improvements" in r.explanation


def test_fidelity_nausea_count_not_found(audit):
    assert fidelity_row(audit, "nausea").verdict == "not_testable"


def test_significant_changes_in_three_girls_with_no_test(audit):
    """Issue 18 item 2: "significant positive changes in both mood and behavior" in three participants, no
    test printed, is a claim of significance with no test reported, n = 3 beside it; "particularly
    significant given" (findings_significance) is the ordinary sense and gets no such row."""
    rows = audit[audit.check == "significance_reported"]
    assert list(rows.entry_ids) == ["mood_behaviour_improved"]
    r = rows.iloc[0]
    assert r.verdict == "not_testable" and r.reported == "claim of significance with no test reported"
    assert "(n = 3)" in r.explanation
    assert "findings_significance" in set(audit[audit.check == "text_only"].entry_ids)
