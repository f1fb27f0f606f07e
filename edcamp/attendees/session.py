"""Remembering which attendee this phone is, per event, in the signed session cookie."""

from __future__ import annotations

from flask import session

from edcamp.extensions import db
from edcamp.models import Attendee, Event

_KEY = "attendees"


def remember_attendee(attendee: Attendee) -> None:
    known = dict(session.get(_KEY, {}))
    known[str(attendee.event_id)] = attendee.id
    session[_KEY] = known
    session.permanent = True


def forget_attendee(event: Event) -> None:
    known = dict(session.get(_KEY, {}))
    known.pop(str(event.id), None)
    session[_KEY] = known


def session_attendee_ids() -> dict[int, int]:
    """The attendee this phone joined each event as (event id -> attendee id), unchecked
    against the database (an attendee may have been deleted since)."""
    known = session.get(_KEY, {})
    return {
        int(event_id): attendee_id
        for event_id, attendee_id in known.items()
        if event_id.isdigit() and isinstance(attendee_id, int)
    }


def session_attendee_id(event_id: int) -> int | None:
    """The attendee this phone joined ``event_id`` as, unchecked against the database."""
    return session_attendee_ids().get(event_id)


def session_attendee(event: Event) -> Attendee | None:
    attendee_id = session_attendee_id(event.id)
    if attendee_id is None:
        return None
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id or attendee.deleted_at is not None:
        return None
    return attendee
