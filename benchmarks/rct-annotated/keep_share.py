"""The share of draft entries a reviewer would keep, on the five papers of keep_judgements.csv, for the code checked out.

    git archive 9084f78 analysis | tar -x -C /tmp/judged    # the extractor whose drafts were judged
    .venv/bin/python benchmarks/rct-annotated/keep_share.py /tmp/judged [CORPUS_DIR]

keep_judgements.csv judges every entry of the five papers' drafts at 9084f78 by entry id. Ids are numbered
per kind, so an entry dropped from a draft renumbers the ones after it: each entry of the current draft is
therefore matched, one to one, to a judged entry of the same kind, fragment and numbers (the n aside), and
counted kept when that one was. An entry with no judged counterpart is printed as unjudged (judge it by
reading and add it before quoting the figure).
"""
from __future__ import annotations

import collections
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("mean", "sd", "k", "percent", "statistic", "df", "p", "estimate", "lower", "upper", "value", "low", "high",
          "total")
_OLD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from analysis.extract import extract
print(json.dumps({p: extract(sys.argv[2] + '/' + p + '.nxml').entries for p in sys.argv[3:]}))
"""


def key(e: dict) -> tuple:
    return (e["kind"], e.get("fragment"), tuple(str(e.get(f, "")) for f in FIELDS))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    judged_code = argv[0]
    corpus = argv[1] if len(argv) > 1 else "/work/corpus/ei/annotations/xml_files"
    rows = list(csv.DictReader(open(HERE / "keep_judgements.csv", encoding="utf-8")))
    papers = list(dict.fromkeys(r["pmcid"] for r in rows))
    keep = {(r["pmcid"], r["entry_id"]): r["keep"] for r in rows}
    run = subprocess.run([sys.executable, "-c", _OLD, judged_code, corpus, *papers], capture_output=True, text=True,
                         cwd="/", check=True)
    old = json.loads(run.stdout)
    from analysis.extraction import extract

    total = kept = 0
    for pid in papers:
        pool = collections.defaultdict(list)
        for e in old[pid]:
            pool[key(e)].append(keep.get((pid, e["id"])))
        entries = extract(f"{corpus}/{pid}.nxml").entries
        k = 0
        for e in entries:
            judged = pool.get(key(e))
            j = judged.pop(0) if judged else None
            if j is None:
                print(f"  unjudged: {pid} {e['id']} {e['kind']}", file=sys.stderr)
            k += j == "yes"
        print(f"{pid}: {len(entries)} entries, kept {k} = {k / len(entries):.2f}")
        total, kept = total + len(entries), kept + k
    print(f"all: {kept}/{total} = {kept / total:.3f} kept")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
