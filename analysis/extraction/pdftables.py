"""A PDF's text with its tables rebuilt from word positions (poppler's ``pdftotext -bbox-layout``).

May import analysis.reported and the modules of this package only.

``pdftotext -bbox-layout`` prints every word of a PDF with its box (XHTML: pages, flows, blocks, lines,
words), in the reading order of ``pdftotext``'s plain text. :class:`WordReader` reads that output as it
comes (lxml's pull parser: no DTD, no entities, no network; each page's elements freed once read), and
:func:`pdf_text` gives the text the extractor reads: ``pdftotext``'s lines in their order, running
headers, footers and page numbers dropped (:func:`analysis.extraction.pdfpages.running`, applied to the
rows of words at the top and bottom of each page), and every table printed as the HTML and JATS readers
print one, a line per row with its cells joined by ``" | "``, so :mod:`analysis.extraction.tables` reads
it the same way.

A table is found from the geometry alone (no ruling lines, no caption needed):

1. Words on one baseline form a *row*; rows without a paragraph's gap between them (less than 0.6 of a
   line's height) and in the same font size form a *block*.
2. The columns are found on the block's *data rows* (two or more words starting with a digit, and 40%
   of its words): a *gutter* is an x range no word of a data row covers. A gutter separates two columns
   when, in a row whose word begins at its right edge, that word is the row's first, or follows a gap
   wider than a word space (0.4 of a line's height), or is a number right after another number (a column
   as wide as its numbers). Equal-width numbers inside one cell (``28 (34.6)`` above ``39 (48)``) leave a
   gutter too, but always one word space after the count: it separates nothing. A word belongs to the
   column its middle falls in; the boundary is the gutter's right edge where two rows begin there (cells
   aligned left), else its middle (cells centred or aligned right).
3. A block is a table when it has two or more columns, two or more rows with a number in a cell after
   the first, and the cells after the first hold four words or fewer (median), so prose stays prose
   (two columns of it side by side hold few data rows, and long cells).
4. Rows closer to the row above than the table's rows are to each other (a cell's text wrapped over
   lines, or cells centred vertically beside a wrapped one) are joined into one table row.
5. A table cut by a page break (the last block of a page and the first block of the next, both with
   data rows) is read as one when the two parts' columns line up, so the continued part keeps the
   column headers of the first.

Wide rows at the top of a block that cross two or more column boundaries with six or more words (a
caption or a sentence set close above the table) are left as text.

This is hand-written because the maintained readers measured (``benchmarks/README.md``: pdfplumber's
``extract_tables`` with its text strategy, ``pdftotext -layout``) lose the tables Chromium prints
(columns one word space apart, header cells wrapped and centred, tables continued over pages).
"""

from __future__ import annotations

import bisect
import statistics

from lxml import etree

from .pdfpages import running
from .tokens import MAX_CHARS, compile

__all__ = ["WordReader", "pdf_text", "MAX_WORDS"]

#: the most words read from one PDF (a 400-page book holds about 200,000)
MAX_WORDS = 1_000_000
_NUMSTART = compile(r"^[<>≤≥±]?[-−–]?\(?\d")
_NUMBER = compile(r"^[-−–<>≤≥]?\(?\d")
_DIGIT = compile(r"^[-−–]?\d")
_YEAR = compile(r"^(?:19|20)\d\d[,;:)]?$")
_TOL = 0.8  # points: word edges this close are aligned
_WIDE_WORDS = 6  # a row this long crossing two column boundaries above a table is text

Word = tuple  # (x0, y0, x1, y1, text)


