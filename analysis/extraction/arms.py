"""The arm table of a document: each arm's name and aliases, its sizes and where each was printed, and the
resolution of table columns and sentences to arms through it.

May import analysis.reported and the modules of this package only.

A trial prints an arm's size once or a few times (the methods' "randomised to ketamine (n = 30)", the
CONSORT flow, the baseline table's header "Placebo (n = 30)") and its results elsewhere without it. The
arm table collects every printed size (sample sizes with an arm in the running text, table headers with
an n, "n = 16 in each group"), with the part of the paper it was printed in (abstract, methods, results,
a baseline table) and whether the words make it the randomised or the analysed set. A table column or a
clause of a sentence whose words name one arm of the table (its id, or a name whose words contain the
other's: "Ketamine group" and "ketamine 0.5 mg/kg") then takes the arm and, where the arm has one size,
that n, with ``n_source: arm_table`` and a review note naming where the size was printed.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from typing import Any

import numpy as np

from ..reported import NUMBER_WORDS
from .found import Found
from .tablesizes import _within_a_unit, agrees
from .tokens import around, code_points, compile

__all__ = ["Arm", "arm_table", "resolve_arms"]

_HEADING = compile(
    r"(?m:^(?P<h>Abstract|Background|Introduction|Methods?|Materials and [Mm]ethods|Patients and [Mm]ethods|"
    r"Participants|Results?|Discussion|Conclusions?|Statistical [Aa]nalysis|Study [Dd]esign|Trial [Dd]esign)"
    r"\s{0,3}$)"
)
_RANDOMISED = compile(r"(?i:randomi[sz]|assigned|allocated|enrol)")
_ANALYSED = compile(r"(?i:analy[sz]|completed|evaluable|per[- ]protocol|intention|followed up|included in)")
_EACH = compile(
    r"(?i:\b[nN]\s{0,2}=\s{0,2}(?P<n>\d{1,5})\s{0,2}(?:in each|per|for each|each)\s{1,2}(?:group|arm)"
    r"|(?<![\d.])(?P<n2>\d{1,5})\s{1,2}(?:(?:patients|participants|subjects)\s{1,2})?(?:in each|per)\s{1,2}(?:group|arm)"
    r"|(?<![\d.])(?P<n3>\d{1,5})\s{1,2}each\s{1,2}in\s{1,2}(?:two|three|four|\d)\s{1,2}(?:groups|arms)"
    r"|groups\s{1,2}of\s{1,2}(?P<n4>\d{1,5})\s{1,2}(?:(?:patients|participants|subjects)\s{1,2})?each)"
)
#: a sample size calculation's sentence ('Accepting an α risk of 0.05 ..., we needed 55 patients in each group',
#: PMC3308108: its 55 is no arm's printed size)
_PLANNED = compile(
    r"(?i:\bpower\b|\bintended\b|\bplanned\b|sample size (?:calculation|estimat)|would (?:be )?(?:need|requir)|(?:were|was|be) (?:need|requir)ed"
    r"|to detect\b|\bwe (?:needed|required)\b|(?:α|\balpha)\s{0,2}(?:risk|error|level)\b)"
)
_GENERIC = frozenset(
    """group groups arm arms the and or of in on with for to a an n patients participants subjects treatment
treated receiving received condition cohort total mg kg ml g iv oral dose doses plus vs""".split()
)
_BREAK = compile(r"[.;]\s|\n")
_DIGITS = compile(r"\d{1,12}[%)\]]{0,2}")


@dataclasses.dataclass
class Arm:
    """One arm: its id, the names it was printed under, and every size printed for it."""

    id: str
    names: list[str] = dataclasses.field(default_factory=list)
    sizes: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # n, set, where, span (start, end)

    def words(self) -> frozenset[str]:
        return _words(self.id)

    def size(self) -> tuple[str | None, str]:
        """The arm's one size and where it was printed, or (None, why not)."""
        distinct = sorted({s["n"].replace(",", "") for s in self.sizes})
        if len(distinct) == 1:
            where = sorted({s["where"] for s in self.sizes})
            return distinct[0], " and ".join(where)
        analysed = sorted({s["n"].replace(",", "") for s in self.sizes if s["set"] == "analysed"})
        if len(analysed) == 1:
            return analysed[0], "the analysed set"
        return None, f"sizes {', '.join(distinct)} printed for arm '{self.id}' (randomised and analysed?)"

    def to_dict(self, text: str, where=lambda a, b: (a, b)) -> dict[str, Any]:
        """The arm as the draft's ``study.arm_table`` lists it; ``where`` maps a span to the original text."""
        sizes = []
        for s in self.sizes[:8]:
            a, b = where(*s["span"])
            sizes.append({"n": s["n"], "set": s["set"], "where": s["where"], "fragment": text[a:b][:90]})
        return {"arm": self.id, "names": list(dict.fromkeys(self.names))[:5], "sizes": sizes}


