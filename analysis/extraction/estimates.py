"""Estimates with a confidence interval (and p) in the forms clinical papers print.

May import analysis.reported and the modules of this package only.

``-0.10 points; 95% CI, -0.32 to 0.12; P =.40`` · ``(β = 1.35, 95% CI: 0.41-2.30, P = 0.005)`` ·
``OR 2.1 (95% CI 1.2–3.4)`` · ``HR = 0.81 [0.70, 0.94]``. A CI marker (``95% CI``, ``CI``,
``confidence interval``, ``CrI``) anchors the match: its bounds are read after it, the estimate (and
its label) in a bounded window before it, p in a bounded window after the bounds. Without a marker,
only a labelled estimate followed by a bracketed pair is read (``HR = 0.81 [0.70, 0.94]``). Ratio
labels (OR, HR, RR, IRR, odds/hazard/risk/rate ratio) set the ledger's ``scale: log``.
"""

from __future__ import annotations

from .found import Found
from .statistics import p_ok
from .tokens import NUM, SNUM, alternation, around, clean_number, compile, merged, positions

__all__ = ["find_estimates", "LABELS", "RATIOS"]

#: printed label -> the estimand in words
LABELS = {
    "OR": "odds ratio",
    "aOR": "adjusted odds ratio",
    "AOR": "adjusted odds ratio",
    "HR": "hazard ratio",
    "aHR": "adjusted hazard ratio",
    "RR": "risk ratio",
    "aRR": "adjusted risk ratio",
    "IRR": "incidence rate ratio",
    "odds ratio": "odds ratio",
    "hazard ratio": "hazard ratio",
    "risk ratio": "risk ratio",
    "relative risk": "risk ratio",
    "rate ratio": "rate ratio",
    "β": "regression coefficient (beta)",
    "beta": "regression coefficient (beta)",
    "B": "regression coefficient (B)",
    "b": "regression coefficient (b)",
    "MD": "mean difference",
    "WMD": "weighted mean difference",
    "SMD": "standardized mean difference",
    "mean difference": "mean difference",
    "difference": "difference",
    "d": "Cohen's d",
    "Cohen's d": "Cohen's d",
    "g": "Hedges' g",
    "Hedges' g": "Hedges' g",
    "r": "correlation coefficient",
    "η2": "eta squared",
    "ηp2": "partial eta squared",
    "M": "mean",
    "Mdiff": "mean difference",
    "mean": "mean",
}
RATIOS = frozenset(
    (
        "OR",
        "aOR",
        "AOR",
        "HR",
        "aHR",
        "RR",
        "aRR",
        "IRR",
        "odds ratio",
        "hazard ratio",
        "risk ratio",
        "relative risk",
        "rate ratio",
    )
)
_LABEL_ALT = alternation(sorted((k.replace("'", "['’]") for k in LABELS), key=len, reverse=True))
_SEP = r"(?:to|and|–|—|-|,|;)"
_MARKER = compile(r"[Cc](?<![\w][Cc])(?:(?<=C)(?:I\b|rI\b|\.I\.)|(?:onfidence|redible) intervals?)")
#: _MARKER as patterns led by a literal (C, confidence, credible), whose matches never overlap (each starts where a
#: word does and holds no other C or c there): merged by start they are _MARKER's (3.5 -> 1.8 ms over statcheck-dev;
#: tests/extraction/test_rewrites_p.py). _MARKER stays the definition the tests compare with
_MARKER_LED = (
    compile(r"C(?<![\w]C)(?:I\b|rI\b|\.I\.|(?:onfidence|redible) intervals?)"),
    compile(r"confidence(?<![\w]confidence) intervals?"),
    compile(r"credible(?<![\w]credible) intervals?"),
)
#: a confidence level, also in words ('HR: 1.16; 95 percent confidence interval, 0.9 to 1.5', PMC5124485: the 95 was
#: read as the estimate, a false alarm at the top grade)
_LEVEL = compile(r"(?P<level>\d{2}(?:\.\d{1,2})?)\s{0,2}(?:%|per\s?cent)\s{0,2}$")
_LEVEL_WIDTH = 15  # characters before a CI marker searched for its level ('99.5 per cent ')
_BOUNDS = compile(
    r"\s{0,3}(?:[:,=]|was|of|from)?\s{0,3}(?P<open>[(\[])?\s{0,2}(?P<lo>"
    + SNUM
    + r")\s{0,3}"
    + _SEP
    + r"\s{0,3}(?P<hi>"
    + SNUM
    + r")(?![\d])\s{0,2}(?P<close>[)\]])?"
)
_LABEL_BEFORE = compile(r"(?<![\w])(?P<label>" + _LABEL_ALT + r")\s{0,3}(?:=|:|of|,)?\s{0,3}$")
_BEFORE = compile(
    r"(?P<est>" + SNUM + r")(?P<unit>\s{0,2}(?:%|points?|[a-zA-Z/]{1,12}))?"
    r"\s{0,3}[,;(\[]?\s{0,3}"
    # b = 0.14, SE = 0.15, 95% CI · 84.8 % (interquartile range, IQR 6.1; 95% CI (PMC1079947) · 6.7% (SD, 11.4%; 95% CI
    r"(?:(?:interquartile range,?\s{0,2})?(?:SE|SEM|SD|IQR|s\.e\.)\s{0,2}[=:,]?\s{0,2}"
    + NUM
    + r"\s{0,2}%?\s{0,2}[,;]\s{0,3})?"
    r"(?:\(\s{0,2})?$"
)
#: a label naming the number before a CI as something else; a P with any comparator ('p < .001, 95% CI 0.2 to 0.5',
#: 'p < = .001', PMC3539875: the P was read as the estimate, a false alarm at the top grade)
_OTHER_LABEL = compile(
    r"(?<![\w])(?:SE|SEM|SD|t|F|z|Z|p|P|n|N|df|χ2|M?SE)\s{0,2}[=:]\s{0,2}$|(?<![\w])[pP]\s{0,2}(?:[<>≤≥]\s{0,2}=?|=\s{0,2}[<>])\s{0,2}$"
    # a P printed without a comparator ('1.35 v/s 1.82 p 0.004 (95% CI 0.15, 0.79)', PMC3556334: the CI is the
    # difference's); a time point ('higher at day 14 (95% CI 0.087 - 0.674)', PMC4412792: the day was read)
    r"|(?<![\w])[pP]\s{1,2}$|(?<![\w])(?:[Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear|[Vv]isit|[Hh]our)s?\s{1,2}$"
)
#: a P whose label carries a word or 'of' before its number: 'P trend=.001, 95% CI' (PMC4917725), 'a P value of 0.003 and
#: 95% CI of' (PMC5582692); a number right after a comparator ('P value of <0.001 and 95% CI', read as 0.001) is a
#: bound, no estimate; an identifier's integer ('reader 2 (95% CI', PMC2887499), a max or min ('max = 100; 95 % CI',
#: PMC4748685) and a place ('at 13 km (90% CI', PMC5407976) are no estimates either
_P_WORDS = compile(
    r"(?<![\w])[pP]\s{0,2}(?:-?\s{0,2}values?|(?:for\s{1,2})?(?:trend|interaction))\s{0,2}(?:[=:]|of|was|is)\s{0,2}$"
    r"|[<>≤≥]\s{0,2}$"
)
_ID_BEFORE = compile(
    r"(?<![\w])(?i:reader|rater|observer|group|arm|model|step|phase|stage|cycle|session|period|wave|round|quartile|"
    r"tertile|quintile|cohort|grade)\s{1,2}$"
)
_MAX_BEFORE = compile(r"(?<![\w])(?i:max(?:imum)?|min(?:imum)?)\s{0,2}[=:]?\s{0,2}$")
_AT_BEFORE = compile(r"(?<![\w])at\s{1,2}$")
#: the upper bound of a CI just printed read as the next CI's estimate ('(95% CI, −4.13 to −1.93 versus 95% CI, −3.74 to
#: −0.66', PMC3525331)
_BOUND_BEFORE = compile(r"C[IL]\s{0,2}[,:=]?\s{0,2}" + SNUM + r"\s{0,3}" + _SEP + r"\s{0,3}$")
#: the number before a CI is labelled as a spread or a unit's increment, no estimate: 'IQR 6.1; 95% CI' (PMC1079947),
#: 'SD, 11.4%; 95% CI' (PMC1261533) where the estimate before it was not read, 'OR 1.68 per 0.11 mmol/L, 95% CI'
#: (PMC3584097: the odds per 0.11 mmol/L)
_SPREAD_OR_PER = compile(r"(?<![\w])(?:IQR|SD|SEM?|range|per)\s{0,2}[=:,]?\s{0,2}$")
_PLUS_MINUS = compile(r"(?:±|\+\s{0,1}/\s{0,1}[-−])\s{0,2}$")
#: the number before a CI is the second of two compared ('42.6 versus 46.4%; 95% CI -10.8, 3.2', PMC4164149): the
#: CI is the difference's, not that number's
_VS_BEFORE = compile(r"\d\s{0,2}%?\s{0,3}(?:vs\.?|versus|v\.|compared (?:with|to))\s{0,3}$")
#: the number before a CI is a fraction's denominator ('100% (6/6, 95% CI 61-100)', PMC5573922); the percentage
#: printed before the fraction is the estimate
#: printed in words too ('62.8% (103 of 164; 95% CI, 54.9–70.2)', PMC3656551; '22.2% (6 out of 27, 95% CI', PMC3556314)
_FRACTION_BEFORE = compile(r"(?:/|\d\s{1,2}(?:out\s{1,2})?of)\s{0,2}$")
_PERCENT_OF = compile(r"(?P<est>" + SNUM + r")\s{0,2}%\s{0,3}[(\[]\s{0,2}\d{1,7}\s{0,2}(?:/|(?:out\s{1,2})?of)\s{0,2}$")
#: a confidence level read as the estimate: '95 % 95 % CI' (PMC4620004), '95%, CI:' (PMC5807541), '3 (95 CI, 1–5)'
#: (PMC5771578)
_LEVEL_AS_EST = compile(r"9[059]\s{0,2}%?\s{0,2}[,;]?\s{0,2}$")
_BRACKET = compile(
    r"(?<![\w])(?P<label>" + _LABEL_ALT + r")\s{0,3}(?:=|:)?\s{0,3}(?<![A-Za-z])(?P<est>" + SNUM + r")\s{0,3}"
    r"(?P<open>[\[(])\s{0,2}(?P<lo>" + SNUM + r")\s{0,3}" + _SEP + r"\s{0,3}(?P<hi>" + SNUM + r")\s{0,2}[\])]"
)
#: (its estimate never glued to its label's letter: 'vitamin B6 (20, 41)', PMC3929824, is no B of 6 with a CI of
#: reference numbers)
#: every _BRACKET match holds its opening bracket with a digit (the estimate's last) at most three spaces before it and
#: a lower bound after it: those brackets, found in one scan for a bracket (rarer than a letter), anchor the windows
#: _BRACKET is searched in (tokens.around; 18 -> 5 ms over statcheck-dev and rct-extraction-dev). A match starts at
#: most _BRACKET_BEFORE characters before its bracket and ends at most _BRACKET_AFTER after it (its widths, checked
#: in tests/extraction/test_rewrites_p.py)
_AN_OPEN = compile(r"[\[(](?=\s{0,2}[-\u2013]?[0-9.])(?:(?<=[0-9].)|(?<=[0-9]\s.)|(?<=[0-9]\s\s.)|(?<=[0-9]\s\s\s.))")
_BRACKET_BEFORE, _BRACKET_AFTER = 60, 80
_P_AFTER = compile(
    r"^\s{0,3}[,;:)\]]?\s{0,3}(?:[pP](?:\s{0,2}-?\s{0,2}values?)?)\s{0,3}(?P<cmp><=|>=|=|<|>|≤|≥)\s{0,3}(?P<p>"
    + NUM
    + r")(?![\d%])"
)
_WINDOW = 60


