"""Run every applicable consistency check over every ledger entry.

May import analysis.ledger, analysis.checks, analysis.stats, analysis.extraction and analysis.rederivation; never
the report or the CLI. The checks live in :mod:`.entries` (one per entry kind) and :mod:`.claims` (claims in
words, the primary publication), registered in :mod:`.registry` with the preconditions of :mod:`.preconditions`
they rest on; a precondition that does not hold gives ``not_testable`` naming what is missing.

``audit()`` returns one row per check: study, entry ids, check, verdict,
reported, recomputed, explanation, grade and assumptions (plus numeric columns the report plots), sorted
by grade (:data:`analysis.results.GRADES`: ``error``, ``likely``, ``rounding``, then the rows without one).
Which checks apply to which kind of entry:

==================  =========================================================
kind                checks
==================  =========================================================
mean_sd             ``grim``, ``grimmer`` (integer data and n established;
                    GRIMMER does not restate a GRIM failure); ``debit``
                    on a 0/1 variable (0-1 scale, integer data, one item);
                    ``mean_in_scale``, ``sd_possible`` when the scale
                    bounds are known; ``mean_sd_with_count`` when a proportion
                    of the same measure and time is defined by a threshold
proportion          ``percent_denominator`` (GRIM for percentages) when n is known:
                    an error when count, n and percentage are printed together;
                    against an n printed away only the count and percentage are
                    tested; a truncated or twice-rounded print is graded rounding;
                    ``percent_partition`` for two complementary levels of one
                    variable in one table column (Male and Female): counts above
                    the column's header n (error), percentages beyond 100 over
                    rounding; other groups summing above 100 not testable
count               ``count_le_n``: k of n is a possible count (k <= n)
estimate_ci_p       ``ci_order`` (bounds reversed), ``estimate_in_ci`` (grade error;
                    the estimate printed with its CI), ``ci_symmetry`` (on the
                    scale the text establishes, not for intervals asymmetric by
                    construction); ``p_against_ci`` when p is printed and the
                    estimate sits at the CI's centre (normal, and t with
                    df = N - 2 from the study's total N; an adjusted P only when
                    too small, a one-tailed P halved)
p_value             ``p_only``: not testable (no estimate or CI printed); with the
                    CI of its comparison (a table's 'P (95% CI)' cells):
                    ``p_side_of_ci``, P below the level exactly when the CI
                    excludes the null (grade likely)
test_statistic      ``recompute_p`` (statcheck)
total               ``total``: the parts add up to the total
comparison          ``denominators`` for two percentages whose group sizes are
                    not printed but whose total (and allocation) is, each split
                    rated by its binomial plausibility under the ratio;
                    ``method_ci`` when the comparison prints a CI: which
                    standard method (Newcombe, Wald, Agresti-Caffo; Student,
                    Welch) reproduces it; paired means: ``paired_t_bound`` (the
                    t over every pre-post r); paired counts: ``mcnemar_bounds``;
                    else one ``comparison`` row saying why nothing is testable;
                    independent groups with a P or statistic (or more than
                    two groups): ``summary_test``, the t, ANOVA F, Welch F or
                    chi-squared recomputed over rounding
direction           ``direction``: the words' claim against the numbers' order
claim               ``claim``: a word ("significant", "trend", "noninferior",
                    "a minority", "remained"...) against the p, CI or share it
                    speaks of (:func:`analysis.checks.claims.check_claim`)
text_only           ``text_only``: listed as not verifiable;
                    ``significance_reported`` when its words claim (non-)
                    significance in the statistical sense: not testable, "claim
                    of significance with no test reported", when the study
                    prints no test, P or CI
family              ``multiplicity``: each P of the family's results called
                    significant against Bonferroni and Holm over the family's
                    size (or the correction the source names), graded likely
an entry with       ``same_quantity``: its numbers against the entry it
``same_as``         prints again (the same quantity printed twice)
citation            ``citation``: what the sentence says the cited work is
                    (design, species, arms) against its record in ``cited``
any printed p       ``p_zero`` when it is printed as exactly 0 (statcheck)
a study             ``same_result``: one estimate and CI printed twice with P
                    values that cannot both hold, one CI for two estimates, or
                    one result printed twice alike but for one number that
                    differs as a misprint (decimal point moved, digit inserted);
                    ``one_assumption`` when it prints two or more P-CI pairs;
                    ``same_p`` (a note) when one P is printed for two quantities
primary record      ``fidelity``: the study file's ``primary`` records against
                    the entries they correspond to (number, definition, arm),
                    and per comparison with a total the primary's denominators
==================  =========================================================

An inconsistent row's explanation ends with its most likely cause when the ledger knows it (a
primary-publication record that defines the number otherwise than the source labels it).
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping

from ..ledger import Entry, Ledger, LedgerError, Study, load_ledger
from ..reported import printed_confidence_level
from ..results import GRADES, Check
from . import (  # noqa: F401 - they register checks
    claims as _claims,
    entries as _entries,
    findings as _findings,
    p_with_ci as _p_with_ci,
    reporting as _reporting,
    summary as _summary,
    systematic as _systematic,
)
from .claims import fidelity_rows as _fidelity_rows, known_cause as _known_cause
from .entries import check_percent, study_total_n
from .registry import grade_row, not_testable as _not_testable, row as _row, run_entry

__all__ = ["audit", "audit_study", "sort_by_grade", "COLUMNS", "check_percent", "study_total_n"]

COLUMNS = [
    "study",
    "entry_ids",
    "check",
    "verdict",
    "reported",
    "recomputed",
    "explanation",
    "grade",
    "assumptions",
    "margin",
    "p_printed_low",
    "p_printed_high",
    "p_implied_low",
    "p_implied_high",
    "p_face",
]


def sort_by_grade(df):
    """Rows of a frame with a ``grade`` column, the top grade first (stable: same order within a grade)."""
    rank = {g: i for i, g in enumerate(GRADES)}
    key = df["grade"].map(lambda g: rank.get(g, len(GRADES)))
    return df.iloc[key.argsort(kind="stable")].reset_index(drop=True)


def _readable_ci(e: Entry) -> bool:
    """A P can be recomputed from this CI at all: the estimate inside bounds in order and, on the log scale, every
    number above 0 (a ratio bound printed as 0.0 has no logarithm). An entry that fails is left out of the
    study-wide comparison; its own rows say why (``estimate_in_ci``, ``ci_order``, ``ci_symmetry``)."""
    est, lo, hi = (e.reported(f).value for f in ("estimate", "lower", "upper"))
    return lo <= est <= hi and lo < hi and (e.get("scale", "linear") != "log" or lo > 0)


def _study_rows(study: Study) -> list[dict]:
    """Rows about a study as a whole: one assumption across its P-CI pairs; one P printed for two claims."""
    from ..checks.pvalues import common_assumption

    rows = []
    pairs = [e for e in study.of_kind("estimate_ci_p") if e.has("p") and _readable_ci(e)]
    if len(pairs) >= 2:
        chk = common_assumption(
            [
                {
                    "estimate": e.get("estimate"),
                    "lower": e.get("lower"),
                    "upper": e.get("upper"),
                    "p": e.get("p"),
                    "scale": e.get("scale", "linear"),
                    "confidence_level": printed_confidence_level(e.get("confidence_level"))
                    if e.has("confidence_level")
                    else 0.95,
                }
                for e in pairs
            ],
            names=[e.id for e in pairs],
        )
        rows.append(_row(study, [e.id for e in pairs], chk))
    by_p: dict[tuple, list[Entry]] = {}
    for e in study.of_kind("estimate_ci_p", "p_value", "comparison", "test_statistic"):
        if e.has("p") and e.reported("p").exact:
            r = e.reported("p")
            by_p.setdefault((r.value, r.decimals), []).append(e)
    for group in by_p.values():
        if len(group) > 1:
            what = "; ".join(f"{e.id}: {e.get('estimand') or e.get('measure') or e.kind}" for e in group)
            rows.append(
                _row(
                    study,
                    [e.id for e in group],
                    _not_testable(
                        "same_p",
                        f"P = {group[0].get('p')} x {len(group)}",
                        f"Note: the same P = {group[0].get('p')} is printed for {len(group)} different quantities "
                        f"({what}). That can happen, but one may have been copied to the other: worth checking in "
                        "the primary publication.",
                    ),
                )
            )
    return rows


def audit_study(study: Study, precomputed: Mapping[str, Check] | None = None, strict: bool = True) -> list[dict]:
    """Rows of :func:`audit` for one study (in entry order; :func:`audit` sorts them by grade).

    ``precomputed`` maps test-statistic entry ids to their ``recompute_p`` check, already computed
    (a corpus scan recomputes many at once with ``recompute_p_map``). With ``strict=False`` an entry
    whose check refuses its input gives a ``not_testable`` row instead of an error (a scan goes on).
    """
    rows: list[dict] = []
    context = {"precomputed": precomputed or {}, "premises": {}}  # premises: each entry's, once for the whole study
    for e in study.entries:
        try:
            rows += run_entry(study, e, context)
        except ValueError as exc:  # a check's refusal of a ledger value (or a LedgerError): name file and entry
            # a TypeError, KeyError, AttributeError or ZeroDivisionError is a defect and propagates
            if isinstance(exc, LedgerError) and strict:
                raise
            why = f"cannot be checked: {exc}"
            if strict:
                raise LedgerError(study.path, e.id, None, None, why) from None
            rows.append(_row(study, [e.id], _not_testable("audit", e.values(), why)))
    rows = _systematic.demote(study, rows, _findings.one_row_per_finding(study, list(rows))) + [
        grade_row(r) for r in _study_rows(study) + _findings.same_result_rows(study, context)
    ]
    for r in rows:
        if r["verdict"] == "inconsistent":
            cause = _known_cause(study, r["entry_ids"].split(","))
            if cause:
                r["explanation"] = r["explanation"].rstrip(".") + "." + cause
    return rows + _fidelity_rows(study)  # their explanations state the primary's definition


def audit(studies: str | Iterable[str] | None = None, data_dir=None, sources_dir=None, ledger: Ledger | None = None):
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
        ``grade`` (one of :data:`analysis.results.GRADES` on an inconsistent row, else None),
        ``assumptions`` (what the verdict rests on, joined with "; "), ``margin``, and for p-against-CI rows the printed p interval, the
        range of p the CI implies over the rounding of the printed numbers and
        over the assumptions tried (normal, t), and the face-value p under the
        normal assumption (NaN elsewhere). Sorted by grade, the top grade first.

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
            df[col] = math.nan if col.startswith("p_") or col == "margin" else None if col == "grade" else ""
    return sort_by_grade(df[COLUMNS])
