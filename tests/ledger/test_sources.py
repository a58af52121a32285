"""The ledger in data/ against the source texts: each source's SHA-256 matches and each entry's
fragment occurs verbatim in its source. Runs when ../shared/seeds or $REANALYSIS_SOURCES holds the
texts; otherwise skipped, with that reason shown."""
import hashlib

import pytest
import yaml

from analysis.ledger import KINDS, load_ledger
from conftest import ROOT, sources_dir

SRC = sources_dir()
needs_sources = pytest.mark.skipif(
    SRC is None, reason="source texts not found: set $REANALYSIS_SOURCES or put them in ../shared/seeds")
SOURCES = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
STUDY_FILES = sorted((ROOT / "data" / "studies").glob("*.yaml"))


@needs_sources
@pytest.mark.parametrize("source", SOURCES, ids=[s["id"] for s in SOURCES])
def test_source_hash(source):
    digest = hashlib.sha256((SRC / source["file"]).read_bytes()).hexdigest()
    assert digest == source["sha256"], f"{source['id']}: {source['file']} changed"


@needs_sources
@pytest.mark.parametrize("path", STUDY_FILES, ids=[p.stem for p in STUDY_FILES])
def test_every_fragment_occurs_verbatim(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    src = next(s for s in SOURCES if s["id"] == doc["study"]["source"])
    text = (SRC / src["file"]).read_text(encoding="utf-8")
    missing = [e["id"] for e in doc["entries"] if e["fragment"] not in text]
    assert not missing, f"{path.name}: fragments not in {src['file']}: {missing}"


@needs_sources
def test_ledger_loads_with_sources_checked():
    led = load_ledger(ROOT / "data", SRC)
    assert led.sources_checked
    assert {s.source for s in led.studies.values()} == {s["id"] for s in SOURCES}


def test_ledger_loads_without_sources(tmp_path):
    led = load_ledger(ROOT / "data", tmp_path, check_sources=False)
    kinds = {e.kind for s in led.studies.values() for e in s.entries}
    assert kinds <= set(KINDS)
    # every document in sources.yaml contributes entries (however many there are)
    assert {s.source for s in led.studies.values()} == {s["id"] for s in SOURCES}


def test_fragments_are_short():
    # the ledger holds fragments, never copied sentences (DEVELOPERS.md)
    for path in STUDY_FILES:
        for e in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            assert len(e["fragment"]) <= 120, f"{path.name}:{e['id']} fragment too long"
