"""Other readings of the P printed beside a test statistic, where the text itself establishes them: the exact or
continuity-corrected P of a 2 x 2 table printed beside its Pearson chi-square (:func:`exact_chi2`), an average over
multiply imputed data sets printed with its range (:func:`imputed_range`), a voxel's P in an imaging analysis that
names a family-wise or small-volume correction (:func:`voxel_corrected`). :func:`p_reading` gives the first that
applies, for :func:`analysis.extraction.labels.relabel` (field ``p_test`` of a ``test_statistic``).

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import functools
import re

from ..reported import parse_reported
from .passages import KeyedSearch

__all__ = ["asymptotic_test", "exact_chi2", "imputed_range", "margin_test", "p_reading", "voxel_corrected"]

_MAX_WORDS = 120  # the evidence kept, in characters (as evidence.py's)

#: software whose 2 x 2 cross-tabulation prints Pearson's chi-square, the continuity-corrected chi-square and
#: Fisher's exact test (two- and one-sided) in one table (SPSS's CROSSTABS 'Chi-Square Tests'), or such a test named
#: anywhere: a P copied from a neighbouring line of that output is a reading of the print (PMC4039014, PMC4495314)
_EXACT_NAMED = re.compile(
    r"(?i:\bSPSS\b|fisher['\u2019]?s?\s{1,3}exact|\bexact\s{1,3}fisher|\byates|continuity[-\s]{1,3}correct)"
)
#: the largest table total enumerated
_MAX_TOTAL = 1000
#: bounds on the work, so that a hostile text is read in bounded time: the printed sizes used as totals and margins,
#: the tables whose exact Ps are computed for one chi-square, the distinct chi-squares of one text searched
_MAX_SIZES = 40
_MAX_TABLES = 100
_MAX_SEARCHED = 30


@functools.lru_cache(maxsize=4)
def _exact_paper(text: str) -> tuple[str | None, tuple[int, ...], dict]:
    """The words naming software or a test that prints an exact or corrected P beside Pearson's chi-square, the sample
    sizes the paper prints (searched once per text), and the readings found for the text's chi-squares so far."""
    m = _EXACT_NAMED.search(text)
    if m is None:
        return None, (), {}
    from .labels import sizes_paper  # (labels imports this module)

    sizes = sorted({int(n) for n in sizes_paper(text)} & set(range(4, _MAX_TOTAL + 1)))
    return " ".join(m.group(0).split()), tuple(sizes[:_MAX_SIZES]), {}


def _tables(chi_low: float, chi_high: float, total: int, margins: tuple[int, ...]):
    """The 2 x 2 tables (a, row 1, column 1) of ``total`` with a row margin among ``margins`` (a group size the paper
    prints) whose Pearson chi-square lies in [chi_low, chi_high]: with margins r1, c1 the chi-square is
    N (aN - r1 c1)^2 / (r1 r2 c1 c2), so a is solved for, not searched."""
    import numpy as np

    rows = [r for r in margins if r < total]
    if not rows:
        return
    r1, c1 = np.meshgrid(np.array(rows, dtype=float), np.arange(1, total, dtype=float), indexing="ij")
    r1, c1 = r1.ravel(), c1.ravel()
    m = r1 * (total - r1) * c1 * (total - c1)
    for sign in (-1.0, 1.0):
        ends = [(r1 * c1 + sign * np.sqrt(x * m / total)) / total for x in (chi_low, chi_high)]
        lo, hi = np.minimum(*ends), np.maximum(*ends)
        a = np.ceil(lo)
        ok = (a <= hi) & (a >= np.maximum(0, r1 + c1 - total)) & (a <= np.minimum(r1, c1))
        yield from zip(a[ok].astype(int).tolist(), r1[ok].astype(int).tolist(), c1[ok].astype(int).tolist())


def _exact_ps(a: int, r1: int, c1: int, total: int) -> dict[str, float]:
    """Fisher's exact P (two-sided, the smaller one-sided) and the continuity-corrected (Yates) chi-square's P."""
    from scipy import stats

    t = [[a, r1 - a], [c1 - a, total - r1 - c1 + a]]
    one = min(stats.fisher_exact(t, alternative=s).pvalue for s in ("less", "greater"))
    yates = stats.chi2_contingency(t, correction=True)[1]
    return {
        "Fisher's exact (two-sided)": float(stats.fisher_exact(t).pvalue),
        "Fisher's exact (one-sided)": float(one),
        "continuity-corrected chi-square": float(yates),
    }


