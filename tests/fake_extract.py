"""A tiny stand-in for analysis.extraction, for testing the scan and add plumbing on its own.

It reads only APA test statistics of the form ``t(28) = 2.20, p = .03`` and ``N = 40`` and
has the interface of the real extractor: ``read_text(path)``, ``extract(source, study_id=None)``
returning a draft with ``study_id``, ``text``, ``entries``, ``to_dict()``, ``to_yaml()``,
``study_yaml(doc)`` and ``ExtractError(ValueError)`` naming the file.
"""
from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import yaml

from analysis.results import InputError

_TEST = re.compile(r"\b(t|F|r|z|chi2)(?:\((\d+)(?:, ?(\d+))?\))? ?= ?(-?\d*\.?\d+), p ?([<=>]) ?(\d*\.\d+)")
_N = re.compile(r"\bN = (\d+)")
_COUNT = re.compile(r"\b(\d+) of (\d+) patients")


class ExtractError(InputError):
    def __init__(self, file, problem):
        self.file, self.problem = str(file), problem
        super().__init__(f"{self.file}: {problem}")


def read_text(path) -> str:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ExtractError(p, f"cannot be read ({exc.strerror})") from None
    if b"\0" in raw:
        raise ExtractError(p, "a binary file, not text")
    try:
        return raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ExtractError(p, "not UTF-8 text") from None


class Draft:
    def __init__(self, study_id, text, entries):
        self.study_id, self.text, self.entries = study_id, text, entries

    @property
    def study(self):
        return {"id": self.study_id, "source": self.study_id, "title": "Draft (fake extractor)",
                "design": "single_arm", "cites": None, "arms": ["all"]}

    def to_dict(self):
        return {"study": self.study, "entries": [dict(e) for e in self.entries]}

    def to_yaml(self):
        return study_yaml(self.to_dict())


def study_yaml(doc) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def extract(path, study_id=None):
    return extract_text(read_text(path), study_id or re.sub(r"[^a-z0-9_]", "_", Path(path).stem.lower()))


def extract_text(text, study_id=None):
    study_id = study_id or "draft"
    entries = []
    for i, m in enumerate(_TEST.finditer(text)):
        test, d1, d2, stat, cmp, p = m.groups()
        df = f"{d1},{d2}" if d2 else d1
        entries.append({"id": f"test_{i + 1}", "kind": "test_statistic", "test": test, "statistic": stat,
                        "df": df, "p": ("" if cmp == "=" else cmp) + p, "fragment": m.group(0)})
    for i, m in enumerate(_N.finditer(text)):
        entries.append({"id": f"n_{i + 1}", "kind": "sample_size", "n": m.group(1), "fragment": m.group(0)})
    for i, m in enumerate(_COUNT.finditer(text)):
        entries.append({"id": f"count_{i + 1}", "kind": "count", "k": m.group(1), "n": m.group(2),
                        "measure": "patients", "fragment": m.group(0)})
    return Draft(study_id, text, entries)


def install(monkeypatch) -> types.ModuleType:
    """Put this module in the place of analysis.extraction (and its functions in the place of
    analysis.extract and analysis.extract_text) for the rest of a test."""
    mod = sys.modules[__name__]
    import analysis

    # resolve the real functions first: analysis imports them lazily and keeps what it imported, so
    # resolved while this module stands in for analysis.extraction they would stay the fakes after the test
    _ = analysis.extract, analysis.extract_text
    monkeypatch.setitem(sys.modules, "analysis.extraction", mod)
    monkeypatch.setattr(analysis, "extract", mod.extract, raising=False)
    monkeypatch.setattr(analysis, "extract_text", mod.extract_text, raising=False)
    return mod

