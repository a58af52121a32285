"""Adding a paper to a ledger folder (``reanalysis add``): extract its draft, register its source and
keep the text its fragments come from, write the study file, and check that the folder still loads.

May import analysis.extraction, analysis.ledger and analysis.auditing (the stages it joins) and
analysis.locking; nothing imports it but the CLI. Every write is undone when a later step fails, so a failed ``add`` leaves the
folder as it was. The paper is extracted first; everything that reads or writes the folder then runs
holding the folder's lock (:func:`analysis.locking.folder_lock`), every file is written by a rename,
and a rollback restores only what this ``add`` wrote, so two ``add`` at once into one folder both land
or the second fails cleanly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import yaml

from .locking import folder_lock, write_atomic
from .results import InputError

__all__ = ["add_study", "Added"]

_ID = re.compile(r"[a-z0-9_]{1,80}")


@dataclasses.dataclass(frozen=True)
class Added:
    """What :func:`add_study` wrote: the study file, the source id, the text copy (or None when the
    loader already finds the text), the number of entries and how many of them ask for review."""

    study_file: Path
    source_id: str
    text_file: Path | None
    entries: int
    to_review: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, but a string holding a character YAML reads as a line break (U+0085,
    U+2028, U+2029) or an unprintable one is written double-quoted, where it is escaped: in the plain
    or single-quoted style PyYAML writes it raw and it reads back as a space (a file name holding
    U+0085 was saved wrongly)."""


