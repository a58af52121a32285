"""One column layer for every map (issue 21, item 2): the same bad input gets the same error from each
``*_map``, naming the argument or the column and the row, and ``decimals=`` is read one way.

Before the layer, a dict gave AttributeError in grim_map and a clear TypeError in debit_map; a missing
column a KeyError in grim_map, grimmer_map and p_from_ci_map; ``decimals=2`` was ignored by grimmer_map
and debit_map (then "give its decimals") and an AttributeError in p_from_ci_map.
"""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import debit, debit_map, grim, grim_map, grimmer, grimmer_map, p_from_ci_map, recompute_p_map
from analysis.checks.pvalues import check_p_against_ci

#: map -> (a valid frame, the argument naming its first printed column, that column)
MAPS = {
    "grim_map": (grim_map, {"mean": ["5.19", "5.21"], "n": [28, 28]}, "mean"),
    "grimmer_map": (grimmer_map, {"mean": ["5.21", "3.44"], "sd": ["1.6", "2.47"], "n": [28, 18]}, "mean"),
    "debit_map": (debit_map, {"mean": ["0.35", "0.35"], "sd": ["0.18", "0.49"], "n": [20, 20]}, "mean"),
    "p_from_ci_map": (p_from_ci_map, {"estimate": ["17", "-13.5"], "lower": ["1.4", "-25.0"],
                                      "upper": ["32.6", "-1.98"]}, "estimate"),
    "recompute_p_map": (recompute_p_map, {"test": ["t", "t"], "statistic": ["2.20", "2.2"], "df2": [28, 28],
                                          "p": [".03", ".04"]}, "statistic"),
}


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("frame", [{"mean": ["5.19"]}, [1, 2], None, "mean"])
def test_a_frame_that_is_not_a_dataframe_is_one_typeerror(name, frame):
    fn, _, _ = MAPS[name]
    with pytest.raises(TypeError, match=rf"^data \({type(frame).__name__}\) must be a pandas DataFrame"):
        fn(frame)


@pytest.mark.parametrize("name", MAPS)
def test_a_missing_column_names_the_argument_and_lists_the_columns(name):
    fn, good, arg = MAPS[name]
    frame = pd.DataFrame(good).drop(columns=[arg])
    with pytest.raises(ValueError, match=rf"^{arg} \('{arg}'\) must name a column of the frame; columns: "):
        fn(frame)


@pytest.mark.parametrize("name", MAPS)
def test_a_cell_that_is_not_a_printed_string_names_column_and_row(name):
    """A float among strings would lose its trailing zeros ('5.20' -> 5.2): refused, not guessed."""
    fn, good, arg = MAPS[name]
    frame = pd.DataFrame(good, index=["a", "b"])
    frame[arg] = pd.Series([frame[arg].iloc[0], 5.2], index=frame.index, dtype=object)
    with pytest.raises(ValueError, match=rf"^column '{arg}', row 'b': 5\.2 \(float\) is not a printed string"):
        fn(frame)


@pytest.mark.parametrize("name", MAPS)
def test_a_numeric_column_without_decimals_says_how_to_give_them(name):
    fn, good, arg = MAPS[name]
    frame = pd.DataFrame(good)
    frame[arg] = frame[arg].astype(float)
    with pytest.raises(ValueError, match=rf"^column '{arg}' is numeric: give its decimals"):
        fn(frame)


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


@pytest.mark.parametrize("name", ["grim_map", "grimmer_map", "debit_map", "p_from_ci_map"])
def test_decimals_is_read_one_way(name):
    """Numeric columns with their decimals in a dict of columns, or one column of decimals for all
    (where every printed column of a row has the same decimals), give the verdicts of the strings."""
    fn, good, _ = MAPS[name]
    printed = pd.DataFrame(good)
    want = fn(printed)
    result_cols = [c for c in want if c not in printed]
    cols = [c for c in printed if c != "n"]
    numeric = printed.copy()
    for c in cols:
        numeric[c] = numeric[c].astype(float)
        numeric[f"dec_{c}"] = printed[c].map(_decimals)
    got = fn(numeric, decimals={c: f"dec_{c}" for c in cols})
    pd.testing.assert_frame_equal(got[result_cols], want[result_cols])
    first = cols[0]
    if all((numeric[f"dec_{c}"] == numeric[f"dec_{first}"]).all() for c in cols):
        pd.testing.assert_frame_equal(fn(numeric, decimals=f"dec_{first}")[result_cols], want[result_cols])


