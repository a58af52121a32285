"""Tables (analysis.extraction.tables): cells placed by column header and row label.

Forms seen in the rct-extraction-dev JATS tables (../shared/benchmarks/rct-extraction-dev/xml):
'Placebo (n = 30)' column headers over 'mean ± SD' cells, 'n (%)' headers over '12 (40)' cells,
a count and its '(42)' in two cells, arms as rows ('Intervention (n = 125)'), Mean and SD columns side
by side, section rows. The tables are invented in those forms, printed as the readers print them.
"""
from __future__ import annotations

from analysis.extraction import extract_text
from conftest import examples


def cells(text, kind):
    return [e for e in extract_text(text).entries if e["kind"] == kind]


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
    assert e["n"] == "40" and e["n_source"] == "arm_table" and "size printed for arm 'placebo'" in e["review"]


def test_a_single_row_of_numbers_is_not_a_table():
    assert cells("12 (40%) | 13 (41%)\n", "proportion") == cells("12 (40%) | 13 (41%)", "proportion")


# --- issue 17: tables as a statistician reads them (forms seen in /work/corpus/ei JATS articles) ---------

def test_an_n_row_gives_each_column_its_size():
    # PMC111193, Table 1: 'n | 14 | 14' under ' | ANH | Non-ANH | P' (the cells here in ± form)
    t = "Table 1\n\n | ANH | Non-ANH | P\nn | 14 | 14 | \nAge, yr | 75.8 ± 6.4 | 70.1 ± 9.6 | 0.08\n"
    got = [(e["mean"], e["n"], e["n_source"], e["arm"], e["location"]) for e in cells(t, "mean_sd")]
    assert got == [("75.8", "14", "n_row", "anh", "table 1 | row: Age, yr | column: ANH"),
                   ("70.1", "14", "n_row", "non_anh", "table 1 | row: Age, yr | column: Non-ANH")]
    # negative: a row whose label is not n ('No. of sites') gives no sizes
    t2 = t.replace("\nn | 14 | 14 | ", "\nNo. of sites | 14 | 14 | ")
    assert all("n" not in e for e in cells(t2, "mean_sd"))


def test_an_n_column_in_each_row_when_arms_are_rows():
    # PMC1578590, Table 2 (decimal points here): 'Variables | Beta | n | Mean | p Value', 'ATR Dose | No | 37 | ...'
    t = "Variables | Beta | n | Mean ± SD | p Value\nATR Dose | No | 37 | 0.64 ± 0.37 | 0.0005\n | Yes | 39 | 1.04 ± 0.54 | \n"
    got = [(e["mean"], e["n"], e["n_source"]) for e in cells(t, "mean_sd")]
    assert got == [("0.64", "37", "cell"), ("1.04", "39", "cell")]


def test_a_mean_se_is_never_read_as_sd_in_a_table_or_beside_it():
    # PMC1569640, Table 2: 'Change, least squares mean ± se | −0.41 ± 0.08 | −0.57 ± 0.08' under a
    # 'Baseline HbA1c (%), mean ± sd' row: the SE row is kept from the table and from the running-text reader
    t = (" | Nateglinide + metformin n = 129 | Gliclazide + metformin n = 118\n"
         "Baseline HbA1c (%), mean ± sd | 7.66 ± 0.59 | 7.57 ± 0.57\n"
         "Change, least squares mean ± se | \u22120.41 ± 0.08 | \u22120.57 ± 0.08\n")
    assert [e["mean"] for e in cells(t, "mean_sd")] == ["7.66", "7.57"]


def test_a_table_note_saying_sem_keeps_plus_minus_cells_out():
    # PMC102323: notes 'Values are mean ± SEM.' under its figures and tables
    t = "Table 3\n\n | EA (n = 20) | Placebo (n = 20)\nVAS change | 25.1 ± 3.2 | 10.2 ± 2.9\n\nValues are mean ± SEM.\n"
    assert cells(t, "mean_sd") == []
    sd = t.replace("SEM", "SD")   # negative: the same note saying SD gives the pairs, with the arms' n
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(sd, "mean_sd")] == [("25.1", "3.2", "20"), ("10.2", "2.9", "20")]


def test_a_note_giving_the_size_of_every_group():
    # PMC2774638 prints 'n = 33 per group' (PMC1550259 'n = 94 per arm')
    t = "Table 2\n\n | Intervention | Control\nScore, mean (SD) | 12.1 (3.4) | 13.0 (3.9)\n\nn = 33 per group.\n"
    assert [(e["n"], e["n_source"]) for e in cells(t, "mean_sd")] == [("33", "column"), ("33", "column")]


def test_plus_minus_inside_the_bracket():
    # PMC1562427, Table 1: 'Age, mean ± SD, yr | 81.0 (± 5.8) | 82.1 (± 4.9)' under 'Resistance training (n = 40)'
    t = " | Resistance training (n = 40) | Control (n = 31)\nAge, mean ± SD, yr | 81.0 (± 5.8) | 81.3 (± 4.4)\n"
    got = [(e["mean"], e["sd"], e["n"], e["arm"]) for e in cells(t, "mean_sd")]
    assert got == [("81.0", "5.8", "40", "resistance_training"), ("81.3", "4.4", "31", "control")]


def test_count_percent_and_n_in_one_cell_and_mean_sd_n():
    # PMC4967511, Table 2: 'Girls, n (%) [N] | 189 (48) [391]' and 'Age (years), mean (SD) [N] | 8.72 (0.43) [391]'
    t = (" | Intervention group (26 classes) | Control group (27 classes)\n"
         "Girls, n (%) [N] | 189 (48) [391] | 218 (53) [409]\nAge (years), mean (SD) [N] | 8.72 (0.43) [391] | 8.71 (0.42) [370]\n")
    assert [(e["k"], e["percent"], e["n"], e["n_source"]) for e in cells(t, "proportion")] == [
        ("189", "48", "391", "cell"), ("218", "53", "409", "cell")]
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(t, "mean_sd")] == [("8.72", "0.43", "391"), ("8.71", "0.42", "370")]


