"""The preconditions checks rest on, each established from the entry and its study.

May import analysis.ledger, analysis.results and analysis.auditing.registry.

Each is a :class:`~analysis.auditing.registry.Precondition`; its function returns a
:class:`~analysis.auditing.registry.Premise` that holds, in words, or says what is missing.
"""

from __future__ import annotations

import functools
import re

from ..ledger import Entry, Study
from ..ledger.schema import STRONG_N_SOURCES
from ..reported import find_number, parse_reported
from .registry import Precondition, Premise

__all__ = [
    "N_PRINTED",
    "INTEGER_DATA",
    "half_steps",
    "BINARY_DATA",
    "SCALE_BOUNDS",
    "CI_SCALE",
    "AT_CENTRE",
    "WHICH_P",
    "SAME_ANALYSIS",
    "PAIRED_PRINT",
    "SAME_QUANTITY",
    "PARTITION",
    "n_source",
    "is_draft",
    "estimate_scale",
    "table_place",
    "share_groups",
    "complementary_pair",
]

#: what each n source says, after "n = 30 ..."
_N_WORDS = {
    "fragment": "printed with it",
    "cell": "printed in the same cell",
    "column": "from the column header",
    "n_row": "from the table's n row",
    "section": "from the section header",
    "arm_table": "the arm's size printed elsewhere",
    "total": "the paper's total",
    "elsewhere": "printed elsewhere in the text",
    "unknown": "not printed with it (where from is not recorded)",
    "ledger": "read in the source by the ledger's author",
}


def is_draft(study: Study, e: Entry) -> bool:
    """An entry read by the extractor (its ``review`` says what it could not place; a draft's design is unknown),
    not checked by a person."""
    return e.has("review") or study.design == "unknown"


def n_source(study: Study, e: Entry) -> str:
    """Where ``e``'s n was printed: its ``n_source``; a hand ledger entry's default is ``ledger``, a draft
    entry's ``unknown``."""
    if e.has("n_source"):
        return str(e.get("n_source"))
    if not is_draft(study, e):
        return "ledger"
    from ..reported import printed_in

    return "fragment" if e.has("n") and printed_in(str(e.get("n")), e.fragment) else "unknown"


def _n_printed(study: Study, e: Entry) -> Premise:
    if not e.has("n"):
        if e.kind == "proportion":
            return Premise(
                False,
                f"{e.get('percent')}% is printed without its denominator: no whole-count check is "
                "possible on its own (see the comparison rows for denominators that fit a printed total)",
            )
        return Premise(False, f"no group size n ({e.get('review') or 'not printed with it'})")
    src = n_source(study, e)
    if e.has("n_missing") and src not in ("fragment", "cell", "ledger"):
        return Premise(
            False,
            f"n = {e.get('n')} ({_N_WORDS[src]}) may not be this number's n: the table says some values are "
            f"missing or its n varies ({e.get('n_missing')})",
        )
    strong = src in STRONG_N_SOURCES
    words = "" if src in ("fragment", "cell", "ledger") else f"n = {e.get('n')} ({_N_WORDS[src]}) is this number's n"
    return Premise(True, words, certain=strong)


#: integer evidence that is only the word 'item(s)' (a subscale's or a questionnaire's item mean: 'Items' in a column
#: header, PMC5456350's subscale means 5.3 (0.4) of N = 18; 'items' in a caption, PMC3716527): how many items were
#: averaged is not printed
_ITEMS_ONLY = re.compile(r"(?i:items?\s{1,3}\()")


#: instruments a person's score on which is the mean of its items (the Fatigue Severity Scale: nine items rated 1-7,
#: scored as their mean, so a mean up to 7; its total, 9-63, is integer): named as the integer evidence
_ITEM_MEAN = re.compile(r"\b(?:FSS)\b|(?i:fatigue severity scale)")
#: instruments scored in half steps (EDSS, 0-10 in steps of 0.5): GRIM-type checks on twice the value
_HALF_STEPS = re.compile(r"\bEDSS\b|(?i:expanded disability status scale)")


def half_steps(e: Entry) -> int:
    """How many steps make one unit of the instrument ``e`` was measured on when the integer evidence names one
    scored in half steps (EDSS: 2, a person's score k/2; PMC4877819's EDSS 2.64 of n = 13 read as k/26), else the
    entry's ``items`` (1 when not printed): GRIM on a mean of two items is GRIM on half steps."""
    if e.has("items"):
        return e.integer("items")
    return 2 if e.get("measurement") == "integer" and _HALF_STEPS.search(str(e.get("measurement_from") or "")) else 1


