"""analysis.ledger.primary: the ``primary`` records of a study file (issue 12, item 4). A valid block
loads; every broken field raises a LedgerError naming the file, the record, the field and the value;
the CLI exits 2 with one line. The primary texts are not stored, so a record's fragment is not looked
up in the secondary's source text (a fragment absent from it loads)."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from analysis.cli import main
from analysis.ledger import LedgerError, load_ledger

HERE = Path(__file__).resolve().parent.parent
MINIMAL = HERE / "ledgers" / "minimal"
STUDY = "studies/demo2026.yaml"

PRIMARY = {
    "citation": "Invented A, et al. An invented trial. J Invented 2026;1:1-2",
    "doi": "10.1234/invented.2026",
    "pmid": "12345678",
    "records": [
        {"id": "pri_n_total", "of": "n_total", "values": {"n": ["28", "12"]},
         "definition": "randomised", "definition_matches": True,
         "fragment": "28 and 12 patients were randomised", "address": "https://example.org/abstract"},
        {"id": "pri_response_drug", "of": "response_drug", "values": {"percent": "50.0"}, "k": "14", "n": "28",
         "arm": "drug", "definition": "response at week 8", "definition_matches": True,
         "denominator": "all randomised", "fragment": "14 of 28 (50.0%)", "address": "https://example.org/abstract"},
        {"id": "pri_missing", "of": "diff", "status": "not_found", "definition": "difference and CI",
         "definition_matches": True, "address": "https://example.org/abstract",
         "note": "the abstract prints no difference"},
    ],
}


@pytest.fixture
def ledger_with(tmp_path):
    """Copy the minimal ledger with a primary block (edited by ``change``); return the folder."""
    def make(change=None):
        dst = tmp_path / "ledger"
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(MINIMAL, dst)
        path = dst / STUDY
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["primary"] = copy.deepcopy(PRIMARY)
        if change:
            change(doc["primary"])
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return dst
    return make


def test_primary_block_loads(ledger_with):
    folder = ledger_with()
    study = load_ledger(folder, folder / "texts").study("demo2026")
    pub = study.primary
    assert (pub.doi, pub.pmid) == ("10.1234/invented.2026", "12345678")
    assert pub.records_of("n_total")[0].values == {"n": ("28", "12")}
    rec = pub.records_of("response_drug")[0]
    assert (rec.k, rec.n, rec.arm, rec.found) == ("14", "28", "drug", True)
    assert not pub.records_of("diff")[0].found
    # "14 of 28 (50.0%)" is not in the secondary's text: records are not checked against it
    assert "14 of 28" not in (folder / "texts" / "demo.txt").read_text(encoding="utf-8")


def test_study_without_primary_has_none():
    assert load_ledger(MINIMAL, MINIMAL / "texts").study("demo2026").primary is None


def _set(i, **changes):
    def change(pub):
        for k, v in changes.items():
            if v is None:
                pub["records"][i].pop(k, None)
            else:
                pub["records"][i][k] = v
    return change


CASES = [
    # (change, record named, field named, message fragment)
    (_set(1, of="nobody"), "pri_response_drug", "of", "refers to no entry"),
    # review R1: a list or mapping here, or a number as a key, raised TypeError (unhashable; int < str)
    (_set(1, of=["response_drug"]), "pri_response_drug", "of", "refers to no entry"),
    (_set(1, of={"response_drug": 1}), "pri_response_drug", "of", "refers to no entry"),
    (lambda p: p["records"][1].update({1: "x", "zz": "y"}), "pri_response_drug", "1", "unknown field"),
    (_set(1, values={"percent": 50.0}), "pri_response_drug", "values.percent", "quoted strings"),
    (_set(1, values={"percent": "fifty"}), "pri_response_drug", "values.percent", "not a printed number"),
    (_set(1, values={"mean": "5.2"}), "pri_response_drug", "values.mean", "not a number field"),
    (_set(1, k="30"), "pri_response_drug", "k", "count exceeds its n"),
    (_set(1, arm="surgery"), "pri_response_drug", "arm", "not an arm of this study"),
    (_set(1, address="javascript:alert(1)"), "pri_response_drug", "address", "http(s) address"),
    (_set(1, address="https://example.org/a b"), "pri_response_drug", "address", "http(s) address"),
    (_set(1, definition_matches="yes"), "pri_response_drug", "definition_matches", "true or false"),
    (_set(1, definition=None), "pri_response_drug", "definition", "missing field"),
    (_set(1, fragment=None), "pri_response_drug", "fragment", "missing field"),
    # a quote of 121 characters (one rule with a cited work's, ledger.schema._check_quote); 120 load (below)
    (_set(1, fragment="14 of 28 " + "x" * 112), "pri_response_drug", "fragment", "longer than 120 characters"),
    (_set(1, fragment="x" * 121), "pri_response_drug", "fragment", "longer than 120"),
    (_set(1, status="maybe"), "pri_response_drug", "status", "read or not_found"),
    (_set(1, colour="red"), "pri_response_drug", "colour", "unknown field"),
    (_set(1, id="n_total"), "n_total", "id", "duplicate id"),
    (_set(0, values={"n": ["28"]}), "pri_n_total", "values.n", "at least two parts"),
    (_set(0, values={"n": ["28.5", "12"]}), "pri_n_total", "values.n", "whole number"),
    (_set(2, values={"estimate": "0.3"}), "pri_missing", "values", "not_found record holds no"),
    (_set(2, note=None), "pri_missing", "note", "required for not_found"),
]


@pytest.mark.parametrize("change, record, field, message", CASES, ids=[f"{c[2]}:{c[3]}" for c in CASES])
def test_record_error_names_file_record_field_value(ledger_with, change, record, field, message):
    folder = ledger_with(change)
    with pytest.raises(LedgerError) as exc:
        load_ledger(folder, folder / "texts")
    text = str(exc.value)
    assert "demo2026.yaml" in text and f"entry {record!r}" in text and f"field {field!r}" in text
    assert message in text


PUB_CASES = [
    (lambda p: p.update(doi="doi:10.1234/x"), "primary.doi", "not a valid doi"),
    # the DOI rule of a cited work's record (ledger.schema._DOI, one for both since issue 21): ASCII digits and
    # at most 200 characters after the prefix; primary.py's own pattern took any Unicode digit and any length
    (lambda p: p.update(doi="10.\u0661\u0662\u0663\u0664/x"), "primary.doi", "not a valid doi"),
    (lambda p: p.update(doi="10.1234/" + "x" * 201), "primary.doi", "not a valid doi"),
    (lambda p: p.update(pmid="PMID 123"), "primary.pmid", "not a valid pmid"),
    (lambda p: p.update(pmid=None), "primary.pmid", "pmid_note"),
    (lambda p: p.update(doi=None, pmid=None, pmid_note="none found"), "primary.doi", "needs a doi"),
    (lambda p: p.pop("citation"), "primary.citation", "missing field"),
    (lambda p: p.update(records=[]), "primary.records", "non-empty list"),
    (lambda p: p.update(journal="NEJM"), "primary.journal", "unknown field"),
    (lambda p: p.update({1: "x", "zz": "y"}), "primary.1", "unknown field"),  # review R1: was TypeError
]


@pytest.mark.parametrize("change, field, message", PUB_CASES, ids=[c[2] for c in PUB_CASES])
def test_publication_error_names_field(ledger_with, change, field, message):
    folder = ledger_with(change)
    with pytest.raises(LedgerError) as exc:
        load_ledger(folder, folder / "texts")
    assert f"field {field!r}" in str(exc.value) and message in str(exc.value)


def test_unknown_top_level_key(tmp_path):
    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)
    path = dst / STUDY
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["primaries"] = {}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(LedgerError, match=r"demo2026\.yaml: field 'primaries': unknown top-level key"):
        load_ledger(dst, dst / "texts")


def test_cli_broken_primary_exits_2_with_one_line(ledger_with, capsys):
    folder = ledger_with(_set(1, values={"percent": 50.0}))
    code = main(["audit", "--data", str(folder), "--sources", str(folder / "texts")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "pri_response_drug" in err and "values.percent" in err



def test_primary_rows_in_the_audit(ledger_with):
    import analysis

    folder = ledger_with()
    df = analysis.audit(ledger=load_ledger(folder, folder / "texts"))
    fid = df[df.check == "fidelity"].set_index("entry_ids")
    # 28 + 12 = 40 = the secondary's n_total; 14/28 = 50.0% against the secondary's response_drug
    assert fid.loc["n_total,pri_n_total", "verdict"] == "consistent"
    assert fid.loc["diff,pri_missing", "verdict"] == "not_testable"
    # the invented primary prints 50.0% (14/28) where the secondary prints 26.7%: another number
    assert fid.loc["response_drug,pri_response_drug", "verdict"] == "inconsistent"


def test_a_quote_of_120_characters_loads(ledger_with):
    folder = ledger_with(_set(1, fragment="14 of 28 " + "x" * 111))
    assert len(load_ledger(folder, folder / "texts").study("demo2026").primary.records_of("response_drug")[0].fragment) == 120
