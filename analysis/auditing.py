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
                    not printed but whose total (and allocation) is, each split
                    rated by its binomial plausibility under the ratio;
                    ``method_ci`` when the comparison prints a CI: which
                    standard method (Newcombe, Wald, Agresti-Caffo; Student,
                    Welch) reproduces it; paired means: ``paired_t_bound`` (the
                    t over every pre-post r); paired counts: ``mcnemar_bounds``;
                    else one ``comparison`` row saying why nothing is testable
direction           ``direction``: the words' claim against the numbers' order
claim               ``claim``: a word ("significant", "trend", "noninferior",
                    "a minority", "remained"...) against the p, CI or share it
                    speaks of (:func:`analysis.checks.claims.check_claim`)
text_only           ``text_only``: listed as not verifiable
any printed p       ``p_zero`` when it is printed as exactly 0 (statcheck)
a study             ``one_assumption`` when it prints two or more P-CI pairs;
                    ``same_p`` (a note) when one P is printed for two quantities
primary record      ``fidelity``: the study file's ``primary`` records against
                    the entries they correspond to (number, definition, arm),
                    and per comparison with a total the primary's denominators
==================  =========================================================

An inconsistent row's explanation ends with its most likely cause when the ledger knows it (a
primary-publication record that defines the number otherwise than the source labels it).
"""
from __future__ import annotations

import dataclasses
import math
import re
from typing import Iterable, Mapping

from .ledger import Entry, Ledger, LedgerError, Study, load_ledger
from .results import Check, check_confidence_level

__all__ = ["audit", "audit_study", "COLUMNS"]

COLUMNS = ["study", "entry_ids", "check", "verdict", "reported", "recomputed", "explanation", "margin",
           "p_printed_low", "p_printed_high", "p_implied_low", "p_implied_high", "p_face"]

_THRESHOLD = re.compile(r"(?:≤|<=)\s*(\d+)")


def _row(study: Study, ids: Iterable[str], chk: Check, **extra) -> dict:
    row = {"study": study.id, "entry_ids": ",".join(ids), "check": chk.check, "verdict": chk.verdict,
           "reported": chk.reported, "recomputed": chk.recomputed, "explanation": chk.explanation,
           "margin": chk.margin}
    if chk.details and "decision_error" in chk.details:  # statcheck's decision error (kept by the scan)
        row["decision_error"] = chk.details["decision_error"]
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
    level = check_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
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

    level = check_confidence_level(e.get("confidence_level")) if e.has("confidence_level") else 0.95
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
    from .checks.counts import check_denominators
    from .checks.paired import mcnemar_bounds, paired_t_bounds
    from .rederivation import known_count

    a, b = (study.entry(i) for i in e.get("entries"))
    ids = [e.id, a.id, b.id]
    rows = []
    if e.has("lower") and e.has("upper"):
        rows += _method_ci_row(study, e, a, b)
    if a.kind == b.kind == "proportion" and not (a.has("n") and b.has("n")) and e.has("total"):
        total = study.entry(e.get("total")).integer("n")
        rows.append(_row(study, ids, check_denominators(
            [a.get("percent"), b.get("percent")], total=total, allocation=e.get("allocation"))))
    if e.get("design") == "paired" and a.kind == b.kind == "mean_sd":
        claimed = any(d.kind == "direction" and set(d.get("entries")) == {a.id, b.id} for d in study.entries)
        rows.append(_row(study, ids, paired_t_bounds(
            a.get("mean"), a.get("sd"), b.get("mean"), b.get("sd"), min(a.integer("n"), b.integer("n")),
            p=e.get("p"), claimed_change=claimed)))
    elif e.get("design") == "paired" and (ka := known_count(a)) and (kb := known_count(b)) and ka[1] == kb[1]:
        rows.append(_row(study, ids, mcnemar_bounds(ka[0], kb[0], ka[1], p=e.get("p"))))
    if not rows:
        missing = ("the group sizes (denominators) of the two numbers" if a.kind == "proportion" else
                   "the group sizes")
        rows.append(_row(study, ids, _not_testable(
            "comparison", f"{a.id} vs {b.id}",
            f"Nothing to test: {missing} are not printed, no total they split is given, and no test, "
            "p or CI is printed for the comparison.")))
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


def _count_check(e: Entry) -> Check:
    """``k of n`` as printed (words allowed): a possible count when 0 <= k <= n."""
    k, n = e.integer("k"), e.integer("n")
    ok = 0 <= k <= n
    return Check("count_le_n", "consistent" if ok else "inconsistent",
                 f"'{e.get('k')} of {e.get('n')}' = {k}/{n} = {100 * k / n:.1f}%"
                 + ("" if ok else f": {k} exceeds its n {n}"),
                 reported=f"{e.get('k')} of {e.get('n')}", recomputed=f"{k}/{n}")


def _primary_records(study: Study, entry_ids) -> list[dict]:
    """The primary-publication records (``primary`` in the study file) of the given entries, as dicts."""
    pub = study.primary  # a PrimaryPublication (analysis.ledger.primary) or None
    return [{**dataclasses.asdict(r), "doi": pub.doi} for r in pub.records if r.of in entry_ids] if pub else []


def _known_cause(study: Study, entry_ids) -> str:
    """What the ledger knows that most likely explains an inconsistency: a primary record that defines
    the number otherwise than the secondary labels it."""
    by_definition: dict[tuple, list[str]] = {}
    for r in _primary_records(study, entry_ids):
        if r.get("definition_matches") is False and r.get("definition"):
            by_definition.setdefault((r["doi"], r["definition"]), []).append(r["of"])
    causes = [f"{' and '.join(ids)} {'is' if len(ids) == 1 else 'are'}, in the primary publication (doi:{doi}), "
              f"{definition}" for (doi, definition), ids in by_definition.items()]
    return (" Most likely cause (from the ledger): " + "; ".join(causes) + ".") if causes else ""


def _rederived_difference(study: Study, cmp: Entry):
    """The risk difference (first minus second, percentage points) of a comparison of proportions and its
    Newcombe CI, over every split the print allows: ((est range), (lower range), (upper range), words)."""
    from .checks.counts import PLAUSIBLE, denominators, denominators_without_power
    from .rederivation import known_count
    from .stats.proportions import compare_proportions

    a, b = (study.entry(i) for i in cmp.get("entries"))
    ka, kb = known_count(a), known_count(b)
    if ka and kb:
        splits, how = [(ka[0], ka[1], kb[0], kb[1])], f"{ka[0]}/{ka[1]} vs {kb[0]}/{kb[1]}"
    elif a.kind == b.kind == "proportion" and cmp.has("total"):
        total = study.entry(cmp.get("total")).integer("n")
        if denominators_without_power([a.get("percent"), b.get("percent")], total, cmp.get("allocation")):
            return None  # every split fits (or too many to list): nothing to re-derive from
        fits = denominators([a.get("percent"), b.get("percent")], total=total, allocation=cmp.get("allocation"))
        fits = [f for f in fits if f.plausibility is None or f.plausibility >= PLAUSIBLE]
        splits = [(k1, f.ns[0], k2, f.ns[1]) for f in fits for k1 in f.counts[0] for k2 in f.counts[1]]
        how = f"the {len(fits)} {'plausible ' if cmp.has('allocation') else ''}splits of {total} that reproduce both"
    else:
        return None
    if not splits:
        return None
    res = [compare_proportions(k1, n1, k2, n2) for k1, n1, k2, n2 in splits]
    est = [100 * r.risk_difference for r in res]
    lo = [100 * r.risk_difference_ci.low for r in res]
    hi = [100 * r.risk_difference_ci.high for r in res]

    def rng(v):
        return f"{min(v):.1f}" if f"{min(v):.1f}" == f"{max(v):.1f}" else f"{min(v):.1f} to {max(v):.1f}"

    words = (f"re-derived from {how} (Newcombe): {a.id} minus {b.id} {rng(est)} percentage points, 95% CI "
             f"lower bound {rng(lo)}, upper bound {rng(hi)}; ")
    return (min(est), max(est)), (min(lo), max(lo)), (min(hi), max(hi)), words


def _claim_rows(study: Study, e: Entry) -> list[dict]:
    """A claim in words against the entries it speaks of (:func:`analysis.checks.claims.check_claim`)."""
    from .checks.claims import CLAIM_WORDS, check_claim
    from .rederivation import known_count

    word = e.get("word")
    ents = [study.entry(i) for i in e.get("entries")]
    src, ids = ents[0], [e.id] + [x.id for x in ents]
    family, kw, pre, post = CLAIM_WORDS[word], {}, "", ""
    if family in ("p_ci", "margin"):
        kw = {f: src.get(f) for f in ("p", "estimate", "lower", "upper") if src.has(f)}
        if src.kind == "estimate_ci_p":
            kw["scale"] = src.get("scale", "linear")
        if "lower" not in kw and src.kind == "comparison" and (d := _rederived_difference(study, src)):
            kw.update(estimate=d[0], lower=d[1], upper=d[2])
            pre = d[3]
        if family == "margin":
            kw["better"] = e.get("better", "higher")
            margin, where = _margin(study, e, src)
            if word == "noninferior":
                kw["margin"] = margin
                post = f" The margin {where}."
        else:
            kw["side"] = e.get("side")
            if e.has("margin"):
                kw["margin"] = e.get("margin")
        if not ({"p", "lower"} & set(kw)):
            return [_row(study, ids, _not_testable(
                "claim", word.replace("_", " "),
                f"'{word.replace('_', ' ')}': {src.id} prints no p or CI, and none can be re-derived."))]
    elif family == "share":
        kw = ({"percent": src.get("percent")} if src.kind == "proportion" else
              {"k": src.integer("k"), "n": src.integer("n")} if src.has("n") else {})
        if not kw:
            return [_row(study, ids, _not_testable("claim", word, f"'{word}': {src.id} has no denominator."))]
    else:
        sub, sup = ents
        ks, kp = known_count(sub), known_count(sup)
        kw = ({"subset": ks[:2], "superset": kp[:2]} if ks and kp else
              {"subset": sub.get("percent"), "superset": sup.get("percent")})
    chk = check_claim(word, **kw)
    pcis = [(r["values"]["lower"], r["values"]["upper"], r["doi"]) for r in _primary_records(study, [src.id])
            if {"lower", "upper"} <= set(r["values"])]
    if family == "margin" and pre and pcis:
        # the re-derivation rests on denominators guessed from the source; the primary prints the CI itself
        pci = pcis[0]
        pchk = check_claim(word, lower=pci[0], upper=pci[1], margin=kw.get("margin"), better=kw["better"])
        post += (f" The primary publication (doi:{pci[2]}) prints this CI itself, {pci[0]} to {pci[1]}, on its own "
                 "denominators (see the fidelity rows): " + ("it too allows the claim." if pchk.verdict == chk.verdict
                 == "consistent" else f"against it the claim is {pchk.verdict.replace('_', ' ')}: {pchk.explanation}."))
        chk = dataclasses.replace(chk, verdict=pchk.verdict)
    expl = f"'{word.replace('_', ' ')}' ({', '.join(x.id for x in ents)}): {pre}{chk.explanation}.{post}"
    return [_row(study, ids, Check("claim", chk.verdict, expl, reported=chk.reported,
                                   recomputed=chk.recomputed, margin=chk.margin, details=chk.details))]


def _margin(study: Study, claim: Entry, cmp: Entry):
    """The noninferiority margin: printed with the claim or the comparison, else the primary publication's."""
    for ent, where in ((claim, "is printed with the claim"), (cmp, "is printed with the comparison")):
        if ent.has("margin"):
            return ent.get("margin"), f"{ent.get('margin')} {where}"
    for rec in _primary_records(study, [cmp.id]):
        m = (rec.get("values") or {}).get("margin")
        if m is not None:
            return m, f"{m} is the primary publication's (doi:{rec['doi']}); the source itself prints none"
    return None, "is printed neither in the source nor in a primary-publication record of the ledger: unknown"


