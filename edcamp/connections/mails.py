"""The mails of connections: to the person asked, and to the asker once accepted.

Through ``mail_attendee`` only (a confirmed address, never shown to organizers), on the
event's list (one unsubscribe stops them), marked personal: a private message between two
attendees is never shown in the organizers' outbox, and subjects name nobody. Each is
written in its reader's language (``language_of``).
"""

from __future__ import annotations

from flask_babel import gettext as _

from edcamp.attendees.comeback import mail_attendee
from edcamp.extensions import db
from edcamp.i18n import in_language, language_of
from edcamp.mail import link
from edcamp.models import Attendee, Connection


def _footer(slug: str) -> str:
    return "\n\n".join(
        (
            _(
                "Open your connections page:\n%(url)s",
                url=link("connections.my_connections", slug=slug),
            ),
            _(
                "It opens on the phone you joined with. On another device, ask for a sign-in "
                "link here: %(url)s",
                url=link("comeback.send_link", slug=slug),
            ),
        )
    )


def _would_like(connection: Connection, asker: Attendee, event_name: str) -> str:
    """One whole sentence per kind, for translators."""
    if connection.kind == "collaborate":
        return _(
            "%(asker)s, a fellow attendee of %(event)s, would like to collaborate on a "
            "project with you.",
            asker=asker.display_name,
            event=event_name,
        )
    return _(
        "%(asker)s, a fellow attendee of %(event)s, would like to stay in touch with you.",
        asker=asker.display_name,
        event=event_name,
    )


def mail_request(connection: Connection, *, asker: Attendee, person: Attendee) -> None:
    event = person.event
    with in_language(language_of(person, event)):
        # The outbox shows organizers each subject: it names nobody.
        subject = _("A request to connect, from %(event)s", event=event.name)
        paragraphs = [
            _("Hello %(name)s,", name=person.display_name),
            _would_like(connection, asker, event.name),
        ]
        if connection.message:
            paragraphs[-1] += "\n\n" + _(
                'Their message:\n"%(message)s"', message=connection.message
            )
        paragraphs += [
            _(
                "Accept to exchange the contact details each of you chooses, or ignore the "
                "request: they are not told which. Nothing of yours is shown to them unless "
                "you accept."
            ),
            _footer(event.slug),
        ]
        text = "\n\n".join(paragraphs)
    mail_attendee(
        person,
        subject,
        text,
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
    with in_language(language_of(asker, event)):
        subject = _("Your request to connect was accepted (%(event)s)", event=event.name)
        text = "\n\n".join(
            (
                _("Hello %(name)s,", name=asker.display_name),
                _(
                    "%(name)s accepted your request at %(event)s. You can now see the contact "
                    "details they chose to share with you.",
                    name=person.display_name,
                    event=event.name,
                ),
                _footer(event.slug),
            )
        )
    mail_attendee(
        asker,
        subject,
        text,
        kind="connection_accepted",
        personal=True,
        list_id=f"event:{event.id}",
    )
