"""Which standard CI method (Newcombe, Wald, Agresti-Caffo; Student, Welch) reproduces a printed CI.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.
"""

from __future__ import annotations

from ..results import Check
from .rounding import _reported

# =========================================================================== which method


def which_ci_method(
    lower, upper, *, counts: tuple[int, int, int, int] | None = None, means=None, confidence_level=0.95
) -> Check:
    """Which standard method reproduces a printed CI of a difference, within rounding.

    Parameters
    ----------
    lower, upper : str
        The printed bounds (e.g. ``"0.032"``, ``"0.156"``).
    counts : tuple (k1, n1, k2, n2), optional
        For a risk difference: tries Newcombe's hybrid score (Newcombe 1998,
        doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I), Wald
        and Agresti-Caffo (doi:10.1080/00031305.2000.10474560).
    means : tuple (mean1, std1, nobs1, mean2, std2, nobs2), optional
        For a mean difference: tries Student's pooled t and Welch's t.
    confidence_level : float

    Returns
    -------
    Check
        ``consistent`` when at least one method's bounds both lie inside the
        printed bounds' rounding intervals; ``details["reproducing"]`` lists every
        method that does (several may, at coarse printing); ``inconsistent`` when
        none does. The explanation gives each method's interval.

    Examples
    --------
    >>> chk = which_ci_method("0.032", "0.156", counts=(91, 336, 60, 340))
    >>> chk.verdict, chk.details["reproducing"]
    ('consistent', ['newcombe'])
    """
    lo, hi = _reported(lower, "lower"), _reported(upper, "upper")
    if (counts is None) == (means is None):
        raise ValueError("give exactly one of counts=(k1, n1, k2, n2) or means=(m1, s1, n1, m2, s2, n2)")
    results = {}
    if counts is not None:
        from ..stats.proportions import compare_proportions

        for m in ("newcombe", "wald", "agresti-caffo"):
            ci = compare_proportions(*counts, confidence_level=confidence_level, method=m).risk_difference_ci
            results[m] = (ci.low, ci.high)
    else:
        from ..stats.effects import ttest_from_stats

        for m, equal in (("student", True), ("welch", False)):
            ci = ttest_from_stats(*means, equal_var=equal, confidence_level=confidence_level).ci
            results[m] = (ci.low, ci.high)
    reproducing = [m for m, (a, b) in results.items() if lo.contains(a) and hi.contains(b)]
    digits = max(lo.decimals, hi.decimals) + 2
    listing = "; ".join(f"{m} {a:.{digits}f} to {b:.{digits}f}" for m, (a, b) in results.items())
    printed = f"{lo.text} to {hi.text}"
    if reproducing:
        return Check(
            "method_ci",
            "consistent",
            f"CI {printed} printed; reproduced by {', '.join(reproducing)} ({listing}).",
            reported=printed,
            recomputed=", ".join(reproducing),
            details={"reproducing": reproducing, "intervals": results},
        )
    return Check(
        "method_ci",
        "inconsistent",
        f"CI {printed} printed; no standard method reproduces it within rounding ({listing}).",
        reported=printed,
        recomputed="none",
        details={"reproducing": [], "intervals": results},
    )
