"""Exact search on neighbourhoods of a grid with HiGHS (`highspy`, the dev-only `bench` extra).

A MIP of the whole bed is far out of reach (its LP bound is near 0 and 60 s of
branching stays well above annealing), but a MIP of a *neighbourhood* is small:
keep every session outside a few slots where it is, take every session inside
them off, and let HiGHS re-place those exactly in those slots' cells, rooms
included. The model has every hard rule of the bed (`edcamp/scheduling/rules.py`):

- x[p, cell] = 1: session p starts in `cell`; only cells where `static_refusal` is
  None (blocked cells, breaks, room needs, the slot after a double, facilitators'
  availability) and whose covered cells are all free;
- each freed session in exactly one cell, each cell covered at most once (a double
  session covers two), each facilitator in at most one session per slot (the kept
  sessions count);
- z[a, s] >= (sessions attendee a voted for in slot s) - 1, z >= 0: the conflicts;
- objective: sum z + the overflow of each x (votes above the room's capacity).

The current grid is a feasible point of every neighbourhood, so a round never
makes the grid worse; `improve` walks over pairs and triples of slots until no
neighbourhood improves or time runs out. Every accepted grid is re-checked by the
builder's own `violations` and `evaluate`.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict

import numpy as np

from edcamp.scheduling.metrics import evaluate
from edcamp.scheduling.problem import Cell, Problem
from edcamp.scheduling.rules import static_refusal, violations

Grid = dict[int, Cell]


def _neighbourhood(problem: Problem, grid: Grid, free_slots: set[int], time_limit_s: float):
    """The best re-placement of the sessions inside `free_slots` (None: no better found)."""
    import highspy

    by_id = {p.id: p for p in problem.proposals}
    cap = {r.id: r.capacity for r in problem.rooms}
    covered = {pid: problem.covered(by_id[pid], cell) for pid, cell in grid.items()}
    free = sorted(
        pid
        for pid in grid
        if pid not in problem.pins and all(s in free_slots for _, s in covered[pid])
    )
    kept = [pid for pid in grid if pid not in free]
    taken = {c for pid in kept for c in covered[pid]}
    open_cells = [c for c in problem.cells() if c[1] in free_slots and c not in taken]
    open_set = set(open_cells)
    fixed_votes: dict[tuple[int, int], int] = defaultdict(int)
    fixed_leads: set[tuple[int, int]] = set()
    for pid in kept:
        for _, s in covered[pid]:
            if s in free_slots:
                for a in by_id[pid].voters:
                    fixed_votes[(a, s)] += 1
                fixed_leads |= {(f, s) for f in by_id[pid].facilitators}
    cols: list[tuple[int, Cell]] = []
    cost: list[float] = []
    for pid in free:
        p = by_id[pid]
        for cell in open_cells:
            span = problem.covered(p, cell)
            if static_refusal(problem, p, cell) is None and all(c in open_set for c in span):
                cols.append((pid, cell))
                cost.append(max(0, p.votes - cap[cell[0]]))
    rows: list[tuple[float, list[int], list[float]]] = []  # (upper, idx, values); lower below
    exactly: list[list[int]] = [[] for _ in free]
    position = {pid: k for k, pid in enumerate(free)}
    on_cell: dict[Cell, list[int]] = defaultdict(list)
    in_slot: dict[tuple[int, int], list[int]] = defaultdict(list)  # (pid, slot) -> columns
    for k, (pid, cell) in enumerate(cols):
        exactly[position[pid]].append(k)
        for c in problem.covered(by_id[pid], cell):
            on_cell[c].append(k)
            in_slot[(pid, c[1])].append(k)
    for idx in on_cell.values():
        rows.append((1.0, idx, [1.0] * len(idx)))
    leads: dict[tuple[int, int], list[int]] = defaultdict(list)
    votes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for (pid, s), idx in in_slot.items():
        for f in by_id[pid].facilitators:
            leads[(f, s)] += idx
        for a in by_id[pid].voters:
            votes[(a, s)] += idx
    for key, idx in leads.items():
        rows.append((0.0 if key in fixed_leads else 1.0, idx, [1.0] * len(idx)))
    n_x = len(cols)
    z_count = 0
    for key, idx in votes.items():
        here = fixed_votes.get(key, 0)
        if here >= 1 or len({cols[k][0] for k in idx}) >= 2:  # sum x - z <= 1 - here
            rows.append((1.0 - here, [*idx, n_x + z_count], [1.0] * len(idx) + [-1.0]))
            z_count += 1
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    inf = highspy.kHighsInf
    n = n_x + z_count
    h.addVars(n, np.zeros(n), np.array([1.0] * n_x + [inf] * z_count))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(cost + [1.0] * z_count))
    h.changeColsIntegrality(
        n_x, np.arange(n_x, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * n_x)
    )
    lower = [1.0] * len(exactly) + [-inf] * len(rows)
    upper = [1.0] * len(exactly) + [r[0] for r in rows]
    all_rows = [(idx, [1.0] * len(idx)) for idx in exactly] + [(r[1], r[2]) for r in rows]
    starts, index, value = [], [], []
    for idx, val in all_rows:
        starts.append(len(index))
        index += idx
        value += val
    h.addRows(
        len(all_rows),
        np.array(lower),
        np.array(upper),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=float),
    )
    h.run()
    if h.getInfo().primal_solution_status != 2:  # no feasible point found in time
        return None
    x = h.getSolution().col_value
    new = {pid: grid[pid] for pid in kept}
    for k, (pid, cell) in enumerate(cols):
        if x[k] > 0.5:
            new[pid] = cell
    return new if len(new) == len(grid) else None


def improve(
    problem: Problem, start: Grid, *, seconds: float, per_round_s: float = 20.0, seed: int = 0
) -> tuple[Grid, dict[str, int]]:
    """Re-place the sessions of 2 and then 3 slots exactly while that improves the grid."""
    grid, value = dict(start), evaluate(problem, start).objective
    deadline = time.perf_counter() + seconds
    slots = list(problem.slots)
    rounds = improved = 0
    for size in (2, 3):
        combos = [set(c) for c in itertools.combinations(slots, size)]
        random.Random(seed).shuffle(combos)
        progress = True
        while progress:
            progress = False
            for combo in combos:
                left = deadline - time.perf_counter()
                if left <= 0:
                    return grid, {"rounds": rounds, "improved": improved}
                new = _neighbourhood(problem, grid, combo, min(per_round_s, left))
                rounds += 1
                if new is None or violations(problem, new):
                    continue
                new_value = evaluate(problem, new).objective
                if new_value < value:
                    grid, value = new, new_value
                    improved += 1
                    progress = True
    return grid, {"rounds": rounds, "improved": improved}
