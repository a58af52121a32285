"""Power of the two-sample t test far in the tails, and the MDE of tiny designs (issue 9, item 2).

Before the fix ``power_two_sample`` and ``power_curve`` gave NaN once the noncentrality passed
about 8.5 (scipy's ``nct.cdf`` far in its lower tail), and the minimal detectable effect of
2 vs 1 was 9.37 where R's power is 0.45 (the solver gave up silently). Reference: R 4.2.2, pwr 1.3.0,
``tests/reference/r/i_power_tails.R`` (values in ``r_generated_values.tsv``, names ``i.*``; the
command is in that file's header).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from analysis import power_curve, power_two_sample
from conftest import TOL

DESIGNS = [(12, 6), (20, 20), (202, 201), (3, 2)]
EFFECTS = [2, 3, 4, 5, 6, 8, 10, 20]


def close(actual, expected, name):
    """Relative TOL["reference"] for power of practical size; absolute 1e-12 in the far tail,
    where R's pt and scipy's nct.sf both return numbers below any meaningful precision."""
    assert math.isfinite(actual), f"{name}: {actual!r}"
    if expected < 1e-6:
        assert abs(actual - expected) <= 1e-12, f"{name}: {actual!r} vs R {expected!r}"
    else:
        assert math.isclose(actual, expected, rel_tol=TOL["reference"]), f"{name}: {actual!r} vs R {expected!r}"


def test_issue_cases(rgen):
    """i.pwr.n202_201.d0.9 and i.pwr.n12_6.d5: power is 1 to 12 digits, not NaN."""
    close(power_two_sample(202, 201, effect=0.9).power_at_effect, rgen["i.pwr.n202_201.d0.9"], "202 vs 201")
    close(power_two_sample(12, 6, effect=5).power_at_effect, rgen["i.pwr.n12_6.d5"], "12 vs 6")
    curve = power_curve(12, 6, [0.5, 5.0, 50.0])
    assert curve["power"].notna().all() and curve["power"].iloc[-1] == 1.0


@pytest.mark.parametrize("n1,n2", DESIGNS)
def test_large_noncentrality_grid(rgen, n1, n2):
    """i.pwr.n{n1}_{n2}.d{d} (two-sided, pwr.t2n.test) and i.nct.{greater,less}.* (one tail)."""
    two = power_curve(n1, n2, EFFECTS)["power"].to_numpy()
    greater = power_curve(n1, n2, EFFECTS, alternative="greater")["power"].to_numpy()
    less = power_curve(n1, n2, EFFECTS, alternative="less")["power"].to_numpy()
    for i, d in enumerate(EFFECTS):
        tag = f"n{n1}_{n2}.d{d}"
        close(two[i], rgen[f"i.pwr.{tag}"], f"two-sided {tag}")
        close(greater[i], rgen[f"i.nct.greater.{tag}"], f"greater {tag}")
        close(less[i], rgen[f"i.nct.less.{tag}"], f"less {tag}")
        close(power_two_sample(n1, n2, effect=d).power_at_effect, rgen[f"i.pwr.{tag}"], tag)


@pytest.mark.parametrize("n1,n2", [(2, 1), (3, 1)])
def test_arm_of_one(rgen, n1, n2):
    """i.int.n{n1}_{n2}.d{d}: power by integration over the chi-square, where pwr refuses an arm
    of 1; i.nct.* (pwr's formula through R's pt) agrees up to d = 20, but at d = 50 (ncp 40.8)
    R's pt switches to a normal approximation that is off with df = 1 (0.99973 vs 0.99864)."""
    for d in (1, 5, 10, 20, 50):
        got = power_two_sample(n1, n2, effect=d).power_at_effect
        close(got, rgen[f"i.int.n{n1}_{n2}.d{d}"], f"d {d}")
        if d <= 20:
            close(got, rgen[f"i.nct.n{n1}_{n2}.d{d}"], f"d {d}")


@pytest.mark.parametrize("n1,n2", [(2, 1), (2, 2), (3, 1), (3, 3), (12, 6), (30, 30), (202, 201)])
@pytest.mark.parametrize("target", [0.8, 0.9])
def test_mde_against_r(rgen, n1, n2, target):
    """i.mde.n{n1}_{n2}.power{target} (uniroot, tol 1e-13), and the power there is the target."""
    res = power_two_sample(n1, n2, power=target)
    close(res.mde, rgen[f"i.mde.n{n1}_{n2}.power{target:g}"], f"mde {n1} vs {n2}")
    back = power_two_sample(n1, n2, effect=res.mde).power_at_effect
    assert back == pytest.approx(target, abs=1e-9)


@pytest.mark.parametrize("n1,n2", [(2, 1), (2, 2), (3, 1), (12, 6)])
def test_mde_one_sided(rgen, n1, n2):
    """i.mde.n{n1}_{n2}.power0.8.greater; "less" is its mirror image."""
    close(power_two_sample(n1, n2, alternative="greater").mde, rgen[f"i.mde.n{n1}_{n2}.power0.8.greater"], "greater")
    close(-power_two_sample(n1, n2, alternative="less").mde, rgen[f"i.mde.n{n1}_{n2}.power0.8.greater"], "less")


def test_old_mde_of_2_vs_1_was_not_an_mde(rgen):
    """R's power at the 9.367 printed before the fix is 0.45, far from 0.80."""
    assert rgen["i.at_statsmodels_mde.n2_1"] == pytest.approx(0.4515, abs=1e-4)
    assert power_two_sample(2, 1).mde == pytest.approx(rgen["i.mde.n2_1.power0.8"], rel=TOL["reference"])


def test_unreachable_target_raises():
    """A target the search cannot reach is an error that says so, never a silent number."""
    with pytest.raises(ValueError, match="cannot reach power 0.8 with arms of 2 and 1 at alpha 1e-10"):
        power_two_sample(2, 1, alpha=1e-10)  # the critical t of df 1 is 6e9: d would be ~1e10


def test_power_is_monotone_and_bounded_far_out():
    d = np.array([0.0, 1.0, 5.0, 10.0, 40.0, 100.0, 1e3, 1e5])
    for alt in ("two-sided", "greater"):
        p = power_curve(12, 6, d, alternative=alt)["power"].to_numpy()
        assert np.all(np.isfinite(p)) and np.all(np.diff(p) >= -1e-15) and p[-1] == 1.0
    p = power_curve(12, 6, d, alternative="less")["power"].to_numpy()
    assert np.all(np.isfinite(p)) and p[-1] == 0.0
