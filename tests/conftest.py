"""Shared fixtures and helpers: reference values from R with their provenance, tolerances, paths,
printing exact rationals as a source would, and small audit and re-derivation frames.

Test modules import the helpers with ``from conftest import ...``; there is one conftest.py for
the whole tree (tests/checks, tests/stats, tests/ledger, tests/report, tests/studies).
"""
from __future__ import annotations

import math
import os
from decimal import ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

# Property tests: CI runs a fixed (derandomized) set of examples with no deadline, so a run on a loaded
# 2-core machine neither fails on time nor meets a new random example that no one has seen; locally the
# default profile keeps exploring (a counterexample it finds becomes a regression test).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CI"):
    settings.load_profile("ci")

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


def pytest_collection_modifyitems(config, items):
    """Every test that uses the session's report build (directly or through a fixture) is ``slow``.

    (Under pytest-xdist, ``make test`` runs each file whole on one worker, ``--dist loadfile``; a worker
    that runs one of the files using the build builds it once. ``--dist loadgroup`` with an
    ``xdist_group`` for these tests was tried: xdist 3.8 still sent the group's tests to both workers.)"""
    for item in items:
        if "built_reports" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


# --------------------------------------------------------------------------- reports built once

#: The studies of the session's report build (with the overview): one with figures, one without.
REPORT_STUDIES = ("fava2020", "sakurai2025")


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """fava2020, sakurai2025 and the overview, PDF and HTML, built once per session from a copy of the ledger.

    ``jobs=1``: the second report runs in the first one's reused, reset kernel (the path
    tests/report/test_report_determinism.py watches). Keys: ``data`` (the ledger copy), ``out`` (the
    report folder), ``result`` (the :class:`BuildResult`) and ``files`` (the bytes of every output
    right after the build, by path relative to ``out``; the cache folder left out). Tests read the
    outputs; a test that changes an input or an output puts it back, so that the cache serves it again.
    """
    import shutil

    from analysis.report import building

    base = tmp_path_factory.mktemp("built_reports")
    data = base / "data"
    shutil.copytree(ROOT / "data", data)
    out = base / "reports"
    result = building.build(studies=[*REPORT_STUDIES, "overview"], out_dir=out, data_dir=data, jobs=1,
                            progress=False)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
             if p.is_file() and ".cache" not in p.parts}
    return {"data": data, "out": out, "result": result, "files": files}


# --------------------------------------------------------------------------- printing exact values

def approx(value, kind):
    return pytest.approx(value, rel=TOL[kind], abs=TOL[kind])


# Printing a rational exactly, the way a source rounding half up / down / even would.
_MODES = {"up": ROUND_HALF_UP, "down": ROUND_HALF_DOWN, "even": ROUND_HALF_EVEN}


def print_fraction(x: Fraction, d: int, mode: str = "up") -> str:
    """x printed with d decimals. 'up' is half towards +inf and 'down' half towards -inf, as
    scrutiny's round_up/round_down (symmetric = FALSE); Decimal's HALF_UP is away from zero."""
    if x < 0 and mode in ("up", "down"):
        mode = {"up": "down", "down": "up"}[mode]
    with localcontext() as ctx:
        ctx.prec = 60
        v = Decimal(x.numerator) / Decimal(x.denominator)
        return str(v.quantize(Decimal(1).scaleb(-d), rounding=_MODES[mode]))


def print_sqrt(x: Fraction, d: int, mode: str = "up") -> str:
    """sqrt(x) printed with d decimals (Decimal's sqrt is correctly rounded at 60 digits)."""
    with localcontext() as ctx:
        ctx.prec = 60
        v = (Decimal(x.numerator) / Decimal(x.denominator)).sqrt()
        return str(v.quantize(Decimal(1).scaleb(-d), rounding=_MODES[mode]))


# --------------------------------------------------------------------------- small report frames

