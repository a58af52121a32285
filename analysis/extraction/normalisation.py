"""Text normalised before matching: invisible format characters removed (with an offset map back to the
original), decimal commas read where the document's own prints make them unambiguous.

May import analysis.reported and the modules of this package only.

Two changes cannot be made one character for one in the shadow (:func:`analysis.extraction.tokens.shadow`):

- **Invisible characters** (Unicode category Cf: soft hyphen U+00AD, zero-width space U+200B, zero-width
  (non-)joiner, word joiner U+2060, bidi marks and isolates U+200E-U+200F, U+202A-U+202E, U+2066-U+2069,
  the byte-order mark U+FEFF, ...) are removed before any pattern runs, since one inside a number cuts
  it (``p = .03`` + U+200B + ``6`` would read .03). :func:`strip_invisible` returns the text without
  them and an :class:`OffsetMap` that takes every offset back to the original, so a fragment is still cut
  from the original text character for character, and the draft says which statistics held one.
- **Decimal commas** (``12,5 ± 3,2``; ``p = 0,035``) are read only in a document whose own prints show
  them (:func:`decimal_commas`): mean ± SD, P values and percentages written with a comma, more often than
  with a point. There a comma between digits is read as a decimal point, except where it is
  ambiguous (``1,500``: a thousands separator or three decimals): such a number is read as neither.
"""

from __future__ import annotations

import array
import bisect
import re

import numpy as np

from .tokens import anchor, around, code_points, compile, positions

__all__ = ["strip_invisible", "OffsetMap", "CF_RANGES", "decimal_commas", "DECIMAL_COMMA"]

#: every code point of Unicode category Cf (format characters), as (first, last) ranges (Unicode 14.0;
#: tests/extraction/test_normalisation.py checks them against the running Python's unicodedata)
CF_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_CF_BMP = compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in CF_RANGES if b < 0x10000) + "]")
_ASTRAL = compile("[\U00010000-\U0010ffff]")
#: per BMP code point: whether _CF_BMP matches it
_IS_CF_BMP = np.zeros(0x10000, dtype=bool)
for _a, _b in CF_RANGES:
    if _b < 0x10000:
        _IS_CF_BMP[_a : _b + 1] = True
_CF = compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in CF_RANGES) + "]{1,64}")


class OffsetMap:
    """Offsets in a text with characters removed, taken back to the original text.

    ``cuts[i]`` is the offset in the shortened text where the i-th removed run stood and ``shift[i]`` the
    number of characters removed up to and including it (arrays of machine integers: a text of 5 million
    characters, every other one invisible, costs tens of megabytes, not hundreds).

    >>> clean, m = strip_invisible("p = .03\u200b6 and 7")
    >>> clean, m.start(4), m.end(8), m.end(len(clean))
    ('p = .036 and 7', 4, 9, 15)
    """

    def __init__(self, original: str, cuts: array.array, shift: array.array):
        self.original, self.cuts, self.shift = original, cuts, shift

    def start(self, pos: int) -> int:
        """The original offset of the character at ``pos`` (a span's start)."""
        i = bisect.bisect_right(self.cuts, pos) - 1
        return pos + (self.shift[i] if i >= 0 else 0)

    def end(self, pos: int) -> int:
        """The original offset just after the character before ``pos`` (a span's exclusive end)."""
        return self.start(pos - 1) + 1 if pos > 0 else 0

    def invisible_in(self, start: int, end: int) -> list[str]:
        """The removed characters inside the original span [start, end), as ``U+XXXX`` names."""
        names = (f"U+{ord(c):04X}" for m in _CF.finditer(self.original, start, end) for c in m.group())
        return list(dict.fromkeys(names))


def strip_invisible(text: str) -> tuple[str, OffsetMap | None]:
    """The text without format characters (category Cf), and the map back (None when there were none).

    >>> strip_invisible("no marks")
    ('no marks', None)
    >>> clean, m = strip_invisible("\u200fP\u00ad = .0\u200d3")
    >>> clean, m.invisible_in(0, 9)
    ('P = .03', ['U+200F', 'U+00AD', 'U+200D'])
    """
    if text.isascii():
        return text, None
    code = code_points(text)
    if code.dtype == np.uint16:  # no astral character: a gather on the code points, faster than re's scan
        if not _IS_CF_BMP[code].any():
            return text, None
    elif _CF_BMP.search(text) is None and (_ASTRAL.search(text) is None or _CF.search(text) is None):
        return text, None  # the usual case, tested fast: a class of 16-bit ranges scans faster than one with astral
    parts: list[str] = []
    cuts, shift = array.array("q"), array.array("q")
    last = total = 0
    for m in _CF.finditer(text):
        parts.append(text[last : m.start()])
        cuts.append(m.start() - total)
        total += m.end() - m.start()
        shift.append(total)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), OffsetMap(text, cuts, shift)


