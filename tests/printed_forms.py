"""Helpers shared by the tests of printed forms from judged false alarms (tests/test_false_alarms_s*.py): the
``inconsistent`` rows a scan of one short text gives, and the estimates the extractor reads from a string."""

from __future__ import annotations

from analysis import scan
from analysis.extraction.estimates import find_estimates
from analysis.extraction.tokens import shadow


def flagged(tmp_path, text: str, check: str) -> list[list[str]]:
    """The ``inconsistent`` rows of ``check`` in a scan of ``text``: [reported, recomputed, grade]."""
    p = tmp_path / "paper.txt"
    p.write_text(text, encoding="utf-8")
    f = scan([str(p)], progress=False).to_frame()
    return f[(f.check == check) & (f.verdict == "inconsistent")][["reported", "recomputed", "grade"]].values.tolist()


def estimates(s: str) -> list[tuple[str, str, str]]:
    """(estimate, lower, upper) of every estimate with a CI the extractor reads in ``s``."""
    return [(f.fields["estimate"], f.fields["lower"], f.fields["upper"]) for f in find_estimates(s, shadow(s))]
