"""debit_map and recompute_p_map equal debit() and recompute_p() row for row.

The scalar functions are the reference: every row of a random frame and of a frame of edge
cases (values on the ends of rounding intervals, p = .000, p < x, p > x, "ns", one-sided tests,
r = 1, a statistic of 0, SD 0) must get the same verdict (and for recompute_p the same decision
error and the same recomputed p values) from the map as from the scalar function.
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from analysis import debit, debit_map, recompute_p, recompute_p_map

ROUNDINGS = ("up_or_down", "up", "down", "even")


# =========================================================================== DEBIT

def _fmt(x: float, d: int) -> str:
    return f"{x:.{d}f}"


def debit_rows(rows: int, seed: int) -> pd.DataFrame:
    """Random binary summaries: half generated from a real k/n (mostly consistent), half random."""
    rng = np.random.default_rng(seed)
    n = rng.integers(2, 400, rows)
    k = rng.integers(0, n + 1)
    d = rng.integers(0, 4, rows)           # mean decimals 0..3
    e = rng.integers(0, 4, rows)           # SD decimals 0..3
    real = rng.random(rows) < 0.5
    p = np.where(real, k / n, rng.random(rows))
    sd = np.where(real, np.sqrt(n / (n - 1) * p * (1 - p)), rng.uniform(0, 0.75, rows))
    # nudge half of the SDs by one unit of the last digit either way (near the rounding edges)
    nudge = rng.integers(-1, 2, rows) * (rng.random(rows) < 0.5)
    sd = np.clip(sd + nudge * 10.0 ** -e, 0, 1)
    return pd.DataFrame({"mean": [_fmt(a, b) for a, b in zip(p, d)],
                         "sd": [_fmt(a, b) for a, b in zip(sd, e)], "n": n})


def debit_edges() -> pd.DataFrame:
    """Hand-picked edges: SD exactly on a rounding end, 0 and 1, the peak at 0.5, n = 2."""
    rows = [
        ("0.35", "0.49", 20), ("0.35", "0.48", 20), ("0.35", "0.488", 20), ("0.35", "0.487", 20),
        ("0.50", "0.503", 100), ("0.50", "0.502", 100), ("0.5", "0.5", 2), ("0.5", "0.71", 2),
        ("0", "0", 10), ("0.0", "0.0", 10), ("1", "0", 3), ("1.00", "0.00", 3), ("0.00", "0.05", 40),
        ("0.01", "0.1", 100), ("0.99", "0.10", 100), ("0.5", "0.50", 2), ("0.25", "0.45", 5),
        ("0.2", "0.45", 5), ("0.2", "0.4", 5), ("0.2", "0.5", 5), ("0.45", "0.5", 21), ("0.05", "0.2", 20),
        ("0.050", "0.224", 20), ("0.05", "0.22", 20), ("0.125", "0.354", 8), ("0.125", "0.35", 8),
        ("0.5", "0", 2), ("1", "1", 2), ("0.333", "0.471", 3), ("0.333", "0.577", 3), ("0.667", "0.577", 3),
    ]
    return pd.DataFrame(rows, columns=["mean", "sd", "n"])


def _exact_sqrt(v: Fraction) -> Fraction | None:
    rn, rd = math.isqrt(v.numerator), math.isqrt(v.denominator)
    return Fraction(rn, rd) if rn * rn == v.numerator and rd * rd == v.denominator else None


@functools.lru_cache(maxsize=None)
def debit_ties(max_n: int = 60) -> pd.DataFrame:
    """Rows whose binary SD lands exactly on an end of the printed SD's rounding interval, found in
    exact rational arithmetic: at an end of the mean's interval (mean_n) or at a count k/n (exact).
    Only float noise decides these rows, so they test the maps' tolerances against the scalar's.

    Computed once per process (0.4 s; nine tests read it, none changes it)."""
    rows = []
    ends = {Fraction(2 * m + j, 2 * 10**d): d for d in (1, 2, 3) for m in range(10**d + 1) for j in (-1, 1)}
    for n in range(2, max_n):
        counts = {Fraction(k, n): None for k in range(n + 1)}
        for x, d in {**counts, **ends}.items():
            if not 0 <= x <= 1:
                continue
            sd = _exact_sqrt(Fraction(n, n - 1) * x * (1 - x))
            for e in (1, 2, 3, 4):
                t = None if sd is None else sd * 2 * 10**e
                if t is None or t.denominator != 1 or t.numerator % 2 == 0:
                    continue
                sds = [f"{(t.numerator + j) // 2 / 10**e:.{e}f}" for j in (-1, 1)]
                if d is None:  # a count: the means it prints as, rounded either way
                    means = {f"{math.floor(x * 10**dd) / 10**dd:.{dd}f}" for dd in (1, 2, 3)}
                    means |= {f"{math.ceil(x * 10**dd) / 10**dd:.{dd}f}" for dd in (1, 2, 3)}
                else:  # an end of two neighbouring means' intervals
                    lo = math.floor(x * 10**d)
                    means = {f"{v / 10**d:.{d}f}" for v in (lo, lo + 1) if 0 <= v <= 10**d}
                rows += [(m, s, n) for m in sorted(means) for s in sds]
    return pd.DataFrame(rows, columns=["mean", "sd", "n"])


def test_the_ties_are_there():
    ties = debit_ties()
    # e.g. n = 13 and a proportion of .025 (the end of "0.02" and "0.03"): SD exactly 0.1625
    assert {("0.02", "0.162", 13), ("0.03", "0.163", 13)} <= set(map(tuple, ties.itertuples(index=False)))
    assert len(ties) > 50


def _debit_scalar(frame: pd.DataFrame, formula: str, rounding: str) -> list[str]:
    return [debit(m, s, int(n), formula=formula, rounding=rounding).verdict
            for m, s, n in zip(frame["mean"], frame["sd"], frame["n"])]


@pytest.mark.parametrize("formula", ["mean_n", "exact"])
@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_debit_map_equals_debit_row_for_row(formula, rounding):
    frame = pd.concat([debit_edges(), debit_ties(), debit_rows(3000, seed=len(rounding) + len(formula))],
                      ignore_index=True)
    out = debit_map(frame, formula=formula, rounding=rounding)
    expected = _debit_scalar(frame, formula, rounding)
    got = out["debit_verdict"].astype(str).tolist()
    diff = [(i, *frame.iloc[i], expected[i], got[i]) for i in range(len(frame)) if expected[i] != got[i]]
    assert not diff, diff[:10]
    # the random rows exercise both verdicts (the test can fail either way)
    assert {"consistent", "inconsistent"} <= set(expected)


def test_debit_map_sd_range_is_the_scalar_range():
    frame = debit_edges()
    out = debit_map(frame)
    for i, (m, s, n) in enumerate(zip(frame["mean"], frame["sd"], frame["n"])):
        lo, hi = debit(m, s, int(n)).details["sd_range"]
        assert out["debit_sd_low"].iloc[i] == lo and out["debit_sd_high"].iloc[i] == hi


def test_debit_map_worked_example_heathers_brown():
    # Heathers & Brown (2019), the DEBIT preprint's example as in scrutiny's debit(): a proportion of
    # 0.35 with n = 20 has a sample SD of sqrt(20/19 * .35 * .65) = 0.4894, so "0.18" is impossible
    out = debit_map(pd.DataFrame({"mean": ["0.35", "0.35"], "sd": ["0.18", "0.49"], "n": [20, 20]}))
    assert out["debit_verdict"].tolist() == ["inconsistent", "consistent"]
    # the SD is smallest at the end of the mean interval [.345, .355] farther from 0.5
    assert out["debit_sd_low"].iloc[1] == pytest.approx(math.sqrt(20 / 19 * .345 * .655), rel=1e-12)
    assert out["debit_sd_high"].iloc[1] == pytest.approx(math.sqrt(20 / 19 * .355 * .645), rel=1e-12)


def test_debit_map_keeps_the_callers_frame_and_index():
    frame = pd.DataFrame({"mean": ["0.35"], "sd": ["0.49"], "n": [20]}, index=["row_a"])
    out = debit_map(frame, prefix="x_")
    assert list(frame.columns) == ["mean", "sd", "n"] and out.index.tolist() == ["row_a"]
    assert out["x_verdict"].iloc[0] == "consistent"


@pytest.mark.parametrize("bad, match", [
    ({"mean": ["1.2"], "sd": ["0.4"], "n": [20]}, r"column 'mean', row 0: .*\[0, 1\]"),
    ({"mean": ["0.3"], "sd": ["1.2"], "n": [20]}, r"column 'sd', row 0: .*\[0, 1\]"),
    ({"mean": ["0.3"], "sd": ["0.4"], "n": [1]}, r"column 'n', row 0: nobs \(1\) must be an integer >= 2"),
    ({"mean": ["<.3"], "sd": ["0.4"], "n": [20]}, r"column 'mean', row 0: '<.3' is not a printed number"),
])
def test_debit_map_bad_rows_name_column_and_row(bad, match):
    with pytest.raises(ValueError, match=match):
        debit_map(pd.DataFrame(bad))


def test_debit_map_rejects_unknown_formula_and_rounding():
    frame = pd.DataFrame({"mean": ["0.3"], "sd": ["0.4"], "n": [20]})
    with pytest.raises(ValueError, match=r"formula \('mean'\) must be one of 'mean_n', 'exact'"):
        debit_map(frame, formula="mean")
    with pytest.raises(ValueError, match=r"rounding \('nearest'\) must be one of"):
        debit_map(frame, rounding="nearest")


# =========================================================================== recompute_p

def _p_text(p: float, rng: np.random.Generator) -> str:
    """A printed P: '=' with 2 or 3 decimals (sometimes off by a unit), '<'/'>' bounds, labels."""
    u = rng.random()
    if u < 0.08:
        return rng.choice(["< .001", "<.001", "p < .001", "P<0.001", "< .01", "< .05", "p < .05"])
    if u < 0.12:
        return rng.choice(["> .05", ">.05", "p > .05", "> .10", "≥ .05"])
    if u < 0.16:
        return rng.choice(["ns", "n.s.", "NS"])
    if u < 0.19:
        return rng.choice([".000", "= .000", "p = .000", "0.000"])
    d = int(rng.integers(2, 4))
    shift = rng.choice([0, 0, 0, -1, 1]) * 10.0 ** -d
    val = min(max(round(p, d) + shift, 0.0), 1.0)
    s = f"{val:.{d}f}"
    s = s[1:] if s.startswith("0") and rng.random() < 0.7 else s
    return rng.choice(["", "= ", "p = ", "P="]) + s


def _stat_text(x: float, d: int) -> str:
    return f"{x:.{d}f}"


def recompute_rows(rows: int, seed: int) -> pd.DataFrame:
    """Random test results in statcheck's layout (df1, df2), p near the true one."""
    rng = np.random.default_rng(seed)
    tests = rng.choice(["t", "F", "chi2", "r", "z"], rows, p=[.35, .3, .12, .13, .1])
    out = []
    for test in tests:
        d = int(rng.integers(0, 4))
        df1 = df2 = None
        alt = "two-sided"
        if test == "t":
            df2 = int(rng.integers(1, 300))
            x = rng.normal(0, 2.5)
            p = 2 * special.stdtr(df2, -abs(round(x, d)))
        elif test == "z":
            x = rng.normal(0, 2.5)
            p = 2 * special.ndtr(-abs(round(x, d)))
        elif test == "r":
            df2 = int(rng.integers(1, 300))
            x = float(np.clip(rng.normal(0, 0.35), -1, 1))
            d = max(d, 1)
            r = min(abs(round(x, d)), 1.0)
            p = 1.0 if r == 0 else (0.0 if r == 1 else 2 * special.stdtr(df2, -r / math.sqrt((1 - r * r) / df2)))
        elif test == "F":
            df1, df2 = int(rng.integers(1, 6)), int(rng.integers(1, 300))
            x = abs(rng.gamma(1.5, 2.0))
            p = special.fdtrc(df1, df2, round(x, d))
        else:
            df1 = int(rng.integers(1, 12))
            x = abs(rng.gamma(2.0, 2.0))
            p = special.chdtrc(df1, round(x, d))
        if (test in ("t", "z", "r") or df1 == 1) and rng.random() < 0.2:
            alt = str(rng.choice(["less", "greater"]))
            if rng.random() < 0.5:
                p = p / 2
        out.append({"test": str(test), "statistic": _stat_text(x, d), "df1": df1, "df2": df2,
                    "p": _p_text(float(p), rng), "alternative": alt})
    frame = pd.DataFrame(out)
    frame["df1"] = frame["df1"].astype("Int64")
    frame["df2"] = frame["df2"].astype("Int64")
    return frame


