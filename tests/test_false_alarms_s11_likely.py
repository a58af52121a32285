"""The causes of ei_s11's `likely` false alarms (issue 16; benchmarks/adjudication/ei_s11.csv), each as the printed form
it was seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must leave alone.

A: a repeated-measures F with more than one numerator df printed with its uncorrected df beside a sphericity-corrected
P (Greenhouse-Geisser, Huynh-Feldt). C: an r whose bracket prints the sample size, not the df. D: a declared one-sided
log-rank P beside a hazard ratio's two-sided CI.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC5784955, methods: RM-ANOVAs 'with Greenhouse-Geisser adjusted p-values'; 'F(4, 188) = 4.39, p = 0.013': the
# uncorrected P is 0.002, epsilon about 0.5 gives 0.013)
# the methods' words stand far before the result (an adjustment named nearby is read as a multiplicity adjustment)
_GG = (
    "Repeated measures ANOVAs (with Greenhouse-Geisser adjusted p-values) were used. "
    + "Participants then rested. " * 80
)
_F = "The effect of electrode was significant, F(4, 188) = 4.39, p = {}."


def test_a_sphericity_corrected_p_is_consistent_when_the_correction_is_named(tmp_path):
    assert flagged(tmp_path, _GG + _F.format("0.013"), "recompute_p") == []


def test_a_p_no_epsilon_reaches_stays_flagged(tmp_path):
    # smaller than the uncorrected P (0.002), or far larger than epsilon = 1/df1 gives (0.042): real errors
    assert flagged(tmp_path, _GG + _F.format("0.0004"), "recompute_p")
    assert flagged(tmp_path, _GG + _F.format("0.2"), "recompute_p")
    # no correction and no repeated-measures design named: the P is tested as printed
    assert flagged(tmp_path, "In the one-way ANOVA, " + _F.format("0.013"), "recompute_p")


# A (PMC3506580: 'analysis of variance for repeated measures', no correction named; 'F(9, 99) = 2.87, p = 0.103' fits
# epsilon about 0.15; 'F(2, 22) = 0.47, p = 0.555' fits about 0.66, the correction lowering P for F < 1)
def test_a_repeated_measures_design_without_a_named_correction_is_not_flagged(tmp_path):
    rm = "Ratings were analysed by an analysis of variance for repeated measures. "
    assert flagged(tmp_path, rm + "The interaction was F(9, 99) = 2.87, p = 0.103.", "recompute_p") == []
    assert flagged(tmp_path, rm + "The interaction was F(2, 22) = 0.47, p = 0.555.", "recompute_p") == []
    # a 1-df effect has no sphericity correction: a wrong P stays flagged
    assert flagged(tmp_path, rm + "The effect of time was F(1, 11) = 2.87, p = 0.018.", "recompute_p")
    # a between-groups F (error df no multiple of df1: 'F(3,44)=2.54, p=0.070', PMC4398332's groups' ages) has no
    # sphericity correction, nor does a P on the wrong side of the uncorrected one (F > 1: 0.306-0.310, printed 0.305)
    assert flagged(tmp_path, rm + "Groups did not differ in age (F(3, 44) = 2.54, p = 0.080).", "recompute_p")
    assert flagged(tmp_path, rm + "The interaction was F(4, 172) = 1.21, p = 0.295.", "recompute_p")
    # a truncated P is the simpler reading, kept at its grade (ei_heldin PMC4030328: F(3, 71) = 1.00 gives 0.398)
    assert [r[2] for r in flagged(tmp_path, rm + "Group: F(3, 71) = 1.00, p = 0.39.", "recompute_p")] == ["rounding"]


# C (PMC3620559: 'a pilot study of 21 ... patients'; 'r (21) = −0.68, p = 0.001': df 21 gives 0.00036, df 19 (n - 2)
# 0.0006-0.0008, printed 0.001: the bracket holds the sample size)
_R = "We studied {} consecutive patients. AMH was inversely correlated with age (r (21) = −0.68, p = 0.001)."


def test_an_r_with_the_sample_size_in_its_bracket(tmp_path):
    assert flagged(tmp_path, _R.format(21), "recompute_p") == []


def test_an_r_whose_bracket_is_no_printed_size_stays_flagged(tmp_path):
    assert flagged(tmp_path, _R.format(23), "recompute_p")
    # the sample size printed, but df = n - 2 does not give the P either: 'r (21) = −0.68, p = 0.01'
    assert flagged(tmp_path, _R.format(21).replace("p = 0.001", "p = 0.01"), "recompute_p")


# D (PMC3664320: 'stratified log-rank test (one-sided)' in the methods; 'HR 0.390; 95% CI 0.130–1.173; P = 0.0401'): a
# one-sided P below .05 beside a two-sided 95% CI holding 1 agrees (the 90% CI may exclude 1)
_LOGRANK = "Progression-free survival was compared with a stratified log-rank test (one-sided). " + "Patients rested. " * 80
_HR = "Median PFS was longer with sorafenib (HR 0.390; 95% CI 0.130–1.173; P = {})."


def test_a_declared_one_sided_log_rank_p_beside_a_two_sided_ci(tmp_path):
    assert flagged(tmp_path, _LOGRANK + _HR.format("0.0401"), "p_against_ci") == []


def test_a_one_sided_p_the_ci_cannot_hold_stays_flagged(tmp_path):
    # below .025 one-sided, the two-sided 95% CI would exclude 1
    assert flagged(tmp_path, _LOGRANK + _HR.format("0.004"), "p_against_ci")
