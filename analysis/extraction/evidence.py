"""Evidence in the text around a number for the preconditions of the checks: integer or continuous
data, a ratio (log) scale, an interval asymmetric by construction, an adjusted or a one-tailed P.

May import analysis.reported and the modules of this package only.

Each finder reads the number's context (:func:`context`: its sentence, or for a table cell its row, the
table's header rows, caption and notes), every pattern linear and every window bounded, and returns the
words that show it (a short fragment, at most 120 characters) or None. Nothing is guessed: no evidence is
None, and the audit then does not run the check that needs it. A P printed beside a CI is also read as
possibly adjusted when the paper names a multiplicity adjustment (Tukey, Bonferroni, emmeans ...) anywhere:
that is stated once, in the methods, not beside each number (an adjusted P is never smaller than the
unadjusted one, so the audit still tests a printed P that is too small). :func:`fill` writes what was found into a
draft entry's ledger fields (``measurement``, ``scale``/``scale_from``, ``interval``, ``p_adjusted``,
``one_tailed``; ``data/README.md``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

from ..reported import find_number
from .asymmetry import RELATIVE_MEASURE, SHARE_WORDS, by_design, reproduced_proportion
from .keyindex import BASE, _fold, _key_index
from .labels import relabel
from .passages import (
    _BEFORE,
    _KEYS,
    _MAX_WORDS,
    Context,
    KeyedSearch,
    _after_rows,
    _first,
    _walk,
    context,
)
from .tokens import around

__all__ = [
    "Context",
    "context",
    "measurement",
    "estimated_percent",
    "ratio_scale",
    "asymmetric_interval",
    "asymmetric_method",
    "adjusted_p",
    "one_tailed",
    "difference_head",
    "fill",
]

# ----------------------------------------------------------------------------------------- integer or continuous

#: counts and instruments whose items are integers (a total or a mean of integer items)
_INTEGER = re.compile(
    r"(?i:\bnumber of\b|\bno\.\s{0,2}of\b|\bcounts?\b|\bepisodes\b|\btimes per\b|\d{1,2}[- ]point\b|\bitems?\b|"
    r"\blikert\b|\bscored\s{0,3}(?:from\s{0,3})?\d{1,3}\s{0,2}(?:-|–|to)\s{0,2}\d{1,3}\b|"
    r"\b(?:range|scale|scores?)\s{0,3}(?:of\s{0,2}|:\s{0,2})?[(\[]?\s{0,2}\d{1,3}\s{0,2}(?:-|–|to)\s{0,2}\d{1,3}\b)"
    r"|\b(?:MADRS|HAM-?D(?:17|-17|21)?|HDRS|HRSD|HAM-?A|BDI(?:-II)?|PHQ-?9|GAD-?7|PANSS|YMRS|MMSE|MoCA|QIDS(?:-SR)?|"
    r"CGI(?:-[SI])?|BPRS|CES-D|EDSS|MFIS|FSS|K-?10|ADAS-?Cog|NIHSS|Apgar|PSQI|ISI|CAPS|PCL-5|Y-?BOCS|SDQ|AUDIT)\b"
)
_INTEGER_KEYS = (
    "number",
    "no.",
    "count",
    "episod",
    "times per",
    "point",
    "item",
    "likert",
    "scor",
    "range",
    "scale",
    "madrs",
    "ham",
    "hdrs",
    "hrsd",
    "bdi",
    "phq",
    "gad",
    "panss",
    "ymrs",
    "mmse",
    "moca",
    "qids",
    "cgi",
    "bprs",
    "ces",
    "edss",
    "mfis",
    "fss",
    "k10",
    "k-10",
    "adas",
    "nihss",
    "apgar",
    "psqi",
    "isi",
    "caps",
    "pcl",
    "bocs",
    "sdq",
    "audit",
)
#: units and labels of continuous quantities (they win over integer evidence: not testable rather than wrong), as
#: lower-case words; "/" followed by one of _PER is a rate or a concentration
_CONTINUOUS = frozenset(
    (
        "kg",
        "g",
        "mg",
        "µg",
        "μg",
        "ug",
        "mcg",
        "ng",
        "pg",
        "mm",
        "cm",
        "ml",
        "dl",
        "mmhg",
        "mmol",
        "µmol",
        "μmol",
        "umol",
        "nmol",
        "pmol",
        "iu",
        "bpm",
        "kcal",
        "hz",
        "ms",
        "sec",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "yr",
        "yrs",
        "bmi",
        "weight",
        "height",
        "age",
        "ratio",
        "log",
        "time",
        "duration",
        "dose",
        "doses",
        "level",
        "levels",
        "concentration",
        "pressure",
        "volume",
        "°c",
        # counts of cells or bacteria are concentrations (per µL, per mL, per gram of stool) or their logs
        # (log10 CFU): 'Red blood cell count (10^6/µL)' 2.64 ± 0.26 (PMC3747462), a table of 'Fecal bacterial
        # count' 9.66 ± 0.06 (PMC3984795), sputum 'Total cells' 4.52 ± 1.51 under a caption of cell counts (PMC5819581)
        "cell",
        "cells",
        "bacteria",
        "bacterial",
        "cfu",
    )
)
_PER = frozenset(("l", "dl", "ml", "µl", "μl", "ul", "hpf", "kg", "m2", "m²", "min", "h", "d", "day"))
_WORDS = re.compile(r"[^\W\d_]{1,30}[²2]?|°c|%|/", re.IGNORECASE)


def _continuous(part: str) -> str | None:
    """The first unit or label of a continuous quantity in ``part`` (a word scan, linear), or None."""
    words = [w.lower() for w in _WORDS.findall(part)]
    for i, w in enumerate(words):
        if w in _CONTINUOUS or w == "%" or (w == "body" and words[i + 1 : i + 2] == ["mass"]):
            return w
        if w == "/" and i + 1 < len(words) and words[i + 1] in _PER:
            return "/" + words[i + 1]
    return None


#: a percentage that is an estimate, not a count over n (Kaplan-Meier, weighted, imputed, model-based)
_ESTIMATED_PERCENT = re.compile(
    r"(?i:kaplan[-–— ]meier|\bKM\b|life[-–— ]table|cumulative incidence|\bweighted\b|"
    r"\bimputed|imputation|model[- ]based|marginal|estimated (?:percent|proportion|rate))"
)


#: a row of events per person-time or per 1,000 ('Person-gametocyte-weeks | 18/814 (22.1)', PMC3424202: 22.1 per
#: 1,000 person-weeks under an 'n/N (%)' header): a rate, no share of n
_RATE_ROW = re.compile(
    r"(?i:\bperson[- ][\w-]{0,30}?(?:years?|weeks?|months?|days?|time)(?![a-z])|\bper\s{1,2}(?:1|10|100)[, ]?000\b)"
)

#: a sentence giving a hazard ratio or a log-rank test beside its percentages ('Relapse rates were 12.4% (6/51) ...
#: (HR [95%CI] = 0.185 ...)', PMC1891439): a share its count over n does not give is a Kaplan-Meier share, censored
#: (an HR with its value: 'in HR to 26.66% (44/165) in NR', PMC5471294, names a group of high responders)
_TIME_TO_EVENT = re.compile(
    r"\bHR\b\s{0,2}(?:[\[(][^\])]{0,15}[\])])?\s{0,2}[=:,]?\s{0,2}\d|(?i:hazard ratio|log[- ]?rank)"
)


def _time_to_event(ctx: Context, entry: dict) -> str | None:
    """A percentage printed with k/n it does not round from, in a sentence with a hazard ratio or log-rank test."""
    if ctx.in_table or not _TIME_TO_EVENT.search(ctx.sentence):
        return None
    try:
        k, n, pct = (float(str(entry[f]).replace(",", "")) for f in ("k", "n", "percent"))
    except (KeyError, ValueError):
        return None
    unit = 10.0 ** -len(str(entry["percent"]).partition(".")[2])
    if n <= 0 or abs(100 * k / n - pct) <= unit / 2 + 1e-9:
        return None
    return "a hazard ratio or log-rank test in the sentence: a time-to-event (Kaplan-Meier) share (sentence)"


#: an average or mean named in the clause before a percentage's k/n ('the average ... completion by parent was 85.4%
#: (34/40)', PMC4867750): k may be a mean count printed rounded
_AVERAGE = re.compile(r"(?i:\b(?:average|mean)\b[^.;]{0,80}$)")


def _mean_count(text: str, start: int, entry: dict) -> str | None:
    """A k/n beside a percentage that k/n does not give, where k is a mean count (an average named in the clause
    before it, or k/n printed elsewhere with a decimal numerator, PMC4867750's abstract '34.2/40') and some k' within
    k's rounding, [k - 0.5, k + 0.5), gives the percentage over n; else None."""
    try:
        k, n = int(str(entry["k"])), int(str(entry["n"]))
        pct, unit = float(entry["percent"]), 10.0 ** -len(str(entry["percent"]).partition(".")[2])
    except (KeyError, ValueError):
        return None
    if n <= 0 or abs(100 * k / n - pct) <= unit / 2 + 1e-9 or not 100 * (k - 0.5) / n <= pct + unit / 2:
        return None
    if pct - unit / 2 >= 100 * (k + 0.5) / n:
        return None
    if _AVERAGE.search(text[max(0, start - 100) : start]):
        return f"k = {k} is an average count (named before it), rounded: [{k - 0.5}, {k + 0.5}) over {n}"
    if re.search(rf"(?<![\d.]){k}\.\d{{1,2}}\s?/\s?{n}(?![\d.])", text):
        return f"k = {k} is an average count ({k}.x/{n} printed elsewhere), rounded: [{k - 0.5}, {k + 0.5}) over {n}"
    return None


def estimated_percent(ctx: Context) -> str | None:
    """Words showing a printed percentage is an estimate rather than a count over n, or None.

    >>> estimated_percent(Context("386/411 (93%)", note="Percentages are Kaplan-Meier estimates."))
    'Kaplan-Meier (table note)'
    >>> estimated_percent(Context("51/88 (58.4%) of women")) is None
    True
    >>> estimated_percent(Context("Person-weeks | 18/814 (22.1)", in_table=True))
    'Person-weeks (row)'
    """
    if ctx.in_table and (rate := _RATE_ROW.search(ctx.sentence)):
        return f"{rate.group()} (row)"
    return _first(_ESTIMATED_PERCENT, ctx)


def measurement(ctx: Context) -> tuple[str, str] | None:
    """``("integer" | "continuous", words)`` from the context, or None (no evidence either way).

    Continuous wins: a unit or label of a continuous quantity anywhere in the nearest part means
    continuous (lab values, kg, mm and g/kg/h are not means of integers; GRIM on them gives false findings).

    >>> measurement(Context("MADRS total score fell from 30.6 ± 6.1"))
    ('integer', 'MADRS (sentence)')
    >>> measurement(Context("fecal excretion in g/kg/h was 3.94 ± 2.35"))
    ('continuous', 'g (sentence)')
    >>> measurement(Context("the mean was 3.94 ± 2.35")) is None
    True
    """
    near = ("row label" if ctx.in_table else "sentence", ctx.label or ctx.sentence)
    for name, part in [near] + [p for p in ctx.parts()[1:] if p[0] != "table note"]:
        found = _measured(part)
        if found is not None:
            return found[0], f"{found[1]} ({name})"[:_MAX_WORDS]
    return None


@functools.lru_cache(maxsize=1024)
def _measured(part: str) -> tuple[str, str] | None:
    """(kind, words) that one part says, for :func:`measurement`: the cells of one table share its header and caption,
    so each is read once (a part read per cell was 7 % of a scan of JATS papers new to it: benchmarks/README.md,
    session 9)."""
    c = _continuous(part)
    if c:
        return "continuous", c
    low = part.lower()
    i = _INTEGER.search(part) if any(k in low for k in _INTEGER_KEYS) else None
    return None if i is None else ("integer", " ".join(i.group(0).split()))


# ----------------------------------------------------------------------------------------- scale of an estimate

#: (a heart rate, 'HR (bpm)' or 'HR, heart rate', is no hazard ratio: PMC3127977's Hodges-Lehmann change '5 (1 to 9)')
_RATIO = re.compile(
    r"(?i:\b(?:a?OR|a?HR(?!\s{0,2}(?:\(\s{0,2}(?:bpm|beats)|[,:=]\s{0,2}heart\s{1,3}rate))|a?RR|IRR|odds ratios?|hazard ratios?|risk ratios?|"
    r"relative risks?|rate ratios?|relative rates?|exp\s{0,2}\(\s{0,2}B\s{0,2}\)|fold|times)\b|"
    + RELATIVE_MEASURE
    + ")"
)
#: ('4.4 (95 % CI 1.6, 14.9) times more likely', PMC4054662: an odds ratio. A prevalence or incidence ratio is not
#: listed: a standardized incidence ratio's exact Poisson CI is asymmetric on the log scale too, PMC4160145)
_RATIO_CASED = re.compile(
    r"\b(?:a?OR|a?HR(?!\s{0,2}(?:\(\s{0,2}(?:bpm|beats)|[,:=]\s{0,2}heart\s{1,3}rate))|a?RR|IRR)(?:s|int|adj)?\b|(?i:\b(?:odds ratios?|hazard ratios?|risk ratios?|"
    r"relative risks?|rate ratios?|relative rates?|"
    r"exp\s{0,2}\(\s{0,2}B\s{0,2}\)|fold|times\s{1,3}(?:more|less|as)\s{1,3}likely)\b|" + RELATIVE_MEASURE + ")"
)

#: HR defined as a heart rate ('HR, heart rate' in a table's notes, 'HR (bpm)' as its row, PMC3127977)
_HEART_RATE = re.compile(
    r"\bHR\s{0,2}(?:[,:=]\s{0,2}(?i:heart\s{1,3}rate)|\(\s{0,2}(?:bpm|beats))|(?i:heart\s{1,3}rate)\s{0,2}\(HR\)"
)


def ratio_scale(ctx: Context) -> str | None:
    """Words naming a ratio (OR, HR, RR, IRR, odds/hazard/risk/rate ratio, relative risk or rate, exp(B),
    fold) in the sentence, row, column header or table note; None when none is printed.

    >>> ratio_scale(Context("the hazard ratio for relapse was 0.81 (0.70 to 0.94)"))
    'hazard ratio (sentence)'
    >>> ratio_scale(Context("the difference was -0.10 (-0.32 to 0.12)")) is None
    True
    """
    found = _first(_RATIO_CASED, ctx)
    return (
        None if found and found.startswith("HR ") and _HEART_RATE.search(" ".join(t for _, t in ctx.parts())) else found
    )


# Intervals asymmetric by construction: r (Fisher z), eta/omega squared, R squared, d and g (noncentral t),
# medians, bootstrap, profile-likelihood and credible intervals, exact or Wilson proportions.
_ASYMMETRIC = re.compile(
    r"(?i:\bcorrelations?\b|\bspearman|\bpearson|\b[rρ]\s{0,2}(?:[A-Za-z]{1,12}\s{0,2})?[=(]|"
    r"[ηω]\s{0,2}p?\s{0,2}(?:2|²)|eta[- ]squared|omega[- ]squared|\bR\s{0,2}(?:2|²)\b|r-squared|"
    r"cohen['’]?s\s{0,2}d|hedges['’]?\s{0,2}g|\b[dg]\s{0,2}(?:[a-z]{1,3}\s{0,2})?=|\bSMD\b|standardi[sz]ed mean|"
    r"\bmedians?\b|\bIQR\b|bootstrap|\bBCa\b|percentile interval|simulation|probabilistic|credible|\bCrI\b|"
    r"\bHDI\b|posterior|profile[- ]likelihood|wilson|clopper|exact (?:binomial|confidence|CI)|intraclass|\bICC\b|"
    r"\bRMSEA\b|error of approximation|\bAUC\b|area under|specificity|kappa|κ|"
    r"\bagreement\s{1,3}(?:was|were|of|=|\(|coefficient)|indirect effect|\bincidence\b|"
    r"\bprevalence\b|\brates?\b|\bproportions?\b|per (?:100|1,?000)\b|person-(?:years|days)|"
    r"cronbach|internal consistency|inter-?rater|intra-?rater|test[- ]retest|"
    r"(?<![A-Za-z])(?:α|alpha)\s{0,2}=\s{0,2}0?\.(?!0[15]\b)\d)"
)
#: _ASYMMETRIC's search (passages.KeyedSearch): its alternatives led by no word, searched as one pattern, and the first
#: words of the others (folded), one of which each of their matches starts with
_ASYMMETRIC_SEARCH = KeyedSearch(
    _ASYMMETRIC,
    (
        *"correlation spearman pearson eta-squared omega-squared r-squared cohen hedges smd standardi median".split(),
        *"iqr bootstrap bca simulation probabilistic credible cri hdi posterior profile wilson clopper".split(),
        *"intraclass icc rmsea auc specificity kappa agreement incidence prevalence rate proportion".split(),
        *"person- cronbach inter intra test".split(),
        *("eta squared", "omega squared", "percentile interval", "exact ", "error of approximation", "area under"),
        *("indirect effect", "per 1", "internal consistency"),
    ),
    re.compile(
        r"(?i:\b[rρ]\s{0,2}(?:[A-Za-z]{1,12}\s{0,2})?[=(]|[ηω]\s{0,2}p?\s{0,2}(?:2|²)|\bR\s{0,2}(?:2|²)\b|"
        r"\b[dg]\s{0,2}(?:[a-z]{1,3}\s{0,2})?=|κ|(?<![A-Za-z])(?:α|alpha)\s{0,2}=\s{0,2}0?\.(?!0[15]\b)\d)"
    ),
)
#: a method whose intervals are asymmetric on any scale (a ratio's log scale too): named in the sentence, it wins
#: over a ratio label (an odds ratio with a Fisher exact or profile-likelihood interval is not log-symmetric)
_ASYMMETRIC_METHOD = re.compile(
    r"(?i:bootstrap|\bBCa\b|percentile interval|credible|\bCrI\b|profile[- ]likelihood|clopper|"
    r"exact (?:binomial|confidence|CI|conditional|method)|fisher['’]?s exact|\bmid-?p\b|cornfield)"
)
_ASYMMETRIC_METHOD_SEARCH = KeyedSearch(  # every alternative starts with one of these words
    _ASYMMETRIC_METHOD,
    (
        "bootstrap",
        "bca",
        "percentile interval",
        "credible",
        "cri",
        "profile",
        "clopper",
        "exact ",
        "fisher",
        "mid",
        "cornfield",
    ),
)
#: money and health-economic quantities (cost data are skewed: their CIs are bootstrapped by convention)
_COST = re.compile(r"(?i:\bcosts?\b|£|€|\$|\bQALYs?\b|\bICERs?\b|cost-effective|\beconomic)")
#: a resampling or simulation method named for the paper's intervals
_RESAMPLED = re.compile(r"(?i:bootstrap\w{0,4}|monte carlo|probabilistic (?:sensitivity|analysis|decision|model))")
_COST_NEAR = 300  # characters either side of a resampling method searched for "cost"


def asymmetric_interval(ctx: Context, estimand: str = "") -> str | None:
    """Words showing the estimate's interval is asymmetric by construction, or None.

    >>> asymmetric_interval(Context("r = .32, 95% CI [.13, .49]"))
    'r = (sentence)'
    >>> asymmetric_interval(Context(""), "Hedges' g")
    "Hedges' g (estimand)"
    >>> asymmetric_interval(Context("mean difference -5.2 (95% CI -10.4 to 0.14)")) is None
    True
    """
    m = _ASYMMETRIC_SEARCH.search(estimand or "")
    if m:
        return f"{' '.join(m.group(0).split())} (estimand)"[:_MAX_WORDS]
    return _first(_ASYMMETRIC_SEARCH, ctx)


def asymmetric_method(ctx: Context) -> str | None:
    """Words naming an interval method that is asymmetric on any scale (bootstrap, credible, profile-likelihood,
    exact, Fisher's exact, mid-P), or None: unlike the estimands of :func:`asymmetric_interval`, it wins over a
    ratio label.

    >>> asymmetric_method(Context("Using a one-sided Fisher's exact test, (.125, CI = [0.00, 0.360], p = .247)"))
    "Fisher's exact (sentence)"
    >>> asymmetric_method(Context("OR = 2.4, CI 1.08 to 5.02")) is None
    True
    """
    return _first(_ASYMMETRIC_METHOD_SEARCH, ctx)


#: a percentage printed as the estimate ('23% (95% CI = 11 to 39%') or under a '%' column header
_PERCENT_COLUMN = re.compile(r"column: (?:%|per ?cent|proportion)", re.IGNORECASE)
#: a difference, change or ratio of percentages (Wald, Newcombe intervals), or a mean of percentages over
#: people ('M = 64.97%, 95% CI = [64.33, 65.60]', a t interval): not a single proportion's interval
_PERCENT_CONTRAST = re.compile(
    r"(?i:differen|reduction|\bchange|increase|decrease|\bvs\.?\b|versus|\bratio\b|\bRD\b|\bARR\b|"
    r"\bmeans?\b|average|\bM\s{0,2}=)"
)


#: 'vs' right after a closing bracket compares two groups' own percentages, each printed with its CI ('5.2% (95% CI,
#: 2.2 to 11.5%) vs. 13.9% (95% CI, 8.4 to 21.9%)', PMC3642659; '8.2% (95% CI, 4.2 to 15.4%) vs. 22.8%'): each is a
#: share with its own (asymmetric) interval, not a contrast of percentages
_ARM_VS = re.compile(r"(?i:\)\s{0,3},?\s{0,3}(?:vs\b\.?|versus\b))")


def _percent_estimate(text: str, start: int, end: int, entry: dict, ctx: Context) -> str | None:
    """An absolute percentage (a share, a Kaplan-Meier survival) as the estimate, or None: its CI (Wilson,
    exact, log-log) is asymmetric by construction near 0 or 100, so its symmetry is not tested.

    >>> t = "5-year survival was 23% (95% CI = 11 to 39%)."
    >>> _percent_estimate(t, 0, len(t), {"estimate": "23"}, Context(t))
    'percentage estimate 23% (sentence)'
    >>> t = "The risk difference was 12% (95% CI = 3 to 21%)."
    >>> _percent_estimate(t, 0, len(t), {"estimate": "12"}, Context(t)) is None
    True
    >>> t = "complications were fewer (5.2% (95% CI, 2.2 to 11.5%) vs. 13.9% (95% CI, 8.4 to 21.9%))"
    >>> _percent_estimate(t, 0, len(t), {"estimate": "5.2"}, Context(t))
    'percentage estimate 5.2% (sentence)'
    >>> t = "accuracy was above chance (M = 64.97%, 95% CI = [64.33, 65.60])"
    >>> _percent_estimate(t, 0, len(t), {"estimate": "64.97"}, Context(t)) is None
    True
    """
    est = str(entry.get("estimate", ""))
    where = str(entry.get("location", ""))
    if not est:
        return None
    if m := _PERCENT_COLUMN.search(where):  # the cell's own column, not the header row's other columns
        if _PERCENT_CONTRAST.search(where[m.start() :]) or _PERCENT_CONTRAST.search(where.split("| column:")[0]):
            return None
        return f"percentage estimate {est} (column header)"
    if ctx.in_table or _PERCENT_CONTRAST.search(_ARM_VS.sub(" ", ctx.sentence)):
        return None
    i = find_number(text, est, start, end)
    while i >= 0:
        if text[i + len(est) : i + len(est) + 2].lstrip().startswith("%"):
            return f"percentage estimate {est}% (sentence)"
        i = find_number(text, est, i + 1, end)
    return None


#: a difference of two shares named before its estimate, and a percentage printed in the sentence before it
_SHARE_DIFFERENCE = re.compile(r"(?i:differen\w{0,4}|\bRD\b|\bARR\b)")
_SHARE_PRINTED = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s{0,2}%")


def _share_difference(text: str, start: int, end: int, entry: dict, ctx: Context) -> str | None:
    """A difference of two percentages printed in prose with both of them ('reached by 69.7% ..., compared to 50.4%
    ... (absolute difference 19.3%, 95% CI 10.3 to 27.8)', PMC4608694), or None: a difference of two proportions
    whose interval may be a score (Newcombe) or exact one, asymmetric by construction (as a table's column of
    differences of percentages, :func:`analysis.extraction.labels.nearer_label`; Newcombe R.G. (1998) Interval
    estimation for the difference between independent proportions: comparison of eleven methods. Stat Med
    17:873-890).

    >>> t = "reached by 69.7% of A, compared to 50.4% of B (absolute difference 19.3%, 95% CI 10.3 to 27.8)"
    >>> _share_difference(t, t.index("19.3"), len(t), {"estimate": "19.3"}, Context(t))
    'a difference of two percentages (69.7%, 50.4% in the sentence): a score or exact interval'
    >>> t = "The risk difference was 12% (95% CI = 3 to 21%)."
    >>> _share_difference(t, t.index("12"), len(t), {"estimate": "12"}, Context(t)) is None
    True
    """
    est = str(entry.get("estimate", ""))
    start = find_number(text, est, start, end) if est and not ctx.in_table else -1
    if start < 0 or text[start + len(est) : start + len(est) + 3].lstrip()[:1] != "%":
        return None
    n = len(ctx.sentence)
    i = text.rfind(ctx.sentence, max(0, start - n), start + n) if n else -1
    head = text[i:start] if 0 <= i <= start else ""
    d = next(reversed(list(_SHARE_DIFFERENCE.finditer(head))), None)
    shares = [m.group(0).replace(" ", "") for m in _SHARE_PRINTED.finditer(head, 0, d.start() if d else 0)]
    if d is None or len(shares) < 2 or len(head) - d.end() > 30:
        return None
    return f"a difference of two percentages ({', '.join(shares[-2:])} in the sentence): a score or exact interval"


# ----------------------------------------------------------------------------------------- which n

#: a table's caption or note saying some values are missing or the n varies: a column's, n row's or arm's n is then
#: not every cell's n ('Missing values: PHQ-9: N=2 (each IG and CG)', PMC5434251; 'Data available in 7/9 patients',
#: PMC3897937; 'N varies from 967 to 1000', PMC3327628; "participants with complete data (n's = 27-28)", PMC5101386)
_MISSING_NOTE = re.compile(
    r"(?i:missing (?:values?|data|items?|for|in|on)\b|(?:data|values?|information|scores?)\s(?:were\s|was\s|are\s|is\s)?"
    r"(?:missing|not available|unavailable|incomplete|available (?:for|from|in|on)\b)|(?:due to|because of) missing|"
    r"\bn['\u2019]?s?\s{0,2}(?:var(?:y|ies)\b|may vary|=\s{0,2}\d{1,5}\s{0,2}(?:-|\u2013|to)\s{0,2}\d{1,5})|"
    r"(?:numbers?|sample sizes?|denominators?)\s(?:vary|varies|may vary|differ)|"
    r"varying (?:n|numbers|denominators|sample sizes)\b|not all (?:participants|patients|subjects|respondents)|"
    r"(?:from|on|for) fewer (?:participants|patients|subjects)|with (?:available|complete) data)"
)


#: footnote lines read below a table for a note of missing values (a table's notes run past the four lines of
#: Context.note: PMC5434251's note of missing values is its ninth footnote)
_FOOT_LINES = 16
#: a line that ends the notes: the next table or figure, or a prose paragraph
_FOOT_END = re.compile(r"(?i:^\s{0,3}(?:table|fig\.?|figure|supplementary)\s{1,3}[a-z]?\d)")


@functools.lru_cache(maxsize=64)
def _table_foot(text: str, row_end: int) -> str:
    """The footnote lines below the table whose row ends at ``text[row_end]``: up to _FOOT_LINES non-empty lines,
    stopping at the next table or figure or at a line as long as a paragraph of prose."""
    below = _walk(text, row_end, 1)
    out: list[str] = []
    for ln in itertools.chain(_after_rows(below), below):
        if len(out) >= _FOOT_LINES or _FOOT_END.match(ln) or len(ln) > 400:
            break
        if ln.strip():
            out.append(ln)
    return "\n".join(out)


def missing_note(text: str, start: int, ctx: Context) -> str | None:
    """Words of a table's caption or notes saying some values are missing or the n varies, or None: the n of the
    column header, n row or arm is then not known to be each mean's n.

    >>> t = "Table 1\\n | IG (n=21) | CG (n=20)\\nPHQ-9 | 12.74 (5.69) | 18.61 (4.86)\\n\\naIG: intervention group.\\n\\n"
    >>> note = "iSCS-D: Self-Compassion Scale; Missing values: PHQ-9: N=2 (each IG and CG).\\n"
    >>> missing_note(t + note, t.index("12.74"), context(t + note, t.index("12.74"), t.index("12.74") + 12))
    'Missing values (table note)'
    >>> note = "Values are mean (SD) unless otherwise stated.\\n"
    >>> missing_note(t + note, t.index("12.74"), context(t + note, t.index("12.74"), t.index("12.74") + 12))
    """
    if not ctx.in_table:
        return None
    found = _first(_MISSING_NOTE, ctx, parts=("table caption", "table note"))
    if found:
        return found
    row_end = text.find("\n", start)
    foot = _table_foot(text, len(text) if row_end < 0 else row_end)
    return _first(_MISSING_NOTE, Context(note=foot, in_table=True), parts=("table note",))


# ----------------------------------------------------------------------------------------- which P

_ADJUSTED = re.compile(
    r"(?i:tukey|\bHSD\b|bonferroni|\bholm\b|hochberg|\bFDR\b|false discovery|benjamini|\bcorrected\b|"
    r"adjusted\s{0,2}p\b|p[- ]?adj|\bpadj|adjusted for multiple|multiple comparisons?|multiplicity|"
    r"post[- ]?hoc|emmeans|[sš]id[aá]k|dunnett|scheff[eé]|games[- ]howell|\bdunn['’]?s?\b)"
)
#: named anywhere in a paper, these make a P printed beside a CI possibly adjusted (the adjustment of a family of
#: comparisons is usually stated once, in the methods)
_ADJUSTED_PAPER = re.compile(
    r"(?i:tukey|\bHSD\b|bonferroni|\bholm\b|hochberg|\bFDR\b|false discovery|benjamini|"
    r"[sš]id[aá]k|dunnett|scheff[eé]|games[- ]howell|emmeans|multiple comparisons)"
)
_ONE_TAILED = re.compile(
    r"(?i:one[- ]tailed|one[- ]sided|1-tailed|1-sided|directional (?:test|hypothes[ie]s)|stouffer)"
)
#: the paper's tests declared one-tailed, once, in the methods or a table note ('one-tailed tests were conducted for
#: all primary and secondary outcome analyses', PMC3410988; 'All tests were one sided'; 'One-tailed P-values are
#: specified'): a declaration about the tests or P values themselves, not a sample-size calculation's one-sided alpha
#: (:func:`_one_tailed_paper`); like statcheck's one-tailed rule, read over the whole text
_ONE_TAILED_PAPER = re.compile(
    r"(?i:\b(?:one|1)[- ]?(?:tailed|sided)\s{1,3}(?:(?:paired|unpaired|independent|student['’]?s?|welch['’]?s?)\s{1,3})?"
    r"(?:t[- ]?tests?|tests?|p[- ]?values?|analys[ie]s|hypothes[ie]s(?:\s{1,3}tests?)?)\s{1,3}"
    r"(?:\([^()]{1,60}\)\s{1,3})?(?:were|was|are|is)\s{1,3}"
    r"(?:(?!not\b|never\b)[a-z]{1,15}\s{1,3}){0,2}(?:used|conducted|performed|applied|reported|specified|computed|calculated|given|"
    r"shown|presented|employed|carried|selected|chosen|adopted)\b|"
    r"\b(?:tests?|p[- ]?values?|analyses|comparisons)\s{1,3}(?:were|was|are|is)\s{1,3}(?:all\s{1,3})?(?:one|1)[- ]?(?:tailed|sided)\b|"
    # 'we used 1-tailed tests (α = 0.05)' (PMC4497726)
    r"\bwe\s{1,3}(?:used|conducted|performed|applied|employed|ran)\s{1,3}(?:one|1)[- ]?(?:tailed|sided)\s{1,3}"
    r"(?:t[- ]?tests?|tests?|p[- ]?values?|analys[ie]s)\b|"
    # 'significance level was set at 0.05 (one-tailed; ...)' (PMC3464298), '... was set at p<0.05, one-tailed' (PMC3921228)
    r"\b(?:significance|alpha|α)\s{1,3}(?:level\s{1,3})?(?:was|is)\s{1,3}set\s{1,3}(?:at|to)\s{1,3}[^;(),]{1,15}"
    r"[(,]\s{0,2}(?:one|1)[- ]?(?:tailed|sided)\b)"
)
#: how far around 'tailed' or 'sided' a match of _ONE_TAILED_PAPER may reach (its width, a parenthesis included:
#: 'one-sided P values (without adjustment for multiple tests) are presented', PMC2845036)
_ONE_TAILED_REACH = 200
#: the paper's P values or tests said two-sided: a one-sided declaration elsewhere is then a single test's or the design's
_TWO_SIDED_PAPER = re.compile(
    r"(?i:(?:p[- ]?values?|tests?|analyses)\s{1,3}(?:were|are)\s{1,3}(?:all\s{1,3})?two[- ](?:sided|tailed)|"
    r"two[- ](?:sided|tailed)\s{1,3}p[- ]?values?)"
)
#: a declaration negated ('no one-tailed test was chosen') or narrowed ('for the primary endpoint only', 'two-sided for
#: the rest') in its sentence (review12)
_NEGATED_BEFORE = re.compile(r"(?i:\b(?:no|not|neither)\s{1,3}$)")
_NARROWED = re.compile(r"(?i:two[- ](?:tailed|sided)|\bonly\b)")
#: a sentence about power, sample size or a non-inferiority margin: a one-sided alpha there is the design's, not the
#: printed P values'
_DESIGN = re.compile(r"(?i:\bpower\b|sample size|non-?inferior|equivalen|\bmargin)")
#: an equivalence test (TOST: two one-sided tests against the equivalence bounds, Lakens 2017, Soc Psychol Personal
#: Sci 8:355): each of its P values is one-sided by method; named once, in the methods (statcheck-dev 0956797620955209)
_EQUIVALENCE = re.compile(
    r"(?i:\bTOST\b|two one[- ]sided tests?|equivalence (?:tests?|testing|bounds?|boundar(?:y|ies)|margins?)|"
    r"tests? (?:of|for) equivalence)"
)


#: a P named as from a test other than the estimate's own (Wald) analysis: a stratified or Mantel-Haenszel test
#: beside a crude or MH ratio (PMC3655222), a chi-squared, exact, log-rank or rank test beside a CI
_OTHER_TEST = re.compile(
    r"(?i:(?:stratified\s{1,3})?(?:cochran[-\s\u2013]{1,3})?mantel[-\s\u2013]{1,3}haenszel"
    r"(?:\s{1,3}(?:chi[-\s]?squared?\s{1,3})?tests?)?|\bCMH\b|"
    r"\bstratified\s{1,3}(?:log[-\s\u2010\u2011]?rank|(?:chi[-\s]?squared?\s{1,3})?tests?|Cox)|\blog[-\s\u2010\u2011]?rank|"
    r"(?:chi[-\s]?squared?|\u03c7\s{0,2}(?:2|\u00b2))\s{1,3}tests?|fisher['\u2019]?s?\s{1,3}exact|\bexact\s{1,3}tests?|"
    r"wilcoxon|mann[-\s\u2013]{1,3}whitney|kruskal)"
)
#: named anywhere in a paper as its test of group differences, a stratified test gives the P values printed beside
#: its ratios (PMC3655222: the methods name a Mantel-Haenszel test stratified by centre; the abstract prints the
#: MH risk ratio's CI with that test's P)
_OTHER_TEST_PAPER = re.compile(
    r"(?i:(?:cochran[-\s\u2013]{1,3})?mantel[-\s\u2013]{1,3}haenszel\s{1,3}(?:chi[-\s]?squared?\s{1,3})?tests?|"
    r"\bCMH\s{1,3}tests?|\bstratified\s{1,3}(?:log[-\s]?rank\s{1,3}|(?:chi[-\s]?squared?\s{1,3}))?tests?)"
)


def other_test(text: str, ctx: Context) -> str | None:
    """Words naming the test a P comes from when it is not the estimate's own analysis, or None: a stratified or
    Mantel-Haenszel test, a chi-squared, exact, log-rank or rank test, named in the sentence (a table's row),
    column header, caption or note, or a stratified test named anywhere in the paper as its test.

    >>> other_test("", Context("odds ratio 2.1 (95% CI 1.1-4.0), p = 0.03 by Fisher's exact test"))
    "Fisher's exact (sentence)"
    >>> t = "Differences were analysed by the Mantel-Haenszel test with stratification for centre."
    >>> other_test(t, Context("relative risk 0.41 (0.19-0.85); p = 0.0110"))
    'Mantel-Haenszel test (elsewhere in the paper)'
    >>> other_test("We used linear mixed models.", Context("a difference of 2.1 (95% CI 0.4 to 3.8), P = .02")) is None
    True
    """
    return _first(_OTHER_TEST, ctx) or _other_test_paper(text)


@functools.lru_cache(maxsize=4)
def _other_test_paper(text: str) -> str | None:
    """A stratified or Mantel-Haenszel test named anywhere in ``text`` as its test, or None: searched once per text
    (asked for every P beside a CI, it read the whole text each time: 2,000 such results in 2 MB of text took 188 s
    CPU)."""
    low = text.lower()
    if "mantel" not in low and "cmh" not in low and "stratified" not in low:
        return None
    m = _OTHER_TEST_PAPER.search(text)
    return f"{' '.join(m.group(0).split())} (elsewhere in the paper)"[:_MAX_WORDS] if m else None


#: a hazard ratio (its CI from a Cox model), and a log-rank test named anywhere as the paper's test: the P printed
#: beside a hazard ratio may be the log-rank test's, not the Cox model's Wald P (PMC4327560: 'compared using log-rank
#: tests. Hazard ratios and CIs were calculated using a Cox proportional hazards model'; HR 0.45 (0.29-0.70) with
#: P < 0.0001, where the CI gives 0.0004)
_HAZARD = re.compile(r"(?i:hazard|\bHR\b)")
#: an adjusted or multivariable hazard ratio: a log-rank test compares the arms unadjusted, so its P is not the one
#: printed beside such a ratio (PMC1949842: 'adjusted hazard ratio = 0.35 [95% CI 0.14-0.88], p = 0.035')
_ADJUSTED_HR = re.compile(r"(?i:adjusted|multivariat|multivariable|\baHR\b)")
_LOGRANK_PAPER = re.compile(r"(?i:\blog[-\s\u2010\u2011\u2013]?rank(?:\s{1,3}(?:chi[-\s]?squared?\s{1,3})?tests?|\b))")


@functools.lru_cache(maxsize=4)
def _logrank_paper(text: str) -> str | None:
    """A log-rank test named anywhere in ``text``, or None (searched once per text).

    >>> _logrank_paper("Groups were compared using log-rank tests. Hazard ratios came from a Cox model.")
    'log-rank tests (elsewhere in the paper)'
    >>> _logrank_paper("Hazard ratios came from a Cox model.") is None
    True
    """
    i = _fold(text).find("rank")
    m = _LOGRANK_PAPER.search(text, max(0, i - 5)) if i >= 0 else None
    return f"{' '.join(m.group(0).split())} (elsewhere in the paper)"[:_MAX_WORDS] if m else None


def _nearby(pattern: re.Pattern, ctx: Context) -> str | None:
    """As :func:`_first`, then in the text just before (a P's adjustment is often named a few sentences up)."""
    found = _first(pattern, ctx)
    if found or not ctx.before:
        return found
    if ctx.source and not _has_key(ctx.source, pattern, ctx.before_at, ctx.before_at + len(ctx.before)):
        return None  # no key word in the window, so no match in it (most windows: one search saved per P)
    hits = _mentions(ctx.before[-_BEFORE:], pattern)
    return f"{hits[-1]} (text before)"[:_MAX_WORDS] if hits else None


#: for the patterns searched in the window before each P: words, lower-cased, one of which every match contains
#: (each alternative of the pattern holds one of them as printed, its letters in either case)
_NEEDS: dict[int, tuple[str, ...]] = {}


def _has_key(text: str, pattern: re.Pattern, a: int, b: int) -> bool:
    """Whether a key word of ``pattern`` lies whole in ``text[a:b]`` (True for a pattern without key words)."""
    if id(pattern) not in _NEEDS:
        return True
    starts, ends = _key_index(text, _NEEDS[id(pattern)])
    j = bisect.bisect_left(starts, a)
    return j < len(starts) and ends[j] <= b


@functools.lru_cache(maxsize=256)
def _mentions(text: str, pattern: re.Pattern) -> tuple[str, ...]:
    """Every match of ``pattern`` in ``text`` (a window repeated for many numbers of one passage is read once)."""
    return tuple(" ".join(m.group(0).split()) for m in pattern.finditer(text))


def adjusted_p(ctx: Context, omnibus: bool = False) -> str | None:
    """Words naming a P adjusted for multiplicity (Tukey, Bonferroni, Holm, FDR, corrected, post hoc ...), leaving
    out those that adjust no printed P (:func:`_adjusts`). ``omnibus``: the P is an omnibus F's (df1 >= 2), which
    the post hoc comparisons that follow it do not adjust.

    >>> adjusted_p(Context("post hoc Tukey tests showed a difference, p = .003"))
    'post hoc (sentence)'
    >>> adjusted_p(Context("OR = 0.84, p = .02", before="Tukey's HSD post hoc tests followed.")).split(" (")[1]
    'text before)'
    >>> adjusted_p(Context("t(28) = 2.20, p = .03")) is None
    True
    >>> adjusted_p(Context("t(28) = 2.20, p = .03", before="A Bonferroni-corrected alpha of .017 was used. ")) is None
    True
    """
    if not ctx.in_table and _OWN_ALPHA.search(ctx.sentence):
        return None
    for name, part in ctx.parts():
        low = part.lower()
        if any(k in low for k in _KEYS[id(_ADJUSTED)]):
            found = [w for w, a, b in _spans(part, _ADJUSTED) if _adjusts(part, a, b, omnibus, own=True)]
            if found:
                return f"{found[0]} ({name})"[:_MAX_WORDS]
    if not ctx.before or (
        ctx.source and not _has_key(ctx.source, _ADJUSTED, ctx.before_at, ctx.before_at + len(ctx.before))
    ):
        return None  # no key word in the window, so no match in it (most windows: one search saved per P)
    window = ctx.before[-_BEFORE:]
    if ctx.source and len(window) == len(ctx.before):  # the window is source[before_at:]: search near its key words
        starts = _key_index(ctx.source, _NEEDS[id(_ADJUSTED)])[0]
        a = ctx.before_at
        at = tuple(i - a for i in starts[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, a + len(window))])
        spans = _spans_near(window, _ADJUSTED, at, _ADJUSTED_REACH)
    else:
        spans = _spans(window, _ADJUSTED)
    found = [w for w, a, b in spans if _adjusts(window, a, b, omnibus, own=False)]
    return f"{found[-1]} (text before)"[:_MAX_WORDS] if found else None


