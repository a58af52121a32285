"""`analysis.to_escalc` / `reanalysis export --format escalc` against metafor's own escalc and rma (issue 19 item 4),
and `reanalysis ledger --numbers`: one row per printed number.

Reference values: tests/reference/r_escalc_values.tsv, made once by tests/reference/r/j_escalc.R (R 4.2.2,
metafor 3.8.1; the command is in the script's header) from the summaries as printed, not from our output;
its last part reads tests/reference/r/escalc2026_export.csv (the CLI's output) with read.csv and fits rma on it.
"""
from __future__ import annotations

import csv
import io

import pytest

from analysis import to_escalc
from analysis.cli import main
from analysis.exporting import ESCALC_COLUMNS, ledger_numbers
from analysis.stats.meta import random_effects
from conftest import REFERENCE, ROOT, _read_tsv, approx

LEDGER = ROOT / "tests" / "ledgers" / "escalc"
EXPORT = REFERENCE / "r" / "escalc2026_export.csv"


@pytest.fixture(scope="module")
def rj():
    return _read_tsv(REFERENCE / "r_escalc_values.tsv")


@pytest.fixture(scope="module")
def demo():
    return to_escalc(data_dir=LEDGER, sources_dir=LEDGER / "texts")


def _key(row) -> str:
    tag = f"j.{row.study}.{row.comparison}.{row.measure}"
    return tag + (f".r{row.ri:.1f}" if row.measure == "SMCR" else "")


def test_every_row_equals_metafor_escalc_on_the_printed_summaries(rj, demo):
    rows = list(demo.itertuples()) + list(to_escalc().itertuples())
    # escalc2026: SMD, MD, 3 SMCR, 2 x (RR, OR, RD); data/: anand and reif (RR, OR, RD), sakurai (3 SMCR)
    assert len(rows) == 11 + 9
    for row in rows:
        assert row.yi == approx(rj[_key(row) + ".yi"], "estimate"), _key(row)
        assert row.vi == approx(rj[_key(row) + ".vi"], "se"), _key(row)


def test_metafor_column_names_and_measures(demo):
    assert list(demo.columns) == ESCALC_COLUMNS
    assert {"yi", "vi", "measure", "n1i", "n2i"} <= set(demo.columns)
    assert sorted(set(demo.measure)) == ["MD", "OR", "RD", "RR", "SMCR", "SMD"]
    sae = demo[demo.comparison == "sae_comparison"].iloc[0]
    # "0 of 18 with drug, 4 of 20 with placebo": group 1 is the comparison's first entry
    assert (sae.ai, sae.bi, sae.ci, sae.di, sae.n1i, sae.n2i) == (0, 18, 4, 16, 18, 20)
    assert "0.5 added to every cell" in sae.note
    smcr = demo[demo.measure == "SMCR"]
    assert smcr.ri.tolist() == [0.3, 0.5, 0.7] and set(smcr.ni) == {25}
    assert all("not printed" in n for n in smcr.note)
    # a measure with no zero cell carries no note
    assert set(demo[demo.comparison == "relapse_comparison"].note) == {""}


def test_cli_export_is_the_csv_r_read(capsys):
    # j_escalc.R fitted rma on this very file; the CLI must still write it byte for byte
    assert main(["export", "--format", "escalc", "--data", str(LEDGER), "--sources", str(LEDGER / "texts")]) == 0
    assert capsys.readouterr().out == EXPORT.read_text(encoding="utf-8")


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_rma_on_the_exported_csv(rj, measure):
    # R: rma(yi, vi, data = read.csv("escalc2026_export.csv"), subset = measure == m), REML
    rows = list(csv.DictReader(io.StringIO(EXPORT.read_text(encoding="utf-8"))))
    sub = [r for r in rows if r["measure"] == measure]
    fit = random_effects([float(r["yi"]) for r in sub], [float(r["vi"]) for r in sub], method="REML")
    assert fit.estimate == approx(rj[f"j.export.rma.REML.{measure}.estimate"], "iterative")
    assert fit.tau2 == approx(rj[f"j.export.rma.REML.{measure}.tau2"], "iterative")
    # and R's escalc, given only the exported cells, gives back the exported yi and vi
    assert rj[f"j.export.reescalc.{measure}.max_abs_diff"] < 1e-12


def test_export_of_one_study_and_of_an_unknown_one(capsys):
    assert main(["export", "--study", "sakurai2025"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["measure"] for r in rows] == ["SMCR"] * 3
    assert rows[0]["n1i"] == "" and rows[0]["ni"] == "30"  # NA in R, not "nan"
    assert main(["export", "--study", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_a_study_without_comparisons_exports_a_header_only(capsys):
    assert main(["export", "--study", "fitzgerald2020"]) == 0
    assert capsys.readouterr().out.strip() == ",".join(ESCALC_COLUMNS)


def test_ledger_numbers_one_row_per_printed_number(capsys):
    df = ledger_numbers(data_dir=LEDGER, sources_dir=LEDGER / "texts")
    # 4 mean_sd x (mean, sd, n) + 2 proportions x (percent, k, n) + 2 counts x (k, n); comparisons print none
    assert len(df) == 4 * 3 + 2 * 3 + 2 * 2
    row = df[(df.entry == "dep_drug") & (df.field == "sd")].iloc[0]
    assert row.printed == "5.1" and row.fragment == "drug 12.4 ± 5.1 (n = 40)"
    assert main(["ledger", "--numbers", "--format", "csv", "--study", "sakurai2025"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # the printed strings, trailing zeros kept: "30.6 ± 6.1 at baseline"
    base = {r["field"]: r["printed"] for r in rows if r["entry"] == "madrs_baseline"}
    assert base == {"mean": "30.6", "sd": "6.1", "n": "30"}


def test_an_effect_escalc_cannot_take_is_one_line_naming_the_comparison(tmp_path, capsys):
    """Two arms printed with SD 0 (invented): the export stopped on 'std1 (0.0) must be > 0', naming no
    file, entry or field (found in review); now one line naming the study file, the comparison and its
    entries, exit 2."""
    from conftest import one_study_ledger

    one_study_ledger(tmp_path, "study: {id: inv, source: t, design: rct_parallel, arms: [a, b]}\nentries:\n"
                     '  - {id: m1, kind: mean_sd, measure: s, arm: a, mean: "5.0", sd: "0", n: "1", fragment: "5.0 (0)"}\n'
                     '  - {id: m2, kind: mean_sd, measure: s, arm: b, mean: "4.0", sd: "0", n: "1", fragment: "4.0 (0)"}\n'
                     '  - {id: cm, kind: comparison, entries: [m1, m2], design: independent, fragment: "5.0 vs 4.0"}\n')
    from analysis.ledger import load_ledger

    with pytest.raises(ValueError, match=r"inv\.yaml: entry 'cm': field 'entries' = 'm1,m2': no effect"):
        to_escalc(ledger=load_ledger(tmp_path, tmp_path, check_sources=False))
