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
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterable, Mapping

import yaml

from .cited import load_cited
from .primary import load_primary
from .reading import FileRefused, YamlRefused, load_yaml, read_text
from .schema import _ID, CLAIM_WORDS, DESIGNS, Entry, Ledger, LedgerError, Source, Study
from .validation import _validate_entry

__all__ = ["load_ledger", "default_data_dir", "default_sources_dir", "RESERVED_IDS"]

#: study ids the reports use for themselves (reports/overview.pdf): a study of that id broke every report
RESERVED_IDS = frozenset({"overview"})

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


def _location(path: Path, exc: YamlRefused, top: str) -> tuple[str | None, str | None]:
    """Entry id and field name of a YAML refusal, from its path in the document."""
    where = exc.path
    key = exc.key if isinstance(exc.key, str) else None
    if len(where) == 2 and where[0] == top and isinstance(where[1], int):
        eid = exc.mapping.get("id")
        return (eid if isinstance(eid, str) else f"#{where[1] + 1}"), key
    prefix = ".".join(str(p) for p in where)
    return None, (f"{prefix}.{key}" if prefix and key else key or prefix or None)


def _load_yaml(path: Path, folder: Path, top: str) -> tuple[Any, str]:
    """The document and the SHA-256 of ``path``, a ledger file inside ``folder``.

    ``top`` names the key holding the list of entries (``entries``, ``sources``) for messages.
    """
    try:
        text = read_text(path, folder, "ledger folder")
    except FileRefused as exc:
        raise LedgerError(path, None, None, None, str(exc)) from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        return load_yaml(text), digest
    except YamlRefused as exc:
        entry, field = _location(path, exc, top)
        if exc.key is not None and not isinstance(exc.key, str):  # a key that is not a string
            raise LedgerError(path, entry, None, None, f"field {exc.key!r}: {exc.problem}") from None
        raise LedgerError(path, entry, field, exc.value, exc.problem) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LedgerError(path, None, None, None, f"YAML does not parse{where}: {problem}") from None


def _strings(path: Path, entry: str | None, raw: dict, fields: Iterable[str], prefix: str = "") -> None:
    """Each of ``fields`` in ``raw`` is a string or null."""
    for f in fields:
        v = raw.get(f)
        if v is not None and (not isinstance(v, str)):
            raise LedgerError(path, entry, prefix + f, v, "must be a string")


def _source_file(path: Path, sid: str, name: str) -> None:
    """``file:`` names a file inside the source texts folder."""
    p = PurePosixPath(name)
    if not name.strip() or p.is_absolute() or ".." in p.parts or "\\" in name or PureWindowsPath(name).drive:
        raise LedgerError(
            path, sid, "file", name, "must name a file inside the source texts folder (no '..', no absolute path)"
        )


def _load_sources(data_dir: Path, sources_dir: Path | None) -> dict[str, Source]:
    path = data_dir / "sources.yaml"
    if not path.exists() and not path.is_symlink():
        raise LedgerError(path, None, None, None, "missing: a ledger folder needs sources.yaml")
    doc, _ = _load_yaml(path, data_dir, "sources")
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise LedgerError(path, None, "sources", None, "must be a list under the key 'sources'")
    out: dict[str, Source] = {}
    for raw in doc["sources"]:
        sid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not sid:
            raise LedgerError(path, None, "id", sid, "every source needs an id")
        if not isinstance(sid, str) or not _ID.match(sid):
            raise LedgerError(path, None, "id", sid, "ids use lowercase letters, digits and _")
        _strings(path, sid, raw, ("file", "title", "citation", "doi", "registry", "url", "document_type", "sha256"))
        for f in ("file", "citation", "sha256"):
            if not raw.get(f):
                raise LedgerError(path, sid, f, None, "missing field")
        if sid in out:
            raise LedgerError(path, sid, "id", sid, "duplicate source id")
        _source_file(path, sid, raw["file"])
        text = None
        if sources_dir is not None:
            fpath = Path(sources_dir) / raw["file"]
            folder, beside = Path(sources_dir), data_dir / "texts"
            if not (fpath.exists() or fpath.is_symlink()) and (beside / raw["file"]).is_file():
                fpath, folder = beside / raw["file"], beside  # kept beside the ledger
            if not fpath.exists() and not fpath.is_symlink():
                raise LedgerError(path, sid, "file", raw["file"], f"source text not found in {sources_dir}")
            if folder == beside and not beside.resolve().is_relative_to(data_dir.resolve()):
                raise LedgerError(
                    path,
                    sid,
                    "file",
                    raw["file"],
                    f"{beside}: resolves to {beside.resolve()}, outside the ledger folder {data_dir}: refused",
                )
            try:
                text = read_text(fpath, folder, "source texts folder")
            except FileRefused as exc:
                raise LedgerError(path, sid, "file", raw["file"], f"{fpath}: {exc}") from None
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest != raw["sha256"]:
                raise LedgerError(
                    path, sid, "sha256", raw["sha256"], f"does not match the source text {fpath} (sha256 {digest})"
                )
        out[sid] = Source(
            id=sid,
            file=raw["file"],
            title=raw.get("title", ""),
            citation=raw["citation"],
            doi=raw.get("doi"),
            registry=raw.get("registry"),
            document_type=raw.get("document_type", ""),
            sha256=raw["sha256"],
            url=raw.get("url"),
            text=text,
        )
    return out


