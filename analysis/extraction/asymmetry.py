"""Intervals asymmetric by design that the words beside an estimate do not name: a table in which some interval has
an infinite bound (only exact or profile-likelihood intervals give one, so its siblings are of the same kind,
:func:`infinite_sibling`), a number needed to treat (the reciprocal of a risk difference's interval), a paper that
says its confidence intervals are bootstrapped (:func:`bootstrap_paper`), a share whose printed CI a proportion's
exact or score interval reproduces (:func:`proportion_interval` with the count printed, :func:`reproduced_proportion`
for some n). :func:`by_design` applies them to an
estimate, for :func:`analysis.extraction.evidence.fill`.

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .passages import Context

__all__ = [
    "RELATIVE_MEASURE",
    "bootstrap_paper",
    "by_design",
    "infinite_sibling",
    "proportion_interval",
    "reproduced_proportion",
    "SHARE_WORDS",
]

_MAX_WORDS = 120  # the evidence kept, in characters (as evidence.py's)
_TABLE_LINES = 80  # lines searched either side of a table row for its block
#: an interval with an infinite bound: '[1.28, ∞]', '(1.3 to inf)' (PMC3987889)
_INFINITE = re.compile(
    r"[\[(]\s{0,2}[-\u2212]?\d{1,6}(?:\.\d{1,6})?\s{0,2}(?:,|;|to|-|\u2013)\s{0,2}(?:∞|\+∞|[Ii]nf(?:inity)?\b)\s{0,2}[\])]"
)
#: (for evidence.ratio_scale) a 'relative <measure>' of a test's accuracy or yield, the ratio of two proportions ('relative sensitivity 1.58
#: (1.22 to 2.01)' of one screening test against another, PMC4339260); a relative reduction or change is not one
RELATIVE_MEASURE = (
    r"(?i:\brelative\s{1,3}(?:sensitivit(?:y|ies)|specificit(?:y|ies)|referrals?|detection(?:\s{1,3}rates?)?|"
    r"(?:positive|negative)\s{1,3}predictive\s{1,3}values?|PPVs?|NPVs?|yields?)\b(?!\s{1,3}(?:reduction|change|difference)))"
)
#: a number needed to treat or harm: its CI is the reciprocal of a risk difference's (PMC2702335)
#: (the words split by the interval's label in a column header, 'Number needed (95% CI) to treat', PMC4313058)
_NNT = re.compile(
    r"(?i:\bNN[TH]s?\b|numbers?[-\s]{1,3}needed[-\s]{1,3}(?:\([^()]{0,20}\)\s{1,3})?to[-\s]{1,3}(?:treat|harm))"
)
#: an NNT in words: 'for every 76 (95% CI ...) women treated ..., there was one less woman with ...' (PMC4313058): the
#: words before the estimate, and the one fewer or more person of the same sentence after it
_FOR_EVERY = re.compile(r"(?i:\bfor\s{1,3}every\s{1,3}$)")
_ONE_LESS = re.compile(r"(?i:\bone\s{1,3}(?:less|fewer|more|additional|extra)\b)")
_SENTENCE_END = re.compile(r"\.(?:\s|$)")
#: a list of results closed by 'respectively' ('NNT ... at 5, 15, and 30 minutes were 4 (...), 3 (...), and 4 (...),
#: respectively', PMC5703756), and a measure named between the list's subject and an estimate (another subject)
_RESPECTIVELY = re.compile(r"(?i:\brespectively\b)")
_OTHER_MEASURE = re.compile(r"(?i:differen|\brisks?\b|ratio|reduction|\bmeans?\b|\brates?\b|\bARR\b|\bRD\b)")
#: an efficacy or relative (risk) reduction named just before its estimate, 100 x (1 - RR) with the CI from the log
#: RR: asymmetric on the linear and the log scale, capped at 100 ('efficacy 15.9%; 95% CI: -19.9, 41.3', PMC3698010;
#: 'RRR (relative risk reduction) is 88% (95% CI 23-100%)', PMC2690844)
_REDUCTION = re.compile(
    r"(?i:(?P<w>\befficacy|\bRRR\b|relative\s{1,2}(?:risk\s{1,2})?reduction|prevented\s{1,2}fraction)[^\d.;]{0,30}$)"
)
#: the estimate printed as a percentage: an efficacy or reduction is one ('RRR 0·50 [95% CI 0·34-0·73]' is a multinomial
#: model's relative risk ratio, PMC5075282)
_PERCENT_AT = re.compile(r"[-\u2212]?\d{1,3}(?:[.\u00b7]\d{1,3})?\s{0,2}%")
#: the paper's CIs declared bootstrapped ('bias-corrected 95% bootstrap estimates ... to generate confidence
#: intervals', PMC5860698; 'confidence intervals were obtained by bootstrapping')
#: ('a nonparametric bootstrap procedure [20] with 5,000 Monte Carlo simulations to estimate two-sided p values and 95 %
#: confidence intervals', PMC4967427; 'The 95% confidence intervals of the difference between two geometric means were
#: obtained using 9,999 bootstrap replicates', PMC3772033)
_BOOTSTRAP_CI = re.compile(
    r"(?i:bootstrap\w{0,4}[^.;]{0,80}?\b(?:to (?:generate|obtain|compute|calculate|estimate)|for)\s{1,3}"
    r"(?:[^.;]{0,40}?\band\s{1,3})?(?:the\s{1,3})?(?:95\s{0,2}%\s{0,2})?(?:confidence intervals?|CIs?)\b|"
    r"\b(?:confidence intervals?|CIs?)\s{1,3}(?:\([^)]{0,12}\)\s{1,3})?(?:(?:of|for)\s{1,3}(?P<what>[^.;()]{1,60}?)\s{1,3})?"
    r"(?:were|was)\s{1,3}"
    r"(?:generated|obtained|computed|calculated|estimated|derived|constructed)\s{1,3}(?:by|using|with|from)\s{1,3}"
    r"(?:a\s{1,3}|the\s{1,3})?(?:[\d,]{1,7}\s{1,3})?(?:bias[- ]corrected\s{1,3}(?:and\s{1,3}accelerated\s{1,3})?)?"
    r"bootstrap)"
)
#: words that restrict a bootstrap to some estimates (costs, indirect effects: evidence._paper_interval's)
_RESTRICTED = re.compile(r"(?i:\bcosts?\b|indirect|mediat|\bICER|\bICCs?\b|intra-?class|intra-?cluster)")


def infinite_sibling(text: str, start: int, ctx: Context) -> str | None:
    """An interval with an infinite bound printed in the table that holds ``start``, or None.

    >>> from analysis.extraction.passages import context
    >>> t = "Table 3\\n | OR [95% CI]\\nA | 1.18 [1.05, 1.41]\\nB | 2.10 [1.28, ∞]\\n"
    >>> infinite_sibling(t, t.index("1.18"), context(t, t.index("1.18"), t.index("1.18") + 4))
    'an interval with an infinite bound in the same table: [1.28, ∞] (exact or profile likelihood)'
    >>> t = "Table 3\\n | OR [95% CI]\\nA | 1.18 [1.05, 1.41]\\nB | 2.10 [1.28, 3.4]\\n"
    >>> infinite_sibling(t, t.index("1.18"), context(t, t.index("1.18"), t.index("1.18") + 4)) is None
    True
    """
    if not ctx.in_table or ("∞" not in text and "nf" not in text):
        return None
    lines = _block_lines(text, start)
    m = _INFINITE.search(lines)
    if not m:
        return None
    return f"an interval with an infinite bound in the same table: {m.group(0)} (exact or profile likelihood)"[
        :_MAX_WORDS
    ]


def _listed_nnt(text: str, start: int, ctx: Context) -> str | None:
    """An NNT named as the subject of a list of results closed by 'respectively' that holds the estimate at
    ``start`` (no other measure named between), or None.

    >>> from analysis.extraction.passages import context
    >>> t = "NNT at 5 and 30 minutes were 3 (95% CI: 1.7 - 3.5) and 4 (95% CI: 2.3 - 15.9), respectively. "
    >>> _listed_nnt(t, t.index("4 ("), context(t, t.index("4 ("), t.index("4 (") + 1))
    'NNT (subject of a list closed by respectively)'
    """
    n = len(ctx.sentence)
    i = text.rfind(ctx.sentence, max(0, start - n), start + n) if n else -1
    if i < 0 or i > start:
        return None
    head, tail = text[i:start], text[start : i + len(ctx.sentence)]
    m = _NNT.search(head)
    if not m or not _RESPECTIVELY.search(tail) or _OTHER_MEASURE.search(head, m.end()):
        return None
    return f"{m.group(0)} (subject of a list closed by respectively)"


def _sentence_after(text: str, start: int) -> str:
    """The rest of the sentence from ``start`` (at most 300 characters; a decimal point does not end it)."""
    m = _SENTENCE_END.search(text, start, start + 300)
    return text[start : m.start() if m else start + 300]


#: a count over its denominator just before a percentage: '263/288 patients (91.3%; 95% CI ...' (PMC5960495)
_COUNT_BEFORE = re.compile(
    r"(?<![\d./])(\d{1,6})\s{0,2}(?:/|\bof\b|\bout\s{1,3}of\b)\s{0,2}(\d{1,6})(?:\s{1,3}[^\W\d]{1,20}){0,2}"
    r"\s{0,2}[(\[,]\s{0,2}$"
)


def _proportion_bounds(k: int, n: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The range of the lower and of the upper bounds (in percent) of a proportion's 95% score (Wilson), exact
    (Clopper-Pearson), Jeffreys and Agresti-Coull intervals, from statsmodels' ``proportion_confint`` (the methods
    compared by Newcombe 1998, doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E)."""
    from statsmodels.stats.proportion import proportion_confint

    bounds = [proportion_confint(k, n, alpha=0.05, method=m) for m in ("wilson", "beta", "jeffreys", "agresti_coull")]
    lows, highs = [100 * float(b[0]) for b in bounds], [100 * float(b[1]) for b in bounds]
    return (min(lows), max(lows)), (min(highs), max(highs))


