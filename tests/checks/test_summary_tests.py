"""check_group_test: a printed test recomputed from means/SDs/ns or counts over the rounding of every input
(issue 18 item 5). The model case is a three-arm double-blind RCT in the development corpus, PMC5784025
(atenolol, valsartan, fimasartan; baseline differences by one-way ANOVA and chi-squared, Kruskal-Wallis
"in case of non-normality", as its methods say). Ranges are checked against brute force and R."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import REFERENCE, _read_tsv

from analysis.checks.summary_tests import check_group_test, f_range
from analysis.stats.group_tests import oneway_from_stats

R = _read_tsv(REFERENCE / "r_group_tests.tsv")


# --------------------------------------------------------------------------- the model case, PMC5784025

def test_three_arm_anova_p_reproduced():
    """Table 2, brachial SBP at baseline: 154.2 ± 16.7, 150.1 ± 13.6, 147.1 ± 17.2 (n 29, 34, 32),
    P 0.222. R's oneway.test on data with exactly these moments: P 0.22106 (k.sbp0.anova.p)."""
    r = check_group_test(means=["154.2", "150.1", "147.1"], stds=["16.7", "13.6", "17.2"],
                         nobs=[29, 34, 32], p="0.222", test="anova")
    assert r.verdict == "consistent"
    lo, hi = r.details["tests"]["anova"]["p_low"], r.details["tests"]["anova"]["p_high"]
    assert lo < R["k.sbp0.anova.p"] < hi and lo <= 0.2225 and hi >= 0.2215


def test_three_arm_anova_12_weeks():
    """Table 2, brachial PP at 12 weeks: 59.0 ± 15.6, 52.8 ± 14.3, 48.9 ± 11.0, P 0.019 (R: 0.01846)."""
    r = check_group_test(means=["59.0", "52.8", "48.9"], stds=["15.6", "14.3", "11.0"], nobs=[29, 34, 32],
                         p="0.019")
    assert r.verdict == "consistent" and "one-way ANOVA F" in r.recomputed


def test_three_arm_age_p_is_not_an_anova_of_the_printed_summaries():
    """Table 1, age: 62.7 ± 9.0, 61.3 ± 12.5, 58.5 ± 11.6 (n 35 each), P 0.078. Neither ANOVA (R: 0.2793)
    nor Welch's F (R: 0.2488) gives it over any rounding (0.259-0.301 and 0.23-0.269): a negative case.
    The methods allow Kruskal-Wallis for non-normal variables, which needs the data; the check says
    which tests it tried, and the audit grades such a row as an assumption about the test."""
    r = check_group_test(means=["62.7", "61.3", "58.5"], stds=["9.0", "12.5", "11.6"], nobs=[35, 35, 35],
                         p="0.078")
    assert r.verdict == "inconsistent"
    assert "one-way ANOVA F" in r.explanation and "Welch's F" in r.explanation
    assert r.details["tests"]["anova"]["p_low"] > 0.25


def test_three_arm_chi_squared():
    """Table 1, female 10 (28.6), 12 (34.3), 8 (22.9) of 35 each: P 0.571 (R chisq.test: 0.57121);
    hypertension 31, 30, 27 of 35: P 0.402 (scipy/R 0.4015)."""
    assert check_group_test(events=[10, 12, 8], nobs=[35, 35, 35], p="0.571").verdict == "consistent"
    assert check_group_test(events=[31, 30, 27], nobs=[35, 35, 35], p="0.402").verdict == "consistent"
    # the same table with a P one unit off in the second decimal is not a chi-squared of it
    assert check_group_test(events=[10, 12, 8], nobs=[35, 35, 35], p="0.471").verdict == "inconsistent"


def test_two_by_two_tries_yates_too():
    """8/30 vs 4/30: Pearson P 0.1967, Yates 0.3329 (R chisq.test, correct = FALSE / TRUE)."""
    r = check_group_test(events=[8, 4], nobs=[30, 30], p="0.33")
    assert r.verdict == "consistent" and "Yates" in r.recomputed
    assert check_group_test(events=[8, 4], nobs=[30, 30], p="0.20").verdict == "consistent"
    assert check_group_test(events=[8, 4], nobs=[30, 30], p="0.20", test="chi2_yates").verdict == "inconsistent"


