"""Scanning a corpus: extract then audit every file, one row per check (``analysis.scan``), as statcheck
does for test statistics, for every kind of result the extractor reads.

May import every stage below it (extract, ledger, checks, auditing); nothing imports it but the CLI.
Files are scanned in one process, in a process pool (``jobs > 1``) or on a Dask cluster (``client``);
a file that cannot be read is reported by name and the scan goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from .results import InputError, ResultMixin

__all__ = ["scan", "ScanResult", "COLUMNS", "connect_dask", "DASK_CONNECT_TIMEOUT", "DASK_RESULT_TIMEOUT"]

#: Columns of :meth:`ScanResult.to_frame`, one row per check.
COLUMNS = [
    "file",
    "entry_ids",
    "kind",
    "fragment",
    "location",
    "check",
    "verdict",
    "reported",
    "recomputed",
    "explanation",
    "decision_error",
    "grade",
    "assumptions",
]
#: files per task sent to a worker (process pool or Dask): fewer round trips, and one map call per chunk
_CHUNK = 16
_PLAIN_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
#: a draft's fragment is searched for from this many characters before the last one found (entries follow the text)
_LOOK_BACK = 200


@dataclasses.dataclass(frozen=True)
class ScanResult(ResultMixin):
    """What :func:`scan` found.

    Attributes
    ----------
    files : tuple of str
        Every file scanned, in the order given (folders walked in sorted order).
    failed : tuple of (str, str)
        The files that could not be read, with the reason (binary, not UTF-8, unreadable PDF...).
    rows : pandas.DataFrame
        One row per check, columns :data:`COLUMNS`: ``decision_error`` is True or False for a
        test statistic whose P was recomputed (True when the printed and the recomputed P fall
        on different sides of .05, as statcheck), missing for other checks; ``grade`` (one of
        :data:`analysis.GRADES` on an inconsistent row, else missing) and ``assumptions`` (what
        the verdict rests on, joined with "; "). Sorted by grade, the top grade first, then in
        file order.
    """

    files: tuple
    failed: tuple
    rows: Any = dataclasses.field(repr=False, compare=False)

    def to_frame(self):
        """The rows, a :class:`pandas.DataFrame` with columns :data:`COLUMNS` (a copy)."""
        return self.rows.copy()

    def _repr_html_(self) -> str:
        """Counts, then the findings (``inconsistent`` rows) as a short escaped HTML table; not-testable
        rows are counted, not listed (``to_frame()`` has every row)."""
        import html

        from .results import html_table

        rows = self.rows
        counts = rows["verdict"].value_counts() if len(rows) else {}
        found = rows[rows["verdict"] == "inconsistent"] if len(rows) else rows
        cols = [
            c
            for c in ("file", "grade", "check", "location", "fragment", "reported", "recomputed", "explanation")
            if c in rows
        ]
        papers = found["file"].nunique() if len(found) else 0
        summary = (
            f"{len(self.files)} files scanned, {len(self.failed)} could not be read; {len(rows)} checks: "
            + ", ".join(
                f"{counts.get(v, 0)} {v.replace('_', ' ')}" for v in ("inconsistent", "consistent", "not_testable")
            )
            + f" (not-testable rows are counted, not listed); findings in {papers} files."
        )
        failed = (
            html_table(("file", "why it could not be read"), self.failed, caption="Files not read", limit=5)
            if self.failed
            else ""
        )
        shown = found[cols].assign(file=found["file"].map(os.path.basename))
        table = (
            html_table(
                cols,
                shown.itertuples(index=False, name=None),
                caption="Findings",
                total=len(found),
                more="to_frame() has every row",
            )
            if len(found)
            else ""
        )
        return f"<p>{html.escape(summary)}</p>{table}{failed}"

    def to_dict(self) -> dict[str, Any]:
        """Files, failures and rows (as records) in plain Python."""
        return {
            "files": list(self.files),
            "failed": [list(f) for f in self.failed],
            "rows": self.rows.astype(object).where(self.rows.notna(), None).to_dict("records"),
        }


def _files(paths, follow_links: bool = False) -> tuple[list[str], dict[str, str]]:
    """The files named or under the folders named, folders walked recursively in sorted order
    (hidden files and folders skipped), and the links met in a folder that are not read, with why.

    A symbolic link inside a folder is read only with ``follow_links``, and then only when it resolves
    inside that folder (each folder is walked once, so a link loop ends); a file named directly is
    read as named.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(paths, Iterable) or isinstance(paths, (bytes, dict)):
        raise TypeError(f"paths ({paths!r:.60}) must be a path or a list of paths")
    out: list[str] = []
    refused: dict[str, str] = {}
    for p in paths:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"paths: {p!r:.60} is not a path (a str or os.PathLike)")
        path = Path(p)
        if path.is_dir():
            _walk(path, follow_links, out, refused)
        elif path.exists():
            out.append(str(path))
        elif path.is_symlink():
            raise FileNotFoundError(f"{p}: a symbolic link that leads nowhere or to itself")
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return out, refused


