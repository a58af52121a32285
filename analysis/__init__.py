"""ketamine-reanalysis: re-derive and audit summary statistics printed in papers.

The public API (DESIGN.md) is re-exported here. Submodules are imported on first
use, so ``import analysis`` is fast and a notebook pays only for what it calls.

>>> import analysis
>>> analysis.parse_reported("26.7%").value
26.7
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> submodule that defines it
_EXPORTS = {
    # printed numbers and result types
    "parse_reported": "reported", "Reported": "reported",
    "ConfidenceInterval": "results", "Check": "results", "VERDICTS": "results",
    # the ledger
    "load_ledger": "ledger", "Ledger": "ledger", "Entry": "ledger", "Study": "ledger",
    "LedgerError": "ledger",
    # re-derivation (issue 3)
    "proportion_ci": "proportions", "compare_proportions": "proportions",
    "ProportionComparison": "proportions",
    "smd": "effects", "paired_smd": "effects", "StandardizedMeanDifference": "effects",
    "PairedSMD": "effects", "ttest_from_stats": "effects", "TTestResult": "effects",
    "hedges_correction": "effects",
    "p_from_ci": "inference", "ci_from_p": "inference",
    "noninferiority": "inference", "PFromCI": "inference",
    "random_effects": "meta", "MetaAnalysis": "meta",
    "rederive": "rederive",
    # consistency (issue 4)
    "grim": "consistency", "grimmer": "consistency", "debit": "consistency",
    "counts_from_percent": "consistency", "denominators": "consistency",
    "recompute_p": "consistency", "check_p_against_ci": "consistency",
    "ci_symmetry": "consistency", "check_total": "consistency", "check_direction": "consistency",
    "which_ci_method": "consistency", "grim_map": "consistency", "grimmer_map": "consistency", "p_from_ci_map": "consistency",
    "audit": "audit",
    # reconstruction and sensitivity (issue 6)
    "reconstruct": "reconstruct", "Reconstruction": "reconstruct", "sd_bounds": "reconstruct",
    "check_sd_possible": "reconstruct", "check_mean_sd_with_count": "reconstruct", "SDBounds": "reconstruct",
    "power_curve": "power", "PowerResult": "power", "Posterior": "power",
    "power_two_sample": "power", "paired_sensitivity": "power", "posterior_proportion": "power",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

# Functions that share their submodule's name are bound eagerly: importing a submodule sets the
# package attribute to the module, which would shadow the function (analysis.audit is a function).
from .audit import audit  # noqa: E402
from .rederive import rederive  # noqa: E402
from .reconstruct import reconstruct  # noqa: E402


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
