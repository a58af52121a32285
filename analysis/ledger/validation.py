"""Validation of one ledger entry against the rules of its kind, parsing each printed number.

May import analysis.reported and analysis.results only; never the checks, auditing or report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..reported import NumberRefused, read_numbers, unprinted
from .schema import (
    _COMMON,
    _ID,
    CLAIM_WORDS,
    COMPARISON_TESTS,
    EVIDENCE_FIELDS,
    FAMILY_CORRECTIONS,
    FIELD_TYPES,
    KINDS,
    MAX_EVIDENCE_CHARS,
    MEASUREMENTS,
    N_SOURCES,
    NUMERIC,
    PLACEMENT,
    Entry,
    LedgerError,
    Source,
)

#: the fields each kind may hold (its required and optional fields and the common ones), built once
_ALLOWED = {kind: frozenset(required + optional + _COMMON) for kind, (required, optional) in KINDS.items()}
#: the fields each kind must hold, the fragment last, built once
_REQUIRED = {kind: required + ("fragment",) for kind, (required, _optional) in KINDS.items()}
#: the fields whose values are not strings (FIELD_TYPES): an entry holding none of them, all its values strings, passes
#: ``_check_types`` without a test per field
_TYPED = frozenset(FIELD_TYPES)
#: the fields ``_check_provenance`` reads: an entry holding none of them has nothing for it to check
_EVIDENCE = frozenset(EVIDENCE_FIELDS)
_PROVENANCE = frozenset(("n_source", "measurement", "measurement_from", "interval")) | _EVIDENCE
_DF_TEST = re.compile(r"\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)?\s*")  # a test statistic's df: 'd' or 'df1, df2'
_DF_ONE = re.compile(r"\s*\d+(\.\d+)?\s*")
_RATIO = re.compile(r"\s*\d+(\s*:\s*\d+)+\s*")  # an allocation, '1:1'


def _check_types(path: Path, eid: str, raw: dict) -> None:
    """Every field a string, but lists of entry ids and booleans (FIELD_TYPES); numbers are checked later."""
    if type(raw) is dict and _TYPED.isdisjoint(raw) and all(type(v) is str for v in raw.values()):
        return  # what the loop below passes, at once
    for f, v in raw.items():
        want = FIELD_TYPES.get(f, str)
        if type(v) is str and want is str:  # most fields: the test below, without its isinstance calls
            continue
        if v is None or f in NUMERIC or isinstance(v, want) and not (want is str and isinstance(v, bool)):
            if want is list and not all(isinstance(x, str) for x in v):
                raise LedgerError(path, eid, f, v, "must be a list of entry ids")
            continue
        raise LedgerError(
            path,
            eid,
            f,
            v,
            "must be true or false"
            if want is bool
            else "must be a list of entry ids"
            if want is list
            else "must be a string",
        )


def _check_provenance(path: Path, eid: str, raw: dict) -> None:
    """``n_source``, ``measurement`` and ``measurement_from`` (data/README.md): closed sets, and evidence in few words."""
    plain = type(raw) is dict  # (a mapping whose get is its own is read field by field, as before)
    if plain and _PROVENANCE.isdisjoint(raw):  # every rule below reads one of these fields, and only when it is there
        return
    if raw.get("n_source") is not None:
        if raw["n_source"] not in N_SOURCES:
            raise LedgerError(path, eid, "n_source", raw["n_source"], f"must be one of {', '.join(N_SOURCES)}")
        if raw.get("n") in (None, ""):
            raise LedgerError(
                path, eid, "n_source", raw["n_source"], "says where an n was printed, but the entry has no n"
            )
    if raw.get("measurement") is not None:
        if raw["measurement"] not in MEASUREMENTS:
            raise LedgerError(path, eid, "measurement", raw["measurement"], f"must be one of {', '.join(MEASUREMENTS)}")
        if not str(raw.get("measurement_from") or "").strip():
            raise LedgerError(
                path,
                eid,
                "measurement_from",
                None,
                "missing field (a measurement needs the fragment or reason that shows it)",
            )
    if raw.get("measurement_from") is not None and raw.get("measurement") is None:
        raise LedgerError(
            path, eid, "measurement_from", raw["measurement_from"], "evidence for no measurement: add measurement"
        )
    if raw.get("interval") is not None and raw["interval"] != "asymmetric":
        raise LedgerError(path, eid, "interval", raw["interval"], "must be asymmetric (or absent)")
    if raw.get("interval") is not None and not str(raw.get("interval_from") or "").strip():
        raise LedgerError(path, eid, "interval_from", None, "missing field (what shows the interval is asymmetric)")
    for f in () if plain and _EVIDENCE.isdisjoint(raw) else EVIDENCE_FIELDS:
        evidence = raw.get(f)
        if evidence is not None and (
            not evidence.strip() or len(evidence) > MAX_EVIDENCE_CHARS or any(c in evidence for c in "\n\r\x00")
        ):
            raise LedgerError(
                path,
                eid,
                f,
                evidence,
                f"must be one line of at most {MAX_EVIDENCE_CHARS} characters (a short fragment or reason)",
            )


def _direction(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    ents = raw["entries"]
    if not isinstance(ents, list) or len(ents) != 2:
        raise LedgerError(path, eid, "entries", ents, "must list exactly two entry ids")
    if raw["relation"] not in ("greater", "less", "equal"):
        raise LedgerError(path, eid, "relation", raw["relation"], "must be one of greater, less, equal")


def _comparison(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    ents = raw["entries"]
    if not isinstance(ents, list) or not 2 <= len(ents) <= 50:
        raise LedgerError(path, eid, "entries", ents, "must list two to 50 entry ids (one per group)")
    if len(ents) > 2 and raw.get("design") != "independent":
        raise LedgerError(path, eid, "entries", ents, "more than two groups need design: independent")
    if raw.get("test") is not None and raw["test"] not in COMPARISON_TESTS:
        raise LedgerError(path, eid, "test", raw["test"], f"must be one of {', '.join(COMPARISON_TESTS)}")
    if raw["design"] not in ("independent", "paired"):
        raise LedgerError(path, eid, "design", raw["design"], "must be independent or paired")


def _citation(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    from .cited import DESIGNS, SPECIES

    for f, valid in (("design", DESIGNS), ("species", SPECIES)):
        if raw.get(f) is not None and raw[f] not in valid:
            raise LedgerError(path, eid, f, raw[f], f"must be one of {', '.join(valid)}")
    arms = raw.get("arms")
    if arms is not None and not (isinstance(arms, list) and all(isinstance(a, str) and _ID.match(a) for a in arms)):
        raise LedgerError(path, eid, "arms", arms, "a list of arm ids ([a-z0-9_]+)")


def _family(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    ents = raw["entries"]
    if not isinstance(ents, list) or not 1 <= len(ents) <= 1000:
        raise LedgerError(path, eid, "entries", ents, "must list the ids of the family's printed results (1 to 1000)")
    twice = next((x for i, x in enumerate(ents) if isinstance(x, str) and x in ents[:i]), None)
    if twice is not None:  # a P listed twice would count as two tests of the family
        raise LedgerError(path, eid, "entries", twice, "listed twice")
    if raw.get("correction") is not None and raw["correction"] not in FAMILY_CORRECTIONS:
        raise LedgerError(path, eid, "correction", raw["correction"], f"must be one of {', '.join(FAMILY_CORRECTIONS)}")
    if "size" in parsed and parsed["size"].value < len(ents):
        raise LedgerError(path, eid, "size", raw["size"], f"smaller than the {len(ents)} results listed in entries")


def _claim(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    ents, word = raw["entries"], raw["word"]
    if word not in CLAIM_WORDS:
        raise LedgerError(path, eid, "word", word, f"must be one of {', '.join(CLAIM_WORDS)}")
    size = 2 if word == "remained" else 1
    if not isinstance(ents, list) or len(ents) != size:
        raise LedgerError(
            path,
            eid,
            "entries",
            ents,
            f"must list exactly {size} entry id"
            + ("s (what remained, then what it remained from)" if size == 2 else ""),
        )
    for f, allowed in (("side", ("below", "above")), ("better", ("higher", "lower"))):
        if raw.get(f) is not None and raw[f] not in allowed:
            raise LedgerError(path, eid, f, raw[f], f"must be one of {', '.join(allowed)}")


def _total(path: Path, eid: str, raw: dict, parsed: dict) -> None:
    if not isinstance(raw["parts"], list):
        raise LedgerError(path, eid, "parts", raw["parts"], "must be a list of entry ids")


#: the rules of one kind only, run after its numbers are read (each kind's in the order the loader states them)
_KIND_RULES = {
    "direction": _direction,
    "comparison": _comparison,
    "citation": _citation,
    "family": _family,
    "claim": _claim,
    "total": _total,
}


def _validate_entry(path: Path, study_id: str, raw: Any, source: Source, fragment_found: bool = False) -> Entry:
    """The entry, or a LedgerError naming file, entry, field and value. ``fragment_found``: the caller has found
    the entry's fragment (a string) in ``source.text`` already (a scan's draft), so it is not searched again."""
    if not isinstance(raw, dict):
        raise LedgerError(path, None, None, raw, "an entry must be a mapping")
    eid = raw.get("id")
    if eid is not None and not isinstance(eid, str):
        raise LedgerError(path, None, "id", eid, "must be a string")
    if not eid:
        raise LedgerError(path, None, "id", eid, "missing field")
    if not _ID.match(eid):
        raise LedgerError(path, eid, "id", eid, "ids use lowercase letters, digits and _")
    kind = raw.get("kind")
    if not isinstance(kind, str):
        raise LedgerError(path, eid, "kind", kind, "must be a string" if kind is not None else "missing field")
    if kind not in KINDS:
        raise LedgerError(path, eid, "kind", kind, f"unknown kind; valid kinds: {', '.join(KINDS)}")
    for f in _REQUIRED[kind]:
        if raw.get(f) in (None, "", []):
            if f in PLACEMENT.get(kind, ()) and isinstance(raw.get("review"), str) and raw["review"].strip():
                continue  # an extracted draft that says in `review` what it could not place
            if kind == "test_statistic" and f == "df" and raw.get("test") == "z":
                continue  # z has no degrees of freedom
            raise LedgerError(path, eid, f, None, f"missing field (required for kind {kind!r})")
    if kind == "quantity" and raw.get("value") in (None, "") and not (raw.get("low") and raw.get("high")):
        raise LedgerError(path, eid, "value", None, "missing field (a quantity needs value, or low and high)")
    if kind == "p_value" and (raw.get("lower") in (None, "")) != (raw.get("upper") in (None, "")):
        missing_bound = "upper" if raw.get("upper") in (None, "") else "lower"
        raise LedgerError(path, eid, missing_bound, None, "missing field (a p_value with a CI needs both CI bounds)")
    unknown = raw.keys() - _ALLOWED[kind]
    if unknown:
        f = sorted(unknown, key=str)[0]
        raise LedgerError(path, eid, f, raw[f], f"unknown field for kind {kind!r}")
    _check_types(path, eid, raw)
    try:
        parsed = read_numbers(kind, raw)
    except NumberRefused as exc:
        raise LedgerError(path, eid, exc.field, exc.value, exc.problem) from None
    rules = _KIND_RULES.get(kind)
    if rules is not None:  # the rules of this kind alone, in the order they were written (other kinds' skipped)
        rules(path, eid, raw, parsed)
    alloc = raw.get("allocation")
    if alloc is not None and not (isinstance(alloc, str) and _RATIO.fullmatch(alloc)):
        raise LedgerError(path, eid, "allocation", alloc, "must be a ratio such as '1:1' or '2:1'")
    if alloc is not None:
        parts = [int(x) for x in alloc.split(":")]
        if len(parts) != len(raw["entries"]) or not all(1 <= x <= 1000 for x in parts):
            raise LedgerError(
                path,
                eid,
                "allocation",
                alloc,
                f"must have one part from 1 to 1000 per entry compared ({len(raw['entries'])})",
            )
    if kind == "test_statistic":
        if raw["test"] not in ("t", "F", "chi2", "r", "z"):
            raise LedgerError(path, eid, "test", raw["test"], "must be one of t, F, chi2, r, z")
        if raw.get("df") is not None and not _DF_TEST.fullmatch(str(raw["df"])):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be a number, or 'df1, df2' for F")
        if raw.get("df") is not None and any(float(x) <= 0 for x in str(raw["df"]).split(",")):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be above 0")
    if raw.get("df") is not None and kind != "test_statistic":
        if not _DF_ONE.fullmatch(str(raw["df"])):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be a positive number")
    _check_provenance(path, eid, raw)
    if raw.get("scale", "linear") not in ("linear", "log"):
        raise LedgerError(path, eid, "scale", raw.get("scale"), "must be linear or log")
    frag = raw["fragment"]
    if not isinstance(frag, str):
        raise LedgerError(path, eid, "fragment", frag, "must be a string")
    if source.text is not None and not fragment_found and frag not in source.text:
        raise LedgerError(path, eid, "fragment", frag, f"not found verbatim in source {source.id!r} ({source.file})")
    implied = raw.get("implied") or []
    for f in implied:
        if f not in parsed:
            raise LedgerError(path, eid, "implied", f, "names no printed number of this entry")
        if not raw.get("note"):
            raise LedgerError(path, eid, "implied", f, "a number implied by the words needs a note saying how")
    missing = unprinted(kind, raw, frag, implied)
    if missing is not None:
        raise LedgerError(path, eid, missing, raw[missing], f"not printed in the entry's fragment {frag!r}")
    if type(raw) is dict:  # every field but these three, in the entry's order (a copy, then three deleted)
        fields = raw.copy()
        del fields["id"], fields["kind"], fields["fragment"]
    else:
        fields = {k: v for k, v in raw.items() if k not in ("id", "kind", "fragment")}
    return Entry(id=eid, kind=kind, study=study_id, fragment=frag, fields=fields)
