"""One rule for confidence levels (issue 9, item 3): 95, "95", 0.95 and "0.95" all mean 95 %.

A number in (0, 1) is a fraction, a number in [1, 100) a percentage; anything else (0, 100, a
negative level, 150, NaN, text) is an error naming the value. Before the fix the ledger read
``confidence_level: "0.95"`` as a 0.95 % interval, which made the demo estimate's p look
inconsistent with its CI, and the API refused 95.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import audit, load_ledger, p_from_ci, proportion_ci, rederive, smd
from analysis.results import check_confidence_level

MINIMAL = Path(__file__).parent / "ledgers" / "minimal"


@pytest.mark.parametrize("level", [95, "95", 0.95, "0.95", 95.0, "95.0", "95%"])
def test_spellings_of_95(level):
    assert check_confidence_level(level) == pytest.approx(0.95, abs=1e-15)


@pytest.mark.parametrize("level,value", [(90, 0.90), ("99.9", 0.999), (0.5, 0.5), ("50", 0.5), ("1%", 0.01), (1.5, 0.015)])
def test_other_levels(level, value):
    assert check_confidence_level(level) == pytest.approx(value, abs=1e-15)


@pytest.mark.parametrize("level", [0, "0", 1, "1", 1.0, 100, "100", -95, 150, float("nan"), float("inf"), "ninety", None, True])
def test_outside_is_an_error(level):
    with pytest.raises((ValueError, TypeError), match="confidence_level"):
        check_confidence_level(level)


def test_api_takes_every_spelling():
    base = proportion_ci(8, 30)
    for level in (95, "95", "0.95"):
        assert tuple(proportion_ci(8, 30, confidence_level=level)) == pytest.approx(tuple(base), abs=1e-15)
        assert p_from_ci("-13.5", "-25.0", "-1.98", confidence_level=level).p == \
            pytest.approx(p_from_ci("-13.5", "-25.0", "-1.98").p, abs=1e-15)
        assert smd("20.3", "11.5", 30, "30.6", "6.1", 30, confidence_level=level).hedges_g_ci.low == \
            pytest.approx(smd("20.3", "11.5", 30, "30.6", "6.1", 30).hedges_g_ci.low, abs=1e-15)


def _ledger_with_level(tmp_path, level: str | None):
    dst = tmp_path / f"ledger_{level}"
    shutil.copytree(MINIMAL, dst)
    f = dst / "studies" / "demo2026.yaml"
    text = f.read_text(encoding="utf-8")
    if level is not None:
        text = text.replace('    p: ".06"\n', f'    p: ".06"\n    confidence_level: "{level}"\n', 1)
    f.write_text(text, encoding="utf-8")
    return load_ledger(dst, dst / "texts", check_sources=False)


@pytest.mark.parametrize("level", ["0.95", "95"])
def test_ledger_level_as_fraction_or_percent(tmp_path, level):
    """The demo estimate -5.2 (95% CI -10.4 to 0.14; P = .06): same audit and re-derivation
    whether the ledger says "95", "0.95" or nothing."""
    ref = _ledger_with_level(tmp_path, None)
    led = _ledger_with_level(tmp_path, level)
    cols = ["check", "verdict", "explanation"]
    assert audit(ledger=led)[cols].equals(audit(ledger=ref)[cols])
    assert "inconsistent" not in set(audit(ledger=led).query("check == 'p_vs_ci'").verdict)
    a, b = rederive("demo2026", ledger=led), rederive("demo2026", ledger=ref)
    assert a.drop(columns=["confidence_level"]).equals(b.drop(columns=["confidence_level"]))
    assert set(a["confidence_level"].dropna()) <= {0.95}
