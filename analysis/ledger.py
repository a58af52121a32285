"""Load and validate the ledger in ``data/``: sources, studies, entries.

The ledger keeps every number as the string the source printed. Loading parses
each printed number (:func:`analysis.reported.parse_reported`), checks the
entry against the rules of its ``kind`` and, when the source texts are at hand,
checks that each entry's fragment occurs verbatim in its source and that the
source's SHA-256 matches. Every problem raises :class:`LedgerError`, whose
message names the file, the entry id, the field and the value.

The format is documented in ``data/README.md``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .reported import NUMBER_WORDS, Reported, parse_reported

__all__ = ["KINDS", "LedgerError", "Source", "Entry", "Study", "Ledger", "load_ledger",
           "default_data_dir", "default_sources_dir"]

#: kind -> (required fields, optional fields); ``id``, ``kind``, ``fragment`` are common to all.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sample_size": (("n",), ()),
    "mean_sd": (("mean", "sd", "n", "measure"), ("scale_low", "scale_high", "scale_note", "items")),
    "proportion": (("percent", "measure"), ("n", "k", "definition")),
    "count": (("k", "measure"), ("n",)),
    "estimate_ci_p": (("estimate", "lower", "upper", "estimand"),
                      ("p", "confidence_level", "scale", "df")),
    "p_value": (("p", "estimand"), ("df",)),
    "test_statistic": (("test", "statistic", "df", "p"), ("alternative",)),
    "total": (("total", "parts"), ()),
    "comparison": (("entries", "design"), ("total", "allocation", "p", "noninferiority", "margin",
                                            "estimate", "lower", "upper", "confidence_level")),
    "direction": (("entries", "relation", "word"), ("better",)),
    "quantity": (("unit",), ("value", "low", "high")),
    "text_only": (("claim",), ()),
}
_COMMON = ("id", "kind", "fragment", "measure", "arm", "time", "unit", "note", "label")
#: fields that hold printed numbers (parsed on load)
NUMERIC = ("n", "k", "mean", "sd", "percent", "estimate", "lower", "upper", "p", "total",
           "value", "low", "high", "statistic", "scale_low", "scale_high", "items",
           "confidence_level", "margin")
_INTEGER = ("n", "k", "total", "items")
_ID = re.compile(r"^[a-z0-9_]+$")
_ROOT = Path(__file__).resolve().parent.parent


class LedgerError(ValueError):
    """A ledger problem, naming file, entry id, field and value.

    >>> str(LedgerError("data/studies/x.yaml", "e1", "sd", "-1", "SD must be >= 0"))
    "data/studies/x.yaml: entry 'e1': field 'sd' = '-1': SD must be >= 0"
    """

    def __init__(self, file: str | os.PathLike, entry: str | None, field: str | None,
                 value: Any, problem: str):
        self.file, self.entry, self.field, self.value, self.problem = str(file), entry, field, value, problem
        parts = [self.file]
        if entry is not None:
            parts.append(f"entry {entry!r}")
        if field is not None:
            parts.append(f"field {field!r} = {value!r}" if value is not None else f"field {field!r}")
        super().__init__(": ".join(parts + [problem]))


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
        return "; ".join(f"{k}={v}" for k, v in self.fields.items()
                         if k in NUMERIC and v not in (None, "") and not (self.kind == "comparison" and k == "total"))


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

    def study(self, study_id: str) -> Study:
        try:
            return self.studies[study_id]
        except KeyError:
            known = ", ".join(sorted(self.studies)) or "none"
            raise LedgerError(self.data_dir / "studies", None, "study", study_id,
                              f"unknown study; known studies: {known}") from None

    def entries_frame(self, study: str | None = None):
        """Every entry as a row: study, id, kind, measure, arm, time, values, fragment, source."""
        import pandas as pd

        studies = [self.study(study)] if study else [self.studies[k] for k in sorted(self.studies)]
        rows = [
            {"study": s.id, "id": e.id, "kind": e.kind, "measure": e.get("measure", ""),
             "arm": e.get("arm", ""), "time": e.get("time", ""), "values": e.values(),
             "fragment": e.fragment, "source": s.source}
            for s in studies for e in s.entries
        ]
        cols = ["study", "id", "kind", "measure", "arm", "time", "values", "fragment", "source"]
        return pd.DataFrame(rows, columns=cols)

    def counts(self):
        """Entries per source and per study file."""
        import pandas as pd

        rows = [{"source": s.source, "study": s.id, "entries": len(s.entries)}
                for s in self.studies.values()]
        return pd.DataFrame(rows, columns=["source", "study", "entries"]).sort_values(["source", "study"])


def default_data_dir() -> Path:
    """``$REANALYSIS_DATA``, else the project's ``data/``, else ``./data``."""
    env = os.environ.get("REANALYSIS_DATA")
    if env:
        return Path(env)
    if (_ROOT / "data" / "sources.yaml").is_file():
        return _ROOT / "data"
    return Path.cwd() / "data"


