"""The pure schedule builder: hard rules, metrics, selection, pins, determinism."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edcamp.scheduling.builder import build_grid
from edcamp.scheduling.metrics import evaluate
from edcamp.scheduling.problem import (
    InfeasibleProblem,
    Problem,
    ProposalInput,
    RoomInput,
    SchedulingError,
)
from edcamp.scheduling.rules import violations
from edcamp.scheduling.synthetic import generate

FAST = {"iterations": 400, "time_limit_s": 0}


def recount(problem: Problem, assignments: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Conflicts and overflow counted the slow, obvious way (independent of metrics.py)."""
    conflicts = 0
    attendees = {a for p in problem.proposals for a in p.voters}
    for attendee in attendees:
        for slot in problem.slots:
            k = 0
            for p in problem.proposals:
                if p.id in assignments and assignments[p.id][1] == slot and attendee in p.voters:
                    k += 1
            conflicts += max(0, k - 1)
    capacity = {r.id: r.capacity for r in problem.rooms}
    overflow = 0
    for p in problem.proposals:
        if p.id in assignments:
            overflow += max(0, len(p.voters) - capacity[assignments[p.id][0]])
    return conflicts, overflow


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_rooms = draw(st.integers(1, 4))
    n_slots = draw(st.integers(1, 4))
    n_attendees = draw(st.integers(1, 12))
    people = list(range(1, n_attendees + 1))
    rooms = tuple(RoomInput(id=10 + k, capacity=draw(st.integers(0, 8))) for k in range(n_rooms))
    slots = tuple(range(100, 100 + n_slots))
    cells = [(r.id, s) for s in slots for r in rooms]
    blocked = frozenset(draw(st.lists(st.sampled_from(cells), max_size=len(cells) // 2)))
    proposals = []
    for pid in range(1, draw(st.integers(0, 14)) + 1):
        voters = draw(st.frozensets(st.sampled_from(people), max_size=n_attendees))
        leaders = draw(st.frozensets(st.sampled_from(people), max_size=2))
        force = draw(st.sampled_from(["auto", "auto", "auto", "include", "exclude"]))
        proposals.append(ProposalInput(pid, voters, leaders, force))
    free_cells = [c for c in cells if c not in blocked]
    # valid pins: distinct free cells, no facilitator twice in a slot, not left out
    pins: dict[int, tuple[int, int]] = {}
    leading: set[tuple[int, int]] = set()
    for p in proposals:
        if p.force == "exclude" or not draw(st.booleans()) or not draw(st.booleans()):
            continue
        options = [c for c in free_cells if c not in pins.values()]
        if not options:
            break
        cell = draw(st.sampled_from(options))
        if any((f, cell[1]) in leading for f in p.facilitators):
            continue
        pins[p.id] = cell
        leading |= {(f, cell[1]) for f in p.facilitators}
    # forced-in ones must fit in the cells the pins leave free
    forced = [p for p in proposals if p.force == "include" and p.id not in pins]
    for p in forced[len(free_cells) - len(pins) :]:
        proposals[proposals.index(p)] = ProposalInput(p.id, p.voters, p.facilitators, "auto")
    return Problem(tuple(proposals), rooms, slots, blocked, pins)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_hard_rules_hold_and_metrics_match_recount(problem: Problem, seed: int) -> None:
    grid = build_grid(problem, seed=seed, **FAST)

    assert violations(problem, grid.assignments) == []
    cells = list(grid.assignments.values())
    assert len(cells) == len(set(cells))  # one proposal per cell
    assert not set(cells) & problem.blocked
    for pid, cell in problem.pins.items():
        assert grid.assignments[pid] == cell
    for p in problem.proposals:
        if p.force == "exclude":
            assert p.id not in grid.assignments
    assert (grid.metrics.conflicts, grid.metrics.overflow) == recount(problem, grid.assignments)
    # the search's incremental bookkeeping agrees with the recount
    pinned_overflow = recount(problem, dict(problem.pins))[1]
    assert grid.stats["search_objective"] == grid.metrics.objective - pinned_overflow
    assert sorted(grid.unscheduled) == sorted(
        p.id for p in problem.proposals if p.id not in grid.assignments
    )


@settings(max_examples=100, deadline=None)
@given(problems())
def test_selection_fills_free_cells_with_most_voted(problem: Problem) -> None:
    grid = build_grid(problem, **FAST)

    free_cells = len(problem.cells()) - len(problem.pins)
    placed = [pid for pid in grid.assignments if pid not in problem.pins]
    eligible = [p for p in problem.proposals if p.id not in problem.pins and p.force != "exclude"]
    if not any(p.facilitators for p in eligible):  # nothing can block a placement
        assert len(placed) == min(free_cells, len(eligible))
        for p in eligible:
            if p.force == "include":
                assert p.id in grid.assignments
        left = [p for p in eligible if p.id not in grid.assignments]
        chosen = [p for p in eligible if p.id in grid.assignments and p.force != "include"]
        if left and chosen:
            assert min(p.votes for p in chosen) >= max(p.votes for p in left)


def test_unscheduled_sorted_by_votes_ties_by_id() -> None:
    problem = Problem(
        proposals=tuple(
            ProposalInput(pid, frozenset(range(votes))) for pid, votes in [(1, 1), (2, 5), (3, 5)]
        )
        + (ProposalInput(4, frozenset(range(9))),),
        rooms=(RoomInput(1, 10),),
        slots=(1,),
    )

    grid = build_grid(problem, **FAST)

    assert grid.assignments == {4: (1, 1)}
    assert grid.unscheduled == [2, 3, 1]


def test_forced_in_beats_votes_and_left_out_never_placed() -> None:
    problem = Problem(
        proposals=(
            ProposalInput(1, frozenset(range(9)), force="exclude"),
            ProposalInput(2, frozenset(range(5))),
            ProposalInput(3, frozenset(), force="include"),
        ),
        rooms=(RoomInput(1, 10),),
        slots=(1,),
    )

    grid = build_grid(problem, **FAST)

    assert grid.assignments == {3: (1, 1)}
    assert grid.unscheduled == [1, 2]


def test_rooms_within_slot_go_largest_to_most_voted() -> None:
    problem = Problem(
        proposals=(ProposalInput(1, frozenset(range(3))), ProposalInput(2, frozenset(range(30)))),
        rooms=(RoomInput(1, 5), RoomInput(2, 40)),
        slots=(7,),
    )

    grid = build_grid(problem, **FAST)

    assert grid.assignments == {2: (2, 7), 1: (1, 7)}
    assert grid.metrics.overflow == 0


def test_facilitator_never_leads_two_sessions_of_a_slot() -> None:
    problem = Problem(
        proposals=tuple(ProposalInput(pid, frozenset(), frozenset({99})) for pid in (1, 2, 3)),
        rooms=(RoomInput(1, 10), RoomInput(2, 10)),
        slots=(1, 2),
    )

    grid = build_grid(problem, **FAST)

    # only two slots: the third session of the same facilitator cannot be placed
    assert len(grid.assignments) == 2
    assert {cell[1] for cell in grid.assignments.values()} == {1, 2}
    assert grid.unscheduled == [3]


def test_builder_finds_the_optimum_on_a_tiny_instance() -> None:
    # voters 1-3 like proposals 1 and 2; voters 4-5 like 3 and 4: pairs must split
    problem = Problem(
        proposals=(
            ProposalInput(1, frozenset({1, 2, 3})),
            ProposalInput(2, frozenset({1, 2, 3})),
            ProposalInput(3, frozenset({4, 5})),
            ProposalInput(4, frozenset({4, 5, 6})),
        ),
        rooms=(RoomInput(1, 3), RoomInput(2, 2)),
        slots=(1, 2),
    )
    best = min(
        sum(recount(problem, dict(zip((1, 2, 3, 4), perm, strict=True))))
        for perm in itertools.permutations(problem.cells())
    )

    grid = build_grid(problem, iterations=2_000, time_limit_s=0)

    assert grid.metrics.objective == best == 1  # proposal 4 (3 voters) in a 2-seat room


def test_metrics_of_a_hand_made_grid() -> None:
    problem = Problem(
        proposals=(
            ProposalInput(1, frozenset({1, 2, 3})),
            ProposalInput(2, frozenset({1, 2})),
            ProposalInput(3, frozenset({1})),
        ),
        rooms=(RoomInput(1, 2), RoomInput(2, 1), RoomInput(3, 1)),
        slots=(1,),
    )

    metrics = evaluate(problem, {1: (1, 1), 2: (2, 1), 3: (3, 1)})

    # attendee 1 has three sessions at once (2 conflicts), attendee 2 two (1)
    assert metrics.conflicts == 3
    assert metrics.overflow == 1 + 1  # 3 voters in 2 seats, 2 voters in 1 seat
    assert metrics.votes_total == 6
    assert metrics.votes_honoured == 3  # one session each for attendees 1, 2, 3
    assert sum(metrics.conflict_share.values()) == pytest.approx(3)
    assert metrics.clashing_voters == {1: 2, 2: 2, 3: 1}


@pytest.mark.parametrize("seed", [0, 1])
def test_same_input_and_seed_give_the_same_grid(seed: int) -> None:
    problem = generate(30, 6, 5, 150, seed=seed).problem

    first = build_grid(problem, seed=seed, iterations=20_000, time_limit_s=0)
    second = build_grid(problem, seed=seed, iterations=20_000, time_limit_s=0)

    assert first.assignments == second.assignments
    assert first.metrics == second.metrics


def test_pins_survive_a_rebuild() -> None:
    problem = generate(30, 6, 5, 150, seed=3).problem
    first = build_grid(problem, iterations=5_000, time_limit_s=0)
    moved = {pid: cell for pid, cell in list(first.assignments.items())[:4]}
    again = Problem(problem.proposals, problem.rooms, problem.slots, problem.blocked, moved)

    second = build_grid(again, seed=9, iterations=5_000, time_limit_s=0)

    for pid, cell in moved.items():
        assert second.assignments[pid] == cell
    assert violations(again, second.assignments) == []


def test_annealing_improves_on_the_greedy_start() -> None:
    problem = generate(60, 10, 6, 300, seed=1).problem

    greedy = build_grid(problem, iterations=0)
    annealed = build_grid(problem, iterations=30_000, time_limit_s=0)

    assert annealed.metrics.objective < greedy.metrics.objective
    assert (
        annealed.stats["search_objective"]
        == annealed.metrics.objective - recount(problem, dict(problem.pins))[1]
    )


def _problem(**changes: object) -> Problem:
    base = {
        "proposals": (ProposalInput(1, frozenset({1}), frozenset({7})), ProposalInput(2)),
        "rooms": (RoomInput(1, 5),),
        "slots": (1, 2),
        "blocked": frozenset(),
        "pins": {},
    }
    base.update(changes)
    return Problem(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"pins": {1: (1, 1), 2: (1, 1)}}, "pin_clash"),
        ({"pins": {1: (1, 1)}, "blocked": frozenset({(1, 1)})}, "pin_blocked"),
        ({"pins": {1: (9, 1)}}, "pin_unknown_cell"),
        ({"pins": {5: (1, 1)}}, "not_found"),
        (
            {
                "proposals": (
                    ProposalInput(1, force="include"),
                    ProposalInput(2, force="include"),
                    ProposalInput(3, force="include"),
                )
            },
            "too_many_forced",
        ),
        (
            {
                "proposals": (ProposalInput(1, facilitators=frozenset({7})),)
                + (ProposalInput(2, facilitators=frozenset({7})),),
                "rooms": (RoomInput(1, 5), RoomInput(2, 5)),
                "pins": {1: (1, 1), 2: (2, 1)},
            },
            "facilitator_clash",
        ),
        ({"proposals": (ProposalInput(1, force="exclude"),), "pins": {1: (1, 1)}}, "pin_excluded"),
    ],
)
def test_infeasible_input_raises_a_clear_error(changes: dict, code: str) -> None:
    with pytest.raises(InfeasibleProblem) as err:
        build_grid(_problem(**changes), **FAST)
    assert err.value.code == code
    assert str(err.value)


