"""McIntyre et al. 2021, Am J Psychiatry (doi:10.1176/appi.ajp.2020.20081251), ref [12] of the Belge 2024
editorial (seed 003_6140bf9ff4dbd1d6.txt): esketamine dosing and the intranasal vs IV comparison.

Doses (56, 84 mg), schedules (weeks) and time points (24 h, 7 and 28 days) plus a claim of no
significant difference with no estimate, CI or p: nothing can be recomputed.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT

STUDY = "mcintyre2021"


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
        # issue 18 item 2: (non-)significance claimed with no test, P or CI printed (route_no_difference)
        ("significance_reported", "not_testable"): 1,
        # issue 18 item 6: 56 mg and 84 mg restated in the Expert opinion, the same numbers
        ("same_quantity", "consistent"): 2,
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
    # but the restated doses: the same numbers printed twice (issue 18 item 6)
    assert set(audit[audit.check != "same_quantity"].verdict) <= {"not_testable"}
    assert not by_kind.get("quantity", set()) & set(audit.entry_ids)


def test_significance_claims_without_a_test(audit):
    """The editorial prints no test, P or CI behind these words (issue 18 item 2)."""
    rows = audit[audit.check == "significance_reported"]
    assert sorted(rows.entry_ids) == ['route_no_difference']
    assert rows.reported.str.endswith("with no test reported").all()
