"""reconstruct's time budget (issue 9, item 9), on a clock the test controls.

Before the fix only the exhaustive search had a time bound and it was off by default (n = 1,000
on 1-7 ran for a minute); the random (SPRITE) search had none (n = 5,000: over 300 s). Now both
stop at ``timeout`` seconds (default :data:`analysis.reconstruct.DEFAULT_TIMEOUT`) and return
``complete=False`` with what they found.

No wall-clock bound here (it fails on a slow machine and passes a search that ignores its budget on a
fast one; speed is measured in benchmarks/). The searches read ``time.perf_counter`` in
analysis/checks/reconstruction.py (the deadline) and analysis/checks/sample_search.py (the checks);
the test swaps that clock for one that stands still for ``ticks`` readings and then jumps past every
deadline. A search that honours its budget stops at the first reading past the deadline; one that
ignores it runs on to ``max_iter`` (stopped "steps") or to the end (complete).
"""
from __future__ import annotations

import inspect
import math
import sys
import types

import pytest

from analysis import reconstruct


class _Clock:
    """``perf_counter`` that returns 0.0 for its first ``ticks`` readings, then 1e9 (past any deadline)."""

    def __init__(self, ticks: int):
        self.ticks, self.readings = ticks, 0

    def perf_counter(self) -> float:
        self.readings += 1
        return 0.0 if self.readings <= self.ticks else 1e9


@pytest.fixture
def clock(monkeypatch):
    def install(ticks: int) -> _Clock:
        c = _Clock(ticks)
        fake = types.SimpleNamespace(perf_counter=c.perf_counter)
        for name in ("analysis.checks.reconstruction", "analysis.checks.sample_search"):
            assert hasattr(sys.modules[name], "time"), f"{name} no longer reads the clock as time.perf_counter"
            monkeypatch.setattr(sys.modules[name], "time", fake)
        return c
    return install


def test_default_budget_is_finite():
    default = inspect.signature(reconstruct).parameters["timeout"].default
    assert default is not None and math.isfinite(default) and 0 < default <= 60


@pytest.mark.parametrize("ticks", [1, 5, 20])
def test_exhaustive_n1000_stops_at_budget(clock, ticks):
    # one reading sets the deadline; the search then reads the clock every 4,096 nodes
    c = clock(ticks)
    res = reconstruct("4.0", "1.5", 1000, 1, 7, timeout=0.5, max_samples=5, max_iter=10**8)
    assert res.complete is False and res.stopped == "time"
    assert c.readings == ticks + 1          # stopped at the first reading past the deadline
    assert res.count >= len(res.samples)


def test_random_n5000_stops_at_budget_with_what_it_found(clock):
    # the deadline, then one reading per SPRITE step: 4 steps run before the clock passes the budget
    c = clock(6)
    res = reconstruct("4.0", "1.5", 5000, 1, 7, method="random", k=1000, max_iter=5000, timeout=3.0)
    assert res.complete is False and res.stopped == "time"
    assert c.readings == 7
    assert 0 < len(res.samples) < 1000
    for s in res.samples[:3]:  # what it found is real: each sample reproduces the print
        m = sum(s) / 5000
        sd = math.sqrt((sum(v * v for v in s) - 5000 * m * m) / 4999)
        assert f"{m:.1f}" == "4.0" and abs(sd - 1.5) <= 0.05


def test_a_search_inside_its_budget_is_not_cut(clock):
    # the clock never passes the deadline: the search runs to its end (or its step limit), not "time"
    clock(10**9)
    res = reconstruct("4.0", "1.5", 1000, 1, 7, timeout=0.5, max_samples=5, max_iter=20_000)
    assert res.stopped == "steps" and res.complete is False


def test_small_search_finishes_inside_budget():
    res = reconstruct("3.0", "1.4", 5, 1, 5, timeout=5.0)
    assert res.complete and res.count == 3 and res.stopped is None
