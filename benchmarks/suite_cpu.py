"""Where `make test`'s CPU goes: a pytest plugin that records each test's CPU, and a summary of what it wrote.

The plugin reads, around each test's setup, call and teardown, the CPU of the test process (getrusage: self and
waited-for children) and of its live descendants (/proc/<pid>/task/*/children, then /proc/<pid>/stat: utime,
stime, cutime, cstime), so that a report kernel or a Chromium kept between builds counts in the test that makes
it work, not when it stops. It also logs each report kernel and Chromium started, and every change a test leaves
in ``os.environ`` (a changed environment makes the next report build start a kernel of its own). Each process
(each xdist worker) writes ``$SUITE_CPU.<worker>.json``. Linux only. Run from the repository, as `make test` runs:

    SUITE_CPU=/tmp/run1 PYTHONPATH=benchmarks .venv/bin/python -m pytest -n auto --dist loadfile \
        --no-loadscope-reorder -p suite_cpu -q
    .venv/bin/python benchmarks/suite_cpu.py /tmp/run1 [files]   # per worker, then the [files] costliest files

A test that stops a process another test started (a kept kernel, a kept browser) may show a negative figure: the
process's CPU leaves the live descendants and, when the test process is not its parent, is counted nowhere. The
totals per worker (``session``) are exact; compare whole runs with ``/usr/bin/time`` (benchmarks/README.md).
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_rows: list = []
_events: list = []
_marks: dict = {}
_env: list = [None]


def _children(pid) -> list[str]:
    out: list[str] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += fh.read().split()
        except OSError:
            pass
    return out


def _descendants_cpu() -> float:
    total, todo = 0.0, _children(os.getpid())
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        total += sum(int(x) for x in fields[11:15]) / _TICK
        todo += _children(pid)
    return total


def _cpu() -> tuple[float, float]:
    """(this process, its children: waited for and alive) in CPU seconds."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime + _descendants_cpu()


def pytest_sessionstart(session):
    _marks["start"] = (time.time(), _cpu())


def pytest_collection_finish(session):
    _marks["collected"] = (time.time(), _cpu())


def pytest_configure(config):
    try:
        from jupyter_client.manager import KernelManager

        from analysis.report import browser
    except ImportError:
        return
    start_kernel, start_browser = KernelManager.start_kernel, browser._Browser.__init__

    def kernel(self, *args, **kwargs):
        _events.append(("kernel", os.environ.get("PYTEST_CURRENT_TEST", "")))
        return start_kernel(self, *args, **kwargs)

    def chromium(self, *args, **kwargs):
        _events.append(("chromium", os.environ.get("PYTEST_CURRENT_TEST", "")))
        return start_browser(self, *args, **kwargs)

    KernelManager.start_kernel, browser._Browser.__init__ = kernel, chromium


def _hookwrapper(fn):
    import pytest

    return pytest.hookimpl(hookwrapper=True)(fn)


@_hookwrapper
def pytest_runtest_protocol(item, nextitem):
    w0, (s0, c0) = time.time(), _cpu()
    yield
    w1, (s1, c1) = time.time(), _cpu()
    _rows.append((item.nodeid, s1 - s0, c1 - c0, w1 - w0, w0))
    now = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    if _env[0] is not None and now != _env[0]:
        _events.append(("environ", item.nodeid, sorted(k for k in {*now, *_env[0]} if now.get(k) != _env[0].get(k))))
    _env[0] = now


def pytest_sessionfinish(session):
    out = os.environ.get("SUITE_CPU")
    if not out:
        return
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    data = {"worker": os.environ.get("PYTEST_XDIST_WORKER", "main"), **_marks, "end": (time.time(), _cpu()),
            "user_sys": [me.ru_utime, me.ru_stime, kids.ru_utime, kids.ru_stime], "rows": _rows, "events": _events}
    with open(f"{out}.{data['worker']}.json", "w") as fh:
        json.dump(data, fh)


def summary(prefix: str, files: int = 0) -> None:
    """Per worker: tests, CPU in collection, in tests and in all, wall; then the ``files`` costliest files."""
    import collections
    import glob

    per: collections.Counter = collections.Counter()
    where = {}
    for name in sorted(glob.glob(f"{prefix}.*.json")):
        d = json.load(open(name))
        if "collected" not in d:
            continue  # xdist's controller

        def cpu(mark):
            return sum(mark[1])

        print(f"{d['worker']}: {len(d['rows'])} tests, CPU {cpu(d['end']) - cpu(d['start']):.1f} s "
              f"(collection {cpu(d['collected']) - cpu(d['start']):.1f}, tests "
              f"{sum(r[1] + r[2] for r in d['rows']):.1f}), wall {d['end'][0] - d['start'][0]:.1f} s; "
              f"{sum(e[0] == 'kernel' for e in d['events'])} kernels and "
              f"{sum(e[0] == 'chromium' for e in d['events'])} Chromiums started")
        for row in d["rows"]:
            path = row[0].split("::")[0]
            per[path] += row[1] + row[2]
            where[path] = d["worker"]
    for path, seconds in per.most_common(files):
        print(f"{seconds:7.2f} s  {where[path]}  {path}")


if __name__ == "__main__":
    summary(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
