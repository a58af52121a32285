"""Speed of the vectorised consistency maps against the scalar functions.

    .venv/bin/python benchmarks/bench_consistency.py [--rows 1000000] [--baseline-rows 10000]

A synthetic DataFrame (fixed seed) of printed means, SDs and n, and of estimates with 95%
CIs and P values, all as strings. grim_map, grimmer_map and p_from_ci_map run over every
row; each time is the median of 5 runs. The baseline is the scalar function (grim, grimmer,
check_p_against_ci) in a Python loop over the first 10,000 rows, measured in the same run
and extrapolated per check. Not part of the test run.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from analysis.checks.granularity import grim, grimmer
from analysis.checks.maps import grim_map, grimmer_map, p_from_ci_map
from analysis.checks.pvalues import check_p_against_ci


def synthetic(rows: int, seed: int = 20240601) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = rng.integers(5, 300, rows)
    dec = rng.integers(1, 3, rows)  # 1 or 2 decimals
    mean = rng.uniform(0.5, 9.5, rows)
    sd = rng.uniform(0.3, 3.0, rows)
    est = rng.normal(0.0, 5.0, rows)
    se = rng.uniform(0.5, 4.0, rows)
    lo, hi = est - 1.959964 * se, est + 1.959964 * se
    p = np.clip(2 * (1 - _ndtr(np.abs(est) / se)) * rng.choice([1.0, 1.0, 1.0, 1.4], rows), 0.0005, 0.999)
    fmt1 = np.char.mod("%.1f", np.column_stack([mean, sd, est, lo, hi]))
    fmt2 = np.char.mod("%.2f", np.column_stack([mean, sd, est, lo, hi]))
    pick = np.where((dec == 1)[:, None], fmt1, fmt2)
    return pd.DataFrame({
        "mean": pick[:, 0].astype(object), "sd": pick[:, 1].astype(object), "n": n,
        "estimate": pick[:, 2].astype(object), "lower": pick[:, 3].astype(object),
        "upper": pick[:, 4].astype(object), "p": np.char.mod("%.3f", p).astype(object),
        "decimals": dec,  # of mean, sd, estimate, lower, upper (for the pre-parsed variant)
    })


def _ndtr(x):
    from scipy import special

    return special.ndtr(x)


def median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline-rows", type=int, default=10_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    df = synthetic(args.rows)
    print(f"synthetic data: {len(df):,} rows in {time.perf_counter() - t0:.1f} s")
    sub = df.iloc[: args.baseline_rows]
    cases = {
        "grim_map": (lambda: grim_map(df),
                     lambda: [grim(m, int(n)) for m, n in zip(sub["mean"], sub["n"])]),
        "grimmer_map": (lambda: grimmer_map(df),
                        lambda: [grimmer(m, s, int(n)) for m, s, n in zip(sub["mean"], sub["sd"], sub["n"])]),
        "p_from_ci_map": (lambda: p_from_ci_map(df, p="p"),
                          lambda: [check_p_against_ci(e, lo, hi, p) for e, lo, hi, p in
                                   zip(sub["estimate"], sub["lower"], sub["upper"], sub["p"])]),
    }
    # the alternative input: pre-parsed numeric columns with their decimals
    num = pd.DataFrame({c: df[c].astype(float) for c in ("mean", "sd", "estimate", "lower", "upper", "p")})
    num["n"] = df["n"]
    num["dec"] = df["decimals"]
    num_dec = {"estimate": "dec", "lower": "dec", "upper": "dec", "p": 3}
    cases["p_from_ci_map (numeric)"] = (lambda: p_from_ci_map(num, p="p", decimals=num_dec), None)
    cases["grim_map (numeric)"] = (lambda: grim_map(num, decimals="dec"), None)
    cases["grimmer_map (numeric)"] = (lambda: grimmer_map(num, decimals={"mean": "dec", "sd": "dec"}), None)
    print(f"{'check':<25}{'rows':>11}{'median s':>10}{'checks/s':>14}{'scalar checks/s':>17}{'ratio':>8}")
    scalar_rate = {}
    for name, (vec, loop) in cases.items():
        tv = median_time(vec)
        rate_v = len(df) / tv
        base = name.split(" ")[0]
        if loop is not None:
            ts = median_time(loop, repeat=1 if args.baseline_rows > 20_000 else 3)
            scalar_rate[base] = len(sub) / ts
        rate_s = scalar_rate[base]
        print(f"{name:<25}{len(df):>11,}{tv:>10.3f}{rate_v:>14,.0f}{rate_s:>17,.0f}{rate_v / rate_s:>8.0f}x")
    # the maps agree with the scalar functions on the baseline rows
    g = grim_map(sub)["grim_verdict"].tolist()
    assert g == [grim(m, int(n)).verdict for m, n in zip(sub["mean"], sub["n"])]
    gm = grimmer_map(sub)["grimmer_verdict"].tolist()
    assert gm == [grimmer(m, s, int(n)).verdict for m, s, n in zip(sub["mean"], sub["sd"], sub["n"])]
    pc = p_from_ci_map(sub, p="p")["verdict"].tolist()
    assert pc == [check_p_against_ci(e, lo, hi, p).verdict for e, lo, hi, p in
                  zip(sub["estimate"], sub["lower"], sub["upper"], sub["p"])]
    print("verdicts of the maps equal the scalar functions on the baseline rows")
    for name, col in (("grim", g), ("grimmer", gm), ("p_from_ci", pc)):
        counts = pd.Series(col).value_counts().to_dict()
        print(f"  {name}: {counts}")


if __name__ == "__main__":
    main()
