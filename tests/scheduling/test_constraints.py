"""Room needs, double sessions, facilitators' availability and break slots as hard rules.

Every property is checked against a recount written here, independent of
`metrics.py` and `rules.py`.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edcamp.scheduling.builder import build_grid
from edcamp.scheduling.metrics import apply_move, published_moves
from edcamp.scheduling.problem import Problem, ProposalInput, RoomInput, SchedulingError
from edcamp.scheduling.reasons import why_unscheduled
from edcamp.scheduling.rules import violations

FAST = {"iterations": 400, "time_limit_s": 0}
FEATURES = ("projector", "step-free", "quiet")


def slots_of(problem: Problem, p: ProposalInput, cell: tuple[int, int]) -> list[int]:
    k = list(problem.slots).index(cell[1])
    return list(problem.slots[k : k + p.length])


def broken_rules(problem: Problem, grid: dict[int, tuple[int, int]]) -> list[str]:
    """Every hard rule the grid breaks, counted the obvious way."""
    broken = []
    rooms = {r.id: r for r in problem.rooms}
    seen: list[tuple[int, int]] = []
    busy: list[tuple[int, int]] = []  # (facilitator, slot)
    for pid, (room_id, slot_id) in grid.items():
        p = problem.proposal(pid)
        span = slots_of(problem, p, (room_id, slot_id))
        if len(span) < p.length:
            broken.append(f"{pid}: runs past the last slot")
        if not p.needs <= rooms[room_id].features:
            broken.append(f"{pid}: room lacks a need")
        for s in span:
            if s in problem.breaks:
                broken.append(f"{pid}: in a break")
            if (room_id, s) in problem.blocked:
                broken.append(f"{pid}: in a blocked cell")
            if s in p.unavailable:
                broken.append(f"{pid}: facilitator away")
            seen.append((room_id, s))
            busy += [(f, s) for f in p.facilitators]
    if len(seen) != len(set(seen)):
        broken.append("a cell holds two sessions")
    if len(busy) != len(set(busy)):
        broken.append("a facilitator leads two sessions at once")
    broken += [f"{pid}: pin moved" for pid, c in problem.pins.items() if grid.get(pid) != c]
    return broken


def recount(problem: Problem, grid: dict[int, tuple[int, int]]) -> tuple[int, int]:
    conflicts = 0
    for a in {a for p in problem.proposals for a in p.voters}:
        for s in problem.slots:
            k = sum(
                1
                for pid, cell in grid.items()
                if a in problem.proposal(pid).voters
                and s in slots_of(problem, problem.proposal(pid), cell)
            )
            conflicts += max(0, k - 1)
    capacity = {r.id: r.capacity for r in problem.rooms}
    overflow = sum(
        max(0, problem.proposal(pid).votes - capacity[cell[0]]) for pid, cell in grid.items()
    )
    return conflicts, overflow


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_rooms, n_slots = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    people = list(range(1, draw(st.integers(1, 12)) + 1))
    rooms = tuple(
        RoomInput(10 + k, draw(st.integers(0, 8)), draw(st.frozensets(st.sampled_from(FEATURES))))
        for k in range(n_rooms)
    )
    slots = tuple(range(100, 100 + n_slots))
    breaks = draw(st.frozensets(st.sampled_from(slots), max_size=1))
    cells = [(r.id, s) for s in slots for r in rooms]
    blocked = frozenset(draw(st.lists(st.sampled_from(cells), max_size=len(cells) // 3)))
    proposals = tuple(
        ProposalInput(
            pid,
            draw(st.frozensets(st.sampled_from(people))),
            draw(st.frozensets(st.sampled_from(people), max_size=2)),
            draw(st.sampled_from(["auto", "auto", "auto", "include", "exclude"])),
            needs=draw(st.frozensets(st.sampled_from(FEATURES), max_size=2)),
            length=draw(st.sampled_from([1, 1, 1, 2])),
            unavailable=draw(st.frozensets(st.sampled_from(slots), max_size=2)),
        )
        for pid in range(1, draw(st.integers(0, 12)) + 1)
    )
    # forced-in sessions that might not fit make the input infeasible: keep them "auto"
    proposals = tuple(replace(p, force="auto") if p.force == "include" else p for p in proposals)
    return Problem(proposals, rooms, slots, blocked, {}, breaks=breaks)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 2))
def test_every_hard_rule_holds_and_metrics_match_the_recount(problem: Problem, seed: int) -> None:
    grid = build_grid(problem, seed=seed, **FAST)

    assert broken_rules(problem, grid.assignments) == []
    assert violations(problem, grid.assignments) == []
    assert (grid.metrics.conflicts, grid.metrics.overflow) == recount(problem, grid.assignments)
    # the search's own bookkeeping agrees with the recount; the polish after it only improves
    if grid.stats["polished"]:
        assert grid.stats["search_objective"] >= grid.metrics.objective
    else:
        assert grid.stats["search_objective"] == grid.metrics.objective
    reasons = why_unscheduled(problem, grid.assignments)
    assert set(reasons) == {p.id for p in problem.proposals if p.id not in grid.assignments}


@settings(max_examples=100, deadline=None)
@given(problems(), st.data())
def test_hand_moves_refuse_exactly_what_breaks_a_rule(problem: Problem, data) -> None:
    grid = build_grid(problem, **FAST).assignments
    if not problem.proposals:
        return
    pid = data.draw(st.sampled_from([p.id for p in problem.proposals]))
    cell = data.draw(st.sampled_from([(r.id, s) for s in problem.slots for r in problem.rooms]))
    try:
        move = apply_move(problem, grid, pid, cell, swap=True)
    except SchedulingError as refused:
        if refused.code in ("cell_taken", "cell_pinned"):
            return
        assert broken_rules(problem, swapped(problem, grid, pid, cell)) != []
    else:
        assert move.assignments == swapped(problem, grid, pid, cell)
        assert broken_rules(problem, move.assignments) == []


def swapped(problem: Problem, grid: dict, pid: int, cell: tuple[int, int]) -> dict:
    """The grid with `pid` in `cell` and its one occupant in pid's old cell (or off)."""
    trial = {k: v for k, v in grid.items() if k != pid}
    p = problem.proposal(pid)
    mine = {(cell[0], s) for s in slots_of(problem, p, cell)}
    for other, c in list(trial.items()):
        q = problem.proposal(other)
        if mine & {(c[0], s) for s in slots_of(problem, q, c)}:
            del trial[other]
            if pid in grid:
                trial[other] = grid[pid]
    return trial | {pid: cell}


