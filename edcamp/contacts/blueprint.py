"""The contacts blueprints; route modules attach to them (see ``edcamp.contacts.routes``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from edcamp.api import api_blueprint
from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError, Forbidden
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


def organizer_page(slug: str) -> Event:
    """The event, if the signed-in organizer runs it (use under ``login_required``)."""
    event = get_event(slug)
    if not event.is_organizer(current_user):
        raise Forbidden("Only this event's organizers may see this page.")
    return event


def form_error(form, error: DomainError) -> None:
    """Show a domain error next to the field it names, or as a message above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
