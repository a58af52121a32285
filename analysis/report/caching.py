"""The report cache's inputs and the output folder's lock: what a report's cache key is computed from,
the files' times around a build, and one build at a time per output folder.

May import analysis.ledger, analysis.locking and the modules of this package; building.py uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
from pathlib import Path
from typing import Iterable, Sequence

from ..locking import folder_lock
from ..results import InputError
from .content import versions

_PACKAGE = Path(__file__).resolve().parents[1]  # analysis/, every stage


def _digest_files(h, paths: Iterable[Path], base: Path | None = None) -> None:
    for p in paths:
        name = str(p.relative_to(base)) if base is not None else p.name
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())


def _digest_source_texts(h, data_dir: Path) -> None:
    """The source texts named in ``sources.yaml`` as the notebooks will find them (their bytes, or
    that they are missing): a changed, added or removed text rebuilds the reports."""
    from ..ledger import default_sources_dir

    h.update(f"sources:{default_sources_dir()}\0".encode())
    for name, path in _source_texts(data_dir):
        h.update(str(name).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"missing")


def read_cache_record(path: Path) -> dict:
    """A report's cache file (written by the last build, read as untrusted): a JSON object whose ``key``
    is a string, ``sha256`` maps output paths to digests and ``seconds`` stages to seconds (each
    field that is there).

    Raises OSError when it cannot be read, and :class:`analysis.InputError` naming the file, the field
    and the value when it is not such a record (the callers then treat the report as not cached).
    """
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{path}: not a report cache record ({type(exc).__name__})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{path}: not a report cache record (a JSON {type(meta).__name__})")
    for field, kind in {"key": str, "sha256": dict, "seconds": dict}.items():
        if field in meta and not isinstance(meta[field], kind):
            raise InputError(f"{path}: field {field!r} = {str(meta[field])[:40]!r} is not a {kind.__name__}")
    for field, ok in (("sha256", lambda v: v is None or isinstance(v, str)), ("seconds", _is_seconds)):
        for k, v in meta.get(field, {}).items():
            if not ok(v):
                raise InputError(f"{path}: field {field!r}: {k[:40]!r} = {str(v)[:40]!r} is not valid")
    return meta


def _is_seconds(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0


def _source_texts(data_dir: Path) -> list[tuple[str, Path]]:
    """(name, path) of every source text ``sources.yaml`` names, where the notebooks will find it."""
    import yaml

    from ..ledger import LedgerError, default_sources_dir
    from ..ledger.reading import load_yaml

    src = default_sources_dir()
    listing = data_dir / "sources.yaml"
    try:
        text = listing.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # no ledger here: its notebooks fail with the loader's message
        return []
    try:
        doc = load_yaml(text)
    except InputError as exc:  # a duplicate key, an alias: the reader's message, with the file
        raise LedgerError(listing, None, None, None, str(exc)) from None
    except yaml.YAMLError as exc:
        raise LedgerError(listing, None, None, None, "not YAML: " + " ".join(str(exc).split())[:200]) from None
    sources = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(sources, list):
        raise LedgerError(listing, None, "sources", sources, "must be a list of sources")
    names = []
    for i, s in enumerate(sources):
        name = s.get("file") if isinstance(s, dict) else None
        if not isinstance(name, str):
            entry = s.get("id") if isinstance(s, dict) and isinstance(s.get("id"), str) else f"sources[{i}]"
            raise LedgerError(listing, entry, "file", name, "must name the source's text file")
        names.append(name)
    out = []
    for name in names:
        path = Path(src) / str(name) if src is not None else None
        if path is None or not path.is_file():
            path = data_dir / "texts" / str(name)  # the copy the loader falls back to
        out.append((str(name), path))
    return out


def _stamp(paths: Iterable[Path]) -> tuple:
    """(path, mtime in ns, size, inode) of each file, None for a missing one: an edit changes it even
    when it is undone before the build ends (the bytes then match again, the times do not)."""
    out: list[tuple] = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            out.append((str(p), None))
    return tuple(out)


def _package_digest(formats: Sequence[str]) -> bytes:
    """The formats, the main packages' versions and every module of analysis: what every report's cache
    key holds, ledger or scan (package versions are read from metadata once: :func:`versions`)."""
    h = hashlib.sha256()
    h.update(("formats:" + ",".join(sorted(formats)) + "\0").encode())
    h.update(json.dumps(versions(), sort_keys=True).encode())
    _digest_files(h, sorted(_PACKAGE.rglob("*.py")), _PACKAGE)
    return h.digest()


def _shared_digest(data_dir: Path, formats: Sequence[str]) -> bytes:
    """The part of every cache key that all reports of a build share (computed once per build)."""
    h = hashlib.sha256(_package_digest(formats))
    _digest_files(h, [data_dir / "sources.yaml"])
    _digest_source_texts(h, data_dir)
    return h.digest()


def _cache_key(notebook: Path, study_files: Sequence[Path], shared: bytes) -> str:
    h = hashlib.sha256(shared)
    _digest_files(h, [notebook])
    _digest_files(h, study_files)
    return h.hexdigest()


@contextlib.contextmanager
def output_folder(out: Path):
    """Hold a build's output folder (:func:`analysis.locking.folder_lock`): two builds into one folder
    at once mixed their PDF, HTML and notebooks. Work folders and partial files a killed build left
    (``.<id>.XXXXXXXX/``, ``.<file>.<pid>.partial``) are removed first."""
    with folder_lock(out, purpose="builds reports into"):
        _remove_leftovers(out)
        yield


_LEFTOVER = re.compile(r"\.[a-z0-9_]{1,80}\.[a-z0-9_]{8}|\..{1,200}\.[0-9]{1,10}\.partial")


def _remove_leftovers(out: Path) -> None:
    """Work folders and partial outputs of builds that were killed (only called holding the lock)."""
    for folder in (out, out / "executed", out / ".cache"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if _LEFTOVER.fullmatch(name):
                path = folder / name
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
