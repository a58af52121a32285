# Issue 18 item 5: tests from summary statistics, by R on data built to match the summaries exactly.
# Run in this folder:  RREF_TSV=../r_group_tests.tsv Rscript k_group_tests.R   (00_helpers.R beside it)
source("00_helpers.R")
exact <- function(m, s, n) { z <- rnorm(n); (z - mean(z)) / sd(z) * s + m }  # sample mean m, sd s exactly
set.seed(18)
groups <- function(ms, ss, ns) {
  y <- unlist(mapply(exact, ms, ss, ns, SIMPLIFY = FALSE))
  g <- factor(rep(seq_along(ns), ns))
  data.frame(y = y, g = g)
}
cases <- list(
  # PMC5784025 (three-arm RCT), Table 2, brachial SBP at baseline: printed P 0.222 (one-way ANOVA)
  sbp0 = list(c(154.2, 150.1, 147.1), c(16.7, 13.6, 17.2), c(29, 34, 32)),
  # same table, brachial PP at 12 weeks: printed P 0.019
  pp12 = list(c(59.0, 52.8, 48.9), c(15.6, 14.3, 11.0), c(29, 34, 32)),
  # same trial, Table 1, age: printed P 0.078 (n 35 per arm)
  age = list(c(62.7, 61.3, 58.5), c(9.0, 12.5, 11.6), c(35, 35, 35)),
  # four groups, unequal sizes and SDs (invented)
  four = list(c(10, 12, 15, 11), c(2, 5, 3, 8), c(8, 20, 12, 5))
)
for (nm in names(cases)) {
  cs <- cases[[nm]]; d <- groups(cs[[1]], cs[[2]], cs[[3]])
  a <- oneway.test(y ~ g, data = d, var.equal = TRUE)
  w <- oneway.test(y ~ g, data = d, var.equal = FALSE)
  out(paste0("k.", nm, ".anova.F"), a$statistic); out(paste0("k.", nm, ".anova.df2"), a$parameter[2])
  out(paste0("k.", nm, ".anova.p"), a$p.value)
  out(paste0("k.", nm, ".welch.F"), w$statistic); out(paste0("k.", nm, ".welch.df2"), w$parameter[2])
  out(paste0("k.", nm, ".welch.p"), w$p.value)
}
# two groups: Sakurai's MADRS as if independent (20.3 (11.5) vs 30.6 (6.1), n 30 each)
x <- exact(20.3, 11.5, 30); y <- exact(30.6, 6.1, 30)
st <- t.test(x, y, var.equal = TRUE); we <- t.test(x, y)
out("k.t2.student.t", st$statistic); out("k.t2.student.p", st$p.value)
out("k.t2.welch.t", we$statistic); out("k.t2.welch.df", we$parameter); out("k.t2.welch.p", we$p.value)
# chi-squared, k x 2: PMC5784025 Table 1 female 10/35, 12/35, 8/35 (printed P 0.571)
t3 <- matrix(c(10, 12, 8, 25, 23, 27), ncol = 2)
c3 <- chisq.test(t3); out("k.chi2.female.X2", c3$statistic); out("k.chi2.female.p", c3$p.value)
# 2 x 2: 8/30 vs 4/30, with and without Yates's correction
t2 <- matrix(c(8, 4, 22, 26), ncol = 2)
out("k.chi2.2x2.yates.X2", chisq.test(t2)$statistic); out("k.chi2.2x2.yates.p", chisq.test(t2)$p.value)
out("k.chi2.2x2.plain.X2", chisq.test(t2, correct = FALSE)$statistic)
out("k.chi2.2x2.plain.p", chisq.test(t2, correct = FALSE)$p.value)