def test_a_percentage_with_its_sd_under_a_mean_sd_header():
    # PMC1779263, Table 1: 'Average % daylight contribution ... (SD)' over '13% (10)': a mean percentage and its SD
    t = "Floor | Average % daylight contribution (SD)\nA. Intervention (17000 K) | 13% (10)\nB. Control (2900 K) | 11% (10)\n"
    assert [(e["mean"], e["sd"]) for e in cells(t, "mean_sd")] == [("13", "10"), ("11", "10")]
    # negative: the same cell under 'n (%)'-free, SD-free header is a share with its count
    t2 = "Outcome | Placebo (n = 40)\nResponders | 36.4% (32)\n"
    assert [(e["percent"], e["k"]) for e in cells(t2, "proportion")] == [("36.4", "32")]


def test_footnote_marks_stay_in_the_fragment_and_out_of_the_number():
    # issue 17: footnote marks sit in the cells ('12.3e,i'); PMC tables print them as superscripts ('5.1^a')
    t = "Outcome | Placebo (n = 30) | Drug (n = 31)\nScore, mean ± SD | 12.3 ± 4.1e,i | 10.9 ± 3.8^a\nRemission, n (%) | 12 (40)* | 20 (64.5)†\n"
    msd = cells(t, "mean_sd")
    assert [(e["mean"], e["sd"]) for e in msd] == [("12.3", "4.1"), ("10.9", "3.8")]
    assert "4.1e,i" in msd[0]["fragment"]
    assert [(e["k"], e["percent"], e["n"]) for e in cells(t, "proportion")] == [("12", "40", "30"), ("20", "64.5", "31")]


def test_a_total_row_label_does_not_override_the_arms():
    # issue 17: a row label 'Total (n = 628)' overrode the arm's n; PMC2762857 prints 'Total (n= 85)' as a label
    t = ("Outcome | Placebo (n = 300) | Drug (n = 328)\nResponders, n (%) | 120 (40.0) | 150 (45.7)\n"
         "Total (n = 628) | 270 (43.0%) | \n")
    got = [(e["k"], e.get("n"), e.get("arm")) for e in cells(t, "proportion")]
    assert got[:2] == [("120", "300", "placebo"), ("150", "328", "drug")]
    assert got[2][1] != "300" and got[2][2] != "total"


def test_stacked_sections_each_with_their_own_n():
    # issue 17: stacked sections of one table, each with its own n in its section header, were all given the
    # first section's n (the columns here are Mean and SD, the sections the arms)
    t = (" | Mean | SD\nKetamine (n = 12) |  | \nMADRS week 1 | 14.2 | 5.1\nMidazolam (n = 6) |  | \n"
         "MADRS week 1 | 20.3 | 6.0\n")
    got = [(e["mean"], e["n"], e["n_source"], e["arm"]) for e in cells(t, "mean_sd")]
    assert got == [("14.2", "12", "section", "ketamine"), ("20.3", "6", "section", "midazolam")]


def test_a_label_spanning_a_row_is_a_section_label():
    # PMC1562427, Table 1: 'marital status, No. (%)' repeated in every cell (a colspan) above '- Married | 8 (20)'
    t = (" | Resistance training (n = 40) | Control (n = 31)\nmarital status, No. (%) | marital status, No. (%) | "
         "marital status, No. (%)\n- Married | 8 (20) | 7 (23)\n")
    assert [(e["k"], e["n"], e["measure"]) for e in cells(t, "proportion")][0] == (
        "8", "40", "marital status, No. (%): - Married")


def test_bare_counts_under_arm_columns_of_an_adverse_event_table():
    # issue 17: bare integer counts under an arm column (adverse event tables)
    t = "Table 4. Adverse events\n\nEvent | Placebo (n = 30) | Ketamine (n = 31)\nNausea | 2 | 9\nDizziness | 0 | 5\n"
    got = [(e["k"], e["n"], e["arm"]) for e in cells(t, "count")]
    assert got == [("2", "30", "placebo"), ("9", "31", "ketamine"), ("0", "30", "placebo"), ("5", "31", "ketamine")]
    # negative: the same integers in a table that does not count events, or in an age row, are no counts
    assert cells(t.replace("Adverse events", "Scores").replace("Event", "Item"), "count") == []
    assert cells(t.replace("Nausea", "Age, years"), "count")[:1] != [("2", "30", "placebo")]


def test_a_spanning_header_over_every_arm_and_a_total_treated_n_row():
    # PMC4701182, Table 1: 'Treatment group' spans the four columns above 'TPV/r (500/100 mg) | ... | Total',
    # and 'Total treated (N) | 187 | 186 | 185 | 558' gives the sizes
    # (two arms differ only in the bracket: their ids keep it)
    t = (" | Treatment group | Treatment group | Treatment group | Treatment group\n"
         " | TPV/r (500/100 mg) | TPV/r (500/200 mg) | LPV/r (400/100 mg) | Total\n"
         "Total treated (N) | 187 | 186 | 185 | 558\nMale, n (%) | 137 (73.3) | 146 (78.5) | 144 (77.8) | 427 (76.5)\n")
    got = [(e["k"], e["n"], e["n_source"], e["arm"]) for e in cells(t, "proportion")]
    assert got == [("137", "187", "n_row", "tpv_r_500_100_mg"), ("146", "186", "n_row", "tpv_r_500_200_mg"),
                   ("144", "185", "n_row", "lpv_r"), ("427", "558", "n_row", "total")]