def proportion_interval(text: str, start: int, entry: dict) -> str | None:
    """For a percentage printed with its own count and denominator just before it ('263/288 patients (91.3%; 95% CI
    87.4-94.1)', PMC5960495) and a 95% CI whose bounds lie where a proportion's score, exact, Jeffreys or
    Agresti-Coull interval puts them (within a tenth of the half-width): words saying it is a proportion's interval,
    asymmetric by design near 0 or 100%; None otherwise (a CI the methods do not give stays tested).

    >>> t = "Some 263/288 patients (91.3%; 95% CI 87.4-94.1) improved"
    >>> proportion_interval(t, t.index("91.3"), {"estimate": "91.3", "lower": "87.4", "upper": "94.1"})
    "a proportion's interval (263/288 = 91.3%): score or exact intervals are asymmetric near 0 or 100%"
    >>> proportion_interval(t, t.index("91.3"), {"estimate": "91.3", "lower": "89.5", "upper": "97.1"}) is None
    True
    """
    m = _COUNT_BEFORE.search(text, max(0, start - 40), start)
    if not m or not _PERCENT_AT.match(text, start) or str(entry.get("confidence_level") or "95") != "95":
        return None
    k, n = int(m.group(1)), int(m.group(2))
    est = str(entry.get("estimate", "")).strip()
    read = _printed(est, str(entry.get("lower", "")).strip(), str(entry.get("upper", "")).strip())
    if read is None:
        return None
    (e, low, high), decimals = read
    d = max(decimals)
    if not 0 < k <= n or abs(100 * k / n - e) > 0.5 * 10**-d + 1e-9 or not low <= e <= high:
        return None
    (l1, l2), (h1, h2) = _proportion_bounds(k, n)
    slack = 0.5 * 10**-d + 0.1 * (h2 - l1) / 2
    if not (l1 - slack <= low <= l2 + slack and h1 - slack <= high <= h2 + slack):
        return None
    return f"a proportion's interval ({k}/{n} = {est}%): score or exact intervals are asymmetric near 0 or 100%"


