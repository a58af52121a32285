"""The ledger's issue-18 fields refuse bad input with one line naming file, entry, field and value: a study
file's cited works, citation entries, families and k-group comparisons."""
from __future__ import annotations

import pytest
from conftest import one_study_ledger

from analysis.ledger import LedgerError

HEAD = "study: {id: inv, source: t, design: review_claims, arms: [all]}\n"
WORK = ('  - {ref: "11", citation: "x", doi: "10.1016/j.pbb.2013.11.033", design: preclinical, species: mouse,\n'
        '     arms: [r_ketamine], address: "https://example.org/1"}\n')
CITE = '  - {id: c, kind: citation, ref: "11", claim: "x", species: human, fragment: "twice weekly [11]"}\n'


def test_a_valid_citation_loads(tmp_path):
    st = one_study_ledger(tmp_path, HEAD + "entries:\n" + CITE + "cited:\n" + WORK).study("inv")
    assert st.cited_work("11").species == "mouse" and st.cited_work("12") is None


@pytest.mark.parametrize("work, field", [
    (WORK.replace("design: preclinical", "design: anecdote"), "design"),
    (WORK.replace("species: mouse", "species: fish"), "species"),
    (WORK.replace('address: "https://example.org/1"', 'address: "javascript:alert(1)"'), "address"),
    # a backtick, refused in a primary record's address, is refused here too (one rule, ledger.schema._ADDRESS)
    (WORK.replace('address: "https://example.org/1"', 'address: "https://example.org/`x`"'), "address"),
    (WORK.replace('doi: "10.1016/j.pbb.2013.11.033", ', ""), "doi"),
    (WORK.replace("arms: [r_ketamine]", "arms: [R Ketamine]"), "arms"),
    # a quote of 121 characters (the primary record's rule, ledger.schema._check_quote)
    (WORK.replace("species: mouse,", f"species: mouse, fragment: \"{'x' * 121}\","), "fragment"),
    (WORK.replace('ref: "11"', "ref: 11"), "ref"),
    (WORK.replace('{ref: "11",', '{ref: "11", colour: red,'), "colour"),
    (WORK + WORK, "ref"),
])
def test_bad_cited_work_is_refused(tmp_path, work, field):
    with pytest.raises(LedgerError, match=f"field '{field}'"):
        one_study_ledger(tmp_path, HEAD + "entries:\n" + CITE + "cited:\n" + work)


@pytest.mark.parametrize("entry, field", [
    (CITE.replace('ref: "11"', 'ref: "12"').replace("[11]", "[12]"), "ref"),   # no such cited work
    (CITE.replace("species: human", "species: alien"), "species"),
    (CITE.replace("species: human", 'arms: "ketamine"'), "arms"),
])
def test_bad_citation_entry_is_refused(tmp_path, entry, field):
    with pytest.raises(LedgerError, match=f"field '{field}'"):
        one_study_ledger(tmp_path, HEAD + "entries:\n" + entry + "cited:\n" + WORK)


@pytest.mark.parametrize("family, field", [
    ('{id: f, kind: family, size: "1", counts: "x", entries: [p1, p2], fragment: "1 test"}', "size"),
    ('{id: f, kind: family, size: "22", counts: "x", entries: [p1], correction: sidak, fragment: "22 tests"}',
     "correction"),
    ('{id: f, kind: family, size: "22", counts: "x", entries: [q], fragment: "22 tests"}', "entries"),
    # found in review: p1 listed twice was held as two P of the family (Holm of P = .02 was 0.4, not 0.42)
    ('{id: f, kind: family, size: "22", counts: "x", entries: [p1, p2, p1], fragment: "22 tests"}', "entries"),
])
def test_bad_family_is_refused(tmp_path, family, field):
    with pytest.raises(LedgerError, match=f"field '{field}'"):
        one_study_ledger(tmp_path, HEAD + "entries:\n"
                         '  - {id: p1, kind: p_value, p: ".01", estimand: "a", fragment: "P = .01"}\n'
                         '  - {id: p2, kind: p_value, p: ".02", estimand: "b", fragment: "P = .02"}\n'
                         '  - {id: q, kind: quantity, value: "3", unit: mg, fragment: "3 mg"}\n'
                         f"  - {family}\n")


def test_bad_comparison_test_is_refused(tmp_path):
    with pytest.raises(LedgerError, match="field 'test'"):
        one_study_ledger(tmp_path, HEAD + "entries:\n"
                         '  - {id: a, kind: count, k: "1", n: "5", measure: m, fragment: "1"}\n'
                         '  - {id: b, kind: count, k: "2", n: "5", measure: m, fragment: "2"}\n'
                         '  - {id: x, kind: comparison, entries: [a, b], design: independent, p: ".5", test: kruskal,'
                         ' fragment: ".5"}\n')


def test_same_as_across_units_is_refused(tmp_path):
    """Invented: '0.5 mg' linked by same_as to '0.5 kg' loaded and the audit's same_quantity row called the two
    prints the same (found in review); the loader now names the entry, field 'same_as' and the other entry."""
    with pytest.raises(LedgerError, match=r"entry 'q2': field 'same_as' = 'q1': must refer to an entry in the same unit"):
        one_study_ledger(tmp_path, HEAD + "entries:\n"
                         '  - {id: q1, kind: quantity, value: "0.5", unit: mg, fragment: "0.5 mg"}\n'
                         '  - {id: q2, kind: quantity, value: "0.5", unit: kg, same_as: q1, fragment: "0.5 kg"}\n')


def test_a_cited_work_quoting_120_characters_loads(tmp_path):
    work = WORK.replace("species: mouse,", f"species: mouse, fragment: \"{'x' * 120}\",")
    st = one_study_ledger(tmp_path, HEAD + "entries:\n" + CITE + "cited:\n" + work).study("inv")
    assert len(st.cited_work("11").fragment) == 120
