"""The arm table (analysis.extraction.arms): arm sizes printed once, given to the counts and means printed without them.

Forms seen in development articles of /work/corpus/ei (PMC ids given); the tables are invented in those
forms, printed as the readers print them.
"""
from __future__ import annotations

from analysis.extraction import extract_text
from test_drafts import validates
from conftest import examples


def test_each_group_size_in_the_methods_reaches_bare_counts_in_a_later_table(tmp_path):
    # PMC3106384: 'random assignment into two groups of 30 each', columns ' | PLMA | ETT | P' and bare counts
    # in its 'Laryngopharyngeal morbidity' table ('1. Coughing | 2 | 1 | 0.556')
    t = ("Methods\n\nPatients were put by random assignment into two groups of 30 each.\n\nTable 2\n\n"
         "Laryngopharyngeal morbidity\n\n | PLMA | ETT | P\n1. Coughing | 2 | 1 | 0.556\n2. Sore throat | 3 | 7 | 0.171\n")
    d = extract_text(t)
    got = [(e["k"], e["n"], e["n_source"], e["arm"]) for e in d.entries if e["kind"] == "count"]
    assert got == [("2", "30", "arm_table", "plma"), ("1", "30", "arm_table", "ett"),
                   ("3", "30", "arm_table", "plma"), ("7", "30", "arm_table", "ett")]
    table = {a["arm"]: a for a in d.study["arm_table"]}
    assert table["plma"]["sizes"][0]["n"] == "30" and table["plma"]["sizes"][0]["where"] == "methods"
    assert table["plma"]["sizes"][0]["fragment"] in d.text
    validates(d, tmp_path)   # the draft, arm table included, loads as a ledger study
    # negative: without the size printed, the counts keep no n and say so
    d2 = extract_text(t.replace(" of 30 each", ""))
    assert all("n" not in e for e in d2.entries if e["kind"] == "count")


def test_a_sentence_count_takes_its_arm_from_its_clause_and_the_size_from_the_methods():
    # issue 17: 'A count 108 (90%) ... whose arm size is printed elsewhere: in the methods'
    t = ("Methods\n\nPatients were randomised to ketamine (n = 30) or placebo (n = 31).\n\nResults\n\n"
         "In the ketamine group, 12 (40%) responded, compared with 8 (25.8%) in the placebo group.\n")
    got = [(e["k"], e.get("n"), e.get("n_source"), e.get("arm")) for e in extract_text(t).entries if e["kind"] == "proportion"]
    assert got == [("12", "30", "arm_table", "ketamine"), ("8", "31", "arm_table", "placebo")]


def test_a_clause_naming_no_arm_or_two_gives_no_n():
    t = ("Methods\n\nPatients were randomised to ketamine (n = 30) or placebo (n = 31).\n\nResults\n\n"
         "Overall, 20 (32.8%) responded. Both ketamine and placebo groups had 5 (8.2%) dropouts.\n")
    assert all("n" not in e for e in extract_text(t).entries if e["kind"] == "proportion")


def test_randomised_and_analysed_sizes_give_the_analysed_one():
    # the CONSORT forms 'randomised to X (n = 120)' and 'analysed ... X (n = 112)'
    t = ("Methods\n\nWe randomised patients to exercise (n = 120) or usual care (n = 118).\n\nResults\n\n"
         "We analysed exercise (n = 112) and usual care (n = 110).\n\nTable 3\n\nOutcome | Exercise | Usual care\n"
         "Falls, n (%) | 30 (26.8) | 41 (37.3)\n")
    got = [(e["k"], e.get("n"), e.get("arm")) for e in extract_text(t).entries if e["kind"] == "proportion"]
    assert got == [("30", "112", "exercise"), ("41", "110", "usual_care")]
    # two sizes and no word for either: left out, with the sizes named in review
    t2 = t.replace("We analysed", "There were")
    (e, _) = [e for e in extract_text(t2).entries if e["kind"] == "proportion"]
    assert "n" not in e and "sizes 112, 120" in e["review"]


