"""The causes of ei_pct7's false alarms (issue 16, session 12; benchmarks/adjudication/ei_pct7.csv: the 300 papers of
helper pct7's check draw, judged before these rules were written), each as the printed form it was seen in (the PMC id
says where; numbers and short fragments only) beside a close form that must stay flagged.

A: an arm headed by a short hyphenated name ('t-E2 (n = 222)') taken for a t statistic's column, so that a total-n
column became each arm's base (21 top-grade rows of one table); B: a table whose notes say its cells are 'p (95% CI)'
(17 rows); C: 'HR: 0:51' read as 51; D: a reduction printed unsigned beside the CI of the other arm's change; E: a
kappa printed on the percent scale beside a CI in proportions; F: one-tailed tests declared as 'set at p<0.05,
one-tailed', 'a one-tailed test was selected' and 'one-sided P values (...) are presented'.
"""

from __future__ import annotations

from printed_forms import estimates, flagged

from analysis.extraction.evidence import _one_tailed_paper
from analysis.extraction.tables import _arm_of

# A (PMC5771895: a baseline table with a column of the number with data and one of the number missing before the arms)
_A = (
    "Table 1 Baseline characteristics.\n\n"
    "Variable | n | No. (%) missing | PBO (n = 275) | {} (n = 222) | o-CEE (n = 230) | P\n"
    "Hot flashes | 727 | 0 | 126 ({}%) | 92 (41%) | 100 (43%) | 0.617\n"
    "Night sweats | 727 | 0 | 99 (36%) | 72 (32%) | 83 (36%) | 0.643\n\nValues are n (%).\n"
)


def test_a_short_hyphenated_arm_name_is_an_arm():
    assert _arm_of(["t-E2 (n = 222)"])[:2] == ("t_e2", "222")
    assert _arm_of(["t-test"])[0] is None and _arm_of(["t"])[0] is None  # a test statistic's column is no arm


def test_a_total_n_column_beside_three_arms_is_no_arm_base(tmp_path):
    assert flagged(tmp_path, _A.format("t-E2", "46"), "percent_denominator") == []
    assert flagged(tmp_path, _A.format("T2", "46"), "percent_denominator") == []  # review12's R1-3: 'T2', 'G1', 'A'


def test_short_arm_names_are_arms_and_a_bare_size_is_not():
    assert [_arm_of([h])[0] for h in ("T1 (n = 275)", "G1 (n = 30)", "A (n = 30)", "(n = 124)")] == [
        "t1",
        "g1",
        "a",
        None,
    ]


def test_a_share_no_arm_size_gives_stays_flagged(tmp_path):
    rows = flagged(tmp_path, _A.format("t-E2", "16"), "percent_denominator")
    assert [r[0] for r in rows] == ["16%"]


# B (PMC5412886: pairwise comparisons, each cell 'P (95% CI of the difference)', said so by the table's notes)
_B = (
    "Table 5 Signs after 2 weeks.\n\n"
    "Sign | Mean ± SD | Drug A (n = 20) | Drug B (n = 20) | Vehicle (n = 20)\n"
    "Papilla | 0.38 ± 0.32 | — | 0.084 (−0.02 to 0.38) | 0.009 (−0.47 to −0.07)\n"
    "Redness | 0.43 ± 0.34 | — | 0.466 (−0.07 to 0.16) | 0.000 (−0.72 to −0.49)\n\n"
    "*Values are mean ± SD or {} (95% CI), as indicated.\n"
)


def test_cells_the_notes_call_p_with_ci_hold_no_estimate(tmp_path):
    assert flagged(tmp_path, _B.format("p"), "estimate_in_ci") == []


def test_cells_the_notes_call_estimates_with_ci_stay_flagged(tmp_path):
    rows = flagged(tmp_path, _B.format("difference"), "estimate_in_ci")
    assert len(rows) == 2 and {r[2] for r in rows} == {"error"}


# C (PMC4666408: 'HR: 0:51; 05%CI 0.27–0.98', a point printed as a colon)
def test_a_number_after_a_digit_and_colon_is_no_estimate():
    assert estimates("reduced risk (HR: 0:51; 95% CI 0.27–0.98; P = 0.04)") == []
    assert estimates("reduced risk (HR: 0.51; 95% CI 0.27–0.98; P = 0.04)") == [("0.51", "0.27", "0.98")]


def test_an_estimate_outside_its_ci_after_a_label_colon_stays_flagged(tmp_path):
    rows = flagged(tmp_path, "Risk was reduced (HR: 1.51; 95% CI 0.27–0.98; P = 0.04).\n", "estimate_in_ci")
    assert [r[0] for r in rows] == ["1.51 (0.27 to 0.98)"]


# D (PMC3525331: two arms' reductions, then both CIs of the change, the first of them the other arm's)
_D = (
    "The frequency of attacks in group A {} 2.84 times, while the placebo group {} 2.67 times "
    "(95% CI, −3.35 to −2.33 versus 95% CI, −4.11 to −1.24; P = 0.043).\n"
)


def test_a_reduction_printed_unsigned_beside_a_ci_of_the_change_is_not_an_error(tmp_path):
    assert flagged(tmp_path, _D.format("reduced", "reduced"), "estimate_in_ci") == []


def test_an_unsigned_estimate_with_no_reduction_named_stays_flagged(tmp_path):
    rows = flagged(tmp_path, _D.format("changed", "changed"), "estimate_in_ci")
    assert rows and {r[2] for r in rows} == {"error"}


