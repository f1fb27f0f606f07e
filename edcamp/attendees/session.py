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


def session_attendee_id(event_id: int) -> int | None:
    """The attendee this phone joined ``event_id`` as, unchecked against the database
    (the attendee may have been deleted since)."""
    attendee_id = session.get(_KEY, {}).get(str(event_id))
    return attendee_id if isinstance(attendee_id, int) else None


def session_attendee(event: Event) -> Attendee | None:
    attendee_id = session_attendee_id(event.id)
    if attendee_id is None:
        return None
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id or attendee.deleted_at is not None:
        return None
    return attendee
