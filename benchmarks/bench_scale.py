"""A corpus scan's scaling: ``jobs=2`` against ``jobs=1``, and a Dask cluster against the process pool.

    .venv/bin/python benchmarks/bench_scale.py [--files 1000] [--repeat 3] [--texts DIR] [--no-dask]

Issue 22 item 3. The corpus is made from the development texts (default the 25 statcheck-dev texts,
copied under new names until there are ``--files`` of them, in a temporary folder that is deleted
afterwards; nothing is committed). Each run is a fresh Python process (so no run inherits another's
warm caches or memory), importing the package and scanning one text as a warm-up before the clock
starts; the runs of the three set-ups are interleaved (1, 2, dask, 1, 2, dask, ...) so the machine's
load falls on each alike, and the table gives medians:

- ``scan(jobs=1)``: one process;
- ``scan(jobs=2)``: the process pool of two workers (its start-up inside the timing);
- ``scan(client=...)``: a ``dask.distributed.LocalCluster`` of two single-threaded worker processes
  (started before the clock; its start-up is printed apart).

Peak memory: the largest resident set of any worker (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after
the pool has closed; each Dask worker's own ``RUSAGE_SELF``), and of the parent. It is printed for
the corpus at a quarter of its size too, to show that a worker's memory does not grow with the corpus
(files go to workers in chunks; a worker holds one chunk's drafts at a time). CPU count and load
average are printed before and after. Not part of the test run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEXTS = ROOT.parent / "shared" / "benchmarks" / "statcheck-dev" / "texts"
SETUPS = ("jobs=1", "jobs=2", "dask")


def make_corpus(texts: Path, n: int, dest: Path) -> list[Path]:
    """``n`` files copied from the texts in ``texts`` (cycled, in name order) into ``dest``."""
    src = sorted(p for p in texts.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not src:
        raise SystemExit(f"{texts}: no texts found")
    out = []
    for i in range(n):
        s = src[i % len(src)]
        d = dest / f"{i:04d}_{s.name}"
        shutil.copyfile(s, d)
        out.append(d)
    return out


def _kb_to_mb(kb: float) -> float:
    return kb / 1024   # ru_maxrss is in kilobytes on Linux


def run_one(setup: str, folder: Path) -> dict:
    """One timed scan in this process (called in a child: ``--one SETUP --dir FOLDER``)."""
    from analysis import scan

    files = sorted(folder.iterdir())
    scan(files[:1], progress=False)   # warm-up: imports, compiled patterns
    out: dict = {"setup": setup}
    if setup == "dask":
        from dask.distributed import Client, LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        out["startup_s"] = time.perf_counter() - t0
        # each worker warmed before the clock as the parent was (imports, compiled patterns, a first scan's lazy
        # imports): the pool's workers are forked from the warmed parent and start warm
        first = str(files[0])
        client.run(lambda: __import__("analysis").scan([first], progress=False) and None)
        try:
            t0 = time.perf_counter()
            res = scan(folder, client=client, progress=False)
            out["wall_s"] = time.perf_counter() - t0
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            out["worker_peak_mb"] = _kb_to_mb(max(rss.values()))
        finally:
            client.close()
            cluster.close()
    else:
        jobs = int(setup.split("=")[1])
        t0 = time.perf_counter()
        res = scan(folder, jobs=jobs, progress=False)
        out["wall_s"] = time.perf_counter() - t0
        if jobs > 1:
            out["worker_peak_mb"] = _kb_to_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    out["parent_peak_mb"] = _kb_to_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    frame = res.to_frame()
    out["rows"] = len(frame)
    out["failed"] = len(res.failed)
    return out


def child(setup: str, folder: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--one", setup, "--dir", str(folder)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{setup}: the run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    ap.add_argument("--no-dask", action="store_true", help="leave out the Dask set-up")
    ap.add_argument("--one", choices=SETUPS, help=argparse.SUPPRESS)
    ap.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.dir)))
        return 0
    if not args.texts.is_dir():
        print(f"{args.texts}: not found (the development texts)", file=sys.stderr)
        return 1
    setups = [s for s in SETUPS if not (args.no_dask and s == "dask")]
    print(f"{os.cpu_count()} CPUs; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        big.mkdir()
        small.mkdir()
        make_corpus(args.texts, args.files, big)
        make_corpus(args.texts, max(1, args.files // 4), small)
        runs: dict[str, list[dict]] = {s: [] for s in setups}
        for _ in range(args.repeat):
            for s in setups:
                runs[s].append(child(s, big))
        quarter = {s: child(s, small) for s in setups if s != "jobs=1"}
    base = statistics.median(r["wall_s"] for r in runs["jobs=1"])
    pool = statistics.median(r["wall_s"] for r in runs["jobs=2"])
    print(f"\n{args.files} files made from {args.texts.name} ({runs['jobs=1'][0]['rows']:,} "
          f"check rows; {runs['jobs=1'][0]['failed']} unreadable); median of {args.repeat} interleaved runs\n")
    print("| set-up | median wall s | runs s | files/s | speed-up over jobs=1 | peak worker MB "
          f"(at {args.files} / {max(1, args.files // 4)} files) | parent peak MB |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for s in setups:
        walls = [r["wall_s"] for r in runs[s]]
        med = statistics.median(walls)
        rows = {r["rows"] for r in runs[s]}
        if rows != {runs["jobs=1"][0]["rows"]}:
            print(f"rows differ between set-ups: {s} gave {sorted(rows)}", file=sys.stderr)
            return 1
        peak = ", ".join(f"{r['worker_peak_mb']:.0f}" for r in runs[s]) if "worker_peak_mb" in runs[s][0] else "-"
        q = f" / {quarter[s]['worker_peak_mb']:.0f}" if quarter.get(s, {}).get("worker_peak_mb") else ""
        print(f"| `{s}` | {med:.1f} | {', '.join(f'{w:.1f}' for w in walls)} | {args.files / med:.1f} | "
              f"{base / med:.2f} | {peak}{q} | {statistics.median(r['parent_peak_mb'] for r in runs[s]):.0f} |")
    if "dask" in runs:
        dask = statistics.median(r["wall_s"] for r in runs["dask"])
        starts = ", ".join(f"{r['startup_s']:.1f}" for r in runs["dask"])
        print(f"\nDask against the process pool: {dask / pool:.2f} times its time "
              f"(target within 1.10); cluster start-up (not timed above) {starts} s")
    print(f"jobs=2 against jobs=1: {base / pool:.2f} times as fast (target at least 1.8)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
