"""Score drafted (mean, SD, n) and (events, n) pairs against hand annotations: one scorer, two sets.

Used by bench_extract.py (parts ``rct`` and ``annotated``). An annotated row is a dict with ``kind``
(``mean_sd``, ``mean_se`` or ``events``), the printed strings ``mean``, ``sd``, ``events``,
``percent``, ``n`` (empty when not printed), ``n_source`` and ``flags``. A draft entry matches a row
when its numbers equal the row's after reading both as printed numbers (U+2212 and en-dash minus,
a leading plus, decimal commas and thousands separators read alike). Matching is one to one within a
paper (a multiset: two cells printing ``0 (0)`` need two drafted entries).

Figures, per set:

- (mean, SD) pairs found: rows of kind ``mean_sd`` with a drafted ``mean_sd`` entry of the same mean
  and SD; of the rows whose n is printed, those found with that n.
- (events, n) pairs found: rows of kind ``events`` whose n is printed (anywhere in the paper), with a
  drafted ``count``/``proportion`` entry of the same k and n; broken down by where the n was printed
  (the ledger's ``n_source`` words). Also the events found with any n or none (k and percent equal).
- SE read as SD: drafted ``mean_sd`` entries equal to a row printed as mean (SE).
- Precision-like: per paper, drafted pairs (``mean_sd`` with mean and SD; ``count``/``proportion``
  with k and n) that match no annotated row, counted only on papers annotated completely.
- Entries per paper: the median number of draft entries (all kinds) and of drafted pairs.
"""
from __future__ import annotations

import collections
import re
import statistics

from analysis.reported import NUMBER_WORDS

_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def number(s) -> float | None:
    """A printed number as a float (None when it is not one), minus signs and separators read alike.

    >>> number("−0,02697"), number("1,992"), number("+141"), number("–481"), number(".85"), number("Two")
    (-0.02697, 1992.0, 141.0, -481.0, 0.85, 2.0)
    """
    t = str(s or "").strip().replace("\u2212", "-").replace("\u2013", "-").replace("\u00b7", ".").replace(" ", "")
    t = t.lstrip("+").rstrip("%")
    if not t:
        return None
    if t.lower() in NUMBER_WORDS and t.lower() != "none":   # a count printed in words ('Two participants (4%)')
        return float(NUMBER_WORDS[t.lower()])
    t = t.replace(",", "") if _THOUSANDS.match(t) else t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _key(*values) -> tuple | None:
    out = tuple(number(v) for v in values)
    return None if any(v is None for v in out) else out


def draft_pairs(entries) -> tuple[list, list]:
    """The drafted (mean, sd, n) and (k, n, percent) tuples of one draft, n and percent None when absent."""
    msd, kn = [], []
    for e in entries:
        if e.get("kind") == "mean_sd" and _key(e.get("mean"), e.get("sd")):
            msd.append((number(e["mean"]), number(e["sd"]), number(e.get("n"))))
        elif e.get("kind") in ("count", "proportion") and number(e.get("k")) is not None:
            kn.append((number(e["k"]), number(e.get("n")), number(e.get("percent"))))
    return msd, kn


def _take(pool: collections.Counter, k) -> bool:
    if pool.get(k, 0) > 0:
        pool[k] -= 1
        return True
    return False


