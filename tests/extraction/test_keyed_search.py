"""passages.KeyedSearch (issue 22, session 9): a case-insensitive alternation searched only where a key word starts,
and its alternatives led by no word searched as one pattern, must find what ``rx.search`` finds.

Checked: every alternative of the pattern is either one of the short pattern's or starts, in every string it matches
(hypothesis ``from_regex``), with one of the key words once folded; every code point that re.IGNORECASE equates with a
letter of a key word folds to that letter (brute force); and the search against ``rx.search`` on strings drawn from
the words the patterns care about, with two mutants that the checks catch.
"""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings, strategies as st

from analysis.extraction import evidence as ev, pvalue_readings as pr
from analysis.extraction.passages import KeyedSearch
from conftest import examples

SEARCHES = {"_ASYMMETRIC": ev._ASYMMETRIC_SEARCH, "_ASYMMETRIC_METHOD": ev._ASYMMETRIC_METHOD_SEARCH,
            **{f"pvalue_readings {key}": search for key, search in pr._NAMED}}


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``(?i:A|B|...)``."""
    assert pattern.startswith("(?i:") and pattern.endswith(")")
    body, out, depth, cls, i, start = pattern[4:-1], [], 0, False, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    return out + [body[start:]]


def _fold(s: str) -> str:
    return s.translate(str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})).lower()


def test_the_short_alternatives_are_the_patterns_own():
    assert len(_alternatives(ev._ASYMMETRIC.pattern)) == 52
    short = _alternatives(ev._ASYMMETRIC_SEARCH.short.pattern)
    assert set(short) <= set(_alternatives(ev._ASYMMETRIC.pattern)) and len(short) == 6
    assert len(_alternatives(ev._ASYMMETRIC_METHOD.pattern)) == 11


@pytest.mark.parametrize("name", sorted(SEARCHES))
@settings(max_examples=examples(60), deadline=None)
@given(data=st.data())
def test_every_other_alternative_starts_with_a_key_word(name, data):
    search = SEARCHES[name]
    short = set(_alternatives(search.short.pattern)) if search.short is not None else set()
    for alt in _alternatives(search.rx.pattern):
        if alt in short:
            continue
        s = data.draw(st.from_regex(re.compile(f"(?i:{alt})"), fullmatch=True))
        assert any(_fold(s).startswith(k) for k in search.keys), (alt, s)
        assert len(_fold(s)) == len(s)


def test_folding_reads_every_key_letter_as_case_insensitive_matching_does():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = {ch for search in SEARCHES.values() for k in search.keys for ch in k}
    for ch in sorted(letters):
        found = re.findall(f"(?i:{re.escape(ch)})", everything)
        assert ch in found
        assert {_fold(c) for c in found} == {ch}, ch


_TOKENS = ["r", "R", "ρ", "d", "g", "D", " = ", "=", "(", "r(28)", "r = .3", "rs = ", "η2", "ηp²", "ω 2", "R2", "R²",
           "κ", "K", "ϰ", "α", "alpha = .05", "α = 0.7", "Alpha =.01", "correlation", "Correlations", "Spearman",
           "pearson", "eta-squared", "Omega squared", "r-squared", "Cohen's d", "hedges’ g", "SMD", "standardized mean",
           "medians", "IQR", "bootstrap", "BCa", "percentile interval", "simulation", "probabilistic", "credible",
           "CrI", "HDI", "posterior", "profile likelihood", "Wilson", "clopper", "exact binomial", "exact CI",
           "exact method", "intraclass", "ICC", "RMSEA", "error of approximation", "AUC", "area under", "specificity",
           "kappa", "agreement was", "agreement (", "indirect effect", "incidence", "prevalence", "rates", "rate",
           "proportion", "per 100", "per 1,000", "per 1000", "person-years", "cronbach", "internal consistency",
           "inter-rater", "intrarater", "test-retest", "fisher's exact", "Fisher’s exact", "mid-p", "midp", "Mid-P",
           "cornfield", " ", "  ", ".", ",", "x", "a", "the", "1", "0.5", "\u0130", "\u0131", "\u017f", "\u212a",
           "theta", "beta", "generate", "operate", "estimate", "upper 100", "ed", "dg", "credibility", "intervention",
           "chi-square test", "Chi squared tests", "χ2 test", "Χ² tests", "χ test", "Pearson's ", "pearson’s ", "chi",
           " for trend", " of linear trend", "tests", "Kaplan-Meier", "kaplan meier", "Kaplan–Meier", "non-inferiority",
           "Non inferiority", " margin", "margin of ", "limit", "bound", "none", "nonsmokers"]


@pytest.mark.parametrize("name", sorted(SEARCHES))
@settings(max_examples=examples(1500), deadline=None)
@given(s=st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join))
def test_the_keyed_search_finds_what_the_pattern_finds(name, s):
    search = SEARCHES[name]

    def span(m):
        return None if m is None else (m.span(), m.group(0))

    assert span(search.search(s)) == span(search.rx.search(s))


def test_a_keyed_search_without_short_alternatives():
    s = KeyedSearch(re.compile(r"(?i:\bfoo|bar)"), ("foo", "bar"))
    assert s.search("xfoo BAR foo").group() == "BAR"
    assert s.search("nothing here") is None
