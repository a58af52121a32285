"""An estimate read beside a CI that may be another number's (issue 16: "rule out a misread pairing" before the top
grade). The forms are those the unseen sets showed the extractor misreading, each in other words and numbers (the
PMC id says where the form was seen): another number of the clause inside the CI makes an estimate outside it a
reading (``likely``, the reading stated), never silenced: a review (session 11, review11) found that not testing the
CI when the number sat at its centre also silenced real errors printed after two arms' values. Numbers that are
never a CI's estimate (an SD after ``±``, an earlier CI's bounds, a P, an n, a dose, a time point) and two arms whose
difference gives the estimate or the CI's centre leave the top grade as it was.
"""

from __future__ import annotations

import pytest
from printed_forms import flagged

from analysis.extraction.pairing import at_centre, other_estimate


def _rows(tmp_path, text):
    return flagged(tmp_path, text, "estimate_in_ci") + flagged(tmp_path, text, "ci_symmetry")


# PMC2887499 ('0.92 for reader 2 (95% CI ...)'): the reader's number read as the estimate; the ICC at the CI's centre
def test_a_number_at_the_ci_s_centre_before_the_estimate_makes_the_finding_a_reading(tmp_path):
    rows = _rows(tmp_path, "Mean satisfaction was 4.2 on item 7 (95% CI 3.9 to 4.5) among nurses.\n")
    assert [r[2] for r in rows] == ["likely"]  # one finding (ci_symmetry, also seen by estimate_in_ci)


def test_without_that_number_the_estimate_outside_its_ci_stays_an_error(tmp_path):
    rows = flagged(tmp_path, "Mean satisfaction on item 7 was 7 (95% CI 3.9 to 4.5) among nurses.\n", "estimate_in_ci")
    assert [r[2] for r in rows] == ["error"]


# PMC4748685 ('80.1 (SD ...; max = 100; 95 % CI = [73.54, 86.65])'): the maximum read as the estimate
def test_a_maximum_read_as_the_estimate_of_the_mean_s_ci_is_a_reading(tmp_path):
    rows = _rows(tmp_path, "The mean score was 80.1 (SD 16.2), with a maximum of 100 (95% CI 73.5 to 86.7).\n")
    assert rows and {r[2] for r in rows} == {"likely"}


def test_a_number_inside_the_ci_but_off_its_centre_makes_the_finding_likely(tmp_path):
    rows = flagged(
        tmp_path, "The mean score was 80.1 (SD 16.2), with a maximum of 100 (95% CI 70.5 to 86.7).\n", "estimate_in_ci"
    )
    rows += flagged(
        tmp_path, "The mean score was 80.1 (SD 16.2), with a maximum of 100 (95% CI 70.5 to 86.7).\n", "ci_symmetry"
    )
    assert rows and {r[2] for r in rows} == {"likely"}


# PMC5289293 (two HRs in one sentence, each outside its CI, adjudicated real): the first CI's bound 0.53 lies inside
# the second CI, but an earlier CI's bounds are no estimate of this one
def test_an_earlier_ci_s_bound_inside_the_ci_is_no_other_estimate(tmp_path):
    text = "Risks were lower for death (HR 0.29, 95% CI 0.38 to 0.53; p < 0.0001) and all causes (HR 0.45, 95% CI 0.48 to 0.63).\n"
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error", "error"]


# PMC4620004 (an MD outside its CI, adjudicated real, after two means with their SDs inside it)
def test_an_sd_after_plus_minus_inside_the_ci_is_no_other_estimate(tmp_path):
    text = "Scores were 8.30 ± 2.43 at baseline and 9.41 ± 2.47 at the end (MD = 1.11; 95% CI: 1.42 to 7.29).\n"
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"]


# PMC5856421 ('4.65 ± 0.6, ranging from 3 to 6 (CI: 4.34-4.96)'), in other words: the 12.4 at the centre of the CI
# of a dose's number read as the estimate (inside the CI, off its centre: ci_symmetry's false alarm)
def test_an_estimate_inside_its_ci_is_left_to_the_other_checks(tmp_path):
    rows = _rows(tmp_path, "The mean reduction was 12.4 mmHg with 10 units (95% CI 9.8 to 15.0) of the drug.\n")
    assert [r[2] for r in rows] == ["likely"]  # ci_symmetry as before: the rule grades impossibilities only


