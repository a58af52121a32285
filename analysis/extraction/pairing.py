"""Another number of the clause that could be a CI's estimate (issue 16: rule out a misread pairing). Imports
``analysis.reported`` only.

An estimate printed outside its own CI is an arithmetic impossibility, the audit's top grade, only when the
number read as the estimate is the CI's. The unseen papers of the development set showed the extractor taking
the wrong number in many printed forms, each different: a range's end ('4.65 ± 0.6, ranging from 3 to 6 (CI:
4.34-4.96)'), a unit restatement ('0.23 mmol/L (4.14 mg/dL; 95% CI ...)'), a reader's number ('0.92 for reader 2
(95% CI 0.875-0.954)'), a maximum ('80.1 (SD ...; max = 100; 95% CI 73.5-86.7)'), a ratio's unit ('1.68 per 0.11
mmol/L, 95% CI 1.04-2.71'), a count ('92% (46/50, 95% CI 81-97)'), an IQR ('10.7 (IQR 4.6; 95% CI 6.5-30.0)').
What they share: another number printed before the one read, in the same clause and after any earlier CI, lies
inside the CI. That number is a plausible estimate of the CI, so the pairing is a reading, not the print alone:
:func:`other_estimate` names it, and the audit grades the finding ``likely`` with the reading stated.

Numbers that are never a CI's estimate are passed over: an SD, SE or IQR (after ``±``, ``SD``, ``SE``, ``IQR``),
an n, a P (also 'P value of'), degrees of freedom, and the bounds of an earlier CI in the clause; an SD or a
percentage in parentheses after its number ('15.1 (1.2)', '41 (6.2%)'), a time point's, a visit's or a model's number
('at week 12'), a dose ('5 mg'). Two numbers of the clause whose difference gives the estimate or the CI's centre
('-1.2 vs -0.3; difference 2.9 (95% CI -1.5 to -0.3)') confirm the pairing with a difference: no other estimate then
(review11).
"""

from __future__ import annotations

import math
import re

from ..reported import find_number, parse_reported

#: characters before the estimate searched for another one
_REACH = 160
#: the end of a sentence, a paragraph or a table cell: the clause starts after the last one
_CLAUSE_END = re.compile(r"[.!?]\s{1,3}(?=[A-Z(\[])|\n|\s\|\s")
#: an interval printed as a bracketed pair of numbers ('[0.10, 0.60]', APA style): an earlier CI even unnamed
_BRACKETED_PAIR = re.compile(
    r"\[\s{0,2}[-\u2212\u2013]?[\d.]{1,10}\s{0,2}[,;]\s{0,2}[-\u2212\u2013]?[\d.]{1,10}\s{0,2}\]"
)
#: a CI's name: an earlier CI's bounds are no estimate of this one
_CI_WORD = re.compile(r"(?i:\bCIs?\b|\bconfidence\s{1,2}intervals?|\bcredible\s{1,2}intervals?)")
#: a printed number: sign, digits, decimals (a middle dot too); not inside a word or another number, nor a label's
#: ('HIV-1', '2A'); APA's numbers without a leading zero ('r = .45') too
_NUMBER = re.compile(
    r"(?<![\w.,\u00b7/])(?<![^\W\d]-)[-\u2212\u2013]?(?:\d{1,7}(?:[.\u00b7]\d{1,6})?|\.\d{1,6})(?![\w\u00b7]|\.\d)"
)
#: what a number after these words is (never a CI's estimate): a spread, an n, a P, degrees of freedom, a level,
#: a test statistic ('t(1, 65) = -0.56'), a figure's or table's number ('Fig. 2A'), an age, a significance level
_NOT_ESTIMATE = re.compile(
    r"(?i:(?:\u00b1|\+/-|\bSDs?|\bSEM?|\bIQR|\bn|\bp|\bdf|\bCI)\s{0,2}(?:-?\s{0,2}values?(?:\s{1,2}of)?)?\s{0,2}[=:<>\u2264\u2265,]?\s{0,2}[(\[]?\s{0,2})$"
    r"|(?:\b[tFzZ]|\u03c7\s{0,2}[2\u00b2]?)\s{0,2}(?:\([^()]{0,24}\))?\s{0,2}[=:]\s{0,2}$"
    r"|(?i:\b(?:fig(?:ure)?s?|tables?|refs?|references?)\.?\s{0,2})$"
    r"|(?i:\b(?:weeks?|months?|days?|visits?|sessions?|waves?|models?|study|studies|steps?|stages?|phases?|cycles?)"
    r"\s{0,2})$"
    r"|(?i:\b(?:aged?|set\s{1,2}at|level\s{1,2}of|alpha|\u03b1)\s{0,2}[=:]?\s{0,2})$"
)
#: a time point ('at 3 months', 'after 12 weeks'): a number led by a preposition of time and followed by a unit of time
_AT_TIME = re.compile(r"(?i:\b(?:at|after|by|over|within|until|for)\s{1,2})$")
_AGE = re.compile(r"(?i:\bage)")
_TIME_UNIT = re.compile(r"(?i:\s{0,2}(?:years?|months?|weeks?|days?|hours?|h|min(?:utes?)?|yr?s?)\b)")
#: a number that is a label's, a dose or the spread or percentage of the number before it, judged by what follows
#: ('at week 12', '5 mg daily', '15.1 (1.2)', '14 (5.2%)'; a unit of a concentration, 'mg/dL', is kept)
_NOT_ESTIMATE_AFTER = re.compile(r"(?i:\s{0,2}(?:mg|mcg|\u00b5g|\u03bcg|IU)\b(?!\s{0,2}/))")
_IN_PARENS_AFTER_NUMBER = re.compile(r"\d%?\s{0,2}\(\s{0,2}$")
_CLOSING = re.compile(r"%?\s{0,2}\)")
#: a confidence level printed before its CI's name ('95% CI'): no estimate
_LEVEL = re.compile(r"\s{0,2}%?\s{0,2}(?:CI\b|conf)")


