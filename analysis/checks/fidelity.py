"""Fidelity: a secondary report's numbers, definitions and denominators against the primary publication.

May import analysis.reported and analysis.results only. A news item or an editorial reports on a study published elsewhere. The ledger's
``primary`` records (``data/README.md``) hold what the cited primary publication
prints for the same quantities. :func:`check_fidelity` compares one secondary
entry's printed numbers with its primary record, rounding-aware: a secondary
``"55.4"`` equals a primary ``"55.4"``; ``91 of 336`` prints as ``27.1``; a
secondary ``"12"`` patients agrees with a primary ``"67%"`` of 18 because
12/18 = 66.67% prints as 67%. Two printed numbers agree when their rounding
intervals overlap (some true value prints as both), the rule the GRIM family
uses for one printed number (Brown & Heathers 2017).

Verdicts:

* ``consistent``: every number both print agrees, the primary defines the
  quantity as the secondary labels it, and the arms match.
* ``inconsistent``: a number the primary prints for the same quantity differs,
  or the number agrees but the primary defines it otherwise (a relapse-free
  remission rate presented as a relapse rate), or the arms are swapped, or the
  denominators differ.
* ``not_testable``: the secondary prints none of the numbers, the number was
  not found in the primary, or the primary reports a differently defined
  quantity with a different number (nothing to compare).

Whether the primary's definition matches the secondary's label is the ledger's
reading (field ``definition_matches``), stated in the explanation with the
primary's definition; the numbers are compared here.

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. Social Psychological
and Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876
"""

from __future__ import annotations

from typing import Mapping, Sequence, Union, cast

from ..reported import NUMBER_WORDS, Reported, parse_reported
from ..results import Check

__all__ = ["check_fidelity", "check_denominator_fidelity", "fidelity_not_found", "Interval"]

#: A derived secondary value: (low, high, text), e.g. the difference of two printed percentages.
Interval = tuple
Printed = Union[str, Sequence[str], Interval, None]
_COUNT_FIELDS = ("n", "k", "total")
_TOL = 1e-9


def _parse(text: str) -> Reported:
    """A printed number; counts in words ("Three") become digits."""
    word = text.strip().lower() if isinstance(text, str) else None
    if word in NUMBER_WORDS:
        return parse_reported(str(NUMBER_WORDS[word]))
    return parse_reported(text)


def _is_word(text) -> bool:
    return isinstance(text, str) and text.strip().lower() in NUMBER_WORDS


def _bounds(x) -> tuple[float, float, str]:
    if isinstance(x, tuple):
        low, high, text = x
        return float(low), float(high), str(text)
    r = _parse(x)
    return r.low, r.high, x


def _compare(field: str, sec, pri, k: str | None, n: str | None) -> tuple[str, str]:
    """Compare one field: ('match' | 'mismatch', words with the numbers)."""
    s_low, s_high, s_text = _bounds(sec)
    if isinstance(pri, list):  # the primary prints the total only by its parts
        total = sum(int(_parse(v).value) for v in pri)
        ok = s_low - _TOL <= total <= s_high + _TOL
        return ("match" if ok else "mismatch", f"{field} {s_text} {'=' if ok else '≠'} {' + '.join(pri)} = {total}")
    p = _parse(pri)
    if p.percent and field in _COUNT_FIELDS and n is not None:  # a count against a printed share of n
        count, total = int(_parse(s_text).value), int(_parse(n).value)
        share = 100 * count / total
        ok = p.contains(share)
        return (
            "match" if ok else "mismatch",
            f"{field} {s_text} of {n} = {share:.2f}%, which {'prints' if ok else 'does not print'} as {pri}",
        )
    if field in _COUNT_FIELDS or _is_word(s_text) or _is_word(pri):  # counts are exact
        ok = not isinstance(sec, tuple) and _parse(s_text).value == p.value
    else:
        ok = max(s_low, p.low) <= min(s_high, p.high) + _TOL
    words = f"{field} {s_text} {'agrees with' if ok else 'differs from'} {pri}"
    if field == "percent" and n is not None:
        nn = int(_parse(n).value)
        if k is not None:
            kk = int(_parse(k).value)
            share = 100 * kk / nn
            in_sec = s_low - _TOL <= share <= s_high + _TOL
            ok = ok and in_sec
            words += f" ({k}/{n} = {share:.2f}%{'' if in_sec else ', which does not print as ' + s_text})"
        else:
            ks = [j for j in range(nn + 1) if p.contains(100 * j / nn)]
            words += (
                f" (of {n}: "
                + (", ".join(f"{j}/{n} = {100 * j / nn:.2f}%" for j in ks) if ks else "no count prints it")
                + ")"
            )
    return ("match" if ok else "mismatch", words)


