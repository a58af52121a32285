"""Write the golden files: the audit and the re-derivation of the whole committed ledger.

tests/test_golden.py recomputes both and compares byte for byte, so a change that moves code
around cannot change a verdict or a number without the suite saying so. When a change is meant
to alter the audit or the re-derivation, rerun this script and say so in the commit message:

    .venv/bin/python scripts/make_golden.py            # rewrite tests/golden/*.csv
    .venv/bin/python scripts/make_golden.py --check    # exit 1 if they differ (what the test does)
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def golden_texts(data_dir: Path | None = None) -> dict[str, str]:
    """CSV text of the full audit and of every study's re-derivation, in a stable order."""
    import pandas as pd

    import analysis
    from analysis.ledger import load_ledger

    ledger = load_ledger(data_dir if data_dir is not None else ROOT / "data")
    aud = analysis.audit(ledger=ledger)
    aud = aud.sort_values(list(aud.columns[:3]), kind="stable").reset_index(drop=True)
    frames = []
    for study_id in sorted(ledger.studies):
        frames.append(analysis.rederive(study_id, ledger=ledger))
    red = pd.concat(frames, ignore_index=True)

    def csv(df) -> str:
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\n", float_format="%.12g")
        return buf.getvalue()

    return {"audit.csv": csv(aud), "rederive.csv": csv(red)}


def write_or_check(texts: dict[str, str], check: bool) -> int:
    """Write each golden file, or (``check``) compare: 1 when one differs or is missing."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, text in texts.items():
        path = GOLDEN / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"{path}: differs", file=sys.stderr)
                bad = 1
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
