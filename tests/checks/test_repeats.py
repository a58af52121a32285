"""The same quantity printed twice (issue 18 item 6): every number the seeds print twice is linked in the
ledger (same_as), and the two prints are compared over rounding."""
from __future__ import annotations

import collections

import pytest
from conftest import one_study_ledger, sources_dir

from analysis.checks.repeats import check_same_quantity
from analysis.ledger import LedgerError, load_ledger
from analysis.ledger.schema import NUMERIC


def test_same_and_different():
    # seeds, Belge editorial: "56 mg and 84 mg" in section 3 and again in the Expert opinion
    assert check_same_quantity({"value": "56"}, {"value": "56"}).verdict == "consistent"
    # "1.0" and "1" stand for [0.95, 1.05] and [0.5, 1.5]: they overlap
    assert check_same_quantity({"high": "1.0"}, {"high": "1"}).verdict == "consistent"
    r = check_same_quantity({"value": "0.25"}, {"value": "0.5"}, where="bullet and body")
    assert r.verdict == "inconsistent" and "cannot both be right" in r.explanation and "bullet and body" in r.explanation
    # Rett news: "two out of three" and "Two of the three"
    assert check_same_quantity({"k": "two", "n": "three"}, {"k": "Two", "n": "three"}).verdict == "consistent"
    assert check_same_quantity({"k": "two"}, {"k": "three"}).verdict == "inconsistent"
    assert check_same_quantity({}, {"value": "3"}).verdict == "not_testable"


def _numbers(e):
    return tuple(sorted((k, str(v).lower()) for k, v in e.fields.items() if k in NUMERIC and k != "confidence_level"))


def test_every_number_printed_twice_in_a_study_is_linked():
    """Entries of one study with the same kind, unit and printed numbers are one quantity printed twice
    unless their measures differ; each such pair must be linked by same_as (either way round)."""
    led = load_ledger()
    unlinked = []
    for st in led.studies.values():
        groups = collections.defaultdict(list)
        for e in st.entries:
            if _numbers(e):
                groups[(e.kind, _numbers(e), e.get("unit"), e.get("arm"))].append(e)
        for es in groups.values():
            for a in es[1:]:
                linked = a.get("same_as") == es[0].id or es[0].get("same_as") == a.id
                if not linked and a.get("measure") == es[0].get("measure"):
                    unlinked.append((st.id, es[0].id, a.id))
    assert unlinked == []


def test_seed_links_and_fragments_printed_twice():
    """The links the ledger holds, and the fragments a source prints twice: Sakurai's abstract is printed
    twice in its file (the JSON record and the plain text: every fragment twice, the report lists it), and
    the editorial restates the ELEKT-D subgroup remark in its Expert opinion (one text_only entry)."""
    led = load_ledger()
    links = {(st.id, e.id, e.get("same_as")) for st in led.studies.values() for e in st.entries if e.has("same_as")}
    assert links == {("rett_nct06199700", "dose", "dose_summary"), ("rett_nct06199700", "responders", "responders_summary"),
                     ("mcintyre2021", "dose_56_restated", "dose_56"), ("mcintyre2021", "dose_84_restated", "dose_84"),
                     ("fava2020", "higher_doses_restated", "higher_doses"), ("fava2020", "lower_doses_restated", "lower_doses"),
                     ("fava2020", "higher_superior_restated", "higher_superior"),
                     ("singh2016", "both_frequencies_effective", "no_frequency_difference")}
    if sources_dir() is None:
        pytest.skip("source texts not present: fragments cannot be counted")
    twice = {(st.id, e.id) for st in led.studies.values() for e in st.entries
             if led.sources[st.source].text and led.sources[st.source].text.count(e.fragment) > 1}
    assert {s for s, _ in twice} == {"sakurai2025", "anand2023_elektd"}
    assert {e for s, e in twice if s == "anand2023_elektd"} == {"ect_subgroups_low"}
    assert len({e for s, e in twice if s == "sakurai2025"}) == len(led.studies["sakurai2025"].entries)


@pytest.mark.parametrize("ref, match", [("nope", "no other entry"), ("a", "no other entry"), ("c", "same kind")])
def test_bad_same_as_is_refused(tmp_path, ref, match):
    with pytest.raises(LedgerError, match=match):
        one_study_ledger(tmp_path, f'''study: {{id: inv, source: t, design: single_arm, arms: [all]}}
entries:
  - {{id: a, kind: quantity, value: "5", unit: mg, same_as: {ref}, fragment: "5 mg"}}
  - {{id: b, kind: quantity, value: "5", unit: mg, fragment: "5 mg"}}
  - {{id: c, kind: text_only, claim: "x", fragment: "5 mg"}}
''')
