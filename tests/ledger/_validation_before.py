"""The ledger's validation of one entry and its number rules as they stood before issue 22's session 11 (speed12b),
kept to test the present code against: same Entry, or the same error with the same words, for every entry
(tests/ledger/test_validation_same.py). Not imported by the package. Rules added since are added here too, at
the same place (session 13: a p_value's CI bounds go together), so that the comparison stays one of speed alone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from analysis.ledger.schema import (
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
from analysis.reported import (
    _EXPONENT,
    MAX_COUNT,
    MAX_PRINTED_LENGTH,
    NUMERIC_FIELDS,
    WHOLE_FIELDS,
    NumberRefused,
    Reported,
    parse_number,
    printed_confidence_level,
    unprinted,
)


def read_number(field: str, value: Any) -> Reported:
    """The printed number ``value`` of field ``field``, parsed; :class:`NumberRefused` for what no source prints.

    >>> read_number("n", "<5")
    Traceback (most recent call last):
    ...
    analysis.reported.NumberRefused: n = '<5': must be a whole number
    """
    if not isinstance(value, str):
        raise NumberRefused(
            field, value, "printed numbers must be quoted strings, as printed", f"{field} {value!r} is not a string"
        )
    if len(value) > MAX_PRINTED_LENGTH:
        raise NumberRefused(
            field,
            value,
            f"longer than {MAX_PRINTED_LENGTH} characters: not a printed number",
            f"{field} is longer than {MAX_PRINTED_LENGTH} characters",
        )
    odd = None if value.isascii() else next((c for c in value if c.isdigit() and not c.isascii()), None)
    if odd is not None:
        raise NumberRefused(
            field,
            value,
            f"digits must be ASCII 0-9 (found {odd!r}, U+{ord(odd):04X})",
            f"{field} {value} has a digit that is not ASCII 0-9",
        )
    try:
        r = parse_number(value)
    except ValueError as exc:
        raise NumberRefused(field, value, "not a printed number", str(exc)) from None
    if r.is_p and field != "p":
        raise NumberRefused(field, value, "a 'P' label belongs only in a p field", f"{field} {value} has a P label")
    if field in WHOLE_FIELDS:
        # "1e6" and "5%" parse to whole numbers, but no source prints a count so
        if r.decimals or not r.exact or r.percent or _EXPONENT.search(value):
            raise NumberRefused(field, value, "must be a whole number", f"{field} {value} is not a whole number")
        if field in ("n", "k", "total") and r.value >= MAX_COUNT:
            raise NumberRefused(
                field,
                value,
                f"counts (n, k, total) must be below {MAX_COUNT:,}",
                f"{field} {value} is not below {MAX_COUNT:,}",
            )
    return r


def _within(r: Reported, low: float, high: float) -> bool:
    """A printed number, comparator included, that can lie in [low, high] ('>100' and 'P >1' cannot)."""
    if not low <= r.value <= high:
        return False
    return not ((r.comparator in (">", ">=") and r.value >= high) or (r.comparator in ("<", "<=") and r.value <= low))


def read_numbers(kind: str, fields: Mapping[str, Any]) -> dict[str, Reported]:
    """Every printed number of a ledger entry of ``kind``, parsed and held to the ledger's rules.

    The one statement of the rules on numbers: the loader (``analysis.ledger``) turns a
    :class:`NumberRefused` into its LedgerError, the extractor's draft into a ``text_only`` entry.
    Per field (:func:`read_number`): a quoted string of ASCII digits that parses, a ``P`` label only on
    ``p``, whole counts below :data:`MAX_COUNT`. Across fields: n >= 1, SD >= 0, a percentage in 0-100, p in
    [0, 1], a range that runs upwards, k >= 0, a confidence level in (0, 100), scale bounds that run
    upwards, items >= 1. A CI whose lower bound exceeds its upper and a count above its n are printed
    impossibilities that the audit reports (``ci_order``, ``count_le_n``): they are not refused here.

    >>> sorted(read_numbers("mean_sd", {"mean": "30.6", "sd": "6.1", "n": "twelve", "arm": "ketamine"}))
    ['mean', 'n', 'sd']
    >>> read_numbers("proportion", {"percent": "112"})
    Traceback (most recent call last):
    ...
    analysis.reported.NumberRefused: percent = '112': a percentage must lie in 0-100
    """
    parsed = {}
    for f in NUMERIC_FIELDS:
        v = fields.get(f)
        if v is None or v == "" or (kind == "comparison" and f == "total"):  # a comparison's total is the word "total"
            continue
        parsed[f] = read_number(f, v)

    def refuse(f: str, problem: str, short: str):
        raise NumberRefused(f, fields[f], problem, short)

    if "n" in parsed and parsed["n"].value < 1:
        refuse("n", "n must be >= 1", f"n {fields['n']} is below 1")
    if "sd" in parsed and parsed["sd"].value < 0:
        refuse("sd", "SD must be >= 0", f"SD {fields['sd']} below 0")
    if "percent" in parsed and not _within(parsed["percent"], 0, 100):
        refuse("percent", "a percentage must lie in 0-100", f"percentage {fields['percent']} outside 0-100")
    if "p" in parsed and not _within(parsed["p"], 0, 1):
        refuse("p", "a p-value must lie in [0, 1]", f"p {fields['p']} outside 0-1")
    if "low" in parsed and "high" in parsed and parsed["low"].value > parsed["high"].value:
        refuse(
            "low",
            f"range low exceeds its high {fields['high']!r}",
            f"range {fields['low']} to {fields['high']} runs downwards",
        )
    if "k" in parsed and parsed["k"].value < 0:
        refuse("k", "a count must be >= 0", f"count {fields['k']} below 0")
    if "confidence_level" in parsed:
        try:  # a printed level: "95" and "0.95" both mean 95 %; outside (0, 100) is an error
            printed_confidence_level(fields["confidence_level"])
        except ValueError as exc:
            near = "too close to" in str(exc)  # a level the quantiles cannot use (a ZeroDivisionError before)
            refuse(
                "confidence_level",
                str(exc).split("): ", 1)[-1]
                if near
                else "a confidence level is a number in (0, 100): a fraction such as 0.95 or a percentage such as 95",
                f"confidence level {fields['confidence_level']} is not a number in (0, 100)",
            )
    if "scale_low" in parsed and "scale_high" in parsed and parsed["scale_low"].value >= parsed["scale_high"].value:
        refuse(
            "scale_low",
            f"scale lower bound must be below its upper bound {fields['scale_high']!r}",
            f"scale {fields['scale_low']} to {fields['scale_high']} does not run upwards",
        )
    if "items" in parsed and parsed["items"].value < 1:
        refuse("items", "items must be >= 1", f"items {fields['items']} is below 1")
    return parsed



#: the fields each kind may hold (its required and optional fields and the common ones), built once
_ALLOWED = {kind: frozenset(required + optional + _COMMON) for kind, (required, optional) in KINDS.items()}


def _check_types(path: Path, eid: str, raw: dict) -> None:
    """Every field a string, but lists of entry ids and booleans (FIELD_TYPES); numbers are checked later."""
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
    for f in EVIDENCE_FIELDS:
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
    required, optional = KINDS[kind]
    for f in required + ("fragment",):
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
    if kind == "direction":
        ents = raw["entries"]
        if not isinstance(ents, list) or len(ents) != 2:
            raise LedgerError(path, eid, "entries", ents, "must list exactly two entry ids")
    if kind == "comparison":
        ents = raw["entries"]
        if not isinstance(ents, list) or not 2 <= len(ents) <= 50:
            raise LedgerError(path, eid, "entries", ents, "must list two to 50 entry ids (one per group)")
        if len(ents) > 2 and raw.get("design") != "independent":
            raise LedgerError(path, eid, "entries", ents, "more than two groups need design: independent")
    if kind == "citation":
        from analysis.ledger.cited import DESIGNS, SPECIES

        for f, valid in (("design", DESIGNS), ("species", SPECIES)):
            if raw.get(f) is not None and raw[f] not in valid:
                raise LedgerError(path, eid, f, raw[f], f"must be one of {', '.join(valid)}")
        arms = raw.get("arms")
        if arms is not None and not (isinstance(arms, list) and all(isinstance(a, str) and _ID.match(a) for a in arms)):
            raise LedgerError(path, eid, "arms", arms, "a list of arm ids ([a-z0-9_]+)")
    if kind == "family":
        ents = raw["entries"]
        if not isinstance(ents, list) or not 1 <= len(ents) <= 1000:
            raise LedgerError(
                path, eid, "entries", ents, "must list the ids of the family's printed results (1 to 1000)"
            )
        twice = next((x for i, x in enumerate(ents) if isinstance(x, str) and x in ents[:i]), None)
        if twice is not None:  # a P listed twice would count as two tests of the family
            raise LedgerError(path, eid, "entries", twice, "listed twice")
        if raw.get("correction") is not None and raw["correction"] not in FAMILY_CORRECTIONS:
            raise LedgerError(
                path, eid, "correction", raw["correction"], f"must be one of {', '.join(FAMILY_CORRECTIONS)}"
            )
        if "size" in parsed and parsed["size"].value < len(ents):
            raise LedgerError(path, eid, "size", raw["size"], f"smaller than the {len(ents)} results listed in entries")
    if kind == "comparison" and raw.get("test") is not None and raw["test"] not in COMPARISON_TESTS:
        raise LedgerError(path, eid, "test", raw["test"], f"must be one of {', '.join(COMPARISON_TESTS)}")
    if kind == "claim":
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
    if kind == "total" and not isinstance(raw["parts"], list):
        raise LedgerError(path, eid, "parts", raw["parts"], "must be a list of entry ids")
    if kind == "direction" and raw["relation"] not in ("greater", "less", "equal"):
        raise LedgerError(path, eid, "relation", raw["relation"], "must be one of greater, less, equal")
    if kind == "comparison" and raw["design"] not in ("independent", "paired"):
        raise LedgerError(path, eid, "design", raw["design"], "must be independent or paired")
    alloc = raw.get("allocation")
    if alloc is not None and not (isinstance(alloc, str) and re.fullmatch(r"\s*\d+(\s*:\s*\d+)+\s*", alloc)):
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
        if raw.get("df") is not None and not re.fullmatch(r"\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)?\s*", str(raw["df"])):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be a number, or 'df1, df2' for F")
        if raw.get("df") is not None and any(float(x) <= 0 for x in str(raw["df"]).split(",")):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be above 0")
    if raw.get("df") is not None and kind != "test_statistic":
        if not re.fullmatch(r"\s*\d+(\.\d+)?\s*", str(raw["df"])):
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
    fields = {k: v for k, v in raw.items() if k not in ("id", "kind", "fragment")}
    return Entry(id=eid, kind=kind, study=study_id, fragment=frag, fields=fields)
