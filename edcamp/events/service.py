"""Events, their rooms and time slots, and who organizes them."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from edcamp.errors import Conflict, Forbidden, Invalid, NotFound
from edcamp.events.clock import read_clock
from edcamp.extensions import db
from edcamp.languages import clean_language
from edcamp.models import (
    BlockedCell,
    Event,
    Organizer,
    Room,
    Schedule,
    ScheduleEntry,
    Slot,
)
from edcamp.urls import MAX_ID

# No 0/O, 1/I/L: a code read off a poster across the hall must be typed right first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")
RESERVED_SLUGS = {"new", "join", "api", "static"}
MAX_VOTES = 50
MAX_CAPACITY = 10_000
# Year 1 or 9999 would overflow when times are converted to UTC for feeds and exports.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2199, 12, 31)


@dataclass
class EventDetails:
    name: str | None = None
    date: date | None = None
    timezone: str | None = None
    venue: str | None = None
    hashtag: str | None = None
    votes_per_attendee: int | None = None
    notes_url_template: str | None = None
    language: str | None = None


def get_event(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    return event


def validate_timezone(name: str) -> str:
    if name not in available_timezones():
        raise Invalid(
            f"'{name}' is not an IANA time zone (for example Europe/Berlin).", field="timezone"
        )
    return name


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.match(slug or "") or slug in RESERVED_SLUGS:
        raise Invalid(
            "The short name may use lowercase letters, digits and hyphens (2 to 64).",
            field="slug",
        )
    return slug


def _clean_hashtag(hashtag: str) -> str:
    tag = hashtag.strip().lstrip("#")
    if tag and not re.fullmatch(r"\w{1,60}", tag):
        raise Invalid("A hashtag has letters, digits and underscores only.", field="hashtag")
    return f"#{tag}" if tag else ""


def _clean_notes_template(template: str) -> str:
    template = template.strip()
    if template and not re.match(r"^https?://", template):
        raise Invalid(
            "The notes link must start with http:// or https://.", field="notes_url_template"
        )
    return template


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(select(exists().where(Event.join_code == code))):
            return code


def create_event(slug: str, details: EventDetails, *, by: Organizer) -> Event:
    if by.email_confirmed_at is None:
        raise Forbidden(
            "Confirm your email address first: open the link we mailed you (Account page).",
            code="email_unconfirmed",
        )
    slug = validate_slug(slug)
    if not details.name or not details.name.strip():
        raise Invalid("The event needs a name.", field="name")
    if details.date is None:
        raise Invalid("The event needs a date.", field="date")
    if not details.timezone:
        raise Invalid("The event needs a time zone.", field="timezone")
    if db.session.scalar(select(exists().where(Event.slug == slug))):
        raise Conflict("That short name is taken; choose another.", code="slug_taken", field="slug")
    event = Event(slug=slug, name="", date=details.date, timezone="UTC", join_code=new_join_code())
    event.organizers.append(by)
    update_event(event, details)
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another request took the slug between our check and this insert (PostgreSQL; SQLite
        # serialises writing requests). The transaction is spoilt: start afresh.
        db.session.rollback()
        raise Conflict(
            "That short name is taken; choose another.", code="slug_taken", field="slug"
        ) from error
    # The draft grid exists from the start, so reading it (the editor, GET schedule?draft=1)
    # never writes: GETs stay read-only and never queue for SQLite's write lock.
    db.session.add(Schedule(event_id=event.id, version=None))
    db.session.flush()
    return event


def update_event(event: Event, details: EventDetails) -> Event:
    if details.name is not None:
        if not details.name.strip():
            raise Invalid("The event needs a name.", field="name")
        event.name = details.name.strip()[:120]
    if details.date is not None:
        if not EARLIEST_DATE <= details.date <= LATEST_DATE:
            raise Invalid(
                f"The date must be between {EARLIEST_DATE.year} and {LATEST_DATE.year}.",
                field="date",
            )
        event.date = details.date
    if details.timezone is not None:
        event.timezone = validate_timezone(details.timezone)
    if details.venue is not None:
        event.venue = details.venue.strip()[:200]
    if details.hashtag is not None:
        event.hashtag = _clean_hashtag(details.hashtag)
    if details.votes_per_attendee is not None:
        if not 1 <= details.votes_per_attendee <= MAX_VOTES:
            raise Invalid(
                f"Votes per attendee must be between 1 and {MAX_VOTES}.",
                field="votes_per_attendee",
            )
        event.votes_per_attendee = details.votes_per_attendee
    if details.notes_url_template is not None:
        event.notes_url_template = _clean_notes_template(details.notes_url_template)
    if details.language is not None:
        event.language = clean_language(details.language)
    return event


def lock_event(event: Event) -> Event:
    """Serialise changes to one event's rooms, slots and organizers.

    Two organizers adding "Library" or overlapping slots at the same moment would both pass
    the check on PostgreSQL; the row lock makes the second wait and then see the first.
    (SQLite serialises writing requests already; there FOR UPDATE is left out.)
    """
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    db.session.expire(event, ["rooms", "slots", "organizers"])
    return event


# Rooms ---------------------------------------------------------------------------------


def _clean_room(name: str, capacity: int) -> tuple[str, int]:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("The room needs a name.", field="name")
    if len(name) > 80:
        raise Invalid("A room name is at most 80 characters.", field="name")
    if (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not (1 <= capacity <= MAX_CAPACITY)
    ):
        raise Invalid(
            f"Capacity must be a whole number from 1 to {MAX_CAPACITY}.", field="capacity"
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
            raise Invalid(f"'{field}' must be a list of words like 'projector'.", field=field)
        word = " ".join(value.lower().split())
        if len(word) > FEATURE_MAX_LENGTH:
            raise Invalid(
                f"Each of '{field}' is at most {FEATURE_MAX_LENGTH} characters.", field=field
            )
        if word and word not in cleaned:
            cleaned.append(word)
    if len(cleaned) > FEATURES_MAX:
        raise Invalid(f"'{field}' may hold at most {FEATURES_MAX} entries.", field=field)
    return sorted(cleaned)


def features_from_text(text: str | None, *, field: str = "features") -> list[str]:
    """A form's "projector, step-free" as the cleaned list."""
    return clean_features((text or "").split(","), field=field)


