"""How results are worded: a claim of (non-)significance for which the source reports no test.

May import analysis.results only; never the ledger, auditing or report.

"Significant" has two senses. In the statistical one it qualifies a comparison (a significant change,
difference, improvement; significantly reduced; statistically significant) and needs a test, a P or a
CI behind it. In the ordinary one it means important ("particularly significant given ...") and needs
none. :func:`significance_claim` separates the two by the words around it; every pattern is linear
(no nested quantifiers) and the fragment is capped in length.
"""

from __future__ import annotations

import re

from ..results import Check

__all__ = ["significance_claim", "check_significance_reported"]

_MAX_CHARS = 2000
#: what a significant X can be in the statistical sense (a comparison's result)
_OBJECTS = (
    r"(?:change|changes|difference|differences|improvement|improvements|reduction|reductions|increase|"
    r"increases|decrease|decreases|decline|effect|effects|benefit|benefits|association|associations|"
    r"correlation|gain|gains|response|superiority)"
)
_STAT = re.compile(
    r"\bstatistical(?:ly)?\s+significan(?:t|ce)\b"  # statistically significant
    r"|\bsignificant(?:\s+[a-z-]+){0,2}?\s+" + _OBJECTS + r"\b"  # significant (positive) changes
    r"|\bsignificantly\s+(?:[a-z]+ed|lower|higher|better|worse|greater|smaller|less|more|different)\b"
    r"|\bsignificant(?:ly)?\s+(?:in|between|over|versus|vs\.?|compared)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:no|not|non|failed to (?:discern|find|show|detect) an?|without|lack of)\s+"
    r"(?:a\s+|any\s+)?(?:statistically\s+)?significan",
    re.IGNORECASE,
)
#: the ordinary sense: importance, not a test
_ORDINARY = re.compile(
    r"\b(?:particularly|especially|most|more|highly|clinically|very)\s+significant\b"
    r"|\bsignificant\s+(?:given|because|since|for|to|in that)\b",
    re.IGNORECASE,
)


def significance_claim(text: str) -> tuple[str, str] | None:
    """The significance claim a fragment makes, in the statistical sense: ``("significant" or
    "not significant", the words matched)``; None for no claim or the ordinary sense.

    >>> significance_claim("Researchers observed significant positive changes in both mood and behavior")
    ('significant', 'significant positive changes')
    >>> significance_claim("The study's findings are particularly significant given that a recent trial")
    >>> significance_claim("Results showed no significant difference between ketamine and placebo")
    ('not significant', 'significant difference')
    """
    if not isinstance(text, str):
        raise TypeError(f"text ({type(text).__name__}) must be a string")
    text = text[:_MAX_CHARS]
    m = _STAT.search(text)
    if m is None:
        return None
    before = _ORDINARY.search(text)
    if before is not None and not re.search(r"statistical", text, re.IGNORECASE):
        # a clinically / particularly significant X is a judgement of size, not a test
        if before.start() <= m.start() <= before.end():
            return None
    # a negation counts only where it governs this claim's own word ("no significant difference"), not a negation
    # elsewhere in the fragment ("a significant improvement in B but no significant difference in A")
    negated = any(n.start() < m.start() < n.end() for n in _NEGATED.finditer(text))
    return ("not significant" if negated else "significant"), m.group(0)


def check_significance_reported(text: str, *, tests_reported: bool, n: int | None = None) -> Check | None:
    """A claim of significance against whether the source reports a test for it.

    Parameters
    ----------
    text : str
        The words of the claim (a ledger fragment).
    tests_reported : bool
        Whether the source prints a test, P or CI for the comparison the words speak of (the audit
        passes: does the study print any).
    n : int, optional
        The sample size behind the claim, shown beside it.

    Returns
    -------
    Check or None
        None when the words make no significance claim in the statistical sense. Else
        ``significance_reported``: ``consistent`` when a test is reported; ``not_testable`` with
        "claim of significance with no test reported" when none is: the claim cannot be checked,
        and a reader should know that it rests on nothing printed (a finding of its own, not an
        inconsistency).

    Examples
    --------
    >>> c = check_significance_reported("significant positive changes in both mood and behavior",
    ...                                 tests_reported=False, n=3)
    >>> c.verdict, c.reported
    ('not_testable', 'claim of significance with no test reported')
    """
    found = significance_claim(text)
    if found is None:
        return None
    sense, words = found
    size = f" (n = {n})" if n is not None else " (no sample size printed)"
    if tests_reported:
        return Check(
            "significance_reported",
            "consistent",
            f"'{words}': the source reports a test, P or CI for the result",
            reported=sense,
            details={"sense": sense, "words": words},
        )
    what = "non-significance" if sense == "not significant" else "significance"
    return Check(
        "significance_reported",
        "not_testable",
        f"Claim of {what} with no test reported: '{words}'{size}; the source prints no test, P or CI "
        "for it, so the word cannot be checked and rests on nothing the reader can see",
        reported=f"claim of {what} with no test reported",
        recomputed="no test, P or CI printed",
        details={"sense": sense, "words": words, "n": n},
    )
