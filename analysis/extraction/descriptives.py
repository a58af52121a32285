"""Means with SDs, percentages with their counts, counts ``k of n`` and sample sizes in running text.

May import analysis.reported and the modules of this package only.

Means: ``30.6 ± 6.1``, ``49.4 +/- 38.9``, ``M = 5.19, SD = 1.6``, ``mean 5.19 (SD 1.6)`` and
``5.19 (1.6)`` where the same paragraph says the layout is mean (SD). Percentages: ``91/336 (27.1%)``,
``27.1% (91 of 336)``, ``12 (40%)``, ``26.7%``, ``less than 15%``. Counts: ``two out of three``,
``Two of the three``, ``12/30``. Sample sizes: ``n = 30``, ``30 patients``, ``three young girls``,
arm sizes ``ketamine (12 patients)``, ``placebo (n = 30)``, ``(162 for ECT and 178 for ketamine)``, and a bare
``ketamine (12)`` only where its paragraph speaks of groups, arms or allocation.
"""

from __future__ import annotations

import re

from ..reported import NUMBER_WORDS
from .found import Found, range_found, resolve
from .numberindex import starts_for
from .tablesizes import two_levels
from .tokens import (
    NUM,
    SNUM,
    WORDS_ALT,
    alternation,
    anchor,
    around,
    at_starts,
    clean_number,
    compile,
    is_word_number,
    number_value,
    positions,
)

__all__ = ["find_means", "find_percents", "find_counts", "find_sizes", "arm_id", "PEOPLE"]

PEOPLE = (
    "patients|participants|subjects|individuals|adults|adolescents|children|infants|women|men|girls|boys|"
    "volunteers|people|persons|respondents|students|cases|controls|veterans|outpatients|inpatients|"
    "mothers|fathers|parents|families|couples|residents|employees|workers|athletes|smokers|users"
)
_PEOPLE_ALT = alternation(PEOPLE)  # the same alternation, grouped by first letter (faster)
_INT = r"(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,7})"
_K = r"(?:" + _INT + r"|" + WORDS_ALT + r")"

_PM = compile(r"(?<![\w.])(?P<mean>" + SNUM + r")\s{0,3}(?:±|\+/-|\+-|\+ / -)\s{0,3}(?P<sd>" + NUM + r")(?![\d])")
_MSD = compile(
    r"(?<![\w])(?:M|Mean|mean|Mdiff)\s{0,2}(?:=|:|of|was)?\s{0,2}(?P<mean>" + SNUM + r")"
    r"(?:\s{0,2}[a-zA-Zµμ%/]{1,8})?\s{0,3}[,;(]?\s{0,3}"  # (M = 634 ms, SD = 163)
    r"(?:SD|sd|s\.d\.|standard deviation)\s{0,2}(?:=|:|of)?\s{0,2}(?P<sd>" + NUM + r")(?![\d])"
)
_PAREN_SD = compile(
    r"(?<![\w.])(?P<mean>" + SNUM + r")\s{0,2}\(\s{0,2}(?:SD|s\.d\.)\s{0,2}[=:,]?\s{0,2}(?P<sd>" + NUM + r")\s{0,2}\)"
)
_PAREN = compile(r"(?<![\w.])(?P<mean>" + SNUM + r")\s{0,2}\(\s{0,2}(?P<sd>" + NUM + r")\s{0,2}\)")
_MEAN_SD_CONTEXT = compile(r"[Mm](?<![\w][Mm])(?i:(?:ean|)\s{0,2}\(\s{0,2}(?:SD|s\.d\.|standard deviation)\s{0,2}\))")
#: the bracket of every _MEAN_SD_CONTEXT match, its '(' 1 to 6 characters after the match's start (M or mean, two
#: spaces): led by a literal, which re skips to fast (it entered _MEAN_SD_CONTEXT at every m of the text)
_SD_BRACKET = compile(r"\(\s{0,2}(?i:SD|s\.d\.|standard deviation)\s{0,2}\)")
_SE_CONTEXT = compile(r"(?i:\b(?:SEM?|s\.e\.m?\.?|standard errors?)\b)")
_SD_CONTEXT = compile(r"(?i:\b(?:SD|s\.d\.|standard deviations?)\b)")