def _clause(before: str) -> str:
    """The part of ``before`` in the estimate's own clause, after the bounds of any earlier CI (named, or an APA
    bracketed pair '[0.10, 0.60]' printed without the word)."""
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    before = before[ends[-1] :] if ends else before
    pairs = [m.end() for m in _BRACKETED_PAIR.finditer(before)]
    before = before[pairs[-1] :] if pairs else before
    last = None
    for last in _CI_WORD.finditer(before):  # noqa: B007 - the last match is wanted
        pass
    if last is None:
        return before
    bounds = [m for m in _NUMBER.finditer(before, last.end()) if not _LEVEL.match(before, m.end())][:2]
    return before[bounds[-1].end() :] if len(bounds) == 2 else ""


def at_centre(printed: str, lower: str, upper: str) -> bool:
    """Whether the number ``printed`` sits at the centre of the CI ``lower`` to ``upper``, linear or (positive
    bounds) geometric, within the rounding of all three.

    >>> at_centre("80.1", "73.5", "86.7"), at_centre("100", "73.5", "86.7"), at_centre("1.2", "0.8", "1.8")
    (True, False, True)
    """
    try:
        r, lo, hi = (parse_reported(str(x).strip()) for x in (printed, lower, upper))
    except ValueError:
        return False
    if r.low <= (lo.high + hi.high) / 2 and (lo.low + hi.low) / 2 <= r.high:
        return True
    return lo.low > 0 and hi.low > 0 and r.low <= math.sqrt(lo.high * hi.high) and math.sqrt(lo.low * hi.low) <= r.high


