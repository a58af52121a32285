"""Quantities, ranges, doses, number words, and what is never read (analysis.extraction.quantities).

Forms seen in: seed 000 ('aged 9-10 years', '0.25 mg/kg', 'one to two hours', 'five weekly ...
infusions'), seed 001 ('between 18 and 65 years', '0.5 mg/kg'), seed 002 ('1-2 h', '1.5-2 h',
'12-month follow-up'), seed 003 ('0.1–1.0 mg/kg', '56 mg and 84 mg', 'every 1–2 weeks', '[12]'),
seed 004 ('8-week observation period'); data/README.md lists what the ledger never records.
"""
from __future__ import annotations

import pytest

from analysis.extraction import extract_text


def quantities(text):
    return [(e.get("value"), e.get("low"), e.get("high"), e["unit"]) for e in extract_text(text).entries
            if e["kind"] == "quantity"]


@pytest.mark.parametrize("text, expected", [
    ("girls aged 9-10 years", (None, "9", "10", "years")),
    ("between 18 and 65 years old", (None, "18", "65", "years")),
    ("doses from 0.1\u20131.0 mg/kg", (None, "0.1", "1.0", "mg/kg")),
    ("rated 1-2 h after", (None, "1", "2", "h")),
    ("lasting for one to two hours", (None, "one", "two", "hours")),
    ("infusions (0.25 mg/kg)", ("0.25", None, None, "mg/kg")),
    ("a 12-month follow-up", ("12", None, None, "month")),
    ("over 2 weeks", ("2", None, None, "weeks")),
    ("6 infusions", ("6", None, None, "infusions")),
    ("five weekly intravenous infusions", ("five", None, None, "weekly intravenous infusions")),
    ("11 depression-associated metabolites", ("11", None, None, "depression-associated metabolites")),
    ("a dose of 5\u00b75 mg", ("5\u00b75", None, None, "mg")),
    ("among females aged 18\u201365", (None, "18", "65", "years (age)")),                 # seed 003
    ("remission rates at week 8", ("8", None, None, "week")),                              # seed 003
    ("affecting nearly 300 million people", ("300", None, None, "million people")),        # seed 003
    ("defined as a MADRS score of \u226410.", ("10", None, None, "threshold (\u2264)")),   # seed 002
])
def test_quantities(text, expected):
    assert quantities(text) == [expected]


def test_range_is_not_a_minus():
    # the issue: 'aged 9-10 years' is a range, not 9 and -10
    assert quantities("aged 9\u201310 years") == [(None, "9", "10", "years")]


@pytest.mark.parametrize("text", [
    "as shown before [12], [3, 4] and [5\u20137].",          # citation brackets
    "Published online July 7, 2020. doi:10.1177/13524585",    # dates, DOIs
    "recruited between February and August 2019",            # calendar dates
    "a small Phase 1 pilot (NCT06199700)",                    # phase labels, registry ids
    "see Table 2 and Figure 3",                               # table and figure numbers
    "Expert Rev Neurother. 2024;24(9):827-830.",              # volume, issue, pages
    "call 410-955-5000 for details",                          # telephone numbers
])
def test_never_read(text):
    assert [e for e in extract_text(text).entries if e["kind"] != "text_only"] == []


def test_references_section_is_not_read():
    body = "We gave 0.5 mg/kg to 30 patients.\n\n" + "x " * 60 + "\n\nReferences\n\n1. Smith J. 12 weeks of 5 mg. 2019.\n"
    assert [e.get("value") or e.get("n") for e in extract_text(body).entries] == ["0.5", "30"]
