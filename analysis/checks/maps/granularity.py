"""The granularity family's maps (``grim_map``, ``grimmer_map``, ``debit_map``): GRIM, GRIMMER and DEBIT
over every row of a DataFrame, vectorised, with the same verdicts as :func:`grim`, :func:`grimmer` and
:func:`debit` row for row.

May import analysis.results and the check modules granularity and rounding, and the maps' column layer
(:mod:`analysis.checks.maps.columns`); never the ledger, auditing or report.

Each map runs its scalar's own cores on int64 or float64 arrays (no Python loop per row): the totals
that fit a printed mean (``rounding._first_k``, ``_last_k``, ``_inclusion``), GRIMMER's sum-of-squares
interval (``granularity._ss_numerators``, ``_ss_first``, ``_grimmer_no_power``) and DEBIT's binary SD
(``_binary_sd``, ``_binary_sd_range``, ``_sd_fits``) take Python numbers or arrays alike. Each map is
built by :func:`~analysis.checks.maps.columns.vectorised_map`, which reads the columns and sends the
rows the arrays cannot decide (int64 overflow, many candidate totals) to the scalar check.
"""

from __future__ import annotations

import numpy as np

from ...results import check_method
from ..granularity import (
    DEBIT_FORMULAS,
    SMALL_N_FULL_UP_TO,
    _binary_sd,
    _binary_sd_range,
    _grimmer_no_power,
    _sd_fits,
    _ss_first,
    _ss_numerators,
    debit,
    grim,
    grimmer,
)
from ..rounding import ROUNDING, _first_k, _inclusion, _last_k
from .columns import first, vectorised_map

__all__ = ["grim_map", "grimmer_map", "debit_map"]

#: rows of the "exact" DEBIT whose range of counts is wider than this go to the scalar function
_MAX_COUNTS = 256


def _grim_arrays(m, dd, N, rounding):
    """Vectorised GRIM core: (codes, k, testable). codes: 0 consistent, 1 inconsistent, 2 not_testable."""
    D = 10 ** np.minimum(dd, 18)
    testable = (N < D) & (dd <= 18)
    incl_lo, incl_hi = _inclusion(m, rounding)
    # guard int64 overflow: (2|m|+1) * N and 2 * D * k must stay below 2**62
    big = testable & (((2.0 * np.abs(m.astype(float)) + 1.0) * N >= 2.0**61) | (2.0 * D.astype(float) >= 2.0**40))
    safe = testable & ~big
    Ns = np.where(safe, N, 1)
    Ds = np.where(safe, D, 1)
    ms = np.where(safe, m, 0)
    k, ok = _first_k(ms, Ds, Ns, incl_lo, incl_hi)
    codes = np.where(testable, np.where(ok, 0, 1), 2)
    return codes, k, testable, big


def _grim_fill(r):
    return {"sum": r.details["sums"][0] if r.verdict == "consistent" else -1}