class WordReader:
    """Reads ``pdftotext -bbox-layout`` output fed in pieces; :attr:`pages` holds, per page, its lines
    (lists of words ``(x0, y0, x1, y1, text)``) in pdftotext's order, an empty line at the end of each
    flow (where pdftotext's text puts a blank line).

    >>> r = WordReader()
    >>> r.feed('<html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page><flow><block><line>'
    ...        '<word xMin="1" yMin="2" xMax="3" yMax="4">12</word></line></block></flow></page></doc></body></html>')
    >>> r.close()
    [[[(1.0, 2.0, 3.0, 4.0, '12')], []]]
    """

    def __init__(self, max_chars: int = MAX_CHARS):
        self.max_chars, self.chars = max_chars, 0
        self._parser = etree.XMLPullParser(
            events=("end",),
            recover=True,
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )
        self.pages: list[list[list[Word]]] = []
        self._page: list[list[Word]] = []
        self._line: list[Word] = []
        self.words = 0

    def feed(self, chunk: str) -> None:
        """Parse the next piece of the XHTML.

        Raises
        ------
        ValueError
            More than ``MAX_WORDS`` words, or more than ``max_chars`` characters in them.
        """
        self._parser.feed(chunk)
        self._drain()

    def close(self) -> list[list[list[Word]]]:
        """The pages, once the whole output has been fed."""
        try:
            self._parser.close()
        except etree.XMLSyntaxError:
            pass  # recovering parser: what was read stands
        self._drain()
        if self._page or self._line:
            self._end_page()
        return self.pages

    def _drain(self) -> None:
        for _, el in self._parser.read_events():
            tag = el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""
            if tag == "word":
                try:
                    box = (float(el.get("xMin")), float(el.get("yMin")), float(el.get("xMax")), float(el.get("yMax")))
                except (TypeError, ValueError):
                    box = None
                text = " ".join((el.text or "").split()).replace("|", "/")
                if box is not None and text and all(v == v and abs(v) < 1e6 for v in box):
                    self._line.append(box + (text,))
                    self.words += 1
                    self.chars += len(text) + 1
                    if self.words > MAX_WORDS:
                        raise ValueError(f"more than {MAX_WORDS} words")
                    if self.chars > self.max_chars:
                        raise ValueError(f"more than {self.max_chars} characters")
            elif tag == "line":
                if self._line:
                    self._page.append(self._line)
                self._line = []
            elif tag == "flow":
                if self._page and self._page[-1]:
                    self._page.append([])  # pdftotext's text puts a blank line between flows
            elif tag == "page":
                self._end_page()
            else:
                continue
            el.clear(keep_tail=False)
            if tag == "page":  # the page's elements are done with
                while el.getprevious() is not None:
                    del el.getparent()[0]

    def _end_page(self) -> None:
        if self._line:
            self._page.append(self._line)
        self.pages.append(self._page)
        self._page, self._line = [], []


def pdf_text(pages: list[list[list[Word]]]) -> str:
    """The text of the pages (lines of words) with running lines dropped and tables as ``" | "`` rows.

    >>> w = lambda x, y, t: (x, y, x + 6.0 * len(t), y + 12.0, t)
    >>> rows = [["Arm", "Placebo", "Ketamine"], ["MADRS", "12 (40%)", "20 (65%)"], ["HAM-D", "9 (30%)", "15 (48%)"]]
    >>> page = [[w(30.0 + 90 * c, 100.0 + 15 * i, t) for c, t in enumerate(r)] for i, r in enumerate(rows)]
    >>> print(pdf_text([page]))
    Arm | Placebo | Ketamine
    MADRS | 12 (40%) | 20 (65%)
    HAM-D | 9 (30%) | 15 (48%)
    """
    rows = [_rows([w for ln in lines for w in ln]) for lines in pages]
    drops = running([[" ".join(w[4] for w in r) for r in rs] for rs in rows]) if len(rows) > 1 else [set()]
    blocks = [_blocks([r for i, r in enumerate(rs) if i not in drop]) for rs, drop in zip(rows, drops)]
    kept = {id(w) for bs in blocks for b in bs for r in b for w in r}
    intable: dict[int, int] = {}
    tables: list[list[str]] = []

    def claim(rows_: list, table: list[str]) -> None:
        for r in rows_:
            for w in r:
                intable[id(w)] = len(tables)
        tables.append(table)

    carried = None  # (rows of a block at the foot of the last page, its table or None)
    for bs in blocks:
        for j, block in enumerate(bs):
            found = _table(block)
            if j == 0 and carried is not None:
                joined = _join(carried[0], block)
                if joined is not None:
                    if carried[1] is not None:  # the first part, read alone, was the last table found
                        tables.pop()
                        for r in carried[0]:
                            for w in r:
                                intable.pop(id(w), None)
                    claim(joined[0], joined[1])
                    carried = None
                    continue
            if found is not None:
                claim(found[0], found[1])
            carried = (block, found) if j == len(bs) - 1 else None
    out: list[str] = []
    done: set[int] = set()
    for lines in pages:
        for ln in lines:
            if not ln and out and out[-1]:
                out.append("")
            for w in ln:
                ti = intable.get(id(w))
                if ti is not None and ti not in done:
                    done.add(ti)
                    out += ([""] if out and out[-1] else []) + tables[ti] + [""]
            keep = [w[4] for w in ln if id(w) in kept and id(w) not in intable]
            if keep:
                out.append(" ".join(keep))
    return "\n".join(out).strip("\n") + "\n"


