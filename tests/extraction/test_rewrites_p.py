"""Searches rewritten for speed in session 6 (issue 22) find exactly what ``finditer`` of the pattern finds.

- ``find_p`` reads P values with ``statistics._P_VALUE`` (P_PATTERN's P alternative led by its letter) instead of
  ``P_PATTERN.finditer`` less its 'ns' matches.
- ``find_estimates`` searches ``estimates._BRACKET`` only in windows around the brackets ``_AN_OPEN`` finds
  (:func:`analysis.extraction.tokens.around`) instead of over the whole text.

Each is run against the old search on strings drawn from the tokens the patterns care about (hypothesis) and on
real prints; the drafts of 335 development texts were compared too (benchmarks/README.md, session 6).
"""

from __future__ import annotations

from re import _parser as sre_parse

import pytest
from hypothesis import given, settings, strategies as st

from analysis.extraction import estimates, statistics
from analysis.extraction.tokens import around, positions
from conftest import examples


def _p_old(s: str) -> list:
    return [
        (m.span(), m.group("label"), m.group("cmp"), m.group("p"))
        for m in statistics.P_PATTERN.finditer(s)
        if not m.group("ns")
    ]


def _p_new(s: str) -> list:
    return [(m.span(), m.group("label"), m.group("cmp"), m.group("p")) for m in statistics._P_VALUE.finditer(s)]


# fmt: off
_P_TOKENS = ["p", "P", "ps", "Ps", "p-value", "P values", "p value", "-", " ", "  ", "\u00a0", "=", "<", ">", "<=", "≤",
             "≥", ".05", "0.001", "1,000", "3", "e-5", "E3", "%", "/", " / ", "n", "ns", "n.s.", "N", ".", ",", "(",
             ")", "a", "x", "_", "é", "β", "2", "\n", "values", "up", "ps=", "np", "n.s.p"]
# fmt: on


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_P_TOKENS), max_size=20).map("".join))
def test_p_values_led_by_the_letter_are_p_pattern_s(s):
    assert _p_new(s) == _p_old(s)


def test_p_values_of_real_prints_are_read_as_before():
    # forms of statistics.py's docstring and the development texts: APA, clinical, 'ns', a slash typed for the
    # decimal point (PMC5627563) and a corrected threshold, a P right after a word or a dot (refused)
    s = ("t(28) = 2.20, p = .03; (P =.40), nor (p-value = 0.2; ns); P<0.001; ps > .10; p\u2009<\u2009.05; P = 0/001; "
         "p < .05/6; p = 1.2e-5; np = .3; x.p = .2; (n.s.) p=.5, P values < 0.05")
    found = _p_new(s)
    assert found == _p_old(s) and [f[3] for f in found] == [".03", ".40", "0.2", "0.001", ".10", ".05", "1.2e-5",
                                                            ".5", "0.05"]


def _bracket_old(s: str) -> list:
    return [(m.span(), m.groups()) for m in estimates._BRACKET.finditer(s)]


def _bracket_new(s: str) -> list:
    found = around(
        estimates._BRACKET, s, positions(estimates._AN_OPEN, s), estimates._BRACKET_BEFORE, estimates._BRACKET_AFTER
    )
    return [(m.span(), m.groups()) for m in found]


# fmt: off
_BRACKET_TOKENS = ["HR", "OR", "RR", "aOR", "odds ratio", "mean difference", "Cohen's d", "Hedges’ g", "β", "b", "d",
                   "r", "M", "x", " ", "  ", "   ", "    ", "=", ":", "0.81", "-0.5", "–1.2", "12", "1,234.5", ".5",
                   "[", "]", "(", ")", " to ", " and ", "–", "-", ",", ";", "\n", "\u00a0", "a", "_"]
# fmt: on


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_BRACKET_TOKENS), max_size=24).map("".join))
def test_bracketed_estimates_found_around_brackets_are_finditer_s(s):
    assert _bracket_new(s) == _bracket_old(s)


