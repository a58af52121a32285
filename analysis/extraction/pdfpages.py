"""Pages of a PDF's text: running headers, footers and page numbers dropped before the extractor reads it.

May import analysis.reported and the modules of this package only.

``pdftotext`` prints every page's running title, date, address and page number (``3``, ``1/5``, ``Page 2 of
7``) among the text, where they would become counts and quantities (footers ``1/5 ... 5/5`` would be read
as five counts). A line that stands among the first two (or the last two) lines of most pages with the
same words (digits aside), or one that holds only a page number there, is dropped; the pages are then
joined. On a page of fewer than six lines only its first and last line are looked at.
"""

from __future__ import annotations

from .tokens import compile

__all__ = ["strip_running", "running"]

_PAGE_OF = compile(
    r"(?i:^\s{0,200}(?:page\s{1,3}\d{1,4}(?:\s{1,3}of\s{1,3}\d{1,4})?|\d{1,4}\s{0,3}/\s{0,3}\d{1,4})\s{0,200}$)"
)
_BARE_NO = compile(r"^\s{0,200}\d{1,4}\s{0,200}$")
_DIGITS = compile(r"\d{1,20}")
_EDGE = 2  # lines at the top and at the bottom of a page looked at


def strip_running(text: str) -> str:
    """The text of a PDF's pages (separated by form feeds) without running lines and page numbers.

    >>> pages = ["J Trial 2024;3:1-9\\nWe randomised 40 patients.\\n1/2", "J Trial 2024;3:1-9\\nOf these, 12 (30%) ...\\n2/2"]
    >>> print(strip_running("\\f".join(pages)))
    We randomised 40 patients.
    Of these, 12 (30%) ...
    <BLANKLINE>
    """
    pages = [p.split("\n") for p in text.split("\f")]
    if len(pages) < 2:
        return text.replace("\f", "\n")
    out = ["\n".join(ln for i, ln in enumerate(lines) if i not in drop) for lines, drop in zip(pages, running(pages))]
    return "\n".join(out).strip("\n") + "\n"


def running(pages: list[list[str]]) -> list[set[int]]:
    """For each page (its lines, top to bottom), the indices of its running lines and page numbers.

    >>> running([["J Trial 3:1-9", "Text", "1/2"], ["J Trial 3:1-9", "More", "2/2"]])
    [{0, 2}, {0, 2}]
    """
    edges = [_edges(lines) for lines in pages]
    counts: dict[str, int] = {}
    for lines, (top, bottom) in zip(pages, edges):
        for key in {"T" + _shape(lines[i]) for i in top} | {"B" + _shape(lines[i]) for i in bottom}:
            counts[key] = counts.get(key, 0) + 1
    filled = sum(1 for p in pages if any(ln.strip() for ln in p))
    common = {k for k, c in counts.items() if c >= 2 and c * 2 >= filled}
    out = []
    for lines, (top, bottom) in zip(pages, edges):
        ends = {top[0], bottom[-1]} if top else set()  # a bare number is a page number only as the first or last line
        drop = {i for i in top if "T" + _shape(lines[i]) in common} | {
            i for i in bottom if "B" + _shape(lines[i]) in common
        }
        drop |= {i for i in top + bottom if _PAGE_OF.match(lines[i]) or (i in ends and _BARE_NO.match(lines[i]))}
        out.append(drop)
    return out


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    """The first and the last filled lines of a page: two each, one each on a page of fewer than six."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    k = _EDGE if len(filled) >= 6 else 1
    return filled[:k], filled[-k:]
