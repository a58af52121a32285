# i: power of the two-sample t test where the noncentrality is large, and the minimal
# detectable effect (MDE) of tiny designs (issue 9, item 2).
#   i.pwr.*   pwr::pwr.t2n.test(n1, n2, d)$power (both arms >= 2, as pwr requires)
#   i.nct.*   the same power by pwr's own formula (pwr.t2n.test's p.body, copied as pow below),
#             for designs pwr refuses (an arm of 1) and one-sided alternatives
#   i.mde.*   d solving power(d) = target, uniroot on a bracket wide enough for tiny designs
#             (pwr.t2n.test searches d in (1e-7, 10) only), tol 1e-13; pwr's own MDE where it can
#   i.at_statsmodels_mde.*  R's power at the MDE the package printed before the fix
#             (statsmodels TTestIndPower: 2 vs 1 9.367193476562504, 2 vs 2 5.653489341914222,
#             3 vs 1 6.528087098708409), which were not MDEs at all
# Run from this directory: RREF_TSV=<file> Rscript i_power_tails.R
source("00_helpers.R")
library(pwr)

# pwr.t2n.test's p.body: two-sided adds both rejection tails; "greater" / "less" one tail
pow <- function(d, n1, n2, alpha = 0.05, alternative = "two.sided") {
  nu <- n1 + n2 - 2; ncp <- d * (1/sqrt(1/n1 + 1/n2))
  if (alternative == "two.sided") {
    qu <- qt(alpha/2, nu, lower = FALSE)
    pt(qu, nu, ncp = ncp, lower = FALSE) + pt(-qu, nu, ncp = ncp, lower = TRUE)
  } else if (alternative == "greater") {
    pt(qt(alpha, nu, lower = FALSE), nu, ncp = ncp, lower = FALSE)
  } else {
    pt(qt(alpha, nu, lower = TRUE), nu, ncp = ncp, lower = TRUE)
  }
}

# the two cases of the issue
out("i.pwr.n202_201.d0.9", pwr.t2n.test(n1 = 202, n2 = 201, d = 0.9)$power)
out("i.pwr.n12_6.d5", pwr.t2n.test(n1 = 12, n2 = 6, d = 5)$power)
# a grid of large noncentralities (ncp = d sqrt(n1 n2 / (n1 + n2)) from about 6 to 60)
for (nn in list(c(12, 6), c(20, 20), c(202, 201), c(3, 2))) {
  for (d in c(2, 3, 4, 5, 6, 8, 10, 20)) {
    tag <- sprintf("n%d_%d.d%g", nn[1], nn[2], d)
    out(paste0("i.pwr.", tag), pwr.t2n.test(n1 = nn[1], n2 = nn[2], d = d)$power)
    out(paste0("i.nct.greater.", tag), pow(d, nn[1], nn[2], alternative = "greater"))
    out(paste0("i.nct.less.", tag), pow(d, nn[1], nn[2], alternative = "less"))
  }
}
# designs with an arm of 1 (pwr refuses n < 2; same formula). R's pt() switches to a normal
# approximation for ncp > 37.62 (?pt), which is off with df = 1: pow(50, 2, 1) (ncp 40.8) is
# 0.99973 but the integral over the chi-square below gives 0.99864. i.int.* is that integral,
# P(T > q) = int Phi(ncp - q sqrt(v / df)) dchisq(v, df) dv plus the lower tail likewise.
powint <- function(d, n1, n2, alpha = 0.05) {
  nu <- n1 + n2 - 2; ncp <- d * (1/sqrt(1/n1 + 1/n2)); qu <- qt(alpha/2, nu, lower = FALSE)
  up <- integrate(function(v) pnorm(qu * sqrt(v/nu) - ncp, lower = FALSE) * dchisq(v, nu),
                  0, Inf, rel.tol = 1e-12)$value
  lo <- integrate(function(v) pnorm(-qu * sqrt(v/nu) - ncp) * dchisq(v, nu),
                  0, Inf, rel.tol = 1e-12)$value
  up + lo
}
for (nn in list(c(2, 1), c(3, 1))) {
  for (d in c(1, 5, 10, 20, 50)) {
    out(sprintf("i.nct.n%d_%d.d%g", nn[1], nn[2], d), pow(d, nn[1], nn[2]))
    out(sprintf("i.int.n%d_%d.d%g", nn[1], nn[2], d), powint(d, nn[1], nn[2]))
  }
}

# MDE at power 0.8 (and 0.9) for tiny and normal designs
mde <- function(n1, n2, target, alternative = "two.sided") {
  uniroot(function(d) pow(d, n1, n2, alternative = alternative) - target, c(1e-7, 1e4),
          tol = 1e-13)$root
}
for (nn in list(c(2, 1), c(2, 2), c(3, 1), c(3, 3), c(12, 6), c(30, 30), c(202, 201))) {
  tag <- sprintf("n%d_%d", nn[1], nn[2])
  for (target in c(0.8, 0.9)) {
    d <- mde(nn[1], nn[2], target)
    out(sprintf("i.mde.%s.power%g", tag, target), d)
    out(sprintf("i.mde.%s.power%g.check_power", tag, target), pow(d, nn[1], nn[2]))
  }
  out(sprintf("i.mde.%s.power0.8.greater", tag), mde(nn[1], nn[2], 0.8, "greater"))
}
# pwr's own solver agrees where its bracket (1e-7, 10) holds the root (2 vs 2 and up)
out("i.mde.n2_2.power0.8.pwr.t2n.test", pwr.t2n.test(n1 = 2, n2 = 2, power = 0.8)$d)
out("i.mde.n12_6.power0.8.pwr.t2n.test", pwr.t2n.test(n1 = 12, n2 = 6, power = 0.8)$d)

# R's power at the MDEs the package printed before the fix (statsmodels' solver)
out("i.at_statsmodels_mde.n2_1", pow(9.367193476562504, 2, 1))
out("i.at_statsmodels_mde.n2_2", pow(5.653489341914222, 2, 2))
out("i.at_statsmodels_mde.n3_1", pow(6.528087098708409, 3, 1))
