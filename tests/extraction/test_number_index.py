"""The number starts each number-led pattern is tried at (:func:`analysis.extraction.numberindex.starts_for`, issue 22)
hold every start where the pattern matches, so ``at_starts`` over them gives ``finditer``'s matches.

Drawn strings (hypothesis, with white space re reads as ``\\s`` that the shadow keeps, units led by µ and μ, dashes)
and the development forms; each pattern also with a shortened end (``around``'s windows pass one); the character
classes the index uses against re over every BMP code point.
"""

from __future__ import annotations

import re

import pytest
from conftest import examples
from hypothesis import given, settings, strategies as st

from analysis.extraction import descriptives, numberindex, quantities
from analysis.extraction.tokens import around, at_starts, number_starts, positions

#: key of starts_for -> the pattern tried at those starts
KEYS = {
    "value": quantities._VALUE,
    "range": quantities._RANGE,
    "adj": quantities._ADJ,
    "million": quantities._MILLION,
    "people": descriptives._N_PEOPLE,
    "count": descriptives._COUNT,
    "paren": descriptives._PAREN,
    "pct": descriptives._PCT,
    "pm": descriptives._PM,
    "kn_pct": descriptives._KN_PCT,
    "pct_kn": descriptives._PCT_KN,
    "pct_range": descriptives._PCT_RANGE,
    "slash": descriptives._SLASH,
    **{how: rx for rx, how in zip(quantities._EXCLUDE, quantities._EXCLUDE_HOW) if isinstance(how, str)},
}

# fmt: off
TOKENS = ["12", "9", "0.5", ".5", "1,200", "1,2", "3.", "-", "–", "—", " to ", "to", " ", "  ", "\n", "\u2028", "\x85",
          "\u1680", ".", ",", "/", "(", ")", "x", "a", "é", "β", "two", "Two", "one", "twelve", "ten", "between",
          "Between", " and ", "weeks", "mg/kg", "µg", "μg", "years", "h", "patients", "Women", "weekly ", "infusions",
          "million", "billion", "thousand people", "the ", "of ", " of ", "out of", " out  of ", "healthy ", "\u00a0",
          "July", "Jan.", " 2019", "1999", "20", "19", "555-123-4567", "(555) 123 4567", "2018/19", "1998–2001", "3rd",
          "1", "0", "%", "12/30", "or ", " (", "(1.2)", "(SD)", "-0.5", "–3", "/", " / ", "%", " % ", "   ", "[", "12/30 (40%)", "40% (12 of 30)", "per cent", " per cent", "percent", "p", "±", " ± ", "+/-", "+ / -", "+-", "   "]
# fmt: on
_TEXT = st.lists(st.sampled_from(TOKENS), max_size=16).map("".join)


def _missed(s: str, key: str, end: int | None = None) -> list[int]:
    """Offsets where the key's pattern matches (up to ``end``) but starts_for left out (every offset of the text: the
    number starts, and a sign before one, the only ones it may keep; a range's 'between' is added apart)."""
    rx, kept = KEYS[key], set(numberindex.starts_for(s, key))
    kept |= set(quantities._between(s)) if key == "range" else set()
    end = len(s) if end is None else end
    return [p for p in range(len(s) + 1) if p not in kept and rx.match(s, p, end)]


@pytest.mark.parametrize("key", sorted(KEYS))
@settings(max_examples=examples(600), deadline=None)
@given(s=_TEXT, cut=st.integers(0, 8))
def test_every_start_of_a_match_is_kept(key, s, cut):
    assert _missed(s, key) == [] and _missed(s, key, max(0, len(s) - cut)) == []
    extra = quantities._between(s) if key == "range" else []
    starts = sorted(numberindex.starts_for(s, key) + extra)
    assert [m.span() for m in at_starts(KEYS[key], s, starts)] == [m.span() for m in KEYS[key].finditer(s)]
    signs = {p - 1 for p in number_starts(s) if p and s[p - 1] in "-\u2013"} if key in ("paren", "pct", "pm") else set()
    assert set(numberindex.starts_for(s, key)) <= set(number_starts(s)) | signs


