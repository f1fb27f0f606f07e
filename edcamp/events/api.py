"""JSON API for events, rooms and slots."""

from __future__ import annotations

from datetime import date

from flask import jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import is_event_organizer, require_event_organizer, require_organizer
from edcamp.api.inputs import (
    MISSING,
    boolean,
    choice,
    integer,
    json_body,
    moment,
    string,
    unknown_fields,
)
from edcamp.api.openapi import document
from edcamp.attendees.joining import rotate_join_code, set_joining
from edcamp.errors import Invalid
from edcamp.events import rooms_and_slots, service
from edcamp.events.serializers import event_json, room_json, slot_json
from edcamp.events.voting import KEEP, VotingChange, change_voting
from edcamp.extensions import db
from edcamp.signals import event_settings_changed

bp = api_blueprint("events_api", __name__)

EVENT_FIELDS = {
    "slug": "string",
    "name": "string",
    "date": "date",
    "timezone": "string",
    "venue?": "string",
    "hashtag?": "string",
    "votes_per_attendee?": "integer",
    "language?": "string",
}
EVENT_OUT = {
    "slug": "string",
    "name": "string",
    "date": "date",
    "timezone": "string",
    "voting": "string",
    "show_counts": "boolean",
    "language": "string",
    "joining": "string",
    "join_code?": "string",
    "joins?": "object",
}


ROOM_OUT = {"id": "integer", "name": "string", "capacity": "integer", "features": "array"}
SLOT_OUT = {"id": "integer", "starts_at": "string", "ends_at": "string", "break_label": "string"}


def _features(body: dict) -> list[str] | None:
    """PATCH semantics: absent keeps the room's features; [] or null clears them."""
    if "features" not in body:
        return None
    value = body["features"]
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(_("'features' must be a list of words like 'projector'."), field="features")
    return rooms_and_slots.clean_features(value)


def _date(body: dict, name: str, *, required: bool) -> date | None:
    value = string(body, name, required=required, max_length=10)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise Invalid(
            _("'%(name)s' must be a date like 2026-05-09.", name=name), field=name
        ) from error


def _details(body: dict, *, creating: bool) -> service.EventDetails:
    return service.EventDetails(
        name=string(body, "name", required=creating, max_length=120),
        date=_date(body, "date", required=creating),
        timezone=string(body, "timezone", required=creating, max_length=64),
        venue=string(body, "venue", max_length=200),
        hashtag=string(body, "hashtag", max_length=64),
        votes_per_attendee=integer(
            body, "votes_per_attendee", minimum=1, maximum=service.MAX_VOTES
        ),
        notes_url_template=string(body, "notes_url_template", max_length=500),
        language=string(body, "language", max_length=16),
    )


@bp.post("/events")
@document(
    "Create an event",
    auth="organizer",
    body=EVENT_FIELDS,
    returns=EVENT_OUT,
    status=201,
    errors=(409, 422),
)
def create_event():
    organizer = require_organizer()
    body = json_body()
    unknown_fields(body, {k.rstrip("?") for k in EVENT_FIELDS} | {"notes_url_template"})
    slug = string(body, "slug", required=True, max_length=64)
    event = service.create_event(slug, _details(body, creating=True), by=organizer)
    db.session.commit()
    return jsonify(event_json(event, for_organizer=True)), 201


@bp.get("/events/<slug>")
@document("An event, with rooms and slots (join_code only for its organizers)", returns=EVENT_OUT)
def get_event(slug: str):
    event = service.get_event(slug)
    return jsonify(event_json(event, for_organizer=is_event_organizer(event)))


@bp.patch("/events/<slug>")
@document(
    "Change an event, open or close voting, show or hide live counts",
    auth="organizer",
    body={
        "name?": "string",
        "venue?": "string",
        "votes_per_attendee?": "integer",
        "voting?": "string",
        "voting_closes_at?": "datetime",
        "show_counts?": "boolean",
        "hashtag?": "string",
        "timezone?": "string",
        "date?": "date",
        "notes_url_template?": "string",
        "language?": "string",
        "joining?": "string",
    },
    returns=EVENT_OUT,
    errors=(422,),
)
def patch_event(slug: str):
    event = service.get_event(slug)
    organizer = require_event_organizer(event)
    body = json_body()
    unknown_fields(
        body,
        {
            "name",
            "venue",
            "votes_per_attendee",
            "voting",
            "voting_closes_at",
            "show_counts",
            "hashtag",
            "timezone",
            "date",
            "notes_url_template",
            "language",
            "joining",
        },
    )
    details = _details(body, creating=False)
    joining = choice(body, "joining", ("open", "closed"))
    closes_at = moment(body, "voting_closes_at")
    voting = VotingChange(
        state=choice(body, "voting", ("open", "closed")),
        closes_at=KEEP if closes_at is MISSING else closes_at,
        show_counts=boolean(body, "show_counts"),
    )
    service.update_event(event, details)
    change_voting(event, voting)
    if joining is not None:
        set_joining(event, joining == "open", by=organizer)
    db.session.commit()
    event_settings_changed.send(event)
    return jsonify(event_json(event, for_organizer=True))


