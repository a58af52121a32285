"""Mutation benchmark: inject one error into a real text, scan it, and count whether the scan catches it.

    .venv/bin/python benchmarks/bench_mutations.py [--rct 150] [--per-kind 150] [--not-ran 50]
                                                   [--seed 20261206] [--out /tmp/mutations.csv] [--chance]

Issue 16, item 6 (recall): precision alone rewards silence, so errors of four kinds are injected, one
at a time, into texts nobody here wrote, at places the scan reads:

- ``p_across``: the P of a test statistic (a row ``recompute_p`` reads) moved across .05
  (``p = .035`` -> ``p = .12``; ``p < .001`` -> ``p = .08``; ``p = .21`` -> ``p = .03``);
- ``percent_shift``: the percentage printed with its own count and n (``52 (76.5)``) moved by 2 to 4
  points, keeping its decimals;
- ``mean_off_grim``: a mean printed with an n small enough for GRIM (n x items < 10^decimals) moved
  by the fewest units of its last decimal that GRIM says no integer total gives;
- ``ci_decimal``: one bound of an estimate's CI with its decimal point moved one place
  (``0.283`` -> ``2.83`` or ``0.0283``).

The texts: the 25 statcheck-dev texts (``../shared/benchmarks/statcheck-dev/texts``) and a fixed-seed
sample of ``--rct`` JATS RCT reports from ``/work/corpus/ei/annotations/xml_files``, each read with
:func:`analysis.extraction.readers.read_text` (the scan's own reader). Candidate places come from the
extractor's finds on the original text; places whose entry the scan already flags are left out (a
new row could not be told from the old one); up to ``--per-kind`` places per kind where the kind's
check ran on the original, and up to ``--not-ran`` where it did not, are drawn by a stable key. Each
place's mutation (the P, the shift and its direction, the CI bound and which way its point moves) is
drawn from its own stream seeded by SHA-256 of (seed, file name, kind, offset of the number), and the
sample of a kind is the first places of its pool ordered by SHA-256 of (seed, kind, file, offset)
(:func:`draw`), so a place drawn by one code version is drawn, and mutated alike, by another whenever it is
still in the pool (a change to one kind's pool or one text's finds moves no other draw). Each mutated text is scanned in memory (:func:`scan_text`: the same
extraction, validation and audit as :func:`analysis.scan`, without a file: no paper text is written
anywhere). A mutation is **caught** when the mutated scan has an ``inconsistent`` row on the entry
that holds the mutated number. It is counted separately where the kind's check ran on the original
entry (a row of that check with verdict ``consistent``; the target is caught >= 0.95 there) and
where it did not. A moved percentage that loses its n (``n_lost``: the extractor placed the original's n, an
arm's size printed in the text or a size row over a block, only because the percentage fitted it) counts where the
check did not run: no denominator is established for it but by the number the mutation moved. Rates carry a Wilson 95% interval (statsmodels ``proportion_confint``). The grade
of each caught mutation is the highest grade of its rows (``analysis.GRADES``; ``-`` before grades
existed). Not part of the test run; ``tests/test_bench_mutations.py`` tests the mutation helpers.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PSYCH = ROOT.parent / "shared" / "benchmarks" / "statcheck-dev" / "texts"
RCT = Path("/work/corpus/ei/annotations/xml_files")
SEED = 20261206
KINDS = ("p_across", "percent_shift", "mean_off_grim", "ci_decimal")
#: the entry kind each mutation is made in, and the checks (name prefixes) whose verdict on the
#: original entry says that "the check ran"
ENTRY_KIND = {"p_across": "test_statistic", "percent_shift": "proportion", "mean_off_grim": "mean_sd",
              "ci_decimal": "estimate_ci_p"}
RAN = {"p_across": ("recompute_p",), "percent_shift": ("percent",), "mean_off_grim": ("grim",),
       "ci_decimal": ("ci_", "p_against_ci", "estimate_", "bounds", "lower_")}
# an unsigned printed number, not part of a longer one (1,234 and 1.2.3 are not read as one)
_NUMBER = re.compile(r"(?<![\d.,])(?:\d+(?:\.\d+)?|\.\d+)(?![\d]|[.,]\d)")
_P_BEFORE = re.compile(r"\b[pP]\s*(?:[-\u2010-\u2015]?\s*values?)?\s*(?:[<>=\u2264\u2265]|&lt;|&gt;)\s*$")
_P_OP = re.compile(r"([<>=\u2264\u2265])\s*$")
_UP = (0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3, 0.4)   # P values a P below .05 moves to
_DOWN = (0.001, 0.005, 0.01, 0.02, 0.03, 0.04)        # and a P of .05 or more


@dataclasses.dataclass(frozen=True)
class Mutation:
    """One injected error: ``text[start:end]`` (``old``) becomes ``new``.

    ``value`` is the new number as the extractor should read it (unsigned digits), ``field`` the
    ledger field it lands in."""

    kind: str
    start: int
    end: int
    old: str
    new: str
    field: str
    value: str

    def apply(self, text: str) -> str:
        if text[self.start:self.end] != self.old:
            raise ValueError(f"mutation {self.kind}: text[{self.start}:{self.end}] is "
                             f"{text[self.start:self.end]!r}, not {self.old!r}")
        return text[:self.start] + self.new + text[self.end:]


def numbers(text: str) -> list[tuple[int, str]]:
    """(offset, digits) of every unsigned printed number in ``text``."""
    return [(m.start(), m.group()) for m in _NUMBER.finditer(text)]


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def _fmt(v: float, decimals: int, lead: bool) -> str:
    s = f"{v:.{decimals}f}"
    return s if lead or not s.startswith("0.") else s[1:]


def _unsigned(field: str) -> str | None:
    s = str(field).strip().replace("\u2212", "-").lstrip("+-<>=\u2264\u2265 ")
    return s if _NUMBER.fullmatch(s) else None


def _locate(text: str, start: int, end: int, digits: str) -> int | None:
    """Offset of the one number printed as ``digits`` in ``text[start:end]``; None when absent or ambiguous."""
    hits = [start + a for a, s in numbers(text[start:end]) if s == digits]
    return hits[0] if len(hits) == 1 else None


# --- the four mutations -------------------------------------------------------------------------

def p_across(printed: str, rng: random.Random) -> str | None:
    """A P on the other side of .05 from ``printed`` (a number, or a bound such as ``<.001``), at
    least 1.5 times away from it, printed with the same leading-zero style and at least 2 decimals."""
    digits = _unsigned(printed)
    if digits is None:
        return None
    p = float(digits)
    if not 0 < p < 1:
        return None
    dec = max(2, _decimals(digits))
    lead = digits.startswith("0")
    bound = str(printed).strip()[:1] in "<\u2264"
    if p < 0.05 or (bound and p <= 0.05):
        pool = [v for v in _UP if v >= 1.5 * p]
    else:
        pool = [v for v in _DOWN if v <= p / 1.5 and round(v, dec) == v]
    return _fmt(rng.choice(pool), dec, lead) if pool else None


def percent_shift(printed: str, rng: random.Random) -> str | None:
    """``printed`` (a percentage, its digits only) moved by 2, 3 or 4 points, same decimals, in [0, 100]."""
    digits = _unsigned(printed)
    if digits is None:
        return None
    v, dec = float(digits), _decimals(digits)
    step = rng.choice((2, 3, 4)) * rng.choice((-1, 1))
    new = v + step if 0 <= v + step <= 100 else v - step
    return _fmt(new, dec, True) if 0 <= new <= 100 and new != v else None


def mean_off_grim(printed: str, n: int, rng: random.Random, items: int = 1) -> str | None:
    """The mean nearest ``printed`` (same decimals, moved by 1 to 9 units of its last decimal, the
    direction drawn first) that GRIM (:func:`analysis.grim`) says no integer total of ``n x items``
    gives; None when GRIM cannot test the precision or no such value is near."""
    from analysis import grim

    digits = _unsigned(printed)
    if digits is None or n < 1:
        return None
    dec = _decimals(digits)
    if dec == 0 or n * items >= 10 ** dec:
        return None
    unit, v = 10 ** -dec, float(digits)
    sign = rng.choice((-1, 1))
    for k in range(1, 10):
        for s in (sign, -sign):
            new = v + s * k * unit
            if new < 0:
                continue
            cand = _fmt(new, dec, digits.startswith("0") or not digits.startswith("."))
            if grim(cand, n, items=items).verdict == "inconsistent":
                return cand
    return None


def move_decimal(printed: str, rng: random.Random) -> str | None:
    """``printed`` (unsigned digits) with its decimal point moved one place right or left (drawn):
    ``0.283`` -> ``2.83`` or ``0.0283``; ``12`` -> ``120`` or ``1.2``. None for a zero."""
    digits = _unsigned(printed)
    if digits is None or float(digits) == 0:
        return None
    whole, _, frac = digits.partition(".")
    d, pos = whole + frac, len(whole) + (1 if rng.random() < 0.5 else -1)
    if pos > len(d):
        d += "0"
    if pos < 0:
        d, pos = "0" + d, 0
    whole, frac = d[:pos].lstrip("0"), d[pos:]
    new = (whole or ("0" if digits[:1] != "." else "")) + ("." + frac if frac else "")
    return new if float(new) != float(digits) else None


# --- where to mutate ---------------------------------------------------------------------------

def place_rng(seed: int, name: str, kind: str, offset: int) -> random.Random:
    """The random stream of one place: seeded from ``(seed, file name, kind, offset of the number)``
    through SHA-256, so a place's mutation does not depend on which other places exist (two code versions
    that both offer a place mutate it the same way)."""
    return random.Random(_key(seed, name, kind, offset))


def _key(seed: int, name: str, kind: str, offset: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}|{name}|{kind}|{offset}".encode()).digest()[:8], "big")


def sites(text: str, finds: list, seed: int = SEED, name: str = "") -> list[tuple[int, Mutation]]:
    """(index of the find, Mutation) for every place in ``text`` (file ``name``) where a mutation of each
    kind can be made, from the extractor's ``finds`` (:func:`analysis.extraction.draft.find_all`) of that
    text. Each place's draw (shift, direction, P, which CI bound) comes from :func:`place_rng` of the
    number's offset (a CI: of its first bound printed), never from a stream shared with other places."""
    out: list[tuple[int, Mutation]] = []
    for i, f in enumerate(finds):
        fl = f.fields
        if f.kind == "test_statistic" and fl.get("p") and fl.get("statistic"):
            out += [(i, m) for m in [_p_site(text, f, seed, name)] if m]
        elif f.kind == "proportion" and fl.get("k") and fl.get("n") and fl.get("percent"):
            digits = _unsigned(fl["percent"])
            at = _locate(text, f.start, f.end, digits) if digits else None
            new = percent_shift(digits, place_rng(seed, name, "percent_shift", at)) if at is not None else None
            if new:
                out.append((i, Mutation("percent_shift", at, at + len(digits), digits, new, "percent", new)))
        elif f.kind == "mean_sd" and fl.get("mean") and str(fl.get("n", "")).isdigit():
            digits = _unsigned(fl["mean"])
            at = _locate(text, f.start, f.end, digits) if digits else None
            rng = place_rng(seed, name, "mean_off_grim", at) if at is not None else None
            new = mean_off_grim(digits, int(fl["n"]), rng) if rng is not None else None
            if new:
                out.append((i, Mutation("mean_off_grim", at, at + len(digits), digits, new, "mean", new)))
        elif f.kind == "estimate_ci_p" and fl.get("lower") and fl.get("upper"):
            bounds = {b: _unsigned(fl[b]) for b in ("lower", "upper")}
            where = {b: _locate(text, f.start, f.end, d) if d else None for b, d in bounds.items()}
            placed = [a for a in where.values() if a is not None]
            if not placed:
                continue
            rng = place_rng(seed, name, "ci_decimal", min(placed))
            field = rng.choice(("lower", "upper"))
            digits, at = bounds[field], where[field]
            new = move_decimal(digits, rng) if at is not None else None
            if new:
                out.append((i, Mutation("ci_decimal", at, at + len(digits), digits, new, field, new)))
    return out


