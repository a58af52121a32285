"""The ledger stage: every printed number of every study, as the source printed it, validated.

Holds the schema (:mod:`.schema`), per-entry validation (:mod:`.validation`), the primary-publication
records (:mod:`.primary`) and loading (:mod:`.loading`); may import analysis.reported and analysis.results only, never the checks,
the audit or the report. ``from analysis.ledger import load_ledger, Ledger, Entry, Study,
LedgerError`` is the public way in.
"""

from __future__ import annotations

from .loading import default_data_dir, default_sources_dir, load_ledger
from .primary import PrimaryPublication, PrimaryRecord
from .schema import KINDS, NUMERIC, Entry, Ledger, LedgerError, Source, Study

__all__ = [
    "KINDS",
    "NUMERIC",
    "LedgerError",
    "Source",
    "Entry",
    "Study",
    "Ledger",
    "load_ledger",
    "default_data_dir",
    "default_sources_dir",
    "PrimaryPublication",
    "PrimaryRecord",
]
