"""Vectorised DEBIT and statcheck maps (``debit_map``, ``recompute_p_map``), the checks a corpus scan
runs per result, with the same verdicts as :func:`debit` and :func:`recompute_p` row for row.

May import analysis.reported, analysis.results and sibling check modules (granularity, pvalues,
rounding, maps); never the ledger, auditing or report. Kept apart from ``maps`` (grim, grimmer, p from
CI) only to keep each module a size a person can hold in mind; the column parsing is shared.
"""
from __future__ import annotations

import numbers

import numpy as np

from ..results import check_method, one_vocabulary
from .granularity import DEBIT_FORMULAS, debit
from .maps import _VERDICT_CODES, _inclusion_arrays, _int_column, _parse_column, _verdict_column
from .pvalues import ALTERNATIVES, TESTS, _p_explanation, _printed_p, _stat_p, df_half_unit, df_text
from .rounding import _EPS, ROUNDING, _fmt_p, _fmt_scaled

__all__ = ["debit_map", "recompute_p_map"]

#: rows of the "exact" DEBIT whose range of counts is wider than this go to the scalar function
_MAX_COUNTS = 256


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _frame_with(df, **columns) -> None:
    """A pandas DataFrame holding every column named (the argument's name and value in the error)."""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df ({type(df).__name__}) must be a pandas DataFrame, one row per reported result")
    for arg, col in columns.items():
        if not isinstance(col, str) or col not in df.columns:
            raise ValueError(f"{arg} ({col!r}) must name a column of the frame; columns: "
                             + ", ".join(map(str, df.columns[:20])))


def _decimals_arg(decimals, col):
    return decimals.get(col) if isinstance(decimals, dict) else None


def _binary_sd_array(p: np.ndarray, nf: np.ndarray) -> np.ndarray:
    """``sqrt(n/(n-1) p (1-p))`` in the scalar function's order of operations (same floats)."""
    return np.sqrt(np.maximum(nf / (nf - 1.0) * p * (1.0 - p), 0.0))


