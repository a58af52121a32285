"""Intervals printed upper first (a convention for negative differences) and table cells whose column does not say
CI (issue 16, ci_decimal mutation recall). Short tables written after PMC4331444's Table 2 (echocardiography before
and after neoadjuvant treatment; its notes: 'Data are presented as mean (95% confidence interval)'); the scan drafts
each text and audits it.
"""

from __future__ import annotations

import pandas as pd

from analysis import scan

_TABLE = (
    "Table 2\n\nResults\n\n | Chemotherapy | Chemotherapy | \n"
    "Variable | Pre neoadjuvant | Post neoadjuvant | P a\n"
    "EF (%) | {ef} | 57 (53–60) | >0.99\n"
    "GS (%) | {gs} | −15.7 (−14, −17) | 0.26\n\n"
    "Data are presented as mean (95% confidence interval). aMixed models test of within-group changes.\n"
)


def rows(tmp_path, gs: str, ef: str = "59 (56–62)") -> pd.DataFrame:
    path = tmp_path / "paper.txt"
    path.write_text(_TABLE.format(gs=gs, ef=ef), encoding="utf-8")
    return scan(path, progress=False).to_frame()


def one(df: pd.DataFrame, fragment: str, check: str) -> pd.Series:
    hit = df[(df["fragment"] == fragment) & (df["check"] == check)]
    assert len(hit) == 1, df[["fragment", "check", "verdict"]]
    return hit.iloc[0]


def test_an_interval_printed_upper_first_is_tested_for_symmetry_read_in_order(tmp_path):
    # PMC4331444 prints 'GS (%) | −17.6 (−16, −19)': upper first, the estimate between: as printed, consistent
    df = rows(tmp_path, "−17.6 (−16, −19)")
    assert one(df, "−17.6 (−16, −19)", "ci_order").verdict == "consistent"
    r = one(df, "−17.6 (−16, −19)", "ci_symmetry")
    assert r.verdict == "consistent" and r.recomputed == "-17.50"
    assert not (df["verdict"] == "inconsistent").any()
    # the mutation benchmark's ci_decimal on it (−19 -> −190): still upper first around the estimate, so ci_order
    # holds, but read in order (−190 to −16) its centre is −103, not −17.6
    df = rows(tmp_path, "−17.6 (−16, −190)")
    assert one(df, "−17.6 (−16, −190)", "ci_order").verdict == "consistent"
    r = one(df, "−17.6 (−16, −190)", "ci_symmetry")
    assert (r.verdict, r.grade, r.recomputed) == ("inconsistent", "likely", "-103.00")


def test_a_cell_with_two_negative_bounds_is_an_interval_whatever_its_column_says(tmp_path):
    # PMC4331444's '−16.1 (−14, −18)' with −18 moved to −1.8: the estimate lies outside the pair in either order; the
    # column ('Pre neoadjuvant') does not say CI, but degrees of freedom, an SD, an SE or an n are never negative
    df = rows(tmp_path, "−16.1 (−14, −1.8)")
    r = one(df, "−16.1 (−14, −1.8)", "estimate_in_ci")
    assert (r.verdict, r.grade) == ("inconsistent", "error")


def test_a_cell_with_positive_bounds_under_a_column_that_does_not_say_ci_is_not_paired(tmp_path):
    # the same table's 'EF (%) | 59 (56–62)' with its estimate outside the pair: under a column that does not say CI
    # the pair may be degrees of freedom or an SD and n ('1.58 (11, 309)'), so nothing is read from it
    df = rows(tmp_path, "−17.6 (−16, −19)", ef="59 (66–72)")
    r = one(df, "59 (66–72)", "estimate_in_ci")
    assert r.verdict == "not_testable" and "does not say CI" in r.explanation
