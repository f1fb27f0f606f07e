"""The schedule of an event in the database: draft grid, manual edits, published versions.

Every function takes plain values and models, raises domain errors and never
touches `request`; callers commit. The grid itself is computed by the pure
builder (`edcamp.scheduling.builder`) on a `Problem` loaded here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, select

from edcamp.errors import Conflict, DomainError, Invalid, NotFound
from edcamp.events.rooms_and_slots import get_room, get_slot
from edcamp.extensions import db
from edcamp.models import (
    Attendee,
    BlockedCell,
    Event,
    Facilitator,
    Proposal,
    Schedule,
    ScheduleEntry,
    Vote,
)
from edcamp.scheduling.metrics import CellPreview, Move, apply_move, evaluate, preview_moves
from edcamp.scheduling.problem import (
    FORCES,
    Cell,
    Grid,
    Metrics,
    Problem,
    ProposalInput,
    RoomInput,
    SchedulingError,
)

MAX_TIME_LIMIT_S = 30.0


def domain_error(error: SchedulingError) -> DomainError:
    """The HTTP-facing error of a scheduling rule."""
    if error.code in ("not_found", "unknown_room", "unknown_slot"):
        return NotFound(str(error.message), code=error.code)
    if error.code == "bad_input":
        return Invalid(str(error.message), code=error.code)
    return Conflict(str(error.message), code=error.code)


# -- reading -------------------------------------------------------------------


def draft_schedule(event: Event) -> Schedule:
    """The event's one work-in-progress grid, made with the event (``create_event``; the
    migration 2026_11_30 gave older events theirs), so reading it never writes."""
    draft = db.session.scalar(
        select(Schedule).where(Schedule.event_id == event.id, Schedule.version.is_(None))
    )
    if draft is None:
        raise LookupError(f"event {event.id} has no draft schedule")
    return draft


def latest_published(event: Event) -> Schedule | None:
    return db.session.scalar(
        select(Schedule)
        .where(Schedule.event_id == event.id, Schedule.version.is_not(None))
        .order_by(Schedule.version.desc())
        .limit(1)
    )


def visible_proposals(event: Event) -> list[Proposal]:
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.event_id == event.id,
                Proposal.hidden.is_(False),
                Proposal.merged_into_id.is_(None),
            )
            .order_by(Proposal.id)
        )
    )


def _people(pairs, ids: list[int]) -> dict[int, set[int]]:
    """proposal id -> attendee ids, from (proposal_id, attendee_id) rows."""
    found: dict[int, set[int]] = defaultdict(set)
    for pid, attendee in db.session.execute(pairs.where(pairs.selected_columns[0].in_(ids))):
        found[pid].add(attendee)
    return found


def _away(leaders: dict[int, set[int]], slot_ids: set[int]) -> dict[int, frozenset[int]]:
    """proposal id -> the slots one of its facilitators cannot make."""
    people = {a for group in leaders.values() for a in group}
    unavailable = {
        a.id: set(a.unavailable_slot_ids or []) & slot_ids
        for a in db.session.scalars(select(Attendee).where(Attendee.id.in_(people)))
    }
    return {
        pid: frozenset(s for a in group for s in unavailable.get(a, ()))
        for pid, group in leaders.items()
    }


def load_problem(event: Event, draft: Schedule | None = None, *, move_cost: int = 0) -> Problem:
    """The builder's input: visible proposals with voters and rules, rooms, slots, pins.

    The newest published version's cells are the anchors of a stable rebuild; the builder
    only weighs them when `move_cost` is above 0.
    """
    proposals = visible_proposals(event)
    ids = [p.id for p in proposals]
    voters = _people(select(Vote.proposal_id, Vote.attendee_id), ids)
    leaders = _people(select(Facilitator.proposal_id, Facilitator.attendee_id), ids)
    away = _away(leaders, {s.id for s in event.slots})
    blocked = frozenset(
        (room_id, slot_id)
        for room_id, slot_id in db.session.execute(
            select(BlockedCell.room_id, BlockedCell.slot_id).where(BlockedCell.event_id == event.id)
        )
    )
    visible = set(ids)
    pins = {
        e.proposal_id: (e.room_id, e.slot_id)
        for e in (draft.entries if draft is not None else [])
        if e.pinned and e.proposal_id in visible
    }
    published = latest_published(event)
    anchors = {
        e.proposal_id: (e.room_id, e.slot_id)
        for e in (published.entries if published is not None else [])
        if e.proposal_id in visible
    }
    return Problem(
        proposals=tuple(
            ProposalInput(
                p.id,
                frozenset(voters[p.id]),
                frozenset(leaders[p.id]),
                p.schedule_mode if p.schedule_mode in FORCES else "auto",  # type: ignore[arg-type]
                needs=frozenset(p.needs or ()),
                length=2 if p.length == 2 else 1,
                unavailable=away.get(p.id, frozenset()),
            )
            for p in proposals
        ),
        rooms=tuple(RoomInput(r.id, r.capacity, frozenset(r.features or ())) for r in event.rooms),
        slots=tuple(s.id for s in event.slots),
        blocked=blocked,
        pins=pins,
        breaks=frozenset(s.id for s in event.slots if s.break_label),
        anchors=anchors,
        move_cost=move_cost,
    )


@dataclass(frozen=True)
class GridState:
    """A grid with everything the editor and the API show about it."""

    event: Event
    schedule: Schedule | None
    problem: Problem
    assignments: dict[int, Cell]
    pinned: frozenset[int]
    metrics: Metrics

    @property
    def unscheduled(self) -> list[int]:
        return [
            p.id
            for p in sorted(self.problem.proposals, key=lambda p: (-p.votes, p.id))
            if p.id not in self.assignments
        ]


def state_of(event: Event, schedule: Schedule | None, problem: Problem, grid: Grid) -> GridState:
    """The state of a grid the builder proposes, before (or without) saving it."""
    return GridState(event, schedule, problem, dict(grid.assignments), grid.pinned, grid.metrics)


def _state(event: Event, schedule: Schedule | None, problem: Problem) -> GridState:
    visible = {p.id for p in problem.proposals}
    entries = schedule.entries if schedule is not None else []
    assignments = {
        e.proposal_id: (e.room_id, e.slot_id) for e in entries if e.proposal_id in visible
    }
    pinned = frozenset(e.proposal_id for e in entries if e.pinned and e.proposal_id in visible)
    return GridState(event, schedule, problem, assignments, pinned, evaluate(problem, assignments))


def draft_state(event: Event) -> GridState:
    draft = draft_schedule(event)
    return _state(event, draft, load_problem(event, draft))


def published_state(event: Event) -> GridState:
    """The newest published version, with metrics on today's votes."""
    return _state(event, latest_published(event), load_problem(event))


