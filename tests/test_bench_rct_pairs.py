"""benchmarks/rct_pairs.py: the scorer shared by rct-extraction-dev and benchmarks/rct-annotated.

Printed forms are those met while annotating benchmarks/rct-annotated (the PMC id says where); the
expected figures are counted by hand from the rows written out in each test.
"""
from __future__ import annotations

import importlib.util

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("rct_pairs", ROOT / "benchmarks" / "rct_pairs.py")
rct_pairs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rct_pairs)


def _row(kind, a="", b="", n="", pct="", src="column"):
    return {"kind": kind, "mean": a if kind != "events" else "", "sd": b if kind != "events" else "",
            "events": a if kind == "events" else "", "percent": pct, "n": n, "n_source": src, "flags": ""}


def test_number_reads_printed_forms_alike():
    # PMC3227609 table 2: decimal comma with U+2212; PMC4210064 text: thousands separator, '+', en dash
    assert rct_pairs.number("\u22120,02697") == -0.02697
    assert rct_pairs.number("1,992") == 1992.0
    assert rct_pairs.number("+141") == 141.0
    assert rct_pairs.number("\u2013481") == -481.0
    assert rct_pairs.number(".85") == 0.85  # PMC4748323 table 4: '0.84 ± .85'
    # negative cases: not numbers
    assert rct_pairs.number("8O") is None  # PMC4538741 table 1 prints a letter O in '20 (8O%)'
    assert rct_pairs.number("") is None


def test_pairs_are_matched_one_to_one_within_a_paper():
    # two cells printing 0 (0) need two drafted counts; one drafted count finds one of them
    rows = {"P": [_row("events", "0", n="141", pct="0"), _row("events", "0", n="141", pct="0")]}
    drafts = {"P": [{"kind": "count", "k": "0", "n": "141"}]}
    t = rct_pairs.score(rows, drafts)["totals"]
    assert (t["kn_found"], t["kn"]) == (1, 2)
    drafts["P"].append({"kind": "proportion", "k": "0", "n": "141", "percent": "0"})
    assert rct_pairs.score(rows, drafts)["totals"]["kn_found"] == 2


def test_mean_sd_found_with_and_without_the_printed_n():
    rows = {"P": [_row("mean_sd", "\u22120.56", "1.5", n="1219"), _row("mean_sd", "44.77", "9.21", n="30")]}
    drafts = {"P": [{"kind": "mean_sd", "mean": "-0.56", "sd": "1.5", "n": "1268"},  # wrong n
                    {"kind": "mean_sd", "mean": "44.77", "sd": "9.21", "n": "30"}]}
    t = rct_pairs.score(rows, drafts)["totals"]
    assert (t["msd_found"], t["msd"], t["msd_found_n"], t["msd_with_n"]) == (2, 2, 1, 2)


def test_an_se_drafted_as_sd_is_counted_and_stays_unmatched():
    # PMC4757976 table 3 prints mean ± SEM; a mean_sd entry holding it is wrong
    rows = {"P": [_row("mean_se", "230", "13", n="59")]}
    drafts = {"P": [{"kind": "mean_sd", "mean": "230", "sd": "13", "n": "59"}]}
    res = rct_pairs.score(rows, drafts, complete={"P"})
    assert (res["totals"]["se_read_as_sd"], res["totals"]["se_rows"]) == (1, 1)
    assert res["per_paper"] == [("P", 1, 1, 1)]


def test_precision_like_counts_only_complete_papers():
    rows = {"A": [_row("mean_sd", "1.0", "0.5", n="10")], "B": []}
    drafts = {"A": [{"kind": "mean_sd", "mean": "1.0", "sd": "0.5"}, {"kind": "count", "k": "3", "n": "27"}],
              "B": [{"kind": "count", "k": "3", "n": "27"}]}
    res = rct_pairs.score(rows, drafts, complete={"A"})
    assert res["per_paper"] == [("A", 2, 2, 1), ("B", 1, 1, None)]
    assert (res["totals"]["unmatched_pairs"], res["totals"]["drafted_pairs"]) == (1, 2)
