"""Multiplicity: each P a source calls significant, held against the family of tests the source says it ran
(Bonferroni, Holm, and the Benjamini-Hochberg q when every P of the family is printed).

May import analysis.reported, analysis.results and other check modules; never the ledger, auditing or
report. The adjustments are statsmodels' ``multipletests``.
"""

from __future__ import annotations

from typing import Sequence

from ..results import Check, check_method
from .rounding import _EPS, _count, _p_interval

__all__ = ["CORRECTIONS", "check_multiplicity"]

#: corrections a source may name (``correction=``); ``none`` means the source says it did not correct
CORRECTIONS = ("none", "bonferroni", "holm", "bh")
_SM = {"bonferroni": "bonferroni", "holm": "holm", "bh": "fdr_bh"}
_NAMES = {"bonferroni": "Bonferroni", "holm": "Holm", "bh": "Benjamini-Hochberg"}


def _adjusted(ps: Sequence[float], m: int, method: str, unknown: float = 1.0) -> list[float]:
    """Adjusted P of ``ps`` in a family of ``m`` tests whose other P are taken as ``unknown``.

    Bonferroni does not depend on the other P. Holm does: taken as 1 (larger than every printed P) they
    give the printed ones the first ranks, the *largest* Holm-adjusted P; taken as 0 they give them the
    last ranks, the smallest (the best case for the printed ones)."""
    from statsmodels.stats.multitest import multipletests

    full = list(ps) + [unknown] * (m - len(ps))
    return [float(x) for x in multipletests(full, alpha=0.05, method=_SM[method])[1][: len(ps)]]


def _words(meth: str, p_larger: float, p_smaller: float, unprinted: int, alpha: float) -> str:
    """One method's adjusted P in words; Holm's with both readings of the P not printed when they differ."""

    def said(p):
        return f"{p:.3g} ({'survives' if p <= alpha + _EPS else 'does not survive'} {alpha:g})"

    if meth != "holm" or not unprinted or f"{p_larger:.3g}" == f"{p_smaller:.3g}":
        return f"{_NAMES[meth]}-adjusted P {said(p_larger)}"
    return (
        f"Holm-adjusted P {said(p_larger)} if the {unprinted} P not printed are larger, "
        f"{said(p_smaller)} if they are smaller"
    )


