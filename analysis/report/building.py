"""Report builds: papermill per notebook, nbconvert to HTML, PDF via Chromium, a content cache and atomic
writes.

May import every stage below it and analysis.report.browser, kernels, page and pdf; nothing imports it but
the CLI and analysis.report.scan_building.

:func:`build` runs in stages: :func:`_check_arguments`, :func:`_select_studies` (which reports),
:func:`_plan_jobs` (each report's notebook, parameters, inputs and cache key), then, holding the output
folder's lock, :func:`_run_locked`: the reports not fresh in the cache go through :func:`_pipeline`. Each
report runs its notebook with papermill (:func:`_execute_one`), is converted to HTML by nbconvert with
the report template (:mod:`analysis.report.page`), and printed to PDF by headless Chromium
(:mod:`analysis.report.browser`), then every output is validated and moved into place
(:func:`_finish_one`). Builds run in parallel, are cached on the content of their inputs, and are atomic:
every output is written under a temporary name in its final folder and moved into place
(:func:`os.replace`) only when the whole report is complete, so a failed build leaves the previous reports
untouched.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as _dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from ..results import InputError
from .browser import ReportBuildError, _BrowserPool, find_chromium
from .caching import (  # noqa: F401
    _PACKAGE,
    _cache_key,
    _package_digest,
    _shared_digest,
    _source_texts,
    _stamp,
    output_folder,
    read_cache_record,
)
from .kernels import _cell_message, _engine, _KernelPool
from .page import REPORT_CSP, REPORT_CSS, to_html, warm_exporter  # noqa: F401 (REPORT_* re-exported)
from .pdf import normalise_pdf, same_apart_from_dates, validate_pdf

__all__ = ["build", "BuildResult", "NOTEBOOKS"]

_ROOT = Path(__file__).resolve().parents[2]  # the repository
#: Where the report notebooks live.
NOTEBOOKS = _ROOT / "notebooks"
# --------------------------------------------------------------------------- build


class BuildResult(list):
    """The report files (a ``list[Path]``), with which were rebuilt and which came from the cache."""

    def __init__(self, paths=(), built=(), cached=()):
        super().__init__(paths)
        self.built: list[str] = list(built)
        self.cached: list[str] = list(cached)


@dataclasses.dataclass(frozen=True)
class _Job:
    name: str  # study id, or "overview"
    notebook: Path
    parameters: dict
    key: str
    out_dir: Path
    formats: tuple[str, ...]
    inputs: tuple[Path, ...] = ()  # every file the key was computed from
    stamp: tuple = ()  # their (mtime, size, inode) before they were read for the key


def _outputs(job: _Job) -> list[Path]:
    out = [job.out_dir / "executed" / f"{job.name}.ipynb"]
    out += [job.out_dir / f"{job.name}.{fmt}" for fmt in ("html", "pdf") if fmt in job.formats]
    return out


def _cache_file(job: _Job) -> Path:
    return job.out_dir / ".cache" / f"{job.name}.json"


def _relname(job: _Job, path: Path) -> str:
    return path.relative_to(job.out_dir).as_posix()


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _is_fresh(job: _Job) -> bool:
    """The cache names this job's inputs, and every output is still the file that was validated and recorded."""
    try:
        meta = read_cache_record(_cache_file(job))
    except (OSError, InputError):
        return False
    if meta.get("key") != job.key or "sha256" not in meta:
        return False
    return all(meta["sha256"].get(_relname(job, p)) == _sha256(p) for p in _outputs(job))