def test_decimals_of_grimmer_and_debit_accept_one_int():
    # before: decimals=2 was ignored and the map asked for the decimals it had been given
    num = pd.DataFrame({"mean": [0.35, 0.35], "sd": [0.18, 0.49], "n": [20, 20]})
    assert debit_map(num, decimals=2)["debit_verdict"].tolist() == [debit("0.35", s, 20).verdict
                                                                     for s in ("0.18", "0.49")]
    num = pd.DataFrame({"mean": [5.21, 3.44], "sd": [1.61, 2.47], "n": [28, 18]})
    assert grimmer_map(num, decimals=2)["grimmer_verdict"].tolist() == [
        grimmer("5.21", "1.61", 28).verdict, grimmer("3.44", "2.47", 18).verdict]
    est = pd.DataFrame({"estimate": [17.0], "lower": [1.4], "upper": [32.6], "p": [0.02]})
    out = p_from_ci_map(est, p="p", decimals={"estimate": 0, "lower": 1, "upper": 1, "p": 2})
    assert out["verdict"].tolist() == [check_p_against_ci("17", "1.4", "32.6", ".02").verdict]


@pytest.mark.parametrize("decimals, error, match", [
    ({"sd": 2}, ValueError, r"^decimals names 'sd', which is not a column of printed numbers here; those are: 'mean'$"),
    (2.5, TypeError, r"^decimals \(2\.5\) must be an int"),
    (True, TypeError, r"^decimals \(True\) must be an int"),
    (16, ValueError, r"^decimals \(16\) for column 'mean' must be between 0 and 15$"),
    ("nodec", ValueError, r"^decimals \('nodec'\) must name a column of the frame"),
])
def test_bad_decimals_are_refused_by_name(decimals, error, match):
    with pytest.raises(error, match=match):
        grim_map(pd.DataFrame({"mean": [5.19], "n": [28]}), decimals=decimals)


def test_a_decimals_column_names_its_bad_row():
    frame = pd.DataFrame({"mean": [5.19, 5.2], "n": [28, 28], "dec": [2, 1.5]})
    with pytest.raises(ValueError, match=r"^column 'dec', row 1: decimals \(1\.5\) must be an integer$"):
        grim_map(frame, decimals="dec")


@pytest.mark.parametrize("n, match", [
    (["28", "x"], r"^column 'n', row 1: 'x' is not a printed number"),
    ([28, 2.5], r"^column 'n', row 1: nobs \(2\.5\) must be an integer$"),
    ([28, 0], r"^column 'n', row 1: nobs \(0\) must be an integer >= 1$"),
    (["28", "2.0"], r"^column 'n', row 1: nobs \('2\.0'\) must be an integer$"),
])
def test_a_count_column_names_its_bad_row_and_the_argument(n, match):
    with pytest.raises(ValueError, match=match):
        grim_map(pd.DataFrame({"mean": ["5.19", "5.21"], "n": n}))


def test_rows_the_arrays_cannot_decide_go_to_the_scalar_through_the_factory():
    """A mean with 13 decimals overflows int64 arithmetic: the factory sends the row to grim()
    with the row's printed string, and fill() carries the sum (grim's own details)."""
    frame = pd.DataFrame({"mean": ["5.19", "1.1234567890123"], "n": [28, 3]})
    out = grim_map(frame)
    want = grim("1.1234567890123", 3)
    assert out["grim_verdict"].tolist() == ["inconsistent", want.verdict]
