"""The package against every case of tests/reference/r_generated_values.tsv.

That file is the full output of the R scripts in tests/reference/r/ (a_binomial_ci.R ...
g_p_from_ci.R, whose output r_reference_values.tsv holds only in part, plus h_extra.R), run with
R 4.2.2 and metafor 3.8-1; its header gives the versions and the commands. R is not needed here:
the values are committed and these tests only read them.

Every assertion names the R value it uses (``name`` in the TSV; the command that printed it is
beside ``out(name, ...)`` in the script whose letter starts the name). Tolerances are relative,
from ``TOL`` in conftest.py, never looser than ``TOL["reference"]`` (1e-6): closed forms at
``TOL["ci"]``/``TOL["estimate"]``/``TOL["se"]`` (1e-9), p-values at ``TOL["p"]`` (1e-7),
tightly converged metafor fits at ``TOL["tight"]``, and power/MDE solved numerically at
``TOL["reference"]``.
"""
from __future__ import annotations

import math

import pytest

from analysis.stats import power as _power
from analysis.stats.effects import paired_smd, smd, ttest_from_stats
from analysis.stats.meta import random_effects
from analysis.stats.proportions import compare_proportions, proportion_ci
from conftest import TOL

# ``rgen`` (r_generated_values.tsv as {name: value}, NA skipped) and ``rref`` are session fixtures
# of conftest.py.


def check(actual, ref: dict[str, float], name: str, kind: str = "reference", transform=None) -> None:
    """``actual`` equals R's ``name`` to relative tolerance ``TOL[kind]`` (exactly, if R's is 0)."""
    expected = ref[name] if transform is None else transform(ref[name])
    tol = TOL[kind]
    assert tol <= TOL["reference"]
    assert math.isclose(float(actual), expected, rel_tol=tol, abs_tol=0.0), (
        f"{name}: package {float(actual)!r} vs R {expected!r} (relative tolerance {tol:g})"
    )


def test_file_is_complete(rgen, rref):
    """Every case the R scripts define is present, and everything of r_reference_values.tsv."""
    assert set(rref) <= set(rgen)
    for name, value in rref.items():
        # tests/reference/README.md: the 520 shared values are the same 15-digit strings, so the
        # parsed floats are identical (no tolerance needed)
        assert rgen[name] == value, name
    for k, n in [(8, 30), (4, 30), (2, 3), (91, 336), (60, 340), (0, 10), (10, 10)]:
        assert f"a.{k}_{n}.wilson_proptest.lo" in rgen
    for tag in ["91_336_vs_60_340", "108_195_vs_70_170", "8_30_vs_4_30"]:
        assert f"b.{tag}.newcombe.lo" in rgen
    assert "c.P3.escalc_SMD.yi" in rgen and "d.P3.welch.t" in rgen and "c.SMCC.r0.5.yi" in rgen
    assert sum(1 for name in rgen if name.startswith("h.")) > 300


# --------------------------------------------------------------------------- one proportion

A_CASES = [(8, 30), (4, 30), (2, 3), (91, 336), (60, 340), (0, 10), (10, 10)]
H_A_CASES = [(2, 3), (8, 30), (4, 30), (0, 10), (10, 10)]
# package method -> R name (a_binomial_ci.R, h_extra.R)
CI_METHODS = {
    "wilson": "wilson_proptest",
    "exact": "clopper_pearson",
    "jeffreys": "jeffreys_bcd",
    "agresti-coull": "agresti_coull_clipped",
}


@pytest.mark.parametrize("k,n", A_CASES)
@pytest.mark.parametrize("method", list(CI_METHODS))
def test_proportion_ci_95(rgen, k, n, method):
    """a.{k}_{n}.{wilson_proptest|clopper_pearson|jeffreys_bcd|agresti_coull_clipped}.{lo,hi}."""
    ci = proportion_ci(k, n, method=method)
    tag = f"a.{k}_{n}.{CI_METHODS[method]}"
    check(ci.low, rgen, f"{tag}.lo", "ci")
    check(ci.high, rgen, f"{tag}.hi", "ci")