#: statsmodels' names of the proportion intervals tried, and the words for each
_PROPORTION_METHODS = (
    ("beta", "exact (Clopper-Pearson)"),
    ("wilson", "score (Wilson)"),
    ("jeffreys", "Jeffreys"),
    ("agresti_coull", "Agresti-Coull"),
)
_MAX_PROPORTION_N = 2000  # denominators tried: every n up to this


def _printed(est: str, lo: str, hi: str) -> tuple[tuple[float, float, float], tuple[int, int, int]] | None:
    """The values and decimals of an estimate and its bounds as printed (:func:`analysis.reported.parse_reported`), or
    None for a string that is no printed number."""
    from ..reported import parse_reported

    try:
        a, b, c = (parse_reported(x) for x in (est, lo, hi))
    except ValueError:
        return None
    return (a.value, b.value, c.value), (a.decimals, b.decimals, c.decimals)


#: words naming a share (review13b, session 13: without them a score's misprinted normal interval could read as one)
SHARE_WORDS = re.compile(
    r"(?i:sensitivit|specificit|prevalen|proportion|incidence|predictive\s{1,3}value|\b[PN]PV\b|accuracy|"
    r"percentage|(?:detection|response|remission|cure|success|positivity|completion|adherence)\s{1,3}rates?\b)"
)


