"""The studies with nothing to recompute, one parametrized test over the ledger (was nine copies of one file).

Each is a work as one of the seeds prints it: claims in words (``text_only``), background quantities
(doses, schedules, time points, an age band) and at most a bound without a denominator. The audit gives
one ``not_testable`` row per ``text_only`` entry and nothing for a quantity; the other rows a study may
have are listed in its row of :data:`STUDIES` with where they come from.

- belge2024: Belge, Scantamburlo & Constant 2024, Expert Rev Neurother (editorial; source
  ``belge2024_editorial``, seed 003_6140bf9ff4dbd1d6.txt): the authors' background and evaluative
  claims (300 million, two failures), one percentage printed as a bound ("less than 15%").
- fava2020: Fava et al. 2020, Mol Psychiatry (doi:10.1038/s41380-018-0256-5) as cited by Belge 2024:
  dose ranges (0.1-1.0, 0.5-1.0, 0.1-0.2 mg/kg), one day, two claims of "superior efficacy".
- jiang2023: Jiang et al. 2023, Eur Arch Psychiatry Clin Neurosci (doi:10.1007/s00406-023-01732-5) as
  cited by Belge 2024: an age band (18-65) and claims about FAERS reports with no counts.
- kantrowitz_dcs: Kantrowitz et al., D-cycloserine after ketamine in bipolar depression, as a clinic blog
  reports it (source ``ketamine_clinic_blog``, seed 004_439ce493d4a32473.txt): 8 weeks, claims without counts.
- ketamine_clinic_protocol: the same blog's 6-infusion protocol (6 infusions over 3 weeks, "majority").
- singh2016: Singh et al. 2016, Am J Psychiatry (doi:10.1176/appi.ajp.2016.16010037) as described by
  Belge 2024: a dose (0.5 mg/kg), "no discernible difference" with no numbers.
- uk_ect2003: UK ECT Review Group 2003, Lancet (doi:10.1016/S0140-6736(03)12705-5), cited by Belge 2024:
  one range of response ("as high as 80-90%") with no denominator: the audit gives no row at all.
- popova2019: Popova et al. 2019, Am J Psychiatry (doi:10.1176/appi.ajp.2019.19020172) as cited by
  Belge 2024: a subgroup threshold (fewer than 3 failures), "not statistically significant".
- mcintyre2021: McIntyre et al. 2021, Am J Psychiatry (doi:10.1176/appi.ajp.2020.20081251), ref [12] of
  Belge 2024: doses (56, 84 mg), schedules, time points and a claim of no significant difference.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
import yaml

import analysis
from conftest import ROOT


@dataclass(frozen=True)
class Expected:
    kinds: frozenset                      # the kinds of the study's entries
    rows: dict = field(default_factory=dict)   # (check, verdict) -> count, besides one text_only row per entry
    testable: str | None = None           # the one check whose rows may be other than not_testable


_BELGE_EDITORIAL = {"text_only", "quantity"}

STUDIES = {
    "belge2024": Expected(frozenset(_BELGE_EDITORIAL | {"proportion", "citation"}), {
        # issue 18 item 2: (non-)significance claimed with no test, P or CI printed
        # (esketamine_meta, masked_trial_no_difference)
        ("significance_reported", "not_testable"): 2,
        ("percent_denominator", "not_testable"): 1,
        # issue 18 item 4: the sentences citing [8], [10], [11], [12], [16], [17], [22] against those works'
        # abstracts (tests/checks/test_citations.py): [10] and [22] as cited, the other five not
        ("citation", "consistent"): 2,
        ("citation", "inconsistent"): 5,
    }, testable="citation"),
    "fava2020": Expected(frozenset(_BELGE_EDITORIAL), {
        # issue 18 item 6: the Expert opinion restates the doses (same numbers) and the claim (words only)
        ("same_quantity", "consistent"): 2,
        ("same_quantity", "not_testable"): 1,
    }, testable="same_quantity"),
    "jiang2023": Expected(frozenset(_BELGE_EDITORIAL)),
    "kantrowitz_dcs": Expected(frozenset(_BELGE_EDITORIAL)),
    "ketamine_clinic_protocol": Expected(frozenset(_BELGE_EDITORIAL)),
    "singh2016": Expected(frozenset(_BELGE_EDITORIAL), {
        # issue 18 item 6: the Expert opinion restates the frequency result in words (nothing to compare)
        ("same_quantity", "not_testable"): 1,
    }),
    "uk_ect2003": Expected(frozenset({"quantity"})),   # no row at all: a new check would show up here
    "popova2019": Expected(frozenset(_BELGE_EDITORIAL), {
        # issue 18 item 2: (non-)significance claimed with no test, P or CI printed (subgroups_not_significant)
        ("significance_reported", "not_testable"): 1,
    }),
    "mcintyre2021": Expected(frozenset(_BELGE_EDITORIAL), {
        # issue 18 item 2: (non-)significance claimed with no test, P or CI printed (route_no_difference)
        ("significance_reported", "not_testable"): 1,
        # issue 18 item 6: 56 mg and 84 mg restated in the Expert opinion, the same numbers
        ("same_quantity", "consistent"): 2,
    }, testable="same_quantity"),
}


@pytest.fixture(scope="module")
def audits():
    """Each study's audit, computed on first use (study -> frame)."""
    return {}