def test_unlabelled_count_cells_read_as_n_percent_when_the_table_s_cells_agree_with_its_n():
    # PMC5312688, Table 1: 'Variables | Control(n=50) | Intervention(n=50)', 'Male | 28 (56) | 31 (62)': nothing
    # says n (%), but 28/50 is 56%, 31/50 62%, 22/50 44%; a cell that disagrees is then drafted alike (and audited)
    t = ("Variables | Control(n=50) | Intervention(n=50) | P-value\nGender |  |  | 0.542\nMale | 28 (56) | 31 (62) | \n"
         "Female | 22 (44) | 19 (38) | \nRural | 25 (50) | 23 (47) | \n")
    got = [(e["k"], e["percent"], e["n"]) for e in cells(t, "proportion")]
    assert got == [("28", "56", "50"), ("31", "62", "50"), ("22", "44", "50"), ("19", "38", "50"), ("25", "50", "50"),
                   ("23", "47", "50")]
    # negative: cells that do not print 100 k / n are not read as counts (here means and SDs of a score)
    t2 = t.replace("28 (56)", "28 (5.6)").replace("31 (62)", "31 (6.2)").replace("22 (44)", "22 (4.4)")
    assert [e["k"] for e in cells(t2, "proportion")] == []


def test_a_bracketed_number_with_a_thousands_separator_is_no_percentage_and_no_crash():
    # PMC3738153, a table of 'k (m)' cells under columns with an n, one of them '43 (1,219)': the paper was dropped
    # from a scan (ValueError in float('1,219')); now the cell is simply not a count with its percentage
    t = ("Variables | Group A (n=50) | Group B (n=50)\nVisits | 36 (773) | 43 (1,219)\nMale | 28 (56) | 31 (62)\n"
         "Female | 22 (44) | 19 (38)\n")
    got = [(e["k"], e["percent"]) for e in cells(t, "proportion")]
    assert ("43", "1,219") not in got


def test_means_sd_or_percentages_told_apart_by_the_column_n():
    # PMC4276440, Table 1: caption 'Means (SD) or percentages ... are shown'; 'Years since final menstrual period |
    # 15 (10) | 15 (11)' is a mean (SD) (15 of 133 is 11.3%, not 10%); a count whose share of n is printed is a count
    t = ("Table 1\n\nMeans (SD) or percentages are shown.\n\n | Lifestyle | Metformin\n | n=133 | n=122\n"
         "Years since final menstrual period | 15 (10) | 15 (11)\nSmokers | 20 (15.0) | 11 (9.0)\n")
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(t, "mean_sd")] == [("15", "10", "133"), ("15", "11", "122")]
    assert [(e["k"], e["percent"]) for e in cells(t, "proportion")] == [("20", "15.0"), ("11", "9.0")]


def test_a_baseline_table_s_unlabelled_mean_and_sd():
    # PMC5379203, Table 1 'Baseline characteristics ...': 'Age | 51.0 (12.9) | 52.1 (11.3)' beside 'Male sex [n(%)]'
    t = ("Table 1\n\nBaseline characteristics and time to investigation and treatment.\n\n"
         " | Home (n = 157) | Hospital (n = 159) | P-value\nAge | 51.0 (12.9) | 52.1 (11.3) | 0.403\n"
         "Male sex [n(%)] | 107 (68.2%) | 118 (74.2%) | 0.264\n")
    got = cells(t, "mean_sd")
    assert [(e["mean"], e["sd"], e["n"]) for e in got] == [("51.0", "12.9", "157"), ("52.1", "11.3", "159")]
    assert all("baseline characteristics" in e["review"] for e in got)
    # negative: the same cells in a table of outcomes that does not say what the bracket holds are left out
    assert cells(t.replace("Baseline characteristics and time", "Time"), "mean_sd") == []


def test_mean_sd_and_range_in_one_cell():
    # PMC3090298, Table 2 ('Values represented as mean ± standard deviation (range)'): '0.125 ± 0.978 (−3.625 to 1.165)'
    t = "Parameter | PRK (n = 25) | Thin-flap (n = 25)\nSE (D) | 0.125 ± 0.978 (\u22123.625 to 1.165) | 0.236 ± 0.826 (\u22122.95 to 1.645)\n"
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(t, "mean_sd")] == [("0.125", "0.978", "25"), ("0.236", "0.826", "25")]


def test_the_paper_s_own_statement_of_what_brackets_hold():
    # PMC5379203: a heading 'Results [mean(SD) unless stated otherwise]', then Table 3 'Outcomes (modified ITT
    # analysis, n = 86 vs 86)' with 'Baseline | 11.9 (5.7) | 9.9 (5.5)' under 'Home (n = 86) | Hospital (n = 86)'
    t = ("Results [mean(SD) unless stated otherwise]\n\nTable 3\n\nOutcomes (modified ITT analysis).\n\n"
         " | Home (n = 86) | Hospital (n = 86) | Difference (95% CI)\nESS | ESS | ESS | ESS\n"
         "Baseline | 11.9 (5.7) | 9.9 (5.5) | 2.1 (0.4, 3.7)\n")
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(t, "mean_sd")] == [("11.9", "5.7", "86"), ("9.9", "5.5", "86")]
    # negative: a paper that also says 'mean (SE)' somewhere leaves the bracket unread
    assert cells(t + "\n\nChanges are given as mean (SE).\n", "mean_sd") == []


def test_a_total_evaluable_row_of_hundred_percents_is_the_n_row():
    # PMC4701182, Table 2: 'Total evaluable | 187 (100) | 186 (100)' under 'TPV/r (500/100 mg), n (%)' headers
    t = (" | TPV/r (500/100 mg), n (%) | LPV/r (400/100 mg), n (%)\nTotal evaluable | 187 (100) | 185 (100)\n"
         "Treatment response | 128 (68.4) | 134 (72.4)\n")
    got = [(e["k"], e["n"], e["n_source"]) for e in cells(t, "proportion")]
    assert got == [("128", "187", "n_row"), ("134", "185", "n_row")]


