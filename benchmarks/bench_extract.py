"""Extraction against the hand ledger, R statcheck, hand-annotated RCT values; speed; PDF readers.

    .venv/bin/python benchmarks/bench_extract.py [seeds] [statcheck] [rct] [annotated] [speed] [pdf] [pdf-jats]
        [--pdf-layout plain|centre|right|columns] [--list]

- seeds: recall of the hand ledger's numeric entries (data/studies/*.yaml: same kind, same printed
  numbers) in the drafts of the five seed texts, and precision of what the drafts hold (an entry is
  correct when it matches a ledger entry or is judged, once by hand, a genuine printed statistic the
  ledger lacks: benchmarks/extract_judgements.yaml, with a reason for each).
- statcheck: ../shared/benchmarks/statcheck-dev: share of R statcheck's results extracted (same test,
  df and value), agreement of the inconsistency verdict (analysis.recompute_p vs statcheck's error
  flag), and the test results read that statcheck does not.
- rct: ../shared/benchmarks/rct-extraction-dev: among gold (mean, SD) and (events, group size) pairs
  whose numbers are printed in the text, the share found together in one entry (the figure since the
  start); then the same set scored by rct_pairs.py, as the annotated set is (distinct pairs per paper,
  with the right n, precision-like, entries per paper).
- annotated: benchmarks/rct-annotated (trials drawn from evidence-inference's JATS texts and annotated
  by reading; see its README): rct_pairs.py's figures. The texts are read from RCT_CORPUS (default
  /work/corpus/ei/annotations/xml_files); skipped with a message when absent.
- speed: texts per second over statcheck-dev in one process (median of 5 runs; reading included), on
  the process's CPU time (the target) and on the wall clock.
- pdf: poppler's pdftotext against pypdfium2 and pdfplumber (when installed) on PDFs printed by
  chromium from five statcheck-dev texts: seconds per PDF and share of statcheck's results extracted.
- pdf-jats: the ten rct-extraction-dev articles printed to PDF by chromium (their JATS text as HTML, tables
  as HTML tables, chromium's default page header and footer kept) and read back: the share of the JATS
  draft's (mean, SD) and (k, n) pairs the PDF draft holds, the tables' rows read cell for cell, and the
  reading time per page and memory (issue 17 item 3); --pdf-layout prints them with the cells centred or
  aligned right, or the text in two columns with the tables across both.

Exit status 1 when a target is missed. Not part of the test run; the benchmark texts are read from
../shared and never copied into the project.
"""
from __future__ import annotations

import argparse
import collections
import csv
import glob
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import analysis
import rct_pairs
from analysis.extraction import extract, extract_text
from analysis.ledger import load_ledger

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
SEEDS = SHARED / "seeds"
JUDGED = Path(__file__).resolve().parent / "extract_judgements.yaml"
ANNOTATED = Path(__file__).resolve().parent / "rct-annotated"
CORPUS = Path(os.environ.get("RCT_CORPUS", "/work/corpus/ei/annotations/xml_files"))

#: kind -> the fields whose printed numbers identify an entry
KEYS = {"sample_size": ("n",), "mean_sd": ("mean", "sd"), "proportion": ("percent",), "count": ("k", "n"),
        "estimate_ci_p": ("estimate", "lower", "upper"), "p_value": ("p",), "test_statistic": ("statistic", "df", "p"),
        "quantity": ("value", "low", "high"), "total": ("total",)}
TARGETS = {"recall": 0.95, "precision": 0.85, "statcheck_share": 0.97, "statcheck_agreement": 0.97,
           "rct_mean_sd": 0.85, "rct_events_n": 0.75, "texts_per_second": 50.0,
           "annotated_mean_sd": 0.90, "annotated_events_n": 0.70, "pdf_mean_sd": 0.90, "pdf_events_n": 0.90}  # issue 17 targets (annotated set, PDF against JATS)