@pytest.mark.parametrize("k,n", A_CASES)
def test_proportion_ci_95_wilson_formula_and_wald(rgen, k, n):
    """a.*.wilson_formula.{lo,hi}; a.*.wald_raw.{lo,hi} clipped to [0, 1] (the package clips)."""
    w = proportion_ci(k, n, method="wilson")
    check(w.low, rgen, f"a.{k}_{n}.wilson_formula.lo", "ci", transform=lambda x: max(0.0, x))
    check(w.high, rgen, f"a.{k}_{n}.wilson_formula.hi", "ci", transform=lambda x: min(1.0, x))
    wald = proportion_ci(k, n, method="wald")
    check(wald.low, rgen, f"a.{k}_{n}.wald_raw.lo", "ci", transform=lambda x: max(0.0, x))
    check(wald.high, rgen, f"a.{k}_{n}.wald_raw.hi", "ci", transform=lambda x: min(1.0, x))


@pytest.mark.parametrize("k,n", H_A_CASES)
@pytest.mark.parametrize("method", [*CI_METHODS, "wald"])
def test_proportion_ci_90(rgen, k, n, method):
    """h.a.cl0.90.{k}_{n}.{wilson_proptest|clopper_pearson|jeffreys_bcd|agresti_coull_clipped|wald_clipped}."""
    ci = proportion_ci(k, n, method=method, confidence_level=0.90)
    tag = f"h.a.cl0.90.{k}_{n}.{CI_METHODS.get(method, 'wald_clipped')}"
    check(ci.low, rgen, f"{tag}.lo", "ci")
    check(ci.high, rgen, f"{tag}.hi", "ci")


# --------------------------------------------------------------------------- two proportions

B_CASES = [(91, 336, 60, 340), (108, 195, 70, 170), (8, 30, 4, 30)]


@pytest.mark.parametrize("k1,n1,k2,n2", B_CASES)
def test_compare_proportions_95(rgen, k1, n1, k2, n2):
    """b.{case}.*: newcombe.*, RD.sei, RR.*, OR.*, pooled_z.*, proptest_nocc.*, fisher.p."""
    tag = f"b.{k1}_{n1}_vs_{k2}_{n2}"
    res = compare_proportions(k1, n1, k2, n2)
    assert res.zero_cell_correction == 0.0
    check(res.risk_difference, rgen, f"{tag}.newcombe.diff", "estimate")
    check(res.risk_difference, rgen, f"{tag}.RD.yi", "estimate")
    check(res.risk_difference_se, rgen, f"{tag}.RD.sei", "se")
    check(res.risk_difference_ci.low, rgen, f"{tag}.newcombe.lo", "ci")
    check(res.risk_difference_ci.high, rgen, f"{tag}.newcombe.hi", "ci")
    check(res.log_risk_ratio, rgen, f"{tag}.RR.yi", "estimate")
    check(res.log_risk_ratio_se, rgen, f"{tag}.RR.sei", "se")
    check(res.risk_ratio, rgen, f"{tag}.RR.exp_yi", "estimate")
    check(res.risk_ratio_ci.low, rgen, f"{tag}.RR.exp_ci.lb", "ci")
    check(res.risk_ratio_ci.high, rgen, f"{tag}.RR.exp_ci.ub", "ci")
    check(res.log_odds_ratio, rgen, f"{tag}.OR.yi", "estimate")
    check(res.log_odds_ratio_se, rgen, f"{tag}.OR.sei", "se")
    check(res.odds_ratio, rgen, f"{tag}.OR.exp_yi", "estimate")
    check(res.odds_ratio_ci.low, rgen, f"{tag}.OR.exp_ci.lb", "ci")
    check(res.odds_ratio_ci.high, rgen, f"{tag}.OR.exp_ci.ub", "ci")
    check(res.statistic, rgen, f"{tag}.pooled_z.stat", "estimate")
    check(res.statistic**2, rgen, f"{tag}.proptest_nocc.X2", "estimate")
    check(res.pvalue, rgen, f"{tag}.pooled_z.p", "p")
    check(res.pvalue, rgen, f"{tag}.proptest_nocc.p", "p")
    check(res.nnt, rgen, f"{tag}.newcombe.diff", "estimate", transform=lambda d: 1.0 / d)
    lo, hi = rgen[f"{tag}.newcombe.lo"], rgen[f"{tag}.newcombe.hi"]
    if lo > 0 or hi < 0:  # the NNT interval is (1/hi, 1/lo) when the RD interval excludes 0
        check(res.nnt_ci.low, rgen, f"{tag}.newcombe.hi", "ci", transform=lambda x: 1.0 / x)
        check(res.nnt_ci.high, rgen, f"{tag}.newcombe.lo", "ci", transform=lambda x: 1.0 / x)
    else:
        assert res.nnt_ci is None
    fisher = compare_proportions(k1, n1, k2, n2, test="fisher")
    check(fisher.pvalue, rgen, f"{tag}.fisher.p", "p")
    wald = compare_proportions(k1, n1, k2, n2, method="wald")
    check(wald.risk_difference_ci.low, rgen, f"{tag}.wald.lo", "ci")
    check(wald.risk_difference_ci.high, rgen, f"{tag}.wald.hi", "ci")
    ac = compare_proportions(k1, n1, k2, n2, method="agresti-caffo")
    check(ac.risk_difference_ci.low, rgen, f"{tag}.agresti_caffo.lo", "ci")
    check(ac.risk_difference_ci.high, rgen, f"{tag}.agresti_caffo.hi", "ci")


