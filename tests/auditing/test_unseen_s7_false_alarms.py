"""False alarms of the ei_s7 judgement (300 unseen RCT papers, main 5be47ee): each cause's printed form, with a case
where the rule holds and one where it does not. Short forms written after real prints (PMC id beside each; numbers and
fragments only); the scan drafts each text and audits it, as a user's scan would.
"""
from __future__ import annotations

import pandas as pd

from analysis import scan
from analysis.extraction import extract_text


def rows(tmp_path, text: str, check: str, name: str = "paper.txt") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    df = scan(path, progress=False).to_frame()
    return df[df["check"] == check]


def row(tmp_path, text: str, check: str, reported: str, name: str = "paper.txt") -> pd.Series:
    df = rows(tmp_path, text, check, name)
    shown = df["reported"].str.startswith(reported)
    if reported.endswith(" ("):  # an untested estimate is shown by its fields
        shown |= df["reported"].str.startswith(f"estimate={reported[:-2]};")
    if reported.startswith("P = "):
        shown |= df["reported"].str.contains(f"; p={reported[4:]};", regex=False)
    r = df[shown]
    assert len(r) == 1, df[["check", "verdict", "reported"]].to_string()
    return r.iloc[0]


def estimates(text: str) -> list[tuple[str, str, str]]:
    return [(e["estimate"], e["lower"], e["upper"]) for e in extract_text(text).entries if e["kind"] == "estimate_ci_p"]


# ----------------------------------------------------------------------------------------- percentages in tables

_RATES = ("Table 2\nEvent rates across tertiles\n | Events/persons ({head}) | HR (95% CI)\n"
          "Tertile 1 | 52/772 (1.72) | 1\nTertile 2 | 55/776 (1.89) | 1.19 (0.82, 1.75)\n"
          "Tertile 3 | 40/774 (5.17) | 1.05 (0.69, 1.60)\n\n")


def test_a_bracket_under_a_rate_per_person_years_is_not_a_percentage(tmp_path):
    # PMC4472939: 'Events/persons (event rate/100 person-years)'; PMC2887362 'Referrals/person-yrs (rate per 100 pyrs)'
    df = rows(tmp_path, _RATES.format(head="event rate/100 person-years"), "percent_denominator", "a.txt")
    assert not (df["verdict"] == "inconsistent").any(), df[["verdict", "reported"]].to_string()
    assert (df["reported"] == "5.17%").any()  # a bracket that is the count's share of n is still read as one
    # the same cells under 'n (%)' are percentages, two of them wrong
    df = rows(tmp_path, _RATES.format(head="n (%)"), "percent_denominator", "b.txt")
    assert set(df.loc[df["verdict"] == "inconsistent", "reported"]) == {"1.72%", "1.89%"}


def test_a_bracket_that_is_the_fraction_itself_is_a_ratio(tmp_path):
    # PMC2864284's Table 1: 'Male/female | 126/142 (0.89) | 132/136 (0.97)', the male:female ratio
    text = "Table 1\nBaseline\n | DP (n = 268) | CQ (n = 268)\nMale/female | {a} | 132/136 (0.97)\n\nValues are n (%).\n"
    df = rows(tmp_path, text.format(a="126/142 (0.89)"), "percent_denominator", "a.txt")
    assert not (df["verdict"] == "inconsistent").any(), df[["verdict", "reported"]].to_string()
    # a bracket that is neither k/n nor 100 k/n is a wrong percentage, as before
    df = rows(tmp_path, text.format(a="126/142 (8.9)"), "percent_denominator", "b.txt")
    assert set(df.loc[df["verdict"] == "inconsistent", "reported"]) == {"8.9%"}


# ----------------------------------------------------------------------------------------- the scale of an interval

def test_a_percentage_column_is_not_a_ratio_named_in_a_note(tmp_path):
    # PMC3634976: '% [95 % CI]' columns of exact (Clopper-Pearson) intervals, 'fold' in the table's note
    text = ("Table 2\nSeroresponse\n | N | % [95 % CI] | Fold rise [95 % CI]\n"
            "A | 175 | 76.6 [69.6; 82.6] | {fold}\n\nVR, a 4-fold rise in titre.\n")
    r = row(tmp_path, text.format(fold="2.10 [1.20; 3.67]"), "ci_symmetry", "76.6 (", "a.txt")
    assert r.verdict == "not_testable" and "%" in r.explanation
    # the fold column keeps its log scale: consistent there, a misprint found
    assert row(tmp_path, text.format(fold="2.10 [1.20; 3.67]"), "ci_symmetry", "2.10 (", "b.txt").verdict == "consistent"
    r = row(tmp_path, text.format(fold="2.50 [1.20; 3.67]"), "ci_symmetry", "2.50 (", "c.txt")
    assert r.verdict == "inconsistent" and "log" in r.explanation