def norm(value) -> str:
    s = str(value).strip().lower().replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00b7", ".")
    return s


def key(kind: str, fields) -> tuple:
    return (kind,) + tuple(norm(fields.get(f, "")) for f in KEYS[kind])


def _num(s: str) -> float | None:
    try:
        return float(norm(s).lstrip("<>=≤≥").replace(",", ""))
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------ seeds
def bench_seeds(show: bool) -> dict:
    ledger = load_ledger(ROOT / "data")
    judged = {(j["seed"], j["kind"], j["values"]): j for j in (yaml.safe_load(JUDGED.read_text("utf-8")) or [])}
    tot = collections.Counter()
    misses, unjudged, wrong = [], [], []
    for src in sorted(ledger.sources.values(), key=lambda s: s.file):
        wanted = collections.Counter()
        frags = collections.defaultdict(list)
        for st in ledger.studies.values():
            if st.source != src.id:
                continue
            for e in st.entries:
                if e.kind in KEYS:
                    k = key(e.kind, e.fields)
                    wanted[k] += 1
                    frags[k].append(f"{st.id}.{e.id}: {e.fragment!r}")
        draft = extract(SEEDS / src.file)
        got = collections.Counter(key(e["kind"], e) for e in draft.entries if e["kind"] in KEYS)
        for k, c in wanted.items():
            hit = min(c, got.get(k, 0))
            tot["ledger"] += c
            tot["found"] += hit
            misses += [(src.file, k, frags[k][i]) for i in range(hit, c)]
        extra = got - wanted
        tot["drafted"] += sum(got.values()) + sum(1 for e in draft.entries if e["kind"] not in KEYS)
        tot["matched"] += sum((got & wanted).values())
        for e in draft.entries:
            k = key(e["kind"], e) if e["kind"] in KEYS else (e["kind"], e.get("claim", ""))
            if e["kind"] in KEYS and extra.get(k, 0) <= 0:
                continue
            if e["kind"] in KEYS:
                extra[k] -= 1
            values = "; ".join(f"{f}={e[f]}" for f in KEYS.get(e["kind"], ()) if f in e)
            j = judged.get((src.file, e["kind"], values))
            if j is None:
                unjudged.append((src.file, e["kind"], values, e["fragment"]))
            elif j["verdict"] == "correct":
                tot["judged_correct"] += 1
            else:
                wrong.append((src.file, e["kind"], values, j["reason"]))
    recall = tot["found"] / tot["ledger"]
    precision = (tot["matched"] + tot["judged_correct"]) / tot["drafted"]
    print(f"seeds: recall {tot['found']}/{tot['ledger']} = {recall:.3f} (target >= {TARGETS['recall']}); "
          f"precision ({tot['matched']} matching the ledger + {tot['judged_correct']} judged genuine) / "
          f"{tot['drafted']} drafted = {precision:.3f} (target >= {TARGETS['precision']})")
    for m in misses:
        print("  miss:", m[0], m[1], "|", m[2])
    for w in wrong:
        print("  wrong:", *w)
    for u in unjudged:
        print("  UNJUDGED (counted wrong):", u)
    return {"recall": recall, "precision": precision}


# -------------------------------------------------------------------------------------- statcheck
_TYPE = {"t": "t", "F": "F", "Z": "z", "Chi2": "chi2", "r": "r", "Q": "chi2"}