@functools.lru_cache(maxsize=4096)  # asked of every arm for every find that names one (match_arm, _arm_in_clause)
def _words(arm: str) -> frozenset[str]:
    return frozenset(w for w in arm.split("_") if w and w not in _GENERIC and not w.isdigit())


def _headings(shadow: str) -> list[tuple[int, str]]:
    """(offset, heading) of every line that is a section heading; lines are found by their breaks (a
    multi-line pattern tried at every character was a third of the arm table's time)."""
    out, pos = [], 0
    while pos < len(shadow):
        end = shadow.find("\n", pos)
        end = len(shadow) if end < 0 else end
        if end - pos < 40 and shadow[pos : pos + 1].isupper():
            m = _HEADING.match(shadow, pos, end)
            if m:
                out.append((pos, m.group("h")))
        pos = end + 1
    return out


def _part(headings: list[tuple[int, str]], pos: int) -> str:
    i = bisect.bisect_right(headings, (pos, "~")) - 1
    if i < 0:
        return "text"
    h = headings[i][1].lower()
    if h.startswith(
        ("method", "material", "patients and", "participants", "statistical", "study design", "trial design")
    ):
        return "methods"
    if h.startswith("result"):
        return "results"
    return h.split()[0]


def arm_table(text: str, shadow: str, finds: list[Found]) -> dict[str, Arm]:
    """Every arm with a printed size: from sample sizes with an arm and table cells whose n is their column's."""
    headings: list[tuple[int, str]] | None = None  # found once, when a size needs its part of the paper
    arms: dict[str, Arm] = {}
    for f in finds:
        arm, n = f.fields.get("arm"), f.fields.get("n")
        if not arm or not n or not n.replace(",", "").isdigit():
            continue
        if f.kind == "sample_size":
            before = shadow[max(0, f.start - 120) : f.start]
            cut = max(before.rfind(". "), before.rfind("\n"))
            clause = before[cut + 1 :] + shadow[f.start : f.end]
            kind = "analysed" if _ANALYSED.search(clause) else "randomised" if _RANDOMISED.search(clause) else "unknown"
            if headings is None:
                headings = _headings(shadow)
            where = _part(headings, f.start)
        elif f.fields.get("n_source") in ("column", "section") and f.location.startswith("table"):
            kind, where = "unknown", f.location.split(" | ")[0]
        else:
            continue
        a = arms.setdefault(arm, Arm(arm))
        if not any(s["n"] == n and s["where"] == where for s in a.sizes):
            a.sizes.append({"n": n, "set": kind, "where": where, "span": (f.start, f.end)})
        a.names.append(arm.replace("_", " "))
    for f in finds:  # arms printed without a size (a table column 'PLMA'), sized below by 'n = 30 in each group'
        arm = f.fields.get("arm")
        if arm and f.location.startswith("table") and "n" not in f.fields and match_arm(arms, arm) is None:
            arms.setdefault(arm, Arm(arm, [arm.replace("_", " ")]))
    each = None  # the first 'n = 16 in each group' not planned: 'N = 43 per arm' of a power calculation (PMC3669105)
    if any(not a.sizes for a in arms.values()):
        each = next((m for m in _each(shadow) if not _not_this_trial(shadow, m, headings)), None)
    if each and arms:
        n = next(g for g in each.groups() if g)
        for a in arms.values():
            if not a.sizes:
                a.sizes.append(
                    {
                        "n": n,
                        "set": "unknown",
                        "where": _part(headings or _headings(shadow), each.start()),
                        "span": (each.start(), each.end()),
                    }
                )
    return {k: a for k, a in arms.items() if a.sizes}


