"""The checks stage: is a printed number consistent with the others, within rounding.

Holds one module per family: granularity (GRIM, GRIMMER, DEBIT), counts (percentages, denominators,
totals), pvalues (statcheck, P against a CI, CI symmetry), claims (direction words), ci_methods
(which CI method), maps (vectorised ``*_map``), scale_bounds, sample_search and reconstruction
(samples behind a mean and SD), with shared helpers in rounding. They may import analysis.reported,
analysis.results and analysis.stats, never the ledger, the audit or the report. Nothing is imported
here, so a caller pays only for the module it uses.
"""
