"""The P-value family's maps (``p_from_ci_map``, ``recompute_p_map``): P from a confidence interval and
statcheck's recomputed P over every row of a DataFrame, vectorised, with the same results as
:func:`analysis.stats.inference.p_from_ci`, :func:`check_p_against_ci` and :func:`recompute_p` row for row.

May import analysis.results, analysis.stats, the check modules pvalues and rounding, and the maps'
column layer (:mod:`analysis.checks.maps.columns`); never the ledger, auditing or report.

``recompute_p_map`` runs :func:`recompute_p`'s cores on arrays: P of each test (``pvalues._stat_p``) and P
over the statistic's and the df's rounding box (``pvalues._p_bounds``), once per test over its rows.
``p_from_ci_map`` runs :func:`~analysis.stats.inference.p_from_ci`'s corner of the rounding box
(``stats.inference._corner_z``) and its P (``_two_sided_p``) at the two corners of largest and smallest |z|
of each row, where the scalar evaluates every corner and takes the extremes: on the linear scale the same
floats (the rounding ends are read as ``parse_reported`` reads them; np.log and math.log may differ in the
last bit on the log scale).
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import special

from ...results import check_confidence_level, check_method
from ...stats.inference import SCALES, _check_df, _corner_z, _quantile, _two_sided_p
from ..pvalues import ALTERNATIVES, TESTS, _p_bounds, _p_explanation, _printed_p, _stat_p, df_half_unit, df_text
from ..rounding import _EPS, _fmt_p
from .columns import first, vectorised_map

__all__ = ["p_from_ci_map", "recompute_p_map"]


def _ends(p):
    """A printed column's values and the ends of their rounding intervals, each the float nearest the exact
    fraction (as :func:`analysis.reported.parse_reported` gives them: ``(2m - 1) / (2 10^d)``)."""
    D = 10**p.d
    return p.m / D, (2 * p.m - 1) / (2 * D), (2 * p.m + 1) / (2 * D)


@vectorised_map(printed=("estimate", "lower", "upper", "p"))
def p_from_ci_map(
    data,
    estimate="estimate",
    lower="lower",
    upper="upper",
    p=None,
    confidence_level=0.95,
    df=None,
    scale="linear",
    decimals=None,
    prefix="",
):
    """P from the confidence interval for every row of a DataFrame, vectorised.

    Parameters
    ----------
    data : pandas.DataFrame
    estimate, lower, upper : str
        Columns of printed strings (or numeric with ``decimals``).
    p : str, optional
        Column of printed P values (``"0.02"``, ``".003"``; bounds such as ``"<.001"`` are not
        accepted here). When given, a verdict column is added.
    confidence_level : float, default 0.95
    df : str, float or None
        Degrees of freedom for t intervals: a column name, one number, or None for normal
        (``df`` is always degrees of freedom; the frame is ``data``).
    scale : {"linear", "log"}
    decimals : int, str or dict, optional
        For numeric columns: their printed decimals, as every map reads it (an int for every
        numeric column, the name of a column of decimals, or ``{"estimate": 2, ...}``).
    prefix : str, default ""
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``{prefix}p``, ``{prefix}p_low``, ``{prefix}p_high``,
        ``{prefix}se``, ``{prefix}z`` and, with ``p``, ``{prefix}verdict``.

    Notes
    -----
    As :func:`analysis.stats.inference.p_from_ci`: ``|z|`` is largest at the largest ``|estimate|``
    and the narrowest interval, smallest at the smallest ``|estimate|`` (0 when its interval
    crosses 0) and the widest interval, so ``p_low`` and ``p_high`` are computed directly
    from these corners. The verdict compares ``[p_low, p_high]`` with the printed P's
    interval, as :func:`check_p_against_ci` does for one assumption.

    References
    ----------
    Altman, D. G., & Bland, J. M. (2011). doi:10.1136/bmj.d2304

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"estimate": ["17"], "lower": ["1.4"], "upper": ["32.6"], "p": [".02"]})
    >>> out = p_from_ci_map(d, p="p")
    >>> round(float(out["p"].iloc[0]), 4), out["verdict"].iloc[0]
    (0.0327, 'inconsistent')
    """
    cl = check_confidence_level(confidence_level)
    check_method(scale, SCALES, "scale")
    if df is None:
        dfv = None
        q = _quantile(cl, None)
    else:
        if isinstance(df, str):
            dfv = data.numbers("df", data.need("df", df), "df")
            bad = ~(dfv > 0)
            if bad.any():
                i = first(bad)
                raise ValueError(f"{data.where(df, i)}: df ({float(dfv[i])!r}) must be a positive number")
        else:
            dfv = np.full(data.rows, float(_check_df(df)))
        q = special.stdtrit(dfv, 1.0 - (1.0 - cl) / 2.0)
    (e, e_lo, e_hi), (l, l_lo, l_hi), (u, u_lo, u_hi) = _ends(estimate), _ends(lower), _ends(upper)
    with np.errstate(divide="ignore", invalid="ignore"):
        if scale == "log":
            for arg, col, v in (("estimate", estimate, e), ("lower", lower, l), ("upper", upper, u)):
                if np.any(v <= 0):
                    i = first(v <= 0)
                    raise ValueError(f"{data.where(col.column, i)}: {arg} ({col.text(i)!r}) must be > 0 on scale='log'")
            e, l, u = np.log(e), np.log(l), np.log(u)
            e_lo, e_hi, l_lo, l_hi, u_lo, u_hi = (
                np.log(np.maximum(x, 0.0)) for x in (e_lo, e_hi, l_lo, l_hi, u_lo, u_hi)
            )
        if np.any(u <= l):
            i = first(u <= l)
            raise ValueError(
                f"{data.where(upper.column, i)}: upper ({upper.text(i)!r}) must be greater than "
                f"lower ({lower.text(i)!r})"
            )
        se = (u - l) / (2.0 * q)
        z = e / se
        p_face = _two_sided_p(z, dfv)
        a_max = np.maximum(np.abs(e_lo), np.abs(e_hi))
        a_min = np.where((e_lo <= 0) & (e_hi >= 0), 0.0, np.minimum(np.abs(e_lo), np.abs(e_hi)))
        # the corners of largest and smallest |z| (the narrowest and the widest interval), as p_from_ci computes
        # each corner (inference._corner_z): the same floats as the scalar's extremes
        z_max = _corner_z(a_max, u_lo - l_hi, q)
        z_max = np.where(np.isnan(z_max), np.inf, z_max)
        z_min = _corner_z(a_min, u_hi - l_lo, q)
        z_min = np.where(np.isnan(z_min), 0.0, z_min)
        p_low = _two_sided_p(z_max, dfv)
        p_high = _two_sided_p(z_min, dfv)
    out = {"p": p_face, "p_low": p_low, "p_high": p_high, "se": se, "z": z}
    if p is not None:
        pv, pp_lo, pp_hi = _ends(p)
        if np.any((pv < 0) | (pv > 1)):
            i = first((pv < 0) | (pv > 1))
            raise ValueError(f"{data.where(p.column, i)}: p ({p.text(i)!r}) must be in [0, 1]")
        pp_lo, pp_hi = np.maximum(pp_lo, 0.0), np.minimum(pp_hi, 1.0)
        fits = (p_low <= pp_hi + _EPS) & (p_high >= pp_lo - _EPS)
        out["verdict"] = np.where(fits, 0, 1)
    return out, None


def _df_half_column(data, col):
    """Half a unit of each df printed rounded (:func:`df_half_unit`, once per distinct value); 0 if exact."""
    import pandas as pd

    if col is None or col not in data.frame:
        return np.zeros(data.rows)
    codes, uniq = pd.factorize(data.frame[col], use_na_sentinel=True)
    halves = np.array([df_half_unit(u) for u in uniq] + [0.0])
    return halves[codes]  # the sentinel -1 picks the trailing 0


def _printed_p_column(data, col, alpha):
    """Printed P strings -> (low, high, significant code: 1 yes, 0 no, -1 cannot tell, text), each
    distinct string parsed once by the scalar function's parser."""
    import pandas as pd

    codes, uniq = pd.factorize(data.frame[col], use_na_sentinel=True)
    if (codes < 0).any():
        raise ValueError(f"{data.where(col, first(codes < 0))}: missing value (NaN/None) is not a printed P")
    k = len(uniq)
    lo, hi, sig = np.empty(k), np.empty(k), np.empty(k, np.int8)
    txt = []
    for j, u in enumerate(uniq):
        try:
            t, lo[j], hi[j], sg = _printed_p(u, alpha)
        except (ValueError, TypeError) as exc:  # the scalar's refusal of one printed P, with its row
            raise ValueError(f"{data.where(col, first(codes == j))}: {exc}") from None
        sig[j] = -1 if sg is None else int(sg)
        txt.append(t)
    return lo[codes], hi[codes], sig[codes], np.asarray(txt, dtype=object)[codes]


