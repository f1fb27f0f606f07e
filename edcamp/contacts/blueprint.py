"""The contacts blueprints; route modules attach to them (see ``edcamp.contacts.routes``)."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for

from edcamp.api import api_blueprint
from edcamp.attendees.session import session_attendee
from edcamp.events.service import get_event
from edcamp.models import Attendee, Event

bp = Blueprint("contacts", __name__)
api = api_blueprint("contacts_api", __name__)


class NeedsJoin(Exception):
    """An attendee page opened on a phone that has not joined: send it to the join page."""

    def __init__(self, event: Event) -> None:
        super().__init__(event.slug)
        self.event = event


@bp.errorhandler(NeedsJoin)
def _needs_join(error: NeedsJoin):
    return redirect(url_for("attendees.join", slug=error.event.slug))


def attendee_page(slug: str) -> tuple[Event, Attendee]:
    """The event and this phone's attendee; raises NeedsJoin when the phone has not joined."""
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        raise NeedsJoin(event)
    return event, attendee
