"""Who is calling the API: an organizer or an attendee, by bearer token or session cookie."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from edcamp.accounts import service as accounts
from edcamp.attendees import service as attendees
from edcamp.attendees.session import session_attendee, session_attendee_ids
from edcamp.errors import Forbidden, Unauthorized
from edcamp.models import Attendee, Event, Organizer

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def _check_csrf() -> None:
    """Cookie-authenticated writes must carry the page's CSRF token in X-CSRFToken."""
    if request.method in SAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken"))
    except (ValidationError, CSRFError) as error:
        raise Forbidden(
            _("This request needs a valid CSRF token (reload the page)."), code="csrf_failed"
        ) from error


def api_organizer() -> Organizer | None:
    token = bearer_token()
    if token is not None:
        return accounts.organizer_for_token(token)
    if current_user.is_authenticated:
        _check_csrf()
        return current_user._get_current_object()
    return None


def api_attendee(event: Event) -> Attendee | None:
    token = bearer_token()
    if token is not None:
        attendee = attendees.attendee_for_token(token)
        return attendee if attendee is not None and attendee.event_id == event.id else None
    attendee = session_attendee(event)
    if attendee is not None:
        _check_csrf()
    return attendee


def claimed_session_attendees() -> dict[int, int]:
    """The attendees a phone's session cookie holds (event id -> attendee id), with the
    write's CSRF token checked when it holds any; for a caller whose own query checks
    that the attendee still exists."""
    claims = session_attendee_ids()
    if claims:
        _check_csrf()
    return claims


def is_event_organizer(event: Event) -> bool:
    """True when the caller organizes this event; never raises (for 'anyone' routes)."""
    try:
        organizer = api_organizer()
    except Forbidden:
        return False
    return event.is_organizer(organizer)


def require_organizer() -> Organizer:
    organizer = api_organizer()
    if organizer is None:
        raise Unauthorized(_("Send an organizer token: Authorization: Bearer <token>."))
    return organizer


def require_event_organizer(event: Event) -> Organizer:
    organizer = require_organizer()
    if not event.is_organizer(organizer):
        raise Forbidden(_("Only this event's organizers may do that."))
    return organizer


def require_attendee(event: Event) -> Attendee:
    attendee = api_attendee(event)
    if attendee is None:
        raise Unauthorized(_("Join the event first and send your attendee token."))
    return attendee
