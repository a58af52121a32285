"""Tables (analysis.extract.tables): cells placed by column header and row label.

Forms seen in the rct-extraction-dev JATS tables (../shared/benchmarks/rct-extraction-dev/xml):
'Placebo (n = 30)' column headers over 'mean ± SD' cells, 'n (%)' headers over '12 (40)' cells,
a count and its '(42)' in two cells, arms as rows ('Intervention (n = 125)'), Mean and SD columns side
by side, section rows. The tables are invented in those forms, printed as the readers print them.
"""
from __future__ import annotations

from analysis.extract import extract


def cells(text, kind):
    return [e for e in extract(text).entries if e["kind"] == kind]


def test_mean_sd_cells_take_arm_and_n_from_the_header_and_measure_from_the_row():
    t = "Table 1. Mean ± SD\n\nOutcome | Placebo (n = 30) | Ketamine (n = 31)\nMADRS | 49.4 ± 38.9 | 30.1 ± 20.2\n"
    got = [(e["mean"], e["sd"], e["n"], e["arm"], e["measure"]) for e in cells(t, "mean_sd")]
    assert got == [("49.4", "38.9", "30", "placebo", "MADRS"), ("30.1", "20.2", "31", "ketamine", "MADRS")]
    assert all("read from a table" in e["review"] for e in cells(t, "mean_sd"))


def test_count_percent_cells_under_n_percent():
    t = "Characteristic | Placebo (n = 30) | Ketamine (n = 31)\nWomen, n (%) | 12 (40.0) | 20 (64.5)\n"
    got = [(e["k"], e["n"], e["percent"], e["arm"]) for e in cells(t, "proportion")]
    assert got == [("12", "30", "40.0", "placebo"), ("20", "31", "64.5", "ketamine")]


def test_percent_cells():
    # rct-extraction-dev PMC tables print shares alone in a cell: '43.3%', '30.0 %'
    t = "Outcome | Placebo (n = 30) | Ketamine (n = 31)\nRemission | 43.3% | 53.3 %\n"
    got = [(e["percent"], e["n"], e["arm"], e["measure"]) for e in cells(t, "proportion")]
    assert got == [("43.3", "30", "placebo", "Remission"), ("53.3", "31", "ketamine", "Remission")]


def test_mean_sd_in_parentheses_only_where_the_table_says_sd():
    with_sd = "Outcome | Placebo (n = 30)\nScore, mean (SD) | 5.19 (1.6)\n"
    without = "Outcome | Placebo (n = 30)\nScore | 5.19 (1.6)\n"
    assert [(e["mean"], e["sd"]) for e in cells(with_sd, "mean_sd")] == [("5.19", "1.6")]
    assert cells(without, "mean_sd") == []


def test_arms_as_rows_with_split_count_and_percent_cells():
    t = ("Baseline | Baseline | 6 months | 6 months\nn | (%) | n | (%)\nAntidepressants |  |  |  | \n"
         "Intervention (n = 125) | 27 | (22) | 86 | (69)**\nUsual care (n = 133) | 43 | (32) | 78 | (59)\n"
         "Sedatives |  |  |  | \nIntervention | 26 | (21) | 53 | (42)\n")
    got = [(e["k"], e["n"], e["percent"], e["arm"], e["measure"], e.get("time")) for e in cells(t, "proportion")]
    assert got[:2] == [("27", "125", "22", "intervention", "Antidepressants", "Baseline"),
                       ("86", "125", "69", "intervention", "Antidepressants", "6 months")]
    assert got[-1] == ("53", "125", "42", "intervention", "Sedatives", "6 months")   # n from the arm's row above


def test_mean_and_sd_columns_side_by_side():
    t = " | Ketamine | Ketamine\n | Mean | SD\nHAM-D | 14.2 | 5.1\n"
    (e,) = cells(t, "mean_sd")
    assert (e["mean"], e["sd"], e["arm"], e["measure"]) == ("14.2", "5.1", "ketamine", "HAM-D")
    assert "n not placed" in e["review"]


def test_an_n_column_beside_each_arm_gives_its_size():
    t = " | Placebo | Placebo | Ketamine | Ketamine\n | n | Mean (SD) | n | Mean (SD)\nHAM-D | 30 | 14.2 (5.1) | 31 | 12.0 (4.9)\n"
    got = [(e["mean"], e["sd"], e["n"], e["arm"]) for e in cells(t, "mean_sd")]
    assert got == [("14.2", "5.1", "30", "placebo"), ("12.0", "4.9", "31", "ketamine")]


def test_estimate_cells_under_a_ci_header():
    t = "Outcome | Difference (95% CI)\nMADRS | -4.2 (-7.9 to -0.5)\n"
    (e,) = cells(t, "estimate_ci_p")
    assert (e["estimate"], e["lower"], e["upper"]) == ("-4.2", "-7.9", "-0.5")


def test_arm_size_printed_elsewhere_fills_a_column_without_n():
    t = "We randomised 40 to placebo (n = 40).\n\nOutcome | Placebo\nRemission, n (%) | 12 (30.0)\n"
    (e,) = cells(t, "proportion")
    assert e["n"] == "40" and "elsewhere in the text" in e["review"]


def test_a_single_row_of_numbers_is_not_a_table():
    assert cells("12 (40%) | 13 (41%)\n", "proportion") == cells("12 (40%) | 13 (41%)", "proportion")
