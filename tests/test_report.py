"""Reports: the plotting functions on small frames, the text helpers, and one real build.

The build tests run ``analysis.report.build`` on a copy of the ledger into a temporary
folder (one study and the overview, PDF and HTML), then read the PDFs back with
``pdftotext``/``pdftoppm`` (poppler-utils). They check the key numbers Sakurai et al.
(2025) print in their abstract (doi:10.1111/pcn.13870: "30.6 ± 6.1 at baseline",
"remission rate of 26.7%"), that a failing notebook leaves the previous report
untouched and names the cell, and that an unchanged study is served from the cache.
"""
from __future__ import annotations

import math
import re
import shutil
import subprocess
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import plots, report

ROOT = Path(__file__).resolve().parent.parent
STUDY = "sakurai2025"


# --------------------------------------------------------------------------- small frames


def _rederived():
    rows = [
        ("proportion", "Remission after 4th infusion", 0.267, 0.142, 0.444, "proportion", math.nan),
        ("risk ratio", "Response, ketamine vs midazolam", 1.8, 0.6, 5.4, "ratio", math.nan),
        ("odds ratio", "Response, ketamine vs midazolam", 2.4, 0.5, 11.0, "ratio", math.nan),
        ("risk difference", "Response, ketamine vs midazolam", 0.15, -0.2, 0.5, "difference", math.nan),
        ("p from CI", "Fatigue", 0.06, 0.05, 0.07, "p", math.nan),
    ] + [("SMCR", "MADRS post minus baseline", -1.69 + 0.01 * r, -2.2, -1.2, "standardized", r)
         for r in (0.3, 0.5, 0.7)]
    return pd.DataFrame(rows, columns=["quantity", "label", "estimate", "ci_low", "ci_high", "scale", "r"]).assign(
        study="s", entries="e", confidence_level=0.95, method="m", note="")


def _audit():
    return pd.DataFrame({
        "study": ["a", "a", "a", "b"],
        "entry_ids": ["m1", "m1,m2", "p1", "t1"],
        "check": ["grim", "p_against_ci", "p_against_ci", "text_only"],
        "verdict": ["consistent", "inconsistent", "not_testable", "not_testable"],
        "reported": ["30.6", "P = .04", "P < .001", "a claim"],
        "recomputed": ["", "0.022", "", ""],
        "explanation": ["30.6 with n = 30 is possible", "P = .04 printed; the CI implies 0.022", "no power",
                        "A statement without numbers that could be checked."],
        "margin": [0.1, None, None, None],
        "p_printed_low": [math.nan, 0.035, 0.0, math.nan],
        "p_printed_high": [math.nan, 0.045, 0.001, math.nan],
        "p_implied_low": [math.nan, 0.021, 0.0002, math.nan],
        "p_implied_high": [math.nan, 0.024, 0.0009, math.nan],
        "p_face": [math.nan, 0.022, 0.0005, math.nan],
    })


@pytest.fixture(autouse=True)
def _style():
    plots.apply_style()


def test_forest_one_panel_per_scale_log_for_ratios():
    fig = plots.forest(_rederived())
    assert isinstance(fig, Figure)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Proportion scale", "Difference scale", "Ratio scale", "Standardized scale"]
    ratio = fig.axes[titles.index("Ratio scale")]
    assert ratio.get_xscale() == "log"
    assert all(ax.get_xscale() == "linear" for ax in fig.axes if ax is not ratio)
    # p-values are not effects; the assumed-r rows appear once (r closest to 0.5), labelled
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert not any("p from CI" in lab for lab in labels)
    assert sum("SMCR" in lab for lab in labels) == 1
    assert any("assumed r = 0.5" in lab.replace("\n", " ") for lab in labels)


def test_forest_by_quantity_never_mixes_scales():
    fig = plots.forest(_rederived(), by="quantity")
    assert len(fig.axes) == 5
    assert [ax.get_xscale() for ax in fig.axes].count("log") == 2


def test_forest_single_axes_rejects_mixed_scales():
    fig = Figure()
    ax = fig.add_subplot()
    with pytest.raises(ValueError, match="panels"):
        plots.forest(_rederived(), ax=ax)
    one = _rederived().query("scale == 'ratio'")
    assert plots.forest(one, ax=ax, by="scale") is fig