@one_vocabulary
def debit_map(df, mean="mean", std="sd", nobs="n", formula="mean_n", rounding="up_or_down", decimals=None,
              prefix="debit_"):
    """DEBIT over every row of a DataFrame, vectorised.

    Parameters
    ----------
    df : pandas.DataFrame
    mean, std : str, default "mean", "sd"
        Columns of proportions and their SDs as printed strings (``"0.35"``), both in [0, 1]; or
        numeric columns with their decimals in ``decimals``.
    nobs : str or int, default "n"
        Column of sample sizes (at least 2), or one n for all rows.
    formula : {"mean_n", "exact"}
        As :func:`debit`.
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : dict, optional
        For numeric columns: ``{"mean": 2, "sd": "sd_decimals"}`` (ints or column names).
    prefix : str, default "debit_"
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``{prefix}verdict`` (categorical over VERDICTS) and
        ``{prefix}sd_low``, ``{prefix}sd_high``: the range of the binary SD over the mean's
        rounding interval (``"mean_n"``, as ``debit(...).details["sd_range"]``) or over the
        counts ``k/n`` that print as the mean (``"exact"``; NaN when there are none).

    Notes
    -----
    The arithmetic of :func:`debit` on float64 arrays, in the same order of operations, so the
    verdicts agree row for row: the SD of binary data with proportion ``p`` is
    ``sqrt(n/(n-1) p (1-p))``; over the mean's interval it ranges from its value at the end
    farther from 0.5 to its value at the nearer end (or at 0.5 when the interval holds it), and
    the row is consistent when that range meets the SD's rounding interval. ``"exact"`` tries the
    counts ``k`` whose ``k/n`` prints as the mean, one array pass per count; rows with more than
    256 such counts (a mean printed with no decimals and a large n) go to :func:`debit`.

    References
    ----------
    Heathers, J. A. J., & Brown, N. J. L. (2019). DEBIT: A simple consistency test for binary
    data. doi:10.31234/osf.io/5vb3u

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"mean": ["0.35", "0.35"], "sd": ["0.18", "0.49"], "n": [20, 20]})
    >>> debit_map(d)["debit_verdict"].tolist()
    ['inconsistent', 'consistent']
    """
    _frame_with(df, mean=mean, std=std, nobs=nobs)
    check_method(formula, DEBIT_FORMULAS, "formula")
    check_method(rounding, ROUNDING, "rounding")
    m, d = _parse_column(df, mean, _decimals_arg(decimals, mean))
    s, e = _parse_column(df, std, _decimals_arg(decimals, std))
    nn = _int_column(df, nobs, "n", 2)
    big = (d > 15) | (e > 15) | (np.abs(m) >= 2 ** 50) | (np.abs(s) >= 2 ** 50)
    D = 10 ** np.minimum(d, 15)
    E = 10 ** np.minimum(e, 15)
    for col, mm, DD, what in ((mean, m, D, "mean"), (std, s, E, "sd")):
        out_of_range = ~big & ((mm < 0) | (mm > DD))
        if out_of_range.any():
            i = _first_bad(out_of_range)
            txt = df[col].iloc[i]
            txt = txt if isinstance(txt, str) else _fmt_scaled(int(mm[i]), int((d if what == "mean" else e)[i]))
            raise ValueError(f"column {col!r}, row {df.index[i]!r}: {what} ({txt!r}) must be "
                             + ("a proportion in [0, 1] for binary data" if what == "mean"
                                else "in [0, 1] for binary data"))
    Df, Ef = (2 * D).astype(float), (2 * E).astype(float)
    x_lo = np.maximum((2 * m - 1).astype(float) / Df, 0.0)
    x_hi = np.minimum((2 * m + 1).astype(float) / Df, 1.0)
    sd_lo = np.maximum((2 * s - 1).astype(float) / Ef, 0.0)
    sd_hi = (2 * s + 1).astype(float) / Ef
    nf = nn.astype(float)
    # which ends of the rounding intervals count (scalar: _inclusion; an SD of 0 includes 0)
    s_lo_in, s_hi_in = _inclusion_arrays(s, rounding)
    s_lo_in = s_lo_in | (s == 0)

    def fits(lo_end, hi_end, rows=slice(None)):
        """Which SDs v can round to the printed SD (lo_end / hi_end: test the lower / upper end)."""
        ok_lo = np.where(s_lo_in[rows], lo_end >= sd_lo[rows] - _EPS, lo_end > sd_lo[rows] + _EPS)
        return ok_lo & np.where(s_hi_in[rows], hi_end <= sd_hi[rows] + _EPS, hi_end < sd_hi[rows] - _EPS)

    if formula == "mean_n":
        f_lo, f_hi = _binary_sd_array(x_lo, nf), _binary_sd_array(x_hi, nf)
        smin = np.minimum(f_lo, f_hi)
        smax = np.where((x_lo <= 0.5) & (0.5 <= x_hi), _binary_sd_array(np.full(len(nf), 0.5), nf),
                        np.maximum(f_lo, f_hi))
        ok = fits(smax, smin)
        scalar_rows = big
    else:
        m_lo_in, m_hi_in = _inclusion_arrays(m, rounding)
        # k0 = smallest k with k/n >= (2m-1)/(2D), k1 = largest k with k/n <= (2m+1)/(2D) (exact)
        safe = ~big & ((2.0 * np.abs(m.astype(float)) + 1.0) * nf < 2.0 ** 61)
        ms, Ns, Ds = np.where(safe, m, 0), np.where(safe, nn, 1), np.where(safe, D, 1)
        A_lo, A_hi, B = (2 * ms - 1) * Ns, (2 * ms + 1) * Ns, 2 * Ds
        k0 = np.maximum(np.where(m_lo_in, -((-A_lo) // B), A_lo // B + 1), 0)
        k1 = np.minimum(np.where(m_hi_in, A_hi // B, -((-A_hi) // B) - 1), Ns)
        count = np.where(safe, k1 - k0 + 1, 0)
        scalar_rows = big | ~safe | (count > _MAX_COUNTS)
        ok = np.zeros(len(m), bool)
        smin = np.full(len(m), np.inf)
        smax = np.full(len(m), -np.inf)
        active = ~scalar_rows & (count > 0)
        for j in range(int(count[active].max()) if active.any() else 0):
            rows = np.flatnonzero(active & (j < count))
            v = _binary_sd_array((k0[rows] + j).astype(float) / nf[rows], nf[rows])
            ok[rows] |= fits(v, v, rows)
            smin[rows] = np.minimum(smin[rows], v)
            smax[rows] = np.maximum(smax[rows], v)
        none = ~np.isfinite(smin)
        smin[none] = np.nan
        smax[none] = np.nan
    codes = np.where(ok, 0, 1)
    if scalar_rows.any():
        mc, sc = df[mean], df[std]
        for i in np.flatnonzero(scalar_rows):
            mt = mc.iloc[i] if isinstance(mc.iloc[i], str) else _fmt_scaled(int(m[i]), int(d[i]))
            st = sc.iloc[i] if isinstance(sc.iloc[i], str) else _fmt_scaled(int(s[i]), int(e[i]))
            r = debit(mt, st, int(nn[i]), formula=formula, rounding=rounding)
            codes[i] = _VERDICT_CODES[r.verdict]
            lo_hi = r.details.get("sd_range", (np.nan, np.nan))
            smin[i], smax[i] = lo_hi
    out = df.copy(deep=False)  # copy-on-write: the caller's frame is not modified
    out[f"{prefix}verdict"] = _verdict_column(codes, df.index)
    out[f"{prefix}sd_low"] = smin
    out[f"{prefix}sd_high"] = smax
    return out


_TWO_SIDED_TESTS = ("t", "z", "r")


def _codes_of(df, col, allowed, name):
    """A column of labels from a closed set -> (codes into ``allowed``); errors name the row."""
    import pandas as pd

    codes, uniq = pd.factorize(df[col], use_na_sentinel=True)
    lookup = np.array([allowed.index(u) if isinstance(u, str) and u in allowed else -1 for u in uniq] + [-1])
    out = lookup[codes]
    if (out < 0).any():
        i = _first_bad(out < 0)
        raise ValueError(f"column {col!r}, row {df.index[i]!r}: {name} ({df[col].iloc[i]!r}) must be one of "
                         + ", ".join(repr(a) for a in allowed))
    return out


def _df_column(df, col):
    """Degrees of freedom as floats (NaN where missing); None for no column."""
    import pandas as pd

    if col is None or col not in df:
        return np.full(len(df), np.nan)
    s = df[col]
    try:
        return pd.to_numeric(s, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError):
        v = pd.to_numeric(s, errors="coerce")
        i = _first_bad(v.isna().to_numpy() & s.notna().to_numpy())
        raise ValueError(f"column {col!r}, row {df.index[i]!r}: degrees of freedom ({s.iloc[i]!r}) must be "
                         f"a number") from None


def _df_half_column(df, col):
    """Half a unit of each df printed rounded (:func:`df_half_unit`, once per distinct value); 0 if exact."""
    import pandas as pd

    if col is None or col not in df:
        return np.zeros(len(df))
    codes, uniq = pd.factorize(df[col], use_na_sentinel=True)
    halves = np.array([df_half_unit(u) for u in uniq] + [0.0])
    return halves[codes]  # the sentinel -1 picks the trailing 0


def _printed_p_column(df, col, alpha):
    """Printed P strings -> (low, high, significant code: 1 yes, 0 no, -1 cannot tell, text), each
    distinct string parsed once by the scalar function's parser."""
    import pandas as pd

    s = df[col]
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    if (codes < 0).any():
        i = _first_bad(codes < 0)
        raise ValueError(f"column {col!r}, row {df.index[i]!r}: missing value (NaN/None) is not a printed P")
    k = len(uniq)
    lo, hi, sig = np.empty(k), np.empty(k), np.empty(k, np.int8)
    txt = []
    for j, u in enumerate(uniq):
        try:
            t, lo[j], hi[j], sg = _printed_p(u, alpha)
        except (ValueError, TypeError) as exc:
            i = _first_bad(codes == j)
            raise ValueError(f"column {col!r}, row {df.index[i]!r}: {exc}") from None
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


def recompute_p_map(df, test="test", statistic="statistic", df1="df1", df2="df2", p="p",
                    alternative="two-sided", alpha=0.05, ranges=False, explain=False, prefix=""):
    """Recompute P from every row's test statistic, vectorised (statcheck over a DataFrame).

    Parameters
    ----------
    df : pandas.DataFrame
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
        A copy of ``df`` with ``{prefix}p`` (P at the printed statistic; halved for a one-sided
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
    _frame_with(df, test=test, statistic=statistic, p=p)
    R = len(df)
    tcode = _codes_of(df, test, TESTS, "test")
    if isinstance(alternative, str) and alternative in ALTERNATIVES:
        one_sided = np.full(R, alternative != "two-sided")
        alt_col = None
    elif isinstance(alternative, str) and alternative in df:
        one_sided = _codes_of(df, alternative, ALTERNATIVES, "alternative") != 0
        alt_col = alternative
    else:
        raise ValueError(f"alternative ({alternative!r}) must be one of "
                         + ", ".join(repr(a) for a in ALTERNATIVES) + " or a column of the frame")
    m, d = _parse_column(df, statistic)
    big = (d > 15) | (np.abs(m) >= 2 ** 50)
    if big.any():
        i = _first_bad(big)
        raise ValueError(f"column {statistic!r}, row {df.index[i]!r}: {df[statistic].iloc[i]!r} has too many "
                         f"digits for the map (use recompute_p)")
    U = (2 * 10 ** d).astype(float)
    value = m.astype(float) / (10 ** d).astype(float)
    lo = (2 * m - 1).astype(float) / U
    hi = (2 * m + 1).astype(float) / U
    d1, d2 = _df_column(df, df1), _df_column(df, df2)
    is_t, is_F, is_chi2, is_r, is_z = (tcode == k for k in range(5))

    def bad_rows(mask, col, problem):
        if mask.any():
            i = _first_bad(mask)
            raise ValueError(f"column {col!r}, row {df.index[i]!r}: {problem} (test {TESTS[tcode[i]]!r}; "
                             f"statcheck's layout: df2 for t and r, df1 for chi2, both for F, none for z)")

    positive = lambda x: np.isfinite(x) & (x > 0)  # noqa: E731  (real-valued df are fine: Welch, G-G)
    bad_rows(is_F & ~positive(d1), df1, "df1 must be a positive number for F")
    bad_rows(is_F & ~positive(d2), df2, "df2 must be a positive number for F")
    bad_rows((is_t | is_r) & ~positive(d2), df2, "df2 must be a positive number")
    bad_rows(is_chi2 & ~positive(d1), df1, "df1 must be a positive number")
    h1, h2 = _df_half_column(df, df1), _df_half_column(df, df2)
    bad_rows(is_z & (np.isfinite(d1) | np.isfinite(d2)), df2 if np.isfinite(d2[is_z]).any() else df1,
             "z has no degrees of freedom")
    bad_rows((is_F | is_chi2) & (m < 0), statistic, "the statistic must be >= 0")
    bad_rows(is_r & (np.abs(m) > 10 ** d), statistic, "r must be in [-1, 1]")
    if alt_col is not None or one_sided.any():
        bad = one_sided & (is_F | is_chi2) & (d1 != 1)
        if bad.any():
            i = _first_bad(bad)
            alt = df[alt_col].iloc[i] if alt_col else alternative
            raise ValueError(f"row {df.index[i]!r}: alternative ({alt!r}) is one-sided, which is defined for "
                             f"{TESTS[tcode[i]]} only with df1 = 1 (got {d1[i]:g})")
    p_lo, p_hi, sig_code, p_txt = _printed_p_column(df, p, alpha)

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
        a1, a2 = _dfs(name, d1, d2, rows)
        e1, e2 = _dfs(name, h1, h2, rows)
        l, h = lo[rows], hi[rows]
        if name in _TWO_SIDED_TESTS:
            al, ah = np.abs(l), np.abs(h)
            a_min = np.where((l <= 0.0) & (0.0 <= h), 0.0, np.minimum(al, ah))
            stats = (np.maximum(al, ah), a_min)
        else:
            stats = (np.maximum(h, 0.0), np.maximum(l, 0.0))
        # the scalar's corners: both ends of the statistic, and of each df printed rounded (half 0: the df)
        ps = [_stat_p(name, s_, x1, x2) for s_ in stats
              for x1 in ((a1,) if a1 is None or not e1.any() else (a1 - e1, a1 + e1))
              for x2 in ((a2,) if a2 is None or not e2.any() else (a2 - e2, a2 + e2))]
        p_a[rows] = np.minimum.reduce(ps)
        p_b[rows] = np.maximum.reduce(ps)
    two_ok = np.where(need, overlaps(p_a, p_b), True)
    one_ok = one_sided & overlaps(p_a / 2, p_b / 2)
    consistent = one_ok | two_ok
    # the version used: one-sided when it matches, or when nothing matches on a one-sided row
    use_one = one_sided & (one_ok | ~two_ok)
    half = np.where(use_one, 0.5, 1.0)
    f, a, b = face * half, p_a * half, p_b * half
    sig_rec = np.where(b <= alpha + _EPS, 1, np.where(a > alpha + _EPS, 0, -1))
    decision_error = ~consistent & (sig_code >= 0) & (sig_rec >= 0) & (sig_code != sig_rec)
    out = df.copy(deep=False)  # copy-on-write: the caller's frame is not modified
    out[f"{prefix}p"] = f
    if ranges or explain:
        out[f"{prefix}p_low"] = a
        out[f"{prefix}p_high"] = b
    out[f"{prefix}verdict"] = _verdict_column(np.where(consistent, 0, 1), df.index)
    out[f"{prefix}decision_error"] = decision_error
    if explain:
        reported, recomputed, explanation = [], [], []
        stat_txt = df[statistic].to_numpy(dtype=object)
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
            explanation.append(_p_explanation(label, p_txt[i], f[i], a[i], b[i], sides, bool(consistent[i]),
                                              bool(decision_error[i]), None if sp < 0 else bool(sp),
                                              None if sr < 0 else bool(sr), alpha,
                                              df_rounded=bool(_dfs(name, h1, h2, i)[0] or _dfs(name, h1, h2, i)[1])))
        out[f"{prefix}reported"] = reported
        out[f"{prefix}recomputed"] = recomputed
        out[f"{prefix}explanation"] = explanation
    return out
