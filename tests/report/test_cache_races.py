"""The report cache and the output folder under concurrent edits and builds (issue 20, item 7).

Review: edit a study while its report builds, undo the edit, and the edited report was served as fresh
every time (the key was computed before the build and still matched). Two builds at once into one folder
left mixed PDF/HTML/notebook outputs. A kill -9 left ``.study.*`` work folders (low item).
"""
from __future__ import annotations

import shutil
import threading
import time

import pytest

from analysis.locking import LOCK_NAME, FolderBusy, folder_lock
from analysis.report import building
from conftest import ROOT, LockClock

MINIMAL = ROOT / "tests" / "ledgers" / "minimal"


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    data = tmp_path / "ledger"
    shutil.copytree(MINIMAL, data)
    monkeypatch.setenv("REANALYSIS_SOURCES", str(data / "texts"))
    return data


@pytest.mark.slow
def test_an_edit_undone_during_the_build_is_not_served_from_the_cache(ledger, tmp_path, monkeypatch, capsys):
    study = ledger / "studies" / "demo2026.yaml"
    original = study.read_bytes()
    real = building._execute_one

    def edited_meanwhile(job, kernels=None):   # the notebook reads the edit; the edit is undone before the end
        edited = original.replace(b'title: "Invented two-arm trial"', b'title: "Invented two-arm trial, edited"')
        assert edited != original
        study.write_bytes(edited)
        try:
            return real(job, kernels)
        finally:
            study.write_bytes(original)

    out = tmp_path / "reports"
    monkeypatch.setattr(building, "_execute_one", edited_meanwhile)
    first = building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger,
                           progress=False, overview=False)
    assert first.built == ["demo2026"] and not (out / ".cache" / "demo2026.json").exists()
    assert "report 'demo2026': its inputs changed while it was built; not cached" in capsys.readouterr().err
    monkeypatch.setattr(building, "_execute_one", real)
    again = building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger,
                           progress=False, overview=False)
    assert again.built == ["demo2026"] and again.cached == []   # made again, not served
    third = building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger,
                           progress=False, overview=False)
    assert third.built == [] and third.cached == ["demo2026"]  # nothing changed since: from the cache


@pytest.mark.slow
def test_a_build_waits_for_another_build_of_the_same_folder(ledger, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    with monkeypatch.context() as m:
        m.setattr("analysis.locking.LOCK_TIMEOUT", 0.5)
        clock = LockClock()              # the wait counted in polls of the lock, not measured
        m.setattr("analysis.locking.time", clock)
        with folder_lock(out):   # another build holds the folder
            with pytest.raises(FolderBusy, match=r"another reanalysis run builds reports into this folder"):
                building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger,
                               progress=False, overview=False)
        assert 0.5 < clock.now <= 0.5 + 0.02 + 1e-9   # it gave up once its LOCK_TIMEOUT was over
    # held by a thread for a moment: the build waits for it, then runs
    held = threading.Event()

    def hold():
        with folder_lock(out):
            held.set()
            time.sleep(0.3)

    monkeypatch.setattr("analysis.locking.LOCK_TIMEOUT", 30)
    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    res = building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger,
                         progress=False, overview=False)
    t.join()
    assert res.built == ["demo2026"] and not (out / LOCK_NAME).exists()


@pytest.mark.slow
def test_leftovers_of_a_killed_build_are_removed(ledger, tmp_path):
    out = tmp_path / "reports"
    (out / ".demo2026.k3j_x9q2").mkdir(parents=True)            # mkdtemp's work folder
    (out / ".demo2026.k3j_x9q2" / "demo2026.ipynb").write_text("{}", encoding="utf-8")
    (out / "executed").mkdir()
    (out / "executed" / ".demo2026.ipynb.4242.partial").write_text("{", encoding="utf-8")
    (out / ".keep.me").write_text("a user's hidden file", encoding="utf-8")
    building.build(studies=["demo2026"], formats=("html",), out_dir=out, data_dir=ledger, progress=False,
                   overview=False)
    assert not (out / ".demo2026.k3j_x9q2").exists()
    assert not (out / "executed" / ".demo2026.ipynb.4242.partial").exists()
    assert (out / ".keep.me").exists()