def recompute_edges() -> pd.DataFrame:
    """Hand-picked edges: statcheck's boundary example, p = .000, r = 1, 0 statistics, bounds, ns."""
    rows = [
        ("t", "2.20", None, 28, ".03", "two-sided"), ("t", "2.2", None, 28, ".03", "two-sided"),
        ("t", "2.20", None, 28, ".036", "two-sided"), ("t", "2.20", None, 28, ".035", "two-sided"),
        ("t", "2.20", None, 28, ".037", "two-sided"), ("t", "2.20", None, 28, ".038", "two-sided"),
        ("t", "2.20", None, 28, ".018", "greater"), ("t", "2.20", None, 28, ".036", "greater"),
        ("t", "2.20", None, 28, ".018", "two-sided"), ("t", "-2.20", None, 28, ".018", "less"),
        ("t", "0.0", None, 20, ".99", "two-sided"), ("t", "0", None, 20, "1.00", "two-sided"),
        ("t", "12.5", None, 40, ".000", "two-sided"), ("t", "1.5", None, 40, ".000", "two-sided"),
        ("t", "2.20", None, 28, "ns", "two-sided"), ("t", "1.20", None, 28, "ns", "two-sided"),
        ("t", "1.96", None, 1000, ".05", "two-sided"), ("t", "2.02", None, 40, "< .05", "two-sided"),
        ("t", "2.02", None, 40, "> .05", "two-sided"), ("t", "2.03", None, 40, "= .05", "two-sided"),
        ("F", "12.5", 1, 40, "< .001", "two-sided"), ("F", "12.5", 1, 40, "< .01", "two-sided"),
        ("F", "0", 2, 40, "1", "two-sided"), ("F", "3.24", 2, 57, ".046", "two-sided"),
        ("F", "4.0", 1, 30, ".027", "greater"), ("chi2", "3.10", 1, None, "> .05", "two-sided"),
        ("chi2", "3.84", 1, None, ".05", "two-sided"), ("chi2", "3.84", 1, None, ".025", "less"),
        ("r", "1.00", None, 10, "< .001", "two-sided"), ("r", "-1", None, 10, ".000", "two-sided"),
        ("r", ".32", None, 98, ".001", "two-sided"), ("r", "0.0", None, 5, ".9", "two-sided"),
        ("z", "1.96", None, None, ".05", "two-sided"), ("z", "1.96", None, None, ".025", "greater"),
        ("z", "0.00", None, None, "1.000", "two-sided"), ("z", "3.29", None, None, ".001", "two-sided"),
        ("z", "8.5", None, None, "< .001", "two-sided"), ("z", "1.64", None, None, "p = .05", "less"),
    ]
    frame = pd.DataFrame(rows, columns=["test", "statistic", "df1", "df2", "p", "alternative"])
    frame["df1"] = frame["df1"].astype("Int64")
    frame["df2"] = frame["df2"].astype("Int64")
    return frame


