"""The causes of ei_s14's recompute_p and ci_symmetry false alarms (issue 16; benchmarks/adjudication/ei_s14.csv),
each as the printed form it was seen in (the PMC id says where; numbers and short fragments only) beside a close form
that must stay flagged.

A: r(k) whose bracket holds n where another r of the paper, of a printed n, fits only as n; B: an F with its df
printed in reverse order; C: 'relative sensitivity' a ratio; D: an NNT in words ('for every k ... one less') and split
by its CI label in a header; E: a percentage with its own k/n and a proportion's CI; F: a table row marked for a
note saying median (range).
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC4318496: 'r (25) = -0.17, p = 0.423' of a group of 25, and 'r (21) = 0.45, p = 0.039' of 21 with data)
_A = (
    "Twenty-five patients (n = 25) were trained. Score and activity were unrelated (r (25) = -0.17, p = {}). "
    "Fun was related to activity (r (21) = 0.45, p = {}).\n"
)


def test_r_of_k_read_as_n_where_the_paper_s_r_of_a_printed_n_fits_only_as_n(tmp_path):
    assert flagged(tmp_path, _A.format("0.423", "0.039"), "recompute_p") == []


def test_r_of_k_whose_p_neither_reading_gives_stays_flagged(tmp_path):
    rows = flagged(tmp_path, _A.format("0.423", "0.010"), "recompute_p")
    assert [r[0] for r in rows] == ["r(21) = 0.45, p = 0.010"]


def test_r_of_k_stays_flagged_where_the_paper_s_other_r_fits_its_df(tmp_path):
    rows = flagged(tmp_path, _A.format("0.397", "0.039"), "recompute_p")
    assert [r[0] for r in rows] == ["r(21) = 0.45, p = 0.039"]


# B (PMC4318496: 'Interaction group by time: F (48,1) = 5.7, p = 0.021')
_B = "The ROI analysis confirmed the interaction [group by time: F (48,1) = 5.7, p = {}].\n"


def test_an_f_whose_reversed_df_give_the_p_is_a_swapped_pair(tmp_path):
    assert flagged(tmp_path, _B.format("0.021"), "recompute_p") == []


def test_an_f_whose_p_neither_order_gives_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _B.format("0.004"), "recompute_p")) == 1


# C (PMC4339260: 'The relative sensitivity ... was 1.58 (95% CI = 1.22 to 2.01)': a ratio of two sensitivities)
def test_a_relative_sensitivity_is_read_as_a_ratio(tmp_path):
    text = "The relative sensitivity of test A vs test B was 1.41 (95% CI = 0.99 to 1.96) for grade 3.\n"
    assert flagged(tmp_path, text, "ci_symmetry") == []


def test_a_relative_change_is_no_ratio_and_stays_flagged(tmp_path):
    text = "The relative change of test A vs test B was 1.41 (95% CI = 0.99 to 1.96) for grade 3.\n"
    assert len(flagged(tmp_path, text, "ci_symmetry")) == 1


# D (PMC4313058: 'For every 76 (95% CI, 40.3-497.2) women randomized to the drug ..., there was one less woman
# having' an event, and a table header 'Number needed (95% CI) to treat')
_D = "For every 76 (95% CI, 40.3-497.2) women randomized to the drug rather than placebo, there was {} having an event.\n"


def test_for_every_k_treated_one_less_is_an_nnt(tmp_path):
    assert flagged(tmp_path, _D.format("one less woman"), "ci_symmetry") == []


def test_for_every_k_without_one_fewer_person_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _D.format("fewer women"), "ci_symmetry")) == 1


_D2 = "Table 3 Outcomes.\n\nOutcome | {} | Effect\nStroke | 37 (19.6-312.6) | 1 less event\n\nNotes.\n"


def test_a_header_splitting_number_needed_to_treat_by_its_ci_label_is_an_nnt(tmp_path):
    assert flagged(tmp_path, _D2.format("Number needed (95% CI) to treat"), "ci_symmetry") == []


def test_a_header_naming_another_number_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _D2.format("Number (95% CI) of events"), "ci_symmetry")) == 1


# E (PMC5960495: 'Some 263/288 patients (91.3%; 95% CI 87.4-94.1) reported improvement', in a sentence naming
# 'no change' of others, which made the percentage read as a contrast)
_E = "After a year, 263/288 patients (91.3%; 95% CI {}) reported improvement, while 19/288 saw no change.\n"


def test_a_percentage_with_its_k_of_n_has_a_proportion_s_interval(tmp_path):
    assert flagged(tmp_path, _E.format("87.4-94.1"), "ci_symmetry") == []


def test_a_percentage_whose_ci_no_proportion_method_gives_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _E.format("89.5-97.1"), "ci_symmetry")) == 1


# F (PMC3952721: a row 'Tmax (h)*' under 'Geometric mean (CV%)', cells '1.07 (0.08, 8.08)' and '2.05 (0.08, 8.08)', and
# the table's note '* Median (range).')
_F = (
    "Results follow.\n\nTable 4\n\nSummary of parameters of drug A\n\n"
    " | Parameter | Treatment (mg) | N | n | Geometric mean (CV%) | 95% CI\n"
    "A | Cmax (pg/ml) | A 200 | 81 | 80 | 39.7 (35.7) | 36.8, 42.9\n"
    "A | Tmax (h)* | A 200 | 81 | 80 | 1.07 (0.08, 8.08) | NA\n"
    "A | Tmax (h)* | A 800 | 80 | 80 | 2.05 (0.08, 8.08) | NA\n\n"
    "CI, confidence interval; CV, coefficient of variation; NA, not applicable.\n\n*\n\n{}.\n"
)


def test_a_row_marked_for_a_median_range_note_holds_a_range_not_a_ci(tmp_path):
    assert flagged(tmp_path, _F.format("Median (range)"), "same_result") == []


def test_a_row_marked_for_another_note_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _F.format("Dose-normalised"), "same_result")) == 1