def _represent_str(dumper, text: str):
    style = '"' if any(c in "\x85\u2028\u2029" or not c.isprintable() for c in text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def _source_block(source: dict) -> str:
    """One ``sources:`` list item in the style of data/sources.yaml (two-space indent).

    >>> print(_source_block({"id": "a", "original_file": "pa\x85per.txt"}), end="")
      - id: a
        original_file: "pa\\Nper.txt"
    """
    body = yaml.dump(
        [source], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False
    )
    # split("\n"), not splitlines(): YAML writes U+0085 or U+2028 inside a quoted string, not as a line end
    return "".join("  " + line + "\n" for line in body.rstrip("\n").split("\n"))


def add_study(
    file: str | os.PathLike,
    study_id: str,
    data_dir: str | os.PathLike | None = None,
    sources_dir: str | os.PathLike | None = None,
) -> Added:
    """Extract ``file`` and add it to the ledger folder ``data_dir`` as study ``study_id``.

    Parameters
    ----------
    file : path
        The paper (``.txt``, ``.md``, ``.html``, ``.xml``, ``.pdf``).
    study_id : str
        Id of the new study (``[a-z0-9_]+``); ``studies/<study_id>.yaml`` must not exist yet.
    data_dir : path, optional
        The ledger folder, created with an empty ``sources.yaml`` when it does not exist; default
        :func:`analysis.ledger.loading.default_data_dir` (the project's ``data/``).
    sources_dir : path, optional
        Where the loader looks for source texts; default
        :func:`analysis.ledger.loading.default_sources_dir`.

    Returns
    -------
    Added

    Raises
    ------
    ValueError
        A bad id, a study that exists already, a file that cannot be read (``ExtractError``) or a
        folder that no longer loads after the addition (``LedgerError``); nothing is left written.

    Notes
    -----
    The source is registered in ``sources.yaml`` with the SHA-256 and name of the text the draft's
    fragments are substrings of (``Draft.text``): the file itself when the loader already finds it
    with that text (a seed in the sources folder), else a copy written to ``texts/<study_id>.txt``,
    which the loader reads when the sources folder does not hold the file. The original file's name
    and SHA-256 are kept as ``original_file`` and ``original_sha256``. A text registered before
    (same SHA-256) is reused rather than registered twice. The new entry is appended to
    ``sources.yaml`` as text, so comments and order stay as they were.
    """
    from .extraction import extract
    from .ledger.loading import RESERVED_IDS, default_data_dir, default_sources_dir
    from .ledger.reading import MAX_FILE_BYTES

    if not isinstance(study_id, str) or not _ID.fullmatch(study_id):
        raise InputError(f"--id ({study_id!r}) must be a study id: 1-80 lowercase letters, digits and _")
    if study_id in RESERVED_IDS:
        raise InputError(f"--id ({study_id!r}) is the name of the overview report; choose another id")
    data = Path(data_dir) if data_dir is not None else default_data_dir()
    src_dir = Path(sources_dir) if sources_dir is not None else default_sources_dir()
    for folder in (data, src_dir):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: is not a folder (a ledger folder holds sources.yaml, studies/ and texts/)")
    study_path = data / "studies" / f"{study_id}.yaml"
    if study_path.exists():
        raise InputError(f"{study_path}: already exists; a study is never overwritten (choose another --id)")
    path = Path(file)
    draft = extract(path, study_id=study_id)  # ExtractError (a ValueError) names the file
    size = len(draft.text.encode("utf-8"))
    if size > MAX_FILE_BYTES:  # extract reads up to 50 MB; the ledger keeps texts up to 10 MB
        raise InputError(
            f"{path}: its text is {size:,} bytes, above the ledger's limit of {MAX_FILE_BYTES:,} "
            f"bytes for a source text; extract reads it, add cannot keep it"
        )
    _refuse_links(data)
    created = [d for d in (data, data / "studies", data / "texts") if not d.exists()]
    try:
        with folder_lock(data, purpose="adds to"):
            _refuse_links(data)
            text_file, source_id, entries = _add_locked(draft, path, study_id, data, src_dir)
    except BaseException:
        for d in reversed(created):  # folders this add created, if nothing else went into them
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
    review = sum(1 for e in entries if e.get("review"))
    return Added(
        study_file=study_path, source_id=source_id, text_file=text_file, entries=len(entries), to_review=review
    )


def _refuse_links(data: Path) -> None:
    """The ledger folder's parts must not be symbolic links: ``add`` would write through them and
    the loader read through them, outside the folder."""
    for part in (data / "sources.yaml", data / "studies", data / "texts"):
        if part.is_symlink():
            raise InputError(
                f"{part}: is a symbolic link (to {os.readlink(part)}); add writes only inside "
                f"the ledger folder: refused"
            )


def _add_locked(draft, path: Path, study_id: str, data: Path, src_dir: Path | None) -> tuple[Path | None, str, list]:
    """The writes of :func:`add_study`, made while it holds the folder's lock: (text copy, source id,
    the entries written)."""
    from .extraction import study_yaml
    from .ledger import load_ledger

    study_path = data / "studies" / f"{study_id}.yaml"
    if study_path.exists():
        raise InputError(f"{study_path}: already exists; a study is never overwritten (choose another --id)")
    text_bytes = draft.text.encode("utf-8")
    digest = _sha256(text_bytes)
    sources_yaml = data / "sources.yaml"
    old_sources = sources_yaml.read_bytes() if sources_yaml.exists() else None
    doc = yaml.safe_load(old_sources.decode("utf-8")) if old_sources else None
    known = [s for s in (doc or {}).get("sources") or [] if isinstance(s, dict)]
    same = next((s for s in known if s.get("sha256") == digest), None)
    written: list[Path] = []
    wrote_sources = False
    try:
        (data / "studies").mkdir(parents=True, exist_ok=True)
        text_file = None
        if same is not None:
            source_id = same["id"]
        else:
            source_id = study_id
            if any(s.get("id") == source_id for s in known):
                raise InputError(
                    f"{sources_yaml}: a source {source_id!r} exists with another text; choose another --id"
                )
            found = src_dir / path.name if src_dir is not None else None
            if found is not None and found.is_file() and found.read_bytes() == text_bytes:
                name = path.name  # the loader already finds this text: register it, copy nothing
            else:
                name = f"{study_id}.txt"
                text_file = data / "texts" / name
                if text_file.exists() and text_file.read_bytes() != text_bytes:
                    raise InputError(f"{text_file}: exists with another text; choose another --id")
                text_file.parent.mkdir(parents=True, exist_ok=True)
                if not text_file.exists():
                    write_atomic(text_file, text_bytes)
                    written.append(text_file)
            original = path.read_bytes() if path.is_file() else b""
            cites = draft.study.get("cites")
            source = {
                "id": source_id,
                "file": name,
                "title": str(draft.study.get("title", study_id)),
                "citation": f"Added by `reanalysis add` from {path.name}; citation to be completed.",
                "doi": cites[4:] if isinstance(cites, str) and cites.startswith("doi:") else None,
                "registry": None,
                "url": None,
                "document_type": "unknown",
                "sha256": digest,
                "original_file": path.name,
                "original_sha256": _sha256(original),
            }
            if old_sources and known and doc is not None:
                new = _appended(sources_yaml, old_sources.decode("utf-8"), doc, source)
            else:
                new = "# Source documents of this ledger (written by `reanalysis add`).\nsources:\n" + _source_block(
                    source
                )
            write_atomic(sources_yaml, new.encode("utf-8"))
            wrote_sources = True
        study = dict(draft.study)
        study.update(id=study_id, source=source_id)
        out: dict[str, Any] = {"study": study, "entries": _loadable(draft, study_path, study_id)}
        body = study_yaml(out)  # quotes every string so that it reads back the same (U+0085 included)
        shown = path.name if path.name.isprintable() else path.name.encode("unicode_escape").decode("ascii")
        head = (
            f"# Drafted by `reanalysis add` from {shown}: review every entry (its 'review' field says\n"
            f"# what the extractor could not place) before relying on it.\n"
        )
        write_atomic(study_path, (head + body).encode("utf-8"))
        written.append(study_path)
        led = load_ledger(data, src_dir)  # the folder must still load, with the provenance checks
        if not led.sources_checked or led.sources[source_id].text is None:
            raise InputError(f"{data}: the loader does not find the text of source {source_id!r}")
        left_out = _unauditable(led.studies[study_id])
        if left_out:  # entries the audit cannot check would stop `audit` of the whole folder: left out
            out["entries"] = [_left_out(e, left_out[e["id"]]) if e.get("id") in left_out else e for e in out["entries"]]
            write_atomic(study_path, (head + study_yaml(out)).encode("utf-8"))
            from .auditing import audit_study

            audit_study(load_ledger(data, src_dir).studies[study_id])  # strict, as `reanalysis audit`
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        if wrote_sources:  # under the lock nobody else wrote it since: put back what was there
            if old_sources is not None:
                write_atomic(sources_yaml, old_sources)
            else:
                sources_yaml.unlink(missing_ok=True)
        raise
    return text_file, source_id, out["entries"]


def _appended(path: Path, old: str, doc: dict, source: dict) -> str:
    """``sources.yaml`` with ``source`` added: appended as text in our block layout (comments and
    order kept) when that reads back as the old list plus the new source; else, for another valid
    layout (a flow-style list, items at column 0, keys after the list), the whole file written again
    by PyYAML when it holds no comment that this would lose; else a ValueError naming the file."""
    want = {**doc, "sources": list(doc["sources"]) + [source]}
    new = old.rstrip("\n") + "\n\n" + _source_block(source)
    try:
        if yaml.safe_load(new) == want:
            return new
    except yaml.YAMLError:
        pass
    if "#" in old:
        raise InputError(
            f"{path}: its layout does not take an appended source and it holds comments that "
            f"writing it again would lose; add the source by hand, or list the sources in "
            f"block style ('sources:' then '  - id: ...')"
        )
    return yaml.dump(want, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def _loadable(draft, study_path: Path, study_id: str) -> list[dict]:
    """The draft's entries, each one the loader refuses (``t(0)``: df must be above 0) left out as
    :func:`_left_out` does, so that the folder loads."""
    from .ledger.schema import LedgerError, Source
    from .ledger.validation import _validate_entry

    source = Source(
        id=study_id,
        file="",
        title="",
        citation="",
        doi=None,
        registry=None,
        document_type="",
        sha256="",
        text=draft.text,
    )
    out = []
    for raw in draft.entries:
        try:
            _validate_entry(study_path, study_id, raw, source)
            out.append(dict(raw))
        except LedgerError as exc:
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise
            out.append(_left_out(raw, f"the ledger refuses it: field {exc.field!r} = {exc.value!r}: {exc.problem}"))
    return out


def _unauditable(study) -> dict[str, str]:
    """{entry id: why} for the entries of ``study`` the audit refuses ("cannot be checked")."""
    from .auditing import audit_study

    return {
        r["entry_ids"]: f"the audit refuses it: {r['explanation']}"
        for r in audit_study(study, strict=False)
        if r["check"] == "audit" and r["explanation"].startswith("cannot be checked")
    }


def _left_out(entry: dict, why: str) -> dict:
    """A draft entry the audit cannot check, kept as a ``text_only`` entry on the same fragment, so
    the reviewer sees it and ``audit`` of the folder still runs."""
    return {
        "id": entry["id"],
        "kind": "text_only",
        "fragment": entry.get("fragment", ""),
        "claim": f"Read by the extractor as {entry.get('kind')}; left out of the checks.",
        "review": f"left out of the checks ({why}); read the fragment by hand",
    }
