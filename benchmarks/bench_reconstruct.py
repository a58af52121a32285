"""Time of ``reconstruct`` on the two benchmark cases of issue 6.

Run: ``.venv/bin/python benchmarks/bench_reconstruct.py`` (not part of the test suite).

1. Exhaustive: n = 100 on a 1-7 scale, mean "4.00", SD "1.50": every distinct sample is
   counted (75,996), 1,000 are stored (``max_samples=1000``). Target: under 2 s.
2. Random (SPRITE): n = 30 on 0-60 (a MADRS total), mean "30.6", SD "6.1" (Sakurai 2025
   baseline): 1,000 distinct samples, ``seed=0``. Target: under 2 s.
3. Random on a narrow scale (issue 13): n = 130 on 1-5, mean "2.7", SD "1.9", 1,000 samples: drawn
   uniformly from the exhaustive search's 5,359 (SPRITE alone found about 720 in 25 s and gave up).
   Target: under 2 s.
4. For reference, the exhaustive search on wider cases (not a target).

Each case is run once to warm up, then timed 5 times; the median (and minimum) is reported.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time

import numpy as np

from analysis.checks.reconstruction import reconstruct

REPEATS = 5
CASES = [
    ("exhaustive n=100, 1-7, 4.00 / 1.50", ("4.00", "1.50", 100, 1, 7), {"max_samples": 1000}, 2.0),
    ("random n=30, 0-60, 30.6 / 6.1, k=1000", ("30.6", "6.1", 30, 0, 60),
     {"method": "random", "k": 1000, "seed": 0}, 2.0),
    ("random n=130, 1-5, 2.7 / 1.9, k=1000", ("2.7", "1.9", 130, 1, 5),
     {"method": "random", "k": 1000, "seed": 0}, 2.0),
    ("exhaustive n=200, 1-7, 4.00 / 1.50", ("4.00", "1.50", 200, 1, 7), {"max_samples": 1000}, None),
    ("exhaustive n=100, 0-10, 5.00 / 2.00", ("5.00", "2.00", 100, 0, 10), {"max_samples": 1000}, None),
]


def run(args, kwargs):
    t0 = time.perf_counter()
    rec = reconstruct(*args, **kwargs)
    return time.perf_counter() - t0, rec


def main() -> int:
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {platform.platform()}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'case':<42} {'median s':>9} {'min s':>7} {'count':>11} {'stored':>7} {'complete':>8} target")
    failed = False
    for name, args, kwargs, target in CASES:
        run(args, kwargs)  # warm-up
        times, rec = [], None
        for _ in range(REPEATS):
            t, rec = run(args, kwargs)
            times.append(t)
        med = statistics.median(times)
        ok = "" if target is None else ("ok" if med < target else "MISSED")
        failed |= ok == "MISSED"
        print(f"{name:<42} {med:>9.3f} {min(times):>7.3f} {rec.count:>11,} {len(rec.samples):>7,} "
              f"{str(rec.complete):>8} {'' if target is None else f'< {target} s {ok}'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
