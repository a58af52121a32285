"""Test statistics (analysis.extraction.statistics): each printed form, positive and negative.

Where each form was seen is noted: statcheck's own tests (MicheleNuijten/statcheck,
tests/testthat/test-extract-*.R, read for the forms only), the statcheck-dev texts
(../shared/benchmarks/statcheck-dev, GROBID text of Psychological Science articles), or the issue.
Strings are short invented fragments in those forms.
"""
from __future__ import annotations

import pytest

from analysis.extraction import extract_text


def read_tests(text):
    return [(e["test"], e.get("df"), e["statistic"], e["p"]) for e in extract_text(text).entries
            if e["kind"] == "test_statistic"]


@pytest.mark.parametrize("text, expected", [
    # statcheck tests: the APA form, spacing variants, signs, thousands, bounds, df with decimals
    ("t(28) = 2.20, p = .03", ("t", "28", "2.20", ".03")),
    (" t ( 28 ) = 2.20 , p = .03", ("t", "28", "2.20", ".03")),
    ("t(28)=2.20,p=.03", ("t", "28", "2.20", ".03")),
    ("t(28) = -2.20, p = .03", ("t", "28", "-2.20", ".03")),
    ("t(28) = 2,000.20, p = .03", ("t", "28", "2,000.20", ".03")),
    ("t(28) < 2.20, p = .03", ("t", "28", "<2.20", ".03")),
    ("t(28.1) = 2.20, p = .03", ("t", "28.1", "2.20", ".03")),
    ("t(28) = 2.20, p = 0.03", ("t", "28", "2.20", "0.03")),
    ("t(28) = 2.20, p < .03", ("t", "28", "2.20", "<.03")),
    ("t(28) = 2.20, p = .5e-3", ("t", "28", "2.20", ".5e-3")),
    ("t(28) = 2.20, ns", ("t", "28", "2.20", ">.05")),
    # statcheck tests: F, chi2 spellings, r, z, Q
    ("F(2, 38) = 16.58, p < .001", ("F", "2, 38", "16.58", "<.001")),
    ("chi2(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("X2(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("x^2(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("chi_2(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("\u03c72(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("chi\u00b2(28) = 2.20, p = .03", ("chi2", "28", "2.20", ".03")),
    ("chi2(1, N = 11,455) = 16.78, p <.001", ("chi2", "1", "16.78", "<.001")),
    ("r(48) = .32, p = .02", ("r", "48", ".32", ".02")),
    ("z = 2.03, p = .042", ("z", None, "2.03", ".042")),
    ("Q(12) = 20.5, p = .06", ("chi2", "12", "20.5", ".06")),
    # statcheck-dev texts: GROBID's 'χ 2 (247)', a space before ')', Greenhouse-Geisser df, 'Δχ 2'
    ("\u03c7 2 (247) = 289.48, p = .033", ("chi2", "247", "289.48", ".033")),
    ("F(5, 936 ) = 67.91, p < .001", ("F", "5, 936", "67.91", "<.001")),
    ("F(1.67, 1746.75) = 409.18, p < .001", ("F", "1.67, 1746.75", "409.18", "<.001")),
    ("fit, \u0394\u03c7 2 (23) = 30.464, p = .137", ("chi2", "23", "30.464", ".137")),
    # the issue: forms statcheck misses by design
    ("t(28) = 2.20; p = .03", ("t", "28", "2.20", ".03")),                 # semicolon
    ("t(28) = 2.20, d = 0.83, p = .03", ("t", "28", "2.20", ".03")),      # effect size between
    ("F(1, 38) = 6.53, r = .38, p = .015", ("F", "1, 38", "6.53", ".015")),  # a correlation as effect size
    ("T(28) = 2.20, p = .03", ("t", "28", "2.20", ".03")),
    ("t[28] = 2.20, p = .03", ("t", "28", "2.20", ".03")),
    ("\u03c7\u00b2(4) = 1.63, p = .803", ("chi2", "4", "1.63", ".803")),   # superscript two
    ("t(28) = 2.20, p \u2264 .03", ("t", "28", "2.20", "\u2264.03")),
    ("t(28) = 2.20, p-value = .03", ("t", "28", "2.20", ".03")),
    ("t(28)\u00a0=\u00a02.20,\u00a0p\u00a0=\u00a0.03", ("t", "28", "2.20", ".03")),   # non-breaking spaces
    ("t(28) = \u22122.20, p = .03", ("t", "28", "\u22122.20", ".03")),              # U+2212 minus
    # clinical papers print df after the statistic (invented in that form)
    ("t = 2.20, df = 28, p = .03", ("t", "28", "2.20", ".03")),
    ("F = 6.5, df = 1, 38, p = .015", ("F", "1, 38", "6.5", ".015")),
    ("(\u03c72 = 4.1, df = 1, P = .04)", ("chi2", "1", "4.1", ".04")),
])
def test_printed_forms_are_read(text, expected):
    assert read_tests(text) == [expected]


@pytest.mark.parametrize("text", [
    "t(28) = 2.20, p = 1.03",       # statcheck tests: a 'p' above 1 is no p-value
    "t(2,28) = 2.20, p = .03",      # statcheck tests: t with two df
    "F(2) = 3.1, p = .04",          # F needs two df
    "t(28) = 2.20",                 # no p: nothing to recompute against
    "at(28) = 2.20, p = .03",       # part of a word
    "t(28) = 2.20. In Study 2, p = .03",   # p in the next sentence
    "z(12) = 2.1, p = .04",         # z has no df
    "PE d z = 1.57 p < .001",       # statcheck-dev texts: Cohen's d_z printed 'd z', not a z test
    "t(38) = 2.71, Bonferroni-corrected p = .020",   # statcheck-dev texts: a corrected p is not the test's p
])
def test_look_alikes_are_not_read_as_tests(text):
    assert read_tests(text) == []


def test_a_p_belongs_to_the_nearest_test():
    got = read_tests("t(28) = 2.20, t(30) = 1.10, p = .28")
    assert got == [("t", "30", "1.10", ".28")]


def test_two_results_in_one_sentence():
    # statcheck tests: 'Both effects were very significant, t(28) = 2.20, p = .03, t(28) = 1.23, p = .04.'
    assert [t[2] for t in read_tests("Both held, t(28) = 2.20, p = .03, t(28) = 1.23, p = .04.")] == ["2.20", "1.23"]


def test_fragment_is_the_printed_result():
    e = extract_text("as expected, F(1, 38) = 6.53, p = .015, in both").entries[0]
    assert "F(1, 38) = 6.53, p = .015" in e["fragment"]


def test_p_value_alone():
    # seed 001: '(P =.40)' printed without a test; estimand left for review
    e = extract_text("no difference in the trajectory (P =.40).").entries[0]
    assert (e["kind"], e["p"]) == ("p_value", ".40") and "estimand not placed" in e["review"]
    assert extract_text("P = 1.40 here").entries[0]["kind"] == "text_only"   # nothing read: a p above 1


def test_a_p_followed_by_a_slash_and_a_digit_is_no_p():
    # PMC5627563 prints 'P = 0/001' (a slash typed for the decimal point): it was drafted as P = 0 and flagged by
    # p_zero (a false alarm in the held-in judgement); 'p < .05/6' is a corrected threshold, not a P
    for t in ("The change was significant (P = 0/001).", "significant at p < .05/6 after correction"):
        assert [e for e in extract_text(t).entries if e["kind"] == "p_value"] == []
    # negative: the same P with its decimal point is read
    assert [e["p"] for e in extract_text("The change was significant (P = 0.001).").entries] == ["0.001"]
