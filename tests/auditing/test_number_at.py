"""``reported.find_number`` (used by the audit's paired-print premise and the extractor's percentage estimates) finds a printed number as the regular expression it replaced did (issue 22: the
audit compiled one pattern per estimate). Brute force against ``re`` on strings drawn from the characters that
matter (digits, an Arabic-Indic digit, '.', ',', minus, space, letters)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.reported import find_number as _number_at
from conftest import examples

_CHARS = st.sampled_from(list("0123456789.,- x\u0661\u2212("))


@settings(max_examples=examples(3000), deadline=None)
@given(frag=st.text(_CHARS, max_size=14), printed=st.text(_CHARS, max_size=4))
def test_number_at_is_the_regex_search(frag, printed):
    m = re.search(r"(?<![\d.,])" + re.escape(printed) + r"(?![\d])", frag)
    assert _number_at(frag, printed) == (m.start() if m else -1)


@settings(max_examples=examples(1000), deadline=None)
@given(frag=st.text(_CHARS, max_size=14), printed=st.text(_CHARS, min_size=1, max_size=4), start=st.integers(0, 14))
def test_a_window_finds_what_the_regex_finds_from_its_start(frag, printed, start):
    hits = [m.start() for m in re.finditer(r"(?=(?<![\d.,])" + re.escape(printed) + r"(?![\d]))", frag)]
    assert _number_at(frag, printed, start) == next((h for h in hits if h >= start), -1)