_KN_PCT = compile(
    r"(?<![\w./])(?P<k>" + _INT + r")\s{0,2}(?:/|of|out of)\s{0,2}(?P<n>" + _INT + r")\s{0,3}"
    r"[(\[]\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%\s{0,2}[)\]]"
)
_PCT_KN = compile(
    r"(?<![\w.])(?P<pct>"
    + NUM
    + r")\s{0,2}%\s{0,3}[(\[]\s{0,2}(?:n\s{0,2}=\s{0,2})?(?P<k>"
    + _INT
    + r")\s{0,2}(?:/|of|out of)\s{0,2}(?P<n>"
    + _INT
    + r")\s{0,2}[)\]]"
)
# a count in words too: 'Two participants (4%)' (PMC5312688), 'two (5%)'; not the end of a word joined by a hyphen
# ('twenty-two patients (59%)' is no count of two, PMC5501521; nor 'PASI-75 (33.1%)' one of 75, PMC3661377)
_K_PCT = compile(
    r"(?<![\w./])(?<![A-Za-z]-)(?:(?:n\s{0,2}=\s{0,2})?(?P<k>" + _K + r")(?:\s{1,2}(?:" + _PEOPLE_ALT + r"))?"
    r"\s{0,2}[(\[]\s{0,2}(?P<pct>" + NUM + r")\s{0,2}%\s{0,2}[)\]]"
    r"|n\s{0,2}=\s{0,2}(?P<k2>" + _INT + r")\s{0,2}[,;]\s{0,2}(?P<pct2>" + NUM + r")\s{0,2}%)"
)
#: a count in words and 'of' before a bracketed percentage's count: 'five of ' in 'five of six (83.3%)'
_OF_BEFORE = compile(r"(?<![\w./-])(?P<k>" + WORDS_ALT + r")\s{1,2}(?:out\s{1,2})?of\s{1,2}$")
#: a number word, or 'hundred and', just before another: a compound count ('Twenty two', 'one hundred and three'),
#: which the k of :data:`_OF_BEFORE` would cut
_COMPOUND = compile(
    r"(?i:(?:"
    + WORDS_ALT
    + r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|(?:hundred|thousand)\s{1,2}and)[\s-]{1,2}$)"
)
_PCT = compile(
    r"(?<![\w.])(?P<pct>" + SNUM + r")\s{0,2}(?:%|\s{1,2}per\s{0,1}cent\b)"
    r"(?!\s{0,2}(?:CI\b|CrI\b|[Cc]onfidence|[Cc]redible))"
)
_CHANGE = compile(
    r"\s{0,2}(?:[a-z]{2,15}\s{1,2})?(?:more|less|higher|lower|greater|fewer|larger|smaller|"
    r"increase|decrease|reduction|improvement|rise|drop|decline|change)\b"
)
#: a fraction said to be near a share ('Almost 1/4 (22.0%) were', PMC3659156): a verbal fraction of the whole
#: sample, no count of 1 of 4 (a denominator of at most 10)
_ABOUT = compile(r"(?<![\w])(?:[Aa]lmost|[Nn]early|[Aa]bout|[Aa]pproximately|[Rr]oughly|[Aa]round|[Ss]ome)\s{1,2}$")
_PCT_CMP = compile(r"(?:[<>≤≥]|less than|fewer than|more than|over|under|below|above|up to)\s{0,2}$")
_PCT_RANGE = compile(r"(?<![\w.])(?P<lo>" + NUM + r")\s{0,2}%?\s{0,2}(?:–|-|—|to)\s{0,2}(?P<hi>" + NUM + r")\s{0,2}%")
_COUNT = compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)(?P<k>"
    + _K
    + r")\s{1,2}(?:out\s{1,2}of|of)\s{1,2}(?:(?:the|all|these|those|our)\s{1,2})?"
    r"(?P<n>" + _K + r")(?![\w.,%])"
)
_OF_PEOPLE = compile(
    r"\s{1,2}(?:[A-Za-z-]{2,24}\s{1,2}){0,2}?(?:" + PEOPLE + r"|patient|participant|subject|eyes|events)\b"
)
_SLASH = compile(r"(?<![\w./:-])(?P<k>\d{1,6})\s{0,1}/\s{0,1}(?P<n>\d{1,6})(?![\w./:%-]|\s{0,3}[(\[]\s{0,2}\d)")
# the number must end where the print does: 'n = 12345678' is not n = 1234567, nor 'n = 1e3' n = 1
_N_EQ = compile(r"(?<![\w])[Nn]\s{0,2}=\s{0,2}(?P<n>" + _INT + r")(?!\d|[.,]\d|[eE][-+]?\d)")
_N_PEOPLE = compile(
    r"(?<![\w.,/-])(?P<n>"
    + _K
    + r")\s{1,2}(?P<mods>(?:[A-Za-z][\w'-]{0,24}\s{1,2}){0,2})(?P<who>"
    + _PEOPLE_ALT
    + r")\b"
)
_ARM_SIZE = compile(
    r"\(\s{0,2}(?P<eq>[nN]\s{0,2}=\s{0,2})?(?P<n>" + _INT + r")(?P<who>\s{1,2}(?:" + _PEOPLE_ALT + r"))?\s{0,2}\)"
)
# a bare 'ketamine (12)' is an arm size only where its paragraph speaks of groups, arms or allocation,
# after a space (not 'alert(1)', 'AR(1)'), not a year ('Wood (2012)'), and followed by punctuation or a
# word that joins arms ('(12) or midazolam (6)'), not by a clause as a list marker is ('(1) the first')
_ARM_TALK = compile(r"(?i:\b(?:randomi[sz]|allocat|assign|groups?\b|arms?\b|cohorts?\b))")
_BARE_AFTER = compile(r"[ ]{0,2}(?:[,;:.)\]|\n]|$|(?:and|or|vs|versus|v|respectively|groups?|arms?)\b)")
_WORD_BEFORE = compile(r"(?P<arm>[A-Za-z][\w-]{1,30})\s{0,2}$")
_FOR_ARM = compile(
    r"(?P<n>" + _INT + r")\s{1,2}(?:for|in|on|receiving|with)\s{1,2}(?:the\s{1,2})?(?P<arm>[A-Za-z][\w-]{1,30})"
)
#: a bracket that splits a count of people by arm, for people who left or had an event ('two subjects (1 in the
#: R-aspirin group and 1 in the placebo group) who discontinued', PMC3398251): its numbers are no arm's size
_COUNT_BEFORE = compile(
    r"(?<![\w.])" + _K + r"\s{1,2}(?:[A-Za-z][\w'-]{0,24}\s{1,2}){0,2}?(?:" + _PEOPLE_ALT + r")\s{0,2}\($"
)
_EVENT_AFTER = compile(
    r"(?i:\s{0,2},?\s{0,2}(?:who|that|which)?\s{0,3}(?:had\s{1,2}|were\s{1,2}|was\s{1,2})?"
    r"(?:discontinu|withdr|dropp|left\b|lost\b|died|experienc|develop|report|suffer|requir|need|excluded|terminat))"
)
_A_PCT = anchor("%", r"per\s{0,1}cent")
_A_PM = anchor("±", r"\+/-", r"\+-", r"\+ / -")
_A_SD = anchor("SD", "sd", r"s\.d\.", "standard deviation")
_A_OF = compile(r" (?:out\s{1,2})?of ")
_A_SLASH = compile(r"/")
_A_EQ = compile(r"=")
_A_PAREN_NUM = compile(r"\(\s{0,2}\d")
_NOT_MODS = frozenset(
    """million billion thousand hundred percent times years months weeks days hours groups arms cohorts
of per sessions visits sites centres centers clusters classes wards schools hospitals practices""".split()
)
_ARM_SKIP = frozenset("group arm condition cohort groups arms sample".split())
_STOP = frozenset(
    """the a an and or of in on at to for with by from as was were is are be been total all each
both these those this that than who which whom our their its his her study trial table figure included enrolled
randomized randomised received among between respectively""".split()
)