def check_multiplicity(
    ps: Sequence,
    size,
    *,
    counts: str = "",
    correction: str | None = None,
    alpha: float = 0.05,
    labels: Sequence[str] | None = None,
) -> list[Check]:
    """Each printed P called significant against a family of ``size`` tests.

    Parameters
    ----------
    ps : sequence of str
        The printed P of the family's results that the source prints (``"0.005"``, ``"<.001"``).
    size : int
        How many tests the family holds (what the source says it tested).
    counts : str
        What the family counts, in words ("11 metabolites x 2 outcomes"), for the explanation.
    correction : {"none", "bonferroni", "holm", "bh"}, optional
        The correction the source names; None when it names none.
    alpha : float
        The family-wise (or false discovery) level.
    labels : sequence of str, optional
        A name for each P in the explanation.

    Returns
    -------
    list of Check
        One ``multiplicity`` check per P printed at or below ``alpha`` (the ones called significant):
        ``consistent`` when it survives the correction the source names (without one: Bonferroni and
        Holm); ``inconsistent`` when even the smallest value its rounding allows does not, an
        assumption-dependent finding whose ``assumptions`` say what it rests on (the family, no
        pre-specified correction); P above ``alpha`` get no row.

    Notes
    -----
    Bonferroni multiplies each P by the family size; Holm's step-down (1979) compares the i-th smallest
    with alpha / (m - i + 1). With only some P printed, Holm depends on the others: larger
    than the printed ones (the usual reading when the source calls no other significant) they give the
    largest Holm-adjusted P, smaller ones the smallest; the verdict takes the smallest (a printed P
    fails Holm only when it fails whatever the others are) and the explanation gives both. The Benjamini-Hochberg (1995) q is
    given only when every P of the family is printed; it controls the false discovery rate, not the
    family-wise error.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand J Stat 6:65-70.
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. J R Stat Soc B
    57:289-300. doi:10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    Sakurai 2025: 11 metabolites against two outcomes, P = 0.005 and 0.007 for one metabolite:

    >>> [c.verdict for c in check_multiplicity(["0.005", "0.007"], 22)]
    ['inconsistent', 'inconsistent']
    """
    m = _count(size, "size", 1)
    if correction is not None:
        check_method(correction, CORRECTIONS, "correction")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha ({alpha!r}) must be in (0, 1)")
    if isinstance(ps, (str, bytes)) or not hasattr(ps, "__len__"):
        raise ValueError(f"ps ({ps!r}) must be a sequence of printed P values")
    parsed = [_p_interval(p) for p in ps]
    if len(parsed) > m:
        raise ValueError(f"ps holds {len(parsed)} P values, more than the family size ({m})")
    labels = list(labels) if labels is not None else [f"P {r.text.strip()}" for r, _, _ in parsed]
    lows = [lo for _, lo, _ in parsed]
    methods = ["bonferroni", "holm"] if correction in (None, "none") else [correction]
    if correction == "bh" and len(parsed) < m:
        return [
            Check(
                "multiplicity",
                "not_testable",
                f"{lab}: the source names Benjamini-Hochberg over {m} tests but prints {len(parsed)} of their "
                "P; the q values need all of them",
                reported=lab,
            )
            for lab, lo in zip(labels, lows)
            if lo <= alpha + _EPS
        ]
    # the most favourable reading: the smallest value each P's rounding allows, and for Holm the P not
    # printed below the printed ones (a source naming Holm may have tested others that were smaller)
    best = {meth: _adjusted(lows, m, meth, unknown=0.0) for meth in methods}
    face = {meth: _adjusted([r.value for r, _, _ in parsed], m, meth) for meth in methods}
    face0 = {meth: _adjusted([r.value for r, _, _ in parsed], m, meth, unknown=0.0) for meth in methods}
    unprinted = m - len(parsed)
    bh = _adjusted([r.value for r, _, _ in parsed], m, "bh") if len(parsed) == m else None
    family = f"a family of {m} tests" + (f" ({counts})" if counts else "")
    out = []
    for i, (lab, lo) in enumerate(zip(labels, lows)):
        if lo > alpha + _EPS:
            continue
        survives = {meth: best[meth][i] <= alpha + _EPS for meth in methods}
        words = "; ".join(_words(meth, face[meth][i], face0[meth][i], unprinted, alpha) for meth in methods)
        q = (
            f"; Benjamini-Hochberg q {bh[i]:.3g}"
            if bh is not None
            else (f"; no Benjamini-Hochberg q: {len(parsed)} of the {m} P are printed")
        )
        thr = f"Bonferroni threshold {alpha:g}/{m} = {alpha / m:.3g}"
        details = {"size": m, "adjusted": {k: v[i] for k, v in face.items()}, "bh_q": bh[i] if bh else None}
        recomputed = ", ".join(f"{meth} {face[meth][i]:.3g}" for meth in methods)
        if all(survives.values()) and not all(face[meth][i] <= alpha + _EPS for meth in methods) and unprinted:
            # survives only if the P not printed are smaller than the printed ones: the text does not say
            out.append(
                Check(
                    "multiplicity",
                    "not_testable",
                    f"{lab} in {family}: whether it survives depends on the {unprinted} P not printed: {words}{q}",
                    reported=lab,
                    recomputed=recomputed,
                    details=details,
                )
            )
            continue
        if all(survives.values()):
            out.append(
                Check(
                    "multiplicity",
                    "consistent",
                    f"{lab} in {family}: {words}{q}",
                    reported=lab,
                    recomputed=recomputed,
                    details=details,
                )
            )
            continue
        if correction in (None, "none"):
            assumptions: tuple[str, ...] = (
                f"these {m} tests are one family",
                "no correction for them was pre-specified",
                "the printed P are unadjusted",
            )
            lead = f"{lab} is called significant, but in {family} it does not survive correction"
        else:
            assumptions = (
                f"these {m} tests are the family the {_NAMES[correction]} correction was applied to",
                "the printed P are unadjusted",
            )
            lead = f"{lab} is called significant after {_NAMES[correction]} correction, but does not survive it"
        out.append(
            Check(
                "multiplicity",
                "inconsistent",
                f"{lead}: {thr}; {words}{q}",
                reported=lab,
                recomputed=recomputed,
                details=details,
                grade="likely",
                assumptions=assumptions,
            )
        )
    return out
