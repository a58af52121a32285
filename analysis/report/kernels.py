"""A pool of reused Jupyter kernels for report builds, and readable messages for failing cells.

May import the standard library, jupyter_client, nbclient and papermill; nothing else of analysis.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from .browser import Kept, ReportBuildError


def _cell_message(exc, notebook: Path) -> str:
    """Where a notebook failed: the cell index in the committed notebook (papermill counts the
    cell it injects), the execution count, the cell's first line, the error, its origin."""
    idx = getattr(exc, "cell_index", None)
    count = getattr(exc, "exec_count", None)
    src = str(getattr(exc, "source", "") or "").strip().splitlines()
    first = src[0] if src else ""
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    name = f"{notebook.parent.name}/{notebook.name}"
    if idx is None:
        where = f"a cell of {name}"
    else:
        src_idx = idx - 1  # papermill counts the parameters cell it injects after the tagged one
        try:  # find the failing cell in the committed notebook by its source
            import nbformat

            code = str(getattr(exc, "source", "") or "").strip()
            hits = [
                i
                for i, c in enumerate(nbformat.read(notebook, as_version=4).cells)
                if c.cell_type == "code" and c.source.strip() == code
            ]
            if len(hits) == 1:
                src_idx = hits[0]
        except Exception:  # the message must not fail
            pass
        where = f"cell {src_idx} of {name} (cell {idx} of the executed notebook"
        where += f", execution count {count})" if count is not None else ")"
    # the innermost frame of the traceback says where in the package the error arose
    tb = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(getattr(exc, "traceback", None) or []))
    frames = re.findall(r"File (\S+?):(\d+)", tb)
    origin = f" (in {Path(frames[-1][0]).name} line {frames[-1][1]})" if frames else ""
    return f"{where} `{first[:80]}` raised {ename}: {evalue}{origin}"


#: Arguments of every report kernel. IPython's history database is off: a kernel reused across
#: notebooks restarts its execution count at 1, and with history on every reused kernel printed
#: "ERROR! Session/line number was not unique in database" into the next report (two kernels also
#: shared one SQLite file). Reports never read the history.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)

#: Run in a reused kernel before each notebook (silently, outside the history): every name the
#: previous notebook defined is removed, the output cache emptied and the execution count set back
#: to 1, so each notebook starts from an empty namespace; imported modules stay loaded. Unlike
#: ``%reset -f`` it runs no full garbage collection (benchmarks/README.md, ``bench_report.py``).
_RESET_CODE = (
    "(lambda ip: ([ip.user_ns.pop(k, None) for k in list(ip.user_ns) if k not in ip.user_ns_hidden],"
    " ip.user_ns['_oh'].clear(), ip.user_ns.update(_='', __='', ___='', _i='', _ii='', _iii=''),"
    " setattr(ip, 'execution_count', 1)))(get_ipython())"
)


#: Added to a kernel's first reset, after its first notebook has imported pandas, scipy, statsmodels and
#: matplotlib: one full garbage collection, then every object alive moved out of the collector's view
#: (``gc.freeze``), so that the full collections of later notebooks (statsmodels' Holm ends with
#: ``gc.collect()``, and Python's own) walk only what those notebooks made: one kernel running the suite's
#: report notebooks spent 1.35 s of its 8.3 s CPU in 14 full collections (benchmarks/README.md, suite10).
_FREEZE_CODE = "\n(lambda gc: (gc.collect(), gc.freeze()))(__import__('gc'))"


class _Kernel:
    """A kernel and the one client that talks to it for a whole build (no reconnect per notebook:
    ``wait_for_ready`` alone flushes IOPub for a while each time)."""

    def __init__(self, km, kc):
        self.km, self.kc = km, kc
        self.frozen = False  # its heap frozen at its first reset (:data:`_FREEZE_CODE`)

    def reset(self, timeout: float = 60.0, environment: dict[str, str | None] | None = None) -> None:
        """Empty the namespace (:data:`_RESET_CODE`) and set the kernel's ``os.environ`` values of
        ``environment`` (``None``: removed); raise :class:`ReportBuildError` if the kernel refuses."""
        from queue import Empty

        code = _RESET_CODE if self.frozen else _RESET_CODE + _FREEZE_CODE
        if environment:
            values = {k: v for k, v in environment.items() if v is not None}
            gone = sorted(k for k, v in environment.items() if v is None)
            code += (
                "\n(lambda e: (e.update(" + repr(values) + "), [e.pop(k, None) for k in " + repr(gone) + "]))"
                "(__import__('os').environ)"
            )
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        try:
            while True:
                reply = self.kc.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        except Empty:
            raise ReportBuildError(f"the report kernel did not answer its reset within {timeout:.0f} s") from None
        if reply["content"].get("status") != "ok":
            raise ReportBuildError(f"could not reset the report kernel: {reply['content'].get('evalue')}")
        self.frozen = True


#: Idle kernels kept between the builds of this process, by :func:`_environment_key`; keeps none until
#: :func:`keep_between_builds` (the test suite calls it): each build stops its kernels.
_KEPT = Kept(lambda kernel: _stop(kernel))


def keep_between_builds() -> None:
    """Keep the kernels of a build, idle, for the next build of this process started in the same environment
    (working folder and every environment variable but :data:`_RUNTIME_ENV` and pytest's ``PYTEST_CURRENT_TEST``:
    a kernel inherits the environment it was started in). A kept kernel is given the new build's
    :data:`_RUNTIME_ENV` with its reset. The test suite calls it: its builds then share kernels whose imports
    are done. :func:`close_kept` stops them (also at exit)."""
    _KEPT.turn_on(close_kept)


