# Issue 18 item 7: equivalence by two one-sided t tests (Schuirmann 1987), computed with pt().
# Run in this folder:  Rscript j_tost.R > ../r_tost_cases.csv
# Each row: a difference (linear) or a log ratio (log) with its SE and df; the 95% t CI printed
# with 6 decimals (ratio scale: exponentiated); the margin (linear: +-m; log: the ratio m, i.e.
# 1/m to m); p_tost = max of the two one-sided pt() p values (equivalent at alpha when < alpha).
set.seed(20261206)
cat("scale,estimate,se,df,lower95,upper95,margin,p_tost\n")
for (i in 1:400) {
  est <- runif(1, -1, 1); se <- runif(1, 0.05, 0.5); df <- sample(c(3:60, Inf), 1)
  m <- runif(1, 0.2, 1.5)
  q <- if (is.finite(df)) qt(0.975, df) else qnorm(0.975)
  p_lower <- if (is.finite(df)) pt((est + m) / se, df, lower.tail = FALSE) else pnorm((est + m) / se, lower.tail = FALSE)
  p_upper <- if (is.finite(df)) pt((est - m) / se, df) else pnorm((est - m) / se)
  cat(sprintf("linear,%.6f,%.6f,%s,%.6f,%.6f,%.6f,%.10g\n", est, se, df, est - q * se, est + q * se, m, max(p_lower, p_upper)))
}
for (i in 1:400) {
  lest <- runif(1, -0.4, 0.4); se <- runif(1, 0.03, 0.3); df <- sample(c(3:60, Inf), 1)
  m <- runif(1, 1.05, 2); lm <- log(m)
  q <- if (is.finite(df)) qt(0.975, df) else qnorm(0.975)
  p_lower <- if (is.finite(df)) pt((lest + lm) / se, df, lower.tail = FALSE) else pnorm((lest + lm) / se, lower.tail = FALSE)
  p_upper <- if (is.finite(df)) pt((lest - lm) / se, df) else pnorm((lest - lm) / se)
  cat(sprintf("log,%.6f,%.6f,%s,%.6f,%.6f,%.6f,%.10g\n", exp(lest), se, df, exp(lest - q * se), exp(lest + q * se), m, max(p_lower, p_upper)))
}
