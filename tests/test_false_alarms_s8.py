"""The causes of ei_s8's false alarms (issue 16; benchmarks/adjudication/ei_s8.csv), each as the printed form it was
seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must leave alone.

A: a number labelled as something else (an IQR, an SD, a unit's increment, a confidence level, a P column) is no
estimate beside its CI; B: a decimal comma; C: a row's own N column, a stacked table's second n row, two levels'
counts 'k / m (x%)'; D: a bracket that is the share of the rest; E: intervals asymmetric by design (NNT, a sibling
interval with an infinite bound, bootstrapped CIs); F: a rank test's P beside a t-based CI; G: a one-tailed test
declared with the significance level; H: two outcomes sharing a coarse CI.
"""

from __future__ import annotations

import pytest

from analysis.extraction import extract_text
from printed_forms import estimates, flagged


def cells(text, kind):
    return [e for e in extract_text(text).entries if e["kind"] == kind]


# --------------------------------------------------------------------------- A: what the number before a CI is


@pytest.mark.parametrize(
    "labelled, plain",
    [
        # PMC1079947: an IQR between the median and its CI
        ("median 84.8 % (IQR 6.1; 95% CI 66.5, 87.3) at baseline", "changed by 6.1 (95% CI 66.5, 87.3) at baseline"),
        # PMC1261533: an SD between the estimate and its CI
        ("fell by 6.7% (SD, 11.4%; 95% CI, 5.1 to 8.3%) in all", "fell by 6.7% (SD, 11.4%; 95% CI, 7.1 to 8.3%) in all"),
        # PMC3584097: the unit increment of 'OR 1.68 per 0.11 mmol/L'
        ("rose (1.68 per 0.11 mmol/L, 95% CI: 1.04-2.71, P = 0.03)", "rose (OR 0.11, 95% CI: 1.04-2.71, P = 0.03)"),
    ],
)
def test_a_number_labelled_as_a_spread_or_an_increment_is_no_estimate(tmp_path, labelled, plain):
    assert flagged(tmp_path, f"Results. The value {labelled}.", "estimate_in_ci") == []
    assert [r[2] for r in flagged(tmp_path, f"Results. The value {plain}.", "estimate_in_ci")] == ["error"]


def test_an_iqr_or_sd_between_estimate_and_ci_leaves_the_estimate_read():
    assert estimates("median 84.8 % (interquartile range, IQR 6.1; 95% CI 66.5, 87.3)") == [("84.8", "66.5", "87.3")]
    assert estimates("6.7% (SD, 11.4%; 95% CI, 5.1 to 8.3%)") == [("6.7", "5.1", "8.3")]
    assert estimates("1.68 per 0.11 mmol/L, 95% CI: 1.04–2.71") == []


def test_a_confidence_level_in_words_is_no_estimate(tmp_path):
    # PMC5124485: 'HR: 1.16; 95 percent confidence interval, 0.9 to 1.5' read the 95 as the estimate
    s = "(HR: 1.16; 95 percent confidence interval, 0.9 to 1.5; P=0.22)"
    assert estimates(s) == [("1.16", "0.9", "1.5")]
    assert flagged(tmp_path, f"Results. Progression did not differ {s}.", "estimate_in_ci") == []
    # the check still runs where the estimate is outside: '95% CI, 1.3 to 1.5'
    bad = "Results. Progression did not differ (HR: 1.16; 95% CI, 1.3 to 1.5; P=0.22)."
    assert [r[2] for r in flagged(tmp_path, bad, "estimate_in_ci")] == ["error"]


def test_a_column_headed_p_and_ci_holds_a_p_not_an_estimate():
    # PMC4169371: '0.0280 (−0.0663, −0.0150)' under 'P (95% CI)'
    t = "Table 2\n\nOutcome | Lipid (N = 369) | Liposomal (N = 122) | {}\nInitial cure | 354 (95.9) | 122 (100.0) | 0.0280 (−0.0663, −0.0150)\n"
    assert cells(t.format("P (95% CI)"), "estimate_ci_p") == []
    assert [e["estimate"] for e in cells(t.format("Difference (95% CI)"), "estimate_ci_p")] == ["0.0280"]


# --------------------------------------------------------------------------- B: decimal commas