# -- building and editing the draft -----------------------------------------------


def save(draft: Schedule, assignments: dict[int, Cell], pinned: frozenset[int]) -> None:
    db.session.execute(delete(ScheduleEntry).where(ScheduleEntry.schedule_id == draft.id))
    db.session.expire(draft, ["entries"])
    for pid, (room_id, slot_id) in sorted(assignments.items()):
        db.session.add(
            ScheduleEntry(
                schedule_id=draft.id,
                proposal_id=pid,
                room_id=room_id,
                slot_id=slot_id,
                pinned=pid in pinned,
            )
        )
    db.session.flush()
    db.session.expire(draft, ["entries"])


def require_visible(problem: Problem, proposal_id: int) -> None:
    """NotFound unless the proposal is a visible (not hidden, not merged) one of the problem."""
    if not any(p.id == proposal_id for p in problem.proposals):
        raise NotFound(
            _("Proposal %(id)s is not a visible proposal of this event.", id=proposal_id)
        )


def move(
    event: Event,
    proposal_id: int,
    room_id: int,
    slot_id: int,
    *,
    pinned: bool = True,
    swap: bool = False,
) -> tuple[GridState, Move]:
    """Put a proposal into a cell by hand (pinned unless told otherwise)."""
    get_room(event, room_id)  # 404 for unknown or other events' rooms
    get_slot(event, slot_id)
    state = draft_state(event)
    require_visible(state.problem, proposal_id)
    try:
        result = apply_move(
            state.problem,
            state.assignments,
            proposal_id,
            (room_id, slot_id),
            swap=swap,
            pinned=state.pinned - {proposal_id},
        )
    except SchedulingError as error:
        raise domain_error(error) from error
    keep = {pid for pid in state.pinned if pid != proposal_id and pid in result.assignments}
    if pinned:
        keep.add(proposal_id)
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is not None and proposal.schedule_mode == "exclude":
        proposal.schedule_mode = "auto"  # placed by hand: no longer left out
    assert state.schedule is not None
    save(state.schedule, result.assignments, frozenset(keep))
    return _state(event, state.schedule, state.problem), result


def take_off(event: Event, proposal_id: int) -> GridState:
    """Take a proposal off the draft grid (repeating is a no-op)."""
    state = draft_state(event)
    require_visible(state.problem, proposal_id)
    assignments = {k: v for k, v in state.assignments.items() if k != proposal_id}
    assert state.schedule is not None
    save(state.schedule, assignments, state.pinned - {proposal_id})
    return _state(event, state.schedule, state.problem)


def preview(event: Event, proposal_id: int) -> tuple[GridState, dict[Cell, CellPreview]]:
    """For every cell: why moving (swapping) the proposal there is refused, or its metrics."""
    state = draft_state(event)
    require_visible(state.problem, proposal_id)
    cells = preview_moves(
        state.problem, state.assignments, proposal_id, pinned=state.pinned - {proposal_id}
    )
    return state, cells


def set_mode(event: Event, proposal_id: int, mode: str) -> GridState:
    """Force a proposal onto the grid at the next build ("include"), leave it out, or "auto"."""
    if mode not in FORCES:
        raise Invalid(_("'mode' must be one of: %(modes)s.", modes=", ".join(FORCES)), field="mode")
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.event_id != event.id:
        raise NotFound(_("Proposal %(id)s is not in this event.", id=proposal_id))
    proposal.schedule_mode = mode
    if mode == "exclude":
        return take_off(event, proposal_id)
    db.session.flush()
    return draft_state(event)


def block(event: Event, room_id: int, slot_id: int) -> GridState:
    """Close a cell; a session sitting there leaves the grid (a pinned one: 409)."""
    get_room(event, room_id)
    get_slot(event, slot_id)
    state = draft_state(event)
    occupant = next((p for p, c in state.assignments.items() if c == (room_id, slot_id)), None)
    if occupant is not None and occupant in state.pinned:
        raise Conflict(
            _("Proposal %(id)s is pinned to that cell; unpin or move it first.", id=occupant),
            code="cell_pinned",
        )
    if db.session.get(BlockedCell, (room_id, slot_id)) is None:
        db.session.add(BlockedCell(room_id=room_id, slot_id=slot_id, event_id=event.id))
    if occupant is not None:
        return take_off(event, occupant)
    db.session.flush()
    return draft_state(event)


def unblock(event: Event, room_id: int, slot_id: int) -> GridState:
    get_room(event, room_id)
    get_slot(event, slot_id)
    cell = db.session.get(BlockedCell, (room_id, slot_id))
    if cell is not None:
        db.session.delete(cell)
        db.session.flush()
    return draft_state(event)
