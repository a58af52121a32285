"""Run every applicable consistency check over every ledger entry.

May import analysis.ledger, analysis.checks, analysis.stats and analysis.rederivation; never the report or
the CLI.

``audit()`` returns one row per check: study, entry ids, check, verdict,
reported, recomputed, explanation (plus numeric columns the report plots).
Which checks apply to which kind of entry:

==================  =========================================================
kind                checks
==================  =========================================================
mean_sd             ``grim``, ``grimmer``; ``sd_possible`` when the scale
                    bounds are known; ``mean_sd_with_count`` when a proportion
                    of the same measure and time is defined by a threshold
proportion          ``percent_denominator`` (GRIM for percentages) when n is known
count               ``count_le_n``: k of n is a possible count (k <= n)
estimate_ci_p       ``ci_symmetry``; ``p_against_ci`` when p is printed (normal,
                    and t with df = N - 2 from the study's total N)
p_value             ``p_only``: not testable (no estimate or CI printed)
test_statistic      ``recompute_p`` (statcheck)
total               ``total``: the parts add up to the total
comparison          ``denominators`` for two percentages whose group sizes are
                    not printed but whose total (and allocation) is; ``method_ci``
                    when the comparison prints a CI: which standard method
                    (Newcombe, Wald, Agresti-Caffo; Student, Welch) reproduces it
direction           ``direction``: the words' claim against the numbers' order
text_only           ``text_only``: listed as not verifiable
==================  =========================================================
"""
from __future__ import annotations

import math
import re
from typing import Iterable

from .ledger import Entry, Ledger, LedgerError, Study, load_ledger
from .results import Check

__all__ = ["audit", "audit_study", "COLUMNS"]

COLUMNS = ["study", "entry_ids", "check", "verdict", "reported", "recomputed", "explanation", "margin",
           "p_printed_low", "p_printed_high", "p_implied_low", "p_implied_high", "p_face"]

_THRESHOLD = re.compile(r"(?:≤|<=)\s*(\d+)")


def _row(study: Study, ids: Iterable[str], chk: Check, **extra) -> dict:
    row = {"study": study.id, "entry_ids": ",".join(ids), "check": chk.check, "verdict": chk.verdict,
           "reported": chk.reported, "recomputed": chk.recomputed, "explanation": chk.explanation,
           "margin": chk.margin}
    row.update(extra)
    return row


def _not_testable(name: str, reported: str, why: str) -> Check:
    return Check(name, "not_testable", why, reported=reported)


def study_total_n(study: Study) -> int | None:
    """The largest sample size printed for the study (its total N), or None."""
    ns = [e.integer("n") for e in study.of_kind("sample_size")]
    return max(ns) if ns else None


def _value_for_direction(e: Entry) -> str | None:
    if e.kind == "proportion":
        return e.get("percent")
    if e.kind == "mean_sd":
        return e.get("mean")
    if e.kind == "estimate_ci_p":
        return e.get("estimate")
    if e.kind == "sample_size":
        return e.get("n")
    if e.kind == "count":
        return str(e.integer("k"))
    if e.kind == "quantity" and e.has("value"):
        return e.get("value")
    return None


def _scale(e: Entry) -> tuple[int, int] | None:
    if e.has("scale_low") and e.has("scale_high"):
        return int(e.reported("scale_low").value), int(e.reported("scale_high").value)
    return None


