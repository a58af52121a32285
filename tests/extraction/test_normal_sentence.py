"""labels.normal_sentence (issue 22, speed11): the normal's and the t's survival functions are called as the ufuncs
``scipy.stats.norm.sf`` and ``scipy.stats.t(df).sf`` call (``special.ndtr(-x)``, ``special.stdtr(df, -x)``), not
through a frozen distribution built per t; its answer must be the one of the scipy.stats version it replaces, on
sentences of t tests drawn at random (df 0 to 99999, t and P at their printed precisions).
"""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from analysis.extraction.labels import _T_P, normal_sentence
from conftest import examples


def _old(text: str, start: int, end: int) -> str | None:
    """normal_sentence as it was (before speed11): scipy.stats, a frozen t per statistic."""
    from scipy import stats

    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    b = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
    found = list(_T_P.finditer(text, a, b))
    for m in found:
        df, t, p = int(m.group(1)), m.group(2), m.group(3)
        h, dec = 0.5 * 10 ** -len(t.split(".")[1]), len(p.split(".")[1])
        lo, hi = float(t) - h, float(t) + h
        u = 0.5 * 10**-dec
        z, tt = [2 * d.sf(hi) <= float(p) + u and float(p) - u <= 2 * d.sf(lo) for d in (stats.norm, stats.t(df))]
        if not z or tt:
            return None
    return f"{len(found)} t tests of the sentence print Ps of the normal distribution" if len(found) > 1 else None


_DF = st.one_of(st.integers(0, 5), st.integers(6, 300), st.integers(301, 99999))
_T = st.builds(lambda i, d, k: f"{i}.{d:0{k}d}"[: len(str(i)) + 1 + k], st.integers(0, 9), st.integers(0, 999),
               st.integers(1, 3))
_P = st.builds(lambda d, k: f"{'0' if d % 2 else ''}.{d:04d}"[: (2 if d % 2 else 1) + k], st.integers(0, 9999),
               st.integers(2, 4))


def _sentence(tests: list[tuple[int, str, str]], sep: str) -> str:
    return "Both (" + sep.join(f"t ({df}) = {t}, p = {p}" for df, t, p in tests) + ")."


@settings(max_examples=examples(400))
@given(st.lists(st.tuples(_DF, _T, _P), min_size=1, max_size=4), st.sampled_from([" and ", "; ", ". Then "]))
def test_normal_sentence_answers_as_the_frozen_distributions_did(tests, sep):
    text = _sentence(tests, sep)
    for m in re.finditer(r"t \(", text):
        assert normal_sentence(text, m.start(), m.start() + 10) == _old(text, m.start(), m.start() + 10), text


def test_normal_sentence_answers_as_the_frozen_distributions_did_near_the_normal():
    """Pairs whose P the normal gives (so the answer is not None) and near misses, on every df of a grid."""
    import numpy as np
    from scipy import stats

    seen = set()
    for df in (0, 1, 2, 3, 5, 10, 30, 100, 140, 1000, 99999):
        for t in np.arange(1.0, 3.5, 0.03):
            ts = f"{t:.2f}"
            pn = 2 * stats.norm.sf(float(ts))
            for p in {f"{pn:.3f}"[1:], f"{pn:.4f}"[1:], f"{pn + 0.001:.3f}"[1:]}:
                text = _sentence([(df, ts, p), (df + 40, ts, p)], " and ")
                got = normal_sentence(text, 6, 30)
                assert got == _old(text, 6, 30), text
                seen.add(got is None)
    assert seen == {True, False}  # both answers met
