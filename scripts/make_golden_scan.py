"""Write the golden scan files: ``analysis.scan`` of the two development sets, row for row.

tests/test_golden_scan.py rescans both sets and compares with tests/golden/scan-*.csv row for row, so
a change meant only to make the scan faster cannot lose, add or alter a finding unnoticed. When the
extraction or the verdicts change on purpose, rerun this script and say so (and which rows moved) in
the commit message:

    .venv/bin/python scripts/make_golden_scan.py            # rewrite tests/golden/scan-*.csv
    .venv/bin/python scripts/make_golden_scan.py --check    # exit 1 if a set's rows differ

The texts are read from ../shared/benchmarks (never copied into the project); the files hold file
names, numbers and short fragments (<= 90 characters), as the scan prints them.
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
BENCH = ROOT.parent / "shared" / "benchmarks"
#: golden file name -> the folder scanned
SETS = {"scan-statcheck-dev.csv": BENCH / "statcheck-dev" / "texts",
        "scan-rct-extraction-dev.csv": BENCH / "rct-extraction-dev" / "xml"}


def scan_csv(files) -> str:
    """The scan frame of ``files`` as CSV text, file names without their folder, in a stable order."""
    import os

    import analysis

    res = analysis.scan(list(files), jobs=1, progress=False)
    df = res.to_frame()
    for f in res.files:   # a refused entry's explanation names the file: without its folder, as the file column
        df["explanation"] = df["explanation"].str.replace(f, os.path.basename(f), regex=False)
    df["file"] = df["file"].map(os.path.basename)
    failed = "".join(f"# failed: {os.path.basename(f)}: {why}\n" for f, why in res.failed)
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", float_format="%.12g")
    return failed + buf.getvalue()


def set_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def golden_texts() -> dict[str, str]:
    """{golden file name: CSV text} for every development set present here."""
    return {name: scan_csv(set_files(folder)) for name, folder in SETS.items() if folder.is_dir()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args(argv)
    missing = [str(f) for f in SETS.values() if not f.is_dir()]
    if missing:
        print(f"development sets not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_golden import write_or_check

    return write_or_check(golden_texts(), args.check)


if __name__ == "__main__":
    sys.exit(main())
