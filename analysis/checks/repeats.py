"""The same quantity printed twice in one document: the two prints against each other, over rounding.

May import analysis.reported and analysis.results; never the ledger, auditing or report.
"""

from __future__ import annotations

from typing import Mapping

from ..reported import NUMBER_WORDS
from ..results import Check
from .rounding import _reported

__all__ = ["check_same_quantity"]


def check_same_quantity(first: Mapping[str, str], second: Mapping[str, str], *, where: str = "") -> Check:
    """Two prints of one quantity (field -> number as printed) against each other.

    Parameters
    ----------
    first, second : mapping
        The printed numbers of the two entries, by field (``{"value": "56"}``, ``{"low": "0.5", "high": "1.0"}``,
        ``{"k": "two", "n": "three"}``). Fields printed by only one of them are not compared.
    where : str
        Where the two are printed (for the explanation).

    Returns
    -------
    Check
        ``same_quantity``: consistent when every shared field's rounding intervals overlap ("two" and
        "Two" are the same count, "1.0" and "1" the same number); inconsistent when one does not (the
        two prints cannot both be right); not_testable when they share no number (statements restated
        in words).

    Examples
    --------
    >>> check_same_quantity({"value": "56"}, {"value": "56"}).verdict
    'consistent'
    >>> check_same_quantity({"value": "0.25"}, {"value": "0.5"}).verdict
    'inconsistent'
    """
    shared = [f for f in first if f in second and first[f] not in (None, "") and second[f] not in (None, "")]
    at = f" ({where})" if where else ""
    if not shared:
        return Check(
            "same_quantity",
            "not_testable",
            f"Printed twice{at}, in words only: no number to compare.",
            reported="restated",
        )
    diffs: list[str] = []
    same: list[str] = []

    def num(x, f) -> tuple[float, float]:  # a count in words ("two", "Two") is exact
        w = str(x).strip().lower()
        if w in NUMBER_WORDS:
            return float(NUMBER_WORDS[w]), float(NUMBER_WORDS[w])
        r = _reported(x, f, exact=False)
        return r.low, r.high

    for f in shared:
        a, b = num(first[f], f), num(second[f], f)
        (same if max(a[0], b[0]) <= min(a[1], b[1]) + 1e-12 else diffs).append(
            f"{f} {str(first[f]).strip()} and {str(second[f]).strip()}"
        )
    shown = "; ".join(f"{f}={first[f]}" for f in shared)
    if diffs:
        return Check(
            "same_quantity",
            "inconsistent",
            f"The same quantity is printed twice{at} with values that cannot both be right: {'; '.join(diffs)}",
            reported=shown,
            recomputed="; ".join(f"{f}={second[f]}" for f in shared),
        )
    return Check(
        "same_quantity",
        "consistent",
        f"Printed twice{at}, the same both times: {'; '.join(same)}",
        reported=shown,
        recomputed="; ".join(f"{f}={second[f]}" for f in shared),
    )
