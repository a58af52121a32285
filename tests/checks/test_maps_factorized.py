"""The maps parse each distinct printed string once (pandas.factorize) when strings repeat:
results must equal the scalar checks row for row, and a bad string must name its own row."""
import numpy as np
import pandas as pd
import pytest

from analysis.checks.granularity import grim
from analysis.checks.maps import grim_map, p_from_ci_map
from analysis.checks.pvalues import check_p_against_ci


def repeated_frame(rows=400, seed=7):
    rng = np.random.default_rng(seed)
    # 10 distinct printed means, so 10 * 4 < 400 rows takes the factorized path
    means = np.array(["5.19", "5.21", "5.25", "5.29", "3.48", "2.50", "4.00", "1.6", "5.30", "5.20"])
    return pd.DataFrame({"mean": means[rng.integers(0, 10, rows)], "n": rng.integers(5, 40, rows)})


def test_grim_map_factorized_equals_scalar():
    df = repeated_frame()
    out = grim_map(df)
    expected = [grim(m, int(n)).verdict for m, n in zip(df["mean"], df["n"])]
    assert list(out["grim_verdict"].astype(str)) == expected


def test_p_from_ci_map_factorized_equals_scalar():
    # Altman & Bland's example (17, 1.4 to 32.6) and the Fitzgerald MFIS row, repeated
    base = pd.DataFrame({"estimate": ["17", "-13.5"], "lower": ["1.4", "-25.0"],
                         "upper": ["32.6", "-1.98"], "p": [".02", ".04"]})
    df = pd.concat([base] * 50, ignore_index=True)
    out = p_from_ci_map(df, p="p")
    expected = [check_p_against_ci(e, lo, hi, p).verdict
                for e, lo, hi, p in zip(df.estimate, df.lower, df.upper, df.p)]
    assert list(out["verdict"].astype(str)) == expected == ["inconsistent", "inconsistent"] * 50


def test_bad_string_names_its_row():
    df = repeated_frame()
    df.loc[123, "mean"] = "5.2.1"
    with pytest.raises(ValueError, match=r"column 'mean', row 123: '5\.2\.1' is not a printed number"):
        grim_map(df)


def test_missing_value_names_its_row():
    df = repeated_frame()
    df.loc[57, "mean"] = None
    with pytest.raises(ValueError, match=r"column 'mean', row 57: missing value"):
        grim_map(df)
