"""Intervals asymmetric by construction are not tested as estimate ± q SE (issue 16, precision item 1): each rule
with a case that held and one that did not, on short forms written after real prints (PMC id beside each). The
scan drafts each text and audits it, as a user's scan would.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import scan
from analysis.extraction.evidence import Context, asymmetric_interval, asymmetric_method

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "r_ratio_skew.txt"


def ci_row(tmp_path, text: str, estimate: str, name: str = "paper.txt") -> pd.Series:
    """The ci_symmetry row of the estimate printed as ``estimate`` in a scan of ``text``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    df = scan(path, progress=False).to_frame()
    shown = df["reported"].str.startswith(estimate + " (") | df["reported"].str.startswith(f"estimate={estimate};")
    r = df[(df["check"] == "ci_symmetry") & shown]
    assert len(r) == 1, df[["check", "verdict", "reported"]].to_string()
    return r.iloc[0]


def test_reliability_coefficients_have_asymmetric_intervals(tmp_path):
    # PMC5061809 prints inter-rater ICCs "0.937 (95% confidence interval: 0.890–0.966, F = 45.36, p < 0.001)";
    # PMC5587697 prints Cronbach's alpha "(α = 0.77, 95% CI [0.66, 0.85])" (F-based and Feldt intervals)
    icc = ("The raters agreed: for flexibility, 0.937 (95% confidence interval: 0.890–0.966, F = 45.36, p < 0.001), "
           "high inter-rater reliability.\n")
    r = ci_row(tmp_path, icc, "0.937", "a.txt")
    assert r.verdict == "not_testable" and "inter-rater" in r.explanation
    r = ci_row(tmp_path, "Premeditation was consistent (α = 0.77, 95% CI [0.66, 0.85]).\n", "0.77", "b.txt")
    assert r.verdict == "not_testable" and "α = 0.7" in r.explanation
    # the same numbers as a difference in a score stay a (likely) finding: 0.937 is not the centre 0.928
    r = ci_row(tmp_path, "The mean difference was 0.937 (95% confidence interval: 0.890–0.966).\n", "0.937", "c.txt")
    assert r.verdict == "inconsistent" and r.grade == "likely"
    # a significance level named alpha is not a reliability coefficient
    assert asymmetric_interval(Context("alpha = 0.05; the difference was 0.77, 95% CI [0.66, 0.85]")) is None


def test_bootstrapped_cost_intervals(tmp_path):
    # PMC2994546: CIs of cost differences by bias-corrected and accelerated bootstrapping (methods), then
    # "a mean difference of €31.02 (95% CI -32.32 to 76.43) in total costs" (centre 22.055)
    methods = "Confidence intervals for cost differences were computed by BCa bootstrapping with 2000 replications. "
    result = "Imputation led to a mean difference of €31.02 (95% CI -32.32 to 76.43) in total costs.\n"
    r = ci_row(tmp_path, methods + result, "31.02", "a.txt")
    assert r.verdict == "not_testable" and "bootstrapping for costs" in r.explanation
    # without the paper's bootstrap the same print is a (likely) finding
    r = ci_row(tmp_path, "Costs were compared between arms. " + result, "31.02", "b.txt")
    assert r.verdict == "inconsistent" and r.grade == "likely"
    # a paper that bootstraps its costs does not excuse an estimate that is not a cost
    r = ci_row(tmp_path, methods + "Pain fell by a mean difference of 31.02 (95% CI -32.32 to 76.43) points.\n",
               "31.02", "c.txt")
    assert r.verdict == "inconsistent"


def test_exact_and_one_sided_intervals(tmp_path):
    # PMC5440059: a one-sided Fisher's exact test named a sentence before "(.042, CI = [0.00, 0.262], p = .500)":
    # a risk difference whose interval is truncated at 0
    before = "Using a one-sided Fisher's exact test, the arms did not differ for UI. "
    r = ci_row(tmp_path, before + "Nocturia did not differ at midpoint (.042, CI = [0.00, 0.262], p = .500).\n",
               ".042", "a.txt")
    assert r.verdict == "not_testable" and "a bound printed as 0" in r.explanation
    # a lower bound that is not 0 is not a truncated interval (centre .081)
    r = ci_row(tmp_path, before + "Nocturia did not differ at midpoint (.042, CI = [-0.10, 0.262], p = .500).\n",
               ".042", "b.txt")
    assert r.verdict == "inconsistent"
    # an exact method named in the sentence wins over a ratio label (an exact OR interval is not log-symmetric)
    assert asymmetric_method(Context("OR 3.90 (95% CI 1.04 to 18.38) by Fisher's exact test")).startswith("Fisher")
    assert asymmetric_method(Context("OR 3.90 (95% CI 1.04 to 18.38) by logistic regression")) is None


def _r_case(name: str) -> tuple[str, str]:
    """(profile, exact) prints of a worked case of tests/reference/r/l_ratio_skew.R."""
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        key, *vals = line.split("\t")
        if key == name:
            return vals[0].split(" ", 1)[1], vals[1].split(" ", 1)[1]
    raise KeyError(name)


