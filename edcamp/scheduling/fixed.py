"""Sessions that need a particular room, moved cell to cell inside the annealing.

Double sessions and sessions with needs cannot take "any room of the slot" like the
others, whose rooms the slot's sorting decides. They hold a room: while one sits in
(room, slot), that room's capacity is out of the slot's list (`SlotSearch.caps`) and
the slot has one place fewer for the others (`nfree`). A move takes one of them to
another valid start (every cell it covers free, its rules kept: the builder lists the
starts) and is accepted like any annealing move; a rejected one is undone.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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

    def try_move(self, i: int, rand: Callable[[], float], temp: float) -> int:
        """Move i to a random valid start if the annealing accepts it; the objective change."""
        s = self.search
        options = self.starts[i]
        room, _, t = options[int(rand() * len(options))]
        old_room, old_t = self.cell_of[i]
        if (room, t) == (old_room, old_t):
            return 0
        length = self.length[i]
        slots = set(range(old_t, old_t + length)) | set(range(t, t + length))
        before = s.conflicts + sum(s.over[u] for u in slots)
        before += max(0, s.dem[i] - self.capacity[old_room])
        self.lift(i)
        if not self.fits(i, room, t):
            self.put(i, old_room, old_t)
            return 0
        self.put(i, room, t)
        for u in slots:
            s.refresh(u)
        delta = s.conflicts + sum(s.over[u] for u in slots) - before
        delta += max(0, s.dem[i] - self.capacity[room])
        if delta > 0 and rand() >= math.exp(-delta / temp):
            self.lift(i)
            self.put(i, old_room, old_t)
            for u in slots:
                s.refresh(u)
            return 0
        return delta

    def restore(self, cells: dict[int, tuple[int, int]]) -> None:
        """Put every fixed session back into `cells` (a snapshot of `cell_of`)."""
        moved = [i for i, cell in cells.items() if self.cell_of.get(i) != cell]
        for i in moved:
            self.lift(i)
        for i in moved:
            self.put(i, *cells[i])


def _count_not_above(caps: list[int], cap: int) -> int:
    """How many of the descending `caps` are <= cap (so cap goes before them)."""
    n = 0
    for c in reversed(caps):
        if c > cap:
            break
        n += 1
    return n