def test_a_statistic_with_a_decimal_comma_is_not_read_as_thousands(tmp_path):
    # PMC2806530: 'F(1, 21) = 4,517; p = 0.046' is F = 4.517
    assert flagged(tmp_path, "Results. Sex had no effect, F(1, 21) = 4,517, p = 0.046.", "recompute_p") == []
    # read with the decimal comma and still off, the row says so with the decimal reading's P
    rows = flagged(tmp_path, "Results. Sex had no effect, F(1, 21) = 4,517, p = 0.46.", "recompute_p")
    assert [r[:2] for r in rows] == [["F(1, 21) = 4,517, p = 0.46", "p = 0.046"]]


def test_a_leading_zero_comma_among_points_is_a_decimal():
    # PMC3580671: '0.478 (0.323 to 0,706)' among decimal points and 'P = 0,051'
    t = "Results. The odds ratio was 0.478 (95% CI 0.323 to 0,706) and P = 0,051 for cure; OR 0.249 (95% CI 0.092 to 0,674)."
    assert [(e["estimate"], e["upper"]) for e in cells(t, "estimate_ci_p")] == [("0.478", "0.706"), ("0.249", "0.674")]
    # one such print alone does not make the document's commas decimal
    one = "Results. The odds ratio was 0.478 (95% CI 0.323 to 0,706) for cure."
    assert [e["upper"] for e in cells(one, "estimate_ci_p")] == ["0,706"]


# --------------------------------------------------------------------------- C: which n


def test_each_n_column_sizes_the_arm_after_it():
    # PMC5372064: 'N | Intervention | N | Control', readmissions 95 | 30 (31.6) | 101 | 37 (36.6)
    t = (
        "Table 3\n\nOutcome | Measure | N | Intervention | N | Control\nReadmissions | n (%) | 95 | 30 (31.6%) | 101 | "
        "37 (36.6%)\nMortality | n (%) | 95 | 6 (6.3%) | 102 | 8 (7.8%)\n"
    )
    assert [(e["k"], e["n"]) for e in cells(t, "proportion")] == [("30", "95"), ("37", "101"), ("6", "95"), ("8", "102")]
    # one N column: its n for every cell of the row, as before
    t1 = "Table 3\n\nOutcome | N | Intervention | Control\nReadmissions | 95 | 30 (31.6%) | 37 (38.9%)\nDeaths | 95 | 6 (6.3%) | 8 (8.4%)\n"
    assert [e["n"] for e in cells(t1, "proportion")] == ["95", "95", "95", "95"]


def test_two_levels_counts_are_no_count_of_n():
    # PMC5124485: 'Female/Male | 39 / 65 (37%)' is 39 of 104
    t = "Characteristic | TMZ | RT\nFemale/Male | 39 / 65 (37%) | 74 / 91 (45%)\nDeaths | 39 / 65 (37%) | 74 / 91 (45%)\n"
    got = [(e.get("k"), e.get("n"), e["percent"]) for e in cells(t, "proportion")]
    assert ("39", "65", "37") not in got[:1] and ("39", "65", "37") in got
    # a sentence far from any line start or row label: 6/9 printed 60% is a count of 9 (ei_s7 PMC4861263, TRUE)
    text = "Results/Discussion. " + "Responses were seen in most groups over the weeks. " * 10 + "At week 20, 6/9 (60%) had IgG."
    assert [(e.get("k"), e.get("n")) for e in cells(text, "proportion")] == [("6", "9")]


def test_a_stacked_tables_second_n_row_holds_over_its_sub_sections():
    # PMC4094569: 'Study 1222.14' with its own 'Total number of patients | 235 | 232', then a sub-section
    t = (
        "Table 5\n\n | Placebo, n (%) | Olodaterol, n (%)\nStudy 13 | Study 13 | Study 13\n"
        "Total number of patients | 225 (100.0) | 227 (100.0)\nAll AEs | 153 (68.0) | 160 (70.5)\n"
        "Study 14 | Study 14 | Study 14\nTotal number of patients | 235 (100.0) | 232 (100.0)\n"
        "All AEs | 173 (73.6) | 169 (72.8)\nSpecific AEs | Specific AEs | Specific AEs\nPneumonia | 7 (3.0) | 12 (5.2)\n"
    )
    got = {(e["k"], e["percent"]): e.get("n") for e in cells(t, "proportion")}
    assert got[("7", "3.0")] == "235" and got[("12", "5.2")] == "232"
    assert got[("153", "68.0")] == "225"


# --------------------------------------------------------------------------- D: the share of the rest