def _same(a: str, b: str) -> bool:
    """Two printed bounds agree: exactly for whole numbers (ages, counts), else when their
    rounding intervals overlap."""
    ra, rb = _parse(a), _parse(b)
    if ra.decimals == rb.decimals == 0:
        return ra.value == rb.value
    return max(ra.low, rb.low) <= min(ra.high, rb.high) + _TOL


def _ends(sec: Mapping[str, Printed], pri: Mapping[str, Printed]) -> tuple[str, str, str, str]:
    """The two ranges' printed ends: low, high of the secondary, then of the primary (check_fidelity
    compares ranges only when all four are printed)."""
    return cast("tuple[str, str, str, str]", (sec["low"], sec["high"], pri["low"], pri["high"]))


def _end_outside(sec: Mapping[str, Printed], pri: Mapping[str, Printed]) -> str:
    """Where the primary's actual range reaches past the secondary's: ``5`` or ``5 and one 12``."""
    s_low, s_high, p_low, p_high = _ends(sec, pri)
    ends = []
    if not _same(s_low, p_low):
        ends.append(f"{p_low}")
    if not _same(s_high, p_high):
        ends.append(f"{p_high}")
    return " and one ".join(ends)


def _compare_range(sec: Mapping[str, Printed], pri: Mapping[str, Printed]) -> tuple[str, str]:
    s_low, s_high, p_low, p_high = _ends(sec, pri)
    st, pt = f"{s_low}–{s_high}", f"{p_low}–{p_high}"
    if _same(s_low, p_low) and _same(s_high, p_high):
        return "match", f"range {st} agrees with {pt}"
    inside_low = _same(s_low, p_low) or _parse(s_low).value >= _parse(p_low).value
    inside_high = _same(s_high, p_high) or _parse(s_high).value <= _parse(p_high).value
    if inside_low and inside_high:
        return "within", f"range {st} lies inside the primary's {pt}"
    return "mismatch", f"range {st} is not inside the primary's {pt}"


