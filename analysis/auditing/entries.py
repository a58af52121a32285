"""The checks of each entry kind, registered with the preconditions they rest on.

May import analysis.ledger, analysis.checks, analysis.stats, analysis.rederivation and this package's
registry, preconditions and minus_signs. The table of kinds and checks is in :mod:`analysis.auditing`.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np

from ..ledger import Entry, Study
from ..ledger.schema import STRONG_N_SOURCES
from ..reported import printed_confidence_level
from ..results import Check
from .minus_signs import minus_as_two
from .preconditions import (
    AT_CENTRE,
    BINARY_DATA,
    CI_SCALE,
    INTEGER_DATA,
    N_PRINTED,
    OWN_RATIO,
    PAIRED_PRINT,
    SAME_ANALYSIS,
    SAME_QUANTITY,
    SCALE_BOUNDS,
    WHICH_P,
    half_steps,
    table_place,
)
from .registry import not_testable as _not_testable, register, row as _row

__all__ = ["check_percent", "study_total_n", "value_for_direction"]

_THRESHOLD = re.compile(r"(?:≤|<=)\s*(\d+)")
_P_KINDS = ("estimate_ci_p", "p_value", "test_statistic", "comparison")
#: an adjusted P is at most this many times the unadjusted one (Bonferroni over 50 comparisons); a printed P further
#: above the statistic's is not explained by an adjustment (``benchmarks/README.md``, "Measurements behind design
#: choices in the code")
_MAX_ADJUSTMENT = 50


def study_total_n(study: Study) -> int | None:
    """The largest sample size printed for the study (its total N), or None."""
    ns = [e.integer("n") for e in study.of_kind("sample_size")]
    return max(ns) if ns else None


def value_for_direction(e: Entry) -> str | None:
    if e.kind == "proportion":
        return e.get("percent")
    if e.kind == "mean_sd":
        return e.get("mean")
    if e.kind == "estimate_ci_p":
        return e.get("estimate")
    if e.kind == "sample_size":
        return e.get("n")
    if e.kind == "count":
        return str(e.integer("k"))
    if e.kind == "quantity" and e.has("value"):
        return e.get("value")
    return None


def _scale(e: Entry) -> tuple[int, int] | None:
    if e.has("scale_low") and e.has("scale_high"):
        return int(e.reported("scale_low").value), int(e.reported("scale_high").value)
    return None


def _bounds(e: Entry) -> tuple[int, int]:
    """The scale of an entry whose check's ``applies`` found it has one."""
    bounds = _scale(e)
    assert bounds is not None, e.id
    return bounds


def _method_ci_row(study: Study, e: Entry, a: Entry, b: Entry) -> list[dict]:
    """Which standard method reproduces a comparison's printed CI (difference of the two entries)."""
    from ..checks.ci_methods import which_ci_method
    from ..rederivation import known_count

    level = printed_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
    ids = [e.id, a.id, b.id]
    ka, kb = known_count(a), known_count(b)
    if ka and kb and e.get("design") == "independent":
        chk = which_ci_method(e.get("lower"), e.get("upper"), counts=(*ka[:2], *kb[:2]), confidence_level=level)
    elif a.kind == b.kind == "mean_sd" and e.get("design") == "independent":
        means = tuple(
            x for ent in (a, b) for x in (ent.reported("mean").value, ent.reported("sd").value, ent.integer("n"))
        )
        chk = which_ci_method(e.get("lower"), e.get("upper"), means=means, confidence_level=level)
    else:
        chk = _not_testable(
            "method_ci",
            f"{e.get('lower')} to {e.get('upper')}",
            "The CI is printed, but not the whole counts or independent means/SDs "
            "it would be recomputed from (a paired design also needs the correlation).",
        )
    return [_row(study, ids, chk)]


def _checks_comparison(study: Study, e: Entry) -> list[dict]:
    from ..checks.counts import check_denominators
    from ..checks.paired import mcnemar_bounds, paired_t_bounds
    from ..rederivation import known_count

    a, b = (study.entry(i) for i in e.get("entries"))
    ids = [e.id, a.id, b.id]
    rows = []
    if e.has("lower") and e.has("upper"):
        rows += _method_ci_row(study, e, a, b)
    if a.kind == b.kind == "proportion" and not (a.has("n") and b.has("n")) and e.has("total"):
        total = study.entry(e.get("total")).integer("n")
        rows.append(
            _row(
                study,
                ids,
                check_denominators([a.get("percent"), b.get("percent")], total=total, allocation=e.get("allocation")),
            )
        )
    if e.get("design") == "paired" and a.kind == b.kind == "mean_sd":
        claimed = any(d.kind == "direction" and set(d.get("entries")) == {a.id, b.id} for d in study.entries)
        rows.append(
            _row(
                study,
                ids,
                paired_t_bounds(
                    a.get("mean"),
                    a.get("sd"),
                    b.get("mean"),
                    b.get("sd"),
                    min(a.integer("n"), b.integer("n")),
                    p=e.get("p"),
                    claimed_change=claimed,
                ),
            )
        )
    elif e.get("design") == "paired" and (ka := known_count(a)) and (kb := known_count(b)) and ka[1] == kb[1]:
        rows.append(_row(study, ids, mcnemar_bounds(ka[0], kb[0], ka[1], p=e.get("p"))))
    from .summary import summary_applies

    if not rows and not summary_applies(study, e):
        missing = "the group sizes (denominators) of the two numbers" if a.kind == "proportion" else "the group sizes"
        rows.append(
            _row(
                study,
                ids,
                _not_testable(
                    "comparison",
                    f"{a.id} vs {b.id}",
                    f"Nothing to test: {missing} are not printed, no total they split is given, and no test, "
                    "p or CI is printed for the comparison.",
                ),
            )
        )
    return rows


