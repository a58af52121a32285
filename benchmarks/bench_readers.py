"""The HTML/XML reader against the one it replaced: same text on a JATS corpus, CPU time, hostile input.

    .venv/bin/python benchmarks/bench_readers.py [--xml DIR...] [--baseline 4ecf366] [--hostile-timeout 20]

``markup_to_text`` of this checkout against the standard-library reader of commit ``--baseline``
(its ``analysis/extraction/readers.py`` read with ``git show``): how many of the JATS files give a
byte-identical text, and the CPU seconds of each over all of them. Then both on hostile markup
(``</``, ``<a``, ``<![`` repeated), each in a child process killed after ``--hostile-timeout`` seconds.
Not part of the test run; the corpus is not committed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from analysis.extraction.markup import MarkupError, markup_to_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [Path("/work/corpus/ei/annotations/xml_files"), ROOT.parent / "shared" / "benchmarks" / "rct-extraction-dev" / "xml"]
HOSTILE = [("", "</", 1_000_000), ("", "<a", 500_000), ("", "<![", 500_000),
           ("<table>", "<tr><td rowspan=50 colspan=20>Age", 1_000_000)]


def _baseline(commit: str):
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:analysis/extraction/readers.py"],
                         capture_output=True, text=True, check=True).stdout
    src = src.replace("from .tokens import MAX_CHARS", "MAX_CHARS = 5_000_000")
    ns: dict = {"__name__": "baseline_readers"}
    exec(compile(src, f"{commit}:readers.py", "exec"), ns)  # noqa: S102 - our own file from git
    return ns["markup_to_text"]


def _run(fn, texts):
    out, t0 = [], time.process_time()
    for t in texts:
        try:
            out.append(fn(t, xml=True))
        except (MarkupError, ValueError) as exc:
            out.append(f"ERROR {exc}")
    return out, time.process_time() - t0


CHILD = """
import sys, time, subprocess
sys.path.insert(0, {root!r})
{load}
data = {prefix!r} + {pattern!r} * ({size} // len({pattern!r}))
t0 = time.process_time()
try:
    fn(data, xml=False)
    end = "read"
except Exception as exc:
    end = type(exc).__name__
print(round(time.process_time() - t0, 3), end)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--xml", type=Path, nargs="*", default=CORPUS)
    ap.add_argument("--baseline", default="4ecf366")
    ap.add_argument("--hostile-timeout", type=float, default=20)
    args = ap.parse_args()
    files = sorted(f for d in args.xml if d.is_dir() for f in d.iterdir() if f.suffix in (".xml", ".nxml"))
    if not files:
        print("no JATS files found (--xml)", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8") for f in files]
    old_fn = _baseline(args.baseline)
    old, t_old = _run(old_fn, texts)
    new, t_new = _run(markup_to_text, texts)
    same = sum(a == b for a, b in zip(old, new))
    print(f"{len(files)} JATS files: {same} byte-identical texts; CPU {t_old:.1f} s ({args.baseline}) "
          f"-> {t_new:.1f} s (this checkout), {t_old / t_new:.2f}x")
    for f, a, b in zip(files, old, new):
        if a != b:
            print(f"  differs: {f.name}: {b[:120]!r}")
    print("\n| hostile input | baseline: CPU s, outcome | this checkout: CPU s, outcome |\n|---|---|---|")
    for prefix, pattern, size in HOSTILE:
        row = []
        for load in (f"exec(compile(subprocess.run(['git', '-C', {str(ROOT)!r}, 'show', "
                     f"'{args.baseline}:analysis/extraction/readers.py'], capture_output=True, text=True).stdout"
                     ".replace('from .tokens import MAX_CHARS', 'MAX_CHARS = 5_000_000'), 'b', 'exec'), g := {}); "
                     "fn = g['markup_to_text']",
                     "from analysis.extraction.markup import markup_to_text as fn"):
            code = CHILD.format(root=str(ROOT), load=load, prefix=prefix, pattern=pattern, size=size)
            try:
                r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   timeout=args.hostile_timeout)
                row.append(r.stdout.strip() or r.stderr.strip().splitlines()[-1][:60])
            except subprocess.TimeoutExpired:
                row.append(f"> {args.hostile_timeout:g} (killed)")
        print(f"| {size // 1000} KB of `{prefix}{pattern}...` | {row[0]} | {row[1]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
