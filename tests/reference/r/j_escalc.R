# (j) metafor::escalc on the summaries behind `reanalysis export --format escalc` (analysis.to_escalc),
# then rma() on the exported CSV itself, to show it runs in R as written.
# Run: cp tests/reference/r/{00_helpers.R,j_escalc.R,escalc2026_export.csv} $TMP && cd $TMP &&
#      RREF_TSV=j.tsv Rscript j_escalc.R    (the output is tests/reference/r_escalc_values.tsv)
source("00_helpers.R")
suppressPackageStartupMessages(library(metafor))
cat(sprintf("# R %s, metafor %s\n", getRversion(), packageVersion("metafor")),
    file = Sys.getenv("RREF_TSV", "reference_values.tsv"), append = TRUE)
row <- function(tag, es) { out(paste0(tag, ".yi"), es$yi[1]); out(paste0(tag, ".vi"), es$vi[1]) }

# tests/ledgers/escalc (invented summaries, as printed in its text):
# depression score at week 8, drug 12.4 (5.1) n 40 vs placebo 15.9 (6.3) n 38
for (m in c("SMD", "MD"))
  row(paste0("j.escalc2026.dep_comparison.", m),
      escalc(measure = m, m1i = 12.4, sd1i = 5.1, n1i = 40, m2i = 15.9, sd2i = 6.3, n2i = 38))
# anxiety, baseline 22.0 (4.5), week 4 17.3 (5.2), n 25; m1i = post, m2i = pre, sd1i = pre SD
for (r in c(0.3, 0.5, 0.7))
  row(sprintf("j.escalc2026.anx_pre_post.SMCR.r%.1f", r),
      escalc(measure = "SMCR", m1i = 17.3, m2i = 22.0, sd1i = 4.5, ni = 25, ri = r))
# relapse 9/30 vs 15/30; serious adverse events 0/18 vs 4/20 (a zero cell: escalc's default add = 1/2)
for (m in c("RR", "OR", "RD")) {
  row(paste0("j.escalc2026.relapse_comparison.", m), escalc(measure = m, ai = 9, n1i = 30, ci = 15, n2i = 30))
  row(paste0("j.escalc2026.sae_comparison.", m), escalc(measure = m, ai = 0, n1i = 18, ci = 4, n2i = 20))
}
# data/: the splits the export states in its note (arm sizes not printed; most balanced split of the total)
for (m in c("RR", "OR", "RD")) {
  row(paste0("j.anand2023_elektd.response_comparison.", m),
      escalc(measure = m, ai = 113, n1i = 204, ci = 82, n2i = 199))
  row(paste0("j.reif2023_escape_trd.remission_comparison.", m),
      escalc(measure = m, ai = 91, n1i = 336, ci = 60, n2i = 340))
}
# sakurai2025: MADRS baseline 30.6 (6.1), week 4 20.3 (11.5), n 30
for (r in c(0.3, 0.5, 0.7))
  row(sprintf("j.sakurai2025.madrs_pre_post.SMCR.r%.1f", r),
      escalc(measure = "SMCR", m1i = 20.3, m2i = 30.6, sd1i = 6.1, ni = 30, ri = r))

# The exported CSV, read as is (`reanalysis export --data tests/ledgers/escalc > escalc2026_export.csv`)
dat <- read.csv("escalc2026_export.csv")
for (m in c("RR", "OR", "RD")) {
  f <- rma(yi, vi, data = dat, subset = measure == m)
  out(paste0("j.export.rma.REML.", m, ".estimate"), as.numeric(f$b))
  out(paste0("j.export.rma.REML.", m, ".se"), f$se)
  out(paste0("j.export.rma.REML.", m, ".tau2"), f$tau2)
}
# escalc recomputes every row from the exported inputs alone
for (m in c("RR", "OR", "RD")) {
  d <- dat[dat$measure == m, ]
  e <- escalc(measure = m, ai = ai, bi = bi, ci = ci, di = di, data = d)
  out(paste0("j.export.reescalc.", m, ".max_abs_diff"), max(abs(e$yi - d$yi), abs(e$vi - d$vi)))
}
