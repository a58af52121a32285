"""Where a number was printed: its sentence (prose), or a table row with the table's header rows, caption and notes
(:class:`Context`, :func:`context`), and the first match of a pattern in its nearest part (:func:`_first`).

May import the standard library only.

Split from :mod:`analysis.extraction.evidence`, whose finders read a number's context through these, when that module
outgrew its statement budget (tests/test_layout.py).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re

_WINDOW = 200  # characters of prose read either side of a number, at most
_LINE = 2000  # a line longer than this is prose, not a table row
_TABLE_LINES = 60  # lines of a table block read above and below a cell, at most
_MAX_WORDS = 120  # the evidence kept, in characters
_BEFORE = 1500  # characters before a sentence read for an adjustment or a one-tailed test (named "nearby")


@dataclasses.dataclass(frozen=True)
class Context:
    """Where a number was printed: ``where`` says which part each piece of text is."""

    sentence: str = ""  # the sentence (prose), or the cell's row (a table)
    header: str = ""  # a table's header rows
    caption: str = ""  # a table's caption (the lines just above it)
    note: str = ""  # a table's notes (the lines just below it)
    in_table: bool = False
    before: str = ""  # the text just before the sentence or table (where a test's adjustment is often named)
    label: str = ""  # what names the number: its row label (a table) or the words just around it (prose)
    #: the whole text ``before`` was cut from, and where: lets :func:`_nearby` skip a window without a key word
    source: str = dataclasses.field(default="", repr=False, compare=False)
    before_at: int = dataclasses.field(default=-1, repr=False, compare=False)

    def parts(self) -> list[tuple[str, str]]:
        """(name, text) of each non-empty part, the nearest first."""
        names = ("row" if self.in_table else "sentence", "column header", "table caption", "table note")
        return [(n, t) for n, t in zip(names, (self.sentence, self.header, self.caption, self.note)) if t]


def context(text: str, start: int, end: int) -> Context:
    """The context of ``text[start:end]``: a table row's block (header, caption, notes) or a sentence.

    >>> t = "Table 2\\nWeight, kg\\n | Drug (n = 30) | Placebo\\nAge, years | 41.2 ± 9.1 | 40.3 ± 8.7\\n* mean ± SD\\n"
    >>> c = context(t, t.index("41.2"), t.index("41.2") + 10)
    >>> c.in_table, c.sentence, c.header
    (True, 'Age, years | 41.2 ± 9.1 | 40.3 ± 8.7', ' | Drug (n = 30) | Placebo')
    """
    r = text.rfind("\n", max(0, start - _LINE), start)
    ls = r + 1 if r >= 0 else None  # the line's start, when the line is not too long to be a table row
    le = text.find("\n", end, end + _LINE)
    le = min(len(text), end + _LINE) if le < 0 else le
    if ls is not None and " | " in text[ls:le]:
        header, caption, note = _block(text, ls, le)
        row = text[ls:le]
        return Context(
            row,
            header,
            caption,
            note,
            True,
            before=text[max(0, ls - _BEFORE) : ls],
            label=row.split(" | ", 1)[0],
            source=text,
            before_at=max(0, ls - _BEFORE),
        )
    a = max(ls or 0, start - _WINDOW)
    semi = text.rfind("; ", a, start)
    while semi >= 0 and _closed_after(text, semi, start):
        semi = text.rfind(
            "; ", a, semi
        )  # inside a result's parenthesis closed before the number ('(0.10; 95% CI ...) than')
    cut = max(text.rfind(". ", a, start), semi)
    a = cut + 2 if cut >= 0 else a
    b = min(le, end + _WINDOW)
    stop = text.find(". ", end, b)
    b = stop + 1 if stop >= 0 else b
    return Context(
        text[a:b],
        before=text[max(0, a - _BEFORE) : a],
        label=text[max(a, start - 100) : min(b, end + 30)],
        source=text,
        before_at=max(0, a - _BEFORE),
    )


def _closed_after(text: str, i: int, j: int) -> bool:
    """A parenthesis open at ``text[i]`` that prints a CI closes before ``text[j]`` (``i`` is inside a result's
    parenthesis, not the sentence's own clause; a citation's '(e.g., A, 2017; B, 2013)' still ends a clause).

    >>> _closed_after("(0.10; 95% CI 0.05-0.18) than placebo (0.17", 5, 39), _closed_after("a; b (c) d", 1, 9)
    (True, False)
    >>> _closed_after("(e.g., Hicks, 2017; Mc, 2013), b = 0.14", 18, 36)
    False
    """
    depth = 0
    for k in range(i, j):
        depth += (text[k] == "(") - (text[k] == ")")
        if depth < 0:
            return "CI" in text[i:k] or "confidence" in text[i:k]
    return False


def _lines(text: str, pos: int, step: int) -> list[str]:
    """Up to _TABLE_LINES lines above (step -1) or below (step 1) the line starting or ending at ``pos``, each
    at most _LINE characters (a longer line ends the walk)."""
    return list(_walk(text, pos, step))


def _walk(text: str, pos: int, step: int):
    """:func:`_lines`, one line at a time: a table's block needs the lines above a row only up to the first that is no
    row, and four more (each row of a long table read all _TABLE_LINES above and below it: benchmarks/README.md,
    session 8)."""
    count = 0
    while count < _TABLE_LINES:
        if step < 0:
            if pos <= 0:
                break
            r = text.rfind("\n", max(0, pos - 1 - _LINE), pos - 1)
            if r < 0 and pos - 1 > _LINE:
                break
            yield text[r + 1 : pos - 1]
            pos = r + 1
        else:
            if pos >= len(text):
                break
            nxt = text.find("\n", pos + 1, pos + 1 + _LINE)
            if nxt < 0 and len(text) - pos > _LINE:
                break
            nxt = len(text) if nxt < 0 else nxt
            yield text[pos + 1 : nxt]
            pos = nxt
        count += 1


def _after_rows(lines) -> list[str]:
    """The first line of ``lines`` (an iterator) that is no table row, or none; the iterator stands after it."""
    for ln in lines:
        if " | " not in ln:
            return [ln]
    return []


@functools.lru_cache(maxsize=64)
def _block(text: str, ls: int, le: int) -> tuple[str, str, str]:
    """(header rows, caption, notes) of the table whose row spans ``text[ls:le]`` (computed once per row)."""
    above = _walk(text, ls, -1)
    block, over = [], []
    for ln in above:
        if " | " not in ln:
            over = [ln, *itertools.islice(above, 3)]  # the four lines over the block
            break
        block.append(ln)
    caption = [ln for ln in over if ln.strip()][:2]
    below = _walk(text, le, 1)
    rest = _after_rows(below)
    note = [ln for ln in rest + list(itertools.islice(below, 7 if rest else 0)) if ln.strip()][:4]
    header = [ln for ln in reversed(block) if not re.search(r"\|\s{0,3}[-+−]?\d", ln)][:3]
    return "\n".join(header), "\n".join(reversed(caption)), "\n".join(note)


#: lower-case substrings one of which every match of a pattern contains: a part without any is not searched
#: (a substring test is far cheaper than a search with many alternatives)
_KEYS: dict[int, tuple[str, ...]] = {}


def _first(pattern: re.Pattern | KeyedSearch, ctx: Context, parts=None) -> str | None:
    """The first match in the nearest part, as "<match> (<part>)", or None."""
    keys = _KEYS.get(id(pattern))
    for name, part in ctx.parts():
        if parts is not None and name not in parts:
            continue
        if keys is not None:
            low = part.lower()
            if not any(k in low for k in keys):
                continue
        found = _found_in(pattern, part)
        if found is not None:
            return f"{' '.join(found.split())} ({name})"[:_MAX_WORDS]
    return None


@functools.lru_cache(maxsize=1024)
def _found_in(pattern: re.Pattern | KeyedSearch, part: str) -> str | None:
    """The first match of ``pattern`` in ``part``, or None: the numbers of one sentence or one table share their
    sentence, header, caption and notes, so each is searched once."""
    m = pattern.search(part)
    return None if m is None else m.group(0)


#: characters case-insensitive matching equates with an ASCII letter that str.lower() does not map to it (dotless i,
#: long s; U+0130 also lowers to two characters): mapped first, so the folding keeps the offsets
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


class KeyedSearch:
    """``rx.search(s)`` of a case-insensitive alternation with many alternatives, found fast: ``rx`` is tried only
    where one of ``keys`` starts in ``s`` (folded: lower case, as re.IGNORECASE reads the letters), and its alternatives
    that start with no key word are searched as their own pattern, ``short``. Every other alternative's match must
    start with a key (tests/extraction/test_keyed_search.py). ``rx`` matches first at the leftmost of those places,
    and ``rx.match`` there gives the alternative that ``rx.search`` would (they are tried in order).

    Why: ``re`` enters a case-insensitive alternation at every position of the text and tries each alternative there
    (50 for ``evidence._ASYMMETRIC``, 400 ns a character; benchmarks/README.md, session 9).
    """

    __slots__ = ("rx", "keys", "short")

    def __init__(self, rx: re.Pattern, keys: tuple[str, ...], short: re.Pattern | None = None):
        self.rx, self.keys, self.short = rx, keys, short

    def search(self, s: str) -> re.Match | None:
        m = self.short.search(s) if self.short is not None else None
        best = m.start() if m is not None else len(s)
        low = (s.translate(_FOLD) if any(c in s for c in "\u0130\u0131\u017f") else s).lower()
        for key in self.keys:
            i = low.find(key)
            while 0 <= i < best:
                if self.rx.match(s, i):
                    best = i
                    break
                i = low.find(key, i + 1)
        return self.rx.match(s, best) if best < len(s) else None
