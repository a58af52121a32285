# How far a ratio's estimate sits off its CI's geometric centre, as a share of the half-width on the log scale,
# when the CI is profile-likelihood (glm + MASS confint) or exact conditional (fisher.test), over random 2x2
# tables (20-200 per arm, event risks 0.05-0.6, at least 2 events and non-events per arm).
# Run: Rscript l_ratio_skew.R > ../r_ratio_skew.txt   (R 4.2.2, MASS from r-base-core)
suppressMessages(library(MASS))
set.seed(1)
skew <- function(est, ci) abs(log(est) - mean(log(ci))) / (diff(log(ci)) / 2)
pl <- c(); ex <- c()
for (i in 1:300) {
  n1 <- sample(20:200, 1); n2 <- sample(20:200, 1)
  a <- rbinom(1, n1, runif(1, 0.05, 0.6)); c <- rbinom(1, n2, runif(1, 0.05, 0.6))
  if (a < 2 || c < 2 || a > n1 - 2 || c > n2 - 2) next
  y <- c(rep(1, a), rep(0, n1 - a), rep(1, c), rep(0, n2 - c)); g <- c(rep(1, n1), rep(0, n2))
  m <- glm(y ~ g, family = binomial)
  pl <- c(pl, skew(exp(coef(m)[2]), exp(suppressMessages(confint(m))[2, ])))
  f <- fisher.test(matrix(c(a, n1 - a, c, n2 - c), 2))
  ex <- c(ex, skew(f$estimate, f$conf.int))
}
cat(sprintf("tables\t%d\n", length(pl)))
for (q in c(0.5, 0.9, 0.95, 0.99)) cat(sprintf("profile_q%02d\t%.4f\nexact_q%02d\t%.4f\n", 100 * q, quantile(pl, q), 100 * q, quantile(ex, q)))
# worked cases: counts, MLE OR with its profile CI, conditional MLE with its exact CI
for (t in list(c(29, 90, 7, 43), c(12, 40, 4, 41))) {
  a <- t[1]; n1 <- t[2]; c <- t[3]; n2 <- t[4]
  y <- c(rep(1, a), rep(0, n1 - a), rep(1, c), rep(0, n2 - c)); g <- c(rep(1, n1), rep(0, n2))
  m <- glm(y ~ g, family = binomial); ci <- exp(suppressMessages(confint(m))[2, ])
  f <- fisher.test(matrix(c(a, n1 - a, c, n2 - c), 2))
  cat(sprintf("case_%d_%d_%d_%d\tprofile %.2f (%.2f to %.2f)\texact %.2f (%.2f to %.2f)\n", a, n1, c, n2,
              exp(coef(m)[2]), ci[1], ci[2], f$estimate, f$conf.int[1], f$conf.int[2]))
}