#: which kinds an entry's references may point at (data/README.md)
_REFERS_TO = {
    ("total", "parts"): ("sample_size", "count"),
    ("comparison", "entries"): ("proportion", "mean_sd", "count"),
    ("comparison", "total"): ("sample_size",),
    ("family", "entries"): ("estimate_ci_p", "p_value", "test_statistic", "comparison"),
}


def _study_meta(path: Path, doc: Any) -> dict:
    if not isinstance(doc, dict) or not isinstance(doc.get("study"), dict):
        raise LedgerError(path, None, "study", None, "missing the 'study' mapping")
    extra = sorted(set(doc) - {"study", "entries", "primary", "cited"}, key=str)
    if extra:
        raise LedgerError(
            path, None, extra[0], None, "unknown top-level key; valid keys: study, entries, primary, cited"
        )
    meta = doc["study"]
    _strings(path, None, meta, ("id", "source", "title", "design", "cites"), "study.")
    sid = meta.get("id")
    if not sid or not _ID.match(sid):
        raise LedgerError(path, None, "study.id", sid, "ids use lowercase letters, digits and _")
    if sid != path.stem:
        raise LedgerError(path, None, "study.id", sid, f"must equal the file name {path.stem!r}")
    if sid in RESERVED_IDS:
        raise LedgerError(path, None, "study.id", sid, "is the name of the overview report; choose another id")
    if meta.get("design") is not None and meta["design"] not in DESIGNS:
        raise LedgerError(
            path, None, "study.design", meta.get("design"), f"unknown design; valid designs: {', '.join(DESIGNS)}"
        )
    arms = meta.get("arms") or []
    if not isinstance(arms, list) or not all(isinstance(a, str) and _ID.match(a) for a in arms):
        raise LedgerError(path, None, "study.arms", arms, "must be a list of arm ids (lowercase letters, digits and _)")
    return meta


