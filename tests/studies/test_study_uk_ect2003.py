"""UK ECT Review Group 2003, Lancet (doi:10.1016/S0140-6736(03)12705-5), cited by the Belge 2024 editorial
(seed 003_6140bf9ff4dbd1d6.txt) for ECT response rates.

Its one entry is the range "as high as 80–90%" of response, a quantity with no denominator or
comparison: the audit produces no row for it.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT

STUDY = "uk_ect2003"


@pytest.fixture(scope="module")
def audit():
    return analysis.audit(STUDY)


@pytest.fixture(scope="module")
def ledger_yaml():
    return yaml.safe_load((ROOT / "data" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))


def test_tally_of_checks(audit):
    # No row at all (a quantity is not checked); a new check on this study would show up here.
    assert Counter(zip(audit.check, audit.verdict)) == {}
    assert len(audit) == 0


def test_entry_kinds(ledger_yaml):
    # Only kinds that carry nothing to recompute.
    assert {e["kind"] for e in ledger_yaml["entries"]} == {'quantity'}


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
