"""Extraction: draft a ledger study from a paper's text (``analysis.extract(source)``).

May import analysis.reported and the modules of this package only.

``extract(source, study_id=None)`` reads a file (:func:`read_text`) or a string of text and returns a
:class:`Draft`: the study in the ledger's own format (``data/README.md``), every printed number kept
as the string printed, every fragment an exact substring of ``Draft.text``. What the extractor cannot
place (arm, time point, measure, denominator) it leaves out and names in the entry's ``review`` field.

The package module is itself callable, so ``analysis.extract(path)`` and
``analysis.extract.extract(path)`` are the same call.
"""
from __future__ import annotations

import sys
import types

from .draft import Draft, extract, study_yaml
from .readers import ExtractError, read_text

__all__ = ["extract", "Draft", "ExtractError", "read_text", "study_yaml"]


class _CallableModule(types.ModuleType):
    """The package, callable as :func:`extract` (``analysis.extract(path)``)."""

    def __call__(self, source, study_id=None):
        return extract(source, study_id=study_id)


sys.modules[__name__].__class__ = _CallableModule