def draw(pool: list[tuple[str, int, Mutation, bool]], kind: str, per_kind: int, not_ran: int,
         seed: int = SEED) -> list[tuple[str, int, Mutation, bool]]:
    """The places of ``kind`` to scan, from ``pool`` ((file name, find index, Mutation, check ran)): the pool
    ordered by SHA-256 of ``(seed, kind, file, offset)`` (:func:`_key`), then the first ``per_kind`` where
    the check ran and the first ``not_ran`` where it did not. A place drawn in one code version is drawn in
    another whenever it is in both pools and no new place sorts before it."""
    order = sorted(pool, key=lambda x: (_key(seed, x[0], kind, x[2].start), x[0], x[2].start))
    return [x for x in order if x[3]][:per_kind] + [x for x in order if not x[3]][:not_ran]


def _p_site(text: str, f, seed: int = SEED, name: str = "") -> Mutation | None:
    """The P of a test statistic moved across .05; a bound (``p < .001``) becomes ``p = ...``."""
    printed = str(f.fields["p"])
    digits = _unsigned(printed)
    if digits is None:
        return None
    hits = [(f.start + a, s) for a, s in numbers(text[f.start:f.end])
            if s == digits and _P_BEFORE.search(text[max(f.start, f.start + a - 16):f.start + a])]
    if len(hits) != 1:
        return None
    at = hits[0][0]
    new = p_across(printed, place_rng(seed, name, "p_across", at))
    if new is None:
        return None
    op = _P_OP.search(text[f.start:at])
    if op and op.group(1) != "=":  # the bound's sign goes too: "p < .001" -> "p = .08"
        a = f.start + op.start()
        return Mutation("p_across", a, at + len(digits), text[a:at + len(digits)], "= " + new, "p", new)
    return Mutation("p_across", at, at + len(digits), digits, new, "p", new)