def default_sources_dir() -> Path | None:
    """``$REANALYSIS_SOURCES``, else ``../shared/seeds`` beside the project, else None."""
    env = os.environ.get("REANALYSIS_SOURCES")
    if env:
        return Path(env)
    for cand in (_ROOT.parent / "shared" / "seeds", Path.cwd().parent / "shared" / "seeds"):
        if cand.is_dir():
            return cand
    return None


def _parse_number(value: Any) -> Reported:
    if isinstance(value, str) and value.strip().lower() in NUMBER_WORDS:
        return parse_reported(str(NUMBER_WORDS[value.strip().lower()]))
    return parse_reported(value)


def _integer(value: Any) -> int:
    r = _parse_number(value)
    if r.decimals or not r.exact:
        raise ValueError(f"not a whole number: {value!r}")
    return int(r.value)


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LedgerError(path, None, None, None, f"cannot be read ({exc.strerror})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LedgerError(path, None, None, None, f"YAML does not parse{where}: {problem}") from None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_sources(data_dir: Path, sources_dir: Path | None) -> dict[str, Source]:
    path = data_dir / "sources.yaml"
    if not path.is_file():
        raise LedgerError(path, None, None, None, "missing: a ledger folder needs sources.yaml")
    doc = _load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise LedgerError(path, None, "sources", None, "must be a list under the key 'sources'")
    out: dict[str, Source] = {}
    for raw in doc["sources"]:
        sid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not sid:
            raise LedgerError(path, None, "id", sid, "every source needs an id")
        for f in ("file", "citation", "sha256"):
            if not raw.get(f):
                raise LedgerError(path, sid, f, None, "missing field")
        if sid in out:
            raise LedgerError(path, sid, "id", sid, "duplicate source id")
        text = None
        if sources_dir is not None:
            fpath = Path(sources_dir) / raw["file"]
            if not fpath.is_file():
                raise LedgerError(path, sid, "file", raw["file"], f"source text not found in {sources_dir}")
            digest = _sha256(fpath)
            if digest != raw["sha256"]:
                raise LedgerError(path, sid, "sha256", raw["sha256"],
                                  f"does not match the source text {fpath} (sha256 {digest})")
            text = fpath.read_text(encoding="utf-8")
        out[sid] = Source(id=sid, file=raw["file"], title=raw.get("title", ""),
                          citation=raw["citation"], doi=raw.get("doi"), registry=raw.get("registry"),
                          document_type=raw.get("document_type", ""), sha256=raw["sha256"],
                          url=raw.get("url"), text=text)
    return out


def _validate_entry(path: Path, study_id: str, raw: Any, source: Source) -> Entry:
    if not isinstance(raw, dict):
        raise LedgerError(path, None, None, raw, "an entry must be a mapping")
    eid = raw.get("id")
    if not eid or not isinstance(eid, str):
        raise LedgerError(path, None, "id", eid, "missing field")
    if not _ID.match(eid):
        raise LedgerError(path, eid, "id", eid, "ids use lowercase letters, digits and _")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise LedgerError(path, eid, "kind", kind, f"unknown kind; valid kinds: {', '.join(KINDS)}")
    required, optional = KINDS[kind]
    for f in required + ("fragment",):
        if raw.get(f) in (None, "", []):
            raise LedgerError(path, eid, f, None, f"missing field (required for kind {kind!r})")
    if kind == "quantity" and not (raw.get("value") or (raw.get("low") and raw.get("high"))):
        raise LedgerError(path, eid, "value", None, "missing field (a quantity needs value, or low and high)")
    unknown = set(raw) - set(required) - set(optional) - set(_COMMON)
    if unknown:
        f = sorted(unknown)[0]
        raise LedgerError(path, eid, f, raw[f], f"unknown field for kind {kind!r}")
    parsed: dict[str, Reported] = {}
    for f in NUMERIC:
        if f not in raw or raw[f] in (None, "") or (kind == "comparison" and f == "total"):
            continue
        v = raw[f]
        if not isinstance(v, str):
            raise LedgerError(path, eid, f, v, "printed numbers must be quoted strings, as printed")
        try:
            parsed[f] = _parse_number(v)
        except ValueError:
            raise LedgerError(path, eid, f, v, "not a printed number") from None
        if f in _INTEGER:
            r = parsed[f]
            if r.decimals or not r.exact:
                raise LedgerError(path, eid, f, v, "must be a whole number")
    if "n" in parsed and parsed["n"].value < 1:
        raise LedgerError(path, eid, "n", raw["n"], "n must be >= 1")
    if "sd" in parsed and parsed["sd"].value < 0:
        raise LedgerError(path, eid, "sd", raw["sd"], "SD must be >= 0")
    if "percent" in parsed and not 0 <= parsed["percent"].value <= 100:
        raise LedgerError(path, eid, "percent", raw["percent"], "a percentage must lie in 0-100")
    if "p" in parsed and not 0 <= parsed["p"].value <= 1:
        raise LedgerError(path, eid, "p", raw["p"], "a p-value must lie in [0, 1]")
    if "lower" in parsed and "upper" in parsed and parsed["lower"].value > parsed["upper"].value:
        raise LedgerError(path, eid, "lower", raw["lower"],
                          f"CI lower bound exceeds its upper bound {raw['upper']!r}")
    if "low" in parsed and "high" in parsed and parsed["low"].value > parsed["high"].value:
        raise LedgerError(path, eid, "low", raw["low"], f"range low exceeds its high {raw['high']!r}")
    if "k" in parsed and "n" in parsed and parsed["k"].value > parsed["n"].value:
        raise LedgerError(path, eid, "k", raw["k"], f"count exceeds its n {raw['n']!r}")
    if "k" in parsed and parsed["k"].value < 0:
        raise LedgerError(path, eid, "k", raw["k"], "a count must be >= 0")
    if "confidence_level" in parsed and not 0 < parsed["confidence_level"].value < 100:
        raise LedgerError(path, eid, "confidence_level", raw["confidence_level"],
                          "confidence level must lie in (0, 100) percent")
    if kind in ("comparison", "direction"):
        ents = raw["entries"]
        if not isinstance(ents, list) or len(ents) != 2:
            raise LedgerError(path, eid, "entries", ents, "must list exactly two entry ids")
    if kind == "total" and not isinstance(raw["parts"], list):
        raise LedgerError(path, eid, "parts", raw["parts"], "must be a list of entry ids")
    if kind == "direction" and raw["relation"] not in ("greater", "less", "equal"):
        raise LedgerError(path, eid, "relation", raw["relation"], "must be one of greater, less, equal")
    if kind == "comparison" and raw["design"] not in ("independent", "paired"):
        raise LedgerError(path, eid, "design", raw["design"], "must be independent or paired")
    if "scale_low" in parsed and "scale_high" in parsed and parsed["scale_low"].value >= parsed["scale_high"].value:
        raise LedgerError(path, eid, "scale_low", raw["scale_low"],
                          f"scale lower bound must be below its upper bound {raw['scale_high']!r}")
    if "items" in parsed and parsed["items"].value < 1:
        raise LedgerError(path, eid, "items", raw["items"], "items must be >= 1")
    alloc = raw.get("allocation")
    if alloc is not None and not (isinstance(alloc, str) and re.fullmatch(r"\s*\d+(\s*:\s*\d+)+\s*", alloc)):
        raise LedgerError(path, eid, "allocation", alloc, "must be a ratio such as '1:1' or '2:1'")
    if kind == "test_statistic":
        if raw["test"] not in ("t", "F", "chi2", "r", "z"):
            raise LedgerError(path, eid, "test", raw["test"], "must be one of t, F, chi2, r, z")
        if not re.fullmatch(r"\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)?\s*", str(raw["df"])):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be a number, or 'df1, df2' for F")
    if raw.get("df") is not None and kind != "test_statistic":
        if not re.fullmatch(r"\s*\d+(\.\d+)?\s*", str(raw["df"])):
            raise LedgerError(path, eid, "df", raw["df"], "degrees of freedom must be a positive number")
    if raw.get("scale", "linear") not in ("linear", "log"):
        raise LedgerError(path, eid, "scale", raw.get("scale"), "must be linear or log")
    frag = raw["fragment"]
    if not isinstance(frag, str):
        raise LedgerError(path, eid, "fragment", frag, "must be a string")
    if source.text is not None and frag not in source.text:
        raise LedgerError(path, eid, "fragment", frag, f"not found verbatim in source {source.id!r} ({source.file})")
    fields = {k: v for k, v in raw.items() if k not in ("id", "kind", "fragment")}
    return Entry(id=eid, kind=kind, study=study_id, fragment=frag, fields=fields)


def _load_study(path: Path, sources: Mapping[str, Source]) -> Study:
    doc = _load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("study"), dict):
        raise LedgerError(path, None, "study", None, "missing the 'study' mapping")
    meta = doc["study"]
    sid = meta.get("id")
    if sid != path.stem:
        raise LedgerError(path, None, "study.id", sid, f"must equal the file name {path.stem!r}")
    src = meta.get("source")
    if src not in sources:
        raise LedgerError(path, None, "study.source", src,
                          f"unknown source; known sources: {', '.join(sorted(sources))}")
    entries_raw = doc.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise LedgerError(path, None, "entries", None, "must be a non-empty list")
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in entries_raw:
        e = _validate_entry(path, sid, raw, sources[src])
        if e.id in seen:
            raise LedgerError(path, e.id, "id", e.id, "duplicate id")
        seen.add(e.id)
        entries.append(e)
    by_id = {e.id: e for e in entries}
    for e in entries:
        refs: Iterable[Any] = []
        if e.kind in ("comparison", "direction"):
            refs = e.get("entries")
        elif e.kind == "total":
            refs = e.get("parts")
        for f, ref in [("entries" if e.kind != "total" else "parts", r) for r in refs] + (
                [("total", e.get("total"))] if e.kind == "comparison" and e.has("total") else []):
            if ref not in by_id:
                raise LedgerError(path, e.id, f, ref, "refers to no entry of this study")
    return Study(id=sid, source=src, title=meta.get("title", sid), design=meta.get("design", ""),
                 cites=meta.get("cites"), arms=tuple(meta.get("arms") or ()), path=path,
                 sha256=_sha256(path), entries=tuple(entries))