#: a citation in a sentence: '[14]', '[3, 5]', '[7–9]', 'et al'
_CITES = compile(r"\[\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,6}\s{0,2}\]|\bet\s{1,2}al\b")


def _not_this_trial(shadow: str, m: re.Match, headings: list[tuple[int, str]] | None) -> bool:
    """Whether an 'n = 12 in each group' is no size of this trial's arms: planned (a sample size calculation,
    PMC3308108), in a sentence citing other work ('... in control group, n = 12 in each group) [14]', PMC4440276's
    pilot trial) or in the Discussion, where other trials are described."""
    a, b = _sentence(shadow, m.start(), m.end())
    if _PLANNED.search(shadow, a, b) or _CITES.search(shadow, a, b):
        return True
    return _part(headings if headings is not None else _headings(shadow), m.start()) == "discussion"


def _each(shadow: str):
    """The matches of ``_EACH.finditer(shadow)``, found in windows around each 'group' and 'arm' in any case
    (:func:`~analysis.extraction.tokens.around`): every match holds one, re equates no character but the ASCII upper
    case with these letters, and a match is at most 37 characters long. A search of the whole text entered the
    pattern at every position, 1.4 ms a JATS paper (benchmarks/README.md, session 9); tests/extraction/test_arms.py."""
    code = code_points(shadow) | 0x20  # an ASCII capital as its small letter; no other code point reads as one of them
    anchors: list[int] = []
    for word in ("group", "arm"):
        m = len(code) - len(word) + 1
        if m > 0:
            at = np.ones(m, dtype=bool)
            for j, ch in enumerate(word):
                at &= code[j : j + m] == ord(ch)
            anchors += np.flatnonzero(at).tolist()
    return around(_EACH, shadow, sorted(anchors))


