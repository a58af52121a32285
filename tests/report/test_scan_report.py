"""The scan report (issue 19 item 1): `reanalysis scan PATH... --report DIR` builds notebooks/scan.ipynb with the
study reports' pipeline; its text and tables escape what papers print, count what they do not list and say
what they capped.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.report import scan_content
from analysis.report.scan_plots import printed_p

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="needs chromium and poppler-utils (apt-get install chromium poppler-utils)")

HOSTILE = "<script>alert('PWNED')</script>"


def _rows(n_papers: int, findings_each: int) -> pd.DataFrame:
    rows = []
    for i in range(n_papers):
        for j in range(findings_each):
            rows.append({"file": f"/corpus/paper{i:04d}.txt", "entry_ids": f"test_{j}", "kind": "test_statistic",
                         "fragment": f"t(28) = 2.20, p = .03 {HOSTILE}", "check": "recompute_p",
                         "verdict": "inconsistent", "reported": "t(28) = 2.20, p = .03", "recomputed": "p = 0.036",
                         "explanation": "does not fit", "grade": "error" if i == 3 else "likely",
                         "assumptions": "two-sided", "location": "table 2 | row: Age | column: Placebo"})
        rows.append({"file": f"/corpus/paper{i:04d}.txt", "entry_ids": "n_1", "kind": "sample_size",
                     "fragment": "SECRET-UNTESTED", "check": "text_only", "verdict": "not_testable", "reported": "",
                     "recomputed": "", "explanation": "nothing to check", "grade": "", "assumptions": "",
                     "location": "sentence"})
    return pd.DataFrame(rows)


def test_summary_counts_and_grades():
    rows = _rows(4, 2)
    text = scan_content.corpus_summary([f"/corpus/paper{i:04d}.txt" for i in range(5)], [("/corpus/x.pdf", "binary")],
                                       rows)
    assert text.splitlines()[0] == ("**5 files scanned: 4 read, 1 could not be read. 12 checks: 8 findings "
                                    "(2 error, 6 likely, 0 rounding), 0 consistent, 4 not testable.**")


def test_paper_section_escapes_places_and_caps():
    rows = _rows(1, 30)
    html = scan_content.paper_section("/corpus/paper0000.txt", rows, limit=25)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "table 2 | row: Age | column: Placebo" in html        # where the number sits
    assert "Assumed: two-sided." in html                          # what the verdict rests on
    assert html.count("<tr>") == 1 + 25                           # header and the 25 shown
    assert "5 more findings of this paper are not shown" in html
    assert "SECRET-UNTESTED" not in html                          # not-testable rows are counted, not listed


def test_papers_most_serious_first_and_capped():
    rows = _rows(80, 1)
    order = scan_content.paper_order(rows)
    assert order[0] == "/corpus/paper0003.txt" and len(order) == 80   # the one with an error leads
    table = scan_content.papers_table([], [], rows, limit=60)
    assert table.count("<tr>") == 61 and "The 60 papers with the most serious findings of 80" in table
    capped = scan_content.capped_papers(order, 50)
    assert capped.startswith("*30 more papers with findings are not listed here")
    untested = scan_content.untestable_table(rows)
    assert ">80<" in untested and "SECRET-UNTESTED" not in untested


@pytest.mark.parametrize("text, want", [
    ("t(28) = 2.20, p = .03", ("=", 0.03)),          # statcheck's example print
    ("P < .001", ("<", 0.001)),
    ("p = 0.036", ("=", 0.036)),
    ("P \u2264 0.05", ("<", 0.05)),
    ("r = .30, N = 40", None),
])
def test_printed_p(text, want):
    assert printed_p(text) == want


def test_a_bad_scan_file_is_named(tmp_path):
    bad = tmp_path / "scan.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="scan.json: not a scan file"):
        scan_content.load_scan(bad)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    papers = tmp_path_factory.mktemp("papers")
    # statcheck's example: t(28) = 2.20, p = .03 gives p = .036 (an error); the second file prints a fine z
    # a tag inside the sentence the fragment is cut from, and one in the file's name: both must arrive as text
    (papers / "one<img src=x onerror=PWNED>.txt").write_text("Scores differed, t(28) = 2.20, <b>PWNED</b> p = .03.",
                                                             encoding="utf-8")
    (papers / "two.txt").write_text("The groups differed, z = 2.58, p < .01.", encoding="utf-8")
    out = tmp_path_factory.mktemp("report")
    assert main(["scan", str(papers), "--report", str(out)]) == 0
    return papers, out


@pytest.mark.slow
@needs_tools
def test_scan_report_builds_html_and_pdf(built, capsys):
    papers, out = built
    page = (out / "scan.html").read_text(encoding="utf-8")
    # the policy is the head's first tag (nbconvert's serialiser writes the attributes in alphabetical order)
    assert re.search(r'<head><meta content="default-src \'none\';[^"]*" http-equiv="Content-Security-Policy"/>', page)
    assert "<script" not in page
    assert "<b>PWNED" not in page and "onerror=PWNED>" not in page
    assert "&lt;b&gt;PWNED&lt;/b&gt;" in page and "one&lt;img src=x onerror=PWNED&gt;.txt" in page
    text = subprocess.run(["pdftotext", "-layout", str(out / "scan.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "2 files scanned: 2 read, 0 could not be read" in " ".join(text.split())
    assert "one<img src=x onerror=PWNED>.txt" in text and "<b>PWNED</b>" in text  # shown as the text it is
    assert "Each paper's findings" in text
    rows = json.loads((out / "scan.json").read_text(encoding="utf-8"))["rows"]
    assert {r["check"] for r in rows if r["verdict"] == "inconsistent"} == {"recompute_p"}


@pytest.mark.slow
@needs_tools
def test_an_unchanged_scan_is_served_from_the_cache(built, capsys):
    papers, out = built
    before = {p.name: p.read_bytes() for p in (out / "scan.html", out / "scan.pdf", out / "scan.json")}
    capsys.readouterr()
    assert main(["scan", str(papers), "--report", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out / "executed" / "scan.ipynb"), str(out / "scan.html"), str(out / "scan.pdf")]
    assert {p.name: p.read_bytes() for p in (out / "scan.html", out / "scan.pdf", out / "scan.json")} == before
    cache = json.loads((out / ".cache" / "scan.json").read_text(encoding="utf-8"))
    assert set(cache["sha256"]) == {"executed/scan.ipynb", "scan.html", "scan.pdf"}


@pytest.mark.parametrize("command", [["scan", "{text}", "--report", "{out}"],
                                     ["report", "--study", "demo2026", "--data", "{data}", "--sources", "{texts}",
                                      "--format", "html", "--no-overview", "--out", "{out}"]])
def test_an_output_folder_that_is_a_file_is_one_line(tmp_path, capsys, command):
    """`--report`/`--out` naming an existing file: one line naming it and exit 2 (a FileExistsError traceback
    from mkdir before; found in review)."""
    minimal = Path(__file__).resolve().parents[1] / "ledgers" / "minimal"
    out = tmp_path / "taken"
    out.write_text("not a folder", encoding="utf-8")
    text = tmp_path / "paper.txt"
    text.write_text("The groups differed, t(28) = 2.20, p = .03.\n", encoding="utf-8")
    argv = [a.format(text=text, out=out, data=minimal, texts=minimal / "texts") for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "not a folder" in err, err
    assert out.read_text(encoding="utf-8") == "not a folder"
    # and `report --sources` set REANALYSIS_SOURCES for the rest of the process (every later ledger load in
    # the test session read its texts there: found in review); it is the build's alone now
    assert "REANALYSIS_SOURCES" not in os.environ or os.environ["REANALYSIS_SOURCES"] != str(minimal / "texts")