@vectorised_map(grim, printed=("mean",), counts={"nobs": 1, "items": 1}, fill=_grim_fill)
def grim_map(data, mean="mean", nobs="n", items=1, percent=False, rounding="up_or_down", decimals=None, prefix="grim_"):
    """GRIM over every row of a DataFrame, vectorised.

    Parameters
    ----------
    data : pandas.DataFrame
    mean : str, default "mean"
        Column of means (or percentages) as printed strings; or a numeric column with its
        decimals in ``decimals``.
    nobs : str or int, default "n"
        Column of sample sizes (integers or integer strings), or one n for all rows.
    items : str or int, default 1
        Column of item counts, or one value for all rows.
    percent : bool, default False
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : int, str or dict, optional
        For a numeric ``mean`` column: its printed decimals (an int, the name of a column of
        decimals, or ``{column: either}``), as every map reads it.
    prefix : str, default "grim_"
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``{prefix}verdict`` (categorical over VERDICTS),
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
    check_method(rounding, ROUNDING, "rounding")
    if not isinstance(percent, bool):
        raise ValueError(f"percent ({percent!r}) must be True or False")
    dd = mean.d + 2 if percent else mean.d
    N = nobs * items
    codes, k, testable, big = _grim_arrays(mean.m, dd, N, rounding)
    D = 10.0**dd
    return {"verdict": codes, "sum": np.where(codes == 0, k, -1), "ratio": (D - N) / D}, big


def _grimmer_sd_arrays(S, n, L, s, e, rounding):
    """Vectorised SD part of GRIMMER for one total S per row (the scalar's :func:`_ss_numerators` and
    :func:`_ss_first` on int64 arrays). Returns (ok, overflow)."""
    incl_lo, incl_hi = _inclusion(s, rounding)
    incl_lo = incl_lo | (s == 0)
    # overflow guard in float: the least-spread sum below, times the common denominator
    est = (
        (L * L * (n - 1)).astype(float) * ((2 * s + 1) ** 2).astype(float) * n
        + 4.0 * 10.0 ** (2 * e) * S.astype(float) ** 2
        + 4.0 * 10.0 ** (2 * e) * n.astype(float) ** 2
    )
    overflow = (est >= 2.0**61) | (e > 6)
    ok_rows = ~overflow
    S, n, L, s, e = (np.where(ok_rows, x, safe) for x, safe in ((S, 0), (n, 2), (L, 1), (s, 0), (e, 0)))
    lo, hi, C = _ss_numerators(S, n, L, s, e)
    Q = _ss_first(S, n, lo, C, incl_lo)
    return np.where(incl_hi, Q * C <= hi, Q * C < hi) & ok_rows, overflow


@vectorised_map(grimmer, printed=("mean", "std"), counts={"nobs": 2, "items": 1})
def grimmer_map(
    data, mean="mean", std="sd", nobs="n", items=1, rounding="up_or_down", decimals=None, prefix="grimmer_"
):
    """GRIMMER over every row of a DataFrame, vectorised.

    Parameters
    ----------
    data : pandas.DataFrame
    mean, std : str
        Columns of means and SDs as printed strings (or numeric with ``decimals``).
    nobs : str or int
        Column of sample sizes (>= 2), or one n for all rows.
    items : str or int, default 1
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : int, str or dict, optional
        For numeric columns: their printed decimals, as every map reads it (an int for every
        numeric column, the name of a column of decimals, or ``{"mean": 2, "sd": "sd_decimals"}``).
    prefix : str, default "grimmer_"

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``{prefix}verdict`` (categorical over VERDICTS).

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
    check_method(rounding, ROUNDING, "rounding")
    m, d, s, e = mean.m, mean.d, std.m, std.d
    if np.any(s < 0):
        i = first(s < 0)
        raise ValueError(f"{data.where(std.column, i)}: std ({std.text(i)!r}) must be >= 0")
    nn, L = nobs, items
    N = nn * L
    codes, k, testable, big = _grim_arrays(m, d, N, rounding)
    no_power = _grimmer_no_power(nn, L, s, e) | (e > 9)  # 10**(2e) beyond int64: treat via scalar below
    ok, overflow = _grimmer_sd_arrays(np.where(codes == 0, k, 0), nn, L, s, e, rounding)
    out_codes = np.where(codes == 1, 1, np.where(codes == 0, np.where(ok, 0, 1), 2))
    # GRIM has no power: try the totals k0..k1 that fit the mean, those nearest a multiple of n
    # first (the least spread); where the SD part has no power either, only those decide
    grim_free = (codes == 2) & (e <= 9) & (d <= 15)
    multi_scalar = np.zeros(data.rows, bool)
    if grim_free.any():
        idx = np.flatnonzero(grim_free)
        mi, di, Ni = m[idx], d[idx], N[idx]
        Di = 10**di
        incl_lo, incl_hi = _inclusion(mi, rounding)
        safe = (2.0 * np.abs(mi.astype(float)) + 1.0) * Ni < 2.0**61
        k0, _ = _first_k(mi, Di, Ni, incl_lo, incl_hi)
        k1 = _last_k(mi, Di, Ni, incl_hi)
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
    w_max = (L * L * (nn - 1)).astype(float) * ((2 * s + 1) / (2.0 * 10.0**e)) ** 2 + nn
    trusted = (nn >= 8) | ((nn >= 5) & (w_max <= SMALL_N_FULL_UP_TO - 1))
    scalar_rows |= ~trusted & (out_codes != 1)
    return {"verdict": out_codes}, scalar_rows


def _debit_fill(r):
    lo, hi = r.details.get("sd_range", (np.nan, np.nan))
    return {"sd_low": lo, "sd_high": hi}


