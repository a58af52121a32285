"""The causes of ei_s10's percentage and P false alarms (issue 16; benchmarks/adjudication/ei_s10.csv), each as the
printed form it was seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must
leave alone.

A: a k/n beside a percentage where k is a mean count, printed rounded; B: a column mixing its header's n with the arm's
size printed elsewhere (randomised against followed up); C: a decimal comma broken by a space is no P of zero; D: two
n rows under one label pair with a variable's two lines; E: a P in a table cell copied from the cell before it is one
print.
"""

from __future__ import annotations

from analysis import extract_text
from printed_forms import flagged


def test_a_mean_count_is_rounded(tmp_path):
    # PMC4867750: 'the average ... completion by parent was 85.4% (34/40) of modules'; 34.16/40 = 85.4%
    s = "Across all six modules, the {} completion by parent was 85.4% (34/40) of modules."
    assert flagged(tmp_path, s.format("average"), "percent_denominator") == []
    # its abstract prints the same fraction with a decimal numerator
    t = "Completion was 85.4% (34.2/40) overall. " + s.format("overall")
    assert flagged(tmp_path, t, "percent_denominator") == []
    # no average named: a count; and a percentage even k's rounding does not give stays an error
    assert [r[2] for r in flagged(tmp_path, s.format("overall"), "percent_denominator")] == ["error"]
    u = "Across all six modules, the average completion by parent was 87.4% (34/40) of modules."
    assert [r[2] for r in flagged(tmp_path, u, "percent_denominator")] == ["error"]


TABLE2 = (
    "Participants were randomly assigned to either the intervention (n = 41) or the control group (n = {}).\n\n"
    "Table 1 Characteristics\n\nCharacteristic | Intervention (n = 41) | Control (n = 39) | P\n"
    "Vaginal intercourse [n (%)] | 21 (51.2) | 17 (43.6) | 0.5\nEver pregnant [n (%)] | 8 (19.5) | 8 (20.0) | 0.1\n"
    "Currently using hormonal contraception [n (%)] | 19 (46.3) | 17 (42.5) | 0.8\n"
    "Condom use [n (%)] | 28 (68.3) | 32 (80.0) | 0.2\nInjectable use [n (%)] | 6 (14.6) | 9 (22.5) | 0.3\n\nNotes follow.\n"
)


def test_a_column_of_the_arm_size_printed_elsewhere(tmp_path):
    # PMC1868022 Table 1: the control column is headed n = 39 (followed up) and prints 9 (22.5), 8 (20.0), 17 (42.5),
    # 32 (80.0): shares of the 40 randomised, 'the control group (n = 40)' in the text
    assert flagged(tmp_path, TABLE2.format(40), "percent_denominator") == []
    # the same column when the text prints no arm of 40: 22.5% only a larger n than the column's gives stays flagged
    assert "22.5%" in [r[0] for r in flagged(tmp_path, TABLE2.format(39), "percent_denominator")]
    # nor when 40 is the other column's N: shares copied from the next arm (PMC3491047's 22 (28%) of 69, 22/79)
    other = TABLE2.format(40).replace("Control (n = 39) | P", "Control (n = 39) | Usual care (n = 40) | P")
    for cells in ("17 (43.6) |", "8 (20.0) |", "17 (42.5) |", "32 (80.0) |", "9 (22.5) |"):
        other = other.replace(cells, f"{cells} {cells}")
    assert "22.5%" in [r[0] for r in flagged(tmp_path, other, "percent_denominator")]


def test_a_decimal_comma_broken_by_a_space_is_no_p_of_zero(tmp_path):
    # PMC5172614: 'by 1.66 (p = 0.0298) and 3.08 (p = 0, 0130), respectively' and 'RR = 2.44 (p = 0, 0003)'
    s = "risk increased by 1.66 (p = 0.0298) and 3.08 (p = {}), respectively."
    assert flagged(tmp_path, s.format("0, 0130"), "p_zero") == []
    assert flagged(tmp_path, "RR = 2.44 (p = 0, 0003) for the group.", "p_zero") == []
    # a P printed as 0, then a comma and a CI or the end of the bracket, is a P of zero
    assert flagged(tmp_path, s.format("0"), "p_zero")
    assert flagged(tmp_path, "risk increased by 3.08 (p = 0, 95% CI 1.2 to 4.1).", "p_zero")


TABLE3 = (
    "Table 1 Baseline characteristics\n\n | D2 daily | D3 daily | D2/D3 daily | D2 2-weekly | D3 2-weekly | D2 4-weekly | "
    "D3 4-weekly | Placebo daily\nNumber | 28 | 31 | 33 | 26 | 30 | 27 | 25 | 29\nNumber | 35 | 34 | 35 | 32 | 35 | 33 | 32 | 33\n"
    "Male, number (%) | 13 (46) | 13 (42) | 15 (45) | 12 (46) | 13 (43) | 11 (41) | 10 (40) | 13 (45)\n"
    "Male, number (%) | 14 ({}) | 14 (41) | 14 (40) | 14 (44) | 14 (40) | 13 (39) | 14 (44) | 13 (39)\n\nNotes follow.\n"
)


def test_two_n_rows_pair_with_two_lines_of_a_variable(tmp_path):
    # PMC5324269 Table 1: two populations, 'Number | 28 ...' over 'Number | 35 ...' and each variable on two lines;
    # the second line's 14 (40) is 14/35, not 14/28
    draft = extract_text(TABLE3.format(40))
    assert [e["n"] for e in draft.to_dict()["entries"] if e.get("fragment") == "14 (40)"] == ["35", "35", "35"]
    assert flagged(tmp_path, TABLE3.format(40), "percent_denominator") == []
    # a second line no n gives stays flagged (14/35 = 40.0%, 14/14 = 100%)
    assert [r[0] for r in flagged(tmp_path, TABLE3.format(95), "percent_denominator")] == ["95%"]


def test_one_p_print_read_again_is_one_row(tmp_path):
    # PMC2778511 Table 2: a header cell spanning the columns, 'Appreciation of information *P-value=0.00', its text in
    # each of four columns: one print, one p_zero row
    row = " | ".join(["Appreciation of information *P-value=0.00"] * 4)
    t = f"Table 2\n\n | One-time | Opt-out plus | Control\n{row}\nI was well informed | 82% | 65% | 27%\n\nNotes.\n"
    assert len(flagged(tmp_path, t, "p_zero")) == 1
    # two prints of P = 0.00 with other words around them stay two findings
    s = "Information was appreciated (P-value=0.00) and the consent was preferred by most (P-value=0.00)."
    assert len(flagged(tmp_path, s, "p_zero")) == 2