def _walk(top: Path, follow_links: bool, out: list[str], refused: dict[str, str]) -> None:
    root = Path(os.path.realpath(top))
    seen = {root}
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            refused[str(folder)] = f"folder cannot be read ({exc.strerror or exc})"
            continue
        subdirs = []
        for n in names:
            if n.startswith("."):
                continue
            f = folder / n
            if f.is_symlink():
                target = Path(os.path.realpath(f))  # a loop does not raise here (Path.resolve does)
                if not follow_links:
                    refused[str(f)] = (
                        f"a symbolic link (to {target}): not read; --follow-links reads links that stay inside {top}"
                    )
                    out.append(str(f))
                    continue
                if not target.is_relative_to(root):
                    refused[str(f)] = f"a symbolic link to {target}, outside the folder scanned ({top}): refused"
                    out.append(str(f))
                    continue
            if f.is_dir():
                real = Path(os.path.realpath(f))
                if real not in seen:  # a link loop, or a folder reached twice, is walked once
                    seen.add(real)
                    subdirs.append(f)
            elif f.exists():
                out.append(str(f))
            else:
                refused[str(f)] = "a symbolic link that leads nowhere or to itself"
                out.append(str(f))
        stack.extend(reversed(subdirs))


def _df_columns(test: str, df: Any) -> tuple[str | None, str | None] | None:
    """A ledger ``df`` string in statcheck's layout (df1, df2), as printed; None when the map cannot take it."""
    if test == "z":
        return (None, None) if df in (None, "") else None
    parts = [x.strip() for x in str(df).split(",")]  # as printed: a df's decimals give its rounding
    try:
        vals = [float(x) for x in parts]
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in vals):
        return None
    if test == "F":
        return (parts[0], parts[1]) if len(vals) == 2 else None
    if len(vals) != 1:
        return None
    return (parts[0], None) if test == "chi2" else (None, parts[0])


def _map_row(e) -> dict | None:
    """The recompute_p_map row of a test statistic the audit would send to recompute_p, or None."""
    if e.kind != "test_statistic":  # most entries: no import statement run for them
        return None
    from .checks.pvalues import TESTS

    if e.get("test") not in TESTS:
        return None
    stat, p = e.get("statistic"), e.get("p")
    if not isinstance(stat, str) or not _PLAIN_NUMBER.fullmatch(stat) or not isinstance(p, str):
        return None
    dfs = _df_columns(e.get("test"), e.get("df"))
    if dfs is None:
        return None
    return {
        "test": e.get("test"),
        "statistic": stat,
        "df1": dfs[0],
        "df2": dfs[1],
        "p": p,
        "alternative": e.get("alternative", "two-sided"),
    }


def _study(draft, file: str):
    """The draft as a ledger Study (each entry validated as the loader does) and the entries that failed."""
    from .ledger.schema import Source, Study
    from .ledger.validation import _validate_entry

    sid = draft.study_id
    digest = hashlib.sha256(draft.text.encode("utf-8")).hexdigest()
    source = Source(
        id=sid,
        file=os.path.basename(file),
        title="",
        citation="",
        doi=None,
        registry=None,
        document_type="",
        sha256=digest,
        text=draft.text,
    )
    entries, bad = [], []
    path = Path(file)
    text, near = draft.text, 0
    for raw in draft.entries:
        frag = raw.get("fragment") if isinstance(raw, dict) else None
        found = -1
        if isinstance(frag, str):  # the entries follow the text: look just before the last one first
            found = text.find(frag, near)
            if found < 0:
                found = text.find(frag)
            if found >= 0:
                near = max(0, found - _LOOK_BACK)
        try:
            entries.append(_validate_entry(path, sid, raw, source, fragment_found=found >= 0))
        except ValueError as exc:  # LedgerError (an InputError) or a value the schema refuses
            bad.append((raw, str(exc)))
    meta = draft.study
    study = Study(
        id=sid,
        source=sid,
        title=str(meta.get("title", sid)),
        design=str(meta.get("design", "")),
        cites=meta.get("cites"),
        arms=tuple(meta.get("arms") or ()),
        path=Path(file),
        sha256=digest,
        entries=tuple(entries),
    )
    return study, bad


