"""Singh et al. 2016, Am J Psychiatry (doi:10.1176/appi.ajp.2016.16010037) as described by the Belge 2024
editorial (seed 003_6140bf9ff4dbd1d6.txt): twice- vs thrice-weekly IV ketamine.

A dose (0.5 mg/kg) and claims of "no discernible difference" with no numbers: nothing can be
recomputed.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT

STUDY = "singh2016"


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
        # issue 18 item 6: the Expert opinion restates the frequency result in words (nothing to compare)
        ("same_quantity", "not_testable"): 1,
    }


def test_entry_kinds(ledger_yaml):
    # Only kinds that carry nothing to recompute.
    assert {e["kind"] for e in ledger_yaml["entries"]} == {'text_only', 'quantity'}


def test_every_entry_not_testable_or_unchecked(audit, ledger_yaml):
    # text_only entries each appear as one not_testable row; quantities carry no check at all.
    by_kind = {}
    for e in ledger_yaml["entries"]:
        by_kind.setdefault(e["kind"], set()).add(e["id"])
    text_only = by_kind.get("text_only", set())
    got = audit[audit.check == "text_only"]
    assert sorted(got.entry_ids) == sorted(text_only)
    assert set(audit.verdict) <= {"not_testable"}
    assert not by_kind.get("quantity", set()) & set(audit.entry_ids)
