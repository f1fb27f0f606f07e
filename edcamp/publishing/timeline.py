"""What runs when: slot sections with "now" and "next", filters, per-room views.

Pure functions over `ScheduleInfo` and an aware `now`; the pages render them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from edcamp.publishing.model import RoomInfo, ScheduleInfo, SessionInfo, SlotInfo


class When(enum.StrEnum):
    PAST = "past"
    NOW = "now"
    NEXT = "next"
    LATER = "later"


@dataclass(frozen=True)
class Section:
    slot: SlotInfo
    when: When
    sessions: tuple[SessionInfo, ...]


@dataclass(frozen=True)
class RoomNow:
    room: RoomInfo
    now: SessionInfo | None
    next: SessionInfo | None


def slot_states(slots: tuple[SlotInfo, ...], now: datetime) -> dict[int, When]:
    """Each slot's place relative to `now`: one NOW at most, and the slot after it NEXT."""
    states: dict[int, When] = {}
    next_given = False
    for slot in sorted(slots, key=lambda s: s.starts_at):
        if slot.ends_at <= now:
            states[slot.id] = When.PAST
        elif slot.starts_at <= now:
            states[slot.id] = When.NOW
        elif not next_given:
            states[slot.id] = When.NEXT
            next_given = True
        else:
            states[slot.id] = When.LATER
    return states


def matches(session: SessionInfo, *, room_id: int | None, tag: str | None) -> bool:
    if room_id is not None and session.room.id != room_id:
        return False
    return not (tag and tag.casefold() not in {t.casefold() for t in session.tags})


def sections(
    schedule: ScheduleInfo,
    now: datetime,
    *,
    room_id: int | None = None,
    tag: str | None = None,
    only: frozenset[int] | None = None,
) -> list[Section]:
    """Slots in time order, each with its (filtered) sessions in room order.

    `only` keeps just those session ids ("my schedule"). Slots left empty by a
    filter are dropped; with no filter every slot is kept.
    """
    states = slot_states(schedule.slots, now)
    room_order = {room.id: i for i, room in enumerate(schedule.rooms)}
    filtered = room_id is not None or bool(tag) or only is not None
    result = []
    for slot in sorted(schedule.slots, key=lambda s: s.starts_at):
        sessions = tuple(
            sorted(
                (
                    s
                    for s in schedule.sessions
                    if s.slot_id == slot.id
                    and not s.cancelled
                    and matches(s, room_id=room_id, tag=tag)
                    and (only is None or s.id in only)
                ),
                key=lambda s: (room_order.get(s.room.id, len(room_order)), s.id),
            )
        )
        if sessions or not filtered:
            result.append(Section(slot=slot, when=states[slot.id], sessions=sessions))
    return result


def tags(schedule: ScheduleInfo) -> list[str]:
    """Every tag on the grid, once, case-insensitively sorted."""
    seen: dict[str, str] = {}
    for session in schedule.sessions:
        for tag in session.tags:
            seen.setdefault(tag.casefold(), tag)
    return [seen[key] for key in sorted(seen)]


GRID_MAX_ROOMS = 12


def room_columns(schedule: ScheduleInfo) -> dict[int, int]:
    """Each room's column (1, 2 ...) in the laptop's rooms x times grid, in room order; empty
    when there are too many rooms for a grid (the list is shown instead)."""
    if not 0 < len(schedule.rooms) <= GRID_MAX_ROOMS:
        return {}
    return {room.id: i for i, room in enumerate(schedule.rooms, start=1)}


def happening(schedule: ScheduleInfo, now: datetime) -> list[RoomNow]:
    """For each room: the session running at `now` and the one after it."""
    result = []
    for room in schedule.rooms:
        mine = sorted(
            (s for s in schedule.sessions if s.room.id == room.id and not s.cancelled),
            key=lambda s: s.starts_at,
        )
        current = next((s for s in mine if s.starts_at <= now < s.ends_at), None)
        upcoming = next((s for s in mine if s.starts_at > now), None)
        result.append(RoomNow(room=room, now=current, next=upcoming))
    return result


def find_session(schedule: ScheduleInfo, session_id: int) -> SessionInfo | None:
    return next((s for s in schedule.sessions if s.id == session_id), None)


def find_room(schedule: ScheduleInfo, room_id: int) -> RoomInfo | None:
    return next((r for r in schedule.rooms if r.id == room_id), None)