def test_forest_empty():
    assert isinstance(plots.forest(_rederived().iloc[0:0]), Figure)


def test_p_vs_ci_log_axis_one_row_per_check():
    rows = _audit().query("check == 'p_against_ci'")
    fig = plots.p_vs_ci(rows)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert len(ax.get_yticks()) == 2
    assert "inconsistent" in " ".join(t.get_text() for t in ax.get_yticklabels())


def test_verdict_bars_counts():
    fig = plots.verdict_bars(_audit())
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["1", "1", "1", "1"]


def test_denominators_and_percent_fits():
    class E:  # a stand-in entry with the Entry interface the helper uses
        kind, id = "proportion", "remission"
        fields = {"percent": "26.7", "n": "30", "measure": "remission"}

        def has(self, f):
            return f in self.fields

        def get(self, f, d=None):
            return self.fields.get(f, d)

        def integer(self, f):
            return int(self.fields[f])

    class S:
        entries = (E(),)

    fits = report.percent_fits(S())
    row = fits[fits["n"] == 30].iloc[0]
    assert row["fits"] and row["counts"] == "8/30"          # 8/30 = 26.67% prints as 26.7%
    assert not fits[fits["n"] == 31].iloc[0]["fits"]        # 8/31 = 25.8%, 9/31 = 29.0%
    # "26.7" stands for [26.65, 26.75]: every n the table checks for which some k/n lies in it, in exact
    # rational arithmetic (n = 15 is the smallest: 4/15 = 26.67%; 1..14 have no such k)
    lo, hi = Fraction(2665, 100), Fraction(2675, 100)
    ns = [n for n in range(1, int(fits["n"].max()) + 1) if any(lo <= Fraction(100 * k, n) <= hi for k in range(n + 1))]
    assert sorted(fits[fits["fits"]]["n"].astype(int)) == ns
    assert int(fits[fits["fits"]]["n"].min()) == min(ns) == 15
    html = report.percent_fits_table(fits)
    assert "\u2714 consistent" in html and "8/30" in html
    assert isinstance(plots.denominators_plot(fits), Figure)


def test_sensitivity_curve_panels():
    fig = plots.sensitivity_curve(report.sensitivity_rows(_rederived()))
    assert len([ax for ax in fig.axes if ax.axison]) == 1
    ps = pd.DataFrame({"r": np.linspace(0, 0.9, 10), "smcr": -1.7, "dz": np.linspace(-1, -3, 10),
                       "p": np.logspace(-2, -8, 10)})
    fig = plots.sensitivity_curve(ps)
    live = [ax for ax in fig.axes if ax.axison]
    assert len(live) == 3 and live[2].get_yscale() == "log"
    assert all(ax.get_xlabel() == "Assumed pre-post correlation r" for ax in live)


def test_power_and_reconstruction_plots():
    df = pd.DataFrame({"effect": np.linspace(0, 2, 11), "power": np.linspace(0.05, 0.99, 11)})
    assert plots.power_curve_plot(df).axes[0].get_ylim()[1] > 1

    class Rec:
        samples = ((1, 2, 3, 3, 4), (1, 2, 2, 4, 4))
        count, complete = 2, True

    fig = plots.reconstruction_histogram(Rec())
    assert len(fig.axes[0].patches) == 4                    # scores 1..4

    class NoRec:
        samples, count, complete = (), 0, True

    assert "No sample" in plots.reconstruction_histogram(NoRec()).axes[0].texts[0].get_text()


def test_as_image_png():
    img = plots.as_image(plots.verdict_bars(_audit()))
    assert img.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_summary_and_tables():
    audit = _audit()
    entries = pd.DataFrame({"kind": ["mean_sd", "text_only"]})
    text = report.summarize_findings(audit, entries)
    assert text.startswith("**4 checks: 1 consistent, 1 inconsistent, 2 not testable.**")
    assert "What holds" in text and "What does not hold" in text and "What could not be checked" in text
    assert "the CI implies 0.022" in text
    html = report.audit_table(audit)
    for mark in ("\u2714 consistent", "\u2718 inconsistent", "\u2013 not testable"):
        assert mark in html
    assert "background-color:#a50f15" in html
    ok = report.summarize_findings(audit[audit.verdict != "inconsistent"])
    assert "No check found" in ok


