"""Claims in words against their numbers (check_claim): each word on both sides of its boundary.

The rounding interval of each printed number is written out in the comment beside it (".05" stands
for [.045, .055]); the conventions are alpha = 0.05 and a "trend" 0.05 < p <= 0.10.
"""
from __future__ import annotations

import pytest

from analysis.checks.claims import ALPHA, CLAIM_WORDS, TREND_UPPER, check_claim


def v(word, **kw):
    return check_claim(word, **kw).verdict


def test_conventions():
    assert (ALPHA, TREND_UPPER) == (0.05, 0.10)
    assert set(CLAIM_WORDS) == {"significant", "not_significant", "no_change", "no_difference", "trend",
                                "similar", "superior", "noninferior", "majority", "most", "minority",
                                "remained", "all", "none"}
    # the ledger validates the same closed set of words (analysis.ledger.schema.CLAIM_WORDS)
    from analysis.ledger.schema import CLAIM_WORDS as LEDGER_WORDS
    assert set(LEDGER_WORDS) == set(CLAIM_WORDS)


@pytest.mark.parametrize("p, verdict", [
    (".05", "consistent"),     # [.045, .055]: .045 <= .05
    (".055", "inconsistent"),  # [.0545, .0555]: every value > .05
    (".06", "inconsistent"),   # [.055, .065]: every value > .05
    ("<.001", "consistent"),   # [0, .001]
])
def test_significant_against_p(p, verdict):
    assert v("significant", p=p) == verdict


@pytest.mark.parametrize("upper, verdict", [
    ("-0.01", "consistent"),   # [-0.015, -0.005]: the CI ends below 0
    ("0.00", "consistent"),    # [-0.005, 0.005]: -0.004 would exclude 0
    ("0.01", "inconsistent"),  # [0.005, 0.015]: always includes 0
])
def test_significant_against_ci(upper, verdict):
    assert v("significant", lower="-0.50", upper=upper) == verdict


def test_significant_reduction_needs_the_estimate_below_zero():
    # Fitzgerald's MFIS: -13.5 (-25.0 to -1.98), P = .04: significant, and a reduction
    assert v("significant", p=".04", estimate="-13.5", lower="-25.0", upper="-1.98", side="below") == "consistent"
    # the same numbers read as an increase: the CI lies wholly below 0, not above
    assert v("significant", p=".04", estimate="-13.5", lower="-25.0", upper="-1.98", side="above") == "inconsistent"


@pytest.mark.parametrize("p, verdict", [
    (".04", "inconsistent"),   # [.035, .045]: all <= .05
    (".05", "consistent"),     # [.045, .055]: .052 is in the band
    (".06", "consistent"),     # Fitzgerald's FSS
    (".10", "consistent"),     # [.095, .105]: .095 <= .10
    (".11", "inconsistent"),   # [.105, .115]: all > .10
])
def test_trend_band(p, verdict):
    assert v("trend", p=p) == verdict


def test_trend_with_ci_and_side():
    # Fitzgerald's FSS: -5.2 (-10.4 to 0.14), P = .06: the CI includes 0 (0.14 stands for [0.135, 0.145])
    r = check_claim("trend", p=".06", estimate="-5.2", lower="-10.4", upper="0.14", side="below")
    assert r.verdict == "consistent"
    assert "non-significant result" in r.explanation


@pytest.mark.parametrize("word", ["no_change", "no_difference", "not_significant"])
@pytest.mark.parametrize("p, verdict", [(".06", "consistent"), (".05", "consistent"), (".04", "inconsistent")])
def test_not_significant_words(word, p, verdict):
    # ".05" is [.045, .055]: .052 > .05 is a non-significant reading
    assert v(word, p=p) == verdict


@pytest.mark.parametrize("word", ["no_change", "no_difference"])
def test_no_change_without_ci_says_it_is_not_evidence_of_none(word):
    # review R1: with a p alone (Fitzgerald's 'no difference', P = .40) the explanation said only
    # "P = .40 is above 0.05", as if a non-significant p showed there was no difference
    r = check_claim(word, p=".40")
    assert r.verdict == "consistent"
    assert f"a non-significant result is not evidence of {word.replace('_', ' ')}" in r.explanation
    assert "no CI is printed" in r.explanation
    assert "not evidence" not in check_claim(word, p=".04").explanation  # inconsistent: nothing to qualify


def test_no_change_says_what_the_ci_still_allows():
    # Fitzgerald's DFS: -0.10 (-0.32 to 0.12), P = .40
    r = check_claim("no_change", p=".40", estimate="-0.10", lower="-0.32", upper="0.12")
    assert r.verdict == "consistent"
    assert "allows effects from -0.32 to 0.12" in r.explanation
    # a CI wholly below 0 contradicts "no change" even with a non-significant-looking p
    assert v("no_change", lower="-0.32", upper="-0.12") == "inconsistent"


@pytest.mark.parametrize("lower, verdict", [
    ("-9.9", "consistent"),    # [-9.95, -9.85] > -10
    ("-10.0", "consistent"),   # [-10.05, -9.95]: -9.97 > -10
    ("-10.1", "inconsistent"), # [-10.15, -10.05]: all below -10
])
def test_noninferior_margin_higher_is_better(lower, verdict):
    assert v("noninferior", lower=lower, upper="20.0", margin="-10") == verdict


def test_noninferior_lower_is_better_mirrors():
    # harm outcome, margin +5: the CI's upper bound must stay below 5
    assert v("noninferior", lower="-3.0", upper="4.9", margin="5", better="lower") == "consistent"
    assert v("noninferior", lower="-3.0", upper="5.1", margin="5", better="lower") == "inconsistent"


