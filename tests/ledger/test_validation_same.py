"""The ledger's validation of an entry, made cheaper for a scan's thousands of drafted entries (issue 22, session 11):
the same Entry, or the same LedgerError with the same words, as the validation before it
(``tests/ledger/_validation_before.py``, kept verbatim) for hand ledgers' entries, drafted entries and entries
drawn at random from the schema's fields and odd values; and ``read_numbers`` the same parsed numbers or the same
refusal."""
from __future__ import annotations

import importlib.util
from collections import OrderedDict
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ledger.schema import _COMMON, EVIDENCE_FIELDS, FIELD_TYPES, KINDS, Source
from analysis.ledger.validation import _validate_entry
from analysis.reported import NUMERIC_FIELDS, read_number, read_numbers

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("_validation_before", Path(__file__).with_name("_validation_before.py"))
before = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(before)

TEXT = "t(28) = 2.20, p = .03; 30.6 ± 6.1 (n = 12); OR 1.5 (95% CI 1.2 to 1.9); 26.7% (8/30) aged 12-40 years"
SOURCE = Source(id="s", file="s.txt", title="", citation="", doi=None, registry=None, document_type="", sha256="",
                text=TEXT)


def _outcome(fn, *args, **kwargs):
    try:
        e = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the type and words of any error must be the same
        return ("error", type(exc).__name__, str(exc))
    return ("entry", e.id, e.kind, e.study, e.fragment, list(e.fields.items()), type(e.fields))


NO_TEXT = Source(id="s", file="s.txt", title="", citation="", doi=None, registry=None, document_type="", sha256="",
                 text=None)


def _same(raw, fragment_found=False, source=SOURCE):
    new = _outcome(_validate_entry, Path("x.yaml"), "s", raw, source, fragment_found=fragment_found)
    old = _outcome(before._validate_entry, Path("x.yaml"), "s", raw, source, fragment_found=fragment_found)
    assert new == old, raw
    return new


def _numbers(fn, kind, fields):
    try:
        return ("parsed", {k: (r.text, r.value, r.decimals, r.low, r.high, r.comparator, r.percent, r.is_p)
                           for k, r in fn(kind, fields).items()})
    except Exception as exc:  # noqa: BLE001
        return ("error", type(exc).__name__, str(exc), getattr(exc, "short", None), getattr(exc, "field", None))


