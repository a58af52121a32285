"""Time and memory of ``random_effects(method="REML")`` on many simulated studies.

Run: ``.venv/bin/python benchmarks/bench_meta.py`` (not part of the test suite).

Studies: yi ~ N(0.3, 0.2) (SD 0.2), vi ~ U(0.01, 0.1), numpy ``default_rng(SEED)``. For each k the
fit is timed 5 times (median reported) and once more under :mod:`tracemalloc` for the peak of
memory allocated during the call (the inputs themselves are allocated before and not counted).
A k x k matrix would need 8 k² bytes (8 TB at k = 10⁶); the peak here is a few vectors of k floats.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time
import tracemalloc

import numpy as np

from analysis.stats.meta import random_effects

SEED = 20261101
SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 5


def simulate(k: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0.3, 0.2, k), rng.uniform(0.01, 0.1, k)


def measure(k: int) -> dict:
    yi, vi = simulate(k)
    random_effects(yi, vi, method="REML")  # warm-up (imports, caches)
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        res = random_effects(yi, vi, method="REML")
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    try:
        random_effects(yi, vi, method="REML")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "k": k,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "peak_mb": peak / 2**20,
        "peak_per_study_b": peak / k,
        "iterations": res.iterations,
        "tau2": res.tau2,
    }


def main() -> int:
    print(f"random_effects(method='REML'): median of {REPEATS} runs; peak = tracemalloc peak during one call")
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, {platform.machine()}")
    header = (f"{'k':>10} {'median s':>9} {'min s':>8} {'ns/study':>9} {'peak MB':>8} {'B/study':>8} "
              f"{'iter':>5} {'tau2':>10}")
    print(header)
    print("-" * len(header))
    rows = [measure(k) for k in SIZES]
    for r in rows:
        print(f"{r['k']:>10,} {r['median_s']:>9.4f} {r['min_s']:>8.4f} {1e9 * r['median_s'] / r['k']:>9.1f} "
              f"{r['peak_mb']:>8.1f} "
              f"{r['peak_per_study_b']:>8.1f} {r['iterations']:>5d} {r['tau2']:>10.6f}")
    if len(rows) > 1:
        a, b = rows[-2], rows[-1]  # the two largest: the smallest fits in the CPU cache
        print(f"\nk x{b['k'] / a['k']:g}: time x{b['median_s'] / a['median_s']:.1f}, "
              f"peak memory x{b['peak_mb'] / a['peak_mb']:.1f} (linear scaling: both about x{b['k'] / a['k']:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
