"""Vectorised ``*_map`` checks over a DataFrame of printed strings, same verdicts as the scalar checks row
for row.

May import analysis.reported, analysis.results, analysis.stats and other check modules (no cycles);
never the ledger, auditing or report.

The maps use numpy array arithmetic (no Python loop per row); scrutiny's vocabulary:
``grim()`` and ``grim_map()``.
"""
from __future__ import annotations

import numbers

import numpy as np
from scipy import special

from ..results import VERDICTS, check_confidence_level, check_method, one_vocabulary
from ..stats.inference import SCALES, _check_df, _quantile, _two_sided_p
from .granularity import SMALL_N_FULL_UP_TO, grim, grimmer
from .rounding import _EPS, ROUNDING, _fmt_scaled

__all__ = ["grim_map", "grimmer_map", "p_from_ci_map"]

# =========================================================================== vectorised maps

_VERDICT_CODES = {v: i for i, v in enumerate(VERDICTS)}


def _verdict_column(codes: np.ndarray, index):
    import pandas as pd

    return pd.Series(pd.Categorical.from_codes(codes.astype(np.int8), categories=list(VERDICTS)), index=index)


#: characters a printed number may hold in the maps: digits . - % space and NUL padding
_CHAR_OK = np.zeros(128, bool)
_CHAR_OK[[ord(ch) for ch in "0123456789.-% "] + [0]] = True


def _parse_column(df, col: str, decimals=None) -> tuple[np.ndarray, np.ndarray]:
    """Printed numbers in a DataFrame column -> (m int64, d int64) with value = m / 10**d.

    Strings are parsed vectorised (digits, one '.', a leading '-' or U+2212, a trailing '%');
    numeric columns need their decimals from ``decimals`` (an int or a column name).
    """
    import pandas as pd

    s = df[col]
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        if decimals is None:
            raise ValueError(f"column {col!r} is numeric: give its decimals (decimals={{{col!r}: ...}}) "
                             f"or pass the numbers as printed strings")
        d = (np.full(len(s), int(decimals), np.int64) if isinstance(decimals, numbers.Integral)
             else df[decimals].to_numpy(dtype=np.int64))
        v = s.to_numpy(dtype=float)
        if np.any(d < 0) or np.any(d > 15):
            raise ValueError(f"decimals for column {col!r} must be between 0 and 15")
        m = np.rint(v * 10.0 ** d).astype(np.int64)
        return m, d
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    if (codes < 0).any():
        i = int(np.flatnonzero(codes < 0)[0])
        raise ValueError(f"column {col!r}, row {s.index[i]!r}: missing value (NaN/None) is not a printed number")
    # printed numbers repeat: parse each distinct string once (pd.factorize hashes in C), then
    # spread the results over the rows; with mostly distinct strings, parse the rows directly
    few = len(uniq) * 4 < len(s)
    obj = np.asarray(uniq, dtype=object) if few else s.to_numpy(dtype=object)
    m, d, bad, a = _parse_strings(obj)
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        i = int(np.flatnonzero(codes == j)[0]) if few else j
        raise ValueError(f"column {col!r}, row {s.index[i]!r}: {str(a[j])!r} is not a printed number "
                         f"(the maps accept digits, one '.', a leading '-' and a trailing '%'; "
                         f"use the scalar functions for bounds such as '<.001')")
    return (m[codes], d[codes]) if few else (m, d)


