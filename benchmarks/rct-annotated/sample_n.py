"""Draw the hand sample for "the n attached to a drafted mean or count is right" (issue 17 target).

    .venv/bin/python benchmarks/rct-annotated/sample_n.py [--size 50] [--seed 20261207] [--show] [CORPUS_DIR]

Population: every entry of kind ``mean_sd``, ``count`` or ``proportion`` with a non-empty ``n`` in the
drafts (``analysis.extract``, the code checked out) of the papers listed in papers.csv, in the order
(paper as listed, entry as drafted). The sample is ``random.Random(SEED).sample(population, size)``, SEED
20261207 (session 4; session 3's samples used 20261206, kept with ``--seed 20261206``).
Prints one CSV row per sampled entry (paper, entry id, kind, numbers, drafted n, and the annotated rows
holding the same numbers, to start the reading); ``--show`` adds the draft's fragment, location and
review to the screen (not to be committed: fragments are the paper's text). The judgement of each row
is made by reading the paper and written to n_judgements.csv.
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import rct_pairs  # noqa: E402

from analysis.extraction import extract  # noqa: E402

SEED = 20261207


def population(corpus: Path) -> list[tuple[str, dict]]:
    papers = [p["pmcid"] for p in csv.DictReader(open(HERE / "papers.csv", encoding="utf-8"))]
    out = []
    for pid in papers:
        for e in extract(corpus / f"{pid}.nxml").entries:
            if e["kind"] in ("mean_sd", "count", "proportion") and str(e.get("n", "")).strip():
                out.append((pid, e))
    return out


def annotated_matches(rows: list[dict], e: dict) -> list[dict]:
    if e["kind"] == "mean_sd":
        key = (rct_pairs.number(e.get("mean")), rct_pairs.number(e.get("sd")))
        return [r for r in rows if r["kind"] in ("mean_sd", "mean_se")
                and (rct_pairs.number(r["mean"]), rct_pairs.number(r["sd"])) == key]
    k = rct_pairs.number(e.get("k"))
    pct = rct_pairs.number(e.get("percent"))
    return [r for r in rows if r["kind"] == "events" and rct_pairs.number(r["events"]) == k
            and (pct is None or rct_pairs.number(r["percent"]) in (None, pct))]


def main(argv: list[str]) -> int:
    size, show = 50, "--show" in argv
    argv = [a for a in argv if a != "--show"]
    seed = SEED
    if "--seed" in argv:
        i = argv.index("--seed")
        seed = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if "--size" in argv:
        i = argv.index("--size")
        size = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    corpus = Path(argv[0]) if argv else Path("/work/corpus/ei/annotations/xml_files")
    pop = population(corpus)
    rows: dict[str, list] = {}
    for r in csv.DictReader(open(HERE / "annotations.csv", encoding="utf-8")):
        rows.setdefault(r["pmcid"], []).append(r)
    sample = random.Random(seed).sample(pop, size)
    print(f"# population {len(pop)} entries with an n; sample {size}, seed {seed}", file=sys.stderr)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["pmcid", "entry_id", "kind", "numbers", "n", "annotated"])
    for pid, e in sample:
        nums = (f"{e.get('mean')} ({e.get('sd')})" if e["kind"] == "mean_sd"
                else f"{e.get('k', '')} ({e.get('percent', '')}%)")
        ann = "; ".join(f"{r['where']} {r['cell']} n={r['n'] or '-'} [{r['n_source']}]"
                        for r in annotated_matches(rows.get(pid, []), e))
        w.writerow([pid, e["id"], e["kind"], nums, e["n"], ann])
        if show:
            print(f"    {e.get('fragment', '')!r} | {e.get('location', '')} | {e.get('review', '')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