def get_room(event: Event, room_id: int) -> Room:
    room = db.session.get(Room, room_id) if 0 < room_id <= MAX_ID else None
    if room is None or room.event_id != event.id:
        raise NotFound("This event has no such room.", code="room_not_found")
    return room


def _room_name_taken(event: Event, name: str, except_id: int | None = None) -> bool:
    return any(r.name.lower() == name.lower() and r.id != except_id for r in event.rooms)


def add_room(event: Event, name: str, capacity: int, features: list[str] | None = None) -> Room:
    name, capacity = _clean_room(name, capacity)
    features = clean_features(features or [])
    lock_event(event)
    if _room_name_taken(event, name):
        raise Conflict(
            f"There is a room called '{name}' already.", code="room_exists", field="name"
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
            f"There is a room called '{new_name}' already.", code="room_exists", field="name"
        )
    room.name, room.capacity = new_name, new_capacity
    return room


def _in_use(column, value: int) -> bool:
    return bool(db.session.scalar(select(exists().where(column == value))))


def remove_room(room: Room) -> None:
    if _in_use(ScheduleEntry.room_id, room.id):
        raise Conflict("Sessions are scheduled in this room. Move them first.", code="room_in_use")
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
        raise Invalid(f"'{field}': {error}", field=field) from error


def get_slot(event: Event, slot_id: int) -> Slot:
    slot = db.session.get(Slot, slot_id) if 0 < slot_id <= MAX_ID else None
    if slot is None or slot.event_id != event.id:
        raise NotFound("This event has no such time slot.", code="slot_not_found")
    return slot


def clean_break_label(label: str | None) -> str:
    """'' for a slot of sessions; otherwise what the break is ("Lunch"), one line."""
    text = " ".join((label or "").split())
    if len(text) > 80:
        raise Invalid("A break's name is at most 80 characters.", field="break_label")
    return text


def set_break(slot: Slot, label: str | None) -> Slot:
    """Make a slot a break ("Lunch") or, with an empty label, a slot of sessions again."""
    text = clean_break_label(label)
    if text and _in_use(ScheduleEntry.slot_id, slot.id):
        raise Conflict(
            "Sessions are scheduled in this slot. Move them before making it a break.",
            code="slot_in_use",
            field="break_label",
        )
    slot.break_label = text
    return slot


def add_slot(event: Event, starts_at, ends_at, break_label: str | None = None) -> Slot:
    start = parse_clock(starts_at, "starts_at")
    end = parse_clock(ends_at, "ends_at")
    if end <= start:
        raise Invalid("A slot must end after it starts.", field="ends_at")
    lock_event(event)
    clash = next((s for s in event.slots if s.starts_at < end and start < s.ends_at), None)
    if clash is not None:
        raise Conflict(
            f"That overlaps the {clash.starts_at:%H:%M}-{clash.ends_at:%H:%M} slot.",
            code="slot_overlaps",
            field="starts_at",
        )
    slot = Slot(starts_at=start, ends_at=end, break_label=clean_break_label(break_label))
    event.slots.append(slot)
    db.session.flush()
    event.slots.sort(key=lambda s: s.starts_at)
    return slot


def remove_slot(slot: Slot) -> None:
    if _in_use(ScheduleEntry.slot_id, slot.id):
        raise Conflict("Sessions are scheduled in this slot. Move them first.", code="slot_in_use")
    db.session.execute(BlockedCell.__table__.delete().where(BlockedCell.slot_id == slot.id))
    slot.event.slots.remove(slot)


# Time --------------------------------------------------------------------------------------


def zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.timezone)


def local_datetime(event: Event, clock: time) -> datetime:
    """The aware datetime of a wall-clock time on the event's day, in the event's zone."""
    return datetime.combine(event.date, clock, tzinfo=zone(event))