@vectorised_map(debit, printed=("mean", "std"), counts={"nobs": 2}, fill=_debit_fill)
def debit_map(
    data, mean="mean", std="sd", nobs="n", formula="mean_n", rounding="up_or_down", decimals=None, prefix="debit_"
):
    """DEBIT over every row of a DataFrame, vectorised.

    Parameters
    ----------
    data : pandas.DataFrame
    mean, std : str, default "mean", "sd"
        Columns of proportions and their SDs as printed strings (``"0.35"``), both in [0, 1]; or
        numeric columns with their decimals in ``decimals``.
    nobs : str or int, default "n"
        Column of sample sizes (at least 2), or one n for all rows.
    formula : {"mean_n", "exact"}
        As :func:`debit`.
    rounding : {"up_or_down", "up", "down", "even"}
    decimals : int, str or dict, optional
        For numeric columns: their printed decimals, as every map reads it (an int for every
        numeric column, the name of a column of decimals, or ``{"mean": 2, "sd": "sd_decimals"}``).
    prefix : str, default "debit_"
        Prefix of the added columns.

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``{prefix}verdict`` (categorical over VERDICTS) and
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
    check_method(formula, DEBIT_FORMULAS, "formula")
    check_method(rounding, ROUNDING, "rounding")
    m, d, s, e, nn = mean.m, mean.d, std.m, std.d, nobs
    big = (d > 15) | (e > 15) | (np.abs(m) >= 2**50) | (np.abs(s) >= 2**50)
    D = 10 ** np.minimum(d, 15)
    E = 10 ** np.minimum(e, 15)
    for p, DD, what in ((mean, D, "mean"), (std, E, "std")):
        out_of_range = ~big & ((p.m < 0) | (p.m > DD))
        if out_of_range.any():
            i = first(out_of_range)
            raise ValueError(
                f"{data.where(p.column, i)}: {what} ({p.text(i)!r}) must be "
                + ("a proportion in [0, 1] for binary data" if what == "mean" else "in [0, 1] for binary data")
            )
    Df, Ef = (2 * D).astype(float), (2 * E).astype(float)
    x_lo = np.maximum((2 * m - 1).astype(float) / Df, 0.0)
    x_hi = np.minimum((2 * m + 1).astype(float) / Df, 1.0)
    sd_lo = np.maximum((2 * s - 1).astype(float) / Ef, 0.0)
    sd_hi = (2 * s + 1).astype(float) / Ef
    nf = nn.astype(float)
    # which ends of the rounding intervals count (scalar: _inclusion; an SD of 0 includes 0)
    s_lo_in, s_hi_in = _inclusion(s, rounding)
    s_lo_in = s_lo_in | (s == 0)

    def fits(lo_end, hi_end, rows=slice(None)):
        """Which SDs v can round to the printed SD (lo_end / hi_end: test the lower / upper end)."""
        return _sd_fits(lo_end, hi_end, sd_lo[rows], sd_hi[rows], s_lo_in[rows], s_hi_in[rows])

    if formula == "mean_n":
        smin, smax = _binary_sd_range(x_lo, x_hi, nf)
        ok = fits(smax, smin)
        scalar_rows = big
    else:
        m_lo_in, m_hi_in = _inclusion(m, rounding)
        # k0 = smallest k with k/n >= (2m-1)/(2D), k1 = largest k with k/n <= (2m+1)/(2D) (exact)
        safe = ~big & ((2.0 * np.abs(m.astype(float)) + 1.0) * nf < 2.0**61)
        ms, Ns, Ds = np.where(safe, m, 0), np.where(safe, nn, 1), np.where(safe, D, 1)
        k0 = np.maximum(_first_k(ms, Ds, Ns, m_lo_in, m_hi_in)[0], 0)
        k1 = np.minimum(_last_k(ms, Ds, Ns, m_hi_in), Ns)
        count = np.where(safe, k1 - k0 + 1, 0)
        scalar_rows = big | ~safe | (count > _MAX_COUNTS)
        ok = np.zeros(len(m), bool)
        smin = np.full(len(m), np.inf)
        smax = np.full(len(m), -np.inf)
        active = ~scalar_rows & (count > 0)
        for j in range(int(count[active].max()) if active.any() else 0):
            rows = np.flatnonzero(active & (j < count))
            v = _binary_sd((k0[rows] + j).astype(float) / nf[rows], nf[rows])
            ok[rows] |= fits(v, v, rows)
            smin[rows] = np.minimum(smin[rows], v)
            smax[rows] = np.maximum(smax[rows], v)
        none = ~np.isfinite(smin)
        smin[none] = np.nan
        smax[none] = np.nan
    return {"verdict": np.where(ok, 0, 1), "sd_low": smin, "sd_high": smax}, scalar_rows
