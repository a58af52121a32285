"""The key words that let the evidence scan skip a window (issue 22): skipping must never lose a match.

``evidence._nearby`` searches the 1,500 characters before each P for an adjustment or a one-tailed test; a window
holding none of the pattern's key words (``evidence._NEEDS``) is not searched. That is exact only if every
string the pattern matches holds a key word once folded (``evidence._fold``), which is checked here against
strings drawn from the patterns themselves (hypothesis ``from_regex``) and against every Unicode code point
that case-insensitive matching equates with a letter of a key word (brute force over all code points).
"""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings, strategies as st

from analysis.extraction import evidence as ev, extract_text, passages
from conftest import examples

try:  # the regex parser of the standard library (sre_parse before Python 3.11)
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

_KEYED = {"_ADJUSTED": ev._ADJUSTED, "_ONE_TAILED": ev._ONE_TAILED, "_ADJUSTED_PAPER": ev._ADJUSTED_PAPER,
          "_RESAMPLED": ev._RESAMPLED, "_CREDIBLE_CI": ev._CREDIBLE_CI, "_STATED_INTERVAL": ev._STATED_INTERVAL,
          "_EQUIVALENCE": ev._EQUIVALENCE, "_ONE_TAILED_PAPER": ev._ONE_TAILED_PAPER}


@pytest.mark.parametrize("name", sorted(_KEYED))
@settings(max_examples=examples(400), deadline=None)
@given(data=st.data())
def test_every_match_holds_a_key_word(name, data):
    rx = _KEYED[name]
    s = data.draw(st.from_regex(rx, fullmatch=True))
    folded = ev._fold(s)
    assert len(folded) == len(s)
    assert any(k in folded for k in ev._NEEDS[id(rx)]), s
    if rx in (ev._RESAMPLED, ev._CREDIBLE_CI, ev._STATED_INTERVAL):  # its search starts at the first key word: every match starts with one
        assert any(folded.startswith(k) for k in ev._NEEDS[id(rx)]), s


def test_folding_reads_letters_as_case_insensitive_matching_does():
    """Brute force over every code point: a character that ``re.IGNORECASE`` equates with a letter of a key
    word folds to that letter (dotless i, long s, the Kelvin sign, capital I with a dot: str.lower() alone
    misses the first two and gives two characters for the last)."""
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = {ch for keys in ev._NEEDS.values() for k in keys for ch in k}
    for ch in sorted(letters):
        found = re.findall(f"(?i:{re.escape(ch)})", everything)
        assert ch in found
        assert {ev._fold(c) for c in found} == {ch}, ch
    assert ev._fold("BONFERRON\u0130 \u0131 \u017f\u212a") == "bonferroni i sk"


def test_the_paper_search_starts_early_enough():
    assert sre_parse.parse(ev._ADJUSTED_PAPER.pattern, ev._ADJUSTED_PAPER.flags).getwidth()[1] <= ev._WIDEST


def _p_entry(text: str) -> dict:
    return next(e for e in extract_text(text).entries if e["kind"] == "test_statistic")


def test_an_adjustment_named_a_paragraph_before_the_p_is_still_read():
    # the form of statcheck-dev texts: the correction named in the methods, the test a few sentences on
    filler = "Participants rated each item on a computer in a quiet room. " * 8
    e = _p_entry("Post hoc comparisons were Bonferroni corrected. " + filler + "Groups differed, t(28) = 2.20, p = .03.")
    assert e["p_adjusted"] == "corrected (text before)"   # the last match before the P
    e = _p_entry("Post-hoc tests used the Šidák correction. " + filler + "Groups differed, t(28) = 2.20, p = .03.")
    assert e["p_adjusted"].startswith("Šidák")
    # dotless i (Turkish keyboards) is read by the case-insensitive pattern; the skip must not lose it
    e = _p_entry("Bonferronı correction was applied. " + filler + "Groups differed, t(28) = 2.20, p = .03.")
    assert e["p_adjusted"] == "Bonferronı (text before)"


def test_no_adjustment_word_before_the_p_gives_none():
    filler = "Participants rated each item on a computer in a quiet room. " * 8
    e = _p_entry("The adjusted mean was reported. " + filler + "Groups differed, t(28) = 2.20, p = .03.")
    assert "p_adjusted" not in e and "one_tailed" not in e
    e = _p_entry("A one-tailed test was planned. " + filler + "Groups differed, t(28) = 2.20, p = .03.")
    assert e["one_tailed"] == "one-tailed (text before)"


