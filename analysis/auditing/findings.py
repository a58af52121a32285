"""Certain checks, rounding readings and one finding per row (issue 16 items 1, 3 and 4).

May import analysis.ledger, analysis.checks, analysis.reported and this package's registry and preconditions.

- ``ci_order`` (a lower bound above the upper) and ``estimate_in_ci`` (an estimate outside its own CI), at
  grade ``error``, after ruling out a misread pairing (an estimate printed as a bound, ``p < .001``; in a
  draft, an estimate printed apart from the CI, or a standardized effect beside a CI of another scale).
- :func:`rounding_reading`: a printed percentage or mean that truncation or double rounding reproduces
  (46.6 for 14/30) is graded ``rounding``, not an inconsistency of the numbers.
- :func:`smaller_n`: a count and percentage that a smaller n reproduces (missing data, a subset): "fits
  n = ..., not the printed N".
- :func:`one_row_per_finding`: the checks that saw the same wrong number are one row, naming them; the same
  result printed twice (abstract and results) is one row citing both entries.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from ..ledger import Entry, Study
from ..reported import parse_reported
from ..results import GRADES, Check
from .preconditions import PAIRED_PRINT
from .registry import register, row

__all__ = ["rounding_reading", "smaller_n", "any_n", "one_row_per_finding", "same_result_rows"]

_CI_KINDS = ("estimate_ci_p", "comparison")
#: kinds whose identical prints (three numbers or more) in one document are one result printed twice
_TWIN_KINDS = ("estimate_ci_p", "test_statistic", "mean_sd")
_NUMBERS = ("estimate", "lower", "upper", "p", "statistic", "df", "mean", "sd", "n")


def _printed_decimal(printed: str) -> tuple[Decimal, int]:
    r = parse_reported(printed)
    return Decimal(r.text.strip().lstrip("+").replace("−", "-")), r.decimals


def rounding_reading(printed: str, values, ceiling: bool = True) -> str | None:
    """How one rounding step reproduces ``printed`` from one of ``values`` (Fractions), or None.

    Truncation (46.67 printed as 46.6), rounding up (33.33 printed as 33.4, as rct-extraction-dev PMC3751573 prints
    every percentage) and double rounding (first to one more decimal, then half up: 0.2449 -> 0.245 -> 0.25) are
    tried (rounding up only with ``ceiling``: it reproduces almost any print one unit above, so only where the
    numbers are printed together).

    >>> from fractions import Fraction
    >>> rounding_reading("46.6", [Fraction(1400, 30)])
    'truncated, not rounded: 46.667 printed as 46.6'
    >>> rounding_reading("0.25", [Fraction(2449, 10000)])
    'rounded twice (to 0.245, then 0.25): 0.2449 printed as 0.25'
    >>> rounding_reading("33.4", [Fraction(800, 24)])
    'rounded up (a ceiling), not to the nearest: 33.333 printed as 33.4'
    >>> rounding_reading("46.7", [Fraction(1400, 30)]) is None
    True
    """
    try:
        target, d = _printed_decimal(printed)
    except (ValueError, ArithmeticError):
        return None
    q = Decimal(1).scaleb(-d)
    for v in values:
        exact = Decimal(v.numerator) / Decimal(v.denominator)
        if exact.quantize(q, rounding=ROUND_HALF_UP) == target:
            continue  # ordinary rounding: not a rounding finding
        trunc = Decimal(math.trunc(v * 10 ** d)) / (10 ** d)
        if trunc == target:
            return f"truncated, not rounded: {float(exact):.{d + 2}f} printed as {printed}"
        once = exact.quantize(q / 10, rounding=ROUND_HALF_UP)
        if once.quantize(q, rounding=ROUND_HALF_UP) == target:
            return f"rounded twice (to {once}, then {target}): {float(exact):.{d + 2}g} printed as {printed}"
        up = Decimal(math.ceil(v * 10 ** d)) / (10 ** d)
        if ceiling and up == target:
            return f"rounded up (a ceiling), not to the nearest: {float(exact):.{d + 2}f} printed as {printed}"
    return None


def smaller_n(percent: str, k: int, n: int, lowest: int | None = None) -> int | None:
    """The largest n' below ``n`` (down to ``lowest``, default half of n, at most 10,000 tried) whose count ``k``
    prints as ``percent``: a denominator with missing data or a subset, or None.

    >>> smaller_n("50.0", 14, 30)
    28
    >>> smaller_n("46.7", 14, 30) is None  # 14/30 itself prints as 46.7
    True
    """
    r = parse_reported(percent)
    lo = max(k, 1, lowest if lowest is not None else n // 2, n - 10_000)
    for m in range(n - 1, lo - 1, -1):
        if r.low <= 100 * k / m <= r.high:
            return m
    return None


def any_n(percent: str, k: int) -> int | None:
    """Some denominator n' >= k whose count ``k`` prints as ``percent`` (the one nearest 100 k / percent), or None
    when none does: a count and its percentage that disagree whatever the n.

    >>> any_n("21", 6), any_n("42.1", 139)
    (29, 330)
    >>> any_n("50", 0) is None
    True
    """
    r = parse_reported(percent)
    if r.high <= 0:
        return None
    lo = max(k, 1, math.ceil(100 * k / r.high - 1e-9))
    hi = math.floor(100 * k / r.low + 1e-9) if r.low > 0 else lo + 10_000
    centre = round(100 * k / r.value) if r.value > 0 else lo
    for m in sorted(range(lo, min(hi, lo + 10_000) + 1), key=lambda m: abs(m - centre)):
        if r.low <= 100 * k / m <= r.high:
            return m
    return None


# --------------------------------------------------------------------------- the certain checks

def _has_ci(study: Study, e: Entry) -> bool:
    return e.has("lower") and e.has("upper")


def _ci_ordered(study: Study, e: Entry) -> bool:
    try:
        return not _has_ci(study, e) or e.reported("lower").value <= e.reported("upper").value
    except ValueError:
        return False


@register(_CI_KINDS, "ci_order", grade="error", applies=lambda s, e: _has_ci(s, e) and not _ci_ordered(s, e))
def _ci_order(study: Study, e: Entry, premises, context) -> Check:
    """A lower bound above the upper: the bounds printed upper first when the estimate lies between them
    (a convention of some journals for negative differences), impossible when it lies outside both."""
    lo, hi = e.get("lower"), e.get("upper")
    shown = f"{e.get('estimate')} ({lo} to {hi})" if e.has("estimate") else f"{lo} to {hi}"
    try:
        est, a, b = (e.reported(f) for f in ("estimate", "upper", "lower")) if e.has("estimate") else (None,) * 3
    except ValueError:
        est = None
    if est is not None and a.low <= est.high and est.low <= b.high:
        return Check("ci_order", "consistent", f"the bounds are printed upper first ({lo} to {hi}); the estimate "
                     f"{e.get('estimate')} lies between them", reported=shown, recomputed=f"{hi} to {lo}")
    if est is not None and PAIRED_PRINT.establish(study, e).holds:
        return Check("ci_order", "inconsistent", f"the CI's lower bound {lo} is above its upper bound {hi}, and the "
                     f"estimate {e.get('estimate')} lies outside them in either order: impossible as printed (a "
                     "misprinted bound or estimate)", reported=shown, recomputed="outside")
    return Check("ci_order", "not_testable", f"the bounds {lo} to {hi} are printed upper first, or one is misprinted: "
                 "without an estimate printed with them that cannot be told", reported=shown)


@register(_CI_KINDS, "estimate_in_ci", needs=(PAIRED_PRINT,), grade="error",
          applies=lambda s, e: _has_ci(s, e) and e.has("estimate") and _ci_ordered(s, e))
def _estimate_in_ci(study: Study, e: Entry, premises, context) -> list:
    est, lo, hi = (e.reported(f) for f in ("estimate", "lower", "upper"))
    if lo.low <= est.high and est.low <= hi.high:
        return []  # inside (within rounding): the other checks speak of it
    side = "below the lower bound" if est.high < lo.low else "above the upper bound"
    return [row(study, [e.id], Check("estimate_in_ci", "inconsistent",
                  f"the estimate {e.get('estimate')} lies {side} of its own CI {e.get('lower')} to {e.get('upper')}, "
                  "even over rounding: impossible for any interval around it (a misprinted bound or estimate)",
                  reported=f"{e.get('estimate')} ({e.get('lower')} to {e.get('upper')})", recomputed="outside"))]


# --------------------------------------------------------------------------- one finding, one row

def _rank(r: dict) -> int:
    return GRADES.index(r["grade"]) if r.get("grade") in GRADES else len(GRADES)


def one_row_per_finding(study: Study, rows: list[dict]) -> list[dict]:
    """Inconsistent rows of one entry become one row (the top-graded, naming the other checks that saw it); the
    same inconsistent result printed for two entries with the same numbers becomes one row citing both."""
    first: dict[str, dict] = {}
    out: list[dict] = []
    for r in rows:
        if r["verdict"] != "inconsistent" or r["check"] in ("fidelity", "one_assumption", "same_p"):
            out.append(r)
            continue
        key = r["entry_ids"].split(",")[0]
        kept = first.get(key)
        if kept is None:
            first[key] = r
            out.append(r)
            continue
        top, other = (kept, r) if _rank(kept) <= _rank(r) else (r, kept)
        top["explanation"] = top["explanation"].rstrip(".") + f". Also seen by {other['check']}: {other['explanation']}"
        top["also_seen_by"] = ",".join(filter(None, [top.get("also_seen_by"), other["check"]]))
        if top is r:
            out[out.index(kept)] = r
            first[key] = r
    by_print: dict[tuple, dict] = {}
    merged: list[dict] = []
    entries = {e.id: e for e in study.entries}
    for r in out:
        e = entries.get(r["entry_ids"].split(",")[0])
        if (r["verdict"] != "inconsistent" or e is None or "," in r["entry_ids"] or e.kind not in _TWIN_KINDS
                or len([f for f in _NUMBERS if e.has(f)]) < 3):
            merged.append(r)
            continue
        key = (r["check"], e.kind, e.values())
        twin = by_print.get(key)
        if twin is None:
            by_print[key] = r
            merged.append(r)
            continue
        twin["entry_ids"] += "," + r["entry_ids"]
        twin["explanation"] = twin["explanation"].rstrip(".") + (f". The same numbers are printed again as "
                                                                 f"{r['entry_ids']} ({e.fragment!r}): one finding.")
    return merged


# --------------------------------------------------------------------------- one result printed twice

def same_result_rows(study: Study) -> list[dict]:
    """One CI printed twice with estimates or P values that cannot both be right (one ``same_result`` row per pair):
    two estimates whose rounding intervals do not meet cannot share a CI computed around each (a copied CI), and
    one estimate and CI printed alike cannot have two P values no value satisfies both of (a copied row or a
    misprinted P). Both must be estimates printed with their CI (``paired_print``).

    Seen in statcheck-dev 09567976241227411 (an OR row repeating its neighbour's OR and CI with another P) and
    09567976231190546 (three coefficients printed with one CI [-0.10, 0.20]), both adjudicated real.
    """
    seen: dict[tuple, Entry] = {}
    rows = []
    for e in study.of_kind("estimate_ci_p"):
        if not e.has("estimate"):
            continue
        key = tuple(str(e.get(f)).strip() for f in ("lower", "upper"))
        if key[0] == key[1] or sum(c.isdigit() for c in "".join(key)) < 5:
            continue  # too few digits for two equal prints to mean one interval
        if not PAIRED_PRINT.establish(study, e).holds:
            continue  # not an estimate printed with its CI (an F with its df, a P read as an estimate ...)
        first = seen.setdefault(key, e)
        if first is e:
            continue
        try:
            ea, eb = first.reported("estimate"), e.reported("estimate")
            pa, pb = (first.reported("p"), e.reported("p")) if first.has("p") and e.has("p") else (None, None)
        except ValueError:
            continue
        both = f"({first.fragment!r}; {e.fragment!r})"
        if ea.high < eb.low or eb.high < ea.low:
            words = (f"the CI {key[0]} to {key[1]} is printed for two estimates, {first.get('estimate')} and "
                     f"{e.get('estimate')} {both}: one interval cannot be around both (a copied CI)")
            shown = f"{first.get('estimate')} and {e.get('estimate')} ({key[0]} to {key[1]})"
        elif (pa is not None and str(first.get("estimate")).strip() == str(e.get("estimate")).strip()
              and (pa.high < pb.low or pb.high < pa.low)):
            words = (f"{e.get('estimate')} ({key[0]} to {key[1]}) is printed twice {both} with P = {first.get('p')} "
                     f"and P = {e.get('p')}: one result cannot have both (a copied row, or a misprinted P)")
            shown = f"P = {first.get('p')} vs P = {e.get('p')}"
        else:
            continue
        rows.append(row(study, [first.id, e.id], Check(
            "same_result", "inconsistent", words, reported=shown, recomputed="one result",
            assumptions=("one CI printed alike (to every digit) belongs to one result",))))
    return rows
