"""The tabu search (`tabu.py`): its deltas against a recount, and what it gives back.

Its tables are whole-array arithmetic over prefix sums and vote products, far from the
bit-set counting of the annealing, so every delta it would choose from is checked
against applying the swap or move and counting the grid again.
"""

from __future__ import annotations

import random
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.scheduling_bed import BED, make
from edcamp.scheduling.anneal import SlotSearch
from edcamp.scheduling.bitsets import level_conflicts
from edcamp.scheduling.builder import Split, build_grid, default_iterations
from edcamp.scheduling.metrics import evaluate
from edcamp.scheduling.problem import Problem
from edcamp.scheduling.rules import violations
from edcamp.scheduling.start import greedy_start
from edcamp.scheduling.tabu import NO, TabuSearch
from tests.scheduling.test_builder import problems


def recounted(search: SlotSearch) -> int:
    """The search's objective from its levels and sorted matchings, not from deltas."""
    return sum(level_conflicts(lv) for lv in search.lev) + sum(
        search.slot_overflow_of(t) for t in range(search.S)
    )


def allowed(search: SlotSearch, i: int, t: int, j: int) -> bool:
    """The hard rules of a move of i to slot t (j < 0) or its swap with j (in t)."""
    s = search.slot_of[i]
    if search.ban[i * search.S + t] or (j >= 0 and search.ban[j * search.S + s]):
        return False
    others_t = [k for k in search.members[t] if k != j]
    others_s = [k for k in search.members[s] if k != i]
    if j < 0 and len(search.members[t]) >= search.nfree[t]:
        return False
    if any(search.lm[i] & search.lm[k] for k in others_t) or search.held[t] & search.lm[i]:
        return False
    return j < 0 or not (
        any(search.lm[j] & search.lm[k] for k in others_s) or search.held[s] & search.lm[j]
    )


def check_deltas(tabu: TabuSearch, rng: random.Random, sample: int | None) -> None:
    search = tabu.s
    swaps, moves = tabu.deltas()
    n, S = tabu.n, search.S
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    if sample is not None:
        pairs = rng.sample(pairs, min(sample, len(pairs)))
    before = recounted(search)
    for a, b in pairs:
        i, j = tabu.mov[a], tabu.mov[b]
        s, t = search.slot_of[i], search.slot_of[j]
        if s == t or not allowed(search, i, t, j):
            assert swaps[a, b] == NO, (i, j)
            continue
        search.swap(i, s, j, t)
        assert recounted(search) - before == swaps[a, b], (i, j)
        search.swap(i, t, j, s)
    for a in range(n):
        i = tabu.mov[a]
        for t in range(S):
            if t == search.slot_of[i] or not allowed(search, i, t, -1):
                assert moves is None or moves[a, t] == NO, (i, t)
                continue
            assert moves is not None
            s = search.slot_of[i]
            search.move(i, s, t)
            assert recounted(search) - before == moves[a, t], (i, t)
            search.move(i, t, s)
    assert recounted(search) == before


def walk(tabu: TabuSearch, rng: random.Random, steps: int, sample: int | None) -> None:
    """Check every delta, take a random allowed swap or move, and again."""
    for _ in range(steps):
        check_deltas(tabu, rng, sample)
        swaps, moves = tabu.deltas()
        options = [("swap", *divmod(int(k), tabu.n)) for k in np.flatnonzero(swaps < NO)]
        if moves is not None:
            options += [("move", *divmod(int(k), tabu.s.S)) for k in np.flatnonzero(moves < NO)]
        if not options:
            return
        kind, a, b = rng.choice(options)
        before = tabu.s.objective
        if kind == "swap":
            tabu.apply_swap(a, b)
            assert tabu.s.objective - before == swaps[a, b]
        else:
            tabu.apply_move(a, b)
            assert tabu.s.objective - before == moves[a, b]  # type: ignore[index]


@pytest.mark.parametrize("shape", [s for s in BED if s.name.endswith("-M")], ids=str)
def test_every_delta_is_the_recounted_change_on_the_bed(shape) -> None:
    # full grids (flat-tight), free places (mixed), bans, pins and room-holding sessions
    start = greedy_start(make(shape))
    tabu = TabuSearch(start.search, start.placed, seed=0)

    walk(tabu, random.Random(shape.name), steps=4, sample=250)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_every_delta_is_the_recounted_change_on_small_events(problem: Problem, seed: int) -> None:
    # one slot, rooms of capacity 0, empty slots, shared facilitators, pins: all of them
    start = greedy_start(problem)
    tabu = TabuSearch(start.search, start.placed, seed=seed)

    walk(tabu, random.Random(seed), steps=3, sample=None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_the_search_gives_back_its_best_assignment_and_never_a_worse_one(
    problem: Problem, seed: int
) -> None:
    start = greedy_start(problem)
    search = start.search
    first = search.objective

    result = TabuSearch(search, start.placed, seed=seed).run(40, deadline=float("inf"))

    assert result.start == first
    assert result.objective <= first
    search.load(result.slot_of, None)
    assert recounted(search) == search.objective == result.objective
    for i in start.placed:  # every session still has a slot, and a slot no more than rooms
        assert result.slot_of[i] >= 0
    for t in range(search.S):
        assert len(search.members[t]) <= search.nfree[t]


def test_it_improves_on_the_annealing_where_the_annealing_stalls() -> None:
    # flat-tight-M fills every cell: the annealing's random swaps stall in a local optimum
    (shape,) = [s for s in BED if s.name == "flat-tight-M"]
    problem = make(shape)

    grid = build_grid(problem, iterations=60_000, time_limit_s=0)

    steps = int(60_000 * Split.of(57, 0).tabu_steps) // default_iterations(57)
    assert grid.stats["tabu_steps"] == steps
    assert grid.stats["tabu_gain"] > 0  # a better grid than the annealing's best
    assert grid.stats["search_drift"] == 0
    assert violations(problem, grid.assignments) == []
    pinned_overflow = evaluate(problem, dict(problem.pins)).overflow
    assert grid.stats["search_objective"] + pinned_overflow == grid.metrics.objective


def test_it_stops_at_the_deadline_with_its_start() -> None:
    (shape,) = [s for s in BED if s.name == "mixed-M"]
    start = greedy_start(make(shape))
    slots = list(start.search.slot_of)

    result = TabuSearch(start.search, start.placed, seed=0).run(
        1_000, deadline=time.perf_counter() - 1
    )

    assert (result.steps, result.time_limit_hit) == (0, True)
    assert result.slot_of == slots
