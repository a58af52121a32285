"""The `reanalysis` command line (analysis.cli.main), run in-process with capsys.

Exit codes per DESIGN.md "The command line": 0 on success, also when an audit finds inconsistencies
(they are findings); 2 on bad input with one line naming what was wrong.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections import Counter

import pytest
import yaml

from analysis.cli import main
from conftest import ROOT


def _study_tests(study: str):
    """tests/studies/test_study_<study>.py as a module, whether or not pytest collected it first."""
    path = ROOT / "tests" / "studies" / f"test_study_{study}.py"
    spec = importlib.util.spec_from_file_location(f"_cli_{study}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The fitzgerald2020 tally, worked out from the printed text in tests/studies/test_study_fitzgerald2020.py (its
# text_only count from the ledger): the command line must print one row per counted check.
_fitz = _study_tests("fitzgerald2020")
expected_tally, load_ledger_yaml = _fitz.expected_tally, _fitz.load_ledger_yaml

#: the studies of the ledger as data/studies/ holds them: adding a study must not break these tests
STUDY_FILES = sorted((ROOT / "data" / "studies").glob("*.yaml"))
STUDIES = [p.stem for p in STUDY_FILES]


def test_study_list_matches_data_folder(capsys):
    # each file is named by its study id, and `reanalysis ledger --counts` lists each study once
    assert [yaml.safe_load(p.read_text(encoding="utf-8"))["study"]["id"] for p in STUDY_FILES] == STUDIES
    assert main(["ledger", "--counts", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(r["study"] for r in rows) == STUDIES


def test_ledger_lists_every_study(capsys):
    assert main(["ledger"]) == 0
    out = capsys.readouterr().out
    for sid in STUDIES:
        assert sid in out


def test_ledger_one_study_csv(capsys):
    assert main(["ledger", "--study", "sakurai2025", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["study"] for r in rows} == {"sakurai2025"}
    assert len(rows) == 24  # data/README.md: sakurai2025.yaml has 24 entries
    madrs = next(r for r in rows if r["id"] == "madrs_baseline")
    # the fragment as printed in the abstract, "30.6 ± 6.1 at baseline"
    assert madrs["fragment"] == "30.6 ± 6.1 at baseline"
    assert "mean=30.6" in madrs["values"]


def test_audit_json_exits_zero_despite_inconsistent_row(capsys):
    # fitzgerald2020's MFIS P = .04 against -13.5 (-25.0 to -1.98) is inconsistent; still exit 0.
    assert main(["audit", "--study", "fitzgerald2020", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["study"] for r in rows} == {"fitzgerald2020"}
    mfis = [r for r in rows if r["entry_ids"] == "mfis_change" and r["check"] == "p_against_ci"]
    assert len(mfis) == 1 and mfis[0]["verdict"] == "inconsistent"
    tally = expected_tally(load_ledger_yaml())
    # the MFIS pair (that no single df reproduces the three pairs is a note: not_testable)
    assert sum(r["verdict"] == "inconsistent" for r in rows) == 1
    assert tally[("p_against_ci", "inconsistent")] == tally[("one_assumption", "not_testable")] == 1
    assert Counter((r["check"], r["verdict"]) for r in rows) == tally
    assert len(rows) == sum(tally.values())


def test_audit_csv(capsys):
    assert main(["audit", "--study", "fitzgerald2020", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    tally = expected_tally(load_ledger_yaml())
    assert Counter((r["check"], r["verdict"]) for r in rows) == tally
    assert len(rows) == sum(tally.values())
    assert {"study", "entry_ids", "check", "verdict", "explanation", "p_printed_low"} <= set(rows[0])
    total = next(r for r in rows if r["check"] == "total")
    assert total["verdict"] == "consistent" and total["recomputed"] == "18"  # 12 + 6 = 18


def test_audit_table_default(capsys):
    assert main(["audit", "--study", "reif2023_escape_trd"]) == 0
    out = capsys.readouterr().out
    assert "relapse_fewer" in out and "inconsistent" in out


def test_unknown_study_exits_2_with_one_line(capsys):
    assert main(["audit", "--study", "nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "nope" in lines[0] and "unknown study" in lines[0]
    assert "Traceback" not in captured.err


def test_check_grim_peer_vector(capsys):
    # scrutiny tests/testthat/test-grim.R: grim("5.19", 28) is FALSE; 145/28 = 5.179, 146/28 = 5.214.
    assert main(["check", "grim", "5.19", "28"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("inconsistent")
    # the two means nearest 5.19 (which stands for 5.185..5.195), each printed with 3 decimals
    assert f"145/28 = {145 / 28:.3f}" in out and f"146/28 = {146 / 28:.3f}" in out
    assert "145/28 = 5.179" in out and "146/28 = 5.214" in out


def test_check_p_ci_mfis(capsys):
    # "(-13.5 points; 95% CI, -25.0 to -1.98; P =.04)": normal p = 0.0215 (R g.est-13.5_ci(-25,-1.98))
    assert main(["check", "p-ci", "-13.5", "-25.0", "-1.98", ".04"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("inconsistent")
    assert "0.022" in out


def test_check_percent_no_count(capsys):
    # 41.2% of 202: 83/202 = 41.09%, 84/202 = 41.58% -> no whole count prints as 41.2%.
    assert main(["check", "percent", "41.2", "202"]) == 0
    out = capsys.readouterr().out
    assert "no whole count" in out
    assert "/202" not in out


def test_check_percent_with_count(capsys):
    # 26.7% of 30: only 8/30 = 26.67%.
    assert main(["check", "percent", "26.7", "30"]) == 0
    assert "8/30" in capsys.readouterr().out


def test_broken_ledger_exits_2(capsys):
    # tests/ledgers/broken_sd has a negative SD ("-1.6"): the loader must refuse it, naming the file,
    # the entry, the field and the value on one line.
    data = ROOT / "tests" / "ledgers" / "broken_sd"
    assert main(["ledger", "--data", str(data), "--sources", str(data / "texts")]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    for part in ("demo2026.yaml", "score_drug", "sd", "-1.6"):
        assert part in lines[0]