def test_noninferior_without_margin_is_not_testable():
    r = check_claim("noninferior", lower=4.5, upper=23.5)
    assert r.verdict == "not_testable"
    assert "none is given" in r.explanation


def test_noninferior_on_a_rederived_range():
    # a re-derived lower bound that varies over the plausible splits: (4.5, 5.4) percentage points
    r = check_claim("noninferior", lower=(4.5, 5.4), upper=(23.3, 24.2), margin="-10")
    assert r.verdict == "consistent"


@pytest.mark.parametrize("lower, verdict", [("0.1", "consistent"), ("0.0", "consistent"), ("-0.1", "inconsistent")])
def test_superior(lower, verdict):
    # "0.0" stands for [-0.05, 0.05]: 0.03 > 0 is a superior reading
    assert v("superior", lower=lower, upper="3.0") == verdict


def test_similar_with_a_margin_is_judged_on_the_ci_whatever_the_p():
    # review R1: the p condition (p > .05) was applied with a margin too, so an equivalence shown by the CI
    # with a small but significant difference was called inconsistent. Two one-sided tests (Schuirmann
    # 1987): the CI 0.1 to 0.3 ([0.05, 0.15] and [0.25, 0.35] over rounding) lies within +-1 -> similar;
    # P = .01 ([.005, .015]) is significant, and that does not contradict it.
    r = check_claim("similar", p=".01", estimate="0.2", lower="0.1", upper="0.3", margin="1")
    assert r.verdict == "consistent" and "does not decide it" in r.explanation
    # the same p with a CI reaching past the margin: 1.15 > 1 even at its lowest rounding (1.2 -> [1.15, 1.25])
    assert v("similar", p=".01", lower="0.1", upper="1.2", margin="1") == "inconsistent"
    # a margin without a CI: only the p can be read, and the explanation says so
    r = check_claim("similar", p=".40", margin="1")
    assert r.verdict == "consistent" and "no CI is printed to hold against the margin" in r.explanation


def test_similar_with_and_without_margin():
    assert v("similar", lower="-0.8", upper="0.9", margin="1") == "consistent"
    # issue 18 item 7: the margin is held against the 90% CI (TOST at .05). -0.8 to 1.2 at 95% is past +-1,
    # but its 90% CI (best reading -0.75 to 1.15: 0.2 +- 0.95 * 1.6449 / 1.96 = -0.597 to 0.997) is inside;
    # at 95% (each one-sided test at .025, the old reading) it is not
    assert v("similar", lower="-0.8", upper="1.2", margin="1") == "consistent"
    assert v("similar", lower="-0.8", upper="1.2", margin="1", equivalence_level=0.95) == "inconsistent"
    assert v("similar", lower="-0.8", upper="1.4", margin="1") == "inconsistent"  # best reading -0.75 to 1.35: 0.3 + 0.881 = 1.18 > 1
    r = check_claim("similar", p=".40")
    assert r.verdict == "consistent" and "no equivalence margin" in r.explanation
    assert v("similar", p=".01") == "inconsistent"


@pytest.mark.parametrize("word, kw, verdict", [
    ("majority", {"percent": "50.1"}, "consistent"),
    ("majority", {"percent": "49.9"}, "inconsistent"),   # [49.85, 49.95] < 50
    ("majority", {"k": 16, "n": 30}, "consistent"),      # 16/30 = 53.3%
    ("majority", {"k": 15, "n": 30}, "inconsistent"),    # exactly half is not a majority
    ("most", {"k": 2, "n": 3}, "consistent"),            # 2/3 = 66.7%
    ("minority", {"percent": "13.3"}, "consistent"),     # Sakurai: 13.3% remained in remission
    ("minority", {"percent": "50.0"}, "consistent"),     # [49.95, 50.05]: 49.97 is a minority
    ("minority", {"percent": "50.1"}, "inconsistent"),
    ("minority", {"k": 15, "n": 30}, "inconsistent"),
    ("all", {"k": 30, "n": 30}, "consistent"),
    ("all", {"percent": "100"}, "consistent"),
    ("all", {"percent": "99.9"}, "inconsistent"),        # [99.85, 99.95] < 100
    ("none", {"k": 0, "n": 3}, "consistent"),
    ("none", {"percent": "0.1"}, "inconsistent"),        # [0.05, 0.15] > 0
])
def test_shares(word, kw, verdict):
    assert v(word, **kw) == verdict


@pytest.mark.parametrize("subset, superset, verdict", [
    ((4, 30), (8, 30), "consistent"),      # Sakurai: 4/30 = 13.3% of 8/30 = 26.7% remained
    ((8, 30), (8, 30), "consistent"),      # all of them remained
    ((9, 30), (8, 30), "inconsistent"),    # more cannot remain than there were
    ("13.3", "26.7", "consistent"),
    ("26.8", "26.7", "consistent"),        # [26.75, 26.85] meets [26.65, 26.75] at 26.75
    ("26.9", "26.7", "inconsistent"),
])
def test_remained(subset, superset, verdict):
    assert v("remained", subset=subset, superset=superset) == verdict


def test_bad_input():
    with pytest.raises(ValueError, match="word .'notable'. must be one of"):
        check_claim("notable", p=".05")
    with pytest.raises(ValueError, match="needs p, or lower and upper"):
        check_claim("significant")
    with pytest.raises(ValueError, match="needs percent, or k and n"):
        check_claim("majority")
    with pytest.raises(ValueError, match="side"):
        check_claim("significant", p=".04", side="down")