def _study_rows(study: Study) -> list[dict]:
    """Rows about a study as a whole: one assumption across its P-CI pairs; one P printed for two claims."""
    from .checks.pvalues import common_assumption

    rows = []
    pairs = [e for e in study.of_kind("estimate_ci_p") if e.has("p")]
    if len(pairs) >= 2:
        chk = common_assumption(
            [{"estimate": e.get("estimate"), "lower": e.get("lower"), "upper": e.get("upper"), "p": e.get("p"),
              "scale": e.get("scale", "linear"),
              "confidence_level": e.reported("confidence_level").value / 100 if e.has("confidence_level")
              else 0.95} for e in pairs], names=[e.id for e in pairs])
        rows.append(_row(study, [e.id for e in pairs], chk))
    by_p: dict[tuple, list[Entry]] = {}
    for e in study.of_kind("estimate_ci_p", "p_value", "comparison", "test_statistic"):
        if e.has("p") and e.reported("p").exact:
            r = e.reported("p")
            by_p.setdefault((r.value, r.decimals), []).append(e)
    for group in by_p.values():
        if len(group) > 1:
            what = "; ".join(f"{e.id}: {e.get('estimand') or e.get('measure') or e.kind}" for e in group)
            rows.append(_row(study, [e.id for e in group], _not_testable(
                "same_p", f"P = {group[0].get('p')} x {len(group)}",
                f"Note: the same P = {group[0].get('p')} is printed for {len(group)} different quantities "
                f"({what}). That can happen, but one may have been copied to the other: worth checking in "
                "the primary publication.")))
    return rows


