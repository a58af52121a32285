"""Draw the next set of unseen RCT papers from the evidence-inference corpus, as ei_s8 to ei_s12 were drawn.

    .venv/bin/python benchmarks/adjudication/draw_unseen.py --seed 20261216 --size 600 [--without ei_s12]
        [--xml /work/corpus/ei/annotations/xml_files] > ei_s13_papers.txt

The pool is every ``*.nxml`` stem of the corpus (held-out trials and rct-extraction-dev already removed) minus every
paper of every ``*_papers.txt`` list here and every paper of every judged ``*.csv``, minus helper pct7's check draw of
session 8 (``default_rng(20261210).choice`` of 300 over the 3,301 stems then left: the pool now plus every set drawn
after it, ei_s8 on); the draw is ``numpy.random.default_rng(seed).choice(sorted pool, size, replace=False)``, sorted.
``--without`` leaves sets out of the lists, to reproduce an earlier draw (``--seed 20261215 --without ei_s12``
prints ei_s12's 600 papers).
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--size", type=int, default=600)
    ap.add_argument("--without", nargs="*", default=[])
    ap.add_argument("--xml", type=Path, default=Path("/work/corpus/ei/annotations/xml_files"))
    a = ap.parse_args(argv)
    stems = sorted(p.name.split(".")[0] for p in a.xml.glob("*.nxml"))
    used: set[str] = set()
    after: set[str] = set()  # the sets drawn after pct7's check draw
    for f in HERE.glob("*_papers.txt"):
        name = f.name[: -len("_papers.txt")]
        if name in a.without:
            continue
        ids = set(f.read_text(encoding="utf-8").split())
        used |= ids
        m = re.fullmatch(r"ei_s(\d+)", name)
        if (m and int(m.group(1)) >= 8) or name == "ei_pct7":  # pct7's check draw itself, judged in session 12
            after |= ids
    for f in HERE.glob("*.csv"):
        if f.stem in a.without:
            continue
        with f.open(encoding="utf-8") as fh:
            used |= {r["paper"] for r in csv.DictReader(fh) if r.get("paper")}
    pool = [s for s in stems if s not in used]
    old = sorted(set(pool) | after)
    if len(old) != 3301:
        raise SystemExit(
            f"draw_unseen: the pool before pct7's draw has {len(old)} stems, not 3,301: corpus or lists differ"
        )
    pct7 = set(np.random.default_rng(20261210).choice(old, size=300, replace=False))
    pool = [s for s in pool if s not in pct7]
    print("\n".join(sorted(np.random.default_rng(a.seed).choice(pool, size=a.size, replace=False))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
