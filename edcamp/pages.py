"""Helpers shared by the HTML views of every domain."""

from __future__ import annotations

from flask import flash
from flask_login import current_user

from edcamp.errors import DomainError, Forbidden
from edcamp.events.service import get_event
from edcamp.models import Event


def organizer_event(slug: str) -> Event:
    """The event, if the signed-in organizer runs it: 404 when unknown, 403 otherwise.

    Use under ``login_required``, which sends anonymous visitors to the sign-in page first.
    """
    event = get_event(slug)
    if not event.is_organizer(current_user):
        raise Forbidden("Only this event's organizers may see this page.")
    return event


def show_form_error(form, error: DomainError) -> None:
    """Show a domain error next to the field it names, or as a message above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
