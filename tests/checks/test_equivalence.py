"""'similar' with a margin is equivalence by two one-sided tests (Schuirmann 1987) at a stated level,
90% CI by default (issue 18 item 7), checked against R's pt() (tests/reference/r/j_tost.R, output
tests/reference/r_tost_cases.csv: 800 cases, linear differences and ratios, t with 3-60 df or normal)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis import check_claim

CASES = list(csv.DictReader((Path(__file__).parents[1] / "reference" / "r_tost_cases.csv").open()))


def _verdict(row, **kw):
    df = None if row["df"] == "Inf" else row["df"]
    return check_claim("similar", lower=row["lower95"], upper=row["upper95"], margin=row["margin"],
                       scale=row["scale"], df=df, **kw)


def test_r_cases_cover_both_verdicts_and_scales():
    assert len(CASES) == 800
    assert {r["scale"] for r in CASES} == {"linear", "log"}
    assert 200 < sum(float(r["p_tost"]) < 0.05 for r in CASES) < 600


@pytest.mark.parametrize("row", [r for r in CASES if abs(float(r["p_tost"]) - 0.05) > 1e-4],
                         ids=lambda r: f"{r['scale']}-{r['estimate']}-{r['margin']}")
def test_similar_is_r_tost_at_alpha_05(row):
    """Equivalent by R's two one-sided pt() tests at .05 <=> 'similar' consistent (CIs printed with 6 decimals)."""
    expected = "consistent" if float(row["p_tost"]) < 0.05 else "inconsistent"
    r = _verdict(row)
    assert r.verdict == expected, (row, r.explanation)
    assert "90% CI" in r.explanation and "alpha 0.05 each" in r.explanation


def test_at_95_percent_fewer_cases_are_similar():
    """At equivalence_level 95 (each one-sided test at .025, the old reading) the R cases with
    0.025 <= p_tost < 0.05 are no longer similar: the level is a parameter, said in the verdict."""
    between = [r for r in CASES if 0.0251 < float(r["p_tost"]) < 0.0499]
    assert between
    for row in between:
        assert _verdict(row).verdict == "consistent"
        r = _verdict(row, equivalence_level=0.95)
        assert r.verdict == "inconsistent" and "95% CI" in r.explanation


def test_ratio_margin_is_symmetric_on_the_log_scale():
    """Issue 18: a ratio CI 0.30 to 1.20 was counted within a margin of 1.25 (taken as +-1.25 on the
    ratio). On the log scale 1.25 means 0.80 to 1.25: 0.30 is far below 0.80 at any level."""
    r = check_claim("similar", lower="0.30", upper="1.20", margin="1.25", scale="log")
    assert r.verdict == "inconsistent" and "0.8 to 1.25" in r.explanation
    # 0.85 to 1.15 (95%) lies within 0.80 to 1.25 already; a margin printed as 0.8 means the same region
    assert check_claim("similar", lower="0.85", upper="1.15", margin="1.25", scale="log").verdict == "consistent"
    assert check_claim("similar", lower="0.85", upper="1.15", margin="0.8", scale="log").verdict == "consistent"


def test_linear_case_worked_by_hand():
    """-0.8 to 0.9 at 95% (normal): centre 0.05, half-width 0.85; the 90% CI is 0.05 +- 0.85 * 1.6449 / 1.9600
    = -0.663 to 0.763, inside +-0.8 (the 95% CI is not: 0.9 stands for [0.85, 0.95]). -1.0 to 0.9: the
    best reading over rounding is -0.95 to 0.95 (centre 0, half-width 0.95), whose 90% CI is +-0.797:
    inside +-0.8 at 90%, and at 95% never (-0.95 < -0.8)."""
    r = check_claim("similar", lower="-0.8", upper="0.9", margin="0.8")
    assert r.verdict == "consistent" and "-0.663 to 0.763" in r.explanation
    assert check_claim("similar", lower="-1.0", upper="0.9", margin="0.8").verdict == "consistent"
    assert check_claim("similar", lower="-1.0", upper="0.9", margin="0.8", equivalence_level=0.95).verdict == "inconsistent"


def test_bad_levels_are_refused():
    with pytest.raises(ValueError, match=r"^equivalence_level \(100\) must be a fraction in \(0, 1\)"):
        check_claim("similar", lower="-1", upper="1", margin="2", equivalence_level=100)
    with pytest.raises(ValueError, match="lower"):
        check_claim("similar", lower="-0.2", upper="1.1", margin="1.25", scale="log")


def test_audit_passes_the_printed_level_and_df(tmp_path):
    """A 'similar' claim on an estimate printed with its 95% CI and df: the audit converts with t(df)."""
    from conftest import one_study_ledger

    from analysis import audit

    led = one_study_ledger(tmp_path, '''study: {id: inv, source: t, design: rct_parallel, arms: [all]}
entries:
  - {id: d, kind: estimate_ci_p, estimate: "0.10", lower: "-0.80", upper: "1.00", df: "10",
     estimand: "mean difference", fragment: "0.10 (95% CI -0.80 to 1.00)"}
  - {id: s, kind: claim, word: similar, entries: [d], margin: "1", fragment: "similar"}
''')
    row = audit(ledger=led).query("check == 'claim'").iloc[0]
    # t(10): k = qt(.95, 10) / qt(.975, 10) = 1.8125 / 2.2281 = 0.8135; at face value the 90% CI is
    # 0.1 +- 0.9 * 0.8135 = -0.632 to 0.832, inside +-1
    assert row.verdict == "consistent" and "t, 10 df" in row.explanation and "-0.632 to 0.832" in row.explanation