def _integer_data(study: Study, e: Entry) -> Premise:
    kind = e.get("measurement")
    why = e.get("measurement_from")
    if kind == "continuous":
        return Premise(False, f"the values are continuous ({why}): GRIM-type checks need integer data")
    if kind == "integer" and _ITEM_MEAN.search(str(why or "")) and e.has("mean") and e.reported("mean").value <= 7:
        # PMC4877819's FSS 3.76 (1.68) of n = 11: a mean of nine 1-7 ratings per person
        return Premise(
            False,
            f"{why}: a mean up to 7 is the scale's item mean (nine items rated 1-7), so a person's score is no "
            "integer: GRIM-type checks do not apply",
        )
    if kind == "integer" and _ITEMS_ONLY.match(str(why or "")) and not e.has("items"):
        return Premise(
            False,
            f"the values are means of integer items ({why}), but the number of items is not known: a mean of k "
            "items moves in steps of 1/(n k), so GRIM-type checks need k",
        )
    if kind == "integer":
        return Premise(True, f"these are integer data ({why})", certain=False)
    if e.has("scale_low") and e.has("scale_high"):
        note = f"; {e.get('scale_note')}" if e.has("scale_note") else ""
        return Premise(
            True, f"these are integer scores ({e.get('scale_low')}-{e.get('scale_high')} scale{note})", certain=False
        )
    if e.has("items"):
        return Premise(True, f"these are means of {e.get('items')} integer items", certain=False)
    return Premise(
        False,
        "no evidence that the values are integers (a count, an instrument with integer items, "
        "a stated item range); without it GRIM, GRIMMER and DEBIT do not apply",
    )


def _scale_bounds(study: Study, e: Entry) -> Premise:
    if e.has("scale_low") and e.has("scale_high"):
        note = f" ({e.get('scale_note')})" if e.has("scale_note") else ""
        return Premise(True, f"the scale runs {e.get('scale_low')}-{e.get('scale_high')}{note}", certain=True)
    return Premise(False, "the scale's bounds are not known")


def _binary_data(study: Study, e: Entry) -> Premise:
    """A 0/1 variable, one value per participant, its proportion printed as mean and SD: integer data (the
    ledger's ``measurement`` or ``items``, not continuous) on a 0-1 scale with one item, mean and SD in [0, 1]."""
    integer = _integer_data(study, e)
    items = e.integer("items") if e.has("items") else 1
    if not integer.holds or items != 1:
        return Premise(
            False,
            "no evidence that each participant contributes one 0/1 value (DEBIT needs binary data; "
            "a mean of several 0/1 trials or items is not)"
            if integer.holds
            else integer.words,
        )
    try:
        inside = all(0 <= e.reported(f).value <= 1 for f in ("mean", "sd"))
    except ValueError:
        inside = False
    if not inside:
        return Premise(
            False, f"mean {e.get('mean')} and SD {e.get('sd')} are not both in [0, 1]: not a proportion and its SD"
        )
    return Premise(True, f"this is a 0/1 variable ({integer.words.removeprefix('these are ')})", certain=False)


#: the entry has a group size n (and where it was printed decides how sure a finding can be)
N_PRINTED = Precondition("n", _n_printed)
#: a 0/1 variable's proportion printed as mean and SD (DEBIT): integer data on a 0-1 scale, one item
BINARY_DATA = Precondition("binary_data", _binary_data)
#: positive evidence that the values are integers or means of k integer items (GRIM, GRIMMER, DEBIT)
INTEGER_DATA = Precondition("integer_data", _integer_data)
#: the bounds of the scale are known (the ledger's ``scale_low``/``scale_high``)
SCALE_BOUNDS = Precondition("scale_bounds", _scale_bounds)


def estimate_scale(study: Study, e: Entry) -> Premise:
    """The scale an estimate and its CI are read on: the ledger's ``scale`` with the words that show it (a ratio
    label), else for a draft the log scale when the CI is symmetric there within rounding and not on the linear
    scale; an interval asymmetric by construction (``interval``) is not read on either."""
    from ..checks.pvalues import ci_symmetry

    if e.get("interval") == "asymmetric":
        return Premise(
            False,
            f"the interval is asymmetric by construction ({e.get('interval_from')}): not tested as estimate ± q SE",
        )
    if e.get("scale") == "log":
        why = e.get("scale_from")
        zero = [f for f in ("estimate", "lower", "upper") if not e.reported(f).value > 0]
        if zero:
            return Premise(
                False,
                f"a ratio printed with {', '.join(f'{f} {e.get(f)}' for f in zero)}: a ratio "
                "rounded to zero (or printed as a negative number) has no logarithm, so its CI "
                "cannot be read on the log scale",
            )
        return Premise(
            True,
            f"read as a ratio ({why}): log scale" if why else "a ratio (scale: log in the ledger)",
            certain=True,
            value="log",
        )
    if not is_draft(study, e):
        return Premise(True, "", certain=True, value="linear")
    change = _percent_change(e)
    if change:
        return Premise(False, change)
    try:
        positive = all(e.reported(f).value > 0 for f in ("estimate", "lower", "upper"))
        if (
            positive
            and ci_symmetry(e.get("estimate"), e.get("lower"), e.get("upper")).verdict == "inconsistent"
            and ci_symmetry(e.get("estimate"), e.get("lower"), e.get("upper"), scale="log").verdict == "consistent"
        ):
            return Premise(
                True,
                "read as a ratio (the CI is symmetric on the log scale, not the linear): log scale",
                certain=False,
                value="log",
            )
    except ValueError:
        pass
    return Premise(True, "read on the linear scale (no ratio label found)", certain=False, value="linear")


