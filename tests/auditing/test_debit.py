"""DEBIT runs in the audit on the proportion of a 0/1 variable printed as mean and SD, and only there (issue 16,
precision item 3): the precondition is a 0-1 scale with integer data and one item, stated in the ledger. The
numbers are the DEBIT vignette's of scrutiny (tests/reference/peer_vectors.md: mean 0.35, SD 0.18, n 20 is
inconsistent; the SD of 7 ones in 20 is sqrt(20/19 * 0.35 * 0.65) = 0.489)."""
from __future__ import annotations

import dataclasses

from analysis.auditing.preconditions import BINARY_DATA
from analysis.auditing.registry import run_entry
from analysis.ledger import load_ledger


def _entry(**fields):
    study = load_ledger().study("sakurai2025")
    e = study.entry("madrs_baseline")
    kept = {k: v for k, v in e.fields.items() if not k.startswith(("scale", "measurement", "items"))}
    return study, dataclasses.replace(e, fields={**kept, "mean": "0.35", "n": "20", **fields})


def _debit(study, e):
    rows = [r for r in run_entry(study, e) if r["check"] == "debit"]
    return rows[0] if rows else None


def test_debit_runs_on_a_binary_variable():
    binary = {"scale_low": "0", "scale_high": "1", "measurement": "integer", "measurement_from": "coded 0 = no, 1 = yes"}
    study, e = _entry(sd="0.18", **binary)
    r = _debit(study, e)
    assert r["verdict"] == "inconsistent" and r["grade"] == "likely" and "this is a 0/1 variable" in r["assumptions"]
    study, e = _entry(sd="0.49", **binary)
    assert _debit(study, e)["verdict"] == "consistent"
    # a mean of several 0/1 items (a 0-1 scale with items) is not binary data: not tested, saying why
    study, e = _entry(sd="0.18", items="4", **binary)
    r = _debit(study, e)
    assert r["verdict"] == "not_testable" and "one 0/1 value" in r["explanation"]
    assert not BINARY_DATA.establish(study, e).holds


def test_debit_does_not_run_without_a_0_1_scale():
    # the seed's MADRS mean (0-60 scale) and the same numbers with no scale at all: no DEBIT row
    study = load_ledger().study("sakurai2025")
    assert _debit(study, study.entry("madrs_baseline")) is None
    study, e = _entry(sd="0.18")
    assert _debit(study, e) is None


def test_an_sd_with_denominator_n_is_a_plausible_reading_not_a_finding():
    # review of c0af6bb: DEBIT tests the sample SD only, so an SD printed with denominator n was called inconsistent.
    # mean 0.35, n 20: sample SD sqrt(20/19 * 0.35 * 0.65) = 0.489 prints 0.49, population SD sqrt(0.35 * 0.65) =
    # 0.477 prints 0.48; mean 0.50: 0.513 (0.51) against 0.500 (0.50)
    binary = {"scale_low": "0", "scale_high": "1", "measurement": "integer", "measurement_from": "coded 0 = no, 1 = yes"}
    assert round((20 / 19 * 0.35 * 0.65) ** 0.5, 2) == 0.49 and round((0.35 * 0.65) ** 0.5, 2) == 0.48
    for mean, sd in (("0.35", "0.48"), ("0.50", "0.50")):
        study, e = _entry(mean=mean, sd=sd, **binary)
        r = _debit(study, e)
        assert r["verdict"] == "consistent" and "denominator n" in r["assumptions"], (mean, sd, r)
    # negative: an SD neither reading gives stays a finding
    study, e = _entry(sd="0.18", **binary)
    assert _debit(study, e)["verdict"] == "inconsistent"
