"""Means with SDs, percentages, counts and sample sizes (analysis.extraction.descriptives).

Forms seen in: seed 002 ('30.6 ± 6.1', 'a remission rate of 26.7%'), seed 000 ('two out of three',
'Two of the three'), seed 001 ('18 patients', 'a ketamine (12 patients) or midazolam (6 patients)'),
seed 003 ('340 patients (162 for ECT and 178 for ketamine)', 'less than 15%'), the issue
('mean +/- SD ... 49.4 +/- 38.9', 'M = 5.19, SD = 1.6', '91/336 (27.1%)', '27.1% (91 of 336)', 'n = 30'),
statcheck-dev texts ('(M = 5.97, SD = 0.83)'). Strings are invented in those forms.
"""
from __future__ import annotations

import pytest

from analysis.extraction import extract_text


def kinds(text, kind, *fields):
    return [tuple(e.get(f) for f in fields) for e in extract_text(text).entries if e["kind"] == kind]


@pytest.mark.parametrize("text, expected", [
    ("fell from 30.6 ± 6.1 at baseline", ("30.6", "6.1")),
    ("(mean +/- SD) was 49.4 +/- 38.9", ("49.4", "38.9")),
    ("scores (M = 5.19, SD = 1.6) rose", ("5.19", "1.6")),
    ("mean = 5.19; SD = 1.60", ("5.19", "1.60")),
    ("Scores are mean (SD). Ketamine 5.19 (1.6) days", ("5.19", "1.6")),
    ("baseline 30·6 ± 6·1", ("30·6", "6·1")),                  # The Lancet's middle dot
    ("change \u22121.2 \u00b1 0.4", ("\u22121.2", "0.4")),     # U+2212 minus
    ("latencies (M = 634 ms, SD = 163)", ("634", "163")),      # statcheck-dev texts: a unit after the mean
    ("scores were 49.4 (SD 38.9)", ("49.4", "38.9")),          # clinical abstracts: SD inside the bracket
    ("scores were 49.4 (SD = 38.9)", ("49.4", "38.9")),
])
def test_means_with_sds(text, expected):
    assert kinds(text, "mean_sd", "mean", "sd") == [expected]


@pytest.mark.parametrize("text", [
    "values are mean ± SEM: 30.6 ± 6.1",     # a standard error, not an SD
    "5.19 (1.6) units",                       # no 'mean (SD)' in the paragraph
    "M = 5.19 and later",                      # no SD
])
def test_not_means_with_sds(text):
    assert kinds(text, "mean_sd", "mean") == []


@pytest.mark.parametrize("text, expected", [
    ("responded 91/336 (27.1%)", ("91", "336", "27.1")),
    ("rate 27.1% (91 of 336)", ("91", "336", "27.1")),
    ("remitted in 12 (40%)", ("12", None, "40")),
    ("a remission rate of 26.7%", (None, None, "26.7")),
    ("reportedly less than 15% among", (None, None, "<15")),
    ("over 40% of them", (None, None, ">40")),
    ("responded in 12 patients (30%)", ("12", None, "30")),      # rct-extraction-dev abstracts
    ("remission (n = 12; 30.0%)", ("12", None, "30.0")),
    ("at weeks 12, 30% of them", (None, None, "30")),             # a list, not a count with its share
    ("Two participants (4%) disliked it", ("Two", None, "4")),    # PMC5312688: the count in words
    ("nausea in two (5%) and", ("two", None, "5")),
    ("someone (5%) said", (None, None, "5")),                     # negative: a number word inside a word
    # negative: the end of a hyphenated number word is no count ('twenty-two patients (59%)', PMC5501521, was k = 2
    # against 22/37 = 59.5%, a false alarm on 300 unseen papers; 'Eighty-three children (6.3%)', PMC1087200, k = 3)
    ("In one group, twenty-two patients (59%) required", (None, None, "59")),
    ("Eighty-three children (6.3%) harboured", (None, None, "6.3")),
    ("reached PASI-75 (33.1%) at week 12", (None, None, "33.1")),  # PMC3661377: a response level, no count of 75
])
def test_percentages(text, expected):
    assert kinds(text, "proportion", "k", "n", "percent") == [expected]


@pytest.mark.parametrize("text", ["the 95% CI was wide", "a 95% confidence interval", "91/336 (127.1%)",
                                  "ingested an average of 17% more calories",   # rct-extraction-dev: a relative change
                                  "stool output was 40% less than", "a 30% reduction in"])
def test_not_percentages(text):
    assert kinds(text, "proportion", "percent") == []


def test_relative_change_is_a_quantity():
    assert kinds("17% more calories", "quantity", "value", "unit") == [("17", "% (relative change)")]


@pytest.mark.parametrize("text, expected", [
    ("improved in two out of three young girls", ("two", "three")),
    ("Two of the three participants improved", ("Two", "three")),
    ("12/30 responded", ("12", "30")),
    ("7 of 20 had nausea", ("7", "20")),
    ("one of 12 older patients died", ("one", "12")),   # 'one of N' people is a count (negative of the next test)
    ("in 3-4 of 10 cases", ("4", "10")),  # constructed (no such print found): a digit before the hyphen still reads
])
def test_counts(text, expected):
    assert kinds(text, "count", "k", "n") == [expected]


@pytest.mark.parametrize("text", ["one of the most common", "5 of 3 trials",
                                  "Forty-nine of 50 states",  # PMC1626453: not nine of 50 "on 12/2019 visits", "1/0",
                                  # 'one of N' choices, not people (PMC5391070, PMC3227609, PMC3041931)
                                  "randomly assigned to one of three arms", "randomized to one of the two formula groups",
                                  "residing in one of the 46 study villages"])
