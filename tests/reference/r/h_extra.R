# (h) Extra R references for paths of the package that a.R ... g.R leave uncovered:
#   h.a  single-proportion intervals at confidence 0.90 (prop.test, binom.test, Wilson,
#        Jeffreys with the Brown-Cai-DasGupta boundary rule, Agresti-Coull/Wald clipped)
#   h.b  two proportions with a zero cell (0/10 vs 3/10): metafor escalc RD/RR/OR with its
#        default add = 1/2, to = "only0"; Newcombe/Wald/Agresti-Caffo; score z; Fisher; and
#        8/30 vs 4/30 at confidence 0.90
#   h.c  escalc SMCR and SMCC, pre 30.6 (6.1), post 20.3 (11.5), n 30, r = 0 and 0.9
#   h.d  paired t from summary statistics, cross-checked with t.test(paired = TRUE) on data
#        constructed with exactly those means, SDs and correlation
#   h.e  power of the two-sample t test (pwr, noncentral t by formula, power.t.test)
#   h.f  Beta posterior for k = 2 of n = 3 under Beta(1/2, 1/2) and Beta(1, 1)
#   h.g  rma on a 3-study toy set: DL, REML (default and tightly converged), PM, FE, knha
# Run from this directory: RREF_TSV=<file> Rscript h_extra.R
source("00_helpers.R")
suppressPackageStartupMessages(library(metafor))

# ---- h.a: single proportions at confidence 0.90 ------------------------------------------
cl <- 0.90
z90 <- qnorm(1 - (1 - cl)/2)
out("h.a.z_used_qnorm_0.95", z90)
for (cs in list(c(2, 3), c(8, 30), c(4, 30), c(0, 10), c(10, 10))) {
  k <- cs[1]; n <- cs[2]; p <- k/n
  tag <- sprintf("h.a.cl0.90.%d_%d", k, n)
  pt <- suppressWarnings(prop.test(k, n, correct = FALSE, conf.level = cl))
  out(paste0(tag, ".wilson_proptest.lo"), pt$conf.int[1])
  out(paste0(tag, ".wilson_proptest.hi"), pt$conf.int[2])
  ctr <- (k + z90^2/2)/(n + z90^2)
  hw <- z90*sqrt(n)/(n + z90^2)*sqrt(p*(1-p) + z90^2/(4*n))
  out(paste0(tag, ".wilson_formula.lo"), ctr - hw)
  out(paste0(tag, ".wilson_formula.hi"), ctr + hw)
  bt <- binom.test(k, n, conf.level = cl)
  out(paste0(tag, ".clopper_pearson.lo"), bt$conf.int[1])
  out(paste0(tag, ".clopper_pearson.hi"), bt$conf.int[2])
  jq <- qbeta(c((1 - cl)/2, (1 + cl)/2), k + .5, n - k + .5)
  out(paste0(tag, ".jeffreys_bcd.lo"), if (k == 0) 0 else jq[1])
  out(paste0(tag, ".jeffreys_bcd.hi"), if (k == n) 1 else jq[2])
  nt <- n + z90^2; ptl <- (k + z90^2/2)/nt
  out(paste0(tag, ".agresti_coull_clipped.lo"), max(0, ptl - z90*sqrt(ptl*(1-ptl)/nt)))
  out(paste0(tag, ".agresti_coull_clipped.hi"), min(1, ptl + z90*sqrt(ptl*(1-ptl)/nt)))
  out(paste0(tag, ".wald_clipped.lo"), max(0, p - z90*sqrt(p*(1-p)/n)))
  out(paste0(tag, ".wald_clipped.hi"), min(1, p + z90*sqrt(p*(1-p)/n)))
}

