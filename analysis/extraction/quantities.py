"""Quantities with units (doses, durations, ages, counts of things), ranges, and the spans never read.

May import analysis.reported and the modules of this package only.

``0.5 mg/kg``, ``56 mg``, ``2 weeks``, ``12-month follow-up``, ``1-2 h``, ``aged 9-10 years``,
``between 18 and 65 years``, ``0.1–1.0 mg/kg``, ``one to two hours``, ``five weekly infusions``,
``11 depression-associated metabolites``. An en dash or a hyphen between two numbers is a range.
:func:`excluded_spans` marks what the ledger does not record (``data/README.md``): citation brackets
``[12]``, DOIs, web addresses, registry ids, calendar dates and years, phase labels, table and figure
numbers, and everything after a ``References`` heading.
"""

from __future__ import annotations

from typing import NamedTuple

from .found import Found, range_found, resolve
from .numberindex import starts_for
from .tokens import NUM, WORDS_ALT, alternation, around, at_starts, compile, merged

__all__ = ["find_quantities", "excluded_spans", "UNITS"]


class _At(NamedTuple):
    """Every match holds one of ``keys`` ``back`` characters after its start: the pattern is tried only there
    (:func:`_occurrences`, ``tokens.at_starts``; re enters a pattern led by a character class or a choice of
    literals at every position holding one of its first characters, but str.find skips to a key fast)."""

    keys: tuple[str, ...]
    back: int = 0


class _Near(NamedTuple):
    """Every match holds a number start of ``numberindex.starts_for``'s ``key``, at most ``before`` characters after the
    match's start, and the match's look-ahead reads less than ``after`` past it: the pattern is searched only in windows
    around those starts (``tokens.around``, each match confirmed on the whole text)."""

    key: str
    before: int
    after: int


