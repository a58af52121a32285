"""Printed numbers as tokens: the shadow text patterns run on, number and label sub-patterns, number words.

May import analysis.reported and the modules of this package only.

Every pattern in this package runs on a *shadow* of the text: a copy of the same length in which
look-alike characters are mapped one to one (a non-breaking space to a space, U+2212 to ``-``, a middle
dot between digits to ``.``, a superscript two to ``2``). Offsets therefore hold in both, so a match in
the shadow cuts its fragment and its printed numbers out of the original text, character for character.

Every quantifier in every pattern is bounded (``{0,3}``, ``{1,12}``), so a match attempt reads a bounded
number of characters and a scan is linear in the length of the text; ``tests/extraction/test_linear.py``
checks both the rule (no ``*``, ``+`` or open ``{n,}`` in any compiled pattern) and the time on
10^6 hostile characters.
"""

from __future__ import annotations

import bisect
import heapq
import re

import numpy as np

from ..reported import NUMBER_WORDS, parse_reported

__all__ = [
    "shadow",
    "NUM",
    "SNUM",
    "number_at",
    "WORD_NUMBERS",
    "is_word_number",
    "clean_number",
    "MAX_CHARS",
    "PATTERNS",
    "alternation",
    "number_starts",
    "at_starts",
    "merged",
    "anchor",
]

#: the largest text the extractor reads (characters); larger input is refused with ExtractError
MAX_CHARS = 5_000_000

_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_MINUSES = "\u2212\ufe63\uff0d\u2010\u2011"
_TABLE = {ord(c): " " for c in _SPACES}
_TABLE.update({ord(c): "-" for c in _MINUSES})
_TABLE.update(
    {
        ord("\u2264"): "≤",
        ord("\u2a7d"): "≤",
        ord("\u2265"): "≥",
        ord("\u2a7e"): "≥",
        ord("\u03a7"): "χ",
        ord("\uff1d"): "=",
        ord("\u2009"): " ",
    }
)


def shadow(text: str) -> str:
    """The text with look-alikes mapped one to one (same length, same offsets).

    >>> shadow("t(28)\u00a0=\u00a02.20, p\u2009<\u2009.05, \u22121.5, 5\u00b719")
    't(28) = 2.20, p < .05, -1.5, 5.19'
    >>> len(shadow("5\u00b719")) == len("5\u00b719")
    True
    """
    code = code_points(text)
    if code.dtype != np.uint16 or _IS_LOOKALIKE[code].any():  # (a gather on the code points: faster than re's scan)
        s = _LOOKALIKE.sub(_swap, text)  # one pass in C; Python is called only where a look-alike occurs
    else:
        s = text  # what the substitution returns when nothing matches: the same object
    if "\u00b7" in s:  # a middle dot between digits is a decimal point (The Lancet's 5·19)
        s = _MIDDOT.sub(".", s)
    if "\u00b2" in s:  # a superscript two after chi is chi-square's 2 (χ², chi²); elsewhere it stays
        s = _SUP2.sub("2", s)
    return s