def _parse_strings(obj: np.ndarray):
    """Vectorised parse of an object array of strings -> (m, d, bad, as_unicode)."""
    R = len(obj)
    if R == 0:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0, bool), np.zeros(0, "U1")
    # a fixed width is much faster to convert to than numpy's scan for the longest string;
    # a string that fills the width may have been cut, so those columns take the slow path
    for width in (8, 24, None):  # a string that fills the width may have been cut: widen
        a = obj.astype(f"U{width}") if width else np.asarray(obj, dtype=str)
        W = int(np.strings.str_len(a).max())
        if width is None or W < width:
            break
    c = a.view(np.int32).reshape(R, -1)
    # one pass per character position over a (width, rows) array of code points
    ct = np.ascontiguousarray(c[:, :W].T)
    m = np.zeros(R, np.int64)
    d = np.zeros(R, np.int32)
    ndig = np.zeros(R, np.int32)
    seen_dot = np.zeros(R, bool)
    started = np.zeros(R, bool)
    neg = np.zeros(R, bool)
    bad = np.zeros(R, bool)
    for x in ct:
        v = x - 48
        dig = v.view(np.uint32) < 10
        m = np.where(dig, m * 10 + v, m)
        ndig += dig
        d += dig & seen_dot
        dot = x == 46
        bad |= dot & seen_dot  # a second '.'
        seen_dot |= dot
        minus = (x == 45) | (x == 0x2212)
        bad |= minus & started  # '-' only before the number
        neg |= minus
        started |= dig | dot
        cls = _CHAR_OK[np.minimum(x, 127)] | (x == 0x2212)
        bad |= ~cls
    bad |= (ndig == 0) | (ndig > 18)
    m = np.where(neg, -m, m)
    return m, d.astype(np.int64), bad, a


def _int_column(df, col, name, minimum) -> np.ndarray:
    import pandas as pd

    if isinstance(col, numbers.Integral) and not isinstance(col, bool):
        if col < minimum:
            raise ValueError(f"{name} ({col!r}) must be an integer >= {minimum}")
        return np.full(len(df), int(col), np.int64)
    s = df[col]
    if pd.api.types.is_numeric_dtype(s.dtype):
        v = s.to_numpy(dtype=float)
        if not np.all(np.isfinite(v)) or np.any(v != np.round(v)):
            i = int(np.flatnonzero(~np.isfinite(v) | (v != np.round(v)))[0])
            raise ValueError(f"column {col!r}, row {s.index[i]!r}: {name} ({v[i]!r}) must be an integer")
        out = v.astype(np.int64)
    else:
        m, d = _parse_column(df, col)
        if np.any(d > 0):
            i = int(np.flatnonzero(d > 0)[0])
            raise ValueError(f"column {col!r}, row {s.index[i]!r}: {name} must be an integer")
        out = m
    if np.any(out < minimum):
        i = int(np.flatnonzero(out < minimum)[0])
        raise ValueError(f"column {col!r}, row {s.index[i]!r}: {name} ({int(out[i])!r}) must be an integer >= {minimum}")
    return out


def _inclusion_arrays(m: np.ndarray, rounding: str) -> tuple[np.ndarray, np.ndarray]:
    if rounding == "up_or_down":
        t = np.ones(len(m), bool)
        return t, t
    if rounding == "up":
        return np.ones(len(m), bool), np.zeros(len(m), bool)
    if rounding == "down":
        return np.zeros(len(m), bool), np.ones(len(m), bool)
    even = (m % 2) == 0
    return even, even


