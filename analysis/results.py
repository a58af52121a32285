"""Result types shared by every module: one interval type, one check type.

May import the standard library only; every other module of analysis may import it.

Every public function in :mod:`analysis` returns a frozen dataclass that repeats
its inputs and method (as scipy's ``BinomTestResult`` does) and offers
``to_dict()`` and a one-row ``to_frame()`` so a notebook can stack results.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import numbers
from typing import Any, Mapping, cast

#: The closed set of verdicts a consistency check may return (README, "How to read a verdict").
VERDICTS = ("consistent", "inconsistent", "not_testable")
#: How sure an ``inconsistent`` verdict is, highest first (docs/architecture.md, "The audit"): ``error`` an arithmetic impossibility
#: among numbers printed together, resting on nothing beyond the print; ``likely`` it rests on assumptions
#: the text supports, each listed in ``Check.assumptions``; ``rounding`` one rounding step (truncation,
#: double rounding) reproduces the print.
GRADES = ("error", "likely", "rounding")


def _plain(value: Any) -> Any:
    """Turn nested dataclasses, tuples and numpy scalars into plain Python."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item) and getattr(value, "ndim", 1) == 0:
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def _flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "_"))
        else:
            out[key] = v
    return out


class ResultMixin:
    """``to_dict()`` and ``to_frame()`` for frozen result dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        """All fields as plain Python values (nested results become dicts)."""
        return _plain(self)

    def to_frame(self):
        """One-row :class:`pandas.DataFrame`; nested fields are flattened with ``_``."""
        import pandas as pd

        flat = _flatten(self.to_dict())
        return pd.DataFrame([{k: (tuple(v) if isinstance(v, list) else v) for k, v in flat.items()}])

    def _repr_html_(self) -> str:
        """The fields as a short escaped HTML table, for a notebook cell (``to_frame()`` for pandas)."""
        fields = [(f.name, getattr(self, f.name)) for f in dataclasses.fields(cast(Any, self)) if f.repr]
        return html_table(("field", "value"), fields, caption=type(self).__name__, limit=None)


class InputError(ValueError):
    """Bad input from outside the code: a ledger file, a source document, a command-line argument.

    The one base of the errors that name what was wrong with what we were given
    (:class:`analysis.ledger.LedgerError`, :class:`analysis.extraction.ExtractError`, the CLI's own
    refusals, and the argument checks of the functions it calls: :func:`check_confidence_level`,
    :func:`check_method`, :mod:`analysis.reported`'s parsers, the GRIM family, the P and count checks,
    ``add`` and ``scan``); ``reanalysis`` prints its message as
    one line and exits 2. It is a ValueError, as a refusal of an argument is (scipy's convention), but
    the CLI catches only this class: a plain ValueError, TypeError, KeyError or AttributeError is never
    bad input: it is a defect (ours or a library's), and it propagates.

    >>> issubclass(InputError, ValueError)
    True
    """


@dataclasses.dataclass(frozen=True, slots=True)
class ConfidenceInterval(ResultMixin):
    """A confidence interval ``[low, high]``, as :class:`scipy.stats._result_classes.ConfidenceInterval`.

    Examples
    --------
    >>> ConfidenceInterval(0.1, 0.4).contains(0.25)
    True
    """

    low: float
    high: float

    def __iter__(self):
        """``low, high = ci`` unpacks, as with scipy's ConfidenceInterval."""
        yield self.low
        yield self.high

    def contains(self, value: float) -> bool:
        """True when ``low <= value <= high``."""
        return self.low <= value <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclasses.dataclass(frozen=True, slots=True)
class Check(ResultMixin):
    """The outcome of one consistency check.

    Attributes
    ----------
    check : str
        Name of the check (``"grim"``, ``"p_against_ci"``, ...).
    verdict : str
        One of :data:`VERDICTS`.
    explanation : str
        Plain words with the numbers, readable without the code.
    reported : str
        What the source printed, as printed.
    recomputed : str
        What the inputs imply (formatted for reading; full precision is in ``details``).
    margin : float or None
        How close to the edge a consistent result is, in units of the checked quantity
        (None when it does not apply).
    details : dict
        Numbers behind the verdict, at full precision.
    grade : str or None
        How sure an ``inconsistent`` verdict is, one of :data:`GRADES` (None for the other verdicts,
        and on a check's own result before the audit grades it).
    assumptions : tuple of str
        What the verdict rests on, each in plain words ("integer scores: 0-60 scale, printed in ...").
    """

    check: str
    verdict: str
    explanation: str
    reported: str = ""
    recomputed: str = ""
    margin: float | None = None
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    grade: str | None = None
    assumptions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict ({self.verdict!r}) must be one of {VERDICTS}")
        if self.grade is not None and (self.grade not in GRADES or self.verdict != "inconsistent"):
            raise ValueError(
                f"grade ({self.grade!r}) must be one of {GRADES}, on an inconsistent verdict only "
                f"(verdict {self.verdict!r})"
            )
        if isinstance(self.assumptions, str) or not all(isinstance(a, str) for a in self.assumptions):
            raise TypeError(f"assumptions ({self.assumptions!r:.80}) must be a tuple of strings")

    @property
    def ok(self) -> bool:
        """True unless the verdict is ``inconsistent``."""
        return self.verdict != "inconsistent"

    def _repr_html_(self) -> str:
        """Verdict, grade, explanation, the numbers and what the verdict rests on, escaped, for a notebook."""
        rows = [
            ("verdict", self.verdict),
            ("grade", getattr(self, "grade", None)),
            ("explanation", self.explanation),
            ("reported", self.reported),
            ("recomputed", self.recomputed),
            ("margin", self.margin),
            ("assumptions", "; ".join(getattr(self, "assumptions", ()) or ())),
        ]
        return html_table(
            ("", ""),
            [r for r in rows if r[1] not in (None, "")],
            caption=f"Check: {self.check}",
            limit=None,
            cell_max=600,
        )


def check_confidence_level(confidence_level: float, name: str = "confidence_level") -> float:
    """A confidence level as the API takes it: a fraction strictly between 0 and 1 (scipy's rule).

    ``0.95`` is a 95 % interval. Anything else is one :class:`InputError` naming the value: ``95`` is refused,
    not read as 95 % (``confidence_level=2`` gave a 2 % interval before; a level is never guessed),
    and so are 0, 1, NaN, a string and a bool. A level printed in a source (``"95"``, ``"95%"``,
    ``"0.95"`` in the ledger) is read by :func:`analysis.reported.printed_confidence_level`.

    >>> check_confidence_level(0.95)
    0.95
    >>> check_confidence_level(95)
    Traceback (most recent call last):
    ...
    analysis.results.InputError: confidence_level (95) must be a fraction in (0, 1), such as 0.95 for a 95 % interval
    """
    if (
        isinstance(confidence_level, bool)
        or not isinstance(confidence_level, numbers.Real)
        or not 0.0 < float(confidence_level) < 1.0
    ):  # also refuses NaN
        raise InputError(
            f"{name} ({confidence_level!r}) must be a fraction in (0, 1), such as 0.95 for a 95 % interval"
        )
    cl = float(confidence_level)
    if not _LEVEL_MIN <= cl <= 1 - _LEVEL_MIN:  # the quantiles collapse to 0 or infinity (a ZeroDivisionError)
        raise InputError(
            f"{name} ({confidence_level!r}) is too close to 0 or 1 to compute with: "
            f"it must lie between {_LEVEL_MIN:g} and {1 - _LEVEL_MIN:.9g}"
        )
    return cl


#: the closest a confidence level may come to 0 or to 1 (1e-17 gave a normal quantile of 0)
_LEVEL_MIN = 1e-9


def check_method(method: str, valid: tuple[str, ...], name: str = "method") -> str:
    """Reject a method outside a closed set with a message that lists the valid ones.

    >>> check_method("wilson", ("wilson", "exact"))
    'wilson'
    """
    if method not in valid:
        raise InputError(f"{name} ({method!r}) must be one of {', '.join(map(repr, valid))}")
    return method


#: The other spelling of an argument -> the package's, which is scipy's vocabulary: ``std`` is
#: the sample SD (ddof = 1) and ``nobs`` the number of observations (``n`` stays the number of
#: trials of a count, "k of n", as in scipy.stats.binomtest).
OTHER_SPELLINGS = {
    "sd": "std",
    "n": "nobs",
    "sd1": "std1",
    "sd2": "std2",
    "n1": "nobs1",
    "n2": "nobs2",
    "sd_pre": "std_pre",
    "sd_post": "std_post",
}


def one_vocabulary(func):
    """Make the other spelling of an argument (:data:`OTHER_SPELLINGS`) an error naming the right one.

    >>> @one_vocabulary
    ... def f(mean, std, nobs):
    ...     return nobs
    >>> f("5.2", sd="1.6", nobs=28)
    Traceback (most recent call last):
    ...
    TypeError: f() takes std=, not sd= (one vocabulary, scipy's: std is the sample SD, nobs the number of observations)
    """
    params = inspect.signature(func).parameters
    wrong = {o: r for o, r in OTHER_SPELLINGS.items() if r in params and o not in params}

    @functools.wraps(func)
    def checked(*args, **kwargs):
        for other in wrong.keys() & kwargs.keys():
            raise TypeError(
                f"{func.__name__}() takes {wrong[other]}=, not {other}= (one vocabulary, scipy's: "
                f"std is the sample SD, nobs the number of observations)"
            )
        return func(*args, **kwargs)

    return checked if wrong else func


# ----------------------------------------------------------------------------- HTML for notebooks

#: a value's text in an HTML cell is cut to this many characters (an ellipsis says so)
HTML_CELL_MAX = 160
#: rows shown by a table in a notebook before "and N more"
HTML_ROWS_MAX = 20


def _short(value: Any) -> str:
    """A value as short plain text: floats to 4 significant digits, an interval as [low, high],
    a sequence by its first six items, a mapping by its size."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, ConfidenceInterval):
        return f"[{_short(value.low)}, {_short(value.high)}]"
    if isinstance(value, Mapping):
        return f"{len(value)} values" if value else ""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        head = ", ".join(_short(v) for v in value[:6])
        return head + (f", ... ({len(value)} in all)" if len(value) > 6 else "")
    return str(value)


def html_text(value: Any, limit: int = HTML_CELL_MAX) -> str:
    """``value`` as escaped HTML text, cut with an ellipsis past ``limit`` characters.

    >>> html_text("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> html_text(0.123456789), html_text("x" * 200, limit=5)
    ('0.1235', 'xxxx\u2026')
    """
    import html

    text = " ".join(_short(value).split())
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def html_table(
    columns,
    rows,
    caption: str = "",
    total: int | None = None,
    more: str = "",
    limit: int | None = HTML_ROWS_MAX,
    cell_max: int = HTML_CELL_MAX,
) -> str:
    """A small escaped HTML table for a notebook cell.

    Parameters
    ----------
    columns : sequence of str
        The header.
    rows : iterable of sequences
        Only the first ``limit`` are shown (None: all); every cell goes through :func:`html_text`
        with ``cell_max``.
    caption : str
        Plain text above the table (escaped).
    total : int, optional
        How many rows there are in all; when more than shown, a last line says how many were
        left out, followed by ``more`` (plain text, e.g. where to find them).
    """
    import html

    rows = list(rows)
    shown = rows if limit is None else rows[:limit]
    total = len(rows) if total is None else total
    head = "".join(f'<th style="text-align:left">{html.escape(str(c))}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td style="text-align:left">{html_text(v, cell_max)}</td>' for v in r) + "</tr>"
        for r in shown
    )
    cap = f'<caption style="text-align:left">{html.escape(caption)}</caption>' if caption else ""
    tail = (
        f"<p>{total - len(shown)} more not shown{html.escape(': ' + more) if more else ''}.</p>"
        if total > len(shown)
        else ""
    )
    head = f"<thead><tr>{head}</tr></thead>" if any(str(c) for c in columns) else ""
    # tex2jax_ignore: JupyterLab and nbconvert typeset $...$ in HTML output as math (MathJax's ignore class),
    # and a fragment printing two dollar amounts would show as a formula, not as printed
    return f'<table class="tex2jax_ignore">{cap}{head}<tbody>{body}</tbody></table>{tail}'
