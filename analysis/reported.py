"""Printed numbers: value, decimals, and the interval they stand for under rounding.

May import analysis.results only; every stage above may import it.

A reported number is the string a source printed. ``"1.6"`` stands for every
value that rounds to it, ``[1.55, 1.65]``; ``"2"`` for ``[1.5, 2.5]``;
``"<.001"`` for ``(0, .001]``. Checks compare through these intervals, never by
rounding floats (R's ``round(0.715, 2)`` is 0.72, Python's is 0.71).

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. Social Psychological
and Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Collection, Mapping, SupportsInt, cast

from .results import _LEVEL_MIN, InputError, ResultMixin, check_confidence_level

__all__ = [
    "Reported",
    "truncation_of",
    "parse_reported",
    "NUMBER_WORDS",
    "MAX_PRINTED_LENGTH",
    "ROUNDING_REFUSAL",
    "printed",
    "number",
    "whole",
    "find_number",
    "PRINTED_IN_FRAGMENT",
    "printed_in",
    "printed_confidence_level",
    "NUMERIC_FIELDS",
    "WHOLE_FIELDS",
    "MAX_COUNT",
    "NumberRefused",
    "parse_number",
    "read_number",
    "read_numbers",
    "unprinted",
]

#: Counts printed in words ("two of the three").
NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}

_COMPARATORS = {"<": "<", ">": ">", "≤": "<=", "<=": "<=", "≥": ">=", ">=": ">=", "=": "="}
#: Longest string :func:`parse_reported` reads; longer input is refused before any regex runs.
MAX_PRINTED_LENGTH = 100
# Linear by construction: the text is stripped first, and each ``\s*`` follows a token that
# must match before it, so no two whitespace runs are adjacent and no run is tried twice.
_PATTERN = re.compile(
    r"""(?:(?P<p>[Pp])\s*)?                   # an optional "P" label
    (?:(?P<cmp><=|>=|≤|≥|<|>|=)\s*)?          # an optional comparator
    (?:(?P<sign>[-+\u2212\u2013\u2010\u2011\ufe63\uff0d])\s*)?   # minus: U+2212, en dash, hyphens, small/fullwidth
    (?P<num>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:[.\u00b7][0-9]*)?|[.\u00b7][0-9]+)   # 30.6, .06, 1,877, 5·19 (middle dot)
    (?P<exp>[eE][-+\u2212]?[0-9]{1,3})?        # 1.2e-5 (a p printed in scientific notation)
    (?:\s*(?P<pct>%))?""",
    re.VERBOSE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Reported(ResultMixin):
    """A number as printed.

    Attributes
    ----------
    text : str
        The string as printed.
    value : float
        Its face value (for ``"<.001"``, 0.001).
    decimals : int
        Digits printed after the decimal point.
    low, high : float
        The interval the printed number stands for: the rounding interval
        ``value ± half a unit of the last digit`` for ``=``; for a bound such as
        ``"<.001"`` or ``"≤10"`` the one-sided range it allows.
    comparator : str
        ``"="``, ``"<"``, ``"<="``, ``">"`` or ``">="``.
    percent : bool
        True when printed with ``%`` (value, low and high are then in percent).
    is_p : bool
        True when printed with a ``P`` label (the interval is then clipped to [0, 1]).
    """

    text: str
    value: float
    decimals: int
    low: float
    high: float
    comparator: str = "="
    percent: bool = False
    is_p: bool = False

    @property
    def unit(self) -> float:
        """One unit of the last printed digit (``0.1`` for ``"30.6"``)."""
        return 10.0 ** (-self.decimals)

    @property
    def exact(self) -> bool:
        """True for ``=`` (a rounded value), False for a printed bound."""
        return self.comparator == "="

    def contains(self, x: float, *, tol: float = 1e-12) -> bool:
        """Whether ``x`` would be printed as this number (both ends included).

        >>> parse_reported("1.6").contains(1.55)
        True
        """
        return self.low - tol <= x <= self.high + tol


def _match(text: str):
    """The pattern's match on the stripped text, or None (linear in ``len(text)``)."""
    return _PATTERN.fullmatch(text.strip())


