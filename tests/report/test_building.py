"""Reports: the plotting functions on small frames, the text helpers, and one real build.

The build tests run ``analysis.report.building.build`` on a copy of the ledger into a temporary
folder (one study and the overview, PDF and HTML), then read the PDFs back with
``pdftotext``/``pdftoppm`` (poppler-utils). They check the key numbers Sakurai et al.
(2025) print in their abstract (doi:10.1111/pcn.13870: "30.6 ± 6.1 at baseline",
"remission rate of 26.7%"), that a failing notebook leaves the previous report
untouched and names the cell, and that an unchanged study is served from the cache.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report import browser, building, content, plots
from conftest import ROOT

STUDY = "sakurai2025"


def test_build_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="formats"):
        building.build(formats=("docx",), out_dir=tmp_path)
    with pytest.raises(ValueError, match="unknown study"):
        building.build(studies=["no_such_study"], out_dir=tmp_path)


# --------------------------------------------------------------------------- real build

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None or not (
        shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="needs chromium and poppler-utils (apt-get install chromium poppler-utils)")


def _pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def built(built_reports):
    """Sakurai 2025 and the overview among the reports the session builds once (conftest.built_reports)."""
    return built_reports


@needs_tools
def test_study_pdf_has_printed_numbers_and_verdicts(built):
    out = built["out"]
    assert {STUDY, "overview"} <= set(built["result"].built)
    for name in (STUDY, "overview"):
        for suffix in (".pdf", ".html"):
            assert (out / f"{name}{suffix}").stat().st_size > 0
        assert (out / "executed" / f"{name}.ipynb").is_file()
    text = _pdftext(out / f"{STUDY}.pdf")
    for printed in ("30.6", "6.1", "20.3", "11.5", "26.7", "13.3"):   # Sakurai 2025 abstract
        assert printed in text, printed
    for word in ("consistent", "not testable", "Summary of findings", "Consistency audit", "Provenance",
                 "SHA-256", "matplotlib"):
        assert word in text, word
    # the inputs are hidden: no code in the report
    assert "import analysis" not in text and "display(" not in text


@needs_tools
def test_overview_pdf_lists_studies_and_verdicts(built):
    text = _pdftext(built["out"] / "overview.pdf")
    assert "Re-analysis overview" in text
    assert STUDY in text
    assert "What could not be verified" in text
    assert "consistent" in text


@needs_tools
def test_first_page_renders_to_png(built, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(built["out"] / f"{STUDY}.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].read_bytes()[:4] == b"\x89PNG"


@needs_tools
def test_unchanged_inputs_come_from_the_cache(built):
    out = built["out"]
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = building.build(studies=[STUDY, "overview"], out_dir=out, data_dir=built["data"], progress=False)
    # Served from the cache: BuildResult says nothing was rebuilt and both came from the cache (no wall-time
    # bound: speed belongs in benchmarks/), and no file was rewritten.
    assert again.built == [] and sorted(again.cached) == sorted([STUDY, "overview"])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert sorted(map(str, again)) == sorted(str(p) for p in built["result"]
                                             if p.name.split(".")[0] in (STUDY, "overview"))


@needs_tools
def test_failed_build_keeps_previous_report_and_names_the_cell(built):
    out, data = built["out"], built["data"]
    pdf = out / f"{STUDY}.pdf"
    previous = {p.name: p.read_bytes() for p in (pdf, out / f"{STUDY}.html", out / "executed" / f"{STUDY}.ipynb")}
    study_file = data / "studies" / f"{STUDY}.yaml"
    original = study_file.read_text(encoding="utf-8")
    study_file.write_text(original.replace('mean: "30.6"', 'mean: "thirty"', 1), encoding="utf-8")
    try:
        with pytest.raises(browser.ReportBuildError) as err:
            building.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False)
    finally:
        study_file.write_text(original, encoding="utf-8")
    msg = str(err.value)
    assert "study.ipynb" in msg and STUDY in msg
    assert "cell 1 of notebooks/study.ipynb" in msg and "LedgerError" in msg and "thirty" in msg
    assert (out / "failed" / f"{STUDY}.ipynb").is_file()
    for p in (pdf, out / f"{STUDY}.html", out / "executed" / f"{STUDY}.ipynb"):
        assert p.read_bytes() == previous[p.name], f"{p.name} changed after a failed build"
    leftovers = [p.name for p in out.rglob("*") if ".partial" in p.name or p.name.startswith(f".{STUDY}.")]
    assert leftovers == []
    # the inputs are back as they were: the cache serves the report again
    assert building.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False).built == []


def _lightness(hex_colour: str) -> float:
    """CIE L* of an sRGB colour (0 black, 100 white): what a greyscale printer keeps."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * (y ** (1 / 3) if y > 216 / 24389 else (24389 / 27 * y + 16) / 116) - 16


def test_verdict_styles_survive_greyscale():
    """Verdicts differ in lightness by at least 15 L* and each has its own hatch, marker and text mark."""
    ls = sorted(_lightness(s["color"]) for s in plots.VERDICT_STYLE.values())
    assert min(b - a for a, b in zip(ls, ls[1:])) >= 15, ls
    for key in ("hatch", "marker", "mark"):
        assert len({s[key] for s in plots.VERDICT_STYLE.values()}) == 3
    css = [re.search(r"background-color:(#[0-9a-f]{6})", v).group(1) for v in content._VERDICT_CSS.values()]
    ls = sorted(_lightness(c) for c in css)
    assert min(b - a for a, b in zip(ls, ls[1:])) >= 10, ls
    assert len(set(content.VERDICT_TEXT.values())) == 3


# --------------------------------------------------------------------------- scheduling


def test_longest_reports_start_first(tmp_path):
    """Reports are started longest first (issue 13 item 1: a long study started last was the whole
    tail of the build): by the seconds their last build took (the wait for the printer excluded),
    else the overview, then the studies by the size of their file."""
    import json

    def job(name):
        return building._Job(name, building.NOTEBOOKS / "study.ipynb", {}, "k", tmp_path, ("pdf",))

    small, big = tmp_path / "small.yaml", tmp_path / "big.yaml"
    small.write_text("x" * 10)
    big.write_text("x" * 1000)
    jobs = {"small": job("small"), "big": job("big"), "overview": job("overview")}
    inputs = {"small": [small], "big": [big], "overview": [small, big]}

    def order():
        return sorted(jobs, key=lambda n: building._expected_seconds(jobs[n], inputs[n]))

    assert order() == ["overview", "big", "small"]               # nothing recorded yet
    (tmp_path / ".cache").mkdir()
    for name, seconds in {"small": {"execute": 1.2, "html": 0.1, "wait": 0.0, "pdf": 0.3},
                          "big": {"execute": 0.2, "html": 0.1, "wait": 3.0, "pdf": 0.2},
                          "overview": {"execute": 0.9, "html": 0.1, "pdf": 0.3}}.items():
        building._cache_file(jobs[name]).write_text(json.dumps({"seconds": seconds}))
    assert order() == ["small", "overview", "big"]               # 1.6 s, 1.3 s, 0.5 s (wait not counted)
    building._cache_file(jobs["big"]).write_text("{not json")    # unreadable: a guess, after the known
    assert order() == ["small", "overview", "big"]