def reproduced_proportion(entry: dict) -> str | None:
    """Words saying that a share's 95% interval reproduces the printed CI, or None: an estimate of at least 5% (on the
    0-100 or the 0-1 scale, as the upper bound says) whose CI, asymmetric around it, is to the printed decimals the exact
    (Clopper-Pearson), score (Wilson), Jeffreys or Agresti-Coull interval of k/n for some n up to 2,000 with k/n the
    estimate (the methods compared by Newcombe 1998, doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E;
    statsmodels' ``proportion_confint``). Such intervals are asymmetric by construction, so the estimate's place in its
    CI says nothing of an error (a table of sensitivities with their exact CIs, PMC3634976). Bounds need a decimal of a
    percent (three decimals on the 0-1 scale): coarser prints fit some n by chance (a random asymmetric interval printed
    to whole percents fits one in nine times, to one decimal one in sixty, to two none in 300). The caller rules out
    ratios.

    >>> reproduced_proportion({"estimate": "72.0", "lower": "50.6", "upper": "87.9"})
    "a proportion's interval: the exact (Clopper-Pearson) 95% CI of 18/25 = 72.0% is 50.6 to 87.9, asymmetric by design"
    >>> reproduced_proportion({"estimate": "72.0", "lower": "52.6", "upper": "89.9"}) is None
    True
    """
    if str(entry.get("confidence_level") or "95").strip() != "95":
        return None
    return _reproduced(*(str(entry.get(f, "")).strip() for f in ("estimate", "lower", "upper")))


@functools.lru_cache(maxsize=4096)
def _reproduced(est: str, lo: str, hi: str) -> str | None:
    """:func:`reproduced_proportion` of the printed strings (cached: a table repeats its intervals)."""
    read = _printed(est, lo, hi)
    if read is None:
        return None
    (e, low, high), decimals = read
    d = max(decimals)
    scale = 1.0 if high <= 1 else 100.0
    if not (0 <= low <= e <= high <= scale and e >= 0.05 * scale and min(decimals[1:]) >= 1 + 2 * (scale == 1)):
        return None
    half = 0.5 * 10.0**-d
    if abs((low + high) / 2 - e) <= half:
        return None  # symmetric to the print: nothing to explain
    import numpy as np
    from statsmodels.stats.proportion import proportion_confint  # here: most scans never need it

    n = np.arange(2, _MAX_PROPORTION_N + 1)
    k = np.round(e / scale * n)
    fits = np.abs(k / n * scale - e) <= half + 1e-12
    k, n = k[fits], n[fits]
    for method, words in _PROPORTION_METHODS:
        a, b = proportion_confint(k, n, alpha=0.05, method=method)
        hit = np.flatnonzero((np.abs(a * scale - low) <= half + 1e-9) & (np.abs(b * scale - high) <= half + 1e-9))
        if hit.size:
            i = hit[0]
            share = f"{est}%" if scale == 100 else est
            return (
                f"a proportion's interval: the {words} 95% CI of {int(k[i])}/{int(n[i])} = {share} is {lo} to {hi}, "
                "asymmetric by design"
            )[:_MAX_WORDS]
    return None


def _block_lines(text: str, start: int) -> str:
    """The run of table lines (holding ' | ') around ``start``, at most _TABLE_LINES either side."""
    a = text.rfind("\n", 0, start) + 1
    for _ in range(_TABLE_LINES):
        p = text.rfind("\n", 0, max(0, a - 1)) + 1
        if p >= a or " | " not in text[p:a]:
            break
        a = p
    b = text.find("\n", start)
    b = len(text) if b < 0 else b
    for _ in range(_TABLE_LINES):
        q = text.find("\n", b + 1)
        q = len(text) if q < 0 else q
        if q <= b or " | " not in text[b:q]:
            break
        b = q
    return text[a:b]