def arm_id(words: str) -> str:
    """An arm id (``[a-z0-9_]+``) from printed words: ``"Placebo (n = 30)"`` -> ``"placebo"``.

    >>> arm_id("Ketamine 0.5 mg/kg (n = 12)"), arm_id("IV ketamine")
    ('ketamine_0_5_mg_kg', 'iv_ketamine')
    """
    words = re.sub(r"\([^()]{0,80}\)", " ", words)
    return re.sub(r"[^a-z0-9]{1,50}", "_", words.lower()).strip("_")[:40] or "arm"


def _context(shadow: str, start: int, back: int = 300) -> str:
    w0 = max(0, start - back)
    chunk = shadow[w0:start]
    cut = chunk.rfind("\n\n")
    return chunk[cut + 2 :] if cut >= 0 else chunk


def find_means(text: str, shadow: str) -> list[Found]:
    """Means with SDs.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "decreased from 30.6 ± 6.1 to 20.3 ± 11.5; M = 5.19, SD = 1.6"
    >>> [(f.fields["mean"], f.fields["sd"]) for f in find_means(s, shadow(s))]
    [('30.6', '6.1'), ('20.3', '11.5'), ('5.19', '1.6')]
    """
    out: list[Found] = []
    for m in around(_PM, shadow, positions(_A_PM, shadow), starts=starts_for(shadow, "pm")):
        ctx = _context(shadow, m.start(), 200) + shadow[m.end() : m.end() + 12]
        se, sd = _SE_CONTEXT.search(ctx), _SD_CONTEXT.search(ctx)
        if se and not sd:
            continue
        review = ["n not placed: give the group size this mean is of", "measure not placed"]
        if not sd:
            review.append("± read as mean ± SD: the text does not say SD here")
        out.append(_mean(text, m, review))
    sds = positions(_A_SD, shadow)
    for m in around(_PAREN_SD, shadow, sds, starts=starts_for(shadow, "paren")):  # 49.4 (SD 38.9), 49.4 (SD = 38.9)
        out.append(_mean(text, m, ["n not placed: give the group size this mean is of", "measure not placed"]))
    for m in around(_MSD, shadow, sds):
        out.append(_mean(text, m, ["n not placed: give the group size this mean is of", "measure not placed"]))
    said = next(at_starts(_MEAN_SD_CONTEXT, shadow, _before_brackets(shadow)), None)  # _MEAN_SD_CONTEXT.search
    for m in at_starts(_PAREN, shadow, starts_for(shadow, "paren")) if said else ():
        if _MEAN_SD_CONTEXT.search(_context(shadow, m.start(), 400)):
            out.append(
                _mean(
                    text,
                    m,
                    [
                        "n not placed: give the group size this mean is of",
                        "measure not placed",
                        "read as mean (SD) from the paragraph's 'mean (SD)'",
                    ],
                )
            )
    return resolve(out)