def parse_reported(text: str) -> Reported:
    """Parse a printed number into value, decimals and rounding interval.

    Parameters
    ----------
    text : str
        As printed: ``"30.6"``, ``"-10.4"`` (also with U+2212 minus), ``".06"``, ``"5·19"``
        (middle dot as decimal point), ``"1.2e-5"``,
        ``"P = .06"``, ``"P<0.001"``, ``"26.7%"``, ``"≤10"``, ``"1,877"``.

    Returns
    -------
    Reported

    Raises
    ------
    ValueError
        For anything that is not a printed number (the message quotes the string), and for
        a string longer than :data:`MAX_PRINTED_LENGTH` (100) characters, refused before any
        pattern runs (every pattern here is linear in the length anyway).
    TypeError
        For a non-string (a float has lost the printed precision).

    Notes
    -----
    For ``=`` the interval is ``[v - u/2, v + u/2]`` with ``u = 10**-decimals``
    (both ends included: a value exactly on the edge may have been rounded
    either way). For ``<x`` and ``≤x`` the interval is ``[0, x]`` when ``x > 0``
    (printed bounds are on non-negative quantities: p-values, counts, scores)
    and ``(-inf, x]`` otherwise; for ``>x`` and ``≥x`` it is ``[x, inf)``, or
    ``[x, 1]`` with a ``P`` label.

    Examples
    --------
    >>> r = parse_reported("30.6")
    >>> r.value, r.decimals, round(r.low, 10), round(r.high, 10)
    (30.6, 1, 30.55, 30.65)
    >>> parse_reported("P<0.001").high, parse_reported("P<0.001").low
    (0.001, 0.0)
    >>> parse_reported("\u22121.98").value
    -1.98
    >>> parse_reported("26.7%").percent
    True
    >>> parse_reported("5\u00b719").value, parse_reported("p = 1.2e-5").decimals
    (5.19, 6)
    """
    if not isinstance(text, str):
        raise TypeError(f"reported number must be a string as printed, got {type(text).__name__} {text!r}")
    return _parse(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _parse(text: str) -> Reported:
    """parse_reported on a str, cached: a corpus prints the same few strings (".05", "95", "30")
    many times, and a Reported is immutable (errors are raised again, never cached)."""
    if len(text) > MAX_PRINTED_LENGTH:
        raise InputError(f"not a printed number: {text[:20]!r}... is longer than {MAX_PRINTED_LENGTH} characters")
    m = _match(text)
    if not m:
        raise InputError(f"not a printed number: {text!r}")
    num = m.group("num").replace(",", "").replace("\u00b7", ".")
    if num.endswith("."):
        num = num[:-1]
    exp = (m.group("exp") or "").replace("\u2212", "-")
    negative = m.group("sign") not in (None, "+")
    try:
        d = Decimal(num + exp)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise InputError(f"not a printed number: {text!r}") from None
    if negative:
        d = -d
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite number: the regex admits only digits
    decimals = max(0, -exponent) if "." in num or exp else 0
    cmp = _COMPARATORS[m.group("cmp")] if m.group("cmp") else "="
    is_p = m.group("p") is not None
    value = float(d)
    if not math.isfinite(value):  # 1e309 is no printed statistic (and would overflow every check)
        raise InputError(f"not a printed number: {text!r}")
    if cmp == "=":
        half = Decimal(5) * Decimal(10) ** (-(decimals + 1))
        low, high = float(d - half), float(d + half)
    elif cmp in ("<", "<="):
        low, high = (0.0 if value > 0 else float("-inf")), value
    else:
        low, high = value, (1.0 if is_p else float("inf"))
    if is_p:
        low, high = max(low, 0.0), min(high, 1.0)
        if not 0.0 <= value <= 1.0:
            raise InputError(f"p-value outside [0, 1]: {text!r}")
    return Reported(
        text=text,
        value=value,
        decimals=decimals,
        low=low,
        high=high,
        comparator=cmp,
        percent=m.group("pct") is not None,
        is_p=is_p,
    )


# ---------------------------------------------------------------------------- the input rule
#: The one message for a float where the answer depends on rounding (README, "Input rule").
ROUNDING_REFUSAL = (
    "must be a string as printed (e.g. '5.10', not 5.1): the answer depends on how it "
    "was rounded, and a float has lost its trailing zeros"
)


def printed(x: Any, name: str) -> Reported:
    """An argument whose rounding matters: a printed string, a :class:`Reported`, or an int
    (a printed integer). A float is refused with :data:`ROUNDING_REFUSAL`.

    >>> printed("5.10", "mean").decimals, printed(28, "n").value
    (2, 28.0)
    """
    if isinstance(x, Reported):
        return x
    if isinstance(x, str):
        try:
            return parse_reported(x)
        except ValueError:
            raise InputError(f"{name} ({x[:20]!r}) is not a printed number") from None
    if isinstance(x, numbers.Integral) and not isinstance(x, bool):
        return parse_reported(str(int(x)))
    raise TypeError(f"{name} ({x!r}) {ROUNDING_REFUSAL}")


def number(x: Any, name: str) -> float:
    """An argument whose face value is all that matters: a number or a printed string; finite.

    >>> number("20.3", "mean1"), number(20.3, "mean1")
    (20.3, 20.3)
    """
    if isinstance(x, Reported):
        v = x.value
    elif isinstance(x, str):
        try:
            v = parse_reported(x).value
        except ValueError:
            raise InputError(f"{name} ({x[:20]!r}) is not a printed number") from None
    elif isinstance(x, numbers.Real) and not isinstance(x, bool):
        v = float(x)
    else:
        raise TypeError(f"{name} ({x!r}) must be a number or a printed number (str)")
    if not math.isfinite(v):
        raise InputError(f"{name} ({x!r}) must be finite")
    return v


def whole(x: Any, name: str, minimum: int = 0) -> int:
    """A count: an int, an integral float, or a printed integer string (``"16"``); >= minimum.

    >>> whole("16", "df"), whole(16.0, "df")
    (16, 16)
    """
    bad = InputError(f"{name} ({x!r}) must be an integer >= {minimum}")
    if isinstance(x, bool):
        raise bad
    if isinstance(x, numbers.Integral):
        v = int(x)
    elif isinstance(x, numbers.Real) and math.isfinite(float(x)) and float(x).is_integer():
        v = int(cast(SupportsInt, x))
    elif isinstance(x, str):
        try:
            rep = parse_reported(x)
        except ValueError:
            raise bad from None
        if rep.decimals or not rep.exact or rep.percent or rep.is_p:
            raise bad
        v = int(rep.value)
    else:
        raise bad
    if v < minimum:
        raise bad
    return v


#: per kind, the numeric fields its fragment must print (others may come from elsewhere and say so
#: in ``note``: an ``n`` implied by the study, scale bounds of a well-known scale, the 95 of a "CI"
#: printed without its level, the ``>.05`` of a test statistic printed "ns")
PRINTED_IN_FRAGMENT = {
    "sample_size": ("n",),
    "mean_sd": ("mean", "sd"),
    "proportion": ("percent", "k"),
    "count": ("k",),
    "estimate_ci_p": ("estimate", "lower", "upper", "p"),
    "p_value": ("p", "lower", "upper"),
    "test_statistic": ("statistic",),
    "total": ("total",),
    "comparison": ("estimate", "lower", "upper", "p", "margin"),
    "quantity": ("value", "low", "high"),
    "family": ("size",),
    "citation": ("ref",),
}
_DIGITS = re.compile(r"(?:\d[\d,]*(?:[.\u00b7]\d*)?|[.\u00b7]\d+)(?:[eE][-+\u2212]?\d{1,3})?", re.ASCII)
_MINUS = "-\u2212\u2013\u2010\u2011\ufe63\uff0d"
# format characters (Unicode category Cf: soft hyphen, zero-width space/joiner, bidi marks, BOM), which the
# extractor reads through (analysis.extraction.normalisation lists them all); the common ones suffice here
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_DECIMAL_POINT = re.compile(r"^([^.]*?)(\d*)\.(\d+)(.*)$")


@functools.lru_cache(maxsize=4096)
def _number_rx(digits: str) -> re.Pattern:
    """A printed number as a whole number (compiled once per distinct number: a draft checks thousands)."""
    return re.compile(rf"(?<![\d.,\u00b7]){re.escape(digits)}(?![\d]|[.,\u00b7]\d)")


def _number_at(digits: str, fragment: str):
    """The starts of ``_number_rx(digits).finditer(fragment)``, found with ``str.find``: a pattern compiled per
    distinct number cost about a fifth of a first scan of new texts (benchmarks/README.md, session 8). The same
    positions (tests/test_reported.py): no decimal digit (``\\d``, ``str.isdecimal``), '.', ',' or middle dot
    before; no decimal digit after, nor one of '.,·' followed by one; the search goes on after a match's end, or one
    character on where the literal stands but the look-arounds refuse it, as ``finditer`` does."""
    n, size, marks = len(fragment), len(digits), ".,\u00b7"
    i = fragment.find(digits)
    while i >= 0:
        j = i + size
        before = i > 0 and (fragment[i - 1].isdecimal() or fragment[i - 1] in marks)
        after = j < n and (
            fragment[j].isdecimal() or (fragment[j] in marks and j + 1 < n and fragment[j + 1].isdecimal())
        )
        if not before and not after:
            yield i
            i = fragment.find(digits, j)
        else:
            i = fragment.find(digits, i + 1)


@functools.lru_cache(maxsize=256)
def _word_rx(word: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", re.IGNORECASE)


def printed_in(value: str, fragment: str) -> bool:
    """Whether the printed number ``value`` occurs in ``fragment`` as a whole number, with its sign.

    >>> printed_in("28", "drug (28 patients)"), printed_in("2", "drug (28 patients)")
    (True, False)
    >>> printed_in("-5.2", "\u22125.2 (95% CI"), printed_in("5.2", "15.2"), printed_in("two", "Two of")
    (True, False, True)
    >>> printed_in("5\u00b719", "5\u00b718 and 5\u00b719"), printed_in("1.2e-5", "P = 1.2e-6")
    (True, False)
    >>> printed_in("11,850", "-3986 to 11\u2005850)"), printed_in("11,850", "-3986 to 11 850)"), printed_in("1,850", "11 850")
    (True, True, False)
    """
    if isinstance(value, str) and isinstance(fragment, str) and len(fragment) <= 1000:  # a fragment: kept cached
        return _printed_in(value, fragment)
    return _printed_in.__wrapped__(value, fragment)


@functools.lru_cache(maxsize=8192)
def _printed_in(value: str, fragment: str) -> bool:
    """:func:`printed_in`, cached: the draft and then the scan's validation ask it of the same entries."""
    text = value.strip()
    if _INVISIBLE.search(fragment):  # '.03<U+200B>6' prints .036 (the extractor reads it so, and says so)
        fragment = _INVISIBLE.sub("", fragment)
    if text.lower() in NUMBER_WORDS:
        return _word_rx(text).search(fragment) is not None
    m = _DIGITS.search(text)
    if m is None:  # pragma: no cover - parsed numbers hold digits
        return False
    negative = any(c in _MINUS for c in text[: m.start()])
    for start in _number_at(m.group(), fragment):
        j = start - 1
        if negative and j > 0 and fragment[j] == " ":
            j -= 1
        # a minus sign, not a dash between two numbers ("20-30", "0.1\u20131.0")
        signed = j >= 0 and fragment[j] in _MINUS and (j == 0 or not fragment[j - 1].isdigit())
        if signed == negative:
            return True
    dm = _DECIMAL_POINT.match(text)
    if dm and "," in fragment and (len(dm.group(3)) != 3 or dm.group(2).lstrip("0") == "") and "," not in text:
        # a decimal comma ('12,5' recorded as 12.5): unambiguous unless it could be a thousands separator
        return printed_in(f"{dm.group(1)}{dm.group(2)},{dm.group(3)}{dm.group(4)}", fragment)
    if "," in text and _SPACED_GROUP.search(fragment):
        # thousands after a space ('11\u2005850' recorded as 11,850: analysis.extraction.normalisation)
        return printed_in(text, _SPACED_GROUP.sub(",", fragment))
    return False


#: a space (narrow, non-breaking or plain) between a digit and a group of exactly three digits
_SPACED_GROUP = re.compile(r"(?<=\d)[\u00a0\u2005\u2006\u2008\u2009\u202f ](?=\d{3}(?!\d))")


def printed_confidence_level(level: Any) -> float:
    """A confidence level as a source prints it (the ledger's ``confidence_level``) -> the fraction the
    API takes (:func:`analysis.results.check_confidence_level`).

    ``"95"``, ``"95%"``, ``"0.95"`` and ``"95.0"`` all mean 95 %: a number in (0, 1) is a fraction, a
    number in (1, 100) a percentage (so is any number printed with ``%``). Anything else (0, 1 without
    ``%``, 100 or more, a negative number, NaN, text, a bool) is a ValueError naming the value. Papers
    print "95% CI"; the API refuses 95, so the reading of a printed level lives here, once.

    >>> printed_confidence_level("95"), printed_confidence_level("99.9%"), printed_confidence_level("0.9")
    (0.95, 0.999, 0.9)
    """
    bad = ValueError(
        f"confidence_level ({level!r}) must be a number in (0, 100): a fraction such as 0.95 or a percentage such as 95"
    )
    percent = False
    if isinstance(level, bool):
        raise bad
    if isinstance(level, str):
        text = level.strip()
        percent = text.endswith("%")
        text = text[:-1].strip() if percent else text
        if not text or len(text) > 20 or not all(c.isascii() and (c.isdigit() or c == ".") for c in text):
            raise bad
        value: Any = text
    else:
        value = level
    try:
        cl = float(value)
    except (TypeError, ValueError):
        raise bad from None
    if not (0.0 < cl < 100.0) or (cl == 1.0 and not percent):  # also refuses NaN; 1 is 1 % or 100 %?
        raise bad
    if percent or cl >= 1.0:
        cl = float(Decimal(repr(cl)) / 100)  # 99.9 -> 0.999 exactly as printed, not 0.9990000000000001
    try:
        return check_confidence_level(cl)
    except ValueError:  # too close to 0 or 100 % for the quantiles
        raise InputError(
            f"confidence_level ({level!r}) is too close to 0 or 100 % to compute with: it must "
            f"lie between {_LEVEL_MIN * 100:g} % and {100 - _LEVEL_MIN * 100:.9g} %"
        ) from None


def find_number(s: str, printed: str, start: int = 0, end: int | None = None) -> int:
    """Where ``printed`` first stands in ``s[start:end]`` as a whole number (no digit, '.' or ',' before it, no digit
    after), as an index of ``s``, or -1: ``re.search(r"(?<![\\d.,])" + re.escape(printed) + r"(?![\\d])", s)``
    without compiling a pattern per number (\\d is any Unicode decimal digit, as str.isdecimal reads it).

    >>> find_number("OR 1.5 (1.25-1.5)", "1.5"), find_number("11.5 and 1.50", "1.5"), find_number("x\u06611.5", "1.5")
    (3, -1, -1)
    >>> find_number("1.23% and 23%", "23"), find_number("to 11\u2009850)", "11,850")
    (10, 3)
    """
    stop = len(s) if end is None else end
    i = s.find(printed, start, stop)
    while i >= 0:
        j = i + len(printed)
        if (i == 0 or not (s[i - 1].isdecimal() or s[i - 1] in ".,")) and (j >= len(s) or not s[j].isdecimal()):
            return i
        i = s.find(printed, i + 1, stop)
    if "," in printed and _SPACED_GROUP.search(s, start, stop):  # '11\u2005850' recorded as 11,850: same offsets
        return find_number(_SPACED_GROUP.sub(",", s), printed, start, end)
    return -1


# ---------------------------------------------------------------------------- the ledger's number rules
#: the fields of a ledger entry that hold printed numbers (``data/README.md``), in the order they are read
NUMERIC_FIELDS = (
    "n",
    "k",
    "mean",
    "sd",
    "percent",
    "estimate",
    "lower",
    "upper",
    "p",
    "total",
    "value",
    "low",
    "high",
    "statistic",
    "scale_low",
    "scale_high",
    "items",
    "confidence_level",
    "margin",
    "size",
    "ref",
)
#: the fields that hold whole numbers: printed without decimals, bound, ``%`` or exponent
WHOLE_FIELDS = ("n", "k", "total", "items", "size")
#: counts (``n``, ``k``, ``total``) must be below this (data/README.md "Limits")
MAX_COUNT = 10_000_000
_EXPONENT = re.compile(r"[0-9.][eE][+-]?[0-9]")


class NumberRefused(InputError):
    """A printed number a ledger entry cannot hold (:func:`read_numbers`).

    ``field`` and ``value`` name it; ``problem`` says why in the loader's words (the end of its
    ``LedgerError``), ``short`` in one clause that names field and value (a draft's ``text_only`` entry).
    """

    def __init__(self, field: str, value: Any, problem: str, short: str):
        self.field, self.value, self.problem, self.short = field, value, problem, short
        super().__init__(f"{field} = {value!r}: {problem}")


def parse_number(value: Any) -> Reported:
    """:func:`parse_reported`, with a count printed in words (:data:`NUMBER_WORDS`).

    >>> parse_number(" Twelve").value, parse_number("1,877").value
    (12.0, 1877.0)
    """
    if isinstance(value, str):
        return _parse_printed(value)
    return parse_reported(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_printed(value: str) -> Reported:
    """:func:`parse_number` of a string, cached: the loader, then each check of the audit, parse an entry's
    numbers again and again (a Reported is immutable; a refusal is raised again, never cached)."""
    if value.strip().lower() in NUMBER_WORDS:
        return parse_reported(str(NUMBER_WORDS[value.strip().lower()]))
    return parse_reported(value)


def read_number(field: str, value: Any) -> Reported:
    """The printed number ``value`` of field ``field``, parsed; :class:`NumberRefused` for what no source prints.

    >>> read_number("n", "<5")
    Traceback (most recent call last):
    ...
    analysis.reported.NumberRefused: n = '<5': must be a whole number
    """
    if type(value) is str and type(field) is str:  # a printed number: its reading is a function of both, cached
        return _read_printed(field, value)
    if not isinstance(value, str):
        raise NumberRefused(
            field, value, "printed numbers must be quoted strings, as printed", f"{field} {value!r} is not a string"
        )
    return _read_printed.__wrapped__(field, value)


@functools.lru_cache(maxsize=1 << 16)
def _read_printed(field: str, value: str) -> Reported:
    """:func:`read_number` of a string, cached: the draft, then the scan's validation, read each entry's numbers, and a
    corpus prints the same few strings many times (a Reported is immutable; a refusal is raised again, never cached)."""
    if len(value) > MAX_PRINTED_LENGTH:
        raise NumberRefused(
            field,
            value,
            f"longer than {MAX_PRINTED_LENGTH} characters: not a printed number",
            f"{field} is longer than {MAX_PRINTED_LENGTH} characters",
        )
    odd = None if value.isascii() else next((c for c in value if c.isdigit() and not c.isascii()), None)
    if odd is not None:
        raise NumberRefused(
            field,
            value,
            f"digits must be ASCII 0-9 (found {odd!r}, U+{ord(odd):04X})",
            f"{field} {value} has a digit that is not ASCII 0-9",
        )
    try:
        r = parse_number(value)
    except ValueError as exc:
        raise NumberRefused(field, value, "not a printed number", str(exc)) from None
    if r.is_p and field != "p":
        raise NumberRefused(field, value, "a 'P' label belongs only in a p field", f"{field} {value} has a P label")
    if field in WHOLE_FIELDS:
        # "1e6" and "5%" parse to whole numbers, but no source prints a count so
        if r.decimals or not r.exact or r.percent or _EXPONENT.search(value):
            raise NumberRefused(field, value, "must be a whole number", f"{field} {value} is not a whole number")
        if field in ("n", "k", "total") and r.value >= MAX_COUNT:
            raise NumberRefused(
                field,
                value,
                f"counts (n, k, total) must be below {MAX_COUNT:,}",
                f"{field} {value} is not below {MAX_COUNT:,}",
            )
    return r


def _within(r: Reported, low: float, high: float) -> bool:
    """A printed number, comparator included, that can lie in [low, high] ('>100' and 'P >1' cannot)."""
    if not low <= r.value <= high:
        return False
    return not ((r.comparator in (">", ">=") and r.value >= high) or (r.comparator in ("<", "<=") and r.value <= low))


def read_numbers(kind: str, fields: Mapping[str, Any]) -> dict[str, Reported]:
    """Every printed number of a ledger entry of ``kind``, parsed and held to the ledger's rules.

    The one statement of the rules on numbers: the loader (``analysis.ledger``) turns a
    :class:`NumberRefused` into its LedgerError, the extractor's draft into a ``text_only`` entry.
    Per field (:func:`read_number`): a quoted string of ASCII digits that parses, a ``P`` label only on
    ``p``, whole counts below :data:`MAX_COUNT`. Across fields: n >= 1, SD >= 0, a percentage in 0-100, p in
    [0, 1], a range that runs upwards, k >= 0, a confidence level in (0, 100), scale bounds that run
    upwards, items >= 1. A CI whose lower bound exceeds its upper and a count above its n are printed
    impossibilities that the audit reports (``ci_order``, ``count_le_n``): they are not refused here.

    >>> sorted(read_numbers("mean_sd", {"mean": "30.6", "sd": "6.1", "n": "twelve", "arm": "ketamine"}))
    ['mean', 'n', 'sd']
    >>> read_numbers("proportion", {"percent": "112"})
    Traceback (most recent call last):
    ...
    analysis.reported.NumberRefused: percent = '112': a percentage must lie in 0-100
    """
    parsed = {}
    # the fields the entry holds, in NUMERIC_FIELDS' order (a test of membership each, not a get of every field)
    for f in [f for f in NUMERIC_FIELDS if f in fields] if type(fields) is dict else NUMERIC_FIELDS:
        v = fields.get(f)
        if v is None or v == "" or (kind == "comparison" and f == "total"):  # a comparison's total is the word "total"
            continue
        parsed[f] = read_number(f, v)

    def refuse(f: str, problem: str, short: str):
        raise NumberRefused(f, fields[f], problem, short)

    if "n" in parsed and parsed["n"].value < 1:
        refuse("n", "n must be >= 1", f"n {fields['n']} is below 1")
    if "sd" in parsed and parsed["sd"].value < 0:
        refuse("sd", "SD must be >= 0", f"SD {fields['sd']} below 0")
    if "percent" in parsed and not _within(parsed["percent"], 0, 100):
        refuse("percent", "a percentage must lie in 0-100", f"percentage {fields['percent']} outside 0-100")
    if "p" in parsed and not _within(parsed["p"], 0, 1):
        refuse("p", "a p-value must lie in [0, 1]", f"p {fields['p']} outside 0-1")
    if "low" in parsed and "high" in parsed and parsed["low"].value > parsed["high"].value:
        refuse(
            "low",
            f"range low exceeds its high {fields['high']!r}",
            f"range {fields['low']} to {fields['high']} runs downwards",
        )
    if "k" in parsed and parsed["k"].value < 0:
        refuse("k", "a count must be >= 0", f"count {fields['k']} below 0")
    if "confidence_level" in parsed:
        try:  # a printed level: "95" and "0.95" both mean 95 %; outside (0, 100) is an error
            printed_confidence_level(fields["confidence_level"])
        except ValueError as exc:
            near = "too close to" in str(exc)  # a level the quantiles cannot use (a ZeroDivisionError before)
            refuse(
                "confidence_level",
                str(exc).split("): ", 1)[-1]
                if near
                else "a confidence level is a number in (0, 100): a fraction such as 0.95 or a percentage such as 95",
                f"confidence level {fields['confidence_level']} is not a number in (0, 100)",
            )
    if "scale_low" in parsed and "scale_high" in parsed and parsed["scale_low"].value >= parsed["scale_high"].value:
        refuse(
            "scale_low",
            f"scale lower bound must be below its upper bound {fields['scale_high']!r}",
            f"scale {fields['scale_low']} to {fields['scale_high']} does not run upwards",
        )
    if "items" in parsed and parsed["items"].value < 1:
        refuse("items", "items must be >= 1", f"items {fields['items']} is below 1")
    return parsed


def unprinted(kind: str, fields: Mapping[str, Any], fragment: str, implied: Collection[str] = ()) -> str | None:
    """The first field of :data:`PRINTED_IN_FRAGMENT` for ``kind`` that ``fields`` hold but ``fragment``
    does not print (:func:`printed_in`), skipping those ``implied`` by the words; None when all are printed.

    >>> unprinted("mean_sd", {"mean": "30.6", "sd": "6.1"}, "30.6 (6.2)")
    'sd'
    """
    for f in PRINTED_IN_FRAGMENT.get(kind, ()):
        if fields.get(f) not in (None, "") and f not in implied and not printed_in(fields[f], fragment):
            return f
    return None


def truncation_of(a: str, b: str) -> bool:
    """Whether one of two printed numbers is the other cut (not rounded) to its fewer decimals: ``"91.6"`` and
    ``"91.67"`` (one rate, 11/12, printed in an abstract and again in the results, PMC5817800), one value at two
    precisions. Numbers printed with the same decimals, or not parsed, are not.

    >>> truncation_of("91.6", "91.67"), truncation_of("-2.4", "-2.48"), truncation_of("91.5", "91.67"), truncation_of("3", "3")
    (True, True, False, False)
    """
    try:
        ra, rb = parse_reported(str(a).strip()), parse_reported(str(b).strip())
    except ValueError:  # (both are str: a TypeError would be a bug)
        return False
    if ra.decimals == rb.decimals or ra.comparator != "=" or rb.comparator != "=":
        return False
    coarse, fine = (ra, rb) if ra.decimals < rb.decimals else (rb, ra)
    cut = Decimal(str(fine.value)).quantize(Decimal(1).scaleb(-coarse.decimals), rounding="ROUND_DOWN")
    return cut == Decimal(str(coarse.value)).quantize(Decimal(1).scaleb(-coarse.decimals))
