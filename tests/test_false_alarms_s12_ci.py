"""The causes of ei_s12's p_against_ci false alarms (issue 16; benchmarks/adjudication/ei_s12.csv), each as the printed
form it was seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must leave
alone.

A: a log-rank P beside a Cox hazard ratio, the test's name printed with a Unicode hyphen ('log\u2010rank'). B: a Fisher
exact P beside a risk ratio, the methods naming 'exact Fisher's test'. C: a non-inferiority P printed beside a
superiority CI. D: a P printed as exactly 1 beside a non-zero difference: the paper's Ps are multiplicity-adjusted.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC5448649: 'HR, 0.376; 95% CI, 0.189-0.747; P = 0.004 by log-rank test', the hyphen U+2010; Wald P 0.005)
_HR = "Median OS was 12.1 or 5.9 months (HR, 0.376; 95% CI, 0.189\u20130.747; P = {} by log\u2010rank test)."


def test_a_logrank_p_with_a_unicode_hyphen_beside_a_cox_ci(tmp_path):
    assert flagged(tmp_path, _HR.format("0.004"), "p_against_ci") == []


def test_a_logrank_p_that_disagrees_about_significance_stays_flagged(tmp_path):
    assert flagged(tmp_path, _HR.format("0.20"), "p_against_ci")


# A (PMC5516151, methods: compared 'using a log\u2010rank test', HRs and CIs from Cox regression; 'HR ... was 1.108
# (95% CI 0.679-1.808; p = 0.69)', Wald P 0.681)
_METHODS = "Time to death was compared between regimens using a log\u2010rank test. Cox regression gave the HRs. "
_COX = "At month 84, the HR for the comparison of MI with CsA was 1.108 (95% CI 0.679\u20131.808; p = {})."


def test_a_logrank_test_named_in_the_methods_with_a_unicode_hyphen(tmp_path):
    assert flagged(tmp_path, _METHODS + _COX.format("0.69"), "p_against_ci") == []


def test_a_cox_p_without_a_logrank_test_named_stays_flagged(tmp_path):
    assert flagged(tmp_path, "Cox regression gave the HRs. " + _COX.format("0.69"), "p_against_ci")
    assert flagged(tmp_path, _METHODS + _COX.format("0.01"), "p_against_ci")


# B (PMC2361806, methods: binary data 'compared by exact Fisher's test'; 'RR 0.56, 95% CI 0.33-0.97; P=0.0467', the
# Fisher P of 24/56 against 14/58; the Wald P of the CI is 0.035)
_FISHER = "Binary data were described by risk ratios and groups were compared by exact Fisher's test. "
_RR = "Response rates were 43 and 24%, respectively (RR 0.56, 95% CI 0.33\u20130.97; P={})."


def test_b_exact_fishers_test_in_the_other_word_order(tmp_path):
    assert flagged(tmp_path, _FISHER + _RR.format("0.0467"), "p_against_ci") == []


def test_b_a_p_no_exact_test_explains_stays_flagged(tmp_path):
    assert flagged(tmp_path, _FISHER + _RR.format("0.20"), "p_against_ci")
    assert flagged(tmp_path, "Groups were compared by chi-squared tests of trend. " + _RR.format("0.0467"), "p_against_ci")


# C (PMC5306110: 'HR 0.86; 95.02% CI: 0.74-0.99; P < 0.001 for non-inferiority, P = 0.04 for superiority')
_NI = "The outcome occurred in 10.5% versus 12.1% (HR 0.86; 95% CI: 0.74\u20130.99; P < 0.001{}, P = 0.04 for superiority)."


def test_c_a_noninferiority_p_beside_a_superiority_ci(tmp_path):
    text = _NI.format(" for non-inferiority")
    assert flagged(tmp_path, text, "p_against_ci") == []
    assert flagged(tmp_path, text + " " + text, "same_result") == []


def test_c_an_unnamed_p_stays_flagged(tmp_path):
    assert flagged(tmp_path, _NI.format(""), "p_against_ci")


# D (PMC4705007: mixed-model changes in weight, '1.3 kg [95% CI -0.5 to 3.1]; P=.211' (Wald .157) and '-0.1 kg
# [95% CI -1.9 to 1.8]; P=1.000' (Wald .92): SPSS's Bonferroni-adjusted pairwise Ps, capped at 1)
_MM = "Weight rose during the extension (1.3 kg [95% CI -0.5 to 3.1]; P={}), and stayed stable afterwards ({} kg [95% CI -1.9 to 1.8]; P={})."


def test_d_a_p_of_one_beside_a_nonzero_change_marks_adjusted_ps(tmp_path):
    assert flagged(tmp_path, _MM.format(".211", "-0.1", "1.000"), "p_against_ci") == []


def test_d_without_a_capped_p_or_with_a_p_below_the_cis_it_stays_flagged(tmp_path):
    assert flagged(tmp_path, _MM.format(".211", "-0.1", ".92"), "p_against_ci")
    # an adjusted P is never smaller than the unadjusted one
    assert flagged(tmp_path, _MM.format(".011", "-0.1", "1.000"), "p_against_ci")
    # P = 1.000 beside a zero estimate is what an unadjusted test gives
    assert flagged(tmp_path, _MM.format(".211", "0.0", "1.000"), "p_against_ci")


# E (PMC3127977, table 4: row 'HR (bpm)', notes 'HR, heart rate'; the Hodges-Lehmann change '5 (1 to 9)' read as a
# hazard ratio)
_HEART = (
    "Table 4\nPharmacodynamic measures: treatment contrasts\n"
    "Variable | Day 11 | Day 18 | Point estimate (95% CI)\n{} | 9 | 14 | 5 (1 to 9)\nPEP (ms) | 25 | 19 | -8 (-19 to 4)\n"
    "{}; PEP, pre-ejection period.\n\nThe rise was protracted.\n"
)


def test_e_a_heart_rate_printed_hr_is_no_hazard_ratio(tmp_path):
    assert flagged(tmp_path, _HEART.format("HR (bpm)", "HR, heart rate"), "ci_symmetry") == []


def test_e_a_hazard_ratio_stays_a_ratio(tmp_path):
    assert flagged(tmp_path, _HEART.format("HR for death", "HR, hazard ratio"), "ci_symmetry")


# F (PMC4324609: '(difference in means 0.19, 95% CI 0.07-0.31, P = 0.001)' in a passage naming ORs)
_PROSE = "The cardiac index was lower with the drug (OR for the primary outcome 0.92) ({} 0.19, 95% CI 0.07\u20130.31)."


def test_f_a_difference_in_means_named_before_the_estimate(tmp_path):
    assert flagged(tmp_path, _PROSE.format("difference in means"), "ci_symmetry") == []


def test_f_a_ratio_named_before_the_estimate_stays_flagged(tmp_path):
    assert flagged(tmp_path, _PROSE.format("odds ratio"), "ci_symmetry")


# G (PMC4324609, table 3: 'Odds ratio (95% CI)' column, continuous rows marked b, note 'bDifference in means (95%
# confidence interval).')
_MARKED = (
    "Table 3\nStudy outcomes\nOutcomes | Drug | Control | Odds ratio (95% CI) | P-value\n"
    "Low output | 51 (36.69%) | 51 (34.69%) | 0.92 (0.56 to 1.50) | 0.74\n"
    "Cardiac index at 6 h | 2.51 (0.43) | 2.70 (0.54) | 0.19 (0.07 to 0.31)b | 0.001\n"
    "SD: standard deviation.\n{}\n\nSecondary outcomes\n"
)


def test_g_a_cell_marked_as_a_difference_in_means(tmp_path):
    assert flagged(tmp_path, _MARKED.format("bDifference in means (95% confidence interval)."), "ci_symmetry") == []


def test_g_a_mark_the_notes_do_not_define_stays_flagged(tmp_path):
    assert flagged(tmp_path, _MARKED.format("bAdjusted for centre."), "ci_symmetry")


# H (PMC2887362, table 5: 'Adjusted regression coefficient or Odds ratio (95% CI)' over 'n (%) stunting' rows (ORs) and
# 'mean (SD) length/age Z' rows (coefficients): '0.44 (0.08, 0.80)', linear)
_EITHER_TABLE = (
    "Table 5\nEffect of porridge on stunting and mean length-for-age Z\n"
    " | Basal | Fortified | Adjusted regression coefficient or Odds ratio (95% CI) | p-value\n"
    "n (%) stunting | 14 (35.2%) | 8 (25.0%) | 0.20 (0.04, 0.98) | 0.048\n"
    "{} | -1.36 (1.29) | -1.21 (1.34) | 0.44 (0.08, 0.80) | 0.02\n\nResults continue.\n"
)


def test_h_a_mean_row_under_a_coefficient_or_ratio_header(tmp_path):
    assert flagged(tmp_path, _EITHER_TABLE.format("mean (SD) length/age Z"), "ci_symmetry") == []


def test_h_a_share_row_under_it_stays_a_ratio(tmp_path):
    assert flagged(tmp_path, _EITHER_TABLE.format("n (%) wasting"), "ci_symmetry")
