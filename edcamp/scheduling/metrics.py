"""Metrics of a grid and the hard rules a manual change must keep.

`evaluate` recounts from scratch (the builder's search keeps its own
incremental counts); `apply_move` is what the grid editor and the API call
to move, swap or place one session by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from edcamp.scheduling.problem import Cell, Metrics, Problem, SchedulingError
from edcamp.scheduling.rules import placement_refusal


def evaluate(problem: Problem, assignments: Mapping[int, Cell]) -> Metrics:
    """Conflicts, overflow and votes honoured of `assignments`, as CONTRACT.md defines them."""
    capacity = {r.id: r.capacity for r in problem.rooms}
    by_id = {p.id: p for p in problem.proposals}
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    starts: set[tuple[int, int]] = set()  # (attendee, slot) where a voted session begins
    overflow = 0
    for pid, (room_id, slot_id) in assignments.items():
        proposal = by_id.get(pid)
        if proposal is None:
            raise SchedulingError(
                _l("Proposal %(id)s is not in this event.", id=pid), code="not_found"
            )
        if room_id not in capacity:
            raise SchedulingError(
                _l("Room %(id)s is not in this event.", id=room_id), code="unknown_room"
            )
        overflow += max(0, proposal.votes - capacity[room_id])
        for _, slot in problem.covered(proposal, (room_id, slot_id)):  # a double: both slots
            for attendee in proposal.voters:
                groups[(attendee, slot)].append(pid)
                if slot == slot_id:
                    starts.add((attendee, slot))
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
        # one honoured vote per attendee and slot where a voted session begins
        votes_honoured=len(starts),
        conflict_share=share,
        clashing_voters=clashing,
    )


@dataclass(frozen=True)
class Move:
    assignments: dict[int, Cell]
    moved: int
    swapped_with: int | None  # the former occupant, now in the mover's old place


def _require_cell(problem: Problem, cell: Cell) -> None:
    room_id, slot_id = cell
    if room_id not in problem.room_ids:
        raise SchedulingError(
            _l("Room %(id)s is not in this event.", id=room_id), code="unknown_room"
        )
    if slot_id not in problem.slots:
        raise SchedulingError(
            _l("Slot %(id)s is not in this event.", id=slot_id), code="unknown_slot"
        )


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
    proposal = problem.proposal(proposal_id)  # raises not_found
    _require_cell(problem, cell)
    new = dict(assignments)
    old_cell = new.pop(proposal_id, None)
    wanted = set(problem.covered(proposal, cell))
    occupants = sorted(
        pid for pid, c in new.items() if wanted & set(problem.covered(problem.proposal(pid), c))
    )
    occupant = occupants[0] if len(occupants) == 1 else None
    if occupants:
        if not swap:
            raise SchedulingError(
                _l(
                    "Proposal %(id)s already sits in that cell; send swap: true to swap.",
                    id=occupants[0],
                ),
                code="cell_taken",
            )
        if occupant is None:
            raise SchedulingError(
                _l("A double session would push out two sessions; move one of them first."),
                code="cell_taken",
            )
        if occupant in pinned:
            raise SchedulingError(
                _l("Proposal %(id)s is pinned to that cell; unpin it first.", id=occupant),
                code="cell_pinned",
            )
        del new[occupant]
        if old_cell is not None:
            new[occupant] = old_cell
    new[proposal_id] = cell
    for pid in (proposal_id, occupant):
        if pid is not None and pid in new:
            refusal = placement_refusal(problem, new, pid)
            if refusal is not None:
                code, message = refusal
                if pid != proposal_id:
                    message = _l(
                        "Swapped into this session's place, proposal %(id)s: %(problem)s",
                        id=pid,
                        problem=message,
                    )
                raise SchedulingError(message, code=code)
    return Move(assignments=new, moved=proposal_id, swapped_with=occupant)


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


def published_moves(problem: Problem, assignments: Mapping[int, Cell]) -> list[int]:
    """Published sessions (`problem.anchors`) still proposed that `assignments` moves or drops."""
    visible = {p.id for p in problem.proposals}
    return sorted(
        pid
        for pid, cell in problem.anchors.items()
        if pid in visible and assignments.get(pid) != cell
    )