def check_percent(percent: str, n: int, k: int | None = None) -> Check:
    """A printed percentage against its denominator.

    Without ``k``: GRIM for percentages (:func:`analysis.checks.granularity.grim` with
    ``percent=True``): consistent when some whole count out of ``n`` prints as
    ``percent``. With ``k``: whether ``k/n`` itself prints as ``percent``.

    Examples
    --------
    >>> check_percent("26.7", 30).recomputed
    '8/30'
    >>> check_percent("41.2", 202).explanation.split(";")[0]
    '41.2% of 202 is impossible: 83/202 = 41.09%, 84/202 = 41.58%'
    """
    import dataclasses

    from ..checks.counts import counts_from_percent
    from ..checks.granularity import grim

    ks = counts_from_percent(percent, n)
    if k is None:
        chk = grim(percent, n, percent=True)
        return dataclasses.replace(
            chk,
            check="percent_denominator",
            reported=f"{percent}%",
            recomputed=", ".join(f"{j}/{n}" for j in ks) or "none",
            details={**chk.details, "counts": ks},
        )
    ok = k in ks
    expl = (
        f"{k}/{n} = {100 * k / n:.2f}% prints as {percent}%."
        if ok
        else f"{k}/{n} = {100 * k / n:.2f}% does not print as {percent}%"
        + (f"; {', '.join(f'{j}/{n}' for j in ks)} would." if ks else f"; no count out of {n} would.")
    )
    return Check(
        "percent_denominator",
        "consistent" if ok else "inconsistent",
        expl,
        reported=f"{percent}%",
        recomputed=f"{k}/{n}",
        details={"counts": ks},
    )


def _count_check(e: Entry) -> Check:
    """``k of n`` as printed (words allowed): a possible count when 0 <= k <= n."""
    k, n = e.integer("k"), e.integer("n")
    ok = 0 <= k <= n
    return Check(
        "count_le_n",
        "consistent" if ok else "inconsistent",
        f"'{e.get('k')} of {e.get('n')}' = {k}/{n} = {100 * k / n:.1f}%" + ("" if ok else f": {k} exceeds its n {n}"),
        reported=f"{e.get('k')} of {e.get('n')}",
        recomputed=f"{k}/{n}",
    )


# --------------------------------------------------------------------------- p printed as zero (any kind with a p)


