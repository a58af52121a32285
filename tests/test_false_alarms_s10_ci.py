"""The causes of ei_s10's false alarms (issue 16; benchmarks/adjudication/ei_s10.csv), each as the printed form it was
seen in (the PMC id says where; numbers and short fragments only) and one beside it the rule must leave alone.

A: an estimate printed as the size of a decrease ('decreased ... by 0.356') beside the signed difference's CI; B:
measures asymmetric by construction: an efficacy or relative risk reduction, 100 x (1 - RR); an NNT named as the
subject of a list closed by 'respectively'; a difference of two percentages printed in its sentence; C: a column
header naming a difference or a ratio, each with its mark: the row's mark decides; D: a count of people split by arm
for an event is no arm's size.
"""

from __future__ import annotations

from printed_forms import flagged

# A (PMC4836696): 'decreased mean glucose by 0.356 mmol/L (95% CI: -1.409, 0.698) and HbAlc by 0.065% (95% CI: -0.495,
# 0.365)', the same results printed later as -0.356 and -0.065 with the same CIs
_DECREASE = "GSK457 {} mean glucose by 0.356 mmol/L (95% CI: -1.409, 0.698) and HbAlc by 0.065% (95% CI: -0.495, 0.365)."
_SIGNED = " The difference was -0.356 mmol/L (95% CI -1.409, 0.698) and -0.065% (95% CI: -0.495, 0.365)."


def test_a_decrease_printed_as_its_size_is_the_negated_centre(tmp_path):
    text = _DECREASE.format("slightly decreased") + _SIGNED
    assert flagged(tmp_path, text, "ci_symmetry") == [] and flagged(tmp_path, text, "same_result") == []


def test_an_increase_printed_so_stays_flagged(tmp_path):
    text = _DECREASE.format("slightly increased") + _SIGNED
    assert len(flagged(tmp_path, text, "ci_symmetry")) == 2
    assert len(flagged(tmp_path, text, "same_result")) == 2
    # a decrease whose negated value is off the centre too stays flagged
    assert flagged(tmp_path, "it decreased glucose by 0.356 mmol/L (95% CI: -1.409, 0.598).", "ci_symmetry")


# B (PMC3698010 'efficacy 15.9%; 95% CI: −19.9, 41.3'; PMC2690844 'RRR (relative risk reduction) is 88% (95% CI 23–100%)')
def test_an_efficacy_or_relative_risk_reduction_is_asymmetric(tmp_path):
    assert flagged(tmp_path, "not significant after the toddler dose (efficacy 15.9%; 95% CI: −19.9, 41.3).", "ci_symmetry") == []
    assert flagged(tmp_path, "the RRR (relative risk reduction) is 88% (95% CI 23–100%).", "ci_symmetry") == []
    # a difference in a sentence about efficacy far before it is read as printed
    s = "The efficacy of the drug was assessed in the trial population at the end of the study and the mean difference in pain was 15.9 (95% CI: −19.9, 41.3)."
    assert flagged(tmp_path, s, "ci_symmetry")
    # 'RRR 0·50 [95% CI 0·34–0·73]; p<0·0001' (PMC5075282) is a multinomial model's relative risk ratio, no percentage:
    # its P is still tested against the CI (which gives 0.00038)
    assert flagged(tmp_path, "was lower (RRR 0·50 [95% CI 0·34–0·73]; p<0·0001; table 3).", "p_against_ci")


# PMC5703756 'Number needed to treat ... at 5, 15, and 30 minutes were 4 (95% CI: 2.2 – 6.6), 3 (95% CI: 1.7 – 3.5), and
# 4 (95% CI: 2.3 – 15.9), respectively'
_NNT = "{} at 5, 15, and 30 minutes were 4 (95% CI: 2.2 – 6.6), 3 (95% CI: 1.7 – 3.5), and 4 (95% CI: 2.3 – 15.9), respectively."