# E (PMC5851532: 'kappa = 75.40, 95% CI: 0.58, 0.92'; the table prints 75.40%)
def test_a_percent_estimate_beside_a_ci_in_proportions_is_not_an_error(tmp_path):
    assert (
        flagged(tmp_path, "Agreement was substantial (kappa = 75.40, 95% CI: 0.58, 0.92; p<0.001).\n", "estimate_in_ci")
        == []
    )


def test_a_percent_estimate_its_proportion_ci_does_not_hold_stays_flagged(tmp_path):
    rows = flagged(
        tmp_path, "Agreement was substantial (kappa = 45.40, 95% CI: 0.58, 0.92; p<0.001).\n", "estimate_in_ci"
    )
    assert [r[0] for r in rows] == ["45.40 (0.58 to 0.92)"]


# F (PMC3921228: the methods declare one-tailed tests in these two forms)
def test_one_tailed_tests_declared_in_two_more_forms():
    assert _one_tailed_paper("The threshold for significance was set at p<0.05, one-tailed corrected for tests.")
    assert _one_tailed_paper("A one-tailed test was selected because the hypotheses were directional.")
    # PMC2845036 (p_against_ci: HR 0.61 (0.28 to 1.33) with P = 0.11, half the two-sided 0.214)
    assert _one_tailed_paper("Nominal one-sided P values (without adjustment for multiple tests) are presented here.")


def test_one_tailed_tests_denied_or_two_tailed_are_no_declaration():
    assert _one_tailed_paper("Significance was set at 0.05, two-tailed; one-tailed tests were not used.") is None
    assert _one_tailed_paper("The threshold for significance was set at p<0.05, two-tailed.") is None
    assert _one_tailed_paper("One-sided tests (adjusted for two comparisons) were used for 85% power.") is None


def test_a_declared_one_tailed_p_is_accepted_and_one_neither_tail_gives_stays_flagged(tmp_path):
    # scipy.stats.t: t(13) = 3.04 gives .0095 two-tailed, .0047 one-tailed (prints .005); t(19) = 2.58 gives .018 and
    # .009, neither of which prints .03
    text = "A one-tailed test was selected. Scores rose, t(13) = 3.04, p = 0.005, and fell, t(19) = 2.58, p = 0.03.\n"
    assert [r[0] for r in flagged(tmp_path, text, "recompute_p")] == ["t(19) = 2.58, p = 0.03"]


# Review (helper review12, 40 synthetic prints of real errors near each rule's trigger): what the rules first silenced,
# each now flagged again


def test_a_column_that_says_ci_keeps_its_estimates_under_a_p_ci_note(tmp_path):
    text = (
        "Table 2 Outcomes at week 12.\n\n"
        "Outcome | Drug (n = 40) | Placebo (n = 40) | Change vs placebo (95% CI) | P\n"
        "Pain | 3.1 ± 1.2 | 4.0 ± 1.3 | -0.9 (-1.5 to -1.4) | 0.002\n\n"
        "Values are mean ± SD or p (95% CI).\n"
    )
    assert [r[0] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["-0.9 (-1.5 to -1.4)"]


def test_a_decimal_number_after_a_colon_is_an_estimate():
    assert estimates("In the adjusted Model 2:1.85 (95% CI 1.02-1.60), the association held.") == [
        ("1.85", "1.02", "1.60")
    ]


def test_a_reduction_word_without_a_second_ci_silences_nothing(tmp_path):
    for text in (
        "After dropping two outliers, the MD was 1.2 (95% CI -2.6 to -0.9).\n",
        "Systolic pressure was reduced by 4.0 mmHg (95% CI -9.5 to -3.5) with the drug.\n",
    ):
        assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"], text


def test_a_ratio_is_never_read_as_a_percentage(tmp_path):
    text = "Smoking went with lower odds of response (OR 12.0, 95% CI 0.08 to 0.18; P < 0.001).\n"
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error"]


def test_the_word_or_names_no_ratio(tmp_path):
    text = "Agreement (percent or kappa) was 75.40, 95% CI: 0.58, 0.92.\n"
    assert flagged(tmp_path, text, "estimate_in_ci") == []


def test_a_one_tailed_declaration_narrowed_negated_or_beside_two_sided_p_values_is_not_paper_wide():
    for s in (
        "For the primary endpoint only, a one-tailed test was selected; all secondary comparisons were two-sided.",
        "No one-tailed test was chosen.",
        "A one-sided test was chosen. Alpha was 0.025. All reported P values are two-sided.",
    ):
        assert _one_tailed_paper(s) is None, s


def test_an_n_column_below_the_arms_header_n_is_the_rows_own_base(tmp_path):
    text = (
        "Table 1 Baseline characteristics.\n\n"
        "Characteristic | n | All patients (n = 250)\n"
        "Smoker | 200 | 80 (32.0)\nDiabetes | 210 | 63 (30.0)\n\nValues are n (%).\n"
    )
    assert [r[0] for r in flagged(tmp_path, text, "percent_denominator")] == ["32.0%"]


def test_a_sample_size_sentences_one_sided_alpha_makes_no_later_p_one_tailed(tmp_path):
    design = "With 80% power at a one-sided alpha of 0.025, 40 patients per arm were needed. "
    said = "Tests were one-sided. "
    result = "Pain scores differed between arms, t(40) = 2.10, p = 0.021.\n"  # two-tailed .042, one-tailed .021
    assert [r[0] for r in flagged(tmp_path, design + result, "recompute_p")] == ["t(40) = 2.10, p = 0.021"]
    assert flagged(tmp_path, said + result, "recompute_p") == []