# --- decimal commas ---------------------------------------------------------------------------------

_NUMC = r"\d{1,4},\d{1,3}"
_NUMP = r"\d{1,4}\.\d{1,3}"
# prints that can only be decimals: a mean ± SD, a P value, a percentage with decimals, '0,xx'
_COMMA_EVIDENCE = compile(
    r"(?<![\d,.])(?:" + _NUMC + r"\s{0,2}(?:±|\+/-)\s{0,2}" + _NUMC + r"|[pP]\s{0,2}[<=>≤]\s{0,2}0,\d{1,4}"
    r"|" + _NUMC + r"\s{0,2}%|0,\d{1,4})(?![\d,])"
)
_POINT_EVIDENCE = compile(
    r"(?<![\d,.])(?:" + _NUMP + r"\s{0,2}(?:±|\+/-)\s{0,2}" + _NUMP + r"|[pP]\s{0,2}[<=>≤]\s{0,2}0?\.\d{1,4}"
    r"|" + _NUMP + r"\s{0,2}%|0\.\d{1,4})(?![\d.])"
)
_LEADING_ZERO = compile(r"(?<![\d,.])0,\d{1,4}(?![\d]|[.,]\d)")
#: a comma between digits in a decimal-comma document; group 'int' the digits before it, 'dec' after
DECIMAL_COMMA = compile(r"(?<![\d,.])(?P<int>\d{1,7}),(?P<dec>\d{1,12})(?![\d]|[.,]\d)")
_COMMA_DIGIT = compile(r",(?=\d)")
_TEST_DF = compile(r"[tFrχ2]\s{0,1}[(\[]\s{0,2}$")


def decimal_commas(shadow_text: str) -> bool:
    """Whether the document prints decimals with a comma: at least two prints that can only be decimals
    (``12,5 ± 3,2``, ``p = 0,03``, ``36,4%``, ``0,035``) and more of them than the same prints with a point.

    >>> decimal_commas("age 34,2 ± 5,1 years; p = 0,03; 1,500 patients")
    True
    >>> decimal_commas("1,500 patients; refs 3,4; p = .03; 12.5 ± 3.2")
    False
    """
    anchors = positions(_COMMA_DIGIT, shadow_text)  # a literal-led scan: fast where few commas stand before digits
    if len(anchors) < 2:
        return False
    commas = sum(1 for _ in around(_COMMA_EVIDENCE, shadow_text, anchors, 24, 24))
    return commas >= 2 and commas > sum(1 for _ in _POINT_EVIDENCE.finditer(shadow_text))


def some_decimal_commas(shadow_text: str) -> bool:
    """Whether a document that prints its decimals with points also prints at least two with a comma a thousands
    separator cannot explain, a leading zero ('0.323 to 0,706', 'P = 0,051', PMC3580671): its '0,706' is 0.706
    and its '2,752' may be either (:func:`read_decimal_commas` with ``leading_zero_only``).

    >>> some_decimal_commas("OR 0.478 (0.323 to 0,706); P = 0,051; 1,000 cells"), some_decimal_commas("0,5 and 1,000")
    (True, False)
    """
    anchors = positions(_COMMA_DIGIT, shadow_text)
    if len(anchors) < 2:
        return False
    return sum(1 for _ in around(_LEADING_ZERO, shadow_text, anchors, 2, 8)) >= 2