_WORDS = st.lists(st.sampled_from(["Week", "week", "WEEK", "Day", "days", "Month", "Year", "Visit", "Session", "Cycle",
                                    "cycle", "weekday", "Sunday", "y", "k", " ", "  ", "   ", "\t", "\u2028", "12", "3",
                                    "1234", ".", ",", "-", "–", "x"]), max_size=12).map("".join)


@settings(max_examples=examples(2000), deadline=None)
@given(s=_WORDS)
def test_timepoints_are_finditer_s(s):
    rx = quantities._TIMEPOINT
    assert [m.span() for m in at_starts(rx, s, numberindex.starts_for(s, "timepoint"))] == [
        m.span() for m in rx.finditer(s)]


_DATES = st.lists(st.sampled_from(["July", "Jul.", "Sept", "September", "September.", "Dec", "xMay", "June", " ", "  ", "   ", "\n", "7",
                                    "21", "21st", "3rd", ",", ".", "1999", "2020", "20201", "19", "2019a", "x", "-",
                                    "References", "REFERENCES", "Reference", "Bibliography", "Literature Cited", "\t"]),
                  max_size=12).map("".join)
_NEAR = [(rx, how) for rx, how in zip(quantities._EXCLUDE, quantities._EXCLUDE_HOW) if isinstance(how, quantities._Near)]


@settings(max_examples=examples(2000), deadline=None)
@given(s=_DATES)
def test_dates_near_their_years_are_finditer_s(s):
    for rx, how in _NEAR:
        got = around(rx, s, numberindex.starts_for(s, how.key), how.before, how.after)
        assert [m.span() for m in got] == [m.span() for m in rx.finditer(s)]


_BRACKETS = st.lists(st.sampled_from(["mean", "Mean", "MEAN", "M", "m", "xm", "ean", " ", "  ", "   ", "(", "(SD)", "( sd )",
                                       "(S.D.)", "(s.d.)", "(Standard Deviation)", "(SE)", ")", "SD", "x"]),
                     max_size=10).map("".join)


@settings(max_examples=examples(2000), deadline=None)
@given(s=_BRACKETS)
def test_mean_sd_said_where_a_bracket_says_it(s):
    rx = descriptives._MEAN_SD_CONTEXT
    assert [m.span() for m in at_starts(rx, s, descriptives._before_brackets(s))] == [m.span() for m in rx.finditer(s)]


_COUNTS = st.lists(st.sampled_from(["n", "N", "n=", "n =", "n  =  ", "=", " ", "  ", "12", "1,200", "two", "Two", "x", "-",
                                     "(", "[", "40%", "(40%)", "[ 4.5 % ]", "patients", " patients", ";", ",", "."]),
                   max_size=12).map("".join)


@settings(max_examples=examples(2000), deadline=None)
@given(s=_COUNTS)
def test_counts_before_a_percentage_and_sizes_are_finditer_s(s):
    rx = descriptives._N_EQ
    eqs = [m.start() for m in descriptives._A_EQ.finditer(s)]
    assert [m.span() for m in at_starts(rx, s, descriptives._n_before(eqs))] == [m.span() for m in rx.finditer(s)]
    rx = descriptives._K_PCT
    assert [m.span() for m in at_starts(rx, s, descriptives._k_pct_starts(s))] == [m.span() for m in rx.finditer(s)]


_STATS = st.lists(st.sampled_from(["t", "T", "F", "r", "z", "Z", "Q", "χ2", "χ 2", "χ ^2", "chi-square", "Chi2", "chi_2",
                                    "chisquared", "chi-squared", "x^2", "X2", "Δ", "d", "e", "(", ")", "[", "]", "df = ",
                                    "df=", "28", "1, 38", "1.8, 86.7", ", N = 90", "=", "<", ">", "≤", "≥", "<=", ">=",
                                    " ", "  ", "   ", "    ", "\t", "2.20", ".5", "-1.5", "–", "p", ",", ".", "a", "x"]),
                  max_size=24).map("".join)