def test_a_one_group_table_takes_its_caption_n():
    # PMC3221331, Table 5 'Intervention group satisfaction with the program, n=67 (%)': 'like? | dislike?' columns
    # over '46 (69) | 3 (4)' (46 of 67 is 69%)
    t = ("Table 5\n\nIntervention group satisfaction with the program, n=67 (%)\n\n"
         "Which aspects did you… | like? | dislike? | no comment\nThat I would relate to quitters | 46 (69) | 3 (4) | 13 (19)\n"
         "What quitter has to say | 44 (66) | 6 (9) | 10 (15)\n")
    got = [(e["k"], e["n"], e["n_source"]) for e in cells(t, "proportion")]
    assert got[:2] == [("46", "67", "section"), ("3", "67", "section")] and len(got) == 6
    # negative: PMC5244530's caption '(n = 258)' over arm columns is the total, not each arm's n
    t2 = ("Table 1\n\nBaseline characteristics of participants in the PRI-SMA trial (n = 258)\n\n"
          "Characteristics | Intervention n (%) | TAU n (%)\nmen | 31 (24.8) | 45 (33.8)\nwomen | 94 (75.2) | 88 (66.2)\n"
          "single | 61 (48.8) | 57 (42.9)\n")
    assert all(e.get("n") != "258" for e in cells(t2, "proportion"))


def test_a_sizes_row_labelled_in_words_and_a_header_n_run_into_its_word():
    # PMC5391070, Table 4: 'SAS patients (n) | 107 | 99 | 103' above 'Mild leukopenia | 1 (0.9%) | 0 (0.0%) | 0 (0.0%)'
    t = (" | Arm A | Arm B | Arm C\nSAS patients (n) | 107 | 99 | 103\nAdverse events | 3 (2.8%)* | 5 (5.1%) | 2 (1.9%)*\n"
         "Mild leukopenia | 1 (0.9%) | 0 (0.0%) | 0 (0.0%)\n")
    got = [(e["k"], e["n"], e["n_source"]) for e in cells(t, "proportion")]
    assert got[:3] == [("3", "107", "n_row"), ("5", "99", "n_row"), ("2", "103", "n_row")]
    # negative: a row of counts labelled 'Female patients, n' is no sizes row (a count below exceeds it)
    t2 = (" | Arm A | Arm B\nFemale patients, n | 58 | 49\nMale patients, n (%) | 52 (47.3) | 67 (57.8)\n")
    assert all(e.get("n") not in ("58", "49") for e in cells(t2, "proportion"))
    # PMC3580671, Table 2: 'Infusion groupn = 106 | Bolus groupn = 108' (a line break lost before n)
    t3 = " | Number n (%) | Number n (%)\nPathogen | Infusion groupn = 106 | Bolus groupn = 108\nNone cultured | 10 (9.4%) | 6 (5.6%)\n"
    assert [(e["k"], e["n"]) for e in cells(t3, "proportion")] == [("10", "106"), ("6", "108")]
    # negative: 'mean = 5' is no header n
    assert [e.get("n") for e in cells(" | Placebo mean = 5\nScore, mean ± SD | 5.0 ± 1.2\n", "mean_sd")] == [None]


def test_the_spread_named_inside_the_bracket():
    # PMC2887362 prints '26.0 (SD 5.7)' in its cells; issue 17 lists '17.97 [SD, 6.58]'; the label decides even
    # where the table says nothing, and a bracket naming an SE is kept out
    t = "Outcome | Placebo (n = 40) | Drug (n = 41)\nBMI | 26.0 (SD 5.7) | 17.97 [SD, 6.58]\nChange | 1.2 (SE 0.3) | 0.9 [SE, 0.2]\n"
    assert [(e["mean"], e["sd"], e["n"]) for e in cells(t, "mean_sd")] == [("26.0", "5.7", "40"), ("17.97", "6.58", "41")]


def test_a_count_and_its_percentage_in_two_cells_under_one_arm():
    # PMC4307223, Table 1: 'Usual care | Usual care' over 'n = 124 | n = 124', then 'Male | ... | 51 | 41% | ...'
    t = ("Measure | Usual care | Usual care | Intervention | Intervention\nMeasure | n = 124 | n = 124 | n = 164 | n = 164\n"
         "Male | 51 | 41% | 86 | 52%\n")
    got = [(e["k"], e["percent"], e["n"], e["arm"]) for e in cells(t, "proportion")]
    assert got == [("51", "41", "124", "usual_care"), ("86", "52", "164", "intervention")]
    # negative: a count under one arm and a percentage under another are not paired
    t2 = "Measure | Usual care (n = 124) | Intervention (n = 164)\nMale | 51 | 52%\n"
    assert [(e.get("k"), e["percent"]) for e in cells(t2, "proportion")] == [(None, "52")]


def test_a_second_n_row_is_the_n_of_the_rows_below_it():
    # PMC2845036, Table 1: 'n | 41 | 42' at the top and 'n | 30 | 28' above the 24-month rows; the first n row's
    # size was given to every row. A count below the second n row whose percentage is of the column's size
    # ('40 (98)': 40 of 41) keeps that size (negative case)
    t = ("Table 1. Means ± SD are presented for continuous variables.\n\n | Active | Control\nn | 41 | 42\n"
         "Age (years) | 18.3 ± 9.1 | 18.8 ± 10.5\nn | 30 | 28\nA1C over 24 months (%) | 7.2 ± 1.2 | 7.3 ± 0.9\n"
         "Received both doses (%) | 40 (98) | 42 (100)\n")
    got = [(e.get("mean") or e["k"], e["n"], e["n_source"]) for e in extract_text(t).entries
           if e["kind"] in ("mean_sd", "proportion")]
    assert got == [("18.3", "41", "n_row"), ("18.8", "42", "n_row"), ("7.2", "30", "n_row"), ("7.3", "28", "n_row"),
                   ("40", "41", "n_row"), ("42", "42", "n_row")]


def test_an_n_row_under_each_section_with_a_p_value_beside_the_sizes():
    # PMC3940644, Table 4: each follow-up period a section with its own 'Subjects, n | 131 | 142 | 0.56 | 0.85 (...)'
    # row (a P value and an incidence-rate ratio after the sizes); the second section's counts were left without n
    t = ("Table 4\n\nFalls by follow-up\n\nFollow-up | Control | Intervention | P-value | Rate ratio\n"
         "Year 1 | Year 1 | Year 1 | Year 1 | Year 1\nSubjects, n | 120 | 140 | 0.41 | 0.90 (0.60–1.35)\n"
         "1 fall, n (%) | 24 (20.0%) | 21 (15.0%) |  | \n"
         "Year 2 | Year 2 | Year 2 | Year 2 | Year 2\nSubjects, n | 100 | 125 | 0.07 | 2.10 (1.20–3.60)\n"
         "1 fall, n (%) | 25 (25.0%) | 20 (16.0%) |  | \n")
    got = [(e["k"], e.get("n")) for e in cells(t, "proportion")]
    assert got == [("24", "120"), ("21", "140"), ("25", "100"), ("20", "125")]