# --- scanning a text in memory -------------------------------------------------------------------

def scan_text(text: str, name: str):
    """(finds, entry ids in the finds' order, rows) of a text scanned as :func:`analysis.scan` scans
    a file: extract, validate each entry as the ledger loader does, audit (test statistics through
    :func:`analysis.recompute_p_map`, as the scan). Nothing is written."""
    import pandas as pd

    from analysis import scanning
    from analysis.extraction import extract_text
    from analysis.extraction.draft import find_all

    sid = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.lower()).strip("_")
    draft = extract_text(text, study_id=sid if sid[:1].isalpha() else "s_" + sid)
    study, bad = scanning._study(draft, name)
    try:
        checks = {eid: chk for (_, eid), chk in scanning._recompute_all([study]).items()}
    except ValueError:  # as the scan: the audit's own recompute_p, entry by entry
        checks = {}
    rows = pd.DataFrame(scanning._rows(name, study, bad, checks), columns=scanning.COLUMNS)
    try:  # the scan's order (top grade first) where the code has grades
        from analysis.auditing import sort_by_grade
    except ImportError:
        pass
    else:
        rows = sort_by_grade(rows)
    finds = find_all(draft.text)
    # the draft has one entry per find, in the finds' order (a find the ledger would refuse becomes a
    # text_only entry in its place), then the totals; an entry whose fragment is not printed around its
    # find is not placed (None)
    ids = [e["id"] if _near(draft.text, f, e.get("fragment", "")) else None
           for f, e in zip(finds, draft.entries)]
    return finds, ids + [None] * (len(finds) - len(ids)), rows