def read_decimal_commas(text: str, leading_zero_only: bool = False) -> tuple[str, list[int]]:
    """The text with every unambiguous decimal comma a point, and every ambiguous one (a comma before
    exactly three digits after a whole part other than 0: ``1,500``) a ``#``, so that no pattern reads it
    as a number either way; a comma between the df of a test (``F(2,58)``) stays. Returns the text (same
    length) and the offsets of the commas read as points.

    With ``leading_zero_only`` (a document printing points, with some decimal commas: :func:`some_decimal_commas`),
    only a comma after a whole part of 0 is a point and an ambiguous one a ``#``; '12,5' stays as printed.

    >>> read_decimal_commas("12,5 ± 3,2; p = 0,035; 1,500; F(2,58)")
    ('12.5 ± 3.2; p = 0.035; 1#500; F(2,58)', [2, 8, 17])
    >>> read_decimal_commas("12,5; 0,706; F = 2,752", leading_zero_only=True)
    ('12,5; 0.706; F = 2#752', [7])
    """
    points: list[int] = []

    def swap(m: re.Match) -> str:
        if _TEST_DF.search(text, max(0, m.start() - 4), m.start()):
            return m.group()
        ambiguous = len(m.group("dec")) == 3 and m.group("int").lstrip("0") != ""
        if leading_zero_only and not ambiguous and m.group("int") != "0":
            return m.group()
        if not ambiguous:
            points.append(m.end("int"))
        return m.group("int") + ("#" if ambiguous else ".") + m.group("dec")

    return DECIMAL_COMMA.sub(swap, text), points


# --- thousands separated by a space -----------------------------------------------------------------

#: narrow and non-breaking spaces a typesetter puts between digit groups ('11 850' with U+2005, U+2009, U+202F)
_NARROW = "\u00a0\u2005\u2006\u2008\u2009\u202f"
#: a whole part of groups: a lead of 1-3 digits, then one to three groups of exactly three digits, each after one
#: narrow space; not after a digit group or a decimal part and not before another digit
_NARROW_GROUPS = compile(
    r"(?<![\d.,])(?<!\d[" + _NARROW + r"])\d{1,3}(?:[" + _NARROW + r"]\d{3}){1,3}(?!\d|[" + _NARROW + r"]\d)"
)
#: the same with plain spaces, only where the print leaves no other reading: a whole table cell ('| 11 850 |') or
#: a CI's upper bound closing its bracket ('to 11 850)', '-3986, 11 850]')
_PLAIN_GROUPS = compile(r"(?:(?<=\| )|(?<=to )|(?<=, ))\d{1,3}(?: \d{3}){1,3}(?=\)|\]| \|| ?$)", re.MULTILINE)
#: where a group may start: each narrow space before three digits (one literal-led pattern per space, which re skips
#: to fast), and a plain space before them (led by the space; :func:`_plain_at` keeps those after a digit)
_NARROW_AT = anchor(*(c + r"(?=\d{3})" for c in _NARROW))
_PLAIN_AT = compile(r" (?=\d{3}(?:\)|\]| \|| ?$| \d{3}))", re.MULTILINE)


def _plain_at(clean: str) -> list[int]:
    """The offsets ``(?<=[0-9]) (?=...)`` finds (an ASCII digit before the space, as :func:`compile` reads ``\\d``),
    without entering a lookbehind at every character."""
    return [i for i in positions(_PLAIN_AT, clean) if i and "0" <= clean[i - 1] <= "9"]


def thousands_spaces(clean: str, shadow_text: str) -> tuple[str, str]:
    """The text and its shadow with every space between the digit groups of one number a comma, so that '11 850'
    (a narrow space, as typesetters print thousands, PMC4431324's CI '-3986 to 11 850') is read, and recorded, as
    11,850, not 11 (the fragment is still cut from the text as printed).

    Only the unambiguous form: a lead of 1-3 digits, then groups of exactly three digits. A narrow or non-breaking
    space is read so anywhere; a plain space only in a whole table cell or a CI's upper bound before its bracket,
    so that two numbers side by side in a sentence ('12 345') stay two.

    >>> s = "CI -3986 to 11\u2005850), 12 345 and 1\u2009234\u20095678"
    >>> thousands_spaces(s, s.replace("\u2005", " ").replace("\u2009", " "))[1]
    'CI -3986 to 11,850), 12 345 and 1 234 5678'
    >>> thousands_spaces("| 11 850 | 2 100 |", "| 11 850 | 2 100 |")
    ('| 11,850 | 2,100 |', '| 11,850 | 2,100 |')
    """
    anchors = positions(_NARROW_AT, clean) + _plain_at(clean)
    if not anchors:
        return clean, shadow_text
    hits = [m for rx in (_NARROW_GROUPS, _PLAIN_GROUPS) for m in around(rx, clean, sorted(anchors), 4, 16)]
    if not hits:
        return clean, shadow_text
    text, chars = list(clean), list(shadow_text)
    for m in hits:
        for i in range(m.start(), m.end()):
            if not clean[i].isdigit():
                text[i] = chars[i] = ","
    return "".join(text), "".join(chars)
