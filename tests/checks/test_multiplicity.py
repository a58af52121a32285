"""Multiplicity (issue 18 item 1): each P called significant against the family of tests the source says it
ran. References: statsmodels' multipletests and the formulas written out (Bonferroni m p; Holm's step-down
max over j <= i of (m - j + 1) p_(j); Benjamini-Hochberg min over j >= i of m p_(j) / j)."""
from __future__ import annotations

import pytest

from analysis.checks.multiplicity import check_multiplicity


def test_sakurai_22_associations():
    """Sakurai 2025 abstract: 11 metabolites against two outcomes (after the fourth infusion, at 12 months),
    P = 0.005 and 0.007 for 3-hydroxybutyrate. Bonferroni: 22 x 0.005 = 0.11, 22 x 0.007 = 0.154; Holm with
    the other 20 P unknown (best case: the two printed are the smallest): 22 x 0.005 = 0.11 and
    max(0.11, 21 x 0.007 = 0.147) = 0.147. Even the lowest rounding (0.0045 x 22 = 0.099) is above 0.05."""
    rows = check_multiplicity(["0.005", "0.007"], 22, counts="11 metabolites x 2 outcomes")
    assert [r.verdict for r in rows] == ["inconsistent", "inconsistent"]
    assert [r.grade for r in rows] == ["likely", "likely"]
    assert rows[0].details["adjusted"] == {"bonferroni": pytest.approx(0.11), "holm": pytest.approx(0.11)}
    assert rows[1].details["adjusted"] == {"bonferroni": pytest.approx(0.154), "holm": pytest.approx(0.147)}
    assert rows[0].assumptions[:2] == ("these 22 tests are one family", "no correction for them was pre-specified")
    assert "no Benjamini-Hochberg q: 2 of the 22" in rows[0].explanation
    assert rows[0].details["bh_q"] is None


def test_a_p_that_survives():
    """P = 0.001 in a family of 22: Bonferroni 0.022 (<= 0.05) survives; P = .20 is not called significant."""
    rows = check_multiplicity(["0.001", ".20"], 22)
    assert len(rows) == 1 and rows[0].verdict == "consistent" and rows[0].grade is None


def test_whole_family_gets_bh_q():
    """All 4 P printed: BH q_(i) = min_{j >= i} 4 p_(j) / j: P .01, .02, .03, .04 -> .04, .04, .04, .04.
    Bonferroni at the lowest rounding: 4 x .005 = .02 survives; 4 x .015 = .06 does not (nor .025, .035);
    a row is consistent only when both Bonferroni and Holm let it through."""
    rows = check_multiplicity([".01", ".02", ".03", ".04"], 4)
    assert [r.details["bh_q"] for r in rows] == [pytest.approx(0.04)] * 4
    assert [r.verdict for r in rows] == ["consistent", "inconsistent", "inconsistent", "inconsistent"]


def test_named_correction_is_checked_against_that_correction():
    """A source that names Holm: P .020 of 3 tests, at best the smallest: 3 x .0195 = .0585 > .05 does not
    survive (a P printed as .02 would: 3 x .015 = .045); the row says 'after Holm correction'."""
    assert check_multiplicity([".02"], 3, correction="holm")[0].verdict == "consistent"
    r = check_multiplicity([".020"], 3, correction="holm")[0]
    assert r.verdict == "inconsistent" and "after Holm correction" in r.explanation
    assert check_multiplicity([".01"], 3, correction="bonferroni")[0].verdict == "consistent"
    # BH named but not all P printed: the q values cannot be computed
    assert check_multiplicity([".01"], 3, correction="bh")[0].verdict == "not_testable"


def test_rounding_reading_most_favourable():
    """P printed as .002 ([.0015, .0025]) in 22 tests: 22 x .0015 = .033 survives at the lowest rounding."""
    assert check_multiplicity([".002"], 22)[0].verdict == "consistent"


@pytest.mark.parametrize("kw, match", [
    (dict(ps=[".01"], size=0), "size"),
    (dict(ps=[".01", ".02"], size=1), "more than the family size"),
    (dict(ps=[".01"], size=3, correction="sidak"), "correction"),
    (dict(ps=".01", size=3), "sequence"),
    (dict(ps=["1.5"], size=3), "p"),
])
def test_bad_input(kw, match):
    with pytest.raises(ValueError, match=match):
        check_multiplicity(**kw)