def test_not_counts(text):
    assert kinds(text, "count", "k") == []


def test_sample_sizes_arms_and_totals():
    d = extract_text("included 18 patients with MS, randomized to a ketamine (12 patients) or midazolam (6 patients).")
    sizes = [(e["n"], e.get("arm")) for e in d.entries if e["kind"] == "sample_size"]
    assert sizes == [("18", None), ("12", "ketamine"), ("6", "midazolam")]
    (total,) = [e for e in d.entries if e["kind"] == "total"]
    assert total["total"] == "18" and len(total["parts"]) == 2
    assert d.study["arms"] == ["ketamine", "midazolam"]


def test_total_with_parts_in_brackets():
    d = extract_text("six trials comprising 340 patients (162 for ECT and 178 for ketamine)")
    assert [(e["n"], e.get("arm")) for e in d.entries if e["kind"] == "sample_size"] == [
        ("340", None), ("162", "ect"), ("178", "ketamine")]
    assert [e["total"] for e in d.entries if e["kind"] == "total"] == ["340"]


@pytest.mark.parametrize("text, n", [("n = 30", "30"), ("(N=1,204)", "1,204"), ("three young girls", "three"),
                                     ("in 676 TRD patients", "676")])
def test_sample_size_forms(text, n):
    assert kinds(text, "sample_size", "n") == [(n,)]


@pytest.mark.parametrize("text", ["nearly 300 million people", "n = 0", "2.5 patients"])
def test_not_sample_sizes(text):
    assert kinds(text, "sample_size", "n") == []


@pytest.mark.parametrize("text", ["n = 12345678", "n = 12345678 patients", "n = 1,2345", "n = 1e3"])
def test_n_is_never_a_truncated_print(text):
    # review R1: the n = pattern stopped inside the number and read 1234567, 1,234 and 1 (invented strings);
    # a number the draft cannot read whole is left out rather than misread
    assert kinds(text, "sample_size", "n") == []


def _arm_sizes(text):
    return [(e["n"], e.get("arm")) for e in extract_text(text).entries if e["kind"] == "sample_size" and e.get("arm")]


@pytest.mark.parametrize("text,sizes", [
    # forms as printed: seed 001 ('(12 patients)'); statcheck-dev ('intervention (51 participants) or control
    # group (42 participants)', 'typically developing (n = 71)'); rct-extraction-dev ('The intervention group
    # (n=35)', table headers 'Placebo (n = 42)'); a bare '(N)' where the paragraph speaks of allocation
    ("randomized to a ketamine (12 patients) or midazolam (6 patients).", [("12", "ketamine"), ("6", "midazolam")]),
    ("assigned to the intervention (51 participants) or control group (42 participants)",
     [("51", "intervention"), ("42", "control")]),
    ("The intervention group (n=35) received four sessions.", [("35", "intervention")]),
    ("typically developing (n = 71), familial risk only (n = 86)", [("71", "developing"), ("86", "only")]),
    ("Patients were randomised to ketamine (12) or midazolam (6).", [("12", "ketamine"), ("6", "midazolam")]),
    ("Allocation: ketamine (12), placebo (10).", [("12", "ketamine"), ("10", "placebo")]),
    ("The two groups, ketamine (12) and placebo\n(10)\n", [("12", "ketamine"), ("10", "placebo")]),
])
def test_arm_sizes_as_printed(text, sizes):
    assert _arm_sizes(text) == sizes


@pytest.mark.parametrize("text", [
    "Patients were randomised in groups; the script calls alert(1) and AR(1) models.",   # function calls
    "The parasites detected were: Ascaris lumbricoides (4), Giardia lamblia (1).",       # species counts
    "Both groups were randomised as in Wood and colleagues (2012) and Mills (2014).",   # citations
    "Participants were randomised to arms that receive (1) ketamine or (2) saline.",    # list markers
    "In each group the items are (3) listed, and trials (160) were administered.",      # a clause follows
    "Equal numbers of trials (160) were administered in the session.",                  # no group talk
    "see Pitcher (3) where logit(p) is the outcome",                                     # equation number
])
def test_not_arm_sizes(text):
    assert _arm_sizes(text) == []


# --- issue 17 item 5: a number is a sample size only where the words make it one --------------------------

def test_a_number_of_groups_is_no_sample_size():
    # issue 17: 'the 3 groups' drafted as a sample size of 3, nine times; PMC3659004 prints 'the 3 groups of
    # subjects' and PMC4955417 'randomly assigned into any of the four (4) groups SL, SA, ...'
    for t in ("Baseline values of the 3 groups of subjects were similar.",
              "Patients were randomly assigned into any of the four (4) groups SL, SA, AL or AA.",
              "The three groups of participants did not differ in age."):
        assert [e for e in extract_text(t).entries if e["kind"] == "sample_size"] == [], t
    # positive: the people themselves counted, and an arm size in brackets after its arm, stay sample sizes
    got = [(e["n"], e.get("arm")) for e in extract_text(
        "We included 30 patients, randomised to a ketamine (12 patients) or a midazolam (6) group.").entries]
    assert got == [("30", None), ("12", "ketamine"), ("6", "midazolam")]


def test_a_size_repeated_across_spanning_header_cells_is_drafted_once():
    # the readers repeat a cell spanning two columns in each ('Placebo (n = 30) | Placebo (n = 30)', PMC3090298's
    # 'Postoperative month 1' spans three): one printed size, one entry
    t = "Outcome | Placebo (n = 30) | Placebo (n = 30)\nScore | Mean | SD\nMADRS | 14.2 | 5.1\n"
    assert [e["n"] for e in extract_text(t).entries if e["kind"] == "sample_size"] == ["30"]
