"""Preconditions of the checks other than the percentages, from the false alarms judged on 300 unseen RCT papers
(issue 16, ei_s6): a P declared one-tailed in the methods or printed beside an 80% CI, a log-rank P beside a hazard
ratio, two groups' own percentages compared with 'vs.', an agreement statistic, a percentage change whose CI is
symmetric on the log scale of 100 + x, a cell whose own column names a difference, a mean with its range, and an
estimate in percent beside a CI in fractions. Each form is the printed one (numbers as printed, PMC id beside it);
the words around the numbers are ours. Each has a case where the precondition holds and one where it does not; the
scan drafts each text and audits it, as a user's scan would.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis import scan
from analysis.extraction import evidence as ev


def rows(tmp_path, text: str, check: str, name: str = "a.txt") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    df = scan(path, progress=False).to_frame()
    return df[df["check"] == check]


def one(tmp_path, text: str, check: str, name: str = "a.txt") -> pd.Series:
    r = rows(tmp_path, text, check, name)
    assert len(r) == 1, r[["entry_ids", "verdict", "explanation"]].to_string()
    return r.iloc[0]


# ---------------------------------------------------------------- which P: one-tailed tests declared in the methods

# PMC3410988: the methods declare one-tailed tests for every outcome; F(1, 34) = 1.90 gives a two-tailed P of .177,
# printed P = 0.088 (half of it)
_F = "The staging score did not differ (F(1, 34) = 1.90, P = 0.088).\n"


def test_a_paper_that_declares_its_tests_one_tailed_gives_an_f_with_one_df_half_its_p(tmp_path):
    methods = "Because the hypotheses were directional, one-tailed tests were conducted for all outcome analyses.\n"
    r = one(tmp_path, methods + _F, "recompute_p")
    assert r.verdict == "consistent" and "one-tailed test declared" in r.explanation
    # no declaration: the printed P is off the statistic's
    assert one(tmp_path, "Outcomes were compared by ANOVA.\n" + _F, "recompute_p", "b.txt").verdict == "inconsistent"
    # a one-sided alpha of the sample-size calculation, pages before the result, declares nothing about the printed
    # P values (named just before a P, any one-sided word is read as its test's, as before)
    design = "For 80% power, a one-sided test was used in the sample size calculation.\n"
    filler = "Participants were seen weekly at the clinic. " * 40 + "\n"
    assert one(tmp_path, design + filler + _F, "recompute_p", "c.txt").verdict == "inconsistent"
    assert one(tmp_path, methods + filler + _F, "recompute_p", "d.txt").verdict == "consistent"


def test_the_paper_wide_declaration():
    assert ev._one_tailed_paper("All tests were one sided. Means were compared.") == (
        "tests were one sided (elsewhere in the paper)"
    )
    assert ev._one_tailed_paper("One-tailed P-values are specified in the table.")
    assert ev._one_tailed_paper("All P values are two-sided; a one-sided margin of 10% was set.") is None
    assert ev._one_tailed_paper("Non-inferiority: a one-sided test was used at 2.5%.") is None


# ---------------------------------------------------------------- which P: an 80% CI beside a one-sided P

# PMC3626705: a phase II trial prints HR 0.8, 80% CI 0.56-1.14, p = 0.21: the CI gives a two-sided P of 0.42


def test_a_p_beside_an_80_percent_ci_may_be_one_sided(tmp_path):
    r = one(tmp_path, "Survival did not differ (HR 0.8, 80% CI 0.56-1.14, p = 0.21).\n", "p_against_ci")
    assert r.verdict == "consistent" and "80% CI" in r.explanation
    # a 95% CI with half its two-sided P (0.22) printed: no one-sided test in sight, a finding (the estimate to two
    # decimals: 0.8's rounding alone allows P from 0.106)
    r = one(tmp_path, "Survival did not differ (HR 0.80, 95% CI 0.56-1.14, p = 0.11).\n", "p_against_ci", "b.txt")
    assert r.verdict == "inconsistent"


# ---------------------------------------------------------------- same analysis: a log-rank P beside a hazard ratio

# PMC4327560: the methods compare the arms by log-rank tests and estimate HRs by Cox models; the abstract prints
# HR 0.45; 95% CI, 0.29-0.70; P < 0.0001 (the CI's Wald P is 0.0004)
_HR = "Progression was less likely (hazard ratio, 0.45; 95% CI, 0.29-0.70; P < 0.0001).\n"


def test_a_p_beside_a_hazard_ratio_in_a_paper_of_log_rank_tests_is_not_recomputed_from_the_ci(tmp_path):
    methods = "Arms were compared with log-rank tests; hazard ratios came from Cox models.\n"
    r = one(tmp_path, methods + _HR, "p_against_ci")
    assert r.verdict == "not_testable" and "log-rank tests (elsewhere in the paper)" in r.explanation
    assert one(tmp_path, "Hazard ratios came from Cox models.\n" + _HR, "p_against_ci", "b.txt").verdict == (
        "inconsistent"
    )
    # ... unless the P and the CI disagree about significance, which no log-rank P explains (PMC5954168: 'HR = 1.64,
    # 95% CI: 0.90-2.97, p < 0.001' in a paper naming a log-rank test)
    crossed = "Progression was not less likely (hazard ratio, 1.64; 95% CI, 0.90-2.97; P < 0.001).\n"
    r = one(tmp_path, methods + crossed, "p_against_ci", "d.txt")
    assert r.verdict == "inconsistent" and "disagree about significance" in r.assumptions
    # an adjusted hazard ratio is a Cox model's, whose P no unadjusted log-rank test gives (PMC1949842: 'adjusted hazard
    # ratio = 0.35 [95% CI 0.14-0.88], p = 0.035'; the CI gives 0.025)
    adjusted = "Risk was lower (adjusted hazard ratio, 0.45; 95% CI, 0.29-0.70; P < 0.0001).\n"
    assert one(tmp_path, methods + adjusted, "p_against_ci", "e.txt").verdict == "inconsistent"
    # an odds ratio in a paper that also runs log-rank tests: its P is still the CI's
    odds = "Response was more likely (odds ratio, 0.45; 95% CI, 0.29-0.70; P < 0.0001).\n"
    assert one(tmp_path, methods + odds, "p_against_ci", "c.txt").verdict == "inconsistent"


# ---------------------------------------------------------------- intervals asymmetric by construction

# PMC3642659: two arms' rates, each with its own CI, compared with 'vs.': 5.2% (95% CI, 2.2 to 11.5%) vs. 13.9%
# (95% CI, 8.4 to 21.9%), P = 0.038


def test_two_groups_own_percentages_compared_with_vs_keep_their_asymmetric_intervals(tmp_path):
    text = "Complications were fewer with the first strategy (5.2% (95% CI, 2.2 to 11.5%) vs. 13.9% (95% CI, 8.4 to 21.9%), P = 0.038).\n"
    r = rows(tmp_path, text, "ci_symmetry")
    assert set(r.verdict) == {"not_testable"} and r.explanation.str.contains("percentage estimate").all()
    # a difference of percentages is a Wald interval: tested
    diff = "The difference in complications was 5.2% (95% CI, 2.2 to 11.5%).\n"
    assert one(tmp_path, diff, "ci_symmetry", "b.txt").verdict == "inconsistent"


# PMC4648234: a chance-corrected agreement of 0.58 (95% CI = 0.30-0.80), a bounded statistic


def test_an_agreement_statistic_has_an_asymmetric_interval(tmp_path):
    r = one(
        tmp_path, "After correction for chance, agreement was moderate (0.58; 95% CI = 0.30-0.80).\n", "ci_symmetry"
    )
    assert r.verdict == "not_testable" and "agreement was" in r.explanation
    r = one(tmp_path, "The mean difference was moderate (0.58; 95% CI = 0.30-0.80).\n", "ci_symmetry", "b.txt")
    assert r.verdict == "inconsistent"
    # 'in agreement with' names no statistic
    r = one(
        tmp_path,
        "In agreement with earlier trials, the difference was 0.58 (95% CI = 0.30-0.80).\n",
        "ci_symmetry",
        "c.txt",
    )
    assert r.verdict == "inconsistent"


# PMC3816860: a ratio of geometric means printed as a change, -28% (95% CI -47 to -2): 0.72 (0.53 to 0.98)


def test_a_percentage_change_symmetric_on_the_log_scale_of_100_plus_x_is_not_tested(tmp_path):
    r = one(tmp_path, "The between-group difference was -28% (95% CI -47 to -2; P = 0.0357).\n", "ci_symmetry")
    assert r.verdict == "not_testable" and "log scale of 100 + x" in r.explanation
    # symmetric on neither scale: a finding
    r = one(
        tmp_path, "The between-group difference was -28% (95% CI -47 to -20; P = 0.0357).\n", "ci_symmetry", "b.txt"
    )
    assert r.verdict == "inconsistent"
    # the same numbers without a percent sign are no percentage change
    r = one(tmp_path, "The between-group difference was -28 (95% CI -47 to -2; P = 0.0357).\n", "ci_symmetry", "c.txt")
    assert r.verdict == "inconsistent"


# ---------------------------------------------------------------- the scale named by the cell's own column

# PMC3898378: a column 'Unadjusted difference (95% CI)' of mean differences in weeks, 0.80 (0.06-1.54), under a table
# whose notes and the prose below name ORs of other outcomes; PMC5741924's 'MD (95%CI)' column prints 0.4 (-0.6; 0.8)
# beside P = 0.43 (off its centre 0.1: a misprinted bound)
_TABLE = (
    "Table 4\n\nTiming of visits\n\n | Intervention mean (SD) | Control mean (SD) | {col}\n"
    "Visit | 23.75 (3.48) | 22.93 (3.84) | {cell}\n\nOR, odds ratio; SD, standard deviation.\n\n"
)


def test_a_cell_whose_own_column_names_a_difference_is_read_on_the_linear_scale(tmp_path):
    r = one(tmp_path, _TABLE.format(col="Unadjusted difference (95% CI)", cell="0.80 (0.06-1.54)"), "ci_symmetry")
    assert r.verdict == "consistent"
    r = one(tmp_path, _TABLE.format(col="MD (95%CI)", cell="0.4 (-0.6; 0.8)"), "ci_symmetry", "b.txt")
    assert r.verdict == "inconsistent" and "linear scale" in r.explanation
    # a column that names no difference keeps the note's ratio
    r = one(tmp_path, _TABLE.format(col="Effect (95% CI)", cell="0.80 (0.06-1.54)"), "ci_symmetry", "c.txt")
    assert r.verdict == "inconsistent" and "log scale" in r.explanation


# ---------------------------------------------------------------- an estimate printed with its CI

# PMC5119439: a score's mean with its range in prose, '(mean 91 (33-100))'


def test_a_mean_with_a_bracketed_pair_and_no_ci_word_is_no_estimate_and_ci(tmp_path):
    r = one(
        tmp_path, "The hip score was similar in the first group (mean 91 (33-100)) and the second.\n", "ci_symmetry"
    )
    assert r.verdict == "not_testable" and "range" in r.explanation
    r = one(
        tmp_path,
        "The hip score was similar in the first group (mean 91 (95% CI 33-100)) and the second.\n",
        "ci_symmetry",
        "b.txt",
    )
    assert r.verdict == "inconsistent"


# PMC1522015: a change per week printed as -0.2% beside its CI in fractions, -0.003 to -0.001


def test_an_estimate_in_percent_beside_a_ci_in_fractions_is_not_outside_it(tmp_path):
    r = one(
        tmp_path, "Density fell over the study (change per week: -0.2%, 95% CI: -0.003, -0.001).\n", "estimate_in_ci"
    )
    assert r.verdict == "not_testable" and "different units" in r.explanation
    r = one(
        tmp_path,
        "Density fell over the study (change per week: -0.2, 95% CI: -0.003, -0.001).\n",
        "estimate_in_ci",
        "b.txt",
    )
    assert r.verdict == "inconsistent" and r.grade == "error"
    # a percentage outside a CI printed in percent is still outside it
    r = one(tmp_path, "Density fell over the study by -2.0% (95% CI -0.3 to -0.1%).\n", "estimate_in_ci", "c.txt")
    assert r.verdict == "inconsistent"


# ---------------------------------------------------------------- integer data for GRIM (whole-corpus grim rows)

# The grim rows of a scan of the corpus (ei_s7's papers left out): PMC3747462 'Red blood cell count (10^6/µL)' 2.64 ±
# 0.26 (a concentration), PMC3984795's table of fecal bacterial counts 9.66 ± 0.06 (log10 CFU), PMC5456350's subscale
# means 5.3 (0.4) of N = 18 under a header naming items (how many averaged is not printed)
_COUNTS = "Table 2\n\n{caption}\n\n | Control (n = 12) | Vaccine (n = 12)\n{row} | 2.64 ± 0.26 | 3.03 ± 0.19\n\n"


@pytest.mark.parametrize(
    "caption, row, word",
    [
        ("Blood counts", "Red blood cell count (10^6/µL)", "cell"),
        ("Fecal bacterial count", "Total anaerobes", "bacterial"),
    ],
)
def test_counts_of_cells_or_bacteria_are_concentrations_not_integers(tmp_path, caption, row, word):
    r = rows(tmp_path, _COUNTS.format(caption=caption, row=row), "grim")
    assert set(r.verdict) == {"not_testable"} and r.explanation.str.contains(f"continuous \\({word}").all()
    # a count per person (PMC4335628's 'Number of errors') is integer data: tested, and 2.64 of 12 is impossible
    r = rows(tmp_path, _COUNTS.format(caption="Task results", row="Number of errors"), "grim", "b.txt")
    assert set(r.verdict) == {"inconsistent"}


def test_an_item_mean_without_the_number_of_items_is_not_tested_by_grim(tmp_path):
    items = "Table 5\n\nSubscales\n\n | Control (N = 18) Items Mn (sd) | Vaccine (N = 18) Items Mn (sd)\n"
    r = rows(tmp_path, items + "Arm subscale | 5.30 (0.40) | 5.50 (0.70)\n\n", "grim")
    assert set(r.verdict) == {"not_testable"} and r.explanation.str.contains("number of items is not known").all()
    # the same means as counts of endorsed items: integer totals, tested (5.30 of 18 is impossible)
    counts = "Table 5\n\nSubscales\n\n | Control (N = 18) Mn (sd) | Vaccine (N = 18) Mn (sd)\n"
    r = rows(tmp_path, counts + "No. of items endorsed | 5.30 (0.40) | 5.50 (0.70)\n\n", "grim", "b.txt")
    assert "inconsistent" in set(r.verdict)


# ---------------------------------------------------------------- every new pattern linear


@pytest.mark.parametrize(
    "rx", [ev._ONE_TAILED_PAPER, ev._DESIGN, ev._LOGRANK_PAPER, ev._HAZARD, ev._ARM_VS, ev._DIFFERENCE_COLUMN]
)
def test_the_new_patterns_have_no_open_repeat_and_run_in_linear_time(rx):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "linear", Path(__file__).parent.parent / "extraction" / "test_linear.py"
    )
    linear = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(linear)
    _open_repeats, sre_parse = linear._open_repeats, linear.sre_parse

    assert _open_repeats(sre_parse.parse(rx.pattern, rx.flags)) == []
    for chunk in ("one-tailed " * 20_000, "tests were " * 20_000, "log-rank " * 20_000, ") vs " * 40_000):
        t = time.process_time()
        list(rx.finditer(chunk))
        assert time.process_time() - t < 1.0
