"""Events as JSON: every time carries the event's UTC offset."""

from __future__ import annotations

from datetime import UTC

from edcamp.attendees.joining import join_rate
from edcamp.events.service import local_datetime, zone
from edcamp.events.voting import voting_is_open
from edcamp.models import Event, Room, Slot


def room_json(room: Room) -> dict:
    return {
        "id": room.id,
        "name": room.name,
        "capacity": room.capacity,
        "features": list(room.features or []),
    }


def slot_json(slot: Slot) -> dict:
    event = slot.event
    return {
        "id": slot.id,
        "starts_at": local_datetime(event, slot.starts_at).isoformat(),
        "ends_at": local_datetime(event, slot.ends_at).isoformat(),
        "break_label": slot.break_label or None,
    }


def event_json(event: Event, *, for_organizer: bool = False) -> dict:
    closes_at = (
        event.voting_closes_at.replace(tzinfo=UTC).astimezone(zone(event)).isoformat()
        if event.voting_closes_at
        else None
    )
    data = {
        "slug": event.slug,
        "name": event.name,
        "date": event.date.isoformat(),
        "timezone": event.timezone,
        "venue": event.venue,
        "hashtag": event.hashtag,
        "votes_per_attendee": event.votes_per_attendee,
        "voting": "open" if voting_is_open(event) else "closed",
        "voting_closes_at": closes_at,
        "show_counts": event.show_counts,
        "joining": "open" if event.joining_open else "closed",
        "language": event.language,
        "rooms": [room_json(r) for r in event.rooms],
        "slots": [slot_json(s) for s in event.slots],
    }
    if for_organizer:
        data["join_code"] = event.join_code
        rate = join_rate(event)
        data["joins"] = {
            "last_minute": rate.last_minute,
            "last_10_minutes": rate.last_10_minutes,
            "per_minute": list(rate.per_minute),
        }
        data["organizers"] = [o.email for o in event.organizers]
    return data
