"""The follow-up mail: after the day, each attendee with a confirmed address who did not opt
out gets their sessions with notes links, people to connect with, the resource wall, their
learning-record link and a sign-in link back.

Sending twice mails nobody twice: each mail is queued in the same transaction as a
``follow_up_sent`` row whose primary key is (event, attendee). A second send skips whoever
has one; two sends at the same moment collide on that key and the later one starts over,
seeing what the first one queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from edcamp.attendees.comeback import follow_up_link, mail_attendee
from edcamp.connections import lists as connection_lists
from edcamp.contacts import followup
from edcamp.contacts.people import live_attendees, published_entries, snapshot
from edcamp.contacts.resources import WallItem, wall
from edcamp.errors import Conflict, Forbidden
from edcamp.extensions import db
from edcamp.formatting import clock, day_date
from edcamp.i18n import in_language, language_of
from edcamp.learning import record
from edcamp.mail import link
from edcamp.mail.outbox import opted_out
from edcamp.models import Attendee, Event, FollowUpSent, Organizer

KIND = "follow_up"
WALL_LINES = 5  # the newest links in the mail; the page has them all
PEOPLE_LINES = 5


def list_id(event: Event) -> str:
    """The event's mailing list: one unsubscribe link stops the follow-up mail."""
    return f"event:{event.id}"


@dataclass(frozen=True)
class Audience:
    """Who the follow-up reaches, in numbers (no names: an organizer reads this)."""

    attendees: int
    to_send: int
    already_sent: int
    opted_out: int
    unconfirmed: int
    no_email: int


@dataclass(frozen=True)
class MailSession:
    when: str
    title: str
    room: str
    notes_url: str
    page_url: str


@dataclass(frozen=True)
class MailPerson:
    name: str
    reason: str
    contact: tuple[str, ...]


def _sent_ids(event: Event) -> set[int]:
    return set(
        db.session.scalars(
            select(FollowUpSent.attendee_id).where(FollowUpSent.event_id == event.id)
        )
    )


def audience(event: Event) -> Audience:
    sent = _sent_ids(event)
    counts = dict.fromkeys(("to_send", "already_sent", "opted_out", "unconfirmed", "no_email"), 0)
    people = live_attendees(event)
    for attendee in people:
        counts[_standing(attendee, sent)] += 1
    return Audience(attendees=len(people), **counts)


def _standing(attendee: Attendee, sent: set[int]) -> str:
    if attendee.id in sent:
        return "already_sent"
    if not attendee.email:
        return "no_email"
    if attendee.email_confirmed_at is None:
        return "unconfirmed"
    if opted_out(attendee.email, list_id(attendee.event)):
        return "opted_out"
    return "to_send"


def check_can_send(event: Event, *, by: Organizer, now: datetime | None = None) -> None:
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may send its follow-up mail."))
    if not published_entries(event):
        raise Conflict(
            _("Publish the schedule first: the follow-up lists each person's sessions."),
            code="not_published",
        )
    today = (now or datetime.now(ZoneInfo(event.timezone))).astimezone(ZoneInfo(event.timezone))
    if today.date() < event.date:
        raise Conflict(
            _(
                "The follow-up goes out after the day: it can be sent from %(date)s.",
                date=day_date(event.date),
            ),
            code="too_early",
        )


def send_follow_up(event: Event, *, by: Organizer, now: datetime | None = None) -> int:
    """Queue the follow-up for everyone who should get it and has not; how many queued.
    The caller commits."""
    check_can_send(event, by=by, now=now)
    try:
        with snapshot():
            return _queue_all(event)
    except IntegrityError:
        # Another send queued some of them first: start over after its commit.
        db.session.rollback()
        with snapshot():
            return _queue_all(event)


def _queue_all(event: Event) -> int:
    sent = _sent_ids(event)
    wall_items = wall(event)[:WALL_LINES]
    queued = 0
    for attendee in live_attendees(event):
        if _standing(attendee, sent) != "to_send":
            continue
        subject, text = compose(attendee, wall_items)
        mail = mail_attendee(
            attendee, subject, text, kind=KIND, list_id=list_id(event), personal=True
        )
        if mail is None:
            continue
        db.session.flush()
        db.session.add(FollowUpSent(event_id=event.id, attendee_id=attendee.id, mail_id=mail.id))
        db.session.flush()
        queued += 1
    return queued


def compose(attendee: Attendee, wall_items: list[WallItem] | None = None) -> tuple[str, str]:
    """(subject, plain text) of one attendee's follow-up, in their language (theirs, else the
    event's). Creates their sign-in link."""
    event = attendee.event
    with in_language(language_of(attendee, event)):
        sessions = [
            MailSession(
                when=f"{clock(s.starts_at)}\u2013{clock(s.ends_at)}",
                title=s.title,
                room=s.room,
                notes_url=s.notes_url,
                page_url=link("publishing.session", slug=event.slug, session_id=s.id),
            )
            for s in followup.my_sessions(attendee)
        ]
        found = followup.suggestions_for(attendee, limit=PEOPLE_LINES)
        people = [
            MailPerson(
                s.card.name,
                s.reason,
                tuple(f"{p.label}: {p.text}" for p in s.card.links) + _email(s.card.email),
            )
            for s in found.people
        ]
        token = record.record_token(attendee, current_app.secret_key)
        return subject_of(event), follow_up_text(
            event,
            name=attendee.name or "",
            sessions=sessions,
            people=people,
            connected=_connected(attendee),
            asked=len(connection_lists.incoming(attendee)),
            wall_items=wall(event)[:WALL_LINES] if wall_items is None else wall_items,
            record_url=link("learning_record.verify_record", slug=event.slug, token=token),
            sign_in_url=follow_up_link(attendee),
        )


