"""Other readings of the degrees of freedom printed beside a test statistic, where the text itself establishes them: an
F whose two df are printed in reverse order (:func:`swapped_f`), a paper whose correlations print the sample size n,
not n - 2, in the bracket (:func:`r_with_n_paper`). For :func:`analysis.extraction.labels.relabel`.

May import analysis.reported and the modules of this package only.
"""

from __future__ import annotations

import functools
import re

from ..reported import parse_reported

__all__ = ["r_with_n_paper", "swapped_f"]

#: a correlation with its bracket and an exact P: 'r (25) = -0.17, p = 0.423'
_R_P = re.compile(
    r"(?<![\w.])r\s{0,2}\(\s{0,2}(\d{1,4})\s{0,2}\)\s{0,2}=\s{0,2}([-\u2212]?\d?\.\d{1,3})\s{0,2}[,;]?\s{0,3}"
    r"[pP]\s{0,2}=\s{0,2}(0?\.\d{1,4})(?![\d.])"
)
#: the r prints read, at most, per text
_MAX_R = 60


def _fits(low: float, high: float, p_low: float, p_high: float, sf) -> bool:
    """Whether the two-sided Ps of a statistic in [low, high] (``sf`` its survival function) meet [p_low, p_high]."""
    a, b = sorted(2 * float(sf(x)) for x in (low, high))
    return a <= p_high and p_low <= b


def _r_fits(r: str, p: str, df: int) -> bool:
    """Whether r, over its rounding, gives the printed two-sided P with ``df`` degrees of freedom."""
    from scipy import special  # the t and F survival functions, without building a frozen distribution per call

    try:
        rr, pp = parse_reported(r.replace("\u2212", "-")), parse_reported(p)
    except ValueError:
        return False
    lo, hi = sorted(abs(float(x)) for x in (rr.low, rr.high))
    if df < 1 or hi >= 1:
        return False
    t = [x * (df / (1 - x * x)) ** 0.5 for x in (lo, hi)]
    return _fits(t[0], t[1], float(pp.low), float(pp.high), lambda x: special.stdtr(df, -x))


@functools.lru_cache(maxsize=16)
def r_with_n_paper(text: str, sizes: frozenset[str]) -> str | None:
    """Words saying the paper's correlations print n, not df, in their bracket, or None: some print 'r(k) = x, p = y'
    whose k is a sample size the paper prints (``sizes``) gives its P only with df = k - 2, and no print of the paper
    gives its P only with df = k (PMC4318496: 'r (25)' of a group of 25, and 'r (21)' of 21 of them with data).

    >>> t = "Of 25 patients, r (25) = -0.17, p = 0.423; later r (21) = 0.45, p = 0.039."
    >>> r_with_n_paper(t, frozenset({"25"}))
    'the paper prints r (25) = -0.17, p = 0.423, of a printed n of 25, whose P fits only df = 23: its r(k) print n'
    >>> r_with_n_paper("Of 25 patients, r (25) = -0.17, p = 0.397; r (21) = 0.45, p = 0.039.", frozenset({"25"})) is None
    True
    """
    if "r" not in text or not sizes:
        return None
    witness = None
    for i, m in enumerate(_R_P.finditer(text)):
        if i >= _MAX_R:
            break
        k, r, p = int(m.group(1)), m.group(2), m.group(3)
        as_df, as_n = _r_fits(r, p, k), _r_fits(r, p, k - 2)
        if as_df and not as_n:
            return None  # a print that fits only the df reading: the paper does not print n throughout
        if as_n and not as_df and witness is None and m.group(1) in sizes:
            witness = m
    if witness is None:
        return None
    g = witness.group(0)
    return (
        f"the paper prints {' '.join(g.split())}, of a printed n of {witness.group(1)}, whose P fits only "
        f"df = {int(witness.group(1)) - 2}: its r(k) print n"
    )


def swapped_f(entry: dict) -> str | None:
    """For an F printed with its first df larger than its second ('F (48,1) = 5.7, p = 0.021', PMC4318496) whose P
    the printed order does not give and the reverse order does: words naming the swapped pair, or None.

    >>> swapped_f({"test": "F", "df": "48, 1", "statistic": "5.7", "p": "0.021"})
    'F(48, 1) read as F(1, 48) gives the printed P: the df printed in reverse order'
    >>> swapped_f({"test": "F", "df": "48, 1", "statistic": "5.7", "p": "0.005"}) is None
    True
    """
    from scipy import special  # the t and F survival functions, without building a frozen distribution per call

    df = [x.strip() for x in str(entry.get("df", "")).split(",")]
    if entry.get("test") != "F" or len(df) != 2 or not all(x.isdigit() for x in df) or int(df[0]) <= int(df[1]):
        return None
    d1, d2 = int(df[0]), int(df[1])
    try:
        st, p = parse_reported(str(entry.get("statistic"))), parse_reported(str(entry.get("p")))
    except ValueError:
        return None
    if d2 < 1 or float(st.low) < 0:
        return None
    lo, hi, p_lo, p_hi = float(st.low), float(st.high), float(p.low), float(p.high)
    one = [float(special.fdtrc(d1, d2, x)) for x in (lo, hi)]
    two = [float(special.fdtrc(d2, d1, x)) for x in (lo, hi)]
    if min(one) <= p_hi and p_lo <= max(one):
        return None  # the printed order gives the P: nothing to explain
    if not (min(two) <= p_hi and p_lo <= max(two)):
        return None
    return f"F({d1}, {d2}) read as F({d2}, {d1}) gives the printed P: the df printed in reverse order"
