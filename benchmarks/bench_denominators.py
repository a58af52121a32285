"""Speed of ``denominators`` with three groups and an allocation ratio against the scalar rating it
replaced (issue 18 item 8), measured in the same run.

    .venv/bin/python benchmarks/bench_denominators.py [--total 1300] [--repeat 3]

Three percentages printed with one decimal (20.5, 30.5, 49.0) and a total: every split of the total
that prints as all three (30,422 splits at 1,300), rated under a 1:1:2 allocation. The baseline is
the rating before this change, one :func:`analysis.checks.counts.allocation_plausibility` (three
``scipy.stats.binomtest`` calls) per split, timed on the first ``--baseline-splits`` splits and
scaled to all of them; the script asserts that both give the same plausibility for every split, to
the last bit. Median of ``--repeat`` runs; the binomial cache is cleared before each vectorised run.
Not part of the test run.
"""
from __future__ import annotations

import argparse

from analysis.checks.counts import allocation_plausibility, denominators
from analysis.checks.splits import _cached_binomtest
from bench_consistency import median_time  # the same timing (this folder is on sys.path when run)

PERCENTS, ALLOCATION = ["20.5", "30.5", "49.0"], "1:1:2"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--total", type=int, default=1300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-splits", type=int, default=3000)
    args = ap.parse_args()
    plain = median_time(lambda: denominators(PERCENTS, total=args.total), repeat=args.repeat)
    rated = denominators(PERCENTS, total=args.total, allocation=ALLOCATION)

    def vectorised():
        _cached_binomtest.cache_clear()
        denominators(PERCENTS, total=args.total, allocation=ALLOCATION)
    fast = median_time(vectorised, repeat=args.repeat)
    splits = [s.ns for s in rated]
    part = splits[:args.baseline_splits]
    slow = median_time(lambda: [allocation_plausibility(ns, ALLOCATION) for ns in part], repeat=1)
    slow *= len(splits) / len(part)
    same = all(s.plausibility == allocation_plausibility(s.ns, ALLOCATION) for s in rated)
    print(f"{len(splits):,} splits of {args.total} into {PERCENTS}, allocation {ALLOCATION}")
    print(f"denominators without allocation: {plain:.3f} s; with allocation (vectorised): {fast:.3f} s")
    print(f"baseline rating, allocation_plausibility per split: {slow:.2f} s for all splits, timed on "
          f"{len(part):,} ({slow / fast:.0f}x)")
    print("plausibilities equal to the scalar function for every split:", same)
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