UNITS = (
    r"mg/kg/h|mg/kg/min|mg/kg|µg/kg|μg/kg|mcg/kg|mg/m2|mg/day|mg/d|mg/ml|mg/mL|ng/ml|ng/mL|mmol/L|mmol/l|"
    r"µmol/L|μmol/L|kg/m2|kg/m²|mmHg|mm Hg|bpm|mg|µg|μg|mcg|ml|mL|kg|g|cm|mm|"
    r"hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|days?|d|weeks?|wks?|months?|mos?|years?|yrs?|y|"
    r"sessions?|infusions?|injections?|doses?|administrations?|treatments?|visits?|items?|trials?|studies|"
    r"sites?|centers?|centres?|points?|times|cycles?|courses?|nights?|episodes?|hospitals?|countries"
)
_UNITS_ALT = alternation(UNITS)  # the same alternation, grouped by first character (faster)
_SINGULAR = r"hours?|minutes?|days?|weeks?|months?|years?|items?|points?|sessions?|dose|session|infusions?"
_VAL = r"(?:" + NUM + r"|" + WORDS_ALT + r")"
_RANGE = compile(
    r"(?<![\w.,/-])(?:[Bb]etween\s{1,2}(?P<lo1>" + _VAL + r")\s{1,2}and\s{1,2}(?P<hi1>" + _VAL + r")"
    r"|(?P<lo>" + _VAL + r")\s{0,2}(?:–|-|—|(?<=\w)\s{1,2}to\s{1,2}(?=\w))\s{0,2}(?P<hi>" + _VAL + r"))"
    r"\s{0,2}-?\s{0,1}(?P<unit>" + _UNITS_ALT + r")(?![\w/])"
)
_VALUE = compile(r"(?<![\w.,/-])(?P<value>" + _VAL + r")(?:\s{0,2}|-)(?P<unit>" + _UNITS_ALT + r")(?![\w/])")
_ADJ = compile(  # "five weekly intravenous esketamine infusions": up to five words between number and thing
    r"(?<![\w.,/-])(?P<value>" + _VAL + r")\s{1,2}(?P<mods>(?:[a-z][\w'-]{1,24}\s{1,2}){1,5})"
    r"(?P<unit>[a-z][a-z-]{2,24}s)\b"
)
_AGED_TAIL = r"d?\s{1,2}(?P<lo>" + NUM + r")\s{0,2}(?:–|-|—|to)\s{0,2}(?P<hi>" + NUM + r")(?![\w.])"
_AGED = compile(r"[Aa](?<![\w][Aa])ge" + _AGED_TAIL)
#: _AGED as two patterns led by the literal 'age' and 'Age' (re skips ahead to a literal prefix fast, but enters a
#: pattern led by [Aa] at every a): no match holds an a after its first character, so none overlaps another, and
#: merged by start they are _AGED's matches (4.9 -> 1.4 ms over statcheck-dev; tests/extraction/test_rewrites_p.py)
_AGED_LED = tuple(compile(a + r"ge(?<![\w]" + a + "ge)" + _AGED_TAIL) for a in "aA")
_TIMEPOINT = compile(
    r"(?P<unit>[WwDdMmYyVvSsCc](?<![\w][WwDdMmYyVvSsCc])(?:(?<=[Ww])eek|(?<=[Dd])ay|(?<=[Mm])onth|"
    r"(?<=[Yy])ear|(?<=[Vv])isit|(?<=[Ss])ession|(?<=[Cc])ycle))\s{1,2}(?P<value>[0-9]{1,3})(?![\w.,]|\s{0,2}[-–])"
)
_MILLION = compile(
    r"(?<![\w.,/-])(?P<value>" + NUM + r")\s{1,2}(?P<unit>(?:million|billion|thousand)(?:\s{1,2}[a-z]{3,20})?)"
)
_THRESHOLD = compile(r"(?P<cmp>≤|≥|<=|>=)\s{0,2}(?P<value>" + NUM + r")(?![\d%]|\.\d|\s{0,2}%)")
_THRESHOLD_AT = _At(("≤", "≥", "<=", ">="))  # its comparators lead every match: 2.2 -> 0.3 ms over statcheck-dev
_DEFINITE = compile(r"(?:\b[Tt]he|\b[Tt]hese|\b[Tt]hose|\b[Bb]oth|\b[Aa]ll)\s{1,2}$")
_MODS_STOP = frozenset(
    """of to the a an in on at with for from by as was were is are than that which who had has have
patients participants subjects people children women men girls boys times per percent million billion thousand
hundred""".split()
)
_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MONTH_LED = r"[JFMASOND](?<![\w][JFMASOND])(?:an(?:uary)?|eb(?:ruary)?|ar(?:ch)?|pr(?:il)?|ay|une?|uly?|ug(?:ust)?|ep(?:t(?:ember)?)?|ct(?:ober)?|ov(?:ember)?|ec(?:ember)?)"
# each pattern starts with a literal or a small character set (fast to scan for); look-behinds come after it
_EXCLUDE = [
    compile(p)
    for p in (
        r"\[\s{0,2}\d{1,4}(?:\s{0,2}[,–-]\s{0,2}\d{1,4}){0,30}\s{0,2}\]",  # citation brackets [12], [3,4], [5–7]
        r"10\.(?<![\w.]10\.)\d{4,9}/[^\s\"<>]{1,200}",  # DOIs
        r"(?:https?://|www\.)[^\s\"<>]{1,500}",  # web addresses
        r"[NjIAC](?<!\w[NjIAC])(?:CT\d{8}|RCT\w{1,20}|SRCTN\d{1,12}|CTRN\d{1,20}|hiCTR[\w-]{1,20})",  # registry ids
        _MONTH_LED + r"\.?(?:\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?)?\s{1,2}(?:19|20)\d\d(?!\d)",  # July 7, 2020; August 2019
        r"\d(?<![\w.,]\d)\d?\s{1,2}" + _MONTH_LED + r"\.?,?\s{1,2}(?:19|20)\d\d(?!\d)",  # 7 July 2020
        r"[12](?<![\w.,][12])[09]\d\d(?:[/–-](?:19|20)?\d\d)?(?![\d.,]\d|\s{0,2}(?:patients|participants|mg))",  # years
        r"[Pp](?<!\w[Pp])hase\s{1,2}(?:\d[ab]?|I{1,3}V?|IV)\b",  # Phase 1, phase 3b
        r"[TFSEAMH](?<!\w[TFSEAMH])(?:able|ig(?:ure)?s?\.?|tudy|xperiment|upplementary|ppendix|odel|ypothesis|tep)"
        r"\s{1,2}[A-Z]?\d{1,3}[a-z]?\b",  # Table 2, Figure 1, Study 3
        r"\((?<=\d\()\d{1,4}\)\s{0,2}:\s{0,2}\d{1,6}(?:[–-]\d{1,6})?",  # 24(9):827-830 (a citation's volume(issue):pages)
        r"\d(?<![\w.]\d)\d{2}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)",  # phone numbers
    )
]