def test_an_n_row_inside_a_section_holds_down_to_the_next_section_label():
    # PMC4701182, Table 1: 'N | 187 | 183 | 184' under 'Baseline CD4+ counts' is the n of that section's rows,
    # not of the 'Hepatitis co-infection' counts below the next section label (31 of 185, the column's size)
    t = (" | A | B | C\nTotal treated (N) | 187 | 186 | 185\nBaseline CD4 counts |  |  | \nN | 187 | 183 | 184\n"
         "Median | 216 | 197 | 207\nHepatitis co-infection |  |  | \nPositive, n (%) | 32 (17.1) | 34 (18.3) | 31 (16.8)\n")
    got = [(e["k"], e.get("n")) for e in cells(t, "proportion")]
    assert got == [("32", "187"), ("34", "186"), ("31", "185")]


def test_a_row_of_sizes_over_the_categories_of_one_variable():
    # PMC5431359 and PMC3041931, Table 1: 'Highest educational level | (n = 189) | (n = 161)' above its
    # categories, answered by fewer than the arm's 192 and 170; the categories were given the arm's size. The
    # next variable's count, whose percentage is of the arm's size ('33 (17.2)': 33 of 192), ends the block
    t = ("Table 1. Data presented as mean ± SD values or no. (%).\n\n | Intervention (n = 192) | Control (n = 170)\n"
         "Female sex | 43 (22.4) | 42 (24.7)\nHighest education | (n = 189) | (n = 161)\n"
         "Compulsory | 67 (35.4) | 62 (38.5)\nUniversity | 38 (20.1) | 32 (19.9)\nPensioner | 33 (17.2) | 15 (8.8)\n"
         "Depression | 17.9 ± 10.2 | 18.0 ± 10.6\n")
    got = [(e.get("k") or e["mean"], e.get("n")) for e in extract_text(t).entries if e["kind"] in ("mean_sd", "proportion")]
    assert got == [("43", "192"), ("42", "170"), ("67", "189"), ("62", "161"), ("38", "189"), ("32", "161"),
                   ("33", "192"), ("15", "170"), ("17.9", "192"), ("18.0", "170")]


def test_mean_and_sd_on_consecutive_rows():
    # PMC3669105, Tables 1 and 2: one patient a row, then 'Mean | | 51.8 | 8.4' over 'SD | | 5.2 | 5.7' per arm; a
    # 'mean' row over an 'SE' row is no mean and SD (negative case: an SE is never read as an SD)
    t = ("Table 1\n\nBaseline values\n\nPatient | Arm | LVEF % | T2* ms\n1a | A | 51.9 | 5.1\n2a | A | 49.9 | 5.9\n"
         "Mean |  | 50.9 | 5.5\nSD |  | 1.4 | 0.6\n1b | B | 53.9 | 12.0\n2b | B | 42.2 | 10.7\nmean |  | 48.1 | 11.4\n"
         "SE |  | 5.8 | 0.7\n")
    d = extract_text(t)
    got = [(e["mean"], e["sd"]) for e in d.entries if e["kind"] == "mean_sd"]
    assert got == [("50.9", "1.4"), ("5.5", "0.6")]
    assert all(e["fragment"] in d.text for e in d.entries)


def test_an_n_column_beside_a_percent_column_holds_the_counts():
    # PMC4511442, Table 1: 'Physiotherapy (n =35)' over 'n | %' columns; the count in the n column was taken as
    # the arm's size in its row ('1 | 2.9 %' drafted as 1 of 1). The n column beside a Mean (SD) column still
    # gives the size (test_an_n_column_beside_each_arm_gives_its_size, the negative case)
    t = (" | Physio (n = 35) | Physio (n = 35) | Auto (n = 35) | Auto (n = 35)\n | n | % | n | %\nCardiac | 2 | 5.7 % | 1 | 2.9 %\n"
         "Hepatic | 7 | 20.0 % | 6 | 17.1 %\n")
    got = [(e["k"], e.get("n"), e["percent"]) for e in cells(t, "proportion")]
    assert got == [("2", "35", "5.7"), ("1", "35", "2.9"), ("7", "35", "20.0"), ("6", "35", "17.1")]


def test_a_row_label_listing_each_arm_s_size_withholds_the_arm_s_size_below_it():
    # PMC4307223, Table 2: 'Frequency of toilet visits (UC: 71; I: 71; SI: 68; All: 210)' above its categories;
    # the arms' randomised sizes (124, 164 ...) were attached to them. Negative case: the rows above keep theirs
    t = (" | Usual care n = 124 | Usual care n = 124 | Intervention n = 164 | Intervention n = 164 | OR (95% CI)\n"
         "Continent | 21 | 17% | 29 | 18% | \nVisits (UC: 71; I: 71) |  |  |  |  | 0.43 (0.22-0.84)\n"
         "Every hour | 2 | 3% | 2 | 3% | \n")
    got = [(e["k"], e.get("n")) for e in cells(t, "proportion")]
    assert got == [("21", "124"), ("29", "164"), ("2", None), ("2", None)]


def test_a_row_of_a_stated_subset_takes_no_column_size():
    # PMC2845036, Table 1: 'zBMI (only on subjects <20 years) | 0.44 ± 1.11' under 'n | 41': the mean is of the
    # younger subjects, whose number is not printed. Negative case: the row above keeps the n row's size
    t = (" | Active | Control\nn | 41 | 42\nBMI (kg/m2) | 22.0 ± 4.2 | 21.8 ± 3.6\n"
         "zBMI (only on subjects <20 years) | 0.44 ± 1.11 | 0.66 ± 0.79\n")
    got = [(e["mean"], e.get("n")) for e in cells(t, "mean_sd")]
    assert got == [("22.0", "41"), ("21.8", "42"), ("0.44", None), ("0.66", None)]


