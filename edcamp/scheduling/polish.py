"""Local search on whole cells, after the annealing: every session may move, rooms included.

The annealing moves only the sessions that fit any room, between slots; double
sessions and sessions with needs keep the cell the greedy start gave them. This
pass moves any session (pins excepted) to a free valid cell, or swaps two
sessions, whenever conflicts + overflow go down; it stops at a local optimum or
at the deadline. Deltas are exact: per-attendee, per-slot vote counts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping

from edcamp.scheduling.problem import Cell, Problem, ProposalInput
from edcamp.scheduling.rules import static_refusal


class _Counts:
    """Votes per (attendee, slot) and facilitators per slot of a grid, with exact deltas."""

    def __init__(self, problem: Problem, grid: dict[int, Cell]) -> None:
        self.problem = problem
        self.by_id = {p.id: p for p in problem.proposals}
        self.capacity = {r.id: r.capacity for r in problem.rooms}
        self.cnt: dict[tuple[int, int], int] = defaultdict(int)
        self.lead: dict[tuple[int, int], int] = defaultdict(int)
        self.holder: dict[Cell, int] = {}
        self.grid = dict(grid)
        for pid, cell in grid.items():
            self.change(pid, cell, +1)

    def change(self, pid: int, cell: Cell, sign: int) -> int:
        """Add (+1) or remove (-1) a session; return how the objective changes."""
        p = self.by_id[pid]
        delta = sign * max(0, p.votes - self.capacity[cell[0]])
        for c in self.problem.covered(p, cell):
            slot = c[1]
            for a in p.voters:
                before = self.cnt[(a, slot)]
                delta += (before >= 1) if sign > 0 else -(before >= 2)
                self.cnt[(a, slot)] = before + sign
            for f in p.facilitators:
                self.lead[(f, slot)] += sign
            if sign > 0:
                self.holder[c] = pid
            else:
                self.holder.pop(c, None)
        if sign > 0:
            self.grid[pid] = cell
        else:
            self.grid.pop(pid, None)
        return delta

    def fits(self, p: ProposalInput, cell: Cell) -> bool:
        """`cell` is valid and free for p (p itself off the grid)."""
        if static_refusal(self.problem, p, cell) is not None:
            return False
        covered = self.problem.covered(p, cell)
        return not any(c in self.holder for c in covered) and not any(
            self.lead[(f, c[1])] for c in covered for f in p.facilitators
        )


def polish(
    problem: Problem,
    grid: Mapping[int, Cell],
    *,
    deadline: float,
    pivots: list[int] | None = None,
    max_passes: int = 20,
) -> dict[int, Cell]:
    """A grid at least as good as `grid`, with the same sessions, keeping every rule.

    Each pass tries, for every pivot (default: every session not pinned), its best move
    and its best swap with any session not pinned.
    """
    state = _Counts(problem, dict(grid))
    movable = sorted(pid for pid in grid if pid not in problem.pins)
    order = movable if pivots is None else sorted(set(pivots) & set(movable))
    cells = problem.cells()
    for _ in range(max_passes):
        improved = False
        for pid in order:
            if time.perf_counter() > deadline:
                return state.grid
            improved |= _best_move(state, pid, cells) or _best_swap(state, pid, movable)
        if not improved:
            break
    return state.grid


def _best_move(state: _Counts, pid: int, cells: list[Cell]) -> bool:
    """Move pid to the free cell that lowers the objective most, if any does."""
    p, home = state.by_id[pid], state.grid[pid]
    gain = -state.change(pid, home, -1)
    best, target = 0, None
    for cell in cells:
        if cell != home and state.fits(p, cell):
            delta = state.change(pid, cell, +1)
            state.change(pid, cell, -1)
            if delta - gain < best:
                best, target = delta - gain, cell
    state.change(pid, target or home, +1)
    return target is not None


def _best_swap(state: _Counts, pid: int, movable: list[int]) -> bool:
    """Swap pid with the session whose exchange lowers the objective most, if any does."""
    p, home = state.by_id[pid], state.grid[pid]
    best, partner = 0, None
    for qid in movable:
        if qid == pid or qid not in state.grid:
            continue
        q, there = state.by_id[qid], state.grid[qid]
        delta = state.change(pid, home, -1) + state.change(qid, there, -1)
        if state.fits(p, there):
            delta += state.change(pid, there, +1)
            if state.fits(q, home):
                delta += state.change(qid, home, +1)
                if delta < best:
                    best, partner = delta, qid
                state.change(qid, home, -1)
            state.change(pid, there, -1)
        state.change(pid, home, +1)
        state.change(qid, there, +1)
    if partner is None:
        return False
    there = state.grid[partner]
    state.change(pid, home, -1)
    state.change(partner, there, -1)
    state.change(pid, there, +1)
    state.change(partner, home, +1)
    return True
