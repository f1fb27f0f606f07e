"""Building the draft from the votes, as a preview or for real, and saving a previewed grid.

After a publish, people have put sessions in their calendars: a rebuild weighs each
published session it would move at `move_cost` objective points (conflicts +
overflow), so it only moves one when that gains clearly more. The editor first asks
for a preview ("this rebuild moves 3 published sessions"), then saves exactly the
grid it showed with `apply_grid`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from edcamp.errors import Conflict, Invalid
from edcamp.models import Event
from edcamp.scheduling.builder import DEFAULT_TIME_LIMIT_S, build_grid
from edcamp.scheduling.metrics import published_moves
from edcamp.scheduling.problem import Cell, InfeasibleProblem
from edcamp.scheduling.rules import violations
from edcamp.scheduling.service import (
    MAX_TIME_LIMIT_S,
    GridState,
    domain_error,
    draft_schedule,
    draft_state,
    load_problem,
    save,
    state_of,
)

DEFAULT_MOVE_COST = 10  # a published session moves only to save more than 10 clashes or seats
MAX_MOVE_COST = 10_000


@dataclass(frozen=True)
class Rebuild:
    state: GridState
    saved: bool
    move_cost: int
    published_moves: list[int]  # published sessions this grid moves or takes off


def build(
    event: Event,
    *,
    time_limit_s: float | None = None,
    seed: int = 0,
    move_cost: int = DEFAULT_MOVE_COST,
    save_it: bool = True,
) -> Rebuild:
    """Rebuild the draft from the votes (keeping pins, leaving blocked cells and breaks empty).

    With `save_it` False nothing is written: the caller shows the grid and its moves.
    """
    limit = DEFAULT_TIME_LIMIT_S if time_limit_s is None else time_limit_s
    if not 0 < limit <= MAX_TIME_LIMIT_S:
        raise Invalid(
            _(
                "'time_limit_s' must be above 0 and at most %(max)s.",
                max=format(MAX_TIME_LIMIT_S, "g"),
            ),
            field="time_limit_s",
        )
    if isinstance(move_cost, bool) or not 0 <= move_cost <= MAX_MOVE_COST:
        raise Invalid(
            _("'move_cost' must be a whole number from 0 to %(max)d.", max=MAX_MOVE_COST),
            field="move_cost",
        )
    draft = draft_schedule(event)
    problem = load_problem(event, draft, move_cost=move_cost)
    try:
        grid = build_grid(problem, time_limit_s=limit, seed=seed)
    except InfeasibleProblem as error:
        raise domain_error(error) from error
    if save_it:
        save(draft, grid.assignments, grid.pinned)
    state = state_of(event, draft, problem, grid)
    return Rebuild(state, save_it, move_cost, published_moves(problem, grid.assignments))


def apply_grid(event: Event, assignments: Mapping[int, Cell]) -> GridState:
    """Save a grid the organizer previewed, if it still keeps every rule of today's input.

    Votes, rooms or pins may have changed since the preview: then 409 `grid_outdated`
    (rebuild and look again) rather than a grid that breaks a rule.
    """
    state = draft_state(event)
    visible = {p.id for p in state.problem.proposals}
    unknown = sorted(set(assignments) - visible)
    if unknown:
        raise Conflict(
            _("Proposal %(id)s is no longer a visible proposal of this event.", id=unknown[0]),
            code="grid_outdated",
        )
    broken = violations(state.problem, assignments)
    if broken:
        raise Conflict(
            _(
                "The grid no longer fits today's rules (%(rule)s); rebuild and check.",
                rule=str(broken[0].message),
            ),
            code="grid_outdated",
        )
    assert state.schedule is not None
    pinned = frozenset(pid for pid in state.pinned if pid in assignments)
    save(state.schedule, dict(assignments), pinned)
    return draft_state(event)
