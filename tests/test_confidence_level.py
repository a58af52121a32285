"""Confidence levels (issue 21, item 4): the API takes a fraction in (0, 1) and nothing else; a level
printed in a source ("95", "95%", "0.95") is read once, by :func:`printed_confidence_level`.

Issue 9 had made the API read a number in [1, 100) as a percentage, so ``confidence_level=2`` silently
gave a 2 % interval (and 95 a 95 % one). Now 95 is refused, not read as 95 %: a level is never guessed,
and scipy takes fractions only. The ledger keeps its printed forms: before this, the audit's
one-assumption check divided a printed "0.95" by 100 (a 0.95 % interval).
"""
from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import audit, load_ledger, p_from_ci, proportion_ci, rederive, smd
from analysis.reported import printed_confidence_level
from analysis.results import check_confidence_level

MINIMAL = Path(__file__).parent / "ledgers" / "minimal"

REFUSED = r"^confidence_level \(.*\) must be a fraction in \(0, 1\), such as 0\.95 for a 95 % interval$"


@pytest.mark.parametrize("level, value", [(0.95, 0.95), (0.9, 0.9), (0.5, 0.5), (0.999, 0.999), (0.01, 0.01)])
def test_the_api_takes_a_fraction(level, value):
    assert check_confidence_level(level) == value


@pytest.mark.parametrize("level", [95, 2, 1.5, 90.0, "95", "0.95", "95%", 0, 1, 1.0, 100, -0.95, float("nan"),
                                   float("inf"), None, True, False])
def test_anything_else_is_one_message(level):
    with pytest.raises(ValueError, match=REFUSED):
        check_confidence_level(level)


def _takes_a_level():
    """Every public function with a confidence_level argument (and the arguments that make it run)."""
    args = {"proportion_ci": (8, 30), "compare_proportions": (8, 30, 4, 30), "p_from_ci": ("-13.5", "-25.0", "-1.98"),
            "ci_from_p": ("17", ".03"), "noninferiority": ("1", "0", "2", "0.5"),
            "smd": ("20.3", "11.5", 30, "30.6", "6.1", 30),
            "ttest_from_stats": ("20.3", "11.5", 30, "30.6", "6.1", 30),
            "paired_smd": ("30.6", "6.1", "20.3", "11.5", 30, 0.5), "check_p_against_ci": ("17", "1.4", "32.6", ".02"),
            "which_ci_method": ("0.1", "0.3"), "p_range_over_df": ("17", "1.4", "32.6", [10, 20]),
            "random_effects": ([0.1, 0.3, 0.2], [0.01, 0.02, 0.015]), "posterior_proportion": (8, 30),
            "check_claim": ("similar",),
            "p_from_ci_map": (pd.DataFrame({"estimate": ["17"], "lower": ["1.4"], "upper": ["32.6"]}),)}
    found = sorted(n for n in analysis.__all__ if callable(getattr(analysis, n)) and not inspect.isclass(getattr(analysis, n))
                   and "confidence_level" in inspect.signature(getattr(analysis, n)).parameters)
    return found, args


def test_the_list_of_functions_taking_a_level_is_complete():
    found, args = _takes_a_level()
    assert set(found) <= set(args), set(found) - set(args)


@pytest.mark.parametrize("name", _takes_a_level()[0])
@pytest.mark.parametrize("level", [2, 95])
def test_every_public_function_refuses_a_percentage(name, level):
    """confidence_level=2 gave a 2 % interval; now every function taking a level refuses it, by name."""
    fn, args = getattr(analysis, name), _takes_a_level()[1][name]
    kw = {"lower": "-1", "upper": "1", "margin": "2"} if name == "check_claim" else {}
    if name == "which_ci_method":
        kw = {"counts": (8, 30, 4, 30)}
    with pytest.raises(ValueError, match=REFUSED.replace(r"\(.*\)", rf"\({level}\)")):
        fn(*args, confidence_level=level, **kw)


@pytest.mark.parametrize("level", ["95", "95%", "0.95", "95.0", 95, 0.95])
def test_a_printed_level_is_read_as_printed(level):
    assert printed_confidence_level(level) == pytest.approx(0.95, abs=1e-15)


@pytest.mark.parametrize("level,value", [("90", 0.90), ("99.9", 0.999), ("50", 0.5), ("1%", 0.01), ("1.5", 0.015)])
def test_other_printed_levels(level, value):
    assert printed_confidence_level(level) == pytest.approx(value, abs=1e-15)


@pytest.mark.parametrize("level", [0, "0", 1, "1", 1.0, 100, "100", -95, 150, float("nan"), "ninety", None, True])
def test_a_printed_level_outside_is_an_error(level):
    with pytest.raises(ValueError, match="confidence_level"):
        printed_confidence_level(level)


def test_the_api_at_a_fraction_equals_the_default():
    base = proportion_ci(8, 30)
    assert tuple(proportion_ci(8, 30, confidence_level=0.95)) == pytest.approx(tuple(base), abs=1e-15)
    assert p_from_ci("-13.5", "-25.0", "-1.98", confidence_level=0.95).p == \
        pytest.approx(p_from_ci("-13.5", "-25.0", "-1.98").p, abs=1e-15)
    assert smd("20.3", "11.5", 30, "30.6", "6.1", 30, confidence_level=0.95).hedges_g_ci.low == \
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


@pytest.mark.parametrize("level", ["0.95", "95", "95%"])
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


def test_a_posteriors_credible_interval_refuses_a_percentage():
    post = analysis.posterior_proportion(8, 30)
    assert tuple(post.credible_interval(0.95)) == pytest.approx(tuple(post.credible_interval()), abs=1e-15)
    with pytest.raises(ValueError, match=REFUSED):
        post.credible_interval(95)
