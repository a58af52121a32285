"""Belge, Scantamburlo & Constant 2024, Expert Rev Neurother (editorial; source `belge2024_editorial`,
seed 003_6140bf9ff4dbd1d6.txt): the authors' own background and evaluative claims.

Evaluative claims without numbers (text_only), background quantities (300 million, two failures) and
one percentage printed as a bound without denominator ("less than 15%"): nothing can be recomputed.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT

STUDY = "belge2024"


@pytest.fixture(scope="module")
def audit():
    return analysis.audit(STUDY)


@pytest.fixture(scope="module")
def ledger_yaml():
    return yaml.safe_load((ROOT / "data" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))


def test_tally_of_checks(audit, ledger_yaml):
    # Every row is not_testable; a new check on this study would change this count. One text_only row
    # per text_only entry of the ledger.
    n_text_only = sum(e["kind"] == "text_only" for e in ledger_yaml["entries"])
    assert Counter(zip(audit.check, audit.verdict)) == {
        ("text_only", "not_testable"): n_text_only,
        # issue 18 item 2: (non-)significance claimed with no test, P or CI printed (esketamine_meta, masked_trial_no_difference)
        ("significance_reported", "not_testable"): 2,
        ("percent_denominator", "not_testable"): 1,
        # issue 18 item 4: the sentences citing [8], [10], [11], [12], [16], [17], [22] against those works'
        # abstracts (tests/checks/test_citations.py): [10] and [22] as cited, the other five not
        ("citation", "consistent"): 2,
        ("citation", "inconsistent"): 5,
    }


def test_entry_kinds(ledger_yaml):
    # Only kinds that carry nothing to recompute.
    assert {e["kind"] for e in ledger_yaml["entries"]} == {'text_only', 'quantity', 'proportion', 'citation'}


def test_every_entry_not_testable_or_unchecked(audit, ledger_yaml):
    # text_only entries each appear as one not_testable row; quantities carry no check at all.
    by_kind = {}
    for e in ledger_yaml["entries"]:
        by_kind.setdefault(e["kind"], set()).add(e["id"])
    text_only = by_kind.get("text_only", set())
    got = audit[audit.check == "text_only"]
    assert sorted(got.entry_ids) == sorted(text_only)
    assert set(audit[audit.check != "citation"].verdict) <= {"not_testable"}
    assert not by_kind.get("quantity", set()) & set(audit.entry_ids)


def test_bound_percent_without_denominator(audit):
    # "reportedly less than 15% among patients with two prior": a bound ("<15") with no denominator,
    # so no whole count can be tested.
    r = audit[audit.entry_ids == "trd_remission"].iloc[0]
    assert r.check == "percent_denominator" and r.verdict == "not_testable" and r.reported == "<15%"


def test_significance_claims_without_a_test(audit):
    """The editorial prints no test, P or CI behind these words (issue 18 item 2)."""
    rows = audit[audit.check == "significance_reported"]
    assert sorted(rows.entry_ids) == ['esketamine_meta', 'masked_trial_no_difference']
    assert rows.reported.str.endswith("with no test reported").all()