def _key_index_by_find(text: str, keys: tuple[str, ...]) -> tuple[list[int], list[int]]:
    # evidence._key_index before session 6: one str.find pass per key word, none found among another's hits
    low = ev._fold(text)
    hits = []
    for key in keys:
        i = low.find(key)
        while i >= 0:
            hits.append((i, i + len(key)))
            i = low.find(key, i + 1)
    hits.sort()
    least, ends = len(text) + 1, [0] * len(hits)
    for j in range(len(hits) - 1, -1, -1):
        least = ends[j] = min(least, hits[j][1])
    return [a for a, _ in hits], ends


_KEY_TOKENS = ["hoc", "Hochberg", "hochberg", "HOCH", "dunn", "Dunnett", "dunnet", "comparison", "multiple comparison",
               "Multiple  comparisons", "multiple ", "Šidák", "sidak", "İ", "ı", "ſ", "tukey", "bonferronı", "credible",
               "Credıble", "one-tailed", "bootstrap", " ", "x", "\n", "p adj", "p-adj"]


@settings(max_examples=examples(400), deadline=None)
@given(s=st.lists(st.sampled_from(_KEY_TOKENS), max_size=16).map("".join))
def test_key_words_found_among_shorter_ones_are_all_found(s):
    # hochberg, dunnett and "multiple comparison" are found among the hits of hoc, dunn and comparison (_BASE)
    assert set(ev._BASE) >= {"hochberg", "dunnett", "multiple comparison"}
    for keys in ev._NEEDS.values():
        assert ev._key_index.__wrapped__(s, keys) == _key_index_by_find(s, keys)


def test_the_paper_wide_searches_find_what_a_whole_text_search_finds():
    # a credible-interval definition (statcheck-dev 09567976221116816's form) and an equivalence test, after
    # text with neither; dotless i in "equıvalence" is read by the case-insensitive pattern but not by the
    # str.lower() gate, as before
    filler = "Participants rated each item on a computer in a quiet room. " * 8
    text = filler + "Effects were nonnull if the 95% credible intervals (CIs) excluded zero; an equivalence test (TOST)."
    paper = ev._paper.__wrapped__(text)
    assert paper["credible"] == "credible intervals (CIs) (elsewhere in the paper)"
    assert paper["equivalence"].endswith("equivalence test (in the paper)")
    assert "equivalence" not in ev._paper.__wrapped__(filler + "an equıvalence test was run")
    assert "credible" not in ev._paper.__wrapped__(filler + "credible intervals were wide")


def test_the_window_search_reaches_every_match_of_a_key_word():
    # evidence._spans_near searches _ADJUSTED only within _ADJUSTED_REACH of each key word's start: the longest match,
    # plus the character its \b reads after it, must fit
    assert sre_parse.parse(ev._ADJUSTED.pattern, ev._ADJUSTED.flags).getwidth()[1] + 1 < ev._ADJUSTED_REACH


_NEAR_TOKENS = _KEY_TOKENS + ["Tukey", "HSD", "hsd", "xHSD", "holm", "Holmes", "FDR", "false discovery", "corrected",
                              "adjusted  p", "adjusted for multiple", "padj", "post-hoc", "emmeans", "Scheffé",
                              "games howell", "dunn's", "Dunn’s", ".", ", ", "p", "a" * 40, " " * 70, "multiplicity"]


def _near(text: str) -> tuple:
    starts = ev._key_index.__wrapped__(text, ev._NEEDS[id(ev._ADJUSTED)])[0]
    return ev._spans_near.__wrapped__(text, ev._ADJUSTED, tuple(starts), ev._ADJUSTED_REACH)


@settings(max_examples=examples(600), deadline=None)
@given(s=st.lists(st.sampled_from(_NEAR_TOKENS), max_size=30).map("".join))
def test_the_window_search_near_key_words_finds_what_finditer_finds(s):
    assert _near(s) == ev._spans.__wrapped__(s, ev._ADJUSTED)


def test_the_window_search_near_key_words_on_real_windows():
    # every 1,500-character window of a text full of adjustment words, cut where a P's window may start
    text = ("Post hoc Tukey HSD tests (FDR-corrected, Benjamini-Hochberg) and Bonferroni-adjusted p values; "
            "Dunnett's and Games-Howell comparisons were corrected for multiple comparisons (Šidák). ") * 30
    for a in range(0, len(text) - 1500, 37):
        window = text[a : a + 1500]
        starts = ev._key_index(text, ev._NEEDS[id(ev._ADJUSTED)])[0]
        at = tuple(i - a for i in starts if a <= i < a + 1500)
        assert ev._spans_near.__wrapped__(window, ev._ADJUSTED, at, ev._ADJUSTED_REACH) == ev._spans.__wrapped__(
            window, ev._ADJUSTED)