@functools.lru_cache(maxsize=256)
def _spans(text: str, pattern: re.Pattern) -> tuple[tuple[str, int, int], ...]:
    """(words, start, end) of every match of ``pattern`` in ``text`` (a window repeated for many numbers is read
    once)."""
    return tuple((" ".join(m.group(0).split()), m.start(), m.end()) for m in pattern.finditer(text))


#: _ADJUSTED's longest match ("adjusted for multiple", 21 characters) and the one character its \b reads after it,
#: with room to spare: every match lies within this reach of the start of the key word (_NEEDS) it holds
_ADJUSTED_REACH = 32


@functools.lru_cache(maxsize=256)
def _spans_near(text: str, pattern: re.Pattern, at: tuple[int, ...], reach: int) -> tuple[tuple[str, int, int], ...]:
    """:func:`_spans` of ``text``, searched only within ``reach`` of ``at``, the starts of every key word in ``text``
    (one of which each match holds, _NEEDS; each match no longer than ``reach`` less the character a look-around
    reads). The same matches as ``finditer`` over the whole text: no match can start or end outside these stretches,
    ``finditer(text, lo)`` lets look-behinds read before ``lo``, and no match reaches ``hi``, where the search's text
    ends (tests/extraction/test_evidence_keys.py). Why: the search of the window before each P was about a tenth of a
    psychology text's scan (benchmarks/README.md, session 8)."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < len(at):
        j = i
        while j + 1 < len(at) and at[j + 1] - at[j] <= 2 * reach:
            j += 1
        lo, hi = max(0, at[i] - reach), min(n, at[j] + reach)
        out += [(" ".join(m.group(0).split()), m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
        i = j + 1
    return tuple(out)


#: "corrected" alone names a multiplicity correction only about P or multiple tests ("corrected for multiple
#: comparisons", "corrected p", "p < .05, corrected", "FWE-corrected"), not a sphericity, baseline or vision
#: correction ("Greenhouse-Geisser corrected", "baseline-corrected", PMC5388694; "corrected-to-normal vision",
#: "corrected for autocorrelation", statcheck-dev 0956797616657319)
_CORRECTED_AFTER = re.compile(
    r"(?i:[\s-]{0,3}(?:for\s{1,3}(?:the\s{1,3})?(?:multiple|multiplicity|number of|family|familywise|type\s{0,2}i\b|"
    r"false)|p\b|p[- ]?values?\b))"
)
_CORRECTED_BEFORE = re.compile(
    r"(?i:(?:\bp\s{0,2}[<=>≤≥]\s{0,2}0?\.\d{1,4}\s{0,2}[,;(]?|\bfwer?|family[- ]?wise|cluster|bonferroni|holm|fdr|"
    r"[sš]id[aá]k|tukey|scheff[eé])[\s-]{0,3})$"
)
#: a correction applied to the significance threshold, not to the printed P ("a Bonferroni-corrected alpha of
#: .017", "p < .05/6", "significance level was set at 0.0125", "cluster extent threshold of p < .05, corrected",
#: statcheck-dev 0956797616657319): the P values printed are raw and compared with the lowered threshold
_THRESHOLD = re.compile(
    r"(?i:(?<!cronbach's )(?<!cronbach’s )\balpha\b|α|significance (?:level|threshold|criterion)|level of significance|"
    r"critical (?:p|alpha|value)|\bthresholds?\s{0,3}(?:(?:of|for|at|was|set|to|=|<)\s{0,3}){0,2}"
    r"(?:p\b|alpha|significance|statistical|0?\.0\d)|(?:\bp|p[- ]?values?|significance|statistical)\s{0,2}thresholds?|"
    r"(?<![\d.])0?\.05\s{0,2}/\s{0,2}\d)"
)
#: ... unless the same clause says the P values themselves were adjusted ("Bonferroni-corrected p = .009",
#: statcheck-dev 09567976231177968), not a P threshold ("a Bonferroni-adjusted p value threshold of 0.0167",
#: PMC5656562)
_P_ADJUSTED = re.compile(
    r"(?i:(?:adjusted|corrected)[- ]p(?:[- ]?values?)?+\b(?![\s-]{0,2}(?:threshold|level|cut|criteri))|"
    r"p[- ]?values?\s{1,3}(?:were|was|are|is)\s{1,3}(?:\w{1,20}[\s-]{1,3}){0,3}(?:adjusted|corrected))"
)
#: corrections over a map's clusters, voxels or vertices (mass-univariate EEG and imaging analyses, Maris &
#: Oostenveld 2007, J Neurosci Methods 164:177): named before a test printed with its df, they are not its
#: adjustment (statcheck-dev 09567976241246561: 'cluster-based permutation test to correct for multiple comparisons
#: across time', then the regression slopes' t tests)
_MAPS = re.compile(
    r"(?i:cluster[- ]?(?:based|corrected|correction|level|extent|wise|mass|size|forming|permutation)|voxel|"
    r"vert(?:ex|ices)|whole[- ]brain|searchlight)"
)
#: a comparison after an omnibus test: post hoc and pairwise comparisons, the procedures made for them, and t tests
#: (statcheck-dev 09567976231177968: "t(38) = -1.13, FDR-corrected p = .308", then an interaction's F)
_POST_HOC = re.compile(
    r"(?i:post[- ]?hoc|pairwise|tukey|\bHSD\b|scheff[eé]|games[- ]howell|dunnett|\bdunn['’]?s?\b|emmeans|"
    r"\bt[- ]tests?\b|\bt\s{0,2}\(\s{0,2}\d)"
)
#: a lowered significance threshold printed with the P itself ("t(21) = 3.24, p = .004, α = .025", statcheck-dev
#: 09567976211048485, after "applying Bonferroni corrections for multiple comparisons"): the P is raw
_OWN_ALPHA = re.compile(
    r"(?i:(?:α|\balpha\b)[\s=<:]{0,4}(?:(?:of|was|is|at|set at|level of)\s{1,3})?"
    r"(?:0?\.0[0-4]\d{0,3}\b|0?\.05\s{0,2}/\s{0,2}\d))"
)
_CLAUSE = 300  # characters of a clause read either side of an adjustment word, at most


def _adjusts(text: str, a: int, b: int, omnibus: bool, own: bool) -> bool:
    """Whether the adjustment word ``text[a:b]`` can name an adjustment of the P: not "corrected" about something
    else, not a correction of the significance threshold, not (in the text before) a correction over a map's
    clusters or time points, and for an omnibus F (``omnibus``) not a post hoc comparison. ``own``: the word is in
    the P's own sentence."""
    lo = max(text.rfind(". ", max(0, a - _CLAUSE), a) + 2, a - _CLAUSE, 0)
    hi = text.find(". ", b, b + _CLAUSE)
    # the P of each entry of a passage reads the same words in its own window: decided once per distinct reading
    # (the character before the 40 read before the word is what _CORRECTED_BEFORE's \b sees there)
    before = text[max(0, a - 41) : a]
    return _adjusts_read(
        text[a:b].lower(),
        text[b : b + 60],
        before,
        int(a > 40),
        text[lo : hi if hi >= 0 else b + _CLAUSE],
        omnibus,
        own,
    )