def _checks_mean_sd(study: Study, e: Entry) -> list[dict]:
    from .checks.granularity import grim, grimmer

    if not e.has("n"):
        return [_row(study, [e.id], _not_testable(
            "grim", f"{e.get('mean')} ({e.get('sd')})",
            f"mean {e.get('mean')} (SD {e.get('sd')}) has no group size: GRIM and GRIMMER need n "
            f"({e.get('review') or 'not printed with it'}).")),
        ]
    items = e.integer("items") if e.has("items") else 1
    rows = [_row(study, [e.id], grim(e.get("mean"), e.integer("n"), items=items)),
            _row(study, [e.id], grimmer(e.get("mean"), e.get("sd"), e.integer("n"), items=items))]
    bounds = _scale(e)
    if bounds and not bounds[0] <= e.reported("mean").value <= bounds[1]:
        rows.append(_row(study, [e.id], Check(
            "mean_in_scale", "inconsistent",
            f"mean {e.get('mean')} lies outside its scale {bounds[0]}-{bounds[1]}: impossible.",
            reported=e.get("mean"), recomputed=f"{bounds[0]}-{bounds[1]}")))
        return rows
    if bounds:
        from .checks.scale_bounds import check_sd_possible

        rows.append(_row(study, [e.id], check_sd_possible(e.get("mean"), e.get("sd"), e.integer("n"), *bounds)))
        # a proportion of the same measure and time defined by a threshold on this scale
        for p in study.of_kind("proportion"):
            m = _THRESHOLD.search(str(p.get("definition", "")))
            if (m and str(e.get("measure", "")).lower() in str(p.get("definition", "")).lower()
                    and p.get("time") == e.get("time")
                    and p.has("n") and p.integer("n") == e.integer("n")):
                from .checks.counts import counts_from_percent
                from .checks.reconstruction import check_mean_sd_with_count

                ks = counts_from_percent(p.get("percent"), p.integer("n"))
                if len(ks) == 1:
                    rows.append(_row(study, [e.id, p.id], check_mean_sd_with_count(
                        e.get("mean"), e.get("sd"), e.integer("n"), *bounds,
                        count_at_or_below=ks[0], threshold=int(m.group(1)))))
    return rows


def _checks_estimate(study: Study, e: Entry) -> list[dict]:
    from .checks.pvalues import check_p_against_ci, ci_symmetry

    scale = e.get("scale", "linear")
    level = e.reported("confidence_level").value / 100 if e.has("confidence_level") else 0.95
    rows = [_row(study, [e.id], ci_symmetry(e.get("estimate"), e.get("lower"), e.get("upper"), scale=scale))]
    if e.has("p"):
        df = float(e.get("df")) if e.has("df") else None
        if df is None:
            n = study_total_n(study)
            df = n - 2 if n and n > 3 else None
        chk = check_p_against_ci(e.get("estimate"), e.get("lower"), e.get("upper"), e.get("p"),
                                   confidence_level=level, df=df, scale=scale)
        tried = dict((chk.details or {}).get("assumptions", {}))
        pr = e.reported("p")
        face = tried.get("normal", next(iter(tried.values()), {}))
        rows.append(_row(study, [e.id], chk, p_printed_low=pr.low, p_printed_high=pr.high,
                         p_implied_low=min((v["p_low"] for v in tried.values()), default=math.nan),
                         p_implied_high=max((v["p_high"] for v in tried.values()), default=math.nan),
                         p_face=face.get("p", math.nan)))
    return rows


def _method_ci_row(study: Study, e: Entry, a: Entry, b: Entry) -> list[dict]:
    """Which standard method reproduces a comparison's printed CI (difference of the two entries)."""
    from .checks.ci_methods import which_ci_method
    from .rederivation import known_count

    level = e.reported("confidence_level").value / 100 if e.has("confidence_level") else 0.95
    ids = [e.id, a.id, b.id]
    ka, kb = known_count(a), known_count(b)
    if ka and kb and e.get("design") == "independent":
        chk = which_ci_method(e.get("lower"), e.get("upper"), counts=(*ka[:2], *kb[:2]), confidence_level=level)
    elif a.kind == b.kind == "mean_sd" and e.get("design") == "independent":
        means = tuple(x for ent in (a, b) for x in (ent.reported("mean").value, ent.reported("sd").value,
                                                     ent.integer("n")))
        chk = which_ci_method(e.get("lower"), e.get("upper"), means=means, confidence_level=level)
    else:
        chk = _not_testable("method_ci", f"{e.get('lower')} to {e.get('upper')}",
                            "The CI is printed, but not the whole counts or independent means/SDs "
                            "it would be recomputed from (a paired design also needs the correlation).")
    return [_row(study, ids, chk)]


