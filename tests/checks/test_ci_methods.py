"""which_ci_method: which standard method reproduces a printed CI (issue 4, item 7).
Printed bounds are R's values (tests/reference/r_reference_values.tsv, ``rref``) formatted here as a paper
would print them, so they cannot drift from the reference values."""
import pytest

from analysis.checks.ci_methods import which_ci_method

COUNTS = (91, 336, 60, 340)                       # b.91_336_vs_60_340 (ESCAPE-TRD arm sizes)
MEANS = (20.3, 11.5, 30, 30.6, 6.1, 30)           # d.P1
B = "b.91_336_vs_60_340"


def printed(rref, name, decimals):
    """R's ``name`` rounded to ``decimals`` as a paper prints it, e.g. "0.032"."""
    return f"{rref[name]:.{decimals}f}"


def test_newcombe_alone_at_three_decimals(rref):
    # R: newcombe 0.03157-0.15640 -> "0.032"/"0.156"; wald 0.03191-0.15681 -> upper "0.157";
    # agresti_caffo 0.03140-0.15626 -> lower "0.031": only Newcombe prints as 0.032 to 0.156
    lo, hi = printed(rref, f"{B}.newcombe.lo", 3), printed(rref, f"{B}.newcombe.hi", 3)
    assert (lo, hi) == ("0.032", "0.156")
    assert printed(rref, f"{B}.wald.hi", 3) != hi and printed(rref, f"{B}.agresti_caffo.lo", 3) != lo
    chk = which_ci_method(lo, hi, counts=COUNTS)
    assert chk.verdict == "consistent" and chk.details["reproducing"] == ["newcombe"]


def test_wald_alone(rref):
    # R: wald 0.031914-0.156811 -> "0.032"/"0.157"
    lo, hi = printed(rref, f"{B}.wald.lo", 3), printed(rref, f"{B}.wald.hi", 3)
    assert (lo, hi) == ("0.032", "0.157")
    assert which_ci_method(lo, hi, counts=COUNTS).details["reproducing"] == ["wald"]


def test_student_vs_welch_at_two_decimals(rref):
    # R d.P1.pooled.ci_diff -15.0575/-5.5425 -> "-15.06"/"-5.54"; welch -15.0895/-5.5105 -> "-15.09"/"-5.51"
    student = printed(rref, "d.P1.pooled.ci_diff.lo", 2), printed(rref, "d.P1.pooled.ci_diff.hi", 2)
    welch = printed(rref, "d.P1.welch.ci_diff.lo", 2), printed(rref, "d.P1.welch.ci_diff.hi", 2)
    assert student == ("-15.06", "-5.54") and welch == ("-15.09", "-5.51")
    assert which_ci_method(*student, means=MEANS).details["reproducing"] == ["student"]
    assert which_ci_method(*welch, means=MEANS).details["reproducing"] == ["welch"]


def test_both_at_one_decimal(rref):
    # at one decimal both print as -15.1 to -5.5: both reported, no false choice
    student = printed(rref, "d.P1.pooled.ci_diff.lo", 1), printed(rref, "d.P1.pooled.ci_diff.hi", 1)
    welch = printed(rref, "d.P1.welch.ci_diff.lo", 1), printed(rref, "d.P1.welch.ci_diff.hi", 1)
    assert student == welch == ("-15.1", "-5.5")
    assert which_ci_method(*student, means=MEANS).details["reproducing"] == ["student", "welch"]


def test_none_reproduces(rref):
    # R's lower limits of every method (newcombe, wald, agresti_caffo) lie in 0.0314-0.0319, none prints as
    # 0.040 (nor any upper limit, 0.1563-0.1568, as 0.150)
    for m in ("newcombe", "wald", "agresti_caffo"):
        assert printed(rref, f"{B}.{m}.lo", 3) != "0.040" and printed(rref, f"{B}.{m}.hi", 3) != "0.150"
    chk = which_ci_method("0.040", "0.150", counts=COUNTS)
    assert chk.verdict == "inconsistent" and "no standard method" in chk.explanation


def test_needs_exactly_one_input():
    with pytest.raises(ValueError, match="exactly one"):
        which_ci_method("0.1", "0.2")
