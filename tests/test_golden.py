"""The audit and the re-derivation of the whole committed ledger against tests/golden/, as typed frames
within a stated tolerance per quantity; the scan of the two development sets, row for row against
tests/golden/scan-*.csv.

The golden files were written by ``scripts/make_golden.py`` before the layout move (issue 10), so
moving code cannot change a verdict, an explanation or a number unnoticed. Text columns (verdicts,
explanations, numbers as printed) must be equal; number columns within ``TOLERANCES`` of that script
(issue 21 item 6: the file used to pin the last bit of every float). A change meant to alter them
reruns that script and says so in its commit message. The scan files hold no number column (every
value is text as the scan prints it), so they are compared line for line.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _make_golden(name: str = "make_golden"):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GOLDEN = _make_golden()


@pytest.fixture(scope="module")
def fresh_texts():
    return GOLDEN.golden_texts()


def _stored(name: str) -> str:
    return (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["audit.csv", "rederive.csv"])
def test_golden_equal_within_tolerance(fresh_texts, name):
    fresh = fresh_texts[name]
    assert fresh.count("\n") > 40  # the whole ledger, not an empty frame
    diff = GOLDEN.differences(fresh, _stored(name), name)
    assert diff == [], "\n".join(diff) + "\nrerun scripts/make_golden.py if that was intended"


@pytest.mark.parametrize("name", ["audit.csv", "rederive.csv"])
def test_golden_numbers_are_typed_and_written_to_12_digits(name):
    """Every number column holds numbers (not text, as when empty frames made every column object) and
    is written with at most 12 significant digits."""
    import pandas as pd

    frame = GOLDEN.read_golden(_stored(name), name)
    raw = pd.read_csv(ROOT / "tests" / "golden" / name, dtype=str, keep_default_na=False)
    for column in GOLDEN.TOLERANCES[name]:
        assert frame[column].dtype == "float64", column
        digits = raw[column].str.replace(r"e.*$|[-.]", "", regex=True).str.lstrip("0").str.len()
        assert digits.max() <= 12, (column, raw[column][digits.idxmax()])
    assert frame["estimate" if name == "rederive.csv" else "p_implied_low"].notna().sum() >= 5


def _perturbed(name: str, column: str, relative: float) -> str:
    """The stored golden text with the first value of ``column`` that is not 0 or NaN times (1 + relative)."""
    frame = GOLDEN.read_golden(_stored(name), name)
    i = frame.index[frame[column].fillna(0) != 0][0]
    frame.loc[i, column] *= 1 + relative
    return GOLDEN.to_csv(frame)


@pytest.mark.parametrize("name, column", [("rederive.csv", "estimate"), ("rederive.csv", "ci_high"),
                                          ("audit.csv", "p_face"), ("audit.csv", "margin")])
def test_a_change_within_the_tolerance_passes_and_one_beyond_fails(name, column):
    rtol, _ = GOLDEN.TOLERANCES[name][column]
    assert GOLDEN.differences(_perturbed(name, column, rtol / 10), _stored(name), name) == []
    diff = GOLDEN.differences(_perturbed(name, column, rtol * 10), _stored(name), name)
    assert len(diff) == 1 and diff[0].startswith(f"{name}: column {column}: 1 rows differ"), diff


@pytest.mark.parametrize("name, column, old, new", [
    ("audit.csv", "verdict", "consistent", "inconsistent"),
    ("rederive.csv", "method", "wilson", "clopper-pearson"),
])
def test_a_text_change_fails(name, column, old, new):
    frame = GOLDEN.read_golden(_stored(name), name)
    i = frame.index[frame[column] == old][0]
    frame.loc[i, column] = new
    diff = GOLDEN.differences(GOLDEN.to_csv(frame), _stored(name), name)
    assert len(diff) == 1 and f"column {column}: 1 rows differ" in diff[0] and repr(new) in diff[0]


def test_a_lost_row_fails():
    text = _stored("rederive.csv")
    cut = "".join(text.splitlines(keepends=True)[:-1])
    assert GOLDEN.differences(cut, text, "rederive.csv") == [
        f"rederive.csv: {text.count(chr(10)) - 2} rows, the golden file has {text.count(chr(10)) - 1}"]


SCAN = _make_golden("make_golden_scan")


@pytest.mark.parametrize("name", sorted(SCAN.SETS))
def test_scan_rows_equal_golden(name):
    """Written by scripts/make_golden_scan.py (issue 22) before the scan was made faster, so a speed-up
    cannot lose, add or alter a finding unnoticed; a change meant to alter the extraction or the
    verdicts reruns that script and says in its commit which rows moved and why."""
    folder = SCAN.SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} (a development set, not committed) is not beside this clone")
    fresh = SCAN.scan_csv(SCAN.set_files(folder)).splitlines()
    stored = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8").splitlines()
    assert len(fresh) > 1000  # the whole set's checks, not an empty frame
    lost, new = [r for r in stored if r not in set(fresh)], [r for r in fresh if r not in set(stored)]
    assert fresh == stored, (f"{name}: {len(lost)} rows lost, {len(new)} new (first lost: {lost[:2]}; first new: "
                             f"{new[:2]}): rerun scripts/make_golden_scan.py if the change was meant")