def exact_chi2(text: str, entry: dict) -> str | None:
    """For a 1-df chi-square whose printed P Pearson's chi-square does not give: a 2 x 2 table, of a total the paper
    prints and with a group of a size it prints, whose Pearson chi-square is the printed one and whose Fisher's exact
    or continuity-corrected P is the printed P, in a paper that names software printing those beside Pearson's (SPSS)
    or names the test itself; words saying which, or None. Both numbers must be printed with three decimals or more:
    with two, many tables reproduce any pair (chi2(1) = 6.54, p = 0.02 fits some table of most totals). The search is
    bounded (the first 40 printed sizes, 100 tables per chi-square, 30 distinct chi-squares per text, in text order;
    beyond them a chi-square keeps its flag).

    >>> e = {"test": "chi2", "df": "1", "statistic": "4.981", "p": "0.052"}
    >>> exact_chi2("Analyses used SPSS 20. N = 104 took part, 52 women and 52 men.", e)
    "Fisher's exact (two-sided): a table of 104, a printed total (2, 50 / 9, 43), gives chi2 4.981, P 0.052 (SPSS named)"
    >>> exact_chi2("Analyses used R. N = 104 took part, 52 women and 52 men.", e) is None
    True
    """
    if entry.get("test") != "chi2" or str(entry.get("df", "")).strip() not in ("1", "1.0"):
        return None
    named, sizes, found = _exact_paper(text)
    if named is None or not sizes:
        return None
    try:
        st, p = parse_reported(str(entry.get("statistic"))), parse_reported(str(entry.get("p")))
    except ValueError:
        return None
    if not (st.exact and p.exact) or st.decimals < 3 or p.decimals < 3 or st.low < 0:
        return None
    from scipy import stats  # here, not at the top: importing scipy.stats costs a first scan 0.3 s of CPU (session 11)

    chi_low, chi_high, p_low, p_high = float(st.low), float(st.high), float(p.low), float(p.high)
    pearson = sorted(float(stats.chi2.sf(x, 1)) for x in (chi_low, chi_high))
    if p_low <= pearson[1] and pearson[0] <= p_high:
        return None  # Pearson's P fits: nothing to explain
    key = (str(entry.get("statistic")), str(entry.get("p")))
    if key not in found and len(found) < _MAX_SEARCHED:
        found[key] = _search(chi_low, chi_high, p_low, p_high, sizes, entry, named)
    return found.get(key)


def _search(chi_low, chi_high, p_low, p_high, sizes, entry, named) -> str | None:
    tried = 0
    for total in sizes:
        for a, r1, c1 in _tables(chi_low, chi_high, total, sizes):
            tried += 1
            if tried > _MAX_TABLES:
                return None
            for name, q in _exact_ps(a, r1, c1, total).items():
                if p_low <= q <= p_high:
                    cells = f"{a}, {r1 - a} / {c1 - a}, {total - r1 - c1 + a}"
                    return (
                        f"{name}: a table of {total}, a printed total ({cells}), gives chi2 "
                        f"{entry['statistic']}, P {entry['p']} ({named} named)"
                    )[:_MAX_WORDS]
    return None


#: a statistic or a P followed by a bracketed range of two numbers: a mean over multiply imputed data sets printed
#: with its range ('F (1, 479) = 0.26 [0.09-3.19]; p = 0.69 [0.08-0.77]', PMC5608868)
_RANGE = re.compile(
    r"\s{0,2}[\[(]\s{0,2}\d{0,3}\.?\d{1,4}\s{0,2}(?:[-\u2013\u2012\u2014]|to)\s{0,2}\d{0,3}\.?\d{1,4}\s{0,2}[\])]"
)


def imputed_range(text: str, start: int, end: int, entry: dict) -> str | None:
    """Words when both the statistic and its P are followed by a bracketed range (a mean over imputed data sets with
    its range: the mean P need not be the P of the mean statistic), else None.

    >>> s = "imputed data F (1, 479) = 0.26 [0.09-3.19]; p = 0.69 [0.08-0.77]; original F (1, 390) = 2.44; p = 0.12"
    >>> imputed_range(s, s.index("F (1, 479)"), s.index("0.69") + 4, {"statistic": "0.26", "p": "0.69"})
    'statistic and P each printed with a [range]: averages over imputed data sets, not one test'
    >>> imputed_range(s, s.index("F (1, 390)"), len(s), {"statistic": "2.44", "p": "0.12"}) is None
    True
    """
    stat = str(entry.get("statistic", ""))
    i = text.find(stat, start, end) if stat else -1
    if i < 0 or not _RANGE.match(text, i + len(stat)) or not _RANGE.match(text, end):
        return None
    return "statistic and P each printed with a [range]: averages over imputed data sets, not one test"


