"""The causes of ei_s9's false alarms (issue 16; benchmarks/adjudication/ei_s9.csv), each as the printed form it was
seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must leave alone.

A: a P printed without a comparator, or a time point, before a CI is no estimate; B: a verbal fraction ('almost
1/4'), a rate per person-time and a percentage beside a hazard ratio are no count over n.
"""

from __future__ import annotations

import pytest

from printed_forms import estimates, flagged


@pytest.mark.parametrize(
    "text",
    [
        "zones 1.35 v/s 1.82 p 0.004 (95% CI 0.15, 0.79) and",  # PMC3556334: the P, the CI the difference's
        "higher than in the other mice at day 14 (95% CI 0.087 – 0.674) and",  # PMC4412792: the day
        "at week 24 (95% CI 0.5 to 3.7)",
    ],
)
def test_a_p_without_comparator_or_a_time_point_is_no_estimate(text):
    assert estimates(text) == []


def test_an_estimate_after_its_time_point_or_with_a_unit_of_days_is_read():
    assert estimates("at week 24 the difference was 2.1 (95% CI 0.5 to 3.7)") == [("2.1", "0.5", "3.7")]
    assert estimates("fell (−3.4 days 95% CI −4.9, −1.7)") == [("−3.4", "−4.9", "−1.7")]
    assert estimates("a difference of 0.004 (95% CI 0.001, 0.007)") == [("0.004", "0.001", "0.007")]


def test_a_verbal_fraction_is_no_count(tmp_path):
    # PMC3659156 'Almost 1/4 (22.0%)' of 128 patients
    assert flagged(tmp_path, "Almost 1/4 (22.0%) were characterized by a balanced profile.", "percent_denominator") == []
    (row,) = flagged(tmp_path, "In all, 1/4 (22.0%) were characterized by a balanced profile.", "percent_denominator")
    assert row[2] == "error"
    # a larger denominator after 'about' is a count
    assert flagged(tmp_path, "In all, about 12/40 (35%) were characterized.", "percent_denominator")


TABLE = (
    "Table 4\n\nGametocytes\n\n | DP n/N (%) | AM n/N (%)\nDay 7 | 7/98 (7.1) | 0/46 (0.0)\n"
    "Day 14 | 5/94 (5.3) | 0/44 (0.0)\n{label} | 18/814 (22.1) | 0/391 (0.0)\n\nNotes follow.\n"
)


def test_a_rate_per_person_time_is_no_percentage(tmp_path):
    # PMC3424202: 'Person-gametocyte-weeks3 | 18/814 (22.1)', 22.1 per 1,000 person-weeks
    assert flagged(tmp_path, TABLE.format(label="Person-gametocyte-weeks3"), "percent_denominator") == []
    assert flagged(tmp_path, TABLE.format(label="Gametocytes overall"), "percent_denominator")


def test_a_percentage_beside_a_hazard_ratio_is_a_time_to_event_share(tmp_path):
    # PMC1891439: 'Relapse rates were 12.4% (6/51) ... (HR [95%CI] = 0.185 [0.037–0.915]' (Kaplan-Meier)
    s = "Relapse rates were 12.4% (6/51) in the A group and 3.4% (2/59) in the B group{}."
    assert flagged(tmp_path, s.format(" (HR [95%CI] = 0.185 [0.037–0.915], p = 0.02)"), "percent_denominator") == []
    assert [r[0] for r in flagged(tmp_path, s.format(" (p = 0.02)"), "percent_denominator")] == ["12.4%"]


def test_minus_printed_as_two(tmp_path):
    # PMC3656395: 'difference between groups = 0.19; CI 20.82–1.21' is 0.19 (-0.82 to 1.21), centred
    s = "fat (difference between groups = 0.19; CI 20.82–1.21) and fruit (difference between groups = 20.02; CI 20.26–0.22)."
    assert flagged(tmp_path, s, "ci_order") == [] and flagged(tmp_path, s, "ci_symmetry") == []
    # read so, '0.13; CI 20.8–0.35' centres on -0.23: no artefact explains it (judged TRUE)
    t = "HbA1c (difference between groups = 0.13; CI 20.8–0.35) and"
    assert [r[2] for r in flagged(tmp_path, t, "ci_order")] == ["error"]


def test_hr_naming_a_group_is_no_hazard_ratio(tmp_path):
    # PMC5471294 'from 9.70% (16/165) in HR to 26.66% (44/165) in NR': HR names high responders; 44/165 is 26.67%
    s = "The rate increased from 9.70% (16/165) in HR to 26.66% (44/165) in NR."
    assert [r[0] for r in flagged(tmp_path, s, "percent_denominator")] == ["26.66%"]


def test_a_coordinate_is_no_z_statistic(tmp_path):
    # PMC4183968 'coordinate x=26, y=−6 and z=−4, P=0.005': the voxel's z coordinate, the P its cluster's
    assert flagged(tmp_path, "at max voxel coordinate x=26, y=−6 and z=−4, P=0.005 with 73 voxels.", "recompute_p") == []
    assert flagged(tmp_path, "the peak (x = 30, y = -16, z = 12, p = 0.04) and", "recompute_p") == []
    # a z statistic after other words is read
    assert flagged(tmp_path, "the effect was large, z = 4, P = 0.005 with 73 voxels.", "recompute_p")


ONE_TAILED = "Because of the pilot nature of the study we used 1-tailed tests (α = 0.05).\n\n{}\n"


def test_a_declared_one_tailed_test_halves_an_f_too(tmp_path):
    # PMC4497726: 'we used 1-tailed tests'; F(3, 133) = 1.4 gives 0.23-0.26, printed p = 0.13 (half)
    s = "The effect of dose was F(3, 133) = 1.4, p = 0.13 and then F(3, 98) = 0.9, p = 0.20 in all."
    assert [r[0] for r in flagged(tmp_path, ONE_TAILED.format(s), "recompute_p")] == ["F(3, 98) = 0.9, p = 0.20"]
    # without the declaration both are flagged
    assert len(flagged(tmp_path, s, "recompute_p")) == 2


# C: a method the paper names for its intervals that makes them asymmetric by construction (PMC5980306's methods
# declare profile-likelihood CIs for its ORs: OR 102.65 (20.54-994.70), log centre 142.9); MCMC named for multiple
# imputation is no such method (PMC3551224, whose OR with P = .03 beside a CI giving P < 1e-7 is a real finding)
_OR = "Cases were more often exposed (OR 102.65, 95% CI 20.54 to 994.70).\n"


@pytest.mark.parametrize(
    "methods", ["Confidence intervals were computed by profile likelihood. ", "Exact confidence intervals are given. "]
)
def test_a_stated_asymmetric_method_makes_the_centre_untestable(tmp_path, methods):
    assert flagged(tmp_path, "Logistic models were fitted. " + _OR, "ci_symmetry")  # without it: off the log centre
    assert flagged(tmp_path, methods + _OR, "ci_symmetry") == []


def test_mcmc_for_imputation_is_no_interval_method(tmp_path):
    text = "Missing values were imputed by Markov chain Monte Carlo, with Fisher's exact tests for counts. " + _OR
    assert flagged(tmp_path, text, "ci_symmetry")
