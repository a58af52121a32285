"""Running headers, footers and page numbers of a PDF's pages (analysis.extraction.pdfpages).

Issue 17: read from a PDF, an article's page footers '1/5 ... 5/5' became five counts. Chromium prints an
HTML page with the date and title above and the address and 'page/pages' below every page (seen printing
rct-extraction-dev PMC5244530: '12/6/26, 10:18 PM   PMC5244530' and 'file:///.../a.html   1/4').
"""
from __future__ import annotations

import shutil

import pytest

from analysis.extraction import extract
from analysis.extraction.pdfpages import strip_running


def _pages(n: int) -> str:
    bodies = ["We randomised 40 patients;", "of whom 12 (30%) responded", "and 28 did not,", "as Table 2 shows."]
    return "\f".join(f"12/6/26, 10:18 PM PMC5244530\n\n{bodies[i - 1]}\n\nfile:///tmp/a.html {i}/{n}"
                     for i in range(1, n + 1))


def test_running_lines_and_page_numbers_are_dropped():
    text = strip_running(_pages(4))
    assert "10:18" not in text and "file:///" not in text and "/4" not in text
    assert all(b in text for b in ("We randomised 40 patients;", "12 (30%) responded", "as Table 2 shows."))


@pytest.mark.parametrize("footer", ["3", "Page 3", "Page 3 of 7", "3 / 7"])
def test_page_number_forms(footer):
    words = {1: "alpha", 2: "beta", 3: "gamma"}
    pages = [f"Text {words[i]}, with 12 (30%) and t(28) = 2.20.\n{footer.replace('3', str(i))}" for i in (1, 2, 3)]
    text = strip_running("\f".join(pages))
    assert all(w in text for w in words.values())
    assert text.count("\n") == 3 and "Page" not in text and " / " not in text


def test_numbers_inside_the_page_stay():
    # negative: a number alone on a line inside a page (a table cell pdftotext put on its own line), a line
    # printed once at a page's top, and a one-page text are kept
    pages = ["Results\nTable 2\n12\n30\nmore text", "Discussion\nwe saw 14\n30\nend"]
    text = strip_running("\f".join(pages))
    assert "12\n30" in text and "Results" in text and "Discussion" in text
    assert strip_running("one page\n3") == "one page\n3"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_a_pdf_s_page_footers_are_no_counts(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(tmp_path / "a.pdf") as pdf:
        for i in range(1, 4):
            fig = plt.figure(figsize=(6, 3))
            fig.text(0.05, 0.9, "J Trial 2024;3:1-9")
            fig.text(0.05, 0.5, f"In part {i}, t(28) = 2.20, p = .03, in 30 patients.")
            fig.text(0.8, 0.05, f"{i}/3")
            pdf.savefig(fig)
            plt.close(fig)
    d = extract(tmp_path / "a.pdf")
    assert [e["kind"] for e in d.entries].count("test_statistic") == 3
    assert not [e for e in d.entries if e["kind"] == "count" or "2024" in e["fragment"] or "/3" in e["fragment"]]
