"""Plain, frozen data that the publishing builders read.

The builders (iCal, frab/c3voc, pages) never see the database: the service
turns the published schedule into these values, and tests build them by hand.
Every datetime here is timezone-aware.
"""

from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from edcamp.attendees.public import PublicPerson


class Status(enum.StrEnum):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class EventInfo:
    slug: str
    name: str
    date: date
    timezone: str
    base_url: str
    venue: str = ""
    hashtag: str = ""
    language: str = "en"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def url(self) -> str:
        return f"{self.base_url}/events/{self.slug}"


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    capacity: int | None = None
    url: str = ""


@dataclass(frozen=True)
class SlotInfo:
    id: int
    starts_at: datetime
    ends_at: datetime
    break_label: str = ""  # a break ("Lunch"): no sessions, shown as what it is


@dataclass(frozen=True)
class SessionInfo:
    id: int
    guid: str
    title: str
    room: RoomInfo
    starts_at: datetime
    ends_at: datetime
    url: str
    description: str = ""
    tags: tuple[str, ...] = ()
    # Public names only (edcamp.attendees.public): "a participant" for whoever did not consent.
    facilitators: tuple[str, ...] = ()
    persons: tuple[PublicPerson, ...] = ()
    sequence: int = 0
    notes_url: str = ""
    video_url: str = ""
    language: str = ""  # empty: the event's
    status: Status = Status.CONFIRMED
    slot_id: int | None = None

    @property
    def cancelled(self) -> bool:
        return self.status is Status.CANCELLED


@dataclass(frozen=True)
class ScheduleInfo:
    """One published version of an event's grid."""

    event: EventInfo
    version: int
    published_at: datetime
    rooms: tuple[RoomInfo, ...] = ()
    slots: tuple[SlotInfo, ...] = ()
    sessions: tuple[SessionInfo, ...] = field(default=())
    # Cancelled: sessions an earlier version had that this one has not ...
    gone: tuple[SessionInfo, ...] = ()
    # ... and, per room they left (their `room`), sessions that moved away or went.
    left_rooms: tuple[SessionInfo, ...] = ()

    def sessions_in(self, room_id: int) -> tuple[SessionInfo, ...]:
        return tuple(s for s in self.sessions if s.room.id == room_id)

    def event_feed(self) -> tuple[SessionInfo, ...]:
        """What the whole-event calendar lists: the grid, plus cancellations."""
        return self.sessions + self.gone

    def room_feed(self, room_id: int) -> tuple[SessionInfo, ...]:
        return self.sessions_in(room_id) + tuple(s for s in self.left_rooms if s.room.id == room_id)


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment` as wall time in `tz`, always a real one.

    Going through UTC matters: `astimezone` to the datetime's own zone is a
    no-op, so wall-clock arithmetic (01:30 + 1 h on a spring-forward day)
    would otherwise keep a local time that never exists.
    """
    return moment.astimezone(UTC).astimezone(tz)


def is_ambiguous(local: datetime) -> bool:
    """True for wall times that occur twice (the hour repeated at fall-back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def session_guid(base_url: str, event_slug: str, session_id: int) -> str:
    """A UUID that stays the same for a session across versions and moves."""
    name = f"{base_url}/events/{event_slug}/sessions/{session_id}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def break_guid(base_url: str, event_slug: str, slot_id: int) -> str:
    """A UUID for a break slot ("Lunch") in the conference feeds, stable across versions."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/events/{event_slug}/breaks/{slot_id}"))


def room_guid(base_url: str, event_slug: str, room_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}/events/{event_slug}/rooms/{room_id}"))


def slugify(text: str, *, sep: str = "-") -> str:
    """ASCII lowercase words joined by `sep`; empty when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return sep.join(words)


def notes_url(template: str, *, event_slug: str, session_id: int, session_slug: str) -> str:
    """Fill an organizer's notes URL template (`{event}`, `{session}`, `{slug}`)."""
    if not template:
        return ""
    return (
        template.replace("{event}", event_slug)
        .replace("{session}", str(session_id))
        .replace("{slug}", session_slug)
    )
