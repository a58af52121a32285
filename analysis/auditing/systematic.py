"""A check that fails for most of what it tests in one place says the reading is wrong, not every number.

May import analysis.ledger and this package's registry.

A misprint is a slip: one cell of a column, one interval of a paragraph. When a share check fails for
nearly every percentage of one table column, the n it divides by is far more likely not the column's
base (a subgroup's n, a misread header, another column's N) than every cell misprinted; when nearly
every estimate of a column, or of a document's running text, lies outside the CI printed beside it, the
number read as the estimate is more likely another quantity (a P value, a baseline mean, a count) than
every interval wrong. :func:`demote` lowers such ``error`` rows to ``likely`` and states the reading
they rest on, with the count that makes it doubtful; they stay flagged. Measured on the judged sets'
untuned scans (docs/precision.md, "Session 13"): the top grade's false alarms on unseen papers came in
clusters of such rows (40, 21 and 20 in one column or table), real errors almost never
(4 of 129 real top-grade rows, each still flagged at ``likely``).
"""

from __future__ import annotations

from ..ledger import Study

__all__ = ["CHECKS", "MIN_TESTED", "SHARE", "place", "demote"]

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


def demote(study: Study, tested: list[dict], rows: list[dict]) -> list[dict]:
    """Lower, in place, the ``error`` rows of :data:`CHECKS` whose place (:func:`place`) has at least
    :data:`MIN_TESTED` numbers tested by the same check, :data:`SHARE` of them or more failing (a
    ``rounding`` row, truncation or double rounding, is no failure here: a column truncated throughout says nothing
    about the base, and must not lower its one real error); ``tested``
    are the audit's rows before one finding became one row (each check's own verdicts)."""
    where = {e.id: place(str(e.get("location") or "")) for e in study.entries}
    counts: dict[tuple[str, str], list[int]] = {}
    for r in tested:
        if r["check"] in CHECKS and r["verdict"] in ("consistent", "inconsistent"):
            n = counts.setdefault((r["check"], where.get(r["entry_ids"].split(",")[0], "")), [0, 0])
            n[0] += 1
            n[1] += r["verdict"] == "inconsistent" and r.get("grade") != "rounding"  # truncation is no misreading
    for r in rows:
        if r.get("grade") != "error" or r["check"] not in CHECKS:
            continue
        at = where.get(r["entry_ids"].split(",")[0], "")
        m, k = counts.get((r["check"], at), (0, 0))
        if m < MIN_TESTED or k < SHARE * m:
            continue
        words = CHECKS[r["check"]].format(where=at, k=k, m=m)
        r["grade"] = "likely"
        r["assumptions"] = "; ".join(filter(None, [words, r.get("assumptions")]))
        r["explanation"] = f"If {words}: {r['explanation']}"
    return rows
