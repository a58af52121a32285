"""reconstruct's wall-clock budget (issue 9, item 9).

Before the fix only the exhaustive search had a time bound and it was off by default (n = 1,000
on 1-7 ran for a minute); the random (SPRITE) search had none (n = 5,000: over 300 s). Now both
stop at ``timeout`` seconds (default :data:`analysis.reconstruct.DEFAULT_TIMEOUT`) and return
``complete=False`` with what they found. The bounds below are generous (budget + 1.5 s; listing the 375,690 (sum, sum of squares) targets
of n = 5,000 alone takes about a second, inside the budget): they
catch a search that ignores its budget, not a slow machine.
"""
from __future__ import annotations

import inspect
import math
import time

from analysis import reconstruct


def test_default_budget_is_finite():
    default = inspect.signature(reconstruct).parameters["timeout"].default
    assert default is not None and math.isfinite(default) and 0 < default <= 60


def test_exhaustive_n1000_stops_at_budget():
    t0 = time.perf_counter()
    res = reconstruct("4.0", "1.5", 1000, 1, 7, timeout=0.5, max_samples=5)
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, elapsed
    assert res.complete is False and res.stopped == "time"
    assert res.count >= len(res.samples)


def test_random_n5000_stops_at_budget_with_what_it_found():
    t0 = time.perf_counter()
    res = reconstruct("4.0", "1.5", 5000, 1, 7, method="random", k=1000, max_iter=5000, timeout=3.0)
    elapsed = time.perf_counter() - t0
    assert elapsed < 4.5, elapsed
    assert res.complete is False and res.stopped == "time"
    assert 0 < len(res.samples) < 1000
    for s in res.samples[:3]:  # what it found is real: each sample reproduces the print
        m = sum(s) / 5000
        sd = math.sqrt((sum(v * v for v in s) - 5000 * m * m) / 4999)
        assert f"{m:.1f}" == "4.0" and abs(sd - 1.5) <= 0.05


def test_small_search_finishes_inside_budget():
    res = reconstruct("3.0", "1.4", 5, 1, 5, timeout=5.0)
    assert res.complete and res.count == 3 and res.stopped is None