def _draft_study(file: str):
    """(study, entries that failed validation, None) for a file, or (None, None, problem)."""
    from .extraction import ExtractError, extract

    try:
        draft = extract(Path(file))
    except ExtractError as exc:
        return None, None, exc.problem
    except (OSError, ValueError, UnicodeError, RecursionError, MemoryError) as exc:
        return None, None, f"cannot be read ({type(exc).__name__}: {exc})"
    study, bad = _study(draft, file)
    return study, bad, None


def _rows(file: str, study, bad: list, precomputed: dict) -> list[dict]:
    """The audit's rows for one draft study, with the scan's columns."""
    from .auditing import audit_study

    by_id = {e.id: e for e in study.entries}
    rows = []
    for r in audit_study(study, precomputed=precomputed, strict=False):
        first = by_id.get(r["entry_ids"].split(",")[0])
        rows.append(
            {
                "file": file,
                "entry_ids": r["entry_ids"],
                "kind": first.kind if first else "",
                "fragment": first.fragment if first else "",
                "location": str(first.get("location") or "") if first else "",
                "check": r["check"],
                "verdict": r["verdict"],
                "reported": r["reported"],
                "recomputed": r["recomputed"],
                "explanation": r["explanation"],
                "decision_error": r.get("decision_error"),
                "grade": r.get("grade"),
                "assumptions": r.get("assumptions") or "",
            }
        )
    for raw, why in bad:
        raw = raw if isinstance(raw, dict) else {}
        rows.append(
            {
                "file": file,
                "entry_ids": str(raw.get("id", "?")),
                "kind": str(raw.get("kind", "")),
                "fragment": str(raw.get("fragment", "")),
                "location": str(raw.get("location") or ""),
                "check": "draft",
                "verdict": "not_testable",
                "reported": "",
                "recomputed": "",
                "decision_error": None,
                "grade": None,
                "assumptions": "",
                "explanation": f"the extracted entry is not a valid ledger entry: {why}",
            }
        )
    return rows


def _recompute_all(studies: list) -> dict:
    """Every test statistic of these studies that the audit sends to recompute_p, recomputed in one
    :func:`recompute_p_map` call: {(study index, entry id): Check}."""
    import pandas as pd

    from .checks.maps import recompute_p_map
    from .results import Check

    keys, frame = [], []
    for i, study in enumerate(studies):
        for e in study.entries:
            row = _map_row(e)
            if row is not None:
                keys.append((i, e.id))
                frame.append(row)
    if not frame:
        return {}
    out = recompute_p_map(pd.DataFrame(frame), alternative="alternative", explain=True)
    return {
        key: Check(
            "recompute_p",
            str(v),
            expl,
            reported=rep,
            recomputed=rec,
            details={"decision_error": bool(de), "p": float(p)},
        )
        for key, v, expl, rep, rec, de, p in zip(
            keys,
            out["verdict"],
            out["explanation"],
            out["reported"],
            out["recomputed"],
            out["decision_error"],
            out["p"],
        )
    }


def _scan_chunk(files: list[str], vectorised: bool = True) -> list[tuple[str, list[dict], str | None]]:
    """Scan a few files in this process: (file, rows, problem) for each. With ``vectorised``, the test
    statistics of all of them are recomputed in one :func:`recompute_p_map` call (when the map refuses
    the batch, each goes through :func:`recompute_p`, the audit's own path, with the same rows)."""
    drafted = []
    for f in files:
        try:
            drafted.append((f, *_draft_study(f)))
        except Exception as exc:  # noqa: BLE001 - one bad file must not end a corpus scan; named at the end
            drafted.append((f, None, None, f"could not be scanned ({type(exc).__name__}: {exc})"))
    studies = [st for _, st, _, _ in drafted if st is not None]
    checks: dict = {}
    if vectorised:
        try:
            checks = _recompute_all(studies)
        except ValueError:  # an input the map refuses: recompute_p, entry by entry, gives the same rows
            checks = {}
    out: list[tuple[str, list[dict], str | None]] = []
    i = 0
    for f, study, bad, problem in drafted:
        if study is None:
            out.append((f, [], problem))
            continue
        mine = {eid: chk for (j, eid), chk in checks.items() if j == i}
        i += 1
        try:
            out.append((f, _rows(f, study, bad, mine), None))
        except Exception as exc:  # noqa: BLE001 - as above
            out.append((f, [], f"could not be audited ({type(exc).__name__}: {exc})"))
    return out


