"""The report cache key covers the source texts (issue 9 item 8): a report checked against one
text must not be served from the cache after the text changed, appeared or disappeared."""
from __future__ import annotations

import shutil

from analysis.report.building import _cache_key, _shared_digest
from conftest import ROOT

MINIMAL = ROOT / "tests" / "ledgers" / "minimal"
NOTEBOOK = ROOT / "notebooks" / "study.ipynb"


def key(folder) -> str:
    return _cache_key(NOTEBOOK, [folder / "studies" / "demo2026.yaml"], _shared_digest(folder, ("html",)))


def test_cache_key_changes_with_the_source_text(tmp_path, monkeypatch):
    folder = tmp_path / "ledger"
    shutil.copytree(MINIMAL, folder)
    monkeypatch.setenv("REANALYSIS_SOURCES", str(folder / "texts"))
    before = key(folder)
    assert key(folder) == before                      # stable while nothing changes
    text = folder / "texts" / "demo.txt"
    text.write_text(text.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    changed = key(folder)
    assert changed != before                          # sources.yaml and the study file are unchanged
    text.unlink()
    assert key(folder) not in (before, changed)       # the text went missing


def test_cache_key_changes_with_the_sources_folder(tmp_path, monkeypatch):
    folder = tmp_path / "ledger"
    shutil.copytree(MINIMAL, folder)
    shutil.move(folder / "texts", tmp_path / "texts")  # no copy beside the ledger to fall back to
    monkeypatch.setenv("REANALYSIS_SOURCES", str(tmp_path / "texts"))
    found = key(folder)
    monkeypatch.setenv("REANALYSIS_SOURCES", str(tmp_path / "nowhere"))
    assert key(folder) != found
