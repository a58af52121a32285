"""Text normalised before matching: invisible characters, decimal commas, look-alike spaces and minus signs.

Each printed form below was seen in a development article (PMC id given) of jayded/evidence-inference's
JATS texts (/work/corpus/ei), except the hostile cases of issue 20, which are built to cut a number.
"""
from __future__ import annotations

import sys
import unicodedata

import pytest

from analysis.extraction import extract_text
from analysis.extraction.normalisation import CF_RANGES, decimal_commas, read_decimal_commas, strip_invisible
from analysis.extraction.tokens import shadow
from analysis.reported import printed_in
from test_drafts import validates


def _cf_set() -> set[int]:
    return {c for a, b in CF_RANGES for c in range(a, b + 1)}


def test_cf_ranges_are_unicodes_format_characters():
    expected = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert _cf_set() == expected, f"Unicode {unicodedata.unidata_version}: update CF_RANGES"


@pytest.mark.parametrize("mark", ["\u200b", "\u00ad", "\u200d", "\u200c", "\u2060", "\u200f", "\u202e", "\u2066",
                                  "\ufeff", "\U000e0020"])
def test_an_invisible_character_inside_a_p_is_read_through_and_said(mark, tmp_path):
    # issue 20 item 2: 'p = .03' + U+200B + '6' was read as .03 and judged
    text = f"The groups differed, t(28) = 2.20, p = .03{mark}6, as expected."
    d = extract_text(text, study_id="hostile")
    (test,) = [e for e in d.entries if e["kind"] == "test_statistic"]
    assert test["p"] == ".036"
    assert f"U+{ord(mark):04X}" in test["review"] and "invisible" in test["review"]
    assert test["fragment"] in text and mark in test["fragment"]
    assert not any(e.get("p") == ".03" for e in d.entries)
    validates(d, tmp_path)  # the loader finds .036 in the fragment as printed (the mark is read through)


def test_an_invisible_character_in_a_mean_and_in_a_count():
    text = "scores were 30.\u200b6 \u00b1 6.\u20601 and 1\u200b2 of 3\u200d0 responded"
    d = extract_text(text)
    got = {(e["kind"], e.get("mean") or e.get("k"), e.get("sd") or e.get("n")) for e in d.entries}
    assert ("mean_sd", "30.6", "6.1") in got and ("count", "12", "30") in got
    assert all(e["fragment"] in text for e in d.entries)


def test_text_without_invisible_characters_is_untouched():
    # the fast path: no map, the same string object
    text = "t(28) = 2.20, p = .03"
    clean, offsets = strip_invisible(text)
    assert clean is text and offsets is None


def test_offsets_map_back_around_runs():
    text = "\u200b\u200ba\u00adb\u200b\u200b\u200bc"
    clean, m = strip_invisible(text)
    assert clean == "abc"
    assert [text[m.start(i)] for i in range(3)] == ["a", "b", "c"]
    assert m.end(3) == len(text) and text[m.start(0):m.end(2)] == "a\u00adb"


def test_soft_hyphen_inside_a_printed_quantity():
    # PMC3018908: '14-' + U+00AD + 'month progression' (a soft hyphen after the hyphen)
    text = "a trial to compare the 14-\u00admonth progression and the 24-month outcome"
    d = extract_text(text)
    months = [e for e in d.entries if e["kind"] == "quantity" and e.get("value") == "14"]
    assert months and "U+00AD" in months[0]["review"]
    assert months[0]["fragment"] in text


def test_zero_width_space_before_a_table_row_label():
    # PMC3924124, Table 1: row labels printed as U+200B U+2003 'Diabetes' (the label is read without them)
    text = ("Table 1\n\nCharacteristic | Placebo (n = 40) | Drug (n = 41)\n"
            "\u200b\u2003Diabetes, n (%) | 12 (30) | 14 (34.1)\n")
    d = extract_text(text)
    cells = [e for e in d.entries if e["kind"] == "proportion"]
    assert [(e["k"], e["percent"], e["n"]) for e in cells] == [("12", "30", "40"), ("14", "34.1", "41")]
    assert all(e["measure"].strip() == "Diabetes, n (%)" for e in cells)