def _partial(path: Path) -> Path:
    """A temporary name in the same folder (so os.replace is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.partial")


#: papermill's metadata that changes from run to run (times, durations, temporary paths); dropped so
#: that a rebuild without a change is byte-identical. The parameters stay on record.
_RUN_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")


def _normalise_notebook(nb):
    """Strip run-specific metadata from an executed notebook, in place; give papermill's injected
    parameters cell a fixed id (nbformat draws a random one)."""
    pm = nb.metadata.get("papermill")
    if isinstance(pm, dict):
        for k in _RUN_KEYS:
            pm.pop(k, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb


def _now() -> float:
    import time

    return time.perf_counter()


def _durations(clock: dict[str, float]) -> dict[str, float]:
    """Seconds per stage (execute, html, wait for the printer, pdf) from the timestamps in ``clock``."""
    out: dict[str, float] = {}
    last = clock["start"]
    for stage in ("execute", "html", "wait", "pdf"):
        if stage in clock:
            out[stage] = round(clock[stage] - last, 2)
            last = clock[stage]
    return out


#: Report titles that are not "<study> - re-analysis report"
_TITLES = {"overview": "Re-analysis overview", "scan": "Scan report"}


@dataclasses.dataclass
class _Executed:
    """A report whose notebook ran and whose HTML is written, in its work folder, waiting to be printed."""

    job: _Job
    work: Path
    notebook: Path  # the executed, normalised notebook
    html: Path
    clock: dict


def _build_one(job: _Job, printer: _BrowserPool | None, kernels: _KernelPool | None = None) -> list[Path]:
    """Execute, convert and print one report; validate every output, then move them into place
    (:func:`_execute_one`, then :func:`_finish_one`)."""
    return _finish_one(_execute_one(job, kernels), printer)


def _execute_one(job: _Job, kernels: _KernelPool | None = None) -> _Executed:
    """Run the notebook of ``job`` with papermill and convert it to HTML, in a work folder of its own
    (removed if this fails; else :func:`_finish_one` owns and removes it)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    failed = job.out_dir / "failed" / f"{job.name}.ipynb"
    (job.out_dir / "executed").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.name}.", dir=job.out_dir))
    tmp_nb = work / f"{job.name}.ipynb"
    clock = {"start": _now()}
    try:
        try:
            if kernels is not None:
                extra = {"engine_name": _engine(), "kernel": kernels.get()}
            else:
                extra = {"cwd": str(job.notebook.parent)}
            nb = papermill.execute_notebook(
                str(job.notebook),
                str(tmp_nb),
                parameters=job.parameters,
                kernel_name="python3",
                language="python",
                progress_bar=False,
                log_output=False,
                execution_timeout=CELL_TIMEOUT,
                request_save_on_cell_execute=False,
                report_mode=False,
                **extra,
            )
        except PapermillExecutionError as exc:  # a cell raised; the kernel is idle again
            failed.parent.mkdir(parents=True, exist_ok=True)
            if tmp_nb.is_file():
                os.replace(tmp_nb, failed)
            raise ReportBuildError(
                f"report {job.name!r} failed: {_cell_message(exc, job.notebook)}. The failed executed "
                f"notebook is kept at {failed}; the previous reports were left untouched."
            ) from None
        except ReportBuildError:
            if kernels is not None:
                kernels.discard()
            raise
        except Exception as exc:  # kernel died, no such kernel, bad parameters, a cell over its time ...
            if kernels is not None:
                kernels.discard()  # it may still be running the cell that timed out
            raise ReportBuildError(
                f"{job.notebook.name} could not run for {job.name}: {type(exc).__name__}: {exc}"
            ) from exc
        clock["execute"] = _now()
        nb = _normalise_notebook(nb)
        nbformat.write(nb, tmp_nb)
        title = _TITLES.get(job.name, f"{job.name} \u2014 re-analysis report")
        body = to_html(nb, title)
        html_work = work / f"{job.name}.html"
        html_work.write_text(body, encoding="utf-8")
        clock["html"] = _now()
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _Executed(job, work, tmp_nb, html_work, clock)