@settings(max_examples=examples(3000), deadline=None)
@given(s=_STATS)
def test_test_statistics_at_their_heads_are_finditer_s(s):
    from analysis.extraction import statistics as stats

    starts = stats._head_starts(s, positions(stats._A_CMP, s))
    assert [m.span() for m in at_starts(stats._HEAD, s, starts)] == [m.span() for m in stats._HEAD.finditer(s)]
    assert [p for p in range(len(s)) if stats._HEAD.match(s, p) and p not in set(starts)] == []


def test_test_statistics_widest_heads():
    from analysis.extraction import statistics as stats

    s = ("Δt  (  df = 28  )   = 2.2, F[1.5, 38.25, N = 1,200] = 3, chi-squared  (2)   = 4, χ ^2(1) = 5, χ2 = 1, "
         "chisquare = 6, x^2 = 7, Q=1, z   = 2, r (30) = .5, X2 (1,  N = 90) = 3.1, chi^2 = 3")
    starts = stats._head_starts(s, positions(stats._A_CMP, s))
    got = [m.group() for m in at_starts(stats._HEAD, s, starts)]
    assert got == [m.group() for m in stats._HEAD.finditer(s)] and len(got) == 12, got


def test_real_prints_are_kept():
    s = (
        "Two patients received 0.5 mg/kg over 2 weeks; aged between 18 and 65 years, 1–2 h and one to two hours; "
        "five weekly intravenous esketamine infusions, 12 healthy volunteers, 3.5 million people, someone 10 days; "
        "on 7 July 2020, in 1999, call 555-123-4567; 91/336 (27.1%), 12 of 30 were, two out of three, 12 µg, 5-mg, 2 to 4 h; "
        "49.4 (38.9), -0.5 (1.2), (–3.1 ( 0.4 )), mean (SD); 27.1% (91 of 336), 10 - 20 %, 10  %  to 20%, 12 / 30 responded, 30.6 ± 6.1, 10    to 20%, 12 of 30 (40%), 27.1  % (91 of 336)"
    )
    for key, rx in KEYS.items():
        assert _missed(s, key) == [], key
        assert any(rx.match(s, p) for p in numberindex.starts_for(s, key)), key
    k_pct = "Two  patients (4%), 12  patients (5%), 12  [5%], n  = 3; 10%"  # the widest forms of _K_PCT
    assert [m.group() for m in at_starts(descriptives._K_PCT, k_pct, descriptives._k_pct_starts(k_pct))] == [
        m.group() for m in descriptives._K_PCT.finditer(k_pct)
    ] == ["Two  patients (4%)", "12  patients (5%)", "12  [5%]", "n  = 3; 10%"]
    n_eq = "N  =  12, n=3, xn = 4"
    assert [m.group() for m in at_starts(descriptives._N_EQ, n_eq, descriptives._n_before(
        [m.start() for m in descriptives._A_EQ.finditer(n_eq)]))] == [
        m.group() for m in descriptives._N_EQ.finditer(n_eq)] == ["N  =  12", "n=3"]
    pm = "-2.5   ±   1.2, –3   +/-1, 4+ / - 2, 5   +- 1"  # the widest forms of _PM
    assert [m.group() for m in at_starts(descriptives._PM, pm, numberindex.starts_for(pm, "pm"))] == [
        m.group() for m in descriptives._PM.finditer(pm)
    ] == ["-2.5   ±   1.2", "–3   +/-1", "4+ / - 2", "5   +- 1"]
    psd = "-2.5  ( SD 1.2 ), 3 (s.d.: 1)"
    assert [m.group() for m in at_starts(descriptives._PAREN_SD, psd, numberindex.starts_for(psd, "paren"))] == [
        m.group() for m in descriptives._PAREN_SD.finditer(psd)
    ] == ["-2.5  ( SD 1.2 )", "3 (s.d.: 1)"]
    pct = "-2.5  % and –3    per cent, 4  %"  # the widest forms of _PCT
    assert [m.group() for m in at_starts(descriptives._PCT, pct, numberindex.starts_for(pct, "pct"))] == [
        m.group() for m in descriptives._PCT.finditer(pct)
    ] == ["-2.5  %", "–3    per cent", "4  %"]
    for key, print_ in (("pct_range", "10    to 20%"), ("kn_pct", "12 of 30 (40%)"), ("pct_kn", "27.1  % (91 of 336)")):
        assert numberindex.starts_for(print_, key)[:1] == [0], key  # the widest forms
    assert len(numberindex.starts_for(s, "adj")) < len(number_starts(s))  # the index leaves starts out
    rx = descriptives._MEAN_SD_CONTEXT
    assert next(at_starts(rx, s, descriptives._before_brackets(s))).span() == rx.search(s).span()
    assert next(at_starts(rx, "Mean  (SD)", descriptives._before_brackets("Mean  (SD)"))).span() == (0, 10)
    s = "on July 7, 2020, Sept. 21st, 1999, September.  21st,  2019; xMay 2019, June  2020\n\n  References \n[1] A. 2019"
    (rx, how), = _NEAR
    assert [m.group() for m in around(rx, s, numberindex.starts_for(s, how.key), how.before, how.after)] == [
        m.group() for m in rx.finditer(s)] == ["July 7, 2020", "Sept. 21st, 1999", "September.  21st,  2019", "June  2020"]
    s2 = "x September.  21st,  2019"  # the widest: the year 19 characters after the month's start
    assert [m.group() for m in around(rx, s2, numberindex.starts_for(s2, how.key), how.before, how.after)] == [
        "September.  21st,  2019"]
    s = "at Week 12; day  3 and Session 4 and cycle 2; Sunday 5; weekday 6; Visit 1-2; Month 3.5; Year 10"
    assert [s[a:b] for a, b in (m.span() for m in at_starts(quantities._TIMEPOINT, s, numberindex.starts_for(
        s, "timepoint")))] == [m.group() for m in quantities._TIMEPOINT.finditer(s)] == [
        "Week 12", "day  3", "Session 4", "cycle 2", "Year 10"]