def _k_pct_starts(shadow: str) -> list[int]:
    """Where a _K_PCT match may start (sorted): at a count (numberindex) or at the n of 'n =' (:func:`_n_before`)."""
    return sorted(set(starts_for(shadow, "k_pct")).union(_n_before(positions(_A_EQ, shadow))))


def _n_before(eqs: list[int]) -> list[int]:
    """Where the n of an 'n =' may stand (sorted): 1 to 3 characters before each '=' of ``eqs`` (n, two spaces)."""
    return sorted({q - k for q in eqs for k in (1, 2, 3) if q >= k})


def _before_brackets(shadow: str) -> list[int]:
    """Where a _MEAN_SD_CONTEXT match may start: 1 to 6 characters before each _SD_BRACKET (sorted)."""
    return sorted({m.start() - k for m in _SD_BRACKET.finditer(shadow) for k in range(1, 7) if m.start() >= k})


def _mean(text: str, m: re.Match, review: list[str]) -> Found:
    return Found(
        "mean_sd",
        m.start(),
        m.end(),
        {"mean": text[m.start("mean") : m.end("mean")], "sd": text[m.start("sd") : m.end("sd")]},
        review,
        rank=30,
    )


def _int(s: str) -> int:
    return int(s.replace(",", "")) if s[:1].isdigit() else 0


