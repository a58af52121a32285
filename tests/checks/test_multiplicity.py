"""Multiplicity (issue 18 item 1): each P called significant against the family of tests the source says it
ran. References: statsmodels' multipletests and the formulas written out (Bonferroni m p; Holm's step-down
max over j <= i of (m - j + 1) p_(j); Benjamini-Hochberg min over j >= i of m p_(j) / j)."""
from __future__ import annotations

import pytest

from analysis.checks.multiplicity import check_multiplicity


def test_sakurai_22_associations():
    """Sakurai 2025 abstract: 11 metabolites against two outcomes (after the fourth infusion, at 12 months),
    P = 0.005 and 0.007 for 3-hydroxybutyrate. Bonferroni: 22 x 0.005 = 0.11, 22 x 0.007 = 0.154; Holm with
    the other 20 P larger than the two printed (the reading in which the printed P rank first, which gives
    them the largest Holm-adjusted P; smaller unprinted P would lower them, which the explanation also states):
    22 x 0.005 = 0.11 and max(0.11, 21 x 0.007 = 0.147) = 0.147. Even the lowest rounding (0.0045 x 22 = 0.099) is above 0.05."""
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
    """A source that names Holm and prints all 3 P, .020, .030, .040: at best the smallest their rounding
    allows, Holm by hand: 3 x .0195 = .0585 > .05 first, so none survives; .02 would (3 x .015 = .045, then
    2 x .025 = .05 and .035); the row says 'after Holm correction'. (With the other P not printed, .020 survives
    when they are smaller: test_named_holm_with_p_not_printed_..., corrected in review.)"""
    assert [c.verdict for c in check_multiplicity([".02", ".03", ".04"], 3, correction="holm")] == ["consistent"] * 3
    r = check_multiplicity([".020", ".030", ".040"], 3, correction="holm")[0]
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


def test_named_holm_with_p_not_printed_is_not_testable_when_smaller_others_let_it_survive(monkeypatch):
    """Invented: a source names Holm over 2 tests and prints one P, .04. Holm depends on the P not printed:
    brute force over the other P on a grid (statsmodels' Holm on the full family of two) shows .04 survives
    when the other is below .025 (.04 then has rank 2, threshold .05/1), so the row is not testable with both readings.
    Before (found in review) the other P was taken as 1 and the row was inconsistent."""
    import gc

    import numpy as np
    from statsmodels.stats.multitest import multipletests

    # statsmodels 0.15's Holm branch ends with gc.collect(): a full collection per call, about 0.15 s in the
    # heap of a whole test session, so the 400-point grid took 68 s. The collection changes no result.
    monkeypatch.setattr(gc, "collect", lambda *args: 0)
    survives = [multipletests([0.04, q], method="holm")[0][0] for q in np.linspace(0.0005, 1, 400)]
    monkeypatch.undo()
    assert any(survives) and not all(survives)       # the verdict rests on the unprinted P
    (row,) = check_multiplicity(["0.04"], 2, correction="holm")
    assert row.verdict == "not_testable", row.explanation
    assert "0.08 (does not survive 0.05) if the 1 P not printed are larger" in row.explanation
    assert "0.04 (survives 0.05) if they are smaller" in row.explanation


def test_holm_without_a_named_correction_shows_both_readings_of_the_p_not_printed():
    """Sakurai's two P in 22: Bonferroni fails whatever the other 20 P are (the verdict stands); Holm is
    .147 for P = .007 when the 20 are larger (ranks 1-2: max(22 x .005, 21 x .007) = .147) and
    .01 when smaller (ranks 21-22: max(2 x .005, 1 x .007) = .01), by hand."""
    rows = check_multiplicity(["0.005", "0.007"], 22)
    assert [r.verdict for r in rows] == ["inconsistent", "inconsistent"]
    assert "Holm-adjusted P 0.147 (does not survive 0.05) if the 20 P not printed are larger, 0.01 (survives" \
        in rows[1].explanation
