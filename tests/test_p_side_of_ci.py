"""A P printed with the CI of its comparison and no estimate: cells a table's header or notes call 'P (95% CI)'
(issue 16, session 13; analysis.checks.pvalues.check_p_side_of_ci, the p_value entry's lower and upper). Seen in
PMC5412886 (ei_pct7: pairwise comparisons, each cell 'P (95% CI of the difference)') and PMC4169371 (ei_s8: a column
headed 'P (95% CI)'), whose cells an earlier version read as estimates outside their CIs (false `estimate_in_ci`
rows), then left unread.
"""

from __future__ import annotations

import pytest
from printed_forms import flagged
from scipy.stats import norm

from analysis.checks.pvalues import check_p_side_of_ci


def test_a_wald_p_and_its_ci_agree_at_the_boundary():
    # estimate 0.2, SE 0.1: the 95% CI is 0.2 -/+ 1.96 SE = 0.004 to 0.396 and P = 2 * (1 - Phi(2)) = 0.0455
    lo, hi, p = 0.2 - norm.ppf(0.975) * 0.1, 0.2 + norm.ppf(0.975) * 0.1, 2 * norm.sf(2.0)
    assert (round(lo, 3), round(hi, 3), round(p, 4)) == (0.004, 0.396, 0.0455)
    assert check_p_side_of_ci(f"{p:.4f}", f"{lo:.3f}", f"{hi:.3f}").verdict == "consistent"
    # a P at the level beside a bound printed at the null: either reading holds
    assert check_p_side_of_ci("0.05", "0.00", "0.38").verdict == "consistent"


@pytest.mark.parametrize(
    "p, lower, upper, scale, verdict",
    [
        ("0.340", "−0.17", "−0.06", "linear", "inconsistent"),  # PMC5412886: P > .05, CI excludes 0
        (
            "0.000",
            "−0.81",
            "0.24",
            "linear",
            "inconsistent",
        ),  # PMC5412886: P < .05, CI holds 0 (its mirror: −0.24 to 0.81)
        ("0.0280", "−0.0663", "−0.0150", "linear", "consistent"),  # PMC4169371
        ("0.6414", "−0.0248", "0.0359", "linear", "consistent"),  # PMC4169371
        ("0.02", "0.85", "1.10", "log", "inconsistent"),  # a ratio's CI holding 1
        ("0.02", "0.85", "1.10", "linear", "consistent"),  # the same numbers as a difference exclude 0
    ],
)
def test_p_and_ci_agree_on_significance_or_do_not(p, lower, upper, scale, verdict):
    assert check_p_side_of_ci(p, lower, upper, scale=scale).verdict == verdict


# PMC5412886's layout (its Table 5, numbers of its cells): notes saying the cells are 'p (95% CI)'
_NOTES = (
    "Table 5 Signs after 2 weeks.\n\n"
    "Sign | Mean ± SD | Drug A (n = 20) | Drug B (n = 20) | Vehicle (n = 20)\n"
    "Papilla | 0.38 ± 0.32 | — | 0.084 (−0.02 to 0.38) | 0.009 (−0.47 to −0.07)\n"
    "Redness | 0.43 ± 0.34 | — | {} | 0.466 (−0.07 to 0.16)\n\n"
    "*Values are mean ± SD or p (95% CI), as indicated.\n"
)


def test_a_p_cell_whose_ci_excludes_0_is_flagged(tmp_path):
    rows = flagged(tmp_path, _NOTES.format("0.340 (−0.17 to −0.06)"), "p_side_of_ci")
    assert rows == [["P = 0.340; −0.17 to −0.06", "disagree", "likely"]]
    assert flagged(tmp_path, _NOTES.format("0.340 (−0.17 to −0.06)"), "estimate_in_ci") == []


def test_p_cells_that_agree_with_their_ci_are_not_flagged(tmp_path):
    assert flagged(tmp_path, _NOTES.format("0.034 (−0.17 to −0.06)"), "p_side_of_ci") == []


def test_a_column_headed_p_with_ci_is_read_the_same_way(tmp_path):
    # PMC4169371's cells under a 'P (95% CI)' header, and one whose CI holds 0 beside P = .0280
    text = (
        "Table 2 Changes.\n\nOutcome | Change, drug | Change, placebo | P (95% CI)\n"
        "Weight | −1.2 | 0.3 | 0.0280 (−0.0663 to −0.0150)\nWaist | −0.4 | 0.1 | {}\n\nNotes.\n"
    )
    assert flagged(tmp_path, text.format("0.6414 (−0.0248 to 0.0359)"), "p_side_of_ci") == []
    rows = flagged(tmp_path, text.format("0.0280 (−0.0248 to 0.0359)"), "p_side_of_ci")
    assert [r[:2] for r in rows] == [["P = 0.0280; −0.0248 to 0.0359", "disagree"]]


def test_a_number_above_1_under_a_p_head_is_no_p(tmp_path):
    # (a column headed 'P (95% CI)' that held estimates below 1 would be read as P values: docs/precision.md says so)
    text = (
        "Table 2 Ratios.\n\nOutcome | P (95% CI)\nDeath | 1.58 (1.22 to 2.01)\nStroke | 2.10 (1.35 to 3.27)\n\nNotes.\n"
    )
    assert flagged(tmp_path, text, "p_side_of_ci") == []


