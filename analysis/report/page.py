"""The page around every HTML report: its CSS (A4 pages, readable tables), its Content-Security-Policy,
and the nbconvert exporter that writes both into the page (:class:`ReportExporter`, with the template
``templates/reanalysis/index.html.j2``).

May import the standard library and nbconvert; nothing else of analysis.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from nbconvert import HTMLExporter

__all__ = ["REPORT_CSS", "REPORT_CSP", "ReportExporter", "to_html"]

#: Where the report's nbconvert template lives (``reanalysis/index.html.j2`` and its ``conf.json``).
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: CSS of every HTML report: A4 pages, readable tables that wrap, no overflow.
REPORT_CSS = """
@page { size: A4; margin: 15mm 13mm 16mm 13mm; }
html, body { background: #ffffff !important; }
body, .jp-RenderedHTMLCommon, .jp-Notebook {
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif !important;
  font-size: 10pt !important; line-height: 1.38 !important; color: #111 !important; }
.jp-Notebook { padding: 0 !important; }
.jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
.jp-RenderedHTMLCommon { padding-left: 0 !important; padding-right: 0 !important; margin-left: 0 !important;
  overflow: visible !important; max-width: 100% !important; }
.jp-OutputPrompt, .jp-InputPrompt, .jp-OutputArea-prompt { display: none !important; }
.jp-Cell { padding-top: 0 !important; padding-bottom: 0 !important; }
h1 { font-size: 17pt !important; margin: 0 0 6pt 0 !important; line-height: 1.2 !important; }
h2 { font-size: 13pt !important; margin: 12pt 0 4pt 0 !important; border-bottom: 1px solid #999;
  break-after: avoid; page-break-after: avoid; }
.jp-MarkdownCell { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
h3 { font-size: 11pt !important; margin: 9pt 0 3pt 0 !important; break-after: avoid; }
.jp-RenderedHTMLCommon table, table.report-table {
  font-size: 8.3pt !important; border-collapse: collapse !important; width: 100% !important;
  table-layout: auto !important; margin: 4pt 0 8pt 0 !important; }
table.report-table.narrow { width: auto !important; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, table.report-table td, table.report-table th {
  text-align: left !important; vertical-align: top !important; padding: 2pt 3pt !important;
  white-space: normal !important; overflow-wrap: break-word; word-break: normal; max-width: none !important;
  border: 0.5pt solid #bbbbbb !important; line-height: 1.25 !important; }
table.report-table th { background: #f0f0f0 !important; font-weight: bold !important; }
table.report-table tbody tr:nth-child(odd) td:not(.verdict) { background: #ffffff !important; }
table.report-table tbody tr:nth-child(even) td:not(.verdict) { background: #f8f8f8 !important; }
table.report-table td.verdict { white-space: nowrap !important; }
table.mono td { font-family: "DejaVu Sans Mono", monospace !important; font-size: 7.5pt !important; }
.jp-OutputArea-child, .jp-OutputArea-output, .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea {
  break-inside: auto !important; page-break-inside: auto !important; }
.jp-RenderedMarkdown { break-inside: avoid; }
.keep-with-next { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.keep-together { break-inside: avoid; page-break-inside: avoid; }
.jp-OutputArea-child:has(.jp-RenderedMarkdown):has(+ .jp-OutputArea-child .jp-RenderedImage) {
  break-after: avoid; page-break-after: avoid; }
.jp-RenderedImage, tr, img { break-inside: avoid !important; page-break-inside: avoid !important; }
thead { display: table-header-group; }
img { max-width: 100% !important; height: auto !important; max-height: 225mm !important; object-fit: contain;
  object-position: left top; }  /* a figure and the heading above it always fit one page */
.jp-RenderedImage { text-align: left !important; }
code { font-size: 8.5pt; }
p.note { color: #444; font-style: italic; }
* { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
"""


#: Content-Security-Policy of every HTML report, first thing in its head: opened in any browser, a
#: report runs no script and loads nothing (no frame, no file, no network) but its embedded images
#: and inline styles. Every ledger string is escaped before it reaches the HTML; this is the second wall.
REPORT_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"
)


class ReportExporter(HTMLExporter):
    """nbconvert's HTML export of an executed report notebook: inputs and prompts hidden, images embedded
    as ``data:`` URLs, the page from the ``reanalysis`` template (nbconvert's JupyterLab page with
    :data:`REPORT_CSP` first in its head, :data:`REPORT_CSS` last, and no block that loads from the
    network: no require.js, widgets, MathJax or Mermaid).

    Examples
    --------
    >>> import nbformat
    >>> body, _ = ReportExporter().from_notebook_node(nbformat.v4.new_notebook())
    >>> "<script" in body, 'id="reanalysis-report"' in body
    (False, True)
    """

    def __init__(self, **kw: Any) -> None:
        kw = {
            "template_name": "reanalysis",
            "extra_template_basedirs": [str(TEMPLATES)],
            "exclude_input": True,
            "exclude_input_prompt": True,
            "exclude_output_prompt": True,
            "embed_images": True,
            **kw,
        }
        super().__init__(**kw)

    def _init_resources(self, resources: Any) -> Any:
        resources = super()._init_resources(resources)
        resources["report"] = {"css": REPORT_CSS, "csp": REPORT_CSP}
        return resources


_EXPORTER: ReportExporter | None = None
#: Guards the exporter: built once, one conversion at a time (a conversion holds the GIL anyway).
_EXPORTER_LOCK = threading.Lock()


def _exporter() -> ReportExporter:
    """The exporter of the process, built once (building its template environment is slow; benchmarks/README.md)."""
    global _EXPORTER
    with _EXPORTER_LOCK:
        if _EXPORTER is None:
            _EXPORTER = ReportExporter()
        return _EXPORTER


def to_html(nb: Any, title: str) -> str:
    """The HTML report of the executed notebook ``nb`` (its ``metadata.title`` is set to ``title``)."""
    exporter = _exporter()
    nb.metadata["title"] = title
    with _EXPORTER_LOCK:
        body, _ = exporter.from_notebook_node(nb)
    return body


def warm_exporter() -> None:
    """Build the exporter and convert an empty notebook (which loads and compiles its templates), so that
    the first report's conversion costs what the others do. Errors are left to the conversions that need it."""
    import nbformat

    try:
        to_html(nbformat.v4.new_notebook(), "")
    except Exception:  # pragma: no cover - the real conversion reports it
        pass