def test_a_change_column_is_not_an_odds_ratio_named_in_a_note(tmp_path):
    # PMC4599403's Table 2: 'Within-Group Change (95% CI)' 0.26 (0.03 to 0.49); odds ratios named in its notes
    text = ("Table 2\nBalance\n | Baseline | 12 months | {head} (95% CI)\n"
            "Intervention | 3.01 (1.26) | 3.28 (1.01) | 0.26 (0.03 to 0.49)\n\nOR, odds ratio.\n")
    assert row(tmp_path, text.format(head="Within-Group Change"), "ci_symmetry", "0.26 (", "a.txt").verdict == "consistent"
    r = row(tmp_path, text.format(head="Odds ratio"), "ci_symmetry", "0.26 (", "b.txt")
    assert r.verdict == "inconsistent" and "log" in r.explanation


def test_a_rate_per_person_years_column_beside_hazard_ratios(tmp_path):
    # PMC5678838's Table 4: 'Crude IR [95% CI] (per 1000 person-years)' 11.1 [1.0–51.8] (1 event: a Poisson interval)
    text = ("Table 4\nIncidence\n | Events | Crude IR [95% CI] (per 1000 person-years) | HR [95% CI]\n"
            "aTRH | 1 | 11.1 [1.0–51.8] | 1.86 [1.10–3.15]\n\n")
    assert row(tmp_path, text, "ci_symmetry", "11.1 (").verdict == "not_testable"
    assert row(tmp_path, text, "ci_symmetry", "1.86 (").verdict == "consistent"  # the HR column: log scale


def test_a_difference_of_percentages_beside_a_ratio_in_a_note(tmp_path):
    # PMC3704267's Table 4: 'Yes | 95/513/(18.5) | 13/518(2.5) | 16.0(12.7-20.5)' under 'Difference (95% CI)', OR in
    # the notes: a difference of two proportions (asymmetric score interval), not an OR; a mean difference of the
    # same table is tested on the linear scale
    text = ("Table 4\nAbstinence\nVariables | Cessation (n= 1377) | Control (n= 1230) | Difference (95% CI)\n"
            "Yes | 95/513 (18.5) | 13/518 (2.5) | 16.0 (12.7-20.5)\nScore | 12.1 (3.2) | 10.0 (3.0) | 2.1 (0.3-3.9)\n\n"
            "OR, odds ratio.\n")
    assert row(tmp_path, text, "ci_symmetry", "16.0 (").verdict == "not_testable"
    assert row(tmp_path, text, "ci_symmetry", "2.1 (").verdict == "consistent"


def test_a_percentage_printed_with_its_estimate_beats_fold_in_the_sentence(tmp_path):
    # PMC3018908: 'the OS rate was 3-fold higher for 10 µM trabedersen (40%, 95% CI: 6–74) compared with ...'
    text = "At 2 years, the OS was 3-fold higher for 10 µM drug ({est}, 95% CI: 6–74) compared with control.\n"
    assert row(tmp_path, text.format(est="40%"), "ci_symmetry", "40 (", "a.txt").verdict == "not_testable"
    r = row(tmp_path, text.format(est="40"), "ci_symmetry", "40 (", "b.txt")  # no '%': fold gives the log scale
    assert r.verdict == "inconsistent" and "log" in r.explanation


# ----------------------------------------------------------------------------------------- which number is the estimate

def test_a_ci_after_two_compared_numbers_is_the_differences():
    # PMC4164149: 'fetal cardiac activity (42.6 versus 46.4%; 95% CI −10.8, 3.2)'
    assert estimates("with fetal cardiac activity (42.6 versus 46.4%; 95% CI −10.8, 3.2) in the two arms") == []
    assert estimates("hunger improved (−5.2 vs. 2.9; 95% CI, 0.9 to 7.6) (Table 3)") == []  # PMC5729492
    assert estimates("activity (difference −3.8%; 95% CI −10.8, 3.2) in the two arms") == [("−3.8", "−10.8", "3.2")]


