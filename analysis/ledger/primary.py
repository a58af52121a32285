"""Primary-publication records: what the cited primary publication prints for the same quantities.

May import analysis.reported and analysis.results only (through :mod:`.schema`); never the checks. A study file may carry a top-level ``primary`` mapping (``data/README.md``):
the publication (citation, DOI, PubMed id, registry id) and a list of
``records``, each tied by ``of`` to the secondary entry it corresponds to,
holding the numbers as the primary printed them, the primary's definition of
the quantity, its denominator, a short fragment and the address where it was
read. The primary texts are not stored, so, unlike an entry's fragment, a
record's fragment is not checked against a text: the address says where it
can be read. A number that could not be found is a record with
``status: not_found`` and a ``note``, never a guess.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Mapping

from .schema import _ADDRESS, _DOI, _ID, KINDS, NUMERIC, LedgerError, _check_quote, _parse_number

__all__ = ["PrimaryPublication", "PrimaryRecord", "load_primary", "PRIMARY_FIELDS", "RECORD_FIELDS"]

#: publication-level fields
PRIMARY_FIELDS = ("citation", "doi", "pmid", "registry", "pmid_note", "records")
#: record fields
RECORD_FIELDS = (
    "id",
    "of",
    "status",
    "values",
    "k",
    "n",
    "arm",
    "definition",
    "definition_matches",
    "denominator",
    "fragment",
    "address",
    "note",
    "range_kind",
)
#: what a primary record's printed range is (``range_kind``): the participants' own values, the
#: eligible range, or the possible range of a scale; absent when the source does not say
RANGE_KINDS = ("actual", "eligibility", "possible")
_PMID = re.compile(r"^\d{1,9}$")
_REGISTRY = re.compile(r"^[A-Za-z]{2,10}[A-Za-z0-9-]{4,30}$")
_COUNT_FIELDS = ("n", "k", "total")


@dataclasses.dataclass(frozen=True)
class PrimaryRecord:
    """What the primary publication prints for one secondary entry.

    ``values`` maps the secondary entry's field names to the primary's printed
    strings (a tuple of strings for a total the primary prints only by arm).
    """

    id: str
    of: str
    status: str
    values: Mapping[str, Any]
    definition: str
    definition_matches: bool
    address: str
    fragment: str | None = None
    k: str | None = None
    n: str | None = None
    arm: str | None = None
    denominator: str | None = None
    note: str | None = None
    range_kind: str | None = None

    @property
    def found(self) -> bool:
        return self.status == "read"


@dataclasses.dataclass(frozen=True)
class PrimaryPublication:
    """The cited primary publication of a study and its records."""

    citation: str
    doi: str | None
    pmid: str | None
    registry: str | None
    records: tuple[PrimaryRecord, ...]
    pmid_note: str | None = None

    def records_of(self, entry_id: str) -> list[PrimaryRecord]:
        """The records tied to one secondary entry."""
        return [r for r in self.records if r.of == entry_id]


def load_primary(path: Path, raw: Any, entries: Mapping[str, str], arms: tuple[str, ...]) -> PrimaryPublication:
    """Validate a study file's ``primary`` mapping.

    ``entries`` maps the file's entry ids to their kinds; ``arms`` are the study's arm ids.
    Every problem raises :class:`LedgerError` naming the file, the record, the field and the value.

    Examples
    --------
    >>> pub = load_primary(Path("x.yaml"), {"citation": "A 2023", "doi": "10.1056/x", "pmid": "1", "records": [
    ...     {"id": "pri_n", "of": "n_total", "values": {"n": "403"}, "definition": "randomised",
    ...      "definition_matches": True, "fragment": "403 patients", "address": "https://example.org/1"}]},
    ...     {"n_total": "sample_size"}, ())
    >>> pub.records_of("n_total")[0].values
    {'n': '403'}
    >>> load_primary(Path("x.yaml"), {"citation": "A", "doi": "10.1056/x", "pmid": "1", "records": [
    ...     {"id": "pri_n", "of": "n_total", "values": {"n": 403}, "definition": "d",
    ...      "definition_matches": True, "fragment": "f", "address": "https://example.org/1"}]},
    ...     {"n_total": "sample_size"}, ())
    Traceback (most recent call last):
    ...
    analysis.ledger.schema.LedgerError: x.yaml: entry 'pri_n': field 'values.n' = 403: printed numbers must be quoted strings, as printed
    """
    kind_fields = {k: r + o for k, (r, o) in KINDS.items()}
    numeric, parse, error = NUMERIC, _parse_number, LedgerError
    if not isinstance(raw, dict):
        raise error(path, None, "primary", raw, "must be a mapping with citation, doi/pmid/registry and records")
    unknown = sorted(set(raw) - set(PRIMARY_FIELDS), key=str)  # YAML keys may be numbers too
    if unknown:
        raise error(
            path,
            None,
            f"primary.{unknown[0]}",
            raw[unknown[0]],
            f"unknown field; valid fields: {', '.join(PRIMARY_FIELDS)}",
        )
    if not isinstance(raw.get("citation"), str) or not raw["citation"].strip():
        raise error(
            path,
            None,
            "primary.citation",
            raw.get("citation"),
            "missing field" if raw.get("citation") is None else "must be a non-empty string",
        )
    for f, pat in (("doi", _DOI), ("pmid", _PMID), ("registry", _REGISTRY)):
        v = raw.get(f)
        if v is not None and not (isinstance(v, str) and pat.match(v)):
            raise error(path, None, f"primary.{f}", v, f"not a valid {f} (quote it as a string)")
    if not any(raw.get(f) for f in ("doi", "pmid", "registry")):
        raise error(path, None, "primary.doi", None, "a primary publication needs a doi, a pmid or a registry id")
    for f in ("doi", "pmid"):
        if raw.get(f) is None and not raw.get("pmid_note"):
            raise error(path, None, f"primary.{f}", None, "is null: say in pmid_note why it could not be found")
    records_raw = raw.get("records")
    if not isinstance(records_raw, list) or not records_raw:
        raise error(path, None, "primary.records", records_raw, "must be a non-empty list")
    seen: set[str] = set()
    records = []
    for rec in records_raw:
        r = _record(path, rec, entries, arms, kind_fields, numeric, parse, error)
        if r.id in seen or r.id in entries:
            raise error(
                path, r.id, "id", r.id, "duplicate id (record ids must differ from each other and from entry ids)"
            )
        seen.add(r.id)
        records.append(r)
    return PrimaryPublication(
        citation=raw["citation"],
        doi=raw.get("doi"),
        pmid=raw.get("pmid"),
        registry=raw.get("registry"),
        records=tuple(records),
        pmid_note=raw.get("pmid_note"),
    )


def _printed(path, rid, field, v, parse, error, whole: bool) -> str:
    if not isinstance(v, str):
        raise error(path, rid, field, v, "printed numbers must be quoted strings, as printed")
    try:
        r = parse(v)
    except ValueError:
        raise error(path, rid, field, v, "not a printed number") from None
    if whole and not r.percent and (r.decimals or not r.exact):
        raise error(path, rid, field, v, "must be a whole number")
    return v


def _record(path, rec, entries, arms, kind_fields, numeric, parse, error):
    if not isinstance(rec, dict):
        raise error(path, None, "primary.records", rec, "a record must be a mapping")
    rid = rec.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise error(
            path, None, "primary.records.id", rid, "every record needs an id of lowercase letters, digits and _"
        )
    unknown = sorted(set(rec) - set(RECORD_FIELDS), key=str)
    if unknown:
        raise error(
            path,
            rid,
            str(unknown[0]),
            rec[unknown[0]],
            f"unknown field for a primary record; valid fields: {', '.join(RECORD_FIELDS)}",
        )
    of = rec.get("of")
    if not isinstance(of, str) or of not in entries:  # a list or mapping is no entry id (and unhashable)
        raise error(path, rid, "of", of, "refers to no entry of this study")
    status = rec.get("status", "read")
    if status not in ("read", "not_found"):
        raise error(path, rid, "status", status, "must be read or not_found")
    for f in ("definition", "address"):
        if not isinstance(rec.get(f), str) or not rec[f].strip():
            raise error(
                path, rid, f, rec.get(f), "missing field" if rec.get(f) is None else "must be a non-empty string"
            )
    if not _ADDRESS.match(rec["address"]):
        raise error(path, rid, "address", rec["address"], "must be an http(s) address without spaces or quotes")
    if not isinstance(rec.get("definition_matches"), bool):
        raise error(
            path,
            rid,
            "definition_matches",
            rec.get("definition_matches"),
            "must be true or false: does the primary's definition name the quantity the secondary's label does?",
        )
    arm = rec.get("arm")
    if arm is not None and arm not in arms:
        raise error(path, rid, "arm", arm, f"not an arm of this study; arms: {', '.join(arms) or 'none'}")
    for f in ("denominator", "note", "fragment"):
        if rec.get(f) is not None and not isinstance(rec[f], str):
            raise error(path, rid, f, rec[f], "must be a string")
    if rec.get("range_kind") is not None and rec["range_kind"] not in RANGE_KINDS:
        raise error(path, rid, "range_kind", rec["range_kind"], f"must be one of {', '.join(RANGE_KINDS)}")
    values: dict[str, Any] = {}
    if status == "not_found":
        for f in ("values", "k", "n", "fragment"):
            if rec.get(f) not in (None, "", {}):
                raise error(path, rid, f, rec[f], "a not_found record holds no printed numbers or fragment")
        if not rec.get("note"):
            raise error(path, rid, "note", None, "say what was looked for and where (required for not_found)")
    else:
        frag = rec.get("fragment")
        if not frag:
            raise error(path, rid, "fragment", frag, "missing field (the primary's words around the number)")
        _check_quote(path, rid, frag, error)
        vals = rec.get("values")
        if not isinstance(vals, dict) or not vals:
            raise error(path, rid, "values", vals, "must map the entry's fields to the primary's printed numbers")
        allowed = [f for f in kind_fields[entries[of]] if f in numeric]
        for f, v in vals.items():
            if f not in allowed:
                raise error(
                    path,
                    rid,
                    f"values.{f}",
                    v,
                    f"not a number field of the {entries[of]!r} entry {of!r}; "
                    f"valid: {', '.join(allowed) or 'none (record it as not_found)'}",
                )
            if isinstance(v, list):
                if f not in _COUNT_FIELDS or len(v) < 2:
                    raise error(
                        path,
                        rid,
                        f"values.{f}",
                        v,
                        "a list (a total printed by its parts) needs a count field and at least two parts",
                    )
                values[f] = tuple(_printed(path, rid, f"values.{f}", x, parse, error, True) for x in v)
            else:
                values[f] = _printed(path, rid, f"values.{f}", v, parse, error, f in _COUNT_FIELDS)
        for f, v in values.items():
            if isinstance(v, str) and f in _COUNT_FIELDS and parse(v).percent and rec.get("n") is None:
                raise error(
                    path, rid, f"values.{f}", v, "a count printed as a share needs the record's n (of how many)"
                )
        if ("low" in values) != ("high" in values):
            raise error(path, rid, "values", vals, "a range needs both low and high")
        if "low" in values and parse(values["low"]).value > parse(values["high"]).value:
            raise error(path, rid, "values.low", values["low"], f"range low exceeds its high {values['high']!r}")
        for f in ("k", "n"):
            if rec.get(f) is not None:
                _printed(path, rid, f, rec[f], parse, error, True)
        if rec.get("k") is not None and rec.get("n") is not None and parse(rec["k"]).value > parse(rec["n"]).value:
            raise error(path, rid, "k", rec["k"], f"count exceeds its n {rec['n']!r}")
        if rec.get("n") is not None and parse(rec["n"]).value < 1:
            raise error(path, rid, "n", rec["n"], "n must be >= 1")
    return PrimaryRecord(
        id=rid,
        of=of,
        status=status,
        values=values,
        definition=rec["definition"],
        definition_matches=rec["definition_matches"],
        address=rec["address"],
        fragment=rec.get("fragment"),
        k=rec.get("k"),
        n=rec.get("n"),
        arm=arm,
        denominator=rec.get("denominator"),
        note=rec.get("note"),
        range_kind=rec.get("range_kind"),
    )
