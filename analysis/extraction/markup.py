"""Markup reading: the plain text of an HTML page or a JATS/TEI article, tables kept as ``cell | cell`` rows.

May import analysis.reported, analysis.results and the modules of this package only.

HTML and XML are parsed by libxml2 through lxml's event interface (a parser *target*: no tree is
built, so memory does not grow with the document): HTML with its error-recovering HTML parser, XML
with its strict XML parser, DTDs never loaded, the network never used, and a document that declares
its own entities refused (they would be expanded). Named character references of HTML (``&plusmn;``)
in an XML file, which only the unread DTD defines, are read as HTML reads them. Both parsers are
linear on hostile input, where the standard library's parser is not (``benchmarks/README.md``, "HTML and
XML reader").

Every read is bounded: ``MAX_ELEMENTS`` elements, ``READ_TIMEOUT`` seconds, ``MAX_COLUMNS``
columns in a table row after its spans are expanded (a ``colspan`` counts at most 20, a ``rowspan``
at most 50), and the characters of the text (``MAX_CHARS``, counted as the text grows). Past a bound,
or on XML that is not well formed, :class:`MarkupError` says which, in one line; the readers name the
file.
"""

from __future__ import annotations

import functools
import html.entities
import re
import time

from lxml import etree

from ..results import InputError
from .tokens import MAX_CHARS, compile

__all__ = ["MarkupError", "markup_to_text", "MAX_ELEMENTS", "MAX_COLUMNS", "READ_TIMEOUT"]

#: the most elements a page or article may hold (the largest of 4,350 PMC articles holds about 8,600)
MAX_ELEMENTS = 500_000
#: the most columns a table row may reach once its column and row spans are expanded
MAX_COLUMNS = 200
#: seconds the reading of one page or article may take
READ_TIMEOUT = 60
_MAX_COLSPAN, _MAX_ROWSPAN = 20, 50


class MarkupError(InputError):
    """Markup that cannot be read within the bounds; the message is one line, without the file."""


_BLOCK = frozenset(
    """p div br li ul ol h1 h2 h3 h4 h5 h6 section article header footer title caption
label sec abstract table-wrap fig list list-item article-title trans-title head blockquote pre
table-wrap-foot fn disp-quote def-item term ack figure figcaption dt dd""".split()
)
# content that holds no findings: scripts, styles, and an article's bibliographic apparatus
_SKIP = frozenset(
    """script style head noscript svg math ref-list journal-meta contrib-group aff pub-date history
permissions author-notes funding-group counts custom-meta-group kwd-group listbibl teiheader""".split()
)
_ROW = frozenset(("tr", "row"))
_CELL = frozenset(("td", "th", "cell"))
# namespaces whose elements are read by their local name (TEI, XHTML, SVG); other namespaced elements
# (MathML's mml:math in JATS) are read as inline text
_LOCAL_NS = frozenset(("http://www.tei-c.org/ns/1.0", "http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"))