def _finish_one(done: _Executed, printer: _BrowserPool | None) -> list[Path]:
    """Print the PDF of an executed report; validate every output, then move them into place.

    An output whose bytes equal the file already in place (for a PDF: apart from its creation
    date) is not replaced, so a rebuild without a change leaves the files, and git, as they were.
    """
    import nbformat

    job, work, tmp_nb, html_work, clock = done.job, done.work, done.notebook, done.html, done.clock
    executed = job.out_dir / "executed" / f"{job.name}.ipynb"
    failed = job.out_dir / "failed" / f"{job.name}.ipynb"
    partials: list[tuple[Path, Path]] = []
    clock["wait"] = _now()  # from the HTML to here: waiting for the printer (not the report's work)
    try:
        if "pdf" in job.formats:
            if printer is None:
                raise ValueError(f"report {job.name!r}: a PDF was asked for and no printer given")
            pdf = job.out_dir / f"{job.name}.pdf"
            pdf_tmp = _partial(pdf)
            partials.append((pdf_tmp, pdf))
            printer.print_pdf(html_work, pdf_tmp)
            validate_pdf(pdf_tmp)  # before anything else: a cut PDF must fail here
            data = normalise_pdf(pdf_tmp.read_bytes())
            pdf_tmp.write_bytes(data)
            validate_pdf(pdf_tmp)
            clock["pdf"] = _now()
        if "html" in job.formats:
            out = job.out_dir / f"{job.name}.html"
            tmp = _partial(out)
            partials.append((tmp, out))
            shutil.copyfile(html_work, tmp)
        nb_tmp = _partial(executed)
        partials.append((nb_tmp, executed))
        os.replace(tmp_nb, nb_tmp)
        nbformat.read(nb_tmp, as_version=4)  # the executed notebook reads back whole
        # everything is complete and valid: move into place (unchanged files stay as they are)
        for tmp, final in partials:
            if _unchanged(tmp, final):
                tmp.unlink()
            else:
                os.replace(tmp, final)
        partials.clear()
        if failed.is_file():
            failed.unlink()
        cache = _cache_file(job)
        if _stamp(job.inputs) != job.stamp:
            # an input was written while the report was built (an edit, even one undone since): the
            # report may show either version, so it is not recorded and the next build makes it again
            cache.unlink(missing_ok=True)
            print(
                f"reanalysis: report {job.name!r}: its inputs changed while it was built; not cached "
                "(the next build makes it again)",
                file=sys.stderr,
            )
            return _outputs(job)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache_tmp = _partial(cache)
        cache_tmp.write_text(
            json.dumps(
                {
                    "key": job.key,
                    "study": job.name,
                    "notebook": str(job.notebook),
                    "formats": list(job.formats),
                    "built": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                    "sha256": {_relname(job, p): _sha256(p) for p in _outputs(job)},
                    "seconds": _durations(clock),
                },
                indent=1,
            ),
            encoding="utf-8",
        )
        os.replace(cache_tmp, cache)
        return _outputs(job)
    finally:
        for tmp, _final in partials:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


#: Seconds one report cell may run before the build gives up on that report.
CELL_TIMEOUT = 300


def _expected_seconds(job: _Job, inputs: Sequence[Path]) -> tuple[float, float]:
    """Sort key that starts the longest reports first: the seconds ``job`` took when it was last
    built (its cache file records each stage), else the overview first and the other reports by
    the size of their study file (more entries, more figures)."""
    try:
        total = sum(v for k, v in read_cache_record(_cache_file(job)).get("seconds", {}).items() if k != "wait")
        if total > 0:
            return (0.0, -total)
    except (OSError, InputError):  # no record, or not one: the order below
        pass
    if job.name == "overview":
        return (-1.0, 0.0)
    try:
        size = sum(p.stat().st_size for p in inputs)
    except OSError:
        size = 0
    return (1.0, -float(size))


def _unchanged(new: Path, old: Path) -> bool:
    """``new`` has the bytes of ``old`` (PDFs: apart from their creation and modification dates)."""
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        a, b = new.read_bytes(), old.read_bytes()
    except OSError:
        return False
    return a == b or (old.suffix == ".pdf" and same_apart_from_dates(a, b))


def make_out_dir(out_dir: str | os.PathLike) -> Path:
    """``out_dir`` resolved and created: an InputError naming it when it is a file or cannot be made."""
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: the output folder is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: the output folder cannot be made ({exc.strerror or exc})") from None
    return out