def test_an_estimate_inside_and_off_centre_without_such_a_number_stays_flagged(tmp_path):
    rows = flagged(tmp_path, "The mean reduction with 10 mg was 10.4 mmHg (95% CI 9.8 to 15.0).\n", "ci_symmetry")
    assert [r[2] for r in rows] == ["likely"]


@pytest.mark.parametrize(
    "before",
    [
        "p = 4.5, ",  # a P (out of range, but never an estimate)
        "n = 4, ",  # a group size
        "SD 4.2; ",  # a spread
        "95% CI 4.1 to 4.4; ",  # an earlier CI's bounds
        "In 2010. The score ",  # another sentence
    ],
)
def test_numbers_that_are_never_a_ci_s_estimate(before):
    text = f"{before}the value was 9 (95% CI 3.9 to 4.5)."
    e = {"estimate": "9", "lower": "3.9", "upper": "4.5"}
    assert other_estimate(text, text.index("9 ("), len(text), e) is None


def test_other_estimate_names_the_number_and_whether_it_is_centred():
    text = "The score was 4.0 in week 9 (95% CI 3.9 to 4.5)."
    e = {"estimate": "9", "lower": "3.9", "upper": "4.5"}
    assert other_estimate(text, text.index("9 ("), len(text), e) == (
        "4.0, printed before it in the same clause, lies inside the CI"
    )
    assert other_estimate(text.replace("4.0", "4.2"), text.index("9 ("), len(text), e) == (
        "4.2, printed before it in the same clause, lies at the centre of the CI"
    )


def test_at_centre_linear_and_geometric_within_rounding():
    assert at_centre("4.2", "3.9", "4.5") and at_centre("4.30", "3.9", "4.5") is False
    assert at_centre("1.22", "0.80", "1.85")  # sqrt(0.80 * 1.85) = 1.217
    assert not at_centre("1.4", "0.80", "1.85") and not at_centre("x", "1", "2")


# PMC2956883 ('HIV-1 ... (HR 0·97, 95% CI 0·87–1·35, ...)', adjudicated real) and statcheck-dev 09567976231190546
# ('..., t(1, 65) = -0.56, p = .57; ..., β = 0.17, 95% CI = [-1.25, -0.03]', adjudicated real): a name's number, a
# number printed too coarsely to tell (an integer beside a CI a few tenths wide) and a test statistic are no
# other estimate
@pytest.mark.parametrize(
    "text, estimate, lower, upper",
    [
        ("HIV-1 incidence did not differ (HR 0.97, 95% CI 0.87 to 1.35, p = 0.87).", "0.97", "0.87", "1.35"),
        ("In 1 of the groups (HR 0.97, 95% CI 0.87 to 1.35).", "0.97", "0.87", "1.35"),
        ("Familiarity, t(1, 65) = -0.56, p = .57; and urbanity, b = 0.17, 95% CI = [-1.25, -0.03].", "0.17", "-1.25",
         "-0.03"),
        ("Familiarity, F(2, 65) = 0.56; and urbanity, b = -0.17, 95% CI = [0.25, 1.03].", "-0.17", "0.25", "1.03"),
    ],
)
def test_names_coarse_numbers_and_test_statistics_are_no_other_estimate(text, estimate, lower, upper):
    e = {"estimate": estimate, "lower": lower, "upper": upper}
    i = text.index(estimate + ",")
    assert other_estimate(text, i, len(text), e) is None


def test_a_real_hazard_ratio_off_its_log_centre_after_a_hyphenated_name_stays_flagged(tmp_path):
    text = "HIV-1 incidence did not differ (HR 0·97, 95% CI 0·87–1·35, p=0·87) between users.\n"
    assert [r[2] for r in flagged(tmp_path, text, "ci_symmetry")] == ["likely"]


# PMC5835896 ('(HR)=1.254, ... P=0.706) ( Fig. 2A )., nor regarding OS (HR=1.40, 95% CI: 0.30–9.84, P=0.683)'): a
# figure's number is no other estimate, nor a number with a letter after it
@pytest.mark.parametrize("before", ["( Fig. 2 ), nor regarding OS (", "in panel 2A, nor regarding OS (", "see Table 2; OS ("])
def test_figure_and_table_numbers_are_no_other_estimate(before):
    text = f"{before}HR=1.40, 95% CI: 0.30–9.84, P=0.683)"
    e = {"estimate": "1.40", "lower": "0.30", "upper": "9.84"}
    assert other_estimate(text, text.index("1.40"), len(text), e) is None


