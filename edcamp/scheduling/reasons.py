"""Why a proposal is off the grid, and what would make room for it.

A pure function of the problem and a grid, so the editor and the API give the same
answer. The most specific rule wins: left out by hand, then a rule no cell of the
event can meet (needs, two consecutive slots, availability), then cells that exist
but are taken, then the votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from edcamp.scheduling.problem import Cell, Problem, ProposalInput
from edcamp.scheduling.rules import static_refusal


@dataclass(frozen=True)
class Reason:
    code: str  # the rule: left_out, needs_unmet, no_consecutive_slots, ...
    message: str  # which rule keeps it off (lazy: translated when shown)
    fix: str  # what would make room (lazy too)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self.message), "fix": str(self.fix)}


def _rule_everywhere(problem: Problem, p: ProposalInput) -> Reason | None:
    """The rule that refuses every open cell of the event, if one does."""
    refusals = {static_refusal(problem, p, (r.id, s)) for s in problem.slots for r in problem.rooms}
    if None in refusals:
        return None
    codes = {code for code, _ in refusals if code is not None}  # type: ignore[union-attr]
    features = set().union(*(r.features for r in problem.rooms)) if problem.rooms else set()
    if p.needs and not any(p.needs <= r.features for r in problem.rooms):
        missing = ", ".join(sorted(p.needs - features) or sorted(p.needs))
        return Reason(
            "needs_unmet",
            _l("No room has everything it needs (%(needs)s).", needs=", ".join(sorted(p.needs))),
            _l(
                "Give a room these features (%(missing)s), or edit the session's needs.",
                missing=missing,
            ),
        )
    if "facilitator_unavailable" in codes:
        return Reason(
            "facilitator_unavailable",
            _l("Its facilitators are away in every slot where it could go."),
            _l("Ask a facilitator to change their availability, or add a slot they can make."),
        )
    if p.length > 1:
        return Reason(
            "no_consecutive_slots",
            _l("A double session needs two consecutive open slots in one room, and none are left."),
            _l("Unblock a cell, add a slot next to another, or make it a single session."),
        )
    return Reason(
        "no_open_cell",
        _l("Every cell is blocked or a break."),
        _l("Unblock a cell or add a room or a slot."),
    )


@dataclass(frozen=True)
class _Occupancy:
    cells: frozenset[Cell]  # every cell a session on the grid covers
    leading: dict[int, set[int]]  # slot id -> facilitators busy there

    @classmethod
    def of(cls, problem: Problem, assignments: Mapping[int, Cell]) -> _Occupancy:
        cells: set[Cell] = set()
        leading: dict[int, set[int]] = {s: set() for s in problem.slots}
        for pid, cell in assignments.items():
            p = problem.proposal(pid)
            for c in problem.covered(p, cell):
                cells.add(c)
                leading.setdefault(c[1], set()).update(p.facilitators)
        return cls(frozenset(cells), leading)


def _cells_taken(problem: Problem, busy: _Occupancy, p: ProposalInput) -> Reason:
    """Some cells could hold it: say whether others sit there or its facilitators are busy."""
    codes = set()
    for slot in problem.slots:
        for room in problem.rooms:
            if static_refusal(problem, p, (room.id, slot)) is not None:
                continue
            covered = problem.covered(p, (room.id, slot))
            if any(c in busy.cells for c in covered):
                codes.add("cell_taken")
            elif any(p.facilitators & busy.leading[c[1]] for c in covered):
                codes.add("facilitator_clash")
            else:
                codes.add(None)
    if None in codes:
        return Reason(
            "cell_free",
            _l("A free cell could take it; it is simply not on the grid yet."),
            _l("Move it there by hand, or rebuild the grid."),
        )
    if codes == {"facilitator_clash"}:
        return Reason(
            "facilitator_busy",
            _l("Its facilitators lead other sessions in every slot with a cell that would fit."),
            _l("Move one of their other sessions to free a slot for this one."),
        )
    return Reason(
        "grid_full",
        _l("Every cell it could use holds a session with more votes (or one forced in)."),
        _l("Force it in, add a room or a slot, or take a session off the grid."),
    )


def why_unscheduled(problem: Problem, assignments: Mapping[int, Cell]) -> dict[int, Reason]:
    """proposal id -> why it is off the grid, for every proposal of `problem` not on it."""
    reasons: dict[int, Reason] = {}
    busy = _Occupancy.of(problem, assignments)
    for p in problem.proposals:
        if p.id in assignments:
            continue
        if p.force == "exclude":
            reasons[p.id] = Reason(
                "left_out",
                _l("An organizer left it out."),
                _l("Set it back to 'votes decide' or force it in."),
            )
            continue
        reasons[p.id] = _rule_everywhere(problem, p) or _cells_taken(problem, busy, p)
    return reasons
