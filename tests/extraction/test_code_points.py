"""The text's code points read with numpy (issue 22, session 6) decide as the regular expressions they replace.

``normalisation.strip_invisible`` and ``tokens.shadow`` first ask whether the text holds a format character or a
look-alike at all; they ask a table of the BMP's code points (``_IS_CF_BMP``, ``_IS_LOOKALIKE``) gathered on
``tokens.code_points`` instead of scanning with ``_CF_BMP`` and ``_LOOKALIKE``. The tables are checked against the
patterns over every BMP code point, and the functions against the patterns' decisions on drawn strings.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from analysis.extraction import normalisation as norm, tokens
from conftest import examples


def test_the_tables_hold_what_the_patterns_match_over_every_bmp_code_point():
    bmp = "".join(map(chr, range(0x10000)))
    for table, rx in ((norm._IS_CF_BMP, norm._CF_BMP), (tokens._IS_LOOKALIKE, tokens._LOOKALIKE)):
        assert np.flatnonzero(table).tolist() == [m.start() for m in rx.finditer(bmp)]
    # every look-alike is in the BMP, so a text with astral characters needs no other table
    assert max(tokens._TABLE) < 0x10000


def test_code_points_are_the_text_s_characters_one_by_one():
    for s in ("", "abc", "p\u2009<\u2009.05", "\U0001d7d81 \ud800x", "\u00ad\u200b"):
        code = tokens.code_points(s)
        assert code.tolist() == [ord(c) for c in s]
        assert code.dtype == (np.uint32 if any(ord(c) > 0xFFFF for c in s) else np.uint16)


def _invisible_by_regex(s: str) -> bool:
    # strip_invisible's test before session 6: True when the text holds a format character
    return not (
        s.isascii()
        or (norm._CF_BMP.search(s) is None and (norm._ASTRAL.search(s) is None or norm._CF.search(s) is None))
    )


_CHARS = ["a", "1", " ", "\u00ad", "\u200b", "\u200f", "\ufeff", "\u2061", "\U000e0001", "\U000e0020", "\U0001d7d8",
          "\ud800", "\u00a0", "\u2212", "\u2264", "\u03a7", "\uff1d", "\t", "\u00b7", "\u00b2", "χ", "é", "\n"]


@settings(max_examples=examples(600), deadline=None)
@given(s=st.lists(st.sampled_from(_CHARS), max_size=12).map("".join))
def test_strip_invisible_and_shadow_decide_as_the_patterns(s):
    clean, offsets = norm.strip_invisible(s)
    assert (offsets is not None) == _invisible_by_regex(s)
    assert clean == norm._CF.sub("", s)
    assert tokens.shadow(s) == _shadow_by_regex(s)


def _shadow_by_regex(text: str) -> str:
    # tokens.shadow before session 6: the look-alikes substituted whether or not the text holds one
    s = tokens._LOOKALIKE.sub(tokens._swap, text)
    if "\u00b7" in s:
        s = tokens._MIDDOT.sub(".", s)
    if "\u00b2" in s:
        s = tokens._SUP2.sub("2", s)
    return s
