"""``labels.sphericity_paper`` searches only where its words stand in the text's folding (``keyindex._hits``): the
same words as the whole-text searches before (kept verbatim below), on invented texts and the development texts."""

from __future__ import annotations

import re
import sys

from conftest import examples

from analysis.extraction import keyindex, labels

_WORDS = ("greenhouse", "huynh", "sphericity", "repeated", "within")


def _sphericity_before(text: str) -> str | None:
    if m := labels._SPHERICITY.search(text):
        return f"{m.group(0)} (sphericity correction named in the paper)"
    if m := labels._REPEATED.search(text):
        return f"{m.group(0)} (design named in the paper; no correction named)"
    return None


def test_the_key_words_letters_fold_as_case_insensitive_matching_reads_them():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for ch in sorted({ch for w in _WORDS for ch in w}):
        found = re.findall(f"(?i:{re.escape(ch)})", everything)
        assert {keyindex._fold(c) for c in found} == {ch}, ch


def test_every_match_starts_with_a_key_word():
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=examples(300), deadline=None)
    @given(s=st.from_regex(labels._SPHERICITY, fullmatch=True) | st.from_regex(labels._REPEATED, fullmatch=True))
    def check(s):
        assert any(keyindex._fold(s).startswith(w) for w in _WORDS), s

    check()


_PIECES = ["Greenhouse", "GREENHOUSE", "greenhouse-Geisser", "Huynh", "huynh-Feldt", "Sphericity", "ſphericity",
           "SPHERİCİTY", "repeated measures", "Repeated-measure", "repeated  measures", "repeated", "measures",
           "within subjects", "Within-subject", "WITHIN", "within", "subject", "x", " ", "-", "İ", "ı", "\u212a"]


def test_the_paper_words_are_the_searches_words():
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=examples(1000), deadline=None)
    @given(parts=st.lists(st.sampled_from(_PIECES), max_size=12), sep=st.sampled_from(["", " "]))
    def check(parts, sep):
        s = sep.join(parts)
        assert labels.sphericity_paper.__wrapped__(s) == _sphericity_before(s), s

    check()


def test_the_development_texts_words_are_as_before():
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import scan_rows

    from analysis.extraction.readers import read_text

    sets = scan_rows.sets()
    files = [*sets.get("scan-statcheck-dev.csv", []), *sets.get("scan-ei-25.csv", [])]
    if not files:
        import pytest

        pytest.skip("no development set on this machine")
    for f in files:
        text = read_text(f)
        assert labels.sphericity_paper.__wrapped__(text) == _sphericity_before(text), f