def test_a_count_in_words_takes_its_arm_s_size_only_when_it_fits():
    # PMC3596913: 'three patients (12.5%)' in an arm whose only size read was 2 was given n = 2 (the check on
    # k <= n read digits only) and flagged; a count in words above the arm's size gets no n (negative case)
    t = ("Patients were randomized to FOLFOX (n = 24) or FLOX (n = 2).\n\nIn the FOLFOX arm, three patients (12.5%) "
         "had a partial response. In the FLOX arm, three patients (12.5%) had a partial response.\n")
    got = [(e["k"], e.get("n"), e.get("arm")) for e in extract_text(t).entries if e["kind"] == "proportion"]
    assert got == [("three", "24", "folfox"), ("three", None, "flox")]


def test_an_arm_s_size_is_not_given_to_a_count_whose_percentage_is_of_another_denominator():
    # PMC4307223, Table 3: '172 | 54%' under 'All sites', whose 413 were randomised (172 of 413 is 41.6%): the
    # percentages are of those who answered. The size is left out and the review says why; a count whose
    # percentage the arm's size gives keeps it (positive case)
    t = ("Table 1\n\nBaseline\n\nCharacteristic | All sites n = 413 | All sites n = 413\nMale | 189 | 46%\n\n"
         "Table 3\n\nOutcome\n\nOutcome | All sites | All sites\nSome problems | 172 | 54%\nContinent | 161 | 39%\n")
    got = {e["k"]: (e.get("n"), e.get("review", "")) for e in extract_text(t).entries if e["kind"] == "proportion"}
    assert got["172"][0] is None and "another denominator" in got["172"][1]
    assert got["161"][0] == "413" and got["189"][0] == "413"


def test_a_planned_size_per_arm_is_no_arm_s_size():
    # PMC3669105: 'The intended sample size of 86 patients (N = 43 per arm) had 80% power' gave n = 43 to every
    # table column without a size. Negative case: 'n = 30 in each group' printed as enrolled still sizes them
    table = "\n\nTable 2\n\nOutcome | Drug | Placebo\nScore, mean (SD) | 5.1 (1.2) | 6.3 (1.4)\n"
    planned = "Methods\n\nThe intended sample size (N = 43 per arm) had 80% power to detect a difference." + table
    enrolled = "Methods\n\nWe enrolled n = 30 in each group." + table
    assert [e.get("n") for e in extract_text(planned).entries if e["kind"] == "mean_sd"] == [None, None]
    assert [e.get("n") for e in extract_text(enrolled).entries if e["kind"] == "mean_sd"] == ["30", "30"]


# ------------------------------------------------------------------ _EACH searched near 'group' and 'arm' (issue 22)
from hypothesis import given, settings, strategies as st  # noqa: E402

from analysis.extraction import arms  # noqa: E402

_EACH_TOKENS = st.sampled_from(
    ["n", "N", " = ", "=", "16", "3", "12345", "123456", ".", "1.5", " ", "  ", "\n", "per ", "in each ", "for each ",
     "each ", "group", "Group", "GROUP", "gRoUp", "groups", "arm", "ARM", "Arms", "arms", " of ", "of", "patients ",
     "participants ", "subjects ", "in ", "two ", "four ", "3 ", "x", "a", "r", "m", "grou", "ar", "\u00a0", "é", "ı",
     "\u212a", "N=", "16 per group", "groups of 30 each", "8 each in two groups", "n = 43 per arm"]
)


@settings(max_examples=examples(800), deadline=None)
@given(st.lists(_EACH_TOKENS, max_size=40).map("".join))
def test_each_near_its_key_words_finds_what_finditer_finds(s):
    old = [(m.span(), m.groups()) for m in arms._EACH.finditer(s)]
    assert [(m.span(), m.groups()) for m in arms._each(s)] == old


def test_each_in_a_long_text():
    s = ("x" * 300 + " n = 16 in each group " + "y. " * 200 + "groups of 30 participants each" + " z" * 100
         + "12 per ARM" + "w" * 500 + "3 each in two arms")
    assert [m.span() for m in arms._each(s)] == [m.span() for m in arms._EACH.finditer(s)]
    assert len(list(arms._each(s))) == 4
