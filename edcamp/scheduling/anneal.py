"""The search inside the builder: slots by simulated annealing, rooms by sorting.

Conflicts depend only on which slot each proposal sits in; overflow, for a
given set of proposals in a slot, is smallest when the most-voted proposal
gets the largest free room, the next one the next room, and so on (the
sorted matching minimises a sum of convex costs). So the search only moves
proposals between slots, and a slot's overflow is recomputed exactly by
sorting after each move.

Conflicts are counted on bit sets (`bitsets.py`): a move's conflict change is a
few `&` and `bit_count()` on whole sets of attendees. Most tries are refused: each
draws its acceptance threshold first, and a bound on the overflow's change refuses
most of them before the overflow is worked out. Indices, not ids, throughout.
"""

from __future__ import annotations

import math
import random
import time
from bisect import bisect_left, insort

from edcamp.scheduling.bitsets import (
    add_votes,
    bits,
    level_conflicts,
    overflow_exchanging,
    overflow_prefixes,
    remove_votes,
    slot_overflow,
)
from edcamp.scheduling.cooling import Cooling, SearchResult
from edcamp.scheduling.fixed import FixedCells


class SlotSearch:
    """State of one search: which movable proposal sits in which slot."""

    def __init__(
        self,
        n_slots: int,
        voters: list[list[int]],
        leaders: list[list[int]],
        caps: list[list[int]],
        fixed_votes: list[tuple[list[int], int]],
        fixed_leaders: list[tuple[list[int], int]],
        banned: list[set[int]] | None = None,
    ) -> None:
        self.S = n_slots
        # ban[i*S + t]: proposal i may not sit in slot t (a facilitator is away)
        self.ban = [False] * (len(voters) * n_slots)
        for i, slots in enumerate(banned or ()):
            for t in slots:
                self.ban[i * n_slots + t] = True
        self.vm = [bits(v) for v in voters]
        self.lm = [bits(f) for f in leaders]
        self.dem = [len(v) for v in voters]
        self.caps = caps
        self.nfree = [len(c) for c in caps]
        self.lev: list[list[int]] = [[0, 0] for _ in range(n_slots)]
        # facilitators leading a session of the slot, as bits: pinned and reserved ones
        # (`held`) and all (`busy`); a facilitator leads at most one session per slot
        self.held = [0] * n_slots
        for people, s in fixed_votes:  # pinned proposals' voters
            add_votes(self.lev[s], bits(people))
        for people, s in fixed_leaders:
            self.held[s] |= bits(people)
        self.busy = list(self.held)
        self.members: list[list[int]] = [[] for _ in range(n_slots)]
        self.slot_of = [-1] * len(voters)
        self.over = [0] * n_slots
        self.conflicts = sum(level_conflicts(lv) for lv in self.lev)
        self.fixed: FixedCells | None = None  # sessions that hold a room (`fixed.py`)
        self.order: list[list[int]] = []  # during the annealing (see `anneal`)
        self.pre: list[tuple[list[int], list[int], list[int]]] = []

    # -- placing -------------------------------------------------------------
    def fits(self, i: int, t: int) -> bool:
        """Slot t has a room left for i, and i's facilitators can be there."""
        return (
            len(self.members[t]) < self.nfree[t]
            and not self.ban[i * self.S + t]
            and not self.busy[t] & self.lm[i]
        )

    def add_cost(self, i: int, t: int) -> int:
        """Conflicts i's voters would add in slot t (its room is not decided here)."""
        return (self.vm[i] & self.lev[t][0]).bit_count()

    def slot_overflow_of(self, t: int) -> int:
        return slot_overflow([self.dem[k] for k in self.members[t]], self.caps[t])

    def reserve(self, i: int, t: int, capacity: int) -> None:
        """Fix i in slot t in a room of `capacity` that the slot's sorting no longer offers."""
        self.caps[t].remove(capacity)
        self.nfree[t] -= 1
        self.conflicts += add_votes(self.lev[t], self.vm[i])
        self.held[t] |= self.lm[i]
        self.busy[t] |= self.lm[i]
        self.over[t] = self.slot_overflow_of(t)

    def overflow_without(self, t: int, capacity: int) -> int:
        """How much slot t's overflow grows when a room of `capacity` leaves it."""
        caps = list(self.caps[t])
        caps.remove(capacity)
        return slot_overflow([self.dem[k] for k in self.members[t]], caps) - self.over[t]

    def _add_delta(self, i: int, t: int) -> int:
        return self.add_cost(i, t) + (
            slot_overflow([self.dem[k] for k in self.members[t]] + [self.dem[i]], self.caps[t])
            - self.over[t]
        )

    def place(self, i: int, t: int) -> None:
        self.conflicts += add_votes(self.lev[t], self.vm[i])
        self.busy[t] |= self.lm[i]
        self.members[t].append(i)
        self.slot_of[i] = t
        self.over[t] = self.slot_overflow_of(t)

    def place_greedily(self, i: int) -> bool:
        """Place i at its cheapest slot; False when no slot can take it."""
        options = [t for t in range(self.S) if self.fits(i, t)]
        if options:
            self.place(i, min(options, key=lambda t: (self._add_delta(i, t), t)))
        return bool(options)

    @property
    def objective(self) -> int:
        return self.conflicts + sum(self.over)

    def _shift(self, i: int, s: int, t: int) -> None:
        """Move i from slot s to t (levels, members); overflow and `busy` are the caller's."""
        v = self.vm[i]
        self.conflicts += add_votes(self.lev[t], v) - remove_votes(self.lev[s], v)
        self.members[s].remove(i)
        self.members[t].append(i)
        self.slot_of[i] = t

    def refresh(self, t: int) -> None:
        """Slot t's overflow (and, during the annealing, its sums) after its rooms changed."""
        if self.pre:
            self.pre[t] = overflow_prefixes(self.order[t], self.caps[t])
            self.over[t] = self.pre[t][0][-1]
        else:
            self.over[t] = self.slot_overflow_of(t)

    def move(self, i: int, s: int, t: int) -> None:
        self._shift(i, s, t)
        self.busy[s] &= ~self.lm[i]
        self.busy[t] |= self.lm[i]

    def swap(self, i: int, s: int, j: int, t: int) -> None:
        """Exchange i (in s) and j (in t); a facilitator they share stays busy in both."""
        self._shift(i, s, t)
        self._shift(j, t, s)
        li, lj = self.lm[i], self.lm[j]
        self.busy[s] = (self.busy[s] & ~li) | lj
        self.busy[t] = (self.busy[t] & ~lj) | li

    def load(self, slot_of: list[int], cells: dict[int, tuple[int, int]] | None = None) -> None:
        """Move every proposal to the slot `slot_of` (and `cells`) gives it: the best found."""
        if self.fixed is not None and cells is not None:
            self.fixed.restore(cells)
        for i, t in enumerate(slot_of):
            s = self.slot_of[i]
            if s != t and s >= 0 and t >= 0:
                self._shift(i, s, t)
        self.busy[:] = self.held
        for i, t in enumerate(self.slot_of):
            if t >= 0:
                self.busy[t] |= self.lm[i]
        self.over[:] = [self.slot_overflow_of(t) for t in range(self.S)]
        self.conflicts = sum(level_conflicts(lv) for lv in self.lev)
        if self.pre:  # during the annealing: its sorted demands and sums follow
            for t in range(self.S):
                self.order[t] = sorted(-self.dem[k] for k in self.members[t])
                self.refresh(t)

    # -- annealing -----------------------------------------------------------
    def anneal(
        self,
        movable: list[int],
        *,
        iterations: int,
        time_limit_s: float,
        seed: int,
        t_start: float = 2.0,
        t_end: float = 0.2,
    ) -> SearchResult:
        """Simulated annealing over moves and swaps between slots.

        One long function on purpose: the inner loop binds everything to locals and
        inlines the move and swap deltas, since a call per move would cost a third of
        the moves that fit in a second.

        The temperature (`cooling.py`) falls geometrically with progress = iterations
        done / `iterations` (or the clock's, if `time_limit_s` runs out first: then the
        result can depend on machine speed); once the search is frozen, it goes back
        to the best grid and warms up again.
        """
        n = len(movable)
        cur = self.objective
        best, best_slots = cur, list(self.slot_of)
        started = time.perf_counter()
        fixed = self.fixed
        fixed_ids = fixed.ids if fixed is not None else []
        nf = len(fixed_ids)
        share = nf / (n + nf) if nf else 0.0
        best_cells = dict(fixed.cell_of) if fixed is not None else None
        if n + nf == 0 or self.S < 2 or iterations <= 0:
            return SearchResult(best_slots, best, 0, False, cells=best_cells)
        S, lev, busy, lm, vm, dem = self.S, self.lev, self.busy, self.lm, self.vm, self.dem
        members, slot_of, over = self.members, self.slot_of, self.over
        caps, nfree, ban = self.caps, self.nfree, self.ban
        # order[t]: the negated demands of slot t's proposals, ascending; pre[t] its sums
        self.order = order = [sorted(-dem[k] for k in members[t]) for t in range(S)]
        self.pre = pre = [overflow_prefixes(order[t], caps[t]) for t in range(S)]
        # a try: a proposal and how many slots further it goes (never its own slot)
        tries = [(i, k) for i in movable for k in range(1, S)]
        nt = len(tries)
        rng = random.Random(seed)
        rand, log, exchange = rng.random, math.log, overflow_exchanging
        hit = False
        it = improved_at = moved = 0
        cooling = Cooling(t_start, t_end, iterations, time_limit_s)
        temp = improved_temp = t_start
        while it < iterations:
            if cooling.frozen(it, improved_at, moved):  # back to the best grid, warmer
                self.load(best_slots, best_cells)
                cur, improved_at = best, it
                cooling.reheat(improved_temp)
            temp = cooling.temperature(it, time.perf_counter() - started)  # type: ignore[assignment]
            if temp is None:
                hit = True
                break
            chunk = min(256, iterations - it)
            it += chunk
            for _ in range(chunk):
                if nf and (n == 0 or rand() < share):  # a session that holds its room
                    d = fixed.try_move(
                        fixed_ids[int(rand() * nf)], rand(), -temp * log(1.0 - rand())
                    )  # type: ignore[union-attr]
                    if d:
                        cur += d
                        moved += 1
                        if cur < best:
                            best, best_slots, best_cells = cur, list(slot_of), dict(fixed.cell_of)  # type: ignore[union-attr]
                            improved_at, improved_temp = it, temp
                    continue
                i, t = tries[int(rand() * nt)]
                s = slot_of[i]
                t += s
                if t >= S:
                    t -= S
                if ban[i * S + t]:
                    continue
                mt = members[t]
                vi = vm[i]
                levs, levt = lev[s], lev[t]
                # accepted when its delta is at most thr: a delta > 0 passes with
                # probability exp(-delta / temp), as in Metropolis
                if nfree[t] > len(mt) and (not mt or rand() < 0.5):
                    if busy[t] & lm[i]:
                        continue
                    j = -1
                    d = (vi & levt[0]).bit_count() - (vi & levs[1]).bit_count()
                    thr = -temp * log(1.0 - rand())
                    di = -dem[i]
                    ls, lt = order[s], order[t]
                    ps = bisect_left(ls, di)  # i leaves rank ps of s: the ranks after move up
                    cur_s, up_s, _ = pre[s]
                    os_ = cur_s[ps] + up_s[len(ls)] - up_s[ps + 1]
                    if d + os_ - over[s] > thr:  # t's overflow cannot fall
                        continue
                    q = bisect_left(lt, di)  # i arrives at rank q of t: the ranks after move down
                    cur_t, _, down_t = pre[t]
                    v = -di - caps[t][q]
                    ot = cur_t[q] + (v if v > 0 else 0) + down_t[len(lt)] - down_t[q]
                else:
                    if not mt:
                        continue
                    j = mt[int(rand() * len(mt))]
                    if ban[j * S + s]:
                        continue
                    li, lj = lm[i], lm[j]
                    if busy[t] & ~lj & li or busy[s] & ~li & lj:
                        continue
                    vj = vm[j]
                    d = (
                        (vi & levt[0]).bit_count()
                        + (vj & levs[0]).bit_count()
                        - (vi & levs[1]).bit_count()
                        - (vj & levt[1]).bit_count()
                    )
                    both = vi & vj
                    if both:  # their common voters: neither removal nor arrival counts twice
                        d += (
                            (both & levt[1]).bit_count()
                            + (both & levs[1]).bit_count()
                            - 2 * both.bit_count()
                        )
                    thr = -temp * log(1.0 - rand())
                    di, dj = dem[i], dem[j]
                    # the larger demand's old slot loses at most the difference, and at
                    # most the overflow of the ranks from its own down (those above keep
                    # their rooms); the other slot's overflow cannot fall
                    if di > dj:
                        gap = over[s] - pre[s][0][bisect_left(order[s], -di)]
                        lb = d - (di - dj if di - dj < gap else gap)
                    elif di < dj:
                        gap = over[t] - pre[t][0][bisect_left(order[t], -dj)]
                        lb = d - (dj - di if dj - di < gap else gap)
                    else:  # equal demands: the overflow stays as it is
                        lb, ls = d, None
                        os_, ot = over[s], over[t]
                    if lb > thr:
                        continue
                    if di != dj:
                        di, dj = -di, -dj
                        ls, lt = order[s], order[t]
                        ps, pt = bisect_left(ls, di), bisect_left(lt, dj)
                        os_ = exchange(pre[s], caps[s], ps, bisect_left(ls, dj), -dj)
                        ot = exchange(pre[t], caps[t], pt, bisect_left(lt, di), -di)
                delta = d + os_ + ot - over[s] - over[t]
                if delta > thr:
                    continue
                if j < 0:
                    self.move(i, s, t)
                else:
                    self.swap(i, s, j, t)
                if ls is not None:  # the slots' sorted demands and sums follow
                    del ls[ps]
                    if j >= 0:
                        del lt[pt]
                        insort(ls, dj)
                    insort(lt, di)
                    pre[s], pre[t] = overflow_prefixes(ls, caps[s]), overflow_prefixes(lt, caps[t])
                    over[s], over[t] = os_, ot
                cur += delta
                moved += delta != 0
                if cur < best:
                    best, improved_at, improved_temp = cur, it, temp
                    best_slots = list(slot_of)
                    if fixed is not None:
                        best_cells = dict(fixed.cell_of)
        self.conflicts = sum(level_conflicts(lv) for lv in lev)
        self.order, self.pre = [], []
        took = time.perf_counter() - started
        return SearchResult(best_slots, best, it, hit, took, best_cells, cooling.reheats)
