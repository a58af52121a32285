"""Table layout: what a table's caption and notes, and the whole paper, say its cells hold (mean ± SD or SE, n (%)).

May import the modules of this package only (``tokens``); ``tables`` reads its cells with these.

``_Layout`` holds what a caption and its notes say a '±' and a bracket hold and the group size they give
("Values are mean (SD)", "LS mean (SE)", "n = 6 per dose"); ``_dispersion`` decides SD, SE or unknown for the spread
after a mean in one cell (its own label, then the row label and column header, then the caption and notes, then the
paper's words, ``_document_says``). Moved out of ``tables`` in session 8 (issue 22), when the searches were made
cheaper: each table's caption words are searched once (``_Layout.spread``), the paper's words only where 'mean',
'average' or 'value' stands.
"""

from __future__ import annotations

import functools
import re

from .tokens import at_starts, compile

_PER_GROUP_N = compile(
    r"(?i:\b[nN]\s{0,2}=\s{0,2}(?P<n>\d{1,5})\s{0,2}(?:per|in each|for each|each)\s{1,2}"
    r"(?:group|arm|dose|condition|cohort|treatment))"
)
_SAYS_SD = compile(r"(?i:\bSD\b|standard deviation|s\.d\.)")
_SAYS_SE = compile(r"(?i:\bSEM?\b|standard errors?|s\.e\.m?\.?)")
# an SE named as what a label's numbers are ('mean ± SE', '(SEM)', ', SE'), not a variable ('SE (D)': spherical equivalent)
_NAMES_SE = compile(
    r"(?i:(?:mean|±|\+/-|[(\[,;/]|\bor|\band)\s{0,2}(?:SEM?|s\.e\.m?\.?|standard errors?)\b|standard errors?)"
)
# layout statements in a caption or note: what a '±' or a bracket holds
_PM_SAYS = compile(
    r"(?i:(?:means?|averages?|values?)\s{0,2}(?:±|\+/-|\+-)\s{0,2}(?P<what>SD|SEM?|s\.d\.|s\.e\.m?|standard deviations?|"
    r"standard errors?))"
)
_PAREN_SAYS = compile(
    r"(?i:(?:means?|averages?)\s{0,2}[(\[]\s{0,2}(?P<what>SD|SEM?|s\.d\.|s\.e\.m?|standard deviations?|"
    r"standard errors?)\s{0,2}[)\]])"
)
#: a caption or note saying a bracket holds a percentage: 'number (%)', 'n (%)', 'No. (%)', 'number of patients
#: (percentage)' (PMC4329409), 'numbers (percentages)', 'number (percent)'
_PAREN_PCT = compile(
    r"(?i:(?:\bnumbers?|\bno\.?|\bn|\bcounts?)(?:\s{1,2}of\s{1,2}[a-z]{2,20})?\s{0,2}[(\[]\s{0,2}"
    r"(?:%|percent(?:age)?s?|per\s?cent)\s{0,2}[)\]])"
)


class _Layout:
    """What the caption and notes say a table's cells hold."""

    def __init__(self, caption: str, notes: str, document=(None, None)):
        said = caption + " " + notes
        self.text = said
        self.pm = self._what(_PM_SAYS, said) or (None if _SAYS_SE.search(said) else document[0])
        self.paren = self._what(_PAREN_SAYS, said) or (None if _SAYS_SE.search(said) else document[1])
        g = _PER_GROUP_N.search(said)
        self.per_group = g.group("n") if g else None
        self.counts = self.baseline = False
        self._spread: tuple[bool, bool, bool] | None = None

    def spread(self) -> tuple[bool, bool, bool]:
        """Whether the caption and notes say 'n (%)', an SE, an SD (:func:`_dispersion` asks for every cell of the
        table: searched once per table)."""
        if self._spread is None:
            said = self.text
            self._spread = (bool(_PAREN_PCT.search(said)), bool(_SAYS_SE.search(said)), bool(_SAYS_SD.search(said)))
        return self._spread

    @staticmethod
    def _what(rx, said: str) -> str | None:
        return _Layout._kinds(rx.finditer(said))

    @staticmethod
    def _kinds(matches) -> str | None:
        kinds = {"SE" if _SAYS_SE.match(m.group("what")) else "SD" for m in matches}
        return kinds.pop() if len(kinds) == 1 else None