def _threshold(cmp: str, pct: float, share: float) -> bool:
    """A percentage after a comparator, beside a k of n, is a threshold (no share to test) when the k of n keep to it
    ('just under 40% (18/46)', PMC5369684) or are far from it ('below 1% (11 of 12)', PMC3585302: the share of samples
    under a level); 'more than 32.0% (117/367)' (31.9%, PMC3757993) is the share printed, tested as such."""
    below = cmp.strip()[:1] in "<≤lfub"  # less, fewer, under, below, up to
    return (share <= pct if below else share >= pct) or not pct / 2 <= share <= 2 * pct


#: a score, grade or stage named just before its values: 'subscore = ', 'grade of ', 'Mayo score '
_SCORE_IS = compile(r"(?i:(?:score|grade|stage|class|level|category)s?\s{0,2}(?:=|of|was|of\s{1,2}either)?\s{0,2}$)")


def _score_values(shadow: str, start: int, n: str, pct: str) -> bool:
    """Whether a slash pair 'k/n' before a percentage names values, not a count of a total: out of n <= 1 a share is
    0% or 100% only, so another percentage says the pair is no count; and a pair of small numbers (n <= 10) right
    after a score, grade or stage ('endoscopy subscore = 0/1 (21%)', PMC5049645: the subscores 0 or 1) is its values.

    >>> s = "subscore = 0/1 (21%); 0/1 (21%); patients = 3/10 (21%); 1/1 (100%)"
    >>> [_score_values(s, i, n, p) for i, n, p in ((11, "1", "21"), (24, "1", "21"), (46, "10", "21"), (58, "1", "100"))]
    [True, True, False, False]
    """
    if _int(n) <= 1 and number_value(pct) not in (0, 100):
        return True
    return _int(n) <= 10 and bool(_SCORE_IS.search(shadow, max(0, start - 30), start))


def _doses(k: str, n: str) -> str:
    """A pattern for doses of k mg and n mg named close together, ``(?<![\\d.])k\\s{0,2}mg\\b...``: led by k, its
    look-behind after it (the same matches; re skips ahead to a literal, but enters a look-behind at every position of
    the text: 0.5 ms a search over a JATS paper; tests/extraction/test_rewrites_finders.py)."""
    return rf"{k}(?<![\d.]{k})\s{{0,2}}mg\b[^.;]{{0,40}}?(?<![\d.]){n}\s{{0,2}}mg\b"


