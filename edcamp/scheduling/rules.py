"""The hard rules of a grid, in one place for the builder, hand moves, the API and tests.

A rule is either *static* (it depends only on the proposal and the cell: blocked
cells, break slots, room features, the slot after a double session, facilitators'
availability) or *shared* (it depends on the other sessions: a cell taken twice, a
facilitator in two sessions of one slot, a pin that moved).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from edcamp.scheduling.problem import Cell, Problem, ProposalInput

# Messages are lazy (_l): the builder asks these rules many times and shows few answers;
# each is translated when shown, in the language of the page or API answer.


@dataclass(frozen=True)
class Violation:
    code: str
    message: str  # a lazy string: str() it in the language it is shown in
    proposal_id: int


def static_refusal(problem: Problem, proposal: ProposalInput, cell: Cell) -> tuple[str, str] | None:
    """Why `proposal` may never start at `cell` whatever else is on the grid, or None."""
    room_id, slot_id = cell
    if room_id not in problem.room_ids or slot_id not in problem.slots:
        return "unknown_cell", _l("Cell %(cell)s is not in this event.", cell=str(cell))
    covered = problem.covered(proposal, cell)
    if len(covered) < proposal.length:
        return "no_next_slot", _l(
            "A double session needs the next slot too, and this is the last one."
        )
    for _, slot in covered:
        if slot in problem.breaks:
            return "break_slot", _l("That slot is a break: no sessions.")
    for c in covered:
        if c in problem.blocked:
            return "cell_blocked", _l("That cell is blocked.")
    room = next(r for r in problem.rooms if r.id == room_id)
    missing = sorted(proposal.needs - room.features)
    if missing:
        return "needs_unmet", _l(
            "The room lacks what the session needs: %(needs)s.", needs=", ".join(missing)
        )
    if proposal.unavailable & {slot for _, slot in covered}:
        return "facilitator_unavailable", _l("A facilitator is not available in that slot.")
    return None


def violations(problem: Problem, assignments: Mapping[int, Cell]) -> list[Violation]:
    """Every broken hard rule of `assignments`; empty when the grid is valid."""
    found: list[Violation] = []
    by_id = {p.id: p for p in problem.proposals}
    taken: dict[Cell, int] = {}
    leaders: dict[tuple[int, int], int] = {}
    for pid, cell in sorted(assignments.items()):
        proposal = by_id.get(pid)
        if proposal is None:
            found.append(
                Violation("not_found", _l("Proposal %(id)s is not in this event.", id=pid), pid)
            )
            continue
        refusal = static_refusal(problem, proposal, cell)
        if refusal is not None:
            found.append(Violation(*refusal, pid))
            if refusal[0] == "unknown_cell":
                continue
        for c in problem.covered(proposal, cell):
            other = taken.setdefault(c, pid)
            if other != pid:
                found.append(
                    Violation(
                        "cell_taken",
                        _l(
                            "Proposals %(first)s and %(second)s share %(cell)s.",
                            first=other,
                            second=pid,
                            cell=str(c),
                        ),
                        pid,
                    )
                )
            for person in proposal.facilitators:
                lead = leaders.setdefault((person, c[1]), pid)
                if lead != pid:
                    found.append(
                        Violation(
                            "facilitator_clash",
                            _l(
                                "A facilitator leads %(first)s and %(second)s in one slot.",
                                first=lead,
                                second=pid,
                            ),
                            pid,
                        )
                    )
    for pid, cell in problem.pins.items():
        if assignments.get(pid) != cell:
            found.append(
                Violation("pin_moved", _l("Pinned proposal %(id)s left its cell.", id=pid), pid)
            )
    return found


def placement_refusal(
    problem: Problem, assignments: Mapping[int, Cell], proposal_id: int
) -> tuple[str, str] | None:
    """Why `proposal_id` may not sit where `assignments` puts it, given the others, or None."""
    proposal = problem.proposal(proposal_id)
    refusal = static_refusal(problem, proposal, assignments[proposal_id])
    if refusal is not None:
        return refusal
    mine = problem.covered(proposal, assignments[proposal_id])
    my_slots = {slot for _, slot in mine}
    for other in problem.proposals:
        if other.id == proposal_id or other.id not in assignments:
            continue
        theirs = problem.covered(other, assignments[other.id])
        if set(mine) & set(theirs):
            return "cell_taken", _l("Proposal %(id)s already sits in that cell.", id=other.id)
        if proposal.facilitators & other.facilitators and my_slots & {s for _, s in theirs}:
            return (
                "facilitator_clash",
                _l(
                    "A facilitator of proposal %(id)s already leads proposal %(other)s "
                    "in that slot.",
                    id=proposal_id,
                    other=other.id,
                ),
            )
    return None
