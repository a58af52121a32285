"""What 10 times R statcheck would leave per text: the floors of a scan in Python, beside the scan (issue 22).

    .venv/bin/python benchmarks/scan_floor.py [--texts ../shared/benchmarks/statcheck-dev/texts] [--repeat 5]

CPU time per text (``time.process_time``, medians over ``--repeat`` rounds after a warm-up, all in this process) of:

1. reading the texts (UTF-8);
2. one pass of one compiled pattern over every number of each text, a (start, string) tuple kept per number: the
   least any extraction that looks at each printed number does in Python;
3. a statcheck-like pass: one compiled pattern for the test statistics statcheck reads (t, F, r, chi-square, z,
   with df and a P), every match parsed to floats and every P recomputed with one vectorised scipy call per text.
   This reads about what R statcheck reads, no more (no means, SDs, CIs, percentages, tables, checks);
4. ``analysis.scan(files, jobs=1)``, the whole scan (after a warm-up scan, as in ``bench_scan_r.py``).

With ``Rscript`` and statcheck installed it also times R statcheck on the same texts (inside R, as
``bench_scan_r.py`` does) and prints each line's share of R's time per text, so the 10x budget (R's time / 10) can
be read against each floor. The patterns here are this benchmark's own (not the extractor's). Not part of the test run.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")
TEST = re.compile(
    r"\b(t|F|r|z|χ2|chi2|X2)\s{0,2}(?:\(\s{0,2}(\d+(?:\.\d+)?)(?:\s{0,2},\s{0,2}(\d+(?:\.\d+)?))?\s{0,2}\))?"
    r"\s{0,2}=\s{0,2}(-?\d*\.?\d+)\s{0,2},\s{0,2}p\s{0,2}([<>=])\s{0,2}(\d*\.?\d+)"
)


def _numbers(texts: list[str]) -> int:
    return sum(len([(m.start(), m.group()) for m in NUMBER.finditer(t)]) for t in texts)


def _statcheck_like(texts: list[str]) -> int:
    import numpy as np
    from scipy import stats

    found = 0
    for t in texts:
        rows = TEST.findall(t)
        if not rows:
            continue
        kind = np.array([r[0] for r in rows])
        df1 = np.array([float(r[1] or "nan") for r in rows])
        df2 = np.array([float(r[2] or "nan") for r in rows])
        value = np.array([float(r[3]) for r in rows])
        p = np.full(len(rows), np.nan)
        is_t, is_f, is_z = kind == "t", kind == "F", kind == "z"
        p[is_t] = 2 * stats.t.sf(np.abs(value[is_t]), df1[is_t])
        p[is_f] = stats.f.sf(value[is_f], df1[is_f], df2[is_f])
        p[is_z] = 2 * stats.norm.sf(np.abs(value[is_z]))
        is_r = kind == "r"
        tr = value[is_r] * np.sqrt(df1[is_r] / np.maximum(1 - value[is_r] ** 2, 1e-12))
        p[is_r] = 2 * stats.t.sf(np.abs(tr), df1[is_r])
        is_c = ~(is_t | is_f | is_z | is_r)
        p[is_c] = stats.chi2.sf(value[is_c], df1[is_c])
        found += len(rows)
    return found


def _median_ms(fn, repeat: int) -> tuple[float, object]:
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000, out


def _r_ms_per_text(folder: Path, repeat: int) -> float | None:
    """R statcheck's CPU ms per text inside R (``bench_scan_r.py``'s script), median of ``repeat`` runs; None without R."""
    import tempfile

    import bench_scan_r

    if bench_scan_r.r_available():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "statcheck.R"
        script.write_text(bench_scan_r.R_SCRIPT, encoding="utf-8")
        runs = [bench_scan_r.run_r(folder, script) for _ in range(repeat)]
    return statistics.median(r["cpu"] for r in runs) * 1000 / runs[0]["files"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared/benchmarks/statcheck-dev/texts")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    files = sorted(str(p) for p in args.texts.iterdir() if p.is_file())
    if not files:
        print(f"no texts in {args.texts}")
        return 2
    texts = [Path(f).read_text(encoding="utf-8", errors="replace") for f in files]
    import analysis

    lines = [
        ("read the texts", lambda: [Path(f).read_text(encoding="utf-8", errors="replace") for f in files]),
        ("one pass over every number", lambda: _numbers(texts)),
        ("statcheck-like pass (t, F, r, chi2, z; P recomputed)", lambda: _statcheck_like(texts)),
        ("analysis.scan(jobs=1), the whole scan", lambda: len(analysis.scan(files, jobs=1, progress=False).to_frame())),
    ]
    import os

    print(
        f"{len(files)} texts, {sum(map(len, texts)) / len(texts) / 1000:.1f} kB each on average; load {os.getloadavg()[0]:.2f}"
    )
    r_ms = _r_ms_per_text(args.texts, args.repeat)
    print("| what | CPU ms per text | found | share of R statcheck's time |")
    print("|---|---:|---:|---:|")
    for label, fn in lines:
        ms, out = _median_ms(fn, args.repeat)
        per = ms / len(files)
        share = f"{per / r_ms:.2f}" if r_ms else "(no R)"
        found = out if isinstance(out, int) else ""
        print(f"| {label} | {per:.2f} | {found} | {share} |")
    if r_ms:
        print(f"| R statcheck 1.4.0, statcheck() over the texts read in R | {r_ms:.2f} | | 1.00 |")
        print(f"10x R leaves {r_ms / 10:.2f} ms per text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
