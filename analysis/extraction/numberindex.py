"""What follows each number start of a text, classified once, so that a number-led pattern is tried only where it can match.

May import analysis.reported and the modules of this package only.

:func:`analysis.extraction.tokens.number_starts` gives every offset where a printed number may start (about 450 a
text), and :func:`analysis.extraction.tokens.at_starts` tries a pattern at each. Most of those tries fail on the
characters right after the number: ``_VALUE`` needs a unit there, ``_ADJ`` a space and a small letter, a date
``7 July 2020`` a space after one or two digits. :func:`starts_for` classifies, once per text and in numpy, the first
three characters after each number's run of digits, dots and commas (every printed number the patterns read,
``tokens.NUM``, is made of those, so a number that ends before its run ends is followed by one of them, which no
pattern below accepts there) and the first three characters of the number itself; each pattern then gets only the
starts where the characters its match must consume there are of the right kind. A start left out is one where
``rx.match`` fails, so ``at_starts`` gives the same matches (tests/extraction/test_number_index.py: drawn strings and
real texts against ``finditer``). A start at a number word is kept for every pattern that reads number words; a
pattern that may start with a sign (``descriptives._PAREN``) also gets the sign before a start it keeps.
"""

from __future__ import annotations

import re

import numpy as np

from .tokens import code_points, number_starts

__all__ = ["starts_for", "UNIT_LEADS"]

#: the class bits: white space, a dash, a hyphen, a unit's first letter, [a-z], [A-Za-z], m b or t, t, o, a digit, 1 or 2,
#: 0 or 9, a digit dot or comma, '(', a sign, '%', '/', '[', p, '±' or '+'
(
    _S,
    _DASH,
    _HYPHEN,
    _UNIT,
    _LOWER,
    _ALPHA,
    _MBT,
    _T,
    _O,
    _DIGIT,
    _Y12,
    _Y09,
    _RUN,
    _OPEN,
    _SIGN,
    _PCT,
    _SLASH,
    _SQUARE,
    _P,
    _PLUS,
) = [1 << i for i in range(20)]
_SPACE = re.compile(r"\s")
#: what may lead a unit of quantities.UNITS (a letter, or the micro sign or Greek mu of µg; the test holds each unit to it)
UNIT_LEADS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u00b5\u03bc"


def _kind(c: str) -> int:
    """The class bits of one character (as the patterns' own classes read it: ``\\s`` by re, the rest ASCII)."""
    return (
        (_S if _SPACE.match(c) else 0)
        | (_DASH if c in "-\u2013\u2014" else 0)
        | (_HYPHEN if c == "-" else 0)
        | (_UNIT if c in UNIT_LEADS else 0)
        | (_LOWER if "a" <= c <= "z" else 0)
        | (_ALPHA if "a" <= c <= "z" or "A" <= c <= "Z" else 0)
        | (_MBT if c in "mbt" else 0)
        | (_T if c == "t" else 0)
        | (_O if c == "o" else 0)
        | (_DIGIT if "0" <= c <= "9" else 0)
        | (_Y12 if c in "12" else 0)
        | (_Y09 if c in "09" else 0)
        | (_RUN if c in "0123456789.," else 0)
        | (_OPEN if c == "(" else 0)
        | (_SIGN if c in "-\u2013" else 0)
        | (_PCT if c == "%" else 0)
        | (_SLASH if c == "/" else 0)
        | (_SQUARE if c == "[" else 0)
        | (_P if c == "p" else 0)
        | (_PLUS if c in "±+" else 0)
    )


_TABLE = np.array([_kind(chr(c)) for c in range(128)] + [0], dtype=np.uint32)
_last: tuple[str | None, dict[str, list[int]]] = (None, {})


