"""Claims in words against the numbers: does "greater", "less" or "equal" hold within rounding.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.
"""
from __future__ import annotations

from ..results import Check, check_method
from .rounding import _EPS, _reported

__all__ = ["RELATIONS", "check_direction"]

#: Valid ``relation=`` values of :func:`check_direction`.
RELATIONS = ("greater", "less", "equal")


def check_direction(a, b, relation) -> Check:
    """Does the order of two printed numbers match what the text claims?

    Parameters
    ----------
    a, b : str
        The two numbers as printed.
    relation : {"greater", "less", "equal"}
        The claim: ``a`` is greater than, less than, or equal to ``b``.

    Returns
    -------
    Check

    Notes
    -----
    ``greater`` is consistent when some values in the rounding intervals have ``a > b``
    (``a.high > b.low``); ``less`` likewise; ``equal`` when the intervals overlap. Two numbers
    printed the same therefore fit any claim: rounding hides their order. ``margin`` is how
    far the intervals go past the edge of the claim: ``a.high - b.low`` for ``greater``,
    ``b.high - a.low`` for ``less``, the overlap for ``equal``; positive when consistent,
    negative (the shortfall) when not.

    Examples
    --------
    >>> print(check_direction("30.6", "20.3", "less").explanation)
    30.6 is claimed less than 20.3, but it is greater, even over the rounding of both
    >>> check_direction("30.6", "20.3", "greater").verdict
    'consistent'
    """
    check_method(relation, RELATIONS, "relation")
    ra, rb = _reported(a, "a", exact=False), _reported(b, "b", exact=False)
    ta, tb = ra.text.strip(), rb.text.strip()
    # margin: how far the rounding intervals go past the edge of the claim (> 0 allows it)
    if relation == "greater":
        margin = ra.high - rb.low
        ok = margin > 0
    elif relation == "less":
        margin = rb.high - ra.low
        ok = margin > 0
    else:
        margin = min(ra.high, rb.high) - max(ra.low, rb.low)
        ok = margin >= -_EPS
    face = "greater than" if ra.value > rb.value else "less than" if ra.value < rb.value else "equal to"
    details = {"a": ra.value, "b": rb.value, "relation": relation, "difference": ra.value - rb.value}
    word = "equal to" if relation == "equal" else f"{relation} than"
    if ok:
        return Check("direction", "consistent",
                     f"{ta} is claimed {word} {tb}; at face value it is {face} {tb}"
                     + ("" if face == word else ", and rounding allows the claim"),
                     reported=f"{ta} {word} {tb}", recomputed=f"{ta} {face} {tb}",
                     margin=margin, details=details)
    actual = "greater" if ra.value > rb.value else "less"
    if relation == "equal":
        expl = f"{ta} is claimed equal to {tb}, but it is {actual}, even over the rounding of both"
    else:
        expl = f"{ta} is claimed {relation} than {tb}, but it is {actual}, even over the rounding of both"
    return Check("direction", "inconsistent", expl, reported=f"{ta} {word} {tb}",
                 recomputed=f"{ta} {face} {tb}", margin=margin, details=details)
