"""A synthetic ledger at corpus scale, made from the real ledger's entry shapes (benchmarks only).

    .venv/bin/python benchmarks/ledger_corpus.py OUT_DIR [--files 1000] [--entries 22]

Each synthetic study file packs whole studies of ``data/studies/`` (taken in turn, every id
prefixed ``c<k>_`` so that references stay inside their copy) until it holds at least
``--entries`` entries, then drops entries nothing refers to from the end until it holds exactly
that many. All synthetic studies cite one synthetic source whose text is the five seed texts
joined, so every fragment is found and every hash checks. The folder is written to a temporary
place by the benchmark and never committed: only this generator is.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.ledger import default_sources_dir  # noqa: E402

SOURCE_ID = "corpus"
TEXT = "corpus.txt"


def _refs(entry: dict) -> list[str]:
    out = []
    if entry["kind"] in ("comparison", "direction", "claim"):
        out += list(entry["entries"])
    if entry["kind"] == "total":
        out += list(entry["parts"])
    if entry["kind"] == "comparison" and entry.get("total"):
        out.append(entry["total"])
    return out


def _prefixed(entries: list[dict], prefix: str) -> list[dict]:
    out = []
    for e in entries:
        e = dict(e)
        e["id"] = prefix + e["id"]
        if e["kind"] in ("comparison", "direction", "claim"):
            e["entries"] = [prefix + r for r in e["entries"]]
        if e["kind"] == "total":
            e["parts"] = [prefix + r for r in e["parts"]]
        if e["kind"] == "comparison" and e.get("total"):
            e["total"] = prefix + e["total"]
        out.append(e)
    return out


def _pack(studies: list[dict], start: int, size: int) -> tuple[list[dict], list[str]]:
    entries: list[dict] = []
    arms: list[str] = []
    k = 0
    while len(entries) < size:
        doc = studies[(start + k) % len(studies)]
        entries += _prefixed(doc["entries"], f"c{k}_")
        arms += [a for a in doc["study"].get("arms") or [] if a not in arms]
        k += 1
    i = len(entries) - 1
    while len(entries) > size and i >= 0:
        referred = {r for e in entries for r in _refs(e)}
        if entries[i]["id"] not in referred and not _refs(entries[i]):
            del entries[i]
        i -= 1
    return entries, arms


def make_corpus(out: Path, files: int = 1000, entries: int = 22,
                data_dir: Path | None = None, sources_dir: Path | None = None) -> int:
    """Write ``out/sources.yaml``, ``out/studies/*.yaml`` and ``out/texts/corpus.txt``.

    Returns the number of entries written.
    """
    data_dir = data_dir or ROOT / "data"
    sources_dir = sources_dir or default_sources_dir()
    if sources_dir is None:
        raise SystemExit("source texts not found: set $REANALYSIS_SOURCES")
    real_sources = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    text = "\n".join((Path(sources_dir) / s["file"]).read_text(encoding="utf-8") for s in real_sources)
    (out / "texts").mkdir(parents=True, exist_ok=True)
    (out / "studies").mkdir(parents=True, exist_ok=True)
    (out / "texts" / TEXT).write_text(text, encoding="utf-8")
    digest = hashlib.sha256((out / "texts" / TEXT).read_bytes()).hexdigest()
    (out / "sources.yaml").write_text(yaml.safe_dump({"sources": [{
        "id": SOURCE_ID, "file": TEXT, "title": "The five seed texts joined (synthetic benchmark source)",
        "citation": "Synthetic: benchmarks/ledger_corpus.py", "doi": None, "registry": None, "url": None,
        "document_type": "news", "sha256": digest}]}, sort_keys=False), encoding="utf-8")
    studies = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((data_dir / "studies").glob("*.yaml"))]
    total = 0
    for i in range(files):
        ents, arms = _pack(studies, i, entries)
        base = studies[i % len(studies)]["study"]
        sid = f"synthetic{i:05d}"
        doc = {"study": {"id": sid, "source": SOURCE_ID, "title": f"Synthetic study {i}",
                         "design": base["design"], "cites": None, "arms": arms},
               "entries": ents}
        (out / "studies" / f"{sid}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        total += len(ents)
    return total


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=22)
    a = ap.parse_args()
    n = make_corpus(a.out, a.files, a.entries)
    print(f"{a.files} study files, {n} entries in {a.out}")
