"""The report's three readers of one file each (issue 21, leftovers of item 3): the scan file of
``reanalysis scan --report``, the ledger's sources.yaml (for the cache key) and a report's cache record.

Each is read as untrusted: what is not such a file is one :class:`analysis.InputError` line naming the
file, the field and the value. Before, each read sat in ``except (ValueError, KeyError, TypeError)``, so a
TypeError or KeyError from a defect in our own code was taken for a bad file; now it propagates.
"""
from __future__ import annotations

import json

import pytest

from analysis import InputError, LedgerError
from analysis.report import building, caching, scan_content


def _one_line(exc) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


# --------------------------------------------------------------------------- the scan file

GOOD_SCAN = {"files": ["a.txt", "b.txt"], "failed": [["b.txt", "is empty"]],
             "rows": [{"file": "a.txt", "check": "grim", "verdict": "inconsistent", "grade": "likely",
                       "recomputed": 0.5, "reported": None}]}


def test_a_scan_file_reads_back(tmp_path):
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(GOOD_SCAN), encoding="utf-8")
    files, failed, rows = scan_content.load_scan(path)
    assert files == ["a.txt", "b.txt"] and failed == [("b.txt", "is empty")]
    assert rows.loc[0, "verdict"] == "inconsistent" and rows.loc[0, "location"] == ""


@pytest.mark.parametrize("doc, named", [
    ([1, 2], "a JSON list"),
    ({"files": "a.txt", "failed": [], "rows": []}, "field 'files' is \"a.txt\", not a list"),
    ({"files": ["a.txt"], "rows": []}, "field 'failed' is null, not a list"),
    ({"files": [7], "failed": [], "rows": []}, "files[0] is 7, not a file name"),
    ({"files": [], "failed": [["a.txt", "x", "y"]], "rows": []}, "failed[0] is [\"a.txt\", \"x\", \"y\"]"),
    ({"files": [], "failed": [], "rows": [{"file": ["a"]}]}, "rows[0] is {\"file\": [\"a\"]}"),
    ({"files": [], "failed": [], "rows": ["a.txt"]}, "rows[0] is \"a.txt\", not an object"),
])
def test_a_bad_scan_file_is_one_line_naming_the_field(tmp_path, doc, named):
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        scan_content.load_scan(path)
    assert _one_line(exc).startswith(f"{path}: not a scan file (") and named in str(exc.value)


def test_a_scan_file_nested_past_the_recursion_limit_is_one_line(tmp_path):
    path = tmp_path / "scan.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply") as exc:
        scan_content.load_scan(path)
    _one_line(exc)


def test_a_defect_while_reading_a_scan_propagates(tmp_path, monkeypatch):
    path = tmp_path / "scan.json"
    path.write_text(json.dumps(GOOD_SCAN), encoding="utf-8")

    def defect(row):
        raise KeyError("verdict")

    monkeypatch.setattr(scan_content, "_flat", defect)
    with pytest.raises(KeyError):
        scan_content.load_scan(path)


# --------------------------------------------------------------------------- sources.yaml, for the cache key

@pytest.mark.parametrize("text, named", [
    ("sources: {id: a}\n", "field 'sources' = {'id': 'a'}: must be a list of sources"),
    ("sources:\n  - {id: a, title: t}\n", "entry 'a': field 'file': must name the source's text file"),
    ("sources:\n  - {id: a, file: [x]}\n", "entry 'a': field 'file' = ['x']: must name the source's text file"),
    ("sources:\n  - 7\n", "entry 'sources[0]': field 'file'"),
    ("sources: [a, b\n", "not YAML"),
])
def test_a_bad_sources_listing_is_a_ledger_error_naming_the_entry(tmp_path, text, named):
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LedgerError) as exc:
        caching._source_texts(tmp_path)
    assert _one_line(exc).startswith(f"{tmp_path / 'sources.yaml'}: ") and named in str(exc.value)


def test_the_sources_listing_gives_each_text(tmp_path, monkeypatch):
    monkeypatch.setenv("REANALYSIS_SOURCES", str(tmp_path / "nowhere"))
    (tmp_path / "sources.yaml").write_text("sources:\n  - {id: a, file: a.txt}\n  - {id: b, file: b.txt}\n",
                                           encoding="utf-8")
    assert [name for name, _ in caching._source_texts(tmp_path)] == ["a.txt", "b.txt"]
    assert caching._source_texts(tmp_path / "missing") == []   # no ledger: the loader says so later


# --------------------------------------------------------------------------- a report's cache record

def _job(tmp_path, name="s"):
    return building._Job(name, building.NOTEBOOKS / "study.ipynb", {}, "key-1", tmp_path, ("html",))


@pytest.mark.parametrize("text, named", [
    ("{not json", "not a report cache record (JSONDecodeError)"),
    ("[1]", "not a report cache record (a JSON list)"),
    ('{"key": 7}', "field 'key' = '7' is not a str"),
    ('{"seconds": {"execute": "1.2"}}', "field 'seconds': 'execute' = '1.2' is not valid"),
    ('{"seconds": {"execute": -1}}', "field 'seconds': 'execute' = '-1' is not valid"),
    ('{"sha256": {"s.html": 12}}', "field 'sha256': 's.html' = '12' is not valid"),
])
def test_a_bad_cache_record_is_named_and_means_not_cached(tmp_path, text, named):
    job = _job(tmp_path)
    building._cache_file(job).parent.mkdir(parents=True)
    building._cache_file(job).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        caching.read_cache_record(building._cache_file(job))
    assert named in _one_line(exc)
    assert building._is_fresh(job) is False
    assert building._expected_seconds(job, []) == (1.0, 0.0)   # the order without a record


def test_a_defect_while_reading_the_cache_propagates(tmp_path, monkeypatch):
    job = _job(tmp_path)

    def defect(path):
        raise TypeError("unsupported operand type(s) for +: 'float' and 'str'")

    monkeypatch.setattr(building, "read_cache_record", defect)
    for read in (lambda: building._is_fresh(job), lambda: building._expected_seconds(job, [])):
        with pytest.raises(TypeError):
            read()