def score(rows_by_paper: dict, drafts: dict, complete: set | None = None) -> dict:
    """Figures for one set; ``drafts`` maps a paper id to its draft's entries."""
    t = collections.Counter()
    by_source = collections.defaultdict(lambda: [0, 0])
    per_paper, misses = [], []
    for pid, rows in rows_by_paper.items():
        entries = drafts[pid]
        msd, kn = draft_pairs(entries)
        pool_ms = collections.Counter((m, s) for m, s, _ in msd)
        pool_msn = collections.Counter(msd)
        pool_kn = collections.Counter((k, n) for k, n, _ in kn if n is not None)
        pool_kp = collections.Counter((k, p) for k, _, p in kn if p is not None)
        pool_k = collections.Counter(k for k, _, _ in kn)
        annotated_ms, annotated_kn = collections.Counter(), collections.Counter()
        for r in rows:
            n = number(r.get("n"))
            if r["kind"] in ("mean_sd", "mean_se"):
                k = _key(r["mean"], r["sd"])
                if k is None:
                    continue
                if r["kind"] == "mean_se":  # an SE drafted as an SD is wrong, so it stays unmatched below
                    t["se_rows"] += 1
                    t["se_read_as_sd"] += _take(pool_ms, k)
                    continue
                annotated_ms[k] += 1
                t["msd"] += 1
                found = _take(pool_ms, k)
                t["msd_found"] += found
                if n is not None:
                    t["msd_with_n"] += 1
                    t["msd_found_n"] += _take(pool_msn, k + (n,))
                if not found:
                    misses.append((pid, "mean_sd", r))
            elif r["kind"] == "events":
                ev, pct = number(r["events"]), number(r.get("percent"))
                if ev is None:
                    continue
                if n is not None:
                    annotated_kn[(ev, n)] += 1
                t["events"] += 1
                any_found = _take(pool_kp, (ev, pct)) if pct is not None else _take(pool_k, ev)
                t["events_found_any_n"] += any_found
                if n is None:
                    continue
                t["kn"] += 1
                found = _take(pool_kn, (ev, n))
                t["kn_found"] += found
                src = r.get("n_source") or "?"
                by_source[src][1] += 1
                by_source[src][0] += found
                if not found:
                    misses.append((pid, "events", r))
        # precision-like: drafted pairs that match no annotated row (complete papers only)
        pairs = [(m, s) for m, s, _ in msd] + [(k, n) for k, n, _ in kn if n is not None]
        if complete is None or pid in complete:
            left_ms, left_kn = annotated_ms.copy(), annotated_kn.copy()
            unmatched = sum(1 for m, s, _ in msd if not _take(left_ms, (m, s)))
            unmatched += sum(1 for k, n, _ in kn if n is not None and not _take(left_kn, (k, n)))
            t["drafted_pairs"] += len(pairs)
            t["unmatched_pairs"] += unmatched
            per_paper.append((pid, len(entries), len(pairs), unmatched))
        else:
            per_paper.append((pid, len(entries), len(pairs), None))
    return {"totals": t, "by_source": dict(by_source), "per_paper": per_paper, "misses": misses}


def report(name: str, res: dict) -> list[str]:
    """Lines for the benchmark's output."""
    t = res["totals"]

    def share(a, b):
        return f"{t[a]}/{t[b]} = {t[a] / t[b]:.3f}" if t[b] else f"{t[a]}/0"

    pp = res["per_paper"]
    lines = [
        f"{name}: {len(pp)} papers; (mean, SD) pairs found {share('msd_found', 'msd')}; with the printed n "
        f"{share('msd_found_n', 'msd_with_n')}; (events, n) pairs (n printed in the paper) found {share('kn_found', 'kn')}; "
        f"events found with any n {share('events_found_any_n', 'events')}; mean (SE) rows drafted as mean_sd "
        f"{t['se_read_as_sd']}/{t['se_rows']}",
        "  (events, n) by where n is printed: " + ", ".join(
            f"{s} {a}/{b}" for s, (a, b) in sorted(res["by_source"].items(), key=lambda x: -x[1][1])),
    ]
    scored = [p for p in pp if p[3] is not None]
    if scored:
        lines.append(
            f"  precision-like on {len(scored)} completely annotated papers: {t['unmatched_pairs']}/{t['drafted_pairs']} "
            f"drafted pairs match no annotated row (median per paper {statistics.median(p[3] for p in scored):g}); "
            f"entries per paper median {statistics.median(p[1] for p in pp):g} "
            f"(drafted pairs {statistics.median(p[2] for p in pp):g})")
    return lines