def _top(row: list[Word]) -> float:
    return min(w[1] for w in row)


def _bottom(row: list[Word]) -> float:
    return max(w[3] for w in row)


def _height(row: list[Word]) -> float:
    return _bottom(row) - _top(row)


def _rows(words: list[Word]) -> list[list[Word]]:
    """Rows of words on one baseline (vertical centres within a third of a word's height), top to bottom."""
    rows: list[tuple[float, list[Word]]] = []
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        c, h = (w[1] + w[3]) / 2, w[3] - w[1]
        if rows and abs(c - rows[-1][0]) <= 0.35 * max(h, 1.0):
            rows[-1][1].append(w)
        else:
            rows.append((c, [w]))
    return [sorted(ws, key=lambda w: w[0]) for _, ws in rows]


def _blocks(rows: list[list[Word]]) -> list[list[list[Word]]]:
    """Runs of rows without a paragraph's gap (0.6 of a line's height) or a change of font size between them."""
    blocks: list[list[list[Word]]] = []
    for r in rows:
        h = _height(r)
        last = blocks[-1][-1] if blocks else None
        if last is not None and _top(r) - _bottom(last) < 0.6 * h and abs(h - _height(last)) <= 0.2 * h:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    return [part for b in blocks for part in _apart(b)]


def _apart(block: list[list[Word]]) -> list[list[list[Word]]]:
    """A block cut where the gap between two rows is wider than its usual gap between rows (by 1 point
    and a third): two tables printed one under the other."""
    gaps = [_top(b) - _bottom(a) for a, b in zip(block, block[1:])]
    rowgaps = [g for g in gaps if g > 0.5]
    if len(rowgaps) < 3:
        return [block]
    usual = statistics.median(rowgaps)
    out = [[block[0]]]
    for g, r in zip(gaps, block[1:]):
        if g > usual + 1.0 and g >= 1.3 * usual:
            out.append([r])
        else:
            out[-1].append(r)
    return out


def _logical(block: list[list[Word]]) -> list[list[list[Word]]]:
    """Rows joined into table rows: a row overlapping the one above, or set closer to it than the
    table's rows are to each other, belongs to the same table row."""
    gaps = [_top(b) - _bottom(a) for a, b in zip(block, block[1:])]
    if not gaps:
        return [list(block)]
    lo, hi = max(min(gaps), 0.0), max(gaps)
    cut = (lo + hi) / 2 if hi - lo > 1.5 else 0.0
    out = [[block[0]]]
    for g, r in zip(gaps, block[1:]):
        if g < cut or g < -0.2 * _height(r):
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _data_row(r: list[Word]) -> bool:
    """Two or more words start with a digit, and 40% of the row's words do (a year is no number here: a
    header 'Period 1 2004 to 2006' spans its columns)."""
    k = sum(1 for w in r if _NUMSTART.match(w[4]) and not _YEAR.match(w[4]))
    return k >= 2 and k >= 0.4 * len(r)