def test_hand_ledger_entries_validate_as_before():
    n = valid = 0
    for path in sorted((ROOT / "data" / "studies").glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")).get("entries") or []:
            for found in (False, True):
                _same(raw, found)
            valid += _same(raw, source=NO_TEXT)[0] == "entry"
            n += 1
    assert n > 100 and valid == n  # every hand entry is valid (its source text aside)


def test_drafted_entries_validate_as_before():
    from analysis.extraction import extract_text

    d = extract_text(_SAMPLE)
    src = Source(id="s", file="s.txt", title="", citation="", doi=None, registry=None, document_type="",
                 sha256="", text=d.text)
    assert len(d.entries) > 8
    for raw in d.entries:
        for found in (False, True):
            new = _outcome(_validate_entry, Path("x"), "s", raw, src, fragment_found=found)
            old = _outcome(before._validate_entry, Path("x"), "s", raw, src, fragment_found=found)
            assert new == old


_FIELDS = sorted({f for req, opt in KINDS.values() for f in req + opt} | set(_COMMON) | set(NUMERIC_FIELDS)
                 | set(EVIDENCE_FIELDS) | set(FIELD_TYPES) | {"n_source", "measurement", "interval", "implied",
                                                             "note", "allocation", "unknown_field"})
_NUMBERS = st.sampled_from(["30.6", "6.1", "12", "0", "-1", "112", ">100", "<5", "P = .03", ".03", "1e3", "two",
                            "1.5", "1.2", "1.9", "0.95", "95", "100", "12,000,000", "2.20", "28", "8", "26.7%",
                            "١٢", "x", " ", "2, 40", "28.5", "1:1", "2:1:1", "z", "t", "F", "log", "linear"])
_WORDS = st.sampled_from(["fragment", "prose", "measured", "asymmetric", "independent", "paired", "greater",
                          "remained", "below", "higher", "bonferroni", "rct", "human", "a\nb", "", "x" * 300,
                          "t(28) = 2.20, p = .03", "30.6 ± 6.1 (n = 12)", "OR 1.5 (95% CI 1.2 to 1.9)", "26.7% (8/30)",
                          "aged 12-40 years", "not in the text"])
_VALUES = st.one_of(_NUMBERS, _WORDS, st.none(), st.booleans(), st.integers(-3, 40), st.floats(allow_nan=False),
                    st.lists(st.sampled_from(["a", "b", "c", 1]), max_size=4), st.text(max_size=12))


_SAMPLE = (
    "Scores fell from 30.6 ± 6.1 to 20.3 ± 11.5 (t(29) = 4.9, p < .001; F(2, 40) = 3.1, p = .05). "
    "OR 1.5 (95% CI 1.2 to 1.9), P = 0.002; 8 of 30 (26.7%) responded; aged 12-40 years; chi2(1) = 0.4, "
    "p = .52; 112% of the baseline; n = 0 children; HR 0.81 (0.70-0.94); z = 2.1, p = .04."
)


def _hand_entries() -> list[dict]:
    """The entries of the hand ledgers (data/studies, tests/ledgers), and a draft's (for the kinds they lack)."""
    from analysis.extraction import extract_text

    out = []
    for path in sorted((ROOT / "data" / "studies").glob("*.yaml")) + sorted((ROOT / "tests" / "ledgers").rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += (doc.get("entries") or []) if isinstance(doc, dict) else []
    return out + extract_text(_SAMPLE).entries


_HAND = _hand_entries()
_BY_KIND: dict = {}
for _e in _HAND:  # a few entries of every kind the ledgers hold
    if isinstance(_e, dict) and isinstance(_e.get("kind"), str):
        _BY_KIND.setdefault(_e["kind"], []).append(_e)
_BASES = [e for group in _BY_KIND.values() for e in group[:6]]


def _fields_of(raw: dict) -> list:
    kind = raw.get("kind")
    req, opt = KINDS.get(kind, ((), ())) if isinstance(kind, str) else ((), ())
    return sorted(set(raw) | set(req + opt + _COMMON) | {"unknown_field", "implied", "note", "n_source"}, key=str)


_POOL = ["30.6", "6.1", "12", "0", "-1", "112", ">100", "<5", "P = .03", ".03", "1e3", "two", "1.5", "0.95", "95",
         "12,000,000", "26.7%", "١٢", "x", "", " ", "2, 40", "0, 3", "28.5", "1:1", "2:1:1", "z", "t", "F", "log",
         "linear", "fragment", "asymmetric", "measured", "independent", "paired", "greater", "remained", "below",
         "higher", "bonferroni", "rct", "human", "a\nb", "x" * 300, None, True, 3, 1.5, [], ["a", "b"], ["a", "a"],
         ["a", 1], ["n"], ["sd"]]


def test_each_field_of_each_entry_altered_validates_as_before():
    """Every base entry with one field set to each odd value, or removed: each rule reached alone."""
    n = 0
    for base in _BASES:
        for f in _fields_of(base):
            for v in [*_POOL[::2], "<removed>"]:  # half the odd values (each rule is reached by several of them)
                raw = dict(base)
                if v == "<removed>":
                    raw.pop(f, None)
                else:
                    raw[f] = v
                _same(raw, source=NO_TEXT)
                n += 1
    assert n > 10_000


def test_two_fields_of_a_kind_with_rules_of_its_own_altered_validate_as_before():
    """The kinds whose rules were split out (direction, comparison, citation, family, claim, total): every pair of
    their fields made wrong together, so that the first error named is the one named before."""
    from analysis.ledger.validation import _KIND_RULES

    n = 0
    for base in _BASES:
        if base.get("kind") not in _KIND_RULES:
            continue
        fields = _fields_of(base)
        for i, f in enumerate(fields):
            for g in fields[i + 1 :]:
                for v, w in (("x", 3), (3, "x"), ("x", "x"), (None, ["a", "a"])):
                    _same({**base, f: v, g: w}, source=NO_TEXT)
                    n += 1
    assert n > 5_000


@st.composite
def _mutants(draw):
    """A valid entry with one to four fields of its kind set to odd values or removed: errors met together."""
    raw = dict(draw(st.sampled_from(_BASES)))
    for _ in range(draw(st.integers(1, 4))):
        f = draw(st.sampled_from(_fields_of(raw)))
        if draw(st.integers(0, 5)) == 0:
            raw.pop(f, None)
        else:
            raw[f] = draw(st.sampled_from(_POOL))
    return raw


@st.composite
def _entries(draw):
    kind = draw(st.one_of(st.sampled_from(sorted(KINDS)), st.sampled_from(["nope", None, 3])))
    raw = {}
    raw["id"] = draw(st.sampled_from(["e1", "E1", "", None, 4, "test_2"]) if draw(st.integers(0, 9)) == 0
                     else st.just("e1"))
    if kind is not None:
        raw["kind"] = kind
    req, opt = KINDS.get(kind, ((), ())) if isinstance(kind, str) else ((), ())
    for f in req + ("fragment",):
        if draw(st.integers(0, 9)):
            raw[f] = draw(_VALUES)
    for f in draw(st.lists(st.sampled_from(list(opt) + _FIELDS), max_size=6)):
        raw[f] = draw(_VALUES)
    return raw


@given(_entries(), st.booleans())
def test_random_entries_validate_as_before(raw, found):
    _same(raw, found)
    _same(OrderedDict(raw), found)  # a mapping that is not a plain dict takes the field-by-field path


@settings(max_examples=400)
@given(_mutants())
def test_hand_entries_altered_validate_as_before(raw):
    _same(raw, source=NO_TEXT)
    _same(OrderedDict(raw), source=NO_TEXT)


@given(st.sampled_from(sorted(KINDS) + ["comparison"]), st.dictionaries(st.sampled_from(list(NUMERIC_FIELDS) + ["x"]),
                                                                        st.one_of(_NUMBERS, _VALUES), max_size=8))
def test_read_numbers_as_before(kind, fields):
    assert _numbers(read_numbers, kind, fields) == _numbers(before.read_numbers, kind, fields)
    assert _numbers(read_numbers, kind, OrderedDict(fields)) == _numbers(before.read_numbers, kind, fields)
    for f, v in fields.items():  # each number alone, twice (the second from the cache)
        for _ in range(2):
            assert _numbers(lambda k, x: {f: read_number(f, v)}, kind, None) == _numbers(
                lambda k, x: {f: before.read_number(f, v)}, kind, None)


@pytest.mark.parametrize("value", ["5", "<5", "1e3", "P = .2", "x" * 101, "١٢"])
def test_read_number_of_an_odd_field_is_read_as_before(value):
    class Str(str):
        pass

    for field in ("n", "p", "mean", Str("n")):
        for v in (value, Str(value)):
            assert _numbers(lambda k, x: {"f": read_number(field, v)}, None, None) == _numbers(
                lambda k, x: {"f": before.read_number(field, v)}, None, None)
