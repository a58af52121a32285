"""GRIM's n where a table's notes say values are missing (issue 16, the held-in judgement's weak spots): a column's,
n row's or arm's n is then not known to be each mean's n, so GRIM, GRIMMER and DEBIT are not tested against it.
Short tables written after real ones (PMC id beside each); the scan drafts each text and audits it.
"""

from __future__ import annotations

import pandas as pd

from analysis import scan

# PMC5434251's Table 1: PHQ-9 (integer items) 12.74 under 'IG (n=21)' is 242/19 (2 missing, its ninth footnote)
_FOOTNOTES = "".join(f"{c}Abbreviation {c}: its meaning.\n\n" for c in "abcdefgh")
_TABLE = (
    "Table 1\nCharacteristics of study participants.\n\nCharacteristics | IGa (n=21) | CGb (n=20)\n"
    "PHQ-9 (depressive symptoms), mean (SD) | 12.74 (5.69) | 18.61 (4.86)\n\n" + _FOOTNOTES + "{note}\n\n"
    "The groups were compared at baseline.\n"
)


def grim_rows(tmp_path, text: str, name: str) -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    df = scan(path, progress=False).to_frame()
    return df[df["check"] == "grim"].set_index("fragment")


def test_a_note_of_missing_values_leaves_the_column_n_untested(tmp_path):
    note = "iSCS-D: a self-compassion scale. Missing values: PHQ-9 two per group."  # that note's form, shortened
    r = grim_rows(tmp_path, _TABLE.format(note=note), "a.txt").loc["12.74 (5.69)"]
    assert r.verdict == "not_testable"
    assert "n = 21 (from the column header) may not be this number's n" in r.explanation
    assert "Missing values (table note)" in r.explanation
    # PMC3897937's form: 'Data available in 7/9 patients'
    r = grim_rows(tmp_path, _TABLE.format(note="eData available in 19/21 patients."), "b.txt").loc["12.74 (5.69)"]
    assert r.verdict == "not_testable" and "Data available in (table note)" in r.explanation


def test_a_note_that_says_nothing_of_missing_values_keeps_the_column_n(tmp_path):
    # the same table whose last note is PMC1913915's 'Mean (SD) unless otherwise stated': 12.74 of n = 21 stays
    # impossible (267/21 = 12.714, 268/21 = 12.762)
    note = "iMean (SD) unless otherwise stated."
    r = grim_rows(tmp_path, _TABLE.format(note=note), "c.txt").loc["12.74 (5.69)"]
    assert r.verdict == "inconsistent" and "267/21" in r.recomputed
