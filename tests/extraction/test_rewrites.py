"""Patterns rewritten for speed (issue 22) match exactly as the patterns they replace.

Each rewrite starts the pattern with a literal or a character class, so that ``re`` skips ahead to a possible
first character instead of trying a look-behind at every position, or groups a long alternation under its
first characters (:func:`analysis.extraction.tokens.alternation`). The old pattern texts are kept here and
both are run over strings built from the tokens the patterns care about (hypothesis); ``finditer`` must give
the same spans and groups. Every pattern was also compared on 185 development texts (benchmarks/README.md).
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from analysis.extraction import descriptives, draft, estimates, quantities
from analysis.extraction.tokens import NUM, alternation, ascii_digits
from conftest import examples

# the patterns as they were before the rewrite (main at 7c9e470)
OLD = {
    "_AGED": (quantities, ascii_digits(r"(?<![\w])[Aa]ged?\s{1,2}(?P<lo>" + NUM + r")\s{0,2}(?:–|-|—|to)\s{0,2}(?P<hi>"
                                       + NUM + r")(?![\w.])")),
    "_TIMEPOINT": (quantities, r"(?<![\w])(?P<unit>[Ww]eek|[Dd]ay|[Mm]onth|[Yy]ear|[Vv]isit|[Ss]ession|[Cc]ycle)\s{1,2}"
                               r"(?P<value>[0-9]{1,3})(?![\w.,]|\s{0,2}[-–])"),
    "_MARKER": (estimates, r"\bC(?:I\b|rI\b|\.I\.)|\b[Cc](?:onfidence|redible) intervals?"),
    "_MEAN_SD_CONTEXT": (descriptives, r"(?i:\b(?:mean|M)\s{0,2}\(\s{0,2}(?:SD|s\.d\.|standard deviation)\s{0,2}\))"),
    "_DOI": (draft, r"\b(10\.\d{4,9}/[^\s\"<>,;]{1,200})"),
    "_REG": (draft, r"\b(NCT\d{8}|jRCT\w{1,20}|ISRCTN\d{1,12})\b"),
}
#: the alternations grouped by alternation(): the same pattern with the plain join must match alike
GROUPED = {
    "_VALUE": (quantities, [quantities._UNITS_ALT]), "_RANGE": (quantities, [quantities._UNITS_ALT]),
    "_N_PEOPLE": (descriptives, [descriptives._PEOPLE_ALT]), "_K_PCT": (descriptives, [descriptives._PEOPLE_ALT]),
    "_ARM_SIZE": (descriptives, [descriptives._PEOPLE_ALT]), "_BRACKET": (estimates, [estimates._LABEL_ALT]),
    "_LABEL_BEFORE": (estimates, [estimates._LABEL_ALT]),
}

_plain = {quantities._UNITS_ALT: quantities.UNITS, descriptives._PEOPLE_ALT: descriptives.PEOPLE,
          estimates._LABEL_ALT: "|".join(sorted((k.replace("'", "['’]") for k in estimates.LABELS), key=len,
                                                reverse=True))}


def _plain_join(module, name: str, grouped: list[str]) -> tuple:
    pattern = getattr(module, name).pattern
    for alt in grouped:
        assert alt in pattern
        pattern = pattern.replace(alt, _plain[alt])
    return module, pattern


OLD.update({name: _plain_join(module, name, grouped) for name, (module, grouped) in GROUPED.items()})

TOKENS = ["Aged ", "aged", "age ", "Age", "12", "9", "0.5", "1,200", "-", "–", " to ", " ", "  ", "\n", ".", ",", "(",
          ")", "[", "week ", "Week", "weeks", "Day", "day ", "month", "Year", "visit", "Session", "cycle", "x", "CI",
          "CrI", "C.I.", "confidence interval", "Credible intervals", "c", "mean (SD)", "M (s.d.)",
          "MEAN(standard deviation)", "ı", "ſ", "10.1177/abc", "x10.", "10.12/", "NCT01234567", "jRCTabc",
          "ISRCTN123", "5 mg/kg", "3 hours", "h", "hrs", "min", "twelve", "Two", "seventeen", "patients", "men",
          "women", "OR", "HR", "d", "Cohen's d", "β", " = ", "=", "; ", "mg", "I", "rI", ".I.", "i", "cI ", "crI", "c.I."]
_TEXT = st.lists(st.sampled_from(TOKENS), max_size=14).map("".join)


def _matches(rx: re.Pattern, s: str) -> list:
    return [(m.span(), m.groups()) for m in rx.finditer(s)]


@pytest.mark.parametrize("name", sorted(OLD))
@settings(max_examples=examples(300), deadline=None)
@given(s=_TEXT)
def test_rewritten_pattern_matches_as_before(name, s):
    module, old = OLD[name]
    new = getattr(module, name)
    assert _matches(new, s) == _matches(re.compile(old, new.flags), s)


@settings(max_examples=examples(500), deadline=None)
@given(pieces=st.lists(st.text("abAB", min_size=1, max_size=3), min_size=1, max_size=6),
       s=st.text("abAB ", max_size=20))
def test_alternation_is_the_plain_join(pieces, s):
    assert _matches(re.compile(alternation(pieces)), s) == _matches(re.compile("|".join(pieces)), s)


def test_real_prints_are_read_as_before():
    # forms seen in the development texts: an age range, a time point, CIs, a layout statement, a DOI, registry ids,
    # counts of people, doses, durations, estimates with their CI (the last line ends on a label, as _LABEL_BEFORE reads)
    s = ("aged 18–65 years; at week 12 and Day 3, OR 1.2 (95% CI 1.0 to 1.4), credible intervals, "
         "values are mean (SD), doi:10.1016/j.x.2020.01.001, NCT01234567 and ISRCTN12345678; not a marker: cI, crI; "
         "12 patients (40%), placebo (n = 30 patients), 0.5 mg/kg over 2 weeks, 1–2 h, OR = 1.2 (1.0, 1.4), "
         "five weekly infusions, mean difference = 2.1 [0.5, 3.7], the hazard ratio of")
    for name, (module, old) in OLD.items():
        new = getattr(module, name)
        assert _matches(new, s) == _matches(re.compile(old, new.flags), s) != [], name


def test_alternation_refuses_a_piece_it_cannot_group():
    with pytest.raises(ValueError, match="plain character"):
        alternation(["(?:a)", "b"])