#: how each exclusion is searched: a tuple of strings one of which every match holds (the text is searched only if it
#: holds one), a _Near, a key of numberindex.starts_for for a pattern led by a number (tried only at the number starts where it
#: can match), an _At, None for the whole text
_EXCLUDE_HOW: list[tuple[str, ...] | _At | _Near | str | None] = [
    None,
    None,
    _At(("http", "www.")),  # web addresses: 3.1 -> 0.3 ms over statcheck-dev
    ("CT",),
    # dates led by a month: around their year ('July 7, 2020'), at most 19 after 'September': 2.6 -> 0.3 ms
    _Near("spaced_year", 19, 8),
    "day_month",
    "year",
    _At(("hase",), 1),  # phases: 1.8 -> 0.2 ms
    None,
    None,
    "phone",
]
_REFERENCES = compile(r"(?m:^\s{0,4}(?:References|REFERENCES|Reference|Bibliography|Literature Cited)\s{0,4}$)")


def excluded_spans(shadow: str) -> list[tuple[int, int]]:
    """Spans whose numbers the ledger does not record (sorted).

    >>> from analysis.extraction.tokens import shadow
    >>> s = "in 2019 [12] (NCT06199700), doi:10.1177/135 on July 7, 2020"
    >>> [s[a:b] for a, b in excluded_spans(shadow(s))]
    ['2019', '[12]', 'NCT06199700', '10.1177/135', 'July 7, 2020', '2020']
    """
    spans = []
    for rx, how in zip(_EXCLUDE, _EXCLUDE_HOW):
        if isinstance(how, str):
            spans += [(m.start(), m.end()) for m in at_starts(rx, shadow, starts_for(shadow, how))]
        elif isinstance(how, _At):
            spans += [(m.start(), m.end()) for m in at_starts(rx, shadow, _occurrences(shadow, how))]
        elif isinstance(how, _Near):
            spans += [
                (m.start(), m.end()) for m in around(rx, shadow, starts_for(shadow, how.key), how.before, how.after)
            ]
        elif how is None or any(key in shadow for key in how):
            spans += [(m.start(), m.end()) for m in rx.finditer(shadow)]
    ref = None
    for m in _REFERENCES.finditer(shadow):
        ref = m
    if ref is not None and ref.start() > len(shadow) // 3:
        spans.append((ref.start(), len(shadow)))
    return sorted(spans)