def _email(address: str | None) -> tuple[str, ...]:
    return (_("Email: %(email)s", email=address),) if address else ()


def _connected(attendee: Attendee) -> list[MailPerson]:
    """Accepted connections, with exactly what each chose to share with this person."""
    found = []
    for c in connection_lists.connections(attendee):
        details = tuple(f"{link.label}: {link.text}" for link in c.person.links)
        found.append(MailPerson(c.person.name, c.kind_label, details + _email(c.person.email)))
    return found


def subject_of(event: Event) -> str:
    return _("After %(event)s: your sessions, people and resources", event=event.name)


def follow_up_text(
    event: Event,
    *,
    name: str,
    sessions: list[MailSession],
    people: list[MailPerson],
    wall_items: list[WallItem],
    record_url: str,
    sign_in_url: str,
    connected: list[MailPerson] | tuple[MailPerson, ...] = (),
    asked: int = 0,
) -> str:
    """The mail's text: a pure function of what it shows (the preview uses it too), in the
    current language (the caller picks it)."""
    parts = [
        _("Hello %(name)s,", name=name),
        _("thank you for coming to %(event)s. Here is your day, to keep.", event=event.name),
        _sessions_part(sessions),
        _people_part(people),
    ]
    if connected or asked:
        parts.append(_connections_part(event, connected, asked))
    lines = [_("The resource wall")]
    lines.extend(f"- {item.note or item.url}: {item.url}" for item in wall_items)
    lines.append(_("All links: %(url)s", url=link("contacts_wall.resource_wall", slug=event.slug)))
    parts.append("\n".join(lines))
    parts.append(
        _(
            "Your learning record (hours and sessions, to print or show):\n%(url)s",
            url=record_url,
        )
    )
    parts.append(
        _(
            "Back to your page of the event, on any device (this link works once, for 14 "
            "days):\n%(sign_in_url)s\nLater, ask for a new link here: %(new_link_url)s",
            sign_in_url=sign_in_url,
            new_link_url=link("comeback.send_link", slug=event.slug),
        )
    )
    return "\n\n".join(parts)


def _sessions_part(sessions: list[MailSession]) -> str:
    lines = [_("Your sessions")]
    for s in sessions:
        lines.append(f"- {s.when} {s.title} ({s.room})")
        if s.notes_url:
            lines.append("  " + _("Notes: %(url)s", url=s.notes_url))
        lines.append("  " + _("Session page, to say if it was useful: %(url)s", url=s.page_url))
    if not sessions:
        lines.append("- " + _("None on your record: check-ins and the sessions you led show here."))
    return "\n".join(lines)


def _people_part(people: list[MailPerson]) -> str:
    lines = [_("People to connect with")]
    for p in people:
        lines.append(f"- {p.name}: {p.reason}")
        lines.extend(f"  {c}" for c in p.contact)
    if not people:
        lines.append(
            "- " + _("Nobody yet: the connect page suggests people once they choose to be listed.")
        )
    return "\n".join(lines)


def _connections_part(event: Event, connected, asked: int) -> str:
    lines = [_("Your connections")]
    for p in connected:
        lines.append(f"- {p.name} ({p.reason})")
        lines.extend(f"  {c}" for c in p.contact)
    if asked:
        lines.append(
            ngettext(
                "%(num)d person asks to connect with you: %(url)s",
                "%(num)d people ask to connect with you: %(url)s",
                asked,
                url=link("connections.my_connections", slug=event.slug),
            )
        )
    return "\n".join(lines)


def preview(event: Event) -> tuple[str, str]:
    """(subject, text) as a made-up attendee would get it: the organizer reads the shape of
    the mail, with the event's real sessions and wall, and nobody's personal data or links;
    in the event's language, which attendees who chose none get."""
    with in_language(event.language):
        return _preview(event)


def _preview(event: Event) -> tuple[str, str]:
    entries = sorted(published_entries(event), key=lambda e: (e.slot.starts_at, e.proposal.title))
    sessions = [
        MailSession(
            when=f"{clock(e.slot.starts_at)}\u2013{clock(e.slot.ends_at)}",
            title=e.proposal.title,
            room=e.room.name,
            notes_url=followup.session_notes_url(event, e),
            page_url=link("publishing.session", slug=event.slug, session_id=e.proposal_id),
        )
        for e in entries[:2]
    ]
    people = [
        MailPerson(
            _("(a colleague who chose to be listed)"),
            _("you were in the same session"),
            (_("(the handles they chose to share)"),),
        )
    ]
    return subject_of(event), follow_up_text(
        event,
        name=_("(their name)"),
        sessions=sessions,
        people=people,
        wall_items=wall(event)[:WALL_LINES],
        record_url=_("(their own learning-record link)"),
        sign_in_url=_("(their own sign-in link)"),
    )