def find_percents(text: str, shadow: str) -> list[Found]:
    """Percentages, with their counts where printed.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "91/336 (27.1%) vs 27.1% (91 of 336); 12 (40%); a rate of 26.7%, less than 15%"
    >>> [(f.fields.get("k"), f.fields.get("n"), f.fields["percent"]) for f in find_percents(s, shadow(s))]
    [('91', '336', '27.1'), ('91', '336', '27.1'), ('12', None, '40'), (None, None, '26.7'), (None, None, '<15')]
    """
    out: list[Found] = []
    pcts = positions(_A_PCT, shadow)
    for rx in (_KN_PCT, _PCT_KN):  # each tried at the number starts it can match at (numberindex)
        for m in around(rx, shadow, pcts, starts=starts_for(shadow, "kn_pct" if rx is _KN_PCT else "pct_kn")):
            k, n, pct = (text[m.start(g) : m.end(g)] for g in ("k", "n", "pct"))
            if not 0 <= number_value(pct) <= 100 or _int(k) > _int(n) or _int(n) < 1:
                continue
            if rx is _KN_PCT and _int(n) <= 10 and _ABOUT.search(shadow, max(0, m.start() - 16), m.start()):
                continue  # 'almost 1/4 (22.0%)': a verbal fraction
            if rx is _KN_PCT and _score_values(shadow, m.start(), n, pct):
                continue  # 'endoscopy subscore = 0/1 (21%)' (PMC5049645): the score's values 0 or 1, no k of n
            c = _PCT_CMP.search(shadow, max(0, m.start() - 14), m.start()) if rx is _PCT_KN else None
            if c and _threshold(c.group(), number_value(pct), 100 * _int(k) / _int(n)):
                continue  # 'below 1% (11 of 12)' (PMC3585302): a threshold the k of n are under, not their share
            if rx is _KN_PCT and re.search(_doses(k, n), text):
                continue  # '15/92 (27.6%)' where the paper names 'PHEN 15 mg/TPM ER 92 mg' (PMC4392900): a dose
            if rx is _KN_PCT and two_levels(shadow, m.start(), k, n, pct):
                continue  # 'Female/Male | 39 / 65 (37%)': the two levels' counts, not 39 of 65
            out.append(
                Found(
                    "proportion", m.start(), m.end(), {"percent": pct, "k": k, "n": n}, ["measure not placed"], rank=35
                )
            )
    for m in around(_K_PCT, shadow, pcts, starts=_k_pct_starts(shadow)):
        gk, gp = ("k", "pct") if m.group("k") else ("k2", "pct2")
        k, pct = text[m.start(gk) : m.end(gk)], text[m.start(gp) : m.end(gp)]
        if not 0 <= number_value(pct) <= 100:
            continue
        # 'five of six (83.3%)' (PMC2887201): the bracket follows the total of a count spelled in words, k of n
        of = _OF_BEFORE.search(shadow, max(0, m.start() - 30), m.start()) if gk == "k" else None
        if of and _COMPOUND.search(shadow, max(0, of.start() - 20), of.start()):
            of = None  # 'Twenty-two of 30 (73.3%)': a compound count, read as before (the bracket's count alone)
        out.append(
            Found(
                "proportion",
                of.start() if of else m.start(),
                m.end(),
                {"percent": pct, "k": text[of.start("k") : of.end("k")], "n": k} if of else {"percent": pct, "k": k},
                ["measure not placed"] + ([] if of else ["denominator not printed with the count"]),
                rank=36,
            )
        )
    for m in around(_PCT_RANGE, shadow, pcts, starts=starts_for(shadow, "pct_range")):
        if (f := range_found(text, m, "%", "a range of percentages: say what it is of", rank=37)) is not None:
            out.append(f)
    for m in around(_PCT, shadow, pcts, starts=starts_for(shadow, "pct")):
        pct = text[m.start("pct") : m.end("pct")]
        c = _PCT_CMP.search(shadow, max(0, m.start() - 14), m.start())
        cmp = c.group().strip().lower() if c else ""
        start = c.start() if c else m.start()
        sym = {
            "less than": "<",
            "fewer than": "<",
            "under": "<",
            "below": "<",
            "up to": "≤",
            "more than": ">",
            "over": ">",
            "above": ">",
        }.get(cmp, cmp)
        value = number_value(pct)
        if _CHANGE.match(shadow, m.end()):  # '17% more calories', '40% less': a relative change, not a share
            out.append(
                Found(
                    "quantity",
                    start,
                    m.end(),
                    {"value": sym + clean_number(pct), "unit": "% (relative change)"},
                    ["a relative change: say of what, against what"],
                    rank=38,
                )
            )
            continue
        if not 0 <= value <= 100:
            out.append(
                Found(
                    "quantity",
                    start,
                    m.end(),
                    {"value": clean_number(pct), "unit": "%"},
                    ["a percentage outside 0-100 (a change?): say what it is of"],
                    rank=38,
                )
            )
            continue
        out.append(
            Found(
                "proportion",
                start,
                m.end(),
                {"percent": sym + clean_number(pct)},
                ["measure not placed", "denominator not printed"],
                rank=38,
            )
        )
    return resolve(out)


