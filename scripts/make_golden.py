"""Write the golden files: the audit and the re-derivation of the whole committed ledger.

tests/test_golden.py recomputes both and compares them with tests/golden/ as typed frames: every text
column (verdicts, explanations, the numbers as the reports print them) exactly, every number column
within the tolerance :data:`TOLERANCES` states for its quantity. So a change that moves code around
cannot change a verdict or a number without the suite saying so, and a last-bit difference of a
library (a sum taken in another order) is not a change. When a change is meant to alter the audit or
the re-derivation, rerun this script and say so in the commit message:

    .venv/bin/python scripts/make_golden.py            # rewrite tests/golden/*.csv
    .venv/bin/python scripts/make_golden.py --check    # exit 1 if they differ (what the test does)

Numbers are written with 12 significant digits (half-way between the tolerances and a float's 17).
"""
from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

#: (relative, absolute) tolerance per number column of each golden file; every other column is text,
#: compared exactly. Closed forms get 1e-9 (CONVENTIONS.md's tolerance for closed-form estimates against
#: R), P values 1e-7 relative (R's pt/pnorm against scipy; P spans many orders, so no absolute part),
#: values read from the print (a confidence level, a printed P's bounds) and the assumed correlations
#: 1e-12 (only the 12-digit format).
TOLERANCES = {
    "rederive.csv": {"estimate": (1e-9, 1e-12), "ci_low": (1e-9, 1e-12), "ci_high": (1e-9, 1e-12),
                     "confidence_level": (1e-12, 0.0), "r": (1e-12, 0.0)},
    "audit.csv": {"margin": (1e-9, 1e-12), "p_printed_low": (1e-12, 0.0), "p_printed_high": (1e-12, 0.0),
                  "p_implied_low": (1e-7, 0.0), "p_implied_high": (1e-7, 0.0), "p_face": (1e-7, 0.0)},
}


def golden_frames(data_dir: Path | None = None):
    """The full audit and every study's re-derivation, typed, in a stable order: {file name: frame}."""
    import pandas as pd

    import analysis
    from analysis.ledger import load_ledger

    ledger = load_ledger(data_dir if data_dir is not None else ROOT / "data")
    aud = analysis.audit(ledger=ledger)
    aud = aud.sort_values(list(aud.columns[:3]), kind="stable").reset_index(drop=True)
    frames = [analysis.rederive(study_id, ledger=ledger) for study_id in sorted(ledger.studies)]
    red = pd.concat([f for f in frames if len(f)], ignore_index=True)
    return {name: _typed(df, name) for name, df in (("audit.csv", aud), ("rederive.csv", red))}


def _typed(df, name: str):
    """``df`` with its number columns as floats (they must be) and every other column as text."""
    numbers = TOLERANCES[name]
    missing = set(numbers) - set(df.columns)
    if missing:
        raise ValueError(f"{name}: no column {sorted(missing)}")
    df = df.reset_index(drop=True).copy()
    for c in df.columns:
        df[c] = df[c].astype("float64") if c in numbers else [
            "" if v is None or (isinstance(v, float) and v != v) else str(v) for v in df[c]]
    return df


def to_csv(df) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", float_format="%.12g")
    return buf.getvalue()


def golden_texts(data_dir: Path | None = None) -> dict[str, str]:
    """CSV text of the full audit and of every study's re-derivation, in a stable order."""
    return {name: to_csv(df) for name, df in golden_frames(data_dir).items()}


def read_golden(text: str, name: str):
    """A golden CSV text as a typed frame: the number columns as floats (empty: NaN), the rest as text
    exactly as written (empty: "")."""
    import pandas as pd

    numbers = TOLERANCES[name]
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = set(numbers) - set(df.columns)
    if missing:
        raise ValueError(f"{name}: no column {sorted(missing)}")
    for c in numbers:
        df[c] = [math.nan if v == "" else float(v) for v in df[c]]
    return df


def differences(fresh_text: str, stored_text: str, name: str) -> list[str]:
    """How ``fresh_text`` differs from ``stored_text`` beyond :data:`TOLERANCES`, one line per column
    (empty list: equal). Both are read with :func:`read_golden`."""
    import numpy as np

    fresh, stored = read_golden(fresh_text, name), read_golden(stored_text, name)
    if list(fresh.columns) != list(stored.columns):
        return [f"{name}: columns {list(fresh.columns)} != {list(stored.columns)}"]
    if len(fresh) != len(stored):
        return [f"{name}: {len(fresh)} rows, the golden file has {len(stored)}"]
    out = []
    for c in fresh.columns:
        a, b = fresh[c].to_numpy(), stored[c].to_numpy()
        if c in TOLERANCES[name]:
            rtol, atol = TOLERANCES[name][c]
            bad = ~(np.isclose(a, b, rtol=rtol, atol=atol) | (np.isnan(a) & np.isnan(b)))
        else:
            bad = a != b
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            key = ", ".join(str(stored.iloc[i, k]) for k in range(min(3, len(stored.columns))))
            out.append(f"{name}: column {c}: {int(bad.sum())} rows differ; first row {i} ({key}): "
                       f"{a[i]!r} now, {b[i]!r} in the golden file")
    return out


def write_or_check(texts: dict[str, str], check: bool) -> int:
    """Write each golden file, or (``check``) compare: 1 when one differs or is missing. Files with
    :data:`TOLERANCES` are compared as typed frames, the others line for line."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, text in texts.items():
        path = GOLDEN / name
        if check:
            if not path.exists():
                print(f"{path}: missing", file=sys.stderr)
                bad = 1
                continue
            stored = path.read_text(encoding="utf-8")
            diff = differences(text, stored, name) if name in TOLERANCES else (
                [f"{path}: differs"] if stored != text else [])
            for line in diff:
                print(line, file=sys.stderr)
            bad = bad or int(bool(diff))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: {text.count(chr(10)) - 1} rows")
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args(argv)
    return write_or_check(golden_texts(), args.check)


if __name__ == "__main__":
    sys.exit(main())
