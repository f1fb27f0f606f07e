"""Whether a problem can have a valid grid at all: the builder's first step.

Bad input (duplicate ids, negative capacities, unknown values) is a SchedulingError
with code bad_input; pins that break a rule, or more forced-in sessions than free
cells, are an InfeasibleProblem whose code names the rule.
"""

from __future__ import annotations

from edcamp.scheduling.problem import FORCES, InfeasibleProblem, Problem, SchedulingError
from edcamp.scheduling.rules import violations

# A pin that breaks a rule has its own code, so the organizer knows it is the pin.
PIN_CODES = {
    "unknown_cell": "pin_unknown_cell",
    "cell_blocked": "pin_blocked",
    "cell_taken": "pin_clash",
    "facilitator_clash": "facilitator_clash",
}


def _check_input(problem: Problem) -> None:
    """SchedulingError(bad_input) on duplicate ids, negative capacities, unknown values."""
    for what, ids in (
        ("rooms", [r.id for r in problem.rooms]),
        ("slots", list(problem.slots)),
        ("proposals", [p.id for p in problem.proposals]),
    ):
        if len(set(ids)) != len(ids):
            raise SchedulingError(f"Two {what} share an id.", code="bad_input")
    for r in problem.rooms:
        if r.capacity < 0:
            raise SchedulingError(f"Room {r.id} has a negative capacity.", code="bad_input")
    for p in problem.proposals:
        if p.force not in FORCES:
            raise SchedulingError(f"Unknown force {p.force!r} on {p.id}.", code="bad_input")
        if p.length not in (1, 2):
            raise SchedulingError(f"Proposal {p.id} has length {p.length}.", code="bad_input")


def check_problem(problem: Problem) -> None:
    """Raise InfeasibleProblem (or SchedulingError) when no valid grid exists for `problem`."""
    _check_input(problem)
    by_id = {p.id: p for p in problem.proposals}
    for pid in sorted(problem.pins):
        if pid not in by_id:
            raise InfeasibleProblem(f"Pinned proposal {pid} is not in the event.", code="not_found")
        if by_id[pid].force == "exclude":
            raise InfeasibleProblem(
                f"Proposal {pid} is pinned but also left out.", code="pin_excluded"
            )
    for v in violations(problem, dict(problem.pins)):
        extra = " (more pins than cells)" if v.code == "cell_taken" else ""
        raise InfeasibleProblem(
            f"Pinned proposal {v.proposal_id}: {v.message}{extra}",
            code=PIN_CODES.get(v.code, f"pin_{v.code}"),
        )
    pinned_cells = sum(by_id[pid].length for pid in problem.pins)
    free = len(problem.cells()) - pinned_cells
    forced = sum(
        p.length for p in problem.proposals if p.force == "include" and p.id not in problem.pins
    )
    if forced > free:
        raise InfeasibleProblem(
            f"Proposals forced in need {forced} cells but only {free} free cells remain.",
            code="too_many_forced",
        )