def close_kept() -> None:
    """Stop every kernel :func:`keep_between_builds` kept, and keep none from now on."""
    _KEPT.close()
    for folder in _IPC_DIRS:
        shutil.rmtree(folder, ignore_errors=True)
    _IPC_DIRS.clear()


#: The socket folders of pools whose kernels were kept (removed by :func:`close_kept`).
_IPC_DIRS: list[str] = []


#: The environment variables the package reads when it runs, not when it is imported
#: (:func:`analysis.ledger.loading.default_data_dir` and ``default_sources_dir``): a kept kernel takes the next build's.
_RUNTIME_ENV = ("REANALYSIS_DATA", "REANALYSIS_SOURCES")


def _environment_key(cwd: Path) -> tuple:
    skip = {*_RUNTIME_ENV, "PYTEST_CURRENT_TEST"}
    return (str(cwd), tuple(sorted((k, v) for k, v in os.environ.items() if k not in skip)))


def _stop(kernel: _Kernel) -> None:
    try:
        kernel.kc.stop_channels()
    except Exception:  # already stopped
        pass
    try:
        kernel.km.shutdown_kernel(now=True)
    except Exception:  # already gone
        pass


class _KernelPool:
    """One python3 kernel per worker thread, reused across the notebooks of a build.

    Starting a kernel and importing pandas, scipy and matplotlib costs far more than running a
    study notebook once they are loaded (benchmarks/README.md, ``bench_report.py``). Each kernel keeps one
    connected client for the whole build, and before each notebook its namespace is
    emptied (:data:`_RESET_CODE`) and its execution count set back to 1; modules stay
    imported. A kernel that died is replaced. Kernels run with
    :data:`KERNEL_ARGUMENTS` (no history database). With ``keep`` (and :func:`keep_between_builds`
    called), :meth:`close` keeps the live kernels for the next pool made in the same environment, and
    :meth:`get` takes one of those (reset) before it starts a kernel.
    """

    def __init__(self, cwd: Path, keep: bool = False):
        self._cwd = cwd
        self._key = _environment_key(cwd) if keep else None
        self._runtime = {k: os.environ.get(k) for k in _RUNTIME_ENV}
        # kernels talk over unix sockets here (no TCP port, and no "running over TCP
        # without encryption" warning from ipykernel)
        self._ipc_dir = tempfile.mkdtemp(prefix="reanalysis-kernels-")
        self._count = 0
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[_Kernel] = []

    def get(self) -> _Kernel:
        """This thread's kernel, started if needed, else reset; ready for the next notebook."""
        from jupyter_client.manager import KernelManager

        kernel = getattr(self._local, "kernel", None)
        if kernel is not None and not kernel.km.is_alive():
            self._shutdown(kernel)
            kernel = None
        if kernel is None and self._key is not None:
            kernel = _KEPT.take(self._key)
            if kernel is not None and not kernel.km.is_alive():
                _stop(kernel)
                kernel = None
            if kernel is not None:
                self._local.kernel = kernel
                with self._lock:
                    self._all.append(kernel)
        if kernel is None:
            with self._lock:
                self._count += 1
                ip = os.path.join(self._ipc_dir, f"k{self._count}")
            km = KernelManager(kernel_name="python3", transport="ipc", ip=ip)
            km.start_kernel(cwd=str(self._cwd), extra_arguments=list(KERNEL_ARGUMENTS))
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=60)
            except RuntimeError as exc:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
                raise ReportBuildError(f"the report kernel did not start: {exc}") from None
            kc.allow_stdin = False
            kernel = _Kernel(km, kc)
            self._local.kernel = kernel
            with self._lock:
                self._all.append(kernel)
            return kernel
        kernel.reset(environment=self._runtime if self._key is not None else None)
        return kernel

    def discard(self) -> None:
        """Shut down this thread's kernel (after a failure it may be busy or broken); the next
        :meth:`get` starts a fresh one."""
        kernel = getattr(self._local, "kernel", None)
        if kernel is not None:
            self._local.kernel = None
            self._shutdown(kernel)

    def _shutdown(self, kernel: _Kernel) -> None:
        _stop(kernel)
        with self._lock:
            if kernel in self._all:
                self._all.remove(kernel)

    def close(self) -> None:
        """Shut every kernel down, at once (each takes about 0.1 s to stop); or keep the live ones
        (:func:`keep_between_builds`)."""
        kernels = list(self._all)
        if self._key is not None:
            live = [k for k in kernels if k.km.is_alive()]
            if _KEPT.put(self._key, live):
                kernels = [k for k in kernels if k not in live]
                if live:
                    _IPC_DIRS.append(self._ipc_dir)
            with self._lock:
                self._all = [k for k in self._all if k in kernels]
            self._local = threading.local()
        stops = [threading.Thread(target=self._shutdown, args=(k,)) for k in kernels]
        for t in stops:
            t.start()
        for t in stops:
            t.join()
        if self._ipc_dir not in _IPC_DIRS:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)


def _engine():
    """The papermill engine that runs a notebook on a pooled :class:`_Kernel` (registered once as
    ``"reanalysis-pooled"``): papermill's own :class:`~papermill.clientwrap.PapermillNotebookClient`
    executes every cell and records its outputs, only the kernel and its client are handed in."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class PooledEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            kernel: _Kernel | None = None,
            **kwargs,
        ):
            if kernel is None:
                raise TypeError("the pooled engine runs in a kernel handed in by the build")
            client = PapermillNotebookClient(
                nb_man,
                km=kernel.km,
                kernel_name=kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
            )
            client.kc = kernel.kc  # connected and ready; nbclient keeps it open (it does not own the kernel)
            return client.execute()

    if "reanalysis-pooled" not in papermill_engines._engines:
        papermill_engines.register("reanalysis-pooled", PooledEngine)
    return "reanalysis-pooled"
