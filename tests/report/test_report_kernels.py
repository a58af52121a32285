"""The kernel pool of report builds: an emptied namespace between notebooks, no history noise, a busy
kernel replaced after a failure (a cell over its time limit keeps running until its kernel is shut down)."""
from __future__ import annotations

import ast
import time

import pytest

from analysis.report import kernels
from analysis.report.building import NOTEBOOKS


def _run(kernel, code: str) -> dict:
    """Execute ``code``; the reply and every stream output it printed."""
    msg_id = kernel.kc.execute(code)
    streams = []
    while True:
        msg = kernel.kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            streams.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kernel.kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return {"reply": reply["content"], "streams": "".join(streams)}


@pytest.fixture()
def pool():
    p = kernels._KernelPool(NOTEBOOKS)
    yield p
    p.close()


@pytest.mark.slow
def test_reset_empties_the_namespace_and_restarts_the_count(pool):
    k = pool.get()
    first = _run(k, "secret = 41\nimport json\nprint(secret + 1)")
    assert first["streams"] == "42\n"
    _run(k, "also = 1")
    assert pool.get() is k                            # the same kernel, reset
    after = _run(k, "print(sorted(n for n in dir() if not n.startswith('_')))")
    names = ast.literal_eval(after["streams"])        # the list the kernel printed
    assert "secret" not in names and "also" not in names and "json" not in names
    assert after["reply"]["execution_count"] == 1
    # with the history database on, this is where "ERROR! Session/line number was not unique" appeared
    again = _run(k, "print('ok')")
    assert again["streams"] == "ok\n" and again["reply"]["execution_count"] == 2


@pytest.mark.slow
def test_the_first_reset_freezes_the_heap_once(pool):
    """The first reset moves what the first notebook left alive (its imports) out of the garbage collector's view,
    so that later full collections walk only what later notebooks make; later resets freeze nothing more (a
    freeze at every reset would keep each notebook's cyclic garbage for good)."""
    k = pool.get()
    before = int(_run(k, "import gc\nprint(gc.get_freeze_count())")["streams"])
    _run(k, "import sys\nsys.first_notebook_made = [[] for _ in range(5000)]")   # alive after the reset
    assert pool.get() is k and k.frozen
    frozen = int(_run(k, "import gc\nprint(gc.get_freeze_count())")["streams"])
    assert frozen >= before + 5000
    _run(k, "import sys\nsys.second_notebook_made = [[] for _ in range(5000)]")
    assert pool.get() is k
    assert int(_run(k, "import gc\nprint(gc.get_freeze_count())")["streams"]) < frozen + 5000   # not frozen


@pytest.mark.slow
def test_discard_replaces_a_busy_kernel(pool, tmp_path):
    started, finished = tmp_path / "started", tmp_path / "finished"
    k = pool.get()
    # a cell over its time limit, still running: it says when it starts, and would say when it ends
    k.kc.execute(f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(60)\n"
                 f"pathlib.Path({str(finished)!r}).touch()")
    for _ in range(600):
        if started.exists():
            break
        time.sleep(0.1)
    assert started.exists()
    pool.discard()
    # the busy kernel was stopped, not waited for: its cell never ended
    assert not k.km.is_alive() and not finished.exists()
    fresh = pool.get()
    assert fresh is not k and fresh.km.is_alive()
    assert _run(fresh, "print(1 + 1)")["streams"] == "2\n"


@pytest.mark.slow
def test_kept_kernels_serve_the_next_build_of_the_same_environment_only(monkeypatch, tmp_path):
    """With keep_between_builds (the suite turns it on: conftest._report_kernels_kept), a build's kernels
    serve the next build started in the same environment, reset, with that build's REANALYSIS_SOURCES (read
    when a report runs); a build in an environment that differs otherwise (REANALYSIS_YAML is read at
    import) starts its own; a discarded kernel is stopped, not kept."""
    kernels.keep_between_builds()
    monkeypatch.setenv("REANALYSIS_SOURCES", str(tmp_path / "a"))
    monkeypatch.delenv("REANALYSIS_DATA", raising=False)
    first = kernels._KernelPool(NOTEBOOKS, keep=True)
    k = first.get()
    _run(k, "secret = 41\nimport os\nos.environ['REANALYSIS_DATA'] = 'left over'")
    first.close()
    assert k.km.is_alive()  # kept, not stopped
    monkeypatch.setenv("REANALYSIS_SOURCES", str(tmp_path / "b"))
    second = kernels._KernelPool(NOTEBOOKS, keep=True)
    show = "import os\nprint('secret' in dir(), os.environ['REANALYSIS_SOURCES'], os.environ.get('REANALYSIS_DATA'))"
    try:
        assert second.get() is k  # the kept kernel, reset, with this build's sources
        after = _run(k, show)
        assert after["streams"] == f"False {tmp_path / 'b'} None\n" and after["reply"]["execution_count"] == 1
        monkeypatch.setenv("REANALYSIS_YAML", "python")
        other = kernels._KernelPool(NOTEBOOKS, keep=True)
        try:
            o = other.get()
            assert o is not k
            assert _run(o, "import os\nprint(os.environ['REANALYSIS_YAML'])")["streams"] == "python\n"
            other.discard()  # a discarded kernel is stopped, never kept
            assert not o.km.is_alive()
        finally:
            other.close()
    finally:
        second.discard()
        second.close()
    assert not k.km.is_alive()