@functools.lru_cache(maxsize=256)
def _adjusts_read(word: str, after: str, before: str, at: int, clause: str, omnibus: bool, own: bool) -> bool:
    """:func:`_adjusts` of what it reads: the word, the 60 characters after it, the 40 before it (from ``before[at:]``)
    and its clause."""
    if word == "corrected" and not (_CORRECTED_AFTER.match(after) or _CORRECTED_BEFORE.search(before, at)):
        return False
    if _THRESHOLD.search(clause) and not _P_ADJUSTED.search(clause):
        return False
    if not own and _MAPS.search(clause):
        return False
    return not (omnibus and _POST_HOC.search(clause))


def one_tailed(ctx: Context) -> str | None:
    """Words declaring a one-tailed test (one-tailed, one-sided, directional, a Stouffer combination).

    >>> one_tailed(Context("a one-tailed t test, t(28) = 1.80, p = .04"))
    'one-tailed (sentence)'
    >>> one_tailed(Context("a two-tailed t test, t(28) = 2.20, p = .04")) is None
    True
    >>> one_tailed(Context("t(28) = 2.20, p = .04", before="With 80% power at a one-sided alpha of .025, 40 were needed. "))
    >>> one_tailed(Context("t(28) = 2.20, p = .04", before="Tests were one-sided. Scores rose. "))
    'one-sided (text before)'
    """
    found = _first(_ONE_TAILED, ctx)
    if found or not ctx.before:
        return found
    if ctx.source and not _has_key(ctx.source, _ONE_TAILED, ctx.before_at, ctx.before_at + len(ctx.before)):
        return None
    return _one_tailed_before(ctx.before[-_BEFORE:])