def _label(printed: str | None) -> str | None:
    if not printed:
        return None
    key = printed.replace("’", "'")
    return key if key in LABELS else None


def _p(text: str, shadow: str, end: int) -> tuple[str | None, int]:
    m = _P_AFTER.match(shadow[end : end + 40])
    if not m:
        return None, end
    p = clean_number(text[end + m.start("cmp") : end + m.end("p")])
    p = p[1:] if p.startswith("=") else p
    if not p_ok(p):
        return None, end
    return p, end + m.end()


def _found(text, shadow, start, label, est, lo, hi, level, end, review) -> Found:
    fields = {"estimate": est, "lower": lo, "upper": hi}
    key = _label(label)
    if key:
        fields["estimand"] = LABELS[key]
    else:
        review.append("estimand not placed: say what the estimate is (difference, ratio, coefficient)")
    p, end = _p(text, shadow, end)
    if p is not None:
        fields["p"] = p
    fields["confidence_level"] = level or "95"
    if not level:
        review.append("confidence level not printed: 95 assumed")
    if key in RATIOS:
        fields["scale"] = "log"
    else:
        fields["scale"] = "linear"
        if not key:
            review.append("scale read as linear: no ratio label printed")
    return Found("estimate_ci_p", start, end, fields, review, rank=20)


