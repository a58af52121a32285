"""which_ci_method: which standard method reproduces a printed CI (issue 4, item 7).
Printed bounds are R's values (tests/reference/r_reference_values.tsv) rounded as a paper would print them."""
import pytest

from analysis.consistency import which_ci_method

COUNTS = (91, 336, 60, 340)                       # b.91_336_vs_60_340 (ESCAPE-TRD arm sizes)
MEANS = (20.3, 11.5, 30, 30.6, 6.1, 30)           # d.P1


def test_newcombe_alone_at_three_decimals():
    # R: newcombe 0.03157-0.15640 -> "0.032"/"0.156"; wald 0.03191-0.15681 -> upper "0.157";
    # agresti_caffo 0.03140-0.15626 -> lower "0.031": only Newcombe prints as 0.032 to 0.156
    chk = which_ci_method("0.032", "0.156", counts=COUNTS)
    assert chk.verdict == "consistent" and chk.details["reproducing"] == ["newcombe"]


def test_wald_alone():
    # R: wald 0.031914-0.156811 -> "0.032"/"0.157"
    assert which_ci_method("0.032", "0.157", counts=COUNTS).details["reproducing"] == ["wald"]


def test_student_vs_welch_at_two_decimals():
    # R d.P1.pooled.ci_diff -15.0575/-5.5425 -> "-15.06"/"-5.54"; welch -15.0895/-5.5105 -> "-15.09"/"-5.51"
    assert which_ci_method("-15.06", "-5.54", means=MEANS).details["reproducing"] == ["student"]
    assert which_ci_method("-15.09", "-5.51", means=MEANS).details["reproducing"] == ["welch"]


def test_both_at_one_decimal():
    # at one decimal both print as -15.1 to -5.5: both reported, no false choice
    assert which_ci_method("-15.1", "-5.5", means=MEANS).details["reproducing"] == ["student", "welch"]


def test_none_reproduces():
    chk = which_ci_method("0.040", "0.150", counts=COUNTS)
    assert chk.verdict == "inconsistent" and "no standard method" in chk.explanation


def test_needs_exactly_one_input():
    with pytest.raises(ValueError, match="exactly one"):
        which_ci_method("0.1", "0.2")
