"""Citations against the cited works (issue 18 item 4). The records in data/studies/belge2024.yaml (`cited`)
were read in each work's abstract (PubMed, PMC or the publisher's page, address in each record); the
expected verdicts below restate what those abstracts show, in numbers and a few words."""
from __future__ import annotations

import pytest

from analysis import audit, load_ledger
from analysis.checks.citations import check_citation

MOUSE = {"design": "preclinical", "species": "mouse", "arms": ["r_ketamine", "s_ketamine"],
         "population": "juvenile mice", "citation": "Zhang 2014"}


def test_species_design_arms():
    assert check_citation("11", {"species": "human"}, MOUSE).verdict == "inconsistent"
    assert check_citation("22", {"design": "preclinical"}, MOUSE).verdict == "consistent"
    meta = {"design": "meta_analysis", "pools": "observational", "species": "human", "arms": ["ketamine"]}
    assert check_citation("8", {"design": "rct"}, meta).verdict == "inconsistent"
    assert check_citation("8", {"design": "observational"}, meta).verdict == "consistent"  # what it pools
    assert check_citation("8", {"design": "meta_analysis"}, meta).verdict == "consistent"
    r = check_citation("17", {"arms": ["ketamine_iv", "esketamine_intranasal"]},
                       {"design": "rct", "species": "human", "arms": ["ketamine_iv", "placebo_iv"]})
    assert r.verdict == "inconsistent" and "esketamine intranasal" in r.explanation
    assert check_citation("5", {}, MOUSE).verdict == "not_testable"


@pytest.fixture(scope="module")
def rows():
    df = audit("belge2024")
    return df[df.check == "citation"].set_index(df[df.check == "citation"].entry_ids)


@pytest.mark.parametrize("entry, verdict, words", [
    # [11]: juvenile mice after neonatal dexamethasone (PMID 24316345), cited for patients dosed twice/thrice weekly
    ("cite_11_frequency", "inconsistent", "it studies mice"),
    # [22] is the same mouse study, cited (with 20-21) for pre-clinical evidence: as it is
    ("cite_20_22_preclinical", "consistent", "animal study"),
    # [12]: an international expert opinion (PMID 33726522), called a meta-analysis
    ("cite_12_meta", "inconsistent", "called a meta-analysis: it is an expert opinion"),
    # [17]: IV ketamine or placebo, twice or thrice weekly, 68 randomised: no esketamine arm
    ("cite_17_superiority", "inconsistent", "esketamine intranasal, which it does not have"),
    # [16]: 15 participants, IV (n = 4), IM (n = 5), SC (n = 6) racemic ketamine vs midazolam: no esketamine
    ("cite_16_head_to_head", "inconsistent", "esketamine intranasal, which it does not have"),
    # [8]: a meta-analysis of real-world studies (k = 79, n = 2665), cited for 'numerous randomized controlled trials'
    ("cite_5_8_rcts", "inconsistent", "meta-analysis of observational studies"),
    # [10]: 99 randomised to 0.1, 0.2, 0.5, 1.0 mg/kg or midazolam: the doses the sentence names
    ("cite_10_doses", "consistent", "dose 0.1, dose 0.2, dose 0.5, dose 1.0"),
])
def test_editorial_citations(rows, entry, verdict, words):
    r = rows.loc[entry]
    assert r.verdict == verdict and words in r.explanation
    if verdict == "inconsistent":
        assert r.grade == "likely" and "reference list gives that number" in r.assumptions


def test_records_cite_their_source_and_numbers():
    st = load_ledger().study("belge2024")
    refs = {w.ref: w for w in st.cited}
    assert set(refs) == {"8", "10", "11", "12", "16", "17"} and st.cited_work("22") is refs["11"]
    assert (refs["8"].k, refs["8"].n, refs["16"].n, refs["17"].n, refs["10"].n) == ("79", "2665", "15", "68", "99")
    assert all(w.address.startswith("http") and (w.doi or w.pmid) for w in st.cited)
    assert all(len(w.fragment or "") <= 120 for w in st.cited)
