"""Load and validate the ledger in ``data/``: sources, studies, entries.

May import analysis.reported and analysis.results only; never the checks, auditing or report.

The ledger keeps every number as the string the source printed. Loading parses
each printed number (:func:`analysis.reported.parse_reported`), checks the
entry against the rules of its ``kind`` and, when the source texts are at hand,
checks that each entry's fragment occurs verbatim in its source and that the
source's SHA-256 matches. Every problem raises :class:`LedgerError`, whose
message names the file, the entry id, the field and the value.

The format is documented in ``data/README.md``.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .primary import load_primary
from .schema import CLAIM_WORDS, Entry, Ledger, LedgerError, Source, Study
from .validation import _validate_entry

__all__ = ["load_ledger", "default_data_dir", "default_sources_dir"]

_ROOT = Path(__file__).resolve().parents[2]  # the repository


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
            if not fpath.is_file() and (data_dir / "texts" / raw["file"]).is_file():
                fpath = data_dir / "texts" / raw["file"]  # a copy kept beside the ledger (reanalysis add)
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
    extra = sorted(set(doc) - {"study", "entries", "primary"})
    if extra:
        raise LedgerError(path, None, extra[0], None, "unknown top-level key; valid keys: study, entries, primary")
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
        if e.kind in ("comparison", "direction", "claim"):
            refs = e.get("entries")
        elif e.kind == "total":
            refs = e.get("parts")
        for f, ref in [("entries" if e.kind != "total" else "parts", r) for r in refs] + (
                [("total", e.get("total"))] if e.kind == "comparison" and e.has("total") else []):
            if ref not in by_id:
                raise LedgerError(path, e.id, f, ref, "refers to no entry of this study")
        if e.kind == "claim":
            wanted = _CLAIM_TARGETS[e.get("word")]
            for ref in refs:
                if by_id[ref].kind not in wanted:
                    raise LedgerError(path, e.id, "entries", ref, f"is a {by_id[ref].kind!r} entry; "
                                      f"'{e.get('word')}' speaks of {' or '.join(wanted)} entries")
    arms = tuple(meta.get("arms") or ())
    primary = (load_primary(path, doc["primary"], {e.id: e.kind for e in entries}, arms)
               if doc.get("primary") is not None else None)
    return Study(id=sid, source=src, title=meta.get("title", sid), design=meta.get("design", ""),
                 cites=meta.get("cites"), arms=arms, path=path,
                 sha256=_sha256(path), entries=tuple(entries), primary=primary)


#: the kinds of entry each claim word can be checked against
_CLAIM_TARGETS = {w: ("estimate_ci_p", "p_value", "comparison") for w in CLAIM_WORDS}
_CLAIM_TARGETS.update({w: ("comparison", "estimate_ci_p") for w in ("superior", "noninferior")})
_CLAIM_TARGETS.update({w: ("proportion", "count") for w in ("majority", "most", "minority", "all", "none",
                                                           "remained")})


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
        Folder with the source texts; default :func:`default_sources_dir`. A text it does not
        hold is looked for in ``<data_dir>/texts/`` (where ``reanalysis add`` keeps copies), which
        is also the default when there is no sources folder.
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
    if sources_dir is None and (src_dir is None or not src_dir.is_dir()) and (data_dir / "texts").is_dir():
        src_dir = data_dir / "texts"  # no sources folder here, but the ledger keeps its texts beside it
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