def _arms_differ_to(numbers: list, est, lo, hi) -> bool:
    """Whether two numbers of the clause (two arms' values, 'x vs y') differ, within their rounding, by the
    estimate or by the CI's linear centre: the pairing of estimate and CI with a difference is then confirmed by
    the print, not doubted ('-1.2 vs -0.3; difference 2.9 (95% CI -1.5 to -0.3)': the arms give the centre -0.9).

    >>> from analysis.reported import parse_reported as p
    >>> _arms_differ_to([("12.5", p("12.5")), ("8.1", p("8.1"))], p("14.4"), p("0.6"), p("8.2"))
    True
    >>> _arms_differ_to([("4.2", p("4.2"))], p("7"), p("3.9"), p("4.5"))
    False
    """
    targets = (
        (est.low, est.high, est.decimals),
        ((lo.low + hi.low) / 2, (lo.high + hi.high) / 2, min(lo.decimals, hi.decimals)),
    )

    def fits(low: float, high: float, decimals: int) -> bool:
        return any(low <= t_high and t_low <= high and decimals >= d for t_low, t_high, d in targets)

    for k, (_, x) in enumerate(numbers):
        for _, y in numbers[k + 1 :]:
            d = min(x.decimals, y.decimals)  # arms printed as finely as the number they give ('3' and '2' give no 1.72)
            for a, b in ((x, y), (y, x)):
                if (
                    fits(a.low - b.high, a.high - b.low, d)
                    and not fits(a.low, a.high, d)
                    and not fits(-b.high, -b.low, d)
                ):
                    return True  # the difference fits where neither number alone does ('32 (0.83)' is no pair)
    return False


def other_estimate(text: str, start: int, end: int, entry: dict) -> str | None:
    """Words naming a number printed before ``entry``'s estimate in its clause that may be its CI's estimate, when
    the estimate lies outside its CI and that number inside it (at its centre, :func:`at_centre`, says so), else None.

    The words only ever lower a finding's grade (the audit's ``paired_print`` holds as a reading, ``likely``): a
    review of the rule (session 11, 59 synthetic prints) found that silencing the finding when the number sat at the
    CI's centre also silenced real errors printed after two arms' values, and that an estimate inside its CI is no
    place for it.

    >>> t = "The mean score was 4.65 \u00b1 0.6, ranging from 3 to 6 (95% CI 4.34-4.96)."
    >>> e = {"estimate": "6", "lower": "4.34", "upper": "4.96"}
    >>> other_estimate(t, t.index("6 ("), t.index(")."), e)
    '4.65, printed before it in the same clause, lies at the centre of the CI'
    >>> other_estimate(t.replace("4.65", "4.45"), t.index("6 ("), t.index(")."), e)
    '4.45, printed before it in the same clause, lies inside the CI'
    >>> other_estimate(t.replace("4.65", "5.65"), t.index("6 ("), t.index(")."), e) is None
    True
    >>> other_estimate(t, t.index("6 ("), t.index(")."), {"estimate": "4.5", "lower": "4.34", "upper": "4.96"}) is None
    True
    """
    try:
        est, lo, hi = (parse_reported(str(entry[f])) for f in ("estimate", "lower", "upper"))
    except (KeyError, ValueError):
        return None
    low, high = min(lo.low, hi.low), max(lo.high, hi.high)
    if low <= est.high and est.low <= high:
        return None  # inside its CI: no impossibility to grade
    i = find_number(text, str(entry["estimate"]), start, end)
    if i < 0:
        return None
    before = _clause(text[max(0, i - _REACH) : i])
    numbers = []
    for m in _NUMBER.finditer(before):
        if _NOT_ESTIMATE.search(before[max(0, m.start() - 40) : m.start()]) or _LEVEL.match(before, m.end()):
            continue
        if _TIME_UNIT.match(before, m.end()) and (
            _AT_TIME.search(before[max(0, m.start() - 12) : m.start()]) or _AGE.search(before, 0, m.start())
        ):
            continue  # a time point or an age ('At 3 months', 'mean age 62.4 years')
        if _NOT_ESTIMATE_AFTER.match(before, m.end()) or (
            _IN_PARENS_AFTER_NUMBER.search(before[max(0, m.start() - 40) : m.start()])
            and _CLOSING.match(before, m.end())
        ):
            continue
        try:
            numbers.append((m.group(0), parse_reported(m.group(0))))
        except ValueError:
            continue
    if _arms_differ_to(numbers, est, lo, hi):
        return None  # the clause's arms give the estimate or the CI's centre: the CI is the difference's
    for printed, r in numbers:
        if printed == str(entry["estimate"]) or not low <= r.value <= high or r.high - r.low > (high - low) / 4:
            continue  # not inside, or printed too coarsely to tell (an integer '1' beside a CI of 0.87 to 1.35)
        where = "at the centre of" if at_centre(printed, str(entry["lower"]), str(entry["upper"])) else "inside"
        return f"{printed}, printed before it in the same clause, lies {where} the CI"
    return None
