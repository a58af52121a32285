"""analysis.scan and `reanalysis scan`: extract then audit every file of a corpus, one row per check.

The extractor is replaced by tests/fake_extract.py (it reads only `t(28) = 2.20, p = .03`), so these
tests cover the scan's own work: folders walked, rows and columns, decision errors, unreadable files
reported by name, the progress bar, the exit codes, and the process pool and Dask cluster giving the
same rows as one process. The expected p values are statcheck's own example (its manual: t(28) = 2.20
gives p = .036) and scipy's t distribution, independent of the code under test.
"""
from __future__ import annotations

import json
import os
import sys
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

import fake_extract
from analysis import scan
from analysis.cli import main

COLUMNS = ["file", "entry_ids", "kind", "fragment", "location", "check", "verdict", "reported", "recomputed",
           "explanation", "decision_error", "grade", "assumptions"]  # grade, assumptions: issue 16


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    fake_extract.install(monkeypatch)
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("We found t(28) = 2.20, p = .03 in N = 40 people; 3 of 40 patients left.\n",
                                encoding="utf-8")
    # p = .036 printed as .06: inconsistent, and a decision error (printed ns, recomputed < .05)
    (root / "sub" / "b.txt").write_text("Then t(28) = 2.20, p = .06 and F(1, 40) = 12.5, p < .01.\n",
                                        encoding="utf-8")
    (root / "sub" / "deeper" / "c.md").write_text("Lastly r(98) = .32, p = .01.\n", encoding="utf-8")
    (root / "sub" / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    return root


def _rows_by_fragment(df):
    return {r["fragment"]: r for r in df.astype(object).where(df.notna(), None).to_dict("records")}


def test_scan_walks_folders_and_gives_one_row_per_check(corpus):
    res = scan([corpus])
    df = res.to_frame()
    assert list(df.columns) == COLUMNS
    assert sorted(os.path.basename(f) for f in set(df["file"])) == ["a.txt", "b.txt", "c.md"]
    rows = _rows_by_fragment(df[df["check"] == "recompute_p"])
    p = 2 * stats.t.sf(2.20, 28)  # 0.0362 (statcheck's manual example)
    assert round(p, 3) == 0.036
    a = rows["t(28) = 2.20, p = .03"]
    assert a["verdict"] == "inconsistent" and a["decision_error"] is False and a["kind"] == "test_statistic"
    assert a["entry_ids"] == "test_1" and a["recomputed"] == f"p = {p:.3f}"
    b = rows["t(28) = 2.20, p = .06"]
    assert b["verdict"] == "inconsistent" and b["decision_error"] is True
    f = rows["F(1, 40) = 12.5, p < .01"]
    assert stats.f.sf(12.55, 1, 40) < .01 and f["verdict"] == "consistent" and f["decision_error"] is False
    c = rows["r(98) = .32, p = .01"]
    t_lo = 0.315 / ((1 - 0.315**2) / 98) ** 0.5  # r at the low end of its rounding interval: the largest p
    assert 2 * stats.t.sf(t_lo, 98) < .005 and c["verdict"] == "inconsistent" and c["decision_error"] is False
    # checks without a printed p (a count) have no decision error
    other = df[df["check"] != "recompute_p"]
    assert other["check"].tolist() == ["count_le_n"] and other["decision_error"].isna().all()
    assert other["kind"].tolist() == ["count"] and other["verdict"].tolist() == ["consistent"]
    # the binary file is reported by name, and did not stop the scan
    assert [os.path.basename(f) for f, _ in res.failed] == ["blob.bin"]
    assert "binary" in res.failed[0][1]
    assert len(res.files) == 4


def test_scan_of_single_files_and_strings_of_paths(corpus):
    df = scan([str(corpus / "a.txt")]).to_frame()
    assert set(df["file"]) == {str(corpus / "a.txt")}
    assert scan(str(corpus / "a.txt")).to_frame().equals(df)


def test_scan_with_a_process_pool_gives_the_same_rows(corpus):
    one = scan([corpus], jobs=1).to_frame()
    two = scan([corpus], jobs=2).to_frame()
    pd.testing.assert_frame_equal(one, two)


def test_scan_rejects_bad_arguments(corpus, tmp_path):
    with pytest.raises(ValueError, match=r"jobs \(0\) must be a positive integer"):
        scan([corpus], jobs=0)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        scan([tmp_path / "nowhere"])


def test_cli_scan_csv_with_progress_bar_and_failures_at_the_end(corpus, capsys):
    assert main(["scan", str(corpus), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    df = pd.read_csv(StringIO(out))
    assert list(df.columns) == COLUMNS and len(df) == 5  # 4 p values and a count
    assert "4/4" in err  # the tqdm bar over the files
    last = err.strip().splitlines()[-2:]
    assert "1 file could not be read" in last[0] and "blob.bin" in last[1] and "binary" in last[1]


def test_cli_scan_json_and_table(corpus, capsys):
    assert main(["scan", str(corpus / "a.txt"), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert [r["check"] for r in records] == ["recompute_p", "count_le_n"]
    assert records[0]["decision_error"] is False and records[1]["decision_error"] is None
    assert "it/s" not in err and "%|" not in err  # no progress bar for a single file
    assert main(["scan", str(corpus / "sub"), "--jobs", "2"]) == 0
    out, _ = capsys.readouterr()
    assert "F(1, 40) = 12.5, p < .01" in out


def test_cli_scan_exits_2_when_nothing_could_be_read(corpus, capsys):
    assert main(["scan", str(corpus / "sub" / "blob.bin")]) == 2
    _, err = capsys.readouterr()
    assert err.strip().splitlines()[-1].startswith("reanalysis: error:") and "blob.bin" in err
    assert main(["scan", str(corpus / "missing.txt")]) == 2
    _, err = capsys.readouterr()
    assert "missing.txt" in err and "Traceback" not in err


@pytest.fixture
def environ_kept():
    """``os.environ`` put back after the test: a LocalCluster with worker processes leaves its workers' variables
    in it (``OMP_NUM_THREADS=1``, ``PYTHONHASHSEED``, ``MALLOC_TRIM_THRESHOLD_``, ``__DASK_PARENT_PID``), and every
    later test of the process inherited them: its subprocesses, and its report builds (a kept report kernel serves
    only the environment it was started in, so the next build started another)."""
    saved = dict(os.environ)
    yield
    for name in set(os.environ) - set(saved):
        del os.environ[name]
    os.environ.update(saved)


@pytest.mark.slow
def test_scan_on_a_dask_cluster_gives_the_same_rows(tmp_path, capsys, environ_kept):
    distributed = pytest.importorskip(
        "dask.distributed", reason="dask[distributed] is not installed (pip install -e '.[dask]')")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text("We found t(28) = 2.20, p = .03 in 40 people.\n", encoding="utf-8")
    (root / "b.txt").write_text("Then t(28) = 2.20, p = .06 and F(1, 40) = 12.5, p < .01.\n", encoding="utf-8")
    (root / "c.bin").write_bytes(b"\x00binary")
    local = scan([root])
    # dashboard_address=":0": the scheduler's HTTP server on a free port (None means 8787, and a warning in the
    # suite's output whenever another run on the machine holds that port)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        remote = scan([root], client=client)
        # the command line reaches the same cluster by its address
        assert main(["scan", str(root), "--format", "csv", "--dask", cluster.scheduler_address]) == 0
    out, err = capsys.readouterr()
    expected = pd.read_csv(StringIO(local.to_frame().to_csv(index=False)))
    pd.testing.assert_frame_equal(pd.read_csv(StringIO(out)), expected)
    assert "c.bin" in err.strip().splitlines()[-1]
    pd.testing.assert_frame_equal(local.to_frame(), remote.to_frame())
    assert remote.failed == local.failed and len(remote.failed) == 1
    assert (local.to_frame()["check"] == "recompute_p").sum() >= 3


def test_the_vectorised_p_values_give_the_audits_rows(tmp_path, monkeypatch):
    """The scan recomputes the P values of a chunk in one recompute_p_map call; the rows must be those
    the audit's own path (recompute_p, entry by entry) gives. Real extractor, statcheck's printed forms."""
    from analysis.scanning import _scan_chunk

    text = ("t(28) = 2.20, p = .03; t(28) = 2.20, p = .06; F(1, 40) = 12.5, p < .01; F(2, 57) = 3.24, p = .046; "
            "r(98) = .32, p = .01; chi2(1) = 3.84, p = .05; z = 1.96, p = .05; t(40) = 2.02, p > .05; "
            "t(20) = 0.0, p = .99; t(30) = 2.5, p = .000; t(18) = 1.2, ns.\n")
    files = []
    for i in range(3):
        f = tmp_path / f"paper{i}.txt"
        f.write_text(f"Study {i}. " + text, encoding="utf-8")
        files.append(str(f))
    import analysis.checks.maps as maps

    calls = []
    real = maps.recompute_p_map
    monkeypatch.setattr(maps, "recompute_p_map", lambda frame, **kw: calls.append(len(frame)) or real(frame, **kw))
    fast = _scan_chunk(files)
    assert len(calls) == 1 and calls[0] >= 3 * 8  # one call for the chunk, no fallback
    slow = _scan_chunk(files, vectorised=False)
    assert len(calls) == 1 and fast == slow
    rows = [r for _, rs, _ in fast for r in rs if r["check"] == "recompute_p"]
    assert len(rows) >= 3 * 8 and {r["verdict"] for r in rows} == {"consistent", "inconsistent"}
    assert any(r["decision_error"] for r in rows)


def test_fractional_df_are_recomputed_by_the_scan_and_the_audit(tmp_path):
    """F(1.8, 86.7) (Greenhouse-Geisser) was not_testable; now both the map and the audit's own path
    recompute it over the df's rounding (consistent with .017; .014 is not reached)."""
    from analysis.scanning import _scan_chunk

    f = tmp_path / "gg.txt"
    # the third is statcheck's own corrected-df example (tests/testthat/test-extract-F-tests.R reads df 2.1, 28.1)
    f.write_text("We found F(1.8, 86.7) = 4.55, p = .017 and F(1.4, 67.3) = 4.55, p = .014. "
                 "Then F(2.1, 28.1) = 2.20, p = .03.\n", encoding="utf-8")
    fast = _scan_chunk([str(f)])
    assert fast == _scan_chunk([str(f)], vectorised=False)
    rows = {r["reported"]: r["verdict"] for _, rs, _ in fast for r in rs if r["check"] == "recompute_p"}
    assert rows == {"F(1.8, 86.7) = 4.55, p = .017": "consistent", "F(1.4, 67.3) = 4.55, p = .014": "inconsistent",
                    "F(2.1, 28.1) = 2.20, p = .03": "inconsistent"}  # P .126 to .129 over the df's rounding


def test_the_scans_validation_finds_fragments_in_any_order_and_refuses_one_not_in_the_text():
    """The scan looks for each drafted fragment from just before the last one found (a draft's entries follow the
    text), then in the whole text: a fragment printed before the previous entry's is still found, and one that is
    not in the text is refused with the loader's own message (the statcheck manual's t(28) = 2.20, p = .036)."""
    from analysis.extraction import Draft
    from analysis.ledger import LedgerError
    from analysis.ledger.schema import Source
    from analysis.ledger.validation import _validate_entry
    from analysis.scanning import _study

    text = "Scores differed, t(28) = 2.20, p = .036. " + "Nothing here. " * 40 + "Then 30 of 40 patients (75%) left."
    late = {"id": "percent_1", "kind": "proportion", "fragment": "30 of 40 patients (75%)", "k": "30", "n": "40",
            "percent": "75", "measure": "left"}
    early = {"id": "test_1", "kind": "test_statistic", "fragment": "t(28) = 2.20, p = .036", "test": "t",
             "statistic": "2.20", "df": "28", "p": ".036"}
    lost = dict(early, id="test_2", fragment="t(28) = 2.20, p = .036 in")
    draft = Draft("s", text, [late, early, lost], {"id": "s"})
    study, bad = _study(draft, "s.txt")
    assert [e.id for e in study.entries] == ["percent_1", "test_1"]
    source = Source(id="s", file="s.txt", title="", citation="", doi=None, registry=None, document_type="",
                    sha256="", text=text)
    with pytest.raises(LedgerError) as loader:
        _validate_entry(Path("s.txt"), "s", lost, source)
    assert [(raw["id"], why) for raw, why in bad] == [("test_2", str(loader.value))]
    assert "not found verbatim" in str(loader.value)


def test_a_scan_imports_scipy_stats_only_when_a_reading_needs_it(tmp_path):
    """scipy.stats costs about 0.3 s of CPU to import (its distributions' docstrings are parsed): a first scan paid it
    for every text with a 1-df chi-square, through pvalue_readings.exact_chi2 importing it before its first test
    (benchmarks/README.md, issue 22 session 11). A scan of t, F and chi-square tests, in a paper naming no software
    that prints exact Ps, does not import it."""
    import subprocess

    f = tmp_path / "a.txt"
    f.write_text("Scores differed, t(28) = 2.20, p = .03; F(2, 40) = 3.1, p = .05; chi2(1) = 4.981, p = .026.",
                 encoding="utf-8")
    code = ("import sys, analysis; rows = analysis.scan([sys.argv[1]]).to_frame(); "
            "assert len(rows) >= 3, rows; print('scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
