"""One statistic read from the text (a ``Found``), before the draft turns it into a ledger entry.

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .tokens import number_value


@dataclasses.dataclass
class Found:
    """A statistic found in the text.

    Attributes
    ----------
    kind : str
        A ledger kind (``data/README.md``).
    start, end : int
        Span of the printed statistic in the text (offsets are the same in the shadow).
    fields : dict
        Ledger fields, numbers as printed strings.
    review : list of str
        What the extractor could not place, in words; becomes the entry's ``review`` field.
    rank : int
        Precedence when two finds overlap (lower wins): tables, tests, estimates, descriptives,
        counts, sample sizes, p-values, quantities.
    """

    kind: str
    start: int
    end: int
    fields: dict[str, Any]
    review: list[str] = dataclasses.field(default_factory=list)
    rank: int = 50
    fragment: str | None = None  # set when the fragment is not simply text[start:end] widened
    arm_size: bool = False  # True when fields["n"] is the printed size of fields["arm"]
    n_withheld: bool = False  # True when the print shows the arm's size does not hold here (a subgroup row)
    location: str = "sentence"  # where the number sits: "sentence", or "table 2 | row: Age | column: Placebo (n = 60)"

    def overlaps(self, other: "Found") -> bool:
        return self.start < other.end and other.start < self.end


def range_found(text: str, m: re.Match, unit: str, review: str, rank: int) -> Found | None:
    """A ``quantity`` range from a match with groups ``lo`` and ``hi`` (as printed in ``text``, whose offsets the
    match shares), or None when it runs downwards (``"12-4"`` is no range: a dash, a minus or a list).

    >>> import re
    >>> m = re.search(r"(?P<lo>\\d+)-(?P<hi>\\d+)", "aged 18-65 years")
    >>> range_found("aged 18-65 years", m, "years", "say what", 60).fields
    {'low': '18', 'high': '65', 'unit': 'years'}
    """
    lo, hi = text[m.start("lo") : m.end("lo")], text[m.start("hi") : m.end("hi")]
    if number_value(lo) > number_value(hi):
        return None
    return Found("quantity", m.start(), m.end(), {"low": lo, "high": hi, "unit": unit}, [review], rank=rank)


def resolve(finds: list[Found]) -> list[Found]:
    """Keep the best of overlapping finds (lower rank first, then earlier), in text order.

    >>> a, b = Found("proportion", 0, 14, {}, rank=35), Found("proportion", 8, 13, {}, rank=38)
    >>> [f.rank for f in resolve([b, a])]
    [35]
    """
    kept: list[Found] = []
    ordered = sorted(finds, key=lambda f: (f.rank, f.start))
    ends: list[tuple[int, int]] = []  # sorted spans of kept finds
    import bisect

    for f in ordered:
        i = bisect.bisect_left(ends, (f.start, -1))
        near = ends[max(0, i - 1) : i + 1]
        if any(a < f.end and f.start < b for a, b in near) or _covered(ends, i, f):
            continue
        bisect.insort(ends, (f.start, f.end))
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


def _covered(spans: list[tuple[int, int]], i: int, f: Found) -> bool:
    # spans are disjoint, so only the neighbours of the insertion point can overlap f
    return any(a < f.end and f.start < b for a, b in spans[i : i + 2])
