"""The search inside the builder: slots by simulated annealing, rooms by sorting.

Conflicts depend only on which slot each proposal sits in; overflow, for a
given set of proposals in a slot, is smallest when the most-voted proposal
gets the largest free room, the next one the next room, and so on (the
sorted matching minimises a sum of convex costs). So the search only moves
proposals between slots, and a slot's overflow is recomputed exactly by
sorting after each move. Conflict changes are counted incrementally from
per-attendee, per-slot vote counts.

Everything is in plain lists of ints for speed; indices, not ids.
"""

from __future__ import annotations

import math
import random
import time
from bisect import insort
from dataclasses import dataclass
from operator import add


def slot_overflow(demands: list[int], caps: list[int]) -> int:
    """Overflow of one slot: demands matched largest-first to `caps` (sorted descending)."""
    demands = sorted(demands, reverse=True)
    return sum(d - c for d, c in zip(demands, caps, strict=False) if d > c)


@dataclass
class SearchResult:
    slot_of: list[int]  # slot index per movable proposal, -1 when it did not fit
    objective: int
    iterations: int
    time_limit_hit: bool


class SlotSearch:
    """State of one search: which movable proposal sits in which slot."""

    def __init__(
        self,
        n_slots: int,
        n_attendees: int,
        n_leaders: int,
        voters: list[list[int]],
        leaders: list[list[int]],
        caps: list[list[int]],
        fixed_votes: list[tuple[int, int]],
        fixed_leaders: list[tuple[int, int]],
        banned: list[set[int]] | None = None,
    ) -> None:
        self.S = n_slots
        # ban[i*S + t]: proposal i may not sit in slot t (a facilitator is away)
        self.ban = [False] * (len(voters) * n_slots)
        for i, slots in enumerate(banned or ()):
            for t in slots:
                self.ban[i * n_slots + t] = True
        self.voters = voters
        self.vsets = [frozenset(v) for v in voters]
        self.leaders = leaders
        self.dem = [len(v) for v in voters]
        self.caps = caps
        self.nfree = [len(c) for c in caps]
        self.cnt = [0] * (n_attendees * n_slots)
        self.fcnt = [0] * (n_leaders * n_slots)
        for a, s in fixed_votes:  # pinned proposals' voters
            self.cnt[a * n_slots + s] += 1
        for f, s in fixed_leaders:
            self.fcnt[f * n_slots + s] += 1
        self.members: list[list[int]] = [[] for _ in range(n_slots)]
        self.slot_of = [-1] * len(voters)
        self.over = [0] * n_slots
        self.conflicts = sum(c - 1 for c in self.cnt if c > 1)

    # -- placing -------------------------------------------------------------
    def fits(self, i: int, t: int) -> bool:
        """Slot t has a room left for i, and i's facilitators can be there."""
        S, fcnt = self.S, self.fcnt
        return (
            len(self.members[t]) < self.nfree[t]
            and not self.ban[i * S + t]
            and not any(fcnt[f * S + t] for f in self.leaders[i])
        )

    def add_cost(self, i: int, t: int) -> int:
        """Conflicts i's voters would add in slot t (its room is not decided here)."""
        S, cnt = self.S, self.cnt
        return sum(1 for a in self.voters[i] if cnt[a * S + t])

    def reserve(self, i: int, t: int, capacity: int) -> None:
        """Fix i in slot t in a room of `capacity` that the slot's sorting no longer offers."""
        self.caps[t].remove(capacity)
        self.nfree[t] -= 1
        S = self.S
        for a in self.voters[i]:
            if self.cnt[a * S + t]:
                self.conflicts += 1
            self.cnt[a * S + t] += 1
        for f in self.leaders[i]:
            self.fcnt[f * S + t] += 1
        self.over[t] = slot_overflow([self.dem[k] for k in self.members[t]], self.caps[t])

    def overflow_without(self, t: int, capacity: int) -> int:
        """How much slot t's overflow grows when a room of `capacity` leaves it."""
        caps = list(self.caps[t])
        caps.remove(capacity)
        return slot_overflow([self.dem[k] for k in self.members[t]], caps) - self.over[t]

    def _add_delta(self, i: int, t: int) -> int:
        S, cnt = self.S, self.cnt
        return sum(1 for a in self.voters[i] if cnt[a * S + t]) + (
            slot_overflow([self.dem[k] for k in self.members[t]] + [self.dem[i]], self.caps[t])
            - self.over[t]
        )

    def place(self, i: int, t: int) -> None:
        S = self.S
        for a in self.voters[i]:
            if self.cnt[a * S + t]:
                self.conflicts += 1
            self.cnt[a * S + t] += 1
        for f in self.leaders[i]:
            self.fcnt[f * S + t] += 1
        self.members[t].append(i)
        self.slot_of[i] = t
        self.over[t] = slot_overflow([self.dem[k] for k in self.members[t]], self.caps[t])

    def place_greedily(self, i: int) -> bool:
        """Place i at its cheapest slot; False when no slot can take it."""
        options = [t for t in range(self.S) if self.fits(i, t)]
        if options:
            self.place(i, min(options, key=lambda t: (self._add_delta(i, t), t)))
        return bool(options)

    @property
    def objective(self) -> int:
        return self.conflicts + sum(self.over)

    # -- annealing -----------------------------------------------------------
    def _prepare(self, movable: list[int]) -> None:
        """Build the incremental tables of the annealing for the placed proposals.

        near[i*S + t]: how many voters of i have another voted proposal in slot t,
        so moving i from s to t changes conflicts by near[i,t] - near[i,s].
        common[(i, j)]: voters of both i and j (a swap must not count them).
        order[t]: the negated demands of slot t's proposals, ascending.
        """
        S, cnt, slot_of = self.S, self.cnt, self.slot_of
        n_att = len(cnt) // S if S else 0
        self.avotes: list[list[int]] = [[] for _ in range(n_att)]
        for i in movable:
            for a in self.voters[i]:
                self.avotes[a].append(i)
        self.common: dict[int, list[int]] = {}
        m = len(self.voters)
        for a, mine in enumerate(self.avotes):
            for x in mine:
                for y in mine:
                    if x != y:
                        self.common.setdefault(x * m + y, []).append(a * S)
        self.near = [0] * (m * S)
        for i in movable:
            for t in range(S):
                own = 1 if slot_of[i] == t else 0
                self.near[i * S + t] = sum(1 for a in self.voters[i] if cnt[a * S + t] - own >= 1)
        self.order = [sorted(-self.dem[k] for k in self.members[t]) for t in range(S)]

    def anneal(
        self,
        movable: list[int],
        *,
        iterations: int,
        time_limit_s: float,
        seed: int,
        t_start: float = 3.0,
        t_end: float = 0.05,
    ) -> SearchResult:
        """Simulated annealing over moves and swaps between slots.

        One long function on purpose: the inner loop binds everything to locals and
        inlines the move and swap deltas, since a call per move would cost a third of
        the moves that fit in a second.

        The temperature falls geometrically with progress = iterations done /
        `iterations`; if `time_limit_s` runs out first, progress follows the
        clock instead (then the result can depend on machine speed).
        """
        n = len(movable)
        cur = self.objective
        best, best_slots = cur, list(self.slot_of)
        if n == 0 or self.S < 2 or iterations <= 0:
            return SearchResult(best_slots, best, 0, False)
        self._prepare(movable)
        S, cnt, fcnt, leaders, dem = self.S, self.cnt, self.fcnt, self.leaders, self.dem
        members, slot_of, over, near, order = (
            self.members,
            self.slot_of,
            self.over,
            self.near,
            self.order,
        )
        common, caps, nfree, m = self.common, self.caps, self.nfree, len(self.voters)
        ban = self.ban
        rng = random.Random(seed)
        rand, exp = rng.random, math.exp
        started = time.perf_counter()
        hit = False
        it = 0
        temp = t_start
        ratio = t_end / t_start
        while it < iterations:
            if it & 255 == 0:
                elapsed = time.perf_counter() - started
                progress = it / iterations
                if time_limit_s > 0:
                    if elapsed >= time_limit_s:
                        hit = True
                        break
                    progress = max(progress, elapsed / time_limit_s)
                temp = t_start * ratio**progress
            it += 1
            i = movable[int(rand() * n)]
            s = slot_of[i]
            t = int(rand() * (S - 1))
            if t >= s:
                t += 1
            if ban[i * S + t]:
                continue
            mt = members[t]
            di = -dem[i]
            if nfree[t] > len(mt) and (not mt or rand() < 0.5):
                clash = False
                for f in leaders[i]:
                    if fcnt[f * S + t]:
                        clash = True
                if clash:
                    continue
                j = -1
                d = near[i * S + t] - near[i * S + s]
                ls = order[s][:]
                ls.remove(di)
                lt = order[t][:]
                insort(lt, di)
            else:
                if not mt:
                    continue
                j = mt[int(rand() * len(mt))]
                if ban[j * S + s]:
                    continue
                li, lj = leaders[i], leaders[j]
                clash = False
                for f in li:
                    if fcnt[f * S + t] > (f in lj):
                        clash = True
                for f in lj:
                    if fcnt[f * S + s] > (f in li):
                        clash = True
                if clash:
                    continue
                d = near[i * S + t] - near[i * S + s] + near[j * S + s] - near[j * S + t]
                for b in common.get(i * m + j, ()):
                    d -= 2 - (cnt[b + s] > 1) - (cnt[b + t] > 1)
                dj = -dem[j]
                ls = order[s][:]
                ls.remove(di)
                insort(ls, dj)
                lt = order[t][:]
                lt.remove(dj)
                insort(lt, di)
            os_ = 0
            for v in map(add, ls, caps[s]):
                if v < 0:
                    os_ -= v
            ot = 0
            for v in map(add, lt, caps[t]):
                if v < 0:
                    ot -= v
            delta = d + os_ + ot - over[s] - over[t]
            if delta > 0 and rand() >= exp(-delta / temp):
                continue
            self._shift(i, s, t)
            if j >= 0:
                self._shift(j, t, s)
            over[s], over[t] = os_, ot
            order[s], order[t] = ls, lt
            cur += delta
            if cur < best:
                best = cur
                best_slots = list(slot_of)
        self.conflicts = sum(c - 1 for c in cnt if c > 1)
        return SearchResult(best_slots, best, it, hit)

    def _shift(self, i: int, s: int, t: int) -> None:
        """Move i from slot s to t, keeping cnt, fcnt and (once prepared) near up to date."""
        S, cnt, fcnt, slot_of = self.S, self.cnt, self.fcnt, self.slot_of
        near, avotes = getattr(self, "near", None), getattr(self, "avotes", None)
        for a in self.voters[i]:
            b = a * S
            cs = cnt[b + s]
            cnt[b + s] = cs - 1
            ct = cnt[b + t]
            cnt[b + t] = ct + 1
            if near is None or avotes is None:
                continue
            for k in avotes[a]:
                if k != i:
                    sk = slot_of[k]
                    if cs - (sk == s) == 1:
                        near[k * S + s] -= 1
                    if ct - (sk == t) == 0:
                        near[k * S + t] += 1
        for f in self.leaders[i]:
            fcnt[f * S + s] -= 1
            fcnt[f * S + t] += 1
        self.members[s].remove(i)
        self.members[t].append(i)
        slot_of[i] = t

    def load(self, slot_of: list[int]) -> None:
        """Move every proposal to the slot `slot_of` gives it (after annealing: the best)."""
        for i, t in enumerate(slot_of):
            s = self.slot_of[i]
            if s != t and s >= 0 and t >= 0:
                self._shift(i, s, t)
        self.over = [
            slot_overflow([self.dem[k] for k in self.members[t]], self.caps[t])
            for t in range(self.S)
        ]
        self.conflicts = sum(c - 1 for c in self.cnt if c > 1)
