"""The causes of ei_s12's top-grade percent_denominator false alarms (issue 16; benchmarks/adjudication/ei_s12.csv),
each as the printed form it was seen in (the PMC id says where; numbers and short fragments only) beside a close form
that must stay flagged.

A: two counts and their sum in brackets read as k/n (%); B: a dose pair k mg/n mg read as k/n; C: a bracketed day
after a count and its percentage read as the denominator.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC2639329: a row 'before/after (total)' with cells '13/21 (34)', '9/13 (22)', '4/8 (12)')
_A = (
    "Table 3 Adverse events.\n\n"
    "Event | All (n=60) | Group A (n=30) | Group B (n=30)\n"
    "Haematoma | 6/2 | 3/0 | 3/2\n"
    "All events, before/after (total) | {} | 9/13 (22) | 4/8 (12)\n\nValues are numbers.\n"
)


def test_a_bracket_holding_the_sum_of_two_counts_is_no_percentage(tmp_path):
    assert flagged(tmp_path, _A.format("13/21 (34)"), "percent_denominator") == []


def test_a_bracket_neither_the_share_nor_the_sum_stays_flagged(tmp_path):
    assert flagged(tmp_path, _A.format("13/21 (35)"), "percent_denominator") == [["35%", "13/21", "error"]]


# B (PMC4392900: 'PHEN 15 mg/TPM ER 92 mg (15/92)' named, then 'treated with 15/92 (27.6%) achieved remission')
_B = "Subjects were randomized to placebo or PHEN 15 mg/TPM ER 92 mg (15/92). Of those treated with {} achieved it.\n"


def test_a_dose_pair_named_in_mg_is_no_count_of_a_total(tmp_path):
    assert flagged(tmp_path, _B.format("15/92 (27.6%)"), "percent_denominator") == []


def test_a_count_of_a_total_not_named_as_a_dose_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _B.format("15/93 (27.6%)"), "percent_denominator")) == 1


# C (PMC5768281: 'All placebo (N = 17)' over 'Infusion-site hematoma | 4(7%)[1,4,4,16] | 1(6%)[3]', days of onset)
_C = (
    "Table 2. Adverse events.\n\n"
    "Description | All drug (N = 55) | All placebo (N = {}) \n"
    "Any event | 47(86%) | 16(94%)\n"
    "Hematoma | 4(7%)[1,4,4,16] | 1(6%)[3]\n\nNotes.\n"
)


def test_a_bracketed_day_is_no_denominator_where_the_column_n_fits(tmp_path):
    assert [r for r in flagged(tmp_path, _C.format(17), "percent_denominator") if r[1] == "1/3"] == []


def test_a_bracketed_number_stays_the_denominator_where_the_column_n_does_not_fit(tmp_path):
    assert any(r[1] == "1/3" for r in flagged(tmp_path, _C.format(40), "percent_denominator"))


# D (PMC4236282 Table: 'r(56) = −.300, p = .025' beside 't(54) = −1.71, p = .117' for the same sample; recompute_p)
_D = "Tracking | r(56) = -.300, p = .025 | t({}) = -1.71, p = .092\n"


def test_r_with_the_sample_size_where_the_paper_prints_t_of_n_minus_2(tmp_path):
    assert flagged(tmp_path, "Table 2 Correlations.\n\n" + _D.format(54) + "\nNotes.\n", "recompute_p") == []


def test_r_with_a_bracket_no_t_of_the_paper_explains_stays_flagged(tmp_path):
    rows = flagged(tmp_path, "Table 2 Correlations.\n\n" + _D.format(50) + "\nNotes.\n", "recompute_p")
    assert "r(56) = -.300, p = .025" in [r[0] for r in rows]


# E (PMC5698802 '(x, y, z = 32, −79, −23; T = 8.56; p = 0.03, cluster size = 558)': an MNI coordinate, no z test)
def test_the_z_of_a_coordinate_after_x_y_is_no_z_statistic(tmp_path):
    assert flagged(tmp_path, "an increase in the lobe (x, y, z = 32, −79, −23; T = 8.56; p = 0.03).", "recompute_p") == []


def test_a_z_statistic_without_x_y_before_it_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, "an increase in the lobe (z = 3.2, p = 0.03).", "recompute_p")) == 1


# F (PMC5950935 'revealed that ... ( t (100) = 2.02, p = .044 and t (140) = 2.15, p = .032, respectively) while ...
# ( t (162) = 2.00, p = .046)': every P of the sentence is the normal distribution's, none the t's)
_F = "Comparisons showed a difference (t (100) = 2.02, p = {} and t (140) = 2.15, p = .032) while (t (162) = 2.00, p = .046).\n"


def test_every_t_of_a_sentence_with_a_normal_p_is_read_against_z(tmp_path):
    assert flagged(tmp_path, _F.format(".044"), "recompute_p") == []


def test_a_t_whose_p_neither_distribution_gives_keeps_the_sentence_flagged(tmp_path):
    assert len(flagged(tmp_path, _F.format(".054"), "recompute_p")) >= 2
