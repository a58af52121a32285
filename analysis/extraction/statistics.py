"""Test statistics in running text: t, F, r, chi-square, z and Q with df and p, in APA and looser prints.

May import analysis.reported and the modules of this package only.

Reads what R statcheck reads (``t(28) = 2.20, p = .03``, ``F(1, 38) = 6.53, p = .015``,
``χ2(4) = 1.63, p = .803``, ``z = 2.03, p = .042``, ``p < .001``, ``ns``) and what it leaves by
design: ``T(28)``, ``t[28]``, a superscript ``²``, ``χ2(1, N = 90)``, ``p ≤``, ``p-value =``,
a semicolon or an effect size between the statistic and p, no space or a non-breaking space,
U+2212 minus. The statistic is matched with one bounded pattern; p is then looked for in a bounded
window after it (at most :data:`P_WINDOW` characters, no sentence break, no other statistic between).

References
----------
Nuijten, M. B., & Epskamp, S. (2024). statcheck: Extract statistics from articles and recompute
p-values. R package version 1.5.0. https://CRAN.R-project.org/package=statcheck
"""

from __future__ import annotations

import re

from ..reported import parse_reported
from .found import Found
from .tokens import NUM, SNUM, anchor, at_starts, clean_number, compile, positions

__all__ = ["find_tests", "find_p", "P_PATTERN", "P_WINDOW"]

#: characters after a statistic in which its p is looked for
P_WINDOW = 90

_DF = r"\d{1,7}(?:\.\d{1,3})?"
_HEAD = compile(
    r"(?<![\w.\-])Δ?(?P<test>[tTFrzZQ]|χ\s?\^?2|[Cc]hi[-_ ^]?(?:2|squared?)|[xX]\^?2)"
    r"(?:\s{0,2}(?P<open>[(\[])\s{0,2}(?:df\s{0,2}=\s{0,2})?(?P<df1>" + _DF + r")"
    r"(?:\s{0,2},\s{0,2}(?P<df2>" + _DF + r"))?"
    r"(?:\s{0,2},\s{0,2}[Nn]\s{0,2}=\s{0,2}(?P<N>\d{1,3}(?:,\d{3}){1,2}|\d{1,7}))?"
    r"\s{0,2}[)\]])?"
    r"\s{0,3}(?P<cmp><=|>=|=|<|>|≤|≥)\s{0,3}(?P<stat>" + SNUM + r")(?![\d.])"
)
#: every _HEAD match holds its comparator, and is at most _HEAD_REACH characters long (tests/extraction/test_number_starts.py
#: checks the width); it is tried only where a comparator's test token may start (:func:`_head_starts`)
_A_CMP = anchor("<", ">", "=", "≤", "≥")
_HEAD_REACH = 120
#: a p-value: p, P, ps, p-value, p value; comparator; number (or ns / n.s.). A number followed by a slash and a
#: digit is no P: 'P = 0/001' (PMC5627563, a slash typed for the decimal point) was read as P = 0, and 'p < .05/6'
#: is a corrected threshold, not a P; nor is a bare 0 with a stray space at its decimal point ('P = 0. 42', PMC1794491;
#: 'P = 0 .015', PMC3108651), nor a 0 whose decimal comma a space follows ('p = 0, 0130', PMC5172614: 0.0130; but
#: 'P = 0, 95% CI' is a P of 0)
_LABELLED_P = (
    r"(?P<label>[pP]s?(?:\s{0,2}-?\s{0,2}values?)?)\s{0,3}"
    r"(?P<cmp><=|>=|=|<|>|≤|≥)\s{0,3}(?P<p>" + NUM + r"(?:[eE]-?\d{1,3})?)"
    r"(?![\d%]|\s{0,1}/\s{0,1}\d|(?<=[^\d.,]0)(?:(?:\s\.|\.\s)\s{0,1}\d|,\s\d{1,4}(?![\d%]|[.,]\d)))"
)
P_PATTERN = compile(r"(?<![\w.])(?:" + _LABELLED_P + r"|(?P<ns>\bn\.?s\.?(?![\w])))")
#: P_PATTERN's printed P values without its 'ns', led by the letter so that ``re`` skips ahead to each p or P rather
#: than entering a look-behind at every position (15.4 -> 3.7 ms over statcheck-dev): the same matches, as a P
#: match holds no 'n' and an 'ns' match no 'p', so the two never overlap (tests/extraction/test_rewrites_p.py)
_P_VALUE = compile(_LABELLED_P.replace("[pP]s?", r"[pP](?<![\w.][pP])s?", 1))
_DF_AFTER = compile(
    r"\s{0,2}[,;(]\s{0,2}(?:df|d\.f\.)\s{0,2}[=:]?\s{0,2}(?P<a>" + _DF + r")"
    r"(?:\s{0,2}[,/]\s{0,2}(?P<b>" + _DF + r"))?\s{0,2}\)?"
)
_SUBSCRIPTED = compile(r"(?<![\w])(?:[dgηω]|η\s?p)\s{0,1}$")  # 'd z = 1.57' is Cohen's d_z, not a z test
#: 'x=26, y=−6 and z=−4' (PMC4183968): the z of an MNI or Talairach coordinate after its y, no z statistic
#: or a coordinate's z after 'x, y,' ('x, y, z = 32, −79, −23', PMC5698802)
_COORDINATE = compile(
    r"(?<![\w])(?:[yY]\s{0,2}=\s{0,2}-?\d{1,3}(?:\.\d{1,2})?\s{0,2}(?:,|;|and)?|[xX]\s{0,2},\s{0,2}[yY]\s{0,2},)\s{0,3}$"
)
#: a p that is the subscript of a correlation's letter ('R p = 0.0, p > 0.05', PMC5420386: Pearson's R_p), no P
_SUBSCRIPT_P = compile(r"(?<![\w.])[Rrρ][ \u00a0]$")
_CORRECTED = compile(r"(?i:corrected|adjusted|bonferroni|holm|fdr|tukey|šidák|sidak|scheff)")
_BREAK = compile(r"[.!?]\s{1,3}[A-Z]|\n\s{0,3}\n")