def build(
    studies: Iterable[str] | str | None = None,
    formats: Sequence[str] = ("pdf", "html"),
    jobs: int = 2,
    force: bool = False,
    out_dir: str | os.PathLike = "reports",
    data_dir: str | os.PathLike | None = None,
    progress: bool = True,
    overview: bool | None = None,
    reuse_kernels: bool = True,
) -> BuildResult:
    """Build the study reports and the overview: executed notebook, HTML and PDF.

    Parameters
    ----------
    studies : str or iterable of str, optional
        Study ids; default every study in the ledger. ``"overview"`` may be listed
        to build the overview.
    formats : sequence of {"pdf", "html"}
        Outputs to write beside the executed notebook.
    jobs : int
        Reports built at once (each runs its own kernel and Chromium).
    force : bool
        Rebuild even when the cache says the inputs are unchanged.
    out_dir : path
        Output folder: ``<id>.pdf``, ``<id>.html``, ``executed/<id>.ipynb``,
        ``failed/<id>.ipynb`` (kept when a notebook fails), ``.cache/<id>.json``.
    data_dir : path, optional
        Ledger folder (default :func:`analysis.ledger.loading.default_data_dir`).
    progress : bool
        Show a tqdm progress bar.
    overview : bool, optional
        Build the overview. Default: when ``studies`` is None.
    reuse_kernels : bool
        Run the notebooks of one worker in one kernel with one connected client, its
        namespace emptied between notebooks, and print every PDF with one Chromium kept
        open for the build (DevTools pipe). ``False`` starts a fresh kernel and a fresh
        Chromium per report. A report that fails takes its kernel with it (the next
        report of that worker starts a fresh one).

    Returns
    -------
    BuildResult
        The report files of every requested report (a ``list[Path]``), with
        ``.built`` and ``.cached`` naming the reports rebuilt and served from the cache.

    Raises
    ------
    ReportBuildError
        After every other report has finished, naming for each failed report the
        notebook, the study and the failing cell with its error. Outputs of failed
        reports are left as they were.

    Notes
    -----
    The cache key of a report is the SHA-256 of its notebook, ``sources.yaml``, the
    source texts it names (as found in :func:`analysis.ledger.default_sources_dir`), the
    study file (every study file for the overview), every module of ``analysis``,
    the output formats and the versions of the main packages. The cache file also
    records the SHA-256 of every output, written only after every output was validated
    (the PDF read whole by :func:`analysis.report.pdf.validate_pdf`, the executed
    notebook read back); a report is fresh only while its outputs still have them.
    """
    from ..ledger import default_data_dir

    fmts = _check_arguments(formats, jobs)
    data = Path(data_dir).resolve() if data_dir else default_data_dir().resolve()
    study_files, wanted, want_overview = _select_studies(data, studies, overview)
    out = make_out_dir(out_dir)
    job_list = _plan_jobs(data, bool(data_dir), out, fmts, study_files, wanted, want_overview)
    return _run_jobs(
        job_list,
        fmts,
        jobs=jobs,
        force=force,
        progress=progress,
        reuse_kernels=reuse_kernels,
        inputs={s: [study_files[s]] for s in wanted},
    )


# --------------------------------------------------------------------------- build: its stages


def _check_arguments(formats: Sequence[str], jobs: int) -> tuple[str, ...]:
    """The output formats, each once, in order; a ValueError for an unknown format or fewer than one job."""
    fmts = tuple(dict.fromkeys(formats))
    bad = [f for f in fmts if f not in ("pdf", "html")]
    if bad or not fmts:
        raise InputError(f"formats ({formats!r}) must be a non-empty subset of ('pdf', 'html')")
    if int(jobs) < 1:
        raise InputError(f"jobs ({jobs!r}) must be >= 1")
    for nb in ("study.ipynb", "overview.ipynb"):
        if not (NOTEBOOKS / nb).is_file():
            raise ReportBuildError(f"report notebook not found: {NOTEBOOKS / nb}")
    return fmts