def _audit(audits, study):
    if study not in audits:
        audits[study] = analysis.audit(study)
    return audits[study]


def _ledger_yaml(study):
    return yaml.safe_load((ROOT / "data" / "studies" / f"{study}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_tally_of_checks(audits, study):
    # A new check on one of these studies changes its count. One text_only row per text_only entry.
    n_text_only = sum(e["kind"] == "text_only" for e in _ledger_yaml(study)["entries"])
    want = {**({("text_only", "not_testable"): n_text_only} if n_text_only else {}), **STUDIES[study].rows}
    audit = _audit(audits, study)
    assert Counter(zip(audit.check, audit.verdict)) == want


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_entry_kinds(study):
    # Only kinds that carry nothing to recompute.
    assert {e["kind"] for e in _ledger_yaml(study)["entries"]} == STUDIES[study].kinds


@pytest.mark.parametrize("study", sorted(STUDIES))
def test_every_entry_not_testable_or_unchecked(audits, study):
    # text_only entries each appear as one not_testable row; quantities carry no check at all.
    by_kind = {}
    for e in _ledger_yaml(study)["entries"]:
        by_kind.setdefault(e["kind"], set()).add(e["id"])
    audit = _audit(audits, study)
    got = audit[audit.check == "text_only"]
    assert sorted(got.entry_ids) == sorted(by_kind.get("text_only", set()))
    assert set(audit[audit.check != STUDIES[study].testable].verdict) <= {"not_testable"}
    assert not by_kind.get("quantity", set()) & set(audit.entry_ids)


def test_every_study_with_only_claims_and_quantities_is_listed():
    """A study of the ledger whose entries are all text_only or quantity gets a row here (or its own file)."""
    for path in sorted((ROOT / "data" / "studies").glob("*.yaml")):
        kinds = {e["kind"] for e in _ledger_yaml(path.stem)["entries"]}
        if kinds <= _BELGE_EDITORIAL and not (ROOT / "tests" / "studies" / f"test_study_{path.stem}.py").is_file():
            assert path.stem in STUDIES, f"{path.name}: only {sorted(kinds)}, and no test of its audit"


def test_bound_percent_without_denominator(audits):
    # Belge 2024, "reportedly less than 15% among patients with two prior": a bound ("<15") with no
    # denominator, so no whole count can be tested.
    audit = _audit(audits, "belge2024")
    r = audit[audit.entry_ids == "trd_remission"].iloc[0]
    assert r.check == "percent_denominator" and r.verdict == "not_testable" and r.reported == "<15%"


@pytest.mark.parametrize("study, entries", [
    ("belge2024", ["esketamine_meta", "masked_trial_no_difference"]),
    ("popova2019", ["subgroups_not_significant"]),
    ("mcintyre2021", ["route_no_difference"]),
])
def test_significance_claims_without_a_test(audits, study, entries):
    """The source prints no test, P or CI behind these words (issue 18 item 2)."""
    audit = _audit(audits, study)
    rows = audit[audit.check == "significance_reported"]
    assert sorted(rows.entry_ids) == entries
    assert rows.reported.str.endswith("with no test reported").all()


def test_nothing_to_rederive_is_an_empty_typed_frame():
    """No row, but the number columns are numbers (issue 21 item 6: empty object columns made every number
    of the concatenated golden re-derivation text)."""
    df = analysis.rederive("belge2024")
    assert len(df) == 0 and list(df.columns) == list(analysis.rederivation.COLUMNS)
    assert {c for c in df.columns if df[c].dtype == "float64"} == {"estimate", "ci_low", "ci_high",
                                                                  "confidence_level", "r"}