def test_double_session_takes_two_consecutive_slots_and_its_voters_are_busy_in_both() -> None:
    fans = frozenset({1, 2, 3})
    problem = Problem(
        proposals=(
            ProposalInput(1, fans, length=2),
            ProposalInput(2, fans),
            ProposalInput(3, frozenset({9})),
            ProposalInput(4, frozenset({8})),
        ),
        rooms=(RoomInput(1, 5), RoomInput(2, 5)),
        slots=(10, 20, 30),
    )

    grid = build_grid(problem, iterations=2_000, time_limit_s=0)

    room, start = grid.assignments[1]
    second = 20 if start == 10 else 30
    assert start in (10, 20)
    assert grid.assignments[2][1] not in (start, second)  # the fans can go to both
    assert all(cell != (room, second) for cell in grid.assignments.values())
    assert grid.metrics.conflicts == 0


def test_break_slots_stay_empty_and_needs_pick_the_room() -> None:
    problem = Problem(
        proposals=(
            ProposalInput(1, frozenset(range(9)), needs=frozenset({"projector"})),
            ProposalInput(2, frozenset(range(20))),
        ),
        rooms=(RoomInput(1, 30), RoomInput(2, 10, frozenset({"projector", "quiet"}))),
        slots=(1, 2),
        breaks=frozenset({1}),
    )

    grid = build_grid(problem, **FAST)

    assert grid.assignments == {1: (2, 2), 2: (1, 2)}


def test_reasons_name_the_rule_and_what_would_make_room() -> None:
    problem = Problem(
        proposals=(
            ProposalInput(1, needs=frozenset({"kitchen"})),
            ProposalInput(2, length=2),
            ProposalInput(3, facilitators=frozenset({5}), unavailable=frozenset({1})),
            ProposalInput(4, force="exclude"),
        ),
        rooms=(RoomInput(1, 10, frozenset({"projector"})),),
        slots=(1,),
    )

    grid = build_grid(problem, **FAST)
    reasons = why_unscheduled(problem, grid.assignments)

    assert grid.assignments == {}
    assert reasons[1].code == "needs_unmet"
    assert "kitchen" in reasons[1].fix
    assert reasons[2].code == "no_consecutive_slots"
    assert reasons[3].code == "facilitator_unavailable"
    assert reasons[4].code == "left_out"


@pytest.mark.parametrize(
    ("proposal", "cell", "code"),
    [
        (ProposalInput(1, needs=frozenset({"projector"})), (1, 1), "needs_unmet"),
        (ProposalInput(1, length=2), (2, 2), "no_next_slot"),
        (ProposalInput(1, unavailable=frozenset({2})), (1, 2), "facilitator_unavailable"),
        (ProposalInput(1), (1, 3), "break_slot"),
    ],
)
def test_hand_moves_say_which_rule_refuses_them(proposal, cell, code) -> None:
    problem = Problem(
        proposals=(proposal,),
        rooms=(RoomInput(1, 10), RoomInput(2, 10, frozenset({"projector"}))),
        slots=(1, 3, 2),
        breaks=frozenset({3}),
    )
    with pytest.raises(SchedulingError) as refused:
        apply_move(problem, {}, 1, cell)
    assert refused.value.code == code


def _published(move_cost: int) -> tuple[Problem, dict[int, tuple[int, int]]]:
    """Sessions 1 and 2 share voters and were published in one slot."""
    shared = frozenset(range(10))
    problem = Problem(
        proposals=(ProposalInput(1, shared), ProposalInput(2, shared)),
        rooms=(RoomInput(1, 20), RoomInput(2, 20)),
        slots=(1, 2),
        anchors={1: (1, 1), 2: (2, 1)},
        move_cost=move_cost,
    )
    return problem, build_grid(problem, iterations=2_000, time_limit_s=0).assignments


def test_a_rebuild_keeps_published_sessions_when_moving_costs_more_than_it_gains() -> None:
    problem, grid = _published(move_cost=11)  # splitting them saves 10 conflicts

    assert grid == {1: (1, 1), 2: (2, 1)}
    assert published_moves(problem, grid) == []


def test_a_rebuild_moves_a_published_session_when_it_gains_clearly_more() -> None:
    problem, grid = _published(move_cost=3)

    assert len(published_moves(problem, grid)) == 1
    assert grid[1][1] != grid[2][1]
