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

import pytest

# Property tests: CI (the environment variable CI set; .ci/run sets it) runs each property test at its full count
# of examples, a fixed (derandomized) set with no deadline, so that a run on a loaded 2-core machine neither fails
# on time nor meets a new random example that no one has seen. A local run (`make test` without CI) runs a quarter
# of each count (at least 10; `examples`), random and with the example database, so that the suite keeps its time
# budget (issue 21) while every run explores new examples and replays the failures stored by earlier runs (a
# counterexample found becomes a regression test). The tests are the same in both: only the examples differ.
from hypothesis import HealthCheck, settings  # noqa: E402

FULL_EXAMPLES = bool(os.environ.get("CI"))


def examples(n: int) -> int:
    """The examples a property test written for ``n`` runs: all ``n`` in CI, a quarter (at least 10) locally."""
    return n if FULL_EXAMPLES else max(10, n // 4)


settings.register_profile("ci", derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=examples(100), deadline=None)
settings.load_profile("ci" if FULL_EXAMPLES else "dev")

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


#: The files whose tests use the session's report build: one group, run whole on one worker, so the
#: reports are built once (pytest_collection_modifyitems refuses a file that uses it and is not listed).
BUILT_REPORTS_FILES = frozenset({"tests/report/test_building.py", "tests/report/test_report_determinism.py",
                                 "tests/report/test_report_pdf.py"})
#: The other files whose builds (or notebooks) use the kernel and the printer kept between builds
#: (``_report_kernels_kept``): in the same unit, so that one worker starts that kernel and that Chromium for all of
#: them, not each worker its own (a kernel's start and imports cost about 1.5 s of CPU, a Chromium's about 0.5 s).
#: Not tests/report/test_report_kernels.py: it stops the kernel it is handed.
REPORT_BUILDS_FILES = BUILT_REPORTS_FILES | {"tests/report/test_cache_races.py", "tests/report/test_report_security.py",
                                             "tests/report/test_scan_report.py", "tests/test_cli_add.py",
                                             "tests/test_repr_html.py"}
_COST_KEY = "suite/group_seconds"


def _group(nodeid: str) -> str:
    """The unit of work a test belongs to under ``make test``: its file, or ``report_builds``."""
    path = nodeid.split("::", 1)[0]
    return "report_builds" if path in REPORT_BUILDS_FILES else path


@pytest.hookimpl(optionalhook=True)  # xdist's hook: `pytest -p no:xdist` must still load this file
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` with the files of :data:`REPORT_BUILDS_FILES` as one unit.

    xdist's own ``--dist loadgroup`` does not group under pytest 9 (it appends ``@group`` to
    ``item._nodeid`` on the worker, and the node id sent to the scheduler is ``item.nodeid``, which
    no longer reads it): the report files went to both workers and each built the reports."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class _Groups(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)

    return _Groups(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test that uses the session's report build (directly or through a fixture) is ``slow``; the
    groups (:func:`_group`) are ordered by their cost in the last run, longest first, so that the two
    workers finish together (an unseen group counts 5 s if it holds a slow test, else 0 s; ``make test`` passes
    ``--no-loadscope-reorder`` so that xdist keeps this order instead of sorting by test count)."""
    for item in items:
        if "built_reports" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
            if item.nodeid.split("::", 1)[0] not in BUILT_REPORTS_FILES:
                raise pytest.UsageError(f"{item.nodeid} uses built_reports: add its file to BUILT_REPORTS_FILES")
    cost = dict.fromkeys({_group(item.nodeid) for item in items if item.get_closest_marker("slow")}, 5.0)
    cache = getattr(config, "cache", None)      # None under -p no:cacheprovider
    cost.update(cache.get(_COST_KEY, {}) if cache is not None else {})
    items.sort(key=lambda item: -cost.get(_group(item.nodeid), 0.0))


_seconds: dict[str, float] = {}


def pytest_runtest_logreport(report):
    """Seconds per group (setup, call and teardown), summed where the reports arrive (the controller)."""
    group = _group(report.nodeid)
    _seconds[group] = _seconds.get(group, 0.0) + report.duration


def pytest_sessionfinish(session, exitstatus):
    """The controller (or a run without xdist) keeps this run's seconds per group it ran, for the next run's
    order (a group it did not run keeps its earlier figure)."""
    cache = getattr(session.config, "cache", None)
    if hasattr(session.config, "workerinput") or cache is None or not _seconds:
        return
    cost = cache.get(_COST_KEY, {})
    cost.update(_seconds)
    cache.set(_COST_KEY, dict(sorted(cost.items())))


# --------------------------------------------------------------------------- reports built once
@pytest.fixture(scope="session", autouse=True)
def _report_kernels_kept():
    """The report builds of a test process share their kernels (``analysis.report.kernels.keep_between_builds``):
    a kernel's start and imports cost more than a small study's notebook, and the suite builds about a dozen
    times. A kept kernel takes the next build's ``REANALYSIS_SOURCES`` and ``REANALYSIS_DATA``; a build started
    in an environment that differs otherwise gets kernels of its own; tests/report/test_report_kernels.py's own
    pools and every discarded kernel are not kept. The builds' PDF printer (a Chromium) is kept the same way
    (``analysis.report.browser.keep_between_builds``): never one that met a refused load."""
    from analysis.report import browser, kernels

    kernels.keep_between_builds()
    browser.keep_between_builds()
    yield
    kernels.close_kept()
    browser.close_kept()



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
    import pandas as pd   # here, not at the top: xdist's controller loads this file and runs no test

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
    import pandas as pd

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


@pytest.hookimpl(wrapper=True)
def pytest_collection(session):
    """No automatic garbage collection while the tests are collected: importing analysis/, the test modules and
    what the doctests need (pandas, scipy.stats, nbconvert, matplotlib) ran about six full collections per
    process, each over the growing heap (0.5 s of CPU per xdist worker, measured with gc.callbacks); the one full
    collection at its end (:func:`pytest_collection_finish`) finds the same garbage. Under xdist the controller
    collects nothing; it passes through here too and gets the collector back at once."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return (yield)
    finally:
        if enabled:
            gc.enable()


def pytest_collection_finish(session):
    """Move every object alive after collection (modules, test items, parametrized values) out of the
    garbage collector's view: they live for the whole session. statsmodels' Holm ends with gc.collect()
    and a full collection over the session's heap took about 0.15 s per call (gc.freeze, Python 3.7+).

    Python runs a full collection after ten collections of the middle generation when the objects added to the
    oldest since the last one are more than a quarter of those it holds; with the heap frozen it holds almost
    none, so every tenth ran one, each over what the running file made (Hypothesis' data, test_linear's texts):
    138 full collections, 2.3 s of a whole run's CPU. One every hundred: 74 (most of them Holm's), 0.9 s, and
    the young generations' collections as before (4.0 -> 2.9 s in all the collector's work, gc.callbacks)."""
    import gc

    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


@pytest.fixture(scope="module", autouse=True)
def _heap_frozen_per_file():
    """Each test file starts with what earlier files left alive (imported modules, caches, pytest's
    reports) moved out of the collector's view too, so that a full collection walks only what this file
    made: a worker of ``make test`` spent 4.1 s CPU in 65-72 full collections (39 of them statsmodels'
    Holm), half of it walking objects that outlive every test (gc.callbacks, 78 files in one process:
    2.1 s, 1.06 s with this). What the earlier files left as cyclic garbage is not collected (the same
    peak memory in that run, 365 MB)."""
    import gc

    gc.freeze()


# --------------------------------------------------------------------------- a clock the test controls

class LockClock:
    """``analysis.locking``'s ``time`` under a test: ``monotonic()`` reads a virtual clock that only
    ``sleep(s)`` moves (by ``s``, at once), so a lock's wait is counted in its polls, not measured.

    ``now`` is the virtual seconds waited and ``sleeps`` each sleep asked for."""

    def __init__(self):
        import time

        self.now, self.sleeps, self.monotonic_ns = 0.0, [], time.monotonic_ns

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def lock_clock(monkeypatch):
    """A :class:`LockClock` in place of ``analysis.locking.time`` for the test."""
    from analysis import locking

    assert hasattr(locking, "time"), "analysis.locking no longer reads the clock as time.monotonic"
    clock = LockClock()
    monkeypatch.setattr(locking, "time", clock)
    return clock