H_B_CASES = [(0.95, 0, 10, 3, 10), (0.95, 3, 10, 0, 10), (0.90, 8, 30, 4, 30)]


@pytest.mark.parametrize("cl,k1,n1,k2,n2", H_B_CASES)
def test_compare_proportions_zero_cell_and_90(rgen, cl, k1, n1, k2, n2):
    """h.b.cl{cl}.{case}.*: escalc RR/OR with metafor's default add = 1/2 to all cells when one is
    0; the risk difference uncorrected (RD_add0.*, escalc add = 0); Newcombe, Wald, Agresti-Caffo
    at the given level; score z and Fisher p."""
    tag = f"h.b.cl{cl:.2f}.{k1}_{n1}_vs_{k2}_{n2}"
    res = compare_proportions(k1, n1, k2, n2, confidence_level=cl)
    assert res.zero_cell_correction == 0.5 * rgen[f"{tag}.zero_cell"]
    check(res.risk_difference, rgen, f"{tag}.RD_add0.yi", "estimate")
    check(res.risk_difference_se, rgen, f"{tag}.RD_add0.sei", "se")
    if rgen[f"{tag}.zero_cell"] == 0:
        check(res.risk_difference_se, rgen, f"{tag}.RD.sei", "se")
    for m, est, se, ratio, ci in [("RR", "log_risk_ratio", "log_risk_ratio_se", "risk_ratio", "risk_ratio_ci"),
                                  ("OR", "log_odds_ratio", "log_odds_ratio_se", "odds_ratio", "odds_ratio_ci")]:
        check(getattr(res, est), rgen, f"{tag}.{m}.yi", "estimate")
        check(getattr(res, se) ** 2, rgen, f"{tag}.{m}.vi", "se")
        check(getattr(res, se), rgen, f"{tag}.{m}.sei", "se")
        check(getattr(res, ratio), rgen, f"{tag}.{m}.exp_yi", "estimate")
        check(getattr(res, ci).low, rgen, f"{tag}.{m}.exp_ci.lb", "ci")
        check(getattr(res, ci).high, rgen, f"{tag}.{m}.exp_ci.ub", "ci")
    check(res.risk_difference_ci.low, rgen, f"{tag}.newcombe.lo", "ci")
    check(res.risk_difference_ci.high, rgen, f"{tag}.newcombe.hi", "ci")
    check(res.nnt, rgen, f"{tag}.nnt", "estimate")
    check(res.statistic, rgen, f"{tag}.pooled_z.stat", "estimate")
    check(res.statistic**2, rgen, f"{tag}.proptest_nocc.X2", "estimate")
    check(res.pvalue, rgen, f"{tag}.proptest_nocc.p", "p")
    fisher = compare_proportions(k1, n1, k2, n2, confidence_level=cl, test="fisher")
    assert fisher.statistic is None
    check(fisher.pvalue, rgen, f"{tag}.fisher.p", "p")
    for method, name in [("wald", "wald_clipped"), ("agresti-caffo", "agresti_caffo_clipped")]:
        r = compare_proportions(k1, n1, k2, n2, confidence_level=cl, method=method)
        check(r.risk_difference_ci.low, rgen, f"{tag}.{name}.lo", "ci")
        check(r.risk_difference_ci.high, rgen, f"{tag}.{name}.hi", "ci")