def p_ok(printed: str) -> bool:
    """Whether a printed p (``".03"``, ``"<.001"``, ``"1.2e\u22125"``) reads as a number in [0, 1]."""
    try:
        return 0 <= parse_reported(printed).value <= 1
    except ValueError:
        return False


_TEST = {"t": "t", "T": "t", "F": "F", "r": "r", "z": "z", "Z": "z", "Q": "chi2"}


def _test_name(printed: str) -> str:
    return _TEST.get(printed, "chi2")  # every other spelling is chi-square


def _p_after(shadow: str, end: int) -> "re.Match | None":
    """The p printed within :data:`P_WINDOW` characters after ``end`` in the same clause, or None."""
    window = shadow[end : end + P_WINDOW]
    m = P_PATTERN.search(window)
    if m is None:
        return None
    gap = window[: m.start()]
    if gap.strip() and gap.lstrip()[:1] not in (",", ";", "(", ":", "["):
        return None
    if _BREAK.search(gap):
        return None
    head = _HEAD.search(gap)
    if head and (head.group("df1") or head.group("test") in ("z", "Z")):
        return None  # another test statistic stands between: the p is its own

    return m


#: _HEAD's test tokens by their last character: their lengths ('t'; 'χ2', 'χ ^2', 'chi-2', 'x^2'; 'chi-square'; 'chisquared')
_HEAD_ENDS = {**dict.fromkeys("tTFrzZQ", (1,)), "2": (2, 3, 4, 5), "e": (9, 10), "d": (10, 11)}


def _head_starts(shadow: str, cmps: list[int]) -> list[int]:
    """Where a _HEAD match may start (sorted), read back from each comparator offset of ``cmps``: over at most three
    white space characters, then a df bracket if one closes there (its content holds no bracket, so it opens at the
    last '(' or '[' before; it is at most 60 characters long) and at most two more, to a test token's last character,
    whose possible lengths give the starts, and a Δ before each. re entered _HEAD at every position of the windows
    around the comparators (4.4 ms over statcheck-dev); tests/extraction/test_number_index.py."""
    out: set[int] = set()
    for c in cmps:
        end = _back_over_spaces(shadow, c, 3)
        if end > 0 and shadow[end - 1] in ")]":
            lo = max(0, end - 80)
            end = _back_over_spaces(shadow, max(shadow.rfind("(", lo, end - 1), shadow.rfind("[", lo, end - 1)), 2)
        for length in _HEAD_ENDS.get(shadow[end - 1], ()) if end > 0 else ():
            if end - length >= 0:
                out.add(end - length)
                if end - length > 0 and shadow[end - length - 1] == "Δ":
                    out.add(end - length - 1)
    return sorted(out)


def _back_over_spaces(shadow: str, at: int, most: int) -> int:
    """The offset after the last non-space character before ``at``, over at most ``most`` white space characters (as
    re's ``\\s`` reads them); -1 where more stand there, or where ``at`` is -1 (nothing found)."""
    i = at
    while i > 0 and shadow[i - 1].isspace():
        i -= 1
        if at - i > most:
            return -1
    return i