def test_a_row_labelled_by_a_number_is_located_by_its_own_label():
    # PMC5951872's Table 1 ('None', '1', '2 or more' under 'Comorbidity, n (%)') and PMC3346674's Table 3 (a score's
    # rows 0 to 4 under 'Before treatment'): the label starts with a digit and is still the row's label
    t = (
        "Table 1\nComorbidity\n\n | Usual care (n = 113) | SCP care (n = 61)\nComorbidity, n (%) |  | \n"
        "None | 28 (25) | 21 (34)\n1 | 36 (32) | 12 (20)\n2 or more | 48 (42) | 26 (43)\n< 1 | 26 (23) | 8 (13)\n"
    )
    got = [(e["k"], e["location"].split(" | ")[1], e["measure"]) for e in cells(t, "proportion")[::2]]
    assert got == [
        ("28", "row: None", "Comorbidity, n (%): None"),
        ("36", "row: 1", "Comorbidity, n (%): 1"),
        ("48", "row: 2 or more", "Comorbidity, n (%): 2 or more"),
        ("26", "row: < 1", "Comorbidity, n (%): < 1"),
    ]


def test_a_statistic_in_the_first_column_is_no_row_label():
    # PMC3689826's table prints its first column as 'order, % read' cells ('1 (89.9)') and the label second
    t = (
        "Table 2\nStrategies\n\nOrder, % read | Strategy | Mean (SD) before | Mean (SD) after\n"
        "Outings | 1 | 2.1 (0.8) | 2.6 (0.7)\n1 (89.9) | 2 | 3.1 (0.9) | 3.5 (0.6)\n"
    )
    where = [e["location"] for e in extract_text(t).entries if e.get("location", "").startswith("table")]
    assert where and not any("89.9" in w for w in where)
    assert any("row: Outings" in w for w in where[2:])


def test_a_cell_in_a_row_of_counts_is_a_count_whatever_its_percentage():
    # PMC5642889, Table 1: means (SD) and numbers (%) in one table; 'Parity 0 | 36 (44.4) | 33 (41.8)' under n = 81
    # and 79 is a row of counts. With the first cell's percentage wrong (46.4; 36/81 is 44.4%) the cell is still a
    # count beside its (wrong) percentage, typed by its row, not read as a mean (SD) because it no longer fits n
    t = ("Table 1\n\nBaseline characteristics. Values are numbers (percentages) of women.\n\n"
         "Characteristics | Cooling (n = 81) | No intervention (n = 79)\n"
         "Maternal age, mean (SD), (years) | 32.5 (5.6) | 32.4 (5.6)\n"
         "Parity 0 | 36 (46.4) | 33 (41.8)\n1 | 29 (35.8) | 32 (40.5)\n\nSD, standard deviation.\n")
    got = [(e["k"], e["percent"], e["n"]) for e in cells(t, "proportion")]
    assert got[:2] == [("36", "46.4", "81"), ("33", "41.8", "79")]
    assert [e["mean"] for e in cells(t, "mean_sd")] == ["32.5", "32.4"]
    # negative: PMC4276440's 'Years since final menstrual period | 15 (10) | 15 (11)' (n = 133, 122): neither cell
    # prints its share of n, so the row is no row of counts and both are means (SD), as before
    t = ("Table 1\n\nMeans (SD) or percentages are shown.\n\n | Lifestyle | Metformin\n | n=133 | n=122\n"
         "Years since final menstrual period | 15 (10) | 15 (11)\nSmokers | 20 (15.0) | 11 (9.0)\n")
    assert [(e["mean"], e["sd"]) for e in cells(t, "mean_sd")] == [("15", "10"), ("15", "11")]


def test_a_one_group_table_takes_its_caption_n_from_cells_printed_with_a_percent_sign():
    # PMC3852769, Table 4 'Study design of the pivotal studies (n = 108)' over one column 'Number of pivotal studies
    # (%)' and cells '34 (31.5%)' (34 of 108 is 31.5%): the caption's n is the column's, whatever the sign
    t = ("Table 4\n\nStudy design of the pivotal studies (n = 108)\n\n | Number of pivotal studies (%)\n"
         "Control arm | Control arm\nNo control | 34 (31.5%)\nControlled | 74 (68.5%)\n"
         "Similarity at baseline | Similarity at baseline\nYes, statistically verified | 13 (12.0%)\n"
         "Not reported | 15 (13.9%)\n")
    got = [(e["k"], e.get("n"), e.get("n_source")) for e in cells(t, "proportion")]
    assert got == [("34", "108", "section"), ("74", "108", "section"), ("13", "108", "section"),
                   ("15", "108", "section")]
    # negative: the same caption over cells that are not its shares (34 of 108 is not 41.5%) gives them no n from it
    t2 = t.replace("34 (31.5%)", "34 (41.5%)").replace("74 (68.5%)", "74 (58.5%)").replace("13 (12.0%)", "13 (22.0%)")
    assert all(e.get("n_source") != "section" for e in cells(t2, "proportion"))


