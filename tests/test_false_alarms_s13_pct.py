"""The causes of ei_s13's percent_denominator and GRIM false alarms assigned to s13pct (issue 16;
benchmarks/adjudication/ei_s13.csv), each as the printed form it was seen in (the PMC id says where; numbers and short
fragments only) beside a close form that must stay flagged.

A: one N column holding both arms together beside per-arm 'k (x%)' cells; B: a score's values '0/1' read as a count;
C: a count of a total in words, 'five of six (83.3%)'; D: a spanning cell's copy in a zero-wide JATS column;
E: 'n = 12 in each group' of a cited trial; F: the FSS as an item mean, the EDSS in half steps; G: a header N one short
of the arm's size another table prints.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC3751685: 'Number' column 225 beside 'Intervention (n = 120)' 47 (44%) and 'Control (n = 121)' 46 (39%))
_A = (
    "Table 3 Effects of the programme.\n\n"
    "Outcome | Number | Group A (n = 120) | Group B (n = 121) | P\n"
    "Rate at 3 months, number (%) | {} | 47 (44%) | 46 (39%) | 0.52\n\nValues are numbers.\n"
)


def test_a_number_column_holding_both_arms_is_no_arm_base(tmp_path):
    assert flagged(tmp_path, _A.format(225), "percent_denominator") == []


def test_a_number_column_the_arms_cannot_sum_to_stays_the_base(tmp_path):
    assert len(flagged(tmp_path, _A.format(150), "percent_denominator")) == 2


# B (PMC5049645: 'subscore = 0/1 (21%)', a sensitivity among the scores 0 or 1, not 0 of 1)
def test_b_a_score_value_pair_after_subscore_is_no_count(tmp_path):
    assert (
        flagged(
            tmp_path,
            "The sensitivity for a Mayo subscore = 0/1 (21%) was low.\n",
            "percent_denominator",
        )
        == []
    )


def test_b_a_count_of_a_total_after_no_score_stays_flagged(tmp_path):
    assert (
        len(flagged(tmp_path, "Healing was seen in those treated, 3/10 (21%) at week 8.\n", "percent_denominator")) == 1
    )


# C (PMC2887201: 'five of six (83.3%) fasting patients in the after group', arms of 20 and 30: 6 read as the count)
_C = "Groups: before (n = 20) and after (n = 30). Most were fed: eight (100%) before and five of {} (83.3%) after.\n"


def test_c_a_count_of_a_total_in_words_is_read_as_k_of_n(tmp_path):
    assert flagged(tmp_path, _C.format("six"), "percent_denominator") == []


def test_c_a_count_of_a_total_in_words_that_does_not_fit_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _C.format("seven"), "percent_denominator")) == 1


# D (PMC5814604: zero-wide <col>s; the header's arm cells span columns 3-4, the indented rows' cells 4-5, so each
# cell's copy in column 5 fell under the next arm, n = 48, beside the right one, n = 65)
_D = (
    "<article><body><table-wrap><label>Table 1</label><caption><p>Characteristics, n (%).</p></caption><table>"
    '<col width="30"/><col width="30"/><col width="200"/><col width="0"/><col width="150"/><col width="0"/>'
    '<col width="150"/><col width="0"/><col width="50"/><thead><tr><td colspan="3">Characteristic</td>'
    '<td colspan="2">Group A (n=65)</td><td colspan="2">Group B (n=48)</td><td colspan="2">P</td></tr></thead><tbody>'
    '<tr><td/><td colspan="2">Race, n (%)</td><td colspan="2"/><td colspan="2"/><td colspan="2">.15</td></tr>'
    '<tr><td/><td/><td colspan="2">White</td><td colspan="2">{}</td><td colspan="2">22 (45.8)</td><td/></tr>'
    '<tr><td/><td/><td colspan="2">Other</td><td colspan="2">33 (50.8)</td><td colspan="2">26 (54.2)</td><td/></tr>'
    "</tbody></table></table-wrap></body></article>"
)


def _flagged_xml(tmp_path, cell: str) -> list[list[str]]:
    from analysis import scan

    p = tmp_path / "paper.nxml"
    p.write_text(_D.format(cell), encoding="utf-8")
    f = scan([str(p)], progress=False).to_frame()
    f = f[(f.check == "percent_denominator") & (f.verdict == "inconsistent")]
    return f[["reported", "recomputed", "grade"]].values.tolist()


def test_d_a_cell_spanning_a_zero_wide_column_stays_under_its_own_header(tmp_path):
    assert _flagged_xml(tmp_path, "32 (49.2)") == []


def test_d_a_cell_whose_percentage_fits_neither_column_stays_flagged(tmp_path):
    assert len(_flagged_xml(tmp_path, "32 (52.2)")) == 1


# E (PMC4440276: '... in control group, n = 12 in each group) [14]' in the Discussion, a cited pilot trial, gave this
# trial's columns without a size n = 12 for GRIM)
_E = (
    "Methods\n\nAdults were randomised to yoga or to a control group.\n\n"
    "Table 5 Changes in scores.\n\nOutcome | Yoga group | Control group\nCES-D | -0.93 ± 6.17 | -1.46 ± 7.73\n\n"
    "Values are mean ± SD.\n\nTable 6 lists the diet at baseline.\n\n{}\n"
)


def test_e_an_each_group_size_of_a_cited_trial_is_no_arm_size(tmp_path):
    text = _E.format(
        "Discussion\n\nA pilot trial found a fall of 5.6 ± 9.3 in the control group, n = 12 in each group [14]."
    )
    assert flagged(tmp_path, text, "grim") == []


def test_e_an_each_group_size_of_this_trial_stays_the_arm_size(tmp_path):
    text = _E.format("Results\n\nThe trial analysed n = 12 in each group at the end of the study.")
    assert len(flagged(tmp_path, text, "grim")) == 2


# F (PMC4877819: 'FSS | 3.76 | 1.68' under 'Placebo n = 11', the Fatigue Severity Scale scored as the mean of nine 1-7
# items; 'EDSS' in half steps)
_F = "Table 1 Baseline.\n\nVariable | Drug n = 13 | Placebo n = 11\n{} | {} ± 1.30 | {} ± 1.68\n\nValues are mean ± SD.\n"


def test_f_an_fss_item_mean_is_no_mean_of_integers(tmp_path):
    assert flagged(tmp_path, _F.format("FSS", "4.12", "3.76"), "grim") == []


def test_f_an_fss_total_is_still_a_mean_of_integers(tmp_path):
    assert len(flagged(tmp_path, _F.format("FSS", "40.12", "37.76"), "grim")) == 2


def test_f_an_edss_mean_is_tested_in_half_steps(tmp_path):
    assert flagged(tmp_path, _F.format("EDSS", "2.65", "2.05"), "grim") == []  # 69/26 and 45/22


def test_f_an_edss_mean_no_half_step_gives_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _F.format("EDSS", "2.64", "2.08"), "grim")) == 2


# G (PMC4573756: baseline column 'Hydrocortisone (N = 28)' whose 13 (45), 9 (31), 3 (10) are of 29, the placebo
# column's N too; another table prints the arm's 9/29 (31); ei_s12's PMC1074719 and PMC3295238 alike)
_G = (
    "Table 1 Characteristics.\n\nCharacteristic | Drug Group (N = 28) | Placebo Group (N = 29)\n"
    "Male sex, no. (%) | 13 (45) | 17 (59)\nMultiple births, no. (%) | 6 (21) | 8 (28)\n"
    "Sepsis, no. (%) | 9 (31) | 10 (34)\nSurgery, no. (%) | 3 (10) | 5 (17)\n\nValues are numbers (%).\n\n"
    "Table 2 Outcomes.\n\nOutcome | Drug Group | Placebo Group\n"
    "Death or impairment | 19/28 (68) | 22/29 (76)\nDeath | {} | 12/29 (41)\n\nValues are no./total no. (%).\n"
)


def test_g_a_column_of_shares_of_the_arm_size_printed_in_another_table_is_not_tested(tmp_path):
    assert [r for r in flagged(tmp_path, _G.format("9/29 (31)"), "percent_denominator") if r[0] == "45%"] == []


def test_g_a_column_of_shares_of_the_next_arm_size_alone_stays_flagged(tmp_path):
    assert [r[:2] for r in flagged(tmp_path, _G.format("9/28 (32)"), "percent_denominator") if r[0] == "45%"] == [
        ["45%", "13/28"]
    ]


def test_c_a_compound_count_in_words_is_not_cut_to_its_last_word(tmp_path):
    # 'Twenty-two of 30 (73.3%)' (PMC2825665), 'One hundred and sixty-three of 176 patients (92.6%)' (PMC5668004)
    text = "Twenty-two of 30 (73.3%) were treated and one hundred and sixty-three of 176 (92.6%) responded.\n"
    assert flagged(tmp_path, text, "percent_denominator") == []


def test_g_levels_whose_counts_sum_to_the_larger_n_are_no_size_of_the_arm(tmp_path):
    # ei_s7's PMC5064802 (TRUE): a column of 22 whose shares are of 23, its risk factors 13 + 10 summing to 23
    text = (
        "Table 1 Demographic data.\n\nVariable | Controls | Drug\nN | 28 | 22\nMale (%) | 22 (79) | 20 (87)\n"
        "Risk factors | \nHypertension | 16 (57) | 13 (57)\nHypercholesterolemia | 12 (43) | 10 (43)\n"
        "Family | 9 (32) | 7 (30)\n\nData are numbers (%).\n"
    )
    assert len([r for r in flagged(tmp_path, text, "percent_denominator") if r[1] in ("13/22", "7/22")]) == 2