def _scalar_df(test, df1, df2):
    if test == "F":
        return (int(df1), int(df2))
    if test == "z":
        return None
    if test == "chi2":
        return int(df1)
    return int(df2)


def _recompute_scalar(frame: pd.DataFrame, alpha: float = 0.05):
    return [recompute_p(t, s, _scalar_df(t, d1, d2), p, alternative=a, alpha=alpha)
            for t, s, d1, d2, p, a in zip(frame["test"], frame["statistic"], frame["df1"], frame["df2"],
                                          frame["p"], frame["alternative"])]


@pytest.mark.parametrize("seed", [1, 2])
def test_recompute_p_map_equals_recompute_p_row_for_row(seed):
    frame = pd.concat([recompute_edges(), recompute_rows(3000, seed)], ignore_index=True)
    out = recompute_p_map(frame, alternative="alternative", ranges=True)
    checks = _recompute_scalar(frame)
    # without ranges= the map skips the range where the face value decides: same verdicts and P
    quick = recompute_p_map(frame, alternative="alternative")
    assert "p_low" not in quick and quick["verdict"].equals(out["verdict"])
    assert quick["decision_error"].equals(out["decision_error"]) and quick["p"].equals(out["p"])
    bad = []
    for i, chk in enumerate(checks):
        row = out.iloc[i]
        same = (row["verdict"] == chk.verdict
                and bool(row["decision_error"]) == chk.details["decision_error"]
                and row["p"] == chk.details["p"] and row["p_low"] == chk.details["p_low"]
                and row["p_high"] == chk.details["p_high"])
        if not same:
            bad.append((i, dict(frame.iloc[i]), chk.verdict, row["verdict"], chk.details["p"], row["p"]))
    assert not bad, bad[:5]
    verdicts = {c.verdict for c in checks}
    assert verdicts == {"consistent", "inconsistent"}
    assert any(c.details["decision_error"] for c in checks)


