"""Grades and preconditions of issue 16: every inconsistent row is graded (analysis.GRADES) and lists what it
rests on; a check whose precondition the text does not establish is not_testable, naming what is missing.

Seed cases (../shared/seeds): Sakurai 2025 abstract (002_...): MADRS "30.6 ± 6.1" with the 0-60 scale in the
ledger's scale_note; the Belge editorial (003_...) on ESCAPE-TRD: "fewer relapses ... (21.7% vs. 14.1%)";
the Neurology Advisor news (001_...) on Fitzgerald 2020: MFIS -13.5 (-25.0 to -1.98), P = .04.
"""
from __future__ import annotations

import dataclasses

import pytest

import analysis
from analysis.auditing import audit
from analysis.auditing.preconditions import INTEGER_DATA, N_PRINTED
from analysis.cli import main
from analysis.ledger import load_ledger
from analysis.results import Check


def test_grades_are_exported_highest_first():
    assert analysis.GRADES == ("error", "likely", "rounding")


def test_a_grade_belongs_to_an_inconsistent_verdict_only():
    assert Check("grim", "inconsistent", "x", grade="likely").grade == "likely"
    with pytest.raises(ValueError, match="on an inconsistent verdict only"):
        Check("grim", "consistent", "x", grade="error")
    with pytest.raises(ValueError, match="must be one of"):
        Check("grim", "inconsistent", "x", grade="certain")
    with pytest.raises(TypeError, match="tuple of strings"):
        Check("grim", "inconsistent", "x", assumptions="integer data")


@pytest.fixture(scope="module")
def full():
    return audit()


def test_every_inconsistent_row_is_graded_and_rows_sort_by_grade(full):
    inc = full[full.verdict == "inconsistent"]
    assert inc["grade"].isin(analysis.GRADES).all() and full.loc[full.verdict != "inconsistent", "grade"].isna().all()
    rank = full["grade"].map({g: i for i, g in enumerate(analysis.GRADES)}).fillna(len(analysis.GRADES))
    assert rank.is_monotonic_increasing


def test_seed_findings_hold_at_their_grades(full):
    def one(study, check):
        r = full[(full.study == study) & (full.check == check) & (full.verdict == "inconsistent")]
        assert len(r) == 1, r
        return r.iloc[0]

    # ESCAPE-TRD in the editorial: "fewer" beside 21.7% vs 14.1%, printed together: nothing assumed
    d = one("reif2023_escape_trd", "direction")
    assert d.grade == "error" and d.assumptions == ""
    # Fitzgerald MFIS: P = .04 against the CI -25.0 to -1.98 rests on a Wald-type P
    p = one("fitzgerald2020", "p_against_ci")
    assert p.grade == "likely"


def test_integer_data_held_for_a_scale_and_not_without_evidence():
    led = load_ledger()
    study = led.study("sakurai2025")
    # held: MADRS total 0-60 (the ledger's scale bounds, with the note that says why)
    held = INTEGER_DATA.establish(study, study.entry("madrs_baseline"))
    assert held.holds and "these are integer data (MADRS total: 10 items scored 0-6" in held.words
    assert not held.certain
    entry = study.entry("madrs_baseline")
    by_scale = dataclasses.replace(entry, fields={k: v for k, v in entry.fields.items()
                                                  if not k.startswith("measurement")})
    assert "integer scores (0-60 scale" in INTEGER_DATA.establish(study, by_scale).words
    # not held: the same entry without bounds or a measurement says what is missing
    bare = dataclasses.replace(entry, fields={k: v for k, v in entry.fields.items()
                                              if not k.startswith(("scale", "measurement"))})
    missing = INTEGER_DATA.establish(study, bare)
    assert not missing.holds and missing.words.startswith("no evidence that the values are integers")
    cont = dataclasses.replace(bare, fields={**bare.fields, "measurement": "continuous",
                                             "measurement_from": "g/kg/h"})
    assert not INTEGER_DATA.establish(study, cont).holds


def test_n_source_decides_how_sure(tmp_path):
    led = load_ledger()
    study = led.study("sakurai2025")
    e = study.entry("madrs_baseline")
    assert N_PRINTED.establish(study, e).certain  # a hand ledger n: read by the ledger's author
    weak = dataclasses.replace(e, fields={**e.fields, "n_source": "total"})
    p = N_PRINTED.establish(study, weak)
    assert p.holds and not p.certain and "the paper's total" in p.words


def test_cli_grade_filter_and_the_first_line_counts(capsys):
    assert main(["audit", "--grade", "error", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].startswith("reif2023_escape_trd,")
    assert main(["audit", "--study", "fitzgerald2020"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("inconsistent by grade: 0 error, 1 likely, 0 rounding;")
