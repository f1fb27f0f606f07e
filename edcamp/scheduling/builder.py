"""The schedule builder: a pure function from plain data to a grid and its metrics.

`build_grid(problem)`:

1. checks the pins (known, free, unblocked cells; no facilitator leading two
   pinned sessions of one slot) and raises `InfeasibleProblem` otherwise;
2. selects the proposals: pinned ones, then forced-in ones, then the most
   voted (ties: lower id first), as many as there are free cells; left-out
   ones never;
3. places them greedily (`start.py`: most voted first, each into the slot where
   it adds the least conflicts + overflow), then improves by simulated annealing
   over moves and swaps between slots (`anneal.py`, counts on bit sets), then by
   a tabu search that weighs every swap and move at each step (`tabu.py`; `Split`
   shares the budget between the two); rooms within a slot are matched exactly by
   sorting (most voted to the largest room), except for sessions that need a
   particular room (double sessions, needs), which hold one and move cell to cell
   in the annealing (`fixed.py`) and, one-slot ones, by exchanges in the tabu
   search (`held.py`);
4. ends with a steepest descent over every move and swap (`descent.py`) and a
   whole-cell local search around the room-holding sessions (`polish.py`).

Determinism: the search runs an iteration budget that scales with the size
(`default_iterations`); `time_limit_s` is only a cap. When the budget
finishes first (small and medium events on an ordinary machine) the same
problem and seed always give the same grid. When the cap binds, the
temperature follows the clock, the tabu search stops with its best grid, and the
grid can differ between runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from threadpoolctl import threadpool_limits

from edcamp.scheduling.anneal import SlotSearch
from edcamp.scheduling.checks import check_problem
from edcamp.scheduling.descent import descend
from edcamp.scheduling.metrics import evaluate, published_moves
from edcamp.scheduling.polish import polish
from edcamp.scheduling.problem import (
    Cell,
    Grid,
    InfeasibleProblem,
    Problem,
    ProposalInput,
)
from edcamp.scheduling.rules import static_refusal, violations
from edcamp.scheduling.start import GreedyStart, Layout, greedy_start, priority
from edcamp.scheduling.tabu import TabuSearch

DEFAULT_TIME_LIMIT_S = 1.5


@dataclass(frozen=True)
class Split:
    """How a build shares its budget between the annealing and the tabu search.

    Without room-holding sessions the annealing takes 40% of the budget up to 80
    sessions and 60% from 120 on (a tabu step weighs every swap, so its cost grows with
    the square of the sessions; an annealing try's does not), the tabu search 1,000
    steps per default budget. Room-holding sessions shift the budget to the tabu
    search, which moves the one-slot ones by the best exchange of all (`held.py`) where
    the annealing tries one random partner: on 60 sessions of which a tenth or more
    hold a room, the annealing takes 20% and the tabu search 1,250 steps. The shift
    fades out from 60 to 80 sessions: on larger events a tabu step costs more, and
    constrained-L (88 sessions) came out worse with it (bench/scheduling.md, seventh
    session).
    """

    anneal: float  # share of the iterations
    anneal_until: float  # share of the time limit after which the annealing stops
    tabu_steps: int  # tabu steps per default budget

    @classmethod
    def of(cls, movable: int, holding: int) -> Split:
        sessions = movable + holding
        alone = min(0.6, max(0.4, sessions / 200))
        held = min(1.0, 10 * holding / max(1, sessions))
        small = min(1.0, max(0.0, (80 - sessions) / 20))  # 1 up to 60 sessions, 0 from 80
        shift = held * small
        return cls(
            anneal=alone - 0.2 * shift,
            anneal_until=0.6,
            tabu_steps=round(1_000 + 250 * shift),
        )


def default_iterations(n_movable: int) -> int:
    """The deterministic search budget: about 0.7 s on 60 proposals x 6 slots on a quiet
    core (about 3 µs a move), within 1% of the best known on the bed (bench/scheduling.md)."""
    return max(2_000, 4_000 * n_movable)


def build_grid(
    problem: Problem,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    iterations: int | None = None,
) -> Grid:
    """A valid grid for `problem` with few conflicts + overflow (see the module doc).

    With published cells (`problem.anchors`) and a `move_cost`, two grids compete: one
    that keeps every published session that still fits where it was, and a free one;
    the lower objective + move_cost x published sessions moved wins (ties: keeping).
    """
    check_problem(problem)
    kept = _kept_anchors(problem)
    if not kept or problem.move_cost <= 0:
        return _build(problem, time_limit_s, seed, iterations)
    half = time_limit_s / 2
    budget = None if iterations is None else iterations // 2
    free = _build(problem, half, seed, budget)
    try:
        anchored = replace(problem, pins={**problem.pins, **kept})
        check_problem(anchored)
        keep = _build(anchored, half, seed, budget)
    except InfeasibleProblem:
        return free
    keep = replace(keep, pinned=frozenset(problem.pins))

    def total(grid: Grid) -> int:
        return grid.metrics.objective + problem.move_cost * len(
            published_moves(problem, grid.assignments)
        )

    return keep if total(keep) <= total(free) else free


def _kept_anchors(problem: Problem) -> dict[int, Cell]:
    """The published cells a rebuild can keep: still valid, clashing with no pin or each other."""
    by_id = {p.id: p for p in problem.proposals}
    kept: dict[int, Cell] = {}
    for pid, cell in sorted(problem.anchors.items()):
        p = by_id.get(pid)
        if p is None or p.force == "exclude" or pid in problem.pins:
            continue
        if static_refusal(problem, p, cell) is not None:
            continue
        trial = {**problem.pins, **kept, pid: cell}
        if not violations(replace(problem, pins={}), trial):
            kept[pid] = cell
    return kept


def _build(problem: Problem, time_limit_s: float, seed: int, iterations: int | None) -> Grid:
    started = time.perf_counter()
    start = greedy_start(problem)
    layout, candidates, search = start.layout, start.candidates, start.search
    open_rooms, placed, fixed = start.open_rooms, start.placed, start.fixed
    movable = len(placed) + len(fixed)
    budget = default_iterations(movable) if iterations is None else iterations
    stats = _search(start, budget, seed, started, time_limit_s)
    deadline = started + max(time_limit_s * 0.95, 0.05) if time_limit_s > 0 else float("inf")
    if search.fixed is not None:
        fixed = dict(search.fixed.cell_of)
        taken = search.fixed.taken
        layout.free_rooms = [
            [r for r in rooms if (r, t) not in taken] for t, rooms in enumerate(open_rooms)
        ]
    descent = descend(search, placed, deadline=deadline) if budget > 0 else 0
    assignments = _assign_rooms(problem, layout, search, candidates, fixed)
    if fixed:  # the whole-cell local search, for these and their swaps with any session
        pivots = [candidates[i].id for i in fixed]
        assignments = polish(problem, assignments, pivots=pivots, deadline=deadline)
    fixed_overflow = sum(
        max(0, candidates[i].votes - layout.capacity[room]) for i, (room, _) in fixed.items()
    )
    return _grid(
        problem,
        assignments,
        budget=budget,
        greedy_placed=len(placed) + len(fixed),
        # excludes pinned sessions' overflow
        search_objective=search.objective + fixed_overflow,
        polished=bool(fixed),
        descent_moves=descent,
        movable=movable,
        **stats,
    )


def _search(
    start: GreedyStart, budget: int, seed: int, started: float, time_limit_s: float
) -> dict[str, float | int | bool]:
    """The annealing, then the tabu search, from the greedy start; leaves the best grid
    in `start.search` and returns what the grid's stats say about them."""
    search, placed = start.search, start.placed
    movable = len(placed) + len(start.fixed)
    split = Split.of(len(placed), len(start.fixed))
    # the limit counts from the start of the build: the annealing stops at
    # `split.anneal_until` of it (60%), the tabu search at 88%, the descent and the
    # polishing at 95% (the rest assigns rooms and counts the metrics)
    limit = max(0.01, time_limit_s * split.anneal_until - (time.perf_counter() - started))
    own = search.fixed.own_overflow if search.fixed is not None else lambda: 0
    before = own()  # the annealing's objective leaves out the room-holding sessions' own
    result = search.anneal(
        placed,
        iterations=int(budget * split.anneal),
        time_limit_s=limit if time_limit_s > 0 else 0,
        seed=seed,
    )
    search.load(result.slot_of, result.cells)
    drift = search.objective + own() - before - result.objective  # 0 if its deltas held
    steps = int(budget * split.tabu_steps) // default_iterations(movable)
    tabu = None
    if placed and steps:  # double sessions keep the cells the annealing gave them
        until = started + time_limit_s * 0.88 if time_limit_s > 0 else float("inf")
        with threadpool_limits(1, user_api="blas"):  # its products are small: threads only wait
            tabu = TabuSearch(search, placed, seed).run(steps, deadline=until)
        search.load(tabu.slot_of, tabu.cells)
        drift += search.objective + own() - tabu.objective
    return {
        "iterations": result.iterations,
        "time_limit_hit": result.time_limit_hit or (tabu is not None and tabu.time_limit_hit),
        "search_seconds": round(result.seconds, 4),
        "reheats": result.reheats,
        "tabu_steps": tabu.steps if tabu is not None else 0,
        "tabu_held_steps": tabu.held_steps if tabu is not None else 0,
        "tabu_gain": tabu.start - tabu.objective if tabu is not None else 0,
        "tabu_seconds": round(tabu.seconds, 4) if tabu is not None else 0.0,
        "search_drift": drift,
    }


def _grid(problem: Problem, assignments: dict[int, Cell], **stats: float | int | bool) -> Grid:
    return Grid(
        assignments=assignments,
        unscheduled=[
            p.id
            for p in sorted(problem.proposals, key=lambda p: (-p.votes, p.id))
            if p.id not in assignments
        ],
        metrics=evaluate(problem, assignments),
        pinned=frozenset(problem.pins),
        stats=stats,
    )


def _assign_rooms(
    problem: Problem,
    layout: Layout,
    search: SlotSearch,
    candidates: list[ProposalInput],
    fixed: dict[int, tuple[int, int]],
) -> dict[int, Cell]:
    """Pins, fixed cells, and per slot the most voted movable session in the largest room."""
    assignments: dict[int, Cell] = dict(problem.pins)
    for i, (room_id, t) in fixed.items():
        assignments[candidates[i].id] = (room_id, problem.slots[t])
    for t in range(len(problem.slots)):
        members = sorted(search.members[t], key=lambda i: priority(candidates[i])[1:])
        for i, room_id in zip(members, layout.free_rooms[t], strict=False):
            assignments[candidates[i].id] = (room_id, problem.slots[t])
    return assignments