@register(_P_KINDS, "p_zero", grade="rounding", applies=lambda study, e: e.has("p"))
def _p_zero(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.pvalues import check_p_zero

    chk = check_p_zero(e.get("p"))
    return [_row(study, [e.id], chk)] if chk.verdict == "inconsistent" else []


# --------------------------------------------------------------------------- mean_sd


def _mean_sd_shown(e: Entry) -> str:
    return f"{e.get('mean')} ({e.get('sd')})"


def _scale_in(e: Entry) -> bool:
    lo, hi = _scale(e) or (-math.inf, math.inf)
    return lo <= e.reported("mean").value <= hi


@register("mean_sd", "grim", needs=(N_PRINTED, INTEGER_DATA), shows=_mean_sd_shown)
def _grim(study: Study, e: Entry, premises, context) -> Check:
    from fractions import Fraction

    from ..checks.granularity import grim
    from .findings import rounding_reading

    items = half_steps(e)  # the items averaged, or 2 for a scale in half steps (EDSS)
    chk = grim(e.get("mean"), e.integer("n"), items=items)
    if chk.verdict == "inconsistent":
        total = e.integer("n") * items
        centre = round(e.reported("mean").value * total)
        how = rounding_reading(e.get("mean"), [Fraction(s, total) for s in range(centre - 2, centre + 3)])
        if how:
            return dataclasses.replace(
                chk, grade="rounding", explanation=f"{chk.explanation}; one rounding step reproduces it: {how}"
            )
    return chk


@register("mean_sd", "grimmer", needs=(N_PRINTED, INTEGER_DATA), shows=_mean_sd_shown)
def _grimmer(study: Study, e: Entry, premises, context) -> Check:
    from ..checks.granularity import grim, grimmer

    items = half_steps(e)
    if grim(e.get("mean"), e.integer("n"), items=items).verdict == "inconsistent":
        return _not_testable(
            "grimmer",
            f"{e.get('mean')} ({e.get('sd')})",
            "Not restated: the mean already fails GRIM (see that row); GRIMMER needs a possible mean.",
        )
    return grimmer(e.get("mean"), e.get("sd"), e.integer("n"), items=items)


@register(
    "mean_sd", "debit", needs=(N_PRINTED, BINARY_DATA), shows=_mean_sd_shown, applies=lambda s, e: _scale(e) == (0, 1)
)
def _debit(study: Study, e: Entry, premises, context) -> Check:
    """DEBIT on the proportion of a 0/1 variable printed as mean and SD (a 0-1 scale in the ledger)."""
    from ..checks.granularity import debit

    res = debit(e.get("mean"), e.get("sd"), e.integer("n"))
    if res.verdict == "inconsistent" and (alt := _debit_population_sd(res)):
        return alt
    return res


def _debit_population_sd(res: Check) -> Check | None:
    """DEBIT's print reproduced by the SD with denominator n, ``sqrt(p (1 - p))``, which some software and
    authors print for a proportion: a plausible reading, so no finding (``debit`` itself tests the sample
    SD only, as Heathers and Brown's DEBIT does)."""
    x_lo, x_hi = res.details["mean_interval"]
    sd_lo, sd_hi = res.details["sd_interval"]
    ends = [math.sqrt(x * (1 - x)) for x in (x_lo, x_hi)]
    top = 0.5 if x_lo <= 0.5 <= x_hi else max(ends)
    if top < sd_lo - 1e-12 or min(ends) > sd_hi + 1e-12:
        return None
    return Check(
        "debit",
        "consistent",
        f"mean {res.reported.replace(', ', ' and SD ')} are possible for binary data if the SD was computed "
        f"with denominator n (sqrt(p(1-p)), between {min(ends):.4f} and {top:.4f}); the sample SD "
        "(denominator n - 1) does not give it",
        reported=res.reported,
        recomputed=f"SD (denominator n) {min(ends):.4f}-{top:.4f}",
        details=res.details,
        assumptions=("the SD printed with denominator n (population SD)",),
    )


@register("mean_sd", "mean_in_scale", needs=(SCALE_BOUNDS,), grade="error", applies=lambda s, e: bool(_scale(e)))
def _mean_in_scale(study: Study, e: Entry, premises, context) -> list[dict]:
    if _scale_in(e):
        return []
    lo, hi = _bounds(e)
    return [
        _row(
            study,
            [e.id],
            Check(
                "mean_in_scale",
                "inconsistent",
                f"mean {e.get('mean')} lies outside its scale {lo}-{hi}: impossible.",
                reported=e.get("mean"),
                recomputed=f"{lo}-{hi}",
            ),
        )
    ]


@register(
    "mean_sd", "sd_possible", needs=(N_PRINTED, SCALE_BOUNDS), applies=lambda s, e: bool(_scale(e)) and _scale_in(e)
)
def _sd_possible(study: Study, e: Entry, premises, context) -> Check:
    from ..checks.scale_bounds import check_sd_possible

    return check_sd_possible(e.get("mean"), e.get("sd"), e.integer("n"), *_bounds(e))


@register(
    "mean_sd",
    "mean_sd_with_count",
    needs=(N_PRINTED, SCALE_BOUNDS),
    applies=lambda s, e: bool(_scale(e)) and _scale_in(e),
)
def _mean_sd_with_count(study: Study, e: Entry, premises, context) -> list[dict]:
    """A proportion of the same measure and time defined by a threshold on this scale."""
    from ..checks.counts import counts_from_percent
    from ..checks.reconstruction import check_mean_sd_with_count

    rows = []
    for p in study.of_kind("proportion"):
        m = _THRESHOLD.search(str(p.get("definition", "")))
        if (
            m
            and str(e.get("measure", "")).lower() in str(p.get("definition", "")).lower()
            and p.get("time") == e.get("time")
            and p.has("n")
            and p.integer("n") == e.integer("n")
        ):
            ks = counts_from_percent(p.get("percent"), p.integer("n"))
            if len(ks) == 1:
                rows.append(
                    _row(
                        study,
                        [e.id, p.id],
                        check_mean_sd_with_count(
                            e.get("mean"),
                            e.get("sd"),
                            e.integer("n"),
                            *_bounds(e),
                            count_at_or_below=ks[0],
                            threshold=int(m.group(1)),
                        ),
                    )
                )
    return rows


# --------------------------------------------------------------------------- proportion, count, total


@register(
    "proportion", "percent_denominator", needs=(N_PRINTED,), grade="likely", shows=lambda e: f"{e.get('percent')}%"
)
def _percent(study: Study, e: Entry, premises, context) -> Check:
    """A percentage against its n; with its count printed beside it and the n printed with both, at grade
    ``error``; a count and percentage that a smaller n gives fit missing data (``likely`` when the n was
    printed with them, not tested against an n printed elsewhere)."""
    from fractions import Fraction

    from .denominators import (
        arm_denominators,
        arm_size_elsewhere,
        complement_n,
        largest_smaller_n,
        other_base,
        row_missing,
    )
    from .findings import (
        any_n,
        column_percentages,
        level_denominator,
        rounding_reading,
        row_percentages,
        smaller_n,
        whole_sample_percentages,
    )
    from .preconditions import n_source

    if e.get("measurement") == "continuous":  # a Kaplan-Meier or weighted percentage: not a count over n
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"{e.get('percent')}% is not a count over n ({e.get('measurement_from')}): not tested against its n.",
        )
    n, k = e.integer("n"), (e.integer("k") if e.has("k") else None)
    chk = check_percent(e.get("percent"), n, k=k)
    together = n_source(study, e) in ("fragment", "cell", "ledger")
    if chk.verdict != "inconsistent":
        return chk
    rows_pct = row_percentages(study, e) if not together else None
    whole = whole_sample_percentages(study, e) if not together and not rows_pct else None
    if rows_pct or whole:
        base = "the whole sample" if whole else "the row's total"
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"{rows_pct or whole}: the percentage is of {base}, not of N = {n}, so N is not tested.",
        )
    other = other_base(study, e) if not together else None
    if other:
        return _not_testable("percent_denominator", f"{e.get('percent')}%", f"{other}: N = {n} is not tested.")
    if k is None and not together:  # (a consistent print is reported as such whatever the n's source)
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"{e.get('percent')}% is printed without "
            f"its count, and n = {n} away from it: a smaller denominator (missing data, a subset) "
            "cannot be ruled out, so the n is not tested.",
        )
    if k is None:  # which count truncation or double rounding would print as this percentage
        near = round(e.reported("percent").value * n / 100)
        how = rounding_reading(
            e.get("percent"), [Fraction(100 * j, n) for j in range(max(0, near - 2), min(n, near + 2) + 1)]
        )
        return (
            dataclasses.replace(
                chk, grade="rounding", explanation=f"{chk.explanation} One rounding step reproduces it: {how}."
            )
            if how
            else chk
        )
    if k == n and n_source(study, e) not in ("column", "n_row", "section"):  # so the percentage is not 100
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"the count and the n read are the same "
            f"number ({k}) beside {e.get('percent')}%: the cell was read as its own denominator "
            "(a misread pairing), not tested.",
        )
    # an n from the cell's own column, n row or section (or printed with it) can make the cell wrong by the rules
    # below (a larger n, the variable's levels, the row's arms); an arm's size printed elsewhere, the paper's total or
    # an n of unknown place only says which n the cell may be of: such a cell is not tested against it
    own = n_source(study, e) in STRONG_N_SOURCES
    if k > n:
        return dataclasses.replace(chk, grade="error" if together else None)
    rest, missing = complement_n(e.get("percent"), k, n), not together and row_missing(study, e)
    if rest:  # '2 (99.1)' beside 230 of 232 cured (PMC1261533): the share of the rest, not the count's
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"{e.get('percent')}% is the share of the others ({rest - k} of {rest}), not of {k}: "
            "the bracket is another quantity than the count's share, not tested.",
        )
    # (two arms of the row fitting a smaller n: missing data, read below before a rounding slip, PMC4973627)
    how = rounding_reading(e.get("percent"), [Fraction(100 * k, n)], ceiling=together) if not missing else None
    if how:
        return dataclasses.replace(
            chk, grade="rounding", explanation=f"{chk.explanation} One rounding step reproduces it: {how}."
        )
    if not together:  # the n was printed away: the count and its percentage are tested against each other only
        fit = any_n(e.get("percent"), k)
        larger = bool(fit and fit > n and not smaller_n(e.get("percent"), k, n))
        row = column_percentages(study, e) if larger and own else None
        size = arm_size_elsewhere(study, e, fit) if row and fit else None
        if size:  # the column mixes the arm's two sizes (randomised, followed up): not tested against N
            return _not_testable(
                "percent_denominator",
                f"{e.get('percent')}%",
                f"{k} and {e.get('percent')}% fit {size}: N = {n} is not tested.",
            )
        if row:  # only a denominator larger than the column's n fits, and the row's base is the column's n
            return dataclasses.replace(
                chk,
                assumptions=(row,),
                explanation=f"{k} and {e.get('percent')}% fit no "
                f"n up to N = {n} ({n_source(study, e)}), only a larger one (n = {fit}): "
                f"{chk.explanation}",
            )
        levels = level_denominator(study, e) if fit and own else None
        if levels:  # missing data or a subset would shrink the variable's other levels alike: they fit N
            return dataclasses.replace(
                chk,
                assumptions=(levels,),
                explanation=f"{k} and {e.get('percent')}% fit n = {fit}, not N = {n} ({n_source(study, e)}), "
                f"but the variable's other levels are shares of N: {chk.explanation}",
            )
        arms = arm_denominators(study, e) if fit and own else None
        if arms:  # missing data or a subset would shrink the row's other arms too: they are shares of their N
            return dataclasses.replace(
                chk,
                assumptions=(arms,),
                explanation=f"{k} and {e.get('percent')}% fit n = {largest_smaller_n(e.get('percent'), k, n)}, "
                f"not N = {n} ({n_source(study, e)}), but the row's other arms are shares of their own N: "
                f"{chk.explanation}",
            )
        if fit:
            return _not_testable(
                "percent_denominator",
                f"{e.get('percent')}%",
                f"{k} and {e.get('percent')}% fit "
                f"n = {fit}, not N = {n} printed away from them ({n_source(study, e)}): another "
                "denominator (missing data, a subset, another base) is plausible, so N is not tested.",
            )
        centre = round(100 * k / max(e.reported("percent").value, 1e-9))
        ns = range(max(k, 1, centre - 2), centre + 3)
        how = rounding_reading(e.get("percent"), [Fraction(100 * k, m) for m in ns])
        if how:
            return dataclasses.replace(
                chk,
                grade="rounding",
                explanation=f"{k} and {e.get('percent')}% fit a "
                f"denominator near {centre} with one rounding step: {how}.",
            )
        return dataclasses.replace(
            chk, explanation=f"{k} and {e.get('percent')}% fit no denominator at all: {chk.explanation}"
        )
    fit = smaller_n(e.get("percent"), k, n)
    if fit:
        return dataclasses.replace(
            chk,
            assumptions=(f"the printed n = {n} is the denominator",),
            recomputed=f"{k}/{fit}",
            explanation=f"fits n = {fit}, not the printed N = {n} (missing data or a subset?): {chk.explanation}",
        )
    named = _OTHER_BASE.search(" ".join(str(x) for x in (table_place(e) or ())[1:3]))
    if named:  # 'Missed % of CIN2+ (FN)' (PMC3499555): false negatives over the CIN2+ cases, not over the row's n
        return _not_testable(
            "percent_denominator",
            f"{e.get('percent')}%",
            f"its header or label names its base ('{named[0]}'), not the n = {n} printed for the row: not tested",
        )
    return dataclasses.replace(chk, grade="error")


