"""The builder's greedy start: which proposals go on the grid, and a first place for each.

The selection takes the pinned proposals, then the forced-in ones, then the most voted
(ties: lower id first), as many as there are free cells. Proposals that fit any room
(most of them) only get a slot, the one where they add the least conflicts + overflow;
their rooms are matched by sorting at the end. Double sessions and sessions with needs
take a room now and keep one (`fixed.py`). The annealing (`anneal.py`) and the tabu
search (`tabu.py`) improve on this start.
"""

from __future__ import annotations

from dataclasses import dataclass

from edcamp.scheduling.anneal import SlotSearch
from edcamp.scheduling.fixed import FixedCells
from edcamp.scheduling.problem import Cell, Problem, ProposalInput
from edcamp.scheduling.rules import static_refusal


def priority(p: ProposalInput) -> tuple[bool, int, int]:
    """Sort key of the selection: forced in first, then most votes, then lowest id."""
    return (p.force != "include", -p.votes, p.id)


@dataclass
class Layout:
    """Where the movable sessions may go: per slot index, its free rooms, largest first."""

    problem: Problem
    free_rooms: list[list[int]]
    capacity: dict[int, int]

    @classmethod
    def of(cls, problem: Problem) -> Layout:
        pinned: set[Cell] = set()
        for pid, cell in problem.pins.items():
            pinned.update(problem.covered(problem.proposal(pid), cell))
        capacity = {r.id: r.capacity for r in problem.rooms}
        free_rooms = []
        for s in problem.slots:
            rooms = [
                r for r in problem.rooms if problem.is_open((r.id, s)) and (r.id, s) not in pinned
            ]
            free_rooms.append([r.id for r in sorted(rooms, key=lambda r: -r.capacity)])
        return cls(problem, free_rooms, capacity)

    def is_constrained(self, p: ProposalInput) -> bool:
        """Needs a particular room: a double session, or needs that not every room meets."""
        return p.length > 1 or any(not p.needs <= r.features for r in self.problem.rooms)


def _place_fixed(
    layout: Layout, search: SlotSearch, i: int, p: ProposalInput
) -> tuple[int, int] | None:
    """Put a constrained proposal into its cheapest (room, first slot index) now, or None."""
    problem, S = layout.problem, len(layout.problem.slots)
    best: tuple[int, int, int, int] | None = None  # (cost, t, room order, room id)
    for order, room in enumerate(problem.rooms):
        for t in range(S - p.length + 1):
            span = range(t, t + p.length)
            if static_refusal(problem, p, (room.id, problem.slots[t])) is not None:
                continue
            if any(room.id not in layout.free_rooms[u] or not search.fits(i, u) for u in span):
                continue
            cost = max(0, p.votes - room.capacity) + sum(
                search.add_cost(i, u) + search.overflow_without(u, room.capacity) for u in span
            )
            if best is None or (cost, t, order) < best[:3]:
                best = (cost, t, order, room.id)
    if best is None:
        return None
    _, t, _, room_id = best
    for u in range(t, t + p.length):
        layout.free_rooms[u].remove(room_id)
        search.reserve(i, u, layout.capacity[room_id])
    return room_id, t


def _search_for(problem: Problem, layout: Layout, candidates: list[ProposalInput]) -> SlotSearch:
    """The annealing's state: candidates, people and slots as indices; pins as fixed counts."""
    slot_index = {s: k for k, s in enumerate(problem.slots)}
    attendees: dict[int, int] = {}
    leaders: dict[int, int] = {}

    def index(table: dict[int, int], people: frozenset[int]) -> list[int]:
        return [table.setdefault(x, len(table)) for x in sorted(people)]

    voters = [index(attendees, p.voters) for p in candidates]
    leads = [index(leaders, p.facilitators) for p in candidates]
    fixed_votes: list[tuple[list[int], int]] = []
    fixed_leads: list[tuple[list[int], int]] = []
    for pid, cell in sorted(problem.pins.items()):
        p = problem.proposal(pid)
        for _, slot_id in problem.covered(p, cell):
            fixed_votes.append((index(attendees, p.voters), slot_index[slot_id]))
            fixed_leads.append((index(leaders, p.facilitators), slot_index[slot_id]))
    banned = [{slot_index[s] for s in p.unavailable if s in slot_index} for p in candidates]
    caps = [[layout.capacity[r] for r in rooms] for rooms in layout.free_rooms]
    return SlotSearch(len(problem.slots), voters, leads, caps, fixed_votes, fixed_leads, banned)


@dataclass
class GreedyStart:
    """The search's state after the greedy start, before any improvement."""

    layout: Layout
    candidates: list[ProposalInput]
    search: SlotSearch
    open_rooms: list[list[int]]  # free rooms per slot before the room-holding sessions
    placed: list[int]  # movable (annealed) candidates
    fixed: dict[int, tuple[int, int]]  # room-holding ones: index -> (room id, first slot)


def greedy_start(problem: Problem) -> GreedyStart:
    layout = Layout.of(problem)
    candidates = sorted(
        (p for p in problem.proposals if p.id not in problem.pins and p.force != "exclude"),
        key=priority,
    )
    search = _search_for(problem, layout, candidates)
    open_rooms = [list(rooms) for rooms in layout.free_rooms]
    placed, fixed = _select(layout, search, candidates)
    if fixed:  # sessions that hold a room move cell to cell inside the annealing
        starts = _starts(problem, open_rooms, candidates, list(fixed))
        lengths = {i: candidates[i].length for i in fixed}
        search.fixed = FixedCells(search, fixed, starts, lengths, layout.capacity)
    return GreedyStart(layout, candidates, search, open_rooms, placed, fixed)


def _starts(
    problem: Problem, open_rooms: list[list[int]], candidates: list[ProposalInput], which: list[int]
) -> dict[int, list[tuple[int, int, int]]]:
    """Every (room id, capacity, first slot index) where each of `which` may start."""
    open_cells = {(r, t) for t, rooms in enumerate(open_rooms) for r in rooms}
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for i in which:
        p = candidates[i]
        starts[i] = [
            (room.id, room.capacity, t)
            for room in problem.rooms
            for t in range(len(problem.slots) - p.length + 1)
            if all((room.id, u) in open_cells for u in range(t, t + p.length))
            and static_refusal(problem, p, (room.id, problem.slots[t])) is None
        ]
    return starts


def _select(
    layout: Layout, search: SlotSearch, candidates: list[ProposalInput]
) -> tuple[list[int], dict[int, tuple[int, int]]]:
    """Greedy start in priority order until the free cells are used up.

    Returns the movable (annealed) candidates and the fixed ones: index -> (room id,
    first slot index). Constrained proposals take their room now, the others only a slot.
    """
    cells_left = sum(len(rooms) for rooms in layout.free_rooms)
    placed: list[int] = []
    fixed: dict[int, tuple[int, int]] = {}
    for i, p in enumerate(candidates):
        if cells_left <= 0:
            break
        if layout.is_constrained(p):
            spot = _place_fixed(layout, search, i, p)
            if spot is not None:
                fixed[i] = spot
                cells_left -= p.length
        elif search.place_greedily(i):
            placed.append(i)
            cells_left -= 1
    return placed, fixed
