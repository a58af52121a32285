"""A CI whose minus signs the text prints as the digit 2: the bounds and estimate as printed do not hold together,
read with a leading 2 as a minus they do, to the last digit.

May import the standard library only.

Some XML renders a minus as '2' ('difference = 0.19; CI 20.82–1.21', '21.15; CI 212.26–9.97', PMC3656395): the
interval then looks reversed (``ci_order``) or off its centre (``ci_symmetry``). Read with a leading 2 as a minus,
the estimate sits at the interval's centre to its printed digits: a coincidence a misprint rarely makes, so the row
is not tested. One that does not centre ('0.13; CI 20.8–0.35': -0.8 to 0.35 centres on -0.23) is left to the checks.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["minus_as_two"]

_LEADING_TWO = re.compile(r"2\d{1,7}(?:\.\d{1,6})?")  # what follows the 2 is a number: 20.82, not 2.0
_NUMBER = re.compile(r"-?\d{1,7}(?:\.\d{1,6})?")


def _unit(s: str) -> float:
    return 10.0 ** -len(s.partition(".")[2])


def minus_as_two(estimate: str, lower: str, upper: str) -> str | None:
    """The reading with minus signs for leading 2s under which the estimate is the interval's centre, or None.

    >>> minus_as_two("0.19", "20.82", "1.21")
    '0.19 (-0.82 to 1.21)'
    >>> minus_as_two("21.15", "212.26", "9.97")
    '-1.15 (-12.26 to 9.97)'
    >>> minus_as_two("0.13", "20.8", "0.35") is None
    True
    """
    printed = [str(s).strip().replace("\u2212", "-") for s in (estimate, lower, upper)]
    if not all(_NUMBER.fullmatch(s) for s in printed):
        return None
    twos = [i for i, s in enumerate(printed) if len(s) > 1 and _LEADING_TWO.fullmatch(s)]
    for k in range(1, len(twos) + 1):
        for which in itertools.combinations(twos, k):
            est, a, b = ("-" + s[1:] if i in which else s for i, s in enumerate(printed))
            if est.startswith("-."):
                est = "-0" + est[1:]
            lo, hi = sorted((a, b), key=float)
            slack = (_unit(est) + max(_unit(lo), _unit(hi))) / 2 + 1e-9
            if float(lo) <= float(est) <= float(hi) and abs(float(est) - (float(lo) + float(hi)) / 2) <= slack:
                return f"{est} ({lo} to {hi})"
    return None