def find_tests(text: str, shadow: str) -> list[Found]:
    """Every test statistic with a p in the text.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "as expected, t(28) = 2.20, p = .03, and F(1, 38) = 6.53; d = 0.4, p\u00a0=\u00a0.015."
    >>> [(f.fields["test"], f.fields["df"], f.fields["statistic"], f.fields["p"]) for f in find_tests(s, shadow(s))]
    [('t', '28', '2.20', '.03'), ('F', '1, 38', '6.53', '.015')]
    """
    out: list[Found] = []
    for m in at_starts(_HEAD, shadow, _head_starts(shadow, positions(_A_CMP, shadow))):
        test = _test_name(m.group("test").replace(" ", ""))
        df1, df2 = m.group("df1"), m.group("df2")
        end = m.end()
        if not df1 and test in ("t", "F", "r", "chi2"):  # 't = 2.20, df = 28, p = .03': df printed after
            after = _DF_AFTER.match(shadow, end)
            if after:
                df1, df2, end = after.group("a"), after.group("b"), after.end()
        if test == "F" and not (df1 and df2):
            continue
        if test in ("t", "r", "chi2") and (not df1 or df2):
            continue
        if test == "z" and df1:
            continue
        if _SUBSCRIPTED.search(shadow, max(0, m.start() - 4), m.start()):
            continue
        if test == "z" and _COORDINATE.search(shadow, max(0, m.start() - 20), m.start()):
            continue  # the z of a coordinate (x, y, z)
        pm = _p_after(shadow, end)
        if pm is None:
            continue
        if _CORRECTED.search(shadow, end, end + pm.start()):
            continue  # a p corrected for multiple tests cannot be recomputed from the statistic (kept as a p_value)
        pend = end + pm.end()
        review: list[str] = []
        if pm.group("ns"):
            p = ">.05"
            review.append("p printed as 'ns': stored as >.05")
        else:
            p = clean_number(text[end + pm.start("cmp") : end + pm.end("p")])
            if p.startswith("="):
                p = p[1:]
            if not p_ok(p):
                continue
        stat = text[m.start("stat") : m.end("stat")]
        cmp = m.group("cmp")
        fields = {
            "test": test,
            "statistic": (cmp + stat) if cmp != "=" else stat,
            "df": f"{df1}, {df2}" if df2 else (df1 or ""),
            "p": p,
        }
        if not fields["df"]:
            del fields["df"]
        printed = m.group("test")
        if printed == "Q":
            review.append("printed as Q (heterogeneity): read as chi-square with the printed df")
        if m.group("N"):
            review.append(f"chi-square printed with N = {m.group('N')}")
        out.append(Found("test_statistic", m.start(), pend, fields, review, rank=10))
    return out


_WORD = compile(r"[A-Za-z]{3}")  # a word before a P in its cell (no bare 'P = 0.04')


def _copied_cell(text: str, at: int) -> bool:
    """Whether the table cell holding ``text[at]`` repeats the cell before it, a word before the P and all (PMC2778511's
    header cell 'Appreciation of information *P-value=0.00' spanning four columns, its text in each): one print.

    >>> _copied_cell("Sex *P-value=0.01 | Sex *P-value=0.01 | x", 24), _copied_cell("P = 0.04 | P = 0.04", 11)
    (True, False)
    """
    start = text.rfind(" | ", max(0, at - 300), at)
    if start < 0 or text.rfind("\n", start, at) >= 0:  # no cell before it on its line
        return False
    end = text.find(" | ", at, at + 300)
    line = text.find("\n", at, at + 300)
    end = min(x for x in (end, line, at + 300) if x >= 0)
    cell = text[start + 3 : end]
    return bool(_WORD.search(text, start, at)) and text[max(0, start - len(cell)) : start] == cell


def find_p(text: str, shadow: str) -> list[Found]:
    """Every p-value printed in the text (the draft keeps those no other statistic holds).

    >>> from analysis.extraction.tokens import shadow
    >>> s = "no difference between groups (P =.40), nor in t (p-value = 0.2; ns)."
    >>> [f.fields["p"] for f in find_p(s, shadow(s))]
    ['.40', '0.2']
    """
    out = []
    for m in _P_VALUE.finditer(shadow):
        if _copied_cell(text, m.start()) or _SUBSCRIPT_P.search(shadow, max(0, m.start() - 3), m.start()):
            continue
        p = clean_number(text[m.start("cmp") : m.end("p")])
        if p.startswith("="):
            p = p[1:]
        if not p_ok(p):
            continue
        out.append(
            Found("p_value", m.start(), m.end(), {"p": p}, ["estimand not placed: say what this p tests"], rank=70)
        )
    return out