#: a voxel or cluster of an imaging analysis, named near the statistic (its coordinates, a peak voxel, voxels); a bare
#: 'peak' is no such sign (peak expiratory flow, a peak plasma concentration: tests/test_review10.py)
_VOXEL = re.compile(
    r"(?i:\bMNI\b|talairach|\bpeak\s{1,3}(?:coordinates?|activations?|locations?)\b|\bvoxels?\b|"
    r"\bx\s{0,2},\s{0,2}y\s{0,2},\s{0,2}z\b)"
)
#: a family-wise, small-volume or cluster-level correction named in the paper
_IMAGING_CORRECTION = re.compile(
    r"(?i:\bFWE\b|family[-\s]?wise|small[-\s]volume\s{1,3}correct|\bSVC\b|cluster[-\s]level\s{1,3}correct)"
)


@functools.lru_cache(maxsize=4)
def _imaging_correction(text: str) -> str | None:
    m = _IMAGING_CORRECTION.search(text)
    return " ".join(m.group(0).split()) if m else None


def voxel_corrected(text: str, start: int, end: int, entry: dict) -> str | None:
    """Words when a t or z is a voxel's (coordinates, a peak voxel or voxels named in its own sentence, within 200
    characters before it or 80 after its P) in a paper that names a family-wise, small-volume or cluster-level correction: its P may be the
    corrected one, larger than the statistic gives; else None.

    >>> s = "The peak MNI coordinate (x, y, z) = (-4, -26, -10), t (21) = 5.43, p = 0.0001. FWE correction was used."
    >>> voxel_corrected(s, 52, 76, {"test": "t"})
    'a voxel (MNI) in an imaging analysis naming FWE: the P may be corrected'
    >>> voxel_corrected(s.replace("FWE", "no"), 52, 76, {"test": "t"}) is None
    True
    """
    if entry.get("test") not in ("t", "z"):
        return None
    a = max(0, start - 200)
    a = max(a, text.rfind(". ", a, start) + 2)  # the statistic's own sentence: not a voxel of the sentence before
    b = min(len(text), end + 80)
    if (stop := text.find(". ", end, b)) >= 0:
        b = stop + 1
    m = _VOXEL.search(text, a, b)
    if m is None:
        return None
    named = _imaging_correction(text)  # the whole text, read only for a statistic near a voxel
    if named is None:
        return None
    return f"a voxel ({' '.join(m.group(0).split())}) in an imaging analysis naming {named}: the P may be corrected"[
        :_MAX_WORDS
    ]


def p_reading(text: str, start: int, end: int, entry: dict) -> str | None:
    """The first of :func:`imputed_range`, :func:`voxel_corrected` and :func:`exact_chi2` that applies, or None."""
    return imputed_range(text, start, end, entry) or voxel_corrected(text, start, end, entry) or exact_chi2(text, entry)


# --------------------------------------------------------------------------- a P beside an estimate and its CI


def _wald(entry: dict) -> float | None:
    """The two-sided P an estimate's CI implies against no difference (log scale for a ratio), or None."""
    from math import erfc, log, sqrt
    from statistics import NormalDist

    try:
        est, lo, hi = (float(str(entry.get(f, "")).replace("\u2212", "-")) for f in ("estimate", "lower", "upper"))
        if entry.get("scale") == "log":
            est, lo, hi = log(est), log(lo), log(hi)
        z = NormalDist().inv_cdf(0.5 + float(str(entry.get("confidence_level") or "95")) / 200)
        return erfc(abs(est) / ((hi - lo) / (2 * z)) / sqrt(2)) if hi > lo else None
    except ValueError:
        return None


def _printed_p(entry: dict):
    try:
        return parse_reported(str(entry.get("p", "")))
    except ValueError:
        return None