def _check_jobs(jobs: Any) -> int:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs ({jobs!r}) must be a positive integer")
    return min(jobs, os.cpu_count() or 1)  # more processes than CPUs only cost memory


#: seconds to reach a Dask scheduler and for it to have a worker
DASK_CONNECT_TIMEOUT = 5
#: seconds a Dask scan waits for its next result; past it the files still out are named as lost
DASK_RESULT_TIMEOUT = 900
_LOST = "the worker scanning it stopped (killed, or out of memory) twice: not scanned"


def connect_dask(address: str, timeout: float | None = None):
    """A :class:`dask.distributed.Client` on the scheduler at ``address``, or one ValueError line.

    The scheduler must answer a handshake and have a worker within ``timeout`` seconds (default
    :data:`DASK_CONNECT_TIMEOUT`): a port that accepts and never answers, or a scheduler without
    workers, made the scan wait forever.
    """
    import asyncio

    try:
        from dask.distributed import Client
        from distributed.comm import connect
    except ImportError:
        raise InputError("--dask needs dask.distributed: pip install 'ketamine-reanalysis[dask]'") from None
    wait = DASK_CONNECT_TIMEOUT if timeout is None else timeout
    where = f"--dask ({address!r})"

    async def identity():
        comm = await asyncio.wait_for(connect(address, timeout=wait), wait + 1)
        try:
            await asyncio.wait_for(comm.write({"op": "identity"}), wait)
            return await asyncio.wait_for(comm.read(), wait)
        finally:
            comm.abort()

    try:
        ident = asyncio.run(identity())
    except (OSError, asyncio.TimeoutError) as exc:
        raise InputError(
            f"{where}: no Dask scheduler could be reached within {wait:g} s "
            f"({' '.join(str(exc).split()) or type(exc).__name__})"
        ) from None
    except (ValueError, TypeError) as exc:  # not an address distributed can parse
        raise InputError(
            f"{where}: not a Dask scheduler address such as tcp://host:8786 ({' '.join(str(exc).split())})"
        ) from None
    if not isinstance(ident, dict) or ident.get("type") != "Scheduler":
        raise InputError(f"{where}: answered, but not as a Dask scheduler")
    client = Client(address, timeout=f"{wait}s")
    try:
        client.wait_for_workers(1, timeout=wait)
    except (TimeoutError, OSError):
        client.close()
        raise InputError(f"{where}: the scheduler has no worker (waited {wait:g} s)") from None
    return client


