"""The causes of ei_s11's top-grade false alarms (issue 16 item 3: rule out a misread pairing before calling a certain
check; benchmarks/adjudication/ei_s11.csv), each as the printed form it was seen in (the PMC id says where; numbers and
short fragments only) beside a close form that must stay flagged.

A: a P read as the estimate of a CI (a P label with a word or 'of' before its number, a comparator, a table column 'P
(95% CI)' under a group's header); B: an identifier, a maximum or a place read as the estimate; C: an effect size
printed before the CI of a percentage change; D: a threshold percentage beside a k of n.
"""

from __future__ import annotations

from printed_forms import estimates, flagged


# A (PMC4917725 '(P trend=.005, 95% CI 0.10-0.58)'; PMC5582692 'with a P value of 0.003 and 95% CI of −2.66 to −0.54',
# 'a P value of <0.001 and 95% CI of −2.48 to −0.72')
def test_a_p_with_words_before_its_number_is_no_estimate():
    assert estimates("mental health (P trend=.005, 95% CI 0.10-0.58), pain") == []
    assert estimates("significant, with a P value of 0.003 and 95% CI of −2.66 to −0.54.") == []
    assert estimates("equivalent, with a P value of <0.001 and 95% CI of −2.48 to −0.72.") == []
    assert estimates("in the trend (P for trend = .04, 95% CI 0.01-0.41)") == []


def test_an_estimate_before_a_ci_is_still_read_and_flagged(tmp_path):
    assert estimates("mental health (difference .005, 95% CI 0.10-0.58), pain") == [(".005", "0.10", "0.58")]
    # PMC5155233's real finding: 'a net difference of -1.1 kg (95%CI: -2.1 to -1.6 kg)'
    assert [r[2] for r in flagged(tmp_path, "a net difference of -1.1 kg (95%CI: -2.1 to -1.6 kg).", "estimate_in_ci")] == [
        "error"
    ]


# A, table (PMC4917725 Table 2: 'Intervention group (n=114)' over 'P (95% CI) (between groups b,c)', cells '.005 (0.10 to
# 0.58)'; Table 3 'P b (95% CI)')
_TABLE = (
    "Table 2 Changes in quality of life.\n\n"
    "Subscale | Control (n=111) Mean (SE) | Intervention group (n=114) {} | Note\n"
    "Pain | 1.40 (0.77) | .005 (0.10 to 0.58) | a\nVitality | 0.95 (1.01) | .03 (0.39 to 6.09) | b\n\nNotes follow.\n"
)


def test_a_column_headed_p_then_ci_under_a_group_holds_ps(tmp_path):
    assert flagged(tmp_path, _TABLE.format("P (95% CI) (between groups b,c)"), "estimate_in_ci") == []
    assert flagged(tmp_path, _TABLE.format("P b (95% CI)"), "estimate_in_ci") == []
    # a column headed as a difference with its CI: the same cells are estimates outside their CIs
    assert len(flagged(tmp_path, _TABLE.format("Difference (95% CI)"), "estimate_in_ci")) == 2


# B (PMC2887499 '0.92 for reader 2 (95% CI: [0.875; 0.954]'; PMC4748685 'max = 100; 95 % CI = [73.54, 86.65]';
# PMC5407976 'increased at 13 km (90% CI: 0.11, 1.53)')
def test_an_identifier_a_maximum_or_a_place_is_no_estimate():
    assert estimates("and 0.92 for reader 2 (95% CI: [0.875; 0.954]) in all") == []
    assert estimates("(SD = 16.22; min = 37.5; max = 100; 95 % CI = [73.54, 86.65])") == []
    assert estimates("concentrations were increased at 13\u00a0km (90% CI: 0.11, 1.53) followed by") == []
    # an estimate with decimals after such a word, and a unit-bearing estimate not after 'at', are still read
    assert estimates("for reader 2 0.92 (95% CI: [0.875; 0.954]) in all") == [("0.92", "0.875", "0.954")]
    assert estimates("BM decreased 1.18 kg (90% CI: 0.94, 1.44) over") == [("1.18", "0.94", "1.44")]