@bp.post("/events/<slug>/join-code")
@document(
    "Replace the join code: the old one, its posters and QR codes stop working at once",
    auth="organizer",
    returns={"join_code": "string"},
    errors=(401, 403, 404),
)
def rotate_code(slug: str):
    event = service.get_event(slug)
    organizer = require_event_organizer(event)
    code = rotate_join_code(event, by=organizer)
    db.session.commit()
    return jsonify({"join_code": code})


@bp.post("/events/<slug>/rooms")
@document(
    "Add a room",
    auth="organizer",
    body={"name": "string", "capacity": "integer", "features?": "array"},
    returns=ROOM_OUT,
    status=201,
    errors=(409, 422),
)
def add_room(slug: str):
    event = service.get_event(slug)
    require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"name", "capacity", "features"})
    room = rooms_and_slots.add_room(
        event,
        string(body, "name", required=True, max_length=80),
        integer(body, "capacity", required=True, minimum=1, maximum=rooms_and_slots.MAX_CAPACITY),
        _features(body),
    )
    db.session.commit()
    return jsonify(room_json(room)), 201


@bp.patch("/events/<slug>/rooms/<int:room_id>")
@document(
    "Rename a room, change its capacity or its features",
    auth="organizer",
    body={"name?": "string", "capacity?": "integer", "features?": "array"},
    returns=ROOM_OUT,
    errors=(409, 422),
)
def update_room(slug: str, room_id: int):
    event = service.get_event(slug)
    require_event_organizer(event)
    room = rooms_and_slots.get_room(event, room_id)
    body = json_body()
    unknown_fields(body, {"name", "capacity", "features"})
    rooms_and_slots.update_room(
        room,
        name=string(body, "name", max_length=80),
        capacity=integer(body, "capacity", minimum=1, maximum=rooms_and_slots.MAX_CAPACITY),
        features=_features(body),
    )
    db.session.commit()
    return jsonify(room_json(room))


@bp.delete("/events/<slug>/rooms/<int:room_id>")
@document(
    "Remove a room (only while nothing is scheduled there)",
    auth="organizer",
    status=204,
    errors=(409,),
)
def remove_room(slug: str, room_id: int):
    event = service.get_event(slug)
    require_event_organizer(event)
    rooms_and_slots.remove_room(rooms_and_slots.get_room(event, room_id))
    db.session.commit()
    return "", 204


@bp.post("/events/<slug>/slots")
@document(
    "Add a time slot (event-local HH:MM)",
    auth="organizer",
    body={"starts_at": "time", "ends_at": "time", "break_label?": "string"},
    returns=SLOT_OUT,
    status=201,
    errors=(409, 422),
)
def add_slot(slug: str):
    event = service.get_event(slug)
    require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"starts_at", "ends_at", "break_label"})
    for name in ("starts_at", "ends_at"):
        if name not in body:
            raise Invalid(_("'%(name)s' is required.", name=name), field=name)
    label = string(body, "break_label", max_length=80)
    slot = rooms_and_slots.add_slot(event, body["starts_at"], body["ends_at"], label)
    db.session.commit()
    return jsonify(slot_json(slot)), 201


@bp.patch("/events/<slug>/slots/<int:slot_id>")
@document(
    "Change a slot in place: its times (event-local HH:MM; sessions in it stay in it) and/or "
    "its break name (lunch, a smackdown: no sessions; null for a slot of sessions)",
    auth="organizer",
    body={"starts_at?": "time", "ends_at?": "time", "break_label?": "string"},
    returns=SLOT_OUT,
    errors=(409, 422),
)
def update_slot(slug: str, slot_id: int):
    event = service.get_event(slug)
    require_event_organizer(event)
    slot = rooms_and_slots.get_slot(event, slot_id)
    body = json_body()
    unknown_fields(body, {"starts_at", "ends_at", "break_label"})
    if not body:
        raise Invalid(
            _("Send 'starts_at', 'ends_at' or 'break_label' (null for a slot of sessions)."),
            field="break_label",
        )
    label = (
        string(body, "break_label", max_length=80, default="") if "break_label" in body else None
    )
    for name in ("starts_at", "ends_at"):
        if body.get(name, "") is None:
            raise Invalid(_("'%(name)s' cannot be null.", name=name), field=name)
    rooms_and_slots.update_slot(slot, body.get("starts_at"), body.get("ends_at"), label)
    db.session.commit()
    event_settings_changed.send(event)
    return jsonify(slot_json(slot))


@bp.delete("/events/<slug>/slots/<int:slot_id>")
@document(
    "Remove a time slot (only while nothing is scheduled in it)",
    auth="organizer",
    status=204,
    errors=(409,),
)
def remove_slot(slug: str, slot_id: int):
    event = service.get_event(slug)
    require_event_organizer(event)
    rooms_and_slots.remove_slot(rooms_and_slots.get_slot(event, slot_id))
    db.session.commit()
    return "", 204
