"""Sessions that need a particular room, moved cell to cell inside the annealing.

Double sessions and sessions with needs cannot take "any room of the slot" like the
others, whose rooms the slot's sorting decides. They hold a room: while one sits in
(room, slot), that room's capacity is out of the slot's list (`SlotSearch.caps`) and
the slot has one place fewer for the others (`nfree`). A move takes one of them to
another valid start (every cell it covers free, its rules kept: the builder lists the
starts) and is accepted like any annealing move; its delta is worked out on the side,
so a refused one changes nothing.
"""

from __future__ import annotations

from bisect import insort
from typing import TYPE_CHECKING

from edcamp.scheduling.bitsets import add_votes, remove_votes

if TYPE_CHECKING:
    from edcamp.scheduling.anneal import SlotSearch

Start = tuple[int, int, int]  # (room id, its capacity, first slot index)


class FixedCells:
    def __init__(
        self,
        search: SlotSearch,
        cells: dict[int, tuple[int, int]],
        starts: dict[int, list[Start]],
        length: dict[int, int],
        capacity: dict[int, int],
    ) -> None:
        self.search = search
        self.cell_of = dict(cells)  # session index -> (room id, first slot index)
        self.starts = starts
        self.length = length
        self.capacity = capacity
        self.taken = {(r, t + k) for i, (r, t) in cells.items() for k in range(length[i])}
        self.ids = sorted(i for i in cells if len(starts.get(i, ())) > 1)

    def own_overflow(self) -> int:
        s = self.search
        return sum(max(0, s.dem[i] - self.capacity[r]) for i, (r, _) in self.cell_of.items())

    def lift(self, i: int) -> None:
        """Take i off its cell: its votes, facilitators and room go back to the slots."""
        s = self.search
        room, t = self.cell_of.pop(i)
        cap = self.capacity[room]
        for u in range(t, t + self.length[i]):
            s.conflicts -= remove_votes(s.lev[u], s.vm[i])
            caps = s.caps[u]  # descending: insert by the negated list's order
            k = len(caps) - _count_not_above(caps, cap)
            caps.insert(k, cap)
            s.nfree[u] += 1
            s.held[u] &= ~s.lm[i]
            s.busy[u] &= ~s.lm[i]
            self.taken.discard((room, u))

    def put(self, i: int, room: int, t: int) -> None:
        s = self.search
        cap = self.capacity[room]
        for u in range(t, t + self.length[i]):
            s.conflicts += add_votes(s.lev[u], s.vm[i])
            s.caps[u].remove(cap)
            s.nfree[u] -= 1
            s.held[u] |= s.lm[i]
            s.busy[u] |= s.lm[i]
            self.taken.add((room, u))
        self.cell_of[i] = (room, t)

    def fits(self, i: int, room: int, t: int) -> bool:
        """i (lifted) can start at (room, t): cells free, a place left, facilitators free."""
        s = self.search
        for u in range(t, t + self.length[i]):
            if (room, u) in self.taken or len(s.members[u]) >= s.nfree[u]:
                return False
            if s.busy[u] & s.lm[i]:
                return False
        return True

    def try_move(self, i: int, pick: float, thr: float) -> int:
        """Move i to the start `pick` (in [0, 1)) chooses if its delta is at most `thr`
        (the annealing's acceptance); the objective change, 0 when it stays.

        A refused try changes nothing: the delta is worked out on the side (conflicts
        from the bit sets; overflow only when a lower bound lets the move pass).
        """
        s = self.search
        options = self.starts[i]
        room, cap, t = options[int(pick * len(options))]
        old_room, old_t = self.cell_of[i]
        if room == old_room and t == old_t:
            return 0
        length, v, lm = self.length[i], s.vm[i], s.lm[i]
        if length == 1 and t != old_t and len(s.members[t]) >= s.nfree[t]:
            if (room, t) in self.taken:
                return 0
            return self._exchange(i, room, cap, t, pick * len(options) % 1.0, thr)
        old, new = range(old_t, old_t + length), range(t, t + length)
        demand = s.dem[i]
        d = max(0, demand - cap) - max(0, demand - self.capacity[old_room])
        for u in new:
            if u in old:
                if room != old_room and (room, u) in self.taken:
                    return 0
                continue
            if (room, u) in self.taken or len(s.members[u]) >= s.nfree[u] or s.busy[u] & lm:
                return 0
            d += (v & s.lev[u][0]).bit_count()
        for u in old:
            if u not in new:
                d -= (v & s.lev[u][1]).bit_count()
        # slots that get a room back (or another room) may lose all their overflow
        bound = d - sum(s.over[u] for u in old if u not in new or room != old_room)
        if bound > thr:
            return 0
        changed = [u for u in new if u not in old or room != old_room]
        changed += [u for u in old if u not in new]
        for u in changed:
            caps = list(s.caps[u])
            if u in old:
                back = self.capacity[old_room]
                caps.insert(len(caps) - _count_not_above(caps, back), back)
            if u in new:
                caps.remove(cap)
            d += _overflow(s.order[u], caps) - s.over[u]
        if d > thr:
            return 0
        self.lift(i)
        self.put(i, room, t)
        for u in changed:
            s.refresh(u)
        return d

    def _exchange(self, i: int, room: int, cap: int, b: int, pick: float, thr: float) -> int:
        """i (one slot long) to (room, b) when slot b is full: a session of b that moves
        freely goes to i's slot in exchange (`pick` chooses it). Conflicts as for a swap
        in the annealing; the two slots' overflow only when a bound lets it pass."""
        s = self.search
        old_room, a = self.cell_of[i]
        if not s.members[b]:
            return 0
        j = s.members[b][int(pick * len(s.members[b]))]
        li, lj = s.lm[i], s.lm[j]
        if s.ban[j * s.S + a] or s.busy[b] & ~lj & li or s.busy[a] & ~li & lj:
            return 0
        vi, vj, la, lb = s.vm[i], s.vm[j], s.lev[a], s.lev[b]
        d = (vi & lb[0]).bit_count() + (vj & la[0]).bit_count()
        d -= (vi & la[1]).bit_count() + (vj & lb[1]).bit_count()
        both = vi & vj
        if both:  # their common voters: neither removal nor arrival counts twice
            d += (both & lb[1]).bit_count() + (both & la[1]).bit_count() - 2 * both.bit_count()
        back = self.capacity[old_room]
        d += max(0, s.dem[i] - cap) - max(0, s.dem[i] - back)
        if d - s.over[a] - s.over[b] > thr:
            return 0
        caps_a, caps_b = list(s.caps[a]), list(s.caps[b])
        caps_a.insert(len(caps_a) - _count_not_above(caps_a, back), back)
        caps_b.remove(cap)
        neg_a, neg_b = list(s.order[a]), list(s.order[b])
        insort(neg_a, -s.dem[j])
        neg_b.remove(-s.dem[j])
        d += _overflow(neg_a, caps_a) + _overflow(neg_b, caps_b) - s.over[a] - s.over[b]
        if d > thr:
            return 0
        self.lift(i)
        s.move(j, b, a)
        self.put(i, room, b)
        insort(s.order[a], -s.dem[j])
        s.order[b].remove(-s.dem[j])
        s.refresh(a)
        s.refresh(b)
        return d

    def restore(self, cells: dict[int, tuple[int, int]]) -> None:
        """Put every fixed session back into `cells` (a snapshot of `cell_of`)."""
        moved = [i for i, cell in cells.items() if self.cell_of.get(i) != cell]
        for i in moved:
            self.lift(i)
        for i in moved:
            self.put(i, *cells[i])


def _overflow(neg: list[int], caps: list[int]) -> int:
    """A slot's overflow from its negated demands, ascending, and capacities, descending."""
    return sum(-x - c for x, c in zip(neg, caps, strict=False) if -x > c)


def _count_not_above(caps: list[int], cap: int) -> int:
    """How many of the descending `caps` are <= cap (so cap goes before them)."""
    n = 0
    for c in reversed(caps):
        if c > cap:
            break
        n += 1
    return n
