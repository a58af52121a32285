"""Reports rebuild byte for byte and carry no kernel noise (issue 9, items 10 and 11).

Two studies are built by one worker (``jobs=1``), so the second runs in the reused, reset kernel:
the path where IPython's history used to print "ERROR! Session/line number was not unique in
database" into the first cell. A forced rebuild must then leave the executed notebooks, the HTML and
the PDFs byte-identical (cell ids, timestamps, durations, temporary paths and the build date are not
in the outputs; a PDF whose only change would be its creation date is not replaced).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.report import building, pdf
from conftest import REPORT_STUDIES

STUDIES = list(REPORT_STUDIES)

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()),
    reason="needs chromium and poppler-utils")

#: What a kernel prints when something went wrong around the notebook rather than in it.
NOISE = re.compile(r"ERROR!|Session/line number|History logging moved|Traceback \(most recent call last\)"
                   r"|IPKernelApp|WARNING \||DeprecationWarning|RuntimeWarning")


def _outputs_of(files: dict, studies) -> dict:
    """The outputs of ``studies`` among ``files`` (relative path -> bytes): not the overview's, nor a notebook
    kept in failed/ by a test that breaks a build on purpose."""
    return {name: data for name, data in files.items()
            if name.split("/")[-1].split(".")[0] in studies and not name.startswith("failed/")}


@pytest.fixture(scope="module")
def twice(built_reports):
    """The session's build (conftest.built_reports: both studies by one worker), then a forced rebuild of
    the two studies into the same folder."""
    out, data = built_reports["out"], built_reports["data"]
    first = _outputs_of(built_reports["files"], STUDIES)
    result = building.build(studies=STUDIES, out_dir=out, data_dir=data, progress=False, overview=False,
                            jobs=1, force=True)
    second = _outputs_of({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
                          if p.is_file() and ".cache" not in p.parts}, STUDIES)
    return {"out": out, "first": first, "second": second, "result": result}


@needs_tools
def test_rebuild_is_byte_identical(twice):
    assert sorted(twice["result"].built) == sorted(STUDIES)
    first, second = twice["first"], twice["second"]
    assert sorted(first) == sorted(second)
    assert len(first) == 3 * len(STUDIES)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


@needs_tools
def test_executed_notebooks_hold_no_run_specific_metadata(twice):
    for s in STUDIES:
        nb = json.loads(twice["second"][f"executed/{s}.ipynb"])
        pm = nb["metadata"].get("papermill", {})
        assert not {"start_time", "end_time", "duration", "input_path", "output_path"} & set(pm)
        assert pm.get("parameters", {}).get("study_id") == s       # what was run stays on record
        for cell in nb["cells"]:
            assert "execution" not in cell["metadata"]
            assert not {"start_time", "end_time", "duration"} & set(cell["metadata"].get("papermill", {}))
        injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert [c["id"] for c in injected] == ["injected-parameters"]
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1))
    text = twice["second"][f"{STUDIES[0]}.html"].decode("utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", text)   # no wall-clock build date
    assert str(twice["out"]) not in text and "/tmp/" not in text


@needs_tools
def test_no_kernel_noise_in_any_output(twice):
    out = twice["out"]
    for s in STUDIES:
        nb = json.loads(twice["second"][f"executed/{s}.ipynb"])
        for i, cell in enumerate(nb["cells"]):
            for o in cell.get("outputs", []):
                assert o["output_type"] not in ("error",), (s, i)
                assert not (o["output_type"] == "stream" and o.get("name") == "stderr"), (s, i, o.get("text"))
                text = "".join(o.get("text", "")) if o["output_type"] == "stream" else ""
                assert not NOISE.search(text), (s, i, text)
        page = subprocess.run(["pdftotext", "-layout", str(out / f"{s}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert not NOISE.search(page), (s, NOISE.search(page))
        assert not NOISE.search(twice["second"][f"{s}.html"].decode("utf-8")), s


def test_history_is_off_in_report_kernels():
    """The fix at the source: report kernels run without IPython's history database."""
    from analysis.report import kernels

    assert "--HistoryManager.enabled=False" in kernels.KERNEL_ARGUMENTS


def test_pdf_normalisation_renumbers_structure_ids_in_place():
    """Chromium numbers tagged-PDF structure nodes per browser session (node00000085 in the second report a
    browser prints, node00000001 in the first): renumbered in order of first use, same byte length."""
    a = b"<< /ID (node00000085) >> << /ID (node00000086) >> << /K /ID (node00000085) >>"
    b = b"<< /ID (node00000001) >> << /ID (node00000002) >> << /K /ID (node00000001) >>"
    assert pdf.normalise_pdf(a) == pdf.normalise_pdf(b) == b
    assert len(pdf.normalise_pdf(a)) == len(a)


def test_same_apart_from_dates():
    a = b"/Producer (Skia/PDF m120)\n/CreationDate (D:20261201110922+00'00')\n/ModDate (D:20261201110922+00'00')>>"
    b = a.replace(b"110922", b"121501")
    c = a.replace(b"Skia", b"Skib")
    assert pdf.same_apart_from_dates(a, b)
    assert not pdf.same_apart_from_dates(a, c)


@needs_tools
def test_figures_section_is_never_a_bare_heading(twice):
    """fava2020 has nothing to draw: its Figures section says so in words (an image of an empty axis with a
    caption is not a figure); no report leaves the heading at the foot of a page with its figures on the next
    (the heading's top lies in the upper 80% of its page, where a figure can follow it)."""
    out = twice["out"]
    for s in STUDIES:
        bbox = subprocess.run(["pdftotext", "-bbox", str(out / f"{s}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
            height = float(page.group(2))
            words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>',
                               page.group(3))
            for y, word in words:
                if word == "Figures" and len([w for _, w in words if w == "Figures"]) == 1:
                    assert float(y) < 0.8 * height, f"{s}: the heading Figures sits at the foot of a page"
    text = subprocess.run(["pdftotext", "-layout", str(out / "fava2020.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    between = text.split("Figures", 1)[1].split("Provenance", 1)[0]
    assert "nothing to draw" in between.lower(), between[:200]