def test_two_groups_t_with_statistic():
    """20.3 ± 11.5 vs 30.6 ± 6.1 (n 30 each) as independent groups: |t| = 4.334 (R t.test, k.t2.student.t)."""
    r = check_group_test(means=["20.3", "30.6"], stds=["11.5", "6.1"], nobs=[30, 30], statistic="-4.33", p="<.001")
    assert r.verdict == "consistent"
    assert check_group_test(means=["20.3", "30.6"], stds=["11.5", "6.1"], nobs=[30, 30],
                            statistic="3.10").verdict == "inconsistent"


# --------------------------------------------------------------------------- the ranges, by brute force

@pytest.mark.parametrize("welch", [False, True])
@pytest.mark.parametrize("case", [
    (["154.2", "150.1", "147.1"], ["16.7", "13.6", "17.2"], [29, 34, 32]),
    (["10", "12", "15", "11"], ["2", "5", "3", "8"], [8, 20, 12, 5]),
    (["1.73", "1.69", "1.81"], ["0.40", "0.43", "0.33"], [10, 12, 9]),
])
def test_f_range_brackets_every_value_in_the_box(case, welch):
    """Every corner of the rounding box and 40,000 random points in it: each F lies in [f_low, f_high]; the
    largest F is at a corner (the classical F exactly so), and the sampled smallest is near f_low."""
    import itertools

    from analysis.stats.group_tests import _classical, _welch

    means, stds, nobs = case
    f_lo, f_hi, _, _ = f_range(means, stds, nobs, welch=welch)

    def half(x):
        return 0.5 * 10.0 ** -(len(x.split(".")[1]) if "." in x else 0)
    m0, s0 = np.array(means, float), np.array(stds, float)
    hw = np.array([half(x) for x in means] + [half(x) for x in stds])
    k = len(m0)
    corners = np.array(list(itertools.product(*[(-1.0, 1.0)] * (2 * k))))
    u = np.vstack([corners, np.random.default_rng(18).uniform(-1, 1, (40_000, 2 * k))])
    x = np.concatenate([m0, s0]) + u * hw
    n = np.array(nobs, float)
    fs = (_welch if welch else _classical)(x[:, :k], x[:, k:], n)[0]
    assert fs.min() >= f_lo - 1e-9 and fs.max() <= f_hi + 1e-9
    assert f_hi - fs.max() < (1e-9 if not welch else 1e-3 * f_hi)
    assert fs.min() - f_lo < 0.1 * (f_hi - f_lo)


def test_classical_f_range_reaches_the_face_values_ends():
    """At the face values F lies inside; R's F of the face values (k.sbp0.anova.F) too."""
    f_lo, f_hi, _, _ = f_range(["154.2", "150.1", "147.1"], ["16.7", "13.6", "17.2"], [29, 34, 32])
    assert f_lo < R["k.sbp0.anova.F"] < f_hi


@pytest.mark.parametrize("kw, match", [
    (dict(means=["1", "2"], stds=["1", "1"], nobs=[5, 5]), "p and statistic"),
    (dict(means=["1", "2", "3"], stds=["1", "1", "1"], nobs=[5, 5, 5], p=".05", test="t"), "two-group"),
    (dict(means=["1", "2"], stds=["1", "1"], nobs=[5, 5], p=".05", test="chi2"), "needs events"),
    (dict(events=[1, 2], nobs=[5, 5], p=".05", test="anova"), "needs means"),
    (dict(means=["1", "2"], stds=["1", "1"], nobs=[5, 5], p=".05", test="kruskal"), "test"),
    (dict(means=["1", "2"], stds=["1", "1"], nobs=[5, 5], p="1.5"), "p"),
])
def test_bad_input_is_one_clear_error(kw, match):
    with pytest.raises(ValueError, match=match):
        check_group_test(**kw)