def find_counts(text: str, shadow: str) -> list[Found]:
    """Counts ``k of n`` in digits or words.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "in two out of three girls; Two of the three participants; 12/30 responded"
    >>> [(f.fields["k"], f.fields["n"]) for f in find_counts(s, shadow(s))]
    [('two', 'three'), ('Two', 'three'), ('12', '30')]
    """
    out: list[Found] = []
    for rx, anchor_rx in ((_COUNT, _A_OF), (_SLASH, _A_SLASH)):
        starts = starts_for(shadow, "count" if rx is _COUNT else "slash")  # where each can match (numberindex)
        for m in around(rx, shadow, positions(anchor_rx, shadow), starts=starts):
            k, n = text[m.start("k") : m.end("k")], text[m.start("n") : m.end("n")]
            kv = _int(k) if k[:1].isdigit() else _word(k)
            nv = _int(n) if n[:1].isdigit() else _word(n)
            if kv is None or nv is None or nv < 1 or kv > nv or (rx is _SLASH and nv < 2):
                continue
            if rx is _COUNT and not (k[:1].isdigit() or is_word_number(k)):
                continue
            if rx is _COUNT and k.lower() == "one" and not _OF_PEOPLE.match(shadow, m.end()):
                continue  # 'randomized to one of three arms', 'one of the 46 study villages': a choice, not a count
            out.append(Found("count", m.start(), m.end(), {"k": k, "n": n}, ["measure not placed"], rank=40))
    return resolve(out)


def _word(s: str) -> int | None:
    from ..reported import NUMBER_WORDS

    return NUMBER_WORDS.get(s.lower())


def find_sizes(text: str, shadow: str) -> list[Found]:
    """Sample sizes: ``n = 30``, ``30 patients``, arm sizes.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "included 18 patients with MS, randomized to a ketamine (12 patients) or midazolam (6 patients)"
    >>> [(f.fields["n"], f.fields.get("arm")) for f in find_sizes(s, shadow(s))]
    [('18', None), ('12', 'ketamine'), ('6', 'midazolam')]
    """
    out: list[Found] = []
    for m in _ARM_SIZE.finditer(shadow):
        if not (m.group("eq") or m.group("who")) and not _bare_arm_size(shadow, m):
            continue
        w = _WORD_BEFORE.search(shadow, max(0, m.start() - 34), m.start())
        if w is None:
            continue
        arm, start = w.group("arm"), w.start()
        if arm.lower() in _ARM_SKIP:
            prev = _WORD_BEFORE.search(shadow, max(0, w.start() - 34), w.start())
            arm = prev.group("arm") if prev else arm
        if arm.lower() in _STOP or arm[:1].isdigit():
            continue
        out.append(
            Found(
                "sample_size",
                start,
                m.end(),
                {"n": text[m.start("n") : m.end("n")], "arm": arm_id(arm)},
                [f"arm read from the words before the bracket ('{arm}')"],
                rank=44,
            )
        )
    for_arm = {}
    for p in positions(_A_PAREN_NUM, shadow):
        for m in _FOR_ARM.finditer(shadow, p, min(len(shadow), p + 120)):
            for_arm[m.start()] = m
    for m in for_arm.values():
        arm = m.group("arm")
        if arm.lower() in _STOP or arm.lower() in _NOT_MODS or not _inside_parens(shadow, m.start()):
            continue
        if _split_count(shadow, m.start()):
            continue
        out.append(
            Found(
                "sample_size",
                m.start(),
                m.end(),
                {"n": text[m.start("n") : m.end("n")], "arm": arm_id(arm)},
                [f"arm read from the words after the number ('{arm}')"],
                rank=45,
            )
        )
    eqs = positions(_A_EQ, shadow)
    for m in around(_N_EQ, shadow, eqs, starts=_n_before(eqs)):  # tried only at its n, not at every position
        n = text[m.start("n") : m.end("n")]
        if _int(n) < 1:
            continue
        out.append(
            Found("sample_size", m.start(), m.end(), {"n": n}, ["arm not placed (total or one group?)"], rank=46)
        )
    for m in at_starts(_N_PEOPLE, shadow, starts_for(shadow, "people")):
        mods = m.group("mods").split()
        if any(w.lower() in _NOT_MODS for w in mods):
            continue
        n = text[m.start("n") : m.end("n")]
        if (n[:1].isdigit() and _int(n) < 1) or (not n[:1].isdigit() and not is_word_number(n)):
            continue
        out.append(
            Found("sample_size", m.start(), m.end(), {"n": n}, ["arm not placed (total or one group?)"], rank=47)
        )
    return resolve(out)


