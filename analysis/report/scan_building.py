"""The scan report's build: the rows of ``reanalysis scan`` written beside the report, then
``notebooks/scan.ipynb`` run, converted and printed by the study reports' pipeline (papermill, the
content cache, atomic writes, inert HTML, the PDF read whole before it replaces the last one).

May import analysis.report.building and the stages below it; nothing imports it but the CLI.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

from ..results import InputError
from .building import NOTEBOOKS, BuildResult, _cache_key, _Job, _package_digest, _partial, _run_jobs, make_out_dir

__all__ = ["build_scan", "SCAN_FILE"]

#: the scan's rows, written beside the report (the notebook's ``scan_file``)
SCAN_FILE = "scan.json"


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name and move it into place, unless the file already holds it."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    tmp = _partial(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def build_scan(
    result,
    out_dir: str | os.PathLike,
    formats: Sequence[str] = ("pdf", "html"),
    force: bool = False,
    progress: bool = True,
    max_papers: int = 100,
    max_findings: int = 20,
) -> BuildResult:
    """The scan report of ``result`` (an :class:`analysis.scanning.ScanResult`) in ``out_dir``.

    Parameters
    ----------
    result : ScanResult
        What :func:`analysis.scan` returned.
    out_dir : path
        Output folder, created if missing: ``scan.json`` (every row), ``scan.html``, ``scan.pdf``,
        ``executed/scan.ipynb``, ``failed/scan.ipynb`` when the notebook fails, ``.cache/scan.json``.
    formats : sequence of {"pdf", "html"}
    force : bool
        Rebuild even when the cache says nothing changed (the rows, the notebook, the package).
    progress : bool
        A progress bar on stderr.
    max_papers, max_findings : int
        Papers whose findings are listed, and findings listed per paper (the most serious first;
        the report says what it left out).

    Returns
    -------
    BuildResult
        ``scan.json`` is not in it; the executed notebook, the HTML and the PDF are.
    """
    fmts = tuple(dict.fromkeys(formats))
    if not fmts or any(f not in ("pdf", "html") for f in fmts):
        raise InputError(f"formats ({formats!r}) must be a non-empty subset of ('pdf', 'html')")
    for name, value in (("max_papers", max_papers), ("max_findings", max_findings)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{name} ({value!r}) must be a positive integer")
    notebook = NOTEBOOKS / "scan.ipynb"
    out = make_out_dir(out_dir)
    data = out / SCAN_FILE
    _write_if_changed(data, json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    h = hashlib.sha256(_package_digest(fmts))
    h.update(f"max_papers={max_papers};max_findings={max_findings}".encode())
    job = _Job(
        "scan",
        notebook,
        {"scan_file": str(data), "max_papers": max_papers, "max_findings": max_findings},
        _cache_key(notebook, [data], h.digest()),
        out,
        fmts,
    )
    return _run_jobs([job], fmts, jobs=1, force=force, progress=progress, reuse_kernels=True)