def test_a_float_mean_is_refused_by_the_input_rule():
    with pytest.raises(TypeError, match="means"):
        check_group_test(means=[1.5, 2.0], stds=["1", "1"], nobs=[5, 5], p=".05")


# --------------------------------------------------------------------------- in the audit

def test_audit_recomputes_a_three_arm_anova_and_chi_squared(tmp_path):
    """A comparison of three mean_sd entries with the P the table prints (PMC5784025, Table 2 SBP) and of
    three counts (Table 1, female): summary_test rows; the age row (P .078) is inconsistent and graded
    likely, resting on the test being one of those tried."""
    from conftest import one_study_ledger

    from analysis import audit

    led = one_study_ledger(tmp_path, '''study: {id: inv, source: t, design: rct_parallel, arms: [a, v, f]}
entries:
  - {id: sbp_a, kind: mean_sd, mean: "154.2", sd: "16.7", n: "29", measure: SBP, arm: a, fragment: "154.2 ± 16.7"}
  - {id: sbp_v, kind: mean_sd, mean: "150.1", sd: "13.6", n: "34", measure: SBP, arm: v, fragment: "150.1 ± 13.6"}
  - {id: sbp_f, kind: mean_sd, mean: "147.1", sd: "17.2", n: "32", measure: SBP, arm: f, fragment: "147.1 ± 17.2"}
  - {id: sbp, kind: comparison, entries: [sbp_a, sbp_v, sbp_f], design: independent, p: "0.222", test: anova,
     fragment: "0.222"}
  - {id: age_a, kind: mean_sd, mean: "62.7", sd: "9.0", n: "35", measure: age, arm: a, fragment: "62.7 ± 9.0"}
  - {id: age_v, kind: mean_sd, mean: "61.3", sd: "12.5", n: "35", measure: age, arm: v, fragment: "61.3 ± 12.5"}
  - {id: age_f, kind: mean_sd, mean: "58.5", sd: "11.6", n: "35", measure: age, arm: f, fragment: "58.5 ± 11.6"}
  - {id: age, kind: comparison, entries: [age_a, age_v, age_f], design: independent, p: "0.078", fragment: "0.078"}
  - {id: fem_a, kind: count, k: "10", n: "35", measure: female, arm: a, fragment: "10 (28.6)"}
  - {id: fem_v, kind: count, k: "12", n: "35", measure: female, arm: v, fragment: "12 (34.3)"}
  - {id: fem_f, kind: count, k: "8", n: "35", measure: female, arm: f, fragment: "8 (22.9)"}
  - {id: fem, kind: comparison, entries: [fem_a, fem_v, fem_f], design: independent, p: "0.571", fragment: "0.571"}
''')
    df = audit(ledger=led)
    rows = df[df.check == "summary_test"].set_index(df[df.check == "summary_test"].entry_ids.str.split(",").str[0])
    assert rows.loc["sbp", "verdict"] == "consistent" and rows.loc["fem", "verdict"] == "consistent"
    assert rows.loc["age", "verdict"] == "inconsistent" and rows.loc["age", "grade"] == "likely"
    assert "standard tests tried" in rows.loc["age", "assumptions"]
    assert not (df.check == "comparison").any()  # no 'nothing to test' row beside them


def test_the_ledger_refuses_a_paired_three_group_comparison(tmp_path):
    from conftest import one_study_ledger

    from analysis.ledger import LedgerError

    with pytest.raises(LedgerError, match="design: independent"):
        one_study_ledger(tmp_path, '''study: {id: inv, source: t, design: rct_parallel, arms: [all]}
entries:
  - {id: a, kind: count, k: "1", n: "5", measure: m, fragment: "1"}
  - {id: b, kind: count, k: "2", n: "5", measure: m, fragment: "2"}
  - {id: c, kind: count, k: "3", n: "5", measure: m, fragment: "3"}
  - {id: x, kind: comparison, entries: [a, b, c], design: paired, p: ".5", fragment: "x"}
''')