def find_quantities(text: str, shadow: str) -> list[Found]:
    """Quantities with a unit, and printed ranges.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "aged 9-10 years, 0.5 mg/kg over 2 weeks, between 18 and 65 years, a 12-month follow-up"
    >>> [(f.fields.get("value"), f.fields.get("low"), f.fields.get("high"), f.fields["unit"])
    ...  for f in find_quantities(s, shadow(s))]  # doctest: +NORMALIZE_WHITESPACE
    [(None, '9', '10', 'years'), ('0.5', None, None, 'mg/kg'), ('2', None, None, 'weeks'),
     (None, '18', '65', 'years'), ('12', None, None, 'month')]
    """
    out: list[Found] = []
    # _RANGE, _VALUE, _ADJ and _MILLION start with a number (or 'between'): each tried where it can match
    starts = starts_for(shadow, "range")
    for m in at_starts(_RANGE, shadow, sorted(starts + _between(shadow)) if "etween" in shadow else starts):
        lo = m.group("lo") or m.group("lo1")
        hi = m.group("hi") or m.group("hi1")
        g_lo, g_hi = ("lo", "hi") if m.group("lo") else ("lo1", "hi1")
        lo_t, hi_t = text[m.start(g_lo) : m.end(g_lo)], text[m.start(g_hi) : m.end(g_hi)]
        lo_v, hi_v = _num(lo), _num(hi)
        if lo_v is None or hi_v is None or lo_v > hi_v:
            continue
        out.append(
            Found("quantity", m.start(), m.end(), {"low": lo_t, "high": hi_t, "unit": m.group("unit")}, [], rank=60)
        )
    for m in at_starts(_VALUE, shadow, starts_for(shadow, "value")):
        if _num(m.group("value")) is None:
            continue
        out.append(
            Found(
                "quantity",
                m.start(),
                m.end(),
                {"value": text[m.start("value") : m.end("value")], "unit": m.group("unit")},
                [],
                rank=61,
            )
        )
    for m in merged(_AGED_LED, shadow):
        if (f := range_found(text, m, "years (age)", "unit read as years from 'aged'", rank=63)) is not None:
            out.append(f)
    for m in at_starts(_TIMEPOINT, shadow, starts_for(shadow, "timepoint")):  # led by a class of letters: 8.8 -> 0.4 ms
        out.append(
            Found(
                "quantity",
                m.start(),
                m.end(),
                {"value": m.group("value"), "unit": m.group("unit").lower()},
                ["a time point: say what was measured then"],
                rank=62,
            )
        )
    for m in (
        at_starts(_MILLION, shadow, starts_for(shadow, "million"))
        if any(w in shadow for w in ("million", "billion", "thousand"))
        else ()
    ):
        out.append(
            Found(
                "quantity",
                m.start(),
                m.end(),
                {"value": text[m.start("value") : m.end("value")], "unit": " ".join(m.group("unit").split())},
                [],
                rank=58,
            )
        )
    for m in at_starts(_THRESHOLD, shadow, _occurrences(shadow, _THRESHOLD_AT)):
        out.append(
            Found(
                "quantity",
                m.start(),
                m.end(),
                {"value": text[m.start("value") : m.end("value")], "unit": f"threshold ({m.group('cmp')})"},
                ["a threshold: say what it bounds"],
                rank=75,
            )
        )
    for m in at_starts(_ADJ, shadow, starts_for(shadow, "adj")):
        mods = m.group("mods").split()
        if any(w.lower() in _MODS_STOP for w in mods) or m.group("unit") in _MODS_STOP:
            continue
        if m.group("value").lower() in ("one", "1") or _DEFINITE.search(shadow, max(0, m.start() - 8), m.start()):
            continue  # 'one' takes a singular; 'the two formulations' refers back, it counts nothing new
        if mods[0] in ("and", "or") or (len(mods) > 3 and not any(w in ("and", "or") for w in mods)):
            continue  # more than three words between the number and the thing only across an 'and' or 'or'

        if _num(m.group("value")) is None:
            continue
        unit = text[m.start("mods") : m.end("unit")]
        out.append(
            Found(
                "quantity",
                m.start(),
                m.end(),
                {"value": text[m.start("value") : m.end("value")], "unit": " ".join(unit.split())},
                ["a count of things: check it is a statistic worth keeping"],
                rank=65,
            )
        )
    return resolve(out)


def _occurrences(shadow: str, at: _At) -> list[int]:
    """Offsets ``at.back`` characters before every occurrence of each of ``at.keys`` (sorted)."""
    out = []
    for key in at.keys:
        i = shadow.find(key, at.back)
        while i >= 0:
            out.append(i - at.back)
            i = shadow.find(key, i + 1)
    return sorted(out)


def _between(shadow: str) -> list[int]:
    """Offsets of every ``between`` or ``Between`` (where a range in words starts; sorted)."""
    out, i = [], shadow.find("etween", 1)
    while i >= 0:
        out.append(i - 1)
        i = shadow.find("etween", i + 1)
    return out


def _num(s: str) -> float | None:
    from ..reported import NUMBER_WORDS

    if s[:1].isdigit() or s[:1] == ".":
        try:
            return float(s.replace(",", ""))
        except ValueError:
            return None
    v = NUMBER_WORDS.get(s.lower())
    return None if v is None else float(v)
