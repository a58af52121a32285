"""Direction words against the numbers (analysis.checks.claims).
"""
from __future__ import annotations

import pytest

from analysis.checks.claims import check_direction


def test_check_direction():
    assert check_direction("5.2", "4.1", "greater").verdict == "consistent"
    assert check_direction("5.0", "5.0", "greater").verdict == "consistent"   # rounding hides the order
    assert check_direction("5.0", "5.1", "greater").verdict == "inconsistent"  # 5.05 vs 5.05 is not greater
    assert check_direction("5.0", "5.1", "less").verdict == "consistent"
    assert check_direction("5.0", "5.1", "equal").verdict == "consistent"     # both may be 5.05
    assert check_direction("5.0", "5.2", "equal").verdict == "inconsistent"
    r = check_direction("30.6", "20.3", "less")
    assert r.verdict == "inconsistent" and "30.6" in r.explanation and "20.3" in r.explanation
    assert "less" in r.explanation
    with pytest.raises(ValueError, match="relation"):
        check_direction("1", "2", "bigger")
