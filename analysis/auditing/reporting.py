"""Audit rows about how results are reported rather than their arithmetic: a claim of significance with no
test reported (:mod:`analysis.checks.wording`).

May import what :mod:`analysis.auditing` may; registers its checks in :mod:`.registry`.
"""
from __future__ import annotations

from ..ledger import Entry, Study
from ..results import Check
from .registry import register

__all__ = ["tests_reported"]

_TEST_KINDS = ("estimate_ci_p", "p_value", "test_statistic")


def tests_reported(study: Study) -> bool:
    """Whether the study prints any test, P or CI (an estimate with its CI, a P, a test statistic, or a
    comparison with a P or CI)."""
    return any(e.kind in _TEST_KINDS or (e.kind == "comparison" and (e.has("p") or e.has("lower")))
               for e in study.entries)


def _claims_significance(study: Study, e: Entry) -> bool:
    from ..checks.wording import significance_claim

    return significance_claim(e.fragment or "") is not None


@register("text_only", "significance_reported", applies=_claims_significance)
def _significance_reported(study: Study, e: Entry, premises, context) -> Check:
    from ..checks.wording import check_significance_reported
    from .entries import study_total_n

    return check_significance_reported(e.fragment, tests_reported=tests_reported(study),
                                       n=study_total_n(study))
