"""analysis.stats.meta against metafor's rma on dat.bcg (tests/reference/r/e_rma_bcg.R) and Viechtbauer (2010).

Tolerances (tests/reference/README.md): closed forms (FE, DL) at TOL["estimate"]; metafor's
default-convergence REML/PM/ML fits at TOL["iterative"]; refits converged to 1e-14
(e.rma.*_tight) and the independent root finding (e.indep.*) at TOL["tight"].
"""
from __future__ import annotations

import csv
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import optimize, stats

from analysis.results import ConfidenceInterval
from analysis.stats.meta import METHODS, MetaAnalysis, random_effects
from conftest import REFERENCE, TOL, examples


def _load_bcg():
    with open(REFERENCE / "r" / "dat_bcg_with_yi_vi.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return np.array([float(r["yi"]) for r in rows]), np.array([float(r["vi"]) for r in rows])


YI, VI = _load_bcg()


def _approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


def test_bcg_data_match_reference_values(rref):
    # e.bcg.trialNN.yi / .vi: the csv is what metafor's escalc("RR") printed
    for i, (y, v) in enumerate(zip(YI, VI), start=1):
        assert y == _approx(rref[f"e.bcg.trial{i:02d}.yi"], "estimate")
        assert v == _approx(rref[f"e.bcg.trial{i:02d}.vi"], "estimate")


# fit name in the TSV -> (method, knha, tolerance kind)
FITS = {
    "FE": ("FE", False, "estimate"),
    "DL": ("DL", False, "estimate"),
    "DL_knha": ("DL", True, "estimate"),
    "REML": ("REML", False, "iterative"),
    "REML_knha": ("REML", True, "iterative"),
    "PM": ("PM", False, "iterative"),
    "PM_knha": ("PM", True, "iterative"),
    "ML": ("ML", False, "iterative"),
    "REML_tight": ("REML", False, "tight"),
    "REML_knha_tight": ("REML", True, "tight"),
    "PM_tight": ("PM", False, "tight"),
    "PM_knha_tight": ("PM", True, "tight"),
}

# metafor's default PM stops with tau² 8e-5 (relative) off the root; the z-test p-value amplifies
# that about z²-fold (4.8e-4 relative), beyond TOL["iterative"]. PM_tight checks it at 1e-9.
PM_DEFAULT_PVAL = pytest.mark.xfail(
    strict=True,
    reason="metafor's default-convergence PM p-value (e.rma.PM.pval) is 4.8e-4 (relative) off the root, "
           "beyond TOL['iterative']; the converged fit e.rma.PM_tight.pval is matched at TOL['tight']",
)


def _fit(name):
    method, knha, kind = FITS[name]
    return random_effects(YI, VI, method=method, knha=knha), kind


@pytest.mark.parametrize("name", list(FITS))
def test_pooled_estimate_matches_rma(rref, name):
    res, kind = _fit(name)
    t = f"e.rma.{name}"
    assert isinstance(res, MetaAnalysis)
    assert res.estimate == _approx(rref[f"{t}.estimate"], kind)
    assert res.se == _approx(rref[f"{t}.se"], kind)
    assert res.statistic == _approx(rref[f"{t}.zval_or_tval"], kind)
    assert res.ci.low == _approx(rref[f"{t}.ci.lb"], kind)
    assert res.ci.high == _approx(rref[f"{t}.ci.ub"], kind)


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=PM_DEFAULT_PVAL) if n == "PM" else n for n in FITS]
)
def test_pvalue_matches_rma(rref, name):
    res, kind = _fit(name)
    # relative only: every p here is below 0.002, so an absolute TOL[kind] (up to 1e-4) would be
    # near-vacuous (the package p of the default PM fit, 7.7354e-05, differs from R's 7.7391e-05
    # by 4.8e-4 relative and passed only through abs = 1e-4)
    assert res.pvalue == pytest.approx(rref[f"e.rma.{name}.pval"], rel=TOL[kind], abs=0.0)


@pytest.mark.parametrize("name", list(FITS))
def test_heterogeneity_matches_rma(rref, name):
    res, kind = _fit(name)
    t = f"e.rma.{name}"
    assert res.tau2 == _approx(rref[f"{t}.tau2"], kind)
    assert res.i2 == _approx(rref[f"{t}.I2_percent"], kind)
    assert res.h2 == _approx(rref[f"{t}.H2"], kind)
    if f"{t}.QE" in rref:  # not printed for the *_tight refits
        # Q and its p-value do not depend on tau²: closed form for every fit
        assert res.q == _approx(rref[f"{t}.QE"], "estimate")
        assert res.q_pvalue == _approx(rref[f"{t}.QEp"], "p")
        assert res.q_df == 12


