"""A P printed with the CI of its comparison and no estimate: the ``p_side_of_ci`` check of a ``p_value`` entry.

May import analysis.ledger, analysis.checks, analysis.reported and this package's registry and preconditions.

Cells a table's header or notes call 'P (95% CI)' (PMC5412886, PMC4169371) are drafted as ``p_value`` entries with
``lower`` and ``upper``; :func:`analysis.checks.pvalues.check_p_side_of_ci` asks whether the two agree on significance.
Not tested (review13b, session 13): a one-tailed, adjusted or otherwise-tested P (its side of the level is not the
CI's); and a column whose numbers read as P all lie inside their own CIs, three or more of them: that is what a
column of estimates looks like (arms' proportions under notes that call only the comparison 'p (95% CI)', a P that
stands for prevalence). A ratio's null (1) only when both bounds are positive.
"""

from __future__ import annotations

import dataclasses

from ..ledger import Entry, Study
from ..reported import parse_reported, printed_confidence_level
from .registry import not_testable, register, row
from .systematic import place

__all__ = ["estimate_like_places"]


def _inside(e: Entry) -> bool:
    p, lo, hi = (parse_reported(str(e.get(f))) for f in ("p", "lower", "upper"))
    return lo.low <= p.high and p.low <= hi.high


def estimate_like_places(study: Study) -> set[str]:
    """The places (:func:`analysis.auditing.systematic.place`) holding three or more P-with-CI entries, every one of
    whose P lies inside its own CI."""
    seen: dict[str, list[int]] = {}
    for e in study.entries:
        if e.kind == "p_value" and e.has("lower") and e.has("upper"):
            n = seen.setdefault(place(str(e.get("location") or "")), [0, 0])
            n[0] += 1
            n[1] += _inside(e)
    return {k for k, (m, inside) in seen.items() if m >= 3 and inside == m}


@register("p_value", "p_side_of_ci", applies=lambda s, e: e.has("lower") and e.has("upper"))
def _p_side_of_ci(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.pvalues import check_p_side_of_ci

    shown = f"P = {e.get('p')}; {e.get('lower')} to {e.get('upper')}"
    other = e.get("one_tailed") or e.get("p_adjusted") or e.get("p_test")
    if other:
        why = f"the P is one-tailed, adjusted or from another test ({other}): its side of the level is not the CI's"
        return [row(study, [e.id], not_testable("p_side_of_ci", shown, why))]
    cache = context if context is not None else {}
    if "estimate_like" not in cache:
        cache["estimate_like"] = estimate_like_places(study)
    if place(str(e.get("location") or "")) in cache["estimate_like"]:
        why = "every number read as a P in this column lies inside its own CI: the column holds estimates, not P values"
        return [row(study, [e.id], not_testable("p_side_of_ci", shown, why))]
    level = printed_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
    positive = parse_reported(str(e.get("lower"))).low > 0
    chk = check_p_side_of_ci(
        e.get("p"), e.get("lower"), e.get("upper"), level, "log" if e.get("scale") == "log" and positive else "linear"
    )
    if chk.verdict == "inconsistent":
        chk = dataclasses.replace(chk, assumptions=(f"the P and the CI of '{e.fragment}' come from one analysis",))
    return [row(study, [e.id], chk)]