# ---- h.b: two proportions ----------------------------------------------------------------
wilson <- function(k, n, z) {
  p <- k/n; ctr <- (k + z^2/2)/(n + z^2)
  hw <- z*sqrt(n)/(n + z^2)*sqrt(p*(1-p) + z^2/(4*n)); c(ctr - hw, ctr + hw)
}
two_props <- function(x1, n1, x2, n2, cl) {
  z <- qnorm(1 - (1 - cl)/2)
  tag <- sprintf("h.b.cl%.2f.%d_%d_vs_%d_%d", cl, x1, n1, x2, n2)
  p1 <- x1/n1; p2 <- x2/n2; d <- p1 - p2
  out(paste0(tag, ".zero_cell"), as.numeric(min(x1, n1 - x1, x2, n2 - x2) == 0))
  for (m in c("RD", "RR", "OR")) {
    # metafor defaults: add = 1/2, to = "only0" (1/2 added to all four cells if any is 0)
    es <- escalc(measure = m, ai = x1, n1i = n1, ci = x2, n2i = n2)
    s <- summary(es, level = 100*cl)
    out(paste0(tag, ".", m, ".yi"), es$yi[1]); out(paste0(tag, ".", m, ".vi"), es$vi[1])
    out(paste0(tag, ".", m, ".sei"), s$sei[1])
    out(paste0(tag, ".", m, ".ci.lb"), s$ci.lb[1]); out(paste0(tag, ".", m, ".ci.ub"), s$ci.ub[1])
    if (m != "RD") {
      out(paste0(tag, ".", m, ".exp_yi"), exp(es$yi[1]))
      out(paste0(tag, ".", m, ".exp_ci.lb"), exp(s$ci.lb[1]))
      out(paste0(tag, ".", m, ".exp_ci.ub"), exp(s$ci.ub[1]))
    }
  }
  # the risk difference without any correction (escalc add = 0)
  e0 <- escalc(measure = "RD", ai = x1, n1i = n1, ci = x2, n2i = n2, add = 0)
  out(paste0(tag, ".RD_add0.yi"), e0$yi[1]); out(paste0(tag, ".RD_add0.sei"), sqrt(e0$vi[1]))
  w1 <- wilson(x1, n1, z); w2 <- wilson(x2, n2, z)
  nlo <- d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2)
  nhi <- d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)
  out(paste0(tag, ".newcombe.lo"), nlo); out(paste0(tag, ".newcombe.hi"), nhi)
  se_w <- sqrt(p1*(1-p1)/n1 + p2*(1-p2)/n2)
  out(paste0(tag, ".wald_clipped.lo"), max(-1, d - z*se_w))
  out(paste0(tag, ".wald_clipped.hi"), min(1, d + z*se_w))
  a1 <- (x1+1)/(n1+2); a2 <- (x2+1)/(n2+2)
  se_ac <- sqrt(a1*(1-a1)/(n1+2) + a2*(1-a2)/(n2+2))
  out(paste0(tag, ".agresti_caffo_clipped.lo"), max(-1, (a1-a2) - z*se_ac))
  out(paste0(tag, ".agresti_caffo_clipped.hi"), min(1, (a1-a2) + z*se_ac))
  out(paste0(tag, ".nnt"), 1/d)
  pt0 <- suppressWarnings(prop.test(c(x1, x2), c(n1, n2), correct = FALSE))
  pp <- (x1+x2)/(n1+n2); se0 <- sqrt(pp*(1-pp)*(1/n1+1/n2))
  out(paste0(tag, ".pooled_z.stat"), d/se0)
  out(paste0(tag, ".proptest_nocc.X2"), unname(pt0$statistic))
  out(paste0(tag, ".proptest_nocc.p"), pt0$p.value)
  ft <- fisher.test(matrix(c(x1, n1-x1, x2, n2-x2), 2, byrow = TRUE))
  out(paste0(tag, ".fisher.p"), ft$p.value)
}
two_props(0, 10, 3, 10, 0.95)
two_props(3, 10, 0, 10, 0.95)
two_props(8, 30, 4, 30, 0.90)