@functools.lru_cache(maxsize=256)
def _one_tailed_before(window: str) -> str | None:
    """The last one-tailed word of the text before a sentence, outside a sentence about power, sample size or a margin
    and not negated (review12: a sample-size calculation's one-sided alpha a few sentences up is the design's, not the
    printed P's), or None."""
    hits = []
    for m in _ONE_TAILED.finditer(window):
        r = window.rfind(". ", 0, m.start())
        b = window.find(". ", m.end())
        design = _DESIGN.search(window, r + 2 if r >= 0 else 0, b if b >= 0 else len(window))
        if not design and not _NEGATED_BEFORE.search(window, max(0, m.start() - 10), m.start()):
            hits.append(" ".join(m.group(0).split()))
    return f"{hits[-1]} (text before)"[:_MAX_WORDS] if hits else None


_NEEDS.update(
    {
        id(_ADJUSTED): (
            "tukey",
            "hsd",
            "bonferroni",
            "holm",
            "hoc",
            "fdr",
            "discovery",
            "benjamini",
            "corrected",
            "adjusted",
            "padj",
            "p-adj",
            "p adj",
            "comparison",
            "multiplicity",
            "emmeans",
            "sidak",
            "sidák",
            "šidak",
            "šidák",
            "dunn",
            "scheff",
            "howell",
        ),
        id(_ONE_TAILED): ("tailed", "sided", "directional", "stouffer"),
    }
)
# its own words (each alternative holds one): _ADJUSTED's 'adjusted', 'corrected' and 'hoc' are common, and a search
# from the first of them read most of the text with every alternative at every position
_NEEDS[id(_ADJUSTED_PAPER)] = (
    *"tukey hsd bonferroni holm hochberg fdr discovery benjamini sidak sidák šidak šidák dunnett scheff howell".split(),
    "emmeans",
    "multiple comparison",
)
# every match starts with one of these: the paper's resampling search starts at the first
_NEEDS[id(_RESAMPLED)] = ("bootstrap", "monte carlo", "probabilistic")
#: the longest match of _ADJUSTED_PAPER ("multiple comparisons"), with room to spare
_WIDEST = 40
_KEYS.update(
    {
        id(_ADJUSTED): (
            "tukey",
            "hsd",
            "bonferroni",
            "holm",
            "hochberg",
            "fdr",
            "false discovery",
            "benjamini",
            "correct",
            "adj",
            "multipl",
            "post",
            "emmeans",
            "sid",
            "šid",
            "dunn",
            "scheff",
            "games",
        ),
        id(_ONE_TAILED): ("one", "1-", "directional", "stouffer"),
        id(_MISSING_NOTE): ("missing", "availab", "vary", "varies", "varying", "differ", "n", "not all", "fewer"),
        id(_OTHER_TEST): (
            "mantel",
            "cmh",
            "stratified",
            "rank",
            "chi",
            "\u03c7",
            "exact",
            "wilcoxon",
            "whitney",
            "kruskal",
        ),
        id(_RATIO_CASED): ("or", "hr", "rr", "ratio", "relative", "exp", "fold"),
        id(_ESTIMATED_PERCENT): (
            "kaplan",
            "km",
            "life",
            "cumulative",
            "weight",
            "imput",
            "model",
            "marginal",
            "estimated",
        ),
    }
)

