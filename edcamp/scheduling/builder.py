"""The schedule builder: a pure function from plain data to a grid and its metrics.

`build_grid(problem)`:

1. checks the pins (known, free, unblocked cells; no facilitator leading two
   pinned sessions of one slot) and raises `InfeasibleProblem` otherwise;
2. selects the proposals: pinned ones, then forced-in ones, then the most
   voted (ties: lower id first), as many as there are free cells; left-out
   ones never;
3. places them greedily (most voted first, each into the slot where it adds
   the least conflicts + overflow), then improves by simulated annealing
   over moves and swaps between slots; rooms within a slot are matched
   exactly by sorting (most voted to the largest room).

Determinism: the search runs an iteration budget that scales with the size
(`default_iterations`); `time_limit_s` is only a cap. When the budget
finishes first (small and medium events on an ordinary machine) the same
problem and seed always give the same grid. When the cap binds, the
temperature follows the clock and the grid can differ between runs.
"""

from __future__ import annotations

from edcamp.scheduling.anneal import SlotSearch
from edcamp.scheduling.metrics import evaluate
from edcamp.scheduling.problem import (
    FORCES,
    Cell,
    Grid,
    InfeasibleProblem,
    Problem,
    ProposalInput,
    SchedulingError,
)

DEFAULT_TIME_LIMIT_S = 1.5


def default_iterations(n_movable: int, n_slots: int) -> int:
    """The deterministic search budget: enough for ~1 s on 60 proposals x 6 slots."""
    return max(2_000, 2_500 * n_movable)


def check_problem(problem: Problem) -> None:
    """Raise InfeasibleProblem (or SchedulingError) when no valid grid exists for `problem`."""
    room_ids = [r.id for r in problem.rooms]
    if len(set(room_ids)) != len(room_ids):
        raise SchedulingError("Two rooms share an id.", code="bad_input")
    if len(set(problem.slots)) != len(problem.slots):
        raise SchedulingError("Two slots share an id.", code="bad_input")
    ids = [p.id for p in problem.proposals]
    if len(set(ids)) != len(ids):
        raise SchedulingError("Two proposals share an id.", code="bad_input")
    for r in problem.rooms:
        if r.capacity < 0:
            raise SchedulingError(f"Room {r.id} has a negative capacity.", code="bad_input")
    for p in problem.proposals:
        if p.force not in FORCES:
            raise SchedulingError(f"Unknown force {p.force!r} on {p.id}.", code="bad_input")
    by_id = {p.id: p for p in problem.proposals}
    rooms, slots = set(room_ids), set(problem.slots)
    taken: dict[Cell, int] = {}
    leading: dict[tuple[int, int], int] = {}
    for pid, cell in sorted(problem.pins.items()):
        room_id, slot_id = cell
        if pid not in by_id:
            raise InfeasibleProblem(f"Pinned proposal {pid} is not in the event.", code="not_found")
        if room_id not in rooms or slot_id not in slots:
            raise InfeasibleProblem(
                f"Proposal {pid} is pinned to an unknown cell {cell}.", code="pin_unknown_cell"
            )
        if cell in problem.blocked:
            raise InfeasibleProblem(
                f"Proposal {pid} is pinned to a blocked cell.", code="pin_blocked"
            )
        if cell in taken:
            raise InfeasibleProblem(
                f"Proposals {taken[cell]} and {pid} are pinned to the same cell "
                "(more pins than cells).",
                code="pin_clash",
            )
        taken[cell] = pid
        if by_id[pid].force == "exclude":
            raise InfeasibleProblem(
                f"Proposal {pid} is pinned but also left out.", code="pin_excluded"
            )
        for person in by_id[pid].facilitators:
            other = leading.setdefault((person, slot_id), pid)
            if other != pid:
                raise InfeasibleProblem(
                    f"Pinned proposals {other} and {pid} share a facilitator in one slot.",
                    code="facilitator_clash",
                )
    free = len(problem.cells()) - len(problem.pins)
    forced = sum(1 for p in problem.proposals if p.force == "include" and p.id not in problem.pins)
    if forced > free:
        raise InfeasibleProblem(
            f"{forced} proposals are forced in but only {free} free cells remain.",
            code="too_many_forced",
        )


def priority(p: ProposalInput) -> tuple[bool, int, int]:
    """Sort key of the selection: forced in first, then most votes, then lowest id."""
    return (p.force != "include", -p.votes, p.id)


def build_grid(
    problem: Problem,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    iterations: int | None = None,
) -> Grid:
    """A valid grid for `problem` with few conflicts + overflow (see the module doc)."""
    check_problem(problem)
    slot_index = {s: k for k, s in enumerate(problem.slots)}
    S = len(problem.slots)
    pinned_cells = set(problem.pins.values())
    # free rooms per slot, largest first (ties: given room order)
    free_rooms: list[list[int]] = []
    capacity = {r.id: r.capacity for r in problem.rooms}
    for s in problem.slots:
        rooms = [
            r
            for r in problem.rooms
            if (r.id, s) not in problem.blocked and (r.id, s) not in pinned_cells
        ]
        rooms = sorted(rooms, key=lambda r: -r.capacity)
        free_rooms.append([r.id for r in rooms])
    caps = [[capacity[r] for r in rooms] for rooms in free_rooms]

    candidates = sorted(
        (p for p in problem.proposals if p.id not in problem.pins and p.force != "exclude"),
        key=priority,
    )
    attendees: dict[int, int] = {}
    leaders: dict[int, int] = {}

    def index(table: dict[int, int], people: frozenset[int]) -> list[int]:
        return [table.setdefault(x, len(table)) for x in sorted(people)]

    voters = [index(attendees, p.voters) for p in candidates]
    leads = [index(leaders, p.facilitators) for p in candidates]
    fixed_votes: list[tuple[int, int]] = []
    fixed_leads: list[tuple[int, int]] = []
    for pid, (_, slot_id) in sorted(problem.pins.items()):
        p = problem.proposal(pid)
        fixed_votes += [(a, slot_index[slot_id]) for a in index(attendees, p.voters)]
        fixed_leads += [(f, slot_index[slot_id]) for f in index(leaders, p.facilitators)]

    search = SlotSearch(
        S, len(attendees), len(leaders), voters, leads, caps, fixed_votes, fixed_leads
    )
    wanted = sum(len(c) for c in caps)
    placed = search.greedy(list(range(len(candidates))), wanted)
    budget = default_iterations(len(placed), S) if iterations is None else iterations
    result = search.anneal(placed, iterations=budget, time_limit_s=time_limit_s, seed=seed)
    search.load(result.slot_of)

    assignments: dict[int, Cell] = dict(problem.pins)
    for t in range(S):
        members = sorted(search.members[t], key=lambda i: priority(candidates[i])[1:])
        for i, room_id in zip(members, free_rooms[t], strict=False):
            assignments[candidates[i].id] = (room_id, problem.slots[t])
    unscheduled = [
        p.id
        for p in sorted(problem.proposals, key=lambda p: (-p.votes, p.id))
        if p.id not in assignments
    ]
    return Grid(
        assignments=assignments,
        unscheduled=unscheduled,
        metrics=evaluate(problem, assignments),
        pinned=frozenset(problem.pins),
        stats={
            "iterations": result.iterations,
            "budget": budget,
            "time_limit_hit": result.time_limit_hit,
            "greedy_placed": len(placed),
            "search_objective": result.objective,  # excludes pinned sessions' overflow
        },
    )
