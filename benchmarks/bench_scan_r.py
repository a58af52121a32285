"""R statcheck 1.4.0 against ``analysis.scan(files, jobs=1)`` on the same texts, runs interleaved.

    .venv/bin/python benchmarks/bench_scan_r.py [--texts ../shared/benchmarks/statcheck-dev/texts]
                                                [--copies 1 9] [--repeat 3]

For each set (the texts, and the texts copied ``--copies`` times under new names in a temporary
folder), each round runs one ``Rscript`` process that reads the texts and calls ``statcheck()`` over
them, timed inside R (``proc.time``; R's start-up and ``library(statcheck)`` are reported apart, from
the wall time of the whole process), then ``analysis.scan(files, jobs=1)`` in this process (after one
warm-up scan, so imports are not counted; a fresh Python process importing the package and scanning one
text is timed apart, the counterpart of R's start-up). The scan in this process has seen the texts before (the
warm-up, the rounds before, the copies before), and its caches keyed by content (a window searched, a number parsed)
answer for them; so each round also scans the texts in a fresh process that has scanned only one other, invented
text ("new texts": the CPU time of that scan, timed inside the process), as a user's first scan of a corpus would run
(session 8 found the two differ by a quarter). Both wall and CPU time; medians over ``--repeat`` rounds;
the ratio is R's time over the scan's. The machine's load average is printed before and after: on a
shared machine the CPU times are the figures to compare. R is needed only here: without ``Rscript``
and statcheck the script says so and exits 0 (a skip, not a result). Not part of the test run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
R_SCRIPT = r"""
t0 <- proc.time()
suppressMessages(library(statcheck))
t1 <- proc.time()
files <- list.files(commandArgs(trailingOnly = TRUE)[1], full.names = TRUE)
texts <- vapply(files, function(f) paste(readLines(f, warn = FALSE, encoding = "UTF-8"), collapse = "\n"), "")
res <- suppressWarnings(statcheck(texts, messages = FALSE))
t2 <- proc.time()
cpu <- function(t) t[["user.self"]] + t[["sys.self"]]
cat(sprintf("%d %d %.4f %.4f %.4f\n", length(files), nrow(res), (t1 - t0)[["elapsed"]], (t2 - t1)[["elapsed"]], cpu(t2 - t1)))
"""


def r_available() -> str | None:
    """None when Rscript with statcheck runs here, else why not."""
    if shutil.which("Rscript") is None:
        return "Rscript not found"
    ok = subprocess.run(["Rscript", "-e", "library(statcheck)"], capture_output=True, text=True)
    return None if ok.returncode == 0 else "R's statcheck package is not installed"


def run_r(folder: Path, script: Path) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run(["Rscript", str(script), str(folder)], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    n, rows, load_s, wall_in, cpu_in = out.stdout.split()
    return {"files": int(n), "rows": int(rows), "library": float(load_s), "wall": float(wall_in),
            "cpu": float(cpu_in), "process": wall}


def python_startup(file: str) -> float:
    """Wall time of a fresh Python process that imports the package and scans one text (imports,
    patterns compiled, the first call's set-up): the scan's counterpart of R's start-up."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys, analysis; analysis.scan([sys.argv[1]], progress=False)", file],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


#: the warm-up text of the fresh process ("new texts"): invented, in the forms the scan reads
WARM_UP = ("Forty participants (n = 20 per group) took part. Scores differed, t(38) = 2.10, p = .042, d = 0.66, "
           "95% CI [0.02, 1.30]; M = 3.2, SD = 1.1 against M = 2.5, SD = 1.0; 18 of 40 (45%) improved.\n")
FRESH = (
    "import sys, time, analysis\n"
    "analysis.scan([sys.argv[1]], jobs=1, progress=False)\n"
    "files = open(sys.argv[2], encoding='utf-8').read().split('\\n')\n"
    "c0 = time.process_time()\n"
    "analysis.scan(files, jobs=1, progress=False)\n"
    "print(time.process_time() - c0)\n"
)


def fresh_scan(files: list[str], tmp: Path) -> float:
    """CPU seconds of ``scan(files, jobs=1)`` in a fresh process that has scanned only :data:`WARM_UP` before (imports
    and patterns compiled, no text of the set seen)."""
    warm, listing = tmp / "warm_up.txt", tmp / "files.txt"
    warm.write_text(WARM_UP, encoding="utf-8")
    listing.write_text("\n".join(files), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", FRESH, str(warm), str(listing)], check=True, capture_output=True,
                         text=True)
    return float(out.stdout.split()[-1])


def run_scan(files: list[str]) -> dict:
    from analysis import scan

    w0, c0 = time.perf_counter(), time.process_time()
    res = scan(files, jobs=1, progress=False)
    return {"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0, "rows": len(res.rows)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "statcheck-dev" / "texts")
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 9])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    why = r_available()
    if why:
        print(f"skipped: {why} (R statcheck is needed only to run this benchmark)")
        return 0
    if not args.texts.is_dir():
        print(f"{args.texts}: not found", file=sys.stderr)
        return 1
    texts = sorted(p for p in args.texts.iterdir() if p.is_file())
    from analysis import scan

    scan([str(p) for p in texts[:3]], jobs=1, progress=False)  # warm-up: imports, compiled patterns
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
    print("| texts | R statcheck wall s | R CPU s | R start-up + library s | scan wall s | scan CPU s "
          "| Python start-up + 1 text s | ratio (wall) | ratio (CPU) | scan texts/s (CPU) | rows R / scan "
          "| scan CPU s, new texts | ratio (CPU), new texts |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "statcheck_bench.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        for k in args.copies:
            folder = Path(tmp) / f"x{k}"
            folder.mkdir()
            for i in range(k):
                for p in texts:
                    shutil.copyfile(p, folder / f"{i:02d}_{p.name}")
            files = sorted(str(p) for p in folder.iterdir())
            r_runs, s_runs = [], []
            for _ in range(args.repeat):   # interleaved: R, then the scan, each round
                r_runs.append(run_r(folder, script))
                s_runs.append(run_scan(files) | {"startup": python_startup(files[0]),
                                                 "fresh": fresh_scan(files, Path(tmp))})
            med = {key: statistics.median(r[key] for r in r_runs) for key in ("wall", "cpu", "process", "library")}
            smed = {key: statistics.median(s[key] for s in s_runs) for key in ("wall", "cpu", "startup", "fresh")}
            startup = med["process"] - med["wall"]
            print(f"| {len(files)} | {med['wall']:.2f} | {med['cpu']:.2f} | {startup:.2f} | {smed['wall']:.2f} "
                  f"| {smed['cpu']:.2f} | {smed['startup']:.2f} | {med['wall'] / smed['wall']:.2f} | {med['cpu'] / smed['cpu']:.2f} "
                  f"| {len(files) / smed['cpu']:.0f} | {r_runs[0]['rows']} / {s_runs[0]['rows']} "
                  f"| {smed['fresh']:.2f} | {med['cpu'] / smed['fresh']:.2f} |")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