def test_an_nnt_subject_of_a_list_is_asymmetric(tmp_path):
    assert flagged(tmp_path, _NNT.format("Number needed to treat of intranasal lidocaine"), "ci_symmetry") == []
    assert flagged(tmp_path, _NNT.format("Mean differences in pain of intranasal lidocaine"), "ci_symmetry")


# PMC4608694 'reached by 69.7% of the participants ..., compared to 50.4% of the control group (absolute difference
# 19.3%, 95% CI 10.3 to 27.8)': a difference of two proportions (Newcombe's score interval reproduces it)
def test_a_difference_of_two_printed_percentages_is_asymmetric(tmp_path):
    s = "The target was reached by 69.7% of the A group, compared to 50.4% of the B group ({}, 95% CI 10.3 to 27.8)."
    assert flagged(tmp_path, s.format("absolute difference 19.3%"), "ci_symmetry") == []
    # without the percentage sign it is a difference of means, read on the linear scale
    assert flagged(tmp_path, s.format("absolute difference 19.3"), "ci_symmetry")


# C (PMC5379244): 'Paired difference * or paired ratio † (95% CI)'; differences unmarked, ratios marked †
_TABLE = (
    "Table 2\n\nGlucose control\n\n | Closed loop (n=29) | Control (n=28) | Paired difference * or paired ratio † (95% CI)"
    " | p value\n3·9–10·0 mmol/L | 76·2% (6·4) | 65·6% (8·1) | 10·5 (7·6 to 13·4) | <0·0001\n"
    "<3·9 mmol/L | 2·9% (2·3 to 4·0) | 5·3% (3·5 to 10·0) | 0·50 (0·41 to 0·63) † | <0·0001\n"
    "AUC <3·5 mmol/L | 8·3 (3·4 to 14·3) | 15·9 (7·5 to 45·7) | 0·39 (0·25 to 0·86) † | 0·0001\n\nData are mean (SD).\n"
)


def test_the_rows_mark_decides_a_difference_or_a_ratio(tmp_path):
    # the difference is symmetric on the linear scale; the marked ratio 0·39 is off its log centre (judged TRUE)
    assert [r[0] for r in flagged(tmp_path, _TABLE, "ci_symmetry")] == ["0·39 (0·25 to 0·86)"]


# D (PMC3398251): 'two subjects (1 in the R-aspirin group and 1 in the placebo group) who discontinued' gave every
# placebo mean n = 1 (GRIM on a pain score of 6.6)
_ARMS = (
    "Two subjects (1 in the active group and 1 in the placebo group) {} due to adverse events.\n\n"
    "Table 1\n\nBaseline\n\n | Active | Placebo\n11-point pain intensity [mean (SD)] | 6.5 (1.07) | 6.6 (1.17)\n\nNotes.\n"
)


def test_a_count_split_by_arm_is_no_arm_size(tmp_path):
    assert flagged(tmp_path, _ARMS.format("discontinued"), "grim") == []
    # 'randomised 2 patients (1 in ... and 1 in ...)' are the arms' sizes: 6.6 with n = 1 is impossible
    text = _ARMS.replace("Two subjects (", "We randomised 2 subjects (").format("who were treated")
    assert flagged(tmp_path, text, "grim")


def _explanations(tmp_path, text: str) -> list[str]:
    from analysis import scan

    p = tmp_path / "paper.txt"
    p.write_text(text, encoding="utf-8")
    f = scan([str(p)], progress=False).to_frame()
    return f[(f.check == "recompute_p") & (f.verdict == "inconsistent")]["explanation"].tolist()


def test_a_repeated_measures_error_df_is_named_and_the_row_kept(tmp_path):
    # PMC4517027 'F(2, 23) = 6.60, p = 0.003' (24 subjects, three conditions): F(2, 46) gives the printed P
    (words,) = _explanations(tmp_path, "There was an effect of condition, F(2, 23) = 6.60, p = 0.003, on recall.")
    assert "F(2, 46) gives the printed P" in words
    # a P no such df gives is flagged without it
    (words,) = _explanations(tmp_path, "There was an effect of condition, F(2, 23) = 6.60, p = 0.03, on recall.")
    assert "repeated-measures" not in words