# --------------------------------------------------------------------------- SMD, t tests

PAIRS = {  # c_smd.R and d_ttests.R: (m1, s1, n1, m2, s2, n2)
    "P1": (20.3, 11.5, 30, 30.6, 6.1, 30),
    "P2": (10, 2, 20, 8, 2.5, 25),
    "P3": (5.1, 1.2, 12, 4.0, 1.5, 6),
}


@pytest.mark.parametrize("pair", list(PAIRS))
def test_smd(rgen, pair):
    """c.{pair}.sd_pooled, cohen_d, cohen_d.var_LS(...), cohen_d.ci_z.*, J_exact_gamma,
    escalc_SMD.{yi,vi,sei,ci.lb,ci.ub}, escalc_MD.yi."""
    tag = f"c.{pair}"
    res = smd(*PAIRS[pair])
    check(res.mean_difference, rgen, f"{tag}.escalc_MD.yi", "estimate")
    check(res.sd_pooled, rgen, f"{tag}.sd_pooled", "estimate")
    check(res.cohen_d, rgen, f"{tag}.cohen_d", "estimate")
    check(res.cohen_d_var, rgen, f"{tag}.cohen_d.var_LS(1/n1+1/n2+d^2/(2N))", "se")
    check(res.cohen_d_ci.low, rgen, f"{tag}.cohen_d.ci_z.lo", "ci")
    check(res.cohen_d_ci.high, rgen, f"{tag}.cohen_d.ci_z.hi", "ci")
    check(res.j, rgen, f"{tag}.J_exact_gamma", "estimate")
    check(res.hedges_g, rgen, f"{tag}.escalc_SMD.yi", "estimate")
    check(res.hedges_g_var, rgen, f"{tag}.escalc_SMD.vi", "se")
    check(res.hedges_g_se, rgen, f"{tag}.escalc_SMD.sei", "se")
    check(res.hedges_g_ci.low, rgen, f"{tag}.escalc_SMD.ci.lb", "ci")
    check(res.hedges_g_ci.high, rgen, f"{tag}.escalc_SMD.ci.ub", "ci")


@pytest.mark.parametrize("pair", list(PAIRS))
@pytest.mark.parametrize("equal_var", [True, False])
def test_ttest_from_stats(rgen, pair, equal_var):
    """d.{pair}.{pooled|welch}.{t,df,se,p_two_sided,ci_diff.lo,ci_diff.hi}, and the t.test()
    cross-checks d.{pair}.check_t.test_{pooled|welch}.{t,p}."""
    kind = "pooled" if equal_var else "welch"
    tag = f"d.{pair}.{kind}"
    res = ttest_from_stats(*PAIRS[pair], equal_var=equal_var)
    check(res.statistic, rgen, f"{tag}.t", "estimate")
    check(res.df, rgen, f"{tag}.df", "estimate")
    check(res.se, rgen, f"{tag}.se", "se")
    check(res.pvalue, rgen, f"{tag}.p_two_sided", "p")
    check(res.ci.low, rgen, f"{tag}.ci_diff.lo", "ci")
    check(res.ci.high, rgen, f"{tag}.ci_diff.hi", "ci")
    check(res.statistic, rgen, f"d.{pair}.check_t.test_{kind}.t", "estimate")
    check(res.pvalue, rgen, f"d.{pair}.check_t.test_{kind}.p", "p")