def bench_statcheck(show: bool) -> dict:
    base = BENCH / "statcheck-dev"
    rows = list(csv.DictReader(open(base / "statcheck_ref.csv", encoding="utf-8")))
    by = collections.defaultdict(list)
    for r in rows:
        by[r["source"]].append(r)
    found = agree = 0
    extra, disagreements, missed = [], [], []
    for f in sorted(base.glob("texts/*.txt")):
        tests = [e for e in extract(f).entries if e["kind"] == "test_statistic"]
        used = set()
        for r in by[f.stem]:
            df = [x for x in (r["df1"], r["df2"]) if x not in ("", "NA")]
            hit = None
            for i, e in enumerate(tests):
                edf = [x.strip() for x in e.get("df", "").split(",") if x.strip()]
                if (i not in used and e["test"] == _TYPE[r["test_type"]] and _num(e["statistic"]) == float(r["test_value"])
                        and [float(x) for x in edf] == [float(x) for x in df]):
                    hit = i
                    break
            if hit is None:
                missed.append((f.stem, r["raw"]))
                continue
            used.add(hit)
            found += 1
            e = tests[hit]
            verdict = _verdict(e)
            ours = verdict == "inconsistent"
            theirs = r["error"].upper() == "TRUE"
            if ours == theirs:
                agree += 1
            else:
                disagreements.append((f.stem, r["raw"], f"statcheck error={theirs}", f"ours={verdict}"))
        extra += [(f.stem, e["fragment"]) for i, e in enumerate(tests) if i not in used]
    share, agreement = found / len(rows), agree / max(found, 1)
    print(f"statcheck-dev: extracted {found}/{len(rows)} = {share:.3f} of R statcheck's results "
          f"(target >= {TARGETS['statcheck_share']}); verdict agreement {agree}/{found} = {agreement:.3f} "
          f"(target >= {TARGETS['statcheck_agreement']}); {len(extra)} test results read that statcheck does not")
    for m in missed:
        print("  missed:", *m)
    for d in disagreements:
        print("  disagree:", *d)
    if show:
        for x in extra:
            print("  beyond statcheck:", *x)
    return {"statcheck_share": share, "statcheck_agreement": agreement, "beyond": len(extra)}


def _verdict(e: dict) -> str:
    df = e.get("df")  # as printed, as the audit passes it (a df printed with decimals: over its rounding)
    dfv = tuple(x.strip() for x in df.split(",")) if df is not None and "," in df else df
    try:
        return analysis.recompute_p(e["test"], e["statistic"], dfv, e["p"]).verdict
    except ValueError:
        return "not_testable"


# -------------------------------------------------------------------------------------------- rct
def bench_rct(show: bool) -> dict:
    base = BENCH / "rct-extraction-dev"
    rows = list(csv.DictReader(open(base / "gold.csv", encoding="utf-8")))
    drafts: dict[str, object] = {}
    res = {"msd": [0, 0], "kn": [0, 0]}
    for r in rows:
        pm = r["pmcid"]
        if pm not in drafts:
            drafts[pm] = extract(base / "xml" / f"PMC{pm}.xml")
        d = drafts[pm]
        printed = {float(t) for t in re.findall(r"\d+(?:\.\d+)?", d.text)}
        for side in ("intervention", "comparator"):
            for name, (a, b), kinds, fa, fb in (
                    ("msd", (r[f"{side}_mean"], r[f"{side}_standard_deviation"]), ("mean_sd",), "mean", "sd"),
                    ("kn", (r[f"{side}_events"], r[f"{side}_group_size"]), ("proportion", "count"), "k", "n")):
                if not (a and b) or abs(float(a)) not in printed or float(b) not in printed:
                    continue
                res[name][1] += 1
                ok = any(e["kind"] in kinds and _num(e.get(fa, "x")) == float(a) and _num(e.get(fb, "x")) == float(b)
                         for e in d.entries)
                res[name][0] += ok
                if not ok:
                    print(f"  rct miss: PMC{pm} {side} {name} {a} {b} ({r['outcome']})")
    msd, kn = res["msd"][0] / res["msd"][1], res["kn"][0] / res["kn"][1]
    print(f"rct-extraction-dev: (mean, SD) pairs {res['msd'][0]}/{res['msd'][1]} = {msd:.3f} (target >= "
          f"{TARGETS['rct_mean_sd']}); (events, group size) pairs {res['kn'][0]}/{res['kn'][1]} = {kn:.3f} "
          f"(target >= {TARGETS['rct_events_n']})")
    for line in rct_pairs.report("rct-extraction-dev scored as the annotated set (distinct gold pairs; gold "
                                 "covers chosen outcomes only, so precision-like counts every other pair)",
                                 rct_pairs.score(_gold_rows(rows, drafts), {k: d.entries for k, d in drafts.items()})):
        print(line)
    return {"rct_mean_sd": msd, "rct_events_n": kn}