def _code(code: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The code points at the offsets ``at`` (0 outside the text: no class bit)."""
    inside = (at >= 0) & (at < len(code))
    return np.where(inside, code[np.clip(at, 0, len(code) - 1)], 0)


def _kinds(code: np.ndarray) -> np.ndarray:
    """The class bits of the code points given."""
    out = np.take(_TABLE, code, mode="clip")  # above 127 reads index 128 (0): set below
    other = np.flatnonzero(code >= 128)
    if len(other):  # each distinct non-ASCII character classified once
        chars, which = np.unique(code[other], return_inverse=True)
        out[other] = np.array([_kind(chr(c)) for c in chars.tolist()], dtype=np.uint32)[which]
    return out


_PAD = 5  # the index reads five characters after a number's run (and three before a start)
#: per ASCII code point (index 128 for every other): a digit, a dot or a comma (a number's run)
_IS_RUN = np.array([c in "0123456789.," for c in map(chr, range(128))] + [False])


def _index(text: str) -> dict[str, list[int]]:
    starts = number_starts(text)
    if not starts:
        return dict.fromkeys(_KEYS, [])
    code = code_points(text)
    n = len(code)
    at = np.array(starts, dtype=np.int64)
    # the end of each start's run of digits, dots and commas: the first offset after it that is not one (a search in
    # the sorted offsets of the others, so that a run of any length costs the same: tests/extraction/test_linear.py)
    others = np.append(np.flatnonzero(~np.take(_IS_RUN, code, mode="clip")), n)
    end = others[np.searchsorted(others, at)]
    # the class bits of the characters read: three before each start and two from it, five after its run (0 outside)
    read = np.concatenate([at + i for i in range(-3, 3)] + [end + i for i in range(_PAD)])
    bits = _kinds(_code(code, read)).reshape(6 + _PAD, len(at))
    before2, before1, d0, d1, d2 = bits[1], bits[2], bits[3], bits[4], bits[5]
    after = bits[6:]
    word = (d0 & (_DIGIT | _RUN)) == 0  # a number word (every other start is a digit or a dot)
    # the white space right after the run (0 to 5 characters) and the class bits of the first other character: no
    # class looked for below holds a white space character, so '\s{least,most} then a character of bits' is this
    spaces = np.zeros(len(at), dtype=np.int64)
    alive = np.ones(len(at), dtype=bool)
    for i in range(_PAD):
        alive &= after[i] & _S > 0
        spaces += alive
    first = np.where(spaces < _PAD, np.choose(np.minimum(spaces, _PAD - 1), after), 0)

    def lead(bits, most=2, least=0):  # \s{least,most} then a character of ``bits``
        return (spaces >= least) & (spaces <= most) & (first & bits > 0)

    def then(bits):  # \s{0,2} then a character of ``bits``
        return lead(bits)

    def spaced(bits):  # \s{1,2} then a character of ``bits``
        return lead(bits, 2, 1)

    keep = {
        # _VALUE: (?:\s{0,2}|-) then a unit
        "value": then(_UNIT) | ((after[0] & _HYPHEN > 0) & (after[1] & _UNIT > 0)),
        # _RANGE (its number-led half): \s{0,2} then a dash, or \s{1,2}to (after a word character: no space before)
        "range": then(_DASH) | spaced(_T),
        "adj": spaced(_LOWER),  # _ADJ: \s{1,2}[a-z]
        "people": spaced(_ALPHA),  # _N_PEOPLE: \s{1,2} then a word or the people
        "million": spaced(_MBT),  # _MILLION: \s{1,2}(?:million|billion|thousand)
        "count": spaced(_O),  # _COUNT: \s{1,2}(?:out\s{1,2}of|of)
        # descriptives._K_PCT's count (its 'n =' starts apart): \s{1,2} and the people, or \s{0,2} and a bracket
        "k_pct": then(_OPEN | _SQUARE) | spaced(_LOWER),
    }
    out = {key: at[word | ok] for key, ok in keep.items()}
    # descriptives._PAREN ('49.4 (38.9)', '-0.5 (1.2)'): a number, \s{0,2}\(; led by a sign where one stands before it
    paren = ~word & then(_OPEN)
    out["paren"] = np.union1d(at[paren], at[paren & (before1 & _SIGN > 0)] - 1)
    # descriptives._PCT ('40%', '-2.5 per cent'): a number, then \s{0,2}% or \s{0,2}\s{1,2}per; or the sign before one
    pct = ~word & (then(_PCT) | lead(_P, 4, 1))
    out["pct"] = np.union1d(at[pct], at[pct & (before1 & _SIGN > 0)] - 1)
    # descriptives._PM ('30.6 ± 6.1', '-1 +/- 2'): a number, \s{0,3}, then ± or +; or the sign before one
    pm = ~word & lead(_PLUS, 3)
    out["pm"] = np.union1d(at[pm], at[pm & (before1 & _SIGN > 0)] - 1)
    # descriptives' patterns led by a number that is never a word, in windows around '%' and '/' (tokens.around)
    digits = {
        "kn_pct": then(_SLASH | _O),  # _KN_PCT: k\s{0,2}(?:/|of|out of)
        "pct_kn": then(_PCT),  # _PCT_KN: x\s{0,2}%
        "pct_range": lead(_PCT | _DASH | _T, 4),  # _PCT_RANGE: lo\s{0,2}%?\s{0,2}(?:–|-|—|to)
        "slash": lead(_SLASH, 1),  # _SLASH: k\s{0,1}/
    }
    out.update({key: at[~word & ok] for key, ok in digits.items()})
    digit = d0 & _DIGIT > 0
    # quantities._EXCLUDE's number-led patterns, led by [0-9]: a number word never starts one
    out["day_month"] = at[digit & ((d1 & _S > 0) | ((d1 & _DIGIT > 0) & (d2 & _S > 0)))]  # \d\d?\s
    year = (d0 & _Y12 > 0) & (d1 & _Y09 > 0) & (d2 & _DIGIT > 0)  # [12][09]\d
    out["year"] = at[year]
    out["spaced_year"] = at[year & (before1 & _S > 0)]  # a year after white space (a date led by its month)
    out["phone"] = at[digit & (d1 & _DIGIT > 0) & (d2 & _DIGIT > 0)]  # \d\d{2}
    # quantities._TIMEPOINT ('Week 12', 'day  3'): a unit word, \s{1,2}, digits. Its digits start a number after white
    # space; the word ends right before that space and its last letter says which word, so where it starts
    word_end = np.where(before2 & _S > 0, at - 2, at - 1)
    length = np.take(_LAST_LETTER, _code(code, word_end - 1), mode="clip")  # 0 unless a unit word's last letter
    where = word_end - length
    out["timepoint"] = np.unique(where[digit & (before1 & _S > 0) & (length > 0) & (where >= 0)])
    return {key: v.tolist() for key, v in out.items()}


#: _TIMEPOINT's unit words (Week, Day, Month, Year, Visit, Session, Cycle) by their last letter, each a different one:
#: the word's length (0 for any other character)
_LAST_LETTER = np.zeros(129, dtype=np.int64)
for _w in ("week", "day", "month", "year", "visit", "session", "cycle"):
    _LAST_LETTER[ord(_w[-1])] = len(_w)


_KEYS = (
    *(
        "value",
        "range",
        "adj",
        "people",
        "million",
        "count",
        "k_pct",
        "paren",
        "pct",
        "pm",
        "kn_pct",
        "pct_kn",
        "pct_range",
        "slash",
    ),
    *("day_month", "year", "spaced_year", "phone", "timepoint"),
)


def starts_for(shadow_text: str, key: str) -> list[int]:
    """The number starts of ``shadow_text`` where the pattern named by ``key`` can match (sorted; a subset of
    :func:`~analysis.extraction.tokens.number_starts` holding every start of a match). The last text's index is
    kept: the finders of one text share it.

    >>> s = "gave 5 mg on 7 July 2020, 3.5-4 days"
    >>> [s[i:i + 4] for i in starts_for(s, "value")], starts_for(s, "range") == [s.index("3.5")]
    (['5 mg', '7 Ju', '4 da'], True)
    """
    global _last
    if _last[0] is not shadow_text:
        _last = (shadow_text, _index(shadow_text))
    return _last[1][key]