#: a chi-square test named as the paper's comparison of proportions ('proportions were compared using the chi 2 test',
#: PMC3644688, where the risk ratios' Ps are the chi-square's, 0.025 beside a Wald 0.030)
#: (not a test for trend, which compares ordered groups, not two proportions: tests/test_false_alarms_s12_ci.py B)
_CHI2_PAPER = re.compile(
    r"(?i:(?:pearson['\u2019]?s?\s{1,3})?(?:chi[-\s]?squared?|\u03c7\s{0,2}(?:2|\u00b2)?)\s{1,3}tests?\b"
    r"(?!\s{1,3}(?:of|for)\s{1,3}(?:linear\s{1,3})?trend))"
)
#: Kaplan-Meier curves named: an unadjusted hazard ratio's P may be their log-rank test's (the Cox model's score test)
_KAPLAN = re.compile(r"(?i:kaplan[-\s\u2010\u2011\u2013]{1,3}meier)")
_HAZARD = re.compile(r"(?i:hazard|\bHR\b)")
_ADJUSTED = re.compile(r"(?i:adjusted|multivariat|multivariable|\baHR\b)")
_RATIO_OF_PROPORTIONS = re.compile(r"(?i:risk|relative|odds|\bRR\b|\bOR\b|prevalence)")
#: how far apart an asymptotic test's z (chi-square, log-rank) and the Wald z of one ratio's CI may be on one table,
#: as a ratio of the two z (PMC3644688: P 0.025 and 0.030, z 2.24 and 2.17; PMC3672718: 0.006 and 0.009, z 2.75 and
#: 2.61), on the same side of 0.05; a P far off on the z scale stays a finding (PMC3427491's HR 0.975, 0.655-1.451, with
#: P = 0.475: z 0.71 against the CI's 0.13)
_ASYMPTOTIC_FACTOR = 1.25
#: a non-inferiority margin named ('a non-inferiority margin of -0.5 g/dL', PMC4805129)
_MARGIN = re.compile(
    r"(?i:non[-\s\u2010\u2011]?inferiority\s{1,3}(?:margin|limit|bound)|margin\s{1,3}of\s{1,3}non[-\s]?inferiority)"
)


#: the three searched only where a key word starts (every match starts with one: tests/extraction/test_keyed_search.py)
_NAMED = (
    ("chi2", KeyedSearch(_CHI2_PAPER, ("pearson", "chi", "\u03c7"))),
    ("kaplan", KeyedSearch(_KAPLAN, ("kaplan",))),
    ("margin", KeyedSearch(_MARGIN, ("non", "margin"))),
)


@functools.lru_cache(maxsize=4)
def _named(text: str) -> dict[str, str]:
    """The tests and designs named anywhere in ``text`` that another reading of a P beside a CI rests on (searched
    once per text; read only for an estimate whose numbers call for another reading)."""
    out = {}
    for key, rx in _NAMED:
        if m := rx.search(text):
            out[key] = " ".join(m.group(0).split())
    return out


def asymptotic_test(text: str, entry: dict, label: str = "") -> str | None:
    """For a ratio and its CI whose printed P (with '=') gives a z within :data:`_ASYMPTOTIC_FACTOR` of the CI's Wald z
    and lies on the Wald P's side of 0.05: a chi-square test named in the paper beside a risk or odds ratio, or Kaplan-Meier curves beside
    an unadjusted hazard ratio (their log-rank test); words naming it, else None. A disagreement about significance
    stays a finding (PMC3681405's HR 1.012, 0.996-1.029, P = 0.012).

    >>> e = {"estimate": "1.42", "lower": "1.04", "upper": "1.96", "p": "0.025", "scale": "log", "estimand": "risk ratio"}
    >>> asymptotic_test("proportions were compared using the \u03c72 test", e)
    "\u03c72 test (elsewhere in the paper; z within a factor of 1.25 of the CI's)"
    >>> asymptotic_test("proportions were compared using the \u03c72 test", dict(e, p="0.06")) is None
    True
    """
    from math import sqrt

    from scipy.special import erfcinv

    if entry.get("scale") != "log" or str(entry.get("p", "")).lstrip()[:1] in "<>≤≥":
        return None
    p, wald = _printed_p(entry), _wald(entry)
    if p is None or wald is None or not (p.value > 0 and wald > 0) or p.low <= wald <= p.high:
        return None  # (a P the CI gives at face value needs no other reading)
    z_p, z_wald = (sqrt(2) * erfcinv(min(max(float(x), 1e-300), 1.0)) for x in (p.value, wald))
    if not (z_wald > 0 and 1 / _ASYMPTOTIC_FACTOR <= z_p / z_wald <= _ASYMPTOTIC_FACTOR and 0.5 <= p.value / wald <= 2):
        return None  # near on the z scale and within a factor of 2 on P (PMC5856890's 0.0001 beside 2.4e-5 stays)
    if (p.high < 0.05) != (wald < 0.05):
        return None
    named = _named(text)
    what = f"{entry.get('estimand', '')} {label}"
    if _HAZARD.search(what):
        if "kaplan" not in named or _ADJUSTED.search(what):
            return None
        words = f"{named['kaplan']} (elsewhere in the paper; its log-rank z within a factor of {_ASYMPTOTIC_FACTOR:g} of the CI's)"
    elif "chi2" in named and _RATIO_OF_PROPORTIONS.search(what):
        words = f"{named['chi2']} (elsewhere in the paper; z within a factor of {_ASYMPTOTIC_FACTOR:g} of the CI's)"
    else:
        return None
    return words[:_MAX_WORDS]