def _columns(rows: list[list[Word]]) -> list[float]:
    """Column boundaries of a block's rows (its left edge first, then the middle of each gutter between
    columns); see the module's step 2."""
    left = min(w[0] for r in rows for w in r)
    data = [r for r in rows if _data_row(r)]
    if len(data) < 2:
        return [left]
    wide = 0.4 * statistics.median(w[3] - w[1] for r in rows for w in r)
    spans = sorted((w[0], w[2]) for r in data for w in r)
    gutters, reach = [], spans[0][1]
    for a, b in spans[1:]:
        if a > reach + 0.5:
            gutters.append((reach, a))
        reach = max(reach, b)
    cols = [left]
    first = spans[0][0]
    if first > left + wide:  # the data rows' lines hold no label (set beside a label wrapped over lines)
        cols.append(first - _TOL)
    for a, b in gutters:
        for r in data:
            before = [w for w in r if w[2] <= a + _TOL]
            after = [w for w in r if w[0] >= b - _TOL]
            if not after or after[0][0] > b + _TOL:  # a row whose word begins at the gutter's right edge
                continue
            nxt = after[0]
            if not before or nxt[0] - before[-1][2] > wide or (_DIGIT.match(nxt[4]) and _NUMBER.match(before[-1][4])):
                # left-aligned cells (two rows begin at the edge): the edge; else (centred, right-aligned) the middle
                flush = sum(1 for q in data if any(abs(w[0] - b) <= _TOL for w in q)) >= 2
                cols.append(b - _TOL if flush else (a + b) / 2)
                break
    return cols


def _crosses(r: list[Word], cols: list[float]) -> int:
    return sum(1 for x in cols[1:] if any(w[0] < x < w[2] for w in r))


def _table(block: list[list[Word]]) -> tuple[list[list[Word]], list[str]] | None:
    """(the rows it takes, its lines) when the block is a table (the module's steps 2-4), else None."""
    if len(block) < 2 or sum(1 for r in block if any(_NUMSTART.match(w[4]) for w in r)) < 2:
        return None
    cols = _columns(block)
    if len(cols) < 2:
        return None
    while block and len(block[0]) >= _WIDE_WORDS and _crosses(block[0], cols) >= 2:
        block = block[1:]  # a caption or a sentence set close above the table
    lrows = _logical(block)
    table = [_cells(lr, cols) for lr in lrows]
    if sum(1 for r in table if any(_NUMSTART.match(c) for c in r[1:])) < 2:
        return None
    sizes = [len(c.split()) for r in table for c in r[1:] if c]
    if not sizes or statistics.median(sizes) > 4:
        return None
    return block, [" | ".join(r) for r in table]


def _column(w: Word, cols: list[float]) -> int:
    """The column a word's middle falls in."""
    return bisect.bisect(cols, (w[0] + w[2]) / 2, 1) - 1


def _cells(lrow: list[list[Word]], cols: list[float]) -> list[str]:
    """The cells' texts; a line of a cell ending in a hyphen or dash is joined to the next without a space."""
    cells: list[list[str]] = [[] for _ in cols]
    for r in lrow:
        for w in r:
            cell = cells[_column(w, cols)]
            if cell and cell[-1][-1] in "-–" and len(cell[-1]) > 1:
                cell[-1] += w[4]
            else:
                cell.append(w[4])
    return [" ".join(c) for c in cells]


def _join(first: list[list[Word]], second: list[list[Word]]) -> tuple[list[list[Word]], list[str]] | None:
    """The two parts of a table cut by a page break read as one, when both hold data rows and their
    columns line up (the joined block has at least the columns of each part); else None."""
    if not any(_data_row(r) for r in second):
        return None
    if not any(_data_row(r) for r in first):  # only the header on the first page: a few rows, each word within
        cols = _columns(second)  # a column of the second part, one row with two cells or more
        if (
            len(first) > 6
            or any(_crosses(r, cols) for r in first)
            or not any(len({_column(w, cols) for w in r}) >= 2 for r in first)
        ):
            return None
    gaps = [_top(b) - _bottom(a) for part in (first, second) for a, b in zip(part, part[1:])]
    shift = _bottom(first[-1]) + max(gaps + [0.3 * _height(first[-1])]) - _top(second[0])
    moved = [[(w[0], w[1] + shift, w[2], w[3] + shift, w[4]) for w in r] for r in second]
    whole = _table(first + moved)
    if whole is None:
        return None
    n = len(_columns(first + moved))
    if n < len(_columns(first)) or n < len(_columns(second)):
        return None
    back = {id(m): w for r, mr in zip(second, moved) for w, m in zip(r, mr)}
    rows = [[back.get(id(w), w) for w in r] for r in whole[0]]
    return rows, whole[1]
