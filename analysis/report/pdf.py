"""The report PDFs as files: whole-file validation before a PDF replaces the previous one, and the
normalisation that lets a rebuilt PDF come out byte for byte as before.

May import the standard library, pypdf and :mod:`analysis.report.browser` (for its error); nothing else.

A PDF printed on a nearly full disk can be cut off while its printer still exits 0, and then only its
``%PDF-`` header proves nothing. :func:`validate_pdf` reads the whole file with pypdf in strict mode:
the ``%%EOF`` marker, ``startxref``, the cross-reference table, the trailer and the page tree.
(Faster than poppler's ``pdfinfo`` (benchmarks/README.md), which also reports a file cut inside its last
30 bytes as whole; pypdf refuses every cut.)
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from .browser import ReportBuildError

__all__ = ["validate_pdf", "normalise_pdf", "same_apart_from_dates"]

#: Chromium's tagged-PDF structure elements carry the DOM node ids of the renderer, which count up
#: over a browser's life: the same report printed second gets other numbers than printed first.
_NODE_ID = re.compile(rb"\(node(\d{8})\)")
#: The only other bytes that differ between two prints of the same HTML.
_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9+\-Z' ]*\)")


def validate_pdf(path: str | Path) -> int:
    """Check that ``path`` is a whole PDF; return its number of pages.

    Raises
    ------
    ReportBuildError
        Naming the file and what is wrong (not a PDF, cut off, no trailer, no pages ...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cut.pdf"
    >>> _ = p.write_bytes(b"%PDF-1.4\\n1 0 obj")
    >>> validate_pdf(p)
    Traceback (most recent call last):
    ...
    analysis.report.browser.ReportBuildError: cut.pdf is not a whole PDF (no %%EOF at its end: cut off?)
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportBuildError(f"{path.name} cannot be read: {exc.strerror}") from None
    if not data.startswith(b"%PDF-"):
        raise ReportBuildError(f"{path.name} is not a PDF (it does not start with %PDF-)")
    if not data.rstrip().endswith(b"%%EOF"):
        raise ReportBuildError(f"{path.name} is not a whole PDF (no %%EOF at its end: cut off?)")
    from pypdf import PdfReader

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        pages = len(reader.pages)
        for page in reader.pages:  # every page object resolves through the xref
            _ = page.mediabox
    except Exception as exc:  # pypdf raises PdfReadError, KeyError, ValueError ... on broken files
        raise ReportBuildError(f"{path.name} is not a whole PDF ({type(exc).__name__}: {exc})") from None
    finally:
        log.setLevel(level)
    if pages == 0:
        raise ReportBuildError(f"{path.name} has no page")
    return pages


def normalise_pdf(data: bytes) -> bytes:
    """Renumber Chromium's structure-node ids in order of first use, in place (same length, so every
    cross-reference offset stays right).

    >>> normalise_pdf(b"/ID (node00000085) /K (node00000090) /ID (node00000085)")
    b'/ID (node00000001) /K (node00000002) /ID (node00000001)'
    """
    numbers: dict[bytes, bytes] = {}

    def renumber(m: re.Match) -> bytes:
        new = numbers.setdefault(m.group(1), b"%08d" % (len(numbers) + 1))
        return b"(node" + new + b")"

    return _NODE_ID.sub(renumber, data)


def same_apart_from_dates(a: bytes, b: bytes) -> bool:
    """True when two PDFs differ in nothing but their creation and modification dates.

    >>> same_apart_from_dates(b"/CreationDate (D:20261201110922+00'00')", b"/CreationDate (D:20261202080000+00'00')")
    True
    """
    return _DATES.sub(rb"/\1 ()", a) == _DATES.sub(rb"/\1 ()", b)
