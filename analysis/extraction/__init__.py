"""Extraction: draft a ledger study from a paper (``analysis.extract(path)``, ``analysis.extract_text(text)``).

May import analysis.reported and the modules of this package only.

:func:`extract` reads a file (:func:`read_text`) and :func:`extract_text` a string of text; both return a
:class:`Draft`: the study in the ledger's own format (``data/README.md``), every printed number kept as
the string printed, every fragment an exact substring of ``Draft.text``. What the extractor cannot place
(arm, time point, measure, denominator) it leaves out and names in the entry's ``review`` field.
"""

from __future__ import annotations

from .draft import Draft, extract, extract_text, study_yaml
from .readers import ExtractError, read_text

__all__ = ["extract", "extract_text", "Draft", "ExtractError", "read_text", "study_yaml"]
