"""A check that fails for most of what it tests in one table column, or in the running text, says the reading is wrong
(analysis/auditing/systematic.py; issue 16, session 13). The judged sets' untuned top-grade false alarms came in such
clusters: PMC4472939 (40 shares of one table, every one failing against the n it was divided by), PMC5771895 (21, an
n column taken for each arm's base), PMC3499555 (20, a 'Missed %' column over the true positives plus false
negatives, divided by the row's number tested), PMC5412886 (11 P values of one column read as estimates),
PMC4917725 ('.001 (0.02 to 0.09)': P values printed before CIs). Each form here beside the close form with one
misprint, which stays at the top grade.
"""

from __future__ import annotations

from printed_forms import flagged

from analysis.auditing.systematic import MIN_TESTED, SHARE, place

# PMC3499555's layout (Table 5): a 'Missed %' column whose base the header does not name
_MISSED = (
    "Table 5 Clinical efficiency.\n\n"
    "Test | Age | Number | Sensitivity(TP) | Missed % (FN) | Note\n"
    "CLART2 | <25 | 140 | 87.5 (21) | {} | a\nCLART2 | 25-30 | 410 | 84.0 (63) | {} | b\n"
    "CLART2 | >30 | 833 | 81.2 (124) | {} | c\nHC2 | all | 1383 | 83.0 (208) | {} | d\n\nNotes follow.\n"
)


def test_a_column_whose_every_share_fails_its_n_is_doubtful_not_impossible(tmp_path):
    rows = flagged(
        tmp_path, _MISSED.format("12.5% (3)", "16.0% (12)", "12.5% (12)", "17.0% (43)"), "percent_denominator"
    )
    # 3/140 = 2.1%, 12/410 = 2.9%, 12/833 = 1.4%, 43/1383 = 3.1%: four misprints, or a base other than 'Number'
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("12.5%", "3/140", "likely"),
        ("16.0%", "12/410", "likely"),
        ("12.5%", "12/833", "likely"),
        ("17.0%", "43/1383", "likely"),
    ]


def test_one_failing_share_of_a_column_stays_an_error(tmp_path):
    # 3/140 = 2.14 -> 2.1%, 12/410 = 2.93 -> 2.9%, 43/1383 = 3.11 -> 3.1%; 12/833 = 1.44%, not 12.5%
    rows = flagged(tmp_path, _MISSED.format("2.1% (3)", "2.9% (12)", "12.5% (12)", "3.1% (43)"), "percent_denominator")
    assert rows == [["12.5%", "12/833", "error"]]


def test_the_demoted_row_says_which_reading_it_rests_on(tmp_path):
    from analysis import scan

    p = tmp_path / "paper.txt"
    p.write_text(_MISSED.format("12.5% (3)", "16.0% (12)", "12.5% (12)", "17.0% (43)"), encoding="utf-8")
    f = scan([str(p)], progress=False).to_frame()
    row = f[f.verdict == "inconsistent"].iloc[0]
    assert "4 of the 4 tested there do not fit it" in row["assumptions"]
    assert row["explanation"].startswith(
        "If the n used is the base of the percentages of table 5 | column: Missed % (FN)"
    )


# PMC4917725's form: P values printed where an estimate stands before a CI
_TEXT = (
    "Pain fell more with drug than placebo (difference {}, 95% CI 0.02 to 0.09). Sleep improved (difference {}, "
    "95% CI 0.10 to 0.58). Mood improved (difference {}, 95% CI 0.06 to 0.38).\n"
)


def test_estimates_of_the_running_text_all_outside_their_cis_are_doubtful(tmp_path):
    rows = flagged(tmp_path, _TEXT.format(".001", ".005", ".008"), "estimate_in_ci")
    assert [r[2] for r in rows] == ["likely"] * 3


def test_one_estimate_outside_its_ci_among_three_stays_an_error(tmp_path):
    # 0.05 in 0.02-0.09, 0.34 in 0.10-0.58; 0.008 below 0.06
    assert flagged(tmp_path, _TEXT.format("0.05", "0.34", "0.008"), "estimate_in_ci") == [
        ["0.008 (0.06 to 0.38)", "outside", "error"]
    ]


def test_two_of_two_are_too_few_to_doubt_the_reading(tmp_path):
    # PMC5289293 (ei_s8, judged real): two estimates of one paragraph, each below its CI
    text = "Scores rose (mean 0.29, 95% CI 0.38 to 0.53) and fell (mean 0.45, 95% CI 0.48 to 0.63).\n"
    assert MIN_TESTED == 3 and SHARE == 0.75
    assert [r[2] for r in flagged(tmp_path, text, "estimate_in_ci")] == ["error", "error"]


def test_place_is_a_tables_column_or_the_running_text():
    assert place("table 2 | row: Nausea | column: Placebo (n = 40)") == "table 2 | column: Placebo (n = 40)"
    assert place("table 2 | row: Nausea") == "table 2"
    assert place("sentence") == place("") == "running text"


def test_truncated_shares_do_not_make_a_real_error_doubtful(tmp_path):
    # 13/140 = 9.29% printed 9.2% and 22/410 = 5.37% printed 5.3% are truncations (grade rounding), 43/1383 = 3.11%
    # fits; 12/833 = 1.44%, not 12.5%: one real error among four, however many rows the column flags
    rows = flagged(tmp_path, _MISSED.format("9.2% (13)", "5.3% (22)", "12.5% (12)", "3.1% (43)"), "percent_denominator")
    assert sorted(r[2] for r in rows) == ["error", "rounding", "rounding"]
