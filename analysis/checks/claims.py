"""Claims in words against the numbers: "greater", "less" or "equal" between two numbers; "significant",
"no change", "trend", "noninferior", "a minority", "remained"... against the p, CI or share they speak of.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.
"""

from __future__ import annotations

import math
import re

from ..reported import Reported
from ..results import Check, check_confidence_level, check_method
from .rounding import _EPS, _count, _p_interval, _reported

__all__ = ["RELATIONS", "check_direction", "CLAIM_WORDS", "ALPHA", "TREND_UPPER", "check_claim"]

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
        return Check(
            "direction",
            "consistent",
            f"{ta} is claimed {word} {tb}; at face value it is {face} {tb}"
            + ("" if face == word else ", and rounding allows the claim"),
            reported=f"{ta} {word} {tb}",
            recomputed=f"{ta} {face} {tb}",
            margin=margin,
            details=details,
        )
    actual = "greater" if ra.value > rb.value else "less"
    if relation == "equal":
        expl = f"{ta} is claimed equal to {tb}, but it is {actual}, even over the rounding of both"
    else:
        expl = f"{ta} is claimed {relation} than {tb}, but it is {actual}, even over the rounding of both"
    return Check(
        "direction",
        "inconsistent",
        expl,
        reported=f"{ta} {word} {tb}",
        recomputed=f"{ta} {face} {tb}",
        margin=margin,
        details=details,
    )


# =========================================================================== claims in words

#: Valid ``word=`` values of :func:`check_claim`, by the numbers each is checked against.
CLAIM_WORDS = {
    "significant": "p_ci",
    "not_significant": "p_ci",
    "no_change": "p_ci",
    "no_difference": "p_ci",
    "trend": "p_ci",
    "similar": "p_ci",
    "superior": "margin",
    "noninferior": "margin",
    "majority": "share",
    "most": "share",
    "minority": "share",
    "all": "share",
    "none": "share",
    "remained": "subset",
}
#: The conventions the words are read with: significance at alpha = 0.05 (two-sided); a "trend"
#: is 0.05 < p <= 0.10, the band the words are commonly used for (Wood et al. 2014, BMJ
#: 348:g2215, doi:10.1136/bmj.g2215, count it as a misreading of a non-significant result).
ALPHA = 0.05
TREND_UPPER = 0.10
#: The CI level at which "similar" with a margin is judged: two one-sided tests at alpha = 0.05
#: (Schuirmann 1987) are the 90% CI within the margin.
EQUIVALENCE_LEVEL = 0.90
_NULL = {"linear": 0.0, "log": 1.0}
_NOT_SIG = ("not_significant", "no_change", "no_difference")


def _derived(x, name: str) -> Reported:
    """A printed number (str), or a derived value (float) or range ``(low, high)`` standing for itself."""
    if isinstance(x, tuple) and len(x) == 2 and all(isinstance(v, (int, float)) for v in x):
        lo, hi = float(min(x)), float(max(x))
        return Reported(text=f"{lo:.3g} to {hi:.3g}", value=(lo + hi) / 2, decimals=3, low=lo, high=hi)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"{name} ({x!r}) must be finite")
        return Reported(text=f"{x:.3g}", value=x, decimals=3, low=x, high=x)
    return _reported(x, name, exact=False)


def _txt(r: Reported) -> str:
    return r.text.strip()


def _ci_txt(lr: Reported, ur: Reported, what: str = "the CI") -> str:
    """``the CI -0.32 to 0.12``; with a bound given as a range, each bound named."""
    if " to " not in lr.text + ur.text:  # printed or single derived values
        return f"{what} {_txt(lr)} to {_txt(ur)}"
    return f"{what} (lower bound {_txt(lr)}, upper bound {_txt(ur)})"