#: a percentage printed right after the estimate, or a label naming a percentage change
_PERCENT_AFTER = re.compile(r"\s{0,2}%")


def _percent_change(e: Entry) -> str | None:
    """Words saying a percentage change's CI is symmetric on the log scale of 100 + x and not on the linear one (a
    ratio of geometric means or a log-transformed outcome printed as 100 x (ratio - 1): '-28% (95% CI -47 to -2)',
    PMC3816860, is 0.72 (0.53 to 0.98)), or a reduction's on the log scale of 100 - x (100 x (1 - ratio): 'reduced ...
    by 53% (95% CI: 31-68%)', PMC1403758, is 0.47 (0.32 to 0.69)), else None: such an interval is asymmetric by
    construction.

    The estimate must be printed with a percent sign or under a column header in percent ('Effect (%) [95 % CI]',
    PMC4967427: relative differences); every value above -100 (below 100 for a reduction, which words before the
    estimate must name)."""
    from ..checks.pvalues import ci_symmetry

    est, frag = str(e.get("estimate")), e.fragment
    i = find_number(frag, est)
    column = (table_place(e) or ("", "", "", ""))[2]
    if i < 0 or not (_PERCENT_AFTER.match(frag, i + len(est)) or _PERCENT_HEADER.search(column)):
        return None
    try:
        vals = [e.reported(f) for f in ("estimate", "lower", "upper")]
        if ci_symmetry(est, e.get("lower"), e.get("upper")).verdict != "inconsistent":
            return None
        for sign, words in ((1, "100 + x"), (-1, "100 - x")):
            if sign < 0 and not (e.has("sign_from") or _REDUCTION_BEFORE.search(frag[max(0, i - 60) : i])):
                continue
            if min(100 + sign * v.value for v in vals) <= 0:
                continue
            mid, lo, hi = [f"{100 + sign * v.value:.{v.decimals}f}" for v in vals]
            lo, hi = sorted((lo, hi), key=float)
            if ci_symmetry(mid, lo, hi, scale="log").verdict == "consistent":
                return (
                    f"a percentage change ({est}%) whose CI is symmetric on the log scale of {words} ({mid} in "
                    f"{lo} to {hi}): a ratio printed as a change, asymmetric on the linear scale by construction"
                )
    except ValueError:
        return None
    return None


#: a column header in percent ('Effect (%) [95 % CI]'; not the confidence level's '95 %')
_PERCENT_HEADER = re.compile(r"(?<![\d.])(?<![\d.]\s)%|(?i:per\s?cent)")
#: a reduction or decrease named before a percentage ('reduced PD20 by 53%')
_REDUCTION_BEFORE = re.compile(r"(?i:reduc|decreas|declin|lower|fall|fell|drop)")


def _at_centre(study: Study, e: Entry) -> Premise:
    from ..checks.pvalues import ci_symmetry

    scale = estimate_scale(study, e)
    if not scale.holds:
        return scale
    chk = ci_symmetry(e.get("estimate"), e.get("lower"), e.get("upper"), scale=scale.value)
    if chk.verdict == "inconsistent":
        return Premise(
            False,
            f"the estimate is not at the centre of its CI on the {scale.value} scale (see the "
            "ci_symmetry row): P is not recomputed from the CI",
        )
    return Premise(True, scale.words, certain=scale.certain, value=scale.value)


def _which_p(study: Study, e: Entry) -> Premise:
    if e.has("p_adjusted"):
        return Premise(
            True,
            f"the P may be adjusted ({e.get('p_adjusted')}): an adjusted P is never smaller than "
            "the unadjusted one, so only a printed P too small for its statistic is a finding",
            certain=False,
            value="adjusted",
        )
    if e.kind == "estimate_ci_p" and _above_wald(e) and (capped := _capped_p(study)):
        return Premise(
            True,
            f"the paper's P values may be adjusted ({capped}): an adjusted P is never smaller than "
            "the unadjusted one, and this one is not",
            certain=False,
            value="adjusted",
        )
    if e.has("one_tailed"):
        return Premise(
            True,
            f"a one-tailed test is declared ({e.get('one_tailed')}): half the two-tailed P is "
            "accepted (statcheck's one-tailed rule)",
            certain=False,
            value="one-tailed",
        )
    if is_draft(study, e):
        return Premise(True, "a two-tailed, unadjusted P (no other named nearby)", certain=False, value="two-tailed")
    return Premise(True, "", certain=True, value="two-tailed")