def test_a_ratio_a_little_off_its_log_centre_is_not_tested(tmp_path):
    # R (tests/reference/r/l_ratio_skew.R): 12/40 vs 4/41 gives the profile-likelihood OR 3.96 (1.23 to 15.39) and
    # the exact conditional OR 3.90 (1.04 to 18.38), 7.5% and 7.9% of the half-width off the geometric centre
    profile, exact = _r_case("case_12_40_4_41")
    assert (profile, exact) == ("3.96 (1.23 to 15.39)", "3.90 (1.04 to 18.38)")
    for i, printed in enumerate((profile, exact)):
        est, lo, hi = printed.replace("(", "").replace(")", "").replace(" to ", " ").split()
        r = ci_row(tmp_path, f"Response was more likely (OR {est}, 95% CI {lo} to {hi}).\n", est, f"r{i}.txt")
        assert r.verdict == "not_testable" and "profile-likelihood or exact" in r.explanation, r.explanation
    # PMC3635879's adjusted OR 1.94 (1.22 to 3.01): centre 1.916, 3% of the half-width
    r = ci_row(tmp_path, "Lectures: adjusted OR 1.94 (95% CI 1.22 to 3.01).\n", "1.94", "c.txt")
    assert r.verdict == "not_testable"
    # PMC4307223's OR 1.04 (0.45 to 1.82), whose upper bound repeats the next OR: centre 0.905, 19% off: a finding
    r = ci_row(tmp_path, "Continence at discharge: OR 1.04 (95% CI 0.45 to 1.82).\n", "1.04", "d.txt")
    assert r.verdict == "inconsistent" and r.grade == "likely"
    # the 95th percentile of both methods' skew over R's random tables is below the 10% the rule allows
    q95 = {k: float(v) for k, v in (ln.split("\t") for ln in REFERENCE.read_text().splitlines()[1:9])}
    assert max(q95["profile_q95"], q95["exact_q95"]) <= 0.10 < min(q95["profile_q99"], q95["exact_q99"])


def test_credible_and_monte_carlo_intervals_named_once_in_the_paper(tmp_path):
    # statcheck-dev 09567976221116816 defines "95% credible intervals (CIs)" in its methods, then prints
    # "β 15,17 = 3.713, 95% CI = [0.738, 6.529]" (centre 3.6335)
    result = "Volatility predicted problems, b = 3.713, 95% CI = [0.738, 6.529].\n"
    defined = "Effects were taken as nonnull when the 95% credible intervals (CIs) excluded zero. "
    r = ci_row(tmp_path, defined + result, "3.713", "a.txt")
    assert r.verdict == "not_testable" and "credible intervals (CIs)" in r.explanation
    assert ci_row(tmp_path, "Effects were estimated by regression. " + result, "3.713", "b.txt").verdict == "inconsistent"
    # 0956797618785899: Monte Carlo CIs of indirect effects (methods), then an indirect effect printed more than
    # 200 characters after the words "indirect effect": "b = 0.08, 95% CI = [0.001, 0.140]" (centre 0.0705)
    methods = ("As a bootstrapping method we used the Monte Carlo method for assessing mediation to estimate the "
               "indirect effect. ")
    result = ("Results revealed significant indirect effects for the partner's satisfaction with the solution and with "
              "the relationship as discussed in the diary, b = 0.15, 95% CI = [0.01, 0.28], and b = 0.09, "
              "95% CI = [0.01, 0.16], respectively, even when we controlled for baseline satisfaction, b = 0.14, "
              "95% CI = [0.001, 0.270], and b = 0.08, 95% CI = [0.001, 0.140], respectively.\n")
    r = ci_row(tmp_path, methods + result, "0.08", "c.txt")
    assert r.verdict == "not_testable" and "indirect effect" in r.explanation
    r = ci_row(tmp_path, "We used regression models. " + result, "0.08", "d.txt")
    assert r.verdict == "inconsistent"


def test_a_percentage_s_interval_is_not_tested_for_symmetry(tmp_path):
    # found by judging 250 held-in papers (ei_heldin.csv): a Kaplan-Meier survival percentage, PMC2817867
    # "survival ... was 23% (95% CI = 11 to 39%)", and shares with binomial intervals under a '% (95% CI)' column,
    # PMC3655222 "3.1 (1.7–5.1)": intervals asymmetric by construction, flagged as off-centre before
    r = ci_row(tmp_path, "Five-year survival after surgery alone was 23% (95% CI = 11 to 39%).", "23")
    assert r["verdict"] == "not_testable" and "percentage estimate" in r["explanation"]
    t = "Table 2\n\n | n | % (95% CI)\nCarbetocin | 462 | 3.1 (1.7–5.1)\nOxytocin | 690 | 9.3 (7.2–11.7)\n"
    r = ci_row(tmp_path, t, "3.1", "table.txt")
    assert r["verdict"] == "not_testable" and "column header" in r["explanation"]
    # negative: a difference of percentages has a Wald interval, and a mean of percentages over people a t
    # interval (statcheck-dev 0956797620985832: 'M = 64.97%, 95% CI = [64.33, 65.60]'): both still tested
    r = ci_row(tmp_path, "The risk difference was 12% (95% CI = 3 to 30%).", "12", "diff.txt")
    assert r["verdict"] == "inconsistent"
    r = ci_row(tmp_path, "Accuracy was above chance (M = 64.97%, 95% CI = [64.33, 65.60]).", "64.97", "mean.txt")
    assert r["verdict"] == "consistent"