def check_claim(
    word,
    *,
    p=None,
    estimate=None,
    lower=None,
    upper=None,
    scale="linear",
    side=None,
    margin=None,
    better="higher",
    percent=None,
    k=None,
    n=None,
    subset=None,
    superset=None,
    alpha=ALPHA,
    confidence_level=0.95,
    equivalence_level=EQUIVALENCE_LEVEL,
    df=None,
) -> Check:
    """A claim in words against the numbers it speaks of.

    Parameters
    ----------
    word : str
        One of :data:`CLAIM_WORDS`: ``significant``, ``not_significant``, ``no_change``,
        ``no_difference``, ``trend``, ``similar`` (against ``p`` and the CI); ``superior``,
        ``noninferior`` (against the CI of a difference and ``margin``); ``majority``, ``most``,
        ``minority``, ``all``, ``none`` (against ``percent`` or ``k`` of ``n``); ``remained``
        (``subset`` against ``superset``).
    p : str, optional
        The printed p-value.
    estimate, lower, upper : str, float or (low, high), optional
        The estimate and CI bounds as printed (str), or re-derived (a float, or a
        ``(low, high)`` range over the readings the print allows).
    scale : {"linear", "log"}
        The null is 0 on the linear scale, 1 on the log scale (ratios).
    side : {"below", "above"}, optional
        Where the words put the estimate relative to the null ("a reduction": below).
    margin : str or float, optional
        Noninferiority margin (signed, in the units of the CI: ``"-10"`` percentage points when
        higher is better), or the half-width of an equivalence region for ``similar``.
    better : {"higher", "lower"}
        Which direction of the difference favours the first group.
    percent : str, optional
        A printed percentage (``majority`` ... ``none``).
    k, n : int, optional
        A count and its denominator, instead of ``percent``.
    subset, superset : (k, n) or str
        For ``remained``: the count (or percentage, same denominator) said to have remained, and
        the count it remained from.
    alpha : float, default 0.05
    confidence_level : float, default 0.95
        Level of the printed CI (``similar`` with a margin converts it to ``equivalence_level``).
    equivalence_level : float, default 0.90
        For ``similar`` with a margin: the CI level the margin is held against. 90% is Schuirmann's
        two one-sided tests at alpha = 0.05, the convention; 95% would be each test at 0.025.
    df : int or str, optional
        Degrees of freedom of the printed CI, for converting its level with t quantiles (normal
        quantiles without).

    Returns
    -------
    Check
        ``consistent`` when some reading of the printed numbers (within rounding) allows the claim
        under the stated convention; ``inconsistent`` when none does; ``not_testable`` when the
        claim needs a number that is not given (a noninferiority margin, say).

    Notes
    -----
    Conventions: significant means p <= alpha and a CI that excludes the null; not significant
    ("no change", "no difference") p > alpha and a CI that includes it; a trend 0.05 < p <= 0.10
    with a CI that includes the null; superior, a CI of the difference wholly on the better side of
    0; noninferior, the CI's bound on the worse side beyond the margin (Piaggio et al. 2012,
    CONSORT for noninferiority trials, JAMA 308:2594, doi:10.1001/jama.2012.87802); similar,
    the CI inside +-margin when a margin is given, whatever the p (Schuirmann 1987, J Pharmacokinet
    Biopharm 15:657, doi:10.1007/BF01068419: a difference inside the margin may still be
    significant), else not significant. The equivalence CI (default 90%) is derived from the
    printed one (default 95%) as a symmetric Wald interval, ``estimate +- k (upper - lower) / 2``
    with ``k = q(0.95) / q(0.975)`` (normal, or t with ``df``); on the log scale (ratios) this is
    done on log bounds and a margin ``m`` means ``1/m`` to ``m`` (``0.8`` means ``0.8`` to
    ``1.25``). A majority (most) is more
    than 50%, a minority less than 50%, all 100%, none 0%; what remained of a set cannot exceed it.
    Each number is an interval over its rounding (``".04"`` is [.035, .045]): a claim is
    inconsistent only when no value in the intervals allows it.

    Examples
    --------
    >>> check_claim("trend", p=".06", estimate="-5.2", lower="-10.4", upper="0.14").verdict
    'consistent'
    >>> check_claim("significant", p=".40", estimate="-0.10", lower="-0.32", upper="0.12").verdict
    'inconsistent'
    >>> check_claim("minority", percent="13.3").explanation
    "'minority' needs a share below 50%: 13.3% is one"
    >>> check_claim("remained", subset=(4, 30), superset=(8, 30)).verdict
    'consistent'
    """
    family = CLAIM_WORDS.get(word) if isinstance(word, str) else None
    if family is None:
        raise ValueError(f"word ({word!r}) must be one of {', '.join(map(repr, CLAIM_WORDS))}")
    check_method(scale, tuple(_NULL), "scale")
    if side is not None:
        check_method(side, ("below", "above"), "side")
    check_method(better, ("higher", "lower"), "better")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha ({alpha!r}) must be in (0, 1)")
    if family == "p_ci":
        equiv = None
        if word == "similar" and margin is not None:
            equiv = (
                check_confidence_level(confidence_level),
                check_confidence_level(equivalence_level, "equivalence_level"),
                None if df is None else _count(df, "df", 1),
            )
        return _claim_p_ci(word, p, estimate, lower, upper, scale, side, margin, alpha, equiv)
    if family == "margin":
        return _claim_margin(word, p, estimate, lower, upper, scale, margin, better, alpha)
    if family == "share":
        return _claim_share(word, percent, k, n)
    return _claim_subset(subset, superset)