# C (PMC5754420 'expression responded in SSG (ES = 0.6, CI = 5–75%': Cohen's d beside the CI of the mean % change; its
# 'ES = 0.5, CI = 46–34%' is a reversed CI, judged TRUE, and stays ci_order's finding)
def test_an_effect_size_beside_a_ci_in_percent_is_not_its_ci(tmp_path):
    assert flagged(tmp_path, "expression responded in SSG (ES = 0.6, CI = 5–75%, P < 0.05).", "estimate_in_ci") == []
    assert flagged(tmp_path, "expression responded in SSG (ES = 0.6, CI = 5–75%, P < 0.05).", "ci_symmetry") == []
    assert [r[2] for r in flagged(tmp_path, "increased in SET (ES = 0.5, CI = 46–34%, P < 0.05).", "ci_order")] == [
        "error"
    ]
    # an effect size with a CI on its own scale stays tested
    assert flagged(tmp_path, "expression responded in SSG (ES = 0.6, CI = 0.8–1.5, P < 0.05).", "estimate_in_ci")


# D (PMC3585302 'Actinobacteria was over 40% and Bacteroidetes below 1% (11 of 12)')
def test_a_threshold_percentage_is_no_share(tmp_path):
    assert flagged(tmp_path, "In one type (n = 12), Bacteroidetes were below 1% (11 of 12).", "percent_denominator") == []
    assert flagged(tmp_path, "In one type (n = 12), Bacteroidetes were present in 1% (11 of 12).", "percent_denominator")
    # a k of n keeping to the threshold ('just under 40% (18/46)', PMC5369684) is no finding; a share printed with a
    # comparator it does not keep to ('more than 32.0% (117/367)', 31.9%, PMC3757993) is still tested
    assert flagged(tmp_path, "Those who wanted to take part amounted to just under 40% (18/46) of the total.", "percent_denominator") == []
    assert flagged(tmp_path, "Further, more than 32.0% (117/367) are exposed to more.", "percent_denominator")


# E (PMC3499555 Table 5: 'Number' 140, 'Sensitivity(TP)' 87.5 (21), 'Missed % of CIN2+ (FN)' 12.5% (3): the false
# negatives over the CIN2+ cases, not over the row's 140; its row '833 ... 81.2 (124) ... 12.5% (12)' is a real error,
# 12/136 is not 12.5%, but the base the header names, TP + FN, is not printed as an n: the check cannot read it and
# does not guess; the row's n would be an assumption the header contradicts)
_BASE = (
    "Table 5 Clinical efficiency.\n\n"
    "Test | Age | Number | Sensitivity(TP) | {} | Note\n"
    "CLART2 | <25 | 140 | 87.5 (21) | 12.5% (3) | a\nCLART2 | >30 | 833 | 81.2 (124) | 12.5% (12) | b\n\nNotes follow.\n"
)


def test_a_header_naming_another_base_is_not_tested_against_the_row_n(tmp_path):
    assert flagged(tmp_path, _BASE.format("Missed % of CIN2+ (FN)"), "percent_denominator") == []
    assert "error" in {r[2] for r in flagged(tmp_path, _BASE.format("Missed % (FN)"), "percent_denominator")}


# F, the same misread in unjudged rows of the whole corpus: the n of 'k of n' read as the estimate ('62.8% (103 of 164;
# 95% CI, 54.9–70.2)', PMC3656551; '22.2% (6 out of 27, 95% CI, 0.08 to 0.42)', PMC3556314), and the confidence level
# read as the estimate ('95 % 95 % CI: −15.33 to −23.87', PMC4620004; '3 (95 CI, 1–5)', PMC5771578)
def test_a_denominator_in_words_or_a_level_is_no_estimate():
    assert estimates("after dose 1 was 62.8% (103 of 164; 95% CI, 54.9–70.2) in") == [("62.8", "54.9", "70.2")]
    assert estimates("union rate was 22.2% (6 out of 27, 95% CI, 0.08 to 0.42) for") == [("22.2", "0.08", "0.42")]
    assert estimates("fell by 95 % 95 % CI: −15.33 to −23.87 mg/dl") == []
    assert estimates("between the drug and placebo is 3 (95 CI, 1–5).") == []
    # a 95 printed as the estimate, with its CI in brackets, is still read (and outside its CI stays a finding)
    assert estimates("the difference was 95 (95% CI 80 to 90)") == [("95", "80", "90")]


# G (PMC3525331 'at 12 weeks (95% CI, −4.13 to −1.93 versus 95% CI, −3.74 to −0.66; P = 0.033)'): with the time point
# no estimate, the first CI's upper bound was read as the second CI's estimate
def test_a_bound_of_the_ci_before_is_no_estimate():
    assert estimates("in the placebo group at 12 weeks (95% CI, −4.13 to −1.93 versus 95% CI, −3.74 to −0.66; P = 0.033)") == []
    assert estimates("a difference of −1.93 (95% CI, −3.74 to −0.66; P = 0.033)") == [("−1.93", "−3.74", "−0.66")]
