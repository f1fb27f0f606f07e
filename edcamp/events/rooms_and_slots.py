"""An event's rooms and time slots: the two axes of its grid."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _
from sqlalchemy import exists, select

from edcamp.errors import Conflict, Invalid, NotFound
from edcamp.events.clock import read_clock
from edcamp.events.service import lock_event
from edcamp.extensions import db
from edcamp.formatting import clock
from edcamp.models import BlockedCell, Event, Room, ScheduleEntry, Slot
from edcamp.urls import MAX_ID

MAX_CAPACITY = 10_000


# Rooms ---------------------------------------------------------------------------------


def _clean_room(name: str, capacity: int) -> tuple[str, int]:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(_("The room needs a name."), field="name")
    if len(name) > 80:
        raise Invalid(_("A room name is at most 80 characters."), field="name")
    if (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not (1 <= capacity <= MAX_CAPACITY)
    ):
        raise Invalid(
            _("Capacity must be a whole number from 1 to %(max)d.", max=MAX_CAPACITY),
            field="capacity",
        )
    return name, capacity


FEATURES_MAX = 12
FEATURE_MAX_LENGTH = 40
SUGGESTED_FEATURES = ("projector", "step-free", "quiet", "outdoor", "kitchen", "whiteboard")


def clean_features(values: list[str], *, field: str = "features") -> list[str]:
    """Room features and session needs in one vocabulary: lower case, single spaces, unique."""
    cleaned: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise Invalid(
                _("'%(field)s' must be a list of words like 'projector'.", field=field), field=field
            )
        word = " ".join(value.lower().split())
        if len(word) > FEATURE_MAX_LENGTH:
            raise Invalid(
                _(
                    "Each of '%(field)s' is at most %(max)d characters.",
                    field=field,
                    max=FEATURE_MAX_LENGTH,
                ),
                field=field,
            )
        if word and word not in cleaned:
            cleaned.append(word)
    if len(cleaned) > FEATURES_MAX:
        raise Invalid(
            _("'%(field)s' may hold at most %(max)d entries.", field=field, max=FEATURES_MAX),
            field=field,
        )
    return sorted(cleaned)


def features_from_text(text: str | None, *, field: str = "features") -> list[str]:
    """A form's "projector, step-free" as the cleaned list."""
    return clean_features((text or "").split(","), field=field)


def get_room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id) if 0 < room_id <= MAX_ID else None
    if room is None or room.event_id != event.id:
        raise NotFound(_("This event has no such room."), code="room_not_found")
    return room


def _room_name_taken(event: Event, name: str, except_id: int | None = None) -> bool:
    return any(r.name.lower() == name.lower() and r.id != except_id for r in event.rooms)


def add_room(event: Event, name: str, capacity: int, features: list[str] | None = None) -> Room:
    name, capacity = _clean_room(name, capacity)
    features = clean_features(features or [])
    lock_event(event)
    if _room_name_taken(event, name):
        raise Conflict(
            _("There is a room called '%(name)s' already.", name=name),
            code="room_exists",
            field="name",
        )
    room = Room(name=name, capacity=capacity, position=len(event.rooms), features=features)
    event.rooms.append(room)
    db.session.flush()
    return room


def update_room(
    room: Room,
    *,
    name: str | None = None,
    capacity: int | None = None,
    features: list[str] | None = None,
) -> Room:
    new_name, new_capacity = _clean_room(
        room.name if name is None else name, room.capacity if capacity is None else capacity
    )
    if features is not None:
        room.features = clean_features(features)
    lock_event(room.event)
    if _room_name_taken(room.event, new_name, except_id=room.id):
        raise Conflict(
            _("There is a room called '%(name)s' already.", name=new_name),
            code="room_exists",
            field="name",
        )
    room.name, room.capacity = new_name, new_capacity
    return room


def _in_use(column, value: int) -> bool:
    return bool(db.session.scalar(select(exists().where(column == value))))