# ----------------------------------------------------------------------------------------- the draft's fields


@functools.lru_cache(maxsize=4)
def _paper(text: str) -> dict[str, str]:
    """What the whole paper names once, searched once per text: an adjustment of P for multiplicity
    (``adjusted``), a resampling or simulation method named within _COST_NEAR characters of "cost" or "indirect
    effect" (``costs``, ``indirect``: the paper bootstraps or simulates those intervals, PMC2994546, PMC4984916,
    statcheck-dev 0956797618785899), CIs defined as credible intervals (``credible``), an equivalence test
    (``equivalence``: TOST, whose P values are one-sided; like statcheck's one-tailed rule, which searches the whole
    text for its words)."""
    out = {}
    for key, pattern in (("adjusted", _ADJUSTED_PAPER),):
        starts = _key_index(text, _NEEDS[id(pattern)])[0]
        # no key word, no match; else each match lies within _WIDEST characters of a key word's start
        m = _search_near(text, pattern, starts, _WIDEST + 2)
        if m:
            out[key] = f"{' '.join(m.group(0).split())} (elsewhere in the paper)"
    starts = _key_index(text, _NEEDS[id(_RESAMPLED)])[0]
    for m in around(_RESAMPLED, text, starts, 30, 30):  # each match starts with a key word and is at most 25 long
        near = text[max(0, m.start() - _COST_NEAR) : m.end() + _COST_NEAR].lower()
        for key, word in (("costs", "cost"), ("indirect", "indirect effect")):
            if key not in out and word in near:
                out[key] = f"{' '.join(m.group(0).split())} for {word}s (elsewhere in the paper)"
    starts = _key_index(text, _NEEDS[id(_CREDIBLE_CI)])[0]
    m = _search_near(text, _CREDIBLE_CI, starts, 40)  # each match starts with 'credible' and is at most 37 long
    if m:
        out["credible"] = f"{' '.join(m.group(0).split())} (elsewhere in the paper)"
    # each search near its key words (_NEEDS), as _ADJUSTED_PAPER's: a search of the whole paper entered these
    # case-insensitive alternations at every position, about a tenth of the scan of a text new to the process
    # (benchmarks/README.md, session 9)
    m = _search_near(text, _STATED_INTERVAL, _key_index(text, _NEEDS[id(_STATED_INTERVAL)])[0], _STATED_REACH)
    if m:
        out["stated"] = f"{' '.join(m.group(0).split())} (elsewhere in the paper)"
    one = _one_tailed_paper(text)
    if one:
        out["one_tailed"] = one
    # (the text's folding, made once, holds every "equivalence" text.lower() holds: text.lower() only when it does)
    equivalence = "equivalence" in _fold(text) and "equivalence" in text.lower()
    m = None
    if equivalence or "TOST" in text:
        m = _search_near(text, _EQUIVALENCE, _key_index(text, _NEEDS[id(_EQUIVALENCE)])[0], _EQUIVALENCE_REACH)
    if m:
        out["equivalence"] = f"an equivalence test, one-sided by method: {' '.join(m.group(0).split())} (in the paper)"
    return out


