"""A truncated PDF never replaces the previous report (issue 9, item 6), and PDFs rebuild byte for byte.

:func:`analysis.report.pdf.validate_pdf` reads the whole file (header, ``%%EOF``, ``startxref``, the
cross-reference table and the page tree, with pypdf in strict mode); the build validates every PDF
before the atomic rename and records the SHA-256 of every output, so a report whose file was cut or
replaced afterwards is rebuilt instead of served from the cache. The Chromium stand-in below is the
failure of the issue: a printer that writes a cut-off file and exits 0.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.report import browser, building, pdf
from analysis.report.browser import ReportBuildError

#: one of the session's reports (conftest.built_reports); these tests put it back as it was
STUDY = "fava2020"


def _good_pdf(pages: int = 2) -> bytes:
    """A small valid PDF written by pypdf (independent of Chromium)."""
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_valid_pdf_gives_its_page_count(tmp_path):
    p = tmp_path / "ok.pdf"
    p.write_bytes(_good_pdf(3))
    assert pdf.validate_pdf(p) == 3


@pytest.mark.parametrize("keep", [5, 9, 0.5, -40, -7, -1])
def test_truncated_pdf_is_refused(tmp_path, keep):
    """Cut anywhere (only the header, half the file, inside the trailer, the last newline of %%EOF ... )."""
    data = _good_pdf(2)
    cut = int(len(data) * keep) if isinstance(keep, float) else (keep if keep > 0 else len(data) + keep)
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[:cut])
    if data[:cut].rstrip().endswith(b"%%EOF"):   # -1 cuts only the final newline: still whole
        assert pdf.validate_pdf(p) == 2
        return
    with pytest.raises(ReportBuildError, match="cut.pdf"):
        pdf.validate_pdf(p)


def test_not_a_pdf_and_empty_file_are_refused(tmp_path):
    for name, data in (("empty.pdf", b""), ("html.pdf", b"<html>PDF</html>"), ("header.pdf", b"%PDF-1.4\n")):
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(ReportBuildError, match=name):
            pdf.validate_pdf(p)


def test_pdf_with_no_pages_is_refused(tmp_path):
    p = tmp_path / "zero.pdf"
    p.write_bytes(_good_pdf(0))
    with pytest.raises(ReportBuildError, match="no page"):
        pdf.validate_pdf(p)


def _cut_printer(tmp_path: Path, keep: float):
    """A stand-in for the browser's print on a full disk: it writes the first ``keep`` share of a real
    PDF's bytes and returns as if it had succeeded."""
    whole = _good_pdf(2)
    cut = whole[:int(len(whole) * keep)]

    def print_pdf(self, html_path, pdf_path):
        Path(pdf_path).write_bytes(cut)

    return print_pdf


@pytest.mark.skipif(not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()), reason="needs chromium")
def test_truncated_print_keeps_the_previous_report(built_reports, tmp_path, monkeypatch):
    """A forced rebuild of one of the session's reports (conftest.built_reports) whose printer cuts the PDF."""
    out, data = built_reports["out"], built_reports["data"]
    report_pdf = out / f"{STUDY}.pdf"
    before = {p: p.read_bytes() for p in (report_pdf, out / f"{STUDY}.html", out / "executed" / f"{STUDY}.ipynb")}
    cache_before = (out / ".cache" / f"{STUDY}.json").read_bytes()

    monkeypatch.setattr(browser._Browser, "print_pdf", _cut_printer(tmp_path, 0.6))
    with pytest.raises(ReportBuildError, match=rf"{STUDY}\.pdf.*is not a whole PDF"):
        building.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False,
                       jobs=1, force=True)
    for p, data_before in before.items():
        assert p.read_bytes() == data_before, f"{p.name} changed after a truncated print"
    assert (out / ".cache" / f"{STUDY}.json").read_bytes() == cache_before
    assert [p.name for p in out.rglob("*") if ".partial" in p.name] == []


def test_a_cut_output_on_disk_is_not_fresh(built_reports):
    """The cache records every output's SHA-256: a report whose PDF (or HTML) was cut after it was built
    is rebuilt, never served (one of the session's reports, conftest.built_reports)."""
    out, data = built_reports["out"], built_reports["data"]
    meta = json.loads((out / ".cache" / f"{STUDY}.json").read_text(encoding="utf-8"))
    assert set(meta["sha256"]) == {f"{STUDY}.html", f"{STUDY}.pdf", f"executed/{STUDY}.ipynb"}
    again = building.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False, jobs=1)
    assert again.built == [] and again.cached == [STUDY]
    html = out / f"{STUDY}.html"
    whole = html.read_bytes()
    html.write_bytes(whole[:1000])
    third = building.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False, jobs=1)
    assert third.built == [STUDY]
    assert html.read_bytes() == whole     # rebuilt as it was (the build is byte-identical)