def _near(text: str, f, fragment: str) -> bool:
    a = text.find(fragment, max(0, f.start - 2 * len(fragment)), f.end + 2 * len(fragment))
    return bool(fragment) and a >= 0 and a < f.end and a + len(fragment) > f.start


def _entry_rows(rows, eid):
    if eid is None or rows.empty:
        return rows.iloc[0:0]
    hit = rows["entry_ids"].map(lambda s: eid in str(s).split(","))
    return rows[hit]


def check_ran(rows, eid: str | None, kind: str) -> bool:
    """Whether the check of a mutation kind gave ``consistent`` on entry ``eid`` of a scan's rows."""
    before = _entry_rows(rows, eid)
    return bool(((before["verdict"] == "consistent")
                 & before["check"].map(lambda c: str(c).startswith(RAN[kind]))).any())


def run_one(text: str, name: str, index: int, mut: Mutation, original) -> dict:
    """Scan ``mut.apply(text)``; ``original`` is :func:`scan_text` of ``text``. Whether the check of the
    kind ran on the original entry, whether the mutated number was read again, and whether a new
    ``inconsistent`` row holds it (with its grade)."""
    finds0, ids0, rows0 = original
    ran = check_ran(rows0, ids0[index], mut.kind)
    try:
        finds1, ids1, rows1 = scan_text(mut.apply(text), name)
    except Exception as exc:  # noqa: BLE001 - the scan names such a file "could not be audited": not caught
        return {"file": name, "kind": mut.kind, "field": mut.field, "old": mut.old, "new": mut.new, "ran": ran,
                "read": False, "caught": False, "checks": f"scan failed: {type(exc).__name__}: {exc}"[:200],
                "grade": "", "shape": ci_shape(finds0[index].fields, mut), "n_lost": False}
    j = next((k for k, f in enumerate(finds1) if f.start <= mut.start < f.end), None)
    read = j is not None and finds1[j].kind == ENTRY_KIND[mut.kind] and \
        _unsigned(finds1[j].fields.get(mut.field, "")) == mut.value
    # a percentage whose n the extractor placed only because the percentage fitted it (an arm's size printed in the
    # text, a size row over a block): the moved percentage loses it, and nothing but the mutated number said that n
    # was its denominator, so the check did not run on the mutated entry (not a miss of the check)
    n_lost = mut.kind == "percent_shift" and read and bool(finds0[index].fields.get("n")) and \
        not finds1[j].fields.get("n")
    ran = ran and not n_lost
    after = _entry_rows(rows1, ids1[j]) if j is not None else rows1.iloc[0:0]
    flagged = after[after["verdict"] == "inconsistent"]
    grade = "-"
    if len(flagged) and "grade" in flagged.columns:
        from analysis import GRADES

        got = [g for g in flagged["grade"] if g in GRADES]
        grade = min(got, key=GRADES.index) if got else "none"
    return {"file": name, "kind": mut.kind, "field": mut.field, "old": mut.old, "new": mut.new, "ran": ran,
            "read": read, "caught": bool(len(flagged)), "checks": ";".join(sorted(set(flagged["check"]))),
            "grade": grade if len(flagged) else "", "shape": ci_shape(finds0[index].fields, mut), "n_lost": n_lost}


