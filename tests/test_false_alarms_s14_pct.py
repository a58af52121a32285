"""The causes of ei_s14's false alarms assigned to s14pct (issue 16; benchmarks/adjudication/ei_s14.csv), each as the
printed form it was seen in (the PMC id says where; numbers and short fragments only) beside a close form that must
stay flagged.

A: a thousands separator printed as a narrow space read as the end of a number; B: a column header giving two sizes
(men and women) read as one base; C: an N column of counts beside their shares of its total read as each row's base;
D: a row with missing answers in two arms; E: one result printed at two precisions read as a copied CI.
"""

from __future__ import annotations

from printed_forms import estimates, flagged

from analysis.extraction.estimates import find_estimates
from analysis.extraction.normalisation import thousands_spaces
from analysis.extraction.tokens import shadow

# A (PMC4431324: a cost difference with its CI, the upper bound's thousands after a four-per-em space U+2005)
_A = "Costs: a difference of \u20ac{} (95% CI \u22123986 to 11\u2005850) between arms.\n"


def test_a_narrow_space_between_digit_groups_is_one_number(tmp_path):
    assert flagged(tmp_path, _A.format("3961"), "estimate_in_ci") == []


def test_an_estimate_outside_the_whole_number_stays_flagged(tmp_path):
    assert len(flagged(tmp_path, _A.format("13\u2005961"), "estimate_in_ci")) == 1


def test_two_numbers_side_by_side_with_plain_spaces_stay_two():
    s = "scores were 12 345 and 7 100 in turn; | 2 500 | (n = 1 200)"
    read = thousands_spaces(s, shadow(s))[1]
    assert read[:28] == s[:28] and read.endswith("| 2,500 | (n = 1 200)")


def test_a_narrow_space_thousands_upper_bound_is_read_whole():
    s = "difference 3961 (95% CI -3986 to 11\u2009850)"
    assert estimates(s) == [("3961", "-3986", "11")]  # the shadow as mapped one to one: the bound cut at the space
    found = find_estimates(*thousands_spaces(s, shadow(s)))
    assert [(f.fields["estimate"], f.fields["upper"]) for f in found] == [("3961", "11,850")]


# B (PMC5884496: 'Intervention (n = 533 men, 557 women)' over a row of women's reports, 374 (68.25%) of 548 answering)
_B = (
    "Table 4 Outcomes by sex.\n\n"
    "Outcome | Intervention ({}) | Control (n = 590 men, 605 women)\n"
    "Reported by women | 374({}%) | 400(66.12%)\n\nValues are numbers (%).\n"
)


def test_a_header_giving_two_sizes_names_no_base(tmp_path):
    assert flagged(tmp_path, _B.format("n = 533 men, 557 women", "68.25"), "percent_denominator") == []


def test_a_header_giving_one_size_stays_the_base(tmp_path):
    rows = flagged(tmp_path, _B.format("n = 533", "80.00"), "percent_denominator")
    assert [r[:2] for r in rows] == [["80.00%", "374/533"]]


# C (PMC5866927: an adverse-event table 'N | %' whose % are each row's events over the Total row's 86)
_C = (
    "Table 2 Events.\n\n"
    "Event | N | % | Probable (n) | Possible (n)\n"
    "Fever | 37 | 43% | 1 | 2\n"
    "Rash | 3 | {}% | 0 | 0\n"
    "Nausea | 26 | 30% | 0 | 8\n"
    "Cough | 11 | 13% | 0 | 0\n"
    "Dysuria | 9 | 10% | 2 | 4\n"
    "Total | 86 | 100% | 3 | 14\n\nNotes.\n"
)


def test_an_n_column_of_counts_beside_their_shares_of_the_total_is_no_base(tmp_path):
    assert flagged(tmp_path, _C.format(3), "percent_denominator") == []


def test_an_n_column_whose_percentages_are_not_shares_of_the_total_stays_the_base(tmp_path):
    assert flagged(tmp_path, _C.format(5), "percent_denominator") != []