def test_a_row_of_counts_may_truncate_its_percentages():
    # PMC5747107, Table 1: 'low (no/primary/low secondary) | 6 (18.1) | 9 (25.7) | 10 (30.3)' under n = 33, 35, 33
    # (6/33 = 18.18%, printed truncated), in a table of means (SD) and n (%): with 9 (25.7) moved to 22.7 the row is
    # still one of counts, and the moved cell a count with a wrong percentage
    t = ("Table 1\n\nBaseline characteristics\n\n | ESM-I (n = 33) | Pseudo-intervention (n = 35) | Control group (n = 33)\n"
         "Gender, male: n (%) | 17 (51.5) | 14 (40.0) | 15 (45.5)\nAge, years: mean (SD) | 49 (10.2) | 47 (9.7) | 49 (10.9)\n"
         "Education | Education | Education | Education\nlow (no/primary/low secondary) | 6 (18.1) | 9 (22.7) | 10 (30.3)\n"
         "medium (high school/low vocational) | 12 (36.4) | 14 (40.0) | 12 (36.3)\n"
         "high (higher vocational/university) | 15 (45.5) | 12 (34.3) | 11 (33.3)\n"
         "Treated in primary care | 7 (21) | 6 (17) | 8 (24)\nBipolar disorder | 2 (6) | 2 (6) | 5 (15)\n")
    assert ("9", "22.7", "35") in [(e["k"], e["percent"], e["n"]) for e in cells(t, "proportion")]
    # negative: a cell two units off its share (6 (17.9): 6/33 = 18.18%) is no evidence the row holds counts
    t2 = t.replace("6 (18.1)", "6 (17.9)")
    assert ("9", "22.7") in [(e["mean"], e["sd"]) for e in cells(t2, "mean_sd")]


def test_a_row_of_counts_may_hold_one_misprinted_cell():
    # PMC5822856, Table 1: 'Mullato | 4 (14.8) | 8 (24.2) | 4 (12.9) | 4 (12.9)' under n = 27, 33, 31 and 91, in a
    # table of means (SD) and numbers (%) (its ages printed 69.4±4.1 (69.0, 65–82), shortened here): the last cell
    # copies the one before (4/91 is 4.4%). With 14.8 moved to 12.8, two other cells still print their share of n,
    # so the row is one of counts and the moved cell a count (read as a mean (SD) before: one misprint vetoed it)
    t = ("Table 1\n\nBaseline characteristics of subjects\n\n"
         "Characteristic | G1 (n=27) | G2 (n=33) | CG (n=31) | All participants (n=91) | p-values\n"
         "Age (years)* | 69.4 (4.1) | 70.1 (4.5) | 70.4 (5.4) | 70.0 (4.7) | 0.83a\n"
         "Mullato | 4 (12.8) | 8 (24.2) | 4 (12.9) | 4 (12.9) | \n\n*Mean (SD). **Number (percentage).\n")
    assert ("4", "12.8", "27") in [(e["k"], e["percent"], e.get("n")) for e in cells(t, "proportion")]
    # negative: two cells off their share (8 (24.2) moved to 26.2 as well) leave one that fits: no row of counts
    t2 = t.replace("8 (24.2)", "8 (26.2)")
    assert ("4", "12.8") in [(e["mean"], e["sd"]) for e in cells(t2, "mean_sd")]


def test_a_mean_row_does_not_count_against_a_one_group_tables_caption_n():
    # PMC5051790's Table 1 (caption 'N=69'): seven count cells and 'Age, mean (SD) | 50 (15)' under 'n (%)'; with
    # one count's percentage wrong (41 (56): 41/69 = 59.4%), six of seven counts still print their share of 69
    t = ("Table 1\n\nPatient characteristics (N=69).\n\nCharacteristics | Characteristics | n (%)\nSex | Sex | Sex\n"
         " | Men | 41 (56)\n | Women | 28 (41)\nAge, mean (SD) | Age, mean (SD) | 50 (15)\n"
         "Surgery type | Surgery type | Surgery type\n | General | 33 (48)\n | Orthopedic | 26 (38)\n | Gynecology | 4 (6)\n"
         " | Hand | 3 (4)\n | Ear, nose, throat | 3 (4)\n\n")
    got = {(e["k"], e.get("n"), e.get("n_source")) for e in cells(t, "proportion")}
    assert ("41", "69", "section") in got and ("28", "69", "section") in got
    # negative: a second wrong count (28 (45)) leaves five of seven: the caption's n is not taken
    t2 = t.replace("28 (41)", "28 (45)")
    assert all(e.get("n_source") != "section" for e in cells(t2, "proportion"))


# PMC5729494's Table 1: the one-year columns print no n; the arm table gives each the size printed in its
# baseline column (Liraglutide group N = 22, Control group N = 20)
_ONE_YEAR = ("Table 1\n\nDemographic characteristics of study population\n\n"
             "Characteristic | Screening | Baseline (randomization) | Baseline (randomization) | Baseline (randomization) "
             "| One year | One year | One year\n | Inclusion N = 58 | Liraglutide group N = 22 | Control group N = 20 | "
             "p-value | Liraglutide group | Control group | p-value\n"
             "Women | 47 (81%) | 17 (77%) | 19 (95%) | 0.19 | 17 (80%) | 19 (95%) | 0.19\n"
             "Men | 11 (19%) | 5 (23%) | 1 (5%) | 0.19 | 5 (23%) | 1 (5%) | 0.19\n\n")


def test_the_arm_size_is_given_to_a_wrong_percentage_whose_row_and_column_are_shares_of_theirs():
    # 17 (77%) at one year moved to 80% (17/22 = 77.3%): the row's control cell 19 (95%) is 19/20 and the column's
    # 5 (23%) is 5/22, so the arm's size is the cell's n and its percentage wrong, not of another denominator
    got = [(e["k"], e["percent"], e.get("n"), e.get("n_source")) for e in cells(_ONE_YEAR, "proportion")]
    assert ("17", "80", "22", "arm_table") in got
    # negative: with the column's other cell off its size too (5 (25%)), the column may be of another base: no n
    got = [(e["k"], e["percent"], e.get("n")) for e in cells(_ONE_YEAR.replace("| 5 (23%) | 1 (5%) | 0.19\n\n",
                                                                                  "| 5 (25%) | 1 (5%) | 0.19\n\n"),
                                                                "proportion")]
    assert ("17", "80", None) in got and ("5", "25", None) in got