def test_the_bracket_windows_reach_past_the_longest_match():
    # around() finds every match that holds an anchor and fits in its window: the bracket of every match is an
    # anchor, the match starts at most the reach before it and ends at most the reach after it
    pattern = estimates._BRACKET.pattern
    cut = pattern.index("(?P<open>")
    assert sre_parse.parse(pattern[:cut]).getwidth()[1] <= estimates._BRACKET_BEFORE
    assert sre_parse.parse(pattern[cut:]).getwidth()[1] <= estimates._BRACKET_AFTER
    # PMC1079844 prints its risk ratios so; the docstring's hazard ratio; a bracket with no digit before it is no anchor
    s = ("RR 0.81 [0.59–1.10], RR 1.18 [0.78–1.78]; HR = 0.81 [0.70, 0.94]; OR: 2.1   (1.2 to 3.4); β = -0.5 (–1.2, 0.2)"
         "; d = .5 ( .1, .9); (OR [1.2, 3.4])")
    found = _bracket_new(s)
    assert found == _bracket_old(s) and [f[1][1] for f in found] == ["0.81", "1.18", "0.81", "2.1", "-0.5", ".5"]
    for m in estimates._BRACKET.finditer(s):
        assert m.start("open") in positions(estimates._AN_OPEN, s)


# fmt: off
_AGED_TOKENS = ["age", "Age", "aged", "Aged", "AGED", "x", "a", "A", "ge", "d", " ", "  ", "\n", "12", "9", "0.5", "1,200",
                "-", "–", "—", " to ", "to", ".", ",", "é", "β", "_", "years"]
# fmt: on


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_AGED_TOKENS), max_size=16).map("".join))
def test_ages_led_by_age_and_Age_are_aged_s(s):
    from analysis.extraction import quantities
    from analysis.extraction.tokens import merged

    found = [(m.span(), m.groups()) for m in merged(quantities._AGED_LED, s)]
    assert found == [(m.span(), m.groups()) for m in quantities._AGED.finditer(s)]


def test_ages_of_real_prints_are_read_as_before():
    from analysis.extraction import quantities
    from analysis.extraction.tokens import merged

    # quantities.py's docstring and the seeds' forms; 'teenage 13-19' and 'page 3-4' are refused by the look-behind
    s = "aged 9-10 years; Aged 18 to 65; age 40–60, participants aged 12 - 17; teenage 13-19, page 3-4, Age 7-6x"
    found = [(m.span(), m.groups()) for m in merged(quantities._AGED_LED, s)]
    assert found == [(m.span(), m.groups()) for m in quantities._AGED.finditer(s)]
    assert [g for _, g in found] == [("9", "10"), ("18", "65"), ("40", "60"), ("12", "17")]


# the anchors compiled one alternative at a time (tokens.anchor), against the alternation they replace
_ANCHORS = {
    "_A_CMP": ("statistics", r"[<>=≤≥]"),
    "_A_PCT": ("descriptives", r"%|per\s{0,1}cent"),
    "_A_PM": ("descriptives", r"±|\+/-|\+-|\+ / -"),
    "_A_SD": ("descriptives", r"SD|sd|s\.d\.|standard deviation"),
}
# fmt: off
_ANCHOR_TOKENS = ["<", ">", "=", "≤", "≥", "<=", "%", "per cent", "percent", "per  cent", "pe", "r", "±", "+/-", "+-",
                  "+ / -", "+", "/", "-", " ", "SD", "sd", "Sd", "s.d.", "s.d", "standard deviation", "standard", "s",
                  "d", ".", "x", "12"]
# fmt: on


@pytest.mark.parametrize("name", sorted(_ANCHORS))
@settings(max_examples=examples(400), deadline=None)
@given(s=st.lists(st.sampled_from(_ANCHOR_TOKENS), max_size=16).map("".join))
def test_anchors_one_alternative_at_a_time_are_the_alternation_s(name, s):
    import importlib
    import re

    module, old = _ANCHORS[name]
    rxs = getattr(importlib.import_module(f"analysis.extraction.{module}"), name)
    assert positions(rxs, s) == [m.start() for m in re.finditer(old, s)]


# fmt: off
_MARKER_TOKENS = ["CI", "CrI", "C.I.", "Confidence interval", "confidence intervals", "credible interval",
                  "Credible intervals", "C", "c", "I", "rI", ".I.", "onfidence", " interval", "x", " ", "95% ", "(",
                  "_", "é", ","]
# fmt: on


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_MARKER_TOKENS), max_size=12).map("".join))
def test_ci_markers_led_by_literals_are_marker_s(s):
    from analysis.extraction.tokens import merged

    found = [(m.span(), m.groups()) for m in merged(estimates._MARKER_LED, s)]
    assert found == [(m.span(), m.groups()) for m in estimates._MARKER.finditer(s)]
