"""Readers: the plain text of a .txt, .md, .html/.htm, JATS or TEI .xml or .pdf file, tables kept as rows.

May import analysis.reported, analysis.results and the modules of this package only.

The text a reader returns is what the extractor reads and what a draft's fragments are cut from, so it
is also the copy of the source a ledger stores. Markup becomes paragraphs separated by a blank line;
a table becomes one line per row with its cells joined by ``" | "`` (header rows first, a cell that
spans columns repeated once per column), so that :mod:`analysis.extraction.tables` finds the column
headers and row labels again in the plain text. HTML and XML are read by
:mod:`analysis.extraction.markup` (lxml/libxml2: no DTDs, no entity expansion, no network, bounded in
elements, table width, characters and time); PDF with poppler's ``pdftotext -bbox-layout`` (every word with
its box; see ``benchmarks/README.md`` for the measurements behind this choice), run under a time limit
(``PDF_TIMEOUT``), an address-space limit (``PDF_MEMORY``) and the text limit, its output parsed as it
comes by :mod:`analysis.extraction.pdftables`, which drops running headers and footers and rebuilds the
tables from the words' positions as ``" | "`` rows.
"""

from __future__ import annotations

import codecs
import math
import os
import resource
import selectors
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

from ..results import InputError
from .markup import MarkupError, markup_to_text
from .pdftables import WordReader, pdf_text
from .tokens import MAX_CHARS

__all__ = [
    "ExtractError",
    "read_text",
    "TEXT_SUFFIXES",
    "MARKUP_SUFFIXES",
    "SUFFIXES",
    "PDF_TIMEOUT",
    "PDF_MEMORY",
    "MAX_BYTES",
]

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".nxml")
SUFFIXES = TEXT_SUFFIXES + MARKUP_SUFFIXES + (".pdf",)
#: seconds pdftotext may take on one file
PDF_TIMEOUT = 60
#: bytes of address space pdftotext may use (a 583 KB PDF drove it to 9.2 GB without a limit)
PDF_MEMORY = 1 << 30
#: characters of ``pdftotext -bbox-layout`` output read per character of text at most (a word's box and tags
#: take about 100 characters; the ten development PDFs give 20 per character of text)
_XHTML_PER_CHAR = 40
#: the largest file the readers open (bytes)
MAX_BYTES = 50_000_000


class ExtractError(InputError):
    """A file the extractor cannot read; the one-line message names the file.

    >>> str(ExtractError("paper.pdf", "not a PDF"))
    'paper.pdf: not a PDF'
    >>> print(ExtractError("a\\nb.txt", "cannot be read"))
    a\\nb.txt: cannot be read
    """

    def __init__(self, file: str | os.PathLike, problem: str):
        self.file, self.problem = str(file), problem
        # one line whatever the name holds: line breaks and terminal escapes shown escaped
        shown = self.file if self.file.isprintable() else self.file.encode("unicode_escape").decode("ascii")
        super().__init__(f"{shown}: {problem}")


