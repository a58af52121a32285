"""Results, drafts and scan results show as short, escaped HTML in a notebook (issue 19 item 3).

The last test runs a real notebook through a Jupyter kernel (nbclient; the kernel the report builds of the
test process keep, tests/conftest.py) and converts it with nbconvert, as JupyterLab would show it.
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import compare_proportions, extract_text, grim, scan
from analysis.results import HTML_CELL_MAX, HTML_ROWS_MAX, Check, html_table

HOSTILE = "<script>alert(1)</script>"


def test_check_shows_verdict_explanation_and_numbers_escaped():
    # scrutiny: grim("5.19", 28) is FALSE; 145/28 = 5.179, 146/28 = 5.214
    html = grim("5.19", 28)._repr_html_()
    assert "Check: grim" in html and "inconsistent" in html and "145/28 = 5.179" in html
    html = Check("grim", "consistent", f"fine {HOSTILE}", reported="<b>1</b>")._repr_html_()
    assert "<script>" not in html and "<b>1" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;1&lt;/b&gt;" in html


def test_a_result_shows_its_fields_short():
    # 9/30 vs 15/30: RD -0.2; the CI prints as an interval, floats to 4 significant digits
    html = compare_proportions(9, 30, 15, 30)._repr_html_()
    assert "ProportionComparison" in html and "<td style=\"text-align:left\">-0.2</td>" in html
    assert "[-0.4149, 0.04563]" in html  # Newcombe hybrid score interval of -0.2, to 4 digits
    assert len(html) < 5000


def test_long_cells_are_cut_and_long_tables_say_how_many_rows_are_left_out():
    html = html_table(("a",), [["x" * 1000]] + [[i] for i in range(50)], more="to_frame() has all")
    assert "x" * (HTML_CELL_MAX - 1) + "\u2026" in html and "x" * HTML_CELL_MAX not in html
    assert f"{51 - HTML_ROWS_MAX} more not shown: to_frame() has all." in html


def test_draft_lists_entries_with_review_escaped():
    draft = extract_text(f"Of 30 patients, 8 (26.7%) responded {HOSTILE}. t(28) = 2.20, p = .03.", study_id="demo")
    html = draft._repr_html_()
    assert "<script>" not in html
    assert f"Draft study demo: {len(draft)} entries" in html
    assert "percent=26.7; k=8" in html and "test=t; statistic=2.20; df=28; p=.03" in html


def test_scan_result_counts_not_testable_rows_and_lists_findings(tmp_path):
    (tmp_path / "a.txt").write_text(f"Scores differed {HOSTILE}, t(28) = 2.20, p = .03.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nothing here but 12 words.", encoding="utf-8")
    res = scan(tmp_path, progress=False)
    html = res._repr_html_()
    # t(28) = 2.20 gives p = .036, not .03 (statcheck: error, not a decision error)
    assert "2 files scanned, 0 could not be read; 2 checks: 1 inconsistent, 0 consistent, 1 not testable" in html
    assert "not-testable rows are counted, not listed" in html
    untested = res.to_frame().query("verdict == 'not_testable'").iloc[0]
    assert untested.file.endswith("b.txt") and "b.txt" not in html  # counted, not listed
    assert "<script>" not in html and "a.txt" in html and str(tmp_path) not in html


@pytest.fixture(scope="module")
def executed_html(tmp_path_factory):
    """A notebook whose cells end on a Check, a result, a draft and a scan result, run in a real
    kernel and converted to HTML by nbconvert."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    from analysis.report import building, kernels

    folder = tmp_path_factory.mktemp("papers")
    (folder / "paper.txt").write_text(f"Scores {HOSTILE} differed, t(28) = 2.20, p = .03.", encoding="utf-8")
    cells = ["from analysis import compare_proportions, extract_text, grim, scan\ngrim('5.19', 28)",
             "compare_proportions(9, 30, 15, 30)",
             f"extract_text({'Of 30 patients, 8 (26.7%) responded ' + HOSTILE!r}, study_id='demo')",
             f"scan({str(folder)!r}, progress=False)"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # a python3 kernel of the venv, as the report builds start them (their environment, their pool): under the
    # suite it is the kernel the builds keep, reset, so that the worker starts no kernel for this notebook alone
    with building._kernel_environment():
        pool = kernels._KernelPool(building.NOTEBOOKS, keep=True)
        try:
            kernel = pool.get()
            client = NotebookClient(nb, km=kernel.km, timeout=120, kernel_name="python3")
            client.kc = kernel.kc  # connected and ready; nbclient does not own the kernel
            try:
                client.execute()
            except BaseException:
                pool.discard()
                raise
        finally:
            pool.close()
    body, _ = HTMLExporter().from_notebook_node(nb)
    return nb, body


@pytest.mark.slow
def test_a_notebook_cell_shows_each_as_html(executed_html):
    nb, body = executed_html
    for cell in nb.cells:
        data = cell.outputs[-1]["data"]
        assert "text/html" in data, cell.source
        assert len(data["text/html"]) < 20000
    assert "Check: grim" in body and "ProportionComparison" in body
    assert "Draft study demo" in body and "1 files scanned" in body
    assert HOSTILE not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_dollar_signs_are_not_typeset_as_math():
    """A fragment printing two amounts ('$5 and $10', as cost sentences print them) sat between two '$' that
    JupyterLab's and nbconvert's MathJax typeset as a formula in an HTML output (found in review); every
    table of a _repr_html_ now carries MathJax's ignore class."""
    from analysis.scanning import ScanResult

    shown = [Check("grim", "consistent", "cost $5 and $10 per dose")._repr_html_(),
             compare_proportions(9, 30, 15, 30)._repr_html_(),
             ScanResult(("a.txt",), (), pd.DataFrame([{"file": "a.txt", "check": "grim", "verdict": "inconsistent",
                                                        "fragment": "$5 and $10", "grade": "error"}]))._repr_html_()]
    for html in shown:
        assert html.count("<table") == html.count('<table class="tex2jax_ignore">') >= 1, html[:200]