#: a P printed as exactly 1 ('P = 1.000', 'P = 1')
_P_ONE = re.compile(r"1(?:\.0{1,4})?")


def _wald_p(e: Entry) -> float | None:
    """The two-sided P a linear (difference) estimate's 95% CI implies, or None (a ratio, a bound unread)."""
    from math import erfc, sqrt

    if e.get("scale") == "log" or str(e.get("confidence_level") or "95") != "95":
        return None
    try:
        est, lo, hi = (e.reported(f).value for f in ("estimate", "lower", "upper"))
    except ValueError:
        return None
    return erfc(abs(est) / ((hi - lo) / 3.92) / sqrt(2)) if hi > lo else None


def _above_wald(e: Entry) -> bool:
    """The printed P is at least the Wald P of the CI (as a P adjusted upwards from it is)."""
    wald = _wald_p(e)
    try:
        return wald is not None and e.reported("p").high >= wald
    except ValueError:
        return False


def _capped_p(study: Study) -> str | None:
    """A P printed as exactly 1 beside a difference and CI whose Wald P is below .99, not named as another test's:
    no unadjusted test gives P = 1 for a non-zero estimate, a Bonferroni-adjusted P is capped at 1 (PMC4705007's
    mixed-model changes in weight, '-0.1 kg [95% CI -1.9 to 1.8]; P = 1.000': SPSS's Bonferroni pairwise Ps); else
    None."""
    for x in study.of_kind("estimate_ci_p"):
        wald = None if x.has("p_test") or not _P_ONE.fullmatch(str(x.get("p") or "").strip()) else _wald_p(x)
        if wald is not None and wald < 0.99:
            return (
                f"P = {x.get('p')} printed for {x.get('estimate')} ({x.get('lower')} to {x.get('upper')}): capped at 1"
            )
    return None


def _same_analysis(study: Study, e: Entry) -> Premise:
    """The P and the CI come from one analysis: not when the P is named as another test's (a stratified or
    Mantel-Haenszel test beside a crude or MH ratio, a chi-squared, exact, log-rank or rank test; ``p_test``)."""
    if e.has("p_test") and "log" in str(e.get("p_test")).lower() and _decision_differs(e):
        return Premise(
            True,
            f"a log-rank test is named in the paper ({e.get('p_test')}), but the printed P and the CI disagree about "
            "significance at 0.05, which a log-rank P beside its Cox model's CI does not explain",
            certain=False,
        )
    if e.has("p_test"):
        return Premise(
            False,
            f"the P is named as from another test than the estimate's CI ({e.get('p_test')}): "
            "a P from that test is not the P the CI implies, so it is not recomputed from the CI",
        )
    return Premise(True, "", certain=True)


def _decision_differs(e: Entry) -> bool:
    """The printed P and a ratio's CI disagree about significance at 0.05 beyond rounding: the CI excludes 1 and P is
    above .05, or the CI holds 1 inside both bounds and P is below .05 (PMC5954168's 'HR = 1.64, 95% CI: 0.90-2.97,
    p < 0.001'; PMC3681405's 'HR = 1.012; 95% CI, 0.996-1.029; P = 0.012'). A log-rank P and the Cox model's Wald P
    differ, but not so far. With a one-tailed test declared, a two-sided 95% CI holding 1 disagrees only with a P
    below .025 (PMC3664320's one-sided stratified log-rank P = 0.0401 beside HR 0.390, 95% CI 0.130-1.173)."""
    try:
        lo, hi, p = e.reported("lower"), e.reported("upper"), e.reported("p")
    except ValueError:
        return False
    excludes = lo.low > 1 or hi.high < 1
    holds = lo.high < 1 < hi.low
    return (excludes and p.low > 0.05) or (holds and p.high < (0.025 if e.has("one_tailed") else 0.05))


#: the scale an estimate's CI is read on (log for a ratio); not established for an interval asymmetric by construction
CI_SCALE = Precondition("scale", estimate_scale)
#: the estimate sits at its CI's centre on that scale (P is recomputed from a CI only then)
AT_CENTRE = Precondition("at_centre", _at_centre)
#: which P was printed: an adjusted P is not recomputed; a declared one-tailed test accepts half the two-tailed P
WHICH_P = Precondition("which_p", _which_p)
#: the P and the CI come from one analysis (not a P named as from a stratified, chi-squared, exact or rank test)
SAME_ANALYSIS = Precondition("same_analysis", _same_analysis)