def ci_shape(fields: dict, mut: Mutation) -> str:
    """What a moved CI bound makes of the interval: ``reversed`` (lower above upper), ``outside`` (the
    estimate outside it) or ``holds`` (still an interval around the estimate); empty for other kinds."""
    if mut.kind != "ci_decimal":
        return ""
    from analysis.reported import parse_reported

    try:
        est, lo, hi = (parse_reported(str(fields[k]).replace("\u2212", "-")).value
                       for k in ("estimate", "lower", "upper"))
    except (KeyError, ValueError):
        return ""
    new = float(mut.value) * (-1 if str(fields[mut.field]).strip()[:1] in "-\u2212" else 1)
    lo, hi = (new, hi) if mut.field == "lower" else (lo, new)
    return "reversed" if lo > hi else "outside" if not lo <= est <= hi else "holds"


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% interval of k of n (statsmodels)."""
    from statsmodels.stats.proportion import proportion_confint

    if n == 0:
        return (math.nan, math.nan)
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    return float(lo), float(hi)


def texts(n_rct: int, seed: int) -> list[Path]:
    """The 25 statcheck-dev texts and a fixed-seed sample of ``n_rct`` RCT reports (sorted names)."""
    psych = sorted(PSYCH.glob("*.txt")) if PSYCH.is_dir() else []
    rct = sorted(RCT.glob("*.nxml")) if RCT.is_dir() else []
    return psych + sorted(random.Random(seed).sample(rct, min(n_rct, len(rct))))


def run(paths: list[Path], per_kind: int, seed: int, not_ran: int = 50,
        progress: bool = True) -> tuple[list[dict], list[str]]:
    """Draw up to ``per_kind`` mutations of each kind among the places where its check ran on the
    original, and up to ``not_ran`` among the others, over ``paths``, and scan each: one dict per
    mutation, and the texts left out because the scan fails on the original (named with the reason)."""
    from analysis.extraction.readers import read_text

    docs, pool, left_out = {}, {k: [] for k in KINDS}, []
    for p in paths:
        text = read_text(p)
        try:
            original = scan_text(text, p.name)
        except Exception as exc:  # noqa: BLE001 - a file the scan cannot audit has no rows to compare
            left_out.append(f"{p.name} ({type(exc).__name__}: {exc})")
            continue
        finds, ids, rows = original
        flagged = set()
        for s in rows.loc[rows["verdict"] == "inconsistent", "entry_ids"] if len(rows) else ():
            flagged.update(str(s).split(","))
        docs[p.name] = (text, original)
        for i, m in sites(text, finds, seed, p.name):
            if ids[i] is not None and ids[i] not in flagged:
                pool[m.kind].append((p.name, i, m, check_ran(rows, ids[i], m.kind)))
    out = []
    for kind in KINDS:
        ran = [x for x in pool[kind] if x[3]]
        chosen = draw(pool[kind], kind, per_kind, not_ran, seed)
        for name, i, m, _ in chosen:
            text, original = docs[name]
            out.append({**run_one(text, name, i, m, original), "available": len(pool[kind]),
                        "available_ran": len(ran)})
        if progress:
            print(f"{kind}: {len(chosen)} mutations scanned", file=sys.stderr)
    return out, left_out


def other_n_by_chance(paths: list[Path], seed: int) -> str:
    """How often a 2-4 point shift of a percentage printed with its count and n finds another denominator by
    chance: over every ``percent_shift`` place of the pool (the same shifts as :func:`run` draws) where k/n gives
    the printed percentage and not the moved one, the share where some n' gives k and the moved percentage
    (``any_n``), a smaller n' (``smaller_n``: any, down to n/2, within 10% of n), or where the nearest is larger."""
    from analysis.auditing.entries import check_percent
    from analysis.auditing.findings import any_n, smaller_n
    from analysis.extraction.draft import find_all
    from analysis.extraction.readers import read_text

    c = Counter()
    for p in paths:
        text = read_text(p)
        finds = find_all(text)
        for i, m in sites(text, finds, seed, p.name):
            f = finds[i].fields
            k, n = (str(f.get(x, "")).replace(",", "") for x in ("k", "n"))
            if m.kind != "percent_shift" or not (k.isdigit() and n.isdigit()) or int(k) > int(n):
                continue
            k, n = int(k), int(n)
            if check_percent(m.old, n, k=k).verdict != "consistent" or check_percent(m.new, n, k=k).verdict != "inconsistent":
                continue
            fit = any_n(m.new, k)
            c.update(places=1, some=fit is not None, larger=fit is not None and fit > n,
                     smaller=smaller_n(m.new, k, n, lowest=1) is not None, half=smaller_n(m.new, k, n) is not None,
                     near=smaller_n(m.new, k, n, lowest=max(1, n - n // 10)) is not None)
    t = max(c["places"], 1)
    return (f"{c['places']} shifted percentages wrong at their n: another n fits {c['some']} ({c['some'] / t:.2f}); "
            f"a smaller n {c['smaller']} ({c['smaller'] / t:.2f}), down to n/2 {c['half']} ({c['half'] / t:.2f}), "
            f"within 10% of n {c['near']} ({c['near'] / t:.2f}); the nearest larger than n {c['larger']} "
            f"({c['larger'] / t:.2f})")


def table(results: list[dict]) -> str:
    """The markdown table of the report: per kind, where the check ran and where it did not."""
    lines = ["| mutation | places (check ran) | injected | check ran | caught (ran) | rate (ran) [Wilson 95%] "
             "| check did not run | caught (not run) | mutated number not read | grades of caught |",
             "|---|---:|---:|---:|---:|---|---:|---:|---:|---|"]
    for kind in KINDS:
        rs = [r for r in results if r["kind"] == kind]
        if not rs:
            lines.append(f"| {kind} | 0 | 0 | 0 | 0 | - | 0 | 0 | 0 | - |")
            continue
        ran = [r for r in rs if r["ran"]]
        not_ran = [r for r in rs if not r["ran"]]
        k = sum(r["caught"] for r in ran)
        lo, hi = wilson(k, len(ran))
        rate = f"{k / len(ran):.3f} [{lo:.3f}, {hi:.3f}]" if ran else "-"
        grades = Counter(r["grade"] for r in rs if r["caught"])
        lines.append(f"| {kind} | {rs[0]['available']} ({rs[0]['available_ran']}) | {len(rs)} | {len(ran)} | {k} | {rate} | {len(not_ran)} "
                     f"| {sum(r['caught'] for r in not_ran)} | {sum(not r['read'] for r in rs)} "
                     f"| {', '.join(f'{g} {c}' for g, c in sorted(grades.items())) or '-'} |")
    ci = [r for r in results if r["kind"] == "ci_decimal" and r["ran"]]
    if ci:
        lines += ["", "ci_decimal where the check ran, by what the moved bound makes of the interval:", "",
                  "| interval after the move | injected | caught | rate [Wilson 95%] |", "|---|---:|---:|---|"]
        for shape in ("holds", "outside", "reversed"):
            rs = [r for r in ci if r["shape"] == shape]
            k = sum(r["caught"] for r in rs)
            lo, hi = wilson(k, len(rs))
            rate = f"{k / len(rs):.3f} [{lo:.3f}, {hi:.3f}]" if rs else "-"
            lines.append(f"| {shape} | {len(rs)} | {k} | {rate} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rct", type=int, default=150, help="RCT reports drawn from the corpus (default 150)")
    ap.add_argument("--per-kind", type=int, default=150,
                    help="mutations drawn per kind where its check ran on the original (default 150)")
    ap.add_argument("--not-ran", type=int, default=50,
                    help="mutations drawn per kind where its check did not run (default 50)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, help="one row per mutation (numbers only) to this CSV")
    ap.add_argument("--chance", action="store_true",
                    help="only say how often a shifted percentage fits another n by chance (no scans)")
    args = ap.parse_args()
    paths = texts(args.rct, args.seed)
    if not paths:
        print(f"{PSYCH} and {RCT}: no texts found", file=sys.stderr)
        return 1
    if args.chance:
        print(other_n_by_chance(paths, args.seed))
        return 0
    results, left_out = run(paths, args.per_kind, args.seed, args.not_ran)
    print(f"{len(paths)} texts ({sum(p.suffix == '.txt' for p in paths)} statcheck-dev, "
          f"{sum(p.suffix == '.nxml' for p in paths)} RCT), seed {args.seed}; {len(left_out)} left out "
          "(the scan fails on the original):" + "".join(f"\n- {x}" for x in left_out) + "\n")
    if args.out:
        import pandas as pd

        pd.DataFrame(results).to_csv(args.out, index=False)
    print(table(results))
    lost = Counter(r["kind"] for r in results if r.get("n_lost"))
    if lost:
        print("\n" + "; ".join(f"{k}: {c} drawn where the check ran on the original lost their n with the mutation "
                               "(placed only because the percentage fitted it), counted where it did not run"
                               for k, c in lost.items()))
    failed = [r for r in results if str(r["checks"]).startswith("scan failed")]
    if failed:
        print(f"\n{len(failed)} mutated texts the scan could not audit (counted as not caught):"
              + "".join(f"\n- {r['file']} {r['kind']} {r['old']} -> {r['new']}: {r['checks']}" for r in failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
