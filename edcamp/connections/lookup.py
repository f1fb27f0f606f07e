"""Finding the person an id names, the same way for every connection rule."""

from __future__ import annotations

from flask_babel import gettext as _

from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, Event
from edcamp.urls import MAX_ID


def person_in(event: Event | int, attendee_id: object) -> Attendee:
    """A live attendee of this event (or event id), or "no such person": ids of other
    events, erased people, wrong types and out-of-range numbers all answer the same."""
    event_id = event if isinstance(event, int) else event.id
    person = None
    if (
        isinstance(attendee_id, int)
        and not isinstance(attendee_id, bool)
        and 0 < attendee_id <= MAX_ID
    ):
        person = db.session.get(Attendee, attendee_id)
    if person is None or person.event_id != event_id or person.deleted_at is not None:
        raise NotFound(_("There is no such person in this event."), code="attendee_not_found")
    return person