def test_a_bracket_that_is_the_share_of_the_rest_is_not_tested():
    from analysis.auditing.denominators import complement_n

    # PMC1261533: failures '2 (99.1)' beside 230 of 232 cured, '9 (96.3)' of 245
    assert complement_n("99.1", 2, 245) and complement_n("96.3", 9, 245) == 245
    # a count's own share, a bracket no rest gives, a rest far below n (PMC2365957: 22 of 53 printed 53%, a
    # misprinted count) and a 0 beside 100% (PMC2275230: a misprinted count) are left to the check
    assert complement_n("0.8", 2, 245) is None and complement_n("80.0", 2, 245) is None
    assert complement_n("53", 22, 53) is None and complement_n("100", 0, 48) is None
    # near 50 the rest's share is a coincidence: 'Male | 9 (52.6%)' of 19 beside 'Female | 10 (47.4%)' (PMC4416300)
    assert complement_n("52.6", 9, 19) is None and complement_n("53", 7, 15) is None


# --------------------------------------------------------------------------- E: asymmetric by design


@pytest.mark.parametrize(
    "by_design, plain",
    [
        # PMC2702335: an NNT's CI is the reciprocal of a risk difference's
        (
            "At three months, NNT estimates ranged from 5.1 (95% CI 3.4 to 10.7) to 9.0.",
            "At three months, the mean difference was 5.1 (95% CI 3.4 to 10.7).",
        ),
        # PMC5860698: the paper's CIs bias-corrected bootstrap
        (
            "Methods. We used bias-corrected 95% bootstrap estimates from 10,000 repetitions to generate confidence "
            "intervals (CIs). Results. The difference in area was 0.13 (95% CI 0.09 to 0.14).",
            "Methods. We used t tests. Results. The difference in area was 0.13 (95% CI 0.09 to 0.14).",
        ),
    ],
)
def test_intervals_asymmetric_by_design_are_not_tested_for_symmetry(tmp_path, by_design, plain):
    assert flagged(tmp_path, f"Results. {by_design}", "ci_symmetry") == []
    assert [r[2] for r in flagged(tmp_path, f"Results. {plain}", "ci_symmetry")] == ["likely"]


def test_a_sibling_interval_with_an_infinite_bound():
    # PMC3987889: '2.10 [1.28, ∞]' beside '2.20 [1.26, 8.22]' (exact or profile-likelihood ORs)
    t = "Table 3\n\nClass | OR [95% CI] | P\nTUG | 2.20 [1.26, 8.22] | 0.01\n6MWT | 2.10 [1.28, {}] | 0.01\n"
    first = cells(t.format("∞"), "estimate_ci_p")[0]
    assert first.get("interval") == "asymmetric" and "infinite" in first["interval_from"]
    assert cells(t.format("9.9"), "estimate_ci_p")[0].get("interval") != "asymmetric"


# --------------------------------------------------------------------------- F, G, H


def test_a_rank_tests_p_beside_a_t_ci(tmp_path):
    # PMC4807034: 'paired t test or the Wilcoxon test' by normality; 4.25 (1.62 to 6.87), P = 0.009
    res = "Results. Thigh circumference rose by 4.25 cm (95% CI 1.62 to 6.87; P = 0.009)."
    rank = "Methods. We used the paired Student's t test or the Wilcoxon test, depending on normality. " + res
    assert flagged(tmp_path, rank, "p_against_ci") == []
    assert len(flagged(tmp_path, "Methods. We used the paired Student's t test. " + res, "p_against_ci")) == 1
    # a P on the other side of 0.05 is not a rank test's difference
    assert len(flagged(tmp_path, rank.replace("P = 0.009", "P = 0.09"), "p_against_ci")) == 1


def test_a_one_tailed_significance_level(tmp_path):
    # PMC3464298: 'significance level was set at 0.05 (one-tailed; ...)', t(38) = 2.21, p = 0.017
    res = " Results." + " Participants completed every session as planned." * 60 + " Scores rose, t(38) = 2.21, p = 0.017."
    one = "Methods. Statistical significance level was set at 0.05 (one-tailed; pairwise comparisons)."
    assert flagged(tmp_path, one + res, "recompute_p") == []
    assert len(flagged(tmp_path, one.replace("one-tailed", "two-tailed") + res, "recompute_p")) == 1


def test_two_outcomes_sharing_a_coarse_interval_are_no_copied_ci(tmp_path):
    # PMC1693558: '-0.01 (-0.02 to 0.02)' and '0.01 (-0.02 to 0.02)', two BMD changes
    t = "Results. Trochanter BMD changed by -0.01 (95% CI -0.02 to 0.02) and Ward's triangle by {} (95% CI -0.02 to 0.02)."
    assert flagged(tmp_path, t.format("0.01"), "same_result") == []
    assert len(flagged(tmp_path, t.format("0.015"), "same_result")) == 1