@functools.lru_cache(maxsize=64)
def bootstrap_paper(text: str) -> str | None:
    """Words declaring the paper's confidence intervals bootstrapped (not only those of costs or indirect effects),
    or None.

    >>> bootstrap_paper("We used bias-corrected 95% bootstrap estimates from 10,000 repetitions to generate confidence intervals (CIs).")
    'bootstrap estimates from 10,000 repetitions to generate confidence intervals (elsewhere in the paper)'
    >>> bootstrap_paper("Bootstrapped CIs were used for costs. Means were compared by t tests.") is None
    True
    """
    if "ootstrap" not in text:
        return None
    for m in _BOOTSTRAP_CI.finditer(text):
        a = text.rfind(". ", max(0, m.start() - 200), m.start())
        b = text.find(". ", m.end(), m.end() + 200)
        if not _RESTRICTED.search(text, a + 1 if a >= 0 else max(0, m.start() - 200), b if b >= 0 else m.end() + 200):
            return f"{' '.join(m.group(0).split())} (elsewhere in the paper)"[:_MAX_WORDS]
    return None


def by_design(text: str, start: int, ctx: Context, estimand: str = "", entry: dict | None = None) -> str | None:
    """Why the interval of the estimate at ``start`` is asymmetric by design where its own words do not say it, or
    None: a number needed to treat (its estimand, the words naming it or its column), a sibling interval with an infinite bound in its
    table, CIs the paper declares bootstrapped.

    >>> from analysis.extraction.passages import Context
    >>> by_design("", 0, Context("NNT estimates ranged from 5.1 (95% CI 3.4 to 10.7)", label="NNT estimates ranged from"))
    'NNT (label)'
    >>> by_design("", 0, Context("mean difference 5.1 (95% CI 3.4 to 10.7)", label="mean difference")) is None
    True
    """
    m = _NNT.search(estimand)
    if m:
        return f"{m.group(0)} (estimand)"
    for name, part in (("label", ctx.label), ("column header", ctx.header if ctx.in_table else "")):
        m = _NNT.search(part)
        if m:
            return f"{m.group(0)} ({name})"
    if text and (m := _REDUCTION.search(text, max(0, start - 60), start)) and _PERCENT_AT.match(text, start):
        return f"{' '.join(m.group('w').split())}, 100 x (1 - RR) with its CI from the log RR"[:_MAX_WORDS]
    if text and entry is not None and (prop := proportion_interval(text, start, entry)):
        return prop
    if text and _FOR_EVERY.search(text, max(0, start - 12), start) and _ONE_LESS.search(_sentence_after(text, start)):
        return "NNT in words (for every n treated, one person fewer or more with the outcome)"
    if text and not ctx.in_table and (listed := _listed_nnt(text, start, ctx)):
        return listed
    found = infinite_sibling(text, start, ctx)
    if found:
        return found
    boot = bootstrap_paper(text) if text else None
    if boot and (only := _bootstrapped_only(text)) and not only.search(f"{ctx.label} {ctx.sentence}"):
        return None
    return f"bootstrapped CIs: {boot}"[:_MAX_WORDS] if boot else None


#: the words that name nothing particular in a restriction ('the difference between two ... means')
_PLAIN = frozenset("the difference differences between two means mean groups group intervention control of in".split())


@functools.lru_cache(maxsize=64)
def _bootstrapped_only(text: str) -> re.Pattern | None:
    """For CIs declared bootstrapped only for some estimates ('confidence intervals of the difference between two
    geometric means were obtained using ... bootstrap', PMC3772033): a pattern of their particular words (a geometric
    mean also as GM), which an estimate's row or sentence must print for the bootstrap to be its; None without a restriction."""
    found = list(_BOOTSTRAP_CI.finditer(text))
    m = found[0] if found and all(x.group("what") for x in found) else None
    if m is None:
        return None
    words = [w for w in re.findall(r"[^\W\d_]{3,}", m.group("what").lower()) if w not in _PLAIN]
    if not words:
        return None
    alts = [re.escape(w[:8]) for w in words] + (["\\bGMs?\\b"] if "geometric" in words else [])
    return re.compile("(?i:" + "|".join(alts) + ")")