def read_text(path: str | os.PathLike) -> str:
    """The text of a file as the extractor reads it.

    Parameters
    ----------
    path : str or path-like
        A ``.txt``/``.md`` file (read as UTF-8, line ends as Python's text mode reads them), an
        ``.html``/``.htm`` page, a JATS or TEI ``.xml`` article, or a ``.pdf``. Other suffixes are
        read as UTF-8 text when they decode.

    Returns
    -------
    str

    Raises
    ------
    ExtractError
        One line naming the file: missing, binary, not UTF-8, too large, markup past one of the
        bounds of :mod:`analysis.extraction.markup`, XML that is not well formed, or a PDF without text
        or that pdftotext cannot read within ``PDF_TIMEOUT`` seconds and ``PDF_MEMORY`` bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.html").write_text("<p>Mean <b>30.6</b> &plusmn; 6.1</p><table><tr><th>Arm</th>"
    ...                               "<th>Placebo (n = 30)</th></tr><tr><td>MADRS</td><td>12 (40%)</td></tr></table>")
    >>> print(read_text(d / "a.html"))
    Mean 30.6 ± 6.1
    <BLANKLINE>
    Arm | Placebo (n = 30)
    MADRS | 12 (40%)
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror or exc})") from None
    if not p.is_file():
        raise ExtractError(p, "is not a file")
    if size > MAX_BYTES:
        raise ExtractError(p, f"too large to extract ({size} bytes; the limit is {MAX_BYTES})")
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        text = _read_pdf(p)
    else:
        raw = _decode(p)
        try:
            text = markup_to_text(raw, xml=suffix in (".xml", ".nxml")) if suffix in MARKUP_SUFFIXES else raw
        except MarkupError as exc:
            raise ExtractError(p, str(exc)) from None
    if len(text) > MAX_CHARS:
        raise ExtractError(p, f"text too long to extract ({len(text)} characters; the limit is {MAX_CHARS})")
    return text


def _decode(p: Path) -> str:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:  # anywhere, not only in the first 64 KB: a later NUL would reach the draft
        raise ExtractError(p, f"is a binary file, not text (it holds a NUL byte at offset {data.index(0)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(p, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_pdf(p: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ExtractError(p, "reading PDF needs poppler's pdftotext (Debian package poppler-utils)")
    with open(p, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise ExtractError(p, "is not a PDF (no %PDF header)")
    words = WordReader(max_chars=MAX_CHARS)
    code = _run_pdftotext(p, [exe, "-bbox-layout", "-enc", "UTF-8", "-q", str(p), "-"], words.feed)
    if code != 0:
        how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
        raise ExtractError(
            p,
            f"pdftotext failed ({how}; it may use {PDF_MEMORY >> 20} MB of memory): "
            "the PDF is damaged, encrypted or too complex",
        )
    text = pdf_text(words.close())  # running headers, footers, page numbers dropped; tables as ' | ' rows
    if not text.strip():
        raise ExtractError(p, "the PDF holds no text layer (a scanned image?)")
    return text


def _pdf_limits() -> None:
    """In the pdftotext child before it starts: its address space and CPU seconds are limited, so a
    hostile PDF ends in an allocation failure (the child exits) instead of the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (PDF_MEMORY, PDF_MEMORY))
    cpu = math.ceil(PDF_TIMEOUT) + 1  # whole seconds; PDF_TIMEOUT may be a fraction
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _run_pdftotext(p: Path, argv: list[str], feed: Callable[[str], None]) -> int:
    """Exit status of pdftotext, its output handed to ``feed`` as it comes. Past ``MAX_CHARS`` characters
    of words (``feed`` raises ValueError: :class:`~analysis.extraction.pdftables.WordReader` counts them),
    ``_XHTML_PER_CHAR`` times that of output, or ``PDF_TIMEOUT`` seconds the process is killed and the file
    named in an ExtractError, so a PDF that expands to gigabytes of text never sits in memory."""
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=_pdf_limits
    )
    assert proc.stdout is not None  # stdout=PIPE
    stdout = proc.stdout
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    count, deadline = 0, time.monotonic() + PDF_TIMEOUT
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise ExtractError(p, f"pdftotext took longer than {PDF_TIMEOUT:g} s")
                chunk = os.read(stdout.fileno(), 1 << 16)
                part = decoder.decode(chunk, final=not chunk)
                count += len(part)
                try:
                    if count > _XHTML_PER_CHAR * MAX_CHARS:
                        raise ValueError(f"more than {_XHTML_PER_CHAR * MAX_CHARS} characters of pdftotext output")
                    feed(part)
                except ValueError as exc:
                    raise ExtractError(p, f"text too long to extract ({exc}; pdftotext was stopped)") from None
                if not chunk:
                    break
        code = proc.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise ExtractError(p, f"pdftotext took longer than {PDF_TIMEOUT:g} s") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stdout.close()
    return code