def _grim_arrays(m, dd, N, rounding):
    """Vectorised GRIM core: (codes, k, testable). codes: 0 consistent, 1 inconsistent, 2 not_testable."""
    D = 10 ** np.minimum(dd, 18)
    testable = (N < D) & (dd <= 18)
    incl_lo, incl_hi = _inclusion_arrays(m, rounding)
    # guard int64 overflow: (2|m|+1) * N and 2 * D * k must stay below 2**62
    big = testable & (((2.0 * np.abs(m.astype(float)) + 1.0) * N >= 2.0 ** 61) | (2.0 * D.astype(float) >= 2.0 ** 40))
    safe = testable & ~big
    Ns = np.where(safe, N, 1)
    Ds = np.where(safe, D, 1)
    ms = np.where(safe, m, 0)
    A, B = (2 * ms - 1) * Ns, 2 * Ds
    k = np.where(incl_lo, -((-A) // B), A // B + 1)
    lhs, rhs = B * k, (2 * ms + 1) * Ns
    ok = np.where(incl_hi, lhs <= rhs, lhs < rhs)
    codes = np.where(testable, np.where(ok, 0, 1), 2)
    return codes, k, testable, big


@one_vocabulary
def grim_map(df, mean="mean", nobs="n", items=1, percent=False, rounding="up_or_down", decimals=None,
             prefix="grim_"):
    """GRIM over every row of a DataFrame, vectorised.

    Parameters
    ----------
    df : pandas.DataFrame
    mean : str, default "mean"
        Column of means (or percentages) as printed strings; or a numeric column with its
        decimals in ``decimals``.
    nobs : str or int, default "n"
        Column of sample sizes (integers or integer strings), or one n for all rows.
    items : str or int, default 1
        Column of item counts, or one value for all rows.
    percent : bool, default False
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : int or str, optional
        For a numeric ``mean`` column: the printed decimals (an int, or a column name).
    prefix : str, default "grim_"
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``{prefix}verdict`` (categorical over VERDICTS),
        ``{prefix}sum`` (the integer total that fits, or -1) and ``{prefix}ratio``
        (scrutiny's GRIM ratio ``(10^d - N) / 10^d``; <= 0 means no power).

    Notes
    -----
    The same exact integer arithmetic as :func:`grim`, on int64 arrays; rows whose numbers
    would overflow int64 (more than about 9 significant digits) are sent to :func:`grim`.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). doi:10.1177/1948550616673876

    Examples
    --------
    >>> import pandas as pd
    >>> out = grim_map(pd.DataFrame({"mean": ["5.19", "5.21", "2.5"], "n": [28, 28, 200]}))
    >>> out["grim_verdict"].tolist()
    ['inconsistent', 'consistent', 'not_testable']
    """
    n = nobs
    check_method(rounding, ROUNDING, "rounding")
    if not isinstance(percent, bool):
        raise ValueError(f"percent ({percent!r}) must be True or False")
    dec = decimals.get(mean) if isinstance(decimals, dict) else decimals
    m, d = _parse_column(df, mean, dec)
    nn = _int_column(df, n, "n", 1)
    it = _int_column(df, items, "items", 1)
    pct = percent
    dd = d + 2 if pct else d
    N = nn * it
    codes, k, testable, big = _grim_arrays(m, dd, N, rounding)
    if big.any():
        col = df[mean]
        for i in np.flatnonzero(big):
            txt = col.iloc[i] if isinstance(col.iloc[i], str) else _fmt_scaled(int(m[i]), int(d[i]))
            r = grim(txt, int(nn[i]), int(it[i]), percent=pct, rounding=rounding)
            codes[i] = _VERDICT_CODES[r.verdict]
            k[i] = r.details["sums"][0] if r.verdict == "consistent" else -1
    D = 10.0 ** dd
    out = df.copy(deep=False)  # copy-on-write: the caller's frame is not modified
    out[f"{prefix}verdict"] = _verdict_column(codes, df.index)
    out[f"{prefix}sum"] = np.where(codes == 0, k, -1)
    out[f"{prefix}ratio"] = (D - N) / D
    return out


def _grimmer_sd_arrays(S, n, L, s, e, rounding):
    """Vectorised SD part of GRIMMER for one total S per row. Returns (ok, overflow)."""
    incl_lo, incl_hi = _inclusion_arrays(s, rounding)
    incl_lo = incl_lo | (s == 0)
    q = 4 * 10 ** e * 10 ** e  # 4 * 10^(2e)
    C = q * n  # common denominator of SS bounds
    a_lo = np.where(s > 0, (2 * s - 1) ** 2, 0)
    a_hi = (2 * s + 1) ** 2
    LL = L * L * (n - 1)
    # overflow guard in float
    est = (LL.astype(float) * a_hi.astype(float) * n + 4.0 * 10.0 ** (2 * e) * S.astype(float) ** 2
           + 4.0 * 10.0 ** (2 * e) * n.astype(float) ** 2)  # the least-spread sum below, times C
    overflow = (est >= 2.0 ** 61) | (e > 6)
    ok_rows = ~overflow
    C = np.where(ok_rows, C, 1)
    lo_num = np.where(ok_rows, LL * a_lo * n + q * S * S, 0)
    hi_num = np.where(ok_rows, LL * a_hi * n + q * S * S, 0)
    Q = -((-lo_num) // C)  # ceil
    Q = np.where((Q * C == lo_num) & ~incl_lo, Q + 1, Q)
    nq, nr = np.divmod(S, np.where(ok_rows, n, 1))
    Q = np.maximum(Q, np.where(ok_rows, n * nq * nq + 2 * nq * nr + nr, 0))  # least_sum_of_squares
    Q = np.where((Q - S) % 2 != 0, Q + 1, Q)
    ok = np.where(incl_hi, Q * C <= hi_num, Q * C < hi_num)
    return ok & ok_rows, overflow


@one_vocabulary
def grimmer_map(df, mean="mean", std="sd", nobs="n", items=1, rounding="up_or_down", decimals=None,
                prefix="grimmer_"):
    """GRIMMER over every row of a DataFrame, vectorised.

    Parameters
    ----------
    df : pandas.DataFrame
    mean, std : str
        Columns of means and SDs as printed strings (or numeric with ``decimals``).
    nobs : str or int
        Column of sample sizes (>= 2), or one n for all rows.
    items : str or int, default 1
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : dict, optional
        For numeric columns: ``{"mean": 2, "sd": "sd_decimals"}`` (ints or column names).
    prefix : str, default "grimmer_"

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``{prefix}verdict`` (categorical over VERDICTS).

    Notes
    -----
    GRIM on int64 arrays, then the sum-of-squares test of :func:`grimmer` for the one total
    that fits the mean; where GRIM has no power but the SD part has some, every total that
    fits the mean is tried, one array pass per candidate. Rows whose numbers would overflow
    int64 (or with more than 10,000 candidate totals) are sent to :func:`grimmer`.

    References
    ----------
    Anaya, J. (2016). doi:10.7287/peerj.preprints.2400v1 ; Allard, A. (2018), Analytic-GRIMMER.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"mean": ["5.21", "3.44"], "sd": ["1.6", "2.47"], "n": [28, 18]})
    >>> grimmer_map(d)["grimmer_verdict"].tolist()
    ['consistent', 'inconsistent']
    """
    sd, n = std, nobs
    check_method(rounding, ROUNDING, "rounding")
    decimals = decimals or {}
    m, d = _parse_column(df, mean, decimals.get(mean) if isinstance(decimals, dict) else None)
    s, e = _parse_column(df, sd, decimals.get(sd) if isinstance(decimals, dict) else None)
    if np.any(s < 0):
        i = int(np.flatnonzero(s < 0)[0])
        raise ValueError(f"column {sd!r}, row {df.index[i]!r}: sd must be >= 0")
    nn = _int_column(df, n, "n", 2)
    L = _int_column(df, items, "items", 1)
    N = nn * L
    codes, k, testable, big = _grim_arrays(m, d, N, rounding)
    no_power = np.where(s == 0, L * L * (nn - 1) > 8 * 10 ** (2 * e), L * L * (nn - 1) * s > 10 ** (2 * e))
    no_power = no_power | (e > 9)  # 10**(2e) beyond int64: treat via scalar below
    ok, overflow = _grimmer_sd_arrays(np.where(codes == 0, k, 0), nn, L, s, e, rounding)
    out_codes = np.where(codes == 1, 1, np.where(codes == 0, np.where(ok, 0, 1), 2))
    # GRIM has no power: try the totals k0..k1 that fit the mean, those nearest a multiple of n
    # first (the least spread); where the SD part has no power either, only those decide
    grim_free = (codes == 2) & (e <= 9) & (d <= 15)
    multi_scalar = np.zeros(len(df), bool)
    if grim_free.any():
        idx = np.flatnonzero(grim_free)
        mi, di, Ni = m[idx], d[idx], N[idx]
        Di = 10 ** di
        incl_lo, incl_hi = _inclusion_arrays(mi, rounding)
        safe = (2.0 * np.abs(mi.astype(float)) + 1.0) * Ni < 2.0 ** 61
        A_lo, A_hi, B = (2 * mi - 1) * Ni, (2 * mi + 1) * Ni, 2 * Di
        k0 = np.where(incl_lo, -((-A_lo) // B), A_lo // B + 1)
        k1 = np.where(incl_hi, A_hi // B, -((-A_hi) // B) - 1)
        count = k1 - k0 + 1
        np_i = no_power[idx]
        multi_scalar[idx[~safe | (count <= 0) | ((count > 10_000) & ~np_i)]] = True
        active = safe & (count > 0) & ((count <= 10_000) | np_i)
        found = np.zeros(len(idx), bool)
        sub_n, sub_L, sub_s, sub_e = nn[idx], L[idx], s[idx], e[idx]

        def attempt(rows, totals):
            okj, ovj = _grimmer_sd_arrays(totals, sub_n[rows], sub_L[rows], sub_s[rows], sub_e[rows], rounding)
            found[rows] |= okj
            multi_scalar[idx[rows[ovj]]] = True

        # no power in the SD part either: the total with the least spread decides (the multiple of
        # n in range, else the end whose remainder r minimises r (n - r))
        mult = k0 + (-k0) % sub_n
        r0, r1 = k0 % sub_n, k1 % sub_n
        best = np.where(mult <= k1, mult, np.where(r0 * (sub_n - r0) <= r1 * (sub_n - r1), k0, k1))
        rows = np.flatnonzero(active & np_i)
        attempt(rows, best[rows])
        rest = active & ~np_i
        for j in range(int(count[rest].max()) if rest.any() else 0):
            rows = np.flatnonzero(rest & ~found & (j < count))
            if len(rows) == 0:
                break
            attempt(rows, k0[rows] + j)
        out_codes[idx[active]] = np.where(found[active], np.where(np_i[active], 2, 0), 1)
    scalar_rows = big | ((codes == 0) & overflow) | multi_scalar | ((codes == 2) & ~grim_free) | (e > 9)
    # the arrays test what every sample must satisfy (parity, at least the least-spread sum of
    # squares), which is also enough from n = 8 on, and for n = 5 to 7 while the squared
    # deviations stay within SMALL_N_FULL_UP_TO; other rows that pass are decided exactly
    w_max = (L * L * (nn - 1)).astype(float) * ((2 * s + 1) / (2.0 * 10.0 ** e)) ** 2 + nn
    trusted = (nn >= 8) | ((nn >= 5) & (w_max <= SMALL_N_FULL_UP_TO - 1))
    scalar_rows |= ~trusted & (out_codes != 1)
    if scalar_rows.any():
        mc, sc = df[mean], df[sd]
        for i in np.flatnonzero(scalar_rows):
            mt = mc.iloc[i] if isinstance(mc.iloc[i], str) else _fmt_scaled(int(m[i]), int(d[i]))
            st = sc.iloc[i] if isinstance(sc.iloc[i], str) else _fmt_scaled(int(s[i]), int(e[i]))
            r = grimmer(mt, st, int(nn[i]), int(L[i]), rounding=rounding)
            out_codes[i] = _VERDICT_CODES[r.verdict]
    out = df.copy(deep=False)  # copy-on-write: the caller's frame is not modified
    out[f"{prefix}verdict"] = _verdict_column(out_codes, df.index)
    return out


def p_from_ci_map(df, estimate="estimate", lower="lower", upper="upper", p=None, confidence_level=0.95,
                  df_t=None, scale="linear", decimals=None, prefix=""):
    """P from the confidence interval for every row of a DataFrame, vectorised.

    Parameters
    ----------
    df : pandas.DataFrame
    estimate, lower, upper : str
        Columns of printed strings (or numeric with ``decimals``).
    p : str, optional
        Column of printed P values (``"0.02"``, ``".003"``; bounds such as ``"<.001"`` are not
        accepted here). When given, a verdict column is added.
    confidence_level : float, default 0.95
    df_t : str, float or None
        Degrees of freedom for t intervals: a column name, one number, or None for normal.
        (Named ``df_t`` because ``df`` is the DataFrame.)
    scale : {"linear", "log"}
    decimals : dict, optional
        For numeric columns: ``{"estimate": 2, ...}`` (ints or column names).
    prefix : str, default ""
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``{prefix}p``, ``{prefix}p_low``, ``{prefix}p_high``,
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
    decimals = decimals or {}
    parsed = {}
    for name, col in (("estimate", estimate), ("lower", lower), ("upper", upper)):
        mm, dd = _parse_column(df, col, decimals.get(col))
        unit = 10.0 ** (-dd)
        v = mm * unit
        parsed[name] = (v, v - unit / 2, v + unit / 2)
    if df_t is None:
        dfv = None
        q = _quantile(cl, None)
    else:
        if isinstance(df_t, str):
            dfv = df[df_t].to_numpy(dtype=float)
        else:
            dfv = np.full(len(df), float(_check_df(df_t)))
        if np.any(~(dfv > 0)):
            raise ValueError(f"df_t ({df_t!r}) must be positive")
        q = special.stdtrit(dfv, 1.0 - (1.0 - cl) / 2.0)
    (e, e_lo, e_hi), (l, l_lo, l_hi), (u, u_lo, u_hi) = parsed["estimate"], parsed["lower"], parsed["upper"]
    with np.errstate(divide="ignore", invalid="ignore"):
        if scale == "log":
            if np.any(e <= 0) or np.any(l <= 0) or np.any(u <= 0):
                raise ValueError("estimate, lower and upper must be > 0 on scale='log'")
            e, l, u = np.log(e), np.log(l), np.log(u)
            e_lo, e_hi, l_lo, l_hi, u_lo, u_hi = (np.log(np.maximum(x, 0.0)) for x in
                                                  (e_lo, e_hi, l_lo, l_hi, u_lo, u_hi))
        if np.any(u <= l):
            i = int(np.flatnonzero(u <= l)[0])
            raise ValueError(f"row {df.index[i]!r}: upper must be greater than lower")
        se = (u - l) / (2.0 * q)
        z = e / se
        p_face = _two_sided_p(z, dfv)
        a_max = np.maximum(np.abs(e_lo), np.abs(e_hi))
        a_min = np.where((e_lo <= 0) & (e_hi >= 0), 0.0, np.minimum(np.abs(e_lo), np.abs(e_hi)))
        w_min = u_lo - l_hi
        w_max = u_hi - l_lo
        z_max = np.where(w_min > 0, a_max * (2.0 * q) / w_min, np.inf)
        z_max = np.where(np.isnan(z_max), np.inf, z_max)
        z_min = np.where(a_min == 0, 0.0, a_min * (2.0 * q) / w_max)
        z_min = np.where(np.isnan(z_min), 0.0, z_min)
        p_low = _two_sided_p(z_max, dfv)
        p_high = _two_sided_p(z_min, dfv)
    out = df.copy(deep=False)  # copy-on-write: the caller's frame is not modified
    out[f"{prefix}p"] = p_face
    out[f"{prefix}p_low"] = p_low
    out[f"{prefix}p_high"] = p_high
    out[f"{prefix}se"] = se
    out[f"{prefix}z"] = z
    if p is not None:
        pm, pd_ = _parse_column(df, p, decimals.get(p))
        unit = 10.0 ** (-pd_)
        pv = pm * unit
        if np.any((pv < 0) | (pv > 1)):
            i = int(np.flatnonzero((pv < 0) | (pv > 1))[0])
            raise ValueError(f"column {p!r}, row {df.index[i]!r}: p must be in [0, 1]")
        pp_lo, pp_hi = np.maximum(pv - unit / 2, 0.0), np.minimum(pv + unit / 2, 1.0)
        fits = (p_low <= pp_hi + _EPS) & (p_high >= pp_lo - _EPS)
        out[f"{prefix}verdict"] = _verdict_column(np.where(fits, 0, 1), df.index)
    return out
