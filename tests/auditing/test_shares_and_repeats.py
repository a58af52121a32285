"""Two certain checks of issue 16 item 3, each with cases where it held and where it did not, on short printed forms
written here after forms seen in the evidence-inference corpus (the comment beside each gives the PMC id):

- ``percent_partition``: the two levels of one binary variable printed in one table column (Male and Female) cannot
  count more people than the column's n, nor have percentages summing beyond 100 over their rounding;
- ``same_result`` (extended): one result printed twice, alike in every number but one, which differs as a misprint
  does (a decimal point moved, a digit inserted), cannot be right both times.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import scan
from analysis.auditing.findings import misprint


def rows(tmp_path, text: str, name: str = "paper.txt") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan(path, progress=False).to_frame()


def of(df: pd.DataFrame, check: str, verdict: str | None = None) -> pd.DataFrame:
    r = df[df["check"] == check]
    return r[r["verdict"] == verdict] if verdict else r


# --------------------------------------------------------------------------- percent_partition

#: PMC3482439 table 1: group II's women and men (72 + 18 = 90) under a header n of 86; group I's 49 + 26 fit its 79
SEX_ROWS = ("Table 1\nPreoperative data of the patients\n | Group I DHS (N = 79) | Group II Endovis (N = 86)\n"
            "Sex | Sex | Sex\nWomen | 49 (65.4 %) | 72 (80 %)\nMen | 26 (34.6 %) | 18 (20 %)\n"
            "Average age (years) | 82.53 (±6.79) | 81.95 (±7.21)\n\n")


def test_counts_of_two_levels_above_the_header_n_are_an_error(tmp_path):
    df = of(rows(tmp_path, SEX_ROWS), "percent_partition")
    bad = df[df["verdict"] == "inconsistent"]
    assert len(bad) == 1 and bad.iloc[0]["grade"] == "error"
    assert bad.iloc[0]["reported"] == "Women 72 + Men 18 of 86" and bad.iloc[0]["recomputed"] == "90"
    assert "levels of one variable" in bad.iloc[0]["assumptions"]
    # group I: 49 + 26 = 75 of 79 (four not recorded), 65.4 + 34.6 = 100: consistent
    ok = df[df["verdict"] == "consistent"]
    assert len(ok) == 1 and "sum to 100" in ok.iloc[0]["explanation"]


def test_two_levels_that_fit_their_column_are_consistent(tmp_path):
    # PMC5694526 table 2: "Sex, n (%)" then Male 25 (10.4) and Female 215 (89.6) under n = 240
    text = ("Table 2\nBaseline characteristics\n | Placebo | Lubiprostone 24 mcg BID\n | n = 240 | n = 239\n"
            "Sex, n (%) | Sex, n (%) | Sex, n (%)\nMale | 25 (10.4) | 28 (11.7)\nFemale | 215 (89.6) | 211 (88.3)\n\n")
    df = of(rows(tmp_path, text), "percent_partition")
    assert list(df["verdict"]) == ["consistent", "consistent"]


def test_percentages_of_two_levels_beyond_100_without_counts(tmp_path):
    # PMC3482439's form with the counts left out and group II's men moved from 20 % to 30 %: 80 + 30 cannot be shares of
    # one column; without counts that rests on the percentages being of the column (not of the row): graded likely
    text = SEX_ROWS.replace("72 (80 %)", "80 %").replace("18 (20 %)", "30 %").replace("49 (65.4 %)", "65.4 %") \
        .replace("26 (34.6 %)", "34.6 %")
    bad = of(rows(tmp_path, text), "percent_partition", "inconsistent")
    assert len(bad) == 1 and bad.iloc[0]["grade"] == "likely" and "of the column" in bad.iloc[0]["assumptions"]
    # one unit above 100 on whole percentages is within rounding (50.5 + 49.5): 51 % and 50 % are no finding
    base = text
    text = base.replace("80 %", "51 %").replace("30 %", "50 %")
    assert of(rows(tmp_path, text, "b.txt"), "percent_partition", "inconsistent").empty
    # two units above (52 % and 50 %) is beyond rounding to the nearest, but each rounded up (51.x and 49.x) reaches
    # it: graded rounding, not an error
    text = base.replace("80 %", "52 %").replace("30 %", "50 %")
    bad = of(rows(tmp_path, text, "c.txt"), "percent_partition", "inconsistent")
    assert len(bad) == 1 and bad.iloc[0]["grade"] == "rounding" and "ceiling" in bad.iloc[0]["explanation"]


def test_row_percentages_are_not_tested(tmp_path):
    # PMC3651308 table 2 prints each sex's share of the row across the three arms (Male 14 (46.7) | 12 (40.0) | 4 (13.3)):
    # without counts such shares sum to 100 along the row, and the column's sum says nothing
    text = ("Table 2\nCharacteristics\nVariable | Website only N = 45 | Website with support N = 45 | Treatment as usual N = 45\n"
            "Gender n (%) |  |  | \nMale | 46.7% | 40.0% | 13.3%\nFemale | 29.5% | 32.4% | 38.1%\n\n")
    df = of(rows(tmp_path, text), "percent_partition")
    assert not (df["verdict"] == "inconsistent").any()
    # PMC3021887 table 2: sub-rows printed under "Male, n (%)" and "Female, n (%)" (waist above 90 and 80 cm): 97 of
    # 324 is not 94.2 %: other denominators, not tested
    text = ("Table 2\nBaseline characteristics\n | Placebo (N = 324) | Rimonabant 20 mg (N = 318)\nWaist (cm) |  | \n"
            "Male, n (%) |  | \n>90 cm | 97 (94.2%) | 92 (92.9%)\nFemale, n (%) |  | \n>80 cm | 209 (94.6%) | 211 (96.3%)\n\n")
    # (each sub-row is now read with its own label, '>90 cm' and '>80 cm' under two sections, so no partition of
    # one variable is formed; the percentages are tested against no n)
    found = rows(tmp_path, text, "b.txt")
    assert of(found, "percent_partition").empty
    df = of(found, "percent_denominator")
    assert len(df) == 4 and set(df["verdict"]) == {"not_testable"}
    assert "another denominator" in df.iloc[0]["explanation"] and "row: >90 cm" in df.iloc[0]["location"]


def test_rows_not_shown_to_be_levels_of_one_variable_are_not_tested(tmp_path):
    # PMC4984916 table 1: cancer types and "Metastatic disease" under one label sum to 125 %: they overlap
    text = ("Table 1\nDemographic and clinical characteristics\n | Hickman (n=74) | TIVAS (n=26)\nCancer type |  | \n"
            "Colorectal | 23 (31%) | 9 (35%)\nBreast | 25 (34%) | 7 (27%)\nPancreas | 4 (5%) | 3 (12%)\n"
            "Metastatic disease | 41 (55%) | 15 (58%)\n\n")
    df = of(rows(tmp_path, text), "percent_partition")
    assert len(df) == 2 and set(df["verdict"]) == {"not_testable"}
    assert "not shown to be levels of one variable" in df.iloc[0]["explanation"]


def test_an_n_printed_as_a_range_or_away_from_the_column_is_not_used(tmp_path):
    # PMC4106715 table 1: a header "N=49–50" (49 or 50 per arm) above Female 26 (52.0) and Male 24 (48.0)
    text = ("Table 1\nDemographics at Baseline\n | Placebo | Vaccine 200 µg Schedule 1\n | N=100 | N=49–50\n"
            "Gender, n (%) |  | \nFemale | 50 (50.0) | 26 (52.0)\nMale | 50 (50.0) | 24 (48.0)\n\n")
    df = of(rows(tmp_path, text), "percent_partition")
    assert not (df["verdict"] == "inconsistent").any() and len(df) == 2
    # PMC5739620 table 1: each section prints its own N row (40 for age, 41 for gender); 13 + 28 = 41 is no finding
    text = ("Table 1\nMajor patients' and tumour characteristics\nParameter | Doxycycline | Erythromycin | Total\n"
            "Age |  |  | \nN | 40 | 39 | 79\nMean ± SD (years) | 68.1 ± 12.4 | 69.1 ± 9.4 | 68.6 ± 11\nGender |  |  | \n"
            "N | 41 | 39 | 80\nFemale | 13 (32%) | 18 (46%) | 31 (39%)\nMale | 28 (68%) | 21 (54%) | 49 (61%)\n\n")
    assert of(rows(tmp_path, text, "b.txt"), "percent_partition", "inconsistent").empty


# --------------------------------------------------------------------------- same_result: one result, a misprint

def test_misprint_signatures():
    # PMC5836873 (0.05 / 0.50), PMC5474370 (116 / 1.16), PMC3907426 (14.0007 / 14.007)
    assert misprint("0.05", "0.50") == misprint("116", "1.16") == "decimal point moved"
    assert misprint("14.0007", "14.007") == "one digit inserted"
    # PMC4913995: a change printed -3.42 in the text and 3.42 in a table of changes: a sign, not a misprint
    assert misprint("−3.42", "3.42") is None
    # PMC4083640: "1,025 ± 464 mg" in English and "1.025 ± 464 mg" in Portuguese: one number
    assert misprint("1,025", "1.025") is None
    # PMC4090726 (8.3 and 8.36), PMC4389977 (18 and 18.8): more decimals, a rounding matter
    assert misprint("8.3", "8.36") is None and misprint("18", "18.8") is None
    assert misprint("1.83", "1.85") is None  # one digit changed: as often two results as a misprint


def test_one_result_printed_twice_with_a_bound_misprinted(tmp_path):
    # PMC5836873: the abstract's SF-12 general health difference 3.11 (0.05-5.71), the table's 3.11 (0.50-5.71)
    text = ("Improved the SF-12 general health subdomain (mean difference = 3.11, 95% CI = 0.05–5.71, P = .02).\n\n"
            "Table 2\nHealth-related quality of life\nOutcome | Group Difference (95% Confidence Interval)\n"
            "General health | 3.11 (0.50–5.71)\n\n")
    r = of(rows(tmp_path, text), "same_result", "inconsistent")
    assert len(r) == 1 and r.iloc[0]["grade"] == "likely" and r.iloc[0]["reported"] == "lower 0.05 vs 0.50"
    assert "decimal point moved" in r.iloc[0]["explanation"] and "are one result" in r.iloc[0]["assumptions"]


def test_one_mean_printed_twice_with_its_sd_misprinted(tmp_path):
    # PMC5474370: relative humidity 59.1 ± 116% in the text, 59.1 ± 1.16 in table 1's total column
    text = ("The room conditions were kept under control (mean relative humidity of 59.1 ± 116% and mean room "
            "temperature of 22.1 ± 0.31°C).\n\nTable 1\nRoom conditions\nCharacteristic | BiPAP | CPAP | Total\n"
            "Characteristic | (n = 10) | (n = 10) | (N = 20)\nRelative humidity, % | 59.3 ± 1.16 | 58.9 ± 1.19 | 59.1 ± 1.16\n\n")
    r = of(rows(tmp_path, text), "same_result", "inconsistent")
    assert len(r) == 1 and r.iloc[0]["reported"] == "sd 116 vs 1.16"


def test_numbers_shared_by_other_results_are_not_one_result(tmp_path):
    # PMC4913995: a change printed as a magnitude in the text, signed in the table
    text = ("The mean change in the intervention group (−3.42±2.08) was significant.\n\nTable 2\nScores\n"
            "Group | Before (mean ± SD) | Changes (mean ± SD)\nIntervention | 4.76±2.59 | 3.42±2.08\n\n")
    assert of(rows(tmp_path, text), "same_result", "inconsistent").empty
    # PMC65514: HDL 45.50 ± 12.27 at the first visit (table 1), 45.50 ± 8.38 after 8 weeks (table 2): other visits
    text = ("Table 1\nAt initial visit\nParameters | 1st group (N = 22) | 2nd group (N = 21)\n"
            "HDL (mg/dL) | 45.50 ± 12.27 | 44.80 ± 10.04\n\nTable 2\nAfter 8 weeks\nParameters | 1st group (N = 22) | "
            "2nd group (N = 19)\nHDL (mg/dL) | 45.50 ± 8.38 | 50.80 ± 10.49\n\n")
    assert of(rows(tmp_path, text, "b.txt"), "same_result", "inconsistent").empty
    # PMC4304200: 3.54 (61) for one scale in table 1, 3.54 (0.61) for another in table 2: two rows, two measures
    text = ("Table 1\nScales\nScale | Mean (SD)\nUnderstanding (scale 1–5) | 3.54 (61)\n\n"
            "Table 2\nScales\nScale | Mean (SD)\nGroup cohesion | 3.54 (0.61)\n\n")
    assert of(rows(tmp_path, text, "c.txt"), "same_result", "inconsistent").empty
    # PMC5984413: hits 19.4 ± 0.8 in the text, fat mass 19.4 ± 8.0 kg in table 1: the text does not name the row
    text = ("No difference for hits (TreatmentPre 18.5 ± 1.5, TreatmentPost 19.4 ± 0.8, PlaceboPre 18.2 ± 2.9).\n\n"
            "Table 1\nBody composition\n | Treatment Pre | Treatment Post\nFM, kg | 15.9 ± 4.5 | 19.4 ± 8.0\n\n")
    assert of(rows(tmp_path, text, "d.txt"), "same_result", "inconsistent").empty
    # PMC4752820 table 3: a row label "SS" repeated under each measure (5.64 ± 0.5 and 5.64 ± 5.0): one table's two
    # rows are never one result printed twice
    text = ("Table 3\nLaboratory values\n | Day 1 | Day 2\nInsulin |  | \nSS | 5.64 ± 0.5 | 2.1 ± 0.4\n"
            "HOMA-IR |  | \nSS | 5.64 ± 5.0 | 2.3 ± 0.6\n\n")
    assert of(rows(tmp_path, text, "e.txt"), "same_result", "inconsistent").empty


def test_one_mean_printed_twice_in_the_text(tmp_path):
    # PMC1540413: an antibody titre 297.2 ± 9 IU/L in the results, 297.2 ± 90 where the table is printed as text
    text = ("The titers in groups C and D were 541.1 ± 494.4 IU/L and 297.2 ± 9 IU/L (p = 0.6).\n"
            "Group D (intra-dermal route plus Levamisole): 90% (297.2 ± 90).\n")
    r = of(rows(tmp_path, text), "same_result", "inconsistent")
    assert len(r) == 1 and r.iloc[0]["reported"] == "sd 9 vs 90"


def test_an_n_printed_in_words_is_read_as_the_ledger_reads_it(tmp_path):
    """A hand ledger may print n in words (the schema reads "three", as tests/ledgers/minimal's raters do): two
    levels whose counts do not give their percentages of it are not tested. Before, int("three") raised and
    `reanalysis audit` refused the whole ledger ("cannot be checked: invalid literal for int()")."""
    import shutil

    from analysis import load_ledger
    from analysis.auditing import audit_study
    from conftest import ROOT

    data = tmp_path / "minimal"
    shutil.copytree(ROOT / "tests" / "ledgers" / "minimal", data)
    levels = "".join(
        f"  - id: {sex.lower()}_drug\n    kind: proportion\n    measure: \"Sex: {sex}\"\n    arm: drug\n"
        f"    k: \"{k}\"\n    percent: \"66.7\"\n    n: \"three\"\n    location: \"table 1 | row: {sex} | column: Drug\"\n"
        f"    fragment: \"{k} of three (66.7)\"\n" for sex, k in (("Male", "two"), ("Female", "one")))
    with open(data / "studies" / "demo2026.yaml", "a", encoding="utf-8") as f:
        f.write(levels)
    study = load_ledger(data, data / "texts", check_sources=False).study("demo2026")
    got = [r for r in audit_study(study) if r["check"] == "percent_partition"]
    # 2 and 1 of 3 are 66.7 % and 33.3 %: the second percentage is of another denominator, so the sum says nothing
    assert [r["verdict"] for r in got] == ["not_testable"] and "of n = 3 do not give" in got[0]["explanation"]


def _old_common_n(pair, ks):
    """_common_n as first landed (a96701b): every m from the larger count to 4 times it, the reference here."""
    rs = [x.reported("percent") for x in pair]
    top = max(ks)
    for m in range(max(top, 1), top * 4 + 200):
        if all(r.low <= 100 * k / m <= r.high for r, k in zip(rs, ks)):
            return m
    return None


class _Printed:
    """An entry whose only field is a printed percentage; counts how often its bounds are read."""

    def __init__(self, percent: str, budget: int = 10**9):
        from analysis import parse_reported

        self.r, self.reads, self.budget = parse_reported(percent + "%"), 0, budget

    def reported(self, field):
        assert field == "percent"
        return self

    @property
    def low(self):
        self.reads += 1
        assert self.reads <= self.budget, "the search read the percentage more often than its budget"
        return self.r.low

    @property
    def high(self):
        return self.r.high


def test_the_common_denominator_is_the_brute_force_one():
    """Brute force: pairs of counts up to 30, each printed as its percentage of a denominator up to 60 (to 0 and
    1 decimals, right or one unit off, so that a common n exists or does not) give the denominator of the full
    search from the larger count to 4 times it."""
    import itertools

    from analysis.auditing.findings import _common_n

    cases = 0
    for ka, kb in itertools.product(range(0, 31, 3), range(1, 31, 4)):
        for m in range(max(ka, kb, 1), 61, 6):
            a, b = 100 * ka / m, 100 * kb / m
            for pa, pb in ((f"{a:.0f}", f"{b:.0f}"), (f"{a:.1f}", f"{b:.1f}"), (f"{a + 1:.0f}", f"{b:.0f}"),
                           (f"{a:.1f}", f"{b + 0.1:.1f}"), ("0", f"{b:.0f}"), (f"{a:.0f}", "100")):
                pair = (_Printed(pa), _Printed(pb))
                assert _common_n(pair, [ka, kb]) == _old_common_n(pair, [ka, kb]), (ka, kb, pa, pb)
                cases += 1
    assert cases > 2000


def test_the_common_denominator_search_is_bounded_for_large_counts():
    # a table cell holds up to seven digits: '9999999 (60.0 %)' beside '9999998 (99.9 %)' (no common n) ran the
    # search over 4 x 10^7 denominators, about 11 s of CPU for one pair of one column (a hostile table has many)
    from analysis.auditing.findings import _common_n

    pair = (_Printed("60.0", budget=1000), _Printed("99.9", budget=1000))
    assert _common_n(pair, [9_999_999, 9_999_998]) is None
    # the least n printing both: 6,000,000 of it at most 60.05 % (so n >= 9,991,674), 4,000,000 of that 40.03 %
    pair = (_Printed("60.0", budget=1000), _Printed("40.0", budget=1000))
    assert _common_n(pair, [6_000_000, 4_000_000]) == math.ceil(100 * 6_000_000 / 60.05) == 9_991_674
    pair = (_Printed("5", budget=1000), _Printed("60", budget=1000))
    assert _common_n(pair, [0, 9_999_999]) is None    # 0 is no 5 % of any n