_LOOKALIKE = re.compile("[" + "".join(map(chr, _TABLE)) + "]")
#: per BMP code point: whether _LOOKALIKE maps it (every look-alike is in the BMP)
_IS_LOOKALIKE = np.zeros(0x10000, dtype=bool)
_IS_LOOKALIKE[list(_TABLE)] = True
_last_codes: tuple[str, np.ndarray] = ("", np.zeros(0, dtype=np.uint16))


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (``uint16`` when it holds no astral character, else ``uint32``), for numpy
    scans that re would make character by character. The last text's array is kept: the text as read, its
    normalisation and its shadow are often the same object, read by strip_invisible, shadow and number_starts."""
    global _last_codes
    if _last_codes[0] is text:
        return _last_codes[1]
    raw = text.encode("utf-16-le", "surrogatepass")  # half the time of UTF-32; one unit a character unless astral
    if len(raw) == 2 * len(text):
        code = np.frombuffer(raw, dtype=np.uint16)
    else:
        code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    _last_codes = (text, code)
    return code


def _swap(m: re.Match) -> str:
    return _TABLE[ord(m.group())]


_MIDDOT = re.compile(r"(?<=[0-9])\u00b7(?=[0-9])")
_SUP2 = re.compile(r"(?<=[χxXi^_])\u00b2|(?<=[χxX] )\u00b2")

#: an unsigned printed number: 1,877 / 30.6 / .06 / 12 (no sign; the sign is read separately)
NUM = r"(?:\d{1,3}(?:,\d{3}){1,3}(?:\.\d{1,12})?|\d{1,12}(?:\.\d{1,12})?|\.\d{1,12})"
#: a number with an optional minus: a hyphen (U+2212 in the original is '-' in the shadow) or an en dash,
#: read as a sign only where no digit, letter, dot or closing bracket precedes it ("9–10" is a range,
#: "(–25.0 to –1.98)" holds two negative numbers)
SNUM = r"(?:(?<![\w.)\]])[-\u2013])?" + NUM

#: number words the ledger accepts (analysis.reported.NUMBER_WORDS), longest first for alternation
WORD_NUMBERS = sorted(NUMBER_WORDS, key=len, reverse=True)


def alternation(pieces) -> str:
    """Regex alternatives joined with ``|``, grouped under their first character: ``a|bc|bd`` -> ``a|b(?:c|d)``.

    The same matches as the plain join: alternatives are tried in order and only those whose first character is
    the one at hand can match, so grouping by that character keeps the order that decides between them. It is
    faster: re tests one literal per group, not one per alternative (``benchmarks/README.md``, "Measurements
    behind design choices in the code"). Every piece must start with a plain character (a
    letter, digit or other literal).

    >>> alternation(["one", "One", "two", "twelve", "h", "hours?"])
    'one|One|t(?:wo|welve)|h(?:|ours?)'
    >>> import re
    >>> units, s = ["hours?", "min", "h", "hrs?"], "2 hrs, 3 hours, 4 h, 5 min"   # "h" before "hrs?": "h" wins, as joined
    >>> [m.group() for m in re.finditer(alternation(units), s)], [m.group() for m in re.finditer("|".join(units), s)]
    (['h', 'hours', 'h', 'min'], ['h', 'hours', 'h', 'min'])
    """
    if isinstance(pieces, str):
        pieces = pieces.split("|")
    groups: dict[str, list[str]] = {}
    for p in pieces:
        if not p or p[0] in "\\[](){}.*+?^$|":
            raise ValueError(f"alternation: {p!r} does not start with a plain character")
        groups.setdefault(p[0], []).append(p[1:])
    return "|".join(c + rest[0] if len(rest) == 1 else c + "(?:" + "|".join(rest) + ")" for c, rest in groups.items())


#: the number words as one alternation (each also capitalised), grouped by first letter (:func:`alternation`)
WORDS_ALT = alternation(v for w in WORD_NUMBERS if w != "none" for v in (w, w.title()))


def is_word_number(s: str) -> bool:
    """Whether ``s`` is a number word the ledger reads (``"Two"``, ``"three"``).

    >>> is_word_number("Two"), is_word_number("dozen")
    (True, False)
    """
    return s.lower() in NUMBER_WORDS and s.lower() != "none"


_NUMBER_AT: re.Pattern[str]  # set below, once ascii_digits is defined


def number_at(shadow_text: str, pos: int) -> re.Match | None:
    """The number that starts exactly at ``pos`` in the shadow text, or None."""
    return _NUMBER_AT.match(shadow_text, pos)


def clean_number(printed: str) -> str:
    """A printed number as the ledger stores it: the characters as printed, spaces dropped.

    Minus signs and middle dots stay as printed (:func:`analysis.reported.parse_reported` reads
    U+2212 and ``5·19``); a comparator keeps its place: ``"< .001"`` -> ``"<.001"``.

    >>> clean_number("< .001"), clean_number("\u22121.98")
    ('<.001', '\u22121.98')
    """
    return "".join(ch for ch in printed if not ch.isspace())


def number_value(printed: str) -> float:
    """The value of a printed number matched by NUM/SNUM, for comparisons inside the extractor.

    Spaces are dropped (:func:`clean_number`) and the rest is read by
    :func:`analysis.reported.parse_reported`, the one parser of printed numbers: thousands separators
    dropped, a middle dot is a decimal point and U+2212 or an en dash in front is a minus:
    ``number_value("5·19") == 5.19``.

    >>> number_value("0·95"), number_value("\u22121.98"), number_value("1,877")
    (0.95, -1.98, 1877.0)
    """
    return parse_reported(clean_number(printed)).value


def ascii_digits(pattern: str) -> str:
    """``\\d`` as ASCII digits: ``[0-9]`` outside a character class, ``0-9`` inside one.

    >>> ascii_digits(r"\\d{1,3}[\\d.,]")
    '[0-9]{1,3}[0-9.,]'
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            out.append(("0-9" if in_class else "[0-9]") if pair == "\\d" else pair)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


