"""The namespace prefixes a JATS file uses (markup._prefixes), read back from each ':' (issue 22, session 8).

``markup_to_text`` declares every prefix the file uses on the root it wraps around the content; the prefixes were the
group of ``_PREFIX_USE.finditer`` over the whole file, a pattern led by a character class that ``re`` tries at every
position. ``_prefixes`` must give the same set.
"""
from __future__ import annotations

import re
import sys

from hypothesis import given, settings, strategies as st

from analysis.extraction import markup
from conftest import examples


def _by_finditer(s: str) -> set[str]:
    return {m.group(1) for m in markup._PREFIX_USE.finditer(s)}


_PIECES = ["<", " ", "\n", "\u00a0", "\u2028", "\x1c", "xlink", "a", "A", "_", "1", ".", "-", ":", "href", "x" * 40,
           "y" * 41, "mml", "é", '"', "=", "/", ">", "http://", "<mml:math", ' xlink:href="a:b"']


@settings(max_examples=examples(1000), deadline=None)
@given(s=st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_the_prefixes_read_from_each_colon_equal_the_patterns(s):
    assert markup._prefixes(s) == _by_finditer(s)


def test_the_prefixes_of_real_forms():
    for s in ('<article xmlns:xlink="x" xmlns:mml="m"><mml:math/><ext-link xlink:href="http://a.b/c:d">',
              "a:b <" + "n" * 41 + ":x <" + "n" * 42 + ":x \u2003_p.1-:z <9a:b <a:9", "<a::b <a:", ":a"):
        assert markup._prefixes(s) == _by_finditer(s)


def test_white_space_is_what_the_patterns_s_reads():
    # the pattern's \s and str.isspace() agree on every code point
    for c in map(chr, range(sys.maxunicode + 1)):
        if not 0xD800 <= ord(c) < 0xE000:
            assert bool(re.fullmatch(r"\s", c)) == c.isspace(), hex(ord(c))


# ---------------------------------------------- a block's white space collapsed without the substitution (session 9)
_SPACES = [" ", "  ", "\n", "\t", "\r", "\f", "\v", "\u00a0", "\u2028", "\x1c", "\u3000", "a", "b c", "|", "é", "x" * 3,
           " " * 500, "\n" * 400, " " * 999, " " * 1000, " " * 1001, "\t" * 700]


@settings(max_examples=examples(1000), deadline=None)
@given(s=st.lists(st.sampled_from(_SPACES), max_size=12).map("".join))
def test_a_blocks_white_space_collapsed_as_the_substitution_collapses_it(s):
    assert markup._collapsed(s) == markup._SPACE.sub(" ", s).strip()
