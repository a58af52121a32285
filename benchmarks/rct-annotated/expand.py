"""Expand the hand-written reading notes (specs.txt) into annotations.csv.

    .venv/bin/python benchmarks/rct-annotated/expand.py [CORPUS_DIR]

specs.txt holds, per paper, what the annotator read: which table rows are outcomes (with a short
label in the annotator's words), which columns are arms (label, time, n as printed), the cell form
the table states (mean ± SD, mean (SD), n (%), ...), where each n is printed, and flags; and single
entries typed by hand for values in sentences. The cells named are copied from the JATS file as
printed and split at the form's separator; a cell that does not have the declared form stops the
run naming paper, table, row and column (so a misread layout is caught, never guessed).

Lines (fields are shlex-quoted key=value pairs):
  paper PMC123 rank=N coverage=complete|partial note="..."
  table T rows=2-6,9 labels="a|b|c" cols="1=Arm@time#n,2=Arm@time#n" form=msd|mse|events|count
        [n_source=column] [flags=a;b] [time=...] [arms=rows: labels name arms, cols outcomes]
        [except=r3c2,...: cells typed by hand in entry lines instead] [ncol=C: n printed in column C of each row]
  entry outcome=... arm=... [time=...] kind=mean_sd|mean_se|events mean= sd= events= percent= n=
        n_source=... where=... [flags=...]
"""
from __future__ import annotations

import csv
import re
import shlex
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render import CORPUS, grid, text  # noqa: E402

HERE = Path(__file__).resolve().parent
COLUMNS = ["pmcid", "entry", "outcome", "arm", "time", "kind", "mean", "sd", "events", "percent", "n",
           "n_source", "where", "cell", "flags"]
NUM = r"[−\-–]?\s?(?:\d[\d.,·]*|\.\d+)"
FORMS = {
    # mean ± SD, mean (SD), mean ± SD (range), mean (SD) [range]
    "msd": re.compile(rf"^\s*({NUM})\s*(?:±|\+/-|\+/−|\(\s*±?)\s*({NUM})"),
    # n (%), n/N (%), n (%) with the % sign or not
    "events": re.compile(r"^\s*(\d+)\s*(?:/\s*(\d+)\s*)?(?:\(\s*(\d[\d.,·]*)\s*%?\s*\))?\s*[a-z*†‡§¶#]*\s*$"),
}


def tables(pmcid: str, corpus: Path) -> dict[str, list[list[str]]]:
    root = ET.parse(str(corpus / f"{pmcid}.nxml")).getroot()
    out = {}
    for i, tw in enumerate(root.iter("table-wrap"), 1):
        rows = [r for t in tw.iter("table") for r in grid(t)]
        label = re.sub(r"^(table|tab\.?)\s*", "", text(tw.find("label")), flags=re.I).rstrip(".") or str(i)
        out[label] = rows
    return out


def _agrees(k: str, n: str, pct: str) -> bool:
    """k/n rounds or truncates to the printed percentage at its decimals (within one unit of the last digit)."""
    p = pct.replace(",", ".").replace("·", ".")
    dec = len(p.partition(".")[2])
    try:
        return abs(100 * int(k) / int(n) - float(p)) < 10 ** -dec + 1e-9
    except (ValueError, ZeroDivisionError):
        return True


def rows_of(spec: str) -> list[int]:
    out = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


PAPER_COLUMNS = ["pmcid", "rank", "coverage", "note"]


def expand(corpus: Path, papers: list | None = None) -> list[dict]:
    out, pmcid, tabs, n_entry = [], None, {}, 0
    for lineno, line in enumerate((HERE / "specs.txt").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words = shlex.split(line)
        head, kv = words[0], dict(w.split("=", 1) for w in words[2 if words[0] in ("paper", "table") else 1:])
        where = f"specs.txt:{lineno}"
        if head == "paper":
            pmcid, tabs, n_entry = words[1], tables(words[1], corpus), 0
            if papers is not None:
                papers.append({"pmcid": pmcid, **{k: kv.get(k, "") for k in PAPER_COLUMNS[1:]}})
            continue
        base = {"pmcid": pmcid, "time": kv.get("time", ""), "flags": kv.get("flags", "")}
        if head == "entry":
            n_entry += 1
            out.append({**{c: "" for c in COLUMNS}, **base, **{k: v for k, v in kv.items() if k in COLUMNS},
                        "entry": n_entry})
            continue
        t = words[1]
        if t not in tabs:
            sys.exit(f"{where}: {pmcid} has no table {t!r} (has {', '.join(tabs)})")
        grid_ = tabs[t]
        rows, labels = rows_of(kv["rows"]), kv["labels"].split("|")
        if len(rows) != len(labels):
            sys.exit(f"{where}: {len(rows)} rows but {len(labels)} labels")
        form = kv["form"]
        for r, label in zip(rows, labels):
            for col in kv["cols"].split(","):
                c, _, arm = col.partition("=")
                arm, _, n = arm.partition("#")
                arm, _, time = arm.partition("@")
                cell = grid_[r][int(c)] if r < len(grid_) and int(c) < len(grid_[r]) else None
                if cell is None:
                    sys.exit(f"{where}: {pmcid} table {t} has no cell r{r}c{c}")
                cell = cell.strip()
                if f"r{r}c{c}" in kv.get("except", "").split(","):
                    continue  # a cell the notes type out by hand (an entry line) because its print is irregular
                if cell.lower() in ("", "-", "–", "—", "na", "n/a", "nr", "nd", "…", "n.a.", "not applicable"):
                    continue
                if kv.get("ncol"):  # the arm's n printed in its own row, in column ncol
                    n = re.match(r"\s*(\d*)", grid_[r][int(kv["ncol"])])[1]  # the count that leads the cell
                e = {**{k: "" for k in COLUMNS}, **base, "outcome": label, "arm": arm, "time": time or base["time"],
                     "n": n or kv.get("n", ""), "n_source": kv.get("n_source", "column"), "where": f"table {t}",
                     "cell": f"r{r}c{c}"}
                key = "msd" if form in ("msd", "mse") else "events"
                m = FORMS[key].match(cell)
                if m is None:
                    sys.exit(f"{where}: {pmcid} table {t} r{r}c{c}: {cell!r} is not of form {form}")
                if key == "msd":
                    e.update(kind="mean_sd" if form == "msd" else "mean_se", mean=m[1].replace(" ", ""),
                             sd=m[2].replace(" ", ""))
                else:
                    e.update(kind="events", events=m[1], percent=m[3] or "")
                    if m[2]:
                        e.update(n=m[2], n_source="cell")
                if form == "count" and m[3]:
                    sys.exit(f"{where}: {pmcid} table {t} r{r}c{c}: {cell!r} has a percentage, declared count")
                if kv.get("arms") == "rows":  # arms as rows, outcomes as columns
                    e["outcome"], e["arm"] = e["arm"], e["outcome"]
                if e["kind"] == "events" and e["percent"] and e["n"] and not _agrees(e["events"], e["n"], e["percent"]):
                    e["flags"] = ";".join(x for x in (e["flags"], "percent_not_events_over_n") if x)
                n_entry += 1
                e["entry"] = n_entry
                out.append(e)
    return out


def main(argv: list[str]) -> int:
    papers: list[dict] = []
    rows = expand(Path(argv[0]) if argv else CORPUS, papers)
    with open(HERE / "papers.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, PAPER_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(papers)
    with open(HERE / "annotations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} entries from {len({r['pmcid'] for r in rows})} papers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
