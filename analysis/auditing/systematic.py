"""A check that fails for most of what it tests in one place says the reading is wrong, not every number.

May import analysis.ledger, analysis.reported and this package's registry and preconditions.

A misprint is a slip: one cell of a column, one interval of a paragraph. When a share check fails for
nearly every percentage of one table column, the n it divides by is far more likely not the column's
base (a subgroup's n, a misread header, another column's N), or the bracket not a percentage, than every
cell misprinted; when nearly every estimate of a column, or of a run of the running text, lies outside the
CI printed beside it, the number read as the estimate is more likely another quantity (a P value, a
baseline mean, a count) than every interval wrong. :func:`demote` lowers such ``error`` rows of a draft to
``likely`` and states the reading they rest on, with the count that makes it doubtful; they stay flagged.
Measured on the judged sets' scans at the code of each set's day (docs/precision.md, "Session 13"): the
top grade's false alarms on unseen papers came in clusters of such rows (40, 21 and 20 in one column or
table), real errors rarely.
"""

from __future__ import annotations

from ..ledger import Entry, Study
from ..reported import printed_in
from .preconditions import is_draft
from .registry import REGISTRY

__all__ = ["CHECKS", "MIN_TESTED", "SHARE", "MAX_RUN", "place", "doubtful", "demote"]

#: the checks whose top grade rests on a reading of the layout (which n, which number is the estimate)
CHECKS = {
    "percent_denominator": "the n used is the base of the percentages of {where} ({k} of the {m} tested there do "
    "not fit it: more likely another base than {k} misprints)",
    "estimate_in_ci": "the numbers read as estimates in {where} are the estimates of the CIs beside them ({k} of the "
    "{m} tested there lie outside their CI: more likely another quantity than {k} misprints)",
}
MIN_TESTED = 3  # fewer tested numbers than this say nothing about the reading
SHARE = 0.75  # at least this share of them failing makes the reading doubtful


def place(location: str) -> str:
    """A table's column (``table 2 | column: Placebo (n = 40)``) or the document's running text."""
    if not location.startswith("table"):
        return "running text"
    table = location.split(" | ")[0]
    column = location.split(" | column: ", 1)[1] if " | column: " in location else ""
    return f"{table} | column: {column}" if column else table


MAX_RUN = 12  # the longest run of the running text looked at: each row's search stays bounded


def doubtful(before: list[int], i: int, whole: bool) -> tuple[int, int] | None:
    """(k, m) when print ``i`` of a place's distinct tested prints sits among at least :data:`MIN_TESTED` of them,
    :data:`SHARE` or more failing: the whole place (a table column) when ``whole``, else the longest such run of
    consecutive prints around it, of at most :data:`MAX_RUN` (the running text: a paper's results may print four P
    values before four CIs after twelve estimates read right). ``before[j]`` counts the failures among the first
    ``j`` prints, in the order printed. None when no such group holds it.

    >>> doubtful([0, 0, 0, 1, 2, 3], 4, whole=False)  # two read right, three failing: the last four, 3 of 4
    (3, 4)
    >>> doubtful([0, 0, 0, 1, 2, 3], 4, whole=True) is None  # 3 of 5: not 3/4
    True
    """
    n = len(before) - 1
    spans = (
        [(0, n)]
        if whole
        else [(a, b) for a in range(max(0, i + 1 - MAX_RUN), i + 1) for b in range(i + 1, min(n, a + MAX_RUN) + 1)]
    )
    best = None
    for a, b in spans:
        k, m = before[b] - before[a], b - a
        if m >= MIN_TESTED and k >= SHARE * m and (best is None or m > best[1]):
            best = (k, m)
    return best


def _tested(study: Study, rows: list[dict]) -> dict[tuple[str, str], tuple[dict[str, int], list[int]]]:
    """{(check, place): ({print: its index}, failures before each index)}: each distinct print (its values; one result
    printed twice counts once) a check of :data:`CHECKS` tested in a draft, in the order printed. ``estimate_in_ci`` writes no row for an
    estimate inside its CI: every entry its registry entry applies to and no ``not_testable`` row excludes counts."""
    said = {(r["check"], r["entry_ids"].split(",")[0]): r for r in rows if r["check"] in CHECKS}
    out: dict[tuple[str, str], dict[str, bool]] = {}
    for e in study.entries:
        if not is_draft(study, e):
            continue
        for spec in REGISTRY.get(e.kind, ()):
            r = said.get((spec.name, e.id))
            if spec.name not in CHECKS or (r is not None and r["verdict"] == "not_testable"):
                continue
            silent = spec.name == "estimate_in_ci" and r is None and (spec.applies is None or spec.applies(study, e))
            if r is None and not silent:
                continue
            failed = r is not None and r["verdict"] == "inconsistent" and r.get("grade") != "rounding"
            prints = out.setdefault((spec.name, place(str(e.get("location") or ""))), {})
            prints[e.values()] = prints.get(e.values(), False) or failed  # truncation is no misreading
    groups = {}
    for key, prints in out.items():
        before = [0]
        for failed in prints.values():
            before.append(before[-1] + failed)
        groups[key] = ({p: i for i, p in enumerate(prints)}, before)
    return groups


def _own_fraction(e: Entry) -> bool:
    """'12/60 (31.7%)': a count, its n and a percentage sign in one cell leave no other base to read."""
    return e.has("n") and "%" in e.fragment and printed_in(str(e.get("n")), e.fragment)


def demote(study: Study, tested: list[dict], rows: list[dict]) -> list[dict]:
    """Lower, in place, the ``error`` rows of :data:`CHECKS` (drafts only) that :func:`doubtful` finds among the
    prints their check tested in their place. ``tested`` are each check's own rows, before one finding became one
    row (``rows``): an entry another check finds impossible at the top grade (``percent_partition``: the levels'
    counts exceed n) keeps it, whatever its share's reading."""
    entries = {e.id: e for e in study.entries}
    certain = {r["entry_ids"].split(",")[0] for r in tested if r.get("grade") == "error" and r["check"] not in CHECKS}
    groups = None
    for r in rows:
        first = r["entry_ids"].split(",")[0]
        e = entries.get(first)
        if r.get("grade") != "error" or r["check"] not in CHECKS or e is None or not is_draft(study, e):
            continue
        if first in certain or (r["check"] == "percent_denominator" and _own_fraction(e)):
            continue
        groups = _tested(study, tested) if groups is None else groups
        at = place(str(e.get("location") or ""))
        index, before = groups.get((r["check"], at), ({}, [0]))
        if e.values() not in index:
            continue
        km = doubtful(before, index[e.values()], at != "running text")
        if km is None:
            continue
        where = at if at != "running text" else f"a run of {km[1]} in the running text"
        words = CHECKS[r["check"]].format(where=where, k=km[0], m=km[1])
        r["grade"] = "likely"
        r["assumptions"] = "; ".join(filter(None, [words, r.get("assumptions")]))
        r["explanation"] = f"If {words}: {r['explanation']}"
    return rows