@pytest.mark.parametrize("name", [n for n in FITS if n != "FE"])
def test_prediction_interval_matches_predict_rma(rref, name):
    res, kind = _fit(name)
    t = f"e.rma.{name}"
    assert res.prediction_interval.low == _approx(rref[f"{t}.pred.pi.lb"], kind)
    assert res.prediction_interval.high == _approx(rref[f"{t}.pred.pi.ub"], kind)
    if f"{t}.predexp.pi.lb" in rref:  # predict(fit, transf = exp): exp of the limits
        assert math.exp(res.prediction_interval.low) == _approx(rref[f"{t}.predexp.pi.lb"], kind)
        assert math.exp(res.prediction_interval.high) == _approx(rref[f"{t}.predexp.pi.ub"], kind)
        assert math.exp(res.estimate) == _approx(rref[f"{t}.predexp.pred"], kind)


def test_fixed_effect_prediction_equals_ci(rref):
    # e.rma.FE.pred.*: predict() of an FE model gives the CI (tau² = 0); we return the same
    res, _ = _fit("FE")
    assert res.prediction_interval.low == _approx(rref["e.rma.FE.pred.ci.lb"], "estimate")
    assert res.prediction_interval.high == _approx(rref["e.rma.FE.pred.ci.ub"], "estimate")
    assert math.exp(res.ci.low) == _approx(rref["e.rma.FE.predexp.ci.lb"], "estimate")


def test_tau2_against_independent_root_finding(rref):
    # e.indep.*: uniroot(tol = 1e-15) on the PM and REML estimating equations, DL closed form
    assert random_effects(YI, VI, method="PM").tau2 == _approx(rref["e.indep.PM_tau2_uniroot"], "tight")
    assert random_effects(YI, VI, method="REML").tau2 == _approx(rref["e.indep.REML_tau2_uniroot"], "tight")
    assert random_effects(YI, VI, method="DL").tau2 == _approx(rref["e.indep.DL_tau2_closed_form"], "estimate")
    assert random_effects(YI, VI).q == _approx(rref["e.indep.QE"], "estimate")


def test_metafor_paper_worked_example():
    # Viechtbauer (2010), J Stat Softw 36(3), doi:10.18637/jss.v036.i03, section 3.3: dat.bcg,
    # rma(yi, vi, method = "REML") prints estimate -0.7145 (se 0.1798), z -3.9744, CI -1.0669 to
    # -0.3622, tau^2 0.3132, I^2 92.22%, H^2 12.86, Q(df = 12) = 152.2330.
    res = random_effects(YI, VI)
    assert round(res.estimate, 4) == -0.7145
    assert round(res.se, 4) == 0.1798
    assert round(res.statistic, 4) == -3.9744
    assert (round(res.ci.low, 4), round(res.ci.high, 4)) == (-1.0669, -0.3622)
    assert round(res.tau2, 4) == 0.3132
    assert round(res.i2, 2) == 92.22
    assert round(res.h2, 2) == 12.86
    assert round(res.q, 4) == 152.2330


def test_pm_root_solves_generalised_q():
    # Paule & Mandel (1982): sum w (y - mu)^2 = k - 1 at the estimate; with Knapp-Hartung the
    # scale factor is then exactly 1, so the knha se equals the plain se (cf. e.rma.PM_knha_tight.se)
    res = random_effects(YI, VI, method="PM")
    w = 1 / (VI + res.tau2)
    mu = np.sum(w * YI) / np.sum(w)
    assert np.sum(w * (YI - mu) ** 2) == _approx(len(YI) - 1, "tight")
    assert random_effects(YI, VI, method="PM", knha=True).se == _approx(res.se, "tight")


def test_reml_maximises_restricted_likelihood():
    res = random_effects(YI, VI)

    def nll(t):
        w = 1 / (VI + t)
        mu = np.sum(w * YI) / np.sum(w)
        return 0.5 * (np.sum(np.log(VI + t)) + np.log(np.sum(w)) + np.sum(w * (YI - mu) ** 2))

    assert nll(res.tau2) <= nll(res.tau2 * (1 + 1e-4))
    assert nll(res.tau2) <= nll(res.tau2 * (1 - 1e-4))