def _claim_check(
    word, ok: bool | None, parts: list[str], reported: str, recomputed: str = "", details=None, caveat: str = ""
) -> Check:
    verdict = "not_testable" if ok is None else "consistent" if ok else "inconsistent"
    expl = "; ".join(parts) + (f"; {caveat}" if caveat else "")
    return Check("claim", verdict, expl, reported=reported, recomputed=recomputed, details=details or {})


def _equivalence(lr: Reported, ur: Reported, margin, scale: str, equiv) -> tuple[bool, float, str]:
    """Is some reading of the printed CI, converted to the equivalence level, inside the margin?

    Returns (inside, how far inside at best (negative: outside), the converted CI at face value).
    On the analysis scale (log for ratios) the converted bounds are ``a l + b u`` and ``a u + b l``
    with ``a = (1 + k) / 2``, ``b = (1 - k) / 2``; the best reading minimises the larger of the two
    excesses over the margin, a linear program on the box of rounding intervals whose optimum lies at
    a corner or where the two excesses are equal (``l + u = 0``)."""
    from scipy import stats

    level, eq_level, df = equiv
    dist = stats.norm if df is None else stats.t(df)
    k = float(dist.ppf(0.5 + eq_level / 2) / dist.ppf(0.5 + level / 2))
    m = abs(_derived(margin, "margin").value)
    if scale == "log":
        if m == 1 or m == 0:
            raise ValueError(f"margin ({margin!r}) of a ratio must be positive and not 1")
        if lr.high <= 0:
            raise ValueError(f"lower ({lr.text!r}) of a ratio's CI must be positive")
        M = abs(math.log(m))
        tiny = 1e-300
        box = [(math.log(max(lr.low, tiny)), math.log(lr.high)), (math.log(max(ur.low, tiny)), math.log(ur.high))]
        face = (math.log(max(lr.value, tiny)), math.log(max(ur.value, tiny)))
    else:
        M = m
        box = [(lr.low, lr.high), (ur.low, ur.high)]
        face = (lr.value, ur.value)
    a, b = (1 + k) / 2, (1 - k) / 2

    def excess(l, u):
        return max(-M - (a * l + b * u), (a * u + b * l) - M)

    cands = [(l, u) for l in box[0] for u in box[1]]
    cands += [(l, -l) for l in box[0] if box[1][0] <= -l <= box[1][1]]
    cands += [(-u, u) for u in box[1] if box[0][0] <= -u <= box[0][1]]
    best = min(excess(l, u) for l, u in cands)
    conv = (a * face[0] + b * face[1], a * face[1] + b * face[0])
    if scale == "log":
        conv = (math.exp(conv[0]), math.exp(conv[1]))
    return best < _EPS, -best, f"{conv[0]:.3g} to {conv[1]:.3g}"


