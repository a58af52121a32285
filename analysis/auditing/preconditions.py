"""The preconditions checks rest on, each established from the entry and its study (issue 16).

May import analysis.ledger, analysis.results and analysis.auditing.registry.

Each is a :class:`~analysis.auditing.registry.Precondition`; its function returns a
:class:`~analysis.auditing.registry.Premise` that holds, in words, or says what is missing.
"""
from __future__ import annotations

from ..ledger import Entry, Study
from ..ledger.schema import STRONG_N_SOURCES
from .registry import Precondition, Premise

__all__ = ["N_PRINTED", "INTEGER_DATA", "SCALE_BOUNDS", "n_source", "is_draft"]

#: what each n source says, after "n = 30 ..."
_N_WORDS = {"fragment": "printed with it", "cell": "printed in the same cell", "column": "from the column header",
            "n_row": "from the table's n row", "section": "from the section header",
            "arm_table": "the arm's size printed elsewhere", "total": "the paper's total",
            "elsewhere": "printed elsewhere in the text", "unknown": "not printed with it (where from is not recorded)",
            "ledger": "read in the source by the ledger's author"}


def is_draft(study: Study, e: Entry) -> bool:
    """An entry read by the extractor (its ``review`` says what it could not place; a draft's design is unknown),
    not checked by a person."""
    return e.has("review") or study.design == "unknown"


def n_source(study: Study, e: Entry) -> str:
    """Where ``e``'s n was printed: its ``n_source``; a hand ledger entry's default is ``ledger``, a draft
    entry's ``unknown``."""
    if e.has("n_source"):
        return str(e.get("n_source"))
    return "unknown" if is_draft(study, e) else "ledger"


def _n_printed(study: Study, e: Entry) -> Premise:
    if not e.has("n"):
        if e.kind == "proportion":
            return Premise(False, f"{e.get('percent')}% is printed without its denominator: no whole-count check is "
                                  "possible on its own (see the comparison rows for denominators that fit a printed total)")
        return Premise(False, f"no group size n ({e.get('review') or 'not printed with it'})")
    src = n_source(study, e)
    strong = src in STRONG_N_SOURCES
    words = "" if src in ("fragment", "cell", "ledger") else f"n = {e.get('n')} ({_N_WORDS[src]}) is this number's n"
    return Premise(True, words, certain=strong)


def _integer_data(study: Study, e: Entry) -> Premise:
    kind = e.get("measurement")
    why = e.get("measurement_from")
    if kind == "continuous":
        return Premise(False, f"the values are continuous ({why}): GRIM-type checks need integer data")
    if kind == "integer":
        return Premise(True, f"these are integer data ({why})", certain=False)
    if e.has("scale_low") and e.has("scale_high"):
        note = f"; {e.get('scale_note')}" if e.has("scale_note") else ""
        return Premise(True, f"these are integer scores ({e.get('scale_low')}-{e.get('scale_high')} scale{note})",
                       certain=False)
    if e.has("items"):
        return Premise(True, f"these are means of {e.get('items')} integer items", certain=False)
    return Premise(False, "no evidence that the values are integers (a count, an instrument with integer items, "
                          "a stated item range); without it GRIM, GRIMMER and DEBIT do not apply")


def _scale_bounds(study: Study, e: Entry) -> Premise:
    if e.has("scale_low") and e.has("scale_high"):
        note = f" ({e.get('scale_note')})" if e.has("scale_note") else ""
        return Premise(True, f"the scale runs {e.get('scale_low')}-{e.get('scale_high')}{note}", certain=True)
    return Premise(False, "the scale's bounds are not known")


#: the entry has a group size n (and where it was printed decides how sure a finding can be)
N_PRINTED = Precondition("n", _n_printed)
#: positive evidence that the values are integers or means of k integer items (GRIM, GRIMMER, DEBIT)
INTEGER_DATA = Precondition("integer_data", _integer_data)
#: the bounds of the scale are known (the ledger's ``scale_low``/``scale_high``)
SCALE_BOUNDS = Precondition("scale_bounds", _scale_bounds)
