"""The vectorised maps (analysis.checks.maps) row for row against the scalar checks.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.checks.granularity import grim, grimmer
from analysis.checks.maps import grim_map, grimmer_map, p_from_ci_map
from analysis.checks.pvalues import check_p_against_ci
from analysis.checks.rounding import ROUNDING
from analysis.results import VERDICTS
from analysis.stats.inference import p_from_ci
from conftest import approx, print_fraction, print_sqrt


# =========================================================================== maps row for row

def _random_means(rng, size):
    d = rng.integers(0, 4, size)
    n = rng.integers(1, 400, size)
    items = rng.integers(1, 4, size)
    # half the rows: exact fractions k/N, printed on both sides of ties
    k = rng.integers(0, 8 * n * items)
    mean = []
    for i in range(size):
        if i % 2:
            x = Fraction(int(k[i]), int(n[i] * items[i]))
            mode = ["up", "down", "even"][i % 3]
        else:
            x = Fraction(int(rng.integers(0, 800000)), 100000)
            mode = "up"
        s = print_fraction(x, int(d[i]), mode)
        if i % 7 == 0:
            s = "-" + s
        if s.startswith("0.") and i % 5 == 0:
            s = s[1:]  # ".40"
        mean.append(s)
    return pd.DataFrame({"mean": mean, "n": n, "items": items})


@pytest.mark.parametrize("rounding", ROUNDING)
def test_grim_map_equals_scalar(rounding):
    df = _random_means(np.random.default_rng(20240601), 1500)
    # exact ties: 1/8, 3/8 with 2 decimals
    df = pd.concat([df, pd.DataFrame({"mean": ["0.12", "0.13", "0.37", "0.38", "-0.12", ".13"],
                                      "n": [8] * 6, "items": [1] * 6})], ignore_index=True)
    out = grim_map(df, items="items", rounding=rounding)
    want = [grim(m, int(n), int(it), rounding=rounding).verdict for m, n, it in
            zip(df["mean"], df["n"], df["items"])]
    assert out["grim_verdict"].tolist() == want
    assert set(want) == set(VERDICTS)


def test_grim_map_percent_and_numeric_input():
    df = pd.DataFrame({"pct": ["26.7", "41.2", "27.1", "17.6"], "n": [30, 202, 336, 340]})
    out = grim_map(df, mean="pct", percent=True)
    assert out["grim_verdict"].tolist() == ["consistent", "inconsistent", "consistent", "consistent"]
    assert out["grim_sum"].tolist() == [8, -1, 91, 60]
    num = pd.DataFrame({"mean": [5.19, 5.21, 5.2], "n": [28, 28, 28], "dec": [2, 2, 1]})
    out = grim_map(num, decimals="dec")
    assert out["grim_verdict"].tolist() == [grim(x, 28).verdict for x in ("5.19", "5.21", "5.2")]


def test_grim_map_invalid():
    with pytest.raises(ValueError, match="'mean'.*'<.05'"):
        grim_map(pd.DataFrame({"mean": ["5.19", "<.05"], "n": [28, 28]}))
    with pytest.raises(ValueError, match="n"):
        grim_map(pd.DataFrame({"mean": ["5.19"], "n": [0]}))
    with pytest.raises(ValueError, match="decimals"):
        grim_map(pd.DataFrame({"mean": [5.19], "n": [28]}))
    with pytest.raises(ValueError, match="rounding"):
        grim_map(pd.DataFrame({"mean": ["5.19"], "n": [28]}), rounding="x")


@pytest.mark.parametrize("rounding", ROUNDING)
def test_grimmer_map_equals_scalar(rounding):
    rng = np.random.default_rng(7)
    rows = []
    for i in range(600):
        n = int(rng.integers(2, 150))
        L = int(rng.integers(1, 3))
        data = rng.integers(1, 8, (n, L)).sum(1)
        S, Q = int(data.sum()), int((data ** 2).sum())
        m = Fraction(S, n * L)
        var = (Fraction(Q, L * L) - Fraction(S * S, n * L * L)) / (n - 1)
        dm, ds = int(rng.integers(0, 3)), int(rng.integers(1, 3))
        mode = ["up", "down", "even"][i % 3]
        mean = print_fraction(m, dm, mode)
        sd = print_sqrt(var, ds, mode)
        if i % 3 == 1:  # perturb the SD by one unit: often inconsistent
            sd = print_fraction(Fraction(Decimal(sd)) + Fraction(1, 10 ** ds), ds)
        if i % 5 == 2:  # perturb the mean
            mean = print_fraction(Fraction(Decimal(mean)) + Fraction(1, 10 ** dm), dm)
        rows.append((mean, sd, n, L))
    df = pd.DataFrame(rows, columns=["mean", "sd", "n", "items"])
    out = grimmer_map(df, items="items", rounding=rounding)
    want = [grimmer(a, b, int(c), int(d), rounding=rounding).verdict for a, b, c, d in rows]
    assert out["grimmer_verdict"].tolist() == want
    assert set(want) == set(VERDICTS)


def test_p_from_ci_map_equals_scalar():
    rng = np.random.default_rng(11)
    rows = []
    for i in range(400):
        d = int(rng.integers(0, 3))
        est = float(rng.normal(0, 5))
        se = float(rng.uniform(0.3, 5))
        e, lo, hi = (print_fraction(Fraction(x), d) for x in (est, est - 1.96 * se, est + 1.96 * se))
        if Decimal(hi) <= Decimal(lo) or not (Decimal(lo) <= Decimal(e) <= Decimal(hi)):
            continue
        p = 2 * stats.norm.sf(abs(est) / se)
        if i % 4 == 0:
            p = min(1.0, p * 1.6)
        rows.append((e, lo, hi, print_fraction(Fraction(p), 3)))
    df = pd.DataFrame(rows, columns=["estimate", "lower", "upper", "p"])
    for dft in (None, 12):
        out = p_from_ci_map(df, p="p", df=dft)
        for row, (_, o) in zip(rows, out.iterrows()):
            r = p_from_ci(*row[:3], df=dft)
            assert o["p"] == approx(r.p, "p")
            assert o["p_low"] == approx(r.p_low, "p")
            assert o["p_high"] == approx(r.p_high, "p")
            assert o["se"] == approx(r.se, "se")
            if dft is None:
                assert o["verdict"] == check_p_against_ci(*row).verdict
    assert set(out["verdict"]) == {"consistent", "inconsistent"}


def test_p_from_ci_map_log_scale():
    df = pd.DataFrame({"estimate": ["0.81", "1.50"], "lower": ["0.70", "1.10"], "upper": ["0.94", "2.05"]})
    out = p_from_ci_map(df, scale="log")
    for (_, o), row in zip(out.iterrows(), df.itertuples(index=False)):
        r = p_from_ci(*row, scale="log")
        assert o["p"] == approx(r.p, "p") and o["p_low"] == approx(r.p_low, "p")
        assert o["p_high"] == approx(r.p_high, "p")
