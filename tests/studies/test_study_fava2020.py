"""Fava et al. 2020, Mol Psychiatry (doi:10.1038/s41380-018-0256-5) as cited by the Belge 2024 editorial
(seed 003_6140bf9ff4dbd1d6.txt): dose-ranging trial of adjunctive IV ketamine.

Only dose ranges (0.1–1.0, 0.5–1.0, 0.1–0.2 mg/kg), a time point (one day) and two claims of
"superior efficacy" with no efficacy numbers: nothing can be recomputed.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

import analysis
from conftest import ROOT

STUDY = "fava2020"


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
        # issue 18 item 6: the Expert opinion restates the doses (same numbers) and the claim (words only)
        ("same_quantity", "consistent"): 2,
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
    # but the restated doses: the same numbers printed twice (issue 18 item 6)
    assert set(audit[audit.check != "same_quantity"].verdict) <= {"not_testable"}
    assert not by_kind.get("quantity", set()) & set(audit.entry_ids)
