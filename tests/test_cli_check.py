"""`reanalysis check p-stat` takes the df and the test name as a ledger or a paper prints them (issue 19 item 5).

Reference P values from R 4.2.2 and R statcheck 1.4.0 (`Rscript -e '...'`, run once, 2026-12-06):
    pf(2.20, 1, 38, lower.tail = FALSE)            0.1462579823
    statcheck("F(1, 38) = 2.20, p = .03")          computed_p 0.146258, error TRUE, decision_error TRUE
    2 * pt(-2.20, 28)                              0.03622548478
    statcheck("t(28) = 2.20, p = .03")             computed_p 0.03622548, error TRUE
    pchisq(4.1, 1, lower.tail = FALSE)             0.04288321353
    statcheck("chi2(1) = 4.1, p = .04")            computed_p 0.04288321, error FALSE
"""
from __future__ import annotations

import pytest

from analysis.cli import main


def _one_check(capsys, *argv) -> str:
    assert main(["check", "p-stat", *argv]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return out


@pytest.mark.parametrize("df", ["1, 38", "1,38", "(1, 38)", " 1 ,  38 "])
@pytest.mark.parametrize("test", ["F", "f"])
def test_f_takes_the_df_as_the_ledger_prints_it(capsys, test, df):
    # data/README.md: a test_statistic's df is "df1, df2" for F. statcheck: p = 0.146258, a decision error.
    out = _one_check(capsys, test, "2.20", df, ".03")
    assert out.startswith("inconsistent: F(1, 38) = 2.20")
    assert "p = 0.146" in out and "decision error" in out


def test_f_with_decimal_df_is_recomputed_over_their_rounding(capsys):
    # Greenhouse-Geisser df as printed, "1.8, 86.7" (data/README.md's example): P .0160 as printed, .0169 at
    # the far end of the df's rounding, which reaches the printed .017 (recompute_p's doctest).
    out = _one_check(capsys, "F", "4.55", "1.8, 86.7", ".017")
    assert out.startswith("consistent: F(1.8, 86.7) = 4.55")


@pytest.mark.parametrize("test", ["t", "T", " t "])
def test_t_in_either_case(capsys, test):
    # 2 pt(-2.20, 28) = 0.0362 does not round to .03 (statcheck: error TRUE)
    out = _one_check(capsys, test, "2.20", "28", ".03")
    assert out.startswith("inconsistent: t(28) = 2.20") and "0.036" in out


@pytest.mark.parametrize("test", ["chi2", "CHI2", "chisq", "X2", "x2", "chi-square", "Chi-squared", "χ2", "χ²"])
def test_chi_square_spellings(capsys, test):
    # pchisq(4.1, 1, lower = FALSE) = 0.0429, fits .04 (statcheck: error FALSE)
    out = _one_check(capsys, test, "4.1", "1", ".04")
    assert out.startswith("consistent: chi2(1) = 4.1")


def test_z_takes_a_dash_for_its_missing_df(capsys):
    # 2 pnorm(-2.58) = 0.00988 < .01
    out = _one_check(capsys, "Z", "2.58", "-", "<.01")
    assert out.startswith("consistent: z = 2.58")


@pytest.mark.parametrize("argv, names", [
    (["F", "2.20", "38", ".03"], ["df ('38')", "1, 38"]),          # one df for F
    (["t", "2.20", "1, 38", ".03"], ["df ('1, 38')", "one number"]),  # two for t
    (["z", "1.96", "12", ".05"], ["df ('12')", "z"]),
    (["t", "2.20", "abc", ".03"], ["df ('abc')"]),
    (["q", "2.20", "38", ".03"], ["test ('q')", "chisq"]),            # not a test: argparse's one line
])
def test_bad_df_or_test_is_one_line_and_exit_2(capsys, argv, names):
    try:
        rc = main(["check", "p-stat", *argv])
    except SystemExit as exc:  # argparse refuses an unknown test name with exit 2
        rc = exc.code
    assert rc == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert all(n in last for n in names), last