def _gold_rows(rows: list[dict], drafts: dict) -> dict:
    """rct-extraction-dev's gold as annotated rows: one row per distinct printed pair of a paper."""
    out: dict[str, dict] = {}
    for r in rows:
        pm = r["pmcid"]
        printed = {float(t) for t in re.findall(r"\d+(?:\.\d+)?", drafts[pm].text)}
        for side in ("intervention", "comparator"):
            n = r[f"{side}_group_size"]
            n = n if n and float(n) in printed else ""
            for kind, a, b in (("mean_sd", r[f"{side}_mean"], r[f"{side}_standard_deviation"]),
                               ("events", r[f"{side}_events"], n)):
                if not (a and b) or abs(float(a)) not in printed or float(b) not in printed:
                    continue
                row = {"kind": kind, "mean": a, "sd": b, "events": a, "percent": "", "n": n,
                       "n_source": "gold", "flags": ""}
                out.setdefault(pm, {})[(kind, a, b, n)] = row
    return {pm: list(v.values()) for pm, v in out.items()}


# -------------------------------------------------------------------------------------- annotated
def bench_annotated(show: bool) -> dict:
    if not CORPUS.is_dir():
        print(f"annotated: needs the evidence-inference JATS texts in {CORPUS} (set RCT_CORPUS); skipped")
        return {}
    rows_by: dict[str, list] = collections.defaultdict(list)
    for r in csv.DictReader(open(ANNOTATED / "annotations.csv", encoding="utf-8")):
        rows_by[r["pmcid"]].append(r)
    papers = list(csv.DictReader(open(ANNOTATED / "papers.csv", encoding="utf-8")))
    complete = {p["pmcid"] for p in papers if p["coverage"] == "complete"}
    drafts = {p["pmcid"]: extract(CORPUS / f"{p['pmcid']}.nxml").entries for p in papers}
    res = rct_pairs.score({p["pmcid"]: rows_by.get(p["pmcid"], []) for p in papers}, drafts, complete)
    for line in rct_pairs.report("rct-annotated", res):
        print(line)
    if show:
        for pid, kind, r in res["misses"]:
            print(f"  miss: {pid} {kind} {r['where']} {r['cell']} {r['outcome']} | {r['arm']} | "
                  f"{r['mean'] or r['events']} {r['sd'] or r['percent']} n={r['n']} ({r['n_source']}; {r['flags']})")
        for pid, n_entries, n_pairs, unmatched in res["per_paper"]:
            print(f"  paper {pid}: {n_entries} entries, {n_pairs} drafted pairs, {unmatched} matching no annotation")
    t = res["totals"]
    return {"annotated_mean_sd": t["msd_found"] / max(t["msd"], 1), "annotated_events_n": t["kn_found"] / max(t["kn"], 1)}


# ------------------------------------------------------------------------------------------ speed
def bench_speed(show: bool) -> dict:
    files = sorted((BENCH / "statcheck-dev" / "texts").glob("*.txt"))
    for f in files:  # warm-up: imports, compiled patterns, file cache
        extract(f)
    times, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        for f in files:
            extract(f)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    wall, rate = len(files) / statistics.median(times), len(files) / statistics.median(cpu)
    load = os.getloadavg()[0]
    print(f"speed: {rate:.1f} texts/s on the process's CPU time, {wall:.1f} texts/s wall "
          f"(median of 5 runs over {len(files)} texts, {chars / len(files) / 1000:.0f} kB each; load average {load:.1f}; "
          f"target >= {TARGETS['texts_per_second']} on CPU time: on a shared machine wall time also measures the "
          "neighbours; on an idle one the two agree)")
    return {"texts_per_second": rate}


