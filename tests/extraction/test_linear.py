"""Every pattern runs in linear time: a rule on the patterns' text, and 10^6 hostile characters timed.

The issue (item 5) asks that 10^6 characters of hostile text (runs of spaces, digits, dots, brackets,
``t(``, ``p =``, ``±``) finish in well under a second in total. The bound here is on the process's CPU time
(the machine is shared: wall time measures the neighbours) and generous (2 s; about 0.55 s is typical):
the exception CONVENTIONS.md allows for adversarial inputs. Speed proper is measured in benchmarks/.
"""
from __future__ import annotations

import time

import pytest

import analysis.extraction  # noqa: F401 - registers every pattern
from analysis.extraction import extract_text
from analysis.extraction.tokens import PATTERNS

try:  # the regex parser of the standard library (sre_parse before Python 3.11)
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

_UNBOUNDED = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}


def _open_repeats(parsed) -> list[str]:
    """Repeats without an upper bound (``*``, ``+``, ``{n,}``) anywhere in a parsed pattern."""
    bad = []
    for op, av in parsed:
        if op in _UNBOUNDED:
            lo, hi, sub = av
            if hi == sre_parse.MAXREPEAT:
                bad.append(f"{op} {{{lo},}}")
            bad += _open_repeats(sub)
        elif op == sre_parse.SUBPATTERN:
            bad += _open_repeats(av[-1])
        elif op == sre_parse.BRANCH:
            for branch in av[1]:
                bad += _open_repeats(branch)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            bad += _open_repeats(av[1])
    return bad


@pytest.mark.parametrize("rx", PATTERNS, ids=lambda rx: rx.pattern[:40])
def test_no_pattern_has_an_unbounded_repeat(rx):
    assert _open_repeats(sre_parse.parse(rx.pattern, rx.flags)) == []


def _module_patterns():
    """Every compiled pattern a module of analysis.extraction holds at module level (alone, in a tuple or list, or in a
    passages.KeyedSearch), whether or not it was compiled through tokens.compile: the reader of untrusted papers."""
    import importlib
    import pkgutil
    import re

    import analysis.extraction as pkg
    from analysis.extraction.passages import KeyedSearch

    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for name, value in sorted(vars(module).items()):
            items = value if isinstance(value, (tuple, list)) else (value,)
            for i, item in enumerate(items):
                if isinstance(item, tuple) and len(item) == 2:  # (name, pattern or search) pairs
                    item = item[1]
                found = [item] if isinstance(item, re.Pattern) else []
                if isinstance(item, KeyedSearch):
                    found = [x for x in (item.rx, item.short) if x is not None]
                for rx in found:
                    yield f"{info.name}.{name}[{i}]", rx


def test_every_pattern_of_the_extraction_modules_is_bounded():
    """Patterns compiled with re.compile directly (session 10's pvalue_readings, df_readings) are held to the same
    rule as the registered ones: no unbounded repeat anywhere."""
    found = list(_module_patterns())
    assert len(found) > 300  # the modules were read
    bad = {name: _open_repeats(sre_parse.parse(rx.pattern, rx.flags)) for name, rx in found}
    assert {name: b for name, b in bad.items() if b} == {}


def test_the_rule_catches_an_open_repeat():
    assert _open_repeats(sre_parse.parse(r"(a+)+b")) and _open_repeats(sre_parse.parse(r"x\d*"))
    assert not _open_repeats(sre_parse.parse(r"x\d{1,12}(?:\.\d{1,3})?"))


HOSTILE = [
    " " * 200_000, "1" * 100_000, "." * 100_000, "(" * 50_000 + ")" * 50_000, "[" * 50_000,
    "t(" * 40_000, "p = " * 25_000, "±" * 50_000, "1.2.3.4." * 12_500, "t(28) = 2.20, " * 6_000,
    "95% CI " * 10_000, "12 (40%) | " * 8_000, "1/2/" * 20_000, "−" * 40_000, "M = 5.19, SD = " * 5_000,
    "p = .0\u200b3, " * 10_000, "\u00ad" * 100_000, "1,5 ± 0,3; " * 10_000,   # issue 20: invisible marks, decimal commas
]


def test_a_million_hostile_characters_in_well_under_a_second_each():
    text = "".join(HOSTILE)[:1_000_000]
    assert len(text) == 1_000_000
    t0 = time.process_time()
    d = extract_text(text)
    elapsed = time.process_time() - t0
    assert all(e["fragment"] in text for e in d.entries)
    assert elapsed < 2.0, f"{elapsed:.2f} s for 10^6 hostile characters"


@pytest.mark.parametrize("chunk", HOSTILE, ids=lambda c: repr(c[:12]))
def test_each_hostile_run_alone(chunk):
    t0 = time.process_time()
    extract_text(chunk[:200_000] + " end")
    assert time.process_time() - t0 < 1.0


def _arm_names(count: int) -> list[str]:
    import itertools
    import string

    return ["".join(t) for t in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), count)]


# review R1: arm sizes are grouped into totals; each group scanned every size in the text and each arm was
# looked up in a list, so many arm sizes took quadratic time (8,000 repeats below: about 8 s; at the
# 5,000,000-character cap, hours). Both cases are about 600,000 characters.
ARM_SIZES = {
    "a total before each pair": "A total of 18 patients. ketamine (12 patients) or midazolam (6 patients). " * 8_000,
    "distinct arms": "In all 18 patients: " + ", ".join(f"{a} ({i % 50 + 1} patients)"
                                                         for i, a in enumerate(_arm_names(32_000))),
}


@pytest.mark.parametrize("text", ARM_SIZES.values(), ids=ARM_SIZES.keys())
def test_many_arm_sizes_in_linear_time(text):
    t0 = time.process_time()
    d = extract_text(text)
    elapsed = time.process_time() - t0
    assert len(d.entries) > 20_000
    assert elapsed < 3.0, f"{elapsed:.2f} s for {len(text)} characters of arm sizes"
