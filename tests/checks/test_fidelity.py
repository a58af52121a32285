"""analysis.checks.fidelity: a secondary's numbers, definitions and denominators against the primary
publication (issue 12, item 4). Both sides of every boundary, the arithmetic done here in exact
fractions: a printed "x" with d decimals stands for [x - 1/(2*10^d), x + 1/(2*10^d)], ends included."""
from __future__ import annotations

from fractions import Fraction

import pytest

from analysis.checks.fidelity import check_denominator_fidelity, check_fidelity, fidelity_not_found


def interval(printed: str) -> tuple[Fraction, Fraction]:
    d = len(printed.partition(".")[2])
    x, half = Fraction(printed), Fraction(1, 2 * 10 ** d)
    return x - half, x + half


def overlap(a: str, b: str) -> bool:
    (al, ah), (bl, bh) = interval(a), interval(b)
    return max(al, bl) <= min(ah, bh)


# --- one printed number against another: rounding intervals must overlap -------------------------

def test_equal_prints_agree():
    assert overlap("55.4", "55.4")
    assert check_fidelity({"percent": "55.4"}, {"percent": "55.4"}, definition="response").verdict == "consistent"


def test_adjacent_prints_share_an_edge_and_agree():
    # 55.4 stands for [55.35, 55.45], 55.5 for [55.45, 55.55]: 55.45 prints as either
    assert interval("55.4")[1] == interval("55.5")[0] == Fraction("55.45")
    assert check_fidelity({"percent": "55.5"}, {"percent": "55.4"}, definition="response").verdict == "consistent"


def test_prints_two_units_apart_differ():
    # 55.6 stands for [55.55, 55.65]: no value prints as both 55.4 and 55.6
    assert not overlap("55.6", "55.4")
    c = check_fidelity({"percent": "55.6"}, {"percent": "55.4"}, definition="response")
    assert c.verdict == "inconsistent"
    assert c.explanation.startswith("The primary prints another number for the same quantity")


def test_secondary_rounding_the_primary_further_agrees():
    # a secondary "55" ([54.5, 55.5]) may round the primary's 55.4
    assert overlap("55", "55.4")
    assert check_fidelity({"percent": "55"}, {"percent": "55.4"}, definition="response").verdict == "consistent"
    assert not overlap("56", "55.4")
    assert check_fidelity({"percent": "56"}, {"percent": "55.4"}, definition="response").verdict == "inconsistent"


# --- a percentage against the primary's count and denominator -------------------------------------

def test_count_over_n_that_prints_as_the_percentage():
    # ESCAPE-TRD: 91/336 = 27.083...% lies in [27.05, 27.15]
    lo, hi = interval("27.1")
    assert lo <= Fraction(100 * 91, 336) <= hi
    c = check_fidelity({"percent": "27.1"}, {"percent": "27.1"}, k="91", n="336", definition="remission")
    assert c.verdict == "consistent"
    assert "91/336 = 27.08%" in c.explanation


def test_count_over_n_that_does_not_print_as_the_percentage():
    # a secondary 27.0 ([26.95, 27.05]) touches the primary's 27.1 at 27.05, but 91/336 = 27.083 is outside it
    assert overlap("27.0", "27.1")
    lo, hi = interval("27.0")
    assert not lo <= Fraction(100 * 91, 336) <= hi
    c = check_fidelity({"percent": "27.0"}, {"percent": "27.1"}, k="91", n="336", definition="remission")
    assert c.verdict == "inconsistent"
    assert "does not print as 27.0" in c.explanation


def test_denominator_names_the_only_count():
    # ELEKT-D: of 195 only 108 prints as 55.4 (107/195 = 54.87, 109/195 = 55.90)
    lo, hi = interval("55.4")
    assert [k for k in range(196) if lo <= Fraction(100 * k, 195) <= hi] == [108]
    c = check_fidelity({"percent": "55.4"}, {"percent": "55.4"}, n="195", definition="response")
    assert "108/195 = 55.38%" in c.explanation


# --- a count against a share printed by the primary ------------------------------------------------

@pytest.mark.parametrize("count, verdict", [("11", "inconsistent"), ("12", "consistent"), ("13", "inconsistent")])
def test_count_against_printed_share(count, verdict):
    # Fitzgerald: "67%" of 18 stands for [66.5, 67.5]; 11/18 = 61.1, 12/18 = 66.7, 13/18 = 72.2
    lo, hi = interval("67")
    assert (lo <= Fraction(100 * int(count), 18) <= hi) == (verdict == "consistent")
    assert check_fidelity({"n": count}, {"n": "67%"}, n="18", definition="on ketamine").verdict == verdict


# --- a total the primary prints only by its parts ---------------------------------------------------

@pytest.mark.parametrize("total, verdict", [("675", "inconsistent"), ("676", "consistent"), ("677", "inconsistent")])
def test_total_against_parts(total, verdict):
    assert (336 + 340 == int(total)) == (verdict == "consistent")
    assert check_fidelity({"n": total}, {"n": ["336", "340"]}, definition="randomised").verdict == verdict