def _load_study(path: Path, sources: Mapping[str, Source], data_dir: Path | None = None) -> Study:
    doc, digest = _load_yaml(path, data_dir or path.parent, "entries")
    meta = _study_meta(path, doc)
    sid = meta["id"]
    src = meta.get("source")
    if not isinstance(src, str) or src not in sources:  # _strings made it a str or None
        raise LedgerError(
            path, None, "study.source", src, f"unknown source; known sources: {', '.join(sorted(sources))}"
        )
    entries_raw = doc.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise LedgerError(path, None, "entries", None, "must be a non-empty list")
    arms = tuple(meta.get("arms") or ())
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in entries_raw:
        e = _validate_entry(path, sid, raw, sources[src])
        if e.id in seen:
            raise LedgerError(path, e.id, "id", e.id, "duplicate id")
        if e.has("arm") and e.get("arm") not in arms:
            raise LedgerError(path, e.id, "arm", e.get("arm"), f"not listed in study.arms ({', '.join(arms)})")
        seen.add(e.id)
        entries.append(e)
    by_id = {e.id: e for e in entries}
    for e in entries:
        refs: Iterable[Any] = []
        if e.kind in ("comparison", "direction", "claim", "family"):
            refs = e.get("entries")
        elif e.kind == "total":
            refs = e.get("parts")
        for f, ref in [("entries" if e.kind != "total" else "parts", r) for r in refs] + (
            [("total", e.get("total"))] if e.kind == "comparison" and e.has("total") else []
        ):
            if ref not in by_id:
                raise LedgerError(path, e.id, f, ref, "refers to no entry of this study")
            allowed = _REFERS_TO.get((e.kind, f))
            if allowed and by_id[ref].kind not in allowed:
                raise LedgerError(
                    path,
                    e.id,
                    f,
                    ref,
                    f"must refer to a {', '.join(allowed[:-1])} or {allowed[-1]} entry (it is {by_id[ref].kind})",
                )
        if e.has("same_as"):
            ref = e.get("same_as")
            if ref not in by_id or ref == e.id:
                raise LedgerError(path, e.id, "same_as", ref, "refers to no other entry of this study")
            if by_id[ref].kind != e.kind:
                raise LedgerError(
                    path,
                    e.id,
                    "same_as",
                    ref,
                    f"must refer to an entry of the same kind ({e.kind}; it is {by_id[ref].kind})",
                )
            if e.get("unit") and by_id[ref].get("unit") and e.get("unit") != by_id[ref].get("unit"):
                # '0.5 mg' linked to '0.5 kg' was compared on the numbers alone and called consistent
                raise LedgerError(
                    path,
                    e.id,
                    "same_as",
                    ref,
                    f"must refer to an entry in the same unit ({e.get('unit')!r}; it is in {by_id[ref].get('unit')!r})",
                )
        if e.kind == "claim":
            wanted = _CLAIM_TARGETS[e.get("word")]
            for ref in refs:
                if by_id[ref].kind not in wanted:
                    raise LedgerError(
                        path,
                        e.id,
                        "entries",
                        ref,
                        f"is a {by_id[ref].kind!r} entry; '{e.get('word')}' speaks of {' or '.join(wanted)} entries",
                    )
    primary = (
        load_primary(path, doc["primary"], {e.id: e.kind for e in entries}, arms)
        if doc.get("primary") is not None
        else None
    )
    cited = load_cited(path, doc["cited"], LedgerError) if doc.get("cited") is not None else ()
    refs = {r for w in cited for r in w.refs}
    for e in entries:
        if e.kind == "citation" and e.get("ref") not in refs:
            raise LedgerError(
                path, e.id, "ref", e.get("ref"), "no work with this reference number in the file's cited list"
            )
    return Study(
        id=sid,
        source=src,
        title=meta.get("title", sid),
        design=meta.get("design", ""),
        cites=meta.get("cites"),
        arms=arms,
        path=path,
        sha256=digest,
        entries=tuple(entries),
        primary=primary,
        cited=cited,
    )


#: the kinds of entry each claim word can be checked against
_CLAIM_TARGETS: dict[str, tuple[str, ...]] = {w: ("estimate_ci_p", "p_value", "comparison") for w in CLAIM_WORDS}
_CLAIM_TARGETS.update({w: ("comparison", "estimate_ci_p") for w in ("superior", "noninferior")})
_CLAIM_TARGETS.update({w: ("proportion", "count") for w in ("majority", "most", "minority", "all", "none", "remained")})


def load_ledger(
    data_dir: str | os.PathLike | None = None,
    sources_dir: str | os.PathLike | None = None,
    check_sources: bool | None = None,
) -> Ledger:
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
        raise LedgerError(
            src_dir or "(no sources folder: set $REANALYSIS_SOURCES)",
            None,
            None,
            None,
            "source texts not found: the SHA-256 and fragment checks cannot run",
        )
    sources = _load_sources(data_dir, src_dir if check_sources else None)
    studies_dir = data_dir / "studies"
    paths = sorted(studies_dir.glob("*.yaml")) if studies_dir.is_dir() else []
    if not paths:
        raise LedgerError(studies_dir, None, None, None, "no study files (studies/*.yaml)")
    studies = {}
    for p in paths:
        s = _load_study(p, sources, data_dir)
        studies[s.id] = s
    return Ledger(
        data_dir=data_dir, sources=sources, studies=studies, sources_checked=bool(check_sources), sources_dir=src_dir
    )