def _checks_comparison(study: Study, e: Entry) -> list[dict]:

    a, b = (study.entry(i) for i in e.get("entries"))
    rows = []
    if e.has("lower") and e.has("upper"):
        rows += _method_ci_row(study, e, a, b)
    if a.kind == b.kind == "proportion" and not (a.has("n") and b.has("n")) and e.has("total"):
        total = study.entry(e.get("total")).integer("n")
        rows.append(_row(study, [e.id, a.id, b.id], check_denominators(
            [a.get("percent"), b.get("percent")], total=total, allocation=e.get("allocation"))))
    return rows


def check_percent(percent: str, n: int, k: int | None = None) -> Check:
    """A printed percentage against its denominator.

    Without ``k``: GRIM for percentages (:func:`analysis.checks.granularity.grim` with
    ``percent=True``): consistent when some whole count out of ``n`` prints as
    ``percent``. With ``k``: whether ``k/n`` itself prints as ``percent``.

    Examples
    --------
    >>> check_percent("26.7", 30).recomputed
    '8/30'
    >>> check_percent("41.2", 202).explanation.split(";")[0]
    '41.2% of 202 is impossible: 83/202 = 41.09%, 84/202 = 41.58%'
    """
    import dataclasses

    from .checks.counts import counts_from_percent
    from .checks.granularity import grim

    ks = counts_from_percent(percent, n)
    if k is None:
        chk = grim(percent, n, percent=True)
        return dataclasses.replace(chk, check="percent_denominator", reported=f"{percent}%",
                                   recomputed=", ".join(f"{j}/{n}" for j in ks) or "none",
                                   details={**chk.details, "counts": ks})
    ok = k in ks
    expl = (f"{k}/{n} = {100 * k / n:.2f}% prints as {percent}%." if ok else
            f"{k}/{n} = {100 * k / n:.2f}% does not print as {percent}%"
            + (f"; {', '.join(f'{j}/{n}' for j in ks)} would." if ks else f"; no count out of {n} would."))
    return Check("percent_denominator", "consistent" if ok else "inconsistent", expl,
                 reported=f"{percent}%", recomputed=f"{k}/{n}", details={"counts": ks})


