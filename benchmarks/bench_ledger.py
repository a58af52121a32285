"""Ledger loading and the audit at corpus scale: libyaml against the pure-Python YAML parser.

    .venv/bin/python benchmarks/bench_ledger.py [--files 1000] [--entries 22] [--repeat 5]

Writes a synthetic ledger (benchmarks/ledger_corpus.py: 1,000 study files of 22 entries made from
the real ledger's entry shapes) to a temporary folder, then measures, each as the median of
``--repeat`` runs after one warm-up:

- ``load_ledger`` with libyaml (``yaml.CSafeLoader``, the default) and with the pure-Python
  ``yaml.SafeLoader`` (the baseline), both with the duplicate-key and alias checks;
- ``audit()`` on the loaded ledger (the checks alone);
- ``reanalysis audit --format csv`` end to end in a fresh process (import, load, audit, print),
  once with each parser; target <= 3 s for 1,000 files;
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


def median_time(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def with_loader(loader, fn):
    saved = reading.DEFAULT_LOADER
    reading.DEFAULT_LOADER = loader
    try:
        return fn()
    finally:
        reading.DEFAULT_LOADER = saved


def cli_time(folder: Path, repeat: int, pure_python: bool) -> float:
    exe = Path(sys.executable).with_name("reanalysis")
    env = dict(os.environ)
    if pure_python:
        env["REANALYSIS_YAML"] = "python"
    cmd = [str(exe), "audit", "--data", str(folder), "--sources", str(folder / "texts"), "--format", "csv"]

    def run():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
    return median_time(run, repeat)


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
        t_c = median_time(load, a.repeat)
        t_py = with_loader(reading.PyLoader, lambda: median_time(load, a.repeat))
        led = load()
        t_audit = median_time(lambda: auditing.audit(ledger=led), a.repeat)
        print("| step | median s | per 1,000 entries, s |")
        print("|---|---:|---:|")
        for name, t in (("load_ledger, pure-Python SafeLoader (baseline)", t_py),
                        ("load_ledger, libyaml CSafeLoader", t_c),
                        ("audit() on the loaded ledger", t_audit)):
            print(f"| {name} | {t:.3f} | {1000 * t / n_entries:.4f} |")
        print(f"\nload: libyaml {t_py / t_c:.1f}x faster than the pure-Python parser (same checks)")

        cli_repeat = max(1, min(a.repeat, 3))
        e2e_py = cli_time(folder, cli_repeat, pure_python=True)
        e2e_c = cli_time(folder, cli_repeat, pure_python=False)
        print(f"\n`reanalysis audit --format csv` end to end (median of {cli_repeat}): "
              f"libyaml {e2e_c:.2f} s, pure-Python {e2e_py:.2f} s (target <= {TARGET_S:.0f} s for 1,000 files)")

        print("\nlinearity (load + audit):\n")
        print("| study files | entries | median s | s per 1,000 entries |")
        print("|---:|---:|---:|---:|")
        for share in (4, 2, 1):
            sub = Path(tmp) / f"part{share}"
            k = make_corpus(sub, a.files // share, a.entries)

            def both(sub=sub):
                auditing.audit(ledger=load_ledger(sub, sub / "texts"))
            t = median_time(both, a.repeat)
            print(f"| {a.files // share:,} | {k:,} | {t:.3f} | {1000 * t / k:.4f} |")
    ok = e2e_c <= TARGET_S * a.files / 1000
    print("\ntarget met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
