"""Draw the trials of benchmarks/rct-annotated: a seeded shuffle of the corpus, screened by a fixed test.

    .venv/bin/python benchmarks/rct-annotated/draw.py [CORPUS_DIR] [--take 70]

CORPUS_DIR defaults to /work/corpus/ei/annotations/xml_files (evidence-inference's JATS texts, with the
held-out and rct-extraction-dev papers already removed). The file names are sorted, shuffled with
random.Random(20261206), and taken in that order when they pass the screen:

- randomisation named in the title or abstract (randomised/randomized, randomly assigned/allocated);
- at least 3 per-group statistics printed in the body or tables: a mean and SD ("12.3 ± 4.5",
  "12.3 (4.5)") or an event count ("14 (23.3%)", "14/60").

Prints one line per candidate: rank, PMC id, and the counts the screen saw. Whether a drawn paper is
used (or replaced, and why) is recorded by hand in README.md.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import xml.etree.ElementTree as ET

SEED = 20261206
RANDOM = re.compile(r"randomi[sz]ed|randomly (?:assigned|allocated)|random(?:ly)? allocat", re.I)
MSD = re.compile(r"\d+(?:\.\d+)?\s?(?:±|\+/-)\s?\d+(?:\.\d+)?|\d+\.\d+\s?\(\d+\.\d+\)")
EVENTS = re.compile(r"\b\d+\s?\(\d+(?:\.\d+)?\s?%\)|\b\d+/\d+\b")


def text(node) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def screen(path: Path) -> tuple[bool, int, int]:
    root = ET.parse(str(path)).getroot()  # expat: no external entities, no network
    head = text(root.find(".//article-title")) + " " + text(root.find(".//abstract"))
    body = text(root.find(".//body")) + " " + " ".join(text(t) for t in root.iter("table-wrap"))
    msd, ev = len(MSD.findall(body)), len(EVENTS.findall(body))
    return bool(RANDOM.search(head)) and msd + ev >= 3, msd, ev


def main(argv: list[str]) -> int:
    take = 70
    if "--take" in argv:
        i = argv.index("--take")
        take = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    corpus = Path(argv[0] if argv else "/work/corpus/ei/annotations/xml_files")
    files = sorted(corpus.glob("PMC*.nxml"))
    random.Random(SEED).shuffle(files)
    rank = 0
    for f in files:
        ok, msd, ev = screen(f)
        if ok:
            rank += 1
            print(f"{rank}\t{f.stem}\tmean_sd_forms={msd}\tevent_forms={ev}")
            if rank >= take:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
