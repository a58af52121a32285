"""Audit rows for tests printed on group summaries: a ``comparison`` of two or more independent groups whose
means, SDs and sizes (or counts) are printed, with a P or statistic
(:func:`analysis.checks.summary_tests.check_group_test`).

May import what :mod:`analysis.auditing` may; registers ``summary_test`` for ``comparison`` entries.
"""

from __future__ import annotations

from ..ledger import Entry, Study
from .registry import not_testable, register, row

__all__ = ["summary_applies"]


def summary_applies(study: Study, e: Entry) -> bool:
    """A comparison of independent groups that prints a test (P or statistic), or of more than two groups."""
    return e.get("design") == "independent" and (
        e.has("p") or e.has("statistic") or e.has("test") or len(e.get("entries")) > 2
    )


@register("comparison", "summary_test", grade="likely", applies=summary_applies)
def _summary_test(study: Study, e: Entry, premises, context) -> list[dict]:
    from ..checks.summary_tests import check_group_test
    from ..rederivation import known_count

    ents = [study.entry(i) for i in e.get("entries")]
    ids = [e.id] + [x.id for x in ents]
    test = e.get("test")
    if not (e.has("p") or e.has("statistic")):
        return [
            row(
                study,
                ids,
                not_testable(
                    "summary_test", f"{len(ents)} groups", "No test, P or statistic is printed for these groups."
                ),
            )
        ]
    p, stat = e.get("p"), e.get("statistic")
    if all(x.kind == "mean_sd" and x.has("n") for x in ents):
        chk = check_group_test(
            means=[x.get("mean") for x in ents],
            stds=[x.get("sd") for x in ents],
            nobs=[x.integer("n") for x in ents],
            p=p,
            statistic=stat,
            test=test,
        )
    elif all(x.kind in ("count", "proportion") and known_count(x) for x in ents):
        kn = [c for c in map(known_count, ents) if c is not None]  # all known (the line above)
        chk = check_group_test(events=[c[0] for c in kn], nobs=[c[1] for c in kn], p=p, statistic=stat, test=test)
    else:
        return [
            row(
                study,
                ids,
                not_testable(
                    "summary_test",
                    f"P {p}" if p else f"statistic {stat}",
                    "The groups' means, SDs and sizes (or whole counts and sizes) are not all printed, so the test "
                    "cannot be recomputed.",
                ),
            )
        ]
    if chk.verdict == "inconsistent" and not test:
        import dataclasses

        chk = dataclasses.replace(
            chk,
            assumptions=(
                "the P is from one of the standard tests tried on these summaries (the source does not name it)",
            ),
        )
    return [row(study, ids, chk)]