# (tag prefix, r) for SMCR/SMCC: c_smd.R has r = 0.3, 0.5, 0.7; h_extra.R r = 0 and 0.9
SMC_R = [("c", 0.3), ("c", 0.5), ("c", 0.7), ("h.c", 0.0), ("h.c", 0.9)]
PRE_POST = dict(mean_pre=30.6, std_pre=6.1, mean_post=20.3, std_post=11.5, nobs=30)


@pytest.mark.parametrize("prefix,r", SMC_R)
def test_paired_smd(rgen, prefix, r):
    """{c|h.c}.SMCR.r{r}.{yi,vi,ci.lb,ci.ub} and {c|h.c}.SMCC.r{r}.{sd_change,yi,vi,ci.lb,ci.ub}
    (escalc SMCR / SMCC, pre 30.6 (6.1), post 20.3 (11.5), n 30)."""
    res = paired_smd(**PRE_POST, r=r)
    s, c = f"{prefix}.SMCR.r{r:.1f}", f"{prefix}.SMCC.r{r:.1f}"
    check(res.smcr, rgen, f"{s}.yi", "estimate")
    check(res.smcr_var, rgen, f"{s}.vi", "se")
    check(res.smcr_ci.low, rgen, f"{s}.ci.lb", "ci")
    check(res.smcr_ci.high, rgen, f"{s}.ci.ub", "ci")
    check(res.sd_diff, rgen, f"{c}.sd_change", "estimate")
    check(res.g_z, rgen, f"{c}.yi", "estimate")
    check(res.g_z_var, rgen, f"{c}.vi", "se")
    check(res.g_z_ci.low, rgen, f"{c}.ci.lb", "ci")
    check(res.g_z_ci.high, rgen, f"{c}.ci.ub", "ci")
    if prefix == "h.c":
        check(res.smcr_se, rgen, f"{s}.sei", "se")
        check(res.g_z_se, rgen, f"{c}.sei", "se")
        check(res.d_z, rgen, f"{c}.d_z_uncorrected", "estimate")
        check(res.sd_diff, rgen, f"h.d.paired.r{r:.1f}.sd_diff", "estimate")


def test_paired_smd_grid(rgen):
    """c.SMCC.r{0.3,0.5,0.7}.yi and c.SMCR.r*.vi with r given as an array."""
    rs = [0.3, 0.5, 0.7]
    res = paired_smd(**PRE_POST, r=rs)
    for i, r in enumerate(rs):
        check(res.g_z[i], rgen, f"c.SMCC.r{r:.1f}.yi", "estimate")
        check(res.smcr_var[i], rgen, f"c.SMCR.r{r:.1f}.vi", "se")
        check(res.smcr[i], rgen, f"c.SMCR.r{r:.1f}.yi", "estimate")


# --------------------------------------------------------------------------- meta-analysis

TOY_Y, TOY_V = [0.1, 0.5, 0.9], [0.04, 0.05, 0.06]
# R fit name -> (method, knha, tolerance kind); *_tight fits are converged to 1e-14
TOY_FITS = {
    "FE": ("FE", False, "estimate"),
    "DL": ("DL", False, "estimate"),
    "REML_tight": ("REML", False, "tight"),
    "ML_tight": ("ML", False, "tight"),
    "PM_tight": ("PM", False, "tight"),
    "DL_knha": ("DL", True, "estimate"),
    "REML_knha_tight": ("REML", True, "tight"),
}


def _check_fit(res, rgen, tag, kind, with_pi=True):
    check(res.estimate, rgen, f"{tag}.estimate", kind)
    check(res.se, rgen, f"{tag}.se", kind)
    check(res.statistic, rgen, f"{tag}.zval_or_tval", kind)
    check(res.pvalue, rgen, f"{tag}.pval", "p" if kind != "tight" else kind)
    check(res.ci.low, rgen, f"{tag}.ci.lb", kind)
    check(res.ci.high, rgen, f"{tag}.ci.ub", kind)
    check(res.tau2, rgen, f"{tag}.tau2", kind)
    check(res.i2, rgen, f"{tag}.I2_percent", kind)
    check(res.h2, rgen, f"{tag}.H2", kind)
    if with_pi:
        check(res.prediction_interval.low, rgen, f"{tag}.pred.pi.lb", kind)
        check(res.prediction_interval.high, rgen, f"{tag}.pred.pi.ub", kind)


