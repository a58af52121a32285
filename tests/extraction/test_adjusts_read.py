"""``evidence._adjusts`` decides once per distinct reading (``_adjusts_read``, cached on the word, the characters
around it and its clause): the same answers as before, where every call searched the text itself (kept verbatim
below), for every adjustment word in invented passages and in the development texts' windows."""

from __future__ import annotations

from conftest import examples

from analysis.extraction import evidence as ev


def _adjusts_before(text: str, a: int, b: int, omnibus: bool, own: bool) -> bool:
    word = text[a:b].lower()
    if word == "corrected" and not (
        ev._CORRECTED_AFTER.match(text, b, b + 60) or ev._CORRECTED_BEFORE.search(text, max(0, a - 40), a)
    ):
        return False
    lo = max(text.rfind(". ", max(0, a - ev._CLAUSE), a) + 2, a - ev._CLAUSE, 0)
    hi = text.find(". ", b, b + ev._CLAUSE)
    clause = text[lo : hi if hi >= 0 else b + ev._CLAUSE]
    if ev._THRESHOLD.search(clause) and not ev._P_ADJUSTED.search(clause):
        return False
    if not own and ev._MAPS.search(clause):
        return False
    return not (omnibus and ev._POST_HOC.search(clause))


_PIECES = ["corrected", "Corrected", "p", "P", "p < .05", "p = .01,", "xp < .05", "FWE", "fwe", "Bonferroni", "Holm",
           "alpha", "α", "threshold of", "for multiple comparisons", "for", "multiple", "p-values", "were", "adjusted",
           "cluster", "voxel", "post hoc", "Tukey", "t tests", "pairwise", "-", " ", "  ", ". ", ".", "\n", ",", "(",
           "a", "aaaaaaaaaa", "x" * 37, "x" * 38, "x" * 39, "0.0125", ".05/3", "Bonferroni-corrected", "FDR"]


def _same(s: str) -> None:
    for _, a, b in ev._spans(s, ev._ADJUSTED):
        for omnibus in (False, True):
            for own in (False, True):
                assert ev._adjusts(s, a, b, omnibus, own) == _adjusts_before(s, a, b, omnibus, own), (s, a, b)


def test_the_cached_reading_decides_as_the_search_of_the_text_did():
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=examples(1500), deadline=None)
    @given(parts=st.lists(st.sampled_from(_PIECES), max_size=24), sep=st.sampled_from(["", " "]))
    def check(parts, sep):
        _same(sep.join(parts))

    check()
    # the word's 40 characters before start after a word character ('\bp' does not match there), or at the text's start
    for k in range(30, 50):
        _same("x" * k + "p < .05 corrected for the two tests")
        _same("y" * k + " p < .05, corrected")


def test_the_development_texts_windows_decide_as_before():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import scan_rows
    from analysis.extraction.readers import read_text

    sets = scan_rows.sets()
    if "scan-statcheck-dev.csv" not in sets:
        import pytest

        pytest.skip("statcheck-dev not on this machine")
    for f in [*sets["scan-statcheck-dev.csv"], *sets.get("scan-ei-25.csv", [])]:
        _same(read_text(f))
