"""Random P-CI pairs printed as a paper would print them (estimate, bounds and P rounded to 0-3 decimals; a quarter on
the log scale; some P off by a factor 1.3), shared by the tests of ``p_range_over_df`` and ``p_ranges_meet``, which
compare two implementations on them (the pairs are inputs, not references)."""
from __future__ import annotations

import math

import numpy as np


def random_ci_pairs(count: int, seed: int):
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < count:
        log = rng.random() < 0.25
        est = rng.normal(0.0, 3.0) if not log else float(np.exp(rng.normal(0, 0.7)))
        se = rng.uniform(0.05, 3.0) if not log else rng.uniform(0.05, 0.6)
        d = int(rng.integers(0, 4))
        if log:
            lo, hi = est * math.exp(-1.96 * se), est * math.exp(1.96 * se)
        else:
            lo, hi = est - 1.96 * se, est + 1.96 * se
        txt = [f"{x:.{d}f}" for x in (est, lo, hi)]
        if not float(txt[1]) < float(txt[2]) or not float(txt[1]) <= float(txt[0]) <= float(txt[2]):
            continue
        if log and float(txt[1]) <= 0:
            continue
        p = 2 * (1 - 0.5 * math.erfc(-abs(math.log(est) if log else est) / se / math.sqrt(2)))
        p_txt = f"{min(max(p * rng.choice([1, 1, 1.3]), 0.0001), 0.999):.3f}"
        out.append(dict(estimate=txt[0], lower=txt[1], upper=txt[2], p=p_txt, scale="log" if log else "linear",
                        confidence_level=float(rng.choice([0.95, 0.9]))))
    return out