def test_classes_are_re_s():
    # every code point of the BMP (and a few astral ones) classified as the patterns' classes read it
    checks = [
        (numberindex._S, re.compile(r"\s")),
        (numberindex._DASH, re.compile("[-\u2013\u2014]")),
        (numberindex._LOWER, re.compile("[a-z]")),
        (numberindex._ALPHA, re.compile("[A-Za-z]")),
        (numberindex._DIGIT, re.compile("[0-9]")),
        (numberindex._RUN, re.compile("[0-9.,]")),
    ]
    import numpy as np

    codes = np.array(list(range(0xD800)) + list(range(0xE000, 0x10000)) + [0x1D7CE, 0x10FFFF], dtype=np.int64)
    kinds = numberindex._kinds(codes)
    for bit, rx in checks:
        got = (kinds & bit) > 0
        want = np.array([rx.fullmatch(chr(c)) is not None for c in codes.tolist()])
        assert (got == want).all(), rx.pattern


def test_units_and_people_start_where_the_index_looks():
    # _VALUE is kept where a unit may start: every unit's first character; _N_PEOPLE where a letter follows
    assert {u[0] for u in quantities.UNITS.split("|")} <= set(numberindex.UNIT_LEADS)
    assert all(p[0].isascii() and p[0].isalpha() for p in descriptives.PEOPLE.split("|"))


def test_every_key_is_there_with_and_without_numbers():
    for s in ("", "no numbers here", "12 mg", "two"):
        assert set(numberindex._index(s)) == set(numberindex._KEYS), s
        assert all(numberindex.starts_for(s, key) == [] for key in numberindex._KEYS) or s in ("12 mg", "two")
