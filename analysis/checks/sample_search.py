"""The two sample searches behind :func:`analysis.checks.reconstruction.reconstruct`: exhaustive counting and
SPRITE.

May import analysis.reported, analysis.results and the other reconstruction modules (scale_bounds <
sample_search < reconstruction); never the ledger, auditing or report.
"""

from __future__ import annotations

import time
from typing import Iterator

import numpy as np

from .scale_bounds import _ceil_div, _sd_from


class _Budget(Exception):
    """Raised inside the exhaustive search when the node or time budget is spent."""


# --------------------------------------------------------------------------------------
# Exhaustive search
# --------------------------------------------------------------------------------------
class _Exhaustive:
    """Count and enumerate count vectors c_0..c_{K-1} over the shifted scale points 0..K-1.

    Constraints: sum c_j = n, sum j c_j = S', sum j^2 c_j = Q'; c_j >= lb_j; optionally
    sum_{j <= thr} c_j = cnt; optionally the median (2 * median, shifted) in ``med2``.
    Points are processed from the top (K-1) down; the last ``base + 1`` points
    (``base = min(K-1, 3)``) are solved in closed form.
    """

    _DONE, _PENDING = -2, -1

    def __init__(
        self,
        k_points: int,
        n: int,
        lb: list[int],
        thr: int | None,
        cnt: int | None,
        med2: frozenset | None,
        max_iter: int,
        deadline: float | None,
    ):
        self.K, self.n, self.lb = k_points, n, lb
        self.thr, self.cnt, self.med2 = thr, cnt, med2
        self.base = min(k_points - 1, 3)
        # top-indices of the upper and lower median in a sample sorted from the top
        self.tU = n - 1 - n // 2
        self.tL = n - 1 - (n - 1) // 2
        self.memo: dict[tuple, int] = {}
        self.max_iter, self.deadline = max_iter, deadline
        self.stopped: str | None = None  # "steps" or "time" once a budget ran out
        self.nodes = 0

    def initial_state(self) -> int:
        return self._PENDING if self.med2 is not None else self._DONE

    def _tick(self) -> None:
        self.nodes += 1
        if self.nodes > self.max_iter:
            self.stopped = "steps"
            raise _Budget
        if self.deadline is not None and not self.nodes & 0xFFF and time.perf_counter() > self.deadline:
            self.stopped = "time"
            raise _Budget

    def _med_step(self, ms: int, a: int, c: int, j: int) -> int | None:
        """Median state after placing c values at point j with a values above; None = violated."""
        if ms == self._DONE or c == 0:
            return ms
        end = a + c
        vu = ms if ms >= 0 else (j if a <= self.tU < end else self._PENDING)
        if a <= self.tL < end:
            # a median state other than _DONE exists only with med2 (initial_state)
            return self._DONE if self.med2 is not None and (vu + j) in self.med2 else None
        return vu

    def _feasible(self, j: int, rn: int, rs: int, rq: int) -> bool:
        if rs < 0 or rq < 0 or rs > j * rn:
            return False
        a, b = divmod(rs, rn) if rn else (0, 0)
        if rq < rn * a * a + b * (2 * a + 1):
            return False
        if j:
            q, r = divmod(rs, j)
            if rq > q * j * j + r * r:
                return False
        return True

    def _tail_vectors(self, j: int, rn: int, rs: int, rq: int) -> Iterator[list[int]]:
        """Closed-form solutions for points j..0 (j <= 3), as lists c_j, ..., c_0."""
        lb = self.lb
        if j == 0:
            if rs == 0 and rq == 0 and rn >= lb[0]:
                yield [rn]
        elif j == 1:
            if rq == rs and rn - rs >= lb[0] and rs >= lb[1]:
                yield [rs, rn - rs]
        elif j == 2:
            if (rq - rs) % 2 == 0:
                c2 = (rq - rs) // 2
                c1 = rs - 2 * c2
                c0 = rn - c1 - c2
                if c2 >= lb[2] and c1 >= lb[1] and c0 >= lb[0]:
                    yield [c2, c1, c0]
        else:
            lo, hi = self._c3_range(rn, rs, rq)
            for c3 in range(lo, hi + 1):
                h = (rq - rs) // 2
                yield [c3, h - 3 * c3, 2 * rs - rq + 3 * c3, rn - 2 * rs + rq - h - c3]

    def _c3_range(self, rn: int, rs: int, rq: int) -> tuple[int, int]:
        # c2 = h - 3 c3, c1 = 2 rs - rq + 3 c3, c0 = rn - 2 rs + rq - h - c3, h = (rq - rs)/2
        if (rq - rs) % 2:
            return 0, -1
        lb = self.lb
        h = (rq - rs) // 2
        lo = max(lb[3], _ceil_div(lb[1] - 2 * rs + rq, 3))
        hi = min((h - lb[2]) // 3, rn - 2 * rs + rq - h - lb[0])
        return lo, hi

    def _tail_ok(self, j: int, rn: int, vec: list[int], ms: int) -> bool:
        """Check the threshold and median constraints along a closed-form tail."""
        a = self.n - rn
        for i, c in enumerate(vec):
            p = j - i
            if self.thr is not None and p == self.thr and rn != self.cnt:
                return False
            step = self._med_step(ms, a, c, p)
            if step is None:
                return False
            ms = step
            a += c
            rn -= c
        return ms == self._DONE

    def _slow_tail(self, j: int, ms: int) -> bool:
        return ms != self._DONE or (self.thr is not None and self.thr < j)

    def count(self, j: int, rn: int, rs: int, rq: int, ms: int) -> int:
        key = (j, rn, rs, rq, ms)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        self._tick()
        total = 0
        if self.thr is not None and j == self.thr and rn != self.cnt:
            total = 0
        elif not self._feasible(j, rn, rs, rq):
            total = 0
        elif j <= self.base:
            if self._slow_tail(j, ms):
                total = sum(1 for v in self._tail_vectors(j, rn, rs, rq) if self._tail_ok(j, rn, v, ms))
            elif j == 3:
                lo, hi = self._c3_range(rn, rs, rq)
                total = max(0, hi - lo + 1)
            else:
                total = sum(1 for _ in self._tail_vectors(j, rn, rs, rq))
        else:
            a = self.n - rn
            jj = j * j
            c_lo = max(self.lb[j], rs - (j - 1) * rn)
            c_hi = min(rn, rs // j, rq // jj)
            for c in range(c_lo, c_hi + 1):
                ms2 = self._med_step(ms, a, c, j) if ms != self._DONE else ms
                if ms2 is None:
                    continue
                total += self.count(j - 1, rn - c, rs - c * j, rq - c * jj, ms2)
        self.memo[key] = total
        return total

    def vectors(self, j: int, rn: int, rs: int, rq: int, ms: int) -> Iterator[list[int]]:
        """Yield every solution (c_j, ..., c_0) in the subtree, skipping empty branches."""
        if self.count(j, rn, rs, rq, ms) == 0:
            return
        if j <= self.base:
            for v in self._tail_vectors(j, rn, rs, rq):
                if not self._slow_tail(j, ms) or self._tail_ok(j, rn, v, ms):
                    yield v
            return
        for c, sub in self._children(j, rn, rs, rq, ms):
            for rest in self.vectors(*sub):
                yield [c] + rest

    def _children(
        self, j: int, rn: int, rs: int, rq: int, ms: int
    ) -> Iterator[tuple[int, tuple[int, int, int, int, int]]]:
        """(c_j, state below) for each count c_j the median constraint allows at point j > base."""
        a = self.n - rn
        jj = j * j
        for c in range(max(self.lb[j], rs - (j - 1) * rn), min(rn, rs // j, rq // jj) + 1):
            ms2 = self._med_step(ms, a, c, j) if ms != self._DONE else ms
            if ms2 is not None:
                yield c, (j - 1, rn - c, rs - c * j, rq - c * jj, ms2)

    def unrank(self, j: int, rn: int, rs: int, rq: int, ms: int, idx: int) -> list[int]:
        """The solution number ``idx`` (0-based) in the order :meth:`vectors` yields them, found by
        walking down the memoised counts (no enumeration of the ones before it)."""
        if j <= self.base:
            for v in self._tail_vectors(j, rn, rs, rq):
                if not self._slow_tail(j, ms) or self._tail_ok(j, rn, v, ms):
                    if idx == 0:
                        return v
                    idx -= 1
            raise IndexError(idx)  # pragma: no cover - idx is below count()
        for c, sub in self._children(j, rn, rs, rq, ms):
            below = self.count(*sub)
            if idx < below:
                return [c] + self.unrank(*sub, idx)
            idx -= below
        raise IndexError(idx)  # pragma: no cover


def _draw(targets, n, lo0, hi0, lb, thr, cnt, med2, max_iter, deadline, k, seed):
    """``k`` distinct samples drawn uniformly at random from every sample the exhaustive search
    counts, or None when it does not finish within ``max_iter`` nodes or by ``deadline`` (perf_counter).

    Returns ``(samples, total, nodes)``: the draw (sorted), the exact number of samples and the
    recursion nodes visited. Each sample is found from its rank through the memoised counts, so the
    draw is uniform over all ``total`` samples without listing them.
    """
    k_points = hi0 - lo0 + 1
    ex = _Exhaustive(k_points, n, lb, thr, cnt, med2, max_iter, deadline)
    top = k_points - 1
    shifted = [(s - n * lo0, q - 2 * lo0 * s + n * lo0 * lo0) for s, q in targets]
    try:
        counts = [ex.count(top, n, sp, qp, ex.initial_state()) for sp, qp in shifted]
    except _Budget:
        return None
    total = sum(counts)
    rng = np.random.default_rng(seed)
    size = min(k, total)
    if total < 2**62:
        ranks = sorted(int(r) for r in rng.choice(total, size=size, replace=False)) if size else []
    else:  # beyond int64: 64 random bits more than total needs keep the modulo bias below 2**-64
        nbytes = (total.bit_length() + 7) // 8 + 8
        picked: set[int] = set()
        while len(picked) < size:
            picked.add(int.from_bytes(rng.bytes(nbytes), "little") % total)
        ranks = sorted(picked)
    ex.max_iter, ex.deadline = float("inf"), None  # the counts are memoised: unranking is cheap
    samples = []
    for r in ranks:
        t = 0
        while r >= counts[t]:
            r -= counts[t]
            t += 1
        vec = ex.unrank(top, n, *shifted[t], ex.initial_state(), r)[::-1]  # c_0 .. c_{K-1}
        samples.append(tuple(v for j, cj in enumerate(vec) for v in [lo0 + j] * cj))
    return sorted(samples), total, ex.nodes


def _exhaustive(targets, n, lo0, hi0, lb, thr, cnt, med2, max_iter, deadline, max_samples):
    """Count (and list up to ``max_samples``) the samples; stops at ``max_iter`` nodes or at the
    ``deadline`` (time.perf_counter()), returning what it found and why it stopped."""
    k_points = hi0 - lo0 + 1
    ex = _Exhaustive(k_points, n, lb, thr, cnt, med2, max_iter, deadline)
    total, samples = 0, []
    top = k_points - 1
    for s, q in targets:
        sp = s - n * lo0
        qp = q - 2 * lo0 * s + n * lo0 * lo0
        try:
            c = ex.count(top, n, sp, qp, ex.initial_state())
        except _Budget:
            break
        total += c
        if c and len(samples) < max_samples:
            for vec in ex.vectors(top, n, sp, qp, ex.initial_state()):
                counts = vec[::-1]  # c_0 .. c_{K-1}
                samples.append(tuple(v for j, cj in enumerate(counts) for v in [lo0 + j] * cj))
                if len(samples) >= max_samples:
                    break
                if deadline is not None and not len(samples) & 0xFF and time.perf_counter() > deadline:
                    ex.stopped = "time"  # the count of this target is exact; the listing is cut
                    break
        if ex.stopped:
            break
    return sorted(samples), total, ex.stopped is None, ex.nodes, ex.stopped


# --------------------------------------------------------------------------------------
# Random (SPRITE) search
# --------------------------------------------------------------------------------------
def _layout_bounds(n, low, high, thr, cnt, minimum, maximum):
    """Per-position bounds in a sample sorted ascending that encode the extra constraints."""
    lo = np.full(n, low, dtype=np.int64)
    hi = np.full(n, high, dtype=np.int64)
    if minimum is not None:
        lo[:] = np.maximum(lo, minimum)
        hi[0] = lo[0] = minimum
    if maximum is not None:
        hi[:] = np.minimum(hi, maximum)
        lo[-1] = hi[-1] = maximum
    if thr is not None:
        hi[:cnt] = np.minimum(hi[:cnt], thr)
        lo[cnt:] = np.maximum(lo[cnt:], thr + 1)
    return lo, hi


def _median_pairs(med2: frozenset | None, n: int, low: int, high: int) -> list[tuple[int | None, int | None]]:
    """Values (a, b) of the lower and upper middle order statistics that give a permitted median."""
    if med2 is None:
        return [(None, None)]
    pairs = []
    for m2 in sorted(med2):
        if n % 2:
            if m2 % 2 == 0 and low <= m2 // 2 <= high:
                pairs.append((m2 // 2, m2 // 2))
        else:
            for a in range(low, high + 1):
                b = m2 - a
                if a <= b <= high:
                    pairs.append((a, b))
    return pairs


def _random(
    targets, n, low, high, k, seed, max_iter, thr, cnt, med2, minimum, maximum, verify, deadline=None
) -> tuple[list, int, str | None]:
    rng = np.random.default_rng(seed)
    lo1, hi1 = _layout_bounds(n, low, high, thr, cnt, minimum, maximum)
    iL, iU = (n - 1) // 2, n // 2
    layouts = []
    for a, b in _median_pairs(med2, n, low, high):
        lo, hi = lo1.copy(), hi1.copy()
        if a is not None and b is not None:  # both, or neither (no median constraint)
            hi[:iL] = np.minimum(hi[:iL], a)
            lo[iL], hi[iL] = max(lo[iL], a), min(hi[iL], a)
            lo[iU], hi[iU] = max(lo[iU], b), min(hi[iU], b)
            lo[iU + 1 :] = np.maximum(lo[iU + 1 :], b)
        if np.all(lo <= hi):
            lo_s, hi_s = int(lo.sum()), int(hi.sum())  # once, not once per target
            ok = [(s, q) for s, q in targets if lo_s <= s <= hi_s]
            if ok:
                layouts.append((lo, hi, ok))
    found: dict[tuple, None] = {}
    steps = 0
    stopped = None
    if not layouts:
        return [], steps, stopped
    by_sum: dict[tuple[int, int], tuple[int, int]] = {}
    for li, (_, _, ok) in enumerate(layouts):
        for s, q in ok:
            q_lo, q_hi = by_sum.get((li, s), (q, q))
            by_sum[(li, s)] = (min(q_lo, q), max(q_hi, q))
    choices = sorted(by_sum)
    # Start near the target spread (SPRITE starts anywhere; this only saves steps).
    s0 = targets[0][0]
    mu = s0 / n
    sd_t = _sd_from(n, targets[0][0], targets[0][1]) if n > 1 else 0.0
    per_batch_steps = 20 * n + 500
    stale = 0
    while len(found) < k and steps < max_iter and stale < 3:
        before = len(found)
        b = int(min(4000, max(64, 2 * (k - len(found))), max(16, 1_000_000 // n)))  # a batch of ~10^6 values
        pick = rng.integers(0, len(choices), size=b)
        lo = np.stack([layouts[choices[i][0]][0] for i in pick])
        hi = np.stack([layouts[choices[i][0]][1] for i in pick])
        s_t = np.array([choices[i][1] for i in pick], dtype=np.int64)
        q_lo = np.array([by_sum[choices[i]][0] for i in pick], dtype=np.int64)
        q_hi = np.array([by_sum[choices[i]][1] for i in pick], dtype=np.int64)
        spread = sd_t * rng.uniform(0.3, 1.7, size=(b, 1))
        x = np.rint(mu + spread * rng.standard_normal((b, n))).astype(np.int64)
        x = np.clip(x, lo, hi)
        x.sort(axis=1)
        x = np.clip(x, lo, hi)
        # fix the sums: move random positions with room up or down
        rows = np.arange(b)
        for _ in range(4 * (high - low) + 10):
            diff = s_t - x.sum(axis=1)
            if not diff.any():
                break
            up = diff > 0
            room = np.where(up[:, None], x < hi, x > lo)
            key = np.where(room, rng.random((b, n)), 2.0)
            rank = np.argsort(np.argsort(key, axis=1), axis=1)
            move = room & (rank < np.abs(diff)[:, None])
            x += np.where(move, np.where(up, 1, -1)[:, None], 0)
        alive = x.sum(axis=1) == s_t
        x, lo, hi, q_lo, q_hi = x[alive], lo[alive], hi[alive], q_lo[alive], q_hi[alive]
        b = x.shape[0]
        rows = np.arange(b)
        cols = np.arange(n)[None, :]
        active = np.ones(b, dtype=bool)
        q = (x * x).sum(axis=1)
        batch_steps = 0
        while active.any() and batch_steps < per_batch_steps and steps < max_iter:
            if deadline is not None and time.perf_counter() > deadline:
                stopped = "time"
                break
            batch_steps += 1
            steps += 1
            need_up = q < q_lo
            need_dn = q > q_hi
            # First value f: one with room to go up. Raising the SD moves f up and a partner
            # g <= f down (change 2(f - g) + 2 > 0); lowering it moves f up and a partner
            # g >= f + 2 down (change 2(f - g) + 2 < 0). Choosing among values with room
            # (rather than among all pairs) keeps the search moving near the SD limits.
            room_up = x < hi
            f = np.where(room_up, rng.random((b, n)), -1.0).argmax(axis=1)
            xf = x[rows, f]
            partner = (x > lo) & np.where(
                need_up[:, None], (x <= xf[:, None]) & (cols != f[:, None]), x >= xf[:, None] + 2
            )
            g = np.where(partner, rng.random((b, n)), -1.0).argmax(axis=1)
            xg = x[rows, g]
            valid = room_up[rows, f] & partner[rows, g]
            ok_up = need_up & valid
            ok_dn = need_dn & valid
            d_up = 2 * (xf - xg) + 2
            d_dn = d_up
            p, r = g, f  # p goes down by one, r up by one (for both directions)
            lucky = rng.random(b) < 0.15
            ok_up &= (q + d_up <= q_hi) | lucky
            ok_dn &= (q + d_dn >= q_lo) | lucky
            mv = ok_up | ok_dn
            x[rows[mv], p[mv]] -= 1
            x[rows[mv], r[mv]] += 1
            q = q + np.where(mv, d_up, 0)
            hit = active & (q >= q_lo) & (q <= q_hi)
            if hit.any():
                for row in x[hit]:
                    t = tuple(sorted(int(v) for v in row))
                    if t not in found and verify(t):
                        found[t] = None
                        if len(found) >= k:
                            break
                active &= ~hit
                if len(found) >= k:
                    break
        stale = stale + 1 if len(found) == before else 0
        if stopped:
            break
    if stopped is None and steps >= max_iter and len(found) < k:
        stopped = "steps"
    return list(found)[:k], steps, stopped