def test_counts_are_exact_not_rounded():
    # "two" and "Three" are counts: 2 != 3 even though 2.5 would round to either
    c = check_fidelity({"k": "two"}, {"k": "Three"}, n="three", definition="improved")
    assert c.verdict == "inconsistent"
    assert check_fidelity({"value": "six"}, {"value": "Six"}, definition="trials").verdict == "consistent"


# --- definitions, arms, absent numbers ------------------------------------------------------------

def test_same_number_other_definition_is_inconsistent():
    c = check_fidelity({"percent": "21.7"}, {"percent": "21.7"}, n="336", label="relapse",
                       definition="remission at week 8 and no relapse through week 32", definition_matches=False)
    assert c.verdict == "inconsistent"
    assert "remission at week 8 and no relapse through week 32" in c.explanation
    assert "'relapse'" in c.explanation


def test_other_number_other_definition_is_not_testable():
    c = check_fidelity({"k": "two"}, {"k": "Three"}, n="three", label="notable improvement",
                       definition="minimal improvements", definition_matches=False)
    assert c.verdict == "not_testable"


def test_swapped_arms_are_inconsistent_even_when_the_number_agrees():
    c = check_fidelity({"percent": "21.7"}, {"percent": "21.7"}, definition="x",
                       secondary_arm="quetiapine", primary_arm="esketamine")
    assert c.verdict == "inconsistent"
    assert c.explanation.startswith("Arms swapped")
    same = check_fidelity({"percent": "21.7"}, {"percent": "21.7"}, definition="x",
                          secondary_arm="esketamine", primary_arm="esketamine")
    assert same.verdict == "consistent"


def test_numbers_the_secondary_omits_are_listed_not_compared():
    c = check_fidelity({"margin": None}, {"margin": "-10"}, definition="noninferiority margin")
    assert c.verdict == "not_testable"
    assert "margin -10" in c.explanation


def test_derived_difference_against_printed_difference():
    # 55.4 - 41.2: [55.35 - 41.25, 55.45 - 41.15] = [14.1, 14.3] contains the primary's 14.2 ([14.15, 14.25])
    lo = Fraction("55.35") - Fraction("41.25")
    hi = Fraction("55.45") - Fraction("41.15")
    assert (lo, hi) == (Fraction("14.1"), Fraction("14.3"))
    ok = check_fidelity({"estimate": (float(lo), float(hi), "55.4 − 41.2")}, {"estimate": "14.2"}, definition="d")
    assert ok.verdict == "consistent"
    # [14.1, 14.3] does not reach a printed 14.4 ([14.35, 14.45])
    bad = check_fidelity({"estimate": (float(lo), float(hi), "55.4 − 41.2")}, {"estimate": "14.4"}, definition="d")
    assert bad.verdict == "inconsistent"


@pytest.mark.parametrize("low, high, verdict, words", [
    ("5", "10", "consistent", "agrees"),
    # issue 18 item 3: inside 5-10 holds only if 5-10 is the eligible range; unsaid, both readings are given
    ("9", "10", "not_testable", "if 5–10 is the eligible (or possible) range, both hold"),
    ("6", "9", "not_testable", "some participant was 5 and one 10"),
    ("4", "10", "inconsistent", "not inside"),          # 4 < 5
    ("9", "11", "inconsistent", "not inside"),          # 11 > 10
])
def test_ranges(low, high, verdict, words):
    c = check_fidelity({"low": low, "high": high}, {"low": "5", "high": "10"}, definition="ages")
    assert c.verdict == verdict
    assert words in c.explanation


@pytest.mark.parametrize("range_kind, verdict, words", [
    ("eligibility", "consistent", "eligibility range"),  # the registry's eligible ages: both hold
    ("possible", "consistent", "possible range"),        # a scale's 0-60: any narrower range fits
    ("actual", "inconsistent", "some participant was 5, outside 9–10"),
    (None, "not_testable", "Two readings"),
])
def test_inner_range_by_what_the_outer_range_is(range_kind, verdict, words):
    """The Rett case: the news prints 9-10 for the three girls, the primary's abstract 5-10."""
    c = check_fidelity({"low": "9", "high": "10"}, {"low": "5", "high": "10"}, definition="ages",
                       range_kind=range_kind)
    assert c.verdict == verdict and words in c.explanation


# --- denominators ---------------------------------------------------------------------------------

def test_denominators_that_add_up():
    assert 336 + 340 == 676
    assert check_denominator_fidelity("676", ["336", "340"]).verdict == "consistent"


def test_denominators_of_another_analysis_set():
    # ELEKT-D: 403 randomised, the percentages are of 195 + 170 = 365 treated, 38 fewer
    assert 403 - (195 + 170) == 38
    c = check_denominator_fidelity("403", ["195", "170"], what="55.4% and 41.2%")
    assert c.verdict == "inconsistent"
    assert "365" in c.explanation and "38 fewer" in c.explanation


def test_not_found_is_listed_never_guessed():
    c = fidelity_not_found("pooled SMD", "cut before the number")
    assert (c.verdict, c.check) == ("not_testable", "fidelity")
    assert "cut before the number" in c.explanation


def test_hostile_input_is_refused_with_the_value():
    with pytest.raises(ValueError, match="not a printed number"):
        check_fidelity({"percent": "55.4<script>"}, {"percent": "55.4"}, definition="x")