# session 8 (issue 22): a table row's block and footnotes read the lines around it one at a time (passages._walk),
# stopping where they have what they need; before, each row read all _TABLE_LINES above and below it

def _block_before(text, ls, le):
    above = passages._lines(text, ls, -1)
    block = []
    for ln in above:
        if " | " not in ln:
            break
        block.append(ln)
    caption = [ln for ln in above[len(block) : len(block) + 4] if ln.strip()][:2]
    rest = passages._lines(text, le, 1)
    while rest and " | " in rest[0]:
        rest = rest[1:]
    note = [ln for ln in rest[:8] if ln.strip()][:4]
    header = [ln for ln in reversed(block) if not re.search(r"\|\s{0,3}[-+−]?\d", ln)][:3]
    return "\n".join(header), "\n".join(reversed(caption)), "\n".join(note)


def _foot_before(text, row_end):
    rest = passages._lines(text, row_end, 1)
    while rest and " | " in rest[0]:
        rest = rest[1:]
    out = []
    for ln in rest:
        if len(out) >= ev._FOOT_LINES or ev._FOOT_END.match(ln) or len(ln) > 400:
            break
        if ln.strip():
            out.append(ln)
    return "\n".join(out)


_LINE_KINDS = ["Age | 41.2 ± 9.1 | 40.3", " | Drug (n = 30) | Placebo", "Table 2. Outcomes", "", "  ", "* mean ± SD",
               "Figure 1", "x" * 500, "y" * (2001), "z" * 1999, "a | b", "Missing values: 2"]


@settings(max_examples=examples(300), deadline=None)
@given(kinds=st.lists(st.sampled_from(_LINE_KINDS), min_size=1, max_size=150), at=st.integers(0, 149),
       runs=st.lists(st.tuples(st.integers(0, 149), st.integers(1, 80)), max_size=2))
def test_a_rows_block_and_foot_read_line_by_line_equal_the_whole_walk(kinds, at, runs):
    for start, size in runs:  # long tables: runs of rows past _TABLE_LINES
        kinds[start:start] = ["r | 1 | 2"] * size
    text = "\n".join(kinds) + "\n"
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"][:-1]
    ls = starts[min(at, len(starts) - 1)]
    le = text.find("\n", ls)
    assert passages._block.__wrapped__(text, ls, le) == _block_before(text, ls, le)
    assert ev._table_foot.__wrapped__(text, le) == _foot_before(text, le)
    assert passages._lines(text, ls, -1) == list(passages._walk(text, ls, -1)) and len(passages._lines(text, le, 1)) <= passages._TABLE_LINES


def test_a_rows_block_reads_four_caption_lines_and_eight_note_lines():
    lines = ["Intro", "Table 1", "", "", "Caption", " | A | B", "Age | 1 | 2", "Sex | 3 | 4", "", "", "", "", "n1", "n2",
             "n3", "n4", "n5"]
    text = "\n".join(lines) + "\n"
    ls = text.index("Sex")
    le = text.find("\n", ls)
    assert passages._block.__wrapped__(text, ls, le) == _block_before(text, ls, le) == (" | A | B", "Table 1\nCaption",
                                                                                  "n1\nn2\nn3\nn4")


_PAPER_TOKENS = _NEAR_TOKENS + ["Holmes", "holm", "Hochberg", "Games-Howell", "games  howell", "multiple comparisons",
                                "emmeans", "sidak", "Šidák", "Dunnett", "scheffe", "x" * 90]


@settings(max_examples=examples(600), deadline=None)
@given(s=st.lists(st.sampled_from(_PAPER_TOKENS), max_size=30).map("".join))
def test_the_papers_adjustment_search_near_key_words_finds_the_first_match(s):
    # evidence._search_near (the paper-wide search of _ADJUSTED_PAPER, session 8) against a search of the whole text
    assert sre_parse.parse(ev._ADJUSTED_PAPER.pattern, ev._ADJUSTED_PAPER.flags).getwidth()[1] + 1 < ev._WIDEST + 2
    starts = ev._key_index.__wrapped__(s, ev._NEEDS[id(ev._ADJUSTED_PAPER)])[0]
    near, whole = ev._search_near(s, ev._ADJUSTED_PAPER, starts, ev._WIDEST + 2), ev._ADJUSTED_PAPER.search(s)
    assert (near and (near.span(), near.group())) == (whole and (whole.span(), whole.group()))


