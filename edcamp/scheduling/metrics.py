"""Metrics of a grid and the hard rules a manual change must keep.

`evaluate` recounts from scratch (the builder's search keeps its own
incremental counts); `apply_move` is what the grid editor and the API call
to move, swap or place one session by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from edcamp.scheduling.problem import Cell, Metrics, Problem, SchedulingError


def evaluate(problem: Problem, assignments: Mapping[int, Cell]) -> Metrics:
    """Conflicts, overflow and votes honoured of `assignments`, as CONTRACT.md defines them."""
    capacity = {r.id: r.capacity for r in problem.rooms}
    by_id = {p.id: p for p in problem.proposals}
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    overflow = 0
    for pid, (room_id, slot_id) in assignments.items():
        proposal = by_id.get(pid)
        if proposal is None:
            raise SchedulingError(f"Proposal {pid} is not in this event.", code="not_found")
        if room_id not in capacity:
            raise SchedulingError(f"Room {room_id} is not in this event.", code="unknown_room")
        overflow += max(0, proposal.votes - capacity[room_id])
        for attendee in proposal.voters:
            groups[(attendee, slot_id)].append(pid)
    conflicts = 0
    share: dict[int, float] = dict.fromkeys(assignments, 0.0)
    clashing: dict[int, int] = dict.fromkeys(assignments, 0)
    for pids in groups.values():
        k = len(pids)
        if k > 1:
            conflicts += k - 1
            for pid in pids:
                share[pid] += (k - 1) / k
                clashing[pid] += 1
    return Metrics(
        conflicts=conflicts,
        overflow=overflow,
        votes_total=sum(p.votes for p in problem.proposals),
        votes_honoured=len(groups),
        conflict_share=share,
        clashing_voters=clashing,
    )


def violations(problem: Problem, assignments: Mapping[int, Cell]) -> list[tuple[str, str]]:
    """Every broken hard rule of `assignments` as (code, message); empty when valid."""
    found: list[tuple[str, str]] = []
    rooms, slots = problem.room_ids, set(problem.slots)
    by_id = {p.id: p for p in problem.proposals}
    taken: dict[Cell, int] = {}
    leaders: dict[tuple[int, int], int] = {}
    for pid, cell in sorted(assignments.items()):
        room_id, slot_id = cell
        if room_id not in rooms or slot_id not in slots:
            found.append(("unknown_cell", f"Proposal {pid} sits in unknown cell {cell}."))
            continue
        if cell in problem.blocked:
            found.append(("cell_blocked", f"Proposal {pid} sits in blocked cell {cell}."))
        if cell in taken:
            found.append(("cell_taken", f"Proposals {taken[cell]} and {pid} share {cell}."))
        taken[cell] = pid
        for person in by_id[pid].facilitators if pid in by_id else ():
            other = leaders.setdefault((person, slot_id), pid)
            if other != pid:
                found.append(
                    (
                        "facilitator_clash",
                        f"Facilitator {person} leads {other} and {pid} in slot {slot_id}.",
                    )
                )
    for pid, cell in problem.pins.items():
        if assignments.get(pid) != cell:
            found.append(("pin_moved", f"Pinned proposal {pid} left its cell {cell}."))
    return found


@dataclass(frozen=True)
class Move:
    assignments: dict[int, Cell]
    moved: int
    swapped_with: int | None  # the former occupant, now in the mover's old place


def apply_move(
    problem: Problem,
    assignments: Mapping[int, Cell],
    proposal_id: int,
    cell: Cell,
    *,
    swap: bool = False,
    pinned: frozenset[int] = frozenset(),
) -> Move:
    """Put `proposal_id` into `cell`, or raise the SchedulingError of the rule it breaks.

    With `swap`, the occupant of `cell` takes the mover's old cell (or leaves
    the grid when the mover came from off the grid). Pinned occupants never
    move: unpin them first. Blocked cells and facilitator clashes are refused.
    """
    problem.proposal(proposal_id)  # raises not_found
    room_id, slot_id = cell
    if room_id not in problem.room_ids:
        raise SchedulingError(f"Room {room_id} is not in this event.", code="unknown_room")
    if slot_id not in problem.slots:
        raise SchedulingError(f"Slot {slot_id} is not in this event.", code="unknown_slot")
    if cell in problem.blocked:
        raise SchedulingError("That cell is blocked.", code="cell_blocked")
    new = dict(assignments)
    old_cell = new.pop(proposal_id, None)
    occupant = next((pid for pid, c in new.items() if c == cell), None)
    if occupant is not None:
        if not swap:
            raise SchedulingError(
                f"Proposal {occupant} already sits in that cell; send swap: true to swap.",
                code="cell_taken",
            )
        if occupant in pinned:
            raise SchedulingError(
                f"Proposal {occupant} is pinned to that cell; unpin it first.", code="cell_pinned"
            )
        del new[occupant]
        if old_cell is not None:
            new[occupant] = old_cell
    new[proposal_id] = cell
    _check_facilitators(problem, new, proposal_id)
    if occupant is not None and old_cell is not None:
        _check_facilitators(problem, new, occupant)
    return Move(assignments=new, moved=proposal_id, swapped_with=occupant)


def _check_facilitators(problem: Problem, assignments: Mapping[int, Cell], pid: int) -> None:
    slot_id = assignments[pid][1]
    mine = problem.proposal(pid).facilitators
    if not mine:
        return
    for other in problem.proposals:
        if other.id == pid or other.id not in assignments:
            continue
        if assignments[other.id][1] == slot_id and mine & other.facilitators:
            raise SchedulingError(
                f"A facilitator of proposal {pid} already leads proposal {other.id} in that slot.",
                code="facilitator_clash",
            )


CellPreview = tuple[str | None, Metrics | None]  # (refusal code, metrics if allowed)


def preview_moves(
    problem: Problem,
    assignments: Mapping[int, Cell],
    proposal_id: int,
    *,
    pinned: frozenset[int] = frozenset(),
) -> dict[Cell, CellPreview]:
    """For every cell: the refusal code of moving (swapping) `proposal_id` there, or its metrics."""
    result: dict[Cell, CellPreview] = {}
    for slot_id in problem.slots:
        for room in problem.rooms:
            cell = (room.id, slot_id)
            try:
                move = apply_move(problem, assignments, proposal_id, cell, swap=True, pinned=pinned)
            except SchedulingError as err:
                result[cell] = (err.code, None)
            else:
                result[cell] = (None, evaluate(problem, move.assignments))
    return result