# ---- h.c: standardized mean change, r = 0 and 0.9 -----------------------------------------
# metafor: m1i = post, m2i = pre; SMCR standardizes by sd1i = pre SD; SMCC by the SD of the
# change scores, with sd1i = post SD and sd2i = pre SD.
for (r in c(0, 0.9)) {
  tag <- sprintf("h.c.SMCR.r%.1f", r)
  es <- escalc(measure = "SMCR", m1i = 20.3, m2i = 30.6, sd1i = 6.1, ni = 30, ri = r)
  s <- summary(es)
  out(paste0(tag, ".yi"), es$yi[1]); out(paste0(tag, ".vi"), es$vi[1])
  out(paste0(tag, ".sei"), s$sei[1])
  out(paste0(tag, ".ci.lb"), s$ci.lb[1]); out(paste0(tag, ".ci.ub"), s$ci.ub[1])
  tag <- sprintf("h.c.SMCC.r%.1f", r)
  ec <- escalc(measure = "SMCC", m1i = 20.3, m2i = 30.6, sd1i = 11.5, sd2i = 6.1, ni = 30, ri = r)
  sc <- summary(ec)
  out(paste0(tag, ".sd_change"), sqrt(11.5^2 + 6.1^2 - 2*r*11.5*6.1))
  out(paste0(tag, ".d_z_uncorrected"), (20.3 - 30.6)/sqrt(11.5^2 + 6.1^2 - 2*r*11.5*6.1))
  out(paste0(tag, ".yi"), ec$yi[1]); out(paste0(tag, ".vi"), ec$vi[1])
  out(paste0(tag, ".sei"), sc$sei[1])
  out(paste0(tag, ".ci.lb"), sc$ci.lb[1]); out(paste0(tag, ".ci.ub"), sc$ci.ub[1])
}

# ---- h.d: paired t from summary statistics -----------------------------------------------
# t = (m_post - m_pre)/(sd_diff/sqrt(n)), sd_diff^2 = s1^2 + s2^2 - 2 r s1 s2, df = n - 1.
# Check: t.test(post, pre, paired = TRUE) on data with exactly these moments and correlation.
exact_pair <- function(m0, s0, m1, s1, n, r) {
  set.seed(n); x <- rnorm(n); y <- rnorm(n)
  z1 <- as.numeric(scale(x))
  e <- residuals(lm(y ~ z1)); z2 <- as.numeric(scale(e))  # centred, sd 1, orthogonal to z1
  list(pre = m0 + s0*z1, post = m1 + s1*(r*z1 + sqrt(1 - r^2)*z2))
}
m0 <- 30.6; s0 <- 6.1; m1 <- 20.3; s1 <- 11.5; n <- 30
for (r in c(0, 0.3, 0.5, 0.9)) {
  tag <- sprintf("h.d.paired.r%.1f", r)
  sdd <- sqrt(s0^2 + s1^2 - 2*r*s0*s1)
  tt <- (m1 - m0)/(sdd/sqrt(n))
  out(paste0(tag, ".sd_diff"), sdd)
  out(paste0(tag, ".t"), tt); out(paste0(tag, ".df"), n - 1)
  out(paste0(tag, ".p_two_sided"), 2*pt(-abs(tt), n - 1))
  dd <- exact_pair(m0, s0, m1, s1, n, r)
  chk <- t.test(dd$post, dd$pre, paired = TRUE)
  out(paste0(tag, ".check_t.test_paired.t"), unname(chk$statistic))
  out(paste0(tag, ".check_t.test_paired.p"), chk$p.value)
  out(paste0(tag, ".check_cor"), cor(dd$pre, dd$post))
}

# ---- h.e: power of the two-sample t test -------------------------------------------------
# Noncentral t, both rejection tails: ncp = d sqrt(n1 n2/(n1 + n2)), df = n1 + n2 - 2.
pow2 <- function(d, n1, n2, alpha = 0.05) {
  df <- n1 + n2 - 2; ncp <- d*sqrt(n1*n2/(n1 + n2)); q <- qt(1 - alpha/2, df)
  pt(q, df, ncp, lower.tail = FALSE) + pt(-q, df, ncp)
}
pow1 <- function(d, n1, n2, alpha = 0.05) {  # one-sided, group 1 > group 2
  df <- n1 + n2 - 2; ncp <- d*sqrt(n1*n2/(n1 + n2))
  pt(qt(1 - alpha, df), df, ncp, lower.tail = FALSE)
}
for (d in c(0.5, 1.0)) {
  tag <- sprintf("h.e.n12_6.d%.1f", d)
  out(paste0(tag, ".power_two_sided_nct"), pow2(d, 12, 6))
  out(paste0(tag, ".power_greater_nct"), pow1(d, 12, 6))
  out(paste0(tag, ".pwr.t2n.test"), pwr::pwr.t2n.test(n1 = 12, n2 = 6, d = d)$power)
}
mde <- uniroot(function(d) pow2(d, 12, 6) - 0.8, c(0.1, 5), tol = 1e-14)$root
out("h.e.n12_6.mde_power0.8_two_sided_uniroot", mde)
# pwr solves with uniroot's default tolerance (~1e-4): a loose cross-check only
out("h.e.n12_6.mde_power0.8_pwr.t2n.test(uniroot_default_tol)",
    pwr::pwr.t2n.test(n1 = 12, n2 = 6, power = 0.8)$d)