def _claim_p_ci(word, p, estimate, lower, upper, scale, side, margin, alpha, equiv=None) -> Check:
    null = _NULL[scale]
    if p is None and (lower is None or upper is None):
        raise ValueError(f"word {word!r} needs p, or lower and upper (a CI)")
    parts, oks, seen = [], [], []
    label = f"'{word.replace('_', ' ')}'"
    if p is not None:
        pr, lo, hi = _p_interval(p)
        bare = re.sub(r"^[Pp]?\s*=?\s*", "", _txt(pr))
        shown = f"P {_txt(pr)}" if not pr.exact else f"P = {bare}"
        seen.append(shown)
        if word == "significant":
            ok = lo <= alpha + _EPS
            parts.append(f"{shown} {'can be' if ok else 'is not'} <= {alpha:g}")
        elif word == "trend":
            ok = lo <= TREND_UPPER + _EPS and hi > alpha + _EPS
            parts.append(
                f"{shown} {'lies' if ok else 'does not lie'} in the trend band {alpha:g} < p <= {TREND_UPPER:g}"
            )
        elif word == "similar" and margin is not None and lower is not None and upper is not None:
            # equivalence is shown by the CI within the margin; a small difference may also be significant
            ok = True
            parts.append(f"{shown} does not decide it (a difference inside the margin may be significant)")
        else:  # not significant, no change/difference, similar without a margin
            ok = hi > alpha + _EPS
            parts.append(f"{shown} {'is' if ok else 'is not'} above {alpha:g}")
        oks.append(ok)
    if lower is not None and upper is not None:
        lr, ur = _derived(lower, "lower"), _derived(upper, "upper")
        ci = _ci_txt(lr, ur)
        seen.append(_ci_txt(lr, ur, "CI"))
        can_exclude_below, can_exclude_above = ur.low < null - _EPS, lr.high > null + _EPS
        can_include = lr.low <= null + _EPS and ur.high >= null - _EPS
        nul = f"{null:g}"
        if word == "significant":
            can_exclude = {"below": can_exclude_below, "above": can_exclude_above}.get(
                side, can_exclude_below or can_exclude_above
            )
            where = {"below": f"lies wholly below {nul}", "above": f"lies wholly above {nul}"}.get(
                side, f"excludes {nul}"
            )
            parts.append(f"{ci} {'' if can_exclude else 'never '}{where}".replace("  ", " "))
            oks.append(can_exclude)
        elif word == "similar" and margin is not None:
            inside, _, conv = _equivalence(lr, ur, margin, scale, equiv)
            level, eq_level, df = equiv
            m = abs(_derived(margin, "margin").value)
            region = f"{min(m, 1 / m):.3g} to {max(m, 1 / m):.3g}" if scale == "log" else f"+-{m:g}"
            how = (
                ""
                if eq_level == level
                else f", derived from the printed {level * 100:g}% CI as a symmetric Wald interval "
                f"({'normal' if df is None else f't, {df} df'} quantiles)"
            )
            parts.append(
                f"{ci} at {level * 100:g}%; the {eq_level * 100:g}% CI ({conv} at face value{how}) "
                f"{'can lie' if inside else 'does not lie'} within {region}, the margin given"
            )
            oks.append(inside)
        else:
            parts.append(f"{ci} {'includes' if can_include else 'excludes'} {nul}")
            oks.append(can_include)
    if side is not None and estimate is not None:
        er = _derived(estimate, "estimate")
        on_side = er.low < null - _EPS if side == "below" else er.high > null + _EPS
        parts.append(
            f"the estimate {_txt(er)} is {'' if on_side else 'not '}{side} {null:g}"
            + (", as the words say" if on_side else ", against the words")
        )
        oks.append(on_side)
    ok = all(oks)
    caveat = ""
    if word in ("no_change", "no_difference") and ok:
        caveat = f"a non-significant result is not evidence of {word.replace('_', ' ')}: " + (
            f"the CI still allows effects from {_txt(_derived(lower, 'lower'))} to {_txt(_derived(upper, 'upper'))}"
            if lower is not None and upper is not None
            else "no CI is printed to show how large an effect the data still allow"
        )
    elif word == "similar" and ok and (margin is None or lower is None or upper is None):
        caveat = (
            "no equivalence margin is given" if margin is None else "no CI is printed to hold against the margin"
        ) + ", so 'similar' can only be read as not significant"
    elif word == "trend" and ok:
        caveat = "a 'trend' is a non-significant result by the convention used (alpha 0.05)"
    conv = (
        f"{label} read as p <= {alpha:g} with a CI excluding the null"
        if word == "significant"
        else f"{label} read as {alpha:g} < p <= {TREND_UPPER:g}"
        if word == "trend"
        else f"{label} read as equivalence: the {equiv[1] * 100:g}% CI within the margin (two one-sided tests at "
        f"alpha {(1 - equiv[1]) / 2:g} each, Schuirmann 1987)"
        if word == "similar" and margin is not None and lower is not None and upper is not None
        else f"{label} read as p > {alpha:g} with a CI including the null"
    )
    return _claim_check(
        word,
        ok,
        [conv] + parts,
        reported=word.replace("_", " "),
        recomputed=", ".join(seen),
        caveat=caveat,
        details={"alpha": alpha, "scale": scale, "side": side},
    )


