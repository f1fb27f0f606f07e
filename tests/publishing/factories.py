"""Plain schedule data for the publishing tests (no database)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from edcamp.attendees.public import PublicPerson
from edcamp.publishing.model import (
    EventInfo,
    RoomInfo,
    ScheduleInfo,
    SessionInfo,
    SlotInfo,
    Status,
    session_guid,
)

BASE_URL = "https://edcamp.example.org"


def make_person(name: str, *, named: bool = True) -> PublicPerson:
    """A facilitator as public outputs see them; ids derived from the name (stable)."""
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE_URL}/test-people/{name}")
    return PublicPerson(
        id=guid.int % (2**31 - 1) + 1, guid=str(guid), public_name=name, named=named
    )


def make_event(**kw: object) -> EventInfo:
    values: dict[str, object] = {
        "slug": "edcamp-boston-2026",
        "name": "Edcamp Boston 2026",
        "date": date(2026, 7, 18),
        "timezone": "America/New_York",
        "base_url": BASE_URL,
        "venue": "Boston Latin School",
        "hashtag": "edcampbos",
    }
    values.update(kw)
    return EventInfo(**values)  # type: ignore[arg-type]


def make_rooms(event: EventInfo, count: int) -> tuple[RoomInfo, ...]:
    return tuple(
        RoomInfo(
            id=i,
            name=f"Room {100 + i}",
            capacity=20 + i,
            url=f"{event.url}/rooms/{i}",
        )
        for i in range(1, count + 1)
    )


def make_session(
    event: EventInfo,
    session_id: int,
    room: RoomInfo,
    starts_at: datetime,
    minutes: int = 45,
    **kw: object,
) -> SessionInfo:
    values: dict[str, object] = {
        "id": session_id,
        "guid": session_guid(event.base_url, event.slug, session_id),
        "title": f"Session {session_id}: Ünïcode, commas; and semicolons",
        "room": room,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
        "url": f"{event.url}/sessions/{session_id}",
        "description": f"What we will talk about in session {session_id}.\nA second line.",
        "tags": ("math", "k-5"),
        "facilitators": ("Ada Lovelace", "Grace Hopper"),
        "notes_url": f"https://notes.example.org/{event.slug}/{session_id}",
    }
    values.update(kw)
    if "persons" not in kw:
        values["persons"] = tuple(
            make_person(name)
            for name in values["facilitators"]  # type: ignore[union-attr]
        )
    return SessionInfo(**values)  # type: ignore[arg-type]


def make_schedule(
    event: EventInfo | None = None,
    *,
    rooms: int = 3,
    slot_starts: tuple[tuple[int, int], ...] = ((9, 0), (10, 0), (11, 15), (13, 0)),
    minutes: int = 45,
    version: int = 1,
    cancelled: tuple[int, ...] = (),
) -> ScheduleInfo:
    """A full grid: every room holds a session in every slot."""
    event = event or make_event()
    tz = ZoneInfo(event.timezone)
    room_list = make_rooms(event, rooms)
    slots = tuple(
        SlotInfo(
            id=i,
            starts_at=datetime(event.date.year, event.date.month, event.date.day, h, m, tzinfo=tz),
            ends_at=datetime(event.date.year, event.date.month, event.date.day, h, m, tzinfo=tz)
            + timedelta(minutes=minutes),
        )
        for i, (h, m) in enumerate(slot_starts, start=1)
    )
    sessions = []
    next_id = 1
    for slot in slots:
        for room in room_list:
            status = Status.CANCELLED if next_id in cancelled else Status.CONFIRMED
            sessions.append(
                make_session(
                    event, next_id, room, slot.starts_at, minutes, slot_id=slot.id, status=status
                )
            )
            next_id += 1
    return ScheduleInfo(
        event=event,
        version=version,
        published_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        rooms=room_list,
        slots=slots,
        sessions=tuple(sessions),
    )
