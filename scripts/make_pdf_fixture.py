"""Make tests/extraction/data/table-pages.pdf: a small PDF printed by Chromium, as issue 17's development PDFs are.

    .venv/bin/python scripts/make_pdf_fixture.py [--out PATH]

The page is written here (invented numbers, our own words; no paper's text): a sentence, a table whose
header cells wrap over lines and are centred vertically, equal-width numbers inside cells (``28 (34.6)`` above
``39 (48.1)``), a P column as wide as its numbers, a row label wrapped over two lines, and enough rows that
the table runs onto the second page; then a passage set in two columns of prose (CSS columns) whose lines
hold numbers, which must stay text. Printed with ``chromium --headless --print-to-pdf`` with Chromium's
default page header and footer (date, title, address, page/pages), as ``benchmarks/bench_extract.py
pdf-jats`` prints.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "extraction" / "data" / "table-pages.pdf"

ROWS = [("Age, years, mean (SD)", "41.2 (10.3)", "43.5 (11.8)", "0.42"),
        ("Women, n (%)", "28 (34.6)", "30 (37.0)", "0.61"),
        ("Employed, n (%)", "39 (48.1)", "35 (43.2)", "0.53"),
        ("Body mass index, kg/m2, mean (SD)", "26.1 (4.2)", "25.7 (3.9)", "0.77"),
        ("Length of the current episode before the trial, months, mean (SD)", "14.2 (9.5)", "12.8 (8.1)", "0.35")]
MORE = [(f"Visit {i} score, mean (SD)", f"{30 - i}.{i} ({5 + i % 3}.{i})", f"{31 - i}.{9 - i} ({6 + i % 2}.{i})",
         f"0.{20 + 7 * i}") for i in range(1, 9)]
SENTENCE = ("In the second week {a} of {n} patients ({p}%) answered the call, and the mean score fell by {d} points "
            "from the first visit. ")


def html() -> str:
    cells = lambda r: "".join(f"<td>{c}</td>" for c in r)   # noqa: E731
    head = ("<tr><td style='width:170px'>Characteristic</td><td style='width:110px'>Ketamine group, infusion (n = 81)</td>"
            "<td style='width:110px'>Placebo group, saline (n = 81)</td><td>P</td></tr>")
    body = "".join(f"<tr>{cells(r)}</tr>" for r in ROWS + MORE)
    filler = "".join(f"<p>Paragraph {i} of the methods says how the visits were arranged and who rated them.</p>"
                     for i in range(1, 19))
    prose = "".join(SENTENCE.format(a=10 + i, n=40 + i, p=round(100 * (10 + i) / (40 + i), 1), d=i + 0.5) for i in range(14))
    return ("<html><head><meta charset='utf-8'><title>table pages</title></head><body>"
            "<p>We randomised 162 patients, 81 to each group.</p>" + filler +
            "<p>Table 1.</p><p>Baseline characteristics and visit scores</p>"
            f"<table>{head}{body}</table><p>Values are mean (SD) or n (%).</p>"
            f"<div style='column-count:2'><p>{prose}</p></div></body></html>")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "table-pages.html"
        page.write_text(html(), "utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={args.out}",
                        page.as_uri()], capture_output=True, timeout=120, check=True)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
