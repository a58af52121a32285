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

