"""Provenance checks cannot switch themselves off silently (issue 9 item 8).

Without the source texts the loader cannot check the sources' SHA-256 nor that each fragment occurs
verbatim: every command says so on stderr (and still exits 0); with --require-sources it exits 2.
The suite runs with the seeds present (../shared/seeds or $REANALYSIS_SOURCES), so the passing half
uses the real ledger and texts.
"""
from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.ledger import LedgerError, load_ledger
from conftest import ROOT, sources_dir

MINIMAL = ROOT / "tests" / "ledgers" / "minimal"
SEEDS = sources_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="source texts not found: set $REANALYSIS_SOURCES")


def warning(folder) -> str:
    return (f"reanalysis: warning: source texts not found in {folder}: the SHA-256 of each source and the "
            "fragment of each entry were not checked (--require-sources makes this an error)\n")


@pytest.mark.parametrize("command", ["ledger", "audit"])
def test_missing_sources_folder_is_said_on_stderr(command, tmp_path, capsys):
    nowhere = tmp_path / "nowhere"
    assert main([command, "--data", str(MINIMAL), "--sources", str(nowhere), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == warning(nowhere)
    assert "demo2026" in captured.out


def test_missing_sources_from_the_environment(tmp_path, capsys, monkeypatch):
    # a ledger without its texts beside it (texts/ would be used when nothing else is found)
    import shutil

    folder = tmp_path / "ledger"
    shutil.copytree(MINIMAL, folder, ignore=shutil.ignore_patterns("texts"))
    nowhere = tmp_path / "unset"
    monkeypatch.setenv("REANALYSIS_SOURCES", str(nowhere))
    assert main(["ledger", "--data", str(folder), "--counts"]) == 0
    assert capsys.readouterr().err == warning(nowhere)


@pytest.mark.parametrize("command", ["ledger", "audit", "report"])
def test_require_sources_fails_without_them(command, tmp_path, capsys):
    nowhere = tmp_path / "nowhere"
    argv = [command, "--data", str(ROOT / "data"), "--sources", str(nowhere), "--require-sources"]
    if command == "report":
        argv += ["--out", str(tmp_path / "out")]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"reanalysis: error: {nowhere}: source texts not found: the SHA-256 and "
                            "fragment checks cannot run\n")
    assert not (tmp_path / "out").exists()


@needs_seeds
@pytest.mark.parametrize("command", ["ledger", "audit"])
def test_require_sources_passes_with_them(command, capsys):
    assert main([command, "--data", str(ROOT / "data"), "--sources", str(SEEDS), "--require-sources",
                 "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "sakurai2025" in captured.out


@needs_seeds
def test_require_sources_still_checks_the_fragments(tmp_path, capsys):
    # with the texts present a changed fragment is an error: the flag does not weaken the checks
    import shutil

    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)
    study = dst / "studies" / "demo2026.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace('"5.21 ± 1.6"', '"5.21 +/- 1.6"'),
                     encoding="utf-8")
    assert main(["ledger", "--data", str(dst), "--sources", str(dst / "texts"), "--require-sources"]) == 2
    assert "field 'fragment' = '5.21 +/- 1.6': not found verbatim" in capsys.readouterr().err


def test_load_ledger_records_why_sources_were_not_checked(tmp_path):
    led = load_ledger(MINIMAL, tmp_path / "nowhere")
    assert not led.sources_checked
    assert led.sources_dir == tmp_path / "nowhere"
    with pytest.raises(LedgerError, match="source texts not found"):
        load_ledger(MINIMAL, tmp_path / "nowhere", check_sources=True)
