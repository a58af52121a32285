"""Time the report build: every study and the overview, then a build with nothing changed.

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeat 3] [--jobs 2]``

Builds into a temporary folder (``reports/`` is not touched): ``repeat`` full builds
(``force=True``) and ``repeat`` no-change builds, and prints the median and every
run, plus the per-stage seconds of the last full build (execute, html, pdf) read from
the cache files. Targets (issue 5): full build under 60 s, no-change build under 5 s,
on a 2-core machine with the venv in place.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the no-change build is timed as the command a user runs: a fresh interpreter
NO_CHANGE = ("import sys; from analysis.report.building import build; "
             "r = build(out_dir=sys.argv[1], jobs=int(sys.argv[2]), progress=False); "
             "assert not r.built, r.built")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    from analysis.report.building import build

    full, again = [], []
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        out = Path(tmp) / "reports"
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = build(out_dir=out, jobs=args.jobs, force=True, progress=False)
            full.append(time.perf_counter() - t0)
            n = len(r.built)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", NO_CHANGE, str(out), str(args.jobs)], check=True, cwd=ROOT)
            again.append(time.perf_counter() - t0)
        stages = {p.stem: json.loads(p.read_text())["seconds"] for p in sorted((out / ".cache").glob("*.json"))}
    print(f"reports built: {n} (jobs={args.jobs})")
    print(f"full build:      median {statistics.median(full):.1f} s   runs {', '.join(f'{t:.1f}' for t in full)}")
    print(f"no-change build: median {statistics.median(again):.2f} s  runs {', '.join(f'{t:.2f}' for t in again)}")
    print("seconds per stage in the last full build (first report of each worker also starts its kernel "
          "and its Chromium):")
    for name, sec in stages.items():
        print(f"  {name:28s} " + "  ".join(f"{k} {v:5.2f}" for k, v in sec.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