def small_rederived():
    """A small re-derivation frame: every scale the report plots, three assumed r for one SMCR."""
    rows = [
        ("proportion", "Remission after 4th infusion", 0.267, 0.142, 0.444, "proportion", math.nan),
        ("risk ratio", "Response, ketamine vs midazolam", 1.8, 0.6, 5.4, "ratio", math.nan),
        ("odds ratio", "Response, ketamine vs midazolam", 2.4, 0.5, 11.0, "ratio", math.nan),
        ("risk difference", "Response, ketamine vs midazolam", 0.15, -0.2, 0.5, "difference", math.nan),
        ("p from CI", "Fatigue", 0.06, 0.05, 0.07, "p", math.nan),
    ] + [("SMCR", "MADRS post minus baseline", -1.69 + 0.01 * r, -2.2, -1.2, "standardized", r)
         for r in (0.3, 0.5, 0.7)]
    return pd.DataFrame(rows, columns=["quantity", "label", "estimate", "ci_low", "ci_high", "scale", "r"]).assign(
        study="s", entries="e", confidence_level=0.95, method="m", note="")


def small_audit():
    """A small audit frame: one row of each verdict, with the p-value columns the report plots."""
    return pd.DataFrame({
        "study": ["a", "a", "a", "b"],
        "entry_ids": ["m1", "m1,m2", "p1", "t1"],
        "check": ["grim", "p_against_ci", "p_against_ci", "text_only"],
        "verdict": ["consistent", "inconsistent", "not_testable", "not_testable"],
        "reported": ["30.6", "P = .04", "P < .001", "a claim"],
        "recomputed": ["", "0.022", "", ""],
        "explanation": ["30.6 with n = 30 is possible", "P = .04 printed; the CI implies 0.022", "no power",
                        "A statement without numbers that could be checked."],
        "margin": [0.1, None, None, None],
        "p_printed_low": [math.nan, 0.035, 0.0, math.nan],
        "p_printed_high": [math.nan, 0.045, 0.001, math.nan],
        "p_implied_low": [math.nan, 0.021, 0.0002, math.nan],
        "p_implied_high": [math.nan, 0.024, 0.0009, math.nan],
        "p_face": [math.nan, 0.022, 0.0005, math.nan],
    })


def fidelity_row(audit, entry: str, n_ids: int | None = None):
    """The one ``fidelity`` audit row whose first entry id is ``entry`` (with ``n_ids`` ids in all, when
    given: 2 for a record against its entry, 5 for a comparison's denominators)."""
    sel = audit[(audit.check == "fidelity") & (audit.entry_ids.str.split(",").str[0] == entry)]
    if n_ids is not None:
        sel = sel[sel.entry_ids.str.count(",") == n_ids - 1]
    assert len(sel) == 1, f"{entry}: {len(sel)} fidelity rows"
    return sel.iloc[0]


# --------------------------------------------------------------------------- a one-study ledger

def one_study_ledger(tmp_path, study_yaml: str, study_id: str = "inv"):
    """A ledger of one invented study (``study_yaml``: the whole study file), its source not checked
    (no text): for audit tests of a rule on entries written in the test."""
    from analysis.ledger import load_ledger

    (tmp_path / "studies").mkdir(exist_ok=True)
    (tmp_path / "sources.yaml").write_text(
        'sources:\n  - {id: t, file: t.txt, title: "invented", citation: "invented", doi: null, registry: null,\n'
        '     document_type: news, sha256: "' + "0" * 64 + '"}\n', encoding="utf-8")
    (tmp_path / "studies" / f"{study_id}.yaml").write_text(study_yaml, encoding="utf-8")
    return load_ledger(tmp_path, tmp_path, check_sources=False)


def pytest_collection_finish(session):
    """Move every object alive after collection (modules, test items, parametrized values) out of the
    garbage collector's view: they live for the whole session. statsmodels' Holm ends with gc.collect()
    and a full collection over the session's heap took about 0.15 s per call (gc.freeze, Python 3.7+)."""
    import gc

    gc.collect()
    gc.freeze()
