"""Key words found once per text: where each lies in a text's folding (lower-cased as case-insensitive matching reads
its letters), for the searches tried only near their key words (:mod:`analysis.extraction.evidence`,
:mod:`analysis.extraction.labels`).

May import the standard library only.

Split from :mod:`analysis.extraction.evidence` when that module reached its statement budget (tests/test_layout.py),
so that :mod:`analysis.extraction.labels`, which evidence imports, can read the same hits.
"""

from __future__ import annotations

import functools

#: a key word holding another key word -> the longest it holds (its hits are found among that one's, :func:`_hits`;
#: filled by the modules that register key words)
BASE: dict[str, str] = {}
#: characters that case-insensitive matching equates with an ASCII letter but str.lower() does not map to it
#: (re's extra case equivalences: dotless i, long s; U+0130 also lowers to two characters)
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


@functools.lru_cache(maxsize=2)  # the key words of four patterns are looked up in one text's folding
def _fold(text: str) -> str:
    """``text`` lower-cased as case-insensitive matching reads its letters, same length (offsets hold)."""
    if any(c in text for c in "\u0130\u0131\u017f"):  # (str.translate costs 20 times str.lower: only when needed)
        text = text.translate(_FOLD)
    return text.lower()


@functools.lru_cache(maxsize=8)
def _key_index(text: str, keys: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Starts of every key word in ``text`` (sorted) and, from each, the least end of a key word starting there
    or later: one pass of ``str.find`` per key word per text (:func:`_hits`)."""
    hits = sorted((i, i + len(key)) for key in keys for i in _hits(text, key))
    starts = [a for a, _ in hits]
    least, ends = len(text) + 1, [0] * len(hits)
    for j in range(len(hits) - 1, -1, -1):
        least = ends[j] = min(least, hits[j][1])
    return starts, ends


@functools.lru_cache(maxsize=64)  # every key word of one text (about 30)
def _hits(text: str, key: str) -> tuple[int, ...]:
    """Start of every occurrence of ``key`` in ``text``'s folding. Found once per text for all the patterns whose key
    word it is; a key word holding another (``hochberg`` holds ``hoc``, BASE) is found among the other's hits, with
    no pass of its own: every occurrence of the longer word holds the shorter at the same offset."""
    low = _fold(text)
    base = BASE.get(key)
    if base is not None:
        at = key.find(base)
        return tuple(i - at for i in _hits(text, base) if i >= at and low.startswith(key, i - at))
    out = []
    i = low.find(key)
    while i >= 0:
        out.append(i)
        i = low.find(key, i + 1)
    return tuple(out)