def audit_study(study: Study, precomputed: Mapping[str, Check] | None = None, strict: bool = True) -> list[dict]:
    """Rows of :func:`audit` for one study.

    ``precomputed`` maps test-statistic entry ids to their ``recompute_p`` check, already computed
    (a corpus scan recomputes many at once with ``recompute_p_map``). With ``strict=False`` an entry
    whose check refuses its input gives a ``not_testable`` row instead of an error (a scan goes on).
    """
    rows: list[dict] = []
    for e in study.entries:
        try:
            rows += _entry_rows(study, e, precomputed)
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:  # name the file and entry
            if isinstance(exc, LedgerError) and strict:
                raise
            why = f"cannot be checked{': ' if isinstance(exc, ValueError) else f' ({type(exc).__name__}): '}{exc}"
            if strict:
                raise LedgerError(study.path, e.id, None, None, why) from None
            rows.append(_row(study, [e.id], _not_testable("audit", e.values(), why)))
    rows += _study_rows(study)
    for r in rows:
        if r["verdict"] == "inconsistent":
            cause = _known_cause(study, r["entry_ids"].split(","))
            if cause:
                r["explanation"] = r["explanation"].rstrip(".") + "." + cause
    return rows + _fidelity_rows(study)  # their explanations state the primary's definition