@pytest.mark.parametrize("fit", list(TOY_FITS))
def test_random_effects_toy3(rgen, fit):
    """h.g.toy3.{fit}.*: rma(yi = c(0.1, 0.5, 0.9), vi = c(0.04, 0.05, 0.06), ...)."""
    method, knha, kind = TOY_FITS[fit]
    res = random_effects(TOY_Y, TOY_V, method=method, knha=knha)
    tag = f"h.g.toy3.{fit}"
    _check_fit(res, rgen, tag, kind)
    check(res.q, rgen, f"{tag}.QE", "estimate")
    check(res.q_pvalue, rgen, f"{tag}.QEp", "p")


def test_random_effects_toy3_default_reml_is_loose(rgen):
    """h.g.toy3.REML.tau2: metafor's default REML (threshold 1e-5) is good to TOL["iterative"] only."""
    res = random_effects(TOY_Y, TOY_V, method="REML")
    assert res.tau2 == pytest.approx(rgen["h.g.toy3.REML.tau2"], rel=TOL["iterative"])
    check(res.tau2, rgen, "h.g.toy3.REML_tight.tau2", "tight")


BCG_FITS = {
    "FE": ("FE", False, "estimate"),
    "DL": ("DL", False, "estimate"),
    "DL_knha": ("DL", True, "estimate"),
    "REML_tight": ("REML", False, "tight"),
    "PM_tight": ("PM", False, "tight"),
    "REML_knha_tight": ("REML", True, "tight"),
    "PM_knha_tight": ("PM", True, "tight"),
}


@pytest.mark.parametrize("fit", list(BCG_FITS))
def test_random_effects_bcg(rgen, fit):
    """e.rma.{fit}.*: rma on dat.bcg, with yi/vi read from e.bcg.trial01..13.{yi,vi}."""
    yi = [rgen[f"e.bcg.trial{i:02d}.yi"] for i in range(1, 14)]
    vi = [rgen[f"e.bcg.trial{i:02d}.vi"] for i in range(1, 14)]
    method, knha, kind = BCG_FITS[fit]
    res = random_effects(yi, vi, method=method, knha=knha)
    _check_fit(res, rgen, f"e.rma.{fit}", kind, with_pi=(fit != "FE"))
    check(res.q, rgen, "e.indep.QE", "estimate")


# --------------------------------------------------------------------------- power, posterior


@pytest.mark.parametrize("d", [0.5, 1.0])
def test_power_two_sample_12_6(rgen, d):
    """h.e.n12_6.d{d}.power_two_sided_nct / pwr.t2n.test / power_greater_nct (noncentral t)."""
    res = _power.power_two_sample(12, 6, effect=d)
    check(res.power_at_effect, rgen, f"h.e.n12_6.d{d:.1f}.power_two_sided_nct")
    check(res.power_at_effect, rgen, f"h.e.n12_6.d{d:.1f}.pwr.t2n.test")
    greater = _power.power_two_sample(12, 6, effect=d, alternative="greater")
    check(greater.power_at_effect, rgen, f"h.e.n12_6.d{d:.1f}.power_greater_nct")
    curve = _power.power_curve(12, 6, [d])
    check(curve["power"].iloc[0], rgen, f"h.e.n12_6.d{d:.1f}.power_two_sided_nct")


def test_power_mde(rgen):
    """h.e.n12_6.mde_power0.8_two_sided_uniroot (uniroot tol 1e-14) and
    h.e.n64_64.mde_power0.8_power.t.test_strict (tol 1e-12)."""
    check(_power.power_two_sample(12, 6).mde, rgen, "h.e.n12_6.mde_power0.8_two_sided_uniroot")
    check(_power.power_two_sample(64, 64).mde, rgen, "h.e.n64_64.mde_power0.8_power.t.test_strict")