#: a standardized effect printed beside a CI: the CI may be of another quantity (a raw difference, B for beta)
_STANDARDIZED = re.compile(
    r"(?i:cohen|hedges|standardi[sz]ed mean|\bSMD\b|\beta\b|\bomega\b|correlation|"
    r"[ωη]\s{0,2}p?\s{0,2}(?:2|²)|\bR\s{0,2}(?:2|²)|\bd\b|\bg\b|\br\b)"
)
#: a P just before a number: the number is the P's, not an estimate ("p < 0.001, CI [...]")
_P_BEFORE = re.compile(r"(?i:\bp\s{0,2}(?:-?\s{0,2}value)?\s{0,2}[<=>≤≥]\s{0,2}$)")
#: a mean or median named just before the number ('(mean 91 (33-100))', PMC5119439: a score's mean with its range)
_MEAN_BEFORE = re.compile(r"(?i:\b(?:mean|median|average)\s{0,3}(?:(?:was|of|is|=|:)\s{0,3})?$)")
#: a column header that says its cells hold an interval
_SAYS_CI = re.compile(r"(?i:\bC[Ir]I\b|confidence|credible|interval|\b9[059]\s{0,2}%)")
#: a reduction named in the fragment ('reduced 2.67 times (95% CI, -3.35 to -2.33 ...)'): a magnitude, not a signed change
_REDUCTION = re.compile(r"(?i:reduc|decreas|declin|\bfell\b|dropp|\blowered\b|\bloss\b|\bfall\b)")
#: a ratio named in an entry's own words (its label, fragment, row or column): the abbreviations in capitals only, so
#: that the word 'or' names none; a decimal-shifted ratio is no percentage ('OR 12.0 (95% CI 0.08-0.18)')
OWN_RATIO = re.compile(r"(?i:ratio|fold|times\s{1,3}(?:more|less|as)\b)|\b(?:a|adj)?(?:OR|HR|RR|IRR|PR)s?\b")
#: a number followed by a time unit is a time point ("at 6 months, 95% CI ..."), not an estimate
_TIME_AFTER = re.compile(r"(?i:\s{0,2}(?:months?|weeks?|days?|years?|hours?|h|min|minutes?)\b)")
#: characters allowed between an estimate and its CI's first bound in a draft's fragment ("(95% CI, ")
_PAIR_GAP = 30


