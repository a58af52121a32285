"""The one column layer of the vectorised maps, and the factory that builds each ``*_map`` from its
scalar check's vectorised core.

May import analysis.results and the check modules of a map's family (rounding, granularity,
pvalues); never the ledger, auditing or report.

Every map reads its frame through :class:`Columns`, so every map refuses bad input the same way:
a frame that is not a pandas DataFrame (a dict, a list) is a TypeError naming the argument; an
argument naming no column is a ValueError listing the columns; a bad cell names its column and its
row (``column 'sd', row 3: ...``); ``decimals=`` is read by one rule (:meth:`Columns.decimals_of`).
:func:`vectorised_map` (scrutiny's ``function_map()`` builds each map from its scalar the same way)
binds the map's arguments, reads its printed and count columns, calls the core on arrays, sends the
rows the core cannot decide in int64 to the scalar check, and returns a copy of the frame with the
prefixed result columns.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...results import VERDICTS, one_vocabulary
from ..rounding import _fmt_scaled

__all__ = ["Columns", "Printed", "vectorised_map", "verdict_column"]

VERDICT_CODES = {v: i for i, v in enumerate(VERDICTS)}

#: characters a printed number may hold in the maps: digits . - % space and NUL padding
_CHAR_OK = np.zeros(128, bool)
_CHAR_OK[[ord(ch) for ch in "0123456789.-% "] + [0]] = True

#: the most decimals a numeric column may be given (10**15 still fits float64's integers)
_MAX_DECIMALS = 15


def verdict_column(codes: np.ndarray, index):
    """Codes into VERDICTS -> a categorical Series over VERDICTS."""
    import pandas as pd

    return pd.Series(pd.Categorical.from_codes(codes.astype(np.int8), categories=list(VERDICTS)), index=index)


def first(mask: np.ndarray) -> int:
    """The position of the first True."""
    return int(np.flatnonzero(mask)[0])


@dataclass(frozen=True)
class Printed:
    """A column of printed numbers as exact integers: value = ``m / 10**d``."""

    column: str
    m: np.ndarray
    d: np.ndarray
    strings: Any  # the column (a pandas Series) of printed strings, None for a numeric column

    def text(self, i: int) -> str:
        """Row ``i`` as printed (a numeric column: its value with its decimals)."""
        if self.strings is not None:
            return self.strings.iloc[i]
        return _fmt_scaled(int(self.m[i]), int(self.d[i]))

    def value(self) -> np.ndarray:
        return self.m * 10.0 ** (-self.d)


class Columns:
    """A frame checked once and read by one set of rules (see the module docstring).

    Parameters
    ----------
    data : pandas.DataFrame
    decimals : None, int, str or dict
        The printed decimals of numeric columns of printed numbers (:meth:`decimals_of`).
    printed : dict
        Argument name -> column name, for every column of printed numbers the map reads (the keys
        ``decimals`` may name).
    """

    def __init__(self, data, decimals=None, printed=None, frame_arg="data"):
        import pandas as pd

        if not isinstance(data, pd.DataFrame):
            raise TypeError(
                f"{frame_arg} ({type(data).__name__}) must be a pandas DataFrame, one row per reported result"
            )
        self.frame = data
        self.index = data.index
        self.rows = len(data)
        printed = printed or {}
        if (
            decimals is not None
            and not isinstance(decimals, (dict, str, numbers.Integral))
            or isinstance(decimals, bool)
        ):
            raise TypeError(
                f"decimals ({decimals!r}) must be an int, the name of a column of decimals, or a dict "
                f"from column names to either"
            )
        if isinstance(decimals, dict):
            stray = [k for k in decimals if k not in printed.values()]
            if stray:
                raise ValueError(
                    f"decimals names {stray[0]!r}, which is not a column of printed numbers here; "
                    f"those are: " + ", ".join(map(repr, printed.values()))
                )
        self._decimals = decimals

    # ------------------------------------------------------------------ which columns
    def need(self, arg: str, col) -> str:
        """``col`` (the value of argument ``arg``) names a column of the frame."""
        if not isinstance(col, str) or col not in self.frame.columns:
            raise ValueError(
                f"{arg} ({col!r}) must name a column of the frame; columns: "
                + ", ".join(map(str, self.frame.columns[:20]))
            )
        return col

    def where(self, col: str, i: int) -> str:
        """``column 'x', row r`` for the message of a bad cell."""
        return f"column {col!r}, row {self.index[i]!r}"

    # ------------------------------------------------------------------ decimals, one rule
    def decimals_of(self, col: str):
        """The decimals of numeric column ``col`` by the one rule of ``decimals=``: None (the column
        must hold printed strings), an int for every numeric column, a column name holding each row's
        decimals, or a dict from column names to either."""
        dec = self._decimals.get(col) if isinstance(self._decimals, dict) else self._decimals
        if dec is None:
            return None
        if isinstance(dec, numbers.Integral) and not isinstance(dec, bool):
            if not 0 <= int(dec) <= _MAX_DECIMALS:
                raise ValueError(f"decimals ({dec!r}) for column {col!r} must be between 0 and {_MAX_DECIMALS}")
            return np.full(self.rows, int(dec), np.int64)
        if isinstance(dec, str):
            d = self.integers("decimals", dec, 0)
            if np.any(d > _MAX_DECIMALS):
                i = first(d > _MAX_DECIMALS)
                raise ValueError(f"{self.where(dec, i)}: decimals ({int(d[i])}) must be between 0 and {_MAX_DECIMALS}")
            return d
        raise TypeError(f"decimals for column {col!r} ({dec!r}) must be an int or the name of a column of decimals")

    # ------------------------------------------------------------------ printed numbers
    def printed(self, arg: str, col) -> Printed:
        """Column ``col`` of printed numbers (argument ``arg``): strings parsed exactly (digits, one
        '.', a leading '-' or U+2212, a trailing '%'), or numbers with their decimals."""
        import pandas as pd

        s = self.frame[self.need(arg, col)]
        if pd.api.types.is_bool_dtype(s.dtype):
            raise ValueError(f"column {col!r} holds True/False, not printed numbers")
        if pd.api.types.is_numeric_dtype(s.dtype):
            d = self.decimals_of(col)
            if d is None:
                raise ValueError(
                    f"column {col!r} is numeric: give its decimals (decimals={{{col!r}: ...}}) "
                    f"or pass the numbers as printed strings"
                )
            v = s.to_numpy(dtype=float)
            if not np.all(np.isfinite(v)):
                i = first(~np.isfinite(v))
                raise ValueError(f"{self.where(col, i)}: {v[i]!r} is not a printed number")
            return Printed(col, np.rint(v * 10.0**d).astype(np.int64), d, None)
        codes, uniq = pd.factorize(s, use_na_sentinel=True)
        if (codes < 0).any():
            raise ValueError(f"{self.where(col, first(codes < 0))}: missing value (NaN/None) is not a printed number")
        if pd.api.types.infer_dtype(uniq, skipna=False) != "string":
            j = next(j for j, u in enumerate(uniq) if not isinstance(u, str))
            raise ValueError(
                f"{self.where(col, first(codes == j))}: {uniq[j]!r} ({type(uniq[j]).__name__}) is not "
                f"a printed string (give every number of the column as printed, or a numeric column "
                f"with decimals=)"
            )
        # printed numbers repeat: parse each distinct string once (pd.factorize hashes in C), then
        # spread the results over the rows; with mostly distinct strings, parse the rows directly
        few = len(uniq) * 4 < len(s)
        obj = np.asarray(uniq, dtype=object) if few else s.to_numpy(dtype=object)
        m, d, bad, a = _parse_strings(obj)
        if bad.any():
            j = first(bad)
            i = first(codes == j) if few else j
            raise ValueError(
                f"{self.where(col, i)}: {str(a[j])!r} is not a printed number "
                f"(the maps accept digits, one '.', a leading '-' and a trailing '%'; "
                f"use the scalar functions for bounds such as '<.001')"
            )
        return Printed(col, m[codes], d[codes], s) if few else Printed(col, m, d, s)

    # ------------------------------------------------------------------ integers
    def integers(self, arg: str, col, minimum: int, name: str | None = None) -> np.ndarray:
        """Integers >= ``minimum``: a column (numbers or integer strings) or one int for every row.
        Errors name the quantity as ``name`` (default: the argument)."""
        import pandas as pd

        name = name or arg
        if isinstance(col, numbers.Integral) and not isinstance(col, bool):
            if col < minimum:
                raise ValueError(f"{name} ({col!r}) must be an integer >= {minimum}")
            return np.full(self.rows, int(col), np.int64)
        s = self.frame[self.need(arg, col)]
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            v = s.to_numpy(dtype=float)
            bad = ~np.isfinite(v) | (v != np.round(v))
            if bad.any():
                i = first(bad)
                raise ValueError(f"{self.where(col, i)}: {name} ({float(v[i])!r}) must be an integer")
            out = v.astype(np.int64)
        else:
            p = self.printed(arg, col)
            if np.any(p.d > 0):
                i = first(p.d > 0)
                raise ValueError(f"{self.where(col, i)}: {name} ({p.text(i)!r}) must be an integer")
            out = p.m
        if np.any(out < minimum):
            i = first(out < minimum)
            raise ValueError(f"{self.where(col, i)}: {name} ({int(out[i])!r}) must be an integer >= {minimum}")
        return out

    def labels(self, arg: str, col, allowed: tuple[str, ...]) -> np.ndarray:
        """A column of labels from a closed set -> codes into ``allowed``."""
        import pandas as pd

        s = self.frame[self.need(arg, col)]
        codes, uniq = pd.factorize(s, use_na_sentinel=True)
        lookup = np.array([allowed.index(u) if isinstance(u, str) and u in allowed else -1 for u in uniq] + [-1])
        out = lookup[codes]
        if (out < 0).any():
            i = first(out < 0)
            raise ValueError(
                f"{self.where(col, i)}: {arg} ({s.iloc[i]!r}) must be one of " + ", ".join(repr(a) for a in allowed)
            )
        return out

    def numbers(self, arg: str, col, name: str) -> np.ndarray:
        """A column of real numbers (NaN where missing); a column the frame does not have is all NaN."""
        import pandas as pd

        if col is None or col not in self.frame:
            return np.full(self.rows, np.nan)
        s = self.frame[col]
        v = pd.to_numeric(s, errors="coerce")
        bad = v.isna().to_numpy() & s.notna().to_numpy()
        if bad.any():
            i = first(bad)
            raise ValueError(f"{self.where(col, i)}: {name} ({s.iloc[i]!r}) must be a number")
        return v.to_numpy(dtype=float, na_value=np.nan)


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


def vectorised_map(scalar=None, printed=(), counts=None, columns=(), fill=None):
    """Build a ``*_map`` from its vectorised core.

    The decorated function has the map's public signature (its first argument the frame, ``data``;
    ``decimals`` and ``prefix`` among the others) and its docstring; its body is the core. The map
    checks that every column argument names a column (``printed``: printed numbers, None allowed
    for an optional one; ``counts``: argument -> minimum, a column or one int; ``columns``: others
    the core reads), reads the printed columns as :class:`Printed` and the counts as int64 arrays,
    and calls the core with these in place of the column names and a :class:`Columns` as ``data``.
    The core returns ``(columns, scalar_rows)``: the result columns without the prefix
    (``"verdict"`` as codes into VERDICTS) and the rows its arrays cannot decide (None: none). Each
    such row is sent to ``scalar`` with the row's printed strings, counts and the options the
    scalar takes; ``fill(check)`` gives the row's other result columns.
    """
    counts = counts or {}

    def build(core):
        sig = inspect.signature(core)
        scalar_args = set(inspect.signature(scalar).parameters) if scalar else set()
        column_args = [k for k in sig.parameters if k in printed or k in counts or k in columns]

        @functools.wraps(core)
        def the_map(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            a = bound.arguments
            cols = Columns(a["data"], a.get("decimals"), {k: a[k] for k in printed if isinstance(a[k], str)})
            for k in column_args:
                optional = (
                    k in printed
                    and a[k] is None
                    or k in counts
                    and isinstance(a[k], numbers.Integral)
                    and not isinstance(a[k], bool)
                )
                if not optional:
                    cols.need(k, a[k])
            call = dict(a, data=cols)
            for k in printed:
                if a[k] is not None:
                    call[k] = cols.printed(k, a[k])
            for k, minimum in counts.items():
                call[k] = cols.integers(k, a[k], minimum)
            result, scalar_rows = core(**call)
            if scalar_rows is not None and scalar_rows.any():
                result = {k: np.array(v, copy=True) for k, v in result.items()}
                for i in np.flatnonzero(scalar_rows):
                    row = {
                        k: (v.text(i) if isinstance(v, Printed) else int(v[i]) if k in counts else v)
                        for k, v in call.items()
                        if k in scalar_args
                    }
                    r = scalar(**row)
                    result["verdict"][i] = VERDICT_CODES[r.verdict]
                    for k, v in (fill(r) if fill else {}).items():
                        result[k][i] = v
            out = a["data"].copy(deep=False)  # copy-on-write: the caller's frame is not modified
            prefix = a.get("prefix", "")
            for k, v in result.items():
                out[f"{prefix}{k}"] = verdict_column(v, out.index) if k == "verdict" else v
            return out

        return one_vocabulary(the_map)

    return build
