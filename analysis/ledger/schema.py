"""The ledger's schema: the kinds of entry and their fields, the entry, study and ledger types, LedgerError.

May import analysis.reported and analysis.results only; never the checks, auditing or report.

The format is documented in ``data/README.md``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any, Mapping

from ..reported import NUMERIC_FIELDS, Reported, parse_number
from ..results import InputError

__all__ = [
    "KINDS",
    "CLAIM_WORDS",
    "PLACEMENT",
    "DESIGNS",
    "N_SOURCES",
    "STRONG_N_SOURCES",
    "MEASUREMENTS",
    "LedgerError",
    "Source",
    "Entry",
    "Study",
    "Ledger",
]

#: kind -> (required fields, optional fields); ``id``, ``kind``, ``fragment`` are common to all.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sample_size": (("n",), ("n_source",)),
    "mean_sd": (
        ("mean", "sd", "n", "measure"),
        ("scale_low", "scale_high", "scale_note", "items", "n_source", "measurement", "measurement_from", "n_missing"),
    ),
    "proportion": (("percent", "measure"), ("n", "k", "definition", "n_source", "measurement", "measurement_from")),
    "count": (("k", "measure"), ("n", "n_source", "measurement", "measurement_from")),
    "estimate_ci_p": (
        ("estimate", "lower", "upper", "estimand"),
        (
            "p",
            "confidence_level",
            "scale",
            "df",
            "scale_from",
            "interval",
            "interval_from",
            "p_adjusted",
            "one_tailed",
            "p_test",
            "sign_from",
            "other_estimate",
        ),
    ),
    "p_value": (
        ("p", "estimand"),
        ("df", "p_adjusted", "one_tailed", "lower", "upper", "confidence_level", "scale", "p_test"),
    ),
    "test_statistic": (
        ("test", "statistic", "df", "p"),
        ("alternative", "p_adjusted", "one_tailed", "sphericity", "df_from", "normal_from", "p_test"),
    ),
    "total": (("total", "parts"), ()),
    "comparison": (
        ("entries", "design"),
        (
            "total",
            "allocation",
            "p",
            "noninferiority",
            "margin",
            "estimate",
            "lower",
            "upper",
            "confidence_level",
            "test",
            "statistic",
            "p_adjusted",
            "one_tailed",
        ),
    ),
    "direction": (("entries", "relation", "word"), ("better",)),
    "claim": (("entries", "word"), ("side", "better", "margin")),
    "quantity": (("unit",), ("value", "low", "high")),
    "text_only": (("claim",), ()),
    "family": (("size", "counts", "entries"), ("correction",)),
    "citation": (("ref", "claim"), ("design", "species", "arms")),
}
#: corrections a ``family`` may name (analysis.checks.multiplicity.CORRECTIONS)
FAMILY_CORRECTIONS = ("none", "bonferroni", "holm", "bh")
#: the tests a ``comparison`` may name (``test``; analysis.checks.summary_tests.GROUP_TESTS)
COMPARISON_TESTS = ("anova", "welch_anova", "t", "welch_t", "chi2", "chi2_yates")
#: the words a ``claim`` entry may hold (``data/README.md``; analysis.checks.claims reads each one)
CLAIM_WORDS = (
    "significant",
    "not_significant",
    "no_change",
    "no_difference",
    "trend",
    "similar",
    "superior",
    "noninferior",
    "majority",
    "most",
    "minority",
    "all",
    "none",
    "remained",
)
_COMMON = (
    "id",
    "kind",
    "fragment",
    "measure",
    "arm",
    "time",
    "unit",
    "note",
    "label",
    "review",
    "implied",
    "location",
    "same_as",
)
#: required fields an extracted draft may leave out when its ``review`` says what is missing
#: (the arm, time point, measure or denominator the extractor could not place)
PLACEMENT: dict[str, tuple[str, ...]] = {
    "mean_sd": ("n", "measure"),
    "proportion": ("measure",),
    "count": ("measure",),
    "estimate_ci_p": ("estimand",),
    "p_value": ("estimand",),
}
#: ``n_source``: where an entry's n was printed (data/README.md, "Where an n was printed"). ``ledger`` (the default of a hand
#: ledger entry) is an n the ledger's author read in the source.
N_SOURCES = ("fragment", "cell", "column", "n_row", "section", "arm_table", "total", "elsewhere", "ledger")
#: the n sources that can make a number impossible (an ``error``); the others make it at most ``likely``
STRONG_N_SOURCES = ("fragment", "cell", "column", "n_row", "section", "ledger")
#: ``measurement``: positive evidence that the values are integers (or means of k integer items) or continuous
MEASUREMENTS = ("integer", "continuous")
#: evidence fields (a short fragment or reason, one line, at most MAX_EVIDENCE_CHARS): what shows the
#: measurement, the scale, an interval asymmetric by construction, an adjusted or a one-tailed P, a P from another
#: test, a table's note of missing values, words printing an estimate as the size of a decrease, another number
#: that may be a CI's estimate
EVIDENCE_FIELDS = (
    "measurement_from",
    "scale_from",
    "interval_from",
    "p_adjusted",
    "one_tailed",
    "p_test",
    "n_missing",
    "sign_from",
    "other_estimate",
    "sphericity",
    "df_from",
    "normal_from",
)
#: ``measurement_from`` (the fragment or reason that shows the measurement) is at most this long
MAX_EVIDENCE_CHARS = 120
#: fields that hold printed numbers (parsed on load); the rules on them live in analysis.reported (read_numbers),
#: which the loader and the extractor's drafts both keep to
NUMERIC = NUMERIC_FIELDS
_NUMERIC_SET = frozenset(NUMERIC)  # membership in Entry.values, once per field of each row shown
_ID = re.compile(r"^[a-z0-9_]+$")
#: a DOI and a web address as the ledger records them (a primary publication's, a cited work's): ASCII digits,
#: bounded; no space, quote, angle bracket or backtick in an address (it may be written into a report's HTML)
_DOI = re.compile(r"^10\.[0-9]{4,9}/\S{1,200}$")
_ADDRESS = re.compile(r"^https?://[^\s\"'<>`]+$")
#: ``study.design`` (closed set; ``data/README.md``)
DESIGNS = (
    "rct_parallel",
    "single_arm_prepost",
    "single_arm",
    "meta_analysis",
    "noninferiority_rct",
    "review_claims",
    "case_series",
    "unknown",
)
#: fields that are not strings: lists of entry ids, booleans (every other field is a string)
FIELD_TYPES: dict[str, type] = {"entries": list, "parts": list, "implied": list, "noninferiority": bool, "arms": list}


class LedgerError(InputError):
    """A ledger problem, naming file, entry id, field and value.

    >>> str(LedgerError("data/studies/x.yaml", "e1", "sd", "-1", "SD must be >= 0"))
    "data/studies/x.yaml: entry 'e1': field 'sd' = '-1': SD must be >= 0"
    """

    def __init__(self, file: str | os.PathLike, entry: str | None, field: str | None, value: Any, problem: str):
        self.file, self.entry, self.field, self.value, self.problem = str(file), entry, field, value, problem
        parts = [self.file]
        if entry is not None:
            parts.append(f"entry {_short(entry)}")
        if field is not None:
            parts.append(f"field {_short(field)} = {_short(value)}" if value is not None else f"field {_short(field)}")
        super().__init__(": ".join(parts + [problem]))


def _short(value: Any, limit: int = 80) -> str:
    """``repr(value)``, shortened when long: a hostile value must not flood the one-line message.

    >>> _short("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' ... (100 characters)"
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str):
        return f"{value[:40]!r} ... ({len(value):,} characters)"
    return text[:limit] + " ..."