def find_estimates(text: str, shadow: str) -> list[Found]:
    """Every estimate printed with its CI.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "fell (-0.10 points; 95% CI, -0.32 to 0.12; P =.40) and (β = 1.35, 95% CI: 0.41-2.30, P = 0.005)"
    >>> [(f.fields["estimate"], f.fields["lower"], f.fields["upper"], f.fields.get("p")) for f in find_estimates(s, shadow(s))]
    [('-0.10', '-0.32', '0.12', '.40'), ('1.35', '0.41', '2.30', '0.005')]
    >>> s = "HR = 0.81 [0.70, 0.94] and OR 2.1 (95% CI 1.2–3.4)"
    >>> [(f.fields["estimate"], f.fields["scale"]) for f in find_estimates(s, shadow(s))]
    [('0.81', 'log'), ('2.1', 'log')]
    """
    out: list[Found] = []
    taken_until = -1
    for m in merged(_MARKER_LED, shadow):
        if m.start() < taken_until:
            continue
        b = _BOUNDS.match(shadow, m.end())
        if not b:
            continue
        lv = _LEVEL.search(shadow, max(0, m.start() - _LEVEL_WIDTH), m.start())
        mstart = lv.start() if lv else m.start()
        before = _BEFORE.search(shadow, max(0, mstart - _WINDOW), mstart)
        if not before:
            continue
        start = before.start()
        lab = _LABEL_BEFORE.search(shadow, max(0, start - 24), start)
        label = lab.group("label") if lab else None
        if label is None and start > 0 and shadow[start - 1].isalnum():
            continue
        if label is None and _OTHER_LABEL.search(shadow, max(0, start - 10), start):
            continue  # the number before the CI is an SE, a test statistic or an n, not the estimate
        if label is None and _P_WORDS.search(shadow, max(0, start - 24), start):
            continue  # a P ('P trend=', 'P value of', '<'): the number is the P's, the CI an unprinted estimate's
        unit = before.group("unit") or ""
        if label is None and (
            (_ID_BEFORE.search(shadow, max(0, start - 12), start) and before.group("est").isdigit())
            or _MAX_BEFORE.search(shadow, max(0, start - 10), start)
            or (_AT_BEFORE.search(shadow, max(0, start - 4), start) and unit.strip().isalpha())
            or _BOUND_BEFORE.search(shadow, max(0, start - 30), start)
        ):
            continue  # 'reader 2', 'max = 100', 'at 13 km': an identifier, a maximum or a place, not the estimate
        if _SPREAD_OR_PER.search(shadow, max(0, start - 8), start):
            continue  # the number read is an IQR, SD, SE, a range or the increment of 'OR 1.68 per 0.11 mmol/L'
        if _PLUS_MINUS.search(shadow, max(0, start - 6), start):
            continue  # '−1.5 ± 0.3 (95% CI −2.1, −0.8)' (PMC4374075): the number before the CI is the SE or SD
        if label is None and _VS_BEFORE.search(shadow, max(0, start - 24), start):
            continue  # 'A versus B (95% CI ...)': the CI of the difference, not of B
        es = before.start("est")
        if es >= 2 and shadow[es - 1] == ":" and shadow[es - 2].isdigit() and text[es : before.end("est")].isdigit():
            continue  # '0:51' (PMC4666408): a time, a ratio of two numbers or a point printed as a colon, not an estimate
        est = text[es : before.end("est")]
        if label is None and est in ("90", "95", "99") and _LEVEL_AS_EST.fullmatch(shadow, start, mstart):
            continue  # the number before the CI is its confidence level, not the estimate
        if _FRACTION_BEFORE.search(shadow, max(0, start - 14), start):
            pc = _PERCENT_OF.search(shadow, max(0, start - 34), start)
            if label is not None or not pc:
                continue  # the denominator of 'k/n' is no estimate
            start, est = pc.start(), text[pc.start("est") : pc.end("est")]
        start = lab.start() if lab else start
        lo, hi = (text[b.start(g) : b.end(g)] for g in ("lo", "hi"))
        review: list[str] = []
        f = _found(text, shadow, start, label, est, lo, hi, lv.group("level") if lv else None, b.end(), review)
        out.append(f)
        taken_until = f.end
    for m in around(_BRACKET, shadow, positions(_AN_OPEN, shadow), _BRACKET_BEFORE, _BRACKET_AFTER):
        if any(f.start <= m.start() < f.end for f in out):
            continue
        est, lo, hi = (text[m.start(g) : m.end(g)] for g in ("est", "lo", "hi"))
        out.append(_found(text, shadow, m.start(), m.group("label"), est, lo, hi, None, m.end(), []))
    out.sort(key=lambda f: f.start)
    return out