def test_confidence_level_changes_quantile(rref):
    # 90% limits from R's 95% fits (e.rma.DL.*, e.rma.DL_knha.*: estimate, se and tau2 do not depend
    # on the level) with qnorm(0.95), and qt(0.95, 12) under Knapp-Hartung (k - 1 = 12 df)
    res = random_effects(YI, VI, method="DL", confidence_level=0.9)
    z = stats.norm.ppf(0.95)
    est, se = rref["e.rma.DL.estimate"], rref["e.rma.DL.se"]
    assert res.ci.low == _approx(est - z * se, "ci")
    assert res.ci.high == _approx(est + z * se, "ci")
    resk = random_effects(YI, VI, method="DL", knha=True, confidence_level=0.9)
    t = stats.t.ppf(0.95, 12)
    est_k, se_k, tau2_k = (rref[f"e.rma.DL_knha.{x}"] for x in ("estimate", "se", "tau2"))
    assert resk.ci.low == _approx(est_k - t * se_k, "ci")
    assert resk.ci.high == _approx(est_k + t * se_k, "ci")
    assert resk.prediction_interval.low == _approx(est_k - t * math.sqrt(se_k**2 + tau2_k), "ci")
    assert resk.prediction_interval.high == _approx(est_k + t * math.sqrt(se_k**2 + tau2_k), "ci")


def test_homogeneous_studies_floor_tau2_at_zero():
    # Q < k - 1: DL is floored at 0 (statsmodels' combine_effects would go negative), PM and REML
    # stop at the boundary, I² is 0
    y = np.array([0.10, 0.12, 0.11, 0.09, 0.10])
    v = np.array([0.02, 0.03, 0.025, 0.02, 0.04])
    for method in ("DL", "PM", "REML", "ML"):
        res = random_effects(y, v, method=method)
        assert res.tau2 == 0.0, method
        assert res.i2 == 0.0 and res.h2 == 1.0
    fe = random_effects(y, v, method="FE")
    assert fe.i2 == 0.0
    assert random_effects(y, v, method="REML").estimate == _approx(fe.estimate, "estimate")


def test_to_frame_one_row():
    frame = random_effects(YI, VI).to_frame()
    assert frame.shape[0] == 1
    assert {"estimate", "ci_low", "ci_high", "prediction_interval_low", "tau2", "i2"} <= set(frame.columns)


@pytest.mark.slow
def test_memory_is_linear_in_k():
    # no k x k matrix: the peak allocation is a small multiple of one float vector (8 k bytes),
    # independent of k (a k x k matrix at k = 40,000 would need 12.8 GB)
    rng = np.random.default_rng(20261101)
    ratios = []
    for k in (20_000, 40_000):
        y = rng.normal(0.3, 0.2, k)
        v = rng.uniform(0.01, 0.1, k)
        tracemalloc.start()
        try:
            random_effects(y, v, method="REML")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        ratios.append(peak / (8 * k))
    assert max(ratios) < 16  # about 7 vectors are alive at once
    assert ratios[1] == pytest.approx(ratios[0], rel=0.1)


finite = st.floats(-3, 3, allow_nan=False)
variances = st.floats(1e-3, 2, allow_nan=False)


@settings(max_examples=examples(60), deadline=None)
@given(
    data=st.lists(st.tuples(finite, variances), min_size=2, max_size=40),
    method=st.sampled_from(METHODS),
    knha=st.booleans(),
)
def test_intervals_contain_estimate(data, method, knha):
    y = np.array([d[0] for d in data])
    v = np.array([d[1] for d in data])
    if knha and np.ptp(y) ** 2 == 0:
        # identical yi, or a spread so small (e.g. 1e-169) that the squared residuals underflow: the
        # Knapp-Hartung se is 0 in exact arithmetic; see test_knha_identical_yi_rejected below
        return
    try:
        res = random_effects(y, v, method=method, knha=knha)
    except ValueError as exc:   # the guard above is not exact: yi of 0 and 1.6e-161 square to a subnormal, not 0,
        assert knha and "underflows to 0" in str(exc)   # but their weighted residuals underflow (hypothesis found it)
        return
    assert res.ci.contains(res.estimate)
    assert res.prediction_interval.low <= res.ci.low and res.ci.high <= res.prediction_interval.high
    assert res.tau2 >= 0 and 0 <= res.i2 < 100 and res.h2 >= (0 if method == "FE" else 1)
    assert 0 <= res.pvalue <= 1 and 0 <= res.q_pvalue <= 1
    assert all(
        not (isinstance(x, float) and math.isnan(x)) for x in res.to_frame().iloc[0].tolist()
    )


@settings(max_examples=examples(30), deadline=None)
@given(data=st.lists(st.tuples(finite, variances), min_size=3, max_size=30))
def test_reml_agrees_with_bounded_optimiser(data):
    y = np.array([d[0] for d in data])
    v = np.array([d[1] for d in data])

    def nll(t):
        w = 1 / (v + t)
        mu = np.sum(w * y) / np.sum(w)
        return 0.5 * (np.sum(np.log(v + t)) + np.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))

    res = random_effects(y, v)
    upper = 10 * (np.var(y) + v.max())
    best = optimize.minimize_scalar(nll, bounds=(0, upper), method="bounded", options={"xatol": 1e-10})
    assert nll(res.tau2) <= best.fun + TOL["tight"]  # no worse than the optimiser, up to TOL["tight"]


