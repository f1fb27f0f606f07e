"""Asking to connect, and answering: the rules, in one place for the pages and the API.

Privacy rules held here:
- the person asked sees the asker's name, kind and message; the asker sees nothing of the
  person asked beyond what was already shown to them, until they accept;
- whether a request was ignored, or the asker blocked, the asker is never told: to them it
  stays "waiting for an answer";
- only people the asker could already see (listed in the contact lists, looking for a
  partner class, or who asked them) can be asked: anyone else is "no such person".
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from edcamp.connections import blocks, mails
from edcamp.connections.lookup import person_in
from edcamp.connections.sharing import clean_shares
from edcamp.contacts.people import consenting
from edcamp.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests
from edcamp.extensions import db
from edcamp.models import Attendee, Connection, Event, PartnerListing, utcnow
from edcamp.models.connections import OPEN_STATUSES
from edcamp.urls import MAX_ID

KINDS = {
    "stay_in_touch": _l("Let's stay in touch"),
    "collaborate": _l("Let's collaborate on a project"),
}
MAX_MESSAGE = 500


def clean_message(text: str | None) -> str:
    """Trimmed, at most 500 characters; line breaks kept, other control characters refused."""
    text = (text or "").replace("\r\n", "\n").strip()
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise Invalid(_("The message must not contain control characters."), field="message")
    if len(text) > MAX_MESSAGE:
        raise Invalid(
            ngettext(
                "The message is at most %(num)d character.",
                "The message is at most %(num)d characters.",
                MAX_MESSAGE,
            ),
            field="message",
        )
    return text


def clean_kind(kind: str | None) -> str:
    kind = kind or "stay_in_touch"
    if kind not in KINDS:
        raise Invalid(_("'kind' must be one of: %(kinds)s.", kinds=", ".join(KINDS)), field="kind")
    return kind


def listed_to_attendees(person: Attendee) -> bool:
    """Shown to the event's attendees already: in the contact lists, or a partner listing."""
    if consenting(person):
        return True
    return db.session.get(PartnerListing, person.id) is not None


def _between(a: Attendee, b: Attendee):
    return or_(
        (Connection.from_id == a.id) & (Connection.to_id == b.id),
        (Connection.from_id == b.id) & (Connection.to_id == a.id),
    )


def standing(a: Attendee, b: Attendee) -> list[Connection]:
    """The requests between two people that still stand, in either direction."""
    query = select(Connection).where(_between(a, b), Connection.status.in_(OPEN_STATUSES))
    return list(db.session.scalars(query.order_by(Connection.id)))


def findable(viewer: Attendee, person: Attendee) -> bool:
    """Whether ``viewer`` may see this person's name and ask them to connect."""
    if listed_to_attendees(person):
        return True
    return any(
        c.status == "accepted" or (c.from_id == person.id and c.status != "withdrawn")
        for c in standing(viewer, person)
    )


def askable_person(asker: Attendee, attendee_id: object) -> Attendee:
    person = person_in(asker.event, attendee_id)
    if person.id == asker.id:
        raise Invalid(_("That is you: ask someone else."), code="cannot_ask_yourself", field="to")
    if not findable(asker, person):
        raise NotFound(_("There is no such person in this event."), code="attendee_not_found")
    return person


def _check_throttle(asker: Attendee) -> None:
    limit = int(current_app.config.get("CONNECTION_REQUESTS_PER_HOUR", 10))
    since = utcnow() - timedelta(hours=1)
    count = db.session.scalar(
        select(func.count(Connection.id)).where(
            Connection.from_id == asker.id, Connection.created_at >= since
        )
    )
    if count >= limit:
        raise TooManyRequests(
            ngettext(
                "You asked %(num)d person to connect in the last hour. Please wait a while "
                "before asking more.",
                "You asked %(num)d people to connect in the last hour. Please wait a while "
                "before asking more.",
                limit,
            ),
            code="too_many_requests",
        )