def _span(value: str | None, cap: int) -> int:
    """A colspan/rowspan as HTML reads it: ASCII digits, else 1 (``colspan="²"`` is 1), at most ``cap``."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 6 or int(value) == 0:
        return 1
    return min(int(value), cap)


#: a <col> width of nothing: '0', '0%', '0px', '0*'
_ZERO_WIDTH = compile(r"^\s{0,2}0{1,3}(?:\.0{1,3})?\s{0,2}(?:px|%|\*|pt)?\s{0,2}$")


def _visible(row: list[str], zero: set[int]) -> list[str]:
    """A row without the cells of columns a table declares zero wide (``<col width="0">``) that are empty or a copy
    of a neighbour (the part of a spanning cell that lies in the invisible column, kept in its visible neighbour):
    PMC5814604's header spans columns 3-4 ('0' and '180' wide) while its indented rows' cells span 4-5, so the copy
    in column 5 fell under the next arm's header. A cell of its own printed in a zero-wide column stays.

    >>> _visible(["", "", "Label", "Label", "21 (32.3)", "21 (32.3)", "19 (39.6)", "19 (39.6)"], {3, 5, 7})
    ['', '', 'Label', '21 (32.3)', '19 (39.6)']
    >>> _visible(["Label", "Arm A", "Arm A", "Arm B", "Arm B"], {1, 3}), _visible(["a", "b", "c"], {1})
    (['Label', 'Arm A', 'Arm B'], ['a', 'b', 'c'])
    """
    return [
        c
        for j, c in enumerate(row)
        if j not in zero or not (c == "" or (j and row[j - 1] == c) or (j + 1 < len(row) and row[j + 1] == c))
    ]


class _Text:
    """A parser target: libxml2's start, end and data events become paragraphs and table rows."""

    def __init__(self):
        self.out: list[str] = []  # finished blocks (paragraphs or table rows)
        self.size = 0  # characters in out
        self.buf: list[str] = []  # the block being read
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.rowspan = 1
        self.head_cell = False
        self.in_thead = False
        self.carry: dict[int, tuple[int, str]] = {}  # column -> (rows still spanned, text to repeat)
        self.cols = 0  # the table's <col> columns read so far
        self.zero: set[int] = set()  # the grid columns a <col width="0"> declares
        self.table_depth = 0
        self.elements = 0
        self.root_closed = False
        self.deadline = time.monotonic() + READ_TIMEOUT

    def _emit(self, block: str) -> None:
        self.size += len(block)
        if self.size > MAX_CHARS:
            raise MarkupError(f"text too long to extract (more than {MAX_CHARS} characters)")
        self.out.append(block)

    # blocks
    def _flush(self, sep: str = "\n\n") -> None:
        text = _collapsed("".join(self.buf))
        self.buf = []
        if text:
            self._emit(text + sep)

    def start(self, tag, attrib, nsmap=None):
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise MarkupError(f"more than {MAX_ELEMENTS} elements (the limit)")
        if not self.elements % 4096 and time.monotonic() > self.deadline:
            raise MarkupError(f"reading took longer than {READ_TIMEOUT} s")
        tag = _name(tag)
        if self.skip or tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self._close_row()
            self._flush()
            self.table_depth += 1
            self.carry = {}
            self.cols, self.zero = 0, set()
        elif tag == "col" and self.table_depth:
            n = _span(attrib.get("span"), _MAX_COLSPAN)
            if _ZERO_WIDTH.match(attrib.get("width") or ""):
                self.zero.update(range(self.cols, self.cols + n))
            self.cols += n
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_row()
            self.in_thead = tag == "thead"
        elif tag in _ROW and self.table_depth:
            self._close_row()
            self.row = []
        elif tag in _CELL and self.row is not None:
            if self.cell is not None:
                self._end_cell()
            self._carry_in()
            self.cell = []
            self.span = _span(attrib.get("colspan") or attrib.get("cols"), _MAX_COLSPAN)
            self.rowspan = _span(attrib.get("rowspan") or attrib.get("rows"), _MAX_ROWSPAN)
            self.head_cell = tag == "th" or self.in_thead
        elif tag in ("br", "hr"):
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self._flush()
        elif tag == "sup":
            target = self.cell if self.cell is not None else self.buf
            if target and target[-1][-1:].isdigit():
                target.append("^")
        elif tag in _BLOCK and self.cell is None:
            self._flush()

    def end(self, tag):
        tag = _name(tag)
        if tag == _ROOT:
            self.root_closed = True
        if self.skip:
            self.skip -= 1
            return
        if tag == "thead":
            self.in_thead = False
        if tag in _CELL and self.cell is not None and self.row is not None:
            self._end_cell()
        elif tag in _ROW and self.row is not None:
            self._carry_in(final=True)
            if any(c for c in self.row):
                row = _visible(self.row, self.zero) if self.zero else self.row
                # a one-cell row (a section label) keeps a separator so the table stays one block
                self._emit(" | ".join(row if len(row) > 1 else row + [""]) + "\n")
            self.row = None
        elif tag == "table" and self.table_depth:
            self._close_row()
            self.table_depth -= 1
            self._emit("\n")
        elif tag in _BLOCK and tag not in ("br", "hr") and self.cell is None:
            self._flush()

    def _end_cell(self) -> None:
        row, cell = self.row, self.cell
        assert row is not None and cell is not None  # every caller checks both
        text = _collapsed("".join(cell)).replace("|", "/")
        if len(row) + self.span > MAX_COLUMNS:
            raise MarkupError(
                f"a table row reaches more than {MAX_COLUMNS} columns once its spans are expanded (the limit)"
            )
        if self.rowspan > 1:
            # a label or header spanning rows is repeated in each; a spanning number is printed once
            again = text if self.head_cell or not text[:1].isdigit() else ""
            for j in range(len(row), len(row) + self.span):
                self.carry[j] = (self.rowspan - 1, again)
        row.extend([text] * self.span)
        self.cell = None

    def _close_row(self) -> None:
        """End a cell and a row left open (HTML lets ``</td>``, ``</th>`` and ``</tr>`` be omitted)."""
        if self.cell is not None and self.row is not None:
            self._end_cell()
        if self.row is not None:
            self.end("tr")

    def _carry_in(self, final: bool = False) -> None:
        """Put the cells that span down from rows above into the current row."""
        row = self.row
        assert row is not None  # both callers are inside a row
        while self.carry:
            j = len(row)
            if j not in self.carry:
                if not final or j > max(self.carry):
                    break
                row.append("")
                continue
            left, text = self.carry.pop(j)
            row.append(text)
            if left > 1:
                self.carry[j] = (left - 1, text)

    def data(self, data):
        if not self.skip:
            (self.cell if self.cell is not None else self.buf).append(data)

    def comment(self, text):
        pass

    def close(self):
        self._close_row()
        self._flush()
        return "".join(self.out)