def _one_tailed_paper(text: str) -> str | None:
    """Words declaring the paper's tests or P values one-tailed, outside a sentence about power, sample size or a
    margin, or None (searched once per text, from the first "tailed" or "sided").

    >>> _one_tailed_paper("One-tailed tests were conducted for all primary outcome analyses. An alpha of .05 was used.")
    'One-tailed tests were conducted (elsewhere in the paper)'
    >>> _one_tailed_paper("With 80% power and a one-sided test was used to compute the sample size of 40.") is None
    True
    >>> _one_tailed_paper("Nominal one-sided P values are given for the primary outcome.")
    'one-sided P values are given (elsewhere in the paper)'
    >>> _one_tailed_paper("All P values are two-sided.") is None
    True
    >>> _one_tailed_paper("Significance level was set at 0.05 (one-tailed; planned contrasts).")
    'Significance level was set at 0.05 (one-tailed (elsewhere in the paper)'
    """
    # every match holds 'tailed' or 'sided' and is shorter than _ONE_TAILED_REACH: the matches of finditer over the
    # text, found in windows around those words (tokens.around; tests/extraction/test_evidence_keys.py)
    reach = _ONE_TAILED_REACH
    for m in around(_ONE_TAILED_PAPER, text, _key_index(text, _NEEDS[id(_ONE_TAILED_PAPER)])[0], reach, reach):
        r = text.rfind(". ", max(0, m.start() - 300), m.start())
        a = r + 2 if r >= 0 else max(0, m.start() - 300)
        b = text.find(". ", m.end(), m.end() + 300)
        if _NEGATED_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue  # 'no one-tailed test was chosen'
        if _NARROWED.search(text, a, b if b >= 0 else m.end() + 300) or _TWO_SIDED_PAPER.search(text):
            continue  # one-sided for one test, two-sided for the rest; or the paper's P values said two-sided
        if not _DESIGN.search(text, a, b if b >= 0 else m.end() + 300):
            return f"{' '.join(m.group(0).split())} (elsewhere in the paper)"[:_MAX_WORDS]
    return None