@pytest.mark.parametrize(
    "yi,vi,kwargs,match",
    [
        ([0.1, 0.2, 0.3], [0.1, 0.2], {}, "same length"),
        ([0.1], [0.1], {}, "at least 2"),
        ([0.1, 0.2], [0.1, 0.0], {}, "vi"),
        ([0.1, 0.2], [0.1, -0.1], {}, "vi"),
        ([0.1, float("nan")], [0.1, 0.1], {}, "yi"),
        ([0.1, 0.2], [0.1, float("inf")], {}, "vi"),
        ([[0.1, 0.2]], [[0.1, 0.2]], {}, "yi"),
        (["a", "b"], [0.1, 0.2], {}, "yi"),
        ([0.1, 0.2], [0.1, 0.2], {"method": "SJ"}, "method"),
        ([0.1, 0.2], [0.1, 0.2], {"method": "reml"}, "method"),
        ([0.1, 0.2], [0.1, 0.2], {"confidence_level": 1.0}, "confidence_level"),
        ([0.1, 0.2], [0.1, 0.2], {"knha": "yes"}, "knha"),
        ([0.1, 0.1], [0.1, 0.2], {"knha": True}, "yi"),
        ([0.1, 0.2], [1e-320, 1e-320], {}, "vi"),  # 1/vi overflows
    ],
)
def test_rejects_out_of_domain(yi, vi, kwargs, match):
    with pytest.raises(ValueError, match=match):
        random_effects(yi, vi, **kwargs)


def test_knha_identical_yi_rejected():
    # sum w (y - mu)^2 = 0 when every yi is equal, so the Knapp-Hartung se is exactly 0
    with pytest.raises(ValueError, match="Knapp-Hartung"):
        random_effects([2.5, 2.5, 2.5], [1.25, 1.25, 1.25], method="REML", knha=True)


def test_unknown_method_lists_valid_ones():
    with pytest.raises(ValueError, match="'REML', 'DL', 'PM', 'ML', 'FE'"):
        random_effects(YI, VI, method="HS")


def test_ci_type():
    assert isinstance(random_effects(YI, VI).ci, ConfidenceInterval)


@pytest.mark.parametrize(
    "yi,vi",
    [
        # found by test_reml_agrees_with_bounded_optimiser: one imprecise study beside two precise,
        # agreeing ones; Newton steps from DL stop at the local maximum tau² = 0
        ([3.0, -2.0, -2.0], [2.0, 0.015625, 0.0078125]),
        ([0.0, 2.5, 2.5], [0.5, 0.00390625, 0.001953125]),
        # the reverse: DL starts near a local maximum at tau² = 0.27, the highest is at 0
        ([0, 0, 0, 0, 0, 2.5, 2.25, 2.25, -1.96875, -0.625, -0.8125],
         [1, 2, 0.375, 0.3125, 0.00390625, 0.84375, 2, 1.90625, 0.9375, 0.5, 1]),
    ],
)
@pytest.mark.parametrize("method", ["REML"])  # ML: the same data have their maximum at 0
def test_reml_finds_the_highest_of_two_maxima(yi, vi, method):
    # brute force: the (restricted) log-likelihood written out here, on a grid of 400,001 points
    y, v = np.array(yi), np.array(vi)
    grid = np.linspace(0.0, 40.0, 400_001)
    w = 1.0 / (v[:, None] + grid)
    mu = (w * y[:, None]).sum(0) / w.sum(0)
    ll = -0.5 * (np.log(v[:, None] + grid).sum(0) + (w * (y[:, None] - mu) ** 2).sum(0))
    if method == "REML":
        ll -= 0.5 * np.log(w.sum(0))
    best = grid[np.argmax(ll)]
    res = random_effects(yi, vi, method=method)
    assert res.tau2 == pytest.approx(best, abs=1e-4)


def test_reml_without_convergence_falls_back_to_bracketing(monkeypatch):
    # Newton/Fisher steps can cycle between two points (hypothesis found such data); the fit then
    # brackets every maximum of the score instead of raising. Forced here with one iteration only.
    from analysis.stats import meta

    expected = random_effects(YI, VI).tau2
    monkeypatch.setattr(meta, "_MAXITER", 1)
    assert random_effects(YI, VI).tau2 == pytest.approx(expected, rel=1e-9)
