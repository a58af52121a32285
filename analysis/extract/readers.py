"""Readers: the plain text of a .txt, .md, .html/.htm, JATS or TEI .xml or .pdf file, tables kept as rows.

May import analysis.reported and the modules of this package only.

The text a reader returns is what the extractor reads and what a draft's fragments are cut from, so it
is also the copy of the source a ledger stores. Markup becomes paragraphs separated by a blank line;
a table becomes one line per row with its cells joined by ``" | "`` (header rows first, a cell that
spans columns repeated once per column), so that :mod:`analysis.extract.tables` finds the column
headers and row labels again in the plain text. HTML and XML are read with the standard library's
:class:`html.parser.HTMLParser` (no DTDs, no entity expansion, no network); PDF with poppler's
``pdftotext`` (see ``benchmarks/README.md`` for the measurement behind this choice).
"""
from __future__ import annotations

import codecs
import os
import re
import selectors
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

from .tokens import MAX_CHARS

__all__ = ["ExtractError", "read_text", "TEXT_SUFFIXES", "MARKUP_SUFFIXES", "SUFFIXES", "PDF_TIMEOUT"]

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".nxml")
SUFFIXES = TEXT_SUFFIXES + MARKUP_SUFFIXES + (".pdf",)
#: seconds pdftotext may take on one file
PDF_TIMEOUT = 60
_MAX_BYTES = 50_000_000


class ExtractError(ValueError):
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
        One line naming the file: missing, binary, not UTF-8, too large, or a PDF without text.

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
    if size > _MAX_BYTES:
        raise ExtractError(p, f"too large to extract ({size} bytes; the limit is {_MAX_BYTES})")
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        text = _read_pdf(p)
    else:
        raw = _decode(p)
        text = markup_to_text(raw, xml=suffix in (".xml", ".nxml")) if suffix in MARKUP_SUFFIXES else raw
    if len(text) > MAX_CHARS:
        raise ExtractError(p, f"text too long to extract ({len(text)} characters; the limit is {MAX_CHARS})")
    return text


def _decode(p: Path) -> str:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:65536]:
        raise ExtractError(p, "is a binary file, not text (it holds NUL bytes)")
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
    text, code = _run_pdftotext(p, [exe, "-enc", "UTF-8", "-nopgbrk", "-q", str(p), "-"])
    if code != 0:
        raise ExtractError(p, f"pdftotext failed (exit {code}): the PDF is damaged or encrypted")
    text = text.replace("\r\n", "\n").replace("\f", "\n")
    if not text.strip():
        raise ExtractError(p, "the PDF holds no text layer (a scanned image?)")
    return text


