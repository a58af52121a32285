"""The scan of three development sets written to a folder, or compared row for row with an earlier run.

    .venv/bin/python benchmarks/scan_rows.py --write /tmp/scan-before     # on the code before a change
    .venv/bin/python benchmarks/scan_rows.py --compare /tmp/scan-before   # after it: exit 1 on any difference

Sets: statcheck-dev texts and rct-extraction-dev XML (``../shared/benchmarks``; also the committed
golden files, see scripts/make_golden_scan.py) and 25 fixed RCT papers of the evidence-inference
corpus (/work/corpus/ei; the first 25 PMC ids in name order, listed in EI below). A speed-up must
leave every row equal (issue 22). Not part of the test run; the texts are not committed.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EI_DIR = Path("/work/corpus/ei/annotations/xml_files")
EI = ("PMC101395 PMC102323 PMC1065065 PMC1065070 PMC1065073 PMC1065104 PMC1074719 PMC1079844 PMC1079947 "
      "PMC1084341 PMC1087200 PMC1087853 PMC1090584 PMC1090588 PMC111061 PMC111183 PMC111193 PMC1131903 "
      "PMC1134663 PMC1142309 PMC1156925 PMC116601 PMC1166569 PMC1173136 PMC1174877").split()


def _golden():
    spec = importlib.util.spec_from_file_location("make_golden_scan", ROOT / "scripts" / "make_golden_scan.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sets() -> dict[str, list[Path]]:
    """{output name: files} for every set present on this machine."""
    g = _golden()
    out = {name: g.set_files(folder) for name, folder in g.SETS.items() if folder.is_dir()}
    ei = [EI_DIR / f"{pmc}.nxml" for pmc in EI]
    if all(p.is_file() for p in ei):
        out["scan-ei-25.csv"] = ei
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR")
    mode.add_argument("--compare", type=Path, metavar="DIR")
    args = ap.parse_args(argv)
    g = _golden()
    bad = 0
    for name, files in sets().items():
        text = g.scan_csv(files)
        rows = text.count("\n") - 1
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / name).write_text(text, encoding="utf-8")
            print(f"{name}: {len(files)} files, {rows} rows written")
            continue
        old_path = args.compare / name
        old = old_path.read_text(encoding="utf-8").splitlines() if old_path.exists() else []
        new = text.splitlines()
        if old == new:
            print(f"{name}: {len(files)} files, {rows} rows, all equal")
        else:
            bad = 1
            lost = [r for r in old if r not in set(new)]
            added = [r for r in new if r not in set(old)]
            print(f"{name}: DIFFERS: {len(old) - 1} rows before, {rows} now; {len(lost)} lost, {len(added)} new")
            for r in lost[:3]:
                print(f"  - {r[:200]}")
            for r in added[:3]:
                print(f"  + {r[:200]}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