def _paired_print(study: Study, e: Entry) -> Premise:
    """The estimate and the CI were printed as one result (not a bound read as an estimate, not apart)."""
    est = e.get("estimate")
    try:
        if not parse_reported(est).exact:
            return Premise(False, f"the estimate is printed as a bound ({est}): perhaps a P read as an estimate")
    except ValueError:
        return Premise(False, f"the estimate {est!r} is not a printed number")
    if not is_draft(study, e):
        return Premise(True)
    where = str(e.get("location") or "")
    if (
        where.startswith("table")
        and "column:" in where
        and not _SAYS_CI.search(where.split("column:", 1)[1])
        and not _both_negative(e)
    ):
        return Premise(
            False,
            f"the table's column ({where.split('column:', 1)[1].strip()[:60]}) does not say CI: "
            "the bracketed pair may be degrees of freedom, a range or an SD",
        )
    label = str(e.get("estimand", ""))
    frag, lo = e.fragment, str(e.get("lower"))
    i = find_number(frag, str(est))
    label_printed = frag[max(0, i - 25) : i] if i >= 0 else ""
    if i > 25 and " " in label_printed:  # from a word's start, not a cut inside one ("comparin|g")
        label_printed = label_printed[label_printed.index(" ") :]
    if _P_BEFORE.search(label_printed):
        return Premise(False, f"the estimate {est} follows a P ('{label_printed.strip()}'): a P read as an estimate")
    if i >= 0 and (other := _other_reading(frag, i, e)):
        return Premise(False, other)
    j0 = frag.find(lo, i + len(str(est))) if i >= 0 else -1
    if (
        j0 >= 0
        and _MEAN_BEFORE.search(label_printed)
        and not _SAYS_CI.search(frag[i + len(str(est)) : j0])
        and not where.startswith("table")
    ):
        return Premise(
            False,
            f"a mean or median ('{label_printed.strip()[-20:]} {est}') with a bracketed pair and no CI word: "
            "the pair may be its range or IQR",
        )
    if _STANDARDIZED.search(label) or _STANDARDIZED.search(label_printed):
        return Premise(
            False,
            f"a standardized effect ({e.get('estimand') or label_printed.strip()}) beside its CI: "
            "the CI may be of another quantity (a raw difference)",
        )
    if i >= 0 and _TIME_AFTER.match(frag, i + len(str(est))):
        return Premise(
            False,
            f"the number {est} is a time point ('{frag[i : i + len(str(est)) + 8].strip()}'), not the CI's estimate",
        )
    try:
        e_r, lo_r, hi_r = (e.reported(f) for f in ("estimate", "lower", "upper"))
        a, b = min(lo_r.low, hi_r.low), max(lo_r.high, hi_r.high)
        centre, slack = (lo_r.value + hi_r.value) / 2, 0.1 * abs(hi_r.value - lo_r.value) + 10**-e_r.decimals
        outside = not (a <= e_r.high and e_r.low <= b)
        if outside and abs(-e_r.value - centre) <= slack:
            return Premise(
                False,
                f"the estimate {est} is printed as a magnitude: with its sign reversed it sits at "
                "the CI's centre (a loss or a difference printed unsigned)",
            )
        # 'reduced 2.67 times (95% CI, -3.35 to -2.33 versus ...)' (PMC3525331: the CI printed first is the other arm's)
        if (
            outside
            and e_r.value > 0
            and b <= 0
            and a <= -e_r.low
            and -e_r.high <= b
            and _REDUCTION.search(frag)
            and len(re.findall(r"\bC[IL]\b", frag)) >= 2
        ):
            return Premise(
                False,
                f"the estimate {est} is a reduction printed unsigned beside a CI of the change: with its sign "
                "reversed it lies inside, so the CI may be another group's or of the signed change",
            )
        # 'kappa = 75.40, 95% CI: 0.58, 0.92' (PMC5851532: 75.40% in its table)
        if (
            outside
            and 1 < e_r.value <= 100
            and 0 <= a
            and b <= 1
            and a <= e_r.high / 100
            and e_r.low / 100 <= b
            and not OWN_RATIO.search(f"{label} {label_printed}")
        ):
            return Premise(
                False,
                f"the estimate {est} reads as a percentage and its CI as proportions: as a fraction "
                f"({e_r.value / 100:g}) it lies inside",
            )
    except ValueError:
        pass
    j = frag.find(lo, i + len(str(est))) if i >= 0 else -1
    if i < 0 or j < 0 or j - (i + len(str(est))) > _PAIR_GAP:
        return Premise(False, "the estimate is not printed right before its CI: the pairing may be a misreading")
    hi = str(e.get("upper"))
    k = frag.find(hi, j + len(lo))
    if (
        _PERCENT_AFTER.match(frag, i + len(str(est)))
        and not _PERCENT_AFTER.match(frag, j + len(lo))
        and not (k >= 0 and _PERCENT_AFTER.match(frag, k + len(hi)))
    ):
        try:
            e_r, lo_r, hi_r = (e.reported(f) for f in ("estimate", "lower", "upper"))
            outside = not (lo_r.low <= e_r.high and e_r.low <= hi_r.high)
            if outside and lo_r.low <= e_r.high / 100 and e_r.low / 100 <= hi_r.high:
                return Premise(
                    False,
                    f"the estimate is printed as a percentage ({est}%) and its CI without one "
                    f"({lo} to {e.get('upper')}): as a fraction ({e_r.value / 100:g}) the estimate lies inside, "
                    "so the two are printed in different units",
                )
        except ValueError:
            pass
    if e.has("other_estimate"):  # another number of the clause lies inside the CI (pairing.py): a reading, at most
        return Premise(True, f"the CI is {est}'s, though {e.get('other_estimate')}", certain=False)  # likely
    return Premise(True)


#: the end of a range printed just before the number ('ranging from 3 to 6 (CI: 4.34-4.96)', PMC5856421: the CI is the
#: mean's, printed before the range)
_RANGE_END_BEFORE = re.compile(
    r"(?i:\b(?:from|range[sd]?|ranging)\s{0,3}(?:from\s{0,3})?[-\u2212]?\d{1,6}(?:[.\u00b7]\d{1,6})?\s{0,3}(?:to|-|\u2013|\u2014)\s{0,3})$"
)
#: a number (with its unit) whose parenthesis opens with the estimate ('0.23 mmol/L (4.14 mg/dL; 95% CI, -0.052 to
#: 0.522)', PMC3781502: the same difference in other units, the CI the outer number's)
_OUTER_NUMBER = re.compile(
    r"([-\u2212]?\d{1,6}(?:[.\u00b7]\d{1,6})?)\s{0,2}[^\W\d][^\s\d()\[\]]{0,12}\s{0,2}[(\[]\s{0,2}$"
)
#: a unit right after the inner number, before the CI ('4.14 mg/dL;'): the same quantity restated, not a time point
#: ('at week 48 [54.0 pg/mL, 95 % CI 31-98 pg/mL]' has no unit after 48)
_UNIT_AFTER = re.compile(r"\s{0,2}[^\W\d][^\s\d;,()\[\]]{0,12}\s{0,2}[;,]")