def _select_studies(
    data: Path, studies: Iterable[str] | str | None, overview: bool | None
) -> tuple[dict[str, Path], list[str], bool]:
    """The ledger's study files by id, the study ids to build, and whether to build the overview: a
    LedgerError for a ledger without studies, an unknown study, or a study with the reserved id
    ``overview``."""
    from ..ledger import LedgerError

    study_dir = data / "studies"
    study_files = {p.stem: p for p in sorted(study_dir.glob("*.yaml"))} if study_dir.is_dir() else {}
    if not study_files:
        raise LedgerError(study_dir, None, None, None, "no study files (studies/*.yaml)")
    if isinstance(studies, str):
        studies = [studies]
    wanted = list(dict.fromkeys(studies)) if studies else list(study_files)
    want_overview = overview if overview is not None else (studies is None or "overview" in wanted)
    wanted = [s for s in wanted if s != "overview"]
    unknown = [s for s in wanted if s not in study_files]
    if unknown:
        raise LedgerError(
            study_dir, None, "study", unknown[0], f"unknown study; known studies: {', '.join(study_files)}"
        )
    if "overview" in study_files:
        raise LedgerError(study_files["overview"], None, "study.id", "overview", "the id 'overview' is reserved")
    return study_files, wanted, want_overview


def _plan_jobs(
    data: Path,
    data_given: bool,
    out: Path,
    fmts: tuple[str, ...],
    study_files: dict[str, Path],
    wanted: list[str],
    want_overview: bool,
) -> list[_Job]:
    """One job per report: its notebook, parameters, input files and the cache key over them.

    The inputs' times are taken before their bytes are read for the key, and again before a report is
    recorded in the cache: a report whose inputs were written meanwhile is not recorded."""
    params_data = str(data) if data_given else ""
    specs = [(s, NOTEBOOKS / "study.ipynb", {"study_id": s, "data_dir": params_data}, [study_files[s]]) for s in wanted]
    if want_overview:
        specs.append(("overview", NOTEBOOKS / "overview.ipynb", {"data_dir": params_data}, list(study_files.values())))
    shared_inputs = (data / "sources.yaml", *(p for _, p in _source_texts(data)), *sorted(_PACKAGE.rglob("*.py")))
    read = {name: (nb, *files, *shared_inputs) for name, nb, _, files in specs}
    stamps = {name: _stamp(paths) for name, paths in read.items()}
    shared = _shared_digest(data, fmts)
    return [
        _Job(name, nb, params, _cache_key(nb, files, shared), out, fmts, read[name], stamps[name])
        for name, nb, params, files in specs
    ]


def _run_jobs(
    job_list: list[_Job],
    fmts: tuple[str, ...],
    jobs: int,
    force: bool,
    progress: bool,
    reuse_kernels: bool,
    inputs: dict[str, list[Path]] | None = None,
) -> BuildResult:
    """Build the jobs that are not fresh (or all, with ``force``): kernels, HTML, the printer, in parallel.
    ``inputs`` names each job's input files (the longest reports start first). The whole of it, the
    freshness check included, holds the output folder's lock (:func:`.caching.output_folder`)."""
    if not job_list:
        return BuildResult()
    with output_folder(job_list[0].out_dir):
        return _run_locked(job_list, fmts, jobs, force, progress, reuse_kernels, inputs)


#: Environment the report kernels inherit: the venv's kernel spec, the Agg backend, no debugger noise
#: (the first and the last only when not set already).
_KERNEL_ENV = {
    "JUPYTER_PREFER_ENV_PATH": ("1", False),
    "MPLBACKEND": ("Agg", True),
    "PYDEVD_DISABLE_FILE_VALIDATION": ("1", False),
}