#: a header or row label naming a percentage's base other than the column's people ('Missed % of CIN2+ (FN)')
_OTHER_BASE = re.compile(
    r"(?i:%\s{0,2}of\s{1,2}(?!(?:the\s{1,2}|all\s{1,2})?(?:total|patients|participants|subjects|people|persons|women|"
    r"men|children|infants|group|arm|sample|cohort|respondents|n\b))[^\s|)]{1,30})"
)


@register("count", "count_le_n", grade="error", applies=lambda s, e: e.has("n"))
def _count(study: Study, e: Entry, premises, context) -> Check:
    return _count_check(e)


@register("total", "total", grade="error")
def _total(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.counts import check_total

    parts = [study.entry(p) for p in e.get("parts")]
    return [
        _row(
            study,
            [e.id] + [p.id for p in parts],
            check_total(
                str(e.integer("total")), [str(p.integer("n" if p.kind == "sample_size" else "k")) for p in parts]
            ),
        )
    ]


# --------------------------------------------------------------------------- estimates, p, test statistics


@register(
    "estimate_ci_p",
    "ci_symmetry",
    needs=(PAIRED_PRINT, SAME_QUANTITY, CI_SCALE),
    applies=lambda s, e: _ordered(e) or _upper_first(e),
)
def _ci_symmetry(study: Study, e: Entry, premises, context) -> Check:
    from ..checks.pvalues import ci_symmetry

    lower, upper = ("upper", "lower") if _upper_first(e) else ("lower", "upper")
    chk = ci_symmetry(e.get("estimate"), e.get(lower), e.get(upper), scale=premises["scale"].value)
    if chk.verdict == "inconsistent" and (minus := minus_as_two(e.get("estimate"), e.get(lower), e.get(upper))):
        return _not_testable(
            "ci_symmetry",
            chk.reported,
            f"read with each leading 2 as a minus sign, {minus} is centred on its estimate: the text prints minus "
            "as 2 (an XML rendering), not tested.",
        )
    if chk.verdict == "inconsistent" and (negated := _negated(e, lower, upper, premises["scale"].value)):
        return Check(
            "ci_symmetry",
            "consistent",
            f"printed as the size of a decrease ({e.get('sign_from')}): read as {negated}, the estimate is at the "
            "centre of its CI (the CI is the signed difference's)",
            reported=chk.reported,
            recomputed=chk.recomputed,
        )
    if chk.verdict == "inconsistent" and (far := _far_ratio(e, lower, upper) or _effect_size_skew(e, lower, upper)):
        return _not_testable("ci_symmetry", chk.reported, far)
    off = _log_offset(chk, e.reported(lower).value, e.reported(upper).value)
    if off is not None and off <= _RATIO_SKEW:
        return _not_testable(
            "ci_symmetry",
            chk.reported,
            f"{chk.reported}: the estimate is off the interval's "
            f"geometric centre ({chk.recomputed}) by {100 * off:.1f}% of its half-width on the log "
            "scale, no more than a ratio's profile-likelihood or exact interval often is (up to "
            f"{100 * _RATIO_SKEW:.0f}%): not tested as estimate ± q SE.",
        )
    return chk


#: a ratio named in an entry's own words (its fragment, row label, column header, estimand)
_OWN_RATIO = OWN_RATIO


def _far_ratio(e: Entry, lower: str, upper: str) -> str | None:
    """For a draft read as a ratio from words outside its own fragment, row label, column header and estimand (an HR
    in the next cell of its row, PMC2944158's rate per 1000 days; 'fold' in a table note under a column of betas,
    PMC5815237) whose CI is symmetric on the linear scale: why the ratio reading is only one of two, else None."""
    from ..checks.pvalues import ci_symmetry

    why = str(e.get("scale_from") or "")
    if e.get("scale") != "log" or not e.has("review") or not why or why.endswith("(estimand)"):
        return None
    if _OWN_RATIO.search(" ".join(str(e.get(f) or "") for f in ("estimand", "location")) + " " + e.fragment):
        return None
    if ci_symmetry(e.get("estimate"), e.get(lower), e.get(upper)).verdict != "consistent":
        return None
    return (
        f"the ratio label ({why}) is not the estimate's own (its words, row and column name none), and on the "
        f"linear scale {e.get('estimate')} sits at its CI's centre: a second plausible reading, not tested."
    )


#: an effect size named in an entry's own words ('ES (95%CI)' as its column header, PMC5812864: Cohen's d)
_EFFECT_SIZE = re.compile(r"\bES\b|(?i:\beffect\s{1,2}sizes?\b)")
#: how far (a share of the half-width) an effect size may sit off its CI's centre when its method is not printed (issue
#: 16: d and g are then not tested): a noncentral-t interval for d is skewed by at most about 3% (d = 0.21 in -0.72 to
#: 1.13 for 9 + 9 people, 1.6%; 3.1% at d = 2 for 3 + 3, 1.7% for 10 + 10; scipy.stats.nct), and Hedges' g printed beside
#: d's interval sits lower by 1 - J = 3 / (4 df - 1) of d (Hedges 1981; about 10% of d for 5 + 5): 15% admits both
_D_SKEW = 0.15


def _effect_size_skew(e: Entry, lower: str, upper: str) -> str | None:
    """For a draft named an effect size by its own words, a little off its CI's centre (no more than _D_SKEW of the
    half-width): why that is no finding (a noncentral-t interval for d is asymmetric by design), else None."""
    own = " ".join(str(e.get(f) or "") for f in ("estimand", "location"))
    if e.get("scale") == "log" or not e.has("review") or not _EFFECT_SIZE.search(own):
        return None
    try:
        est, lo, hi = e.reported("estimate").value, e.reported(lower).value, e.reported(upper).value
    except ValueError:
        return None
    off = abs(est - (lo + hi) / 2) / ((hi - lo) / 2) if hi > lo else math.inf
    if off > _D_SKEW:
        return None
    return (
        f"an effect size (its own label: ES or effect size) off its CI's centre by {100 * off:.1f}% of the half-width, "
        f"no more than a noncentral-t interval for d is (up to {100 * _D_SKEW:.0f}%): not tested as estimate ± q SE."
    )


def _negated(e: Entry, lower: str, upper: str, scale: str) -> str | None:
    """For an estimate printed as the size of a decrease (``sign_from``, PMC4836696's 'decreased ... by 0.356' beside
    the CI -1.409 to 0.698): the negated estimate with its CI when it sits at the CI's centre, else None."""
    from ..checks.pvalues import ci_symmetry

    est = str(e.get("estimate")).strip()
    if not e.has("sign_from") or scale != "linear" or not est[:1].isdigit():
        return None
    shown = f"-{est} ({e.get(lower)} to {e.get(upper)})"
    return shown if ci_symmetry(f"-{est}", e.get(lower), e.get(upper)).verdict == "consistent" else None


#: how far (a share of the half-width, on the log scale) a ratio's estimate may sit off its CI's geometric centre
#: when the CI is profile-likelihood (R glm + confint) or exact conditional (fisher.test): about the 95th
#: percentile over 2x2 tables of 20-200 per arm (tests/reference/r/l_ratio_skew.R)
_RATIO_SKEW = 0.10


def _log_offset(chk: Check, lower: float, upper: float) -> float | None:
    """For an inconsistent log-scale ``ci_symmetry`` result: the estimate's least distance from the geometric
    centre over rounding, in log units, as a share of the CI's half-width on the log scale (``lower``, ``upper``
    as printed); else None."""
    d = chk.details or {}
    if chk.verdict != "inconsistent" or d.get("scale") != "log" or not 0 < lower < upper:
        return None
    (c_lo, c_hi), (e_lo, e_hi) = d["centre_interval"], d["estimate_interval"]
    if min(c_lo, e_lo) <= 0:
        return None
    gap = math.log(e_lo / c_hi) if e_lo > c_hi else math.log(c_lo / e_hi)
    return gap / (math.log(upper / lower) / 2)


def _ordered(e: Entry) -> bool:
    """The CI's bounds are in order (a reversed CI is the ``ci_order`` finding, nothing else is read from it)."""
    return e.reported("lower").value <= e.reported("upper").value


def _upper_first(e: Entry) -> bool:
    """The bounds are printed upper first with the estimate between them (``ci_order`` consistent: a convention
    for negative differences, PMC4331444's '-17.6 (-16, -19)'): read in order, the interval is as symmetric as
    any other; an estimate outside both is ``ci_order``'s finding, nothing else is read from it."""
    try:
        est, lo, hi = (e.reported(f) for f in ("estimate", "lower", "upper"))
    except ValueError:
        return False
    return lo.value > hi.value and hi.low <= est.high and est.low <= lo.high


#: what a P recomputed from a CI rests on, beyond the print
_WALD = "the P and the CI come from one Wald-type analysis (estimate ± q SE, normal or t)"


@register(
    "estimate_ci_p",
    "p_against_ci",
    needs=(PAIRED_PRINT, SAME_QUANTITY, WHICH_P, SAME_ANALYSIS, AT_CENTRE),
    applies=lambda s, e: e.has("p") and _ordered(e),
)
def _p_against_ci(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.pvalues import check_p_against_ci

    scale = premises["at_centre"].value
    level = printed_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
    df = float(e.get("df")) if e.has("df") else None
    if df is None:
        n = study_total_n(study)
        df = n - 2 if n and n > 3 else None
    chk = check_p_against_ci(
        e.get("estimate"), e.get("lower"), e.get("upper"), e.get("p"), confidence_level=level, df=df, scale=scale
    )
    tried = dict((chk.details or {}).get("assumptions", {}))
    pr = e.reported("p")
    if (
        chk.verdict == "inconsistent"
        and premises["which_p"].value == "one-tailed"
        and any(pr.low <= v["p_high"] / 2 + 1e-12 and v["p_low"] / 2 <= pr.high + 1e-12 for v in tried.values())
    ):
        chk = dataclasses.replace(
            chk,
            verdict="consistent",
            explanation=f"one-tailed test declared "
            f"({e.get('one_tailed')}): the printed P is half the two-tailed P the CI implies "
            f"(statcheck's one-tailed rule); {chk.explanation}",
        )
    if chk.verdict == "inconsistent" and premises["which_p"].value == "adjusted":
        # an adjusted P beside a CI that may be adjusted too (Tukey's): either can be off the Wald reading
        chk = _not_testable(
            "p_against_ci",
            f"P = {e.get('p')}",
            f"adjusted P: not recomputed "
            f"({e.get('p_adjusted') or premises['which_p'].words}): with a P (and perhaps a CI) adjusted for multiplicity the "
            f"Wald reading does not apply. {chk.explanation}",
        )
    if chk.verdict == "inconsistent" and (log := _log_reading(e, premises["at_centre"], level, df)):
        chk = _not_testable("p_against_ci", f"P = {e.get('p')}", f"{log} {chk.explanation}")
    if chk.verdict == "inconsistent":
        chk = dataclasses.replace(chk, assumptions=(_WALD,))
    face = tried.get("normal", next(iter(tried.values()), {}))
    return [
        _row(
            study,
            [e.id],
            chk,
            p_printed_low=pr.low,
            p_printed_high=pr.high,
            p_implied_low=min((v["p_low"] for v in tried.values()), default=math.nan),
            p_implied_high=max((v["p_high"] for v in tried.values()), default=math.nan),
            p_face=face.get("p", math.nan),
        )
    ]


def _log_reading(e: Entry, scale, level: float, df) -> str | None:
    """For an estimate read on the linear scale only for want of a label (a draft's guess), positive with a CI
    symmetric on the log scale too: the words saying the printed P is the one the ratio reading implies (against 1),
    else None. A 'longitudinal prevalence ratio' printed as 'LPR = 1.15, 95% CI: 0.99-1.33, p = 0.07' (PMC3474778)
    names no ratio the extractor knows, and its P against 0 is 4e-40."""
    from ..checks.pvalues import check_p_against_ci, ci_symmetry

    est, lo, hi = (e.get(f) for f in ("estimate", "lower", "upper"))
    try:
        if scale.value != "linear" or scale.certain or not all(e.reported(f).value > 0 for f in ("lower", "upper")):
            return None
    except ValueError:
        return None
    if ci_symmetry(est, lo, hi, scale="log").verdict != "consistent":
        return None
    if check_p_against_ci(est, lo, hi, e.get("p"), confidence_level=level, df=df, scale="log").verdict != "consistent":
        return None
    return (
        f"read as a ratio (no label names the estimate; {est} sits at the geometric centre of its CI too), the CI "
        f"implies the printed P = {e.get('p')}: a second plausible reading, so the linear one is not a finding."
    )


@register("p_value", "p_only", applies=lambda s, e: not e.has("lower"))  # with its CI: p_with_ci.py
def _p_only(study: Study, e: Entry, premises, context) -> Check:
    return _not_testable(
        "p_only",
        f"P = {e.get('p')}",
        f"P {e.get('p')} is printed without an estimate, CI or test statistic: nothing to recompute it from.",
    )


@register("test_statistic", "recompute_p", needs=(WHICH_P,))
def _recompute_p(study: Study, e: Entry, premises, context) -> Check:
    from ..checks.pvalues import recompute_p

    df = e.get("df")  # as printed (a df printed with decimals is recomputed over its rounding)
    df = tuple(x.strip() for x in str(df).split(",")) if df is not None and "," in str(df) else df
    if not e.reported("statistic").exact:
        return _not_testable(
            "recompute_p",
            f"{e.get('test')} {e.get('statistic')}, p = {e.get('p')}",
            f"the statistic is printed as a bound ({e.get('statistic')}): P is not recomputed from a bound.",
        )
    chk = (context.get("precomputed") or {}).get(e.id) or recompute_p(
        e.get("test"), e.get("statistic"), df, e.get("p"), alternative=e.get("alternative", "two-sided")
    )
    p_rec = float((chk.details or {}).get("p_high", (chk.details or {}).get("p", 1.0)))
    if (
        chk.verdict == "inconsistent"
        and premises["which_p"].value == "adjusted"
        and p_rec < e.reported("p").low <= min(1.0, _MAX_ADJUSTMENT * p_rec)
    ):
        return _not_testable(
            "recompute_p",
            chk.reported,
            f"adjusted P: not recomputed ({e.get('p_adjusted')}): "
            f"the printed P is larger than the statistic gives, which an adjustment explains. "
            f"{chk.explanation}",
        )
    if (
        chk.verdict == "inconsistent"
        and e.has("p_test")
        and (
            "voxel" not in str(e.get("p_test")) or p_rec < e.reported("p").low  # a corrected P is larger, never smaller
        )
    ):
        return _not_testable(
            "recompute_p",
            chk.reported,
            f"the P may be another test's ({e.get('p_test')}): not recomputed from the statistic. {chk.explanation}",
        )
    if chk.verdict == "inconsistent" and premises["which_p"].value == "one-tailed" and _directional(e.get("test"), df):
        # (an F with one numerator df is a t squared: its one-tailed P is half the two-tailed, as a t's)
        side = "less" if e.get("test") != "F" and e.reported("statistic").value < 0 else "greater"
        one = recompute_p(e.get("test"), e.get("statistic"), df, e.get("p"), alternative=side)
        if one.verdict == "consistent":  # statcheck's one-tailed rule: half the two-tailed P, no decision error
            return dataclasses.replace(
                one,
                explanation=f"one-tailed test declared ({e.get('one_tailed')}): {one.explanation}",
                details={**one.details, "decision_error": False},
            )
    if chk.verdict == "inconsistent" and premises["which_p"].value == "one-tailed" and e.get("test") == "F":
        # an F with more numerator df has no one-tailed P, but a paper declaring one-tailed tests halves it alike
        # ('we used 1-tailed tests', F(3, 133) = 1.4, p = 0.13: half of 0.23-0.26, PMC4497726)
        d = recompute_p("F", e.get("statistic"), df, e.get("p")).details or {}
        half, pr = (d.get("p_low", d.get("p", 1.0)) / 2, d.get("p_high", d.get("p", 1.0)) / 2), e.reported("p")
        if pr.low <= half[1] and half[0] <= pr.high:
            return _not_testable(
                "recompute_p",
                chk.reported,
                f"one-tailed tests declared ({e.get('one_tailed')}): the printed P is half the F test's "
                f"({half[0]:.3g}-{half[1]:.3g}), as the paper halves its P values; an F with {df[0]} numerator df "
                "has no one-tailed P, so it is not tested.",
            )
    stat = str(e.get("statistic")).strip()
    if chk.verdict == "inconsistent" and re.fullmatch(r"[-\u2212]?\d{1,3},\d{3}", stat):
        # 'F(1, 21) = 2,752, p = 0.113' (PMC2806530): a decimal comma, not 2752, in a paper printing thousands alike
        dec = recompute_p(
            e.get("test"), stat.replace(",", "."), df, e.get("p"), alternative=e.get("alternative", "two-sided")
        )
        if dec.verdict == "consistent":
            return _not_testable(
                "recompute_p",
                chk.reported,
                f"the statistic {stat} may print a decimal comma: read as {stat.replace(',', '.')}, the P agrees "
                f"({dec.explanation}); read as a thousands separator it does not, so it is not tested.",
            )
        chk = dataclasses.replace(  # neither reading agrees: the decimal one, nearer the printed P, is the one shown
            dec,
            reported=chk.reported,
            explanation=f"the statistic {stat} read with a decimal comma ({stat.replace(',', '.')}): {dec.explanation}",
        )
    if chk.verdict == "inconsistent" and e.get("test") == "t" and e.has("normal_from"):
        z = recompute_p("z", e.get("statistic"), None, e.get("p"))
        if z.verdict == "consistent":
            return dataclasses.replace(
                z,
                reported=chk.reported,
                explanation=f"P of the normal distribution ({e.get('normal_from')}): {z.explanation}",
            )
    if (
        chk.verdict == "inconsistent"
        and e.get("test") == "r"
        and e.has("df_from")
        and str(df).isdigit()
        and int(str(df)) > 3
    ):
        alt = recompute_p("r", e.get("statistic"), str(int(str(df)) - 2), e.get("p"))
        if alt.verdict == "consistent":
            return dataclasses.replace(
                alt,
                reported=chk.reported,
                explanation=f"read as r(n), df = {int(str(df)) - 2} ({e.get('df_from')}): {alt.explanation}",
            )
    if (
        chk.verdict == "inconsistent"
        and e.has("sphericity")
        and not _p_rounding(e.get("p"), float(chk.details.get("p", math.nan)))  # a truncation is the simpler reading
        and (eps := _epsilon(e, df))
    ):
        words = (
            f"a sphericity-corrected P beside the uncorrected df ({e.get('sphericity')}): F({df[0]} x e, {df[1]} x e) "
            f"gives the printed P at e = {eps}, within [1/{df[0]}, 1]. {chk.explanation}"
        )
        if "correction named" in str(e.get("sphericity")) and "no correction" not in str(e.get("sphericity")):
            return dataclasses.replace(chk, verdict="consistent", grade=None, explanation=words)
        return _not_testable("recompute_p", chk.reported, f"{words}; no correction is named, so it is not tested")
    if chk.verdict == "inconsistent" and e.get("test") == "F" and (fits := _repeated_df(e, df)):
        chk = dataclasses.replace(chk, explanation=f"{chk.explanation}; {fits}")
    if chk.verdict == "inconsistent" and not chk.details.get("decision_error"):
        how = _p_rounding(e.get("p"), float(chk.details.get("p", math.nan)))
        if how:
            return dataclasses.replace(
                chk, grade="rounding", explanation=f"{chk.explanation}; one rounding step reproduces it: {how}"
            )
    return chk


def _epsilon(e: Entry, df) -> str | None:
    """The sphericity epsilon (Greenhouse-Geisser, Huynh-Feldt) in [1/df1, 1] at which F(e df1, e df2) gives the printed
    P, printed as a range, or None when none does (PMC3506580: F(9, 99) = 2.87, p = 0.103 at e about 0.15; for F < 1
    the correction lowers P, F(2, 22) = 0.47, p = 0.555 at about 0.66). Only a within-subject effect's F, whose error
    df are a multiple of its df1, and a P on the side of the uncorrected one the correction moves it to; a P no
    epsilon reaches stays a finding. The correction multiplies both df by epsilon, bounded below by 1/df1:
    Greenhouse S.W., Geisser S. (1959) On methods in the analysis of profile data. Psychometrika 24:95-112;
    Huynh H., Feldt L.S. (1976) Estimation of the Box correction for degrees of freedom from sample data in
    randomized block and split-plot designs. J Educ Stat 1:69-82."""
    from scipy import special

    if not (isinstance(df, tuple) and len(df) == 2 and all(str(x).isdigit() for x in df)) or int(df[0]) < 2:
        return None
    d1, d2, st, pr = int(df[0]), int(df[1]), e.reported("statistic"), e.reported("p")
    if d2 % d1:  # a within-subject effect's error df is df1 x (subjects - groups): F(3, 44) is between groups
        return None
    flat = sorted(special.fdtrc(d1, d2, float(f)) for f in (st.low, st.high))
    # the correction moves P up for F >= 1 and down for F < 1: a P on the other side of the uncorrected one stays
    if not (float(pr.low) > flat[1] if st.value >= 1 else float(pr.high) < flat[0]):
        return None
    eps = np.linspace(1 / d1, 1.0, 500)
    lo = np.minimum(special.fdtrc(eps * d1, eps * d2, float(st.low)), special.fdtrc(eps * d1, eps * d2, float(st.high)))
    hi = np.maximum(special.fdtrc(eps * d1, eps * d2, float(st.low)), special.fdtrc(eps * d1, eps * d2, float(st.high)))
    fit = eps[(lo <= float(pr.high)) & (hi >= float(pr.low)) & (eps < 1.0)]
    return f"{fit.min():.2f}-{fit.max():.2f}" if fit.size else None


def _repeated_df(e: Entry, df) -> str | None:
    """Words for an F whose printed P the df (k - 1, m) printed give not, but (k - 1, (k - 1) m) do: the error df of a
    repeated-measures design, m = n - 1 subjects' df printed in its place (PMC4517027: F(2, 23) = 6.60, p = 0.003 fits
    F(2, 46)); else None. Words only: the row stays flagged (the printed df are wrong either way)."""
    from ..checks.pvalues import recompute_p

    if not (isinstance(df, tuple) and len(df) == 2 and all(str(x).isdigit() for x in df)) or int(df[0]) < 2:
        return None
    if not e.reported("p").exact:  # a bound ('p < 0.001') fits any larger df: no sign of which df were meant
        return None
    alt = (df[0], str(int(df[0]) * int(df[1])))
    if recompute_p("F", e.get("statistic"), alt, e.get("p")).verdict != "consistent":
        return None
    return (
        f"F({alt[0]}, {alt[1]}) gives the printed P: the error df of a repeated-measures design, {df[0]} x {df[1]}, "
        f"may have been printed as the subjects' n - 1 ({df[1]})"
    )


def _directional(test, df) -> bool:
    """A test with a one-tailed version: t, z, r, and F with one numerator df (t squared: F(1, 34) = 1.90 printed
    with P = 0.088, half the two-tailed 0.177, in a paper that declares one-tailed tests, PMC3410988)."""
    if test in ("t", "z", "r"):
        return True
    return test == "F" and isinstance(df, tuple) and len(df) == 2 and df[0] in ("1", "1.0")


def _p_rounding(printed: str, p: float) -> str | None:
    """How one rounding step gives the printed P from the recomputed one: truncation (0.108 printed as .10), or a
    P that rounds to a bound's value printed as below it (0.0011 as < .001)."""
    from fractions import Fraction

    from ..reported import parse_reported
    from .findings import rounding_reading

    if not math.isfinite(p):
        return None
    r = parse_reported(printed)
    if r.exact:
        return rounding_reading(printed.strip().lstrip("=").strip(), [Fraction(p)])
    bound = float(r.high)
    if r.low == 0 and p > bound and round(p, max(r.decimals, 1)) == round(bound, max(r.decimals, 1)):
        return f"P = {p:.4f} rounds to {bound:g}, printed as below it"
    return None


# --------------------------------------------------------------------------- comparisons, directions, text


@register("comparison", "comparison", applies=lambda study, e: len(e.get("entries")) == 2)
def _comparison(study: Study, e: Entry, premises, context) -> list[dict]:
    return _checks_comparison(study, e)


@register("direction", "direction", grade="error")
def _direction(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.claims import check_direction

    a, b = (study.entry(i) for i in e.get("entries"))
    va, vb = value_for_direction(a), value_for_direction(b)
    if va is None or vb is None:
        return [
            _row(
                study,
                [e.id, a.id, b.id],
                _not_testable("direction", e.get("word"), f"'{e.get('word')}': the entries compared carry no numbers"),
            )
        ]
    chk = check_direction(va, vb, e.get("relation"))
    label = f"'{e.get('word')}' ({a.id} {e.get('relation')} than {b.id})"
    return [
        _row(
            study,
            [e.id, a.id, b.id],
            Check(
                "direction",
                chk.verdict,
                f"{label}: {chk.explanation}",
                reported=e.get("word"),
                recomputed=chk.recomputed,
                margin=chk.margin,
                details=chk.details,
            ),
        )
    ]


@register("text_only", "text_only")
def _text_only(study: Study, e: Entry, premises, context) -> Check:
    return _not_testable("text_only", e.get("claim"), "A statement without numbers that could be checked.")
