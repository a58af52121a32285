"""Ledger loading and the audit at corpus scale: libyaml against the pure-Python YAML parser.

    .venv/bin/python benchmarks/bench_ledger.py [--files 1000] [--entries 22] [--repeat 5]

Writes a synthetic ledger (benchmarks/ledger_corpus.py: 1,000 study files of 22 entries made from
the real ledger's entry shapes) to a temporary folder, then measures, each as the median of
``--repeat`` runs after one warm-up:

- ``load_ledger`` with libyaml (``yaml.CSafeLoader``, the default) and with the pure-Python
  ``yaml.SafeLoader`` (the baseline), both with the duplicate-key and alias checks;
- ``audit()`` on the loaded ledger (the checks alone);
- ``reanalysis audit --format csv`` end to end in a fresh process (import, load, audit, print),
  once with each parser, wall and CPU time; target <= 3 s for 1,000 files (judged on CPU time,
  which the other work on a shared machine does not inflate);
- load and audit at 1/4, 1/2 and all of the files: seconds per 1,000 entries should stay flat.

Exit status 1 when the end-to-end target is missed. Not part of the test run.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger_corpus import make_corpus  # noqa: E402

from analysis import auditing  # noqa: E402
from analysis.ledger import load_ledger, reading  # noqa: E402

TARGET_S = 3.0


def median_time(fn, repeat: int, clock=time.perf_counter) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes: the CLI's own work, whatever
    else the machine is doing (wall time on a shared machine mostly measures the others)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def with_loader(loader, fn):
    saved = reading.DEFAULT_LOADER
    reading.DEFAULT_LOADER = loader
    try:
        return fn()
    finally:
        reading.DEFAULT_LOADER = saved


def cli_time(folder: Path, repeat: int, pure_python: bool, clock=time.perf_counter) -> float:
    exe = Path(sys.executable).with_name("reanalysis")
    env = dict(os.environ)
    if pure_python:
        env["REANALYSIS_YAML"] = "python"
    cmd = [str(exe), "audit", "--data", str(folder), "--sources", str(folder / "texts"), "--format", "csv"]

    def run():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    return median_time(run, repeat, clock)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=22)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_ledger_") as tmp:
        folder = Path(tmp) / "ledger"
        n_entries = make_corpus(folder, a.files, a.entries)
        texts = folder / "texts"
        print(f"corpus: {a.files:,} study files, {n_entries:,} entries (benchmarks/ledger_corpus.py)")
        print(f"libyaml available: {reading.LIBYAML}; median of {a.repeat} runs after one warm-up\n")

        def load():
            return load_ledger(folder, texts)
        cpu = time.process_time
        t_c, c_c = median_time(load, a.repeat), median_time(load, a.repeat, cpu)
        t_py, c_py = with_loader(reading.PyLoader, lambda: (median_time(load, a.repeat),
                                                            median_time(load, a.repeat, cpu)))
        led = load()
        t_audit, c_audit = (median_time(lambda: auditing.audit(ledger=led), a.repeat),
                            median_time(lambda: auditing.audit(ledger=led), a.repeat, cpu))
        print("| step | median wall s | median CPU s | CPU s per 1,000 entries |")
        print("|---|---:|---:|---:|")
        for name, t, c in (("load_ledger, pure-Python SafeLoader (baseline)", t_py, c_py),
                           ("load_ledger, libyaml CSafeLoader", t_c, c_c),
                           ("audit() on the loaded ledger", t_audit, c_audit)):
            print(f"| {name} | {t:.3f} | {c:.3f} | {1000 * c / n_entries:.4f} |")
        print(f"\nload: libyaml {c_py / c_c:.1f}x less CPU than the pure-Python parser (same checks)")

        cli_repeat = max(1, min(a.repeat, 3))
        e2e = {}
        for py in (True, False):
            before = children_cpu()
            wall = cli_time(folder, cli_repeat, pure_python=py)
            e2e[py] = (wall, (children_cpu() - before) / (cli_repeat + 1))
        print(f"\n`reanalysis audit --format csv` end to end, median wall of {cli_repeat} (mean CPU): "
              f"libyaml {e2e[False][0]:.2f} s ({e2e[False][1]:.2f} s CPU), pure-Python {e2e[True][0]:.2f} s "
              f"({e2e[True][1]:.2f} s CPU); target <= {TARGET_S:.0f} s for 1,000 files")
        e2e_c = e2e[False][1]

        print("\nlinearity (load + audit):\n")
        print("| study files | entries | median CPU s | CPU s per 1,000 entries |")
        print("|---:|---:|---:|---:|")
        for share in (4, 2, 1):
            sub = Path(tmp) / f"part{share}"
            k = make_corpus(sub, a.files // share, a.entries)

            def both(sub=sub):
                auditing.audit(ledger=load_ledger(sub, sub / "texts"))
            t = median_time(both, a.repeat, cpu)
            print(f"| {a.files // share:,} | {k:,} | {t:.3f} | {1000 * t / k:.4f} |")
    ok = e2e_c <= TARGET_S * a.files / 1000  # CPU: on a shared machine wall time measures the others
    print("\ntarget met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