def test_power_64_per_arm(rgen):
    """h.e.n64_64.d0.5.power.t.test_strict (both tails, as the package); R's default
    strict = FALSE counts only the upper tail and is lower by about 1e-6."""
    res = _power.power_two_sample(64, 64, effect=0.5)
    check(res.power_at_effect, rgen, "h.e.n64_64.d0.5.power.t.test_strict")
    check(res.power_at_effect, rgen, "h.e.n64_64.d0.5.power_two_sided_nct")
    strict = rgen["h.e.n64_64.d0.5.power.t.test_strict"]
    one_tail = rgen["h.e.n64_64.d0.5.power.t.test_default(one_tail)"]
    # the package's excess over R's one-tailed default is exactly R's strict - default (9.3e-7)
    assert res.power_at_effect - one_tail > 0
    assert res.power_at_effect - one_tail == pytest.approx(strict - one_tail, rel=TOL["reference"], abs=0.0)


@pytest.mark.parametrize("prior", ["jeffreys", "uniform"])
def test_posterior_proportion(rgen, prior):
    """h.f.k2_n3.{prior}.{a,b,mean,median_qbeta0.5,q0.025,q0.975,q0.05,q0.95,P(p>0.5)}."""
    tag = f"h.f.k2_n3.{prior}"
    post = _power.posterior_proportion(2, 3, prior=prior, threshold=0.5)
    check(post.a, rgen, f"{tag}.a", "estimate")
    check(post.b, rgen, f"{tag}.b", "estimate")
    check(post.mean, rgen, f"{tag}.mean", "estimate")
    check(post.median, rgen, f"{tag}.median_qbeta0.5", "ci")
    check(post.ci.low, rgen, f"{tag}.q0.025", "ci")
    check(post.ci.high, rgen, f"{tag}.q0.975", "ci")
    ci90 = post.credible_interval(0.90)
    check(ci90.low, rgen, f"{tag}.q0.05", "ci")
    check(ci90.high, rgen, f"{tag}.q0.95", "ci")
    check(post.prob_above, rgen, f"{tag}.P(p>0.5)", "p")


@pytest.mark.parametrize("r", [0.0, 0.3, 0.5, 0.9])
def test_paired_sensitivity(rgen, r):
    """h.d.paired.r{r}.{sd_diff,t,df,p_two_sided} and the t.test(paired = TRUE) cross-check
    h.d.paired.r{r}.check_t.test_paired.{t,p}; SMCR columns against c/h.c.SMCR.r{r}.*."""
    df = _power.paired_sensitivity(30.6, 6.1, 20.3, 11.5, 30, r=[r])
    row = df.iloc[0]
    tag = f"h.d.paired.r{r:.1f}"
    check(row["sd_diff"], rgen, f"{tag}.sd_diff", "estimate")
    check(row["t"], rgen, f"{tag}.t", "estimate")
    check(row["df"], rgen, f"{tag}.df", "estimate")
    check(row["p"], rgen, f"{tag}.p_two_sided", "p")
    check(row["t"], rgen, f"{tag}.check_t.test_paired.t", "estimate")
    check(row["p"], rgen, f"{tag}.check_t.test_paired.p", "p")
    # c_smd.R prints SMCR at r = 0.3, 0.5, 0.7; h_extra.R at r = 0 and 0.9
    prefix = {0.0: "h.c", 0.3: "c", 0.5: "c", 0.9: "h.c"}[r]
    s = f"{prefix}.SMCR.r{r:.1f}"
    assert f"{s}.yi" in rgen, f"{s}.yi is missing from r_generated_values.tsv"
    check(row["smcr"], rgen, f"{s}.yi", "estimate")
    check(row["smcr_vi"], rgen, f"{s}.vi", "se")
    check(row["smcr_ci_low"], rgen, f"{s}.ci.lb", "ci")
    check(row["smcr_ci_high"], rgen, f"{s}.ci.ub", "ci")