# D (PMC4973627: a row of four arms' counts, two of them fitting a slightly smaller n than their column's)
_D = (
    "Table 1 Characteristics.\n\n"
    "Variable | A (n = 384) | B (n = 162) | C (n = 992) | D (n = 502)\n"
    "Women | 240 (63%) | 98 (60%) | 589 (59%) | 310 (62%)\n"
    "Item answered yes | {} | 119 (74%) | 754 (76%) | 383 (76%)\n\nValues are n (%).\n"
)


def test_two_cells_of_a_row_fitting_a_smaller_n_are_missing_data(tmp_path):
    assert flagged(tmp_path, _D.format("277 (73%)"), "percent_denominator") == []


def test_one_cell_of_a_row_fitting_a_smaller_n_stays_flagged(tmp_path):
    assert [r[:2] for r in flagged(tmp_path, _D.format("277 (72%)"), "percent_denominator")] == [["74%", "119/162"]]


def test_two_cells_of_a_row_each_a_double_rounding_stay_flagged(tmp_path):
    # (PMC3798206's outcome row: 9 (2.5) of 368 and 4 (1.2) of 348, each k/N rounded twice; judged real slips)
    text = (
        "Table 3 Outcomes.\n\nOutcome | Low dose (n = 368) | High dose (n = 348) | Control (n = 350)\n"
        "Any event, n (%) | 40 (10.9) | 38 (10.9) | 35 (10.0)\nDeath, n (%) | 9 (2.5) | 4 (1.2) | 7 (2.0)\n\nNotes.\n"
    )
    assert flagged(tmp_path, text, "percent_denominator") == [
        ["2.5%", "9/368", "rounding"],
        ["1.2%", "4/348", "rounding"],
    ]


def test_a_row_whose_variable_s_other_levels_are_shares_of_n_keeps_its_rounding_grade(tmp_path):
    # (PMC5372065's 9 (27%) of 34 beside its variable's 24 (71%) and 1 (3%) of 34: the smaller n is no reading there)
    text = (
        "Table 1 Baseline.\n\nVariable | A (n = 34) | B (n = 40)\nLevel, n (%) |  | \n"
        "High | 24 (71%) | 20 (50%)\nMiddle | 1 (3%) | 10 (25%)\nLow | 9 (27%) | 10 (26%)\n\nValues are n (%).\n"
    )
    assert ["27%", "9/34", "rounding"] in flagged(tmp_path, text, "percent_denominator")


# E (PMC5817800: a closure rate, 11/12, printed '91.6%' in the abstract and '91.67%' in the results, one CI both times)
_E = "Summary: success in {}% (95% CI 61.52-99.79%).\n\nFindings: success in 91.67% (95% CI 61.52-99.79%).\n"


def test_one_result_printed_at_two_precisions_is_one_result(tmp_path):
    assert flagged(tmp_path, _E.format("91.6"), "same_result") == []


def test_two_estimates_no_cut_makes_alike_stay_flagged(tmp_path):
    assert len(flagged(tmp_path, _E.format("91.5"), "same_result")) == 1


def test_the_group_anchors_are_found_where_the_lookbehind_pattern_finds_them():
    """The anchors of spaced thousands (a narrow space, or a plain space after a digit, before three digits) are found
    by literal-led patterns for speed (issue 22); on random strings of the characters that matter they are the offsets
    of the one pattern they replace, with ``\\d`` read as ASCII digits (an Arabic-Indic digit is no digit here)."""
    import random
    import re

    from analysis.extraction import normalisation as nm
    from analysis.extraction.tokens import ascii_digits, positions

    narrow = re.compile(ascii_digits("[" + nm._NARROW + r"](?=\d{3})"))
    plain = re.compile(ascii_digits(r"(?<=\d) (?=\d{3}(?:\)|\]| \|| ?$| \d{3}))"), re.MULTILINE)
    rng = random.Random(20261207)
    for _ in range(5000):
        s = "".join(rng.choice("0123456789 |)]\u00a0\u2009\u202f\u2005\n.\u0663a") for _ in range(rng.randint(0, 40)))
        want = sorted([m.start() for m in narrow.finditer(s)] + [m.start() for m in plain.finditer(s)])
        assert sorted(positions(nm._NARROW_AT, s) + nm._plain_at(s)) == want, repr(s)