def test_recompute_p_map_alpha_and_one_alternative_for_all_rows():
    frame = recompute_rows(500, seed=7)
    frame = frame[frame["alternative"] == "two-sided"].reset_index(drop=True)
    out = recompute_p_map(frame, alpha=0.01)
    checks = _recompute_scalar(frame, alpha=0.01)
    assert out["verdict"].tolist() == [c.verdict for c in checks]
    assert out["decision_error"].tolist() == [c.details["decision_error"] for c in checks]


def test_recompute_p_map_statcheck_example():
    # statcheck's manual: t(28) = 2.20, p = .03 is an inconsistency (p = .036); printed 2.2 it is not
    out = recompute_p_map(pd.DataFrame({"test": ["t", "t"], "statistic": ["2.20", "2.2"], "df1": [None, None],
                                        "df2": [28, 28], "p": [".03", ".03"]}))
    assert out["verdict"].tolist() == ["inconsistent", "consistent"]
    assert out["p"].iloc[0] == pytest.approx(0.036225, abs=5e-7)
    # the same p from scipy's t distribution: 2 P(T_28 > 2.20)
    assert out["p"].iloc[0] == pytest.approx(2 * stats.t.sf(2.20, 28), rel=1e-9)


def test_ns_means_not_significant():
    # statcheck reads "ns" as p > alpha: t(28) = 2.20 gives p = .036, so "ns" is a decision error
    chk = recompute_p("t", "2.20", 28, "ns")
    assert chk.verdict == "inconsistent" and chk.details["decision_error"]
    assert recompute_p("t", "1.20", 28, "ns").verdict == "consistent"