def test_more_pins_than_cells_is_refused() -> None:
    problem = _problem(
        proposals=tuple(ProposalInput(pid) for pid in (1, 2, 3)),
        pins={1: (1, 1), 2: (1, 2), 3: (1, 2)},
    )
    with pytest.raises(InfeasibleProblem, match="more pins than cells"):
        build_grid(problem, **FAST)


def test_duplicate_ids_are_bad_input() -> None:
    with pytest.raises(SchedulingError) as err:
        build_grid(_problem(rooms=(RoomInput(1, 5), RoomInput(1, 6))), **FAST)
    assert err.value.code == "bad_input"


def test_synthetic_instances_have_the_described_shape() -> None:
    inst = generate(60, 10, 6, 300, seed=2)
    p = inst.problem
    votes = Counter(a for prop in p.proposals for a in prop.voters)
    leaders = Counter(f for prop in p.proposals for f in prop.facilitators)

    assert len(p.proposals) == 60
    assert len(p.rooms) == 10
    assert len(p.slots) == 6
    assert all(3 <= k <= 8 for k in votes.values())
    assert 1.2 <= sum(r.capacity for r in p.rooms) / 300 <= 1.4
    assert max(r.capacity for r in p.rooms) > 1.5 * sorted(r.capacity for r in p.rooms)[-2]
    assert 0.05 <= sum(1 for k in leaders.values() if k == 2) / len(leaders) <= 0.15
    assert len(p.pins) == 3  # 5% of 60 cells
    assert violations(p, dict(p.pins)) == []
    assert generate(60, 10, 6, 300, seed=2).problem.proposals == p.proposals
