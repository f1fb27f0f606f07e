"""JSON API of the schedule: build, move, pin, take off, block, read, publish."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import is_event_organizer, require_event_organizer
from edcamp.api.inputs import boolean, choice, integer, json_body, string, unknown_fields
from edcamp.api.openapi import document
from edcamp.errors import Invalid
from edcamp.events.service import get_event
from edcamp.events.voting import vote_counts_hidden
from edcamp.extensions import db
from edcamp.scheduling import availability, rebuild, service, versions
from edcamp.scheduling.problem import FORCES
from edcamp.scheduling.serializers import (
    GRID_OUT,
    changes_json,
    grid_json,
    moves_summary,
    schedule_time,
    without_counts,
)
from edcamp.signals import schedule_published

bp = api_blueprint("scheduling_api", __name__)


def _organizer_event(slug: str):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    return event, organizer


@bp.post("/events/<slug>/schedule/build")
@document(
    "Build the draft grid from the votes (keeps pins, leaves blocked cells and breaks empty); "
    "each published session it moves costs move_cost; preview: true saves nothing",
    auth="organizer",
    body={
        "time_limit_s?": "number",
        "seed?": "integer",
        "move_cost?": "integer",
        "preview?": "boolean",
    },
    returns={**GRID_OUT, "rebuild": "object"},
    errors=(401, 403, 404, 409, 422),
)
def build(slug: str):
    event = _organizer_event(slug)[0]
    body = json_body()
    unknown_fields(body, {"time_limit_s", "seed", "move_cost", "preview"})
    limit = body.get("time_limit_s")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | float)):
        raise Invalid(_("'time_limit_s' must be a number of seconds."), field="time_limit_s")
    seed = integer(body, "seed", minimum=0, maximum=2**31, default=0)
    cost = integer(body, "move_cost", minimum=0, maximum=rebuild.MAX_MOVE_COST)
    preview = boolean(body, "preview", default=False)
    result = rebuild.build(
        event,
        time_limit_s=limit,
        seed=seed,
        move_cost=rebuild.DEFAULT_MOVE_COST if cost is None else cost,
        save_it=not preview,
    )
    grid = grid_json(result.state, draft=True)
    if preview:
        db.session.rollback()  # a preview writes nothing (not even a first draft row)
    else:
        db.session.commit()
    moves = result.published_moves
    grid["rebuild"] = {
        "saved": result.saved,
        "move_cost": result.move_cost,
        "published_moves": moves,
        "summary": moves_summary(len(moves)),
    }
    return jsonify(grid)


@bp.put("/events/<slug>/schedule")
@document(
    "Save a previewed grid as the draft (409 grid_outdated when it no longer fits the rules)",
    auth="organizer",
    body={"assignments": "object[]"},
    returns=GRID_OUT,
    errors=(401, 403, 404, 409, 422),
)
def apply(slug: str):
    event = _organizer_event(slug)[0]
    body = json_body()
    unknown_fields(body, {"assignments"})
    rows = body.get("assignments")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise Invalid(_("'assignments' must be a list of cells."), field="assignments")
    cells: dict[int, tuple[int, int]] = {}
    for row in rows:
        pid = integer(row, "proposal_id", required=True, minimum=1)
        if pid in cells:
            raise Invalid(_("Proposal %(id)s appears twice.", id=pid), field="assignments")
        cells[pid] = (
            integer(row, "room_id", required=True, minimum=1),
            integer(row, "slot_id", required=True, minimum=1),
        )
    state = rebuild.apply_grid(event, cells)
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.put("/events/<slug>/rooms/<int:room_id>/blocked/<int:slot_id>")
@document(
    "Block one cell of the grid (a session sitting there leaves the grid)",
    auth="organizer",
    returns=GRID_OUT,
    errors=(401, 403, 404, 409),
)
def block_cell(slug: str, room_id: int, slot_id: int):
    event = _organizer_event(slug)[0]
    state = service.block(event, room_id, slot_id)
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.delete("/events/<slug>/rooms/<int:room_id>/blocked/<int:slot_id>")
@document("Free a blocked cell", auth="organizer", returns=GRID_OUT, errors=(401, 403, 404))
def unblock_cell(slug: str, room_id: int, slot_id: int):
    event = _organizer_event(slug)[0]
    state = service.unblock(event, room_id, slot_id)
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.put("/events/<slug>/schedule/<int:proposal_id>")
@document(
    "Put a session into a cell by hand; 409 cell_taken unless swap is true",
    auth="organizer",
    body={"room_id": "integer", "slot_id": "integer", "pinned?": "boolean", "swap?": "boolean"},
    returns={**GRID_OUT, "swapped_with": "integer"},
    errors=(401, 403, 404, 409, 422),
)
def place(slug: str, proposal_id: int):
    event = _organizer_event(slug)[0]
    body = json_body()
    unknown_fields(body, {"room_id", "slot_id", "pinned", "swap"})
    room_id = integer(body, "room_id", required=True, minimum=1)
    slot_id = integer(body, "slot_id", required=True, minimum=1)
    pinned = boolean(body, "pinned", default=True)
    swap = boolean(body, "swap", default=False)
    state, move = service.move(event, proposal_id, room_id, slot_id, pinned=pinned, swap=swap)
    db.session.commit()
    return jsonify({**grid_json(state, draft=True), "swapped_with": move.swapped_with})


@bp.delete("/events/<slug>/schedule/<int:proposal_id>")
@document("Take a session off the grid", auth="organizer", returns=GRID_OUT, errors=(401, 403, 404))
def take_off(slug: str, proposal_id: int):
    event = _organizer_event(slug)[0]
    state = service.take_off(event, proposal_id)
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.put("/events/<slug>/schedule/<int:proposal_id>/mode")
@document(
    "Force a proposal onto the grid, leave it out, or let the votes decide",
    auth="organizer",
    body={"mode": "string"},
    returns=GRID_OUT,
    errors=(401, 403, 404, 422),
)
def set_mode(slug: str, proposal_id: int):
    event = _organizer_event(slug)[0]
    body = json_body()
    unknown_fields(body, {"mode"})
    mode = choice(body, "mode", FORCES)
    if mode is None:
        raise Invalid(_("'mode' is required."), field="mode")
    state = service.set_mode(event, proposal_id, mode)
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.put("/events/<slug>/facilitators/<int:facilitator_id>/availability")
@document(
    "Set the slots a facilitator cannot make (the builder keeps their sessions out; a "
    "session already there shows in the draft's warnings)",
    auth="organizer",
    body={"unavailable_slot_ids": "integer[]"},
    returns=GRID_OUT,
    errors=(401, 403, 404, 422),
)
def set_availability(slug: str, facilitator_id: int):
    event = _organizer_event(slug)[0]
    body = json_body()
    unknown_fields(body, {"unavailable_slot_ids"})
    if "unavailable_slot_ids" not in body:
        raise Invalid(_("'unavailable_slot_ids' is required."), field="unavailable_slot_ids")
    state = availability.set_availability(event, facilitator_id, body["unavailable_slot_ids"])
    db.session.commit()
    return jsonify(grid_json(state, draft=True))


@bp.get("/events/<slug>/schedule/<int:proposal_id>/preview")
@document(
    "For every cell: what moving (swapping) this session there would give, or why it can't",
    auth="organizer",
    returns={"proposal_id": "integer", "cells": "object[]"},
    errors=(401, 403, 404),
)
def preview(slug: str, proposal_id: int):
    event = _organizer_event(slug)[0]
    state, previews = service.preview(event, proposal_id)
    now = state.metrics
    cells = []
    for (room_id, slot_id), (code, metrics) in previews.items():
        item: dict = {"room_id": room_id, "slot_id": slot_id, "allowed": code is None}
        if code is not None:
            item["reason"] = code
        elif metrics is not None:
            item["conflicts"] = metrics.conflicts
            item["overflow"] = metrics.overflow
            item["conflicts_delta"] = metrics.conflicts - now.conflicts
            item["overflow_delta"] = metrics.overflow - now.overflow
        cells.append(item)
    return jsonify({"proposal_id": proposal_id, "cells": cells})


@bp.get("/events/<slug>/schedule")
@document(
    "The published schedule (organizers: ?draft=1 for the draft), with metrics",
    returns=GRID_OUT,
    errors=(401, 403, 404),
)
def read(slug: str):
    event = get_event(slug)
    if request.args.get("draft") not in (None, "", "0", "false"):
        require_event_organizer(event)
        return jsonify(grid_json(service.draft_state(event), draft=True))
    body = grid_json(service.published_state(event), draft=False)
    if vote_counts_hidden(event) and not is_event_organizer(event):
        body = without_counts(body)
    return jsonify(body)


@bp.post("/events/<slug>/schedule/publish")
@document(
    "Publish the draft: feeds and public pages now show this version. With expect (the draft's "
    "changes.fingerprint), a draft that changed since answers 409 draft_changed",
    auth="organizer",
    body={"expect?": "string"},
    returns={"version": "integer", "published_at": "datetime", "changes": "object"},
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def publish(slug: str):
    event, organizer = _organizer_event(slug)
    body = json_body()
    unknown_fields(body, {"expect"})
    diff = versions.check_unchanged(event, string(body, "expect", max_length=64))
    details = changes_json(event, diff)
    schedule = versions.publish(event, by=organizer)
    db.session.commit()
    schedule_published.send(event, version=schedule.version)
    body = {
        "version": schedule.version,
        "published_at": schedule_time(event, schedule.published_at),
        "changes": details,
    }
    return jsonify(body), 201