_NUMBER_AT = re.compile(ascii_digits(SNUM))

#: every compiled pattern of the package registers here (the linear-time test inspects them)
PATTERNS: list[re.Pattern] = [_MIDDOT, _SUP2, _NUMBER_AT]


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile`` that registers the pattern for the linear-time check.

    ``\\d`` is read as ASCII digits only (``re.ASCII`` is not set, since ``\\w`` must still match
    letters such as β): the pattern text replaces ``\\d`` by ``[0-9]``, so that a superscript or an
    Arabic-Indic digit never becomes a printed number the ledger cannot parse.
    """
    rx = re.compile(ascii_digits(pattern), flags)
    PATTERNS.append(rx)
    return rx


def around(
    rx: re.Pattern,
    shadow_text: str,
    anchors: list[int],
    before: int = 100,
    after: int = 100,
    starts: list[int] | None = None,
):
    """Matches of ``rx`` that contain one of the anchor positions, found in windows around them.

    A scan for a frequent first character (any digit) is slow in Python's regex engine; a scan for a
    rare anchor (``%``, ``±``) is fast. Anchors closer than ``before + after`` share one window, so
    every character is scanned a bounded number of times however dense the anchors; every match is
    confirmed on the whole text (``rx.match`` at its start) so that look-arounds see its real neighbours.
    With ``starts`` (:func:`number_starts`, for a number-led pattern), a window is searched only at those
    offsets (:func:`at_starts`), which finds what ``finditer`` over the window finds.

    >>> rx = compile(r"\\d{1,3}\\s{0,2}%")
    >>> [m.group() for m in around(rx, "of 12 %, 7 and 40%", [6, 17])]
    ['12 %', '40%']
    """
    n, i, done = len(shadow_text), 0, -1
    while i < len(anchors):
        j = i
        while j + 1 < len(anchors) and anchors[j + 1] - anchors[j] <= before + after:
            j += 1
        lo, hi = max(0, anchors[i] - before, done), min(n, anchors[j] + after)
        for m in rx.finditer(shadow_text, lo, hi) if starts is None else at_starts(rx, shadow_text, starts, lo, hi):
            if m.start() < done:
                continue
            k = bisect.bisect_left(anchors, m.start(), i, j + 1)
            if k > j or anchors[k] >= max(m.end(), m.start() + 1):
                continue
            full = rx.match(shadow_text, m.start())
            if full is not None:
                done = full.end()
                yield full
        i = j + 1


def merged(patterns, text: str):
    """The matches of each pattern over ``text``, merged by start: those of ``finditer`` over their alternation when
    no match of one can overlap a match of another (each pattern led by its own literal, which re skips to fast)."""
    return heapq.merge(*(rx.finditer(text) for rx in patterns), key=re.Match.start)


def positions(rx, shadow_text: str) -> list[int]:
    """Start offsets of every match of a (fast, literal-led) anchor pattern, sorted; or of a tuple of such patterns,
    the alternatives of one anchor whose matches never overlap (:func:`anchor`)."""
    if isinstance(rx, tuple):
        return sorted(m.start() for r in rx for m in r.finditer(shadow_text))
    return [m.start() for m in rx.finditer(shadow_text)]


def anchor(*alternatives: str) -> tuple[re.Pattern, ...]:
    """An anchor pattern's alternatives compiled one by one, for :func:`positions`: re skips ahead fast to a literal
    that leads a pattern, but enters a pattern led by a choice of characters (``[<>=]``, ``%|per cent``) at every
    position that holds one of them. The same offsets as the alternation's ``finditer`` when no two alternatives
    match overlapping text (tests/extraction/test_rewrites_p.py)."""
    return tuple(compile(a) for a in alternatives)


#: a place where a printed number may start: after a character that is neither a word character nor a dot, a
#: digit, a dot or a number word (as WORDS_ALT spells it); the character before is consumed, the number is not.
#: number_starts finds the same offsets without it (faster); it stays the definition the tests compare with
_NUMBER_START = compile(r"[^\w.](?=[0-9.]|" + WORDS_ALT + r")")
_NUMBER_HERE = compile(r"(?=[0-9.]|" + WORDS_ALT + r")")
_WORD_OR_DOT = compile(r"[\w.]")
_last_starts: tuple[str, list[int]] = ("", [])
#: the number words as WORDS_ALT spells them (each at least three letters, all ASCII)
_WORD_FORMS = [v for w in WORD_NUMBERS if w != "none" for v in (w, w.title())]
#: what each ASCII code point is (index 128 stands for every other): 1 a digit or a dot, 2 the first letter of a
#: number word, 4 a word character or a dot (\w as re reads it)
_CLASS = np.array(
    [
        (1 if c in "0123456789." else 0)
        | (2 if any(w[0] == c for w in _WORD_FORMS) else 0)
        | (4 if _WORD_OR_DOT.fullmatch(c) else 0)
        for c in map(chr, range(128))
    ]
    + [0],
    dtype=np.uint8,
)
#: the first three characters of each number word, 21 bits a character
_TRIGRAMS = np.array(sorted({(ord(w[0]) << 42) | (ord(w[1]) << 21) | ord(w[2]) for w in _WORD_FORMS}), dtype=np.uint64)


def number_starts(shadow_text: str) -> list[int]:
    """Every offset where a printed number may start, found in one pass over the text (sorted).

    A number starts at a digit or a dot, or at a number word (``two``, ``Twelve``), where the character
    before is neither a word character (``\\w``) nor a dot, or at the start of the text. Every pattern
    led by a number whose look-behind refuses at least a word character and a dot (``(?<![\\w.,/-])``) can
    match only at these offsets, so :func:`at_starts` tries it there instead of at every position of the
    text. The finders of one text share the last text's offsets (its shadow is the same object).

    The offsets are those of ``_NUMBER_START.finditer`` (one past each match) and 0 where ``_NUMBER_HERE`` matches
    there, found on the text's code points with numpy (tests/extraction/test_number_starts.py): a regular
    expression led by a character class enters ``re``'s matcher at every non-word character, 13 ms over the 25
    statcheck-dev texts against 3 ms this way. Each distinct non-ASCII character is classified by ``re`` itself.

    >>> s = "aged 12, two of 3.5 someone .5 x1 1.5"
    >>> [s[i:i + 3] for i in number_starts(s)]
    ['12,', 'two', '3.5', '.5 ', '1.5']
    """
    global _last_starts
    last, starts = _last_starts
    if last is shadow_text:
        return starts
    starts = _starts(shadow_text)
    _last_starts = (shadow_text, starts)
    return starts


def _starts(text: str) -> list[int]:
    n = len(text)
    if not n:
        return []
    code = code_points(text)
    kind = np.take(_CLASS, code, mode="clip")  # every code point above 127 reads as index 128
    before = kind[:-1] & 4  # the character before offset i + 1 is a word character or a dot (ASCII)
    other = np.flatnonzero(code[:-1] >= 128)
    if len(other):  # each distinct non-ASCII character asked of re once
        chars, which = np.unique(code[other], return_inverse=True)
        word = np.array([4 if _WORD_OR_DOT.match(chr(c)) else 0 for c in chars.tolist()], dtype=np.uint8)
        before[other] = word[which]
    at = np.flatnonzero((kind[1:] & 3) > before) + 1  # a digit, dot or first letter after no word character nor dot
    if kind[0] & 3:
        at = np.concatenate(([0], at))
    is_digit = (kind[at] & 1).astype(bool)
    first = at[~is_digit]
    first = first[first + 2 < n]
    digits = at[is_digit].tolist()
    if not len(first):
        return digits
    key = (code[first].astype(np.uint64) << 42) | (code[first + 1].astype(np.uint64) << 21) | code[first + 2]
    words = [p for p in first[np.isin(key, _TRIGRAMS)].tolist() if _NUMBER_HERE.match(text, p)]
    return sorted(digits + words) if words else digits


def at_starts(rx: re.Pattern, shadow_text: str, starts: list[int], lo: int = 0, hi: int | None = None):
    """The matches ``rx.finditer(shadow_text, lo, hi)`` gives, found by trying ``rx`` only at ``starts``.

    ``starts`` must hold every offset where ``rx`` can match (for a number-led pattern,
    :func:`number_starts`). ``finditer`` tries each position from the end of its last match on; so does
    this, at the offsets given, and ``rx.match`` sees the whole text (its look-behinds the real
    neighbours), so the matches are the same ones (tests/extraction/test_number_starts.py). It is faster than
    ``finditer``, which enters a look-behind-led pattern at every position (``benchmarks/README.md``,
    "Measurements behind design choices in the code"). ``rx`` must never match the empty string.
    """
    hi = len(shadow_text) if hi is None else hi
    done, match = lo, rx.match
    for k in range(bisect.bisect_left(starts, lo), len(starts)):
        p = starts[k]
        if p >= hi:
            break
        if p >= done:
            m = match(shadow_text, p, hi)
            if m is not None:
                done = m.end()
                yield m
