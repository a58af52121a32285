"""Intervals asymmetric by design that the words beside an estimate do not name: a table in which some interval has
an infinite bound (only exact or profile-likelihood intervals give one, so its siblings are of the same kind,
:func:`infinite_sibling`), a number needed to treat (the reciprocal of a risk difference's interval), a paper that
says its confidence intervals are bootstrapped (:func:`bootstrap_paper`). :func:`by_design` applies them to an
estimate, for :func:`analysis.extraction.evidence.fill`.

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .passages import Context

__all__ = ["bootstrap_paper", "by_design", "infinite_sibling"]

_MAX_WORDS = 120  # the evidence kept, in characters (as evidence.py's)
_TABLE_LINES = 80  # lines searched either side of a table row for its block
#: an interval with an infinite bound: '[1.28, ∞]', '(1.3 to inf)' (PMC3987889)
_INFINITE = re.compile(
    r"[\[(]\s{0,2}[-\u2212]?\d{1,6}(?:\.\d{1,6})?\s{0,2}(?:,|;|to|-|\u2013)\s{0,2}(?:∞|\+∞|[Ii]nf(?:inity)?\b)\s{0,2}[\])]"
)
#: a number needed to treat or harm: its CI is the reciprocal of a risk difference's (PMC2702335)
_NNT = re.compile(r"(?i:\bNN[TH]s?\b|numbers? needed to (?:treat|harm))")
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


def by_design(text: str, start: int, ctx: Context, estimand: str = "") -> str | None:
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