@functools.lru_cache(maxsize=1024)  # called twice per element; a document uses a few dozen tag names
def _name(tag: str) -> str:
    if tag[:1] == "{":
        uri, _, local = tag[1:].partition("}")
        return local.lower() if uri in _LOCAL_NS else tag
    return tag.lower()


# a document type declaration whose internal subset declares entities (<!DOCTYPE x [<!ENTITY ...]>)
_ENTITY_DECL = compile(r"<!ENTITY\s")
_ELEMENT_START = compile(r"<[A-Za-z_:]")
_NAMED_REF = compile(r"&([A-Za-z][A-Za-z0-9]{0,31});")
# where the wrapping root opens: after the XML declaration or DOCTYPE, if any
_PROLOG_END = compile(r"\A\s{0,100}<\?xml[^>]{0,300}\?>|<!DOCTYPE[^\[>]{0,4000}>")
_SPACE = compile(r"[ \t\n\r\f\v]{1,1000}")  # collapsible white space; a non-breaking space stays
_LONG_SPACE = " " * 1001


def _collapsed(s: str) -> str:
    """``_SPACE.sub(" ", s).strip()``: each run of collapsible white space one space, the ends stripped. Each run
    is cut at the spaces and joined by one (half the time of the substitution, which calls back for every space
    between two words: benchmarks/README.md, session 9); a run longer than _SPACE's 1,000 characters, which it
    replaces in pieces, is left to it (tests/extraction/test_markup_prefixes.py)."""
    t = s.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\f", " ").replace("\v", " ")
    if _LONG_SPACE in t:
        return _SPACE.sub(" ", s).strip()
    return " ".join([w for w in t.split(" ") if w]).strip()


_PREFIX_USE = compile(r"[<\s]([A-Za-z_][A-Za-z0-9_.-]{0,40}):[A-Za-z_]")
_MAX_PREFIXES = 100
_ROOT = "reanalysis-root"
_BLANK_LINES = compile(r"\n{3,12}")
_XML_NAMED = frozenset(("lt", "gt", "amp", "quot", "apos"))


_NAME_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS = _NAME_FIRST | frozenset("0123456789.-")


def _prefixes(markup: str) -> set[str]:
    """The prefixes the markup uses, ``{m.group(1) for m in _PREFIX_USE.finditer(markup)}``, read back from each ':'
    (a JATS paper holds a few dozen) instead of trying the pattern at every position, which was a fifth of reading a
    JATS paper (benchmarks/README.md, session 8). A match is '<' or white space, a name of 1-41 characters that
    starts with a letter or '_', ':' and a letter or '_'; no match can start inside another (its characters are no
    '<' nor space), so each is found from its ':' (tests/extraction/test_markup_prefixes.py)."""
    out: set[str] = set()
    i = markup.find(":")
    while i >= 0:
        if i + 1 < len(markup) and markup[i + 1] in _NAME_FIRST:
            b, stop = i, max(0, i - 42)
            while b > stop and markup[b - 1] in _NAME_CHARS:
                b -= 1
            opened = b > 0 and (markup[b - 1] == "<" or markup[b - 1].isspace())
            if opened and 1 <= i - b <= 41 and markup[b] in _NAME_FIRST:
                out.add(markup[b:i])
        i = markup.find(":", i + 1)
    return out