def _sentence(shadow: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span (at most 200 characters before and 120 after)."""
    a = shadow.rfind(". ", max(0, start - 200), start)
    b = shadow.find(". ", end, end + 120)
    return (a + 2 if a >= 0 else max(0, start - 200)), (b if b >= 0 else min(len(shadow), end + 120))


def match_arm(arms: dict[str, Arm], name: str | None) -> Arm | None:
    """The one arm of the table a printed name (an arm id) names: the same id, or a name whose words contain
    the other's ('ketamine_group' and 'ketamine_0_5_mg_kg' share 'ketamine'; 'iv_ketamine' is not 'ketamine'
    when both are arms)."""
    if not name:
        return None
    if name in arms:
        return arms[name]
    words = _words(name)
    if not words:
        return None
    hits = [a for a in arms.values() if a.words() and (a.words() <= words or words <= a.words())]
    return hits[0] if len(hits) == 1 else None


def resolve_arms(text: str, shadow: str, finds: list[Found]) -> dict[str, Arm]:
    """Give a mean, share or count without an n its arm's size from the arm table (``n_source: arm_table``),
    resolving a column header or a clause of the sentence to an arm; returns the table."""
    arms = arm_table(text, shadow, finds)
    if not arms:
        return arms
    held: list[tuple[Found, str, str]] = []
    for f in finds:
        if f.kind not in ("mean_sd", "proportion", "count") or "n" in f.fields or f.n_withheld:
            continue
        arm = match_arm(arms, f.fields.get("arm"))
        if arm is None and "arm" not in f.fields and f.location == "sentence":
            arm = _arm_in_clause(arms, shadow, f.start, f.end)
            if arm is not None:
                f.fields["arm"] = arm.id
                f.review.append(f"arm read from the words before the number ('{arm.id.replace('_', ' ')}')")
        if arm is None:
            continue
        n, where = arm.size()
        if n is None:
            f.review.append(f"n not placed: {where}")
            continue
        k = str(f.fields.get("k", "0")).replace(",", "")
        if int(n) < (int(k) if k.isdigit() else NUMBER_WORDS.get(k.lower(), 0)):  # 'three patients (12.5%)' too
            continue
        pct = f.fields.get("percent")
        if k.isdigit() and pct and "k" in f.fields and not agrees(k, pct, n):
            # '172 | 54%' where the arm's 413 were randomised: the share is of another denominator (PMC4307223)
            f.review.append(
                f"n not placed: {k} of the size printed for arm '{arm.id}' ({n}, {where}) is not {pct}%: "
                "the percentage is of another denominator"
            )
            held.append((f, n, where))
            continue
        if f.fields.get("arm") != arm.id and f.location != "sentence":
            f.review.append(f"column '{f.fields.get('arm')}' read as arm '{arm.id}' of the arm table")
        f.fields["n"] = n
        f.fields["n_source"] = "arm_table"
        f.review = [r for r in f.review if not r.startswith("n not placed")]
        f.review.append(
            f"n = {n} is the size printed for arm '{arm.id}' in {where}: check it holds here (dropouts, subgroups)"
        )
    _place_held(finds, held)
    return arms


def _place_held(finds: list[Found], held: list[tuple[Found, str, str]]) -> None:
    """Give a table cell whose percentage is not its count's share of its arm's size that size all the same when
    another arm's cell of its row and another row of its column were given theirs (each printing its share):
    the row's and the column's base is then the arms' sizes, and the cell's percentage is wrong, not of another
    denominator (PMC5729494's one-year columns, sizes from the baseline columns: 'Women | 17 (77%) | 19 (95%)').
    The audit tests such a cell at grade likely at most (``n_source: arm_table``)."""
    placed = [g for g in finds if g.fields.get("n_source") == "arm_table" and g.location.startswith("table")]

    def column_of(g: Found) -> tuple[str, str]:
        return g.location.split(" | ", 1)[0], g.location.split(" | column:", 1)[-1]

    for f, n, where in held:
        k, pct = str(f.fields.get("k", "")), str(f.fields.get("percent", ""))
        if " | column:" not in f.location or _within_a_unit(k, pct, n):
            continue  # a truncated share of n (31.81 for 7/22, PMC4752820) is not placed, as before
        row = f.location.split(" | column:", 1)[0]
        in_row = any(g.location.startswith(row + " | column:") and g.location != f.location for g in placed)
        shares = sum(column_of(g) == column_of(f) and g.fields.get("n") == n for g in placed)
        others = sum(column_of(g) == column_of(f) and g is not f and m == n for g, m, _ in held)
        if in_row and shares > others:  # the column's cells are mostly shares of the arm's size
            f.fields["n"], f.fields["n_source"] = n, "arm_table"
            f.review = [r for r in f.review if not r.startswith("n not placed")]
            f.review.append(
                f"n = {n} is the size printed for arm '{f.fields.get('arm')}' in {where}, though the percentage is "
                "not its share: the row's other arms and the column's other rows are shares of their arms' sizes"
            )


def _arm_in_clause(arms: dict[str, Arm], shadow: str, start: int, end: int) -> Arm | None:
    """The one arm named in the clause before ``start`` (at most 80 characters, no sentence break, no other
    number between), else right after ``end`` ('8 (25.8%) in the placebo group')."""
    before = shadow[max(0, start - 80) : start]
    cut = max([m.end() for m in _BREAK.finditer(before)] + [m.end() for m in _DIGITS.finditer(before)] + [0])
    words = set(re.findall(r"[a-z0-9]{2,30}", before[cut:].lower()))
    hits = [a for a in arms.values() if a.words() and a.words() <= words]
    if not hits:
        after = _AFTER.match(shadow, end)
        words = set(re.findall(r"[a-z0-9]{2,30}", after.group("words").lower())) if after else set()
        hits = [a for a in arms.values() if a.words() and a.words() <= words]
    return hits[0] if len(hits) == 1 else None


_AFTER = compile(
    r"\s{0,2}(?:(?:patients|participants|subjects)\s{1,2})?(?:in|on|of|receiving|from|with)\s{1,2}"
    r"(?P<words>[A-Za-z][\w -]{0,40}?)(?=[,;.)]|\s{1,2}(?:and|vs|versus|compared|than)\b|$)"
)