def check_denominators(percents: list[str], total: int, allocation: str | None = None) -> Check:
    """Two percentages whose group sizes are not printed, against the printed total (and allocation).

    Consistent when some split of ``total`` (respecting the allocation ratio,
    rounded either way: :func:`analysis.checks.counts.denominators`) gives whole
    counts that print as both percentages. When none does, the explanation shows
    why for the allocated split and names the largest near-allocation group
    sizes (at most ``total`` together) that would reproduce both.

    Examples
    --------
    >>> check_denominators(["27.1", "17.6"], 676).explanation.split(":")[1]
    ' 91/336 = 27.08% and 60/340 = 17.65% (51 splits fit; the most balanced shown).'
    >>> check_denominators(["55.4", "41.2"], 403, "1:1").verdict
    'inconsistent'
    """
    from .checks.counts import counts_from_percent, denominators
    from .checks.granularity import grim

    p1, p2 = percents
    fits = denominators(percents, total=total, allocation=allocation)
    design = f"{total} randomized {allocation}" if allocation else f"a total of {total}"
    if fits:
        best = min(fits, key=lambda f: abs(f.ns[0] - f.ns[1]))
        (n1, n2), (k1, k2) = best.ns, (best.counts[0][0], best.counts[1][0])
        more = f" ({len(fits)} splits fit; the most balanced shown)" if len(fits) > 1 else ""
        return Check("denominators", "consistent",
                     f"{p1}% and {p2}% fit {design}: {k1}/{n1} = {100 * k1 / n1:.2f}% and "
                     f"{k2}/{n2} = {100 * k2 / n2:.2f}%{more}.",
                     reported=f"{p1}%, {p2}%", recomputed=f"{k1}/{n1}, {k2}/{n2}",
                     details={"splits": [f.ns for f in fits]})
    half = total // 2
    allocated = [(half, total - half), (total - half, half)] if allocation == "1:1" else []
    reasons = list(dict.fromkeys(
        grim(p, n, percent=True).explanation.split(";")[0]
        for n1, n2 in allocated for p, n in ((p1, n1), (p2, n2)) if not counts_from_percent(p, n)))
    # the largest analysis sets near the allocation (5% imbalance) that reproduce both percentages
    alt = denominators(percents, n_min=max(1, total // 4), n_max=total, allocation=allocation or "1:1",
                       max_imbalance=math.ceil(0.05 * total))
    alt = sorted((a for a in alt if sum(a.ns) <= total), key=lambda a: (-sum(a.ns), abs(a.ns[0] - a.ns[1])))[:3]
    alt_txt = ("; the largest group sizes within 5% of that allocation that reproduce both are "
               + ", ".join(f"{a.ns[0]} and {a.ns[1]} ({a.counts[0][0]}/{a.ns[0]}, {a.counts[1][0]}/{a.ns[1]})"
                           for a in alt)
               + ": either the arms were not split as allocated or the percentages have other "
               "denominators (e.g. an analysis set smaller than those randomized)") if alt else ""
    return Check("denominators", "inconsistent",
                 f"{p1}% and {p2}% cannot both arise from {design}"
                 + (": " + "; ".join(reasons) if reasons else "") + alt_txt + ".",
                 reported=f"{p1}%, {p2}%", recomputed="no split fits",
                 details={"alternatives": [a.ns for a in alt]})


def _count_check(e: Entry) -> Check:
    """``k of n`` as printed (words allowed): a possible count when 0 <= k <= n."""
    k, n = e.integer("k"), e.integer("n")
    ok = 0 <= k <= n
    return Check("count_le_n", "consistent" if ok else "inconsistent",
                 f"'{e.get('k')} of {e.get('n')}' = {k}/{n} = {100 * k / n:.1f}%"
                 + ("" if ok else f": {k} exceeds its n {n}"),
                 reported=f"{e.get('k')} of {e.get('n')}", recomputed=f"{k}/{n}")


def audit_study(study: Study) -> list[dict]:
    """Rows of :func:`audit` for one study."""

    rows: list[dict] = []
    for e in study.entries:
        try:
            rows += _entry_rows(study, e)
        except ValueError as exc:  # a check refused its input: name the file and entry
            if isinstance(exc, LedgerError):
                raise
            raise LedgerError(study.path, e.id, None, None, f"cannot be checked: {exc}") from None
    return rows


def _entry_rows(study: Study, e: Entry) -> list[dict]:
    """The check rows of one entry."""
    from .checks.claims import check_direction
    from .checks.counts import check_total
    from .checks.pvalues import recompute_p

    rows: list[dict] = []
    if e.kind == "mean_sd":
        rows += _checks_mean_sd(study, e)
    elif e.kind == "proportion":
        if e.has("n") and e.has("k"):
            rows.append(_row(study, [e.id], check_percent(e.get("percent"), e.integer("n"),
                                                          k=e.integer("k"))))
        elif e.has("n"):
            rows.append(_row(study, [e.id], check_percent(e.get("percent"), e.integer("n"))))
        else:
            rows.append(_row(study, [e.id], _not_testable(
                "percent_denominator", f"{e.get('percent')}%",
                f"{e.get('percent')}% printed without its denominator: no whole-count check is possible "
                "on its own (see the comparison rows for denominators that fit a printed total).")))
    elif e.kind == "count" and e.has("n"):
        rows.append(_row(study, [e.id], _count_check(e)))
    elif e.kind == "estimate_ci_p":
        rows += _checks_estimate(study, e)
    elif e.kind == "p_value":
        rows.append(_row(study, [e.id], _not_testable(
            "p_only", f"P = {e.get('p')}",
            f"P {e.get('p')} is printed without an estimate, CI or test statistic: nothing to recompute it from.")))
    elif e.kind == "test_statistic":
        df = e.get("df")
        pair = [float(x) for x in str(df).split(",")] if df is not None and "," in str(df) else None
        if not e.reported("statistic").exact:
            rows.append(_row(study, [e.id], _not_testable(
                "recompute_p", f"{e.get('test')} {e.get('statistic')}, p = {e.get('p')}",
                f"the statistic is printed as a bound ({e.get('statistic')}): P is not recomputed from a bound.")))
        elif pair and not all(x.is_integer() for x in pair):
            rows.append(_row(study, [e.id], _not_testable(
                "recompute_p", f"{e.get('test')}({df}) = {e.get('statistic')}, p = {e.get('p')}",
                f"F with fractional df ({df}, a sphericity-corrected test): P is not recomputed.")))
        else:
            df = tuple(int(x) for x in pair) if pair else (None if df is None else float(df))
            rows.append(_row(study, [e.id], recompute_p(e.get("test"), e.get("statistic"), df, e.get("p"),
                                                           alternative=e.get("alternative", "two-sided"))))
    elif e.kind == "total":
        parts = [study.entry(p) for p in e.get("parts")]
        rows.append(_row(study, [e.id] + [p.id for p in parts], check_total(
            e.get("total"), [p.get("n") if p.kind == "sample_size" else str(p.integer("k")) for p in parts])))
    elif e.kind == "comparison":
        rows += _checks_comparison(study, e)
    elif e.kind == "direction":
        a, b = (study.entry(i) for i in e.get("entries"))
        va, vb = _value_for_direction(a), _value_for_direction(b)
        if va is None or vb is None:
            rows.append(_row(study, [e.id, a.id, b.id], _not_testable(
                "direction", e.get("word"), f"'{e.get('word')}': the entries compared carry no numbers")))
        else:
            chk = check_direction(va, vb, e.get("relation"))
            label = f"'{e.get('word')}' ({a.id} {e.get('relation')} than {b.id})"
            rows.append(_row(study, [e.id, a.id, b.id], Check(
                "direction", chk.verdict, f"{label}: {chk.explanation}", reported=e.get("word"),
                recomputed=chk.recomputed, margin=chk.margin, details=chk.details)))
    elif e.kind == "text_only":
        rows.append(_row(study, [e.id], _not_testable(
            "text_only", e.get("claim"), "A statement without numbers that could be checked.")))
    return rows


def audit(studies: str | Iterable[str] | None = None, data_dir=None, sources_dir=None,
          ledger: Ledger | None = None):
    """Every applicable check over every ledger entry, one row per check.

    Parameters
    ----------
    studies : str or list of str, optional
        Study ids; default every study in the ledger.
    data_dir, sources_dir : path, optional
        Passed to :func:`analysis.ledger.loading.load_ledger`.
    ledger : Ledger, optional
        An already loaded ledger (then ``data_dir`` is ignored).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``study``, ``entry_ids`` (comma-separated),
        ``check``, ``verdict``, ``reported``, ``recomputed``, ``explanation``,
        ``margin``, and for p-against-CI rows the printed p interval, the
        range of p the CI implies over the rounding of the printed numbers and
        over the assumptions tried (normal, t), and the face-value p under the
        normal assumption (NaN elsewhere).

    Examples
    --------
    >>> df = audit("sakurai2025")
    >>> set(df.verdict) <= {"consistent", "inconsistent", "not_testable"}
    True
    >>> df.loc[df.check == "percent_denominator", "explanation"].iloc[0]
    '26.7% of 30 is possible: 8/30 = 26.67% rounds to 26.7%'
    """
    import pandas as pd

    led = ledger or load_ledger(data_dir, sources_dir)
    if isinstance(studies, str):
        studies = [studies]
    ids = list(studies) if studies else sorted(led.studies)
    rows: list[dict] = []
    for sid in ids:
        rows += audit_study(led.study(sid))
    df = pd.DataFrame(rows)
    for col in COLUMNS:
        if col not in df:
            df[col] = math.nan if col.startswith("p_") or col == "margin" else ""
    return df[COLUMNS]
