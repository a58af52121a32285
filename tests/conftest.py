"""Shared fixtures: reference values from R with their provenance, tolerances, paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference"

#: One table of tolerances, keyed by kind of quantity (CONVENTIONS.md).
TOL = {
    "estimate": 1e-9,     # closed-form estimates against R at 15 significant digits
    "se": 1e-9,
    "ci": 1e-9,
    "p": 1e-7,            # R's pt/pnorm vs scipy at 15 digits; p spans many orders
    "reference": 1e-6,    # the bar for anything validated against reference_values.tsv
    "iterative": 1e-4,    # metafor's default convergence (REML threshold 1e-5, PM ~1e-4)
    "tight": 1e-9,        # refits converged to 1e-14 (e.rma.*_tight)
    "noncentral": 1e-7,   # effectsize's noncentral-t CIs
}


def _read_tsv(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, value = line.partition("\t")
        try:
            out[name] = float(value)
        except ValueError:
            continue  # "NA"
    return out


@pytest.fixture(scope="session")
def rref() -> dict[str, float]:
    """`../shared/reference/r/reference_values.tsv`, copied to tests/reference/ (R 4.2.2, metafor 3.8-1)."""
    return _read_tsv(REFERENCE / "r_reference_values.tsv")


@pytest.fixture(scope="session")
def rgen() -> dict[str, float]:
    """tests/reference/r_generated_values.tsv: the full output of tests/reference/r/*.R (R 4.2.2, metafor 3.8-1,
    pwr 1.3.0; commands in the file's header), a superset of `rref`; "NA" values are skipped."""
    return _read_tsv(REFERENCE / "r_generated_values.tsv")


def sources_dir() -> Path | None:
    """Where the source texts are: $REANALYSIS_SOURCES, or ../shared/seeds beside the clone."""
    env = os.environ.get("REANALYSIS_SOURCES")
    candidates = [Path(env)] if env else []
    candidates.append(ROOT.parent / "shared" / "seeds")
    for c in candidates:
        if c.is_dir():
            return c
    return None
