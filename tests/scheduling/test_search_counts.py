"""The search's own bookkeeping against counts kept the obvious way.

The annealing counts votes per attendee and slot on bit sets (`bitsets.py`) and moves
room-holding sessions cell to cell (`fixed.py`); the final grid is recounted in
test_builder.py and test_constraints.py. Here the counting itself is checked, step by
step, on random sequences, so a wrong carry shows up where it happens.
"""

from __future__ import annotations

from collections import Counter
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.scheduling_bed import BED, make
from edcamp.scheduling.bitsets import (
    add_votes,
    bits,
    level_conflicts,
    overflow_exchanging,
    overflow_prefixes,
    remove_votes,
    slot_overflow,
)
from edcamp.scheduling.builder import build_grid
from edcamp.scheduling.cooling import Cooling
from edcamp.scheduling.metrics import evaluate
from edcamp.scheduling.rules import violations

voter_sets = st.lists(st.frozensets(st.integers(0, 40), max_size=15), min_size=1, max_size=12)


def levels_as_counts(levels: list[int]) -> Counter:
    counts: Counter = Counter()
    for level in levels:
        for a in range(level.bit_length()):
            if level >> a & 1:
                counts[a] += 1
    return counts


@settings(max_examples=300, deadline=None)
@given(voter_sets, st.data())
def test_adding_and_removing_votes_keeps_counts_and_conflicts(sessions, data) -> None:
    levels = [0, 0]
    counts: Counter = Counter()
    inside: list[frozenset[int]] = []
    for _ in range(data.draw(st.integers(1, 30))):
        if inside and data.draw(st.booleans()):
            voters = inside.pop(data.draw(st.integers(0, len(inside) - 1)))
            gone = remove_votes(levels, bits(sorted(voters)))
            assert gone == sum(1 for a in voters if counts[a] >= 2)
            counts.subtract(voters)
        else:
            voters = data.draw(st.sampled_from(sessions))
            added = add_votes(levels, bits(sorted(voters)))
            assert added == sum(1 for a in voters if counts[a] >= 1)
            counts.update(voters)
            inside.append(voters)
        assert levels_as_counts(levels) == +counts
        assert level_conflicts(levels) == sum(max(0, c - 1) for c in counts.values())


@settings(deadline=None)
@given(st.lists(st.integers(0, 50), max_size=6), st.lists(st.integers(0, 50), max_size=6))
def test_slot_overflow_is_the_best_matching(demands, caps) -> None:
    caps = sorted(caps, reverse=True)
    demands = demands[: len(caps)]
    # the sorted matching is never beaten by any other order of the demands
    best = min(
        (
            sum(max(0, d - c) for d, c in zip(order, caps, strict=False))
            for order in permutations(demands)
        ),
        default=0,
    )
    assert slot_overflow(demands, caps) == best


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=10),
    st.lists(st.integers(0, 60), min_size=11, max_size=12),
    st.data(),
)
def test_overflow_after_a_move_or_swap_from_the_prefix_sums(demands, caps, data) -> None:
    caps = sorted(caps, reverse=True)
    neg = sorted(-d for d in demands)
    sums = overflow_prefixes(neg, caps)
    assert sums[0][-1] == slot_overflow(demands, caps)
    leaving = data.draw(st.sampled_from(demands))
    arriving = data.draw(st.integers(0, 60))
    p = neg.index(-leaving)
    q = sum(1 for d in demands if d > arriving)
    rest = list(demands)
    rest.remove(leaving)
    # a swap: one leaves, one arrives
    assert overflow_exchanging(sums, caps, p, q, arriving) == slot_overflow([*rest, arriving], caps)
    # a move out (what the annealing adds up from the same sums)
    cur, up, _ = sums
    assert cur[p] + up[len(neg)] - up[p + 1] == slot_overflow(rest, caps)
    # a move in
    cur, _, down = sums
    v = max(0, arriving - caps[q])
    assert cur[q] + v + down[len(neg)] - down[q] == slot_overflow([*demands, arriving], caps)


def test_room_holding_sessions_move_and_every_rule_holds_on_the_bed() -> None:
    # on these full grids they move by trading places with sessions of the target slot
    for shape in BED:
        if shape.name not in ("constrained-M", "mixed-M"):
            continue
        problem = make(shape)
        greedy = build_grid(problem, iterations=0)
        grid = build_grid(problem, iterations=20_000, time_limit_s=0)

        assert violations(problem, grid.assignments) == []
        pinned_overflow = evaluate(problem, dict(problem.pins)).overflow
        assert grid.stats["search_objective"] + pinned_overflow >= grid.metrics.objective
        held = [
            pid
            for pid, cell in grid.assignments.items()
            if (p := problem.proposal(pid)).length == 2 or p.needs
        ]
        moved = [pid for pid in held if greedy.assignments.get(pid) != grid.assignments[pid]]
        assert moved, f"{shape.name}: no double session or session with needs ever moved"
        assert grid.stats["search_drift"] == 0, shape.name


def test_a_frozen_search_goes_back_to_its_best_grid_and_keeps_its_counts() -> None:
    # flat-tight-M fills every cell: only swaps between full slots, which freeze early
    (shape,) = [s for s in BED if s.name == "flat-tight-M"]
    problem = make(shape)
    grid = build_grid(problem, iterations=150_000, time_limit_s=0)

    assert grid.stats["reheats"] >= 1  # the search froze and went back to its best grid
    assert violations(problem, grid.assignments) == []
    pinned_overflow = evaluate(problem, dict(problem.pins)).overflow
    # the bookkeeping survived the reloads: the search's own objective is the recount's
    assert grid.stats["search_objective"] + pinned_overflow == grid.metrics.objective
    # and the annealing's running objective (by deltas, across the reloads) was the grid's
    assert grid.stats["search_drift"] == 0


def test_cooling_reheats_only_when_a_window_brought_nothing() -> None:
    cooling = Cooling(2.0, 0.2, 100_000, 0)
    assert cooling.temperature(0, 0.0) == 2.0
    # still improving, or still moving: not frozen
    assert not cooling.frozen(5_000, improved_at=4_000, moved=0)
    assert not cooling.frozen(10_000, improved_at=0, moved=5_000)
    # a whole window without a better grid and with (almost) no accepted move: frozen
    assert cooling.frozen(15_000, improved_at=0, moved=5_000)
    cold = cooling.temperature(60_000, 0.0)
    cooling.reheat(improved_temp=0.6)
    assert cooling.temperature(60_000, 0.0) == pytest.approx(0.9)  # 1.5 x 0.6
    assert cold < 0.9
    # cooling resumes from there, and never reheats past t_start
    assert cooling.temperature(70_000, 0.0) < 0.9
    cooling.reheat(improved_temp=1.9)
    assert cooling.temperature(70_000, 0.0) == pytest.approx(2.0)
    # no reheat when too little budget is left to cool down again
    assert not Cooling(2.0, 0.2, 100_000, 0).frozen(90_000, improved_at=0, moved=0)


def test_no_reheat_late_by_the_clock() -> None:
    # 40% of the iterations done but 90% of the time limit used: too late to cool down again
    cooling = Cooling(2.0, 0.2, 100_000, 1.0)
    assert cooling.temperature(40_000, 0.9) is not None
    assert not cooling.frozen(40_000, improved_at=0, moved=0)
