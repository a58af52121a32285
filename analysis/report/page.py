"""The page around every HTML report: its CSS (A4 pages, readable tables) and its Content-Security-Policy,
added to nbconvert's output by :func:`_postprocess_html`.

May import the standard library only; nothing else of analysis.
"""
from __future__ import annotations

import re

#: CSS injected into every HTML report: A4 pages, readable tables that wrap, no overflow.
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
REPORT_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
              "base-uri 'none'; form-action 'none'")


def _postprocess_html(body: str) -> str:
    # drop every script loaded from the network (MathJax, require.js from a CDN): no network at build
    body = re.sub(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", body)
    body = re.sub(r'<link[^>]*\bhref="https?://[^"]*"[^>]*>', "", body)
    style = f'<style type="text/css" id="reanalysis-report">{REPORT_CSS}</style>'
    if "</head>" in body:
        body = body.replace("</head>", style + "\n</head>", 1)
    else:
        body = style + body
    csp = f'<meta http-equiv="Content-Security-Policy" content="{REPORT_CSP}">'
    head = re.search(r"<head[^>]*>", body)
    return body[:head.end()] + "\n" + csp + body[head.end():] if head else csp + body
