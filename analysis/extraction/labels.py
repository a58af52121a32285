"""What the words nearest an estimate say of its scale and of its P, where words farther off said otherwise: a ratio
named only in a table's shared parts (another column, the caption, a note) against the cell's own column naming a
percentage, a rate, a median or a difference (:func:`nearer_label`); a concordance index (C-index), whose P compares
two (:func:`c_index`); Fisher's exact test named in the methods, whose P beside an odds or risk ratio differs from the
Wald P of its CI (:func:`fisher_paper`); a rank test named as the alternative to a t test, whose P beside a t-based
CI is larger (:func:`rank_paper`). :func:`relabel` applies them to a draft entry, for
:func:`analysis.extraction.evidence.fill`.

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..reported import find_number
from .df_readings import r_with_n_paper, swapped_f
from .keyindex import _hits
from .pvalue_readings import asymptotic_test, margin_test, p_reading

if TYPE_CHECKING:
    from .evidence import Context

__all__ = [
    "c_index",
    "decrease_words",
    "difference_or_ratio",
    "fisher_paper",
    "nearer_label",
    "rank_paper",
    "relabel",
    "sizes_paper",
    "sphericity_paper",
]

_MAX_WORDS = 120  # the evidence kept, in characters (as evidence.py's)
_SENTENCE_BEFORE = 400  # characters before an estimate searched for its sentence's start

#: what a table column or a sentence names beside a ratio word found farther off: a geometric mean (log scale by
#: construction), a difference, change or mean (linear), a percentage (a '%' not after a confidence level's digits)
_GEOMETRIC = re.compile(r"(?i:geometric|\bGM[CTR]?s?\b|\blog)")
_LINEAR_LABEL = re.compile(r"(?i:differen|\bMD\b|\bchanges?\b|\bmeans?\b|comparison)")
#: a cell's footnote mark, a letter or symbol right after its CI ('0.19 (0.07 to 0.31)b' under 'Odds ratio (95% CI)', the
#: note 'bDifference in means (95% confidence interval).', PMC4324609)
_CELL_MARK = re.compile(r"[)\]]\s{0,2}\^?([a-z*†‡§¶])(?![a-z])")
#: a mean difference named just before the estimate ('[difference in means 0.19, 95% CI 0.07-0.31, P = 0.001]' in a
#: sentence naming an OR elsewhere, PMC4324609): the estimate's own label, not a ratio
_MEAN_DIFFERENCE_BEFORE = re.compile(
    r"(?i:\b(?:mean\s{1,3}difference|difference\s{1,3}(?:in|of|between)\s{1,3}(?:the\s{1,3})?means?)\s{0,3}[:=,(]?\s{0,3})$"
)
_PERCENT_LABEL = re.compile(r"(?<![\d.])(?<![\d.]\s)(?<![\d.]\u00a0)%|(?i:per ?cent|proportion)")
_SHARE = re.compile(r"(?i:\brates?\b|\bproportions?\b|\bprevalence\b|\bincidence\b|\bmedians?\b)")
#: a row whose arms print 'k/n (%)' ('95/513/(18.5) | 13/518(2.5) | 16.0(12.7-20.5)', PMC3704267)
_ROW_SHARES = re.compile(r"\d\s{0,2}/\s{0,2}\d{1,7}\s{0,2}/?\s{0,2}[(\[]\s{0,2}\d")
#: a ratio in a column's own header ('Unadjusted RRa (95% CI)', PMC4223282)
_OWN_RATIO = re.compile(r"(?i:ratio|fold)|\b(?:a|adj)?(?:OR|HR|RR|IRR)(?![a-z]{2})")
_PER_TIME = re.compile(r"(?i:per\s{0,2}(?:100|1,?000|10,?000|100,?000)\b|person[- ]?(?:years?|months?|days?|time))")
_FAR = ("(column header)", "(table caption)", "(table note)")  # a table's parts shared by all its columns
#: a column header naming a difference and a ratio, each with its footnote mark ('Paired difference * or paired ratio †
#: (95% CI)', PMC5379244): the ratio's mark on a row makes its cell a ratio, the others are differences
_EITHER = re.compile(
    r"(?i:(?:differen\w{0,4}|coefficients?)\s{0,2}[*†‡§¶#]?\s{0,3}or\s{1,3}(?:[a-z]{1,12}\s{1,2})?ratios?\s{0,2}(?P<mark>[*†‡§¶#]?)|"
    r"ratios?\s{0,2}(?P<mark2>[*†‡§¶#]?)\s{0,3}or\s{1,3}(?:[a-z]{1,12}\s{1,2})?differen)"
)


def _own_column(text: str, start: int, ctx: Context) -> str:
    """The header of the column ``text[start]`` is printed in (a table row's cells counted to it, and the
    header rows with as many cells), or ''."""
    if not ctx.in_table:
        return ""
    ls, le = text.rfind("\n", 0, start) + 1, text.find("\n", start)
    row = text[ls : le if le >= 0 else len(text)]
    j, width = text[ls:start].count(" | "), row.count(" | ")
    cells = [h.split(" | ")[j] for h in ctx.header.split("\n") if h.count(" | ") == width]
    return " ".join(dict.fromkeys(c.strip() for c in cells if c.strip()))


def nearer_label(text: str, start: int, end: int, entry: dict, ctx: Context) -> tuple[str, str] | None:
    """A label nearer to an estimate than the ratio word its log scale was read from, as (``"asymmetric"`` or
    ``"linear"``, the words), or None: the word must not make it a ratio.

    A ratio named only in a table's shared parts (another column's header, the caption, a note: 'fold' in a note,
    PMC3634976; odds ratios of other outcomes, PMC4599403) loses to the cell's own column naming a percentage or a
    rate ('% [95 % CI]'; 'Crude IR (per 1000 person-years)', PMC5678838: asymmetric by construction, not tested)
    or a difference, change or mean (linear); in prose, a percentage printed with the estimate ('3-fold higher ...
    (40%, 95% CI: 6-74)', PMC3018908) is the estimate's own unit, whatever ratio the sentence names.

    >>> from analysis.extraction.evidence import context
    >>> t = "OS was 3-fold higher (40%, 95% CI: 6-74) than with chemotherapy."
    >>> nearer_label(t, t.index("40"), len(t), {"estimate": "40"}, context(t, t.index("40"), len(t)))
    ('asymmetric', 'percentage estimate 40% (sentence)')
    >>> t = "the odds ratio was 2.1 (95% CI 1.2 to 3.9)."
    >>> nearer_label(t, t.index("2.1"), len(t), {"estimate": "2.1"}, context(t, t.index("2.1"), len(t))) is None
    True
    """
    from .evidence import _RATIO_CASED, _percent_estimate, ratio_scale

    label = str(entry.get("estimand", ""))
    found = str(entry.get("scale_from", ""))
    if found.endswith("(estimand)") and not _RATIO_CASED.search(label):
        found = ratio_scale(ctx) or "(table)"  # the table read 'log' from a ratio word anywhere in it
    if not ctx.in_table:
        if found.endswith("(estimand)") or _RATIO_CASED.search(label):
            return None
        if m := _MEAN_DIFFERENCE_BEFORE.search(text, max(0, start - 40), start):
            return "linear", f"{' '.join(m.group(0).split())} (just before the estimate)"[:_MAX_WORDS]
        pct = _percent_estimate(text, start, end, entry, ctx)
        return ("asymmetric", pct) if pct and pct.endswith("(sentence)") else None
    if (mark := _CELL_MARK.search(text, start, end + 3)) and re.search(
        rf"(?im:^{re.escape(mark.group(1))}\s{{0,2}}(?:mean\s{{1,3}}difference|difference\s{{1,3}}in\s{{1,3}}means?))",
        ctx.note,
    ):
        return "linear", f"a difference in means (the note of the cell's mark {mark.group(1)})"
    where = str(entry.get("location") or "")
    own = where.split("column:", 1)[1].strip() if "column:" in where else _own_column(text, start, ctx)
    if not own or _OWN_RATIO.search(own) or _GEOMETRIC.search(own) or not found.endswith(_FAR + ("(table)",)):
        return None
    if m := _LINEAR_LABEL.search(own):
        row = where.split("row:", 1)[1].split(" | column:", 1)[0] if "row:" in where else ""
        if (
            p := _PERCENT_LABEL.search(f"{own} {row}")
            or _SHARE.search(f"{own} {row}")
            or _ROW_SHARES.search(ctx.sentence)
        ):
            # 'Difference in vaccine response rate % (95% CI)' (PMC3495723), 'Men (%) | Difference (95% CI)' and
            # arms printed as k/n (%) (PMC3704267): a difference of two proportions, its score or exact interval
            # asymmetric by construction
            return "asymmetric", f"a difference of percentages ({p.group(0)}; own column: {own})"[:_MAX_WORDS]
        return "linear", f"{m.group(0)} (own column: {own})"[:_MAX_WORDS]
    if m := _PERCENT_LABEL.search(own) or _SHARE.search(own) or _PER_TIME.search(own):
        return "asymmetric", f"{m.group(0)} (own column: {own})"[:_MAX_WORDS]
    return None


def difference_or_ratio(text: str, start: int, ctx: Context) -> str | None:
    """For a cell whose own column header names a difference or a ratio: ``"ratio"`` when the cell or its row carries
    the ratio's footnote mark, the words saying it is a difference when the header marks the ratio and the row does
    not, ``""`` (no scale from the header) when the header marks neither; None for any other column.

    >>> from analysis.extraction.passages import context
    >>> t = "Table 2\\n | A | Paired difference * or paired ratio † (95% CI)\\nx | 7 | 10·5 (7·6 to 13·4)\\ny | 2 | 0·50 (0·41 to 0·63) †\\n"
    >>> difference_or_ratio(t, t.index("10·5"), context(t, t.index("10·5"), t.index("10·5") + 4))
    'a difference (the header marks the ratio with †, this row does not)'
    >>> difference_or_ratio(t, t.index("0·50"), context(t, t.index("0·50"), t.index("0·50") + 4))
    'ratio'
    """
    if not ctx.in_table or not (m := _EITHER.search(_own_column(text, start, ctx))):
        return None
    mark = m.group("mark") or m.group("mark2")
    if not mark and re.search(r"(?i:\bmean\b)", row := ctx.sentence.split(" | ", 1)[0]):
        # 'regression coefficient or Odds ratio (95% CI)' over rows 'n (%) stunting' and 'mean (SD) length/age Z'
        # (PMC2887362): a mean's row holds the coefficient
        return f"a difference (the header names both, this row a mean: {row.strip()})"[:_MAX_WORDS]
    if not mark:
        return ""
    if mark in ctx.sentence.split(" | ", 1)[-1]:
        return "ratio"
    return f"a difference (the header marks the ratio with {mark}, this row does not)"


#: an estimate printed as the size of a decrease ('decreased mean glucose by 0.356 mmol/L (95% CI: -1.409, 0.698) and
#: HbAlc by 0.065%', PMC4836696): the decrease word in the sentence, the estimate right after 'by' or 'of', and no word
#: of an increase between
_DECREASE = re.compile(r"(?i:\b(?:decreas|reduc|lower|fell\b|fall|drop|declin)\w{0,6})")
_INCREASE = re.compile(r"(?i:increas|\brose\b|\brise|higher|gain|improv|\bgreater)")
_BY = re.compile(r"(?i:\b(?:by|of)\s{1,3}$)")


def decrease_words(text: str, start: int, end: int, entry: dict, ctx: Context) -> str | None:
    """The words printing an unsigned estimate as the size of a decrease, or None.

    >>> from analysis.extraction.passages import Context
    >>> t = "it decreased mean glucose by 0.356 mmol/L (95% CI: -1.409, 0.698) and HbAlc by 0.065% (95% CI: -0.495, 0.365)"
    >>> decrease_words(t, t.index("0.065"), len(t), {"estimate": "0.065"}, Context(t))
    'decreased ... by (sentence)'
    >>> t = "it increased glucose by 0.356 mmol/L (95% CI: -1.409, 0.698)"
    >>> decrease_words(t, 0, len(t), {"estimate": "0.356"}, Context(t)) is None
    True
    """
    est = str(entry.get("estimate", ""))
    start = find_number(text, est, start, end) if est[:1].isdigit() and not ctx.in_table else -1
    n = len(ctx.sentence)
    i = text.rfind(ctx.sentence, max(0, start - n), start + n) if n and start >= 0 else -1
    if i < 0 or i > start or not _BY.search(text, max(i, start - 6), start):
        return None
    d = next(reversed(list(_DECREASE.finditer(text, i, start))), None)
    if d is None or _INCREASE.search(text, d.end(), start):
        return None
    return f"{d.group(0)} ... by (sentence)"


#: Fisher's exact test named as a test of the paper ('chi-square Fisher exact tests for categorical data', PMC3009979;
#: the words the other way round, 'compared by exact Fisher's test' beside risk ratios, PMC2361806)
_FISHER_PAPER = re.compile(r"(?i:fisher['\u2019]?s?\s{1,3}exact|\bexact\s{1,3}fisher)")
#: how far apart the P of Fisher's exact test and the Wald P an odds or risk ratio's CI implies were seen on one 2 x 2
#: table (PMC3009979: 0.07 and 0.051, 0.004 and 0.002, 0.056 and 0.066, 0.018 and 0.027; within a factor of 2): a
#: printed P within this factor of the Wald P may be the exact test's; one further off is not explained by it (a P of
#: 0.06 printed where the CI gives 0.009 and the table 0.006, a misprint, stays flagged)
_FISHER_FACTOR = 3.0
_HAZARD_LABEL = re.compile(r"(?i:hazard|\bHR\b)")
#: a P named, right after it, as a non-inferiority test's: not the superiority P a two-sided CI implies (PMC5306110:
#: 'HR 0.86; 95.02% CI: 0.74-0.99; P < 0.001 for non-inferiority, P = 0.04 for superiority')
_NONINFERIORITY_P = re.compile(r"(?i:[\s,;]{0,3}(?:(?:for|of)\s{1,3})?(?:the\s{1,3})?non[-\s\u2010\u2011]?inferiority)")


@functools.lru_cache(maxsize=4)
def _fisher_named(text: str) -> str | None:
    """Fisher's exact test named anywhere in ``text``, or None (searched once per text)."""
    m = _FISHER_PAPER.search(text) if "isher" in text else None
    return " ".join(m.group(0).split()) if m else None


def fisher_paper(text: str, entry: dict) -> str | None:
    """Fisher's exact test named anywhere in the paper, for an odds or risk ratio whose printed P (printed with '=')
    is within a factor of :data:`_FISHER_FACTOR` of the Wald P its CI implies: the P may be the exact test's, not
    the CI's; else None.

    >>> e = {"estimate": "3.7", "lower": "0.99", "upper": "13.7", "p": "0.07", "scale": "log", "estimand": "odds ratio"}
    >>> fisher_paper("Fisher's exact tests for categorical data.", e)
    "Fisher's exact (elsewhere in the paper; P within a factor of 3 of the CI's)"
    >>> fisher_paper("Fisher's exact tests for categorical data.", dict(e, estimate="0.13", lower="0.03", upper="0.65",
    ...               p="0.06")) is None
    True
    """
    from math import erfc, log, sqrt
    from statistics import NormalDist

    if entry.get("scale") != "log" or _HAZARD_LABEL.search(str(entry.get("estimand", ""))):
        return None
    named = _fisher_named(text)
    if named is None:
        return None
    try:
        est, lo, hi, p = (
            float(str(entry.get(f, "")).replace("\u2212", "-")) for f in ("estimate", "lower", "upper", "p")
        )
        level = float(str(entry.get("confidence_level") or "95")) / 100
        z = NormalDist().inv_cdf(0.5 + level / 2)
        wald = erfc(abs(log(est)) / ((log(hi) - log(lo)) / (2 * z)) / sqrt(2))
    except (ValueError, ZeroDivisionError):
        return None
    if not (p > 0 and wald > 0 and 1 / _FISHER_FACTOR <= p / wald <= _FISHER_FACTOR):
        return None
    return f"{named} (elsewhere in the paper; P within a factor of {_FISHER_FACTOR:g} of the CI's)"[:_MAX_WORDS]


#: a concordance index (C-index, C-statistic): like an AUC its null is 0.5 and its CI asymmetric near 1, and a P printed
#: beside one compares two of them ('the C-index of our nomogram (0.65; 95%CI, 0.61-0.69) was also higher than that of
#: TNM staging (0.63; 95%CI, 0.59-0.67; P = 0.39)', PMC5610004)
_C_INDEX = re.compile(r"(?i:\bC[- ]?(?:index|indices|statistics?)\b|concordance (?:index|statistic))")
_OTHER_ESTIMAND = re.compile(
    r"(?i:\bNRI\b|\bIDI\b|reclassification|integrated discrimination|\bratio\b|differen|coefficient)|\b(?:OR|HR|RR)\b"
)


def c_index(text: str, start: int, entry: dict) -> str | None:
    """A C-index named before the estimate in its sentence, with no other estimand named between them ('the
    C-statistic improved ..., and continuous NRI improved by 0.26 (95% CI ...)': the NRI's), or None."""
    where = str(entry.get("location") or "")
    if where.startswith("table"):
        m = _C_INDEX.search(where)
        return f"{' '.join(m.group(0).split())} (table row or column): a concordance index" if m else None
    est = str(entry.get("estimate", ""))
    i = find_number(text, est, start, start + 200) if est else -1
    i = i if i >= 0 else start
    window = text[max(0, i - _SENTENCE_BEFORE) : i]
    window = window[max(window.rfind(". "), window.rfind("\n")) + 1 :]
    last = next(reversed(list(_C_INDEX.finditer(window))), None)
    if last is None or _OTHER_ESTIMAND.search(window, last.end()):
        return None
    return f"{' '.join(last.group(0).split())} (sentence): a concordance index"


#: a t test or its rank alternative chosen by the data's distribution, named as the paper's method ('paired t test or
#: the Wilcoxon test, depending on whether the data were normal', PMC4807034): a P beside a t-based CI may be the
#: rank test's, which is larger on the same data
_RANK_PAPER = re.compile(
    r"(?i:\bt[- ]?tests?\s{1,3}or\s{1,3}(?:the\s{1,3})?(?:wilcoxon|mann[- ]whitney)|"
    r"(?:wilcoxon|mann[- ]whitney)(?:\s{1,3}(?:U|rank[- ]sum|signed[- ]rank))?(?:\s{1,3}tests?)?\s{1,3}or\s{1,3}(?:the\s{1,3})?"
    r"(?:paired\s{1,3}|unpaired\s{1,3}|independent\s{1,3})?(?:student['\u2019]?s?\s{1,3})?t[- ]?tests?)"
)
_RANK_FACTOR = 10.0  # how much larger than the CI's normal P a rank test's may be (PMC4807034: 0.009 beside 0.0015)


@functools.lru_cache(maxsize=4)
def _rank_named(text: str) -> str | None:
    """A t test or a rank test, as the data's distribution decides, named anywhere in ``text``, or None."""
    m = _RANK_PAPER.search(text) if ("ilcoxon" in text or "hitney" in text) else None
    return " ".join(m.group(0).split()) if m else None


def rank_paper(text: str, entry: dict) -> str | None:
    """A rank test named as the paper's alternative to a t test, for a linear estimate whose printed P is larger
    than the P its CI implies, by at most :data:`_RANK_FACTOR`, and on the same side of 0.05: the P may be the rank
    test's; else None.

    >>> e = {"estimate": "4.25", "lower": "1.62", "upper": "6.87", "p": "0.009", "scale": "linear"}
    >>> rank_paper("the paired t test or the Wilcoxon test, as the data were normal or not", e)
    "t test or the Wilcoxon (elsewhere in the paper; P up to 10 times the CI's)"
    >>> rank_paper("the paired t test or the Wilcoxon test", dict(e, p="0.30")) is None
    True
    """
    from math import erfc, sqrt
    from statistics import NormalDist

    if entry.get("scale") == "log":
        return None
    named = _rank_named(text)
    if named is None:
        return None
    try:
        est, lo, hi, p = (
            float(str(entry.get(f, "")).lstrip("<=").replace("\u2212", "-"))
            for f in ("estimate", "lower", "upper", "p")
        )
        level = float(str(entry.get("confidence_level") or "95")) / 100
        z = NormalDist().inv_cdf(0.5 + level / 2)
        wald = erfc(abs(est) / ((hi - lo) / (2 * z)) / sqrt(2))
    except (ValueError, ZeroDivisionError):
        return None
    if not (wald > 0 and 1 <= p / wald <= _RANK_FACTOR and (p < 0.05) == (wald < 0.05)):
        return None
    return f"{named} (elsewhere in the paper; P up to {_RANK_FACTOR:g} times the CI's)"[:_MAX_WORDS]


#: a sphericity correction named ('Greenhouse-Geisser adjusted p-values', PMC5784955), else a repeated-measures design
_SPHERICITY = re.compile(r"(?i:greenhouse|huynh|sphericity)")
_REPEATED = re.compile(r"(?i:repeated[- ]measures?|within[- ]subjects?)")


@functools.lru_cache(maxsize=4)
def sphericity_paper(text: str) -> str | None:
    """The words that let an F's P be sphericity-corrected while its df are printed uncorrected: a correction named
    anywhere in the paper, else a repeated-measures design named (no correction declared); None when neither.

    >>> sphericity_paper("RM-ANOVAs (with Greenhouse-Geisser adjusted p-values when appropriate) were used")
    'Greenhouse (sphericity correction named in the paper)'
    >>> sphericity_paper("an analysis of variance for repeated measures with the factors mode and time")
    'repeated measures (design named in the paper; no correction named)'
    >>> sphericity_paper("a one-way ANOVA compared the three arms") is None
    True
    """
    # each search tried only where its words stand in the text's folding (keyindex: _SPHERICITY's alternatives are those
    # words, one per first letter; each match of _REPEATED starts with one): the leftmost match, as the search gave it,
    # without entering the case-insensitive alternations at every position (4.9 ms over statcheck-dev)
    if first := min(((h[0], k) for k in ("greenhouse", "huynh", "sphericity") if (h := _hits(text, k))), default=None):
        return f"{text[first[0] : first[0] + len(first[1])]} (sphericity correction named in the paper)"
    for i in sorted((*_hits(text, "repeated"), *_hits(text, "within"))):
        if m := _REPEATED.match(text, i):
            return f"{m.group(0)} (design named in the paper; no correction named)"
    return None


#: a sample size printed: '21 consecutive favorable prognosis patients', 'n = 21', 'Number of patients | 21' (PMC3620559)
_SIZE = re.compile(
    r"(?<![\d.,])(\d{1,5})\s(?!(?i:million|billion|thousand|hundred|per)\b)(?:[A-Za-z-]{1,30}\s){0,3}(?:patients|participants|subjects|women|men|children|adults|"
    r"volunteers|individuals|persons|people)\b|\b[nN]\s{0,2}=\s{0,2}(\d{1,5})(?![\d.])|"
    r"(?i:number of (?:patients|participants|subjects))\W{1,5}(\d{1,5})(?![\d.])"
)


@functools.lru_cache(maxsize=4)
def sizes_paper(text: str) -> frozenset[str]:
    """The sample sizes the paper prints (a count of people, 'n = 21', a 'Number of patients' cell), as printed.

    >>> sorted(sizes_paper("a pilot study of 21 consecutive favorable prognosis patients; controls (n = 15)"))
    ['15', '21']
    >>> sorted(sizes_paper("more than 25 million people play video games"))
    []
    """
    return frozenset(next(g for g in m.groups() if g) for m in _SIZE.finditer(text))


#: a t with its df and an exact P ('t (100) = 2.02, p = .044', PMC5950935)
_T_P = re.compile(
    r"(?<![\w])t\s{0,2}\(\s{0,2}(\d{1,5})\s{0,2}\)\s{0,2}=\s{0,2}[-\u2212]?(\d{1,3}\.\d{1,3}),?\s{0,3}"
    r"[pP]\s{0,2}=\s{0,2}(0?\.\d{2,4})(?![\d.])"
)


def normal_sentence(text: str, start: int, end: int) -> str | None:
    """Whether every t of the sentence around ``text[start:end]`` (at least two) prints a P that the normal
    distribution gives over the statistic's rounding and its t distribution does not (PMC5950935: 't (100) = 2.02,
    p = .044 and t (140) = 2.15, p = .032'): the paper computed its Ps against z.

    >>> normal_sentence("Both (t (100) = 2.02, p = .044 and t (140) = 2.15, p = .032).", 6, 30) is not None
    True
    >>> normal_sentence("Both (t (100) = 2.02, p = .046 and t (140) = 2.15, p = .032).", 6, 30) is None
    True
    """
    from scipy import special  # norm.sf and t(df).sf as their ufuncs, without a frozen distribution per t (issue 22)

    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    b = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
    found = list(_T_P.finditer(text, a, b))
    for m in found:
        df, t, p = int(m.group(1)), m.group(2), m.group(3)
        h, dec = 0.5 * 10 ** -len(t.split(".")[1]), len(p.split(".")[1])
        lo, hi = float(t) - h, float(t) + h
        u = 0.5 * 10**-dec  # a P fits where its rounding interval meets the Ps of the statistic's interval
        z, tt = [  # the normal's and the t's survival at hi and lo (norm.sf and t.sf call these)
            2 * up <= float(p) + u and float(p) - u <= 2 * down
            for up, down in (special.ndtr([-hi, -lo]), special.stdtr(df, [-hi, -lo]))
        ]
        if not z or tt:
            return None
    return f"{len(found)} t tests of the sentence print Ps of the normal distribution" if len(found) > 1 else None


def relabel(text: str, start: int, end: int, entry: dict, ctx: Context) -> dict:
    """Write into a draft ``estimate_ci_p`` entry what :func:`c_index`, :func:`nearer_label` and :func:`fisher_paper`
    find (after :func:`analysis.extraction.evidence.fill` read the words farther off), into an F with more than one
    numerator df what :func:`sphericity_paper` finds; returns the entry (any other kind unchanged)."""
    df = str(entry.get("df", "")).split(",")[0].strip()
    if entry.get("test") == "F" and df.isdigit() and int(df) > 1 and (words := sphericity_paper(text)):
        entry["sphericity"] = words
    if entry.get("test") == "r" and str(entry.get("df", "")).isdigit() and entry["df"] in sizes_paper(text):
        entry["df_from"] = f"{entry['df']} is a sample size the paper prints (r(n) with n, not df, in the bracket?)"
    elif entry.get("test") == "r" and str(entry.get("df", "")).isdigit() and int(entry["df"]) > 3:
        # 'r(56) = -.300' beside 't(54) = -1.71' for the same 56 (PMC4236282): the paper's t has df n - 2
        if re.search(rf"(?<![\w.])t\s{{0,2}}\(\s{{0,2}}{int(entry['df']) - 2}\s{{0,2}}\)", text):
            entry["df_from"] = f"the paper prints t({int(entry['df']) - 2}): r({entry['df']}) with n, not df?"
        elif by_n := r_with_n_paper(text, sizes_paper(text)):  # the paper's other r(k) fit k as n (df_readings.py)
            entry["df_from"] = by_n
    if entry.get("kind") == "test_statistic" and "p" in entry and (swapped := swapped_f(entry)):
        entry["p_test"] = swapped
    if entry.get("test") == "t" and (z := normal_sentence(text, start, end)):
        entry["normal_from"] = z
    if (
        entry.get("kind") == "test_statistic"
        and "p" in entry
        and "p_test" not in entry
        and (other := p_reading(text, start, end, entry))
    ):
        entry["p_test"] = other  # an exact test's, an imputed average's or a corrected voxel's P (pvalue_readings.py)
    if entry.get("kind") != "estimate_ci_p":
        return entry
    if "interval" not in entry and (c := c_index(text, start, entry)):
        entry["interval"], entry["interval_from"] = "asymmetric", c
    if entry.get("scale") == "log" and "interval" not in entry and (either := difference_or_ratio(text, start, ctx)):
        if either == "ratio":
            entry["scale_from"] = "a ratio: the row carries the mark its column header gives the ratio"
        elif either:
            entry["scale"], entry["scale_from"] = "linear", f"not a ratio: {either}"[:_MAX_WORDS]
        else:  # the header names both and marks neither: the numbers decide (a draft's log reading), not the header
            entry.pop("scale")
            entry.pop("scale_from", None)
    if entry.get("scale") == "log" and "interval" not in entry and (near := nearer_label(text, start, end, entry, ctx)):
        entry["scale"], entry["scale_from"] = "linear", f"not a ratio: {near[1]}"[:_MAX_WORDS]
        if near[0] == "asymmetric":
            entry["interval"], entry["interval_from"] = "asymmetric", near[1][:_MAX_WORDS]
    if sign := decrease_words(text, start, end, entry, ctx):
        entry["sign_from"] = sign
    if "p" in entry and "p_test" not in entry and _NONINFERIORITY_P.match(text, end, end + 40):
        entry["p_test"] = "a non-inferiority test (named after the P)"
    if "p" in entry and "p_test" not in entry and (fisher := fisher_paper(text, entry)):
        entry["p_test"] = fisher
    if "p" in entry and "p_test" not in entry and (rank := rank_paper(text, entry)):
        entry["p_test"] = rank
    if "p" in entry and "p_test" not in entry and (other := asymptotic_test(text, entry, ctx.label)):
        entry["p_test"] = other  # a chi-square or log-rank P beside a ratio's Wald CI (pvalue_readings.py)
    if "p" in entry and "p_test" not in entry and (margin := margin_test(text, entry)):
        entry["p_test"] = margin
    return entry
