"""P against CI only when both come from one analysis (issue 16, the held-in judgement's weak spots): a P named as
from another test than the estimate's CI (a stratified or Mantel-Haenszel test beside a ratio, a chi-squared, exact,
log-rank or rank test) is not recomputed from the CI. Short printed forms written after real ones (PMC id beside
each); the scan drafts each text and audits it, as a user's scan would.
"""

from __future__ import annotations

import pandas as pd

from analysis import scan
from analysis.extraction.evidence import Context, other_test


def p_row(tmp_path, text: str, name: str) -> pd.Series:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    df = scan(path, progress=False).to_frame()
    r = df[df["check"] == "p_against_ci"]
    assert len(r) == 1, df[["check", "verdict", "explanation"]].to_string()
    return r.iloc[0]


# PMC3655222: the methods name a Mantel-Haenszel test stratified by centre; the abstract prints the MH risk ratio
# 0.41 (0.19-0.85) with that test's P = 0.0110 (the CI's Wald P is about 0.02; 14 events: score test and Wald CI differ)
_RESULT = "Need for additional treatment was lower; relative risk 0.41 (0.19-0.85); p = 0.0110.\n"


def test_a_p_from_a_stratified_test_named_in_the_paper_is_not_recomputed_from_the_ci(tmp_path):
    methods = "Groups were compared with a Mantel-Haenszel test, stratified by centre.\n"  # in our words
    r = p_row(tmp_path, methods + _RESULT, "a.txt")
    assert r.verdict == "not_testable"
    assert "another test" in r.explanation and "Mantel-Haenszel test (elsewhere in the paper)" in r.explanation
    # the same result where the paper names no other test: the P is the CI's, and P = 0.0110 is off it
    plain = "Differences between the groups were analysed by log-binomial regression.\n"
    assert p_row(tmp_path, plain + _RESULT, "b.txt").verdict == "inconsistent"


def test_the_test_named_beside_the_p():
    # the sentence names the test (ei corpus: 'Mantel-Haenszel relative risk ratio [95% CI] = 0.51 [0.34, 0.75];
    # p < 0.001'), a table's caption names it (PMC3655222's Table 3, 'stratified Mantel-Haenszel test')
    assert other_test("", Context("Mantel-Haenszel relative risk ratio [95% CI] = 0.51 [0.34, 0.75]; p < 0.001"))
    caption = "Need for treatment (stratified Mantel-Haenszel test)"
    found = other_test("", Context("total | 0.0110 | 0.41 (0.19-0.85)", caption=caption, in_table=True))
    assert found == "stratified Mantel-Haenszel test (table caption)"
    # a model's own P beside its CI names no other test (PMC3655222's logistic regression), nor does 'stratified
    # randomisation' in the paper
    text = "Randomisation was stratified by centre. A logistic regression was performed."
    assert other_test(text, Context("an odds ratio of 2.1 (95% CI 1.1 to 4.0), p = 0.03")) is None


def test_the_paper_wide_test_is_searched_once_per_text(monkeypatch):
    # review (session 5): other_test searched the whole text for a stratified test once per P beside a CI, so a
    # text of many such results was quadratic (2,000 results in 2 MB of text: 188 s CPU; 40 searches here before)
    from analysis import extract_text
    from analysis.extraction import evidence

    class Counting:
        def __init__(self, rx):
            self.rx, self.calls = rx, 0

        def search(self, *args):
            self.calls += 1
            return self.rx.search(*args)

    spy = Counting(evidence._OTHER_TEST_PAPER)
    monkeypatch.setattr(evidence, "_OTHER_TEST_PAPER", spy)
    evidence._other_test_paper.cache_clear()
    results = "".join(f"Outcome {i}: odds ratio 1.{i + 10} (95% CI 0.{i % 9 + 1} to 2.{i % 9}), p = 0.0{i % 9 + 1}. "
                      for i in range(40))
    draft = extract_text("Randomisation was stratified by centre. " + results)
    assert sum(e.get("kind") == "estimate_ci_p" for e in draft.entries) == 40
    assert spy.calls == 1
