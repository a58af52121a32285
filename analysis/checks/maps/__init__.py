"""Vectorised ``*_map`` checks over a DataFrame of printed strings, the same verdicts as the scalar checks
row for row (scrutiny's vocabulary: ``grim()`` and ``grim_map()``), a module per family of checks.

May import analysis.reported, analysis.results, analysis.stats and the check modules; never the ledger,
auditing or report.

``columns`` is the one column layer and the factory that builds every map from its scalar's vectorised
core; ``granularity`` holds ``grim_map``, ``grimmer_map`` and ``debit_map``; ``pvalues`` holds
``p_from_ci_map`` and ``recompute_p_map``.
"""

from __future__ import annotations

from .granularity import debit_map, grim_map, grimmer_map
from .pvalues import p_from_ci_map, recompute_p_map

__all__ = ["grim_map", "grimmer_map", "debit_map", "p_from_ci_map", "recompute_p_map"]
