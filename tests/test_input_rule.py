"""One input rule across the public API (issue 9, item 13; README "Input rule").

1. An argument that is a printed number accepts the printed string everywhere.
2. Where the answer depends on rounding (GRIM, GRIMMER, DEBIT, p recomputation, p against a CI and
   the range of p over the CI's rounding) a float is refused with one message saying why, never
   taken as exact.
3. Counts and df accept integer strings.
4. One vocabulary, scipy's: ``std`` is the sample SD and ``nobs`` the number of observations
   (``n`` stays the number of trials of a count, "k of n"); the other spelling is an error that
   names the right one.
"""
from __future__ import annotations

import pytest

from analysis import (
    check_p_against_ci, debit, grim, grimmer, p_from_ci, paired_smd, power_two_sample, proportion_ci,
    reconstruct, recompute_p, smd, ttest_from_stats,
)

ROUNDING_MESSAGE = "depends on how it was rounded"


def test_printed_strings_accepted_everywhere():
    a = smd("20.3", "11.5", "30", "30.6", "6.1", "30")
    b = smd(20.3, 11.5, 30, 30.6, 6.1, 30)
    assert a.hedges_g == pytest.approx(b.hedges_g, abs=1e-15)
    assert a.hedges_g_ci.low == pytest.approx(b.hedges_g_ci.low, abs=1e-15)
    t = ttest_from_stats("20.3", "11.5", "30", "30.6", "6.1", "30")
    assert t.statistic == pytest.approx(ttest_from_stats(20.3, 11.5, 30, 30.6, 6.1, 30).statistic, abs=1e-15)
    p = paired_smd("30.6", "6.1", "20.3", "11.5", "30", "0.5")
    assert float(p.smcr) == pytest.approx(float(paired_smd(30.6, 6.1, 20.3, 11.5, 30, 0.5).smcr), abs=1e-15)
    assert power_two_sample("12", "6", effect="0.5").power_at_effect == \
        pytest.approx(power_two_sample(12, 6, effect=0.5).power_at_effect, abs=1e-15)
    assert tuple(proportion_ci("8", "30")) == tuple(proportion_ci(8, 30))


FLOAT_CALLS = [
    ("grim", lambda: grim(5.19, 28)),
    ("grimmer mean", lambda: grimmer(5.21, "1.6", 28)),
    ("grimmer sd", lambda: grimmer("5.21", 1.6, 28)),
    ("debit", lambda: debit(0.5, "0.51", 40)),
    ("recompute_p statistic", lambda: recompute_p("t", 2.1, 16, ".05")),
    ("recompute_p p", lambda: recompute_p("t", "2.1", 16, 0.05)),
    ("check_p_against_ci", lambda: check_p_against_ci(-13.5, "-25.0", "-1.98", ".04")),
    ("p_from_ci", lambda: p_from_ci(-13.5, -25.0, -1.98)),
    ("reconstruct", lambda: reconstruct(3.0, "1.4", 5, 1, 5)),
]


@pytest.mark.parametrize("label,call", FLOAT_CALLS, ids=[c[0] for c in FLOAT_CALLS])
def test_float_refused_where_rounding_matters(label, call):
    with pytest.raises(TypeError, match=ROUNDING_MESSAGE) as info:
        call()
    assert "as printed" in str(info.value)


def test_one_message():
    """The same sentence for every function, only the argument's name and value change."""
    msgs = []
    for _, call in FLOAT_CALLS:
        with pytest.raises(TypeError) as info:
            call()
        msg = str(info.value)
        msgs.append(msg[msg.index(")") + 1:])  # drop "name (value)"
    assert len(set(msgs)) == 1, set(msgs)


def test_integers_are_printed_integers():
    """An int has no decimals to lose: it is read as the printed integer."""
    assert p_from_ci(17, "1.4", "32.6").p == p_from_ci("17", "1.4", "32.6").p
    assert grim("5.19", "28").verdict == grim("5.19", 28).verdict == "inconsistent"


def test_counts_and_df_accept_integer_strings():
    assert recompute_p("t", "2.10", "16", ".05").verdict == recompute_p("t", "2.10", 16, ".05").verdict
    assert p_from_ci("-13.5", "-25.0", "-1.98", df="28").p == p_from_ci("-13.5", "-25.0", "-1.98", df=28).p
    r = check_p_against_ci("-13.5", "-25.0", "-1.98", ".04", df="28")
    assert r.verdict == check_p_against_ci("-13.5", "-25.0", "-1.98", ".04", df=28).verdict
    assert power_two_sample("64", "64").mde == power_two_sample(64, 64).mde
    for bad in ("16.5", "x", "-3"):
        with pytest.raises(ValueError, match="nobs1"):
            power_two_sample(bad, 6)


@pytest.mark.parametrize("call,right", [
    (lambda: grim("5.19", n=28), "nobs"),
    (lambda: grimmer("5.21", sd="1.6", nobs=28), "std"),
    (lambda: grimmer("5.21", "1.6", n=28), "nobs"),
    (lambda: debit("0.50", sd="0.51", nobs=40), "std"),
    (lambda: reconstruct("3.0", sd="1.4", nobs=5, low=1, high=5), "std"),
    (lambda: smd("20.3", "11.5", 30, "30.6", "6.1", n2=30), "nobs2"),
    (lambda: smd("20.3", sd1="11.5", nobs1=30, mean2="30.6", std2="6.1", nobs2=30), "std1"),
    (lambda: power_two_sample(n1=12, nobs2=6), "nobs1"),
])
def test_other_spelling_names_the_right_one(call, right):
    with pytest.raises(TypeError, match=f"{right}="):
        call()


def test_vocabulary_keywords_work():
    assert grim(mean="5.19", nobs=28).verdict == "inconsistent"
    assert grimmer(mean="5.21", std="1.6", nobs=28).verdict == "consistent"
    assert reconstruct(mean="3.0", std="1.4", nobs=5, low=1, high=5).count == 3