def _other_reading(frag: str, i: int, e: Entry) -> str | None:
    """Why the number at ``frag[i]`` read as the estimate is not the CI's: the end of a range printed before the CI,
    or the same quantity in other units inside the parenthesis of an outer number that lies inside the CI; else
    None."""
    before = frag[max(0, i - 40) : i]
    if m := _RANGE_END_BEFORE.search(before):
        return f"the number {e.get('estimate')} ends a range ('{' '.join(m.group(0).split())} {e.get('estimate')}'): not an estimate"
    if (m := _OUTER_NUMBER.search(before)) is None or _TIME_AFTER.match(before, m.end(1)):
        return None
    if not _UNIT_AFTER.match(frag, i + len(str(e.get("estimate")))):
        return None
    try:
        outer, lo, hi = parse_reported(m.group(1)), e.reported("lower"), e.reported("upper")
    except ValueError:
        return None
    if lo.low <= outer.high and outer.low <= hi.high:
        return (
            f"the number {e.get('estimate')} opens the parenthesis of {m.group(1)}, which lies inside the CI "
            f"({e.get('lower')} to {e.get('upper')}): the outer number is the CI's estimate (the inner one the same "
            "quantity in other units)"
        )
    return None


def _both_negative(e: Entry) -> bool:
    """Both bounds of the bracketed pair are negative: it is no degrees of freedom, SD, SE or n, which are never
    negative, so a table cell read as an interval (the table's header, caption or notes said so) stays one even
    where its column does not say CI (PMC4331444's Table 2, notes 'mean (95% confidence interval)': '-17.6 (-16,
    -19)' under 'Pre neoadjuvant')."""
    try:
        return e.reported("lower").value < 0 and e.reported("upper").value < 0
    except ValueError:
        return False


#: the estimate and its CI were printed together as one result (checked before reading anything from the pair)
PAIRED_PRINT = Precondition("paired_print", _paired_print)

#: an effect size named just before the estimate ('ES = 0.6, CI = 5–75%', PMC5754420: Cohen's d beside the CI of the
#: mean % change)
_ES_BEFORE = re.compile(r"(?i:\bES|effect\s{1,2}sizes?)\s{0,2}[=:,]?\s{0,2}$")


def _same_quantity(study: Study, e: Entry) -> Premise:
    """The CI is the estimate's own: not an effect size printed without '%' before a CI whose bounds carry one
    (the CI of a percentage change, the effect size of the same change in SD units). A reversed CI is still
    ``ci_order``'s finding (``ci_order`` does not rest on this precondition)."""
    frag, est, hi = e.fragment, str(e.get("estimate")), str(e.get("upper"))
    i = find_number(frag, est) if is_draft(study, e) else -1
    if i < 0 or not _ES_BEFORE.search(frag[max(0, i - 15) : i]) or _PERCENT_AFTER.match(frag, i + len(est)):
        return Premise(True)
    k = frag.find(hi, i + len(est))
    if k >= 0 and _PERCENT_AFTER.match(frag, k + len(hi)):
        return Premise(
            False,
            f"an effect size ({est}, no '%') printed before a CI in percent (to {hi}%): the CI is of another "
            "quantity (a percentage change), not the effect size's",
        )
    return Premise(True)


#: the CI is of the quantity the estimate is (an effect size beside a CI in percent is not): ``estimate_in_ci``,
#: ``ci_symmetry`` and ``p_against_ci`` rest on it, ``ci_order`` does not
SAME_QUANTITY = Precondition("same_quantity", _same_quantity)


# --------------------------------------------------------------------------- shares of one denominator

#: a table entry's location: "table 2 | row: Male | column: Placebo (n = 30)"
_LOCATION = re.compile(r"^(?P<where>table[^|]{0,40}?)\s\|\srow:\s(?P<row>[^|]*?)(?:\s\|\scolumn:\s(?P<col>.*))?$")
#: what a row label says besides its level: "Male sex, n (%)" -> "male"
_LABEL_NOISE = re.compile(r"(?i:[,;:]?\s{0,2}(?:n|no\.?|number)?\s{0,2}[(\[]\s{0,2}%\s{0,2}[)\]]|\b(?:sex|gender)\b)")
#: the two levels of a binary variable, each person in exactly one; the second pair only under a section
#: label that names the variable ("Smoker | Yes | No")
_COMPLEMENTS = (
    (
        frozenset({"male", "males", "men", "boys", "man"}),
        frozenset({"female", "females", "women", "girls", "woman"}),
        False,
    ),
    (frozenset({"yes"}), frozenset({"no"}), True),
)
#: a column that holds every group together (its percentages are of the whole sample, as any column's are)
_TOTAL_COLUMN = re.compile(r"(?i:^\s{0,2}(?:total|overall|all\b|whole|combined|pooled))")


def table_place(e: Entry) -> tuple[str, str, str, str] | None:
    """(table, row label, column header, section label) of a draft entry read from a table, else None.

    The section label is what the extractor put before the row label in ``measure`` ("Sex: Male")."""
    return _place(str(e.get("location") or ""), str(e.get("measure") or ""))