#: the margin's value printed after its words ('a non-inferiority margin of \u22120.5 g/dL', 'was set as -0.5',
#: 'of 10 percentage points')
_MARGIN_VALUE = re.compile(r"[^\d.;]{0,30}?([-\u2212\u2013]?\s{0,2}\d{1,4}(?:[.\u00b7]\d{1,4})?)")


@functools.lru_cache(maxsize=4)
def _margins(text: str) -> tuple[float, ...]:
    """The sizes (absolute values) of the non-inferiority margins the text prints after their words."""
    out = []
    for m in _MARGIN.finditer(text):
        v = _MARGIN_VALUE.match(text, m.end())
        if v:
            out.append(
                abs(
                    float(
                        re.sub(r"\s", "", v.group(1))
                        .replace("\u2212", "-")
                        .replace("\u2013", "-")
                        .replace("\u00b7", ".")
                    )
                )
            )
    return tuple(sorted(set(out)))


def margin_test(text: str, entry: dict) -> str | None:
    """For a difference (not a ratio) whose printed P is smaller than the Wald P its CI gives against no difference, in a
    paper that names a non-inferiority margin and prints its value: the P of the CI's Wald test against that margin
    (either sign; one- or two-sided) reproduces the printed P (within a factor of 1.5, or below a printed bound), so the P
    tests the margin, not zero (PMC4805129: 'difference 0.22, 95% CI 0.012; 0.43, P < 0.001' with a margin of
    -0.5 g/dL); words, else None. A P that neither zero nor the margin gives stays a finding (a margin named for another
    outcome: 'margin of 10 percentage points' beside a length of stay's 1.20 (-0.40 to 2.80), P = 0.014).

    >>> e = {"estimate": "0.22", "lower": "0.012", "upper": "0.43", "p": "<0.001", "scale": "linear"}
    >>> margin_test("the non-inferiority margin was set as -0.5 g/dL", e)
    "non-inferiority margin (-0.5, printed in the paper): the P is the CI's test against it, not against 0"
    >>> margin_test("the non-inferiority margin was set as -0.5 g/dL", dict(e, p="0.30")) is None
    True
    >>> margin_test("a non-inferiority margin of 10 percentage points", dict(e, estimate="1.20", lower="-0.40",
    ...             upper="2.80", p="0.014")) is None
    True
    """
    from math import erfc, sqrt
    from statistics import NormalDist

    if entry.get("scale") == "log":  # (PMC2864284: a margin on a risk difference, a P beside an adjusted HR)
        return None
    p, wald = _printed_p(entry), _wald(entry)
    if p is None or wald is None or not p.high < wald or _named(text).get("margin") is None:
        return None
    try:
        est, lo, hi = (float(str(entry.get(f, "")).replace("\u2212", "-")) for f in ("estimate", "lower", "upper"))
        se = (hi - lo) / (2 * NormalDist().inv_cdf(0.5 + float(str(entry.get("confidence_level") or "95")) / 200))
    except ValueError:
        return None
    if not se > 0:
        return None
    bound = p.comparator in ("<", "<=", "\u2264")
    for size in _margins(text):
        for margin in (-size, size):
            two = erfc(abs(est - margin) / se / sqrt(2))
            for q in (two, two / 2):
                if (q <= p.high * 1.5) if bound else (p.low / 1.5 <= q <= p.high * 1.5):
                    return (
                        f"non-inferiority margin ({margin:g}, printed in the paper): the P is the CI's test "
                        "against it, not against 0"
                    )[:_MAX_WORDS]
    return None
