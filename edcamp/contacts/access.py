"""Who may download which contacts: the one place for that rule.

An event's organizers download every export of its consenting people, for the whole event
or for one of its sessions. An attendee downloads only follow lists (no emails, no address
book) of the consenting people of the sessions they were part of, never themselves. Nobody
who did not consent is in any download (``people.contacts_for`` sees to that).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from edcamp.contacts import people
from edcamp.contacts.exports import EXPORTS, Contact
from edcamp.contacts.followup import my_session_ids
from edcamp.errors import Forbidden, NotFound
from edcamp.models import Attendee, Event, Organizer
from edcamp.proposals.service import get_proposal

# Follow lists only: an attendee never takes home an address book of other people.
ATTENDEE_EXPORTS = ("mastodon.csv", "blogs.opml", "bluesky.txt", "bluesky-handles.txt")


@dataclass(frozen=True)
class Download:
    """One export, ready to build: its format, the people in it, its title and file name."""

    name: str
    contacts: list[Contact]
    title: str
    filename: str


def organizer_download(
    event: Event, name: str, proposal_id: int | None = None, *, by: Organizer
) -> Download:
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may download this."))
    if name not in EXPORTS:
        raise NotFound(_("Exports: %(names)s.", names=", ".join(EXPORTS)), code="unknown_export")
    if proposal_id is None:
        return Download(name, people.contacts_for(event), event.name, f"{event.slug}-{name}")
    get_proposal(event, proposal_id, include_hidden=True)
    return Download(
        name,
        people.contacts_for(event, proposal_ids={proposal_id}),
        event.name,
        f"{event.slug}-session-{proposal_id}-{name}",
    )


def attendee_download(attendee: Attendee, name: str, proposal_id: int | None = None) -> Download:
    if name not in ATTENDEE_EXPORTS:
        raise NotFound(_("Attendees can download: %(names)s.", names=", ".join(ATTENDEE_EXPORTS)))
    mine = my_session_ids(attendee)
    if proposal_id is not None:
        if proposal_id not in mine:
            raise Forbidden(
                _("You can only download the people of sessions you were part of."),
                code="not_your_session",
            )
        mine = {proposal_id}
    event = attendee.event
    contacts = people.contacts_for(event, proposal_ids=mine, exclude_id=attendee.id) if mine else []
    suffix = f"-session-{proposal_id}" if proposal_id else "-my-sessions"
    return Download(name, contacts, event.name, f"{event.slug}{suffix}-{name}")
