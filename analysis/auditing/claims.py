"""Checks of words and of the primary publication: claims in words against their numbers, and the ``fidelity``
rows comparing a study file's ``primary`` records with its entries.

May import analysis.ledger, analysis.checks, analysis.stats, analysis.rederivation and this package's registry.
"""

from __future__ import annotations

import dataclasses
import re

from ..ledger import Entry, Study
from ..reported import printed_confidence_level
from ..results import Check
from .registry import grade_row, not_testable as _not_testable, register, row as _row

__all__ = ["known_cause", "fidelity_rows"]


def _primary_records(study: Study, entry_ids) -> list[dict]:
    """The primary-publication records (``primary`` in the study file) of the given entries, as dicts."""
    pub = study.primary  # a PrimaryPublication (analysis.ledger.primary) or None
    return [{**dataclasses.asdict(r), "doi": pub.doi} for r in pub.records if r.of in entry_ids] if pub else []


def known_cause(study: Study, entry_ids) -> str:
    """What the ledger knows that most likely explains an inconsistency: a primary record that defines
    the number otherwise than the secondary labels it."""
    by_definition: dict[tuple, list[str]] = {}
    for r in _primary_records(study, entry_ids):
        if r.get("definition_matches") is False and r.get("definition"):
            by_definition.setdefault((r["doi"], r["definition"]), []).append(r["of"])
    causes = [
        f"{' and '.join(ids)} {'is' if len(ids) == 1 else 'are'}, in the primary publication (doi:{doi}), {definition}"
        for (doi, definition), ids in by_definition.items()
    ]
    return (" Most likely cause (from the ledger): " + "; ".join(causes) + ".") if causes else ""


def _rederived_difference(study: Study, cmp: Entry):
    """The risk difference (first minus second, percentage points) of a comparison of proportions and its
    Newcombe CI, over every split the print allows: ((est range), (lower range), (upper range), words)."""
    from ..checks.counts import PLAUSIBLE, denominators, denominators_without_power
    from ..rederivation import known_count
    from ..stats.proportions import compare_proportions

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

    words = (
        f"re-derived from {how} (Newcombe): {a.id} minus {b.id} {rng(est)} percentage points, 95% CI "
        f"lower bound {rng(lo)}, upper bound {rng(hi)}; "
    )
    return (min(est), max(est)), (min(lo), max(lo)), (min(hi), max(hi)), words


@register("claim", "claim", grade="likely")
def _claim_rows(study: Study, e: Entry, premises=None, context=None) -> list[dict]:
    """A claim in words against the entries it speaks of (:func:`analysis.checks.claims.check_claim`)."""
    from ..checks.claims import CLAIM_WORDS, check_claim
    from ..rederivation import known_count

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
                # equivalence (TOST) converts the printed CI's level to the 90% CI
                kw["confidence_level"] = printed_confidence_level(src.get("confidence_level", "95"))
                if src.has("df") and re.fullmatch(r"\d+", src.get("df").strip()):
                    kw["df"] = src.get("df")
        if not ({"p", "lower"} & set(kw)):
            return [
                _row(
                    study,
                    ids,
                    _not_testable(
                        "claim",
                        word.replace("_", " "),
                        f"'{word.replace('_', ' ')}': {src.id} prints no p or CI, and none can be re-derived.",
                    ),
                )
            ]
    elif family == "share":
        kw = (
            {"percent": src.get("percent")}
            if src.kind == "proportion"
            else {"k": src.integer("k"), "n": src.integer("n")}
            if src.has("n")
            else {}
        )
        if not kw:
            return [_row(study, ids, _not_testable("claim", word, f"'{word}': {src.id} has no denominator."))]
    else:
        sub, sup = ents
        ks, kp = known_count(sub), known_count(sup)
        kw = (
            {"subset": ks[:2], "superset": kp[:2]}
            if ks and kp
            else {"subset": sub.get("percent"), "superset": sup.get("percent")}
        )
    chk = check_claim(word, **kw)
    pcis = [
        (r["values"]["lower"], r["values"]["upper"], r["doi"])
        for r in _primary_records(study, [src.id])
        if {"lower", "upper"} <= set(r["values"])
    ]
    if family == "margin" and pre and pcis:
        # the re-derivation rests on denominators guessed from the source; the primary prints the CI itself
        pci = pcis[0]
        pchk = check_claim(word, lower=pci[0], upper=pci[1], margin=kw.get("margin"), better=kw["better"])
        post += (
            f" The primary publication (doi:{pci[2]}) prints this CI itself, {pci[0]} to {pci[1]}, on its own "
            "denominators (see the fidelity rows): "
            + (
                "it too allows the claim."
                if pchk.verdict == chk.verdict == "consistent"
                else f"against it the claim is {pchk.verdict.replace('_', ' ')}: {pchk.explanation}."
            )
        )
        chk = dataclasses.replace(chk, verdict=pchk.verdict)
    expl = f"'{word.replace('_', ' ')}' ({', '.join(x.id for x in ents)}): {pre}{chk.explanation}.{post}"
    return [
        _row(
            study,
            ids,
            Check(
                "claim",
                chk.verdict,
                expl,
                reported=chk.reported,
                recomputed=chk.recomputed,
                margin=chk.margin,
                details=chk.details,
            ),
        )
    ]


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


