"""Speed of debit_map and recompute_p_map (the per-result checks of a corpus scan) against the
scalar functions, measured in the same run.

    .venv/bin/python benchmarks/bench_scan_maps.py [--rows 1000000] [--baseline-rows 10000]

A synthetic DataFrame (fixed seed) of printed binary summaries (proportion, SD, n) and of test
results in statcheck's layout (test, statistic, df1, df2, printed P), all as strings. Each map runs
over every row, time is the median of 5 runs; the baseline is the scalar function (debit,
recompute_p) in a Python loop over the first ``--baseline-rows`` rows, in the same run, and the
script asserts that the map's verdicts equal the scalar verdicts on those rows. Exit status 1
when a map does fewer than 1,000,000 rows/s. Not part of the test run.
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
from scipy import special

from analysis import debit, debit_map, recompute_p, recompute_p_map
from bench_consistency import median_time  # the same timing (this folder is on sys.path when run)

TARGET = 1_000_000  # rows per second (issue 13)


def binary_rows(rows: int, seed: int = 20261201) -> pd.DataFrame:
    """Proportions k/n printed with 2 decimals and their SD with 2 or 3 (a quarter off by a unit)."""
    rng = np.random.default_rng(seed)
    n = rng.integers(10, 500, rows)
    k = rng.integers(0, n + 1)
    p = k / n
    sd = np.sqrt(n / (n - 1) * p * (1 - p)) + rng.choice([0.0, 0.0, 0.0, 0.01], rows)
    e = rng.integers(2, 4, rows)
    sd_txt = np.where(e == 2, np.char.mod("%.2f", sd), np.char.mod("%.3f", sd))
    return pd.DataFrame({"mean": np.char.mod("%.2f", p).astype(object), "sd": sd_txt.astype(object), "n": n})


def test_rows(rows: int, seed: int = 20261202) -> pd.DataFrame:
    """t 40%, F 35%, chi2 10%, r 10%, z 5% (about statcheck's mix); P printed with 2-3 decimals or
    as '< .001' / '< .05' / 'ns', a fifth of them off by a unit (some inconsistent)."""
    rng = np.random.default_rng(seed)
    tests = rng.choice(np.array(["t", "F", "chi2", "r", "z"]), rows, p=[.40, .35, .10, .10, .05])
    df1 = np.where(tests == "F", rng.integers(1, 5, rows), np.where(tests == "chi2", rng.integers(1, 10, rows), 0))
    df2 = np.where(np.isin(tests, ["t", "F", "r"]), rng.integers(10, 300, rows), 0)
    x = np.abs(rng.normal(0, 2.5, rows))
    x = np.where(tests == "F", x * x, np.where(tests == "chi2", x * x * 2, np.where(tests == "r", np.tanh(x / 8), x)))
    d = np.where(tests == "r", 2, rng.integers(1, 3, rows))
    xt = np.round(x, 2)
    r = np.minimum(xt, 0.999)
    p = np.select([tests == "t", tests == "z", tests == "r", tests == "F"],
                  [2 * special.stdtr(df2, -xt), 2 * special.ndtr(-xt),
                   2 * special.stdtr(df2, -r / np.sqrt((1 - r * r) / np.maximum(df2, 1))),
                   special.fdtrc(np.maximum(df1, 1), np.maximum(df2, 1), xt)],
                  special.chdtrc(np.maximum(df1, 1), xt))
    p = p + rng.choice([0.0, 0.0, 0.0, 0.0, 0.01], rows)
    p_txt = np.char.mod("%.3f", np.clip(p, 0, 1))
    p_txt = np.where(p < 0.001, "< .001", p_txt)
    u = rng.random(rows)
    p_txt = np.where(u < 0.05, np.where(p < 0.05, "< .05", "ns"), p_txt)
    stat = np.where(d == 1, np.char.mod("%.1f", x), np.char.mod("%.2f", x))
    frame = pd.DataFrame({"test": tests.astype(object), "statistic": stat.astype(object),
                          "df1": pd.array(np.where(np.isin(tests, ["F", "chi2"]), df1, 0), dtype="Int64"),
                          "df2": pd.array(np.where(np.isin(tests, ["t", "F", "r"]), df2, 0), dtype="Int64"),
                          "p": p_txt.astype(object)})
    frame.loc[~frame["test"].isin(["F", "chi2"]), "df1"] = pd.NA
    frame.loc[~frame["test"].isin(["t", "F", "r"]), "df2"] = pd.NA
    return frame


def _scalar_df(test, d1, d2):
    return {"F": lambda: (int(d1), int(d2)), "z": lambda: None, "chi2": lambda: int(d1)}.get(test, lambda: int(d2))()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--baseline-rows", type=int, default=10_000)
    args = ap.parse_args()
    t0 = time.perf_counter()
    binary, tests = binary_rows(args.rows), test_rows(args.rows)
    print(f"synthetic data: {args.rows:,} rows of each kind in {time.perf_counter() - t0:.1f} s")
    bsub, tsub = binary.iloc[: args.baseline_rows], tests.iloc[: args.baseline_rows]

    def debit_loop(formula):
        return [debit(m, s, int(n), formula=formula).verdict for m, s, n in zip(bsub["mean"], bsub["sd"], bsub["n"])]

    def p_loop():
        return [recompute_p(t, s, _scalar_df(t, a, b), p)
                for t, s, a, b, p in zip(tsub["test"], tsub["statistic"], tsub["df1"], tsub["df2"], tsub["p"])]

    cases = {
        "debit_map": (lambda: debit_map(binary), lambda: debit_loop("mean_n"),
                      lambda: debit_map(bsub)["debit_verdict"].astype(str).tolist() == debit_loop("mean_n")),
        'debit_map (formula="exact")': (
            lambda: debit_map(binary, formula="exact"), lambda: debit_loop("exact"),
            lambda: debit_map(bsub, formula="exact")["debit_verdict"].astype(str).tolist() == debit_loop("exact")),
        "recompute_p_map": (lambda: recompute_p_map(tests), p_loop,
                            lambda: (recompute_p_map(tsub)[["verdict", "decision_error"]].astype(str).values.tolist()
                                     == [[c.verdict, str(c.details["decision_error"])] for c in p_loop()])),
        "recompute_p_map (explain=True)": (
            lambda: recompute_p_map(tests, explain=True), p_loop,
            lambda: recompute_p_map(tsub, explain=True)["explanation"].tolist() == [c.explanation for c in p_loop()]),
    }
    print(f"\n| check | rows | median s | rows/s | scalar rows/s | ratio | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    missed = []
    for name, (vec, loop, same) in cases.items():
        if not same():
            print(f"{name}: verdicts differ from the scalar function", file=sys.stderr)
            return 1
        t_vec = median_time(vec)
        t_loop = median_time(loop, repeat=3)
        rate, base = args.rows / t_vec, len(bsub) / t_loop
        targeted = "explain" not in name  # the explanation strings are a Python loop: no target
        ok = rate >= TARGET or not targeted
        missed += [] if ok else [name]
        verdict = ("met" if rate >= TARGET else "MISSED") if targeted else "-"
        print(f"| `{name}` | {args.rows:,} | {t_vec:.3f} | {rate:,.0f} | {base:,.0f} | {rate / base:,.0f}x | "
              f"{'>= 1 M/s: ' + verdict if targeted else '-'} |")
    verdicts = recompute_p_map(tests)["verdict"].value_counts().to_dict()
    print(f"\nrecompute_p_map verdicts over the {args.rows:,} rows: {verdicts}")
    if missed:
        print(f"target missed: {', '.join(missed)}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