@settings(max_examples=examples(300), deadline=None)
@given(s=st.lists(st.sampled_from(_PAPER_TOKENS), max_size=30).map("".join))
def test_the_papers_adjustment_is_the_first_match_of_a_whole_text_search(s):
    m = ev._ADJUSTED_PAPER.search(s)
    said = ev._paper.__wrapped__(s).get("adjusted")
    assert said == (f"{' '.join(m.group(0).split())} (elsewhere in the paper)" if m else None)


# ------------------------------------------------- the paper-wide searches of session 9 (issue 22): near key words


def test_the_paper_searches_near_key_words_reach_every_match():
    width = {rx: sre_parse.parse(rx.pattern, rx.flags).getwidth()[1] for rx in _KEYED.values()}
    assert width[ev._STATED_INTERVAL] + 2 <= ev._STATED_REACH
    assert width[ev._EQUIVALENCE] + 2 <= ev._EQUIVALENCE_REACH
    assert width[ev._ONE_TAILED_PAPER] + 2 <= ev._ONE_TAILED_REACH


def _old_stated(text):
    return ev._STATED_INTERVAL.search(text) if any(k in ev._fold(text) for k in ev._STATED_KEYS) else None


def _old_one_tailed_paper(text):
    """_one_tailed_paper before: finditer from the first 'tailed' or 'sided' (less its reach) to the end."""
    low = ev._fold(text)
    first = min((i for i in (low.find("tailed"), low.find("sided")) if i >= 0), default=-1)
    if first < 0:
        return None
    for m in ev._ONE_TAILED_PAPER.finditer(text, max(0, first - ev._ONE_TAILED_REACH)):
        r = text.rfind(". ", max(0, m.start() - 300), m.start())
        a = r + 2 if r >= 0 else max(0, m.start() - 300)
        b = text.find(". ", m.end(), m.end() + 300)
        if ev._NEGATED_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        if ev._NARROWED.search(text, a, b if b >= 0 else m.end() + 300) or ev._TWO_SIDED_PAPER.search(text):
            continue
        if not ev._DESIGN.search(text, a, b if b >= 0 else m.end() + 300):
            return f"{' '.join(m.group(0).split())} (elsewhere in the paper)"[:ev._MAX_WORDS]
    return None


_STATED_TOKENS = ["profile likelihood", "Profile-likelihood", "PROFILE", "clopper-pearson", "Clopper Pearson", "exact",
                  "EXACT", "Exact", "mid-p", "midp", "Mid-P", "mid", " binomial ", " poisson ", "95% ", "95 %", "9",
                  "confidence interval", "confidence intervals", "confidence", " CI", "CIs", "cI", " ", "  ", "\n", ".",
                  ". ", "x", "in", "TOST", "tost", "Tost", "two one-sided tests", "two one sided test", "two one",
                  "equivalence", "Equivalence test", "EQUIVALENCE", " bounds", " margins", " boundaries", "tests of ",
                  "test for ", "one-tailed", "One-sided", "1-tailed", "onesided", " tests", " t-tests", " t test",
                  " were ", " was ", " used", " conducted", " p values", " analyses", " hypotheses", " are ", " is ",
                  "all ", "we used ", "We ran ", "significance level was set at 0.05 (", "alpha is set to .1 (",
                  "power", "sample size", "noninferior", ";", "(", ")", "\u0131", "\u0130", "\u017f", "student's ",
                  "paired ", "comparisons", " (without adjustment) ", "(all) ", " presented", " selected", "no ", " only", "two-sided", "Two-tailed P values", "tests were two-sided"]


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_STATED_TOKENS), max_size=40).map("".join))
def test_the_papers_stated_one_tailed_and_equivalence_searches_find_what_whole_text_searches_find(s):
    def span(m):
        return None if m is None else (m.span(), m.group())

    starts = ev._key_index(s, ev._NEEDS[id(ev._STATED_INTERVAL)])[0]
    assert span(ev._search_near(s, ev._STATED_INTERVAL, starts, ev._STATED_REACH)) == span(_old_stated(s))
    starts = ev._key_index(s, ev._NEEDS[id(ev._EQUIVALENCE)])[0]
    assert span(ev._search_near(s, ev._EQUIVALENCE, starts, ev._EQUIVALENCE_REACH)) == span(ev._EQUIVALENCE.search(s))
    assert ev._one_tailed_paper(s) == _old_one_tailed_paper(s)
    starts = ev._key_index(s, ev._NEEDS[id(ev._ONE_TAILED_PAPER)])[0]
    old = [m.span() for m in ev._ONE_TAILED_PAPER.finditer(s)]
    reach = ev._ONE_TAILED_REACH
    assert [m.span() for m in ev.around(ev._ONE_TAILED_PAPER, s, starts, reach, reach)] == old


