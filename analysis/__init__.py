"""ketamine-reanalysis: re-derive and audit summary statistics printed in papers.

Holds the public API (``__all__``; tests/test_public_api.py keeps it), re-exported lazily from the stage packages; imports nothing
eagerly, so ``import analysis`` is fast and a notebook pays only for what it calls. The stages
(docs/architecture.md): ``reported``/``results`` -> ``ledger`` -> ``stats`` and ``checks`` ->
``rederivation`` and ``auditing`` -> ``report``.

>>> import analysis
>>> analysis.parse_reported("26.7%").value
26.7
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> module (under analysis.) that defines it. No module is named like a function it
#: exports, so importing a module never shadows a public function (analysis.audit is a function).
_EXPORTS = {
    "parse_reported": "reported",
    "Reported": "reported",
    "ConfidenceInterval": "results",
    "Check": "results",
    "VERDICTS": "results",
    "GRADES": "results",
    "InputError": "results",
    "load_ledger": "ledger",
    "Ledger": "ledger",
    "Entry": "ledger",
    "Study": "ledger",
    "LedgerError": "ledger",
    "proportion_ci": "stats.proportions",
    "compare_proportions": "stats.proportions",
    "ProportionComparison": "stats.proportions",
    "smd": "stats.effects",
    "paired_smd": "stats.effects",
    "StandardizedMeanDifference": "stats.effects",
    "PairedSMD": "stats.effects",
    "ttest_from_stats": "stats.effects",
    "TTestResult": "stats.effects",
    "hedges_correction": "stats.effects",
    "p_from_ci": "stats.inference",
    "ci_from_p": "stats.inference",
    "noninferiority": "stats.inference",
    "PFromCI": "stats.inference",
    "p_range_over_df": "stats.inference",
    "random_effects": "stats.meta",
    "MetaAnalysis": "stats.meta",
    "power_curve": "stats.power",
    "PowerResult": "stats.power",
    "Posterior": "stats.power",
    "power_two_sample": "stats.power",
    "paired_sensitivity": "stats.power",
    "posterior_proportion": "stats.power",
    "grim": "checks.granularity",
    "grimmer": "checks.granularity",
    "debit": "checks.granularity",
    "counts_from_percent": "checks.counts",
    "denominators": "checks.counts",
    "check_total": "checks.counts",
    "recompute_p": "checks.pvalues",
    "check_p_against_ci": "checks.pvalues",
    "ci_symmetry": "checks.pvalues",
    "check_direction": "checks.claims",
    "check_claim": "checks.claims",
    "paired_t_bounds": "checks.paired",
    "mcnemar_bounds": "checks.paired",
    "which_ci_method": "checks.ci_methods",
    "grim_map": "checks.maps",
    "grimmer_map": "checks.maps",
    "p_from_ci_map": "checks.maps",
    "debit_map": "checks.maps",
    "recompute_p_map": "checks.maps",
    "sd_bounds": "checks.scale_bounds",
    "check_sd_possible": "checks.scale_bounds",
    "SDBounds": "checks.scale_bounds",
    "reconstruct": "checks.reconstruction",
    "Reconstruction": "checks.reconstruction",
    "check_mean_sd_with_count": "checks.reconstruction",
    "rederive": "rederivation",
    "to_escalc": "exporting",
    "ledger_numbers": "exporting",
    "audit": "auditing",
    "extract": "extraction",
    "extract_text": "extraction",
    "scan": "scanning",
    "ScanResult": "scanning",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}") from None
    mod = importlib.import_module(f".{module}", __name__)
    value = mod if module == name else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
