"""Reconstruct integer samples from a printed mean, SD, n and scale bounds.

May import analysis.reported, analysis.results and the other reconstruction modules (scale_bounds <
sample_search < reconstruction); never the ledger, auditing or report.

Given what a paper printed about a bounded integer variable (a rating scale, a
questionnaire total), which samples could have produced it? Two searches:

``"exhaustive"``
    Every distinct sample (multiset) for narrow scales (1-5, 1-7, 0-10). The
    search enumerates the feasible integer sums (GRIM), for each sum the feasible
    sums of squares (GRIMMER), and then counts the count vectors over the scale
    points that have that sum and sum of squares by a memoised recursion with
    exact pruning bounds. ``complete=True`` means the count is exact, and a count
    of 0 proves the printed summary impossible.
``"random"``
    A SPRITE search (Heathers et al. 2018) for wide scales (a 0-60 total score):
    start from samples with the right sum and move pairs of values apart or
    together until the SD prints as given; keep up to ``k`` distinct samples.
    It can show that a summary is possible; it cannot prove it impossible. When
    the exhaustive search finishes within a small budget (narrow scales), the
    ``k`` samples are drawn uniformly from its complete list instead
    (``search="exhaustive"``).

All comparisons with printed numbers are exact: a printed value ``"30.6"`` with
``rounding="up_or_down"`` stands for the closed interval [30.55, 30.65], and a sum
``S`` reproduces it when ``S / n`` lies in it, tested in integer arithmetic (no
floating-point edge cases).

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. Social Psychological and
Personality Science, 8(4), 363-369. doi:10.1177/1948550616673876

Anaya, J. (2016). The GRIMMER test. PeerJ Preprints 4:e2400v1.
doi:10.7287/peerj.preprints.2400v1

Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). Recovering data
from summary statistics: Sample Parameter Reconstruction via Iterative TEchniques (SPRITE).
PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

Bhatia, R., & Davis, C. (2000). A better bound on the variance. The American Mathematical
Monthly, 107(4), 353-357. doi:10.1080/00029890.2000.12005203
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any, Mapping

import numpy as np

from ..results import Check, ResultMixin, check_method, one_vocabulary
from .sample_search import _draw, _exhaustive, _random
from .scale_bounds import (
    ROUNDING,
    _ceil_div,
    _feasible_sums,
    _int_arg,
    _max_q,
    _min_q,
    _printed,
    _q_window,
    _sd_from,
    _targets,
    _validate_scale,
)

__all__ = ["Reconstruction", "reconstruct", "check_mean_sd_with_count", "METHODS", "MAX_NOBS"]

#: the largest sample :func:`reconstruct` rebuilds (each sample holds n values; n = 9,999,999 on 1-7
#: ran out of memory in the search for sums and squares before a single sample was drawn)
MAX_NOBS = 10_000

#: Valid values of ``method``.
METHODS = ("exhaustive", "random")
_DEFAULT_MAX_ITER = {"exhaustive": 5_000_000, "random": 200_000}
#: Default wall-clock budget of :func:`reconstruct`, in seconds (``timeout=None``: no bound).
DEFAULT_TIMEOUT = 10.0
#: method="random" first tries the exhaustive search within this many recursion nodes (a node
#: budget, not a time limit, so that the choice is reproducible): enough for n = 130 on 1-5
#: (17,217 nodes) or n = 100 on 1-7 (17,428); on a wide scale they are spent in vain
_DRAW_NODES = 30_000
#: ... and only when the scale admits at most this many multisets of n values, C(n + K - 1, K - 1)
#: for K scale points (n = 130 on 1-5: 1.3e7; n = 100 on 1-7: 1.6e9; n = 30 on 0-60: 6.7e23). Above
#: it the search cannot finish within _DRAW_NODES on any real summary and would only cost time
#: (benchmarks/README.md, ``bench_reconstruct.py``).
_DRAW_MAX_MULTISETS = 1e10


def _few_multisets(n: int, k_points: int) -> bool:
    """Whether C(n + K - 1, K - 1) <= _DRAW_MAX_MULTISETS (through log-gamma: no big integers)."""
    log_count = math.lgamma(n + k_points) - math.lgamma(k_points) - math.lgamma(n + 1)
    return log_count <= math.log(_DRAW_MAX_MULTISETS)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Reconstruction(ResultMixin):
    """Integer samples that reproduce a printed mean and SD.

    Attributes
    ----------
    mean, sd : str
        As printed.
    n, low, high : int
        Sample size and scale bounds.
    method : str
        ``"exhaustive"`` or ``"random"``.
    samples : tuple of tuple of int
        Distinct samples (multisets), each a sorted tuple of ``n`` integers. For the
        exhaustive search at most ``max_samples`` of them (in lexicographic order);
        for the random search at most ``k`` (in order of discovery).
    count : int
        Exhaustive: the number of distinct samples (exact when ``complete``; a lower
        bound otherwise). Random: the number of distinct samples found (``len(samples)``),
        or the exact number when they were drawn from the exhaustive search.
    complete : bool
        True when the exhaustive search finished: ``count`` is then every distinct sample,
        and 0 proves the summary impossible. False for a SPRITE search.
    constraints : dict
        The extra constraints used (``count_at_or_below``, ``threshold``, ``median``,
        ``minimum``, ``maximum``; None when absent).
    rounding : str
        Which ends of the rounding intervals count (see :data:`ROUNDING`).
    targets : tuple of (int, int)
        The (sum, sum of squares) pairs that reproduce the printed mean and SD.
    iterations : int
        Exhaustive (also a random draw from its list): recursion nodes visited. SPRITE: steps
        (one step moves one pair of values in every sample of a batch).
    seed : int or None
        Seed of the random search.
    stopped : str or None
        Why the search stopped early: ``"time"`` (the ``timeout`` budget), ``"steps"``
        (``max_iter``), or None when it ran to its end (exhaustive: every sample counted;
        random: ``k`` samples found, or three batches in a row found nothing new).
    search : {"exhaustive", "sprite"}
        Which search produced the samples. ``method="random"`` gives ``"exhaustive"`` when the
        exhaustive search finished within a small budget: the samples are then ``k`` distinct
        samples drawn uniformly at random from all of them, ``count`` is their exact number and
        ``complete`` is True; ``"sprite"`` otherwise.
    """

    mean: str
    sd: str
    n: int
    low: int
    high: int
    method: str
    samples: tuple
    count: int
    complete: bool
    constraints: Mapping[str, Any]
    rounding: str
    targets: tuple
    iterations: int
    seed: int | None
    stopped: str | None = None
    search: str = "exhaustive"

    @property
    def possible(self) -> bool | None:
        """True if a sample was found, False if the exhaustive search proved none exists,
        None if it cannot tell (random search without a hit, or an exhaustive search cut short)."""
        if self.count > 0:
            return True
        return False if self.complete else None

    def frequencies(self):
        """Counts of each scale value in each stored sample, for plotting.

        Returns
        -------
        pandas.DataFrame
            One row per stored sample (index ``sample`` = 0, 1, ...), one integer
            column per scale value ``low, ..., high``; each row sums to ``n``.
            ``frequencies().mean()`` is the average histogram over the samples.

        Examples
        --------
        >>> rec = reconstruct("2.00", "1.00", 3, 1, 5)
        >>> rec.frequencies()
        value   1  2  3  4  5
        sample
        0       1  1  1  0  0
        """
        import pandas as pd

        k = self.high - self.low + 1
        mat = np.zeros((len(self.samples), k), dtype=np.int64)
        for i, s in enumerate(self.samples):
            mat[i] = np.bincount(np.asarray(s, dtype=np.int64) - self.low, minlength=k)
        frame = pd.DataFrame(mat, columns=pd.Index(range(self.low, self.high + 1), name="value"))
        frame.index.name = "sample"
        return frame

    def to_frame(self):
        """One-row :class:`pandas.DataFrame` of the inputs and results (without the samples)."""
        import pandas as pd

        d = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("samples", "targets", "constraints")
        }
        d.update({k: v for k, v in self.constraints.items()})
        d["n_samples"] = len(self.samples)
        d["n_targets"] = len(self.targets)
        return pd.DataFrame([d])


# --------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------
@one_vocabulary
def reconstruct(
    mean: str,
    std: str,
    nobs: int,
    low: int,
    high: int,
    method: str = "exhaustive",
    *,
    k: int = 1000,
    seed: int | None = 0,
    max_iter: int | None = None,
    max_samples: int = 10_000,
    timeout: float | None = DEFAULT_TIMEOUT,
    count_at_or_below: int | None = None,
    threshold: int | None = None,
    median: str | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    rounding: str = "up_or_down",
) -> Reconstruction:
    """Integer samples within ``[low, high]`` whose mean and SD print as given.

    Parameters
    ----------
    mean, std : str
        As printed (``"30.6"``, ``"6.1"``); trailing zeros carry precision.
    nobs : int
        Sample size, at least 2.
    low, high : int
        Scale bounds (``low < high``); values are integers in between.
    method : {"exhaustive", "random"}
        ``"exhaustive"``: every distinct sample (for narrow scales). ``"random"``:
        up to ``k`` distinct samples: drawn uniformly from the exhaustive search's list when
        that search finishes within 30,000 recursion nodes, else found by SPRITE (wide
        scales); ``search`` in the result says which.
    k : int, default 1000
        Random search: how many distinct samples to look for.
    seed : int or None, default 0
        Random search: seed of :func:`numpy.random.default_rng` (results are reproducible).
    max_iter : int, optional
        Budget. Exhaustive: recursion nodes (default 5,000,000); random: SPRITE steps
        (default 200,000). When the exhaustive budget runs out ``complete`` is False and
        ``count`` is a lower bound.
    max_samples : int, default 10,000
        Exhaustive: how many samples to store; ``count`` stays exact beyond it (the
        search counts without materialising every sample).
    timeout : float or None, default :data:`DEFAULT_TIMEOUT` (10 s)
        Wall-clock budget of either search, counted from the call. When it runs out the
        search returns what it found so far with ``complete=False`` and ``stopped="time"``
        (exhaustive: ``count`` is then a lower bound). None: no time bound (only ``max_iter``).
    count_at_or_below, threshold : int, optional
        Exactly ``count_at_or_below`` values are ``<= threshold`` (e.g. 8 of 30 patients
        with MADRS <= 10). Give both or neither.
    median : str, optional
        The printed median (the mean of the two middle values when ``n`` is even).
    minimum, maximum : int, optional
        The smallest and largest observed values.
    rounding : {"up_or_down", "up", "down"}, default "up_or_down"
        ``"up_or_down"``: a value on either end of a rounding interval reproduces the
        printed number (both ends included); ``"up"``: halves were rounded up (the upper
        end is excluded); ``"down"``: halves were rounded down (the lower end is excluded).

    Returns
    -------
    Reconstruction
        ``samples`` (tuple of sorted ``n``-tuples), ``count``, ``complete``, ``targets``
        (the (sum, sum of squares) pairs that reproduce the printed mean and SD),
        ``frequencies()`` (samples x scale values count table for plotting).

    Notes
    -----
    A sample of integers has sum ``S`` and sum of squares ``Q``; its mean is ``S/n`` and its
    SD (ddof = 1) is ``sqrt((n*Q - S**2) / (n*(n-1)))``. The search first lists the sums
    whose mean prints as given (GRIM), then for each sum the ``Q`` (same parity as ``S``,
    since ``x**2 = x mod 2``) whose SD prints as given (GRIMMER), all in exact integer
    arithmetic. The exhaustive search then counts count vectors ``c_low..c_high`` with
    ``sum c = n``, ``sum x c = S``, ``sum x**2 c = Q`` by a memoised recursion over the scale
    points from the top down, pruned by the exact smallest and largest sum of squares the
    remaining values can reach (see :func:`sd_bounds`); the last four points are solved in
    closed form (three equations, one free count). The random search is SPRITE (Heathers et
    al. 2018; rsprite2): samples with the right sum move one pair of values apart (to raise
    the SD) or together (to lower it) until the SD prints as given, each pair drawn among the
    values that have room to move (so the search also reaches samples at the SD limits, where
    almost every value sits on a bound); extra constraints are
    imposed as bounds on the positions of the sorted sample. SPRITE does not sample
    uniformly from the possible samples and can never prove a summary impossible.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. doi:10.1177/1948550616673876

    Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

    Examples
    --------
    Every sample of 5 ratings on 1-5 with mean "3.0" and SD "1.4":

    >>> rec = reconstruct("3.0", "1.4", 5, 1, 5)
    >>> rec.count, rec.complete
    (3, True)
    >>> rec.samples
    ((1, 2, 4, 4, 4), (1, 3, 3, 3, 5), (2, 2, 2, 4, 5))

    With median "3": only one is left.

    >>> reconstruct("3.0", "1.4", 5, 1, 5, median="3").samples
    ((1, 3, 3, 3, 5),)

    n = 100 on 1-7: the count is exact without storing every sample.

    >>> rec = reconstruct("4.00", "1.50", 100, 1, 7, max_samples=5)
    >>> rec.count, len(rec.samples), rec.complete
    (75996, 5, True)

    No sample exists (the count of 0 is a proof):

    >>> reconstruct("3.0", "0.1", 5, 1, 5).count
    0

    A wide scale: 10 SPRITE samples of 30 MADRS totals (0-60) with mean "30.6", SD "6.1":

    >>> rec = reconstruct("30.6", "6.1", 30, 0, 60, method="random", k=10)
    >>> len(rec.samples), rec.complete
    (10, False)
    """
    sd, n = std, nobs
    check_method(method, METHODS)
    check_method(rounding, ROUNDING, "rounding")
    n, low, high = _validate_scale(n, low, high, n_min=2)
    if n > MAX_NOBS:
        raise ValueError(f"nobs ({nobs!r}) must be at most {MAX_NOBS:,}: every sample holds nobs values")
    m = _printed("mean", mean, rounding)
    s = _printed("std", sd, rounding)
    if s.v < 0:
        raise ValueError(f"std ({sd!r}) must be >= 0")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k ({k!r}) must be a positive integer")
    if isinstance(max_samples, bool) or not isinstance(max_samples, (int, np.integer)) or max_samples < 0:
        raise ValueError(f"max_samples ({max_samples!r}) must be a non-negative integer")
    if max_iter is None:
        max_iter = _DEFAULT_MAX_ITER[method]
    elif isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter ({max_iter!r}) must be a positive integer")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf
    ):
        raise ValueError(f"timeout ({timeout!r}) must be a positive number of seconds or None")
    deadline = None if timeout is None else time.perf_counter() + timeout
    if (count_at_or_below is None) != (threshold is None):
        raise ValueError(
            f"count_at_or_below ({count_at_or_below!r}) and threshold ({threshold!r}) must be given together"
        )
    cnt = thr = None
    if threshold is not None:
        cnt, thr = _int_arg("count_at_or_below", count_at_or_below), _int_arg("threshold", threshold)
        if not 0 <= cnt <= n:
            raise ValueError(f"count_at_or_below ({count_at_or_below!r}) must be in [0, n={n}]")
    mn = None if minimum is None else _int_arg("minimum", minimum)
    mx = None if maximum is None else _int_arg("maximum", maximum)
    if mn is not None and not low <= mn <= high:
        raise ValueError(f"minimum ({minimum!r}) must lie in [low={low}, high={high}]")
    if mx is not None and not low <= mx <= high:
        raise ValueError(f"maximum ({maximum!r}) must lie in [low={low}, high={high}]")
    if mn is not None and mx is not None and mn > mx:
        raise ValueError(f"minimum ({minimum!r}) must be <= maximum ({maximum!r})")
    med = None if median is None else _printed("median", median, rounding)
    constraints = {"count_at_or_below": cnt, "threshold": thr, "median": median, "minimum": mn, "maximum": mx}

    lo0 = low if mn is None else mn
    hi0 = high if mx is None else mx
    targets = _targets(m, s, n, lo0, hi0)
    med2 = None
    if med is not None:
        # 2 * median is an integer; keep those whose half prints as the median
        m2_lo = max(2 * lo0, _ceil_div(2 * (2 * med.v - 1), med.d))
        m2_hi = min(2 * hi0, (2 * (2 * med.v + 1)) // med.d)
        med2 = frozenset(x for x in range(m2_lo, m2_hi + 1) if med.contains_ratio(x, 2))

    def verify(sample: tuple) -> bool:
        tot = sum(sample)
        sq = sum(v * v for v in sample)
        if len(sample) != n or sample[0] < lo0 or sample[-1] > hi0:
            return False
        if not (m.contains_ratio(tot, n) and s.contains_sqrt_ratio(n * sq - tot * tot, n * (n - 1))):
            return False
        if thr is not None and sum(v <= thr for v in sample) != cnt:
            return False
        if mn is not None and sample[0] != mn or mx is not None and sample[-1] != mx:
            return False
        if med2 is not None and sample[(n - 1) // 2] + sample[n // 2] not in med2:
            return False
        return True

    # the exhaustive search's view of the constraints: shifted scale points 0..K-1
    k_points = hi0 - lo0 + 1
    lb = [0] * max(k_points, 4)
    if mn is not None:
        lb[0] = 1
    if mx is not None:
        lb[k_points - 1] = 1
    thr_s = None if thr is None else thr - lo0
    feasible = True
    if thr_s is not None and thr_s >= k_points - 1:
        feasible, thr_s = cnt == n, None
    elif thr_s is not None and thr_s < 0:
        feasible, thr_s = cnt == 0, None
    med2_s = None if med2 is None else frozenset(x - 2 * lo0 for x in med2)
    feasible = feasible and (med2_s is None or bool(med2_s))
    search, seed_out = "exhaustive", None
    if method == "exhaustive":
        if not feasible:
            samples, count, complete, iters, stopped = [], 0, True, 0, None
        else:
            samples, count, complete, iters, stopped = _exhaustive(
                targets, n, lo0, hi0, lb, thr_s, cnt, med2_s, max_iter, deadline, max_samples
            )
    else:
        seed_out, stopped = seed, None
        # when the exhaustive search finishes quickly, draw from all of its samples (uniformly);
        # SPRITE on a narrow scale finds only some of them and never proves there are none
        drawn: tuple[Any, ...] | None = (
            ([], 0, 0)
            if not feasible
            else None
            if not _few_multisets(n, k_points)
            else _draw(targets, n, lo0, hi0, lb, thr_s, cnt, med2_s, _DRAW_NODES, deadline, k, seed)
        )
        if drawn is not None:
            samples, count, iters = drawn
            complete = True
        else:
            samples, iters, stopped = _random(
                targets, n, lo0, hi0, k, seed, max_iter, thr, cnt, med2, mn, mx, verify, deadline
            )
            count, complete, search = len(samples), False, "sprite"
    return Reconstruction(
        mean=mean,
        sd=sd,
        n=n,
        low=low,
        high=high,
        method=method,
        samples=tuple(samples),
        count=count,
        complete=complete,
        constraints=constraints,
        rounding=rounding,
        targets=tuple(targets),
        iterations=iters,
        seed=seed_out,
        stopped=stopped,
        search=search,
    )


@one_vocabulary
def check_mean_sd_with_count(
    mean: str,
    std: str,
    nobs: int,
    low: int,
    high: int,
    count_at_or_below: int,
    threshold: int,
    *,
    k_search: int = 1,
    seed: int = 0,
    max_iter: int = 2_000_000,
    timeout: float = 5.0,
) -> Check:
    """Could a printed mean and SD hold together with a printed count at or below a threshold?

    E.g. MADRS 20.3 +/- 11.5 in 30 patients on 0-60 with 8 remitters (MADRS <= 10).

    Parameters
    ----------
    mean, std : str
        As printed.
    nobs : int
        Sample size.
    low, high : int
        Scale bounds.
    count_at_or_below, threshold : int
        Exactly ``count_at_or_below`` of the ``n`` values are ``<= threshold``.
    k_search, seed, max_iter, timeout
        Budget of the searches (see :func:`reconstruct`).

    Returns
    -------
    Check
        ``inconsistent`` when exact bounds or a complete exhaustive search prove that no
        sample exists; ``consistent`` when a sample is found (``details["example"]``);
        ``not_testable`` when neither happens within the budget (said in the explanation).

    Notes
    -----
    Bounds first: the ``c`` values at or below the threshold lie in ``[low, threshold]``, the
    other ``n - c`` in ``[threshold + 1, high]``. For each sum ``S`` the mean allows, the
    smallest and largest attainable sum of squares is the minimum and maximum over the split
    ``S = S1 + S2`` of the per-group extremes (values as equal as possible; values at the
    bounds, see :func:`sd_bounds`). If no sum of squares between them gives the printed SD,
    the summary is impossible. Otherwise a SPRITE search (Heathers et al. 2018) looks for a
    sample, then an exhaustive search tries to prove that none exists.

    References
    ----------
    Heathers, J. A., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    PeerJ Preprints 6:e26968v1. doi:10.7287/peerj.preprints.26968v1

    Bhatia, R., & Davis, C. (2000). doi:10.1080/00029890.2000.12005203

    Examples
    --------
    >>> check_mean_sd_with_count("20.3", "11.5", 30, 0, 60, 8, 10).verdict
    'consistent'
    >>> c = check_mean_sd_with_count("2.00", "0.50", 10, 1, 5, 9, 1)
    >>> c.verdict
    'inconsistent'
    """
    sd, n = std, nobs
    n, low, high = _validate_scale(n, low, high, n_min=2)
    cnt, thr = _int_arg("count_at_or_below", count_at_or_below), _int_arg("threshold", threshold)
    if not 0 <= cnt <= n:
        raise ValueError(f"count_at_or_below ({count_at_or_below!r}) must be in [0, n={n}]")
    m, s = _printed("mean", mean, "up_or_down"), _printed("std", sd, "up_or_down")
    if s.v < 0:
        raise ValueError(f"std ({sd!r}) must be >= 0")
    reported = f"mean {mean}, SD {sd}, n {n}, scale {low}-{high}, {cnt} at or below {thr}"
    name = "mean_sd_with_count"
    if n > MAX_NOBS:
        return Check(
            name,
            "not_testable",
            f"n = {n:,} is above {MAX_NOBS:,}: no sample search at this size.",
            reported,
            "not searched",
            None,
            {},
        )
    # groups: c values in [low, t1], n - c in [t2, high]
    t1, t2 = min(thr, high), max(thr + 1, low)
    if (cnt > 0 and t1 < low) or (cnt < n and t2 > high):
        return Check(
            name,
            "inconsistent",
            f"{cnt} of {n} values at or below {thr} is impossible on {low}-{high}.",
            reported,
            "impossible count",
            None,
            {},
        )
    n1, n2 = cnt, n - cnt
    sums = _feasible_sums(m, n, low, high)
    windows = []
    for tot in sums:
        s1_lo, s1_hi = n1 * low, n1 * t1
        s1_lo = max(s1_lo, tot - n2 * high)
        s1_hi = min(s1_hi, tot - n2 * t2)
        if s1_lo > s1_hi:
            continue
        qmin = min(_grp_min_q(n1, s1, low, t1) + _grp_min_q(n2, tot - s1, t2, high) for s1 in range(s1_lo, s1_hi + 1))
        qmax = max(_grp_max_q(n1, s1, low, t1) + _grp_max_q(n2, tot - s1, t2, high) for s1 in range(s1_lo, s1_hi + 1))
        w_lo, w_hi = _q_window(s, n, tot)
        windows.append((tot, qmin, qmax, w_lo, w_hi))
    if not windows:
        return Check(
            name,
            "inconsistent",
            f"No sum of {n} integers on {low}-{high} with {cnt} at or below {thr} gives a mean that prints as {mean}.",
            reported,
            "no feasible sum",
            None,
            {"sums": sums},
        )
    sd_lo = min(_sd_from(n, t, qn) for t, qn, _, _, _ in windows)
    sd_hi = max(_sd_from(n, t, qx) for t, _, qx, _, _ in windows)
    details: dict[str, Any] = {"sd_min": sd_lo, "sd_max": sd_hi, "sums": [w[0] for w in windows]}
    overlap = any(max(qn, wl) <= min(qx, wh) for _, qn, qx, wl, wh in windows)
    if not overlap:
        return Check(
            name,
            "inconsistent",
            f"With {cnt} of {n} values at or below {thr} on {low}-{high} and mean {mean}, "
            f"the SD must lie between {sd_lo:.4f} and {sd_hi:.4f}; SD {sd} is outside.",
            reported,
            f"SD between {sd_lo:.4f} and {sd_hi:.4f}",
            None,
            details,
        )
    rec = reconstruct(mean, sd, n, low, high, "random", k=k_search, seed=seed, count_at_or_below=cnt, threshold=thr)
    if rec.samples:
        ex = rec.samples[0]
        details["example"] = list(ex)
        return Check(
            name,
            "consistent",
            f"A sample of {n} integers on {low}-{high} with {cnt} at or below {thr} "
            f"reproduces mean {mean} and SD {sd}: e.g. sum {sum(ex)}, mean "
            f"{sum(ex) / n:.4f}, SD {_sd_from(n, sum(ex), sum(v * v for v in ex)):.4f}.",
            reported,
            f"sample found (SD limits {sd_lo:.4f} to {sd_hi:.4f})",
            None,
            details,
        )
    rec = reconstruct(
        mean,
        sd,
        n,
        low,
        high,
        "exhaustive",
        max_iter=max_iter,
        timeout=timeout,
        max_samples=1,
        count_at_or_below=cnt,
        threshold=thr,
    )
    if rec.count:
        details["example"] = list(rec.samples[0])
        return Check(
            name,
            "consistent",
            f"An exhaustive search found {rec.count}{'' if rec.complete else '+'} samples "
            f"of {n} integers on {low}-{high} with {cnt} at or below {thr} reproducing "
            f"mean {mean} and SD {sd}.",
            reported,
            "sample found",
            None,
            details,
        )
    if rec.complete:
        return Check(
            name,
            "inconsistent",
            f"An exhaustive search over every sample of {n} integers on {low}-{high} with "
            f"{cnt} at or below {thr} found none with mean {mean} and SD {sd}.",
            reported,
            "no sample exists",
            None,
            details,
        )
    return Check(
        name,
        "not_testable",
        f"The SD limits ({sd_lo:.4f} to {sd_hi:.4f}) allow SD {sd}, but neither a SPRITE "
        f"search nor an exhaustive search within its budget ({max_iter} nodes, "
        f"{timeout} s) found a sample or proved that none exists.",
        reported,
        "undecided within budget",
        None,
        details,
    )


def _grp_min_q(n: int, s: int, low: int, high: int) -> int:
    return 0 if n == 0 else _min_q(n, s, low, high)


def _grp_max_q(n: int, s: int, low: int, high: int) -> int:
    return 0 if n == 0 else _max_q(n, s, low, high)