# -------------------------------------------------------------------------------------------- pdf
def bench_pdf(show: bool) -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftotext") is None:
        print("pdf: needs chromium (to print the PDFs) and pdftotext; skipped")
        return {}
    base = BENCH / "statcheck-dev"
    rows = list(csv.DictReader(open(base / "statcheck_ref.csv", encoding="utf-8")))
    files = sorted(base.glob("texts/*.txt"))[:5]
    readers = {"pdftotext": _pdftotext}
    try:
        import pypdfium2  # noqa: F401
        readers["pypdfium2"] = _pdfium
    except ImportError:
        pass
    try:
        import pdfplumber  # noqa: F401
        readers["pdfplumber"] = _plumber
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for f in files:
            h, p = Path(tmp) / f"{f.stem}.html", Path(tmp) / f"{f.stem}.pdf"
            h.write_text("<html><body><p>" + html.escape(f.read_text(encoding="utf-8")) + "</p></body></html>", "utf-8")
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={p}", str(h)],
                           capture_output=True, timeout=120, check=False)
            pdfs.append(p)
        want = sum(1 for r in rows if r["source"] in {f.stem for f in files})
        for name, read in readers.items():
            t0 = time.perf_counter()
            texts = [read(p) for p in pdfs]
            sec = (time.perf_counter() - t0) / len(pdfs)
            got = sum(len([e for e in extract_text(t).entries if e["kind"] == "test_statistic"]) for t in texts)
            print(f"pdf: {name}: {sec * 1000:.0f} ms per PDF; {got} test results read where R statcheck finds {want} "
                  "in the same texts")
    return {}


#: --pdf-layout: the CSS the development PDFs are printed with besides Chromium's defaults (cells aligned left)
PDF_LAYOUTS = {"plain": "", "centre": "td{text-align:center} td:first-child{text-align:left}",
               "right": "td{text-align:right} td:first-child{text-align:left}",
               "columns": "div.columns{column-count:2; font-size:9pt} table{column-span:all; font-size:8pt}"}
PDF_LAYOUT = "plain"


def bench_pdf_jats(show: bool) -> dict:
    """Drafts from PDFs against drafts from the same articles' JATS (issue 17 item 3): each rct-extraction-dev
    article's text as the JATS reader gives it is written as HTML (tables as HTML tables), printed by Chromium
    with its default page header and footer (date, title, address, 'page/pages'), read back by the PDF reader;
    the share of the JATS draft's (mean, SD) and (k, n) pairs the PDF draft also holds; the share of the
    JATS tables' data rows the PDF text holds cell for cell (and pdfplumber's text-strategy tables', when
    installed); reading time per page against the previous reader (plain ``pdftotext`` with running lines
    dropped) in the same process, median of 3 rounds; pdftotext's peak memory and the reader's own."""
    import rct_pairs

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftotext") is None:
        print("pdf-jats: needs chromium (to print the PDFs) and pdftotext; skipped")
        return {}
    got = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for x in sorted((BENCH / "rct-extraction-dev" / "xml").glob("*.xml")):
            jats = extract(x)
            h, pdf = Path(tmp) / f"{x.stem}.html", Path(tmp) / f"{x.stem}.pdf"
            h.write_text(_as_html(jats.text, x.stem, PDF_LAYOUTS[PDF_LAYOUT]), "utf-8")
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                            h.resolve().as_uri()], capture_output=True, timeout=120, check=False)
            pdfs.append((pdf, jats))
        pages = sum(_pdf_pages(pdf) for pdf, _ in pdfs)
        for pdf, jats in pdfs:
            from_pdf = extract(pdf)
            for name, pick in (("msd", lambda e: rct_pairs.draft_pairs(e)[0]), ("kn", lambda e: rct_pairs.draft_pairs(e)[1])):
                a = collections.Counter(t[:2] for t in pick(jats.entries) if t[1] is not None)
                b = collections.Counter(t[:2] for t in pick(from_pdf.entries) if t[1] is not None)
                got[name] += sum(a.values())
                got[name + "_same"] += sum((a & b).values())
            want = _data_rows(jats.text)
            got["rows"] += len(want)
            got["rows_same"] += sum(1 for r in want if r in set(_data_rows(from_pdf.text)))
            if show:
                print(f"  {pdf.stem}: {len(jats.entries)} JATS entries, {len(from_pdf.entries)} PDF entries")
        msd, kn = got["msd_same"] / max(got["msd"], 1), got["kn_same"] / max(got["kn"], 1)
        print(f"pdf-jats ({PDF_LAYOUT} layout): of the JATS drafts' pairs, the PDF drafts hold (mean, SD) {got['msd_same']}/{got['msd']} = {msd:.3f}, "
              f"(k, n) {got['kn_same']}/{got['kn']} = {kn:.3f} (target >= 0.90 each); the JATS tables' data rows "
              f"read cell for cell: {got['rows_same']}/{got['rows']}")
        if PDF_LAYOUT == "plain":
            _pdf_speed([pdf for pdf, _ in pdfs], pages)
            _plumber_rows(pdfs)
    return {"pdf_mean_sd": msd, "pdf_events_n": kn}


