"""The causes of ei_s13's recompute_p, p_zero and p_against_ci false alarms (issue 16; benchmarks/adjudication/ei_s13.csv),
each as the printed form it was seen in (the PMC id says where; numbers and short fragments only) beside a close form
that must stay flagged.

A: a 1-df chi-square printed with the P of Fisher's exact test (SPSS); B: a statistic and its P each printed with a
range over imputed data sets; C: a p that is the subscript of a correlation's R; D: a voxel's P in a paper naming FWE
correction; E: a chi-square or log-rank P beside a ratio's Wald CI; F: a non-inferiority P beside a CI against zero.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC4039014: 'X2 (1) = 4.981, p = 0.052' for a 2 x 2 table of 104 whose Fisher's exact P is 0.052; SPSS named;
# PMC4495314 likewise, 'chi2(1) = 2.683, p = 0.115' of 317; a margin of each table is a printed group size)
_A = "Analyses were run in {}. A total of N = 104 took part, 52 women and 52 men. Dropout was higher in women [χ2(1) = 4.981, p = {}].\n"


def test_a_fisher_p_beside_a_pearson_chi_square_of_a_printed_total_is_not_recomputed(tmp_path):
    assert flagged(tmp_path, _A.format("SPSS 21", "0.052"), "recompute_p") == []


def test_a_p_no_exact_or_corrected_test_of_the_total_gives_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _A.format("SPSS 21", "0.152"), "recompute_p")) == 1


def test_a_fisher_p_in_a_paper_naming_no_software_or_exact_test_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _A.format("R 3.1", "0.052"), "recompute_p")) == 1


# B (PMC5608868: 'imputed data mean value [range] F (1, 479) = 0.26 [0.09-3.19]; p = 0.69 [0.08-0.77]')
_B = "No difference (imputed data mean value [range] F (1, 479) = 0.26{}; p = 0.69{}; original data F (1, 390) = 2.44; p = 0.12)."


def test_a_statistic_and_p_each_with_a_range_are_averages_over_imputations(tmp_path):
    assert flagged(tmp_path, _B.format(" [0.09–3.19]", " [0.08–0.77]"), "recompute_p") == []


def test_a_statistic_and_p_without_ranges_stay_flagged(tmp_path):
    assert len(flagged(tmp_path, _B.format("", ""), "recompute_p")) == 1


# C (PMC5420386: 'audio-visual synesthesia (R p = 0.0, p > 0.05, n = 16)': Pearson's R with subscript p)
def test_a_p_subscript_of_r_is_no_p_value(tmp_path):
    assert flagged(tmp_path, "Exposure and synesthesia (R p = 0.0, p > 0.05, n = 16).", "p_zero") == []


def test_a_p_of_zero_after_a_comma_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, "Exposure and synesthesia (R, p = 0.0, n = 16).", "p_zero")) == 1


# D (PMC4143558: a figure note 'peak MNI coordinate (x, y, z) = (-4, -26, -10) mm, t (21) = 5.43, p = 0.0001, k = 26
# contiguous voxels' in a paper naming small volume correction with FWE)
_D = "{} The cluster's peak MNI coordinate (x, y, z) = (-4, -26, -10) mm, t (21) = {}, p = {}, k = 26 voxels."


def test_a_voxels_p_larger_than_its_t_gives_may_be_fwe_corrected(tmp_path):
    assert flagged(tmp_path, _D.format("Clusters survived FWE correction.", "5.43", "0.0001"), "recompute_p") == []


def test_a_voxels_p_in_a_paper_naming_no_correction_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _D.format("Clusters are shown.", "5.43", "0.0001"), "recompute_p")) == 1


def test_a_voxels_p_smaller_than_its_t_gives_stays_flagged(tmp_path):
    rows = flagged(tmp_path, _D.format("Clusters survived FWE correction.", "3.43", "0.0000001"), "recompute_p")
    assert len(rows) == 1


# E (PMC3644688: 'proportions were compared using the chi 2 test' and 'RR=1.42 [1.04-1.96], p=0.025', Wald 0.030;
# PMC3672718: Kaplan-Meier curves and 'HR: 0.57; 95% CI 0.37 to 0.86; P = 0.006', Wald 0.009)
_E = "Proportions were compared using the {} test. Regression was more frequent (67.8% vs. 47.5%, RR=1.42 [1.04-1.96], p={}).\n"


def test_a_chi_square_p_beside_a_risk_ratio_is_not_the_wald_p(tmp_path):
    assert flagged(tmp_path, _E.format("χ2", "0.025"), "p_against_ci") == []


def test_a_p_beside_a_risk_ratio_in_a_paper_naming_no_chi_square_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _E.format("Student t", "0.025"), "p_against_ci")) == 1


def test_a_p_on_the_other_side_of_005_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _E.format("χ2", "0.06"), "p_against_ci")) == 1


_E2 = "Survival was estimated by the Kaplan-Meier method. Relapse was less frequent ({}HR: 0.57; 95% CI 0.37 to 0.86; P = 0.006).\n"


def test_a_log_rank_p_beside_an_unadjusted_hazard_ratio_is_not_the_wald_p(tmp_path):
    assert flagged(tmp_path, _E2.format(""), "p_against_ci") == []


def test_a_p_beside_an_adjusted_hazard_ratio_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _E2.format("adjusted "), "p_against_ci")) == 1


# F (PMC4805129: a non-inferiority margin of -0.5 g/dL named; 'difference estimate: 0.22, 95% CI: 0.012; 0.43,
# P < 0.001', the superiority Ps printed apart)
_F = "The {} was set as -0.5 g/dL. Hb rose more (difference estimate: 0.22, 95% CI: 0.012; 0.43, P {}).\n"


def test_a_p_smaller_than_the_ci_gives_may_test_a_named_non_inferiority_margin(tmp_path):
    assert flagged(tmp_path, _F.format("non-inferiority margin", "< 0.001"), "p_against_ci") == []


def test_a_p_larger_than_the_ci_gives_stays_flagged_beside_a_margin(tmp_path):
    assert len(flagged(tmp_path, _F.format("non-inferiority margin", "= 0.30"), "p_against_ci")) == 1


def test_a_small_p_in_a_paper_naming_no_margin_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _F.format("dose", "< 0.001"), "p_against_ci")) == 1


# (PMC3427491, ei_s12 TRUE: Kaplan-Meier named, 'HR 0.975 (0.655-1.451)' with P = 0.475 where the CI gives 0.90: a log-rank
# z of 0.71 against the CI's 0.13, no log-rank test's P)
def test_a_p_far_from_the_ci_on_the_z_scale_stays_flagged_beside_kaplan_meier(tmp_path):
    text = "Survival was estimated by the Kaplan-Meier method. Overall survival did not differ (HR: 0.975; 95% CI 0.655 to 1.451; P = 0.475).\n"
    assert len(flagged(tmp_path, text, "p_against_ci")) == 1


# (PMC3332247, ei_s10 TRUE: 'HR 0.71 (0.67-0.76)' with P = 0.007, a CI about 13 SE from 1: read, not a reading to drop)
def test_a_p_far_from_a_narrow_ci_stays_flagged_beside_kaplan_meier(tmp_path):
    text = "Survival was estimated by the Kaplan-Meier method. Death was less frequent (HR 0.71; 95% CI 0.67 to 0.76; P = 0.007).\n"
    assert len(flagged(tmp_path, text, "p_against_ci")) == 1


def test_the_exact_table_search_is_bounded_per_text(monkeypatch):
    """A text of many printed sizes and many 3-decimal chi-squares: the sizes read, the tables tried per chi-square
    and the distinct chi-squares searched per text are capped (40, 100, 30 in the code; smaller caps here, so that
    the test runs quickly); the rest keep their flag, and a second reading of the text gives the same answers."""
    from analysis.extraction import pvalue_readings as pr

    assert (pr._MAX_SIZES, pr._MAX_TABLES, pr._MAX_SEARCHED) == (40, 100, 30)
    monkeypatch.setattr(pr, "_MAX_SIZES", 4)
    monkeypatch.setattr(pr, "_MAX_SEARCHED", 3)
    text = "Analyses used SPSS (bounded search). " + " ".join(f"N = {n} took part." for n in range(40, 100, 7))
    named, sizes, found = pr._exact_paper(text)
    assert named == "SPSS" and sizes == (40, 47, 54, 61)
    entries = [{"test": "chi2", "df": "1", "statistic": f"3.2{i:02d}", "p": "0.911"} for i in range(5)]
    first = [pr.exact_chi2(text, e) for e in entries]
    assert len(found) == 3 and first == [None] * 5
    assert [pr.exact_chi2(text, e) for e in entries] == first and len(found) == 3
