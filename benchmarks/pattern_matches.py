"""Every registered extraction pattern's matches, fingerprinted, to show a rewrite matches alike.

    .venv/bin/python benchmarks/pattern_matches.py --write before.json [--corpus DIR] [--last 200]
    (change a pattern)
    .venv/bin/python benchmarks/pattern_matches.py --compare before.json [--corpus DIR] [--last 200]

For each pattern in :data:`analysis.extraction.tokens.PATTERNS` (and the draft's DOI and registration
patterns), a SHA-256 over the span and groups of every match in the development texts (statcheck-dev,
rct-extraction-dev, and the last ``--last`` JATS files of ``--corpus`` when given), each read as the
extractor reads it and as its shadow (:func:`analysis.extraction.tokens.shadow`), plus one long
synthetic sentence of number words, units and ranges. ``--compare`` names every pattern whose
fingerprint changed, or that is gone, and exits 1; patterns are matched by their text (a pattern added since
``--write`` is listed as new, not compared: it has no before). Used for the speed rewrites of issue 22 (a pattern rewritten for speed
must match exactly as before); the fingerprints are not committed (they depend on the texts at hand).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from analysis.extraction import draft, readers, tokens

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"


def fingerprints(corpus: Path | None, last: int) -> list[tuple[str, str]]:
    files = sorted((SHARED / "statcheck-dev" / "texts").glob("*"))
    files += sorted((SHARED / "rct-extraction-dev").rglob("*.xml"))
    if corpus is not None:
        files += sorted(corpus.glob("*.nxml"))[-last:]
    texts = []
    for f in files:
        t = readers.read_text(f)
        texts += [t, tokens.shadow(t)]
    texts.append(
        "Five weekly infusions of 0.5 mg/kg over 2 weeks (n = 12); twenty-one patients, 3 of 4; aged 9-10 years " * 50
    )
    out, seen = [], {}
    for rx in [*tokens.PATTERNS, draft._DOI, draft._REG]:
        h = hashlib.sha256()
        for t in texts:
            for m in rx.finditer(t):
                h.update(repr((m.span(), m.groups())).encode())
        seen[rx.pattern] = seen.get(rx.pattern, 0) + 1  # the same text registered twice keeps both
        out.append((f"{seen[rx.pattern]}:{rx.pattern}", h.hexdigest()))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path)
    mode.add_argument("--compare", type=Path)
    ap.add_argument("--corpus", type=Path, help="a folder of JATS .nxml files (e.g. evidence-inference's)")
    ap.add_argument("--last", type=int, default=200)
    args = ap.parse_args()
    now = fingerprints(args.corpus, args.last)
    if args.write:
        args.write.write_text(json.dumps(now), encoding="utf-8")
        print(f"{len(now)} patterns written to {args.write}")
        return 0
    old, new = dict(json.loads(args.compare.read_text(encoding="utf-8"))), dict(now)
    print(f"{len(old)} patterns before, {len(new)} now")
    bad = [key for key in old if new.get(key, old[key]) != old[key]]
    gone = [key for key in old if key not in new]
    for key in bad:
        print(f"DIFFERS: {key[:80]!r}")
    for key in gone:
        print(f"GONE: {key[:80]!r}")
    for key in new.keys() - old.keys():
        print(f"new (no before to compare): {key[:80]!r}")
    return 1 if bad or gone else 0


if __name__ == "__main__":
    sys.exit(main())
