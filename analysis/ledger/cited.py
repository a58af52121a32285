"""The works a source cites, as read in their own abstracts: the optional ``cited`` section of a study file.

May import analysis.reported and analysis.ledger.schema only. Each record says what a cited work is
(design, the designs it pools, species, population, arms, size) with its reference number in the
source, its DOI or PubMed id and the address where it was read; numbers and short fragments only,
never its sentences. ``citation`` entries (what a sentence of the source says the work is or shows)
are checked against these records by :mod:`analysis.checks.citations`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable

from .schema import _ADDRESS, _DOI, _ID, _check_quote

__all__ = ["CitedWork", "load_cited", "CITED_FIELDS", "DESIGNS", "SPECIES"]

CITED_FIELDS = (
    "ref",
    "also_ref",
    "citation",
    "doi",
    "pmid",
    "design",
    "pools",
    "species",
    "population",
    "arms",
    "n",
    "k",
    "fragment",
    "address",
    "note",
)
#: what a cited work is (``design``) or pools (``pools``, for a meta-analysis)
DESIGNS = (
    "rct",
    "observational",
    "meta_analysis",
    "expert_opinion",
    "review",
    "preclinical",
    "case_report",
    "database",
)
SPECIES = ("human", "mouse", "rat")
_REF = re.compile(r"^[0-9]{1,3}$")


@dataclasses.dataclass(frozen=True)
class CitedWork:
    """One cited work as read in its abstract (fields: :data:`CITED_FIELDS`)."""

    ref: str
    citation: str
    design: str
    species: str
    arms: tuple[str, ...]
    address: str
    doi: str | None = None
    pmid: str | None = None
    also_ref: tuple[str, ...] = ()
    pools: str | None = None
    population: str = ""
    n: str | None = None
    k: str | None = None
    fragment: str | None = None
    note: str | None = None

    @property
    def meta_analysis(self) -> bool:
        return self.design == "meta_analysis"

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.ref,) + self.also_ref


def load_cited(path, raw: Any, error: Callable) -> tuple[CitedWork, ...]:
    """Validate a study file's ``cited`` list; ``error(path, record, field, value, why)`` builds the
    ledger's one-line error."""
    if not isinstance(raw, list) or not raw:
        raise error(path, None, "cited", raw, "must be a non-empty list of cited works")
    out, seen = [], set()
    for rec in raw:
        if not isinstance(rec, dict):
            raise error(path, None, "cited", rec, "a cited work must be a mapping")
        ref = rec.get("ref")
        rid = f"cited[{ref}]"
        unknown = sorted(set(rec) - set(CITED_FIELDS), key=str)
        if unknown:
            raise error(
                path,
                rid,
                str(unknown[0]),
                rec[unknown[0]],
                f"unknown field for a cited work; valid fields: {', '.join(CITED_FIELDS)}",
            )
        if not isinstance(ref, str) or not _REF.match(ref):
            raise error(path, rid, "ref", ref, "the reference number as printed, a string of 1-3 digits")
        also = rec.get("also_ref") or []
        if not isinstance(also, list) or not all(isinstance(a, str) and _REF.match(a) for a in also):
            raise error(path, rid, "also_ref", also, "a list of reference numbers (strings of digits)")
        for r in [ref] + also:
            if r in seen:
                raise error(path, rid, "ref", r, "this reference number is already recorded")
            seen.add(r)
        for f in ("citation", "address", "design", "species"):
            if not isinstance(rec.get(f), str) or not rec[f].strip():
                raise error(
                    path, rid, f, rec.get(f), "missing field" if rec.get(f) is None else "must be a non-empty string"
                )
        if not _ADDRESS.match(rec["address"]):
            raise error(path, rid, "address", rec["address"], "must be an http(s) address without spaces or quotes")
        for f, valid in (("design", DESIGNS), ("pools", DESIGNS), ("species", SPECIES)):
            if rec.get(f) is not None and rec[f] not in valid:
                raise error(path, rid, f, rec[f], f"must be one of {', '.join(valid)}")
        arms = rec.get("arms") or []
        if not isinstance(arms, list) or not all(isinstance(a, str) and _ID.match(a) for a in arms):
            raise error(path, rid, "arms", arms, "a list of arm ids ([a-z0-9_]+)")
        if rec.get("doi") is None and rec.get("pmid") is None:
            raise error(path, rid, "doi", None, "a cited work needs its DOI or PubMed id")
        if rec.get("doi") is not None and not (isinstance(rec["doi"], str) and _DOI.match(rec["doi"])):
            raise error(path, rid, "doi", rec["doi"], "must be a DOI (10.NNNN/...)")
        if rec.get("pmid") is not None and not (isinstance(rec["pmid"], str) and rec["pmid"].isdigit()):
            raise error(path, rid, "pmid", rec["pmid"], "must be a PubMed id (digits)")
        for f in ("population", "n", "k", "fragment", "note"):
            if rec.get(f) is not None and not isinstance(rec[f], str):
                raise error(path, rid, f, rec[f], "must be a string")
        if rec.get("fragment"):
            _check_quote(path, rid, rec["fragment"], error)
        out.append(
            CitedWork(
                ref=ref,
                also_ref=tuple(also),
                citation=rec["citation"],
                doi=rec.get("doi"),
                pmid=rec.get("pmid"),
                design=rec["design"],
                pools=rec.get("pools"),
                species=rec["species"],
                population=rec.get("population") or "",
                arms=tuple(arms),
                n=rec.get("n"),
                k=rec.get("k"),
                fragment=rec.get("fragment"),
                address=rec["address"],
                note=rec.get("note"),
            )
        )
    return tuple(out)