# review11: two arms printed before a difference whose difference gives the estimate or the CI's centre confirm
# that the CI is the difference's (an arm inside the CI is no other estimate); a P printed as 'P value of' is a P;
# so are an SD or a percentage in parentheses after its number, a time point's or a model's number and a dose
@pytest.mark.parametrize(
    "text",
    [
        "Mean change was -1.2 vs -0.3 points; difference 2.9 (95% CI -1.5 to -0.3).\n",  # arms give the centre
        "Scores were 3.30 ± 2.43 at baseline and 4.41 ± 2.47 at the end (MD = 1.11; 95% CI 1.42 to 7.29).\n",
        "Mean weight loss was 4.1 kg with the drug and 1.9 kg with placebo (difference 6.2 kg, 95% CI 1.1 to 3.3).\n",
        "Events occurred in 12.5% vs 8.1%; risk difference 14.4% (95% CI 0.6 to 8.2).\n",
        "Remission was 38.2% with drug and 24.6% with placebo (risk difference 13.6%, 95% CI 15.2 to 32.0).\n",
        "The P value of 0.04 and the mean difference 0.50 (95% CI 0.01 to 0.09).\n",
        # an SD in parentheses after its mean, a time point's label, a dose: never a CI's estimate
        "Pain was 15.1 (1.2) vs 9.9 (1.1); difference 7.2 (95% CI 0.3 to 2.1).\n",
        "At week 12, the difference was 20.5 points (95% CI 8.1 to 16.3).\n",
        "At 5 mg, the mean reduction was 12.0 mmHg (95% CI 2.1 to 8.3).\n",
        "There were 41 (6.2%) vs 66 (9.8%) events (HR 0.62, 95% CI 4.42 to 9.87).\n",
    ],
)
def test_arms_whose_difference_fits_and_numbers_that_are_no_estimate_leave_the_top_grade(tmp_path, text):
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"]


def test_a_number_at_the_centre_alone_is_no_pair_of_arms(tmp_path):
    # '32 (0.83 mmol/L)': 32 minus 0.83 lands near the centre only because 32 does; the CI may be the 32's
    text = "LDL fell by 32 mg/dL (0.83 mmol/L), a difference of 45 mg/dL (95% CI 25 to 39).\n"
    assert [r[2] for r in _rows(tmp_path, text)] == ["likely"]


# review11: an APA number without a leading zero ('r = .45') is a candidate like any other
def test_a_number_without_a_leading_zero_is_another_estimate_too():
    text = "The correlation was r = .45, and the slope was 4.5, 95% CI [0.2, 0.7]."
    e = {"estimate": "4.5", "lower": "0.2", "upper": "0.7"}
    assert other_estimate(text, text.index("4.5,"), len(text), e) == (
        ".45, printed before it in the same clause, lies at the centre of the CI"
    )
    assert other_estimate(text.replace("r = .45", "p = .45"), text.index("4.5,"), len(text), e) is None


# review11's remaining forms: an age, a time point and a significance level are no other estimate
@pytest.mark.parametrize(
    "text",
    [
        "Patients aged 65 or more: difference 72.1 (95% CI 60.2 to 70.0).\n",
        "Mean age 62.4 years; the difference was 75.0 (95% CI 55.1 to 70.3).\n",
        "At 3 months, the difference was 9.5 (95% CI 2.1 to 4.3).\n",
        "Significance was set at 0.05; the difference was 0.21 (95% CI 0.01 to 0.09).\n",
    ],
)
def test_ages_time_points_and_levels_leave_the_top_grade(tmp_path, text):
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"]


def test_a_duration_that_is_no_time_point_can_still_be_another_estimate():
    text = "Median survival was 3.2 months longer; HR 9 (95% CI 2.1 to 4.3)."
    e = {"estimate": "9", "lower": "2.1", "upper": "4.3"}
    assert other_estimate(text, text.index("9 ("), len(text), e) == (
        "3.2, printed before it in the same clause, lies at the centre of the CI"
    )


# review11: a CI printed as an APA bracketed pair without the word 'CI' is an earlier CI too: its estimate and bounds
# are no other estimate of the next CI
def test_an_earlier_unnamed_bracketed_ci_is_passed_over(tmp_path):
    text = "The path was b = 0.35, [0.10, 0.60], and the direct effect c = 1.45, 95% CI [0.20, 0.50].\n"
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"]
