"""One error for bad input, and bugs are bugs (issue 21, item 3).

Every error about what we were given (a ledger, a source document, a command-line argument) is an
:class:`analysis.InputError`, which ``reanalysis`` prints as one line and exit 2. A TypeError, KeyError or
AttributeError raised inside our code is a defect: before, ``audit_study`` turned it into "entry X cannot
be checked (TypeError): ..." (a LedgerError, or a not_testable row in a scan) and the CLI into one line and
exit 2, so a bug in a check looked like a bad ledger entry and no test failed.
"""
from __future__ import annotations

import shutil

import pytest

import analysis
from analysis import InputError, LedgerError, audit, load_ledger
from analysis.auditing import audit_study
from analysis.cli import main
from analysis.extraction import ExtractError
from analysis.extraction.markup import MarkupError
from analysis.ledger.reading import FileRefused, YamlRefused
from conftest import ROOT

MINIMAL = ROOT / "tests" / "ledgers" / "minimal"


def _ledger(tmp_path):
    data = tmp_path / "minimal"
    shutil.copytree(MINIMAL, data)
    return data, load_ledger(data, data / "texts", check_sources=False)


@pytest.mark.parametrize("error", [LedgerError, ExtractError, MarkupError, FileRefused, YamlRefused])
def test_every_bad_input_error_shares_the_one_base(error):
    assert issubclass(error, InputError) and issubclass(InputError, ValueError)
    assert analysis.InputError is InputError


def _boom(exc):
    def run_entry(study, e, context):
        raise exc
    return run_entry


@pytest.mark.parametrize("defect", [TypeError("unsupported operand type(s)"), KeyError("sd"),
                                    AttributeError("'NoneType' object has no attribute 'value'"),
                                    ZeroDivisionError("float division by zero")])
def test_a_defect_inside_the_audit_propagates(tmp_path, monkeypatch, defect):
    """A TypeError (KeyError, AttributeError, ZeroDivisionError) in a check is not 'cannot be checked'."""
    _, led = _ledger(tmp_path)
    monkeypatch.setattr("analysis.auditing.run_entry", _boom(defect))
    study = led.study("demo2026")
    for strict in (True, False):
        with pytest.raises(type(defect)):
            audit_study(study, strict=strict)
    with pytest.raises(type(defect)):
        audit(ledger=led)


def test_a_check_refusing_a_ledger_value_is_still_named_by_file_and_entry(tmp_path, monkeypatch):
    """A ValueError from a check (a value it cannot take) stays bad input: a LedgerError naming file
    and entry, or in a scan (strict=False) a not_testable row."""
    _, led = _ledger(tmp_path)
    monkeypatch.setattr("analysis.auditing.run_entry", _boom(ValueError("mean ('x') is not a printed number")))
    study = led.study("demo2026")
    with pytest.raises(LedgerError, match=r"demo2026\.yaml: entry '\w+': cannot be checked: mean \('x'\)"):
        audit_study(study)
    rows = audit_study(study, strict=False)
    first = [r for r in rows if r["check"] == "audit"][0]
    assert first["verdict"] == "not_testable"
    assert first["explanation"] == "cannot be checked: mean ('x') is not a printed number"


def test_the_cli_lets_a_defect_through_and_turns_bad_input_into_one_line(tmp_path, monkeypatch, capsys):
    data, _ = _ledger(tmp_path)
    argv = ["audit", "--data", str(data), "--sources", str(data / "texts")]
    assert main(argv) == 0
    capsys.readouterr()
    monkeypatch.setattr("analysis.auditing.run_entry", _boom(TypeError("unsupported operand type(s)")))
    with pytest.raises(TypeError, match="unsupported operand"):
        main(argv)
    monkeypatch.setattr("analysis.auditing.run_entry", _boom(InputError("a.yaml: refused")))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("reanalysis: error: ") and err.count("\n") == 1


def test_the_clis_own_refusals_are_input_errors(tmp_path, capsys):
    (tmp_path / ".hidden.txt").write_text("t(28) = 2.20, p = .03", encoding="utf-8")
    with pytest.raises(InputError, match="no files to scan"):
        from analysis.cli import _parser, _run

        _run(_parser().parse_args(["scan", str(tmp_path)]))
    assert main(["scan", str(tmp_path)]) == 2


def test_the_cli_lets_a_plain_value_error_through(monkeypatch, capsys):
    """Only InputError is bad input to the CLI: the argument checks of the functions it calls raise it
    (t with df 'abc', a negative SD), and a plain ValueError from inside a check is a defect that
    propagates (before, the CLI printed any ValueError as one line and exit 2)."""
    assert main(["check", "p-stat", "t", "2.20", "abc", ".03"]) == 2
    assert main(["check", "grimmer", "5.10", "-1", "20"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "df ('abc')" in err[0] and "std ('-1') must be >= 0" in err[1]
    assert main(["check", "grimmer", "5.10", "1.20", "20"]) == 0

    def defect(*args, **kwargs):
        raise ValueError("operands could not be broadcast together")

    monkeypatch.setattr("analysis.checks.granularity.grimmer", defect)
    with pytest.raises(ValueError, match="could not be broadcast"):
        main(["check", "grimmer", "5.10", "1.20", "20"])


@pytest.mark.parametrize("args, says", [
    # review (session 5): each gave a traceback after 9ad5263 stopped the CLI catching plain ValueError, its
    # refusal raised as ValueError by reported.whole, stats.effects, stats.inference, checks.rounding or the draft
    (["check", "grim", "2.5", "0"], "nobs (0) must be an integer >= 1"),
    (["check", "grim", "2.5", "-3"], "nobs (-3) must be an integer >= 1"),
    (["check", "grim", "2.5", "10", "--items", "0"], "items (0) must be an integer >= 1"),
    (["check", "grimmer", "2.5", "1.2", "0"], "nobs (0) must be an integer >= 1"),
    (["check", "debit", "0.5", "0.5", "0"], "nobs (0) must be an integer >= 2"),
    (["check", "p-ci", "1", "2", "3", "0.05"], "estimate ('1') must lie within lower ('2') and upper ('3')"),
    (["check", "p-ci", "1", "0", "2", "2"], "p ('2') must be in [0, 1]"),
    (["check", "p-ci", "1", "-1", "2", "0.05", "--log"], "lower ('-1') must be > 0 on scale='log'"),
    (["check", "p-ci", "1", "1", "1", "0.05"], "upper ('1') must be greater than lower ('1')"),
    (["check", "p-stat", "t", "2", "10", "1.5"], "p ('1.5') must be in [0, 1]"),
    (["check", "percent", "50", "0"], "n (0) must be an integer >= 1"),
    (["extract", str(MINIMAL / "texts" / next(p.name for p in (MINIMAL / "texts").iterdir())), "--id", "Bad-Id"],
     "study_id ('Bad-Id') must be lowercase letters, digits and _"),
])
def test_the_cli_refuses_each_bad_argument_in_one_line(args, says, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err
