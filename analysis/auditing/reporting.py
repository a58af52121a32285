"""Audit rows about how results are reported rather than their arithmetic: a claim of significance with no
test reported (:mod:`analysis.checks.wording`), P called significant in a family of tests
(:mod:`analysis.checks.multiplicity`), the same quantity printed twice (:mod:`analysis.checks.repeats`), citations against the cited works' records
(:mod:`analysis.checks.citations`).

May import what :mod:`analysis.auditing` may; registers its checks in :mod:`.registry`.
"""

from __future__ import annotations

import dataclasses

from ..ledger import Entry, Study
from ..results import Check
from .registry import register

__all__ = ["tests_reported"]

_TEST_KINDS = ("estimate_ci_p", "p_value", "test_statistic")


def tests_reported(study: Study) -> bool:
    """Whether the study prints any test, P or CI (an estimate with its CI, a P, a test statistic, or a
    comparison with a P or CI)."""
    return any(
        e.kind in _TEST_KINDS or (e.kind == "comparison" and (e.has("p") or e.has("lower"))) for e in study.entries
    )


def _claims_significance(study: Study, e: Entry) -> bool:
    from ..checks.wording import significance_claim

    return significance_claim(e.fragment or "") is not None


@register("text_only", "significance_reported", applies=_claims_significance)
def _significance_reported(study: Study, e: Entry, premises, context) -> Check | list[dict]:
    from ..checks.wording import check_significance_reported
    from .entries import study_total_n

    chk = check_significance_reported(e.fragment, tests_reported=tests_reported(study), n=study_total_n(study))
    return [] if chk is None else chk  # None only for a fragment that claims nothing (``applies`` admits none)


@register("family", "multiplicity", grade="likely")
def _multiplicity(study: Study, e: Entry, premises, context) -> list[dict]:
    """Each P of the family's printed results called significant, against the family's size."""
    from ..checks.multiplicity import check_multiplicity
    from .registry import not_testable, row

    members = [study.entry(i) for i in e.get("entries")]
    with_p = [m for m in members if m.has("p")]
    if not with_p:
        return [
            row(
                study,
                [e.id],
                not_testable(
                    "multiplicity", f"family of {e.get('size')}", "None of the family's listed results prints a P."
                ),
            )
        ]
    checks = check_multiplicity(
        [m.get("p") for m in with_p],
        e.integer("size"),
        counts=e.get("counts"),
        correction=e.get("correction"),
        labels=[f"{m.id} (P = {m.get('p')})" for m in with_p],
    )
    by_label = {f"{m.id} (P = {m.get('p')})": m for m in with_p}
    # the P's entry first: each P is its own finding (one row per entry, analysis.auditing.findings)
    rows = [row(study, [by_label[c.reported].id, e.id], c) for c in checks]
    return rows or [
        row(
            study,
            [e.id],
            Check(
                "multiplicity",
                "consistent",
                f"No printed P of the family of {e.get('size')} is at or below 0.05.",
                reported=f"family of {e.get('size')}",
            ),
        )
    ]


_REPEATABLE = (
    "sample_size",
    "mean_sd",
    "proportion",
    "count",
    "estimate_ci_p",
    "p_value",
    "test_statistic",
    "total",
    "quantity",
    "text_only",
)


@register(_REPEATABLE, "same_quantity", grade="error", applies=lambda study, e: e.has("same_as"))
def _same_quantity(study: Study, e: Entry, premises, context) -> list[dict]:
    """An entry that prints again what another entry of the study prints (``same_as``)."""
    from ..checks.repeats import check_same_quantity
    from ..ledger.schema import NUMERIC
    from .registry import row

    other = study.entry(e.get("same_as"))
    nums = [
        {f: str(x.get(f)) for f in x.fields if f in NUMERIC and f != "confidence_level" and x.has(f)}
        for x in (other, e)
    ]
    where = f"'{other.fragment}' and '{e.fragment}'"
    return [row(study, [e.id, other.id], check_same_quantity(nums[0], nums[1], where=where))]


@register("citation", "citation", grade="likely")
def _citation(study: Study, e: Entry, premises, context) -> Check:
    """What the sentence says the cited work is or shows, against the work's record (``cited``)."""
    from ..checks.citations import check_citation

    w = study.cited_work(e.get("ref"))
    said = {f: e.get(f) for f in ("design", "species", "arms") if e.has(f)}
    ident = f"doi:{w.doi}" if w.doi else f"PMID {w.pmid}"
    if w.doi and w.pmid:
        ident += f", PMID {w.pmid}"
    return check_citation(e.get("ref"), said, dataclasses.asdict(w), where=f"{ident}; read at {w.address}")