def _html_named_ref(m: re.Match) -> str:
    name = m.group(1)
    char = None if name in _XML_NAMED else html.entities.html5.get(name + ";")
    if char is None:
        return m.group()
    return char.replace("&", "&amp;").replace("<", "&lt;")


def markup_to_text(markup: str, xml: bool = False) -> str:
    """Plain text of an HTML page or a JATS/TEI article (tables as ``" | "`` rows).

    Raises
    ------
    MarkupError
        XML that is not well formed or declares entities, or a document past one of the bounds
        (``MAX_ELEMENTS``, ``MAX_COLUMNS``, ``READ_TIMEOUT``, ``MAX_CHARS``).

    Examples
    --------
    >>> markup_to_text("<sec><title>Results</title><p>t(28) = 2.20, <italic>p</italic> = .03</p></sec>", xml=True)
    'Results\\n\\nt(28) = 2.20, p = .03\\n'
    >>> markup_to_text("<table><tr><td colspan='\u00b2'>Age<td>30.1 &plusmn; 6.2</table>")
    'Age | 30.1 ± 6.2\\n'
    """
    if xml:
        decl = _ENTITY_DECL.search(markup)
        if decl and not _ELEMENT_START.search(markup, 0, decl.start()):
            raise MarkupError("declares entities in its document type (<!ENTITY>), which are not read")
        if "&" in markup:
            markup = _NAMED_REF.sub(_html_named_ref, markup)
        # one root around the content, declaring every prefix the file uses: JATS fragments hold
        # several top-level elements and use xlink: undeclared, and libxml2's event mode stops without
        # an error at the first such problem once it has met a namespace error
        prefixes = sorted(_prefixes(markup) - {"xml", "xmlns"})[:_MAX_PREFIXES]
        declared = "".join(f' xmlns:{name}="urn:undeclared:{name}"' for name in prefixes)
        cut = max((m.end() for m in _PROLOG_END.finditer(markup, 0, 5000)), default=0)
        markup = f"{markup[:cut]}<{_ROOT}{declared}>{markup[cut:]}</{_ROOT}>"
    try:
        text = _parse(markup, xml)
    except MarkupError as strict:
        if not xml:
            raise
        # XML that is not well formed (an unmatched end tag in a PMC file): libxml2's recovering
        # parser, which must still reach the end of the document; else the first problem is named
        try:
            text = _parse(markup, xml, recover=True)
        except MarkupError:
            raise strict from None
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n"


def _parse(markup: str, xml: bool, recover: bool = False) -> str:
    target = _Text()
    if xml:
        parser = etree.XMLParser(
            target=target,
            encoding="utf-8",
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=recover,
        )
    else:
        # huge_tree lifts libxml2's 10 MB text-node limit, past which the HTML parser drops the rest
        # silently; the bounds above (and the readers' file size limit) hold instead
        parser = etree.HTMLParser(
            target=target, encoding="utf-8", no_network=True, huge_tree=True, remove_comments=True, remove_pis=True
        )
    try:
        text = etree.fromstring(markup.encode("utf-8", "surrogatepass"), parser) or ""
    except etree.XMLSyntaxError as exc:
        raise MarkupError(f"is not well-formed {'XML' if xml else 'HTML'} ({_one_line(exc.msg)})") from None
    if xml and not target.root_closed:  # the parser stopped before the end without raising
        raise MarkupError(
            "is not well-formed XML ("
            + (_where(parser.error_log[0]) if parser.error_log else "the parser stopped before its end")
            + ")"
        )
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal and not xml:
        raise MarkupError(f"HTML the parser could not read to its end ({_where(fatal[0])})")
    return text


def _where(error) -> str:
    return f"line {error.line}: {_one_line(error.message)}"


def _one_line(exc) -> str:
    return " ".join(str(exc).split())[:200]