def test_a_hand_ledger_p_value_with_its_ci_is_audited_and_a_bad_bound_named(tmp_path):
    import shutil

    import yaml
    from ledger.test_ledger import MINIMAL, STUDY

    import analysis
    from analysis.ledger import LedgerError, load_ledger

    def ledger(entry):
        dst = tmp_path / entry["id"]
        shutil.copytree(MINIMAL, dst)
        doc = yaml.safe_load((dst / STUDY).read_text(encoding="utf-8"))
        doc["entries"].append(entry)
        (dst / STUDY).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return dst

    entry = {
        "id": "pc",
        "kind": "p_value",
        "fragment": "0.340 (-0.17 to -0.06)",
        "p": "0.340",
        "lower": "-0.17",
        "upper": "-0.06",
        "estimand": "an invented pairwise difference",
    }
    df = analysis.audit(ledger=load_ledger(ledger(entry), check_sources=False))
    r = df[df.check == "p_side_of_ci"].iloc[0]
    assert r.entry_ids == "pc" and r.verdict == "inconsistent" and r.grade == "likely"
    with pytest.raises(LedgerError) as exc:
        load_ledger(ledger({**entry, "id": "bad", "lower": "minus"}), check_sources=False)
    assert exc.value.entry == "bad" and "lower" in str(exc.value)
    # one bound without the other was read as no CI at all and gave no row: now a refusal naming the missing field
    alone = {k: v for k, v in entry.items() if k != "upper"} | {"id": "half"}
    with pytest.raises(LedgerError) as exc:
        load_ledger(ledger(alone), check_sources=False)
    assert exc.value.entry == "half" and exc.value.field == "upper" and "needs both CI bounds" in str(exc.value)


# review13b (session 13): forms the first version flagged, each a test that fails before its fix
def _table(header: str, cells: list[str], notes: str = "Notes.") -> str:
    rows = "".join(f"Outcome {i} | {c}\n" for i, c in enumerate(cells, 1))
    return f"Table 3 Results.\n\nOutcome | {header}\n{rows}\n{notes}\n"


def test_a_column_of_estimates_inside_their_cis_is_no_column_of_p(tmp_path):
    # notes call the comparison 'p (95% CI)', the arm columns hold each arm's proportion with its CI
    text = (
        "Table 3 Response.\n\nOutcome | Drug | Placebo\n"
        "Week 4 | 0.62 (0.48 to 0.75) | 0.41 (0.28 to 0.55)\nWeek 8 | 0.66 (0.52 to 0.78) | 0.44 (0.31 to 0.58)\n"
        "Week 12 | 0.70 (0.56 to 0.81) | 0.45 (0.32 to 0.59)\n\n"
        "Values are proportion (95% CI) in each arm, and p (95% CI) for the comparison.\n"
    )
    assert flagged(tmp_path, text, "p_side_of_ci") == []


def test_the_level_is_read_from_the_header(tmp_path):
    # P = .08 is below .10 and the 90% CI excludes 0: they agree; at 95% they would not
    assert flagged(tmp_path, _table("P (90% CI)", ["0.08 (0.01 to 0.30)"]), "p_side_of_ci") == []
    assert flagged(tmp_path, _table("P (95% CI)", ["0.08 (0.01 to 0.30)"]), "p_side_of_ci") != []


def test_one_sided_and_adjusted_p_are_not_tested(tmp_path):
    cells = ["0.04 (−0.10 to 1.90)"]
    assert flagged(tmp_path, _table("P (95% CI)", cells, "P values are one-sided."), "p_side_of_ci") == []
    text = _table("P (95% CI)", ["0.12 (0.05 to 0.60)"], "P values are Bonferroni adjusted; CIs are unadjusted.")
    assert flagged(tmp_path, text, "p_side_of_ci") == []


def test_a_ratio_word_does_not_move_a_ci_with_a_negative_bound_to_the_log_scale(tmp_path):
    text = "Table 3 Results.\n\nOutcome | P (95% CI)\nWaist-to-hip ratio | 0.40 (−0.02 to 0.03)\n\nNotes.\n"
    assert flagged(tmp_path, text, "p_side_of_ci") == []


def test_a_p_from_another_test_named_in_the_notes_is_not_tested(tmp_path):
    # the draft holds the test named (p_test, a field of p_value entries since) and stays a valid entry
    from analysis import scan

    text = _table("P (95% CI)", ["0.03 (−0.10 to 1.90)"], "P values are from Mann-Whitney U tests; CIs are t-based.")
    p = tmp_path / "paper.txt"
    p.write_text(text, encoding="utf-8")
    f = scan([str(p)], progress=False).to_frame()
    assert list(f.check) == ["p_side_of_ci"] and f.verdict.iloc[0] == "not_testable"
    assert "Mann-Whitney" in f.explanation.iloc[0]


def test_bounds_printed_upper_first_are_the_same_interval():
    # '0.30 (0.20 to -0.10)' holds 0 whichever bound is printed first: P = .30 agrees; PMC5412886's reversed
    # '0.183 (-0.12 to -0.61)' excludes 0 either way and disagrees, its print kept as printed in the row
    assert check_p_side_of_ci("0.30", "0.20", "-0.10").verdict == "consistent"
    r = check_p_side_of_ci("0.183", "−0.12", "−0.61")
    assert r.verdict == "inconsistent" and r.reported == "P = 0.183; −0.12 to −0.61"