@contextlib.contextmanager
def _kernel_environment():
    """Set :data:`_KERNEL_ENV` for the build, and put the environment back as it was after."""
    saved = {k: os.environ.get(k) for k in _KERNEL_ENV}
    for k, (value, always) in _KERNEL_ENV.items():
        if always:
            os.environ[k] = value
        else:
            os.environ.setdefault(k, value)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run_locked(
    job_list: list[_Job],
    fmts: tuple[str, ...],
    jobs: int,
    force: bool,
    progress: bool,
    reuse_kernels: bool,
    inputs: dict[str, list[Path]] | None = None,
) -> BuildResult:
    """Build the reports that are not fresh: start the workers, run the pipeline, stop the workers."""
    inputs = inputs or {}
    todo = [j for j in job_list if force or not _is_fresh(j)]
    cached = [j.name for j in job_list if j not in todo]
    paths = [p for j in job_list for p in _outputs(j)]
    if not todo:
        return BuildResult(paths, built=[], cached=cached)
    chromium = find_chromium() if "pdf" in fmts else None
    # the longest reports first, so that the last to finish is a short one (the overview and a study
    # with many figures take 5-10 times a small study)
    todo.sort(key=lambda j: _expected_seconds(j, inputs.get(j.name, [])))
    from tqdm.auto import tqdm

    with _kernel_environment():
        bar = tqdm(
            total=len(todo), desc="reports", unit="report", disable=not progress, file=sys.stderr, dynamic_ncols=True
        )
        kernels = _KernelPool(NOTEBOOKS, keep=True) if reuse_kernels else None
        printer = _BrowserPool(chromium, shared=reuse_kernels) if chromium else None
        try:
            _start_workers(printer)
            built, errors = _pipeline(todo, jobs, kernels, printer, bar)
        finally:
            if kernels is not None:
                kernels.close()
            if printer is not None:
                printer.close()
            bar.close()
    if errors:
        raise ReportBuildError(f"{len(errors)} of {len(todo)} report(s) failed:\n" + "\n".join(errors))
    return BuildResult(paths, built=built, cached=cached)


def _start_workers(printer: _BrowserPool | None) -> None:
    """Start the shared Chromium and build the HTML exporter in the background while the kernels start."""
    if printer is not None:
        printer.start()
    # imported before the other threads: threads importing nbconvert and jupyter_client's kernel
    # manager at once can meet a partly initialised module (jupyter_client's imports are circular)
    import jupyter_client.manager  # noqa: F401
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    # the HTML exporter is built while the kernels start (the main process waits for them)
    exporter = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    exporter.submit(warm_exporter)
    exporter.shutdown(wait=False)


def _pipeline(
    todo: list[_Job], jobs: int, kernels: _KernelPool | None, printer: _BrowserPool | None, bar
) -> tuple[list[str], list[str]]:
    """Run every job; return the names of the reports built and one message per failed report.

    With the shared browser, printing is a pipeline stage of its own (one print at a time): a worker hands
    its executed report to the printing thread and runs its next notebook meanwhile. Without it, each
    worker prints its own reports."""
    errors: list[str] = []
    built: list[str] = []
    pipelined = printer is not None and printer.shared
    with (
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as finisher,
        concurrent.futures.ThreadPoolExecutor(max_workers=min(int(jobs), len(todo))) as pool,
    ):

        def run(job: _Job):
            if not pipelined:
                return _build_one(job, printer, kernels)
            return finisher.submit(_finish_one, _execute_one(job, kernels), printer)

        def outcome(fut, j: _Job) -> concurrent.futures.Future | None:
            try:
                res = fut.result()
            except ReportBuildError as exc:
                errors.append(str(exc))
                bar.write(f"FAILED {j.name}: {exc}", file=sys.stderr)
            except Exception as exc:  # pragma: no cover - unexpected
                errors.append(f"report {j.name!r} ({j.notebook.name}): {type(exc).__name__}: {exc}")
            else:
                if isinstance(res, concurrent.futures.Future):
                    return res  # executed; its printing is under way
                built.append(j.name)
                bar.set_postfix_str(j.name, refresh=False)
            bar.update(1)
            return None

        futures = {pool.submit(run, j): j for j in todo}
        printing = {}
        for fut in concurrent.futures.as_completed(futures):
            j = futures[fut]
            nxt = outcome(fut, j)
            if nxt is not None:
                printing[nxt] = j
        # every notebook has run: stop the kernels while the last reports print
        closing = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        if kernels is not None:
            closing.submit(kernels.close)
        for fut in concurrent.futures.as_completed(printing):
            outcome(fut, printing[fut])
        closing.shutdown(wait=True)
    return built, errors