def load_ledger(data_dir: str | os.PathLike | None = None,
                sources_dir: str | os.PathLike | None = None,
                check_sources: bool | None = None) -> Ledger:
    """Load and validate a ledger folder.

    Parameters
    ----------
    data_dir : path, optional
        Folder with ``sources.yaml`` and ``studies/*.yaml``; default
        :func:`default_data_dir` (the project's ``data/``).
    sources_dir : path, optional
        Folder with the source texts; default :func:`default_sources_dir`.
    check_sources : bool, optional
        Verify hashes and fragments against the texts. Default: when the texts
        are found. ``True`` makes missing texts an error.

    Raises
    ------
    LedgerError
        Naming the file, entry id, field and value.

    Examples
    --------
    >>> ledger = load_ledger()
    >>> "sakurai2025" in ledger.studies
    True
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data_dir.is_dir():
        raise LedgerError(data_dir, None, None, None, "ledger folder not found")
    src_dir = Path(sources_dir) if sources_dir is not None else default_sources_dir()
    if check_sources is None:
        check_sources = src_dir is not None and src_dir.is_dir()
    if check_sources and (src_dir is None or not src_dir.is_dir()):
        raise LedgerError(src_dir or "(no sources folder)", None, None, None,
                          "source texts not found: set $REANALYSIS_SOURCES")
    sources = _load_sources(data_dir, src_dir if check_sources else None)
    studies_dir = data_dir / "studies"
    paths = sorted(studies_dir.glob("*.yaml")) if studies_dir.is_dir() else []
    if not paths:
        raise LedgerError(studies_dir, None, None, None, "no study files (studies/*.yaml)")
    studies = {}
    for p in paths:
        s = _load_study(p, sources)
        studies[s.id] = s
    return Ledger(data_dir=data_dir, sources=sources, studies=studies, sources_checked=bool(check_sources))