def check_fidelity(
    secondary: Mapping[str, Printed],
    primary: Mapping[str, Printed],
    *,
    definition: str,
    definition_matches: bool = True,
    label: str = "",
    k: str | None = None,
    n: str | None = None,
    secondary_arm: str | None = None,
    primary_arm: str | None = None,
    denominator: str = "",
    range_kind: str | None = None,
) -> Check:
    """Compare a secondary entry's printed numbers with what the primary prints.

    Parameters
    ----------
    secondary : mapping
        Field name -> the number as the secondary printed it (``None`` when it
        prints none), or ``(low, high, text)`` for a value derived from printed
        numbers (the difference of two printed percentages).
    primary : mapping
        Field name -> the number as the primary printed it; a list of printed
        parts for a total the primary prints only by arm (``["336", "340"]``); a
        percentage (``"67%"``) for a count the primary prints only as a share of
        ``n``.
    definition : str
        What the primary's number measures (our words).
    definition_matches : bool
        Whether that is the quantity the secondary's label names.
    label : str
        The secondary's name for the quantity (its ``measure``).
    k, n : str, optional
        The primary's count and denominator for a percentage, as printed.
    secondary_arm, primary_arm : str, optional
        Arm ids; different arms make the check inconsistent (swapped arms).
    denominator : str
        The primary's analysis set in words.
    range_kind : {"actual", "eligibility", "possible"}, optional
        What the primary's printed range is. A secondary range inside it (not equal) is consistent
        only when it is the eligible or possible range; when it is the participants' actual range
        the two contradict each other (some participant sits at the primary's end); when the
        source does not say (None), the row is not_testable with both readings.

    Returns
    -------
    Check
        ``check="fidelity"``; ``details`` holds the per-field comparisons.

    Examples
    --------
    >>> check_fidelity({"percent": "27.1"}, {"percent": "27.1"}, k="91", n="336",
    ...                definition="MADRS <= 10 at week 8").verdict
    'consistent'
    >>> c = check_fidelity({"percent": "21.7"}, {"percent": "21.7"}, n="336", label="relapse",
    ...                    definition="remission at week 8 and no relapse through week 32",
    ...                    definition_matches=False)
    >>> c.verdict, c.explanation.split(":")[0]
    ('inconsistent', 'Same number, different quantity')
    >>> check_fidelity({"n": "12"}, {"n": "67%"}, n="18", definition="received ketamine").explanation
    'Agrees with the primary: n 12 of 18 = 66.67%, which prints as 67%.'
    >>> check_fidelity({"low": "9", "high": "10"}, {"low": "5", "high": "10"}, definition="ages").verdict
    'not_testable'
    """
    compared: list[tuple[str, str, str]] = []
    absent: list[str] = []
    pri = {f: v for f, v in primary.items() if v not in (None, "", [])}
    if "low" in pri and "high" in pri:
        if secondary.get("low") not in (None, "") and secondary.get("high") not in (None, ""):
            st, words = _compare_range(secondary, pri)
            compared.append(("range", st, words))
        else:
            absent.append(f"range {pri['low']}–{pri['high']}")
        pri = {f: v for f, v in pri.items() if f not in ("low", "high")}
    for field, pv in pri.items():
        sv = secondary.get(field)
        if sv in (None, ""):
            shown = " + ".join(pv) if isinstance(pv, list) else pv
            absent.append(f"{field} {shown}")
            continue
        st, words = _compare(field, sv, pv, k, n)
        compared.append((field, st, words))
    details = {
        "compared": [{"field": f, "status": s, "words": w} for f, s, w in compared],
        "not_in_secondary": absent,
        "definition": definition,
        "definition_matches": bool(definition_matches),
        "denominator": denominator,
    }
    printed_p = "; ".join(
        f"{f}={' + '.join(v) if isinstance(v, list) else v}" for f, v in primary.items() if v not in (None, "", [])
    )
    printed_s = "; ".join(
        f"{f}={v[2] if isinstance(v, tuple) else v}" for f, v in secondary.items() if v not in (None, "")
    )
    den = f" Denominator in the primary: {denominator}." if denominator else ""
    omitted = f" Printed by the primary only: {', '.join(absent)}." if absent else ""
    if secondary_arm and primary_arm and secondary_arm != primary_arm:
        return Check(
            "fidelity",
            "inconsistent",
            f"Arms swapped: the secondary gives this number to arm '{secondary_arm}', the primary "
            f"to arm '{primary_arm}'.{den}",
            reported=printed_s,
            recomputed=printed_p,
            details=details,
        )
    if not compared:
        return Check(
            "fidelity",
            "not_testable",
            f"The secondary prints none of the primary's numbers here ({definition}).{omitted}",
            reported=printed_s,
            recomputed=printed_p,
            details=details,
        )
    words = "; ".join(w for _, _, w in compared)
    mismatch = any(s == "mismatch" for _, s, _ in compared)
    within = any(s == "within" for _, s, _ in compared)
    what = f" ({label})" if label else ""
    named = f"the secondary's '{label}'" if label else "the quantity the secondary names"
    if not mismatch and definition_matches and within and range_kind not in ("eligibility", "possible"):
        rng = next(w for f, s, w in compared if f == "range")
        sec_rng = f"{secondary['low']}–{secondary['high']}"
        pri_rng = f"{primary['low']}–{primary['high']}"
        both = (
            f"if {pri_rng} is the eligible (or possible) range, both hold; if it is the participants' "
            f"actual range, some participant was {_end_outside(secondary, primary)}, and {sec_rng} is wrong"
        )
        if range_kind == "actual":
            return Check(
                "fidelity",
                "inconsistent",
                f"The primary's {pri_rng} is the participants' actual range: {rng}, but then some "
                f"participant was {_end_outside(secondary, primary)}, outside {sec_rng}.{den}{omitted}",
                reported=printed_s,
                recomputed=printed_p,
                details=details,
            )
        return Check(
            "fidelity",
            "not_testable",
            f"Two readings: {rng}; {both}. The primary does not say which.{den}{omitted}",
            reported=printed_s,
            recomputed=printed_p,
            details={**details, "readings": 2},
        )
    if not mismatch and definition_matches:
        caveat = f" The primary's range is the {range_kind} range, so a narrower one fits inside it" if within else ""
        return Check(
            "fidelity",
            "consistent",
            f"Agrees with the primary: {words}.{caveat and caveat + '.'}{den}{omitted}".replace("..", "."),
            reported=printed_s,
            recomputed=printed_p,
            details=details,
        )
    if not mismatch:
        return Check(
            "fidelity",
            "inconsistent",
            f"Same number, different quantity: {words}, but the primary defines it as {definition}, "
            f"not as {named}.{den}{omitted}",
            reported=printed_s,
            recomputed=printed_p,
            details=details,
        )
    if definition_matches:
        return Check(
            "fidelity",
            "inconsistent",
            f"The primary prints another number for the same quantity: {words} ({definition}).{den}{omitted}",
            reported=printed_s,
            recomputed=printed_p,
            details=details,
        )
    return Check(
        "fidelity",
        "not_testable",
        f"The primary reports a differently defined quantity ({definition}) with another number: "
        f"{words}; the secondary's{what} number is not among what could be read of the primary.{den}"
        f"{omitted}",
        reported=printed_s,
        recomputed=printed_p,
        details=details,
    )


