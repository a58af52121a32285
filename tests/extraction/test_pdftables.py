"""Tables of a PDF rebuilt from its words' boxes (analysis.extraction.pdftables), issue 17 item 3.

The word boxes below copy the geometry Chromium gives when it prints the rct-extraction-dev articles as
``benchmarks/bench_extract.py pdf-jats`` does (12 pt text: words 13.3 pt high, a word space and the gap
between two cells both 3 pt, table rows 16.5 pt apart, a cell's wrapped lines 13.5 pt apart, cells centred
vertically); each test names the article whose printed table showed the case. The words and numbers are
our own. ``data/table-pages.pdf`` is made by ``scripts/make_pdf_fixture.py`` (Chromium, invented text).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.extraction import extract
from analysis.extraction.pdftables import WordReader, pdf_text
from analysis.extraction.readers import ExtractError, read_text

DATA = Path(__file__).parent / "data"
CHAR, SPACE, H = 6.0, 3.0, 13.3


def row(y: float, cells: list[tuple[float, str]]) -> list[tuple]:
    """The words of one printed line: each (x, text) starts a cell, its words one space apart."""
    out = []
    for x, text in cells:
        for word in text.split():
            out.append((x, y, x + CHAR * len(word), y + H, word))
            x += CHAR * len(word) + SPACE
    return out


def table(lines: list[list[tuple]]) -> list[str]:
    return [ln for ln in pdf_text([lines]).split("\n") if " | " in ln]


def test_equal_width_numbers_inside_a_cell_start_no_column():
    # rct-extraction-dev PMC4450164 Table 1: '28 (34.6)' above '39 (48)': the brackets line up, one word
    # space after the count in every row; only the cells' starts (3 pt after the widest cell) are columns
    lines = [row(100 + 16.5 * i, [(36, label), (162, a), (230, b)])
             for i, (label, a, b) in enumerate([("Imaging", "Right", "Left"), ("Severe", "28 (34.6)", "35 (43.2)"),
                                                ("Mild", "39 (48.0)", "34 (42.0)"), ("Moderate form", "16 (19.8)", "19 (23.5)")])]
    assert table(lines) == ["Imaging | Right | Left", "Severe | 28 (34.6) | 35 (43.2)", "Mild | 39 (48.0) | 34 (42.0)",
                            "Moderate form | 16 (19.8) | 19 (23.5)"]


def test_a_column_as_wide_as_its_numbers_is_found_after_another_number():
    # PMC3751573 Table 1: the chi-square and P columns are as wide as their numbers, so '0.87 0.35' are one
    # word space apart; two numbers side by side in a data row are two cells ...
    lines = [row(100, [(36, "Item"), (120, "Score"), (200, "X2"), (230, "P")])]
    lines += [row(100 + 16.5 * i, [(36, f"Part {i}"), (120, f"{i + 3} ({i}.5)"), (200, f"0.{i}7"), (230, f"0.{i}5")])
              for i in range(1, 4)]
    assert table(lines)[1:] == ["Part 1 | 4 (1.5) | 0.17 | 0.15", "Part 2 | 5 (2.5) | 0.27 | 0.25",
                                "Part 3 | 6 (3.5) | 0.37 | 0.35"]
    # ... but a number after '±' or in brackets stays in its cell (PMC4450164 Table 2: '36 ± 1.74')
    lines = [row(100 + 16.5 * i, [(36, f"Stay {i}"), (120, f"3{i} ± 1.7{i}"), (200, f"0.{i}4")]) for i in range(1, 4)]
    assert table(lines) == ["Stay 1 | 31 ± 1.71 | 0.14", "Stay 2 | 32 ± 1.72 | 0.24", "Stay 3 | 33 ± 1.73 | 0.34"]


def aligned(y: float, cells: list[tuple[float, float, str]], how: str) -> list[tuple]:
    """One printed line whose cells (column left edge, column width, text) are centred or aligned right."""
    out = []
    for x, width, text in cells:
        size = CHAR * len(text.replace(" ", "")) + SPACE * text.count(" ")
        out += row(y, [(x + (width - size) / (2 if how == "centre" else 1), text)])
    return out


@pytest.mark.parametrize("how", ["centre", "right"])
def test_cells_centred_or_aligned_right_make_columns(how):
    # the rct-extraction-dev articles printed with their cells centred or aligned right
    # (bench_extract.py pdf-jats --cells centre|right): the cells' left edges no longer line up
    body = [("Outcome", "Ketamine (n = 30)", "Placebo (n = 31)"), ("Response", "12 (40.0)", "8 (25.8)"),
            ("Remission", "110 (36.1)", "9 (29.0)"), ("Relapse", "4 (13.3)", "11 (35.5)")]
    lines = [row(100 + 16.5 * i, [(36, a)]) + aligned(100 + 16.5 * i, [(150, 110, b), (263, 100, c)], how)
             for i, (a, b, c) in enumerate(body)]
    assert table(lines) == [" | ".join(r) for r in body]
    # negative: equal-width counts inside the cells ('28 (34.6)' over '39 (48.1)') leave a gutter one word
    # space wide after the count, which separates nothing
    body = [("Outcome", "Ketamine", "Placebo"), ("Response", "28 (34.6)", "35 (43.2)"), ("Remission", "39 (48.1)", "34 (42.0)")]
    lines = [row(100 + 16.5 * i, [(36, a)]) + aligned(100 + 16.5 * i, [(150, 110, b), (263, 100, c)], how)
             for i, (a, b, c) in enumerate(body)]
    assert table(lines) == [" | ".join(r) for r in body]


def test_two_columns_of_prose_are_no_table():
    # negative: a page set in two columns (the second column starts at one x in every line, and no word
    # crosses the gutter), its lines holding numbers, stays text
    left = ["In week 2, 12 of 40 (30%)", "answered, and 9 of 41", "(22%) did in the other", "arm; the mean fell 4.5"]
    right = ["points (SD 2.1) by week 8", "in 31 of 40 patients and", "in 25 of 41, as shown", "in Table 2 and Fig 3."]
    lines = [row(100 + 13.5 * i, [(36, a), (300, b)]) for i, (a, b) in enumerate(zip(left, right))]
    text = pdf_text([lines])
    assert " | " not in text and "12 of 40 (30%) points (SD 2.1) by week 8" in text


def test_wrapped_and_centred_header_cells_are_one_row():
    # PMC3580751 Table 1: header cells wrapped over three lines, the first column's label centred beside
    # them; a row label wrapped over two lines with its numbers centred between
    lines = [row(100.0, [(120, "Ketamine"), (220, "Placebo")]), row(113.5, [(36, "Outcome"), (120, "group"), (220, "group")]),
             row(127.0, [(120, "(n = 30)"), (220, "(n = 31)")]),
             row(143.5, [(36, "Score"), (120, "12.1 (3.2)"), (220, "14.0 (3.9)")]),
             row(160.0, [(36, "Weight at")]), row(166.75, [(120, "70.2 (9.1)"), (220, "71.5 (8.8)")]), row(173.5, [(36, "entry, kg")])]
    assert table(lines) == ["Outcome | Ketamine group (n = 30) | Placebo group (n = 31)", "Score | 12.1 (3.2) | 14.0 (3.9)",
                            "Weight at entry, kg | 70.2 (9.1) | 71.5 (8.8)"]


def test_numbers_centred_beside_labels_wrapped_in_every_row():
    # PMC3751573 Table 4: every row label wraps over two lines and the row's numbers sit between them, so
    # no line with numbers holds a label: the label column still ends where the numbers begin
    lines = [row(100.0, [(36, "Item"), (200, "Ketamine"), (270, "Placebo")])]
    for i, (a, b, c) in enumerate([("Three months after", "10 (52.6)", "22 (91.7)"), ("One year after", "8 (42.1)", "19 (79.2)")]):
        y = 116.5 + 30 * i
        lines += [row(y, [(36, a)]), row(y + 6.75, [(200, b), (270, c)]), row(y + 13.5, [(36, "starting")])]
    assert table(lines) == ["Item | Ketamine | Placebo", "Three months after starting | 10 (52.6) | 22 (91.7)",
                            "One year after starting | 8 (42.1) | 19 (79.2)"]


def test_tables_one_under_the_other_are_read_apart():
    # PMC5771543 Table 2: three tables printed one under the other, 4 pt apart where rows are 2.7 pt apart,
    # each with its own columns
    first = [row(100 + 14 * i, [(36, a), (100, b), (140, c)]) for i, (a, b, c) in
             enumerate([("Scale", "n", "Change"), ("Placebo", "99", "-1.71 (0.12)"), ("Active", "101", "-1.88 (0.12)")])]
    second = [row(143.3 + 14 * i, [(36, a), (104, b), (196, c)]) for i, (a, b, c) in
              enumerate([("Response", "Responders", "%"), ("Placebo", "62/99", "62.6"), ("Active", "79/101", "78.2")])]
    assert table(first + second) == ["Scale | n | Change", "Placebo | 99 | -1.71 (0.12)", "Active | 101 | -1.88 (0.12)",
                                     "Response | Responders | %", "Placebo | 62/99 | 62.6", "Active | 79/101 | 78.2"]


def _page(rows_: list[list[tuple]], no: int) -> list[list[tuple]]:
    return [row(15, [(24, "12/7/26, 12:09 AM"), (330, "Trial")])] + rows_ + [row(767, [(24, "file:///a.html"), (575, f"{no}/2")])]


def test_a_table_cut_by_a_page_break_keeps_its_header():
    # PMC4450164 Table 1: only the header row fits at the foot of page 1; PMC3751573 Table 3: the header
    # and one row on page 1, the other rows on page 2 without the header
    head = row(700, [(36, "Item"), (160, "Ketamine (n = 30)"), (280, "Placebo (n = 31)")])
    body = [row(40 + 16.5 * i, [(36, f"Visit {i}"), (160, f"{10 + i} ({20 + i}.0)"), (280, f"{12 + i} ({30 + i}.5)")]) for i in range(3)]
    text = pdf_text([_page([row(600, [(36, "We randomised 61 patients.")]), head], 1), _page(body, 2)])
    assert [ln for ln in text.split("\n") if " | " in ln] == [
        "Item | Ketamine (n = 30) | Placebo (n = 31)", "Visit 0 | 10 (20.0) | 12 (30.5)", "Visit 1 | 11 (21.0) | 13 (31.5)",
        "Visit 2 | 12 (22.0) | 14 (32.5)"]
    assert "12:09" not in text and "file:" not in text and "We randomised 61 patients." in text
    # negative: a sentence at the foot of page 1 (its words cross the columns) is not made the header
    prose = row(700, [(36, "and the scores of both arms fell over the eight weeks that followed")])
    text = pdf_text([_page([prose], 1), _page(body, 2)])
    assert "eight weeks that followed" in text and text.split("\n").count("Visit 0 | 10 (20.0) | 12 (30.5)") == 1
    assert not any("weeks" in ln and " | " in ln for ln in text.split("\n"))


def test_the_word_reader_is_safe_on_hostile_output():
    r = WordReader()
    r.feed('<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page>'
           '<line><word xMin="nan" yMin="1" xMax="2" yMax="3">a</word><word xMin="1e999" yMin="1" xMax="2" yMax="3">b</word>'
           '<word xMin="1" yMin="1" xMax="2" yMax="3">x|y</word><word xMin="1" yMin="1">c</word></line><line><word')
    pages = r.close()   # cut off mid-element: what was read stands
    assert pages == [[[(1.0, 1.0, 2.0, 3.0, "x/y")]]]
    capped = WordReader(max_chars=20)
    with pytest.raises(ValueError, match="more than 20 characters"):
        capped.feed("<doc><page><line>" + '<word xMin="1" yMin="1" xMax="2" yMax="3">12.5</word>' * 10)


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="poppler's pdftotext is not installed (Debian poppler-utils)")


@needs_pdftotext
def test_a_printed_table_is_read_with_its_header_across_pages():
    # data/table-pages.pdf (scripts/make_pdf_fixture.py): header cells wrapped, a row label wrapped, the
    # table running onto page 2, then prose in two columns
    text = read_text(DATA / "table-pages.pdf")
    rows = [ln for ln in text.split("\n") if " | " in ln]
    assert rows[0] == "Characteristic | Ketamine group, infusion (n = 81) | Placebo group, saline (n = 81) | P"
    assert rows[2] == "Women, n (%) | 28 (34.6) | 30 (37.0) | 0.61"
    assert rows[5] == "Length of the current episode before the trial, months, mean (SD) | 14.2 (9.5) | 12.8 (8.1) | 0.35"
    assert rows[-1] == "Visit 8 score, mean (SD) | 22.8 (7.8) | 23.1 (6.8) | 0.76" and len(rows) == 14
    assert "table pages" not in text and "file:" not in text and "1/2" not in text
    assert "In the second week 10 of 40 patients (25.0%)" in text   # the two-column prose stays text
    d = extract(DATA / "table-pages.pdf")
    visit8 = [e for e in d.entries if e["kind"] == "mean_sd" and e.get("mean") in ("22.8", "23.1")]
    assert sorted((e["mean"], e["sd"], e.get("n")) for e in visit8) == [("22.8", "7.8", "81"), ("23.1", "6.8", "81")]


@needs_pdftotext
def test_too_many_words_is_one_line_naming_the_file(tmp_path, monkeypatch):
    from analysis.extraction import pdftables

    monkeypatch.setattr(pdftables, "MAX_WORDS", 5)
    with pytest.raises(ExtractError, match=r"table-pages\.pdf: text too long to extract \(more than 5 words") as e:
        read_text(DATA / "table-pages.pdf")
    assert "\n" not in str(e.value)
