"""`reanalysis audit` and `scan` as text: 100 columns, findings first, filters, one line per file (issue 19 item 2).

The counts asserted here are the audit's own frame (analysis.audit), not numbers typed in: the table must
show what the frame holds, in the order and width it promises.
"""
from __future__ import annotations

import pytest

from analysis import audit
from analysis.cli import main
from analysis.report.terminal import WIDTH


def _out(capsys, *argv) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def frame():
    return audit()


def test_audit_table_fits_100_columns_and_leads_with_findings(capsys, frame):
    out = _out(capsys, "audit")
    assert max(map(len, out.splitlines())) <= WIDTH
    lines = out.splitlines()
    n_inc = int((frame.verdict == "inconsistent").sum())
    first = next(i for i, line in enumerate(lines) if line.startswith("Findings"))
    assert lines[first] == f"Findings ({n_inc})"
    assert first < next(i for i, line in enumerate(lines) if line.startswith("Consistent ("))
    # every finding's explanation is there whole (wrapped); the grade leads its line
    top = frame[frame.verdict == "inconsistent"].iloc[0]
    assert lines[first + 1].startswith(top.grade.upper())
    assert " ".join(out.split()).count(" ".join(top.explanation.split())) == 1


def test_wide_cuts_nothing(capsys, frame):
    out = _out(capsys, "audit", "--wide", "--verdict", "consistent")
    assert max(map(len, out.splitlines())) > WIDTH
    assert "\u2026" not in out
    for expl in frame[frame.verdict == "consistent"].explanation:
        assert " ".join(expl.split()) in out


def test_check_and_verdict_filters(capsys, frame):
    out = _out(capsys, "audit", "--check", "grim", "--verdict", "not_testable")
    want = frame[(frame.check == "grim") & (frame.verdict == "not_testable")]
    assert f"Not testable ({len(want)})" in out and "Findings" not in out and "Consistent" not in out
    csv = _out(capsys, "audit", "--check", "grim", "--check", "grimmer", "--format", "csv")
    assert len(csv.strip().splitlines()) - 1 == int(frame.check.isin(["grim", "grimmer"]).sum())


def test_an_unknown_check_is_one_line_and_exit_2(capsys):
    assert main(["audit", "--check", "grimm"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines()[-1].startswith("reanalysis: error: --check ('grimm')")


def test_summary_one_line_per_study(capsys, frame):
    out = _out(capsys, "audit", "--summary").splitlines()
    table = out[out.index(next(line for line in out if line.startswith("study"))) + 1:]
    assert len(table) == frame.study.nunique()
    row = dict(zip(["study", "checks", "error", "likely", "rounding", "consistent", "untested"],
                   next(line for line in table if line.startswith("reif2023_escape_trd")).split()))
    g = frame[frame.study == "reif2023_escape_trd"]
    assert int(row["checks"]) == len(g)
    assert int(row["error"]) == int((g.grade == "error").sum())
    assert int(row["untested"]) == int((g.verdict == "not_testable").sum())


@pytest.fixture()
def papers(tmp_path):
    # statcheck's own example: t(28) = 2.20, p = .03 is an error (p = .036); z = 2.58, p < .01 fits
    (tmp_path / "a.txt").write_text("Scores differed, t(28) = 2.20, p = .03.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Scores differed, z = 2.58, p < .01. We saw 12 of them.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Hello.", encoding="utf-8")
    (tmp_path / "d.txt").write_text("", encoding="utf-8")  # cannot be read: named on stderr, not in the summary
    return tmp_path


def test_scan_table_counts_not_testable_rows_and_filters_by_file(capsys, papers):
    out = _out(capsys, "scan", str(papers))
    assert "Findings (1)" in out and "a.txt: test_1" in out
    assert '"Scores differed, t(28) = 2.20, p = .03."' in out  # the fragment, where the finding sits
    assert "rows, not listed (--verdict not_testable lists them)" in out or "Not testable" not in out
    out = _out(capsys, "scan", str(papers), "--file", "b.txt")
    assert "a.txt" not in out and "b.txt" in out
    assert main(["scan", str(papers), "--summary"]) == 0
    captured = capsys.readouterr()
    summary = captured.out.splitlines()
    assert "d.txt: is empty" in captured.err
    assert [line.split()[0] for line in summary[-3:]] == ["a.txt", "b.txt", "c.txt"]
    a = summary[-3].split()[1:]
    # one check, graded rounding: the P .036 truncated to .03 (issue 16: one rounding step reproduces it)
    assert a[0] == "1" and a[3] == "1"