def _secondary_values(study: Study, e: Entry, fields) -> dict:
    """The secondary's printed numbers for ``fields`` of entry ``e``; a comparison of two printed
    percentages without a printed estimate gets their difference as an interval (first minus second)."""
    out = {f: e.get(f) for f in fields}
    if e.kind == "comparison" and "estimate" in fields and not e.has("estimate") and len(e.get("entries")) == 2:
        a, b = (study.entry(i) for i in e.get("entries"))
        if a.kind == b.kind == "proportion":
            ra, rb = a.reported("percent"), b.reported("percent")
            out["estimate"] = (ra.low - rb.high, ra.high - rb.low, f"{a.get('percent')} − {b.get('percent')}")
    return out


def fidelity_rows(study: Study) -> list[dict]:
    """``fidelity`` rows: each primary record against its secondary entry, and the denominators of
    each comparison whose two entries have primary denominators."""
    from ..checks.fidelity import check_denominator_fidelity, check_fidelity, fidelity_not_found

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
            chk = check_fidelity(
                _secondary_values(study, e, values),
                values,
                definition=rec.definition,
                definition_matches=rec.definition_matches,
                label=str(e.get("measure") or e.get("unit") or ""),
                k=rec.k,
                n=rec.n,
                secondary_arm=e.get("arm"),
                primary_arm=rec.arm,
                denominator=rec.denominator or "",
                range_kind=rec.range_kind,
            )
        rows.append(_row(study, [e.id, rec.id], chk))
    for c in study.of_kind("comparison"):
        if not c.has("total"):
            continue
        found = [next((r for r in pub.records_of(i) if r.found and r.n), None) for i in c.get("entries")]
        pairs = [r for r in found if r is not None]
        if len(pairs) == len(found) == 2:
            a, b = (study.entry(i) for i in c.get("entries"))
            chk = check_denominator_fidelity(
                study.entry(c.get("total")).get("n"),
                [r.n for r in pairs],
                what=" and ".join(f"{x.get('percent')}%" if x.kind == "proportion" else x.id for x in (a, b)),
                denominators=[r.denominator for r in pairs if r.denominator],
            )
            rows.append(_row(study, [c.id, a.id, b.id] + [r.id for r in pairs], chk))
    for r in rows:
        if r["verdict"] == "inconsistent":  # listed, not prefixed: the explanation states the primary's definition
            r["assumptions"], r["_led"] = _PRIMARY_SAME, True
    rows = [grade_row(r, (), "likely") for r in rows]
    for r in rows:
        r.pop("_led", None)
    return rows


#: what a fidelity finding rests on
_PRIMARY_SAME = (
    "the primary publication's number, as the ledger records it (read at the record's address), is "
    "of the quantity the secondary labels"
)
