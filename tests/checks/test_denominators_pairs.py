"""denominators() rates each split's plausibility for two groups at once (issue 13 item 4: one
scipy.stats.binomtest per split dominated `audit` at corpus scale); its rows are checked here against
brute-force enumeration of every pair of group sizes, the allocation bound written out from its
docstring and scipy's binomtest called per split."""
from __future__ import annotations

import functools
import random

import pytest

from scipy.stats import binomtest

from analysis.checks.counts import counts_from_percent, denominators
from analysis.checks.splits import binomtest_two_sided


def brute_force(percents, total=None, n_min=1, n_max=None, allocation=None, max_imbalance=None,
                rounding="up_or_down"):
    n_max = total if n_max is None else (min(n_max, total) if total else n_max)
    ratio = tuple(int(x) for x in allocation.split(":")) if allocation else None
    rows = []
    for n1 in range(n_min, n_max + 1):
        for n2 in range(n_min, n_max + 1):
            if total is not None and n1 + n2 != total:
                continue
            if ratio and max_imbalance is not None:  # share_i = T r_i / sum(r); n_i in [floor(share) - imb, ceil(share) + imb]
                T, R = n1 + n2, sum(ratio)
                if not all((T * r) // R - max_imbalance <= n <= -((-T * r) // R) + max_imbalance
                           for n, r in zip((n1, n2), ratio)):
                    continue
            c1, c2 = counts_from_percent(percents[0], n1, rounding), counts_from_percent(percents[1], n2, rounding)
            if c1 and c2:
                plaus = binomtest(n1, n1 + n2, ratio[0] / sum(ratio)).pvalue if ratio else None
                rows.append(((n1, n2), (tuple(c1), tuple(c2)), plaus))
    return rows


CASES = []
_rng = random.Random(20261201)
for _ in range(120):
    p = [f"{_rng.uniform(0.5, 99.5):.{_rng.choice([0, 1, 2])}f}" for _ in range(2)]
    kw = {"allocation": _rng.choice([None, "1:1", "2:1", "1:3"]), "rounding": _rng.choice(["up_or_down", "up",
                                                                                             "down", "even"])}
    if kw["allocation"]:
        kw["max_imbalance"] = _rng.choice([None, 0, 1, 4])
    if _rng.random() < 0.5:
        kw["total"] = _rng.randint(2, 160)
    else:
        kw["n_min"] = _rng.randint(1, 60)
        kw["n_max"] = kw["n_min"] + _rng.randint(0, 80)
    CASES.append((p, kw))


@pytest.mark.parametrize("percents, kw", CASES)
def test_two_groups_match_brute_force(percents, kw):
    got = [(s.ns, s.counts, s.plausibility) for s in denominators(percents, **kw)]
    assert got == brute_force(percents, **kw)


def test_printed_example_reif2023():
    # data/studies/reif2023_escape_trd.yaml: 27.1% and 17.6% of 676 randomised; 336/340 with 91 and 60
    sols = denominators(["27.1", "17.6"], total=676)
    # 51: the splits of 676 that brute_force (every n1 + n2 = 676 above) finds, row for row
    assert [(s.ns, s.counts, s.plausibility) for s in sols] == brute_force(["27.1", "17.6"], total=676)
    assert len(sols) == 51 and sols == [s for s in sols if sum(s.ns) == 676]
    assert next(s for s in sols if s.ns == (336, 340)).counts == ((91,), (60,))


@pytest.mark.parametrize("n, p", [(403, 0.5), (676, 0.5), (90, 2 / 3), (1, 0.5), (2, 0.25), (1999, 1 / 3)])
def test_binomtest_values_bit_for_bit(n, p):
    ks = list(range(n + 1)) if n < 700 else list(range(0, n + 1, 7))
    assert binomtest_two_sided(ks, n, p).tolist() == [binomtest(k, n, p).pvalue for k in ks]


@pytest.mark.parametrize("percents, total, allocation", [
    (["33.3", "33.3", "33.4"], 700, "1:1:1"),
    (["20.5", "30.5", "49.0"], 400, "1:2:3"),
    (["25", "25", "50"], 90, "1:1:2"),
])
def test_three_groups_rated_as_scipy_binomtest_per_group(percents, total, allocation):
    """Issue 18 item 8: three groups with an allocation are rated vectorised (was one
    allocation_plausibility per split: 44 s for 37,046 splits). Each split's rating is the
    Bonferroni minimum over its groups of scipy's binomtest, called here per split and group."""
    rows = denominators(percents, total=total, allocation=allocation)
    assert rows
    ratio = [int(x) for x in allocation.split(":")]
    pvalue = functools.cache(lambda n_i, r: binomtest(n_i, total, r / sum(ratio)).pvalue)  # 2,583 calls, 82 distinct
    for row in rows:
        ps = [pvalue(n_i, r) for n_i, r in zip(row.ns, ratio)]
        assert row.plausibility == min(1.0, 3 * min(ps))