@functools.lru_cache(maxsize=4096)
def _place(location: str, measure: str) -> tuple[str, str, str, str] | None:
    """:func:`table_place` of a location and a measure, cached: the percentage checks ask it of every member of
    a column's group once for each member (a group of G percentages asked it G² times)."""
    m = _LOCATION.match(location)
    if not m:
        return None
    label = m.group("row").strip()
    section = measure[: -len(label) - 2].strip() if label and measure.endswith(": " + label) else ""
    return m.group("where").strip(), label, (m.group("col") or "").strip(), section


def _label(e: Entry) -> str:
    """The row label of a table entry ("" elsewhere)."""
    place = table_place(e)
    return place[1] if place else ""


@functools.lru_cache(maxsize=4096)
def _level(label: str) -> str:
    return re.sub(r"[^a-z ]", "", _LABEL_NOISE.sub(" ", label.lower())).strip()


_GROUPS: dict = {}


def share_groups(study: Study) -> dict[tuple, list[Entry]]:
    """Percentages printed in one column of one table under one section label, in print order:
    (table, column, arm, section) -> proportion entries (the last study's groups are kept)."""
    if (
        _GROUPS.get("entries") is not study.entries
    ):  # the entries themselves, not their id: a freed tuple's id is reused
        groups: dict[tuple, list[Entry]] = {}
        for e in study.of_kind("proportion"):
            place = table_place(e)
            if place is not None and e.has("percent"):
                groups.setdefault((place[0], place[2], e.get("arm"), place[3]), []).append(e)
        _GROUPS.clear()
        _GROUPS.update(entries=study.entries, groups=groups)
    return _GROUPS["groups"]


def complementary_pair(study: Study, e: Entry) -> tuple[Entry, Entry, str] | None:
    """The two levels of one binary variable (Male and Female, or Yes and No under a section label) printed in
    ``e``'s column, each once, with ``e`` the first of them: (first, second, what shows it), else None."""
    place = table_place(e)
    if place is None or not e.has("percent"):
        return None
    group = share_groups(study).get((place[0], place[2], e.get("arm"), place[3]), [])
    levels = [_level(_label(x)) for x in group]  # once per group member, not once per member and complement
    for a_set, b_set, needs_section in _COMPLEMENTS:
        if needs_section and not place[3]:
            continue
        a = [x for x, level in zip(group, levels) if level in a_set]
        b = [x for x, level in zip(group, levels) if level in b_set]
        if len(a) == 1 and len(b) == 1 and e in (a[0], b[0]):
            first, second = (a[0], b[0]) if group.index(a[0]) < group.index(b[0]) else (b[0], a[0])
            if e is not first:
                return None
            under = f" under '{place[3]}'" if place[3] else ""
            col = f", column '{place[2][:60]}'" if place[2] else ""
            return (
                first,
                second,
                (
                    f"'{_label(first)}' and '{_label(second)}'{under} are the two levels "
                    f"of one variable, each person in one ({place[0]}{col})"
                ),
            )
    return None


def _row_shares(study: Study, e: Entry) -> list[Entry]:
    """The percentages printed in ``e``'s row in the table's other group columns (not a total column)."""
    place = table_place(e)
    if place is None:
        return []
    where, label, col, section = place
    out = []
    for x in study.of_kind("proportion"):
        p = table_place(x)
        if (
            x is not e
            and p is not None
            and p[0] == where
            and p[1] == label
            and p[3] == section
            and p[2] != col
            and not _TOTAL_COLUMN.match(p[2])
            and x.has("percent")
        ):
            out.append(x)
    return out


def _partition(study: Study, e: Entry) -> Premise:
    """``e`` heads two levels of one binary variable in one column whose percentages are of one denominator."""
    pair = complementary_pair(study, e)
    if pair is None:
        place = table_place(e)
        where = f"the rows under '{place[3]}'" if place and place[3] else "these rows"
        return Premise(
            False,
            f"{where} are not shown to be levels of one variable (rows may overlap, as comorbidities "
            "or adverse events do, and a named variable's levels may run on into other rows): "
            "percentages of different rows may sum above 100",
        )
    first, second, words = pair
    if all(x.has("k") for x in pair[:2]):
        return Premise(True, words, certain=True, value=pair[:2])
    for x in pair[:2]:  # without counts: the same row's shares across the arms summing to 100 are row percentages
        others = _row_shares(study, x)
        if others:
            total = sum(y.reported("percent").value for y in others) + x.reported("percent").value
            slack = sum(0.5 * 10 ** -y.reported("percent").decimals for y in others + [x])
            if abs(total - 100) <= slack:
                return Premise(
                    False,
                    f"the percentages of row '{_label(x)}' sum to 100 across the columns: "
                    "they may be shares of the row, not of the column",
                )
    return Premise(
        True, words + "; the percentages, printed without counts, are of the column", certain=False, value=pair[:2]
    )


#: two rows are complementary levels of one variable (each person in one), so their shares of one column sum to 100
PARTITION = Precondition("partition", _partition)