def _entry_rows(study: Study, e: Entry, precomputed: Mapping[str, Check] | None = None) -> list[dict]:
    """The check rows of one entry."""
    from .checks.claims import check_direction
    from .checks.counts import check_total
    from .checks.pvalues import recompute_p

    rows: list[dict] = []
    if e.has("p") and e.kind in ("estimate_ci_p", "p_value", "test_statistic", "comparison"):
        from .checks.pvalues import check_p_zero

        if (chk := check_p_zero(e.get("p"))).verdict == "inconsistent":
            rows.append(_row(study, [e.id], chk))
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
        df = e.get("df")  # as printed (a df printed with decimals is recomputed over its rounding)
        df = tuple(x.strip() for x in str(df).split(",")) if df is not None and "," in str(df) else df
        if not e.reported("statistic").exact:
            rows.append(_row(study, [e.id], _not_testable(
                "recompute_p", f"{e.get('test')} {e.get('statistic')}, p = {e.get('p')}",
                f"the statistic is printed as a bound ({e.get('statistic')}): P is not recomputed from a bound.")))
        else:
            chk = (precomputed or {}).get(e.id) or recompute_p(e.get("test"), e.get("statistic"), df, e.get("p"),
                                                                alternative=e.get("alternative", "two-sided"))
            rows.append(_row(study, [e.id], chk))
    elif e.kind == "total":
        parts = [study.entry(p) for p in e.get("parts")]
        rows.append(_row(study, [e.id] + [p.id for p in parts], check_total(
            str(e.integer("total")), [str(p.integer("n" if p.kind == "sample_size" else "k")) for p in parts])))
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
    elif e.kind == "claim":
        rows += _claim_rows(study, e)
    elif e.kind == "text_only":
        rows.append(_row(study, [e.id], _not_testable(
            "text_only", e.get("claim"), "A statement without numbers that could be checked.")))
    return rows