def _data_rows(text: str) -> list[tuple[str, ...]]:
    """A text's table rows (``a | b | c``) with a digit in a cell after the first, cells' spaces normalised."""
    rows = [tuple(" ".join(c.split()) for c in ln.split(" | ")) for ln in text.split("\n") if " | " in ln]
    return [r for r in rows if any(ch.isdigit() for c in r[1:] for ch in c)]


def _plain_pdftotext(p: Path) -> str:
    """The reader before issue 17 item 3: pdftotext's plain text, running lines dropped."""
    from analysis.extraction.pdfpages import strip_running

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q", str(p), "-"], capture_output=True, timeout=60, check=True)
    return strip_running(out.stdout.decode("utf-8", "replace"))


def _pdf_speed(pdfs: list[Path], pages: int) -> None:
    import tracemalloc

    from analysis.extraction.readers import read_text

    times: dict[str, list[float]] = {"word boxes": [], "plain pdftotext": []}
    for _ in range(3):
        for name, read in (("word boxes", read_text), ("plain pdftotext", _plain_pdftotext)):
            t0 = time.perf_counter()
            for p in pdfs:
                read(p)
            times[name].append(time.perf_counter() - t0)
    ms = {k: statistics.median(v) / pages * 1000 for k, v in times.items()}
    peaks = {}
    for name, flag in (("word boxes", ["-bbox-layout"]), ("plain pdftotext", [])):
        peak = 0
        for p in pdfs:
            proc = subprocess.Popen(["pdftotext", *flag, "-enc", "UTF-8", "-q", str(p), os.devnull])
            peak = max(peak, os.wait4(proc.pid, 0)[2].ru_maxrss)
            proc.returncode = 0
        peaks[name] = peak / 1024
    largest = max(pdfs, key=lambda p: p.stat().st_size)
    tracemalloc.start()
    read_text(largest)
    py_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"pdf-jats: reading {ms['word boxes']:.1f} ms per page with word boxes, {ms['plain pdftotext']:.1f} with plain "
          f"pdftotext ({ms['word boxes'] / ms['plain pdftotext']:.2f}x; {pages} pages, median of 3 rounds); pdftotext's "
          f"peak memory {peaks['word boxes']:.0f} MB with -bbox-layout, {peaks['plain pdftotext']:.0f} MB plain; the "
          f"reader's Python peak on the largest PDF ({largest.stat().st_size // 1000} kB) {py_peak:.1f} MB")