def check_denominator_fidelity(
    secondary_total: str, primary_ns: Sequence[str], *, what: str = "", denominators: Sequence[str] = ()
) -> Check:
    """The total a secondary gives for a comparison against the primary's denominators.

    Consistent when the primary's per-arm denominators add up to the secondary's
    total; inconsistent otherwise (the secondary's percentages are then of
    another analysis set than the size it names).

    Examples
    --------
    >>> check_denominator_fidelity("676", ["336", "340"]).verdict
    'consistent'
    >>> check_denominator_fidelity("403", ["195", "170"]).explanation.split(":")[0]
    'Different denominators'
    """
    total = int(_parse(secondary_total).value)
    ns = [int(_parse(x).value) for x in primary_ns]
    sets = "; ".join(denominators)
    extra = f": {sets}" if sets else ""
    if sum(ns) == total:
        return Check(
            "fidelity",
            "consistent",
            f"Denominators agree: the primary's {' + '.join(map(str, ns))} = {sum(ns)} is the "
            f"secondary's {total}{extra}.",
            reported=secondary_total,
            recomputed=" + ".join(primary_ns),
            details={"total": total, "primary_ns": ns},
        )
    return Check(
        "fidelity",
        "inconsistent",
        f"Different denominators: the secondary gives {total} as the size behind {what or 'these percentages'}; "
        f"the primary computes them on {' + '.join(map(str, ns))} = {sum(ns)}, "
        f"{abs(total - sum(ns))} {'fewer' if sum(ns) < total else 'more'}{extra}.",
        reported=secondary_total,
        recomputed=" + ".join(primary_ns),
        details={"total": total, "primary_ns": ns},
    )


def fidelity_not_found(definition: str, note: str = "") -> Check:
    """A primary number that could not be found: listed, never guessed.

    >>> fidelity_not_found("pooled SMD").verdict
    'not_testable'
    """
    return Check(
        "fidelity",
        "not_testable",
        f"Not found in the primary publication as read: {definition}." + (f" {note}" if note else ""),
        details={"definition": definition},
    )