out("h.e.n64_64.d0.5.power.t.test_strict",
    power.t.test(n = 64, delta = 0.5, sd = 1, strict = TRUE)$power)
out("h.e.n64_64.d0.5.power.t.test_default(one_tail)",
    power.t.test(n = 64, delta = 0.5, sd = 1)$power)
out("h.e.n64_64.d0.5.power_two_sided_nct", pow2(0.5, 64, 64))
out("h.e.n64_64.mde_power0.8_power.t.test_strict",
    power.t.test(n = 64, power = 0.8, sd = 1, strict = TRUE, tol = 1e-12)$delta)

# ---- h.f: Beta posterior for 2 of 3 ------------------------------------------------------
k <- 2; n <- 3
for (pr in list(c("jeffreys", 0.5, 0.5), c("uniform", 1, 1))) {
  a <- k + as.numeric(pr[2]); b <- n - k + as.numeric(pr[3])
  tag <- sprintf("h.f.k2_n3.%s", pr[1])
  out(paste0(tag, ".a"), a); out(paste0(tag, ".b"), b)
  out(paste0(tag, ".mean"), a/(a + b))
  out(paste0(tag, ".median_qbeta0.5"), qbeta(0.5, a, b))
  out(paste0(tag, ".q0.025"), qbeta(0.025, a, b)); out(paste0(tag, ".q0.975"), qbeta(0.975, a, b))
  out(paste0(tag, ".q0.05"), qbeta(0.05, a, b)); out(paste0(tag, ".q0.95"), qbeta(0.95, a, b))
  out(paste0(tag, ".P(p>0.5)"), pbeta(0.5, a, b, lower.tail = FALSE))
}

# ---- h.g: rma on a 3-study toy set -------------------------------------------------------
yi <- c(0.1, 0.5, 0.9); vi <- c(0.04, 0.05, 0.06)
ctl <- list(threshold = 1e-14, tol = 1e-15, maxiter = 10000)
fits <- list(
  FE = rma(yi, vi, method = "FE"),
  DL = rma(yi, vi, method = "DL"),
  REML = rma(yi, vi, method = "REML"),
  REML_tight = rma(yi, vi, method = "REML", control = ctl),
  ML_tight = rma(yi, vi, method = "ML", control = ctl),
  PM_tight = rma(yi, vi, method = "PM", control = ctl),
  DL_knha = rma(yi, vi, method = "DL", test = "knha"),
  REML_knha_tight = rma(yi, vi, method = "REML", test = "knha", control = ctl))
for (nm in names(fits)) {
  f <- fits[[nm]]; tag <- paste0("h.g.toy3.", nm)
  out(paste0(tag, ".estimate"), as.numeric(f$b)); out(paste0(tag, ".se"), f$se)
  out(paste0(tag, ".zval_or_tval"), f$zval); out(paste0(tag, ".pval"), f$pval)
  out(paste0(tag, ".ci.lb"), f$ci.lb); out(paste0(tag, ".ci.ub"), f$ci.ub)
  out(paste0(tag, ".tau2"), f$tau2)
  out(paste0(tag, ".I2_percent"), f$I2); out(paste0(tag, ".H2"), f$H2)
  out(paste0(tag, ".QE"), f$QE); out(paste0(tag, ".QEp"), f$QEp)
  p <- predict(f)
  out(paste0(tag, ".pred.pi.lb"), if (is.null(p$pi.lb)) p$ci.lb else p$pi.lb)
  out(paste0(tag, ".pred.pi.ub"), if (is.null(p$pi.ub)) p$ci.ub else p$pi.ub)
}
