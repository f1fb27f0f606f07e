"""Steepest descent after the annealing: every move and swap between slots, not a sample.

The annealing samples moves at random, so when it stops a few improving moves or swaps
may be left. This pass looks at all of them, pivot by pivot, and takes the best one
while any improves (or until the deadline): a local optimum of the whole neighbourhood.
Deltas use the same bit-set counts as the annealing (`bitsets.py`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from edcamp.scheduling.bitsets import slot_overflow

if TYPE_CHECKING:
    from edcamp.scheduling.anneal import SlotSearch


def _delta(search: SlotSearch, i: int, s: int, j: int, t: int) -> int | None:
    """Objective change of moving i from s to t (j < 0) or swapping it with j; None: refused."""
    S, lm, busy = search.S, search.lm, search.busy
    if search.ban[i * S + t] or (j >= 0 and search.ban[j * S + s]):
        return None
    vi, levs, levt = search.vm[i], search.lev[s], search.lev[t]
    dems = [search.dem[k] for k in search.members[s] if k != i]
    demt = [search.dem[k] for k in search.members[t] if k != j]
    if j < 0:
        if len(search.members[t]) >= search.nfree[t] or busy[t] & lm[i]:
            return None
        d = (vi & levt[0]).bit_count() - (vi & levs[1]).bit_count()
    else:
        if busy[t] & ~lm[j] & lm[i] or busy[s] & ~lm[i] & lm[j]:
            return None
        vj, both = search.vm[j], vi & search.vm[j]
        d = (vi & levt[0]).bit_count() + (vj & levs[0]).bit_count()
        d -= (vi & levs[1]).bit_count() + (vj & levt[1]).bit_count()
        d += (both & levt[1]).bit_count() + (both & levs[1]).bit_count()
        d -= 2 * both.bit_count()
        dems.append(search.dem[j])
    demt.append(search.dem[i])
    over = slot_overflow(dems, search.caps[s]) + slot_overflow(demt, search.caps[t])
    return d + over - search.over[s] - search.over[t]


def descend(search: SlotSearch, movable: list[int], *, deadline: float) -> int:
    """Take, pivot by pivot, the best improving move or swap, until none improves.

    Every move and swap between slots is looked at (the annealing only samples them),
    so the result is a local optimum of that whole neighbourhood, unless `deadline`
    (a `time.perf_counter()` value) comes first. Returns the moves taken.
    """
    taken, improved = 0, True
    while improved:
        improved = False
        for i in movable:
            if time.perf_counter() > deadline:
                return taken
            s, best, choice = search.slot_of[i], 0, None
            for t in range(search.S):
                if t == s:
                    continue
                for j in [-1, *search.members[t]]:
                    d = _delta(search, i, s, j, t)
                    if d is not None and d < best:
                        best, choice = d, (j, t)
            if choice is None:
                continue
            j, t = choice
            if j < 0:
                search.move(i, s, t)
            else:
                search.swap(i, s, j, t)
            search.over[s], search.over[t] = search.slot_overflow_of(s), search.slot_overflow_of(t)
            taken, improved = taken + 1, True
    return taken
