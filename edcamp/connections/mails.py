"""The mails of connections: to the person asked, and to the asker once accepted.

Through ``mail_attendee`` only (a confirmed address, never shown to organizers), on the
event's list (one unsubscribe stops them), marked personal: a private message between two
attendees is never shown in the organizers' outbox, and subjects name nobody.
"""

from __future__ import annotations

from edcamp.attendees.comeback import mail_attendee
from edcamp.extensions import db
from edcamp.mail import link
from edcamp.models import Attendee, Connection


def _kind_text(kind: str) -> str:
    return "collaborate on a project" if kind == "collaborate" else "stay in touch"


def _footer(slug: str) -> str:
    return (
        f"Open your connections page:\n{link('connections.my_connections', slug=slug)}\n\n"
        "It opens on the phone you joined with. On another device, ask for a sign-in link "
        f"here: {link('comeback.send_link', slug=slug)}"
    )


def mail_request(connection: Connection, *, asker: Attendee, person: Attendee) -> None:
    event = person.event
    said = f'\n\nTheir message:\n"{connection.message}"' if connection.message else ""
    mail_attendee(
        person,
        # The outbox shows organizers each subject: it names nobody.
        f"A request to connect, from {event.name}",
        f"Hello {person.display_name},\n\n"
        f"{asker.display_name}, a fellow attendee of {event.name}, would like to "
        f"{_kind_text(connection.kind)} with you.{said}\n\n"
        "Accept to exchange the contact details each of you chooses, or ignore the request: "
        "they are not told which. Nothing of yours is shown to them unless you accept.\n\n"
        + _footer(event.slug),
        kind="connection_request",
        personal=True,
        list_id=f"event:{event.id}",
    )


def mail_accepted(connection: Connection) -> None:
    asker = db.session.get(Attendee, connection.from_id)
    person = db.session.get(Attendee, connection.to_id)
    if asker is None or person is None:
        return
    event = asker.event
    mail_attendee(
        asker,
        f"Your request to connect was accepted ({event.name})",
        f"Hello {asker.display_name},\n\n"
        f"{person.display_name} accepted your request at {event.name}. You can now see "
        "the contact details they chose to share with you.\n\n" + _footer(event.slug),
        kind="connection_accepted",
        personal=True,
        list_id=f"event:{event.id}",
    )
