"""Citations against the works they cite: what a sentence says a cited work is or shows (its design,
species, arms) against what the work's own abstract shows (:class:`analysis.ledger.cited.CitedWork`).

May import analysis.results only; takes plain mappings, never the ledger types.
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from ..results import Check

__all__ = ["check_citation"]

_PLURAL: dict[object, str] = {"human": "humans", "mouse": "mice", "rat": "rats"}


def _arm(a: str) -> str:
    """An arm id in words: ``dose_0_5`` -> ``dose 0.5``, ``ketamine_iv`` -> ``ketamine iv``."""
    return re.sub(r"(\d)_(\d)", r"\1.\2", a).replace("_", " ")


_DESIGN_WORDS: dict[object, str] = {
    "rct": "randomised controlled trials",
    "observational": "observational studies",
    "meta_analysis": "a meta-analysis",
    "expert_opinion": "an expert opinion",
    "review": "a review",
    "preclinical": "an animal study",
    "case_report": "a case report",
    "database": "a database analysis",
}


def check_citation(ref: str, said: Mapping[str, Any], work: Mapping[str, Any], *, where: str = "") -> Check:
    """What a sentence says cited work ``ref`` is or shows, against the work's record.

    Parameters
    ----------
    ref : str
        The reference number as printed.
    said : mapping
        What the sentence says: ``design`` (the design it names or implies: ``rct`` for "randomized
        controlled trials", ``meta_analysis`` for "a meta-analysis"), ``species`` (``human`` for
        "patients"), ``arms`` (the arms the sentence needs the work to have). Missing keys say nothing.
    work : mapping
        The record: ``design``, ``pools`` (what a meta-analysis pools), ``species``, ``arms``,
        ``population``, ``n``, ``citation``.
    where : str
        DOI or PubMed id and address, for the explanation.

    Returns
    -------
    Check
        ``citation``: consistent when every attribute the sentence states matches the record (a design
        matches the work's own design or, for a meta-analysis, the designs it pools); inconsistent when
        one does not (graded ``likely`` by the audit: it rests on the reference list's numbering and on
        the abstract); not_testable when the sentence states nothing comparable.

    Examples
    --------
    >>> check_citation("11", {"species": "human"}, {"design": "preclinical", "species": "mouse", "arms": []}).verdict
    'inconsistent'
    """
    parts: list[str] = []
    bad: list[str] = []
    if said.get("design"):
        d = said["design"]
        ok = d in (work.get("design"), work.get("pools"))
        (parts if ok else bad).append(
            f"called {_DESIGN_WORDS.get(d, d)}: it is {_DESIGN_WORDS.get(work.get('design'), work.get('design'))}"
            + (f" of {_DESIGN_WORDS.get(work['pools'], work['pools'])}" if work.get("pools") else "")
        )
    if said.get("species"):
        ok = said["species"] == work.get("species")
        (parts if ok else bad).append(
            f"said to concern {_PLURAL.get(said['species'], said['species'])}: it studies "
            f"{_PLURAL.get(work.get('species'), work.get('species'))}"
            + (f" ({work['population']})" if work.get("population") else "")
        )
    arms: Sequence[str] = list(said.get("arms") or [])
    if arms:
        have = set(work.get("arms") or ())
        missing = [a for a in arms if a not in have]
        shown = ", ".join(_arm(a) for a in (work.get("arms") or ())) or "none listed"
        (bad if missing else parts).append(
            (
                f"needs arm(s) {', '.join(_arm(a) for a in missing)}, which it does not have"
                if missing
                else "has the arms the sentence needs"
            )
            + f" (its arms: {shown})"
        )
    at = f" ({where})" if where else ""
    title = str(work.get("citation") or "")[:80]
    if not parts and not bad:
        return Check(
            "citation",
            "not_testable",
            f"[{ref}] {title}: the sentence states nothing about the work's design, species or arms to compare{at}",
            reported=f"[{ref}]",
        )
    if bad:
        return Check(
            "citation",
            "inconsistent",
            f"[{ref}] {title}: " + "; ".join(bad + parts) + at,
            reported=f"[{ref}]",
            recomputed=str(work.get("design")),
            assumptions=(
                f"reference [{ref}] is the work the reference list gives that number",
                "the work's abstract shows its design, species and arms",
            ),
        )
    return Check(
        "citation",
        "consistent",
        f"[{ref}] {title}: " + "; ".join(parts) + at,
        reported=f"[{ref}]",
        recomputed=str(work.get("design")),
    )