def test_the_denominator_of_a_fraction_is_no_estimate():
    # PMC5573922: 'SVR12 was achieved in 100% (6/6, 95% confidence interval 61‐100)'; '92% (46/50, 95% CI 81‐97)'
    assert estimates("SVR12 was achieved in 100% (6/6, 95% confidence interval 61‐100) of patients") == [
        ("100", "61", "100")]
    assert estimates("SVR12 was achieved in 92% (46/50, 95% CI 81‐97) of patients") == [("92", "81", "97")]
    # PMC3994324: 'a mean score of 14.47/17 (CI, 13.85, 15.0)': no percentage before the fraction, no estimate
    assert estimates("with a mean score of 14.47/17 (CI, 13.85, 15.0) compared with") == []
    assert estimates("a mean score of 14.47 (CI, 13.85, 15.0) compared with") == [("14.47", "13.85", "15.0")]


# ----------------------------------------------------------------------------------------- P values

def test_a_stray_space_in_a_p_is_no_p_of_zero():
    # PMC1794491 'P = 0. 42', PMC3108651 'P = 0 .015', PMC1626393 'p = 0. 003'
    def ps(text):
        return [e["p"] for e in extract_text(text).entries if e["kind"] == "p_value"]

    assert ps("AUC was 110 versus 140 (P = 0. 42) at 1 kcal/min.") == []
    assert ps("anaemia increased by 12.8% (P = 0 .015 versus before).") == []
    assert ps("anaemia increased by 12.8% (P = 0.000 versus before).") == ["0.000"]
    assert ps("no difference (P = 0.05). 42 patients completed the study.") == ["0.05"]


def test_fishers_exact_test_named_in_the_methods(tmp_path):
    # PMC3009979: 'chi-square Fisher exact tests for categorical data'; 'ruptured membranes (OR 3.7, 95% CI: 0.99-13.7,
    # p = 0.07)' (Fisher 0.070, Wald 0.051); 'OR 0.13, 95% CI: 0.03-0.65, p = 0.06' (the table's 0.006: a misprint)
    methods = "We used chi-square Fisher exact tests for categorical data.\n"
    first = "Risk factors were ruptured membranes (OR 3.7, 95% CI: 0.99-13.7, p = 0.07) and others.\n"
    assert row(tmp_path, methods + first, "p_against_ci", "P = 0.07", "a.txt").verdict == "not_testable"
    assert row(tmp_path, first, "p_against_ci", "P = 0.07", "b.txt").verdict == "inconsistent"  # no Fisher named
    second = "General anesthesia appeared protective (OR 0.13, 95% CI: 0.03-0.65, p = 0.06).\n"
    assert row(tmp_path, methods + second, "p_against_ci", "P = 0.06", "c.txt").verdict == "inconsistent"


def test_a_p_beside_a_c_index_compares_two(tmp_path):
    # PMC5610004: 'the C-index of our nomogram (0.65; 95%CI, 0.61-0.69) was also higher than that of TNM staging
    # diagnosis (0.63; 95%CI, 0.59-0.67; P = 0.39)'
    text = ("Using the validation cohort, the C-index of our nomogram (0.65; 95%CI, 0.61-0.69) was also higher than "
            "that of TNM staging diagnosis (0.63; 95%CI, 0.59-0.67; P = 0.39).\n")
    assert row(tmp_path, text, "p_against_ci", "P = 0.39", "a.txt").verdict == "not_testable"
    # PMC4322313: a C-statistic named earlier in the sentence does not make the NRI after it a C-index
    text = ("For ICE, the C-statistics improved from 0.65 to 0.68 (p<0.05), and continuous NRI improved by 0.26 "
            "(95% CI 0.02 to 0.39, p = 0.03), when adding hsCRP.\n")
    assert row(tmp_path, text, "ci_symmetry", "0.26 (", "b.txt").verdict == "inconsistent"


# ----------------------------------------------------------------------------------------- which n

def test_a_sample_size_calculation_gives_no_arm_its_n():
    # PMC3308108: 'Accepting an α risk of 0.05 and P = 80% in a bilateral contrast, we needed 55 patients in each
    # group' (planned); its table's arms had 57, 56 and 55: GRIM took 55 for every column (12 false alarms)
    table = "\n\nTable 2\nOutcomes\n | CBT | TAU\nPCS total | 24.79 (9.1) | 31.23 (8.2)\n\nValues are mean (SD).\n"
    planned = "Accepting an α risk of 0.05 and P = 80% in a bilateral contrast, we needed 55 patients in each group."
    means = [e for e in extract_text(planned + table).entries if e["kind"] == "mean_sd"]
    assert means and all("n" not in e for e in means)
    printed = "In all, 55 patients in each group were randomised and analysed."
    means = [e for e in extract_text(printed + table).entries if e["kind"] == "mean_sd"]
    assert means and all(e.get("n") == "55" for e in means)