def _bare_arm_size(shadow: str, m) -> bool:
    """Whether a bare ``word (N)`` reads as an arm size (see ``_ARM_TALK``): forms seen in the seeds,
    statcheck-dev and rct-extraction-dev, where every bare ``(N)`` outside such a paragraph was a
    citation year, a function or model order, an equation number or a count of species; nor a number
    restated in digits after its word ('any of the four (4) groups': four groups, not n = 4)."""
    if m.start() == 0 or shadow[m.start() - 1] not in " \n":
        return False
    word = _WORD_BEFORE.search(shadow, max(0, m.start() - 34), m.start())
    if word and NUMBER_WORDS.get(word.group("arm").lower()) == _int(m.group("n")):
        return False
    n = m.group("n")
    if len(n) == 4 and n[:2] in ("18", "19", "20"):
        return False
    if not _BARE_AFTER.match(shadow, m.end()):
        return False
    para_start = shadow.rfind("\n\n", max(0, m.start() - 400), m.start())
    para_end = shadow.find("\n\n", m.end(), m.end() + 200)
    lo = para_start + 2 if para_start >= 0 else max(0, m.start() - 400)
    hi = para_end if para_end >= 0 else min(len(shadow), m.end() + 200)
    return _ARM_TALK.search(shadow, lo, hi) is not None


def _split_count(shadow: str, pos: int) -> bool:
    """Whether the bracket holding ``pos`` follows a count of people and is followed by what they did or had
    (``_COUNT_BEFORE``, ``_EVENT_AFTER``): a count split by arm, not the arms' sizes.

    >>> from analysis.extraction.tokens import shadow
    >>> s = "and two subjects (1 in the R-aspirin group and 1 in the placebo group) who discontinued due to AEs"
    >>> _split_count(shadow(s), s.index("1 in the placebo"))
    True
    >>> s = "we randomised 60 patients (30 in the ketamine group and 30 in the placebo group) who received"
    >>> _split_count(shadow(s), s.index("30 in the placebo"))
    False
    """
    a = shadow.rfind("(", max(0, pos - 120), pos)
    b = shadow.find(")", pos, pos + 120)
    if a < 0 or b < 0:
        return False
    return bool(_COUNT_BEFORE.search(shadow, max(0, a - 60), a + 1)) and bool(_EVENT_AFTER.match(shadow, b + 1))


def _inside_parens(shadow: str, pos: int) -> bool:
    chunk = shadow[max(0, pos - 60) : pos]
    return chunk.rfind("(") > chunk.rfind(")")