def test_the_papers_searches_on_long_texts():
    filler = "Patients were randomised. " * 40
    for s in (filler + "Two-sided tests were used; one-tailed tests were conducted for the primary outcome. " + filler
              + "95% exact binomial confidence intervals were computed." + filler + "two one-sided tests (TOST)",
              filler + "a one-sided test for power. " + filler * 3 + "All P values are one-sided. " + filler):
        assert ev._one_tailed_paper(s) == _old_one_tailed_paper(s)
        starts = ev._key_index(s, ev._NEEDS[id(ev._STATED_INTERVAL)])[0]
        assert ev._search_near(s, ev._STATED_INTERVAL, starts, ev._STATED_REACH).span() == _old_stated(s).span() if \
            _old_stated(s) else ev._search_near(s, ev._STATED_INTERVAL, starts, ev._STATED_REACH) is None


def _old_resampled_credible(text):
    """_paper's resampling and credible-interval searches before: from the first key word to the end of the text."""
    starts = ev._key_index(text, ev._NEEDS[id(ev._RESAMPLED)])[0]
    resampled = [m.span() for m in ev._RESAMPLED.finditer(text, starts[0])] if starts else []
    starts = ev._key_index(text, ev._NEEDS[id(ev._CREDIBLE_CI)])[0]
    m = ev._CREDIBLE_CI.search(text, starts[0]) if starts else None
    return resampled, None if m is None else m.span()


_RESAMPLED_TOKENS = ["bootstrap", "Bootstrapped", "BOOTSTRAPPING", "bootstraps", "monte carlo", "Monte Carlo",
                     "probabilistic sensitivity", "probabilistic model", "Probabilistic", "credible interval",
                     "Credible intervals", "credible", " (", "(", "95%", "95 %", " CIs", "CrI", "CI", ")", ";", ",",
                     " ", "  ", "x", "a", "\n", "\u017f", "\u0131", "cost", "indirect effect"]


@settings(max_examples=examples(800), deadline=None)
@given(s=st.lists(st.sampled_from(_RESAMPLED_TOKENS), max_size=30).map("".join))
def test_the_papers_resampling_and_credible_searches_near_key_words_find_what_they_found(s):
    starts = ev._key_index(s, ev._NEEDS[id(ev._RESAMPLED)])[0]
    resampled = [m.span() for m in ev.around(ev._RESAMPLED, s, starts, 30, 30)]
    starts = ev._key_index(s, ev._NEEDS[id(ev._CREDIBLE_CI)])[0]
    m = ev._search_near(s, ev._CREDIBLE_CI, starts, 40)
    assert (resampled, None if m is None else m.span()) == _old_resampled_credible(s)
    now = ev._paper.__wrapped__(s)
    assert {k: v for k, v in now.items() if k in ("costs", "indirect", "credible")} == _old_paper_parts(s)


def _old_paper_parts(text):
    """The 'costs', 'indirect' and 'credible' keys of _paper as its code read them before (session 8)."""
    out = {}
    starts = ev._key_index(text, ev._NEEDS[id(ev._RESAMPLED)])[0]
    for m in ev._RESAMPLED.finditer(text, starts[0]) if starts else ():
        near = text[max(0, m.start() - ev._COST_NEAR) : m.end() + ev._COST_NEAR].lower()
        for key, word in (("costs", "cost"), ("indirect", "indirect effect")):
            if key not in out and word in near:
                out[key] = f"{' '.join(m.group(0).split())} for {word}s (elsewhere in the paper)"
    starts = ev._key_index(text, ev._NEEDS[id(ev._CREDIBLE_CI)])[0]
    m = ev._CREDIBLE_CI.search(text, starts[0]) if starts else None
    if m:
        out["credible"] = f"{' '.join(m.group(0).split())} (elsewhere in the paper)"
    return out


def test_the_resampling_and_credible_reach():
    assert sre_parse.parse(ev._RESAMPLED.pattern, ev._RESAMPLED.flags).getwidth()[1] + 2 <= 30
    assert sre_parse.parse(ev._CREDIBLE_CI.pattern, ev._CREDIBLE_CI.flags).getwidth()[1] + 2 <= 40