_parse_number = parse_number


#: the longest fragment a primary publication's record or a cited work may quote: numbers and a few words
_MAX_QUOTE = 120


def _check_quote(path: Any, rid: Any, fragment: str, error: Any) -> None:
    """Refuse (``error``: LedgerError or the caller's) a record's ``fragment`` longer than :data:`_MAX_QUOTE`."""
    if len(fragment) > _MAX_QUOTE:
        raise error(
            path,
            rid,
            "fragment",
            fragment[:40] + "...",
            f"longer than {_MAX_QUOTE} characters: keep the numbers and a few words, never a sentence",
        )


def _integer(value: Any) -> int:
    r = _parse_number(value)
    if r.decimals or not r.exact:
        raise ValueError(f"not a whole number: {value!r}")
    return int(r.value)


@dataclasses.dataclass(frozen=True)
class Source:
    """A source document (``data/sources.yaml``)."""

    id: str
    file: str
    title: str
    citation: str
    doi: str | None
    registry: str | None
    document_type: str
    sha256: str
    url: str | None = None
    text: str | None = dataclasses.field(default=None, repr=False, compare=False)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One reported statistic or claim.

    ``fields`` holds every field of the YAML entry as written (numbers as the
    printed strings). :meth:`reported` parses a numeric field; :meth:`integer`
    returns an integer field (counts may be printed in words: ``"two"``).
    """

    id: str
    kind: str
    study: str
    fragment: str
    fields: Mapping[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def has(self, name: str) -> bool:
        return self.fields.get(name) not in (None, "")

    def reported(self, name: str) -> Reported:
        """The printed number in field ``name``, parsed."""
        return _parse_number(self.fields[name])

    def integer(self, name: str) -> int:
        """An integer field (``n``, ``k``, ``total``), words allowed."""
        return _integer(self.fields[name])

    def values(self) -> str:
        """The printed values as ``"mean=30.6; sd=6.1; n=30"``."""
        return "; ".join(
            f"{k}={v}"
            for k, v in self.fields.items()
            if k in _NUMERIC_SET and v not in (None, "") and not (self.kind == "comparison" and k == "total")
        )


@dataclasses.dataclass(frozen=True)
class Study:
    """One study file ``data/studies/<id>.yaml``."""

    id: str
    source: str
    title: str
    design: str
    cites: str | None
    arms: tuple[str, ...]
    path: Path
    sha256: str
    entries: tuple[Entry, ...]
    #: what the cited primary publication prints (:class:`analysis.ledger.primary.PrimaryPublication`), or None
    primary: Any = None
    #: the works the source cites, as read in their abstracts (:class:`analysis.ledger.cited.CitedWork`)
    cited: tuple = ()

    def cited_work(self, ref: str):
        """The cited work with reference number ``ref`` (or None)."""
        return next((w for w in self.cited if ref in w.refs), None)

    def entry(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(f"{self.path}: no entry {entry_id!r}")

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]


@dataclasses.dataclass(frozen=True)
class Ledger:
    """The whole ledger: sources and studies, validated."""

    data_dir: Path
    sources: Mapping[str, Source]
    studies: Mapping[str, Study]
    sources_checked: bool
    #: the folder the source texts were looked for in (None: none found)
    sources_dir: Path | None = None

    def study(self, study_id: str) -> Study:
        try:
            return self.studies[study_id]
        except KeyError:
            known = ", ".join(sorted(self.studies)) or "none"
            raise LedgerError(
                self.data_dir / "studies", None, "study", study_id, f"unknown study; known studies: {known}"
            ) from None

    def entries_frame(self, study: str | None = None):
        """Every entry as a row: study, id, kind, measure, arm, time, values, fragment, source."""
        import pandas as pd

        studies = [self.study(study)] if study else [self.studies[k] for k in sorted(self.studies)]
        rows = [
            {
                "study": s.id,
                "id": e.id,
                "kind": e.kind,
                "measure": e.get("measure", ""),
                "arm": e.get("arm", ""),
                "time": e.get("time", ""),
                "values": e.values(),
                "fragment": e.fragment,
                "source": s.source,
            }
            for s in studies
            for e in s.entries
        ]
        cols = ["study", "id", "kind", "measure", "arm", "time", "values", "fragment", "source"]
        return pd.DataFrame(rows, columns=cols)

    def counts(self):
        """Entries per source and per study file."""
        import pandas as pd

        rows = [{"source": s.source, "study": s.id, "entries": len(s.entries)} for s in self.studies.values()]
        return pd.DataFrame(rows, columns=["source", "study", "entries"]).sort_values(["source", "study"])
