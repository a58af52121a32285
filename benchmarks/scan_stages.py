"""CPU time of each stage of ``analysis.scan(files, jobs=1)``, medians over repeated scans after a warm-up.

    .venv/bin/python benchmarks/scan_stages.py [--set statcheck-dev|rct-extraction-dev|ei-25] [--repeat 5]
    PYTHONPATH=<checkout of an older commit> .venv/bin/python benchmarks/scan_stages.py    # the same, older code

Each stage is timed by a wrapper (``time.process_time``) put around the function the scan calls:
``extraction.draft._read`` (the finders and the reader), ``draft._entries`` (the draft's entries, with
``evidence.fill`` apart), ``scanning._study`` (the validation of the drafted entries), ``scanning._recompute_all``
(one ``recompute_p_map`` call per chunk), ``scanning._rows`` (the audit), and inside it
``checks.pvalues.common_assumption``. Then the post-extraction stages alone, over drafts made ahead (no
extraction in between, so fewer cache misses): ``_study``, ``_recompute_all``, ``_rows``. The machine is shared:
read CPU time, and compare two commits in runs interleaved in one session (issue 22, benchmarks/README.md).
The sets are ``benchmarks/scan_rows.py``'s; not part of the test run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_rows

NAMES = {"statcheck-dev": "scan-statcheck-dev.csv", "rct-extraction-dev": "scan-rct-extraction-dev.csv",
         "ei-25": "scan-ei-25.csv"}


def _wrap(spent: dict, mod, name: str, label: str) -> None:
    fn = getattr(mod, name)

    def timed(*args, **kwargs):
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - t

    setattr(mod, name, timed)


def whole_scan(files: list[str], repeat: int) -> dict[str, float]:
    """{stage: median CPU s} over ``repeat`` scans after a warm-up (the wrappers stay in place)."""
    import analysis
    from analysis import scanning
    from analysis.checks import pvalues
    from analysis.extraction import draft, evidence

    spent: dict[str, float] = {}
    for mod, name, label in ((draft, "_read", "finders and reader (_read)"),
                             (draft, "_entries", "draft entries (_entries)"),
                             (evidence, "fill", "of which evidence.fill"),
                             (scanning, "_study", "validation (_study)"),
                             (scanning, "_recompute_all", "recompute_p_map (_recompute_all)"),
                             (scanning, "_rows", "audit (_rows)"),
                             (pvalues, "common_assumption", "of which common_assumption")):
        _wrap(spent, mod, name, label)
    analysis.scan(files, jobs=1, progress=False)
    runs = []
    for _ in range(repeat):
        spent.clear()
        t = time.process_time()
        analysis.scan(files, jobs=1, progress=False)
        spent["whole scan"] = time.process_time() - t
        runs.append(dict(spent))
    out = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in runs[0]}
    out["draft entries without evidence.fill"] = statistics.median(
        r["draft entries (_entries)"] - r["of which evidence.fill"] for r in runs)
    return out


def post_extraction(files: list[str], repeat: int) -> dict[str, float]:
    """{stage: median CPU s} of validation, recompute_p_map and the audit over drafts made ahead."""
    from analysis import scanning
    from analysis.extraction import extract

    drafts = [(extract(f), f) for f in files]
    runs = []
    for _ in range(repeat + 1):  # the first is a warm-up
        spent = {}
        t = time.process_time()
        studies = [(f, *scanning._study(d, f)) for d, f in drafts]
        spent["validation (_study)"] = time.process_time() - t
        t = time.process_time()
        checks = scanning._recompute_all([s for _, s, _ in studies])
        spent["recompute_p_map (_recompute_all)"] = time.process_time() - t
        t = time.process_time()
        for i, (f, study, bad) in enumerate(studies):
            scanning._rows(f, study, bad, {eid: c for (j, eid), c in checks.items() if j == i})
        spent["audit (_rows)"] = time.process_time() - t
        runs.append(spent)
    return {k: statistics.median(r[k] for r in runs[1:]) for k in runs[1]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(NAMES), default="statcheck-dev")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    sets = scan_rows.sets()
    if NAMES[args.set] not in sets:
        print(f"{args.set}: not found on this machine", file=sys.stderr)
        return 2
    files = [str(f) for f in sets[NAMES[args.set]]]
    import analysis

    print(f"{args.set}: {len(files)} files; analysis from {Path(analysis.__file__).parent}; CPU ms, medians of "
          f"{args.repeat}")
    for k, v in whole_scan(files, args.repeat).items():
        print(f"  scan   {k:40s} {v * 1000:7.1f}")
    for k, v in post_extraction(files, args.repeat).items():
        print(f"  drafts {k:40s} {v * 1000:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
