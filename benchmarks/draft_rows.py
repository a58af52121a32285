"""Every draft of the development texts, written to a file or compared entry for entry with an earlier run.

    .venv/bin/python benchmarks/draft_rows.py --write /tmp/drafts-before.json     # on the code before a change
    .venv/bin/python benchmarks/draft_rows.py --compare /tmp/drafts-before.json   # after it: exit 1 on any difference

The texts: statcheck-dev and rct-extraction-dev (``../shared/benchmarks``) and the first ``--ei`` JATS files of the
evidence-inference corpus in name order (/work/corpus/ei, default 300). Each draft (``analysis.extract``) is kept as
its study file's YAML and its study mapping; a text the extractor refuses is kept as the error's text. A speed-up of
the extractor must leave every draft equal (issue 22: the scan rows of ``scan_rows.py`` follow from the drafts, and
this reads 335 texts where that scans 60). Not part of the test run; the texts and the drafts are not committed.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
EI_DIR = Path("/work/corpus/ei/annotations/xml_files")


def files(ei: int) -> list[Path]:
    out = sorted((SHARED / "statcheck-dev" / "texts").glob("*"))
    out += sorted((SHARED / "rct-extraction-dev").rglob("*.xml"))
    return out + sorted(EI_DIR.glob("*.nxml"))[:ei]


def drafts(paths: list[Path]) -> dict[str, str]:
    """{file name: the draft's YAML and study mapping, or the refusal}."""
    from analysis.extraction import ExtractError, extract

    out = {}
    for f in paths:
        try:
            d = extract(f)
            out[f.name] = d.to_yaml() + json.dumps(d.study, sort_keys=True, ensure_ascii=False)
        except ExtractError as exc:
            out[f.name] = f"refused: {exc}"
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="FILE")
    mode.add_argument("--compare", type=Path, metavar="FILE")
    ap.add_argument("--ei", type=int, default=300, help="evidence-inference files read (the first, in name order)")
    args = ap.parse_args(argv)
    now = drafts(files(args.ei))
    if args.write:
        args.write.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
        print(f"{len(now)} drafts written to {args.write}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    print(f"{len(now)} drafts now, {len(before)} before; {len(differ)} differ")
    for name in differ[:5]:
        diff = difflib.unified_diff(before.get(name, "").splitlines(), now.get(name, "").splitlines(), lineterm="")
        print(name, *list(diff)[:20], sep="\n  ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