def test_format_number_digits_per_kind():
    assert report.format_number(0.26666, scale="proportion") == "0.267"
    assert report.format_number(1.8349, quantity="risk ratio", scale="ratio") == "1.83"
    assert report.format_number(-1.5) == "\u22121.50"


def test_missing_chromium_names_the_install_line(monkeypatch):
    monkeypatch.delenv("REANALYSIS_CHROMIUM", raising=False)
    monkeypatch.setattr(report.shutil, "which", lambda name: None)
    monkeypatch.setattr(report.os.path, "isfile", lambda p: False)
    with pytest.raises(report.ReportBuildError, match="apt-get install --no-install-recommends chromium"):
        report.find_chromium()


def test_build_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="formats"):
        report.build(formats=("docx",), out_dir=tmp_path)
    with pytest.raises(ValueError, match="unknown study"):
        report.build(studies=["no_such_study"], out_dir=tmp_path)


# --------------------------------------------------------------------------- real build

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None or not (
        shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="needs chromium and poppler-utils (apt-get install chromium poppler-utils)")


def _pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One study and the overview, built once for the module from a copy of the ledger."""
    base = tmp_path_factory.mktemp("report")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    out = base / "reports"
    t0 = time.perf_counter()
    result = report.build(studies=[STUDY, "overview"], out_dir=out, data_dir=data, jobs=2, progress=False)
    return {"data": data, "out": out, "result": result, "seconds": time.perf_counter() - t0}


@needs_tools
def test_study_pdf_has_printed_numbers_and_verdicts(built):
    out = built["out"]
    assert set(built["result"].built) == {STUDY, "overview"}
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
    again = report.build(studies=[STUDY, "overview"], out_dir=out, data_dir=built["data"], progress=False)
    # Served from the cache: BuildResult says nothing was rebuilt and both came from the cache (no wall-time
    # bound: speed belongs in benchmarks/), and no file was rewritten.
    assert again.built == [] and sorted(again.cached) == sorted([STUDY, "overview"])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert sorted(map(str, again)) == sorted(map(str, built["result"]))


@needs_tools
def test_failed_build_keeps_previous_report_and_names_the_cell(built):
    out, data = built["out"], built["data"]
    pdf = out / f"{STUDY}.pdf"
    previous = {p.name: p.read_bytes() for p in (pdf, out / f"{STUDY}.html", out / "executed" / f"{STUDY}.ipynb")}
    study_file = data / "studies" / f"{STUDY}.yaml"
    original = study_file.read_text(encoding="utf-8")
    study_file.write_text(original.replace('mean: "30.6"', 'mean: "thirty"', 1), encoding="utf-8")
    try:
        with pytest.raises(report.ReportBuildError) as err:
            report.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False)
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
    assert report.build(studies=[STUDY], out_dir=out, data_dir=data, progress=False, overview=False).built == []


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
    css = [re.search(r"background-color:(#[0-9a-f]{6})", v).group(1) for v in report._VERDICT_CSS.values()]
    ls = sorted(_lightness(c) for c in css)
    assert min(b - a for a, b in zip(ls, ls[1:])) >= 10, ls
    assert len(set(report.VERDICT_TEXT.values())) == 3


def test_sensitivity_inputs_from_the_ledger():
    """What the notebook's sensitivity section is built from, for two studies of the ledger."""
    from analysis.ledger import load_ledger

    ledger = load_ledger()
    sak, fitz = ledger.study("sakurai2025"), ledger.study("fitzgerald2020")
    # Sakurai 2025: "decreased from 30.6 ± 6.1 at baseline to 20.3 ± 11.5", 30 patients, MADRS 0-60
    (paired,) = report.paired_inputs(sak)
    assert paired["args"] == {"mean_pre": "30.6", "std_pre": "6.1", "mean_post": "20.3", "std_post": "11.5",
                              "nobs": 30}
    assert [r["args"]["method"] for r in report.reconstruction_inputs(sak)] == ["random", "random"]
    assert report.two_arm_sizes(sak) == []
    # Fitzgerald 2020: "randomized to a ketamine (12 patients) or midazolam (6 patients) infusion"
    (arms,) = report.two_arm_sizes(fitz)
    assert (arms["nobs1"], arms["nobs2"]) == (12, 6) and arms["effects"][-1] == 2.0
    assert report.paired_inputs(fitz) == []
