"""Helpers shared by the HTML views of every domain."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from edcamp.api.auth import api_organizer, bearer_token
from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError, Forbidden, Unauthorized, error_body
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.models import Attendee, Event

T = TypeVar("T")


def organizer_event(slug: str) -> Event:
    """The event, if the signed-in organizer runs it: 404 when unknown, 403 otherwise.

    Use under ``login_required``, which sends anonymous visitors to the sign-in page first.
    """
    event = get_event(slug)
    if not event.is_organizer(current_user):
        raise Forbidden(_("Only this event's organizers may see this page."))
    return event


def committed(change: Callable[[], T], *, failed: str = "") -> T | None:
    """Run a domain change and commit it. If a rule says no, roll back, flash the reason (put
    into ``failed`` where it says ``%(reason)s``, e.g. ``_("Not undone: %(reason)s")``) for the
    page the view redirects to, and return None."""
    try:
        result = change()
    except DomainError as error:
        db.session.rollback()
        flash(failed % {"reason": error.message} if failed else error.message, "error")
        return None
    db.session.commit()
    return result


def show_form_error(form, error: DomainError) -> None:
    """Show a domain error next to the field it names, or as a message above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


def organizer_file(view: Callable) -> Callable:
    """For GETs that give an event's organizers a file or an image (exports, QR codes).

    The contract lets an organizer's bearer token through as well as a signed-in browser.
    A browser with neither goes to sign in; a caller with a token gets JSON errors, whatever
    it Accepts. The view is called with the event instead of its slug.
    """

    @functools.wraps(view)
    def wrapper(slug: str, **kwargs):
        try:
            event = get_event(slug)
            organizer = api_organizer()
            if organizer is None:
                if bearer_token() is not None:
                    raise Unauthorized(_("That organizer token is not valid."))
                return redirect(url_for("accounts.login", next=request.full_path))
            if not event.is_organizer(organizer):
                raise Forbidden(_("Only this event's organizers may download this."))
            return view(event, **kwargs)
        except DomainError as error:
            if bearer_token() is None:
                raise
            body = error_body(error.code, error.message, field=error.field)
            return jsonify(body), error.status

    return wrapper


class NeedsJoin(Exception):
    """An attendee page opened on a phone that has not joined: send it to the join page."""

    def __init__(self, event: Event) -> None:
        super().__init__(event.slug)
        self.event = event


def attendee_page(slug: str) -> tuple[Event, Attendee]:
    """The event and this phone's attendee; raises NeedsJoin when the phone has not joined."""
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        raise NeedsJoin(event)
    return event, attendee


def _send_to_join_page(error: NeedsJoin):
    return redirect(url_for("attendees.join", slug=error.event.slug))


def init_pages(app: Flask) -> None:
    app.register_error_handler(NeedsJoin, _send_to_join_page)
