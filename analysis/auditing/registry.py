"""The check registry: entry kind -> the checks the audit runs on it, each with the preconditions it rests on.

May import analysis.results and analysis.ledger; the modules of this package that hold checks register
them here (``@register``), and :func:`analysis.auditing.audit_study` runs them.

A check declares what it rests on (its :class:`Precondition` s). Each precondition is established from
the entry and its study (the hand ledger or a draft) by a function that returns a :class:`Premise`: it
holds or not, in plain words ("integer scores: 0-60 scale, scale_note: ..."), and whether it rests on
the print alone (``certain``) or on a weaker reading. A precondition that does not hold gives one
``not_testable`` row naming what is missing, never ``inconsistent``. An ``inconsistent`` row is graded
(:data:`analysis.results.GRADES`): the check's own grade (``rounding`` when one rounding step
reproduces the print), else the spec's, lowered from ``error`` to ``likely`` when a premise is not
certain or the check lists assumptions of its own; its explanation then leads with them.

Adding a check is a few lines (docs/architecture.md)::

    @register("mean_sd", "my_check", needs=(N_PRINTED, INTEGER_DATA), grade="likely")
    def _my_check(study, e, premises, context):
        return my_check(e.get("mean"), e.integer("n"))   # a Check, or a list of rows from row()
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable, Mapping

from ..ledger import Entry, Study
from ..results import GRADES, Check

__all__ = [
    "Premise",
    "Precondition",
    "CheckSpec",
    "REGISTRY",
    "register",
    "row",
    "not_testable",
    "run_entry",
    "grade_row",
    "established",
]


@dataclasses.dataclass(frozen=True)
class Premise:
    """What a precondition established for one entry.

    Attributes
    ----------
    holds : bool
        Established from the entry and its document.
    words : str
        When it holds, the assumption in plain words, written to follow "if" ("these are integer
        scores (0-60 scale, from the scale note)"); empty when it rests on nothing worth saying (an n
        printed with the number). When it does not hold, what is missing.
    certain : bool
        Rests on the print alone (an n printed in the same fragment, a count printed beside it); False
        when it rests on a reading of the text around the number or on a weak source (the paper's
        total), which makes a finding at most ``likely``.
    value : object
        What was established, for the check to use (the scale an estimate is read on).
    """

    holds: bool
    words: str = ""
    certain: bool = True
    value: Any = None


@dataclasses.dataclass(frozen=True)
class Precondition:
    """A named precondition and the function that establishes it: ``establish(study, entry) -> Premise``."""

    name: str
    establish: Callable[[Study, Entry], Premise]


@dataclasses.dataclass(frozen=True)
class CheckSpec:
    """One registered check of one entry kind.

    ``run(study, entry, premises, context)`` returns a :class:`~analysis.results.Check` (one row for the
    entry) or a list of rows made with :func:`row`; ``premises`` maps each precondition's name to its
    :class:`Premise`; ``context`` holds what the caller computed ahead (``precomputed`` recompute_p checks).
    ``applies(study, entry)`` says whether the check concerns this entry at all (no row when it does not).
    ``grade`` is the grade of an inconsistent row whose premises are all certain. ``shows(entry)`` is the
    ``reported`` column of a ``not_testable`` row (default: the entry's printed values).
    """

    kind: str
    name: str
    run: Callable
    needs: tuple[Precondition, ...] = ()
    grade: str = "likely"
    applies: Callable[[Study, Entry], bool] | None = None
    shows: Callable[[Entry], str] | None = None


#: entry kind -> its checks, in the order they run (filled by ``@register``)
REGISTRY: dict[str, list[CheckSpec]] = {}


def register(
    kinds: str | Iterable[str],
    name: str,
    *,
    needs: Iterable[Precondition] = (),
    grade: str = "likely",
    applies: Callable[[Study, Entry], bool] | None = None,
    shows: Callable[[Entry], str] | None = None,
):
    """Register ``run(study, entry, premises, context)`` as check ``name`` of each kind in ``kinds`` (a decorator)."""
    if grade not in GRADES:
        raise ValueError(f"grade ({grade!r}) must be one of {GRADES}")
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)

    def decorate(run):
        for kind in kinds:
            specs = REGISTRY.setdefault(kind, [])
            specs[:] = [s for s in specs if s.name != name]  # re-registering a name replaces it
            specs.append(CheckSpec(kind, name, run, tuple(needs), grade, applies, shows))
        return run

    return decorate


def row(study: Study, ids: Iterable[str], chk: Check, **extra) -> dict:
    """One audit row (the columns of :data:`analysis.auditing.COLUMNS`) from a check's result."""
    r = {
        "study": study.id,
        "entry_ids": ",".join(ids),
        "check": chk.check,
        "verdict": chk.verdict,
        "reported": chk.reported,
        "recomputed": chk.recomputed,
        "explanation": chk.explanation,
        "margin": chk.margin,
        "grade": chk.grade,
        "assumptions": "; ".join(chk.assumptions),
    }
    if chk.details and "decision_error" in chk.details:  # statcheck's decision error (kept by the scan)
        r["decision_error"] = chk.details["decision_error"]
    r.update(extra)
    return r


def not_testable(name: str, reported: str, why: str) -> Check:
    """A ``not_testable`` result of check ``name``."""
    return Check(name, "not_testable", why, reported=reported)


def grade_row(r: dict, premises: Iterable[Premise] = (), grade: str = "likely") -> dict:
    """Grade an inconsistent row in place: its assumptions are the premises' words and the check's own;
    ``error`` only when nothing but the print is assumed; the explanation leads with the assumptions."""
    if r["verdict"] != "inconsistent":
        r["grade"] = None
        return r
    premises = list(premises)
    own = [a for a in str(r.get("assumptions") or "").split("; ") if a]
    words = [p.words for p in premises if p.words and p.words not in own] + own
    chosen = r.get("grade") or grade
    if chosen == "error" and (own or not all(p.certain for p in premises)):
        chosen = "likely"
    r["grade"], r["assumptions"] = chosen, "; ".join(words)
    lead = words
    if lead and not r.get("_led"):
        r["explanation"] = f"If {'; and '.join(lead)}: {r['explanation']}"
        r["_led"] = True
    return r


def run_entry(study: Study, e: Entry, context: Mapping | None = None) -> list[dict]:
    """The rows of every registered check of ``e``'s kind: ``not_testable`` naming what is missing where a
    precondition does not hold, the check's rows (graded) where all hold. A precondition's ``establish`` is a
    function of the study and the entry alone, so it is called once per entry however many checks need it."""
    rows: list[dict] = []
    known = _known(context, e)  # each precondition established once per entry (several checks need it)
    for spec in REGISTRY.get(e.kind, ()):
        if spec.applies is not None and not spec.applies(study, e):
            continue
        premises = {}
        for p in spec.needs:
            got = known.get(id(p))  # by identity: hashing the dataclass costs more than establishing some
            if got is None:
                got = known[id(p)] = p.establish(study, e)
            premises[p.name] = got
        missing = [p for p in premises.values() if not p.holds]
        if missing:
            shown = spec.shows(e) if spec.shows else e.values()
            rows.append(
                row(
                    study,
                    [e.id],
                    not_testable(spec.name, shown, "Not tested: " + "; ".join(p.words for p in missing) + "."),
                )
            )
            continue
        out = spec.run(study, e, premises, context or {})
        out = [row(study, [e.id], out)] if isinstance(out, Check) else list(out)
        rows += [grade_row(r, premises.values(), spec.grade) for r in out]
    for r in rows:
        r.pop("_led", None)
    return rows


def _known(context: Mapping | None, e: Entry) -> dict[int, Premise]:
    """The premises established for ``e`` so far: kept for the whole audit of its study in ``context["premises"]``
    (``audit_study`` makes it, one per study, whose entries stay alive so their ids stay theirs), else for this call."""
    store = context.get("premises") if context else None
    return {} if store is None else store.setdefault(id(e), {})


def established(p: Precondition, study: Study, e: Entry, context: Mapping | None = None) -> Premise:
    """``p.establish(study, e)``, once per entry in the audit of a study (with its ``context``): the checks of the study
    as a whole (``same_result_rows``) ask again what the entry's own checks established."""
    known = _known(context, e)
    got = known.get(id(p))
    if got is None:
        got = known[id(p)] = p.establish(study, e)
    return got
