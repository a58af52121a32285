"""parse_reported: printed forms, rounding intervals, errors (CONVENTIONS.md 'Numbers as printed';
expected intervals from peer-vectors.md, MEPtoolkit `rounding_validation` and scrutiny `unround`)."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from analysis import parse_reported
from conftest import TOL


@pytest.mark.parametrize("text, value, decimals, low, high", [
    # peer-vectors.md "Rounding intervals": "1.6" -> [1.55, 1.65]; "2" -> [1.5, 2.5]; ".255" -> [.2545, .2555]
    ("1.6", 1.6, 1, 1.55, 1.65),
    ("2", 2.0, 0, 1.5, 2.5),
    (".255", 0.255, 3, 0.2545, 0.2555),
    # forms the sources print (issue 2 list)
    ("30.6", 30.6, 1, 30.55, 30.65),
    ("-10.4", -10.4, 1, -10.45, -10.35),
    ("\u221210.4", -10.4, 1, -10.45, -10.35),   # U+2212 minus sign
    (".06", 0.06, 2, 0.055, 0.065),
    ("P = .06", 0.06, 2, 0.055, 0.065),
    ("P =.40", 0.40, 2, 0.395, 0.405),          # as printed in the MS-fatigue news item
    ("26.7%", 26.7, 1, 26.65, 26.75),
    ("1,877", 1877.0, 0, 1876.5, 1877.5),
    ("5.00", 5.0, 2, 4.995, 5.005),             # trailing zeros carry precision
    ("0.14", 0.14, 2, 0.135, 0.145),
    ("-1.98", -1.98, 2, -1.985, -1.975),
])
def test_rounding_interval(text, value, decimals, low, high):
    r = parse_reported(text)
    # exact: the parser converts the printed decimal (and its half-unit ends) to the nearest float,
    # as the literals here are
    assert r.value == value
    assert r.decimals == decimals
    assert r.low == low and r.high == high
    assert r.comparator == "="


@pytest.mark.parametrize("text, comparator, low, high, is_p", [
    ("<.001", "<", 0.0, 0.001, False),          # peer-vectors.md: "<.001" -> (0, .001]
    ("P<0.001", "<", 0.0, 0.001, True),
    ("p < .05", "<", 0.0, 0.05, True),
    ("≤10", "<=", 0.0, 10.0, False),            # remission threshold MADRS <= 10
    ("P > .05", ">", 0.05, 1.0, True),          # a P label clips to [0, 1]
    ("≥3", ">=", 3.0, float("inf"), False),
])
def test_bounds(text, comparator, low, high, is_p):
    r = parse_reported(text)
    assert (r.comparator, r.low, r.high, r.is_p) == (comparator, low, high, is_p)
    assert not r.exact


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "--4", "5 mg", "1,87", "P = 1.5", "12-14", "NaN", "inf", "1e309", "1.2e"])
def test_not_a_number_quotes_the_string(bad):
    with pytest.raises(ValueError) as exc:
        parse_reported(bad)
    assert repr(bad) in str(exc.value)


@pytest.mark.parametrize("text, value, decimals", [
    ("5\u00b719", 5.19, 2),          # The Lancet's middle-dot decimal point
    ("1.2e-5", 1.2e-5, 6),           # a p printed in scientific notation (statcheck's tests: 'p = .5e-3')
    (".5e-3", 0.0005, 4),
    ("3e\u22124", 3e-4, 4),          # U+2212 minus in the exponent
])
def test_middle_dot_and_scientific_notation(text, value, decimals):
    r = parse_reported(text)
    assert (r.value, r.decimals) == (pytest.approx(value, rel=1e-12), decimals)
    assert r.high - r.low == pytest.approx(10.0 ** -decimals, rel=1e-9)


def test_float_input_is_refused():
    # scrutiny refuses numeric input to grim() because 5.10 would lose its trailing zero
    with pytest.raises(TypeError, match="string"):
        parse_reported(5.1)


def test_edges_are_included():
    r = parse_reported("1.6")
    assert r.contains(1.55) and r.contains(1.65) and not r.contains(1.6500001)


decimal_strings = st.builds(
    lambda i, f, d, neg: ("-" if neg else "") + f"{i}" + ("." + str(f).zfill(d)[:d] if d else ""),
    st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 6), st.booleans())


@given(decimal_strings)
def test_interval_contains_value_and_is_one_unit_wide(text):
    r = parse_reported(text)
    assert r.low <= r.value <= r.high
    # width is one unit of the last printed digit, computed exactly
    assert float(Decimal(repr(r.high)) - Decimal(repr(r.low))) == pytest.approx(10.0 ** -r.decimals, rel=TOL["estimate"])
    assert r.decimals == (len(text.split(".")[1]) if "." in text else 0)


def test_printed_in_answers_alike_from_its_cache():
    # the draft and the scan's validation ask printed_in of the same entries; the cached answer is the computed one,
    # for short fragments (cached) and long ones (not), and a decimal comma's second look goes through the cache too
    from analysis.reported import _printed_in, printed_in

    cases = [("28", "drug (28 patients)"), ("2", "drug (28 patients)"), ("-5.2", "\u22125.2 (95% CI"),
             ("12.5", "a 12,5 b"), ("two", "Two of"), ("1.500", "of 1,500 patients"), ("5", "x" * 2000 + " 5")]
    for value, fragment in cases * 2:
        assert printed_in(value, fragment) == _printed_in.__wrapped__(value, fragment)
    assert [printed_in(v, f) for v, f in cases] == [True, False, True, True, True, False, True]


_NUMBER_PIECES = ["1", "2", "12", "1.5", ".5", "1,5", "5\u00b719", "1e5", "-", "\u2212", " ", ".", ",", "\u00b7", "x",
                  "\u0661", "\u00b2", "%", "(", "e", "E", "+", "0"]


@given(digits=st.lists(st.sampled_from(["1", "2", "12", "1.5", ".5", "1,5", "5\u00b719", "1e5", "0", "1e1"]), min_size=1,
                       max_size=2).map("".join),
       fragment=st.lists(st.sampled_from(_NUMBER_PIECES), max_size=24).map("".join))
def test_a_number_is_found_where_its_pattern_matches(digits, fragment):
    # reported._number_at (str.find) gives the starts of _number_rx's finditer (a pattern compiled per number, before
    # session 8): Arabic-Indic and superscript digits, overlapping prints ('1e1e1'), middle dots and decimal commas
    from analysis.reported import _number_at, _number_rx

    assert list(_number_at(digits, fragment)) == [m.start() for m in _number_rx(digits).finditer(fragment)]


def test_a_number_is_found_where_its_pattern_matches_on_prints():
    from analysis.reported import _number_at, _number_rx

    for digits, fragment in [("1.5", "OR 1.5 (1.25-1.5)"), ("1.5", "11.5 and 1.50, 1.5."), ("19", "5\u00b719 and 19\u00b75"),
                             ("1e1", "1e1e1 1e1"), ("23", "1.23% and 23%, \u066123, 23\u0661"), ("5", "5,5 5, 5.x 5")]:
        assert list(_number_at(digits, fragment)) == [m.start() for m in _number_rx(digits).finditer(fragment)]
