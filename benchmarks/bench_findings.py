"""Precision of the scan's findings against the adjudicated development set, per corpus, check and grade.

    .venv/bin/python benchmarks/bench_findings.py [--corpus rct psych ei ei_heldin ei_s6 ei_s7 ei_s8 ei_s9 ei_s10 ei_s11 ei_s12] [--out precision.md]
        [--unjudged unjudged.csv] [--jobs 1]

Scans the papers the judgements were made on with the code as it stands (RCT: the PMC ids in
``benchmarks/adjudication/rct_papers.txt``, read from ``--rct-dir``; psychology: every text in
``--psych-dir``; ``ei``: the papers of ``benchmarks/adjudication/ei_papers.txt``, read from ``--rct-dir``, the
papers of the whole evidence-inference corpus where two checks too rare for the RCT set, ``percent_partition`` and
the misprint rows of ``same_result``, could flag anything; only those two checks' rows are judged there;
``ei_heldin``: the 250 papers of ``benchmarks/adjudication/ei_heldin_papers.txt``, read from ``--rct-dir``, drawn
outside the RCT development set, where the ``error`` rows and the ``percent_denominator`` rows of the
larger-denominator rule of a526a22 are judged; ``ei_s6``: the 300 papers of
``benchmarks/adjudication/ei_s6_papers.txt``, drawn outside both sets and every judged paper, where the ``error`` and
``likely`` rows of ``percent_denominator`` (session 6's rules ``denominators.column_shares`` and
``arm_denominators`` among them) are judged; ``ei_s7``: the 300 papers of
``benchmarks/adjudication/ei_s7_papers.txt``, drawn the same way outside every earlier list and judged paper
(session 8), where every ``error`` and ``likely`` row and a sample of ``rounding`` rows of every check are
judged; ``ei_s8``: the 300 papers of ``benchmarks/adjudication/ei_s8_papers.txt``, drawn with
``default_rng(20261211)`` over the 3,001 stems outside every list, judged paper and a check draw of
``default_rng(20261210)``, scanned at 6b081ba, where every ``error`` and ``likely`` row, 30 of the 65
``percent_denominator`` ``rounding`` rows and every other ``rounding`` row are judged by the helpers s8pct and
s8other; ``ei_s9``: the 300 papers of ``benchmarks/adjudication/ei_s9_papers.txt``, drawn with
``default_rng(20261212)`` over the 2,701 stems left (ei_s8 and that check draw also left out), scanned at 09235a4,
the session's last code, where every ``error`` and ``likely`` row, 30 of the 77 ``percent_denominator``
``rounding`` rows, 10 of the 33 ``p_zero`` rows and every other ``rounding`` row are judged by the helpers s9pct,
s9ci and s9pg; ``ei_s10``: the 300 papers of ``benchmarks/adjudication/ei_s10_papers.txt``, drawn with
``default_rng(20261213)`` over the 2,401 stems left, scanned at 3cc7775, judged the same way by the helpers s10pct
and s10other; ``ei_s11``: the 600 papers of ``benchmarks/adjudication/ei_s11_papers.txt``, drawn with
``default_rng(20261214)`` over the 2,101 stems left, scanned at 5067403, where every ``error`` row and up to 20
``likely`` rows and 8-20 ``rounding`` rows per check (``sample(n, random_state=20261214)``) are judged by the helpers
s11err, s11pct and s11other; ``ei_s12``: 600 more, ``default_rng(20261215)`` over the 1,501 left, scanned at 631630a
(the session's last rules), judged the same way by s12a, s12b and s12c), keeps the rows whose verdict is ``inconsistent``, and matches each to a judgement of
``benchmarks/adjudication/<corpus>.csv`` (protocol: ``../shared/benchmarks/ADJUDICATION.md``):

1. **exact**: same paper, check, entry ids and ``reported`` string;
2. **renumbered**: same paper, check, ``reported`` and ``recomputed`` (the extractor renumbered entries);
3. **reported**: same paper, check and ``reported``, where unambiguous (the brief's key: a percentage
   such as ``13%`` recurs in a table, so it is used only when no more flagged rows than judgements
   are left with the key);
4. **numbers**, for checks renamed or merged since the judgement: same paper and the same numbers in
   ``reported`` whatever the words and the check (unambiguous, as in 3), or, for a judgement with at
   least two numbers, all its numbers contained in the row's in order (a merged finding citing more
   numbers; it may take several judgements: TRUE if any of them is).

Each level runs over all rows before the next, and takes only judgements no earlier level matched.
A row that matches nothing is counted as flagged but unjudged, and split, when the corpus has a
``<corpus>_flagged_baseline.csv`` (every row the baseline flagged), into rows flagged at the baseline but
not drawn for judgement (the per-check sample stays a random sample of them) and rows new since the
baseline (new checks, new readings: to be judged). ``--unjudged`` writes them in the judgement format
with an empty judgement.

Printed (Markdown, also written to ``--out``): per corpus, per check and per grade (the scan frame's
``grade`` column; "(none)" when the code has no grades): flagged rows, judged, TRUE, FALSE, UNSURE,
precision TRUE / (TRUE + FALSE) with a Wilson 95% interval (statsmodels ``proportion_confint``), and
a weighted precision: the judged sample was drawn per check, so within any group the per-check
precisions are weighted by each check's share of the group's flagged rows (checks with no judged
row are left out of the weights and named). The strata are check x grade (the baseline's draw was
random within each check, so within each of its grades too), and, with a baseline file, a check's rows
new since the baseline are strata of their own (judged from their own draw). The interval of a weighted figure is the normal one of
a stratified estimate, sum of w_c^2 q_c (1 - q_c) / n_c with q_c = (TRUE_c + 1/2) / (n_c + 1) (so a
check judged all FALSE still adds uncertainty), clipped to [0, 1].

Then: **recall**, the TRUE rows of the judgement files (the real findings the baseline flagged) and
whether a row of the current scan still flags each (same matching), with the list of those that are
no longer flagged; and **top-grade false alarms per 20 papers**: the judged FALSE rows of the top
grade (``analysis.GRADES[0]``, or every flagged row when there are no grades) per 20 papers scanned,
and the estimate over all top-grade rows (each check's flagged top-grade rows times its judged
false share), with how many top-grade rows are unjudged.

Not part of the test run: the corpora are outside the repository (no paper text is committed).
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

ROOT = Path(__file__).resolve().parent.parent
ADJ = ROOT / "benchmarks" / "adjudication"
JUDGEMENT_COLUMNS = ["corpus", "paper", "check", "entry_ids", "reported", "recomputed", "judgement",
                     "cause", "severity", "reason"]
#: a printed number inside a reported string: sign, digits, decimals (".5" too); "1,236" read as 1236
_NUMBER = re.compile(r"[-\u2212\u2013]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)")
NO_GRADE = "(none)"
SEVERITIES = ("material", "minor", "trivial", "cosmetic")


def numbers(text) -> tuple[str, ...]:
    """The numbers printed in a reported string, in order, as normalised strings (minus signs unified,
    thousands separators dropped): ``"F(1, 11) = 8.99, p <0.01"`` -> ``('1', '11', '8.99', '0.01')``."""
    if not isinstance(text, str):
        return ()
    out = []
    for m in _NUMBER.finditer(text):
        s = m.group(0).replace("\u2212", "-").replace("\u2013", "-").replace(",", "")
        sign, digits = ("-", s[1:]) if s.startswith("-") else ("", s)
        out.append(sign + (digits.lstrip("0") or "0"))  # "0.01" and ".01" are one number
    return tuple(out)


def _contains(big: tuple, small: tuple) -> bool:
    """``small`` appears in ``big`` as a subsequence (same order)."""
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def load_judgements(corpus: str) -> pd.DataFrame:
    """The judgement file of a corpus (empty frame with the columns when there is none)."""
    path = ADJ / f"{corpus}.csv"
    if not path.exists():
        return pd.DataFrame(columns=JUDGEMENT_COLUMNS)
    j = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in JUDGEMENT_COLUMNS if c not in j.columns]
    if missing:
        raise SystemExit(f"{path}: missing columns {missing}")
    bad = sorted(set(j.judgement) - {"TRUE", "FALSE", "UNSURE"})
    if bad:
        raise SystemExit(f"{path}: judgement must be TRUE, FALSE or UNSURE, not {bad}")
    return j


def load_baseline(corpus: str) -> pd.DataFrame | None:
    """Every row the baseline flagged (``<corpus>_flagged_baseline.csv``: paper, check, entry ids,
    reported, recomputed), from which the judged rows were drawn; None when there is no such file
    (every baseline row was judged)."""
    path = ADJ / f"{corpus}_flagged_baseline.csv"
    if not path.exists():
        return None
    b = pd.read_csv(path, dtype=str, keep_default_na=False)
    return b.assign(judgement="FALSE", cause="", severity="")  # placeholders: only the match is used


#: The corpora read from the evidence-inference JATS files, by their papers list.
EI_SETS = ("rct", "ei", "ei_heldin", "ei_s6", "ei_s7", "ei_s8", "ei_s9", "ei_s10", "ei_s11", "ei_s12", "ei_s13", "ei_s14",
           "ei_pct7")


def corpus_paths(corpus: str, args) -> dict[str, Path]:
    """Paper id -> file for a corpus."""
    if corpus in EI_SETS:
        ids = (ADJ / f"{corpus}_papers.txt").read_text(encoding="utf-8").split()
        return {i: args.rct_dir / f"{i}.nxml" for i in ids}
    files = sorted(p for p in args.psych_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    return {p.stem: p for p in files}


def flagged_rows(paths: dict[str, Path], jobs: int) -> pd.DataFrame:
    """Scan the files with the code as it stands; the ``inconsistent`` rows, with ``paper`` and ``grade``."""
    from analysis import scan
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise SystemExit(f"{len(missing)} papers not found, first {missing[0]} (set --rct-dir / --psych-dir)")
    frame = scan([str(p) for p in paths.values()], jobs=jobs, progress=False).to_frame()
    stem = {str(p): k for k, p in paths.items()}
    frame["paper"] = frame["file"].map(stem)
    if "grade" not in frame.columns:
        frame["grade"] = NO_GRADE
    frame["grade"] = frame["grade"].fillna(NO_GRADE).replace("", NO_GRADE)
    return frame[frame["verdict"] == "inconsistent"].reset_index(drop=True)


def _combine(cands: list) -> tuple[str, str, str]:
    """One judgement for a row matched to several (a finding merged from several judged rows): TRUE if
    any is TRUE (the row flags a real error; the highest severity), else FALSE if any is FALSE, else
    UNSURE."""
    for verdict in ("TRUE", "FALSE", "UNSURE"):
        hit = [c for c in cands if c.judgement == verdict]
        if hit:
            sev = min((c.severity for c in hit), key=lambda v: SEVERITIES.index(v) if v in SEVERITIES else 9)
            return verdict, hit[0].cause, sev if verdict == "TRUE" else ""
    return "", "", ""


def match(flagged: pd.DataFrame, judged: pd.DataFrame) -> tuple[pd.DataFrame, set]:
    """Match flagged rows to judgements, level by level over all rows (a later level never takes a
    judgement an earlier level matched):

    1. ``exact``: paper, check, entry ids and reported string;
    2. ``renumbered``: paper, check, reported and recomputed strings (entry ids changed);
    3. ``reported``: paper, check and reported, only where the key is unambiguous (no more flagged rows
       left with the key than judgements left with it);
    4. ``numbers``: paper and the numbers of ``reported`` (check ignored: renamed or merged checks),
       equal (unambiguous, as in 3) or, for a judgement with two numbers or more, all contained in
       the row's numbers in order (a merged finding, which may take several judgements).

    Returns the rows with ``judgement``, ``cause``, ``severity`` and ``matched`` (the level, or empty),
    and the set of judgement indexes that some row matched.
    """
    J = judged.reset_index(drop=True)
    jr = list(J.itertuples(index=False))
    F = flagged.reset_index(drop=True)
    fr = list(F.itertuples(index=False))
    got: dict[int, tuple[list, str]] = {}
    used: set[int] = set()

    def keyed(fkey, jkey, level, unique):
        table: dict = {}
        for j, r in enumerate(jr):
            if j not in used:
                table.setdefault(jkey(r), []).append(j)
        rows: dict = {}
        for i, r in enumerate(fr):
            if i not in got:
                rows.setdefault(fkey(r), []).append(i)
        for key, idx in rows.items():
            cands = table.get(key, [])
            if not cands or (unique and len(idx) > len(cands)):
                continue
            for n, i in enumerate(idx):
                take = [cands[n]] if unique else cands
                got[i] = ([jr[j] for j in take], level)
                used.update(take)

    keyed(lambda r: (r.paper, r.check, r.entry_ids, r.reported),
          lambda r: (r.paper, r.check, r.entry_ids, r.reported), "exact", False)
    keyed(lambda r: (r.paper, r.check, r.reported, r.recomputed),
          lambda r: (r.paper, r.check, r.reported, r.recomputed), "renumbered", False)
    keyed(lambda r: (r.paper, r.check, r.reported), lambda r: (r.paper, r.check, r.reported), "reported", True)
    keyed(lambda r: (r.paper, numbers(r.reported)), lambda r: (r.paper, numbers(r.reported)), "numbers", True)
    for i, r in enumerate(fr):  # merged findings: every judgement whose numbers the row's numbers contain
        if i in got:
            continue
        nums = numbers(r.reported)
        take = [j for j, q in enumerate(jr) if j not in used and q.paper == r.paper
                and len(numbers(q.reported)) >= 2 and _contains(nums, numbers(q.reported))]
        if take:
            got[i] = ([jr[j] for j in take], "numbers")
            used.update(take)
    cols = [(*_combine(got[i][0]), got[i][1]) if i in got else ("", "", "", "") for i in range(len(fr))]
    res = F.copy()
    for k, name in enumerate(["judgement", "cause", "severity", "matched"]):
        res[name] = [c[k] for c in cols]
    return res, used


def _wilson(k: int, n: int) -> str:
    if n == 0:
        return "-"
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    return f"{k / n:.2f} [{lo:.2f}, {hi:.2f}]"


def _weighted(group: pd.DataFrame) -> tuple[str, list[str]]:
    """Precision weighted by each check's share of the group's flagged rows, with a stratified interval;
    and the checks left out (flagged but no TRUE/FALSE judgement)."""
    est = var = wsum = 0.0
    left = []
    total = len(group)
    if group["stratum" if "stratum" in group else "check"].nunique() == 1:  # one stratum: the plain figure
        t, f = (group.judgement == "TRUE").sum(), (group.judgement == "FALSE").sum()
        return _wilson(t, t + f), ([] if t + f else list(group["check"].unique()))
    for check, g in group.groupby("stratum" if "stratum" in group else "check"):
        t, f = (g.judgement == "TRUE").sum(), (g.judgement == "FALSE").sum()
        if t + f == 0:
            left.append(check)
            continue
        w = len(g) / total
        p = t / (t + f)
        est += w * p
        q = (t + 0.5) / (t + f + 1)  # Jeffreys-style: a stratum at 0 or 1 still carries uncertainty
        var += w * w * q * (1 - q) / (t + f)
        wsum += w
    if wsum == 0:
        return "-", left
    est, se = est / wsum, math.sqrt(var) / wsum
    return f"{est:.2f} [{max(0.0, est - 1.96 * se):.2f}, {min(1.0, est + 1.96 * se):.2f}]", left


def table(rows: pd.DataFrame, by: str, order=None) -> str:
    """One Markdown table: a line per value of ``by`` and a line for all rows."""
    head = (f"| {by} | flagged | judged | TRUE | FALSE | UNSURE | unjudged | precision [95% CI] "
            f"| weighted by check [95% CI] |\n|---|---:|---:|---:|---:|---:|---:|---|---|\n")
    keys = list(order) if order is not None else sorted(rows[by].unique())
    keys = [k for k in keys if k in set(rows[by])] + sorted(set(rows[by]) - set(keys))
    lines = []
    for key, g in [(k, rows[rows[by] == k]) for k in keys] + [("**all**", rows)]:
        t, f, u = ((g.judgement == x).sum() for x in ("TRUE", "FALSE", "UNSURE"))
        w, left = _weighted(g)
        note = f" (not judged: {', '.join(left)})" if left and by != "check" else ""
        lines.append(f"| {key} | {len(g)} | {t + f + u} | {t} | {f} | {u} | {len(g) - t - f - u} | "
                     f"{_wilson(t, t + f)} | {w}{note} |")
    return head + "\n".join(lines) + "\n"


def top_grade_false(rows: pd.DataFrame, n_papers: int, top: str) -> str:
    """Judged and estimated false alarms of the top grade per 20 papers."""
    g = rows if top == NO_GRADE else rows[rows.grade == top]
    false = (g.judgement == "FALSE").sum()
    est = 0.0
    for _, c in g.groupby("check"):
        t, f = (c.judgement == "TRUE").sum(), (c.judgement == "FALSE").sum()
        est += len(c) * (f / (t + f) if t + f else 1.0)  # a check with nothing judged counts as all false
    unj = (g.judgement == "").sum()
    per = 20 / n_papers if n_papers else float("nan")
    return (f"top grade `{top}`: {len(g)} rows flagged in {n_papers} papers, {false} judged FALSE "
            f"({false * per:.2f} per 20 papers), {unj} unjudged; estimated false alarms "
            f"{est:.1f} ({est * per:.2f} per 20 papers; unjudged rows of checks with no judgement "
            f"counted as false)\n")


def report(corpus: str, rows: pd.DataFrame, judged: pd.DataFrame, used: set, n_papers: int) -> str:
    try:
        from analysis import GRADES
    except ImportError:
        GRADES = ()
    grades = list(GRADES) + [NO_GRADE]
    top = GRADES[0] if GRADES and (rows.grade != NO_GRADE).any() else NO_GRADE
    matched = rows.matched.value_counts().to_dict()
    how = ", ".join(f"{matched[k]} {k}" for k in ("exact", "renumbered", "reported", "numbers") if k in matched)
    out = [f"## {corpus}: {len(rows)} flagged rows in {rows.paper.nunique()} of {n_papers} papers\n",
           f"Matched to a judgement: {how or 'none'}; {(rows.judgement == '').sum()} unjudged"
           + (f" ({(rows.unjudged == 'new').sum()} not flagged at the baseline, "
              f"{(rows.unjudged == 'not drawn').sum()} flagged then but not drawn for judgement).\n"
              if "unjudged" in rows else ".\n"),
           "### Per check\n", table(rows, "check"), "### Per grade\n", table(rows, "grade", grades),
           top_grade_false(rows, n_papers, top)]
    rec = judged.reset_index(drop=True)
    rec = rec.assign(flagged=[i in used for i in range(len(rec))])
    rec = rec[(rec.judgement == "TRUE") & (rec.corpus_baseline if "corpus_baseline" in rec else True)]
    k, n = int(rec.flagged.sum()), len(rec)
    out.append(f"\n### Recall of the baseline's real findings\n\n{k} of {n} TRUE rows still flagged "
               f"({_wilson(k, n)})\n")
    gone = rec[~rec.flagged]
    if len(gone):
        out.append("\n| paper | check | reported | severity |\n|---|---|---|---|\n" + "".join(
            f"| {r.paper} | {r.check} | `{r.reported}` | {r.severity} |\n" for r in gone.itertuples()))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", default=["rct", "psych"], choices=["psych", *EI_SETS])
    ap.add_argument("--rct-dir", type=Path, default=Path("/work/corpus/ei/annotations/xml_files"))
    ap.add_argument("--psych-dir", type=Path,
                    default=ROOT.parent / "shared" / "benchmarks" / "statcheck-dev" / "texts")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, help="also write the Markdown here")
    ap.add_argument("--unjudged", type=Path, help="write the flagged rows with no judgement here (CSV)")
    args = ap.parse_args(argv)
    parts, unjudged = [], []
    for corpus in args.corpus:
        paths = corpus_paths(corpus, args)
        judged = load_judgements(corpus)
        base = load_baseline(corpus)
        if base is not None:  # recall counts the TRUE rows the baseline flagged, not those judged since
            judged = judged.assign(corpus_baseline=(match(judged, base)[0].matched != "").to_numpy())
        rows, used = match(flagged_rows(paths, args.jobs), judged)
        # strata of the weighted figures: check x grade, and rows new since the baseline apart (judged
        # from their own draw); the baseline's per-check random draw is random within each grade too
        rows["stratum"] = rows["check"] + " / " + rows["grade"]
        if base is not None:
            new = (match(rows, base)[0].matched == "").to_numpy()
            rows.loc[new, "stratum"] = rows.loc[new, "stratum"] + " (new)"
            rows["unjudged"] = ""
            unj = (rows.judgement == "").to_numpy()
            rows.loc[unj & new, "unjudged"] = "new"
            rows.loc[unj & ~new, "unjudged"] = "not drawn"
        parts.append(report(corpus, rows, judged, used, len(paths)))
        u = rows[rows.judgement == ""].assign(corpus=corpus)
        unjudged.append(u.reindex(columns=JUDGEMENT_COLUMNS + ["grade", "unjudged", "fragment", "explanation"])
                        .astype(object)
                        .fillna(""))
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.unjudged:
        pd.concat(unjudged).to_csv(args.unjudged, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