def test_decimal_commas_read_in_a_document_that_prints_them():
    # PMC1578590, Table 2: 'ATR Dose | No | 37 | 0,64 ± 0,37 | 0,0005' (a Brazilian journal's decimal commas)
    text = ("Variables | Beta | n | Mean | p Value\nATR Dose | No | 37 | 0,64 ± 0,37 | 0,0005\n"
            " | Yes | 39 | 1,04 ± 0,54 | \nTest time | No | 37 | 11,95 ± 2,88 | 0,010\n")
    d = extract_text(text)
    msd = [(e["mean"], e["sd"]) for e in d.entries if e["kind"] == "mean_sd"]
    assert msd == [("0.64", "0.37"), ("1.04", "0.54"), ("11.95", "2.88")]
    assert all("decimal comma" in e["review"] for e in d.entries if e["kind"] == "mean_sd")
    assert all(printed_in(e["mean"], e["fragment"]) for e in d.entries if e["kind"] == "mean_sd")


def test_commas_stay_thousands_and_lists_in_a_point_document():
    # negative: PMC1766476 prints '1,289' style counts and decimals with a point; no comma becomes a point
    text = "Of 1,500 patients screened (refs 3,4), 12.5 \u00b1 3.2 years; p = 0.006; 36.4% responded"
    assert not decimal_commas(shadow(text))
    d = extract_text(text)
    assert any(e["kind"] == "sample_size" and e["n"] == "1,500" for e in d.entries)


def test_an_ambiguous_comma_in_a_comma_document_is_read_as_neither():
    # '1,500' in a document printing 0,64 ± 0,37: 1.5 or 1500? Neither is drafted
    text, points = read_decimal_commas("0,64 ± 0,37 and 1,500 and p = 0,035 and F(2,58)")
    assert text == "0.64 ± 0.37 and 1#500 and p = 0.035 and F(2,58)" and len(points) == 3
    assert not printed_in("1.500", "of 1,500 patients") and printed_in("0.035", "p = 0,035")


def test_thin_spaces_around_comparators():
    # PMC1766476: 'p' U+2009 '=' U+2009 '0.006' and 'n' U+2009 '=' U+2009 '31 control'
    text = "the intervention (n\u2009=\u200931) differed from control (p\u2009=\u20090.006)"
    d = extract_text(text)
    assert any(e["kind"] == "sample_size" and e["n"] == "31" for e in d.entries)
    assert any(e["kind"] == "p_value" and e["p"] == "0.006" for e in d.entries)


def test_minus_sign_in_a_table_cell_is_read_in_the_table():
    # PMC1569640, Table 2: a header 'Nateglinide + metformin n = 129' over the cell '−0.41 ± 0.08' (U+2212);
    # here under 'mean ± sd' so that it is a mean and SD (the article's own row says least squares mean ± se)
    text = (" | Nateglinide + metformin n = 129 | Gliclazide + metformin n = 118\n"
            "Change in HbA1c, mean \u00b1 sd | \u22120.41 \u00b1 0.08 | \u22120.57 \u00b1 0.08\n")
    d = extract_text(text)
    msd = [(e["mean"], e["sd"], e.get("n")) for e in d.entries if e["kind"] == "mean_sd"]
    assert msd == [("\u22120.41", "0.08", "129"), ("\u22120.57", "0.08", "118")]


@pytest.mark.parametrize("minus", ["\u2010", "\u2011", "\ufe63", "\uff0d"])
def test_minus_look_alikes_parse_as_printed(minus):
    from analysis.reported import parse_reported

    assert parse_reported(f"{minus}1.5").value == -1.5
    assert printed_in(f"{minus}1.5", f"fell by {minus}1.5 points") and not printed_in("1.5", f"by {minus}1.5")