def _plumber_rows(pdfs: list) -> None:
    """pdfplumber's tables (text strategy: Chromium prints no ruling lines) against the JATS tables' rows."""
    try:
        import pdfplumber
    except ImportError:
        return
    want = found = 0
    t0, pages = time.perf_counter(), 0
    for pdf, jats in pdfs:
        rows: set[tuple[str, ...]] = set()
        with pdfplumber.open(str(pdf)) as doc:
            for page in doc.pages:
                pages += 1
                for tb in page.extract_tables({"vertical_strategy": "text", "horizontal_strategy": "text"}):
                    for r in tb:
                        cells = tuple(" ".join((c or "").split()) for c in r)
                        rows |= {cells, tuple(c for c in cells if c)}
        target = _data_rows(jats.text)
        want += len(target)
        found += sum(1 for r in target if r in rows or tuple(c for c in r if c) in rows)
    print(f"pdf-jats: pdfplumber {pdfplumber.__version__} text-strategy tables: data rows read cell for cell {found}/{want}; "
          f"{(time.perf_counter() - t0) / pages * 1000:.0f} ms per page")


def _as_html(text: str, title: str, css: str = "") -> str:
    """The text as an HTML page: paragraphs, and tables where every line of a paragraph is a ``" | "`` row;
    with ``css``, which may set the body in two columns (``div.columns``)."""
    out = [f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{css}</style></head>"
           "<body><div class='columns'>"]
    for para in text.split("\n\n"):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if lines and all(" | " in ln for ln in lines):
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in ln.split(" | ")) + "</tr>"
                                           for ln in lines) + "</table>")
        else:
            out.append(f"<p>{html.escape(para)}</p>")
    return "".join(out) + "</div></body></html>"


def _pdf_pages(p: Path) -> int:
    return max(1, p.read_bytes().count(b"/Type /Page") - p.read_bytes().count(b"/Type /Pages"))


def _pdftotext(p: Path) -> str:
    from analysis.extraction.readers import read_text

    return read_text(p)


def _pdfium(p: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(p))
    return "\n".join(page.get_textpage().get_text_range() for page in doc)


def _plumber(p: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(p)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("parts", nargs="*", help="seeds, statcheck, rct, annotated, speed, pdf, pdf-jats (default: the first five)")
    ap.add_argument("--pdf-layout", choices=sorted(PDF_LAYOUTS), default="plain",
                    help="pdf-jats: print the PDFs with cells centred or aligned right, or the text in two columns")
    ap.add_argument("--list", action="store_true",
                    help="list every extra statcheck-dev result; the annotated set's misses and per-paper counts")
    args = ap.parse_args(argv)
    global PDF_LAYOUT
    PDF_LAYOUT = args.pdf_layout
    unknown = [p for p in args.parts if p not in ("seeds", "statcheck", "rct", "annotated", "speed", "pdf", "pdf-jats")]
    if unknown:
        ap.error(f"unknown part(s) {', '.join(unknown)}: choose from seeds, statcheck, rct, annotated, speed, pdf, pdf-jats")
    if not BENCH.is_dir() or not SEEDS.is_dir():
        print(f"needs ../shared/benchmarks and ../shared/seeds beside the project ({SHARED}); skipped")
        return 0
    figures: dict = {}
    runners = {"seeds": bench_seeds, "statcheck": bench_statcheck, "rct": bench_rct, "annotated": bench_annotated,
               "speed": bench_speed, "pdf": bench_pdf, "pdf-jats": bench_pdf_jats}
    for part in args.parts or ["seeds", "statcheck", "rct", "annotated", "speed"]:
        figures.update(runners[part](args.list))
    missed = [k for k, v in figures.items() if k in TARGETS and v < TARGETS[k]]
    if missed:
        print("targets missed:", ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
