"""Each precondition of issue 16 with a case where it held and one where it did not, on short printed forms written
here after forms seen in real texts (the comment beside each says where: the seeds, statcheck-dev, rct-extraction-dev
or the evidence-inference corpus by PMC id). The scan drafts each text and audits it, as a user's scan would.
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import scan
from analysis.extraction.evidence import (Context, adjusted_p, asymmetric_interval, estimated_percent, measurement,
                                       one_tailed, ratio_scale)


def rows(tmp_path, text: str, name: str = "paper.txt") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan(path, progress=False).to_frame()


def verdict(tmp_path, text: str, check: str, name: str = "paper.txt") -> str:
    """The verdict of the one ``check`` row of a scan of ``text``."""
    return only(rows(tmp_path, text, name), check).verdict


def only(df: pd.DataFrame, check: str) -> pd.Series:
    r = df[df["check"] == check]
    assert len(r) == 1, df[["check", "verdict", "explanation"]].to_string()
    return r.iloc[0]


# --------------------------------------------------------------------------- integer data (GRIM, GRIMMER)

def test_integer_evidence_from_the_text():
    # seed 002 (Sakurai 2025): MADRS totals; rct-extraction-dev PMC1216327: fecal output in g/kg/h
    assert measurement(Context("MADRS score fell from 30.6 ± 6.1"))[0] == "integer"
    assert measurement(Context("mean ± SD fecal excretion in g/kg/h was 3.94 ± 2.35"))[0] == "continuous"
    assert measurement(Context("the mean was 3.94 ± 2.35")) is None  # no evidence either way
    # a table row label that names the unit (PMC3580751: "Age, years | 56.3 (14.9)")
    assert measurement(Context("Age, years | 56.3 (14.9) | 58.5 (15.5)", in_table=True))[0] == "continuous"


_TABLE = "Table 1\nBaseline\n | Drug (n = 28) | Placebo (n = 30)\n{label}, mean ± SD | 5.19 ± 1.2 | 4.10 ± 1.1\n\n"


def test_grim_runs_only_on_integer_evidence(tmp_path):
    # 5.19 with n = 28 is impossible for integer data (Brown & Heathers' GRIM example), in a table whose column
    # header prints the n (the layout of rct-extraction-dev PMC1216327's Table 6)
    held = rows(tmp_path, _TABLE.format(label="Number of relapses"), "a.txt")
    r = held[(held["check"] == "grim") & (held["fragment"] == "5.19 ± 1.2")].iloc[0]
    assert r.verdict == "inconsistent" and r.grade == "likely"
    assert r.explanation.startswith("If ") and "these are integer data (Number of (row label))" in r.explanation
    # the same numbers for a continuous quantity (PMC1216327 prints g/kg/h): not tested, saying why
    cont = rows(tmp_path, _TABLE.format(label="Output, g/kg/h"), "b.txt")
    r = cont[(cont["check"] == "grim") & (cont["fragment"] == "5.19 ± 1.2")].iloc[0]
    assert r.verdict == "not_testable" and "continuous" in r.explanation
    # GRIMMER does not restate the GRIM failure
    g = held[(held["check"] == "grimmer") & (held["fragment"] == "5.19 ± 1.2")].iloc[0]
    assert g.verdict == "not_testable" and "already fails GRIM" in g.explanation


# --------------------------------------------------------------------------- which n

def test_percent_with_its_count_and_n_in_one_cell_is_an_error(tmp_path):
    # PMC3963555 prints "31/62 (48.1%)": 31/62 is 50.0%, no n at or below 62 gives 48.1% with 31
    df = rows(tmp_path, "Responders were 31/62 (48.1%) in the drug group.\n")
    r = only(df, "percent_denominator")
    assert r.verdict == "inconsistent" and r.grade == "error"


def test_count_and_percent_that_fit_a_smaller_n_printed_away_are_not_tested(tmp_path):
    # PMC2607225 prints "6 (21)" under a column of N = 134: 6/28 = 21.4%, a subgroup's denominator
    text = ("Table 2\nOutcomes\n | Drug (n = 134) | Placebo (n = 126)\nNausea, n (%) | 6 (21) | 7 (23)\n\n")
    df = rows(tmp_path, text)
    pct = df[df["check"] == "percent_denominator"]
    assert (pct["verdict"] != "inconsistent").all(), pct[["fragment", "verdict", "explanation"]]
    assert pct["explanation"].str.contains("fit n = 29, not N = 134").any()  # 6/29 = 20.7%, printed 21
    # a larger base (PMC4260196 prints "139 (42.1)" under a column of N = 209: 139/330 = 42.1%): not tested either
    df = rows(tmp_path, "Table 3\nUse\n | Drug (n = 209) | Placebo (n = 227)\nSmokers, n (%) | 139 (42.1) | 55 (48.3)\n\n",
              "b.txt")
    pct = df[df["check"] == "percent_denominator"].set_index("fragment")
    assert pct.loc["139 (42.1)", "verdict"] == "not_testable"
    # "55 (48.3)" there: 55/114 = 48.246%, printed 48.3 after rounding twice (48.25, then 48.3)
    assert pct.loc["55 (48.3)", "grade"] == "rounding"


def test_a_count_read_as_its_own_n_is_not_tested(tmp_path):
    # rct-extraction-dev PMC3751573 (Table 3): "10 | (52.6)" under "n | (%)" columns was drafted with k = n = 10
    from analysis.auditing import audit_study
    from analysis.scanning import _study
    from analysis.extraction import Draft

    text = "10 | (52.6)"
    entry = {"id": "percent_1", "kind": "proportion", "fragment": text, "percent": "52.6", "k": "10", "n": "10",
             "n_source": "cell", "measure": "employed", "review": "read from a table"}
    study, bad = _study(Draft("d", text, [entry], {"id": "d", "source": "d"}), "d.txt")
    (r,) = [r for r in audit_study(study, strict=False) if r["check"] == "percent_denominator"]
    assert r["verdict"] == "not_testable" and "its own denominator" in r["explanation"]
    # the same cell with an n of its own (PMC3963555 prints "31/62 (48.1%)") is tested: see the test above


def test_truncated_percentage_is_graded_rounding(tmp_path):
    # PMC1216327: 46.6% of 30 (14/30 = 46.67% truncated); ELEKT-D (seed 003): 41.2% of 202 is no rounding of any count
    df = rows(tmp_path, "Well nourished: 14/30 (46.6%) of children.\n", "a.txt")
    assert only(df, "percent_denominator").grade == "rounding"
    df = rows(tmp_path, "Response: 83/202 (41.2%) of patients.\n", "b.txt")
    assert only(df, "percent_denominator").grade == "error"


def test_double_rounding_is_graded_rounding(tmp_path):
    # PMC3551224 prints 54/515 (11%): 10.49% -> 10.5 -> 11
    df = rows(tmp_path, "Adverse events: 54/515 (11%) of participants.\n")
    r = only(df, "percent_denominator")
    assert r.grade == "rounding" and "rounded twice" in r.explanation


def test_kaplan_meier_percentage_is_not_a_count_over_n():
    # PMC4284010: "391/411 (94%)" in a table whose note says the percentages are Kaplan–Meier estimates
    ctx = Context("DTG | 391/411 (94%)", note="aDifference based on Kaplan–Meier estimates", in_table=True)
    assert estimated_percent(ctx).startswith("Kaplan–Meier")
    assert estimated_percent(Context("Responders were 31/62 (48.1%)")) is None


# --------------------------------------------------------------------------- scale of an estimate

def test_ratio_label_gives_the_log_scale():
    # PMC3635879 prints "ORint 1.87; 95% CI ..."; statcheck-dev 0956797617694867 prints "b = 0.188, 95% CI = [...]"
    assert ratio_scale(Context("comparing lectures to SDL (ORint 1.87; 95% CI 0.75 to 0.64)")).startswith("ORint")
    assert ratio_scale(Context("the control participants, b = 0.188, 95% CI = [0.047, 0.329]")) is None


def test_unlabelled_ci_symmetric_on_the_log_scale_is_read_as_a_ratio(tmp_path):
    # PMC3074545 prints an adjusted OR "0.47 (0.21 to 1.05)" in a table whose header the row does not repeat
    df = rows(tmp_path, "The effect was 0.47 (95% CI 0.21 to 1.05) in the adjusted model.\n")
    r = only(df, "ci_symmetry")
    assert r.verdict == "consistent"
    # linear: b = 0.03, 95% CI = [0.001, 0.079] (statcheck-dev 0956797618785899) is asymmetric there too, and stays
    # a (likely) finding with its reading stated
    df = rows(tmp_path, "The path was b = 0.03, 95% CI = [0.001, 0.079].\n", "b.txt")
    r = only(df, "ci_symmetry")
    assert r.verdict == "inconsistent" and "read on the linear scale (no ratio label found)" in r.assumptions


def test_intervals_asymmetric_by_construction_are_not_tested(tmp_path):
    # statcheck-dev 0956797622...: "ω p 2 = .19, 95% CI = [.01, .28]"; 09567976241246561: "r human = -.235, ..."
    assert asymmetric_interval(Context("p < .001, ω p 2 = .19, 95% CI = [.01, .28]")).startswith("ω p 2")
    assert asymmetric_interval(Context("confidence, r human = -.235, 95% CI = [-.395, -.061]")) is not None
    assert asymmetric_interval(Context("b = 0.036, 95% CI = [-0.214, 0.283], p = .784")) is None
    df = rows(tmp_path, "The effect was large, ω p 2 = .19, 95% CI = [.01, .28].\n")
    assert (df.loc[df["check"] == "ci_symmetry", "verdict"] == "not_testable").all()


# --------------------------------------------------------------------------- which P

def test_adjusted_p_named_nearby_or_in_the_paper():
    # statcheck-dev 09567976241227411: Tukey's HSD post hoc comparisons of odds ratios
    assert adjusted_p(Context("OR = 0.897, 95% CI = [0.713, 1.129], p = .6170",
                              before="Tukey's HSD post hoc analysis revealed")) is not None
    assert adjusted_p(Context("OR = 0.897, 95% CI = [0.713, 1.129], p = .6170")) is None


def test_adjusted_p_is_not_recomputed_from_a_ci_and_a_copied_row_is_still_found(tmp_path):
    # 09567976241227411: Tukey-adjusted P values (and CIs) of post hoc odds ratios: P .6170 beside a CI giving .35;
    # the coaches' row repeats the players' OR and CI with P < .001: found as the same result printed twice
    text = ("Tukey's HSD post hoc comparisons followed. Players: OR = 0.835, 95% CI = [0.713, 0.979], p = .0185. "
            "Coaches: OR = 0.835, 95% CI = [0.713, 0.979], p < .001. Other: OR = 0.897, 95% CI = [0.713, 1.129], "
            "p = .6170.\n")
    df = rows(tmp_path, text)
    assert (df.loc[df["check"] == "p_against_ci", "verdict"] == "not_testable").all()
    assert df.loc[df["check"] == "p_against_ci", "explanation"].str.startswith("adjusted P: not recomputed").all()
    assert only(df, "same_result").verdict == "inconsistent"


def test_an_adjusted_p_too_small_for_its_statistic_is_still_a_finding(tmp_path):
    # an adjusted P is never below the unadjusted one: F(1, 9) = 3.18 gives P = .108 (PMC1090588's statistic)
    assert verdict(tmp_path, "Bonferroni-corrected tests: F(1, 9) = 3.18, p = .02.\n", "recompute_p") == "inconsistent"
    assert verdict(tmp_path, "Bonferroni-corrected tests: F(1, 9) = 3.18, p = .30.\n", "recompute_p",
                   "b.txt") == "not_testable"
    # but not any P: F(1, 38) = 12.56 gives p = .0011; printed .90 is more than 50 times that
    assert verdict(tmp_path, "Bonferroni-corrected tests: F(1, 38) = 12.56, p = .90.\n", "recompute_p",
                   "c.txt") == "inconsistent"


def _recompute(tmp_path, text: str, name: str) -> str:
    return verdict(tmp_path, text + "\n", "recompute_p", name)


def test_a_correction_of_something_else_adjusts_no_p(tmp_path):
    # PMC5388694: "Results were Greenhouse-Geisser corrected, where appropriate" (sphericity) before an F whose
    # printed P bench_mutations moved to .15 (F(1,100) = 4.1 gives .046): read as adjusted, the move was missed
    gg = "Results were Greenhouse-Geisser corrected, where appropriate. "
    assert _recompute(tmp_path, gg + "Accuracy varied with Test Time (F(1,100) = 4.1, p = 0.15).", "a.txt") == (
        "inconsistent"
    )
    # PMC5388694 "baseline-corrected"; 09567976241246561 "corrected-to-normal vision"
    for before in ("Epochs were baseline-corrected. ", "They had normal or corrected-to-normal vision. "):
        assert adjusted_p(Context("t(23) = 2.48, p = .12", before=before)) is None
    # "corrected" about a P still names an adjustment: PMC1925104 "an overall corrected p < 0.05"; 0956797616657319
    # "p < .05, corrected"; so the P .009 beside t(38) = 3.02 (P .0045; 09567976231177968 prints it
    # 'Bonferroni-corrected p = .009') is not recomputed
    assert adjusted_p(Context("clustered activation images with an overall corrected p < 0.05")) is not None
    assert _recompute(tmp_path, "The groups differed, t(38) = 3.02, p = .009, corrected.", "b.txt") == "not_testable"


def test_a_corrected_threshold_leaves_the_printed_p_raw(tmp_path):
    # the correction lowers the threshold, so the printed P values are raw: PMC3626857 "alpha of 0.025 to allow for
    # multiplicity adjustment", PMC5656562 "a Bonferroni-adjusted p value threshold of 0.0167"; 0956797616657319's
    # F(1, 25) = 7.28 (P .012) with its P moved to .300 by bench_mutations
    result = "Accuracy showed an interaction, F(1, 25) = 7.28, p = .300."
    for i, before in enumerate(("We used a two-sided comparison with alpha of 0.025 to allow for multiplicity "
                                "adjustment. ", "We used a Bonferroni-adjusted p value threshold of 0.0167. ",
                                "Effects were tested at p < .05/6 (Bonferroni). ")):
        assert _recompute(tmp_path, before + result, f"a{i}.txt") == "inconsistent", before
    # a lowered alpha printed with the P itself: statcheck-dev 09567976211048485 prints "t(21) = 3.24, p = .004,
    # α = .025" after "applying Bonferroni corrections for multiple comparisons" (bench_mutations moved .004 to .100);
    # with alpha .05 beside it the P may still be adjusted
    before = "We performed post hoc t tests, applying Bonferroni corrections for multiple comparisons. "
    assert _recompute(tmp_path, before + "The condition revealed an effect, t(21) = 3.24, p = .100, α = .025.",
                      "c.txt") == "inconsistent"
    assert _recompute(tmp_path, before + "The condition revealed an effect, t(21) = 3.24, p = .100, α = .05.",
                      "d.txt") == "not_testable"
    # a correction named in a clause of its own still adjusts (0956797620955209: "we used an alpha of .025 for both
    # tests"; 09567976231177968: Bonferroni-corrected post hoc P values)
    before = "We used an alpha of .025 for both tests. Post hoc analyses were Bonferroni corrected. "
    assert _recompute(tmp_path, before + "The groups differed, t(38) = 3.02, p = .009.", "b.txt") == "not_testable"


def test_a_correction_over_a_map_adjusts_no_test_printed_later(tmp_path):
    # 09567976241246561: a cluster-based permutation test corrects the EEG time course; the slopes' t tests printed
    # later are not adjusted (t(23) = 2.48 gives P .021; bench_mutations moved its P .02 to .12)
    before = ("We used a nonparametric, cluster-based permutation test to correct for multiple comparisons across "
              "time. ")
    assert _recompute(tmp_path, before + "Confidence predicted the slope, t(23) = 2.48, p = .12.", "a.txt") == (
        "inconsistent"
    )
    # cluster-corrected in the P's own sentence (09567976241246561's figures: "p < .05 (cluster corrected)") is the
    # P's own adjustment
    assert _recompute(tmp_path, "Confidence predicted the slope, t(23) = 2.48, p = .04 (cluster corrected).",
                      "b.txt") == "not_testable"


def test_post_hoc_comparisons_do_not_adjust_the_omnibus_f_they_follow(tmp_path):
    # PMC5388694: "were further analyzed with Bonferroni post hoc tests", then each ANOVA's main effects and
    # interactions; bench_mutations moved their P (F(2,98) = 3.36 gives .039, F(1,98) = 5.79 gives .018)
    before = "Significant effects were further analyzed with Bonferroni post hoc tests. "
    assert _recompute(tmp_path, before + "N2 showed an interaction of Test Time × Group (F(2,98) = 3.36, p = 0.08).",
                      "a.txt") == "inconsistent"
    assert _recompute(tmp_path, before + "We found a significant main effect of Test Time (F(1,98) = 5.79, "
                      "p = 0.20).", "b.txt") == "inconsistent"
    # statcheck-dev 09567976231177968: FDR-corrected P values of t tests, then an interaction's F(1, 38) = 4.81
    # (P .034; bench_mutations moved it to .300)
    fdr = "Levels differed, t(38) = -1.13, FDR-corrected p = .308, independent-samples t tests. "
    assert _recompute(tmp_path, fdr + "This was shown by the significant interaction, F(1, 38) = 4.81, p = .300.",
                      "e.txt") == "inconsistent"
    # a post hoc comparison itself stays adjusted: 09567976231177968's post hoc t(38) = 3.02 with its
    # Bonferroni-corrected p = .009, and the same comparison as a simple main effect's F(1, 38) = 9.12
    assert _recompute(tmp_path, before + "Post hoc tests showed a difference, t(38) = 3.02, p = .009.",
                      "c.txt") == "not_testable"
    assert _recompute(tmp_path, before + "There was a simple main effect of group, F(1, 38) = 9.12, p = .009.",
                      "d.txt") == "not_testable"


def test_a_p_one_rounding_step_off_is_graded_rounding(tmp_path):
    # PMC1090588: F(1, 9) = 3.18 gives p = .108, printed 0.10 (truncated); statcheck-dev 09567976231177968:
    # F(1, 38) = 12.56 gives p = .0011, printed < .001; PMC2607225: F(1, 321) = 4.6, p = 0.046 (p = .033): no
    df = rows(tmp_path, "Scores differed, F(1, 9) = 3.18, p = 0.10. Also F(1, 38) = 12.56, p < .001. "
                        "And F(1, 321) = 4.6, p = 0.046.\n")
    grades = df[df["check"] == "recompute_p"].set_index("reported")["grade"]
    assert grades.to_dict() == {"F(1, 9) = 3.18, p = 0.10": "rounding", "F(1, 38) = 12.56, p <.001": "rounding",
                                "F(1, 321) = 4.6, p = 0.046": "likely"}, grades


def test_one_tailed_test_accepts_half_the_two_tailed_p(tmp_path):
    # statcheck's one-tailed rule; PMC5440059 declares one-sided tests in the sentence
    assert one_tailed(Context("a one-sided Fisher's exact test, P = .247")) is not None
    r = only(rows(tmp_path, "In a one-tailed test, t(28) = 1.80, p = .04.\n", "a.txt"), "recompute_p")
    assert r.verdict == "consistent" and not r.decision_error
    assert verdict(tmp_path, "In this test, t(28) = 1.80, p = .04.\n", "recompute_p", "b.txt") == "inconsistent"


def test_an_equivalence_test_p_is_one_sided_by_method(tmp_path):
    # statcheck-dev 0956797620955209: TOST against d = -0.35 and 0.35, declared in the methods ("two one-sided tests
    # procedure", "equivalence bound") 3,300 characters before "t(248.4) = 2.01, p = .023" (two-tailed P .046)
    result = "Filler sentence. " * 250 + "The CI did not overlap with an effect of -0.35, t(248.4) = 2.01, p = .023.\n"
    methods = "We set the equivalence bound to 0.35, using the two one-sided tests procedure. "
    r = only(rows(tmp_path, methods + result, "a.txt"), "recompute_p")
    assert r.verdict == "consistent" and not r.decision_error
    assert "equivalence" in r.explanation
    # the same result where the paper names no equivalence test ("equivalent to" is no test: 0956797620955209's power
    # analysis, "an effect of 0.65 (equivalent to that reported in the original study)")
    plain = "An effect of 0.65 (equivalent to that reported in the original study). "
    assert verdict(tmp_path, plain + result, "recompute_p", "b.txt") == "inconsistent"


def test_p_from_a_ci_only_when_the_estimate_is_at_its_centre(tmp_path):
    # Fitzgerald (seed 001): MFIS -13.5 (-25.0 to -1.98), P = .04: at the centre, P tested (the seed finding);
    # PMC4808857: an adjusted mean 2.29 (1.46 to 2.45) far from the centre: one row, the CI's
    df = rows(tmp_path, "MFIS fell by -13.5 (95% CI -25.0 to -1.98), P = .04.\n", "a.txt")
    assert only(df, "p_against_ci").verdict == "inconsistent"
    df = rows(tmp_path, "The adjusted mean was 2.29 (95% CI 1.46 to 2.45), P = .01.\n", "b.txt")
    assert only(df, "p_against_ci").verdict == "not_testable"
    assert "not at the centre" in only(df, "p_against_ci").explanation


# --------------------------------------------------------------------------- the certain checks

def test_ci_bounds_reversed(tmp_path):
    # PMC3635879: "ORint 1.87; 95% CI 0.75 to 0.64": outside in either order: an error
    df = rows(tmp_path, "when comparing lectures to SDL (ORint 1.87; 95% CI 0.75 to 0.64) the effect\n", "a.txt")
    r = only(df, "ci_order")
    assert r.verdict == "inconsistent" and r.grade == "error"
    # PMC5493377: "-41.4 mm, 95%CI -30.7 to -52.2": printed upper bound first, the estimate between: no finding
    df = rows(tmp_path, "in the AT+EX group (-41.4 mm, 95%CI -30.7 to -52.2).\n", "b.txt")
    assert only(df, "ci_order").verdict == "consistent"


def test_estimate_outside_its_ci_and_a_p_read_as_an_estimate(tmp_path):
    # statcheck-dev 09567976231190546: "β = 0.17, 95% CI = [-1.25, -0.03]"
    df = rows(tmp_path, "for the rural group, β = 0.17, 95% CI = [-1.25, -0.03].\n", "a.txt")
    r = only(df, "estimate_in_ci")
    assert r.verdict == "inconsistent" and r.grade == "error"
    # PMC4122853: "+£1163 at 6 months, 95% CI 56 to 3271": the 6 is a time point, not the estimate
    df = rows(tmp_path, "use of informal care (+£1163 at 6 months, 95% CI 56 to 3271).\n", "d.txt")
    assert not (df["grade"] == "error").any()
    # PMC5746685: "a 1.56 kg (95% CI −2.27 to −0.86 kg) loss": a magnitude printed unsigned (-1.56 at the CI's
    # centre), not an error
    df = rows(tmp_path, "interventions facilitated a 1.56 kg (95% CI −2.27 to −0.86 kg) weight loss.\n", "e.txt")
    assert not (df["verdict"] == "inconsistent").any()
    # PMC4808857 (Table 5): an adjusted mean 0.63 with its CI (0.7, 0.72): outside either way, an error
    df = rows(tmp_path, "Intervention adjusted mean 0.63 (95% CI 0.7, 0.72) after 12 weeks.\n", "f.txt")
    assert only(df, "estimate_in_ci").grade == "error"
    # PMC4808857 (Table 5): "1.58 (11, 309)" under "F-stat (df)" is an F with its df, not an estimate and CI
    table = ("Table 5\nIntakes\nFood | Adj. Mean Dif (95% CI) | F-stat (df) | p\n"
             "Fruits | 0.09 (−0.97, 0.78) | 1.58 (11, 309) | 0.837\n\n")
    df = rows(tmp_path, table, "g.txt")
    assert not (df["grade"] == "error").any(), df[["fragment", "check", "verdict"]]
    # statcheck-dev 0956797621991137: "ω p 2 = -.02, 95% CI = [.00, 1.00]": a bounded effect's CI truncated at 0
    df = rows(tmp_path, "F(1, 48) < 0.01, p = .95, ω p 2 = -.02, 95% CI = [.00, 1.00].\n", "c.txt")
    assert not (df["grade"] == "error").any()
    # PMC5234109: "RER p < 0.001, CI [−.43, −1.53]": the 0.001 is the P's: not read as an estimate
    df = rows(tmp_path, "for RER p < 0.001, CI [−.43, −1.53] in the trial.\n", "b.txt")
    assert not (df["grade"] == "error").any()


def test_one_finding_one_row(tmp_path):
    # a reversed CI is not also reported by ci_symmetry or p_against_ci; the same estimate and CI printed in the
    # abstract and the results is one finding citing both (form of statcheck-dev 09567976231190546)
    text = ("Abstract. The path was b = 0.03, 95% CI = [0.001, 0.079].\nResults. Again, b = 0.03, 95% CI = "
            "[0.001, 0.079].\n")
    df = rows(tmp_path, text)
    inc = df[df["verdict"] == "inconsistent"]
    assert len(inc) == 1 and inc.iloc[0]["entry_ids"].count(",") == 1


def test_the_same_result_printed_twice_with_ps_that_cannot_both_hold(tmp_path):
    # statcheck-dev 09567976241227411: the coaches' row repeats the players' OR 0.835 and CI [0.713, 0.979] with
    # P < .001 where the players' has P = .0185 (judged a copied row)
    text = ("Players: OR = 0.835, 95% CI = [0.713, 0.979], p = .0185. Coaches: OR = 0.835, 95% CI = [0.713, 0.979], "
            "p < .001.\n")
    r = only(rows(tmp_path, text, "a.txt"), "same_result")
    assert r.verdict == "inconsistent" and r.grade == "likely"
    # the same OR and CI with the same P printed twice (an abstract and its results) is no finding
    text = "Abstract: OR = 0.835, 95% CI = [0.713, 0.979], p = .0185. Results: OR = 0.835, 95% CI = [0.713, 0.979], p = .0185.\n"
    assert "same_result" not in set(rows(tmp_path, text, "b.txt")["check"])


def test_a_ratio_bound_rounded_to_zero_is_not_tested_and_does_not_stop_the_audit(tmp_path):
    # evidence-inference PMC3640933 prints odds ratios whose lower bound rounds to zero, in the form
    # "OR = 0.1, 95% CI = 0.0-1.5, p = 0.09": the log of 0.0 does not exist, so neither the CI's symmetry nor
    # the P it implies can be read; before, the ValueError stopped the whole file's audit
    df = rows(tmp_path, "Quit rates were no higher for the program (OR = 0.1, 95% CI = 0.0-1.5, p = 0.09).\n")
    r = only(df, "ci_symmetry")
    assert r["verdict"] == "not_testable" and "no logarithm" in r["explanation"]
    assert (df["verdict"] != "inconsistent").all()
    # the same form with a positive lower bound is tested on the log scale (and is consistent)
    df = rows(tmp_path, "Quit rates were no higher for the program (OR = 0.4, 95% CI = 0.1-1.6, p = 0.20).\n", "b.txt")
    assert only(df, "ci_symmetry")["verdict"] == "consistent"


def test_a_ratio_bound_rounded_to_zero_is_left_out_of_the_study_wide_assumption(tmp_path):
    # PMC3640933 prints two such odds ratios with P in one paragraph: the study-wide one_assumption row used to
    # stop the whole file's audit with a ValueError; the pairs that can be read are judged without them
    df = rows(tmp_path, "Quit rates: program A (OR = 0.1, 95% CI = 0.0-1.5, p = 0.09), program B (OR = 0.2, "
                        "95% CI = 0.0-2.7, p = 0.23), education (OR = 0.4, 95% CI = 0.1-1.6, p = 0.20).\n")
    assert len(df[df["check"] == "ci_symmetry"]) == 3
    assert "one_assumption" not in set(df["check"])  # one readable pair left: nothing study-wide to compare


def test_an_estimate_outside_its_ci_is_left_out_of_the_study_wide_assumption(tmp_path):
    # evidence-inference PMC3816860 prints a difference of 32 beside a CI of -42 to -21 (an unsigned magnitude
    # or a misprint); the study-wide one_assumption row raised on it and the whole file went unaudited
    df = rows(tmp_path, "The change differed (difference 32, 95% CI -42 to -21, p < 0.001); at week 4 "
                        "(difference -10.4, 95% CI -15.2 to -5.6, p < 0.001) and week 8 (difference -8.1, "
                        "95% CI -13.0 to -3.2, p = 0.001).\n")
    assert set(df["check"]) >= {"one_assumption"}
    assert len(df) > 3


def test_one_ci_printed_for_two_estimates(tmp_path):
    # statcheck-dev 09567976231190546: two coefficients printed with one CI [-0.10, 0.20] (judged a copied CI)
    text = ("responsiveness, β = 0.034, 95% CI = [-0.10, 0.20], t(1, 65) = 1.23, p = .22; aesthetic appreciation, "
            "β = -0.009, 95% CI = [-0.10, 0.20], t(1, 65) = -0.56, p = .57.\n")
    r = only(rows(tmp_path, text), "same_result")
    assert r.verdict == "inconsistent" and "a copied CI" in r.explanation
    # PMC3551224: OR 1.05 (1.04 to 1.07), p<0.001 and OR 1.06 (1.04 to 1.07), p=0.03 are two results (other
    # time points) that share a short CI: not one result printed twice
    text = ("global OR 1.05 (95% CI 1.04 to 1.07), p<0.001. At weeks 22 and 26, OR 1.06 (95% CI 1.04 to 1.07), "
            "p=0.03.\n")
    assert "same_result" not in set(rows(tmp_path, text, "b.txt")["check"])


def test_a_precondition_is_established_once_per_entry_however_many_checks_need_it(tmp_path):
    """ci_symmetry, p_against_ci and estimate_in_ci all rest on the estimate and its CI being printed as one
    result (PAIRED_PRINT); the audit establishes it once per entry (it was once per check), with the same rows.
    The form is statcheck-dev's and the seeds' 'OR 1.35 (95% CI 0.41-2.30), p = .005'."""
    from analysis.auditing import preconditions, registry

    needing = [s.name for s in registry.REGISTRY["estimate_ci_p"] if preconditions.PAIRED_PRINT in s.needs]
    assert len(needing) >= 3
    text = "The odds ratio was 1.35 (95% CI 0.41 to 2.30), p = .005, and then 1.38 (95% CI 0.37 to 2.39), p = .007."
    before = rows(tmp_path, text)
    seen: list[str] = []
    real = preconditions.PAIRED_PRINT.establish

    def spy(study, e):
        seen.append(e.id)
        return real(study, e)

    object.__setattr__(preconditions.PAIRED_PRINT, "establish", spy)  # a frozen dataclass: patched, then restored
    try:
        after = rows(tmp_path, text)
    finally:
        object.__setattr__(preconditions.PAIRED_PRINT, "establish", real)
    checks = [c for c in needing if c in set(after["check"])]
    assert len(checks) >= 2 and before.equals(after)
    # once for the registry's checks and the study-wide same_result_rows together, which asks what they established
    # (4 each before session 6: once per check; 2 before session 11: same_result_rows asked again)
    assert {i: seen.count(i) for i in set(seen)} == {"estimate_1": 1, "estimate_2": 1}