@pytest.mark.parametrize("bad, match", [
    ({"test": ["q"], "statistic": ["2.2"], "df1": [None], "df2": [28], "p": [".03"]},
     r"column 'test', row 0: test \('q'\) must be one of 't', 'F', 'chi2', 'r', 'z'"),
    ({"test": ["F"], "statistic": ["2.2"], "df1": [None], "df2": [28], "p": [".03"]},
     r"column 'df1', row 0: .*F"),
    ({"test": ["r"], "statistic": ["1.2"], "df1": [None], "df2": [28], "p": [".03"]},
     r"column 'statistic', row 0: .*\[-1, 1\]"),
    ({"test": ["t"], "statistic": ["2.2"], "df1": [None], "df2": [28], "p": ["1.3"]},
     r"column 'p', row 0: .*\[0, 1\]"),
    ({"test": ["t"], "statistic": ["2.2"], "df1": [None], "df2": [28], "p": ["often"]},
     r"column 'p', row 0: p \('often'\) is not a printed number"),
    ({"test": ["F"], "statistic": ["2.2"], "df1": [2], "df2": [28], "p": [".1"], "alternative": ["less"]},
     r"row 0: alternative \('less'\) is one-sided"),
])
def test_recompute_p_map_bad_rows_name_column_and_row(bad, match):
    frame = pd.DataFrame(bad)
    with pytest.raises(ValueError, match=match):
        recompute_p_map(frame, alternative="alternative" if "alternative" in frame else "two-sided")


def test_debit_map_speaks_scipys_vocabulary():
    frame = pd.DataFrame({"mean": ["0.35"], "sd": ["0.49"], "n": [20]})
    assert debit_map(frame, std="sd", nobs="n")["debit_verdict"].tolist() == ["consistent"]
    with pytest.raises(TypeError, match=r"debit_map\(\) takes std=, not sd="):
        debit_map(frame, sd="sd")


def test_recompute_p_map_real_valued_df_row_for_row():
    """Real-valued df (Greenhouse-Geisser F, Welch t) as strings as printed and as floats: the map
    gives the scalar's verdict, P and range over the df's rounding, row for row (it refused F before)."""
    rows = [("F", "4.55", "1.8", "86.7", ".017"), ("F", "4.55", "1.8", "86.7", ".014"),
            ("F", "4.55", "1.80", "86.70", ".017"), ("F", "12.64", "1.4", "67.3", "< .001"),
            ("F", "4.55", "2", "87", ".017"), ("t", "2.01", None, "248.4", ".023"),
            ("t", "2.12", None, "194.6", ".035"), ("chi2", "3.9", "1.5", None, ".03"),
            ("r", ".30", None, "40.5", ".05"), ("z", "1.96", None, None, ".05")]
    frame = pd.DataFrame(rows, columns=["test", "statistic", "df1", "df2", "p"])
    floats = frame.assign(df1=pd.to_numeric(frame["df1"]), df2=pd.to_numeric(frame["df2"]))
    for f in (frame, floats):
        out = recompute_p_map(f, ranges=True, explain=True)
        for i, (t, s, d1, d2, p) in enumerate(f.itertuples(index=False)):
            d1 = None if pd.isna(d1) else d1
            d2 = None if pd.isna(d2) else d2
            chk = recompute_p(t, s, (d1, d2) if t == "F" else (d1 if t == "chi2" else d2), p)
            row = out.iloc[i]
            assert (row["verdict"], row["p"], row["p_low"], row["p_high"], row["explanation"]) == (
                chk.verdict, chk.details["p"], chk.details["p_low"], chk.details["p_high"], chk.explanation), i
    out = recompute_p_map(frame)
    assert out["verdict"].tolist()[:3] == ["consistent", "inconsistent", "inconsistent"]
