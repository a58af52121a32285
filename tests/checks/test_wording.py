"""A claim of significance with no test reported (issue 18 item 2): the statistical sense of "significant"
separated from the ordinary one, each rule with a printed form from the seeds or the development corpus."""
from __future__ import annotations

import pytest

from analysis.checks.wording import check_significance_reported, significance_claim


@pytest.mark.parametrize("text, sense", [
    # seeds, Rett news: three girls, no test printed
    ("Researchers observed significant positive changes in both mood and behavior", "significant"),
    # seeds, Belge editorial on ref [13]
    ("significant improvement of depressive symptoms, notwithstanding a notable placebo response", "significant"),
    # seeds, Belge editorial on ref [27]; on ref [12]; on ref [14]
    ("Results showed no significant difference between ketamine and placebo [27]", "not significant"),
    ("failed to discern a significant difference between the two formulations", "not significant"),
    ("were not statistically significant in certain subgroups", "not significant"),
    # seeds, Fitzgerald news (a P is printed there: the audit's claim check reads it)
    ("a clinically and statistically significant reduction in Modified Fatigue Impact Scale", "significant"),
    ("scores were significantly reduced after treatment", "significant"),
    ("differed significantly between groups", "significant"),
    # a negation elsewhere in the fragment does not govern the first claim (review: the whole fragment was
    # searched, so this read as "not significant"); the order of the seeds' claims written the other way round
    ("a significant improvement in fatigue but no significant difference in mood", "significant"),
    ("no significant difference in mood but a significant improvement in fatigue", "not significant"),
])
def test_statistical_sense(text, sense):
    assert significance_claim(text)[0] == sense


@pytest.mark.parametrize("text", [
    # seeds, Rett news: importance, not a test
    "The study's findings are particularly significant given that a recent Phase 2 trial",
    # seeds, Fitzgerald news: a judgement of size
    "large, clinically significant and long-lasting changes",
    "Depression is a significant burden worldwide",
    "no numbers at all",
])
def test_ordinary_sense_or_none(text):
    assert significance_claim(text) is None


def test_no_test_reported_is_a_finding_with_n():
    c = check_significance_reported("significant positive changes in both mood and behavior",
                                    tests_reported=False, n=3)
    assert c.verdict == "not_testable" and c.reported == "claim of significance with no test reported"
    assert "(n = 3)" in c.explanation and "'significant positive changes'" in c.explanation
    assert check_significance_reported("significant positive changes", tests_reported=True).verdict == "consistent"
    assert check_significance_reported("particularly significant given", tests_reported=False) is None


def test_long_text_is_bounded():
    import time

    t = time.process_time()   # CPU time, not the wall clock: a loaded machine does not fail it
    significance_claim("significant " * 100_000 + "x")  # capped at 2,000 characters, linear patterns
    assert time.process_time() - t < 1.0
    with pytest.raises(TypeError):
        significance_claim(None)
