"""analysis.ledger: every documented validation error names file, entry, field and value,
and `reanalysis ledger` exits 2 with one line (issue 2). The small ledger under
tests/ledgers/minimal is invented for these tests; broken ledgers are made from it."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis.cli import main
from analysis.ledger import LedgerError, load_ledger
from conftest import ROOT

HERE = ROOT / "tests"  # the test ledgers live in tests/ledgers/
MINIMAL = HERE / "ledgers" / "minimal"
STUDY = "studies/demo2026.yaml"


def test_minimal_ledger_loads():
    led = load_ledger(MINIMAL, MINIMAL / "texts")
    assert led.sources_checked
    study = led.study("demo2026")
    assert len(study.entries) == 12
    assert study.entry("raters").integer("k") == 2          # "two of the three"
    assert study.entry("raters").integer("n") == 3
    assert study.entry("score_drug").reported("sd").decimals == 1
    frame = led.entries_frame()
    assert list(frame.columns) == ["study", "id", "kind", "measure", "arm", "time", "values", "fragment", "source"]
    assert frame.loc[frame.id == "score_drug", "values"].item() == "mean=5.21; sd=1.6; n=28"


@pytest.fixture
def broken(tmp_path):
    """Copy the minimal ledger; return a function that edits one entry and the folder."""
    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)

    def edit(entry_id=None, printed=None, **changes):
        """Change fields of one entry; ``printed``: a line added to the source text (its hash updated),
        for a changed fragment that must still occur verbatim."""
        if printed is not None:
            text = dst / "texts" / "demo.txt"
            old = hashlib.sha256(text.read_bytes()).hexdigest()
            text.write_text(text.read_text(encoding="utf-8") + printed + "\n", encoding="utf-8")
            sources = dst / "sources.yaml"
            sources.write_text(sources.read_text(encoding="utf-8").replace(
                old, hashlib.sha256(text.read_bytes()).hexdigest()), encoding="utf-8")
        path = dst / STUDY
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for e in doc["entries"]:
            if e["id"] == entry_id:
                for k, v in changes.items():
                    if v is None:
                        e.pop(k, None)
                    else:
                        e[k] = v
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return dst
    return edit


CASES = [
    # (entry, changes, field named, message fragment)
    ("score_drug", {"kind": "mean_sdd"}, "kind", "unknown kind"),
    ("n_drug", {"id": "n_total"}, "id", "duplicate id"),
    ("score_drug", {"sd": None}, "sd", "missing field"),
    ("score_drug", {"sd": "-1.6"}, "sd", "SD must be >= 0"),
    ("score_drug", {"n": "0"}, "n", "n must be >= 1"),
    ("response_drug", {"percent": "126.7"}, "percent", "0-100"),
    ("diff", {"p": "1.06"}, "p", "[0, 1]"),
    ("score_drug", {"mean": "5.2.1"}, "mean", "not a printed number"),
    ("score_drug", {"mean": 5.21}, "mean", "quoted strings"),
    ("score_drug", {"fragment": "5.21 ± 1.60"}, "fragment", "not found verbatim"),
    ("arms_total", {"parts": ["n_drug", "n_nobody"]}, "parts", "refers to no entry"),
    ("score_drug", {"scale_low": "7", "scale_high": "1"}, "scale_low", "below its upper bound"),
    ("response_comparison", {"allocation": "1-1"}, "allocation", "ratio such as '1:1'"),
    ("diff", {"df": "sixteen"}, "df", "degrees of freedom"),
]


@pytest.mark.parametrize("entry, changes, field, message", CASES, ids=[c[3] for c in CASES])
def test_validation_error_names_file_entry_field_value(broken, entry, changes, field, message):
    folder = broken(entry, **changes)
    with pytest.raises(LedgerError) as exc:
        load_ledger(folder, folder / "texts")
    text = str(exc.value)
    assert "demo2026.yaml" in text and f"field {field!r}" in text and message in text
    assert exc.value.entry in (entry, changes.get("id"))


@pytest.mark.parametrize("entry, changes, printed, check", [
    # invented prints of the two impossibilities issue 16 names (the forms of PMC3635879 and of a "k of n")
    ("diff", {"lower": "0.5", "upper": "0.14", "fragment": "-5.2 (95% CI 0.5 to 0.14; P =.06)"},
     "Invented: -5.2 (95% CI 0.5 to 0.14; P =.06).", "ci_order"),
    ("raters", {"k": "four", "fragment": "Four of the three raters agreed"}, "Four of the three raters agreed.",
     "count_le_n"),
])
def test_an_impossible_print_is_a_finding_not_a_load_error(broken, entry, changes, printed, check):
    # issue 16: a CI whose lower bound is above its upper, a count above its n: the audit reports them
    from analysis.auditing import audit

    folder = broken(entry, printed=printed, **changes)
    led = load_ledger(folder, folder / "texts")
    df = audit(ledger=led)
    r = df[(df.check == check) & df.entry_ids.str.startswith(entry)]
    assert len(r) == 1 and r.iloc[0].verdict == "inconsistent" and r.iloc[0].grade in ("error", "likely")


def test_yaml_that_does_not_parse(tmp_path):
    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)
    (dst / STUDY).write_text("study: {id: demo2026\nentries: [", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"demo2026\.yaml: YAML does not parse at line \d+"):
        load_ledger(dst, dst / "texts")


def test_source_hash_mismatch(tmp_path):
    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)
    (dst / "texts" / "demo.txt").write_text("changed text\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"sources\.yaml: entry 'demo': field 'sha256' .* does not match"):
        load_ledger(dst, dst / "texts")


def test_fragments_not_checked_without_texts(tmp_path):
    led = load_ledger(MINIMAL, tmp_path / "nowhere", check_sources=False)
    assert not led.sources_checked and "demo2026" in led.studies


def test_unknown_study_lists_known():
    with pytest.raises(LedgerError, match="unknown study; known studies: demo2026"):
        load_ledger(MINIMAL, MINIMAL / "texts").study("nope")


def test_cli_broken_ledger_exits_2_with_one_line(capsys):
    # the committed broken ledger (tests/ledgers/broken_sd): the drug arm's SD printed as "-1.6"
    folder = HERE / "ledgers" / "broken_sd"
    code = main(["ledger", "--data", str(folder), "--sources", str(folder / "texts")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == ("reanalysis: error: " + str(folder / STUDY)
                   + ": entry 'score_drug': field 'sd' = '-1.6': SD must be >= 0")


def test_cli_console_script_no_traceback():
    folder = HERE / "ledgers" / "broken_sd"
    exe = Path(sys.executable).with_name("reanalysis")
    proc = subprocess.run([str(exe), "ledger", "--data", str(folder), "--sources", str(folder / "texts")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_cli_lists_minimal(capsys):
    assert main(["ledger", "--data", str(MINIMAL), "--sources", str(MINIMAL / "texts"), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 13 and "demo2026,score_drug,mean_sd" in out


def test_audit_mean_outside_its_scale_is_a_finding(broken):
    # a mean of 9.21 on a 1-7 scale is impossible: reported as inconsistent, not a crash
    from analysis.auditing import audit

    folder = broken("score_drug", mean="9.21", scale_low="1", scale_high="7", fragment="9.21 ± 1.6",
                    printed="Mean score was 9.21 ± 1.6 in a changed arm.")
    df = audit(ledger=load_ledger(folder, folder / "texts"))
    row = df[df.check == "mean_in_scale"].iloc[0]
    assert row.verdict == "inconsistent" and "outside its scale 1-7" in row.explanation


def test_audit_names_file_and_entry_when_a_check_refuses_input(broken, capsys):
    # an SD printed as a bound ("<2") passes the ledger's number parsing but no SD check can use it
    folder = broken("score_drug", sd="<2", fragment="5.21 ± <2", printed="Mean score 5.21 ± <2.")
    code = main(["audit", "--data", str(folder), "--sources", str(folder / "texts")])
    err = capsys.readouterr().err
    assert code == 2 and "demo2026.yaml: entry 'score_drug': cannot be checked:" in err


# ---------------------------------------------------------------- the claim kind and p = .000 (issue 12)

def _with_entry(tmp_path, entry):
    """The minimal ledger plus one entry (fragments are not checked: the invented text lacks its words)."""
    dst = tmp_path / "ledger"
    shutil.copytree(MINIMAL, dst)
    path = dst / STUDY
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["entries"].append(entry)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


CLAIM_CASES = [
    ({"word": "notable", "entries": ["diff"]}, "word", "must be one of significant"),
    ({"word": "trend", "entries": ["diff", "diff"]}, "entries", "exactly 1 entry id"),
    ({"word": "remained", "entries": ["response_drug"]}, "entries", "exactly 2 entry ids"),
    ({"word": "trend", "entries": ["diff"], "side": "down"}, "side", "must be one of below, above"),
    ({"word": "trend", "entries": ["nowhere"]}, "entries", "refers to no entry"),
    ({"word": "minority", "entries": ["diff"]}, "entries", "speaks of proportion or count entries"),
    ({"word": "trend", "entries": ["response_drug"]}, "entries", "speaks of estimate_ci_p or p_value"),
]


@pytest.mark.parametrize("fields, field, message", CLAIM_CASES, ids=[c[2] for c in CLAIM_CASES])
def test_claim_validation(tmp_path, fields, field, message):
    folder = _with_entry(tmp_path, {"id": "said", "kind": "claim", "fragment": "x", **fields})
    with pytest.raises(LedgerError) as exc:
        load_ledger(folder, check_sources=False)
    assert f"field {field!r}" in str(exc.value) and message in str(exc.value)
    assert exc.value.entry == "said"


def test_claim_trend_audited(tmp_path):
    # diff: -5.2 (95% CI -10.4 to 0.14; P =.06): [.055, .065] in the trend band; 0.14 > 0, CI includes 0
    import analysis

    folder = _with_entry(tmp_path, {"id": "said", "kind": "claim", "fragment": "x", "word": "trend",
                                    "side": "below", "entries": ["diff"]})
    df = analysis.audit(ledger=load_ledger(folder, check_sources=False))
    r = df[df.check == "claim"].iloc[0]
    assert r.entry_ids == "said,diff" and r.verdict == "consistent"


def test_p_printed_as_zero_is_a_finding(tmp_path):
    import analysis

    folder = _with_entry(tmp_path, {"id": "bare_p", "kind": "p_value", "fragment": "P = .000", "p": ".000",
                                    "estimand": "an invented bare p"})
    df = analysis.audit(ledger=load_ledger(folder, check_sources=False))
    r = df[df.check == "p_zero"].iloc[0]
    assert r.entry_ids == "bare_p" and r.verdict == "inconsistent" and "p < .001" in r.explanation
    assert (df.check == "p_zero").sum() == 1  # the printed .06 elsewhere raises no row


def test_a_printed_number_is_parsed_once_and_a_refusal_is_raised_each_time():
    """The loader and then each check parse an entry's numbers again; the parse of a string is cached (a Reported
    is immutable), a refusal is not. Forms from the seeds: '30.6', 'two' (a count in words), a letter O for 0."""
    from analysis.ledger.schema import _parse_number

    assert _parse_number("30.6") is _parse_number("30.6") and _parse_number("30.6").decimals == 1
    assert _parse_number("two").value == 2.0 and _parse_number(" Two ").value == 2.0
    for _ in range(2):
        with pytest.raises(ValueError, match="3O.6"):
            _parse_number("3O.6")
    with pytest.raises(TypeError):
        _parse_number(30.6)  # a float has lost its printed precision: refused, not cached
