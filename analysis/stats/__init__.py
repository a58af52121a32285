"""The statistics stage: re-derivation from summary statistics (proportions, effects, inference, meta, power).

Holds one module per family; they may import analysis.reported and analysis.results (and each
other), never the ledger, the checks, the audit or the report. Nothing is imported here, so a
caller pays only for the module it uses.
"""
