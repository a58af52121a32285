"""The audit and the re-derivation of the whole committed ledger, byte for byte against tests/golden/.

The golden files were written by ``scripts/make_golden.py`` before the layout move (issue 10), so
moving code cannot change a verdict, an explanation or a digit unnoticed. A change meant to alter
them reruns that script and says so in its commit message.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _make_golden():
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "scripts" / "make_golden.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", ["audit.csv", "rederive.csv"])
def test_golden_byte_identical(name):
    fresh = _make_golden().golden_texts()[name]
    stored = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8")
    assert fresh.count("\n") > 40  # the whole ledger, not an empty frame
    assert fresh == stored, f"{name} changed: rerun scripts/make_golden.py if that was intended"