def _secondary_values(study: Study, e: Entry, fields) -> dict:
    """The secondary's printed numbers for ``fields`` of entry ``e``; a comparison of two printed
    percentages without a printed estimate gets their difference as an interval (first minus second)."""
    out = {f: e.get(f) for f in fields}
    if e.kind == "comparison" and "estimate" in fields and not e.has("estimate"):
        a, b = (study.entry(i) for i in e.get("entries"))
        if a.kind == b.kind == "proportion":
            ra, rb = a.reported("percent"), b.reported("percent")
            out["estimate"] = (ra.low - rb.high, ra.high - rb.low, f"{a.get('percent')} − {b.get('percent')}")
    return out


def _fidelity_rows(study: Study) -> list[dict]:
    """``fidelity`` rows: each primary record against its secondary entry, and the denominators of
    each comparison whose two entries have primary denominators."""
    from .checks.fidelity import check_denominator_fidelity, check_fidelity, fidelity_not_found

    pub = study.primary
    if pub is None:
        return []
    rows = []
    for rec in pub.records:
        e = study.entry(rec.of)
        if not rec.found:
            chk = fidelity_not_found(rec.definition, rec.note or "")
        else:
            values = {f: (list(v) if isinstance(v, tuple) else v) for f, v in rec.values.items()}
            chk = check_fidelity(_secondary_values(study, e, values), values, definition=rec.definition,
                                 definition_matches=rec.definition_matches,
                                 label=str(e.get("measure") or e.get("unit") or ""), k=rec.k, n=rec.n,
                                 secondary_arm=e.get("arm"), primary_arm=rec.arm,
                                 denominator=rec.denominator or "")
        rows.append(_row(study, [e.id, rec.id], chk))
    for c in study.of_kind("comparison"):
        if not c.has("total"):
            continue
        pairs = [next((r for r in pub.records_of(i) if r.found and r.n), None) for i in c.get("entries")]
        if all(pairs):
            a, b = (study.entry(i) for i in c.get("entries"))
            chk = check_denominator_fidelity(
                study.entry(c.get("total")).get("n"), [r.n for r in pairs],
                what=" and ".join(f"{x.get('percent')}%" if x.kind == "proportion" else x.id for x in (a, b)),
                denominators=[r.denominator for r in pairs if r.denominator])
            rows.append(_row(study, [c.id, a.id, b.id] + [r.id for r in pairs], chk))
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
