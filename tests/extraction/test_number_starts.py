"""Number-led patterns tried only where a number starts (issue 22) match exactly as ``finditer`` does.

:func:`analysis.extraction.tokens.number_starts` finds, in one pass, every offset where a printed number may start;
:func:`analysis.extraction.tokens.at_starts` tries a pattern only there. For the patterns the finders run that way,
the matches must be those of ``rx.finditer`` over the whole text: drawn strings (hypothesis) against ``re``, the
development forms, and a brute force over every code point for the character classes the offsets rely on (a
number's start is never preceded by a word character or a dot, and each pattern's look-behind refuses at least
those).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings, strategies as st

from analysis.extraction import descriptives, quantities
from analysis.extraction.tokens import around, at_starts, number_starts, positions
from conftest import examples

#: the patterns the finders try only at number starts, with the extra offsets each also needs
USES = {
    "_RANGE": (quantities._RANGE, quantities._between),
    "_VALUE": (quantities._VALUE, None),
    "_ADJ": (quantities._ADJ, None),
    "_MILLION": (quantities._MILLION, None),
    "_N_PEOPLE": (descriptives._N_PEOPLE, None),
    **{name: (getattr(descriptives, name), None) for name in ("_KN_PCT", "_PCT_KN", "_PCT_RANGE", "_COUNT", "_SLASH")},
    **{f"_EXCLUDE[{i}]": (rx, None) for i, rx in enumerate(quantities._EXCLUDE) if isinstance(quantities._EXCLUDE_HOW[i], str)},
}
#: the exclusions searched only in a text that holds one of their key strings
GATED = {i: rx for i, rx in enumerate(quantities._EXCLUDE)
         if isinstance(quantities._EXCLUDE_HOW[i], tuple)
         and not isinstance(quantities._EXCLUDE_HOW[i], (quantities._At, quantities._Near))}
#: the patterns tried only where one of their key strings stands (quantities._At)
AT = {**{f"_EXCLUDE[{i}]": (rx, quantities._EXCLUDE_HOW[i]) for i, rx in enumerate(quantities._EXCLUDE)
         if isinstance(quantities._EXCLUDE_HOW[i], quantities._At)},
      "_THRESHOLD": (quantities._THRESHOLD, quantities._THRESHOLD_AT)}

# fmt: off
TOKENS = ["12", "9", "0.5", ".5", "1,200", "1,2", "3.", "-", "–", "—", " to ", " ", "  ", "\n", ".", ",", "/", "(",
          ")", "[", "]", "x", "a", "_", "é", "β", "٣", "²", "two", "Two", "TWO", "one", "someone", "twelve", "Ten", "often",
          "ten", "seventeen", "between", "Between", " and ", "weeks", "mg/kg", "years", "h", "patients", "women",
          "weekly ", "infusions", "million", "thousand people", "the ", "of ", " of ", "out of", "healthy ", "\u00a0",
          "July", "Jan.", " 2019", "1999", "20", "19", "555-123-4567", "(555) 123 4567", "2018/19", "1998–2001", "3rd",
          "1", "0", "mg", "participants", "%", " %", "(40%)", "12/30", "n = ", "or ", ":"]
# fmt: on
_TEXT = st.lists(st.sampled_from(TOKENS), max_size=16).map("".join)


def _matches(ms) -> list:
    return [(m.span(), m.groups()) for m in ms]


def _starts(s: str, extra) -> list[int]:
    starts = number_starts(s)
    return sorted(starts + extra(s)) if extra else starts


@pytest.mark.parametrize("name", sorted(USES))
@settings(max_examples=examples(400), deadline=None)
@given(s=_TEXT)
def test_matches_at_number_starts_are_finditer_s(name, s):
    rx, extra = USES[name]
    assert _matches(at_starts(rx, s, _starts(s, extra))) == _matches(rx.finditer(s))


def test_real_prints_are_read_as_before():
    # forms of the seeds and the development texts: doses, durations, ranges in digits and words, counts of people
    s = (
        "Two patients received 0.5 mg/kg over 2 weeks; aged between 18 and 65 years, 1–2 h and one to two hours; "
        "five weekly intravenous esketamine infusions, 12 healthy volunteers, 3.5 million people, someone 10 days; "
        "on 7 July 2020, in 1999, call 555-123-4567; 91/336 (27.1%) vs 27.1% (91 of 336), 10-20%, two out of three, 12/30 responded"
    )
    for name, (rx, extra) in USES.items():
        found = _matches(at_starts(rx, s, _starts(s, extra)))
        assert found == _matches(rx.finditer(s)) != [], name


def test_number_starts_finds_each_number_once():
    s = "Twelve of 3.5, x12 .5 and 1,877 (two) often"
    # a superset: '877' after a comma is offered too (the patterns' look-behinds refuse it), '12' after x is not
    assert [s[i : i + 3] for i in number_starts(s)] == ["Twe", "3.5", ".5 ", "1,8", "877", "two"]
    assert number_starts("") == [] and number_starts("7") == [0]


def test_every_code_point_a_start_refuses_is_refused_by_each_pattern():
    # the offsets leave out a number after a word character or a dot; each pattern's own look-behind must refuse
    # at least those characters, or at_starts would miss matches finditer finds
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    refused = "".join(re.findall(r"[\w.]", every))
    assert len(refused) > 100_000  # letters and digits of every script
    for name, (rx, _) in USES.items():
        lookbehind = re.search(r"\(\?<!\[([^\]]{1,20})\]", rx.pattern)  # '(?<![\w.,/-])' or '\d(?<![\w.]\d)'
        assert lookbehind is not None and lookbehind.start() <= 6, name
        assert len(re.findall("[" + lookbehind.group(1) + "]", refused)) == len(refused), name
    # and a number start is never missed after any other character
    kept = re.sub(r"[\w.]", "", every)
    assert all(number_starts(c + "12") == [1] for c in kept[:: max(1, len(kept) // 20_000)])


@pytest.mark.parametrize("i", sorted(GATED))
@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_every_match_of_a_gated_exclusion_holds_its_key(i, data):
    s = data.draw(st.from_regex(GATED[i], fullmatch=True))
    assert any(key in s for key in quantities._EXCLUDE_HOW[i]), s


def test_exclusions_are_found_as_before():
    # forms of the development texts: a registry id, a web address, a phase, dates, years, a phone number
    s = ("NCT01234567, ISRCTN12345678 (https://example.org/x, www.who.int); Phase 3b, phase II; July 7, 2020, "
         "7 July 2020, in 2019 and 1998-2001, call 555-123-4567; 12 patients")
    spans = quantities.excluded_spans(s)
    assert spans == sorted((m.start(), m.end()) for rx in quantities._EXCLUDE for m in rx.finditer(s))
    assert [s[a:b] for a, b in spans][:4] == ["NCT01234567", "ISRCTN12345678", "https://example.org/x,", "www.who.int);"]


@pytest.mark.parametrize("name", ["_KN_PCT", "_PCT_KN", "_PCT_RANGE", "_COUNT", "_SLASH"])
@settings(max_examples=examples(300), deadline=None)
@given(s=_TEXT, anchor=st.sampled_from(["%", " of ", "/"]), before=st.integers(0, 12), after=st.integers(0, 12))
def test_windows_searched_at_number_starts_find_what_finditer_finds(name, s, anchor, before, after):
    # small windows, so that matches cut by a window's end and windows that share anchors are drawn too
    rx = getattr(descriptives, name)
    anchors = [m.start() for m in re.finditer(re.escape(anchor), s)]
    with_starts = around(rx, s, anchors, before, after, starts=number_starts(s))
    assert _matches(with_starts) == _matches(around(rx, s, anchors, before, after))


# the test statistics' pattern, searched only around comparators (tokens.around): every match holds one, and the
# windows reach past the longest match
_STAT_TOKENS = ["t", "T", "F", "r", "z", "Z", "Q", "χ2", "χ 2", "chi-square", "Chi2", "x^2", "Δ", "d", "(", ")", "[",
                "]", "df = ", "df=", "28", "1, 38", "1.8, 86.7", ", N = 90", "=", "<", ">", "≤", "≥", "<=", ">=", " ",
                "  ", "2.20", ".5", "-1.5", "–", "-", "p", ",", ".", "a", "x", "ns", "\n"]


@settings(max_examples=examples(600), deadline=None)
@given(s=st.lists(st.sampled_from(_STAT_TOKENS), max_size=24).map("".join))
def test_test_statistics_found_around_comparators_are_finditer_s(s):
    from analysis.extraction import statistics as stats

    found = around(stats._HEAD, s, positions(stats._A_CMP, s), stats._HEAD_REACH, stats._HEAD_REACH)
    assert _matches(found) == _matches(stats._HEAD.finditer(s))


def test_the_test_statistics_windows_reach_past_the_longest_match():
    from re import _parser as sre_parse

    from analysis.extraction import statistics as stats

    width = sre_parse.parse(stats._HEAD.pattern, stats._HEAD.flags).getwidth()[1]
    assert width + 2 <= stats._HEAD_REACH  # a look-ahead after the longest match reads one more character
    # forms statcheck reads and those it leaves (statistics.py's docstring): each found as finditer finds it
    s = ("t(28) = 2.20, p = .03; F(1, 38) = 6.53, p = .015; χ2(4, N = 90) = 1.63, p = .803; z = 2.03, p = .042; "
         "T(28)=−2.2, t[28] = 1.9; r(123) = .42; Q = 4.1; Chi-square(2) = 7.1")
    anchors = positions(stats._A_CMP, s)
    found = _matches(around(stats._HEAD, s, anchors, stats._HEAD_REACH, stats._HEAD_REACH))
    assert found == _matches(stats._HEAD.finditer(s)) and len(found) >= 8


def _starts_by_regex(s: str) -> list[int]:
    # number_starts before session 6: one past each _NUMBER_START match, and 0 where _NUMBER_HERE matches
    from analysis.extraction import tokens

    starts = [m.start() + 1 for m in tokens._NUMBER_START.finditer(s)]
    return [0, *starts] if tokens._NUMBER_HERE.match(s) else starts


@settings(max_examples=examples(600), deadline=None)
@given(s=st.lists(st.sampled_from([*TOKENS, "\U0001d7d8", "\U0001f600", "\ud800", "Seven", "eleven", "thirteen",
                                    "this", "tend", "Ze", "zero", "on", "Thr"]), max_size=16).map("".join))
def test_number_starts_found_on_code_points_are_the_regex_s(s):
    # number_starts reads the code points with numpy (UTF-16 units, or UTF-32 for a text with astral characters)
    from analysis.extraction.tokens import _starts

    assert _starts(s) == _starts_by_regex(s)


@pytest.mark.parametrize("name", sorted(AT))
@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_every_match_of_a_pattern_tried_at_its_keys_holds_one_there(name, data):
    rx, at = AT[name]
    s = data.draw(st.from_regex(rx, fullmatch=True))
    assert any(s.startswith(key, at.back) for key in at.keys), s


_AT_TOKENS = ["http://", "https://", "www.", "http", "https:/", "ftp://", "x.org/a", " ", "\n", '"', "<", "Phase ",
              "phase", "hase 3", "Ph", "3b", "II", "IV", "≤", "≥", "<=", ">=", "<", ">", "=", "12", ".5", "%", "x", "."]


@pytest.mark.parametrize("name", sorted(AT))
@settings(max_examples=examples(400), deadline=None)
@given(s=st.lists(st.sampled_from(_AT_TOKENS), max_size=14).map("".join))
def test_patterns_tried_at_their_keys_find_what_finditer_finds(name, s):
    rx, at = AT[name]
    assert _matches(at_starts(rx, s, quantities._occurrences(s, at))) == _matches(rx.finditer(s))