def _run_pdftotext(p: Path, argv: list[str]) -> tuple[str, int]:
    """(text, exit status) of pdftotext, its output read as it comes: beyond ``MAX_CHARS``
    characters (the limit :func:`read_text` enforces on every text) or ``PDF_TIMEOUT`` seconds the
    process is killed and the file named in an ExtractError, so a PDF that expands to gigabytes of
    text never sits in memory."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    parts: list[str] = []
    count, deadline = 0, time.monotonic() + PDF_TIMEOUT
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise ExtractError(p, f"pdftotext took longer than {PDF_TIMEOUT} s")
                chunk = os.read(proc.stdout.fileno(), 1 << 16)
                part = decoder.decode(chunk, final=not chunk)
                count += len(part)
                if count > MAX_CHARS:
                    raise ExtractError(p, f"text too long to extract (more than {MAX_CHARS} characters; "
                                          f"pdftotext was stopped)")
                parts.append(part)
                if not chunk:
                    break
        code = proc.wait(max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise ExtractError(p, f"pdftotext took longer than {PDF_TIMEOUT} s") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    return "".join(parts), code


# --- markup -----------------------------------------------------------------------------------------

_BLOCK = frozenset("""p div br li ul ol h1 h2 h3 h4 h5 h6 section article header footer title caption
label sec abstract table-wrap fig list list-item article-title trans-title head blockquote pre
table-wrap-foot fn disp-quote def-item term ack figure figcaption dt dd""".split())
# content that holds no findings: scripts, styles, and an article's bibliographic apparatus
_SKIP = frozenset("""script style head noscript svg math ref-list journal-meta contrib-group aff pub-date history
permissions author-notes funding-group counts custom-meta-group kwd-group listbibl teiheader""".split())
_VOID = frozenset("br hr img meta link input col area base wbr source".split())
_ROW = frozenset(("tr", "row"))
_CELL = frozenset(("td", "th", "cell"))
_SPACE = re.compile(r"[ \t\n\r\f\v]{1,1000}")  # collapsible white space; a non-breaking space stays


class _Text(HTMLParser):
    def __init__(self, xml: bool):
        super().__init__(convert_charrefs=True)
        self.xml = xml
        self.out: list[str] = []      # finished blocks (paragraphs or table rows)
        self.buf: list[str] = []      # the block being read
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.rowspan = 1
        self.head_cell = False
        self.in_thead = False
        self.carry: dict[int, tuple[int, str]] = {}   # column -> (rows still spanned, text to repeat)
        self.table_depth = 0

    # blocks
    def _flush(self, sep: str = "\n\n") -> None:
        text = _SPACE.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.out.append(text + sep)

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if self.skip or tag in _SKIP:
            self.skip += 0 if tag in _VOID else 1
            return
        if tag == "table":
            self._close_row()
            self._flush()
            self.table_depth += 1
            self.carry = {}
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_row()  # HTML may leave </td> and </tr> out (HTML5 13.1.2.4): a new section ends them
            self.in_thead = tag == "thead"
        elif tag in _ROW and self.table_depth:
            self._close_row()
            self.row = []
        elif tag in _CELL and self.row is not None:
            if self.cell is not None:
                self.handle_endtag("th" if self.head_cell else "td")
            self._carry_in()
            self.cell = []
            a = dict(attrs)
            span, rows = a.get("colspan") or a.get("cols") or "1", a.get("rowspan") or a.get("rows") or "1"
            self.span = min(int(span), 20) if span.isdigit() and int(span) > 0 else 1
            self.rowspan = min(int(rows), 50) if rows.isdigit() and int(rows) > 0 else 1
            self.head_cell = tag == "th" or self.in_thead
        elif tag == "sup":
            target = self.cell if self.cell is not None else self.buf
            if target and target[-1][-1:].isdigit():
                target.append("^")
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if tag.lower() in ("br", "hr"):
            if self.skip:
                return
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self._flush()
        elif tag.lower() not in _VOID:   # <td/>, <th rowspan="2"/>: an empty element
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if self.skip:
            self.skip -= 0 if tag in _VOID else 1
            return
        if tag == "thead":
            self.in_thead = False
        if tag in _CELL and self.cell is not None and self.row is not None:
            text = _SPACE.sub(" ", "".join(self.cell)).strip().replace("|", "/")
            if self.rowspan > 1:
                # a label or header spanning rows is repeated in each; a spanning number is printed once
                again = text if self.head_cell or not text[:1].isdigit() else ""
                for j in range(len(self.row), len(self.row) + self.span):
                    self.carry[j] = (self.rowspan - 1, again)
            self.row.extend([text] * self.span)
            self.cell = None
        elif tag in _ROW and self.row is not None:
            self._carry_in(final=True)
            if any(c for c in self.row):
                # a one-cell row (a section label) keeps a separator so the table stays one block
                self.out.append(" | ".join(self.row if len(self.row) > 1 else self.row + [""]) + "\n")
            self.row = None
        elif tag == "table" and self.table_depth:
            self._close_row()
            self.table_depth -= 1
            self.out.append("\n")
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def _close_row(self) -> None:
        """End a cell and a row left open: HTML lets ``</td>``, ``</th>`` and ``</tr>`` be omitted."""
        if self.cell is not None and self.row is not None:
            self.handle_endtag("th" if self.head_cell else "td")
        if self.row is not None:
            self.handle_endtag("tr")

    def unknown_decl(self, data):
        if data.startswith("CDATA["):  # XML character data is text (HTMLParser passes it here)
            self.handle_data(data[len("CDATA["):])

    def _carry_in(self, final: bool = False) -> None:
        """Put the cells that span down from rows above into the current row."""
        assert self.row is not None
        while self.carry:
            j = len(self.row)
            if j not in self.carry:
                if not final or j > max(self.carry):
                    break
                self.row.append("")
                continue
            left, text = self.carry.pop(j)
            self.row.append(text)
            if left > 1:
                self.carry[j] = (left - 1, text)
            if not final:
                continue

    def handle_data(self, data):
        if self.skip:
            return
        (self.cell if self.cell is not None else self.buf).append(data)


def markup_to_text(markup: str, xml: bool = False) -> str:
    """Plain text of an HTML page or a JATS/TEI article (tables as ``" | "`` rows).

    >>> markup_to_text("<sec><title>Results</title><p>t(28) = 2.20, <italic>p</italic> = .03</p></sec>", xml=True)
    'Results\\n\\nt(28) = 2.20, p = .03\\n'
    """
    parser = _Text(xml)
    parser.feed(markup)
    parser.close()
    parser._close_row()
    parser._flush()
    text = "".join(parser.out)
    text = re.sub(r"\n{3,12}", "\n\n", text)
    return text.strip("\n") + "\n"