def ask(
    asker: Attendee,
    to: object,
    *,
    kind: str | None = None,
    message: str | None = None,
    shares: list[str] | None = None,
) -> Connection:
    """Ask ``to`` (an attendee id) to connect. If they already asked you, this accepts."""
    kind, message = clean_kind(kind), clean_message(message)
    person = person_in(asker.event, to)
    if person.id != asker.id and blocks.is_blocked(asker.id, person.id):  # they know them
        raise Conflict(
            _("You blocked this person. Unblock them first to ask."), code="blocked_by_you"
        )
    person = askable_person(asker, to)
    chosen = clean_shares(shares, asker)
    for existing in standing(asker, person):
        if existing.status == "accepted":
            raise Conflict(_("You are already connected."), code="already_connected")
        if existing.from_id == asker.id:
            raise Conflict(
                _("You already asked. They see your request on their connections page."),
                code="already_asked",
            )
        return accept(existing, by=asker, shares=chosen)  # they asked first: say yes
    _check_throttle(asker)
    quiet = blocks.is_blocked(person.id, asker.id)  # stored, never delivered, never told
    connection = Connection(
        event_id=asker.event_id,
        from_id=asker.id,
        to_id=person.id,
        kind=kind,
        message=message,
        status="ignored" if quiet else "pending",
        from_shares=chosen,
        to_shares=[],
    )
    _insert_once(connection)
    if not quiet:
        mails.mail_request(connection, asker=asker, person=person)
    return connection


def _insert_once(connection: Connection) -> None:
    """Two taps at once on PostgreSQL: the second finds the unique index, says 409. Added
    inside the savepoint, so a refused row leaves the session with the savepoint."""
    try:
        with db.session.begin_nested():
            db.session.add(connection)
            db.session.flush()
    except IntegrityError as error:
        raise Conflict(
            _("You already asked. They see your request on their connections page."),
            code="already_asked",
        ) from error


def connection_of(event: Event, connection_id: int, viewer: Attendee) -> Connection:
    """A request or connection ``viewer`` is part of; anyone else is told it does not exist."""
    connection = db.session.get(Connection, connection_id) if 0 < connection_id <= MAX_ID else None
    if (
        connection is None
        or connection.event_id != event.id
        or viewer.id not in (connection.from_id, connection.to_id)
    ):
        raise NotFound(_("There is no such connection request."), code="connection_not_found")
    return connection


def accept(connection: Connection, *, by: Attendee, shares: list[str] | None = None) -> Connection:
    """The person asked says yes, choosing what they share with the asker."""
    if by.id != connection.to_id:
        raise Forbidden(_("Only the person asked can accept."), code="not_yours_to_accept")
    if connection.status == "accepted":
        return connection  # a double tap: already done
    if connection.status == "withdrawn":
        raise Conflict(_("This request was withdrawn."), code="request_withdrawn")
    connection.to_shares = clean_shares(shares, by)
    connection.status = "accepted"
    connection.accepted_at = utcnow()
    db.session.flush()
    mails.mail_accepted(connection)
    return connection


def change_shares(connection: Connection, *, by: Attendee, shares: list[str] | None) -> None:
    """Either side of a connection changes what it shows the other, from now on."""
    if connection.status != "accepted":
        raise Conflict(
            _("You can change what you share once you are connected."), code="not_connected"
        )
    if by.id == connection.from_id:
        connection.from_shares = clean_shares(shares, by)
    else:
        connection.to_shares = clean_shares(shares, by)
    db.session.flush()


def ignore(connection: Connection, *, by: Attendee) -> None:
    """The person asked lets it be. The asker is never told: to them it is still waiting."""
    if by.id != connection.to_id:
        raise Forbidden(_("Only the person asked can ignore a request."), code="not_yours")
    if connection.status == "accepted":
        raise Conflict(
            _("You are connected: withdraw the connection to end it."), code="already_connected"
        )
    if connection.status == "pending":
        connection.status = "ignored"
        db.session.flush()


def withdraw(connection: Connection, *, by: Attendee) -> None:
    """Either side ends it; the other's details are hidden again at once.

    For the person asked, a request still waiting is ignored instead (the asker is never
    told the difference)."""
    if by.id == connection.to_id and connection.status == "pending":
        ignore(connection, by=by)
        return
    if connection.status == "withdrawn":
        return
    if by.id == connection.to_id and connection.status == "ignored":
        return
    connection.status = "withdrawn"
    connection.ended_at = utcnow()
    db.session.flush()