#: a paper that defines its "CI" as a credible interval ("95% credible intervals (CIs)", 09567976221116816)
#: a method the paper names whose intervals are asymmetric by construction (ei_s9's ci_symmetry false alarms: profile
#: likelihood intervals declared in the methods, PMC5980306; exact intervals), so that an estimate off the centre of
#: its CI, linear or log, says nothing. Not MCMC: papers name it for multiple imputation (PMC3551224, whose OR with
#: P = .03 beside a CI giving P < 1e-7 is a real finding)
_STATED_INTERVAL = re.compile(
    r"(?i:profile[- ]likelihood|clopper[- ]pearson|"
    r"\b(?:exact|mid-?p)\s{1,2}(?:binomial\s{1,2}|poisson\s{1,2})?(?:95\s{0,2}%\s{1,2})?(?:confidence\s{1,2}intervals?|CIs?\b))"
)
_STATED_KEYS = ("profile", "clopper", "exact", "mid-p", "midp")
# every match of these holds one of its key words (as printed, its letters in either case), within the reach given
_NEEDS[id(_STATED_INTERVAL)] = _STATED_KEYS  # each match starts with one; the longest is 45 characters
_STATED_REACH = 48
_NEEDS[id(_EQUIVALENCE)] = ("tost", "two one", "equivalence")  # the longest match is 22 characters
_EQUIVALENCE_REACH = 26
_NEEDS[id(_ONE_TAILED_PAPER)] = ("tailed", "sided")
_CREDIBLE_CI = re.compile(r"(?i:credible intervals?\s{0,2}\(\s{0,2}(?:9[059]\s{0,2}%\s{0,2})?C[Rr]?Is?\s{0,2}[);,])")
_NEEDS[id(_CREDIBLE_CI)] = ("credible",)  # every match starts with it: the paper's search starts at the first
#: a key word holding another key word -> the longest it holds (its hits are found among that one's, :func:`_hits`)
_BASE = {
    k: max(inner, key=len)
    for k in {k for keys in _NEEDS.values() for k in keys}
    if (inner := [b for keys in _NEEDS.values() for b in keys if b != k and b in k])
}
BASE.update(_BASE)  # (keyindex._hits finds these among the hits of the word they hold)
#: characters before a number's context read for the start of its sentence (a mediation result's sentences run long)
_INDIRECT_BEFORE = 400


def _search_near(text: str, pattern: re.Pattern, at: list[int], reach: int) -> re.Match | None:
    """``pattern.search(text)``, tried only within ``reach`` of ``at``, the starts of every key word in ``text`` (each
    match holds one, _NEEDS, and is shorter than ``reach`` less the character a look-around reads after it): the
    stretches in text order, so the first match found is the leftmost (as :func:`_spans_near`). Why: a paper whose
    first key word ('holm' of 'Holmes') starts no match was read to its end with every alternative at every position
    (benchmarks/README.md, session 8)."""
    i, n = 0, len(text)
    while i < len(at):
        j = i
        while j + 1 < len(at) and at[j + 1] - at[j] <= 2 * reach:
            j += 1
        m = pattern.search(text, max(0, at[i] - reach), min(n, at[j] + reach))
        if m:
            return m
        i = j + 1
    return None