def _pool(chunks: list[list[str]], jobs: int, bar) -> tuple[dict, list[str]]:
    """Chunks scanned in a process pool: ({file: (rows, problem)}, files lost with a dead worker)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    got: dict[str, tuple[list[dict], str | None]] = {}
    lost: list[str] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_scan_chunk, c): c for c in chunks}
        for fut in as_completed(futures):
            try:
                res = fut.result()
            except BrokenProcessPool:  # a worker died: every chunk still out is lost with it
                lost += futures[fut]
                continue
            got.update((f, (rows, problem)) for f, rows, problem in res)
            bar.update(len(res))
    return got, lost


def _on_dask(client, chunks: list[list[str]], bar) -> tuple[dict, dict[str, str]]:
    """Chunks scanned on a Dask cluster: ({file: (rows, problem)}, {file lost: why})."""
    from distributed import wait

    got: dict[str, tuple[list[dict], str | None]] = {}
    lost: dict[str, str] = {}
    futures = {fut: c for fut, c in zip(client.map(_scan_chunk, chunks, pure=False), chunks)}
    pending = set(futures)
    while pending:
        try:
            done, pending = wait(pending, timeout=DASK_RESULT_TIMEOUT, return_when="FIRST_COMPLETED")
        except TimeoutError:
            for fut in pending:
                fut.cancel()
                lost.update(
                    (f, f"no result from the Dask cluster within {DASK_RESULT_TIMEOUT:g} s") for f in futures[fut]
                )
            break
        for fut in done:
            if fut.status == "finished":
                res = fut.result()
                got.update((f, (rows, problem)) for f, rows, problem in res)
                bar.update(len(res))
            else:  # KilledWorker (the cluster retried it already) or cancelled
                exc = fut.exception() if fut.status == "error" else None
                lost.update(
                    (f, f"the Dask worker scanning it failed ({type(exc).__name__ if exc else fut.status})")
                    for f in futures[fut]
                )
    return got, lost


def scan(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    jobs: int = 1,
    client=None,
    progress: bool | None = None,
    follow_links: bool = False,
) -> ScanResult:
    """Extract then audit every file: one row per check, over a whole corpus.

    Parameters
    ----------
    paths : path or list of paths
        Files (``.txt``, ``.md``, ``.html``, ``.xml``, ``.pdf``; anything else is tried as text) and
        folders, walked recursively (hidden files skipped).
    jobs : int, default 1
        Processes (at most the number of CPUs); above 1 the files are scanned in a process pool, in
        chunks of 16. A worker that dies (killed, out of memory) loses no other file: the files it
        held are scanned again one by one, and a file that kills its worker again is named in
        ``failed``.
    client : dask.distributed.Client, optional
        Scan on this Dask cluster instead (``pip install 'ketamine-reanalysis[dask]'``); ``jobs``
        is then ignored.
    progress : bool, optional
        A progress bar on stderr (tqdm); default when there is more than one file.
    follow_links : bool, default False
        Read symbolic links met in a folder, when they resolve inside it (links leaving it are
        refused either way; a file named in ``paths`` is read as named).

    Returns
    -------
    ScanResult
        ``to_frame()``: one row per check, columns :data:`COLUMNS`; ``failed``: the files that
        could not be read, with the reason; ``files``: every file scanned.

    Raises
    ------
    FileNotFoundError
        When a path named does not exist.

    Notes
    -----
    Each file goes through :func:`analysis.extract` (a draft in the ledger's format), each draft
    entry is validated as the ledger loader does and audited as :func:`analysis.audit` audits a
    study. The test statistics of a chunk of files are recomputed together by
    :func:`analysis.recompute_p_map` (statcheck's check, same rows as :func:`analysis.recompute_p`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Scores differed, t(28) = 2.20, p = .03.", encoding="utf-8")
    >>> rows = scan(folder).to_frame()
    >>> rows[["check", "verdict", "decision_error"]].values.tolist()
    [['recompute_p', 'inconsistent', False]]
    """
    import pandas as pd

    jobs = _check_jobs(jobs)
    files, refused = _files(paths, follow_links)
    todo = [f for f in files if f not in refused]
    show = len(files) > 1 if progress is None else bool(progress)
    from tqdm import tqdm

    got: dict = {f: ([], why) for f, why in refused.items()}
    with tqdm(total=len(todo), unit="file", disable=not show, file=sys.stderr, desc="scan") as bar:
        if client is not None:
            found, lost = _on_dask(client, [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)], bar)
            got.update(found)
            late = {f: why for f, why in lost.items() if why.startswith("no result")}
            got.update((f, ([], why)) for f, why in late.items())
            if len(late) < len(lost):  # once more, each file alone; what fails again is named
                again, still = _on_dask(client, [[f] for f in lost if f not in late], bar)
                got.update(again)
                got.update((f, ([], why)) for f, why in still.items())
        elif jobs > 1 and len(todo) > _CHUNK:
            size = max(1, min(_CHUNK, -(-len(todo) // (4 * jobs))))
            found, dead = _pool([todo[i : i + size] for i in range(0, len(todo), size)], jobs, bar)
            got.update(found)
            for f in dead:  # each file a dead worker held, alone in a fresh one-worker pool
                again, gone = _pool([[f]], 1, bar)
                got.update(again)
                got.update((g, ([], _LOST)) for g in gone)
        else:
            for i in range(0, len(todo), _CHUNK):
                res = _scan_chunk(todo[i : i + _CHUNK])
                got.update((f, (rows, problem)) for f, rows, problem in res)
                bar.update(len(res))
    rows = [r for f in files for r in got[f][0]]
    failed = tuple((f, got[f][1]) for f in files if got[f][1] is not None)
    from .auditing import sort_by_grade

    frame = sort_by_grade(pd.DataFrame(rows, columns=COLUMNS))
    frame["decision_error"] = frame["decision_error"].astype("boolean")
    return ScanResult(files=tuple(files), failed=failed, rows=frame)
