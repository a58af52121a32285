"""Time the report build against the build of a baseline commit, in the same run (issue 13, item 1).

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 3] [--jobs 2] [--baseline REV]``

The baseline is the tree of ``--baseline`` (default: the commit before the faster build) unpacked
with ``git archive`` into a temporary folder and imported from there (``PYTHONPATH``) by the same
interpreter; both builds run the whole ledger (every study and the overview, PDF and HTML) into
temporary folders (``reports/`` is not touched), alternating baseline and current so that load on
the machine falls on both. Each timing is a fresh interpreter, as a user runs ``reanalysis report``:
``repeat`` full builds (``force=True``) and ``repeat`` no-change builds of each, medians and ratios.
Targets (issue 13): full build <= 8 s, no-change build <= 0.5 s, on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The last commit whose report build is the slow one (kernel reset over a new client per report,
#: papermill's client start, history noise); the faster build came after it.
BASELINE = "097e0ba"

#: One build in a fresh interpreter; prints what was built.
BUILD = ("import json, sys; from {module} import build; "
         "r = build(out_dir=sys.argv[1], jobs=int(sys.argv[2]), force=sys.argv[3] == '1', progress=False); "
         "print(json.dumps({{'built': len(r.built), 'cached': len(r.cached)}}))")


def _unpack(rev: str, dest: Path) -> Path:
    """The tree of ``rev`` (``git archive``), without touching the repository's worktrees."""
    proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                          capture_output=True)
    tar = dest / "baseline.tar"
    tar.write_bytes(proc.stdout)
    tree = dest / "baseline"
    with tarfile.open(tar) as t:
        t.extractall(tree, filter="data")
    return tree


def _module(tree: Path) -> str:
    return "analysis.report.building" if (tree / "analysis" / "report" / "building.py").is_file() \
        else "analysis.report"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _time(tree: Path, out: Path, jobs: int, force: bool) -> tuple[float, float, dict]:
    """Wall seconds, CPU seconds of the whole process tree (kernels and Chromium included: each is
    reaped by its parent), and what was built."""
    env = dict(os.environ, PYTHONPATH=str(tree), MPLBACKEND="Agg", JUPYTER_PREFER_ENV_PATH="1")
    code = BUILD.format(module=_module(tree))
    c0, t0 = _cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(out), str(jobs), "1" if force else "0"],
                          cwd=tree, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {tree}:\n{proc.stderr[-2000:]}")
    return seconds, cpu, json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--baseline", default=BASELINE, help="commit whose build is the baseline")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        trees = {"baseline": _unpack(args.baseline, tmp), "current": ROOT}
        full = {k: [] for k in trees}
        cpu = {k: [] for k in trees}
        again = {k: [] for k in trees}
        counts = {}
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            for name, tree in trees.items():
                sec, used, n = _time(tree, tmp / f"out-{name}", args.jobs, force=True)
                full[name].append(sec)
                cpu[name].append(used)
                counts[name] = n["built"]
        for _ in range(args.repeat):
            for name, tree in trees.items():
                sec, _used, n = _time(tree, tmp / f"out-{name}", args.jobs, force=False)
                assert n["built"] == 0, (name, n)
                again[name].append(sec)

    med = {k: {"full": statistics.median(full[k]), "again": statistics.median(again[k]),
               "cpu": statistics.median(cpu[k])} for k in trees}
    print(f"reports: {counts['current']} (baseline {counts['baseline']}), jobs={args.jobs}, "
          f"baseline = {args.baseline}, {args.repeat} runs each, fresh interpreter per build; "
          f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} CPUs")
    for k in trees:
        print(f"  {k:9s} full build  median {med[k]['full']:5.2f} s   runs "
              + ", ".join(f"{t:.2f}" for t in full[k]))
        print(f"  {k:9s} full build  CPU median {med[k]['cpu']:5.2f} s (user + system, whole process tree)   runs "
              + ", ".join(f"{t:.2f}" for t in cpu[k]))
        print(f"  {k:9s} no change   median {med[k]['again']:5.2f} s   runs "
              + ", ".join(f"{t:.2f}" for t in again[k]))
    print(f"speed-up: full {med['baseline']['full'] / med['current']['full']:.2f}x (CPU "
          f"{med['baseline']['cpu'] / med['current']['cpu']:.2f}x), "
          f"no change {med['baseline']['again'] / med['current']['again']:.2f}x")
    print(f"targets: full <= 8 s: {'met' if med['current']['full'] <= 8 else 'NOT met'}; "
          f"no change <= 0.5 s: {'met' if med['current']['again'] <= 0.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
