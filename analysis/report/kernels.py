"""A pool of reused Jupyter kernels for report builds, and readable messages for failing cells.

May import the standard library, jupyter_client and nbclient; nothing else of analysis.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .browser import ReportBuildError


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
            hits = [i for i, c in enumerate(nbformat.read(notebook, as_version=4).cells)
                    if c.cell_type == "code" and c.source.strip() == code]
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


#: Run in a reused kernel before each notebook: an empty namespace, execution counts from 1.
_RESET_CODE = ("get_ipython().run_line_magic('reset', '-f')\n"
               "get_ipython().execution_count = 1")


class _KernelPool:
    """One python3 kernel per worker thread, reused across the notebooks of a build.

    Starting a kernel and importing pandas, scipy and matplotlib costs about 3 s; a
    study notebook runs in about 1.5 s once they are loaded. Before each notebook the
    kernel's namespace is reset (``%reset -f``) and its execution count set back to 1,
    so every notebook starts from an empty namespace; modules stay imported. A kernel
    that died is replaced.
    """

    def __init__(self, cwd: Path):
        import threading

        self._cwd = cwd
        # kernels talk over unix sockets here (no TCP port, and no "running over TCP
        # without encryption" warning from ipykernel)
        self._ipc_dir = tempfile.mkdtemp(prefix="reanalysis-kernels-")
        self._count = 0
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Any] = []

    def get(self):
        from jupyter_client.manager import KernelManager

        km = getattr(self._local, "km", None)
        if km is not None:
            _stop_clients(km)  # the clients papermill opened for the previous notebook
        if km is not None and not km.is_alive():
            self._shutdown(km)
            km = None
        if km is None:
            with self._lock:
                self._count += 1
                ip = os.path.join(self._ipc_dir, f"k{self._count}")
            km = _tracking_kernel_manager(KernelManager, transport="ipc", ip=ip)
            km.start_kernel(cwd=str(self._cwd))
            self._local.km = km
            with self._lock:
                self._all.append(km)
            return km
        kc = km.client()
        try:
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            reply = kc.execute_interactive(_RESET_CODE, timeout=60, output_hook=_ignore)
        finally:
            kc.stop_channels()
        if reply["content"].get("status") != "ok":
            raise ReportBuildError(f"could not reset the report kernel: {reply['content'].get('evalue')}")
        return km

    def _shutdown(self, km) -> None:
        _stop_clients(km)
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass
        with self._lock:
            if km in self._all:
                self._all.remove(km)

    def close(self) -> None:
        for km in list(self._all):
            self._shutdown(km)
        shutil.rmtree(self._ipc_dir, ignore_errors=True)


def _ignore(_msg) -> None:
    return None


def _tracking_kernel_manager(base, **kwargs):
    """A kernel manager that remembers the clients it hands out, so they can be closed
    (nbclient leaves its client open when it does not own the kernel)."""

    class TrackingKernelManager(base):
        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("_report_clients", []).append(kc)
            return kc

    return TrackingKernelManager(kernel_name="python3", **kwargs)


def _stop_clients(km) -> None:
    for kc in km.__dict__.pop("_report_clients", []):
        try:
            kc.stop_channels()
        except Exception:  # already stopped
            pass
