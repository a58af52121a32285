"""Rhee et al. 2022, JAMA Psychiatry (doi:10.1001/jamapsychiatry.2022.3352) as cited by the Belge 2024
editorial (source `belge2024_editorial`, seed 003_6140bf9ff4dbd1d6.txt): meta-analysis of ketamine vs ECT.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT, fidelity_row

STUDY = "rhee2022"


@pytest.fixture(scope="module")
def audit():
    return analysis.audit(STUDY)


@pytest.fixture(scope="module")
def ledger_yaml():
    return yaml.safe_load((ROOT / "data" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))


def test_tally_of_checks(audit, ledger_yaml):
    # the text_only count is the ledger's number of text_only entries
    n_text_only = sum(e["kind"] == "text_only" for e in ledger_yaml["entries"])
    assert Counter(zip(audit.check, audit.verdict)) == {
        ("total", "consistent"): 1,
        ("text_only", "not_testable"): n_text_only,
        ("fidelity", "consistent"): 4, ("fidelity", "not_testable"): 1,  # see test_fidelity_* below
    }


def test_total(audit):
    # "340 patients (162 for ECT and 178 for ketamine)": 162 + 178 = 340 -> consistent.
    r = audit[audit.check == "total"].iloc[0]
    assert r.entry_ids == "total_n,n_ect,n_ketamine"
    assert r.verdict == "consistent" and r.recomputed == str(162 + 178) == r.reported
    assert r.explanation == f"162 + 178 = {162 + 178}, the printed total"


def test_text_only_entries_listed_as_not_testable(audit, ledger_yaml):
    # The pooled SMD "favored ECT" but neither SMD nor CI is printed: nothing to check.
    text_only = {e["id"] for e in ledger_yaml["entries"] if e["kind"] == "text_only"}
    assert text_only == {"favoured_ect", "ect_superior_restated"}
    got = audit[audit.check == "text_only"]
    assert set(got.entry_ids) == text_only and set(got.verdict) == {"not_testable"}


def test_quantities_carry_no_check(audit):
    # "six clinical trials": a number of trials, not participants -> no check.
    assert not audit[audit.check != "fidelity"].entry_ids.str.startswith("n_trials").any()


# --- the primary publication (issue 12, item 4) -----------------------------------------------------
# Rhee et al. 2022, JAMA Psychiatry 79(12):1162-1172, doi:10.1001/jamapsychiatry.2022.3352, PMID 36260324;
# abstract read at
# https://psychotraumanet.org/en/efficacy-and-safety-ketamine-vs-electroconvulsive-therapy-among-patients-major-depressive-episode :
# "Six clinical trials comprising 340 patients (n = 162 for ECT and n = 178 for ketamine)". The pooled SMD
# and its CI were not found in a copy of the abstract.


def test_primary_values_as_read(ledger_yaml):
    pub = ledger_yaml["primary"]
    assert (pub["doi"], pub["pmid"]) == ("10.1001/jamapsychiatry.2022.3352", "36260324")
    recs = {r["id"]: r for r in pub["records"]}
    assert [recs[i]["values"] for i in ("pri_n_trials", "pri_n_total", "pri_n_ect", "pri_n_ketamine")] == [
        {"value": "Six"}, {"n": "340"}, {"n": "162"}, {"n": "178"}]
    assert recs["pri_pooled_smd"]["status"] == "not_found"


@pytest.mark.parametrize("entry", ["n_trials", "n_total", "n_ect", "n_ketamine"])
def test_fidelity_counts_as_in_the_primary(audit, entry):
    assert fidelity_row(audit, entry).verdict == "consistent"


def test_fidelity_pooled_smd_not_found(audit):
    assert fidelity_row(audit, "favoured_ect").verdict == "not_testable"
