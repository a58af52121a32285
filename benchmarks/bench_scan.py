"""Speed of a corpus scan (extract then audit every file) on statcheck-dev, in one process and two.

    .venv/bin/python benchmarks/bench_scan.py [--texts ../shared/benchmarks/statcheck-dev/texts] [--repeat 3]

``analysis.scan(folder, jobs=N)`` for N = 1 and 2 (the pool's start-up included), median of
``--repeat`` runs after one warm-up; texts per second and check rows per second. The extraction alone
(``analysis.extract`` on every file, one process) is measured in the same run as the baseline: the
scan's own work (validating the drafts, auditing them, the P values in one recompute_p_map call per
chunk) is the difference. Not part of the test run; the texts are not committed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import scan
from analysis.extraction import extract
from bench_consistency import median_time  # the same timing (this folder is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "statcheck-dev" / "texts")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.texts.is_dir():
        print(f"{args.texts}: not found (the statcheck-dev texts)", file=sys.stderr)
        return 1
    files = sorted(p for p in args.texts.rglob("*") if p.is_file())
    [extract(f) for f in files]  # warm-up: imports and compiled patterns
    t_extract = median_time(lambda: [extract(f) for f in files], args.repeat)
    res = scan(args.texts, progress=False)
    rows = len(res.to_frame())
    print(f"{len(files)} texts, {rows} check rows ({(res.to_frame()['check'] == 'recompute_p').sum()} "
          f"recomputed P values), {len(res.failed)} unreadable\n")
    print("| run | median s | texts/s | rows/s |")
    print("|---|---:|---:|---:|")
    print(f"| extract only (baseline, 1 process) | {t_extract:.2f} | {len(files) / t_extract:.1f} | - |")
    for jobs in (1, 2):
        t = median_time(lambda: scan(args.texts, jobs=jobs, progress=False), args.repeat)
        print(f"| `scan(jobs={jobs})` | {t:.2f} | {len(files) / t:.1f} | {rows / t:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