def test_an_n_row_labelled_number_of_patients_treated():
    # PMC1913915, Table 5: 'Number of patients treated | 200 | 195' over ' | Tiotropium | Placebo' and 'n (%)' rows
    t = ("Table 5\n\nCOPD exacerbations\n\n | Tiotropium | Placebo\nNumber of patients treated | 200 | 195\n"
         "1 exacerbation, n (%) | 15 (7.5) | 28 (14.4)\n2 exacerbations, n (%) | 4 (2.0) | 5 (2.6)\n")
    got = [(e["k"], e.get("n"), e.get("n_source")) for e in cells(t, "proportion")]
    assert got == [("15", "200", "n_row"), ("28", "195", "n_row"), ("4", "200", "n_row"), ("5", "195", "n_row")]
    # negative: a row counting patients with something ('Number of patients with AE') is a row of counts, no sizes
    t2 = t.replace("Number of patients treated", "Number of patients with AE")
    assert all(e.get("n_source") != "n_row" for e in cells(t2, "proportion"))


# session 8 (issue 22): what the paper says its '±' and brackets hold is searched only where 'mean', 'average' or
# 'value' stands (tablelayout._document_says), and the caption's words once per table (_Layout.spread, _local_spread)

def test_the_first_words_of_the_papers_says_are_read_as_case_insensitive_matching_reads_them():
    import re
    import sys

    from analysis.extraction import tablelayout

    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert len(everything.replace("\u0130", "").lower()) == len(everything) - 1  # only U+0130 lowers to two
    for ch in sorted(set("".join(tablelayout._SAYS_LEADS))):
        assert {c.lower() for c in re.findall(f"(?i:{ch})", everything)} == {ch}, ch


def _says_by_finditer(s):
    from analysis.extraction import tablelayout

    return tablelayout._Layout._what(tablelayout._PM_SAYS, s), tablelayout._Layout._what(tablelayout._PAREN_SAYS, s)


_SAYS_PIECES = ["mean", "Mean", "MEANS", "average", "Averages", "value", "Values", "meanmean", "mean mean", " ", "  ",
                "±", "+/-", "+-", "(", "[", ")", "]", "SD", "SE", "SEM", "s.d.", "standard deviation", "standard errors",
                "x", "\u0130", "\u212a", "ſ", "amean"]


def test_the_papers_says_found_where_their_words_stand_equal_a_search_of_every_position():
    from hypothesis import given, settings, strategies as st

    from analysis.extraction import tablelayout

    @settings(max_examples=examples(500), deadline=None)
    @given(s=st.lists(st.sampled_from(_SAYS_PIECES), max_size=20).map("".join))
    def check(s):
        assert tablelayout._document_says(s) == _says_by_finditer(s)

    check()
    for s in ("Values are mean ± SD unless stated; means (SEM) in Table 3", "MEAN +/- S.D. and Average [standard error]",
              "mean ± SD ... mean ± SE", "ſ mean (SD) \u0130 average ± SEM"):
        assert tablelayout._document_says(s) == _says_by_finditer(s)


# session 8: the long context of each cell is searched for _SAYS_PCT and _SAYS_COUNTS only when it holds one of their
# key words, folded (tables._says)

def test_every_match_of_the_context_patterns_holds_a_key_word():
    from hypothesis import given, settings, strategies as st

    from analysis.extraction import tables

    for rx in (tables._SAYS_PCT, tables._SAYS_COUNTS):
        @settings(max_examples=examples(400), deadline=None)
        @given(s=st.from_regex(rx, fullmatch=True))
        def check(s):
            low = s.translate(tables._FOLD).lower()
            assert any(k in low for k in tables._SAYS_KEYS[id(rx)]), s

        check()


def test_folding_reads_the_key_words_letters_as_case_insensitive_matching_does():
    import re
    import sys

    from analysis.extraction import tables

    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = {ch for keys in tables._SAYS_KEYS.values() for k in keys for ch in k if ch.isalpha()}
    for ch in sorted(letters):
        found = re.findall(f"(?i:{re.escape(ch)})", everything)
        assert {c.translate(tables._FOLD).lower() for c in found} == {ch}, ch


_CONTEXT_PIECES = ["Adverse", "EVENTS", "event", "side  effect", "side effect", "Number of", "number of patients",
                   "No. of", "No.", "n (%)", "(%)", "n(%)", "%", "percent", "Percent", "number (", "no. (", "n [%",
                   "Incidence", "ſide effect", "ıncidence", "x", " ", "|", "toxicity", "frequency", "mean"]


def test_the_context_searches_give_what_a_search_gives():
    from hypothesis import given, settings, strategies as st

    from analysis.extraction import tables

    @settings(max_examples=examples(500), deadline=None)
    @given(s=st.lists(st.sampled_from(_CONTEXT_PIECES), max_size=20).map(" ".join))
    def check(s):
        for rx in (tables._SAYS_PCT, tables._SAYS_COUNTS):
            got, want = tables._says(rx, s), rx.search(s)
            assert (got and got.span()) == (want and want.span())

    check()


# tables._says tries the patterns only at the _SAYS_LEAD characters before each key word: the leftmost match, as a
# search of every position finds it, with the widest leads ('n  (  %', 'N  (%)') and odd case foldings
_LEAD_PIECES = ["n  (  %", "N  [  %", "n  (%)", "N (%)", "n(%)", "n", "N", "(", "[", "%", "  ", " ", "(%)", "No.  (",
                "NUMBER  (", "Percent", "no.  of", "No. often", "Events", "eventual", "prevent", "İncidence",
                "ſide effects", "toxicities", "x", "|", "\u212a", "numbers of"]


def test_the_context_searches_tried_before_each_key_word_find_the_leftmost_match():
    from hypothesis import given, settings, strategies as st

    from analysis.extraction import tables

    @settings(max_examples=examples(800), deadline=None)
    @given(parts=st.lists(st.sampled_from(_LEAD_PIECES), max_size=16), sep=st.sampled_from(["", " ", "  "]))
    def check(parts, sep):
        s = sep.join(parts)
        for rx in (tables._SAYS_PCT, tables._SAYS_COUNTS):
            got, want = tables._says(rx, s), rx.search(s)
            assert (got and got.span()) == (want and want.span()), (s, rx.pattern)

    check()