def _paper_interval(text: str, ctx: Context) -> str | None:
    """Words showing the paper's own method makes this interval asymmetric: its CIs are defined as credible
    intervals, or it resamples (bootstrap, Monte Carlo) the intervals of costs or of indirect effects and this
    estimate is one; else None.

    >>> t = "Costs were compared with bootstrapped CIs. "
    >>> _paper_interval(t, Context("a mean difference of €31.02 (95% CI -32.32 to 76.43) in total costs."))
    'a cost (€, sentence); bootstrapped for costs (elsewhere in the paper)'
    >>> _paper_interval(t, Context("a mean difference of 3.1 (95% CI -2.3 to 7.4) in pain")) is None
    True
    >>> _paper_interval("effects were nonnull if the 95% credible intervals (CIs) excluded zero", Context("b = 3.7"))
    'a credible interval: credible intervals (CIs) (elsewhere in the paper)'
    """
    paper = _paper(text)
    if "credible" in paper:
        return f"a credible interval: {paper['credible']}"[:_MAX_WORDS]
    if "stated" in paper:
        return f"intervals asymmetric by the paper's method: {paper['stated']}"[:_MAX_WORDS]
    found = _first(_COST, ctx, parts=("sentence", "row", "column header", "table caption"))
    if found and "costs" in paper:
        return f"a cost ({found.replace(' (', ', ', 1)}; {paper['costs']}"[:_MAX_WORDS]
    tail = ctx.before[-_INDIRECT_BEFORE:]  # the sentence's start, when the context window cut it
    near = (tail[tail.rfind(". ") + 2 :] + " " + ctx.sentence).lower() if not ctx.in_table else ""
    if "indirect" in paper and ("indirect effect" in near or "mediated effect" in near):
        return f"an indirect effect; {paper['indirect']}"[:_MAX_WORDS]
    return None


def _zero(printed) -> bool:
    """A bound printed as zero ("0", "0.00", ".000")."""
    t = str(printed or "").strip().lstrip("+-−–")
    return bool(t) and set(t) <= set("0.") and "0" in t


def _truncated(entry: dict, ctx: Context) -> str | None:
    """Words showing a CI is one-sided or truncated at 0: a bound printed as 0 on the far side of the estimate
    (a nonnegative difference of proportions) with a one-sided or exact test named nearby (PMC5440059), or None.

    >>> ctx = Context("for nocturia (.042, CI = [0.00, 0.262], p = .500)", before="a one-sided Fisher's exact test")
    >>> _truncated({"estimate": ".042", "lower": "0.00", "upper": "0.262"}, ctx)
    'a bound printed as 0: a one-sided or truncated interval (one-sided (text before))'
    >>> _truncated({"estimate": ".042", "lower": "0.01", "upper": "0.262"}, ctx) is None
    True
    """
    est = str(entry.get("estimate") or "").strip()
    if not (_zero(entry.get("lower")) and not est.startswith(("-", "−", "–"))) and not _zero(entry.get("upper")):
        return None
    why = one_tailed(ctx) or _nearby(_ASYMMETRIC_METHOD, ctx)
    return f"a bound printed as 0: a one-sided or truncated interval ({why})"[:_MAX_WORDS] if why else None


#: an ANOVA's effect named just before its F ("a significant main effect of Test Time (F(1,98) = 5.79", "an
#: interaction of Test Time x Group (F(2,98)", PMC5388694), not a simple effect (a comparison within one level)
_EFFECT = re.compile(r"(?i:(?<!simple )(?:main effects?|interactions?)\b)")
_EFFECT_BEFORE = 100  # characters before an F read for the effect it tests


def _omnibus(text: str, start: int, entry: dict) -> bool:
    """An F test that is an omnibus test, never a pairwise comparison: df1 >= 2 (three or more groups, an
    interaction), or named as an ANOVA's main effect or interaction just before it, with no other result between."""
    if entry.get("kind") != "test_statistic" or str(entry.get("test", "")).upper() != "F":
        return False
    try:
        if float(str(entry.get("df", "")).split(",")[0]) >= 2:
            return True
    except ValueError:
        pass
    a = max(0, start - _EFFECT_BEFORE)
    last = None
    for last in _EFFECT.finditer(text, a, start):  # noqa: B007 - the last one is kept
        pass
    return last is not None and "=" not in text[last.end() : start]


#: a column of differences or changes (a linear scale), named in a table cell's own column header
_DIFFERENCE_COLUMN = re.compile(r"(?i:differen|\bMD\b|\bchange\b|\bmean\b)")


def difference_head(head: str) -> bool:
    """A column header that names a difference or a change and no ratio (its cells are on a linear scale).

    >>> difference_head("MD (95%CI)"), difference_head("Adjusted OR (95% CI)")
    (True, False)
    """
    return bool(_DIFFERENCE_COLUMN.search(head)) and not _RATIO_CASED.search(head)


def _one_sided_level(entry: dict) -> str | None:
    """An 80% or 90% CI: the two-sided interval that goes with a one-sided test at 10% or 5% (a phase II trial's
    80% CI beside a one-sided P, PMC3626705; 90% CIs with one-tailed tests, PMC3410988), so the P printed with it
    may be one-sided; else None.

    >>> _one_sided_level({"confidence_level": "80"})
    'an 80% CI, the interval of a one-sided test at 10%'
    >>> _one_sided_level({"confidence_level": "95"}) is None
    True
    """
    level = str(entry.get("confidence_level", "")).strip().rstrip("%").strip()
    if level not in ("80", "90"):
        return None
    return (
        f"a{'n' if level == '80' else ''} {level}% CI, the interval of a one-sided test at {(100 - int(level)) // 2}%"
    )


def fill(text: str, start: int, end: int, entry: dict) -> dict:
    """Add to a draft ``entry`` (a ledger mapping) what the text around ``text[start:end]`` establishes.

    >>> t = "Depression (MADRS) fell to 20.3 ± 11.5 in 30 patients."
    >>> fill(t, t.index("20.3"), t.index("20.3") + 11, {"kind": "mean_sd"})["measurement_from"]
    'MADRS (sentence)'
    """
    kind = entry.get("kind")
    if kind not in ("mean_sd", "proportion", "estimate_ci_p", "p_value", "test_statistic"):
        return entry
    ctx = context(text, start, end)
    if kind == "proportion" and "measurement" not in entry:
        est = (
            estimated_percent(ctx)
            or _time_to_event(ctx, entry)
            or (None if ctx.in_table else _mean_count(text, start, entry))
        )
        if est:
            entry["measurement"], entry["measurement_from"] = (
                "continuous",
                f"an estimated percentage: {est}"[:_MAX_WORDS],
            )
    if kind == "mean_sd" and (missing := missing_note(text, start, ctx)):
        entry["n_missing"] = missing
    if kind == "mean_sd" and "measurement" not in entry:
        found = measurement(ctx)
        if found:
            entry["measurement"], entry["measurement_from"] = found
    if kind == "estimate_ci_p":
        label = str(entry.get("estimand", ""))
        asym = asymmetric_interval(ctx, label)
        ratio = (f"{label} (estimand)" if entry.get("scale") == "log" and label else None) or ratio_scale(ctx)
        method = (
            asymmetric_method(ctx)
            or _paper_interval(text, ctx)
            or _truncated(entry, ctx)
            or by_design(
                text, start, ctx, label, entry
            )  # NNT, an infinite sibling bound, bootstrapped CIs (asymmetry.py)
        )
        if method:
            entry["interval"], entry["interval_from"] = "asymmetric", method
        elif (
            asym := asym
            or _percent_estimate(text, start, end, entry, ctx)
            or _share_difference(text, start, end, entry, ctx)
            or (
                reproduced_proportion(entry)
                if SHARE_WORDS.search(words := f"{ctx.label} {ctx.header} {ctx.sentence}")
                and not _PERCENT_CONTRAST.search(words)
                else None
            )
        ) and not ratio:
            entry["interval"], entry["interval_from"] = "asymmetric", asym
        elif ratio:
            entry["scale"], entry["scale_from"] = "log", ratio[:_MAX_WORDS]
    if "p" in entry:
        adj = adjusted_p(ctx, _omnibus(text, start, entry))
        one = one_tailed(ctx) or _paper(text).get("equivalence") or _paper(text).get("one_tailed")
        if not one and kind == "estimate_ci_p":
            one = _one_sided_level(entry)
        if kind == "estimate_ci_p" and not adj:
            adj = _paper(text).get("adjusted")
        if adj:
            entry["p_adjusted"] = adj
        if one:
            entry["one_tailed"] = one
        test = other_test(text, ctx) if kind == "estimate_ci_p" or "lower" in entry else None
        hr = f"{entry.get('estimand', '')} {ratio or ''}" if kind == "estimate_ci_p" else ""
        if not test and _HAZARD.search(hr) and not _ADJUSTED_HR.search(f"{hr} {ctx.label}"):
            test = _logrank_paper(text)
        if test:
            entry["p_test"] = test
    relabel(text, start, end, entry, ctx)  # an estimate's nearest label, a C-index, Fisher's exact test (labels.py)
    return entry
