"""Whether a problem can have a valid grid at all: the builder's first step.

Bad input (duplicate ids, negative capacities, unknown values) is a SchedulingError
with code bad_input; pins that break a rule, or more forced-in sessions than free
cells, are an InfeasibleProblem whose code names the rule.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

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
    for message, ids in (
        (_l("Two rooms share an id."), [r.id for r in problem.rooms]),
        (_l("Two slots share an id."), list(problem.slots)),
        (_l("Two proposals share an id."), [p.id for p in problem.proposals]),
    ):
        if len(set(ids)) != len(ids):
            raise SchedulingError(message, code="bad_input")
    for r in problem.rooms:
        if r.capacity < 0:
            raise SchedulingError(
                _l("Room %(id)s has a negative capacity.", id=r.id), code="bad_input"
            )
    for p in problem.proposals:
        if p.force not in FORCES:
            raise SchedulingError(
                _l("Unknown force %(force)r on %(id)s.", force=p.force, id=p.id), code="bad_input"
            )
        if p.length not in (1, 2):
            raise SchedulingError(
                _l("Proposal %(id)s has length %(length)s.", id=p.id, length=p.length),
                code="bad_input",
            )


def check_problem(problem: Problem) -> None:
    """Raise InfeasibleProblem (or SchedulingError) when no valid grid exists for `problem`."""
    _check_input(problem)
    by_id = {p.id: p for p in problem.proposals}
    for pid in sorted(problem.pins):
        if pid not in by_id:
            raise InfeasibleProblem(
                _l("Pinned proposal %(id)s is not in the event.", id=pid), code="not_found"
            )
        if by_id[pid].force == "exclude":
            raise InfeasibleProblem(
                _l("Proposal %(id)s is pinned but also left out.", id=pid), code="pin_excluded"
            )
    for v in violations(problem, dict(problem.pins)):
        raise InfeasibleProblem(
            _l(
                "Pinned proposal %(id)s: %(problem)s (more pins than cells)",
                id=v.proposal_id,
                problem=v.message,
            )
            if v.code == "cell_taken"
            else _l("Pinned proposal %(id)s: %(problem)s", id=v.proposal_id, problem=v.message),
            code=PIN_CODES.get(v.code, f"pin_{v.code}"),
        )
    pinned_cells = sum(by_id[pid].length for pid in problem.pins)
    free = len(problem.cells()) - pinned_cells
    forced = sum(
        p.length for p in problem.proposals if p.force == "include" and p.id not in problem.pins
    )
    if forced > free:
        raise InfeasibleProblem(
            ngettext(
                "Proposals forced in need %(forced)s cells but only %(num)d free cell remains.",
                "Proposals forced in need %(forced)s cells but only %(num)d free cells remain.",
                free,
                forced=forced,
            ),
            code="too_many_forced",
        )
