"""The report stage: study and overview reports from the ledger, the audit and the re-derivation.

Holds content (text and tables of one study), overview (tables across studies), plots (figures),
building (papermill, cache, atomic writes; :func:`analysis.report.building.build`), kernels (the
kernel pool) and browser (headless Chromium printing PDF). It may import every lower stage;
nothing below imports it. Nothing is imported here, so a report kernel that needs only
:mod:`.content` does not load papermill or nbconvert.
"""