def remove_room(room: Room) -> None:
    if _in_use(ScheduleEntry.room_id, room.id):
        raise Conflict(
            _("Sessions are scheduled in this room. Move them first."), code="room_in_use"
        )
    db.session.execute(BlockedCell.__table__.delete().where(BlockedCell.room_id == room.id))
    room.event.rooms.remove(room)


# Time slots ------------------------------------------------------------------------------


def parse_clock(value, field: str) -> time:
    """A time of day as people type it (9:30, 9.30, 9:30am: see :mod:`edcamp.events.clock`)."""
    if isinstance(value, time):
        return value
    try:
        return read_clock(value)
    except ValueError as error:
        raise Invalid(
            _("'%(field)s': %(problem)s", field=field, problem=str(error)), field=field
        ) from error


def get_slot(event: Event, slot_id: int) -> Slot:
    slot = db.session.get(Slot, slot_id) if 0 < slot_id <= MAX_ID else None
    if slot is None or slot.event_id != event.id:
        raise NotFound(_("This event has no such time slot."), code="slot_not_found")
    return slot


def clean_break_label(label: str | None) -> str:
    """'' for a slot of sessions; otherwise what the break is ("Lunch"), one line."""
    text = " ".join((label or "").split())
    if len(text) > 80:
        raise Invalid(_("A break's name is at most 80 characters."), field="break_label")
    return text


def set_break(slot: Slot, label: str | None) -> Slot:
    """Make a slot a break ("Lunch") or, with an empty label, a slot of sessions again."""
    text = clean_break_label(label)
    if text and _in_use(ScheduleEntry.slot_id, slot.id):
        raise Conflict(
            _("Sessions are scheduled in this slot. Move them before making it a break."),
            code="slot_in_use",
            field="break_label",
        )
    slot.break_label = text
    return slot


def _clean_times(event: Event, starts_at, ends_at, *, except_id: int | None = None):
    start = parse_clock(starts_at, "starts_at")
    end = parse_clock(ends_at, "ends_at")
    if end <= start:
        raise Invalid(_("A slot must end after it starts."), field="ends_at")
    lock_event(event)
    clash = next(
        (s for s in event.slots if s.id != except_id and s.starts_at < end and start < s.ends_at),
        None,
    )
    if clash is not None:
        raise Conflict(
            _(
                "That overlaps the %(starts)s-%(ends)s slot.",
                starts=clock(clash.starts_at),
                ends=clock(clash.ends_at),
            ),
            code="slot_overlaps",
            field="starts_at",
        )
    return start, end


def add_slot(event: Event, starts_at, ends_at, break_label: str | None = None) -> Slot:
    start, end = _clean_times(event, starts_at, ends_at)
    slot = Slot(starts_at=start, ends_at=end, break_label=clean_break_label(break_label))
    event.slots.append(slot)
    db.session.flush()
    event.slots.sort(key=lambda s: s.starts_at)
    return slot


def update_slot(slot: Slot, starts_at=None, ends_at=None, break_label: str | None = None) -> Slot:
    """Change a slot in place: its times (None keeps them) and, if given, its break name.

    Sessions in it stay in it; the published schedule shows the new times at once.
    """
    start, end = _clean_times(
        slot.event,
        slot.starts_at if starts_at is None else starts_at,
        slot.ends_at if ends_at is None else ends_at,
        except_id=slot.id,
    )
    if break_label is not None:
        set_break(slot, break_label)
    slot.starts_at, slot.ends_at = start, end
    slot.event.slots.sort(key=lambda s: s.starts_at)
    return slot


def remove_slot(slot: Slot) -> None:
    if _in_use(ScheduleEntry.slot_id, slot.id):
        raise Conflict(
            _("Sessions are scheduled in this slot. Move them first."), code="slot_in_use"
        )
    db.session.execute(BlockedCell.__table__.delete().where(BlockedCell.slot_id == slot.id))
    slot.event.slots.remove(slot)