def _claim_margin(word, p, estimate, lower, upper, scale, margin, better, alpha) -> Check:
    if lower is None or upper is None:
        raise ValueError(f"word {word!r} needs lower and upper (the CI of the difference)")
    lr, ur = _derived(lower, "lower"), _derived(upper, "upper")
    ci = _ci_txt(lr, ur, "the CI of the difference")
    seen = _ci_txt(lr, ur, "CI")
    if word == "superior":
        null = _NULL[scale]
        ok = lr.high > null + _EPS if better == "higher" else ur.low < null - _EPS
        where = "above" if better == "higher" else "below"
        return _claim_check(
            word,
            ok,
            [
                f"'superior' read as a CI wholly {where} {null:g} ({better} is better)",
                f"{ci} {'lies' if ok else 'does not lie'} wholly {where} {null:g}",
            ],
            reported="superior",
            recomputed=seen,
            details={"better": better},
        )
    if margin is None:
        return _claim_check(
            word,
            None,
            [
                "'noninferior' is judged against a margin, and none is given",
                f"{ci} cannot be compared with an unknown margin",
            ],
            reported="noninferior",
            recomputed=seen,
            details={"better": better, "margin": None},
        )
    mr = _derived(margin, "margin")
    # the bound on the worse side must lie beyond the margin (Piaggio et al. 2012)
    if better == "higher":
        ok = lr.high > mr.value + _EPS
        bound = f"lower bound {_txt(lr)}"
        rel = "above" if ok else "not above"
    else:
        ok = ur.low < mr.value - _EPS
        bound = f"upper bound {_txt(ur)}"
        rel = "below" if ok else "not below"
    return _claim_check(
        word,
        ok,
        [
            f"'noninferior' read as the CI's bound on the worse side beyond the margin {_txt(mr)} ({better} is better)",
            f"{ci}: its {bound} is {rel} the margin {_txt(mr)}",
        ],
        reported="noninferior",
        recomputed=seen,
        details={"better": better, "margin": mr.value},
    )


def _claim_share(word, percent, k, n) -> Check:
    if percent is not None:
        pr = _reported(percent, "percent", exact=False)
        lo, hi, shown = pr.low, pr.high, f"{re.sub('%$', '', _txt(pr))}%"
    elif k is not None and n is not None:
        kk, nn = _count(k, "k", 0), _count(n, "n", 1)
        if kk > nn:
            raise ValueError(f"k ({k!r}) must not exceed n ({n!r})")
        lo = hi = 100.0 * kk / nn
        shown = f"{kk} of {nn} ({100 * kk / nn:.1f}%)"
    else:
        raise ValueError(f"word {word!r} needs percent, or k and n")
    rule = {
        "majority": ("above 50%", hi > 50 + _EPS),
        "most": ("above 50%", hi > 50 + _EPS),
        "minority": ("below 50%", lo < 50 - _EPS),
        "all": ("of 100%", hi >= 100 - _EPS),
        "none": ("of 0%", lo <= _EPS),
    }
    need, ok = rule[word]
    return _claim_check(
        word,
        ok,
        [f"'{word}' needs a share {need}: {shown} is {'one' if ok else 'not'}"],
        reported=word,
        recomputed=shown,
    )


def _claim_subset(subset, superset) -> Check:
    if subset is None or superset is None:
        raise ValueError("word 'remained' needs subset and superset")

    def parse(x, name):
        if isinstance(x, tuple):
            kk, nn = _count(x[0], f"{name} k", 0), _count(x[1], f"{name} n", 1)
            return kk, nn, f"{kk} of {nn}"
        r = _reported(x, name, exact=False)
        return r, None, f"{re.sub('%$', '', _txt(r))}%"

    (a, na, ta), (b, nb, tb) = parse(subset, "subset"), parse(superset, "superset")
    if na is not None and nb is not None and na == nb:
        ok = a <= b
        why = f"{ta} {'does not exceed' if ok else 'exceeds'} {tb}"
    elif na is None and nb is None:
        ok = a.low <= b.high + _EPS
        why = f"{ta} {'does not exceed' if ok else 'exceeds'} {tb} (same denominator assumed)"
    else:
        ka, kb = (a / na if na else None), (b / nb if nb else None)
        if ka is None or kb is None:
            raise ValueError("subset and superset must both be counts or both be percentages")
        ok = a <= b
        why = f"{ta} {'does not exceed' if ok else 'exceeds'} {tb} in number"
    return _claim_check(
        "remained",
        ok,
        ["'remained' makes the later group a subset of the earlier one, which it cannot exceed", why],
        reported="remained",
        recomputed=f"{ta} <= {tb}" if ok else f"{ta} > {tb}",
    )