def _dfs(name, d1, d2, rows):
    """The scalar function's df arguments for the rows of one test: (df1, df2) as :func:`_stat_p`
    takes them (t and r: df2 twice; chi2: df1 twice; F: both; z: none)."""
    if name in ("t", "r"):
        return d2[rows], d2[rows]
    if name == "chi2":
        return d1[rows], d1[rows]
    if name == "F":
        return d1[rows], d2[rows]
    return None, None


@vectorised_map(printed=("statistic",), columns=("test", "p"))
def recompute_p_map(
    data,
    test="test",
    statistic="statistic",
    df1="df1",
    df2="df2",
    p="p",
    alternative="two-sided",
    alpha=0.05,
    ranges=False,
    explain=False,
    prefix="",
):
    """Recompute P from every row's test statistic, vectorised (statcheck over a DataFrame).

    Parameters
    ----------
    data : pandas.DataFrame
    test : str, default "test"
        Column of test names: ``"t"``, ``"F"``, ``"chi2"``, ``"r"``, ``"z"``.
    statistic : str, default "statistic"
        Column of printed statistics (``"2.20"``, ``"-1.3"``).
    df1, df2 : str, default "df1", "df2"
        Columns of degrees of freedom in statcheck's layout: ``df2`` for t and r, ``df1`` for
        chi2, both for F, neither for z (missing values as NaN or None). A column the frame
        does not have counts as empty.
    p : str, default "p"
        Column of printed P values: ``".03"``, ``"= .03"``, ``"p < .001"``, ``"> .05"``, ``"ns"``.
    alternative : str, default "two-sided"
        ``"two-sided"``, ``"less"`` or ``"greater"`` for every row, or the name of a column
        holding one of these per row.
    alpha : float, default 0.05
    ranges : bool, default False
        Also add ``{prefix}p_low`` and ``{prefix}p_high``, P over the statistic's rounding
        interval, for every row. Without it the range is computed only where the verdict needs it
        (a one-sided row, or a P at face value that does not fit the printed one): 1 evaluation of
        the distribution per row instead of 3 for most rows.
    explain : bool, default False
        Also add ``{prefix}reported``, ``{prefix}recomputed`` and ``{prefix}explanation``, the
        strings :func:`recompute_p` gives (one Python call per row for these).
    prefix : str, default ""

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``{prefix}p`` (P at the printed statistic; halved for a one-sided
        row that matches as one-sided), ``{prefix}verdict`` (categorical over VERDICTS),
        ``{prefix}decision_error`` (bool) and, with ``ranges``, ``{prefix}p_low`` and
        ``{prefix}p_high``: as ``recompute_p(...).details`` row for row.

    Notes
    -----
    The arithmetic of :func:`recompute_p` on arrays: scipy.special's ``stdtr``, ``ndtr``,
    ``fdtrc`` and ``chdtrc`` at the printed statistic and at the ends of its rounding interval
    (at 0 when the interval crosses 0), once per test family over its rows. Each distinct
    printed P is parsed once (``pandas.factorize``) by the scalar function's own parser.

    References
    ----------
    Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S., & Wicherts,
    J. M. (2016). doi:10.3758/s13428-015-0664-2

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"test": ["t", "F"], "statistic": ["2.20", "12.5"], "df1": [None, 1],
    ...                   "df2": [28, 40], "p": [".03", "< .01"]})
    >>> out = recompute_p_map(d)
    >>> out["verdict"].tolist(), round(float(out["p"].iloc[0]), 4)
    (['inconsistent', 'consistent'], 0.0362)
    """
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < alpha < 1:
        raise ValueError(f"alpha ({alpha!r}) must be in (0, 1)")
    R = data.rows
    tcode = data.labels("test", test, TESTS)
    if isinstance(alternative, str) and alternative in ALTERNATIVES:
        one_sided = np.full(R, alternative != "two-sided")
        alt_col = None
    elif isinstance(alternative, str) and alternative in data.frame:
        one_sided = data.labels("alternative", alternative, ALTERNATIVES) != 0
        alt_col = alternative
    else:
        raise ValueError(
            f"alternative ({alternative!r}) must be one of "
            + ", ".join(repr(a) for a in ALTERNATIVES)
            + " or a column of the frame"
        )
    m, d = statistic.m, statistic.d
    big = (d > 15) | (np.abs(m) >= 2**50)
    if big.any():
        i = first(big)
        raise ValueError(
            f"{data.where(statistic.column, i)}: {statistic.text(i)!r} has too many "
            f"digits for the map (use recompute_p)"
        )
    U = (2 * 10**d).astype(float)
    value = m.astype(float) / (10**d).astype(float)
    lo = (2 * m - 1).astype(float) / U
    hi = (2 * m + 1).astype(float) / U
    d1, d2 = data.numbers("df1", df1, "degrees of freedom"), data.numbers("df2", df2, "degrees of freedom")
    is_t, is_F, is_chi2, is_r, is_z = (tcode == k for k in range(5))

    def bad_rows(mask, col, problem):
        if mask.any():
            i = first(mask)
            raise ValueError(
                f"{data.where(col, i)}: {problem} (test {TESTS[tcode[i]]!r}; "
                f"statcheck's layout: df2 for t and r, df1 for chi2, both for F, none for z)"
            )

    positive = lambda x: np.isfinite(x) & (x > 0)  # noqa: E731  (real-valued df are fine: Welch, G-G)
    bad_rows(is_F & ~positive(d1), df1, "df1 must be a positive number for F")
    bad_rows(is_F & ~positive(d2), df2, "df2 must be a positive number for F")
    bad_rows((is_t | is_r) & ~positive(d2), df2, "df2 must be a positive number")
    bad_rows(is_chi2 & ~positive(d1), df1, "df1 must be a positive number")
    h1, h2 = _df_half_column(data, df1), _df_half_column(data, df2)
    bad_rows(
        is_z & (np.isfinite(d1) | np.isfinite(d2)),
        df2 if np.isfinite(d2[is_z]).any() else df1,
        "z has no degrees of freedom",
    )
    bad_rows((is_F | is_chi2) & (m < 0), statistic.column, "the statistic must be >= 0")
    bad_rows(is_r & (np.abs(m) > 10**d), statistic.column, "r must be in [-1, 1]")
    if alt_col is not None or one_sided.any():
        bad = one_sided & (is_F | is_chi2) & (d1 != 1)
        if bad.any():
            i = first(bad)
            alt = data.frame[alt_col].iloc[i] if alt_col else alternative
            raise ValueError(
                f"row {data.index[i]!r}: alternative ({alt!r}) is one-sided, which is defined for "
                f"{TESTS[tcode[i]]} only with df1 = 1 (got {d1[i]:g})"
            )
    p_lo, p_hi, sig_code, p_txt = _printed_p_column(data, p, alpha)

    def overlaps(a, b):
        return (a <= p_hi + _EPS) & (b >= p_lo - _EPS)

    # the statistic at face value first; its range over the rounding interval only where it matters:
    # a two-sided row whose face-value P fits the printed one is consistent whatever the range
    # (the range holds the face value), so its range is computed only when asked for
    face = np.empty(R)
    for k, name in enumerate(TESTS):
        rows = np.flatnonzero(tcode == k)
        if len(rows):
            face[rows] = _stat_p(name, value[rows], *_dfs(name, d1, d2, rows))
    need = np.ones(R, bool) if (ranges or explain) else (one_sided | ~overlaps(face, face))
    p_a = np.full(R, np.nan)
    p_b = np.full(R, np.nan)
    for k, name in enumerate(TESTS):
        rows = np.flatnonzero((tcode == k) & need)
        if not len(rows):
            continue
        p_a[rows], p_b[rows] = _p_bounds(name, lo[rows], hi[rows], *_dfs(name, d1, d2, rows), *_dfs(name, h1, h2, rows))
    two_ok = np.where(need, overlaps(p_a, p_b), True)
    one_ok = one_sided & overlaps(p_a / 2, p_b / 2)
    consistent = one_ok | two_ok
    # the version used: one-sided when it matches, or when nothing matches on a one-sided row
    use_one = one_sided & (one_ok | ~two_ok)
    half = np.where(use_one, 0.5, 1.0)
    f, a, b = face * half, p_a * half, p_b * half
    sig_rec = np.where(b <= alpha + _EPS, 1, np.where(a > alpha + _EPS, 0, -1))
    decision_error = ~consistent & (sig_code >= 0) & (sig_rec >= 0) & (sig_code != sig_rec)
    out = {"p": f}
    if ranges or explain:
        out["p_low"] = a
        out["p_high"] = b
    out["verdict"] = np.where(consistent, 0, 1)
    out["decision_error"] = decision_error
    if explain:
        reported, recomputed, explanation = [], [], []
        stat_txt = data.frame[statistic.column].to_numpy(dtype=object)
        for i in range(R):
            name = TESTS[tcode[i]]
            if name == "F":
                dftxt = f"({df_text(d1[i])}, {df_text(d2[i])})"
            elif name == "z":
                dftxt = ""
            else:
                dftxt = f"({df_text(d2[i] if name in ('t', 'r') else d1[i])})"
            label = f"{name}{dftxt} = {str(stat_txt[i]).strip()}"
            sides = (" (one-sided)" if use_one[i] else " (two-sided)") if one_sided[i] else ""
            sp, sr = int(sig_code[i]), int(sig_rec[i])
            reported.append(f"{label}, {p_txt[i]}")
            recomputed.append(f"p = {_fmt_p(f[i])}")
            explanation.append(
                _p_explanation(
                    label,
                    p_txt[i],
                    f[i],
                    a[i],
                    b[i],
                    sides,
                    bool(consistent[i]),
                    bool(decision_error[i]),
                    None if sp < 0 else bool(sp),
                    None if sr < 0 else bool(sr),
                    alpha,
                    df_rounded=bool(_dfs(name, h1, h2, i)[0] or _dfs(name, h1, h2, i)[1]),
                )
            )
        out["reported"] = reported
        out["recomputed"] = recomputed
        out["explanation"] = explanation
    return out, None