@functools.lru_cache(maxsize=1024)
def _local_spread(local: str) -> tuple[bool, bool]:
    """Whether a cell's row label and column header name an SE, an SD (the cells of a row or column share them)."""
    return bool(_NAMES_SE.search(local)), bool(_SAYS_SD.search(local))


def _dispersion(form: str, label: str | None, local: str, layout: _Layout) -> str | None:
    """'SD', 'SE' or None (unknown or ambiguous) for the spread printed after a mean in a cell.

    The cell's own label wins ('[SD, 6.58]'), then the row label and column header, then what the
    caption or notes say of this form ('mean ± SD', 'mean (SE)'), then their words in general.
    """
    if label:
        return "SE" if label.lower().startswith("se") or label.lower() == "s.e." else "SD"
    se, sd = _local_spread(local)
    if se != sd:
        return "SE" if se else "SD"
    said = layout.pm if form == "pm" else layout.paren
    if said:
        return said
    paren_pct, se, sd = layout.spread()
    if form == "paren" and layout.pm and paren_pct:
        return None  # 'mean ± SD or number (%)' (PMC5426232): the SD goes with '±', a bracket holds a percentage
    if se != sd:
        return "SE" if se else "SD"
    return None


#: the words that start every match of _PM_SAYS and _PAREN_SAYS, as str.lower() reads them (no other character is
#: their letters to case-insensitive matching: tests/extraction/test_tables.py)
_SAYS_LEADS = ("mean", "average", "value")


def _document_says(shadow: str) -> tuple[str | None, str | None]:
    """What the whole paper says its '±' and brackets hold: ``_Layout._what`` of _PM_SAYS and _PAREN_SAYS over the
    text, the patterns tried only where one of their first words stands (:data:`_SAYS_LEADS`, found with
    ``str.find``; ``tokens.at_starts`` gives ``finditer``'s matches). Two case-insensitive searches of every position
    of a paper were 3 % of a JATS paper's scan (benchmarks/README.md, session 8)."""
    if "\u0130" in shadow:  # lower() gives two characters for it: offsets would move
        return _Layout._what(_PM_SAYS, shadow), _Layout._what(_PAREN_SAYS, shadow)
    low = shadow.lower()
    starts = []
    for word in _SAYS_LEADS:
        i = low.find(word)
        while i >= 0:
            starts.append(i)
            i = low.find(word, i + 1)
    starts.sort()
    return tuple(  # type: ignore[return-value]
        _Layout._kinds(m for m in at_starts(rx, shadow, starts)) for rx in (_PM_SAYS, _PAREN_SAYS)
    )


#: a row or column label closed by a note's symbol ('Tmax (h)* |'), in the cells before a value on its line
_MARKED_CELL = re.compile(r"[^\s|*†‡§¶#]\s{0,2}([*†‡§¶#]{1,3})\s{0,2}\|")
#: how far under a table its notes are searched (a table of 40 lines and its abbreviations)
_NOTES_REACH = 6000


def range_note(text: str, a: int) -> str | None:
    """The note of a table, labelled with the symbol that closes a label of the cell's row, saying that the row's
    values are a median and its range or minimum and maximum ('Tmax (h)*' with the note '* Median (range).',
    PMC3952721): the bracket of the cell at ``a`` is then a range, not a CI; None otherwise.

    >>> t = "A | Tmax (h)* | 81 | 1.07 (0.08, 8.08) | NA\\nB | Cmax | 80 | 39.7 (35.7) | 36.8, 42.9\\n\\n*\\n\\nMedian (range).\\n"
    >>> range_note(t, t.index("1.07"))
    '* Median (range'
    >>> range_note(t.replace("Median (range)", "P < 0.05"), t.index("1.07")) is None
    True
    """
    line = text.rfind("\n", 0, a) + 1
    for m in _MARKED_CELL.finditer(text, line, a):
        mark = re.escape(m.group(1))
        note = re.compile(
            rf"(?:^|\n)\s{{0,3}}{mark}\s{{0,6}}(?i:(?:values\s{{1,3}}(?:are|given\s{{1,3}}as)\s{{1,3}}|data\s{{1,3}}"
            rf"(?:are|shown\s{{1,3}}as)\s{{1,3}})?median\s{{0,3}}[(\[,]\s{{0,3}}(?:full\s{{1,3}})?(?:range|min))"
        )
        end = text.find("\n\n", a)
        if found := note.search(text, a, min(len(text), (a if end < 0 else end) + _NOTES_REACH)):
            return " ".join(found.group(0).split())
    return None
