"""Bad arguments to the corpus commands and to the new public functions (review RV3): the CLI exits 2
with one line naming the argument and its value, never a traceback; the functions raise ValueError or
TypeError naming the argument and quoting the value.
"""
from __future__ import annotations

import socket
import time

import pandas as pd
import pytest

from analysis import scan
from analysis.checks.paired import mcnemar_bounds, paired_t_bounds
from analysis.checks.scan_maps import debit_map, recompute_p_map
from analysis.cli import main


def _one_line_error(capsys) -> str:
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln and not ln.startswith("scan:")]  # tqdm's bar
    assert len(lines) == 1 and lines[0].startswith("reanalysis: error: "), lines
    return lines[0] + "\n"


def test_scan_a_folder_with_no_files_names_it(tmp_path, capsys):
    (tmp_path / ".hidden.txt").write_text("t(28) = 2.20, p = .03", encoding="utf-8")
    assert main(["scan", str(tmp_path)]) == 2
    assert _one_line_error(capsys) == f"reanalysis: error: {tmp_path}: no files to scan (hidden files are skipped)\n"


def test_scan_with_nothing_readable_is_one_line_naming_the_file(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_bytes(b"\x00\x02binary")
    assert main(["scan", str(tmp_path)]) == 2
    err = _one_line_error(capsys)
    assert err.startswith(f"reanalysis: error: nothing could be read: {tmp_path / 'a.txt'}: is a binary file")
    assert err.endswith("(and 1 more)\n")


def test_scan_dask_address_nothing_listens_on_is_one_line_within_seconds(tmp_path, capsys):
    pytest.importorskip("dask.distributed")
    with socket.socket() as s:  # a loopback port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "a.txt").write_text("t(28) = 2.20, p = .03", encoding="utf-8")
    t0 = time.perf_counter()
    assert main(["scan", str(tmp_path), "--dask", f"tcp://127.0.0.1:{port}"]) == 2
    assert time.perf_counter() - t0 < 30
    err = _one_line_error(capsys)
    assert err.startswith(f"reanalysis: error: --dask ('tcp://127.0.0.1:{port}'): no Dask scheduler could be reached")


@pytest.mark.parametrize("paths", [3, None, [3]])
def test_scan_paths_that_are_not_paths(paths):
    with pytest.raises(TypeError, match=r"^paths"):
        scan(paths)


@pytest.mark.parametrize("fn", [lambda a: paired_t_bounds("5", "1", "4", "1", 10, alpha=a),
                                lambda a: mcnemar_bounds(3, 5, 10, alpha=a)])
@pytest.mark.parametrize("alpha", [2, 0, True, "0.05"])
def test_paired_checks_refuse_an_alpha_outside_0_1(fn, alpha):
    with pytest.raises(ValueError, match=rf"^alpha \({alpha!r}\) must be in \(0, 1\)$".replace(".", r"\.")):
        fn(alpha)


def test_maps_name_a_missing_column_and_a_frame_that_is_not_one():
    with pytest.raises(ValueError, match=r"^std \('sd'\) must name a column of the frame; columns: mean$"):
        debit_map(pd.DataFrame({"mean": ["0.5"]}))
    with pytest.raises(ValueError, match=r"^statistic \('statistic'\) must name a column of the frame; columns: test$"):
        recompute_p_map(pd.DataFrame({"test": ["t"]}))
    for fn in (debit_map, recompute_p_map):
        with pytest.raises(TypeError, match=r"^df \(list\) must be a pandas DataFrame"):
            fn([1, 2])
